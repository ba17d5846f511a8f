"""Workforce balances: the telework balance of every employee, streamed.

The main job of teleaccord's script users: from a workforce's contracts, bookings and
adjustments, compute one :class:`BalanceRow` per employee and reference period: the
entitlement (exact and rounded), the days carried over, adjusted, booked and cancelled, the
carried days that expired, and what remains.

:func:`workforce_balances` takes the employees one at a time (an iterable of
:class:`EmployeeRecords`, as :func:`teleaccord.io.csv.read_workforce` streams them from files
sorted by employee), so memory is bounded by one employee's data, not by the workforce. Each
employee costs a few look-ups per booking and one entitlement per distinct contract shape: the
entitlement of a contract depends only on its segments inside the period, so employees with the
same shape (most full-time staff present all year) share one computation.

Bad data never stops the run unless asked: a booking on a day the employee does not work, a
booking outside the contract, a contract that cannot be built, are each reported as a
:class:`~teleaccord.errors.Problem` with its file, line and column, counted in the
:class:`RunSummary`, and skipped.
"""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
import logging
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, NamedTuple, TypeVar

import attrs

from teleaccord.absence import Absence, absence_kind, long_absence_share
from teleaccord.agreement import DEFAULT_POOL, Agreement, CarryOverMode
from teleaccord.amounts import format_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange
from teleaccord.entitlements import entitlement
from teleaccord.entries import Booking, Cancellation
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.fold import (
    PeriodFlow,
    PeriodSums,
    fold_chain,
    fold_periods,
    half_days,
    remaining_days,
)
from teleaccord.ledger import QuotaLedger
from teleaccord.overrides import IndividualTerms, check_terms
from teleaccord.pattern import HalfDay, WorkPattern
from teleaccord.slots import member_setters
from teleaccord.versions import AgreementHistory, agreement_in_force, pool_terms

__all__ = [
    "BOOKED",
    "CANCELLED",
    "AbsenceRow",
    "AdjustmentRow",
    "BalanceRow",
    "BookingColumns",
    "BookingRow",
    "EmployeeContract",
    "EmployeeRecords",
    "FileCounts",
    "RunSummary",
    "Source",
    "TalliedColumns",
    "employee_balances",
    "ledger_booking_rows",
    "periods_for_year",
    "workforce_balances",
]

log = logging.getLogger(__name__)

BOOKED = "booked"
"""The status of a booking row that books a day (or half-day)."""
CANCELLED = "cancelled"
"""The status of a booking row that cancels a booking, or records one already cancelled."""


class BookingRow(NamedTuple):
    """One row of a bookings file: a telework day (or half-day) booked or cancelled.

    ``half`` is ``None`` for a whole day. ``booking_id`` identifies the booking; rows without
    one are identified by their day and half-day. ``line`` is the row's line in its file.
    ``kind`` is the kind of telework (``regular``, ``occasional``, ``imposed``, ``medical`` or
    a kind the agreement's pools name); ``""`` (a blank cell, or no ``kind`` column) is the
    default kind, ``regular``. A cancellation counts in the pool of the booking it cancels,
    whatever its own kind.

    >>> from datetime import date
    >>> from teleaccord import BookingRow
    >>> from teleaccord.workforce import BOOKED
    >>> BookingRow("E1", date(2024, 3, 5), None, BOOKED, "B1", None, 2).amount
    Fraction(1, 1)
    """

    employee: str
    day: date
    half: HalfDay | None
    status: str
    booking_id: str | None
    recorded_at: datetime | None
    line: int
    kind: str = ""

    @property
    def amount(self) -> Fraction:
        """1 for a whole day, 1/2 for a half-day."""
        return Fraction(1) if self.half is None else Fraction(1, 2)


class AdjustmentRow(NamedTuple):
    """One row of an adjustments file: days added to (or removed from) a reference period.

    ``day`` is a day of the reference period adjusted (its first day when the file gave a
    year or a month).

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import AdjustmentRow
    >>> AdjustmentRow("E1", date(2024, 1, 1), Fraction(2), "long illness", "hr", 2).amount
    Fraction(2, 1)
    """

    employee: str
    day: date
    amount: Fraction
    reason: str
    by: str
    line: int


class AbsenceRow(NamedTuple):
    """One row of an absences file: an :class:`~teleaccord.absence.Absence` and its line.

    >>> from datetime import date
    >>> from teleaccord import Absence, AbsenceRow, DateRange
    >>> a = Absence(absence_id="A1", employee="E1", kind="rtt", days=DateRange.single(date(2024, 3, 8)))
    >>> AbsenceRow("E1", a, 2).absence.kind
    'rtt'
    """

    employee: str
    absence: Absence
    line: int


def _frozen_statuses(
    value: Iterable[tuple[date, Iterable[str]]],
) -> tuple[tuple[date, frozenset[str]], ...]:
    if not value:
        return ()
    return tuple(sorted((day, frozenset(names)) for day, names in value))


@attrs.frozen(kw_only=True)
class EmployeeContract:
    """A contract and the employee's statuses over time (``carer``, ``disabled``...).

    ``statuses`` holds ``(from_day, statuses)`` pairs: each set applies from its day until the
    next one.

    >>> from datetime import date
    >>> from teleaccord import Contract, EmployeeContract
    >>> c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    >>> ec = EmployeeContract(contract=c, statuses=[(date(2020, 1, 1), {"carer"}),
    ...                                             (date(2024, 7, 1), set())])
    >>> from teleaccord import year_range
    >>> sorted(ec.statuses_in(year_range(2024))), sorted(ec.statuses_in(year_range(2025)))
    (['carer'], [])
    """

    contract: Contract
    statuses: tuple[tuple[date, frozenset[str]], ...] = attrs.field(
        default=(), converter=_frozen_statuses
    )
    line: int = attrs.field(default=0, eq=False)

    @property
    def employee(self) -> str:
        """The contract's employee identifier."""
        return self.contract.employee

    def statuses_in(self, period: DateRange) -> frozenset[str]:
        """The statuses held on any day of ``period`` (extra days are then prorated by
        presence, like the quota)."""
        found: set[str] = set()
        for n, (start, names) in enumerate(self.statuses):
            nxt = self.statuses[n + 1][0] if n + 1 < len(self.statuses) else None
            if start <= period.end and (nxt is None or nxt > period.start):
                found.update(names)
        return frozenset(found)

    def statuses_at(self, day: date) -> frozenset[str]:
        """The statuses held on ``day``.

        >>> from datetime import date
        >>> from teleaccord import Contract, EmployeeContract
        >>> c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
        >>> sorted(EmployeeContract(contract=c, statuses=[(date(2024, 1, 1), {"carer"})])
        ...        .statuses_at(date(2024, 3, 1)))
        ['carer']
        """
        found: frozenset[str] = frozenset()
        for start, names in self.statuses:
            if start > day:
                break
            found = names
        return found


def _str_dict(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


@attrs.frozen
class Source:
    """A data file as problems name it: its name and the header of each column.

    >>> from teleaccord import Source
    >>> Source("bookings.csv", {"date": "Jour"}).path(42, "date")
    'bookings.csv:42:Jour'
    >>> Source("bookings.csv").path(42)
    'bookings.csv:42'
    """

    name: str
    columns: Mapping[str, str] = attrs.field(factory=dict, converter=_str_dict, eq=False)

    def path(self, line: int, column: str | None = None) -> str:
        """The problem path ``name:line[:column]``, with the column as the file writes it."""
        if column is None:
            return f"{self.name}:{line}"
        return f"{self.name}:{line}:{self.columns.get(column, column)}"


class BookingColumns(NamedTuple):
    """One employee's booking rows, column by column: the compact form the CSV reader
    streams, so that a whole employee is checked and counted with a few C-level passes.

    ``ordinals`` holds the days as :meth:`date.toordinal` numbers (what counting needs);
    ``halves`` holds ``""`` (a whole day), ``"am"`` or ``"pm"``; ``statuses`` holds
    ``"booked"`` or ``"cancelled"``; ``ids`` holds ``""`` when the row has no id;
    ``recorded_at`` is empty when no row has a timestamp; ``lines`` the line of each row in
    its file; ``kinds`` the kind of telework of each row (``""``: the default kind,
    ``regular``), empty when every row is of the default kind.

    >>> from datetime import date
    >>> from teleaccord import BookingColumns, BookingRow, HalfDay
    >>> from teleaccord.workforce import BOOKED
    >>> cols = BookingColumns.from_rows([BookingRow("E1", date(2024, 3, 5), HalfDay.MORNING,
    ...                                             BOOKED, "B1", None, 7)])
    >>> cols.halves, cols.statuses, cols.lines, cols.size
    (('am',), ('booked',), (7,), 1)
    >>> next(cols.rows("E1")).half
    <HalfDay.MORNING: 'am'>
    """

    ordinals: tuple[int, ...] = ()
    halves: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    recorded_at: tuple[datetime | None, ...] = ()
    lines: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        """The number of rows."""
        return len(self.ordinals)

    @property
    def days(self) -> tuple[date, ...]:
        """The days, as dates."""
        return tuple(map(date.fromordinal, self.ordinals))

    @classmethod
    def from_rows(cls, rows: Iterable[BookingRow]) -> BookingColumns:
        """The columns of booking rows."""
        found = tuple(rows)
        stamps = tuple(r.recorded_at for r in found)
        kinds = tuple(r.kind for r in found)
        return cls(
            ordinals=tuple(r.day.toordinal() for r in found),
            halves=tuple("" if r.half is None else r.half.value for r in found),
            statuses=tuple(CANCELLED if r.status == CANCELLED else BOOKED for r in found),
            ids=tuple(r.booking_id or "" for r in found),
            recorded_at=stamps if any(s is not None for s in stamps) else (),
            lines=tuple(r.line for r in found),
            kinds=kinds if any(kinds) else (),
        )

    def rows(self, employee: str) -> Iterator[BookingRow]:
        """The rows again, as :class:`BookingRow` values."""
        stamps = self.recorded_at or (None,) * len(self.ordinals)
        kinds = self.kinds or ("",) * len(self.ordinals)
        for day, half, status, ident, stamp, line, kind in zip(
            self.days, self.halves, self.statuses, self.ids, stamps, self.lines, kinds, strict=True
        ):
            yield BookingRow(
                employee, day, HalfDay(half) if half else None, status, ident or None, stamp,
                line, kind,
            )  # fmt: skip


class TalliedColumns(BookingColumns):
    """:class:`BookingColumns` whose reader has also counted them: ``tally`` is (half-days
    booked, half-days cancelled) over all the rows, set by the columnar reader
    (:mod:`teleaccord.io.columnar`) only when it found, with a few vectorised passes over a
    whole chunk, that the rows are whole days and, among themselves, what the set path of
    the job asks: every id given or none, each booking on its own day (under its own id),
    and each cancellation after the one booking of its id (or of its day, without ids), on
    the same day, at most one a booking. The job then only checks the days against the
    contract (what the reader cannot know) and adds the tally; anything else goes through
    the same per-employee code as plain columns.

    The tally is an attribute, not a field: the columns compare, pickle and read like plain
    :class:`BookingColumns`, and columns derived from them (filtered, joined, with
    cancellations appended) are plain :class:`BookingColumns`, with no tally.

    >>> from teleaccord.workforce import BOOKED, CANCELLED, TalliedColumns
    >>> cols = TalliedColumns((739_000, 739_001, 739_001), ("",) * 3,
    ...                       (BOOKED, BOOKED, CANCELLED), ("B1", "B2", "B2"), (), (2, 3, 4))
    >>> cols.tally = (4, 2)
    >>> cols == cols._replace(), getattr(cols._replace(), "tally", None)
    (True, None)
    """

    tally: tuple[int, int]


def _booking_columns(value: BookingColumns | Iterable[BookingRow]) -> BookingColumns:
    if isinstance(value, BookingColumns):
        return value
    return BookingColumns.from_rows(value)


def ledger_booking_rows(ledger: QuotaLedger) -> Iterator[BookingRow]:
    """A ledger's bookings and cancellations as booking rows, in the order they were recorded
    (what an HRIS exports for the workforce job).

    Each booking is a ``booked`` row under its entry id; each cancellation a ``cancelled`` row
    with the id, day and half-day of the booking it cancels; both with their kind of telework
    (blank for ``regular``). Read back, the rows give the ledger's figures (``booked``,
    ``cancelled``), pool by pool.

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import (Agreement, Calendar, Contract, Quota, QuotaLedger,
    ...     ledger_booking_rows, year_range)
    >>> at = datetime(2025, 1, 6, 9, tzinfo=ZoneInfo("Europe/Paris"))
    >>> ledger = QuotaLedger(agreement=Agreement(name="x", quotas=[Quota(window="period", maximum=5)]),
    ...                      contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
    ...                      calendar=Calendar())
    >>> _ = ledger.grant(year_range(2025), at=at, by="hr")
    >>> _ = ledger.book(date(2025, 3, 4), at=at, by="E1", entry_id="B1")
    >>> _ = ledger.cancel("B1", at=at, by="E1")
    >>> [(r.day.isoformat(), r.status, r.booking_id) for r in ledger_booking_rows(ledger)]
    [('2025-03-04', 'booked', 'B1'), ('2025-03-04', 'cancelled', 'B1')]
    """
    booked: dict[str, Booking] = {}
    for entry in ledger.entries:
        if isinstance(entry, Booking):
            booked[entry.entry_id] = entry
            yield BookingRow(
                ledger.employee, entry.day, entry.half, BOOKED, entry.entry_id,
                entry.recorded_at, 0, _kind_cell(entry.telework_kind),
            )  # fmt: skip
        elif isinstance(entry, Cancellation):
            original = booked.get(entry.booking_id)
            yield BookingRow(
                ledger.employee,
                entry.day,
                original.half if original is not None else None,
                CANCELLED,
                entry.booking_id,
                entry.recorded_at,
                0,
                _kind_cell(entry.telework_kind),
            )


def _kind_cell(kind: str) -> str:
    """A kind of telework as a bookings file writes it: blank for the default kind."""
    return "" if kind == _DEFAULT_KIND else kind


_DEFAULT_KIND = "regular"


def _adjustment_tuple(value: Iterable[AdjustmentRow]) -> tuple[AdjustmentRow, ...]:
    return value if isinstance(value, tuple) else tuple(value)


def _absence_tuple(value: Iterable[AbsenceRow]) -> tuple[AbsenceRow, ...]:
    return value if isinstance(value, tuple) else tuple(value)


@attrs.frozen(kw_only=True)
class EmployeeRecords:
    """Everything known about one employee: contract, bookings, adjustments and absences.

    ``contract`` is ``None`` when the employee has bookings or adjustments but no valid
    contract (they are then reported and skipped). ``bookings`` accepts
    :class:`BookingRow` values or :class:`BookingColumns`, and holds the columns. The sources
    name the files the rows came from, for problem paths.
    """

    employee: str
    contract: EmployeeContract | None = None
    bookings: BookingColumns = attrs.field(factory=BookingColumns, converter=_booking_columns)
    adjustments: tuple[AdjustmentRow, ...] = attrs.field(default=(), converter=_adjustment_tuple)
    contract_source: Source = Source("contracts")
    bookings_source: Source = Source("bookings")
    adjustments_source: Source = Source("adjustments")
    contract_skipped: bool = False
    absences: tuple[AbsenceRow, ...] = attrs.field(default=(), converter=_absence_tuple)
    absences_source: Source = Source("absences")


ProblemHandler = Callable[[Problem], None]


# -- results ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class BalanceRow:
    """One employee's balance for one reference period, in one pool of days.

    Attributes:
        employee: the employee identifier.
        period: the reference period.
        label: the period's short name (``2024``, ``2024-06``, or the range).
        entitlement_exact: the exact prorated entitlement, never rounded.
        entitlement: the entitlement after the agreement's rounding (the days granted).
        carried: days carried over from the previous period.
        adjusted: the sum of the period's manual adjustments.
        booked: every day booked in the period, cancelled ones included.
        cancelled: the days of those bookings that were cancelled.
        expired: carried days not used before they expired.
        forfeited: the days lost at the period's end because the carry-over rule does not
            carry them (mode ``none``, or above the cap): ``remaining - carried out``, counted
            once the period is over (as of a day after its end, or with no as-of day). They do
            not reduce ``remaining``, the figure of the closed period.
        pool: the pool of days (:class:`~teleaccord.agreement.Pool`) the row counts:
            ``default`` (the agreement's top-level quotas) or a pool's name; ``imposed`` and
            ``medical`` for the days of those kinds, which consume no pool and are reported
            apart: such a row has its ``booked`` and ``cancelled`` days only, and ``remaining``
            0.
        remaining: ``entitlement + carried + adjusted - booked + cancelled - expired`` (0 in
            an ``imposed`` or ``medical`` row).

    >>> from fractions import Fraction
    >>> from teleaccord import BalanceRow, year_range
    >>> row = BalanceRow(employee="E1", period=year_range(2024), label="2024",
    ...                  entitlement_exact=Fraction(9200, 183), entitlement=Fraction(50),
    ...                  booked=Fraction(21), cancelled=Fraction(1))
    >>> row.remaining, row.taken
    (Fraction(30, 1), Fraction(20, 1))
    >>> row.to_dict()["entitlement_exact"]
    '9200/183'
    """

    employee: str
    period: DateRange
    label: str
    entitlement_exact: Fraction
    entitlement: Fraction
    carried: Fraction = Fraction(0)
    adjusted: Fraction = Fraction(0)
    booked: Fraction = Fraction(0)
    cancelled: Fraction = Fraction(0)
    expired: Fraction = Fraction(0)
    forfeited: Fraction = Fraction(0)
    pool: str = DEFAULT_POOL
    remaining: Fraction = attrs.field(init=False)

    @remaining.default
    def _remaining(self) -> Fraction:
        if self.pool in _NON_VOLUNTARY_KINDS:
            return _ZERO
        return remaining_days(
            self.entitlement, self.carried, self.adjusted, self.booked, self.cancelled, self.expired
        )

    @property
    def voluntary(self) -> bool:
        """Whether the row is a voluntary pool's (not the ``imposed`` or ``medical`` days)."""
        return self.pool not in _NON_VOLUNTARY_KINDS

    @property
    def taken(self) -> Fraction:
        """The days booked and not cancelled: the telework days actually taken."""
        return self.booked - self.cancelled

    def to_dict(self) -> dict[str, str]:
        """The row as strings, in the column order of the balances CSV format (amounts
        exact: ``"40.5"`` or ``"100/3"``)."""
        return {
            "employee": self.employee,
            "period": self.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "entitlement_exact": format_amount(self.entitlement_exact),
            "entitlement": format_amount(self.entitlement),
            "carried": format_amount(self.carried),
            "adjusted": format_amount(self.adjusted),
            "booked": format_amount(self.booked),
            "cancelled": format_amount(self.cancelled),
            "expired": format_amount(self.expired),
            "remaining": format_amount(self.remaining),
            "forfeited": format_amount(self.forfeited),
            "pool": self.pool,
        }


@attrs.define
class FileCounts:
    """Rows read and skipped in one input file, and how it was read: the ``encoding``
    detected (``None`` when it was given or the file was text already) and its
    ``date_format``."""

    name: str
    rows: int = 0
    skipped: int = 0
    encoding: str | None = None
    date_format: str | None = None

    def describe(self) -> str:
        """What was read, for the run's summary.

        >>> from teleaccord import FileCounts
        >>> print(FileCounts("c.csv", 3, encoding="cp1252", date_format="dd/mm/yyyy").describe())
        c.csv (cp1252, dates dd/mm/yyyy): 3 rows
        """
        how = [self.encoding] if self.encoding else []
        if self.date_format and self.date_format != "yyyy-mm-dd":
            how.append(f"dates {self.date_format}")
        shown = f"{self.name} ({', '.join(how)})" if how else self.name
        return f"{shown}: {self.rows} rows" + (f" ({self.skipped} skipped)" if self.skipped else "")


@attrs.define
class RunSummary:
    """What a workforce run read, skipped and produced: nothing is dropped silently.

    Attributes:
        files: rows read and skipped per input (``contracts``, ``bookings``, ``adjustments``).
        employees: employees processed (with a contract or not).
        balances: balance rows produced.
        problems: problems reported, by code.
        outside_periods: booking and adjustment rows dated outside the periods computed:
            valid, but not part of this run's figures.
        after_as_of: booking and adjustment rows dated after ``as_of``, not counted yet.
        indexed: whether the inputs were not sorted by employee and were indexed in memory.
        individual_terms: employees processed with individual terms of their own (the
            ``terms`` of :func:`workforce_balances`), whether or not they changed a figure.

    >>> from teleaccord import RunSummary
    >>> s = RunSummary()
    >>> s.file("bookings", "b.csv").rows += 10
    >>> s.problems["holiday"] += 1
    >>> s.files["bookings"].skipped += 1
    >>> print(s.describe())
    0 employees, 0 balances; read b.csv: 10 rows (1 skipped); 1 problem: holiday 1.
    """

    files: dict[str, FileCounts] = attrs.field(factory=dict)
    employees: int = 0
    balances: int = 0
    problems: Counter[str] = attrs.field(factory=Counter)
    outside_periods: int = 0
    after_as_of: int = 0
    indexed: bool = False
    individual_terms: int = 0

    def file(self, role: str, name: str | None = None) -> FileCounts:
        """The counts of one input, created on first use."""
        found = self.files.get(role)
        if found is None:
            found = self.files[role] = FileCounts(name or role)
        elif name is not None:
            found.name = name
        return found

    @property
    def skipped_rows(self) -> int:
        """Rows skipped in every input file."""
        return sum(f.skipped for f in self.files.values())

    @property
    def problem_count(self) -> int:
        """Problems reported (a bad row may have several)."""
        return sum(self.problems.values())

    def describe(self) -> str:
        """One paragraph a person reads at the end of a run."""
        who = f"{self.employees} employees"
        if self.individual_terms:
            who += f" ({self.individual_terms} with individual terms)"
        parts = [f"{who}, {self.balances} balances"]
        if self.files:
            parts.append("read " + ", ".join(f.describe() for f in self.files.values()))
        if self.outside_periods:
            parts.append(
                f"{self.outside_periods} rows dated outside the periods computed (not counted)"
            )
        if self.after_as_of:
            parts.append(f"{self.after_as_of} rows dated after the as-of date (not counted yet)")
        count = self.problem_count
        if count:
            noun = "problem" if count == 1 else "problems"
            codes = ", ".join(f"{code} {n}" for code, n in sorted(self.problems.items()))
            parts.append(f"{count} {noun}: {codes}")
        else:
            parts.append("no problem")
        if self.indexed:
            parts.append("inputs not sorted by employee: indexed in memory")
        return "; ".join(parts) + "."


def periods_for_year(agreement: Agreement | AgreementHistory, year: int) -> tuple[DateRange, ...]:
    """The agreement's reference periods that start in ``year`` (the year itself for a
    calendar-year agreement, twelve months for a monthly one).

    >>> from teleaccord import Agreement, periods_for_year
    >>> [str(p) for p in periods_for_year(Agreement(name="x"), 2024)]
    ['2024-01-01..2024-12-31']
    >>> from teleaccord import ReferencePeriod
    >>> [str(p) for p in periods_for_year(Agreement(name="x", reference=ReferencePeriod(start_month=6)), 2024)]
    ['2024-06-01..2025-05-31']
    """
    span = DateRange(date(year, 1, 1), date(year, 12, 31))
    return tuple(p for p in agreement.reference.periods(span) if p.start.year == year)


# -- the computation -------------------------------------------------------------------------

# The kinds of telework that consume no pool: the workforce job reports their days in rows of
# their own, whose ``pool`` is the kind (in this order, after the voluntary pools).
_NON_VOLUNTARY_KINDS = ("imposed", "medical")

_FAR_FUTURE = date(9999, 12, 31)
_ONE_DAY = timedelta(days=1)
_HALF_BIT = {HalfDay.MORNING: 1, HalfDay.AFTERNOON: 2}
_HALF_NAME = {1: "morning", 2: "afternoon"}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _Span(NamedTuple):
    """Days of one contract segment inside one calendar year (ordinals), with the year's
    day masks and the sets of days worked whole, in the morning, in the afternoon."""

    first: int
    last: int
    base: int
    masks: bytes
    pattern: WorkPattern
    whole: frozenset[int]
    morning: frozenset[int]
    afternoon: frozenset[int]
    everything: bool  # the span is the whole year: the sets alone bound its days


_K = TypeVar("_K")
_V = TypeVar("_V")


def _remember(cache: dict[_K, _V], key: _K, value: _V, most: int) -> None:
    """Store ``value`` under ``key`` in ``cache``, a bounded memo: emptied first when it
    holds more than ``most`` values (a look-up stays one ``dict.get``)."""
    if len(cache) > most:
        cache.clear()
    cache[key] = value


class _Caches:
    """What the runs of one (agreement, calendar) can share: entitlements by contract
    shape, day masks and worked days by pattern and year, period labels. Each value depends
    only on its key, the agreement and the calendar (both frozen), so a later run of the
    same pair starts warm; every cache is bounded."""

    def __init__(self) -> None:
        self.entitlements: dict[tuple[object, ...], tuple[Fraction, Fraction]] = {}
        self.masks: dict[tuple[WorkPattern, int], bytes] = {}
        self.labels: dict[int, str] = {}
        # By chain of periods (and contract shape): every period's entitlement, the labels.
        self.chain_figures: dict[tuple[object, ...], tuple[tuple[Fraction, Fraction], ...]] = {}
        self.chain_labels: dict[tuple[DateRange, ...], tuple[str, ...]] = {}
        self.spans: dict[tuple[int, int, WorkPattern], tuple[_Span, ...]] = {}
        self.sets: dict[
            tuple[WorkPattern, int], tuple[frozenset[int], frozenset[int], frozenset[int]]
        ] = {}


_SHARED: dict[tuple[object, object], _Caches] = {}
_SHARED_MAX = 4  # (agreement, calendar) pairs remembered


def _shared_caches(agreement: Agreement | AgreementHistory, calendar: Calendar) -> _Caches:
    """The caches of ``(agreement, calendar)``, by value (equal agreements compute equal
    figures); a new set when the pair was not seen lately."""
    key: tuple[object, object] = (agreement, calendar)
    try:
        found = _SHARED.get(key)
    except TypeError:  # not hashable: caches for this run only
        return _Caches()
    if found is None:
        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.pop(next(iter(_SHARED)))
        found = _SHARED[key] = _Caches()
    return found


class _Job:
    """What a run shares between employees: the agreement, the calendar, the periods, and the
    caches (entitlements by contract shape, day masks by pattern and year)."""

    def __init__(
        self,
        agreement: Agreement | AgreementHistory,
        calendar: Calendar,
        periods: Iterable[DateRange],
        as_of: date | None,
        summary: RunSummary,
        on_problem: Callable[[Problem], None] | None,
    ) -> None:
        self.agreement = agreement
        self.calendar = calendar
        self.targets = tuple(sorted(set(periods)))
        if not self.targets:
            msg = "periods: give at least one reference period to compute balances for."
            raise InvalidValue(msg, field="periods", code="no_period")
        self.as_of = as_of
        self.as_of_ord = as_of.toordinal() if as_of is not None else None
        self.summary = summary
        self.on_problem = on_problem
        self.terms: IndividualTerms | None = None  # an employee's own terms (for_terms)
        versions = (
            [v.agreement for v in agreement.versions]
            if isinstance(agreement, AgreementHistory)
            else [agreement]
        )
        self.carry = any(a.carry_over.mode is not CarryOverMode.NONE for a in versions)
        self.extras = {e.status.casefold() for a in versions for e in a.extras}
        self.half_days = any(a.granularity.unit != 1 for a in versions)
        self.absence_kinds: set[str] = set()  # absence kinds checked known
        # Whether any version lets long absences reduce the entitlement (else the rows skip
        # the look-up of the version in force, period by period).
        self.long_absences = any(a.long_absence_days is not None for a in versions)
        self.pools = _PoolPlan(agreement)
        self.usable: dict[DateRange, date | None] = {}
        self.target_starts = [p.start.toordinal() for p in self.targets]
        self.target_ids = {id(p) for p in self.targets}
        # The targets follow each other (the fold takes them as one chain); else, with gaps,
        # the fold walks the periods between them.
        reference = agreement.reference
        self.consecutive = all(
            reference.containing(a.end + _ONE_DAY) == b for a, b in itertools.pairwise(self.targets)
        )
        # The days between two targets (ordinals), when nothing is carried through them.
        self.gaps = [
            (a.end.toordinal() + 1, b.start.toordinal() - 1)
            for a, b in itertools.pairwise(self.targets)
            if b.start > a.end + _ONE_DAY
        ]
        caches = _shared_caches(agreement, calendar)
        self.entitlements = caches.entitlements
        self.masks = caches.masks
        self.labels = caches.labels
        self.chain_figures = caches.chain_figures
        self.chain_label_cache = caches.chain_labels
        self.span_cache = caches.spans
        self.sets = caches.sets
        # The same for the targets' own chain, keyed without it (this run only).
        self.target_figures: dict[tuple[object, ...], tuple[tuple[Fraction, Fraction], ...]] = {}
        self.target_labels: tuple[str, ...] | None = None

    def for_terms(self, terms: IndividualTerms) -> _Job:
        """The job as it applies to one employee with individual terms: the same agreement,
        caches and counts, the default pool's entitlement computed with ``terms``
        (:func:`~teleaccord.entitlements.entitlement`, which applies them after the
        proration and eligibility, and before the long-absence share, as the ledger does).
        The other pools keep the collective figures, as the ledger grants them."""
        mine = copy.copy(self)
        mine.terms = terms
        return mine

    def problem(self, path: str, message: str, code: str) -> None:
        self.summary.problems[code] += 1
        if self.on_problem is not None:
            self.on_problem(Problem(path=path, message=message, code=code))

    def label(self, period: DateRange) -> str:
        key = period.start.toordinal()
        found = self.labels.get(key)
        if found is None:
            found = self.labels[key] = self.agreement.reference.label(period)
        return found

    def mask_table(self, pattern: WorkPattern, year: int) -> bytes:
        """The worked half-days (0-3) of each day of ``year`` under ``pattern``, holidays
        and closures applied; built once per (pattern, year)."""
        key = (pattern, year)
        table = self.masks.get(key)
        if table is None:
            day = date(year, 1, 1)
            masks = bytearray()
            worked_mask = self.calendar.worked_mask
            while day.year == year:
                masks.append(worked_mask(day, pattern))
                day += _ONE_DAY
            table = bytes(masks)
            _remember(self.masks, key, table, 1024)
        return table

    def starts(self, chain: tuple[DateRange, ...]) -> list[int]:
        """The ordinals of the first days of ``chain``."""
        if chain is self.targets:
            return self.target_starts
        return [p.start.toordinal() for p in chain]

    def spans(self, start: int, end: int, pattern: WorkPattern) -> tuple[_Span, ...]:
        """Days ``start`` to ``end`` (ordinals) under ``pattern``, cut by year, each part with
        the year's day-mask table and the sets of its days worked whole, in the morning and in
        the afternoon."""
        key = (start, end, pattern)
        found = self.span_cache.get(key)
        if found is None:
            parts = []
            for year in range(date.fromordinal(start).year, date.fromordinal(end).year + 1):
                base = date(year, 1, 1).toordinal()
                first, last = max(start, base), min(end, date(year, 12, 31).toordinal())
                table = self.mask_table(pattern, year)
                whole, morning, afternoon = self.worked_sets(pattern, year)
                everything = first == base and last == base + len(table) - 1
                parts.append(
                    _Span(first, last, base, table, pattern, whole, morning, afternoon, everything)
                )
            found = tuple(parts)
            _remember(self.span_cache, key, found, 4096)
        return found

    def worked_sets(
        self, pattern: WorkPattern, year: int
    ) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """The ordinals of the days of ``year`` worked whole, in the morning, in the
        afternoon, under ``pattern``."""
        key = (pattern, year)
        found = self.sets.get(key)
        if found is None:
            table = self.mask_table(pattern, year)
            base = date(year, 1, 1).toordinal()
            found = (
                frozenset(base + i for i, m in enumerate(table) if m == 3),
                frozenset(base + i for i, m in enumerate(table) if m & 1),
                frozenset(base + i for i, m in enumerate(table) if m & 2),
            )
            _remember(self.sets, key, found, 256)
        return found

    def entitlement(
        self,
        ec: EmployeeContract,
        period: DateRange,
        segments: tuple[tuple[date, date, int, int], ...] | None = None,
    ) -> tuple[Fraction, Fraction]:
        """(exact, rounded) through a cache keyed by what the entitlement depends on: the
        contract's segments inside the period and the statuses with extra days.
        ``segments``: the contract's segments as (start, end or the far future, numerator,
        denominator), when the caller has them (one employee, several periods)."""
        contract = ec.contract
        start, end = period.start, period.end
        if segments is None:
            segments = _segment_keys(contract)
        pieces = tuple(
            [
                (s if s > start else start, e if e < end else end, num, den)
                for s, e, num, den in segments
                if s <= end and e >= start
            ]
        )
        statuses: frozenset[str] = frozenset()
        if self.extras and ec.statuses:
            statuses = frozenset(s for s in ec.statuses_in(period) if s.casefold() in self.extras)
        terms = self.terms
        key: tuple[object, ...] = (start, end, statuses, pieces)
        if terms is not None:
            key = (*key, terms)  # the same shape with other terms has another figure
        found = self.entitlements.get(key)
        if found is None:
            result = entitlement(
                self.agreement, contract, period, self.calendar, statuses=statuses, terms=terms
            )
            found = (result.exact, result.rounded)
            _remember(self.entitlements, key, found, 4096)
        return found

    def chain_entitlements(
        self,
        ec: EmployeeContract,
        chain: tuple[DateRange, ...],
        segments: tuple[tuple[date, date, int, int], ...],
    ) -> tuple[tuple[Fraction, Fraction], ...]:
        """:meth:`entitlement` of every period of ``chain``, through one cache look-up keyed
        by the chain and the contract's segments clipped to it (each period's own pieces
        follow from those): the job asks it once per employee rather than once per period.
        An employee with statuses that give extra days goes period by period."""
        if self.extras and ec.statuses:
            return tuple([self.entitlement(ec, period, segments) for period in chain])
        start, end = chain[0].start, chain[-1].end
        pieces = tuple(
            [
                (s if s > start else start, e if e < end else end, num, den)
                for s, e, num, den in segments
                if s <= end and e >= start
            ]
        )
        targets = chain is self.targets
        if targets:
            # The run's own targets (most employees): keyed without the chain, whose periods
            # each cost a hash.
            found = self.target_figures.get((pieces, self.terms))
            if found is not None:
                return found
        key = (chain, pieces, self.terms)
        found = self.chain_figures.get(key)
        if found is None:
            found = tuple([self.entitlement(ec, period, segments) for period in chain])
            _remember(self.chain_figures, key, found, 4096)
        if targets:
            _remember(self.target_figures, (pieces, self.terms), found, 4096)
        return found

    def chain_labels(self, chain: tuple[DateRange, ...]) -> tuple[str, ...]:
        """:meth:`label` of every period of ``chain``, cached by chain."""
        if chain is self.targets and self.target_labels is not None:
            return self.target_labels
        found = self.chain_label_cache.get(chain)
        if found is None:
            found = tuple([self.label(period) for period in chain])
            _remember(self.chain_label_cache, chain, found, 4096)
        if chain is self.targets:
            self.target_labels = found
        return found

    def last_usable(self, period: DateRange) -> date | None:
        """The last day days carried into ``period`` can be used (``None``: all of it)."""
        if period not in self.usable:
            rule = agreement_in_force(self.agreement, period.start).carry_over
            self.usable[period] = rule.last_usable_day(period)
        return self.usable[period]

    def early_limits(self, starts: list[int]) -> list[int]:
        """For each period (by its first day's ordinal), the ordinal of the last day carried
        days can be used (-1 when they last the whole period: nothing is counted early)."""
        limits = []
        for start in starts:
            period = self.agreement.reference.containing(date.fromordinal(start))
            last = self.last_usable(period)
            limits.append(-1 if last is None else last.toordinal())
        return limits

    def chain(self, records: EmployeeRecords, contract: Contract) -> tuple[DateRange, ...]:
        """The periods to compute: the targets, and with a carry-over every period from the
        first one holding the employee's data (not before the hire) up to the last target."""
        if not self.carry:
            return self.targets
        days = [a.day for a in records.adjustments]
        if records.bookings.ordinals:
            days.append(date.fromordinal(min(records.bookings.ordinals)))
        first = self.targets[0].start
        if days:
            first = min(first, max(min(days), contract.hired))
        span = DateRange(first, self.targets[-1].end)
        return tuple(self.agreement.reference.periods(span))


def _segment_keys(contract: Contract) -> tuple[tuple[date, date, int, int], ...]:
    """The contract's segments as (start, end or the far future, numerator, denominator):
    what an entitlement depends on, read once per employee."""
    return tuple(
        [
            (
                seg.start,
                _FAR_FUTURE if seg.end is None else seg.end,
                seg.fraction.numerator,
                seg.fraction.denominator,
            )
            for seg in contract.segments
        ]
    )


def _why_not_worked(
    job: _Job, contract: Contract, pattern: WorkPattern, day: date, half: int, worked: int
) -> tuple[str, str, str]:
    """(code, message, column) for a booking of a day (half-day) the employee does not work;
    the codes are the ledger's (:mod:`teleaccord.rules`)."""
    who = contract.employee
    weekday = _WEEKDAYS[day.weekday()]
    if day in job.calendar.closures:
        return "closure", f"{day} is a company closure day, not a working day for {who}", "date"
    holiday = job.calendar.holiday(day)
    if holiday is not None and not holiday.worked and not pattern.works_holidays:
        message = f"{day} is a public holiday ({holiday.name}) that {who} does not work"
        return "holiday", message, "date"
    if not worked:
        return (
            "not_in_pattern",
            f"{who} does not work on {weekday} {day} (pattern {pattern})",
            "date",
        )
    if half:
        message = (
            f"{who} does not work on the {_HALF_NAME[half]} of {weekday} {day} (pattern {pattern})"
        )
        return "not_in_pattern", message, "half"
    message = (
        f"{who} works only the {_HALF_NAME[worked]} of {weekday} {day}: a whole day cannot be "
        "booked (book the half-day)"
    )
    return "not_working_day", message, "half"


def _employee_rows(job: _Job, records: EmployeeRecords) -> list[BalanceRow]:
    """The balances of one employee for the job's target periods (one row per period and
    pool, with pools or days of a kind that consumes none)."""
    ec = records.contract
    if ec is None:
        _skip_orphans(job, records)
        return []
    if job.gaps and not job.carry:
        records = _without_gaps(job, records)
    contract = ec.contract
    chain = job.chain(records, contract)
    n = len(chain)
    starts = job.starts(chain)
    lo, hi = starts[0], chain[-1].end.toordinal()
    # The contract's segments as ordinal spans with their day-mask tables, year by year.
    spans: list[_Span] = []
    for seg in contract.segments:
        s = max(seg.start.toordinal(), lo)
        e = min((seg.end or _FAR_FUTURE).toordinal(), hi)
        if s <= e:
            spans.extend(job.spans(s, e, seg.pattern))
    booked = [0] * n  # in half-days
    cancelled = [0] * n
    early = [0] * n  # net half-days booked on or before the last usable day of carried days
    cols = records.bookings
    # The absences: the bookings they cover are cancelled (reason absence).
    absent = _absent_spans(job, records) if records.absences and cols.ordinals else []
    plan = job.pools
    pool = 0  # the pool every row counts in (its index in plan.names)
    pools: tuple[int, ...] = ()  # or the pool of each row, when they count in several
    if cols.ordinals and (cols.kinds or plan.pooled):
        cols, absent = _cancel_absent(cols, absent), []
        cols, pool, pools = _row_pools(job, records, cols)
    if pools:
        # Several pools: row by row, each count at period + n * pool.
        size = n * len(plan.names)
        booked, cancelled, early = [0] * size, [0] * size, [0] * size
        _count_rows(
            job, records, contract, cols, spans, starts, lo, hi, booked, cancelled, early, pools
        )
    elif cols.ordinals and not _count_fast(
        job, cols, spans, starts, hi, booked, cancelled, early, absent
    ):
        # Anything unusual (a row to report, a booking cancelled twice...): row by row.
        cols = _cancel_absent(cols, absent)
        _count_rows(job, records, contract, cols, spans, starts, lo, hi, booked, cancelled, early)
    adjusted = [_ZERO] * n
    if records.adjustments:
        _count_adjustments(job, records, starts, lo, hi, adjusted)
    if not plan.pooled and not pools and not pool:
        # No pool and every day regular or occasional: today's one row per period.
        return _rows(job, ec, chain, booked, cancelled, early, adjusted, records.absences)
    rows: list[tuple[int, int, BalanceRow]] = []
    none = [0] * n
    for k, name in enumerate(plan.names):
        if pools:
            at = slice(k * n, (k + 1) * n)
            counts = (booked[at], cancelled[at], early[at])
        else:
            counts = (booked, cancelled, early) if k == pool else (none, none, none)
        if name in _NON_VOLUNTARY_KINDS:
            found = _kind_rows(job, ec, chain, counts[0], counts[1], name)
        else:
            found = _rows(
                job,
                ec,
                chain,
                *counts,
                adjusted if k == 0 else [_ZERO] * n,
                records.absences,
                name,
            )
        rows.extend((row.period.start.toordinal(), k, row) for row in found)
    rows.sort(key=operator.itemgetter(0, 1))  # by period, the default pool first
    return [row for _, _, row in rows]


def _without_gaps(job: _Job, records: EmployeeRecords) -> EmployeeRecords:
    """The employee's records without the booking and adjustment rows dated between two
    target periods (targets with gaps, nothing carried): those count outside the periods
    computed, as the rows before the first target or after the last do, rather than in
    the period before them."""
    gaps = job.gaps

    def inside(ordinal: int) -> bool:
        return not any(first <= ordinal <= last for first, last in gaps)

    cols = records.bookings
    keep = [inside(o) for o in cols.ordinals]
    adjustments = tuple([a for a in records.adjustments if inside(a.day.toordinal())])
    outside = keep.count(False)
    if not outside and len(adjustments) == len(records.adjustments):
        return records
    job.summary.outside_periods += outside + len(records.adjustments) - len(adjustments)
    if outside:
        cols = BookingColumns._make(
            [tuple(itertools.compress(column, keep)) if column else column for column in cols]
        )
    return attrs.evolve(records, bookings=cols, adjustments=adjustments)


class _PoolPlan:
    """The pools of a run: their names (``default``, the agreements' pools, then the kinds
    that consume none) and the pool each kind of telework counts in, as
    :func:`~teleaccord.fold.entry_pool` says for the ledger."""

    def __init__(self, agreement: Agreement | AgreementHistory) -> None:
        self.agreement = agreement
        versions = (
            [v.agreement for v in agreement.versions]
            if isinstance(agreement, AgreementHistory)
            else [agreement]
        )
        self.last = versions[-1]
        names = [DEFAULT_POOL]
        for version in reversed(versions):  # the last version's pools first, in its order
            names.extend(p.name for p in version.pools if p.name not in names)
        if any(name in _NON_VOLUNTARY_KINDS for name in names):
            wrong = next(name for name in names if name in _NON_VOLUNTARY_KINDS)
            msg = (
                f"pools: the workforce job reports the {wrong} days in rows named after their "
                f"kind; rename the pool {wrong!r}."
            )
            raise InvalidValue(msg, field="pools", code="invalid_pool_name")
        self.pooled = len(names) > 1
        self.names = (*names, *_NON_VOLUNTARY_KINDS)
        self.position = {name: k for k, name in enumerate(self.names)}
        self.kinds: dict[tuple[int, str], int] = {}
        self.jobs: dict[str, _Job] = {}
        self.folds: dict[str, Agreement | AgreementHistory] = {}

    def index(self, kind: str, day: date) -> int:
        """The index in :attr:`names` of the pool a day of ``kind`` on ``day`` counts in.

        Raises:
            InvalidValue: an unknown kind (code ``unknown_telework_kind``).
        """
        version = agreement_in_force(self.agreement, day)
        key = (id(version), kind)
        found = self.kinds.get(key)
        if found is None:
            name = kind.strip().lower() or _DEFAULT_KIND
            if name not in version.telework_kinds:
                msg = (
                    f"unknown kind of telework {kind!r}: {version.name!r} knows "
                    f"{', '.join(version.telework_kinds)} (blank: regular)"
                )
                raise InvalidValue(
                    msg, field="kind", code="unknown_telework_kind", params={"kind": kind}
                )
            pool = version.pool_of(name)
            found = self.kinds[key] = self.position[pool if pool is not None else name]
        return found

    def entitlement(
        self, job: _Job, ec: EmployeeContract, period: DateRange, pool: str
    ) -> tuple[Fraction, Fraction]:
        """(exact, rounded) entitlement of a pool other than ``default``: the pool's terms
        over time (:func:`~teleaccord.versions.pool_terms`), prorated across the versions in
        force as the ledger grants it; 0 on the days of a version without the pool."""
        sub = self.jobs.get(pool)
        if sub is None:
            sub = self.jobs[pool] = _Job(
                pool_terms(self.agreement, pool),
                job.calendar,
                job.targets,
                job.as_of,
                job.summary,
                job.on_problem,
            )
        return sub.entitlement(ec, period)

    def fold_agreement(self, pool: str) -> Agreement | AgreementHistory:
        """The terms a pool's balances are folded with (its carry-over rule per version):
        :func:`~teleaccord.versions.pool_terms`, as the ledger folds them."""
        found = self.folds.get(pool)
        if found is None:
            found = self.folds[pool] = pool_terms(self.agreement, pool)
        return found


def _row_pools(
    job: _Job, records: EmployeeRecords, cols: BookingColumns
) -> tuple[BookingColumns, int, tuple[int, ...]]:
    """The rows of known kinds, and the pool they count in: ``(columns, pool, ())`` when all
    count in one pool, ``(columns, 0, pools)`` with the pool of each row otherwise. A row of a
    kind the agreement does not know is reported (``unknown_telework_kind``) and skipped."""
    plan = job.pools
    kinds = cols.kinds or ("",) * cols.size
    found: list[int] = []
    bad: list[int] = []
    index = plan.index
    for position, (o, kind) in enumerate(zip(cols.ordinals, kinds, strict=True)):
        try:
            found.append(index(kind, date.fromordinal(o)))
        except InvalidValue as exc:
            bad.append(position)
            job.problem(
                records.bookings_source.path(cols.lines[position], "kind"), str(exc), exc.code
            )
    if bad:
        job.summary.file("bookings", records.bookings_source.name).skipped += len(bad)
        gone = set(bad)
        keep = [p for p in range(cols.size) if p not in gone]
        kept: list[Any] = [tuple(column[p] for p in keep) if column else () for column in cols]
        cols = BookingColumns(*kept)
    if len(set(found)) <= 1:
        return cols, found[0] if found else 0, ()
    return cols, 0, tuple(found)


_NEED = (3, 1, 2)  # the worked half-days a booking needs: whole day, morning, afternoon
_HALF_INDEX = {"": 0, "am": 1, "pm": 2}


_AbsentSpan = tuple[int, int, int, int, frozenset[int] | None]
"""An absence as the job counts it: its first and last days (ordinals), the half-days it
covers on them (a mask: 1 the morning, 2 the afternoon, 3 both), and its days as a set when
it spans a few days (``None`` otherwise: one day, or a long absence)."""

_RANGE_DAYS: dict[int, tuple[DateRange, _AbsentSpan]] = {}
"""The absences' day ranges met already, by the range's identity (the range is kept, so its
identity is not reused), each with the :data:`_AbsentSpan` of an absence of whole days on
them: the reader shares one range among the absences of the same days (the same leave weeks
across employees)."""
_RANGE_DAYS_MAX = 4096
_RANGE_SET_DAYS = 62  # the longest span whose days are kept as a set


def _range_days(days: DateRange) -> tuple[DateRange, _AbsentSpan]:
    """``days``, and the :data:`_AbsentSpan` of an absence of whole days on them."""
    found = _RANGE_DAYS.get(id(days))
    if found is not None and found[0] is days:
        return found
    first, last = days.start.toordinal(), days.end.toordinal()
    covered = frozenset(range(first, last + 1)) if first < last < first + _RANGE_SET_DAYS else None
    found = (days, (first, last, 3, 3, covered))
    if len(_RANGE_DAYS) < _RANGE_DAYS_MAX:
        _RANGE_DAYS[id(days)] = found
    return found


def _absent_spans(job: _Job, records: EmployeeRecords) -> list[_AbsentSpan]:
    """The employee's absences as :data:`_AbsentSpan` values; absences of a kind the
    agreement does not know are reported and skipped. Recording an absence in the ledger
    cancels the bookings active on its half-days (reason ``absence``):
    :func:`_cancel_absent` appends those cancellations, the set-based count
    (:func:`_count_set`) counts them without building rows."""
    spans = []
    known = job.absence_kinds
    ranges = _RANGE_DAYS
    for _, absence, line in records.absences:
        if absence.kind not in known and not _known_kind(job, records, absence, line):
            continue
        days = absence.days
        found = ranges.get(id(days))
        if found is None or found[0] is not days:
            found = _range_days(days)
        span = found[1]
        start_half, end_half = absence.start_half, absence.end_half
        if start_half is not None or end_half is not None:
            span = (
                span[0],
                span[1],
                3 if start_half is None else 2,  # from noon: the afternoon only
                3 if end_half is None else 1,  # until noon: the morning only
                span[4],
            )
        spans.append(span)
    return spans


def _known_kind(job: _Job, records: EmployeeRecords, absence: Absence, line: int) -> bool:
    """Whether the agreement knows ``absence``'s kind (remembered); an unknown kind is
    reported."""
    try:
        absence_kind(
            absence.kind, agreement_in_force(job.agreement, absence.days.start).absence_kinds
        )
    except InvalidValue as exc:
        job.problem(records.absences_source.path(line, "kind"), str(exc), exc.code)
        return False
    job.absence_kinds.add(absence.kind)
    return True


def _absent_total(
    cols: BookingColumns,
    spans: Iterable[_AbsentSpan],
    days: set[int],
    halved: AbstractSet[int],
    gone: Iterable[int] = (),
) -> int:
    """The half-days of the bookings the absences (``spans``) cancel, once :func:`_count_set`
    knows each day of ``days`` holds one booking, on its first row; ``halved``: the days
    booked by half-days; ``gone``: the days whose booking a row cancels already. An absence
    covering a whole day cancels its booking, whole (2) or half-day (1); one covering a
    half-day, the booking that needs it. The days covered whole are counted with set
    operations, the others (an absence's first afternoon or last morning) one by one."""
    whole: set[int] = set()  # the days an absence covers whole
    parts: dict[int, int] | None = None  # the others, with the half-days covered
    for first, last, head, tail, covered in spans:
        if first == last:
            if first in days:
                mask = head & tail
                if mask == 3:
                    whole.add(first)
                else:
                    if parts is None:
                        parts = {}
                    parts[first] = parts.get(first, 0) | mask
            continue
        hits = days & covered if covered is not None else days.intersection(range(first, last + 1))
        if not hits:
            continue
        if head == tail == 3:
            whole.update(hits)
            continue
        # A first afternoon or a last morning: its end days apart, the days between whole.
        if parts is None:
            parts = {}
        for o in hits:
            if o == first:
                parts[o] = parts.get(o, 0) | head
            elif o == last:
                parts[o] = parts.get(o, 0) | tail
            else:
                whole.add(o)
    if gone:
        whole.difference_update(gone)
    amount = 2 * len(whole) - len(whole.intersection(halved)) if whole else 0
    if parts:
        if gone:
            for o in gone:
                parts.pop(o, None)
        ords, halves = cols.ordinals, cols.halves
        for o, mask in parts.items():
            if o in whole:
                continue
            if mask == 3:
                amount += 1 if o in halved else 2
            elif o in halved:
                if mask & _NEED[_HALF_INDEX[halves[ords.index(o)]]]:
                    amount += 1
            else:
                amount += 2  # a whole-day booking needs both half-days
    return amount


def _absent_days(spans: Iterable[_AbsentSpan], days: set[int]) -> dict[int, int]:
    """The ``days`` (ordinals) the absences cover, with the half-days they cover (a mask)."""
    absent: dict[int, int] = {}
    for first, last, head, tail, covered in spans:
        if first == last:
            if first in days:
                absent[first] = absent.get(first, 0) | (head & tail)
            continue
        hits = days & covered if covered is not None else days.intersection(range(first, last + 1))
        if not hits:
            continue
        if head == tail == 3:
            absent.update(dict.fromkeys(hits, 3))
            continue
        for o in hits:
            mask = (head if o == first else 3) & (tail if o == last else 3)
            absent[o] = absent.get(o, 0) | mask
    return absent


def _cancel_absent(cols: BookingColumns, spans: Iterable[_AbsentSpan]) -> BookingColumns:
    """The booking columns with a cancellation row appended for each booking still active on
    an absent half-day (``spans``: :func:`_absent_spans`), as recording the absence in the
    ledger cancels it (reason ``absence``)."""
    ords = cols.ordinals
    absent = _absent_days(spans, set(ords)) if spans else None
    if not absent:
        return cols
    # A cancellation row repeats its booking's day: only the rows on absent days matter.
    active: dict[object, int] = {}
    halves, ids, statuses = cols.halves, cols.ids, cols.statuses
    for position in itertools.compress(range(len(ords)), map(absent.__contains__, ords)):
        key: object = ids[position] or (ords[position], halves[position])
        if statuses[position] == CANCELLED:
            active.pop(key, None)
        else:
            active[key] = position
    extra = sorted(
        p for p in active.values() if absent[ords[p]] & _NEED[_HALF_INDEX[cols.halves[p]]]
    )
    if not extra:
        return cols
    return BookingColumns(
        cols.ordinals + tuple(cols.ordinals[p] for p in extra),
        cols.halves + tuple(cols.halves[p] for p in extra),
        cols.statuses + (CANCELLED,) * len(extra),
        cols.ids + tuple(cols.ids[p] for p in extra),
        cols.recorded_at + tuple(cols.recorded_at[p] for p in extra) if cols.recorded_at else (),
        cols.lines + tuple(cols.lines[p] for p in extra),
        cols.kinds + tuple(cols.kinds[p] for p in extra) if cols.kinds else (),
    )


def _compressed(keep: list[bool], column: tuple[Any, ...]) -> tuple[Any, ...]:
    """The cells of ``column`` whose row ``keep`` keeps."""
    return tuple(itertools.compress(column, keep))


def _count_fast(
    job: _Job,
    cols: BookingColumns,
    spans: list[_Span],
    starts: list[int],
    hi: int,
    booked: list[int],
    cancelled: list[int],
    early: list[int],
    absent: list[_AbsentSpan] | None = None,
) -> bool:
    """:func:`_count_set` on the rows dated inside the periods computed and not after the
    as-of day; the others are counted aside (``outside_periods``, ``after_as_of``), as the
    row by row path counts them before looking at anything else. ``absent``: the
    employee's absences (:func:`_absent_spans`)."""
    ords = cols.ordinals
    lo, as_of_ord = starts[0], job.as_of_ord
    top = hi if as_of_ord is None else min(hi, as_of_ord)
    if min(ords) >= lo and max(ords) <= top:
        return _count_set(job, cols, spans, starts, booked, cancelled, early, absent)
    if absent:
        # The cancellations absences make count aside too when their booking does.
        cols = _cancel_absent(cols, absent)
        ords = cols.ordinals
    # Counted from the sorted days (bisections), the rows kept picked with C-level passes.
    ranked = sorted(ords)
    below, upto_hi = bisect.bisect_left(ranked, lo), bisect.bisect_right(ranked, hi)
    upto_top = max(below, bisect.bisect_right(ranked, top))
    outside = below + len(ranked) - upto_hi
    after = upto_hi - upto_top
    if upto_top > below:
        kept: Callable[[tuple[Any, ...]], tuple[Any, ...]]
        if ranked == list(ords):
            # In order of days (as exports write them): the rows kept are one run of them.
            kept = operator.itemgetter(slice(below, upto_top))
        else:
            kept = functools.partial(_compressed, [lo <= o <= top for o in ords])
        cols = BookingColumns(
            kept(ords), kept(cols.halves), kept(cols.statuses), kept(cols.ids), (), kept(cols.lines)
        )
        if not _count_set(job, cols, spans, starts, booked, cancelled, early):
            return False
    job.summary.outside_periods += outside
    job.summary.after_as_of += after
    return True


def _count_set(
    job: _Job,
    cols: BookingColumns,
    spans: list[_Span],
    starts: list[int],
    booked: list[int],
    cancelled: list[int],
    early: list[int],
    absent: list[_AbsentSpan] | None = None,
) -> bool:
    """Count the common case with a few C-level passes and set operations: every row on a
    day (half-day) the employee works under the contract, the bookings on distinct days with
    distinct ids, and each cancellation after the booking it cancels. Return False (nothing
    counted) when anything is unusual: the row by row path then counts, and reports what is
    wrong. With several periods each row counts in the period holding its day (one
    bisection), so the cost does not grow with the number of periods.

    ``absent`` (:func:`_absent_spans`): the bookings still active on an absent half-day are
    cancelled, as if :func:`_cancel_absent` had appended their cancellations. Those rows
    would pass the same checks (each repeats the day, half-day and id of a booking not
    cancelled yet, after it), and count the same: the bookings cancelled are those on a day
    an absence covers (each day holds one booking, on its first row), not cancelled by a
    row, whose half-days it covers."""
    n = len(starts)
    if not spans:
        return False
    ords = cols.ordinals
    whole: AbstractSet[int]
    morning: AbstractSet[int]
    afternoon: AbstractSet[int]
    if len(spans) == 1:
        first, last, _, _, _, whole, morning, afternoon, everything = spans[0]
        if not everything and (min(ords) < first or max(ords) > last):
            return False
    else:
        # Several segments (an amendment): each day is checked against its own segment.
        whole_days: set[int] = set()
        morning_days: set[int] = set()
        afternoon_days: set[int] = set()
        for span in spans:
            inside = {o for o in ords if span.first <= o <= span.last}
            whole_days.update(inside & span.whole)
            morning_days.update(inside & span.morning)
            afternoon_days.update(inside & span.afternoon)
        whole, morning, afternoon = whole_days, morning_days, afternoon_days
    # The reader may have counted the rows and checked them among themselves
    # (TalliedColumns: each day booked once, each cancellation after its booking, on the
    # same day and half-day): then only the contract's days are left to check here.
    tally: tuple[int, int] | None = getattr(cols, "tally", None) if n == 1 and not absent else None
    days = set(ords) if tally is None else set()
    count = len(ords)
    halves = cols.halves
    half_rows = count - halves.count("")
    halved: set[int] = set()  # the days booked by half-days
    if half_rows:
        if not job.half_days:
            return False
        for position in itertools.compress(range(count), halves):
            day = ords[position]
            if day not in (morning if halves[position] == "am" else afternoon):
                return False
            halved.add(day)
        if tally is not None:
            # Each day holds one booking (and its cancellation, of the same half-day): the
            # days booked whole are those of the rows without a half-day.
            if not whole.issuperset(itertools.compress(ords, map(operator.not_, halves))):
                return False
        elif not days - halved <= whole:
            return False
    elif not whole.issuperset(ords):
        return False
    if tally is not None:
        booked[0] += tally[0]
        cancelled[0] += tally[1]
        return True
    ids = cols.ids
    id_set = set(ids)
    with_ids = id_set != {""}
    if with_ids and "" in id_set:
        return False  # some rows with ids, some without: the row by row path sorts them out
    distinct_ids = len(id_set)
    statuses = cols.statuses
    cancel_count = statuses.count(CANCELLED)
    if not cancel_count:
        if len(days) != count or (with_ids and distinct_ids != count):
            return False
        # Each day holds one booking (its row), none cancelled.
        if n == 1:
            booked[0] += 2 * count - half_rows
            if absent:
                cancelled[0] += _absent_total(cols, absent, days, halved)
        else:
            live = _absent_days(absent, days) if absent else None
            gone = _absent_bookings(cols, live) if live else frozenset()
            _count_periods(job, cols, starts, booked, cancelled, early, gone)
        return True
    # Each cancellation repeats the day of the booking it cancels, so the days (and ids) of
    # the bookings are distinct exactly when there are as many as bookings.
    kept = count - cancel_count
    if len(days) != kept or (with_ids and distinct_ids != kept):
        return False
    cancels = []  # the positions of the cancellations: a few C-level searches
    position = -1
    for _ in range(cancel_count):
        position = statuses.index(CANCELLED, position + 1)
        cancels.append(position)
    seen: set[int] = set()
    back = half_back = 0
    for position in cancels:
        # The booking cancelled: the first row with the same id (or day), before this one.
        found = ids.index(ids[position]) if with_ids else ords.index(ords[position])
        if (
            found >= position
            or found in seen
            or statuses[found] == CANCELLED
            or ords[found] != ords[position]
            or halves[found] != halves[position]
        ):
            return False
        seen.add(found)
        back += 1 if halves[found] else 2
        half_back += 1 if halves[position] else 0
    # Each day holds one booking, its first row; those in seen are cancelled already.
    if absent and n == 1:
        back += _absent_total(cols, absent, days, halved, [ords[p] for p in seen] if seen else ())
    elif absent:
        live = _absent_days(absent, days)
        for p in seen:
            live.pop(ords[p], None)
        seen.update(_absent_bookings(cols, live))
    if n == 1:
        booked[0] += 2 * kept - (half_rows - half_back)
        cancelled[0] += back
    else:
        flags = [False] * count
        for position in cancels:
            flags[position] = True
        _count_periods(job, cols, starts, booked, cancelled, early, seen, flags)
    return True


def _absent_bookings(cols: BookingColumns, live: Mapping[int, int]) -> frozenset[int]:
    """The positions of the bookings absences cancel, once :func:`_count_set` knows each
    booked day holds one booking, on its first row, and ``live`` holds the days an absence
    covers whose booking is not cancelled already (with the half-days it covers): those
    whose half-days it covers."""
    ords, halves = cols.ordinals, cols.halves
    found = []
    for o, mask in live.items():
        position = ords.index(o)
        if mask & _NEED[_HALF_INDEX[halves[position]]]:
            found.append(position)
    return frozenset(found)


def _count_periods(
    job: _Job,
    cols: BookingColumns,
    starts: list[int],
    booked: list[int],
    cancelled: list[int],
    early: list[int],
    gone: AbstractSet[int],
    flags: list[bool] | None = None,
) -> None:
    """:func:`_count_fast`'s sums over several periods, once the rows are known good:
    each booking in its day's period, the ``gone`` ones (positions) cancelled there, and
    with a carry-over the net days booked on or before the last usable day of carried
    days (``early``), as the row by row path counts them.

    No Python loop over the rows: the days are sorted once (with the half-day rows apart)
    and each period's half-days are two bisections away; only the few cancellation rows
    (``flags``) and cancelled bookings (``gone``) are looked at one by one."""
    ords, halves = cols.ordinals, cols.halves
    n = len(starts)
    # The rows are inside the periods (from the first start to the last end): the days
    # sorted, each period's rows lie between two bisections; the half-day rows apart.
    ranked = sorted(ords)
    halved = sorted(itertools.compress(ords, halves)) if halves.count("") != len(ords) else []
    left, right = bisect.bisect_left, bisect.bisect_right
    cuts = [left(ranked, start) for start in starts]
    cuts.append(len(ranked))
    half_cuts = [left(halved, start) for start in starts]
    half_cuts.append(len(halved))
    for i in range(n):
        booked[i] += 2 * (cuts[i + 1] - cuts[i]) - (half_cuts[i + 1] - half_cuts[i])
    limits = job.early_limits(starts) if job.carry else None
    if limits is not None:
        for i, (start, limit) in enumerate(zip(starts, limits, strict=True)):
            if limit >= start:  # the rows of the period's first days, to the last usable day
                early[i] += 2 * (right(ranked, limit) - cuts[i]) - (
                    right(halved, limit) - half_cuts[i]
                )
    # The rows counted above that count otherwise: the cancelled bookings (``gone``:
    # cancelled too, never early) and the cancellation rows (``flags``: counted with the
    # booking they cancel).
    aside = list(gone)
    if flags is not None:
        aside.extend(itertools.compress(range(len(flags)), flags))
    for position in aside:
        o = ords[position]
        i = right(starts, o) - 1
        amount = 1 if halves[position] else 2
        if limits is not None and o <= limits[i]:
            early[i] -= amount
        if flags is not None and flags[position]:
            booked[i] -= amount
        else:
            cancelled[i] += amount


_AMOUNT = (0, 1, 1, 2)  # half-days in a mask


def _count_rows(
    job: _Job,
    records: EmployeeRecords,
    contract: Contract,
    cols: BookingColumns,
    spans: list[_Span],
    starts: list[int],
    lo: int,
    hi: int,
    booked: list[int],
    cancelled: list[int],
    early: list[int],
    pools: tuple[int, ...] = (),
) -> None:
    """Count the bookings row by row, checking each; report and skip the bad ones.

    ``pools``: the pool of each row (its index in :attr:`_PoolPlan.names`), when the rows
    count in several pools: the counts are then ``len(starts)`` per pool, one pool after the
    other, and a cancellation counts in the pool of the booking it cancels."""
    bsrc = records.bookings_source
    n = len(starts)
    as_of_ord = job.as_of_ord
    half_days = job.half_days
    limits = job.early_limits(starts) if job.carry else None
    # Active bookings: identity -> (ordinal, need, halves, line, count index: period + n * pool).
    active: dict[object, tuple[int, int, int, int, int]] = {}
    gone: dict[object, int] = {}  # cancelled identities -> line
    taken: dict[int, int] = {}  # ordinal -> half-days booked (mask)
    outside = after = skipped = 0
    for o, half_text, status, ident_text, line, pool in zip(
        cols.ordinals,
        cols.halves,
        cols.statuses,
        cols.ids,
        cols.lines,
        pools or itertools.repeat(0, len(cols.ordinals)),
        strict=True,
    ):
        day = date.fromordinal(o)
        if o < lo or o > hi:
            outside += 1
            continue
        if as_of_ord is not None and o > as_of_ord:
            after += 1
            continue
        for span in spans:
            if span[0] <= o <= span[1]:
                worked = span[3][o - span[2]]
                pattern = span[4]
                break
        else:
            skipped += 1
            last = contract.last_day or "no end"
            job.problem(
                bsrc.path(line, "date"),
                f"{contract.employee} is not under contract on {day} "
                f"(contract {contract.hired} to {last})",
                "outside_contract",
            )
            continue
        half = _HALF_INDEX[half_text]
        if half and not half_days:
            skipped += 1
            job.problem(
                bsrc.path(line, "half"),
                f"the agreement counts whole telework days only; {day} is booked for the "
                f"{_HALF_NAME[half]}",
                "granularity",
            )
            continue
        need = _NEED[half]
        if worked & need != need:
            skipped += 1
            code, message, column = _why_not_worked(job, contract, pattern, day, half, worked)
            job.problem(bsrc.path(line, column), message, code)
            continue
        amount = 1 if half else 2
        period = 0 if n == 1 else _index(starts, o)
        i = period + n * pool
        ident: object = ident_text or (o, half)
        if status != CANCELLED:
            held = active.get(ident)
            if held is not None:
                if ident_text and (held[0], held[1]) == (o, need):
                    continue  # the same booking again: nothing new
                skipped += 1
                if ident_text:
                    job.problem(
                        bsrc.path(line, "id"),
                        f"booking {ident_text} is on line {held[3]} for "
                        f"{date.fromordinal(held[0])}; an id names one booking",
                        "conflicting_booking_id",
                    )
                else:
                    job.problem(
                        bsrc.path(line, "date"),
                        f"{day} is already booked for {contract.employee} (line {held[3]})",
                        "already_booked",
                    )
                continue
            if ident_text and ident in gone:
                skipped += 1
                job.problem(
                    bsrc.path(line, "id"),
                    f"booking {ident_text} was cancelled on line {gone[ident]}; book again "
                    "under a new id",
                    "reused_booking_id",
                )
                continue
            clash = taken.get(o, 0)
            if clash & need:
                skipped += 1
                first = next((a[3] for a in active.values() if a[0] == o and a[1] & need), 0)
                code = "already_booked" if clash == need or not half else "half_day_clash"
                job.problem(
                    bsrc.path(line, "date"),
                    f"{day} is already booked for {contract.employee} (line {first})",
                    code,
                )
                continue
            taken[o] = clash | need
            active[ident] = (o, need, amount, line, i)
            booked[i] += amount
            if limits is not None and o <= limits[period]:
                early[i] += amount
        else:
            held = active.pop(ident, None)
            if held is not None:
                taken[held[0]] &= ~held[1]
                cancelled[held[4]] += held[2]
                if limits is not None and held[0] <= limits[held[4] % n]:
                    early[held[4]] -= held[2]
                gone[ident] = line
            elif ident not in gone:
                # A booking made and cancelled, exported in its final state.
                booked[i] += amount
                cancelled[i] += amount
                gone[ident] = line
    summary = job.summary
    summary.outside_periods += outside
    summary.after_as_of += after
    if skipped:
        summary.file("bookings", bsrc.name).skipped += skipped


def _count_adjustments(
    job: _Job,
    records: EmployeeRecords,
    starts: list[int],
    lo: int,
    hi: int,
    adjusted: list[Fraction],
) -> None:
    as_of_ord = job.as_of_ord
    for adj in records.adjustments:
        o = adj.day.toordinal()
        if o < lo or o > hi:
            job.summary.outside_periods += 1
            continue
        i = 0 if len(starts) == 1 else _index(starts, o)
        if as_of_ord is not None and starts[i] > as_of_ord:
            job.summary.after_as_of += 1  # an adjustment counts from its period's first day
        else:
            adjusted[i] += adj.amount


def _rows(
    job: _Job,
    ec: EmployeeContract,
    chain: tuple[DateRange, ...],
    booked: list[int],
    cancelled: list[int],
    early: list[int],
    adjusted: list[Fraction],
    absences: tuple[AbsenceRow, ...] = (),
    pool: str = DEFAULT_POOL,
) -> list[BalanceRow]:
    """The balance rows of the target periods in one voluntary pool: the counts as
    per-period sums, folded by :func:`~teleaccord.fold.fold_chain` in one call for the
    whole chain (carry-over, expiry, forfeiture), as the ledger folds its entries."""
    as_of = job.as_of
    default = pool == DEFAULT_POOL
    if default:
        figures = job.chain_entitlements(ec, chain, _segment_keys(ec.contract))
    else:
        figures = tuple([job.pools.entitlement(job, ec, period, pool) for period in chain])
    if (absences and job.long_absences) or (as_of is not None and as_of < chain[-1].start):
        figures = _adjusted_figures(job, ec, chain, figures, absences)
    sums = [
        _NEW_SUMS(
            PeriodSums,
            (rounded, a, half_days(b), half_days(c) if c else _ZERO, half_days(e) if e else _ZERO),
        )
        for (_, rounded), a, b, c, e in zip(
            figures, adjusted, booked, cancelled, early, strict=True
        )
    ]
    terms = job.agreement if default else job.pools.fold_agreement(pool)
    if chain is not job.targets or job.consecutive:
        flows: Iterable[PeriodFlow] = fold_chain(chain, sums, terms, as_of=as_of)
    else:
        # Targets with gaps: the fold walks every period between them.
        folded = fold_periods(
            dict(zip(chain, sums, strict=True)), terms, through=chain[-1], as_of=as_of
        )
        flows = [folded[p] for p in chain]
    employee = ec.contract.employee
    labels = job.chain_labels(chain)
    every = chain is job.targets  # the run's own chain (most employees): each period a target
    target_ids = job.target_ids
    return [
        _folded_row(employee, period, label, exact, s, flow, pool)
        for period, s, flow, (exact, _), label in zip(
            chain, sums, flows, figures, labels, strict=True
        )
        if every or id(period) in target_ids or period in job.targets
    ]


_NEW_SUMS = tuple.__new__  # a PeriodSums from its five values, without the keyword layer


def _adjusted_figures(
    job: _Job,
    ec: EmployeeContract,
    chain: tuple[DateRange, ...],
    figures: tuple[tuple[Fraction, Fraction], ...],
    absences: tuple[AbsenceRow, ...],
) -> tuple[tuple[Fraction, Fraction], ...]:
    """Each period's (exact, rounded) entitlement cut by the long-absence share, and zero in
    a period after the as-of day (granted on the period's first day, as the ledger counts)."""
    as_of = job.as_of
    found = []
    for period, (exact, rounded) in zip(chain, figures, strict=True):
        last = (
            agreement_in_force(job.agreement, period.end)
            if job.long_absences and absences
            else None
        )
        if last is not None and last.long_absence_days is not None:
            share = long_absence_share(
                [a.absence for a in absences],
                period,
                ec.contract.presence(period),
                longer_than=last.long_absence_days,
                kinds=last.absence_kinds,
            )
            if share != 1:
                exact *= share
                rounded = last.rounding.apply(exact)
        if as_of is not None and as_of < period.start:
            exact = rounded = _ZERO
        found.append((exact, rounded))
    return tuple(found)


_NEW_ROW = object.__new__
# The setters of BalanceRow's slots (teleaccord.slots: a slot's own descriptor is the
# cheapest way to fill a frozen row); a field renamed, or not a plain slot, fails here.
_ROW_FIELDS = tuple(field.name for field in attrs.fields(BalanceRow))
_SLOT_SETTERS: dict[str, Callable[[BalanceRow, object], None]] = dict(
    zip(_ROW_FIELDS, member_setters(BalanceRow, _ROW_FIELDS) or (), strict=True)
)
_SET_EMPLOYEE = _SLOT_SETTERS["employee"]
_SET_PERIOD = _SLOT_SETTERS["period"]
_SET_LABEL = _SLOT_SETTERS["label"]
_SET_EXACT = _SLOT_SETTERS["entitlement_exact"]
_SET_ENTITLEMENT = _SLOT_SETTERS["entitlement"]
_SET_CARRIED = _SLOT_SETTERS["carried"]
_SET_ADJUSTED = _SLOT_SETTERS["adjusted"]
_SET_BOOKED = _SLOT_SETTERS["booked"]
_SET_CANCELLED = _SLOT_SETTERS["cancelled"]
_SET_EXPIRED = _SLOT_SETTERS["expired"]
_SET_FORFEITED = _SLOT_SETTERS["forfeited"]
_SET_POOL = _SLOT_SETTERS["pool"]
_SET_REMAINING = _SLOT_SETTERS["remaining"]


def _folded_row(
    employee: str,
    period: DateRange,
    label: str,
    exact: Fraction,
    sums: PeriodSums,
    flow: PeriodFlow,
    pool: str,
) -> BalanceRow:
    """The :class:`BalanceRow` of a voluntary pool's period from its sums and the fold's
    flow, its ``remaining`` the fold's: the fold computes it with
    :func:`~teleaccord.fold.remaining_days` from the very figures the row holds (granted,
    carried, adjusted, booked, cancelled, expired), so the row's own default would compute
    it again, in Fractions, a second time for each of the job's rows. Every value is the
    fold's or the job's, already of its type (the class has no converter or validator)."""
    row: BalanceRow = _NEW_ROW(BalanceRow)
    granted, adjusted, booked, cancelled, _ = sums
    carried, expired, forfeited, remaining = flow
    _SET_EMPLOYEE(row, employee)
    _SET_PERIOD(row, period)
    _SET_LABEL(row, label)
    _SET_EXACT(row, exact)
    _SET_ENTITLEMENT(row, granted)
    _SET_CARRIED(row, carried)
    _SET_ADJUSTED(row, adjusted)
    _SET_BOOKED(row, booked)
    _SET_CANCELLED(row, cancelled)
    _SET_EXPIRED(row, expired)
    _SET_FORFEITED(row, forfeited)
    _SET_POOL(row, pool)
    _SET_REMAINING(row, remaining)
    return row


def _kind_rows(
    job: _Job,
    ec: EmployeeContract,
    chain: tuple[DateRange, ...],
    booked: list[int],
    cancelled: list[int],
    kind: str,
) -> list[BalanceRow]:
    """The rows of the days of a kind that consumes no pool (``imposed``, ``medical``): their
    days booked and cancelled, in the target periods holding any."""
    return [
        BalanceRow(
            employee=ec.contract.employee,
            period=period,
            label=job.label(period),
            entitlement_exact=_ZERO,
            entitlement=_ZERO,
            booked=half_days(b),
            cancelled=half_days(c),
            pool=kind,
        )
        for period, b, c in zip(chain, booked, cancelled, strict=True)
        if b and period in job.targets
    ]


_ZERO = Fraction(0)


def _index(starts: list[int], ordinal: int) -> int:
    """The index of the period starting last on or before ``ordinal``."""
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= ordinal:
            lo = mid
        else:
            hi = mid
    return lo


def _skip_orphans(job: _Job, records: EmployeeRecords) -> None:
    """Report the rows of an employee without a (valid) contract, one problem per file."""
    why = (
        "their contract rows are invalid (see the contracts problems)"
        if records.contract_skipped
        else f"{records.contract_source.name} has no contract for them"
    )
    for role, lines, source in (
        ("bookings", records.bookings.lines, records.bookings_source),
        ("adjustments", tuple(a.line for a in records.adjustments), records.adjustments_source),
        ("absences", tuple(a.line for a in records.absences), records.absences_source),
    ):
        if not lines:
            continue
        if len(lines) == 1:
            what = f"the {role} row of {records.employee} (line {lines[0]}) was skipped"
        else:
            what = (
                f"the {len(lines)} {role} rows of {records.employee} (lines {min(lines)}-"
                f"{max(lines)}) were skipped"
            )
        job.problem(
            source.path(min(lines), "employee"),
            f"{what}: {why}",
            "invalid_contract" if records.contract_skipped else "unknown_employee",
        )
        job.summary.file(role, source.name).skipped += len(lines)


def workforce_balances(
    employees: Iterable[EmployeeRecords],
    agreement: Agreement | AgreementHistory,
    calendar: Calendar,
    *,
    periods: Iterable[DateRange],
    as_of: date | None = None,
    summary: RunSummary | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    stop_at_first_error: bool = False,
    agreements: Mapping[str, Agreement | AgreementHistory] | None = None,
    terms: Mapping[str, IndividualTerms] | None = None,
) -> Iterator[BalanceRow]:
    """Stream the balances of a workforce, one employee at a time.

    Args:
        employees: each employee's records, one at a time (for instance
            :func:`teleaccord.io.csv.read_workforce`); nothing is kept once an employee is
            done, so memory is bounded by one employee's data.
        agreement: the agreement (quota, prorating, rounding, carry-over).
        calendar: the holidays and closures that decide the working days.
        periods: the reference periods to report (see :func:`periods_for_year`). With a
            carry-over, earlier periods holding the employee's data are computed too, to carry
            their unused days forward, but not reported.
        as_of: the balance as of that day, counted as :meth:`QuotaLedger.balance
            <teleaccord.ledger.QuotaLedger.balance>` counts it: bookings by their day; the
            entitlement, the days carried over and the adjustments on the period's first day;
            expired days once their last usable day has passed. ``None``: whole periods.
        summary: counts what was read, skipped and produced (a new one when not given).
        on_problem: called with each problem (a booking on a day not worked, an employee
            without a contract...); the row is skipped and the run goes on.
        stop_at_first_error: raise :class:`~teleaccord.errors.LoadError` at the first problem
            instead.
        agreements: the agreement (or :class:`~teleaccord.versions.AgreementHistory`) of the
            employees who do not work under ``agreement``, by employee id (an agreement per
            employee; per date range with a history). Their reference period must be
            ``agreement``'s, so every row reports the same ``periods``.
        terms: the :class:`~teleaccord.overrides.IndividualTerms` of the employees who have
            their own, by employee id (:func:`teleaccord.io.versions_file.load_individual_terms`
            reads them from a file): their default pool's entitlement is the one
            :func:`~teleaccord.entitlements.entitlement` gives with ``terms`` (a personal cap
            lowers the collective figure, a medical recommendation raises it), as a
            :class:`~teleaccord.ledger.QuotaLedger` given the same terms grants it. Each is
            checked against the employee's agreement first (:func:`~teleaccord.overrides.check_terms`).

    Raises:
        InvalidValue: terms above the collective bounds of the employee's agreement
            (``above_collective_bound``, naming the employee), or filed under another
            employee's id (``invalid_value``); nothing is computed.

    Yields:
        One :class:`BalanceRow` per employee with a contract and per period in ``periods``,
        in the order of ``employees``.

    >>> from datetime import date
    >>> from teleaccord import (BookingRow, Calendar, Contract, EmployeeContract, EmployeeRecords,
    ...     load_sample_agreement, workforce_balances, year_range)
    >>> from teleaccord.workforce import BOOKED
    >>> contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1), fraction="80 %")
    >>> bookings = [BookingRow("E1", date(2024, 3, 5), None, BOOKED, None, None, 2),
    ...             BookingRow("E1", date(2024, 5, 1), None, BOOKED, None, None, 3)]
    >>> problems = []
    >>> rows = list(workforce_balances(
    ...     [EmployeeRecords(employee="E1", contract=EmployeeContract(contract=contract),
    ...                      bookings=bookings)],
    ...     load_sample_agreement("assistance-100-days"), Calendar(),
    ...     periods=[year_range(2024)], on_problem=problems.append))
    >>> rows[0].entitlement, rows[0].booked, rows[0].remaining
    (Fraction(80, 1), Fraction(1, 1), Fraction(79, 1))
    >>> print(problems[0])
    bookings:3:date: 2024-05-01 is a public holiday (Labor Day) that E1 does not work
    """
    run = summary if summary is not None else RunSummary()

    def report(problem: Problem) -> None:
        if stop_at_first_error:
            raise LoadError.from_problems(problem.path.partition(":")[0], [problem])
        if on_problem is not None:
            on_problem(problem)

    job = _Job(agreement, calendar, periods, as_of, run, report)
    jobs: dict[int, _Job] = {id(agreement): job}
    if terms:
        _check_individual_terms(terms, agreement, agreements)
    for records in employees:
        run.employees += 1
        own = agreements.get(records.employee) if agreements else None
        theirs = job
        if own is not None:
            if id(own) not in jobs:
                _same_reference(own, agreement)
                jobs[id(own)] = _Job(own, calendar, job.targets, as_of, run, report)
            theirs = jobs[id(own)]
        mine = terms.get(records.employee) if terms else None
        if mine is not None:
            theirs = theirs.for_terms(mine)
            run.individual_terms += records.contract is not None
        rows = _employee_rows(theirs, records)
        run.balances += len(rows)
        yield from rows


def _check_individual_terms(
    terms: Mapping[str, IndividualTerms],
    agreement: Agreement | AgreementHistory,
    agreements: Mapping[str, Agreement | AgreementHistory] | None,
) -> None:
    """Refuse, before anything is computed, individual terms filed under another employee's
    id or above the collective bounds of the employee's agreement (the error names them)."""
    for employee, mine in terms.items():
        if mine.employee != employee:
            msg = (
                f"terms: the terms filed under {employee!r} are {mine.employee!r}'s; file each "
                "employee's terms under their own id."
            )
            raise InvalidValue(msg, field="terms", code="invalid_value")
        own = agreements.get(employee) if agreements else None
        try:
            check_terms(own if own is not None else agreement, mine)
        except InvalidValue as exc:
            msg = f"terms: {employee}: {exc.message}"
            raise InvalidValue(
                msg, field="terms", code=exc.code, params={**exc.params, "employee": employee}
            ) from None


def _same_reference(
    own: Agreement | AgreementHistory, agreement: Agreement | AgreementHistory
) -> None:
    """Refuse an employee's agreement whose reference period differs from the run's."""
    if own.reference != agreement.reference:
        msg = (
            f"agreements: {own.name!r} has another reference period than {agreement.name!r}; "
            "the employees of one run share one."
        )
        raise InvalidValue(msg, field="agreements", code="reference_differs")


def employee_balances(
    agreement: Agreement | AgreementHistory,
    contract: Contract,
    calendar: Calendar,
    *,
    periods: Iterable[DateRange],
    bookings: Iterable[BookingRow] = (),
    adjustments: Iterable[AdjustmentRow] = (),
    statuses: Iterable[tuple[date, Iterable[str]]] = (),
    as_of: date | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    absences: Iterable[Absence] = (),
    terms: IndividualTerms | None = None,
) -> tuple[BalanceRow, ...]:
    """The balances of one employee: :func:`workforce_balances` for a single contract
    (``terms``: the employee's :class:`~teleaccord.overrides.IndividualTerms`).

    >>> from datetime import date
    >>> from teleaccord import (Calendar, Contract, employee_balances, load_sample_agreement,
    ...     year_range)
    >>> c = Contract.from_amendments(employee="E2", hired=date(2024, 7, 1))
    >>> [r.entitlement for r in employee_balances(
    ...     load_sample_agreement("assistance-100-days"), c, Calendar(), periods=[year_range(2024)])]
    [Fraction(101, 2)]
    """
    records = EmployeeRecords(
        employee=contract.employee,
        contract=EmployeeContract(contract=contract, statuses=statuses),
        bookings=tuple(bookings),
        adjustments=tuple(adjustments),
        absences=tuple(AbsenceRow(a.employee, a, 0) for a in absences),
    )
    return tuple(
        workforce_balances(
            [records],
            agreement,
            calendar,
            periods=periods,
            as_of=as_of,
            on_problem=on_problem,
            terms={contract.employee: terms} if terms is not None else None,
        )
    )
