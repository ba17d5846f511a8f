"""The ``teleaccord`` command.

Each subcommand is a :class:`Command`: a function that declares its arguments, a function that
runs it and returns an exit code, and its help text. :data:`COMMANDS` lists them; to add a
subcommand, write its two functions and add one line to that list.

Exit codes (documented in ``teleaccord --help``):

- ``0``: success;
- ``1``: the run completed but found rule violations or skipped bad rows (they are reported);
- ``2``: bad input or usage, nothing was computed (a :class:`~teleaccord.errors.TeleaccordError`
  raised from the input is printed as one message on stderr, without a traceback);
- ``3``: an internal error, a bug in teleaccord.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from teleaccord._version import __version__
from teleaccord.amounts import format_amount
from teleaccord.calendars import Calendar, Holiday
from teleaccord.dates import DateRange, month_range, parse_date, year_range
from teleaccord.errors import InvalidValue, TeleaccordError
from teleaccord.pattern import WorkPattern

__all__ = [
    "COMMANDS",
    "EXIT_BAD_INPUT",
    "EXIT_FOUND_PROBLEMS",
    "EXIT_INTERNAL_ERROR",
    "EXIT_OK",
    "Command",
    "build_parser",
    "main",
]

EXIT_OK = 0
"""The command did what was asked."""
EXIT_FOUND_PROBLEMS = 1
"""The run completed but found rule violations or skipped bad rows (reported)."""
EXIT_BAD_INPUT = 2
"""Bad input or usage: nothing was computed."""
EXIT_INTERNAL_ERROR = 3
"""A bug in teleaccord."""

EXIT_CODES_HELP = """\
exit codes:
  0  success
  1  the run completed but found rule violations or skipped bad rows (reported)
  2  bad input or usage (unknown option, invalid value, unreadable file): nothing computed
  3  internal error: a bug in teleaccord, please report it"""


@attrs.frozen(kw_only=True)
class Command:
    """One subcommand of ``teleaccord``.

    Args:
        name: what the user types (``calendar``).
        summary: one line for ``teleaccord --help``.
        description: what the subcommand does, for ``teleaccord NAME --help``.
        examples: command lines shown under "examples" in its help.
        arguments: declares the subcommand's arguments on its parser.
        run: does the work from the parsed arguments and returns an exit code; raises
            :class:`~teleaccord.errors.TeleaccordError` for bad input (exit code 2).
        option_names: which option to name when an error's ``field`` is one of these keys
            (``{"pattern.anchor": "--anchor"}``).

    >>> "calendar" in [c.name for c in COMMANDS]
    True
    """

    name: str
    summary: str
    description: str
    examples: tuple[str, ...] = ()
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    option_names: tuple[tuple[str, str], ...] = ()


# -- calendar --------------------------------------------------------------------------------

_REGION_NAMES = {
    ("FR", None): "mainland France",
    ("FR", "57"): "Moselle, Alsace-Moselle",
    ("FR", "6AE"): "Alsace, Alsace-Moselle",
    ("FR", "971"): "Guadeloupe",
    ("FR", "972"): "Martinique",
    ("FR", "973"): "French Guiana",
    ("FR", "974"): "La Reunion",
    ("FR", "976"): "Mayotte",
}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _calendar_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("year", type=int, metavar="YEAR", help="the calendar year, e.g. 2025")
    parser.add_argument(
        "--country", default="FR", help="ISO country code of the public holidays (default: FR)"
    )
    parser.add_argument(
        "--subdivision",
        default=None,
        help=(
            "region of the public holidays: 57 (Moselle) or 6AE (Alsace) for Alsace-Moselle, "
            "971 Guadeloupe, 972 Martinique, 973 French Guiana, 974 La Reunion, 976 Mayotte; "
            "names such as Moselle are accepted (default: none, mainland France)"
        ),
    )
    parser.add_argument(
        "--pattern",
        default="Mo Tu We Th Fr",
        help=(
            'the days worked, e.g. "Mo Tu Th Fr" (80 %% with Wednesday off), "Mo Tu We Th:am Fr" '
            '(Thursday afternoon off), "Mo Tu / We Th Fr Sa Su" (a two-week cycle, needs '
            '--anchor) (default: "Mo Tu We Th Fr")'
        ),
    )
    parser.add_argument(
        "--anchor",
        metavar="DATE",
        default=None,
        help="first day of the first week of a rotating cycle, as YYYY-MM-DD",
    )
    parser.add_argument(
        "--works-holidays",
        action="store_true",
        help="the pattern works the public holidays that fall on its days (a 24/7 service)",
    )
    parser.add_argument(
        "--closure",
        metavar="DATE",
        nargs="+",
        action="extend",
        default=[],
        help="company closure days, as YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD (repeatable)",
    )
    parser.add_argument(
        "--worked-holiday",
        metavar="NAME_OR_DATE",
        nargs="+",
        action="extend",
        default=[],
        help=(
            'holidays worked anyway (the solidarity day), by English name ("Pentecost Monday") '
            "or date (repeatable)"
        ),
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for programs (amounts as exact strings)",
    )


def _closures(values: Sequence[str]) -> list[date | DateRange]:
    found: list[date | DateRange] = []
    for value in values:
        start, dots, end = value.partition("..")
        if dots:
            found.append(
                DateRange(parse_date(start, field="--closure"), parse_date(end, field="--closure"))
            )
        else:
            found.append(parse_date(value, field="--closure"))
    return found


def _is_date_text(value: str) -> bool:
    text = value.strip()
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


def _calendar_of(args: argparse.Namespace) -> tuple[Calendar, WorkPattern]:
    pattern = WorkPattern.parse(
        args.pattern, anchor=args.anchor, works_holidays=args.works_holidays
    )
    worked_days = [
        parse_date(v, field="--worked-holiday") for v in args.worked_holiday if _is_date_text(v)
    ]
    worked_names = [v for v in args.worked_holiday if not _is_date_text(v)]
    calendar = Calendar(
        country=args.country,
        subdivision=args.subdivision,
        closures=_closures(args.closure),
        worked_holidays=worked_days,
        worked_holiday_names=worked_names,
    )
    # A worked holiday that is no holiday of the year is a typo: say which ones exist.
    holidays = calendar.holidays(year_range(args.year))
    known = {h.name.casefold() for h in holidays}
    for name in worked_names:
        if name.strip().casefold() not in known:
            listed = ", ".join(sorted({h.name for h in holidays}))
            msg = f"--worked-holiday: {name!r} is not a holiday of {args.year} here; the holidays are: {listed}."
            raise InvalidValue(msg, field="--worked-holiday", code="unknown_holiday")
    days = {h.day for h in holidays}
    for day in worked_days:
        if day not in days:
            msg = f"--worked-holiday: {day} is not a public holiday of {args.year} here."
            raise InvalidValue(msg, field="--worked-holiday", code="unknown_holiday")
    return calendar, pattern


def _holiday_status(calendar: Calendar, pattern: WorkPattern, holiday: Holiday) -> str:
    if calendar.is_closed(holiday.day):
        return "closed"
    if not pattern.works_on(holiday.day):
        return "not a pattern day"
    if calendar.worked_mask(holiday.day, pattern):
        return "worked (marked worked)" if holiday.worked else "worked (pattern works holidays)"
    return "day off"


def _region(calendar: Calendar) -> str:
    name = _REGION_NAMES.get((calendar.country, calendar.subdivision))
    code = calendar.country + (f"-{calendar.subdivision}" if calendar.subdivision else "")
    return f"{name} ({code})" if name else code


def _days_per_week(pattern: WorkPattern) -> str:
    return format_amount(Fraction(pattern.half_days_per_cycle, 2 * len(pattern.weeks)))


def _calendar_report(args: argparse.Namespace) -> dict[str, Any]:
    calendar, pattern = _calendar_of(args)
    year = year_range(args.year)
    holidays = calendar.holidays(year)
    months = []
    for month in range(1, 13):
        days = month_range(args.year, month)
        months.append(
            {
                "month": f"{args.year}-{month:02d}",
                "name": _MONTHS[month - 1],
                "days": len(days),
                "holidays": sum(1 for h in holidays if h.day in days),
                "working_days": calendar.count_working_days(days, pattern),
                "worked": calendar.worked_amount(days, pattern),
            }
        )
    return {
        "year": args.year,
        "country": calendar.country,
        "subdivision": calendar.subdivision,
        "region": _region(calendar),
        "source": calendar.source,
        "pattern": str(pattern),
        "anchor": pattern.anchor,
        "works_holidays": pattern.works_holidays,
        "days_per_week": _days_per_week(pattern),
        "pattern_fraction": pattern.fraction,
        "closures": sorted(d for d in calendar.closures if d in year),
        "holidays": [
            {
                "date": h.day,
                "weekday": _WEEKDAYS[h.day.weekday()],
                "name": h.name,
                "worked": bool(calendar.worked_mask(h.day, pattern)),
                "marked_worked": h.worked,
                "status": _holiday_status(calendar, pattern, h),
            }
            for h in holidays
        ],
        "months": months,
        "total": {
            "days": len(year),
            "holidays": len(holidays),
            "working_days": calendar.count_working_days(year, pattern),
            "worked": calendar.worked_amount(year, pattern),
        },
    }


def _json_ready(value: Any) -> Any:
    if isinstance(value, Fraction):
        return format_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value


def _calendar_text(report: dict[str, Any]) -> str:
    total = report["total"]
    lines = [
        f"Working days of {report['year']} in {report['region']}",
        f"  holidays from: {report['source']}",
        f"  pattern: {report['pattern']} ({report['days_per_week']} days a week, "
        f"{format_amount(report['pattern_fraction'] * 100)} % of full time)"
        + (f", cycle anchored on {report['anchor']}" if report["anchor"] else "")
        + (", works public holidays" if report["works_holidays"] else ""),
    ]
    if report["closures"]:
        lines.append(f"  company closures: {len(report['closures'])} days of {report['year']}")
    worked = [h["name"] for h in report["holidays"] if h["marked_worked"]]
    if worked:
        lines.append(f"  holidays worked anyway: {', '.join(worked)}")
    lines += ["", f"Public holidays ({len(report['holidays'])})"]
    width = max((len(h["name"]) for h in report["holidays"]), default=10)
    for h in report["holidays"]:
        lines.append(f"  {h['date']}  {h['weekday']}  {h['name']:<{width}}  {h['status']}")
    lines += [
        "",
        f"  {'Month':<10} {'Days':>5} {'Holidays':>9} {'Working days':>13} {'Worked':>8}",
    ]
    for m in report["months"]:
        lines.append(
            f"  {m['name']:<10} {m['days']:>5} {m['holidays']:>9} {m['working_days']:>13} "
            f"{format_amount(m['worked']):>8}"
        )
    lines.append(
        f"  {'Total':<10} {total['days']:>5} {total['holidays']:>9} "
        f"{total['working_days']:>13} {format_amount(total['worked']):>8}"
    )
    lines += [
        "",
        f"{report['year']}: {total['working_days']} working days, "
        f"{format_amount(total['worked'])} days worked (a half-day counts 1/2).",
    ]
    return "\n".join(lines)


def run_calendar(args: argparse.Namespace) -> int:
    """``teleaccord calendar``: print a year's holidays and working days for a pattern."""
    report = _calendar_report(args)
    if args.format == "json":
        print(json.dumps(_json_ready(report), indent=2, ensure_ascii=False))
    else:
        print(_calendar_text(report))
    return EXIT_OK


# -- balances --------------------------------------------------------------------------------

_BALANCE_FORMATS = ("table", "csv", "json", "jsonl")


def _balances_arguments(parser: argparse.ArgumentParser) -> None:
    data = parser.add_argument_group(
        "data (default: the sample workforce shipped with teleaccord, its agreement and year)"
    )
    data.add_argument(
        "--agreement",
        metavar="FILE",
        help="the agreement, a TOML file (or the name of a sample agreement such as "
        "assistance-100-days)",
    )
    data.add_argument(
        "--contracts",
        metavar="FILE",
        help="contracts CSV: one row per contract state (initial terms, then amendments)",
    )
    data.add_argument("--bookings", metavar="FILE", help="bookings CSV: days booked or cancelled")
    data.add_argument("--adjustments", metavar="FILE", help="adjustments CSV (optional)")
    data.add_argument(
        "--encoding",
        default="utf-8-sig",
        help="encoding of the CSV files (default: UTF-8, with or without a byte-order mark)",
    )
    when = parser.add_argument_group("periods")
    choice = when.add_mutually_exclusive_group()
    choice.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the reference periods starting in that year (the year itself for calendar years)",
    )
    choice.add_argument(
        "--period",
        metavar="DATE",
        help="the reference period containing that day, as YYYY-MM-DD",
    )
    when.add_argument(
        "--as-of",
        metavar="DATE",
        help="balances as of that day: bookings up to it; the periods of --year, or the one "
        "containing it",
    )
    cal = parser.add_argument_group("calendar")
    cal.add_argument(
        "--country", default=None, help="ISO country of the public holidays (default: FR)"
    )
    cal.add_argument(
        "--subdivision",
        default=None,
        help="region of the public holidays: 57 (Moselle), 6AE (Alsace), 974 (La Reunion)...",
    )
    out = parser.add_argument_group("output")
    out.add_argument(
        "--format",
        choices=_BALANCE_FORMATS,
        default="table",
        help="table for people (default), csv, json (one array) or jsonl (one object a line); "
        "amounts are exact: 40.5 or 100/3",
    )
    out.add_argument(
        "--output",
        metavar="FILE",
        help="write the balances to FILE (written once the run is complete) instead of stdout",
    )
    out.add_argument(
        "--separator",
        choices=(",", ";"),
        default=",",
        help="CSV separator; ';' with --decimal-comma for French spreadsheets (default: ',')",
    )
    out.add_argument(
        "--decimal-comma", action="store_true", help="write 40,5 rather than 40.5 in CSV"
    )
    run = parser.add_argument_group("bad rows and large files")
    run.add_argument(
        "--stop-at-first-error",
        action="store_true",
        help="stop at the first bad row (exit code 2) instead of reporting it and going on",
    )
    run.add_argument(
        "--max-problems",
        type=int,
        default=20,
        metavar="N",
        help="print at most N problems on stderr (default: 20); the summary counts them all",
    )
    run.add_argument(
        "--problems",
        metavar="FILE",
        help="write every problem to FILE as CSV (path, code, message)",
    )
    run.add_argument(
        "--unsorted",
        choices=("auto", "error", "index"),
        default="auto",
        help="files not sorted by employee: index them in memory with a warning (auto, the "
        "default), refuse them (error), or index them from the start (index)",
    )
    run.add_argument(
        "--progress",
        action="store_true",
        help="report progress on stderr (shown anyway when stderr is a terminal)",
    )


def _balances_inputs(args: argparse.Namespace) -> dict[str, Any]:
    """The agreement, calendar, periods and data sources the options name."""
    from teleaccord.io.agreement_file import (
        load_agreement,
        load_sample_agreement,
        sample_agreements,
    )
    from teleaccord.io.csv import sample_workforce
    from teleaccord.workforce import periods_for_year

    files = (args.contracts, args.bookings, args.adjustments)
    sample = None if any(files) else sample_workforce()
    if sample is None and not (args.contracts and args.bookings):
        msg = "--contracts and --bookings go together (with --adjustments if you have one)."
        raise InvalidValue(msg, field="--contracts", code="missing_file")
    if args.agreement is None:
        if sample is None:
            msg = "--agreement: give the agreement file the balances are computed under."
            raise InvalidValue(msg, field="--agreement", code="missing_agreement")
        agreement = sample.agreement()
    elif args.agreement.removesuffix(".toml") in sample_agreements():
        agreement = load_sample_agreement(args.agreement)
    else:
        agreement = load_agreement(args.agreement)
    country = args.country or (sample.country if sample else "FR")
    calendar = Calendar(country=country, subdivision=args.subdivision)
    as_of = None if args.as_of is None else parse_date(args.as_of, field="--as-of")
    if args.period is not None:
        periods: tuple[DateRange, ...] = (
            agreement.reference.containing(parse_date(args.period, field="--period")),
        )
    elif args.year is not None:
        periods = periods_for_year(agreement, args.year)
    elif as_of is not None:
        periods = (agreement.reference.containing(as_of),)
    elif sample is not None:
        periods = periods_for_year(agreement, sample.year)
    else:
        msg = "--year: say which reference periods to compute (--year YYYY or --period DATE)."
        raise InvalidValue(msg, field="--year", code="missing_period")
    return {
        "sample": sample,
        "agreement": agreement,
        "calendar": calendar,
        "periods": periods,
        "as_of": as_of,
    }


class _Progress:
    """Employees done and rows read, on stderr, at most twice a second."""

    def __init__(self, enabled: bool, summary: Any) -> None:
        import time

        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.summary = summary
        self.clock = time.monotonic
        self.start = self.last = self.clock()
        self.shown = False

    def __call__(self, records: Any) -> Any:
        for count, record in enumerate(records, start=1):
            if self.enabled and count % 500 == 0:
                now = self.clock()
                if now - self.last >= 0.5:
                    self.last = now
                    self.show(count, now)
            yield record

    def show(self, count: int, now: float) -> None:
        rows = sum(f.rows for f in self.summary.files.values())
        line = f"balances: {count} employees, {rows} rows read, {now - self.start:.0f} s"
        print(("\r" + line) if self.tty else line, end="" if self.tty else "\n", file=sys.stderr)
        self.shown = True

    def done(self) -> None:
        if self.shown and self.tty:
            print(file=sys.stderr)


def _balances_table(rows: Any, out: Any) -> int:
    """Balances as an aligned table with a total line; return the number of rows."""

    names = (
        "entitlement_exact",
        "entitlement",
        "carried",
        "adjusted",
        "booked",
        "cancelled",
        "expired",
        "remaining",
    )
    titles = (
        "exact",
        "granted",
        "carried",
        "adjusted",
        "booked",
        "cancelled",
        "expired",
        "remaining",
    )
    totals = [Fraction(0)] * len(names)
    head = f"{'employee':<10} {'period':<9}" + "".join(f" {t:>10}" for t in titles)
    out.write(head + "\n")
    count = 0
    for row in rows:
        values = [getattr(row, n) for n in names]
        totals = [t + v for t, v in zip(totals, values, strict=True)]
        cells = "".join(f" {format_amount(v):>10}" for v in values)
        out.write(f"{row.employee:<10} {row.label:<9}{cells}\n")
        count += 1
    shown = "".join(f" {_approx_total(t):>10}" for t in totals)
    out.write(f"{'total':<10} {count:<9}{shown}\n")
    return count


def _approx_total(value: Fraction) -> str:
    text = format_amount(value)
    return text if len(text) <= 10 else format_amount(round(value, 2))


def run_balances(args: argparse.Namespace) -> int:
    """``teleaccord balances``: the workforce's balances from CSV files (or the sample)."""
    import csv as csv_module
    import logging
    import os
    import shutil
    import tempfile

    from teleaccord.errors import LoadError, Problem
    from teleaccord.io.csv import read_workforce, write_balances
    from teleaccord.workforce import RunSummary, workforce_balances

    inputs = _balances_inputs(args)
    sample = inputs["sample"]
    shown: list[int] = [0]
    problems_file = None
    problems_writer: Any = None
    if args.problems:
        problems_file = open(args.problems, "w", newline="", encoding="utf-8")  # noqa: SIM115
        problems_writer = csv_module.writer(problems_file, lineterminator="\n")
        problems_writer.writerow(["path", "code", "message"])

    def report(problem: Problem) -> None:
        if shown[0] < args.max_problems:
            print(f"{problem.path}: {problem.message}", file=sys.stderr)
        shown[0] += 1
        if problems_file is not None:
            problems_writer.writerow([problem.path, problem.code, problem.message])

    def compute(unsorted: str, out: Any) -> tuple[int, RunSummary]:
        summary = RunSummary()
        shown[0] = 0
        if sample is not None:
            records = sample.records(on_problem=report, summary=summary)
        else:
            records = read_workforce(
                args.contracts,
                args.bookings,
                args.adjustments,
                encoding=args.encoding,
                on_problem=report,
                unsorted=unsorted,
                summary=summary,
            )
        progress = _Progress(args.progress or sys.stderr.isatty(), summary)
        rows = workforce_balances(
            progress(records),
            inputs["agreement"],
            inputs["calendar"],
            periods=inputs["periods"],
            as_of=inputs["as_of"],
            summary=summary,
            on_problem=report,
            stop_at_first_error=args.stop_at_first_error,
        )
        try:
            if args.format == "table":
                count = _balances_table(rows, out)
            else:
                count = write_balances(
                    rows,
                    out,
                    format=args.format,
                    delimiter=args.separator,
                    decimal_comma=args.decimal_comma,
                )
        finally:
            progress.done()
        return count, summary

    # The balances go to a temporary file first: a run stopped by bad input leaves nothing
    # half written, and unsorted files can be run again, indexed in memory.
    folder = os.path.dirname(os.path.abspath(args.output)) if args.output else None
    with tempfile.NamedTemporaryFile(
        "w+", newline="", encoding="utf-8", dir=folder, suffix=".part", delete=False
    ) as out:
        try:
            first = "index" if args.unsorted == "index" else "error"
            try:
                count, summary = compute(first, out)
            except LoadError as error:
                if error.code != "unsorted_input" or args.unsorted != "auto":
                    raise
                print(
                    f"teleaccord balances: warning: {error.problems[0]}; reading the files "
                    "again, indexed in memory (memory grows with the workforce).",
                    file=sys.stderr,
                )
                out.seek(0)
                out.truncate()
                logging.getLogger("teleaccord").debug("unsorted input: indexing in memory")
                count, summary = compute("index", out)
            out.flush()
            if args.output:
                out.close()
                os.replace(out.name, args.output)
            else:
                out.seek(0)
                shutil.copyfileobj(out, sys.stdout)
        finally:
            if problems_file is not None:
                problems_file.close()
            if os.path.exists(out.name):
                out.close()
                os.unlink(out.name)
    if shown[0] > args.max_problems:
        print(
            f"... and {shown[0] - args.max_problems} more problems"
            + ("" if args.problems else " (--problems FILE lists them all)"),
            file=sys.stderr,
        )
    where = f"written to {args.output}" if args.output else "printed"
    print(f"teleaccord balances: {summary.describe()} {count} rows {where}.", file=sys.stderr)
    return EXIT_FOUND_PROBLEMS if summary.problem_count or summary.skipped_rows else EXIT_OK


# -- entitlement and check: one employee -----------------------------------------------------

_SAMPLE_AGREEMENT = "assistance-100-days"
_CLI_AT = "2000-01-01T00:00:00+00:00"  # when replayed bookings and grants are said recorded


def _employee_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that name an agreement, a calendar and one employee's contract."""
    parser.add_argument(
        "--agreement",
        metavar="FILE",
        default=None,
        help=f"the agreement, a TOML file (default: the packaged sample {_SAMPLE_AGREEMENT!r})",
    )
    source = parser.add_argument_group(
        "the contract, from a contracts CSV file (with --employee) or from options"
    )
    source.add_argument(
        "--contracts", metavar="FILE", default=None, help="a contracts CSV file (HR export)"
    )
    source.add_argument(
        "--employee", metavar="ID", default=None, help="the employee identifier (matricule)"
    )
    source.add_argument("--hired", metavar="DATE", default=None, help="hire date, YYYY-MM-DD")
    source.add_argument(
        "--last-day", metavar="DATE", default=None, help="last day of the contract, if known"
    )
    source.add_argument(
        "--fraction",
        default=None,
        help='work fraction: "80%%", 0.8 or 4/5 (default: from --pattern, else full time)',
    )
    source.add_argument(
        "--pattern",
        default=None,
        help='the days worked, e.g. "Mo Tu Th Fr" (default: Monday to Friday)',
    )
    source.add_argument(
        "--anchor", metavar="DATE", default=None, help="first day of a rotating cycle"
    )
    source.add_argument("--category", default=None, help="job category (for eligibility)")
    source.add_argument("--site", default=None, help="work site (for eligibility)")
    source.add_argument(
        "--status",
        metavar="NAME",
        nargs="+",
        action="extend",
        default=[],
        help="statuses giving extra days, e.g. carer disabled (repeatable)",
    )
    parser.add_argument(
        "--country", default="FR", help="ISO country code of the public holidays (default: FR)"
    )
    parser.add_argument(
        "--subdivision",
        default=None,
        help="region of the public holidays, e.g. 57 or 6AE for Alsace-Moselle, 974 La Reunion",
    )


def _format_argument(parser: argparse.ArgumentParser, *choices: str) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"{choices[0]} (default) or {', '.join(choices[1:])} (amounts as exact strings)",
    )


def _agreement_of(args: argparse.Namespace) -> Any:
    from teleaccord.io.agreement_file import load_agreement, load_sample_agreement

    if args.agreement:
        return load_agreement(args.agreement)
    return load_sample_agreement(_SAMPLE_AGREEMENT)


def _employee_contract(args: argparse.Namespace) -> Any:
    """The :class:`~teleaccord.workforce.EmployeeContract` the options name."""
    from teleaccord.contract import Contract
    from teleaccord.workforce import EmployeeContract

    if args.contracts:
        from teleaccord.io.csv import read_contracts

        if not args.employee:
            msg = "--employee: name the employee to read from --contracts (its identifier)."
            raise InvalidValue(msg, field="--employee", code="missing_value")
        options = [
            name
            for name in ("hired", "last_day", "fraction", "pattern", "anchor", "category", "site")
            if getattr(args, name) is not None
        ]
        if options or args.status:
            given = ", ".join("--" + n.replace("_", "-") for n in options or ["status"])
            msg = f"--contracts: give the contract either as a file or as options, not both ({given})."
            raise InvalidValue(msg, field="--contracts", code="conflicting_options")
        for found in read_contracts(args.contracts):
            if found.employee == args.employee:
                return found
        msg = f"--employee: {args.employee!r} has no contract in {args.contracts}."
        raise InvalidValue(msg, field="--employee", code="unknown_employee")
    if not args.hired:
        msg = (
            "--hired: give the contract, either --hired DATE (with --fraction, --pattern...) "
            "or --contracts FILE --employee ID."
        )
        raise InvalidValue(msg, field="--hired", code="missing_value")
    pattern = None
    if args.pattern is not None or args.anchor is not None:
        pattern = WorkPattern.parse(args.pattern or "Mo Tu We Th Fr", anchor=args.anchor)
    contract = Contract.from_amendments(
        employee=args.employee or "employee",
        hired=args.hired,
        last_day=args.last_day,
        fraction=args.fraction,
        pattern=pattern,
        category=args.category,
        site=args.site,
    )
    statuses = [(contract.hired, frozenset(args.status))] if args.status else []
    return EmployeeContract(contract=contract, statuses=statuses)


def _calendar_option(args: argparse.Namespace) -> Calendar:
    return Calendar(country=args.country, subdivision=args.subdivision)


_EMPLOYEE_OPTIONS = (
    ("hired", "--hired"),
    ("last_day", "--last-day"),
    ("fraction", "--fraction"),
    ("pattern", "--pattern"),
    ("pattern.anchor", "--anchor"),
    ("employee", "--employee"),
    ("country", "--country"),
    ("subdivision", "--subdivision"),
    ("day", "--date"),
    ("at", "--at"),
)


# -- entitlement -----------------------------------------------------------------------------


def _entitlement_arguments(parser: argparse.ArgumentParser) -> None:
    _employee_arguments(parser)
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the reference period starting in that year (the year itself for most accords)",
    )
    when.add_argument(
        "--period-containing",
        metavar="DATE",
        help="the reference period that contains DATE",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="with progressive accrual, what is earned by DATE (default: the whole period)",
    )
    _format_argument(parser, "text", "json")


def _period_of(args: argparse.Namespace, agreement: Any) -> DateRange:
    if args.period_containing:
        day = parse_date(args.period_containing, field="--period-containing")
        period: DateRange = agreement.reference.containing(day)
        return period
    from teleaccord.workforce import periods_for_year

    periods = periods_for_year(agreement, args.year)
    if len(periods) != 1:
        msg = (
            f"--year: {agreement.name!r} has {len(periods)} reference periods starting in "
            f"{args.year}; name one with --period-containing DATE."
        )
        raise InvalidValue(msg, field="--year", code="ambiguous_period")
    return periods[0]


def run_entitlement(args: argparse.Namespace) -> int:
    """``teleaccord entitlement``: one employee's entitlement for one period, explained."""
    from teleaccord.entitlements import eligibility, entitlement

    agreement = _agreement_of(args)
    employee = _employee_contract(args)
    period = _period_of(args, agreement)
    as_of = parse_date(args.as_of, field="--as-of") if args.as_of else None
    result = entitlement(
        agreement,
        employee.contract,
        period,
        _calendar_option(args),
        statuses=sorted(employee.statuses_in(period)),
        as_of=as_of,
    )
    presence = employee.contract.presence(period)
    issues = eligibility(agreement, employee.contract, presence.start) if presence else ()
    if args.format == "json":
        data = result.to_dict()
        data["eligibility"] = [v.to_dict() for v in issues]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"{result.employee}, {period.start}..{period.end}, under {agreement.name!r}: "
        f"{format_amount(result.rounded)} days (exactly {format_amount(result.exact)})"
    )
    print()
    print(textwrap.fill(result.describe(), 88))
    for violation in issues:
        print(f"\nNot eligible on {presence.start if presence else period.start}: {violation}")
    return EXIT_OK


# -- check -----------------------------------------------------------------------------------


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="DATE", required=True, help="the day to book, YYYY-MM-DD")
    parser.add_argument(
        "--half",
        choices=("am", "pm"),
        default=None,
        help="book only the morning (am) or the afternoon (pm) (default: the whole day)",
    )
    parser.add_argument(
        "--at",
        metavar="DATETIME",
        default=None,
        help=(
            "when the booking would be made, with its UTC offset, e.g. "
            "2025-03-03T18:00:00+01:00: checks the notice (default: the notice is not checked)"
        ),
    )
    _employee_arguments(parser)
    booked = parser.add_argument_group("what the employee has booked already")
    booked.add_argument(
        "--bookings",
        metavar="FILE",
        default=None,
        help="a bookings CSV file; the rows of the employee are replayed (cancelled ones too)",
    )
    booked.add_argument(
        "--booked",
        metavar="DATE",
        nargs="+",
        action="extend",
        default=[],
        help="days booked already, as YYYY-MM-DD or YYYY-MM-DD:am / :pm (repeatable)",
    )
    _format_argument(parser, "text", "json")


def _aware_datetime(text: str, field: str) -> Any:
    from datetime import datetime

    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        msg = f"{field}: expected a date and time such as 2025-03-03T18:00:00+01:00, got {text!r}."
        raise InvalidValue(msg, field=field, code="invalid_datetime") from None
    if value.tzinfo is None:
        msg = f"{field}: {text!r} has no UTC offset; add one, e.g. {text}+01:00."
        raise InvalidValue(msg, field=field, code="naive_datetime")
    return value


def _booked_days(args: argparse.Namespace, employee: str) -> list[tuple[date, Any, str | None]]:
    """(day, half, id) of the employee's active bookings from --bookings and --booked."""
    from teleaccord.pattern import HalfDay

    found: list[tuple[date, Any, str | None]] = []
    if args.bookings:
        from teleaccord.io.csv import read_bookings
        from teleaccord.workforce import CANCELLED

        rows = [r for r in read_bookings(args.bookings) if r.employee == employee]
        cancelled = {r.booking_id for r in rows if r.status == CANCELLED and r.booking_id}
        for r in rows:
            if r.status != CANCELLED and (r.booking_id is None or r.booking_id not in cancelled):
                found.append((r.day, r.half, r.booking_id))
    for text in args.booked:
        day_text, _, half_text = text.partition(":")
        half = None
        if half_text:
            if half_text.strip().lower() not in ("am", "pm"):
                msg = f"--booked: {text!r}: the half-day after ':' is am or pm."
                raise InvalidValue(msg, field="--booked", code="invalid_half_day")
            half = HalfDay(half_text.strip().lower())
        found.append((parse_date(day_text, field="--booked"), half, None))
    return found


def _ledger_for_check(args: argparse.Namespace, agreement: Any, employee: Any) -> Any:
    """A ledger holding the employee's bookings (as stored: not re-checked) and the grants
    of their periods and of the day checked."""
    from teleaccord.ledger import Booking, QuotaLedger

    contract = employee.contract
    at = _aware_datetime(_CLI_AT, "at")
    entries = []
    seen: set[str] = set()
    for n, (day, half, ident) in enumerate(_booked_days(args, contract.employee), start=1):
        entry_id = ident if ident and ident not in seen else f"cli-booking-{n}"
        seen.add(entry_id)
        entries.append(Booking(entry_id=entry_id, day=day, half=half, recorded_at=at, by="cli"))
    probe = QuotaLedger(agreement=agreement, contract=contract, calendar=_calendar_option(args))
    day = parse_date(args.date, field="--date")
    periods = {probe.period_of(day)} | {probe.period_of(e.day) for e in entries}
    statuses: set[str] = set()
    for period in periods:
        statuses |= employee.statuses_in(period)
    ledger = QuotaLedger(
        agreement=agreement,
        contract=contract,
        calendar=_calendar_option(args),
        statuses=sorted(statuses),
        entries=entries,
    )
    for period in sorted(periods, key=lambda p: p.start):
        ledger.grant(period, at=at, by="cli")
    return ledger


def run_check(args: argparse.Namespace) -> int:
    """``teleaccord check``: would this booking pass, and every reason why not."""
    agreement = _agreement_of(args)
    employee = _employee_contract(args)
    ledger = _ledger_for_check(args, agreement, employee)
    day = parse_date(args.date, field="--date")
    at = _aware_datetime(args.at, "--at") if args.at else None
    violations = ledger.check(day, half=args.half, at=at)
    period = ledger.period_of(day)
    balance = ledger.balance(period)
    what = f"{day} ({'whole day' if args.half is None else args.half})"
    if args.format == "json":
        data = {
            "employee": ledger.employee,
            "date": day.isoformat(),
            "half": args.half,
            "at": at.isoformat() if at else None,
            "ok": not violations,
            "violations": [v.to_dict() for v in violations],
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "granted": format_amount(balance.granted),
            "booked": format_amount(balance.taken),
            "remaining": format_amount(balance.remaining),
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        head = f"{ledger.employee}, {what}"
        left = (
            f"period {period.start}..{period.end}: {format_amount(balance.remaining)} of "
            f"{format_amount(balance.granted)} days left before this booking"
        )
        if not violations:
            print(f"OK: {head} can be booked; {left}.")
        else:
            print(f"REFUSED: {head} breaks {len(violations)} rule(s); {left}.")
            for v in violations:
                params = ", ".join(f"{k}={_json_ready(p)}" for k, p in v.params)
                print(f"  {v.code}: {v.message}" + (f" [{params}]" if params else ""))
    return EXIT_FOUND_PROBLEMS if violations else EXIT_OK


# -- allowances ------------------------------------------------------------------------------

_ALLOWANCE_FORMATS = ("table", "csv", "json")


def _allowances_arguments(parser: argparse.ArgumentParser) -> None:
    data = parser.add_argument_group(
        "data (default: the sample workforce shipped with teleaccord and its year)"
    )
    data.add_argument(
        "--contracts",
        metavar="FILE",
        help="contracts CSV, as for 'teleaccord balances' (work fraction for prorating)",
    )
    data.add_argument(
        "--bookings",
        metavar="FILE",
        help="bookings CSV: the days booked or cancelled; active bookings are telework days",
    )
    data.add_argument(
        "--encoding",
        default="utf-8-sig",
        help="encoding of the CSV files (default: UTF-8, with or without a byte-order mark)",
    )
    data.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the calendar year whose months are reported (default: the sample's year)",
    )
    rules = parser.add_argument_group("allowance rules")
    rules.add_argument(
        "--policy",
        metavar="FILE",
        help=(
            "the allowance clause, a TOML file (see the allowances how-to); default: "
            f"{_DEFAULT_POLICY_NAME!r}"
        ),
    )
    rules.add_argument(
        "--weekly-days",
        metavar="N",
        default=None,
        help="weekly telework days of every employee, for a per-weekly-day policy",
    )
    rules.add_argument(
        "--limits",
        metavar="FILE",
        help="your own table of exemption limits, a TOML file shaped like the packaged one "
        "(default: the URSSAF limits shipped with teleaccord)",
    )
    _format_argument(parser, *_ALLOWANCE_FORMATS)


_DEFAULT_POLICY_NAME = "2.70 EUR a telework day, at most 59.40 EUR a month"


def _allowance_policy(args: argparse.Namespace) -> Any:
    from teleaccord.allowance import AllowancePolicy

    if args.policy:
        from teleaccord.io.allowance_file import load_allowance_policy

        return load_allowance_policy(args.policy)
    return AllowancePolicy(
        name=_DEFAULT_POLICY_NAME, kind="per-day", amount="2.70", monthly_cap="59.40"
    )


def _telework_days(records: Any) -> list[tuple[date, Fraction]]:
    """The (day, amount) of the employee's active bookings: a booking whose id has a
    cancelled row is not active, and a booking listed twice under its id counts once."""
    from teleaccord.workforce import CANCELLED

    rows = list(records.bookings.rows(records.employee))
    cancelled = {r.booking_id for r in rows if r.status == CANCELLED and r.booking_id}
    seen: set[str] = set()
    found = []
    for r in rows:
        if r.status == CANCELLED or (r.booking_id and r.booking_id in cancelled | seen):
            continue
        if r.booking_id:
            seen.add(r.booking_id)
        found.append((r.day, Fraction(1) if r.half is None else Fraction(1, 2)))
    return found


def run_allowances(args: argparse.Namespace) -> int:
    """``teleaccord allowances``: every employee's telework allowance per month."""
    from teleaccord.allowance import ExemptionTable, monthly_allowances
    from teleaccord.errors import Problem
    from teleaccord.io.csv import read_workforce, sample_workforce

    if bool(args.contracts) != bool(args.bookings):
        msg = "--contracts and --bookings go together (or neither, for the sample workforce)."
        raise InvalidValue(msg, field="--contracts", code="missing_file")
    sample = None if args.contracts else sample_workforce()
    year = args.year if args.year is not None else (sample.year if sample else None)
    if year is None:
        msg = "--year: say which calendar year to report (--year YYYY)."
        raise InvalidValue(msg, field="--year", code="missing_period")
    period = year_range(year)
    policy = _allowance_policy(args)
    limits = ExemptionTable.load(args.limits) if args.limits else ExemptionTable.default()
    problems: list[Problem] = []
    if sample is not None:
        records = sample.records(on_problem=problems.append)
    else:
        records = read_workforce(
            args.contracts,
            args.bookings,
            encoding=args.encoding,
            on_problem=problems.append,
            unsorted="index",
        )
    rows: list[dict[str, Any]] = []
    for record in records:
        if record.contract is None:
            if not record.contract_skipped:
                problems.append(
                    Problem(
                        record.bookings_source.name,
                        f"{record.employee} has bookings but no contract; skipped",
                        "no_contract",
                    )
                )
            continue
        contract = record.contract.contract
        months = monthly_allowances(
            policy,
            contract,
            _telework_days(record),
            period,
            weekly_days=args.weekly_days,
            limits=limits,
        )
        for month in months:
            if contract.presence(month.month) is None:
                continue
            rows.append(month.to_dict() if args.format == "json" else _allowance_row(month))
    for problem in problems:
        print(f"{problem.path}: {problem.message}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        import csv as csv_module

        writer = csv_module.writer(sys.stdout, lineterminator="\n")
        writer.writerow(_ALLOWANCE_COLUMNS)
        writer.writerows([row[c] for c in _ALLOWANCE_COLUMNS] for row in rows)
    else:
        print(_allowances_table(rows, policy, year))
    return EXIT_FOUND_PROBLEMS if problems else EXIT_OK


_ALLOWANCE_COLUMNS = ("employee", "month", "telework_days", "due", "exempt", "excess")


def _allowance_row(month: Any) -> dict[str, Any]:
    data = month.to_dict()
    return {c: data[c] for c in _ALLOWANCE_COLUMNS}


def _allowances_table(rows: list[dict[str, Any]], policy: Any, year: int) -> str:
    from decimal import Decimal

    from teleaccord.amounts import parse_amount

    lines = [
        f"Telework allowances of {year} under {policy.name!r}"
        + ("" if policy.describe() == policy.name else f" ({policy.describe()})"),
        "",
        f"{'employee':<10} {'month':<8} {'days':>6} {'due':>9} {'exempt':>9} {'excess':>9}",
    ]
    days = Fraction(0)
    money = [Decimal(0), Decimal(0), Decimal(0)]
    for row in rows:
        lines.append(
            f"{row['employee']:<10} {row['month']:<8} {row['telework_days']:>6} "
            f"{row['due']:>9} {row['exempt']:>9} {row['excess']:>9}"
        )
        days += parse_amount(row["telework_days"])
        money = [
            m + Decimal(row[k]) for m, k in zip(money, ("due", "exempt", "excess"), strict=True)
        ]
    lines.append(
        f"{'total':<10} {len(rows):<8} {format_amount(days):>6} "
        + " ".join(f"{m:>9}" for m in money)
    )
    return "\n".join(lines)


# -- validate and ical ----------------------------------------------------------------------
# Each built by one function (its arguments and run as inner functions, the I/O modules imported
# when the command is built), registered by one line below.


def _validate_command() -> Command:
    """``teleaccord validate``: check agreement, JSON and CSV files, every problem at once."""
    import os

    from teleaccord.errors import LoadError, Problem
    from teleaccord.io import csv as csv_files
    from teleaccord.io.agreement_file import load_agreement
    from teleaccord.io.allowance_file import load_allowance_policy
    from teleaccord.io.json import load_lines, loads

    kinds = ("agreement", "allowance", "json", "jsonl", "contracts", "bookings", "adjustments")

    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help=(
                "the files to check: an agreement (.toml), an allowance policy (.toml with "
                "'allowance' in its name), a teleaccord value (.json), values or a ledger "
                "(.jsonl), contracts, bookings or adjustments (.csv, told apart by their names)"
            ),
        )
        parser.add_argument(
            "--kind",
            choices=kinds,
            default=None,
            help="what every FILE holds, when their names do not tell",
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="text for people (default), json for programs",
        )

    def kind_of(path: str, given: str | None) -> str:
        if given:
            return given
        name = os.path.basename(path).lower()
        if name.endswith(".toml"):
            return "allowance" if "allowance" in name else "agreement"
        if name.endswith(".jsonl"):
            return "jsonl"
        if name.endswith(".json"):
            return "json"
        if name.endswith(".csv"):
            for kind in ("contract", "booking", "adjustment"):
                if kind in name:
                    return kind + "s"
        msg = (
            f"--kind: cannot tell what {path} holds from its name; give --kind "
            f"({', '.join(kinds)})."
        )
        raise InvalidValue(msg, field="--kind", code="unknown_kind")

    def check(path: str, kind: str) -> tuple[str, list[Problem]]:
        """What the file holds, in a few words, and its problems."""
        try:
            if kind == "agreement":
                return f"the agreement {load_agreement(path).name!r}", []
            if kind == "allowance":
                return f"the allowance policy {load_allowance_policy(path).name!r}", []
            if kind in ("json", "jsonl"):
                with open(path, "rb") as handle:
                    text = handle.read()
                if kind == "json":
                    return f"a {type(loads(text, source=path)).__name__}", []
                values: list[Any] = load_lines(text, source=path)
                return f"{len(values)} value{'s' if len(values) != 1 else ''}", []
            reader = {
                "contracts": csv_files.read_contracts,
                "bookings": csv_files.read_bookings,
                "adjustments": csv_files.read_adjustments,
            }[kind]
            count = sum(1 for _ in reader(path))
            noun = "employee" if kind == "contracts" else kind.removesuffix("s")
            return f"{count} {noun}{'s' if count != 1 else ''}", []
        except LoadError as error:
            return "", list(error.problems)
        except OSError as error:
            problem = Problem("$", f"cannot read the file ({error.strerror})", "unreadable_file")
            return "", [problem]

    def run(args: argparse.Namespace) -> int:
        files = [(path, kind_of(path, args.kind)) for path in args.files]
        report = []
        for path, kind in files:
            holds, problems = check(path, kind)
            report.append(
                {
                    "file": path,
                    "kind": kind,
                    "valid": not problems,
                    "holds": holds,
                    "problems": [attrs.asdict(p) for p in problems],
                }
            )
        valid = all(r["valid"] for r in report)
        if args.format == "json":
            print(json.dumps({"valid": valid, "files": report}, indent=2, ensure_ascii=False))
        else:
            for r in report:
                if r["valid"]:
                    print(f"{r['file']}: valid {r['kind']} file, {r['holds']}.")
                    continue
                count = len(r["problems"])
                print(f"{r['file']}: {count} problem{'s' if count != 1 else ''} ({r['kind']}):")
                for p in r["problems"]:
                    print(f"  {p['path']}: {p['message']} [{p['code']}]")
        return EXIT_OK if valid else EXIT_FOUND_PROBLEMS

    return Command(
        name="validate",
        summary="check agreement, JSON and CSV files and report every problem at once",
        description=(
            "Check each FILE completely and report every problem found, each with where it is "
            "(a key path such as $.quotas[1].maximum in an agreement or JSON file, "
            "file:line:column in a CSV file) and a stable code. What a file holds is read from "
            "its name (.toml, .json, .jsonl, and contracts/bookings/adjustments in CSV file "
            "names) unless --kind says. Exit code 0 when every file is valid, 1 when problems "
            "were found (all reported), 2 when a file's kind cannot be told."
        ),
        examples=(
            "teleaccord validate agreement.toml",
            "teleaccord validate agreement.toml contracts.csv bookings.csv",
            "teleaccord validate export.txt --kind bookings",
            "teleaccord validate ledger-E042.jsonl --format json",
        ),
        arguments=arguments,
        run=run,
        option_names=(("--kind", "--kind"),),
    )


def _ical_command() -> Command:
    """``teleaccord ical``: telework days from ledgers or bookings files as an .ics calendar."""
    import re
    from datetime import datetime, time

    from teleaccord.agreement import Agreement
    from teleaccord.io import csv as csv_files
    from teleaccord.io.agreement_file import load_agreement
    from teleaccord.io.ical import export_ical
    from teleaccord.io.json import load_lines
    from teleaccord.ledger import Booking, Cancellation

    def hours(value: str, option: str) -> tuple[time, time]:
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", value)
        if match:
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2):
                return time(h1, m1), time(h2, m2)
        msg = f"{option}: expected a start and a later end such as 09:00-12:30, got {value!r}."
        raise InvalidValue(msg, field=option, code="invalid_hours")

    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help=(
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
        parser.add_argument(
            "--agreement",
            metavar="FILE",
            help="the agreement (.toml) whose time zone places the half-days",
        )
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
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="write the calendar here (default: stdout)"
        )

    Found = tuple[list[tuple[Any, ...]], list[datetime]]

    def from_jsonl(path: str, employee: str | None) -> Found:
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
        except ValueError:
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

    def from_csv(path: str) -> Found:
        """The active bookings of a bookings file, and when its rows were recorded."""
        active: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        recorded: list[datetime] = []
        for row in csv_files.read_bookings(path):
            key = (row.employee, row.booking_id or (row.day, row.half))
            if row.status == "cancelled":
                active.pop(key, None)
            else:
                active[key] = (row.employee, row.day, row.half, row.booking_id)
            if row.recorded_at is not None:
                recorded.append(row.recorded_at)
        return list(active.values()), recorded

    def stamp_of(text: str) -> datetime:
        try:
            return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            msg = (
                f"--stamp: expected a date and time with its UTC offset such as "
                f"2025-03-01T09:00:00+01:00, got {text!r}."
            )
            raise InvalidValue(msg, field="--stamp", code="invalid_datetime") from None

    def run(args: argparse.Namespace) -> int:
        morning = hours(args.morning, "--morning")
        afternoon = hours(args.afternoon, "--afternoon")
        stamp = stamp_of(args.stamp) if args.stamp else None
        start = parse_date(args.start, field="--from") if args.start else date.min
        end = parse_date(args.end, field="--to") if args.end else date.max
        period = DateRange(start, end)
        agreement: Agreement | None = load_agreement(args.agreement) if args.agreement else None
        items: list[tuple[Any, ...]] = []
        recorded: list[datetime] = []
        for path in args.files:
            found, times = (
                from_csv(path) if path.lower().endswith(".csv") else from_jsonl(path, args.employee)
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
        if args.output:
            with open(args.output, "wb") as handle:
                handle.write(calendar)
            print(f"{args.output}: {calendar.count(b'BEGIN:VEVENT')} telework events.")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(calendar)
            sys.stdout.buffer.flush()
        return EXIT_OK

    return Command(
        name="ical",
        summary="export telework days to an iCalendar (.ics) file for people's agendas",
        description=(
            "Read the active bookings (not cancelled) of ledgers (JSON Lines) or bookings files "
            "(CSV) and write them as an iCalendar file: an all-day event for a whole day, a "
            "timed event for a half-day, at the given hours in the agreement's time zone. Each "
            "event's UID comes from its booking id, so importing a newer export updates "
            "agendas instead of duplicating events. Needs the optional icalendar package "
            "(pip install 'teleaccord[ical]')."
        ),
        examples=(
            "teleaccord ical ledger-E042.jsonl -o E042.ics",
            "teleaccord ical bookings.csv --only E042 E043 --from 2025-01-01 --to 2025-06-30",
            "teleaccord ical bookings.csv --agreement agreement.toml --morning 08:30-12:00",
        ),
        arguments=arguments,
        run=run,
        option_names=(("timezone", "--timezone"), ("stamp", "--stamp")),
    )


# -- the list of subcommands -----------------------------------------------------------------
# To add a subcommand: write `_NAME_arguments(parser)` and `run_NAME(args) -> int` above, then
# add one `Command(...)` line here.

COMMANDS: tuple[Command, ...] = (
    Command(
        name="calendar",
        summary="public holidays and working days of a year, for a region and a work pattern",
        description=(
            "Print the public holidays of YEAR for a country and region, then the working "
            "days of each month for a work pattern, and the year's totals. A day counts as a "
            "working day when any half-day of it is worked; the 'Worked' column counts "
            "half-days as 1/2. Holidays and closures are days off, unless a holiday is marked "
            "worked (--worked-holiday) or the pattern works holidays (--works-holidays); a "
            "closure is never worked."
        ),
        examples=(
            "teleaccord calendar 2025",
            'teleaccord calendar 2025 --country FR --subdivision 57 --pattern "Mo Tu Th Fr"',
            'teleaccord calendar 2025 --subdivision 974 --pattern "Mo Tu We Th:am Fr"',
            'teleaccord calendar 2025 --pattern "Mo Tu / We Th Fr Sa Su" --anchor 2024-12-30 '
            "--works-holidays",
            'teleaccord calendar 2025 --closure 2025-12-22..2025-12-31 --worked-holiday "Pentecost Monday"',
            "teleaccord calendar 2025 --subdivision Alsace --format json",
        ),
        arguments=_calendar_arguments,
        run=run_calendar,
        option_names=(
            ("year", "YEAR"),
            ("country", "--country"),
            ("subdivision", "--subdivision"),
            ("pattern", "--pattern"),
            ("pattern.anchor", "--anchor"),
            ("closures", "--closure"),
        ),
    ),
    Command(
        name="balances",
        summary="the workforce job: every employee's telework balance from CSV files",
        description=(
            "Compute one balance per employee and reference period: the entitlement (exact "
            "and rounded as the agreement says), the days carried over, adjusted, booked and "
            "cancelled, the carried days that expired, and what remains. With no data options "
            "it runs on the sample workforce shipped with teleaccord (240 employees of a 24/7 "
            "assistance company under its 100-days accord). The CSV files may use ',' or ';', "
            "UTF-8 with or without BOM, and the column names of an HR export; sort them by "
            "employee so that memory stays flat. A bad row is reported with its file, line "
            "and column, skipped, and counted in the summary (exit code 1)."
        ),
        examples=(
            "teleaccord balances",
            "teleaccord balances --format csv --output balances.csv",
            "teleaccord balances --agreement accord.toml --contracts contracts.csv "
            "--bookings bookings.csv --adjustments adjustments.csv --year 2025",
            "teleaccord balances --agreement accord.toml --contracts contrats.csv "
            "--bookings reservations.csv --year 2025 --format csv --separator ';' "
            "--decimal-comma",
            "teleaccord balances --as-of 2025-06-30 --format json",
        ),
        arguments=_balances_arguments,
        run=run_balances,
        option_names=(
            ("--contracts", "--contracts"),
            ("year", "--year"),
        ),
    ),
    Command(
        name="entitlement",
        summary="one employee's telework entitlement for a reference period, explained",
        description=(
            "Compute the telework days one employee is entitled to in one reference period of "
            "an agreement: the exact figure and the figure rounded as the agreement says, "
            "then the explanation a person can check by hand (presence and work fraction of "
            "each contract segment, extra days for statuses, the formula, the rounding, the "
            "holidays used). The contract comes from a contracts CSV file (--contracts with "
            "--employee) or from options (--hired, --fraction, --pattern...). Eligibility "
            "problems, if any, are printed after the figure."
        ),
        examples=(
            "teleaccord entitlement --hired 2025-07-01 --year 2025",
            'teleaccord entitlement --hired 2020-01-06 --fraction 80% --pattern "Mo Tu Th Fr" '
            "--year 2025",
            "teleaccord entitlement --hired 2024-03-01 --status carer --period-containing 2025-06-15",
            "teleaccord entitlement --agreement accord.toml --contracts contracts.csv "
            "--employee E0042 --year 2025 --format json",
        ),
        arguments=_entitlement_arguments,
        run=run_entitlement,
        option_names=(*_EMPLOYEE_OPTIONS, ("as_of", "--as-of")),
    ),
    Command(
        name="check",
        summary="would this booking pass, and every reason why not",
        description=(
            "Check whether one employee may telework on a day (or a half-day) under an "
            "agreement, without booking anything: every rule the booking would break is "
            "listed with its stable code, its message and its numbers (exit code 1), or OK "
            "(exit code 0). The days already booked come from a bookings CSV file (the "
            "employee's rows; cancelled bookings are left out) or from --booked; they are "
            "taken as stored, not checked again. The period's entitlement is granted first, "
            "so quotas are checked against it. Give --at to check the notice."
        ),
        examples=(
            "teleaccord check --hired 2020-01-06 --date 2025-03-04",
            'teleaccord check --hired 2020-01-06 --pattern "Mo Tu Th Fr" --date 2025-03-05',
            "teleaccord check --hired 2020-01-06 --date 2025-03-06 --booked 2025-03-04 "
            "2025-03-05 --at 2025-03-03T18:00:00+01:00",
            "teleaccord check --agreement accord.toml --contracts contracts.csv --employee E0042 "
            "--bookings bookings.csv --date 2025-05-12 --half am --format json",
        ),
        arguments=_check_arguments,
        run=run_check,
        option_names=(*_EMPLOYEE_OPTIONS, ("half", "--half")),
    ),
    Command(
        name="allowances",
        summary="each employee's telework allowance per month: due, exempt, excess",
        description=(
            "Compute the telework allowance of every employee for each month of a year, from "
            "the same contracts and bookings files as 'teleaccord balances' (with no data "
            "options, the sample workforce shipped with teleaccord): the month's telework "
            "days (active bookings; a half-day counts as the policy says), the allowance due "
            "under the company's policy (rounded to the cent once, monthly and yearly caps "
            "applied), the part exempt from social contributions under the URSSAF limits in "
            "force that month, and the excess. The default policy pays 2.70 EUR a telework "
            "day up to 59.40 EUR a month; give yours with --policy. Bookings are taken as "
            "recorded; 'teleaccord balances' reports those on days not worked."
        ),
        examples=(
            "teleaccord allowances",
            "teleaccord allowances --format csv > allowances.csv",
            "teleaccord allowances --contracts contracts.csv --bookings bookings.csv --year 2025 "
            "--policy allowance.toml",
            "teleaccord allowances --policy per-weekly-day.toml --weekly-days 2 --format json",
            "teleaccord allowances --limits my-limits.toml --year 2026",
        ),
        arguments=_allowances_arguments,
        run=run_allowances,
        option_names=(("weekly_days", "--weekly-days"), ("year", "--year")),
    ),
    _validate_command(),
    _ical_command(),
)
"""Every subcommand, in the order ``teleaccord --help`` lists them."""


# -- the parser and the entry point ----------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The ``teleaccord`` argument parser with every subcommand of :data:`COMMANDS`.

    >>> build_parser().parse_args(["calendar", "2025", "--subdivision", "57"]).subdivision
    '57'
    """
    parser = argparse.ArgumentParser(
        prog="teleaccord",
        description=textwrap.fill(
            "Telework agreements as typed objects and exact arithmetic: working days, "
            "contracts, prorated quotas, ledgers and approvals.",
            88,
        ),
        epilog=(
            "Run 'teleaccord SUBCOMMAND --help' for the options and examples of each.\n\n"
            + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"teleaccord {__version__}")
    # No metavar: the usage line lists {calendar,...}, which the docs read to document each.
    subparsers = parser.add_subparsers(title="subcommands", dest="command")
    for command in COMMANDS:
        examples = "\n".join(f"  {line}" for line in command.examples)
        sub = subparsers.add_parser(
            command.name,
            help=command.summary,
            description=textwrap.fill(command.description, 88),
            epilog=(f"examples:\n{examples}\n\n" if examples else "") + EXIT_CODES_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.arguments(sub)
        sub.set_defaults(command_object=command)
    return parser


def _error_line(command: Command | None, error: TeleaccordError) -> str:
    where = f"teleaccord {command.name}" if command else "teleaccord"
    message = error.message
    option = dict(command.option_names).get(error.field or "") if command else None
    if option and error.field and message.startswith(f"{error.field}: "):
        message = f"{option}: {message[len(error.field) + 2 :]}"
    return f"{where}: error: {message}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``teleaccord`` with ``argv`` (default: the process arguments); return the exit code.

    >>> main(["calendar", "2025", "--country", "ZZ"])
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors: argparse has printed
        return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    command: Command | None = getattr(args, "command_object", None)
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return command.run(args)
    except TeleaccordError as error:
        print(_error_line(command, error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader went away (`teleaccord ... | head`)
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the last resort: report it, never hide it
        traceback.print_exc(file=sys.stderr)
        print(
            f"teleaccord {command.name}: internal error ({type(error).__name__}: {error}). "
            "This is a bug in teleaccord; please report it with the command line.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
