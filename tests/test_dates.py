"""DateRange (inclusive of both ends) and the date helpers."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import day_spans, days
from teleaccord import (
    DateRange,
    InvalidValue,
    iso_week,
    month_range,
    parse_date,
    week_range,
    year_range,
)

ONE_DAY = timedelta(days=1)


def tiles(parts: list[DateRange], whole: DateRange) -> bool:
    """Whether ``parts`` cover ``whole`` in order, without gaps or overlaps."""
    return (
        parts[0].start == whole.start
        and parts[-1].end == whole.end
        and all(a.end + ONE_DAY == b.start for a, b in itertools.pairwise(parts))
    )


# -- laws ------------------------------------------------------------------------------------


@given(day_spans())
def test_a_range_holds_both_ends_and_every_day_between(span: DateRange) -> None:
    listed = list(span)
    assert listed[0] == span.start
    assert listed[-1] == span.end
    assert len(listed) == len(span) == span.days == (span.end - span.start).days + 1
    assert all(b - a == ONE_DAY for a, b in itertools.pairwise(listed))
    assert span.start in span
    assert span.end in span
    assert span.start - ONE_DAY not in span
    assert span.end + ONE_DAY not in span


@given(day_spans(max_days=2000))
def test_splitting_by_year_and_by_month_tiles_the_range(span: DateRange) -> None:
    years = list(span.split_by_year())
    months = list(span.split_by_month())
    assert tiles(years, span)
    assert tiles(months, span)
    assert all(p.start.year == p.end.year for p in years)
    assert all((p.start.year, p.start.month) == (p.end.year, p.end.month) for p in months)
    assert sum(map(len, months)) == len(span)


@given(day_spans(max_days=60), day_spans(max_days=60))
def test_intersection_is_the_days_both_ranges_share(a: DateRange, b: DateRange) -> None:
    shared = a.intersection(b)
    expected = set(a) & set(b)
    assert a.overlaps(b) == bool(expected) == (shared is not None)
    assert set(shared or ()) == expected
    assert shared == b.intersection(a)
    if shared is not None:
        assert a.contains_range(shared)
        assert b.contains_range(shared)


@given(days, days)
def test_a_range_cannot_end_before_it_starts(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    assert len(DateRange(start, end)) >= 1
    if start != end:
        with pytest.raises(InvalidValue) as err:
            DateRange(end, start)
        assert (err.value.field, err.value.code) == ("end", "range_end_before_start")


@given(days)
def test_iso_text_reads_back(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert DateRange(day.isoformat(), day.isoformat()) == DateRange.single(day)


@given(days)
def test_the_week_of_a_day_is_monday_to_sunday_of_its_iso_week(day: date) -> None:
    week = week_range(day)
    assert day in week
    assert len(week) == 7
    assert week.start.weekday() == 0
    assert {iso_week(d) for d in week} == {iso_week(day)}


# -- examples --------------------------------------------------------------------------------


def test_leap_years() -> None:
    assert len(year_range(2024)) == 366
    assert len(year_range(2000)) == 366
    assert len(year_range(2100)) == 365
    assert month_range(2024, 2).end == date(2024, 2, 29)
    assert month_range(2023, 2).end == date(2023, 2, 28)
    assert month_range(2100, 2).end == date(2100, 2, 28)
    with pytest.raises(InvalidValue) as err:
        parse_date("2023-02-29", field="hired")
    assert (err.value.field, err.value.code) == ("hired", "invalid_date")


def test_ranges_across_years() -> None:
    span = DateRange(date(2024, 12, 30), date(2025, 1, 2))
    assert len(span) == 4
    assert [str(p) for p in span.split_by_year()] == [
        "2024-12-30..2024-12-31",
        "2025-01-01..2025-01-02",
    ]
    assert iso_week(date(2024, 12, 30)) == (2025, 1)
    assert str(week_range(date(2025, 1, 1))) == "2024-12-30..2025-01-05"


def test_ranges_reach_the_last_representable_day() -> None:
    open_ended = DateRange(date(9999, 12, 30), date.max)
    assert list(open_ended) == [date(9999, 12, 30), date(9999, 12, 31)]
    assert [len(p) for p in open_ended.split_by_year()] == [2]
    assert [len(p) for p in open_ended.split_by_month()] == [2]
    assert month_range(9999, 12).end == date.max


def test_bad_dates_are_refused_with_the_field() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date(datetime(2025, 1, 1, tzinfo=timezone.utc), field="day")
    assert (err.value.field, err.value.code) == ("day", "invalid_date")
    with pytest.raises(InvalidValue) as err:
        DateRange("2025-01-01", "tomorrow")
    assert (err.value.field, err.value.code) == ("end", "invalid_date")
    with pytest.raises(InvalidValue):
        parse_date(20250101)
    assert parse_date(" 2025-01-01 ") == date(2025, 1, 1)


@given(st.dates(), st.dates())
def test_ranges_order_by_start_then_end(a: date, b: date) -> None:
    first, second = DateRange.single(min(a, b)), DateRange.single(max(a, b))
    assert (first <= second) == (min(a, b) <= max(a, b))


# -- found by mutation testing (tools/mutation.py) -----------------------------------------


@given(day_spans(max_days=60), day_spans(max_days=60))
def test_a_range_contains_another_when_it_holds_each_of_its_days(
    a: DateRange, b: DateRange
) -> None:
    assert a.contains_range(b) == set(b).issubset(set(a))


def test_a_range_half_inside_is_not_contained() -> None:
    march = month_range(2024, 3)
    assert not march.contains_range(DateRange(date(2024, 3, 20), date(2024, 4, 5)))
    assert not march.contains_range(DateRange(date(2024, 2, 20), date(2024, 3, 5)))


@pytest.mark.parametrize("value", [20250101, None, 2025.0, ("2025", "01", "01")])
def test_what_is_neither_a_date_nor_text_is_refused_with_field_and_code(value: object) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date(value, field="hired")
    assert (err.value.field, err.value.code) == ("hired", "invalid_date")
    assert str(err.value) == f"hired: expected a date as YYYY-MM-DD, got {value!r}."


def test_dates_name_their_field_by_default() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date("soon")
    assert err.value.field == "date"
    assert str(err.value).startswith("date: expected a date as YYYY-MM-DD, got 'soon'")


def test_a_bad_start_names_the_start() -> None:
    with pytest.raises(InvalidValue) as err:
        DateRange("yesterday", "2025-01-01")
    assert (err.value.field, err.value.code) == ("start", "invalid_date")
    assert str(err.value).startswith("start: ")


# -- bounds (issue 19) --------------------------------------------------------------------------


@pytest.mark.parametrize("year", [0, -1, 10_000])
def test_year_range_beyond_the_dates_is_a_typed_error(year: int) -> None:
    from teleaccord.dates import year_range

    with pytest.raises(InvalidValue) as info:
        year_range(year)
    assert info.value.code == "year_out_of_range"


def test_check_year_keeps_to_the_years_the_calendars_cover() -> None:
    from teleaccord.dates import MAX_YEAR, MIN_YEAR, check_year

    assert check_year(MIN_YEAR) == MIN_YEAR
    assert check_year(MAX_YEAR) == MAX_YEAR
    for year in (MIN_YEAR - 1, MAX_YEAR + 1):
        with pytest.raises(InvalidValue):
            check_year(year)


def test_days_of_refuses_a_range_over_the_limit_before_listing_it() -> None:
    from teleaccord.dates import MAX_RANGE_DAYS, days_of

    ok = DateRange(date(2000, 1, 1), date(2000, 1, 1) + timedelta(days=MAX_RANGE_DAYS - 1))
    assert len(days_of([ok], field="closures")) == MAX_RANGE_DAYS
    with pytest.raises(InvalidValue) as info:
        days_of([ok, "1999-12-31", DateRange(date(1, 1, 1), date(9999, 12, 31))], field="blackout")
    assert info.value.code == "range_too_long"
