"""iCalendar export: events an agenda reads back, stable UIDs, half-day hours in the zone."""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
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
    dump_lines,
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


# -- teleaccord ical (through the command's entry point) --------------------------------------


def _cli(capsys: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, bytes]:
    from teleaccord.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_ical_command_exports_a_ledger_file(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    ledger = ledger_of("E042")
    at = datetime(2024, 2, 1, 9, tzinfo=ZoneInfo("Europe/Paris"))
    kept = ledger.book(date(2024, 3, 5), at=at, by="E042")
    gone = ledger.book(date(2024, 3, 7), half=HalfDay.AFTERNOON, at=at, by="E042")
    ledger.cancel(gone.entry_id, at=at + timedelta(hours=1), by="E042")
    half = ledger.book(date(2024, 3, 8), half=HalfDay.MORNING, at=at, by="E042")
    path = tmp_path / "E042.jsonl"
    path.write_text(ledger.to_jsonl(), encoding="utf-8")
    code, out, err = _cli(capsysbinary, "ical", str(path), "--morning", "08:30-12:00")
    assert (code, err) == (0, b"")
    found = {str(e["UID"]): e for e in events(out)}
    assert set(found) == {f"{kept.entry_id}@teleaccord", f"{half.entry_id}@teleaccord"}
    morning = found[f"{half.entry_id}@teleaccord"].decoded("DTSTART")
    assert morning == datetime(2024, 3, 8, 8, 30, tzinfo=ZoneInfo("Europe/Paris"))
    # the stamp is the latest time recorded (the cancellation): same files, same calendar
    assert found[f"{kept.entry_id}@teleaccord"].decoded("DTSTAMP") == at + timedelta(hours=1)
    assert _cli(capsysbinary, "ical", str(path), "--morning", "08:30-12:00")[1] == out


def test_the_ical_command_exports_a_bookings_file_for_some_employees(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    bookings = tmp_path / "bookings.csv"
    bookings.write_text(
        "employee;date;half;status;id\n"
        "ana;2024-03-04;;booked;B1\n"
        "ana;2024-03-05;am;booked;B2\n"
        "ana;2024-03-05;am;cancelled;B2\n"
        "max;2024-03-06;;booked;B3\n"
        "zoe;2024-04-02;;booked;\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "team.ics"
    code, out, err = _cli(
        capsysbinary,
        "ical",
        str(bookings),
        "--only",
        "ana",
        "zoe",
        "--to",
        "2024-03-31",
        "--stamp",
        "2024-03-01T08:00:00Z",
        "--domain",
        "example.org",
        "-o",
        str(out_file),
    )
    assert (code, err) == (0, b"")
    assert out == f"{out_file}: 1 telework events.\n".encode()
    assert list(starts(out_file.read_bytes())) == ["B1@example.org"]


def test_the_ical_command_refuses_bad_input_with_the_option_at_fault(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    headerless = tmp_path / "entries.jsonl"
    ledger = ledger_of("ana")
    headerless.write_text(dump_lines(ledger.entries), encoding="utf-8")
    for argv, message in [
        ([str(headerless)], b"give --employee"),
        ([str(headerless), "--employee", "ana", "--afternoon", "18:00-14:00"], b"--afternoon:"),
        ([str(headerless), "--employee", "ana", "--stamp", "tomorrow"], b"--stamp:"),
    ]:
        code, out, err = _cli(capsysbinary, "ical", *argv)
        assert (code, out) == (2, b"")
        assert message in err
