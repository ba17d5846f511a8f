"""Absences, the cases mutation testing found untested (issue 11): the country an absence is
read under, the kinds refused, and ``Absence.build`` (the bulk readers' fast constructor) giving
exactly what the constructor gives, or its errors, whatever it is handed.

Every expected value is written by hand.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from teleaccord import Absence, DateRange, HalfDay, InvalidValue, absent_masks

JULY = DateRange(date(2025, 7, 1), date(2025, 7, 14))
ONE_DAY = DateRange(date(2025, 7, 1), date(2025, 7, 1))


def refusal(make: Any) -> InvalidValue:
    with pytest.raises(InvalidValue) as err:
        make()
    return err.value


def fields(absence: Absence) -> tuple[Any, ...]:
    return (
        absence.absence_id,
        absence.employee,
        absence.days,
        absence.kind,
        absence.start_half,
        absence.end_half,
        absence.source,
        absence.country,
    )


@pytest.mark.parametrize("make", [Absence, Absence.build])
def test_a_country_is_read_as_its_upper_case_code_and_a_blank_one_as_none(make: Any) -> None:
    def country(value: Any) -> str | None:
        return make(absence_id="A", employee="E1", days=JULY, kind="rtt", country=value).country  # type: ignore[no-any-return]

    assert country("fr") == "FR"
    assert country(" be ") == "BE"
    assert country("FR") == "FR"
    assert country("  ") is None
    assert country(None) is None


@pytest.mark.parametrize("make", [Absence, Absence.build])
def test_a_country_that_is_no_two_letter_code_is_refused_on_its_field(make: Any) -> None:
    for value in ("France", "F", 5):
        err = refusal(
            lambda v=value: make(absence_id="A", employee="E1", days=JULY, kind="rtt", country=v)
        )
        assert (err.code, err.field) == ("invalid_country", "country")


@pytest.mark.parametrize("make", [Absence, Absence.build])
def test_a_kind_that_is_not_a_text_is_refused(make: Any) -> None:
    # True would read as the name "true" if anything but a text were read as a name.
    for value in (5, True):
        err = refusal(lambda v=value: make(absence_id="A", employee="E1", days=JULY, kind=v))
        assert (err.code, err.field) == ("invalid_absence_kind", "kind")


def test_build_keeps_every_field_when_it_falls_back_on_the_constructor() -> None:
    # "Site visit" is no default kind's canonical name: build goes through the constructor.
    built = Absence.build(
        absence_id="A",
        employee="E1",
        days=JULY,
        kind="Site visit",
        start_half=HalfDay.AFTERNOON,
        end_half=HalfDay.MORNING,
        source="hr.csv",
        country="FR",
    )
    assert fields(built) == (
        "A",
        "E1",
        JULY,
        "site_visit",
        HalfDay.AFTERNOON,
        HalfDay.MORNING,
        "hr.csv",
        "FR",
    )


def test_build_of_canonical_arguments_keeps_every_field() -> None:
    built = Absence.build(
        absence_id="A",
        employee="E1",
        days=JULY,
        kind="rtt",
        start_half=HalfDay.AFTERNOON,
        end_half=HalfDay.MORNING,
        source="hr.csv",
        country="FR",
    )
    assert fields(built) == (
        "A",
        "E1",
        JULY,
        "rtt",
        HalfDay.AFTERNOON,
        HalfDay.MORNING,
        "hr.csv",
        "FR",
    )


@pytest.mark.parametrize(
    ("arguments", "code", "field"),
    [
        ({"absence_id": 7}, "missing_value", "absence_id"),
        ({"employee": 7}, "missing_value", "employee"),
        ({"days": "2025-07-01..2025-07-14"}, "invalid_period", "days"),
        ({"start_half": HalfDay.MORNING}, "invalid_absence_half", "start_half"),
        (
            {"days": ONE_DAY, "start_half": HalfDay.AFTERNOON, "end_half": HalfDay.MORNING},
            "invalid_absence_half",
            "end_half",
        ),
    ],
)
def test_build_refuses_what_the_constructor_refuses(
    arguments: dict[str, Any], code: str, field: str
) -> None:
    given = {"absence_id": "A", "employee": "E1", "days": JULY, "kind": "rtt", **arguments}
    for make in (Absence, Absence.build):
        err = refusal(lambda m=make: m(**given))
        assert (err.code, err.field) == (code, field)


def test_an_unknown_way_of_counting_absences_is_refused_with_its_code() -> None:
    err = refusal(lambda: absent_masks([], counting="everything"))
    assert (err.code, err.field) == ("invalid_value", "counting")
