"""``teleaccord export``: a store's ledgers back out, as JSON Lines or the bookings CSV.

Write the stored bookings and cancellations of every employee as the bookings CSV (what
'teleaccord balances --bookings' and 'teleaccord import' read), or one employee's ledger as
JSON Lines (what QuotaLedger.from_jsonl and 'teleaccord import' read); with --output-dir, every
employee's ledger, one file each (EMPLOYEE.jsonl). Files are written whole or not at all.

Examples::

    teleaccord export --store ledgers.db --format bookings --output bookings.csv
    teleaccord export --store ledgers.db --format jsonl --employee E042 --agreement accord.toml
    teleaccord export --store ledgers.db --format jsonl --output-dir ledgers/ --agreement accord.toml
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from teleaccord.cli import options
from teleaccord.errors import InvalidValue, Problem
from teleaccord.io.csv import read_contracts, write_bookings
from teleaccord.io.jsonl import ledger_to_jsonl
from teleaccord.io.output import open_output
from teleaccord.store.transfer import store_booking_rows, store_records, stored_ledger
from teleaccord.workforce import EmployeeRecords

__all__ = ["OPTION_NAMES", "arguments", "run", "stored_workforce"]


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord export``."""
    options.add_store(parser, "the store to export from")
    parser.add_argument(
        "--format",
        choices=("bookings", "jsonl"),
        default="bookings",
        help="the bookings CSV of every employee (default), or JSON Lines ledgers",
    )
    parser.add_argument("--employee", default=None, help="the employee whose ledger to export")
    parser.add_argument(
        "--output-dir", metavar="DIR", default=None, help="write every ledger to DIR/EMPLOYEE.jsonl"
    )
    options.add_agreement(parser, options.SAMPLE_AGREEMENT)
    options.add_region(parser)
    options.add_output(parser, "the export")
    options.add_keep_formulas(parser)


def run(args: argparse.Namespace) -> int:
    """``teleaccord export``: a store's ledgers as files."""
    if not args.store:
        msg = "--store: say which store to export."
        raise InvalidValue(msg, field="--store", code="missing_file")
    store = options.opened_store(args.store, create=False)
    try:
        if args.format == "bookings":
            count = write_bookings(
                store_booking_rows(store, tenant=args.tenant),
                sys.stdout,
                neutralise=not args.keep_formulas,
            )
            print(f"teleaccord export: {count} booking rows.", file=sys.stderr)
            return options.EXIT_OK
        agreement = options.agreement_or_history_named(args.agreement or options.SAMPLE_AGREEMENT)
        calendar = options.region_calendar(args)
        if args.employee:
            ledger = stored_ledger(
                store,
                tenant=args.tenant,
                employee=args.employee,
                agreement=agreement,
                calendar=calendar,
            )
            sys.stdout.write(ledger_to_jsonl(ledger))
            return options.EXIT_OK
        if not args.output_dir:
            msg = "--employee: name the employee to export, or give --output-dir for all."
            raise InvalidValue(msg, field="--employee", code="missing_value")
        folder = Path(args.output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        employees = store.employees(args.tenant)
        for employee in employees:
            ledger = stored_ledger(
                store, tenant=args.tenant, employee=employee, agreement=agreement, calendar=calendar
            )
            with open_output(str(folder / f"{employee}.jsonl")) as out:
                out.write(ledger_to_jsonl(ledger))
        print(f"teleaccord export: {len(employees)} ledgers written to {folder}.", file=sys.stderr)
        return options.EXIT_OK
    finally:
        store.close()


def stored_workforce(
    args: argparse.Namespace, on_problem: Callable[[Problem], None]
) -> Iterator[EmployeeRecords]:
    """The workforce ``teleaccord balances --store`` reads: contracts from ``--contracts``,
    bookings and adjustments from the store."""
    store = options.opened_store(args.store, create=False)
    try:
        contracts = read_contracts(args.contracts, encoding=args.encoding, on_problem=on_problem)
        yield from store_records(store, contracts, tenant=args.tenant, name=args.store)
    finally:
        store.close()


OPTION_NAMES: tuple[tuple[str, str], ...] = ()
"""The option to name when an error's field is one of these keys."""
