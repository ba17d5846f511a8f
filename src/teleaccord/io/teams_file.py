"""Teams files: TOML and plain dicts in, validated :class:`~teleaccord.teams.Teams` out.

One file describes an organisation's teams; coverage checks, the planner and the team report
read it (``--teams teams.toml``). The keys are the attribute names of
:class:`~teleaccord.teams.TeamSpec` and :class:`~teleaccord.coverage.CoverageRule`; weekdays are
names (``"tuesday"``, ``"Tu"``) or numbers (0 Monday). A bad file raises one
:class:`~teleaccord.errors.LoadError` listing every problem with its key path
(``$.teams[0].rules[1].share``) and the file name; unknown keys are errors.

A file::

    [[teams]]
    name = "plateau"                  # contracts whose team column is "plateau" are members
    anchor_weekdays = ["tuesday"]     # everyone on site on Tuesdays

    [teams.roles]
    E0001 = "supervisor"

    [[teams.rules]]                   # at least 1 supervisor on site, every day of the year
    minimum = 1
    role = "supervisor"
    every_day = true

    [[teams.rules]]                   # at least half of those working, on working days
    share = "1/2"

    [[teams]]
    name = "claims"
    members = ["E0100", "E0101", "E0102"]   # or list the members

The file is read by the one converter (:mod:`teleaccord.io.convert`) in its ``"file"`` form.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

import tomli_w

from teleaccord.io.convert import structure, unstructure
from teleaccord.io.toml import parse_toml, read_toml
from teleaccord.teams import Teams

__all__ = ["dump_teams", "load_teams", "sample_teams", "teams_from_dict", "teams_to_dict"]


def teams_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> Teams:
    """Build the teams from plain data (parsed TOML or JSON).

    Raises:
        LoadError: listing every problem with its key path.

    >>> from teleaccord.io.teams_file import teams_from_dict
    >>> teams = teams_from_dict({"teams": [{"name": "support", "anchor_weekdays": ["tuesday"],
    ...     "rules": [{"minimum": 2}], "roles": {"ana": "lead"}}]})
    >>> team = teams.get("support")
    >>> sorted(team.anchor_weekdays), team.rules[0].minimum, team.role_of("ana")
    ([1], 2, 'lead')
    >>> teams_from_dict({"teams": [{"name": "a", "rules": [{"share": "3/2"}], "colour": 1}]})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 2 problems:
      $.teams[0].rules[0].share: a share is more than 0 and at most 1, got 1.5.
      $.teams[0].colour: unknown key 'colour' in a TeamSpec; expected one of: name, members, roles, rules, anchor_weekdays
    """
    return structure(data, Teams, source=source, form="file")


def teams_to_dict(teams: Teams) -> dict[str, Any]:
    """The teams as plain data that :func:`teams_from_dict` reads back.

    >>> from teleaccord import CoverageRule, TeamSpec, Teams
    >>> from teleaccord.io.teams_file import teams_to_dict
    >>> teams_to_dict(Teams(teams=[TeamSpec(name="a", members=["y", "x"],
    ...     rules=[CoverageRule(minimum=1)], anchor_weekdays=[4])]))
    {'teams': [{'name': 'a', 'members': ['x', 'y'], 'rules': [{'minimum': 1}], 'anchor_weekdays': ['Fr']}]}
    """
    data: dict[str, Any] = unstructure(teams, Teams, form="file")
    return data


def dump_teams(teams: Teams) -> str:
    """The teams as TOML text that :func:`load_teams` reads back."""
    return tomli_w.dumps(teams_to_dict(teams))


def load_teams(path: str | os.PathLike[str]) -> Teams:
    """Read the teams from a TOML file.

    Raises:
        LoadError: the file cannot be read or parsed, or holds bad values (every problem).
    """
    return teams_from_dict(read_toml(path), source=os.fspath(path))


def sample_teams() -> Teams:
    """The teams of the sample workforce shipped with teleaccord (``data/workforce/teams.toml``).

    >>> from teleaccord.io.teams_file import sample_teams
    >>> sample_teams().names
    ('assistance-auto', 'assistance-health', 'assistance-travel', 'claims', 'support-it')
    """
    entry = (
        resources.files("teleaccord").joinpath("data").joinpath("workforce").joinpath("teams.toml")
    )
    return teams_from_dict(parse_toml(entry.read_bytes(), "teams.toml"), source="teams.toml")
