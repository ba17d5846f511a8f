"""On-site coverage: how many people a team keeps on site, checked before telework is approved.

A :class:`TeamCoverage` lists a team's members (their contracts say which half-days they work)
and its :class:`CoverageRule` values: a minimum on site as a headcount or as a share of the
people working that half-day, optionally for one role, one half-day or some weekdays, on
working days only or on every day of the year (a 24/7 platform). Anchor weekdays are days the
whole team is on site.

Coverage is counted per half-day (morning, afternoon); a shift that crosses midnight belongs to
the day it starts on. Who teleworks is read from the members' ledgers (one per employee):
:meth:`TeamCoverage.check_request` returns a :class:`~teleaccord.errors.Violation`
(``coverage_below_minimum`` or ``anchor_day``) with the numbers and the nearest dates on which
the request would fit, and :meth:`TeamCoverage.plan` shows a week or a month: who is on site,
who teleworks, and the days at risk.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.amounts import format_amount, parse_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange
from teleaccord.errors import InvalidValue, Violation
from teleaccord.pattern import WEEKDAY_NAMES, HalfDay, WorkPattern, weekday_number
from teleaccord.statemachine import BookingLedger, optional_half
from teleaccord.validators import first_repeat, non_negative, optional, whole_number

__all__ = [
    "CoverageRule",
    "DayPlan",
    "HalfDayPlan",
    "TeamCoverage",
    "TeamMember",
    "TeamPlan",
    "coverage_rules",
]

_HALVES = (HalfDay.MORNING, HalfDay.AFTERNOON)
_HALF_NAMES = {HalfDay.MORNING: "morning", HalfDay.AFTERNOON: "afternoon"}
_LONG_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekdays(value: Iterable[Any] | None) -> frozenset[int] | None:
    return None if value is None else frozenset(weekday_number(v, "weekday", "Tu") for v in value)


def _anchor_weekdays(value: Iterable[Any]) -> frozenset[int]:
    return frozenset(weekday_number(v, "weekday", "Tu") for v in value)


def _optional_share(value: Any) -> Fraction | None:
    return None if value is None else parse_amount(value, field="share")


_HEADCOUNT = optional(
    whole_number(
        0,
        code="invalid_minimum",
        message="{field}: a headcount is a whole number of people, 0 or more, got {value!r}.",
    )
)
_COUNT = non_negative(code="negative_count", message="{field}: must be 0 or more, got {value}.")


def _check_share(
    instance: CoverageRule, attribute: attrs.Attribute[Any], value: Fraction | None
) -> None:
    if instance.minimum is None and value is None:
        msg = "coverage rule: give a minimum headcount, a share of the people working, or both."
        raise InvalidValue(msg, field="minimum", code="empty_rule")
    if value is not None and not 0 < value <= 1:
        msg = f"share: a share is more than 0 and at most 1, got {format_amount(value)}."
        raise InvalidValue(msg, field="share", code="invalid_share")


def _share_text(share: Fraction) -> str:
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    return f"{share.numerator}/{share.denominator}"


@attrs.frozen(kw_only=True)
class CoverageRule:
    """A minimum presence on site for each half-day the rule covers.

    Args:
        minimum: people on site, at least (a headcount).
        share: people on site as a share of those working that half-day (rounded up); with
            ``minimum`` too, the larger applies.
        role: count only members with this role (and check only their requests).
        half: only mornings or only afternoons (default: both).
        weekdays: only these weekdays (0 Monday .. 6 Sunday, or names).
        every_day: apply on every day of the year, weekends and holidays included (a 24/7
            platform); by default the rule applies on the calendar's working days.
        label: a short name shown in messages.

    >>> from teleaccord import CoverageRule
    >>> rule = CoverageRule(share="1/2")
    >>> rule.required(working=5), rule.describe()
    (3, 'at least 50 % of those working on site')
    >>> CoverageRule(minimum=4, role="agent", every_day=True).describe()
    'at least 4 on site (agent), every day'
    """

    minimum: int | None = attrs.field(default=None, validator=_HEADCOUNT)
    share: Fraction | None = attrs.field(
        default=None, converter=_optional_share, validator=_check_share
    )
    role: str | None = None
    half: HalfDay | None = attrs.field(default=None, converter=optional_half)
    weekdays: frozenset[int] | None = attrs.field(default=None, converter=_weekdays)
    every_day: bool = False
    label: str = ""

    def required(self, working: int) -> int:
        """The people needed on site when ``working`` people work that half-day."""
        need = self.minimum or 0
        if self.share is not None:
            need = max(need, math.ceil(self.share * working))
        return need

    def applies(self, day: date, half: HalfDay, calendar: Calendar) -> bool:
        """Whether the rule covers ``half`` of ``day``."""
        if self.half is not None and half is not self.half:
            return False
        if self.weekdays is not None and day.weekday() not in self.weekdays:
            return False
        return self.every_day or _is_working_day(calendar, day)

    def describe(self) -> str:
        """The rule in words (its label, when it has one)."""
        if self.label:
            return self.label
        parts = []
        if self.minimum is not None:
            parts.append(f"at least {self.minimum} on site")
        if self.share is not None:
            parts.append(f"at least {_share_text(self.share)} of those working on site")
        text = " and ".join(parts)
        if self.role:
            text += f" ({self.role})"
        if self.half:
            text += f", {_HALF_NAMES[self.half]}s"
        if self.weekdays is not None:
            text += ", on " + " ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        if self.every_day:
            text += ", every day"
        return text


def coverage_rules(value: Iterable[CoverageRule]) -> tuple[CoverageRule, ...]:
    """An attrs converter: coverage rules as a tuple, typed (the ``rules`` of a
    :class:`TeamCoverage` and of a :class:`~teleaccord.teams.TeamSpec`).

    >>> from teleaccord import CoverageRule
    >>> from teleaccord.coverage import coverage_rules
    >>> rules = coverage_rules(iter([CoverageRule(minimum=2), CoverageRule(share="1/2")]))
    >>> type(rules).__name__, [r.describe() for r in rules]
    ('tuple', ['at least 2 on site', 'at least 50 % of those working on site'])
    """
    return tuple(value)


@attrs.frozen(kw_only=True)
class TeamMember:
    """A team member: their contract (which half-days they work) and their role.

    >>> from datetime import date
    >>> from teleaccord import Contract, TeamMember
    >>> c = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    >>> TeamMember(contract=c, role="agent").employee
    'ana'
    """

    contract: Contract
    role: str | None = None

    @property
    def employee(self) -> str:
        """The member's employee id."""
        return self.contract.employee

    def worked_mask(self, day: date, calendar: Calendar) -> int:
        """The half-days worked on ``day`` (0 none, 1 morning, 2 afternoon, 3 both)."""
        segment = self.contract.segment_at(day)
        return 0 if segment is None else _worked_mask(calendar, segment.pattern, day)


@functools.lru_cache(maxsize=1 << 16)
def _worked_mask(calendar: Calendar, pattern: WorkPattern, day: date) -> int:
    """Calendar.worked_mask, remembered: a team plan asks for each member every day."""
    return calendar.worked_mask(day, pattern)


@functools.lru_cache(maxsize=1 << 12)
def _is_working_day(calendar: Calendar, day: date) -> bool:
    return calendar.is_working_day(day)


def _members(value: Iterable[TeamMember]) -> tuple[TeamMember, ...]:
    return tuple(value)


def _check_members(
    instance: TeamCoverage, attribute: attrs.Attribute[Any], value: tuple[TeamMember, ...]
) -> None:
    twice = first_repeat(value, lambda m: m.employee)
    if twice is not None:
        msg = f"members: {twice.employee!r} is listed twice in team {instance.team!r}."
        raise InvalidValue(msg, field="members", code="duplicate_member")


class _View:
    """What a check reads once: each member's teleworked, absent and worked half-days, as day
    masks (0 none, 1 morning, 2 afternoon, 3 both); worked masks are filled as they are asked
    for. ``absent`` holds every absence (no telework then), ``off`` only those whose kind does
    not count as on site for coverage (the person is then neither working nor on site)."""

    __slots__ = ("absent", "calendar", "off", "remote", "worked")

    def __init__(
        self,
        calendar: Calendar,
        remote: dict[str, dict[date, int]],
        absent: dict[str, dict[date, int]] | None = None,
        off: dict[str, dict[date, int]] | None = None,
    ) -> None:
        self.calendar = calendar
        self.remote = remote
        self.absent = absent or {}
        self.off = off or {}
        self.worked: dict[tuple[str, date], int] = {}

    def works(self, member: TeamMember, day: date) -> int:
        key = (member.employee, day)
        mask = self.worked.get(key)
        if mask is None:
            mask = self.worked[key] = member.worked_mask(day, self.calendar)
        return mask

    def away(self, employee: str, day: date) -> int:
        return self.remote.get(employee, {}).get(day, 0)

    def absent_on(self, employee: str, day: date) -> int:
        """Every absent half-day of ``day`` (no telework on them)."""
        return self.absent.get(employee, {}).get(day, 0)

    def off_on(self, employee: str, day: date) -> int:
        """The absent half-days of ``day`` that do not count as on site for coverage."""
        return self.off.get(employee, {}).get(day, 0)


@attrs.frozen(kw_only=True)
class HalfDayPlan:
    """One half-day of a team plan: who is on site, who teleworks, who is absent (an absent
    person whose absence kind counts as on site for coverage, such as training in the office,
    is also among those on site), what is short.

    >>> from teleaccord import HalfDayPlan
    >>> HalfDayPlan(half="am", on_site=("ana",), teleworking=("bob",)).at_risk
    False
    """

    half: HalfDay = attrs.field(converter=HalfDay)
    on_site: tuple[str, ...]
    teleworking: tuple[str, ...]
    shortfalls: tuple[Violation, ...] = ()
    absent: tuple[str, ...] = ()

    @property
    def at_risk(self) -> bool:
        """Whether a rule is not met (or someone teleworks on an anchor day)."""
        return bool(self.shortfalls)


@attrs.frozen(kw_only=True)
class DayPlan:
    """One day of a team plan, half-day by half-day (see :class:`TeamPlan`).

    >>> from datetime import date
    >>> from teleaccord import DayPlan
    >>> DayPlan(day=date(2024, 6, 4), anchor=True, halves=()).at_risk
    False
    """

    day: date
    anchor: bool
    halves: tuple[HalfDayPlan, ...]

    @property
    def at_risk(self) -> bool:
        """Whether either half-day is at risk."""
        return any(h.at_risk for h in self.halves)

    @property
    def on_site(self) -> tuple[str, ...]:
        """Who is on site for at least one half-day."""
        return tuple(sorted({e for h in self.halves for e in h.on_site}))

    @property
    def teleworking(self) -> tuple[str, ...]:
        """Who teleworks for at least one half-day."""
        return tuple(sorted({e for h in self.halves for e in h.teleworking}))

    @property
    def absent(self) -> tuple[str, ...]:
        """Who is absent for at least one half-day."""
        return tuple(sorted({e for h in self.halves for e in h.absent}))


@attrs.frozen(kw_only=True)
class TeamPlan:
    """A team's week or month: each day's people on site and teleworking, and days at risk.

    >>> from datetime import date
    >>> from teleaccord import Contract, CoverageRule, DateRange, TeamCoverage, TeamMember
    >>> members = [TeamMember(contract=Contract.from_amendments(employee=e, hired="2020-01-01"))
    ...            for e in ("ana", "bob")]
    >>> team = TeamCoverage(team="claims", members=members, rules=[CoverageRule(minimum=1)])
    >>> plan = team.plan(DateRange(date(2024, 6, 3), date(2024, 6, 4)), {})
    >>> plan.days[0].on_site, plan.days_at_risk
    (('ana', 'bob'), ())
    >>> print(plan.describe())
    Team claims, 2024-06-03..2024-06-04:
      Mo 2024-06-03  on site: ana, bob  teleworking: -
      Tu 2024-06-04  on site: ana, bob  teleworking: -
    """

    team: str
    period: DateRange
    days: tuple[DayPlan, ...]

    @property
    def days_at_risk(self) -> tuple[date, ...]:
        """The days where a rule is not met."""
        return tuple(d.day for d in self.days if d.at_risk)

    @property
    def shortfalls(self) -> tuple[Violation, ...]:
        """Every shortfall of the period, in date order."""
        return tuple(v for d in self.days for h in d.halves for v in h.shortfalls)

    def describe(self) -> str:
        """The plan as text, one line per day (``!`` marks a day at risk)."""
        lines = [f"Team {self.team}, {self.period}:"]
        for day in self.days:
            if not day.halves:
                continue
            mark = "!" if day.at_risk else " "
            anchor = " (anchor day)" if day.anchor else ""
            on_site = ", ".join(day.on_site) or "-"
            remote = ", ".join(day.teleworking) or "-"
            name = WEEKDAY_NAMES[day.day.weekday()]
            away = f"  absent: {', '.join(day.absent)}" if day.absent else ""
            lines.append(
                f"{mark} {name} {day.day}{anchor}  on site: {on_site}  teleworking: {remote}{away}"
            )
            lines.extend(f"    {v.message}" for h in day.halves for v in h.shortfalls)
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class TeamCoverage:
    """A team's coverage rules, its anchor weekdays and its members.

    Args:
        team: the team's name.
        members: the members, each with their contract and role.
        rules: the coverage rules.
        anchor_weekdays: weekdays everyone is on site (0 Monday, or names such as ``"Tu"``).
        calendar: the team's calendar (holidays, closures).
        search_days: how far (calendar days each way) to look for dates that fit.
        suggestions: how many dates to suggest.

    A member without a ledger in the mapping a check is given counts as on site. A member
    absent on a half-day (an :class:`~teleaccord.absence.Absence` in their ledger) is not on
    site and not among the people working that half-day, so a share's denominator is the
    people scheduled and not absent; an absence kind the agreement counts as on site for
    coverage (``AbsenceKind(coverage=True)``, a training in the office) counts as on site.

    >>> from datetime import date
    >>> from teleaccord import Contract, CoverageRule, TeamCoverage, TeamMember
    >>> members = [TeamMember(contract=Contract.from_amendments(employee=e, hired=date(2020, 1, 1)))
    ...            for e in ("ana", "bob", "eve")]
    >>> team = TeamCoverage(team="claims", members=members, rules=[CoverageRule(minimum=2)],
    ...                     anchor_weekdays=["Tu"])
    >>> [v.code for v in team.check_request("ana", [date(2024, 6, 4)], None, {})]
    ['anchor_day']
    >>> team.check_request("ana", [date(2024, 6, 3)], None, {})
    ()
    """

    team: str
    members: tuple[TeamMember, ...] = attrs.field(converter=_members, validator=_check_members)
    rules: tuple[CoverageRule, ...] = attrs.field(default=(), converter=coverage_rules)
    anchor_weekdays: frozenset[int] = attrs.field(default=frozenset(), converter=_anchor_weekdays)
    calendar: Calendar = attrs.field(factory=Calendar)
    search_days: int = attrs.field(default=14, validator=_COUNT)
    suggestions: int = attrs.field(default=3, validator=_COUNT)

    def member(self, employee: str) -> TeamMember | None:
        """The member ``employee``, or ``None``."""
        for m in self.members:
            if m.employee == employee:
                return m
        return None

    # -- reading the ledgers --------------------------------------------------------------

    def _index(self, ledgers: Mapping[str, BookingLedger], period: DateRange) -> _View:
        """Each member's telework half-days in ``period``, read once from the ledgers."""
        remote: dict[str, dict[date, int]] = {}
        absent: dict[str, dict[date, int]] = {}
        off: dict[str, dict[date, int]] = {}
        for m in self.members:
            ledger = ledgers.get(m.employee)
            days: dict[date, int] = {}
            if ledger is not None:
                for b in ledger.active_bookings(period):
                    mask = 3 if b.half is None else HalfDay(b.half).mask
                    days[b.day] = days.get(b.day, 0) | mask
                # A QuotaLedger knows the member's absences; another BookingLedger may not.
                absent_halves = getattr(ledger, "absent_halves", None)
                if absent_halves is not None:
                    absent[m.employee] = absent_halves(period)
                    off[m.employee] = absent_halves(period, counting="coverage")
            remote[m.employee] = days
        return _View(self.calendar, remote, absent, off)

    def _count(
        self, day: date, half: HalfDay, rule: CoverageRule, index: _View, extra: str | None
    ) -> tuple[int, int]:
        """(working, on site) for ``rule`` on ``half`` of ``day``, with ``extra`` teleworking."""
        working = on_site = 0
        for m in self.members:
            if rule.role is not None and m.role != rule.role:
                continue
            if not index.works(m, day) & half.mask:
                continue
            if index.off_on(m.employee, day) & half.mask:
                continue  # absent: neither working nor on site
            working += 1
            remote = index.away(m.employee, day) & half.mask
            if not remote and m.employee != extra:
                on_site += 1
        return working, on_site

    def _shortfall(
        self,
        day: date,
        half: HalfDay,
        rule: CoverageRule,
        working: int,
        on_site: int,
        *,
        employee: str | None = None,
        before: int | None = None,
        suggestions: tuple[date, ...] = (),
    ) -> Violation:
        need = rule.required(working)
        when = f"{day} ({_HALF_NAMES[half]})"
        if employee is None:
            lead = f"Team {self.team} on {when}: {on_site} on site of {working} working"
        else:
            lead = (
                f"Telework for {employee} on {when} would leave team {self.team} with "
                f"{on_site} on site of {working} working"
            )
        message = f"{lead}; the rule '{rule.describe()}' needs {need}."
        if employee is not None:
            message += (
                " Nearest dates that fit: " + ", ".join(str(d) for d in suggestions) + "."
                if suggestions
                else " No date nearby fits."
            )
        params: dict[str, Any] = {
            "team": self.team,
            "half": half.value,
            "rule": rule.describe(),
            "working": working,
            "on_site": on_site,
            "required": need,
        }
        if employee is not None:
            params.update(employee=employee, on_site_before=before, suggestions=suggestions)
        return Violation(code="coverage_below_minimum", message=message, day=day, params=params)

    # -- checks ---------------------------------------------------------------------------

    def _fits(self, member: TeamMember, day: date, mask: int, index: _View) -> bool:
        """Whether ``member`` could telework the half-days ``mask`` of ``day``."""
        worked = index.works(member, day)
        if not worked or (mask != 3 and not worked & mask):
            return False
        if day.weekday() in self.anchor_weekdays:
            return False
        if index.away(member.employee, day) & mask:
            return False
        if index.absent_on(member.employee, day) & mask & worked:
            return False
        for half in _HALVES:
            if not worked & half.mask & mask:
                continue
            for rule in self.rules:
                if rule.role is not None and rule.role != member.role:
                    continue
                if not rule.applies(day, half, self.calendar):
                    continue
                working, on_site = self._count(day, half, rule, index, member.employee)
                if on_site < rule.required(working):
                    return False
        return True

    def _suggest(
        self,
        member: TeamMember,
        around: date,
        mask: int,
        index: _View,
        *,
        skip: frozenset[date],
        not_before: date | None,
        accept: Callable[[date], bool] | None,
    ) -> tuple[date, ...]:
        found: list[date] = []
        for offset in range(1, self.search_days + 1):
            for candidate in (around - timedelta(days=offset), around + timedelta(days=offset)):
                if len(found) >= self.suggestions:
                    return tuple(found)
                if candidate in skip or (not_before is not None and candidate < not_before):
                    continue
                if self._fits(member, candidate, mask, index) and (
                    accept is None or accept(candidate)
                ):
                    found.append(candidate)
        return tuple(found[: self.suggestions])

    def check_request(
        self,
        employee: str,
        days: Sequence[date],
        half: HalfDay | None,
        ledgers: Mapping[str, BookingLedger],
        *,
        not_before: date | None = None,
        accept: Callable[[date], bool] | None = None,
    ) -> tuple[Violation, ...]:
        """The coverage violations of ``employee`` teleworking on ``days`` (a ``half`` or whole
        days), given what the members' ledgers already hold; empty when it fits or when
        ``employee`` is not in the team.

        Each ``coverage_below_minimum`` violation carries the numbers (``working``,
        ``on_site`` after the request, ``on_site_before``, ``required``) and ``suggestions``:
        the nearest dates (at most :attr:`suggestions`, nearest first, none before
        ``not_before``, each accepted by ``accept`` when given, such as the employee's ledger
        check) on which the same request would fit.
        """
        member = self.member(employee)
        if member is None or not days:
            return ()
        margin = timedelta(days=self.search_days)
        window = DateRange(min(days) - margin, max(days) + margin)
        index = self._index(ledgers, window)
        mask = 3 if half is None else HalfDay(half).mask
        skip = frozenset(days)
        found: list[Violation] = []
        for day in sorted(set(days)):
            worked = index.works(member, day)
            if day.weekday() in self.anchor_weekdays and worked:
                others = self._suggest(
                    member, day, mask, index, skip=skip, not_before=not_before, accept=accept
                )
                name = _LONG_WEEKDAYS[day.weekday()].capitalize()
                shown = ", ".join(str(d) for d in others) or "none nearby"
                message = (
                    f"{day} is an anchor day of team {self.team}: everyone is on site on "
                    f"{name}s. Nearest dates that fit: {shown}."
                )
                found.append(
                    Violation(
                        code="anchor_day",
                        message=message,
                        day=day,
                        params={
                            "team": self.team,
                            "employee": employee,
                            "weekday": day.weekday(),
                            "suggestions": others,
                        },
                    )
                )
                continue
            for rule in self.rules:
                if rule.role is not None and rule.role != member.role:
                    continue
                for h in _HALVES:
                    if not worked & h.mask & mask or not rule.applies(day, h, self.calendar):
                        continue
                    working, before = self._count(day, h, rule, index, None)
                    _, after = self._count(day, h, rule, index, employee)
                    if after < rule.required(working) and after < before:
                        others = self._suggest(
                            member,
                            day,
                            mask,
                            index,
                            skip=skip,
                            not_before=not_before,
                            accept=accept,
                        )
                        found.append(
                            self._shortfall(
                                day,
                                h,
                                rule,
                                working,
                                after,
                                employee=employee,
                                before=before,
                                suggestions=others,
                            )
                        )
                        break
        return tuple(found)

    # -- plan -----------------------------------------------------------------------------

    def plan(self, period: DateRange, ledgers: Mapping[str, BookingLedger]) -> TeamPlan:
        """Who is on site and who teleworks on each half-day of ``period``, and what is short.

        A half-day is at risk when a rule is not met, or when someone teleworks on an anchor
        day (``anchor_day``).
        """
        index = self._index(ledgers, period)
        days: list[DayPlan] = []
        for day in period:
            anchor = day.weekday() in self.anchor_weekdays
            halves: list[HalfDayPlan] = []
            for h in _HALVES:
                scheduled = [m for m in self.members if index.works(m, day) & h.mask]
                applies = [r for r in self.rules if r.applies(day, h, self.calendar)]
                if not scheduled and not applies:
                    continue
                absent = [
                    m.employee for m in scheduled if index.absent_on(m.employee, day) & h.mask
                ]
                working = [m for m in scheduled if not index.off_on(m.employee, day) & h.mask]
                remote = [m.employee for m in working if index.away(m.employee, day) & h.mask]
                on_site = [m.employee for m in working if m.employee not in remote]
                shortfalls: list[Violation] = []
                for rule in applies:
                    count, present = self._count(day, h, rule, index, None)
                    if present < rule.required(count):
                        shortfalls.append(self._shortfall(day, h, rule, count, present))
                if anchor and remote:
                    message = (
                        f"{day} ({_HALF_NAMES[h]}) is an anchor day of team {self.team}, but "
                        f"{', '.join(sorted(remote))} telework."
                    )
                    shortfalls.append(
                        Violation(
                            code="anchor_day",
                            message=message,
                            day=day,
                            params={"team": self.team, "half": h.value, "teleworking": remote},
                        )
                    )
                halves.append(
                    HalfDayPlan(
                        half=h,
                        on_site=tuple(sorted(on_site)),
                        teleworking=tuple(sorted(remote)),
                        shortfalls=tuple(shortfalls),
                        absent=tuple(sorted(absent)),
                    )
                )
            days.append(DayPlan(day=day, anchor=anchor, halves=tuple(halves)))
        return TeamPlan(team=self.team, period=period, days=tuple(days))
