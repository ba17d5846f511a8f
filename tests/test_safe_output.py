"""What the commands write never destroys what they read, and is safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from teleaccord import BookingRow, read_bookings, read_contracts
from teleaccord.cli import main
from teleaccord.io.csv import write_bookings, write_contracts

SAMPLE = Path(__file__).parent.parent / "src" / "teleaccord" / "data" / "workforce"
HOSTILE = '=HYPERLINK("http://example.invalid","x")'


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name in ("contracts.csv", "bookings.csv", "adjustments.csv"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    return tmp_path


def balances(files: Path, *extra: str) -> int:
    return main(
        [
            "balances",
            "--contracts",
            str(files / "contracts.csv"),
            "--bookings",
            str(files / "bookings.csv"),
            "--agreement",
            "assistance-100-days",
            "--year",
            "2025",
            *extra,
        ]
    )


@pytest.mark.parametrize("option", ["--output", "--problems"])
@pytest.mark.parametrize("victim", ["contracts.csv", "bookings.csv"])
def test_an_output_over_an_input_is_refused_and_the_input_kept(
    files: Path, option: str, victim: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (files / victim).read_bytes()
    assert balances(files, option, str(files / victim)) == 2
    assert (files / victim).read_bytes() == before
    assert "also an input" in capsys.readouterr().err


def test_the_same_file_for_balances_and_problems_is_refused(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = files / "out.csv"
    assert balances(files, "--output", str(out), "--problems", str(out)) == 2
    assert not out.exists()


def test_a_missing_folder_is_bad_input_not_a_crash(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert balances(files, "--output", str(files / "missing" / "out.csv")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_written_output_leaves_no_temporary_file(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert balances(files, "--format", "csv", "-o", str(files / "out.csv")) == 0
    assert sorted(p.name for p in files.iterdir()) == [
        "adjustments.csv",
        "bookings.csv",
        "contracts.csv",
        "out.csv",
    ]


def hostile_workforce(files: Path) -> None:
    quoted = '"' + HOSTILE.replace('"', '""') + '"'
    for name in ("contracts.csv", "bookings.csv"):
        text = (files / name).read_text(encoding="utf-8").replace("\nE0001,", f"\n{quoted},")
        (files / name).write_text(text, encoding="utf-8")


def test_formulas_in_ids_are_neutralised_in_the_balances_csv(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_workforce(files)
    assert balances(files, "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    employees = [row[0] for row in rows[1:]]
    assert "'" + HOSTILE in employees
    assert not any(e.startswith(("=", "+", "@")) for e in employees)
    # The figures of that employee are those E0001 had: only the id changed.
    assert balances(files, "--format", "csv", "--keep-formulas") == 0
    raw = [row[0] for row in csv.reader(io.StringIO(capsys.readouterr().out))]
    assert HOSTILE in raw


def test_an_id_that_computes_is_neutralised_but_a_plain_number_is_not() -> None:
    out = io.StringIO()
    rows = [
        BookingRow("-2+3", date(2025, 3, 4), None, "booked", "B1", None, 2),
        BookingRow("-2", date(2025, 3, 5), None, "booked", "B2", None, 3),
    ]
    write_bookings(rows, out)
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("'-2+3,")
    assert lines[2].startswith("-2,")


def test_our_readers_take_back_what_our_writers_neutralised(tmp_path: Path) -> None:
    rows = [BookingRow(HOSTILE, date(2025, 3, 4), None, "booked", "@B1", None, 2)]
    path = tmp_path / "bookings.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_bookings(rows, handle)
    assert "'=" in path.read_text(encoding="utf-8")
    (back,) = list(read_bookings(path))
    assert (back.employee, back.booking_id) == (HOSTILE, "@B1")


def test_contracts_round_trip_through_a_neutralised_file(files: Path, tmp_path: Path) -> None:
    hostile_workforce(files)
    contracts = list(read_contracts(files / "contracts.csv"))
    out = tmp_path / "again.csv"
    with out.open("w", newline="", encoding="utf-8") as handle:
        write_contracts(contracts, handle)
    assert [c.contract for c in read_contracts(out)] == [c.contract for c in contracts]
    assert any(c.contract.employee == HOSTILE for c in contracts)


@pytest.mark.parametrize(
    "args",
    [
        ["calendar", "2025"],
        ["entitlement", "--hired", "2020-01-01", "--year", "2025"],
        ["check", "--date", "2025-03-04", "--hired", "2020-01-01"],
        ["allowances"],
    ],
)
def test_every_command_that_prints_a_report_writes_it_with_o(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 0
    printed = capsys.readouterr().out
    target = tmp_path / "report.txt"
    assert main([*args, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == printed


def test_a_report_over_an_input_is_refused(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (files / "contracts.csv").read_bytes()
    assert main(["validate", str(files / "contracts.csv"), "-o", str(files / "contracts.csv")]) == 2
    assert (files / "contracts.csv").read_bytes() == before


def test_a_refused_run_writes_no_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.txt"
    args = ["entitlement", "--hired", "2020-01-01", "--fraction", "2", "--year", "2025"]
    assert main([*args, "-o", str(target)]) == 2
    assert not target.exists()
    assert sorted(tmp_path.iterdir()) == []
