"""Calendar: holidays per region, closures, worked holidays, fast counts, notice arithmetic.

The laws compare the calendar's O(1) counts with a deliberately simple day loop built from
:meth:`Calendar.holidays`, the closures and the pattern's weeks (indexed by floor division, not
the modulo the library uses), so the tests do not replay the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import holidays as holidays_package
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import day_spans, fr_calendars, patterns, years
from teleaccord import Calendar, DateRange, InvalidValue, WorkPattern, year_range

ONE_DAY = timedelta(days=1)


def model_masks(calendar: Calendar, pattern: WorkPattern, span: DateRange) -> list[int]:
    """The half-day mask of each day of ``span``, computed the slow, obvious way."""
    by_day = {h.day: h for h in calendar.holidays(span)}
    worked_names = {n.casefold() for n in calendar.worked_holiday_names}
    masks = []
    day = span.start
    while day <= span.end:
        if len(pattern.weeks) == 1:
            week = pattern.weeks[0]
        else:
            assert pattern.anchor is not None
            week = pattern.weeks[((day - pattern.anchor).days // 7) % len(pattern.weeks)]
        mask = week[day.weekday()]
        holiday = by_day.get(day)
        holiday_worked = holiday is not None and (
            day in calendar.worked_holidays
            or any(part.strip().casefold() in worked_names for part in holiday.name.split(";"))
        )
        if day in calendar.closures or (
            holiday is not None and not holiday_worked and not pattern.works_holidays
        ):
            mask = 0
        masks.append(mask)
        day += ONE_DAY
    return masks


def half_days(mask: int) -> int:
    return (mask & 1) + (mask >> 1 & 1)


def setups(max_days: int = 800) -> st.SearchStrategy[tuple[Calendar, WorkPattern, DateRange]]:
    return years.flatmap(
        lambda y: st.tuples(fr_calendars(y), patterns(y), day_spans(y, max_days=max_days))
    )


# -- laws ------------------------------------------------------------------------------------


@given(setups(), st.data())
def test_count_is_additive_over_adjacent_ranges(
    setup: tuple[Calendar, WorkPattern, DateRange], data: st.DataObject
) -> None:
    calendar, pattern, span = setup
    cut = data.draw(st.integers(0, len(span) - 1)) if len(span) > 1 else 0
    if len(span) == 1:
        return
    middle = span.start + timedelta(days=min(cut, len(span) - 2))
    left, right = DateRange(span.start, middle), DateRange(middle + ONE_DAY, span.end)
    assert calendar.count_working_days(span, pattern) == calendar.count_working_days(
        left, pattern
    ) + calendar.count_working_days(right, pattern)
    assert calendar.worked_amount(span, pattern) == calendar.worked_amount(
        left, pattern
    ) + calendar.worked_amount(right, pattern)


@given(setups())
def test_fast_count_equals_a_simple_day_loop(
    setup: tuple[Calendar, WorkPattern, DateRange],
) -> None:
    calendar, pattern, span = setup
    masks = model_masks(calendar, pattern, span)
    assert calendar.count_working_days(span, pattern) == sum(1 for m in masks if m)
    assert calendar.worked_amount(span, pattern) == Fraction(sum(map(half_days, masks)), 2)


@given(setups(max_days=120))
def test_working_days_are_exactly_the_days_the_loop_finds(
    setup: tuple[Calendar, WorkPattern, DateRange],
) -> None:
    calendar, pattern, span = setup
    masks = model_masks(calendar, pattern, span)
    expected = [day for day, mask in zip(span, masks, strict=True) if mask]
    assert list(calendar.working_days(span, pattern)) == expected
    assert [d for d in span if calendar.is_working_day(d, pattern)] == expected
    assert [calendar.worked_mask(d, pattern) for d in span] == masks


@given(setups(max_days=400))
def test_holidays_and_closures_are_never_working_unless_marked_worked(
    setup: tuple[Calendar, WorkPattern, DateRange],
) -> None:
    calendar, pattern, span = setup
    for day in calendar.closures:
        if day in span:
            assert not calendar.is_working_day(day, pattern)
    for holiday in calendar.holidays(span):
        worked = calendar.is_working_day(holiday.day, pattern)
        if not holiday.worked and not pattern.works_holidays:
            assert not worked, holiday
        elif holiday.day not in calendar.closures:
            # a worked holiday is an ordinary day of the pattern
            assert worked == pattern.works_on(holiday.day), holiday


@given(years.flatmap(lambda y: st.tuples(st.just(y), fr_calendars(y))))
def test_holiday_dates_are_the_holidays_package_dates_plus_extra_ones(
    setup: tuple[int, Calendar],
) -> None:
    year, calendar = setup
    expected = set(holidays_package.country_holidays("FR", subdiv=calendar.subdivision, years=year))
    expected |= {d for d, _ in calendar.extra_holidays if d.year == year}
    found = calendar.holidays(year_range(year))
    assert [h.day for h in found] == sorted(expected)
    for h in found:
        assert h.worked == (
            h.day in calendar.worked_holidays
            or any(part.strip() in calendar.worked_holiday_names for part in h.name.split(";"))
        )


def notice_setups() -> st.SearchStrategy[tuple[Calendar, WorkPattern, date, int]]:
    return years.flatmap(
        lambda y: st.tuples(
            fr_calendars(y),
            patterns(y, min_half_days=1),
            st.dates(date(y, 1, 1), date(y, 12, 31)),
            st.integers(-40, 40),
        )
    )


@given(notice_setups())
def test_add_working_days_moves_exactly_n_counted_working_days(
    setup: tuple[Calendar, WorkPattern, date, int],
) -> None:
    calendar, pattern, day, n = setup
    result = calendar.add_working_days(day, n, pattern)
    if n == 0:
        assert result == day
    elif n > 0:
        assert result > day
        assert calendar.is_working_day(result, pattern)
        assert calendar.count_working_days(DateRange(day + ONE_DAY, result), pattern) == n
    else:
        assert result < day
        assert calendar.is_working_day(result, pattern)
        assert calendar.count_working_days(DateRange(result, day - ONE_DAY), pattern) == -n


@given(notice_setups())
def test_add_working_days_is_undone_by_its_opposite_from_a_working_day(
    setup: tuple[Calendar, WorkPattern, date, int],
) -> None:
    calendar, pattern, day, n = setup
    if not calendar.is_working_day(day, pattern):
        day = calendar.add_working_days(day, 1, pattern)
    there = calendar.add_working_days(day, n, pattern)
    assert calendar.add_working_days(there, -n, pattern) == day


@given(setups())
def test_worked_amount_lies_between_half_and_all_the_working_days(
    setup: tuple[Calendar, WorkPattern, DateRange],
) -> None:
    calendar, pattern, span = setup
    count = calendar.count_working_days(span, pattern)
    assert Fraction(count, 2) <= calendar.worked_amount(span, pattern) <= count


@given(fr_calendars(2024))
def test_a_calendar_is_a_value_whatever_it_has_cached(calendar: Calendar) -> None:
    twin = Calendar(
        country=calendar.country,
        subdivision=calendar.subdivision,
        closures=calendar.closures,
        extra_holidays=calendar.extra_holidays,
        worked_holidays=calendar.worked_holidays,
        worked_holiday_names=calendar.worked_holiday_names,
    )
    calendar.count_working_days(year_range(2024))
    assert calendar == twin
    assert hash(calendar) == hash(twin)
    assert eval(repr(calendar), {"Calendar": Calendar, "datetime": __import__("datetime")}) == twin


# -- examples --------------------------------------------------------------------------------

FOUR_DAYS = WorkPattern.parse("Mo Tu Th Fr")


def names(calendar: Calendar, span: DateRange) -> dict[date, str]:
    return {h.day: h.name for h in calendar.holidays(span)}


def test_mainland_france_2024_and_2025() -> None:
    # 2024: 262 weekdays, 10 holidays on weekdays (14 July is a Sunday).
    assert Calendar().count_working_days(year_range(2024)) == 252
    # 2025: 261 weekdays, 10 holidays on weekdays (1 November is a Saturday).
    assert Calendar().count_working_days(year_range(2025)) == 251
    assert len(Calendar().holidays(year_range(2025))) == 11


@pytest.mark.parametrize("subdivision", ["57", "6AE", "Moselle", "Alsace", "6ae"])
def test_alsace_moselle_adds_good_friday_and_saint_stephens_day(subdivision: str) -> None:
    calendar = Calendar(subdivision=subdivision)
    assert calendar.subdivision in ("57", "6AE")
    extra = set(names(calendar, year_range(2025)).items()) - set(
        names(Calendar(), year_range(2025)).items()
    )
    assert extra == {
        (date(2025, 4, 18), "Good Friday"),
        (date(2025, 12, 26), "Saint Stephen's Day"),
    }
    assert calendar.count_working_days(year_range(2024)) == 250
    assert calendar.count_working_days(year_range(2025)) == 249
    assert not calendar.is_working_day(date(2025, 12, 26))
    assert Calendar().is_working_day(date(2025, 12, 26))


def test_the_readme_example_moselle_four_days_a_week_in_2025() -> None:
    # 52 each of Mondays, Tuesdays, Thursdays and Fridays (2025 has 53 Wednesdays) = 208, minus
    # the 11 holidays falling on them (1 January is a Wednesday).
    calendar = Calendar(subdivision="57")
    assert calendar.count_working_days(year_range(2025), FOUR_DAYS) == 197
    assert calendar.worked_amount(year_range(2025), FOUR_DAYS) == 197


@pytest.mark.parametrize("subdivision", ["974", "RE", "La Réunion"])
def test_la_reunion_has_its_abolition_of_slavery_day_on_20_december(subdivision: str) -> None:
    calendar = Calendar(subdivision=subdivision)
    assert calendar.subdivision == "974"
    holiday = calendar.holiday(date(2024, 12, 20))
    assert holiday is not None
    assert holiday.name == "Abolition of Slavery"
    assert not calendar.is_working_day(date(2024, 12, 20))  # a Friday
    assert Calendar().is_working_day(date(2024, 12, 20))
    # 2025: 20 December is a Saturday, so the count is mainland France's.
    assert calendar.count_working_days(year_range(2025)) == 251


def test_guadeloupe_has_its_own_holidays() -> None:
    calendar = Calendar(subdivision="971")
    found = names(calendar, year_range(2025))
    assert found[date(2025, 5, 27)] == "Abolition of Slavery"
    assert found[date(2025, 4, 18)] == "Good Friday"
    assert calendar.count_working_days(year_range(2025)) == 247


def test_leap_years_count_29_february() -> None:
    calendar = Calendar()
    assert calendar.count_working_days(DateRange(date(2024, 2, 28), date(2024, 3, 1))) == 3
    assert calendar.is_working_day(date(2024, 2, 29))  # a Thursday
    assert len(year_range(2000)) == 366
    assert len(year_range(2100)) == 365  # divisible by 100, not by 400
    assert calendar.count_working_days(DateRange(date(2100, 2, 1), date(2100, 3, 1))) == 21
    feb_2096 = DateRange(date(2096, 2, 1), date(2096, 2, 29))
    assert calendar.count_working_days(feb_2096) == 21


def test_ranges_across_years_count_both_sides() -> None:
    christmas = DateRange(date(2024, 12, 23), date(2025, 1, 5))
    # 23, 24, 26, 27, 30, 31 December and 2, 3 January
    assert Calendar().count_working_days(christmas) == 8
    assert Calendar(subdivision="57").count_working_days(christmas) == 7
    several = DateRange(date(2023, 7, 1), date(2026, 6, 30))
    by_year = sum(Calendar().count_working_days(part) for part in several.split_by_year())
    assert Calendar().count_working_days(several) == by_year


def test_worked_holidays_by_name_and_by_date() -> None:
    solidarity = Calendar(worked_holiday_names={"Pentecost Monday"})
    assert solidarity.is_working_day(date(2025, 6, 9))
    assert solidarity.count_working_days(year_range(2025)) == 252
    assert Calendar(worked_holiday_names="pentecost monday") == Calendar(
        worked_holiday_names={"pentecost monday"}
    )
    assert Calendar(worked_holiday_names="pentecost monday").is_working_day(date(2025, 6, 9))
    one_year = Calendar(worked_holidays=[date(2025, 6, 9)])
    assert one_year.is_working_day(date(2025, 6, 9))
    assert not one_year.is_working_day(date(2024, 5, 20))
    holiday = one_year.holiday(date(2025, 6, 9))
    assert holiday is not None
    assert holiday.worked


def test_a_24_7_pattern_works_holidays_but_never_closures() -> None:
    every_day = WorkPattern.parse("Mo Tu We Th Fr Sa Su", works_holidays=True)
    calendar = Calendar(closures=[date(2025, 12, 24)])
    assert calendar.count_working_days(year_range(2025), every_day) == 364
    assert calendar.is_working_day(date(2025, 12, 25), every_day)
    assert not calendar.is_working_day(date(2025, 12, 24), every_day)


def test_closures_as_days_and_ranges_and_extra_local_holidays() -> None:
    calendar = Calendar(
        closures=[DateRange(date(2025, 12, 22), date(2025, 12, 31)), "2025-08-14"],
        extra_holidays={date(2025, 12, 1): "Saint Éloi"},
    )
    assert calendar.is_closed(date(2025, 12, 29))
    assert not calendar.is_working_day(date(2025, 8, 14))
    assert calendar.holiday(date(2025, 12, 1)) is not None
    # 251 - 1 (Saint Éloi, a Monday) - 1 (14 August) - 7 weekdays of 22-31 December not
    # already off (25 December is a holiday)
    assert calendar.count_working_days(year_range(2025)) == 242


def test_rotating_cycle_across_a_year_boundary() -> None:
    # Week one from Monday 23 December 2024: weekdays; week two: only the weekend.
    cycle = WorkPattern.parse("Mo Tu We Th Fr / Sa Su", anchor=date(2024, 12, 23))
    span = DateRange(date(2024, 12, 23), date(2025, 1, 19))
    worked = [d.isoformat() for d in Calendar().working_days(span, cycle)]
    assert worked == [
        "2024-12-23",
        "2024-12-24",
        "2024-12-26",
        "2024-12-27",
        "2025-01-04",
        "2025-01-05",
        "2025-01-06",
        "2025-01-07",
        "2025-01-08",
        "2025-01-09",
        "2025-01-10",
        "2025-01-18",
        "2025-01-19",
    ]
    assert Calendar().count_working_days(span, cycle) == 13
    assert Calendar().add_working_days(date(2024, 12, 27), 1, cycle) == date(2025, 1, 4)
    assert Calendar().add_working_days(date(2025, 1, 4), -1, cycle) == date(2024, 12, 27)


def test_notice_periods_with_add_working_days() -> None:
    calendar = Calendar()
    # five working days' notice for Friday 9 May 2025: back over 8 May and 1 May (holidays)
    assert calendar.add_working_days(date(2025, 5, 9), -5) == date(2025, 4, 30)
    assert calendar.add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 2)
    assert calendar.add_working_days(date(2025, 1, 2), -1) == date(2024, 12, 31)
    assert calendar.add_working_days(date(2025, 5, 3), 0) == date(2025, 5, 3)
    assert calendar.add_working_days(date(2025, 5, 3), 1) == date(2025, 5, 5)


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidValue) as err:
        Calendar(country="XX")
    assert (err.value.field, err.value.code) == ("country", "unknown_country")
    with pytest.raises(InvalidValue) as err:
        Calendar(subdivision="99")
    assert (err.value.field, err.value.code) == ("subdivision", "unknown_subdivision")
    with pytest.raises(InvalidValue) as err:
        Calendar(closures=["2025-02-30"])
    assert (err.value.field, err.value.code) == ("closures", "invalid_date")
    with pytest.raises(InvalidValue) as err:
        Calendar(worked_holiday_names=[""])
    assert err.value.field == "worked_holiday_names"
    with pytest.raises(InvalidValue) as err:
        Calendar().count_working_days(DateRange(date(1850, 1, 1), date(1850, 12, 31)))
    assert (err.value.field, err.value.code) == ("year", "year_out_of_range")
    with pytest.raises(InvalidValue) as err:
        Calendar().add_working_days(date(2025, 1, 1), 3, WorkPattern(((0,) * 7,)))
    assert (err.value.field, err.value.code) == ("pattern", "empty_pattern")
