"""Eligibility feeds everything: entitlements, requests and arrangements (issue 13).

Expected figures are written by hand: days counted on a calendar, quotas times day ratios.
"""

from __future__ import annotations

from datetime import date, datetime, time
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    Amendment,
    Arrangement,
    ArrangementWorkflow,
    Calendar,
    Contract,
    DateRange,
    Eligibility,
    OperationRefused,
    Organisation,
    Quota,
    QuotaLedger,
    RequestWorkflow,
    Rhythm,
    TeleworkRequest,
    eligible_spans,
    entitlement,
    year_range,
)

CAL = Calendar()
PARIS = ZoneInfo("Europe/Paris")
Y2025 = year_range(2025)
QUOTA = [Quota(window="period", maximum=100, prorate=True)]


def agreement(**rules: object) -> Agreement:
    return Agreement(name="accord", quotas=QUOTA, eligibility=Eligibility(**rules))  # type: ignore[arg-type]


def test_a_job_that_is_not_eligible_is_entitled_to_zero_with_the_reasons() -> None:
    a = agreement(categories={"claims"})
    c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), category="driver")
    e = entitlement(a, c, Y2025, CAL)
    assert (e.exact, e.rounded) == (0, 0)
    assert [v.code for v in e.explanation.ineligible] == ["category_not_eligible"]
    assert "not eligible on any day" in e.describe()
    assert "'driver'" in e.describe()
    data = e.to_dict()["explanation"]
    assert data["ineligible"][0]["code"] == "category_not_eligible"
    assert data["formula"] == "not eligible, so 0"


def test_an_eligible_employee_has_no_ineligible_key_in_json() -> None:
    a = agreement(categories={"claims"})
    c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), category="claims")
    e = entitlement(a, c, Y2025, CAL)
    assert e.exact == 100
    assert "ineligible" not in e.to_dict()["explanation"]
    assert "versions" not in e.to_dict()["explanation"]


def test_eligibility_after_three_months_prorates_from_that_day() -> None:
    # Hired 1 January 2025, eligible after 3 months: from 1 April, 275 of 365 days.
    a = agreement(min_seniority_months=3, prorate_from_eligibility=True)
    c = Contract.from_amendments(employee="E1", hired=date(2025, 1, 1))
    e = entitlement(a, c, Y2025, CAL)
    assert e.exact == Fraction(100 * 275, 365)
    assert e.explanation.segments[0].start == date(2025, 4, 1)
    assert any("Eligible from 2025-04-01" in n for n in e.explanation.notes)


def test_without_the_option_a_later_eligibility_keeps_the_released_figure() -> None:
    a = agreement(min_seniority_months=3)
    c = Contract.from_amendments(employee="E1", hired=date(2025, 1, 1))
    assert entitlement(a, c, Y2025, CAL).exact == 100


def test_seniority_never_reached_in_the_period_gives_zero() -> None:
    a = agreement(min_seniority_months=24)
    c = Contract.from_amendments(employee="E1", hired=date(2025, 1, 1))
    e = entitlement(a, c, Y2025, CAL)
    assert e.exact == 0
    assert [v.code for v in e.explanation.ineligible] == ["seniority_too_short"]


def test_days_in_a_category_that_is_not_eligible_count_as_absent() -> None:
    # claims until 30 June (181 days), then driver: 100 × 181/365.
    a = agreement(categories={"claims"})
    c = Contract.from_amendments(
        employee="E1",
        hired=date(2020, 1, 1),
        category="claims",
        amendments=[Amendment(effective=date(2025, 7, 1), category="driver")],
    )
    assert entitlement(a, c, Y2025, CAL).exact == Fraction(100 * 181, 365)


@given(
    hired=st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)),
    months=st.integers(min_value=0, max_value=30),
)
def test_eligibility_days_are_exactly_the_days_the_rules_pass(hired: date, months: int) -> None:
    from teleaccord import eligibility

    a = agreement(min_seniority_months=months)
    c = Contract.from_amendments(employee="E1", hired=hired)
    spans = eligible_spans(a, c, Y2025)
    inside = {d for s in spans for d in s}
    expected = {d for d in Y2025 if d >= hired and not eligibility(a, c, d)}
    assert inside == expected


@given(
    category=st.sampled_from(["claims", "driver", "it"]),
    hired=st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)),
    months=st.integers(min_value=0, max_value=40),
)
def test_ineligible_on_every_day_means_zero(category: str, hired: date, months: int) -> None:
    from teleaccord import eligibility

    a = agreement(categories={"claims", "it"}, min_seniority_months=months)
    c = Contract.from_amendments(employee="E1", hired=hired, category=category)
    e = entitlement(a, c, Y2025, CAL)
    never = all(eligibility(a, c, d) for d in Y2025 if d >= hired)
    if never:
        assert e.exact == 0
        assert (e.explanation.ineligible != ()) == (hired <= Y2025.end)
    else:
        assert e.exact > 0
        assert e.explanation.ineligible == ()


# -- requests and arrangements refused at submission ---------------------------------------------


def _ledger(category: str) -> QuotaLedger:
    a = agreement(categories={"claims"})
    c = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1), category=category)
    return QuotaLedger(agreement=a, contract=c, calendar=CAL)


def test_a_request_for_a_non_eligible_employee_is_refused_at_submission() -> None:
    led = _ledger("driver")
    wf = RequestWorkflow(
        agreement=led.agreement,
        calendar=CAL,
        organisation=Organisation(managers={"ana": "max"}),
        ledgers=[led],
    )
    req = TeleworkRequest(id="R1", employee="ana", days=date(2025, 6, 3))
    with pytest.raises(OperationRefused) as err:
        wf.submit(req, by="ana", at=datetime(2025, 5, 26, 9, tzinfo=PARIS))
    assert [v.code for v in err.value.violations] == ["not_eligible"]
    assert err.value.violations[0].param("reason") == "category_not_eligible"


def test_a_request_for_an_eligible_employee_is_submitted() -> None:
    led = _ledger("claims")
    wf = RequestWorkflow(
        agreement=led.agreement,
        calendar=CAL,
        organisation=Organisation(managers={"ana": "max"}),
        ledgers=[led],
    )
    req = TeleworkRequest(id="R1", employee="ana", days=date(2025, 6, 3))
    assert wf.submit(req, by="ana", at=datetime(2025, 5, 26, 9, tzinfo=PARIS)).state == "submitted"


@pytest.mark.parametrize(("category", "refused"), [("driver", True), ("claims", False)])
def test_an_arrangement_for_a_non_eligible_employee_is_refused(
    category: str, refused: bool
) -> None:
    led = _ledger(category)
    wf = ArrangementWorkflow(
        agreement=led.agreement,
        calendar=CAL,
        organisation=Organisation(managers={"ana": "max"}),
        ledgers=[led],
        contracts=[led.contract],
    )
    arr = Arrangement(id="A1", employee="ana", rhythm=Rhythm(weekdays="Mo"), starts="2025-09-01")
    when = datetime.combine(date(2025, 8, 25), time(9), tzinfo=PARIS)
    if refused:
        with pytest.raises(OperationRefused) as err:
            wf.approve(arr, by="max", at=when)
        assert {v.code for v in err.value.violations} == {"not_eligible"}
        assert err.value.violations[0].param("reason") == "category_not_eligible"
    else:
        assert wf.approve(arr, by="max", at=when).state == "approved"


def test_an_unknown_range_is_not_eligible_anywhere() -> None:
    a = agreement(categories={"claims"})
    c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), category="it")
    assert eligible_spans(a, c, DateRange(date(2025, 1, 1), date(2025, 1, 31))) == ()
