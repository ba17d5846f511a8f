"""Individual terms within the collective bounds (issue 13): precedence and explanations.

Expected figures are written by hand.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

import pytest

from teleaccord import (
    Agreement,
    Calendar,
    Contract,
    IndividualTerms,
    InvalidValue,
    Quota,
    QuotaLedger,
    apply_terms,
    entitlement,
    translate,
    year_range,
)

CAL = Calendar()
Y2025 = year_range(2025)
ACCORD = Agreement(
    name="accord",
    quotas=[Quota(window="period", maximum=100, prorate=True), Quota(window="week", maximum=2)],
)
FULL = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
HALF_YEAR = Contract.from_amendments(employee="E1", hired=date(2025, 7, 1))


def test_a_personal_cap_lowers_the_figure_and_says_so() -> None:
    e = entitlement(ACCORD, FULL, Y2025, CAL, terms=IndividualTerms(employee="E1", personal_cap=60))
    assert e.exact == 60
    assert "personal cap of 60 days applies" in e.describe()
    assert e.explanation.formula.endswith("= 100, 60 under the individual terms")
    assert e.to_dict()["explanation"]["overrides"] == list(e.explanation.overrides)


def test_a_personal_cap_above_a_prorated_figure_does_not_bind() -> None:
    # Hired 1 July: 100 × 184/365 = 50.41 < 60.
    e = entitlement(
        ACCORD, HALF_YEAR, Y2025, CAL, terms=IndividualTerms(employee="E1", personal_cap=60)
    )
    assert e.exact == Fraction(18400, 365)
    assert "does not bind" in e.explanation.overrides[0]


def test_a_medical_recommendation_takes_precedence_over_the_cap_and_the_quota() -> None:
    terms = IndividualTerms(
        employee="E1", personal_cap=60, medical_days=150, medical_source="médecin du travail"
    )
    e = entitlement(ACCORD, FULL, Y2025, CAL, terms=terms)
    assert e.exact == 150
    assert [o.split(" ")[0] for o in e.explanation.overrides] == ["The", "A"]
    assert "médecin du travail" in e.explanation.overrides[1]


def test_personal_terms_above_the_collective_bounds_are_refused() -> None:
    with pytest.raises(InvalidValue) as err:
        apply_terms(ACCORD, IndividualTerms(employee="E1", weekly_maximum=3))
    assert err.value.code == "above_collective_bound"
    assert err.value.field == "weekly_maximum"
    assert err.value.params == {"employee": "E1", "value": 3, "bound": 2}
    with pytest.raises(InvalidValue) as err:
        apply_terms(ACCORD, IndividualTerms(employee="E1", personal_cap=120))
    assert err.value.params == {"employee": "E1", "value": 120, "bound": 100}
    # The French message names the employee and both figures.
    assert translate(err.value) == (
        "personal_cap : Conditions individuelles de E1 : 120 jours, au-delà de la limite de "
        "l'accord (100 jours) ; seule une préconisation médicale peut aller au-delà."
    )


def test_an_individual_rhythm_and_a_medical_rhythm_change_the_weekly_check() -> None:
    at = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
    monday = date(2025, 6, 2)

    def booked_in_a_week(terms: IndividualTerms) -> int:
        led = QuotaLedger(agreement=apply_terms(ACCORD, terms), contract=FULL, calendar=CAL)
        led.grant(Y2025, at=at, by="hr")
        count = 0
        for offset in range(5):
            day = date.fromordinal(monday.toordinal() + offset)
            if not led.check(day):
                led.book(day, at=at, by="ana")
                count += 1
        return count

    assert booked_in_a_week(IndividualTerms(employee="E1")) == 2
    assert booked_in_a_week(IndividualTerms(employee="E1", weekly_maximum=1)) == 1
    assert booked_in_a_week(IndividualTerms(employee="E1", medical_weekly_maximum=4)) == 4


def test_a_ledger_grants_under_the_individual_terms() -> None:
    at = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
    terms = IndividualTerms(employee="E1", personal_cap=40)
    led = QuotaLedger(agreement=ACCORD, contract=FULL, calendar=CAL, terms=terms)
    assert led.grant(Y2025, at=at, by="hr").amount == 40


def test_no_terms_change_nothing() -> None:
    e = entitlement(ACCORD, FULL, Y2025, CAL)
    assert e.exact == 100
    assert e.explanation.overrides == ()
    assert "overrides" not in e.to_dict()["explanation"]


# -- staff on a forfait in days -----------------------------------------------------------------


def test_a_full_forfait_is_entitled_to_the_whole_quota_and_books_any_working_day() -> None:
    from teleaccord import FULL_FORFAIT_DAYS, Contract

    c = Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1))
    assert FULL_FORFAIT_DAYS == 218
    e = entitlement(ACCORD, c, Y2025, CAL)
    assert e.exact == 100
    assert any("forfait of 218 days" in n for n in e.explanation.notes)
    at = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
    led = QuotaLedger(agreement=ACCORD, contract=c, calendar=CAL)
    led.grant(Y2025, at=at, by="hr")
    # Any working day: a Wednesday and a Friday of the same week.
    assert led.check(date(2025, 6, 4)) == ()
    assert led.check(date(2025, 6, 6)) == ()
    # Not a Saturday, nor a public holiday (14 July 2025 is a Monday).
    assert led.check(date(2025, 6, 7)) != ()
    assert led.check(date(2025, 7, 14)) != ()


def test_a_reduced_forfait_prorates_by_days_to_be_worked() -> None:
    from teleaccord import Contract

    c = Contract.forfait_jours(employee="M2", hired=date(2020, 1, 1), days=150)
    assert entitlement(ACCORD, c, Y2025, CAL).exact == Fraction(100 * 150, 218)
    # A forfait above 218 days (rest days given up) counts as full time.
    c235 = Contract.forfait_jours(employee="M3", hired=date(2020, 1, 1), days=235)
    assert entitlement(ACCORD, c235, Y2025, CAL).exact == 100


def test_a_forfait_must_be_a_whole_number_of_days() -> None:
    from teleaccord import Contract

    with pytest.raises(InvalidValue) as err:
        Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1), days=0)
    assert err.value.code == "invalid_forfait"
