"""Work patterns, the cases mutation testing found untested (issue 11): weekday numbers at
both ends of the week, the names and words of a bad weekday, and a day mask that is not an
integer (a boolean included); then (wave 8) Sunday as weekday 6 in ``from_weekdays``, the
longest cycle (104 weeks) and one week more, French half-day names, ``;`` between days,
``works_holidays`` passed through, and the exact text of each refusal (people read it).

Expected values are written by hand: Monday is 0 and Sunday 6, as in ``date.weekday()``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from teleaccord import HalfDay, InvalidValue, WorkPattern
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


# -- wave 8 ----------------------------------------------------------------------------------

WHOLE, MORNING, AFTERNOON = 3, 1, 2


def _refusal(call: object, *args: object, **kwargs: object) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


def test_sunday_is_weekday_six_and_seven_is_no_weekday() -> None:
    pattern = WorkPattern.from_weekdays([0, 6])
    assert pattern.weeks == ((WHOLE, 0, 0, 0, 0, 0, WHOLE),)
    assert pattern.works_on(date(2024, 3, 10))  # a Sunday
    error = _refusal(WorkPattern.from_weekdays, [7])
    assert (error.code, error.field) == ("invalid_weekday", "pattern")
    assert str(error) == "pattern: a weekday number is 0 (Monday) to 6 (Sunday), got 7."
    assert _refusal(WorkPattern.from_weekdays, [True]).code == "invalid_weekday"


def test_a_weekday_name_at_fault_is_named_under_the_pattern_field() -> None:
    error = _refusal(WorkPattern.from_weekdays, ["Mo", "Xy"])
    assert (error.code, error.field) == ("invalid_weekday", "pattern")
    assert str(error) == "pattern: unknown weekday 'Xy'; use Mo Tu We Th Fr Sa Su."


def test_half_days_in_french_and_the_half_at_fault_named() -> None:
    pattern = WorkPattern.from_weekdays(
        ["Mo"], half_days={"Tu": "matin", "We": "après-midi", "Th": "Aprem", "Fr": HalfDay.MORNING}
    )
    assert pattern.weeks == ((WHOLE, MORNING, AFTERNOON, AFTERNOON, MORNING, 0, 0),)
    assert WorkPattern.parse("Mo:matin Tu:apres-midi").weeks == (
        (MORNING, AFTERNOON, 0, 0, 0, 0, 0),
    )
    error = _refusal(WorkPattern.from_weekdays, [], half_days={"Mo": "soir"})
    assert (error.code, error.field) == ("invalid_half_day", "pattern")
    assert str(error) == "pattern: unknown half-day 'soir' in 'soir'; use am or pm."
    error = _refusal(WorkPattern.parse, "Mo Tu:evening")
    assert str(error) == "pattern: unknown half-day 'evening' in 'Tu:evening'; use am or pm."


def test_days_separated_by_spaces_commas_or_semicolons() -> None:
    expected = ((WHOLE, WHOLE, 0, WHOLE, 0, 0, 0),)
    for text in ("Mo Tu Th", "Mo,Tu,Th", "Mo;Tu;Th", "Mo; Tu, Th"):
        assert WorkPattern.parse(text).weeks == expected, text


def test_works_holidays_is_off_unless_asked_and_passed_through() -> None:
    assert not WorkPattern.from_weekdays(["Mo"]).works_holidays
    assert not WorkPattern.parse("Mo").works_holidays
    assert WorkPattern.from_weekdays(["Mo"], works_holidays=True).works_holidays
    assert WorkPattern.parse("Mo", works_holidays=True).works_holidays


def test_the_longest_cycle_is_104_weeks() -> None:
    anchor = date(2024, 1, 1)
    longest = WorkPattern.parse(" / ".join(["Mo"] * 104), anchor=anchor)
    assert len(longest.weeks) == 104
    assert len(WorkPattern(((WHOLE, 0, 0, 0, 0, 0, 0),) * 104, anchor=anchor).weeks) == 104
    error = _refusal(WorkPattern.parse, " / ".join(["Mo"] * 105), anchor=anchor)
    assert (error.code, error.field) == ("invalid_pattern", "pattern")
    assert str(error) == "pattern: a cycle of 105 weeks is too long; at most 104 weeks."
    error = _refusal(WorkPattern, ((WHOLE, 0, 0, 0, 0, 0, 0),) * 106, anchor=anchor)
    assert str(error) == "pattern: a cycle of 106 weeks is too long; at most 104 weeks."


def test_each_refusal_of_the_weeks_says_what_is_wrong() -> None:
    error = _refusal(WorkPattern, ())
    assert (error.code, str(error)) == (
        "empty_pattern",
        "pattern: a work pattern needs at least one week.",
    )
    error = _refusal(WorkPattern, ((3, 3, 3, 3, 3, 0, 0), (3, 3, 3)), anchor=date(2024, 1, 1))
    assert str(error) == (
        "pattern: week 2 must give 7 day masks (0 off, 1 morning, 2 afternoon, 3 whole day), "
        "got (3, 3, 3)."
    )
    error = _refusal(WorkPattern, "Mo Tu")
    assert str(error) == (
        "pattern: weeks are tuples of 7 day masks; to read text such as 'Mo Tu' use "
        "WorkPattern.parse."
    )
    error = _refusal(WorkPattern.parse, "Mo / Tu")
    assert (error.code, error.field) == ("missing_anchor", "pattern.anchor")
    assert str(error) == (
        "pattern.anchor: a rotating cycle of 2 weeks needs an anchor date, the first day of "
        "its first week."
    )


def test_str_writes_every_day_of_each_week() -> None:
    pattern = WorkPattern.parse("Mo Su:pm / Tu Sa:am", anchor=date(2024, 1, 1))
    assert str(pattern) == "Mo Su:pm / Tu Sa:am"
