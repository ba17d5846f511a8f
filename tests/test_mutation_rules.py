"""The period quota through a ledger, where the booking rule takes its shortcut (issue 11,
mutation testing): a regular day under an agreement without pools, granted upfront, answered
from the remaining days without building balances. Each case below is one the shortcut must
answer like the whole rule: the last day of a quota, a half-day over it, a day that would
carry fewer days into a later period already booked, the limits below zero, and the
agreements the shortcut must leave to the whole rule (pools, accrual by months).

Every expected figure is counted by hand from the calendar: March 2024 has 21 working days
(Friday 1, then Monday 4 to Friday 29), January 2025 has 22 (Thursday 2 to Friday 31; the
1st is a holiday), and no public holiday falls in either month after the 1st.
"""

from __future__ import annotations

from collections import ChainMap
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from teleaccord import (
    Absence,
    Accrual,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Balance,
    Booking,
    BookingContext,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    Notice,
    OperationRefused,
    Pool,
    Quota,
    QuotaLedger,
    year_range,
)
from teleaccord.rules import not_absent, within_period_quota

CAL = Calendar()
AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
Y2024, Y2025 = year_range(2024), year_range(2025)
STAFF = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))


def weekdays(start: date, count: int) -> list[date]:
    """``count`` days from Monday to Friday from ``start`` on (no holiday in the months used)."""
    found, day = [], start
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def ledger(agreement: Agreement, *periods: object) -> QuotaLedger:
    led = QuotaLedger(agreement=agreement, contract=STAFF, calendar=CAL)
    for period in periods or (Y2024,):
        led.grant(period, at=AT, by="hr")  # type: ignore[arg-type]
    return led


def book_all(led: QuotaLedger, days: list[date]) -> None:
    for day in days:
        led.book(day, at=AT, by="E1")


def quota(days: int, **kwargs: object) -> Agreement:
    kwargs.setdefault("granularity", "half-day")
    return Agreement(name="x", quotas=[Quota(window="period", maximum=days)], **kwargs)  # type: ignore[arg-type]


MARCH = weekdays(date(2024, 3, 4), 20)  # Monday 4 to Friday 29 March 2024


# -- no limit below zero: the quota's last day, then one day or half a day too many ------------


def test_the_last_day_of_the_quota_is_booked_and_the_next_is_refused() -> None:
    led = ledger(quota(10))
    book_all(led, MARCH[:9])
    assert led.check(MARCH[9]) == ()  # the 10th day leaves 0, which is allowed
    led.book(MARCH[9], at=AT, by="E1")
    (v,) = led.check(MARCH[10])
    assert v.code == "period_quota_exceeded"
    assert (v.param("remaining_before"), v.param("remaining_after"), v.param("floor")) == (0, -1, 0)
    assert (v.param("period_start"), v.param("period_end")) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
    )
    with pytest.raises(OperationRefused):
        led.book(MARCH[10], at=AT, by="E1")
    assert led.balance(Y2024).remaining == 0


def test_half_a_day_left_takes_a_half_day_but_not_a_whole_one() -> None:
    led = ledger(quota(10))
    book_all(led, MARCH[:9])
    led.book(MARCH[9], half="am", at=AT, by="E1")  # 9.5 taken, half a day left
    (v,) = led.check(MARCH[10])
    assert v.code == "period_quota_exceeded"
    assert (v.param("remaining_before"), v.param("remaining_after")) == (
        Fraction(1, 2),
        Fraction(-1, 2),
    )
    assert led.check(MARCH[10], half="pm") == ()
    assert led.check(MARCH[9], half="pm") == ()  # the other half of the same day
    led.book(MARCH[10], half="pm", at=AT, by="E1")
    assert led.balance(Y2024).remaining == 0
    assert [v.code for v in led.check(MARCH[11], half="am")] == ["period_quota_exceeded"]


def test_an_empty_quota_refuses_the_first_day() -> None:
    led = ledger(quota(10))
    assert led.check(MARCH[0]) == ()
    led0 = QuotaLedger(agreement=quota(10), contract=STAFF, calendar=CAL)  # nothing granted
    (v,) = led0.check(MARCH[0])
    assert v.code == "period_quota_exceeded"
    assert "grant the period first" in v.message


# -- a day of 2024 that would carry fewer days into 2025, already booked -----------------------


JANUARY_2025 = weekdays(date(2025, 1, 2), 22)


@pytest.mark.parametrize("mode", ["all", "capped"])
def test_a_day_that_would_carry_fewer_days_into_a_booked_year_is_refused(mode: str) -> None:
    # 10 a year. 2 days taken in 2024 carry 8 into 2025 (cap 8 when capped): 18 days to take
    # in 2025, all booked. A third day in 2024 leaves 7 there but carries 7: 2025 at -1.
    rule = CarryOver(mode="all") if mode == "all" else CarryOver(mode="capped", cap=8)
    led = ledger(quota(10, carry_over=rule), Y2024, Y2025)
    book_all(led, MARCH[:2])
    book_all(led, JANUARY_2025[:18])
    assert led.balance(Y2025).carried == 8
    assert led.balance(Y2025).remaining == 0
    (v,) = led.check(MARCH[2])
    assert v.code == "period_quota_exceeded"
    assert (v.param("period_start"), v.param("period_end")) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert v.param("remaining_after") == -1
    assert "carry fewer days into period" in v.message
    # Half a day of 2024 carries half a day less: 2025 would be at -1/2, refused too.
    assert [v.code for v in led.check(MARCH[2], half="am")] == ["period_quota_exceeded"]
    # Cancelling a day of 2025 makes room for the day of 2024.
    (last,) = [b for b in led.active_bookings() if b.day == JANUARY_2025[17]]
    led.cancel(last.entry_id, at=AT, by="E1")
    assert led.check(MARCH[2]) == ()


def test_a_day_of_2024_is_free_when_2025_keeps_room() -> None:
    led = ledger(quota(10, carry_over=CarryOver(mode="all")), Y2024, Y2025)
    book_all(led, MARCH[:2])
    book_all(led, JANUARY_2025[:17])  # one day of the 18 left
    assert led.check(MARCH[2]) == ()
    led.book(MARCH[2], at=AT, by="E1")
    assert (led.balance(Y2024).remaining, led.balance(Y2025).remaining) == (7, 0)
    (v,) = led.check(MARCH[3])
    assert v.param("period_start") == date(2025, 1, 1)


def test_without_carry_over_a_booked_next_year_does_not_hold_back_this_one() -> None:
    led = ledger(quota(10), Y2024, Y2025)
    book_all(led, JANUARY_2025[:10])
    assert led.balance(Y2025).remaining == 0
    book_all(led, MARCH[:10])
    assert [v.param("period_start") for v in led.check(MARCH[10])] == [date(2024, 1, 1)]


# -- limits below zero ---------------------------------------------------------------------


def test_a_negative_limit_lets_the_balance_go_that_far_and_no_further() -> None:
    led = ledger(quota(5, allow_negative=True, negative_limit=2))
    book_all(led, MARCH[:7])  # 5 granted, 7 taken: -2, the limit
    assert led.balance(Y2024).remaining == -2
    (v,) = led.check(MARCH[7])
    assert v.code == "period_quota_exceeded"
    assert (v.param("remaining_after"), v.param("floor")) == (-3, -2)
    assert "allows down to -2" in v.message
    assert [v.code for v in led.check(MARCH[7], half="am")] == ["period_quota_exceeded"]


def test_a_half_day_limit_below_zero() -> None:
    led = ledger(quota(5, allow_negative=True, negative_limit=Fraction(1, 2)))
    book_all(led, MARCH[:5])
    assert led.check(MARCH[5], half="am") == ()
    assert [v.param("remaining_after") for v in led.check(MARCH[5])] == [-1]
    led.book(MARCH[5], half="am", at=AT, by="E1")
    assert led.check(MARCH[5], half="pm")[0].param("remaining_after") == -1


def test_a_limit_of_zero_below_zero_is_no_overdraft() -> None:
    led = ledger(quota(5, allow_negative=True, negative_limit=0))
    book_all(led, MARCH[:5])
    (v,) = led.check(MARCH[5])
    assert (v.param("remaining_after"), v.param("floor")) == (-1, 0)
    assert [v.code for v in led.check(MARCH[5], half="pm")] == ["period_quota_exceeded"]


def test_no_limit_below_zero_never_refuses_for_the_quota() -> None:
    led = ledger(quota(5, allow_negative=True))
    book_all(led, MARCH[:12])
    assert led.balance(Y2024).remaining == -7
    assert led.check(MARCH[12]) == ()


def test_an_overdraft_carried_into_next_year_with_a_limit() -> None:
    # Limit 2 below zero, everything carried: 2024 at -2 carries -2 into 2025? No: only
    # unused days are carried, so 2025 keeps its 5, and a 2024 day past -2 is refused.
    led = ledger(
        quota(5, allow_negative=True, negative_limit=2, carry_over=CarryOver(mode="all")),
        Y2024,
        Y2025,
    )
    book_all(led, MARCH[:7])
    assert led.balance(Y2025).carried == 0
    assert [v.param("period_start") for v in led.check(MARCH[7])] == [date(2024, 1, 1)]


# -- agreements the shortcut must leave to the whole rule ------------------------------------


def test_the_pool_of_the_day_is_what_counts_not_the_whole_agreement() -> None:
    agreement = Agreement(
        name="x",
        pools=[
            Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="period", maximum=3)]),
            Pool(
                name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=20)]
            ),
        ],
    )
    led = ledger(agreement)
    book_all(led, MARCH[:3])
    (v,) = led.check(MARCH[3])
    assert v.code == "period_quota_exceeded"
    assert v.param("remaining_after") == -1
    assert led.check(MARCH[3], telework_kind="occasional") == ()


def test_accrual_by_months_refuses_days_not_yet_accrued() -> None:
    # 12 a year, accrued at the end of each month by the days of the months gone: in March
    # 2024, January and February, 60 of 366 days, 12 * 60/366 = 120/61 (just under 2). The
    # first day fits, a second one in March does not; in April, 12 * 91/366 = 182/61 have.
    agreement = quota(12, accrual=Accrual(step="monthly", at="end"))
    led = ledger(agreement)
    assert led.check(MARCH[0]) == ()
    led.book(MARCH[0], at=AT, by="E1")
    (v,) = led.check(MARCH[1])
    assert v.code == "period_quota_exceeded"
    assert (v.param("accrued"), v.param("taken"), v.param("by_day")) == (
        Fraction(120, 61),
        2,
        MARCH[1],
    )
    assert led.check(date(2024, 4, 2)) == ()  # Tuesday (Monday 1 is Easter Monday)


# -- the whole rule, where the shortcut does not answer ----------------------------------------


def test_a_period_with_only_an_adjustment_is_not_called_ungranted() -> None:
    led = QuotaLedger(agreement=quota(10), contract=STAFF, calendar=CAL)  # nothing granted
    led.adjust(Y2024, 2, reason="two days given back", at=AT, by="hr")
    book_all(led, MARCH[:2])
    (v,) = led.check(MARCH[2])
    assert "grant the period first" not in v.message
    assert "0 granted, 0 carried, 2 adjusted, 2 already taken" in v.message
    assert (v.param("remaining_before"), v.param("remaining_after")) == (0, -1)


def test_a_pool_carrying_fewer_days_into_a_booked_year_is_refused() -> None:
    # The pool's 10 a year; 2 taken in 2024 carry 8 into 2025, where 18 are booked.
    agreement = Agreement(
        name="x",
        pools=[Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="period", maximum=10)])],
        carry_over=CarryOver(mode="all"),
    )
    led = ledger(agreement, Y2024, Y2025)
    book_all(led, MARCH[:2] + JANUARY_2025[:18])
    (v,) = led.check(MARCH[2])
    assert (v.param("pool"), v.param("period_start"), v.param("remaining_after")) == (
        "fixed",
        date(2025, 1, 1),
        -1,
    )


def test_days_carried_count_before_any_has_accrued() -> None:
    # 12 a year accrued month by month; 2 taken in December 2024 carry 10 into 2025. On
    # 2 January 2025 nothing of 2025 has accrued, but the 10 carried days can be used.
    agreement = quota(
        12, accrual=Accrual(step="monthly", at="end"), carry_over=CarryOver(mode="all")
    )
    led = ledger(agreement, Y2024, Y2025)
    book_all(led, [date(2024, 12, 2), date(2024, 12, 3)])
    assert led.balance(Y2025).carried == 10
    assert led.check(JANUARY_2025[0]) == ()
    book_all(led, JANUARY_2025[:10])
    (v,) = led.check(JANUARY_2025[10])
    assert (v.param("accrued"), v.param("available"), v.param("taken")) == (0, 10, 11)


def test_expired_carried_days_no_longer_count_before_accrual() -> None:
    # The same, the carried days expiring after 15 January: on 20 January, none is left and
    # nothing has accrued yet, so not one day fits; on 10 January the 10 carried days do.
    agreement = quota(
        12,
        accrual=Accrual(step="monthly", at="end"),
        carry_over=CarryOver(mode="all", expires_on="01-15"),
    )
    led = ledger(agreement, Y2024, Y2025)
    book_all(led, [date(2024, 12, 2), date(2024, 12, 3)])
    assert led.check(date(2025, 1, 10)) == ()
    (v,) = led.check(date(2025, 1, 20))
    assert "(plus 0 carried and 0 adjusted)" in v.message
    assert (v.param("accrued"), v.param("available"), v.param("taken"), v.param("by_day")) == (
        0,
        0,
        1,
        date(2025, 1, 20),
    )


# -- a context built by hand: balances given, no shortcut ------------------------------------


def hand_built_context(booked: int, **given: Any) -> BookingContext:
    """A context for a booking in March under 10 days a year, built by hand with the balance
    after the booking (10 granted, ``booked`` taken with it) and ``given``."""

    def balance_after(period: DateRange, as_of: date | None) -> Balance:
        return Balance(employee="E1", period=period, granted=Fraction(10), booked=Fraction(booked))

    return BookingContext(
        agreement=quota(10),
        contract=STAFF,
        calendar=CAL,
        day=MARCH[0],
        at=AT,
        balance_after=balance_after,
        **given,
    )


@pytest.mark.parametrize(("booked", "codes"), [(10, []), (11, ["period_quota_exceeded"])])
def test_a_hand_built_context_with_balances_and_no_shortcut(booked: int, codes: list[str]) -> None:
    # A caller that gives the balance after the booking (10 granted, ``booked`` taken with
    # it) and nothing else: the rule reads that balance, there is no shortcut to take.
    ctx = hand_built_context(booked, telework_kind="regular")
    assert ctx.remaining_after is None
    found = within_period_quota(ctx)
    assert [v.code for v in found] == codes
    assert [v.param("remaining_after") for v in found] == [10 - booked] * len(codes)


def test_a_hand_built_context_checks_every_later_period() -> None:
    # 2024 keeps 7 days after the booking, but carries one day less into 2025, where 10
    # granted + 7 carried - 18 booked leaves -1: the refusal names 2025.
    balances = {
        Y2024: Balance(employee="E1", period=Y2024, granted=Fraction(10), booked=Fraction(3)),
        Y2025: Balance(
            employee="E1",
            period=Y2025,
            granted=Fraction(10),
            carried=Fraction(7),
            booked=Fraction(18),
        ),
    }
    ctx = BookingContext(
        agreement=quota(10, carry_over=CarryOver(mode="all")),
        contract=STAFF,
        calendar=CAL,
        day=MARCH[0],
        at=AT,
        balance_after=lambda period, as_of: balances[period],
        periods_after=(Y2024, Y2025),
    )
    (v,) = within_period_quota(ctx)
    assert (v.param("period_start"), v.param("remaining_after")) == (date(2025, 1, 1), -1)


# -- wave 9: the whole module (issue 11) ------------------------------------------------------
#
# Notice: Wednesday 5 June 2024 with one working day's notice must be asked for by the end of
# Tuesday 4 June (23:59:59.999999 in the agreement's time zone). The closure stretches below
# are counted by hand: 10 January 2024 to 13 January 2025 is 370 days.

PARIS = ZoneInfo("Europe/Paris")
WEDNESDAY, TUESDAY = date(2024, 6, 5), date(2024, 6, 4)


def noticed(zone: str = "Europe/Paris") -> QuotaLedger:
    agreement = Agreement(name="x", notice=Notice(working_days=1), timezone=zone)
    return ledger(agreement)


def test_the_deadline_itself_is_in_time() -> None:
    led = noticed()
    deadline = datetime.combine(TUESDAY, time.max, tzinfo=PARIS)
    assert led.check(WEDNESDAY, at=deadline) == ()
    (v,) = led.check(WEDNESDAY, at=deadline + timedelta(microseconds=1))
    assert v.code == "notice_too_short"
    assert v.param("deadline") == deadline
    assert "(Europe/Paris; notice: 1 working day);" in v.message


def test_the_deadline_is_read_in_the_agreements_time_zone() -> None:
    # The end of Tuesday in New York is 05:59:59 on Wednesday in Paris: in time there.
    led = noticed("America/New_York")
    asked = datetime(2024, 6, 5, 5, 30, tzinfo=PARIS)
    assert led.check(WEDNESDAY, at=asked) == ()
    assert [v.code for v in led.check(WEDNESDAY, at=asked + timedelta(hours=1))] == [
        "notice_too_short"
    ]


def test_each_day_has_its_own_deadline() -> None:
    # Asked on Tuesday at noon (UTC): in time for Wednesday, too late for Tuesday.
    led = noticed()
    asked = datetime(2024, 6, 4, 12, tzinfo=timezone.utc)
    assert led.check(WEDNESDAY, at=asked) == ()
    (v,) = led.check(TUESDAY, at=asked)
    assert (v.code, v.param("deadline")) == (
        "notice_too_short",
        datetime.combine(date(2024, 6, 3), time.max, tzinfo=PARIS),
    )
    assert led.check(WEDNESDAY, at=asked) == ()


def test_an_absence_later_in_the_list_is_found() -> None:
    morning = Absence(
        absence_id="A1",
        employee="E1",
        days=DateRange(MARCH[0], MARCH[0]),
        kind="paid_leave",
        end_half="am",
    )
    afternoon = Absence(
        absence_id="A2",
        employee="E1",
        days=DateRange(MARCH[0], MARCH[0]),
        kind="sick_leave",
        start_half="pm",
    )
    ctx = BookingContext(
        agreement=quota(10),
        contract=STAFF,
        calendar=CAL,
        day=MARCH[0],
        half="pm",
        absences=[morning, afternoon],
    )
    assert ctx.absences == (morning, afternoon)
    assert [(v.code, v.param("absence_id"), v.param("absent_half")) for v in not_absent(ctx)] == [
        ("absent", "A2", "pm")
    ]


def test_bookings_given_as_any_mapping_are_read_by_day() -> None:
    booked = Booking(entry_id="B1", day=MARCH[0], recorded_at=AT, by="E1")
    ctx = BookingContext(
        agreement=quota(10),
        contract=STAFF,
        calendar=CAL,
        day=MARCH[1],
        bookings=ChainMap({MARCH[0]: (booked,)}),
    )
    assert ctx.booked_in(DateRange(MARCH[0], MARCH[4])) == 1
    assert ctx.booked_in(DateRange(MARCH[1], MARCH[4])) == 0


@pytest.mark.parametrize("asked", [date(2024, 1, 8), date(2024, 1, 9)])
@pytest.mark.parametrize(("closed_days", "run"), [(370, 3), (371, 2)])
def test_a_run_of_telework_reaches_across_370_days_off_and_no_further(
    asked: date, closed_days: int, run: int
) -> None:
    # At most 2 days in a row. Monday 8 and Tuesday 9 January 2024 (one booked, the other
    # asked for), then a closure from Wednesday 10, then the first working day after it
    # booked. Across 370 closed days the run is 8 Jan, 9 Jan and the day after the closure:
    # 3; across 371 the walk stops: 2.
    last_closed = date(2024, 1, 9) + timedelta(days=closed_days)
    after = last_closed + timedelta(days=1)
    assert after.weekday() < 5  # a Tuesday, then a Wednesday
    calendar = Calendar(closures=[DateRange(date(2024, 1, 10), last_closed)])
    led = QuotaLedger(
        agreement=Agreement(name="x", max_consecutive_days=2), contract=STAFF, calendar=calendar
    )
    for period in (Y2024, Y2025):
        led.grant(period, at=AT, by="hr")
    other = date(2024, 1, 9) if asked == date(2024, 1, 8) else date(2024, 1, 8)
    book_all(led, [other, after])
    found = led.check(asked)
    if run == 2:
        assert found == ()
    else:
        (v,) = found
        assert (v.code, v.param("run"), v.param("first"), v.param("last")) == (
            "consecutive_days_exceeded",
            3,
            date(2024, 1, 8),
            after,
        )


def test_a_booking_counts_in_the_pool_of_the_version_in_force_on_its_day() -> None:
    # Version 'a' to 30 June 2025 puts regular days in a pool "fixed"; version 'b' from 1 July
    # has no pools (regular days in the default pool) and allows 2 a week. The week of
    # Monday 30 June to Sunday 6 July is judged under 'b'; Monday 30 June was booked under
    # 'a', in "fixed", so it does not count: Tuesday and Wednesday fit, Thursday is a third.
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(
                    name="a",
                    pools=[
                        Pool(
                            name="fixed",
                            kinds=["regular"],
                            quotas=[Quota(window="period", maximum=100)],
                        )
                    ],
                ),
                start=date(2025, 1, 1),
                end=date(2025, 6, 30),
            ),
            AgreementVersion(
                agreement=Agreement(name="b", quotas=[Quota(window="week", maximum=2)]),
                start=date(2025, 7, 1),
            ),
        ],
    )
    led = QuotaLedger(agreement=history, contract=STAFF, calendar=CAL)
    led.grant(Y2025, at=AT, by="hr")
    book_all(led, [date(2025, 6, 30), date(2025, 7, 1)])
    assert led.check(date(2025, 7, 2)) == ()
    led.book(date(2025, 7, 2), at=AT, by="E1")
    (v,) = led.check(date(2025, 7, 3))
    assert (v.code, v.param("booked"), v.param("window_start")) == (
        "weekly_max_exceeded",
        2,
        date(2025, 6, 30),
    )


@pytest.mark.parametrize(("booked", "codes"), [(10, []), (11, ["period_quota_exceeded"])])
def test_a_hand_built_context_promising_regular_days_without_a_shortcut(
    booked: int, codes: list[str]
) -> None:
    # Every booking regular (the promise), but no remaining days given: the rule reads the
    # balance after the booking, as without the promise.
    ctx = hand_built_context(booked, regular_only=True)
    assert [v.code for v in within_period_quota(ctx)] == codes
