"""The quota ledger: one employee's telework days, as an append-only sequence of entries.

A :class:`QuotaLedger` holds immutable entries (:mod:`teleaccord.entries`: :class:`Grant`,
:class:`Regrant`, :class:`Booking`, :class:`Cancellation`, :class:`Adjustment`,
:class:`CarryOverIn` and :class:`Expiry`) and a version (the number of entries appended). No
entry is ever changed or removed: a correction is a new entry. Balances are derived from the
entries and the agreement when they are read, by the one balance fold
(:mod:`teleaccord.fold`), never stored beside them. What replaying the entries rebuilds (the
entries, their lookups, the running sums, the rules' answers) is the ledger's
:class:`~teleaccord.ledgerindex.LedgerIndex`; the ledger checks each operation and commits
its entries there:

- a :class:`Balance` of one reference period counts its entries by the date they concern
  (``as_of``), optionally only those recorded by a moment (``known_at``);
- carry-over and expiry are **computed on read** from the balances of earlier periods and the
  agreement's :class:`~teleaccord.agreement.CarryOver` rule. :meth:`QuotaLedger.rollover`
  only *records* the figures, under ids derived from the employee and the period, so a balance
  is the same whether the rollover ran once, twice, late or never. Carried days are used first,
  so the days that expire are the oldest;
- every operation that may be refused checks first and appends last: a refused operation
  raises one error and leaves the entries, the version and every balance exactly as they were.

Entry ids make appends idempotent (the same id with the same content returns the entry already
there), and ``expected_version`` (optimistic concurrency) makes a stale writer fail with
:class:`~teleaccord.errors.StaleVersion` instead of overwriting. A ledger is written to and read
back from JSON Lines (:mod:`teleaccord.io.jsonl`, or the shims :meth:`QuotaLedger.to_jsonl`
and :meth:`QuotaLedger.from_jsonl`); replaying the entries reproduces every balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.absence import Absence, absent_masks
from teleaccord.agreement import DEFAULT_POOL, Agreement
from teleaccord.amounts import format_amount
from teleaccord.bookings import (
    absence_cancellations,
    active_bookings,
    taken_by_kind,
    telework_days,
)
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, parse_date
from teleaccord.entitlements import Entitlement
from teleaccord.entries import AbsenceRecord as AbsenceRecord
from teleaccord.entries import Adjustment as Adjustment
from teleaccord.entries import (
    AuthorisedException,
    Forfeiture,
    aware_datetime,
    new_booking,
    optional_half,
)
from teleaccord.entries import Booking as Booking
from teleaccord.entries import Cancellation as Cancellation
from teleaccord.entries import CarryOverIn as CarryOverIn
from teleaccord.entries import Entry as Entry
from teleaccord.entries import Expiry as Expiry
from teleaccord.entries import Grant as Grant
from teleaccord.entries import Regrant as Regrant
from teleaccord.errors import InvalidValue, OperationRefused, Violation
from teleaccord.fold import (
    Balance,
    Statement,
    StatementLine,
    period_containing,
    statement,
)
from teleaccord.grants import grant_entry, granted_pools, reduced_entitlement, regrant_entry
from teleaccord.ledgerindex import LedgerIndex
from teleaccord.overrides import IndividualTerms
from teleaccord.pattern import HalfDay
from teleaccord.rollover import rollover_records
from teleaccord.rules import (
    BOOKING_RULES,
    Rule,
)
from teleaccord.versions import AgreementHistory, agreement_in_force

# The entry classes were released from this module before teleaccord.entries existed; they
# are imported above in the explicit re-export form (``Booking as Booking``).
__all__ = [
    "AbsenceRecord",
    "Adjustment",
    "Balance",
    "Booking",
    "Cancellation",
    "CarryOverIn",
    "DaysTaken",
    "Entry",
    "Expiry",
    "Grant",
    "QuotaLedger",
    "Regrant",
    "Statement",
    "StatementLine",
    "days_taken",
]

_ONE_DAY = timedelta(days=1)
_ZERO = Fraction(0)


@attrs.frozen(kw_only=True)
class DaysTaken:
    """Telework actually taken in one window (a month, an ISO week or a year): the amount of
    days (half-days count 1/2) and the number of distinct days with some telework.

    >>> from fractions import Fraction
    >>> from teleaccord import DaysTaken, month_range
    >>> DaysTaken(employee="E1", label="2024-03", window=month_range(2024, 3),
    ...           amount=Fraction(9, 2), days=5).amount
    Fraction(9, 2)
    """

    employee: str
    label: str
    window: DateRange
    amount: Fraction
    days: int


def __getattr__(name: str) -> Any:
    """``entry_to_dict`` and ``entry_from_dict`` moved to :mod:`teleaccord.io.jsonl`; they
    still import from here (lazily: the domain does not import ``io`` when it loads)."""
    if name in ("entry_to_dict", "entry_from_dict"):
        from teleaccord.io import jsonl

        return getattr(jsonl, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def _reference_period(agreement: Agreement | AgreementHistory, period: DateRange) -> DateRange:
    """``period`` if it is a reference period of ``agreement``, else raise InvalidValue."""
    found = period_containing(agreement, period.start) if isinstance(period, DateRange) else None
    if found is None or found != period:
        hint = f" (the one starting then is {found})" if found else ""
        msg = (
            f"period: {period} is not a reference period of the agreement {agreement.name!r}"
            f"{hint}; use ledger.period_of(day)."
        )
        raise InvalidValue(msg, field="period", code="not_a_reference_period")
    return period


class QuotaLedger:
    """One employee's telework days: an append-only sequence of entries with a version.

    Args:
        agreement: the telework agreement (its reference period, quotas, carry-over rule), or
            an :class:`~teleaccord.versions.AgreementHistory` (each day under the version in
            force that day).
        contract: the employee's contract; :attr:`employee` is its employee id.
        calendar: holidays and closures.
        statuses: the employee's statuses (``"carer"``...) for extra days.
        rules: the booking rules :meth:`check` and :meth:`book` apply (default
            :data:`~teleaccord.rules.BOOKING_RULES`); pass ``(*BOOKING_RULES, my_rule)`` to add
            one, such as a cross-border threshold.
        terms: the employee's :class:`~teleaccord.overrides.IndividualTerms`, applied to the
            grants (a personal cap, a medical recommendation); for an individual weekly rhythm,
            give ``agreement=apply_terms(agreement, terms)``.
        entries: entries to start from (as read back from storage); they are checked for
            consistency (unique ids, cancellations of known bookings, no day booked twice)
            but not against the booking rules, which may have changed since they were made.

    Raises:
        InvalidValue: when ``entries`` are not consistent.

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import Agreement, Calendar, Contract, Quota, QuotaLedger, year_range
    >>> at = datetime(2024, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
    >>> agreement = Agreement(name="10 days", quotas=[Quota(window="period", maximum=10)])
    >>> contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    >>> ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    >>> ledger.grant(year_range(2024), at=at, by="hr").amount
    Fraction(10, 1)
    >>> booking = ledger.book(date(2024, 3, 5), at=at, by="E1")
    >>> [v.code for v in ledger.check(date(2024, 5, 1))]
    ['holiday']
    >>> ledger.balance(year_range(2024)).remaining, ledger.version
    (Fraction(9, 1), 2)
    """

    def __init__(
        self,
        *,
        agreement: Agreement | AgreementHistory,
        contract: Contract,
        calendar: Calendar,
        statuses: Iterable[str] = (),
        entries: Iterable[Entry] = (),
        rules: Iterable[Rule] | None = None,
        terms: IndividualTerms | None = None,
    ) -> None:
        self._terms = terms
        self._agreement = agreement
        self._index = LedgerIndex(
            agreement=agreement,
            contract=contract,
            calendar=calendar,
            statuses=tuple(statuses),
            rules=BOOKING_RULES if rules is None else tuple(rules),
        )
        self._index.replay_all(entries, stop=True)

    # -- what it is -------------------------------------------------------------------------

    @property
    def employee(self) -> str:
        """The employee whose ledger this is (the contract's employee id)."""
        return self._index.contract.employee

    @property
    def agreement(self) -> Agreement:
        """The agreement the ledger applies (under an
        :class:`~teleaccord.versions.AgreementHistory`, its last version)."""
        if isinstance(self._agreement, AgreementHistory):
            return self._agreement.versions[-1].agreement
        return self._agreement

    @property
    def history(self) -> AgreementHistory | None:
        """The agreement history the ledger applies (``None``: one agreement). Each day is
        governed by the version in force that day (:meth:`agreement_on`)."""
        return self._agreement if isinstance(self._agreement, AgreementHistory) else None

    def agreement_on(self, day: date) -> Agreement:
        """The agreement (version) governing ``day``."""
        return agreement_in_force(self._agreement, day)

    def copy(self) -> QuotaLedger:
        """An independent ledger with the same terms (agreement or history, contract,
        calendar, statuses, booking rules, individual terms) and the same entries: a what-if
        copy, which the planner books trial days on. Entries are immutable values, shared.

        >>> from datetime import date, datetime, timezone
        >>> from teleaccord import Agreement, AgreementHistory, Calendar, Contract, QuotaLedger
        >>> contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
        >>> history = AgreementHistory.single(Agreement(name="x"))
        >>> ledger = QuotaLedger(agreement=history, contract=contract, calendar=Calendar())
        >>> trial = ledger.copy()
        >>> _ = trial.book(date(2024, 3, 5), at=datetime(2024, 1, 2, tzinfo=timezone.utc), by="E1")
        >>> trial.version, ledger.version, trial.history is history
        (1, 0, True)
        """
        return QuotaLedger(
            agreement=self._agreement,
            contract=self._index.contract,
            calendar=self._index.calendar,
            statuses=self._index.statuses,
            entries=self.entries,
            rules=self._index.rules,
            terms=self._terms,
        )

    @property
    def pool_names(self) -> tuple[str, ...]:
        """``default`` and the pools of the agreement (under a history, of every version)."""
        return self._agreement.pool_names

    def pool_terms(self, pool: str) -> Agreement | AgreementHistory:
        """The terms of ``pool`` (:func:`~teleaccord.versions.pool_terms`): under a history,
        each version's quotas of that pool on the version's own days.

        Raises:
            InvalidValue: no version has this pool (code ``unknown_pool``).
        """
        return self._index.pool_terms(pool)

    @property
    def contract(self) -> Contract:
        """The employee's contract (replaced by :meth:`regrant` after a late amendment)."""
        return self._index.contract

    @property
    def calendar(self) -> Calendar:
        """The calendar of holidays and closures."""
        return self._index.calendar

    @property
    def statuses(self) -> tuple[str, ...]:
        """The employee's statuses (for extra days)."""
        return self._index.statuses

    @property
    def booking_rules(self) -> tuple[Rule, ...]:
        """The booking rules :meth:`check` and :meth:`book` apply."""
        return self._index.rules

    @property
    def version(self) -> int:
        """The number of entries appended so far."""
        return len(self._index.entries)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in the order appended."""
        return tuple(self._index.entries)

    def __repr__(self) -> str:
        return f"QuotaLedger(employee={self.employee!r}, version={self.version})"

    def entry(self, entry_id: str) -> Entry:
        """The entry with this id.

        Raises:
            InvalidValue: no entry has this id.
        """
        try:
            return self._index.by_id[entry_id]
        except KeyError:
            msg = f"The ledger of {self.employee} has no entry {entry_id!r}."
            raise InvalidValue(msg, field="entry_id", code="unknown_entry") from None

    def period_of(self, day: date) -> DateRange:
        """The reference period of the agreement that contains ``day``.

        >>> from datetime import date
        >>> from teleaccord import Agreement, Calendar, Contract, QuotaLedger
        >>> ledger = QuotaLedger(agreement=Agreement(name="x"),
        ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)),
        ...                      calendar=Calendar())
        >>> str(ledger.period_of(date(2024, 5, 2)))
        '2024-01-01..2024-12-31'
        """
        return period_containing(self._agreement, day)

    def periods(self) -> tuple[DateRange, ...]:
        """The reference periods holding at least one entry, in order."""
        return self._index.periods()

    # -- appending ---------------------------------------------------------------------------

    def replay(self, entry: Entry) -> Entry:
        """Append an entry read back from storage (a file, a database), in order.

        The entry is checked for consistency with the entries already there (unique ids,
        cancellations of known bookings, no day booked twice, reference periods) but not
        against the booking rules, which may have changed since it was made. This is what
        the constructor's ``entries`` and :func:`teleaccord.io.jsonl.ledger_from_jsonl` do.

        Raises:
            InvalidValue: the entry cannot follow the entries already there (code
                ``inconsistent_entries``); nothing was changed.

        >>> from datetime import date, datetime
        >>> from zoneinfo import ZoneInfo
        >>> from teleaccord import Agreement, Booking, Calendar, Contract, QuotaLedger
        >>> ledger = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
        ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)))
        >>> at = datetime(2024, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
        >>> b = ledger.replay(Booking(entry_id="b1", day=date(2024, 5, 1), recorded_at=at, by="E1"))
        >>> ledger.replay(b)
        Traceback (most recent call last):
        ...
        teleaccord.errors.InvalidValue: the entry id 'b1' is used twice.
        """
        return self._index.replay(entry)

    def replay_many(self, entries: Iterable[Entry]) -> list[tuple[int, InvalidValue]]:
        """Append entries read back from storage, in order, as :meth:`replay` one after the
        other would, skipping those it refuses; return the refusals, each as (position in
        ``entries``, the error :meth:`replay` raises for it).

        Every entry is checked against the entries appended before it, with the same checks
        and messages as :meth:`replay`, so a refusal comes at the same entry. What differs
        is the cost: the regular bookings and cancellations (nearly all of a stored ledger)
        are counted into the per-period sums once at the end
        (:func:`~teleaccord.fold.add_entries`, in whole half-days) and the ledger's caches
        are cleared once, instead of per entry. This is what
        :func:`teleaccord.io.jsonl.ledger_from_jsonl` and the constructor's ``entries`` do.

        >>> from datetime import date, datetime
        >>> from zoneinfo import ZoneInfo
        >>> from teleaccord import Agreement, Booking, Calendar, Contract, QuotaLedger
        >>> ledger = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
        ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)))
        >>> at = datetime(2024, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
        >>> b = Booking(entry_id="b1", day=date(2024, 5, 2), recorded_at=at, by="E1")
        >>> [(n, error.code) for n, error in ledger.replay_many([b, b])]
        [(1, 'inconsistent_entries')]
        >>> ledger.version
        1
        """
        return self._index.replay_all(entries, stop=False)

    # -- grants ------------------------------------------------------------------------------

    def grant(
        self,
        period: DateRange,
        *,
        at: datetime,
        by: str,
        entry_id: str | None = None,
        expected_version: int | None = None,
    ) -> Grant:
        """Grant the period's entitlement (:func:`~teleaccord.grants.reduced_entitlement`).

        The default id is derived from the employee and the period
        (:func:`~teleaccord.grants.grant_entry`), so granting twice is a no-op returning the
        grant already there. A period is granted once; a later change of its figure is a
        :meth:`regrant`. Each pool with a maximum per period
        (:func:`~teleaccord.grants.granted_pools`) is granted too; the grant returned is the
        top-level quotas' (pool ``default``).

        Raises:
            InvalidValue: ``period`` is not a reference period, ``at`` is naive, or the id is
                taken by a different entry.
            OperationRefused: the period is already granted with another figure or id
                (code ``already_granted``).
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        period = _reference_period(self._agreement, period)
        granted = self._grant_pool(period, DEFAULT_POOL, at, by, entry_id, expected_version)
        for name in granted_pools(self._agreement, period):
            self._grant_pool(period, name, at, by, None, None)
        return granted

    def _entitlement(self, pool: str, contract: Contract, period: DateRange) -> Entitlement:
        """:func:`~teleaccord.grants.reduced_entitlement` of ``pool`` for this employee."""
        default = pool == DEFAULT_POOL
        return reduced_entitlement(
            self._agreement if default else self.pool_terms(pool),
            contract,
            period,
            self._index.calendar,
            last=self.agreement_on(period.end),
            statuses=self._index.statuses,
            terms=self._terms if default else None,
            absences=self._index.absences,
        )

    def _grant_pool(
        self,
        period: DateRange,
        pool: str,
        at: datetime,
        by: str,
        entry_id: str | None,
        expected_version: int | None,
    ) -> Grant:
        """Grant one pool's entitlement for ``period`` (see :meth:`grant`)."""
        figure = self._entitlement(pool, self._index.contract, period)
        label = self._agreement.reference.label(period)
        grant = grant_entry(
            self.employee, label, period, figure, at=at, by=by, pool=pool, entry_id=entry_id
        )
        existing = self._index.existing(grant)
        if existing is not None:
            return existing
        for previous in self._index.grants.get(period, ()):
            if isinstance(previous, Grant) and previous.pool == pool:
                raise OperationRefused.from_violations([_already_granted(self.employee, previous)])
        return self._index.commit(grant, expected_version)

    def regrant(
        self,
        period: DateRange,
        *,
        at: datetime,
        by: str,
        contract: Contract | None = None,
        entry_id: str | None = None,
        expected_version: int | None = None,
    ) -> Regrant | None:
        """Record a change of the period's entitlement after a late contract amendment.

        ``contract`` (the amended contract, same employee) replaces the ledger's contract.
        The entitlement is computed again; if it differs from what is granted so far, a
        :class:`Regrant` records the difference (:func:`~teleaccord.grants.regrant_entry`).
        Returns ``None`` when nothing changed. A regrant records a fact, so it is never
        refused for the balance (which may go below zero).

        Raises:
            InvalidValue: the period has no grant yet, the contract is another employee's,
                ``at`` is naive, or the id is taken.
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        period = _reference_period(self._agreement, period)
        at = aware_datetime(at, "at")
        new_contract = contract or self._index.contract
        if new_contract.employee != self.employee:
            msg = (
                f"contract: the contract is {new_contract.employee}'s, but this is the ledger of "
                f"{self.employee}."
            )
            raise InvalidValue(msg, field="contract", code="wrong_employee")
        grants = [g for g in self._index.grants.get(period, []) if g.pool == DEFAULT_POOL]
        if not grants:
            msg = f"period: {period} has no grant yet in the ledger of {self.employee}; grant it first."
            raise InvalidValue(msg, field="period", code="not_granted")
        figure = self._entitlement(DEFAULT_POOL, new_contract, period)
        earlier = self._index.by_id.get(entry_id) if entry_id is not None else None
        label = self._agreement.reference.label(period)
        regrant = (
            earlier  # an idempotent retry
            if isinstance(earlier, Regrant)
            and earlier.period == period
            and earlier.current == figure.rounded
            else regrant_entry(
                self.employee, label, period, grants, figure, at=at, by=by, entry_id=entry_id
            )
        )
        if regrant is not None and regrant is not earlier:
            regrant = self._index.existing(regrant) or self._index.commit(regrant, expected_version)
        self._index.set_contract(new_contract)
        return regrant

    # -- bookings ----------------------------------------------------------------------------

    def check(
        self,
        day: date,
        *,
        half: HalfDay | str | None = None,
        at: datetime | None = None,
        ignore: Iterable[str] = (),
        telework_kind: str = "regular",
    ) -> tuple[Violation, ...]:
        """Every rule a booking of ``day`` (``half``: a morning or an afternoon) would break,
        as :class:`~teleaccord.errors.Violation` values; changes nothing.

        Args:
            day: the day to book.
            half: ``"am"``/``"pm"`` for a half-day, ``None`` for the whole day.
            at: when the booking would be made (checks the notice; ``None`` skips it).
            ignore: violation codes not to report (an HR correction may ignore
                ``notice_too_short``); the ledger's own invariants (``already_booked``,
                ``half_day_clash``, ``period_quota_exceeded``, ``granularity``,
                ``outside_contract``, ``absent``) cannot be ignored.
            telework_kind: the kind of telework (``regular``, ``occasional``, ``imposed``,
                ``medical`` or a kind the agreement names): the pool it consumes.

        Raises:
            InvalidValue: an unknown kind of telework (``unknown_telework_kind``).

        The rules are :attr:`booking_rules` (by default
        :data:`teleaccord.rules.BOOKING_RULES`).
        """
        half_day = None if half is None else optional_half(half)
        if at is not None:
            aware_datetime(at, "at")
        if type(day) is not date:  # a date is what parse_date gives back
            day = parse_date(day, field="day")
        return self._violations(day, half_day, at, telework_kind, ignore)

    def _violations(
        self,
        day: date,
        half: HalfDay | None,
        at: datetime | None,
        telework_kind: str,
        ignore: Iterable[str],
        candidate: Booking | None = None,
    ) -> tuple[Violation, ...]:
        """What :meth:`check` reports and :meth:`book` refuses (``candidate``: the booking,
        when it is made already): the violations of the booking rules, but those ignored.

        Raises:
            InvalidValue: an unknown kind of telework, or a code that cannot be ignored.
        """
        skipped = _NOTHING_SKIPPED if ignore == () else _ignorable(ignore)
        if telework_kind != "regular":  # regular is always known
            # An unknown kind (for the version in force that day) is an error, not a violation.
            self.agreement_on(day).pool_of(telework_kind)
        found = self._index.violations(day, half, at, telework_kind, candidate)
        if not skipped:
            return found
        return tuple(v for v in found if v.code not in skipped)

    def book(
        self,
        day: date,
        *,
        half: HalfDay | str | None = None,
        at: datetime,
        by: str,
        entry_id: str | None = None,
        expected_version: int | None = None,
        note: str = "",
        ignore: Iterable[str] = (),
        telework_kind: str = "regular",
        exception: AuthorisedException | None = None,
    ) -> Booking:
        """Book ``day`` (or its morning or afternoon) for telework, of ``telework_kind``
        (``regular`` by default; ``occasional``, ``imposed``, ``medical`` or a kind the
        agreement names): the pool it consumes. Imposed and medical days consume no pool.

        With ``exception`` (an :class:`~teleaccord.entries.AuthorisedException`: who allowed
        it and why), the maxima it names are not refused: the booking is recorded as an
        authorised exception, and may take its pool below zero. Every other rule still holds.

        With an ``entry_id`` already used for the same booking, returns that booking (an
        idempotent retry, checked before the version). Otherwise checks every rule and either
        appends the booking or raises one error carrying every violation.

        Raises:
            OperationRefused: carrying every :class:`~teleaccord.errors.Violation`; nothing
                was changed.
            StaleVersion: ``expected_version`` is not the ledger's version.
            InvalidValue: ``at`` is naive, or the id is taken by a different entry.
        """
        half_day = None if half is None else optional_half(half)
        booking = new_booking(  # Booking(...), values already in shape set as they are
            entry_id or self._index.new_id("booking"),
            day,
            half_day,
            aware_datetime(at, "at"),
            by,
            note,
            telework_kind,
            exception,
        )
        existing = self._index.retried(booking, expected_version)
        if existing is not None:
            return existing
        # What check() does, with the booking itself as the candidate (built once).
        found = self._violations(booking.day, half_day, at, booking.telework_kind, ignore, booking)
        if exception is not None:
            found = tuple(v for v in found if v.code not in exception.codes)
        return self._index.commit(booking, expected_version, refusals=found)

    def cancel(
        self,
        booking_id: str,
        *,
        at: datetime,
        by: str,
        reason: str = "",
        entry_id: str | None = None,
        expected_version: int | None = None,
    ) -> Cancellation:
        """Cancel an active booking; the day becomes free and its amount returns to the
        balance of its period.

        Raises:
            InvalidValue: no booking has this id, ``at`` is naive, or the id is taken.
            OperationRefused: the booking is already cancelled (code ``already_cancelled``).
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        booking = self._index.bookings.get(booking_id)
        if booking is None:
            msg = f"booking_id: the ledger of {self.employee} has no booking {booking_id!r}."
            raise InvalidValue(msg, field="booking_id", code="unknown_booking")
        cancellation = Cancellation(
            entry_id=entry_id or self._index.new_id("cancellation"),
            booking_id=booking_id,
            day=booking.day,
            amount=booking.amount,
            recorded_at=aware_datetime(at, "at"),
            by=by,
            reason=reason,
            telework_kind=booking.telework_kind,
        )
        existing = self._index.existing(cancellation)
        if existing is not None:
            return existing
        earlier = self._index.cancellation_of.get(booking_id)
        if earlier is not None:
            raise OperationRefused.from_violations([_already_cancelled(booking, earlier)])
        return self._index.commit(cancellation, expected_version)

    def adjust(
        self,
        period: DateRange,
        amount: Fraction | int | str,
        *,
        reason: str,
        at: datetime,
        by: str,
        entry_id: str | None = None,
        expected_version: int | None = None,
        pool: str = DEFAULT_POOL,
    ) -> Adjustment:
        """Correct a period's balance by ``amount`` days (positive or negative), with a reason
        (in ``pool``: ``default``, the top-level quotas, or a pool's name).

        Raises:
            OperationRefused: the adjustment would bring this or a later period below zero
                (or below the agreement's negative limit), code ``negative_balance``.
            InvalidValue: a zero amount, no reason, a period that is not a reference period,
                a naive ``at``, or an id taken by a different entry.
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        period = _reference_period(self._agreement, period)
        self.pool_terms(pool)  # an unknown pool is an error
        adjustment = Adjustment(
            entry_id=entry_id or self._index.new_id("adjustment"),
            period=period,
            amount=amount,
            reason=reason,
            recorded_at=aware_datetime(at, "at"),
            by=by,
            pool=pool,
        )
        existing = self._index.retried(adjustment, expected_version)
        if existing is not None:
            return existing
        found = self._index.negative_after(adjustment) if adjustment.amount < 0 else []
        return self._index.commit(adjustment, expected_version, refusals=found)

    # -- absences ----------------------------------------------------------------------------

    def record_absence(
        self,
        absence: Absence,
        *,
        at: datetime,
        by: str,
        expected_version: int | None = None,
    ) -> AbsenceRecord:
        """Record an absence of the employee, under the absence's own id, after cancelling
        the telework bookings it overlaps (:func:`~teleaccord.bookings.absence_cancellations`,
        with its example). Recording the same absence again returns the record already
        there and changes nothing. A booking on an absent half-day is then refused
        (``absent``).

        Raises:
            InvalidValue: the absence is another employee's (``wrong_employee``), ``at`` is
                naive, or its id is taken by a different entry (``entry_id_reused``).
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        at = aware_datetime(at, "at")
        if not isinstance(absence, Absence):
            msg = f"absence: expected an Absence, got {absence!r}."
            raise InvalidValue(msg, field="absence", code="invalid_value")
        if absence.employee != self.employee:
            msg = (
                f"absence: the absence {absence.absence_id!r} is {absence.employee}'s, but this "
                f"is the ledger of {self.employee}."
            )
            raise InvalidValue(msg, field="absence", code="wrong_employee")
        record = AbsenceRecord(absence=absence, recorded_at=at, by=by)
        existing = self._index.retried(record, expected_version)
        if existing is not None:
            return existing
        bookings = self.active_bookings(absence.days)
        for cancellation in absence_cancellations(
            absence, bookings, at=at, by=by, taken=self._index.by_id
        ):
            self._index.append(cancellation)
        return self._index.append(record)

    @property
    def absences(self) -> tuple[Absence, ...]:
        """The absences recorded, in the order recorded."""
        return tuple(self._index.absences)

    def absent_halves(
        self, period: DateRange | None = None, *, counting: str | None = None
    ) -> dict[date, int]:
        """The employee's absent half-days (in ``period``, or all) as day masks (1 morning,
        2 afternoon, 3 both); ``counting="coverage"`` or ``"on_site"`` leaves out the absences
        the agreement counts as on site for that purpose
        (:func:`~teleaccord.absence.absent_masks`)."""
        if counting is None and period is None:
            return dict(sorted(self._index.absent.items()))
        return absent_masks(
            self._index.absences,
            period=period,
            kinds=self.agreement.absence_kinds,
            counting=counting,
        )

    # -- rollover ----------------------------------------------------------------------------

    def rollover(
        self,
        period: DateRange,
        *,
        at: datetime,
        by: str,
        expected_version: int | None = None,
        forfeited: bool = False,
    ) -> tuple[CarryOverIn | Expiry | Forfeiture, ...]:
        """Record the year-end figures of ``period`` (:func:`~teleaccord.rollover.rollover_records`):
        the carried days that expired, the days carried into the next period and, with
        ``forfeited``, the days not carried. Balances never read these records, so running
        the rollover twice, late or never gives the same balances.

        Returns:
            Every record of this period's rollover, the earlier ones included, in order.

        Raises:
            InvalidValue: ``period`` is not a reference period or ``at`` is naive.
            StaleVersion: something is to be recorded and ``expected_version`` is not the
                ledger's version.
        """
        period = _reference_period(self._agreement, period)
        nxt = period_containing(self._agreement, period.end + _ONE_DAY)
        bases, new = rollover_records(
            self.employee,
            self._agreement,
            period,
            self.balance(period),
            self.balance(nxt).carried,
            self._index.records,
            at=at,
            by=by,
            forfeited=forfeited,
        )
        if new:
            self._index.check_version(expected_version)
            for entry in new:
                self._index.append(entry)
        return tuple(r for base in bases for r in self._index.records.get(base, []))

    # -- balances ----------------------------------------------------------------------------

    def balance(
        self,
        period: DateRange,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
        pool: str = DEFAULT_POOL,
    ) -> Balance:
        """The balance of one reference period (of one pool: ``default``, the agreement's
        top-level quotas, or a :class:`~teleaccord.agreement.Pool`'s name).

        Args:
            period: a reference period of the agreement (:meth:`period_of`).
            as_of: count only the entries concerning days up to this date (bookings by their
                day, grants, carry-over and adjustments on the period's first day, expiry on
                the first day after the last usable day); ``None``: every entry.
            known_at: count only the entries recorded by this moment (what the figures were
                then); ``None``: every entry.

        Raises:
            InvalidValue: ``period`` is not a reference period, or ``known_at`` is naive.
        """
        period = _reference_period(self._agreement, period)
        if as_of is not None:
            as_of = parse_date(as_of, field="as_of")
        if known_at is not None:
            aware_datetime(known_at, "known_at")
        return self._index.balance(period, as_of, known_at, pool)

    def balances(self) -> tuple[Balance, ...]:
        """The balance of every period holding entries, in order."""
        return tuple(self.balance(p) for p in self.periods())

    def pool_balances(
        self, period: DateRange, *, as_of: date | None = None, known_at: datetime | None = None
    ) -> dict[str, Balance]:
        """The balance of ``period`` in every pool of the agreement (``default`` first).

        >>> from datetime import date, datetime
        >>> from zoneinfo import ZoneInfo
        >>> from teleaccord import (Agreement, Calendar, Contract, Pool, Quota, QuotaLedger,
        ...                         year_range)
        >>> at = datetime(2024, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
        >>> agreement = Agreement(name="1 fixed + 11 flexible", pools=[
        ...     Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="week", maximum=1)]),
        ...     Pool(name="flexible", kinds=["occasional"],
        ...          quotas=[Quota(window="period", maximum=11), Quota(window="month", maximum=1)])])
        >>> ledger = QuotaLedger(agreement=agreement, calendar=Calendar(),
        ...                      contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)))
        >>> _ = ledger.grant(year_range(2024), at=at, by="hr")
        >>> _ = ledger.book(date(2024, 3, 5), at=at, by="E1", telework_kind="occasional")
        >>> {p: b.remaining for p, b in ledger.pool_balances(year_range(2024)).items()}
        {'default': Fraction(0, 1), 'fixed': Fraction(0, 1), 'flexible': Fraction(10, 1)}
        """
        return {
            pool: self.balance(period, as_of=as_of, known_at=known_at, pool=pool)
            for pool in self.pool_names
        }

    def taken_by_kind(self, period: DateRange | None = None) -> dict[str, Fraction]:
        """The telework taken per kind of telework, in ``period`` or all
        (:func:`~teleaccord.bookings.taken_by_kind`, with its example)."""
        return taken_by_kind(self.active_bookings(period))

    def statement(
        self,
        period: DateRange,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
        pool: str = DEFAULT_POOL,
    ) -> Statement:
        """The entries behind :meth:`balance` (of ``pool``), one line each with its effect on
        the remaining days; carry-over and expiry appear as recorded by a rollover, plus a line
        for any part computed on read and not recorded. The lines add up to the balance.
        """
        balance = self.balance(period, as_of=as_of, known_at=known_at, pool=pool)
        return statement(self._index.entries, self._agreement, balance)

    # -- reading bookings --------------------------------------------------------------------

    def active_bookings(self, period: DateRange | None = None) -> tuple[Booking, ...]:
        """The bookings not cancelled, in ``period`` or all
        (:func:`~teleaccord.bookings.active_bookings`)."""
        return active_bookings(self._index.active, period)

    def telework_days(self, period: DateRange | None = None) -> tuple[tuple[date, Fraction], ...]:
        """``(day, amount)`` of the active bookings, one pair per day
        (:func:`~teleaccord.bookings.telework_days`, with its example)."""
        return telework_days(self._index.active, period)

    def days_taken(
        self,
        period: DateRange | None = None,
        *,
        by: str = "month",
        as_of: date | None = None,
        known_at: datetime | None = None,
    ) -> tuple[DaysTaken, ...]:
        """Telework actually taken per month, ISO week or year (``by``), for declarations
        (:func:`days_taken` of the bookings active as recorded by ``known_at``, ``None``: now).

        Raises:
            InvalidValue: ``by`` is not ``"month"``, ``"week"`` or ``"year"``, or ``known_at``
                is naive.
        """
        if known_at is None:
            taken = dict(self.telework_days())
        else:
            taken = _active_days(self._index.entries, aware_datetime(known_at, "known_at"))
        return days_taken(self.employee, taken, period, by=by, as_of=as_of)

    # -- JSON Lines (io/jsonl.py) ------------------------------------------------------------

    def to_jsonl(self) -> str:
        """The ledger as JSON Lines: :func:`teleaccord.io.jsonl.ledger_to_jsonl`."""
        from teleaccord.io.jsonl import ledger_to_jsonl

        return ledger_to_jsonl(self)

    @classmethod
    def from_jsonl(
        cls,
        text: str,
        *,
        agreement: Agreement,
        contract: Contract,
        calendar: Calendar,
        statuses: Iterable[str] = (),
        source: str = "ledger.jsonl",
        rules: Iterable[Rule] | None = None,
    ) -> QuotaLedger:
        """Read a ledger back from :func:`teleaccord.io.jsonl.ledger_to_jsonl`'s text (or a
        format-1 file): the entries are replayed in order (:meth:`replay`) into a new ledger of
        this class, by :func:`teleaccord.io.jsonl.replay_jsonl`. This is also
        :func:`teleaccord.io.jsonl.ledger_from_jsonl` (one definition, one signature).

        The header line is optional; when present, its employee must be the contract's, and in
        format 2 the number of entries must be the one it announces. Blank lines are skipped.

        Raises:
            LoadError: listing every problem, each at ``line N`` (and the field at fault): bad
                JSON, unknown entry types, bad values, naive timestamps, entries that cannot
                follow the earlier ones (a day booked twice, a cancellation of an unknown
                booking, an id used twice), a file shorter or longer than its header says.
        """
        from teleaccord.io.jsonl import replay_jsonl

        ledger = cls(
            agreement=agreement,
            contract=contract,
            calendar=calendar,
            statuses=statuses,
            rules=rules,
        )
        return replay_jsonl(ledger, text, source=source)


def _already_granted(employee: str, previous: Grant) -> Violation:
    message = (
        f"The period {previous.period} of {employee} is already granted "
        f"({format_amount(previous.amount)} days, entry {previous.entry_id!r}); "
        "record a change of entitlement with regrant()."
    )
    return Violation(
        code="already_granted",
        message=message,
        day=previous.period.start,
        params={"granted": previous.amount, "entry_id": previous.entry_id},
    )


def _already_cancelled(booking: Booking, earlier: Cancellation) -> Violation:
    message = (
        f"The booking {booking.entry_id!r} of {booking.day} is already cancelled "
        f"(entry {earlier.entry_id!r})."
    )
    return Violation(
        code="already_cancelled",
        message=message,
        day=booking.day,
        params={"booking_id": booking.entry_id, "cancellation_id": earlier.entry_id},
    )


def _active_days(entries: Iterable[Entry], known_at: datetime) -> dict[date, Fraction]:
    """The days of the bookings active as recorded by ``known_at``, and their amounts."""
    active: dict[str, Booking] = {}
    for entry in entries:
        if entry.recorded_at > known_at:
            continue
        if isinstance(entry, Booking):
            active[entry.entry_id] = entry
        elif isinstance(entry, Cancellation):
            active.pop(entry.booking_id, None)
    per_day: dict[date, Fraction] = {}
    for b in active.values():
        per_day[b.day] = per_day.get(b.day, _ZERO) + b.amount
    return dict(sorted(per_day.items()))


def days_taken(
    employee: str,
    taken: Mapping[date, Fraction],
    period: DateRange | None = None,
    *,
    by: str = "month",
    as_of: date | None = None,
) -> tuple[DaysTaken, ...]:
    """Telework ``taken`` (day: amount) per month, ISO week or year (``by``), for
    declarations; behind :meth:`QuotaLedger.days_taken`.

    Counts the days up to ``as_of`` (``None``: all). With a ``period``, every window of it is
    listed, empty ones included (clipped to the period); without one, the windows from the
    first to the last day taken.

    Raises:
        InvalidValue: ``by`` is not ``"month"``, ``"week"`` or ``"year"``.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import month_range
    >>> from teleaccord.ledger import days_taken
    >>> taken = {date(2024, 3, 5): Fraction(1), date(2024, 3, 7): Fraction(1, 2)}
    >>> [(t.label, t.amount, t.days) for t in days_taken("E1", taken, month_range(2024, 3), by="week")]
    [('2024-W09', Fraction(0, 1), 0), ('2024-W10', Fraction(3, 2), 2), ('2024-W11', Fraction(0, 1), 0), ('2024-W12', Fraction(0, 1), 0), ('2024-W13', Fraction(0, 1), 0)]
    """
    if as_of is not None:
        taken = {d: a for d, a in taken.items() if d <= as_of}
    if by not in ("month", "week", "year"):
        msg = f"by: report telework taken by 'month', 'week' or 'year', not {by!r}."
        raise InvalidValue(msg, field="by", code="invalid_report")
    if period is None:
        if not taken:
            return ()
        span = DateRange(min(taken), max(taken))
    else:
        span = period
    result: list[DaysTaken] = []
    for window, label in _report_windows(span, by):
        days = (
            [d for d in taken if d in window]
            if len(taken) < window.days
            else [d for d in window if d in taken]
        )
        result.append(
            DaysTaken(
                employee=employee,
                label=label,
                window=window,
                amount=sum((taken[d] for d in days), _ZERO),
                days=len(days),
            )
        )
    return tuple(result)


_UNIGNORABLE = frozenset(
    {
        "already_booked",
        "half_day_clash",
        "period_quota_exceeded",
        "granularity",
        "outside_contract",
        "absent",
    }
)


_IGNORABLE: dict[tuple[str, ...], frozenset[str]] = {(): frozenset()}


_NOTHING_SKIPPED: frozenset[str] = frozenset()


def _ignorable(codes: Iterable[str]) -> frozenset[str]:
    if type(codes) is tuple:  # the usual argument: () or a workflow's constant
        found = _IGNORABLE.get(codes)
        if found is not None:
            return found
    wanted = frozenset(codes)
    refused = wanted & _UNIGNORABLE
    if refused:
        msg = (
            f"ignore: {', '.join(sorted(refused))} cannot be ignored: they keep the ledger's "
            "invariants (no day booked twice, no balance below what the agreement allows)."
        )
        raise InvalidValue(msg, field="ignore", code="cannot_ignore")
    if type(codes) is tuple and len(_IGNORABLE) < 256:
        _IGNORABLE[codes] = wanted
    return wanted


def _report_windows(span: DateRange, by: str) -> Iterator[tuple[DateRange, str]]:
    if by == "year":
        for part in span.split_by_year():
            yield part, str(part.start.year)
    elif by == "month":
        for part in span.split_by_month():
            yield part, f"{part.start.year}-{part.start.month:02d}"
    else:
        monday = span.start - timedelta(days=span.start.weekday())
        while monday <= span.end:
            week = DateRange(monday, monday + timedelta(days=6))
            clipped = week.intersection(span)
            assert clipped is not None
            iso = monday.isocalendar()
            yield clipped, f"{iso[0]}-W{iso[1]:02d}"
            monday += timedelta(days=7)
