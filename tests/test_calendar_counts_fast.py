"""The calendar's counts once its tables are warm (#18): every way of giving a period, every
call after the first, against a naive day-by-day count written here.

The model reads holiday dates from the ``holidays`` package directly, closures from the
calendar's set, each day's half-days from :meth:`WorkPattern.mask_on` and whether a holiday is
worked from :meth:`Calendar.holiday`; it never touches the cumulative tables or the by-date
marks the fast path reads.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction

import holidays as holidays_package
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import day_spans, fr_calendars, patterns, years
from teleaccord import Calendar, DateRange, InvalidValue, WorkPattern, year_range

STANDARD_WEEK = WorkPattern.parse("Mo Tu We Th Fr")


def naive(
    calendar: Calendar, pattern: WorkPattern | None, start: date, end: date
) -> tuple[int, int]:
    """(working days, worked half-days) from ``start`` to ``end``, one day at a time."""
    pat = pattern or STANDARD_WEEK
    public = holidays_package.country_holidays(
        calendar.country, subdiv=calendar.subdivision, years=range(start.year, end.year + 1)
    )
    extra = {d for d, _ in calendar.extra_holidays}
    days = halves = 0
    day = start
    while day <= end:
        mask = pat.mask_on(day)
        is_holiday = day in public or day in extra
        holiday = calendar.holiday(day) if is_holiday else None
        off = day in calendar.closures or (
            is_holiday and not pat.works_holidays and not (holiday is not None and holiday.worked)
        )
        if mask and not off:
            days += 1
            halves += bin(mask).count("1")
        day += timedelta(days=1)
    return days, halves


def forms(start: date, end: date) -> list[object]:
    """The same period as a DateRange, a pair of dates, and a pair of ISO texts."""
    return [DateRange(start, end), (start, end), (start.isoformat(), end.isoformat())]


@st.composite
def warm_setups(
    draw: st.DrawFn,
) -> tuple[Calendar, WorkPattern | None, DateRange, list[tuple[date, date]]]:
    year = draw(years)
    calendar = draw(fr_calendars(year))
    pattern = draw(st.none() | patterns(year))
    span = draw(day_spans(year, max_days=500))
    offsets = st.integers(0, len(span) - 1)
    pairs = []
    for _ in range(draw(st.integers(1, 6))):
        a, b = sorted((draw(offsets), draw(offsets)))
        pairs.append((span.start + timedelta(days=a), span.start + timedelta(days=b)))
    return calendar, pattern, span, pairs


@given(warm_setups())
def test_every_form_and_every_call_counts_what_the_naive_loop_counts(
    setup: tuple[Calendar, WorkPattern | None, DateRange, list[tuple[date, date]]],
) -> None:
    calendar, pattern, span, pairs = setup
    # Warm every year the span touches, so the later calls take the fast path.
    for year in range(span.start.year, span.end.year + 1):
        calendar.count_working_days(year_range(year), pattern)
    for start, end in [(span.start, span.end), *pairs]:
        days, halves = naive(calendar, pattern, start, end)
        for period in forms(start, end):
            for _ in range(2):  # the first call may build; the second reads the marks
                assert calendar.count_working_days(period, pattern) == days  # type: ignore[arg-type]
                assert calendar.worked_amount(period, pattern) == Fraction(halves, 2)  # type: ignore[arg-type]


@given(years, st.integers(0, 364), st.integers(1, 40))
def test_none_and_the_standard_week_give_the_same_counts(
    year: int, offset: int, length: int
) -> None:
    calendar = Calendar()
    start = date(year, 1, 1) + timedelta(days=offset)
    end = start + timedelta(days=length)
    expected = naive(calendar, None, start, end)
    for _ in range(2):
        assert calendar.count_working_days((start, end)) == expected[0]
        assert calendar.count_working_days((start, end), STANDARD_WEEK) == expected[0]
        assert calendar.worked_amount((start, end), STANDARD_WEEK) == Fraction(expected[1], 2)


def test_hand_counted_figures_hold_on_every_call() -> None:
    calendar = Calendar()
    may = (date(2024, 5, 1), date(2024, 5, 31))  # 23 weekdays, 4 of them holidays (1, 8, 9, 20)
    assert [calendar.count_working_days(may) for _ in range(3)] == [19, 19, 19]
    assert calendar.worked_amount(may) == 19
    # Over the new year, by hand: 2024 has 262 weekdays, 10 of them holidays (1 Jan, 1 Apr,
    # 1, 8, 9 and 20 May, 15 Aug, 1 and 11 Nov, 25 Dec): 252; January 2024 has 23 weekdays,
    # 1 Jan off: 22. 2025 has 261 weekdays, 10 holidays on them (1 Nov is a Saturday): 251.
    both = (date(2024, 2, 1), date(2025, 12, 31))
    assert [calendar.count_working_days(both) for _ in range(2)] == [252 - 22 + 251] * 2
    # A week without a working day (Saturday to Sunday) is 0, not an error, on every call.
    weekend = (date(2024, 5, 4), date(2024, 5, 5))
    assert [calendar.count_working_days(weekend) for _ in range(2)] == [0, 0]


def test_bad_periods_are_refused_even_once_the_year_is_warm() -> None:
    calendar = Calendar()
    calendar.count_working_days(year_range(2025))
    with pytest.raises(InvalidValue) as caught:
        calendar.count_working_days((date(2025, 6, 2), date(2025, 6, 1)))
    assert caught.value.code == "range_end_before_start"
    with pytest.raises(InvalidValue) as caught:  # a reversed pair with no working day in it
        calendar.count_working_days((date(2025, 6, 8), date(2025, 6, 7)))
    assert caught.value.code == "range_end_before_start"
    with pytest.raises(InvalidValue) as caught:
        calendar.worked_amount((datetime(2025, 6, 2, 9), date(2025, 6, 6)))
    assert caught.value.code == "invalid_date"
    for bad in [(date(2025, 6, 2),), [date(2025, 6, 2), date(2025, 6, 3)], "2025-06-02", None]:
        with pytest.raises(InvalidValue) as caught:
            calendar.count_working_days(bad)  # type: ignore[arg-type]
        assert caught.value.code == "invalid_period"


def test_two_whole_years_of_seven_day_weeks_count_every_day_on_every_call() -> None:
    # 730 days and 1 460 half-days: more than the counts of one year can hold.
    every_day = WorkPattern.parse("Mo Tu We Th Fr Sa Su", works_holidays=True)
    calendar = Calendar()
    two_years = (date(2025, 1, 1), date(2026, 12, 31))
    for _ in range(3):
        assert calendar.count_working_days(two_years, every_day) == 365 + 365
        assert calendar.worked_amount(two_years, every_day) == 365 + 365
        assert calendar.count_working_days((date(2025, 1, 2), date(2026, 12, 30)), every_day) == 728
