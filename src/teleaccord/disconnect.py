"""The right to disconnect: activity outside contact windows, and rest periods that fall short.

An agreement's :class:`~teleaccord.charter.Charter` gives the **contact windows** (plages de
joignabilité: when the employer may usually reach a teleworker, L1222-9 II 4°) and the
**disconnection hours** (droit à la déconnexion, L2242-17 7°), per weekday, in the agreement's
time zone. From activity events an organisation already records — messages sent, meetings,
connections, each an :class:`ActivityEvent` with a timezone-aware timestamp —
:func:`disconnect_report` counts, per employee and per team:

- events outside every contact window, and events inside disconnection hours;
- **daily rest** shorter than 11 consecutive hours (Code du travail, art. L3131-1): a day's
  activity runs from its first to its last event (local dates); the rest is the time from one
  day's last event to the next event, on a later day;
- **weekly rest** shorter than 35 consecutive hours (art. L3132-2: 24 hours plus the 11 of
  the daily rest): for each week (Monday to Sunday, local) with activity, the longest time
  between two consecutive events that overlaps the week. The time before the first event and
  after the last is unknown, so it never falls short.

Events are read one at a time (a generator is fine) and must come in time order for each
employee (an export sorted by time, or by employee then time); an event earlier than the
previous one of the same employee is skipped and reported. Memory grows with the number of
employees, not of events, unless per-person details are asked for.

**Before running it** (see the docs' French framework page): the analysis processes personal
data the employer already holds; staff must be informed beforehand of any such processing
(art. L1222-4) and the staff council (CSE) informed and consulted on the means of monitoring
employees' activity (art. L2312-38). The report aggregates per team by default; per-person
figures only on request (``per_person=True``).

>>> from datetime import datetime, timezone
>>> from teleaccord import ActivityEvent, Agreement, Charter, TimeWindow, disconnect_report
>>> accord = Agreement(name="a", charter=Charter(
...     contact_windows=[TimeWindow(days="Mo-Fr", start="09:00", end="18:00")],
...     disconnection=[TimeWindow(days="Mo-Fr", start="20:00", end="08:00")]))
>>> utc = timezone.utc
>>> events = [ActivityEvent(employee="E1", at=datetime(2025, 3, 3, h, tzinfo=utc), team="T")
...           for h in (8, 12, 21)]   # 09:00, 13:00 and 22:00 in Paris
>>> report = disconnect_report(accord, events)
>>> t = report.teams[0]
>>> (t.events, t.outside_windows, t.in_disconnection)
(3, 1, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from teleaccord.agreement import Agreement
from teleaccord.charter import Charter, TimeWindow
from teleaccord.errors import InvalidValue, Problem

__all__ = [
    "DAILY_REST_HOURS",
    "WEEKLY_REST_HOURS",
    "ActivityEvent",
    "DisconnectReport",
    "PersonDisconnect",
    "RestShortfall",
    "TeamDisconnect",
    "disconnect_report",
]

DAILY_REST_HOURS = 11
"""Minimum daily rest, in consecutive hours (Code du travail, art. L3131-1)."""
WEEKLY_REST_HOURS = 35
"""Minimum weekly rest, in consecutive hours (art. L3132-2: 24 hours plus 11)."""

NO_TEAM = "(no team)"


def _employee(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    # Millions of events go through here: a plain check rather than the general validator.
    if value.__class__ is not str or not value or value.isspace():
        msg = f"employee: must not be empty, got {value!r}."
        raise InvalidValue(msg, field="employee", code="empty_text")


def _aware(instance: Any, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.__class__ is datetime and value.tzinfo is timezone.utc:
        return  # the common case, checked first
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"at: the event of {instance.employee} at {value!r} has no time zone; give "
            "timestamps with their UTC offset so that each names one moment."
        )
        raise InvalidValue(msg, field="at", code="naive_datetime")


@attrs.frozen(kw_only=True)
class ActivityEvent:
    """One recorded activity: a message sent, a meeting, a connection.

    Attributes:
        employee: the employee's identifier.
        at: when, timezone-aware (naive ones are refused: ``naive_datetime``).
        kind: what it was (``"message"``, ``"meeting"``...), free text.
        team: the employee's team ('' when the report's ``teams`` mapping says it).
        line: where it was read (a CSV line), for problems; 0 when not from a file.
    """

    employee: str = attrs.field(validator=_employee)
    at: datetime = attrs.field(validator=_aware)
    kind: str = ""
    team: str = ""
    line: int = 0


@attrs.frozen(kw_only=True)
class RestShortfall:
    """A rest period shorter than the law's minimum.

    Attributes:
        employee: the employee.
        rule: ``"daily"`` (11 hours, L3131-1) or ``"weekly"`` (35 hours, L3132-2).
        start: the last event before the rest (for a weekly shortfall: of the longest rest).
        end: the first event after it.
        hours: the rest, in hours (exact).
        required: the minimum, in hours.
        week: for a weekly shortfall, the Monday of the week (local).
    """

    employee: str
    rule: str
    start: datetime
    end: datetime
    hours: Fraction
    required: int
    week: date | None = None


@attrs.frozen(kw_only=True)
class PersonDisconnect:
    """One employee's figures.

    Attributes:
        employee, team: who.
        events: the events counted.
        outside_windows: events outside every contact window (0 without windows).
        in_disconnection: events inside disconnection hours.
        daily_shortfalls, weekly_shortfalls: rests under 11 and 35 hours.
        shortest_daily_rest, shortest_weekly_rest: the shortest of each, in hours
            (``None``: none fell short).
        first, last: the first and last events counted.
        shortfalls: each rest that fell short, in time order.
    """

    employee: str
    team: str
    events: int
    outside_windows: int
    in_disconnection: int
    daily_shortfalls: int
    weekly_shortfalls: int
    shortest_daily_rest: Fraction | None
    shortest_weekly_rest: Fraction | None
    first: datetime | None
    last: datetime | None
    shortfalls: tuple[RestShortfall, ...] = ()


@attrs.frozen(kw_only=True)
class TeamDisconnect:
    """One team's figures: sums over its people, and how many people each concerns.

    Attributes:
        team: the team ('(no team)' for events without one).
        people: employees with at least one event.
        events, outside_windows, in_disconnection, daily_shortfalls, weekly_shortfalls: sums.
        people_outside_windows, people_in_disconnection, people_short_daily_rest,
            people_short_weekly_rest: employees with at least one.
        shortest_daily_rest, shortest_weekly_rest: the shortest in the team, in hours.
    """

    team: str
    people: int
    events: int
    outside_windows: int
    in_disconnection: int
    daily_shortfalls: int
    weekly_shortfalls: int
    people_outside_windows: int
    people_in_disconnection: int
    people_short_daily_rest: int
    people_short_weekly_rest: int
    shortest_daily_rest: Fraction | None
    shortest_weekly_rest: Fraction | None

    @property
    def share_outside_windows(self) -> Fraction | None:
        """The share of the team's events outside the contact windows."""
        return Fraction(self.outside_windows, self.events) if self.events else None


def _hours(value: Fraction | None) -> str:
    if value is None:
        return "-"
    return f"{float(value):.2f} h"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


@attrs.frozen(kw_only=True)
class DisconnectReport:
    """The right-to-disconnect figures of a set of events.

    Attributes:
        agreement: the agreement's name.
        timezone: the time zone windows and days are read in.
        contact_windows, disconnection: the windows applied, in words.
        events: the events counted.
        skipped: events skipped (out of time order for their employee).
        teams: one :class:`TeamDisconnect` per team, by name.
        people: one :class:`PersonDisconnect` per employee, only when asked for.
        problems: why events were skipped.
    """

    agreement: str
    timezone: str
    contact_windows: tuple[str, ...]
    disconnection: tuple[str, ...]
    events: int
    skipped: int
    teams: tuple[TeamDisconnect, ...]
    people: tuple[PersonDisconnect, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def findings(self) -> int:
        """Events outside windows or in disconnection hours, plus rests that fell short."""
        return sum(
            t.outside_windows + t.in_disconnection + t.daily_shortfalls + t.weekly_shortfalls
            for t in self.teams
        )

    def describe(self, language: str = "en") -> str:
        """A summary an HR person can read: the rules, then one paragraph per team (in French
        with ``language="fr"``)."""
        fr = language == "fr"
        w = _FRENCH if fr else _ENGLISH

        def n(count: int, word: str) -> str:
            one, many = w[word]
            singular = count <= 1 if fr else count == 1  # « 0 semaine » in French
            return f"{count} {one if singular else many}"

        def pct(part: int, whole: int) -> str:
            text = _percent(part, whole)
            return text.replace(".", ",") if fr else text

        def hours(value: Fraction | None) -> str:
            text = _hours(value)
            return text.replace(".", ",") if fr else text

        colon = " : " if fr else ": "
        lines = [
            w["title"].format(agreement=self.agreement, timezone=self.timezone)
            + colon
            + n(self.events, "event")
            + (w["skipped"].format(skipped=self.skipped) if self.skipped else ""),
            "  " + w["windows"] + colon + (", ".join(self.contact_windows) or w["none"]),
            "  " + w["quiet"] + colon + (", ".join(self.disconnection) or w["none"]),
            "  " + w["rests"].format(daily=DAILY_REST_HOURS, weekly=WEEKLY_REST_HOURS),
        ]
        for t in self.teams:
            lines += [
                "",
                f"{t.team}{colon}{n(t.people, 'person')}, {n(t.events, 'event')}",
                f"  {w['outside']}{colon}{n(t.outside_windows, 'event')} "
                f"({pct(t.outside_windows, t.events)}), "
                f"{n(t.people_outside_windows, 'person')}",
                f"  {w['inside']}{colon}{n(t.in_disconnection, 'event')} "
                f"({pct(t.in_disconnection, t.events)}), "
                f"{n(t.people_in_disconnection, 'person')}",
                f"  {w['daily'].format(hours=DAILY_REST_HOURS)}{colon}"
                f"{n(t.daily_shortfalls, 'time')}, {n(t.people_short_daily_rest, 'person')} "
                f"({w['shortest']} {hours(t.shortest_daily_rest)})",
                f"  {w['weekly'].format(hours=WEEKLY_REST_HOURS)}{colon}"
                f"{n(t.weekly_shortfalls, 'week')}, {n(t.people_short_weekly_rest, 'person')} "
                f"({w['shortest']} {hours(t.shortest_weekly_rest)})",
            ]
        if self.people:
            lines += ["", w["per_person"]]
            for p in self.people:
                lines.append(
                    f"  {p.employee} ({p.team}){colon}{n(p.events, 'event')}, "
                    f"{w['outside']} {p.outside_windows}, {w['inside']} {p.in_disconnection}, "
                    f"{w['daily'].format(hours=DAILY_REST_HOURS)} {p.daily_shortfalls} "
                    f"({w['shortest']} {hours(p.shortest_daily_rest)}), "
                    f"{w['weekly'].format(hours=WEEKLY_REST_HOURS)} {p.weekly_shortfalls} "
                    f"({w['shortest']} {hours(p.shortest_weekly_rest)})"
                )
        return "\n".join(lines)


# Each text of the report: (English, French).
_TEXTS: dict[str, tuple[Any, Any]] = {
    "title": (
        "Right to disconnect under {agreement!r} ({timezone})",
        "Droit à la déconnexion selon « {agreement} » ({timezone})",
    ),
    "skipped": (
        ", {skipped} skipped (out of time order)",
        ", {skipped} écartés (hors ordre chronologique)",
    ),
    "windows": ("contact windows", "plages de joignabilité"),
    "quiet": ("disconnection hours", "heures de déconnexion"),
    "none": ("none set", "aucune"),
    "rests": (
        "daily rest: at least {daily} consecutive hours (L3131-1); weekly rest: at least "
        "{weekly} (L3132-2)",
        "repos quotidien : au moins {daily} heures consécutives (L3131-1) ; repos "
        "hebdomadaire : au moins {weekly} (L3132-2)",
    ),
    "outside": ("outside contact windows", "hors plages de joignabilité"),
    "inside": ("in disconnection hours", "pendant les heures de déconnexion"),
    "daily": ("daily rest under {hours} h", "repos quotidien de moins de {hours} h"),
    "weekly": ("weekly rest under {hours} h", "repos hebdomadaire de moins de {hours} h"),
    "shortest": ("shortest", "le plus court"),
    "per_person": ("Per person (asked for):", "Par personne (sur demande) :"),
    "event": (("event", "events"), ("événement", "événements")),
    "person": (("person", "people"), ("personne", "personnes")),
    "time": (("time", "times"), ("fois", "fois")),
    "week": (("week", "weeks"), ("semaine", "semaines")),
}
_ENGLISH = {key: texts[0] for key, texts in _TEXTS.items()}
_FRENCH = {key: texts[1] for key, texts in _TEXTS.items()}


# -- the analysis -------------------------------------------------------------------------------

_DAY = 86_400
_N = TypeVar("_N", int, Fraction)


def _intervals(windows: Iterable[TimeWindow]) -> list[list[tuple[int, int]]]:
    """Per weekday (0 Monday), the windows as (start, end) seconds after local midnight."""
    found: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for w in windows:
        start = w.start.hour * 3600 + w.start.minute * 60
        end = w.end.hour * 3600 + w.end.minute * 60
        for day in w.weekdays:
            if end > start:
                found[day].append((start, end))
            else:  # crosses midnight: the rest of this day, then the next day until `end`
                found[day].append((start, _DAY))
                if end:
                    found[(day + 1) % 7].append((0, end))
    return found


@attrs.define
class _Person:
    """One employee's running state."""

    employee: str
    team: str
    keep: bool
    events: int = 0
    outside: int = 0
    disconnected: int = 0
    daily: int = 0
    weekly: int = 0
    shortest_daily: int | None = None
    shortest_weekly: int | None = None
    first: datetime | None = None
    last: datetime | None = None
    last_seconds: int = 0
    last_day: int = 0  # local day number, 0 = 1970-01-01
    week: int | None = None  # local day number of the week's Monday
    week_longest: int | None = None  # None: unknown (before the first event)
    week_longest_from: datetime | None = None
    week_longest_to: datetime | None = None
    shortfalls: list[RestShortfall] = attrs.field(factory=list)

    def close_week(self) -> None:
        longest = self.week_longest
        if self.week is None or longest is None or longest >= WEEKLY_REST_HOURS * 3600:
            return
        week = _EPOCH + timedelta(days=self.week)
        self.short_rest("weekly", longest, self.week_longest_from, self.week_longest_to, week)

    def short_rest(
        self,
        rule: str,
        seconds: int,
        start: datetime | None,
        end: datetime | None,
        week: date | None = None,
    ) -> None:
        """Count a rest of ``seconds`` under the minimum of ``rule`` (``"daily"`` or
        ``"weekly"``), keep the shortest, and keep the shortfall itself when asked."""
        if rule == "daily":
            self.daily += 1
            self.shortest_daily = _min(self.shortest_daily, seconds)
            required = DAILY_REST_HOURS
        else:
            self.weekly += 1
            self.shortest_weekly = _min(self.shortest_weekly, seconds)
            required = WEEKLY_REST_HOURS
        if self.keep and start is not None and end is not None:
            self.shortfalls.append(
                RestShortfall(
                    employee=self.employee,
                    rule=rule,
                    start=start,
                    end=end,
                    hours=Fraction(seconds, 3600),
                    required=required,
                    week=week,
                )
            )

    def result(self) -> PersonDisconnect:
        def hours(value: int | None) -> Fraction | None:
            return None if value is None else Fraction(value, 3600)

        return PersonDisconnect(
            employee=self.employee,
            team=self.team,
            events=self.events,
            outside_windows=self.outside,
            in_disconnection=self.disconnected,
            daily_shortfalls=self.daily,
            weekly_shortfalls=self.weekly,
            shortest_daily_rest=hours(self.shortest_daily),
            shortest_weekly_rest=hours(self.shortest_weekly),
            first=self.first,
            last=self.last,
            shortfalls=tuple(sorted(self.shortfalls, key=lambda s: (s.start, s.rule))),
        )


_EPOCH = date(1970, 1, 1)


def _offset(zone: ZoneInfo, seconds: int) -> int:
    """The UTC offset of ``zone`` at the instant ``seconds`` (UTC), in seconds."""
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc).astimezone(zone)
    offset = moment.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _min(a: _N | None, b: _N | None) -> _N | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _team(team: str, people: list[PersonDisconnect]) -> TeamDisconnect:
    shortest_daily: Fraction | None = None
    shortest_weekly: Fraction | None = None
    for p in people:
        shortest_daily = _min(shortest_daily, p.shortest_daily_rest)
        shortest_weekly = _min(shortest_weekly, p.shortest_weekly_rest)
    return TeamDisconnect(
        team=team,
        people=len(people),
        events=sum(p.events for p in people),
        outside_windows=sum(p.outside_windows for p in people),
        in_disconnection=sum(p.in_disconnection for p in people),
        daily_shortfalls=sum(p.daily_shortfalls for p in people),
        weekly_shortfalls=sum(p.weekly_shortfalls for p in people),
        people_outside_windows=sum(1 for p in people if p.outside_windows),
        people_in_disconnection=sum(1 for p in people if p.in_disconnection),
        people_short_daily_rest=sum(1 for p in people if p.daily_shortfalls),
        people_short_weekly_rest=sum(1 for p in people if p.weekly_shortfalls),
        shortest_daily_rest=shortest_daily,
        shortest_weekly_rest=shortest_weekly,
    )


def disconnect_report(
    agreement: Agreement,
    events: Iterable[ActivityEvent],
    *,
    teams: Mapping[str, str] | None = None,
    per_person: bool = False,
    source: str = "<events>",
) -> DisconnectReport:
    """Count events outside contact windows or in disconnection hours, and short rests.

    Args:
        agreement: its charter gives the windows (none: no event is outside a window or in
            disconnection hours; rests are still checked), its ``timezone`` the local time.
        events: :class:`ActivityEvent` values, in time order for each employee; read once.
        teams: employee to team, for events that do not say their team.
        per_person: also give each employee's figures and every short rest (by default only
            team aggregates, see the module's note on monitoring).
        source: the events' file name, for problems.

    Returns:
        A :class:`DisconnectReport`.
    """
    charter = agreement.charter if agreement.charter is not None else Charter()
    zone = ZoneInfo(agreement.timezone)
    contact = _intervals(charter.contact_windows)
    quiet = _intervals(charter.disconnection)
    has_contact = bool(charter.contact_windows)
    team_of = dict(teams or {})
    people: dict[str, _Person] = {}
    problems: list[Problem] = []
    count = skipped = 0
    daily_limit = DAILY_REST_HOURS * 3600
    offsets: dict[int, int] = {}  # 15-minute bucket of UTC seconds -> UTC offset in seconds
    for event in events:
        person = people.get(event.employee)
        if person is None:
            team = event.team or team_of.get(event.employee, "") or NO_TEAM
            person = people[event.employee] = _Person(event.employee, team, per_person)
        seconds = int(event.at.timestamp())
        if person.last is not None and seconds < person.last_seconds:
            skipped += 1
            where = f"{source}:{event.line}" if event.line else f"{source}:{event.employee}"
            problems.append(
                Problem(
                    where,
                    f"the event of {event.employee} at {event.at.isoformat()} comes before "
                    f"the previous one ({person.last.isoformat()}); give each employee's "
                    "events in time order",
                    "events_out_of_order",
                )
            )
            continue
        bucket = seconds // 900
        offset = offsets.get(bucket)
        if offset is None:
            offset = offsets[bucket] = _offset(zone, bucket * 900)
        local = seconds + offset
        today, clock = divmod(local, _DAY)  # local day number (0 = 1970-01-01), seconds
        weekday = (today + 3) % 7  # 1970-01-01 was a Thursday
        count += 1
        person.events += 1
        if has_contact:
            for begin, finish in contact[weekday]:
                if begin <= clock < finish:
                    break
            else:
                person.outside += 1
        for begin, finish in quiet[weekday]:
            if begin <= clock < finish:
                person.disconnected += 1
                break
        week = today - weekday
        if person.last is None:
            person.first = event.at
            person.week = week
            person.week_longest = None
        else:
            gap = seconds - person.last_seconds
            if today != person.last_day and gap < daily_limit:
                person.short_rest("daily", gap, person.last, event.at)
            longest = person.week_longest
            if longest is not None and gap > longest:
                person.week_longest = gap
                person.week_longest_from, person.week_longest_to = person.last, event.at
            if week != person.week:
                # The gap overlaps the week that ends (counted above) and the one that starts.
                person.close_week()
                person.week = week
                person.week_longest = gap
                person.week_longest_from, person.week_longest_to = person.last, event.at
        person.last = event.at
        person.last_seconds = seconds
        person.last_day = today
    results = [p.result() for p in people.values()]
    by_team: dict[str, list[PersonDisconnect]] = {}
    for r in results:
        by_team.setdefault(r.team, []).append(r)
    return DisconnectReport(
        agreement=agreement.name,
        timezone=agreement.timezone,
        contact_windows=tuple(w.describe() for w in charter.contact_windows),
        disconnection=tuple(w.describe() for w in charter.disconnection),
        events=count,
        skipped=skipped,
        teams=tuple(_team(t, by_team[t]) for t in sorted(by_team)),
        people=tuple(sorted(results, key=lambda r: r.employee)) if per_person else (),
        problems=tuple(problems),
    )
