"""Entitlement figures on each presence basis, with statuses, accrual, rounding, window quotas and
eligibility, each figure counted by hand on the 2024 French calendar (366 days; 262 weekdays of
which 10 are public holidays: 252 working days)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from teleaccord import (
    Accrual,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Amendment,
    Calendar,
    Contract,
    DateRange,
    Eligibility,
    Extra,
    Prorating,
    Quota,
    Rounding,
    eligibility,
    eligible_spans,
    entitlement,
    window_quota,
    year_range,
)

Y2024 = year_range(2024)
HUNDRED = Quota(window="period", maximum=100, prorate=True)


def agreement(**kw: object) -> Agreement:
    kw.setdefault("quotas", [HUNDRED])
    return Agreement(name="accord", **kw)  # type: ignore[arg-type]


def hired(day: date, **kw: object) -> Contract:
    return Contract.from_amendments(employee="E1", hired=day, **kw)  # type: ignore[arg-type]


def exact(a: Agreement, c: Contract, **kw: object) -> Fraction:
    return entitlement(a, c, Y2024, Calendar(), **kw).exact  # type: ignore[arg-type]


# -- presence bases --------------------------------------------------------------------------------


def test_calendar_days_from_a_hire_in_july() -> None:
    # 1 July to 31 December: 184 of 366 days.
    assert exact(agreement(), hired(date(2024, 7, 1))) == Fraction(100 * 184, 366)


def test_a_change_of_fraction_weighs_each_segment() -> None:
    c = hired(
        date(2020, 1, 1),
        amendments=[Amendment(effective=date(2024, 7, 1), fraction=Fraction(1, 2))],
    )
    # 182 days at 100 % and 184 days at 50 %.
    assert exact(agreement(), c) == Fraction(100 * (182 + 92), 366)
    not_by_fraction = agreement(prorating=Prorating(by_fraction=False))
    assert exact(not_by_fraction, c) == 100


def test_a_leaver_in_september() -> None:
    c = hired(date(2020, 1, 1), last_day=date(2024, 9, 30))  # 274 days
    assert exact(agreement(), c) == Fraction(100 * 274, 366)


def test_working_days_exclude_weekends_and_holidays() -> None:
    a = agreement(prorating=Prorating(basis="working-days"))
    # 1 July to 31 December: 132 weekdays less 15 August, 1 and 11 November, 25 December.
    e = entitlement(a, hired(date(2024, 7, 1)), Y2024, Calendar())
    assert e.exact == Fraction(100 * 128, 252)
    assert len(e.explanation.holidays) == 10
    segment = e.explanation.segments[0]
    assert (segment.presence_numerator, segment.presence_denominator) == (128, 252)
    assert segment.presence_unit == "working days"
    closed = Calendar(closures=[date(2024, 12, 24), date(2024, 12, 28)])  # a Tuesday, a Saturday
    e = entitlement(a, hired(date(2024, 7, 1)), Y2024, closed)
    assert e.exact == Fraction(100 * 127, 251)
    assert e.explanation.closures == (date(2024, 12, 24),)


@pytest.mark.parametrize(
    ("basis", "figure"),
    [
        ("whole-months", Fraction(100 * 9, 12)),  # April to December
        ("months-started", Fraction(100 * 10, 12)),  # March to December
        ("equal-months", Fraction(100, 12) * (Fraction(17, 31) + 9)),  # 17 of March's 31 days
        ("calendar-days", Fraction(100 * 292, 366)),  # 15 March to 31 December
    ],
)
def test_month_bases_from_a_hire_on_15_march(basis: str, figure: Fraction) -> None:
    assert exact(agreement(prorating=Prorating(basis=basis)), hired(date(2024, 3, 15))) == figure


def test_a_month_shared_by_two_segments_counts_once_on_month_bases() -> None:
    c = hired(
        date(2020, 1, 1),
        amendments=[Amendment(effective=date(2024, 3, 16), fraction=Fraction(1, 2))],
    )
    # March: 15 days at 100 %, 16 at 50 %; the other months whole.
    march = Fraction(15, 31) + Fraction(1, 2) * Fraction(16, 31)
    expected = Fraction(100, 12) * (2 + march + Fraction(1, 2) * 9)
    assert exact(agreement(prorating=Prorating(basis="whole-months")), c) == expected
    assert exact(agreement(prorating=Prorating(basis="months-started")), c) == expected


def test_a_month_started_before_a_leave_counts_whole_on_months_started_only() -> None:
    c = hired(date(2020, 1, 1), last_day=date(2024, 10, 10))
    assert exact(agreement(prorating=Prorating(basis="months-started")), c) == Fraction(
        100 * 10, 12
    )
    assert exact(agreement(prorating=Prorating(basis="whole-months")), c) == Fraction(100 * 9, 12)


def test_no_presence_basis_prorates_by_fraction_only() -> None:
    c = hired(date(2024, 7, 1), fraction=Fraction(4, 5))
    assert exact(agreement(prorating=Prorating(basis="none")), c) == 80


def test_a_quota_not_prorated_is_whole_for_any_presence() -> None:
    fixed = agreement(quotas=[Quota(window="period", maximum=100, prorate=False)])
    e = entitlement(fixed, hired(date(2024, 12, 1), fraction=Fraction(1, 2)), Y2024, Calendar())
    assert e.exact == 100
    assert e.explanation.prorated is False


def test_no_period_quota_means_no_entitlement() -> None:
    weekly = agreement(quotas=[Quota(window="week", maximum=2)])
    e = entitlement(weekly, hired(date(2020, 1, 1)), Y2024, Calendar())
    assert (e.exact, e.rounded, e.explanation.quota) == (0, 0, None)
    assert e.explanation.formula == "no period quota, so 0"


# -- statuses, rounding, accrual -------------------------------------------------------------------


def test_the_extra_days_of_a_status_are_prorated_with_the_quota() -> None:
    a = agreement(extras=[Extra(status="carer", days=10), Extra(status="disabled", days=5)])
    c = hired(date(2024, 7, 1))
    assert exact(a, c, statuses=[" Carer "]) == Fraction(110 * 184, 366)
    assert exact(a, c, statuses=["carer", "disabled"]) == Fraction(115 * 184, 366)
    assert exact(a, c, statuses=["pregnant"]) == Fraction(100 * 184, 366)
    e = entitlement(a, c, Y2024, Calendar(), statuses=["carer"])
    assert (e.explanation.extras, e.explanation.total_quota) == ((("carer", Fraction(10)),), 110)


@pytest.mark.parametrize(
    ("mode", "unit", "rounded"),
    [
        ("half-up", Fraction(1, 2), Fraction(101, 2)),  # 9200/183 = 50.27..., nearer 50.5 than 50
        ("up", Fraction(1, 2), Fraction(101, 2)),
        ("down", Fraction(1, 2), Fraction(50)),
        ("half-up", Fraction(1), Fraction(50)),
        ("up", Fraction(1), Fraction(51)),
    ],
)
def test_rounding_applies_once_to_the_exact_figure(
    mode: str, unit: Fraction, rounded: Fraction
) -> None:
    a = agreement(rounding=Rounding(mode, unit=unit), granularity="half-day")
    e = entitlement(a, hired(date(2024, 7, 1)), Y2024, Calendar())
    assert (e.exact, e.rounded) == (Fraction(9200, 183), rounded)


@pytest.mark.parametrize(
    ("at", "as_of", "days"),
    [
        ("end", date(2024, 3, 31), 91),  # January to March
        ("end", date(2024, 3, 30), 60),  # March not over: January and February
        ("start", date(2024, 3, 1), 91),  # March started
        ("start", date(2024, 2, 29), 60),
        ("end", date(2024, 1, 30), 0),
        ("end", date(2023, 12, 31), 0),
        ("end", date(2024, 12, 31), 366),
        ("start", date(2025, 6, 1), 366),
    ],
)
def test_monthly_accrual_earns_each_month_s_own_days(at: str, as_of: date, days: int) -> None:
    a = agreement(accrual=Accrual(step="monthly", at=at))
    assert exact(a, hired(date(2020, 1, 1)), as_of=as_of) == Fraction(100 * days, 366)


def test_weekly_accrual_earns_iso_weeks() -> None:
    a = agreement(accrual=Accrual(step="weekly", at="end"))
    # 2024 starts on a Monday: the first week ends on Sunday 7 January.
    assert exact(a, hired(date(2020, 1, 1)), as_of=date(2024, 1, 7)) == Fraction(700, 366)
    assert exact(a, hired(date(2020, 1, 1)), as_of=date(2024, 1, 6)) == 0


def test_upfront_accrual_earns_the_whole_period_on_its_first_day() -> None:
    assert exact(agreement(), hired(date(2020, 1, 1)), as_of=date(2024, 1, 1)) == 100


# -- window quotas ----------------------------------------------------------------------------------


def test_a_monthly_quota_prorated_over_a_month_half_worked() -> None:
    monthly = Quota(window="month", maximum=10, minimum=4, prorate=True)
    a = agreement(quotas=[monthly], rounding=Rounding("down"))
    c = hired(date(2024, 3, 16), fraction=Fraction(1, 2))
    march = DateRange(date(2024, 3, 1), date(2024, 3, 31))
    # 16 of 31 days at 50 %.
    assert window_quota(a, monthly, c, march, Calendar(), exact=True) == Fraction(10 * 8, 31)
    assert window_quota(a, monthly, c, march, Calendar()) == 2
    assert window_quota(a, monthly, c, march, Calendar(), minimum=True, exact=True) == Fraction(
        4 * 8, 31
    )


def test_a_window_quota_not_prorated_or_without_the_bound() -> None:
    fixed = Quota(window="week", maximum=2)
    a = agreement(quotas=[fixed])
    week = DateRange(date(2024, 3, 4), date(2024, 3, 10))
    c = hired(date(2024, 3, 8), fraction=Fraction(1, 2))
    assert window_quota(a, fixed, c, week, Calendar()) == 2
    assert window_quota(a, fixed, c, week, Calendar(), minimum=True) is None


# -- eligibility -------------------------------------------------------------------------------------


def test_seniority_is_counted_in_whole_months() -> None:
    a = agreement(eligibility=Eligibility(min_seniority_months=6))
    c = hired(date(2024, 1, 31))
    (v,) = eligibility(a, c, date(2024, 7, 30))
    assert (v.code, dict(v.params)) == ("seniority_too_short", {"months": 5, "minimum": 6})
    assert v.message == "E1 has 5 months of seniority on 2024-07-30; the agreement requires 6."
    assert eligibility(a, c, date(2024, 7, 31)) == ()
    assert [str(s) for s in eligible_spans(a, c, Y2024)] == ["2024-07-31..2024-12-31"]


def test_time_in_post_restarts_with_a_new_category() -> None:
    a = agreement(eligibility=Eligibility(min_months_in_post=3))
    c = hired(
        date(2020, 1, 1),
        category="claims",
        amendments=[
            Amendment(effective=date(2024, 2, 1), fraction=Fraction(4, 5)),  # same post
            Amendment(effective=date(2024, 5, 10), category="sales"),
        ],
    )
    assert eligibility(a, c, date(2024, 3, 1)) == ()
    (v,) = eligibility(a, c, date(2024, 8, 9))
    assert (v.code, dict(v.params)) == ("months_in_post_too_short", {"months": 2, "minimum": 3})
    assert [str(s) for s in eligible_spans(a, c, Y2024)] == [
        "2024-01-01..2024-05-09",
        "2024-08-10..2024-12-31",
    ]


def test_a_fraction_too_low_and_a_site_not_covered() -> None:
    a = agreement(eligibility=Eligibility(min_fraction=Fraction(1, 2), sites={"lyon", "paris"}))
    c = hired(date(2020, 1, 1), fraction=Fraction(2, 5), site="nantes")
    low, site = eligibility(a, c, date(2024, 3, 1))
    assert (low.code, dict(low.params)) == (
        "fraction_too_low",
        {"fraction": Fraction(2, 5), "minimum": Fraction(1, 2)},
    )
    assert low.message == "E1 works 40 % on 2024-03-01; the agreement requires at least 50 %."
    assert (site.code, dict(site.params)) == (
        "site_not_eligible",
        {"site": "nantes", "sites": ["lyon", "paris"]},
    )
    assert (
        site.message
        == "The site 'nantes' of E1 is not covered by the agreement; covered: lyon, paris."
    )
    assert (
        eligibility(
            a, hired(date(2020, 1, 1), fraction=Fraction(1, 2), site="lyon"), date(2024, 3, 1)
        )
        == ()
    )


@pytest.mark.parametrize(
    ("category", "text"),
    [
        (None, "E1 has no job category recorded on 2024-03-01; eligible: claims, sales."),
        ("driver", "The job category 'driver' of E1 is not eligible; eligible: claims, sales."),
    ],
)
def test_categories_not_eligible(category: str | None, text: str) -> None:
    a = agreement(eligibility=Eligibility(categories={"sales", "claims"}))
    (v,) = eligibility(a, hired(date(2020, 1, 1), category=category), date(2024, 3, 1))
    assert v.code == "category_not_eligible"
    assert v.message == text
    assert dict(v.params) == {"category": category, "eligible": ["claims", "sales"]}
    assert eligibility(a, hired(date(2020, 1, 1), category="sales"), date(2024, 3, 1)) == ()


def test_an_excluded_category() -> None:
    a = agreement(eligibility=Eligibility(excluded_categories={"intern"}))
    (v,) = eligibility(a, hired(date(2020, 1, 1), category="intern"), date(2024, 3, 1))
    assert v.message == "The job category 'intern' of E1 is excluded from telework."
    assert dict(v.params) == {"category": "intern", "eligible": []}
    assert eligibility(a, hired(date(2020, 1, 1), category="sales"), date(2024, 3, 1)) == ()
    assert eligibility(a, hired(date(2020, 1, 1)), date(2024, 3, 1)) == ()


def test_outside_the_contract_and_the_agreement() -> None:
    a = agreement(valid=DateRange(date(2024, 3, 1), date(2024, 12, 31)))
    found = eligibility(a, hired(date(2024, 6, 1)), date(2024, 2, 1))
    assert [v.code for v in found] == ["outside_agreement_validity", "outside_contract"]
    assert found[1].message == "E1 is not under contract on 2024-02-01."


def test_an_employee_eligible_on_no_day_is_entitled_to_nothing() -> None:
    a = agreement(eligibility=Eligibility(min_seniority_months=24))
    e = entitlement(a, hired(date(2024, 1, 1)), Y2024, Calendar())
    assert (e.exact, e.rounded) == (0, 0)
    assert [v.code for v in e.explanation.ineligible] == ["seniority_too_short"]
    assert e.explanation.formula == "not eligible, so 0"


def test_days_before_seniority_count_as_absent_when_prorated_from_eligibility() -> None:
    a = agreement(eligibility=Eligibility(min_seniority_months=6, prorate_from_eligibility=True))
    e = entitlement(a, hired(date(2024, 1, 1)), Y2024, Calendar())
    # Eligible from 1 July: 184 days.
    assert e.exact == Fraction(100 * 184, 366)
    assert (
        "Eligible from 2024-07-01 (prorated from eligibility); the days before count as absent."
        in e.explanation.notes
    )


def test_an_agreement_valid_part_of_the_period_counts_the_other_days_as_absent() -> None:
    a = agreement(valid=DateRange(date(2024, 7, 1), date(2099, 12, 31)))
    e = entitlement(a, hired(date(2020, 1, 1)), Y2024, Calendar())
    assert e.exact == Fraction(100 * 184, 366)
    assert e.explanation.notes == (
        "The agreement is valid from 2024-07-01 to 2099-12-31 only; days outside it count as absent.",
    )


# -- the explanation in words -------------------------------------------------------------------------


def test_the_explanation_of_a_part_time_newcomer() -> None:
    c = hired(date(2024, 7, 1), fraction=Fraction(4, 5))
    e = entitlement(agreement(), c, Y2024, Calendar())
    # 100 × 0.8 × 184/366 = 7360/183 = 40.218...
    assert e.exact == Fraction(7360, 183)
    assert e.explanation.formula == "100 × (0.8 × 184/366) = 7360/183 (about 40.22)"
    assert e.describe().startswith(
        "E1, period 2024-01-01..2024-12-31, under 'accord': quota 100 days, prorated by work fraction and by "
        "presence in calendar days. 2024-07-01..2024-12-31 at 80 %: 184 of 366 calendar days, share 7360/183 "
        "(about 40.22). Formula: 100 × (0.8 × 184/366) = 7360/183 (about 40.22). "
    )


def test_the_explanation_of_monthly_accrual_as_of_a_date() -> None:
    a = agreement(
        accrual=Accrual(step="monthly", at="end"), extras=[Extra(status="carer", days=10)]
    )
    e = entitlement(
        a, hired(date(2020, 1, 1)), Y2024, Calendar(), as_of=date(2024, 2, 15), statuses=["carer"]
    )
    text = e.describe()
    assert "quota 100 + 10 (carer) = 110 days" in text
    assert (
        ", earned monthly, on the last day of each step (as of 2024-02-15, earned until 2024-01-31)."
        in text
    )
    nothing = entitlement(a, hired(date(2020, 1, 1)), Y2024, Calendar(), as_of=date(2024, 1, 15))
    assert "(as of 2024-01-15, earned until nothing yet)" in nothing.describe()


def test_eligible_spans_follow_the_contract_and_the_agreement_s_validity() -> None:
    valid = agreement(valid=DateRange(date(2024, 3, 1), date(2024, 9, 30)))
    assert [str(s) for s in eligible_spans(valid, hired(date(2020, 1, 1)), Y2024)] == [
        "2024-03-01..2024-09-30"
    ]
    leaver = hired(date(2020, 1, 1), last_day=date(2024, 6, 30))
    assert [str(s) for s in eligible_spans(agreement(), leaver, Y2024)] == [
        "2024-01-01..2024-06-30"
    ]
    ends_with_period = agreement(valid=DateRange(date(2024, 3, 1), date(2024, 12, 31)))
    assert [str(s) for s in eligible_spans(ends_with_period, hired(date(2020, 1, 1)), Y2024)] == [
        "2024-03-01..2024-12-31"
    ]


def test_a_share_not_prorated_by_fraction_says_so() -> None:
    a = agreement(prorating=Prorating(by_fraction=False))
    e = entitlement(a, hired(date(2024, 7, 1), fraction=Fraction(1, 2)), Y2024, Calendar())
    assert e.explanation.segments[0].describe() == (
        "2024-07-01..2024-12-31 at 50 % (fraction not prorated): 184 of 366 calendar days, share 9200/183 (about 50.27)"
    )
    assert e.explanation.formula == "100 × (184/366) = 9200/183 (about 50.27)"


def test_a_monthly_quota_not_prorated_by_fraction() -> None:
    monthly = Quota(window="month", maximum=10, prorate=True)
    a = agreement(quotas=[monthly], prorating=Prorating(by_fraction=False))
    c = hired(date(2024, 3, 16), fraction=Fraction(1, 2))
    march = DateRange(date(2024, 3, 1), date(2024, 3, 31))
    assert window_quota(a, monthly, c, march, Calendar(), exact=True) == Fraction(160, 31)


def test_a_version_without_a_period_quota_earns_nothing_for_its_days() -> None:
    weekly_only = Agreement(name="weekly", quotas=[Quota(window="week", maximum=2)])
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=weekly_only, start="2024-01-01"),
            AgreementVersion(agreement=agreement(), start="2024-07-01"),
        ],
    )
    e = entitlement(history, hired(date(2020, 1, 1)), Y2024, Calendar())
    assert e.exact == Fraction(100 * 184, 366)
    first, second = e.explanation.versions
    assert first.describe() == "'weekly' 2024-01-01..2024-06-30: no period quota, share 0"
    assert (
        second.describe()
        == "'accord' 2024-07-01..2024-12-31: quota 100, share 9200/183 (about 50.27)"
    )


# -- the explanation, branch by branch ------------------------------------------------------------------

JULY_HIRE = Contract.from_amendments(employee="E1", hired=date(2024, 7, 1))
HEAD = "E1, period 2024-01-01..2024-12-31, under 'accord': "


def described(
    a: Agreement, c: Contract = JULY_HIRE, calendar: Calendar | None = None, **kw: object
) -> str:
    return entitlement(a, c, Y2024, calendar or Calendar(), **kw).describe()  # type: ignore[arg-type]


def test_described_not_prorated() -> None:
    assert described(agreement(quotas=[Quota(window="period", maximum=100)])) == HEAD + (
        "quota 100 days, not prorated (the whole quota for any presence in the period). 2024-07-01..2024-12-31 "
        "at 100 %: 184 of 184 days under contract, share 100. Formula: 100 × (184/184) = 100. 100 is kept "
        "exact (no rounding)."
    )


def test_described_by_fraction_only_and_by_nothing() -> None:
    half = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), fraction=Fraction(1, 2))
    assert described(agreement(prorating=Prorating(basis="none")), half) == HEAD + (
        "quota 100 days, prorated by work fraction. 2024-01-01..2024-12-31 at 50 %: 366 of 366 days under "
        "contract, share 50. Formula: 100 × (0.5 × 366/366) = 50. 50 is kept exact (no rounding)."
    )
    nothing = agreement(prorating=Prorating(basis="none", by_fraction=False))
    assert described(nothing).startswith(
        HEAD + "quota 100 days, not prorated. 2024-07-01..2024-12-31 at 100 %"
    )


def test_described_in_working_days() -> None:
    closed = Calendar(closures=[date(2024, 12, 24)])
    text = described(agreement(prorating=Prorating(basis="working-days")), calendar=closed)
    assert text == HEAD + (
        "quota 100 days, prorated by work fraction and by presence in working days. 2024-07-01..2024-12-31 "
        "at 100 %: 127 of 251 working days, share 12700/251 (about 50.6). Formula: 100 × (1 × 127/251) = "
        "12700/251 (about 50.6). 12700/251 is kept exact (no rounding). Working days exclude 10 holidays and "
        f"1 closure day ({closed.source})."
    )


def test_described_with_weekly_accrual_at_the_start_of_each_week() -> None:
    # As of Wednesday 10 July, the week started on Monday 8 July is earned: 1 to 14 July.
    text = described(agreement(accrual=Accrual(step="weekly", at="start")), as_of=date(2024, 7, 10))
    assert text == HEAD + (
        "quota 100 days, prorated by work fraction and by presence in calendar days, earned weekly, on the "
        "first day of each step (as of 2024-07-10, earned until 2024-07-14). 2024-07-01..2024-07-14 at 100 %: "
        "14 of 366 calendar days, share 700/183 (about 3.83). Formula: 100 × (1 × 14/366) = 700/183 (about "
        "3.83). 700/183 is kept exact (no rounding)."
    )


def test_described_without_any_day_under_contract_without_envelope_and_not_eligible() -> None:
    next_year = Contract.from_amendments(employee="E1", hired=date(2025, 1, 1))
    assert described(agreement(), next_year) == HEAD + (
        "quota 100 days, prorated by work fraction and by presence in calendar days. No day of the period is "
        "under contract. Formula: 100 × (0) = 0. 0 is kept exact (no rounding)."
    )
    assert described(agreement(quotas=[Quota(window="week", maximum=2)])) == HEAD + (
        "the agreement sets no envelope of days per reference period, so the entitlement is 0 and only its "
        "window quotas limit telework."
    )
    assert described(agreement(eligibility=Eligibility(min_seniority_months=24))) == HEAD + (
        "not eligible on any day of the period, so the entitlement is 0. E1 has 0 months of seniority on "
        "2024-07-01; the agreement requires 24."
    )
