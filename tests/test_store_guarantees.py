"""What a store guarantees, against SQLite and a real PostgreSQL server: concurrent writers
(processes) neither lose an update nor book a day twice, a writer killed with SIGKILL loses no
acknowledged append and leaves no partial entry, and a retried append returns the first result.

Each test prints its figures (``-s`` shows them); docs/explanation/store-transactions.md
quotes a run.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import select
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest

from pg import fresh_schema, pg_dsn  # noqa: F401 - the fixture is used by name
from teleaccord import (
    Agreement,
    Booking,
    Calendar,
    Cancellation,
    Contract,
    DateRange,
    OperationRefused,
    Quota,
    StaleVersion,
    year_range,
)
from teleaccord.store import PostgresStore, SQLiteStore, SQLStore, load_ledger

T = "acme"
AT = datetime(2024, 5, 1, 9, tzinfo=timezone.utc)
OPEN = Agreement(name="open")
BIG = Agreement(name="big", quotas=[Quota(window="period", maximum=300)])
CAL = Calendar()
FORK = multiprocessing.get_context("fork")


def contract(employee: str) -> Contract:
    return Contract.from_amendments(employee=employee, hired=date(2020, 1, 1))


class Opener:
    """How each process opens its own connection to one database (picklable)."""

    def __init__(self, target: str, schema: str | None = None) -> None:
        self.target, self.schema = target, schema

    def __call__(self) -> SQLStore:
        if self.schema is None:
            return SQLiteStore(self.target, migrate=False)
        return PostgresStore(self.target, schema=self.schema, migrate=False)


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], SQLStore]]:
    """An :class:`Opener` of one fresh database, its schema made."""
    if request.param == "sqlite":
        path = str(tmp_path / "ledgers.db")
        SQLiteStore(path).close()
        yield Opener(path)
    else:
        dsn, schema = request.getfixturevalue("pg_dsn"), fresh_schema()
        PostgresStore(dsn, schema=schema).close()
        yield Opener(dsn, schema)


# -- concurrency -------------------------------------------------------------------------------

EMPLOYEES = ("E1", "E2", "E3")
DAYS = tuple(date(2024, 6, d) for d in (3, 4, 5, 6, 7))  # Monday to Friday
WORKERS, BOOKINGS = 4, 10


def _book_many(
    opener: Callable[[], SQLStore], worker: int
) -> list[tuple[str, date, str, str, int]]:
    """One process: ``BOOKINGS`` attempts, each on a random (employee, day), retried after a
    stale version until it wins or the ledger refuses it. Returns ``(employee, day, outcome,
    entry id, stale retries)`` per attempt."""
    store = opener()
    rng = random.Random(worker)
    results = []
    for i in range(BOOKINGS):
        employee, day = rng.choice(EMPLOYEES), rng.choice(DAYS)
        entry_id, stale = f"w{worker}-{i}", 0
        while True:
            ledger = load_ledger(
                store, tenant=T, agreement=OPEN, contract=contract(employee), calendar=CAL
            )
            read = ledger.version
            try:
                booking = ledger.book(day, at=AT, by=f"w{worker}", entry_id=entry_id)
            except OperationRefused as refused:
                results.append((employee, day, f"refused:{refused.code}", entry_id, stale))
                break
            try:
                store.append(T, employee, [booking], expected_version=read)
            except StaleVersion:
                stale += 1
                continue
            results.append((employee, day, "won", entry_id, stale))
            break
    store.close()
    return results


def test_concurrent_writers_lose_nothing_and_book_no_day_twice(
    opener: Callable[[], SQLStore],
) -> None:
    with ProcessPoolExecutor(WORKERS, mp_context=FORK) as pool:
        runs = list(pool.map(_book_many, [opener] * WORKERS, range(WORKERS)))
    attempts = [r for run in runs for r in run]
    assert len(attempts) == WORKERS * BOOKINGS
    won = [(emp, day, eid) for emp, day, outcome, eid, _ in attempts if outcome == "won"]
    refused = Counter(outcome for _, _, outcome, _, _ in attempts if outcome != "won")
    stale = sum(s for *_, s in attempts)
    # Every loser was refused by the rule (the day is taken), nothing else.
    assert set(refused) <= {"refused:already_booked"}
    # Exactly one winner per (employee, day) anyone tried.
    tried = {(emp, day) for emp, day, *_ in attempts}
    assert Counter((emp, day) for emp, day, _ in won) == dict.fromkeys(tried, 1)
    store = opener()
    stored = {emp: store.history(T, emp) for emp in EMPLOYEES}
    store.close()
    ids = {e.entry_id for entries in stored.values() for e in entries}
    lost = {eid for _, _, eid in won} - ids
    assert not lost
    assert len(ids) == len(won)  # and nothing stored that nobody won
    for emp, entries in stored.items():
        days = [e.day for e in entries if isinstance(e, Booking)]
        assert len(days) == len(set(days)), f"{emp} has a day booked twice"
    print(  # noqa: T201 - the figures the docs quote (pytest -s shows them)
        f"\nconcurrency: {WORKERS} processes x {BOOKINGS} bookings = {len(attempts)} operations, "
        f"{len(won)} won, {sum(refused.values())} refused (already_booked), {stale} stale "
        f"versions retried, lost 0"
    )


# -- crashes -----------------------------------------------------------------------------------

KILLS = 10


POOL = tuple(d for d in DateRange(date(2024, 6, 3), date(2024, 6, 28)) if d.weekday() < 5)


def _write_until_killed(opener: Callable[[], SQLStore], ack: int) -> None:
    """The writer: appends one entry at a time to E1's ledger — a booking of a free day of
    ``POOL``, or, when five are active, the cancellation of the oldest — and writes its id to
    ``ack`` once the append returned."""
    store = opener()
    ledger = load_ledger(store, tenant=T, agreement=BIG, contract=contract("E1"), calendar=CAL)
    while True:
        read = ledger.version
        active = ledger.active_bookings()
        entry: Booking | Cancellation
        if len(active) >= 5:
            entry = ledger.cancel(active[0].entry_id, at=AT, by="E1", entry_id=f"c{read}")
        else:
            day = next(d for d in POOL if d not in {b.day for b in active})
            entry = ledger.book(day, at=AT, by="E1", entry_id=f"b{read}")
        store.append(T, "E1", [entry], expected_version=read)
        os.write(ack, f"{entry.entry_id}\n".encode())


def test_a_killed_writer_loses_no_acknowledged_append(opener: Callable[[], SQLStore]) -> None:
    store = opener()
    ledger = load_ledger(store, tenant=T, agreement=BIG, contract=contract("E1"), calendar=CAL)
    store.append(T, "E1", [ledger.grant(year_range(2024), at=AT, by="hr")], expected_version=0)
    rng = random.Random(14)
    acknowledged: list[str] = []
    progressed = 0
    for _ in range(KILLS):
        read, write = os.pipe()
        child = FORK.Process(target=_write_until_killed, args=(opener, write))
        child.start()
        os.close(write)
        # Kill at a random moment once the writer is writing (its first acknowledgement),
        # however slow the machine is to start it.
        ready, _, _ = select.select([read], [], [], 60)
        assert ready, "the writer acknowledged nothing in 60 s"
        time.sleep(rng.uniform(0, 0.15))
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join()
        assert child.exitcode == -signal.SIGKILL
        with os.fdopen(read) as acks:
            got = acks.read().split()
        progressed += bool(got)
        acknowledged.extend(got)
    assert progressed == KILLS
    entries = store.history(T, "E1")
    assert store.version(T, "E1") == len(entries)  # no partial append
    ids = [e.entry_id for e in entries]
    assert len(ids) == len(set(ids))
    lost = set(acknowledged) - set(ids)
    assert not lost
    # At most one append per kill was committed but not yet acknowledged.
    assert len(ids) - 1 - len(acknowledged) <= KILLS
    # Replaying gives the same balance as an independent count of the entries.
    replayed = load_ledger(store, tenant=T, agreement=BIG, contract=contract("E1"), calendar=CAL)
    booked = sum(isinstance(e, Booking) for e in entries)
    cancelled = sum(isinstance(e, Cancellation) for e in entries)
    assert replayed.balance(year_range(2024)).remaining == Fraction(300 - booked + cancelled)
    store.close()
    print(  # noqa: T201 - the figures the docs quote (pytest -s shows them)
        f"\ncrashes: {KILLS} SIGKILLs, {len(acknowledged)} acknowledged appends, "
        f"{len(entries)} entries checked, lost 0"
    )


# -- retries -----------------------------------------------------------------------------------


def test_a_retry_after_a_timeout_returns_the_first_result(opener: Callable[[], SQLStore]) -> None:
    """The client's append was committed but the answer never came; it retries later with
    the same entry id, after another writer moved the ledger on."""
    store = opener()
    first = Booking(entry_id="b1", day=date(2024, 6, 3), recorded_at=AT, by="E1")
    store.append(T, "E1", [first], expected_version=0)
    other = Booking(entry_id="x", day=date(2024, 6, 4), recorded_at=AT, by="E1")
    store.append(T, "E1", [other], expected_version=1)
    retry = Booking(
        entry_id="b1", day=date(2024, 6, 3), recorded_at=AT + timedelta(seconds=30), by="E1"
    )
    result = store.append(T, "E1", [retry], expected_version=0)
    assert result.replayed
    assert result.entries == (first,)
    assert store.history(T, "E1") == (first, other)
    store.close()
