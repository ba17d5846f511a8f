"""Why a booking is refused: the code, the numbers and the message of each refusal, for absences,
notice, days already booked, days not worked, and quotas per pool (figures worked out by hand)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from teleaccord import (
    Absence,
    Agreement,
    Booking,
    BookingContext,
    Calendar,
    Contract,
    DateRange,
    Notice,
    Pool,
    Quota,
    Violation,
    WorkPattern,
    check_booking,
)

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
PARIS = ZoneInfo("Europe/Paris")
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
HALF_DAYS = Agreement(name="halves", granularity="half-day")
TUESDAY = date(2024, 3, 5)
MONDAY = date(2024, 3, 4)


def refusals(**context: object) -> tuple[Violation, ...]:
    context.setdefault("agreement", HALF_DAYS)
    context.setdefault("contract", FULL_TIME)
    context.setdefault("calendar", Calendar())
    return tuple(check_booking(BookingContext(**context)))  # type: ignore[arg-type]


def only(violations: tuple[Violation, ...]) -> Violation:
    assert len(violations) == 1, [v.code for v in violations]
    return violations[0]


def booking(entry_id: str, day: date, half: str | None = None, kind: str = "regular") -> Booking:
    return Booking(
        entry_id=entry_id, day=day, half=half, recorded_at=AT, by="E1", telework_kind=kind
    )


def leave(**halves: str) -> Absence:
    return Absence(
        absence_id="A1",
        employee="E1",
        kind="paid_leave",
        days=DateRange(TUESDAY, TUESDAY),
        **halves,
    )


# -- absent ------------------------------------------------------------------------------------

ABSENT_TEXT = (
    "E1 is absent (paid_leave, absence A1, 2024-03-05..2024-03-05) on {part} of 2024-03-05: an "
    "absent person cannot telework. Cancel or shorten the absence first, or choose another day."
)


@pytest.mark.parametrize(
    ("halves", "asked", "part", "absent_half", "amount"),
    [
        ({}, None, "the whole day", None, 1),
        ({}, "am", "the whole day", None, 0.5),
        ({"end_half": "am"}, None, "the morning", "am", 1),
        ({"end_half": "am"}, "am", "the morning", "am", 0.5),
        ({"start_half": "pm"}, "pm", "the afternoon", "pm", 0.5),
        ({"start_half": "pm"}, None, "the afternoon", "pm", 1),
    ],
)
def test_an_absent_half_day_cannot_be_teleworked(
    halves: dict[str, str], asked: str | None, part: str, absent_half: str | None, amount: float
) -> None:
    v = only(refusals(day=TUESDAY, half=asked, absences=[leave(**halves)]))
    assert v.code == "absent"
    assert v.day == TUESDAY
    assert dict(v.params) == {
        "absence_id": "A1",
        "kind": "paid_leave",
        "absent_half": absent_half,
        "amount": amount,
    }
    assert v.message == ABSENT_TEXT.format(part=part)


@pytest.mark.parametrize(
    ("halves", "asked"), [({"end_half": "am"}, "pm"), ({"start_half": "pm"}, "am")]
)
def test_the_other_half_of_a_half_day_absence_can_be_teleworked(
    halves: dict[str, str], asked: str
) -> None:
    assert refusals(day=TUESDAY, half=asked, absences=[leave(**halves)]) == ()


def test_an_absence_on_other_days_refuses_nothing() -> None:
    away = Absence(absence_id="A2", employee="E1", kind="sickness", days=DateRange(MONDAY, MONDAY))
    assert refusals(day=TUESDAY, absences=[away]) == ()


def test_two_absences_on_the_day_give_two_refusals() -> None:
    morning = leave(end_half="am")
    afternoon = Absence(
        absence_id="A2",
        employee="E1",
        kind="training",
        days=DateRange(TUESDAY, TUESDAY),
        start_half="pm",
    )
    found = refusals(day=TUESDAY, absences=[morning, afternoon])
    assert [
        (v.code, dict(v.params)["absence_id"], dict(v.params)["absent_half"]) for v in found
    ] == [
        ("absent", "A1", "am"),
        ("absent", "A2", "pm"),
    ]


# -- notice ------------------------------------------------------------------------------------

THURSDAY = date(2024, 3, 7)
EVENING_BEFORE = Agreement(name="n", notice=Notice(deadline_days_before=1, deadline_time="19:00"))


def test_asked_by_the_deadline_is_accepted_a_minute_later_is_refused() -> None:
    # Deadline: Wednesday 6 March 19:00 in Paris (UTC+1 in March) = 18:00 UTC.
    on_time = datetime(2024, 3, 6, 18, 0, tzinfo=timezone.utc)
    assert refusals(agreement=EVENING_BEFORE, day=THURSDAY, at=on_time) == ()
    late = on_time + timedelta(minutes=1)
    v = only(refusals(agreement=EVENING_BEFORE, day=THURSDAY, at=late))
    assert v.code == "notice_too_short"
    assert dict(v.params)["deadline"] == datetime(2024, 3, 6, 19, 0, tzinfo=PARIS)
    assert dict(v.params)["asked_at"] == late
    assert dict(v.params)["working_days"] == 0
    assert v.message == (
        "Thursday 2024-03-07 had to be asked for by 2024-03-06 19:00 (Europe/Paris; notice: the day "
        "before at 19:00); it was asked for on 2024-03-06 19:01. Choose a later day."
    )


def test_a_notice_on_the_same_day_names_the_half_day_asked_for() -> None:
    same_day = Agreement(
        name="n",
        granularity="half-day",
        notice=Notice(deadline_days_before=0, deadline_time="09:00"),
    )
    v = only(
        refusals(
            agreement=same_day,
            day=THURSDAY,
            half="pm",
            at=datetime(2024, 3, 7, 8, 30, tzinfo=timezone.utc),
        )
    )
    assert v.message == (
        "The afternoon of Thursday 2024-03-07 had to be asked for by 2024-03-07 09:00 (Europe/Paris; "
        "notice: the same day at 09:00); it was asked for on 2024-03-07 09:30. Choose a later day."
    )


def test_a_notice_some_days_before() -> None:
    three_days = Agreement(name="n", notice=Notice(deadline_days_before=3, deadline_time="12:00"))
    v = only(
        refusals(
            agreement=three_days, day=THURSDAY, at=datetime(2024, 3, 4, 11, 1, tzinfo=timezone.utc)
        )
    )
    assert dict(v.params)["deadline"] == datetime(2024, 3, 4, 12, 0, tzinfo=PARIS)
    assert (
        "(Europe/Paris; notice: 3 days before at 12:00); it was asked for on 2024-03-04 12:01."
        in v.message
    )


def test_a_notice_in_working_days_is_counted_in_working_days() -> None:
    two_days = Agreement(name="n", notice=Notice(working_days=2))
    # Thursday 7 March with 2 working days' notice: asked by the end of Tuesday 5 March.
    end_of_tuesday = datetime(2024, 3, 5, 23, 59, tzinfo=PARIS)
    assert refusals(agreement=two_days, day=THURSDAY, at=end_of_tuesday) == ()
    v = only(
        refusals(agreement=two_days, day=THURSDAY, at=datetime(2024, 3, 6, 8, tzinfo=timezone.utc))
    )
    assert (v.code, dict(v.params)["working_days"]) == ("notice_too_short", 2)
    assert v.message == (
        "Thursday 2024-03-07 had to be asked for by 2024-03-05 23:59 (Europe/Paris; notice: 2 working "
        "days); it was asked for on 2024-03-06 09:00. Choose a later day."
    )


def test_no_notice_is_checked_without_a_moment_or_for_an_imposed_day() -> None:
    two_days = Agreement(name="n", notice=Notice(working_days=2))
    late = datetime(2024, 3, 6, 8, tzinfo=timezone.utc)
    assert refusals(agreement=two_days, day=THURSDAY) == ()
    assert refusals(agreement=two_days, day=THURSDAY, at=late, telework_kind="imposed") == ()
    assert refusals(agreement=two_days, day=THURSDAY, at=late, telework_kind="medical") == ()
    assert [
        v.code
        for v in refusals(agreement=two_days, day=THURSDAY, at=late, telework_kind="occasional")
    ] == ["notice_too_short"]


# -- already booked ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("booked", "asked", "text"),
    [
        ("pm", "pm", "The afternoon of Tuesday 2024-03-05 is already booked (entry 'b1')."),
        (None, "am", "The morning of Tuesday 2024-03-05 is already booked (entry 'b1')."),
        (None, None, "Tuesday 2024-03-05 is already booked (entry 'b1')."),
    ],
)
def test_a_day_or_half_day_already_booked(booked: str | None, asked: str | None, text: str) -> None:
    v = only(refusals(day=TUESDAY, half=asked, bookings=[booking("b1", TUESDAY, booked)]))
    assert (v.code, dict(v.params), v.message) == ("already_booked", {"entry_id": "b1"}, text)


@pytest.mark.parametrize(
    ("booked", "text"),
    [
        (
            "am",
            "The morning of 2024-03-05 is already booked; book the afternoon only, or cancel the half-day first.",
        ),
        (
            "pm",
            "The afternoon of 2024-03-05 is already booked; book the morning only, or cancel the half-day first.",
        ),
    ],
)
def test_a_whole_day_where_a_half_day_is_booked(booked: str, text: str) -> None:
    v = only(refusals(day=TUESDAY, bookings=[booking("b1", TUESDAY, booked)]))
    assert v.code == "half_day_clash"
    assert dict(v.params) == {"booked_halves": [booked], "entry_ids": ["b1"]}
    assert v.message == text


def test_the_free_half_of_a_booked_day_and_other_days_can_be_booked() -> None:
    assert refusals(day=TUESDAY, half="am", bookings=[booking("b1", TUESDAY, "pm")]) == ()
    assert refusals(day=TUESDAY, bookings=[booking("b1", MONDAY)]) == ()


# -- days the employee does not work -------------------------------------------------------------

PART_TIME = Contract.from_amendments(
    employee="E1", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu:am We:pm Th Fr")
)


def test_a_closure_day() -> None:
    v = only(refusals(day=TUESDAY, half="am", calendar=Calendar(closures=[TUESDAY])))
    assert (v.code, dict(v.params)) == ("closure", {})
    assert (
        v.message
        == "The morning of Tuesday 2024-03-05 is a company closure day; choose a day the company is open."
    )


def test_a_public_holiday_not_worked_and_one_worked() -> None:
    may_day = date(2024, 5, 1)  # a Wednesday
    v = only(refusals(day=may_day))
    assert v.code == "holiday"
    assert dict(v.params)["holiday_fr"] == "Fête du Travail"
    assert set(dict(v.params)) == {"holiday", "holiday_fr"}
    assert v.message.startswith("Wednesday 2024-05-01 is a public holiday (")
    assert v.message.endswith(") that E1 does not work; choose a working day.")
    whit_monday = date(2024, 5, 20)  # the solidarity day, worked here
    assert refusals(day=whit_monday, calendar=Calendar(worked_holidays=[whit_monday])) == ()


def test_a_holiday_on_a_day_off_is_a_day_off() -> None:
    # 1 May 2024 is a Wednesday: this employee works only its afternoon, and not on Saturdays.
    no_wednesday = Contract.from_amendments(
        employee="E1", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu Th Fr")
    )
    v = only(refusals(day=date(2024, 5, 1), contract=no_wednesday))
    assert v.code == "not_in_pattern"


def test_a_day_outside_the_work_pattern() -> None:
    v = only(refusals(day=date(2024, 3, 9), contract=PART_TIME))
    assert (v.code, dict(v.params)) == ("not_in_pattern", {"pattern": "Mo Tu:am We:pm Th Fr"})
    assert v.message == (
        "E1 does not work on Saturday 2024-03-09 (work pattern Mo Tu:am We:pm Th Fr); choose a day of the pattern."
    )


@pytest.mark.parametrize(
    ("day", "asked", "part"),
    [(TUESDAY, "pm", "afternoon"), (date(2024, 3, 6), "am", "morning")],
)
def test_a_half_day_not_worked(day: date, asked: str, part: str) -> None:
    v = only(refusals(day=day, half=asked, contract=PART_TIME))
    assert (v.code, dict(v.params)) == (
        "not_in_pattern",
        {"pattern": "Mo Tu:am We:pm Th Fr", "half": asked},
    )
    weekday = "Tuesday" if day == TUESDAY else "Wednesday"
    assert v.message == (
        f"E1 does not work the {part} of {weekday} {day.isoformat()} (work pattern Mo Tu:am We:pm Th Fr); "
        "book the half-day that is worked."
    )


@pytest.mark.parametrize(
    ("day", "worked", "part"),
    [(TUESDAY, "am", "morning"), (date(2024, 3, 6), "pm", "afternoon")],
)
def test_a_whole_day_asked_for_on_a_half_day_worked(day: date, worked: str, part: str) -> None:
    v = only(refusals(day=day, contract=PART_TIME))
    assert (v.code, dict(v.params)) == ("not_working_day", {"worked_half": worked})
    weekday = "Tuesday" if day == TUESDAY else "Wednesday"
    assert v.message == (
        f"E1 works only the {part} of {weekday} {day.isoformat()}; book that half-day "
        f"(half={worked!r}) instead of the whole day."
    )


@pytest.mark.parametrize(
    ("day", "asked"), [(TUESDAY, "am"), (date(2024, 3, 6), "pm"), (MONDAY, None)]
)
def test_the_days_and_half_days_worked_can_be_booked(day: date, asked: str | None) -> None:
    assert refusals(day=day, half=asked, contract=PART_TIME) == ()


# -- quotas per pool ----------------------------------------------------------------------------

POOLS = Agreement(
    name="pools",
    quotas=[Quota(window="week", maximum=2)],
    pools=[Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="month", maximum=1)])],
    total=[Quota(window="week", maximum=3)],
)


def test_a_pool_s_own_quota_is_named_in_the_refusal() -> None:
    v = only(
        refusals(
            agreement=POOLS,
            day=TUESDAY,
            telework_kind="occasional",
            bookings=[booking("o1", date(2024, 3, 1), kind="occasional"), booking("r1", MONDAY)],
        )
    )
    assert v.code == "monthly_max_exceeded"
    assert (dict(v.params)["pool"], dict(v.params)["booked"], dict(v.params)["maximum"]) == (
        "flexible",
        1,
        1,
    )
    assert v.message.startswith(
        "[pool flexible] Booking Tuesday 2024-03-05 would make 2 days of telework"
    )


def test_the_default_pool_counts_its_own_kinds_only() -> None:
    # Monday regular; Tuesday and Thursday occasional: 1 regular day booked, the weekly maximum
    # of the default pool (2) holds; the total (3 voluntary days) does not.
    booked = [
        booking("r1", MONDAY),
        booking("o1", TUESDAY, kind="occasional"),
        booking("o2", date(2024, 3, 7), kind="occasional"),
    ]
    v = only(refusals(agreement=POOLS, day=date(2024, 3, 6), bookings=booked))
    assert v.code == "weekly_max_exceeded"
    assert (dict(v.params)["pool"], dict(v.params)["booked"], dict(v.params)["maximum"]) == (
        "total",
        3,
        3,
    )
    assert v.message.startswith("[pool total] Booking Wednesday 2024-03-06 would make 4 days")


def test_the_default_pool_s_refusal_is_not_prefixed() -> None:
    v = only(
        refusals(
            agreement=POOLS,
            day=date(2024, 3, 6),
            bookings=[booking("r1", MONDAY), booking("r2", TUESDAY)],
        )
    )
    assert v.code == "weekly_max_exceeded"
    assert "pool" not in dict(v.params)
    assert dict(v.params)["booked"] == 2
    assert v.message.startswith("Booking Wednesday 2024-03-06 would make 3 days")


def test_imposed_days_count_in_no_pool() -> None:
    booked = [
        booking("r1", MONDAY),
        booking("r2", TUESDAY),
        booking("r3", date(2024, 3, 6)),
        booking("i1", date(2024, 3, 7), kind="imposed"),
    ]
    # The total counts the 3 regular days, not the imposed Thursday: 4 > 3.
    v = only(
        refusals(agreement=POOLS, day=date(2024, 3, 8), telework_kind="occasional", bookings=booked)
    )
    assert (dict(v.params)["pool"], dict(v.params)["booked"]) == ("total", 3)
    # An imposed day itself is held to no quota.
    assert (
        refusals(agreement=POOLS, day=date(2024, 3, 8), telework_kind="imposed", bookings=booked)
        == ()
    )


def test_without_pools_an_imposed_day_booked_does_not_use_the_weekly_maximum() -> None:
    weekly = Agreement(name="w", quotas=[Quota(window="week", maximum=2)])
    wednesday = date(2024, 3, 6)
    assert (
        refusals(
            agreement=weekly,
            day=wednesday,
            bookings=[booking("r1", MONDAY), booking("i1", TUESDAY, kind="imposed")],
        )
        == ()
    )
    v = only(
        refusals(
            agreement=weekly,
            day=wednesday,
            bookings=[booking("r1", MONDAY), booking("r2", TUESDAY)],
        )
    )
    assert (v.code, dict(v.params)["booked"]) == ("weekly_max_exceeded", 2)
    assert (
        refusals(
            agreement=weekly,
            day=wednesday,
            telework_kind="imposed",
            bookings=[booking("r1", MONDAY), booking("r2", TUESDAY)],
        )
        == ()
    )


def test_a_total_without_pools_caps_the_regular_days() -> None:
    capped = Agreement(
        name="t", quotas=[Quota(window="week", maximum=5)], total=[Quota(window="week", maximum=1)]
    )
    v = only(refusals(agreement=capped, day=date(2024, 3, 6), bookings=[booking("r1", MONDAY)]))
    assert (
        v.code,
        dict(v.params)["pool"],
        dict(v.params)["booked"],
        dict(v.params)["maximum"],
    ) == (
        "weekly_max_exceeded",
        "total",
        1,
        1,
    )
