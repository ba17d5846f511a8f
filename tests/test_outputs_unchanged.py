"""Outputs people and scripts rely on stay byte-identical across refactorings.

The files under ``tests/fixtures/before/`` were written by the release before the wave-2
redesign (one converter, one fold, one state-machine engine). A change that alters one of these
outputs on purpose regenerates its fixture in the same commit, with a changelog line.
"""

from __future__ import annotations

import contextlib
import io
import runpy
import sys
from fractions import Fraction
from pathlib import Path

import holidays
import pytest

from teleaccord.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "before"
EXAMPLES = Path(__file__).parent.parent / "examples"
SAMPLE = Path(__file__).parent.parent / "src" / "teleaccord" / "data" / "workforce"


# The fixtures name the holidays release that computed them; the minimum-pins CI leg runs an
# older one, with the same dates for the years the fixtures cover.
FIXTURE_HOLIDAYS = "holidays 0.109"


def run_cli(args: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(args)
    assert code == 0
    return out.getvalue().replace(f"holidays {holidays.__version__}", FIXTURE_HOLIDAYS)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_balances_on_the_sample_are_unchanged(fmt: str) -> None:
    expected = (FIXTURES / f"balances.{fmt}").read_text(encoding="utf-8")
    assert run_cli(["balances", "--format", fmt]) == expected


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("allowances.table", ["allowances"]),
        ("allowances.json", ["allowances", "--format", "json"]),
        ("calendar_2025.txt", ["calendar", "2025"]),
        (
            "entitlement.txt",
            [
                "entitlement",
                "--contracts",
                str(SAMPLE / "contracts.csv"),
                "--employee",
                "E0001",
                "--year",
                "2025",
            ],
        ),
        (
            "entitlement.json",
            [
                "entitlement",
                "--hired",
                "2020-01-01",
                "--fraction",
                "80%",
                "--pattern",
                "Mo Tu Th Fr",
                "--year",
                "2025",
                "--format",
                "json",
            ],
        ),
    ],
)
def test_command_outputs_are_unchanged(name: str, args: list[str]) -> None:
    assert run_cli(args) == (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("script", sorted(p.stem for p in EXAMPLES.glob("*.py")))
def test_example_outputs_are_unchanged(script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(EXAMPLES / f"{script}.py")])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(EXAMPLES / f"{script}.py"), run_name="__main__")
    assert out.getvalue() == (FIXTURES / f"example_{script}.out").read_text(encoding="utf-8")


def test_a_ledger_written_by_the_first_release_still_loads() -> None:
    # ledger_v1.jsonl: examples/ledger.py's ledger plus an adjustment, written by release 0.1.
    from teleaccord import Calendar, QuotaLedger, year_range

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        scope = runpy.run_path(str(EXAMPLES / "ledger.py"))
    text = (FIXTURES / "ledger_v1.jsonl").read_text(encoding="utf-8")
    ledger = QuotaLedger.from_jsonl(
        text, agreement=scope["agreement"], contract=scope["contract"], calendar=Calendar()
    )
    assert ledger.version == 12
    kinds = sorted({type(entry).__name__ for entry in ledger.entries})
    assert kinds == ["Adjustment", "Booking", "Cancellation", "CarryOverIn", "Expiry", "Grant"]
    original = scope["ledger"]
    for year, added in ((2024, Fraction(0)), (2025, Fraction(3, 2))):
        mine, theirs = ledger.balance(year_range(year)), original.balance(year_range(year))
        assert (mine.granted, mine.booked, mine.cancelled) == (
            theirs.granted,
            theirs.booked,
            theirs.cancelled,
        )
        assert mine.adjusted == theirs.adjusted + added
        assert mine.remaining == theirs.remaining + added
