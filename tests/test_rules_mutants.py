"""Booking rules, the cases mutation testing found untested (issue 11): each eligibility
condition alone, imposed and medical days outside the voluntary limits, half-days in a run of
telework days, busy windows, the rules an agreement makes silent, the window caps under a
history of versions.

Every expected code, day and figure is written by hand from a calendar (March 2024: Monday 4
to Friday 8, Monday 11 to Friday 15; no public holiday).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
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
    Prorating,
    Quota,
    ReferencePeriod,
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


# -- window caps under a history of versions -------------------------------------------------


def weekly(name: str, maximum: int) -> Agreement:
    return Agreement(name=name, quotas=[Quota(window="week", maximum=maximum)])


# Version a (2 days a week) until Tuesday 5 March, version b (3 a week) from Wednesday 6.
SWITCH = AgreementHistory(
    name="h",
    versions=[
        AgreementVersion(agreement=weekly("a", 2), start="2024-01-01"),
        AgreementVersion(agreement=weekly("b", 3), start="2024-03-06"),
    ],
)


def under(history: AgreementHistory, day: date, **kwargs: Any) -> dict[str, Any]:
    terms = history.in_force(day)
    assert terms is not None
    return violations(terms, day, history=history, **kwargs)


def test_a_week_straddling_a_switch_is_capped_by_the_version_of_its_last_day() -> None:
    # Monday and Tuesday under a (cap 2), Wednesday under b: the week is b's, cap 3.
    assert under(SWITCH, WED, bookings=booked(MON, TUE)) == {}
    found = under(SWITCH, THU, bookings=booked(MON, TUE, WED))["weekly_max_exceeded"]
    assert dict(found.params)["maximum"] == 3
    assert dict(found.params)["booked"] == 3
    assert found.message.endswith(
        "the agreement allows 3 (the week runs under 'a' and 'b'; it is judged under 'b', "
        "in force on its last day), and 3 days are already booked. Choose a day in another week."
    )
    # Even the Monday, under a, is judged by b's cap for that week.
    assert under(SWITCH, MON, bookings=booked(TUE, WED)) == {}


def test_a_week_under_one_version_says_nothing_of_versions() -> None:
    week = [date(2024, 3, d) for d in (11, 12, 13)]
    found = under(SWITCH, date(2024, 3, 14), bookings=booked(*week))["weekly_max_exceeded"]
    assert "runs under" not in found.message
    assert "the agreement allows 3, and 3 days are already booked." in found.message
    before = [date(2024, 2, d) for d in (26, 27)]
    found = under(SWITCH, date(2024, 2, 28), bookings=booked(*before))["weekly_max_exceeded"]
    assert dict(found.params)["maximum"] == 2
    assert "runs under" not in found.message


def test_a_version_without_a_maximum_leaves_the_weeks_it_governs_free() -> None:
    free = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=weekly("a", 2), start="2024-01-01"),
            AgreementVersion(
                agreement=Agreement(name="b", quotas=[Quota(window="week", minimum=1)]),
                start="2024-03-06",
            ),
        ],
    )
    assert under(free, THU, bookings=booked(MON, TUE, WED)) == {}
    before = [date(2024, 2, d) for d in (26, 27)]
    assert "weekly_max_exceeded" in under(free, date(2024, 2, 28), bookings=booked(*before))


def test_a_period_quota_does_not_hide_the_weekly_one_after_it() -> None:
    agreement = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=100), Quota(window="week", maximum=1)],
    )
    assert codes(agreement, TUE, bookings=booked(MON)) == ["weekly_max_exceeded"]
    monthly_then_weekly = Agreement(
        name="y",
        quotas=[Quota(window="month", maximum=20), Quota(window="week", maximum=1)],
    )
    assert codes(monthly_then_weekly, TUE, bookings=booked(MON)) == ["weekly_max_exceeded"]


# -- the rules an agreement makes silent -----------------------------------------------------


def names(rules: tuple[Any, ...]) -> list[str]:
    return [r.__name__ for r in rules]


ALWAYS = [
    "within_contract",
    "working_day",
    "not_already_booked",
    "not_absent",
    "notice_given",
    "within_period_quota",
]


def test_an_open_agreement_keeps_only_the_rules_every_booking_needs() -> None:
    assert names(applicable_rules(Agreement(name="open", granularity="half-day"))) == ALWAYS
    # Whole days only (the default): the granularity rule stays, in its place.
    assert names(applicable_rules(Agreement(name="open"))) == [
        *ALWAYS[:2],
        "granularity_fits",
        *ALWAYS[2:],
    ]


@pytest.mark.parametrize(
    ("terms", "rule"),
    [
        ({"valid": DateRange(date(2024, 1, 1), date(2024, 12, 31))}, "within_agreement_validity"),
        ({"eligibility": Eligibility(categories={"claims"})}, "eligible"),
        ({"eligibility": Eligibility(excluded_categories={"intern"})}, "eligible"),
        ({"eligibility": Eligibility(min_seniority_months=3)}, "eligible"),
        ({"eligibility": Eligibility(min_months_in_post=3)}, "eligible"),
        ({"eligibility": Eligibility(min_fraction=Fraction(1, 2))}, "eligible"),
        ({"eligibility": Eligibility(sites={"paris"})}, "eligible"),
        ({"excluded_weekdays": ["We"]}, "allowed_weekday"),
        ({"blackout": [FRI]}, "not_blackout"),
        ({"granularity": "day"}, "granularity_fits"),
        ({"quotas": [Quota(window="week", maximum=2)]}, "within_window_maxima"),
        ({"pools": [Pool(name="flexible", kinds=["occasional"])]}, "within_window_maxima"),
        ({"total": [Quota(window="month", maximum=8)]}, "within_window_maxima"),
        ({"on_site": [OnSiteMinimum(window="week", days=2)]}, "on_site_minimum_kept"),
        ({"max_consecutive_days": 3}, "consecutive_days_limit"),
    ],
)
def test_each_term_brings_back_its_rule_in_its_place(terms: dict[str, Any], rule: str) -> None:
    base = {"granularity": "half-day"}
    kept = names(applicable_rules(Agreement(name="x", **{**base, **terms})))
    expected = [r.__name__ for r in BOOKING_RULES if r.__name__ in [*ALWAYS, rule]]
    assert kept == expected


def test_a_period_maximum_or_a_weekly_minimum_makes_no_window_rule() -> None:
    terms = Agreement(
        name="x",
        granularity="half-day",
        quotas=[Quota(window="period", maximum=100), Quota(window="week", minimum=1)],
    )
    assert "within_window_maxima" not in names(applicable_rules(terms))


def test_under_a_history_the_window_rule_stays_if_any_version_has_a_maximum() -> None:
    open_a = Agreement(name="a", granularity="half-day")
    kept = names(applicable_rules(open_a, history=SWITCH))
    assert "within_window_maxima" in kept
    assert "within_window_maxima" not in names(applicable_rules(open_a))
    plain = AgreementHistory.single(open_a)
    assert "within_window_maxima" not in names(applicable_rules(open_a, history=plain))
    # Only the window rule reads the history: the others follow the version's own terms.
    assert "granularity_fits" not in kept
    assert "allowed_weekday" not in kept


def test_applicable_rules_keep_a_rule_they_do_not_know_and_the_order_given() -> None:
    def house_rule(ctx: BookingContext) -> tuple[()]:
        return ()

    given = [house_rule, *reversed(BOOKING_RULES)]
    kept = applicable_rules(Agreement(name="open", granularity="half-day"), given)
    assert names(kept) == ["house_rule", *reversed(ALWAYS)]
    # The same agreement asked again with other rules: answered for those.
    agreement = Agreement(name="open")
    assert len(applicable_rules(agreement)) == 7
    assert names(applicable_rules(agreement, BOOKING_RULES[:3])) == ["within_contract"]
    assert len(applicable_rules(agreement, list(BOOKING_RULES))) == 7


def test_the_rules_kept_give_the_same_violations_as_every_rule() -> None:
    day = date(2024, 3, 9)  # a Saturday
    for agreement in (Agreement(name="open"), LIMITS, RUN_OF_2):
        ctx = BookingContext(
            agreement=agreement, contract=FULL_TIME, calendar=CAL, day=day, half="am"
        )
        assert check_booking(ctx, applicable_rules(agreement)) == check_booking(ctx)


# -- found by the second measure (wave 6): what a violation says, caps under histories --------


def test_a_half_day_under_whole_days_names_the_granularity() -> None:
    (found,) = violations(Agreement(name="days"), TUE, half="am").values()
    assert found.code == "granularity"
    assert dict(found.params) == {"granularity": "day"}


def weekly_and_monthly(name: str) -> Agreement:
    return Agreement(
        name=name,
        quotas=[Quota(window="week", maximum=3), Quota(window="month", maximum=8)],
    )


BOTH = AgreementHistory(
    name="h",
    versions=[
        AgreementVersion(agreement=weekly_and_monthly("a"), start="2024-01-01"),
        AgreementVersion(agreement=weekly_and_monthly("b"), start="2024-03-06"),
    ],
)


def test_under_a_history_each_cap_counts_over_its_own_window() -> None:
    # One day in each of the first three weeks of March: 3 in the month, 1 in each week.
    spread = booked(MON, date(2024, 3, 11), date(2024, 3, 18))
    assert under(BOTH, date(2024, 3, 25), bookings=spread) == {}
    # Eight in March (3 + 3 + 2), none in the week of 25 March: only the month is full.
    eight = booked(MON, TUE, WED, *(date(2024, 3, d) for d in (11, 12, 13, 18, 19)))
    found = under(BOTH, date(2024, 3, 25), bookings=eight)
    assert list(found) == ["monthly_max_exceeded"]
    assert (dict(found["monthly_max_exceeded"].params)["maximum"]) == 8


def test_a_straddled_week_keeps_the_quota_s_label_before_naming_the_versions() -> None:
    def labelled(name: str, maximum: int) -> Agreement:
        return Agreement(
            name=name, quotas=[Quota(window="week", maximum=maximum, label="site rule")]
        )

    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=labelled("a", 2), start="2024-01-01"),
            AgreementVersion(agreement=labelled("b", 3), start="2024-03-06"),
        ],
    )
    found = under(history, THU, bookings=booked(MON, TUE, WED))["weekly_max_exceeded"]
    assert "the agreement allows 3 (site rule) (the week runs under 'a' and 'b'; " in found.message


def pooled(name: str, reference: ReferencePeriod, label: str = "") -> Agreement:
    """10 days a period, of which at most 10 flexible, and at most 2 of both together."""
    return Agreement(
        name=name,
        reference=reference,
        pools=[
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=10)])
        ],
        quotas=[Quota(window="period", maximum=10)],
        total=[Quota(window="period", maximum=2, label=label)],
    )


def mixed(*days: date) -> list[Booking]:
    """A regular day then an occasional one (the total counts both)."""
    kinds = ("regular", "occasional")
    return [
        Booking(entry_id=f"m{n}", day=d, recorded_at=AT, by="E1", telework_kind=kinds[n % 2])
        for n, d in enumerate(days)
    ]


def test_a_total_per_period_across_versions_keeps_its_label_and_names_them() -> None:
    calendar_year = ReferencePeriod()
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=pooled("a", calendar_year, "envelope"), start="2024-01-01"),
            AgreementVersion(agreement=pooled("b", calendar_year, "envelope"), start="2024-07-01"),
        ],
    )
    found = under(history, WED, bookings=mixed(MON, TUE))["window_max_exceeded"]
    params = dict(found.params)
    assert (params["pool"], params["booked"], params["maximum"]) == ("total", 2, 2)
    assert (
        "the agreement allows 2 (envelope) (prorated across 'a' and 'b'), and 2 days are "
        "already booked." in found.message
    )


JUNE_TO_MAY = ReferencePeriod(start_month=6)


def test_a_total_per_period_counts_over_the_agreement_s_reference_period() -> None:
    # Two days booked in October 2023 are in the period 1 June 2023 - 31 May 2024 of March 2024.
    october = mixed(date(2023, 10, 2), date(2023, 10, 3))
    found = violations(pooled("a", JUNE_TO_MAY), WED, bookings=october)["window_max_exceeded"]
    params = dict(found.params)
    assert (params["window_start"], params["window_end"]) == (date(2023, 6, 1), date(2024, 5, 31))
    assert (params["booked"], params["maximum"]) == (2, 2)
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=pooled("a", JUNE_TO_MAY), start="2023-06-01"),
            AgreementVersion(agreement=pooled("b", JUNE_TO_MAY), start="2024-01-01"),
        ],
    )
    found = under(history, WED, bookings=october)["window_max_exceeded"]
    params = dict(found.params)
    assert (params["window_start"], params["window_end"]) == (date(2023, 6, 1), date(2024, 5, 31))
    assert (params["booked"], params["maximum"]) == (2, 2)


def test_a_prorated_weekly_cap_counts_the_calendar_s_working_days() -> None:
    # Week of 6 May 2024: Wednesday 8 and Thursday 9 (Ascension) are holidays, so its working
    # days are Monday 6, Tuesday 7 and Friday 10. Hired on Thursday 9, the employee is present
    # on one of three: 2 days a week prorated give 2/3, less than the day asked for.
    agreement = Agreement(
        name="p",
        quotas=[Quota(window="week", maximum=2, prorate=True)],
        prorating=Prorating(basis="working-days"),
    )
    hired = Contract.from_amendments(employee="E1", hired=date(2024, 5, 9))
    found = violations(agreement, date(2024, 5, 10), contract=hired)["weekly_max_exceeded"]
    params = dict(found.params)
    assert (params["maximum"], params["booked"], params["amount"]) == (Fraction(2, 3), 0, 1)
    assert type(params["booked"]) is Fraction  # day amounts are fractions, none booked too


def test_under_a_history_of_pools_without_a_total_each_pool_keeps_its_own_cap() -> None:
    def one_flexible_day_a_week(name: str) -> Agreement:
        return Agreement(
            name=name,
            pools=[
                Pool(
                    name="flexible", kinds=["occasional"], quotas=[Quota(window="week", maximum=1)]
                )
            ],
        )

    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=one_flexible_day_a_week("a"), start="2024-01-01"),
            AgreementVersion(agreement=one_flexible_day_a_week("b"), start="2024-03-06"),
        ],
    )
    monday = [Booking(entry_id="o", day=MON, recorded_at=AT, by="E1", telework_kind="occasional")]
    found = under(history, THU, bookings=monday, telework_kind="occasional")
    assert list(found) == ["weekly_max_exceeded"]
    params = dict(found["weekly_max_exceeded"].params)
    assert (params["pool"], params["booked"], params["maximum"]) == ("flexible", 1, 1)
    # A regular day is not in the flexible pool: the week holds no regular day yet.
    assert under(history, THU, bookings=monday) == {}
