"""Today's files in and out of a store: JSON Lines ledgers and the workforce CSV files.

What ``teleaccord import``, ``teleaccord export`` and ``teleaccord balances --store`` do,
through the existing readers and writers (:mod:`teleaccord.io.jsonl`,
:mod:`teleaccord.io.csv`):

- :func:`import_jsonl` replays a ledger file into a new ledger (every consistency check of the
  reader) and appends it to the store as the employee's whole history;
- :func:`import_records` turns each employee's booking and adjustment rows into ledger entries
  — with ids derived from the rows when the file has none, so importing the same file twice
  changes nothing — replays them after the stored ones and appends them;
- :func:`store_records` gives the stored bookings and adjustments as the rows the workforce
  job reads, so balances are computed from a store as from CSV files;
- :func:`store_booking_rows` and :func:`stored_ledger` give the bookings CSV rows and a
  ledger to write back out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

import attrs

from teleaccord.absence import absence_kind
from teleaccord.agreement import Agreement
from teleaccord.approval import RequestWorkflow, TeleworkRequest
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.entries import AbsenceRecord, Adjustment, Booking, Cancellation, Entry
from teleaccord.errors import InvalidValue, Problem
from teleaccord.io.jsonl import replay_jsonl
from teleaccord.ledger import QuotaLedger
from teleaccord.store.ledgers import load_ledger
from teleaccord.store.protocol import Appended, LedgerAppend, LedgerStore, Record
from teleaccord.versions import AgreementHistory, agreement_in_force
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

__all__ = [
    "ImportResult",
    "import_jsonl",
    "import_records",
    "store_booking_rows",
    "store_records",
    "stored_ledger",
]

ProblemHandler = Callable[[Problem], None]


@attrs.frozen(kw_only=True)
class ImportResult:
    """What an import did: employees written, entries appended, entries already stored (a
    re-import), rows skipped (each reported as a problem).

    >>> from teleaccord.store.transfer import ImportResult
    >>> ImportResult(employees=1, appended=3, already=0, skipped=0).appended
    3
    """

    employees: int
    appended: int
    already: int
    skipped: int


def import_jsonl(
    store: LedgerStore,
    text: str,
    *,
    tenant: str,
    agreement: Agreement | AgreementHistory,
    contract: Contract,
    calendar: Calendar,
    source: str = "ledger.jsonl",
) -> Appended:
    """Append a JSON Lines ledger to the store as the employee's history.

    The file is read by :func:`teleaccord.io.jsonl.replay_jsonl` (every check of the reader);
    importing it again returns the entries already stored (``replayed``).

    Raises:
        LoadError: the file is not a valid ledger.
        StaleVersion: the store already holds other entries for this employee.
    """
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=calendar)
    replay_jsonl(ledger, text, source=source)
    return store.append(tenant, ledger.employee, ledger.entries, expected_version=0)


def _booking_id(employee: str, row: BookingRow, seen: dict[str, int]) -> str:
    if row.booking_id:
        return row.booking_id
    base = f"{employee}:csv:{row.day.isoformat()}" + (f":{row.half.value}" if row.half else "")
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}#{seen[base]}"


def _row_entries(
    records: EmployeeRecords, ledger: QuotaLedger, at: datetime, report: ProblemHandler
) -> Iterator[tuple[str, Entry]]:
    """``(problem path, entry)`` for each booking and adjustment row of ``records``."""
    employee = records.employee
    seen: dict[str, int] = {}
    bookings: dict[str, Booking] = {e.entry_id: e for e in ledger.entries if isinstance(e, Booking)}
    for row in records.bookings.rows(employee):
        path = records.bookings_source.path(row.line)
        stamp = row.recorded_at or at
        entry_id = _booking_id(employee, row, seen)
        if row.status == BOOKED:
            kind = row.kind or "regular"
            try:
                ledger.agreement_on(row.day).pool_of(kind)
            except InvalidValue as exc:
                report(Problem(records.bookings_source.path(row.line, "kind"), str(exc), exc.code))
                continue
            booking = Booking(
                entry_id=entry_id,
                day=row.day,
                half=row.half,
                recorded_at=stamp,
                by="import",
                telework_kind=kind,
            )
            bookings[entry_id] = booking
            yield path, booking
            continue
        original = bookings.get(entry_id) if row.booking_id else None
        if original is None:
            original = next(
                (b for b in reversed(bookings.values()) if b.day == row.day and b.half == row.half),
                None,
            )
        if original is None:
            report(
                Problem(
                    path,
                    f"the {CANCELLED} row of {row.day} cancels no booking of {employee}; skipped",
                    "unknown_booking",
                )
            )
            continue
        yield (
            path,
            Cancellation(
                entry_id=f"{original.entry_id}:cancelled",
                booking_id=original.entry_id,
                day=original.day,
                amount=original.amount,
                recorded_at=stamp,
                by="import",
                telework_kind=original.telework_kind,
            ),
        )
    counts: dict[str, int] = {}
    for adjustment in records.adjustments:
        period = ledger.period_of(adjustment.day)
        label = ledger.agreement.reference.label(period)
        counts[label] = counts.get(label, 0) + 1
        yield (
            records.adjustments_source.path(adjustment.line),
            Adjustment(
                entry_id=f"{employee}:adjustment:{label}#{counts[label]}",
                period=period,
                amount=adjustment.amount,
                reason=adjustment.reason,
                recorded_at=at,
                by=adjustment.by,
            ),
        )


def import_records(
    store: LedgerStore,
    employees: Iterable[EmployeeRecords],
    *,
    tenant: str,
    agreement: Agreement | AgreementHistory,
    calendar: Calendar,
    at: datetime,
    on_problem: ProblemHandler,
) -> ImportResult:
    """Append each employee's booking, adjustment and absence rows to the store, as ledger
    entries (an absence cancels the bookings it covers, as recording it in a ledger does).

    Rows are replayed after the stored entries (consistency checked: no day booked twice, a
    cancellation of a known booking); a row that does not fit is reported and skipped. Rows
    already imported (the same ids, the same content) are counted, not written again. Rows
    without a timestamp are recorded at ``at``.
    """
    appended = already = skipped = written = 0
    for records in employees:
        if records.contract is None:
            count = records.bookings.size + len(records.adjustments) + len(records.absences)
            on_problem(
                Problem(
                    records.bookings_source.name,
                    f"{records.employee} has no valid contract: {count} rows skipped",
                    "unknown_employee",
                )
            )
            skipped += count
            continue
        ledger = load_ledger(
            store,
            tenant=tenant,
            agreement=agreement,
            contract=records.contract.contract,
            calendar=calendar,
        )
        read = ledger.version
        stored = {e.entry_id: e for e in ledger.entries}
        for path, entry in list(_row_entries(records, ledger, at, on_problem)):
            if entry.entry_id in stored:
                already += 1
                continue
            try:
                ledger.replay(entry)
            except InvalidValue as error:
                on_problem(Problem(path, error.message, error.code))
                skipped += 1
        for row in records.absences:
            if row.absence.absence_id in stored:
                already += 1
                continue
            try:
                absence_kind(
                    row.absence.kind,
                    agreement_in_force(agreement, row.absence.days.start).absence_kinds,
                )
                ledger.record_absence(row.absence, at=at, by="import")
            except InvalidValue as error:
                on_problem(
                    Problem(records.absences_source.path(row.line), error.message, error.code)
                )
                skipped += 1
        reacted = _react_to_absences(store, tenant, ledger, agreement, calendar, at)
        if ledger.version > read or reacted:
            appends = [
                LedgerAppend(
                    employee=ledger.employee, entries=ledger.entries[read:], expected_version=read
                )
            ]
            done = store.commit(tenant, appends, records=reacted)
            appended += len(done[0].entries)
            written += 1
    return ImportResult(employees=written, appended=appended, already=already, skipped=skipped)


def _react_to_absences(
    store: LedgerStore,
    tenant: str,
    ledger: QuotaLedger,
    agreement: Agreement | AgreementHistory,
    calendar: Calendar,
    at: datetime,
) -> list[tuple[Record, int]]:
    """The employee's stored requests that absences recorded in ``ledger`` touch, moved as
    :meth:`RequestWorkflow.react_to_absences
    <teleaccord.approval.RequestWorkflow.react_to_absences>` moves them (the bookings they let
    go are cancelled in ``ledger``), each with the version read. Every holding request is
    looked at, not only those the new absences touch: an import that stopped after writing the
    absences reacts when it is run again."""
    if not any(isinstance(e, AbsenceRecord) for e in ledger.entries):
        return []
    workflow = RequestWorkflow(
        agreement=agreement, calendar=calendar, ledgers={ledger.employee: ledger}
    )
    moved: list[tuple[Record, int]] = []
    for request in store.records(tenant, TeleworkRequest, employee=ledger.employee):
        assert isinstance(request, TeleworkRequest)
        after = workflow.react_to_absences(request, at=at)
        if after is not request:
            moved.append((after, len(request.events)))
    return moved


def _booking_rows(employee: str, entries: Iterable[Entry]) -> Iterator[BookingRow]:
    """The bookings and cancellations of ``entries`` as booking rows (the bookings CSV), with
    their kind of telework (blank for ``regular``)."""
    halves = {}
    for entry in entries:
        if isinstance(entry, (Booking, Cancellation)):
            kind = "" if entry.telework_kind == "regular" else entry.telework_kind
        if isinstance(entry, Booking):
            halves[entry.entry_id] = entry.half
            yield BookingRow(
                employee, entry.day, entry.half, BOOKED, entry.entry_id, entry.recorded_at, 0,
                kind,
            )  # fmt: skip
        elif isinstance(entry, Cancellation):
            yield BookingRow(
                employee,
                entry.day,
                halves.get(entry.booking_id),
                CANCELLED,
                entry.booking_id,
                entry.recorded_at,
                0,
                kind,
            )


def _adjustment_rows(employee: str, entries: Iterable[Entry]) -> Iterator[AdjustmentRow]:
    for n, entry in enumerate(entries, start=1):
        if isinstance(entry, Adjustment):
            yield AdjustmentRow(
                employee, entry.period.start, entry.amount, entry.reason, entry.by, n
            )


def store_booking_rows(store: LedgerStore, *, tenant: str) -> Iterator[BookingRow]:
    """Every stored booking and cancellation as booking rows, by employee then order."""
    for employee in store.employees(tenant):
        yield from _booking_rows(employee, store.history(tenant, employee))


def store_records(
    store: LedgerStore, contracts: Iterable[EmployeeContract], *, tenant: str, name: str
) -> Iterator[EmployeeRecords]:
    """Each employee's contract (from ``contracts``, sorted by employee) with their stored
    bookings, adjustments and absences, sorted by employee: what
    :func:`~teleaccord.workforce.workforce_balances` reads. Employees with entries but no
    contract come with ``contract=None`` (the job reports them)."""
    stored = list(store.employees(tenant))
    source = Source(name)

    def records(employee: str, contract: EmployeeContract | None) -> EmployeeRecords:
        entries = store.history(tenant, employee) if employee in known else ()
        rows = list(_booking_rows(employee, entries))
        rows = [r._replace(line=n) for n, r in enumerate(rows, start=1)]
        return EmployeeRecords(
            employee=employee,
            contract=contract,
            bookings=rows,
            adjustments=_adjustment_rows(employee, entries),
            absences=[
                AbsenceRow(employee, e.absence, n)
                for n, e in enumerate(entries, start=1)
                if isinstance(e, AbsenceRecord)
            ],
            bookings_source=source,
            adjustments_source=source,
            absences_source=source,
        )

    known = set(stored)
    pending = iter(sorted(stored))
    waiting = next(pending, None)
    for contract in contracts:
        while waiting is not None and waiting < contract.employee:
            yield records(waiting, None)
            waiting = next(pending, None)
        if waiting == contract.employee:
            waiting = next(pending, None)
        yield records(contract.employee, contract)
    while waiting is not None:
        yield records(waiting, None)
        waiting = next(pending, None)


def stored_ledger(
    store: LedgerStore,
    *,
    tenant: str,
    employee: str,
    agreement: Agreement | AgreementHistory,
    calendar: Calendar,
    contract: Contract | None = None,
) -> QuotaLedger:
    """The employee's stored ledger, to write out (:func:`teleaccord.io.jsonl.ledger_to_jsonl`).

    Without a ``contract``, one that only names the employee is used: replaying entries checks
    their consistency, not the contract's rules.
    """
    entries = store.history(tenant, employee)
    first = min((e.day for e in entries), default=date(2000, 1, 1))
    return QuotaLedger(
        agreement=agreement,
        contract=contract or Contract.from_amendments(employee=employee, hired=first),
        calendar=calendar,
        entries=entries,
    )
