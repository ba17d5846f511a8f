"""iCalendar export: telework days in people's agendas.

:func:`export_ical` writes an ``.ics`` calendar (RFC 5545) of one employee's or a whole team's
telework days, read from ledgers (their active bookings) or given as ``(employee, day, half)``
items. A whole day is an all-day event; a half-day is a timed event in the agreement's time
zone, at configurable hours (9:00-12:30 and 13:30-17:30 by default). Events are transparent
(telework does not make anyone busy) and their UIDs are stable: ``<booking id>@<domain>`` for
a booking, ``<employee>/<day>/<half>@<domain>`` for a plain item, so re-importing an updated
export updates the events instead of duplicating them.

The ``icalendar`` package is optional: install the ``ical`` extra
(``pip install 'teleaccord[ical]'``).

>>> from datetime import date, datetime, timezone
>>> from teleaccord import export_ical
>>> import pytest; _ = pytest.importorskip("icalendar")  # the examples need the ical extra
>>> ics = export_ical([("E042", date(2024, 3, 5), None), ("E042", date(2024, 3, 7), "pm")],
...                   stamp=datetime(2024, 3, 1, 9, tzinfo=timezone.utc))
>>> [line for line in ics.decode().splitlines() if line.startswith(("DTSTART;", "UID"))]
['DTSTART;VALUE=DATE:20240305', 'UID:E042/2024-03-05/day@teleaccord', 'DTSTART;TZID=Europe/Paris:20240307T133000', 'UID:E042/2024-03-07/pm@teleaccord']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from teleaccord._version import __version__
from teleaccord.agreement import Agreement
from teleaccord.dates import DateRange, check_year, parse_date, parse_zone
from teleaccord.errors import InvalidValue
from teleaccord.extras import import_extra
from teleaccord.ledger import QuotaLedger
from teleaccord.pattern import HalfDay

__all__ = ["DEFAULT_AFTERNOON", "DEFAULT_MORNING", "export_ical"]

DEFAULT_MORNING = (time(9, 0), time(12, 30))
"""The hours a morning of telework shows in an agenda, unless told otherwise."""
DEFAULT_AFTERNOON = (time(13, 30), time(17, 30))
"""The hours an afternoon of telework shows in an agenda, unless told otherwise."""

_UTC = timezone.utc
_HALF_NAMES = {None: "day", HalfDay.MORNING: "am", HalfDay.AFTERNOON: "pm"}
_HALF_WORDS = {HalfDay.MORNING: "morning", HalfDay.AFTERNOON: "afternoon"}


def _icalendar() -> Any:
    """The ``icalendar`` package, imported only when an export is asked for."""
    msg = (
        "iCalendar export needs the optional package 'icalendar'; install it with "
        "pip install 'teleaccord[ical]'."
    )
    return import_extra("icalendar", msg, field="icalendar")


def _hours(value: Sequence[time], field: str) -> tuple[time, time]:
    if (
        len(value) != 2
        or not all(isinstance(t, time) and t.tzinfo is None for t in value)
        or not value[0] < value[1]
    ):
        msg = (
            f"{field}: give the start and end of the half-day as two times of day, the start "
            f"first, such as (time(9, 0), time(12, 30)); got {tuple(value)!r}."
        )
        raise InvalidValue(msg, field=field, code="invalid_hours")
    return (value[0], value[1])


def _half(value: Any, field: str) -> HalfDay | None:
    if value is None or isinstance(value, HalfDay):
        return value
    if isinstance(value, str) and value.strip().lower() in ("am", "pm"):
        return HalfDay(value.strip().lower())
    msg = f"{field}: expected 'am' (morning), 'pm' (afternoon) or None (whole day), got {value!r}."
    raise InvalidValue(msg, field=field, code="invalid_half_day")


def _items(days: Iterable[Any]) -> list[tuple[str, date, HalfDay | None, str | None]]:
    """``(employee, day, half[, booking id])`` items, checked, with the id ``None`` if absent."""
    found: list[tuple[str, date, HalfDay | None, str | None]] = []
    for n, item in enumerate(days):
        where = f"days[{n}]"
        if not isinstance(item, (tuple, list)) or len(item) not in (3, 4):
            msg = f"{where}: expected an (employee, day, half) item, got {item!r}."
            raise InvalidValue(msg, field=where, code="invalid_item")
        employee, day, half = item[:3]
        booking = item[3] if len(item) == 4 else None
        if not isinstance(employee, str) or not employee.strip():
            msg = f"{where}.employee: expected a non-empty employee id, got {employee!r}."
            raise InvalidValue(msg, field=f"{where}.employee", code="missing_employee")
        if booking is not None and (not isinstance(booking, str) or not booking.strip()):
            msg = f"{where}.booking_id: expected a non-empty booking id or None, got {booking!r}."
            raise InvalidValue(msg, field=f"{where}.booking_id", code="invalid_item")
        found.append(
            (
                employee.strip(),
                parse_date(day, field=f"{where}.day"),
                _half(half, f"{where}.half"),
                None if booking is None else booking.strip(),
            )
        )
    return found


def _uid(employee: str, day: date, half: HalfDay | None, booking: str | None, domain: str) -> str:
    if booking is not None:
        return f"{booking}@{domain}"
    return f"{employee}/{day.isoformat()}/{_HALF_NAMES[half]}@{domain}"


MAX_TEXT = 200
"""The longest name, title, domain or employee id written into a calendar."""


def _one_line(value: str, field: str) -> str:
    """A text for one iCalendar property: one line, no control characters, not too long."""
    if not isinstance(value, str) or any(ord(c) < 32 or ord(c) == 127 for c in value):
        msg = f"{field}: expected one line of text without control characters, got {value!r:.80}."
        raise InvalidValue(msg, field=field, code="invalid_text")
    if len(value) > MAX_TEXT:
        msg = f"{field}: the text has {len(value)} characters; at most {MAX_TEXT} are allowed."
        raise InvalidValue(msg, field=field, code="too_long")
    return value


def export_ical(
    days: Iterable[tuple[Any, ...]] = (),
    *,
    ledgers: Iterable[QuotaLedger] = (),
    period: DateRange | None = None,
    stamp: datetime,
    agreement: Agreement | None = None,
    timezone: str | None = None,
    morning: Sequence[time] = DEFAULT_MORNING,
    afternoon: Sequence[time] = DEFAULT_AFTERNOON,
    name: str = "Telework",
    summary: str = "Telework",
    show_names: bool | None = None,
    domain: str = "teleaccord",
) -> bytes:
    """An iCalendar file of telework days: all-day events for whole days, timed events for
    half-days.

    Args:
        days: ``(employee, day, half)`` items; ``half`` is ``None`` (whole day), ``"am"`` or
            ``"pm"`` (or a :class:`~teleaccord.pattern.HalfDay`). A fourth item, the booking's
            id, gives the event its UID.
        ledgers: ledgers whose active bookings (not cancelled) are exported, with UIDs from
            their booking ids; the ledgers come first when a day is in both.
        period: only the days in this range (default: all).
        stamp: when the export is made (``DTSTAMP``), timezone-aware: teleaccord reads no
            clock.
        agreement: the agreement whose time zone places the half-days (``Europe/Paris`` if
            neither it nor ``timezone`` is given).
        timezone: an IANA time zone name, instead of the agreement's.
        morning, afternoon: the hours a half-day shows, as ``(start, end)`` times of day.
        name: the calendar's name (``X-WR-CALNAME``).
        summary: the events' title; the employee's id is added for a team (see
            ``show_names``) and the half for half-days (``Telework (morning)``).
        show_names: add the employee id to titles; by default only when the export holds more
            than one employee.
        domain: the right-hand side of the UIDs (your organisation's domain name).

    Returns:
        The calendar as bytes (UTF-8, CRLF line ends), ready to write to an ``.ics`` file.

    Raises:
        TeleaccordError: ``icalendar`` is not installed (``missing_dependency``).
        InvalidValue: a bad item, hours, time zone, or a naive ``stamp``.

    >>> from datetime import datetime, timezone
    >>> from teleaccord import export_ical
    >>> import pytest; _ = pytest.importorskip("icalendar")  # the example needs the ical extra
    >>> ics = export_ical([("ana", "2024-06-03", None), ("max", "2024-06-04", "am")],
    ...                   stamp=datetime(2024, 6, 1, tzinfo=timezone.utc))
    >>> [line for line in ics.decode().splitlines() if line.startswith("SUMMARY")]
    ['SUMMARY:Telework: ana', 'SUMMARY:Telework (morning): max']
    """
    name, summary, domain = (
        _one_line(name, "name"),
        _one_line(summary, "summary"),
        _one_line(domain, "domain"),
    )
    if not isinstance(stamp, datetime) or stamp.tzinfo is None or stamp.utcoffset() is None:
        msg = f"stamp: expected a timezone-aware datetime (when the export is made), got {stamp!r}."
        raise InvalidValue(msg, field="stamp", code="naive_datetime")
    zone = parse_zone(timezone or (agreement.timezone if agreement is not None else "Europe/Paris"))
    hours = {
        HalfDay.MORNING: _hours(morning, "morning"),
        HalfDay.AFTERNOON: _hours(afternoon, "afternoon"),
    }
    items: list[tuple[str, date, HalfDay | None, str | None]] = []
    for ledger in ledgers:
        items.extend(
            (ledger.employee, b.day, b.half, b.entry_id) for b in ledger.active_bookings(period)
        )
    items.extend(i for i in _items(days) if period is None or i[1] in period)
    ical = _icalendar()
    seen: set[tuple[str, date, HalfDay | None]] = set()
    unique: list[tuple[str, date, HalfDay | None, str | None]] = []
    for employee, day, half, booking in items:
        _one_line(employee, "employee")
        check_year(day.year, field="day")
        if (employee, day, half) not in seen:
            seen.add((employee, day, half))
            unique.append((employee, day, half, booking))
    order = {None: 0, HalfDay.MORNING: 1, HalfDay.AFTERNOON: 2}
    unique.sort(key=lambda i: (i[1], order[i[2]], i[0]))
    names = show_names if show_names is not None else len({i[0] for i in unique}) > 1

    calendar = ical.Calendar()
    calendar.add("prodid", f"-//teleaccord//teleaccord {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    utc_stamp = stamp.astimezone(_UTC)  # RFC 5545 writes DTSTAMP in UTC
    for employee, day, half, booking in unique:
        event = ical.Event()
        title = summary if half is None else f"{summary} ({_HALF_WORDS[half]})"
        event.add("summary", f"{title}: {employee}" if names else title)
        event.add("uid", _uid(employee, day, half, booking, domain))
        event.add("dtstamp", utc_stamp)
        if half is None:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        else:
            start, end = hours[half]
            event.add("dtstart", datetime.combine(day, start, tzinfo=zone))
            event.add("dtend", datetime.combine(day, end, tzinfo=zone))
        event.add("transp", "TRANSPARENT")
        event.add("categories", [summary])
        calendar.add_component(event)
    timed = [i[1] for i in unique if i[2] is not None]
    if timed and hasattr(calendar, "add_missing_timezones"):
        # icalendar >= 6.1 writes the zone's VTIMEZONE, here for the years the events span;
        # older versions leave it to the agenda, which knows IANA zone names.
        calendar.add_missing_timezones(
            first_date=date(min(timed).year, 1, 1), last_date=date(max(timed).year + 1, 1, 1)
        )
    data: bytes = calendar.to_ical()
    return data
