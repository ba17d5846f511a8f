"""The ledger's entries: immutable facts about one employee's telework days.

A :class:`~teleaccord.ledger.QuotaLedger` is an append-only sequence of these values —
:class:`Grant`, :class:`Regrant`, :class:`Booking`, :class:`Cancellation`,
:class:`Adjustment`, :class:`CarryOverIn` and :class:`Expiry` (the :data:`Entry` union). Each
is a frozen attrs value whose validators hold its invariants (a timezone-aware
``recorded_at``, a non-empty id and author, a booking of 1 or 1/2 day...): an entry that
exists is valid. The balances they add up to are computed by :mod:`teleaccord.fold`.

Every entry has a ``day`` (the date it concerns: a booking's day, the first day of a grant's
period), an ``entry_id`` and a ``kind`` (its tag in format-1 ledger files).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any, ClassVar, TypeAlias

import attrs

from teleaccord.absence import Absence, optional_half
from teleaccord.amounts import format_amount, parse_amount
from teleaccord.dates import DateRange, parse_date
from teleaccord.errors import InvalidValue
from teleaccord.pattern import HalfDay
from teleaccord.slots import slot_setters
from teleaccord.validators import reads

__all__ = [
    "ENTRY_TYPES",
    "MAXIMUM_CODES",
    "AbsenceRecord",
    "Adjustment",
    "AuthorisedException",
    "Booking",
    "Cancellation",
    "CarryOverIn",
    "Entry",
    "Expiry",
    "Forfeiture",
    "Grant",
    "Regrant",
    "aware_datetime",
    "optional_half",
]

_ONE_DAY = timedelta(days=1)
_HALF = Fraction(1, 2)
_ONE = Fraction(1)
_SMALL = 10**6

# -- validators and converters shared by the entries ------------------------------------------


@reads()
def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name}: expected a non-empty text, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="missing_value")


@reads()
def _check_aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    aware_datetime(value, attribute.name)


def aware_datetime(value: object, field: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise :class:`InvalidValue`
    naming ``field`` (code ``invalid_datetime`` or ``naive_datetime``).

    >>> from datetime import datetime, timezone
    >>> from teleaccord.entries import aware_datetime
    >>> aware_datetime(datetime(2024, 3, 1, 9, tzinfo=timezone.utc), "at").hour
    9
    >>> aware_datetime(datetime(2024, 3, 1, 9), "at")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: at: the timestamp 2024-03-01T09:00:00 has no time zone; ...
    """
    if type(value) is datetime and value.tzinfo is timezone.utc:  # the common case
        return value
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
    if type(value) is date:  # the common case, as parse_date answers it
        return value
    return parse_date(value, field="day")


def _amount(value: Any) -> Fraction:
    if (
        type(value) is Fraction
        and -_SMALL < value.numerator < _SMALL
        and value.denominator < _SMALL
    ):
        return value  # far within parse_amount's bounds: what it answers, sooner
    return parse_amount(value, field="amount")


def _name(value: Any, field: str, expected: str, code: str) -> str:
    """A name (a kind of telework, a pool): a non-empty text, stripped and in lower case, else
    :class:`InvalidValue` naming ``field`` with ``code``."""
    text = str(value).strip().lower() if isinstance(value, str) else value
    if not isinstance(text, str) or not text:
        msg = f"{field}: expected {expected}, got {value!r}."
        raise InvalidValue(msg, field=field, code=code)
    return text


def _telework_kind(value: Any) -> str:
    return _name(
        value, "telework_kind", "a kind of telework such as 'occasional'", "invalid_telework_kind"
    )


def _pool(value: Any) -> str:
    return _name(value, "pool", "a pool name such as 'default'", "invalid_pool_name")


@reads()
def _check_nonzero(instance: Any, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if value == 0:
        msg = f"{attribute.name}: an entry of 0 days changes nothing; give a non-zero amount."
        raise InvalidValue(msg, field=attribute.name, code="zero_amount")


@reads()
def _check_not_negative(instance: Any, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if value < 0:
        msg = f"{attribute.name}: must not be negative, got {format_amount(value)}."
        raise InvalidValue(msg, field=attribute.name, code="negative_amount")


@reads("half")
def _check_booking_amount(
    instance: Booking, attribute: attrs.Attribute[Any], value: Fraction
) -> None:
    expected = _ONE if instance.half is None else _HALF
    if (value.numerator, value.denominator) != (1, expected.denominator):
        what = "a whole day" if instance.half is None else "a half-day"
        msg = (
            f"amount: a booking of {what} counts {format_amount(expected)}, "
            f"not {format_amount(value)}."
        )
        raise InvalidValue(msg, field="amount", code="invalid_booking_amount")


@reads()
def _check_cancel_amount(
    instance: Cancellation, attribute: attrs.Attribute[Any], value: Fraction
) -> None:
    if value.numerator != 1 or value.denominator not in (1, 2):
        msg = f"amount: a cancelled booking counts 1 or 0.5 day, not {format_amount(value)}."
        raise InvalidValue(msg, field="amount", code="invalid_booking_amount")


@reads("period")
def _check_expiry_day(instance: Expiry, attribute: attrs.Attribute[Any], value: date) -> None:
    if value not in instance.period:
        msg = f"day: the expiry day {value} is outside its period {instance.period}."
        raise InvalidValue(msg, field="day", code="day_outside_period")


@reads("period")
def _check_previous_period(
    instance: CarryOverIn, attribute: attrs.Attribute[Any], value: DateRange
) -> None:
    if value.end + _ONE_DAY != instance.period.start:
        msg = (
            f"from_period: days are carried into {instance.period} from the period just "
            f"before it, not from {value}."
        )
        raise InvalidValue(msg, field="from_period", code="invalid_carry_over")


@reads()
def _check_period(instance: Any, attribute: attrs.Attribute[Any], value: DateRange) -> None:
    if not isinstance(value, DateRange):
        msg = f"{attribute.name}: expected a DateRange, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_period")


MAXIMUM_CODES = frozenset(
    {
        "period_quota_exceeded",
        "weekly_max_exceeded",
        "monthly_max_exceeded",
        "window_max_exceeded",
    }
)
"""The violations of a maximum, which an authorised exception may override (the beyond-limit
requests of :class:`~teleaccord.agreement.ApprovalClause`)."""


def _codes(value: Any) -> frozenset[str]:
    return frozenset(str(c) for c in value)


def _check_codes(
    instance: AuthorisedException, attribute: attrs.Attribute[Any], value: frozenset[str]
) -> None:
    other = sorted(value - MAXIMUM_CODES)
    if not value or other:
        msg = (
            "codes: an exception overrides maxima only ("
            f"{', '.join(sorted(MAXIMUM_CODES))}), got {sorted(value) or 'none'}."
        )
        raise InvalidValue(msg, field="codes", code="invalid_exception")


@attrs.frozen(kw_only=True)
class AuthorisedException:
    """A booking beyond a maximum, allowed by a further approver with a reason: who allowed
    it, why, and which maxima it overrides (codes of :data:`MAXIMUM_CODES`).

    >>> from teleaccord import AuthorisedException
    >>> e = AuthorisedException(approver="hr.lea", reason="move week", codes={"weekly_max_exceeded"})
    >>> sorted(e.codes)
    ['weekly_max_exceeded']
    """

    approver: str = attrs.field(validator=_check_text)
    reason: str = attrs.field(validator=_check_text)
    codes: frozenset[str] = attrs.field(converter=_codes, validator=_check_codes)


# -- the entries -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Grant:
    """The entitlement of one reference period, granted (and recorded) once.

    ``amount`` is the rounded entitlement, ``exact`` the figure before rounding, and
    ``explanation`` the paragraph a person can check
    (:meth:`~teleaccord.entitlements.Entitlement.describe`). The date it concerns is the first
    day of the period.

    >>> from datetime import datetime, timezone
    >>> from teleaccord import Grant, year_range
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
    pool: str = attrs.field(default="default", converter=_pool)

    @property
    def day(self) -> date:
        """The date the entry concerns: the first day of its period."""
        return self.period.start


@attrs.frozen(kw_only=True)
class Regrant:
    """A late change of a period's entitlement (a contract amendment recorded after the
    grant): ``amount`` is the difference, ``previous`` and ``current`` the two figures, and
    ``explanation`` says why both are what they are.

    >>> from datetime import datetime, timezone
    >>> from teleaccord import Regrant, year_range
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
    pool: str = attrs.field(default="default", converter=_pool)

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
    morning or the afternoon; ``amount`` is 1 or 1/2 accordingly. ``telework_kind`` says which
    kind of telework it is (``regular``, ``occasional``, ``imposed``, ``medical`` or a kind the
    agreement names), hence which pool it consumes
    (:meth:`~teleaccord.agreement.Agreement.pool_of`). ``exception`` is set on a booking beyond
    a maximum that a further approver allowed (:class:`AuthorisedException`); it may take its
    pool below zero.

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Booking
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
    half: HalfDay | None = attrs.field(default=None, converter=optional_half)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_booking_amount)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)
    note: str = ""
    telework_kind: str = attrs.field(default="regular", converter=_telework_kind)
    exception: AuthorisedException | None = None

    @amount.default
    def _amount_of_half(self) -> Fraction:
        return _ONE if self.half is None else _HALF


_BOOKING_FIELDS = (
    "entry_id", "day", "half", "amount", "recorded_at", "by", "note", "telework_kind", "exception",
)  # fmt: skip
_BOOKING_SET = slot_setters(Booking, _BOOKING_FIELDS)


def new_booking(
    entry_id: Any,
    day: Any,
    half: Any,
    recorded_at: Any,
    by: Any,
    note: Any,
    telework_kind: Any,
    exception: Any,
) -> Booking:
    """``Booking(entry_id=..., day=..., half=..., recorded_at=..., by=..., note=...,
    telework_kind=..., exception=...)``, its ``amount`` the half's.

    Values already in the form the class's converters give back (a ``date``, a half-day or
    ``None``, an aware ``datetime``, ``"regular"``) and that its validators accept (texts
    not blank) are checked here and set slot by slot; anything else goes through the
    constructor, which converts it or refuses it with its own error. Either way the value is
    the one the constructor makes."""
    setters = _BOOKING_SET
    if (
        setters is not None
        and type(entry_id) is str
        and type(by) is str
        and type(day) is date
        and (half is None or type(half) is HalfDay)
        and type(recorded_at) is datetime
        and recorded_at.utcoffset() is not None  # aware (``None`` for a naive datetime)
        and type(telework_kind) is str
        and telework_kind == "regular"
        and entry_id.strip()
        and by.strip()
    ):
        booking = object.__new__(Booking)
        setters[0](booking, entry_id)
        setters[1](booking, day)
        setters[2](booking, half)
        setters[3](booking, _ONE if half is None else _HALF)
        setters[4](booking, recorded_at)
        setters[5](booking, by)
        setters[6](booking, note)
        setters[7](booking, telework_kind)
        setters[8](booking, exception)
        return booking
    return Booking(
        entry_id=entry_id,
        day=day,
        half=half,
        recorded_at=recorded_at,
        by=by,
        note=note,
        telework_kind=telework_kind,
        exception=exception,
    )


@attrs.frozen(kw_only=True)
class Cancellation:
    """The cancellation of a booking; ``day``, ``amount`` and ``telework_kind`` repeat the
    booking's, so a balance counts the cancellation on the day it concerns, in its pool.

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Cancellation
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
    telework_kind: str = attrs.field(default="regular", converter=_telework_kind)


@attrs.frozen(kw_only=True)
class Adjustment:
    """A manual correction of a period's balance, positive or negative, with its reason and
    author. It concerns the first day of its period.

    >>> from datetime import datetime, timezone
    >>> from teleaccord import Adjustment, year_range
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
    pool: str = attrs.field(default="default", converter=_pool)

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

    >>> from datetime import datetime, timezone
    >>> from teleaccord import CarryOverIn, year_range
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

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Expiry, year_range
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


@attrs.frozen(kw_only=True)
class Forfeiture:
    """Days ``period`` ended with that the carry-over rule did not carry into the next period
    (no carry-over, above a cap), as recorded by a rollover; ``day`` is the period's last day.

    Like :class:`CarryOverIn`, a record of a figure the balance computes on read
    (:attr:`Balance.forfeited <teleaccord.fold.Balance.forfeited>`); it changes no balance:
    the closed period's remaining days stay as they were.

    >>> from datetime import datetime, timezone
    >>> from teleaccord import Forfeiture, year_range
    >>> f = Forfeiture(entry_id="E1:forfeited:2024", period=year_range(2024), amount=7,
    ...                recorded_at=datetime(2025, 1, 1, 1, tzinfo=timezone.utc), by="rollover")
    >>> f.day
    datetime.date(2024, 12, 31)
    """

    kind: ClassVar[str] = "forfeiture"

    entry_id: str = attrs.field(validator=_check_text)
    period: DateRange = attrs.field(validator=_check_period)
    amount: Fraction = attrs.field(converter=_amount, validator=_check_nonzero)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)
    reason: str = ""

    @property
    def day(self) -> date:
        """The date the entry concerns: the last day of the period."""
        return self.period.end


def _check_absence(instance: AbsenceRecord, attribute: attrs.Attribute[Any], value: str) -> None:
    _check_text(instance, attribute, value)
    if value != instance.absence.absence_id:
        msg = (
            f"entry_id: an absence is recorded under its own id "
            f"{instance.absence.absence_id!r}, not {value!r}."
        )
        raise InvalidValue(msg, field="entry_id", code="invalid_absence_id")


@reads()
def _check_absence_value(
    instance: AbsenceRecord, attribute: attrs.Attribute[Any], value: Absence
) -> None:
    if not isinstance(value, Absence):
        msg = f"absence: expected an Absence, got {value!r}."
        raise InvalidValue(msg, field="absence", code="invalid_value")


@attrs.frozen(kw_only=True)
class AbsenceRecord:
    """An :class:`~teleaccord.absence.Absence` recorded in the employee's ledger, under the
    absence's own id (so importing it twice changes nothing). It concerns the absence's first
    day and changes no balance; the bookings it overlapped were cancelled (reason
    ``absence``) just before it was recorded.

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Absence, AbsenceRecord, DateRange
    >>> a = Absence(absence_id="A1", employee="E1", kind="rtt",
    ...             days=DateRange.single(date(2024, 3, 8)))
    >>> r = AbsenceRecord(absence=a, recorded_at=datetime(2024, 3, 1, tzinfo=timezone.utc), by="hr")
    >>> r.entry_id, r.day
    ('A1', datetime.date(2024, 3, 8))
    """

    kind: ClassVar[str] = "absence"

    absence: Absence = attrs.field(validator=_check_absence_value)
    recorded_at: datetime = attrs.field(validator=_check_aware)
    by: str = attrs.field(validator=_check_text)
    entry_id: str = attrs.field(validator=_check_absence)

    @entry_id.default
    def _absence_id(self) -> str:
        return self.absence.absence_id

    @property
    def day(self) -> date:
        """The date the entry concerns: the absence's first day."""
        return self.absence.days.start


Entry: TypeAlias = (
    Grant
    | Regrant
    | Booking
    | Cancellation
    | Adjustment
    | CarryOverIn
    | Expiry
    | Forfeiture
    | AbsenceRecord
)
"""Any ledger entry."""

ENTRY_TYPES: tuple[type[Any], ...] = (
    Grant,
    Regrant,
    Booking,
    Cancellation,
    Adjustment,
    CarryOverIn,
    Expiry,
    Forfeiture,
    AbsenceRecord,
)
"""Every class of :data:`Entry`, in the order of the union."""
