"""Files in and out of a store (``teleaccord.store.transfer``), the cases mutation testing found
untested (issue 11): the ids given to rows without one, which booking a cancellation row
cancels, where each skipped row is reported, what the rows read back from a store hold.

Every expected id, count and figure is written by hand from the rows given.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from teleaccord import (
    Absence,
    AbsenceRecord,
    Adjustment,
    Agreement,
    Booking,
    Calendar,
    Cancellation,
    Contract,
    DateRange,
    HalfDay,
    Pool,
    QuotaLedger,
    StaleVersion,
    year_range,
)
from teleaccord.errors import LoadError, Problem
from teleaccord.io.jsonl import ledger_to_jsonl
from teleaccord.store import SQLiteStore
from teleaccord.store.transfer import (
    ImportResult,
    import_jsonl,
    import_records,
    store_booking_rows,
    store_records,
    stored_ledger,
)
from teleaccord.workforce import (
    BOOKED,
    CANCELLED,
    AbsenceRow,
    AdjustmentRow,
    BookingRow,
    EmployeeContract,
    EmployeeRecords,
    Source,
)

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2025, 1, 2, 9, tzinfo=PARIS)
LATER = datetime(2025, 2, 3, 10, tzinfo=PARIS)
T = "acme"
OPEN = Agreement(name="open", pools=[Pool(name="flexible", kinds=["occasional"])])
CAL = Calendar()
TUE, WED, THU = date(2025, 3, 4), date(2025, 3, 5), date(2025, 3, 6)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "ledgers.db")
    yield opened
    opened.close()


def contract(employee: str) -> EmployeeContract:
    return EmployeeContract(
        contract=Contract.from_amendments(employee=employee, hired=date(2020, 1, 6))
    )


def row(
    day: date,
    status: str = BOOKED,
    *,
    half: HalfDay | None = None,
    booking_id: str | None = None,
    at: datetime | None = None,
    line: int = 2,
    kind: str = "",
) -> BookingRow:
    return BookingRow("E1", day, half, status, booking_id, at, line, kind)


def records(
    bookings: list[BookingRow],
    adjustments: list[AdjustmentRow] | None = None,
    absences: list[AbsenceRow] | None = None,
    *,
    employee: str = "E1",
    with_contract: bool = True,
) -> EmployeeRecords:
    return EmployeeRecords(
        employee=employee,
        contract=contract(employee) if with_contract else None,
        bookings=bookings,
        adjustments=adjustments or [],
        absences=absences or [],
        bookings_source=Source("b.csv"),
        adjustments_source=Source("a.csv"),
        absences_source=Source("x.csv"),
    )


def run(store: SQLiteStore, *employees: EmployeeRecords) -> tuple[ImportResult, list[Problem]]:
    found: list[Problem] = []
    result = import_records(
        store,
        list(employees),
        tenant=T,
        agreement=OPEN,
        calendar=CAL,
        at=AT,
        on_problem=found.append,
    )
    return result, found


# -- import_records --------------------------------------------------------------------------


def test_rows_without_an_id_get_one_from_their_employee_day_and_half(store: SQLiteStore) -> None:
    result, problems = run(
        store,
        records(
            [
                row(TUE),
                row(WED, half=HalfDay.MORNING, line=3),
                row(THU, booking_id="B9", at=LATER, line=4, kind="occasional"),
            ]
        ),
    )
    assert problems == []
    assert result == ImportResult(employees=1, appended=3, already=0, skipped=0)
    tue, wed, thu = store.history(T, "E1")
    assert isinstance(tue, Booking)
    assert isinstance(wed, Booking)
    assert isinstance(thu, Booking)
    assert [e.entry_id for e in (tue, wed, thu)] == [
        "E1:csv:2025-03-04",
        "E1:csv:2025-03-05:am",
        "B9",
    ]
    assert (tue.day, tue.half, tue.amount) == (TUE, None, Fraction(1))
    assert (wed.half, wed.amount) == (HalfDay.MORNING, Fraction(1, 2))
    # A row's own timestamp wins; without one, the import's moment.
    assert (tue.recorded_at, thu.recorded_at) == (AT, LATER)
    assert (tue.telework_kind, thu.telework_kind) == ("regular", "occasional")
    assert {e.by for e in (tue, wed, thu)} == {"import"}


def test_a_second_row_of_the_same_day_gets_a_numbered_id_and_is_refused(
    store: SQLiteStore,
) -> None:
    result, problems = run(store, records([row(TUE), row(TUE, line=3)]))
    assert result == ImportResult(employees=1, appended=1, already=0, skipped=1)
    assert [(p.path, p.code) for p in problems] == [("b.csv:3", "inconsistent_entries")]
    assert [e.entry_id for e in store.history(T, "E1")] == ["E1:csv:2025-03-04"]


def test_the_nth_row_of_a_day_gets_the_nth_id_so_a_day_can_be_booked_again(
    store: SQLiteStore,
) -> None:
    # Booked, cancelled, booked again, cancelled again: rows 1 to 4 of 4 March.
    rows = [row(TUE), row(TUE, CANCELLED, line=3), row(TUE, line=4), row(TUE, CANCELLED, line=5)]
    result, problems = run(store, records(rows))
    assert problems == []
    assert result.appended == 4
    assert [e.entry_id for e in store.history(T, "E1")] == [
        "E1:csv:2025-03-04",
        "E1:csv:2025-03-04:cancelled",
        "E1:csv:2025-03-04#3",
        "E1:csv:2025-03-04#3:cancelled",  # the latest booking of the day
    ]
    # The same file again: every row has the same id, nothing is written.
    again, _ = run(store, records(rows))
    assert again == ImportResult(employees=0, appended=0, already=4, skipped=0)


def test_a_cancellation_row_cancels_the_booking_of_its_day_and_half(store: SQLiteStore) -> None:
    result, problems = run(
        store,
        records(
            [
                row(TUE, half=HalfDay.MORNING, kind="occasional"),
                row(TUE, half=HalfDay.AFTERNOON, line=3),
                row(TUE, CANCELLED, half=HalfDay.MORNING, at=LATER, line=4),
            ]
        ),
    )
    assert problems == []
    assert result.appended == 3
    cancellation = store.history(T, "E1")[-1]
    assert isinstance(cancellation, Cancellation)
    assert cancellation.booking_id == "E1:csv:2025-03-04:am"
    assert cancellation.entry_id == "E1:csv:2025-03-04:am:cancelled"
    assert (cancellation.day, cancellation.amount) == (TUE, Fraction(1, 2))
    assert cancellation.telework_kind == "occasional"  # the booking's, not the row's blank
    assert (cancellation.recorded_at, cancellation.by) == (LATER, "import")


def test_a_cancellation_row_with_an_id_cancels_that_booking(store: SQLiteStore) -> None:
    _result, problems = run(
        store,
        records(
            [
                row(TUE, booking_id="B1"),
                row(WED, booking_id="B2", line=3),
                row(WED, CANCELLED, booking_id="B2", line=4),
            ]
        ),
    )
    assert problems == []
    cancellation = store.history(T, "E1")[-1]
    assert isinstance(cancellation, Cancellation)
    assert (cancellation.booking_id, cancellation.entry_id) == ("B2", "B2:cancelled")
    assert cancellation.recorded_at == AT


def test_a_cancellation_of_a_stored_booking_is_found_in_the_store(store: SQLiteStore) -> None:
    run(store, records([row(TUE)]))
    result, problems = run(store, records([row(TUE, CANCELLED, line=5)]))
    assert problems == []
    assert result == ImportResult(employees=1, appended=1, already=0, skipped=0)
    assert store.history(T, "E1")[-1].entry_id == "E1:csv:2025-03-04:cancelled"


def test_a_cancellation_of_nothing_is_reported_where_it_stands(store: SQLiteStore) -> None:
    result, problems = run(
        store,
        records(
            [
                row(TUE),
                row(WED, CANCELLED, line=7),
                row(TUE, CANCELLED, half=HalfDay.MORNING, line=8),
            ]
        ),
    )
    assert [(p.path, p.code) for p in problems] == [
        ("b.csv:7", "unknown_booking"),
        ("b.csv:8", "unknown_booking"),  # the morning was not booked, the whole day was
    ]
    assert "the cancelled row of 2025-03-05 cancels no booking of E1" in problems[0].message
    assert result.appended == 1


def test_an_unknown_kind_is_reported_on_its_column(store: SQLiteStore) -> None:
    rows = [row(TUE, kind="sabbatical", line=4), row(WED, line=5)]
    result, problems = run(store, records(rows))
    assert [(p.path, p.code) for p in problems] == [("b.csv:4:kind", "unknown_telework_kind")]
    assert [e.day for e in store.history(T, "E1")] == [WED]
    assert result.appended == 1


def test_adjustments_are_numbered_per_period(store: SQLiteStore) -> None:
    adjustments = [
        AdjustmentRow("E1", date(2025, 1, 1), Fraction(-1, 2), "correction", "hr", 2),
        AdjustmentRow("E1", date(2025, 6, 1), Fraction(2), "long illness", "max", 3),
        AdjustmentRow("E1", date(2024, 1, 1), Fraction(1), "late", "hr", 4),
    ]
    result, problems = run(store, records([], adjustments))
    assert problems == []
    assert result == ImportResult(employees=1, appended=3, already=0, skipped=0)
    entries = store.history(T, "E1")
    assert all(isinstance(e, Adjustment) for e in entries)
    assert [e.entry_id for e in entries] == [
        "E1:adjustment:2025#1",
        "E1:adjustment:2025#2",
        "E1:adjustment:2024#1",
    ]
    first = entries[0]
    assert isinstance(first, Adjustment)
    assert (first.period, first.amount, first.reason, first.by) == (
        year_range(2025),
        Fraction(-1, 2),
        "correction",
        "hr",
    )
    assert first.recorded_at == AT


def test_importing_the_same_rows_twice_counts_them_as_already_stored(store: SQLiteStore) -> None:
    absence = Absence(absence_id="A1", employee="E1", kind="rtt", days=DateRange.single(THU))
    rows = records(
        [row(TUE)],
        [AdjustmentRow("E1", date(2025, 1, 1), Fraction(1), "x", "hr", 2)],
        [AbsenceRow("E1", absence, 2)],
    )
    first, _ = run(store, rows)
    assert first == ImportResult(employees=1, appended=3, already=0, skipped=0)
    again, problems = run(store, rows)
    assert problems == []
    assert again == ImportResult(employees=0, appended=0, already=3, skipped=0)
    assert len(store.history(T, "E1")) == 3


def test_an_absence_of_an_unknown_kind_is_reported_and_skipped(store: SQLiteStore) -> None:
    bad = Absence(absence_id="A1", employee="E1", kind="sabbatical", days=DateRange.single(THU))
    good = Absence(absence_id="A2", employee="E1", kind="rtt", days=DateRange.single(WED))
    result, problems = run(
        store, records([], absences=[AbsenceRow("E1", bad, 6), AbsenceRow("E1", good, 7)])
    )
    assert [(p.path, p.code) for p in problems] == [("x.csv:6", "unknown_absence_kind")]
    assert result == ImportResult(employees=1, appended=1, already=0, skipped=1)
    (stored,) = store.history(T, "E1")
    assert isinstance(stored, AbsenceRecord)
    assert (stored.absence.absence_id, stored.by, stored.recorded_at) == ("A2", "import", AT)


def test_an_employee_without_contract_has_every_row_skipped(store: SQLiteStore) -> None:
    absence = Absence(absence_id="A1", employee="E9", kind="rtt", days=DateRange.single(THU))
    lost = records(
        [
            BookingRow("E9", TUE, None, BOOKED, None, None, 2),
            BookingRow("E9", WED, None, BOOKED, None, None, 3),
        ],
        [AdjustmentRow("E9", date(2025, 1, 1), Fraction(1), "x", "hr", 2)],
        [AbsenceRow("E9", absence, 2)],
        employee="E9",
        with_contract=False,
    )
    result, problems = run(store, lost, records([row(TUE)]))
    assert result == ImportResult(employees=1, appended=1, already=0, skipped=4)
    assert [(p.path, p.code) for p in problems] == [("b.csv", "unknown_employee")]
    assert "E9 has no valid contract: 4 rows skipped" in problems[0].message
    assert store.history(T, "E9") == ()


def test_an_employee_with_nothing_new_is_not_counted(store: SQLiteStore) -> None:
    result, _ = run(store, records([]), records([row(TUE)], employee="E2"))
    assert result == ImportResult(employees=1, appended=1, already=0, skipped=0)
    assert store.history(T, "E1") == ()


# -- reading a store back --------------------------------------------------------------------


def test_stored_bookings_read_back_as_rows_with_their_half_and_kind(store: SQLiteStore) -> None:
    run(
        store,
        records(
            [
                row(TUE, half=HalfDay.AFTERNOON, kind="occasional", at=LATER),
                row(WED, line=3),
                row(TUE, CANCELLED, half=HalfDay.AFTERNOON, line=4),
            ]
        ),
        records([BookingRow("E0", THU, None, BOOKED, "X", None, 2)], employee="E0"),
    )
    rows = list(store_booking_rows(store, tenant=T))
    assert rows == [
        BookingRow("E0", THU, None, BOOKED, "X", AT, 0, ""),
        BookingRow(
            "E1", TUE, HalfDay.AFTERNOON, BOOKED, "E1:csv:2025-03-04:pm", LATER, 0, "occasional"
        ),
        BookingRow("E1", WED, None, BOOKED, "E1:csv:2025-03-05", AT, 0, ""),
        BookingRow(
            "E1", TUE, HalfDay.AFTERNOON, CANCELLED, "E1:csv:2025-03-04:pm", AT, 0, "occasional"
        ),
    ]


def test_store_records_merge_contracts_and_stored_employees_in_order(store: SQLiteStore) -> None:
    absence = Absence(absence_id="A1", employee="E3", kind="rtt", days=DateRange.single(THU))
    run(
        store,
        records([BookingRow("E1", TUE, None, BOOKED, "B1", None, 2)], employee="E1"),
        records(
            [BookingRow("E3", TUE, None, BOOKED, "B3", None, 2)],
            [AdjustmentRow("E3", date(2025, 1, 1), Fraction(3, 2), "gift", "hr", 2)],
            [AbsenceRow("E3", absence, 2)],
            employee="E3",
        ),
        records([BookingRow("E5", TUE, None, BOOKED, "B5", None, 2)], employee="E5"),
    )
    contracts = [contract("E2"), contract("E3"), contract("E4")]
    found = list(store_records(store, contracts, tenant=T, name="store"))
    assert [(r.employee, r.contract is not None) for r in found] == [
        ("E1", False),
        ("E2", True),
        ("E3", True),
        ("E4", True),
        ("E5", False),
    ]
    e3 = found[2]
    assert e3.contract == contracts[1]
    assert [(r.day, r.status, r.booking_id, r.line) for r in e3.bookings.rows("E3")] == [
        (TUE, BOOKED, "B3", 1)
    ]
    assert [(a.day, a.amount, a.reason, a.by) for a in e3.adjustments] == [
        (date(2025, 1, 1), Fraction(3, 2), "gift", "hr")
    ]
    # The adjustment is the second stored entry of E3 (after the booking, before the absence).
    assert [(a.employee, a.line) for a in e3.adjustments] == [("E3", 2)]
    assert [(a.employee, a.line) for a in e3.absences] == [("E3", 3)]
    assert [a.absence.absence_id for a in e3.absences] == ["A1"]
    assert e3.bookings_source.name == "store"
    assert e3.adjustments_source.name == "store"
    assert e3.absences_source.name == "store"
    assert found[1].bookings.size == 0
    assert found[1].adjustments == ()
    assert [r.booking_id for r in found[4].bookings.rows("E5")] == ["B5"]


def test_a_stored_ledger_replays_the_history_from_the_first_day(store: SQLiteStore) -> None:
    run(store, records([row(WED), row(TUE, line=3)]))
    ledger = stored_ledger(store, tenant=T, employee="E1", agreement=OPEN, calendar=CAL)
    assert ledger.employee == "E1"
    assert [e.day for e in ledger.entries] == [WED, TUE]
    assert ledger.contract.hired == TUE  # the earliest entry's day
    given = Contract.from_amendments(employee="E1", hired=date(2019, 9, 2))
    with_contract = stored_ledger(
        store, tenant=T, employee="E1", agreement=OPEN, calendar=CAL, contract=given
    )
    assert with_contract.contract == given
    assert with_contract.calendar is CAL
    # No stored entry: an empty ledger that names the employee.
    nobody = stored_ledger(store, tenant=T, employee="E8", agreement=OPEN, calendar=CAL)
    assert (nobody.employee, nobody.entries) == ("E8", ())


def test_a_jsonl_ledger_is_imported_once(store: SQLiteStore) -> None:
    hired = Contract.from_amendments(employee="E7", hired=date(2020, 1, 6))
    ledger = QuotaLedger(agreement=OPEN, contract=hired, calendar=CAL)
    ledger.book(TUE, at=AT, by="E7")
    ledger.book(WED, at=AT, by="E7")
    text = ledger_to_jsonl(ledger)
    kwargs = {"tenant": T, "agreement": OPEN, "contract": hired, "calendar": CAL}
    done = import_jsonl(store, text, **kwargs)  # type: ignore[arg-type]
    assert (done.version, done.replayed, len(done.entries)) == (2, False, 2)
    again = import_jsonl(store, text, **kwargs)  # type: ignore[arg-type]
    assert (again.version, again.replayed) == (2, True)
    assert [e.day for e in store.history(T, "E7")] == [TUE, WED]


def test_a_jsonl_ledger_is_not_imported_over_other_entries(store: SQLiteStore) -> None:
    hired = Contract.from_amendments(employee="E7", hired=date(2020, 1, 6))
    store.append(
        T,
        "E7",
        [Booking(entry_id="X", day=THU, recorded_at=AT, by="E7")],
        expected_version=0,
    )
    ledger = QuotaLedger(agreement=OPEN, contract=hired, calendar=CAL)
    ledger.book(TUE, at=AT, by="E7")
    with pytest.raises(StaleVersion):
        import_jsonl(
            store, ledger_to_jsonl(ledger), tenant=T, agreement=OPEN, contract=hired, calendar=CAL
        )
    assert [e.entry_id for e in store.history(T, "E7")] == ["X"]


def test_a_broken_jsonl_ledger_is_refused_with_its_file_name(store: SQLiteStore) -> None:
    hired = Contract.from_amendments(employee="E7", hired=date(2020, 1, 6))
    kwargs = {"tenant": T, "agreement": OPEN, "contract": hired, "calendar": CAL}
    with pytest.raises(LoadError) as err:
        import_jsonl(store, "{not json\n", **kwargs)  # type: ignore[arg-type]
    assert str(err.value).startswith("ledger.jsonl: 1 problem")
    with pytest.raises(LoadError) as err:
        import_jsonl(store, "{not json\n", source="e7.jsonl", **kwargs)  # type: ignore[arg-type]
    assert str(err.value).startswith("e7.jsonl: 1 problem")
    assert [(p.path, p.code) for p in err.value.problems] == [("line 1", "invalid_json")]
    assert store.history(T, "E7") == ()
