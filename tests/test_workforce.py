"""Workforce balances: the figures, the problems, and agreement with the ledger."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    Amendment,
    Calendar,
    CarryOver,
    Contract,
    HalfDay,
    LoadError,
    Problem,
    Quota,
    QuotaLedger,
    ReferencePeriod,
    Rounding,
    WorkPattern,
    load_sample_agreement,
    year_range,
)
from teleaccord.io.csv import read_workforce, sample_workforce, write_bookings, write_contracts
from teleaccord.workforce import (
    BOOKED,
    CANCELLED,
    AdjustmentRow,
    BalanceRow,
    BookingColumns,
    BookingRow,
    EmployeeContract,
    EmployeeRecords,
    RunSummary,
    Source,
    employee_balances,
    ledger_booking_rows,
    periods_for_year,
    workforce_balances,
)

AGREEMENT = load_sample_agreement("assistance-100-days")
CALENDAR = Calendar()
Y2025 = year_range(2025)
AT = datetime(2024, 12, 1, 9, tzinfo=timezone.utc)


def run(
    records: list[EmployeeRecords],
    agreement: Agreement = AGREEMENT,
    periods: tuple[object, ...] = (Y2025,),
    **kw: object,
) -> tuple[list[BalanceRow], list[Problem], RunSummary]:
    found: list[Problem] = []
    summary = RunSummary()
    rows = list(
        workforce_balances(
            records,
            agreement,
            CALENDAR,
            periods=periods,  # type: ignore[arg-type]
            on_problem=found.append,
            summary=summary,
            **kw,  # type: ignore[arg-type]
        )
    )
    return rows, found, summary


def person(
    employee: str = "E1",
    bookings: list[BookingRow] | None = None,
    adjustments: list[AdjustmentRow] | None = None,
    **contract: object,
) -> EmployeeRecords:
    terms: dict[str, object] = {"employee": employee, "hired": date(2020, 1, 6), **contract}
    return EmployeeRecords(
        employee=employee,
        contract=EmployeeContract(contract=Contract.from_amendments(**terms)),  # type: ignore[arg-type]
        bookings=bookings or [],
        adjustments=adjustments or [],
    )


def booking(
    day: date,
    half: HalfDay | None = None,
    status: str = BOOKED,
    ident: str | None = None,
    line: int = 2,
    employee: str = "E1",
) -> BookingRow:
    return BookingRow(employee, day, half, status, ident, None, line)


# -- the figures -----------------------------------------------------------------------------


def test_a_full_time_employee_present_all_year_gets_the_whole_quota() -> None:
    (row,), found, _ = run(
        [person(bookings=[booking(date(2025, 3, 4)), booking(date(2025, 3, 5))])]
    )
    assert (row.entitlement_exact, row.entitlement, row.booked, row.remaining) == (
        Fraction(100),
        Fraction(100),
        Fraction(2),
        Fraction(98),
    )
    assert row.label == "2025"
    assert not found


def test_part_time_and_presence_prorate_and_round_once() -> None:
    records = [
        person("E1", fraction="80 %", pattern=WorkPattern.parse("Mo Tu Th Fr")),
        person("E2", hired=date(2025, 7, 1)),
        person("E3", last_day=date(2025, 3, 31), fraction="90 %"),
    ]
    rows, found, _ = run(records)
    assert [(r.entitlement_exact, r.entitlement) for r in rows] == [
        (Fraction(80), Fraction(80)),
        (Fraction(18400, 365), Fraction(101, 2)),  # 184 days of 365: 50.41 -> 50.5
        (Fraction(8100, 365), Fraction(22)),  # 90 % of 90 days: 22.19 -> 22
    ]
    assert not found


def test_half_days_count_one_half_and_cancellations_give_days_back() -> None:
    rows, found, _ = run(
        [
            person(
                bookings=[
                    booking(date(2025, 3, 4), HalfDay.MORNING, ident="B1"),
                    booking(date(2025, 3, 5), ident="B2"),
                    booking(date(2025, 3, 6), ident="B3"),
                    booking(date(2025, 3, 6), status=CANCELLED, ident="B3"),
                ]
            )
        ]
    )
    (row,) = rows
    assert (row.booked, row.cancelled, row.taken, row.remaining) == (
        Fraction(5, 2),
        Fraction(1),
        Fraction(3, 2),
        Fraction(197, 2),
    )
    assert not found


def test_a_cancelled_row_alone_records_a_booking_made_and_cancelled() -> None:
    (row,), found, _ = run([person(bookings=[booking(date(2025, 3, 4), status=CANCELLED)])])
    assert (row.booked, row.cancelled, row.remaining) == (Fraction(1), Fraction(1), Fraction(100))
    assert not found


def test_the_same_booking_twice_under_its_id_counts_once() -> None:
    rows, found, _ = run([person(bookings=[booking(date(2025, 3, 4), ident="B1")] * 2)])
    assert rows[0].booked == 1
    assert not found


def test_adjustments_add_to_their_period() -> None:
    adjustments = [
        AdjustmentRow("E1", date(2025, 1, 1), Fraction(2), "returned", "hr", 2),
        AdjustmentRow("E1", date(2025, 6, 1), Fraction(-1, 2), "double entry", "hr", 3),
        AdjustmentRow("E1", date(2024, 1, 1), Fraction(5), "last year", "hr", 4),
    ]
    (row,), _, summary = run([person(adjustments=adjustments)])
    assert (row.adjusted, row.remaining) == (Fraction(3, 2), Fraction(203, 2))
    assert summary.outside_periods == 1  # valid, but not a 2025 figure


def test_a_24_7_cycle_books_weekends_and_public_holidays() -> None:
    cycle = WorkPattern.parse(
        "Mo Tu Fr Sa Su / We Th", anchor=date(2024, 12, 30), works_holidays=True
    )
    days = [date(2025, 5, 1), date(2025, 1, 4), date(2025, 1, 5)]  # a holiday, a weekend
    (row,), found, _ = run([person(pattern=cycle, fraction=1, bookings=[booking(d) for d in days])])
    assert row.booked == 3
    assert not found


def test_balances_as_of_a_date_count_what_the_ledger_counts_by_then() -> None:
    records = [
        person(
            bookings=[booking(date(2025, 3, 4)), booking(date(2025, 9, 2))],
            adjustments=[AdjustmentRow("E1", date(2025, 1, 1), Fraction(1), "x", "hr", 2)],
        )
    ]
    (row,), _, summary = run(records, as_of=date(2025, 6, 30))
    assert (row.entitlement, row.booked, row.adjusted) == (Fraction(100), Fraction(1), Fraction(1))
    assert summary.after_as_of == 1
    (row,), _, _ = run(records, as_of=date(2024, 12, 31))
    assert (row.entitlement, row.booked, row.adjusted) == (0, 0, 0)


def test_periods_for_year_follow_the_reference_period() -> None:
    monthly = Agreement(name="m", reference=ReferencePeriod(kind="month"))
    assert len(periods_for_year(monthly, 2025)) == 12
    assert periods_for_year(AGREEMENT, 2025) == (Y2025,)


def test_employee_balances_computes_one_contract() -> None:
    c = Contract.from_amendments(employee="E9", hired=date(2025, 1, 1), fraction="50 %")
    (row,) = employee_balances(
        AGREEMENT, c, CALENDAR, periods=[Y2025], bookings=[booking(date(2025, 1, 2), employee="E9")]
    )
    assert (row.employee, row.entitlement, row.remaining) == ("E9", 50, 49)


# -- problems: reported, skipped, counted ----------------------------------------------------


@pytest.mark.parametrize(
    ("contract", "row", "code", "column"),
    [
        ({}, booking(date(2025, 5, 1)), "holiday", "date"),
        ({}, booking(date(2025, 3, 8)), "not_in_pattern", "date"),
        (
            {"pattern": WorkPattern.parse("Mo Tu Th Fr")},
            booking(date(2025, 3, 5)),
            "not_in_pattern",
            "date",
        ),
        (
            {"pattern": WorkPattern.parse("Mo Tu We Th:am Fr")},
            booking(date(2025, 3, 6), HalfDay.AFTERNOON),
            "not_in_pattern",
            "half",
        ),
        (
            {"pattern": WorkPattern.parse("Mo Tu We Th:am Fr")},
            booking(date(2025, 3, 6)),
            "not_working_day",
            "half",
        ),
        ({"last_day": date(2025, 2, 28)}, booking(date(2025, 3, 4)), "outside_contract", "date"),
        ({"hired": date(2025, 6, 2)}, booking(date(2025, 3, 4)), "outside_contract", "date"),
    ],
)
def test_a_booking_on_a_day_not_worked_is_reported_and_skipped(
    contract: dict[str, object], row: BookingRow, code: str, column: str
) -> None:
    good = booking(date(2025, 2, 4) if "last_day" in contract else date(2025, 6, 3), line=3)
    records = [person(bookings=[row, good], **contract)]
    records[0] = EmployeeRecords(
        employee="E1",
        contract=records[0].contract,
        bookings=[row, good],
        bookings_source=Source("bookings.csv", {"date": "Jour", "half": "Demi"}),
    )
    (balance,), found, summary = run(records)
    assert balance.booked == 1
    assert [(p.code, p.path) for p in found] == [
        (code, f"bookings.csv:2:{ {'date': 'Jour', 'half': 'Demi'}[column] }")
    ]
    assert summary.files["bookings"].skipped == 1
    assert summary.problems[code] == 1


def test_half_days_are_refused_when_the_agreement_counts_whole_days() -> None:
    whole_days = Agreement(name="days", quotas=[Quota(window="period", maximum=20)])
    (row,), found, _ = run(
        [person(bookings=[booking(date(2025, 3, 4), HalfDay.MORNING)])], agreement=whole_days
    )
    assert row.booked == 0
    assert [p.code for p in found] == ["granularity"]


def test_a_day_booked_twice_is_reported() -> None:
    rows, found, _ = run(
        [
            person(
                bookings=[
                    booking(date(2025, 3, 4), line=2),
                    booking(date(2025, 3, 4), line=3),
                    booking(date(2025, 3, 5), HalfDay.MORNING, line=4),
                    booking(date(2025, 3, 5), line=5),
                    booking(date(2025, 3, 5), HalfDay.AFTERNOON, line=6),
                ]
            )
        ]
    )
    assert rows[0].booked == 2
    assert [(p.code, p.path) for p in found] == [
        ("already_booked", "bookings:3:date"),
        ("already_booked", "bookings:5:date"),
    ]


def test_booking_ids_name_one_booking() -> None:
    rows, found, _ = run(
        [
            person(
                bookings=[
                    booking(date(2025, 3, 4), ident="B1", line=2),
                    booking(date(2025, 3, 5), ident="B1", line=3),
                    booking(date(2025, 3, 6), status=CANCELLED, ident="B2", line=4),
                    booking(date(2025, 3, 6), ident="B2", line=5),
                ]
            )
        ]
    )
    assert [(p.code, p.path) for p in found] == [
        ("conflicting_booking_id", "bookings:3:id"),
        ("reused_booking_id", "bookings:5:id"),
    ]
    assert (rows[0].booked, rows[0].cancelled) == (2, 1)


def test_rows_of_an_employee_without_a_contract_are_reported_once_per_file() -> None:
    orphan = EmployeeRecords(
        employee="E7",
        bookings=[booking(date(2025, 3, d), line=10 + d, employee="E7") for d in (3, 4, 5)],
        adjustments=[AdjustmentRow("E7", date(2025, 1, 1), Fraction(1), "x", "hr", 4)],
    )
    rows, found, summary = run([orphan])
    assert rows == []
    assert [(p.code, p.path) for p in found] == [
        ("unknown_employee", "bookings:13:employee"),
        ("unknown_employee", "adjustments:4:employee"),
    ]
    assert "3 bookings rows of E7 (lines 13-15)" in found[0].message
    assert (summary.files["bookings"].skipped, summary.files["adjustments"].skipped) == (3, 1)


def test_stop_at_first_error_raises_the_first_problem() -> None:
    records = [person(bookings=[booking(date(2025, 5, 1))])]
    with pytest.raises(LoadError) as caught:
        run(records, stop_at_first_error=True)
    assert caught.value.problems[0].code == "holiday"


def test_nothing_is_dropped_silently_from_files() -> None:
    contracts = "employee,hired,fraction\nE1,2020-01-06,1\nE2,2020-01-06,1.5\nE3,2020-01-06,1\n"
    bookings = (
        "employee,date,half\n"
        "E1,2025-03-04,\nE1,2025-05-01,\nE1,not-a-date,\n"
        "E2,2025-03-04,\nE2,2025-03-05,\n"
        "E3,2024-03-04,\nE3,2025-03-04,am\n"
        "E4,2025-03-04,\n"
    )
    found: list[Problem] = []
    summary = RunSummary()
    records = read_workforce(
        io.StringIO(contracts), io.StringIO(bookings), on_problem=found.append, summary=summary
    )
    rows = list(
        workforce_balances(
            records, AGREEMENT, CALENDAR, periods=[Y2025], on_problem=found.append, summary=summary
        )
    )
    assert [(r.employee, r.booked) for r in rows] == [("E1", 1), ("E3", Fraction(1, 2))]
    read = summary.files["bookings"]
    assert (read.rows, read.skipped) == (8, 5)  # a holiday, a bad date, E2 (2 rows), E4
    assert summary.outside_periods == 1  # E3's 2024 booking: valid, not a 2025 figure
    assert read.rows == read.skipped + summary.outside_periods + 2
    assert sorted(summary.problems) == [
        "fraction_out_of_range",
        "holiday",
        "invalid_contract",
        "invalid_date",
        "unknown_employee",
    ]
    assert "5 skipped" in summary.describe()


# -- a row outside the periods changes no figure ----------------------------------------------


def with_a_row_outside(records: EmployeeRecords) -> EmployeeRecords:
    """The same employee with one more booking row, in 2023: outside every period reported
    (and, by the way, unusual enough that the job counts this employee row by row)."""
    rows = [BookingRow(records.employee, date(2023, 3, 7), None, BOOKED, None, None, 1)]
    rows.extend(records.bookings.rows(records.employee))
    return attrs.evolve(records, bookings=rows)


def same_figures_with_a_row_outside(
    records: list[EmployeeRecords], **kw: object
) -> list[BalanceRow]:
    plain, found_plain, summary_plain = run(records, **kw)
    extra, found_extra, summary_extra = run([with_a_row_outside(r) for r in records], **kw)
    assert plain == extra
    assert found_plain == found_extra
    assert summary_extra.outside_periods == summary_plain.outside_periods + len(records)
    return plain


def test_a_row_outside_the_periods_changes_no_balance_of_the_sample_workforce() -> None:
    sample = sample_workforce()
    rows = same_figures_with_a_row_outside(
        list(sample.records()), periods=(year_range(sample.year),)
    )
    assert len(rows) == 240


patterns = st.sampled_from(
    [
        WorkPattern.full_time(),
        WorkPattern.parse("Mo Tu Th Fr"),
        WorkPattern.parse("Mo Tu We Th:am Fr"),
        WorkPattern.parse("Mo Tu Fr Sa Su / We Th", anchor=date(2024, 12, 30), works_holidays=True),
    ]
)


@st.composite
def employees(draw: st.DrawFn) -> EmployeeRecords:
    hired = draw(st.dates(date(2024, 6, 1), date(2025, 6, 1)))
    amendment = draw(st.none() | st.dates(hired + timedelta(days=1), date(2025, 11, 30)))
    last_day = draw(st.none() | st.dates(hired + timedelta(days=1), date(2026, 3, 1)))
    if amendment is not None and last_day is not None and amendment > last_day:
        amendment = None
    amendments = []
    if amendment is not None:
        amendments = [{"effective": amendment, "fraction": "50 %", "pattern": draw(patterns)}]
    contract = Contract.from_amendments(
        employee="E1",
        hired=hired,
        last_day=last_day,
        fraction="80 %",
        pattern=draw(patterns),
        amendments=[Amendment(**a) for a in amendments],  # type: ignore[arg-type]
    )
    days = st.dates(date(2024, 12, 20), date(2026, 1, 10))
    rows = draw(
        st.lists(
            st.tuples(
                days,
                st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON]),
                st.sampled_from([BOOKED, BOOKED, BOOKED, CANCELLED]),
                st.none() | st.sampled_from(["B1", "B2", "B3", "B4", "B5", "B6"]),
            ),
            max_size=25,
        )
    )
    note(f"{contract!r}")
    return EmployeeRecords(
        employee="E1",
        contract=EmployeeContract(contract=contract),
        bookings=[
            BookingRow("E1", d, h, s, i, None, n) for n, (d, h, s, i) in enumerate(rows, start=2)
        ],
    )


@given(employees(), st.none() | st.dates(date(2025, 1, 1), date(2025, 12, 31)))
def test_a_row_outside_the_periods_changes_no_balance(
    records: EmployeeRecords, as_of: date | None
) -> None:
    same_figures_with_a_row_outside([records], as_of=as_of)


# -- the ledger is the reference -------------------------------------------------------------


def ledger_of(records: EmployeeRecords, agreement: Agreement, periods: list[object]) -> QuotaLedger:
    """Replay an employee's rows into a QuotaLedger, the deliberately simple model."""
    assert records.contract is not None
    ledger = QuotaLedger(agreement=agreement, contract=records.contract.contract, calendar=CALENDAR)
    for period in periods:
        ledger.grant(period, at=AT, by="hr")  # type: ignore[arg-type]
    for row in records.bookings.rows(records.employee):
        if row.status == BOOKED:
            ledger.book(
                row.day,
                half=row.half,
                at=AT,
                by="hr",
                entry_id=row.booking_id,
                ignore=("notice_too_short",),
            )
        else:
            ledger.cancel(row.booking_id or "", at=AT, by="hr")
    for adj in records.adjustments:
        ledger.adjust(ledger.period_of(adj.day), adj.amount, reason=adj.reason, at=AT, by=adj.by)
    return ledger


def figures(row: object) -> tuple[Fraction, ...]:
    return tuple(
        getattr(row, name)
        for name in ("carried", "adjusted", "booked", "cancelled", "expired", "remaining")
    )


def sample_employees(count: int) -> Iterator[EmployeeRecords]:
    for n, records in enumerate(sample_workforce().records()):
        if n % (240 // count) == 0:
            yield records


def test_the_sample_balances_are_those_of_the_ledger_replaying_every_row() -> None:
    checked = 0
    for records in sample_employees(24):
        (row,), found, _ = run([records])
        assert not found
        ledger = ledger_of(records, AGREEMENT, [Y2025])
        balance = ledger.balance(Y2025)
        assert balance.granted == row.entitlement
        assert figures(balance) == figures(row), records.employee
        checked += 1
    assert checked >= 20


def test_carried_and_expired_days_are_those_of_the_ledger() -> None:
    agreement = Agreement(
        name="20 days, 5 carried until March",
        quotas=[Quota(window="period", maximum=20, prorate=True)],
        granularity="half-day",
        rounding=Rounding("half-up", unit=Fraction(1, 2)),
        carry_over=CarryOver(mode="capped", cap=5, expires_on="03-31"),
    )
    y2024, y2026 = year_range(2024), year_range(2026)
    bookings = [booking(date(2024, 3, d), ident=f"A{d}") for d in (4, 5, 6, 7)]
    bookings += [
        booking(date(2025, 2, 4), ident="B1"),
        booking(date(2025, 2, 5), HalfDay.MORNING, ident="B2"),
    ]
    bookings += [
        booking(date(2025, 2, 6), ident="B3"),
        booking(date(2025, 2, 6), status=CANCELLED, ident="B3"),
    ]
    bookings += [booking(date(2025, 6, d), ident=f"C{d}") for d in (2, 3, 4)]
    records = person(bookings=bookings)
    rows, found, _ = run([records], agreement=agreement, periods=(y2024, Y2025, y2026))
    assert not found
    ledger = ledger_of(records, agreement, [y2024, Y2025, y2026])
    for row in rows:
        assert figures(ledger.balance(row.period)) == figures(row), row.period
    assert [(r.carried, r.expired) for r in rows] == [
        (0, 0),
        (5, Fraction(7, 2)),  # 5 carried, 1.5 used by 31 March
        (5, 5),  # nothing booked in 2026 by 31 March
    ]
    # Reporting 2025 alone still carries 2024's days in.
    (only,), _, _ = run([records], agreement=agreement, periods=(Y2025,))
    assert only == rows[1]


def test_a_row_built_again_from_its_figures_is_the_same_row() -> None:
    # The job builds its rows with the fold's remaining days (it does not compute them a
    # second time): rebuilding each row through the class (attrs.evolve runs __init__, which
    # computes remaining from the row's figures) must give the same row, every field set.
    agreement = Agreement(
        name="20 days, 5 carried until March",
        quotas=[Quota(window="period", maximum=20, prorate=True)],
        granularity="half-day",
        rounding=Rounding("half-up", unit=Fraction(1, 2)),
        carry_over=CarryOver(mode="capped", cap=5, expires_on="03-31"),
    )
    y2024, y2026 = year_range(2024), year_range(2026)
    bookings = [booking(date(2024, 3, d), ident=f"A{d}") for d in (4, 5, 6, 7)]
    bookings += [booking(date(2025, 2, 5), HalfDay.MORNING, ident="B2")]
    rows, found, _ = run(
        [person(bookings=bookings)], agreement=agreement, periods=(y2024, Y2025, y2026)
    )
    assert not found
    assert len(rows) == 3
    # 2024: 20 - 4 booked; 2025: 20 + 5 carried - 1/2 booked - 9/2 expired (5 carried, 1/2
    # used by 31 March); 2026: 20 + 5 carried - 5 expired.
    assert [r.remaining for r in rows] == [16, 20, 20]
    assert [(r.carried, r.expired) for r in rows] == [(0, 0), (5, Fraction(9, 2)), (5, 5)]
    for row in rows:
        again = attrs.evolve(row)
        assert again == row
        assert again.to_dict() == row.to_dict()
        assert again.remaining == row.remaining
    checked = 0
    for records in sample_employees(24):
        for row in run([records])[0]:
            assert attrs.evolve(row) == row
            checked += 1
    assert checked >= 20


def test_a_ledger_exported_to_csv_gives_back_its_balances() -> None:
    ledgers = [ledger_of(records, AGREEMENT, [Y2025]) for records in sample_employees(12)]
    contracts, bookings = io.StringIO(), io.StringIO()
    write_contracts([ledger.contract for ledger in ledgers], contracts)
    write_bookings((row for ledger in ledgers for row in ledger_booking_rows(ledger)), bookings)
    records = read_workforce(io.StringIO(contracts.getvalue()), io.StringIO(bookings.getvalue()))
    rows, found, _ = run(list(records))
    assert not found
    for ledger, row in zip(ledgers, rows, strict=True):
        assert row.employee == ledger.employee
        balance = ledger.balance(Y2025)
        assert (row.booked, row.cancelled) == (balance.booked, balance.cancelled)
        assert row.remaining == balance.remaining - balance.adjusted  # adjustments not exported


CARRYING = Agreement(
    name="40 days, 3 carried until March",
    quotas=[Quota(window="period", maximum=40)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    carry_over=CarryOver(mode="capped", cap=3, expires_on="03-31"),
)
WORKED_DAYS = [
    date(2024, 1, 1) + timedelta(days=n)
    for n in range(3 * 366)
    if (date(2024, 1, 1) + timedelta(days=n)).weekday() < 5
    and CALENDAR.holiday(date(2024, 1, 1) + timedelta(days=n)) is None
    and date(2024, 1, 1) + timedelta(days=n) <= date(2026, 12, 31)
]


@st.composite
def carrying_histories(draw: st.DrawFn) -> EmployeeRecords:
    days = draw(st.lists(st.sampled_from(WORKED_DAYS), unique=True, max_size=30))
    rows = []
    for n, day in enumerate(sorted(days)):
        half = draw(st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON]))
        rows.append(booking(day, half, ident=f"B{n}"))
        if draw(st.integers(0, 4)) == 0:
            rows.append(booking(day, half, status=CANCELLED, ident=f"B{n}"))
    return person(bookings=rows, hired=date(2024, 1, 1))


@given(carrying_histories())
def test_carried_expired_and_remaining_days_are_those_of_the_ledger_replaying_the_rows(
    records: EmployeeRecords,
) -> None:
    periods = [year_range(2024), Y2025, year_range(2026)]
    rows, found, _ = run([records], agreement=CARRYING, periods=tuple(periods))
    assert not found
    ledger = ledger_of(records, CARRYING, periods)  # type: ignore[arg-type]
    for row in rows:
        assert figures(ledger.balance(row.period)) == figures(row), row.period


def test_rows_outside_the_periods_are_set_aside_in_file_order_or_not() -> None:
    """Ten monthly periods (January to October 2025): rows of December 2024 and November 2025
    are outside. In order of days they are cut off as one run; out of order, row by row; both
    leave the figures of the rows inside, counted alone, and count the rows set aside."""
    monthly = attrs.evolve(AGREEMENT, reference=ReferencePeriod(kind="month"))
    periods = tuple(periods_for_year(monthly, 2025)[:10])
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 6))
    inside = [
        ("2025-01-07", None, BOOKED, "B1"),
        ("2025-01-08", HalfDay.MORNING, BOOKED, "B2"),
        ("2025-01-08", HalfDay.MORNING, CANCELLED, "B2"),
        ("2025-03-04", None, BOOKED, "B3"),
        ("2025-10-31", HalfDay.AFTERNOON, BOOKED, "B4"),
    ]
    before = [("2024-12-17", None, BOOKED, "B0")]
    after = [("2025-11-04", None, BOOKED, "B5"), ("2025-12-02", None, BOOKED, "B6")]

    def records(rows: list[tuple[str, HalfDay | None, str, str]]) -> EmployeeRecords:
        booking_rows = [
            BookingRow("E1", date.fromisoformat(d), h, s, i, None, n)
            for n, (d, h, s, i) in enumerate(rows, start=2)
        ]
        return EmployeeRecords(
            employee="E1",
            contract=EmployeeContract(contract=contract),
            bookings=BookingColumns.from_rows(booking_rows),
        )

    alone, problems, summary = run([records(inside)], monthly, periods)
    assert not problems
    assert summary.outside_periods == 0
    by_month = {row.period.start.month: (row.booked, row.cancelled) for row in alone}
    # By hand: January books a day and a morning, the morning cancelled; March a day;
    # October an afternoon; no other month books anything.
    assert by_month[1] == (Fraction(3, 2), Fraction(1, 2))
    assert by_month[3] == (1, 0)
    assert by_month[10] == (Fraction(1, 2), 0)
    assert all(by_month[m] == (0, 0) for m in (2, 4, 5, 6, 7, 8, 9))
    in_order = before + inside + after
    shuffled = [after[1], *inside[:2], before[0], *inside[2:], after[0]]
    for rows in (in_order, shuffled):
        found, problems, summary = run([records(rows)], monthly, periods)
        assert not problems
        assert found == alone
        assert summary.outside_periods == 3
