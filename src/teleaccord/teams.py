"""Teams as HR describes them: who is in each team, their roles, coverage rules and anchor days.

A :class:`TeamSpec` is the description a teams file holds (see
:func:`teleaccord.io.teams_file.load_teams`); it becomes a :class:`~teleaccord.coverage.TeamCoverage`
once it meets the contracts: :meth:`TeamSpec.coverage` picks the members (the employees it lists,
or every contract whose ``team`` is the team's name during the period) and gives each its role.
:class:`Teams` holds the teams of one organisation; an employee belongs to at most one team at a
time, and a team is named once. Coverage, the planner and the team report all read teams this
way.

>>> from datetime import date
>>> from teleaccord import Contract, CoverageRule, TeamSpec, Teams, year_range
>>> contracts = [Contract.from_amendments(employee=e, hired=date(2020, 1, 1), team="support")
...              for e in ("ana", "bob", "eve")]
>>> teams = Teams(teams=[TeamSpec(name="support", roles={"ana": "lead"},
...                               rules=[CoverageRule(minimum=2)], anchor_weekdays=["Tu"])])
>>> coverage = teams.get("support").coverage(contracts, year_range(2024))
>>> [(m.employee, m.role) for m in coverage.members]
[('ana', 'lead'), ('bob', None), ('eve', None)]
>>> teams.team_of(contracts[1], date(2024, 3, 1)).name
'support'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.coverage import CoverageRule, TeamCoverage, TeamMember, coverage_rules
from teleaccord.dates import DateRange
from teleaccord.errors import InvalidValue
from teleaccord.pattern import parse_weekday
from teleaccord.validators import non_empty_text, sorted_pairs, value_for

__all__ = ["TeamSpec", "Teams"]


def _names(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        msg = f"members: expected a list of employee ids, got the text {value!r}."
        raise InvalidValue(
            msg,
            field="members",
            code="invalid_value",
        )
    return frozenset(value)


def _weekday(value: int | str) -> int:
    if isinstance(value, str):
        return parse_weekday(value, "anchor_weekdays")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        msg = f"anchor_weekdays: a weekday is 0 (Monday) to 6 (Sunday) or a name, got {value!r}."
        raise InvalidValue(
            msg,
            field="anchor_weekdays",
            code="invalid_weekday",
        )
    return value


def _weekdays(value: Iterable[int | str]) -> frozenset[int]:
    return frozenset(_weekday(v) for v in value)


def _check_roles(
    instance: TeamSpec, attribute: attrs.Attribute[Any], value: tuple[tuple[str, str], ...]
) -> None:
    if instance.members is None:
        return
    strangers = sorted(e for e, _ in value if e not in instance.members)
    if strangers:
        msg = f"roles: {', '.join(strangers)} not among the members of team {instance.name!r}."
        raise InvalidValue(
            msg,
            field="roles",
            code="role_of_non_member",
            params={"team": instance.name, "employees": strangers},
        )


@attrs.frozen(kw_only=True)
class TeamSpec:
    """One team: its name, members, roles, coverage rules and anchor weekdays.

    Args:
        name: the team's name; also the value of the contracts' ``team`` column that puts an
            employee in it when ``members`` is not given.
        members: the employee ids in the team; ``None`` (the default) takes every contract whose
            ``team`` is ``name`` on some day of the period looked at.
        roles: each member's role (``{"ana": "supervisor"}``); members not named have none.
        rules: the team's coverage rules (:class:`~teleaccord.coverage.CoverageRule`).
        anchor_weekdays: weekdays everyone is on site (0 Monday, or names: ``"tuesday"``).

    >>> from teleaccord import TeamSpec
    >>> TeamSpec(name="support", members=["ana"], roles={"bob": "lead"})
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: roles: bob not among the members of team 'support'.
    """

    name: str = attrs.field(validator=non_empty_text())
    members: frozenset[str] | None = attrs.field(default=None, converter=_names)
    roles: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=sorted_pairs, validator=_check_roles
    )
    rules: tuple[CoverageRule, ...] = attrs.field(default=(), converter=coverage_rules)
    anchor_weekdays: frozenset[int] = attrs.field(default=frozenset(), converter=_weekdays)

    def role_of(self, employee: str) -> str | None:
        """The role of ``employee`` in this team, or ``None``."""
        return value_for(self.roles, employee, None)

    def includes(self, contract: Contract, period: DateRange) -> bool:
        """Whether the employee of ``contract`` is in the team during ``period``."""
        if self.members is not None:
            return contract.employee in self.members
        return any(seg.team == self.name for seg, _ in contract.segments_in(period))

    def coverage(
        self,
        contracts: Iterable[Contract],
        period: DateRange,
        calendar: Calendar | None = None,
    ) -> TeamCoverage:
        """The team's :class:`~teleaccord.coverage.TeamCoverage` over ``period``: its members
        among ``contracts``, each with their role, its rules and anchor weekdays."""
        members = [
            TeamMember(contract=c, role=self.role_of(c.employee))
            for c in contracts
            if self.includes(c, period)
        ]
        return TeamCoverage(
            team=self.name,
            members=members,
            rules=self.rules,
            anchor_weekdays=self.anchor_weekdays,
            calendar=calendar if calendar is not None else Calendar(),
        )


def _teams(value: Iterable[TeamSpec]) -> tuple[TeamSpec, ...]:
    return tuple(value)


def _check_teams(
    instance: Teams, attribute: attrs.Attribute[Any], value: tuple[TeamSpec, ...]
) -> None:
    seen: set[str] = set()
    listed: dict[str, str] = {}
    for team in value:
        if team.name in seen:
            msg = f"teams: the team {team.name!r} is defined twice."
            raise InvalidValue(
                msg,
                field="teams",
                code="duplicate_team",
                params={"team": team.name},
            )
        seen.add(team.name)
        for employee in sorted(team.members or ()):
            if employee in listed:
                msg = (
                    f"teams: {employee!r} is a member of both {listed[employee]!r} and "
                    f"{team.name!r}."
                )
                raise InvalidValue(
                    msg,
                    field="teams",
                    code="duplicate_member",
                    params={"employee": employee, "teams": [listed[employee], team.name]},
                )
            listed[employee] = team.name


@attrs.frozen(kw_only=True)
class Teams:
    """The teams of one organisation, each named once; an employee listed in one team only.

    >>> from teleaccord import Teams, TeamSpec
    >>> teams = Teams(teams=[TeamSpec(name="a", members=["x"]), TeamSpec(name="b", members=["x"])])
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: teams: 'x' is a member of both 'a' and 'b'.
    """

    teams: tuple[TeamSpec, ...] = attrs.field(default=(), converter=_teams, validator=_check_teams)

    @property
    def names(self) -> tuple[str, ...]:
        """The teams' names, in the order given."""
        return tuple(t.name for t in self.teams)

    def get(self, name: str) -> TeamSpec:
        """The team called ``name``.

        Raises:
            InvalidValue: no team has that name (code ``unknown_team``; the known names in
                ``params``).
        """
        for team in self.teams:
            if team.name == name:
                return team
        msg = f"team: no team is called {name!r}; known teams: {', '.join(self.names) or 'none'}."
        raise InvalidValue(
            msg,
            field="team",
            code="unknown_team",
            params={"team": name, "known": list(self.names)},
        )

    def team_of(self, contract: Contract, day: date) -> TeamSpec | None:
        """The team the employee of ``contract`` is in on ``day`` (listed members first, then
        the contract's ``team``), or ``None``."""
        for team in self.teams:
            if team.members is not None and contract.employee in team.members:
                return team
        segment = contract.segment_at(day)
        if segment is None or segment.team is None:
            return None
        for team in self.teams:
            if team.members is None and team.name == segment.team:
                return team
        return None

    def coverages(
        self,
        contracts: Iterable[Contract],
        period: DateRange,
        calendar: Calendar | None = None,
    ) -> tuple[TeamCoverage, ...]:
        """Every team's :class:`~teleaccord.coverage.TeamCoverage` over ``period``."""
        every = list(contracts)
        return tuple(t.coverage(every, period, calendar) for t in self.teams)
