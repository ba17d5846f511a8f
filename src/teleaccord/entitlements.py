"""Entitlements: how many telework days an employee may take in a period, and why.

:func:`entitlement` turns an :class:`~teleaccord.agreement.Agreement`, a
:class:`~teleaccord.contract.Contract` and one reference period into an :class:`Entitlement`:
the exact amount (a :class:`~fractions.Fraction`), the rounded amount, and an
:class:`Explanation` that a person can check and an HRIS can display.

The formula, for a period quota ``Q`` (plus the extra days of the employee's statuses)::

    exact = (Q + extras) × Σ over contract segments (fraction × presence)

where each segment's ``presence`` is its share of the period measured on the agreement's
presence basis (calendar days, working days, whole months, months started, or none), and its
``fraction`` is its own work fraction (1 when the agreement does not prorate by fraction).
Rounding is applied once, to the exact total, never segment by segment or month by month.

Every presence basis is a weight per day of the period, so the exact amount is a sum over the
days present: it is additive over adjacent segments, and an accrual step (a month, a week)
earns exactly the share of its own days. The entitlement as of a date is the exact total of the
steps earned by then, rounded as a whole, so the steps of a full period add up to the period's
figure.
"""

from __future__ import annotations

import threading
from calendar import monthrange
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from teleaccord.agreement import (
    OPEN_END,
    Accrual,
    AccrualStep,
    Agreement,
    Eligibility,
    PresenceBasis,
    Quota,
)
from teleaccord.amounts import Rounding, format_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import FULL_FORFAIT_DAYS, Contract, Segment
from teleaccord.dates import DateRange
from teleaccord.errors import Violation
from teleaccord.overrides import IndividualTerms, apply_period_terms
from teleaccord.pattern import STANDARD_WEEK
from teleaccord.versions import AgreementHistory, governing_agreement

__all__ = [
    "Entitlement",
    "Explanation",
    "SegmentShare",
    "VersionShare",
    "eligibility",
    "eligible_spans",
    "entitlement",
    "window_quota",
]

_ONE_DAY = timedelta(days=1)

_MEMO_SIZE = 512
"""How many recent calls :func:`entitlement` remembers (oldest forgotten first)."""
_MEMO: dict[
    tuple[Any, ...],
    tuple[Agreement | AgreementHistory, Contract, IndividualTerms | None, Entitlement],
] = {}
_MEMO_LOCK = threading.Lock()
_ZERO = Fraction(0)
_ANYONE = Eligibility()
# Not reasons of eligibility for an entitlement: the days outside the contract or the
# agreement's validity are already absent.
_NOT_ELIGIBILITY = frozenset({"outside_contract", "outside_agreement_validity"})
# The conditions met after a time: they prorate only when the agreement says so.
_TIME_CODES = frozenset({"seniority_too_short", "months_in_post_too_short"})

_UNITS = {
    PresenceBasis.CALENDAR_DAYS: "calendar days",
    PresenceBasis.WORKING_DAYS: "working days",
    PresenceBasis.WHOLE_MONTHS: "whole months",
    PresenceBasis.MONTHS_STARTED: "months started",
    PresenceBasis.NONE: "days under contract",
    PresenceBasis.EQUAL_MONTHS: "equal months",
}


def _approx(value: Fraction) -> str:
    """An amount for people: exact when short, else about two decimals."""
    text = format_amount(value)
    if "/" not in text and len(text.partition(".")[2]) <= 2:
        return text
    return f"{text} (about {format_amount(round(value, 2))})"


def _percent(value: Fraction) -> str:
    return f"{format_amount(value * 100)} %"


@attrs.frozen(kw_only=True)
class SegmentShare:
    """One contract segment's part of an entitlement.

    Attributes:
        start: first day of the segment inside the period (and inside what was earned).
        end: last day of the segment inside the period (and inside what was earned).
        work_fraction: the contract's work fraction on the segment.
        fraction: the fraction applied: ``work_fraction``, or 1 when the agreement does not
            prorate by fraction.
        presence_numerator: the segment's presence, in ``presence_unit`` (a fraction of a month
            when a month is shared by two segments).
        presence_denominator: the same measure for the whole period.
        presence_unit: ``"calendar days"``, ``"working days"``, ``"whole months"``,
            ``"months started"`` or ``"days under contract"``.
        share: ``total quota × fraction × presence``, exact.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import SegmentShare
    >>> s = SegmentShare(start=date(2024, 7, 1), end=date(2024, 12, 31),
    ...                  work_fraction=Fraction(4, 5), fraction=Fraction(4, 5),
    ...                  presence_numerator=Fraction(184), presence_denominator=366,
    ...                  presence_unit="calendar days", share=Fraction(7360, 183))
    >>> s.presence
    Fraction(92, 183)
    """

    start: date
    end: date
    work_fraction: Fraction
    fraction: Fraction
    presence_numerator: Fraction
    presence_denominator: int
    presence_unit: str
    share: Fraction

    @property
    def presence(self) -> Fraction:
        """The segment's presence as a share of the period."""
        return self.presence_numerator / self.presence_denominator

    def to_dict(self) -> dict[str, Any]:
        """The share as JSON-compatible data (amounts as exact strings).

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)

    def describe(self) -> str:
        """One clause in words.

        >>> from datetime import date
        >>> from fractions import Fraction
        >>> from teleaccord import SegmentShare
        >>> s = SegmentShare(start=date(2024, 1, 1), end=date(2024, 12, 31),
        ...                  work_fraction=Fraction(1), fraction=Fraction(1),
        ...                  presence_numerator=Fraction(366), presence_denominator=366,
        ...                  presence_unit="calendar days", share=Fraction(100))
        >>> print(s.describe())
        2024-01-01..2024-12-31 at 100 %: 366 of 366 calendar days, share 100
        """
        return (
            f"{self.start.isoformat()}..{self.end.isoformat()} at {_percent(self.work_fraction)}"
            f"{'' if self.fraction == self.work_fraction else ' (fraction not prorated)'}: "
            f"{format_amount(self.presence_numerator)} of {self.presence_denominator} "
            f"{self.presence_unit}, share {_approx(self.share)}"
        )


@attrs.frozen(kw_only=True)
class VersionShare:
    """One agreement version's part of an entitlement under an
    :class:`~teleaccord.versions.AgreementHistory`.

    Attributes:
        agreement: the version's name.
        start: its first day in force inside the period (and inside what was earned).
        end: its last day in force inside the period (and inside what was earned).
        quota: its period maximum (``None``: it sets no envelope, its days earn 0).
        extras: its extra days applied, as ``(status, days)`` pairs.
        total_quota: ``quota + extras``.
        share: the sum of its segments' shares, exact.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import VersionShare
    >>> print(VersionShare(agreement="accord", start=date(2025, 1, 1), end=date(2025, 6, 30),
    ...                    quota=Fraction(100), extras=(), total_quota=Fraction(100),
    ...                    share=Fraction(18100, 365)).describe())
    'accord' 2025-01-01..2025-06-30: quota 100, share 3620/73 (about 49.59)
    """

    agreement: str
    start: date
    end: date
    quota: Fraction | None
    extras: tuple[tuple[str, Fraction], ...]
    total_quota: Fraction
    share: Fraction

    def describe(self) -> str:
        """One clause in words."""
        quota = (
            "no period quota" if self.quota is None else f"quota {format_amount(self.total_quota)}"
        )
        return (
            f"{self.agreement!r} {self.start.isoformat()}..{self.end.isoformat()}: {quota}, "
            f"share {_approx(self.share)}"
        )


@attrs.frozen(kw_only=True)
class Explanation:
    """Why an entitlement is what it is, as data an HRIS can display.

    Attributes:
        agreement: the agreement's name.
        employee: the contract's employee identifier.
        period: the reference period.
        quota: the period maximum of the agreement (``None`` when it sets no envelope per
            period: only its window quotas limit bookings, and the entitlement is 0).
        extras: the extra days applied, as ``(status, days)`` pairs.
        total_quota: ``quota + extras``.
        prorated: whether the period quota is prorated at all (its ``prorate`` flag).
        basis: the presence basis used (``none`` when the quota is not prorated).
        by_fraction: whether each segment is weighted by its work fraction.
        segments: one :class:`SegmentShare` per contract segment present in the period.
        accrual: the agreement's accrual rule.
        as_of: the date asked for (``None``: the whole period).
        earned_until: the last day of the last step earned by ``as_of`` (``None`` when nothing
            is earned yet).
        exact: the exact entitlement.
        rounded: the entitlement after rounding, floor and ceiling.
        rule: the agreement's rounding rule.
        holidays_source: where the calendar's holiday dates come from (package version, region).
        holidays: the holiday dates that reduced the working days of the period (working-days
            basis only; empty otherwise).
        closures: the company closure dates that reduced them (working-days basis only).
        notes: anything else a reader needs (validity of the agreement, fallbacks).
        ineligible: the reasons the employee is eligible on no day of the period (the
            entitlement is then 0); empty otherwise.
        versions: under an :class:`~teleaccord.versions.AgreementHistory`, each version's
            part (:class:`VersionShare`); empty for a single agreement.
        overrides: which of the employee's individual terms applied (a personal cap, a
            medical recommendation), in words; empty without terms.
    """

    agreement: str
    employee: str
    period: DateRange
    quota: Fraction | None
    extras: tuple[tuple[str, Fraction], ...]
    total_quota: Fraction
    prorated: bool
    basis: PresenceBasis
    by_fraction: bool
    segments: tuple[SegmentShare, ...]
    accrual: Accrual
    as_of: date | None
    earned_until: date | None
    exact: Fraction
    rounded: Fraction
    rule: Rounding
    holidays_source: str
    holidays: tuple[date, ...] = ()
    closures: tuple[date, ...] = ()
    notes: tuple[str, ...] = ()
    ineligible: tuple[Violation, ...] = ()
    versions: tuple[VersionShare, ...] = ()
    overrides: tuple[str, ...] = ()

    def _terms(self, segments: Iterable[SegmentShare]) -> str:
        terms = []
        for s in segments:
            ratio = f"{format_amount(s.presence_numerator)}/{s.presence_denominator}"
            terms.append(f"{format_amount(s.fraction)} × {ratio}" if self.by_fraction else ratio)
        return " + ".join(terms) or "0"

    @property
    def formula(self) -> str:
        """The computation written out with its numbers (``100 × (0.8 × 366/366) = 80``)."""
        if self.quota is None and not self.versions:
            return "no period quota, so 0"
        if self.ineligible:
            return "not eligible, so 0"
        if self.versions:
            parts = []
            for v in self.versions:
                mine = [s for s in self.segments if v.start <= s.start and s.end <= v.end]
                total = format_amount(v.total_quota) if v.quota is not None else "0"
                parts.append(f"{total} × ({self._terms(mine)})")
            return f"{' + '.join(parts)} = {self._collective()}"
        if self.quota is None:
            return "no period quota, so 0"
        total = format_amount(self.total_quota)
        return f"{total} × ({self._terms(self.segments)}) = {self._collective()}"

    def _collective(self) -> str:
        """The figure the formula gives, then the figure the individual terms gave (or the
        adjustment a note explains, such as long absences)."""
        collective = sum((s.share for s in self.segments), Fraction(0))
        if collective == self.exact:
            return _approx(self.exact)
        why = "under the individual terms" if self.overrides else "as noted below"
        return f"{_approx(collective)}, {_approx(self.exact)} {why}"

    @property
    def rounding(self) -> str:
        """What the rounding did, in words (:meth:`~teleaccord.amounts.Rounding.describe`)."""
        return self.rule.describe(self.exact)

    def to_dict(self) -> dict[str, Any]:
        """The explanation as JSON-compatible data (amounts as exact strings, ISO dates).

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)

    def describe(self) -> str:
        """One paragraph a person can check by hand."""
        head = f"{self.employee}, period {self.period}, under {self.agreement!r}: "
        if self.quota is None and not self.versions:
            return head + (
                "the agreement sets no envelope of days per reference period, so the "
                "entitlement is 0 and only its window quotas limit telework."
            )
        if self.ineligible:
            return head + (
                "not eligible on any day of the period, so the entitlement is 0. "
                + " ".join(v.message for v in self.ineligible)
            )
        if self.versions:
            head += "versions " + "; ".join(v.describe() for v in self.versions)
        quota = format_amount(self.quota or _ZERO)
        if self.extras:
            quota += " + " + " + ".join(f"{format_amount(d)} ({s})" for s, d in self.extras)
            quota += f" = {format_amount(self.total_quota)}"
        parts = [head if self.versions else head + f"quota {quota} days"]
        if not self.prorated:
            parts.append(", not prorated (the whole quota for any presence in the period)")
        else:
            how = []
            if self.by_fraction:
                how.append("by work fraction")
            if self.basis is not PresenceBasis.NONE:
                how.append(f"by presence in {_UNITS[self.basis]}")
            parts.append(", prorated " + " and ".join(how) if how else ", not prorated")
        if self.accrual.step is not AccrualStep.UPFRONT:
            which = "first" if self.accrual.at == "start" else "last"
            parts.append(f", earned {self.accrual.step.value}, on the {which} day of each step")
            if self.as_of is not None:
                until = self.earned_until.isoformat() if self.earned_until else "nothing yet"
                parts.append(f" (as of {self.as_of.isoformat()}, earned until {until})")
        parts.append(". ")
        if self.segments:
            parts.append("; ".join(s.describe() for s in self.segments) + ". ")
        else:
            parts.append("No day of the period is under contract. ")
        parts.append(f"Formula: {self.formula}. ")
        parts.append(self.rounding)
        if self.basis is PresenceBasis.WORKING_DAYS:
            parts.append(
                f" Working days exclude {len(self.holidays)} "
                f"holiday{'' if len(self.holidays) == 1 else 's'}"
                + (
                    f" and {len(self.closures)} closure day{'' if len(self.closures) == 1 else 's'}"
                    if self.closures
                    else ""
                )
                + f" ({self.holidays_source})."
            )
        for note in self.notes:
            parts.append(" " + note)
        for said in self.overrides:
            parts.append(" " + said)
        return "".join(parts)


@attrs.frozen(kw_only=True)
class Entitlement:
    """The telework days an employee is entitled to in one reference period.

    Attributes:
        exact: the exact amount, never rounded.
        rounded: the amount after the agreement's rounding (then floor and ceiling).
        period: the reference period.
        employee: the contract's employee identifier.
        explanation: the figures behind the amount, as data.

    >>> from datetime import date
    >>> from teleaccord import Agreement, Calendar, Contract, DateRange, Quota, entitlement
    >>> agreement = Agreement(name="100 days", quotas=[Quota(window="period", maximum=100, prorate=True)])
    >>> contract = Contract.from_amendments(employee="E1", hired=date(2024, 7, 1))
    >>> e = entitlement(agreement, contract, DateRange(date(2024, 1, 1), date(2024, 12, 31)), Calendar())
    >>> e.exact, e.rounded
    (Fraction(9200, 183), Fraction(9200, 183))
    """

    exact: Fraction
    rounded: Fraction
    period: DateRange
    employee: str
    explanation: Explanation

    def to_dict(self) -> dict[str, Any]:
        """The entitlement as JSON-compatible data: exact and rounded as exact text, and the
        explanation.

        A shim over :func:`teleaccord.io.reports.report_data`.

        >>> from datetime import date
        >>> from teleaccord import Agreement, Calendar, Contract, DateRange, Quota, entitlement
        >>> agreement = Agreement(name="100 days", quotas=[Quota(window="period", maximum=100, prorate=True)])
        >>> contract = Contract.from_amendments(employee="E1", hired=date(2024, 7, 1))
        >>> data = entitlement(agreement, contract, DateRange(date(2024, 1, 1), date(2024, 12, 31)), Calendar()).to_dict()
        >>> data["exact"], data["rounded"], data["explanation"]["segments"][0]["presence_numerator"]
        ('9200/183', '9200/183', '184')
        """
        from teleaccord.io.reports import report_data

        return report_data(self)

    def describe(self) -> str:
        """The explanation as one paragraph a person can check.

        >>> from datetime import date
        >>> from teleaccord import Agreement, Calendar, Contract, DateRange, Quota, entitlement
        >>> agreement = Agreement(name="100 days", quotas=[Quota(window="period", maximum=100, prorate=True)])
        >>> contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1), fraction="80 %")
        >>> print(entitlement(agreement, contract, DateRange(date(2024, 1, 1), date(2024, 12, 31)), Calendar()).describe())
        E1, period 2024-01-01..2024-12-31, under '100 days': quota 100 days, prorated by work
        fraction and by presence in calendar days. 2024-01-01..2024-12-31 at 80 %: 366 of 366
        calendar days, share 80. Formula: 100 × (0.8 × 366/366) = 80. 80 is kept exact (no
        rounding).
        """
        return self.explanation.describe()


# -- presence --------------------------------------------------------------------------------


def _pieces(
    agreement: Agreement, contract: Contract, period: DateRange
) -> list[tuple[Segment, DateRange]]:
    """Each contract segment with its days inside the period and the agreement's validity."""
    first, last = period.start, period.end
    if agreement.valid is not None:
        first, last = max(first, agreement.valid.start), min(last, agreement.valid.end)
    found = []
    for seg in contract.segments:
        start = max(seg.start, first)
        end = last if seg.end is None else min(seg.end, last)
        if start <= end:
            found.append((seg, DateRange(start, end)))
    return found


def _add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` months, the day clipped to the month's length (31 Jan + 1 = 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _month_steps(period: DateRange) -> Iterator[DateRange]:
    """The period cut into months counted from its first day (the last one may be short)."""
    k = 0
    start = period.start
    while start <= period.end:
        k += 1
        nxt = _add_months(period.start, k)
        yield DateRange(start, min(period.end, nxt - _ONE_DAY))
        start = nxt


def _week_steps(period: DateRange) -> Iterator[DateRange]:
    """The period cut into ISO weeks (Monday to Sunday), the first and last ones clipped."""
    start = period.start
    while start <= period.end:
        sunday = start + timedelta(days=6 - start.weekday())
        yield DateRange(start, min(period.end, sunday))
        start = sunday + _ONE_DAY


def _days(span: DateRange | None, earned: DateRange | None) -> int:
    """The number of days two ranges share (0 if either is ``None``)."""
    if span is None or earned is None:
        return 0
    start = max(span.start, earned.start)
    end = min(span.end, earned.end)
    return (end - start).days + 1 if start <= end else 0


def _days_between(start: date, end: date, earned: DateRange | None) -> int:
    """The days from ``start`` to ``end`` (inclusive) inside ``earned``."""
    if earned is None:
        return 0
    first = max(start, earned.start)
    last = min(end, earned.end)
    return (last - first).days + 1 if first <= last else 0


def _clip(span: DateRange, earned: DateRange | None) -> DateRange | None:
    return None if earned is None else span.intersection(earned)


@attrs.frozen
class _Presence:
    numerators: tuple[Fraction, ...]
    denominator: int
    unit: str
    holidays: tuple[date, ...] = ()
    closures: tuple[date, ...] = ()
    notes: tuple[str, ...] = ()


def _presence(
    basis: PresenceBasis,
    pieces: list[tuple[Segment, DateRange]],
    period: DateRange,
    calendar: Calendar,
    earned: DateRange | None,
) -> _Presence:
    """Each piece's presence numerator over the days earned, and the period's denominator."""
    if basis is PresenceBasis.WORKING_DAYS:
        total = calendar.count_working_days(period, STANDARD_WEEK)
        holidays = tuple(
            h.day for h in calendar.holidays(period) if not h.worked and h.day.weekday() < 5
        )
        closures = tuple(sorted(d for d in calendar.closures if d in period and d.weekday() < 5))
        if total > 0:
            nums = tuple(
                Fraction(calendar.count_working_days(part, STANDARD_WEEK))
                if (part := _clip(days, earned)) is not None
                else Fraction(0)
                for _, days in pieces
            )
            return _Presence(nums, total, _UNITS[basis], holidays, closures)
        note = (
            "The period has no working day in the calendar, so presence is counted in "
            "calendar days instead."
        )
        fallback = _presence(PresenceBasis.CALENDAR_DAYS, pieces, period, calendar, earned)
        # The holidays and closures that left no working day are what the note explains.
        return attrs.evolve(fallback, holidays=holidays, closures=closures, notes=(note,))
    if basis is PresenceBasis.CALENDAR_DAYS:
        nums = tuple(Fraction(_days(days, earned)) for _, days in pieces)
        return _Presence(nums, period.days, _UNITS[basis])
    if basis is PresenceBasis.NONE:
        employed = sum(len(days) for _, days in pieces)
        nums = tuple(Fraction(_days(days, earned)) for _, days in pieces)
        return _Presence(nums, max(employed, 1), _UNITS[basis])
    # Months: each month of the period earns 1 (whole month under contract, or any day of it),
    # spread over the month's days; each day goes to the segment in force on it, and the days
    # of a started month before the hire (after the leave) go to the first (last) segment in
    # that month, so adding days of presence never lowers a month's weight.
    months = list(_month_steps(period))
    acc = [Fraction(0)] * len(pieces)
    if basis is PresenceBasis.EQUAL_MONTHS:
        # Each month weighs 1, shared by its days: a day present earns 1/(days in its month).
        for month in months:
            for i, (_, days) in enumerate(pieces):
                part = days.intersection(month)
                if part is not None:
                    acc[i] += Fraction(_days(part, earned), month.days)
        return _Presence(tuple(acc), len(months), _UNITS[basis])
    for month in months:
        inside = [i for i, (_, days) in enumerate(pieces) if days.overlaps(month)]
        if not inside:
            continue
        employed = sum(_days(pieces[i][1], month) for i in inside)
        if basis is PresenceBasis.WHOLE_MONTHS and employed < month.days:
            continue
        for i in inside:
            days = pieces[i][1]
            start = month.start if i == inside[0] else max(days.start, month.start)
            end = month.end if i == inside[-1] else min(days.end, month.end)
            acc[i] += Fraction(_days_between(start, end, earned), month.days)
    return _Presence(tuple(acc), len(months), _UNITS[basis])


def _factor_parts(
    agreement: Agreement,
    contract: Contract,
    period: DateRange,
    calendar: Calendar,
    earned: DateRange | None,
    *,
    prorate: bool,
) -> tuple[list[tuple[Segment, DateRange]], _Presence, PresenceBasis, bool]:
    basis = agreement.prorating.basis if prorate else PresenceBasis.NONE
    by_fraction = agreement.prorating.by_fraction and prorate
    pieces = _pieces(agreement, contract, period)
    return pieces, _presence(basis, pieces, period, calendar, earned), basis, by_fraction


def _earned_span(agreement: Agreement, period: DateRange, as_of: date | None) -> DateRange | None:
    """The days of the period whose share is earned by ``as_of`` (``None``: none yet)."""
    if as_of is None or as_of >= period.end:
        return period
    if as_of < period.start:
        return None
    accrual = agreement.accrual
    if accrual.step is AccrualStep.UPFRONT:
        return period
    steps = _month_steps(period) if accrual.step is AccrualStep.MONTHLY else _week_steps(period)
    last: DateRange | None = None
    for step in steps:
        if (step.start if accrual.at == "start" else step.end) > as_of:
            break
        last = step
    return None if last is None else DateRange(period.start, last.end)


def _statuses(agreement: Agreement, statuses: Iterable[str]) -> tuple[tuple[str, Fraction], ...]:
    wanted = {str(s).strip().casefold() for s in statuses}
    return tuple(
        (extra.status, extra.days)
        for extra in agreement.extras
        if extra.status.casefold() in wanted
    )


def _quota_terms(
    agreement: Agreement, statuses: Iterable[str]
) -> tuple[Fraction | None, tuple[tuple[str, Fraction], ...], Fraction]:
    """An agreement's period quota (``None``: none), the extra days of ``statuses`` and their
    total: what the governing agreement and each version in force contribute."""
    period_quota = agreement.period_quota
    if period_quota is None:
        return None, (), Fraction(0)
    quota, extras = period_quota.maximum, _statuses(agreement, statuses)
    return quota, extras, (quota or Fraction(0)) + sum((d for _, d in extras), Fraction(0))


# -- public functions ------------------------------------------------------------------------


def _eligibility_clip(
    agreement: Agreement,
    contract: Contract,
    parts: list[tuple[Agreement, Segment, DateRange]],
    period: DateRange,
) -> tuple[list[tuple[Agreement, Segment, DateRange]], tuple[Violation, ...], tuple[str, ...]]:
    """The parts cut to the days the employee is eligible (see :class:`Eligibility`), the
    reasons when eligible on no day of them, and notes for the explanation."""
    if all(a.eligibility == _ANYONE for a, _, _ in parts):
        return parts, (), ()
    kept: list[tuple[Agreement, Segment, DateRange]] = []
    any_eligible = False
    notes: list[str] = []
    for version, seg, days in parts:
        if version.eligibility == _ANYONE:
            kept.append((version, seg, days))
            any_eligible = True
            continue
        full = eligible_spans(version, contract, days, _NOT_ELIGIBILITY)
        if full:
            any_eligible = True
        if version.eligibility.prorate_from_eligibility:
            spans = full
            if (
                full
                and full[0].start > days.start
                and not any(full[0].start.isoformat() in n for n in notes)
            ):
                notes.append(
                    f"Eligible from {full[0].start.isoformat()} (prorated from eligibility); "
                    "the days before count as absent."
                )
        else:
            spans = eligible_spans(version, contract, days, _NOT_ELIGIBILITY | _TIME_CODES)
        kept.extend((version, seg, span) for span in spans)
    if any_eligible:
        return kept, (), tuple(notes)
    first_version, _, first_days = parts[0]
    reasons = tuple(
        v
        for v in eligibility(first_version, contract, first_days.start)
        if v.code not in _NOT_ELIGIBILITY
    )
    return [], reasons, ()


def _version_parts(
    agreement: Agreement | AgreementHistory, contract: Contract, period: DateRange
) -> list[tuple[Agreement, Segment, DateRange]]:
    """Each (version, contract segment) with its days inside the period and the version's
    days and validity."""
    if isinstance(agreement, Agreement):
        return [(agreement, seg, days) for seg, days in _pieces(agreement, contract, period)]
    parts: list[tuple[Agreement, Segment, DateRange]] = []
    for version, days in agreement.spans(period):
        parts.extend((version, seg, d) for seg, d in _pieces(version, contract, days))
    return parts


def entitlement(
    agreement: Agreement | AgreementHistory,
    contract: Contract,
    period: DateRange,
    calendar: Calendar,
    *,
    statuses: Iterable[str] = (),
    as_of: date | None = None,
    terms: IndividualTerms | None = None,
) -> Entitlement:
    """The telework days ``contract`` is entitled to in ``period`` under ``agreement``.

    Args:
        agreement: the agreement; its period quota (the maximum per reference period) is the
            figure for a full-time employee present all period. An
            :class:`~teleaccord.versions.AgreementHistory`: each version's quota is prorated
            over its own days; the presence basis, rounding and accrual are those of the
            version in force on the period's last day, and the explanation names each version.
        contract: the employee's contract (segments with their work fractions).
        period: one reference period of the agreement, e.g.
            ``agreement.reference.containing(day)``.
        calendar: the holidays and closures (used by the working-days basis).
        statuses: the employee's statuses (``"carer"``, ``"disabled"``...); matching
            :class:`~teleaccord.agreement.Extra` days are added to the quota, prorated like it.
        as_of: with progressive accrual, the entitlement earned by that date; ``None`` for the
            whole period. A date before the period gives 0; on or after its end, the whole.
        terms: the employee's :class:`~teleaccord.overrides.IndividualTerms`: a personal cap
            lowers the figure, a medical recommendation raises it (in that order of
            precedence); ``explanation.overrides`` says which applied. Not applied to an
            employee who is not eligible.

    Returns:
        The :class:`Entitlement`, exact and rounded, with its :class:`Explanation`. An
        employee eligible on no day of the period (:func:`eligibility`) is entitled to 0, the
        reasons in ``explanation.ineligible``; days in a category, site or fraction that is
        not eligible count as absent, and so do the days before a later eligibility start when
        the agreement's :class:`~teleaccord.agreement.Eligibility` says
        ``prorate_from_eligibility``.

    A call repeated with the same agreement, contract and terms objects and an equal period,
    calendar, statuses and ``as_of`` returns the result of the first call (a bounded memo of
    the last 512 calls, keyed on the identity of the agreement, contract and terms,
    which are frozen, and on the value of the rest): about a microsecond instead of tens.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import Agreement, Calendar, Contract, Quota, Rounding, entitlement
    >>> agreement = Agreement(
    ...     name="100 days a year",
    ...     quotas=[Quota(window="period", maximum=100, prorate=True)],
    ...     granularity="half-day",
    ...     rounding=Rounding("half-up", unit=Fraction(1, 2)),
    ... )
    >>> c = Contract.from_amendments(employee="E7", hired=date(2024, 1, 1), last_day=date(2024, 9, 30))
    >>> e = entitlement(agreement, c, agreement.reference.containing(date(2024, 5, 1)), Calendar())
    >>> e.exact, e.rounded
    (Fraction(13700, 183), Fraction(75, 1))
    >>> e.explanation.segments[0].presence_numerator, e.explanation.segments[0].presence_denominator
    (Fraction(274, 1), 366)
    """
    wanted = tuple(statuses)
    try:
        key = (id(agreement), id(contract), id(terms), period, calendar, wanted, as_of)
        hit = _MEMO.get(key)
    except TypeError:  # something unhashable in the call: no memo
        return _entitlement(agreement, contract, period, calendar, wanted, as_of, terms)
    # The entry holds the three objects, so their ids cannot be reused while it lives; the
    # identity checks are the guard all the same.
    if hit is not None and hit[0] is agreement and hit[1] is contract and hit[2] is terms:
        return hit[3]
    result = _entitlement(agreement, contract, period, calendar, wanted, as_of, terms)
    with _MEMO_LOCK:
        while len(_MEMO) >= _MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]  # the oldest entry
        _MEMO[key] = (agreement, contract, terms, result)
    return result


def _entitlement(
    agreement: Agreement | AgreementHistory,
    contract: Contract,
    period: DateRange,
    calendar: Calendar,
    wanted: tuple[str, ...],
    as_of: date | None,
    terms: IndividualTerms | None,
) -> Entitlement:
    """The entitlement, computed (what :func:`entitlement` memoises)."""
    governing = governing_agreement(agreement, period)
    period_quota = governing.period_quota
    quota, extras, total_quota = _quota_terms(governing, wanted)
    prorate = period_quota.prorate if period_quota is not None else True
    earned = _earned_span(governing, period, as_of)
    parts, ineligible, eligibility_notes = _eligibility_clip(
        governing, contract, _version_parts(agreement, contract, period), period
    )
    basis = governing.prorating.basis if prorate else PresenceBasis.NONE
    by_fraction = governing.prorating.by_fraction and prorate
    presence = _presence(basis, [(seg, d) for _, seg, d in parts], period, calendar, earned)
    totals: dict[str, tuple[Fraction | None, tuple[tuple[str, Fraction], ...], Fraction]] = {}
    shares: list[SegmentShare] = []
    version_shares: list[VersionShare] = []
    for (version, seg, days), num in zip(parts, presence.numerators, strict=True):
        if version.name not in totals:
            totals[version.name] = _quota_terms(version, wanted)
        v_max, v_extras, v_total = totals[version.name]
        shown = days if earned is None else days.intersection(earned)
        if shown is None:
            continue
        fraction = seg.fraction if by_fraction else Fraction(1)
        share = v_total * fraction * num / presence.denominator if v_max is not None else _ZERO
        shares.append(
            SegmentShare(
                start=shown.start,
                end=shown.end,
                work_fraction=seg.fraction,
                fraction=fraction,
                presence_numerator=num,
                presence_denominator=presence.denominator,
                presence_unit=presence.unit,
                share=share,
            )
        )
        if not isinstance(agreement, Agreement):
            if version_shares and version_shares[-1].agreement == version.name:
                last = version_shares[-1]
                version_shares[-1] = attrs.evolve(last, end=shown.end, share=last.share + share)
            else:
                version_shares.append(
                    VersionShare(
                        agreement=version.name,
                        start=shown.start,
                        end=shown.end,
                        quota=v_max,
                        extras=v_extras,
                        total_quota=v_total,
                        share=share,
                    )
                )
    exact = sum((s.share for s in shares), _ZERO)
    overrides: tuple[str, ...] = ()
    if terms is not None and not ineligible:
        exact, overrides = apply_period_terms(exact, terms)
    rounded = governing.rounding.apply(exact)
    notes = list(presence.notes) + list(eligibility_notes)
    for forfait in sorted({seg.forfait_days for _, seg, _ in parts if seg.forfait_days}):
        notes.append(
            f"A forfait of {forfait} days a year ({FULL_FORFAIT_DAYS} a full forfait): the work "
            f"fraction is {min(forfait, FULL_FORFAIT_DAYS)}/{FULL_FORFAIT_DAYS}; there is no "
            "weekly pattern, any working day can be booked."
        )
    in_force = (
        (agreement,)
        if isinstance(agreement, Agreement)
        else tuple(a for a, _ in agreement.spans(period))
    )
    for version in in_force:
        if version.valid is not None and not version.valid.contains_range(period):
            valid = version.valid
            span = (
                f"from {valid.start}"
                if valid.end == OPEN_END
                else f"from {valid.start} to {valid.end}"
            )
            who = "The agreement" if isinstance(agreement, Agreement) else repr(version.name)
            notes.append(f"{who} is valid {span} only; days outside it count as absent.")
    explanation = Explanation(
        agreement=agreement.name,
        employee=contract.employee,
        period=period,
        quota=quota,
        extras=extras,
        total_quota=total_quota,
        prorated=prorate,
        basis=basis,
        by_fraction=by_fraction,
        segments=tuple(shares),
        accrual=governing.accrual,
        as_of=as_of,
        earned_until=None if earned is None else earned.end,
        exact=exact,
        rounded=rounded,
        rule=governing.rounding,
        holidays_source=calendar.source,
        holidays=presence.holidays,
        closures=presence.closures,
        notes=tuple(notes),
        ineligible=ineligible,
        versions=tuple(version_shares),
        overrides=overrides,
    )
    return Entitlement(
        exact=exact,
        rounded=rounded,
        period=period,
        employee=contract.employee,
        explanation=explanation,
    )


def window_quota(
    agreement: Agreement,
    quota: Quota,
    contract: Contract,
    window: DateRange,
    calendar: Calendar,
    *,
    minimum: bool = False,
    exact: bool = False,
) -> Fraction | None:
    """The maximum (or minimum) of ``quota`` that applies to ``contract`` in one ``window``.

    A quota with ``prorate=False`` is fixed: every window gets the whole figure, a short month
    or a month half worked included. A quota with ``prorate=True`` is prorated like the period
    quota, over the window: by work fraction (if the agreement prorates by fraction) and by
    presence in the window on the agreement's basis; the result is rounded with the agreement's
    rounding mode and unit (not its floor and ceiling, which concern the period entitlement),
    unless ``exact``.

    Args:
        quota: one of ``agreement.quotas``.
        window: the window being checked (e.g. ``Window.MONTH.containing(day)``).
        minimum: return the prorated minimum instead of the maximum.
        exact: return the exact prorated figure, not rounded.

    Returns:
        The figure, or ``None`` when the quota has no such bound.

    >>> from datetime import date
    >>> from teleaccord import (Agreement, Calendar, Contract, DateRange, Quota, Rounding,
    ...     window_quota)
    >>> monthly = Quota(window="month", maximum=10, prorate=True)
    >>> a = Agreement(name="10 a month", quotas=[monthly], rounding=Rounding("down"))
    >>> c = Contract.from_amendments(employee="E1", hired=date(2024, 3, 16))
    >>> march = DateRange(date(2024, 3, 1), date(2024, 3, 31))
    >>> window_quota(a, monthly, c, march, Calendar(), exact=True), window_quota(a, monthly, c, march, Calendar())
    (Fraction(160, 31), Fraction(5, 1))
    """
    figure = quota.minimum if minimum else quota.maximum
    if figure is None or not quota.prorate:
        return figure
    pieces, presence, _, by_fraction = _factor_parts(
        agreement, contract, window, calendar, window, prorate=True
    )
    value = sum(
        (
            figure * (seg.fraction if by_fraction else 1) * num / presence.denominator
            for (seg, _), num in zip(pieces, presence.numerators, strict=True)
        ),
        Fraction(0),
    )
    return value if exact else agreement.rounding.round(value)


def _months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 if ``end`` is before ``start``)."""
    if end < start:
        return 0
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def _threshold(since: date, months: int) -> date:
    """The first day with ``months`` whole months since ``since``."""
    day = _add_months(since, months)
    while _months_between(since, day) < months:
        day += _ONE_DAY
    while day > since and _months_between(since, day - _ONE_DAY) >= months:
        day -= _ONE_DAY
    return day


def eligible_spans(
    agreement: Agreement,
    contract: Contract,
    days: DateRange,
    ignore: Iterable[str] = (),
) -> tuple[DateRange, ...]:
    """The runs of ``days`` on which ``contract`` is eligible under ``agreement``
    (:func:`eligibility` finds nothing, or nothing but the codes in ``ignore``), in order.

    Eligibility only changes where a contract segment starts or ends and where a seniority
    or time-in-post condition is met, so the rules are checked on those days only.

    >>> from datetime import date
    >>> from teleaccord import Agreement, Contract, Eligibility, eligible_spans, year_range
    >>> a = Agreement(name="x", eligibility=Eligibility(min_seniority_months=3))
    >>> c = Contract.from_amendments(employee="E1", hired=date(2025, 1, 1))
    >>> [str(s) for s in eligible_spans(a, c, year_range(2025))]
    ['2025-04-01..2025-12-31']
    """
    skip = frozenset(ignore)
    rules = agreement.eligibility
    points = {days.start}
    for seg in contract.segments:
        points.add(seg.start)
        if seg.end is not None:
            points.add(seg.end + _ONE_DAY)
        if rules.min_months_in_post:
            points.add(_threshold(seg.start, rules.min_months_in_post))
    if rules.min_seniority_months:
        points.add(_threshold(contract.hired, rules.min_seniority_months))
    if agreement.valid is not None:
        points.add(agreement.valid.start)
        if agreement.valid.end < days.end:
            points.add(agreement.valid.end + _ONE_DAY)
    starts = sorted(p for p in points if days.start <= p <= days.end)
    found: list[DateRange] = []
    for index, first in enumerate(starts):
        last = starts[index + 1] - _ONE_DAY if index + 1 < len(starts) else days.end
        if any(v.code not in skip for v in eligibility(agreement, contract, first)):
            continue
        if found and found[-1].end + _ONE_DAY == first:
            found[-1] = DateRange(found[-1].start, last)
        else:
            found.append(DateRange(first, last))
    return tuple(found)


def eligibility(agreement: Agreement, contract: Contract, on: date) -> tuple[Violation, ...]:
    """The reasons ``contract`` may not telework under ``agreement`` on ``on`` (empty: eligible).

    Codes: ``outside_contract``, ``outside_agreement_validity``, ``category_not_eligible``,
    ``seniority_too_short``, ``months_in_post_too_short``, ``fraction_too_low``,
    ``site_not_eligible``. Each violation carries its numbers in ``params``.

    >>> from datetime import date
    >>> from teleaccord import Agreement, Contract, Eligibility, eligibility
    >>> a = Agreement(name="x", eligibility=Eligibility(categories={"claims"}, min_seniority_months=6))
    >>> c = Contract.from_amendments(employee="E1", hired=date(2024, 3, 1), category="driver")
    >>> [v.code for v in eligibility(a, c, date(2024, 5, 1))]
    ['category_not_eligible', 'seniority_too_short']
    >>> print(eligibility(a, c, date(2024, 5, 1))[1])
    E1 has 2 months of seniority on 2024-05-01; the agreement requires 6.
    """
    rules = agreement.eligibility
    who = contract.employee
    found: list[Violation] = []

    def add_violation(code: str, message: str, **params: Any) -> None:
        """Record one reason, on ``on``, with its numbers."""
        found.append(Violation(code=code, message=message, day=on, params=params))

    if agreement.valid is not None and on not in agreement.valid:
        add_violation(
            "outside_agreement_validity",
            f"The agreement is valid {agreement.valid}; {on} is outside it.",
            valid_start=agreement.valid.start,
            valid_end=agreement.valid.end,
        )
    seg = contract.segment_at(on)
    if seg is None:
        add_violation("outside_contract", f"{who} is not under contract on {on}.", employee=who)
        return tuple(found)
    category = seg.category
    if (rules.categories is not None and category not in rules.categories) or (
        category is not None and category in rules.excluded_categories
    ):
        allowed = ", ".join(sorted(rules.categories)) if rules.categories is not None else ""
        if category is None:
            message = f"{who} has no job category recorded on {on}; eligible: {allowed}."
        elif category in rules.excluded_categories:
            message = f"The job category {category!r} of {who} is excluded from telework."
        else:
            message = (
                f"The job category {category!r} of {who} is not eligible; eligible: {allowed}."
            )
        add_violation(
            "category_not_eligible",
            message,
            category=category,
            eligible=sorted(rules.categories or ()),
        )
    seniority = _months_between(contract.hired, on)
    if seniority < rules.min_seniority_months:
        add_violation(
            "seniority_too_short",
            f"{who} has {seniority} months of seniority on {on}; the agreement "
            f"requires {rules.min_seniority_months}.",
            months=seniority,
            minimum=rules.min_seniority_months,
        )
    if rules.min_months_in_post:
        in_post_since = seg.start
        for earlier in reversed(contract.segments[: contract.segments.index(seg)]):
            if earlier.category != seg.category:
                break
            in_post_since = earlier.start
        in_post = _months_between(in_post_since, on)
        if in_post < rules.min_months_in_post:
            add_violation(
                "months_in_post_too_short",
                f"{who} has been {in_post} months in the post on {on}; the agreement "
                f"requires {rules.min_months_in_post}.",
                months=in_post,
                minimum=rules.min_months_in_post,
            )
    if seg.fraction < rules.min_fraction:
        add_violation(
            "fraction_too_low",
            f"{who} works {_percent(seg.fraction)} on {on}; the agreement requires at "
            f"least {_percent(rules.min_fraction)}.",
            fraction=seg.fraction,
            minimum=rules.min_fraction,
        )
    if rules.sites is not None and seg.site not in rules.sites:
        add_violation(
            "site_not_eligible",
            f"The site {seg.site!r} of {who} is not covered by the agreement; "
            f"covered: {', '.join(sorted(rules.sites))}.",
            site=seg.site,
            sites=sorted(rules.sites),
        )
    return tuple(found)
