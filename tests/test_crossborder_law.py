"""The corrected cross-border data (issue 15): signatory states with their own dates, Belgium's
closed regime, Luxembourg's 29 then 34 days, Switzerland's business trips inside the 40 %,
Monaco's weekly third on site. Expected figures are written by hand from the texts."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from teleaccord import (
    Calendar,
    Contract,
    FigureStatus,
    InvalidValue,
    Signatory,
    ThresholdKind,
    ThresholdTable,
    crossborder_report,
    crossborder_rule,
    year_range,
)

TABLE = ThresholdTable.default()
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2015, 1, 1))


def ids(residence: str, work: str, year: int) -> list[str]:
    return [t.id for t in TABLE.for_pair(residence, work, year)]


@pytest.mark.parametrize(
    ("residence", "work", "start"),
    [
        ("FR", "LU", date(2023, 7, 1)),
        ("FR", "DE", date(2023, 7, 1)),
        ("DE", "IT", date(2024, 1, 1)),
        ("LT", "FR", date(2024, 5, 1)),
        ("FR", "IE", date(2024, 6, 1)),
        ("IE", "LT", date(2024, 6, 1)),
    ],
)
def test_framework_agreement_applies_from_the_later_signature(
    residence: str, work: str, start: date
) -> None:
    eu = TABLE.get("eu-framework-50-percent")
    assert eu.applies_to(residence, work)
    assert eu.start_for(residence, work) == start
    period = eu.period_for(start.year, residence, work)
    assert period is not None
    assert (period.start, period.end) == (start, date(start.year, 12, 31))
    assert eu.period_for(start.year - 1, residence, work) is None


@pytest.mark.parametrize("other", ["DK", "GR", "HU", "BG", "RO", "LV", "IS"])
def test_framework_agreement_never_applies_with_a_state_that_did_not_sign(other: str) -> None:
    assert "eu-framework-50-percent" not in ids("FR", other, 2025)
    assert "eu-framework-50-percent" not in ids(other, "FR", 2025)
    # the general 25 % rule still applies between them
    assert "eu-883-2004-25-percent" in ids("FR", other, 2025)


def test_framework_agreement_names_its_conditions_in_every_counter() -> None:
    eu = TABLE.get("eu-framework-50-percent")
    assert any("A1" in c for c in eu.conditions)
    assert any("joint request" in c for c in eu.conditions)
    assert "five years" in eu.note
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=Calendar(country="LU"),
        telework_days=[],
        as_of=date(2025, 3, 31),
    )
    counter = report.counter("eu-framework-50-percent")
    assert any("A1" in n for n in counter.notes)
    assert "A1" in counter.describe()


def test_a_lithuanian_resident_is_counted_from_may_2024_only() -> None:
    contract = Contract.from_amendments(employee="LT1", hired=date(2020, 1, 1))
    report = crossborder_report(
        residence="LT",
        work="FR",
        contract=contract,
        calendar=Calendar(country="FR"),
        telework_days=[(date(2024, 3, 4), Fraction(1)), (date(2024, 5, 6), Fraction(1))],
        as_of=date(2024, 12, 31),
    )
    eu = report.counter("eu-framework-50-percent")
    assert eu.period.start == date(2024, 5, 1)
    assert eu.used == 1  # the March day is before Lithuania's date
    assert report.counter("eu-883-2004-25-percent").used == 2


def test_signatories_reject_a_state_listed_twice() -> None:
    t = TABLE.get("eu-framework-50-percent")
    with pytest.raises(InvalidValue) as caught:
        type(t)(
            **{
                **{f: getattr(t, f) for f in ("id", "name", "domain", "residence", "work")},
                "kind": "share",
                "limit": "1/2",
                "status": "confirmed",
                "sources": t.sources,
                "signatories": [
                    Signatory(country="FR", since="2023-07-01"),
                    Signatory(country="fr", since="2024-01-01"),
                ],
            }
        )
    assert caught.value.code == "duplicate_signatory"


def test_belgium_only_until_2033_and_only_for_the_old_regime() -> None:
    be = TABLE.get("fr-be-frontier-30-days")
    assert be.limit == 30
    assert be.valid_until == date(2033, 12, 31)
    assert "fr-be-frontier-30-days" in ids("FR", "BE", 2033)
    assert "fr-be-frontier-30-days" not in ids("FR", "BE", 2034)
    assert any("2012" in c for c in be.conditions)


@pytest.mark.parametrize(
    ("year", "threshold", "limit"),
    [
        (2020, "fr-lu-tax-29-days", 29),
        (2022, "fr-lu-tax-29-days", 29),
        (2023, "fr-lu-tax-34-days", 34),
    ],
)
def test_luxembourg_29_days_until_2022_then_34(year: int, threshold: str, limit: int) -> None:
    found = [t for t in TABLE.for_pair("FR", "LU", year) if t.kind is ThresholdKind.DAYS]
    assert [(t.id, t.limit) for t in found] == [(threshold, limit)]


def test_switzerland_counts_up_to_ten_business_trip_days_inside_the_40_percent() -> None:
    ch = TABLE.get("fr-ch-tax-40-percent")
    assert (ch.limit, ch.valid_from, ch.business_days_inside) == (
        Fraction(2, 5),
        date(2023, 1, 1),
        10,
    )
    assert "24 July 2025" in ch.note
    calendar = Calendar(country="CH")
    mondays = [
        d for d in year_range(2025) if d.weekday() == 0 and FULL_TIME.is_working_day(d, calendar)
    ]
    tuesdays = [
        d for d in year_range(2025) if d.weekday() == 1 and FULL_TIME.is_working_day(d, calendar)
    ]
    telework = [(d, Fraction(1)) for d in mondays[:20]]
    trips = tuesdays[:15]  # 15 trips: only the first 10 count
    report = crossborder_report(
        residence="FR",
        work="CH",
        contract=FULL_TIME,
        calendar=calendar,
        telework_days=telework,
        as_of=date(2025, 12, 31),
        business_days=trips,
    )
    counter = report.counter("fr-ch-tax-40-percent")
    assert counter.business_days == 10
    assert counter.used == 30
    # other thresholds do not count business trips
    assert report.counter("eu-framework-50-percent").used == 20
    without = crossborder_report(
        residence="FR",
        work="CH",
        contract=FULL_TIME,
        calendar=calendar,
        telework_days=telework,
        as_of=date(2025, 12, 31),
    )
    assert without.counter("fr-ch-tax-40-percent").used == 20


def week_days(start: date) -> list[date]:
    return [start + timedelta(days=n) for n in range(5)]


def test_monaco_is_a_weekly_rule_with_a_warning_per_week() -> None:
    mc = TABLE.get("fr-mc-social-security-one-third-on-site")
    assert (mc.kind, mc.limit, mc.status) == (
        ThresholdKind.WEEKLY_ON_SITE,
        Fraction(1, 3),
        FigureStatus.REPORTED,
    )
    calendar = Calendar(country="MC")
    # week of 2025-03-03: 5 working days, 3 teleworked -> 2 on site >= 5/3: fine
    # week of 2025-03-10: 4 teleworked -> 1 on site < 5/3: warning
    # week of 2025-03-17: 4 teleworked -> warning
    telework = [(d, Fraction(1)) for d in week_days(date(2025, 3, 3))[:3]]
    telework += [(d, Fraction(1)) for d in week_days(date(2025, 3, 10))[:4]]
    telework += [(d, Fraction(1)) for d in week_days(date(2025, 3, 17))[:4]]
    report = crossborder_report(
        residence="FR",
        work="MC",
        contract=FULL_TIME,
        calendar=calendar,
        telework_days=telework,
        as_of=date(2025, 3, 12),
    )
    counter = report.counter(mc.id)
    assert [w.week.start for w in counter.breached_weeks] == [date(2025, 3, 10), date(2025, 3, 17)]
    first = next(w for w in counter.weeks if w.week.start == date(2025, 3, 3))
    assert (first.working_time, first.telework, first.on_site, first.required) == (
        5,
        3,
        2,
        Fraction(5, 3),
    )
    assert counter.crossed_as_of
    assert counter.crossed_projected
    assert [w.day for w in report.warnings] == [date(2025, 3, 10), date(2025, 3, 17)]
    assert report.warnings[0].param("on_site") == 1
    assert "week of 2025-03-10" in report.warnings[0].message
    # a booking that keeps two days on site passes; the one that leaves one day warns
    assert (
        crossborder_rule(
            residence="FR",
            work="MC",
            contract=FULL_TIME,
            calendar=calendar,
            telework_days=telework[:2],
            day=date(2025, 3, 5),
        )
        == ()
    )
    [v] = crossborder_rule(
        residence="FR",
        work="MC",
        contract=FULL_TIME,
        calendar=calendar,
        telework_days=telework[:3],
        day=date(2025, 3, 6),
    )
    assert v.day == date(2025, 3, 3)
    assert "2 weeks" not in counter.describe()


def test_every_threshold_has_a_consulted_source_and_a_status() -> None:
    for t in TABLE.thresholds:
        assert any(s.consulted is not None for s in t.sources), t.id
        assert t.status in set(FigureStatus)


def test_a_booking_that_crosses_the_40_percent_only_with_business_trips() -> None:
    calendar = Calendar(country="CH")
    days = [d for d in year_range(2025) if FULL_TIME.is_working_day(d, calendar)]
    limit = TABLE.get("fr-ch-tax-40-percent").limit * len(days)  # 40 % of the working days
    whole_days = int(limit)  # the most telework days that stay within it
    trips = days[-10:]

    def swiss(telework: list[date], day: date, business: list[date]) -> list[Fraction]:
        found = crossborder_rule(
            residence="FR",
            work="CH",
            contract=FULL_TIME,
            calendar=calendar,
            telework_days=[(d, Fraction(1)) for d in telework],
            day=day,
            business_days=business,
        )
        return [v.param("counted") for v in found if v.param("threshold") == "fr-ch-tax-40-percent"]

    # whole_days - 11 telework days, then one more: within the limit without trips...
    assert swiss(days[: whole_days - 11], days[whole_days - 11], []) == []
    # ...and with the 10 trips, whole_days counted: still within 40 %
    assert swiss(days[: whole_days - 11], days[whole_days - 11], trips) == []
    # one day more crosses, with the trips counted inside
    assert swiss(days[: whole_days - 10], days[whole_days - 10], trips) == [whole_days + 1]
    assert swiss(days[: whole_days - 10], days[whole_days - 10], []) == []
    # 15 trips count as 10
    assert swiss(days[: whole_days - 10], days[whole_days - 10], days[-15:]) == [whole_days + 1]
