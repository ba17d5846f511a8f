"""Teams and the teams file: who is in a team, their roles, and the coverage it becomes."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from teleaccord import (
    Contract,
    CoverageRule,
    InvalidValue,
    LoadError,
    Teams,
    TeamSpec,
    year_range,
)
from teleaccord.io.csv import read_contracts
from teleaccord.io.teams_file import dump_teams, load_teams, sample_teams

YEAR = year_range(2024)


def contract(employee: str, team: str | None, *, moves_to: str | None = None) -> Contract:
    amendments = []
    if moves_to is not None:
        from teleaccord import Amendment

        amendments = [Amendment(effective=date(2024, 7, 1), team=moves_to)]
    return Contract.from_amendments(
        employee=employee, hired=date(2020, 1, 1), team=team, amendments=amendments
    )


def test_members_come_from_the_team_column_unless_listed() -> None:
    contracts = [contract("ana", "a"), contract("bob", "b"), contract("eve", "a")]
    by_column = TeamSpec(name="a")
    listed = TeamSpec(name="a", members=["bob"])
    assert [m.employee for m in by_column.coverage(contracts, YEAR).members] == ["ana", "eve"]
    assert [m.employee for m in listed.coverage(contracts, YEAR).members] == ["bob"]


def test_a_move_between_teams_counts_in_each_team_for_its_own_days() -> None:
    mover = contract("max", "a", moves_to="b")
    team_a, team_b = TeamSpec(name="a"), TeamSpec(name="b")
    first_half = year_range(2024).intersection(type(YEAR)(date(2024, 1, 1), date(2024, 6, 30)))
    assert first_half is not None
    assert team_a.includes(mover, first_half)
    assert not team_b.includes(mover, first_half)
    teams = Teams(teams=[team_a, team_b])
    assert teams.team_of(mover, date(2024, 3, 1)) is team_a
    assert teams.team_of(mover, date(2024, 9, 1)) is team_b
    assert teams.team_of(contract("zoe", None), date(2024, 3, 1)) is None


def test_roles_rules_and_anchor_days_reach_the_coverage() -> None:
    spec = TeamSpec(
        name="plateau",
        roles={"ana": "supervisor"},
        rules=[CoverageRule(minimum=1, role="supervisor")],
        anchor_weekdays=["tuesday", 4],
    )
    coverage = spec.coverage([contract("ana", "plateau"), contract("bob", "plateau")], YEAR)
    assert {m.employee: m.role for m in coverage.members} == {"ana": "supervisor", "bob": None}
    assert coverage.rules == spec.rules
    assert coverage.anchor_weekdays == frozenset({1, 4})
    # The supervisor cannot telework: the one supervisor must stay on site.
    refused = coverage.check_request("ana", [date(2024, 6, 3)], None, {})
    assert [v.code for v in refused] == ["coverage_below_minimum"]
    assert coverage.check_request("bob", [date(2024, 6, 3)], None, {}) == ()


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: Teams(teams=[TeamSpec(name="a"), TeamSpec(name="a")]), "duplicate_team"),
        (
            lambda: Teams(
                teams=[TeamSpec(name="a", members=["x"]), TeamSpec(name="b", members=["x"])]
            ),
            "duplicate_member",
        ),
        (lambda: TeamSpec(name="a", members=["x"], roles={"y": "lead"}), "role_of_non_member"),
        (lambda: TeamSpec(name=" "), "missing_text"),
        (lambda: TeamSpec(name="a", anchor_weekdays=[7]), "invalid_weekday"),
        (lambda: TeamSpec(name="a", members="xy"), "invalid_value"),
        (lambda: Teams().get("nobody"), "unknown_team"),
    ],
)
def test_bad_teams_are_refused_with_their_code(build: object, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        build()  # type: ignore[operator]
    assert caught.value.code == code


def test_a_teams_file_round_trips_and_reports_every_problem(tmp_path: Path) -> None:
    teams = Teams(
        teams=[
            TeamSpec(name="a", rules=[CoverageRule(share="1/2", every_day=True)]),
            TeamSpec(name="b", members=["x", "y"], roles={"x": "lead"}, anchor_weekdays=[1]),
        ]
    )
    path = tmp_path / "teams.toml"
    path.write_text(dump_teams(teams), encoding="utf-8")
    assert load_teams(path) == teams
    path.write_text(
        '[[teams]]\nname = "a"\nanchor_weekdays = ["someday"]\n'
        "[[teams.rules]]\nminimum = -1\n[[teams]]\nname = 3\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load_teams(path)
    paths = sorted(p.path for p in caught.value.problems)
    assert paths == [
        "$.teams[0].anchor_weekdays",
        "$.teams[0].rules[0].minimum",
        "$.teams[1].name",
    ]
    assert str(path) in str(caught.value)


def test_the_sample_teams_cover_the_sample_workforce() -> None:
    # An independent count: the distinct employees of each team in contracts.csv.
    folder = resources.files("teleaccord").joinpath("data").joinpath("workforce")
    expected: dict[str, set[str]] = defaultdict(set)
    with folder.joinpath("contracts.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            expected[row["team"]].add(row["employee"])
    with folder.joinpath("contracts.csv").open(encoding="utf-8") as f:
        contracts = [c.contract for c in read_contracts(f)]
    teams = sample_teams()
    assert set(teams.names) == set(expected)
    for coverage in teams.coverages(contracts, year_range(2025)):
        assert {m.employee for m in coverage.members} <= expected[coverage.team]
        assert coverage.members, coverage.team


def test_errors_name_their_field_and_numbers() -> None:
    def caught(build: Any) -> InvalidValue:
        with pytest.raises(InvalidValue) as error:
            build()
        return error.value

    error = caught(lambda: TeamSpec(name="a", members="xy"))
    assert (error.field, str(error)) == (
        "members",
        "members: expected a list of employee ids, got the text 'xy'.",
    )
    for bad in (True, 7, -1, 1.0):
        error = caught(lambda bad=bad: TeamSpec(name="a", anchor_weekdays=[bad]))
        assert (error.code, error.field) == ("invalid_weekday", "anchor_weekdays"), bad
        assert str(error) == (
            f"anchor_weekdays: a weekday is 0 (Monday) to 6 (Sunday) or a name, got {bad!r}."
        )
    error = caught(lambda: TeamSpec(name="a", anchor_weekdays=["someday"]))
    assert (error.code, error.field) == ("invalid_weekday", "anchor_weekdays")
    assert TeamSpec(name="a", anchor_weekdays=[0, 6, "Wed"]).anchor_weekdays == {0, 2, 6}

    error = caught(lambda: TeamSpec(name="t", members=["x"], roles={"z": "a", "y": "b", "x": "c"}))
    assert (error.field, error.params) == ("roles", {"team": "t", "employees": ["y", "z"]})
    assert str(error) == "roles: y, z not among the members of team 't'."

    error = caught(lambda: Teams(teams=[TeamSpec(name="a"), TeamSpec(name="a")]))
    assert (error.field, error.params) == ("teams", {"team": "a"})
    assert str(error) == "teams: the team 'a' is defined twice."

    error = caught(
        lambda: Teams(
            teams=[
                TeamSpec(name="a", members=["x", "w"]),
                TeamSpec(name="b", members=["v"]),
                TeamSpec(name="c", members=["x"]),
            ]
        )
    )
    assert (error.field, error.params) == ("teams", {"employee": "x", "teams": ["a", "c"]})
    assert str(error) == "teams: 'x' is a member of both 'a' and 'c'."

    teams = Teams(teams=[TeamSpec(name="a"), TeamSpec(name="b")])
    error = caught(lambda: teams.get("c"))
    assert (error.field, error.params) == ("team", {"team": "c", "known": ["a", "b"]})
    assert str(error) == "team: no team is called 'c'; known teams: a, b."
    assert (
        str(caught(lambda: Teams().get("c"))) == "team: no team is called 'c'; known teams: none."
    )
    assert teams.get("b") is teams.teams[1]
    assert teams.names == ("a", "b")


def test_the_coverage_gets_the_calendar_given_or_a_default_one() -> None:
    from teleaccord import Calendar

    contracts = [contract("ana", "a")]
    alsace = Calendar(country="FR", subdivision="57")
    spec = TeamSpec(name="a")
    assert spec.coverage(contracts, YEAR, alsace).calendar == alsace
    assert spec.coverage(contracts, YEAR).calendar == Calendar()
    teams = Teams(teams=[spec, TeamSpec(name="b", members=["bob"])])
    everyone = [*contracts, contract("bob", None)]
    coverages = teams.coverages(iter(everyone), YEAR, alsace)
    assert [c.team for c in coverages] == ["a", "b"]
    assert [[m.employee for m in c.members] for c in coverages] == [["ana"], ["bob"]]
    assert all(c.calendar == alsace for c in coverages)


def test_a_listed_member_is_found_before_the_team_column() -> None:
    listed = TeamSpec(name="b", members=["ana"])
    by_column = TeamSpec(name="a")
    teams = Teams(teams=[by_column, listed])
    ana = contract("ana", "a")
    assert teams.team_of(ana, date(2024, 3, 1)) is listed
    # A team column naming a team that lists its members does not select anyone.
    assert Teams(teams=[TeamSpec(name="a", members=["bob"])]).team_of(ana, date(2024, 3, 1)) is None
    # Outside the contract: no team.
    assert teams.team_of(contract("eve", "a"), date(2019, 3, 1)) is None
    assert listed.role_of("ana") is None
