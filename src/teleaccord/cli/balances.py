"""``teleaccord balances``: the workforce job: every employee's telework balance from CSV files.

Compute one balance per employee and reference period: the entitlement (exact and rounded as
the agreement says), the days carried over, adjusted, booked and cancelled, the carried days
that expired, and what remains. With no data options it runs on the sample workforce shipped
with teleaccord (240 employees of a 24/7 assistance company under its 100-days accord). The CSV
files may use ',' or ';', UTF-8 with or without BOM, and the column names of an HR export; sort
them by employee so that memory stays flat. --terms FILE gives employees their own terms (a
personal cap, a medical recommendation: the file of ``teleaccord entitlement --terms``), applied
to their entitlement with the same precedence. A bad row is reported with its file, line and
column, skipped, and counted in the summary (exit code 1).

Examples::

    teleaccord balances
    teleaccord balances --format csv --output balances.csv
    teleaccord balances --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --adjustments adjustments.csv --year 2025
    teleaccord balances --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --absences absences.csv --year 2025
    teleaccord balances --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --terms terms.toml --year 2025
    teleaccord balances --agreement accord.toml --contracts contrats.csv --bookings reservations.csv --year 2025 --format csv --decimal-comma
    teleaccord balances --exact
    teleaccord balances --as-of 2025-06-30 --format json
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from typing import IO, Any

from teleaccord.agreement import DEFAULT_POOL
from teleaccord.amounts import format_amount
from teleaccord.cli import export, options
from teleaccord.dates import DateRange
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.chunks import parallel_balances, sample_paths
from teleaccord.io.csv import BALANCES, read_workforce, sample_workforce, write_balances
from teleaccord.io.output import STDIO, check_output_path, neutralise_row, open_output
from teleaccord.io.versions_file import load_agreement_map, load_individual_terms
from teleaccord.locale import translate
from teleaccord.workforce import BalanceRow, RunSummary, periods_for_year, workforce_balances

__all__ = ["OPTION_NAMES", "arguments", "run"]


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord balances``."""
    data = parser.add_argument_group(
        "data (default: the sample workforce shipped with teleaccord, its agreement and year)"
    )
    options.add_agreement(data, "the sample workforce's, with no data files")
    options.add_file(
        data,
        "agreements",
        "a TOML file mapping employees to their own agreement or agreement history "
        '([employees] E0001 = "history.toml"); the others keep --agreement',
    )
    options.add_file(
        data,
        "terms",
        "an individual terms file (TOML, [employees.ID] tables: personal_cap, weekly_maximum, "
        "medical_days, medical_weekly_maximum, medical_source), as for 'teleaccord "
        "entitlement': each employee listed gets their own entitlement",
    )
    options.add_data_files(data, "contracts", "bookings", "adjustments", "absences")
    options.add_store(data, "read the bookings and adjustments from this store (with --contracts)")
    options.add_encoding(data)
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
    options.add_region(parser.add_argument_group("calendar"))
    out = parser.add_argument_group("output")
    options.add_format(out, "table", "csv", "json", "jsonl")
    options.add_output(out, "the balances")
    out.add_argument(
        "--separator",
        choices=(",", ";"),
        default=None,
        help="CSV separator (default: ';' with the decimal comma, for French spreadsheets, "
        "else ',')",
    )
    options.add_numbers(out)
    options.add_keep_formulas(out)
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
    options.add_file(run, "problems", "write every problem to FILE as CSV (path, code, message)")
    run.add_argument(
        "--unsorted",
        choices=("auto", "error", "index"),
        default="auto",
        help="files not sorted by employee: index them in memory with a warning (auto, the "
        "default), refuse them (error), or index them from the start (index)",
    )
    run.add_argument(
        "--engine",
        choices=("auto", "python", "fast"),
        default="auto",
        help="how the bookings file is read: with the columnar reader of the fast extra "
        "(pyarrow, numpy) when installed (auto, the default), always (fast), or with the CSV "
        "reader only (python); the output is the same",
    )
    run.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="compute on N processes (default: 1): the sorted files are cut at employee "
        "boundaries and the results merged in order, the output the same as one job's; the "
        "inputs must be files (not standard input or a workbook)",
    )
    run.add_argument(
        "--progress",
        action="store_true",
        help="report progress on stderr (shown anyway when stderr is a terminal)",
    )


def _balances_inputs(args: argparse.Namespace) -> dict[str, Any]:
    """The agreement, calendar, periods and data sources the options name."""
    store = getattr(args, "store", None)
    files = (args.contracts, args.bookings, args.adjustments, args.absences, store)
    sample = None if any(files) else sample_workforce()
    if store and (args.bookings or args.adjustments):
        msg = (
            "--store: the store holds the bookings and adjustments; drop --bookings/--adjustments."
        )
        raise InvalidValue(msg, field="--store", code="missing_file")
    options.check_contracts_and_bookings(sample, args.contracts, args.bookings or store)
    agreement = options.data_agreement(
        args, sample, "balances are", options.agreement_or_history_named
    )
    per_employee = None
    if getattr(args, "agreements", None):
        per_employee = load_agreement_map(args.agreements)
    terms = load_individual_terms(args.terms) if getattr(args, "terms", None) else None
    calendar = options.region_calendar(args, sample.country if sample else options.DEFAULT_COUNTRY)
    as_of = None if args.as_of is None else options.day_option(args.as_of, "--as-of")
    if args.period is not None:
        periods: tuple[DateRange, ...] = (
            agreement.reference.containing(options.day_option(args.period, "--period")),
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
        "agreements": per_employee,
        "terms": terms,
        "calendar": calendar,
        "periods": periods,
        "as_of": as_of,
    }


class _Progress:
    """Employees done and rows read, on stderr, at most twice a second."""

    def __init__(self, enabled: bool, summary: Any) -> None:
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


_TITLES = {"entitlement_exact": "exact", "entitlement": "granted"}
"""The table's titles of the balances columns, where they differ from the names."""


def _balances_table(rows: Any, out: Any, show: Callable[[Fraction], str] = format_amount) -> int:
    """Balances as a table with a total line, each amount written by ``show``; return the
    number of rows.

    The columns are as wide as their widest cell (long employee ids, range period labels,
    exact fractions), so the table is held until its last row. Two columns appear only when
    they say something: ``forfeited`` when a carry-over cap cut a balance (a row's forfeited
    days are not 0 and not all its remaining days: under an agreement that carries nothing
    over, the days forfeited at a period's end are its remaining days, not repeated), ``pool``
    when a row is not the default pool's (an agreement with pools, or imposed or medical
    days)."""
    held = list(rows)
    cut = any(r.forfeited and r.forfeited != r.remaining for r in held)
    names = [
        c.name for c in BALANCES.columns if c.kind == "amount" and (c.name != "forfeited" or cut)
    ]
    pools = any(r.pool != DEFAULT_POOL for r in held)
    left_names = ["employee", "period", *(["pool"] if pools else [])]
    totals = [Fraction(0)] * len(names)
    lines: list[list[str]] = [[*left_names, *(_TITLES.get(n, n) for n in names)]]
    for row in held:
        values = [getattr(row, n) for n in names]
        totals = [t + v for t, v in zip(totals, values, strict=True)]
        pool = [row.pool] if pools else []
        lines.append([row.employee, row.label, *pool, *(show(v) for v in values)])
    count = len(lines) - 1
    lines.append(["total", str(count), *([""] if pools else []), *(show(t) for t in totals)])
    left = len(left_names)
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    widths[:2] = [max(widths[0], 10), max(widths[1], 9)]
    widths[left:] = [max(w, 10) for w in widths[left:]]
    for line in lines:
        head = " ".join(f"{cell:<{w}}" for cell, w in zip(line[:left], widths[:left], strict=True))
        tail = "".join(f" {cell:>{w}}" for cell, w in zip(line[left:], widths[left:], strict=True))
        out.write(head + tail + "\n")
    return count


def run(args: argparse.Namespace) -> int:
    """``teleaccord balances``: the workforce's balances from CSV files (or the sample)."""
    lang = options.language(args)
    if getattr(args, "jobs", 1) < 1:
        msg = f"--jobs: expected 1 or more processes, got {args.jobs}."
        raise InvalidValue(msg, field="--jobs", code="invalid_value")
    inputs = _balances_inputs(args)
    sample = inputs["sample"]
    shown: list[int] = [0]
    # Nothing the run writes may replace what it reads, and both outputs are checked before
    # anything is read: a refused output costs nothing and destroys nothing.
    sources = [
        p
        for p in (
            args.contracts,
            args.bookings,
            args.adjustments,
            args.absences,
            args.agreement,
            args.agreements,
            getattr(args, "terms", None),
        )
        if p
    ]
    for target in (args.output, args.problems):
        if target and target != STDIO:
            check_output_path(target, inputs=sources)
    if args.output and args.output != STDIO and args.problems:
        check_output_path(args.problems, inputs=[args.output])
    problems_writer: Any = None
    figures = [False]  # whether any balance computed is not all zeros
    with_terms = inputs["terms"] or {}
    used: set[str] = set()  # the employees of the terms file the run computed

    def watch(rows: Any) -> Iterator[Any]:
        figures[0] = False
        used.clear()
        for row in rows:
            if not figures[0] and any(getattr(row, n) for n in _AMOUNTS):
                figures[0] = True
            if with_terms and row.employee in with_terms:
                used.add(row.employee)
            yield row

    def report(problem: Problem) -> None:
        if shown[0] < args.max_problems:
            print(f"{problem.path}: {translate(problem, lang)}", file=sys.stderr)
        shown[0] += 1
        if problems_writer is not None:
            problems_writer.writerow(neutralise_row([problem.path, problem.code, problem.message]))

    def compute(unsorted: str, out: Any) -> tuple[int, RunSummary]:
        summary = RunSummary()
        shown[0] = 0
        jobs = getattr(args, "jobs", 1)
        if jobs > 1 and unsorted != "index" and not getattr(args, "store", None):
            return _in_parts(args, inputs, jobs, report, summary, out, watch)
        if sample is not None:
            records = sample.records(on_problem=report, summary=summary)
        elif getattr(args, "store", None):
            records = export.stored_workforce(args, report)
        else:
            records = read_workforce(
                args.contracts,
                args.bookings,
                args.adjustments,
                **options.csv_reading(args),
                on_problem=report,
                unsorted=unsorted,
                summary=summary,
                absences=args.absences,
                engine=getattr(args, "engine", "auto"),
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
            agreements=inputs["agreements"],
            terms=inputs["terms"],
        )
        try:
            count = _write_rows(args, watch(rows), out)
        finally:
            progress.done()
        return count, summary

    # Both outputs are written atomically (io.output): a run stopped by bad input leaves the
    # old files, never half-written ones. Printed balances are held back until the run ends,
    # for the same reason; unsorted files can then be run again, indexed in memory.
    with contextlib.ExitStack() as stack:
        if args.problems:
            problems_file = stack.enter_context(open_output(args.problems, inputs=sources))
            problems_writer = csv.writer(problems_file, lineterminator="\n")
            problems_writer.writerow(["path", "code", "message"])
        to_stdout = not args.output or args.output == STDIO
        out: IO[str] = stack.enter_context(
            tempfile.TemporaryFile("w+", newline="", encoding="utf-8")  # noqa: SIM115 - in the stack
            if to_stdout
            else open_output(args.output, inputs=sources)
        )
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
            if problems_writer is not None:
                problems_file.seek(0)
                problems_file.truncate()
                problems_writer.writerow(["path", "code", "message"])
            logging.getLogger("teleaccord").debug("unsorted input: indexing in memory")
            count, summary = compute("index", out)
        # Only zeros: the periods asked are not those of the data (--year 25 for 2025).
        empty = count > 0 and not figures[0]
        if empty:
            report(_no_data(args, inputs["periods"]))
        for employee in sorted(set(with_terms) - used):
            # A typo in the terms file would silently drop someone's terms: say so.
            summary.problems["unknown_employee"] += 1
            report(_unused_terms(args.terms, employee))
        if to_stdout:
            out.seek(0)
            shutil.copyfileobj(out, sys.stdout)
    if shown[0] > args.max_problems:
        print(
            f"... and {shown[0] - args.max_problems} more problems"
            + ("" if args.problems else " (--problems FILE lists them all)"),
            file=sys.stderr,
        )
    where = f"written to {args.output}" if args.output and args.output != STDIO else "printed"
    print(f"teleaccord balances: {summary.describe()} {count} rows {where}.", file=sys.stderr)
    return (
        options.EXIT_FOUND_PROBLEMS
        if summary.problem_count or summary.skipped_rows or empty
        else options.EXIT_OK
    )


_AMOUNTS = tuple(c.name for c in BALANCES.columns if c.kind == "amount")


def _in_parts(
    args: argparse.Namespace,
    inputs: dict[str, Any],
    jobs: int,
    report: Callable[[Problem], None],
    summary: RunSummary,
    out: Any,
    watch: Callable[[Any], Iterator[Any]],
) -> tuple[int, RunSummary]:
    """``--jobs N``: the balances computed in parts on N processes (teleaccord.io.chunks)."""
    reading = options.csv_reading(args)
    if inputs["sample"] is not None:
        paths = sample_paths()
        files: dict[str, Any] = {
            "contracts": paths["contracts"],
            "bookings": paths["bookings"],
            "adjustments": paths["adjustments"],
            "absences": None,
        }
        names: tuple[str | None, ...] = ("contracts.csv", "bookings.csv", "adjustments.csv", None)
        reading = {"encoding": "utf-8-sig", "date_format": None}
    else:
        files = {
            "contracts": args.contracts,
            "bookings": args.bookings,
            "adjustments": args.adjustments,
            "absences": args.absences,
        }
        names = (None, None, None, None)
    rows = parallel_balances(
        files["contracts"],
        files["bookings"],
        files["adjustments"],
        absences=files["absences"],
        names=names,
        **reading,
        agreement=inputs["agreement"],
        calendar=inputs["calendar"],
        periods=inputs["periods"],
        as_of=inputs["as_of"],
        agreements=inputs["agreements"],
        terms=inputs["terms"],
        summary=summary,
        on_problem=report,
        stop_at_first_error=args.stop_at_first_error,
        jobs=jobs,
    )
    return _write_rows(args, watch(rows), out), summary


def _write_rows(args: argparse.Namespace, rows: Iterable[BalanceRow], out: IO[str]) -> int:
    """Write the balance rows as the options say (a table for people, CSV or JSON); their
    count."""
    if args.format == "table":
        return _balances_table(rows, out, options.amount_text(args))
    comma = options.decimal_comma(args)
    return write_balances(
        rows,
        out,
        format=args.format,
        delimiter=args.separator or (";" if comma else ","),
        decimal_comma=comma,
        neutralise=not args.keep_formulas,
        exact=args.exact,
    )


def _unused_terms(path: str, employee: str) -> Problem:
    """The problem of individual terms for an employee the run computed no balance for."""
    message = (
        f"{employee} has individual terms but no balance was computed for them (no valid "
        "contract in the data): their terms were not used"
    )
    return Problem(f"{path}:$.employees.{employee}", message, "unknown_employee")


def _no_data(args: argparse.Namespace, periods: tuple[DateRange, ...]) -> Problem:
    """The warning for balances that are all zeros: the data hold nothing for the periods
    asked (``--year 25`` rather than ``2025``), which would otherwise look like a result."""
    option = "--year" if args.year is not None else "--period" if args.period else "--as-of"
    first, last = periods[0].start, periods[-1].end
    message = (
        f"every balance is 0: no contract, booking or adjustment of the data falls in the "
        f"periods computed ({first}..{last}); check {option}"
    )
    return Problem(option, message, "no_data_in_periods")


OPTION_NAMES: tuple[tuple[str, str], ...] = (
    ("--contracts", "--contracts"),
    ("year", "--year"),
    ("terms", "--terms"),
)
"""The option to name when an error's field is one of these keys."""
