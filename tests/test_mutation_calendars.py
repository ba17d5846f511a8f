"""Calendars, the cases mutation testing found untested (issue 11): a country that is not
text, an empty subdivision, subdivisions named by the ``holidays`` package's aliases or by
teleaccord's own (Bas-Rhin for Alsace), the list of known subdivisions an error shows, the
language a holiday is named in by default, and the words of the empty-pattern error.

Expected names and codes are written by hand: the US postal codes in alphabetical order, the
French overseas department numbers (971 Guadeloupe, 972 Martinique), 1 May "Labor Day" in the
``holidays`` package's English.

Wave 10: the holiday tables, regions and names the module keeps per process, read in a fresh
interpreter (mutmut's workers inherit them already read), and the warm counts, against models
written here (Easter by the anonymous Gregorian algorithm, a plain day loop).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest

from teleaccord import Calendar, DateRange, Holiday, InvalidValue, WorkPattern


def test_a_country_that_is_not_text_is_refused_by_name() -> None:
    with pytest.raises(InvalidValue) as err:
        Calendar(country=33)  # type: ignore[arg-type]
    assert (err.value.code, err.value.field) == ("unknown_country", "country")
    assert str(err.value) == "country: expected an ISO country code such as 'FR', got 33."


@pytest.mark.parametrize("empty", [None, ""])
def test_an_empty_subdivision_is_the_whole_country(empty: str | None) -> None:
    assert Calendar(country="FR", subdivision=empty).subdivision is None


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Guadeloupe", "971"),  # an alias of the holidays package
        ("martinique", "972"),  # case does not matter
        ("bl", "BL"),  # a code itself, in another case
        ("57", "57"),
        ("Bas-Rhin", "6AE"),  # teleaccord's own alias: Alsace
        ("68", "6AE"),
    ],
)
def test_subdivisions_are_found_by_code_or_alias(given: str, code: str) -> None:
    assert Calendar(country="FR", subdivision=given).subdivision == code


def test_an_unknown_subdivision_lists_the_first_twenty_known() -> None:
    with pytest.raises(InvalidValue) as err:
        Calendar(country="US", subdivision="ZZ")
    assert (err.value.code, err.value.field) == ("unknown_subdivision", "subdivision")
    assert str(err.value) == (
        "subdivision: 'ZZ' is not a subdivision of US; known: AK, AL, AR, AS, AZ, CA, CO, CT, "
        "DC, DE, FL, GA, GU, HI, IA, ID, IL, IN, KS, KY."
    )


def test_a_holiday_is_named_in_english_unless_asked() -> None:
    cal = Calendar()
    labour = cal.holiday(date(2024, 5, 1))
    assert labour is not None
    assert labour.name == "Labor Day"
    french = cal.holiday(date(2024, 5, 1), language="fr")
    assert french is not None
    assert french.name == "Fête du Travail"
    assert cal.holiday(date(2024, 5, 2)) is None
    assert cal.holiday(date(2024, 5, 2), language="fr") is None


def test_counting_working_days_without_any_says_why() -> None:
    with pytest.raises(InvalidValue) as err:
        Calendar().add_working_days(date(2025, 1, 1), 3, WorkPattern(((0,) * 7,)))
    assert (
        str(err.value)
        == "pattern: the pattern has no working day, so no working day can be counted."
    )


def test_the_last_working_day_of_a_year_ending_on_a_weekend() -> None:
    # Saturday 31 December 2022: one working day after Thursday 29 is Friday 30, and two
    # are Monday 2 January 2023 (the 1st is a Sunday and a holiday).
    cal = Calendar()
    assert cal.add_working_days(date(2022, 12, 29), 1) == date(2022, 12, 30)
    assert cal.add_working_days(date(2022, 12, 29), 2) == date(2023, 1, 2)
    assert cal.add_working_days(date(2024, 12, 30), 1) == date(2024, 12, 31)  # a Tuesday


# -- wave 8: a period of the wrong shape, a holiday name the country does not have -------------


@pytest.mark.parametrize(
    "period",
    [
        [date(2024, 1, 1), date(2024, 1, 5)],  # a list is not a pair
        (date(2024, 1, 1),),
        (date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)),
        "2024",
    ],
)
def test_a_period_that_is_neither_a_range_nor_a_pair_is_refused(period: object) -> None:
    for count in (Calendar().count_working_days, Calendar().worked_amount):
        with pytest.raises(InvalidValue) as caught:
            count(period)  # type: ignore[arg-type]
        assert (caught.value.code, caught.value.field) == ("invalid_period", "period")
        assert str(caught.value) == (
            f"period: expected a DateRange or a pair of dates (start, end), got {period!r}."
        )


def test_a_worked_holiday_name_the_region_does_not_have_is_named_with_the_region() -> None:
    with pytest.raises(InvalidValue) as caught:
        Calendar(worked_holiday_names=["Foo"])
    error = caught.value
    assert (error.code, error.field) == ("unknown_holiday", "worked_holiday_names")
    text = str(error)
    assert text.startswith(
        "worked_holiday_names: 'Foo' is not a holiday of FR in any year from 1990 to 2100; "
        "the holidays are: "
    )
    listed = text.split("the holidays are: ", 1)[1].rstrip(".").split(", ")
    assert "Christmas Day" in listed
    assert listed == sorted(listed)
    assert "Good Friday" not in listed  # a holiday of Alsace-Moselle only
    with pytest.raises(InvalidValue) as caught:
        Calendar(country="FR", subdivision="57", worked_holiday_names=["Foo", "Bar"])
    text = str(caught.value)
    assert text.startswith(
        "worked_holiday_names: 'Bar', 'Foo' are not holidays of FR-57 in any year from 1990 "
        "to 2100; the holidays are: "
    )
    assert "Good Friday" in text.split("the holidays are: ", 1)[1]
    # A name of the region's, in any case, is kept as given.
    assert Calendar(worked_holiday_names=["christmas day"]).worked_holiday_names == {
        "christmas day"
    }


# -- wave 10: the holiday tables read fresh, and the warm counts against a model of our own ---
#
# The model below knows French public holidays from the rules, not from the ``holidays``
# package nor from the calendar: the fixed days, and Easter Monday, Ascension (Easter + 39) and
# Pentecost Monday (Easter + 50) from Easter Sunday, computed by the anonymous Gregorian
# algorithm (Meeus/Jones/Butcher). Alsace-Moselle adds Good Friday (Easter - 2) and
# 26 December. Checked by hand: Easter 2024 is 31 March, 2025 is 20 April, 2031 is 13 April.


def easter(year: int) -> date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def french_holidays(year: int, *, alsace_moselle: bool = False) -> dict[date, str]:
    """Mainland France's public holidays from 1982 on (8 May restored in 1981), by name."""
    sunday = easter(year)
    found = {
        date(year, 1, 1): "New Year's Day",
        sunday + timedelta(days=1): "Easter Monday",
        date(year, 5, 1): "Labor Day",
        date(year, 5, 8): "Victory Day",
        sunday + timedelta(days=39): "Ascension Day",
        sunday + timedelta(days=50): "Pentecost Monday",
        date(year, 7, 14): "National Day",
        date(year, 8, 15): "Assumption Day",
        date(year, 11, 1): "All Saints' Day",
        date(year, 11, 11): "Armistice Day",
        date(year, 12, 25): "Christmas Day",
    }
    if alsace_moselle:
        found[sunday - timedelta(days=2)] = "Good Friday"
        found[date(year, 12, 26)] = "Saint Stephen's Day"
    return dict(sorted(found.items()))


def test_the_easter_model_matches_dates_known_by_hand() -> None:
    assert [easter(y) for y in (2024, 2025, 2031)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2031, 4, 13),
    ]


FRESH_PROCESS = """
import json, sys
from datetime import date
from teleaccord import Calendar, InvalidValue, year_range

out = {"holidays": [], "regions": [], "worked": []}
for year in (2031, 2032):
    for sub in ("57", None):
        cal = Calendar(subdivision=sub)
        for lang in ("en", "fr", "xx-unknown"):
            named = cal.holidays(year_range(year), language=lang)
            out["holidays"].append([year, sub, lang, [[h.day.isoformat(), h.name] for h in named]])
for given in ("Guadeloupe", "martinique", "bl", "57", "Bas-Rhin", "68", "", None, " Moselle "):
    out["regions"].append([given, Calendar(subdivision=given).subdivision])
solidarity = Calendar(worked_holiday_names=["lundi de pentecôte"])
out["worked"].append(solidarity.is_working_day(date(2031, 6, 2)))
stephen = Calendar(subdivision="57", worked_holiday_names=["Saint-Étienne"]).holiday(date(2031, 12, 26))
out["worked"].append(stephen.worked)
# The Bahamas: a country whose names the holidays package translates into no language.
bahamas = Calendar(country="BS")
out["bahamas"] = [bahamas.holiday(date(2031, 12, 25), language=lang).name for lang in ("fr", "en")]
try:
    Calendar(worked_holiday_names=["Foo"])
except InvalidValue as error:
    out["known"] = error.params["known"]
json.dump(out, sys.stdout)
"""

FRENCH_NAMES = {
    "New Year's Day": "Jour de l'an",
    "Good Friday": "Vendredi saint",
    "Easter Monday": "Lundi de Pâques",
    "Labor Day": "Fête du Travail",
    "Victory Day": "Fête de la Victoire",
    "Ascension Day": "Ascension",
    "Pentecost Monday": "Lundi de Pentecôte",
    "National Day": "Fête nationale",
    "Assumption Day": "Assomption",
    "All Saints' Day": "Toussaint",
    "Armistice Day": "Armistice",
    "Christmas Day": "Noël",
    "Saint Stephen's Day": "Saint-Étienne",
}


def _loose(value: Any) -> Any:
    """``value`` with every hyphen in its texts read as a space."""
    if isinstance(value, str):
        return value.replace("-", " ")
    if isinstance(value, list):
        return [_loose(v) for v in value]
    return value


def test_holidays_regions_and_names_read_in_a_fresh_process() -> None:
    # The calendar reads each (region, year, language) from the holidays package once per
    # process, and each region's subdivision and holiday names once too; a fresh interpreter
    # has read none, so every table below is read, in this order (Moselle before mainland
    # France, English before French, 2031 before 2032), and none may be answered with another's.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = json.loads(done.stdout)
    expected = []
    for year in (2031, 2032):
        for sub in ("57", None):
            english = french_holidays(year, alsace_moselle=sub == "57")
            for lang in ("en", "fr", "xx-unknown"):
                names = FRENCH_NAMES if lang == "fr" else {n: n for n in FRENCH_NAMES}
                rows = [[d.isoformat(), names[n]] for d, n in english.items()]
                expected.append([year, sub, lang, rows])
    # The holidays package wrote "Saint Étienne" before 0.109, "Saint-Étienne" since.
    assert _loose(found["holidays"]) == _loose(expected)
    assert found["regions"] == [
        ["Guadeloupe", "971"],  # the holidays package's aliases
        ["martinique", "972"],
        ["bl", "BL"],
        ["57", "57"],
        ["Bas-Rhin", "6AE"],  # teleaccord's own
        ["68", "6AE"],
        ["", None],
        [None, None],
        [" Moselle ", "57"],
    ]
    # Pentecost Monday 2 June 2031 worked by its French name; 26 December 2031 in Moselle.
    assert found["worked"] == [True, True]
    assert found["bahamas"] == ["Christmas Day", "Christmas Day"]
    # Mainland France's holidays in 1990-2100, by hand, in alphabetical order.
    assert found["known"] == [
        "All Saints' Day",
        "Armistice Day",
        "Ascension Day",
        "Assumption Day",
        "Christmas Day",
        "Easter Monday",
        "Labor Day",
        "National Day",
        "New Year's Day",
        "Pentecost Monday",
        "Victory Day",
    ]
    # In this process too: a subdivision given as a number, and a language never asked.
    assert Calendar(subdivision=57).subdivision == "57"  # type: ignore[arg-type]
    assert Calendar(subdivision=971).holidays(  # type: ignore[arg-type]
        DateRange(date(2031, 5, 1), date(2031, 5, 1)), language=f"xx-{uuid.uuid4().hex}"
    ) == (Holiday(date(2031, 5, 1), "Labor Day"),)


def test_an_unknown_language_names_holidays_in_english() -> None:
    # A language code never asked before in this process, so its table is read now.
    code = f"xx-{uuid.uuid4().hex}"
    cal = Calendar(subdivision="57")
    span = DateRange(date(2031, 4, 11), date(2031, 4, 14))
    named = [(h.day, h.name) for h in cal.holidays(span, language=code)]
    assert named == [(date(2031, 4, 11), "Good Friday"), (date(2031, 4, 14), "Easter Monday")]
    holiday = cal.holiday(date(2031, 12, 26), language=code)
    assert holiday is not None
    assert holiday.name == "Saint Stephen's Day"
    # Moselle's own holiday shared with a local one keeps both names.
    fair = Calendar(subdivision="57", extra_holidays={date(2031, 12, 26): "Foire"})
    shared = fair.holiday(date(2031, 12, 26), language=f"xx-{uuid.uuid4().hex}")
    assert shared == Holiday(date(2031, 12, 26), "Saint Stephen's Day; Foire")


# The warm counts. The calendar: mainland France with a closure week over the new year, a
# closure on a Saturday, a local holiday, and Pentecost Monday worked (the solidarity day).
# The patterns: none (Monday to Friday), Monday to Friday with Wednesday afternoons off, and
# every day including holidays; each pattern's half-days by weekday written here.
CLOSURES = {date(2024, 12, 30), date(2024, 12, 31), date(2025, 1, 2), date(2025, 6, 14)}
LOCAL = {date(2025, 12, 1): "Saint Éloi"}
PATTERNS: list[tuple[WorkPattern | None, dict[int, int], bool]] = [
    (None, {0: 2, 1: 2, 2: 2, 3: 2, 4: 2}, False),
    (WorkPattern.parse("Mo Tu We:am Th Fr"), {0: 2, 1: 2, 2: 1, 3: 2, 4: 2}, False),
    (
        WorkPattern.parse("Mo Tu We Th Fr Sa Su", works_holidays=True),
        dict.fromkeys(range(7), 2),
        True,
    ),
]


def model_counts(
    start: date, end: date, halves_by_weekday: dict[int, int], works_holidays: bool
) -> tuple[int, int]:
    """(working days, worked half-days) from ``start`` to ``end``, a day at a time."""
    days = halves = 0
    day = start
    while day <= end:
        off_days = {**french_holidays(day.year), **LOCAL}
        holiday = off_days.get(day)
        worked_holiday = holiday == "Pentecost Monday" or works_holidays
        halves_today = halves_by_weekday.get(day.weekday(), 0)
        if day in CLOSURES or (holiday is not None and not worked_holiday):
            halves_today = 0
        if halves_today:
            days += 1
            halves += halves_today
        day += timedelta(days=1)
    return days, halves


WARM_SPANS = [
    (date(2025, 5, 1), date(2025, 5, 1)),  # one day, a holiday: 0
    (date(2025, 5, 2), date(2025, 5, 2)),  # one day, a Friday: 1
    (date(2025, 5, 3), date(2025, 5, 4)),  # a weekend: 0 for a weekday pattern
    (date(2025, 6, 9), date(2025, 6, 9)),  # Pentecost Monday, worked
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2025, 3, 5), date(2025, 3, 5)),  # a Wednesday: half a day for the second pattern
    (date(2025, 2, 3), date(2025, 11, 28)),
    (date(2024, 12, 23), date(2025, 1, 5)),  # into the next year, closures on both sides
    (date(2024, 12, 31), date(2025, 1, 1)),  # two days, one in each year, both off
    (date(2024, 1, 1), date(2025, 12, 31)),  # two whole years
    (date(2024, 2, 29), date(2025, 2, 28)),
    (date(2024, 6, 3), date(2026, 3, 31)),  # three years
    (date(2025, 12, 31), date(2026, 1, 2)),
    (date(2026, 12, 31), date(2026, 12, 31)),
    (date(2024, 1, 1), date(2024, 1, 1)),
]


@pytest.mark.parametrize("warm_order", [1, -1], ids=["none-first", "none-last"])
@pytest.mark.parametrize(("pattern", "halves_by_weekday", "works_holidays"), PATTERNS)
def test_warm_counts_match_a_day_loop_with_our_own_holidays(
    pattern: WorkPattern | None,
    halves_by_weekday: dict[int, int],
    works_holidays: bool,
    warm_order: int,
) -> None:
    calendar = Calendar(
        closures=CLOSURES, extra_holidays=LOCAL, worked_holiday_names={"Pentecost Monday"}
    )
    # Every pattern counts on the same calendar, year after year, the default week first or
    # last each year: the marks of one must not answer another.
    for year in (2024, 2025, 2026):
        for other, _, _ in PATTERNS[::warm_order]:
            calendar.count_working_days((date(year, 1, 1), date(year, 12, 31)), other)
            calendar.worked_amount(DateRange(date(year, 1, 1), date(year, 12, 31)), other)
    for start, end in WARM_SPANS:
        days, halves = model_counts(start, end, halves_by_weekday, works_holidays)
        for period in ((start, end), DateRange(start, end)):
            for _ in range(3):  # a first read, and the marks' answers after it
                assert calendar.count_working_days(period, pattern) == days, (start, end)
                assert calendar.worked_amount(period, pattern) == Fraction(halves, 2), (start, end)


def test_warm_counts_by_hand() -> None:
    # Hand counts on the calendar above, Monday to Friday. May 2025: 22 weekdays, 1, 8 and
    # 29 May (Ascension) off: 19. Over the new year, 23 December 2024 to 5 January 2025:
    # weekdays 23, 24, 26, 27, 30, 31 December and 2, 3 January; 30, 31 December and
    # 2 January closed: 5. June 2025: 21 weekdays, 9 June worked anyway: 21.
    calendar = Calendar(
        closures=CLOSURES, extra_holidays=LOCAL, worked_holiday_names={"Pentecost Monday"}
    )
    half_wednesdays = PATTERNS[1][0]
    for _ in range(3):
        assert calendar.count_working_days((date(2025, 5, 1), date(2025, 5, 31))) == 19
        assert calendar.count_working_days((date(2024, 12, 23), date(2025, 1, 5))) == 5
        assert calendar.count_working_days(DateRange(date(2025, 6, 1), date(2025, 6, 30))) == 21
        # May 2025 with Wednesday afternoons off: 19 days, 4 Wednesdays (7, 14, 21, 28) half.
        may = (date(2025, 5, 1), date(2025, 5, 31))
        assert calendar.worked_amount(may, half_wednesdays) == Fraction(19 * 2 - 4, 2)
        assert calendar.count_working_days(may, half_wednesdays) == 19


def test_is_holiday_for_public_extra_and_worked_holidays() -> None:
    calendar = Calendar(extra_holidays=LOCAL, worked_holiday_names={"Pentecost Monday"})
    assert calendar.is_holiday(date(2025, 5, 1))  # Labour Day, a Thursday
    assert calendar.is_holiday(date(2025, 12, 1))  # Saint Éloi, the local holiday
    assert calendar.is_holiday(date(2025, 6, 9))  # worked, a holiday all the same
    assert calendar.is_holiday(date(2025, 5, 4)) is False  # a Sunday, no holiday
    assert calendar.is_holiday(date(2026, 1, 2)) is False


def test_holidays_named_in_french_with_local_ones_and_a_subdivision() -> None:
    # 1 May 2025 is Labour Day and, here, a local fair too; 1 December a local holiday only.
    calendar = Calendar(
        subdivision="57",
        extra_holidays={date(2025, 5, 1): "Foire locale", date(2025, 12, 1): "Saint Éloi"},
        worked_holidays=[date(2025, 5, 8)],
    )
    may = DateRange(date(2025, 5, 1), date(2025, 5, 8))
    assert calendar.holidays(may, language="fr") == (
        Holiday(date(2025, 5, 1), "Fête du Travail; Foire locale"),
        Holiday(date(2025, 5, 8), "Fête de la Victoire", worked=True),
    )
    assert calendar.holiday(date(2025, 12, 1), language="fr") == Holiday(
        date(2025, 12, 1), "Saint Éloi"
    )
    # Moselle's own holidays have French names too: Good Friday 18 April 2025, 26 December.
    assert calendar.holiday(date(2025, 4, 18), language="fr") == Holiday(
        date(2025, 4, 18), "Vendredi saint"
    )
    stephen = calendar.holiday(date(2025, 12, 26), language="fr")
    assert stephen is not None
    assert _loose(stephen.name) == "Saint Étienne"  # hyphenated since holidays 0.109


def test_worked_holidays_named_in_french_including_a_subdivision_s_own() -> None:
    # Pentecost Monday 9 June 2025 and Saint Stephen's Day (Moselle) 26 December 2025, a Friday.
    solidarity = Calendar(worked_holiday_names=["Lundi de Pentecôte"])
    assert solidarity.is_working_day(date(2025, 6, 9))
    assert not solidarity.is_working_day(date(2025, 5, 29))  # Ascension stays off
    # Named with or without its hyphen, whichever the holidays package writes.
    for name in ("Saint-Étienne", "saint  étienne"):
        moselle = Calendar(subdivision="57", worked_holiday_names=[name])
        assert moselle.is_working_day(date(2025, 12, 26))
    assert not moselle.is_working_day(date(2025, 4, 18))  # Good Friday stays off


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"country": ["FR"]}, "unknown_country", "country"),  # not text, not even hashable
        ({"subdivision": ["57"]}, "unknown_subdivision", "subdivision"),
        ({"worked_holidays": ["2025-02-30"]}, "invalid_date", "worked_holidays"),
        ({"extra_holidays": {"2025-02-30": "Foire"}}, "invalid_date", "extra_holidays"),
        ({"worked_holiday_names": [""]}, "invalid_holiday_name", "worked_holiday_names"),
        ({"worked_holiday_names": [5]}, "invalid_holiday_name", "worked_holiday_names"),
    ],
)
def test_bad_calendar_input_is_refused_with_its_code_and_field(
    given: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        Calendar(**given)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == (code, field)


def test_an_unknown_worked_holiday_name_is_in_the_error_s_params() -> None:
    with pytest.raises(InvalidValue) as caught:
        Calendar(worked_holiday_names=["Foo", "Bar"])
    assert caught.value.params["names"] == ["Bar", "Foo"]


def test_the_first_and_last_years_a_calendar_covers() -> None:
    calendar = Calendar()
    assert calendar.holiday(date(1900, 1, 1)) == Holiday(date(1900, 1, 1), "New Year's Day")
    assert calendar.holiday(date(2100, 12, 25)) == Holiday(date(2100, 12, 25), "Christmas Day")
    for year in (1899, 2200):
        with pytest.raises(InvalidValue) as caught:
            calendar.holiday(date(year, 7, 2))
        assert caught.value.code == "year_out_of_range"
    # Past the last year the holidays package knows for France (2100), it answers with no
    # holiday at all: refused, rather than every holiday counted as a working day.
    with pytest.raises(InvalidValue) as caught:
        calendar.count_working_days((date(2101, 1, 1), date(2101, 12, 31)))
    assert caught.value.code == "year_out_of_range"
    assert caught.value.field == "year"
    assert "2101" in str(caught.value)


def test_a_year_before_the_countrys_first_known_one_is_refused() -> None:
    # The holidays package knows Algeria's holidays from 1964 on (its start_year, under both
    # pinned versions): 1963 would read no holiday at all, 1964 has New Year's Day.
    algeria = Calendar(country="DZ")
    assert algeria.holiday(date(1964, 1, 1)) == Holiday(date(1964, 1, 1), "New Year's Day")
    # A language never asked (English names all the same) reads the year afresh, whatever
    # this process has read before: the first and the last known years are read, not refused.
    fresh = f"xx-{uuid.uuid4().hex}"
    assert algeria.holiday(date(1964, 1, 1), language=fresh) == Holiday(
        date(1964, 1, 1), "New Year's Day"
    )
    assert Calendar().holiday(date(2100, 12, 25), language=fresh) == Holiday(
        date(2100, 12, 25), "Christmas Day"
    )
    with pytest.raises(InvalidValue) as caught:
        algeria.holiday(date(1963, 1, 1))
    assert caught.value.code == "year_out_of_range"
    assert "1963" in str(caught.value)
    assert "DZ" in str(caught.value)


def test_local_holidays_on_a_public_one_and_worked_ones() -> None:
    calendar = Calendar(
        extra_holidays={
            date(2025, 5, 1): "Foire",  # Labour Day, a Thursday
            date(2025, 6, 9): "Fête du village",  # Pentecost Monday, worked by name
            date(2025, 12, 1): "Saint Éloi",  # a Monday, worked by name
            date(2025, 12, 2): "Sainte Barbe",  # a Tuesday, worked by date
        },
        worked_holidays=[date(2025, 12, 2)],
        worked_holiday_names={"Pentecost Monday", "saint éloi"},
    )
    assert calendar.extra_holidays[0] == (date(2025, 5, 1), "Foire")
    assert calendar.holiday(date(2025, 5, 1)) == Holiday(date(2025, 5, 1), "Labor Day; Foire")
    assert calendar.holiday(date(2025, 6, 9)) == Holiday(
        date(2025, 6, 9), "Pentecost Monday; Fête du village", worked=True
    )
    assert calendar.holiday(date(2025, 12, 1)) == Holiday(
        date(2025, 12, 1), "Saint Éloi", worked=True
    )
    assert calendar.holiday(date(2025, 12, 2)) == Holiday(
        date(2025, 12, 2), "Sainte Barbe", worked=True
    )
    worked = [
        calendar.is_working_day(date(2025, m, d)) for m, d in [(5, 1), (6, 9), (12, 1), (12, 2)]
    ]
    assert worked == [False, True, True, True]
