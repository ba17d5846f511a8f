"""Individual arrangements: lifecycle table, adaptation period, reversibility, planned days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import event, note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from teleaccord import (
    ARRANGEMENT_TRANSITIONS,
    SYSTEM,
    Agreement,
    Arrangement,
    ArrangementState,
    ArrangementWorkflow,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    InvalidValue,
    NotAllowed,
    OperationRefused,
    Organisation,
    Quota,
    QuotaLedger,
    Rhythm,
    Role,
    TeamCoverage,
    TeamMember,
    WorkPattern,
    render_mermaid,
    replay,
    year_range,
)

PARIS = ZoneInfo("Europe/Paris")
CAL = Calendar()
ORG = Organisation(managers={"ana": "max", "bob": "max", "max": "dir"}, hr={"hugo"})
AGREEMENT = Agreement(
    name="regular telework",
    quotas=[Quota(window="period", maximum=150, prorate=True), Quota(window="week", maximum=3)],
    granularity="half-day",
    adaptation_period_days=30,
    adaptation_notice_days=3,
    reversibility_notice_days=14,
    blackout=[date(2024, 9, 19)],
)
STARTS = date(2024, 9, 2)  # a Monday


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def ledger(employee: str, pattern: str = "Mo Tu We Th Fr") -> QuotaLedger:
    contract = Contract.from_amendments(
        employee=employee, hired=date(2020, 1, 1), pattern=WorkPattern.parse(pattern)
    )
    found = QuotaLedger(agreement=AGREEMENT, contract=contract, calendar=CAL)
    found.grant(year_range(2024), at=at(date(2024, 1, 1)), by="hugo")
    return found


def workflow(**kwargs: object) -> ArrangementWorkflow:
    ledgers = [ledger("ana"), ledger("bob", "Mo Tu Th Fr")]
    kwargs.setdefault("contracts", [lg.contract for lg in ledgers])
    return ArrangementWorkflow(
        agreement=AGREEMENT,
        calendar=CAL,
        organisation=ORG,
        ledgers=ledgers,
        **kwargs,  # type: ignore[arg-type]
    )


def request(rhythm: Rhythm | None = None, employee: str = "ana") -> Arrangement:
    return Arrangement(
        id=f"A-{employee}",
        employee=employee,
        rhythm=rhythm or Rhythm(weekdays="Mo Th"),
        starts=STARTS,
    )


def held(wf: ArrangementWorkflow, employee: str = "ana") -> list[date]:
    return sorted(b.day for b in wf.ledgers[employee].active_bookings())


# -- examples --------------------------------------------------------------------------------


def test_the_whole_lifecycle_with_its_audit_trail() -> None:
    wf = workflow()
    arr = wf.approve(request(), by="max", at=at(date(2024, 8, 20)))
    assert arr.state is ArrangementState.APPROVED
    assert arr.adaptation_until == date(2024, 10, 1)  # 30 days from 2 September
    assert wf.advance(arr, at=at(date(2024, 9, 1))) == arr  # nothing due yet
    arr = wf.advance(arr, at=at(STARTS))
    assert arr.state is ArrangementState.ADAPTATION
    assert wf.advance(arr, at=at(date(2024, 10, 1))).state is ArrangementState.ADAPTATION
    arr = wf.advance(arr, at=at(date(2024, 10, 2)))
    assert arr.state is ArrangementState.ACTIVE
    arr = wf.suspend(arr, by="max", at=at(date(2024, 10, 7)), reason="Audit on site.")
    arr = wf.resume(arr, by="hugo", at=at(date(2024, 10, 21)))
    arr = wf.end(arr, by="ana", at=at(date(2024, 11, 4)))
    assert arr.state is ArrangementState.ENDING
    assert arr.ends_on == date(2024, 11, 18)  # 14 days of reversibility notice
    arr = wf.advance(arr, at=at(date(2024, 11, 18)))
    assert arr.state is ArrangementState.ENDED
    assert [(e.action, e.actor, e.role) for e in arr.events] == [
        ("approve", "max", "manager"),
        ("start", SYSTEM, "system"),
        ("confirm", SYSTEM, "system"),
        ("suspend", "max", "manager"),
        ("resume", "hugo", "hr"),
        ("end", "ana", "employee"),
        ("close", SYSTEM, "system"),
    ]
    assert replay(arr.events, ARRANGEMENT_TRANSITIONS) is ArrangementState.ENDED


def test_without_an_adaptation_period_it_starts_active() -> None:
    wf = attrs.evolve(workflow(), agreement=attrs.evolve(AGREEMENT, adaptation_period_days=0))
    arr = wf.approve(request(), by="max", at=at(date(2024, 8, 20)))
    assert arr.adaptation_until is None
    assert wf.advance(arr, at=at(STARTS)).state is ArrangementState.ACTIVE


def test_ending_during_adaptation_takes_the_short_notice_and_releases_days() -> None:
    wf = workflow()
    arr = wf.advance(wf.approve(request(), by="max", at=at(date(2024, 8, 20))), at=at(STARTS))
    month = DateRange(STARTS, date(2024, 9, 30))
    result = wf.book_planned(arr, month, at=at(STARTS))
    assert len(result.booked) == 8
    assert [p.day for p in result.refused] == [date(2024, 9, 19)]  # the blackout day
    assert result.refused[0].violations[0].code == "blackout"
    with pytest.raises(InvalidValue) as err:
        wf.end(arr, by="max", at=at(date(2024, 9, 10)))
    assert err.value.code == "reason_required"
    ended = wf.end(arr, by="max", at=at(date(2024, 9, 10)), reason="Service reorganised.")
    assert ended.ends_on == date(2024, 9, 13)  # 3 days of notice
    assert held(wf) == [date(2024, 9, 2), date(2024, 9, 5), date(2024, 9, 9), date(2024, 9, 12)]
    assert set(ended.events[-1].get("released")) <= set(result.booked)
    assert ended.planned_bookings(month, CAL)[-1].day == date(2024, 9, 12)


def test_booking_the_plan_twice_books_nothing_twice() -> None:
    wf = workflow()
    arr = wf.advance(wf.approve(request(), by="max", at=at(date(2024, 8, 20))), at=at(STARTS))
    weeks = DateRange(STARTS, date(2024, 9, 15))
    first = wf.book_planned(arr, weeks, at=at(STARTS))
    version = wf.ledgers["ana"].version
    again = wf.book_planned(arr, weeks, at=at(STARTS, 10))
    assert again.booked == first.booked
    assert wf.ledgers["ana"].version == version


def test_suspension_releases_the_days_after_it_and_resumption_plans_them_again() -> None:
    wf = attrs.evolve(
        workflow(contracts=()), agreement=attrs.evolve(AGREEMENT, adaptation_period_days=0)
    )
    arr = wf.advance(wf.approve(request(), by="max", at=at(date(2024, 8, 20))), at=at(STARTS))
    assert arr.state is ArrangementState.ACTIVE
    weeks = DateRange(STARTS, date(2024, 9, 15))
    wf.book_planned(arr, weeks, at=at(STARTS))
    suspended = wf.suspend(arr, by="max", at=at(date(2024, 9, 5)), reason="Inventory.")
    assert held(wf) == [date(2024, 9, 2), date(2024, 9, 5)]
    assert suspended.planned_bookings(weeks, CAL) == ()
    resumed = wf.resume(suspended, by="max", at=at(date(2024, 9, 6)))
    wf.book_planned(resumed, weeks, at=at(date(2024, 9, 6)))
    assert held(wf) == [date(2024, 9, 2), date(2024, 9, 5), date(2024, 9, 9), date(2024, 9, 12)]


def test_planned_days_skip_days_off_and_holidays() -> None:
    arr = attrs.evolve(request(Rhythm(weekdays="Mo We"), employee="bob"), state="active")
    bob = ledger("bob", "Mo Tu Th Fr")
    days = arr.planned_bookings(
        DateRange(date(2024, 10, 28), date(2024, 11, 10)), CAL, contract=bob.contract
    )
    assert [p.day for p in days] == [date(2024, 10, 28), date(2024, 11, 4)]  # no Wednesday


def test_an_envelope_takes_the_first_accepted_days_and_counts_what_is_booked() -> None:
    wf = workflow()
    rhythm = Rhythm(days=2, window="week", weekdays="Mo Tu We Th")
    arr = attrs.evolve(request(rhythm), state="active")
    wf.ledgers["ana"].book(date(2024, 9, 3), at=at(STARTS), by="ana")  # Tuesday, by request
    days = wf.planned_bookings(arr, DateRange(STARTS, date(2024, 9, 15)), at=at(STARTS))
    assert [p.day for p in days] == [date(2024, 9, 2), date(2024, 9, 9), date(2024, 9, 10)]


def test_a_rhythm_must_fit_the_agreement_and_the_team() -> None:
    wf = workflow()
    with pytest.raises(OperationRefused) as err:
        wf.approve(request(Rhythm(weekdays="Mo Tu We Th")), by="max", at=at(STARTS))
    assert err.value.code == "weekly_max_exceeded"
    team = TeamCoverage(
        team="claims",
        members=[TeamMember(contract=lg.contract) for lg in wf.ledgers.values()],  # type: ignore[attr-defined]
        rules=[CoverageRule(minimum=1)],
        anchor_weekdays=["Th"],
    )
    with pytest.raises(OperationRefused) as err:
        attrs.evolve(wf, coverage=[team]).approve(request(), by="max", at=at(STARTS))
    assert err.value.code == "anchor_day"


def test_decisions_are_the_employers_and_reasoned() -> None:
    wf = workflow()
    with pytest.raises(NotAllowed) as err:
        wf.approve(request(employee="max"), by="max", at=at(STARTS))
    assert err.value.code in ("role_not_allowed", "own_request")
    with pytest.raises(NotAllowed):
        wf.approve(request(), by="ana", at=at(STARTS))
    with pytest.raises(InvalidValue):
        wf.reject(request(), by="max", at=at(STARTS), reason="")
    rejected = wf.reject(request(), by="max", at=at(STARTS), reason="Job not eligible.")
    assert rejected.is_terminal
    with pytest.raises(NotAllowed) as err:
        wf.approve(rejected, by="max", at=at(STARTS))
    assert err.value.code == "terminal_state"


def test_the_employee_may_withdraw_before_the_first_day_only() -> None:
    wf = workflow()
    arr = wf.approve(request(), by="max", at=at(date(2024, 8, 20)))
    assert wf.available_actions(arr, by="ana", at=at(date(2024, 8, 30))) == ("withdraw",)
    with pytest.raises(OperationRefused) as err:
        wf.apply(arr, "withdraw", by="ana", at=at(STARTS))
    assert err.value.code == "already_started"
    assert wf.apply(arr, "withdraw", by="ana", at=at(date(2024, 8, 30))).state == "withdrawn"


def test_rhythms_are_validated() -> None:
    with pytest.raises(InvalidValue) as err:
        Rhythm()
    assert err.value.code == "empty_rhythm"
    with pytest.raises(InvalidValue):
        Rhythm(days=3, weekdays="Mo Tu")
    with pytest.raises(InvalidValue):
        Rhythm(days=2, window="quarter")
    with pytest.raises(InvalidValue):
        Rhythm(weekdays="Xy")


def test_the_diagram_has_every_row() -> None:
    text = render_mermaid(ARRANGEMENT_TRANSITIONS)
    assert "    adaptation --> ending : end (employee, manager, delegate, hr)" in text
    assert "    ended --> [*]" in text


# -- the stateful test -----------------------------------------------------------------------

# Fixed order, the moves that lead further first: hypothesis draws early elements most often.
ACTIONS = ("approve", "start", "confirm", "suspend", "resume", "end", "close", "reject", "withdraw")
PEOPLE = (("max", Role.MANAGER), ("hugo", Role.HR), ("ana", Role.EMPLOYEE), ("dir", None))
START = at(date(2024, 8, 26))
RHYTHMS = (
    Rhythm(weekdays="Mo Th"),
    Rhythm(weekdays="We", half="pm"),
    Rhythm(days=2, window="week"),
    Rhythm(days=6, window="month", weekdays="Mo Tu We Th Fr"),
)


# -- an independent model of the arrangement machine -----------------------------------------
# Written from the agreement's rules in plain words, not from ARRANGEMENT_TRANSITIONS.

MODEL_ACTIONS = {
    "requested": ("approve", "reject", "withdraw"),
    "approved": ("withdraw", "start"),
    "adaptation": ("confirm", "end"),
    "active": ("suspend", "end"),
    "suspended": ("resume", "end"),
    "ending": ("close",),
    "rejected": (),
    "withdrawn": (),
    "ended": (),
}
ENDABLE = ("adaptation", "active", "suspended")
EMPLOYER = ("max", "hugo")  # ana's manager and HR; dir (max's manager) decides nothing here


def model_move(
    arr: Arrangement, action: str, actor: str, today: date, reason: str, agreement: Agreement
) -> tuple[str, dict[str, object]] | None:
    """The state (and the dates set) the rules say ``action`` leads to; ``None``: forbidden.
    The sampled rhythms all fit the agreement, so approval is never refused for them."""
    state = arr.state.value
    if action not in MODEL_ACTIONS[state]:
        return None
    employer = actor in EMPLOYER
    employee = actor == arr.employee
    system = actor == SYSTEM
    adaptation = agreement.adaptation_period_days
    if action == "approve" and employer:
        until = arr.starts + timedelta(days=adaptation - 1) if adaptation else None
        return "approved", {"adaptation_until": until}
    if action == "reject" and employer and reason.strip():
        return "rejected", {}
    if action == "withdraw" and employee and (state == "requested" or today < arr.starts):
        return "withdrawn", {}
    if action == "start" and system and today >= arr.starts:
        return ("adaptation" if adaptation else "active"), {}
    if action == "confirm" and system and today > (arr.adaptation_until or arr.starts):
        return "active", {}
    if action == "end" and (employee or (employer and reason.strip())):
        notice = (
            agreement.adaptation_notice_days
            if state == "adaptation"
            else agreement.reversibility_notice_days
        )
        return "ending", {"ends_on": today + timedelta(days=notice)}
    if action == "suspend" and employer and reason.strip():
        return "suspended", {}
    if action == "resume" and employer:
        return "active", {}
    if action == "close" and system and arr.ends_on is not None and today >= arr.ends_on:
        return "ended", {}
    return None


class ArrangementMachine(RuleBasedStateMachine):
    """Random actions by random actors (the employee, their manager, HR, another manager, the
    system) on arrangements, a clock that moves forward, and booking the plan."""

    @initialize(adaptation=st.sampled_from([7, 0, 30]))
    def setup(self, adaptation: int) -> None:
        agreement = attrs.evolve(AGREEMENT, adaptation_period_days=adaptation)
        contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
        self.ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=CAL)
        self.ledger.grant(year_range(2024), at=START, by="hugo")
        self.wf = ArrangementWorkflow(
            agreement=agreement,
            calendar=CAL,
            organisation=ORG,
            ledgers=[self.ledger],
            contracts=[contract],
        )
        self.now = START
        self.arrangements: dict[str, Arrangement] = {}

    def today(self) -> date:
        return self.now.date()

    def snapshot(self) -> tuple[str, ...]:
        return tuple(sorted(b.entry_id for b in self.ledger.active_bookings()))

    @precondition(lambda self: self.now < at(date(2024, 12, 1)))
    @rule(days=st.sampled_from([10, 3, 1]))
    def tick(self, days: int) -> None:
        self.now += timedelta(days=days)
        note(f"now {self.now.date()}")

    @precondition(lambda self: len(self.arrangements) < 4)
    @rule(
        rhythm=st.sampled_from(RHYTHMS),
        ahead=st.integers(min_value=0, max_value=10),
        approved=st.booleans(),
    )
    def create(self, rhythm: Rhythm, ahead: int, approved: bool) -> None:
        aid = f"A{len(self.arrangements)}"
        starts = self.today() + timedelta(days=ahead)
        arr = Arrangement(id=aid, employee="ana", rhythm=rhythm, starts=starts)
        note(f"{aid}: {rhythm.describe()} from {starts}")
        if approved:  # the manager approves at once
            arr = self.wf.approve(arr, by="max", at=self.now)
        self.arrangements[aid] = arr

    @precondition(lambda self: bool(self.arrangements))
    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        aid = data.draw(st.sampled_from(sorted(self.arrangements)))
        arr = self.arrangements[aid]
        possible = [a for a in ACTIONS if a in MODEL_ACTIONS[arr.state.value]]
        action = data.draw(
            (st.sampled_from(possible) if possible else st.nothing()) | st.sampled_from(ACTIONS)
        )
        every = [p for p, _ in PEOPLE] + [SYSTEM]
        named = [SYSTEM] if action in ("start", "confirm", "close") else every[:3]
        actor = data.draw(st.sampled_from(named) | st.sampled_from(every))
        reason = data.draw(st.sampled_from(["Back on site for a project.", ""]))
        self.attempt(aid, action, actor, reason)

    @precondition(lambda self: any(a.state.value in ENDABLE for a in self.arrangements.values()))
    @rule(data=st.data())
    def end_one(self, data: st.DataObject) -> None:
        """The employee or the employer ends an arrangement (reversibility)."""
        aid = data.draw(
            st.sampled_from(
                sorted(a for a, arr in self.arrangements.items() if arr.state.value in ENDABLE)
            )
        )
        actor = data.draw(st.sampled_from(["ana", "max", "hugo", "dir"]))
        reason = data.draw(st.sampled_from(["Back on site for a project.", ""]))
        self.attempt(aid, "end", actor, reason)

    def attempt(self, aid: str, action: str, actor: str, reason: str) -> None:
        """``actor`` tries ``action``; the outcome must be the model's."""
        arr = self.arrangements[aid]
        expected = model_move(arr, action, actor, self.today(), reason, self.wf.agreement)
        before = self.snapshot()
        try:
            new = self.wf.apply(arr, action, by=actor, at=self.now, reason=reason)
        except (NotAllowed, InvalidValue, OperationRefused) as exc:
            note(f"{actor} {action} {aid}: refused, {exc.code} (model: {expected})")
            refusal: str | None = exc.code
        else:
            refusal = None
        if refusal is not None:
            assert self.snapshot() == before, "a refused action changed the ledger"
            if arr.is_terminal:
                assert refusal == "terminal_state"
            assert expected is None, f"the rules allow {action}, but it was refused"
            return
        note(f"{actor} {action} {aid}: {arr.state.value} -> {new.state.value}")
        event(f"{arr.state.value} -{action}-> {new.state.value}")
        assert expected is not None, f"{action} happened, which the rules forbid"
        target, dates = expected
        assert new.state.value == target, f"the rules lead {action} to {target}"
        for name, value in dates.items():
            assert getattr(new, name) == value, f"{name} is not what the rules say"
        last = new.events[-1]
        assert Role(last.role) in ORG.roles(actor, "ana")
        self.arrangements[aid] = new

    @precondition(lambda self: bool(self.arrangements))
    @rule(data=st.data())
    def daily_job(self, data: st.DataObject) -> None:
        """The system advances an arrangement and books its next two weeks."""
        aid = data.draw(st.sampled_from(sorted(self.arrangements)))
        before = self.arrangements[aid]
        arr = self.wf.advance(before, at=self.now)
        expected = before
        while True:  # the model's own daily job: every system move due today, in turn
            for action in ("start", "confirm", "close"):
                move = model_move(expected, action, SYSTEM, self.today(), "", self.wf.agreement)
                if move is not None:
                    expected = attrs.evolve(expected, state=move[0])
                    break
            else:
                break
        assert arr.state == expected.state, "the daily job and the rules disagree"
        for e in arr.events[len(before.events) :]:
            event(f"{e.source} -{e.action}-> {e.target}")
        self.arrangements[aid] = arr
        period = DateRange(self.today(), self.today() + timedelta(days=13))
        result = self.wf.book_planned(arr, period, at=self.now)
        active = {b.entry_id for b in self.ledger.active_bookings()}
        assert set(result.booked) <= active
        for planned in result.refused:
            assert planned.violations, "a day was refused without a reason"

    @invariant()
    def future_bookings_follow_their_arrangement(self) -> None:
        tomorrow = self.today() + timedelta(days=1)
        for booking in self.ledger.active_bookings():
            aid = booking.entry_id.split("/", 1)[0]
            if booking.day >= tomorrow and aid in self.arrangements:
                arr = self.arrangements[aid]
                assert arr.in_force_on(booking.day), f"{booking.entry_id} outlived {arr.state}"

    def teardown(self) -> None:
        for arr in getattr(self, "arrangements", {}).values():
            assert replay(arr.events, ARRANGEMENT_TRANSITIONS) == arr.state


TestArrangementMachine = ArrangementMachine.TestCase
