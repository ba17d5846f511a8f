"""On-site minimums, the cases mutation testing found untested (issue 11): which public
holidays count as days on site (outside the contract, on a company closure, a worked
solidarity day), which absent half-days leave the base (only those inside the window, of the
kinds the agreement does not count as on site, on the days and half-days the employee works),
and every minimum of an agreement checked, not only the first one broken.

Every expected figure is written by hand from a calendar. May 2024: 23 weekdays, of which four
are public holidays (Wednesday 1, Wednesday 8, Thursday 9, Monday 20). June 2024 has no public
holiday; the week of Monday 3 June runs to Sunday 9.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

from teleaccord import (
    Absence,
    AbsenceKind,
    Agreement,
    Booking,
    BookingContext,
    Calendar,
    Contract,
    DateRange,
    OnSiteMinimum,
    ReferencePeriod,
    WorkPattern,
    check_booking,
    on_site_requirement,
)

MAY = DateRange(date(2024, 5, 1), date(2024, 5, 31))
WEEK = DateRange(date(2024, 6, 3), date(2024, 6, 9))
MONTHLY = OnSiteMinimum(window="month", days=3)
WEEKLY = OnSiteMinimum(window="week", days=2)
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)


def agreement(*minima: OnSiteMinimum, **kwargs: object) -> Agreement:
    return Agreement(name="x", on_site=list(minima), **kwargs)  # type: ignore[arg-type]


def absence(start: date, end: date, kind: str = "rtt", **kwargs: object) -> Absence:
    return Absence(
        absence_id="A",
        employee="E1",
        days=DateRange(start, end),
        kind=kind,
        **kwargs,  # type: ignore[arg-type]
    )


# -- public holidays counted as days on site -------------------------------------------------


def test_every_holiday_of_may_counts_on_site_for_a_full_time_employee() -> None:
    # 19 days worked (23 weekdays less 4 holidays) plus the 4 holidays.
    base, required, holidays = on_site_requirement(
        agreement(MONTHLY), MONTHLY, FULL_TIME, Calendar(), MAY
    )
    assert (base, required, holidays) == (23, 3, 4)


def test_a_holiday_before_the_contract_starts_does_not_stop_the_later_ones_counting() -> None:
    # Hired on Thursday 2 May: 1 May is outside the contract; 8, 9 and 20 May still count.
    hired = Contract.from_amendments(employee="E1", hired=date(2024, 5, 2))
    base, _, holidays = on_site_requirement(agreement(MONTHLY), MONTHLY, hired, Calendar(), MAY)
    assert (base, holidays) == (22, 3)  # 19 days worked (22 weekdays less 3 holidays) + 3


def test_a_holiday_on_a_closure_does_not_stop_the_later_ones_counting() -> None:
    closed = Calendar(closures=[date(2024, 5, 1)])
    base, _, holidays = on_site_requirement(agreement(MONTHLY), MONTHLY, FULL_TIME, closed, MAY)
    assert (base, holidays) == (22, 3)  # 19 days worked + 8, 9 and 20 May


def test_a_worked_solidarity_day_counts_as_worked_not_twice_as_a_holiday() -> None:
    solidarity = Calendar(worked_holidays=[date(2024, 5, 20)])
    base, _, holidays = on_site_requirement(agreement(MONTHLY), MONTHLY, FULL_TIME, solidarity, MAY)
    assert (base, holidays) == (23, 3)  # 20 days worked (20 May included) + 1, 8 and 9 May


# -- absent half-days leave the base ---------------------------------------------------------


def test_only_the_absent_days_inside_the_window_leave_its_base() -> None:
    # Absent Thursday 6 to Friday 14 June: Thursday 6 and Friday 7 are in the week.
    away = [absence(date(2024, 6, 6), date(2024, 6, 14))]
    found = on_site_requirement(agreement(WEEKLY), WEEKLY, FULL_TIME, Calendar(), WEEK, away)
    assert found == (3, 2, 0)


def test_each_absent_day_leaves_the_base_not_only_the_last() -> None:
    away = [
        absence(date(2024, 6, 3), date(2024, 6, 3)),
        absence(date(2024, 6, 5), date(2024, 6, 5)),
    ]
    found = on_site_requirement(agreement(WEEKLY), WEEKLY, FULL_TIME, Calendar(), WEEK, away)
    assert found == (3, 2, 0)


def test_an_afternoon_off_takes_half_a_day_from_the_base() -> None:
    away = [absence(date(2024, 6, 4), date(2024, 6, 4), start_half="pm")]
    base, _, _ = on_site_requirement(agreement(WEEKLY), WEEKLY, FULL_TIME, Calendar(), WEEK, away)
    assert base == Fraction(9, 2)


def test_an_absence_on_a_day_the_pattern_does_not_work_takes_nothing() -> None:
    # Four days a week, no Wednesday: an absence on Wednesday 5 June changes nothing.
    four_days = Contract.from_amendments(
        employee="E1", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu Th Fr")
    )
    away = [absence(date(2024, 6, 5), date(2024, 6, 5))]
    found = on_site_requirement(agreement(WEEKLY), WEEKLY, four_days, Calendar(), WEEK, away)
    assert found == (4, 2, 0)


def test_the_agreement_s_own_absence_kinds_decide_what_counts_on_site() -> None:
    # Training counts as on site by default; this agreement says it does not.
    training = [absence(date(2024, 6, 4), date(2024, 6, 4), kind="training")]
    default = agreement(WEEKLY)
    strict = agreement(WEEKLY, absence_kinds=[AbsenceKind(name="training", on_site=False)])
    assert on_site_requirement(default, WEEKLY, FULL_TIME, Calendar(), WEEK, training)[0] == 5
    assert on_site_requirement(strict, WEEKLY, FULL_TIME, Calendar(), WEEK, training)[0] == 4


# -- every minimum is checked ----------------------------------------------------------------


def test_a_minimum_kept_does_not_hide_a_later_one_broken() -> None:
    # Booking Wednesday 5 June after Monday and Tuesday: 2 of the week's 5 days stay on site
    # (one day a week is kept), 17 of June's 20 (eighteen a month are not).
    kept_then_broken = agreement(
        OnSiteMinimum(window="week", days=1), OnSiteMinimum(window="month", days=18)
    )
    bookings = [
        Booking(entry_id=f"b{n}", day=date(2024, 6, d), recorded_at=AT, by="E1")
        for n, d in enumerate((3, 4))
    ]
    ctx = BookingContext(
        agreement=kept_then_broken,
        contract=FULL_TIME,
        calendar=Calendar(),
        day=date(2024, 6, 5),
        bookings=bookings,
    )
    found = [v for v in check_booking(ctx) if v.code == "on_site_minimum"]
    assert [dict(v.params)["window"] for v in found] == ["month"]
    assert (dict(found[0].params)["on_site"], dict(found[0].params)["required"]) == (17, 18)


def test_a_minimum_per_reference_period_runs_over_the_agreement_s_period() -> None:
    # Reference period 1 June 2023 - 31 May 2024: 262 weekdays, of which 10 are public holidays
    # (14 July, 15 August, 1 November, 25 December, 1 January, Easter Monday 1 April, 1, 8,
    # 9 and 20 May; 11 November 2023 is a Saturday): 252 days worked + 10 holidays on site.
    june_to_may = agreement(
        OnSiteMinimum(window="period", share="100 %"), reference=ReferencePeriod(start_month=6)
    )
    ctx = BookingContext(
        agreement=june_to_may, contract=FULL_TIME, calendar=Calendar(), day=date(2024, 3, 5)
    )
    (found,) = check_booking(ctx)
    params = dict(found.params)
    assert (params["window_start"], params["window_end"]) == (date(2023, 6, 1), date(2024, 5, 31))
    assert (params["worked"], params["on_site"], params["required"]) == (262, 261, 262)
