"""Telework requests: the transition table, roles, reasons, ledger effects, audit and replay."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import teleaccord
from teleaccord import (
    REQUEST_TRANSITIONS,
    SYSTEM,
    Agreement,
    ApprovalClause,
    ApprovalPolicy,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    HalfDay,
    InvalidValue,
    NotAllowed,
    Notice,
    OperationRefused,
    Organisation,
    Quota,
    QuotaLedger,
    RequestState,
    RequestWorkflow,
    Role,
    TeamCoverage,
    TeamMember,
    TeleworkRequest,
    WorkPattern,
    render_mermaid,
    replay,
    week_range,
    year_range,
)

PARIS = ZoneInfo("Europe/Paris")
CAL = Calendar()


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


# -- a small organisation --------------------------------------------------------------------

ORG = Organisation(
    managers={"ana": "max", "bob": "max", "cat": "max", "dan": "max", "max": "dir", "oli": "dir"},
    delegates={"max": {"zoe"}},
    hr={"hugo"},
)
AGREEMENT = Agreement(
    name="two days a week",
    quotas=[Quota(window="period", maximum=100, prorate=True), Quota(window="week", maximum=2)],
    granularity="half-day",
    notice=Notice(deadline_days_before=1, deadline_time=time(19)),
)
HIRED = date(2020, 1, 1)


def ledger(employee: str, agreement: Agreement = AGREEMENT) -> QuotaLedger:
    """A ledger with the year 2024 granted."""
    contract = Contract.from_amendments(employee=employee, hired=HIRED)
    found = QuotaLedger(agreement=agreement, contract=contract, calendar=CAL)
    found.grant(year_range(2024), at=datetime(2024, 1, 1, tzinfo=PARIS), by="hugo")
    return found


MONDAY = date(2024, 6, 3)  # a Monday; the week has no holiday


def workflow(**kwargs: object) -> RequestWorkflow:
    agreement: Agreement = kwargs.pop("agreement", AGREEMENT)  # type: ignore[assignment]
    ledgers = [ledger(e, agreement) for e in ("ana", "bob", "max")]
    return RequestWorkflow(
        agreement=agreement,
        calendar=CAL,
        organisation=ORG,
        ledgers=ledgers,  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def draft(employee: str = "ana", day: date = MONDAY, **kwargs: object) -> TeleworkRequest:
    return TeleworkRequest(id=f"R-{employee}-{day}", employee=employee, days=day, **kwargs)  # type: ignore[arg-type]


def active_days(wf: RequestWorkflow, employee: str) -> list[date]:
    return sorted(b.day for b in wf.ledgers[employee].active_bookings())


# -- examples --------------------------------------------------------------------------------


def test_approval_books_the_day_and_records_who_did_what() -> None:
    wf = workflow()
    req = wf.submit(draft(), by="ana", at=at(MONDAY - timedelta(days=3)))
    done = wf.approve(req, by="max", at=at(MONDAY - timedelta(days=2)))
    assert done.state is RequestState.APPROVED
    assert active_days(wf, "ana") == [MONDAY]
    assert [(e.actor, e.role, e.source, e.target) for e in done.events] == [
        ("ana", "employee", "draft", "submitted"),
        ("max", "manager", "submitted", "approved"),
    ]
    assert done.events[-1].get("booked") == done.bookings
    assert replay(done.events) is RequestState.APPROVED


def test_a_delegate_and_hr_may_decide() -> None:
    wf = workflow()
    for decider in ("zoe", "hugo"):
        day = MONDAY + timedelta(days=1 if decider == "zoe" else 2)
        req = wf.submit(draft(day=day), by="ana", at=at(MONDAY - timedelta(days=3)))
        assert wf.approve(req, by=decider, at=at(MONDAY - timedelta(days=3))).state == "approved"


def test_only_the_employee_acts_on_their_own_request() -> None:
    wf = workflow()
    with pytest.raises(NotAllowed) as err:
        wf.submit(draft(), by="bob", at=at(MONDAY - timedelta(days=3)))
    assert err.value.code == "role_not_allowed"


def test_another_manager_may_not_decide() -> None:
    wf = workflow()
    req = wf.submit(draft(), by="ana", at=at(MONDAY - timedelta(days=3)))
    with pytest.raises(NotAllowed) as err:
        wf.approve(req, by="oli", at=at(MONDAY - timedelta(days=3)))
    assert err.value.code == "role_not_allowed"
    assert active_days(wf, "ana") == []


def test_nobody_approves_their_own_request_not_even_hr() -> None:
    org = attrs.evolve(ORG, hr={"hugo", "max"})
    wf = attrs.evolve(workflow(), organisation=org)
    req = wf.submit(draft("max"), by="max", at=at(MONDAY - timedelta(days=3)))
    with pytest.raises(NotAllowed) as err:
        wf.approve(req, by="max", at=at(MONDAY - timedelta(days=3)))
    assert err.value.code == "own_request"
    assert wf.approve(req, by="hugo", at=at(MONDAY - timedelta(days=3))).state == "approved"


def test_rejection_and_revocation_need_a_reason() -> None:
    wf = workflow()
    req = wf.submit(draft(), by="ana", at=at(MONDAY - timedelta(days=3)))
    with pytest.raises(InvalidValue) as err:
        wf.reject(req, by="max", at=at(MONDAY - timedelta(days=3)), reason="  ")
    assert err.value.code == "reason_required"
    rejected = wf.reject(req, by="max", at=at(MONDAY - timedelta(days=3)), reason="Audit week.")
    assert rejected.state is RequestState.REJECTED
    assert rejected.events[-1].reason == "Audit week."

    approved = wf.approve(req, by="max", at=at(MONDAY - timedelta(days=3)))
    with pytest.raises(InvalidValue):
        wf.revoke(approved, by="max", at=at(MONDAY - timedelta(days=2)), reason="")
    revoked = wf.revoke(
        approved, by="max", at=at(MONDAY - timedelta(days=2)), reason="Client visit."
    )
    assert revoked.state is RequestState.REVOKED
    assert active_days(wf, "ana") == []
    assert revoked.events[-1].get("released") == approved.bookings


def test_a_ledger_refusal_leaves_request_and_ledger_as_they_were() -> None:
    wf = workflow()
    t = at(MONDAY - timedelta(days=3))
    for n, day in enumerate((MONDAY, MONDAY + timedelta(days=1))):
        req = wf.submit(draft(day=day), by="ana", at=t)
        wf.approve(req, by="max", at=t + timedelta(minutes=n))
    third = wf.submit(draft(day=MONDAY + timedelta(days=2)), by="ana", at=t)
    version = wf.ledgers["ana"].version
    with pytest.raises(OperationRefused) as err:
        wf.approve(third, by="max", at=t)
    assert [v.code for v in err.value.violations] == ["weekly_max_exceeded"]
    assert third.state is RequestState.SUBMITTED
    assert len(third.events) == 1
    assert wf.ledgers["ana"].version == version


def test_a_range_refused_on_its_last_day_books_nothing() -> None:
    wf = workflow()
    t = at(MONDAY - timedelta(days=3))
    req = wf.submit(
        TeleworkRequest(id="R", employee="ana", days=DateRange(MONDAY, MONDAY + timedelta(2))),
        by="ana",
        at=t,
    )
    assert wf.check(req, t) == ()  # each day alone fits: the week only fills up when booked
    with pytest.raises(OperationRefused) as err:
        wf.approve(req, by="max", at=t)
    assert err.value.code == "weekly_max_exceeded"
    assert active_days(wf, "ana") == []
    assert req.state is RequestState.SUBMITTED


def test_for_range_skips_days_off() -> None:
    contract = Contract.from_amendments(
        employee="ana", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu Th Fr")
    )
    req = TeleworkRequest.for_range(
        id="R",
        employee="ana",
        period=DateRange(date(2024, 5, 6), date(2024, 5, 12)),
        contract=contract,
        calendar=CAL,
    )
    assert req.days == (date(2024, 5, 6), date(2024, 5, 7), date(2024, 5, 10))
    assert req.amount == 3


def test_cancel_before_the_deadline_and_ask_after_it() -> None:
    wf = workflow()
    t = at(MONDAY - timedelta(days=3))
    approved = wf.approve(wf.submit(draft(), by="ana", at=t), by="max", at=t)
    deadline = datetime(2024, 6, 2, 19, tzinfo=PARIS)
    cancelled = wf.cancel(approved, by="ana", at=deadline)
    assert cancelled.state is RequestState.CANCELLED
    assert active_days(wf, "ana") == []

    again = wf.approve(wf.submit(draft(day=MONDAY + timedelta(1)), by="ana", at=t), by="max", at=t)
    late = datetime(2024, 6, 3, 20, tzinfo=PARIS)
    with pytest.raises(OperationRefused) as err:
        wf.cancel(again, by="ana", at=late)
    assert err.value.code == "notice_deadline_passed"
    asked = wf.request_cancellation(again, by="ana", at=late)
    assert asked.state is RequestState.CANCELLATION_REQUESTED
    with pytest.raises(InvalidValue):
        wf.decline_cancellation(asked, by="max", at=late, reason="")
    kept = wf.decline_cancellation(asked, by="max", at=late, reason="Team meeting on site.")
    assert kept.state is RequestState.APPROVED
    assert active_days(wf, "ana") == [MONDAY + timedelta(1)]
    asked = wf.request_cancellation(kept, by="ana", at=late)
    released = wf.accept_cancellation(asked, by="max", at=late)
    assert released.state is RequestState.CANCELLED
    assert active_days(wf, "ana") == []
    assert replay(released.events) is RequestState.CANCELLED


def test_expiry_waits_for_the_day_and_terminal_states_stay() -> None:
    wf = workflow()
    req = wf.submit(draft(), by="ana", at=at(MONDAY - timedelta(days=3)))
    with pytest.raises(OperationRefused) as err:
        wf.expire(req, at=at(MONDAY - timedelta(days=1), 23))
    assert err.value.code == "not_yet_due"
    expired = wf.expire(req, at=datetime(2024, 6, 3, 0, tzinfo=PARIS))
    assert expired.state is RequestState.EXPIRED
    assert expired.events[-1].actor == SYSTEM
    for action in ("approve", "withdraw", "expire"):
        with pytest.raises(NotAllowed) as denied:
            wf.apply(expired, action, by="max", at=at(MONDAY))
        assert denied.value.code == "terminal_state"


def test_submitting_for_a_day_that_has_begun_is_refused() -> None:
    wf = workflow()
    with pytest.raises(OperationRefused) as err:
        wf.submit(draft(), by="ana", at=at(MONDAY, 8))
    assert {v.code for v in err.value.violations} == {"day_passed", "notice_too_short"}


def test_the_notice_counts_when_asked_not_when_decided() -> None:
    wf = workflow()
    with pytest.raises(OperationRefused) as err:
        wf.submit(draft(), by="ana", at=datetime(2024, 6, 2, 19, 1, tzinfo=PARIS))
    assert err.value.code == "notice_too_short"
    on_time = wf.submit(draft(), by="ana", at=datetime(2024, 6, 2, 18, 59, tzinfo=PARIS))
    late_decision = wf.approve(on_time, by="max", at=at(MONDAY, 8))
    assert late_decision.state is RequestState.APPROVED


def test_a_second_approval_from_the_third_day_of_a_week() -> None:
    agreement = attrs.evolve(AGREEMENT, approval=ApprovalClause(second_level_from_weekly_day=2))
    wf = workflow(agreement=agreement)
    t = at(MONDAY - timedelta(days=3))
    first = wf.approve(wf.submit(draft(), by="ana", at=t), by="max", at=t)
    assert first.state is RequestState.APPROVED  # the first day of the week
    second = wf.approve(
        wf.submit(draft(day=MONDAY + timedelta(1)), by="ana", at=t), by="hugo", at=t
    )
    assert second.state is RequestState.AWAITING_SECOND_APPROVAL
    assert active_days(wf, "ana") == [MONDAY]
    with pytest.raises(OperationRefused) as err:
        wf.approve(second, by="hugo", at=t)
    assert err.value.code == "same_approver"
    with pytest.raises(NotAllowed):
        wf.approve(second, by="max", at=t)  # the first-level manager is not a second approver
    done = wf.approve(second, by="dir", at=t)
    assert done.state is RequestState.APPROVED
    assert done.approved_by == ("hugo", "dir")
    assert [e.role for e in done.events] == ["employee", "hr", "second_approver"]
    assert active_days(wf, "ana") == [MONDAY, MONDAY + timedelta(1)]


def test_automatic_approval_within_the_rules_else_the_manager_decides() -> None:
    wf = workflow(policy=ApprovalPolicy(auto_approve=True))
    t = at(MONDAY - timedelta(days=3))
    auto = wf.submit(draft(), by="ana", at=t)
    assert auto.state is RequestState.APPROVED
    assert [(e.actor, e.action) for e in auto.events] == [
        ("ana", "submit"),
        (SYSTEM, "auto_approve"),
    ]
    clash = wf.submit(TeleworkRequest(id="R2", employee="ana", days=MONDAY), by="ana", at=t)
    assert clash.state is RequestState.SUBMITTED  # already booked: left to the manager


def test_coverage_refusal_is_motivated_with_suggestions() -> None:
    members = [
        TeamMember(contract=Contract.from_amendments(employee=e, hired=date(2020, 1, 1)))
        for e in ("ana", "bob", "max")
    ]
    team = TeamCoverage(team="claims", members=members, rules=[CoverageRule(minimum=2)])
    wf = workflow(coverage=[team])
    t = at(MONDAY - timedelta(days=3))
    wf.approve(wf.submit(draft("bob"), by="bob", at=t), by="max", at=t)
    req = wf.submit(draft("ana"), by="ana", at=t)
    with pytest.raises(OperationRefused) as err:
        wf.approve(req, by="max", at=t)
    (violation,) = err.value.violations
    assert violation.code == "coverage_below_minimum"
    assert (violation.param("on_site"), violation.param("required")) == (1, 2)
    # Nearest first; Friday 31 May is before the day of the decision.
    assert violation.param("suggestions") == (date(2024, 6, 4), date(2024, 6, 5), date(2024, 6, 6))
    assert "Nearest dates that fit: 2024-06-04" in violation.message


def test_available_actions_are_the_buttons_to_show() -> None:
    wf = workflow()
    t = at(MONDAY - timedelta(days=3))
    req = wf.submit(draft(), by="ana", at=t)
    assert wf.available_actions(req, by="ana", at=t) == ("withdraw",)
    assert wf.available_actions(req, by="max", at=t) == ("approve", "reject")
    assert wf.available_actions(req, by="oli", at=t) == ()
    assert wf.available_actions(req, by=SYSTEM, at=at(MONDAY)) == ("expire",)


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(InvalidValue) as err:
        workflow().submit(draft(), by="ana", at=datetime(2024, 6, 1, 9))
    assert err.value.code == "naive_datetime"


def test_unknown_actions_name_the_possible_ones() -> None:
    with pytest.raises(NotAllowed) as err:
        workflow().apply(draft(), "approve", by="max", at=at(MONDAY))
    assert err.value.code == "transition_not_allowed"
    assert err.value.params["possible"] == ("expire", "submit", "withdraw")


def test_replay_refuses_events_that_do_not_follow_the_table() -> None:
    wf = workflow()
    t = at(MONDAY - timedelta(days=3))
    events = wf.approve(wf.submit(draft(), by="ana", at=t), by="max", at=t).events
    with pytest.raises(InvalidValue) as err:
        replay(events[1:])
    assert err.value.code == "replay_mismatch"
    with pytest.raises(InvalidValue):
        replay([events[0], attrs.evolve(events[1], target="cancelled")])


def test_events_are_json_ready() -> None:
    wf = workflow()
    t = at(MONDAY - timedelta(days=3))
    event = wf.approve(wf.submit(draft(), by="ana", at=t), by="max", at=t).events[-1]
    data = event.to_dict()
    assert data["at"] == "2024-05-31T09:00:00+02:00"
    assert data["data"] == {"booked": list(event.get("booked"))}


def test_mermaid_has_one_edge_per_row_and_marks_final_states() -> None:
    text = render_mermaid(REQUEST_TRANSITIONS)
    assert text.startswith("stateDiagram-v2\n    [*] --> draft\n")
    assert "    submitted --> approved : approve [single level] (manager, delegate, hr)" in text
    for state in REQUEST_TRANSITIONS.terminal_states:
        assert f"    {state} --> [*]" in text
    edges = [line for line in text.splitlines() if " : " in line]
    assert len(edges) == len(REQUEST_TRANSITIONS.transitions)


def test_the_docs_draw_the_tables_of_the_code() -> None:
    page = Path(__file__).parent.parent / "docs" / "explanation" / "state-machines.md"
    if not page.exists():
        pytest.skip("the state-machines page is not written yet")
    from teleaccord import ARRANGEMENT_TRANSITIONS

    blocks = page.read_text(encoding="utf-8").split("```{mermaid}\n")[1:]
    drawn = [block.split("```", 1)[0] for block in blocks]
    assert drawn == [
        render_mermaid(REQUEST_TRANSITIONS),
        render_mermaid(ARRANGEMENT_TRANSITIONS),
    ]


def test_a_past_day_can_no_longer_be_revoked() -> None:
    wf = workflow()
    t = at(MONDAY - timedelta(days=3))
    approved = wf.approve(wf.submit(draft(), by="ana", at=t), by="max", at=t)
    during = wf.revoke(approved, by="max", at=at(MONDAY, 23), reason="Client visit.")
    assert during.state is RequestState.REVOKED
    with pytest.raises(OperationRefused) as err:
        wf.revoke(approved, by="max", at=at(MONDAY + timedelta(days=1), 0), reason="Too late.")
    assert err.value.code == "day_over"


# -- an independent model of the request machine ---------------------------------------------
# Written from the rules in plain words, not from REQUEST_TRANSITIONS, so that a row, a role or
# a guard lost from the table (or added to it) makes the stateful test fail.

OPEN = ("draft", "submitted", "awaiting_second_approval")
FINAL = ("cancelled", "expired", "rejected", "revoked", "withdrawn")
MODEL_ACTIONS = {
    "draft": ("submit", "withdraw", "expire"),
    "submitted": ("approve", "auto_approve", "reject", "withdraw", "expire"),
    "awaiting_second_approval": ("approve", "reject", "withdraw", "expire"),
    "approved": ("cancel", "request_cancellation", "revoke"),
    "cancellation_requested": ("accept_cancellation", "decline_cancellation"),
    **dict.fromkeys(FINAL, ()),
}
ACTIONS = tuple(sorted({a for actions in MODEL_ACTIONS.values() for a in actions}))
# Everyone in the stateful test works for max; max's manager is dir.
FIRST_LEVEL = ("max", "zoe", "hugo")  # the manager, the delegate, HR
SECOND_LEVEL = ("dir", "hugo")  # the manager's manager, HR
# Whether the ledger or the team's coverage may still refuse an action the rules allow.
LEDGER_DEPENDENT = ("submit", "approve", "auto_approve")


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS)


def model_target(
    request: TeleworkRequest, action: str, actor: str, now: datetime, reason: str, *,
    second_needed: bool, auto: bool,
) -> str | None:  # fmt: skip
    """The state the rules say ``action`` by ``actor`` at ``now`` leads to; ``None``: the rules
    forbid it. For the actions of LEDGER_DEPENDENT, the ledger and the coverage may refuse too."""
    state = request.state.value
    if action not in MODEL_ACTIONS[state]:
        return None
    own = actor == request.employee
    deciding = actor in FIRST_LEVEL and not own
    motivated = bool(reason.strip())
    first_day_begun = now >= midnight(request.days[0])
    day_over = now >= midnight(request.days[-1] + timedelta(days=1))
    # The notice deadline of the agreement: 19:00 the day before the first day, inclusive.
    deadline_passed = now > datetime.combine(request.days[0] - timedelta(days=1), time(19), PARIS)
    allowed = {
        "submit": own and not first_day_begun and not deadline_passed,
        "withdraw": own,
        "expire": actor == SYSTEM and first_day_begun,
        "auto_approve": actor == SYSTEM and auto and not second_needed and not first_day_begun,
        "cancel": own and not deadline_passed,
        "request_cancellation": own and deadline_passed and not day_over,
        "accept_cancellation": deciding,
        "decline_cancellation": deciding and motivated,
        "revoke": deciding and motivated and not day_over,
    }
    if state == "awaiting_second_approval":
        second = actor in SECOND_LEVEL and not own
        allowed["approve"] = second and actor not in request.approved_by and not day_over
        allowed["reject"] = second and motivated
    else:
        allowed["approve"] = deciding and not day_over
        allowed["reject"] = deciding and motivated
    if not allowed[action]:
        return None
    if action == "approve" and state == "submitted" and second_needed:
        return "awaiting_second_approval"
    return {
        "submit": "submitted",
        "withdraw": "withdrawn",
        "expire": "expired",
        "auto_approve": "approved",
        "approve": "approved",
        "reject": "rejected",
        "cancel": "cancelled",
        "request_cancellation": "cancellation_requested",
        "accept_cancellation": "cancelled",
        "decline_cancellation": "approved",
        "revoke": "revoked",
    }[action]


# -- the stateful test -----------------------------------------------------------------------

EMPLOYEES = ("ana", "bob", "cat", "dan")
# Fixed orders, most useful first: hypothesis draws the first element most often.
EMPLOYEE_ACTIONS = ("submit", "cancel", "request_cancellation", "withdraw")
DECISIONS = ("approve", "reject", "revoke", "accept_cancellation", "decline_cancellation")
DECIDERS = ("max", "hugo", "dir", "zoe")  # the manager, HR, the second approver, the delegate
STRANGERS = ("bob", "oli")  # a colleague (or the employee, for bob's requests), another manager
HORIZON = DateRange(date(2024, 5, 31), date(2024, 7, 7))
START = datetime(2024, 5, 31, 8, tzinfo=PARIS)
LATEST = datetime(2024, 6, 25, tzinfo=PARIS)  # new requests still fit in HORIZON


class RequestMachine(RuleBasedStateMachine):
    """Random actions by random actors on the requests of a four-person team that keeps two
    people on site, compared with a model: who may do what in which state and when
    (:func:`model_target`), and the (employee, day, half) each request holds."""

    @initialize(second_level=st.sampled_from([None, 2, 3]), auto=st.booleans())
    def setup(self, second_level: int | None, auto: bool) -> None:
        agreement = attrs.evolve(
            AGREEMENT,
            approval=ApprovalClause(second_level_from_weekly_day=second_level, auto_approve=auto),
        )
        self.second_level = second_level
        self.auto = auto
        self.ledgers = {e: ledger(e, agreement) for e in EMPLOYEES}
        members = [TeamMember(contract=self.ledgers[e].contract) for e in EMPLOYEES]
        self.team = TeamCoverage(team="t", members=members, rules=[CoverageRule(minimum=2)])
        self.wf = RequestWorkflow(
            agreement=agreement,
            calendar=CAL,
            organisation=ORG,
            ledgers=self.ledgers,
            coverage=[self.team],
        )
        self.now = START
        self.requests: dict[str, TeleworkRequest] = {}
        self.model: dict[str, frozenset[tuple[str, date, HalfDay | None]]] = {}
        self.released: set[str] = set()

    def snapshot(self) -> dict[str, tuple[str, ...]]:
        return {
            e: tuple(sorted(b.entry_id for b in ledger.active_bookings()))
            for e, ledger in self.ledgers.items()
        }

    def second_needed(self, request: TeleworkRequest) -> bool:
        """The policy in words: a second approval when the request brings the employee's
        telework in a week to ``second_level`` days or more (the model's own bookings)."""
        if self.second_level is None:
            return False
        share = Fraction(1, 2) if request.half else Fraction(1)
        for day in request.days:
            week = week_range(day)
            held = sum(
                (
                    Fraction(1, 2) if half else Fraction(1)
                    for days in self.model.values()
                    for employee, d, half in days
                    if employee == request.employee and d in week
                ),
                Fraction(0),
            )
            asked = share * sum(1 for d in request.days if d in week)
            if held + asked > self.second_level - 1:
                return True
        return False

    def pick(self, data: st.DataObject, actions: tuple[str, ...] = ACTIONS) -> TeleworkRequest:
        """Mostly a request on which one of ``actions`` is possible, sometimes any request."""
        ready = sorted(
            r for r, q in self.requests.items() if set(actions) & set(MODEL_ACTIONS[q.state.value])
        )
        every = sorted(self.requests)
        return self.requests[data.draw(st.sampled_from(ready or every) | st.sampled_from(every))]

    @staticmethod
    def likely(request: TeleworkRequest, actions: tuple[str, ...]) -> st.SearchStrategy[str]:
        """Mostly an action the request's state has, sometimes any of ``actions``."""
        possible = [a for a in actions if a in MODEL_ACTIONS[request.state.value]]
        if not possible:
            return st.sampled_from(actions)
        return st.sampled_from(possible) | st.sampled_from(possible) | st.sampled_from(actions)

    def attempt(self, request: TeleworkRequest, action: str, actor: str, reason: str) -> None:
        rid = request.id
        before = self.snapshot()
        expected = model_target(
            request, action, actor, self.now, reason,
            second_needed=self.second_needed(request), auto=self.auto,
        )  # fmt: skip
        try:
            new = self.wf.apply(request, action, by=actor, at=self.now, reason=reason)
        except (NotAllowed, InvalidValue, OperationRefused) as exc:
            note(f"{actor} {action} {rid}: refused, {exc.code} (model: {expected})")
            refusal: str | None = exc.code
        else:
            refusal = None
        if refusal is not None:
            assert self.snapshot() == before, "a refused action changed the ledgers"
            if request.is_terminal:
                assert refusal == "terminal_state", "a terminal state answered otherwise"
            if action not in LEDGER_DEPENDENT:
                assert expected is None, f"the rules allow {action}, but it was refused"
            return
        note(f"{actor} {action} {rid}: {request.state.value} -> {new.state.value}")
        event(f"{request.state.value} -{action}-> {new.state.value}")
        assert new.state.value == expected, f"the rules lead {action} to {expected}"
        self.record(request, new, action)

    def record(self, request: TeleworkRequest, new: TeleworkRequest, action: str) -> None:
        """Check the audit event and update the model."""
        assert request.state.value not in FINAL, "a terminal state changed"
        last = new.events[-1]
        assert (last.source, last.action, last.target) == (
            request.state.value,
            action,
            new.state.value,
        )
        assert Role(last.role) in ORG.roles(last.actor, request.employee)
        if action in ("reject", "revoke", "decline_cancellation"):
            assert last.reason, "a refusal without a reason"
        if last.get("booked"):
            assert new.state is RequestState.APPROVED
            self.model[request.id] = frozenset(
                (request.employee, d, request.half) for d in new.days
            )
        if last.get("released") is not None:
            assert new.state in (RequestState.CANCELLED, RequestState.REVOKED)
            self.model[request.id] = frozenset()
            self.released.update(request.bookings)
        self.requests[request.id] = new

    @precondition(lambda self: self.now.date() < date(2024, 6, 21))
    @rule(hours=st.sampled_from([1, 3, 10, 24]))
    def tick(self, hours: int) -> None:
        self.now += timedelta(hours=hours)
        note(f"now {self.now}")

    @precondition(lambda self: bool(self.requests) and self.now.date() < date(2024, 6, 21))
    @rule(data=st.data())
    def wait_for(self, data: st.DataObject) -> None:
        """The clock moves on to a moment that matters to a request: around its notice
        deadline, the start of its first day, the end of its last day."""
        request = self.requests[data.draw(st.sampled_from(sorted(self.requests)))]
        eve = request.days[0] - timedelta(days=1)
        after = midnight(request.days[-1] + timedelta(days=1))
        moments = (
            after,
            after - timedelta(minutes=1),
            midnight(request.days[0]),
            datetime.combine(eve, time(19), PARIS),
            datetime.combine(eve, time(19, 1), PARIS),
        )
        moment = data.draw(st.sampled_from(moments))
        if self.now < moment < LATEST:
            self.now = moment
            note(f"now {self.now}")

    @rule(
        employee=st.sampled_from(EMPLOYEES),
        ahead=st.integers(min_value=0, max_value=8),
        length=st.integers(min_value=1, max_value=3),
        half=st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON]),
        submit=st.booleans(),
    )
    def create(
        self, employee: str, ahead: int, length: int, half: HalfDay | None, submit: bool
    ) -> None:
        rid = f"R{len(self.requests)}"
        after = DateRange(self.now.date() + timedelta(days=ahead), HORIZON.end)
        days = [d for d in after if d.weekday() < 5][:length]  # mostly working days
        self.requests[rid] = TeleworkRequest(id=rid, employee=employee, days=days, half=half)
        self.model[rid] = frozenset()
        note(f"{rid}: {employee} {days} {half}")
        if submit:
            self.submit(self.requests[rid])

    def submit(self, request: TeleworkRequest) -> None:
        """The workflow's own submit, with automatic approval when the policy says so."""
        expected = model_target(
            request, "submit", request.employee, self.now, "",
            second_needed=self.second_needed(request), auto=self.auto,
        )  # fmt: skip
        try:
            new = self.wf.submit(request, by=request.employee, at=self.now)
        except OperationRefused:
            return
        assert expected == "submitted", "a submission the rules forbid was accepted"
        for n in range(len(request.events), len(new.events)):
            event(f"{new.events[n].source} -{new.events[n].action}-> {new.events[n].target}")
            step_from = attrs.evolve(new, events=new.events[:n], state=new.events[n].source)
            if new.events[n].action == "auto_approve":
                assert model_target(
                    step_from, "auto_approve", SYSTEM, self.now, "",
                    second_needed=self.second_needed(request), auto=self.auto,
                ) == "approved", "an automatic approval the rules forbid"  # fmt: skip
            self.record(
                step_from,
                attrs.evolve(new, events=new.events[: n + 1], state=new.events[n].target),
                new.events[n].action,
            )
        self.requests[request.id] = new

    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data())
    def employee_acts(self, data: st.DataObject) -> None:
        """The employee submits, withdraws, cancels or asks to cancel."""
        request = self.pick(data, EMPLOYEE_ACTIONS[:3])
        if request.state is RequestState.DRAFT and data.draw(st.booleans()):
            self.submit(request)
            return
        action = data.draw(self.likely(request, EMPLOYEE_ACTIONS))
        self.attempt(request, action, request.employee, "")

    # Rules take one argument and draw the rest: hypothesis tries rules with fewer arguments,
    # then by name, first, and decisions are what this machine is about.
    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data())
    def decide(self, data: st.DataObject) -> None:
        """The manager, the delegate, the second approver or HR decides."""
        request = self.pick(data, DECISIONS)
        action = data.draw(self.likely(request, DECISIONS))
        # Mostly someone who may decide at this level, sometimes any decider.
        level = SECOND_LEVEL if request.state.value == "awaiting_second_approval" else FIRST_LEVEL
        actor = data.draw(st.sampled_from(level) | st.sampled_from(DECIDERS))
        reason = data.draw(st.sampled_from(["Team day on site.", "", "Client visit."]))
        self.attempt(request, action, actor, reason)

    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data())
    def others_try(self, data: st.DataObject) -> None:
        """A colleague, another manager or the system tries any action."""
        actor = data.draw(st.sampled_from((*STRANGERS, SYSTEM)))
        action = data.draw(st.sampled_from(ACTIONS))
        reason = data.draw(st.sampled_from(["", "Because."]))
        self.attempt(self.pick(data), action, actor, reason)

    @invariant()
    def approved_requests_and_bookings_agree(self) -> None:
        active = {
            b.entry_id: (e, b.day, b.half)
            for e, ledger in self.ledgers.items()
            for b in ledger.active_bookings()
        }
        held: set[str] = set()
        for rid, request in self.requests.items():
            if request.state in (RequestState.APPROVED, RequestState.CANCELLATION_REQUESTED):
                assert len(request.bookings) == len(request.days)
                assert {active[b] for b in request.bookings} == self.model[rid]
                held.update(request.bookings)
            else:
                assert self.model[rid] == frozenset()
        assert held == set(active), "a booking without an approved request, or the reverse"
        assert not self.released & set(active), "a released booking is still active"

    @invariant()
    def coverage_never_below_its_minimum(self) -> None:
        assert self.team.plan(HORIZON, self.ledgers).days_at_risk == ()

    def teardown(self) -> None:
        for request in getattr(self, "requests", {}).values():
            assert replay(request.events) == request.state


TestRequestMachine = RequestMachine.TestCase


# -- beyond-limit requests: a further approver allows an exception -----------------------------


def _beyond_limit_setup() -> tuple[teleaccord.RequestWorkflow, teleaccord.QuotaLedger]:
    agreement = Agreement(
        name="2 a week, 3 a year, HR may allow more",
        quotas=[Quota(window="period", maximum=3), Quota(window="week", maximum=2)],
        approval=teleaccord.ApprovalClause(beyond_limit=True),
    )
    ledger = teleaccord.QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="ana", hired=date(2020, 1, 1)),
        calendar=CAL,
    )
    at = datetime(2024, 6, 1, 9, tzinfo=PARIS)
    ledger.grant(teleaccord.year_range(2024), at=at, by="hr")
    ledger.book(date(2024, 6, 3), at=at, by="ana")
    ledger.book(date(2024, 6, 4), at=at, by="ana")
    org = teleaccord.Organisation(managers={"ana": "max", "max": "zoe"}, hr=["lea"])
    wf = teleaccord.RequestWorkflow(agreement=agreement, ledgers=[ledger], organisation=org)
    return wf, ledger


def test_a_request_beyond_a_maximum_goes_to_a_further_approver_and_is_booked_as_an_exception() -> (
    None
):
    wf, ledger = _beyond_limit_setup()
    at = datetime(2024, 6, 1, 10, tzinfo=PARIS)
    request = wf.submit(
        teleaccord.TeleworkRequest(id="R9", employee="ana", days=date(2024, 6, 5)), by="ana", at=at
    )
    escalated = wf.approve(request, by="max", at=at)
    assert escalated.state.value == "awaiting_exception"
    assert ledger.active_bookings(DateRange.single(date(2024, 6, 5))) == ()
    assert dict(escalated.events[-1].data)["beyond_limit"] == ("weekly_max_exceeded",)
    with pytest.raises(teleaccord.InvalidValue) as info:
        wf.allow_exception(escalated, by="lea", at=at, reason="")
    assert info.value.code == "reason_required"
    with pytest.raises(teleaccord.NotAllowed):
        wf.allow_exception(escalated, by="max", at=at, reason="I said so")
    approved = wf.allow_exception(escalated, by="lea", at=at, reason="office move that week")
    assert approved.state.value == "approved"
    (booking,) = ledger.active_bookings(DateRange.single(date(2024, 6, 5)))
    assert booking.exception == teleaccord.AuthorisedException(
        approver="lea", reason="office move that week", codes={"weekly_max_exceeded"}
    )
    event = approved.events[-1]
    assert (event.actor, event.reason) == ("lea", "office move that week")
    assert dict(event.data)["exception"] == {
        "approver": "lea",
        "reason": "office move that week",
        "codes": ("weekly_max_exceeded",),
    }
    assert wf.replay(approved) == approved.state


def test_an_authorised_exception_may_take_its_pool_below_zero() -> None:
    wf, ledger = _beyond_limit_setup()
    at = datetime(2024, 6, 1, 10, tzinfo=PARIS)
    ledger.book(date(2024, 6, 11), at=at, by="ana")  # the third and last day of the year
    request = wf.submit(
        teleaccord.TeleworkRequest(id="R10", employee="ana", days=date(2024, 6, 12)),
        by="ana",
        at=at,
    )
    escalated = wf.approve(request, by="max", at=at)
    approved = wf.allow_exception(escalated, by="zoe", at=at, reason="project deadline")
    assert approved.state.value == "approved"
    assert ledger.balance(teleaccord.year_range(2024)).remaining == -1
    # A plain booking stays refused: the exception allowed one request, not the pool.
    with pytest.raises(teleaccord.OperationRefused):
        ledger.book(date(2024, 6, 19), at=at, by="ana")


def test_a_request_breaking_another_rule_is_not_routed_to_an_exception() -> None:
    wf, _ledger = _beyond_limit_setup()
    at = datetime(2024, 6, 1, 10, tzinfo=PARIS)
    request = wf.submit(
        teleaccord.TeleworkRequest(id="R11", employee="ana", days=date(2024, 6, 8)),  # Saturday
        by="ana",
        at=at,
    )
    with pytest.raises(teleaccord.OperationRefused):
        wf.approve(request, by="max", at=at)
    plain = attrs.evolve(
        wf, agreement=attrs.evolve(wf.agreement, approval=teleaccord.ApprovalClause())
    )
    request = plain.submit(
        teleaccord.TeleworkRequest(id="R12", employee="ana", days=date(2024, 6, 5)),
        by="ana",
        at=at,
    )
    with pytest.raises(teleaccord.OperationRefused) as info:
        plain.approve(request, by="max", at=at)
    assert [v.code for v in info.value.violations] == ["weekly_max_exceeded"]
    with pytest.raises(teleaccord.InvalidValue):
        teleaccord.AuthorisedException(approver="hr", reason="x", codes={"holiday"})


@given(approver=st.text(max_size=3), reason=st.text(max_size=3))
def test_every_exception_has_its_approver_and_reason(approver: str, reason: str) -> None:
    try:
        exception = teleaccord.AuthorisedException(
            approver=approver, reason=reason, codes={"weekly_max_exceeded"}
        )
    except teleaccord.InvalidValue:
        assert not approver.strip() or not reason.strip()
    else:
        assert exception.approver.strip()
        assert exception.reason.strip()
