"""WorkPattern: half-days per weekday, rotating cycles, the pattern's own fraction."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import days, patterns
from teleaccord import Calendar, DateRange, HalfDay, InvalidValue, WorkPattern


def half_days(mask: int) -> int:
    return (mask & 1) + (mask >> 1 & 1)


# -- laws ------------------------------------------------------------------------------------


@given(patterns(), days)
def test_fraction_is_the_worked_half_days_of_a_week_over_ten(
    pattern: WorkPattern, start: date
) -> None:
    # Counted day by day over one whole cycle from any day, averaged per week.
    cycle = [start + timedelta(days=n) for n in range(pattern.cycle_days)]
    worked = sum(half_days(pattern.mask_on(day)) for day in cycle)
    assert pattern.fraction == Fraction(worked, 10 * len(pattern.weeks))
    assert pattern.half_days_per_cycle == worked


@given(patterns(), days)
def test_the_pattern_repeats_every_cycle(pattern: WorkPattern, day: date) -> None:
    later = day + timedelta(days=pattern.cycle_days)
    assert pattern.mask_on(later) == pattern.mask_on(day)
    assert pattern.half_days_on(later) == pattern.half_days_on(day)


@given(patterns(max_weeks=4), st.integers(0, 6))
def test_a_cycle_starts_its_first_week_on_the_anchor(pattern: WorkPattern, n: int) -> None:
    anchor = pattern.anchor or date(2024, 1, 1)
    for week_number, week in enumerate(pattern.weeks):
        day = anchor + timedelta(days=7 * week_number + n)
        assert pattern.mask_on(day) == week[day.weekday()]


@given(patterns(), days)
def test_half_days_on_a_day_match_its_mask(pattern: WorkPattern, day: date) -> None:
    halves = pattern.half_days_on(day)
    assert sum(h.mask for h in halves) == pattern.mask_on(day)
    assert pattern.works_on(day) == bool(halves)


@given(patterns())
def test_text_form_reads_back_to_the_same_pattern(pattern: WorkPattern) -> None:
    again = WorkPattern.parse(
        str(pattern), anchor=pattern.anchor, works_holidays=pattern.works_holidays
    )
    assert again == pattern


@given(patterns(year=2024, min_half_days=1))
def test_a_pattern_working_holidays_works_its_days_of_a_year_without_closures(
    pattern: WorkPattern,
) -> None:
    if not pattern.works_holidays:
        return
    year = DateRange(date(2024, 1, 1), date(2024, 12, 31))
    expected = sum(1 for day in year if pattern.works_on(day))
    assert Calendar(subdivision="57").count_working_days(year, pattern) == expected


# -- examples --------------------------------------------------------------------------------


def test_full_time_and_part_time_patterns() -> None:
    assert WorkPattern.full_time().fraction == 1
    eighty = WorkPattern.parse("Mo Tu Th Fr")
    assert eighty.fraction == Fraction(4, 5)
    assert not eighty.works_on(date(2025, 3, 5))  # a Wednesday
    ninety = WorkPattern.parse("Mo Tu We Th:am Fr")
    assert ninety.fraction == Fraction(9, 10)
    assert ninety.half_days_on(date(2025, 3, 6)) == (HalfDay.MORNING,)
    assert str(ninety) == "Mo Tu We Th:am Fr"
    assert WorkPattern.parse("Mo:am Mo:pm") == WorkPattern.parse("monday")
    assert WorkPattern.parse("Mon, Tue, Thursday") == WorkPattern.parse("Mo Tu Th")


def test_from_weekdays_with_half_days() -> None:
    pattern = WorkPattern.from_weekdays([0, "Tu", "thu"], half_days={4: HalfDay.AFTERNOON})
    assert str(pattern) == "Mo Tu Th Fr:pm"
    assert pattern.fraction == Fraction(7, 10)


def test_a_24_7_rotating_cycle_over_two_weeks() -> None:
    cycle = WorkPattern.parse(
        "Mo Tu / We Th Fr Sa Su", anchor=date(2024, 12, 23), works_holidays=True
    )
    assert cycle.cycle_days == 14
    assert cycle.fraction == Fraction(7, 10)
    # across the year boundary: week 2 runs from Monday 30 December to Sunday 5 January
    assert [cycle.works_on(date(2024, 12, 30) + timedelta(days=n)) for n in range(7)] == [
        False,
        False,
        True,
        True,
        True,
        True,
        True,
    ]
    assert cycle.works_on(date(2025, 1, 6))  # Monday of week 1 again
    assert cycle.works_on(date(2024, 12, 22))  # Sunday before the anchor: week 2


def test_a_cycle_anchored_mid_week_counts_weeks_from_the_anchor() -> None:
    cycle = WorkPattern.parse("We Th / Mo", anchor=date(2025, 1, 1))  # a Wednesday
    assert cycle.works_on(date(2025, 1, 1))
    assert not cycle.works_on(date(2025, 1, 6))  # Monday of the first 7-day block
    assert cycle.works_on(date(2025, 1, 13))  # Monday of the second block


def test_bad_patterns_name_the_field() -> None:
    cases = [
        (lambda: WorkPattern.parse("Mo Xx"), "pattern", "invalid_weekday"),
        (lambda: WorkPattern.parse("Mo:noon"), "pattern", "invalid_half_day"),
        (lambda: WorkPattern.parse("Mo / Tu"), "pattern.anchor", "missing_anchor"),
        (lambda: WorkPattern(()), "pattern", "empty_pattern"),
        (lambda: WorkPattern(((3, 3, 3),)), "pattern", "invalid_pattern"),
        (lambda: WorkPattern(((4, 0, 0, 0, 0, 0, 0),)), "pattern", "invalid_pattern"),
        (lambda: WorkPattern("Mo Tu"), "pattern", "invalid_pattern"),  # type: ignore[arg-type]
        (lambda: WorkPattern((3, 3, 3, 3, 3, 0, 0)), "pattern", "invalid_pattern"),  # type: ignore[arg-type]
        (lambda: WorkPattern.from_weekdays([7]), "pattern", "invalid_weekday"),
        (
            lambda: WorkPattern.full_time().parse("Mo", anchor="2025-02-30"),
            "pattern.anchor",
            "invalid_date",
        ),
        (
            lambda: WorkPattern(((3,) * 7,), works_holidays="yes"),  # type: ignore[arg-type]
            "pattern.works_holidays",
            "invalid_boolean",
        ),
    ]
    for build, field, code in cases:
        with pytest.raises(InvalidValue) as err:
            build()
        assert (err.value.field, err.value.code) == (field, code), err.value.message
