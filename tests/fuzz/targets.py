"""What the fuzz suite and ``tools/fuzz.py`` feed hostile input to: every loader and every
CLI command that reads a file, each with valid seed files and a way to run one input.

An input is bytes (the file's content). :func:`mutations` turns a seed into hostile variants
the way careless users and attackers do (cut rows, swapped cells, huge numbers, deep nesting,
bad encodings); hypothesis shrinks a failing one. :func:`run_batch` runs several inputs of a
target in one forked child, under the harness's kernel limits, and classifies each.
"""

from __future__ import annotations

import contextlib
import io
import random
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from fuzz.harness import Outcome, run_bounded

__all__ = ["HOSTILE_CELLS", "TARGETS", "Target", "mutate", "run_batch"]

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "src" / "teleaccord" / "data"

CONTRACTS = (
    b"employee,effective,hired,last_day,fraction,pattern,anchor,works_holidays,category,team,"
    b"site,statuses\nE1,,2020-01-06,,100 %,,,,claims-processing,t,Paris,\n"
    b"E2,,2021-03-01,,80 %,Mo Tu Th Fr,,,claims-processing,t,Paris,carer\n"
    b"E3,,2019-09-02,2025-06-30,4/5,Mo Tu / We Th Fr,2019-09-02,yes,it,t,Metz,\n"
)
BOOKINGS = (
    b"employee,date,half,status,id\nE1,2025-01-07,,booked,B1\nE1,2025-01-09,,booked,B2\n"
    b"E2,2025-01-09,,booked,B3\nE2,2025-01-09,,cancelled,B3\n"
)
ADJUSTMENTS = b"employee,period,amount,reason,by\nE1,2025,-1.5,correction,hr\nE2,2025,2,x,hr\n"
POLICY = b'name = "2.70 a day"\nkind = "per-day"\namount = "2.70"\nmonthly_cap = "59.40"\n'
JSON_VALUE = b'{"type": "DateRange", "start": "2024-01-01", "end": "2024-01-31"}'
JSON_LINES = (
    b'{"type": "DateRange", "start": "2024-01-01", "end": "2024-01-02"}\n'
    b'{"type": "Extra", "status": "carer", "days": "10"}\n'
)

ABSENCES = (
    b"employee,start,end,kind,half,start_half,end_half,id,source\n"
    b"E1,2025-01-13,2025-01-17,paid_leave,,,,A1,hr\nE2,2025-01-08,,training,pm,,,A2,hr\n"
    b"E3,2025-02-03,2025-02-05,sick,,,am,A3,\n"
)
ACTIVITY = (
    b"employee,at,kind,team\nA,2025-03-03T09:00:00+01:00,message,Claims\n"
    b"A,2025-03-03T22:30:00+01:00,message,Claims\nA,2025-03-04T07:00:00+01:00,meeting,Claims\n"
    b"B,2025-03-03T10:00:00+01:00,message,Night\n"
)
ACTIVITY_JSON = (
    b'[{"employee": "A", "at": "2025-03-03T09:00:00+01:00", "kind": "message", "team": "C"},\n'
    b' {"employee": "A", "at": "2025-03-03T22:30:00+01:00", "kind": "meeting"}]\n'
)
ACTIVITY_JSONL = (
    b'{"employee": "A", "at": "2025-03-03T09:00:00+01:00", "kind": "message", "team": "C"}\n'
    b'{"employee": "B", "at": "2025-03-03T22:30:00+01:00", "kind": "meeting"}\n'
)
TEAMS = (
    b'[[teams]]\nname = "t"\nanchor_weekdays = ["tuesday"]\n[teams.roles]\nE1 = "supervisor"\n'
    b'[[teams.rules]]\nminimum = 1\nrole = "supervisor"\n[[teams.rules]]\nshare = "1/3"\n'
    b'label = "a third on site"\n\n[[teams]]\nname = "claims"\nmembers = ["E2", "E3"]\n'
)
WISHES = (
    b'[[wishes]]\nemployee = "E1"\npreferred = ["Mo", "Fr"]\ndays_per_week = 2\n\n'
    b'[[wishes]]\nemployee = "E2"\npreferred = ["We"]\n'
    b"avoid_dates = [2025-01-24, {start = 2025-01-28, end = 2025-01-31}]\nweight = 2\n"
)
HISTORY = (
    b'name = "accord"\n\n[[versions]]\nstart = 2019-01-01\nend = 2024-12-31\n'
    b'agreement = "health-insurance-1-3-days"\n\n[[versions]]\nstart = 2025-01-01\n'
    b'[versions.agreement]\nname = "Permanent accord 2025"\n'
    b'quotas = [{ window = "period", maximum = 100, prorate = true }]\n'
)
AGREEMENT_MAP = (
    b'[employees]\nE1 = "health-insurance-1-3-days"\nE2 = "history.toml"\n'
    b'E3 = "assistance-100-days"\n'
)
AGREEMENT_EXTRA = (
    b'name = "accord with a charter, pools and absence kinds"\n'
    b'quotas = [{ window = "week", maximum = 2 }]\n\n'
    b'[charter]\nswitching = "on request"\n'
    b'contact_windows = [{days = "Mo-Fr", start = "09:00", end = "18:00"}]\n'
    b'disconnection = [{days = "Mo-Fr", start = "20:00", end = "08:00"}]\n\n'
    b'[[pools]]\nname = "flexible"\nkinds = ["occasional"]\n'
    b'quotas = [{ window = "period", maximum = 20 }]\n\n'
    b'[[absence_kinds]]\nname = "training"\non_site = true\ncoverage = true\n'
)

HOSTILE_CELLS: tuple[bytes, ...] = (
    b"1e1000000000",
    b"1e5000",
    b"9" * 5000,
    b"-0",
    b"1/0",
    b"nan",
    b"inf",
    b"0001-01-01..9999-12-31",
    b"9999-12-31",
    b"0000-00-00",
    b'=HYPERLINK("http://x")',
    b"\x00",
    b"\xff\xfe",
    b"\xe9t\xe9",
    b"x" * 200_000,
    b"[" * 5000,
    b"{" * 5000,
    b'"',
    b"Mo / " * 5000,
    b"\r",
    b";",
)


@attrs.frozen
class Target:
    """A loader or a command: its name, its seed files, and how to run one input file."""

    name: str
    seeds: tuple[bytes, ...]
    suffix: str
    run: Callable[[Path, Path], Any]  # (the input file, a scratch folder) -> result
    files: tuple[tuple[str, bytes], ...] = ()  # written to the scratch folder before a run
    findings: bool = False  # a command whose exit 1 on a valid seed reports what it found
    examples: int = 6  # hypothesis examples in CI (fewer for the slowest commands)


def _consume(values: Any) -> int:
    return sum(1 for _ in values)


def _cli(*args: str) -> Callable[[Path, Path], Any]:
    def run(path: Path, scratch: Path) -> Any:
        from teleaccord.cli import main

        for name, data in (
            ("contracts.csv", CONTRACTS),
            ("bookings.csv", BOOKINGS),
            ("adjustments.csv", ADJUSTMENTS),
        ):
            if not (scratch / name).exists():
                (scratch / name).write_bytes(data)
        argv = [a.replace("{in}", str(path)).replace("{dir}", str(scratch)) for a in args]
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(argv)
        if code not in (0, 1, 2):
            msg = f"exit {code}: {err.getvalue()[-2500:]}"
            raise RuntimeError(msg)
        return code

    return run


def _agreement_toml(path: Path, scratch: Path) -> Any:
    from teleaccord.io.agreement_file import load_agreement

    return load_agreement(path)


def _agreement_dict(path: Path, scratch: Path) -> Any:
    from teleaccord.io.agreement_file import agreement_from_dict
    from teleaccord.io.toml import parse_toml

    return agreement_from_dict(parse_toml(path.read_bytes(), str(path)))


def _policy(path: Path, scratch: Path) -> Any:
    from teleaccord.io.allowance_file import load_allowance_policy

    return load_allowance_policy(path)


def _exemptions(path: Path, scratch: Path) -> Any:
    from teleaccord.io.tables import load_exemption_table

    return load_exemption_table(path)


def _thresholds(path: Path, scratch: Path) -> Any:
    from teleaccord.io.tables import load_threshold_table

    return load_threshold_table(path)


def _json(path: Path, scratch: Path) -> Any:
    from teleaccord.io.json import loads

    return loads(path.read_bytes(), source=str(path))


def _from_data(path: Path, scratch: Path) -> Any:
    import json

    from teleaccord.io.convert import from_data

    try:
        data = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return None  # not JSON: nothing for from_data to read
    return from_data(data)


def _jsonl(path: Path, scratch: Path) -> Any:
    from teleaccord.io.json import load_lines

    return len(load_lines(path.read_bytes(), source=str(path)))


def _csv(reader: str) -> Callable[[Path, Path], Any]:
    def run(path: Path, scratch: Path) -> Any:
        from teleaccord.io import csv

        return _consume(getattr(csv, reader)(path))

    return run


def _activity_file(path: Path, scratch: Path) -> Any:
    from teleaccord.io.activity_file import read_activity_file

    return _consume(read_activity_file(path))


def _teams(path: Path, scratch: Path) -> Any:
    from teleaccord.io.teams_file import load_teams

    return load_teams(path)


def _teams_dict(path: Path, scratch: Path) -> Any:
    from teleaccord.io.teams_file import teams_from_dict
    from teleaccord.io.toml import parse_toml

    return teams_from_dict(parse_toml(path.read_bytes(), str(path)), source=str(path))


def _wishes(path: Path, scratch: Path) -> Any:
    from teleaccord.io.wishes_file import load_wishes

    return load_wishes(path)


def _history(path: Path, scratch: Path) -> Any:
    from teleaccord.io.versions_file import load_agreement_or_history

    return load_agreement_or_history(path)


def _agreement_map(path: Path, scratch: Path) -> Any:
    from teleaccord.io.versions_file import load_agreement_map

    (scratch / "history.toml").write_bytes(HISTORY)
    return load_agreement_map(path)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _xlsx_of(data: bytes) -> bytes | None:
    """The rows of a CSV text written as a workbook (None when openpyxl refuses a cell)."""
    import io

    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    try:
        for line in data.decode("utf-8", "replace").splitlines():
            sheet.append(line.split(","))
        out = io.BytesIO()
        book.save(out)
    except (ValueError, IllegalCharacterError):  # control characters: not the reader's concern
        return None
    return out.getvalue()


def _xlsx_rows(path: Path, scratch: Path) -> Any:
    """A mutated CSV text, written as a workbook, read back by the contracts reader."""
    from teleaccord.io.csv import read_contracts

    book = _xlsx_of(path.read_bytes())
    if book is None:
        return None
    workbook = scratch / "contracts.xlsx"
    workbook.write_bytes(book)
    return _consume(read_contracts(workbook))


def _xlsx_seeds() -> tuple[bytes, ...]:
    if not _has("openpyxl"):
        return ()
    book = _xlsx_of(CONTRACTS)
    assert book is not None
    return (book,)


def _store_seed() -> tuple[bytes, bytes]:
    """A SQLite store holding the bookings of BOOKINGS (``teleaccord import``), and E1's ledger
    exported from it as JSON Lines."""
    import contextlib
    import io

    from teleaccord.cli import main

    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        (scratch / "contracts.csv").write_bytes(CONTRACTS)
        (scratch / "bookings.csv").write_bytes(BOOKINGS)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(
                [
                    "import",
                    "--store",
                    str(scratch / "s.db"),
                    "--agreement",
                    "health-insurance-1-3-days",
                    "--contracts",
                    str(scratch / "contracts.csv"),
                    "--bookings",
                    str(scratch / "bookings.csv"),
                    "--at",
                    "2025-01-01T09:00:00+01:00",
                ]
            )
        assert code == 0, out.getvalue()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(
                [
                    "export",
                    "--store",
                    str(scratch / "s.db"),
                    "--format",
                    "jsonl",
                    "--employee",
                    "E1",
                    "-o",
                    str(scratch / "E1.jsonl"),
                ]
            )
        assert code == 0, out.getvalue()
        return (scratch / "s.db").read_bytes(), (scratch / "E1.jsonl").read_bytes()


STORE, LEDGER = _store_seed()


def _completion(path: Path, scratch: Path) -> Any:
    """The input's first line as the shell name (and any further words as arguments)."""
    from teleaccord.cli import main

    words = path.read_bytes().decode("utf-8", "replace").split()[:4]
    code = main(["completion", *words])
    if code not in (0, 1, 2):
        msg = f"exit {code}"
        raise RuntimeError(msg)
    return code


def _agreement_seeds() -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in sorted((DATA / "agreements").glob("*.toml")))


TARGETS: tuple[Target, ...] = (
    Target("agreement.toml", _agreement_seeds(), ".toml", _agreement_toml),
    Target("agreement.dict", _agreement_seeds(), ".toml", _agreement_dict),
    Target("allowance.policy", (POLICY,), ".toml", _policy),
    Target(
        "tables.exemptions", ((DATA / "allowance_limits.toml").read_bytes(),), ".toml", _exemptions
    ),
    Target(
        "tables.thresholds",
        ((DATA / "crossborder_thresholds.toml").read_bytes(),),
        ".toml",
        _thresholds,
    ),
    Target("agreement.extra", (AGREEMENT_EXTRA,), ".toml", _agreement_toml),
    Target("agreement.history", (HISTORY,), ".toml", _history),
    Target("agreement.map", (AGREEMENT_MAP,), ".toml", _agreement_map),
    Target(
        "teams.toml", (TEAMS, (DATA / "workforce" / "teams.toml").read_bytes()), ".toml", _teams
    ),
    Target("teams.dict", (TEAMS,), ".toml", _teams_dict),
    Target("wishes.toml", (WISHES,), ".toml", _wishes),
    Target("json.loads", (JSON_VALUE,), ".json", _json),
    Target("json.from_data", (JSON_VALUE,), ".json", _from_data),
    Target("jsonl.values", (JSON_LINES,), ".jsonl", _jsonl),
    Target("csv.contracts", (CONTRACTS,), ".csv", _csv("read_contracts")),
    Target("csv.bookings", (BOOKINGS,), ".csv", _csv("read_bookings")),
    Target("csv.adjustments", (ADJUSTMENTS,), ".csv", _csv("read_adjustments")),
    Target("csv.absences", (ABSENCES,), ".csv", _csv("read_absences")),
    Target("csv.activity", (ACTIVITY,), ".csv", _csv("read_activity")),
    Target("activity.json", (ACTIVITY_JSON,), ".json", _activity_file),
    Target("activity.jsonl", (ACTIVITY_JSONL,), ".jsonl", _activity_file),
    *(
        (
            Target("xlsx.bytes", _xlsx_seeds(), ".xlsx", _csv("read_contracts")),
            Target("xlsx.rows", (CONTRACTS,), ".csv", _xlsx_rows),
        )
        if _has("openpyxl")
        else ()
    ),
    *(
        Target(f"cli.validate.{kind}", (seed,), ".csv", _cli("validate", "--kind", kind, "{in}"))
        for kind, seed in (
            ("contracts", CONTRACTS),
            ("bookings", BOOKINGS),
            ("adjustments", ADJUSTMENTS),
        )
    ),
    Target(
        "cli.balances.contracts",
        (CONTRACTS,),
        ".csv",
        _cli(
            "balances",
            "--contracts",
            "{in}",
            "--bookings",
            "{dir}/bookings.csv",
            "--adjustments",
            "{dir}/adjustments.csv",
            "--year",
            "2025",
            "--agreement",
            "health-insurance-1-3-days",
            "--format",
            "csv",
        ),
    ),
    Target(
        "cli.balances.bookings",
        (BOOKINGS,),
        ".csv",
        _cli(
            "balances",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{in}",
            "--year",
            "2025",
            "--agreement",
            "health-insurance-1-3-days",
            "--format",
            "json",
        ),
    ),
    Target(
        "cli.balances.adjustments",
        (ADJUSTMENTS,),
        ".csv",
        _cli(
            "balances",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{dir}/bookings.csv",
            "--adjustments",
            "{in}",
            "--year",
            "2025",
            "--agreement",
            "health-insurance-1-3-days",
        ),
    ),
    Target(
        "cli.balances.agreement",
        _agreement_seeds(),
        ".toml",
        _cli(
            "balances",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{dir}/bookings.csv",
            "--year",
            "2025",
            "--agreement",
            "{in}",
        ),
    ),
    Target(
        "cli.entitlement",
        (CONTRACTS,),
        ".csv",
        _cli("entitlement", "--contracts", "{in}", "--employee", "E2", "--year", "2025"),
    ),
    Target(
        "cli.check",
        (BOOKINGS,),
        ".csv",
        _cli(
            "check",
            "--date",
            "2025-01-10",
            "--contracts",
            "{dir}/contracts.csv",
            "--employee",
            "E1",
            "--bookings",
            "{in}",
            "--agreement",
            "health-insurance-1-3-days",
        ),
    ),
    Target(
        "cli.allowances.policy",
        (POLICY,),
        ".toml",
        _cli(
            "allowances",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{dir}/bookings.csv",
            "--year",
            "2025",
            "--policy",
            "{in}",
        ),
    ),
    Target(
        "cli.allowances.limits",
        ((DATA / "allowance_limits.toml").read_bytes(),),
        ".toml",
        _cli(
            "allowances",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{dir}/bookings.csv",
            "--year",
            "2025",
            "--limits",
            "{in}",
        ),
    ),
    Target(
        "cli.ical",
        (BOOKINGS,),
        ".csv",
        _cli("ical", "{in}", "--stamp", "2025-03-01T09:00:00+01:00", "-o", "{dir}/out.ics"),
    ),
    Target(
        "cli.minimums.absences",
        (ABSENCES,),
        ".csv",
        _cli(
            "minimums",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{dir}/bookings.csv",
            "--absences",
            "{in}",
            "--agreement",
            "health-insurance-1-3-days",
            "--from",
            "2025-01-06",
            "--to",
            "2025-02-09",
            "--format",
            "json",
        ),
        findings=True,
    ),
    Target(
        "cli.minimums.agreement",
        (AGREEMENT_EXTRA, *_agreement_seeds()),
        ".toml",
        _cli(
            "minimums",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{dir}/bookings.csv",
            "--agreement",
            "{in}",
            "--from",
            "2025-01-06",
            "--to",
            "2025-01-26",
        ),
        findings=True,
    ),
    Target(
        "cli.disconnect.events",
        (ACTIVITY,),
        ".csv",
        _cli("disconnect", "{in}", "--agreement", "{dir}/charter.toml", "--per-person"),
        files=(("charter.toml", AGREEMENT_EXTRA),),
        findings=True,
    ),
    Target(
        "cli.disconnect.agreement",
        (AGREEMENT_EXTRA,),
        ".toml",
        _cli("disconnect", "{dir}/events.csv", "--agreement", "{in}", "--format", "json"),
        files=(("events.csv", ACTIVITY),),
        findings=True,
    ),
    *(
        Target(
            f"cli.plan.{name}",
            (seed,),
            ".toml",
            _cli(
                "plan",
                "--contracts",
                "{dir}/contracts.csv",
                "--bookings",
                "{dir}/bookings.csv",
                "--teams",
                teams,
                "--wishes",
                wishes,
                "--team",
                "t",
                "--agreement",
                "health-insurance-1-3-days",
                "--from",
                "2025-01-13",
                "--to",
                "2025-01-19",
                "--at",
                "2025-01-01T09:00:00+01:00",
                "--solver",
                "greedy",
                "--format",
                "json",
            ),
            files=(("teams.toml", TEAMS), ("wishes.toml", WISHES)),
        )
        for name, seed, teams, wishes in (
            ("teams", TEAMS, "{in}", "{dir}/wishes.toml"),
            ("wishes", WISHES, "{dir}/teams.toml", "{in}"),
        )
    ),
    *(
        (
            Target(
                "cli.report.teams",
                (TEAMS,),
                ".toml",
                _cli(
                    "report",
                    "--contracts",
                    "{dir}/contracts.csv",
                    "--bookings",
                    "{dir}/bookings.csv",
                    "--teams",
                    "{in}",
                    "--agreement",
                    "health-insurance-1-3-days",
                    "--month",
                    "2025-01",
                    "-o",
                    "{dir}/report.html",
                ),
                examples=3,
            ),
        )
        if _has("jinja2")
        else ()
    ),
    Target(
        "cli.import.bookings",
        (BOOKINGS,),
        ".csv",
        _cli(
            "import",
            "--store",
            "{dir}/s.db",
            "--agreement",
            "health-insurance-1-3-days",
            "--contracts",
            "{dir}/contracts.csv",
            "--bookings",
            "{in}",
            "--at",
            "2025-01-01T09:00:00+01:00",
        ),
        examples=3,
    ),
    Target(
        "cli.import.ledger",
        (LEDGER,),
        ".jsonl",
        _cli(
            "import",
            "--store",
            "{dir}/s.db",
            "--agreement",
            "health-insurance-1-3-days",
            "--contracts",
            "{dir}/contracts.csv",
            "{in}",
        ),
        examples=3,
    ),
    Target(
        "cli.export.store",
        (STORE,),
        ".db",
        _cli("export", "--store", "{in}", "-o", "{dir}/out.csv"),
        examples=3,
    ),
    Target("cli.completion", (b"bash", b"zsh"), ".txt", _completion),
)
"""Every target, loaders first, then the commands."""


# -- mutations ---------------------------------------------------------------------------------


def _cells(seed: bytes) -> list[list[bytes]]:
    return [line.split(b",") for line in seed.split(b"\n")]


def _join(rows: Sequence[Sequence[bytes]]) -> bytes:
    return b"\n".join(b",".join(row) for row in rows)


def mutate(seed: bytes, rng: random.Random) -> bytes:
    """One hostile variant of ``seed`` (several mutations stacked, chosen by ``rng``)."""
    data = seed
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(10)
        if kind == 0 and data:  # cut anywhere (a file cut mid-row)
            data = data[: rng.randrange(len(data))]
        elif kind in (1, 2):  # a hostile value in a cell, or after a TOML '='
            rows = _cells(data)
            row = rng.choice(rows)
            if row:
                row[rng.randrange(len(row))] = rng.choice(HOSTILE_CELLS)
            data = _join(rows)
        elif kind == 3:  # swap two cells of a row
            rows = _cells(data)
            row = rng.choice(rows)
            if len(row) > 1:
                i, j = rng.randrange(len(row)), rng.randrange(len(row))
                row[i], row[j] = row[j], row[i]
            data = _join(rows)
        elif kind == 4:  # duplicate or drop a line
            lines = data.split(b"\n")
            i = rng.randrange(len(lines))
            if rng.random() < 0.5:
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = b"\n".join(lines)
        elif kind == 5:  # a bad encoding
            data = rng.choice(
                [
                    data.decode("utf-8", "replace").encode("utf-16"),
                    data.decode("utf-8", "replace").encode("latin-1", "replace") + b"\xe9\xff",
                    b"\xef\xbb\xbf" + data,
                ]
            )
        elif kind == 6:  # random bytes inserted
            at = rng.randrange(len(data) + 1)
            data = (
                data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + data[at:]
            )
        elif kind == 7:  # a TOML value replaced by a hostile one
            lines = data.split(b"\n")
            keyed = [i for i, line in enumerate(lines) if b" = " in line]
            if keyed:
                i = rng.choice(keyed)
                key = lines[i].split(b" = ", 1)[0]
                value = rng.choice(
                    [
                        b'"1e1000000000"',
                        b"1e300",
                        b"[" * 3000 + b"]" * 3000,
                        b'"' + b"x" * 100_000 + b'"',
                        b'"0001-01-01..9999-12-31"',
                        b"99",
                        b"-1",
                        b"{}",
                        b"[]",
                        b"true",
                    ]
                )
                lines[i] = key + b" = " + value
            data = b"\n".join(lines)
        elif kind == 8:  # separators changed (a French spreadsheet)
            data = data.replace(b",", b";") if rng.random() < 0.5 else data.replace(b"\n", b"\r\n")
        else:  # many rows
            lines = data.split(b"\n")
            if len(lines) > 1:
                data = b"\n".join(lines[:1] + lines[1:] * rng.randint(2, 50))
    return data


# -- running -----------------------------------------------------------------------------------


def run_batch(
    target: Target, inputs: Sequence[bytes], *, cpu_seconds: int = 20, memory_mb: int = 1536
) -> list[Outcome]:
    """Run each input of ``target`` in one forked child (kernel-bounded) and classify it.

    The child runs the inputs one after another and returns each one's kind; an input that
    hangs or bombs memory takes its child down, so the batch is then rerun one input a child
    to blame the right one.
    """

    def call() -> list[tuple[str, str | None, str]]:
        from teleaccord import TeleaccordError

        found: list[tuple[str, str | None, str]] = []
        for data in inputs:
            with tempfile.TemporaryDirectory() as folder:
                scratch = Path(folder)
                for name, content in target.files:
                    (scratch / name).write_bytes(content)
                path = scratch / f"input{target.suffix}"
                path.write_bytes(data)
                try:
                    result = target.run(path, scratch)
                    if target.name.startswith("cli.") and result in (1, 2):
                        found.append(("typed", f"exit {result}", ""))  # reported, exit 1 or 2
                    else:
                        found.append(("ok", None, ""))
                except TeleaccordError as exc:
                    found.append(("typed", exc.code, ""))
                except MemoryError:
                    found.append(("memory", "MemoryError", ""))
                except Exception as exc:  # a traceback: the bug the suite looks for
                    import traceback

                    found.append(("traceback", type(exc).__name__, traceback.format_exc()[-3000:]))
        return found

    outcome = run_bounded(call, cpu_seconds=cpu_seconds * len(inputs), memory_mb=memory_mb)
    if outcome.kind == "ok" and isinstance(outcome.value, list):
        return [Outcome(kind, code=code, detail=detail) for kind, code, detail in outcome.value]
    if len(inputs) == 1:
        return [outcome]
    return _one_by_one(target, inputs, cpu_seconds, memory_mb)


def _one_by_one(
    target: Target, inputs: Sequence[bytes], cpu_seconds: int, memory_mb: int
) -> list[Outcome]:
    found: list[Outcome] = []
    for data in inputs:
        found.extend(run_batch(target, [data], cpu_seconds=cpu_seconds, memory_mb=memory_mb))
    return found
