"""The workforce job per pool of days (#12) and the days forfeited at a carry-over cap (#13).

The reference is the ledger: the same rows replayed into a :class:`QuotaLedger` (its fold
counts each entry in the pool its kind consumes) give the same figures, pool by pool.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Absence,
    AbsenceRow,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    BalanceRow,
    Booking,
    BookingRow,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    EmployeeContract,
    EmployeeRecords,
    HalfDay,
    Pool,
    Problem,
    Quota,
    QuotaLedger,
    Rounding,
    RunSummary,
    workforce_balances,
    year_range,
)
from teleaccord.cli import main
from teleaccord.io.csv import read_workforce, write_bookings, write_contracts
from teleaccord.workforce import BOOKED, CANCELLED, ledger_booking_rows

CALENDAR = Calendar()
Y2024, Y2025 = year_range(2024), year_range(2025)
AT = datetime(2023, 12, 1, 9, tzinfo=timezone.utc)

POOLED = Agreement(
    name="20 regular days, 11 flexible, satellite office at most once a week",
    quotas=[Quota(window="period", maximum=20)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    carry_over=CarryOver(mode="capped", cap=3),
    pools=[
        Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=11)]),
        Pool(name="site", kinds=["satellite"], quotas=[Quota(window="week", maximum=1)]),
    ],
)
PLAIN = Agreement(
    name="20 days, 3 carried",
    quotas=[Quota(window="period", maximum=20)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    carry_over=CarryOver(mode="capped", cap=3),
)


def row(
    day: date,
    kind: str = "",
    half: HalfDay | None = None,
    status: str = BOOKED,
    ident: str | None = None,
    line: int = 2,
) -> BookingRow:
    return BookingRow("E1", day, half, status, ident, None, line, kind)


def person(bookings: list[BookingRow], hired: date = date(2020, 1, 6)) -> EmployeeRecords:
    contract = Contract.from_amendments(employee="E1", hired=hired)
    return EmployeeRecords(
        employee="E1", contract=EmployeeContract(contract=contract), bookings=bookings
    )


def run(
    records: list[EmployeeRecords],
    agreement: Agreement = POOLED,
    periods: tuple[object, ...] = (Y2025,),
    as_of: date | None = None,
) -> tuple[list[BalanceRow], list[Problem], RunSummary]:
    found: list[Problem] = []
    summary = RunSummary()
    rows = list(
        workforce_balances(
            records,
            agreement,
            CALENDAR,
            periods=periods,  # type: ignore[arg-type]
            as_of=as_of,
            on_problem=found.append,
            summary=summary,
        )
    )
    return rows, found, summary


def table(rows: list[BalanceRow]) -> list[tuple[object, ...]]:
    return [(r.pool, r.entitlement, r.booked, r.cancelled, r.remaining, r.forfeited) for r in rows]


# -- hand-written figures ----------------------------------------------------------------------


def test_each_day_counts_in_the_pool_of_its_kind_and_imposed_days_apart() -> None:
    bookings = [
        row(date(2025, 3, 4), ident="B1"),  # blank: regular, the default pool
        row(date(2025, 3, 5), "occasional", ident="B2"),
        row(date(2025, 3, 6), "Occasional", HalfDay.MORNING, ident="B3"),
        row(date(2025, 3, 7), "imposed", ident="B4"),
        row(date(2025, 3, 10), "medical", ident="B5"),
        row(date(2025, 3, 11), "satellite", ident="B6"),
        row(date(2025, 3, 5), "", status=CANCELLED, ident="B2"),  # the booking's pool
    ]
    rows, found, _ = run([person(bookings)])
    assert not found
    # default: 20 - 1 = 19, 3 carried and 16 forfeited; flexible: 11 - 1.5 + 1 = 10.5, 3
    # carried and 7.5 forfeited; site: no envelope, -1; imposed and medical: days only.
    assert table(rows) == [
        ("default", 20, 1, 0, 19, 16),
        ("flexible", 11, Fraction(3, 2), 1, Fraction(21, 2), Fraction(15, 2)),
        ("site", 0, 1, 0, -1, 0),
        ("imposed", 0, 1, 0, 0, 0),
        ("medical", 0, 1, 0, 0, 0),
    ]
    assert [r.voluntary for r in rows] == [True, True, True, False, False]


def test_imposed_days_never_change_a_voluntary_balance() -> None:
    lockdown = [date(2025, 3, 17) + timedelta(days=n) for n in range(5)]
    with_lockdown = [row(d, "imposed", ident=f"L{n}") for n, d in enumerate(lockdown)]
    plain = [row(date(2025, 6, 3), ident="B1")]
    rows, _, _ = run([person(plain + with_lockdown)], agreement=PLAIN)
    (alone,), _, _ = run([person(plain)], agreement=PLAIN)
    assert rows[0] == alone
    assert [(r.pool, r.taken) for r in rows] == [("default", 1), ("imposed", 5)]


def test_with_no_pool_and_no_kind_the_rows_are_one_per_period() -> None:
    rows, _, _ = run(
        [person([row(date(2025, 3, 4)), row(date(2025, 3, 5), "occasional")])], agreement=PLAIN
    )
    assert table(rows) == [("default", 20, 2, 0, 18, 15)]


def test_an_unknown_kind_is_a_located_problem_and_the_row_is_skipped() -> None:
    bookings = [row(date(2025, 3, 4), line=2), row(date(2025, 3, 5), "strike", line=3)]
    rows, found, summary = run([person(bookings)], agreement=PLAIN)
    assert [(p.path, p.code) for p in found] == [("bookings:3:kind", "unknown_telework_kind")]
    assert "strike" in found[0].message
    assert summary.files["bookings"].skipped == 1
    assert table(rows) == [("default", 20, 1, 0, 19, 16)]


def test_forfeited_days_count_once_the_period_is_over() -> None:
    bookings = [row(date(2024, 3, 4))]
    rows, _, _ = run([person(bookings)], agreement=PLAIN, periods=(Y2024,))
    assert (rows[0].remaining, rows[0].forfeited) == (19, 16)  # 3 carried, 16 lost
    (during,), _, _ = run(
        [person(bookings)], agreement=PLAIN, periods=(Y2024,), as_of=date(2024, 6, 30)
    )
    assert (during.remaining, during.forfeited) == (19, 0)
    (after,), _, _ = run([person(bookings)], agreement=PLAIN, periods=(Y2025,))
    assert (after.carried, after.remaining) == (3, 23)


def test_a_pool_without_bookings_still_has_its_row() -> None:
    rows, _, _ = run([person([])])
    assert table(rows) == [
        ("default", 20, 0, 0, 20, 17),
        ("flexible", 11, 0, 0, 11, 8),
        ("site", 0, 0, 0, 0, 0),
    ]


# -- files, engines and the command line --------------------------------------------------------


BOOKINGS_CSV = (
    "employee,date,half,status,id,kind\n"
    "E1,2025-03-04,,booked,B1,\n"
    "E1,2025-03-05,,booked,B2,occasional\n"
    "E1,2025-03-07,,booked,B3,imposed\n"
    "E1,2025-03-05,,cancelled,B2,\n"
    "E2,2025-03-04,,booked,C1,regular\n"
    "E2,2025-03-06,,booked,C2,\n"
)
CONTRACTS_CSV = "employee,hired\nE1,2020-01-06\nE2,2020-01-06\n"


@pytest.mark.parametrize("engine", ["python", "fast"])
def test_the_kind_column_is_read_by_every_engine(engine: str, tmp_path: Path) -> None:
    if engine == "fast":
        pytest.importorskip("pyarrow", reason="the fast engine needs the fast extra")
    contracts, bookings = tmp_path / "contracts.csv", tmp_path / "bookings.csv"
    contracts.write_text(CONTRACTS_CSV, encoding="utf-8")
    bookings.write_text(BOOKINGS_CSV, encoding="utf-8")
    records = read_workforce(contracts, bookings, engine=engine)
    rows, found, _ = run(list(records))
    assert not found
    assert [(r.employee, *t) for r, t in zip(rows, table(rows), strict=True)] == [
        ("E1", "default", 20, 1, 0, 19, 16),
        ("E1", "flexible", 11, 1, 1, 11, 8),
        ("E1", "site", 0, 0, 0, 0, 0),
        ("E1", "imposed", 0, 1, 0, 0, 0),
        ("E2", "default", 20, 2, 0, 18, 15),
        ("E2", "flexible", 11, 0, 0, 11, 8),
        ("E2", "site", 0, 0, 0, 0, 0),
    ]


def test_a_ledger_exported_with_its_kinds_gives_back_its_pool_balances() -> None:
    ledger = QuotaLedger(
        agreement=POOLED,
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 6)),
        calendar=CALENDAR,
    )
    ledger.grant(Y2025, at=AT, by="hr")
    for n, (day, kind) in enumerate(
        [
            (date(2025, 4, 1), "regular"),
            (date(2025, 4, 2), "occasional"),
            (date(2025, 4, 3), "imposed"),
        ]
    ):
        ledger.replay(
            Booking(entry_id=f"B{n}", day=day, telework_kind=kind, recorded_at=AT, by="hr")
        )
    ledger.cancel("B1", at=AT, by="hr")
    contracts, bookings = io.StringIO(), io.StringIO()
    write_contracts([ledger.contract], contracts)
    write_bookings(ledger_booking_rows(ledger), bookings)
    assert bookings.getvalue().splitlines()[0].endswith(",kind")
    records = read_workforce(io.StringIO(contracts.getvalue()), io.StringIO(bookings.getvalue()))
    rows, found, _ = run(list(records))
    assert not found
    for found_row in rows:
        if found_row.voluntary:
            balance = ledger.balance(Y2025, pool=found_row.pool)
            assert (found_row.booked, found_row.cancelled, found_row.remaining) == (
                balance.booked,
                balance.cancelled,
                balance.remaining,
            )
    assert rows[-1].pool == "imposed"
    assert rows[-1].taken == ledger.taken_by_kind(Y2025)["imposed"]


def test_the_command_shows_pools_and_forfeited_days_in_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreement = tmp_path / "accord.toml"
    agreement.write_text(
        'name = "20 days and 11 flexible"\n'
        'quotas = [{ window = "period", maximum = 20 }]\n'
        '[carry_over]\nmode = "capped"\ncap = 3\n'
        '[[pools]]\nname = "flexible"\nkinds = ["occasional"]\n'
        'quotas = [{ window = "period", maximum = 11 }]\n',
        encoding="utf-8",
    )
    contracts, bookings = tmp_path / "contracts.csv", tmp_path / "bookings.csv"
    contracts.write_text(CONTRACTS_CSV, encoding="utf-8")
    bookings.write_text(BOOKINGS_CSV, encoding="utf-8")
    args = ["balances", "--agreement", str(agreement), "--contracts", str(contracts)]
    args += ["--bookings", str(bookings), "--year", "2025"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == [
        "employee", "period", "pool", "exact", "granted", "carried", "adjusted", "booked",
        "cancelled", "expired", "remaining", "forfeited",
    ]  # fmt: skip
    assert out[1].split() == ["E1", "2025", "default", "20.00", "20.00", "0.00", "0.00", "1.00",
                              "0.00", "0.00", "19.00", "16.00"]  # fmt: skip
    assert out[3].split()[:3] == ["E1", "2025", "imposed"]
    assert main([*args, "--format", "json"]) == 0
    assert '"forfeited": "16", "pool": "default"' in capsys.readouterr().out


def test_the_table_leaves_out_forfeited_days_that_are_all_the_remaining_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contracts, bookings = tmp_path / "contracts.csv", tmp_path / "bookings.csv"
    contracts.write_text(CONTRACTS_CSV, encoding="utf-8")
    bookings.write_text("employee,date\nE1,2025-03-04\n", encoding="utf-8")
    args = ["balances", "--agreement", "assistance-100-days", "--contracts", str(contracts)]
    assert main([*args, "--bookings", str(bookings), "--year", "2025"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    assert "forfeited" not in header
    assert "pool" not in header


# -- the ledger is the reference, pool by pool ---------------------------------------------------

KINDS = ["", "occasional", "satellite", "imposed", "medical"]
WORKED = [
    date(2024, 1, 1) + timedelta(days=n)
    for n in range(731)
    if (date(2024, 1, 1) + timedelta(days=n)).weekday() < 5
    and CALENDAR.holiday(date(2024, 1, 1) + timedelta(days=n)) is None
]


@st.composite
def pooled_histories(draw: st.DrawFn, agreement: Agreement) -> list[BookingRow]:
    kinds = [k for k in KINDS if (k or "regular") in agreement.telework_kinds]
    days = draw(st.lists(st.sampled_from(WORKED), unique=True, max_size=14))
    rows = []
    for n, day in enumerate(sorted(days)):
        half = draw(st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON]))
        kind = draw(st.sampled_from(kinds))
        rows.append(row(day, kind, half, ident=f"B{n}", line=len(rows) + 2))
        if draw(st.integers(0, 3)) == 0:
            # The cancellation's own kind is blank or repeats the booking's.
            again = draw(st.sampled_from(["", kind]))
            rows.append(row(day, again, half, CANCELLED, f"B{n}", len(rows) + 2))
    return rows


def replayed(bookings: list[BookingRow], agreement: Agreement) -> QuotaLedger:
    """The rows replayed into a ledger (no booking rule: the figures, not the checks)."""
    ledger = QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 6)),
        calendar=CALENDAR,
    )
    for period in (Y2024, Y2025):
        ledger.grant(period, at=AT, by="hr")
    for r in bookings:
        if r.status == BOOKED:
            ledger.replay(
                Booking(
                    entry_id=r.booking_id or "",
                    day=r.day,
                    half=r.half,
                    telework_kind=r.kind or "regular",
                    recorded_at=AT,
                    by="hr",
                )
            )
        else:
            ledger.cancel(r.booking_id or "", at=AT, by="hr")
    return ledger


@given(st.data(), st.none() | st.dates(date(2024, 6, 1), date(2025, 12, 31)))
def test_every_pool_balance_is_the_ledgers_replaying_the_same_rows(
    data: st.DataObject, as_of: date | None
) -> None:
    agreement = data.draw(st.sampled_from([POOLED, PLAIN]), label="agreement")
    bookings = data.draw(pooled_histories(agreement), label="bookings")
    rows, found, _ = run(
        [person(bookings)], agreement=agreement, periods=(Y2024, Y2025), as_of=as_of
    )
    assert not found
    ledger = replayed(bookings, agreement)
    voluntary = [r for r in rows if r.voluntary]
    # One row per period and voluntary pool, the default pool first.
    assert [(r.period, r.pool) for r in voluntary] == [
        (p, name) for p in (Y2024, Y2025) for name in agreement.pool_names
    ]
    for found_row in voluntary:
        balance = ledger.balance(found_row.period, as_of=as_of, pool=found_row.pool)
        assert (
            found_row.entitlement,
            found_row.carried,
            found_row.booked,
            found_row.cancelled,
            found_row.expired,
            found_row.remaining,
            found_row.forfeited,
        ) == (
            balance.granted,
            balance.carried,
            balance.booked,
            balance.cancelled,
            balance.expired,
            balance.remaining,
            balance.forfeited,
        ), (found_row.period, found_row.pool)
    # Imposed and medical days: a row where the period holds any, with the days the ledger
    # holds active.
    for period in (Y2024, Y2025):
        for kind in ("imposed", "medical"):
            counted = [
                b
                for b in ledger.entries
                if isinstance(b, Booking)
                and b.telework_kind == kind
                and b.day in period
                and (as_of is None or b.day <= as_of)
            ]
            active = {b.entry_id for b in ledger.active_bookings(period)}
            kept = [r for r in rows if r.period == period and r.pool == kind]
            if not counted:
                assert not kept
                continue
            (kind_row,) = kept
            assert kind_row.taken == sum(b.amount for b in counted if b.entry_id in active)
            assert kind_row.remaining == 0


def test_the_columnar_reader_hands_an_employee_with_another_kind_to_the_row_reader() -> None:
    columnar = pytest.importorskip("teleaccord.io.columnar")
    pytest.importorskip("pyarrow", reason="the fast engine needs the fast extra")
    text = (
        "E1,2025-03-04,,booked,B1,\nE1,2025-03-05,,booked,B2,regular\n"
        "E2,2025-03-04,,booked,C1,imposed\n"
    )
    chunk = columnar.BookingChunk(2, 0, text.encode())
    index = {name: i for i, name in enumerate(["employee", "date", "half", "status", "id", "kind"])}
    first, second = columnar.typed_bookings(chunk, delimiter=",", width=6, index=index) or []
    assert first.columns is not None
    assert first.columns.kinds == ()  # blank and regular: the default kind
    assert second.columns is None
    assert second.rows == [["E2", "2025-03-04", "", "booked", "C1", "imposed"]]


def test_unsorted_files_join_the_kinds_of_an_employee_read_in_two_runs() -> None:
    bookings = io.StringIO(
        "employee,date,id,kind\nE1,2025-03-04,B1,imposed\nE2,2025-03-04,C1,\nE1,2025-03-05,B2,\n"
    )
    records = read_workforce(io.StringIO(CONTRACTS_CSV), bookings, unsorted="index")
    rows, found, _ = run(list(records), agreement=PLAIN)
    assert not found
    assert [(r.employee, r.pool, r.booked) for r in rows] == [
        ("E1", "default", 1),
        ("E1", "imposed", 1),
        ("E2", "default", 1),
    ]


def test_an_absence_cancels_an_imposed_day_in_its_own_row() -> None:
    absence = Absence(
        absence_id="A1", employee="E1", kind="sickness", days=DateRange.single(date(2025, 3, 7))
    )
    records = attrs.evolve(
        person([row(date(2025, 3, 6), ident="B1"), row(date(2025, 3, 7), "imposed", ident="B2")]),
        absences=[AbsenceRow("E1", absence, 2)],
    )
    rows, found, _ = run([records], agreement=PLAIN)
    assert not found
    assert [(r.pool, r.booked, r.cancelled, r.taken) for r in rows] == [
        ("default", 1, 0, 1),
        ("imposed", 1, 1, 0),
    ]


def test_kinds_survive_a_store_import_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contracts, bookings = tmp_path / "contracts.csv", tmp_path / "bookings.csv"
    contracts.write_text(CONTRACTS_CSV, encoding="utf-8")
    bookings.write_text(
        "employee,date,status,id,kind\n"
        "E1,2025-03-04,booked,B1,imposed\n"
        "E1,2025-03-05,booked,B2,\n"
        "E1,2025-03-04,cancelled,B1,\n"
        "E2,2025-03-06,booked,C1,strike\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "ledgers.db")
    code = main(
        ["import", "--store", store, "--agreement", "assistance-100-days", "--contracts",
         str(contracts), "--bookings", str(bookings), "--at=2025-01-01T09:00:00+01:00"]
    )  # fmt: skip
    assert code == 1  # the unknown kind, reported and skipped
    assert "bookings.csv:5:kind" in capsys.readouterr().err
    out = tmp_path / "exported.csv"
    assert main(["export", "--store", store, "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[3:5] + line.split(",")[-1:] for line in lines[1:]] == [
        ["booked", "B1", "imposed"],
        ["booked", "B2", ""],
        ["cancelled", "B1", "imposed"],
    ]


def test_under_an_agreement_history_a_day_counts_in_the_pool_of_the_version_in_force() -> None:
    before = PLAIN
    after = attrs.evolve(
        PLAIN,
        name="from July: 11 flexible days",
        pools=[
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=11)])
        ],
    )
    history = AgreementHistory(
        name="amended in July",
        versions=[
            AgreementVersion(agreement=before, start=date(2020, 1, 1)),
            AgreementVersion(agreement=after, start=date(2025, 7, 1)),
        ],
    )
    bookings = [
        row(date(2025, 3, 4), "occasional", ident="B1"),  # before July: the default pool
        row(date(2025, 9, 4), "occasional", ident="B2"),  # from July: the flexible pool
        row(date(2025, 9, 5), ident="B3"),
        row(date(2025, 9, 8), "imposed", ident="B4"),
    ]
    rows, found, _ = run([person(bookings)], agreement=history)  # type: ignore[arg-type]
    assert not found
    # The flexible pool exists from 1 July only: its 11 days are prorated over the 184 days
    # of the version that has it, 11 x 184/365 = 5.545..., rounded half-up to the half-day:
    # 5.5, as the ledger grants it. Its 4.5 remaining days keep 3 (the cap): 1.5 forfeited.
    assert table(rows) == [
        ("default", 20, 2, 0, 18, 15),
        ("flexible", Fraction(11, 2), 1, 0, Fraction(9, 2), Fraction(3, 2)),
        ("imposed", 0, 1, 0, 0, 0),
    ]
    # The ledger replaying the same rows (granted 2024 then 2025) agrees pool by pool.
    ledger = replayed(bookings, history)  # type: ignore[arg-type]
    both, found, _ = run([person(bookings)], agreement=history, periods=(Y2024, Y2025))  # type: ignore[arg-type]
    assert not found
    for found_row in [r for r in both if r.period == Y2025 and r.voluntary]:
        balance = ledger.balance(Y2025, pool=found_row.pool)
        assert (found_row.entitlement, found_row.remaining, found_row.forfeited) == (
            balance.granted,
            balance.remaining,
            balance.forfeited,
        )
