"""Telework allowances: what a policy pays each month, and how much of it is exempt.

An :class:`AllowancePolicy` is the allowance clause of an agreement, as data: an amount per
telework day, a flat amount per month per weekly telework day, or a flat monthly amount, with
optional monthly and yearly caps, dated amounts (indexation), and prorating by work fraction
for part-time staff.

The French social-security exemption limits of the flat telework allowance (allocation
forfaitaire de télétravail) are an :class:`ExemptionTable` of :class:`ExemptionLimit` rows,
by regime (no collective agreement; branch or group agreement) and date of effect, each with
its :class:`RuleSource` and a :class:`FigureStatus`. The table shipped with teleaccord is read from
``teleaccord/data/allowance_limits.toml`` (:meth:`ExemptionTable.default`); pass your own when
it differs.

:func:`monthly_allowances` takes the telework days of one employee (``(day, amount)`` pairs,
what :meth:`QuotaLedger.telework_days` returns) and gives, for each calendar month, the
telework days, the allowance due, its exempt part and the excess, in euros as
:class:`~decimal.Decimal` rounded to the cent once, with an :class:`AllowanceExplanation`.

The computation for one month, in this order:

1. ``days``: the month's telework days (a half-day counts as the policy says, 1/2 by default);
2. ``gross``: ``rate × days`` (per day), ``rate × weekly days`` (per weekly day) or ``rate``
   (flat monthly), times the work fraction when the policy prorates, exactly;
3. ``due``: ``gross`` bounded by the monthly cap and by what is left of the yearly cap, then
   rounded half-up to the cent, once;
4. ``limit``: the exemption limit in force on the first day of the month for the policy's
   regime: ``min(per_day × days, monthly_cap)`` for per-day and flat monthly allowances,
   ``per_weekly_day × weekly days`` for allowances per weekly day, rounded down to the cent;
5. ``exempt = min(due, limit)`` and ``excess = due − exempt``.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import attrs

from teleaccord.amounts import (
    MAX_DIGITS,
    MAX_EXPONENT,
    Rounding,
    RoundingMode,
    format_amount,
    money_in_bounds,
    parse_amount,
)
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, month_range, parse_date
from teleaccord.errors import InvalidValue
from teleaccord.validators import first_repeat, non_empty_text

__all__ = [
    "NON_EMPTY_TEXT",
    "AllowanceExplanation",
    "AllowanceKind",
    "AllowancePolicy",
    "CappedLimit",
    "CappedLimitTable",
    "CappedRegime",
    "DatedTable",
    "ExemptionLimit",
    "ExemptionRegime",
    "ExemptionTable",
    "FigureStatus",
    "HalfDayCount",
    "MonthlyAllowance",
    "RuleSource",
    "YearlyCappedAmount",
    "at_least_one_source",
    "monthly_allowances",
    "parse_money",
    "telework_by_day",
    "yearly_capped_amount",
]

_CENT = Fraction(1, 100)
_TO_CENT = Rounding(RoundingMode.HALF_UP, unit=_CENT)
_DOWN_TO_CENT = Rounding(RoundingMode.DOWN, unit=_CENT)


# -- small shared values ----------------------------------------------------------------------


def parse_money(value: Any, *, field: str = "amount") -> Decimal:
    """Parse an amount of money (euros) exactly, as a non-negative :class:`~decimal.Decimal`.

    Accepts ``Decimal``, ``int``, text such as ``"2.70"`` or ``"2,70"`` (French decimal comma),
    and ``float`` from a parsed file, read through its shortest text form.

    Raises:
        InvalidValue: for booleans, negative or non-finite amounts and text that is not one.

    >>> from teleaccord import parse_money
    >>> parse_money("2,70"), parse_money(59.4), parse_money(13)
    (Decimal('2.70'), Decimal('59.4'), Decimal('13'))
    >>> parse_money("-1", field="rate")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: rate: expected an amount of money of at least 0 (such as 2.70), got '-1'.
    """
    found: Decimal | None = None
    if not money_in_bounds(value):
        msg = (
            f"{field}: the amount is too large or too precise to read; expected at most "
            f"{MAX_DIGITS} digits and an exponent of at most {MAX_EXPONENT}."
        )
        raise InvalidValue(msg, field=field, code="invalid_money")
    if isinstance(value, bool):
        found = None
    elif isinstance(value, Decimal):
        found = value
    elif isinstance(value, int):
        found = Decimal(value)
    elif isinstance(value, float):
        found = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", ".").replace(" ", "")
        if text and "_" not in text:
            try:
                found = Decimal(text)
            except InvalidOperation:
                found = None
    if found is None or not found.is_finite() or found < 0:
        msg = f"{field}: expected an amount of money of at least 0 (such as 2.70), got {value!r}."
        raise InvalidValue(msg, field=field, code="invalid_money")
    return found


def _money_text(value: Decimal | Fraction) -> str:
    """Euros for people: ``59.40 EUR``."""
    if isinstance(value, Fraction):
        value = _cents(value)
    return f"{value:.2f} EUR"


def _count(amount: Fraction, noun: str) -> str:
    """``1 telework day``, ``0.5 telework day``, ``4.5 telework days``."""
    return f"{format_amount(amount)} {noun}{'' if abs(amount) <= 1 else 's'}"


def _cents(value: Fraction) -> Decimal:
    """An exact multiple of a cent as a two-place Decimal."""
    cents = value * 100
    if cents.denominator != 1:  # pragma: no cover - callers round first
        msg = f"amount: {format_amount(value)} is not a whole number of cents."
        raise InvalidValue(msg, field="amount", code="not_cents")
    return Decimal(cents.numerator).scaleb(-2)


class FigureStatus(str, enum.Enum):
    """How sure a figure of a rule table is."""

    CONFIRMED = "confirmed"
    """Found in an official publication, or in a source quoting it with its reference."""
    REPORTED = "reported"
    """Found in secondary sources only, or sources disagree: check before relying on it."""
    UNCERTAIN = "uncertain"
    """Not found in any consulted source, or doubtful as applied here: read the note."""


def _consulted(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and value.strip().lower() == "to check"):
        return None
    return parse_date(value, field="source.consulted")


NON_EMPTY_TEXT = non_empty_text(code="empty_text", message="{field}: must not be empty.")
"""The attrs validator of the texts of sources and policies (code ``empty_text``).

>>> RuleSource(publication=" ")
Traceback (most recent call last):
...
teleaccord.errors.InvalidValue: publication: must not be empty.
"""


@attrs.frozen(kw_only=True)
class RuleSource:
    """Where a figure comes from: a publication, its address, and when it was read.

    ``consulted`` is ``None`` when nobody has read the source yet ("to check").

    >>> from teleaccord import RuleSource
    >>> s = RuleSource(publication="Service-public.fr, 13 February 2025",
    ...            url="https://entreprendre.service-public.fr/actualites/A18043",
    ...            consulted="2026-11-23")
    >>> s.consulted, str(s)
    (datetime.date(2026, 11, 23), 'Service-public.fr, 13 February 2025, https://entreprendre.service-public.fr/actualites/A18043 (consulted 2026-11-23)')
    >>> str(RuleSource(publication="Issue 8", url="", consulted="to check"))
    'Issue 8 (to check)'
    """

    publication: str = attrs.field(validator=NON_EMPTY_TEXT)
    url: str = ""
    consulted: date | None = attrs.field(default=None, converter=_consulted)

    def to_dict(self) -> dict[str, Any]:
        """The source as JSON-compatible data.

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)

    def __str__(self) -> str:
        where = f", {self.url}" if self.url else ""
        when = f"consulted {self.consulted.isoformat()}" if self.consulted else "to check"
        return f"{self.publication}{where} ({when})"


class HalfDayCount(str, enum.Enum):
    """How a half-day of telework counts where a rule counts days."""

    WHOLE = "whole"
    """A half-day counts as a whole day."""
    HALF = "half"
    """A half-day counts as half a day."""
    NONE = "none"
    """Only whole days count."""

    def counted(self, amount: Fraction) -> Fraction:
        """The days counted for one day teleworked ``amount`` (1 or 1/2).

        >>> from fractions import Fraction
        >>> from teleaccord import HalfDayCount
        >>> HalfDayCount.WHOLE.counted(Fraction(1, 2)), HalfDayCount.NONE.counted(Fraction(1, 2))
        (Fraction(1, 1), Fraction(0, 1))
        """
        if amount >= 1 or self is HalfDayCount.HALF:
            return amount
        if amount <= 0:
            return Fraction(0)
        return Fraction(1) if self is HalfDayCount.WHOLE else Fraction(0)


def telework_by_day(days: Iterable[tuple[date, Fraction]]) -> dict[date, Fraction]:
    """Add up ``(day, amount)`` pairs per day: two half-days on one day make a whole day.

    Raises:
        InvalidValue: an amount that is not more than 0 and at most 1, or a day whose amounts
            add up to more than 1.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import telework_by_day
    >>> telework_by_day([(date(2025, 3, 4), Fraction(1, 2)), (date(2025, 3, 4), Fraction(1, 2))])
    {datetime.date(2025, 3, 4): Fraction(1, 1)}
    >>> telework_by_day([(date(2025, 3, 4), Fraction(1)), (date(2025, 3, 4), Fraction(1, 2))])
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: telework_days: the telework on 2025-03-04 adds up to 1.5 days; a day holds at most 1.
    """
    found: dict[date, Fraction] = {}
    for day, raw in days:
        amount = parse_amount(raw, field="telework_days")
        if not 0 < amount <= 1:
            msg = (
                f"telework_days: the telework on {day.isoformat()} is {format_amount(amount)} "
                "days; each entry must be more than 0 and at most 1."
            )
            raise InvalidValue(msg, field="telework_days", code="invalid_telework_amount")
        total = found.get(day, Fraction(0)) + amount
        if total > 1:
            msg = (
                f"telework_days: the telework on {day.isoformat()} adds up to "
                f"{format_amount(total)} days; a day holds at most 1."
            )
            raise InvalidValue(msg, field="telework_days", code="telework_day_overbooked")
        found[day] = total
    return found


# -- dated tables of legal figures --------------------------------------------------------------

_TableT = TypeVar("_TableT", bound="DatedTable")


class DatedTable:
    """A table of dated legal figures that teleaccord ships and an employer may replace with
    its own: :class:`ExemptionTable`, :class:`CappedLimitTable`,
    :class:`~teleaccord.ThresholdTable`. Each reads and writes the same way, through the one
    converter (thin shims over :mod:`teleaccord.io.tables`).

    >>> from teleaccord import ExemptionTable, ThresholdTable
    >>> ExemptionTable.from_dict(ExemptionTable.default().to_dict()) == ExemptionTable.default()
    True
    >>> ThresholdTable.default() is ThresholdTable.default()
    True
    """

    __slots__ = ()

    PACKAGED: ClassVar[str]
    """The file teleaccord ships, under ``teleaccord/``."""
    SHAPE: ClassVar[str | None] = None
    """What a table must look like, said when data is no mapping (``None``: "a table of
    <class> keys")."""

    def to_dict(self) -> dict[str, Any]:
        """The table as plain data that :meth:`from_dict` reads back (JSON and TOML
        compatible: dates and money as text)."""
        from teleaccord.io.tables import table_to_dict

        return table_to_dict(self)

    @classmethod
    def from_dict(
        cls: type[_TableT], data: Mapping[str, Any], *, source: str = "<dict>"
    ) -> _TableT:
        """Build a table from plain data (parsed TOML or JSON).

        Raises:
            LoadError: listing every problem with its key path (``$.limits[2].per_day``).

        >>> from teleaccord import ExemptionTable, ThresholdTable
        >>> ExemptionTable.from_dict({"limits": [{"regime": "no-agreement",
        ...     "effective": "2025-01-01", "per_day": "2.70", "status": "sure"}]})
        Traceback (most recent call last):
        ...
        teleaccord.errors.LoadError: <dict>: 2 problems:
          $.limits[0].status: expected one of 'confirmed', 'reported', 'uncertain', got 'sure'
          $.limits[0].sources: this key is required but missing
        >>> ThresholdTable.from_dict({"thresholds": [{"id": "x", "name": "X", "domain": "tax",
        ...     "residence": ["FR"], "work": ["LU"], "kind": "days", "limit": "many",
        ...     "status": "confirmed", "sources": [{"publication": "P", "consulted": "to check"}]}]})
        Traceback (most recent call last):
        ...
        teleaccord.errors.LoadError: <dict>: 1 problem:
          $.thresholds[0].limit: expected a number of days (such as 100, 40.5, 81/2 or 80 %), got 'many'
        """
        from teleaccord.io.tables import table_from_dict

        return table_from_dict(data, cls, source=source, expected=cls.SHAPE)

    @classmethod
    def load(cls: type[_TableT], path: str | Path) -> _TableT:
        """Read a table from a TOML file shaped like the one shipped with teleaccord.

        Raises:
            LoadError: the file cannot be read or parsed, or holds bad rows (every problem).
        """
        from teleaccord.io.tables import load_table

        return load_table(path, cls)

    @classmethod
    def default(cls: type[_TableT]) -> _TableT:
        """The table shipped with teleaccord (:attr:`PACKAGED`), read once."""
        from teleaccord.io.tables import default_table

        return default_table(cls)


# -- exemption limits ---------------------------------------------------------------------------


class ExemptionRegime(str, enum.Enum):
    """Which set of URSSAF limits applies to an allowance."""

    NO_AGREEMENT = "no-agreement"
    """No collective agreement sets the allowance (a company accord, a charter, the contract)."""
    BRANCH_AGREEMENT = "branch-agreement"
    """A branch, professional or interprofessional agreement, or a group agreement, sets it."""


def _per_day(value: Any) -> Decimal | None:
    return None if value is None else parse_money(value, field="per_day")


def _monthly_cap(value: Any) -> Decimal | None:
    return None if value is None else parse_money(value, field="monthly_cap")


def _per_weekly_day(value: Any) -> Decimal | None:
    return None if value is None else parse_money(value, field="per_weekly_day")


def _effective(value: Any) -> date:
    return parse_date(value, field="effective")


def _sources(value: Iterable[RuleSource]) -> tuple[RuleSource, ...]:
    return tuple(value)


def at_least_one_source(
    instance: Any, attribute: attrs.Attribute[tuple[RuleSource, ...]], value: tuple[RuleSource, ...]
) -> None:
    """An attrs validator: a figure needs at least one :class:`RuleSource` (code
    ``missing_source``).

    >>> from teleaccord import ExemptionLimit
    >>> ExemptionLimit(regime="no-agreement", effective="2025-01-01", status="reported", sources=[])
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: sources: every figure needs at least one source (a publication, or 'to check').
    """
    if not value:
        msg = "sources: every figure needs at least one source (a publication, or 'to check')."
        raise InvalidValue(msg, field="sources", code="missing_source")


def _cap_needs_per_day(
    instance: ExemptionLimit, attribute: attrs.Attribute[Decimal | None], value: Decimal | None
) -> None:
    if value is not None and instance.per_day is None:
        msg = "monthly_cap: a monthly cap limits a per-day amount; give per_day as well."
        raise InvalidValue(msg, field="monthly_cap", code="cap_without_rate")


@attrs.frozen(kw_only=True)
class ExemptionLimit:
    """The exemption limits of one regime from a date of effect, with their sources.

    Attributes:
        regime: the regime the limits belong to.
        effective: the first day they apply; they hold until the next row of the regime.
        per_day: the limit per telework day of an allowance fixed per day (``None``: unknown).
        monthly_cap: the monthly limit of an allowance fixed per day (``None``: no cap known).
        per_weekly_day: the monthly limit per weekly telework day of an allowance fixed per
            month (``None``: unknown).
        status: how sure the figures are.
        sources: where they come from (at least one).
        note: what a reader should know (dates of effect, disagreements).

    >>> from datetime import date
    >>> from teleaccord import ExemptionLimit, RuleSource
    >>> limit = ExemptionLimit(regime="no-agreement", effective=date(2025, 1, 1),
    ...     per_day="2.70", monthly_cap="59.40", per_weekly_day="10.90", status="reported",
    ...     sources=[RuleSource(publication="Service-public.fr", consulted="2026-11-23")])
    >>> limit.per_day, limit.monthly_cap
    (Decimal('2.70'), Decimal('59.40'))
    >>> print(limit.describe())
    no collective agreement, from 2025-01-01 (reported): 2.70 EUR a telework day up to 59.40 EUR a month; 10.90 EUR a month per weekly telework day
    """

    regime: ExemptionRegime = attrs.field(converter=ExemptionRegime)
    effective: date = attrs.field(converter=_effective)
    per_day: Decimal | None = attrs.field(default=None, converter=_per_day)
    monthly_cap: Decimal | None = attrs.field(
        default=None, converter=_monthly_cap, validator=_cap_needs_per_day
    )
    per_weekly_day: Decimal | None = attrs.field(default=None, converter=_per_weekly_day)
    status: FigureStatus = attrs.field(converter=FigureStatus)
    sources: tuple[RuleSource, ...] = attrs.field(converter=_sources, validator=at_least_one_source)
    note: str = ""

    def day_limit(self, days: Fraction) -> Fraction | None:
        """The exempt limit for ``days`` telework days of an allowance fixed per day, exactly.

        ``None`` when the table has no per-day figure for this date.

        >>> from datetime import date
        >>> from fractions import Fraction
        >>> from teleaccord import ExemptionLimit, RuleSource
        >>> limit = ExemptionLimit(regime="no-agreement", effective=date(2025, 1, 1),
        ...     per_day="2.70", monthly_cap="59.40", status="reported",
        ...     sources=[RuleSource(publication="x")])
        >>> limit.day_limit(Fraction(9)), limit.day_limit(Fraction(23))
        (Fraction(243, 10), Fraction(297, 5))
        """
        if self.per_day is None:
            return None
        found = Fraction(self.per_day) * days
        if self.monthly_cap is not None:
            found = min(found, Fraction(self.monthly_cap))
        return found

    def weekly_limit(self, weekly_days: Fraction) -> Fraction | None:
        """The monthly exempt limit of an allowance fixed per weekly telework day.

        ``None`` when the table has no per-weekly-day figure for this date.
        """
        if self.per_weekly_day is None:
            return None
        return Fraction(self.per_weekly_day) * weekly_days

    def describe(self) -> str:
        """The row in words."""
        regime = (
            "no collective agreement"
            if self.regime is ExemptionRegime.NO_AGREEMENT
            else "branch or group agreement"
        )
        parts = []
        if self.per_day is not None:
            cap = f" up to {_money_text(self.monthly_cap)} a month" if self.monthly_cap else ""
            parts.append(f"{_money_text(self.per_day)} a telework day{cap}")
        if self.per_weekly_day is not None:
            parts.append(f"{_money_text(self.per_weekly_day)} a month per weekly telework day")
        figures = "; ".join(parts) if parts else "no figure"
        return f"{regime}, from {self.effective.isoformat()} ({self.status.value}): {figures}"

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-compatible data (money as decimal strings).

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)


def _limits(value: Iterable[ExemptionLimit]) -> tuple[ExemptionLimit, ...]:
    return tuple(sorted(value, key=lambda row: (row.regime.value, row.effective)))


def _unique_dates(
    instance: ExemptionTable,
    attribute: attrs.Attribute[tuple[ExemptionLimit, ...]],
    value: tuple[ExemptionLimit, ...],
) -> None:
    row = first_repeat(value, lambda r: (r.regime, r.effective))
    if row is not None:
        msg = (
            f"limits: two rows of regime {row.regime.value!r} take effect on "
            f"{row.effective.isoformat()}; keep one."
        )
        raise InvalidValue(msg, field="limits", code="duplicate_limit")


@attrs.frozen
class ExemptionTable(DatedTable):
    """The exemption limits by regime and date of effect.

    >>> from datetime import date
    >>> from teleaccord import ExemptionTable
    >>> table = ExemptionTable.default()
    >>> row = table.limit_on("no-agreement", date(2025, 3, 1))
    >>> row.per_day, row.monthly_cap, row.per_weekly_day, row.status.value
    (Decimal('2.70'), Decimal('59.40'), Decimal('10.90'), 'reported')
    >>> table.limit_on("branch-agreement", date(2024, 6, 1)).per_day
    Decimal('3.25')
    """

    PACKAGED = "data/allowance_limits.toml"

    limits: tuple[ExemptionLimit, ...] = attrs.field(converter=_limits, validator=_unique_dates)

    def rows(self, regime: ExemptionRegime | str) -> tuple[ExemptionLimit, ...]:
        """The rows of ``regime``, by date of effect."""
        wanted = ExemptionRegime(regime)
        return tuple(row for row in self.limits if row.regime is wanted)

    def limit_on(self, regime: ExemptionRegime | str, day: date) -> ExemptionLimit:
        """The row of ``regime`` in force on ``day``.

        Raises:
            InvalidValue: when the table has no row of the regime on or before ``day``.

        >>> from datetime import date
        >>> from teleaccord import ExemptionTable
        >>> ExemptionTable.default().limit_on("no-agreement", date(2019, 6, 1))
        Traceback (most recent call last):
        ...
        teleaccord.errors.InvalidValue: day: the exemption table has no limit of regime 'no-agreement' in force on 2019-06-01 (its first row takes effect on 2020-01-01); pass a table that covers this date.
        """
        rows = self.rows(regime)
        found = None
        for row in rows:
            if row.effective <= day:
                found = row
        if found is None:
            first = (
                f"its first row takes effect on {rows[0].effective.isoformat()}"
                if rows
                else "it has no row of this regime"
            )
            msg = (
                f"day: the exemption table has no limit of regime {ExemptionRegime(regime).value!r} "
                f"in force on {day.isoformat()} ({first}); pass a table that covers this date."
            )
            raise InvalidValue(
                msg,
                field="day",
                code="no_exemption_limit",
                params={"regime": ExemptionRegime(regime).value, "day": day},
            )
        return found


# -- allowance policies ------------------------------------------------------------------------


class AllowanceKind(str, enum.Enum):
    """How an allowance policy computes the monthly amount."""

    PER_DAY = "per-day"
    """An amount per telework day of the month."""
    PER_WEEKLY_DAY = "per-weekly-day"
    """A flat amount per month for each weekly telework day of the employee's rhythm."""
    FLAT_MONTHLY = "flat-monthly"
    """A flat amount per month."""


def _amount(value: Any) -> Decimal:
    return parse_money(value, field="amount")


def _policy_yearly_cap(value: Any) -> Decimal | None:
    return None if value is None else parse_money(value, field="yearly_cap")


def _indexed(
    value: Mapping[Any, Any] | Iterable[tuple[Any, Any]],
) -> tuple[tuple[date, Decimal], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    found = sorted(
        (parse_date(d, field="indexed"), parse_money(a, field="indexed")) for d, a in items
    )
    for (d1, _), (d2, _) in itertools.pairwise(found):
        if d1 == d2:
            msg = f"indexed: two amounts take effect on {d1.isoformat()}; keep one."
            raise InvalidValue(msg, field="indexed", code="duplicate_indexation")
    return tuple(found)


@attrs.frozen(kw_only=True)
class AllowancePolicy:
    """The telework allowance clause of an agreement, as data.

    Attributes:
        name: how people call it (``"2.50 EUR a day, at most 300 EUR a year"``).
        kind: per telework day, per weekly telework day (monthly), or flat monthly.
        amount: the amount in euros (per day, per weekly day per month, or per month).
        indexed: later amounts, as ``(date of effect, amount)`` pairs: the allowance is indexed
            (each January, or whenever); before the first, ``amount`` applies.
        monthly_cap: the most paid for one month (``None``: no cap).
        yearly_cap: the most paid over a calendar year (``None``: no cap).
        prorate: whether part-time staff receive the amount times their work fraction.
        regime: which URSSAF limits apply: ``no-agreement`` unless a branch or group
            agreement sets the allowance.
        half_day: how a half-day of telework counts (``half`` by default).
        paid_without_telework: for monthly kinds, whether a month without any telework day is
            paid anyway (``False``: nothing is due for such a month).

    >>> from datetime import date
    >>> from teleaccord import AllowancePolicy
    >>> policy = AllowancePolicy(name="2.50 EUR a day, 300 EUR a year", kind="per-day",
    ...                          amount="2.50", yearly_cap=300)
    >>> policy.amount_on(date(2025, 6, 1)), policy.yearly_cap
    (Decimal('2.50'), Decimal('300'))
    >>> indexed = AllowancePolicy(name="10 EUR per weekly day", kind="per-weekly-day",
    ...     amount=10, indexed={"2026-01-01": "10.30"})
    >>> indexed.amount_on(date(2025, 12, 1)), indexed.amount_on(date(2026, 1, 1))
    (Decimal('10'), Decimal('10.30'))
    """

    name: str = attrs.field(validator=NON_EMPTY_TEXT)
    kind: AllowanceKind = attrs.field(converter=AllowanceKind)
    amount: Decimal = attrs.field(converter=_amount)
    indexed: tuple[tuple[date, Decimal], ...] = attrs.field(default=(), converter=_indexed)
    monthly_cap: Decimal | None = attrs.field(default=None, converter=_monthly_cap)
    yearly_cap: Decimal | None = attrs.field(default=None, converter=_policy_yearly_cap)
    prorate: bool = False
    regime: ExemptionRegime = attrs.field(
        default=ExemptionRegime.NO_AGREEMENT, converter=ExemptionRegime
    )
    half_day: HalfDayCount = attrs.field(default=HalfDayCount.HALF, converter=HalfDayCount)
    paid_without_telework: bool = False

    def amount_on(self, day: date) -> Decimal:
        """The amount in force on ``day`` (the latest indexation on or before it)."""
        found = self.amount
        for effective, amount in self.indexed:
            if effective <= day:
                found = amount
        return found

    def describe(self) -> str:
        """The policy in words.

        >>> from teleaccord import AllowancePolicy
        >>> print(AllowancePolicy(name="x", kind="per-day", amount="2.70", monthly_cap="59.40").describe())
        2.70 EUR a telework day, at most 59.40 EUR a month
        """
        unit = {
            AllowanceKind.PER_DAY: "a telework day",
            AllowanceKind.PER_WEEKLY_DAY: "a month per weekly telework day",
            AllowanceKind.FLAT_MONTHLY: "a month",
        }[self.kind]
        parts = [f"{_money_text(self.amount)} {unit}"]
        for effective, amount in self.indexed:
            parts.append(f"{_money_text(amount)} from {effective.isoformat()}")
        if self.monthly_cap is not None:
            parts.append(f"at most {_money_text(self.monthly_cap)} a month")
        if self.yearly_cap is not None:
            parts.append(f"at most {_money_text(self.yearly_cap)} a year")
        if self.prorate:
            parts.append("prorated by work fraction")
        return ", ".join(parts)


# -- monthly computation -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AllowanceExplanation:
    """Why a month's allowance is what it is, as data an HRIS can display.

    Attributes:
        policy: the policy's name.
        kind: the policy's kind.
        employee: the contract's employee identifier.
        month: the calendar month.
        telework_days: the month's telework days, counted as the policy says.
        weekly_days: the weekly telework days used (per-weekly-day policies; else ``None``).
        rate: the policy's amount in force on the first day of the month.
        work_fraction: the work fraction applied (1 when the policy does not prorate; the
            average over the month's days under contract when it does).
        gross: the exact amount before caps.
        monthly_cap: the policy's monthly cap (``None``: none).
        yearly_cap: the policy's yearly cap (``None``: none).
        paid_before: what the policy paid earlier in the same calendar year.
        capped_by: ``"monthly cap"``, ``"yearly cap"`` or ``None``.
        due: the amount due, rounded half-up to the cent once.
        limit: the exemption limits in force on the first day of the month.
        limit_amount: the exempt limit for this month, rounded down to the cent (``None``
            when the table has no figure for the policy's kind on this date).
        exempt: ``min(due, limit_amount)``.
        excess: ``due − exempt``, subject to social contributions.
        formula: the computation written out with its numbers.
        notes: anything else a reader needs.
    """

    policy: str
    kind: AllowanceKind
    employee: str
    month: DateRange
    telework_days: Fraction
    weekly_days: Fraction | None
    rate: Decimal
    work_fraction: Fraction
    gross: Fraction
    monthly_cap: Decimal | None
    yearly_cap: Decimal | None
    paid_before: Decimal
    capped_by: str | None
    due: Decimal
    limit: ExemptionLimit
    limit_amount: Decimal | None
    exempt: Decimal
    excess: Decimal
    formula: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The explanation as JSON-compatible data (days as exact strings, money as decimals).

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)

    def describe(self) -> str:
        """One paragraph a person can check by hand."""
        month = self.month.start.strftime("%Y-%m")
        head = f"{self.employee}, {month}, under {self.policy!r}: "
        text = head + self.formula + f"; due {_money_text(self.due)}"
        if self.capped_by:
            text += f" ({self.capped_by} applied"
            if self.capped_by == "yearly cap":
                text += f", {_money_text(self.paid_before)} already paid this year"
            text += ")"
        row = self.limit
        regime = (
            "no collective agreement"
            if row.regime is ExemptionRegime.NO_AGREEMENT
            else "branch or group agreement"
        )
        status = "" if row.status is FigureStatus.CONFIRMED else f", {row.status.value}: check it"
        text += f". Exemption limit ({regime}, from {row.effective.isoformat()}{status}): "
        if self.limit_amount is None:
            text += (
                "the table has no figure for this kind of allowance on this date, so nothing "
                "is treated as exempt (pass your own table once the figure is checked)"
            )
        elif self.kind is AllowanceKind.PER_WEEKLY_DAY:
            assert row.per_weekly_day is not None
            assert self.weekly_days is not None
            text += (
                f"{_money_text(row.per_weekly_day)} a month per weekly telework day, so "
                f"{_money_text(self.limit_amount)} for "
                f"{_count(self.weekly_days, 'weekly telework day')}"
            )
        else:
            assert row.per_day is not None
            cap = f" up to {_money_text(row.monthly_cap)} a month" if row.monthly_cap else ""
            text += (
                f"{_money_text(row.per_day)} a telework day{cap}, so "
                f"{_money_text(self.limit_amount)} for {_count(self.telework_days, 'day')}"
            )
        text += f"; exempt {_money_text(self.exempt)}, excess {_money_text(self.excess)}."
        for note in self.notes:
            text += " " + note
        return text


@attrs.frozen(kw_only=True)
class MonthlyAllowance:
    """One employee's telework allowance for one calendar month.

    Attributes:
        employee: the contract's employee identifier.
        month: the calendar month.
        telework_days: the month's telework days, counted as the policy says.
        due: the allowance due, in euros, rounded to the cent once.
        exempt: the part exempt from social contributions.
        excess: the part above the exemption limit.
        explanation: the figures behind them.
    """

    employee: str
    month: DateRange
    telework_days: Fraction
    due: Decimal
    exempt: Decimal
    excess: Decimal
    explanation: AllowanceExplanation

    def describe(self) -> str:
        """The explanation as one paragraph a person can check."""
        return self.explanation.describe()

    def to_dict(self) -> dict[str, Any]:
        """The month as JSON-compatible data.

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)


def _months(period: DateRange) -> list[DateRange]:
    found = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        found.append(month_range(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _work_fraction(contract: Contract, month: DateRange) -> Fraction | None:
    """The work fraction averaged over the month's days under contract (``None``: no day)."""
    total = Fraction(0)
    days = 0
    for seg, shared in contract.segments_in(month):
        total += seg.fraction * len(shared)
        days += len(shared)
    return total / days if days else None


def _weekly_days(value: Any) -> Fraction:
    days = parse_amount(value, field="weekly_days")
    if not 0 <= days <= 7:
        msg = f"weekly_days: the weekly telework days must be between 0 and 7, got {format_amount(days)}."
        raise InvalidValue(msg, field="weekly_days", code="invalid_weekly_days")
    return days


def monthly_allowances(
    policy: AllowancePolicy,
    contract: Contract,
    telework_days: Iterable[tuple[date, Fraction]],
    period: DateRange,
    *,
    weekly_days: Fraction | int | str | None = None,
    limits: ExemptionTable | None = None,
) -> tuple[MonthlyAllowance, ...]:
    """The allowance of each calendar month overlapping ``period``, with its exempt part.

    Months are whole calendar months. The yearly cap counts from January: the months of the
    year before ``period`` are computed too (not returned) so the cap is right from the first
    month returned.

    Args:
        policy: the allowance clause.
        contract: the employee's contract (work fraction for prorating; no allowance is due for
            a month without any day under contract).
        telework_days: ``(day, amount)`` pairs, amount 1 or 1/2 (two half-days on one day add
            up), as :meth:`QuotaLedger.telework_days` returns them.
        period: the months wanted.
        weekly_days: the employee's weekly telework days, for per-weekly-day policies.
        limits: the exemption table (default: :meth:`ExemptionTable.default`).

    Raises:
        InvalidValue: a per-weekly-day policy without ``weekly_days``, bad telework amounts, or
            a month the exemption table does not cover.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import AllowancePolicy, Contract, month_range, monthly_allowances
    >>> policy = AllowancePolicy(name="2.70 a day", kind="per-day", amount="2.70",
    ...                          monthly_cap="59.40")
    >>> contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1))
    >>> days = [(date(2025, 3, d), Fraction(1)) for d in (3, 4, 6, 10, 11, 13, 17, 18, 20)]
    >>> [march] = monthly_allowances(policy, contract, days, month_range(2025, 3))
    >>> march.telework_days, march.due, march.exempt, march.excess
    (Fraction(9, 1), Decimal('24.30'), Decimal('24.30'), Decimal('0.00'))
    >>> print(march.describe())
    E1, 2025-03, under '2.70 a day': 9 telework days × 2.70 EUR = 24.30 EUR; due 24.30 EUR.
    Exemption limit (no collective agreement, from 2025-01-01, reported: check it): 2.70 EUR a
    telework day up to 59.40 EUR a month, so 24.30 EUR for 9 days; exempt 24.30 EUR, excess
    0.00 EUR.
    """
    table = limits if limits is not None else ExemptionTable.default()
    weekly: Fraction | None = None
    if policy.kind is AllowanceKind.PER_WEEKLY_DAY:
        if weekly_days is None:
            msg = (
                f"weekly_days: the policy {policy.name!r} pays per weekly telework day; give the "
                "employee's weekly telework days (such as 2)."
            )
            raise InvalidValue(msg, field="weekly_days", code="missing_weekly_days")
        weekly = _weekly_days(weekly_days)
    per_day = telework_by_day(telework_days)
    counted: dict[tuple[int, int], Fraction] = {}
    for day, amount in per_day.items():
        key = (day.year, day.month)
        counted[key] = counted.get(key, Fraction(0)) + policy.half_day.counted(amount)

    wanted = _months(period)
    first = month_range(wanted[0].start.year, 1)
    results = []
    paid = Decimal("0.00")
    for month in _months(DateRange(first.start, wanted[-1].end)):
        if month.start.month == 1:
            paid = Decimal("0.00")
        days = counted.get((month.start.year, month.start.month), Fraction(0))
        result = _one_month(policy, contract, month, days, weekly, paid, table)
        paid += result.due
        if month.start >= wanted[0].start:
            results.append(result)
    return tuple(results)


def _one_month(
    policy: AllowancePolicy,
    contract: Contract,
    month: DateRange,
    days: Fraction,
    weekly: Fraction | None,
    paid_before: Decimal,
    table: ExemptionTable,
) -> MonthlyAllowance:
    rate = policy.amount_on(month.start)
    fraction = _work_fraction(contract, month)
    notes: list[str] = []
    rate_text = _money_text(rate)
    pays = policy.kind is AllowanceKind.PER_DAY or days > 0 or policy.paid_without_telework
    if policy.kind is AllowanceKind.PER_DAY:
        base = Fraction(rate) * days
        formula = f"{_count(days, 'telework day')} × {rate_text}"
    elif not pays:
        base = Fraction(0)
        formula = "no telework day this month, so the monthly amount is not paid"
    elif policy.kind is AllowanceKind.PER_WEEKLY_DAY:
        assert weekly is not None
        base = Fraction(rate) * weekly
        formula = f"{_count(weekly, 'weekly telework day')} × {rate_text}"
    else:
        base = Fraction(rate)
        formula = f"flat {rate_text}"
    if fraction is None:
        applied = Fraction(0)
        notes.append("No day of the month is under contract, so nothing is due.")
    elif policy.prorate:
        applied = fraction
        if fraction != 1 and pays:
            formula += f" × {format_amount(fraction * 100)} % work fraction"
    else:
        applied = Fraction(1)
    gross = base * applied
    formula += f" = {_money_text(_TO_CENT.apply(gross))}"
    if gross != _TO_CENT.apply(gross):
        formula += f" (exactly {format_amount(gross)})"

    capped = gross
    capped_by = None
    if policy.monthly_cap is not None and capped > Fraction(policy.monthly_cap):
        capped = Fraction(policy.monthly_cap)
        capped_by = "monthly cap"
    if policy.yearly_cap is not None:
        left = max(Fraction(policy.yearly_cap) - Fraction(paid_before), Fraction(0))
        if capped > left:
            capped = left
            capped_by = "yearly cap"
    due = _cents(_TO_CENT.apply(capped))

    limit = table.limit_on(policy.regime, month.start)
    if policy.kind is AllowanceKind.PER_WEEKLY_DAY:
        assert weekly is not None
        exact_limit = limit.weekly_limit(weekly)
    else:
        exact_limit = limit.day_limit(days)
    if exact_limit is None:
        limit_amount = None
        exempt = Decimal("0.00")
    else:
        limit_amount = _cents(_DOWN_TO_CENT.apply(exact_limit))
        exempt = min(due, limit_amount)
    explanation = AllowanceExplanation(
        policy=policy.name,
        kind=policy.kind,
        employee=contract.employee,
        month=month,
        telework_days=days,
        weekly_days=weekly,
        rate=rate,
        work_fraction=applied,
        gross=gross,
        monthly_cap=policy.monthly_cap,
        yearly_cap=policy.yearly_cap,
        paid_before=paid_before,
        capped_by=capped_by,
        due=due,
        limit=limit,
        limit_amount=limit_amount,
        exempt=exempt,
        excess=due - exempt,
        formula=formula,
        notes=tuple(notes),
    )
    return MonthlyAllowance(
        employee=contract.employee,
        month=month,
        telework_days=days,
        due=due,
        exempt=exempt,
        excess=due - exempt,
        explanation=explanation,
    )


# -- yearly capped regimes: income tax and the public sector's forfait -------------------------


class CappedRegime(str, enum.Enum):
    """A regime of telework allowances with a per-day amount and a yearly cap."""

    INCOME_TAX = "income-tax"
    """The income-tax exemption of telework allowances (per day, per month, per year)."""
    PUBLIC_SECTOR = "public-sector"
    """The public sector's « forfait télétravail » (décret n° 2021-1123): per day, per year."""


def _yearly_cap(value: Any) -> Decimal:
    return parse_money(value, field="yearly_cap")


def _capped_per_day(value: Any) -> Decimal:
    return parse_money(value, field="per_day")


@attrs.frozen(kw_only=True)
class CappedLimit:
    """The per-day amount and yearly cap of one regime from a date of effect, with sources.

    Attributes:
        regime: income tax, or the public sector's forfait.
        effective: the first day the row applies; it holds until the next row of the regime.
        per_day: the amount per telework day.
        monthly_cap: the most for one month (``None``: no monthly cap).
        yearly_cap: the most for one calendar year.
        status: how sure the figures are.
        sources: where they come from (at least one).
        note: what a reader should know.

    >>> from datetime import date
    >>> from teleaccord.io.allowance_file import default_capped_limit_table
    >>> row = default_capped_limit_table().limit_on("public-sector", date(2023, 3, 1))
    >>> row.per_day, row.yearly_cap, row.status.value
    (Decimal('2.88'), Decimal('253.44'), 'confirmed')
    """

    regime: CappedRegime = attrs.field(converter=CappedRegime)
    effective: date = attrs.field(converter=_effective)
    per_day: Decimal = attrs.field(converter=_capped_per_day)
    monthly_cap: Decimal | None = attrs.field(default=None, converter=_monthly_cap)
    yearly_cap: Decimal = attrs.field(converter=_yearly_cap)
    status: FigureStatus = attrs.field(converter=FigureStatus)
    sources: tuple[RuleSource, ...] = attrs.field(converter=_sources, validator=at_least_one_source)
    note: str = ""

    def describe(self) -> str:
        """The row in words.

        >>> from datetime import date
        >>> from teleaccord.io.allowance_file import default_capped_limit_table
        >>> print(default_capped_limit_table().limit_on("income-tax", date(2024, 1, 1)).describe())
        income tax, from 2024-01-01 (reported): 2.70 EUR a telework day up to 59.40 EUR a month and 626.40 EUR a year
        """
        regime = "income tax" if self.regime is CappedRegime.INCOME_TAX else "public sector"
        month = (
            f" up to {_money_text(self.monthly_cap)} a month and" if self.monthly_cap else " up to"
        )
        return (
            f"{regime}, from {self.effective.isoformat()} ({self.status.value}): "
            f"{_money_text(self.per_day)} a telework day{month} {_money_text(self.yearly_cap)} a year"
        )


def _capped_limits(value: Iterable[CappedLimit]) -> tuple[CappedLimit, ...]:
    found = tuple(sorted(value, key=lambda row: (row.regime.value, row.effective)))
    for a, b in itertools.pairwise(found):
        if (a.regime, a.effective) == (b.regime, b.effective):
            msg = (
                f"limits: two rows of regime {a.regime.value!r} take effect on "
                f"{a.effective.isoformat()}; keep one."
            )
            raise InvalidValue(msg, field="limits", code="duplicate_limit")
    return found


@attrs.frozen
class CappedLimitTable(DatedTable):
    """Per-day amounts with a yearly cap, by regime and date of effect: the income-tax
    exemption and the public sector's « forfait télétravail », each its own dated rows.

    The table shipped with teleaccord is
    :func:`teleaccord.io.allowance_file.default_capped_limit_table`; pass your own when a
    figure differs.

    >>> from teleaccord.io.allowance_file import default_capped_limit_table
    >>> table = default_capped_limit_table()
    >>> [(r.effective.isoformat(), str(r.per_day), str(r.yearly_cap)) for r in table.rows("public-sector")]
    [('2021-09-01', '2.50', '220.00'), ('2023-01-01', '2.88', '253.44'), ('2024-01-01', '2.88', '282.24'), ('2025-01-01', '2.88', '253.44')]
    >>> from teleaccord import CappedLimitTable
    >>> CappedLimitTable.from_dict({"limits": [{"regime": "public-sector",
    ...     "effective": "2023-01-01", "per_day": "2.88", "status": "confirmed",
    ...     "sources": [{"publication": "Arrêté du 23 novembre 2022"}]}]})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 1 problem:
      $.limits[0].yearly_cap: this key is required but missing
    """

    PACKAGED = "data/allowance_capped_limits.toml"
    SHAPE = "a table with a `limits` array"

    limits: tuple[CappedLimit, ...] = attrs.field(converter=_capped_limits)

    def rows(self, regime: CappedRegime | str) -> tuple[CappedLimit, ...]:
        """The rows of ``regime``, by date of effect."""
        wanted = CappedRegime(regime)
        return tuple(row for row in self.limits if row.regime is wanted)

    def limit_on(self, regime: CappedRegime | str, day: date) -> CappedLimit:
        """The row of ``regime`` in force on ``day``.

        Raises:
            InvalidValue: no row of the regime on or before ``day`` (``no_exemption_limit``).
        """
        found = None
        for row in self.rows(regime):
            if row.effective <= day:
                found = row
        if found is None:
            value = CappedRegime(regime).value
            msg = (
                f"day: the table has no row of regime {value!r} in force on {day.isoformat()}; "
                "pass a table that covers this date."
            )
            raise InvalidValue(
                msg, field="day", code="no_exemption_limit", params={"regime": value, "day": day}
            )
        return found


@attrs.frozen(kw_only=True)
class YearlyCappedAmount:
    """One employee's telework days of a calendar year under a capped regime.

    Attributes:
        regime: the regime.
        year: the calendar year.
        telework_days: the year's telework days (a half-day counts as ``half_day`` says).
        by_month: ``(month number, days, amount)`` for each month with telework, the amount
            being ``per_day × days`` bounded by the monthly cap, exactly.
        gross: the sum of the monthly amounts, before the yearly cap.
        yearly_cap: the cap of the row in force on the last day of the year.
        amount: ``min(gross, yearly_cap)``, rounded down to the cent: the public-sector
            forfait due, or the income-tax exempt limit.
        rows: the table rows used, each named in :meth:`describe`.
    """

    regime: CappedRegime
    year: int
    telework_days: Fraction
    by_month: tuple[tuple[int, Fraction, Fraction], ...]
    gross: Fraction
    yearly_cap: Decimal
    amount: Decimal
    rows: tuple[CappedLimit, ...]

    @property
    def capped(self) -> bool:
        """Whether the yearly cap applied."""
        return self.gross > Fraction(self.yearly_cap)

    def describe(self) -> str:
        """One paragraph a person can check."""
        what = (
            "income-tax exempt limit"
            if self.regime is CappedRegime.INCOME_TAX
            else "public-sector forfait télétravail"
        )
        text = (
            f"{self.year}, {what}: {format_amount(self.telework_days)} telework days give "
            f"{_money_text(_DOWN_TO_CENT.apply(self.gross))}"
        )
        if self.capped:
            text += f", capped at {_money_text(self.yearly_cap)} a year"
        text += f"; amount {_money_text(self.amount)}. Rows: " + "; ".join(
            r.describe() for r in self.rows
        )
        return text + "."


def yearly_capped_amount(
    regime: CappedRegime | str,
    telework_days: Iterable[tuple[date, Fraction]],
    year: int,
    *,
    table: CappedLimitTable,
    half_day: HalfDayCount | str = HalfDayCount.HALF,
) -> YearlyCappedAmount:
    """The public-sector forfait due, or the income-tax exempt limit, for a year of telework.

    Each month: ``per_day × days`` (the row in force on the first of the month), bounded by
    the monthly cap when the regime has one; the year: the sum, bounded by the yearly cap of
    the row in force on 31 December, rounded down to the cent.

    Args:
        regime: ``"income-tax"`` or ``"public-sector"``.
        telework_days: ``(day, amount)`` pairs (days outside ``year`` are ignored).
        year: the calendar year.
        table: the dated rows (the shipped ones:
            :func:`teleaccord.io.allowance_file.default_capped_limit_table`).
        half_day: how a half-day counts (``half`` by default).

    Raises:
        InvalidValue: bad telework amounts, or a year the table does not cover.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import DateRange, yearly_capped_amount
    >>> days = [(d, Fraction(1)) for d in DateRange(date(2024, 1, 1), date(2024, 12, 31))
    ...         if d.weekday() in (0, 4)][:100]
    >>> from teleaccord.io.allowance_file import default_capped_limit_table
    >>> forfait = yearly_capped_amount("public-sector", days, 2024,
    ...                                table=default_capped_limit_table())
    >>> forfait.gross, forfait.amount, forfait.capped
    (Fraction(288, 1), Decimal('282.24'), True)
    """
    wanted = CappedRegime(regime)
    counting = HalfDayCount(half_day)
    source = table
    months: dict[int, Fraction] = {}
    for day, amount in telework_by_day(telework_days).items():
        if day.year == year:
            months[day.month] = months.get(day.month, Fraction(0)) + counting.counted(amount)
    last = source.limit_on(wanted, date(year, 12, 31))
    used: dict[date, CappedLimit] = {last.effective: last}
    by_month = []
    gross = Fraction(0)
    for month in sorted(months):
        row = source.limit_on(wanted, date(year, month, 1))
        used[row.effective] = row
        value = Fraction(row.per_day) * months[month]
        if row.monthly_cap is not None:
            value = min(value, Fraction(row.monthly_cap))
        by_month.append((month, months[month], value))
        gross += value
    capped = min(gross, Fraction(last.yearly_cap))
    return YearlyCappedAmount(
        regime=wanted,
        year=year,
        telework_days=sum(months.values(), Fraction(0)),
        by_month=tuple(by_month),
        gross=gross,
        yearly_cap=last.yearly_cap,
        amount=_cents(_DOWN_TO_CENT.apply(capped)),
        rows=tuple(used[k] for k in sorted(used)),
    )
