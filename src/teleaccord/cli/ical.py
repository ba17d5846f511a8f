"""``teleaccord ical``: export telework days to an iCalendar (.ics) file for people's agendas.

Read the active bookings (not cancelled) of ledgers (JSON Lines) or bookings files (CSV) and
write them as an iCalendar file: an all-day event for a whole day, a timed event for a
half-day, at the given hours in the agreement's time zone. Each event's UID comes from its
booking id, so importing a newer export updates agendas instead of duplicating events. Needs
the optional icalendar package (pip install 'teleaccord[ical]').

Examples::

    teleaccord ical ledger-E042.jsonl -o E042.ics
    teleaccord ical bookings.csv --only E042 E043 --from 2025-01-01 --to 2025-06-30
    teleaccord ical bookings.csv --agreement agreement.toml --morning 08:30-12:00
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime, time
from typing import Any

from teleaccord.cli import options
from teleaccord.dates import DateRange, parse_date
from teleaccord.errors import InvalidValue
from teleaccord.io.csv import read_bookings
from teleaccord.io.ical import export_ical
from teleaccord.io.json import load_lines
from teleaccord.io.output import STDIO, check_output_path, open_binary_output
from teleaccord.ledger import Booking, Cancellation

__all__ = ["OPTION_NAMES", "arguments", "run"]


def _hours(value: str, option: str) -> tuple[time, time]:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", value)
    if match:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2):
            return time(h1, m1), time(h2, m2)
    msg = f"{option}: expected a start and a later end such as 09:00-12:30, got {value!r}."
    raise InvalidValue(msg, field=option, code="invalid_hours")


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord ical``."""
    options.add_files(
        parser,
        (
            "ledgers as JSON Lines (.jsonl, as QuotaLedger.to_jsonl writes them) or "
            "bookings files (.csv, the bookings format): their active bookings are exported"
        ),
    )
    parser.add_argument(
        "--employee",
        metavar="ID",
        default=None,
        help="the employee of JSON Lines files that do not name theirs (no ledger header)",
    )
    parser.add_argument(
        "--only",
        metavar="ID",
        nargs="+",
        action="extend",
        default=[],
        help="export only these employees (default: everyone in the files)",
    )
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day exported")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day exported")
    options.add_agreement(parser, "none; its time zone places the half-days, else --timezone")
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="an IANA time zone for the half-days instead (default: Europe/Paris)",
    )
    parser.add_argument(
        "--morning",
        metavar="HH:MM-HH:MM",
        default="09:00-12:30",
        help="the hours a morning shows in agendas (default: 09:00-12:30)",
    )
    parser.add_argument(
        "--afternoon",
        metavar="HH:MM-HH:MM",
        default="13:30-17:30",
        help="the hours an afternoon shows in agendas (default: 13:30-17:30)",
    )
    parser.add_argument("--name", default="Telework", help="the calendar's name")
    parser.add_argument(
        "--summary", default="Telework", help="the events' title (default: Telework)"
    )
    parser.add_argument(
        "--domain",
        default="teleaccord",
        help="your domain name, the right-hand side of the events' UIDs",
    )
    parser.add_argument(
        "--stamp",
        metavar="DATETIME",
        help=(
            "when the export is made, with its UTC offset (default: the latest time "
            "recorded in the files, so the same files give the same calendar)"
        ),
    )
    options.add_output(parser, "the calendar")


_Found = tuple[list[tuple[Any, ...]], list[datetime]]


def _from_jsonl(path: str, employee: str | None) -> _Found:
    """The active bookings of a ledger file, and when its entries were recorded."""
    try:
        with open(path, "rb") as handle:
            text = handle.read()
    except OSError as error:
        msg = f"{path}: cannot read the file ({error.strerror})."
        raise InvalidValue(msg, field="files", code="unreadable_file") from None
    first = text.split(b"\n", 1)[0]
    try:
        header = json.loads(first) if first.strip() else None
    except (ValueError, RecursionError):  # load_lines below reports what is wrong
        header = None
    if isinstance(header, dict) and header.get("type") == "ledger":
        employee = str(header.get("employee") or "") or employee
    if not employee:
        msg = f"{path}: the file does not name its employee; give --employee."
        raise InvalidValue(msg, field="--employee", code="missing_employee")
    entries: list[Any] = load_lines(text, source=path)
    cancelled = {e.booking_id for e in entries if isinstance(e, Cancellation)}
    items = [
        (employee, b.day, b.half, b.entry_id)
        for b in entries
        if isinstance(b, Booking) and b.entry_id not in cancelled
    ]
    return items, [e.recorded_at for e in entries]


def _from_csv(path: str) -> _Found:
    """The active bookings of a bookings file, and when its rows were recorded."""
    active: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    recorded: list[datetime] = []
    for row in read_bookings(path):
        key = (row.employee, row.booking_id or (row.day, row.half))
        if row.status == "cancelled":
            active.pop(key, None)
        else:
            active[key] = (row.employee, row.day, row.half, row.booking_id)
        if row.recorded_at is not None:
            recorded.append(row.recorded_at)
    return list(active.values()), recorded


def _stamp_of(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        msg = (
            f"--stamp: expected a date and time with its UTC offset such as "
            f"2025-03-01T09:00:00+01:00, got {text!r}."
        )
        raise InvalidValue(msg, field="--stamp", code="invalid_datetime") from None


def run(args: argparse.Namespace) -> int:
    """``teleaccord ical``: telework days from ledgers or bookings files as an .ics calendar."""
    morning = _hours(args.morning, "--morning")
    afternoon = _hours(args.afternoon, "--afternoon")
    stamp = _stamp_of(args.stamp) if args.stamp else None
    if args.output and args.output != STDIO:
        check_output_path(args.output, inputs=args.files)
    start = parse_date(args.start, field="--from") if args.start else date.min
    end = parse_date(args.end, field="--to") if args.end else date.max
    period = DateRange(start, end)
    agreement = options.agreement_named(args.agreement) if args.agreement else None
    items: list[tuple[Any, ...]] = []
    recorded: list[datetime] = []
    for path in args.files:
        found, times = (
            _from_csv(path) if path.lower().endswith(".csv") else _from_jsonl(path, args.employee)
        )
        items.extend(found)
        recorded.extend(times)
    if stamp is None:
        if not recorded:
            msg = (
                "--stamp: the files do not say when they were recorded; give the time of "
                "the export, such as 2025-03-01T09:00:00+01:00."
            )
            raise InvalidValue(msg, field="--stamp", code="missing_stamp")
        stamp = max(recorded)  # the latest change: the same files give the same calendar
    wanted = set(args.only)
    calendar = export_ical(
        [i for i in items if (not wanted or i[0] in wanted) and i[1] in period],
        stamp=stamp,
        agreement=agreement,
        timezone=args.timezone,
        morning=morning,
        afternoon=afternoon,
        name=args.name,
        summary=args.summary,
        domain=args.domain,
    )
    if args.output and args.output != STDIO:
        with open_binary_output(args.output, inputs=args.files) as handle:
            handle.write(calendar)
        print(f"{args.output}: {calendar.count(b'BEGIN:VEVENT')} telework events.")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(calendar)
        sys.stdout.buffer.flush()
    return options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (("timezone", "--timezone"), ("stamp", "--stamp"))
"""The option to name when an error's field is one of these keys."""
