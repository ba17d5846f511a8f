"""The team planner: hard rules from the library's own checks, wishes, fairness, conflicts."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from teleaccord import (
    Absence,
    AbsenceKind,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    InvalidValue,
    Notice,
    OnSiteMinimum,
    Quota,
    QuotaLedger,
    RuleRef,
    TeamCoverage,
    TeamMember,
    TeleaccordError,
    Wish,
    WorkPattern,
    greedy_plan,
    plan_telework,
    year_range,
)
from teleaccord.planner import PlanInstance, check_plan

AT = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
WEEK = DateRange(date(2026, 11, 16), date(2026, 11, 20))  # Monday to Friday
TWO_WEEKS = DateRange(date(2026, 11, 16), date(2026, 11, 29))


def _team(
    names: list[str],
    agreement: Agreement,
    *,
    rules: list[CoverageRule] | None = None,
    anchor: list[str] | None = None,
    roles: dict[str, str] | None = None,
    grant: bool = True,
) -> tuple[TeamCoverage, dict[str, QuotaLedger]]:
    contracts = [Contract.from_amendments(employee=e, hired=date(2020, 1, 1)) for e in names]
    ledgers = {}
    for c in contracts:
        ledger = QuotaLedger(agreement=agreement, contract=c, calendar=Calendar())
        if grant and agreement.period_quota is not None:
            ledger.grant(year_range(2026), at=AT, by="hr")
        ledgers[c.employee] = ledger
    members = [TeamMember(contract=c, role=(roles or {}).get(c.employee)) for c in contracts]
    team = TeamCoverage(
        team="claims", members=members, rules=rules or [], anchor_weekdays=anchor or []
    )
    return team, ledgers


WEEKLY_2 = Agreement(name="2 a week", quotas=[Quota(window="week", maximum=2)])


def _days(plan: Any, employee: str) -> list[str]:
    return [d.isoformat() for d in plan.days_of(employee)]


# -- greedy, by hand ------------------------------------------------------------------------------


def test_greedy_gives_each_person_their_preferred_days_within_the_weekly_maximum() -> None:
    team, ledgers = _team(["ana", "bob"], WEEKLY_2)
    wishes = [
        Wish(employee="ana", preferred=["Mo", "We", "Fr"], days_per_week=3),
        Wish(employee="bob", preferred=["Tu"], days_per_week=1),
    ]
    plan = greedy_plan(team, ledgers, WEEK, at=AT, wishes=wishes)
    # ana wants 3 days but the agreement allows 2 a week: Monday and Wednesday (preferred, first)
    assert _days(plan, "ana") == ["2026-11-16", "2026-11-18"]
    assert _days(plan, "bob") == ["2026-11-17"]
    ana, bob = plan.people
    # ana: target 3; 2 days (2 points each) + 2 preferred (1 each) = 6 of 9
    assert (ana.points, ana.wished, bob.points, bob.wished) == (6, 9, 3, 3)
    assert plan.min_satisfaction == Fraction(2, 3)
    assert plan.spread == Fraction(1, 3)
    assert plan.status == "greedy"
    assert not plan.optimal


def test_nobody_teleworks_what_they_did_not_wish() -> None:
    team, ledgers = _team(["ana", "bob"], WEEKLY_2)
    plan = greedy_plan(team, ledgers, WEEK, at=AT, wishes=[Wish(employee="ana", preferred=["Th"])])
    assert [(d.employee, d.day) for d in plan.days] == [("ana", date(2026, 11, 19))]


def test_coverage_headcount_limits_how_many_telework_the_same_day() -> None:
    team, ledgers = _team(["ana", "bob", "eve"], WEEKLY_2, rules=[CoverageRule(minimum=2)])
    wishes = [Wish(employee=e, preferred=["Mo"], days_per_week=1) for e in ("ana", "bob", "eve")]
    plan = greedy_plan(team, ledgers, WEEK, at=AT, wishes=wishes)
    mondays = [d.employee for d in plan.days if d.day == date(2026, 11, 16)]
    assert len(mondays) == 1  # 3 work, 2 must stay on site
    # the two others still reach their target on another day
    assert len(plan.days) == 3


def test_anchor_days_avoid_days_and_unavailable_days_are_never_planned() -> None:
    team, ledgers = _team(["ana", "bob"], WEEKLY_2, anchor=["Tu"])
    wishes = [
        Wish(employee="ana", preferred=["Tu", "We"], avoid_dates=["2026-11-18"]),
        Wish(employee="bob", preferred=["Th", "Fr"]),
    ]
    plan = greedy_plan(
        team, ledgers, WEEK, at=AT, wishes=wishes, unavailable=[("bob", date(2026, 11, 19))]
    )
    assert _days(plan, "ana") == []
    assert _days(plan, "bob") == ["2026-11-20"]


def test_period_quota_and_existing_bookings_are_respected() -> None:
    agreement = Agreement(name="3 a year", quotas=[Quota(window="period", maximum=3)])
    team, ledgers = _team(["ana"], agreement)
    ledgers["ana"].book(date(2026, 3, 2), at=AT, by="hr")
    ledgers["ana"].book(date(2026, 11, 17), at=AT, by="hr")  # inside the week: fixed
    plan = greedy_plan(
        team, ledgers, WEEK, at=AT, wishes=[Wish(employee="ana", preferred=["Mo", "We", "Fr"])]
    )
    assert _days(plan, "ana") == ["2026-11-16"]  # 1 day left of 3
    assert plan.people[0].existing == 1


def test_max_consecutive_days_and_on_site_minimum_are_hard() -> None:
    agreement = Agreement(name="x", max_consecutive_days=2)
    team, ledgers = _team(["ana"], agreement)
    plan = greedy_plan(team, ledgers, WEEK, at=AT, wishes=[Wish(employee="ana", days_per_week=5)])
    assert _days(plan, "ana") == ["2026-11-16", "2026-11-17", "2026-11-19", "2026-11-20"]
    on_site = Agreement(name="y", on_site=[OnSiteMinimum(window="week", days=3)])
    team, ledgers = _team(["ana"], on_site)
    plan = greedy_plan(team, ledgers, WEEK, at=AT, wishes=[Wish(employee="ana", days_per_week=5)])
    assert len(plan.days) == 2


def test_notice_is_checked_against_the_moment_the_plan_is_made() -> None:
    agreement = Agreement(name="notice", notice=Notice(working_days=2))
    team, ledgers = _team(["ana"], agreement)
    late = datetime(2026, 11, 16, 8, tzinfo=timezone.utc)  # Monday morning
    plan = greedy_plan(team, ledgers, WEEK, at=late, wishes=[Wish(employee="ana", days_per_week=5)])
    # 2 working days of notice: Monday and Tuesday are too late
    assert _days(plan, "ana")[0] >= "2026-11-18"
    assert all(
        v.code != "notice_too_short" for v in ledgers["ana"].check(date(2026, 11, 18), at=late)
    )


def test_the_range_is_at_most_a_quarter_and_wishes_name_members_once() -> None:
    team, ledgers = _team(["ana"], WEEKLY_2)
    with pytest.raises(InvalidValue) as caught:
        greedy_plan(team, ledgers, DateRange(date(2026, 1, 1), date(2026, 6, 30)), at=AT)
    assert caught.value.code == "plan_too_long"
    with pytest.raises(InvalidValue) as caught:
        greedy_plan(team, ledgers, WEEK, at=AT, wishes=[Wish(employee="zoe")])
    assert caught.value.code == "unknown_employee"
    with pytest.raises(InvalidValue) as caught:
        greedy_plan(team, ledgers, WEEK, at=AT, wishes=[Wish(employee="ana")] * 2)
    assert caught.value.code == "duplicate_wish"
    with pytest.raises(InvalidValue):
        greedy_plan(team, ledgers, WEEK, at=datetime(2026, 11, 2, 9), wishes=[])


# -- the independent check --------------------------------------------------------------------


def test_check_plan_reports_what_the_library_refuses() -> None:
    team, ledgers = _team(["ana", "bob"], WEEKLY_2, rules=[CoverageRule(minimum=1)])
    instance = PlanInstance(team, ledgers, WEEK, at=AT)
    three = [("ana", date(2026, 11, d)) for d in (16, 17, 18)]
    assert [v.code for v in check_plan(instance, three)] == ["weekly_max_exceeded"]
    both = [("ana", date(2026, 11, 16)), ("bob", date(2026, 11, 16))]
    found = check_plan(instance, both)
    assert [v.code for v in found] == ["coverage_below_minimum"] * 2  # morning and afternoon
    assert check_plan(instance, both[:1]) == ()
    stranger = check_plan(instance, [("zoe", date(2026, 11, 16))])
    assert [v.code for v in stranger] == ["plan_day_not_allowed"]


# -- infeasibility ------------------------------------------------------------------------------


def test_fixed_bookings_that_break_coverage_are_a_minimal_conflict() -> None:
    team, ledgers = _team(["ana", "bob", "eve", "joe"], WEEKLY_2, rules=[CoverageRule(minimum=3)])
    monday = date(2026, 11, 16)
    for e in ("ana", "bob"):
        ledgers[e].book(monday, at=AT, by="hr", entry_id=f"b-{e}")
    plan = greedy_plan(team, ledgers, WEEK, at=AT)
    assert plan.status == "infeasible"
    assert not plan.days
    assert [c.code for c in plan.conflicts] == ["coverage_conflict"] * 2  # am, pm
    morning = plan.conflicts[0]
    # 4 work, 3 needed: one booking alone already leaves 3; two bookings are the conflict
    kinds = sorted(i.kind for i in morning.items)
    assert kinds == ["coverage", "fixed_booking", "fixed_booking"]
    assert morning.violation.param("required") == 3
    assert morning.violation.param("working") == 4
    assert morning.violation.param("teleworking") == ["ana", "bob"]
    assert "needs 3 on site" in morning.message
    # removing the named conflict (waiving the rule on those half-days) makes a plan exist
    waived = [i for c in plan.conflicts for i in c.items if i.kind == "coverage"]
    again = greedy_plan(team, ledgers, WEEK, at=AT, waived=waived)
    assert again.feasible
    # releasing one of the named bookings removes the conflict too (the set is minimal)
    ledgers["ana"].cancel("b-ana", at=AT, by="hr")
    assert greedy_plan(team, ledgers, WEEK, at=AT).feasible


def test_too_few_people_working_is_a_conflict_of_the_rule_alone() -> None:
    team, ledgers = _team(["ana", "bob"], WEEKLY_2, rules=[CoverageRule(minimum=2)])
    absent = [("bob", date(2026, 11, 19))]
    plan = greedy_plan(team, ledgers, WEEK, at=AT, unavailable=absent)
    assert not plan.feasible
    conflict = plan.conflicts[0]
    assert [i.kind for i in conflict.items] == ["coverage"]
    assert conflict.violation.param("absent") == ["bob"]
    assert conflict.violation.day == date(2026, 11, 19)


def test_an_existing_booking_on_an_anchor_day_conflicts_with_the_anchor() -> None:
    team, ledgers = _team(["ana", "bob"], WEEKLY_2, anchor=["Tu"])
    ledgers["bob"].book(date(2026, 11, 17), at=AT, by="hr", entry_id="b1")
    plan = greedy_plan(team, ledgers, WEEK, at=AT)
    assert [c.code for c in plan.conflicts] == ["anchor_conflict"]
    items = plan.conflicts[0].items
    assert items[0] == RuleRef(kind="anchor", day=date(2026, 11, 17))
    assert (items[1].employee, items[1].entry_id) == ("bob", "b1")
    assert greedy_plan(team, ledgers, WEEK, at=AT, waived=items[:1]).feasible


# -- CP-SAT ---------------------------------------------------------------------------------------


def test_cpsat_is_at_least_as_good_as_greedy_and_deterministic() -> None:
    pytest.importorskip("ortools", reason="the planner extra (ortools) is not installed")
    names = [f"e{i}" for i in range(6)]
    team, ledgers = _team(names, WEEKLY_2, rules=[CoverageRule(share="1/2")])
    wishes = [
        Wish(employee=e, preferred=[["Mo", "Fr"], ["Fr"], ["Mo", "Tu"]][i % 3], days_per_week=2)
        for i, e in enumerate(names)
    ]
    plan = plan_telework(team, ledgers, TWO_WEEKS, at=AT, wishes=wishes, time_limit=2.0)
    greedy = greedy_plan(team, ledgers, TWO_WEEKS, at=AT, wishes=wishes)
    assert plan.objective >= greedy.objective == plan.greedy_objective
    assert plan.solver == "cp-sat"
    assert plan.status in ("optimal", "feasible")
    again = plan_telework(team, ledgers, TWO_WEEKS, at=AT, wishes=wishes, time_limit=2.0)
    assert again == plan
    instance = PlanInstance(team, ledgers, TWO_WEEKS, at=AT, wishes=wishes)
    assert check_plan(instance, [(d.employee, d.day) for d in plan.days]) == ()


def test_cpsat_objective_is_the_shared_formula() -> None:
    cpsat = pytest.importorskip("teleaccord.planner_cpsat")
    pytest.importorskip("ortools", reason="the planner extra (ortools) is not installed")
    team, ledgers = _team(["ana", "bob", "eve"], WEEKLY_2, rules=[CoverageRule(minimum=2)])
    wishes = [Wish(employee=e, preferred=["Mo"], days_per_week=2) for e in ("ana", "bob", "eve")]
    instance = PlanInstance(team, ledgers, WEEK, at=AT, wishes=wishes, fairness_weight=5)
    found = cpsat.solve(instance, time_limit=2.0)
    assert found.optimal
    assert found.objective == instance.objective(found.cells)
    # each of 3 people gets 2 days (coverage allows one away a day: 5 days, 6 wanted -> 5)
    assert len(found.cells) == 5


def test_stability_keeps_a_previous_plan_when_it_costs_nothing() -> None:
    pytest.importorskip("ortools", reason="the planner extra (ortools) is not installed")
    team, ledgers = _team(["ana"], WEEKLY_2)
    previous = [("ana", date(2026, 11, 19))]
    plan = plan_telework(
        team,
        ledgers,
        WEEK,
        at=AT,
        wishes=[Wish(employee="ana", days_per_week=1)],
        previous=previous,
        stability_weight=10,
        solver="cp-sat",
        time_limit=1.0,
    )
    assert _days(plan, "ana") == ["2026-11-19"]


def test_a_missing_ortools_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, *args: Any) -> Any:
        if name.startswith("ortools"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", fake)
    team, ledgers = _team(["ana"], WEEKLY_2)
    with pytest.raises(TeleaccordError) as caught:
        plan_telework(team, ledgers, WEEK, at=AT, solver="cp-sat")
    assert caught.value.code == "missing_dependency"
    assert "teleaccord[planner]" in str(caught.value)
    # greedy needs nothing
    assert plan_telework(team, ledgers, WEEK, at=AT, solver="greedy").solver == "greedy"


# -- properties: small random teams ------------------------------------------------------------

PATTERNS = ("Mo Tu We Th Fr", "Mo Tu We Th", "Tu We Th Fr", "Mo Tu We Th Fr Sa Su")


@st.composite
def instances(draw: st.DrawFn) -> dict[str, Any]:
    size = draw(st.integers(1, 6))
    names = [f"p{i}" for i in range(size)]
    agreement = Agreement(
        name="random",
        quotas=[
            Quota(window="week", maximum=draw(st.integers(0, 3))),
            Quota(window="period", maximum=draw(st.integers(0, 12))),
        ],
        max_consecutive_days=draw(st.none() | st.integers(1, 3)),
        on_site=draw(st.sampled_from([[], [OnSiteMinimum(window="week", days=2)]])),
    )
    contracts = [
        Contract.from_amendments(
            employee=e,
            hired=date(2020, 1, 1),
            pattern=WorkPattern.parse(draw(st.sampled_from(PATTERNS))),
            fraction=1,
        )
        for e in names
    ]
    roles = {e: draw(st.sampled_from(["agent", "lead"])) for e in names}
    rules = draw(
        st.lists(
            st.builds(
                CoverageRule,
                minimum=st.none() | st.integers(0, 3),
                share=st.sampled_from(["1/3", "1/2", "2/3"]),
                role=st.none() | st.just("lead"),
                every_day=st.booleans(),
            ),
            max_size=2,
        )
    )
    start = date(2026, 11, 2) + timedelta(days=draw(st.integers(0, 6)))
    period = DateRange(start, start + timedelta(days=13))
    ledgers = {}
    for c in contracts:
        ledger = QuotaLedger(agreement=agreement, contract=c, calendar=Calendar())
        ledger.grant(year_range(2026), at=AT, by="hr")
        for offset in draw(st.lists(st.integers(0, 13), max_size=2, unique=True)):
            day = start + timedelta(days=offset)
            if not ledger.check(day, at=AT):
                ledger.book(day, at=AT, by="hr")
        ledgers[c.employee] = ledger
    team = TeamCoverage(
        team="t",
        members=[TeamMember(contract=c, role=roles[c.employee]) for c in contracts],
        rules=rules,
        anchor_weekdays=draw(st.frozensets(st.integers(0, 4), max_size=1)),
    )
    wishes = [
        Wish(
            employee=e,
            preferred=draw(st.frozensets(st.integers(0, 6), max_size=3)),
            days_per_week=draw(st.none() | st.integers(0, 3)),
            weight=draw(st.integers(0, 3)),
        )
        for e in names
        if draw(st.booleans())
    ]
    unavailable = [
        (e, start + timedelta(days=o))
        for e in names
        for o in draw(st.lists(st.integers(0, 13), max_size=1))
    ]
    return {
        "team": team,
        "ledgers": ledgers,
        "period": period,
        "wishes": wishes,
        "unavailable": unavailable,
    }


def _cells(plan: Any) -> list[tuple[str, date]]:
    return [(d.employee, d.day) for d in plan.days]


@settings(max_examples=25)
@given(instances())
def test_every_returned_plan_passes_the_library_checks(case: dict[str, Any]) -> None:
    solvers = ["greedy"]
    try:
        import ortools  # noqa: F401

        solvers.append("cp-sat")
    except ImportError:  # pragma: no cover - the planner extra is absent
        pass
    greedy_objective = None
    for solver in solvers:
        plan = plan_telework(**case, at=AT, solver=solver, time_limit=0.5)
        note(plan.describe())
        if not plan.feasible:
            assert plan.conflicts
            assert not plan.days
            continue
        instance = PlanInstance(
            case["team"],
            case["ledgers"],
            case["period"],
            at=AT,
            wishes=case["wishes"],
            unavailable=case["unavailable"],
        )
        assert check_plan(instance, _cells(plan)) == ()
        if solver == "greedy":
            greedy_objective = plan.objective
        else:
            assert greedy_objective is not None
            assert plan.objective >= greedy_objective


@settings(max_examples=25)
@given(instances())
def test_waiving_the_named_conflicts_makes_a_plan_exist(case: dict[str, Any]) -> None:
    plan = greedy_plan(**case, at=AT)
    if plan.feasible:
        return
    waived = [i for c in plan.conflicts for i in c.items if i.kind in ("coverage", "anchor")]
    assert len(waived) == len(plan.conflicts)  # each conflict names exactly one rule
    again = greedy_plan(**case, at=AT, waived=waived)
    assert again.feasible
    instance = PlanInstance(
        case["team"],
        case["ledgers"],
        case["period"],
        at=AT,
        wishes=case["wishes"],
        unavailable=case["unavailable"],
        waived=waived,
    )
    assert check_plan(instance, _cells(again)) == ()


def _released(ledgers: dict[str, QuotaLedger], day: date, keep: set[str]) -> dict[str, QuotaLedger]:
    """Copies of the ledgers where every booking of ``day`` not in ``keep`` is cancelled."""
    copies = {}
    for employee, ledger in ledgers.items():
        copy = QuotaLedger(
            agreement=ledger.agreement,
            contract=ledger.contract,
            calendar=ledger.calendar,
            entries=ledger.entries,
        )
        for booking in copy.active_bookings(DateRange(day, day)):
            if booking.entry_id not in keep:
                copy.cancel(booking.entry_id, at=AT, by="hr")
        copies[employee] = copy
    return copies


@settings(max_examples=25)
@given(instances())
def test_each_conflict_is_a_minimal_unsatisfiable_set(case: dict[str, Any]) -> None:
    plan = greedy_plan(**case, at=AT)
    for conflict in plan.conflicts[:3]:
        rule = [i for i in conflict.items if i.kind in ("coverage", "anchor")]
        assert len(rule) == 1
        kept = {str(i.entry_id) for i in conflict.items if i.kind == "fixed_booking"}
        day = rule[0].day
        one_day = {**case, "period": DateRange(day, day)}
        # the kept bookings alone (every other booking of the day released) still conflict
        alone = greedy_plan(**{**one_day, "ledgers": _released(case["ledgers"], day, kept)}, at=AT)
        assert rule[0] in {i for c in alone.conflicts for i in c.items}
        # without any one of them, that rule holds
        for entry_id in sorted(kept):
            fewer = _released(case["ledgers"], day, kept - {entry_id})
            again = greedy_plan(**{**one_day, "ledgers": fewer}, at=AT)
            assert rule[0] not in {i for c in again.conflicts for i in c.items}


# -- absences recorded in the ledgers -------------------------------------------------------------


def test_absences_in_the_ledgers_are_unavailable_days() -> None:
    """ana, bob and eve work Monday to Friday, at least 2 on site, all wish to telework on
    Monday and Tuesday. eve is on leave on Monday: she is not planned, and of the 2 working
    both must stay on site. On Tuesday eve is in training, which counts as on site for
    coverage in this agreement: she is not planned either, but one of ana and bob may
    telework."""
    agreement = attrs.evolve(
        WEEKLY_2, absence_kinds=[AbsenceKind(name="training", on_site=True, coverage=True)]
    )
    team, ledgers = _team(["ana", "bob", "eve"], agreement, rules=[CoverageRule(minimum=2)])
    mon, tue = date(2026, 11, 16), date(2026, 11, 17)
    ledgers["eve"].record_absence(
        Absence(absence_id="L1", employee="eve", kind="paid_leave", days=DateRange.single(mon)),
        at=AT,
        by="hr",
    )
    ledgers["eve"].record_absence(
        Absence(absence_id="T1", employee="eve", kind="training", days=DateRange.single(tue)),
        at=AT,
        by="hr",
    )
    wishes = [Wish(employee=e, preferred=["Mo", "Tu"], days_per_week=1) for e in ("ana", "bob")]
    wishes.append(Wish(employee="eve", preferred=["Mo", "Tu"], days_per_week=2))
    for plan in (
        greedy_plan(team, ledgers, WEEK, at=AT, wishes=wishes),
        plan_telework(team, ledgers, WEEK, at=AT, wishes=wishes, solver="greedy"),
    ):
        assert plan.feasible
        assert [d.employee for d in plan.days if d.day == mon] == []
        assert len([d.employee for d in plan.days if d.day == tue and d.employee != "eve"]) == 1
        assert all(d.day not in (mon, tue) for d in plan.days_of("eve"))
        instance = PlanInstance(team, ledgers, WEEK, at=AT, wishes=wishes)
        assert check_plan(instance, [(d.employee, d.day) for d in plan.days]) == ()
    # The same days given as ``unavailable`` (a whole-day absence, not on site) plan the same
    # Monday; the coverage code counts eve absent, not on site, that day.
    team2, bare = _team(["ana", "bob", "eve"], agreement, rules=[CoverageRule(minimum=2)])
    given = greedy_plan(team2, bare, WEEK, at=AT, wishes=wishes, unavailable=[("eve", mon)])
    assert [d.employee for d in given.days if d.day == mon] == []
    monday = team.plan(DateRange.single(mon), ledgers).days[0]
    assert monday.absent == ("eve",)
    assert monday.on_site == ("ana", "bob")
    assert team.plan(DateRange.single(tue), ledgers).days[0].on_site == ("ana", "bob", "eve")


def test_an_absence_that_leaves_too_few_on_site_is_a_conflict_naming_the_absent() -> None:
    """ana's Monday booking is fixed and eve is on leave that Monday: bob alone is on site of
    the 2 working, under the minimum of 2. No plan exists, and the conflict says eve is
    absent."""
    team, ledgers = _team(["ana", "bob", "eve"], WEEKLY_2, rules=[CoverageRule(minimum=2)])
    mon = date(2026, 11, 16)
    ledgers["ana"].book(mon, at=AT, by="ana")
    ledgers["eve"].record_absence(
        Absence(absence_id="L1", employee="eve", kind="sickness", days=DateRange.single(mon)),
        at=AT,
        by="hr",
    )
    plan = greedy_plan(team, ledgers, WEEK, at=AT)
    assert not plan.feasible
    assert {(c.violation.day, c.violation.param("working")) for c in plan.conflicts} == {(mon, 2)}
    assert all(list(c.violation.param("absent")) == ["eve"] for c in plan.conflicts)
    assert all("eve absent" in c.violation.message for c in plan.conflicts)


# -- an agreement history: each day under the version in force ------------------------------------


def test_the_planner_applies_the_version_in_force_on_each_day_of_a_history() -> None:
    # One day a week until the end of June 2026, three from July: a week in March allows one.
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=Agreement(name="1 a week", quotas=[
                Quota(window="week", maximum=1)]), start="2026-01-01", end="2026-06-30"),
            AgreementVersion(agreement=Agreement(name="3 a week", quotas=[
                Quota(window="week", maximum=3)]), start="2026-07-01"),
        ],
    )  # fmt: skip
    contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=history, contract=contract, calendar=Calendar())
    ledger.book(date(2026, 3, 2), at=AT, by="hr")  # Monday, fixed
    team = TeamCoverage(team="claims", members=[TeamMember(contract=contract)])
    march = DateRange(date(2026, 3, 2), date(2026, 3, 6))
    wish = Wish(employee="ana", preferred=["Tu", "We"], days_per_week=3)
    plan = greedy_plan(team, {"ana": ledger}, march, at=AT, wishes=[wish])
    assert _days(plan, "ana") == []  # Monday is booked already: one a week in March
    july = DateRange(date(2026, 7, 6), date(2026, 7, 10))
    plan = greedy_plan(team, {"ana": ledger}, july, at=AT, wishes=[wish])
    # Three a week from July: Tuesday and Wednesday wished, and a third day to reach three.
    assert _days(plan, "ana") == ["2026-07-06", "2026-07-07", "2026-07-08"]
    instance = PlanInstance(team, {"ana": ledger}, march, at=AT)
    codes = [v.code for v in check_plan(instance, [("ana", date(2026, 3, 3))])]
    assert "weekly_max_exceeded" in codes
    assert ledger.version == 1  # the planner booked on copies


def test_a_ledger_copy_keeps_the_history_and_the_entries_and_is_independent() -> None:
    history = AgreementHistory.single(WEEKLY_2)
    contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=history, contract=contract, calendar=Calendar(),
                         statuses=["carer"])  # fmt: skip
    ledger.book(date(2026, 3, 2), at=AT, by="hr")
    trial = ledger.copy()
    assert trial.history is history
    assert trial.statuses == ("carer",)
    assert trial.entries == ledger.entries
    assert trial.version == ledger.version == 1
    trial.book(date(2026, 3, 3), at=AT, by="hr")
    assert (trial.version, ledger.version) == (2, 1)
    assert [v.code for v in trial.check(date(2026, 3, 4))] == ["weekly_max_exceeded"]
