"""``teleaccord minimums``: who was below the on-site minimum or a telework minimum, and when.

Report, per employee and team, each week (or month, or any window the agreement counts over)
of a range in which an employee was on site fewer days than the agreement's on-site minimum
requires, or teleworked fewer days than a quota's minimum, with the figures. Minimums are
planning checks, never booking refusals: the report says where the plan falls short. The
data come from the contracts, bookings and (optionally) absences CSV files; the bookings are
taken as stored, not checked again; an absence cancels the bookings it overlaps, as in the
ledger. Exit code 1 when a shortfall is found.

Examples::

    teleaccord minimums --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --from 2025-01-01 --to 2025-03-31
    teleaccord minimums --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --absences absences.csv --from 2025-06-01 --to 2025-06-30 --format csv
    teleaccord minimums --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --from 2025-01-01 --to 2025-12-31 --team claims --format json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from typing import Any

from teleaccord.agreement import Agreement
from teleaccord.calendars import Calendar
from teleaccord.cli import options
from teleaccord.dates import DateRange
from teleaccord.errors import InvalidValue, TeleaccordError
from teleaccord.io.convert import unstructure
from teleaccord.io.csv import read_absences, read_bookings, read_contracts
from teleaccord.io.output import neutralise_row
from teleaccord.ledger import Booking, Cancellation, QuotaLedger
from teleaccord.minimums import MinimumsReport, minimums_report
from teleaccord.versions import AgreementHistory
from teleaccord.workforce import CANCELLED

__all__ = ["OPTION_NAMES", "arguments", "run"]

_CLI_AT = "2000-01-01T00:00:00+00:00"  # when replayed bookings and absences are said recorded
_COLUMNS = (
    "employee",
    "team",
    "minimum",
    "pool",
    "window",
    "start",
    "end",
    "worked",
    "actual",
    "required",
    "missing",
)


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord minimums``."""
    data = parser.add_argument_group("data")
    options.add_agreement(data, "the sample agreement")
    options.add_data_files(data, "contracts", "bookings", "absences")
    options.add_encoding(data)
    when = parser.add_argument_group("range")
    when.add_argument("--from", dest="start", metavar="DATE", required=True, help="first day")
    when.add_argument("--to", dest="end", metavar="DATE", required=True, help="last day")
    who = parser.add_argument_group("who")
    who.add_argument("--employee", metavar="ID", default=None, help="only this employee")
    who.add_argument("--team", metavar="TEAM", default=None, help="only this team")
    options.add_region(parser.add_argument_group("calendar"))
    out = parser.add_argument_group("output")
    options.add_format(out, "table", "csv", "json")
    options.add_output(out, "the report")
    options.add_numbers(out)


def _ledgers(
    args: argparse.Namespace, agreement: Agreement | AgreementHistory, calendar: Calendar
) -> Iterator[QuotaLedger]:
    """One ledger per employee of the contracts file, holding their bookings (as stored) and
    their absences (which cancel the bookings they overlap)."""
    if not args.contracts:
        msg = "--contracts: give the contracts CSV of the employees to report on."
        raise InvalidValue(msg, field="--contracts", code="missing_file")
    at = options.aware_datetime(_CLI_AT, "at")
    bookings: dict[str, list[Any]] = {}
    if args.bookings:
        for row in read_bookings(args.bookings, encoding=args.encoding):
            bookings.setdefault(row.employee, []).append(row)
    absences: dict[str, list[Any]] = {}
    if args.absences:
        for arow in read_absences(args.absences, encoding=args.encoding):
            absences.setdefault(arow.employee, []).append(arow.absence)
    for ec in read_contracts(args.contracts, encoding=args.encoding):
        employee = ec.employee
        if args.employee and employee != args.employee:
            continue
        ledger = QuotaLedger(agreement=agreement, contract=ec.contract, calendar=calendar)
        ids: dict[object, str] = {}
        for n, row in enumerate(bookings.get(employee, ()), start=1):
            key: object = row.booking_id or (row.day, row.half)
            try:
                if row.status == CANCELLED:
                    if key in ids:
                        booking = ledger.entry(ids.pop(key))
                        ledger.replay(
                            Cancellation(
                                entry_id=f"cli-cancel-{n}",
                                booking_id=booking.entry_id,
                                day=booking.day,
                                amount=getattr(booking, "amount", 1),
                                recorded_at=at,
                                by="cli",
                            )
                        )
                    continue
                entry_id = row.booking_id or f"cli-booking-{n}"
                ledger.replay(
                    Booking(entry_id=entry_id, day=row.day, half=row.half, recorded_at=at, by="cli")
                )
                ids[key] = entry_id
            except TeleaccordError as exc:
                print(
                    f"teleaccord minimums: {args.bookings}:{row.line}: {exc}; the row is skipped.",
                    file=sys.stderr,
                )
        for absence in absences.get(employee, ()):
            try:
                ledger.record_absence(absence, at=at, by="cli")
            except TeleaccordError as exc:
                print(f"teleaccord minimums: {args.absences}: {exc}", file=sys.stderr)
        yield ledger


def _rows(report: MinimumsReport, show: Any) -> Iterator[list[str]]:
    for s in report.shortfalls:
        yield [
            s.employee,
            s.team or "",
            s.minimum,
            s.pool,
            s.label,
            s.window.start.isoformat(),
            s.window.end.isoformat(),
            show(s.worked),
            show(s.actual),
            show(s.required),
            show(s.missing),
        ]


def run(args: argparse.Namespace) -> int:
    """``teleaccord minimums``: the weeks and months below a minimum, per employee and team."""
    # An agreement, or its versions over time (each window follows the version in force on
    # its last day).
    agreement = options.agreement_or_history_named(args.agreement or options.SAMPLE_AGREEMENT)
    calendar = options.region_calendar(args)
    start = options.day_option(args.start, "--from")
    end = options.day_option(args.end, "--to")
    if end < start:
        msg = f"--to: the range ends ({end}) before it starts ({start})."
        raise InvalidValue(msg, field="--to", code="invalid_period")
    period = DateRange(start, end)
    report = minimums_report(_ledgers(args, agreement, calendar), period)
    if args.team:
        report = MinimumsReport(
            period=report.period,
            employees=report.employees,
            windows=report.windows,
            shortfalls=tuple(s for s in report.shortfalls if s.team == args.team),
        )
    show = options.amount_text(args)
    if args.format == "json":
        data = unstructure(report)
        data["by_team"] = report.by_team()
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        delimiter = ";" if options.decimal_comma(args) else ","
        writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
        writer.writerow(_COLUMNS)
        for row in _rows(report, show):
            writer.writerow(neutralise_row(row))
    else:
        print(
            f"Minimums, {period}: {len(report.employees)} employees, {report.windows} windows "
            f"checked, {len(report.shortfalls)} below a minimum."
        )
        for row in _rows(report, show):
            employee, team, minimum, pool, label, first, last, worked, actual, required, _ = row
            what = "on site" if minimum == "on_site" else "telework"
            where = f" (pool {pool})" if pool != "default" else ""
            print(
                f"  {employee:<10} {team or '-':<12} {label:<9} {what}{where}: {actual} of "
                f"{worked} worked, at least {required} required ({first}..{last})"
            )
        for team, counts in report.by_team().items():
            print(
                f"  team {team}: {counts['on_site']} under the on-site minimum, "
                f"{counts['telework']} under a telework minimum, {counts['employees']} employees"
            )
    return options.EXIT_FOUND_PROBLEMS if report.shortfalls else options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (
    ("start", "--from"),
    ("end", "--to"),
    ("--contracts", "--contracts"),
)
"""The option to name when an error's field is one of these keys."""
