"""Prerequisites with expiry, as a file and a report (#15 item 3): the attestations format
(CSV through the one row reader, JSON through the one converter), prerequisites_report and
``teleaccord prerequisites``. Expected figures are computed by hand in the comments."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from teleaccord import (
    Agreement,
    Attestation,
    Charter,
    LoadError,
    Requirement,
    prerequisites_report,
)
from teleaccord.cli import main
from teleaccord.io.attestation_file import load_attestations, read_attestations
from teleaccord.io.csv import read_records

ACCORD = """\
name = "accord"

[[quotas]]
window = "week"
maximum = 2

[charter]
prerequisites = [
    { kind = "home-insurance", valid_days = 365 },
    { kind = "electrical", valid_days = 1095 },
    { kind = "equipment" },
]
"""

ATTESTATIONS = """\
matricule;type;date_emission;fin_validite;id;source
E001;home-insurance;2024-09-01;;HI-1;hris
E001;electrical;2023-01-10;;EL-1;hris
E001;equipment;2023-02-01;;EQ-1;form
E002;home-insurance;2024-03-15;;HI-2;hris
E002;electrical;2025-06-01;2025-08-20;EL-2;hris
E003;equipment;2025-01-01;;EQ-3;form
"""

AS_OF = date(2025, 8, 1)

# By hand, on 2025-08-01, 45 days ahead (until 2025-09-15):
# E001 home-insurance 2024-09-01 + 365 days - 1 = 2025-08-31: expiring, 30 days left;
# E001 electrical 2023-01-10 + 1095 - 1 = 2026-01-09: fine; equipment never expires: fine.
# E002 home-insurance 2024-03-15 + 364 = 2025-03-14: expired 17+30+31+30+31+1 = 140 days ago;
# E002 electrical, its own expiry 2025-08-20: expiring, 19 days left; equipment: missing.
# E003 electrical and home-insurance: missing; equipment fine.
EXPECTED = [
    ("E002", "equipment", "missing", None, None, ""),
    ("E003", "electrical", "missing", None, None, ""),
    ("E003", "home-insurance", "missing", None, None, ""),
    ("E002", "home-insurance", "expired", date(2025, 3, 14), -140, "HI-2"),
    ("E002", "electrical", "expiring", date(2025, 8, 20), 19, "EL-2"),
    ("E001", "home-insurance", "expiring", date(2025, 8, 31), 30, "HI-1"),
]


def _agreement() -> Agreement:
    return Agreement(
        name="accord",
        charter=Charter(
            prerequisites=[
                Requirement(kind="home-insurance", valid_days=365),
                Requirement(kind="electrical", valid_days=1095),
                Requirement(kind="equipment"),
            ]
        ),
    )


def test_the_csv_format_is_read_by_the_one_row_reader() -> None:
    [first, *_] = read_records("attestations", io.StringIO(ATTESTATIONS))
    assert first.employee == "E001"
    assert first.values["issued"] == date(2024, 9, 1)
    assert first.values["expires"] is None
    assert first.line == 2


def test_attestations_from_csv() -> None:
    found = list(read_attestations(io.StringIO(ATTESTATIONS)))
    assert len(found) == 6
    assert found[4] == Attestation(
        employee="E002",
        kind="electrical",
        issued=date(2025, 6, 1),
        expires=date(2025, 8, 20),
        reference="EL-2",
        source="hris",
    )


def test_bad_rows_are_reported_with_their_place_and_skipped() -> None:
    text = (
        "employee,kind,issued,expires\n"
        "E1,internet,2025-13-01,\n"
        "E2,internet,2025-02-01,2025-01-01\n"
        "E3,internet,2025-02-01,\n"
    )
    problems: list = []
    found = list(read_attestations(io.StringIO(text), name="a.csv", on_problem=problems.append))
    assert [a.employee for a in found] == ["E3"]
    assert [(p.path, p.code) for p in problems] == [
        ("a.csv:2:issued", "invalid_date"),
        ("a.csv:3:expires", "range_end_before_start"),
    ]
    with pytest.raises(LoadError) as caught:
        list(read_attestations(io.StringIO(text), name="a.csv"))
    assert len(caught.value.problems) == 2


def test_attestations_from_json(tmp_path: Path) -> None:
    path = tmp_path / "attestations.json"
    path.write_text(
        json.dumps(
            [
                {"employee": "E1", "kind": "internet", "issued": "2025-01-06"},
                {
                    "employee": "E2",
                    "kind": "equipment",
                    "issued": "2025-01-06",
                    "expires": "2025-12-31",
                    "reference": "Q",
                    "source": "form",
                },
            ]
        ),
        encoding="utf-8",
    )
    assert load_attestations(path) == (
        Attestation(employee="E1", kind="internet", issued=date(2025, 1, 6)),
        Attestation(
            employee="E2",
            kind="equipment",
            issued=date(2025, 1, 6),
            expires=date(2025, 12, 31),
            reference="Q",
            source="form",
        ),
    )
    path.write_text('[{"employee": "E1", "kind": "internet", "issued": "2025-02-30"}]')
    with pytest.raises(LoadError) as caught:
        load_attestations(path)
    assert caught.value.problems[0].path.startswith("$[0].issued")


def test_the_report_as_data() -> None:
    given = read_attestations(io.StringIO(ATTESTATIONS))
    report = prerequisites_report(_agreement(), given, AS_OF, 45, employees=["E005"])
    got = [
        (i.employee, i.kind, i.status, i.valid_until, i.days_left, i.reference)
        for i in report.items
        if i.employee != "E005"
    ]
    assert got == EXPECTED
    assert [(i.kind, i.status) for i in report.items if i.employee == "E005"] == [
        ("electrical", "missing"),
        ("equipment", "missing"),
        ("home-insurance", "missing"),
    ]
    assert report.lacking == ("E002", "E003", "E005")
    assert report.counts() == {"expiring": 2, "expired": 1, "missing": 6}
    assert report.employees == ("E001", "E002", "E003", "E005")
    assert report.requirements == ("home-insurance", "electrical", "equipment")


def test_within_bounds_are_inclusive() -> None:
    given = read_attestations(io.StringIO(ATTESTATIONS))
    # E001's insurance has 30 days left: within 30 it is reported, within 29 it is not.
    at_30 = prerequisites_report(_agreement(), given, AS_OF, 30)
    given = read_attestations(io.StringIO(ATTESTATIONS))
    at_29 = prerequisites_report(_agreement(), given, AS_OF, 29)
    assert ("E001", "expiring") in [(i.employee, i.status) for i in at_30.items]
    assert ("E001", "expiring") not in [(i.employee, i.status) for i in at_29.items]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "accord.toml").write_text(ACCORD, encoding="utf-8")
    (tmp_path / "att.csv").write_text(ATTESTATIONS, encoding="utf-8")
    (tmp_path / "contracts.csv").write_text(
        "employee,hired\nE001,2020-01-01\nE002,2020-01-01\nE005,2021-01-01\n", encoding="utf-8"
    )
    return tmp_path


def _run(files: Path, *more: str) -> int:
    return main(
        [
            "prerequisites",
            "--agreement",
            str(files / "accord.toml"),
            "--attestations",
            str(files / "att.csv"),
            "--as-of",
            "2025-08-01",
            *more,
        ]
    )


def test_cli_csv(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(files, "--within", "45", "--format", "csv") == 1
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["employee", "kind", "status", "valid_until", "days_left", "reference"]
    assert rows[1:] == [
        [e, k, s, "" if u is None else u.isoformat(), "" if d is None else str(d), r]
        for e, k, s, u, d, r in EXPECTED
    ]


def test_cli_json_with_contracts(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _run(
        files, "--within", "45", "--format", "json", "--contracts", str(files / "contracts.csv")
    )
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["lacking"] == ["E002", "E003", "E005"]
    assert data["counts"] == {"expiring": 2, "expired": 1, "missing": 6}
    assert data["problems"] == []
    [expired] = [i for i in data["items"] if i["status"] == "expired"]
    assert (expired["employee"], expired["valid_until"], expired["days_left"]) == (
        "E002",
        "2025-03-14",
        -140,
    )


def test_cli_table_and_exit_codes(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # E001 alone has every attestation valid: expiring soon is not a failure (exit 0).
    assert _run(files, "--employee", "E001") == 0
    out = capsys.readouterr().out
    assert (
        "E001       home-insurance         expiring valid until 2025-08-31 (30 days left) [HI-1]"
        in out
    )
    assert _run(files, "--employee", "E001", "--within", "29") == 0
    assert "0 expiring" in capsys.readouterr().out
    assert _run(files, "--within", "-1") == 2
    assert _run(files, "--as-of", "2025-02-30") == 2
    assert _run(files, "-o", str(files / "att.csv")) == 2
    assert (files / "att.csv").read_text(encoding="utf-8") == ATTESTATIONS


def test_cli_skipped_rows_give_exit_1(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "att.csv").write_text(ATTESTATIONS + "E001;internet;someday;;;\n", encoding="utf-8")
    assert _run(files, "--employee", "E001") == 1
    err = capsys.readouterr().err
    assert "att.csv:8:date_emission" in err


def test_validate_recognises_an_attestations_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "attestations.csv"
    good.write_text(ATTESTATIONS, encoding="utf-8")
    bad = tmp_path / "attestations-2025.csv"
    bad.write_text("employee,kind,issued,expires\nE1,internet,2025-13-01,\n", encoding="utf-8")
    code = main(["validate", str(good), str(bad), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    files = report["files"] if isinstance(report, dict) else report
    assert [(f["kind"], f["valid"], f["holds"]) for f in files] == [
        ("attestations", True, "6 attestations"),
        ("attestations", False, ""),
    ]
    assert [(p["path"], p["code"]) for p in files[1]["problems"]] == [
        (f"{bad}:2:issued", "invalid_date")
    ]
