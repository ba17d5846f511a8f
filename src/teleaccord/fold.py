"""The balance fold: one employee's entries and the agreement give the period balances.

As in beancount's ``realize()``, balances are derived from immutable entries when they are
read, never stored beside them, and the arithmetic is written once:

1. :func:`period_sums` adds the entries up per reference period into :class:`PeriodSums`
   (granted, adjusted, booked, cancelled, and the days used while carried days can still be
   used). It is the only step that reads entries; the workforce job, which counts booking
   rows its own way, builds the same sums itself.
2. :func:`fold_periods` walks the periods in order, from the earliest one with sums to the
   one asked for: unused days are carried into the next period by the agreement's
   :class:`~teleaccord.agreement.CarryOver` rule; carried days are used first, and those not
   used by their last usable day expire. Days a period ends with that the rule does not
   carry (mode ``none``, or above the cap) are **forfeited**: a figure of their own, which
   does not reduce the closed period's ``remaining``, distinct from carried days that expire
   later. :func:`fold_balances` gives the same figures as a :class:`Balance` per period.
   The ledger and the workforce job both fold through it.
3. :func:`realize` is both steps at once from entries; :func:`statement` lists the entries behind a
   balance.

>>> from datetime import date, datetime, timezone
>>> from teleaccord import Agreement, Booking, CarryOver, Grant, Quota, realize, year_range
>>> agreement = Agreement(name="x", quotas=[Quota(window="period", maximum=10)],
...                       carry_over=CarryOver(mode="capped", cap=2))
>>> at = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
>>> entries = [Grant(entry_id="g", period=year_range(2024), amount=10, exact=10,
...                  recorded_at=at, by="hr"),
...            Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=at, by="ana")]
>>> b2024, b2025 = realize(entries, agreement, employee="E1", through=year_range(2025)).values()
>>> b2024.remaining, b2024.forfeited, b2025.carried
(Fraction(9, 1), Fraction(7, 1), Fraction(2, 1))
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, NamedTuple

import attrs

from teleaccord.agreement import Agreement, CarryOver, CarryOverMode, ReferencePeriod
from teleaccord.amounts import format_amount
from teleaccord.dates import DateRange
from teleaccord.entries import (
    AbsenceRecord,
    Adjustment,
    Booking,
    Cancellation,
    CarryOverIn,
    Entry,
    Expiry,
    Forfeiture,
    Grant,
    Regrant,
)
from teleaccord.versions import AgreementHistory, agreement_in_force, pool_terms

__all__ = [
    "Balance",
    "PeriodFlow",
    "PeriodSums",
    "Statement",
    "StatementLine",
    "add_entries",
    "add_entry",
    "entry_pool",
    "fold_balances",
    "fold_periods",
    "forfeit_reason",
    "half_days",
    "period_containing",
    "period_sums",
    "realize",
    "remaining_days",
    "statement",
]

_ONE_DAY = timedelta(days=1)
_ZERO = Fraction(0)
_HALVES: dict[int, Fraction] = {}


def half_days(count: int) -> Fraction:
    """``count`` half-days as a day amount (cached: the same counts recur across a
    workforce).

    >>> from teleaccord.fold import half_days
    >>> half_days(5)
    Fraction(5, 2)
    """
    found = _HALVES.get(count)
    if found is None:
        found = Fraction(count, 2)
        if len(_HALVES) < 10_000:
            _HALVES[count] = found
    return found


def remaining_days(
    granted: Fraction,
    carried: Fraction,
    adjusted: Fraction,
    booked: Fraction,
    cancelled: Fraction,
    expired: Fraction,
) -> Fraction:
    """``granted + carried + adjusted - booked + cancelled - expired``: the remaining days of
    a period (:class:`Balance`, the workforce job's rows), written once.

    >>> from fractions import Fraction
    >>> from teleaccord.fold import remaining_days
    >>> remaining_days(Fraction(10), Fraction(2), Fraction(0), Fraction(5, 2), Fraction(1), Fraction(1))
    Fraction(19, 2)
    """
    if (carried is _ZERO or not carried) and (expired is _ZERO or not expired) and not adjusted:
        gn, gd = granted.as_integer_ratio()
        bn, bd = booked.as_integer_ratio()
        cn, cd = cancelled.as_integer_ratio()
        if gd <= 2 and bd <= 2 and cd <= 2:
            # In half-days, with ints: the common case, many times faster than Fractions
            # (the fold computes every period of every employee of the workforce job).
            return half_days(gn * (2 // gd) - bn * (2 // bd) + cn * (2 // cd))
    return granted + carried + adjusted - booked + cancelled - expired


# -- what the fold gives ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Balance:
    """The days of one reference period, as of a date: where they came from and where they
    went.

    ``remaining = granted + carried + adjusted - booked + cancelled - expired``. ``granted``
    includes regrants; ``booked`` counts every booking, ``cancelled`` those cancelled since,
    so ``taken = booked - cancelled`` is what the active bookings use. ``forfeited`` is what
    the period ends with and the carry-over rule does not carry into the next period (counted
    once the period is over, or for the whole period when ``as_of`` is ``None``); it does not
    reduce ``remaining``. ``pool`` names the pool of days it counts (``default``: the
    agreement's top-level quotas; see :class:`~teleaccord.agreement.Pool`).

    >>> from fractions import Fraction
    >>> from teleaccord import Balance, year_range
    >>> b = Balance(employee="E1", period=year_range(2025), granted=Fraction(80),
    ...             carried=Fraction(3), booked=Fraction(10), cancelled=Fraction(1),
    ...             expired=Fraction(1))
    >>> b.remaining, b.taken
    (Fraction(73, 1), Fraction(9, 1))
    """

    employee: str
    period: DateRange
    as_of: date | None = None
    known_at: datetime | None = None
    granted: Fraction = _ZERO
    carried: Fraction = _ZERO
    adjusted: Fraction = _ZERO
    booked: Fraction = _ZERO
    cancelled: Fraction = _ZERO
    expired: Fraction = _ZERO
    forfeited: Fraction = _ZERO
    remaining: Fraction = attrs.field(init=False)
    pool: str = "default"

    @remaining.default
    def _remaining(self) -> Fraction:
        return remaining_days(
            self.granted, self.carried, self.adjusted, self.booked, self.cancelled, self.expired
        )

    @property
    def taken(self) -> Fraction:
        """The days used by the active bookings: ``booked - cancelled``."""
        return self.booked - self.cancelled

    def to_dict(self) -> dict[str, Any]:
        """The balance as JSON-compatible data (amounts as exact strings, ISO dates): the one
        converter's wire shape without its type tag, and without ``forfeited`` (as released).

        >>> from fractions import Fraction
        >>> from teleaccord import Balance, year_range
        >>> Balance(employee="E1", period=year_range(2024), granted=Fraction(81, 2)).to_dict()["remaining"]
        '40.5'
        """
        from teleaccord.io.convert import unstructure

        data: dict[str, Any] = unstructure(self, omit=("forfeited",))
        return data

    def describe(self) -> str:
        """The balance in one line a person can check.

        >>> from fractions import Fraction
        >>> from teleaccord import Balance, year_range
        >>> print(Balance(employee="E1", period=year_range(2024), granted=Fraction(10), booked=Fraction(3)))
        E1, period 2024-01-01..2024-12-31: 10 granted + 0 carried + 0 adjusted - 3 booked + 0 cancelled - 0 expired = 7 remaining
        """
        when = ""
        if self.as_of is not None:
            when += f" as of {self.as_of.isoformat()}"
        if self.known_at is not None:
            when += f" as known at {self.known_at.isoformat()}"
        f = format_amount
        if self.pool != "default":
            when += f", pool {self.pool}"
        return (
            f"{self.employee}, period {self.period}{when}: {f(self.granted)} granted + "
            f"{f(self.carried)} carried + {f(self.adjusted)} adjusted - {f(self.booked)} booked "
            f"+ {f(self.cancelled)} cancelled - {f(self.expired)} expired = "
            f"{f(self.remaining)} remaining"
        )

    __str__ = describe


@attrs.frozen(kw_only=True)
class StatementLine:
    """One line of a :class:`Statement`: an entry (or a figure computed on read) and its
    effect on the remaining days.

    ``recorded`` is false for a carry-over or an expiry computed from the entries but not (or
    not yet fully) recorded by a rollover; its ``entry_id`` is then the id a rollover would
    record it under.
    """

    day: date
    kind: str
    amount: Fraction
    entry_id: str
    description: str
    recorded_at: datetime | None = None
    recorded: bool = True


@attrs.frozen(kw_only=True)
class Statement:
    """The entries behind a balance: the lines add up to ``balance.remaining``.

    ``envelope`` is false when the agreement sets no envelope per period (only window quotas,
    such as a weekly maximum) and no day was granted, carried or adjusted: there is nothing to
    count down, and :meth:`describe` shows the days taken rather than a negative "remaining".

    >>> from teleaccord import Balance, Statement, year_range
    >>> s = Statement(balance=Balance(employee="E1", period=year_range(2024)), lines=())
    >>> s.total
    Fraction(0, 1)
    """

    balance: Balance
    lines: tuple[StatementLine, ...]
    forfeiture: StatementLine | None = None
    envelope: bool = True

    @property
    def total(self) -> Fraction:
        """The sum of the lines' amounts (equal to ``balance.remaining``)."""
        return sum((line.amount for line in self.lines), _ZERO)

    def describe(self, *, forfeited: bool = False) -> str:
        """The statement as a small table of text; with ``forfeited``, a last line gives the
        days forfeited at the period's end and why (``forfeiture``: they do not reduce the
        remaining days of the closed period, they are not carried into the next)."""
        b = self.balance
        if self.envelope:
            rows = [f"Statement of {b.describe()}"]
        else:
            # No envelope per period: a negative "remaining" would read as a broken balance.
            rows = [
                f"Statement of {b.employee}, period {b.period}: {format_amount(b.booked)} booked"
                f" - {format_amount(b.cancelled)} cancelled = {format_amount(b.taken)} taken "
                "(the agreement sets no envelope per period; its window quotas limit telework)"
            ]
        for line in self.lines:
            sign = "+" if line.amount >= 0 else ""
            amount = f"{sign}{format_amount(line.amount)}"
            note = "" if line.recorded else " (computed on read, not recorded)"
            rows.append(
                f"  {line.day.isoformat()}  {line.kind:<12} {amount:>6}  {line.description}{note}"
            )
        if self.envelope:
            rows.append(f"  {'':10}  {'remaining':<12} {format_amount(self.total):>6}")
        else:
            rows.append(f"  {'':10}  {'taken':<12} {format_amount(b.taken):>6}")
        if forfeited and self.forfeiture is not None:
            line = self.forfeiture
            rows.append(
                f"  {line.day.isoformat()}  {'forfeited':<12} {format_amount(-line.amount):>6}  "
                f"{line.description}"
            )
        return "\n".join(rows)

    __str__ = describe


# -- step 1: entries into per-period sums ------------------------------------------------------


class PeriodSums(NamedTuple):
    """What one period's entries add up to: the recorded figures (carry-over and expiry are
    computed by :func:`fold_periods`). A named tuple: the workforce job makes one per
    employee and period.

    ``used_early`` is the net amount booked on or before the last day carried days can be
    used in the period (carried days are used first); it only matters when the agreement's
    carry-over expires inside the period.

    >>> from fractions import Fraction
    >>> from teleaccord import PeriodSums
    >>> PeriodSums(granted=Fraction(10), booked=Fraction(3), cancelled=Fraction(1)).taken
    Fraction(2, 1)
    """

    granted: Fraction = _ZERO
    adjusted: Fraction = _ZERO
    booked: Fraction = _ZERO
    cancelled: Fraction = _ZERO
    used_early: Fraction = _ZERO

    @property
    def taken(self) -> Fraction:
        """``booked - cancelled``."""
        return self.booked - self.cancelled


_EMPTY = PeriodSums()


@functools.lru_cache(maxsize=65536)
def _containing(reference: ReferencePeriod, day: date) -> DateRange:
    """The reference period containing ``day``, shared by every ledger (the same days recur
    across a workforce)."""
    return reference.containing(day)


@functools.lru_cache(maxsize=4096)
def _last_usable(rule: CarryOver, period: DateRange) -> date | None:
    return rule.last_usable_day(period)


_PERIODS: dict[tuple[int, date], tuple[ReferencePeriod, DateRange]] = {}


def _period_of(reference: ReferencePeriod, day: date) -> DateRange:
    """:func:`_containing`, looked up by the reference's identity first (hashing a reference
    period costs more than finding the period): the entry keeps the reference, so its id
    stays its own while it is remembered."""
    found = _PERIODS.get((id(reference), day))
    if found is not None and found[0] is reference:
        return found[1]
    period = _containing(reference, day)
    if len(_PERIODS) >= 65536:
        _PERIODS.clear()
    _PERIODS[(id(reference), day)] = (reference, period)
    return period


def _plus(a: Fraction, b: Fraction) -> Fraction:
    """``a + b``, in half-days with ints when both are whole or half days (the common case:
    booked and cancelled days), else with Fractions; the same value either way."""
    an, ad = a.as_integer_ratio()
    bn, bd = b.as_integer_ratio()
    if ad <= 2 and bd <= 2:
        return half_days(an * (2 // ad) + bn * (2 // bd))
    return a + b


def period_containing(agreement: Agreement | AgreementHistory, day: date) -> DateRange:
    """The reference period of ``agreement`` that contains ``day`` (cached).

    >>> from datetime import date
    >>> from teleaccord import Agreement
    >>> from teleaccord.fold import period_containing
    >>> str(period_containing(Agreement(name="x"), date(2024, 5, 2)))
    '2024-01-01..2024-12-31'
    """
    return _period_of(agreement.reference, day)


def _rule_of(agreement: Agreement | AgreementHistory, period: DateRange) -> CarryOver:
    """The carry-over rule that carries days into ``period`` (and lets them expire there):
    the agreement's, or that of the version in force on the period's first day."""
    if isinstance(agreement, Agreement):
        return agreement.carry_over
    return agreement_in_force(agreement, period.start).carry_over


def entry_pool(entry: Entry, agreement: Agreement) -> str | None:
    """The pool an entry counts in: a grant's, a regrant's or an adjustment's own ``pool``; a
    booking's or a cancellation's by its kind of telework
    (:meth:`~teleaccord.agreement.Agreement.pool_of`: ``None`` for imposed and medical days);
    carry-over and expiry records count in the ``default`` pool, absences in none.

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Agreement, Booking, entry_pool
    >>> b = Booking(entry_id="b", day=date(2024, 3, 5), telework_kind="imposed",
    ...             recorded_at=datetime(2024, 3, 1, tzinfo=timezone.utc), by="hr")
    >>> entry_pool(b, Agreement(name="x")) is None
    True
    """
    if isinstance(entry, (Booking, Cancellation)):
        if entry.telework_kind == "regular":
            return _DEFAULT if not agreement.pools else agreement.pool_of("regular")
        return agreement.pool_of(entry.telework_kind)
    if isinstance(entry, (Grant, Regrant, Adjustment)):
        return entry.pool
    if isinstance(entry, AbsenceRecord):
        return None
    return _DEFAULT


_DEFAULT = "default"


def add_entry(
    sums: dict[DateRange, PeriodSums],
    entry: Entry,
    agreement: Agreement | AgreementHistory,
    pool: str = "default",
) -> None:
    """Add one entry to ``sums`` (per-period sums, updated in place with new values), when it
    counts in ``pool`` (:func:`entry_pool`; by default the agreement's top-level quotas).

    Carry-over and expiry records (:class:`~teleaccord.entries.CarryOverIn`,
    :class:`~teleaccord.entries.Expiry`) add nothing: they record figures the fold computes.
    A cancellation is added as given; :func:`period_sums` skips those of bookings it did not
    count.
    """
    if isinstance(entry, (Booking, Cancellation)):
        # The entries a ledger holds most of, first (the same figures as below, in fewer steps).
        if isinstance(agreement, Agreement):
            current = agreement
            rule: CarryOver | None = agreement.carry_over
        else:
            current = agreement_in_force(agreement, entry.day)
            rule = None
        if (
            not (pool == _DEFAULT and not current.pools and entry.telework_kind == "regular")
            and entry_pool(entry, current) != pool
        ):
            return  # another pool's entry, or an imposed or medical day (no pool)
        period = _period_of(agreement.reference, entry.day)
        s = sums.get(period, _EMPTY)
        if rule is None:
            rule = _rule_of(agreement, period)
        early = False
        if rule.mode is not CarryOverMode.NONE:
            last = _last_usable(rule, period)
            early = last is not None and entry.day <= last
        amount = entry.amount
        used = s.used_early
        # Positional (granted, adjusted, booked, cancelled, used_early): a named tuple's
        # keywords cost more than the sums.
        if isinstance(entry, Booking):
            sums[period] = PeriodSums(
                s.granted,
                s.adjusted,
                _plus(s.booked, amount),
                s.cancelled,
                _plus(used, amount) if early else used,
            )
        else:
            sums[period] = PeriodSums(
                s.granted,
                s.adjusted,
                s.booked,
                _plus(s.cancelled, amount),
                used - amount if early else used,
            )
        return
    if isinstance(entry, (CarryOverIn, Expiry, Forfeiture, AbsenceRecord)):
        return
    # What is left is a grant, a regrant or an adjustment: each names its period and its pool.
    if entry.pool != pool:
        return  # another pool's entry
    s = sums.get(entry.period, _EMPTY)
    if isinstance(entry, Adjustment):
        sums[entry.period] = s._replace(adjusted=s.adjusted + entry.amount)
    else:
        sums[entry.period] = s._replace(granted=s.granted + entry.amount)


def add_entries(
    sums: dict[DateRange, PeriodSums],
    entries: Iterable[Entry],
    agreement: Agreement | AgreementHistory,
    pool: str = "default",
) -> None:
    r"""Add every entry of ``entries`` to ``sums``, as :func:`add_entry` one after the other
    does (the same figures: the sums are exact, so their order does not matter).

    What a ledger replaying a whole history does: the regular bookings and cancellations of
    an agreement without pools (nearly all of a stored ledger) are counted in whole
    half-days with ints, per period, and each period's figures are made into ``Fraction``\ s
    once at the end, instead of a new :class:`PeriodSums` and new ``Fraction``\ s per entry;
    every other entry goes through :func:`add_entry`.

    >>> from datetime import date, datetime, timezone
    >>> from fractions import Fraction
    >>> from teleaccord import Agreement, Booking, Cancellation
    >>> from teleaccord.fold import add_entries
    >>> at = datetime(2024, 3, 1, tzinfo=timezone.utc)
    >>> b = Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=at, by="E1")
    >>> c = Cancellation(entry_id="c", booking_id="b", day=date(2024, 3, 5),
    ...                  amount=Fraction(1), recorded_at=at, by="E1")
    >>> sums = {}
    >>> add_entries(sums, [b, c, b], Agreement(name="x"))
    >>> [(s.booked, s.cancelled) for s in sums.values()] == [(Fraction(2), Fraction(1))]
    True
    """
    if not isinstance(agreement, Agreement) or agreement.pools or pool != _DEFAULT:
        for entry in entries:
            add_entry(sums, entry, agreement, pool)
        return
    reference = agreement.reference
    rule = agreement.carry_over
    carries = rule.mode is not CarryOverMode.NONE
    # Per period: [booked, cancelled, used early] in half-days.
    halves: dict[DateRange, list[int]] = {}
    # Per day met: its period's counts and last usable day (the reference is the same for
    # every entry, so a day's period is found once); and the last amount met with its count
    # of half-days: a file's entries share a few amounts (the reader remembers "1" once), so
    # an amount is most often the very object met before.
    days: dict[date, tuple[list[int], date | None]] = {}
    last_day: date | None = None
    last_amount: Fraction | None = None
    count = 0
    counts: list[int] = []
    last_usable: date | None = None
    for entry in entries:
        kind = entry.__class__
        if (kind is not Booking and kind is not Cancellation) or entry.telework_kind != "regular":  # type: ignore[union-attr]
            add_entry(sums, entry, agreement, pool)
            continue
        amount = entry.amount  # type: ignore[union-attr]
        if amount is not last_amount:
            numerator, denominator = amount.as_integer_ratio()
            if denominator > 2:
                add_entry(sums, entry, agreement, pool)
                continue
            last_amount, count = amount, numerator * (2 // denominator)
        day = entry.day
        if day != last_day:
            known = days.get(day)
            if known is None:
                period = _period_of(reference, day)
                found = halves.get(period)
                if found is None:
                    found = halves[period] = [0, 0, 0]
                known = days[day] = (found, _last_usable(rule, period) if carries else None)
            counts, last_usable = known
            last_day = day
        early = last_usable is not None and day <= last_usable
        if kind is Booking:
            counts[0] += count
            if early:
                counts[2] += count
        else:
            counts[1] += count
            if early:
                counts[2] -= count
    for period, (booked, cancelled, used) in halves.items():
        s = sums.get(period, _EMPTY)
        sums[period] = PeriodSums(
            s.granted,
            s.adjusted,
            s.booked + Fraction(booked, 2),
            s.cancelled + Fraction(cancelled, 2),
            s.used_early + Fraction(used, 2),
        )


def _in_view(
    entries: Iterable[Entry], as_of: date | None, known_at: datetime | None
) -> Iterator[Entry]:
    """The entries concerning days up to ``as_of`` and recorded by ``known_at`` (``None``:
    no limit), in order: what a balance or a statement as of that day, as known then, reads."""
    for entry in entries:
        if known_at is not None and entry.recorded_at > known_at:
            continue
        if as_of is not None and entry.day > as_of:
            continue
        yield entry


def period_sums(
    entries: Iterable[Entry],
    agreement: Agreement | AgreementHistory,
    *,
    as_of: date | None = None,
    known_at: datetime | None = None,
    pool: str = "default",
) -> dict[DateRange, PeriodSums]:
    """The per-period sums of the entries concerning days up to ``as_of``, recorded by
    ``known_at`` (``None``: all), in the order the entries are given.

    A cancellation counts only after the booking it cancels was counted.

    >>> from datetime import date, datetime, timedelta, timezone
    >>> from teleaccord import Agreement, Booking, Cancellation, period_sums
    >>> at = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
    >>> b = Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=at, by="ana")
    >>> c = Cancellation(entry_id="c", booking_id="b", day=date(2024, 3, 5), amount=1,
    ...                  recorded_at=at + timedelta(days=1), by="ana")
    >>> [s.taken for s in period_sums([b, c], Agreement(name="x")).values()]
    [Fraction(0, 1)]
    >>> [s.taken for s in period_sums([b, c], Agreement(name="x"), known_at=at).values()]
    [Fraction(1, 1)]
    """
    sums: dict[DateRange, PeriodSums] = {}
    counted: set[str] = set()
    for entry in _in_view(entries, as_of, known_at):
        if isinstance(entry, Booking):
            counted.add(entry.entry_id)
        elif isinstance(entry, Cancellation) and entry.booking_id not in counted:
            continue
        add_entry(sums, entry, agreement, pool)
    return sums


# -- step 2: the fold ---------------------------------------------------------------------------


def _carried_out(rule: CarryOver, remaining: Fraction) -> Fraction:
    """The days a period that ends with ``remaining`` days carries into the next one."""
    if rule.mode is CarryOverMode.NONE or remaining <= 0:
        return _ZERO
    if rule.mode is CarryOverMode.CAPPED and rule.cap is not None:
        return min(rule.cap, remaining)
    return remaining


def _within_balance_cap(cap: Fraction, carry_out: Fraction, following: PeriodSums) -> Fraction:
    """The days carried into a period whose grant is ``following.granted``, cut so that the
    two together stay within ``cap`` (the cap on the total accumulated balance)."""
    room = cap - following.granted
    if room <= 0:
        return _ZERO
    return carry_out if carry_out <= room else room


def _use_oldest_first(
    layers: tuple[tuple[int, Fraction], ...], used: Fraction
) -> tuple[tuple[int, Fraction], ...]:
    """The carried days left of each age once ``used`` days are taken, oldest first."""
    left = []
    for age, days in sorted(layers, reverse=True):
        take = min(days, max(_ZERO, used))
        used -= take
        if days - take:
            left.append((age, days - take))
    return tuple(left)


def _carried_layers(
    survivors: tuple[tuple[int, Fraction], ...], carry_out: Fraction, remaining: Fraction
) -> tuple[tuple[int, Fraction], ...]:
    """The days carried out by age: the period's own days first (carried once), then the
    youngest carried days still alive, up to ``carry_out`` (the oldest are left behind).
    ``remaining`` is the period's own days left plus the survivors."""
    alive = sum((d for _, d in survivors), _ZERO)
    own = min(carry_out, max(_ZERO, remaining - alive))
    layers = [(1, own)] if own else []
    room = carry_out - own
    for age, days in sorted(survivors):
        if room <= 0:
            break
        take = min(days, room)
        layers.append((age, take))
        room -= take
    return tuple(layers)


class PeriodFlow(NamedTuple):
    """What the fold adds to one period's sums: the days carried in, expired and forfeited,
    and the days remaining (:class:`Balance` has the same figures)."""

    carried: Fraction
    expired: Fraction
    forfeited: Fraction
    remaining: Fraction


_NEW_FLOW = tuple.__new__  # a PeriodFlow from its four values, without the keyword layer


def fold_chain(
    periods: Sequence[DateRange],
    sums: Sequence[PeriodSums],
    agreement: Agreement | AgreementHistory,
    *,
    as_of: date | None = None,
    following: PeriodSums = _EMPTY,
) -> list[PeriodFlow]:
    """The fold over a chain of consecutive reference periods, in one pass: the flow
    (carry-over, expiry, forfeiture, remaining days) of each period of ``periods``, whose
    sums are ``sums`` (the same length), each period carrying its unused days into the next.
    :func:`fold_periods` (the ledger) and the workforce job (one call per employee, however
    many periods) both fold through it: the one definition of the carry-over arithmetic.

    Args:
        periods: consecutive reference periods of ``agreement``, in order (the first
            carries nothing in). Periods that are not consecutive give the figures of
            separate folds only when nothing is carried (every version's carry-over
            ``none``).
        sums: each period's sums (:func:`period_sums`), already limited to the entries
            concerning days up to ``as_of``.
        agreement: its reference period and carry-over rule.
        as_of: as in :func:`fold_periods`.
        following: the sums of the period after the last one (its grant limits what the
            last period carries into it under a cap on the whole balance).

    >>> from fractions import Fraction
    >>> from teleaccord import Agreement, CarryOver, PeriodSums, fold_chain, year_range
    >>> agreement = Agreement(name="x", carry_over=CarryOver(mode="capped", cap=3))
    >>> flows = fold_chain([year_range(2024), year_range(2025)],
    ...                    [PeriodSums(granted=Fraction(10), booked=Fraction(6)), PeriodSums()],
    ...                    agreement)
    >>> [(flow.carried, flow.forfeited, flow.remaining) for flow in flows]
    [(Fraction(0, 1), Fraction(1, 1), Fraction(4, 1)), (Fraction(3, 1), Fraction(0, 1), Fraction(3, 1))]
    """
    single = isinstance(agreement, Agreement)
    last_index = len(periods) - 1
    rule = _rule_of(agreement, periods[last_index])
    reference = agreement.reference
    carries = rule.mode is not CarryOverMode.NONE
    flows: list[PeriodFlow] = []
    carry_in = _ZERO
    layers: tuple[tuple[int, Fraction], ...] = ()  # (periods carried, days), with an aging rule
    for index, period in enumerate(periods):
        s = sums[index]
        expired = carried = _ZERO
        if not single:
            # A history: days are carried into a period, and expire there, by the rule in
            # force on its first day (carry-over across a switch follows the new version).
            rule = _rule_of(agreement, period)
        aging = rule.expires_after_periods
        left: tuple[tuple[int, Fraction], ...] = ()
        if carry_in is not _ZERO:
            if aging is None:
                last = _last_usable(rule, period)
                if last is not None and (as_of is None or as_of > last):
                    expired = max(_ZERO, carry_in - max(_ZERO, s.used_early))
            if as_of is None or as_of >= period.start:
                carried = carry_in
                if aging is not None:
                    left = _use_oldest_first(layers, s.booked - s.cancelled)
                    if as_of is None or as_of > period.end:
                        expired = sum((d for age, d in left if age >= aging), _ZERO)
        remaining = remaining_days(s.granted, carried, s.adjusted, s.booked, s.cancelled, expired)
        forfeited = carry_out = _ZERO
        out_rule = rule
        if not single:
            after = (
                periods[index + 1]
                if index < last_index
                else _containing(reference, period.end + _ONE_DAY)
            )
            out_rule = _rule_of(agreement, after)
            carries = out_rule.mode is not CarryOverMode.NONE
        if remaining.numerator > 0:
            if carries:
                carry_out = _carried_out(out_rule, remaining)
                if out_rule.balance_cap is not None and carry_out:
                    carry_out = _within_balance_cap(
                        out_rule.balance_cap,
                        carry_out,
                        sums[index + 1] if index < last_index else following,
                    )
            if as_of is None or as_of > period.end:
                # What is not carried is forfeited (identity tests: the common cases, fast).
                if carry_out is _ZERO:
                    forfeited = remaining
                elif carry_out is not remaining:
                    forfeited = remaining - carry_out
        flows.append(_NEW_FLOW(PeriodFlow, (carried, expired, forfeited, remaining)))
        # A cap of 0 carries a zero that is not _ZERO: nothing carried, so nothing may expire
        # from the layers of an earlier carry (they were not renewed for a zero).
        carry_in = carry_out or _ZERO
        if out_rule.expires_after_periods is not None and carry_out:
            survivors = tuple((age + 1, d) for age, d in left if aging is None or age < aging)
            layers = _carried_layers(survivors, carry_out, remaining)
    return flows


def fold_periods(
    sums: Mapping[DateRange, PeriodSums],
    agreement: Agreement | AgreementHistory,
    *,
    through: DateRange,
    as_of: date | None = None,
) -> dict[DateRange, PeriodFlow]:
    """The fold: carry-over, expiry, forfeiture and remaining days of every reference period
    from the earliest one in ``sums`` up to ``through``, in order.

    Each period ends with ``remaining`` days; the carry-over rule carries some into the next
    period (all, up to a cap, or none) and the rest is forfeited. Carried days are used
    first: those not used by their last usable day expire.

    Args:
        sums: the per-period sums (:func:`period_sums`), already limited to the entries
            concerning days up to ``as_of`` (and recorded by a moment, if wanted).
        agreement: its reference period and carry-over rule.
        through: the last period to compute (earlier periods carry their days into it).
        as_of: the date the figures are read at: the days carried into a period count from
            its first day, expired days once their last usable day has passed, forfeited days
            once the period is over. ``None``: whole periods.

    >>> from fractions import Fraction
    >>> from teleaccord import Agreement, CarryOver, PeriodSums, fold_periods, year_range
    >>> agreement = Agreement(name="x", carry_over=CarryOver(mode="capped", cap=3))
    >>> sums = {year_range(2024): PeriodSums(granted=Fraction(10), booked=Fraction(6))}
    >>> for period, flow in fold_periods(sums, agreement, through=year_range(2025)).items():
    ...     print(period.start.year, flow.carried, flow.forfeited, flow.remaining)
    2024 0 1 4
    2025 3 0 3
    """
    reference = agreement.reference
    first = through
    for candidate in sums:
        if candidate.start < first.start:
            first = candidate
    periods = [first]
    while periods[-1].start < through.start:
        periods.append(_containing(reference, periods[-1].end + _ONE_DAY))
    following = sums.get(_containing(reference, through.end + _ONE_DAY), _EMPTY) if sums else _EMPTY
    flows = fold_chain(
        periods,
        [sums.get(period, _EMPTY) for period in periods],
        agreement,
        as_of=as_of,
        following=following,
    )
    return dict(zip(periods, flows, strict=True))


def fold_balances(
    sums: Mapping[DateRange, PeriodSums],
    agreement: Agreement | AgreementHistory,
    *,
    through: DateRange,
    employee: str = "",
    as_of: date | None = None,
    known_at: datetime | None = None,
    pool: str = "default",
) -> dict[DateRange, Balance]:
    """:func:`fold_periods`, each period's sums and flow as a :class:`Balance` of
    ``employee`` (``known_at`` and ``pool`` are only named in the balances: the sums are
    already filtered).

    >>> from fractions import Fraction
    >>> from teleaccord import Agreement, CarryOver, PeriodSums, fold_balances, year_range
    >>> agreement = Agreement(name="x", carry_over=CarryOver(mode="all", expires_on="03-31"))
    >>> sums = {year_range(2024): PeriodSums(granted=Fraction(10), booked=Fraction(6))}
    >>> b = fold_balances(sums, agreement, through=year_range(2025))[year_range(2025)]
    >>> b.carried, b.expired, b.remaining
    (Fraction(4, 1), Fraction(4, 1), Fraction(0, 1))
    """
    result: dict[DateRange, Balance] = {}
    for period, flow in fold_periods(sums, agreement, through=through, as_of=as_of).items():
        s = sums.get(period, _EMPTY)
        result[period] = Balance(
            employee=employee,
            period=period,
            as_of=as_of,
            known_at=known_at,
            granted=s.granted,
            carried=flow.carried,
            adjusted=s.adjusted,
            booked=s.booked,
            cancelled=s.cancelled,
            expired=flow.expired,
            forfeited=flow.forfeited,
            pool=pool,
        )
    return result


def realize(
    entries: Iterable[Entry],
    agreement: Agreement | AgreementHistory,
    *,
    employee: str = "",
    through: DateRange | None = None,
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> dict[DateRange, Balance]:
    """The balances of one employee's entries: :func:`fold_balances` over :func:`period_sums`, up to
    ``through`` (``None``: the last period holding entries; no entries, no balances).

    >>> from datetime import datetime, timezone
    >>> from teleaccord import Agreement, Grant, realize, year_range
    >>> at = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
    >>> g = Grant(entry_id="g", period=year_range(2024), amount=10, exact=10, recorded_at=at,
    ...           by="hr")
    >>> [str(b) for b in realize([g], Agreement(name="x"), employee="E1").values()]
    ['E1, period 2024-01-01..2024-12-31: 10 granted + 0 carried + 0 adjusted - 0 booked + 0 cancelled - 0 expired = 10 remaining']
    """
    sums = period_sums(entries, agreement, as_of=as_of, known_at=known_at)
    if through is None:
        if not sums:
            return {}
        through = max(sums, key=lambda p: p.start)
    return fold_balances(
        sums, agreement, through=through, employee=employee, as_of=as_of, known_at=known_at
    )


# -- the entries behind a balance ----------------------------------------------------------------

_KIND_ORDER = {
    "grant": 0,
    "regrant": 1,
    "carry-over": 2,
    "adjustment": 3,
    "booking": 4,
    "cancellation": 5,
    "expiry": 6,
}


def _line(entry: Entry, amount: Fraction, description: str) -> StatementLine:
    return StatementLine(
        day=entry.day,
        kind=entry.kind,
        amount=amount,
        entry_id=entry.entry_id,
        description=description,
        recorded_at=entry.recorded_at,
    )


def _entry_line(entry: Entry, agreement: Agreement | AgreementHistory) -> StatementLine:
    """The statement line of one counted entry."""
    if isinstance(entry, Booking):
        half = f" ({entry.half.value})" if entry.half else ""
        text = f"booked{half} by {entry.by}" + (f": {entry.note}" if entry.note else "")
        return _line(entry, -entry.amount, text)
    if isinstance(entry, Cancellation):
        text = f"cancelled {entry.booking_id} by {entry.by}" + (
            f": {entry.reason}" if entry.reason else ""
        )
        return _line(entry, entry.amount, text)
    if isinstance(entry, Grant):
        return _line(entry, entry.amount, f"granted (exact {format_amount(entry.exact)})")
    if isinstance(entry, Regrant):
        text = f"regranted: {format_amount(entry.previous)} -> {format_amount(entry.current)}"
        return _line(entry, entry.amount, text)
    if isinstance(entry, Adjustment):
        return _line(entry, entry.amount, f"adjusted by {entry.by}: {entry.reason}")
    if isinstance(entry, CarryOverIn):
        text = f"carried over from {agreement.reference.label(entry.from_period)}"
        return _line(entry, entry.amount, text)
    if isinstance(entry, Forfeiture):
        return _line(entry, -entry.amount, f"forfeited: {entry.reason}".rstrip(": "))
    if isinstance(entry, AbsenceRecord):  # pragma: no cover - statement() skips absences
        return _line(entry, _ZERO, f"absent ({entry.absence.kind})")
    return _line(entry, -entry.amount, "carried days expired unused")


def _record_id(entries: Iterable[Entry], base: str) -> str:
    """The id the next rollover record under ``base`` takes (``base``, then ``base#2``...)."""
    count = sum(
        1
        for e in entries
        if isinstance(e, (CarryOverIn, Expiry)) and e.entry_id.partition("#")[0] == base
    )
    return base if not count else f"{base}#{count + 1}"


def statement(
    entries: Iterable[Entry], agreement: Agreement | AgreementHistory, balance: Balance
) -> Statement:
    """The entries behind ``balance`` (read from ``entries`` with the balance's ``as_of``,
    ``known_at`` and ``pool``), one line each with its effect on the remaining days; carry-over and
    expiry appear as recorded by a rollover, plus a line for any part computed on read and
    not recorded. The lines add up to ``balance.remaining``.

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Agreement, Booking, Grant, realize, year_range
    >>> from teleaccord.fold import statement
    >>> at = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
    >>> entries = [Grant(entry_id="g", period=year_range(2024), amount=10, exact=10,
    ...                  recorded_at=at, by="hr"),
    ...            Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=at, by="ana")]
    >>> b = realize(entries, Agreement(name="x"), employee="E1")[year_range(2024)]
    >>> statement(entries, Agreement(name="x"), b).total
    Fraction(9, 1)
    """
    entries = tuple(entries)
    period, as_of, known_at = balance.period, balance.as_of, balance.known_at
    pool = balance.pool
    # Each entry counts in the pool of the version in force on its day; the pool's terms
    # follow the versions (pool_terms: each version's quotas of the pool on its own days).
    # A grant, regrant or adjustment naming another pool (even one the agreement lacks, as a
    # ledger read back may hold) is not the default pool's either.
    if (
        pool != _DEFAULT
        or len(agreement.pool_names) > 1
        or any(
            getattr(e, "telework_kind", "regular") != "regular"
            or getattr(e, "pool", _DEFAULT) != _DEFAULT
            for e in entries
        )
    ):
        # Only the entries counting in the balance's pool (not imposed or medical days).
        entries = tuple(
            e for e in entries if entry_pool(e, agreement_in_force(agreement, e.day)) == pool
        )
        agreement = pool_terms(agreement, pool)
    in_force = (
        (agreement,)
        if isinstance(agreement, Agreement)
        else tuple(a for a, _ in agreement.spans(period)) or (agreement.governing(period),)
    )
    reference = agreement.reference
    lines: list[StatementLine] = []
    counted: set[str] = set()
    recorded = {"carry-over": _ZERO, "expiry": _ZERO}
    for entry in _in_view(entries, as_of, known_at):
        if isinstance(entry, AbsenceRecord):
            continue  # changes no balance
        if isinstance(entry, Booking):
            if _containing(reference, entry.day) != period:
                continue
            counted.add(entry.entry_id)
        elif isinstance(entry, Cancellation):
            if entry.booking_id not in counted:
                continue
        elif entry.period != period or isinstance(entry, Forfeiture):
            continue  # a forfeiture is the statement's forfeiture line, not one of its lines
        elif isinstance(entry, (CarryOverIn, Expiry)):
            recorded[entry.kind] += entry.amount
        lines.append(_entry_line(entry, agreement))
    missing_carry = balance.carried - recorded["carry-over"]
    if missing_carry:
        label_prev = reference.label(_containing(reference, period.start - _ONE_DAY))
        lines.append(
            StatementLine(
                day=period.start,
                kind="carry-over",
                amount=missing_carry,
                entry_id=_record_id(entries, f"{balance.employee}:carry-over:{label_prev}"),
                description=f"carried over from {label_prev}",
                recorded=False,
            )
        )
    missing_expiry = balance.expired - recorded["expiry"]
    if missing_expiry:
        last = _last_usable(_rule_of(agreement, period), period)
        base = f"{balance.employee}:expiry:{reference.label(period)}"
        lines.append(
            StatementLine(
                day=period.start if last is None else last + _ONE_DAY,
                kind="expiry",
                amount=-missing_expiry,
                entry_id=_record_id(entries, base),
                description="carried days expired unused",
                recorded=False,
            )
        )
    lines.sort(key=lambda line: (line.day, _KIND_ORDER.get(line.kind, 9)))
    forfeiture = None
    if balance.forfeited:
        forfeiture = _forfeiture_line(entries, agreement, balance)
    return Statement(
        balance=balance,
        lines=tuple(lines),
        forfeiture=forfeiture,
        # Days granted, carried or adjusted by hand make an envelope even without a period quota.
        envelope=any(a.period_quota is not None for a in in_force)
        or bool(balance.granted or balance.carried or balance.adjusted),
    )


def forfeit_reason(agreement: Agreement | AgreementHistory, period: DateRange) -> str:
    """Why the days ``period`` ends with are not all carried into the next period: the rule
    in force on the next period's first day (no carry-over, its cap, the balance cap).

    >>> from teleaccord import Agreement, CarryOver, year_range
    >>> from teleaccord.fold import forfeit_reason
    >>> forfeit_reason(Agreement(name="x", carry_over=CarryOver(mode="capped", cap=5)), year_range(2024))
    'above the carry-over cap of 5 days into 2025'
    """
    reference = agreement.reference
    nxt = _containing(reference, period.end + _ONE_DAY)
    rule = _rule_of(agreement, nxt)
    label = reference.label(nxt)
    if rule.mode is CarryOverMode.NONE:
        return f"unused days are not carried over into {label}"
    reasons = []
    if rule.mode is CarryOverMode.CAPPED and rule.cap is not None:
        reasons.append(f"the carry-over cap of {format_amount(rule.cap)} days")
    if rule.balance_cap is not None:
        reasons.append(f"the balance cap of {format_amount(rule.balance_cap)} days")
    return f"above {' or '.join(reasons) or 'the carry-over rule'} into {label}"


def _forfeiture_line(
    entries: tuple[Entry, ...], agreement: Agreement | AgreementHistory, balance: Balance
) -> StatementLine:
    label = agreement.reference.label(balance.period)
    base = f"{balance.employee}:forfeited:{label}"
    recorded = sum(
        (
            e.amount
            for e in entries
            if isinstance(e, Forfeiture) and e.entry_id.partition("#")[0] == base
        ),
        _ZERO,
    )
    return StatementLine(
        day=balance.period.end,
        kind="forfeited",
        amount=-balance.forfeited,
        entry_id=base,
        description=f"forfeited: {forfeit_reason(agreement, balance.period)}",
        recorded=recorded == balance.forfeited,
    )
