"""A :class:`~teleaccord.QuotaLedger` over a store: load it, work in memory, append what is new.

The ledger stays the one place the rules are checked; the store makes the result durable and
makes concurrent writers take turns. The pattern is *read, decide, append with the version
read*:

1. :func:`load_ledger` replays the employee's stored entries into a new ledger; note its
   ``version``;
2. book, cancel, grant... on the ledger (each operation checks every rule);
3. :func:`save_ledger` appends the new entries with ``expected_version`` = the version read.
   When someone else appended meanwhile, it raises
   :class:`~teleaccord.errors.StaleVersion` and writes nothing: load again and decide again.

For a workflow move (a request approved books days), :func:`pending` gives each ledger's new
entries as a :class:`~teleaccord.store.LedgerAppend`, and
:meth:`~teleaccord.store.LedgerStore.save_record` writes the record and the bookings in one
transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

from teleaccord.agreement import Agreement
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.coverage import TeamCoverage
from teleaccord.ledger import QuotaLedger
from teleaccord.rules import Rule
from teleaccord.store.protocol import Appended, LedgerAppend, LedgerStore
from teleaccord.store.sql import SQLStore
from teleaccord.versions import AgreementHistory

__all__ = ["load_ledger", "open_store", "pending", "read_team_days", "save_ledger"]


def open_store(target: str | os.PathLike[str]) -> SQLStore:
    """The store at ``target``: a PostgreSQL URL (``postgresql://...``, ``postgres://...``)
    opens a :class:`~teleaccord.store.PostgresStore`, anything else is a SQLite file.

    >>> from teleaccord.store import open_store
    >>> open_store(":memory:")
    SQLiteStore(':memory:')
    """
    text = os.fspath(target)
    if text.startswith(("postgresql://", "postgres://")):
        from teleaccord.store.postgres import PostgresStore

        return PostgresStore(text)
    from teleaccord.store.sqlite import SQLiteStore

    return SQLiteStore(text)


def load_ledger(
    store: LedgerStore,
    *,
    tenant: str,
    agreement: Agreement | AgreementHistory,
    contract: Contract,
    calendar: Calendar,
    statuses: Iterable[str] = (),
    rules: Iterable[Rule] | None = None,
) -> QuotaLedger:
    """The contract's employee's ledger, its stored entries replayed in order (its
    ``version`` is the stored version).

    Raises:
        InvalidValue: the stored entries are not consistent (``inconsistent_entries``).
    """
    return QuotaLedger(
        agreement=agreement,
        contract=contract,
        calendar=calendar,
        statuses=statuses,
        rules=rules,
        entries=store.history(tenant, contract.employee),
    )


def pending(ledger: QuotaLedger, since: int) -> LedgerAppend:
    """The entries ``ledger`` gained after version ``since``, to append with that expected
    version.

    >>> from datetime import date
    >>> from teleaccord import Agreement, Calendar, Contract, QuotaLedger
    >>> from teleaccord.store import pending
    >>> ledger = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
    ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)))
    >>> pending(ledger, 0)
    LedgerAppend(employee='E1', entries=(), expected_version=0)
    """
    return LedgerAppend(
        employee=ledger.employee, entries=ledger.entries[since:], expected_version=since
    )


def save_ledger(store: LedgerStore, ledger: QuotaLedger, *, tenant: str, since: int) -> Appended:
    """Append the entries ``ledger`` gained since it was loaded at version ``since``.

    Raises:
        StaleVersion: the stored ledger moved on since ``since``; nothing was written.
    """
    change = pending(ledger, since)
    return store.append(
        tenant, change.employee, change.entries, expected_version=change.expected_version
    )


def read_team_days(
    store: LedgerStore,
    *,
    tenant: str,
    coverage: Iterable[TeamCoverage],
    employee: str,
    days: Iterable[date],
) -> dict[tuple[str, date], int]:
    """The (team, day) versions an approval of ``employee``'s ``days`` must read *before*
    loading the team's ledgers, and pass to :meth:`~teleaccord.store.LedgerStore.save_record`
    (``team_days``): one per day and per team the employee belongs to. Two approvals that
    decided on the same picture of a team and day cannot both be saved: the second raises
    :class:`~teleaccord.errors.StaleVersion`, and deciding again sees the first one's bookings.

    >>> from datetime import date
    >>> from teleaccord.store import SQLiteStore, read_team_days
    >>> read_team_days(SQLiteStore(":memory:"), tenant="acme", coverage=[], employee="ana",
    ...                days=[date(2025, 6, 2)])
    {}
    """
    wanted = list(days)
    found: dict[tuple[str, date], int] = {}
    for team in coverage:
        if team.member(employee) is None:
            continue
        for day, version in store.team_day_versions(tenant, team.team, wanted).items():
            found[(team.team, day)] = version
    return found
