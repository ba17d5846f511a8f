"""Business-travel days abroad in the cross-border counters (#12): absences of a
business-travel kind with a country, counted where the threshold's rule says so. Every
figure is counted by hand in the comments (2025, Monday-Friday full time)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import attrs
import pytest

from teleaccord import (
    Absence,
    BusinessTrip,
    Calendar,
    Contract,
    DateRange,
    InvalidValue,
    ThresholdTable,
    TripRule,
    business_trips,
    crossborder_report,
    crossborder_rule,
)

CONTRACT = Contract.from_amendments(employee="E7", hired=date(2020, 1, 1))

# Telework on the 30 Tuesdays from 7 January to 29 July 2025: 25 of them by 30 June
# (January 4, February 4, March 4, April 5, May 4, June 4), 5 in July.
TUESDAYS = [(date(2025, 1, 7) + timedelta(weeks=n), Fraction(1)) for n in range(30)]
AS_OF = date(2025, 6, 30)


def _absence(ident: str, first: date, last: date, kind: str = "business_travel", **more: object):
    return Absence(absence_id=ident, employee="E7", kind=kind, days=DateRange(first, last), **more)


ABSENCES = [
    # T1: Wednesday 5 to Friday 7 March: 3 working days.
    _absence("T1", date(2025, 3, 5), date(2025, 3, 7)),
    # T2: Thursday 10 April: 1 day.
    _absence("T2", date(2025, 4, 10), date(2025, 4, 10)),
    # T3: Friday 16 to Sunday 18 May: the Friday only is worked.
    _absence("T3", date(2025, 5, 16), date(2025, 5, 18)),
    # T4: Wednesday 11 June: 1 day.
    _absence("T4", date(2025, 6, 11), date(2025, 6, 11)),
    # T5: the morning of Wednesday 17 September: 1/2 day.
    _absence("T5", date(2025, 9, 17), date(2025, 9, 17), end_half="am"),
    # Not trips: leave, and another employee's trip.
    _absence("L1", date(2025, 8, 4), date(2025, 8, 8), kind="paid_leave"),
    Absence(
        absence_id="X1",
        employee="E8",
        kind="business_travel",
        days=DateRange(date(2025, 3, 5), date(2025, 3, 5)),
    ),
]
COUNTRIES = {"T1": "DE", "T2": "FR", "T3": "DE", "T4": "LU", "T5": "BE"}


def _trips(calendar: Calendar) -> tuple[BusinessTrip, ...]:
    return business_trips(ABSENCES, COUNTRIES, contract=CONTRACT, calendar=calendar)


def test_trips_from_absences() -> None:
    trips = _trips(Calendar(country="LU"))
    assert [(t.day, t.country, t.amount) for t in trips] == [
        (date(2025, 3, 5), "DE", 1),
        (date(2025, 3, 6), "DE", 1),
        (date(2025, 3, 7), "DE", 1),
        (date(2025, 4, 10), "FR", 1),
        (date(2025, 5, 16), "DE", 1),
        (date(2025, 6, 11), "LU", 1),
        (date(2025, 9, 17), "BE", Fraction(1, 2)),
    ]


def test_a_trip_without_country_is_an_error() -> None:
    with pytest.raises(InvalidValue) as caught:
        business_trips(ABSENCES, {"T1": "DE"}, contract=CONTRACT, calendar=Calendar())
    assert caught.value.code == "missing_trip_country"
    assert caught.value.params["absence_id"] == "T2"


def test_a_trip_on_a_holiday_is_not_a_working_day() -> None:
    # 1 May 2025 (Thursday) is a holiday in France: a trip on 30 April - 2 May counts 2 days.
    trip = _absence("H", date(2025, 4, 30), date(2025, 5, 2))
    found = business_trips([trip], {"H": "IT"}, contract=CONTRACT, calendar=Calendar())
    assert [t.day for t in found] == [date(2025, 4, 30), date(2025, 5, 2)]


def test_luxembourg_counts_every_trip_outside_luxembourg() -> None:
    calendar = Calendar(country="LU")
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=CONTRACT,
        calendar=calendar,
        telework_days=TUESDAYS,
        as_of=AS_OF,
        business_trips=_trips(calendar),
    )
    lu = report.counter("fr-lu-tax-34-days")
    # Trips counted: T1 3 + T2 (France) 1 + T3 1 + T5 (a half-day counts whole) 1 = 6;
    # T4 in Luxembourg is not outside it. By 30 June: T1, T2, T3 = 5.
    assert lu.business_days == 6
    assert lu.used == 25 + 5
    assert lu.booked == 30 + 6
    assert lu.days_left_as_of == 4
    # In date order the 35th day is the last Tuesday, 29 July (29 Tuesdays + 5 trips = 34
    # by 22 July, inclusive).
    assert lu.crossing_day == date(2025, 7, 29)
    assert "Business-trip days counted: 6" in lu.describe()
    # The social-security rule counts telework only.
    eu = report.counter("eu-883-2004-25-percent")
    assert (eu.business_days, eu.projected) == (0, 30)
    # Without the trips: 25 used, 30 booked, within the 34 days.
    plain = crossborder_report(
        residence="FR",
        work="LU",
        contract=CONTRACT,
        calendar=calendar,
        telework_days=TUESDAYS,
        as_of=AS_OF,
    ).counter("fr-lu-tax-34-days")
    assert (plain.used, plain.booked, plain.crossing_day) == (25, 30, None)


def test_belgium_counts_trips_to_a_third_state_only() -> None:
    calendar = Calendar(country="BE")
    report = crossborder_report(
        residence="FR",
        work="BE",
        contract=CONTRACT,
        calendar=calendar,
        telework_days=TUESDAYS,
        as_of=AS_OF,
        business_trips=_trips(calendar),
    )
    be = report.counter("fr-be-frontier-30-days")
    # Third states for France-Belgium: T1 (Germany) 3, T3 (Germany) 1, T4 (Luxembourg) 1;
    # T2 in France and T5 in Belgium do not count. All five by 30 June.
    assert be.business_days == 5
    assert (be.used, be.booked) == (25 + 5, 30 + 5)


def test_switzerland_counts_at_most_ten_trips_abroad() -> None:
    calendar = Calendar(country="CH")
    wednesdays = [date(2025, 1, 8) + timedelta(weeks=n) for n in range(12)]
    trips = [BusinessTrip(day=d, country="IT") for d in wednesdays]
    trips.append(BusinessTrip(day=date(2025, 4, 3), country="CH"))  # at home: not abroad
    report = crossborder_report(
        residence="FR",
        work="CH",
        contract=CONTRACT,
        calendar=calendar,
        telework_days=[],
        as_of=date(2025, 12, 31),
        business_trips=trips,
    )
    ch = report.counter("fr-ch-tax-40-percent")
    assert ch.business_days == 10
    assert ch.projected == 10


def test_the_booking_rule_sees_the_trips() -> None:
    calendar = Calendar(country="LU")
    # 29 Tuesdays (to 22 July) + T1, T2, T3 (5 days) = 34, the limit: a telework day on
    # 29 July makes 35.
    args = {
        "residence": "FR",
        "work": "LU",
        "contract": CONTRACT,
        "calendar": calendar,
        "telework_days": TUESDAYS[:29],
        "day": date(2025, 7, 29),
    }
    assert crossborder_rule(**args) == ()
    [v] = crossborder_rule(**args, business_trips=_trips(calendar)[:5])
    assert v.code == "crossborder_threshold_crossed"
    assert (v.param("counted"), v.param("limit_days")) == (35, 34)


def test_trip_rules_in_the_shipped_table() -> None:
    table = ThresholdTable.default()
    assert table.get("fr-lu-tax-34-days").trip_rule is TripRule.ABROAD
    assert table.get("fr-lu-tax-29-days").trip_rule is TripRule.ABROAD
    assert table.get("fr-be-frontier-30-days").trip_rule is TripRule.THIRD_STATE
    assert table.get("fr-de-frontier-45-days").trip_rule is TripRule.THIRD_STATE
    assert table.get("fr-ch-tax-40-percent").trip_rule is TripRule.ABROAD
    assert table.get("eu-883-2004-25-percent").trip_rule is TripRule.NONE


# -- the absence's own country ----------------------------------------------------------------


def test_the_absences_own_country_makes_the_trip_without_a_mapping() -> None:
    # Wednesday 5 to Friday 7 March 2025 in Germany, recorded with its country: 3 days.
    trip = _absence("C1", date(2025, 3, 5), date(2025, 3, 7), country="de")
    found = business_trips([trip], contract=CONTRACT, calendar=Calendar(country="LU"))
    assert [(t.day, t.country, t.amount) for t in found] == [
        (date(2025, 3, 5), "DE", 1),
        (date(2025, 3, 6), "DE", 1),
        (date(2025, 3, 7), "DE", 1),
    ]


def test_own_countries_and_the_mapping_by_id_mix_and_agree() -> None:
    # C1 carries BE; C2 has none, the mapping gives IT; C3 carries DE and the mapping says DE too.
    trips = [
        _absence("C1", date(2025, 3, 5), date(2025, 3, 5), country="BE"),
        _absence("C2", date(2025, 3, 6), date(2025, 3, 6)),
        _absence("C3", date(2025, 3, 7), date(2025, 3, 7), country="DE"),
    ]
    found = business_trips(
        trips, {"C2": "it", "C3": "de"}, contract=CONTRACT, calendar=Calendar(country="LU")
    )
    assert [(t.day.day, t.country) for t in found] == [(5, "BE"), (6, "IT"), (7, "DE")]


def test_two_different_countries_for_one_trip_are_an_error() -> None:
    trip = _absence("C1", date(2025, 3, 5), date(2025, 3, 5), country="BE")
    with pytest.raises(InvalidValue) as caught:
        business_trips([trip], {"C1": "NL"}, contract=CONTRACT, calendar=Calendar())
    assert caught.value.code == "trip_country_conflict"
    assert caught.value.params == {
        "absence_id": "C1",
        "employee": "E7",
        "country": "BE",
        "given": "NL",
    }


def test_a_bad_country_in_the_mapping_is_refused() -> None:
    trip = _absence("C1", date(2025, 3, 5), date(2025, 3, 5))
    with pytest.raises(InvalidValue) as caught:
        business_trips([trip], {"C1": "Belgium"}, contract=CONTRACT, calendar=Calendar())
    assert caught.value.code == "invalid_country"


def test_own_countries_feed_the_luxembourg_counter_like_the_mapping() -> None:
    # The same trips as ABSENCES, their countries on the absences instead of COUNTRIES: the
    # France-Luxembourg counter is the same (6 trip days outside Luxembourg, 5 by 30 June).
    calendar = Calendar(country="LU")
    carried = [
        attrs.evolve(a, country=COUNTRIES.get(a.absence_id)) if a.employee == "E7" else a
        for a in ABSENCES
    ]
    carried = [a for a in carried if a.kind != "business_travel" or a.country is not None]
    own = business_trips(carried, contract=CONTRACT, calendar=calendar)
    assert own == _trips(calendar)
    lu = crossborder_report(
        residence="FR",
        work="LU",
        contract=CONTRACT,
        calendar=calendar,
        telework_days=TUESDAYS,
        as_of=AS_OF,
        business_trips=own,
    ).counter("fr-lu-tax-34-days")
    assert (lu.business_days, lu.used, lu.booked) == (6, 30, 36)
