"""What a :class:`~teleaccord.ledger.QuotaLedger` knows of its entries, kept as they are
appended: the entries themselves, the lookups (ids, bookings, active bookings by day,
cancellations, grants, rollover records, absences), the running per-period sums, and the
answers derived from them (balances, and the balances a booking would leave: the
projections the booking rules read).

A :class:`LedgerIndex` is the ledger's state; the ledger checks its operations' arguments,
builds the entries and asks the index to commit them. Balances are read from the index's sums
by the one balance fold (:mod:`teleaccord.fold`), never stored beside the entries.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from teleaccord.absence import Absence, absent_masks
from teleaccord.agreement import DEFAULT_POOL, Agreement, CarryOverMode
from teleaccord.amounts import format_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange
from teleaccord.entries import (
    ENTRY_TYPES,
    AbsenceRecord,
    Adjustment,
    Booking,
    Cancellation,
    CarryOverIn,
    Expiry,
    Forfeiture,
    Grant,
    Regrant,
)
from teleaccord.errors import InvalidValue, OperationRefused, StaleVersion, Violation
from teleaccord.fold import (
    Balance,
    PeriodSums,
    add_entries,
    add_entry,
    entry_pool,
    fold_balances,
    half_days,
    period_containing,
    period_sums,
    remaining_days,
)
from teleaccord.pattern import HalfDay
from teleaccord.rules import (
    BookingContext,
    Rule,
    applicable_rules,
    check_booking,
    describe_days,
)
from teleaccord.versions import AgreementHistory, agreement_in_force, pool_terms

__all__ = ["FAST_CONTEXT", "DaySums", "LedgerIndex"]

# The ledger's log (appends at DEBUG level): the index appends for it.
log = logging.getLogger("teleaccord.ledger")

if TYPE_CHECKING:  # annotations only
    from teleaccord.entries import Entry

EntryT = TypeVar("EntryT", bound="Entry")

_ZERO = Fraction(0)
_UTC = timezone.utc

FAST_CONTEXT = (
    frozenset(attrs.fields_dict(BookingContext))
    == frozenset(
        {
            "agreement", "contract", "calendar", "day", "half", "at", "bookings", "statuses",
            "balance_after", "periods_after", "history", "absences", "telework_kind", "scope",
            "remaining_after", "regular_only",
        }
    )
    and "__slots__" not in vars(BookingContext)
    and not hasattr(BookingContext, "__attrs_post_init__")
)  # fmt: skip
"""Whether :meth:`LedgerIndex.context` fills a booking context in one step: the class keeps
exactly these fields and an attribute dictionary; any other shape goes through its
constructor."""


class LedgerIndex:
    """One ledger's entries and what it looks them up by, with the running sums and the
    balances derived from them. Kept beside the entries, rebuilt by replaying them.

    It holds what the booking rules read besides the entries (the agreement, the contract,
    the calendar, the statuses and the rules themselves), and keeps the rules' answers until
    the ledger changes (:attr:`check_memo`).
    """

    def __init__(
        self,
        *,
        agreement: Agreement | AgreementHistory,
        contract: Contract,
        calendar: Calendar,
        statuses: tuple[str, ...],
        rules: tuple[Rule, ...],
    ) -> None:
        self.agreement = agreement
        self.contract = contract
        self.calendar = calendar
        self.statuses = statuses
        self.rules = rules
        self.entries: list[Entry] = []
        self.by_id: dict[str, Entry] = {}
        self.bookings: dict[str, Booking] = {}
        self.cancellation_of: dict[str, Cancellation] = {}
        self.active: dict[date, tuple[Booking, ...]] = {}
        self.grants: dict[DateRange, list[Grant | Regrant]] = {}
        self.records: dict[str, list[CarryOverIn | Expiry | Forfeiture]] = {}
        self.absences: list[Absence] = []
        self.absent: dict[date, int] = {}
        self.irregular = 0  # active bookings of a kind other than regular
        self.sums: dict[DateRange, PeriodSums] = {}
        self.day_sums: dict[str, DaySums] = {}
        self.balance_memo: dict[DateRange, Balance] = {}
        self.check_memo: dict[tuple[Any, ...], tuple[Violation, ...]] = {}
        """The booking rules' answers (:meth:`QuotaLedger.check
        <teleaccord.ledger.QuotaLedger.check>`), kept until the ledger changes."""
        self.pools: dict[str, Agreement | AgreementHistory] = {}

    @property
    def employee(self) -> str:
        """The employee whose ledger this is (the contract's employee id)."""
        return self.contract.employee

    def set_contract(self, contract: Contract) -> None:
        """Replace the contract (a late amendment): the rules' answers kept so far go."""
        self.contract = contract
        self.check_memo.clear()

    # -- lookups ---------------------------------------------------------------------------

    def add(self, entry: Entry) -> None:
        """Index ``entry`` (already checked)."""
        self.by_id[entry.entry_id] = entry
        if type(entry) is Booking:  # the entry appended most, first
            self.bookings[entry.entry_id] = entry
            day = entry.day
            existing = self.active.get(day)
            self.active[day] = (entry,) if existing is None else (*existing, entry)
            if entry.telework_kind != "regular":
                self.irregular += 1
        elif isinstance(entry, AbsenceRecord):
            self.absences.append(entry.absence)
            for day, mask in absent_masks([entry.absence]).items():
                self.absent[day] = self.absent.get(day, 0) | mask
        elif isinstance(entry, Booking):
            self.bookings[entry.entry_id] = entry
            self.active[entry.day] = (*self.active.get(entry.day, ()), entry)
            if entry.telework_kind != "regular":
                self.irregular += 1
        elif isinstance(entry, Cancellation):
            self.cancellation_of[entry.booking_id] = entry
            if self.bookings[entry.booking_id].telework_kind != "regular":
                self.irregular -= 1
            left = tuple(
                b for b in self.active.get(entry.day, ()) if b.entry_id != entry.booking_id
            )
            if left:
                self.active[entry.day] = left
            else:
                self.active.pop(entry.day, None)
        elif isinstance(entry, (Grant, Regrant)):
            self.grants.setdefault(entry.period, []).append(entry)
        elif isinstance(entry, (CarryOverIn, Expiry, Forfeiture)):
            self.records.setdefault(entry.entry_id.partition("#")[0], []).append(entry)

    def accept(self, entry: Any) -> str | None:
        """Check a booking or a cancellation (of exactly those classes) and index it, in one
        step: what :meth:`inconsistency` then :meth:`add` do, without their dispatch on the
        entry's class. Whatever is wrong is left to :meth:`inconsistency`, which says it
        (the same words); then nothing is indexed."""
        entry_id = entry.entry_id
        by_id = self.by_id
        if entry_id in by_id:
            return self.inconsistency(entry)
        active = self.active
        day = entry.day
        if type(entry) is Booking:
            existing = active.get(day)
            if (existing is not None and _clash(existing, entry.half) is not None) or (
                self.absent
                and self.absent.get(day, 0) & (3 if entry.half is None else entry.half.mask)
            ):
                return self.inconsistency(entry)
            by_id[entry_id] = entry
            self.bookings[entry_id] = entry
            active[day] = (entry,) if existing is None else (*existing, entry)
            if entry.telework_kind != "regular":
                self.irregular += 1
            return None
        booking_id = entry.booking_id  # a cancellation
        booking = self.bookings.get(booking_id)
        if (
            booking is None
            or booking_id in self.cancellation_of
            or booking.day != day
            or (booking.amount is not entry.amount and booking.amount != entry.amount)
        ):
            return self.inconsistency(entry)
        by_id[entry_id] = entry
        self.cancellation_of[booking_id] = entry
        if booking.telework_kind != "regular":
            self.irregular -= 1
        existing = active.get(day, ())
        if len(existing) == 1 and existing[0] is booking:  # the booking alone on its day
            del active[day]
            return None
        left = tuple(b for b in existing if b.entry_id != booking_id)
        if left:
            active[day] = left
        else:
            active.pop(day, None)
        return None

    def inconsistency(self, entry: Entry) -> str | None:
        """Why ``entry`` cannot follow the entries already there (``None``: it can)."""
        if type(entry) is Booking:  # the entry appended most: its checks only, in order
            if entry.entry_id in self.by_id:
                return f"the entry id {entry.entry_id!r} is used twice."
            return self._booking_problem(entry)
        if not isinstance(entry, ENTRY_TYPES):
            return f"expected a ledger entry, got {type(entry).__name__}."
        if entry.entry_id in self.by_id:
            return f"the entry id {entry.entry_id!r} is used twice."
        if (
            isinstance(entry, (Grant, Regrant, Adjustment, CarryOverIn, Expiry, Forfeiture))
            and period_containing(self.agreement, entry.period.start) != entry.period
        ):
            return f"{entry.period} is not a reference period of the agreement."
        if isinstance(entry, Grant) and any(
            isinstance(g, Grant) and g.pool == entry.pool for g in self.grants.get(entry.period, ())
        ):
            return f"the period {entry.period} is granted twice."
        if isinstance(entry, Booking):
            problem = self._booking_problem(entry)
            if problem is not None:
                return problem
        if isinstance(entry, AbsenceRecord):
            for day in entry.absence.days:
                for b in self.active.get(day, ()):
                    if entry.absence.overlaps(day, b.half):
                        return (
                            f"the absence {entry.entry_id!r} covers {day}, booked for telework "
                            f"({b.entry_id!r}); cancel the booking first."
                        )
        if isinstance(entry, Cancellation):
            booking = self.bookings.get(entry.booking_id)
            if booking is None:
                return f"the cancellation {entry.entry_id!r} cancels an unknown booking {entry.booking_id!r}."
            if entry.booking_id in self.cancellation_of:
                return f"the booking {entry.booking_id!r} is cancelled twice."
            if (booking.day, booking.amount) != (entry.day, entry.amount):
                return (
                    f"the cancellation {entry.entry_id!r} does not match its booking "
                    f"({booking.day}, {format_amount(booking.amount)} day)."
                )
        return None

    def _booking_problem(self, entry: Booking) -> str | None:
        """Why the booking ``entry`` cannot follow: its day (or half-day) booked or absent."""
        existing = self.active.get(entry.day)
        if existing:
            clash = _clash(existing, entry.half)
            if clash is not None:
                return f"{entry.day} is booked twice ({clash.entry_id!r} and {entry.entry_id!r})."
        if self.absent:
            absent = self.absent.get(entry.day, 0)
            if absent & (3 if entry.half is None else entry.half.mask):
                return f"the booking {entry.entry_id!r} is on {entry.day}, an absent day."
        return None

    def next_record_id(self, base: str) -> str:
        """The id the next rollover record under ``base`` takes (``base``, then ``base#2``...)."""
        count = len(self.records.get(base, ()))
        return base if not count else f"{base}#{count + 1}"

    def new_id(self, kind: str) -> str:
        """A free id for a new entry of ``kind`` (``employee:kind:version``, then ``#2``...)."""
        base = f"{self.employee}:{kind}:{len(self.entries) + 1}"
        candidate, n = base, 1
        while candidate in self.by_id:
            n += 1
            candidate = f"{base}#{n}"
        return candidate

    # -- appending -------------------------------------------------------------------------

    def check_version(self, expected_version: int | None) -> None:
        """Refuse a writer that read the ledger at another version (optimistic concurrency).

        Raises:
            StaleVersion: ``expected_version`` is not ``None`` and not the version.
        """
        version = len(self.entries)
        if expected_version is not None and expected_version != version:
            msg = (
                f"The ledger of {self.employee} is at version {version}, not "
                f"{expected_version} as expected: it changed since you read it. Reload it, "
                "check again and retry."
            )
            raise StaleVersion(msg, params={"expected": expected_version, "actual": version})

    def existing(self, entry: EntryT) -> EntryT | None:
        """The entry already recorded under ``entry``'s id if it says the same (an idempotent
        retry, whatever its timestamp); ``None`` if the id is free.

        Raises:
            InvalidValue: the id is taken by a different entry.
        """
        found = self.by_id.get(entry.entry_id)
        if found is None:
            return None
        if (
            isinstance(found, type(entry))
            and type(found) is type(entry)
            and attrs.evolve(entry, recorded_at=found.recorded_at) == found
        ):
            return found
        msg = (
            f"entry_id: {entry.entry_id!r} is already the id of a different entry in the ledger of "
            f"{self.employee} ({found.kind} concerning {found.day}); use a new id."
        )
        raise InvalidValue(msg, field="entry_id", code="entry_id_reused")

    def retried(self, entry: EntryT, expected_version: int | None) -> EntryT | None:
        """The entry already recorded under ``entry``'s id if it says the same (an idempotent
        retry, answered whatever the version); ``None`` once the version is checked.

        Raises:
            InvalidValue: the id is taken by a different entry.
            StaleVersion: the id is free and ``expected_version`` is not the version.
        """
        found = self.existing(entry)
        if found is None:
            self.check_version(expected_version)
        return found

    def append(self, entry: EntryT) -> EntryT:
        """Record ``entry`` (already checked); never fails halfway."""
        self.entries.append(entry)
        self.add(entry)
        return self._counted(entry)

    def _counted(self, entry: EntryT) -> EntryT:
        """What :meth:`append` does once ``entry`` is in the list and the lookups: its sums,
        and the caches it makes stale."""
        add_entry(self.sums, entry, self.agreement)
        if self.day_sums:  # the running sums by day, once a balance as of a day was read
            for day_sums in self.day_sums.values():
                day_sums.add(entry)
        self.balance_memo.clear()
        self.check_memo.clear()
        if log.isEnabledFor(logging.DEBUG):
            log.debug("ledger %s: appended %s %s", self.employee, entry.kind, entry.entry_id)
        return entry

    def commit(
        self, entry: EntryT, expected_version: int | None, refusals: Sequence[Violation] = ()
    ) -> EntryT:
        """Append ``entry``, which the ledger's operation has checked, at ``expected_version``,
        unless the check found ``refusals``: an operation that may be refused checks first and
        appends last.

        Raises:
            OperationRefused: carrying every one of ``refusals``; nothing was changed.
            StaleVersion: ``expected_version`` is not the version.
        """
        if refusals:
            raise OperationRefused.from_violations(refusals)
        self.check_version(expected_version)
        kind = type(entry)
        if kind is Booking or kind is Cancellation:
            # Checked and indexed in one step: what inconsistency() then add() do.
            problem = self.accept(entry)
            if problem is not None:  # pragma: no cover - the operations check this first
                raise InvalidValue(problem, code="inconsistent_entries")
            self.entries.append(entry)
            return self._counted(entry)
        problem = self.inconsistency(entry)
        if problem is not None:  # pragma: no cover - the operations check this first
            raise InvalidValue(problem, code="inconsistent_entries")
        return self.append(entry)

    def replay(self, entry: Entry) -> Entry:
        """Append an entry read back from storage if it can follow the entries already there
        (:meth:`QuotaLedger.replay <teleaccord.ledger.QuotaLedger.replay>`).

        Raises:
            InvalidValue: it cannot (code ``inconsistent_entries``); nothing was changed.
        """
        problem = self.inconsistency(entry)
        if problem is not None:
            raise InvalidValue(problem, code="inconsistent_entries")
        return self.append(entry)

    def replay_all(self, entries: Iterable[Entry], *, stop: bool) -> list[tuple[int, InvalidValue]]:
        """:meth:`QuotaLedger.replay_many <teleaccord.ledger.QuotaLedger.replay_many>`; with
        ``stop``, what the ledger's constructor does with its ``entries``: the first entry
        that cannot follow raises (its message prefixed with ``entries[N]:``) and any other
        error of an entry propagates, as appending one by one did."""
        refusals: list[tuple[int, InvalidValue]] = []
        accept = self.accept
        appended = self.entries
        counted: list[Entry] = []  # appended and indexed, not yet in the sums
        debug = log.isEnabledFor(logging.DEBUG)
        try:
            for n, entry in enumerate(entries):
                kind = type(entry)
                if kind is not Booking and kind is not Cancellation:
                    if stop:  # the rarer entries, one by one, as the constructor did
                        problem = self.inconsistency(entry)
                        if problem is not None:
                            raise _refusal_at(n, problem)
                        self.append(entry)
                        continue
                    try:  # the rarer entries, one by one, exactly as replay() does
                        self.replay(entry)
                    except InvalidValue as error:
                        refusals.append((n, error))
                    continue
                problem = accept(entry)
                if problem is not None:
                    if stop:
                        raise _refusal_at(n, problem)
                    refusals.append((n, InvalidValue(problem, code="inconsistent_entries")))
                    continue
                appended.append(entry)
                counted.append(entry)
                if debug:
                    log.debug(
                        "ledger %s: appended %s %s", self.employee, entry.kind, entry.entry_id
                    )
        finally:  # whatever happens, the sums and caches follow the entries appended
            if counted:
                add_entries(self.sums, counted, self.agreement)
                self.day_sums.clear()  # rebuilt from the entries on the next question
                self.balance_memo.clear()
                self.check_memo.clear()
        return refusals

    # -- sums and balances -----------------------------------------------------------------

    def pool_terms(self, pool: str) -> Agreement | AgreementHistory:
        """The terms of ``pool`` (:func:`~teleaccord.versions.pool_terms`), kept once asked.

        Raises:
            InvalidValue: no version has this pool (code ``unknown_pool``).
        """
        found = self.pools.get(pool)
        if found is None:
            found = self.pools[pool] = pool_terms(self.agreement, pool)
        return found

    def periods(self) -> tuple[DateRange, ...]:
        """The reference periods holding at least one entry, in order."""
        found = set(self.sums)
        for entry in self.entries:
            if isinstance(entry, (CarryOverIn, Expiry)):
                found.add(entry.period)
        return tuple(sorted(found, key=_period_start))

    def sums_as_of(
        self, as_of: date | None, pool: str = DEFAULT_POOL
    ) -> dict[DateRange, PeriodSums]:
        """The per-period sums of ``pool``'s entries concerning days up to ``as_of``
        (``None``: all), from running sums kept as entries are appended (built on the first
        question about that pool)."""
        found = self.day_sums.get(pool)
        if found is None:
            found = DaySums(self.agreement, pool)
            for entry in self.entries:
                found.add(entry)
            self.day_sums[pool] = found
        return found.sums(as_of)

    def balance(
        self, period: DateRange, as_of: date | None, known_at: datetime | None, pool: str
    ) -> Balance:
        """The balance of ``period`` (a reference period) in ``pool``, counting the entries
        concerning days up to ``as_of`` and recorded by ``known_at`` (``None``: all), as
        :meth:`QuotaLedger.balance <teleaccord.ledger.QuotaLedger.balance>` says."""
        if pool != DEFAULT_POOL:
            pool_agreement = self.pool_terms(pool)
            if known_at is None:
                sums = self.sums_as_of(as_of, pool)
            else:
                sums = period_sums(
                    self.entries, self.agreement, as_of=as_of, known_at=known_at, pool=pool
                )
            return fold_balances(
                sums,
                pool_agreement,
                through=period,
                employee=self.employee,
                as_of=as_of,
                known_at=known_at,
                pool=pool,
            )[period]
        if as_of is None and known_at is None:
            found = self.balance_memo.get(period)
            if found is None:
                self.balance_memo.update(
                    fold_balances(self.sums, self.agreement, through=period, employee=self.employee)
                )
                found = self.balance_memo[period]
            return found
        if known_at is None:
            sums = self.sums_as_of(as_of)
        else:
            sums = period_sums(self.entries, self.agreement, as_of=as_of, known_at=known_at)
        return fold_balances(
            sums,
            self.agreement,
            through=period,
            employee=self.employee,
            as_of=as_of,
            known_at=known_at,
        )[period]

    def negative_after(self, entry: Adjustment) -> list[Violation]:
        """The periods the adjustment ``entry`` would bring below the agreement's floor
        (its period and the later ones it carries into), as ``negative_balance``
        violations."""
        if entry.pool == DEFAULT_POOL:
            return _negative_after(self.sums, self.agreement, entry)
        sums = self.sums_as_of(None, entry.pool)
        return _negative_after(sums, self.pool_terms(entry.pool), entry, entry.pool)

    # -- the booking rules' view -----------------------------------------------------------

    def context(
        self,
        day: date,
        half: HalfDay | None,
        at: datetime | None,
        telework_kind: str = "regular",
        candidate: Booking | None = None,
    ) -> BookingContext:
        """What the booking rules read about a booking of ``day`` (``half``, ``telework_kind``)
        made ``at``: the ledger's terms and active bookings, and the balances the booking
        would leave (computed when a rule asks). ``candidate``: the booking, when it is made
        already (:meth:`QuotaLedger.book <teleaccord.ledger.QuotaLedger.book>`)."""
        if candidate is None and telework_kind != "regular":
            candidate = candidate_booking(day, half, at, telework_kind)
        made = [candidate]

        def booking() -> Booking:
            """The candidate booking, built when a balance needs it (a check only)."""
            found = made[0]
            if found is None:
                found = made[0] = candidate_booking(day, half, at, telework_kind)
            return found

        def balance_after(period: DateRange, as_of: date | None) -> Balance:
            return self.projected_balance(booking(), period, as_of)

        kind = "regular" if candidate is None else candidate.telework_kind
        agreement = self.agreement
        period = period_containing(agreement, day)

        def remaining_after(found: DateRange) -> Fraction:
            return self.projected_remaining(day, half, kind, booking, found, period)

        sums = self.sums
        if len(sums) == 1 and period in sums:  # one period held: nothing later
            periods_after: tuple[DateRange, ...] = (period,)
        else:
            start = period.start
            later = [p for p in sums if p.start > start]
            if later:
                later.sort(key=_period_start)
            periods_after = (period, *later)
        fields: dict[str, Any] = {
            "agreement": agreement_in_force(agreement, day),
            "contract": self.contract,
            "calendar": self.calendar,
            "day": day,
            "half": half,
            "at": at,
            "bookings": MappingProxyType(self.active),
            "statuses": self.statuses,
            "balance_after": balance_after,
            "periods_after": periods_after,
            "history": agreement if isinstance(agreement, AgreementHistory) else None,
            "absences": tuple(self.absences) if self.absences else (),
            "telework_kind": kind,
            "scope": "default",
            "remaining_after": remaining_after,
            "regular_only": not self.irregular,
        }
        if FAST_CONTEXT:
            # Every value is already what the class's converters give back (a half-day or
            # None, a mapping, tuples): the attribute dictionary is filled in one step.
            context: BookingContext = object.__new__(BookingContext)
            context.__dict__.update(fields)
            return context
        return BookingContext(**fields)  # pragma: no cover - the class changed its fields

    def violations(
        self,
        day: date,
        half: HalfDay | None,
        at: datetime | None,
        telework_kind: str,
        candidate: Booking | None = None,
    ) -> tuple[Violation, ...]:
        """Every violation of the booking rules for a booking of ``day`` (before ``ignore``).

        The answer is kept until the ledger changes (an entry appended, a new contract), so a
        workflow that checks a request at each guard and then books it runs the rules once:
        the rules are pure functions of the context, which only depends on the ledger's state
        and on these arguments (``at`` with its time zone and fold, as the notice rule
        reports it)."""
        key = (
            day,
            half,
            telework_kind,
            at,
            None if at is None else (at.tzinfo, at.fold),
        )
        memo = self.check_memo
        found = memo.get(key)
        if found is None:
            if len(memo) >= 256:  # a bound, for a long session checking many days
                memo.clear()
            context = self.context(day, half, at, telework_kind, candidate)
            rules = applicable_rules(context.agreement, self.rules, context.history)
            found = memo[key] = check_booking(context, rules)
        return found

    def projected_remaining(
        self,
        day: date,
        half: HalfDay | None,
        kind: str,
        booking: Callable[[], Booking],
        period: DateRange,
        own: DateRange | None = None,
    ) -> Fraction:
        """``projected_balance(booking(), period, None).remaining`` for the candidate
        ``booking()`` of ``day`` (``half``, ``kind``), without building the booking or the balance in
        the common case (a regular booking in its own period, no pools, nothing carried
        between periods, whole and half days): what the period quota rule reads first.
        ``own``: the period containing ``day``, when the caller has it."""
        agreement = self.agreement
        if (
            kind == "regular"
            and type(agreement) is Agreement
            and not agreement.pools
            and agreement.carry_over.mode is CarryOverMode.NONE
        ):
            s = self.sums.get(period)
            if (
                s is not None
                and not s.adjusted
                and (period is own or period == period_containing(agreement, day))
            ):
                gn, gd = s.granted.as_integer_ratio()
                bn, bd = s.booked.as_integer_ratio()
                cn, cd = s.cancelled.as_integer_ratio()
                if gd <= 2 and bd <= 2 and cd <= 2:
                    # a booking is 1 or 1/2 day: 2 or 1 half-days
                    asked = 2 if half is None else 1
                    return half_days(gn * (2 // gd) - bn * (2 // bd) - asked + cn * (2 // cd))
        return self.projected_balance(booking(), period, None).remaining

    def projected_balance(self, candidate: Entry, period: DateRange, as_of: date | None) -> Balance:
        """The balance of ``period`` if ``candidate`` were appended (for the booking rules), in
        the pool the candidate consumes."""
        pool = entry_pool(candidate, agreement_in_force(self.agreement, candidate.day))
        if pool is not None and pool != DEFAULT_POOL:
            sums = self.sums_as_of(as_of, pool)
            if as_of is None or candidate.day <= as_of:
                add_entry(sums, candidate, self.agreement, pool)
            return fold_balances(
                sums,
                self.pool_terms(pool),
                through=period,
                employee=self.employee,
                as_of=as_of,
                pool=pool,
            )[period]
        if as_of is None:
            agreement = self.agreement
            if (
                isinstance(agreement, Agreement)
                and agreement.carry_over.mode is CarryOverMode.NONE
                and pool is not None
                and isinstance(candidate, Booking)
            ):
                # Nothing is carried between periods: a period's balance reads its own sums
                # only, kept as entries are committed; the candidate adds to its period's.
                own = period_containing(agreement, candidate.day)
                if period != own:
                    return self.balance(period, None, None, DEFAULT_POOL)
                s = self.sums.get(own)
                if s is not None:
                    return _balance_of(self.employee, own, s, candidate.amount)
            sums = dict(self.sums)
            add_entry(sums, candidate, self.agreement)
        else:
            sums = self.sums_as_of(as_of)
            if candidate.day <= as_of:
                add_entry(sums, candidate, self.agreement)
        return fold_balances(
            sums, self.agreement, through=period, employee=self.employee, as_of=as_of
        )[period]


class DaySums:
    """One pool's per-period sums by the day the entries concern, with running sums: what a
    balance ``as_of`` a date reads without folding the entries again.

    Each period keeps its days in order, the sums of the entries of each day (what
    :func:`~teleaccord.fold.add_entry` adds for them), and running sums up to each day,
    extended on demand and cut back from the day of an entry appended out of order. The sums
    of the entries concerning days up to ``as_of`` are then the running sum at the last day
    not after it (a binary search): the same figures as
    :func:`~teleaccord.fold.period_sums` with ``as_of``, since a cancellation concerns the day
    of the booking it cancels, which the ledger holds before it."""

    def __init__(self, agreement: Agreement | AgreementHistory, pool: str) -> None:
        self._agreement = agreement
        self._pool = pool
        self._days: dict[DateRange, list[date]] = {}
        self._per_day: dict[DateRange, dict[date, PeriodSums]] = {}
        self._running: dict[DateRange, list[PeriodSums]] = {}

    def add(self, entry: Entry) -> None:
        """Count ``entry`` (appended to the ledger)."""
        delta: dict[DateRange, PeriodSums] = {}
        add_entry(delta, entry, self._agreement, self._pool)
        for period, sums in delta.items():
            day = entry.day
            per_day = self._per_day.setdefault(period, {})
            days = self._days.setdefault(period, [])
            running = self._running.setdefault(period, [])
            if days and day > days[-1]:
                position = len(days)
                days.append(day)
                per_day[day] = sums
            else:
                position = bisect.bisect_left(days, day)
                if day in per_day:
                    per_day[day] = _plus(per_day[day], sums)
                else:
                    days.insert(position, day)
                    per_day[day] = sums
            del running[position:]

    def sums(self, as_of: date | None = None) -> dict[DateRange, PeriodSums]:
        """The per-period sums of the entries concerning days up to ``as_of`` (``None``: all);
        a period none of whose entries is counted is left out, as by ``period_sums``."""
        found: dict[DateRange, PeriodSums] = {}
        for period, days in self._days.items():
            count = len(days) if as_of is None else bisect.bisect_right(days, as_of)
            if not count:
                continue
            running = self._running[period]
            if len(running) < count:
                per_day = self._per_day[period]
                total = running[-1] if running else None
                for day in days[len(running) : count]:
                    total = per_day[day] if total is None else _plus(total, per_day[day])
                    running.append(total)
            found[period] = running[count - 1]
        return found


def _plus(a: PeriodSums, b: PeriodSums) -> PeriodSums:
    return PeriodSums(
        granted=a.granted + b.granted,
        adjusted=a.adjusted + b.adjusted,
        booked=a.booked + b.booked,
        cancelled=a.cancelled + b.cancelled,
        used_early=a.used_early + b.used_early,
    )


def _negative_after(
    sums: Mapping[DateRange, PeriodSums],
    agreement: Agreement | AgreementHistory,
    entry: Adjustment,
    pool: str = DEFAULT_POOL,
) -> list[Violation]:
    """The periods an adjustment would bring below the agreement's floor (``entry.period``
    and the later ones it carries into)."""
    floor = _balance_floor(agreement_in_force(agreement, entry.period.end))
    if floor is None:
        return []
    after = dict(sums)
    add_entry(after, entry, agreement, pool)
    start = entry.period
    last = max([start, *after], key=lambda p: p.start)
    before = fold_balances(sums, agreement, through=last)
    found = []
    for period, balance in fold_balances(after, agreement, through=last).items():
        if period.start < start.start or balance.remaining >= floor:
            continue
        now = before[period].remaining if period in before else _ZERO
        message = (
            f"An adjustment of {format_amount(entry.amount)} days to {start} would leave "
            f"{describe_days(balance.remaining)} in period {period} (now {format_amount(now)}); "
            f"the agreement allows no less than {format_amount(floor)}."
        )
        found.append(
            Violation(
                code="negative_balance",
                message=message,
                day=period.start,
                params={
                    "period_start": period.start,
                    "period_end": period.end,
                    "remaining": balance.remaining,
                    "floor": floor,
                    "amount": entry.amount,
                },
            )
        )
    return found


def _balance_floor(agreement: Agreement) -> Fraction | None:
    """The lowest balance allowed (``None``: no limit)."""
    if agreement.period_quota is None:
        return None
    if agreement.allow_negative:
        return None if agreement.negative_limit is None else -agreement.negative_limit
    return _ZERO


def _balance_of(employee: str, period: DateRange, s: PeriodSums, booked: Fraction) -> Balance:
    """The balance of ``period`` from its own sums ``s`` plus ``booked`` days, when nothing is
    carried between periods (what the fold gives then: no carry-over, no expiry, and the days
    left at the period's end forfeited)."""
    g, b, c, d = s.granted, s.booked, s.cancelled, booked
    if (
        not s.adjusted
        and g.denominator <= 2
        and b.denominator <= 2
        and c.denominator <= 2
        and d.denominator <= 2
    ):
        # In half-days, with ints (the common case): no Fraction arithmetic per check.
        after_halves = b.numerator * (2 // b.denominator) + d.numerator * (2 // d.denominator)
        after = half_days(after_halves)
        remaining = half_days(
            g.numerator * (2 // g.denominator) - after_halves + c.numerator * (2 // c.denominator)
        )
    else:
        after = b + d
        remaining = remaining_days(g, _ZERO, s.adjusted, after, c, _ZERO)
    return Balance(
        employee=employee,
        period=period,
        granted=s.granted,
        adjusted=s.adjusted,
        booked=after,
        cancelled=s.cancelled,
        forfeited=remaining if remaining > 0 else _ZERO,
    )


def candidate_booking(
    day: date, half: HalfDay | None, at: datetime | None, telework_kind: str
) -> Booking:
    """The booking a check of ``day`` is about (the rules' candidate)."""
    return Booking(
        entry_id="(candidate)",
        day=day,
        half=half,
        recorded_at=at or datetime(2000, 1, 1, tzinfo=_UTC),
        by="(check)",
        telework_kind=telework_kind,
    )


def _period_start(period: DateRange) -> date:
    return period.start


def _refusal_at(n: int, problem: str) -> InvalidValue:
    """The constructor's error for its ``n``-th entry, which cannot follow the others."""
    msg = f"entries[{n}]: {problem}"
    return InvalidValue(msg, field=f"entries[{n}]", code="inconsistent_entries")


def _clash(existing: Iterable[Booking], half: HalfDay | None) -> Booking | None:
    """The booking already on the day that a new one (``half``) would overlap."""
    for booking in existing:
        if booking.half is None or half is None or booking.half is half:
            return booking
    return None
