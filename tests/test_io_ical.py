"""iCalendar export: events an agenda reads back, stable UIDs, half-day hours in the zone."""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    Calendar,
    Contract,
    DateRange,
    HalfDay,
    InvalidValue,
    Quota,
    QuotaLedger,
    TeleaccordError,
    export_ical,
    year_range,
)

icalendar = pytest.importorskip("icalendar")

STAMP = datetime(2024, 6, 1, 8, 0, tzinfo=timezone.utc)
AGREEMENT = Agreement(
    name="100 days", granularity="half-day", quotas=[Quota(window="period", maximum=100)]
)


def events(ics: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def starts(ics: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e.decoded("DTSTART") for e in events(ics)}


def ledger_of(employee: str) -> QuotaLedger:
    contract = Contract.from_amendments(employee=employee, hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=AGREEMENT, contract=contract, calendar=Calendar())
    at = datetime(2024, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
    ledger.grant(year_range(2024), at=at, by="hr")
    return ledger


def test_a_whole_day_is_an_all_day_event_and_a_half_day_a_timed_one_in_the_zone() -> None:
    ics = export_ical(
        [("E1", date(2024, 7, 2), None), ("E1", date(2024, 7, 4), HalfDay.AFTERNOON)],
        stamp=STAMP,
    )
    whole, half = events(ics)
    assert whole.decoded("DTSTART") == date(2024, 7, 2)
    assert whole.decoded("DTEND") == date(2024, 7, 3)  # the end of an all-day event is exclusive
    start, end = half.decoded("DTSTART"), half.decoded("DTEND")
    assert (start.time(), end.time()) == (time(13, 30), time(17, 30))
    assert start.utcoffset() == timedelta(hours=2)  # Paris in summer
    assert str(half["SUMMARY"]) == "Telework (afternoon)"
    assert str(whole["TRANSP"]) == "TRANSPARENT"
    assert whole.decoded("DTSTAMP") == STAMP


def test_half_days_use_the_agreement_time_zone_and_the_hours_given() -> None:
    cayenne = Agreement(name="x", timezone="America/Cayenne")
    ics = export_ical(
        [("E1", "2024-03-05", "am")],
        stamp=STAMP,
        agreement=cayenne,
        morning=(time(8), time(12)),
    )
    (event,) = events(ics)
    start = event.decoded("DTSTART")
    assert start == datetime(2024, 3, 5, 8, tzinfo=ZoneInfo("America/Cayenne"))
    assert event.decoded("DTEND") - start == timedelta(hours=4)
    assert b"TZID=America/Cayenne" in ics


def test_active_bookings_of_ledgers_are_exported_with_their_booking_ids() -> None:
    ana, max_ = ledger_of("ana"), ledger_of("max")
    at = datetime(2024, 2, 1, 9, tzinfo=timezone.utc)
    b1 = ana.book(date(2024, 3, 5), at=at, by="ana")
    b2 = ana.book(date(2024, 3, 7), half=HalfDay.MORNING, at=at, by="ana")
    b3 = max_.book(date(2024, 3, 5), at=at, by="max")
    ana.cancel(b2.entry_id, at=at, by="ana")
    ics = export_ical(ledgers=[ana, max_], stamp=STAMP, domain="example.org")
    assert set(starts(ics)) == {f"{b1.entry_id}@example.org", f"{b3.entry_id}@example.org"}
    assert sorted(str(e["SUMMARY"]) for e in events(ics)) == ["Telework: ana", "Telework: max"]


def test_uids_are_stable_from_one_export_to_the_next() -> None:
    ledger = ledger_of("ana")
    at = datetime(2024, 2, 1, 9, tzinfo=timezone.utc)
    ledger.book(date(2024, 3, 5), at=at, by="ana")
    first = export_ical(ledgers=[ledger], stamp=STAMP)
    ledger.book(date(2024, 3, 6), at=at, by="ana")
    second = export_ical(ledgers=[ledger], stamp=STAMP + timedelta(days=1))
    assert set(starts(first)) < set(starts(second))


def test_a_day_given_twice_is_one_event_and_the_booking_wins() -> None:
    ledger = ledger_of("ana")
    booking = ledger.book(
        date(2024, 3, 5), at=datetime(2024, 2, 1, 9, tzinfo=timezone.utc), by="ana"
    )
    ics = export_ical([("ana", date(2024, 3, 5), None)], ledgers=[ledger], stamp=STAMP)
    assert list(starts(ics)) == [f"{booking.entry_id}@teleaccord"]


def test_an_item_may_give_its_booking_id_for_the_uid() -> None:
    ics = export_ical([("ana", date(2024, 3, 5), "am", "B-17")], stamp=STAMP, domain="x.org")
    assert list(starts(ics)) == ["B-17@x.org"]


def test_the_period_and_the_names_are_chosen_by_the_caller() -> None:
    days = [("ana", date(2024, 3, d), None) for d in (4, 5, 6)]
    ics = export_ical(days, stamp=STAMP, period=DateRange(date(2024, 3, 5), date(2024, 3, 31)))
    assert sorted(starts(ics).values()) == [date(2024, 3, 5), date(2024, 3, 6)]
    assert {str(e["SUMMARY"]) for e in events(ics)} == {"Telework"}
    named = export_ical(days, stamp=STAMP, show_names=True, summary="Télétravail")
    assert {str(e["SUMMARY"]) for e in events(named)} == {"Télétravail: ana"}


def test_bad_input_is_refused_with_the_field_at_fault() -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"stamp": datetime(2024, 6, 1)}, "stamp"),
        ({"days": [("ana", date(2024, 3, 5), "evening")]}, "days[0].half"),
        ({"days": [("", date(2024, 3, 5), None)]}, "days[0].employee"),
        ({"days": [("ana", "2024-02-30", None)]}, "days[0].day"),
        ({"days": [("ana",)]}, "days[0]"),
        ({"days": [("ana", date(2024, 3, 5), None, "")]}, "days[0].booking_id"),
        ({"morning": (time(12), time(9))}, "morning"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ]
    for kwargs, field in cases:
        arguments: dict[str, Any] = {"stamp": STAMP, **kwargs}
        with pytest.raises(InvalidValue) as caught:
            export_ical(**arguments)
        assert caught.value.field == field


def test_without_the_icalendar_package_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(TeleaccordError, match=r"pip install 'teleaccord\[ical\]'") as caught:
        export_ical([("ana", date(2024, 3, 5), None)], stamp=STAMP)
    assert caught.value.code == "missing_dependency"


items = st.lists(
    st.tuples(
        st.sampled_from(["ana", "max", "E042"]),
        st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
        st.sampled_from([None, "am", "pm"]),
    ),
    max_size=8,
)


@given(items)
def test_every_distinct_item_is_one_event_of_the_right_length(
    days: list[tuple[str, date, str | None]],
) -> None:
    ics = export_ical(days, stamp=STAMP)
    found = events(ics)
    assert len(found) == len(set(days))
    assert len({str(e["UID"]) for e in found}) == len(found)
    for event in found:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if isinstance(start, datetime):
            assert end - start in (timedelta(hours=3, minutes=30), timedelta(hours=4))
        else:
            assert end - start == timedelta(days=1)
