"""Booking rules: each rule's violation with its numbers, and every violation at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from teleaccord import (
    BOOKING_RULES,
    Agreement,
    BookingContext,
    Calendar,
    Contract,
    Eligibility,
    Notice,
    OnSiteMinimum,
    OperationRefused,
    Quota,
    QuotaLedger,
    Violation,
    Window,
    WorkPattern,
    check_booking,
    year_range,
)

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
ENVELOPE = Quota(window="period", maximum=100)
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))


def ledger_for(
    *,
    contract: Contract = FULL_TIME,
    calendar: Calendar | None = None,
    grant: bool = True,
    **agreement: object,
) -> QuotaLedger:
    quotas = agreement.pop("quotas", [ENVELOPE])
    ledger = QuotaLedger(
        agreement=Agreement(name="test", quotas=quotas, **agreement),  # type: ignore[arg-type]
        contract=contract,
        calendar=calendar or Calendar(),
    )
    if grant:
        for year in (2024, 2025):
            ledger.grant(year_range(year), at=AT, by="hr")
    return ledger


def codes(violations: tuple[Violation, ...]) -> list[str]:
    return [v.code for v in violations]


def book_all(ledger: QuotaLedger, *days: date, half: str | None = None) -> None:
    for day in days:
        ledger.book(day, half=half, at=AT, by="E1")


# Each scenario: a ledger, the day (and half-day) asked for, and the one violation expected.
Scenario = Callable[[], tuple[QuotaLedger, date, str | None, str]]
WEEK = [date(2024, 3, 4) + timedelta(days=n) for n in range(5)]  # Monday 4 to Friday 8 March


def _validity() -> tuple[QuotaLedger, date, str | None, str]:
    return (
        ledger_for(valid=("2024-06-01", None)),
        date(2024, 3, 5),
        None,
        "outside_agreement_validity",
    )


def _contract() -> tuple[QuotaLedger, date, str | None, str]:
    hired = Contract.from_amendments(employee="E1", hired=date(2024, 4, 1))
    return ledger_for(contract=hired), date(2024, 3, 5), None, "outside_contract"


def _eligibility() -> tuple[QuotaLedger, date, str | None, str]:
    recent = Contract.from_amendments(employee="E1", hired=date(2023, 9, 1))
    ledger = ledger_for(contract=recent, eligibility=Eligibility(min_seniority_months=12))
    return ledger, date(2024, 3, 5), None, "not_eligible"


def _closure() -> tuple[QuotaLedger, date, str | None, str]:
    return (
        ledger_for(calendar=Calendar(closures=[date(2024, 3, 5)])),
        date(2024, 3, 5),
        None,
        "closure",
    )


def _holiday() -> tuple[QuotaLedger, date, str | None, str]:
    return ledger_for(), date(2024, 5, 1), None, "holiday"


def _pattern() -> tuple[QuotaLedger, date, str | None, str]:
    part_time = Contract.from_amendments(
        employee="E1", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu Th Fr")
    )
    return ledger_for(contract=part_time), date(2024, 3, 6), None, "not_in_pattern"


def _half_worked() -> tuple[QuotaLedger, date, str | None, str]:
    short = Contract.from_amendments(
        employee="E1", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu We:am Th Fr")
    )
    return (
        ledger_for(contract=short, granularity="half-day"),
        date(2024, 3, 6),
        None,
        "not_working_day",
    )


def _excluded() -> tuple[QuotaLedger, date, str | None, str]:
    return ledger_for(excluded_weekdays=["We"]), date(2024, 3, 6), None, "excluded_weekday"


def _blackout() -> tuple[QuotaLedger, date, str | None, str]:
    return ledger_for(blackout=[date(2024, 3, 5)]), date(2024, 3, 5), None, "blackout"


def _granularity() -> tuple[QuotaLedger, date, str | None, str]:
    return ledger_for(), date(2024, 3, 5), "am", "granularity"


def _already() -> tuple[QuotaLedger, date, str | None, str]:
    ledger = ledger_for()
    book_all(ledger, date(2024, 3, 5))
    return ledger, date(2024, 3, 5), None, "already_booked"


def _clash() -> tuple[QuotaLedger, date, str | None, str]:
    ledger = ledger_for(granularity="half-day")
    book_all(ledger, date(2024, 3, 5), half="pm")
    return ledger, date(2024, 3, 5), None, "half_day_clash"


def _quota() -> tuple[QuotaLedger, date, str | None, str]:
    return ledger_for(grant=False), date(2024, 3, 5), None, "period_quota_exceeded"


def _weekly() -> tuple[QuotaLedger, date, str | None, str]:
    ledger = ledger_for(quotas=[ENVELOPE, Quota(window="week", maximum=2)])
    book_all(ledger, WEEK[0], WEEK[1])
    return ledger, WEEK[3], None, "weekly_max_exceeded"


def _monthly() -> tuple[QuotaLedger, date, str | None, str]:
    ledger = ledger_for(quotas=[ENVELOPE, Quota(window="month", maximum=1)])
    book_all(ledger, date(2024, 3, 29))
    return ledger, date(2024, 3, 5), None, "monthly_max_exceeded"


def _fortnight() -> tuple[QuotaLedger, date, str | None, str]:
    ledger = ledger_for(quotas=[ENVELOPE, Quota(window="fortnight", maximum=3)])
    book_all(ledger, WEEK[0], WEEK[1], WEEK[4])  # ISO weeks 9 and 10 make one fortnight
    return ledger, date(2024, 2, 27), None, "window_max_exceeded"


def _on_site() -> tuple[QuotaLedger, date, str | None, str]:
    ledger = ledger_for(on_site=[OnSiteMinimum(window="week", days=3)])
    book_all(ledger, WEEK[0], WEEK[2])
    return ledger, WEEK[4], None, "on_site_minimum"


def _consecutive() -> tuple[QuotaLedger, date, str | None, str]:
    ledger = ledger_for(max_consecutive_days=3)
    book_all(ledger, WEEK[2], WEEK[3], WEEK[4])
    return ledger, WEEK[1], None, "consecutive_days_exceeded"


def _notice() -> tuple[QuotaLedger, date, str | None, str]:
    return ledger_for(notice=Notice(working_days=2)), date(2024, 3, 5), None, "notice_too_short"


SCENARIOS: list[Scenario] = [
    _validity,
    _contract,
    _eligibility,
    _closure,
    _holiday,
    _pattern,
    _half_worked,
    _excluded,
    _blackout,
    _granularity,
    _already,
    _clash,
    _quota,
    _weekly,
    _monthly,
    _fortnight,
    _on_site,
    _consecutive,
    _notice,
]
INTERFACE_CODES = {
    "not_working_day", "holiday", "closure", "not_in_pattern", "already_booked",
    "half_day_clash", "period_quota_exceeded", "weekly_max_exceeded", "monthly_max_exceeded",
    "window_max_exceeded", "on_site_minimum", "consecutive_days_exceeded", "excluded_weekday",
    "blackout", "not_eligible", "outside_contract", "notice_too_short", "granularity",
    "outside_agreement_validity",
}  # fmt: skip


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__.strip("_"))
def test_each_rule_reports_its_violation_alone_with_a_message_and_numbers(
    scenario: Scenario,
) -> None:
    ledger, day, half, code = scenario()
    at = datetime(2024, 3, 4, 12, tzinfo=PARIS) if code == "notice_too_short" else None
    found = ledger.check(day, half=half, at=at)
    assert codes(found) == [code]
    (violation,) = found
    assert violation.day == day
    assert violation.message.endswith(".")
    assert str(day) in violation.message or code in ("outside_contract",)
    version = ledger.version
    with pytest.raises(OperationRefused) as refused:
        ledger.book(day, half=half, at=at or AT, by="E1")
    assert codes(refused.value.violations) == [code]
    assert ledger.version == version


def test_the_scenarios_cover_every_code_of_the_interface() -> None:
    assert {scenario()[3] for scenario in SCENARIOS} == INTERFACE_CODES


def test_check_returns_every_violation_at_once() -> None:
    ledger = ledger_for(
        grant=False,
        excluded_weekdays=["We"],
        blackout=[date(2024, 5, 1)],
        notice=Notice(working_days=5),
        valid=("2024-06-01", None),
    )
    found = ledger.check(date(2024, 5, 1), half="am", at=datetime(2024, 4, 30, 9, tzinfo=PARIS))
    assert codes(found) == [
        "outside_agreement_validity",
        "holiday",
        "excluded_weekday",
        "blackout",
        "granularity",
        "notice_too_short",
        "period_quota_exceeded",
    ]


# -- the numbers behind the messages ------------------------------------------------------------


def test_a_weekly_maximum_reports_what_is_booked_and_allowed() -> None:
    ledger, day, _, _ = _weekly()
    (v,) = ledger.check(day)
    assert (v.param("booked"), v.param("maximum"), v.param("window_start")) == (2, 2, WEEK[0])
    assert "2024-03-04..2024-03-10" in v.message


def test_a_prorated_monthly_maximum_follows_the_hire_date() -> None:
    from teleaccord import Rounding

    hired = Contract.from_amendments(employee="E1", hired=date(2024, 3, 16))
    ledger = ledger_for(
        contract=hired,
        quotas=[ENVELOPE, Quota(window="month", maximum=10, prorate=True)],
        rounding=Rounding("down"),
    )
    days = [d for d in ledger.calendar.working_days(year_range(2024)) if date(2024, 3, 18) <= d][:5]
    book_all(ledger, *days)
    (v,) = ledger.check(date(2024, 3, 27))
    assert (v.code, v.param("maximum")) == ("monthly_max_exceeded", 5)


def test_holidays_count_as_on_site_when_the_agreement_says_so() -> None:
    week_of_may_day = [date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 2), date(2024, 5, 3)]
    for counted, allowed in ((True, 2), (False, 1)):
        ledger = ledger_for(
            on_site=[OnSiteMinimum(window="week", days=3, holidays_count_as_on_site=counted)]
        )
        book_all(ledger, *week_of_may_day[:allowed])
        (v,) = ledger.check(week_of_may_day[allowed])
        assert v.code == "on_site_minimum"
        assert (v.param("required"), v.param("worked")) == (3, 5 if counted else 4)


def test_an_on_site_share_is_a_share_of_the_days_worked() -> None:
    ledger = ledger_for(on_site=[OnSiteMinimum(window="fortnight", share="40 %")])
    fortnight = list(ledger.calendar.working_days(Window.FORTNIGHT.containing(WEEK[0])))
    assert len(fortnight) == 10
    book_all(ledger, *fortnight[:6])
    (v,) = ledger.check(fortnight[6])
    assert (v.param("required"), v.param("on_site")) == (4, 3)


def test_days_off_do_not_break_a_run_of_telework_and_a_half_day_on_site_does() -> None:
    ledger = ledger_for(max_consecutive_days=3, granularity="half-day")
    book_all(ledger, WEEK[3], WEEK[4], date(2024, 3, 11))  # Thursday, Friday, Monday
    (v,) = ledger.check(date(2024, 3, 12))
    assert (v.param("run"), v.param("first"), v.param("last")) == (4, WEEK[3], date(2024, 3, 12))
    ledger.book(date(2024, 3, 12), half="am", at=AT, by="E1")  # the afternoon on site
    assert ledger.check(date(2024, 3, 13)) == ()


def test_the_notice_deadline_is_read_in_the_agreement_time_zone() -> None:
    ledger = ledger_for(notice=Notice(deadline_days_before=1, deadline_time="19:00"))
    day = date(2024, 3, 5)
    in_time = datetime(2024, 3, 4, 17, 59, tzinfo=timezone.utc)  # 18:59 in Paris
    too_late = datetime(2024, 3, 4, 18, 1, tzinfo=timezone.utc)  # 19:01 in Paris
    assert ledger.check(day, at=in_time) == ()
    (v,) = ledger.check(day, at=too_late)
    assert v.param("deadline") == datetime(2024, 3, 4, 19, tzinfo=PARIS)
    assert "2024-03-04 19:01" in v.message


def test_a_whole_day_where_only_the_morning_is_worked_suggests_the_morning() -> None:
    ledger, day, _, _ = _half_worked()
    (v,) = ledger.check(day)
    assert v.param("worked_half") == "am"
    assert ledger.check(day, half="am") == ()
    assert codes(ledger.check(day, half="pm")) == ["not_in_pattern"]


def test_not_eligible_names_the_eligibility_rule() -> None:
    ledger, day, _, _ = _eligibility()
    (v,) = ledger.check(day)
    assert (v.param("reason"), v.param("months"), v.param("minimum")) == (
        "seniority_too_short",
        6,
        12,
    )


# -- rules as a list of functions ---------------------------------------------------------------


def test_adding_a_rule_is_adding_a_function_to_the_list() -> None:
    def no_fridays(ctx: BookingContext) -> tuple[Violation, ...]:
        if ctx.day.weekday() != 4:
            return ()
        return (Violation(code="friday", message="Not on Fridays.", day=ctx.day),)

    context = BookingContext(
        agreement=Agreement(name="x"), contract=FULL_TIME, calendar=Calendar(), day=WEEK[4]
    )
    assert check_booking(context) == ()
    assert codes(check_booking(context, rules=(*BOOKING_RULES, no_fridays))) == ["friday"]


def test_a_context_without_a_ledger_skips_the_period_quota_only() -> None:
    context = BookingContext(
        agreement=Agreement(name="x", quotas=[ENVELOPE, Quota(window="week", maximum=1)]),
        contract=FULL_TIME,
        calendar=Calendar(),
        day=WEEK[1],
        bookings=[],
    )
    assert check_booking(context) == ()
    ledger = ledger_for(quotas=[ENVELOPE, Quota(window="week", maximum=1)])
    book_all(ledger, WEEK[0])
    context = BookingContext(
        agreement=ledger.agreement,
        contract=FULL_TIME,
        calendar=Calendar(),
        day=WEEK[1],
        bookings=ledger.active_bookings(),
    )
    assert codes(check_booking(context)) == ["weekly_max_exceeded"]
    assert context.booked_in(year_range(2024)) == Fraction(1)


def test_a_ledger_applies_the_rules_it_is_given() -> None:
    def no_fridays(ctx: BookingContext) -> tuple[Violation, ...]:
        if ctx.day.weekday() != 4:
            return ()
        return (Violation(code="friday", message="Not on Fridays.", day=ctx.day),)

    ledger = QuotaLedger(
        agreement=Agreement(name="x", quotas=[ENVELOPE]),
        contract=FULL_TIME,
        calendar=Calendar(),
        rules=(*BOOKING_RULES, no_fridays),
    )
    ledger.grant(year_range(2024), at=AT, by="hr")
    assert ledger.booking_rules[-1] is no_fridays
    assert codes(ledger.check(WEEK[4])) == ["friday"]
    with pytest.raises(OperationRefused):
        ledger.book(WEEK[4], at=AT, by="E1")
    assert ledger.check(WEEK[3]) == ()
