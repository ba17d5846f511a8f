"""On-site minimums, the agreement's validity and the contract's days: the refusals with their
numbers and messages (every figure counted by hand on the 2024 French calendar)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

from teleaccord import (
    Absence,
    Agreement,
    Booking,
    BookingContext,
    Calendar,
    Contract,
    DateRange,
    OnSiteMinimum,
    Violation,
    WorkPattern,
    check_booking,
)

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
MON, TUE, WED, THU = (date(2024, 3, d) for d in (4, 5, 6, 7))


def booked(*days: date) -> list[Booking]:
    return [Booking(entry_id=f"b{d.isoformat()}", day=d, recorded_at=AT, by="E1") for d in days]


def refusals(agreement: Agreement, day: date, **kw: object) -> list[Violation]:
    kw.setdefault("contract", FULL_TIME)
    ctx = BookingContext(agreement=agreement, calendar=Calendar(), day=day, **kw)  # type: ignore[arg-type]
    return list(check_booking(ctx))


def only(found: list[Violation], code: str) -> Violation:
    mine = [v for v in found if v.code == code]
    assert len(mine) == 1, [v.code for v in found]
    return mine[0]


SIXTY = Agreement(name="s", on_site=[OnSiteMinimum(window="week", share="60 %")])


def test_a_share_of_the_week_on_site() -> None:
    assert refusals(SIXTY, TUE, bookings=booked(MON)) == []  # 3 of 5 days left on site
    v = only(refusals(SIXTY, WED, bookings=booked(MON, TUE)), "on_site_minimum")
    assert dict(v.params) == {
        "window": "week",
        "window_start": date(2024, 3, 4),
        "window_end": date(2024, 3, 10),
        "on_site": 2,
        "required": 3,
        "worked": 5,
        "telework": 3,
    }
    assert v.message == (
        "Booking Wednesday 2024-03-06 would leave 2 days on site in the week 2024-03-04..2024-03-10; "
        "the agreement requires at least 60 % of 5 days (= 3). Choose a day in another week."
    )


def test_holidays_counting_as_on_site() -> None:
    # 6-12 May 2024: 8 May (Victory Day) and 9 May (Ascension) are holidays: 3 days worked,
    # 2 holidays counting as on site.
    three = Agreement(
        name="h", on_site=[OnSiteMinimum(window="week", days=3, holidays_count_as_on_site=True)]
    )
    assert refusals(three, date(2024, 5, 7), bookings=booked(date(2024, 5, 6))) == []
    v = only(
        refusals(three, date(2024, 5, 10), bookings=booked(date(2024, 5, 6), date(2024, 5, 7))),
        "on_site_minimum",
    )
    params = dict(v.params)
    assert (params["worked"], params["required"], params["on_site"], params["telework"]) == (
        5,
        3,
        2,
        3,
    )
    assert v.message == (
        "Booking Friday 2024-05-10 would leave 2 days on site in the week 2024-05-06..2024-05-12, "
        "holidays counting as on site (2); the agreement requires at least 3 days. Choose a day in another week."
    )
    without = Agreement(
        name="h", on_site=[OnSiteMinimum(window="week", days=2, holidays_count_as_on_site=False)]
    )
    v = only(
        refusals(without, date(2024, 5, 7), bookings=booked(date(2024, 5, 6))), "on_site_minimum"
    )
    assert (dict(v.params)["worked"], dict(v.params)["on_site"]) == (3, 1)


def test_leave_leaves_the_base_and_training_counts_as_on_site() -> None:
    def absent(kind: str) -> Absence:
        return Absence(absence_id="A", employee="E1", days=DateRange(THU, THU), kind=kind)

    v = only(
        refusals(SIXTY, TUE, bookings=booked(MON), absences=[absent("paid_leave")]),
        "on_site_minimum",
    )
    params = dict(v.params)
    assert (params["worked"], params["required"], params["on_site"]) == (4, Fraction(12, 5), 2)
    assert "the agreement requires at least 60 % of 4 days (= 2.4)." in v.message
    assert refusals(SIXTY, TUE, bookings=booked(MON), absences=[absent("training")]) == []


def test_an_imposed_day_is_not_held_to_the_on_site_minimum() -> None:
    assert refusals(SIXTY, WED, bookings=booked(MON, TUE), telework_kind="imposed") == []


def test_a_day_outside_the_agreement_s_validity() -> None:
    until = Agreement(name="q", valid=DateRange(date(2024, 3, 1), date(2024, 12, 31)))
    v = only(refusals(until, date(2024, 2, 15)), "outside_agreement_validity")
    assert dict(v.params) == {"valid_start": date(2024, 3, 1), "valid_end": date(2024, 12, 31)}
    assert v.message == (
        "2024-02-15 is outside the validity of the agreement 'q', which is in force from 2024-03-01 "
        "to 2024-12-31; book a day inside it."
    )
    open_ended = Agreement(name="q", valid=DateRange(date(2024, 3, 1), date(9999, 12, 31)))
    v = only(refusals(open_ended, date(2024, 2, 15)), "outside_agreement_validity")
    assert "which is in force from 2024-03-01, with no end date; book a day inside it." in v.message


def test_a_day_outside_the_contract() -> None:
    fixed_term = Contract.from_amendments(
        employee="E1", hired=date(2024, 6, 1), last_day=date(2024, 9, 30)
    )
    v = only(refusals(Agreement(name="q"), MON, contract=fixed_term), "outside_contract")
    assert dict(v.params) == {"hired": date(2024, 6, 1), "last_day": date(2024, 9, 30)}
    assert (
        v.message
        == "E1 is not under contract on 2024-03-04 (the contract runs from 2024-06-01 to 2024-09-30)."
    )
    open_ended = Contract.from_amendments(employee="E1", hired=date(2024, 6, 1))
    v = only(refusals(Agreement(name="q"), MON, contract=open_ended), "outside_contract")
    assert (
        v.message == "E1 is not under contract on 2024-03-04 (the contract runs from 2024-06-01)."
    )
    assert dict(v.params)["last_day"] is None


# -- telework days in a row ----------------------------------------------------------------------------

IN_A_ROW = Agreement(name="r", granularity="half-day", max_consecutive_days=3)


def test_a_weekend_does_not_break_a_run() -> None:
    # Thursday 7, Friday 8, (weekend), Monday 11 booked: Tuesday 12 would be the 4th in a row.
    v = only(
        refusals(
            IN_A_ROW, date(2024, 3, 12), bookings=booked(THU, date(2024, 3, 8), date(2024, 3, 11))
        ),
        "consecutive_days_exceeded",
    )
    assert dict(v.params) == {"run": 4, "maximum": 3, "first": THU, "last": date(2024, 3, 12)}
    assert v.message == (
        "Booking Tuesday 2024-03-12 would make more than 3 telework working days in a row (at least 4, "
        "from 2024-03-07 to 2024-03-12); the agreement allows 3. Keep a day on site in between."
    )


def test_a_run_is_counted_after_the_day_too() -> None:
    later = booked(date(2024, 3, 13), date(2024, 3, 14), date(2024, 3, 15))
    v = only(refusals(IN_A_ROW, date(2024, 3, 12), bookings=later), "consecutive_days_exceeded")
    assert (dict(v.params)["first"], dict(v.params)["last"]) == (
        date(2024, 3, 12),
        date(2024, 3, 15),
    )


def test_holidays_do_not_break_a_run_but_half_a_day_on_site_does() -> None:
    two = Agreement(name="r", granularity="half-day", max_consecutive_days=2)
    # 8 and 9 May 2024 are holidays: Monday 6, Tuesday 7 and Friday 10 are in a row.
    v = only(
        refusals(two, date(2024, 5, 10), bookings=booked(date(2024, 5, 6), date(2024, 5, 7))),
        "consecutive_days_exceeded",
    )
    assert (dict(v.params)["run"], dict(v.params)["first"]) == (3, date(2024, 5, 6))
    morning_only = [
        *booked(THU, date(2024, 3, 8)),
        Booking(entry_id="am", day=date(2024, 3, 11), half="am", recorded_at=AT, by="E1"),
    ]
    assert refusals(IN_A_ROW, date(2024, 3, 12), bookings=morning_only) == []


def test_an_imposed_day_is_not_held_to_the_limit() -> None:
    assert (
        refusals(
            IN_A_ROW,
            date(2024, 3, 12),
            bookings=booked(THU, date(2024, 3, 8), date(2024, 3, 11)),
            telework_kind="imposed",
        )
        == []
    )


def test_a_day_off_in_the_pattern_does_not_break_a_run_and_the_hire_day_starts_one() -> None:
    two = Agreement(name="r", max_consecutive_days=2)
    no_wednesday = Contract.from_amendments(
        employee="E1", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu Th Fr")
    )
    v = only(
        refusals(two, THU, contract=no_wednesday, bookings=booked(MON, TUE)),
        "consecutive_days_exceeded",
    )
    assert (dict(v.params)["run"], dict(v.params)["first"], dict(v.params)["last"]) == (3, MON, THU)
    one = Agreement(name="r", max_consecutive_days=1)
    hired_on_tuesday = Contract.from_amendments(employee="E1", hired=TUE)
    assert refusals(one, TUE, contract=hired_on_tuesday) == []
