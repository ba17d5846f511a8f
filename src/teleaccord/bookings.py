"""Reading a ledger's bookings: which are active, the days they take, what an absence cancels.

Pure functions over the bookings not cancelled, by day (what
:class:`~teleaccord.ledger.QuotaLedger` keeps as entries are appended), behind its read-only
queries (:meth:`~teleaccord.ledger.QuotaLedger.active_bookings`,
:meth:`~teleaccord.ledger.QuotaLedger.telework_days`,
:meth:`~teleaccord.ledger.QuotaLedger.taken_by_kind`) and
:meth:`~teleaccord.ledger.QuotaLedger.record_absence`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from fractions import Fraction

from teleaccord.absence import Absence
from teleaccord.dates import DateRange
from teleaccord.entries import Booking, Cancellation
from teleaccord.errors import InvalidValue
from teleaccord.pattern import HalfDay

__all__ = ["absence_cancellations", "active_bookings", "taken_by_kind", "telework_days"]

ActiveBookings = Mapping[date, Iterable[Booking]]


def _half_order(booking: Booking) -> int:
    return 0 if booking.half is None else (1 if booking.half is HalfDay.MORNING else 2)


def _days(active: ActiveBookings, period: DateRange | None) -> list[date]:
    return sorted(active) if period is None else sorted(d for d in active if d in period)


def active_bookings(active: ActiveBookings, period: DateRange | None = None) -> tuple[Booking, ...]:
    """The bookings of ``active`` (the bookings not cancelled, by day) in ``period`` (any
    range of days) or all, by day and morning before afternoon."""
    return tuple(b for d in _days(active, period) for b in sorted(active[d], key=_half_order))


def telework_days(
    active: ActiveBookings, period: DateRange | None = None
) -> tuple[tuple[date, Fraction], ...]:
    """``(day, amount)`` of the ``active`` bookings (by day) in ``period`` or all, one pair per
    day (1 or 1/2), sorted: what allowances and cross-border day counts read.

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import Agreement, Calendar, Contract, QuotaLedger
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
    return tuple(
        (d, sum((b.amount for b in active[d]), Fraction(0))) for d in _days(active, period)
    )


def taken_by_kind(bookings: Iterable[Booking]) -> dict[str, Fraction]:
    """The telework taken by ``bookings`` (the active ones) per kind of telework, by kind:
    imposed and medical days, which consume no pool, are reported here.

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import Agreement, Calendar, Contract, QuotaLedger
    >>> at = datetime(2024, 1, 2, 9, tzinfo=ZoneInfo("Europe/Paris"))
    >>> ledger = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
    ...                      contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)))
    >>> _ = ledger.book(date(2024, 3, 5), at=at, by="hr", telework_kind="imposed")
    >>> ledger.taken_by_kind()
    {'imposed': Fraction(1, 1)}
    """
    found: dict[str, Fraction] = {}
    for booking in bookings:
        found[booking.telework_kind] = (
            found.get(booking.telework_kind, Fraction(0)) + booking.amount
        )
    return dict(sorted(found.items()))


def absence_cancellations(
    absence: Absence,
    bookings: Iterable[Booking],
    *,
    at: datetime,
    by: str,
    taken: Collection[str] = (),
) -> tuple[Cancellation, ...]:
    """The cancellations (reason ``absence``) of the ``bookings`` that ``absence`` overlaps
    (half-day precision), each under the id ``<absence id>:cancel:<booking id>``.

    Raises:
        InvalidValue: one of these ids is already ``taken`` (``entry_id_reused``).

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import Absence, Agreement, Calendar, Contract, DateRange, QuotaLedger
    >>> at = datetime(2024, 3, 1, 9, tzinfo=ZoneInfo("Europe/Paris"))
    >>> ledger = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
    ...                      contract=Contract.from_amendments(employee="E1", hired=date(2024, 1, 1)))
    >>> _ = ledger.book(date(2024, 3, 5), at=at, by="E1")
    >>> leave = Absence(absence_id="L1", employee="E1", kind="paid_leave",
    ...                 days=DateRange(date(2024, 3, 4), date(2024, 3, 8)))
    >>> _ = ledger.record_absence(leave, at=at, by="hr")
    >>> ledger.active_bookings(), [v.code for v in ledger.check(date(2024, 3, 6))]
    ((), ['absent'])
    >>> [e.entry_id for e in ledger.entries if e.kind == "cancellation"]
    ['L1:cancel:E1:booking:1']
    """
    cancellations = []
    for booking in bookings:
        if not absence.overlaps(booking.day, booking.half):
            continue
        cancellation = Cancellation(
            entry_id=f"{absence.absence_id}:cancel:{booking.entry_id}",
            booking_id=booking.entry_id,
            day=booking.day,
            amount=booking.amount,
            recorded_at=at,
            by=by,
            reason="absence",
            telework_kind=booking.telework_kind,
        )
        if cancellation.entry_id in taken:
            msg = (
                f"absence: the id {cancellation.entry_id!r} the absence would cancel "
                f"{booking.entry_id!r} under is taken; record the absence under another id."
            )
            raise InvalidValue(msg, field="absence_id", code="entry_id_reused")
        cancellations.append(cancellation)
    return tuple(cancellations)
