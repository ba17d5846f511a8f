"""Individual terms in the workforce job (#13, point 2): ``workforce_balances(terms=...)`` and
``teleaccord balances --terms FILE``.

Hand-written figures first; then the reference is the ledger: a :class:`QuotaLedger` given the
same terms and replaying the same rows gives the same figures, period by period and pool by
pool (terms change the default pool only, as the ledger grants it).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    BalanceRow,
    Booking,
    BookingRow,
    Calendar,
    CarryOver,
    Contract,
    Eligibility,
    EmployeeContract,
    EmployeeRecords,
    HalfDay,
    IndividualTerms,
    InvalidValue,
    Pool,
    Quota,
    QuotaLedger,
    Rounding,
    RunSummary,
    employee_balances,
    workforce_balances,
    year_range,
)
from teleaccord.cli import main
from teleaccord.workforce import BOOKED, CANCELLED

CALENDAR = Calendar()
Y2024, Y2025 = year_range(2024), year_range(2025)
AT = datetime(2023, 12, 1, 9, tzinfo=timezone.utc)

ACCORD = Agreement(
    name="100 days, 2 a week",
    quotas=[Quota(window="period", maximum=100, prorate=True), Quota(window="week", maximum=2)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
)
CARRIED = Agreement(
    name="20 days, 3 carried",
    quotas=[Quota(window="period", maximum=20, prorate=True)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    carry_over=CarryOver(mode="capped", cap=3),
)
POOLED = Agreement(
    name="20 regular days, 11 flexible",
    quotas=[Quota(window="period", maximum=20, prorate=True)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    carry_over=CarryOver(mode="capped", cap=3),
    pools=[
        Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=11)]),
    ],
)


def person(
    employee: str,
    hired: date = date(2020, 1, 6),
    fraction: str | None = None,
    bookings: list[BookingRow] | None = None,
    category: str | None = None,
) -> EmployeeRecords:
    contract = Contract.from_amendments(
        employee=employee, hired=hired, fraction=fraction, category=category
    )
    return EmployeeRecords(
        employee=employee, contract=EmployeeContract(contract=contract), bookings=bookings or []
    )


def run(
    records: list[EmployeeRecords],
    terms: dict[str, IndividualTerms] | None,
    agreement: Agreement | AgreementHistory = ACCORD,
    periods: tuple[object, ...] = (Y2025,),
    as_of: date | None = None,
    agreements: dict[str, Agreement | AgreementHistory] | None = None,
) -> tuple[list[BalanceRow], RunSummary]:
    summary = RunSummary()
    rows = list(
        workforce_balances(
            records,
            agreement,
            CALENDAR,
            periods=periods,  # type: ignore[arg-type]
            as_of=as_of,
            summary=summary,
            stop_at_first_error=True,
            agreements=agreements,
            terms=terms,
        )
    )
    return rows, summary


def granted(rows: list[BalanceRow]) -> dict[str, tuple[Fraction, Fraction]]:
    return {r.employee: (r.entitlement_exact, r.entitlement) for r in rows}


# -- hand-written figures ----------------------------------------------------------------------


def test_a_personal_cap_lowers_and_a_medical_recommendation_raises_the_figure() -> None:
    terms = {
        "CAP": IndividualTerms(employee="CAP", personal_cap=60),
        "MED": IndividualTerms(employee="MED", medical_days=150, medical_source="doctor"),
        # The cap applies (60), then the medical recommendation raises it to 80.
        "BOTH": IndividualTerms(employee="BOTH", personal_cap=60, medical_days=80),
        # 80 % of 100 = 80 is under the cap: the cap does not bind.
        "PART": IndividualTerms(employee="PART", personal_cap=90),
    }
    records = [
        person("BOTH"),
        person("CAP"),
        person("MED"),
        person("NONE"),
        person("PART", fraction="80 %"),
    ]
    rows, summary = run(records, terms)
    assert granted(rows) == {
        "BOTH": (80, 80),
        "CAP": (60, 60),
        "MED": (150, 150),
        "NONE": (100, 100),
        "PART": (80, 80),
    }
    assert summary.individual_terms == 4
    assert "5 employees (4 with individual terms)" in summary.describe()


def test_terms_apply_to_the_prorated_figure_and_its_rounding() -> None:
    # Hired 1 July 2025: 100 × 184/365 = 3680/73 = 50.41, rounded by half-days to 50.5.
    # A personal cap of 40 binds: 40. A medical recommendation of 50.25 raises 40 to 50.25,
    # rounded to 50.5; a cap of 60 does not bind.
    hired = date(2025, 7, 1)
    records = [person(e, hired=hired) for e in ("A", "B", "C", "D")]
    terms = {
        "A": IndividualTerms(employee="A", personal_cap=40),
        "B": IndividualTerms(employee="B", personal_cap=40, medical_days="50.25"),
        "C": IndividualTerms(employee="C", personal_cap=60),
    }
    rows, _ = run(records, terms)
    assert granted(rows) == {
        "A": (40, 40),
        "B": (Fraction(201, 4), Fraction(101, 2)),
        "C": (Fraction(3680, 73), Fraction(101, 2)),
        "D": (Fraction(3680, 73), Fraction(101, 2)),
    }


@pytest.mark.parametrize("order", [("T", "U"), ("U", "T")])
def test_employees_of_one_shape_keep_their_own_figures(order: tuple[str, str]) -> None:
    # Two full-time employees of the same contract shape share one cached entitlement unless
    # one has terms: whichever comes first, each gets their own figure.
    terms = {"T": IndividualTerms(employee="T", personal_cap=30)}
    rows, _ = run([person(e) for e in order], terms)
    assert granted(rows) == {"T": (30, 30), "U": (100, 100)}
    again, _ = run([person(e) for e in order], None)
    assert granted(again) == {"T": (100, 100), "U": (100, 100)}


def test_an_ineligible_employee_stays_at_zero_whatever_the_medical_days() -> None:
    accord = Agreement(
        name="office staff only",
        quotas=[Quota(window="period", maximum=100, prorate=True)],
        eligibility=Eligibility(excluded_categories={"driver"}),
    )
    terms = {"D": IndividualTerms(employee="D", medical_days=50)}
    rows, _ = run([person("D", category="driver")], terms, agreement=accord)
    assert granted(rows) == {"D": (0, 0)}


def test_terms_change_the_default_pool_only_and_carry_over_follows() -> None:
    # 2024: a cap of 10 (collective 20), 4 days booked: 6 left, 3 carried into 2025.
    bookings = [
        BookingRow("P", date(2024, 3, d), None, BOOKED, f"B{d}", None, d) for d in (4, 5, 6, 7)
    ]
    terms = {"P": IndividualTerms(employee="P", personal_cap=10)}
    rows, _ = run([person("P", bookings=bookings)], terms, agreement=POOLED, periods=(Y2025,))
    assert [(r.pool, r.entitlement, r.carried, r.remaining) for r in rows] == [
        ("default", 10, 3, 13),
        ("flexible", 11, 3, 14),  # the pool keeps the collective 11 (and its own carry-over)
    ]


def test_terms_follow_the_employee_under_their_own_agreement_history() -> None:
    history = AgreementHistory(
        name="amended",
        versions=[
            AgreementVersion(agreement=ACCORD, start="2025-01-01"),
            AgreementVersion(
                agreement=Agreement(
                    name="120 days",
                    quotas=[Quota(window="period", maximum=120, prorate=True)],
                    granularity="half-day",
                    rounding=Rounding("half-up", unit=Fraction(1, 2)),
                ),
                start="2025-07-01",
            ),
        ],
    )
    # (100 × 181 + 120 × 184) / 365 = 8036/73 = 110.08; a cap of 105 binds; a cap of 115
    # would pass the history (its widest envelope is 120) but not ACCORD's 100.
    terms = {
        "H": IndividualTerms(employee="H", personal_cap=105),
        "K": IndividualTerms(employee="K", personal_cap=115),
    }
    rows, _ = run([person("H"), person("K")], terms, agreements={"H": history, "K": history})
    assert granted(rows) == {"H": (105, 105), "K": (Fraction(8036, 73), 110)}
    with pytest.raises(InvalidValue) as err:
        run([person("H"), person("K")], terms, agreements={"H": history})
    assert (err.value.code, err.value.field, err.value.params["employee"]) == (
        "above_collective_bound",
        "terms",
        "K",
    )


def test_terms_above_the_bounds_or_filed_under_another_id_are_refused_before_anything() -> None:
    seen: list[str] = []

    def records() -> object:
        seen.append("read")
        yield person("E1")

    for terms, code in (
        ({"E1": IndividualTerms(employee="E1", personal_cap=101)}, "above_collective_bound"),
        ({"E1": IndividualTerms(employee="E1", weekly_maximum=3)}, "above_collective_bound"),
        ({"E1": IndividualTerms(employee="E2", personal_cap=10)}, "invalid_value"),
    ):
        with pytest.raises(InvalidValue) as err:
            run(records(), terms)  # type: ignore[arg-type]
        assert err.value.code == code
        assert "E1" in err.value.message
    assert seen == []
    # A medical recommendation may go beyond the bounds.
    rows, _ = run([person("E1")], {"E1": IndividualTerms(employee="E1", medical_weekly_maximum=5)})
    assert granted(rows) == {"E1": (100, 100)}


def test_employee_balances_takes_the_employee_s_terms() -> None:
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    (found,) = employee_balances(
        ACCORD,
        contract,
        CALENDAR,
        periods=[Y2025],
        terms=IndividualTerms(employee="E1", personal_cap="42.5"),
    )
    assert (found.entitlement, found.remaining) == (Fraction(85, 2), Fraction(85, 2))


# -- the ledger is the reference -----------------------------------------------------------------

WORKED = [
    date(2024, 1, 1) + timedelta(days=n)
    for n in range(731)
    if (date(2024, 1, 1) + timedelta(days=n)).weekday() < 5
    and CALENDAR.holiday(date(2024, 1, 1) + timedelta(days=n)) is None
]
CAPS = st.none() | st.sampled_from(["0", "3.5", "10", "15", "20"])  # within the 20 days
MEDICAL = st.none() | st.sampled_from(["3.5", "10", "15", "20", "40"])


@st.composite
def individual_terms(draw: st.DrawFn) -> IndividualTerms:
    return IndividualTerms(
        employee="E1",
        personal_cap=draw(CAPS),
        medical_days=draw(MEDICAL),
        medical_source=draw(st.sampled_from(["", "médecin du travail"])),
    )


@st.composite
def histories(draw: st.DrawFn, agreement: Agreement, hired: date) -> list[BookingRow]:
    kinds = ["", "occasional"] if agreement.pools else [""]
    days = draw(st.lists(st.sampled_from([d for d in WORKED if d >= hired]), unique=True,
                         max_size=12))  # fmt: skip
    rows: list[BookingRow] = []
    for n, day in enumerate(sorted(days)):
        half = draw(st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON]))
        kind = draw(st.sampled_from(kinds))
        rows.append(BookingRow("E1", day, half, BOOKED, f"B{n}", None, len(rows) + 2, kind))
        if draw(st.integers(0, 3)) == 0:
            rows.append(BookingRow("E1", day, half, CANCELLED, f"B{n}", None, len(rows) + 2))
    return rows


def replayed(
    bookings: list[BookingRow], agreement: Agreement, contract: Contract, terms: IndividualTerms
) -> QuotaLedger:
    """The rows replayed into a ledger given the same terms (no booking rule: the figures)."""
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=CALENDAR, terms=terms)
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
def test_every_balance_with_terms_is_the_ledgers_given_the_same_terms(
    data: st.DataObject, as_of: date | None
) -> None:
    agreement = data.draw(st.sampled_from([CARRIED, POOLED]), label="agreement")
    hired = data.draw(st.sampled_from([date(2020, 1, 6), date(2024, 7, 1)]), label="hired")
    fraction = data.draw(st.sampled_from([None, "80 %", "50 %"]), label="fraction")
    terms = data.draw(individual_terms(), label="terms")
    bookings = data.draw(histories(agreement, hired), label="bookings")
    records = person("E1", hired=hired, fraction=fraction, bookings=bookings)
    # An employee without terms and of the same shape runs first: the cache must not leak.
    rows, _ = run(
        [person("A0", hired=hired, fraction=fraction), records],
        {"E1": terms},
        agreement=agreement,
        periods=(Y2024, Y2025),
        as_of=as_of,
    )
    assert records.contract is not None
    ledger = replayed(bookings, agreement, records.contract.contract, terms)
    mine = [r for r in rows if r.employee == "E1"]
    assert [(r.period, r.pool) for r in mine] == [
        (p, name) for p in (Y2024, Y2025) for name in agreement.pool_names
    ]
    for found in mine:
        balance = ledger.balance(found.period, as_of=as_of, pool=found.pool)
        assert (
            found.entitlement,
            found.carried,
            found.booked,
            found.cancelled,
            found.expired,
            found.remaining,
            found.forfeited,
        ) == (
            balance.granted,
            balance.carried,
            balance.booked,
            balance.cancelled,
            balance.expired,
            balance.remaining,
            balance.forfeited,
        ), (found.period, found.pool)
    # The employee without terms has the collective figure, the ledger's without terms.
    plain = QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="A0", hired=hired, fraction=fraction),
        calendar=CALENDAR,
    )
    for found in rows:
        if found.employee == "A0" and found.pool == "default":
            plain.grant(found.period, at=AT, by="hr")
            assert found.entitlement == plain.balance(found.period, as_of=as_of).granted


# -- the command line ------------------------------------------------------------------------------

CONTRACTS_CSV = (
    "employee,hired,fraction\n"
    "E1,2020-01-06,100%\n"
    "E2,2020-01-06,100%\n"
    "E3,2025-07-01,100%\n"
    "E4,2020-01-06,100%\n"
)
BOOKINGS_CSV = (
    "employee,date,half,status,id\n"
    "E1,2025-03-04,,booked,B1\n"
    "E1,2025-03-05,,booked,B2\n"
    "E2,2025-03-04,am,booked,C1\n"
    "E2,2025-03-06,,booked,C2\n"
    "E2,2025-03-06,,cancelled,C2\n"
    "E3,2025-09-02,,booked,D1\n"
)
TERMS_TOML = """\
[employees.E1]
medical_days = 150
medical_source = "médecin du travail, 2025-03-02"

[employees.E2]
personal_cap = 60

[employees.E3]
personal_cap = 40
"""


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    (tmp_path / "accord.toml").write_text(
        'name = "100 days"\ngranularity = "half-day"\n'
        'quotas = [{ window = "period", maximum = 100, prorate = true }]\n'
        '[rounding]\nmode = "half-up"\nunit = "1/2"\n',
        encoding="utf-8",
    )
    (tmp_path / "contracts.csv").write_text(CONTRACTS_CSV, encoding="utf-8")
    (tmp_path / "bookings.csv").write_text(BOOKINGS_CSV, encoding="utf-8")
    (tmp_path / "terms.toml").write_text(TERMS_TOML, encoding="utf-8")
    return [
        "balances",
        "--agreement", str(tmp_path / "accord.toml"),
        "--contracts", str(tmp_path / "contracts.csv"),
        "--bookings", str(tmp_path / "bookings.csv"),
        "--year", "2025",
    ]  # fmt: skip


EXPECTED = {
    # employee: (exact, granted, booked, cancelled, remaining)
    "E1": ("150", "150", "2", "0", "148"),  # the medical recommendation
    "E2": ("60", "60", "1.5", "1", "59.5"),  # the personal cap
    "E3": ("40", "40", "1", "0", "39"),  # the cap binds: 3680/73 = 50.41 > 40
    "E4": ("100", "100", "0", "0", "100"),  # no terms
}


def balances(out: str) -> dict[str, tuple[str, ...]]:
    return {
        r["employee"]: (
            r["entitlement_exact"], r["entitlement"], r["booked"], r["cancelled"], r["remaining"]
        )
        for r in json.loads(out)
    }  # fmt: skip


@pytest.mark.parametrize(
    "extra", [[], ["--jobs", "2"], ["--engine", "python"], ["--engine", "fast"]]
)
def test_the_command_applies_the_terms_file(
    files: list[str], extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    if "fast" in extra:
        pytest.importorskip("pyarrow", reason="the fast engine needs the fast extra")
    terms = str(Path(files[2]).parent / "terms.toml")
    assert main([*files, "--terms", terms, "--format", "json", *extra]) == 0
    captured = capsys.readouterr()
    assert balances(captured.out) == EXPECTED
    assert "4 employees (3 with individual terms)" in captured.err


def test_the_command_without_terms_keeps_the_collective_figures(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*files, "--format", "json"]) == 0
    found = balances(capsys.readouterr().out)
    assert {e: row[1] for e, row in found.items()} == {
        "E1": "100",
        "E2": "100",
        "E3": "50.5",
        "E4": "100",
    }


def test_the_command_refuses_terms_above_the_bounds_naming_option_and_employee(
    files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[employees.E2]\npersonal_cap = 120\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    assert main([*files, "--terms", str(bad), "--format", "csv", "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert "--terms: E2: personal_cap: 120 days is above the agreement's 100" in err
    assert not output.exists()
    bad.write_text("[employees.E2]\npersonal_cap = -1\n", encoding="utf-8")
    assert main([*files, "--terms", str(bad)]) == 2
    assert "$.employees.E2.personal_cap" in capsys.readouterr().err


def test_the_command_never_writes_over_the_terms_file(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    terms = str(Path(files[2]).parent / "terms.toml")
    assert main([*files, "--terms", terms, "--format", "csv", "-o", terms]) == 2
    assert Path(terms).read_text(encoding="utf-8") == TERMS_TOML
    capsys.readouterr()


def test_the_command_reports_terms_of_an_employee_it_computed_no_balance_for(
    files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "typo.toml"
    typo.write_text(
        "[employees.E1]\nmedical_days = 150\n[employees.E10]\npersonal_cap = 60\n", encoding="utf-8"
    )
    problems = tmp_path / "problems.csv"
    args = [*files, "--terms", str(typo), "--format", "json", "--problems", str(problems)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert balances(captured.out)["E1"][:2] == ("150", "150")
    assert f"{typo}:$.employees.E10: E10 has individual terms" in captured.err
    assert "1 problem: unknown_employee 1" in captured.err
    assert (
        problems.read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith(f"{typo}:$.employees.E10,unknown_employee,")
    )
