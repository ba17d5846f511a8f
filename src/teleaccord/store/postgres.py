"""The server store: PostgreSQL through psycopg 3 (the ``postgres`` extra).

The statements are :class:`~teleaccord.store.sql.SQLStore`'s, the same as SQLite's. A write
is one transaction at PostgreSQL's default isolation (read committed) that locks the rows it
will change with ``SELECT ... FOR UPDATE`` before checking their versions — the ledger of each
employee, each (team, day), each record — in a fixed order, so two writers of the same ledger
take turns and neither waits for the other in a cycle. Migrations take a transaction-level
advisory lock, so two processes opening a new database at once apply each script once.

``schema`` puts the tables in a PostgreSQL schema of their own (created when missing), so
several stores — or test runs — share one database.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from teleaccord.extras import import_extra
from teleaccord.store.sql import SQLStore

__all__ = ["PostgresStore"]

_MIGRATION_LOCK = 0x7E1EAC  # the advisory lock key of teleaccord's migrations


def _psycopg() -> Any:
    msg = (
        "The PostgreSQL store needs the optional package 'psycopg' (version 3); install it "
        "with pip install 'teleaccord[postgres]'."
    )
    return import_extra("psycopg", msg, field="psycopg")


class PostgresStore(SQLStore):
    """Ledgers and workflow records in a PostgreSQL database.

    Args:
        dsn: a libpq connection string or URL (``"postgresql:///teleaccord?host=/run/pg"``).
        schema: a PostgreSQL schema for the tables (created when missing); ``None``: the
            connection's search path.
        migrate: bring the schema up to date when opening (default).
    """

    lock_clause = " FOR UPDATE"

    def __init__(self, dsn: str, *, schema: str | None = None, migrate: bool = True) -> None:
        super().__init__()
        psycopg = _psycopg()
        self.dsn = dsn
        self.schema = schema
        self._conn = psycopg.connect(dsn, autocommit=True)
        if schema is not None:
            name = psycopg.sql.Identifier(schema)
            self._conn.execute(psycopg.sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(name))
            self._conn.execute(psycopg.sql.SQL("SET search_path TO {}").format(name))
        if migrate:
            self.migrate()

    def __repr__(self) -> str:
        return f"PostgresStore(schema={self.schema!r})"

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(sql.replace("?", "%s"), tuple(params))

    def _transaction(self, write: bool) -> AbstractContextManager[None]:
        return self._begin()

    @contextmanager
    def _begin(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def _lock_schema(self) -> None:
        self._execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))

    def _has_schema_table(self) -> bool:
        # A failed SELECT would abort PostgreSQL's transaction: ask the catalogue first.
        return self._execute("SELECT to_regclass('schema_version')").fetchone()[0] is not None

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
