"""Allowance policy files: round trips, every problem with its path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    AllowanceKind,
    AllowancePolicy,
    ExemptionRegime,
    HalfDayCount,
    LoadError,
    allowance_policy_from_dict,
    allowance_policy_to_dict,
    dump_allowance_policy,
    load_allowance_policy,
)

money = st.decimals(min_value=0, max_value=1000, places=2)


@st.composite
def policies(draw: st.DrawFn) -> AllowancePolicy:
    dates = draw(st.lists(st.dates(date(2000, 1, 1), date(2100, 1, 1)), unique=True, max_size=3))
    return AllowancePolicy(
        name=draw(st.text(min_size=1, max_size=20).filter(str.strip)),
        kind=draw(st.sampled_from(list(AllowanceKind))),
        amount=draw(money),
        indexed=[(d, draw(money)) for d in dates],
        monthly_cap=draw(st.none() | money),
        yearly_cap=draw(st.none() | money),
        prorate=draw(st.booleans()),
        regime=draw(st.sampled_from(list(ExemptionRegime))),
        half_day=draw(st.sampled_from(list(HalfDayCount))),
        paid_without_telework=draw(st.booleans()),
    )


@given(policies())
def test_any_policy_round_trips_through_a_dict(policy: AllowancePolicy) -> None:
    assert allowance_policy_from_dict(allowance_policy_to_dict(policy)) == policy


@given(policies())
def test_any_policy_round_trips_through_toml_text(policy: AllowancePolicy) -> None:
    assert allowance_policy_from_dict(tomllib.loads(dump_allowance_policy(policy))) == policy


def test_load_a_written_file(tmp_path: Path) -> None:
    path = tmp_path / "allowance.toml"
    path.write_text(
        """
name = "10 EUR a month per weekly telework day, indexed each January"
kind = "per-weekly-day"
amount = "10.00"
prorate = true

[indexed]
2026-01-01 = "10.30"
2027-01-01 = "10,60"
""",
        encoding="utf-8",
    )
    policy = load_allowance_policy(path)
    assert policy.amount_on(date(2026, 6, 1)) == Decimal("10.30")
    assert policy.amount_on(date(2027, 1, 1)) == Decimal("10.60")
    assert policy.prorate


def test_indexed_as_a_list_of_tables() -> None:
    policy = allowance_policy_from_dict(
        {
            "name": "x",
            "kind": "per-day",
            "amount": 2,
            "indexed": [{"effective": "2026-01-01", "amount": "2.10"}],
        }
    )
    assert policy.indexed == ((date(2026, 1, 1), Decimal("2.10")),)


def test_every_problem_with_its_path(tmp_path: Path) -> None:
    data = {
        "name": "",
        "kind": "per-day",
        "amount": True,
        "monthly_cap": "lots",
        "prorate": "yes",
        "indexed": {"2026-02-30": "1", "2027-01-01": "-3"},
    }
    with pytest.raises(LoadError) as caught:
        allowance_policy_from_dict(data, source="allowance.toml")
    assert [p.path for p in caught.value.problems] == [
        "$.amount",
        "$.indexed['2026-02-30']",
        "$.indexed['2027-01-01']",
        "$.monthly_cap",
        "$.prorate",
    ]
    with pytest.raises(LoadError) as caught:
        allowance_policy_from_dict({"name": " ", "kind": "per-day", "amount": 1})
    assert [p.path for p in caught.value.problems] == ["$.name"]
    with pytest.raises(LoadError) as caught:
        allowance_policy_from_dict(
            {"name": "x", "kind": "per-day", "amount": 1, "indexed": [3, {"effective": 1}]}
        )
    assert [p.path for p in caught.value.problems] == [
        "$.indexed[0]",
        "$.indexed[1].effective",
        "$.indexed[1].amount",
    ]
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x', encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_allowance_policy(broken)
    assert caught.value.problems[0].code == "invalid_toml"
