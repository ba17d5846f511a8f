"""``entitlement()`` remembers its recent calls (#18): a repeated call returns what a fresh
computation returns, explanation included, and a call that differs in any argument never
gets another call's result.

"Fresh" computations use equal copies of the agreement and contract (new objects, so the memo,
keyed on their identity, cannot answer), and the expected figures are worked out by hand.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Accrual,
    Agreement,
    Calendar,
    Contract,
    IndividualTerms,
    Quota,
    Rounding,
    entitlement,
    year_range,
)

CALENDAR = Calendar()
YEAR = year_range(2024)  # 366 days


def agreement(**changes: object) -> Agreement:
    base = Agreement(
        name="100 days a year",
        quotas=[Quota(window="period", maximum=100, prorate=True)],
        granularity="half-day",
        rounding=Rounding("half-up", unit=Fraction(1, 2)),
    )
    return attrs.evolve(base, **changes) if changes else base


def contract(**fields: object) -> Contract:
    return Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), **fields)  # type: ignore[arg-type]


def test_a_repeated_call_returns_the_same_result_as_a_fresh_computation() -> None:
    a, c = agreement(), contract(fraction="80 %")
    first = entitlement(a, c, YEAR, CALENDAR)
    again = entitlement(a, c, year_range(2024), Calendar())  # equal period and calendar
    fresh = entitlement(agreement(), contract(fraction="80 %"), YEAR, CALENDAR)
    assert again is first  # remembered
    assert fresh is not first  # other objects: computed again...
    assert again == fresh  # ...to the same result
    assert again.explanation == fresh.explanation
    assert again.rounded == 80  # 100 days x 80 %, by hand


def test_another_contract_period_or_argument_never_gets_a_stale_result() -> None:
    a = agreement()
    full, part = contract(), contract(fraction="80 %")
    leaves = contract(last_day=date(2024, 6, 30))  # 182 of 366 days: 49.73 -> 49.5
    assert entitlement(a, full, YEAR, CALENDAR).rounded == 100
    assert entitlement(a, part, YEAR, CALENDAR).rounded == 80
    assert entitlement(a, leaves, YEAR, CALENDAR).rounded == Fraction(99, 2)
    assert entitlement(a, full, YEAR, CALENDAR).rounded == 100
    # Another period: the contract ends mid-2024, so 2025 gives nothing.
    assert entitlement(a, leaves, year_range(2025), CALENDAR).rounded == 0
    assert entitlement(a, leaves, YEAR, CALENDAR).rounded == Fraction(99, 2)
    # Another agreement object with another quota.
    assert (
        entitlement(agreement(quotas=[Quota(window="period", maximum=50)]), full, YEAR, CALENDAR)
    ).rounded == 50
    # as_of with monthly accrual: 3 of 12 months earned by 31 March.
    monthly = agreement(accrual=Accrual(step="monthly"))
    assert entitlement(monthly, full, YEAR, CALENDAR, as_of=date(2024, 3, 31)).rounded == 25
    assert entitlement(monthly, full, YEAR, CALENDAR).rounded == 100
    # Individual terms: a personal cap lowers the figure; no terms again: the full figure.
    cap = IndividualTerms(employee="E1", personal_cap=Fraction(40))
    assert entitlement(a, full, YEAR, CALENDAR, terms=cap).rounded == 40
    assert entitlement(a, full, YEAR, CALENDAR).rounded == 100


@given(
    st.sampled_from(["100 %", "90 %", "80 %", "50 %"]),
    st.sampled_from([2023, 2024, 2025]),
    st.lists(st.integers(0, 2), min_size=1, max_size=6),
)
def test_any_sequence_of_calls_answers_as_fresh_computations(
    fraction: str, year: int, order: list[int]
) -> None:
    a = agreement()
    contracts = [contract(fraction=fraction), contract(), contract(last_day=date(2024, 6, 30))]
    for index in order:
        got = entitlement(a, contracts[index], year_range(year), CALENDAR)
        copy = attrs.evolve(contracts[index])
        fresh = entitlement(attrs.evolve(a), copy, year_range(year), CALENDAR)
        assert got == fresh
        assert got.explanation == fresh.explanation


def test_statuses_given_as_a_list_are_read_as_a_tuple() -> None:
    a, c = agreement(), contract()
    # A list of statuses is turned into a tuple: the call is remembered like any other.
    assert entitlement(a, c, YEAR, CALENDAR, statuses=["carer"]) == entitlement(
        a, c, YEAR, CALENDAR, statuses=("carer",)
    )
