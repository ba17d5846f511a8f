"""``teleaccord import``: move JSON Lines ledgers or the workforce CSV files into a store.

Append JSON Lines ledgers (FILE..., each the whole history of one employee, checked as
'teleaccord validate' checks it) and the bookings and adjustments CSV files (each row becomes a
ledger entry, after the entries already stored) to a store: a SQLite file, created when
missing, or a PostgreSQL database. The agreement and the contracts say whose ledgers they are.
Rows without an id get one derived from the row, so importing the same files twice changes
nothing. A row that does not fit (a day booked twice, a cancellation of no booking) is
reported and skipped (exit code 1).

Examples::

    teleaccord import --store ledgers.db --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --adjustments adjustments.csv
    teleaccord import --store ledgers.db --agreement accord.toml --contracts contracts.csv --absences absences.csv
    teleaccord import --store ledgers.db --agreement accord.toml --contracts contracts.csv ledger-E042.jsonl
    teleaccord import --store postgresql:///teleaccord --tenant acme --agreement accord.toml --contracts contracts.csv --bookings bookings.csv
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from teleaccord.cli import options
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.csv import read_contracts, read_workforce
from teleaccord.io.json import parse_json
from teleaccord.locale import translate
from teleaccord.store.transfer import import_jsonl, import_records

__all__ = ["OPTION_NAMES", "arguments", "run"]


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord import``."""
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="JSON Lines ledgers (.jsonl) to import"
    )
    options.add_store(parser, "the store to import into (created when missing)")
    options.add_agreement(parser, options.SAMPLE_AGREEMENT)
    options.add_data_files(parser, "contracts", "bookings", "adjustments", "absences")
    options.add_encoding(parser)
    options.add_region(parser)
    parser.add_argument(
        "--at",
        metavar="DATETIME",
        default=None,
        help="when rows without a timestamp were recorded, with its UTC offset "
        "(default: now, in UTC)",
    )


def _employee_of(text: str, source: str) -> str:
    """The employee a ledger file's header names."""
    for line in text.split("\n"):
        if line.strip():
            data = parse_json(line, source, "line 1")
            if isinstance(data, dict) and data.get("type") == "ledger" and data.get("employee"):
                return str(data["employee"])
            break
    msg = f"{source}: the file has no header line naming its employee; it cannot be imported."
    raise InvalidValue(msg, field="files", code="missing_value")


def _ledger_text(path: str) -> str:
    """A ledger file's text: a typed error when it cannot be read or is not UTF-8."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        problem = Problem("$", f"cannot read the file ({exc.strerror})", "unreadable_file")
    except UnicodeDecodeError as exc:
        problem = Problem(
            f"byte {exc.start}",
            "the file is not UTF-8 text (a JSON Lines ledger is)",
            "invalid_encoding",
        )
    raise LoadError.from_problems(path, [problem])


def run(args: argparse.Namespace) -> int:
    """``teleaccord import``: ledgers and rows into a store."""
    lang = options.language(args)
    if not args.store:
        msg = "--store: say which store to import into."
        raise InvalidValue(msg, field="--store", code="missing_file")
    if not args.contracts:
        msg = "--contracts: the contracts say whose ledgers are imported; give the contracts CSV."
        raise InvalidValue(msg, field="--contracts", code="missing_file")
    if not (args.files or args.bookings or args.adjustments or args.absences):
        msg = "give JSON Lines ledgers (FILE...) or --bookings/--adjustments/--absences to import."
        raise InvalidValue(msg, field="files", code="missing_file")
    agreement = options.agreement_or_history_named(args.agreement or options.SAMPLE_AGREEMENT)
    calendar = options.region_calendar(args)
    at = datetime.now(timezone.utc) if args.at is None else options.aware_datetime(args.at, "--at")
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        print(f"{problem.path}: {translate(problem, lang)}", file=sys.stderr)

    store = options.opened_store(args.store, create=True)
    try:
        for path in args.files:
            text = _ledger_text(path)
            employee = _employee_of(text, path)
            contract = next(
                (
                    c.contract
                    for c in read_contracts(args.contracts, encoding=args.encoding)
                    if c.employee == employee
                ),
                None,
            )
            if contract is None:
                report(
                    Problem(
                        path,
                        f"{args.contracts} has no contract for {employee}; skipped",
                        "unknown_employee",
                    )
                )
                continue
            done = import_jsonl(
                store,
                text,
                tenant=args.tenant,
                agreement=agreement,
                contract=contract,
                calendar=calendar,
                source=path,
            )
            what = "already in the store" if done.replayed else "imported"
            print(f"{path}: {len(done.entries)} entries of {employee} {what}.", file=sys.stderr)
        if args.bookings or args.adjustments or args.absences:
            records = read_workforce(
                args.contracts,
                args.bookings,
                args.adjustments,
                encoding=args.encoding,
                on_problem=report,
                unsorted="index",
                absences=args.absences,
            )
            result = import_records(
                store,
                records,
                tenant=args.tenant,
                agreement=agreement,
                calendar=calendar,
                at=at,
                on_problem=report,
            )
            print(
                f"teleaccord import: {result.appended} entries appended for "
                f"{result.employees} employees, {result.already} already in the store, "
                f"{result.skipped} rows skipped.",
                file=sys.stderr,
            )
    except LoadError:
        raise
    finally:
        store.close()
    return options.EXIT_FOUND_PROBLEMS if problems else options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (("files", "FILE"),)
"""The option to name when an error's field is one of these keys."""
