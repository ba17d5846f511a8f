"""``teleaccord prerequisites``: attestations that expire soon, and who lacks a valid one.

Read the attestations employees gave for the prerequisites the agreement's charter requires
before telework (home workplace adequacy, home insurance, electrical conformity, internet,
equipment), from a CSV file (format 'attestations') or a JSON array, and report on a day
(--as-of, required: no hidden clock) what expires within --within days, what has expired, and
who never gave a required one (every employee of --contracts is considered, even without any
attestation). Exit code 1 when someone lacks a valid attestation or rows were skipped; an
attestation that is only expiring soon gives 0.

Examples::

    teleaccord prerequisites --agreement accord.toml --attestations attestations.csv --as-of 2025-03-01
    teleaccord prerequisites --agreement accord.toml --attestations attestations.csv --as-of 2025-03-01 --within 60 --format csv
    teleaccord prerequisites --agreement accord.toml --attestations attestations.json --contracts contracts.csv --as-of 2025-03-01 --format json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from teleaccord.cli import options
from teleaccord.errors import Problem
from teleaccord.io.attestation_file import load_attestations, read_attestations
from teleaccord.io.convert import unstructure
from teleaccord.io.csv import read_contract_rows
from teleaccord.io.output import neutralise_row
from teleaccord.prerequisites import Attestation, PrerequisiteReport, prerequisites_report

__all__ = ["OPTION_NAMES", "arguments", "run"]

_COLUMNS = ("employee", "kind", "status", "valid_until", "days_left", "reference")


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"expected a number of days of at least 0, got {text!r}."
        raise argparse.ArgumentTypeError(msg)
    return value


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord prerequisites``."""
    data = parser.add_argument_group("data")
    options.add_agreement(data, "the sample agreement, which requires no attestation")
    data.add_argument(
        "--attestations",
        metavar="FILE",
        required=True,
        help="the attestations: a CSV file (format 'attestations') or a JSON array (.json)",
    )
    data.add_argument(
        "--contracts",
        metavar="FILE",
        default=None,
        help="a contracts CSV: its employees are reported too, as missing every required "
        "attestation they never gave",
    )
    options.add_encoding(data)
    when = parser.add_argument_group("when")
    when.add_argument("--as-of", metavar="DATE", required=True, help="the day of the report")
    when.add_argument(
        "--within",
        metavar="DAYS",
        type=_days,
        default=30,
        help="report the attestations whose last valid day is at most DAYS days after "
        "--as-of (default: 30)",
    )
    who = parser.add_argument_group("who")
    who.add_argument("--employee", metavar="ID", default=None, help="only this employee")
    out = parser.add_argument_group("output")
    options.add_format(out, "table", "csv", "json", amounts=False)
    options.add_output(out, "the report")


def _attestations(args: argparse.Namespace, problems: list[Problem]) -> list[Attestation]:
    reading = options.csv_reading(args)
    path: str = args.attestations
    if path.lower().endswith(".json"):
        return list(load_attestations(path, encoding=reading["encoding"]))
    return list(read_attestations(path, on_problem=problems.append, **reading))


def _rows(report: PrerequisiteReport) -> list[list[str]]:
    return [
        [
            i.employee,
            i.kind,
            i.status,
            "" if i.valid_until is None else i.valid_until.isoformat(),
            "" if i.days_left is None else str(i.days_left),
            i.reference,
        ]
        for i in report.items
    ]


def run(args: argparse.Namespace) -> int:
    """``teleaccord prerequisites``: what expires soon and who lacks a valid attestation."""
    agreement = options.agreement_of(args)
    as_of = options.day_option(args.as_of, "--as-of")
    problems: list[Problem] = []
    given = _attestations(args, problems)
    employees: set[str] = set()
    if args.contracts:
        reading = options.csv_reading(args)
        for contract_row in read_contract_rows(
            args.contracts, on_problem=problems.append, **reading
        ):
            employees.add(contract_row.employee)
    if args.employee:
        given = [a for a in given if a.employee == args.employee]
        employees = {args.employee}
    report = prerequisites_report(agreement, given, as_of, args.within, employees=employees)
    if args.format == "json":
        data: dict[str, Any] = unstructure(report)
        data["counts"] = report.counts()
        data["lacking"] = list(report.lacking)
        data["problems"] = [
            {"path": p.path, "message": p.message, "code": p.code} for p in problems
        ]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        delimiter = ";" if options.decimal_comma(args) else ","
        writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
        writer.writerow(_COLUMNS)
        for row in _rows(report):
            writer.writerow(neutralise_row(row))
    else:
        print(report.describe())
        if not report.requirements:
            print("  The agreement's charter requires no attestation.")
        for item in report.items:
            if item.valid_until is None or item.days_left is None:
                when = "never given"
            elif item.status == "expired":
                when = f"expired on {item.valid_until} ({-item.days_left} days ago)"
            else:
                when = f"valid until {item.valid_until} ({item.days_left} days left)"
            ref = f" [{item.reference}]" if item.reference else ""
            print(f"  {item.employee:<10} {item.kind:<22} {item.status:<8} {when}{ref}")
    if problems:
        count = len(problems)
        print(f"{count} row{'s' if count != 1 else ''} skipped:", file=sys.stderr)
        for p in problems[:20]:
            print(f"  {p.path}: {p.message} [{p.code}]", file=sys.stderr)
    lacking = report.with_status("expired") or report.with_status("missing")
    return options.EXIT_FOUND_PROBLEMS if problems or lacking else options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (("as_of", "--as-of"), ("within_days", "--within"))
"""The option to name when an error's field is one of these keys."""
