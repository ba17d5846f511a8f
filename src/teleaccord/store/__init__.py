"""Durable ledgers: the :class:`LedgerStore` protocol, SQLite (embedded) and PostgreSQL.

The store is an edge, like :mod:`teleaccord.io`: the domain never imports it. It keeps each
employee's entries in the order appended, in the one wire shape
(:func:`teleaccord.io.json.to_data`), and the telework requests and arrangements with their
audit events; every row carries the employer (``tenant``). :func:`load_ledger` and
:func:`save_ledger` connect a :class:`~teleaccord.QuotaLedger` to it.

>>> from datetime import date, datetime, timezone
>>> from teleaccord import Agreement, Calendar, Contract
>>> from teleaccord.store import SQLiteStore, load_ledger, save_ledger
>>> store = SQLiteStore(":memory:")
>>> contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1))
>>> ledger = load_ledger(store, tenant="acme", agreement=Agreement(name="open"),
...                      contract=contract, calendar=Calendar())
>>> read = ledger.version
>>> _ = ledger.book(date(2024, 3, 5), at=datetime(2024, 3, 1, 9, tzinfo=timezone.utc), by="E1")
>>> save_ledger(store, ledger, tenant="acme", since=read).version
1
>>> store.employees("acme")
('E1',)
"""

from __future__ import annotations

from teleaccord.store.ledgers import load_ledger, open_store, pending, read_team_days, save_ledger
from teleaccord.store.postgres import PostgresStore
from teleaccord.store.protocol import Appended, LedgerAppend, LedgerStore, Record
from teleaccord.store.sql import SCHEMA_VERSION, SQLStore
from teleaccord.store.sqlite import SQLiteStore

__all__ = [
    "SCHEMA_VERSION",
    "Appended",
    "LedgerAppend",
    "LedgerStore",
    "PostgresStore",
    "Record",
    "SQLStore",
    "SQLiteStore",
    "load_ledger",
    "open_store",
    "pending",
    "read_team_days",
    "save_ledger",
]
