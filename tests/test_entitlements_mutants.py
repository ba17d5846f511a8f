"""Entitlements, the cases mutation testing found untested (issue 11): the explanation's words
(versions, extra days, closures, notes, individual terms, every reason not to be eligible),
amounts shown to two decimals, seniority over more than a year, thresholds from the end of a
month, a contract starting on the last day asked for, where an ineligibility points.

Every expected figure is written by hand from the 2024 calendar: 366 days, 262 weekdays, of
which 10 are French public holidays (1 January, 1 April, 1, 8, 9 and 20 May, 15 August, 1 and
11 November, 25 December), so 252 working days; 1 October - 31 December holds 66 weekdays, 3
of them holidays.
"""

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
    IndividualTerms,
    PresenceBasis,
    Prorating,
    Quota,
    ReferencePeriod,
    VersionShare,
    eligibility,
    eligible_spans,
    entitlement,
    window_quota,
    year_range,
)

Y2024 = year_range(2024)
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
FROM_OCTOBER = Contract.from_amendments(employee="E1", hired=date(2024, 10, 1))
HEAD = "E1, period 2024-01-01..2024-12-31, under "


def yearly(days: object) -> Quota:
    return Quota(window="period", maximum=days, prorate=True)  # type: ignore[arg-type]


def test_under_a_history_the_explanation_names_each_version_then_each_segment() -> None:
    # 1 January - 30 June: 182 days, 100 × 182/366 = 9100/183; 1 July - 31 December: 184
    # days, 120 × 184/366 = 3680/61.
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(name="a", quotas=[yearly(100)]), start="2024-01-01"
            ),
            AgreementVersion(
                agreement=Agreement(name="b", quotas=[yearly(120)]), start="2024-07-01"
            ),
        ],
    )
    text = entitlement(history, FULL_TIME, Y2024, Calendar()).explanation.describe()
    assert text.startswith(
        HEAD + "'h': versions 'a' 2024-01-01..2024-06-30: quota 100, share 9100/183 (about "
        "49.73); 'b' 2024-07-01..2024-12-31: quota 120, share 3680/61 (about 60.33), prorated "
        "by work fraction and by presence in calendar days. 2024-01-01..2024-06-30 at 100 %: "
        "182 of 366 calendar days, share 9100/183 (about 49.73); 2024-07-01..2024-12-31 at "
        "100 %: 184 of 366 calendar days, share 3680/61 (about 60.33). Formula: "
    )


def test_each_extra_day_status_is_added_to_the_quota_in_words() -> None:
    agreement = Agreement(
        name="x",
        quotas=[yearly(100)],
        extras=[Extra(status="disabled", days=5), Extra(status="carer", days=3)],
    )
    text = entitlement(
        agreement, FULL_TIME, Y2024, Calendar(), statuses=["disabled", "carer"]
    ).explanation.describe()
    assert text.startswith(HEAD + "'x': quota 100 + 5 (disabled) + 3 (carer) = 108 days, ")


def test_working_days_name_the_closures_that_removed_some() -> None:
    # 63 of the 252 working days from 1 October; a closure on Monday 12 August leaves 251,
    # another on Tuesday 13 leaves 250.
    agreement = Agreement(name="w", quotas=[yearly(100)], prorating=Prorating(basis="working-days"))

    def tail(*closures: date) -> str:
        text = entitlement(
            agreement, FROM_OCTOBER, Y2024, Calendar(closures=closures)
        ).explanation.describe()
        return text[text.index(" Working days exclude") :]

    source = Calendar().source
    assert tail() == f" Working days exclude 10 holidays ({source})."
    assert tail(date(2024, 8, 12)) == (
        f" Working days exclude 10 holidays and 1 closure day ({source})."
    )
    assert tail(date(2024, 8, 12), date(2024, 8, 13)) == (
        f" Working days exclude 10 holidays and 2 closure days ({source})."
    )


def test_notes_and_individual_terms_close_the_explanation_and_the_formula_shows_both() -> None:
    # Valid from 1 July: 184 days of 366, 100 × 184/366 = 9200/183, capped at 40 personally.
    agreement = Agreement(
        name="x", quotas=[yearly(100)], valid=DateRange(date(2024, 7, 1), date(2030, 12, 31))
    )
    explanation = entitlement(
        agreement,
        FULL_TIME,
        Y2024,
        Calendar(),
        terms=IndividualTerms(employee="E1", personal_cap=40),
    ).explanation
    assert explanation.formula == (
        "100 × (1 × 184/366) = 9200/183 (about 50.27), 40 under the individual terms"
    )
    assert explanation.describe().endswith(
        "40 is kept exact (no rounding). The agreement is valid from 2024-07-01 to 2030-12-31 "
        "only; days outside it count as absent. The personal cap of 40 days applies (the "
        "collective figure is 9200/183)."
    )


def test_every_reason_not_to_be_eligible_is_given_in_turn() -> None:
    agreement = Agreement(
        name="x",
        quotas=[yearly(100)],
        eligibility=Eligibility(categories={"claims"}, min_seniority_months=60),
    )
    driver = Contract.from_amendments(employee="E1", hired=date(2023, 1, 1), category="driver")
    text = entitlement(agreement, driver, Y2024, Calendar()).explanation.describe()
    assert text.endswith(
        "so the entitlement is 0. The job category 'driver' of E1 is not eligible; eligible: "
        "claims. E1 has 12 months of seniority on 2024-01-01; the agreement requires 60."
    )


def test_an_amount_with_two_decimals_is_shown_as_is_and_a_longer_one_rounded_too() -> None:
    # Whole months: hired 1 October, 3 months of 12; hired 1 December, 1 month of 12.
    def formula(days: str, hired: date) -> str:
        agreement = Agreement(
            name="m", quotas=[yearly(days)], prorating=Prorating(basis="whole-months")
        )
        contract = Contract.from_amendments(employee="E1", hired=hired)
        return entitlement(agreement, contract, Y2024, Calendar()).explanation.formula

    assert formula("3", date(2024, 10, 1)) == "3 × (1 × 3/12) = 0.75"
    assert formula("3/2", date(2024, 12, 1)) == "1.5 × (1 × 1/12) = 0.125 (about 0.12)"


def test_seniority_counts_twelve_months_a_year() -> None:
    # Hired 1 January 2023: 17 whole months on 30 June 2024, 18 from 1 July.
    agreement = Agreement(name="x", eligibility=Eligibility(min_seniority_months=18))
    hired = Contract.from_amendments(employee="E1", hired=date(2023, 1, 1))
    (short,) = eligibility(agreement, hired, date(2024, 6, 30))
    assert short.code == "seniority_too_short"
    assert "E1 has 17 months of seniority on 2024-06-30" in short.message
    assert eligibility(agreement, hired, date(2024, 7, 1)) == ()
    assert eligible_spans(agreement, hired, Y2024) == (
        DateRange(date(2024, 7, 1), date(2024, 12, 31)),
    )


def test_a_month_of_seniority_from_the_31st_of_january_is_reached_on_the_29th_of_february() -> None:
    # One month after 31 January 2024 is the last day of February (29); the 28th is not yet.
    agreement = Agreement(name="x", eligibility=Eligibility(min_seniority_months=1))
    hired = Contract.from_amendments(employee="E1", hired=date(2024, 1, 31))
    assert [v.code for v in eligibility(agreement, hired, date(2024, 2, 28))] == [
        "seniority_too_short"
    ]
    assert eligibility(agreement, hired, date(2024, 2, 29)) == ()
    assert eligible_spans(agreement, hired, Y2024) == (
        DateRange(date(2024, 2, 29), date(2024, 12, 31)),
    )


def test_a_contract_starting_on_the_last_day_asked_for_is_eligible_that_day() -> None:
    new_year_eve = Contract.from_amendments(employee="E1", hired=date(2024, 12, 31))
    assert eligible_spans(Agreement(name="x"), new_year_eve, Y2024) == (
        DateRange(date(2024, 12, 31), date(2024, 12, 31)),
    )


def test_an_ineligibility_points_at_its_day_with_its_figures() -> None:
    agreement = Agreement(name="x", valid=DateRange(date(2024, 7, 1), date(2024, 12, 31)))
    hired = Contract.from_amendments(employee="E1", hired=date(2024, 3, 1))
    outside, no_contract = eligibility(agreement, hired, date(2024, 2, 1))
    assert (outside.code, outside.day, dict(outside.params)) == (
        "outside_agreement_validity",
        date(2024, 2, 1),
        {"valid_start": date(2024, 7, 1), "valid_end": date(2024, 12, 31)},
    )
    assert (no_contract.code, no_contract.day, dict(no_contract.params)) == (
        "outside_contract",
        date(2024, 2, 1),
        {"employee": "E1"},
    )


def test_a_prorated_window_quota_of_a_window_without_contract_is_a_fraction_zero() -> None:
    weekly = Quota(window="week", maximum=2, prorate=True)
    agreement = Agreement(name="x", quotas=[weekly])
    week = DateRange(date(2024, 9, 2), date(2024, 9, 8))  # before the contract starts
    found = window_quota(agreement, weekly, FROM_OCTOBER, week, Calendar(), exact=True)
    assert found == 0
    assert type(found) is Fraction


# -- wave 9: the whole module's survivors (issue 11) ----------------------------------------------
#
# 2025 on the French calendar: 365 days from a Wednesday, so 261 weekdays; its 11 public holidays
# fall on a weekday but 1 November (a Saturday), so 251 working days.


def _history(*versions: tuple[Agreement, str]) -> AgreementHistory:
    return AgreementHistory(
        name="h",
        versions=[AgreementVersion(agreement=a, start=start) for a, start in versions],
    )


def test_a_month_without_working_day_falls_back_to_calendar_days_and_says_so() -> None:
    # A company shut every weekday of August 2024 (15 August is a holiday): no working day.
    # Hired on Friday 16 August: 16 of August's 31 calendar days, 8 × 16/31 = 128/31.
    monthly = Agreement(
        name="m",
        reference=ReferencePeriod(kind="month"),
        quotas=[Quota(window="period", maximum=8, prorate=True)],
        prorating=Prorating(basis="working-days"),
    )
    august = DateRange(date(2024, 8, 1), date(2024, 8, 31))
    shut = [d for d in august if d.weekday() < 5 and d != date(2024, 8, 15)]
    hired = Contract.from_amendments(employee="E1", hired=date(2024, 8, 16))
    e = entitlement(monthly, hired, august, Calendar(closures=shut))
    assert e.exact == Fraction(128, 31)
    (segment,) = e.explanation.segments
    assert (segment.presence_numerator, segment.presence_denominator) == (16, 31)
    assert segment.presence_unit == "calendar days"
    assert e.explanation.notes == (
        "The period has no working day in the calendar, so presence is counted in calendar "
        "days instead.",
    )
    # The holiday and the 21 closures that left no working day are named, then the fallback.
    assert e.explanation.holidays == (date(2024, 8, 15),)
    assert e.explanation.closures == tuple(shut)
    source = Calendar().source
    assert e.explanation.describe().endswith(
        f"Working days exclude 1 holiday and 21 closure days ({source}). The period has no "
        "working day in the calendar, so presence is counted in calendar days instead."
    )
    # Open in August: 21 working days (22 weekdays but 15 August), 11 from Friday 16 (16,
    # 19-23, 26-30): 8 × 11/21 = 88/21; one holiday, in the singular.
    e = entitlement(monthly, hired, august, Calendar())
    assert e.exact == Fraction(88, 21)
    assert e.explanation.describe().endswith(f"Working days exclude 1 holiday ({source}).")


def test_a_week_with_one_working_day_still_counts_in_working_days() -> None:
    # Christmas week 2024: closed Monday 23, Tuesday 24 and Thursday 26, Wednesday 25 is a
    # holiday: Friday 27 is its one working day. Hired on the 27th: 1 of 1 working day, the
    # whole weekly 2 (in calendar days it would be 3 of 7 days, 6/7).
    weekly = Quota(window="week", maximum=2, prorate=True)
    agreement = Agreement(name="w", quotas=[weekly], prorating=Prorating(basis="working-days"))
    closed = Calendar(closures=[date(2024, 12, 23), date(2024, 12, 24), date(2024, 12, 26)])
    hired = Contract.from_amendments(employee="E1", hired=date(2024, 12, 27))
    week = DateRange(date(2024, 12, 23), date(2024, 12, 29))
    assert window_quota(agreement, weekly, hired, week, closed, exact=True) == 2


def test_a_holiday_on_a_saturday_is_not_among_the_holidays_that_removed_working_days() -> None:
    agreement = Agreement(name="w", quotas=[yearly(100)], prorating=Prorating(basis="working-days"))
    e = entitlement(agreement, FULL_TIME, year_range(2025), Calendar())
    # 1 January, Easter and Whit Mondays, 1 and 8 May, Ascension, 14 July, 15 August,
    # 11 November, 25 December; not 1 November.
    days = [
        "01-01",
        "04-21",
        "05-01",
        "05-08",
        "05-29",
        "06-09",
        "07-14",
        "08-15",
        "11-11",
        "12-25",
    ]
    assert e.explanation.holidays == tuple(date.fromisoformat(f"2025-{d}") for d in days)
    assert e.explanation.segments[0].presence_denominator == 251
    assert e.exact == 100


def test_weekly_accrual_cuts_a_period_starting_mid_week_at_the_first_sunday() -> None:
    # 2025 starts on a Wednesday: its first week is Wednesday 1 to Sunday 5 January, earned by
    # Tuesday 7: 5 of 365 days, 100 × 5/365 = 100/73.
    agreement = Agreement(name="x", quotas=[yearly(100)], accrual=Accrual(step="weekly", at="end"))
    e = entitlement(agreement, FULL_TIME, year_range(2025), Calendar(), as_of=date(2025, 1, 7))
    assert e.exact == Fraction(100, 73)
    assert e.explanation.earned_until == date(2025, 1, 5)


def test_equal_months_earn_only_the_months_accrued() -> None:
    # Monthly accrual, 31 March: January to March, 3 equal months of 12, 100 × 3/12 = 25.
    agreement = Agreement(
        name="x",
        quotas=[yearly(100)],
        prorating=Prorating(basis="equal-months"),
        accrual=Accrual(step="monthly"),
    )
    assert entitlement(agreement, FULL_TIME, Y2024, Calendar(), as_of=date(2024, 3, 31)).exact == 25


def test_a_quota_not_prorated_is_whole_for_a_single_day_under_contract() -> None:
    fixed = Agreement(name="x", quotas=[Quota(window="period", maximum=100, prorate=False)])
    last_day = Contract.from_amendments(employee="E1", hired=date(2024, 12, 31))
    e = entitlement(fixed, last_day, Y2024, Calendar())
    assert e.exact == 100
    assert (
        e.explanation.segments[0].presence_numerator,
        e.explanation.segments[0].presence_denominator,
    ) == (1, 1)


@pytest.mark.parametrize(
    ("basis", "unit"),
    [
        ("whole-months", "whole months"),
        ("months-started", "months started"),
        ("equal-months", "equal months"),
    ],
)
def test_each_month_basis_names_its_unit(basis: str, unit: str) -> None:
    # From 1 October: 3 months of 12 on every month basis, 100 × 3/12 = 25.
    agreement = Agreement(name="m", quotas=[yearly(100)], prorating=Prorating(basis=basis))
    explanation = entitlement(agreement, FROM_OCTOBER, Y2024, Calendar()).explanation
    assert explanation.segments[0].presence_unit == unit
    assert f"2024-10-01..2024-12-31 at 100 %: 3 of 12 {unit}, share 25." in explanation.describe()


def test_without_period_quota_the_total_is_zero_and_presence_keeps_the_agreement_s_basis() -> None:
    # Only a weekly quota: no envelope, total 0; the segments are still measured in working
    # days, the basis the weekly quota would be prorated on (252 of 252 in 2024).
    agreement = Agreement(
        name="w",
        quotas=[Quota(window="week", maximum=2)],
        prorating=Prorating(basis="working-days"),
    )
    explanation = entitlement(agreement, FULL_TIME, Y2024, Calendar()).explanation
    assert explanation.total_quota == 0
    assert explanation.basis is PresenceBasis.WORKING_DAYS
    assert explanation.segments[0].presence_unit == "working days"
    assert explanation.segments[0].presence_denominator == 252


def test_under_a_history_a_version_s_eligibility_leaves_the_other_versions_days() -> None:
    # 'a' (anyone) 1 January - 30 April: 121 days; 'b' (claims only) 1 May - 31 August: the
    # driver is not eligible, absent; 'c' (anyone) 1 September - 31 December: 122 days.
    # 100 × (121 + 122)/366 = 4050/61.
    history = _history(
        (Agreement(name="a", quotas=[yearly(100)]), "2024-01-01"),
        (
            Agreement(
                name="b", quotas=[yearly(100)], eligibility=Eligibility(categories={"claims"})
            ),
            "2024-05-01",
        ),
        (Agreement(name="c", quotas=[yearly(100)]), "2024-09-01"),
    )
    driver = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), category="driver")
    e = entitlement(history, driver, Y2024, Calendar())
    assert e.exact == Fraction(4050, 61)
    assert [v.agreement for v in e.explanation.versions] == ["a", "c"]


def test_a_version_over_two_contract_segments_adds_both_in_one_share() -> None:
    # 80 % from 1 April. 'a' (100): 91 days at 100 % and 91 at 80 %, 100 × 91 × 1.8/366 =
    # 2730/61; 'b' (120): 184 days at 80 %, 120 × 0.8 × 184/366 = 2944/61.
    history = _history(
        (Agreement(name="a", quotas=[yearly(100)]), "2024-01-01"),
        (Agreement(name="b", quotas=[yearly(120)]), "2024-07-01"),
    )
    contract = Contract.from_amendments(
        employee="E1",
        hired=date(2020, 1, 1),
        amendments=[Amendment(effective=date(2024, 4, 1), fraction="80 %")],
    )
    e = entitlement(history, contract, Y2024, Calendar())
    hundred, one_twenty = Fraction(100), Fraction(120)
    assert e.explanation.versions == (
        VersionShare(
            agreement="a",
            start=date(2024, 1, 1),
            end=date(2024, 6, 30),
            quota=hundred,
            extras=(),
            total_quota=hundred,
            share=Fraction(2730, 61),
        ),
        VersionShare(
            agreement="b",
            start=date(2024, 7, 1),
            end=date(2024, 12, 31),
            quota=one_twenty,
            extras=(),
            total_quota=one_twenty,
            share=Fraction(2944, 61),
        ),
    )
    assert e.exact == Fraction(2730 + 2944, 61)


def test_each_version_names_its_own_extra_days() -> None:
    # 'a': 100 + 5 (carer) = 105 over 182 days, 105 × 182/366 = 3185/61; 'b' has no extra.
    history = _history(
        (
            Agreement(name="a", quotas=[yearly(100)], extras=[Extra(status="carer", days=5)]),
            "2024-01-01",
        ),
        (Agreement(name="b", quotas=[yearly(120)]), "2024-07-01"),
    )
    first, second = entitlement(
        history, FULL_TIME, Y2024, Calendar(), statuses=["carer"]
    ).explanation.versions
    assert (first.extras, first.total_quota, first.share) == (
        (("carer", Fraction(5)),),
        105,
        Fraction(3185, 61),
    )
    assert (second.extras, second.total_quota) == ((), 120)


def test_a_version_valid_part_of_the_period_is_named_in_the_note() -> None:
    # 'b' in force from 1 July but valid only to 30 September: 182 + 92 days,
    # 100 × 274/366 = 13700/183.
    history = _history(
        (Agreement(name="a", quotas=[yearly(100)]), "2024-01-01"),
        (
            Agreement(
                name="b", quotas=[yearly(100)], valid=DateRange(date(2024, 7, 1), date(2024, 9, 30))
            ),
            "2024-07-01",
        ),
    )
    e = entitlement(history, FULL_TIME, Y2024, Calendar())
    assert e.exact == Fraction(13700, 183)
    assert e.explanation.notes == (
        "'b' is valid from 2024-07-01 to 2024-09-30 only; days outside it count as absent.",
    )


def test_seniority_not_yet_reached_does_not_prorate_unless_the_agreement_says_so() -> None:
    # Hired 1 January, 3 months required: eligible from 1 April, but without
    # prorate_from_eligibility the whole year counts (275 days would give 27500/366).
    for rule in (Eligibility(min_seniority_months=3), Eligibility(min_months_in_post=3)):
        agreement = Agreement(name="x", quotas=[yearly(100)], eligibility=rule)
        hired = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1))
        e = entitlement(agreement, hired, Y2024, Calendar())
        assert (e.exact, e.explanation.notes) == (100, ())


def test_prorated_from_eligibility_notes_each_later_start_and_no_other() -> None:
    prorated = Eligibility(min_months_in_post=3, prorate_from_eligibility=True)
    agreement = Agreement(name="x", quotas=[yearly(100)], eligibility=prorated)
    # Eligible from the first day: nothing to note.
    e = entitlement(agreement, FULL_TIME, Y2024, Calendar())
    assert (e.exact, e.explanation.notes) == (100, ())
    # Claims from 1 January (eligible from 1 April), sales from 1 July (from 1 October):
    # 91 + 92 days, 100 × 183/366 = 50.
    moved = Contract.from_amendments(
        employee="E1",
        hired=date(2024, 1, 1),
        category="claims",
        amendments=[Amendment(effective=date(2024, 7, 1), category="sales")],
    )
    e = entitlement(agreement, moved, Y2024, Calendar())
    assert e.exact == 50
    assert e.explanation.notes == (
        "Eligible from 2024-04-01 (prorated from eligibility); the days before count as absent.",
        "Eligible from 2024-10-01 (prorated from eligibility); the days before count as absent.",
    )


def test_a_forfait_in_days_is_noted_with_its_fraction() -> None:
    # 150 days of a full 218: 100 × 150/218 = 7500/109.
    manager = Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1), days=150)
    e = entitlement(Agreement(name="x", quotas=[yearly(100)]), manager, Y2024, Calendar())
    assert e.exact == Fraction(7500, 109)
    assert e.explanation.notes == (
        "A forfait of 150 days a year (218 a full forfait): the work fraction is 150/218; there "
        "is no weekly pattern, any working day can be booked.",
    )


def test_no_day_under_contract_gives_a_fraction_zero_for_the_employee() -> None:
    later = Contract.from_amendments(employee="E1", hired=date(2025, 1, 1))
    e = entitlement(Agreement(name="x", quotas=[yearly(100)]), later, Y2024, Calendar())
    assert e.exact == 0
    assert type(e.exact) is Fraction
    assert type(e.explanation.exact) is Fraction
    assert (e.employee, e.explanation.employee) == ("E1", "E1")


def test_individual_terms_are_not_applied_to_an_employee_not_eligible() -> None:
    agreement = Agreement(
        name="x", quotas=[yearly(100)], eligibility=Eligibility(categories={"claims"})
    )
    driver = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), category="driver")
    medical = IndividualTerms(employee="E1", medical_days=10)
    e = entitlement(agreement, driver, Y2024, Calendar(), terms=medical)
    assert (e.exact, e.explanation.overrides) == (0, ())


class _Status(str):
    """A status compared without case, as an HRIS might hand it over: it defines ``__eq__``
    only, so it is unhashable and the call cannot be remembered."""

    def __eq__(self, other: object) -> bool:
        return str(self).casefold() == str(other).casefold()

    __hash__ = None  # type: ignore[assignment]


def test_a_call_that_cannot_be_remembered_is_computed_all_the_same() -> None:
    # 100 + 20 (carer) = 120; monthly accrual to 30 June: 182 days, 120 × 182/366 = 3640/61.
    # The whole year, 120, under a personal cap of 40: 40.
    agreement = Agreement(
        name="x",
        quotas=[yearly(100)],
        extras=[Extra(status="carer", days=20)],
        accrual=Accrual(step="monthly"),
    )
    carer = [_Status("CARER")]
    half = entitlement(
        agreement, FULL_TIME, Y2024, Calendar(), statuses=carer, as_of=date(2024, 6, 30)
    )
    assert half.exact == Fraction(3640, 61)
    assert half.explanation.extras == (("carer", Fraction(20)),)
    capped = entitlement(
        agreement,
        FULL_TIME,
        Y2024,
        Calendar(),
        statuses=carer,
        terms=IndividualTerms(employee="E1", personal_cap=40),
    )
    assert capped.exact == 40
