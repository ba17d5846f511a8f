"""Contracts on a yearly forfait in days, the cases mutation testing found untested (issue 11):
the bounds of a forfait (1 and 366 days), what is refused and in which words, and the fields
a forfait contract keeps (last day, category, team, site, the Monday-to-Friday week).

Expected fractions are worked by hand: the full forfait is 218 days, so 1 day is 1/218, 150
days 150/218 = 75/109, and 366 days (rest days given up) counts as full time.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from teleaccord import Contract, InvalidValue


@pytest.mark.parametrize(
    ("days", "fraction"),
    [
        (1, Fraction(1, 218)),
        (2, Fraction(1, 109)),
        (150, Fraction(75, 109)),
        (218, 1),
        (365, 1),
        (366, 1),
    ],
)
def test_a_forfait_from_1_to_366_days(days: int, fraction: Fraction) -> None:
    c = Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1), days=days)
    assert c.fraction_at(date(2024, 6, 3)) == fraction
    assert [s.forfait_days for s in c.segments] == [days]


@pytest.mark.parametrize("days", [0, 367, -5, True, 150.0, "150"])
def test_a_forfait_outside_1_to_366_whole_days_is_refused(days: Any) -> None:
    with pytest.raises(InvalidValue) as err:
        Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1), days=days)
    assert (err.value.code, err.value.field) == ("invalid_forfait", "days")
    assert (
        str(err.value)
        == f"days: a forfait is a whole number of days a year (1 to 366), got {days!r}."
    )


def test_a_forfait_contract_keeps_its_fields_and_the_working_week() -> None:
    c = Contract.forfait_jours(
        employee="M1",
        hired=date(2020, 1, 1),
        days=200,
        last_day=date(2025, 6, 30),
        category="cadre",
        team="finance",
        site="lyon",
    )
    assert (c.employee, c.hired, c.last_day) == ("M1", date(2020, 1, 1), date(2025, 6, 30))
    (seg,) = c.segments
    assert (seg.category, seg.team, seg.site, seg.forfait_days) == ("cadre", "finance", "lyon", 200)
    assert str(seg.pattern) == "Mo Tu We Th Fr"
    assert seg.fraction == Fraction(200, 218)
