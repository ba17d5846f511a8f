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

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Calendar,
    Contract,
    DateRange,
    Eligibility,
    Extra,
    IndividualTerms,
    Prorating,
    Quota,
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
