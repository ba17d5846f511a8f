"""The ``teleaccord`` command, through its real entry point (``main``) and ``python -m``."""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import teleaccord.cli
from strategies import FR_REGIONS, PATTERN_TEXTS, years
from teleaccord import Calendar, DateRange, WorkPattern, parse_amount, year_range
from teleaccord.cli import COMMANDS, Command, build_parser, main

CALENDAR_COMMAND = ["calendar", "2025", "--country", "FR", "--subdivision", "57"]
CALENDAR_COMMAND += ["--pattern", "Mo Tu Th Fr"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


# -- the calendar command (the README's first main job, before balances) ----------------------


def test_the_calendar_command_prints_what_a_person_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, *CALENDAR_COMMAND)
    assert (code, err) == (0, "")
    assert "Working days of 2025 in Moselle, Alsace-Moselle (FR-57)" in out
    assert "2025-04-18  Fri  Good Friday" in out
    assert "2025-12-26  Fri  Saint Stephen's Day" in out
    assert "Public holidays (13)" in out
    assert "2025: 197 working days, 197 days worked" in out
    assert "80 % of full time" in out
    # one line per month, then the total
    for month in ("January", "June", "December", "Total"):
        assert f"\n  {month} " in out


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "teleaccord", *CALENDAR_COMMAND],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "197 working days" in done.stdout
    assert done.stderr == ""


# -- what the report says --------------------------------------------------------------------


@given(
    years,
    st.sampled_from(FR_REGIONS),
    st.sampled_from([t for t in PATTERN_TEXTS if "/" not in t]),
    st.booleans(),
)
def test_json_totals_are_the_calendars_and_the_months_add_up(
    year: int, subdivision: str | None, pattern_text: str, works_holidays: bool
) -> None:
    argv = ["calendar", str(year), "--pattern", pattern_text, "--format", "json"]
    argv += ["--subdivision", subdivision] if subdivision else []
    argv += ["--works-holidays"] if works_holidays else []
    with _captured() as out:
        assert main(argv) == 0
    data = json.loads(out.getvalue())
    calendar = Calendar(subdivision=subdivision)
    pattern = WorkPattern.parse(pattern_text, works_holidays=works_holidays)
    total = data["total"]
    assert total["working_days"] == calendar.count_working_days(year_range(year), pattern)
    assert parse_amount(total["worked"]) == calendar.worked_amount(year_range(year), pattern)
    assert sum(m["working_days"] for m in data["months"]) == total["working_days"]
    assert sum(parse_amount(m["worked"]) for m in data["months"]) == parse_amount(total["worked"])
    assert sum(m["days"] for m in data["months"]) == len(year_range(year))
    assert [h["date"] for h in data["holidays"]] == [
        h.day.isoformat() for h in calendar.holidays(year_range(year))
    ]


def test_half_days_count_one_half(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "calendar", "2025", "--pattern", "Mo Tu We Th:am Fr")
    # 251 working days; Thursday afternoons off on the 52 Thursdays that are not holidays
    # minus 4 Thursday holidays (1 and 8 May, 29 May, 25 December): 48 half-days
    assert data["total"]["working_days"] == 251
    assert data["total"]["worked"] == "227"
    assert parse_amount(data["total"]["worked"]) == Fraction(251 * 2 - 48, 2)
    assert data["pattern_fraction"] == "0.9"
    assert data["days_per_week"] == "4.5"


def test_a_rotating_24_7_cycle_with_closures_and_worked_holidays(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(
        capsys,
        "calendar",
        "2025",
        "--pattern",
        "Mo Tu / We Th Fr Sa Su",
        "--anchor",
        "2024-12-30",
        "--works-holidays",
        "--closure",
        "2025-12-24..2025-12-26",
        "2025-08-14",
    )
    pattern = WorkPattern.parse(
        "Mo Tu / We Th Fr Sa Su", anchor=date(2024, 12, 30), works_holidays=True
    )
    calendar = Calendar(
        closures=[DateRange(date(2025, 12, 24), date(2025, 12, 26)), date(2025, 8, 14)]
    )
    assert data["total"]["working_days"] == calendar.count_working_days(year_range(2025), pattern)
    assert data["closures"] == ["2025-08-14", "2025-12-24", "2025-12-25", "2025-12-26"]
    statuses = {h["date"]: h["status"] for h in data["holidays"]}
    assert statuses["2025-12-25"] == "closed"
    assert statuses["2025-01-01"] == "not a pattern day"  # a Wednesday of week one
    assert statuses["2025-05-01"] == "worked (pattern works holidays)"  # Thursday, week two


def test_worked_holidays_by_name_or_date(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys, "calendar", "2025", "--worked-holiday", "pentecost monday", "2025-11-11"
    )
    assert data["total"]["working_days"] == 253
    worked = {h["name"]: h["status"] for h in data["holidays"] if h["marked_worked"]}
    assert worked == {
        "Pentecost Monday": "worked (marked worked)",
        "Armistice Day": "worked (marked worked)",
    }
    code, out, _ = run(capsys, "calendar", "2025", "--worked-holiday", "Pentecost Monday")
    assert code == 0
    assert "holidays worked anyway: Pentecost Monday" in out


def test_overseas_department_la_reunion(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "calendar", "2024", "--subdivision", "La Réunion")
    assert data["subdivision"] == "974"
    names = {h["date"]: h["name"] for h in data["holidays"]}
    assert names["2024-12-20"] == "Abolition of Slavery"
    assert data["total"]["working_days"] == 251  # 252 in mainland France; 20 Dec is a Friday


# -- help, usage and exit codes --------------------------------------------------------------


def test_help_teaches_with_examples_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "{calendar" in out  # the docs read the subcommands from this list
    assert "exit codes:" in out
    code, out, _ = run(capsys, "calendar", "--help")
    assert code == 0
    assert "examples:" in out
    assert 'teleaccord calendar 2025 --country FR --subdivision 57 --pattern "Mo Tu Th Fr"' in out
    assert "3  internal error" in out
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("teleaccord ")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["calendar", "2025", "--subdivision", "99"], "--subdivision: '99' is not a subdivision"),
        (["calendar", "2025", "--country", "ZZ"], "--country: no public holidays"),
        (["calendar", "2025", "--pattern", "Mo Xx"], "--pattern: unknown weekday 'Xx'"),
        (["calendar", "2025", "--pattern", "Mo / Tu"], "--anchor: a rotating cycle of 2 weeks"),
        (["calendar", "2025", "--pattern", "Mo / Tu", "--anchor", "soon"], "--anchor: expected"),
        (["calendar", "2025", "--closure", "2025-02-30"], "--closure: expected a date"),
        (["calendar", "2025", "--closure", "2025-03-02..2025-03-01"], "cannot end"),
        (["calendar", "2025", "--worked-holiday", "Whit Monday"], "Pentecost Monday"),
        (["calendar", "2025", "--worked-holiday", "2025-06-10"], "not a public holiday"),
        (["calendar", "1800"], "YEAR: 1800 is outside the years"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("teleaccord calendar: error: ")
    assert says in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [[], ["calendar"], ["calendar", "twenty"], ["calendar", "2025", "--bogus"], ["nothing"]],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage: teleaccord" in err
    assert "Traceback" not in err


def test_a_bug_exits_3_and_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: argparse.Namespace) -> int:
        msg = "oops"
        raise ZeroDivisionError(msg)

    def no_arguments(parser: argparse.ArgumentParser) -> None:
        return None

    # Registering a subcommand is one more Command in the list.
    extra = Command(
        name="broken",
        summary="fails",
        description="Always fails.",
        arguments=no_arguments,
        run=broken,
    )
    monkeypatch.setattr(teleaccord.cli, "COMMANDS", (*COMMANDS, extra))
    code, _out, err = run(capsys, "broken")
    assert code == 3
    assert "internal error (ZeroDivisionError: oops)" in err
    assert "please report it" in err


# -- the package: one way to build commands, options defined once ----------------------------

CLI = Path(teleaccord.cli.__file__).parent


def subparsers() -> dict[str, argparse.ArgumentParser]:
    (action,) = (
        a
        for a in build_parser()._actions  # argparse keeps its parsers there
        if isinstance(a, argparse._SubParsersAction)
    )
    return dict(action.choices)


def test_every_subcommand_is_a_module_of_the_package_built_from_it() -> None:
    modules = sorted(
        p.stem.rstrip("_") for p in CLI.glob("*.py") if p.stem not in ("__init__", "options")
    )  # import_.py is the import command
    assert sorted(c.name for c in COMMANDS) == modules
    for command in COMMANDS:
        assert command.summary
        assert command.description
        assert command.examples
        assert all(e.startswith(f"teleaccord {command.name}") for e in command.examples)


@pytest.mark.parametrize(
    "option", ["--country", "--subdivision", "--agreement", "--encoding", "--format", "--output"]
)
def test_an_option_shared_by_subcommands_has_one_default_and_one_meaning(option: str) -> None:
    found = {}
    for name, parser in subparsers().items():
        for action in parser._actions:
            if option in action.option_strings:
                found[name] = (action.dest, action.metavar, action.default is None)
    assert len(found) >= 2
    assert len(set(found.values())) == 1, found


def test_country_means_france_unless_the_data_name_their_country(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parsers = subparsers()
    assert {n for n, p in parsers.items() if "--country" in p.format_help()} == {
        "calendar",
        "balances",
        "entitlement",
        "check",
        "report",
        "import",
        "export",
        "plan",
        "minimums",
    }
    code, out, _err = run(capsys, "calendar", "2025", "--format", "json")
    assert (code, json.loads(out)["country"]) == (0, "FR")


def test_the_package_imports_at_the_top_and_no_private_name_across_modules() -> None:
    for path in sorted(CLI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                assert not inner, f"{path.name}: {node.name} imports inside a function"
            if isinstance(node, ast.ImportFrom):
                modules = (node.module or "").split(".")
                names = [a.name for a in node.names]
                private = [
                    n for n in [*modules, *names] if n.startswith("_") and not n.endswith("__")
                ]
                assert not private, f"{path.name} imports {private} from {node.module}"


# -- balances (the workforce job) ------------------------------------------------------------


def test_balances_runs_on_the_sample_workforce_with_no_arguments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "balances")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["employee", "period", "exact", "granted"]
    assert len(lines) == 1 + 240 + 1  # header, one row per employee, total
    assert lines[1].startswith("E0001      2025")
    assert lines[-1].startswith("total      240")
    assert "240 employees, 240 balances" in err
    assert "no problem" in err


def test_balances_writes_csv_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    target = tmp_path / "balances.csv"
    code, out, err = run(capsys, "balances", "--format", "csv", "--output", str(target))
    assert (code, out) == (0, "")
    header, first, *rest = target.read_text(encoding="utf-8").splitlines()
    assert header.startswith("employee,period,start,end,entitlement_exact,entitlement")
    assert first.startswith("E0001,2025,2025-01-01,2025-12-31,")
    assert len(rest) == 239
    assert f"written to {target}" in err
    assert not list(tmp_path.glob("*.part"))


def test_balances_in_json_keep_amounts_exact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "balances", "--format", "json", "--as-of", "2025-06-30")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 240
    assert all(isinstance(v, str) for row in data for v in row.values())
    assert {Fraction(parse_amount(row["remaining"])) >= 0 for row in data} == {True}


def _workforce_files(tmp_path: Any) -> list[str]:
    contracts = tmp_path / "contrats.csv"
    contracts.write_text(
        "\ufeffMatricule;Date d'embauche;Taux d'activité;Rythme\n"
        "E1;2020-01-06;80 %;Mo Tu Th Fr\n"
        "E2;2025-07-01;100 %;\n",
        encoding="utf-8",
    )
    bookings = tmp_path / "reservations.csv"
    bookings.write_text(
        "Matricule;Jour;Demi-journée;Statut\n"
        "E1;2025-03-04;;\n"
        "E1;2025-03-05;;\n"  # a Wednesday: E1 does not work it
        "E1;2025-03-06;matin;\n"
        "E2;2025-07-01;;\n"
        "E3;2025-07-01;;\n",  # no contract
        encoding="utf-8",
    )
    return ["--contracts", str(contracts), "--bookings", str(bookings)]


def test_balances_from_files_report_bad_rows_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    files = _workforce_files(tmp_path)
    code, out, err = run(
        capsys, "balances", "--agreement", "assistance-100-days", *files, "--year", "2025",
        "--format", "csv", "--separator", ";", "--decimal-comma", "--exact",
    )  # fmt: skip
    assert code == 1
    assert out.splitlines()[1:] == [
        "E1;2025;2025-01-01;2025-12-31;80;80;0;0;1,5;0;0;78,5;78,5;default",
        "E2;2025;2025-01-01;2025-12-31;3680/73;50,5;0;0;1;0;0;49,5;49,5;default",
    ]
    assert "reservations.csv:3:Jour: E1 does not work on Wednesday 2025-03-05" in err
    assert "reservations.csv:6:Matricule: the bookings row of E3 (line 6) was skipped" in err
    assert "(2 skipped)" in err


def test_balances_list_every_problem_in_a_file_on_request(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    files = _workforce_files(tmp_path)
    listing = tmp_path / "problems.csv"
    code, _, err = run(
        capsys, "balances", "--agreement", "assistance-100-days", *files, "--year", "2025",
        "--max-problems", "1", "--problems", str(listing),
    )  # fmt: skip
    assert code == 1
    assert "... and 1 more problems" in err
    rows = listing.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "path,code,message"
    assert [r.split(",")[1] for r in rows[1:]] == ["not_in_pattern", "unknown_employee"]


def test_balances_stop_at_the_first_error_and_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    files = _workforce_files(tmp_path)
    target = tmp_path / "out.csv"
    code, out, err = run(
        capsys, "balances", "--agreement", "assistance-100-days", *files, "--year", "2025",
        "--stop-at-first-error", "--output", str(target),
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "does not work on Wednesday 2025-03-05" in err
    assert not target.exists()
    assert not list(tmp_path.glob("*.part"))


def test_unsorted_files_are_indexed_with_a_warning_or_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    contracts = tmp_path / "c.csv"
    contracts.write_text("employee,hired\nE2,2020-01-06\nE1,2020-01-06\n", encoding="utf-8")
    bookings = tmp_path / "b.csv"
    bookings.write_text("employee,date\nE2,2025-03-04\nE1,2025-03-04\n", encoding="utf-8")
    base = ["balances", "--agreement", "assistance-100-days", "--contracts", str(contracts)]
    base += ["--bookings", str(bookings), "--year", "2025", "--format", "csv"]
    code, out, err = run(capsys, *base)
    assert code == 0
    assert [line[:2] for line in out.splitlines()[1:]] == ["E1", "E2"]
    assert "c.csv:3:employee: the rows are not sorted by employee" in err
    assert "indexed in memory" in err
    code, out, err = run(capsys, *base, "--unsorted", "error")
    assert (code, out) == (2, "")
    assert "not sorted by employee ('E1' after 'E2')" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--contracts", "c.csv"], "--contracts and --bookings go together"),
        (["--contracts", "c.csv", "--bookings", "b.csv"], "--agreement: give the agreement"),
        (
            ["--agreement", "assistance-100-days", "--contracts", "c.csv", "--bookings", "b.csv"],
            "--year: say which reference periods",
        ),
        (
            [
                "--agreement",
                "assistance-100-days",
                "--contracts",
                "nowhere.csv",
                "--bookings",
                "b.csv",
                "--year",
                "2025",
            ],
            "nowhere.csv: cannot read the file",
        ),
        (["--period", "2025-02-30"], "--period: expected a date"),
        (["--year", "2025", "--period", "2025-01-01"], "not allowed with argument"),
    ],
)
def test_balances_refuse_bad_usage_with_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "balances", *argv)
    assert (code, out) == (2, "")
    assert message in err


def test_balances_help_teaches_the_formats_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "balances", "--help")
    assert code == 0
    for text in (
        "--contracts FILE",
        "--stop-at-first-error",
        "--decimal-comma",
        "exit codes:",
        "teleaccord balances --format csv --output balances.csv",
    ):
        assert text in out


# -- helpers ---------------------------------------------------------------------------------


class _captured:
    """Capture stdout without pytest's fixture (usable inside a hypothesis test)."""

    def __enter__(self) -> Any:
        import io

        self._old = sys.stdout
        self.buffer = io.StringIO()
        sys.stdout = self.buffer
        return self.buffer

    def __exit__(self, *exc: object) -> None:
        sys.stdout = self._old


# -- entitlement and check (one employee) ------------------------------------------------------


def _sample_file(name: str) -> str:
    from importlib import resources

    return str(resources.files("teleaccord").joinpath("data/workforce").joinpath(name))


def test_entitlement_prints_the_exact_and_rounded_figure_and_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "entitlement", "--hired", "2025-07-01", "--year", "2025")
    assert (code, err) == (0, "")
    assert "50.50 days (exactly 3680/73)" in out
    assert "184 of 365 calendar days" in out
    assert "rounded half-up to the nearest 0.5 day gives 50.5" in " ".join(out.split())


def test_entitlement_json_is_the_entitlements_data(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        "entitlement",
        "--employee",
        "E7",
        "--hired",
        "2020-01-06",
        "--fraction",
        "80%",
        "--pattern",
        "Mo Tu Th Fr",
        "--period-containing",
        "2025-06-15",
    )
    assert (data["employee"], data["exact"], data["rounded"]) == ("E7", "80", "80")
    assert data["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert data["eligibility"] == []


def test_entitlement_reads_a_contracts_file(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        "entitlement",
        "--contracts",
        _sample_file("contracts.csv"),
        "--employee",
        "E0001",
        "--year",
        "2025",
    )
    assert (data["employee"], data["rounded"]) == ("E0001", "100")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--year", "2025"], "--hired: give the contract"),
        (["--hired", "2025-13-01", "--year", "2025"], "--hired: expected a date"),
        (["--hired", "2025-01-01", "--fraction", "120%", "--year", "2025"], "fraction"),
        (["--contracts", "missing.csv", "--employee", "E1", "--year", "2025"], "missing.csv"),
        (["--contracts", "c.csv", "--year", "2025"], "--employee: name the employee"),
        (["--agreement", "missing.toml", "--hired", "2025-01-01", "--year", "2025"], "missing"),
    ],
)
def test_entitlement_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = run(capsys, "entitlement", *argv)
    assert (code, out) == (2, "")
    assert said in err
    assert err.startswith("teleaccord entitlement: error: ")


def test_entitlement_of_an_unknown_employee_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "entitlement",
        "--contracts",
        _sample_file("contracts.csv"),
        "--employee",
        "NOBODY",
        "--year",
        "2025",
    )
    assert code == 2
    assert "'NOBODY' has no contract" in err


def test_entitlement_needs_a_period(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "entitlement", "--hired", "2025-01-01")
    assert code == 2
    assert "--year" in err


def test_check_says_ok_and_what_is_left(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "check",
        "--hired",
        "2020-01-06",
        "--date",
        "2025-03-06",
        "--booked",
        "2025-03-04",
        "2025-03-05:am",
        "--at",
        "2025-03-03T18:00:00+01:00",
    )
    assert (code, err) == (0, "")
    assert out.startswith("OK: employee, 2025-03-06 (whole day) can be booked")
    assert "98.50 of 100.00 days left" in out


def test_check_lists_every_violation_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        "--hired",
        "2020-01-06",
        "--pattern",
        "Mo Tu Th Fr",
        "--date",
        "2025-05-01",
    )
    assert code == 1
    assert out.startswith("REFUSED:")
    assert "  holiday: " in out
    assert "[holiday=Labor Day, holiday_fr=Fête du Travail]" in out


def test_check_replays_a_bookings_file_and_reports_as_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys,
        "check",
        "--contracts",
        _sample_file("contracts.csv"),
        "--employee",
        "E0001",
        "--bookings",
        _sample_file("bookings.csv"),
        "--date",
        "2025-01-13",
        "--format",
        "json",
    )
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert data["ok"] is False
    assert [v["code"] for v in data["violations"]] == ["already_booked"]
    assert data["violations"][0]["params"] == {"entry_id": "B2"}
    assert Fraction(data["granted"]) - Fraction(data["booked"]) == Fraction(data["remaining"])


def test_check_half_day_and_notice(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(
        run(
            capsys,
            "check",
            "--hired",
            "2020-01-06",
            "--date",
            "2025-03-04",
            "--half",
            "pm",
            "--booked",
            "2025-03-04:am",
            "--format",
            "json",
        )[1]
    )
    assert (data["ok"], data["half"], data["booked"]) == (True, "pm", "0.5")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--hired", "2020-01-06"], "--date"),
        (["--hired", "2020-01-06", "--date", "2025-02-30"], "--date: "),
        (["--hired", "2020-01-06", "--date", "2025-03-04", "--at", "2025-03-03T18:00"], "--at:"),
        (
            ["--hired", "2020-01-06", "--date", "2025-03-04", "--booked", "2025-03-03:xx"],
            "am or pm",
        ),
        (["--hired", "2020-01-06", "--date", "2025-03-04", "--half", "noon"], "--half"),
    ],
)
def test_check_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = run(capsys, "check", *argv)
    assert (code, out) == (2, "")
    assert said in err


def test_entitlement_and_check_help_teach_with_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("entitlement", "check"):
        code, out, _ = run(capsys, name, "--help")
        assert code == 0
        assert "examples:" in out
        assert f"teleaccord {name} --hired" in out
        assert "exit codes:" in out


# -- allowances ---------------------------------------------------------------------------------

ALLOWANCE_CONTRACTS = "employee,hired,fraction\nA1,2024-01-01,1\nA2,2025-03-10,80 %\n"
ALLOWANCE_BOOKINGS = (
    "employee;date;half;status;id\n"
    "A1;2025-01-06;;booked;b1\n"
    "A1;2025-01-07;am;booked;b2\n"
    "A1;2025-01-07;pm;booked;b3\n"
    "A1;2025-01-08;;booked;b4\n"
    "A1;2025-01-08;;cancelled;b4\n"
    "A1;2025-02-03;;booked;b5\n"
    "A2;2025-03-11;am;booked;c1\n"
)


def _allowance_files(tmp_path: Any, bookings: str = ALLOWANCE_BOOKINGS) -> list[str]:
    contracts = tmp_path / "contracts.csv"
    contracts.write_text(ALLOWANCE_CONTRACTS, encoding="utf-8")
    booked = tmp_path / "bookings.csv"
    booked.write_text(bookings, encoding="utf-8-sig")
    return ["--contracts", str(contracts), "--bookings", str(booked), "--year", "2025"]


def test_allowances_run_on_the_sample_workforce_with_no_arguments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "allowances")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Telework allowances of 2025 under '2.70 EUR a telework day")
    assert lines[2].split() == ["employee", "month", "days", "due", "exempt", "excess"]
    assert lines[-1].startswith("total")


def test_allowances_count_active_bookings_per_month(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    code, out, err = run(capsys, "allowances", *_allowance_files(tmp_path), "--format", "csv")
    assert (code, err) == (0, "")
    rows = [line.split(",") for line in out.splitlines()]
    assert rows[0] == ["employee", "month", "telework_days", "due", "exempt", "excess"]
    by_month = {(r[0], r[1]): r[2:] for r in rows[1:]}
    # two half-days make a day; the cancelled booking is not counted
    assert by_month["A1", "2025-01"] == ["2.00", "5.40", "5.40", "0.00"]
    assert by_month["A1", "2025-02"] == ["1.00", "2.70", "2.70", "0.00"]
    assert by_month["A2", "2025-03"] == ["0.50", "1.35", "1.35", "0.00"]
    assert ("A2", "2025-02") not in by_month  # not yet hired
    assert len([r for r in rows[1:] if r[0] == "A1"]) == 12


def test_allowances_json_holds_each_months_explanation(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    code, out, _ = run(capsys, "allowances", *_allowance_files(tmp_path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    january = next(d for d in data if (d["employee"], d["month"]) == ("A1", "2025-01"))
    assert january["due"] == "5.40"
    assert january["explanation"]["rate"] == "2.70"
    assert january["explanation"]["limit"]["per_day"] == "2.70"


def test_allowances_with_a_policy_file_and_its_excess(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('name = "5 EUR a day"\nkind = "per-day"\namount = "5.00"\n', encoding="utf-8")
    code, out, _ = run(
        capsys,
        "allowances",
        *_allowance_files(tmp_path),
        "--policy",
        str(policy),
        "--format",
        "csv",
    )
    assert code == 0
    assert "A1,2025-01,2.00,10.00,5.40,4.60" in out.splitlines()


def test_allowances_per_weekly_day_needs_the_weekly_days(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'name = "10 EUR per weekly day"\nkind = "per-weekly-day"\namount = "10"\n',
        encoding="utf-8",
    )
    argv = [*_allowance_files(tmp_path), "--policy", str(policy), "--format", "csv"]
    code, out, err = run(capsys, "allowances", *argv)
    assert (code, out) == (2, "")
    assert "--weekly-days" in err
    code, out, _ = run(capsys, "allowances", *argv, "--weekly-days", "2")
    assert code == 0
    assert "A1,2025-01,2.00,20.00" in out


def test_allowances_report_bad_rows_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    bookings = ALLOWANCE_BOOKINGS + "A1;2025-13-01;;booked;b9\nZZ;2025-01-06;;booked;z1\n"
    code, out, err = run(
        capsys, "allowances", *_allowance_files(tmp_path, bookings), "--format", "csv"
    )
    assert code == 1
    assert "bookings.csv:9:date" in err
    assert "ZZ has bookings but no contract" in err
    assert "A1,2025-01,2.00,5.40,5.40,0.00" in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--contracts", "c.csv"], "--contracts and --bookings go together"),
        (["--policy", "missing.toml"], "missing.toml"),
        (["--limits", "missing.toml"], "missing.toml"),
        (["--format", "xml"], "--format"),
    ],
)
def test_allowances_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = run(capsys, "allowances", *argv)
    assert (code, out) == (2, "")
    assert said in err


def test_allowances_need_a_year_with_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    code, _, err = run(capsys, "allowances", *_allowance_files(tmp_path)[:4])
    assert code == 2
    assert "--year" in err


def test_allowances_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "allowances", "--help")
    assert code == 0
    assert "examples:" in out
    assert "teleaccord allowances --contracts contracts.csv" in out
    assert "exit codes:" in out
