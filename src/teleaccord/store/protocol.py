"""What a ledger store is: the :class:`LedgerStore` protocol and the values it returns.

A store keeps, per employer (``tenant``) and employee, the ledger's entries in the order they
were appended (their number is the ledger's version), and the workflow records (telework
requests, arrangements) with their audit events. Entries and records are kept in the project's
one wire shape (:func:`teleaccord.io.json.to_data`).

Every write is one transaction: all of it happens, or nothing does. A write names the version
it read (``expected_version``); when the ledger or the record moved on since, it raises
:class:`~teleaccord.errors.StaleVersion` and changes nothing (optimistic concurrency). An
append whose entry ids are already stored with the same content is an idempotent retry: it
returns the entries stored the first time and changes nothing, whatever the version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Protocol, TypeAlias, runtime_checkable

import attrs

from teleaccord.approval import TeleworkRequest
from teleaccord.arrangement import Arrangement
from teleaccord.entries import Entry

__all__ = ["Appended", "LedgerAppend", "LedgerStore", "Record"]

Record: TypeAlias = TeleworkRequest | Arrangement
"""A workflow record a store keeps: a telework request or an individual arrangement."""


def _entries(value: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class LedgerAppend:
    """Entries to append to one employee's ledger, and the version the writer read.

    ``expected_version`` ``None`` appends whatever the version (no concurrency check).

    >>> from teleaccord.store import LedgerAppend
    >>> LedgerAppend(employee="E1", entries=[], expected_version=0).expected_version
    0
    """

    employee: str
    entries: tuple[Entry, ...] = attrs.field(converter=_entries)
    expected_version: int | None = None


@attrs.frozen(kw_only=True)
class Appended:
    """What one append did: the ledger's version after it, the entries as stored, and whether
    it was an idempotent retry (``replayed``: nothing was written, the first result returned).

    >>> from teleaccord.store import Appended
    >>> Appended(employee="E1", version=3, entries=(), replayed=False).version
    3
    """

    employee: str
    version: int
    entries: tuple[Entry, ...]
    replayed: bool


@runtime_checkable
class LedgerStore(Protocol):
    """Durable per-employee ledgers and workflow records, for one or several employers.

    :class:`~teleaccord.store.SQLiteStore` (embedded) and
    :class:`~teleaccord.store.PostgresStore` (a server) implement it, and pass the same
    contract tests. :meth:`append` and :meth:`save_record` are written once, here, over
    :meth:`commit`: an implementation that subclasses the protocol inherits them.
    """

    def append(
        self,
        tenant: str,
        employee: str,
        entries: Sequence[Entry],
        *,
        expected_version: int | None,
    ) -> Appended:
        """Append ``entries`` to the employee's ledger in one transaction.

        Raises:
            StaleVersion: the ledger is not at ``expected_version``; nothing was written.
            InvalidValue: an entry id is already stored with another content
                (``entry_id_reused``), or only some entries of the batch are (a batch is
                retried whole).

        An implementation that subclasses the protocol inherits this one: a :meth:`commit`
        of one :class:`LedgerAppend`.
        """
        change = LedgerAppend(employee=employee, entries=entries, expected_version=expected_version)
        return self.commit(tenant, [change])[0]

    def commit(
        self,
        tenant: str,
        appends: Sequence[LedgerAppend],
        *,
        records: Sequence[tuple[Record, int]] = (),
        team_days: Mapping[tuple[str, date], int] | None = None,
    ) -> tuple[Appended, ...]:
        """Several appends, record saves (each with the version read: its number of audit
        events) and team-day checks (the versions read by :meth:`team_day_versions`), in one
        transaction: every version is checked, then everything is written, or nothing."""
        ...

    def history(self, tenant: str, employee: str) -> tuple[Entry, ...]:
        """The employee's entries in the order appended (empty for an unknown employee)."""
        ...

    def version(self, tenant: str, employee: str) -> int:
        """The employee's ledger version (its number of entries; 0 when unknown)."""
        ...

    def employees(self, tenant: str) -> tuple[str, ...]:
        """The employees holding a ledger, sorted."""
        ...

    def entries_between(self, tenant: str, start: date, end: date) -> tuple[tuple[str, Entry], ...]:
        """``(employee, entry)`` of every entry concerning a day from ``start`` to ``end``
        (both included), by employee then order appended."""
        ...

    def team_day_versions(self, tenant: str, team: str, days: Iterable[date]) -> dict[date, int]:
        """The version of each (team, day): what an approval that checks coverage reads before
        deciding and passes to :meth:`commit` (``team_days``), so two approvals touching the
        same team and day cannot both pass on the same picture."""
        ...

    def save_record(
        self,
        tenant: str,
        record: Record,
        *,
        expected_version: int,
        appends: Sequence[LedgerAppend] = (),
        team_days: Mapping[tuple[str, date], int] | None = None,
    ) -> int:
        """Save a request or an arrangement (its version is its number of audit events;
        ``expected_version`` is the number stored when it was read, 0 for a new one), with the
        ledger appends its move made, in one transaction. Returns the new version.

        An implementation that subclasses the protocol inherits this one: a :meth:`commit`
        of the record with its appends."""
        self.commit(tenant, appends, records=[(record, expected_version)], team_days=team_days)
        return len(record.events)

    def record(self, tenant: str, kind: type[Record], record_id: str) -> Record:
        """The stored request or arrangement ``record_id``.

        Raises:
            InvalidValue: no such record (``unknown_record``).
        """
        ...

    def records(
        self, tenant: str, kind: type[Record], *, employee: str | None = None
    ) -> tuple[Record, ...]:
        """Every stored request (or arrangement) of ``kind``, of one employee or all, by id."""
        ...

    def erase(self, tenant: str, employee: str, *, pseudonym: str | None = None) -> int:
        """Erase the free texts (notes, reasons) of the employee's entries and, with a
        ``pseudonym``, move their ledger and records under it; the entries and every balance
        stay. Returns the number of texts erased."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...
