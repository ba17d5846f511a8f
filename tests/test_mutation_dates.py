"""Dates, the cases mutation testing found untested (issue 11): each refusal's code and field
(the field given by the caller where there is one), a year that is not an integer, a month
13 or given as text, a range of days too long to hold, an unknown time zone.

Expected words are those the docs promise; the limits are written by hand (a calendar covers
1900-2199; a date has a year 1-9999; a month is 1-12).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from teleaccord import DateRange, InvalidValue
from teleaccord.dates import check_year, days_of, month_range, parse_zone, year_range


@pytest.mark.parametrize(
    ("call", "code", "field", "words"),
    [
        (
            lambda: check_year(10000),
            "year_out_of_range",
            "year",
            "year: 10000 is outside the years a calendar covers (1900-2199).",
        ),
        (
            lambda: check_year(1899, field="since"),
            "year_out_of_range",
            "since",
            "since: 1899 is outside",
        ),
        (lambda: check_year(2024.0), "year_out_of_range", "year", "year: 2024.0 is outside"),
        (lambda: check_year(True), "year_out_of_range", "year", "year: True is outside"),
        (
            lambda: year_range(10000),
            "year_out_of_range",
            "year",
            "year: 10000 is outside the years a date can have (1-9999).",
        ),
        (
            lambda: month_range(2024, 13),
            "invalid_month",
            "month",
            "month: expected a month number 1-12, got 13.",
        ),
        (
            lambda: month_range(2024, "3"),
            "invalid_month",
            "month",
            "month: expected a month number 1-12, got '3'.",
        ),
        (lambda: month_range(2024, 0), "invalid_month", "month", "got 0."),
        (lambda: month_range(10000, 1), "year_out_of_range", "year", "year: 10000 is outside"),
        (
            lambda: parse_zone("Mars/Olympus"),
            "unknown_timezone",
            "timezone",
            "unknown time zone 'Mars/Olympus'",
        ),
        (
            lambda: days_of(["2024-02-30"], field="closures"),
            "invalid_date",
            "closures",
            "closures: expected a date",
        ),
        (
            lambda: days_of([DateRange(date(1900, 1, 1), date(2099, 12, 31))], field="closures"),
            "range_too_long",
            "closures",
            "closures:",
        ),
    ],
)
def test_each_refusal_has_its_code_field_and_words(
    call: Callable[[], Any], code: str, field: str, words: str
) -> None:
    with pytest.raises(InvalidValue) as err:
        call()
    assert (err.value.code, err.value.field) == (code, field)
    assert str(err.value).startswith(words) or words in str(err.value)


def test_the_limits_themselves_are_accepted() -> None:
    assert check_year(1900) == 1900
    assert check_year(2199) == 2199
    assert month_range(2024, 12) == DateRange(date(2024, 12, 1), date(2024, 12, 31))
    assert month_range(2024, 1) == DateRange(date(2024, 1, 1), date(2024, 1, 31))
    assert year_range(9999) == DateRange(date(9999, 1, 1), date(9999, 12, 31))
    assert days_of([date(2024, 1, 1), "2024-01-03"], field="x") == {
        date(2024, 1, 1),
        date(2024, 1, 3),
    }
