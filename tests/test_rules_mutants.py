"""Booking rules, the cases mutation testing found untested (issue 11): each eligibility
condition alone, imposed and medical days outside the voluntary limits, half-days in a run of
telework days, busy windows, the rules an agreement makes silent, the window caps under a
history of versions.

Every expected code, day and figure is written by hand from a calendar (March 2024: Monday 4
to Friday 8, Monday 11 to Friday 15; no public holiday).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import pytest

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Booking,
    BookingContext,
    Calendar,
    Contract,
    DateRange,
    Eligibility,
    HalfDay,
    OnSiteMinimum,
    Pool,
    Quota,
    check_booking,
)
from teleaccord.rules import BOOKING_RULES, applicable_rules

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
CAL = Calendar()
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
MON, TUE, WED, THU, FRI = (date(2024, 3, d) for d in range(4, 9))


def booked(*days: date | tuple[date, HalfDay]) -> list[Booking]:
    found = []
    for n, item in enumerate(days):
        day, half = item if isinstance(item, tuple) else (item, None)
        found.append(Booking(entry_id=f"b{n}", day=day, half=half, recorded_at=AT, by="E1"))
    return found


def codes(agreement: Agreement, day: date, **kwargs: Any) -> list[str]:
    kwargs.setdefault("contract", FULL_TIME)
    ctx = BookingContext(agreement=agreement, calendar=CAL, day=day, **kwargs)
    return [v.code for v in check_booking(ctx)]


def violations(agreement: Agreement, day: date, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("contract", FULL_TIME)
    ctx = BookingContext(agreement=agreement, calendar=CAL, day=day, **kwargs)
    return {v.code: v for v in check_booking(ctx)}


# -- eligibility: each condition alone refuses ----------------------------------------------

DRIVER = Contract.from_amendments(
    employee="E1", hired=date(2024, 1, 1), fraction=Fraction(1, 2), category="driver", site="lyon"
)


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        (Eligibility(categories={"claims"}), "category_not_eligible"),
        (Eligibility(excluded_categories={"driver"}), "category_not_eligible"),
        (Eligibility(min_seniority_months=6), "seniority_too_short"),
        (Eligibility(min_months_in_post=6), "months_in_post_too_short"),
        (Eligibility(min_fraction=Fraction(4, 5)), "fraction_too_low"),
        (Eligibility(sites={"paris"}), "site_not_eligible"),
    ],
)
def test_each_eligibility_condition_alone_refuses_a_booking(
    condition: Eligibility, reason: str
) -> None:
    # Hired 1 January 2024, half time, a driver in Lyon: 2 months of seniority on 4 March.
    found = violations(Agreement(name="x", eligibility=condition), MON, contract=DRIVER)
    assert "not_eligible" in found
    assert dict(found["not_eligible"].params)["reason"] == reason
    assert found["not_eligible"].message.endswith("Telework cannot be booked while this holds.")
    assert codes(Agreement(name="x"), MON, contract=DRIVER) == []


def test_outside_the_contract_and_the_validity_eligibility_adds_only_its_own_reasons() -> None:
    agreement = Agreement(
        name="x",
        eligibility=Eligibility(categories={"claims"}),
        valid=DateRange(date(2024, 4, 1), date(2024, 12, 31)),
    )
    # Before the agreement's validity, a category not eligible: both reported, once each.
    found = codes(agreement, MON, contract=DRIVER)
    assert found == ["outside_agreement_validity", "not_eligible"]
    # Before the hire date as well: the contract rule reports it, the eligibility rule nothing.
    assert codes(agreement, date(2023, 12, 4), contract=DRIVER) == [
        "outside_agreement_validity",
        "outside_contract",
    ]


# -- imposed and medical days are not held to the voluntary limits ---------------------------

LIMITS = Agreement(
    name="limits",
    excluded_weekdays=["We"],
    blackout=[THU],
    on_site=[OnSiteMinimum(window="week", days=4)],
    max_consecutive_days=1,
    pools=[Pool(name="flexible", kinds=["occasional"])],
)


@pytest.mark.parametrize("kind", ["imposed", "medical"])
def test_imposed_and_medical_days_ignore_weekdays_blackouts_on_site_and_runs(kind: str) -> None:
    assert codes(LIMITS, WED, telework_kind=kind, bookings=booked(TUE)) == []
    assert codes(LIMITS, THU, telework_kind=kind, bookings=booked(WED)) == []


@pytest.mark.parametrize("kind", ["regular", "occasional"])
def test_voluntary_days_are_held_to_every_limit(kind: str) -> None:
    # Wednesday: excluded; 2 days of telework leave 3 on site (< 4); Tuesday and Wednesday in
    # a row (> 1).
    assert codes(LIMITS, WED, telework_kind=kind, bookings=booked(TUE)) == [
        "excluded_weekday",
        "on_site_minimum",
        "consecutive_days_exceeded",
    ]
    assert codes(LIMITS, THU, telework_kind=kind, bookings=booked(MON)) == [
        "blackout",
        "on_site_minimum",
    ]


def test_an_excluded_weekday_names_the_day_and_the_excluded_ones() -> None:
    agreement = Agreement(name="hq", excluded_weekdays=["We", "Mo"])
    found = violations(agreement, WED)["excluded_weekday"]
    assert dict(found.params) == {"weekday": "We", "excluded": ["Mo", "We"]}
    assert found.message == (
        "The agreement 'hq' excludes telework on Wednesdays; 2024-03-06 is a Wednesday."
    )
    assert found.day == WED


def test_a_blackout_says_everyone_is_expected_on_site() -> None:
    found = violations(Agreement(name="inventory", blackout=[FRI]), FRI)["blackout"]
    assert found.message == (
        "2024-03-08 is a blackout date of the agreement 'inventory': everyone is expected on "
        "site; choose another day."
    )


# -- a run of telework days: half-days ---------------------------------------------------------

RUN_OF_2 = Agreement(name="runs", max_consecutive_days=2, granularity="half-day")


def test_a_day_half_on_site_breaks_a_run() -> None:
    # Monday whole, Tuesday afternoon only: the Tuesday morning on site breaks the run.
    assert codes(RUN_OF_2, WED, bookings=booked(MON, (TUE, HalfDay.AFTERNOON))) == []
    assert codes(RUN_OF_2, WED, bookings=booked(MON, (TUE, HalfDay.MORNING))) == []


def test_two_half_day_bookings_make_a_whole_day_of_a_run() -> None:
    bookings = booked(MON, (TUE, HalfDay.MORNING), (TUE, HalfDay.AFTERNOON))
    found = violations(RUN_OF_2, WED, bookings=bookings)["consecutive_days_exceeded"]
    assert dict(found.params) == {"run": 3, "maximum": 2, "first": MON, "last": WED}


def test_the_other_half_of_a_half_booked_day_completes_it() -> None:
    bookings = booked(MON, TUE, (WED, HalfDay.MORNING))
    found = violations(RUN_OF_2, WED, half="pm", bookings=bookings)
    assert dict(found["consecutive_days_exceeded"].params)["run"] == 3
    # Without the morning, the afternoon alone leaves Wednesday half on site: no run.
    assert codes(RUN_OF_2, WED, half="pm", bookings=booked(MON, TUE)) == []


def test_a_run_stops_counting_once_it_is_too_long() -> None:
    # Monday to Thursday booked, Friday asked for: the run is reported from Wednesday (3 > 2).
    bookings = booked(MON, TUE, WED, THU)
    found = violations(RUN_OF_2, FRI, bookings=bookings)["consecutive_days_exceeded"]
    assert dict(found.params) == {"run": 3, "maximum": 2, "first": WED, "last": FRI}
    assert "(at least 3, from 2024-03-06 to 2024-03-08)" in found.message


def test_weekends_neither_count_nor_break_a_run() -> None:
    # Friday 8, then Monday 11 and Tuesday 12: three working days in a row.
    bookings = booked(FRI, date(2024, 3, 11))
    found = violations(RUN_OF_2, date(2024, 3, 12), bookings=bookings)
    assert dict(found["consecutive_days_exceeded"].params)["first"] == FRI


# -- a window among many bookings --------------------------------------------------------------


def test_a_week_is_counted_among_more_bookings_than_it_has_days() -> None:
    # Ten bookings over two weeks of March and two of February: three in the week of 11 March.
    weekly = Agreement(name="w", quotas=[Quota(window="week", maximum=3)], granularity="half-day")
    days = [date(2024, 2, d) for d in (5, 6, 12, 13, 14)] + [MON, TUE]
    days += [date(2024, 3, d) for d in (11, 12, 13)]
    found = violations(weekly, date(2024, 3, 14), bookings=booked(*days))
    assert dict(found["weekly_max_exceeded"].params)["booked"] == 3
    assert dict(found["weekly_max_exceeded"].params)["window_start"] == date(2024, 3, 11)
    # The week of 4 March holds two: a third fits.
    assert codes(weekly, WED, bookings=booked(*days)) == []
    # A half-day booked counts 1/2.
    half = booked(*days[:-1], (date(2024, 3, 13), HalfDay.MORNING))
    found = violations(weekly, date(2024, 3, 14), bookings=half)
    assert dict(found["weekly_max_exceeded"].params)["booked"] == Fraction(5, 2)
    assert codes(weekly, date(2024, 3, 14), half="am", bookings=half) == []
