"""Team self-planning: propose a telework plan that meets quotas, coverage and wishes.

A team plans its telework for a range of days (a week to a quarter). The planner reads:

- the team (:class:`~teleaccord.coverage.TeamCoverage`: members, roles, coverage rules, anchor
  weekdays, calendar) — usually from the one teams file (:class:`~teleaccord.teams.TeamSpec`);
- each member's :class:`~teleaccord.ledger.QuotaLedger` (their agreement, contract, balances
  and existing bookings; bookings made by approved arrangements are in it too): what is
  already booked is **fixed**;
- days people are unavailable (absences: not on site and not teleworking), given or recorded in
  their ledgers;
- each person's :class:`Wish`: preferred weekdays or dates, days they will not telework, a
  target number of days per week, a weight.

**Hard rules** are everything the library already checks: every booking rule of the member's
ledger (period quota, weekly/monthly maxima, on-site minimums, consecutive days, notice from
the moment ``at`` the plan is made, excluded weekdays, blackout dates...) and the team's
coverage (headcount or share per half-day, per role; anchor days). Telework *minimums* are
wishes, never imposed. Every hard rule only limits telework, so planning no new day always
meets them — unless the fixed part (existing bookings, absences, the staff working) already
breaks a coverage rule or an anchor day. Then no plan exists and the planner says which rules
conflict, on which days and for whom (:class:`PlanConflict`), shrunk to a minimal set by
removing the rules one at a time; ``waived`` rule instances (:class:`RuleRef`) are not
enforced.

**Soft goals** (the objective, an integer, the same for every planner): each person's points
(per week: 2 per telework day up to the target, 1 per telework day on a preferred day up to
the target) times their weight, times 100; plus ``fairness_weight`` times the lowest
satisfaction across the team in thousandths (no one far below the others); minus 1 per new
day (no useless bookings); minus ``stability_weight`` per day that differs from a previous
plan.

Two planners share these definitions: :func:`greedy_plan` (pure Python, always available)
and the CP-SAT planner (:func:`plan_telework` with ``solver="cp-sat"``, the optional extra
``planner``). Whatever the solver, the plan returned is checked by :func:`check_plan` — each
planned day booked into a copy of the person's ledger, the team's coverage read by
:meth:`TeamCoverage.plan <teleaccord.coverage.TeamCoverage.plan>` — never by the solver's own
model, and the CP-SAT plan is returned only when it is at least as good as the greedy one.

>>> from datetime import date, datetime, timezone
>>> from teleaccord import (Agreement, Calendar, Contract, CoverageRule, DateRange, Quota,
...     QuotaLedger, TeamCoverage, TeamMember, Wish, greedy_plan, year_range)
>>> at = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
>>> agreement = Agreement(name="2 a week", quotas=[Quota(window="week", maximum=2)])
>>> contracts = [Contract.from_amendments(employee=e, hired=date(2020, 1, 1))
...              for e in ("ana", "bob")]
>>> ledgers = {}
>>> for c in contracts:
...     ledgers[c.employee] = QuotaLedger(agreement=agreement, contract=c, calendar=Calendar())
>>> team = TeamCoverage(team="claims", members=[TeamMember(contract=c) for c in contracts],
...                     rules=[CoverageRule(minimum=1)])
>>> plan = greedy_plan(team, ledgers, DateRange(date(2026, 11, 9), date(2026, 11, 13)), at=at,
...                    wishes=[Wish(employee="ana", preferred=["Mo", "Fr"], days_per_week=2),
...                            Wish(employee="bob", preferred=["Mo"], days_per_week=1)])
>>> [(d.employee, str(d.day)) for d in plan.days]
[('ana', '2026-11-09'), ('bob', '2026-11-10'), ('ana', '2026-11-13')]
>>> plan.status, str(plan.min_satisfaction)
('greedy', '2/3')
"""

from __future__ import annotations

import importlib
import importlib.util
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.agreement import AccrualStep, Window
from teleaccord.approval import TeleworkRequest
from teleaccord.coverage import TeamCoverage
from teleaccord.dates import DateRange, parse_date
from teleaccord.entitlements import entitlement, window_quota
from teleaccord.entries import Booking, aware_datetime
from teleaccord.errors import InvalidValue, OperationRefused, TeleaccordError, Violation
from teleaccord.ledger import QuotaLedger
from teleaccord.pattern import WEEKDAY_NAMES, HalfDay, weekday_number

__all__ = [
    "MAX_PLAN_DAYS",
    "POINTS_SCALE",
    "SOLVERS",
    "Cap",
    "PersonOutcome",
    "Plan",
    "PlanConflict",
    "PlanInstance",
    "PlannedDay",
    "RuleRef",
    "WeekGoal",
    "Wish",
    "book_plan",
    "check_plan",
    "greedy_plan",
    "missing_planner_extra",
    "plan_requests",
    "plan_telework",
]

MAX_PLAN_DAYS = 92
"""The longest range a plan covers (a quarter)."""

SOLVERS = ("auto", "cp-sat", "greedy")
"""The planners :func:`plan_telework` runs: ``"auto"`` is CP-SAT when the ``planner`` extra is
installed, else greedy."""

_HALVES = (HalfDay.MORNING, HalfDay.AFTERNOON)
_HALF_WORDS = {HalfDay.MORNING: "morning", HalfDay.AFTERNOON: "afternoon"}
# Booking rules whose outcome depends on the other days booked: the planner models them over
# all the days of the plan; every other rule is read once per day from the ledger.
_SET_CODES = frozenset(
    {
        "period_quota_exceeded",
        "weekly_max_exceeded",
        "monthly_max_exceeded",
        "window_max_exceeded",
        "on_site_minimum",
        "consecutive_days_exceeded",
    }
)
POINTS_SCALE = 100
"""What one wish point weighs in the objective (the fairness term is in thousandths)."""
_ONE_DAY = timedelta(days=1)


# -- wishes -------------------------------------------------------------------------------------


def _weekday_set(value: Iterable[int | str]) -> frozenset[int]:
    if isinstance(value, str):
        value = value.split()
    return frozenset(weekday_number(item, "weekdays") for item in value)


def _date_set(value: Iterable[date | str]) -> frozenset[date]:
    return frozenset(parse_date(v, field="dates") for v in value)


def _optional_count(instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 7:
        msg = f"{attribute.name}: expected a whole number of days from 0 to 7, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_value")


def _weight(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        msg = f"{attribute.name}: expected a whole number from 0 to 100, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_value")


@attrs.frozen(kw_only=True)
class Wish:
    """What one person would like: telework on some days, a number of days a week.

    Args:
        employee: whose wish it is.
        preferred: weekdays they would rather telework (names such as ``"Mo"`` or 0..6).
        preferred_dates: particular dates they would rather telework.
        avoid: weekdays they will not telework (the planner never plans them).
        avoid_dates: dates they will not telework.
        days_per_week: how many telework days a week they aim at (a wish, never imposed);
            ``None``: every preferred day.
        weight: how much their points count in the team's objective (0 to 100).

    >>> from datetime import date
    >>> from teleaccord import Wish
    >>> wish = Wish(employee="ana", preferred=["Mo", "friday"], days_per_week=2)
    >>> sorted(wish.preferred), wish.prefers(date(2026, 11, 13))
    ([0, 4], True)
    """

    employee: str
    preferred: frozenset[int] = attrs.field(default=frozenset(), converter=_weekday_set)
    preferred_dates: frozenset[date] = attrs.field(default=frozenset(), converter=_date_set)
    avoid: frozenset[int] = attrs.field(default=frozenset(), converter=_weekday_set)
    avoid_dates: frozenset[date] = attrs.field(default=frozenset(), converter=_date_set)
    days_per_week: int | None = attrs.field(default=None, validator=_optional_count)
    weight: int = attrs.field(default=1, validator=_weight)

    def prefers(self, day: date) -> bool:
        """Whether ``day`` is one of the preferred days."""
        return day.weekday() in self.preferred or day in self.preferred_dates

    def avoids(self, day: date) -> bool:
        """Whether the person will not telework on ``day``."""
        return day.weekday() in self.avoid or day in self.avoid_dates


# -- rules and conflicts ------------------------------------------------------------------------

_RULE_KINDS = ("coverage", "anchor", "fixed_booking")


def _rule_kind(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in _RULE_KINDS:
        msg = f"kind: expected one of {', '.join(_RULE_KINDS)}, got {value!r}."
        raise InvalidValue(msg, field="kind", code="invalid_choice")


def _optional_half(value: HalfDay | str | None) -> HalfDay | None:
    return None if value is None else HalfDay(value)


@attrs.frozen(kw_only=True)
class RuleRef:
    """One instance of a hard rule on one day: what a conflict names and what can be waived.

    Attributes:
        kind: ``"coverage"`` (coverage rule number ``rule`` of the team on ``half`` of
            ``day``), ``"anchor"`` (the anchor day ``day``) or ``"fixed_booking"`` (the
            existing booking ``entry_id`` of ``employee`` on ``day``).

    >>> from datetime import date
    >>> from teleaccord import RuleRef
    >>> RuleRef(kind="coverage", day=date(2026, 12, 25), half="am", rule=0).describe()
    'coverage rule 0 on 2026-12-25 (morning)'
    """

    kind: str = attrs.field(validator=_rule_kind)
    day: date
    half: HalfDay | None = attrs.field(default=None, converter=_optional_half)
    rule: int | None = None
    employee: str | None = None
    entry_id: str | None = None

    def describe(self) -> str:
        """The rule instance in words."""
        when = f"{self.day}" + (f" ({_HALF_WORDS[self.half]})" if self.half else "")
        if self.kind == "coverage":
            return f"coverage rule {self.rule} on {when}"
        if self.kind == "anchor":
            return f"anchor day {when}"
        return f"existing booking {self.entry_id} of {self.employee} on {when}"


@attrs.frozen(kw_only=True)
class PlanConflict:
    """Hard rules that cannot all hold: a minimal set (``items``: the rule instance and the
    bookings that, fixed alone, already break it; without any one of them the rest would hold),
    with a violation that says it as data (``code``, ``params``) and in words. Waiving the rule
    instance always removes the conflict; releasing bookings removes it once enough of them are
    released (``params``: ``working``, ``required`` and who already teleworks).

    Codes: ``coverage_conflict`` (a coverage rule cannot be met by the people working and not
    already teleworking or absent) and ``anchor_conflict`` (an existing booking on an anchor
    day).
    """

    violation: Violation
    items: tuple[RuleRef, ...]

    @property
    def code(self) -> str:
        """The violation's code."""
        return self.violation.code

    @property
    def message(self) -> str:
        """The conflict in words."""
        return self.violation.message


# -- the plan -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlannedDay:
    """One new telework day of a plan (a whole day; ``half`` is reserved for half-days)."""

    employee: str
    day: date
    half: HalfDay | None = attrs.field(default=None, converter=_optional_half)
    preferred: bool = False


@attrs.frozen(kw_only=True)
class PersonOutcome:
    """How the plan serves one person.

    Attributes:
        days: the new telework days planned.
        existing: the telework days already booked in the range (fixed).
        points: the wish points the plan gives them; ``wished``: the points of every wish met.
        satisfaction: ``points / wished`` (1 when they wished nothing).
    """

    employee: str
    days: tuple[date, ...]
    existing: int
    points: int
    wished: int

    @property
    def satisfaction(self) -> Fraction:
        """The share of their wish points the plan meets (1 when they wished nothing)."""
        return Fraction(self.points, self.wished) if self.wished else Fraction(1)


def _statuses(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in ("optimal", "feasible", "greedy", "infeasible"):
        msg = f"status: expected optimal, feasible, greedy or infeasible, got {value!r}."
        raise InvalidValue(msg, field="status", code="invalid_choice")


@attrs.frozen(kw_only=True)
class Plan:
    """A proposed telework plan for a team over a range, or why none exists.

    Attributes:
        status: ``"optimal"`` (CP-SAT proved it best), ``"feasible"`` (CP-SAT, best found in
            the time budget), ``"greedy"`` (the greedy plan: asked for, or better than or as
            good as the solver's, or the solver unavailable) or ``"infeasible"``
            (see ``conflicts``).
        optimal: whether the plan is proven optimal.
        solver: the planner that produced it (``"greedy"`` or ``"cp-sat"``) and
            ``solver_status`` what it said.
        days: the new telework days, by day then employee.
        people: one outcome per member planned for.
        objective: the plan's objective (the same formula for every planner);
            ``greedy_objective``: the greedy plan's, on the same instance.
        conflicts: why no plan exists (empty unless infeasible).
        waived: the rule instances not enforced.
    """

    team: str
    period: DateRange
    status: str = attrs.field(validator=_statuses)
    optimal: bool
    solver: str
    solver_status: str
    days: tuple[PlannedDay, ...] = ()
    people: tuple[PersonOutcome, ...] = ()
    objective: int = 0
    greedy_objective: int | None = None
    conflicts: tuple[PlanConflict, ...] = ()
    waived: tuple[RuleRef, ...] = ()

    @property
    def feasible(self) -> bool:
        """Whether a plan exists (no conflict)."""
        return self.status != "infeasible"

    @property
    def min_satisfaction(self) -> Fraction:
        """The lowest satisfaction among the people who wished something (1 if none)."""
        shares = [p.satisfaction for p in self.people if p.wished]
        return min(shares, default=Fraction(1))

    @property
    def spread(self) -> Fraction:
        """Highest minus lowest satisfaction among the people who wished something."""
        shares = [p.satisfaction for p in self.people if p.wished]
        return max(shares) - min(shares) if shares else Fraction(0)

    @property
    def satisfied_points(self) -> int:
        """The wish points met, summed over the team (weights not applied)."""
        return sum(p.points for p in self.people)

    def days_of(self, employee: str) -> tuple[date, ...]:
        """The new telework days planned for ``employee``."""
        return tuple(d.day for d in self.days if d.employee == employee)

    def describe(self) -> str:
        """The plan in words: its status, then one line per person (or the conflicts)."""
        lines = [
            f"Plan for team {self.team}, {self.period}: {self.status} "
            f"({self.solver}, {self.solver_status}); objective {self.objective}"
            + (
                f", greedy {self.greedy_objective}"
                if self.greedy_objective is not None and self.solver != "greedy"
                else ""
            )
            + "."
        ]
        if not self.feasible:
            lines.append("No plan meets every hard rule:")
            lines.extend(f"  - {c.message}" for c in self.conflicts)
            return "\n".join(lines)
        idle = [p.employee for p in self.people if not p.days and not p.wished]
        for person in self.people:
            if person.employee in idle:
                continue
            days = " ".join(f"{WEEKDAY_NAMES[d.weekday()]} {d.isoformat()}" for d in person.days)
            share = person.satisfaction
            lines.append(
                f"  {person.employee}: {len(person.days)} new day(s) {days or '-'}; "
                f"wishes {person.points}/{person.wished} ({float(share):.0%})"
            )
        if idle:
            lines.append(f"  {len(idle)} other(s) wished nothing and get no new day.")
        lines.append(
            f"  lowest satisfaction {float(self.min_satisfaction):.0%}, spread "
            f"{float(self.spread):.0%}"
        )
        return "\n".join(lines)


# -- the instance: every hard rule as a cap on a set of (employee, day) --------------------------


Cell = tuple[str, date]


@attrs.frozen
class Cap:
    """A hard rule as a linear limit: at most ``limit`` of the ``cells`` may be planned."""

    cells: tuple[Cell, ...]
    limit: int
    label: str


@attrs.frozen
class WeekGoal:
    """One person's wish for one week: ``target`` days, with what is fixed already."""

    days: tuple[date, ...]  # candidate days in the week
    preferred: tuple[date, ...]  # candidate days in the week that are preferred
    target: int
    existing: int  # whole telework days already booked
    existing_preferred: int

    def points(self, planned: int, planned_preferred: int) -> int:
        """2 per day up to the target, plus 1 per preferred day up to the target."""
        return 2 * min(self.target, self.existing + planned) + min(
            self.target, self.existing_preferred + planned_preferred
        )


def _floor(value: Fraction) -> int:
    return max(0, math.floor(value))


class PlanInstance:
    """A planning problem, read once: the candidate (employee, day) cells, every hard rule as a
    :class:`Cap`, each person's weekly goals, and the conflicts of the fixed part. Both
    planners (and the CP-SAT model) read this; the plan they return is checked by
    :func:`check_plan`, not by this model."""

    def __init__(
        self,
        team: TeamCoverage,
        ledgers: Mapping[str, QuotaLedger],
        period: DateRange,
        *,
        at: datetime,
        wishes: Iterable[Wish] = (),
        unavailable: Iterable[tuple[str, date]] = (),
        waived: Iterable[RuleRef] = (),
        previous: Iterable[tuple[str, date]] = (),
        fairness_weight: int = 1,
        stability_weight: int = 0,
    ) -> None:
        self.team = team
        self.ledgers = dict(ledgers)
        self.period = _check_period(period)
        self.at = aware_datetime(at, "at")
        self.unavailable = frozenset(
            (e, parse_date(d, field="unavailable")) for e, d in unavailable
        )
        self.waived = frozenset(waived)
        self.previous = frozenset(previous)
        self.fairness_weight = fairness_weight
        self.stability_weight = stability_weight
        self._members = {m.employee: m for m in team.members}
        members = set(self._members)
        self.wishes: dict[str, Wish] = {}
        for wish in wishes:
            if wish.employee not in members:
                msg = f"wishes: {wish.employee!r} is not a member of team {team.team!r}."
                raise InvalidValue(
                    msg,
                    field="wishes",
                    code="unknown_employee",
                )
            if wish.employee in self.wishes:
                msg = f"wishes: {wish.employee!r} has two wishes; give one per person."
                raise InvalidValue(
                    msg, field="wishes", code="duplicate_wish", params={"employee": wish.employee}
                )
            self.wishes[wish.employee] = wish
        self.people = tuple(sorted(e for e in members if e in self.ledgers))
        self.days = tuple(self.period)
        self.calendar = team.calendar
        self.remote: dict[str, dict[date, int]] = {}
        self.bookings: dict[str, dict[date, list[Any]]] = {}
        for m in team.members:
            masks: dict[date, int] = {}
            by_day: dict[date, list[Any]] = {}
            ledger = self.ledgers.get(m.employee)
            if ledger is not None:
                for b in ledger.active_bookings():
                    masks[b.day] = masks.get(b.day, 0) | (3 if b.half is None else b.half.mask)
                    by_day.setdefault(b.day, []).append(b)
            self.remote[m.employee] = masks
            self.bookings[m.employee] = by_day
        self.absent: frozenset[tuple[str, date]] = frozenset()
        self.off: dict[tuple[str, date], int] = {}
        self._read_absences()
        self.candidates: dict[str, tuple[date, ...]] = {}
        self.caps: list[Cap] = []
        self.conflicts: list[PlanConflict] = []
        self.goals: dict[str, tuple[WeekGoal, ...]] = {}
        self._read_people()
        self._read_coverage()
        self._read_goals()
        self.cells: tuple[Cell, ...] = tuple(
            (p, d) for p in self.people for d in self.candidates[p]
        )

    # -- per person ------------------------------------------------------------------------

    def _read_absences(self) -> None:
        """The absences recorded in the ledgers: an absent day (any half) is no candidate,
        and the absent half-days whose kind does not count as on site for coverage
        (``AbsenceKind(coverage=False)``: leave, sickness) leave the person out of those
        counted, as :meth:`~teleaccord.coverage.TeamCoverage.plan` does; a day given in
        ``unavailable`` is absent for both."""
        absent: set[tuple[str, date]] = set(self.unavailable)
        for e, d in self.unavailable:
            self.off[(e, d)] = 3
        for m in self.team.members:
            ledger = self.ledgers.get(m.employee)
            if ledger is None:
                continue
            absent.update((m.employee, d) for d in ledger.absent_halves(self.period))
            for d, mask in ledger.absent_halves(self.period, counting="coverage").items():
                key = (m.employee, d)
                self.off[key] = self.off.get(key, 0) | mask
        self.absent = frozenset(absent)

    def away(self, employee: str, day: date, half: HalfDay) -> bool:
        """Whether ``employee`` is absent on ``half`` of ``day`` and not counted on site for
        coverage (``unavailable``, or an absence recorded in their ledger)."""
        return bool(self.off.get((employee, day), 0) & half.mask)

    def worked(self, employee: str, day: date) -> int:
        """The half-days ``employee`` works on ``day`` (0 to 3)."""
        member = self._members.get(employee)
        return 0 if member is None else member.worked_mask(day, self.calendar)

    def _read_people(self) -> None:
        for p in self.people:
            ledger = self.ledgers[p]
            wish = self.wishes.get(p)
            found: list[date] = []
            for day in self.days:
                if self.worked(p, day) != 3 or (p, day) in self.absent:
                    continue
                if wish is not None and wish.avoids(day):
                    continue
                if day.weekday() in self.team.anchor_weekdays and not self._waived_anchor(day):
                    continue
                problems = [v for v in ledger.check(day, at=self.at) if v.code not in _SET_CODES]
                if not problems:
                    found.append(day)
            self.candidates[p] = tuple(found)
            if found:
                self._read_ledger_caps(p, ledger, found)

    def _waived_anchor(self, day: date) -> bool:
        return RuleRef(kind="anchor", day=day) in self.waived

    def _booked_in(self, employee: str, window: DateRange) -> Fraction:
        total = Fraction(0)
        for day, found in self.bookings[employee].items():
            if day in window:
                total += sum((b.amount for b in found), Fraction(0))
        return total

    def _read_ledger_caps(self, p: str, ledger: QuotaLedger, days: list[date]) -> None:
        agreement, contract, calendar = ledger.agreement, ledger.contract, ledger.calendar
        floor = Fraction(0)
        quota_applies = agreement.period_quota is not None
        if agreement.allow_negative:
            if agreement.negative_limit is None:
                quota_applies = False
            else:
                floor = -agreement.negative_limit
        if quota_applies:
            for period, cells in _grouped(days, ledger.period_of):
                remaining = ledger.balance(period).remaining
                self._cap(p, cells, remaining - floor, f"period quota {period}")
                if agreement.accrual.step is not AccrualStep.UPFRONT:
                    self._accrual_caps(p, ledger, period, cells, floor)
        for quota in agreement.quotas:
            if quota.maximum is None or quota.window is Window.PERIOD:
                continue
            for window, cells in _grouped(
                days, lambda d, q=quota: q.window.containing(d, agreement.reference)
            ):
                maximum = window_quota(agreement, quota, contract, window, calendar)
                if maximum is not None:
                    booked = self._booked_in(p, window)
                    self._cap(p, cells, maximum - booked, f"{quota.window.value} maximum {window}")
        for minimum in agreement.on_site:
            for window, cells in _grouped(
                days, lambda d, m=minimum: m.window.containing(d, agreement.reference)
            ):
                base = contract.worked_amount(window, calendar) + _holidays_on_site(
                    ledger, window, minimum.holidays_count_as_on_site
                )
                required = (
                    minimum.days
                    if minimum.days is not None
                    else (minimum.share or Fraction(0)) * base
                )
                required = min(required, base)
                booked = self._booked_in(p, window)
                self._cap(p, cells, base - required - booked, f"on-site minimum {window}")
        if agreement.max_consecutive_days is not None:
            self._consecutive_caps(p, agreement.max_consecutive_days, set(days))

    def _cap(self, p: str, days: Iterable[date], limit: Fraction, label: str) -> None:
        cells = tuple((p, d) for d in days)
        bound = _floor(limit)
        if bound < len(cells):
            self.caps.append(Cap(cells, bound, f"{p}: {label}"))

    def _accrual_caps(
        self, p: str, ledger: QuotaLedger, period: DateRange, days: list[date], floor: Fraction
    ) -> None:
        """Progressive accrual: what is taken by each day fits what has accrued by then."""
        checkpoints = sorted(
            {*days, *(d for d in self.bookings[p] if d in period and d >= days[0])}
        )
        for day in checkpoints:
            balance = ledger.balance(period, as_of=day)
            accrued = entitlement(
                ledger.agreement,
                ledger.contract,
                period,
                ledger.calendar,
                statuses=ledger.statuses,
                as_of=day,
            ).rounded
            available = accrued + balance.carried + balance.adjusted - balance.expired
            self._cap(
                p,
                [d for d in days if d <= day],
                available - balance.taken - floor,
                f"accrued by {day}",
            )

    def _consecutive_caps(self, p: str, limit: int, variable: set[date]) -> None:
        """At most ``limit`` telework working days in any run of ``limit + 1`` working days."""
        ledger = self.ledgers[p]
        margin = timedelta(days=7 * (limit + 2))
        run: list[date | None] = []  # None: a day already teleworked (fixed)
        windows: list[list[date | None]] = []

        def close() -> None:
            if any(d is not None for d in run):
                windows.append(list(run))
            run.clear()

        day = self.period.start - margin
        while day <= self.period.end + margin:
            segment = ledger.contract.segment_at(day)
            worked = 0 if segment is None else ledger.calendar.worked_mask(day, segment.pattern)
            if segment is None:
                close()
            elif worked:
                if worked & ~self.remote[p].get(day, 0) == 0:
                    run.append(None)
                elif day in variable:
                    run.append(day)
                else:
                    close()
            day += _ONE_DAY
        close()
        for sequence in windows:
            for start in range(max(1, len(sequence) - limit)):
                window = sequence[start : start + limit + 1]
                if len(window) <= limit:
                    break
                free = [d for d in window if d is not None]
                if free:
                    fixed = len(window) - len(free)
                    self._cap(p, free, Fraction(limit - fixed), f"{limit} days in a row")

    # -- the team -------------------------------------------------------------------------

    def counted(self, rule_index: int, day: date, half: HalfDay) -> list[str]:
        """The members a coverage rule counts on ``half`` of ``day``: its role, working that
        half-day, not unavailable."""
        rule = self.team.rules[rule_index]
        return [
            m.employee
            for m in self.team.members
            if (rule.role is None or m.role == rule.role)
            and self.worked(m.employee, day) & half.mask
            and not self.away(m.employee, day, half)
        ]

    def _read_coverage(self) -> None:
        team = self.team
        candidate_sets = {p: set(days) for p, days in self.candidates.items()}
        for day in self.days:
            if day.weekday() in team.anchor_weekdays and not self._waived_anchor(day):
                for m in team.members:
                    if not self.worked(m.employee, day) or (m.employee, day) in self.unavailable:
                        continue
                    for b in self.bookings[m.employee].get(day, ()):
                        self.conflicts.append(_anchor_conflict(team.team, day, m.employee, b))
            for half in _HALVES:
                for r, rule in enumerate(team.rules):
                    if not rule.applies(day, half, self.calendar):
                        continue
                    ref = RuleRef(kind="coverage", day=day, half=half, rule=r)
                    if ref in self.waived:
                        continue
                    counted = self.counted(r, day, half)
                    required = rule.required(len(counted))
                    fixed = [e for e in counted if self.remote[e].get(day, 0) & half.mask]
                    slack = len(counted) - len(fixed) - required
                    if slack < 0:
                        self.conflicts.append(self._coverage_conflict(ref, counted, fixed))
                        continue
                    cells = tuple((e, day) for e in counted if day in candidate_sets.get(e, ()))
                    if len(cells) > slack:
                        self.caps.append(Cap(cells, slack, ref.describe()))

    def _coverage_conflict(
        self, ref: RuleRef, counted: list[str], fixed: list[str]
    ) -> PlanConflict:
        """Shrink {rule, fixed bookings} by removing one element at a time while the rest
        still conflicts: a minimal set."""
        assert ref.rule is not None
        assert ref.half is not None
        rule = self.team.rules[ref.rule]
        required = rule.required(len(counted))
        elements: list[RuleRef] = [ref]
        for e in fixed:
            for b in self.bookings[e].get(ref.day, ()):
                if b.half is None or b.half is ref.half:
                    elements.append(
                        RuleRef(
                            kind="fixed_booking",
                            day=ref.day,
                            half=ref.half,
                            employee=e,
                            entry_id=b.entry_id,
                        )
                    )
                    break

        def conflicts(subset: list[RuleRef]) -> bool:
            if ref not in subset:
                return False
            away = sum(1 for s in subset if s.kind == "fixed_booking")
            return len(counted) - away < required

        kept = _shrink(elements, conflicts)
        booked = sorted(str(s.employee) for s in kept if s.kind == "fixed_booking")
        absent = sorted(
            m.employee
            for m in self.team.members
            if self.away(m.employee, ref.day, ref.half)
            and (rule.role is None or m.role == rule.role)
            and self.worked(m.employee, ref.day) & ref.half.mask
        )
        when = f"{ref.day} ({_HALF_WORDS[ref.half]})"
        message = (
            f"Team {self.team.team} on {when}: the rule '{rule.describe()}' needs {required} on "
            f"site, but {len(counted)} work"
            + (f" ({', '.join(absent)} absent)" if absent else "")
            + (
                f" and {', '.join(booked)} already telework{'s' if len(booked) == 1 else ''}; "
                "release one of these bookings or "
                "waive the rule that day."
                if booked
                else "; staff that half-day or waive the rule that day."
            )
        )
        violation = Violation(
            code="coverage_conflict",
            message=message,
            day=ref.day,
            params={
                "team": self.team.team,
                "half": ref.half.value,
                "rule": rule.describe(),
                "rule_index": ref.rule,
                "required": required,
                "working": len(counted),
                "teleworking": booked,
                "absent": absent,
            },
        )
        return PlanConflict(violation=violation, items=tuple(kept))

    # -- wishes ---------------------------------------------------------------------------

    def _read_goals(self) -> None:
        for p in self.people:
            wish = self.wishes.get(p)
            if wish is None or wish.weight == 0:
                self.goals[p] = ()
                continue
            goals: list[WeekGoal] = []
            candidates = set(self.candidates[p])
            for _week, days in _grouped(list(self.days), lambda d: Window.WEEK.containing(d)):
                workable = [d for d in days if self.worked(p, d) and (p, d) not in self.absent]
                preferred_workable = [d for d in workable if wish.prefers(d)]
                target = (
                    len(preferred_workable)
                    if wish.days_per_week is None
                    else min(wish.days_per_week, len(workable))
                )
                if target == 0:
                    continue
                existing = [d for d in workable if self.remote[p].get(d, 0) == 3]
                if wish.days_per_week is None:  # only the preferred days count
                    existing = [d for d in existing if wish.prefers(d)]
                goals.append(
                    WeekGoal(
                        days=tuple(
                            d
                            for d in days
                            if d in candidates
                            and (wish.days_per_week is not None or wish.prefers(d))
                        ),
                        preferred=tuple(d for d in days if d in candidates and wish.prefers(d)),
                        target=target,
                        existing=len(existing),
                        existing_preferred=sum(1 for d in existing if wish.prefers(d)),
                    )
                )
            self.goals[p] = tuple(goals)

    def wished(self, employee: str) -> int:
        """The points of every wish of ``employee`` met (3 per target day)."""
        return sum(3 * g.target for g in self.goals.get(employee, ()))

    def points(self, employee: str, planned: Iterable[date]) -> int:
        """The wish points of ``employee`` with ``planned`` as new telework days."""
        chosen = set(planned)
        return sum(
            g.points(
                sum(1 for d in g.days if d in chosen), sum(1 for d in g.preferred if d in chosen)
            )
            for g in self.goals.get(employee, ())
        )

    def objective(self, plan: Iterable[Cell]) -> int:
        """The objective of a plan (the same formula CP-SAT maximises)."""
        cells = set(plan)
        by_person: dict[str, list[date]] = {p: [] for p in self.people}
        for p, d in cells:
            by_person.setdefault(p, []).append(d)
        total = 0
        lowest: int | None = None
        for p in self.people:
            points = self.points(p, by_person[p])
            weight = self.wishes[p].weight if p in self.wishes else 0
            total += POINTS_SCALE * weight * points
            wished = self.wished(p)
            if wished:
                share = 1000 * points // wished
                lowest = share if lowest is None else min(lowest, share)
        changes = len(cells ^ (self.previous & set(self.cells)))
        return (
            total
            + self.fairness_weight * (lowest or 0)
            - len(cells)
            - self.stability_weight * changes
        )


def _check_period(period: DateRange) -> DateRange:
    if len(period) > MAX_PLAN_DAYS:
        msg = (
            f"period: a plan covers at most {MAX_PLAN_DAYS} days (a quarter); {period} has "
            f"{len(period)}. Plan it quarter by quarter."
        )
        raise InvalidValue(
            msg,
            field="period",
            code="plan_too_long",
            params={"days": len(period), "maximum": MAX_PLAN_DAYS},
        )
    return period


def _grouped(days: Iterable[date], key: Any) -> list[tuple[DateRange, list[date]]]:
    groups: dict[DateRange, list[date]] = {}
    for d in days:
        groups.setdefault(key(d), []).append(d)
    return sorted(groups.items(), key=lambda kv: kv[0].start)


def _holidays_on_site(ledger: QuotaLedger, window: DateRange, count: bool) -> Fraction:
    """Holidays on days the employee would work, counted as on site (the on-site rule's base)."""
    if not count:
        return Fraction(0)
    total = Fraction(0)
    for holiday in ledger.calendar.holidays(window):
        seg = ledger.contract.segment_at(holiday.day)
        if seg is None or holiday.worked or seg.pattern.works_holidays:
            continue
        if holiday.day in ledger.calendar.closures:
            continue
        total += Fraction(bin(seg.pattern.mask_on(holiday.day)).count("1"), 2)
    return total


def _shrink(elements: list[RuleRef], conflicts: Any) -> list[RuleRef]:
    """Deletion-based shrinking: drop each element whose removal keeps the conflict."""
    kept = list(elements)
    for element in list(elements):
        trial = [e for e in kept if e != element]
        if conflicts(trial):
            kept = trial
    return kept


def _anchor_conflict(team: str, day: date, employee: str, booking: Any) -> PlanConflict:
    weekday = WEEKDAY_NAMES[day.weekday()]
    message = (
        f"{day} is an anchor day of team {team} ({weekday}: everyone on site), but {employee} "
        f"already teleworks (booking {booking.entry_id}); release the booking or waive the "
        "anchor day."
    )
    violation = Violation(
        code="anchor_conflict",
        message=message,
        day=day,
        params={"team": team, "employee": employee, "entry_id": booking.entry_id},
    )
    items = (
        RuleRef(kind="anchor", day=day),
        RuleRef(
            kind="fixed_booking",
            day=day,
            half=booking.half,
            employee=employee,
            entry_id=booking.entry_id,
        ),
    )
    return PlanConflict(violation=violation, items=items)


# -- the independent check ----------------------------------------------------------------------


def _describe_rule_indices(team: TeamCoverage, text: str) -> list[int]:
    return [n for n, rule in enumerate(team.rules) if rule.describe() == text]


def check_plan(instance: PlanInstance, days: Iterable[Cell]) -> tuple[Violation, ...]:
    """Every hard rule the plan ``days`` (new telework days) breaks, found by the library's own
    code: each day is booked, in date order, into a copy of the person's ledger (every booking
    rule, ``at`` the moment the plan is made), then the team's coverage is read with
    :meth:`TeamCoverage.plan <teleaccord.coverage.TeamCoverage.plan>` day by day (members
    unavailable that day left out). Waived rule instances are not reported. Empty: the plan is
    valid.

    A refused booking comes back as the ledger's own violations with ``employee`` added to
    their parameters; a planned day for someone outside the team or range, or unavailable, as
    ``plan_day_not_allowed``.
    """
    found: list[Violation] = []
    copies = {p: ledger.copy() for p, ledger in instance.ledgers.items()}
    members = {m.employee for m in instance.team.members}
    for p, day in sorted(set(days), key=lambda c: (c[1], c[0])):
        if (
            p not in members
            or p not in copies
            or day not in instance.period
            or (
                p,
                day,
            )
            in instance.unavailable
        ):
            found.append(
                Violation(
                    code="plan_day_not_allowed",
                    message=(
                        f"{p} cannot be planned on {day}: not a member with a ledger, outside "
                        f"{instance.period}, or unavailable that day."
                    ),
                    day=day,
                    params={"employee": p},
                )
            )
            continue
        try:
            copies[p].book(day, at=instance.at, by="planner", entry_id=f"plan:{p}:{day}")
        except OperationRefused as refused:
            found.extend(
                Violation(
                    code=v.code,
                    message=f"{p}: {v.message}",
                    day=v.day,
                    params={**dict(v.params), "employee": p},
                )
                for v in refused.violations
            )
    team = instance.team
    for day in instance.days:
        present = [m for m in team.members if (m.employee, day) not in instance.unavailable]
        view = attrs.evolve(team, members=present) if len(present) < len(team.members) else team
        for shortfall in view.plan(DateRange(day, day), copies).shortfalls:
            half = HalfDay(shortfall.param("half"))
            if shortfall.code == "anchor_day":
                if RuleRef(kind="anchor", day=day) in instance.waived:
                    continue
            else:
                indices = _describe_rule_indices(team, shortfall.param("rule"))
                refs = [RuleRef(kind="coverage", day=day, half=half, rule=r) for r in indices]
                if refs and all(r in instance.waived for r in refs):
                    continue
            found.append(shortfall)
    return tuple(found)


def _repair(instance: PlanInstance, plan: set[Cell]) -> set[Cell]:
    """Drop planned days until :func:`check_plan` finds nothing (removing telework never breaks
    a hard rule, so this ends); a safety net, a correct planner has nothing to drop."""
    plan = set(plan)
    for _ in range(len(plan) + 1):
        problems = check_plan(instance, plan)
        if not problems:
            return plan
        drop: set[Cell] = set()
        for v in problems:
            if "employee" in dict(v.params) and v.code not in ("anchor_day",):
                cell = (v.param("employee"), v.day)
                if cell in plan:
                    drop.add(cell)
                    continue
            day = v.day
            half = HalfDay(v.param("half")) if "half" in dict(v.params) else None
            planned = sorted(
                c
                for c in plan
                if c[1] == day and (half is None or instance.worked(c[0], day) & half.mask)
            )
            if planned:
                drop.add(planned[-1])
        if not drop:
            return set()
        plan -= drop
    return set()


# -- greedy -------------------------------------------------------------------------------------


def _greedy_cells(instance: PlanInstance) -> set[Cell]:
    """Round-robin: the least satisfied person first takes their best next day that every cap
    and their ledger allow; a day refused once stays refused (rules only tighten)."""
    caps_of: dict[Cell, list[int]] = {}
    for n, cap in enumerate(instance.caps):
        for cell in cap.cells:
            caps_of.setdefault(cell, []).append(n)
    used = [0] * len(instance.caps)
    copies = {p: instance.ledgers[p].copy() for p in instance.people}
    chosen: dict[str, list[date]] = {p: [] for p in instance.people}
    dead: set[Cell] = set()
    order: dict[str, list[date]] = {}
    for p in instance.people:
        wish = instance.wishes.get(p)
        ranked: list[tuple[bool, bool, date]] = sorted(
            (
                not (wish is not None and wish.prefers(d)),
                (p, d) not in instance.previous,
                d,
            )
            for d in instance.candidates[p]
        )
        order[p] = [d for _, _, d in ranked]
    plan: set[Cell] = set()
    progress = True
    while progress:
        progress = False
        ranking = sorted(
            instance.people,
            key=lambda p: (
                Fraction(instance.points(p, chosen[p]), instance.wished(p))
                if instance.wished(p)
                else Fraction(2),
                p,
            ),
        )
        for p in ranking:
            weight = instance.wishes[p].weight if p in instance.wishes else 0
            base = instance.points(p, chosen[p])
            for d in order[p]:
                cell = (p, d)
                if cell in plan or cell in dead:
                    continue
                gain = POINTS_SCALE * weight * (instance.points(p, [*chosen[p], d]) - base) - 1
                if cell in instance.previous:
                    gain += instance.stability_weight
                else:
                    gain -= instance.stability_weight
                if gain <= 0:
                    dead.add(cell)
                    continue
                if any(used[n] >= instance.caps[n].limit for n in caps_of.get(cell, ())):
                    dead.add(cell)
                    continue
                if copies[p].check(d, at=instance.at):
                    dead.add(cell)
                    continue
                copies[p].book(d, at=instance.at, by="planner", entry_id=f"plan:{p}:{d}")
                for n in caps_of.get(cell, ()):
                    used[n] += 1
                plan.add(cell)
                chosen[p].append(d)
                progress = True
                break
    return plan


def _result(
    instance: PlanInstance,
    cells: set[Cell],
    status: str,
    solver_status: str,
    greedy_objective: int | None,
) -> Plan:
    """The plan of ``cells``: the greedy planner's when ``status`` is ``"greedy"``, else
    CP-SAT's (``"optimal"``, proven, or ``"feasible"``)."""
    by_person: dict[str, list[date]] = {p: [] for p in instance.people}
    for p, d in cells:
        by_person[p].append(d)
    people = []
    for p in instance.people:
        existing = sum(
            1 for d, mask in instance.remote[p].items() if d in instance.period and mask == 3
        )
        people.append(
            PersonOutcome(
                employee=p,
                days=tuple(sorted(by_person[p])),
                existing=existing,
                points=instance.points(p, by_person[p]),
                wished=instance.wished(p),
            )
        )
    days = tuple(
        PlannedDay(
            employee=p,
            day=d,
            preferred=p in instance.wishes and instance.wishes[p].prefers(d),
        )
        for p, d in sorted(cells, key=lambda c: (c[1], c[0]))
    )
    return Plan(
        team=instance.team.team,
        period=instance.period,
        status=status,
        optimal=status == "optimal",
        solver="greedy" if status == "greedy" else "cp-sat",
        solver_status=solver_status,
        days=days,
        people=tuple(people),
        objective=instance.objective(cells),
        greedy_objective=greedy_objective,
        waived=tuple(
            sorted(instance.waived, key=lambda r: (r.day, r.kind, str(r.half), str(r.rule)))
        ),
    )


def _infeasible(instance: PlanInstance, solver: str) -> Plan:
    return Plan(
        team=instance.team.team,
        period=instance.period,
        status="infeasible",
        optimal=False,
        solver=solver,
        solver_status="conflicts in the fixed part",
        conflicts=tuple(instance.conflicts),
        waived=tuple(instance.waived),
    )


def _greedy(instance: PlanInstance) -> tuple[set[Cell], int]:
    cells = _repair(instance, _greedy_cells(instance))
    return cells, instance.objective(cells)


def greedy_plan(
    team: TeamCoverage,
    ledgers: Mapping[str, QuotaLedger],
    period: DateRange,
    *,
    at: datetime,
    wishes: Iterable[Wish] = (),
    unavailable: Iterable[tuple[str, date]] = (),
    waived: Iterable[RuleRef] = (),
    previous: Iterable[tuple[str, date]] = (),
    fairness_weight: int = 1,
    stability_weight: int = 0,
) -> Plan:
    """The greedy plan (pure Python, always available): the baseline, the CP-SAT planner's
    hint and its fallback. Arguments as :func:`plan_telework`, which it is with
    ``solver="greedy"``."""
    return plan_telework(
        team,
        ledgers,
        period,
        at=at,
        wishes=wishes,
        unavailable=unavailable,
        waived=waived,
        previous=previous,
        fairness_weight=fairness_weight,
        stability_weight=stability_weight,
        solver="greedy",
    )


def _cpsat_module() -> Any:
    return importlib.import_module("teleaccord.planner_cpsat")


def plan_telework(
    team: TeamCoverage,
    ledgers: Mapping[str, QuotaLedger],
    period: DateRange,
    *,
    at: datetime,
    wishes: Iterable[Wish] = (),
    unavailable: Iterable[tuple[str, date]] = (),
    waived: Iterable[RuleRef] = (),
    previous: Iterable[tuple[str, date]] = (),
    fairness_weight: int = 1,
    stability_weight: int = 0,
    solver: str = "auto",
    time_limit: float = 10.0,
    seed: int = 0,
) -> Plan:
    """Propose new telework days for ``team`` over ``period`` (at most :data:`MAX_PLAN_DAYS`),
    or say why no plan meets the hard rules.

    Args:
        team: the team (members, roles, coverage rules, anchor weekdays, calendar).
        ledgers: each member's ledger (members without one are counted on site and get no
            plan); their active bookings are fixed.
        period: the days to plan.
        at: when the plan is made (timezone-aware): the agreements' notice is checked
            against it, as for a booking made then.
        wishes: one :class:`Wish` per person at most.
        unavailable: ``(employee, day)`` pairs when the person is absent: not on site, not
            teleworking, not counted among those working. The absences recorded in the
            ledgers (:meth:`~teleaccord.ledger.QuotaLedger.record_absence`) are read too:
            no telework on an absent day, and an absent half-day is not counted on site
            unless the absence kind counts as on site for coverage (a training in the office).
        waived: rule instances not to enforce (see :class:`PlanConflict`).
        previous: the ``(employee, day)`` cells of a previous plan to stay close to.
        fairness_weight: the weight of the lowest satisfaction (thousandths) in the objective.
        stability_weight: the cost of each day that differs from ``previous``.
        solver: ``"auto"``, ``"cp-sat"`` or ``"greedy"`` (:data:`SOLVERS`).
        time_limit: CP-SAT's deterministic time budget (its own unit, about seconds).
        seed: CP-SAT's random seed (it runs one worker: the same input gives the same plan).

    Raises:
        InvalidValue: a bad argument (``plan_too_long``, ``unknown_employee``,
            ``duplicate_wish``, an unknown solver).
        TeleaccordError: ``missing_dependency`` when ``solver="cp-sat"`` and OR-Tools is not
            installed (``pip install 'teleaccord[planner]'``).
    """
    if solver not in SOLVERS:
        msg = f"solver: expected one of {', '.join(SOLVERS)}, got {solver!r}."
        raise InvalidValue(msg, field="solver", code="invalid_choice")
    instance = PlanInstance(
        team,
        ledgers,
        period,
        at=at,
        wishes=wishes,
        unavailable=unavailable,
        waived=waived,
        previous=previous,
        fairness_weight=fairness_weight,
        stability_weight=stability_weight,
    )
    use_cpsat = solver == "cp-sat"
    if solver == "auto":
        use_cpsat = importlib.util.find_spec("ortools") is not None
    if use_cpsat:
        module = _cpsat_module()
        module.require_ortools()
    if instance.conflicts:
        return _infeasible(instance, "cp-sat" if use_cpsat else "greedy")
    greedy_cells, greedy_objective = _greedy(instance)
    done = "done"
    if use_cpsat:
        found = module.solve(instance, hint=greedy_cells, time_limit=time_limit, seed=seed)
        cells = _repair(instance, set(found.cells)) if found.cells is not None else None
        if cells is not None and instance.objective(cells) >= greedy_objective:
            proven = found.optimal and cells == set(found.cells)
            status = "optimal" if proven else "feasible"
            return _result(instance, cells, status, found.status, greedy_objective)
        done = f"cp-sat {found.status}: greedy kept"
    return _result(instance, greedy_cells, "greedy", done, greedy_objective)


def missing_planner_extra() -> TeleaccordError:
    """The error raised when the ``planner`` extra (OR-Tools) is not installed."""
    msg = (
        "The CP-SAT planner needs the optional package 'ortools'; install it with "
        "pip install 'teleaccord[planner]', or plan with solver='greedy'."
    )
    return TeleaccordError(msg, code="missing_dependency", field="ortools")


# -- from a plan to bookings or requests --------------------------------------------------------


def plan_requests(plan: Plan, *, prefix: str = "plan") -> tuple[TeleworkRequest, ...]:
    """The plan as pre-filled draft requests, one per person with new days (id
    ``{prefix}-{employee}``), to submit through a
    :class:`~teleaccord.approval.RequestWorkflow` as any request is.

    >>> from datetime import date
    >>> from teleaccord import DateRange, Plan, PlannedDay, plan_requests
    >>> plan = Plan(team="t", period=DateRange(date(2026, 1, 5), date(2026, 1, 9)),
    ...             status="greedy", optimal=False, solver="greedy", solver_status="done",
    ...             days=[PlannedDay(employee="ana", day=date(2026, 1, 5)),
    ...                   PlannedDay(employee="ana", day=date(2026, 1, 8))])
    >>> [(r.id, r.state.value, [d.day for d in r.days]) for r in plan_requests(plan)]
    [('plan-ana', 'draft', [5, 8])]
    """
    by_person: dict[str, list[date]] = {}
    for planned in plan.days:
        by_person.setdefault(planned.employee, []).append(planned.day)
    return tuple(
        TeleworkRequest(
            id=f"{prefix}-{employee}",
            employee=employee,
            days=sorted(days),
            note=f"proposed by the team plan of {plan.team}, {plan.period}",
        )
        for employee, days in sorted(by_person.items())
    )


def book_plan(
    plan: Plan, ledgers: Mapping[str, QuotaLedger], *, at: datetime, by: str
) -> tuple[Booking, ...]:
    """Book every day of ``plan`` in the members' ledgers (bookings made without a request, as
    HR or an arrangement does), all or nothing: every day is first booked into copies of the
    ledgers; if one is refused, :class:`~teleaccord.errors.OperationRefused` carries every
    violation and no ledger changes. Entry ids are ``plan:{employee}:{day}``, so booking the
    same plan again returns the same bookings.

    Raises:
        OperationRefused: a day cannot be booked (the ledgers changed since the plan was made,
            or ``at`` is past a notice deadline).
        InvalidValue: a planned person has no ledger (``unknown_employee``).
    """
    for planned in plan.days:
        if planned.employee not in ledgers:
            msg = f"ledgers: no ledger for {planned.employee!r}, planned on {planned.day}."
            raise InvalidValue(msg, field="ledgers", code="unknown_employee")
    copies = {e: ledgers[e].copy() for e in {d.employee for d in plan.days}}

    def book(into: Mapping[str, QuotaLedger], planned: PlannedDay) -> Booking:
        return into[planned.employee].book(
            planned.day,
            half=planned.half,
            at=at,
            by=by,
            entry_id=f"plan:{planned.employee}:{planned.day}",
        )

    refused: list[Violation] = []
    for planned in plan.days:
        try:
            book(copies, planned)
        except OperationRefused as error:
            refused.extend(error.violations)
    if refused:
        raise OperationRefused.from_violations(refused)
    return tuple(book(ledgers, planned) for planned in plan.days)
