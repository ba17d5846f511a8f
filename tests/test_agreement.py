"""Agreement: every part validated at construction, and the small helpers the ledger uses."""

from __future__ import annotations

from datetime import date, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Accrual,
    Agreement,
    ApprovalClause,
    Calendar,
    CarryOver,
    DateRange,
    Eligibility,
    Extra,
    InvalidValue,
    Notice,
    OnSiteMinimum,
    Quota,
    ReferencePeriod,
    Rounding,
    Window,
    year_range,
)

PERIOD_QUOTA = Quota(window="period", maximum=100, prorate=True)


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: Agreement(name=" "), "missing_name"),
        (
            lambda: Agreement(name="x", quotas=[PERIOD_QUOTA, PERIOD_QUOTA]),
            "duplicate_period_quota",
        ),
        (lambda: Agreement(name="x", max_consecutive_days=0), "invalid_number"),
        (lambda: Agreement(name="x", excluded_weekdays=["Xx"]), "invalid_weekday"),
        (lambda: Agreement(name="x", excluded_weekdays=[7]), "invalid_weekday"),
        (
            lambda: Agreement(name="x", extras=[Extra(status="carer", days=5)]),
            "extras_without_period_quota",
        ),
        (
            lambda: Agreement(
                name="x",
                quotas=[PERIOD_QUOTA],
                extras=[Extra(status="carer", days=5), Extra(status="Carer", days=2)],
            ),
            "duplicate_extra",
        ),
        (
            lambda: Agreement(name="x", rounding=Rounding("half-up", unit=Fraction(1, 2))),
            "rounding_finer_than_granularity",
        ),
        (
            lambda: Agreement(
                name="x", granularity="half-day", rounding=Rounding("up", ceiling=Fraction(99, 4))
            ),
            "bound_finer_than_granularity",
        ),
        (lambda: Agreement(name="x", negative_limit=3), "unexpected_negative_limit"),
        (lambda: Agreement(name="x", adaptation_period_days=-1), "invalid_number"),
        (lambda: Agreement(name="x", timezone="Mars/Olympus"), "unknown_timezone"),
        (lambda: Agreement(name="x", valid=("2024-05-01", "2024-04-01")), "range_end_before_start"),
        (lambda: Quota(window="week"), "empty_quota"),
        (lambda: Quota(window="week", minimum=3, maximum=2), "minimum_above_maximum"),
        (lambda: Quota(window="week", maximum=-1), "negative_amount"),
        (lambda: Quota(window="week", maximum="many"), "invalid_number"),
        (lambda: OnSiteMinimum(window="week", days=2, share="40 %"), "invalid_on_site"),
        (lambda: OnSiteMinimum(window="week", share="140 %"), "invalid_share"),
        (lambda: ReferencePeriod(start_day=31), "invalid_start_day"),
        (lambda: ReferencePeriod(start_month=13), "invalid_month"),
        (lambda: Accrual(at="middle"), "invalid_accrual_at"),
        (lambda: Eligibility(min_fraction="120 %"), "fraction_out_of_range"),
        (lambda: Eligibility(categories={"it"}, excluded_categories={"it"}), "category_both_ways"),
        (lambda: Eligibility(min_seniority_months=-3), "invalid_number"),
        (lambda: Notice(deadline_days_before=1), "incomplete_deadline"),
        (lambda: Notice(deadline_time="19:00"), "incomplete_deadline"),
        (lambda: Notice(deadline_days_before=1, deadline_time="7pm"), "invalid_time"),
        (lambda: Notice(working_days=-2), "invalid_number"),
        (lambda: CarryOver(mode="capped"), "missing_cap"),
        (lambda: CarryOver(mode="all", cap=3), "unexpected_cap"),
        (lambda: CarryOver(expires_after_days=30), "unexpected_expiry"),
        (lambda: CarryOver(mode="all", expires_after_days=30, expires_on="03-31"), "two_expiries"),
        (lambda: CarryOver(mode="all", expires_on="02-30"), "invalid_date"),
        (lambda: CarryOver(mode="all", expires_after_days=0), "invalid_number"),
        (lambda: ApprovalClause(second_level_from_weekly_day=8), "invalid_number"),
    ],
)
def test_invalid_parts_are_refused_with_a_stable_code(build: object, code: str) -> None:
    with pytest.raises(InvalidValue) as info:
        build()  # type: ignore[operator]
    assert info.value.code == code
    assert info.value.message.endswith(".")


def test_a_valid_agreement_is_built_from_plain_values() -> None:
    a = Agreement(
        name="2 days a week, never on Wednesdays",
        quotas=[Quota(window="week", maximum=2), PERIOD_QUOTA],
        on_site=[OnSiteMinimum(window="fortnight", share="40 %")],
        excluded_weekdays=["We", "Sunday"],
        extras=[Extra(status="carer", days=10)],
        notice=Notice(working_days=2, deadline_days_before=1, deadline_time="19:00"),
        blackout=["2024-12-24", DateRange(date(2024, 12, 30), date(2024, 12, 31))],
        carry_over=CarryOver(mode="capped", cap=5, expires_on="03-31"),
        allow_negative=True,
        negative_limit="2.5",
        valid=("2024-01-01", None),
    )
    assert a.excluded_weekdays == frozenset({2, 6})
    assert a.weekday_names == ("We", "Su")
    assert a.blackout == frozenset({date(2024, 12, 24), date(2024, 12, 30), date(2024, 12, 31)})
    assert a.period_quota == PERIOD_QUOTA
    assert a.quotas_for(Window.WEEK) == (Quota(window="week", maximum=2),)
    assert a.negative_limit == Fraction(5, 2)
    assert a.valid == DateRange(date(2024, 1, 1), date(9999, 12, 31))
    assert a.is_valid_on(date(2030, 1, 1))
    assert not a.is_valid_on(date(2023, 12, 31))
    assert a.is_excluded_weekday(date(2024, 3, 6))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_is_in_the_reference_period_containing_it(day: date) -> None:
    for reference in (
        ReferencePeriod(),
        ReferencePeriod(start_month=6),
        ReferencePeriod(start_month=4, start_day=15),
        ReferencePeriod(kind="month"),
        ReferencePeriod(kind="month", start_day=21),
    ):
        period = reference.containing(day)
        assert day in period
        following = reference.containing(period.end + timedelta(days=1))
        assert following.start == period.end + timedelta(days=1)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_windows_tile_the_calendar(day: date) -> None:
    for window in Window:
        span = window.containing(day)
        assert day in span
        nxt = window.containing(date.fromordinal(span.end.toordinal() + 1))
        assert nxt.start.toordinal() == span.end.toordinal() + 1
    assert len(Window.WEEK.containing(day)) == 7
    assert len(Window.FORTNIGHT.containing(day)) in (7, 14)
    assert Window.FORTNIGHT.containing(day).start.weekday() == 0


def test_reference_periods_over_a_span_and_their_labels() -> None:
    june = ReferencePeriod(start_month=6)
    spans = list(june.periods(DateRange(date(2024, 3, 1), date(2025, 7, 1))))
    assert [str(s) for s in spans] == [
        "2023-06-01..2024-05-31",
        "2024-06-01..2025-05-31",
        "2025-06-01..2026-05-31",
    ]
    assert june.label(spans[0]) == "2023-06-01..2024-05-31"
    assert (
        ReferencePeriod(kind="month").label(
            ReferencePeriod(kind="month").containing(date(2024, 2, 9))
        )
        == "2024-02"
    )
    assert ReferencePeriod().label(year_range(2024)) == "2024"


def test_notice_deadline_is_the_earlier_of_both_rules() -> None:
    paris = ZoneInfo("Europe/Paris")
    both = Notice(working_days=2, deadline_days_before=1, deadline_time=time(19, 0))
    # Friday 10 May 2024: two working days before is Tuesday 7 May (8 and 9 May are holidays).
    assert both.deadline(date(2024, 5, 10), Calendar()) == Notice(working_days=2).deadline(
        date(2024, 5, 10), Calendar()
    )
    assert Notice(working_days=2).deadline(date(2024, 5, 10), Calendar()).date() == date(2024, 5, 6)
    evening = Notice(deadline_days_before=1, deadline_time="19:00").deadline(
        date(2024, 3, 5), Calendar(), "Europe/Paris"
    )
    assert evening is not None
    assert (evening.date(), evening.time(), evening.tzinfo) == (date(2024, 3, 4), time(19), paris)
    assert Notice().deadline(date(2024, 3, 5), Calendar()) is None


def test_carried_days_expire_on_a_date_or_after_a_number_of_days() -> None:
    next_year = year_range(2025)
    assert CarryOver(mode="all").last_usable_day(next_year) is None
    assert CarryOver(mode="all", expires_after_days=31).last_usable_day(next_year) == date(
        2025, 1, 31
    )
    assert CarryOver(mode="all", expires_after_days=400).last_usable_day(next_year) is None
    june = ReferencePeriod(start_month=6).containing(date(2025, 7, 1))
    assert CarryOver(mode="all", expires_on=(3, 31)).last_usable_day(june) == date(2026, 3, 31)
    leap = CarryOver(mode="all", expires_on="02-29")
    assert leap.last_usable_day(year_range(2025)) == date(2025, 2, 28)
    assert leap.last_usable_day(year_range(2024)) == date(2024, 2, 29)
