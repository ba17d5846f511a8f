"""Minimums: who was on site too little, or teleworked less than the agreement's minimum.

An agreement's minimums are planning checks, never booking refusals (a day booked is never
refused for a minimum of telework; the on-site minimum refuses a booking that would break it,
but absences, imposed days and late changes can still leave a week short). This module reports
them after the fact, per employee and team, over any range: each week (or month, or any
window the agreement counts over) in which an employee was on site fewer days than an
:class:`~teleaccord.agreement.OnSiteMinimum` requires, or teleworked fewer days than a
:class:`~teleaccord.agreement.Quota`'s ``minimum``, with the figures.

Days are counted as the booking rules count them: the days worked on the employee's pattern
inside the contract (a half-day counts 1/2), less the absent half-days the agreement does not
count as on site; every active telework booking (imposed and medical days included) is a day
away from the office; a telework minimum counts the days of its pool, and the imposed and
medical days (telework outside every pool).

>>> from datetime import date, datetime, timezone
>>> from teleaccord import (
...     Agreement,
...     Calendar,
...     Contract,
...     DateRange,
...     Quota,
...     QuotaLedger,
...     minimums_report,
...     month_range,
... )
>>> agreement = Agreement(name="at least 1 a week", quotas=[Quota(window="week", minimum=1)])
>>> ledger = QuotaLedger(agreement=agreement, calendar=Calendar(),
...                      contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)))
>>> _ = ledger.book(date(2024, 6, 4), at=datetime(2024, 6, 1, tzinfo=timezone.utc), by="E1")
>>> report = minimums_report([ledger], DateRange(date(2024, 6, 3), date(2024, 6, 16)))
>>> [(s.label, s.actual, s.required) for s in report.shortfalls]
[('2024-W24', Fraction(0, 1), Fraction(1, 1))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from teleaccord.absence import Absence, absent_masks
from teleaccord.agreement import DEFAULT_POOL, Agreement, Window
from teleaccord.amounts import format_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange
from teleaccord.entitlements import window_quota
from teleaccord.ledger import QuotaLedger
from teleaccord.rules import on_site_requirement

__all__ = ["MinimumShortfall", "MinimumsReport", "minimums_report"]

_ZERO = Fraction(0)


@attrs.frozen(kw_only=True)
class MinimumShortfall:
    """One window in which an employee was below a minimum.

    Attributes:
        employee: the employee.
        team: the employee's team (``None`` when not known).
        minimum: ``on_site`` (an on-site minimum) or ``telework`` (a quota's minimum).
        window: the window's days (a week, a month...), whole even where the range asked
            cuts it.
        label: the window's name (``2024-W23``, ``2024-06``, or the range).
        pool: the pool of a telework minimum (``default``: the top-level quotas).
        worked: the days worked in the window, absent days not counting as on site left out.
        actual: the days on site (``on_site``) or of telework (``telework``).
        required: the minimum, in days.
    """

    employee: str
    team: str | None
    minimum: str
    window: DateRange
    label: str
    pool: str = DEFAULT_POOL
    worked: Fraction
    actual: Fraction
    required: Fraction

    @property
    def missing(self) -> Fraction:
        """The days short of the minimum."""
        return self.required - self.actual

    def describe(self) -> str:
        """The shortfall in one sentence."""
        what = "on site" if self.minimum == "on_site" else "of telework"
        pool = "" if self.pool == DEFAULT_POOL else f" (pool {self.pool})"
        return (
            f"{self.employee}, {self.label} ({self.window}): {format_amount(self.actual)} days "
            f"{what}{pool} of {format_amount(self.worked)} worked; at least "
            f"{format_amount(self.required)} required."
        )


@attrs.frozen(kw_only=True)
class MinimumsReport:
    """The minimums of a range: the windows checked and the shortfalls found.

    Attributes:
        period: the range asked for.
        employees: the employees checked.
        windows: the number of (employee, minimum, window) checks made.
        shortfalls: every shortfall, by employee then window.
    """

    period: DateRange
    employees: tuple[str, ...]
    windows: int
    shortfalls: tuple[MinimumShortfall, ...]

    def by_employee(self) -> dict[str, tuple[MinimumShortfall, ...]]:
        """The shortfalls of each employee checked (none: an empty tuple)."""
        found: dict[str, list[MinimumShortfall]] = {e: [] for e in self.employees}
        for s in self.shortfalls:
            found[s.employee].append(s)
        return {e: tuple(v) for e, v in found.items()}

    def by_team(self) -> dict[str, dict[str, int]]:
        """Per team (``-`` when not known): the shortfalls of each minimum and the number of
        employees with at least one."""
        found: dict[str, dict[str, int]] = {}
        people: dict[str, set[str]] = {}
        for s in self.shortfalls:
            team = s.team or "-"
            counts = found.setdefault(team, {"on_site": 0, "telework": 0, "employees": 0})
            counts[s.minimum] += 1
            people.setdefault(team, set()).add(s.employee)
        for team, names in people.items():
            found[team]["employees"] = len(names)
        return dict(sorted(found.items()))

    def describe(self) -> str:
        """The report as text: a line per shortfall, then per team."""
        lines = [
            f"Minimums, {self.period}: {len(self.employees)} employees, {self.windows} windows "
            f"checked, {len(self.shortfalls)} below a minimum."
        ]
        lines.extend(f"  {s.describe()}" for s in self.shortfalls)
        for team, counts in self.by_team().items():
            lines.append(
                f"  team {team}: {counts['on_site']} under the on-site minimum, "
                f"{counts['telework']} under a telework minimum, {counts['employees']} employees"
            )
        return "\n".join(lines)


def _label(window: DateRange, kind: Window) -> str:
    if kind is Window.WEEK:
        iso = window.start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if kind is Window.MONTH:
        return f"{window.start.year}-{window.start.month:02d}"
    return str(window)


def _team(contract: Contract, window: DateRange) -> str | None:
    segment = contract.segment_at(window.end) or contract.segment_at(window.start)
    if segment is None:
        for seg in contract.segments:
            return seg.team
        return None
    return segment.team


def _telework(ledger: QuotaLedger, window: DateRange, pool: str | None) -> Fraction:
    """The active telework in ``window``: of ``pool`` and the imposed and medical days (they
    are telework too, outside every pool); ``None``: every kind."""
    total = _ZERO
    for booking in ledger.active_bookings(window):
        if pool is None or ledger.agreement_on(booking.day).pool_of(booking.telework_kind) in (
            pool,
            None,
        ):
            total += booking.amount
    return total


def _pool_quotas(agreement: Agreement) -> Iterable[tuple[str, Agreement]]:
    yield DEFAULT_POOL, agreement
    for pool in agreement.pools:
        yield pool.name, agreement.pool_agreement(pool.name)


def minimums_report(
    ledgers: Iterable[QuotaLedger],
    period: DateRange,
    *,
    teams: Mapping[str, str] | None = None,
) -> MinimumsReport:
    """The shortfalls of the on-site minimums and telework minimums of each employee's
    agreement, in every window (week, month...) overlapping ``period``, counted whole.

    Args:
        ledgers: the employees' ledgers (their agreement, contract, calendar, bookings and
            absences).
        period: the range to report on.
        teams: the team of each employee, overriding the contract's ``team``.

    Windows in which the employee worked no day are skipped. Under an
    :class:`~teleaccord.versions.AgreementHistory`, a window is judged by the version in force
    on its last day (as the booking rules judge a window's cap): its minimums, its quotas.
    """
    shortfalls: list[MinimumShortfall] = []
    employees: list[str] = []
    checked = 0
    for ledger in ledgers:
        employees.append(ledger.employee)
        absences = ledger.absences
        history = ledger.history
        versions = [v.agreement for v in history.versions] if history else [ledger.agreement]
        for agreement in versions:
            found = _version_shortfalls(ledger, agreement, period, teams, absences)
            checked += found[0]
            shortfalls.extend(found[1])
    shortfalls.sort(key=lambda s: (employees.index(s.employee), s.window.start, s.minimum))
    return MinimumsReport(
        period=period, employees=tuple(employees), windows=checked, shortfalls=tuple(shortfalls)
    )


def _version_shortfalls(
    ledger: QuotaLedger,
    agreement: Agreement,
    period: DateRange,
    teams: Mapping[str, str] | None,
    absences: Sequence[Absence],
) -> tuple[int, list[MinimumShortfall]]:
    """The windows checked and the shortfalls of one agreement (or version) of ``ledger``:
    only the windows whose last day that agreement governs."""
    contract, calendar = ledger.contract, ledger.calendar
    shortfalls: list[MinimumShortfall] = []
    checked = 0

    def governs(window: DateRange) -> bool:
        return ledger.history is None or ledger.agreement_on(window.end) is agreement

    for minimum in agreement.on_site:
        for window in minimum.window.windows(period, agreement.reference):
            if not governs(window):
                continue
            base, required, _ = on_site_requirement(
                agreement, minimum, contract, calendar, window, absences
            )
            if base <= 0:
                continue
            checked += 1
            on_site = base - _telework(ledger, window, None)
            if on_site < required:
                shortfalls.append(
                    _shortfall(ledger, teams, "on_site", window, minimum.window,
                               DEFAULT_POOL, base, on_site, required)
                )  # fmt: skip
    for pool, terms in _pool_quotas(agreement):
        for quota in terms.quotas:
            if quota.minimum is None:
                continue
            for window in quota.window.windows(period, agreement.reference):
                if not governs(window):
                    continue
                worked = _worked(contract, calendar, window, absences)
                if worked <= 0:
                    continue
                wish = window_quota(terms, quota, contract, window, calendar, minimum=True)
                if wish is None:
                    continue
                required = min(wish, worked)
                checked += 1
                taken = _telework(ledger, window, pool)
                if taken < required:
                    shortfalls.append(
                        _shortfall(ledger, teams, "telework", window, quota.window,
                                   pool, worked, taken, required)
                    )  # fmt: skip
    return checked, shortfalls


def _worked(
    contract: Contract,
    calendar: Calendar,
    window: DateRange,
    absences: Iterable[Absence],
) -> Fraction:
    """The days worked in ``window``, less the absent half-days (every absence kind: a person
    away cannot telework either)."""
    worked = contract.worked_amount(window, calendar)
    masks = absent_masks(absences, period=window)
    for day, mask in masks.items():
        seg = contract.segment_at(day)
        if seg is not None:
            both = calendar.worked_mask(day, seg.pattern) & mask
            worked -= Fraction(bin(both).count("1"), 2)
    return worked


def _shortfall(
    ledger: QuotaLedger,
    teams: Mapping[str, str] | None,
    minimum: str,
    window: DateRange,
    kind: Window,
    pool: str,
    worked: Fraction,
    actual: Fraction,
    required: Fraction,
) -> MinimumShortfall:
    team = (teams or {}).get(ledger.employee) or _team(ledger.contract, window)
    return MinimumShortfall(
        employee=ledger.employee,
        team=team,
        minimum=minimum,
        window=window,
        label=_label(window, kind),
        pool=pool,
        worked=worked,
        actual=actual,
        required=required,
    )
