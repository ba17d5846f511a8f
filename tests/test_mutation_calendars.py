"""Calendars, the cases mutation testing found untested (issue 11): a country that is not
text, an empty subdivision, subdivisions named by the ``holidays`` package's aliases or by
teleaccord's own (Bas-Rhin for Alsace), the list of known subdivisions an error shows, the
language a holiday is named in by default, and the words of the empty-pattern error.

Expected names and codes are written by hand: the US postal codes in alphabetical order, the
French overseas department numbers (971 Guadeloupe, 972 Martinique), 1 May "Labor Day" in the
``holidays`` package's English.
"""

from __future__ import annotations

from datetime import date

import pytest

from teleaccord import Calendar, InvalidValue, WorkPattern


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
