"""Work patterns, the cases mutation testing found untested (issue 11): weekday numbers at
both ends of the week, the names and words of a bad weekday, and a day mask that is not an
integer (a boolean included).

Expected values are written by hand: Monday is 0 and Sunday 6, as in ``date.weekday()``.
"""

from __future__ import annotations

from typing import Any

import pytest

from teleaccord import InvalidValue, WorkPattern
from teleaccord.pattern import weekday_number


@pytest.mark.parametrize(
    ("value", "number"),
    [(0, 0), (1, 1), (5, 5), (6, 6), ("Mo", 0), ("sunday", 6), ("dimanche", 6), ("Fr", 4)],
)
def test_weekday_numbers_from_monday_0_to_sunday_6(value: Any, number: int) -> None:
    assert weekday_number(value, "day") == number


@pytest.mark.parametrize("value", [7, -1, True, False, "nope", 2.0])
def test_a_bad_weekday_is_refused_with_its_field_and_an_example(value: Any) -> None:
    with pytest.raises(InvalidValue) as err:
        weekday_number(value, "rest_day")
    assert (err.value.code, err.value.field) == ("invalid_weekday", "rest_day")
    assert str(err.value) == (
        f"rest_day: expected 0 (Monday) to 6 (Sunday) or a name such as 'Mo', got {value!r}."
    )


def test_the_example_of_a_bad_weekday_can_be_chosen() -> None:
    with pytest.raises(InvalidValue) as err:
        weekday_number("x", "day", example="lundi")
    assert "such as 'lundi', got 'x'." in str(err.value)


@pytest.mark.parametrize("mask", [True, False, "x", None, 1.0])
def test_a_day_mask_that_is_not_an_integer_is_refused(mask: Any) -> None:
    with pytest.raises(InvalidValue) as err:
        WorkPattern(((mask, 3, 3, 3, 3, 0, 0),))
    assert (err.value.code, err.value.field) == ("invalid_pattern", "pattern")
    assert str(err.value) == f"pattern: a day mask is an integer 0-3, got {mask!r}."
