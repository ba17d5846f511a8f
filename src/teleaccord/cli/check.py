"""``teleaccord check``: would this booking pass, and every reason why not.

Check whether one employee may telework on a day (or a half-day) under an agreement, without
booking anything: every rule the booking would break is listed with its stable code, its
message and its numbers (exit code 1), or OK (exit code 0). The days already booked come from a
bookings CSV file (the employee's rows; cancelled bookings are left out) or from --booked; they
are taken as stored, not checked again. The period's entitlement is granted first, so quotas
are checked against it. Give --at to check the notice. --agreement takes an agreement or an
agreement history: the day is checked under the version in force that day.

Examples::

    teleaccord check --hired 2020-01-06 --date 2025-03-04
    teleaccord check --hired 2020-01-06 --pattern "Mo Tu Th Fr" --date 2025-03-05
    teleaccord check --hired 2020-01-06 --date 2025-03-06 --booked 2025-03-04 2025-03-05 --at 2025-03-03T18:00:00+01:00
    teleaccord check --agreement accord.toml --contracts contracts.csv --employee E0042 --bookings bookings.csv --date 2025-05-12 --half am --format json
    teleaccord check --agreement history.toml --hired 2020-01-06 --date 2025-07-02
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from teleaccord.agreement import Agreement
from teleaccord.amounts import format_amount
from teleaccord.cli import options
from teleaccord.dates import parse_date
from teleaccord.errors import InvalidValue
from teleaccord.io.csv import read_bookings
from teleaccord.ledger import Booking, QuotaLedger
from teleaccord.locale import translate
from teleaccord.pattern import HalfDay
from teleaccord.versions import AgreementHistory
from teleaccord.workforce import CANCELLED, EmployeeContract

__all__ = ["OPTION_NAMES", "arguments", "run"]

_CLI_AT = "2000-01-01T00:00:00+00:00"  # when replayed bookings and grants are said recorded


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord check``."""
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
    options.add_employee_arguments(parser)
    booked = parser.add_argument_group("what the employee has booked already")
    options.add_data_files(booked, "bookings")
    booked.add_argument(
        "--booked",
        metavar="DATE",
        nargs="+",
        action="extend",
        default=[],
        help="days booked already, as YYYY-MM-DD or YYYY-MM-DD:am / :pm (repeatable)",
    )
    options.add_format(parser, "text", "json")
    options.add_output(parser, "the verdict")
    options.add_numbers(parser)


def _booked_days(
    args: argparse.Namespace, employee: str
) -> list[tuple[date, HalfDay | None, str | None]]:
    """(day, half, id) of the employee's active bookings from --bookings and --booked."""
    found: list[tuple[date, HalfDay | None, str | None]] = []
    if args.bookings:
        rows = [
            r
            for r in read_bookings(args.bookings, **options.csv_reading(args))
            if r.employee == employee
        ]
        cancelled = {r.booking_id for r in rows if r.status == CANCELLED and r.booking_id}
        # As balances reads the file: a repeated row of one booking id is that booking again;
        # a second booking of a day already booked is skipped (reported), not a new booking.
        seen: dict[tuple[date, HalfDay | None], int] = {}
        for r in rows:
            if r.status == CANCELLED or (r.booking_id is not None and r.booking_id in cancelled):
                continue
            if r.half is None:
                clash = any(day == r.day for day, _ in seen)
            else:
                clash = (r.day, r.half) in seen or (r.day, None) in seen
            if clash:
                if (r.day, r.half, r.booking_id) not in found or r.booking_id is None:
                    print(
                        f"teleaccord check: {args.bookings}:{r.line}:date: {r.day} is already "
                        f"booked for {employee}; the row is skipped (already_booked).",
                        file=sys.stderr,
                    )
                continue
            seen[(r.day, r.half)] = r.line
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


def _ledger_for_check(
    args: argparse.Namespace, agreement: Agreement | AgreementHistory, employee: EmployeeContract
) -> QuotaLedger:
    """A ledger holding the employee's bookings (as stored: not re-checked) and the grants
    of their periods and of the day checked."""
    contract = employee.contract
    at = options.aware_datetime(_CLI_AT, "at")
    entries = []
    seen: set[str] = set()
    for n, (day, half, ident) in enumerate(_booked_days(args, contract.employee), start=1):
        entry_id = ident if ident and ident not in seen else f"cli-booking-{n}"
        seen.add(entry_id)
        entries.append(Booking(entry_id=entry_id, day=day, half=half, recorded_at=at, by="cli"))
    probe = QuotaLedger(
        agreement=agreement, contract=contract, calendar=options.region_calendar(args)
    )
    day = options.day_option(args.date, "--date")
    periods = {probe.period_of(day)} | {probe.period_of(e.day) for e in entries}
    statuses: set[str] = set()
    for period in periods:
        statuses |= employee.statuses_in(period)
    ledger = QuotaLedger(
        agreement=agreement,
        contract=contract,
        calendar=options.region_calendar(args),
        statuses=sorted(statuses),
        entries=entries,
    )
    for period in sorted(periods, key=lambda p: p.start):
        ledger.grant(period, at=at, by="cli")
    return ledger


def run(args: argparse.Namespace) -> int:
    """``teleaccord check``: would this booking pass, and every reason why not."""
    # An agreement or a history: the day is checked under the version in force that day.
    agreement = options.agreement_or_history_named(args.agreement or options.SAMPLE_AGREEMENT)
    employee = options.employee_contract(args)
    ledger = _ledger_for_check(args, agreement, employee)
    day = options.day_option(args.date, "--date")
    at = options.aware_datetime(args.at, "--at") if args.at else None
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
        show = options.amount_text(args)
        if ledger.agreement_on(day).period_quota is None:
            # No envelope per period: nothing is granted, only the window quotas limit
            # telework; "-1 of 0 days left" would read as a broken balance.
            left = (
                f"period {period.start}..{period.end}: {show(balance.taken)} days booked "
                "before this booking (the agreement sets no envelope per period; its window "
                "quotas limit telework)"
            )
        else:
            left = (
                f"period {period.start}..{period.end}: {show(balance.remaining)} of "
                f"{show(balance.granted)} days left before this booking"
            )
        if not violations:
            print(f"OK: {head} can be booked; {left}.")
        else:
            print(f"REFUSED: {head} breaks {len(violations)} rule(s); {left}.")
            for v in violations:
                params = ", ".join(f"{k}={options.json_ready(p)}" for k, p in v.params)
                message = translate(v, options.language(args))
                print(f"  {v.code}: {message}" + (f" [{params}]" if params else ""))
    return options.EXIT_FOUND_PROBLEMS if violations else options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (*options.EMPLOYEE_OPTIONS, ("half", "--half"))
"""The option to name when an error's field is one of these keys."""
