"""Issue 19's reproducers: hostile or careless input gets a typed error (exit 2), never a
traceback, a hang or a memory bomb, and no output destroys an input.

Each run happens in a forked child under CPU and address-space limits (``tests/fuzz``): the
bounds are the kernel's, nothing here is timed.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and resource are POSIX")

import teleaccord.cli  # noqa: E402, F401 - imported once here, not in every forked child
from fuzz.harness import Outcome, run_bounded, run_cli_bounded  # noqa: E402

SAMPLE = Path(__file__).parent.parent / "src" / "teleaccord" / "data" / "workforce"
AGREEMENTS = Path(__file__).parent.parent / "src" / "teleaccord" / "data" / "agreements"
LIMITS: dict[str, Any] = {"cpu_seconds": 20, "memory_mb": 1536}

CONTRACTS = (
    "employee,effective,hired,last_day,fraction,pattern,anchor,works_holidays,category,team,"
    "site,statuses\nE1,,2020-01-06,,100 %,,,,claims-processing,t,Paris,\n"
    "E2,,2021-03-01,,80 %,Mo Tu Th Fr,,,claims-processing,t,Paris,\n"
)
BOOKINGS = "employee,date,half,status,id\nE1,2025-01-07,,booked,B1\nE2,2025-01-09,,booked,B2\n"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "contracts.csv").write_text(CONTRACTS, encoding="utf-8")
    (tmp_path / "bookings.csv").write_text(BOOKINGS, encoding="utf-8")
    shutil.copy(SAMPLE / "adjustments.csv", tmp_path / "adjustments.csv")
    return tmp_path


def cli(*args: str) -> Outcome:
    return run_cli_bounded(list(args), **LIMITS)


def call(function: Callable[[], Any]) -> Outcome:
    return run_bounded(function, **LIMITS)


def assert_refused(outcome: Outcome) -> None:
    assert outcome.kind == "typed", (outcome.kind, outcome.code, outcome.detail, outcome.stderr)
    assert outcome.code == "exit 2", (outcome.code, outcome.stderr)


def balances(files: Path, *more: str) -> Outcome:
    return cli(
        "balances",
        "--contracts",
        str(files / "contracts.csv"),
        "--bookings",
        str(files / "bookings.csv"),
        "--year",
        "2025",
        "--agreement",
        "health-insurance-1-3-days",
        *more,
    )


# -- 1. numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1e1000000000", "1e100000000", "1e5000", "9" * 5000])
def test_a_huge_number_in_a_csv_cell_is_refused_quickly(files: Path, number: str) -> None:
    (files / "adjustments.csv").write_text(
        f"employee,period,amount,reason,by\nE1,2025,{number},x,hr\n", encoding="utf-8"
    )
    outcome = cli("validate", "--kind", "adjustments", str(files / "adjustments.csv"))
    assert outcome.kind == "typed", (outcome.kind, outcome.detail)
    assert "amount" in outcome.stdout + outcome.stderr
    outcome = balances(files, "--adjustments", str(files / "adjustments.csv"))
    assert outcome.clean, (outcome.kind, outcome.detail, outcome.stderr[-2000:])


@pytest.mark.parametrize("number", ["1e1000000000", "1e5000"])
def test_a_huge_fraction_in_a_contracts_file_is_a_located_problem(files: Path, number: str) -> None:
    (files / "contracts.csv").write_text(CONTRACTS.replace("80 %", number), encoding="utf-8")
    outcome = cli("validate", str(files / "contracts.csv"))
    assert outcome.kind == "typed"
    assert "contracts.csv:3:fraction" in outcome.stdout + outcome.stderr


def test_a_huge_number_in_an_option_is_refused() -> None:
    assert_refused(
        cli("entitlement", "--hired", "2020-01-01", "--fraction", "1e999999", "--year", "2025")
    )


def test_a_huge_weekly_days_option_is_refused(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'name = "10 EUR per weekly day"\nkind = "per-weekly-day"\namount = "10"\n',
        encoding="utf-8",
    )
    assert_refused(cli("allowances", "--policy", str(policy), "--weekly-days", "1e999999"))


@pytest.mark.parametrize("amount", ['"1e999999999"', '"1e5000"', "1e300"])
def test_a_huge_amount_in_an_allowance_policy_is_refused(tmp_path: Path, amount: str) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(f'name = "x"\nkind = "per-day"\namount = {amount}\n', encoding="utf-8")
    assert_refused(cli("allowances", "--policy", str(policy)))


def test_a_huge_quota_in_an_agreement_is_refused(tmp_path: Path) -> None:
    source = (AGREEMENTS / "health-insurance-1-3-days.toml").read_text(encoding="utf-8")
    path = tmp_path / "a.toml"
    path.write_text(source.replace("maximum = ", 'maximum = "1e999999999" #', 1), encoding="utf-8")
    outcome = cli("validate", str(path))
    assert outcome.kind == "typed", (outcome.kind, outcome.detail)


def test_parse_amount_refuses_an_exponent_bomb_directly() -> None:
    from teleaccord import parse_amount

    outcome = call(lambda: parse_amount("1e1000000000"))
    assert outcome.kind == "typed"
    assert outcome.code == "invalid_number"


# -- 2. outputs never destroy inputs --------------------------------------------------------


def test_problems_file_never_overwrites_an_input(files: Path) -> None:
    before = (files / "bookings.csv").read_bytes()
    assert_refused(balances(files, "--problems", str(files / "bookings.csv")))
    assert (files / "bookings.csv").read_bytes() == before


def test_output_never_overwrites_an_input(files: Path) -> None:
    before = (files / "contracts.csv").read_bytes()
    assert_refused(balances(files, "--output", str(files / "contracts.csv")))
    assert (files / "contracts.csv").read_bytes() == before


@pytest.mark.parametrize("where", ["missing/out.csv", "."])
def test_an_output_in_a_missing_folder_or_a_folder_is_bad_input(files: Path, where: str) -> None:
    assert_refused(balances(files, "--format", "csv", "--output", str(files / where)))


@pytest.mark.parametrize("where", ["missing/out.ics", "."])
def test_an_ical_output_in_a_missing_folder_or_a_folder_is_bad_input(
    files: Path, where: str
) -> None:
    pytest.importorskip("icalendar")
    assert_refused(cli("ical", str(files / "bookings.csv"), "-o", str(files / where)))


def test_ical_never_overwrites_its_input(files: Path) -> None:
    before = (files / "bookings.csv").read_bytes()
    assert_refused(cli("ical", str(files / "bookings.csv"), "-o", str(files / "bookings.csv")))
    assert (files / "bookings.csv").read_bytes() == before


# -- 3. dates at the edges --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["calendar", "10000"],
        ["calendar", "0"],
        ["calendar", "-5"],
        ["balances", "--year", "9999"],
        ["balances", "--as-of", "9999-12-31"],
        ["balances", "--period", "0001-01-01"],
        ["entitlement", "--hired", "2020-01-01", "--year", "0"],
        ["entitlement", "--hired", "2020-01-01", "--period-containing", "9999-12-31"],
        ["allowances", "--year", "10000"],
    ],
)
def test_dates_at_the_edges_are_refused(args: list[str]) -> None:
    assert_refused(cli(*args))


def test_year_range_beyond_the_dates_is_a_typed_error() -> None:
    from teleaccord.dates import year_range

    outcome = call(lambda: year_range(10000))
    assert outcome.kind == "typed"
    assert outcome.code == "year_out_of_range"


def test_ical_of_a_booking_on_the_last_date_is_refused(files: Path) -> None:
    pytest.importorskip("icalendar")
    (files / "bookings.csv").write_text(
        "employee,date,half,status,id\nE1,9999-12-31,am,booked,B1\n", encoding="utf-8"
    )
    assert_refused(cli("ical", str(files / "bookings.csv")))


def test_a_reversed_period_is_refused() -> None:
    assert_refused(cli("balances", "--period", "2025-12-31..2025-01-01"))


# -- 4. nesting, encodings, sizes ---------------------------------------------------------


def deep_toml(tmp_path: Path) -> Path:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    return path


def test_deeply_nested_toml_is_refused(tmp_path: Path) -> None:
    path = deep_toml(tmp_path)
    assert_refused(cli("balances", "--agreement", str(path), "--year", "2025"))
    assert_refused(cli("allowances", "--policy", str(path)))
    assert_refused(cli("allowances", "--limits", str(path)))
    assert cli("validate", "--kind", "agreement", str(path)).kind == "typed"


def test_deeply_nested_json_is_refused() -> None:
    from teleaccord.io.json import loads

    outcome = call(lambda: loads("[" * 100_000 + "]" * 100_000))
    assert outcome.kind == "typed", (outcome.kind, outcome.detail)


@pytest.mark.parametrize("encoding", ["nope", "utf-16", "utf-32"])
def test_a_bad_encoding_option_is_bad_input(files: Path, encoding: str) -> None:
    assert_refused(balances(files, "--encoding", encoding))


@pytest.mark.parametrize("name", ["Telework\nBEGIN:VEVENT", "a\rb", "x" * 1000])
def test_ical_name_with_a_newline_or_too_long_is_refused(files: Path, name: str) -> None:
    pytest.importorskip("icalendar")
    assert_refused(cli("ical", str(files / "bookings.csv"), "--name", name))


def test_a_csv_header_field_over_the_field_limit_is_a_located_error(files: Path) -> None:
    (files / "contracts.csv").write_text('"' + "x" * 200_000 + '",employee\nE1\n', encoding="utf-8")
    assert_refused(balances(files))
    (files / "bookings.csv").write_text("employee,date\n" + "y" * 200_000, encoding="utf-8")
    assert cli("validate", "--kind", "bookings", str(files / "bookings.csv")).kind == "typed"


@pytest.mark.parametrize("option", ["--policy", "--limits"])
def test_a_non_utf8_toml_is_bad_input(tmp_path: Path, option: str) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Télétravail"\n'.encode("latin-1"))
    assert_refused(cli("allowances", option, str(path)))


def test_a_limits_file_of_an_unknown_schema_is_refused(tmp_path: Path) -> None:
    source = (SAMPLE.parent / "allowance_limits.toml").read_text(encoding="utf-8")
    path = tmp_path / "limits.toml"
    if "schema" in source:
        lines = [
            "schema = 99" if line.startswith("schema") else line for line in source.splitlines()
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_text("schema = 99\n" + source, encoding="utf-8")
    assert_refused(cli("allowances", "--limits", str(path)))


def test_a_huge_employee_id_is_refused_not_materialised(files: Path) -> None:
    (files / "contracts.csv").write_text(
        CONTRACTS.replace("E2,", "E" * 100_000 + ","), encoding="utf-8"
    )
    outcome = cli("validate", str(files / "contracts.csv"))
    assert outcome.kind == "typed"


# -- 5. memory bombs ---------------------------------------------------------------------------


def test_a_blackout_over_all_time_is_refused_without_a_memory_bomb(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    source = (AGREEMENTS / "health-insurance-1-3-days.toml").read_text(encoding="utf-8")
    path.write_text('blackout = ["0001-01-01..9999-12-31"]\n' + source, encoding="utf-8")
    outcome = cli("validate", str(path))
    assert outcome.kind == "typed", (outcome.kind, outcome.detail)


def test_a_closure_over_all_time_is_refused_without_a_memory_bomb() -> None:
    assert_refused(cli("calendar", "2025", "--closure", "0001-01-01..9999-12-31"))


def test_a_million_week_cycle_is_refused() -> None:
    pattern = " / ".join(["Mo Tu"] * 1_000_000)
    args = ["--hired", "2020-01-06", "--pattern", pattern, "--anchor", "2020-01-06"]
    assert_refused(cli("entitlement", *args, "--year", "2025"))


def test_a_million_week_cycle_value_is_refused() -> None:
    from teleaccord import WorkPattern

    outcome = call(lambda: WorkPattern(((3, 3, 3, 3, 3, 0, 0),) * 1_000_000, anchor="2020-01-06"))
    assert outcome.kind == "typed"


# -- 6. one verdict per file ----------------------------------------------------------------


def test_formulas_are_neutralised_in_csv_outputs(files: Path) -> None:
    bad = '"=HYPERLINK(""http://x"",""y"")"'
    (files / "contracts.csv").write_text(CONTRACTS.replace("E1,", bad + ","), encoding="utf-8")
    (files / "bookings.csv").write_text(
        "employee,date,half,status,id\n" + bad + ",2025-01-07,,booked,B1\n", encoding="utf-8"
    )
    outcome = balances(files, "--format", "csv")
    assert outcome.kind == "ok", (outcome.kind, outcome.detail, outcome.stderr)
    lines = [line for line in outcome.stdout.splitlines() if "HYPERLINK" in line]
    assert lines
    assert all(line.startswith(("'=", "\"'=")) for line in lines)


def test_a_cut_contracts_row_is_an_error_not_padding(files: Path) -> None:
    (files / "contracts.csv").write_text(CONTRACTS.rstrip("\n")[:-25] + "\n", encoding="utf-8")
    outcome = cli("validate", str(files / "contracts.csv"))
    assert outcome.kind == "typed"
    assert "missing_cells" in outcome.stdout + outcome.stderr or "cut" in outcome.stdout


def test_the_commands_agree_on_a_repeated_booking_row(files: Path) -> None:
    (files / "bookings.csv").write_text(BOOKINGS + "E1,2025-01-07,,booked,B1\n", encoding="utf-8")
    checked = cli(
        "check",
        "--date",
        "2025-01-08",
        "--contracts",
        str(files / "contracts.csv"),
        "--employee",
        "E1",
        "--bookings",
        str(files / "bookings.csv"),
        "--agreement",
        "health-insurance-1-3-days",
    )
    counted = balances(files)
    valid = cli("validate", "--kind", "bookings", str(files / "bookings.csv"))
    # One booking, read the same way by all three: none refuses the file.
    assert counted.kind == "ok", (counted.kind, counted.stderr)
    assert valid.kind == "ok", (valid.kind, valid.stdout)
    assert checked.clean, (checked.kind, checked.stderr)
    assert checked.code != "exit 2", checked.stderr


def test_the_commands_agree_on_split_duplicate_contract_rows(files: Path) -> None:
    split = CONTRACTS + "E1,,2020-01-06,,80 %,,,,claims-processing,t,Paris,\n"
    (files / "contracts.csv").write_text(split, encoding="utf-8")
    employee = ["--contracts", str(files / "contracts.csv"), "--employee", "E1"]
    agreement = ["--agreement", "health-insurance-1-3-days"]
    verdicts = {
        "validate": cli("validate", "--kind", "contracts", str(files / "contracts.csv")),
        "balances": balances(files),
        "entitlement": cli("entitlement", *employee, *agreement, "--year", "2025"),
        "check": cli("check", "--date", "2025-01-08", *employee, *agreement),
    }
    # No command computes from the contradictory rows of E1 as if they were fine.
    assert {name: o.kind for name, o in verdicts.items()} == dict.fromkeys(verdicts, "typed")


def test_a_toml_integer_of_5000_digits_is_refused(tmp_path: Path) -> None:
    # Found by tools/fuzz.py: tomllib raises a bare ValueError (Python's int digit limit).
    path = tmp_path / "a.toml"
    path.write_text("x = " + "9" * 5000 + "\n", encoding="utf-8")
    assert cli("validate", "--kind", "agreement", str(path)).kind == "typed"
    assert_refused(cli("balances", "--agreement", str(path), "--year", "2025"))


def test_validate_and_balances_agree_on_a_day_booked_twice(files: Path) -> None:
    (files / "bookings.csv").write_text(BOOKINGS + "E1,2025-01-07,,booked,\n", encoding="utf-8")
    valid = cli("validate", "--kind", "bookings", str(files / "bookings.csv"))
    counted = balances(files)
    assert (valid.code, counted.code) == ("exit 1", "exit 1"), (valid.stdout, counted.stderr)
    assert "already_booked" in valid.stdout
    assert "already_booked" in counted.stderr


@pytest.mark.parametrize(("depth", "code"), [(100, "too_deep"), (10_000, "invalid_json")])
def test_a_deeply_nested_ledger_line_is_a_located_problem(depth: int, code: str) -> None:
    from teleaccord import Calendar, Contract, LoadError, QuotaLedger, load_sample_agreement

    text = "[" * depth + "]" * depth + "\n"
    contract = Contract.from_amendments(employee="E1", hired="2020-01-01")
    with pytest.raises(LoadError) as caught:
        QuotaLedger.from_jsonl(
            text,
            agreement=load_sample_agreement("assistance-100-days"),
            contract=contract,
            calendar=Calendar(),
        )
    assert caught.value.problems[0].code == code
    assert caught.value.problems[0].path == "line 1"


def test_a_huge_entry_id_in_a_ledger_line_is_refused_before_it_is_parsed(files: Path) -> None:
    pytest.importorskip("icalendar")
    line = (
        '{"type": "ledger", "format": 2, "employee": "E1", "agreement": "x", "entries": 1}\n'
        '{"type": "Booking", "schema_version": 1, "entry_id": "'
        + "x" * (20 << 20)
        + '", "day": "2025-01-07", "recorded_at": "2025-01-02T09:00:00+00:00", "by": "E1"}\n'
    )
    (files / "E1.jsonl").write_text(line, encoding="utf-8")
    outcome = run_cli_bounded(["ical", str(files / "E1.jsonl")], cpu_seconds=20, memory_mb=600)
    assert_refused(outcome)
    assert "a line holds at most 1048576" in outcome.stderr


# -- found by fuzzing the wave-2 loaders and commands (tools/fuzz.py, November 2026) ----------


def _import(files: Path, *more: str) -> Outcome:
    return cli(
        "import",
        "--store",
        str(files / "s.db"),
        "--agreement",
        "health-insurance-1-3-days",
        "--contracts",
        str(files / "contracts.csv"),
        *more,
    )


def test_import_refuses_a_ledger_that_is_not_utf8(files: Path) -> None:
    (files / "E1.jsonl").write_bytes(b"\x80")
    outcome = _import(files, str(files / "E1.jsonl"))
    assert_refused(outcome)
    assert "not UTF-8" in outcome.stderr


def test_import_refuses_a_ledger_it_cannot_read(files: Path) -> None:
    outcome = _import(files, str(files / "missing.jsonl"))
    assert_refused(outcome)
    assert "missing.jsonl" in outcome.stderr


@pytest.mark.parametrize("content", [b"\x00\x00", b"SQLite format 3\x00" + b"\xff" * 200])
def test_export_refuses_a_store_that_is_not_a_sqlite_database(
    tmp_path: Path, content: bytes
) -> None:
    (tmp_path / "s.db").write_bytes(content)
    outcome = cli("export", "--store", str(tmp_path / "s.db"), "-o", str(tmp_path / "out.csv"))
    assert_refused(outcome)
    assert "not a SQLite store, or a damaged one" in outcome.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("page", [1, 2])
def test_export_refuses_a_damaged_store(files: Path, page: int) -> None:
    # Page 2 holds the schema version: a damaged one was read as "no schema" and the store
    # migrated again (OperationalError: table ledgers already exists); page 3, the ledgers.
    assert _import(files, "--bookings", str(files / "bookings.csv")).kind == "ok"
    data = bytearray((files / "s.db").read_bytes())
    data[page * 4096 : (page + 1) * 4096] = b"\xff" * 4096
    (files / "s.db").write_bytes(bytes(data))
    outcome = cli("export", "--store", str(files / "s.db"), "-o", str(files / "out.csv"))
    assert_refused(outcome)
    # SQLite finds the damage when it reads the page, or (an older SQLite, Python 3.10) when the
    # lost schema version makes the migration meet tables that exist: both are refused.
    assert (
        "database disk image is malformed" in outcome.stderr
        or "its schema version lost" in outcome.stderr
    )
    assert not (files / "out.csv").exists()


def test_a_history_naming_itself_is_refused_not_an_endless_descent(tmp_path: Path) -> None:
    from teleaccord import LoadError
    from teleaccord.io.versions_file import load_agreement_or_history

    path = tmp_path / "history.toml"
    path.write_text(
        'name = "h"\n[[versions]]\nstart = 2025-01-01\nagreement = "history.toml"\n',
        encoding="utf-8",
    )

    def load() -> str:
        try:
            load_agreement_or_history(path)
        except LoadError as error:
            return error.problems[0].code
        return "loaded"

    outcome = call(load)
    assert (outcome.kind, outcome.value) == ("ok", "invalid_type"), outcome


def test_two_histories_naming_each_other_are_refused(tmp_path: Path) -> None:
    from teleaccord import LoadError
    from teleaccord.io.versions_file import load_agreement_map

    for name, other in (("a.toml", "b.toml"), ("b.toml", "a.toml")):
        (tmp_path / name).write_text(
            f'name = "h"\n[[versions]]\nstart = 2025-01-01\nagreement = "{other}"\n',
            encoding="utf-8",
        )
    (tmp_path / "map.toml").write_text('[employees]\nE1 = "a.toml"\n', encoding="utf-8")

    def load() -> list[tuple[str, bool]]:
        try:
            load_agreement_map(tmp_path / "map.toml")
        except LoadError as error:
            return [(p.code, "'b.toml' is a history" in p.message) for p in error.problems]
        return []

    outcome = call(load)
    assert (outcome.kind, outcome.value) == ("ok", [("invalid_agreement", True)]), outcome


@pytest.mark.parametrize("where", ["map", "history"])
def test_an_agreement_name_holding_a_nul_is_refused(tmp_path: Path, where: str) -> None:
    from teleaccord import LoadError
    from teleaccord.io.versions_file import load_agreement_map, load_agreement_or_history

    path = tmp_path / "file.toml"
    if where == "map":
        path.write_text('[employees]\nE1 = "a\\u0000b"\n', encoding="utf-8")
        loader: Callable[[Path], Any] = load_agreement_map
    else:
        path.write_text(
            'name = "h"\n[[versions]]\nstart = 2025-01-01\nagreement = "a\\u0000b"\n',
            encoding="utf-8",
        )
        loader = load_agreement_or_history
    with pytest.raises(LoadError) as caught:
        loader(path)
    assert "NUL" in str(caught.value)


def test_a_store_whose_schema_version_is_lost_is_refused_not_migrated_again(files: Path) -> None:
    # A fuzzed store whose schema_version table read as empty: the migration ran again on the
    # existing tables (OperationalError: table ledgers already exists, exit 3).
    import sqlite3

    assert _import(files, "--bookings", str(files / "bookings.csv")).kind == "ok"
    with sqlite3.connect(files / "s.db") as connection:
        connection.execute("DELETE FROM schema_version")
    connection.close()
    outcome = cli("export", "--store", str(files / "s.db"), "-o", str(files / "out.csv"))
    assert_refused(outcome)
    assert "a damaged SQLite store, its schema version lost" in outcome.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_agreement_or_history_file_is_refused_not_read_whole(tmp_path: Path) -> None:
    year = ("--hired", "2020-01-01", "--year", "2025")
    outcome = cli("entitlement", *year, "--agreement", "/dev/zero")
    assert_refused(outcome)
    assert "16777216 bytes" in outcome.stderr
    mapping = tmp_path / "agreements.toml"
    mapping.write_text('[employees]\nE0001 = "/dev/zero"\n', encoding="utf-8")
    outcome = cli("balances", "--agreements", str(mapping))
    assert_refused(outcome)
    assert "16777216 bytes" in outcome.stderr
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (16 << 20) + b"\n")
    outcome = cli("entitlement", *year, "--agreement", str(big))
    assert_refused(outcome)
    assert "16777216 bytes" in outcome.stderr
