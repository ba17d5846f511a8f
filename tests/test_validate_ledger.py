"""``teleaccord validate`` gives a ledger file the verdict loading gives it (#19).

A ledger that ``QuotaLedger.from_jsonl`` refuses (an id used twice, a day booked twice, a
cancellation of an unknown booking, a count that disagrees with its header, a missing trailer)
is not "valid" for ``validate`` either; a ledger that loads is valid.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from teleaccord import Agreement, Calendar, Contract, LoadError, QuotaLedger, ReferencePeriod
from teleaccord.cli import main

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)


def ledger(reference: ReferencePeriod | None = None) -> QuotaLedger:
    agreement = Agreement(name="x", reference=reference or ReferencePeriod())
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    book = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    period = agreement.reference.containing(date(2024, 3, 5))
    book.grant(period, at=AT, by="hr")
    first = book.book(date(2024, 3, 5), at=AT, by="E1")
    book.book(date(2024, 3, 7), at=AT, by="E1")
    book.cancel(first.entry_id, at=AT, by="E1")
    return book


def validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, Any]]:
    code = main(["validate", str(path), "--format", "json"])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)["files"][0]
    return code, report


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.parametrize(
    "reference", [ReferencePeriod(), ReferencePeriod(start_month=6), ReferencePeriod(kind="month")]
)
def test_a_ledger_that_loads_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: ReferencePeriod
) -> None:
    path = tmp_path / "E1.jsonl"
    path.write_text(ledger(reference).to_jsonl(), encoding="utf-8")
    code, report = validate(capsys, path)
    assert (code, report["valid"]) == (0, True), report
    assert report["holds"] == "a ledger of 4 entries, replayed"


def _duplicate_id(rows: list[dict[str, Any]]) -> None:
    rows[3]["entry_id"] = rows[2]["entry_id"]


def _double_booking(rows: list[dict[str, Any]]) -> None:
    rows[3]["day"] = rows[2]["day"]
    rows[4]["booking_id"] = "nothing"  # the cancellation no longer releases the first day


def _unknown_cancellation(rows: list[dict[str, Any]]) -> None:
    rows[4]["booking_id"] = "nothing"


def _cut(rows: list[dict[str, Any]]) -> None:
    del rows[3:]


def _count(rows: list[dict[str, Any]]) -> None:
    rows[0]["entries"] = 7


@pytest.mark.parametrize(
    ("damage", "codes"),
    [
        (_duplicate_id, {"inconsistent_entries"}),
        (_double_booking, {"inconsistent_entries"}),
        (_unknown_cancellation, {"inconsistent_entries"}),
        (_cut, {"entry_count_mismatch", "ledger_truncated"}),
        (_count, {"entry_count_mismatch"}),
    ],
)
def test_a_ledger_loading_refuses_is_not_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Any, codes: set[str]
) -> None:
    path = tmp_path / "E1.jsonl"
    path.write_text(ledger().to_jsonl(), encoding="utf-8")
    rows = lines(path)
    damage(rows)
    write(path, rows)
    with pytest.raises(LoadError) as loading:
        QuotaLedger.from_jsonl(
            path.read_text(encoding="utf-8"),
            agreement=Agreement(name="x"),
            contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
            calendar=Calendar(),
        )
    code, report = validate(capsys, path)
    assert (code, report["valid"]) == (1, False)
    found = {p["code"] for p in report["problems"]}
    assert found == codes
    assert found == {p.code for p in loading.value.problems}


def test_values_that_are_not_ledger_entries_are_not_replayed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "values.jsonl"
    path.write_text(
        '{"type": "DateRange", "start": "2024-01-01", "end": "2024-01-02"}\n', encoding="utf-8"
    )
    code, report = validate(capsys, path)
    assert (code, report["holds"]) == (0, "1 value")
