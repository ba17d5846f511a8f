"""The store contract: the same tests against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pg import fresh_schema, pg_dsn  # noqa: F401 - the fixture is used by name
from teleaccord import (
    Absence,
    AbsenceRecord,
    Adjustment,
    Agreement,
    Arrangement,
    ArrangementWorkflow,
    Booking,
    Calendar,
    Cancellation,
    Contract,
    CoverageRule,
    DateRange,
    Forfeiture,
    HalfDay,
    InvalidValue,
    OperationRefused,
    Organisation,
    Quota,
    RequestState,
    RequestWorkflow,
    Rhythm,
    StaleVersion,
    TeamCoverage,
    TeamMember,
    TeleaccordError,
    TeleworkRequest,
    year_range,
)
from teleaccord.errors import Problem
from teleaccord.store import (
    SCHEMA_VERSION,
    LedgerAppend,
    LedgerStore,
    PostgresStore,
    SQLiteStore,
    SQLStore,
    load_ledger,
    open_store,
    pending,
    read_team_days,
    save_ledger,
)
from teleaccord.store.transfer import ImportResult, import_records
from teleaccord.workforce import AbsenceRow, EmployeeContract, EmployeeRecords

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2024, 3, 1, 9, 30, tzinfo=PARIS)
T = "acme"


def booking(entry_id: str, day: date, *, note: str = "", at: datetime = AT) -> Booking:
    return Booking(entry_id=entry_id, day=day, recorded_at=at, by="E1", note=note)


def open_postgres(dsn: str, schema: str | None = None, *, migrate: bool = True) -> PostgresStore:
    return PostgresStore(dsn, schema=schema or fresh_schema(), migrate=migrate)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, object]]:
    """(engine name, how to open a store of that engine on one fresh database)."""
    if request.param == "sqlite":
        path = tmp_path / "ledgers.db"
        yield "sqlite", lambda migrate=True: SQLiteStore(path, migrate=migrate)
    else:
        dsn = request.getfixturevalue("pg_dsn")
        schema = fresh_schema()
        yield "postgres", lambda migrate=True: open_postgres(dsn, schema, migrate=migrate)


@pytest.fixture
def store(engine: tuple[str, object]) -> Iterator[SQLStore]:
    opened = engine[1]()  # type: ignore[operator]
    yield opened
    opened.close()


def test_both_stores_follow_the_protocol(store: SQLStore) -> None:
    assert isinstance(store, LedgerStore)


def test_appends_read_back_in_order_with_their_offsets(store: SQLStore) -> None:
    summer = datetime(2024, 7, 1, 8, tzinfo=PARIS)  # +02:00
    first = booking("b1", date(2024, 3, 5), note="dentist at noon")
    second = booking("b2", date(2024, 7, 2), at=summer)
    done = store.append(T, "E1", [first], expected_version=0)
    assert (done.version, done.replayed) == (1, False)
    assert store.append(T, "E1", [second], expected_version=1).version == 2
    history = store.history(T, "E1")
    assert history == (first, second)
    assert history[1].recorded_at.utcoffset() == timedelta(hours=2)
    assert history[0].note == "dentist at noon"
    assert store.version(T, "E1") == 2
    assert store.version(T, "nobody") == 0
    assert store.history(T, "nobody") == ()


def test_a_stale_writer_changes_nothing(store: SQLStore) -> None:
    store.append(T, "E1", [booking("b1", date(2024, 3, 5))], expected_version=0)
    with pytest.raises(StaleVersion) as caught:
        store.append(T, "E1", [booking("b2", date(2024, 3, 6))], expected_version=0)
    assert caught.value.params == {"expected": 0, "actual": 1}
    assert [e.entry_id for e in store.history(T, "E1")] == ["b1"]
    assert store.version(T, "E1") == 1


def test_a_retry_returns_the_first_result(store: SQLStore) -> None:
    first = booking("b1", date(2024, 3, 5), note="first")
    store.append(T, "E1", [first], expected_version=0)
    store.append(T, "E1", [booking("b2", date(2024, 3, 6))], expected_version=1)
    later = booking("b1", date(2024, 3, 5), note="first", at=AT + timedelta(minutes=5))
    retry = store.append(T, "E1", [later], expected_version=0)  # after a timeout: stale version
    assert retry.replayed
    assert retry.entries == (first,)
    assert retry.entries[0].recorded_at == AT
    assert retry.version == 2
    assert store.version(T, "E1") == 2


def test_an_id_reused_for_another_entry_is_refused(store: SQLStore) -> None:
    store.append(T, "E1", [booking("b1", date(2024, 3, 5))], expected_version=0)
    with pytest.raises(InvalidValue) as caught:
        store.append(T, "E1", [booking("b1", date(2024, 3, 6))], expected_version=1)
    assert caught.value.code == "entry_id_reused"
    with pytest.raises(InvalidValue, match="not the rest of its batch"):
        store.append(
            T,
            "E1",
            [booking("b1", date(2024, 3, 5)), booking("b9", date(2024, 3, 9))],
            expected_version=1,
        )
    with pytest.raises(InvalidValue, match="twice in the batch"):
        store.append(
            T,
            "E1",
            [booking("b7", date(2024, 3, 7)), booking("b7", date(2024, 3, 7))],
            expected_version=1,
        )
    assert store.version(T, "E1") == 1


def test_employees_tenants_and_date_ranges(store: SQLStore) -> None:
    store.append(T, "E2", [booking("x1", date(2024, 3, 4))], expected_version=0)
    store.append(
        T,
        "E1",
        [booking("b1", date(2024, 3, 5)), booking("b2", date(2024, 4, 5))],
        expected_version=0,
    )
    store.append("other", "E9", [booking("z1", date(2024, 3, 5))], expected_version=0)
    assert store.employees(T) == ("E1", "E2")
    assert store.employees("other") == ("E9",)
    found = store.entries_between(T, date(2024, 3, 1), date(2024, 3, 31))
    assert [(emp, e.entry_id) for emp, e in found] == [("E1", "b1"), ("E2", "x1")]
    assert store.entries_between(T, date(2024, 4, 5), date(2024, 4, 5))[0][1].entry_id == "b2"


def test_free_texts_are_erased_and_balances_stay(store: SQLStore) -> None:
    agreement = Agreement(name="ten", quotas=[Quota(window="period", maximum=10)])
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = load_ledger(
        store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar()
    )
    ledger.grant(year_range(2024), at=AT, by="hr")
    b = ledger.book(date(2024, 3, 5), at=AT, by="E1", note="my child is ill")
    ledger.book(date(2024, 3, 7), at=AT, by="E1")
    ledger.cancel(b.entry_id, at=AT, by="E1", reason="back at school")
    ledger.adjust(year_range(2024), Fraction(1, 2), reason="strike day", at=AT, by="hr")
    save_ledger(store, ledger, tenant=T, since=0)
    assert store.erase(T, "E1") == 3
    again = load_ledger(
        store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar()
    )
    texts = [
        (type(e).__name__, getattr(e, "note", None) or getattr(e, "reason", None))
        for e in again.entries
    ]
    assert ("Booking", "(erased)") in texts
    assert ("Cancellation", "(erased)") in texts
    assert ("Adjustment", "(erased)") in texts
    # 10 granted, 1 booked, 1/2 added: 19/2 left before and after the erasure.
    assert again.balance(year_range(2024)).remaining == Fraction(19, 2)
    assert ledger.balance(year_range(2024)).remaining == Fraction(19, 2)
    assert store.erase(T, "E1") == 0


def test_a_ledger_loads_books_and_saves(store: SQLStore) -> None:
    agreement = Agreement(name="ten", quotas=[Quota(window="period", maximum=10)])
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = load_ledger(
        store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar()
    )
    read = ledger.version
    ledger.grant(year_range(2024), at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    assert save_ledger(store, ledger, tenant=T, since=read).version == 2
    # A second writer read version 2 too, and books the same day in its own copy.
    mine = load_ledger(store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar())
    theirs = load_ledger(
        store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar()
    )
    mine.book(date(2024, 3, 6), at=AT, by="E1", entry_id="mine")
    theirs.book(date(2024, 3, 6), at=AT, by="E1", entry_id="theirs")
    save_ledger(store, mine, tenant=T, since=2)
    with pytest.raises(StaleVersion):
        save_ledger(store, theirs, tenant=T, since=2)
    final = load_ledger(
        store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar()
    )
    assert [b.entry_id for b in final.active_bookings()] == ["E1:booking:2", "mine"]
    assert final.balance(year_range(2024)).remaining == 8
    assert pending(final, final.version).entries == ()


def _workflow(store: SQLStore) -> tuple[RequestWorkflow, int]:
    agreement = Agreement(name="open")
    contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    ledger = load_ledger(
        store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar()
    )
    organisation = Organisation(managers={"ana": "max"})
    return RequestWorkflow(
        agreement=agreement, ledgers=[ledger], organisation=organisation
    ), ledger.version


def test_requests_and_their_bookings_are_saved_together(store: SQLStore) -> None:
    at = datetime(2024, 6, 3, 9, tzinfo=PARIS)
    wf, read = _workflow(store)
    request = wf.submit(
        TeleworkRequest(id="R1", employee="ana", days=date(2024, 6, 5)), by="ana", at=at
    )
    assert store.save_record(T, request, expected_version=0) == 1
    stored = store.record(T, TeleworkRequest, "R1")
    assert stored == request
    approved = wf.approve(stored, by="max", at=at)
    ledger = wf.ledgers["ana"]
    store.save_record(T, approved, expected_version=1, appends=[pending(ledger, read)])
    assert store.record(T, TeleworkRequest, "R1").state is RequestState.APPROVED
    assert [e.day for e in store.history(T, "ana")] == [date(2024, 6, 5)]
    # The same save again is a retry; a save from the old picture is stale.
    assert store.save_record(T, approved, expected_version=1) == 2
    with pytest.raises(StaleVersion):
        store.save_record(T, wf.reject(request, by="max", at=at, reason="no"), expected_version=1)
    assert store.records(T, TeleworkRequest, employee="ana") == (approved,)
    assert store.records(T, TeleworkRequest, employee="bob") == ()
    with pytest.raises(InvalidValue) as caught:
        store.record(T, TeleworkRequest, "R404")
    assert caught.value.code == "unknown_record"


def test_a_stale_ledger_leaves_the_record_unsaved(store: SQLStore) -> None:
    at = datetime(2024, 6, 3, 9, tzinfo=PARIS)
    wf, read = _workflow(store)
    request = wf.submit(
        TeleworkRequest(id="R1", employee="ana", days=date(2024, 6, 5)), by="ana", at=at
    )
    store.save_record(T, request, expected_version=0)
    approved = wf.approve(request, by="max", at=at)
    store.append(T, "ana", [booking("other", date(2024, 6, 7))], expected_version=0)
    with pytest.raises(StaleVersion):
        store.save_record(
            T, approved, expected_version=1, appends=[pending(wf.ledgers["ana"], read)]
        )
    assert store.record(T, TeleworkRequest, "R1").state is RequestState.SUBMITTED
    assert [e.entry_id for e in store.history(T, "ana")] == ["other"]


def test_approvals_serialise_per_team_and_day(store: SQLStore) -> None:
    day = date(2024, 6, 5)
    seen = store.team_day_versions(T, "sales", [day])
    assert seen == {day: 0}
    store.commit(
        T,
        [LedgerAppend(employee="ana", entries=[booking("a", day)], expected_version=0)],
        team_days={("sales", day): 0},
    )
    with pytest.raises(StaleVersion):  # bob's approval read the team before ana's
        store.commit(
            T,
            [LedgerAppend(employee="bob", entries=[booking("b", day)], expected_version=0)],
            team_days={("sales", day): 0},
        )
    assert store.history(T, "bob") == ()
    assert store.team_day_versions(T, "sales", [day, day + timedelta(days=1)]) == {
        day: 1,
        day + timedelta(days=1): 0,
    }


def test_the_schema_upgrades_from_the_first_one(engine: tuple[str, object]) -> None:
    opener = engine[1]
    old = opener(migrate=False)  # type: ignore[operator]
    assert old.schema_version() == 0
    assert old.migrate(target=1) == 1
    old.append(T, "E1", [booking("b1", date(2024, 3, 5), note="kept")], expected_version=0)
    with pytest.raises(Exception):  # noqa: B017,PT011 - schema 1 has no team days yet
        old.team_day_versions(T, "sales", [date(2024, 3, 5)])
    old.close()
    new = opener()  # type: ignore[operator]
    assert new.schema_version() == SCHEMA_VERSION == 2
    assert new.history(T, "E1") == (booking("b1", date(2024, 3, 5), note="kept"),)
    assert new.team_day_versions(T, "sales", [date(2024, 3, 5)]) == {date(2024, 3, 5): 0}
    assert new.migrate() == SCHEMA_VERSION  # applying again changes nothing
    new.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(TeleaccordError) as caught:
        SQLiteStore(path)
    assert caught.value.code == "schema_too_new"


def test_open_store_picks_the_engine(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SQLiteStore)
    store.close()


def test_entries_of_every_kind_round_trip(store: SQLStore) -> None:
    b = booking("b1", date(2024, 3, 5))
    c = Cancellation(
        entry_id="c1", booking_id="b1", day=date(2024, 3, 5), amount=1, recorded_at=AT, by="E1"
    )
    a = Adjustment(
        entry_id="a1", period=year_range(2024), amount="-1/2", reason="x", recorded_at=AT, by="hr"
    )
    store.append(T, "E1", [b, c, a], expected_version=0)
    assert store.history(T, "E1") == (b, c, a)
    assert store.history(T, "E1")[2].amount == Fraction(-1, 2)


def test_arrangements_and_their_planned_bookings_are_saved(store: SQLStore) -> None:
    paris = ZoneInfo("Europe/Paris")
    agreement = Agreement(name="regular", adaptation_period_days=30)
    contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    ledger = load_ledger(
        store, tenant=T, agreement=agreement, contract=contract, calendar=Calendar()
    )
    wf = ArrangementWorkflow(
        agreement=agreement,
        ledgers=[ledger],
        contracts=[contract],
        organisation=Organisation(managers={"ana": "max"}),
    )
    a = Arrangement(id="A1", employee="ana", rhythm=Rhythm(weekdays="Mo"), starts="2024-09-02")
    a = wf.approve(a, by="max", at=datetime(2024, 8, 26, 9, tzinfo=paris))
    store.save_record(T, a, expected_version=0)
    a = wf.advance(store.record(T, Arrangement, "A1"), at=datetime(2024, 9, 2, 6, tzinfo=paris))
    read = ledger.version
    wf.book_planned(
        a, DateRange(date(2024, 9, 1), date(2024, 9, 15)), at=datetime(2024, 9, 2, 6, tzinfo=paris)
    )
    store.save_record(T, a, expected_version=1, appends=[pending(ledger, read)])
    stored = store.record(T, Arrangement, "A1")
    assert stored == a
    assert stored.adaptation_until == date(2024, 10, 1)
    assert [e.day for e in store.history(T, "ana")] == [date(2024, 9, 2), date(2024, 9, 9)]
    assert store.records(T, Arrangement) == (a,)
    assert store.records(T, TeleworkRequest) == ()


def test_an_erasure_pseudonymises_the_history_and_keeps_the_balances(store: SQLStore) -> None:
    agreement = Agreement(name="ten", quotas=[Quota(window="period", maximum=10)])
    at = datetime(2024, 6, 3, 9, tzinfo=PARIS)
    ana = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    ledger = load_ledger(store, tenant=T, agreement=agreement, contract=ana, calendar=Calendar())
    ledger.grant(year_range(2024), at=at, by="hr")
    ledger.book(date(2024, 6, 4), at=at, by="ana", note="my address is 3 rue X")
    save_ledger(store, ledger, tenant=T, since=0)
    wf = RequestWorkflow(
        agreement=agreement, ledgers=[ledger], organisation=Organisation(managers={"ana": "max"})
    )
    read = ledger.version
    request = wf.submit(
        TeleworkRequest(id="R1", employee="ana", days=date(2024, 6, 5)), by="ana", at=at
    )
    request = wf.approve(request, by="max", at=at)
    store.save_record(T, request, expected_version=0, appends=[pending(ledger, read)])
    before = ledger.balance(year_range(2024))

    assert store.erase(T, "ana", pseudonym="P-001") == 2  # the note, and "request R1"
    assert store.history(T, "ana") == ()
    assert store.employees(T) == ("P-001",)
    entries = store.history(T, "P-001")
    assert [e.entry_id for e in entries] == [
        "P-001:grant:2024",
        "P-001:booking:2",
        "R1@2:2024-06-05",
    ]
    assert {e.by for e in entries} == {"hr", "P-001", "max"}
    assert entries[1].note == "(erased)"
    moved = store.record(T, TeleworkRequest, "R1")
    assert moved.employee == "P-001"
    assert {e.employee for e in moved.events} == {"P-001"}
    assert moved.events[0].actor == "P-001"
    p001 = Contract.from_amendments(employee="P-001", hired=date(2020, 1, 1))
    again = load_ledger(store, tenant=T, agreement=agreement, contract=p001, calendar=Calendar())
    after = again.balance(year_range(2024))
    assert (after.granted, after.booked, after.remaining) == (
        before.granted,
        before.booked,
        before.remaining,
    )
    assert after.remaining == 8
    store.append(T, "bob", [booking("b1", date(2024, 6, 4))], expected_version=0)
    with pytest.raises(InvalidValue) as caught:
        store.erase(T, "P-001", pseudonym="bob")
    assert caught.value.code == "pseudonym_taken"
    assert store.history(T, "P-001") == entries  # the refused erasure changed nothing


def test_coverage_approvals_of_one_team_and_day_serialise(store: SQLStore) -> None:
    """Two managers approve ana's and bob's requests for the same Monday at once: each alone
    keeps two of three on site, both together would leave one. The second save is stale; deciding
    again on the new picture refuses it for the coverage."""
    agreement = Agreement(name="open")
    at = datetime(2024, 5, 27, 9, tzinfo=PARIS)
    day = date(2024, 6, 3)
    contracts = {
        e: Contract.from_amendments(employee=e, hired=date(2020, 1, 1))
        for e in ("ana", "bob", "eve")
    }
    team = TeamCoverage(
        team="claims",
        members=[TeamMember(contract=c) for c in contracts.values()],
        rules=[CoverageRule(minimum=2)],
    )
    organisation = Organisation(managers={"ana": "max", "bob": "max", "eve": "max"})

    def picture(employee: str) -> tuple[dict[tuple[str, date], int], RequestWorkflow, int]:
        versions = read_team_days(store, tenant=T, coverage=[team], employee=employee, days=[day])
        ledgers = [
            load_ledger(store, tenant=T, agreement=agreement, contract=c, calendar=Calendar())
            for c in contracts.values()
        ]
        wf = RequestWorkflow(
            agreement=agreement, ledgers=ledgers, organisation=organisation, coverage=[team]
        )
        return versions, wf, wf.ledgers[employee].version

    for rid, employee in (("R1", "ana"), ("R2", "bob")):
        _, wf, _ = picture(employee)
        request = TeleworkRequest(id=rid, employee=employee, days=day)
        store.save_record(T, wf.submit(request, by=employee, at=at), expected_version=0)
    seen_a, wf_a, read_a = picture("ana")
    seen_b, wf_b, read_b = picture("bob")
    assert seen_a == seen_b == {("claims", day): 0}
    r1 = wf_a.approve(store.record(T, TeleworkRequest, "R1"), by="max", at=at)
    r2 = wf_b.approve(store.record(T, TeleworkRequest, "R2"), by="max", at=at)  # passes alone
    store.save_record(
        T, r1, expected_version=1, appends=[pending(wf_a.ledgers["ana"], read_a)], team_days=seen_a
    )
    with pytest.raises(StaleVersion):
        store.save_record(
            T,
            r2,
            expected_version=1,
            appends=[pending(wf_b.ledgers["bob"], read_b)],
            team_days=seen_b,
        )
    assert store.history(T, "bob") == ()
    _, wf_b, _ = picture("bob")
    with pytest.raises(OperationRefused):
        wf_b.approve(store.record(T, TeleworkRequest, "R2"), by="max", at=at)
    assert store.record(T, TeleworkRequest, "R2").state is RequestState.SUBMITTED


def test_absences_forfeitures_and_kinds_of_telework_round_trip(store: SQLStore) -> None:
    """The entry types of absences, agreement versions and kinds of telework come back
    equal, and their free texts are erased like the others', balances unchanged."""
    leave = Absence(
        absence_id="A1",
        employee="E1",
        kind="training",
        days=DateRange(date(2024, 3, 4), date(2024, 3, 6)),
        start_half="pm",
        end_half="am",
        source="HRIS export 2024-03",
    )
    entries = [
        Booking(
            entry_id="b1",
            day=date(2024, 3, 12),
            half="am",
            recorded_at=AT,
            by="E1",
            telework_kind="imposed",
            note="pollution peak",
        ),
        AbsenceRecord(absence=leave, recorded_at=AT, by="hr"),
        Forfeiture(
            entry_id="E1:forfeited:2023",
            period=year_range(2023),
            amount="7/2",
            recorded_at=datetime(2024, 1, 1, 0, 5, tzinfo=PARIS),
            by="rollover",
            reason="above the carry-over cap of 5 days",
        ),
    ]
    store.append(T, "E1", entries, expected_version=0)
    again = store.history(T, "E1")
    assert again == tuple(entries)
    booked, absent, lost = again
    assert isinstance(booked, Booking)
    assert booked.telework_kind == "imposed"
    assert isinstance(absent, AbsenceRecord)
    assert absent.absence.start_half == HalfDay.AFTERNOON
    assert isinstance(lost, Forfeiture)
    assert lost.amount == Fraction(7, 2)
    assert lost.recorded_at.utcoffset() == timedelta(hours=1)
    found = store.entries_between(T, date(2024, 3, 4), date(2024, 3, 4))
    assert [e.entry_id for _, e in found] == ["A1"]
    assert store.erase(T, "E1") == 2  # the note and the reason
    erased = store.history(T, "E1")
    assert erased[0].note == "(erased)"  # type: ignore[union-attr]
    assert erased[2].reason == "(erased)"  # type: ignore[union-attr]
    assert erased[1] == entries[1]
    assert erased[2].amount == Fraction(7, 2)  # type: ignore[union-attr]


def _stored_approved_request(store: SQLStore, days: list[date]) -> TeleworkRequest:
    at = datetime(2024, 6, 1, 9, tzinfo=PARIS)
    wf, read = _workflow(store)
    request = wf.submit(TeleworkRequest(id="R1", employee="ana", days=days), by="ana", at=at)
    store.save_record(T, request, expected_version=0)
    approved = wf.approve(request, by="max", at=at)
    store.save_record(T, approved, expected_version=1, appends=[pending(wf.ledgers["ana"], read)])
    return approved


def _import_absence(store: SQLStore, *days: date) -> ImportResult:
    contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    absence = Absence(
        absence_id="A1", employee="ana", kind="rtt", days=DateRange(days[0], days[-1])
    )
    found: list[Problem] = []
    result = import_records(
        store,
        [
            EmployeeRecords(
                employee="ana",
                contract=EmployeeContract(contract=contract),
                absences=[AbsenceRow("ana", absence, 2)],
            )
        ],
        tenant=T,
        agreement=Agreement(name="open"),
        calendar=Calendar(),
        at=datetime(2024, 6, 2, 8, tzinfo=PARIS),
        on_problem=found.append,
    )
    assert found == []
    return result


def test_an_imported_absence_moves_the_stored_request_it_covers(store: SQLStore) -> None:
    tue, wed = date(2024, 6, 4), date(2024, 6, 5)
    _stored_approved_request(store, [tue, wed])
    result = _import_absence(store, wed)
    assert (result.employees, result.appended) == (1, 2)  # the cancellation, the absence
    after = store.record(T, TeleworkRequest, "R1")
    assert isinstance(after, TeleworkRequest)
    # Still approved, for Tuesday only; the event says why, and the booking is cancelled once.
    assert (after.state, after.days) == (RequestState.APPROVED, (tue,))
    assert after.events[-1].reason == "absence"
    history = store.history(T, "ana")
    assert [type(e).__name__ for e in history] == [
        "Booking", "Booking", "Cancellation", "AbsenceRecord",
    ]  # fmt: skip
    # Importing again changes nothing: the absence is stored and the request has reacted.
    again = _import_absence(store, wed)
    assert (again.appended, again.already) == (0, 1)
    assert store.record(T, TeleworkRequest, "R1") == after
    assert len(store.history(T, "ana")) == 4


def test_an_imported_absence_on_every_day_cancels_the_stored_request(store: SQLStore) -> None:
    tue, wed = date(2024, 6, 4), date(2024, 6, 5)
    _stored_approved_request(store, [tue, wed])
    _import_absence(store, tue, wed)
    after = store.record(T, TeleworkRequest, "R1")
    assert after.state is RequestState.CANCELLED
    assert store.records(T, TeleworkRequest, employee="ana") == (after,)
