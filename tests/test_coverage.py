"""On-site coverage: rules per team, role and half-day, anchor days, suggestions, team plans."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from teleaccord import (
    Agreement,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    HalfDay,
    InvalidValue,
    OperationRefused,
    Quota,
    QuotaLedger,
    TeamCoverage,
    TeamMember,
    WorkPattern,
    year_range,
)

PARIS = ZoneInfo("Europe/Paris")
CAL = Calendar()
AT = datetime(2024, 1, 1, 9, tzinfo=PARIS)
AGREEMENT = Agreement(
    name="open", quotas=[Quota(window="period", maximum=250)], granularity="half-day"
)
WEEK = DateRange(date(2024, 6, 3), date(2024, 6, 9))  # Monday to Sunday, no holiday


def member(
    employee: str, pattern: str = "Mo Tu We Th Fr", role: str | None = None, **kw: bool
) -> TeamMember:
    contract = Contract.from_amendments(
        employee=employee, hired=date(2020, 1, 1), pattern=WorkPattern.parse(pattern, **kw)
    )
    return TeamMember(contract=contract, role=role)


def ledgers_for(team: TeamCoverage) -> dict[str, QuotaLedger]:
    found = {}
    for m in team.members:
        ledger = QuotaLedger(agreement=AGREEMENT, contract=m.contract, calendar=CAL)
        ledger.grant(year_range(2024), at=AT, by="hr")
        found[m.employee] = ledger
    return found


def book(
    ledgers: dict[str, QuotaLedger], employee: str, day: date, half: HalfDay | None = None
) -> None:
    ledgers[employee].book(day, half=half, at=AT, by=employee)


FOUR = TeamCoverage(
    team="claims",
    members=[member(e) for e in ("ana", "bob", "cat", "dan")],
    rules=[CoverageRule(share="1/2")],
)


# -- rules -----------------------------------------------------------------------------------


def test_a_share_is_rounded_up_and_the_larger_requirement_applies() -> None:
    assert CoverageRule(share="1/3").required(working=4) == 2
    assert CoverageRule(minimum=3, share="1/2").required(working=4) == 3
    assert CoverageRule(minimum=3, share="1/2").required(working=10) == 5


def test_rules_are_validated() -> None:
    with pytest.raises(InvalidValue) as err:
        CoverageRule()
    assert err.value.code == "empty_rule"
    with pytest.raises(InvalidValue):
        CoverageRule(share="3/2")
    with pytest.raises(InvalidValue):
        CoverageRule(minimum=-1)
    with pytest.raises(InvalidValue):
        CoverageRule(minimum=1, weekdays=["Xx"])
    with pytest.raises(InvalidValue) as err:
        TeamCoverage(team="t", members=[member("ana"), member("ana")])
    assert err.value.code == "duplicate_member"


def test_a_rule_applies_on_working_days_unless_every_day() -> None:
    saturday, holiday = date(2024, 6, 8), date(2024, 5, 1)
    rule = CoverageRule(minimum=1, half="am", weekdays=["Sa", "We"])
    assert not rule.applies(saturday, HalfDay.MORNING, CAL)
    assert not rule.applies(holiday, HalfDay.MORNING, CAL)
    every = CoverageRule(minimum=1, half="am", weekdays=["Sa", "We"], every_day=True)
    assert every.applies(saturday, HalfDay.MORNING, CAL)
    assert every.applies(holiday, HalfDay.MORNING, CAL)
    assert not every.applies(saturday, HalfDay.AFTERNOON, CAL)
    assert every.describe() == "at least 1 on site, mornings, on We Sa, every day"


# -- checking a request ----------------------------------------------------------------------


def test_a_request_that_breaks_the_share_gets_the_numbers_and_suggestions() -> None:
    ledgers = ledgers_for(FOUR)
    book(ledgers, "bob", date(2024, 6, 4))
    book(ledgers, "cat", date(2024, 6, 4))
    (v,) = FOUR.check_request("ana", [date(2024, 6, 4)], None, ledgers)
    assert v.code == "coverage_below_minimum"
    assert v.day == date(2024, 6, 4)
    assert dict(v.params) | {"suggestions": ()} == {
        "team": "claims",
        "employee": "ana",
        "half": "am",
        "rule": "at least 50 % of those working on site",
        "working": 4,
        "on_site": 1,
        "on_site_before": 2,
        "required": 2,
        "suggestions": (),
    }
    assert v.param("suggestions") == (date(2024, 6, 3), date(2024, 6, 5), date(2024, 6, 6))
    assert v.message.startswith(
        "Telework for ana on 2024-06-04 (morning) would leave team claims with 1 on site of 4"
    )


def test_suggestions_respect_the_earliest_date_and_the_callers_filter() -> None:
    ledgers = ledgers_for(FOUR)
    for e in ("bob", "cat"):
        book(ledgers, e, date(2024, 6, 4))
    (v,) = FOUR.check_request(
        "ana",
        [date(2024, 6, 4)],
        None,
        ledgers,
        not_before=date(2024, 6, 4),
        accept=lambda d: d.weekday() != 2,  # no Wednesdays, say the ledger
    )
    assert v.param("suggestions") == (
        date(2024, 6, 3) + timedelta(days=3),
        date(2024, 6, 7),
        date(2024, 6, 10),
    )


def test_a_half_day_request_counts_its_half_only() -> None:
    ledgers = ledgers_for(FOUR)
    book(ledgers, "bob", date(2024, 6, 4), HalfDay.MORNING)
    book(ledgers, "cat", date(2024, 6, 4), HalfDay.MORNING)
    assert FOUR.check_request("ana", [date(2024, 6, 4)], HalfDay.AFTERNOON, ledgers) == ()
    (v,) = FOUR.check_request("ana", [date(2024, 6, 4)], HalfDay.MORNING, ledgers)
    assert v.param("half") == "am"
    (v,) = FOUR.check_request("ana", [date(2024, 6, 4)], None, ledgers)
    assert v.param("half") == "am"


def test_a_rule_for_a_role_counts_and_checks_that_role_only() -> None:
    team = TeamCoverage(
        team="platform",
        members=[
            member("a1", role="agent"),
            member("a2", role="agent"),
            member("sup", role="lead"),
        ],
        rules=[CoverageRule(minimum=2, role="agent")],
    )
    ledgers = ledgers_for(team)
    assert team.check_request("sup", [date(2024, 6, 4)], None, ledgers) == ()
    (v,) = team.check_request("a1", [date(2024, 6, 4)], None, ledgers)
    assert (v.param("working"), v.param("on_site"), v.param("required")) == (2, 1, 2)
    assert v.param("suggestions") == ()
    assert "No date nearby fits." in v.message


def test_a_24_7_platform_keeps_its_minimum_on_weekends_and_holidays() -> None:
    agents = [member(f"ag{n}", "Mo Tu We Th Fr Sa Su", works_holidays=True) for n in range(5)]
    team = TeamCoverage(
        team="assistance", members=agents, rules=[CoverageRule(minimum=4, every_day=True)]
    )
    ledgers = ledgers_for(team)
    book(ledgers, "ag0", date(2024, 5, 1))  # Labour Day, worked on the platform
    (v,) = team.check_request("ag1", [date(2024, 5, 1)], None, ledgers)
    assert v.code == "coverage_below_minimum"
    assert team.check_request("ag1", [date(2024, 5, 4)], None, ledgers) == ()  # a Saturday


def test_an_anchor_day_refuses_with_suggestions_and_shows_in_the_plan() -> None:
    team = TeamCoverage(
        team="claims", members=FOUR.members, rules=FOUR.rules, anchor_weekdays=["Tu"]
    )
    ledgers = ledgers_for(team)
    (v,) = team.check_request("ana", [date(2024, 6, 4)], None, ledgers)
    assert v.code == "anchor_day"
    assert v.param("suggestions") == (date(2024, 6, 3), date(2024, 6, 5), date(2024, 6, 6))
    assert "everyone is on site on Tuesdays" in v.message
    book(ledgers, "ana", date(2024, 6, 4))  # booked directly in the ledger, by HR
    plan = team.plan(WEEK, ledgers)
    assert plan.days_at_risk == (date(2024, 6, 4),)
    assert {s.code for s in plan.shortfalls} == {"anchor_day"}


def test_employees_outside_the_team_are_not_its_concern() -> None:
    assert FOUR.check_request("zoe", [date(2024, 6, 4)], None, {}) == ()


# -- the team plan ---------------------------------------------------------------------------


def test_the_plan_says_who_is_where_each_day_and_the_days_at_risk() -> None:
    team = TeamCoverage(
        team="claims",
        members=[*FOUR.members[:3], member("dan", "Mo Tu We:am Th Fr")],
        rules=[CoverageRule(minimum=3)],
    )
    ledgers = ledgers_for(team)
    book(ledgers, "ana", date(2024, 6, 3))
    book(ledgers, "bob", date(2024, 6, 5), HalfDay.MORNING)
    plan = team.plan(WEEK, ledgers)
    monday, wednesday = plan.days[0], plan.days[2]
    assert monday.on_site == ("bob", "cat", "dan")
    assert monday.teleworking == ("ana",)
    assert [h.half for h in wednesday.halves] == [HalfDay.MORNING, HalfDay.AFTERNOON]
    assert wednesday.halves[1].on_site == ("ana", "bob", "cat")  # dan is off that afternoon
    assert plan.days_at_risk == ()
    book(ledgers, "cat", date(2024, 6, 5), HalfDay.AFTERNOON)
    plan = team.plan(WEEK, ledgers)
    assert plan.days_at_risk == (date(2024, 6, 5),)
    (short,) = plan.shortfalls
    assert (short.param("half"), short.param("on_site"), short.param("required")) == ("pm", 2, 3)
    text = plan.describe()
    assert "! We 2024-06-05  on site: ana, bob, cat, dan  teleworking: bob, cat" in text
    assert "Sa 2024-06-08" not in text  # nobody works, no rule applies


# -- laws ------------------------------------------------------------------------------------

DAYS = tuple(DateRange(date(2024, 6, 3), date(2024, 6, 21)))
HALVES = (None, HalfDay.MORNING, HalfDay.AFTERNOON)
bookings = st.lists(
    st.tuples(
        st.sampled_from(("ana", "bob", "cat", "dan")),
        st.sampled_from(DAYS),
        st.sampled_from(HALVES),
    ),
    max_size=12,
)


def model_on_site(
    team: TeamCoverage, held: set[tuple[str, date, HalfDay | None]], day: date, half: HalfDay
) -> tuple[int, int]:
    """(working, on site) by a plain loop over members and bookings."""
    working = on_site = 0
    for m in team.members:
        seg = m.contract.segment_at(day)
        if seg is None or not CAL.worked_mask(day, seg.pattern) & half.mask:
            continue
        working += 1
        if not any(e == m.employee and d == day and h in (None, half) for e, d, h in held):
            on_site += 1
    return working, on_site


def book_all(
    team: TeamCoverage, wanted: list[tuple[str, date, HalfDay | None]]
) -> tuple[dict[str, QuotaLedger], set[tuple[str, date, HalfDay | None]]]:
    ledgers = ledgers_for(team)
    held = set()
    for e, d, h in wanted:
        try:
            book(ledgers, e, d, h)
        except OperationRefused:
            continue
        held.add((e, d, h))
    return ledgers, held


@given(
    wanted=bookings,
    employee=st.sampled_from(("ana", "bob")),
    day=st.sampled_from(DAYS),
    half=st.sampled_from(HALVES),
)
def test_a_request_is_refused_exactly_when_it_would_leave_too_few_on_site(
    wanted: list[tuple[str, date, HalfDay | None]], employee: str, day: date, half: HalfDay | None
) -> None:
    ledgers, held = book_all(FOUR, wanted)
    if any(e == employee and d == day for e, d, _ in held) or not CAL.is_working_day(day):
        return
    found = FOUR.check_request(employee, [day], half, ledgers)
    after = held | {(employee, day, half)}
    short = False
    for h in (HalfDay.MORNING, HalfDay.AFTERNOON):
        if half is not None and h is not half:
            continue
        working, on_site = model_on_site(FOUR, after, day, h)
        if on_site < math.ceil(Fraction(1, 2) * working):
            short = True
    note(f"{found}")
    assert bool(found) == short


@given(wanted=bookings, day=st.sampled_from(DAYS))
def test_every_suggested_date_fits(
    wanted: list[tuple[str, date, HalfDay | None]], day: date
) -> None:
    ledgers, _ = book_all(FOUR, [*wanted, ("bob", day, None), ("cat", day, None)])
    for v in FOUR.check_request("ana", [day], None, ledgers):
        distances = [abs((s - day).days) for s in v.param("suggestions")]
        assert distances == sorted(distances)
        for suggestion in v.param("suggestions"):
            assert FOUR.check_request("ana", [suggestion], None, ledgers) == ()


# -- the stateful test -----------------------------------------------------------------------


class TeamMachine(RuleBasedStateMachine):
    """Requests are booked only when the coverage check passes; HR may book directly. The
    plan is compared with a plain model, and never shows a shortfall the requests caused."""

    @initialize(share=st.sampled_from(["1/2", "1/3", "3/4"]), anchor=st.booleans())
    def setup(self, share: str, anchor: bool) -> None:
        self.team = TeamCoverage(
            team="t",
            members=[
                *FOUR.members,
                member("eve", "Mo Tu Th Fr"),
                member("fay", "Mo:am Tu We Th Fr"),
            ],
            rules=[CoverageRule(share=share)],
            anchor_weekdays=["Tu"] if anchor else [],
        )
        self.ledgers = ledgers_for(self.team)
        self.held: set[tuple[str, date, HalfDay | None]] = set()
        self.by_hr: set[tuple[str, date, HalfDay | None]] = set()

    @rule(
        employee=st.sampled_from(("ana", "bob", "cat", "dan", "eve", "fay")),
        day=st.sampled_from(DAYS),
        half=st.sampled_from(HALVES),
        hr=st.booleans(),
    )
    def ask(self, employee: str, day: date, half: HalfDay | None, hr: bool) -> None:
        found = self.team.check_request(employee, [day], half, self.ledgers)
        note(f"{employee} {day} {half}: {[v.code for v in found]}")
        if found and not hr:
            return
        try:
            book(self.ledgers, employee, day, half)
        except OperationRefused:
            return
        self.held.add((employee, day, half))
        if found:
            self.by_hr.add((employee, day, half))

    @invariant()
    def the_plan_matches_a_plain_count_and_only_overrides_are_at_risk(self) -> None:
        plan = self.team.plan(DateRange(DAYS[0], DAYS[-1]), self.ledgers)
        for day_plan in plan.days:
            for half_plan in day_plan.halves:
                working, on_site = model_on_site(self.team, self.held, day_plan.day, half_plan.half)
                assert len(half_plan.on_site) == on_site
                assert len(half_plan.on_site) + len(half_plan.teleworking) == working
        overridden = {d for _, d, _ in self.by_hr}
        assert set(plan.days_at_risk) <= overridden, "a checked request left a day at risk"


TestTeamMachine = TeamMachine.TestCase
