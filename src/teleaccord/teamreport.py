"""The team report's figures: who is where each day, coverage, weekly telework and balances.

:func:`team_report` computes a :class:`TeamReport`, a plain value that holds every figure the
HTML report (:func:`teleaccord.io.html.render_report`) draws, so the report and the library
cannot disagree:

- a calendar per team (people × days): telework (whole day or a half-day) and its kind
  (regular, occasional, imposed, medical, as the bookings say), on site, absent
  (when absences are given), holidays and closures, days off, anchor days; the days at risk
  are exactly those :meth:`TeamCoverage.plan <teleaccord.coverage.TeamCoverage.plan>`
  reports, each with its shortfalls (on site, required, working);
- per team and ISO week: telework days against the agreement's weekly limits, and the
  on-site share of each day;
- balances (entitlement, taken, remaining) from :func:`~teleaccord.workforce.workforce_balances`,
  with their distribution per team;
- the yearly figures a works council's (CSE) telework review reads: uptake and days per head
  per team and per job category;
- for cross-border workers (when their countries are given), each threshold's counter
  (:func:`~teleaccord.crossborder.crossborder_report`) as of the period's last day.

Nothing here reads a file or a clock: the report is pure, and
:func:`team_report_from_records` builds one from the records the CSV readers stream.

>>> from datetime import date
>>> from teleaccord import Calendar, Contract, CoverageRule, DateRange, TeamSpec, Teams
>>> from teleaccord import load_sample_agreement, team_report
>>> contracts = [Contract.from_amendments(employee=e, hired=date(2020, 1, 1), team="support")
...              for e in ("ana", "bob")]
>>> teams = Teams(teams=[TeamSpec(name="support", rules=[CoverageRule(minimum=2)])])
>>> report = team_report(contracts, {}, teams, DateRange(date(2025, 6, 2), date(2025, 6, 8)),
...                      agreement=load_sample_agreement("assistance-100-days"), calendar=Calendar())
>>> section = report.teams[0]
>>> [row.employee for row in section.rows], [c.state for c in section.rows[0].cells][:2]
(['ana', 'bob'], ['on-site', 'on-site'])
>>> section.days_at_risk
()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.absence import Absence, absence_kind
from teleaccord.agreement import DEFAULT_POOL, TELEWORK_KINDS, Agreement, Window
from teleaccord.allowance import (
    AllowancePolicy,
    ExemptionTable,
    MonthlyAllowance,
    monthly_allowances,
)
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.coverage import DayPlan, TeamCoverage
from teleaccord.crossborder import CrossBorderReport, ThresholdTable, crossborder_report
from teleaccord.dates import DateRange, month_range, year_range
from teleaccord.entries import Booking
from teleaccord.errors import InvalidValue, Problem
from teleaccord.ledger import QuotaLedger
from teleaccord.pattern import HalfDay
from teleaccord.statemachine import BookingLedger
from teleaccord.teams import Teams
from teleaccord.workforce import CANCELLED, BalanceRow, EmployeeRecords, workforce_balances

__all__ = [
    "CELL_STATES",
    "AllowanceFigures",
    "BalanceBucket",
    "CalendarCell",
    "CategoryFigures",
    "PersonRow",
    "Shortfall",
    "TeamDay",
    "TeamReport",
    "TeamSection",
    "WeekFigures",
    "team_report",
    "team_report_from_records",
]

CELL_STATES: tuple[str, ...] = (
    "telework",
    "telework-am",
    "telework-pm",
    "on-site",
    "absent",
    "holiday",
    "closed",
    "off",
    "out",
)
"""What a calendar cell can show, in legend order: telework all day, the morning or the
afternoon only (the other half on site or not worked), on site, absent (an absence given),
a public holiday not worked, a closure day, a day not worked by the pattern (weekend, part-time
day off), and a day outside the contract."""

_ZERO = Fraction(0)
_HALF = Fraction(1, 2)
_BUCKETS: tuple[tuple[str, Fraction, Fraction | None], ...] = (
    ("0%", _ZERO, _ZERO),
    ("1-25%", _ZERO, Fraction(1, 4)),
    ("25-50%", Fraction(1, 4), _HALF),
    ("50-75%", _HALF, Fraction(3, 4)),
    ("75-100%", Fraction(3, 4), Fraction(1)),
    (">100%", Fraction(1), None),
)


# -- the values --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CalendarCell:
    """One person's day in the calendar: a state of :data:`CELL_STATES`, its detail (the
    absence kind, the holiday's name) and, for a telework state, the kind of telework of the
    day's booking (``"regular"``, ``"occasional"``, ``"imposed"``, ``"medical"`` or a kind of
    the agreement's own pools; when the morning and the afternoon differ, the morning's).

    >>> from teleaccord.teamreport import CalendarCell
    >>> CalendarCell(state="absent", detail="sick").state
    'absent'
    >>> CalendarCell(state="telework", kind="imposed").kind
    'imposed'
    """

    state: str
    detail: str = ""
    kind: str = ""


@attrs.frozen(kw_only=True)
class PersonRow:
    """One member of a team: their role, job category and one cell per day of the period."""

    employee: str
    role: str | None
    category: str | None
    cells: tuple[CalendarCell, ...]

    @property
    def telework_days(self) -> Fraction:
        """The telework days in the period (a half-day counts 1/2)."""
        return sum((_TELEWORK_AMOUNT.get(c.state, _ZERO) for c in self.cells), _ZERO)

    @property
    def telework_by_kind(self) -> dict[str, Fraction]:
        """The telework days in the period per kind of telework (a half-day counts 1/2),
        only the kinds present, in :data:`~teleaccord.agreement.TELEWORK_KINDS` order first."""
        found: dict[str, Fraction] = {}
        for c in self.cells:
            amount = _TELEWORK_AMOUNT.get(c.state)
            if amount is not None:
                found[c.kind] = found.get(c.kind, _ZERO) + amount
        return dict(sorted(found.items(), key=lambda kv: _kind_order(kv[0])))


_TELEWORK_AMOUNT = {"telework": Fraction(1), "telework-am": _HALF, "telework-pm": _HALF}


def _kind_order(kind: str) -> tuple[int, str]:
    """Kinds of telework in :data:`~teleaccord.agreement.TELEWORK_KINDS` order, then by name."""
    return (
        (TELEWORK_KINDS.index(kind), "") if kind in TELEWORK_KINDS else (len(TELEWORK_KINDS), kind)
    )


@attrs.frozen(kw_only=True)
class Shortfall:
    """What puts a half-day at risk, as the coverage code reported it.

    Attributes:
        half: ``"am"`` or ``"pm"``.
        code: ``coverage_below_minimum`` or ``anchor_day``.
        rule: the rule in words (empty for an anchor day).
        on_site: people on site (for an anchor day: none counted, see ``teleworking``).
        required: people the rule needs on site.
        working: people working that half-day (whom the rule counts).
        teleworking: for an anchor day, who teleworks.
        message: the coverage code's sentence (English).
    """

    half: str
    code: str
    rule: str = ""
    on_site: int = 0
    required: int = 0
    working: int = 0
    teleworking: tuple[str, ...] = ()
    message: str = ""


@attrs.frozen(kw_only=True)
class TeamDay:
    """One day of a team: holidays, closures, anchor day, headcounts and shortfalls.

    Attributes:
        day: the day.
        holiday: the public holiday's name, or ``""``.
        closed: a company closure day.
        anchor: an anchor weekday of the team.
        working: members working at least one half-day.
        on_site: members on site at least one half-day.
        teleworking: members teleworking at least one half-day.
        absent: members absent that day (absences given).
        worked_halves: half-days worked by the members.
        on_site_halves: of those, half-days on site.
        shortfalls: what the coverage code found short (empty: not at risk).
    """

    day: date
    holiday: str = ""
    closed: bool = False
    anchor: bool = False
    working: int = 0
    on_site: int = 0
    teleworking: int = 0
    absent: int = 0
    worked_halves: int = 0
    on_site_halves: int = 0
    shortfalls: tuple[Shortfall, ...] = ()

    @property
    def at_risk(self) -> bool:
        """Whether the coverage code reports this day at risk."""
        return bool(self.shortfalls)

    @property
    def on_site_share(self) -> Fraction | None:
        """The share of the half-days worked that are on site (``None``: nobody works)."""
        if not self.worked_halves:
            return None
        return Fraction(self.on_site_halves, self.worked_halves)


@attrs.frozen(kw_only=True)
class WeekFigures:
    """A team's telework in one ISO week (clipped to the report's period).

    Attributes:
        week: the week's days inside the period.
        telework_days: telework days of all members.
        heads: members working at least one day that week.
        maximum, minimum: the agreement's weekly limits per person (``None``: none).
        pace: the weekly pace of a full-time person taking the whole reference-period envelope
            evenly (``None``: no such envelope).
    """

    week: DateRange
    telework_days: Fraction
    heads: int
    maximum: Fraction | None = None
    minimum: Fraction | None = None
    pace: Fraction | None = None

    @property
    def per_head(self) -> Fraction:
        """Telework days per member working that week (0 when nobody works)."""
        return self.telework_days / self.heads if self.heads else _ZERO


@attrs.frozen(kw_only=True)
class BalanceBucket:
    """How many members used a given share of their entitlement (``label`` such as
    ``"25-50%"``: more than 25 % and at most 50 %)."""

    label: str
    count: int


@attrs.frozen(kw_only=True)
class CategoryFigures:
    """The yearly review's figures for one group (a team, or a job category in a team).

    Attributes:
        team: the team.
        category: the job category (``""``: the whole team).
        heads: members with a balance in the reference period.
        teleworking: of those, members who took at least one telework day.
        days: telework days taken (booked and not cancelled).
        imposed_days: imposed or exceptional telework days (``None``: not in the inputs).
        refusals: refused requests (``None``: not in the inputs).
    """

    team: str
    category: str
    heads: int
    teleworking: int
    days: Fraction
    imposed_days: Fraction | None = None
    refusals: int | None = None

    @property
    def uptake(self) -> Fraction:
        """The share of members who teleworked (0 for an empty group)."""
        return Fraction(self.teleworking, self.heads) if self.heads else _ZERO

    @property
    def days_per_head(self) -> Fraction:
        """Telework days per member (0 for an empty group)."""
        return self.days / self.heads if self.heads else _ZERO


@attrs.frozen(kw_only=True)
class AllowanceFigures:
    """A team's telework allowances for one calendar month (when a policy is given).

    Attributes:
        month: the calendar month.
        people: members with an allowance row that month.
        telework_days: their telework days, counted as the policy says.
        due, exempt, excess: the sums of the members' allowances (euros).
        monthly_cap: the policy's monthly cap per person (``None``: none), drawn as a threshold.
        limit: the largest exemption limit of a member that month (``None``: no limit known).
    """

    month: DateRange
    people: int
    telework_days: Fraction
    due: Decimal
    exempt: Decimal
    excess: Decimal
    monthly_cap: Decimal | None = None
    limit: Decimal | None = None

    @property
    def due_per_head(self) -> Decimal:
        """The allowance due per member, rounded to the cent (0 for nobody)."""
        if not self.people:
            return Decimal("0.00")
        return (self.due / self.people).quantize(Decimal("0.01"))


@attrs.frozen(kw_only=True)
class TeamSection:
    """Everything the report shows of one team."""

    team: str
    rules: tuple[str, ...]
    anchor_weekdays: frozenset[int]
    rows: tuple[PersonRow, ...]
    days: tuple[TeamDay, ...]
    weeks: tuple[WeekFigures, ...]
    balances: tuple[BalanceRow, ...]
    distribution: tuple[BalanceBucket, ...]
    review: tuple[CategoryFigures, ...]
    allowances: tuple[AllowanceFigures, ...] = ()
    allowance_rows: tuple[MonthlyAllowance, ...] = ()
    crossborder: tuple[CrossBorderReport, ...] = ()
    """The cross-border counters of the members whose countries were given, in member order."""

    @property
    def days_at_risk(self) -> tuple[date, ...]:
        """The days the coverage code reports at risk, in order."""
        return tuple(d.day for d in self.days if d.at_risk)

    @property
    def telework_by_kind(self) -> dict[str, Fraction]:
        """The team's telework days in the period per kind of telework (the kinds present)."""
        found: dict[str, Fraction] = {}
        for row in self.rows:
            for kind, days in row.telework_by_kind.items():
                found[kind] = found.get(kind, _ZERO) + days
        return dict(sorted(found.items(), key=lambda kv: _kind_order(kv[0])))


@attrs.frozen(kw_only=True)
class TeamReport:
    """The whole report: its period, the agreement's name and one section per team.

    Attributes:
        period: the days of the calendar.
        agreement: the agreement's name.
        balance_periods: the reference periods of the balances and the yearly review.
        teams: one :class:`TeamSection` per team, in the teams file's order.
        unassigned: employees under contract during the period but in no team (not drawn).
        problems: what was skipped while reading the records (bad rows).
    """

    period: DateRange
    agreement: str
    balance_periods: tuple[DateRange, ...]
    teams: tuple[TeamSection, ...]
    unassigned: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def days(self) -> tuple[date, ...]:
        """Every day of the period."""
        return tuple(self.period)


# -- building it -------------------------------------------------------------------------------


def _category(contract: Contract, period: DateRange) -> str | None:
    segments = contract.segments_in(period)
    return segments[-1][0].category if segments else None


def _shortfalls(plan: DayPlan) -> tuple[Shortfall, ...]:
    found: list[Shortfall] = []
    for half in plan.halves:
        for v in half.shortfalls:
            p: Mapping[str, Any] = dict(v.params)
            found.append(
                Shortfall(
                    half=half.half.value,
                    code=v.code,
                    rule=str(p.get("rule", "")),
                    on_site=int(p.get("on_site", 0)),
                    required=int(p.get("required", 0)),
                    working=int(p.get("working", 0)),
                    teleworking=tuple(sorted(p.get("teleworking", ()))),
                    message=v.message,
                )
            )
    return tuple(found)


def _recorded_absences(
    ledgers: Mapping[str, BookingLedger], employees: Iterable[str], period: DateRange
) -> dict[tuple[str, date], str]:
    """``(employee, day) → absence kind`` of the absences recorded in the ledgers (a
    :class:`~teleaccord.ledger.QuotaLedger` knows them; another ledger may not)."""
    found: dict[tuple[str, date], str] = {}
    for employee in employees:
        recorded: Iterable[Absence] = getattr(ledgers.get(employee), "absences", ())
        for absence in recorded:
            span = absence.days.intersection(period)
            if span is None:
                continue
            for day in span:
                if absence.mask_on(day):
                    found.setdefault((employee, day), absence.kind)
    return found


def _telework_kinds(ledger: BookingLedger | None, period: DateRange) -> dict[date, str]:
    """``day → kind of telework`` of a ledger's active bookings in ``period`` (the morning's
    when the two half-days differ; ``"regular"`` for a ledger whose bookings have no kind)."""
    found: dict[date, str] = {}
    if ledger is None:
        return found
    for booking in ledger.active_bookings(period):
        found.setdefault(booking.day, str(getattr(booking, "telework_kind", "regular")))
    return found


def _cell(
    worked: int,
    remote: int,
    absence: str | None,
    in_contract: bool,
    day: date,
    calendar: Calendar,
) -> CalendarCell:
    if not in_contract:
        return CalendarCell(state="out")
    if absence is not None:
        return CalendarCell(state="absent", detail=absence)
    if not worked:
        holiday = calendar.holiday(day)
        if holiday is not None and not holiday.worked:
            return CalendarCell(state="holiday", detail=holiday.name)
        if calendar.is_closed(day):
            return CalendarCell(state="closed")
        return CalendarCell(state="off")
    if remote & worked == worked:
        return CalendarCell(state="telework")
    if remote & 1:
        return CalendarCell(state="telework-am")
    if remote & 2:
        return CalendarCell(state="telework-pm")
    return CalendarCell(state="on-site")


def _weeks(
    period: DateRange, rows: Sequence[PersonRow], agreement: Agreement
) -> tuple[WeekFigures, ...]:
    maximum = minimum = pace = None
    for q in agreement.quotas:
        if q.window is Window.WEEK:
            maximum = q.maximum if q.maximum is not None else maximum
            minimum = q.minimum if q.minimum is not None else minimum
        elif q.window in (Window.PERIOD, Window.YEAR) and q.maximum is not None:
            whole = agreement.reference.containing(period.start)
            pace = q.maximum * 7 / len(whole)
    days = tuple(period)
    found: list[WeekFigures] = []
    start = 0
    while start < len(days):
        end = start
        while end + 1 < len(days) and days[end + 1].weekday() != 0:
            end += 1
        telework = _ZERO
        heads = 0
        for row in rows:
            cells = row.cells[start : end + 1]
            telework += sum((_TELEWORK_AMOUNT.get(c.state, _ZERO) for c in cells), _ZERO)
            if any(c.state in _WORKING_STATES for c in cells):
                heads += 1
        found.append(
            WeekFigures(
                week=DateRange(days[start], days[end]),
                telework_days=telework,
                heads=heads,
                maximum=maximum,
                minimum=minimum,
                pace=pace,
            )
        )
        start = end + 1
    return tuple(found)


_WORKING_STATES = frozenset({"telework", "telework-am", "telework-pm", "on-site"})


def _distribution(rows: Iterable[BalanceRow]) -> tuple[BalanceBucket, ...]:
    counts = dict.fromkeys((label for label, _, _ in _BUCKETS), 0)
    for row in rows:
        if row.entitlement <= 0:
            share = _ZERO if row.taken <= 0 else Fraction(2)
        else:
            share = row.taken / row.entitlement
        for label, low, high in _BUCKETS:
            if high is _ZERO:
                if share <= 0:
                    counts[label] += 1
                    break
            elif share > low and (high is None or share <= high):
                counts[label] += 1
                break
    return tuple(BalanceBucket(label=label, count=n) for label, n in counts.items())


def _review(
    team: str, rows: Sequence[BalanceRow], categories: Mapping[str, str | None]
) -> tuple[CategoryFigures, ...]:
    def figures(category: str, chosen: Sequence[BalanceRow]) -> CategoryFigures:
        by_person: dict[str, Fraction] = {}
        for r in chosen:
            by_person[r.employee] = by_person.get(r.employee, _ZERO) + r.taken
        return CategoryFigures(
            team=team,
            category=category,
            heads=len(by_person),
            teleworking=sum(1 for v in by_person.values() if v > 0),
            days=sum(by_person.values(), _ZERO),
        )

    found = [figures("", rows)]
    names = sorted({categories.get(r.employee) or "-" for r in rows})
    for name in names:
        found.append(
            figures(name, [r for r in rows if (categories.get(r.employee) or "-") == name])
        )
    return tuple(found)


def _months(period: DateRange) -> DateRange:
    """The whole calendar months overlapping ``period``."""
    last = month_range(period.end.year, period.end.month)
    return DateRange(period.start.replace(day=1), last.end)


def _allowances(
    policy: AllowancePolicy,
    members: Sequence[tuple[Contract, BookingLedger | None]],
    period: DateRange,
    weekly_days: Fraction | int | str | None,
    limits: ExemptionTable | None,
) -> tuple[tuple[AllowanceFigures, ...], tuple[MonthlyAllowance, ...]]:
    months = _months(period)
    rows: list[MonthlyAllowance] = []
    for contract, ledger in members:
        days: dict[date, Fraction] = {}
        if ledger is not None:
            for b in ledger.active_bookings(months):
                days[b.day] = days.get(b.day, _ZERO) + b.amount
        rows.extend(
            r
            for r in monthly_allowances(
                policy,
                contract,
                sorted(days.items()),
                months,
                weekly_days=weekly_days,
                limits=limits,
            )
        )
    figures: list[AllowanceFigures] = []
    for month in sorted({r.month for r in rows}):
        chosen = [r for r in rows if r.month == month]
        limits_seen = [
            r.explanation.limit_amount for r in chosen if r.explanation.limit_amount is not None
        ]
        figures.append(
            AllowanceFigures(
                month=month,
                people=len(chosen),
                telework_days=sum((r.telework_days for r in chosen), _ZERO),
                due=sum((r.due for r in chosen), Decimal("0.00")),
                exempt=sum((r.exempt for r in chosen), Decimal("0.00")),
                excess=sum((r.excess for r in chosen), Decimal("0.00")),
                monthly_cap=policy.monthly_cap,
                limit=max(limits_seen) if limits_seen else None,
            )
        )
    return tuple(figures), tuple(rows)


def _crossborder(
    contract: Contract,
    ledger: BookingLedger | None,
    countries: tuple[str, str],
    period: DateRange,
    calendar: Calendar,
    table: ThresholdTable | None,
) -> CrossBorderReport:
    """One member's cross-border counters for the year of the period's last day, as of it."""
    year = period.end.year
    days: dict[date, Fraction] = {}
    if ledger is not None:
        for b in ledger.active_bookings(year_range(year)):
            days[b.day] = days.get(b.day, _ZERO) + b.amount
    residence, work = countries
    return crossborder_report(
        residence=residence,
        work=work,
        contract=contract,
        calendar=calendar,
        telework_days=sorted(days.items()),
        as_of=period.end,
        year=year,
        table=table,
    )


def _reference_periods(agreement: Agreement, period: DateRange) -> tuple[DateRange, ...]:
    found: list[DateRange] = []
    day = period.start
    while day <= period.end:
        reference = agreement.reference.containing(day)
        found.append(reference)
        day = reference.end + timedelta(days=1)
    return tuple(found)


def team_report(
    contracts: Iterable[Contract],
    ledgers: Mapping[str, BookingLedger],
    teams: Teams,
    period: DateRange,
    *,
    agreement: Agreement,
    calendar: Calendar,
    balances: Iterable[BalanceRow] = (),
    absences: Mapping[tuple[str, date], str] | None = None,
    only: Iterable[str] | None = None,
    problems: Iterable[Problem] = (),
    allowance_policy: AllowancePolicy | None = None,
    weekly_days: Fraction | int | str | None = None,
    limits: ExemptionTable | None = None,
    crossborder: Mapping[str, tuple[str, str]] | None = None,
    thresholds: ThresholdTable | None = None,
) -> TeamReport:
    """The report's figures for ``period`` (a month or a quarter, or any range of days).

    Args:
        contracts: the employees' contracts (which days they work, their team and category).
        ledgers: each employee's ledger (their active bookings are the telework days), by
            employee id; an employee without one has no telework.
        teams: the teams (members, roles, coverage rules, anchor weekdays).
        period: the days the calendar shows.
        agreement: the agreement (its weekly limits, its reference period).
        calendar: holidays and closures.
        balances: the balances to show (:func:`~teleaccord.workforce.workforce_balances`),
            for the reference periods of the yearly review. Only the rows of the default pool
            (the agreement's own envelope) are shown: a run with pools or kinds of telework
            gives several rows per employee and period, and each person counts once.
        absences: optional ``(employee, day) → absence kind``; an absent person is shown
            absent that day (coverage itself is the coverage code's). The absences recorded
            in the ledgers (:meth:`~teleaccord.ledger.QuotaLedger.record_absence`) are shown
            too, on the days the team plan counts the person absent, so the cells and the
            days at risk agree.
        only: the names of the teams to show (default: every team).
        problems: what was skipped while reading the data, shown in the report.
        allowance_policy: the telework allowance clause; when given, each team's allowances
            per calendar month overlapping ``period``
            (:func:`~teleaccord.allowance.monthly_allowances`, with ``weekly_days`` and the
            exemption ``limits``).
        crossborder: optional ``employee → (residence, work)`` country codes of the
            cross-border workers; for each, the counters of every threshold of ``thresholds``
            (default: :meth:`ThresholdTable.default
            <teleaccord.crossborder.ThresholdTable.default>`) for the calendar year of the
            period's last day, as of that day, from the ledger's active bookings of the year
            (:func:`~teleaccord.crossborder.crossborder_report`).

    Raises:
        InvalidValue: a team named in ``only`` does not exist (``unknown_team``), the
            allowances cannot be computed (see :func:`~teleaccord.allowance.monthly_allowances`),
            or a country code is not one (``invalid_country``).
    """
    every = list(contracts)
    absent = absences or {}
    wanted = None if only is None else [teams.get(name).name for name in only]
    by_employee: dict[str, list[BalanceRow]] = {}
    for row in balances:
        if row.pool == DEFAULT_POOL:
            by_employee.setdefault(row.employee, []).append(row)
    balance_periods = tuple(sorted({r.period for rows in by_employee.values() for r in rows}))
    review_period = balance_periods[-1] if balance_periods else period
    assigned: set[str] = set()
    sections: list[TeamSection] = []
    days = tuple(period)
    for spec in teams.teams:
        coverage: TeamCoverage = spec.coverage(every, period, calendar)
        assigned.update(m.employee for m in coverage.members)
        if wanted is not None and spec.name not in wanted:
            continue
        plan = coverage.plan(period, ledgers)
        plans = {d.day: d for d in plan.days}
        recorded = _recorded_absences(ledgers, [m.employee for m in coverage.members], period)
        rows: list[PersonRow] = []
        counts = {d: [0, 0, 0, 0, 0, 0] for d in days}
        for member in coverage.members:
            contract = member.contract
            cells: list[CalendarCell] = []
            kinds = _telework_kinds(ledgers.get(member.employee), period)
            for day in days:
                worked = member.worked_mask(day, calendar)
                remote = 0
                day_plan = plans.get(day)
                if day_plan is not None:
                    for half in day_plan.halves:
                        if member.employee in half.teleworking:
                            remote |= half.half.mask
                kind = absent.get((member.employee, day))
                if kind is None and day_plan is not None and member.employee in day_plan.absent:
                    kind = recorded.get((member.employee, day), "absence")
                in_contract = contract.segment_at(day) is not None
                cell = _cell(worked, remote, kind, in_contract, day, calendar)
                if cell.state in _TELEWORK_AMOUNT:
                    cell = attrs.evolve(cell, kind=kinds.get(day, "regular"))
                cells.append(cell)
                c = counts[day]
                if cell.state in _WORKING_STATES:
                    c[0] += 1
                    both = remote & worked
                    halves = (worked & 1) + ((worked >> 1) & 1)
                    remote_halves = (both & 1) + ((both >> 1) & 1)
                    c[4] += halves
                    c[5] += halves - remote_halves
                    if remote & worked:
                        c[2] += 1
                    if worked & ~remote:
                        c[1] += 1
                elif cell.state == "absent":
                    c[3] += 1
            rows.append(
                PersonRow(
                    employee=member.employee,
                    role=member.role,
                    category=_category(contract, review_period),
                    cells=tuple(cells),
                )
            )
        team_days: list[TeamDay] = []
        for day in days:
            holiday = calendar.holiday(day)
            c = counts[day]
            day_plan = plans.get(day)
            team_days.append(
                TeamDay(
                    day=day,
                    holiday="" if holiday is None else holiday.name,
                    closed=calendar.is_closed(day),
                    anchor=day.weekday() in coverage.anchor_weekdays,
                    working=c[0],
                    on_site=c[1],
                    teleworking=c[2],
                    absent=c[3],
                    worked_halves=c[4],
                    on_site_halves=c[5],
                    shortfalls=() if day_plan is None else _shortfalls(day_plan),
                )
            )
        members = [m.employee for m in coverage.members]
        team_balances = tuple(r for e in members for r in by_employee.get(e, ()))
        reviewed = [r for r in team_balances if r.period == review_period]
        allowance_figures: tuple[AllowanceFigures, ...] = ()
        allowance_rows: tuple[MonthlyAllowance, ...] = ()
        if allowance_policy is not None:
            allowance_figures, allowance_rows = _allowances(
                allowance_policy,
                [(m.contract, ledgers.get(m.employee)) for m in coverage.members],
                period,
                weekly_days,
                limits,
            )
        crossed = tuple(
            _crossborder(
                m.contract,
                ledgers.get(m.employee),
                crossborder[m.employee],
                period,
                calendar,
                thresholds,
            )
            for m in coverage.members
            if crossborder and m.employee in crossborder
        )
        sections.append(
            TeamSection(
                team=spec.name,
                rules=tuple(r.describe() for r in spec.rules),
                anchor_weekdays=spec.anchor_weekdays,
                rows=tuple(rows),
                days=tuple(team_days),
                weeks=_weeks(period, rows, agreement),
                balances=team_balances,
                distribution=_distribution(reviewed),
                review=_review(spec.name, reviewed, {r.employee: r.category for r in rows}),
                allowances=allowance_figures,
                allowance_rows=allowance_rows,
                crossborder=crossed,
            )
        )
    present = {c.employee for c in every if c.segments_in(period)}
    unassigned = tuple(sorted(present - assigned))
    return TeamReport(
        period=period,
        agreement=agreement.name,
        balance_periods=balance_periods,
        teams=tuple(sections),
        unassigned=unassigned,
        problems=tuple(problems),
    )


def _ledger(
    records: EmployeeRecords, contract: Contract, agreement: Agreement, calendar: Calendar
) -> QuotaLedger:
    """The employee's active bookings and absences as a ledger (what coverage reads).

    A row without a booking id is identified by its day and half-day, as the workforce job
    does; a cancellation removes the booking it names. Rows that do not say when they were
    recorded are entered as recorded on their own day (00:00 UTC): only the active bookings are
    read from this ledger, never its history.
    """
    active: dict[object, tuple[date, HalfDay | None, str, datetime | None]] = {}
    for row in records.bookings.rows(records.employee):
        key: object = row.booking_id or (row.day, row.half)
        if row.status == CANCELLED:
            active.pop(key, None)
        else:
            ident = row.booking_id or f"{row.day.isoformat()}:{row.half.value if row.half else ''}"
            active[key] = (row.day, row.half, ident, row.recorded_at)
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=calendar)
    for day, half, ident, stamp in sorted(
        active.values(), key=lambda v: (v[0], v[1] is not None, v[2])
    ):
        at = stamp or datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        booking = Booking(entry_id=ident, day=day, half=half, recorded_at=at, by=records.employee)
        try:
            ledger.replay(booking)
        except InvalidValue:  # the same day booked twice: the workforce job reports it
            continue
    for absent in records.absences:
        absence = absent.absence
        first = absence.days.start
        try:
            absence_kind(absence.kind, agreement.absence_kinds)
            ledger.record_absence(
                absence,
                at=datetime(first.year, first.month, first.day, tzinfo=timezone.utc),
                by=records.employee,
            )
        except InvalidValue:  # an unknown kind, a reused id: the workforce job reports it
            continue
    return ledger


def team_report_from_records(
    records: Iterable[EmployeeRecords],
    teams: Teams,
    period: DateRange,
    *,
    agreement: Agreement,
    calendar: Calendar,
    absences: Mapping[tuple[str, date], str] | None = None,
    only: Iterable[str] | None = None,
    problems: Iterable[Problem] = (),
    allowance_policy: AllowancePolicy | None = None,
    weekly_days: Fraction | int | str | None = None,
    limits: ExemptionTable | None = None,
    crossborder: Mapping[str, tuple[str, str]] | None = None,
    thresholds: ThresholdTable | None = None,
) -> TeamReport:
    """:func:`team_report` from the records the CSV readers stream
    (:func:`teleaccord.io.csv.read_workforce`, the sample workforce's ``records()``).

    The balances are those of :func:`~teleaccord.workforce.workforce_balances` for the
    reference periods that overlap ``period``; rows it skips are kept as the report's
    problems, after ``problems`` (what reading the records skipped).

    >>> from datetime import date
    >>> from teleaccord import DateRange, team_report_from_records
    >>> from teleaccord.io.csv import sample_workforce
    >>> from teleaccord.io.teams_file import sample_teams
    >>> sample = sample_workforce()
    >>> report = team_report_from_records(sample.records(), sample_teams(),
    ...     DateRange(date(2025, 3, 3), date(2025, 3, 9)), agreement=sample.agreement(),
    ...     calendar=sample.calendar(), only=["claims"])
    >>> [s.team for s in report.teams], len(report.teams[0].days)
    (['claims'], 7)
    """
    every = [r for r in records if r.contract is not None]
    found: list[Problem] = list(problems)
    balances = list(
        workforce_balances(
            every,
            agreement,
            calendar,
            periods=_reference_periods(agreement, period),
            on_problem=found.append,
        )
    )
    contracts = [r.contract.contract for r in every if r.contract is not None]
    ledgers = {
        r.employee: _ledger(r, r.contract.contract, agreement, calendar)
        for r in every
        if r.contract is not None
    }
    return team_report(
        contracts,
        ledgers,
        teams,
        period,
        agreement=agreement,
        calendar=calendar,
        balances=balances,
        absences=absences,
        only=only,
        problems=found,
        allowance_policy=allowance_policy,
        weekly_days=weekly_days,
        limits=limits,
        crossborder=crossborder,
        thresholds=thresholds,
    )
