"""``teleaccord import``, ``teleaccord export`` and ``teleaccord balances --store``."""

from __future__ import annotations

import json
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from teleaccord import (
    Absence,
    AbsenceRecord,
    Booking,
    Calendar,
    Contract,
    DateRange,
    Forfeiture,
    QuotaLedger,
    load_sample_agreement,
    year_range,
)
from teleaccord.cli import main
from teleaccord.io.agreement_file import dump_agreement
from teleaccord.io.jsonl import ledger_to_jsonl
from teleaccord.store import SQLiteStore

CONTRACTS = (
    "employee,hired,last_day,fraction,pattern,effective\nE1,2020-01-06,,1,,\nE2,2020-01-06,,1,,\n"
)
BOOKINGS = (
    "employee,date,half,status,id\n"
    "E1,2025-03-04,,booked,\n"
    "E1,2025-03-05,am,booked,\n"
    "E1,2025-03-04,,cancelled,\n"
    "E1,2025-03-06,,booked,B9\n"
    "E2,2025-03-04,,booked,\n"
    "E2,2025-03-04,,booked,\n"  # the same day twice: skipped and reported
)
ADJUSTMENTS = "employee,period,amount,reason,by\nE2,2025,-1/2,correction,hr\n"
AT = "--at=2025-01-01T09:00:00+01:00"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, text in (
        ("contracts", CONTRACTS),
        ("bookings", BOOKINGS),
        ("adjustments", ADJUSTMENTS),
    ):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    paths["store"] = str(tmp_path / "ledgers.db")
    return paths


def _import(files: dict[str, str]) -> int:
    return main(
        ["import", "--store", files["store"], "--agreement", "assistance-100-days",
         "--contracts", files["contracts"], "--bookings", files["bookings"],
         "--adjustments", files["adjustments"], AT]
    )  # fmt: skip


def test_import_turns_rows_into_entries_once(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(files) == 1  # one row skipped
    err = capsys.readouterr().err
    assert "bookings.csv:7" in err
    assert "booked twice" in err
    assert "6 entries appended for 2 employees, 0 already in the store, 1 rows skipped" in err
    store = SQLiteStore(files["store"])
    e1 = store.history("default", "E1")
    assert [(type(e).__name__, e.entry_id) for e in e1] == [
        ("Booking", "E1:csv:2025-03-04"),
        ("Booking", "E1:csv:2025-03-05:am"),
        ("Cancellation", "E1:csv:2025-03-04:cancelled"),
        ("Booking", "B9"),
    ]
    assert e1[0].recorded_at.isoformat() == "2025-01-01T09:00:00+01:00"
    store.close()
    assert _import(files) == 1
    assert "0 entries appended for 0 employees, 6 already in the store" in capsys.readouterr().err


def test_balances_from_a_store_equal_balances_from_the_files(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _import(files)
    common = ["balances", "--agreement", "assistance-100-days", "--contracts", files["contracts"],
              "--year", "2025", "--format", "csv", "--exact"]  # fmt: skip
    capsys.readouterr()
    main([*common, "--store", files["store"]])
    from_store = capsys.readouterr().out
    main([*common, "--bookings", files["bookings"], "--adjustments", files["adjustments"]])
    from_files = capsys.readouterr().out
    assert from_store == from_files
    rows = {line.split(",")[0]: line.split(",") for line in from_store.splitlines()[1:]}
    header = from_store.splitlines()[0].split(",")
    # E1: 1 + 1/2 + 1 booked, one whole day cancelled; E2: 1 booked (the second skipped),
    # -1/2 adjusted.
    assert rows["E1"][header.index("booked")] == "2.5"
    assert rows["E1"][header.index("cancelled")] == "1"
    assert rows["E2"][header.index("booked")] == "1"
    assert rows["E2"][header.index("adjusted")] == "-0.5"


def test_export_round_trips_through_import(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(files)
    out = tmp_path / "exported.csv"
    assert main(["export", "--store", files["store"], "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "employee,date,half,status,id,recorded_at,kind"
    assert "E1,2025-03-04,,cancelled,E1:csv:2025-03-04,2025-01-01T09:00:00+01:00," in lines
    folder = tmp_path / "ledgers"
    assert main(["export", "--store", files["store"], "--format", "jsonl", "--output-dir", str(folder),
                 "--agreement", "assistance-100-days"]) == 0  # fmt: skip
    header = json.loads((folder / "E1.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert header["entries"] == 4
    again = str(tmp_path / "again.db")
    assert main(["import", "--store", again, "--contracts", files["contracts"],
                 "--agreement", "assistance-100-days", str(folder / "E1.jsonl")]) == 0  # fmt: skip
    first, second = SQLiteStore(files["store"]), SQLiteStore(again)
    assert first.history("default", "E1") == second.history("default", "E1")
    first.close()
    second.close()


def test_reading_a_missing_store_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--store", str(tmp_path / "none.db")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_absences_forfeitures_and_kinds_of_telework_go_through_import_and_export(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ledger file with an imposed booking, an absence that cancelled a booking and a
    forfeiture is imported and exported unchanged, and balances read from the store count
    the absence as the ledger does."""
    agreement = load_sample_agreement("assistance-100-days")
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 6))
    at = datetime(2025, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    ledger.replay(
        Booking(
            entry_id="b1", day=date(2025, 3, 3), recorded_at=at, by="hr", telework_kind="imposed"
        )
    )
    ledger.replay(Booking(entry_id="b2", day=date(2025, 3, 5), recorded_at=at, by="E1"))
    leave = Absence(
        absence_id="A1",
        employee="E1",
        kind="paid_leave",
        days=DateRange(date(2025, 3, 5), date(2025, 3, 7)),
        source="HRIS",
    )
    ledger.record_absence(leave, at=at, by="hr")
    ledger.replay(
        Forfeiture(
            entry_id="E1:forfeited:2024",
            period=year_range(2024),
            amount="3/2",
            recorded_at=at,
            by="rollover",
            reason="above the cap",
        )
    )
    source = tmp_path / "E1.jsonl"
    source.write_text(ledger_to_jsonl(ledger), encoding="utf-8")
    assert main(["import", "--store", files["store"], "--contracts", files["contracts"],
                 "--agreement", "assistance-100-days", str(source)]) == 0  # fmt: skip
    store = SQLiteStore(files["store"])
    assert store.history("default", "E1") == ledger.entries
    assert [type(e).__name__ for e in ledger.entries] == [
        "Booking", "Booking", "Cancellation", "AbsenceRecord", "Forfeiture"
    ]  # fmt: skip
    store.close()
    folder = tmp_path / "out"
    assert main(["export", "--store", files["store"], "--format", "jsonl", "--output-dir",
                 str(folder), "--agreement", "assistance-100-days"]) == 0  # fmt: skip
    again = QuotaLedger.from_jsonl(
        (folder / "E1.jsonl").read_text(encoding="utf-8"),
        agreement=agreement,
        contract=contract,
        calendar=Calendar(),
    )
    assert again.entries == ledger.entries
    assert again.absences == (leave,)
    # balances --store reads the stored absences as the absences file would: a sick leave of
    # more than 30 days under an agreement that prorates the entitlement by presence.
    sick = Absence(
        absence_id="S1",
        employee="E2",
        kind="sickness",
        days=DateRange(date(2025, 4, 1), date(2025, 6, 30)),
    )
    store = SQLiteStore(files["store"])
    store.append("default", "E2", [AbsenceRecord(absence=sick, recorded_at=at, by="hr")],
                 expected_version=0)  # fmt: skip
    store.close()
    prorating = tmp_path / "accord.toml"
    prorating.write_text(
        dump_agreement(attrs.evolve(agreement, long_absence_days=30)), encoding="utf-8"
    )
    (tmp_path / "absences.csv").write_text(
        "employee,start,end,kind\nE2,2025-04-01,2025-06-30,sickness\n", encoding="utf-8"
    )
    (tmp_path / "none.csv").write_text("employee,date,half,status,id\n", encoding="utf-8")
    capsys.readouterr()
    common = ["balances", "--agreement", str(prorating), "--contracts", files["contracts"],
              "--year", "2025", "--format", "csv", "--exact"]  # fmt: skip
    main([*common, "--store", files["store"]])
    stored = capsys.readouterr().out.splitlines()
    main([*common, "--bookings", str(tmp_path / "none.csv"), "--absences",
          str(tmp_path / "absences.csv")])  # fmt: skip
    from_files = capsys.readouterr().out.splitlines()
    header = stored[0].split(",")
    e2 = {line.split(",")[0]: line.split(",") for line in stored[1:]}["E2"]
    assert Fraction(e2[header.index("entitlement_exact")]) < 100  # reduced by the leave
    assert [line for line in stored if line.startswith("E2,")] == [
        line for line in from_files if line.startswith("E2,")
    ]


def test_import_records_absences_and_they_cancel_the_bookings_they_cover(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absences = tmp_path / "absences.csv"
    absences.write_text(
        "employee,start,end,kind,id\nE1,2025-03-06,2025-03-07,rtt,A1\nE2,2025-03-10,,strike,A2\n",
        encoding="utf-8",
    )
    args = ["import", "--store", files["store"], "--agreement", "assistance-100-days",
            "--contracts", files["contracts"], "--bookings", files["bookings"],
            "--absences", str(absences), AT]  # fmt: skip
    assert main(args) == 1  # the booked-twice row and the unknown kind are reported
    err = capsys.readouterr().err
    assert "absences.csv:3" in err
    assert "unknown absence kind 'strike'" in err
    store = SQLiteStore(files["store"])
    e1 = store.history("default", "E1")
    # B9 (6 March) is cancelled by the RTT days, with the reason "absence".
    assert [(type(e).__name__, e.entry_id) for e in e1][-2:] == [
        ("Cancellation", "A1:cancel:B9"),
        ("AbsenceRecord", "A1"),
    ]
    assert e1[-2].reason == "absence"  # type: ignore[union-attr]
    assert [type(e).__name__ for e in store.history("default", "E2")] == ["Booking"]
    store.close()
    assert main(args) == 1
    # 5 booking rows and the absence already stored; the booked-twice row and "strike" skipped
    assert (
        "0 entries appended for 0 employees, 6 already in the store, 2 rows skipped"
        in capsys.readouterr().err
    )


HISTORY = """\
name = "accord, amended"

[[versions]]
start = 2025-01-01
[versions.agreement]
name = "accord 2025"
quotas = [{ window = "period", maximum = 100, prorate = true }]

[[versions]]
start = 2025-07-01
[versions.agreement]
name = "amendment 1"
quotas = [{ window = "period", maximum = 120, prorate = true }]
"""


def test_import_and_export_take_an_agreement_history(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "history.toml"
    history.write_text(HISTORY, encoding="utf-8")
    args = ["import", "--store", files["store"], "--agreement", str(history),
            "--contracts", files["contracts"], "--bookings", files["bookings"], AT]  # fmt: skip
    assert main(args) == 1  # E2's day booked twice is reported
    assert "5 entries appended for 2 employees" in capsys.readouterr().err
    out = tmp_path / "E1.jsonl"
    export = ["export", "--store", files["store"], "--format", "jsonl", "--employee", "E1",
              "--agreement", str(history), "--output", str(out)]  # fmt: skip
    assert main(export) == 0
    ledger = QuotaLedger.from_jsonl(
        out.read_text(encoding="utf-8"),
        agreement=load_sample_agreement("assistance-100-days"),
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 6)),
        calendar=Calendar(),
    )
    assert [b.day for b in ledger.active_bookings()] == [date(2025, 3, 5), date(2025, 3, 6)]
