"""``teleaccord plan``: propose a team's telework plan, or say why none exists.

Plan the telework of one team (from the teams file) over a range of days (a week to a
quarter): every hard rule holds (each member's quotas, weekly and monthly maxima, on-site
minimums, consecutive days, notice as of --at; the team's coverage and anchor days), and the
wishes of the wishes file are met as far as they can be, fairly across the team. The days
already booked (the bookings file) are fixed; no one is planned on a day of their absences
(the absences file), and those absent are not counted on site; the agreement's period entitlement is granted
first. With the planner extra (OR-Tools) installed the CP-SAT planner runs (deterministic: one
worker, a deterministic time budget) and is kept only when at least as good as the greedy
plan; without it, or with --solver greedy, the greedy plan. Exit code 1 when no plan exists:
the conflicting rules are listed, with the days and the people; --waive DATE plans anyway,
without the coverage rules and anchor day of that date. --format ical writes the
planned days as an iCalendar file (the ical extra), for people's agendas.

Examples::

    teleaccord plan --contracts contracts.csv --bookings bookings.csv --teams teams.toml --team assistance-auto --wishes wishes.toml --from 2025-12-01 --to 2025-12-31 --at 2025-11-20T09:00:00+01:00
    teleaccord plan --contracts contracts.csv --absences absences.csv --teams teams.toml --team claims --from 2025-12-01 --to 2025-12-07 --at 2025-11-20T09:00:00+01:00
    teleaccord plan --contracts contracts.csv --teams teams.toml --team claims --from 2025-12-01 --to 2025-12-07 --at 2025-11-20T09:00:00+01:00 --solver greedy --format csv -o plan.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date

from teleaccord.cli import options
from teleaccord.dates import DateRange
from teleaccord.entries import Booking
from teleaccord.io.convert import to_data
from teleaccord.io.csv import read_absences, read_bookings, read_contracts
from teleaccord.io.ical import export_ical
from teleaccord.io.output import neutralise_row
from teleaccord.io.teams_file import load_teams
from teleaccord.io.wishes_file import load_wishes
from teleaccord.ledger import QuotaLedger
from teleaccord.locale import translate
from teleaccord.pattern import HalfDay
from teleaccord.planner import SOLVERS, Plan, RuleRef, plan_telework
from teleaccord.workforce import CANCELLED

__all__ = ["OPTION_NAMES", "arguments", "run"]

_CLI_AT = "2000-01-01T00:00:00+00:00"  # when replayed bookings and grants are said recorded


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord plan``."""
    files = parser.add_argument_group("the data")
    options.add_data_files(files, "contracts", "bookings", "absences")
    files.add_argument("--teams", metavar="FILE", required=True, help="the teams file (TOML)")
    files.add_argument("--team", metavar="NAME", required=True, help="the team to plan")
    options.add_file(files, "wishes", "the wishes file (TOML; default: none)")
    options.add_agreement(parser, f"the sample agreement {options.SAMPLE_AGREEMENT}")
    options.add_region(parser)
    parser.add_argument("--from", dest="start", metavar="DATE", required=True, help="first day")
    parser.add_argument("--to", dest="end", metavar="DATE", required=True, help="last day")
    parser.add_argument(
        "--at",
        metavar="DATETIME",
        required=True,
        help="when the plan is made, with its UTC offset (the notice is checked against it)",
    )
    parser.add_argument(
        "--waive",
        metavar="DATE",
        nargs="+",
        action="extend",
        default=[],
        help="dates on which the team's coverage rules and anchor day are not enforced "
        "(repeatable), e.g. after a conflict was reported",
    )
    parser.add_argument(
        "--solver", choices=SOLVERS, default="auto", help="the planner (default: auto)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="CP-SAT's deterministic time budget (default: 10)",
    )
    options.add_format(parser, "text", "json", "csv", "ical", amounts=False)
    options.add_output(parser, "the plan")


def _ledgers(
    args: argparse.Namespace, members: set[str], period: DateRange
) -> dict[str, QuotaLedger]:
    """One ledger per member: their bookings as stored (not re-checked), the grants of the
    periods the plan touches, their absences (which cancel the bookings they cover)."""
    agreement = options.agreement_of(args)
    calendar = options.region_calendar(args)
    at = options.aware_datetime(_CLI_AT, "at")
    contracts = {c.employee: c for c in read_contracts(args.contracts) if c.employee in members}
    booked: dict[str, list[Booking]] = {e: [] for e in contracts}
    if args.bookings:
        rows = [r for r in read_bookings(args.bookings) if r.employee in contracts]
        cancelled = {r.booking_id for r in rows if r.status == CANCELLED and r.booking_id}
        seen: set[tuple[str, date]] = set()
        for n, r in enumerate(rows, start=1):
            if r.status == CANCELLED or (r.booking_id is not None and r.booking_id in cancelled):
                continue
            if (r.employee, r.day) in seen:
                continue  # one booking per day here; `teleaccord validate` reports clashes
            seen.add((r.employee, r.day))
            booked[r.employee].append(
                Booking(
                    entry_id=r.booking_id or f"cli-booking-{n}",
                    day=r.day,
                    half=r.half,
                    recorded_at=at,
                    by="cli",
                )
            )
    ledgers = {}
    for employee, record in contracts.items():
        ledger = QuotaLedger(
            agreement=agreement,
            contract=record.contract,
            calendar=calendar,
            statuses=sorted(record.statuses_in(period)),
            entries=booked[employee],
        )
        periods = {ledger.period_of(period.start), ledger.period_of(period.end)}
        for p in sorted(periods, key=lambda p: p.start):
            ledger.grant(p, at=at, by="cli")
        ledgers[employee] = ledger
    if args.absences:
        for row in read_absences(args.absences):
            if row.employee in ledgers:
                ledgers[row.employee].record_absence(row.absence, at=at, by="cli")
    return ledgers


def _ledger_zone(ledgers: dict[str, QuotaLedger]) -> str:
    """The agreement's time zone (the events' zone in an iCalendar export)."""
    for ledger in ledgers.values():
        return ledger.agreement.timezone
    return "Europe/Paris"


def _write_csv(plan: Plan) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["employee", "date", "half", "preferred"])
    for day in plan.days:
        writer.writerow(
            neutralise_row(
                [
                    day.employee,
                    day.day.isoformat(),
                    day.half.value if day.half else "",
                    "yes" if day.preferred else "no",
                ]
            )
        )


def run(args: argparse.Namespace) -> int:
    """``teleaccord plan``: propose a team's telework plan, or say why none exists."""
    if not args.contracts:
        print("teleaccord plan: error: --contracts is required.", file=sys.stderr)
        return options.EXIT_BAD_INPUT
    period = DateRange(
        options.day_option(args.start, "--from"), options.day_option(args.end, "--to")
    )
    at = options.aware_datetime(args.at, "--at")
    calendar = options.region_calendar(args)
    spec = load_teams(args.teams).get(args.team)
    contracts = [c.contract for c in read_contracts(args.contracts)]
    team = spec.coverage(contracts, period, calendar)
    ledgers = _ledgers(args, {m.employee for m in team.members}, period)
    wishes = load_wishes(args.wishes) if args.wishes else ()
    waived = []
    for text in args.waive:
        day = options.day_option(text, "--waive")
        waived.append(RuleRef(kind="anchor", day=day))
        waived.extend(
            RuleRef(kind="coverage", day=day, half=half, rule=n)
            for half in HalfDay
            for n in range(len(team.rules))
        )
    plan = plan_telework(
        team,
        ledgers,
        period,
        at=at,
        wishes=[w for w in wishes if w.employee in ledgers],
        waived=waived,
        solver=args.solver,
        time_limit=args.time_limit,
    )
    if args.format == "json":
        print(json.dumps(to_data(plan), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        _write_csv(plan)
    elif args.format == "ical":
        days = [(d.employee, d.day, d.half, f"plan:{d.employee}:{d.day}") for d in plan.days]
        data = export_ical(
            days, stamp=at, timezone=_ledger_zone(ledgers), summary="Telework (plan)"
        )
        sys.stdout.write(data.decode("utf-8"))
    else:
        print(plan.describe())
        if not plan.feasible and options.language(args) != "en":
            for conflict in plan.conflicts:
                print(f"  {conflict.code}: {translate(conflict.violation, options.language(args))}")
    return options.EXIT_OK if plan.feasible else options.EXIT_FOUND_PROBLEMS


OPTION_NAMES: tuple[tuple[str, str], ...] = (
    ("period", "--from/--to"),
    ("at", "--at"),
    ("team", "--team"),
    ("solver", "--solver"),
)
"""The option to name when an error's field is one of these keys."""
