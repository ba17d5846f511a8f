"""What the fuzz suite and ``tools/fuzz.py`` feed hostile input to: every loader and every
CLI command that reads a file, each with valid seed files and a way to run one input.

An input is bytes (the file's content). :func:`mutations` turns a seed into hostile variants
the way careless users and attackers do (cut rows, swapped cells, huge numbers, deep nesting,
bad encodings); hypothesis shrinks a failing one. :func:`run_batch` runs several inputs of a
target in one forked child, under the harness's kernel limits, and classifies each.
"""

from __future__ import annotations

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
        code = main(argv)
        if code not in (0, 1, 2):
            msg = f"exit {code}"
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
    Target("json.loads", (JSON_VALUE,), ".json", _json),
    Target("json.from_data", (JSON_VALUE,), ".json", _from_data),
    Target("jsonl.values", (JSON_LINES,), ".jsonl", _jsonl),
    Target("csv.contracts", (CONTRACTS,), ".csv", _csv("read_contracts")),
    Target("csv.bookings", (BOOKINGS,), ".csv", _csv("read_bookings")),
    Target("csv.adjustments", (ADJUSTMENTS,), ".csv", _csv("read_adjustments")),
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
