"""Booking rules: small pure functions that say why a telework day cannot be booked.

Each rule takes a :class:`BookingContext` (the agreement, the contract, the calendar, the
employee's active bookings, the day and half-day asked for, when it is asked) and returns the
:class:`~teleaccord.errors.Violation` values it finds — none when the booking is fine. The
rules that apply are listed once, in :data:`BOOKING_RULES`; adding a rule is adding a function
to that list. :func:`check_booking` runs them all and returns every violation at once.

Every violation has a stable ``code`` (the codes of the ledger interface), its numbers in
``params``, and a message a person can act on:

================================  ==============================================================
code                              when
================================  ==============================================================
``outside_agreement_validity``    the day is outside the agreement's validity
``outside_contract``              the employee is not under contract that day
``not_eligible``                  an eligibility rule fails (``params["reason"]`` says which)
``closure``                       the company is closed
``holiday``                       a public holiday not worked by the employee
``not_in_pattern``                the employee does not work that day (or that half-day)
``not_working_day``               a whole day asked for on a day worked for a half-day only
``excluded_weekday``              telework is never allowed on that weekday
``blackout``                      a blackout date of the agreement
``granularity``                   a half-day asked for when telework is taken by whole days
``already_booked``                the day (or that half-day) is already booked
``absent``                        the employee is absent that day (or half-day)
``half_day_clash``                a whole day asked for where a half-day is already booked
``notice_too_short``              asked after the notice deadline
``period_quota_exceeded``         beyond the period's balance (or what has accrued by the day)
``weekly_max_exceeded``           beyond a weekly maximum
``monthly_max_exceeded``          beyond a monthly maximum
``window_max_exceeded``           beyond a fortnightly, quarterly or yearly maximum
``on_site_minimum``               too few days left on site in a window
``consecutive_days_exceeded``     too many telework working days in a row
================================  ==============================================================
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from types import MappingProxyType
from typing import Any, cast

import attrs

from teleaccord.absence import Absence, absent_masks
from teleaccord.agreement import AccrualStep, Agreement, OnSiteMinimum, Quota, Window
from teleaccord.amounts import Granularity, format_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract, Segment
from teleaccord.dates import DateRange
from teleaccord.entitlements import eligibility, entitlement, window_quota
from teleaccord.entries import Booking
from teleaccord.errors import Violation
from teleaccord.fold import Balance, period_containing
from teleaccord.pattern import WEEKDAY_NAMES, HalfDay
from teleaccord.versions import AgreementHistory, agreement_in_force

__all__ = [
    "BOOKING_RULES",
    "BookingContext",
    "Rule",
    "applicable_rules",
    "check_booking",
    "describe_days",
    "on_site_requirement",
]

_ONE_DAY = timedelta(days=1)
_ZERO = Fraction(0)
_FULL = 3
_LONG_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def describe_days(amount: Fraction) -> str:
    """An amount of days in words: ``1 day``, ``0.5 day``, ``2.5 days``, ``-1 day``.

    >>> from fractions import Fraction
    >>> from teleaccord.rules import describe_days
    >>> describe_days(Fraction(5, 2)), describe_days(Fraction(1, 2)), describe_days(Fraction(-1))
    ('2.5 days', '0.5 day', '-1 day')
    """
    return f"{format_amount(amount)} {'day' if abs(amount) <= 1 else 'days'}"


_MAPPINGS = (dict, MappingProxyType)  # the mappings a ledger passes: no ABC check needed


def _by_day(
    value: Mapping[date, Iterable[Booking]] | Iterable[Booking],
) -> Mapping[date, tuple[Booking, ...]]:
    if type(value) in _MAPPINGS or isinstance(value, Mapping):
        return cast("Mapping[date, tuple[Booking, ...]]", value)  # read as given, not copied
    grouped: dict[date, tuple[Booking, ...]] = {}
    for booking in value:
        grouped[booking.day] = (*grouped.get(booking.day, ()), booking)
    return grouped


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _periods(value: Iterable[DateRange]) -> tuple[DateRange, ...]:
    return tuple(value)


def _half(value: HalfDay | str | None) -> HalfDay | None:
    if value is None or type(value) is HalfDay:
        return value
    return HalfDay(value)


def _absences(value: Iterable[Absence]) -> tuple[Absence, ...]:
    return value if isinstance(value, tuple) else tuple(value)


# Not slotted: a ledger builds one context per check it answers, and fills a new context's
# attribute dictionary in one step (:func:`teleaccord.ledger.QuotaLedger.check`), several
# times cheaper than setting sixteen slots one by one; the values are the same.
@attrs.frozen(kw_only=True, eq=False, slots=False)
class BookingContext:
    """Everything a booking rule may look at, as one value.

    Attributes:
        agreement, contract, calendar: the employee's terms and days off.
        day: the day asked for.
        half: ``None`` for the whole day, else the morning or the afternoon.
        at: when the booking is asked for (``None``: the notice is not checked).
        bookings: the employee's active bookings, by day (a mapping, or any iterable of
            bookings, grouped on construction).
        statuses: the employee's statuses (extra days).
        balance_after: the balance of a period (as of a date, or ``None`` for all of it) if
            the booking were appended; the ledger provides it. ``None``: the period quota is
            not checked (no ledger to read balances from).
        periods_after: the periods whose balance the booking can change: its own, then the
            later ones holding entries (days carried over).
        history: the agreement history the ledger applies, when it has one (``agreement`` is
            then the version in force on the day); accrual is read from the whole history.
        absences: the employee's absences (:class:`~teleaccord.absence.Absence`): no
            telework on an absent half-day; the on-site minimums read them per the
            agreement's absence kinds.
        telework_kind: the kind of telework asked for (``regular``, ``occasional``,
            ``imposed``, ``medical`` or a kind the agreement names): it decides the pool
            whose quotas apply. Imposed and medical days consume no pool and are not held to
            the voluntary limits (quotas, on-site minimums, consecutive days, notice,
            excluded weekdays, blackout dates).
        scope: the pool whose quotas the quota rules read (set by the rules themselves when
            the agreement has pools: ``default``, a pool's name, or ``total``).
        remaining_after: the remaining days of a period if the booking were appended, the
            figure ``balance_after(period, None).remaining`` without building the balance (a
            shortcut the ledger provides for the common case where the booking fits; the full
            balance is read when it does not). ``None``: read from ``balance_after``.
        regular_only: a promise that every booking in ``bookings`` is of kind ``regular``
            (the ledger knows it), so the quota rules need not look at each one. ``False``:
            they look.

    >>> from datetime import date
    >>> from teleaccord import Agreement, BookingContext, Calendar, Contract, check_booking
    >>> ctx = BookingContext(agreement=Agreement(name="x"),
    ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)),
    ...                      calendar=Calendar(), day=date(2024, 3, 9))
    >>> [v.code for v in check_booking(ctx)]
    ['not_in_pattern']
    """

    agreement: Agreement
    contract: Contract
    calendar: Calendar
    day: date
    half: HalfDay | None = attrs.field(default=None, converter=_half)
    at: datetime | None = None
    bookings: Mapping[date, tuple[Booking, ...]] = attrs.field(factory=dict, converter=_by_day)
    statuses: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    balance_after: Callable[[DateRange, date | None], Balance] | None = None
    periods_after: tuple[DateRange, ...] = attrs.field(default=(), converter=_periods)
    history: AgreementHistory | None = None
    absences: tuple[Absence, ...] = attrs.field(default=(), converter=_absences)
    telework_kind: str = "regular"
    scope: str = "default"
    remaining_after: Callable[[DateRange], Fraction] | None = None
    regular_only: bool = False

    @property
    def amount(self) -> Fraction:
        """The amount asked for: 1, or 1/2 for a half-day."""
        return Fraction(1) if self.half is None else Fraction(1, 2)

    @property
    def segment(self) -> Segment | None:
        """The contract segment in force on the day (``None``: not under contract)."""
        return self.contract.segment_at(self.day)

    @property
    def period(self) -> DateRange:
        """The reference period containing the day."""
        return period_containing(self.agreement, self.day)

    @property
    def who(self) -> str:
        """The employee id, for messages."""
        return self.contract.employee

    def booked_in(self, window: DateRange) -> Fraction:
        """The telework already booked in ``window`` (the day asked for not included)."""
        days: Iterable[date]
        if len(self.bookings) < window.days:
            days = [d for d in self.bookings if d in window]
        else:
            days = window
        return sum(
            (b.amount for d in days for b in self.bookings.get(d, ())),
            _ZERO,
        )

    def telework_mask(self, day: date) -> int:
        """The half-days of ``day`` in telework once the booking is made (1 am, 2 pm, 3 both)."""
        mask = 0
        for booking in self.bookings.get(day, ()):
            mask |= _FULL if booking.half is None else booking.half.mask
        if day == self.day:
            mask |= _FULL if self.half is None else self.half.mask
        return mask


Rule = Callable[[BookingContext], Iterable[Violation]]
"""A booking rule: a function of the context returning the violations it finds."""


def _violation(ctx: BookingContext, code: str, message: str, **params: Any) -> Violation:
    if ctx.scope != "default":
        params["pool"] = ctx.scope
        message = f"[pool {ctx.scope}] {message}"
    return Violation(code=code, message=message, day=ctx.day, params=params)


def _voluntary(ctx: BookingContext) -> bool:
    """Whether the day asked for is voluntary telework (not imposed, not medical)."""
    kind = ctx.telework_kind
    return kind == "regular" or ctx.agreement.pool_of(kind) is not None


def _pool_views(ctx: BookingContext) -> tuple[BookingContext, ...]:
    """The contexts the quota rules read: ``ctx`` itself when the agreement has no pools
    (the released behaviour); else one per envelope the day consumes (its pool, then the
    ``total`` quotas), each with the agreement's quotas of that envelope and the bookings
    counting in it; none for imposed and medical days."""
    agreement = ctx.agreement
    history = ctx.history
    if (
        ctx.telework_kind == "regular"
        and not agreement.pools
        and not agreement.total
        and (
            history is None
            or all(not v.agreement.pools and not v.agreement.total for v in history.versions)
        )
        and (
            ctx.regular_only
            or all(b.telework_kind == "regular" for bs in ctx.bookings.values() for b in bs)
        )
    ):
        return (ctx,)
    pool = agreement.pool_of(ctx.telework_kind)
    if pool is None:
        return ()

    def pool_of(booking: Booking) -> str | None:
        # Under a history, a booking counts in the pool of the version in force on its day.
        terms = agreement if history is None else agreement_in_force(history, booking.day)
        return terms.pool_of(booking.telework_kind)

    def only(keep: Callable[[str | None], bool]) -> dict[date, tuple[Booking, ...]]:
        found: dict[date, tuple[Booking, ...]] = {}
        for day, bookings in ctx.bookings.items():
            kept = tuple(b for b in bookings if keep(pool_of(b)))
            if kept:
                found[day] = kept
        return found

    views = [
        attrs.evolve(
            ctx,
            agreement=agreement.pool_agreement(pool),
            bookings=only(lambda p: p == pool),
            history=None if history is None else history.pool_history(pool),
            scope=pool,
        )
    ]
    if agreement.total or (
        history is not None and any(v.agreement.total for v in history.versions)
    ):
        views.append(
            attrs.evolve(
                ctx,
                agreement=agreement.pool_agreement("total"),
                bookings=only(lambda p: p is not None),
                balance_after=None,
                history=None if history is None else history.pool_history("total"),
                remaining_after=None,
                scope="total",
            )
        )
    return tuple(views)


def _asked(ctx: BookingContext, *, first: bool = False) -> str:
    """The day asked for, in words (``first``: at the start of a sentence)."""
    weekday = _LONG_WEEKDAYS[ctx.day.weekday()]
    if ctx.half is None:
        return f"{weekday} {ctx.day.isoformat()}"
    part = "morning" if ctx.half is HalfDay.MORNING else "afternoon"
    return f"{'The' if first else 'the'} {part} of {weekday} {ctx.day.isoformat()}"


def _are_booked(amount: Fraction) -> str:
    """``1 day is already booked``, ``2.5 days are already booked``."""
    return f"{describe_days(amount)} {'is' if abs(amount) <= 1 else 'are'} already booked"


_OPEN_END = date(9999, 12, 31)


def _span(valid: DateRange) -> str:
    if valid.end == _OPEN_END:
        return f"from {valid.start.isoformat()}, with no end date"
    return f"from {valid.start.isoformat()} to {valid.end.isoformat()}"


# -- the rules ----------------------------------------------------------------------------------


def within_agreement_validity(ctx: BookingContext) -> tuple[Violation, ...]:
    """``outside_agreement_validity``: the agreement is not in force on the day."""
    valid = ctx.agreement.valid
    if valid is None or ctx.day in valid:
        return ()
    message = (
        f"{ctx.day.isoformat()} is outside the validity of the agreement "
        f"{ctx.agreement.name!r}, which is in force {_span(valid)}; book a day inside it."
    )
    return (
        _violation(
            ctx, "outside_agreement_validity", message, valid_start=valid.start, valid_end=valid.end
        ),
    )


def within_contract(ctx: BookingContext) -> tuple[Violation, ...]:
    """``outside_contract``: the employee is not under contract on the day."""
    if ctx.segment is not None:
        return ()
    contract = ctx.contract
    span = f"from {contract.hired.isoformat()}" + (
        f" to {contract.last_day.isoformat()}" if contract.last_day else ""
    )
    message = (
        f"{ctx.who} is not under contract on {ctx.day.isoformat()} (the contract runs {span})."
    )
    return (
        _violation(
            ctx, "outside_contract", message, hired=contract.hired, last_day=contract.last_day
        ),
    )


def eligible(ctx: BookingContext) -> tuple[Violation, ...]:
    """``not_eligible``: one violation per eligibility rule that fails
    (:func:`~teleaccord.entitlements.eligibility`); ``params["reason"]`` is its own code."""
    if _no_eligibility_condition(ctx.agreement):
        # No condition: eligibility() could only report the contract and the validity,
        # which their own rules report (skipped below); a fast path of the same answer.
        return ()
    found = []
    for v in eligibility(ctx.agreement, ctx.contract, ctx.day):
        if v.code in ("outside_contract", "outside_agreement_validity"):
            continue  # reported by their own rules
        found.append(
            Violation(
                code="not_eligible",
                message=f"{v.message} Telework cannot be booked while this holds.",
                day=ctx.day,
                params={"reason": v.code, **dict(v.params)},
            )
        )
    return tuple(found)


def working_day(ctx: BookingContext) -> tuple[Violation, ...]:
    """``closure``, ``holiday``, ``not_in_pattern``, ``not_working_day``: the employee must work
    the day (and the half-day) asked for."""
    seg = ctx.segment
    if seg is None:
        return ()
    day, pattern, calendar = ctx.day, seg.pattern, ctx.calendar
    mask = pattern.mask_on(day)
    if calendar.is_closed(day):
        message = (
            f"{_asked(ctx, first=True)} is a company closure day; choose a day the company is open."
        )
        return (_violation(ctx, "closure", message),)
    holiday = calendar.holiday(day)
    if holiday is not None and not holiday.worked and not pattern.works_holidays and mask:
        message = (
            f"{_asked(ctx, first=True)} is a public holiday ({holiday.name}) that {ctx.who} does not work; "
            "choose a working day."
        )
        french = calendar.holiday(day, language="fr")
        holiday_fr = holiday.name if french is None else french.name
        return (_violation(ctx, "holiday", message, holiday=holiday.name, holiday_fr=holiday_fr),)
    if not mask:
        message = (
            f"{ctx.who} does not work on {_asked(ctx)} (work pattern {pattern}); choose a day "
            "of the pattern."
        )
        return (_violation(ctx, "not_in_pattern", message, pattern=str(pattern)),)
    if ctx.half is not None and not mask & ctx.half.mask:
        message = (
            f"{ctx.who} does not work {_asked(ctx)} (work pattern {pattern}); book the half-day "
            "that is worked."
        )
        return (
            _violation(ctx, "not_in_pattern", message, pattern=str(pattern), half=ctx.half.value),
        )
    if ctx.half is None and mask != _FULL:
        worked = HalfDay.MORNING if mask == HalfDay.MORNING.mask else HalfDay.AFTERNOON
        message = (
            f"{ctx.who} works only the {'morning' if worked is HalfDay.MORNING else 'afternoon'} "
            f"of {_asked(ctx)}; book that half-day (half={worked.value!r}) instead of the whole day."
        )
        return (_violation(ctx, "not_working_day", message, worked_half=worked.value),)
    return ()


def allowed_weekday(ctx: BookingContext) -> tuple[Violation, ...]:
    """``excluded_weekday``: the agreement never allows telework on this weekday."""
    if ctx.telework_kind != "regular" and not _voluntary(ctx):
        return ()  # imposed and medical days are not held to the voluntary limits
    if not ctx.agreement.is_excluded_weekday(ctx.day):
        return ()
    name = _LONG_WEEKDAYS[ctx.day.weekday()]
    message = (
        f"The agreement {ctx.agreement.name!r} excludes telework on {name}s; "
        f"{ctx.day.isoformat()} is a {name}."
    )
    return (
        _violation(
            ctx,
            "excluded_weekday",
            message,
            weekday=WEEKDAY_NAMES[ctx.day.weekday()],
            excluded=list(ctx.agreement.weekday_names),
        ),
    )


def not_blackout(ctx: BookingContext) -> tuple[Violation, ...]:
    """``blackout``: the day is a blackout date of the agreement (an inventory, a launch)."""
    if ctx.telework_kind != "regular" and not _voluntary(ctx):
        return ()  # imposed and medical days are not held to the voluntary limits
    if ctx.day not in ctx.agreement.blackout:
        return ()
    message = (
        f"{ctx.day.isoformat()} is a blackout date of the agreement {ctx.agreement.name!r}: "
        "everyone is expected on site; choose another day."
    )
    return (_violation(ctx, "blackout", message),)


def granularity_fits(ctx: BookingContext) -> tuple[Violation, ...]:
    """``granularity``: a half-day asked for when the agreement counts whole days only."""
    if ctx.half is None or ctx.agreement.granularity is not Granularity.DAY:
        return ()
    message = (
        f"The agreement {ctx.agreement.name!r} counts telework in whole days; book the whole "
        f"day of {ctx.day.isoformat()} instead of a half-day."
    )
    return (_violation(ctx, "granularity", message, granularity=ctx.agreement.granularity.value),)


def not_already_booked(ctx: BookingContext) -> tuple[Violation, ...]:
    """``already_booked`` (the same day or half-day) and ``half_day_clash`` (a whole day asked
    for where a half-day is booked)."""
    existing = ctx.bookings.get(ctx.day, ())
    for booking in existing:
        if booking.half is None or booking.half is ctx.half:
            message = f"{_asked(ctx, first=True)} is already booked (entry {booking.entry_id!r})."
            return (_violation(ctx, "already_booked", message, entry_id=booking.entry_id),)
    if ctx.half is None and existing:
        halves = sorted(b.half.value for b in existing if b.half is not None)
        free = "afternoon" if halves == ["am"] else "morning"
        message = (
            f"The {'morning' if halves == ['am'] else 'afternoon'} of {ctx.day.isoformat()} is "
            f"already booked; book the {free} only, or cancel the half-day first."
        )
        return (
            _violation(
                ctx,
                "half_day_clash",
                message,
                booked_halves=halves,
                entry_ids=[b.entry_id for b in existing],
            ),
        )
    return ()


def not_absent(ctx: BookingContext) -> tuple[Violation, ...]:
    """``absent``: the employee is absent on the day (or the half-day) asked for; an absent
    person cannot telework (half-day precision)."""
    found = []
    for absence in ctx.absences:
        if not absence.overlaps(ctx.day, ctx.half):
            continue
        mask = absence.mask_on(ctx.day)
        part = (
            "the whole day"
            if mask == _FULL
            else ("the morning" if mask == HalfDay.MORNING.mask else "the afternoon")
        )
        message = (
            f"{ctx.who} is absent ({absence.kind}, absence {absence.absence_id}, "
            f"{absence.days}) on {part} of {ctx.day.isoformat()}: an absent person cannot "
            "telework. Cancel or shorten the absence first, or choose another day."
        )
        found.append(
            _violation(
                ctx,
                "absent",
                message,
                absence_id=absence.absence_id,
                kind=absence.kind,
                absent_half=None if mask == _FULL else ("am" if mask == 1 else "pm"),
                amount=ctx.amount,
            )
        )
    return tuple(found)


def _deadline(
    agreement: Agreement, day: date, calendar: Calendar
) -> tuple[datetime | None, datetime | None]:
    """``agreement.notice.deadline(day, calendar, agreement.timezone)`` and the same moment in
    UTC, remembered per (notice, day, calendar, time zone): frozen values, held by the memo
    (so their identities, the key, stay theirs while remembered)."""
    notice, zone = agreement.notice, agreement.timezone
    key = (id(notice), day, id(calendar), zone)
    found = _DEADLINES.get(key)
    if found is None or found[0] is not notice or found[1] is not calendar:
        deadline = notice.deadline(day, calendar, zone)
        utc = None if deadline is None else deadline.astimezone(timezone.utc)
        found = (notice, calendar, deadline, utc)
        if len(_DEADLINES) >= 4096:
            _DEADLINES.clear()
        _DEADLINES[key] = found
    return found[2], found[3]


_DEADLINES: dict[tuple[int, date, int, str], tuple[Any, Any, datetime | None, datetime | None]] = {}


def notice_given(ctx: BookingContext) -> tuple[Violation, ...]:
    """``notice_too_short``: the booking is asked for after the agreement's notice deadline
    (:meth:`~teleaccord.agreement.Notice.deadline`, in the agreement's time zone; working days
    are the organisation's, Monday to Friday less holidays and closures)."""
    if ctx.telework_kind != "regular" and not _voluntary(ctx):
        return ()  # imposed and medical days are not held to the voluntary limits
    if ctx.at is None:
        return ()
    if ctx.at.tzinfo is timezone.utc:
        # The deadline remembered, with the same moment in UTC to compare a timestamp in UTC
        # with (comparing across time zones computes the zone's offset each time).
        deadline, deadline_utc = _deadline(ctx.agreement, ctx.day, ctx.calendar)
        if deadline_utc is None or ctx.at <= deadline_utc:
            return ()
    else:
        deadline = ctx.agreement.notice.deadline(ctx.day, ctx.calendar, ctx.agreement.timezone)
    if deadline is None or ctx.at <= deadline:
        return ()
    local = ctx.at.astimezone(deadline.tzinfo)
    notice = ctx.agreement.notice
    rules = []
    if notice.working_days:
        plural = "" if notice.working_days == 1 else "s"
        rules.append(f"{notice.working_days} working day{plural}")
    if notice.deadline_time is not None:
        before = notice.deadline_days_before
        when = {0: "the same day", 1: "the day before"}.get(before or 0, f"{before} days before")
        rules.append(f"{when} at {notice.deadline_time.strftime('%H:%M')}")
    message = (
        f"{_asked(ctx, first=True)} had to be asked for by {deadline.strftime('%Y-%m-%d %H:%M')} "
        f"({ctx.agreement.timezone}; notice: {' and '.join(rules)}); it was asked for on "
        f"{local.strftime('%Y-%m-%d %H:%M')}. Choose a later day."
    )
    return (
        _violation(
            ctx,
            "notice_too_short",
            message,
            deadline=deadline,
            asked_at=ctx.at,
            working_days=notice.working_days,
        ),
    )


@functools.lru_cache(maxsize=4096)
def _accrued(
    agreement: Agreement | AgreementHistory,
    contract: Contract,
    period: DateRange,
    calendar: Calendar,
    statuses: tuple[str, ...],
    as_of: date,
) -> Fraction:
    return entitlement(
        agreement, contract, period, calendar, statuses=statuses, as_of=as_of
    ).rounded


def within_period_quota(ctx: BookingContext) -> tuple[Violation, ...]:
    """``period_quota_exceeded``: the booking would bring the balance of its period (or of a
    later period, through a smaller carry-over) below zero — or below the agreement's negative
    limit. With progressive accrual, the days taken by each booked day (this one and the later
    ones) must also fit what has accrued by then (``entitlement(..., as_of=day)``) plus the
    days carried over and adjusted. With pools, the balance is that of the day's pool."""
    quick = ctx.remaining_after
    if (
        quick is not None
        and ctx.regular_only
        and ctx.history is None
        and ctx.telework_kind == "regular"
        and ctx.balance_after is not None
    ):
        # The common case, first: a regular day under an agreement without pools, upfront,
        # every booking regular (the ledger's promise), and the booking fits every period
        # it can change. The same answer as below (no violation), from the terms read once
        # per agreement; anything else takes the whole rule.
        terms = _quota_terms(ctx.agreement)
        if terms is not None:
            floor, zero = terms
            if floor is None:
                return ()  # no period quota, or no limit below zero
            for period in ctx.periods_after or (ctx.period,):
                remaining = quick(period)
                if not (remaining.numerator >= 0 if zero else remaining >= floor):
                    break
            else:
                return ()
    views = _pool_views(ctx)
    if len(views) == 1 and views[0] is ctx:  # no pools: the context itself
        return _within_period_quota(ctx)
    return tuple(v for view in views for v in _within_period_quota(view))


_QUOTA_TERMS: dict[int, tuple[Agreement, tuple[Fraction | None, bool] | None]] = {}


def _quota_terms(agreement: Agreement) -> tuple[Fraction | None, bool] | None:
    """What :func:`_within_period_quota` reads of ``agreement`` before the balances, for
    the shortcut of :func:`within_period_quota`: ``None`` when the shortcut does not apply
    (pools or ``total`` quotas, accrual not upfront); else the floor a remaining balance must
    keep (``None``: nothing to check, no period quota or no limit below zero) and whether
    that floor is zero. Remembered per agreement (a frozen value, held while remembered)."""
    found = _QUOTA_TERMS.get(id(agreement))
    if found is not None and found[0] is agreement:
        return found[1]
    terms: tuple[Fraction | None, bool] | None
    if (
        type(agreement) is not Agreement
        or agreement.pools
        or agreement.total
        or agreement.accrual.step is not AccrualStep.UPFRONT
    ):
        terms = None
    elif agreement.period_quota is None:
        terms = (None, False)
    elif agreement.allow_negative:
        limit = agreement.negative_limit
        terms = (None, False) if limit is None else (-Fraction(limit), limit == 0)
    else:
        terms = (_ZERO, True)
    if len(_QUOTA_TERMS) >= 256:
        _QUOTA_TERMS.clear()
    _QUOTA_TERMS[id(agreement)] = (agreement, terms)
    return terms


def _within_period_quota(ctx: BookingContext) -> tuple[Violation, ...]:
    agreement = ctx.agreement
    if agreement.period_quota is None or ctx.balance_after is None:
        return ()
    if agreement.allow_negative:
        if agreement.negative_limit is None:
            return ()
        floor = -agreement.negative_limit
    else:
        floor = _ZERO
    found: list[Violation] = []
    own = ctx.period
    quick = ctx.remaining_after
    for period in ctx.periods_after or (own,):
        if quick is not None and quick(period) >= floor:
            continue  # the booking fits: the same answer as the balance below, sooner
        after = ctx.balance_after(period, None)
        if after.remaining >= floor:
            continue
        before = after.remaining + (ctx.amount if period == own else _ZERO)
        if period == own and not (after.granted or after.carried or after.adjusted):
            message = (
                f"No telework days are granted to {ctx.who} for period {period}, so "
                f"{_asked(ctx)} cannot be booked; grant the period first."
            )
        elif period == own:
            message = (
                f"Booking {_asked(ctx)} ({describe_days(ctx.amount)}) would leave "
                f"{describe_days(after.remaining)} in period {period}: {format_amount(after.granted)} "
                f"granted, {format_amount(after.carried)} carried, {format_amount(after.adjusted)} "
                f"adjusted, {format_amount(after.taken - ctx.amount)} already taken, "
                f"{format_amount(after.expired)} expired"
                + (f"; the agreement allows down to {format_amount(floor)}" if floor else "")
                + ". Cancel another day or ask HR for an adjustment."
            )
        else:
            message = (
                f"Booking {_asked(ctx)} would carry fewer days into period {period} and leave it "
                f"at {describe_days(after.remaining)}, where days are already booked. Cancel a "
                "day of that period first."
            )
        found.append(
            _violation(
                ctx,
                "period_quota_exceeded",
                message,
                period_start=period.start,
                period_end=period.end,
                remaining_before=before,
                remaining_after=after.remaining,
                amount=ctx.amount,
                floor=floor,
            )
        )
    if agreement.accrual.step is AccrualStep.UPFRONT:
        return tuple(found)
    later = sorted(d for d in ctx.bookings if ctx.day < d <= own.end)
    for day in (ctx.day, *later):
        after = ctx.balance_after(own, day)
        accrued = _accrued(
            ctx.history or agreement, ctx.contract, own, ctx.calendar, ctx.statuses, day
        )
        available = accrued + after.carried + after.adjusted - after.expired
        if available - after.taken >= floor:
            continue
        message = (
            f"Booking {_asked(ctx)} would use {describe_days(after.taken)} of period {own} by "
            f"{day.isoformat()}, but only {describe_days(accrued)} "
            f"{'has' if abs(accrued) <= 1 else 'have'} accrued by then "
            f"(plus {format_amount(after.carried - after.expired)} carried and "
            f"{format_amount(after.adjusted)} adjusted). Choose a later day."
        )
        found.append(
            _violation(
                ctx,
                "period_quota_exceeded",
                message,
                period_start=own.start,
                period_end=own.end,
                accrued=accrued,
                by_day=day,
                taken=after.taken,
                available=available,
                amount=ctx.amount,
                floor=floor,
            )
        )
        break
    return tuple(found)


_WINDOW_CODES = {Window.WEEK: "weekly_max_exceeded", Window.MONTH: "monthly_max_exceeded"}


def within_window_maxima(ctx: BookingContext) -> tuple[Violation, ...]:
    """``weekly_max_exceeded``, ``monthly_max_exceeded``, ``window_max_exceeded``: the
    booking would exceed the maximum of a quota over its week, month, fortnight, quarter or
    year (prorated when the quota says so, :func:`~teleaccord.entitlements.window_quota`).
    With pools, the quotas of the day's pool over the bookings of that pool, then the
    agreement's ``total`` quotas over every voluntary booking (a ``total`` maximum per
    reference period included, prorated as an entitlement)."""
    views = _pool_views(ctx)
    if len(views) == 1 and views[0] is ctx:  # no pools: the context itself
        return _within_window_maxima(ctx)
    return tuple(v for view in views for v in _within_window_maxima(view))


def _window_quotas(ctx: BookingContext) -> Iterator[tuple[Agreement, Quota, DateRange]]:
    """Each quota with a maximum that caps the day's window, with the agreement (version) it
    belongs to and the window. Under a history, a window (week, month...) is judged by the
    version governing it (:meth:`~teleaccord.versions.AgreementHistory.governing`: the one
    in force on its last day), whatever day of it is booked, so a week that straddles a switch
    has one cap, the same for every booking in it; the period is prorated across versions."""
    history = ctx.history
    if history is None:
        for quota in ctx.agreement.quotas:
            if quota.maximum is not None:
                yield (
                    ctx.agreement,
                    quota,
                    quota.window.containing(ctx.day, ctx.agreement.reference),
                )
        return
    kinds = dict.fromkeys(q.window for v in history.versions for q in v.agreement.quotas)
    for kind in kinds:
        window = kind.containing(ctx.day, history.reference)
        terms = history.governing(window)
        for quota in terms.quotas:
            if quota.window is kind and quota.maximum is not None:
                yield terms, quota, window


def _within_window_maxima(ctx: BookingContext) -> tuple[Violation, ...]:
    found = []
    for terms, quota, window in _window_quotas(ctx):
        if quota.window is Window.PERIOD and ctx.scope != "total":
            continue  # the period quota rule reads the balance
        if quota.window is Window.PERIOD:
            maximum: Fraction | None = entitlement(
                ctx.history or terms, ctx.contract, window, ctx.calendar, statuses=ctx.statuses
            ).rounded
        else:
            maximum = window_quota(terms, quota, ctx.contract, window, ctx.calendar)
        if maximum is None:
            continue
        booked = ctx.booked_in(window)
        if booked + ctx.amount <= maximum:
            continue
        kind = quota.window.value
        label = f" ({quota.label})" if quota.label else ""
        prorated = " (prorated)" if quota.prorate else ""
        if ctx.history is not None and len(ctx.history.spans(window)) > 1:
            names = " and ".join(repr(a.name) for a, _ in ctx.history.spans(window))
            if quota.window is Window.PERIOD:
                label += f" (prorated across {names})"
            else:
                label += (
                    f" (the {kind} runs under {names}; it is judged under {terms.name!r}, "
                    "in force on its last day)"
                )
        message = (
            f"Booking {_asked(ctx)} would make {describe_days(booked + ctx.amount)} of telework "
            f"in the {kind} {window}; the agreement allows {format_amount(maximum)}{prorated}"
            f"{label}, and {_are_booked(booked)}. Choose a day in another {kind}."
        )
        found.append(
            _violation(
                ctx,
                _WINDOW_CODES.get(quota.window, "window_max_exceeded"),
                message,
                window=kind,
                window_start=window.start,
                window_end=window.end,
                booked=booked,
                amount=ctx.amount,
                maximum=maximum,
            )
        )
    return tuple(found)


def _worked_amount(mask: int) -> Fraction:
    return Fraction(bin(mask).count("1"), 2)


def on_site_requirement(
    agreement: Agreement,
    minimum: OnSiteMinimum,
    contract: Contract,
    calendar: Calendar,
    window: DateRange,
    absences: Iterable[Absence] = (),
) -> tuple[Fraction, Fraction, Fraction]:
    """``(base, required, holidays)`` of an on-site minimum in one window: the days the
    employee could be on site (days worked on the pattern inside the contract, plus the public
    holidays counting as on site when the minimum says so, less the absent half-days of kinds
    the agreement does not count as on site), the days required on site (a number of days or
    a share of the base, never more than the base), and the holidays counted.

    >>> from datetime import date
    >>> from teleaccord import (Agreement, Calendar, Contract, DateRange, OnSiteMinimum,
    ...                         on_site_requirement)
    >>> m = OnSiteMinimum(window="week", share="60 %")
    >>> c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    >>> on_site_requirement(Agreement(name="x", on_site=[m]), m, c, Calendar(),
    ...                     DateRange(date(2024, 6, 3), date(2024, 6, 9)))
    (Fraction(5, 1), Fraction(3, 1), Fraction(0, 1))
    """
    worked = contract.worked_amount(window, calendar)
    holidays = _ZERO
    if minimum.holidays_count_as_on_site:
        for holiday in calendar.holidays(window):
            seg = contract.segment_at(holiday.day)
            if seg is None or holiday.worked or seg.pattern.works_holidays:
                continue
            if holiday.day in calendar.closures:
                continue
            holidays += _worked_amount(seg.pattern.mask_on(holiday.day))
    away = _ZERO
    absences = tuple(absences)
    if absences:
        masks = absent_masks(
            absences, period=window, kinds=agreement.absence_kinds, counting="on_site"
        )
        for day, mask in masks.items():
            seg = contract.segment_at(day)
            if seg is not None:
                away += _worked_amount(calendar.worked_mask(day, seg.pattern) & mask)
    base = worked + holidays - away
    required = minimum.days if minimum.days is not None else (minimum.share or _ZERO) * base
    return base, min(required, base), holidays


def on_site_minimum_kept(ctx: BookingContext) -> tuple[Violation, ...]:
    """``on_site_minimum``: after the booking, the employee would be on site fewer days than
    the agreement's minimum in a window (a number of days, or a share of the days worked).

    Days worked are counted on the employee's pattern inside the contract (a half-day counts
    1/2); when the minimum says so, public holidays that fall on days the employee would work
    count as days on site (and as days worked). Where fewer days are worked than the minimum,
    every one of them must be on site. Absent half-days leave the base unless the agreement
    counts their kind as on site (training, business travel: :class:`~teleaccord.absence.AbsenceKind`)."""
    if ctx.telework_kind != "regular" and not _voluntary(ctx):
        return ()  # imposed and medical days are not held to the voluntary limits
    found = []
    for minimum in ctx.agreement.on_site:
        window = minimum.window.containing(ctx.day, ctx.agreement.reference)
        base, required, holidays = on_site_requirement(
            ctx.agreement, minimum, ctx.contract, ctx.calendar, window, ctx.absences
        )
        telework = ctx.booked_in(window) + ctx.amount
        on_site = base - telework
        if on_site >= required:
            continue
        what = (
            describe_days(required)
            if minimum.days is not None
            else f"{format_amount((minimum.share or _ZERO) * 100)} % of {describe_days(base)} "
            f"(= {format_amount(required)})"
        )
        holiday_note = (
            f", holidays counting as on site ({format_amount(holidays)})" if holidays else ""
        )
        message = (
            f"Booking {_asked(ctx)} would leave {describe_days(on_site)} on site in the "
            f"{minimum.window.value} {window}{holiday_note}; the agreement requires at least "
            f"{what}. Choose a day in another {minimum.window.value}."
        )
        found.append(
            _violation(
                ctx,
                "on_site_minimum",
                message,
                window=minimum.window.value,
                window_start=window.start,
                window_end=window.end,
                on_site=on_site,
                required=required,
                worked=base,
                telework=telework,
            )
        )
    return tuple(found)


_LOOKAROUND = 370  # never walk further than a year of days off looking for a working day


def consecutive_days_limit(ctx: BookingContext) -> tuple[Violation, ...]:
    """``consecutive_days_exceeded``: the booking would make a run of more telework days in a
    row than the agreement allows. The run counts the employee's working days whose every
    worked half-day is teleworked; days off (weekends, holidays, closures, days outside the
    pattern) neither count nor break it, a working day on site (even half of it) breaks it."""
    if ctx.telework_kind != "regular" and not _voluntary(ctx):
        return ()  # imposed and medical days are not held to the voluntary limits
    limit = ctx.agreement.max_consecutive_days
    if limit is None or ctx.segment is None:
        return ()

    def state(day: date) -> str:
        seg = ctx.contract.segment_at(day)
        if seg is None:
            return "break"
        worked = ctx.calendar.worked_mask(day, seg.pattern)
        if not worked:
            return "off"
        return "telework" if worked & ~ctx.telework_mask(day) == 0 else "break"

    if state(ctx.day) != "telework":
        return ()
    run = [ctx.day]
    for step in (-_ONE_DAY, _ONE_DAY):
        day, off = ctx.day + step, 0
        while off <= _LOOKAROUND and len(run) <= limit:
            kind = state(day)
            if kind == "break":
                break
            if kind == "off":
                off += 1
            else:
                run.append(day)
                off = 0
            day += step
    if len(run) <= limit:
        return ()
    first, last = min(run), max(run)
    message = (
        f"Booking {_asked(ctx)} would make more than {limit} telework working days in a row "
        f"(at least {len(run)}, from {first.isoformat()} to {last.isoformat()}); the agreement "
        f"allows {limit}. Keep a day on site in between."
    )
    return (
        _violation(
            ctx,
            "consecutive_days_exceeded",
            message,
            run=len(run),
            maximum=limit,
            first=first,
            last=last,
        ),
    )


BOOKING_RULES: tuple[Rule, ...] = (
    within_agreement_validity,
    within_contract,
    eligible,
    working_day,
    allowed_weekday,
    not_blackout,
    granularity_fits,
    not_already_booked,
    not_absent,
    notice_given,
    within_period_quota,
    within_window_maxima,
    on_site_minimum_kept,
    consecutive_days_limit,
)
"""Every booking rule, in the order their violations are reported."""


def _no_eligibility_condition(agreement: Agreement) -> bool:
    """The agreement sets no eligibility condition (:func:`eligible`'s fast path and its
    entry in ``_SILENT_WHEN``: one test, read by both)."""
    rules = agreement.eligibility
    return (
        rules.categories is None
        and not rules.excluded_categories
        and not rules.min_seniority_months
        and not rules.min_months_in_post
        and not rules.min_fraction
        and rules.sites is None
    )


def _no_window_maximum(agreement: Agreement) -> bool:
    return (
        not agreement.pools
        and not agreement.total
        and all(q.maximum is None or q.window is Window.PERIOD for q in agreement.quotas)
    )


# When a rule of BOOKING_RULES can report nothing under an agreement, whatever the day, the
# bookings and the moment: each test reads the same fields the rule's own early return does.
_SILENT_WHEN: dict[Rule, Callable[[Agreement], bool]] = {
    within_agreement_validity: lambda a: a.valid is None,
    eligible: _no_eligibility_condition,
    allowed_weekday: lambda a: not a.excluded_weekdays,
    not_blackout: lambda a: not a.blackout,
    granularity_fits: lambda a: a.granularity is not Granularity.DAY,
    within_window_maxima: _no_window_maximum,
    on_site_minimum_kept: lambda a: not a.on_site,
    consecutive_days_limit: lambda a: a.max_consecutive_days is None,
}

_APPLICABLE: dict[
    tuple[int, int], tuple[Agreement, AgreementHistory | None, tuple[Rule, ...], tuple[Rule, ...]]
] = {}


def applicable_rules(
    agreement: Agreement,
    rules: Iterable[Rule] = BOOKING_RULES,
    history: AgreementHistory | None = None,
) -> tuple[Rule, ...]:
    """The rules of ``rules`` that can report something under ``agreement`` (the version in
    force on the day asked for): those of :data:`BOOKING_RULES` that the agreement's terms
    make silent are left out (no validity bounds, no eligibility condition, no excluded
    weekday, no blackout date, half-days allowed, no maximum per window, no on-site minimum,
    no limit on consecutive days); any other rule is kept. Under a ``history`` (the context's),
    the maxima per window stay unless no version has one: a week straddling a switch is judged
    by the version in force on its last day, not the day's. :func:`check_booking` with them
    gives the same violations as with ``rules``, in the same order, with fewer calls.
    Remembered per agreement and history (frozen values, held while remembered).

    >>> from teleaccord import Agreement
    >>> from teleaccord.rules import BOOKING_RULES, applicable_rules
    >>> len(BOOKING_RULES), len(applicable_rules(Agreement(name="x")))
    (14, 7)
    """
    rules = rules if type(rules) is tuple else tuple(rules)
    key = (id(agreement), id(history))
    found = _APPLICABLE.get(key)
    if found is not None and found[0] is agreement and found[1] is history and found[2] is rules:
        return found[3]

    def silent(rule: Rule) -> bool:
        if rule not in _SILENT_WHEN:
            return False
        if rule is within_window_maxima and history is not None:
            return all(_no_window_maximum(v.agreement) for v in history.versions)
        return _SILENT_WHEN[rule](agreement)

    kept = tuple(rule for rule in rules if not silent(rule))
    if len(_APPLICABLE) >= 256:
        _APPLICABLE.clear()
    _APPLICABLE[key] = (agreement, history, rules, kept)
    return kept


def check_booking(
    context: BookingContext, rules: Iterable[Rule] = BOOKING_RULES
) -> tuple[Violation, ...]:
    """Run every rule on ``context`` and return all the violations found, in rule order.

    >>> from datetime import date
    >>> from teleaccord import Agreement, BookingContext, Calendar, Contract, check_booking
    >>> ctx = BookingContext(agreement=Agreement(name="x", excluded_weekdays=["We"]),
    ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)),
    ...                      calendar=Calendar(), day=date(2024, 5, 1), half="am")
    >>> [v.code for v in check_booking(ctx)]
    ['holiday', 'excluded_weekday', 'granularity']
    """
    found: list[Violation] = []
    for rule in rules:
        violations = rule(context)
        if violations:
            found.extend(violations)
    return tuple(found)
