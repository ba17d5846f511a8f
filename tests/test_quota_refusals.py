"""Quota refusals through a ledger: the period balance (this period, a later one, a negative
limit, progressive accrual) and the window maxima, with their numbers and messages, plus the
notice in another time zone (figures worked out by hand)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

from teleaccord import (
    Accrual,
    Agreement,
    Calendar,
    CarryOver,
    Contract,
    Notice,
    Pool,
    Quota,
    QuotaLedger,
    Rounding,
    Violation,
    year_range,
)

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
Y2024, Y2025 = year_range(2024), year_range(2025)
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
MON, TUE, WED = date(2024, 3, 4), date(2024, 3, 5), date(2024, 3, 6)


def ledger(agreement: Agreement, *years: int) -> QuotaLedger:
    found = QuotaLedger(agreement=agreement, contract=FULL_TIME, calendar=Calendar())
    for year in years:
        found.grant(year_range(year), at=AT, by="hr")
    return found


def quota(days: int, **kw: object) -> Agreement:
    kw.setdefault("granularity", "half-day")
    return Agreement(name="q", quotas=[Quota(window="period", maximum=days)], **kw)  # type: ignore[arg-type]


def only(found: tuple[Violation, ...], code: str = "period_quota_exceeded") -> Violation:
    mine = [v for v in found if v.code == code]
    assert len(mine) == 1, [v.code for v in found]
    return mine[0]


# -- the period's balance ------------------------------------------------------------------------


def test_a_day_beyond_the_balance() -> None:
    two = ledger(quota(2), 2024)
    two.book(MON, at=AT, by="E1")
    two.book(TUE, at=AT, by="E1")
    v = only(two.check(WED))
    assert dict(v.params) == {
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "remaining_before": 0,
        "remaining_after": -1,
        "amount": 1,
        "floor": 0,
    }
    assert v.message == (
        "Booking Wednesday 2024-03-06 (1 day) would leave -1 day in period 2024-01-01..2024-12-31: "
        "2 granted, 0 carried, 0 adjusted, 2 already taken, 0 expired. Cancel another day or ask HR "
        "for an adjustment."
    )


def test_half_a_day_beyond_the_balance_after_an_adjustment() -> None:
    two = ledger(quota(2), 2024)
    two.adjust(Y2024, Fraction(1, 2), reason="fix", at=AT, by="hr")
    for day in (MON, TUE):
        two.book(day, at=AT, by="E1")
    two.book(WED, half="am", at=AT, by="E1")
    v = only(two.check(WED, half="pm"))
    params = dict(v.params)
    assert (params["remaining_before"], params["remaining_after"], params["amount"]) == (
        0,
        Fraction(-1, 2),
        Fraction(1, 2),
    )
    assert v.message == (
        "Booking the afternoon of Wednesday 2024-03-06 (0.5 day) would leave -0.5 day in period "
        "2024-01-01..2024-12-31: 2 granted, 0 carried, 0.5 adjusted, 2.5 already taken, 0 expired. "
        "Cancel another day or ask HR for an adjustment."
    )
    assert two.check(date(2024, 3, 7), half="am") != ()


def test_a_period_not_granted() -> None:
    v = only(ledger(quota(2)).check(WED))
    assert v.message == (
        "No telework days are granted to E1 for period 2024-01-01..2024-12-31, so Wednesday "
        "2024-03-06 cannot be booked; grant the period first."
    )
    assert dict(v.params)["remaining_before"] == 0


def test_a_negative_limit_is_the_floor() -> None:
    overdraft = ledger(quota(1, allow_negative=True, negative_limit=1), 2024)
    overdraft.book(MON, at=AT, by="E1")
    assert overdraft.check(TUE) == ()  # down to -1 is allowed
    overdraft.book(TUE, at=AT, by="E1")
    v = only(overdraft.check(WED))
    assert (dict(v.params)["floor"], dict(v.params)["remaining_after"]) == (-1, -2)
    assert v.message.endswith(
        "0 expired; the agreement allows down to -1. Cancel another day or ask HR for an adjustment."
    )
    unlimited = ledger(quota(1, allow_negative=True), 2024)
    for day in (MON, TUE):
        unlimited.book(day, at=AT, by="E1")
    assert unlimited.check(WED) == ()


def test_a_day_that_would_leave_a_later_period_short() -> None:
    # 3 a year, carried up to 3: 2024 carries 3 into 2025, where 6 days are booked. One day
    # booked in 2024 carries 2: 2025 falls to -1.
    carried = ledger(quota(3, carry_over=CarryOver(mode="capped", cap=3)), 2024, 2025)
    for day in range(6):
        carried.book(date(2025, 3, 3 + day if day < 5 else 10), at=AT, by="E1")
    v = only(carried.check(MON))
    assert dict(v.params) == {
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "remaining_before": -1,
        "remaining_after": -1,
        "amount": 1,
        "floor": 0,
    }
    assert v.message == (
        "Booking Monday 2024-03-04 would carry fewer days into period 2025-01-01..2025-12-31 and "
        "leave it at -1 day, where days are already booked. Cancel a day of that period first."
    )


# -- progressive accrual ------------------------------------------------------------------------------

MONTHLY = quota(
    12, accrual=Accrual(step="monthly", at="end"), rounding=Rounding("down", unit=Fraction(1, 2))
)
# Accrued by a day: 12 × (days of the months over) / 366, rounded down to a half-day:
# by 16 February, January only: 12 × 31/366 = 1.01 -> 1; by 15 March, January and February:
# 12 × 60/366 = 1.97 -> 1.5.


def test_a_day_beyond_what_has_accrued_by_then() -> None:
    accruing = ledger(MONTHLY, 2024)
    accruing.book(date(2024, 2, 15), at=AT, by="E1")
    v = only(accruing.check(date(2024, 2, 16)))
    assert dict(v.params) == {
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "accrued": 1,
        "by_day": date(2024, 2, 16),
        "taken": 2,
        "available": 1,
        "amount": 1,
        "floor": 0,
    }
    assert v.message == (
        "Booking Friday 2024-02-16 would use 2 days of period 2024-01-01..2024-12-31 by 2024-02-16, "
        "but only 1 day has accrued by then (plus 0 carried and 0 adjusted). Choose a later day."
    )


def test_an_earlier_day_is_checked_against_the_later_days_booked() -> None:
    accruing = ledger(MONTHLY, 2024)
    accruing.book(date(2024, 3, 15), at=AT, by="E1")
    v = only(accruing.check(date(2024, 2, 16)))
    params = dict(v.params)
    assert (params["by_day"], params["accrued"], params["taken"]) == (
        date(2024, 3, 15),
        Fraction(3, 2),
        2,
    )
    assert "by 2024-03-15, but only 1.5 days have accrued by then" in v.message
    assert (
        accruing.check(date(2024, 4, 2)) == ()
    )  # by 2 April (Easter Monday is 1 April) 2.5 days have accrued


def test_an_adjustment_adds_to_what_has_accrued() -> None:
    accruing = ledger(MONTHLY, 2024)
    accruing.adjust(Y2024, 1, reason="welcome", at=AT, by="hr")
    accruing.book(date(2024, 2, 15), at=AT, by="E1")
    assert accruing.check(date(2024, 2, 16)) == ()
    accruing.book(date(2024, 2, 16), at=AT, by="E1")
    v = only(accruing.check(date(2024, 2, 19)))
    assert dict(v.params)["available"] == 2
    assert "(plus 0 carried and 1 adjusted)" in v.message


# -- window maxima ----------------------------------------------------------------------------------------


def test_a_labelled_prorated_weekly_maximum() -> None:
    weekly = Agreement(
        name="w",
        quotas=[
            Quota(window="period", maximum=100),
            Quota(window="week", maximum=2, prorate=True, label="rhythm"),
        ],
    )
    booked = ledger(weekly, 2024)
    booked.book(MON, at=AT, by="E1")
    booked.book(TUE, at=AT, by="E1")
    v = only(booked.check(WED), "weekly_max_exceeded")
    assert dict(v.params) == {
        "window": "week",
        "window_start": date(2024, 3, 4),
        "window_end": date(2024, 3, 10),
        "booked": 2,
        "amount": 1,
        "maximum": 2,
    }
    assert v.message == (
        "Booking Wednesday 2024-03-06 would make 3 days of telework in the week 2024-03-04..2024-03-10; "
        "the agreement allows 2 (prorated) (rhythm), and 2 days are already booked. Choose a day in another week."
    )


def test_a_fortnightly_maximum_with_one_day_booked() -> None:
    fortnight = Agreement(
        name="f", quotas=[Quota(window="period", maximum=100), Quota(window="fortnight", maximum=1)]
    )
    booked = ledger(fortnight, 2024)
    booked.book(MON, at=AT, by="E1")
    v = only(booked.check(WED), "window_max_exceeded")
    assert dict(v.params)["window"] == "fortnight"
    assert (
        "the agreement allows 1, and 1 day is already booked. Choose a day in another fortnight."
        in v.message
    )


def test_a_total_per_period_caps_every_pool_together() -> None:
    pooled = Agreement(
        name="p",
        quotas=[Quota(window="period", maximum=10)],
        pools=[
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=10)])
        ],
        total=[Quota(window="period", maximum=2)],
    )
    booked = ledger(pooled, 2024)
    booked.book(MON, at=AT, by="E1")
    booked.book(TUE, at=AT, by="E1", telework_kind="occasional")
    v = only(booked.check(WED), "window_max_exceeded")
    params = dict(v.params)
    assert (params["pool"], params["booked"], params["maximum"], params["window"]) == (
        "total",
        2,
        2,
        "period",
    )
    assert booked.check(WED, telework_kind="imposed") == ()


# -- the notice in the agreement's time zone, and holidays by the half-day -----------------------------


def test_the_notice_deadline_is_read_in_the_agreement_s_time_zone() -> None:
    reunion = Agreement(
        name="r",
        timezone="Indian/Reunion",
        notice=Notice(working_days=1, deadline_days_before=1, deadline_time="19:00"),
    )
    booked = ledger(reunion)
    # 19:00 in Réunion (UTC+4) is 15:00 UTC.
    on_time = datetime(2024, 3, 5, 15, 0, tzinfo=timezone.utc)
    assert [v.code for v in booked.check(WED, at=on_time) if v.code == "notice_too_short"] == []
    late = datetime(2024, 3, 5, 15, 1, tzinfo=timezone.utc)
    v = only(booked.check(WED, at=late), "notice_too_short")
    assert "had to be asked for by 2024-03-05 19:00 (Indian/Reunion; notice: " in v.message
    assert " and the day before at 19:00); it was asked for on 2024-03-05 19:01." in v.message


def test_a_holiday_names_the_half_day_asked_for() -> None:
    halves = ledger(quota(10), 2024)
    v = only(halves.check(date(2024, 5, 1), half="am"), "holiday")
    assert v.message.startswith("The morning of Wednesday 2024-05-01 is a public holiday (")
    assert isinstance(dict(v.params)["holiday"], str)
    assert dict(v.params)["holiday"] in v.message
