"""The right-to-disconnect analysis (issue 15): events outside contact windows or in
disconnection hours, daily rest under 11 hours (L3131-1), weekly rest under 35 hours
(L3132-2); team aggregates by default, per person on request. Figures computed by hand."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    ActivityEvent,
    Agreement,
    Charter,
    InvalidValue,
    TimeWindow,
    disconnect_report,
)

PARIS = ZoneInfo("Europe/Paris")
ACCORD = Agreement(
    name="accord",
    charter=Charter(
        contact_windows=[TimeWindow(days="Mo-Fr", start="09:00", end="18:00")],
        disconnection=[
            TimeWindow(days="Mo-Fr", start="20:00", end="08:00"),
            TimeWindow(days="Sa Su", start="00:00", end="00:00"),
        ],
    ),
)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=PARIS)


def ev(employee: str, when: datetime, team: str = "") -> ActivityEvent:
    return ActivityEvent(employee=employee, at=when, team=team)


ALICE = [
    ev("A", at(3, 9)),  # Monday, in the window
    ev("A", at(3, 12)),
    ev("A", at(3, 22, 30)),  # outside, in disconnection hours
    ev("A", at(4, 7)),  # Tuesday 07:00: outside, in disconnection; rest 8.5 h
    ev("A", at(4, 18)),  # 18:00 is the window's end: outside, not yet disconnection
    ev("A", at(5, 9)),  # rest 15 h
]
# Bob works at 10:00 and 20:00 every day for three weeks: rests of 14 h only.
BOB = [ev("B", at(day, hour)) for day in range(3, 24) for hour in (10, 20)]


def test_events_outside_windows_and_in_disconnection_hours() -> None:
    report = disconnect_report(ACCORD, ALICE, teams={"A": "Claims"}, per_person=True)
    [team] = report.teams
    assert (team.team, team.people, team.events) == ("Claims", 1, 6)
    assert (team.outside_windows, team.in_disconnection) == (3, 2)
    [alice] = report.people
    assert (alice.outside_windows, alice.in_disconnection) == (3, 2)
    assert team.share_outside_windows == Fraction(1, 2)


def test_daily_rest_under_11_hours_with_its_figures() -> None:
    report = disconnect_report(ACCORD, ALICE, per_person=True)
    [alice] = report.people
    assert alice.daily_shortfalls == 1
    assert alice.shortest_daily_rest == Fraction(17, 2)
    [short] = alice.shortfalls
    assert (short.rule, short.start, short.end, short.hours, short.required) == (
        "daily",
        at(3, 22, 30),
        at(4, 7),
        Fraction(17, 2),
        11,
    )
    assert report.teams[0].people_short_daily_rest == 1


def test_weekly_rest_under_35_hours_in_a_full_week() -> None:
    report = disconnect_report(ACCORD, BOB, per_person=True)
    [bob] = report.people
    # week of 3 March: the rest before is unknown; week of 17 March: the rest after is unknown;
    # week of 10 March: the longest rest is 14 hours (20:00 to 10:00)
    assert bob.daily_shortfalls == 0
    assert bob.weekly_shortfalls == 1
    assert bob.shortest_weekly_rest == 14
    [short] = bob.shortfalls
    assert (short.rule, short.week, short.required) == ("weekly", date(2025, 3, 10), 35)
    # a weekend off in the middle week clears it
    rested = [e for e in BOB if e.at.date() not in (date(2025, 3, 15), date(2025, 3, 16))]
    assert disconnect_report(ACCORD, rested).teams[0].weekly_shortfalls == 0


def test_rest_is_measured_in_real_hours_across_a_clock_change() -> None:
    # 30 March 2025: clocks go from 02:00 to 03:00 in Paris; 22:00 to 08:00 is 9 real hours
    events = [ev("C", at(28, 12)), ev("C", at(29, 22)), ev("C", at(30, 8))]
    [person] = disconnect_report(ACCORD, events, per_person=True).people
    assert person.shortest_daily_rest == 9


def test_teams_are_aggregated_and_people_only_on_request() -> None:
    events = [*ALICE, *(ev("B", e.at, team="Night") for e in BOB[:4])]
    report = disconnect_report(ACCORD, sorted(events, key=lambda e: e.at), teams={"A": "Claims"})
    assert report.people == ()
    assert [t.team for t in report.teams] == ["Claims", "Night"]
    assert report.events == 10
    text = report.describe()
    assert "Claims: 1 person, 6 events" in text
    assert "daily rest under 11 h: 1 time, 1 person (shortest 8.50 h)" in text
    assert "Per person" not in text
    assert (
        "A (Claims)"
        in disconnect_report(ACCORD, ALICE, teams={"A": "Claims"}, per_person=True).describe()
    )


def test_out_of_order_events_are_skipped_and_reported() -> None:
    events = [ev("A", at(3, 9)), ev("A", at(3, 12)), ev("A", at(3, 10))]
    report = disconnect_report(ACCORD, events, source="events.csv")
    assert (report.events, report.skipped) == (2, 1)
    assert report.problems[0].code == "events_out_of_order"


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        ActivityEvent(employee="A", at=datetime(2025, 3, 3, 9))
    assert caught.value.code == "naive_datetime"


def test_without_windows_only_rests_are_checked() -> None:
    report = disconnect_report(Agreement(name="bare"), ALICE)
    [team] = report.teams
    assert (team.outside_windows, team.in_disconnection, team.daily_shortfalls) == (0, 0, 1)


def brute_weekly(times: list[datetime]) -> int:
    """Weeks (Monday, Paris) with events, neither the first nor the last, whose longest rest
    overlapping them is under 35 hours."""
    local = [t.astimezone(PARIS) for t in times]
    weeks = sorted({(d.date() - timedelta(days=d.weekday())) for d in local})
    found = 0
    for week in weeks[1:-1]:
        start = datetime.combine(week, datetime.min.time(), PARIS)
        end = datetime.combine(week + timedelta(days=7), datetime.min.time(), PARIS)
        longest = max(
            (b - a for a, b in itertools.pairwise(times) if a < end and b > start),
            default=timedelta(0),
        )
        found += longest < timedelta(hours=35)
    return found


@given(st.lists(st.integers(0, 21 * 24 * 4), min_size=2, max_size=60, unique=True).map(sorted))
def test_weekly_rests_agree_with_a_brute_force_model(quarters: list[int]) -> None:
    start = datetime(2025, 3, 3, tzinfo=timezone.utc)
    times = [start + timedelta(minutes=15 * q) for q in quarters]
    report = disconnect_report(ACCORD, [ev("X", t) for t in times])
    assert report.teams[0].weekly_shortfalls == brute_weekly(times)
    daily = sum(
        1
        for a, b in itertools.pairwise(times)
        if a.astimezone(PARIS).date() != b.astimezone(PARIS).date() and b - a < timedelta(hours=11)
    )
    assert report.teams[0].daily_shortfalls == daily


CSV = """\
matricule;horodatage;type;equipe
A;2025-03-03T09:00:00+01:00;message;Claims
A;2025-03-03T22:30:00+01:00;message;Claims
A;2025-03-04T07:00:00+01:00;meeting;Claims
B;2025-03-03T10:00:00+01:00;message;Night
A;2025-03-05;message;Claims
"""

ACCORD_TOML = """\
name = "accord"

[charter]
contact_windows = [{days = "Mo-Fr", start = "09:00", end = "18:00"}]
disconnection = [{days = "Mo-Fr", start = "20:00", end = "08:00"}]
"""


def cli(args: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    from teleaccord.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(args)
    return code, out.getvalue()


def test_the_command_reads_csv_through_the_row_reader(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "accord.toml").write_text(ACCORD_TOML, encoding="utf-8")
    args = [
        "disconnect",
        str(tmp_path / "events.csv"),
        "--agreement",
        str(tmp_path / "accord.toml"),
    ]
    code, text = cli(args)
    assert code == 1
    assert "Claims: 1 person, 3 events" in text
    assert "in disconnection hours: 2 events (66.7 %), 1 person" in text
    assert "events.csv:6:horodatage" in text  # the naive timestamp, skipped
    assert "Per person" not in text
    code, text = cli([*args, "--format", "json", "--per-person"])
    data = json.loads(text)
    assert [t["team"] for t in data["teams"]] == ["Claims", "Night"]
    assert data["teams"][0]["shortest_daily_rest"] == "8.5"
    assert data["people"][0]["shortfalls"][0]["rule"] == "daily"
    assert data["problems"][0]["code"] == "naive_timestamp"


def test_json_and_json_lines_events(tmp_path: Path) -> None:
    from teleaccord.io.activity_file import read_activity_file

    rows = [
        {"employee": "A", "at": "2025-03-03T22:30:00+01:00", "team": "Claims"},
        {"employee": "A", "at": "2025-03-04T06:30:00Z"},
        {"employee": "A", "at": "2025-03-05T09:00:00"},
    ]
    (tmp_path / "e.json").write_text(json.dumps(rows), encoding="utf-8")
    (tmp_path / "e.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    for name in ("e.json", "e.jsonl"):
        problems: list[Any] = []
        events = list(read_activity_file(tmp_path / name, on_problem=problems.append))
        assert [e.at.utcoffset() for e in events] == [timedelta(hours=1), timedelta(0)]
        assert [p.code for p in problems] == ["naive_timestamp"]
        report = disconnect_report(ACCORD, events)
        assert report.teams[0].daily_shortfalls == 1  # 22:30 to 07:30 local: 9 hours
        assert report.teams[0].shortest_daily_rest == 9


def test_teams_from_a_contracts_file(tmp_path: Path) -> None:
    events = "employee,at\nA,2025-03-03T10:00:00+01:00\nB,2025-03-03T11:00:00+01:00\n"
    contracts = "employee,hired,team\nA,2020-01-06,Claims\nB,2020-01-06,Night\n"
    (tmp_path / "events.csv").write_text(events, encoding="utf-8")
    (tmp_path / "contracts.csv").write_text(contracts, encoding="utf-8")
    (tmp_path / "accord.toml").write_text(ACCORD_TOML, encoding="utf-8")
    code, text = cli(
        [
            "disconnect",
            str(tmp_path / "events.csv"),
            "--agreement",
            str(tmp_path / "accord.toml"),
            "--contracts",
            str(tmp_path / "contracts.csv"),
        ]
    )
    assert code == 0
    assert "Claims: 1 person, 1 event" in text
    assert "Night: 1 person, 1 event" in text


def test_the_report_never_overwrites_the_events(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    code, _ = cli(["disconnect", str(path), "-o", str(path)])
    assert code == 2
    assert path.read_text(encoding="utf-8") == CSV


def test_the_summary_in_french() -> None:
    text = disconnect_report(ACCORD, ALICE, teams={"A": "Sinistres"}).describe("fr")
    assert "Droit à la déconnexion selon « accord » (Europe/Paris) : 6 événements" in text
    assert "Sinistres : 1 personne, 6 événements" in text
    assert "repos quotidien de moins de 11 h : 1 fois, 1 personne (le plus court 8,50 h)" in text
