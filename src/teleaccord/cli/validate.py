"""``teleaccord validate``: check agreement, JSON and CSV files and report every problem at once.

Check each FILE completely and report every problem found, each with where it is (a key path
such as $.quotas[1].maximum in an agreement or JSON file, file:line:column in a CSV file) and a
stable code. What a file holds is read from its name (.toml, .json, .jsonl, and
contracts/bookings/adjustments/absences in CSV file names) unless --kind says. A ledger (.jsonl of
entries) is replayed as loading it does: ids used twice, days booked twice, cancellations of
unknown bookings and a cut file are problems. Exit code 0 when every
file is valid, 1 when problems were found (all reported), 2 when a file's kind cannot be told.
An agreement that would give zeros silently (a maximum of 0 days, a 'year' window with no
envelope per period, every weekday excluded, nobody eligible) is reported too.

With --compliance, each agreement is also checked against what the Labour Code (article
L1222-9 II) and the national agreement of 26 November 2020 ask an accord or charter to say:
each point present, missing or not applicable, with its article; a missing point makes the
exit code 1.

Examples::

    teleaccord validate agreement.toml
    teleaccord validate agreement.toml contracts.csv bookings.csv
    teleaccord validate absences.csv
    teleaccord validate export.txt --kind bookings
    teleaccord validate ledger-E042.jsonl --format json
    teleaccord validate agreement.toml --compliance
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from typing import Any

import attrs

from teleaccord.agreement import Agreement, PeriodKind, ReferencePeriod, silent_zeros
from teleaccord.calendars import Calendar
from teleaccord.cli import options
from teleaccord.compliance import ComplianceReport, compliance_report
from teleaccord.contract import Contract
from teleaccord.entries import Entry, Grant
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.agreement_file import load_agreement
from teleaccord.io.allowance_file import load_allowance_policy
from teleaccord.io.attestation_file import read_attestations
from teleaccord.io.csv import read_absences, read_adjustments, read_bookings, read_contracts
from teleaccord.io.json import load_lines, loads
from teleaccord.io.jsonl import replay_jsonl
from teleaccord.ledger import QuotaLedger
from teleaccord.workforce import CANCELLED

__all__ = ["OPTION_NAMES", "arguments", "run"]

_KINDS = (
    "agreement",
    "allowance",
    "json",
    "jsonl",
    "contracts",
    "bookings",
    "adjustments",
    "absences",
    "attestations",
)


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord validate``."""
    options.add_files(
        parser,
        (
            "the files to check: an agreement (.toml), an allowance policy (.toml with "
            "'allowance' in its name), a teleaccord value (.json), values or a ledger "
            "(.jsonl), contracts, bookings, adjustments, absences or attestations (.csv or .xlsx, "
            "told apart by their names)"
        ),
    )
    parser.add_argument(
        "--kind",
        choices=_KINDS,
        default=None,
        help="what every FILE holds, when their names do not tell",
    )
    parser.add_argument(
        "--compliance",
        action="store_true",
        help=(
            "also check each agreement against what L1222-9 II of the Labour Code and the "
            "national agreement of 2020 ask it to say (present / missing / not applicable)"
        ),
    )
    options.add_format(parser, "text", "json", amounts=False)
    options.add_output(parser, "the report")
    options.add_encoding(parser)


def _kind_of(path: str, given: str | None) -> str:
    if given:
        return given
    name = os.path.basename(path).lower()
    if name.endswith(".toml"):
        return "allowance" if "allowance" in name else "agreement"
    if name.endswith(".jsonl"):
        return "jsonl"
    if name.endswith(".json"):
        return "json"
    if name.endswith((".csv", ".xlsx", ".xlsm")):
        for kind in ("contract", "booking", "adjustment", "absence", "attestation"):
            if kind in name:
                return kind + "s"
    msg = f"--kind: cannot tell what {path} holds from its name; give --kind ({', '.join(_KINDS)})."
    raise InvalidValue(msg, field="--kind", code="unknown_kind")


def _booking_clashes(path: str, rows: list[Any]) -> list[Problem]:
    """The rows ``balances`` would skip as bookings of a day already booked, so that both
    commands give a bookings file the same verdict (a repeated row of one id is that booking
    again, not a problem)."""
    problems: list[Problem] = []
    active: dict[tuple[str, object], tuple[Any, int]] = {}
    taken: dict[tuple[str, Any], dict[Any, int]] = {}
    for row in rows:
        ident: object = row.booking_id or (row.day, row.half)
        key = (row.employee, ident)
        day = taken.setdefault((row.employee, row.day), {})
        if row.status == CANCELLED:
            held = active.pop(key, None)
            if held is not None:
                day.pop(held[0].half, None)
            continue
        held = active.get(key)
        if (
            held is not None
            and row.booking_id
            and (held[0].day, held[0].half) == (row.day, row.half)
        ):
            continue  # the same booking again
        clash = held is not None or (day and (row.half is None or row.half in day or None in day))
        if clash:
            first = held[1] if held is not None else min(day.values())
            problems.append(
                Problem(
                    f"{path}:{row.line}:date",
                    f"{row.day} is already booked for {row.employee} (line {first})",
                    "half_day_clash"
                    if held is None and row.half is not None and row.half not in day
                    else "already_booked",
                )
            )
            continue
        active[key] = (row, row.line)
        day[row.half] = row.line
    return problems


def _compliance(path: str) -> ComplianceReport | None:
    try:
        return compliance_report(load_agreement(path))
    except (LoadError, OSError):
        return None  # reported by _check


def _compliance_data(report: ComplianceReport) -> dict[str, Any]:
    return {
        "agreement": report.agreement,
        "complete": report.complete,
        "items": [
            {
                "check": i.check,
                "title": i.title,
                "article": i.article,
                "source": i.source,
                "status": i.status.value,
                "evidence": i.evidence,
                "reason": i.reason,
            }
            for i in report.items
        ],
    }


def _replay_ledger(text: bytes, entries: list[Entry], path: str) -> None:
    """Replay a ledger file as loading it does (``QuotaLedger.from_jsonl``): ids used twice, a
    day booked twice, a cancellation of an unknown booking, a count that disagrees with the
    header or a missing trailer are problems here too. The booking rules are not replayed
    (they may have changed since); the reference period is the one of the file's first grant.

    Raises:
        LoadError: every problem, as loading reports them.
    """
    first = next((e for e in entries if isinstance(e, Grant)), None)
    reference = ReferencePeriod()
    if first is not None:
        start = first.period.start
        monthly = (first.period.end - start).days < 32
        reference = ReferencePeriod(
            kind=PeriodKind.MONTH if monthly else PeriodKind.YEAR,
            start_month=1 if monthly else start.month,
            start_day=min(start.day, 28),
        )
    header = json.loads(text.decode("utf-8-sig").split("\n", 1)[0] or "{}")
    employee = header.get("employee") if isinstance(header, dict) else None
    ledger = QuotaLedger(
        agreement=Agreement(name="validate", reference=reference),
        contract=Contract.from_amendments(
            employee=employee if isinstance(employee, str) and employee else "employee",
            hired=date(1900, 1, 1),
        ),
        calendar=Calendar(),
    )
    replay_jsonl(ledger, text.decode("utf-8-sig"), source=path)


def _check(path: str, kind: str, reading: dict[str, Any]) -> tuple[str, list[Problem]]:
    """What the file holds, in a few words, and its problems."""
    try:
        if kind == "agreement":
            agreement = load_agreement(path)
            # Valid data that would compute zeros without saying why: reported as problems.
            return f"the agreement {agreement.name!r}", list(silent_zeros(agreement))
        if kind == "allowance":
            return f"the allowance policy {load_allowance_policy(path).name!r}", []
        if kind in ("json", "jsonl"):
            with open(path, "rb") as handle:
                text = handle.read()
            if kind == "json":
                return f"a {type(loads(text, source=path)).__name__}", []
            values: list[Any] = load_lines(text, source=path)
            if values and all(isinstance(v, Entry) for v in values):
                _replay_ledger(text, values, path)
                noun = "entry" if len(values) == 1 else "entries"
                return f"a ledger of {len(values)} {noun}, replayed", []
            return f"{len(values)} value{'s' if len(values) != 1 else ''}", []
        if kind == "bookings":
            rows = list(read_bookings(path, **reading))
            problems = _booking_clashes(path, rows)
            noun = f"{len(rows)} booking{'s' if len(rows) != 1 else ''}"
            return (noun if not problems else ""), problems
        reader = {
            "contracts": read_contracts,
            "bookings": read_bookings,
            "adjustments": read_adjustments,
            "absences": read_absences,
            "attestations": read_attestations,
        }[kind]
        count = sum(1 for _ in reader(path, **reading))
        noun = "employee" if kind == "contracts" else kind.removesuffix("s")
        return f"{count} {noun}{'s' if count != 1 else ''}", []
    except LoadError as error:
        return "", list(error.problems)
    except OSError as error:
        problem = Problem("$", f"cannot read the file ({error.strerror})", "unreadable_file")
        return "", [problem]


def run(args: argparse.Namespace) -> int:
    """``teleaccord validate``: check agreement, JSON and CSV files, every problem at once."""
    files = [(path, _kind_of(path, args.kind)) for path in args.files]
    report = []
    audits: dict[str, ComplianceReport] = {}
    for path, kind in files:
        holds, problems = _check(path, kind, options.csv_reading(args))
        entry = {
            "file": path,
            "kind": kind,
            "valid": not problems,
            "holds": holds,
            "problems": [attrs.asdict(p) for p in problems],
        }
        if getattr(args, "compliance", False) and kind == "agreement":
            audit = _compliance(path)
            if audit is not None:
                audits[path] = audit
                entry["compliance"] = _compliance_data(audit)
        report.append(entry)
    valid = all(r["valid"] for r in report)
    complete = all(a.complete for a in audits.values())
    if args.format == "json":
        print(json.dumps({"valid": valid, "files": report}, indent=2, ensure_ascii=False))
    else:
        for r in report:
            if r["valid"]:
                print(f"{r['file']}: valid {r['kind']} file, {r['holds']}.")
            else:
                count = len(r["problems"])
                print(f"{r['file']}: {count} problem{'s' if count != 1 else ''} ({r['kind']}):")
                for p in r["problems"]:
                    print(f"  {p['path']}: {p['message']} [{p['code']}]")
            audit = audits.get(r["file"])
            if audit is not None:
                lang = options.language(args)
                label = "Conformité" if lang == "fr" else "Compliance"
                print(f"  {label}: " + audit.describe(lang).replace("\n", "\n  "))
    return options.EXIT_OK if valid and complete else options.EXIT_FOUND_PROBLEMS


OPTION_NAMES: tuple[tuple[str, str], ...] = (("--kind", "--kind"),)
"""The option to name when an error's field is one of these keys."""
