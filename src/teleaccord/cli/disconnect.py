"""``teleaccord disconnect``: activity outside contact windows, and rests that fall short.

Read activity events (messages, meetings, connections: one per row, each with a timestamp and
its UTC offset) and report, against the agreement's contact windows and disconnection hours
(its [charter] table), the events outside the windows or in disconnection hours, daily rests
under 11 hours (Labour Code L3131-1) and weekly rests under 35 hours (L3132-2). Figures are
per team by default; --per-person adds each employee's. Inform staff and the staff council
(CSE) before processing such data (L1222-4, L2312-38). Exit code 1 when anything was found or
rows were skipped.

Examples::

    teleaccord disconnect events.csv --agreement accord.toml
    teleaccord disconnect events.jsonl --agreement accord.toml --per-person --format json
    teleaccord disconnect events.csv --agreement accord.toml --contracts contracts.csv
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from teleaccord.cli import options
from teleaccord.disconnect import DisconnectReport, disconnect_report
from teleaccord.errors import LoadError, Problem
from teleaccord.io.activity_file import read_activity_file
from teleaccord.io.convert import unstructure
from teleaccord.io.csv import read_contract_rows

__all__ = ["OPTION_NAMES", "arguments", "run"]


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord disconnect``."""
    parser.add_argument(
        "files",  # the name input_files() knows: -o never writes over it
        metavar="EVENTS",
        nargs=1,
        help="the activity events: a CSV file (format 'activity'), JSON (.json) or JSON Lines "
        "(.jsonl)",
    )
    options.add_agreement(parser, "the packaged sample agreement, without windows")
    options.add_file(
        parser,
        "contracts",
        "a contracts CSV file whose team column gives each employee's team (for events "
        "that do not say it)",
    )
    parser.add_argument(
        "--per-person",
        action="store_true",
        help="also give each employee's figures and every short rest (default: per team only)",
    )
    options.add_format(parser, "text", "json", amounts=False)
    options.add_output(parser, "the report")


def _data(report: DisconnectReport) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(report)
    return data


def run(args: argparse.Namespace) -> int:
    """``teleaccord disconnect``: the right-to-disconnect report of an events file."""
    agreement = options.agreement_of(args)
    events_file: str = args.files[0]
    problems: list[Problem] = []
    teams: dict[str, str] = {}
    if args.contracts:
        for row in read_contract_rows(args.contracts, on_problem=problems.append):
            if row.team:
                teams[row.employee] = row.team
    try:
        events = read_activity_file(events_file, on_problem=problems.append)
        report = disconnect_report(
            agreement, events, teams=teams, per_person=args.per_person, source=events_file
        )
    except OSError as error:
        problem = Problem(
            events_file, f"cannot read the file ({error.strerror})", "unreadable_file"
        )
        raise LoadError.from_problems(events_file, [problem]) from None
    problems += report.problems
    if args.format == "json":
        data = _data(report)
        data["problems"] = [
            {"path": p.path, "message": p.message, "code": p.code} for p in problems
        ]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(report.describe(options.language(args)))
        if problems:
            print(f"\n{len(problems)} row{'s' if len(problems) != 1 else ''} skipped:")
            for p in problems[:20]:
                print(f"  {p.path}: {p.message} [{p.code}]")
    return options.EXIT_FOUND_PROBLEMS if problems or report.findings else options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = ()
"""No error field maps to an option of its own."""
