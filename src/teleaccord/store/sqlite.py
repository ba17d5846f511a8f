"""The embedded store: one SQLite file (the standard library's ``sqlite3``), no server.

The database runs in WAL mode (readers never wait for the writer) with ``synchronous=FULL``
(a commit is on disk before :meth:`~teleaccord.store.SQLiteStore.append` returns, so an
acknowledged append survives a crash of the process or of the machine). Each write is one
``BEGIN IMMEDIATE`` transaction: writers take the database's write lock when they begin, so
checking the version and writing are one step; several processes may share the file.

>>> from datetime import date, datetime, timezone
>>> from teleaccord import Booking
>>> from teleaccord.store import SQLiteStore
>>> store = SQLiteStore(":memory:")
>>> at = datetime(2024, 3, 1, 9, tzinfo=timezone.utc)
>>> booking = Booking(entry_id="b1", day=date(2024, 3, 5), recorded_at=at, by="E1")
>>> store.append("acme", "E1", [booking], expected_version=0).version
1
>>> store.append("acme", "E1", [booking], expected_version=0).replayed  # a retry
True
>>> store.history("acme", "E1") == (booking,)
True
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from teleaccord.errors import InvalidValue
from teleaccord.store.sql import SQLStore

__all__ = ["SQLiteStore"]

_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
# Python 3.10's exceptions carry no sqlite_errorname: the messages of those two errors.
_DAMAGED_TEXTS = ("file is not a database", "database disk image is malformed")


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", None)
    if name is not None:
        return name in _DAMAGED
    return any(text in str(exc) for text in _DAMAGED_TEXTS)


@contextmanager
def _readable(path: str) -> Iterator[None]:
    """A file that is not a SQLite database, or a damaged one, is a typed error (found by
    fuzzing ``teleaccord export``); locks, constraints and other database errors pass."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if not _damaged(exc):
            raise
        msg = f"{path}: not a SQLite store, or a damaged one ({exc})."
        raise InvalidValue(msg, field="store", code="unreadable_file") from None


class _Rows:
    """A statement's rows, fetched while a damaged file is still caught."""

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def fetchall(self) -> list[Any]:
        return self._rows

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None


class SQLiteStore(SQLStore):
    """Ledgers and workflow records in one SQLite file (``":memory:"`` for a store that lives
    as long as the object).

    Args:
        path: the database file (created when missing).
        migrate: bring the schema up to date when opening (default); ``False`` opens the
            database as it is (to migrate step by step with :meth:`migrate`).
        timeout: seconds a writer waits for another writer's lock before giving up.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, migrate: bool = True, timeout: float = 30.0
    ) -> None:
        super().__init__()
        self.path = str(path)
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=timeout
        )
        with _readable(self.path):
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            if migrate:
                try:
                    self.migrate()
                except sqlite3.OperationalError as exc:
                    if "already exists" not in str(exc):
                        raise
                    # Tables the recorded schema version says are not there: a damaged file.
                    msg = f"{self.path}: a damaged SQLite store, its schema version lost ({exc})."
                    raise InvalidValue(msg, field="store", code="unreadable_file") from None

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with _readable(self.path):
            return _Rows(self._conn.execute(sql, tuple(params)).fetchall())

    def _transaction(self, write: bool) -> AbstractContextManager[None]:
        return self._begin("BEGIN IMMEDIATE" if write else "BEGIN")

    @contextmanager
    def _begin(self, statement: str) -> Iterator[None]:
        with _readable(self.path):
            self._conn.execute(statement)
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        with _readable(self.path):
            self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
