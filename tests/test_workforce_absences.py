"""The workforce job with absences against the ledger (#12): recording an absence cancels the
bookings it covers (reason ``absence``), and the job, which counts those cancellations without
building rows on its set-based path, gives the ledger's figures on every path (set-based, with
rows outside the periods, row by row)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import attrs
import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st

from teleaccord import (
    Absence,
    AbsenceRow,
    Agreement,
    BalanceRow,
    BookingRow,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    EmployeeContract,
    EmployeeRecords,
    HalfDay,
    InvalidValue,
    Quota,
    QuotaLedger,
    Rounding,
    RunSummary,
    workforce_balances,
    year_range,
)
from teleaccord.workforce import BOOKED, CANCELLED

CALENDAR = Calendar()
AT = datetime(2023, 12, 1, 9, tzinfo=timezone.utc)
LATER = AT + timedelta(days=1)
HIRED = date(2024, 1, 1)
Y2024, Y2025, Y2026 = year_range(2024), year_range(2025), year_range(2026)

CARRYING = Agreement(
    name="40 days, 3 carried until March",
    quotas=[Quota(window="period", maximum=40)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    carry_over=CarryOver(mode="capped", cap=3, expires_on="03-31"),
)
ONE_YEAR = Agreement(
    name="100 days", quotas=[Quota(window="period", maximum=100)], granularity="half-day"
)
# (agreement, periods granted and reported, the days booked)
CASES = {
    "three years carried": (CARRYING, (Y2024, Y2025, Y2026), (HIRED, date(2026, 12, 31))),
    "one year": (ONE_YEAR, (Y2025,), (date(2025, 1, 1), date(2025, 12, 31))),
}


def worked_days(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and CALENDAR.holiday(d) is None]


WORKED = {name: worked_days(*case[2]) for name, case in CASES.items()}
HALVES = st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON])
UNKNOWN = "strike"  # an absence kind the agreements do not know: reported, skipped
OTHER = {HalfDay.MORNING: HalfDay.AFTERNOON, HalfDay.AFTERNOON: HalfDay.MORNING}


@st.composite
def histories(draw: st.DrawFn, case: str) -> tuple[list[BookingRow], list[Absence]]:
    """Bookings on worked days (some cancelled, some days booked by both half-days) and the
    absences recorded after them."""
    days = draw(st.lists(st.sampled_from(WORKED[case]), unique=True, max_size=25))
    rows: list[BookingRow] = []
    for n, day in enumerate(days):
        half = draw(HALVES)
        booked = [(half, f"B{n}")]
        if half is not None and draw(st.integers(0, 3)) == 0:
            booked.append((OTHER[half], f"B{n}b"))  # the other half-day too
        for h, ident in booked:
            rows.append(BookingRow("E1", day, h, BOOKED, ident, None, 0))
            if draw(st.integers(0, 4)) == 0:
                rows.append(BookingRow("E1", day, h, CANCELLED, ident, None, 0))
    absences = []
    for n in range(draw(st.integers(0, 4))):
        # Mostly on a booked day, so that absences cancel bookings.
        first = draw(
            st.sampled_from(days) if days and draw(st.booleans()) else st.sampled_from(WORKED[case])
        )
        # A few days, or around the longest span the job keeps as a set of days (62).
        length = draw(st.one_of(st.integers(0, 9), st.integers(59, 64)))
        last = first + timedelta(days=length)
        try:
            absences.append(
                Absence(
                    absence_id=f"A{n}",
                    employee="E1",
                    kind=draw(st.sampled_from(["paid_leave", "rtt", "sickness", UNKNOWN])),
                    days=DateRange(first, last),
                    start_half=draw(st.sampled_from([None, HalfDay.AFTERNOON])),
                    end_half=draw(st.sampled_from([None, HalfDay.MORNING])),
                )
            )
        except InvalidValue:
            assume(False)  # from noon to noon the same day: no half-day
    return rows, absences


def ledger(
    case: str,
    rows: list[BookingRow],
    absences: list[Absence],
    periods: tuple[DateRange, ...],
    kind: str = "regular",
) -> QuotaLedger:
    """The deliberately simple model: the rows replayed, then the absences recorded (those
    of a kind the agreement does not know are left out: the job reports and skips them)."""
    book = QuotaLedger(
        agreement=CASES[case][0],
        contract=Contract.from_amendments(employee="E1", hired=HIRED),
        calendar=CALENDAR,
    )
    for period in periods:
        book.grant(period, at=AT, by="hr")
    for row in rows:
        if row.status == BOOKED:
            book.book(
                row.day, half=row.half, at=AT, by="E1", entry_id=row.booking_id, telework_kind=kind
            )
        else:
            book.cancel(row.booking_id or "", at=AT, by="E1")
    for absence in absences:
        if absence.kind != UNKNOWN:
            book.record_absence(absence, at=LATER, by="hr")
    return book


def job(
    case: str, rows: list[BookingRow], absences: list[Absence], others: bool = False
) -> tuple[list[BalanceRow], RunSummary]:
    """The job on E1's rows; ``others``: between an employee before and one after, who have
    the same bookings and no absence (their figures are checked to be the plain ones)."""
    agreement, periods, _ = CASES[case]
    records = [
        EmployeeRecords(
            employee="E1",
            contract=EmployeeContract(
                contract=Contract.from_amendments(employee="E1", hired=HIRED)
            ),
            bookings=[row._replace(line=n) for n, row in enumerate(rows, start=2)],
            absences=[AbsenceRow("E1", a, n) for n, a in enumerate(absences, start=2)],
        )
    ]
    if others:
        records = [
            attrs.evolve(records[0], employee="E0", absences=()),
            *records,
            attrs.evolve(records[0], employee="E2", absences=()),
        ]
    summary = RunSummary()
    found = list(
        workforce_balances(
            records, agreement, CALENDAR, periods=periods, summary=summary, on_problem=None
        )
    )
    if others:
        # One row per period for each employee, in their order (E0, E1, E2).
        size = len(periods)
        plain = found[:size] + found[2 * size :]
        found = found[size : 2 * size]
        alone, _ = job(case, rows, [])
        assert [figures(r) for r in plain] == [figures(r) for r in alone] * 2
    return found, summary


def figures(row: object) -> tuple[Fraction, ...]:
    return tuple(
        getattr(row, name) for name in ("carried", "booked", "cancelled", "expired", "remaining")
    )


A_SATURDAY = date(2025, 3, 8)  # not worked: the job reports the row and counts row by row
BEFORE = date(2023, 3, 7)  # before every period: counted aside


VARIANTS = [
    "as is",  # the set-based count
    "without ids",  # the same, rows told apart by their day and half-day
    "a row to report",  # row by row
    "a row before",  # the set-based count on the rows inside the periods
    "occasional",  # rows of a kind of telework: the cancellations appended, then counted
    "between others",  # employees without absences before and after, in the same run
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", sorted(CASES))
@given(data=st.data())
def test_the_job_with_absences_gives_the_figures_of_the_ledger_recording_them(
    variant: str, case: str, data: st.DataObject
) -> None:
    rows, absences = data.draw(histories(case))
    periods = CASES[case][1]
    book = ledger(
        case, rows, absences, periods, "occasional" if variant == "occasional" else "regular"
    )
    given_rows = list(rows)
    if variant == "without ids":
        # Each day and half-day is booked once: the rows are told apart by their day.
        given_rows = [row._replace(booking_id=None) for row in rows]
    elif variant == "a row to report":
        given_rows.insert(0, BookingRow("E1", A_SATURDAY, None, BOOKED, "SAT", None, 0))
    elif variant == "a row before":
        given_rows.insert(0, BookingRow("E1", BEFORE, None, BOOKED, "OLD", None, 0))
    elif variant == "occasional":
        given_rows = [row._replace(kind="occasional") for row in rows]
    found, summary = job(case, given_rows, absences, others=variant == "between others")
    note(f"{found!r}")
    assert [r.period for r in found] == list(periods)
    for row in found:
        assert figures(row) == figures(book.balance(row.period)), row.period
    assert summary.outside_periods == (variant == "a row before")
    # Reported when the absences are looked at: when there are bookings (as on main).
    unknown = sum(a.kind == UNKNOWN for a in absences) if given_rows else 0
    assert summary.problems["unknown_absence_kind"] == unknown
    # Without the absences, nothing is cancelled but the rows cancelled.
    plain, _ = job(case, given_rows, [])
    cancelled = sum(
        (
            r.amount
            for r in rows
            if r.status == CANCELLED and r.day.year in {p.start.year for p in periods}
        ),
        Fraction(0),
    )
    assert sum((r.cancelled for r in plain), Fraction(0)) == cancelled


def test_half_day_absences_cancel_the_bookings_of_those_half_days_only() -> None:
    # Hand-written: B1 whole day 3 June, B2 morning and B3 afternoon of 4 June, B4 whole day
    # 5 June, B5 morning 6 June (cancelled already). Absent from 4 June noon to 6 June noon:
    # B3 (the afternoon of 4 June), B4 (5 June) and nothing more (B5 is gone) are cancelled.
    monday = date(2025, 6, 2)
    rows = [
        BookingRow("E1", monday + timedelta(days=1), None, BOOKED, "B1", None, 0),
        BookingRow("E1", monday + timedelta(days=2), HalfDay.MORNING, BOOKED, "B2", None, 0),
        BookingRow("E1", monday + timedelta(days=2), HalfDay.AFTERNOON, BOOKED, "B3", None, 0),
        BookingRow("E1", monday + timedelta(days=3), None, BOOKED, "B4", None, 0),
        BookingRow("E1", monday + timedelta(days=4), HalfDay.MORNING, BOOKED, "B5", None, 0),
        BookingRow("E1", monday + timedelta(days=4), HalfDay.MORNING, CANCELLED, "B5", None, 0),
    ]
    leave = Absence(
        absence_id="L1",
        employee="E1",
        kind="paid_leave",
        days=DateRange(monday + timedelta(days=2), monday + timedelta(days=4)),
        start_half=HalfDay.AFTERNOON,
        end_half=HalfDay.MORNING,
    )
    (row,), _ = job("one year", rows, [leave])
    # booked 1 + 1/2 + 1/2 + 1 + 1/2 = 3.5; cancelled 1/2 (B5) + 1/2 (B3) + 1 (B4) = 2.
    assert (row.booked, row.cancelled, row.remaining) == (Fraction(7, 2), 2, Fraction(197, 2))
    # Rows of several half-days on one day go row by row: the same figures.
    (alone,), _ = job("one year", rows[1:3] + rows[:1] + rows[3:], [leave])
    assert figures(alone) == figures(row)


def test_whole_day_absences_cancel_whole_and_half_day_bookings() -> None:
    # Hand-written, one booking a day (the set-based count): B1 whole day 3 June, B2 morning
    # of 4 June, B3 whole day 6 June; on leave 3 and 4 June: B1 and B2 are cancelled.
    rows = [
        BookingRow("E1", date(2025, 6, 3), None, BOOKED, "B1", None, 0),
        BookingRow("E1", date(2025, 6, 4), HalfDay.MORNING, BOOKED, "B2", None, 0),
        BookingRow("E1", date(2025, 6, 6), None, BOOKED, "B3", None, 0),
    ]
    leave = Absence(
        absence_id="L1",
        employee="E1",
        kind="paid_leave",
        days=DateRange(date(2025, 6, 3), date(2025, 6, 4)),
    )
    (row,), _ = job("one year", rows, [leave])
    assert (row.booked, row.cancelled, row.remaining) == (Fraction(5, 2), Fraction(3, 2), 99)
    # B3 cancelled by its row first: the absence cancels the same two bookings.
    gone = [*rows, BookingRow("E1", date(2025, 6, 6), None, CANCELLED, "B3", None, 0)]
    (row,), _ = job("one year", gone, [leave])
    assert (row.booked, row.cancelled, row.remaining) == (Fraction(5, 2), Fraction(5, 2), 100)


def test_an_afternoon_off_cancels_the_afternoon_booked_not_the_morning() -> None:
    # Hand-written (the shortcut once cancelled both): off from noon on 2 January; the
    # morning of 2 January and the afternoon of 3 January booked, and the afternoon of
    # 6 January, off from 6 January noon to 7 January noon.
    rows = [
        BookingRow("E1", date(2025, 1, 2), HalfDay.MORNING, BOOKED, "B1", None, 0),
        BookingRow("E1", date(2025, 1, 3), HalfDay.AFTERNOON, BOOKED, "B2", None, 0),
        BookingRow("E1", date(2025, 1, 6), HalfDay.AFTERNOON, BOOKED, "B3", None, 0),
    ]
    off = [
        Absence(
            absence_id="A1",
            employee="E1",
            kind="rtt",
            days=DateRange.single(date(2025, 1, 2)),
            start_half=HalfDay.AFTERNOON,
        ),
        Absence(
            absence_id="A2",
            employee="E1",
            kind="rtt",
            days=DateRange(date(2025, 1, 6), date(2025, 1, 7)),
            start_half=HalfDay.AFTERNOON,
            end_half=HalfDay.MORNING,
        ),
    ]
    (row,), _ = job("one year", rows, off)
    # booked 3 half-days; B3 cancelled (1/2); B1 (a morning) and B2 (another day) kept.
    assert (row.booked, row.cancelled, row.remaining) == (Fraction(3, 2), Fraction(1, 2), 99)
