"""The SQL both stores share: schema scripts, entries in and out of rows, the transactions.

:class:`SQLStore` holds every statement once, written for both engines (standard SQL, ``?``
placeholders, ``INSERT ... ON CONFLICT``); a subclass names its engine's differences: how to
connect, how a write transaction begins, how a row is locked, the placeholder style.

Schema changes are the numbered scripts in ``schema/`` (``0001_initial.sql``...), each applied
in its own transaction together with the ``schema_version`` row, so a database is always at one
numbered schema, never between two.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timezone
from importlib import resources
from typing import Any, cast

import attrs

from teleaccord.approval import TeleworkRequest
from teleaccord.arrangement import Arrangement
from teleaccord.entries import Entry
from teleaccord.errors import InvalidValue, StaleVersion, TeleaccordError
from teleaccord.io.json import from_data, parse_json, to_data
from teleaccord.io.jsonl import entry_from_dict
from teleaccord.store.protocol import Appended, LedgerAppend, LedgerStore, Record

__all__ = [
    "ERASED",
    "KINDS",
    "SCHEMA_VERSION",
    "TEXT_FIELDS",
    "SQLStore",
    "schema_scripts",
]

TEXT_FIELDS = ("note", "reason")
"""The free-text fields of entries, kept in their own table (``entry_texts``) apart from the
entries, so :meth:`SQLStore.erase` can erase them without touching an entry."""

ERASED = "(erased)"
"""What an erased free text reads as."""

KINDS: Mapping[type[Any], str] = {TeleworkRequest: "request", Arrangement: "arrangement"}
"""The workflow records a store keeps, by the name of their machine."""


def schema_scripts() -> tuple[tuple[int, str], ...]:
    """The numbered schema scripts, ``(number, sql)``, in order.

    >>> from teleaccord.store.sql import schema_scripts
    >>> [n for n, _ in schema_scripts()][:2]
    [1, 2]
    """
    folder = resources.files("teleaccord.store").joinpath("schema")
    found = []
    for item in folder.iterdir():
        match = re.fullmatch(r"(\d{4})_\w+\.sql", item.name)
        if match:
            found.append((int(match.group(1)), item.read_text(encoding="utf-8")))
    return tuple(sorted(found))


SCHEMA_VERSION = schema_scripts()[-1][0]
"""The schema this release writes (the number of its last script)."""


def _statements(script: str) -> Iterator[str]:
    """The statements of a script (each ends with ``;`` at the end of a line)."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    for part in "\n".join(lines).split(";\n"):
        text = part.strip().rstrip(";").strip()
        if text:
            yield text


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _same_entry(stored: Entry, new: Entry) -> bool:
    """Whether ``new`` is a retry of ``stored`` (the same entry, whatever its timestamp)."""
    return type(stored) is type(new) and attrs.evolve(new, recorded_at=stored.recorded_at) == stored


def _reused(employee: str, entry: Entry, why: str) -> InvalidValue:
    msg = (
        f"entry_id: {entry.entry_id!r} {why} in the stored ledger of {employee}; "
        "use a new id, or retry the whole batch as it was."
    )
    return InvalidValue(msg, field="entry_id", code="entry_id_reused")


def _stale(what: str, expected: int, actual: int) -> StaleVersion:
    msg = (
        f"{what} is at version {actual}, not {expected} as expected: it changed since you read "
        "it. Reload it, check again and retry."
    )
    return StaleVersion(msg, params={"expected": expected, "actual": actual})


class SQLStore(LedgerStore):
    """The store over one database connection (see :class:`~teleaccord.store.LedgerStore` for
    what each method does). Methods are safe to call from several threads: they take turns
    on the connection."""

    #: appended to a ``SELECT`` that reads a row the transaction will update
    lock_clause = ""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # -- what an engine provides ------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement on the connection; returns a cursor."""
        raise NotImplementedError

    def _transaction(self, write: bool) -> AbstractContextManager[None]:
        """A transaction: committed when the block ends, rolled back when it raises."""
        raise NotImplementedError

    def _lock_schema(self) -> None:
        """Make concurrent migrations of one database take turns (inside a transaction)."""

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema the database is at (0: empty)."""
        with self._lock, self._transaction(write=False):
            return self._current_schema()

    def _has_schema_table(self) -> bool:
        """Whether the ``schema_version`` table exists (engines without a cheap test say
        yes, and a missing table reads as schema 0)."""
        return True

    def _current_schema(self) -> int:
        if not self._has_schema_table():
            return 0
        try:
            row = self._execute("SELECT max(version) FROM schema_version").fetchone()
        except TeleaccordError:  # a damaged file: never read as a store with no schema
            raise
        except Exception:
            return 0
        return int(row[0] or 0)

    def migrate(self, target: int | None = None) -> int:
        """Apply the schema scripts the database has not had, up to ``target`` (default: this
        release's), each in its own transaction. Returns the schema version reached.

        Raises:
            TeleaccordError: the database has a newer schema than this release knows
                (``schema_too_new``).
        """
        goal = SCHEMA_VERSION if target is None else target
        with self._lock:
            with self._transaction(write=True):
                self._lock_schema()
                self._execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            for number, script in schema_scripts():
                if number > goal:
                    break
                with self._transaction(write=True):
                    self._lock_schema()
                    current = self._current_schema()
                    if number <= current:
                        continue
                    for statement in _statements(script):
                        self._execute(statement)
                    self._execute("DELETE FROM schema_version")
                    self._execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            reached = self.schema_version()
        if reached > SCHEMA_VERSION:
            msg = (
                f"The database is at schema {reached}, newer than this release knows "
                f"({SCHEMA_VERSION}); upgrade teleaccord."
            )
            raise TeleaccordError(
                msg, code="schema_too_new", params={"found": reached, "known": SCHEMA_VERSION}
            )
        return reached

    # -- entries in and out of rows -------------------------------------------------------------

    def _entry_from_row(self, data: str, texts: Mapping[str, str], source: str) -> Entry:
        fields = parse_json(data, source)
        fields.update(texts)
        return entry_from_dict(fields, path=source)

    def _texts(
        self, tenant: str, employee: str, entry_id: str | None = None
    ) -> dict[str, dict[str, str]]:
        sql = "SELECT entry_id, field, text FROM entry_texts WHERE tenant = ? AND employee = ?"
        params: list[Any] = [tenant, employee]
        if entry_id is not None:
            sql += " AND entry_id = ?"
            params.append(entry_id)
        found: dict[str, dict[str, str]] = {}
        for eid, field, text in self._execute(sql, params).fetchall():
            found.setdefault(eid, {})[field] = text
        return found

    def _stored_entry(self, tenant: str, employee: str, entry_id: str) -> Entry | None:
        row = self._execute(
            "SELECT data FROM entries WHERE tenant = ? AND employee = ? AND entry_id = ?",
            (tenant, employee, entry_id),
        ).fetchone()
        if row is None:
            return None
        texts = self._texts(tenant, employee, entry_id).get(entry_id, {})
        return self._entry_from_row(row[0], texts, f"{employee}/{entry_id}")

    def _insert_entry(self, tenant: str, employee: str, seq: int, entry: Entry) -> None:
        data = to_data(entry)
        texts = {f: data.pop(f) for f in TEXT_FIELDS if f in data}
        self._execute(
            "INSERT INTO entries (tenant, employee, seq, entry_id, type, day, recorded_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tenant,
                employee,
                seq,
                entry.entry_id,
                type(entry).__name__,
                entry.day.isoformat(),
                _utc(entry.recorded_at),
                _dumps(data),
            ),
        )
        for field, text in texts.items():
            if text:
                self._execute(
                    "INSERT INTO entry_texts (tenant, employee, entry_id, field, text) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (tenant, employee, entry.entry_id, field, text),
                )

    # -- writes -------------------------------------------------------------------------------

    def _locked_version(self, table: str, where: str, key: Sequence[Any]) -> int:
        """Create the row of ``key`` at version 0 if missing, lock it, and read its version."""
        columns = ", ".join(c.split(" = ")[0] for c in where.split(" AND "))
        marks = ", ".join("?" for _ in key)
        self._execute(
            f"INSERT INTO {table} ({columns}, version) VALUES ({marks}, 0) ON CONFLICT DO NOTHING",
            key,
        )
        row = self._execute(
            f"SELECT version FROM {table} WHERE {where}{self.lock_clause}", key
        ).fetchone()
        return int(row[0])

    def _append_in(self, tenant: str, change: LedgerAppend) -> Appended:
        employee = change.employee
        where = "tenant = ? AND employee = ?"
        version = self._locked_version("ledgers", where, (tenant, employee))
        ids = [e.entry_id for e in change.entries]
        if len(set(ids)) != len(ids):
            twice = next(e for e in change.entries if ids.count(e.entry_id) > 1)
            raise _reused(employee, twice, "appears twice in the batch")
        stored = [self._stored_entry(tenant, employee, e.entry_id) for e in change.entries]
        for old, new in zip(stored, change.entries, strict=True):
            if old is not None and not _same_entry(old, new):
                raise _reused(employee, new, "is already the id of a different entry")
        if change.entries and all(old is not None for old in stored):
            return Appended(
                employee=employee,
                version=version,
                entries=tuple(e for e in stored if e is not None),
                replayed=True,
            )
        if any(old is not None for old in stored):
            first = next(n for o, n in zip(stored, change.entries, strict=True) if o is not None)
            raise _reused(employee, first, "is stored, but not the rest of its batch")
        if change.expected_version is not None and change.expected_version != version:
            what = f"The ledger of {employee}"
            raise _stale(what, change.expected_version, version)
        for n, entry in enumerate(change.entries, start=1):
            self._insert_entry(tenant, employee, version + n, entry)
        new_version = version + len(change.entries)
        self._execute(
            "UPDATE ledgers SET version = ? WHERE tenant = ? AND employee = ?",
            (new_version, tenant, employee),
        )
        return Appended(
            employee=employee, version=new_version, entries=change.entries, replayed=False
        )

    def _team_days_in(self, tenant: str, team_days: Mapping[tuple[str, date], int]) -> None:
        for (team, day), expected in sorted(team_days.items()):
            key = (tenant, team, day.isoformat())
            version = self._locked_version("team_days", "tenant = ? AND team = ? AND day = ?", key)
            if version != expected:
                what = f"The team {team} on {day}"
                raise _stale(what, expected, version)
            self._execute(
                "UPDATE team_days SET version = ? WHERE tenant = ? AND team = ? AND day = ?",
                (version + 1, *key),
            )

    def _record_in(self, tenant: str, record: Record, expected_version: int) -> int:
        kind = KINDS[type(record)]
        row = self._execute(
            "SELECT version, data FROM records WHERE tenant = ? AND kind = ? AND record_id = ?"
            + self.lock_clause,
            (tenant, kind, record.id),
        ).fetchone()
        current = 0 if row is None else int(row[0])
        new_version = len(record.events)
        data = _dumps(to_data(record))
        if row is not None and current == new_version and row[1] == data:
            return current  # an idempotent retry
        if current != expected_version:
            what = f"The {kind} {record.id}"
            raise _stale(what, expected_version, current)
        if new_version < current:
            msg = f"The {kind} {record.id} has fewer audit events than stored ({current})."
            raise InvalidValue(msg, field="events", code="events_lost")
        if row is None:
            self._execute(
                "INSERT INTO records (tenant, kind, record_id, employee, state, version, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (tenant, kind, record.id, record.employee, record.state.value, new_version, data),
            )
        else:
            self._execute(
                "UPDATE records SET state = ?, version = ?, data = ? "
                "WHERE tenant = ? AND kind = ? AND record_id = ?",
                (record.state.value, new_version, data, tenant, kind, record.id),
            )
        for event in record.events[current:]:
            self._execute(
                "INSERT INTO record_events (tenant, kind, record_id, seq, at, actor, action, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    tenant,
                    kind,
                    record.id,
                    event.sequence,
                    _utc(event.at),
                    event.actor,
                    event.action,
                    _dumps(to_data(event)),
                ),
            )
        return new_version

    def commit(
        self,
        tenant: str,
        appends: Sequence[LedgerAppend],
        *,
        records: Sequence[tuple[Record, int]] = (),
        team_days: Mapping[tuple[str, date], int] | None = None,
    ) -> tuple[Appended, ...]:
        """Team-day checks, record saves and appends in one transaction (locks taken in that
        order, each kind sorted, so two writers never wait for each other in a cycle)."""
        with self._lock, self._transaction(write=True):
            self._team_days_in(tenant, team_days or {})
            for record, expected in sorted(records, key=lambda r: (KINDS[type(r[0])], r[0].id)):
                self._record_in(tenant, record, expected)
            done = {a.employee: self._append_in(tenant, a) for a in sorted(appends, key=_employee)}
        return tuple(done[a.employee] for a in appends)

    # -- reads --------------------------------------------------------------------------------

    def history(self, tenant: str, employee: str) -> tuple[Entry, ...]:
        """The employee's entries in the order appended."""
        with self._lock, self._transaction(write=False):
            rows = self._execute(
                "SELECT entry_id, data FROM entries WHERE tenant = ? AND employee = ? ORDER BY seq",
                (tenant, employee),
            ).fetchall()
            texts = self._texts(tenant, employee)
        return tuple(
            self._entry_from_row(data, texts.get(eid, {}), f"{employee}/{eid}")
            for eid, data in rows
        )

    def version(self, tenant: str, employee: str) -> int:
        """The employee's ledger version (0 when unknown)."""
        with self._lock, self._transaction(write=False):
            row = self._execute(
                "SELECT version FROM ledgers WHERE tenant = ? AND employee = ?", (tenant, employee)
            ).fetchone()
        return 0 if row is None else int(row[0])

    def employees(self, tenant: str) -> tuple[str, ...]:
        """The employees holding a ledger with entries, sorted."""
        with self._lock, self._transaction(write=False):
            rows = self._execute(
                "SELECT employee FROM ledgers WHERE tenant = ? AND version > 0 ORDER BY employee",
                (tenant,),
            ).fetchall()
        return tuple(r[0] for r in rows)

    def entries_between(self, tenant: str, start: date, end: date) -> tuple[tuple[str, Entry], ...]:
        """``(employee, entry)`` of the entries concerning a day from ``start`` to ``end``."""
        with self._lock, self._transaction(write=False):
            rows = self._execute(
                "SELECT e.employee, e.entry_id, e.data FROM entries e "
                "WHERE e.tenant = ? AND e.day >= ? AND e.day <= ? ORDER BY e.employee, e.seq",
                (tenant, start.isoformat(), end.isoformat()),
            ).fetchall()
            texts: dict[str, dict[str, dict[str, str]]] = {}
            for employee in {r[0] for r in rows}:
                texts[employee] = self._texts(tenant, employee)
        return tuple(
            (emp, self._entry_from_row(data, texts[emp].get(eid, {}), f"{emp}/{eid}"))
            for emp, eid, data in rows
        )

    def team_day_versions(self, tenant: str, team: str, days: Iterable[date]) -> dict[date, int]:
        """The version of each (team, day) (0 when never written)."""
        wanted = sorted(set(days))
        with self._lock, self._transaction(write=False):
            found = {
                date.fromisoformat(d): int(v)
                for d, v in self._execute(
                    "SELECT day, version FROM team_days WHERE tenant = ? AND team = ?",
                    (tenant, team),
                ).fetchall()
            }
        return {d: found.get(d, 0) for d in wanted}

    def record(self, tenant: str, kind: type[Record], record_id: str) -> Record:
        """The stored request or arrangement ``record_id``.

        Raises:
            InvalidValue: no such record (``unknown_record``).
        """
        name = KINDS[kind]
        with self._lock, self._transaction(write=False):
            row = self._execute(
                "SELECT data FROM records WHERE tenant = ? AND kind = ? AND record_id = ?",
                (tenant, name, record_id),
            ).fetchone()
        if row is None:
            msg = f"record_id: no {name} {record_id!r} is stored for {tenant}."
            raise InvalidValue(
                msg, field="record_id", code="unknown_record", params={"record_id": record_id}
            )
        data = parse_json(row[0], name)
        return cast(Record, from_data(data, kind, source=f"{name} {record_id}"))

    def records(
        self, tenant: str, kind: type[Record], *, employee: str | None = None
    ) -> tuple[Record, ...]:
        """Every stored record of ``kind`` (of one employee, or all), by id."""
        name = KINDS[kind]
        sql = "SELECT record_id, data FROM records WHERE tenant = ? AND kind = ?"
        params: list[Any] = [tenant, name]
        if employee is not None:
            sql += " AND employee = ?"
            params.append(employee)
        with self._lock, self._transaction(write=False):
            rows = self._execute(sql + " ORDER BY record_id", params).fetchall()
        return tuple(
            cast(Record, from_data(parse_json(data, name), kind, source=rid)) for rid, data in rows
        )

    def erase(self, tenant: str, employee: str, *, pseudonym: str | None = None) -> int:
        """Erase the free texts of the employee's entries (they read as ``(erased)``); with a
        ``pseudonym``, also move the employee's ledger and records under it (their id in
        entry ids, authors and audit events is replaced). Every entry and balance stays.
        Returns the number of texts erased.

        Raises:
            InvalidValue: the pseudonym already has a ledger or records (``pseudonym_taken``).
        """
        with self._lock, self._transaction(write=True):
            count = self._execute(
                "SELECT count(*) FROM entry_texts WHERE tenant = ? AND employee = ? AND text <> ?",
                (tenant, employee, ERASED),
            ).fetchone()[0]
            self._execute(
                "UPDATE entry_texts SET text = ? WHERE tenant = ? AND employee = ?",
                (ERASED, tenant, employee),
            )
            if pseudonym is not None and pseudonym != employee:
                self._pseudonymise(tenant, employee, pseudonym)
        return int(count)

    def _pseudonymise(self, tenant: str, employee: str, pseudonym: str) -> None:
        taken = (
            self._execute(
                "SELECT count(*) FROM ledgers WHERE tenant = ? AND employee = ?",
                (tenant, pseudonym),
            ).fetchone()[0]
            + self._execute(
                "SELECT count(*) FROM records WHERE tenant = ? AND employee = ?",
                (tenant, pseudonym),
            ).fetchone()[0]
        )
        if taken:
            msg = f"pseudonym: {pseudonym!r} already has a ledger or records; choose another."
            raise InvalidValue(msg, field="pseudonym", code="pseudonym_taken")

        def swap(value: Any) -> Any:
            if isinstance(value, str):
                if value == employee:
                    return pseudonym
                if value.startswith(employee + ":"):
                    return pseudonym + value[len(employee) :]
                return value
            if isinstance(value, list):
                return [swap(v) for v in value]
            if isinstance(value, dict):
                return {k: swap(v) for k, v in value.items()}
            return value

        key = (tenant, employee)
        for seq, entry_id, data in self._execute(
            "SELECT seq, entry_id, data FROM entries WHERE tenant = ? AND employee = ?", key
        ).fetchall():
            self._execute(
                "UPDATE entries SET employee = ?, entry_id = ?, data = ? "
                "WHERE tenant = ? AND employee = ? AND seq = ?",
                (pseudonym, swap(entry_id), _dumps(swap(json.loads(data))), *key, seq),
            )
        for entry_id, field in self._execute(
            "SELECT entry_id, field FROM entry_texts WHERE tenant = ? AND employee = ?", key
        ).fetchall():
            self._execute(
                "UPDATE entry_texts SET employee = ?, entry_id = ? "
                "WHERE tenant = ? AND employee = ? AND entry_id = ? AND field = ?",
                (pseudonym, swap(entry_id), *key, entry_id, field),
            )
        self._execute(
            "UPDATE ledgers SET employee = ? WHERE tenant = ? AND employee = ?", (pseudonym, *key)
        )
        for kind, record_id, data in self._execute(
            "SELECT kind, record_id, data FROM records WHERE tenant = ? AND employee = ?", key
        ).fetchall():
            self._execute(
                "UPDATE records SET employee = ?, data = ? "
                "WHERE tenant = ? AND kind = ? AND record_id = ?",
                (pseudonym, _dumps(swap(json.loads(data))), tenant, kind, record_id),
            )
            for seq, actor, event in self._execute(
                "SELECT seq, actor, data FROM record_events "
                "WHERE tenant = ? AND kind = ? AND record_id = ?",
                (tenant, kind, record_id),
            ).fetchall():
                self._execute(
                    "UPDATE record_events SET actor = ?, data = ? "
                    "WHERE tenant = ? AND kind = ? AND record_id = ? AND seq = ?",
                    (swap(actor), _dumps(swap(json.loads(event))), tenant, kind, record_id, seq),
                )


def _employee(change: LedgerAppend) -> str:
    return change.employee
