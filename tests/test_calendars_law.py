"""Calendars and the law (issue 15): worked holiday names that exist, Alsace-Moselle's three
departments, holiday names in French."""

from __future__ import annotations

from datetime import date

import pytest

from teleaccord import Calendar, DateRange, InvalidValue, year_range


def test_an_unknown_worked_holiday_name_is_an_error_listing_the_known_ones() -> None:
    with pytest.raises(InvalidValue) as caught:
        Calendar(worked_holiday_names={"Whit Monday"})
    error = caught.value
    assert error.code == "unknown_holiday"
    assert error.params["names"] == ["Whit Monday"]
    assert "Pentecost Monday" in error.params["known"]
    assert "Pentecost Monday" in str(error)
    # a name of another region is unknown here: Good Friday is only a holiday in Alsace-Moselle
    with pytest.raises(InvalidValue):
        Calendar(worked_holiday_names={"Good Friday"})
    assert Calendar(subdivision="57", worked_holiday_names={"Good Friday"}).holiday(
        date(2024, 3, 29)
    )


def test_known_names_are_matched_whatever_their_case_and_in_french() -> None:
    english = Calendar(worked_holiday_names={"pentecost monday"})
    french = Calendar(worked_holiday_names={"Lundi de Pentecôte"})
    day = date(2025, 6, 9)
    assert english.holiday(day) is not None
    assert english.holiday(day).worked  # type: ignore[union-attr]
    assert french.holiday(day).worked  # type: ignore[union-attr]
    assert english.count_working_days(year_range(2025)) == french.count_working_days(
        year_range(2025)
    )
    # an extra holiday's own name may be worked too
    local = Calendar(
        extra_holidays={"2025-06-20": "Fête locale"}, worked_holiday_names={"Fête locale"}
    )
    assert local.holiday(date(2025, 6, 20)).worked  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "alias", ["67", "68", "Bas-Rhin", "Haut-Rhin", "bas-rhin", "6AE", "Alsace"]
)
def test_alsace_departments_read_as_6ae(alias: str) -> None:
    calendar = Calendar(subdivision=alias)
    assert calendar.subdivision == "6AE"
    # Good Friday and Saint Stephen's Day: 250 working days in 2024 instead of 252
    assert calendar.count_working_days(year_range(2024)) == 250


def test_moselle_stays_57() -> None:
    assert Calendar(subdivision="57").subdivision == "57"
    assert Calendar(subdivision="Moselle").subdivision == "57"
    assert Calendar().count_working_days(year_range(2024)) == 252


def test_holiday_names_in_french() -> None:
    may = DateRange(date(2024, 5, 1), date(2024, 5, 31))
    english = [h.name for h in Calendar().holidays(may)]
    french = [h.name for h in Calendar().holidays(may, language="fr")]
    assert english == ["Labor Day", "Victory Day", "Ascension Day", "Pentecost Monday"]
    assert french == ["Fête du Travail", "Fête de la Victoire", "Ascension", "Lundi de Pentecôte"]
    christmas = Calendar(subdivision="6AE").holiday(date(2024, 12, 26), language="fr")
    assert christmas is not None
    # holidays 0.100 writes "Saint Étienne", later releases "Saint-Étienne": the package's
    # translation, not ours.
    assert christmas.name in ("Saint-Étienne", "Saint Étienne")
    # a country without French names keeps its English ones
    assert Calendar(country="DE").holiday(date(2024, 10, 3), language="fr").name == (  # type: ignore[union-attr]
        Calendar(country="DE").holiday(date(2024, 10, 3)).name  # type: ignore[union-attr]
    )


def test_the_calendar_command_names_holidays_in_french_with_lang_fr() -> None:
    import contextlib
    import io

    from teleaccord.cli import main

    def run(args: list[str]) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert main(args) == 0
        return out.getvalue()

    french = run(["calendar", "2025", "--lang", "fr", "--worked-holiday", "Lundi de Pentecôte"])
    assert "Lundi de Pentecôte" in french
    assert "Fête nationale" in french
    assert "Pentecost Monday" not in run(["calendar", "2025", "--lang", "fr"])
    assert "Pentecost Monday" in run(["calendar", "2025"])
