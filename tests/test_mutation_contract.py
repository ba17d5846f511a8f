"""Contracts on a yearly forfait in days, the cases mutation testing found untested (issue 11):
the bounds of a forfait (1 and 366 days), what is refused and in which words, and the fields
a forfait contract keeps (last day, category, team, site, the Monday-to-Friday week); then
(wave 8, the whole module) each date at fault under its own field, blank cells, the edges of
the segment and last-day checks, the 200-character identifier, and each refusal's words.

Expected fractions are worked by hand: the full forfait is 218 days, so 1 day is 1/218, 150
days 150/218 = 75/109, and 366 days (rest days given up) counts as full time.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from teleaccord import Amendment, Contract, InvalidValue, Segment, WorkPattern


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


# -- wave 8: the whole module under mutation: every field at fault named, the edges of each check


def _refused(call: Any) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: Segment(start="2024-13-01"), "segment.start"),
        (lambda: Segment(start=date(2024, 3, 10), end="x"), "segment.end"),
        (lambda: Amendment(effective="x"), "amendment.effective"),
        (lambda: Contract.from_amendments(employee="E1", hired="x"), "hired"),
        (
            lambda: Contract(employee="E1", hired="x", segments=[Segment(start=date(2024, 1, 1))]),
            "hired",
        ),
        (
            lambda: Contract.from_amendments(employee="E1", hired=date(2024, 1, 1), last_day="x"),
            "last_day",
        ),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_under_its_own_field(call: Any, field: str) -> None:
    error = _refused(call)
    assert (error.code, error.field) == ("invalid_date", field)
    assert str(error).startswith(f"{field}: expected a date as YYYY-MM-DD, got ")


def test_blank_cells_mean_no_end_no_last_day_and_no_new_fraction() -> None:
    assert Segment(start=date(2024, 3, 10), end="").end is None
    assert Amendment(effective=date(2024, 1, 1), fraction="").fraction is None
    contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1), last_day="")
    assert contract.last_day is None


def test_a_segment_may_end_the_day_it_starts_but_not_before() -> None:
    assert Segment(start=date(2024, 3, 10), end=date(2024, 3, 10)).end == date(2024, 3, 10)
    error = _refused(lambda: Segment(start=date(2024, 3, 10), end=date(2024, 3, 9)))
    assert (error.code, error.field) == ("range_end_before_start", "segment.end")
    assert (
        str(error)
        == "segment.end: a segment cannot end (2024-03-09) before it starts (2024-03-10)."
    )


def test_the_constructor_refuses_a_last_day_before_the_hire_date() -> None:
    hired = date(2024, 1, 2)
    one_day = Contract(
        employee="E1", hired=hired, last_day=hired, segments=[Segment(start=hired, end=hired)]
    )
    assert one_day.last_day == hired
    error = _refused(
        lambda: Contract(
            employee="E1", hired=hired, last_day=date(2024, 1, 1), segments=[Segment(start=hired)]
        )
    )
    assert (error.code, error.field) == ("last_day_before_hire", "last_day")
    assert str(error) == "last_day: the last day (2024-01-01) is before the hire date (2024-01-02)."


def test_the_segments_refusals_name_what_is_wrong() -> None:
    hired = date(2024, 1, 2)
    error = _refused(lambda: Contract(employee="E1", hired=hired, segments=[]))
    assert (error.code, str(error)) == (
        "no_segments",
        "segments: a contract needs at least one segment.",
    )
    two = [Segment(start=date(2024, 1, 1), end=date(2024, 1, 5)), Segment(start=date(2024, 1, 6))]
    error = _refused(lambda: Contract(employee="E1", hired=hired, segments=two))
    assert str(error) == (
        "segments: the first segment starts on 2024-01-01, not on the hire date 2024-01-02."
    )


def test_the_employee_identifier_is_required_and_at_most_200_characters() -> None:
    hired = date(2024, 1, 2)
    longest = "E" * 200
    assert (
        Contract(employee=longest, hired=hired, segments=[Segment(start=hired)]).employee == longest
    )
    error = _refused(
        lambda: Contract(employee="E" * 201, hired=hired, segments=[Segment(start=hired)])
    )
    assert (error.code, error.field) == ("too_long", "employee")
    assert str(error) == "employee: the identifier has 201 characters; at most 200 are allowed."
    error = _refused(lambda: Contract(employee=None, hired=hired, segments=[Segment(start=hired)]))
    assert (error.code, error.field) == ("missing_employee", "employee")
    assert str(error) == "employee: a contract needs a non-empty employee identifier, got None."


def test_amendments_on_the_same_day_or_outside_the_contract_are_named_by_their_place() -> None:
    hired = date(2024, 1, 1)
    same_day = [
        Amendment(effective=date(2024, 3, 1), fraction="80%"),
        Amendment(effective=date(2024, 2, 1), fraction="50%"),
        Amendment(effective=date(2024, 3, 1), fraction="60%"),
    ]
    error = _refused(
        lambda: Contract.from_amendments(employee="E1", hired=hired, amendments=same_day)
    )
    assert (error.code, error.field) == ("overlapping_amendments", "amendments[2].effective")
    assert str(error) == (
        "amendments[2].effective: two amendments take effect on the same day, 2024-03-01 "
        "(amendments[0] and amendments[2]); merge them into one."
    )
    late = [
        Amendment(effective=date(2024, 2, 1), fraction="50%"),
        Amendment(effective=date(2025, 3, 1)),
    ]
    error = _refused(
        lambda: Contract.from_amendments(
            employee="E1", hired=hired, last_day=date(2024, 12, 31), amendments=late
        )
    )
    assert (error.code, error.field) == ("amendment_outside_contract", "amendments[1].effective")
    assert str(error).endswith("falls outside the contract (2024-01-01 to 2024-12-31).")
    early = [Amendment(effective=date(2023, 3, 1), fraction="80%")]
    error = _refused(lambda: Contract.from_amendments(employee="E1", hired=hired, amendments=early))
    assert str(error) == (
        "amendments[0].effective: the amendment of 2023-03-01 falls outside the contract "
        "(from 2024-01-01)."
    )


def test_a_pattern_without_a_working_half_day_gives_no_fraction() -> None:
    error = _refused(
        lambda: Contract.from_amendments(
            employee="E1", hired=date(2024, 1, 1), pattern=WorkPattern(((0,) * 7,))
        )
    )
    assert (error.code, error.field) == ("empty_pattern", "pattern")
    assert str(error) == (
        "pattern: the pattern has no working half-day, so it gives no work fraction; give the "
        "fraction or a pattern with working days."
    )
