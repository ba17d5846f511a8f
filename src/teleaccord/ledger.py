"""The quota ledger: one employee's telework days, as an append-only sequence of entries.

A :class:`QuotaLedger` holds immutable entries — :class:`Grant`, :class:`Regrant`,
:class:`Booking`, :class:`Cancellation`, :class:`Adjustment`, :class:`CarryOverIn` and
:class:`Expiry` — and a version (the number of entries appended). No entry is ever changed or
removed: a correction is a new entry. Balances are derived from the entries and the agreement
when they are read, never stored beside them:

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
back from JSON Lines (:meth:`QuotaLedger.to_jsonl`, :meth:`QuotaLedger.from_jsonl`); replaying
the entries reproduces every balance.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar, TypeAlias

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError

from teleaccord.agreement import Agreement, CarryOverMode, ReferencePeriod
from teleaccord.amounts import format_amount, parse_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, parse_date
from teleaccord.entitlements import entitlement
from teleaccord.errors import (
    InvalidValue,
    LoadError,
    OperationRefused,
    Problem,
    StaleVersion,
    TeleaccordError,
    Violation,
)
from teleaccord.pattern import HalfDay
from teleaccord.rules import BOOKING_RULES, BookingContext, Rule, check_booking, describe_days

__all__ = [
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
]

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
_ZERO = Fraction(0)
_HALF = Fraction(1, 2)

# -- validators and converters shared by the entries ------------------------------------------


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name}: expected a non-empty text, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="missing_value")


def _check_aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    _aware(value, attribute.name)


def _aware(value: object, field: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise :class:`InvalidValue`."""
    if not isinstance(value, datetime):
        msg = f"{field}: expected a timezone-aware datetime, got {value!r}."
        raise InvalidValue(msg, field=field, code="invalid_datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"{field}: the timestamp {value.isoformat()} has no time zone; pass an aware "
            "datetime such as datetime(2024, 3, 1, 9, 0, tzinfo=ZoneInfo('Europe/Paris'))."
        )
        raise InvalidValue(msg, field=field, code="naive_datetime")
    return value


def _day(value: Any) -> date:
    return parse_date(value, field="day")


def _amount(value: Any) -> Fraction:
    return parse_amount(value, field="amount")


def _optional_half(value: Any) -> HalfDay | None:
    if value is None or isinstance(value, HalfDay):
        return value
    try:
        return HalfDay(str(value).strip().lower())
    except ValueError:
        msg = f"half: expected 'am' (morning), 'pm' (afternoon) or nothing, got {value!r}."
        raise InvalidValue(msg, field="half", code="invalid_half_day") from None


def _check_nonzero(instance: Any, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if value == 0:
        msg = f"{attribute.name}: an entry of 0 days changes nothing; give a non-zero amount."
        raise InvalidValue(msg, field=attribute.name, code="zero_amount")


def _check_not_negative(instance: Any, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if value < 0:
        msg = f"{attribute.name}: must not be negative, got {format_amount(value)}."
        raise InvalidValue(msg, field=attribute.name, code="negative_amount")


def _check_booking_amount(
    instance: Booking, attribute: attrs.Attribute[Any], value: Fraction
) -> None:
    expected = Fraction(1) if instance.half is None else _HALF
    if value != expected:
        what = "a whole day" if instance.half is None else "a half-day"
        msg = (
            f"amount: a booking of {what} counts {format_amount(expected)}, "
            f"not {format_amount(value)}."
        )
        raise InvalidValue(msg, field="amount", code="invalid_booking_amount")


def _check_cancel_amount(
    instance: Cancellation, attribute: attrs.Attribute[Any], value: Fraction
) -> None:
    if value not in (Fraction(1), _HALF):
        msg = f"amount: a cancelled booking counts 1 or 0.5 day, not {format_amount(value)}."
        raise InvalidValue(msg, field="amount", code="invalid_booking_amount")


def _check_expiry_day(instance: Expiry, attribute: attrs.Attribute[Any], value: date) -> None:
    if value not in instance.period:
        msg = f"day: the expiry day {value} is outside its period {instance.period}."
        raise InvalidValue(msg, field="day", code="day_outside_period")


def _check_previous_period(
    instance: CarryOverIn, attribute: attrs.Attribute[Any], value: DateRange
) -> None:
    if value.end + _ONE_DAY != instance.period.start:
        msg = (
            f"from_period: days are carried into {instance.period} from the period just "
            f"before it, not from {value}."
        )
        raise InvalidValue(msg, field="from_period", code="invalid_carry_over")


def _check_period(instance: Any, attribute: attrs.Attribute[Any], value: DateRange) -> None:
    if not isinstance(value, DateRange):
        msg = f"{attribute.name}: expected a DateRange, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_period")


# -- the entries -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Grant:
    """The entitlement of one reference period, granted (and recorded) once.

    ``amount`` is the rounded entitlement, ``exact`` the figure before rounding, and
    ``explanation`` the paragraph a person can check
    (:meth:`~teleaccord.entitlements.Entitlement.describe`). The date it concerns is the first
    day of the period.

    >>> from teleaccord import year_range
    >>> g = Grant(entry_id="E1:grant:2024", period=year_range(2024), amount=80, exact=80,
    ...           recorded_at=datetime(2024, 1, 2, 9, tzinfo=timezone.utc), by="hr")
    >>> g.day, g.amount
    (datetime.date(2024, 1, 1), Fraction(80, 1))
    """

    kind: ClassVar[str] = "grant"

    entry_id: str = attrs.field(validator=_check_text)
    period: DateRange = attrs.field(validator=_check_period)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_not_negative)
    exact: Fraction = attrs.field(converter=_amount, validator=_check_not_negative)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)
    explanation: str = ""

    @property
    def day(self) -> date:
        """The date the entry concerns: the first day of its period."""
        return self.period.start


@attrs.frozen(kw_only=True)
class Regrant:
    """A late change of a period's entitlement (a contract amendment recorded after the
    grant): ``amount`` is the difference, ``previous`` and ``current`` the two figures, and
    ``explanation`` says why both are what they are.

    >>> from teleaccord import year_range
    >>> r = Regrant(entry_id="E1:regrant:2024#1", period=year_range(2024), amount=-10,
    ...             previous=80, current=70,
    ...             recorded_at=datetime(2024, 9, 2, 9, tzinfo=timezone.utc), by="hr")
    >>> r.amount, r.day
    (Fraction(-10, 1), datetime.date(2024, 1, 1))
    """

    kind: ClassVar[str] = "regrant"

    entry_id: str = attrs.field(validator=_check_text)
    period: DateRange = attrs.field(validator=_check_period)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_nonzero)
    previous: Fraction = attrs.field(converter=_amount)
    current: Fraction = attrs.field(converter=_amount)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)
    explanation: str = ""

    def __attrs_post_init__(self) -> None:
        if self.current - self.previous != self.amount:
            msg = (
                f"amount: a regrant from {format_amount(self.previous)} to "
                f"{format_amount(self.current)} holds the difference "
                f"{format_amount(self.current - self.previous)}, not {format_amount(self.amount)}."
            )
            raise InvalidValue(msg, field="amount", code="invalid_regrant")

    @property
    def day(self) -> date:
        """The date the entry concerns: the first day of its period."""
        return self.period.start


@attrs.frozen(kw_only=True)
class Booking:
    """A telework day (or half-day) booked: ``half`` is ``None`` for a whole day, else the
    morning or the afternoon; ``amount`` is 1 or 1/2 accordingly.

    >>> b = Booking(entry_id="b1", day=date(2024, 3, 5), half="am",
    ...             recorded_at=datetime(2024, 3, 1, 9, tzinfo=timezone.utc), by="ana")
    >>> b.half, b.amount
    (<HalfDay.MORNING: 'am'>, Fraction(1, 2))
    >>> Booking(entry_id="b2", day=date(2024, 3, 5), recorded_at=datetime(2024, 3, 1, 9), by="ana")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: recorded_at: the timestamp 2024-03-01T09:00:00 has no time zone; pass an aware datetime such as datetime(2024, 3, 1, 9, 0, tzinfo=ZoneInfo('Europe/Paris')).
    """

    kind: ClassVar[str] = "booking"

    entry_id: str = attrs.field(validator=_check_text)
    day: date = attrs.field(converter=_day)
    half: HalfDay | None = attrs.field(default=None, converter=_optional_half)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_booking_amount)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)
    note: str = ""

    @amount.default
    def _amount_of_half(self) -> Fraction:
        return Fraction(1) if self.half is None else _HALF


@attrs.frozen(kw_only=True)
class Cancellation:
    """The cancellation of a booking; ``day`` and ``amount`` repeat the booking's, so a
    balance counts the cancellation on the day it concerns.

    >>> c = Cancellation(entry_id="c1", booking_id="b1", day=date(2024, 3, 5), amount="0.5",
    ...                  recorded_at=datetime(2024, 3, 2, 9, tzinfo=timezone.utc), by="ana")
    >>> c.amount
    Fraction(1, 2)
    """

    kind: ClassVar[str] = "cancellation"

    entry_id: str = attrs.field(validator=_check_text)
    booking_id: str = attrs.field(validator=_check_text)
    day: date = attrs.field(converter=_day)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_cancel_amount)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)
    reason: str = ""


@attrs.frozen(kw_only=True)
class Adjustment:
    """A manual correction of a period's balance, positive or negative, with its reason and
    author. It concerns the first day of its period.

    >>> from teleaccord import year_range
    >>> a = Adjustment(entry_id="a1", period=year_range(2024), amount="-1.5",
    ...                reason="telework day taken during the strike, recorded by hand",
    ...                recorded_at=datetime(2024, 6, 1, 9, tzinfo=timezone.utc), by="hr")
    >>> a.amount, a.day
    (Fraction(-3, 2), datetime.date(2024, 1, 1))
    """

    kind: ClassVar[str] = "adjustment"

    entry_id: str = attrs.field(validator=_check_text)
    period: DateRange = attrs.field(validator=_check_period)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_nonzero)
    reason: str = attrs.field(validator=_check_text)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)

    @property
    def day(self) -> date:
        """The date the entry concerns: the first day of its period."""
        return self.period.start


@attrs.frozen(kw_only=True)
class CarryOverIn:
    """Days carried into ``period`` from ``from_period``, as recorded by a rollover.

    The balance does not read this amount: it computes the carry-over from the entries and
    the agreement, and the rollover records what it computed (a later correction records the
    difference under the next derived id).

    >>> from teleaccord import year_range
    >>> c = CarryOverIn(entry_id="E1:carry-over:2024", period=year_range(2025),
    ...                 from_period=year_range(2024), amount=3,
    ...                 recorded_at=datetime(2025, 1, 1, 1, tzinfo=timezone.utc), by="rollover")
    >>> c.day
    datetime.date(2025, 1, 1)
    """

    kind: ClassVar[str] = "carry-over"

    entry_id: str = attrs.field(validator=_check_text)
    period: DateRange = attrs.field(validator=_check_period)
    from_period: DateRange = attrs.field(validator=[_check_period, _check_previous_period])
    amount: Fraction = attrs.field(converter=_amount, validator=_check_nonzero)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)

    @property
    def day(self) -> date:
        """The date the entry concerns: the first day of the period the days go into."""
        return self.period.start


@attrs.frozen(kw_only=True)
class Expiry:
    """Carried days of ``period`` that expired unused, as recorded by a rollover; ``day`` is
    the first day they could no longer be used.

    Like :class:`CarryOverIn`, a record of a figure the balance computes on read.

    >>> from teleaccord import year_range
    >>> e = Expiry(entry_id="E1:expiry:2025", period=year_range(2025), day=date(2025, 4, 1),
    ...            amount=1, recorded_at=datetime(2025, 12, 31, 23, tzinfo=timezone.utc),
    ...            by="rollover")
    >>> e.amount
    Fraction(1, 1)
    """

    kind: ClassVar[str] = "expiry"

    entry_id: str = attrs.field(validator=_check_text)
    period: DateRange = attrs.field(validator=_check_period)
    day: date = attrs.field(converter=_day, validator=_check_expiry_day)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_nonzero)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)


Entry: TypeAlias = Grant | Regrant | Booking | Cancellation | Adjustment | CarryOverIn | Expiry
"""Any ledger entry."""

_ENTRY_TYPES: dict[str, type[Any]] = {
    cls.kind: cls
    for cls in (Grant, Regrant, Booking, Cancellation, Adjustment, CarryOverIn, Expiry)
}


# -- balances ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Balance:
    """The days of one reference period, as of a date: where they came from and where they
    went.

    ``remaining = granted + carried + adjusted - booked + cancelled - expired``. ``granted``
    includes regrants; ``booked`` counts every booking, ``cancelled`` those cancelled since,
    so ``taken = booked - cancelled`` is what the active bookings use.

    >>> from teleaccord import year_range
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
    remaining: Fraction = attrs.field(init=False)

    @remaining.default
    def _remaining(self) -> Fraction:
        return (
            self.granted
            + self.carried
            + self.adjusted
            - self.booked
            + self.cancelled
            - self.expired
        )

    @property
    def taken(self) -> Fraction:
        """The days used by the active bookings: ``booked - cancelled``."""
        return self.booked - self.cancelled

    def to_dict(self) -> dict[str, Any]:
        """The balance as JSON-compatible data (amounts as exact strings, ISO dates).

        >>> from teleaccord import year_range
        >>> Balance(employee="E1", period=year_range(2024), granted=Fraction(81, 2)).to_dict()["remaining"]
        '40.5'
        """
        return {
            "employee": self.employee,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "known_at": None if self.known_at is None else self.known_at.isoformat(),
            **{
                name: format_amount(getattr(self, name))
                for name in (
                    "granted",
                    "carried",
                    "adjusted",
                    "booked",
                    "cancelled",
                    "expired",
                    "remaining",
                )
            },
        }

    def describe(self) -> str:
        """The balance in one line a person can check.

        >>> from teleaccord import year_range
        >>> print(Balance(employee="E1", period=year_range(2024), granted=Fraction(10), booked=Fraction(3)))
        E1, period 2024-01-01..2024-12-31: 10 granted + 0 carried + 0 adjusted - 3 booked + 0 cancelled - 0 expired = 7 remaining
        """
        when = ""
        if self.as_of is not None:
            when += f" as of {self.as_of.isoformat()}"
        if self.known_at is not None:
            when += f" as known at {self.known_at.isoformat()}"
        f = format_amount
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

    >>> from teleaccord import year_range
    >>> s = Statement(balance=Balance(employee="E1", period=year_range(2024)), lines=())
    >>> s.total
    Fraction(0, 1)
    """

    balance: Balance
    lines: tuple[StatementLine, ...]

    @property
    def total(self) -> Fraction:
        """The sum of the lines' amounts (equal to ``balance.remaining``)."""
        return sum((line.amount for line in self.lines), _ZERO)

    def describe(self) -> str:
        """The statement as a small table of text."""
        rows = [f"Statement of {self.balance.describe()}"]
        for line in self.lines:
            sign = "+" if line.amount >= 0 else ""
            amount = f"{sign}{format_amount(line.amount)}"
            note = "" if line.recorded else " (computed on read, not recorded)"
            rows.append(
                f"  {line.day.isoformat()}  {line.kind:<12} {amount:>6}  {line.description}{note}"
            )
        rows.append(f"  {'':10}  {'remaining':<12} {format_amount(self.total):>6}")
        return "\n".join(rows)

    __str__ = describe


@attrs.frozen(kw_only=True)
class DaysTaken:
    """Telework actually taken in one window (a month, an ISO week or a year): the amount of
    days (half-days count 1/2) and the number of distinct days with some telework.

    >>> from teleaccord import month_range
    >>> DaysTaken(employee="E1", label="2024-03", window=month_range(2024, 3),
    ...           amount=Fraction(9, 2), days=5).amount
    Fraction(9, 2)
    """

    employee: str
    label: str
    window: DateRange
    amount: Fraction
    days: int


# -- folding entries into per-period sums ------------------------------------------------------


class _Sums:
    """What one period's entries add up to (the recorded figures; carry-over is computed)."""

    __slots__ = ("adjusted", "booked", "cancelled", "granted", "used_early")

    def __init__(self) -> None:
        self.granted = _ZERO
        self.adjusted = _ZERO
        self.booked = _ZERO
        self.cancelled = _ZERO
        # Net days booked on or before the last day carried days can be used (carried first).
        self.used_early = _ZERO

    def copy(self) -> _Sums:
        other = _Sums()
        other.granted = self.granted
        other.adjusted = self.adjusted
        other.booked = self.booked
        other.cancelled = self.cancelled
        other.used_early = self.used_early
        return other


class _Rules:
    """The agreement's period arithmetic, memoised (one per ledger)."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self._period_of: dict[date, DateRange] = {}
        self._last_usable: dict[DateRange, date | None] = {}

    def period_of(self, day: date) -> DateRange:
        found = self._period_of.get(day)
        if found is None:
            found = _containing(self.agreement.reference, day)
            self._period_of[day] = found
        return found

    def next_period(self, period: DateRange) -> DateRange:
        return self.period_of(period.end + _ONE_DAY)

    def previous_period(self, period: DateRange) -> DateRange:
        return self.period_of(period.start - _ONE_DAY)

    def last_usable(self, period: DateRange) -> date | None:
        """The last day days carried into ``period`` can be used (``None``: all period)."""
        if period not in self._last_usable:
            self._last_usable[period] = self.agreement.carry_over.last_usable_day(period)
        return self._last_usable[period]

    def carry(self, remaining: Fraction) -> Fraction:
        """The days carried out of a period that ends with ``remaining`` days."""
        rule = self.agreement.carry_over
        if rule.mode is CarryOverMode.NONE or remaining <= 0:
            return _ZERO
        if rule.mode is CarryOverMode.CAPPED:
            assert rule.cap is not None
            return min(rule.cap, remaining)
        return remaining

    def floor(self) -> Fraction | None:
        """The lowest balance allowed (``None``: no limit)."""
        return _balance_floor(self.agreement)


@functools.lru_cache(maxsize=65536)
def _containing(reference: ReferencePeriod, day: date) -> DateRange:
    """The reference period containing ``day``, shared by every ledger (the same days recur
    across a workforce)."""
    return reference.containing(day)


def _balance_floor(agreement: Agreement) -> Fraction | None:
    if agreement.period_quota is None:
        return None
    if agreement.allow_negative:
        return None if agreement.negative_limit is None else -agreement.negative_limit
    return _ZERO


def _apply(sums: dict[DateRange, _Sums], entry: Entry, rules: _Rules, copy: bool = False) -> None:
    """Add one entry to the per-period sums (``copy``: copy the touched period's sums first)."""
    if isinstance(entry, (CarryOverIn, Expiry)):
        return  # records of figures computed on read
    period = entry.period if isinstance(entry, (Grant, Regrant, Adjustment)) else None
    if period is None:
        period = rules.period_of(entry.day)
    current = sums.get(period)
    if current is None:
        current = sums[period] = _Sums()
    elif copy:
        current = sums[period] = current.copy()
    if isinstance(entry, (Grant, Regrant)):
        current.granted += entry.amount
    elif isinstance(entry, Adjustment):
        current.adjusted += entry.amount
    else:
        last = rules.last_usable(period)
        early = last is not None and entry.day <= last
        if isinstance(entry, Booking):
            current.booked += entry.amount
            if early:
                current.used_early += entry.amount
        else:
            current.cancelled += entry.amount
            if early:
                current.used_early -= entry.amount


def _fold(
    entries: Iterable[Entry], rules: _Rules, as_of: date | None, known_at: datetime | None
) -> dict[DateRange, _Sums]:
    """The per-period sums of the entries concerning days up to ``as_of``, recorded by
    ``known_at``."""
    sums: dict[DateRange, _Sums] = {}
    counted: set[str] = set()
    for entry in entries:
        if known_at is not None and entry.recorded_at > known_at:
            continue
        if as_of is not None and entry.day > as_of:
            continue
        if isinstance(entry, Booking):
            counted.add(entry.entry_id)
        elif isinstance(entry, Cancellation) and entry.booking_id not in counted:
            continue
        _apply(sums, entry, rules)
    return sums


@attrs.frozen
class _Flow:
    """Carry-over and expiry of one period, computed from the sums."""

    carried: Fraction
    expired: Fraction
    remaining: Fraction


def _flows(
    sums: Mapping[DateRange, _Sums], target: DateRange, rules: _Rules
) -> dict[DateRange, _Flow]:
    """Carry-over, expiry and remaining of each period from the earliest one with entries up
    to ``target``, in order (carried days are used first; what is left by the last usable
    day expires)."""
    result: dict[DateRange, _Flow] = {}
    start = min([target, *sums], key=lambda p: p.start)
    period = start
    carry_in = _ZERO
    empty = _Sums()
    while True:
        s = sums.get(period, empty)
        expired = _ZERO
        if carry_in > 0 and rules.last_usable(period) is not None:
            expired = max(_ZERO, carry_in - max(_ZERO, s.used_early))
        remaining = s.granted + carry_in + s.adjusted - s.booked + s.cancelled - expired
        result[period] = _Flow(carry_in, expired, remaining)
        if period.start >= target.start:
            return result
        carry_in = rules.carry(remaining)
        period = rules.next_period(period)


def _balance(
    employee: str,
    sums: Mapping[DateRange, _Sums],
    period: DateRange,
    rules: _Rules,
    as_of: date | None = None,
    known_at: datetime | None = None,
    flow: _Flow | None = None,
) -> Balance:
    s = sums.get(period) or _Sums()
    if flow is None:
        flow = _flows(sums, period, rules)[period]
    carried = flow.carried if as_of is None or as_of >= period.start else _ZERO
    last = rules.last_usable(period)
    counts_expiry = as_of is None or (last is not None and as_of > last)
    return Balance(
        employee=employee,
        period=period,
        as_of=as_of,
        known_at=known_at,
        granted=s.granted,
        carried=carried,
        adjusted=s.adjusted,
        booked=s.booked,
        cancelled=s.cancelled,
        expired=flow.expired if counts_expiry else _ZERO,
    )


# -- JSON Lines --------------------------------------------------------------------------------

_FORMAT = 1


def _structure_amount(value: Any, _: Any) -> Fraction:
    if isinstance(value, float):
        msg = (
            f'write day amounts as strings such as "0.5" or "81/2" (or whole numbers), '
            f"not as a JSON number {value!r}."
        )
        raise InvalidValue(msg, code="float_amount")
    return parse_amount(value)


def _structure_date(value: Any, _: Any) -> date:
    return parse_date(value)


def _structure_datetime(value: Any, _: Any) -> datetime:
    if isinstance(value, str):
        try:
            return _aware(datetime.fromisoformat(value.strip()), "recorded_at")
        except ValueError as exc:
            if isinstance(exc, InvalidValue):
                raise
    msg = (
        f"expected a timestamp with its UTC offset such as 2024-03-01T09:00:00+01:00, "
        f"got {value!r}."
    )
    raise InvalidValue(msg, code="invalid_datetime")


def _structure_range(value: Any, _: Any) -> DateRange:
    if isinstance(value, Mapping) and set(value) == {"start", "end"}:
        return DateRange(
            parse_date(value["start"], field="start"), parse_date(value["end"], field="end")
        )
    msg = f'expected a period as {{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}}, got {value!r}.'
    raise InvalidValue(msg, code="invalid_period")


def _structure_half(value: Any, _: Any) -> HalfDay | None:
    return _optional_half(value)


def _structure_text(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        msg = f"expected a text (a JSON string), got {value!r}."
        raise InvalidValue(msg, code="invalid_text")
    return value


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Fraction, _structure_amount)
    converter.register_unstructure_hook(Fraction, format_amount)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(DateRange, _structure_range)
    converter.register_unstructure_hook(
        DateRange, lambda r: {"start": r.start.isoformat(), "end": r.end.isoformat()}
    )
    converter.register_structure_hook(HalfDay | None, _structure_half)
    converter.register_structure_hook(str, _structure_text)
    return converter


_CONVERTER = _make_converter()


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """An entry as JSON-compatible data: ``type`` first, amounts as exact strings."""
    data: dict[str, Any] = {"type": entry.kind}
    data.update(_CONVERTER.unstructure(entry))
    return data


def _problems_of(exc: BaseException, path: str, *, named: bool = False) -> Iterator[Problem]:
    """Every problem inside a cattrs validation error, with its path (``named``: the path
    already ends with the field at fault)."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            name = getattr(note, "name", getattr(note, "index", "?"))
            yield from _problems_of(inner, f"{path}.{name}", named=True)
        for inner in without:
            yield from _problems_of(inner, path, named=named)
        return
    if isinstance(exc, TeleaccordError):
        field = exc.field
        message = exc.message
        if field and message.startswith(f"{field}: "):
            message = message[len(field) + 2 :]
        where = path if named or not field else f"{path}.{field}"
        yield Problem(path=where, message=message, code=exc.code)
        return
    if isinstance(exc, KeyError):
        where = path if named else f"{path}.{exc.args[0]}"
        yield Problem(path=where, message="this key is required.", code="missing_key")
        return
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        keys = ", ".join(sorted(exc.extra_fields))
        yield Problem(path=path, message=f"unknown keys: {keys}.", code="unknown_key")
        return
    yield Problem(path=path, message=str(exc) or type(exc).__name__, code="invalid_value")


def entry_from_dict(data: Mapping[str, Any], *, path: str = "$") -> Entry:
    """Read one entry from JSON-compatible data (what :func:`entry_to_dict` writes).

    Raises:
        LoadError: naming every field at fault, each with ``path`` as its prefix.

    >>> e = entry_from_dict({"type": "booking", "entry_id": "b1", "day": "2024-03-05",
    ...                      "half": None, "amount": "1", "by": "ana",
    ...                      "recorded_at": "2024-03-01T09:00:00+01:00", "note": ""})
    >>> e.day, e.amount
    (datetime.date(2024, 3, 5), Fraction(1, 1))
    """
    problems = list(_entry_problems(data, path))
    if problems:
        raise LoadError.from_problems(path, problems)
    return _entry_or_problems(data, path)  # type: ignore[return-value]


def _entry_problems(data: Any, path: str) -> Iterator[Problem]:
    result = _entry_or_problems(data, path)
    if isinstance(result, list):
        yield from result


def _entry_or_problems(data: Any, path: str) -> Entry | list[Problem]:
    if not isinstance(data, Mapping):
        return [Problem(path=path, message=f"expected a JSON object, got {data!r}.")]
    kind = data.get("type")
    cls = _ENTRY_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(_ENTRY_TYPES))
        return [
            Problem(path=f"{path}.type", message=f"unknown entry type {kind!r}; known: {known}.")
        ]
    body = {k: v for k, v in data.items() if k != "type"}
    try:
        entry: Entry = _CONVERTER.structure(body, cls)
    except Exception as exc:  # every problem becomes a Problem with its path
        return list(_problems_of(exc, path))
    return entry


# -- the ledger --------------------------------------------------------------------------------


class QuotaLedger:
    """One employee's telework days: an append-only sequence of entries with a version.

    Args:
        agreement: the telework agreement (its reference period, quotas, carry-over rule).
        contract: the employee's contract; :attr:`employee` is its employee id.
        calendar: holidays and closures.
        statuses: the employee's statuses (``"carer"``...) for extra days.
        rules: the booking rules :meth:`check` and :meth:`book` apply (default
            :data:`~teleaccord.rules.BOOKING_RULES`); pass ``(*BOOKING_RULES, my_rule)`` to add
            one, such as a cross-border threshold.
        entries: entries to start from (as read back from storage); they are checked for
            consistency (unique ids, cancellations of known bookings, no day booked twice)
            but not against the booking rules, which may have changed since they were made.

    Raises:
        InvalidValue: when ``entries`` are not consistent.

    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import Quota, year_range
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
        agreement: Agreement,
        contract: Contract,
        calendar: Calendar,
        statuses: Iterable[str] = (),
        entries: Iterable[Entry] = (),
        rules: Iterable[Rule] | None = None,
    ) -> None:
        self._agreement = agreement
        self._contract = contract
        self._calendar = calendar
        self._statuses = tuple(statuses)
        self._checks: tuple[Rule, ...] = BOOKING_RULES if rules is None else tuple(rules)
        self._rules = _Rules(agreement)
        self._entries: list[Entry] = []
        self._by_id: dict[str, Entry] = {}
        self._bookings: dict[str, Booking] = {}
        self._cancellation_of: dict[str, Cancellation] = {}
        self._active: dict[date, tuple[Booking, ...]] = {}
        self._grants: dict[DateRange, list[Grant | Regrant]] = {}
        self._records: dict[str, list[CarryOverIn | Expiry]] = {}
        self._sums: dict[DateRange, _Sums] = {}
        self._flow_memo: dict[DateRange, _Flow] = {}
        self._balance_memo: dict[DateRange, Balance] = {}
        for n, entry in enumerate(entries):
            problem = self._inconsistency(entry)
            if problem is not None:
                msg = f"entries[{n}]: {problem}"
                raise InvalidValue(msg, field=f"entries[{n}]", code="inconsistent_entries")
            self._append(entry)

    # -- what it is -------------------------------------------------------------------------

    @property
    def employee(self) -> str:
        """The employee whose ledger this is (the contract's employee id)."""
        return self._contract.employee

    @property
    def agreement(self) -> Agreement:
        """The agreement the ledger applies."""
        return self._agreement

    @property
    def contract(self) -> Contract:
        """The employee's contract (replaced by :meth:`regrant` after a late amendment)."""
        return self._contract

    @property
    def calendar(self) -> Calendar:
        """The calendar of holidays and closures."""
        return self._calendar

    @property
    def statuses(self) -> tuple[str, ...]:
        """The employee's statuses (for extra days)."""
        return self._statuses

    @property
    def booking_rules(self) -> tuple[Rule, ...]:
        """The booking rules :meth:`check` and :meth:`book` apply."""
        return self._checks

    @property
    def version(self) -> int:
        """The number of entries appended so far."""
        return len(self._entries)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in the order appended."""
        return tuple(self._entries)

    def __repr__(self) -> str:
        return f"QuotaLedger(employee={self.employee!r}, version={self.version})"

    def entry(self, entry_id: str) -> Entry:
        """The entry with this id.

        Raises:
            InvalidValue: no entry has this id.
        """
        try:
            return self._by_id[entry_id]
        except KeyError:
            msg = f"The ledger of {self.employee} has no entry {entry_id!r}."
            raise InvalidValue(msg, field="entry_id", code="unknown_entry") from None

    def period_of(self, day: date) -> DateRange:
        """The reference period of the agreement that contains ``day``.

        >>> ledger = QuotaLedger(agreement=Agreement(name="x"),
        ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)),
        ...                      calendar=Calendar())
        >>> str(ledger.period_of(date(2024, 5, 2)))
        '2024-01-01..2024-12-31'
        """
        return self._rules.period_of(day)

    def periods(self) -> tuple[DateRange, ...]:
        """The reference periods holding at least one entry, in order."""
        found = set(self._sums)
        for entry in self._entries:
            if isinstance(entry, (CarryOverIn, Expiry)):
                found.add(entry.period)
        return tuple(sorted(found, key=lambda p: p.start))

    # -- appending ---------------------------------------------------------------------------

    def _reference_period(self, period: DateRange) -> DateRange:
        if not isinstance(period, DateRange) or self._rules.period_of(period.start) != period:
            expected = (
                self._rules.period_of(period.start) if isinstance(period, DateRange) else None
            )
            hint = f" (the one starting then is {expected})" if expected else ""
            msg = (
                f"period: {period} is not a reference period of the agreement {self._agreement.name!r}"
                f"{hint}; use ledger.period_of(day)."
            )
            raise InvalidValue(msg, field="period", code="not_a_reference_period")
        return period

    def _check_version(self, expected_version: int | None) -> None:
        if expected_version is not None and expected_version != self.version:
            msg = (
                f"The ledger of {self.employee} is at version {self.version}, not "
                f"{expected_version} as expected: it changed since you read it. Reload it, "
                "check again and retry."
            )
            raise StaleVersion(msg, params={"expected": expected_version, "actual": self.version})

    def _existing(self, entry: Entry) -> Entry | None:
        """The entry already recorded under ``entry``'s id if it says the same (an idempotent
        retry, whatever its timestamp); ``None`` if the id is free.

        Raises:
            InvalidValue: the id is taken by a different entry.
        """
        found = self._by_id.get(entry.entry_id)
        if found is None:
            return None
        if (
            type(found) is type(entry)
            and attrs.evolve(entry, recorded_at=found.recorded_at) == found
        ):
            return found
        msg = (
            f"entry_id: {entry.entry_id!r} is already the id of a different entry in the ledger of "
            f"{self.employee} ({found.kind} concerning {found.day}); use a new id."
        )
        raise InvalidValue(msg, field="entry_id", code="entry_id_reused")

    def _new_id(self, kind: str) -> str:
        base = f"{self.employee}:{kind}:{self.version + 1}"
        candidate, n = base, 1
        while candidate in self._by_id:
            n += 1
            candidate = f"{base}#{n}"
        return candidate

    def _inconsistency(self, entry: Entry) -> str | None:
        """Why ``entry`` cannot follow the entries already there (``None``: it can)."""
        if not isinstance(entry, tuple(_ENTRY_TYPES.values())):
            return f"expected a ledger entry, got {type(entry).__name__}."
        if entry.entry_id in self._by_id:
            return f"the entry id {entry.entry_id!r} is used twice."
        if (
            isinstance(entry, (Grant, Regrant, Adjustment, CarryOverIn, Expiry))
            and self._rules.period_of(entry.period.start) != entry.period
        ):
            return f"{entry.period} is not a reference period of the agreement."
        if isinstance(entry, Grant) and any(
            isinstance(g, Grant) for g in self._grants.get(entry.period, ())
        ):
            return f"the period {entry.period} is granted twice."
        if isinstance(entry, Booking):
            clash = _clash(self._active.get(entry.day, ()), entry.half)
            if clash is not None:
                return f"{entry.day} is booked twice ({clash.entry_id!r} and {entry.entry_id!r})."
        if isinstance(entry, Cancellation):
            booking = self._bookings.get(entry.booking_id)
            if booking is None:
                return f"the cancellation {entry.entry_id!r} cancels an unknown booking {entry.booking_id!r}."
            if entry.booking_id in self._cancellation_of:
                return f"the booking {entry.booking_id!r} is cancelled twice."
            if (booking.day, booking.amount) != (entry.day, entry.amount):
                return (
                    f"the cancellation {entry.entry_id!r} does not match its booking "
                    f"({booking.day}, {format_amount(booking.amount)} day)."
                )
        return None

    def _append(self, entry: Entry) -> Entry:
        """Record ``entry`` (already checked); never fails halfway."""
        self._entries.append(entry)
        self._by_id[entry.entry_id] = entry
        if isinstance(entry, Booking):
            self._bookings[entry.entry_id] = entry
            self._active[entry.day] = (*self._active.get(entry.day, ()), entry)
        elif isinstance(entry, Cancellation):
            self._cancellation_of[entry.booking_id] = entry
            left = tuple(
                b for b in self._active.get(entry.day, ()) if b.entry_id != entry.booking_id
            )
            if left:
                self._active[entry.day] = left
            else:
                self._active.pop(entry.day, None)
        elif isinstance(entry, (Grant, Regrant)):
            self._grants.setdefault(entry.period, []).append(entry)
        elif isinstance(entry, (CarryOverIn, Expiry)):
            self._records.setdefault(entry.entry_id.partition("#")[0], []).append(entry)
        _apply(self._sums, entry, self._rules)
        self._flow_memo.clear()
        self._balance_memo.clear()
        log.debug("ledger %s: appended %s %s", self.employee, entry.kind, entry.entry_id)
        return entry

    def _commit(self, entry: Entry, expected_version: int | None) -> Entry:
        self._check_version(expected_version)
        problem = self._inconsistency(entry)
        if problem is not None:  # pragma: no cover - the operations check this first
            raise InvalidValue(problem, code="inconsistent_entries")
        return self._append(entry)

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
        """Grant the period's entitlement (:func:`~teleaccord.entitlements.entitlement`).

        The default id is derived from the employee and the period, so granting twice is a
        no-op returning the grant already there. A period is granted once; a later change of
        its figure is a :meth:`regrant`.

        Raises:
            InvalidValue: ``period`` is not a reference period, ``at`` is naive, or the id is
                taken by a different entry.
            OperationRefused: the period is already granted with another figure or id
                (code ``already_granted``).
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        period = self._reference_period(period)
        figure = entitlement(
            self._agreement, self._contract, period, self._calendar, statuses=self._statuses
        )
        grant = Grant(
            entry_id=entry_id or f"{self.employee}:grant:{self._agreement.reference.label(period)}",
            period=period,
            amount=figure.rounded,
            exact=figure.exact,
            recorded_at=_aware(at, "at"),
            by=by,
            explanation=figure.describe(),
        )
        existing = self._existing(grant)
        if existing is not None:
            return existing  # type: ignore[return-value]
        for previous in self._grants.get(period, ()):
            if isinstance(previous, Grant):
                message = (
                    f"The period {period} of {self.employee} is already granted "
                    f"({format_amount(previous.amount)} days, entry {previous.entry_id!r}); "
                    "record a change of entitlement with regrant()."
                )
                raise OperationRefused.from_violations(
                    [
                        Violation(
                            code="already_granted",
                            message=message,
                            day=period.start,
                            params={"granted": previous.amount, "entry_id": previous.entry_id},
                        )
                    ]
                )
        return self._commit(grant, expected_version)  # type: ignore[return-value]

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
        The entitlement is computed again; if it differs from what is granted so far (grant
        plus earlier regrants), a :class:`Regrant` records the difference with the
        explanation of both figures. Returns ``None`` when nothing changed.

        A regrant records a fact, so it is never refused for the balance: when days already
        taken exceed the new figure, the balance goes below zero and further bookings are
        refused until an adjustment or a new period.

        Raises:
            InvalidValue: the period has no grant yet, the contract is another employee's,
                ``at`` is naive, or the id is taken.
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        period = self._reference_period(period)
        at = _aware(at, "at")
        new_contract = contract or self._contract
        if new_contract.employee != self.employee:
            msg = (
                f"contract: the contract is {new_contract.employee}'s, but this is the ledger of "
                f"{self.employee}."
            )
            raise InvalidValue(msg, field="contract", code="wrong_employee")
        grants = self._grants.get(period, [])
        if not grants:
            msg = f"period: {period} has no grant yet in the ledger of {self.employee}; grant it first."
            raise InvalidValue(msg, field="period", code="not_granted")
        previous = sum((g.amount for g in grants), _ZERO)
        figure = entitlement(
            self._agreement, new_contract, period, self._calendar, statuses=self._statuses
        )
        earlier = self._by_id.get(entry_id) if entry_id is not None else None
        if (
            isinstance(earlier, Regrant)
            and earlier.period == period
            and earlier.current == figure.rounded
        ):
            self._contract = new_contract
            return earlier  # an idempotent retry
        if figure.rounded == previous:
            self._contract = new_contract
            return None
        label = self._agreement.reference.label(period)
        n = sum(isinstance(g, Regrant) for g in grants) + 1
        last_text = grants[-1].explanation
        regrant = Regrant(
            entry_id=entry_id or f"{self.employee}:regrant:{label}#{n}",
            period=period,
            amount=figure.rounded - previous,
            previous=previous,
            current=figure.rounded,
            recorded_at=at,
            by=by,
            explanation=(
                f"Entitlement for {label} recomputed after a contract change: "
                f"{format_amount(previous)} before, {format_amount(figure.rounded)} now "
                f"(difference {format_amount(figure.rounded - previous)}). Before: {last_text} "
                f"Now: {figure.describe()}"
            ),
        )
        existing = self._existing(regrant)
        if existing is not None:
            self._contract = new_contract
            return existing  # type: ignore[return-value]
        result = self._commit(regrant, expected_version)
        self._contract = new_contract
        return result  # type: ignore[return-value]

    # -- bookings ----------------------------------------------------------------------------

    def _context(self, day: date, half: HalfDay | None, at: datetime | None) -> BookingContext:
        candidate = Booking(
            entry_id="(candidate)",
            day=day,
            half=half,
            recorded_at=at or datetime(2000, 1, 1, tzinfo=_UTC),
            by="(check)",
        )
        period = self._rules.period_of(day)
        later = [p for p in self._sums if p.start > period.start]
        return BookingContext(
            agreement=self._agreement,
            contract=self._contract,
            calendar=self._calendar,
            day=day,
            half=half,
            at=at,
            bookings=MappingProxyType(self._active),
            statuses=self._statuses,
            balance_after=functools.partial(self._projected_balance, candidate),
            periods_after=(period, *sorted(later, key=lambda p: p.start)),
        )

    def check(
        self,
        day: date,
        *,
        half: HalfDay | str | None = None,
        at: datetime | None = None,
        ignore: Iterable[str] = (),
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
                ``outside_contract``) cannot be ignored.

        The rules are :attr:`booking_rules` (by default
        :data:`teleaccord.rules.BOOKING_RULES`).
        """
        half_day = _optional_half(half)
        if at is not None:
            _aware(at, "at")
        day = parse_date(day, field="day")
        skipped = _ignorable(ignore)
        found = check_booking(self._context(day, half_day, at), self._checks)
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
    ) -> Booking:
        """Book ``day`` (or its morning or afternoon) for telework.

        With an ``entry_id`` already used for the same booking, returns that booking (an
        idempotent retry, checked before the version). Otherwise checks every rule and either
        appends the booking or raises one error carrying every violation.

        Raises:
            OperationRefused: carrying every :class:`~teleaccord.errors.Violation`; nothing
                was changed.
            StaleVersion: ``expected_version`` is not the ledger's version.
            InvalidValue: ``at`` is naive, or the id is taken by a different entry.
        """
        half_day = _optional_half(half)
        booking = Booking(
            entry_id=entry_id or self._new_id("booking"),
            day=day,
            half=half_day,
            recorded_at=_aware(at, "at"),
            by=by,
            note=note,
        )
        existing = self._existing(booking)
        if existing is not None:
            return existing  # type: ignore[return-value]
        self._check_version(expected_version)
        found = self.check(booking.day, half=half_day, at=at, ignore=ignore)
        if found:
            raise OperationRefused.from_violations(found)
        return self._commit(booking, expected_version)  # type: ignore[return-value]

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
        booking = self._bookings.get(booking_id)
        if booking is None:
            msg = f"booking_id: the ledger of {self.employee} has no booking {booking_id!r}."
            raise InvalidValue(msg, field="booking_id", code="unknown_booking")
        cancellation = Cancellation(
            entry_id=entry_id or self._new_id("cancellation"),
            booking_id=booking_id,
            day=booking.day,
            amount=booking.amount,
            recorded_at=_aware(at, "at"),
            by=by,
            reason=reason,
        )
        existing = self._existing(cancellation)
        if existing is not None:
            return existing  # type: ignore[return-value]
        earlier = self._cancellation_of.get(booking_id)
        if earlier is not None:
            message = (
                f"The booking {booking_id!r} of {booking.day} is already cancelled "
                f"(entry {earlier.entry_id!r})."
            )
            raise OperationRefused.from_violations(
                [
                    Violation(
                        code="already_cancelled",
                        message=message,
                        day=booking.day,
                        params={"booking_id": booking_id, "cancellation_id": earlier.entry_id},
                    )
                ]
            )
        return self._commit(cancellation, expected_version)  # type: ignore[return-value]

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
    ) -> Adjustment:
        """Correct a period's balance by ``amount`` days (positive or negative), with a reason.

        Raises:
            OperationRefused: the adjustment would bring this or a later period below zero
                (or below the agreement's negative limit), code ``negative_balance``.
            InvalidValue: a zero amount, no reason, a period that is not a reference period,
                a naive ``at``, or an id taken by a different entry.
            StaleVersion: ``expected_version`` is not the ledger's version.
        """
        period = self._reference_period(period)
        adjustment = Adjustment(
            entry_id=entry_id or self._new_id("adjustment"),
            period=period,
            amount=amount,
            reason=reason,
            recorded_at=_aware(at, "at"),
            by=by,
        )
        existing = self._existing(adjustment)
        if existing is not None:
            return existing  # type: ignore[return-value]
        self._check_version(expected_version)
        if adjustment.amount < 0:
            found = self._negative_after(adjustment)
            if found:
                raise OperationRefused.from_violations(found)
        return self._commit(adjustment, expected_version)  # type: ignore[return-value]

    def _negative_after(self, entry: Entry) -> list[Violation]:
        floor = self._rules.floor()
        if floor is None:
            return []
        sums = dict(self._sums)
        _apply(sums, entry, self._rules, copy=True)
        start = entry.period if isinstance(entry, Adjustment) else self._rules.period_of(entry.day)
        last = max([start, *sums], key=lambda p: p.start)
        flows = _flows(sums, last, self._rules)
        found = []
        for period, flow in flows.items():
            if period.start < start.start or flow.remaining >= floor:
                continue
            before = self.balance(period).remaining
            message = (
                f"An adjustment of {format_amount(entry.amount)} days to {start} would leave "
                f"{describe_days(flow.remaining)} in period {period} (now {format_amount(before)}); "
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
                        "remaining": flow.remaining,
                        "floor": floor,
                        "amount": entry.amount,
                    },
                )
            )
        return found

    # -- rollover ----------------------------------------------------------------------------

    def rollover(
        self,
        period: DateRange,
        *,
        at: datetime,
        by: str,
        expected_version: int | None = None,
    ) -> tuple[CarryOverIn | Expiry, ...]:
        """Record the year-end figures of ``period``: the carried days of ``period`` that
        expired, and the days carried out of it into the next period.

        Balances never read these records — carry-over and expiry are computed from the
        entries and the agreement — so running the rollover twice, late or never gives the
        same balances. The ids are derived from the employee and the period
        (``E1:expiry:2025``, ``E1:carry-over:2024``); when a figure changed since an earlier
        run (a late booking), the difference is recorded under the next id (``...#2``).

        Returns:
            Every record of this period's rollover, the earlier ones included, in order
            (empty when nothing expires and nothing is carried).

        Raises:
            InvalidValue: ``period`` is not a reference period or ``at`` is naive.
            StaleVersion: something is to be recorded and ``expected_version`` is not the
                ledger's version.
        """
        period = self._reference_period(period)
        at = _aware(at, "at")
        label = self._agreement.reference.label(period)
        nxt = self._rules.next_period(period)
        here = self.balance(period)
        carried_out = self.balance(nxt).carried
        wanted: list[tuple[str, Fraction]] = [
            (f"{self.employee}:expiry:{label}", here.expired),
            (f"{self.employee}:carry-over:{label}", carried_out),
        ]
        new: list[CarryOverIn | Expiry] = []
        for base, figure in wanted:
            records = self._records.get(base, [])
            difference = figure - sum((r.amount for r in records), _ZERO)
            if difference == 0:
                continue
            entry_id = self._next_record_id(base)
            if base.endswith(f":expiry:{label}"):
                last = self._rules.last_usable(period)
                day = period.start if last is None else last + _ONE_DAY
                new.append(
                    Expiry(
                        entry_id=entry_id,
                        period=period,
                        day=day,
                        amount=difference,
                        recorded_at=at,
                        by=by,
                    )
                )
            else:
                new.append(
                    CarryOverIn(
                        entry_id=entry_id,
                        period=nxt,
                        from_period=period,
                        amount=difference,
                        recorded_at=at,
                        by=by,
                    )
                )
        if new:
            self._check_version(expected_version)
            for entry in new:
                self._append(entry)
        return tuple(r for base, _ in wanted for r in self._records.get(base, []))

    def _next_record_id(self, base: str) -> str:
        """The id the next rollover record under ``base`` takes (``base``, then ``base#2``...)."""
        count = len(self._records.get(base, ()))
        return base if not count else f"{base}#{count + 1}"

    # -- balances ----------------------------------------------------------------------------

    def _flow(self, period: DateRange) -> _Flow:
        found = self._flow_memo.get(period)
        if found is None:
            self._flow_memo.update(_flows(self._sums, period, self._rules))
            found = self._flow_memo[period]
        return found

    def balance(
        self,
        period: DateRange,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
    ) -> Balance:
        """The balance of one reference period.

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
        period = self._reference_period(period)
        if as_of is not None:
            as_of = parse_date(as_of, field="as_of")
        if known_at is not None:
            _aware(known_at, "known_at")
        if as_of is None and known_at is None:
            found = self._balance_memo.get(period)
            if found is None:
                found = _balance(
                    self.employee, self._sums, period, self._rules, flow=self._flow(period)
                )
                self._balance_memo[period] = found
            return found
        sums = _fold(self._entries, self._rules, as_of, known_at)
        return _balance(self.employee, sums, period, self._rules, as_of, known_at)

    def balances(self) -> tuple[Balance, ...]:
        """The balance of every period holding entries, in order."""
        return tuple(self.balance(p) for p in self.periods())

    def _projected_balance(
        self, candidate: Entry, period: DateRange, as_of: date | None
    ) -> Balance:
        """The balance of ``period`` if ``candidate`` were appended (for the booking rules)."""
        if as_of is None:
            sums = dict(self._sums)
            _apply(sums, candidate, self._rules, copy=True)
        else:
            sums = _fold([*self._entries, candidate], self._rules, as_of, None)
        return _balance(self.employee, sums, period, self._rules, as_of)

    def statement(
        self,
        period: DateRange,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
    ) -> Statement:
        """The entries behind :meth:`balance`, one line each with its effect on the remaining
        days; carry-over and expiry appear as recorded by a rollover, plus a line for any part
        computed on read and not recorded. The lines add up to the balance.
        """
        balance = self.balance(period, as_of=as_of, known_at=known_at)
        period = balance.period
        lines: list[StatementLine] = []
        counted: set[str] = set()
        label_prev = self._agreement.reference.label(self._rules.previous_period(period))
        label = self._agreement.reference.label(period)
        recorded = {"carry-over": _ZERO, "expiry": _ZERO}
        for entry in self._entries:
            if known_at is not None and entry.recorded_at > known_at:
                continue
            if as_of is not None and entry.day > as_of:
                continue
            if isinstance(entry, Booking):
                if self._rules.period_of(entry.day) != period:
                    continue
                counted.add(entry.entry_id)
                half = f" ({entry.half.value})" if entry.half else ""
                text = f"booked{half} by {entry.by}" + (f": {entry.note}" if entry.note else "")
                lines.append(_line(entry, -entry.amount, text))
            elif isinstance(entry, Cancellation):
                if entry.booking_id not in counted:
                    continue
                text = f"cancelled {entry.booking_id} by {entry.by}" + (
                    f": {entry.reason}" if entry.reason else ""
                )
                lines.append(_line(entry, entry.amount, text))
            elif entry.period != period:
                continue
            elif isinstance(entry, Grant):
                lines.append(
                    _line(entry, entry.amount, f"granted (exact {format_amount(entry.exact)})")
                )
            elif isinstance(entry, Regrant):
                text = (
                    f"regranted: {format_amount(entry.previous)} -> {format_amount(entry.current)}"
                )
                lines.append(_line(entry, entry.amount, text))
            elif isinstance(entry, Adjustment):
                lines.append(_line(entry, entry.amount, f"adjusted by {entry.by}: {entry.reason}"))
            elif isinstance(entry, CarryOverIn):
                recorded["carry-over"] += entry.amount
                text = f"carried over from {self._agreement.reference.label(entry.from_period)}"
                lines.append(_line(entry, entry.amount, text))
            elif isinstance(entry, Expiry):
                recorded["expiry"] += entry.amount
                lines.append(_line(entry, -entry.amount, "carried days expired unused"))
        missing_carry = balance.carried - recorded["carry-over"]
        if missing_carry:
            base = f"{self.employee}:carry-over:{label_prev}"
            lines.append(
                StatementLine(
                    day=period.start,
                    kind="carry-over",
                    amount=missing_carry,
                    entry_id=self._next_record_id(base),
                    description=f"carried over from {label_prev}",
                    recorded=False,
                )
            )
        missing_expiry = balance.expired - recorded["expiry"]
        if missing_expiry:
            last = self._rules.last_usable(period)
            base = f"{self.employee}:expiry:{label}"
            lines.append(
                StatementLine(
                    day=period.start if last is None else last + _ONE_DAY,
                    kind="expiry",
                    amount=-missing_expiry,
                    entry_id=self._next_record_id(base),
                    description="carried days expired unused",
                    recorded=False,
                )
            )
        lines.sort(key=lambda line: (line.day, _KIND_ORDER.get(line.kind, 9)))
        return Statement(balance=balance, lines=tuple(lines))

    # -- reading bookings --------------------------------------------------------------------

    def active_bookings(self, period: DateRange | None = None) -> tuple[Booking, ...]:
        """The bookings not cancelled, by day (and morning before afternoon), in ``period``
        (any range of days) or all."""
        days = (
            sorted(self._active)
            if period is None
            else sorted(d for d in self._active if d in period)
        )
        return tuple(b for d in days for b in sorted(self._active[d], key=_half_order))

    def telework_days(self, period: DateRange | None = None) -> tuple[tuple[date, Fraction], ...]:
        """``(day, amount)`` of the active bookings, one pair per day (1 or 1/2), sorted: what
        allowances and cross-border day counts read.

        >>> from zoneinfo import ZoneInfo
        >>> at = datetime(2024, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
        >>> ledger = QuotaLedger(agreement=Agreement(name="weekly", granularity="half-day"),
        ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)),
        ...                      calendar=Calendar())
        >>> _ = ledger.book(date(2024, 3, 5), half="am", at=at, by="E1")
        >>> _ = ledger.book(date(2024, 3, 5), half="pm", at=at, by="E1")
        >>> _ = ledger.book(date(2024, 3, 7), half="pm", at=at, by="E1")
        >>> ledger.telework_days()
        ((datetime.date(2024, 3, 5), Fraction(1, 1)), (datetime.date(2024, 3, 7), Fraction(1, 2)))
        """
        days = (
            sorted(self._active)
            if period is None
            else sorted(d for d in self._active if d in period)
        )
        return tuple((d, sum((b.amount for b in self._active[d]), _ZERO)) for d in days)

    def days_taken(
        self,
        period: DateRange | None = None,
        *,
        by: str = "month",
        as_of: date | None = None,
        known_at: datetime | None = None,
    ) -> tuple[DaysTaken, ...]:
        """Telework actually taken per month, ISO week or year (``by``), for declarations.

        Counts the bookings active (not cancelled) on days up to ``as_of`` (``None``: all),
        as recorded by ``known_at`` (``None``: now). With a ``period``, every window of it is
        listed, empty ones included (clipped to the period); without one, the windows from
        the first to the last day taken.

        Raises:
            InvalidValue: ``by`` is not ``"month"``, ``"week"`` or ``"year"``.
        """
        if by not in ("month", "week", "year"):
            msg = f"by: report telework taken by 'month', 'week' or 'year', not {by!r}."
            raise InvalidValue(msg, field="by", code="invalid_report")
        if known_at is not None:
            _aware(known_at, "known_at")
        taken = self._taken(as_of, known_at)
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
                    employee=self.employee,
                    label=label,
                    window=window,
                    amount=sum((taken[d] for d in days), _ZERO),
                    days=len(days),
                )
            )
        return tuple(result)

    def _taken(self, as_of: date | None, known_at: datetime | None) -> dict[date, Fraction]:
        if known_at is None:
            pairs = self.telework_days()
        else:
            active: dict[str, Booking] = {}
            for entry in self._entries:
                if entry.recorded_at > known_at:
                    continue
                if isinstance(entry, Booking):
                    active[entry.entry_id] = entry
                elif isinstance(entry, Cancellation):
                    active.pop(entry.booking_id, None)
            per_day: dict[date, Fraction] = {}
            for b in active.values():
                per_day[b.day] = per_day.get(b.day, _ZERO) + b.amount
            pairs = tuple(sorted(per_day.items()))
        return {d: a for d, a in pairs if as_of is None or d <= as_of}

    # -- JSON Lines --------------------------------------------------------------------------

    def to_jsonl(self) -> str:
        """The ledger as JSON Lines: a header line, then one entry per line, in order.

        Amounts are exact strings (``"0.5"``, ``"81/2"``), dates ISO 8601, timestamps with
        their UTC offset.
        """
        header = {
            "type": "ledger",
            "format": _FORMAT,
            "employee": self.employee,
            "agreement": self._agreement.name,
            "entries": self.version,
        }
        lines = [json.dumps(header, ensure_ascii=False)]
        lines.extend(json.dumps(entry_to_dict(e), ensure_ascii=False) for e in self._entries)
        return "\n".join(lines) + "\n"

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
        """Read a ledger back from :meth:`to_jsonl`'s text; the entries are replayed in order.

        The header line is optional; when present, its employee must be the contract's.
        Blank lines are skipped.

        Raises:
            LoadError: listing every problem, each at ``line N`` (and the field at fault):
                bad JSON, unknown entry types, bad values, naive timestamps, entries that
                cannot follow the earlier ones (a day booked twice, a cancellation of an
                unknown booking, an id used twice).
        """
        ledger = cls(
            agreement=agreement,
            contract=contract,
            calendar=calendar,
            statuses=statuses,
            rules=rules,
        )
        problems: list[Problem] = []
        # Only "\n" ends a line: str.splitlines() would also split inside a note holding
        # U+2028 or U+0085, which JSON writes raw.
        for n, raw in enumerate(text.split("\n"), start=1):
            if not raw.strip():
                continue
            path = f"line {n}"
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                problems.append(
                    Problem(
                        path=path,
                        message=f"not valid JSON ({exc.msg} at column {exc.colno}).",
                        code="invalid_json",
                    )
                )
                continue
            if isinstance(data, dict) and data.get("type") == "ledger":
                if data.get("employee") != contract.employee:
                    problems.append(
                        Problem(
                            path=f"{path}.employee",
                            message=(
                                f"this is the ledger of {data.get('employee')!r}, not of "
                                f"{contract.employee!r}."
                            ),
                            code="wrong_employee",
                        )
                    )
                continue
            result = _entry_or_problems(data, path)
            if isinstance(result, list):
                problems.extend(result)
                continue
            problem = ledger._inconsistency(result)
            if problem is not None:
                problems.append(Problem(path=path, message=problem, code="inconsistent_entries"))
                continue
            ledger._append(result)
        if problems:
            raise LoadError.from_problems(source, problems)
        return ledger


_UTC = timezone.utc

_KIND_ORDER = {
    "grant": 0,
    "regrant": 1,
    "carry-over": 2,
    "adjustment": 3,
    "booking": 4,
    "cancellation": 5,
    "expiry": 6,
}

_UNIGNORABLE = frozenset(
    {"already_booked", "half_day_clash", "period_quota_exceeded", "granularity", "outside_contract"}
)


def _ignorable(codes: Iterable[str]) -> frozenset[str]:
    wanted = frozenset(codes)
    refused = wanted & _UNIGNORABLE
    if refused:
        msg = (
            f"ignore: {', '.join(sorted(refused))} cannot be ignored: they keep the ledger's "
            "invariants (no day booked twice, no balance below what the agreement allows)."
        )
        raise InvalidValue(msg, field="ignore", code="cannot_ignore")
    return wanted


def _half_order(booking: Booking) -> int:
    return 0 if booking.half is None else (1 if booking.half is HalfDay.MORNING else 2)


def _clash(existing: Iterable[Booking], half: HalfDay | None) -> Booking | None:
    """The booking already on the day that a new one (``half``) would overlap."""
    for booking in existing:
        if booking.half is None or half is None or booking.half is half:
            return booking
    return None


def _line(entry: Entry, amount: Fraction, description: str) -> StatementLine:
    return StatementLine(
        day=entry.day,
        kind=entry.kind,
        amount=amount,
        entry_id=entry.entry_id,
        description=description,
        recorded_at=entry.recorded_at,
    )


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
