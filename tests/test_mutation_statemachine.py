"""The state-machine engine, the cases mutation testing found untested (issue 11): an audit
event as data, field by field; a naive timestamp named by its field; choosing a row of the
request table directly (the reason asked by default, a decision on one's own request); and the
buttons an HRIS shows a member of HR for their own request.

Expected values are written by hand from the request table as the docs describe it: a
submitted request is approved or rejected by the manager, a delegate or HR, never by its own
employee, and a rejection needs a reason.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest

from teleaccord import (
    REQUEST_TRANSITIONS,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    AuditEvent,
    Calendar,
    Cancellation,
    Contract,
    Guard,
    InvalidValue,
    NotAllowed,
    OperationRefused,
    Organisation,
    Quota,
    QuotaLedger,
    RequestWorkflow,
    Role,
    Step,
    TeleworkRequest,
    Transition,
    TransitionTable,
    Violation,
    Workflow,
    apply_transition,
    year_range,
)
from teleaccord.statemachine import (
    choose_transition,
    ledger_for,
    refuse_if,
    release_bookings,
    replay,
    state_value,
)

UTC = timezone.utc
T = datetime(2024, 6, 3, 9, 30, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def event(**kwargs: object) -> AuditEvent:
    fields: dict[str, object] = {
        "machine": "request",
        "subject": "R1",
        "employee": "ana",
        "sequence": 2,
        "actor": "max",
        "role": Role.MANAGER,
        "at": T,
        "action": "reject",
        "source": "submitted",
        "target": "rejected",
    }
    fields.update(kwargs)
    return AuditEvent(**fields)  # type: ignore[arg-type]


def test_an_audit_event_as_data_names_every_field() -> None:
    e = event(
        reason="team short that day", data={"released": ("b1", "b2"), "day": date(2024, 6, 4)}
    )
    assert e.to_dict() == {
        "machine": "request",
        "subject": "R1",
        "employee": "ana",
        "sequence": 2,
        "actor": "max",
        "role": "manager",
        "at": "2024-06-03T09:30:00+00:00",
        "action": "reject",
        "source": "submitted",
        "target": "rejected",
        "reason": "team short that day",
        "data": {"day": "2024-06-04", "released": ["b1", "b2"]},
    }


def test_an_audit_event_without_reason_or_data() -> None:
    d = event(at=datetime(2024, 6, 3, 11, 30, tzinfo=PARIS)).to_dict()
    assert (d["reason"], d["data"], d["at"]) == ("", {}, "2024-06-03T11:30:00+02:00")
    assert event(data={"amount": Fraction(1, 2)}).to_dict()["data"] == {"amount": "1/2"}


@pytest.mark.parametrize(
    "make",
    [
        lambda at: event(at=at),
        lambda at: Step(record=None, action="x", actor="a", roles=frozenset(), at=at),
    ],
)
def test_a_naive_timestamp_is_refused_naming_its_field(make: object) -> None:
    with pytest.raises(InvalidValue) as err:
        make(datetime(2024, 6, 3, 9))  # type: ignore[operator]
    assert err.value.code == "naive_datetime"
    assert err.value.field == "at"


# -- choosing a row of the request table ---------------------------------------------------


def step(actor: str, *roles: Role, reason: str = "") -> Step:
    return Step(record=None, action="", actor=actor, roles=frozenset(roles), at=T, reason=reason)


def test_a_rejection_needs_a_reason_unless_the_caller_asks_without() -> None:
    with pytest.raises(InvalidValue) as err:
        choose_transition(
            REQUEST_TRANSITIONS, "submitted", "reject", step("max", Role.MANAGER), employee="ana"
        )
    assert err.value.code == "reason_required"
    row = choose_transition(
        REQUEST_TRANSITIONS,
        "submitted",
        "reject",
        step("max", Role.MANAGER),
        employee="ana",
        check_reason=False,
    )
    assert (row.source, row.action, row.target) == ("submitted", "reject", "rejected")
    given = step("max", Role.MANAGER, reason="team short that day")
    assert (
        choose_transition(REQUEST_TRANSITIONS, "submitted", "reject", given, employee="ana").target
        == "rejected"
    )


def test_the_row_chosen_is_the_transition_itself() -> None:
    row = choose_transition(
        REQUEST_TRANSITIONS, "submitted", "withdraw", step("ana", Role.EMPLOYEE), employee="ana"
    )
    assert (row.source, row.action, row.target) == ("submitted", "withdraw", "withdrawn")
    assert Role.EMPLOYEE in row.roles


def test_nobody_decides_their_own_request_even_holding_the_role() -> None:
    with pytest.raises(NotAllowed) as err:
        choose_transition(
            REQUEST_TRANSITIONS,
            "submitted",
            "approve",
            step("hugo", Role.HR, Role.EMPLOYEE),
            employee="hugo",
        )
    assert err.value.code == "own_request"


# -- the buttons of a member of HR on their own request ------------------------------------


def test_hr_sees_only_withdraw_on_their_own_request_and_decides_for_others() -> None:
    agreement = Agreement(name="x", quotas=[Quota(window="period", maximum=100)])
    ledgers = []
    for employee in ("ana", "hugo"):
        led = QuotaLedger(
            agreement=agreement,
            contract=Contract.from_amendments(employee=employee, hired=date(2020, 1, 1)),
            calendar=Calendar(),
        )
        led.grant(year_range(2024), at=T, by="hr")
        ledgers.append(led)
    wf = RequestWorkflow(
        agreement=agreement,
        calendar=Calendar(),
        organisation=Organisation(managers={"ana": "max", "hugo": "max"}, hr={"hugo", "ines"}),
        ledgers=ledgers,  # type: ignore[arg-type]
    )
    day = date(2024, 6, 10)  # a Monday
    t = datetime.combine(day - timedelta(days=5), time(9), tzinfo=PARIS)
    own = wf.submit(TeleworkRequest(id="R-hugo", employee="hugo", days=day), by="hugo", at=t)
    assert wf.available_actions(own, by="hugo", at=t) == ("withdraw",)
    assert wf.available_actions(own, by="ines", at=t) == ("approve", "reject")
    other = wf.submit(TeleworkRequest(id="R-ana", employee="ana", days=day), by="ana", at=t)
    assert wf.available_actions(other, by="hugo", at=t) == ("approve", "reject")
    assert wf.available_actions(other, by="ana", at=t) == ("withdraw",)


# -- an organisation and a table are checked when built --------------------------------------


def test_nobody_is_their_own_manager() -> None:
    with pytest.raises(InvalidValue) as err:
        Organisation(managers={"bob": "max", "ana": "ana"})
    assert (err.value.code, err.value.field) == ("own_manager", "managers")
    assert "'ana' cannot be their own manager" in str(err.value)


def test_an_employee_has_one_manager() -> None:
    with pytest.raises(InvalidValue) as err:
        Organisation(managers=[("ana", "max"), ("bob", "max"), ("ana", "dir")])  # type: ignore[arg-type]
    assert (err.value.code, err.value.field) == ("duplicate_manager", "managers")
    assert "'ana' is given two managers" in str(err.value)
    assert Organisation(managers=[("ana", "max"), ("bob", "max")]).roles("max", "bob") == {
        Role.MANAGER
    }  # type: ignore[arg-type]


class Door(str, enum.Enum):
    OPEN = "open"
    SHUT = "shut"


def row(source: str, target: str) -> Transition:
    return Transition(source=source, action="move", target=target, roles={"employee"})


@pytest.mark.parametrize(
    ("initial", "rows", "field", "named"),
    [
        ("ajar", [row("open", "shut")], "initial", "'ajar'"),
        ("open", [row("open", "shut"), row("shut", "ajar")], "transitions", "'ajar'"),
        ("open", [row("open", "shut"), row("jammed", "open")], "transitions", "'jammed'"),
    ],
)
def test_a_table_names_only_its_states(
    initial: str, rows: list[Transition], field: str, named: str
) -> None:
    with pytest.raises(InvalidValue) as err:
        TransitionTable(name="door", states=Door, initial=initial, transitions=rows)
    assert (err.value.code, err.value.field) == ("unknown_state", field)
    assert named in str(err.value)
    assert "door" in str(err.value)
    assert (
        TransitionTable(
            name="door", states=Door, initial="shut", transitions=[row("shut", "open")]
        ).initial
        == "shut"
    )


def test_a_guard_called_answers_a_tuple_of_its_violations() -> None:
    found = Violation("closed", "The door is shut.")
    listing = Guard("listing", lambda step: [found])
    empty = Guard("empty", lambda step: iter(()))
    s = step("ana", Role.EMPLOYEE)
    assert listing(s) == (found,)
    assert empty(s) == ()
    assert type(empty(s)) is tuple


# -- conditions choosing between rows, answered by generators --------------------------------


def _before_noon(step: Step) -> Iterator[Violation]:
    if step.at.hour >= 12:
        yield Violation("afternoon", "Only in the morning.")


def _after_noon(step: Step) -> Iterator[Violation]:
    if step.at.hour < 12:
        yield Violation("morning", "Only in the afternoon.")


class Lamp(str, enum.Enum):
    OFF = "off"
    ON = "on"
    DIM = "dim"


LAMP = TransitionTable(
    name="lamp",
    states=Lamp,
    initial="off",
    transitions=[
        Transition(
            source="off",
            action="press",
            target="on",
            roles={"employee"},
            when=Guard("am", _before_noon),
        ),
        Transition(
            source="off",
            action="press",
            target="dim",
            roles={"employee"},
            when=Guard("pm", _after_noon),
        ),
    ],
)


@pytest.mark.parametrize(("hour", "target"), [(9, "on"), (11, "on"), (12, "dim"), (18, "dim")])
def test_a_condition_answering_a_generator_chooses_the_row(hour: int, target: str) -> None:
    s = Step(
        record=None,
        action="press",
        actor="ana",
        roles=frozenset({Role.EMPLOYEE}),
        at=T.replace(hour=hour),
    )
    assert choose_transition(LAMP, "off", "press", s, employee="bob").target == target


# -- the workflow's helpers --------------------------------------------------------------------


def test_an_audit_event_gives_a_default_for_data_it_lacks() -> None:
    e = event(data={"booked": ("b1",)})
    assert e.get("booked") == ("b1",)
    assert e.get("released", ()) == ()
    assert e.get("released") is None


def test_a_missing_ledger_is_named() -> None:
    with pytest.raises(InvalidValue) as err:
        ledger_for({}, "ana")
    assert (err.value.code, err.value.field) == ("unknown_employee", "ledgers")


def test_released_bookings_keep_the_reason_given() -> None:
    led = QuotaLedger(
        agreement=Agreement(name="x"),
        calendar=Calendar(),
        contract=Contract.from_amendments(employee="ana", hired=date(2020, 1, 1)),
    )
    led.grant(year_range(2024), at=T, by="hr")
    led.book(date(2024, 6, 5), at=T, by="ana", entry_id="B1")
    assert release_bookings(led, ["B1"], at=T, by="max", reason="Audit.") == ("B1",)
    (cancel,) = [e for e in led.entries if isinstance(e, Cancellation)]
    assert (cancel.booking_id, cancel.by, cancel.reason) == ("B1", "max", "Audit.")


def test_a_guard_outside_its_workflow_names_the_environment() -> None:
    s = Step(record=None, action="approve", actor="max", roles=frozenset({Role.MANAGER}), at=T)
    with pytest.raises(InvalidValue) as err:
        choose_transition(REQUEST_TRANSITIONS, "submitted", "approve", s, employee="ana")
    assert (err.value.code, err.value.field) == ("missing_workflow", "env")


def test_an_action_without_reason_records_an_empty_reason() -> None:
    agreement = Agreement(name="x", quotas=[Quota(window="period", maximum=100)])
    led = QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="ana", hired=date(2020, 1, 1)),
        calendar=Calendar(),
    )
    led.grant(year_range(2024), at=T, by="hr")
    wf = RequestWorkflow(
        agreement=agreement,
        calendar=Calendar(),
        organisation=Organisation(managers={"ana": "max"}),
        ledgers=[led],
    )
    day = date(2024, 6, 10)
    t = datetime.combine(day - timedelta(days=5), time(9), tzinfo=PARIS)
    req = wf.apply(TeleworkRequest(id="R1", employee="ana", days=day), "submit", by="ana", at=t)
    done = wf.apply(req, "approve", by="max", at=t)
    assert [e.reason for e in done.events] == ["", ""]


def test_today_is_read_in_the_time_zone_of_the_version_in_force() -> None:
    # Paris until 2 June 2024, then New York. 3 June 02:00 UTC is 2 June 22:00 in New York.
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(name="a"), start=date(2024, 1, 1), end=date(2024, 6, 2)
            ),
            AgreementVersion(
                agreement=Agreement(name="b", timezone="America/New_York"), start=date(2024, 6, 3)
            ),
        ],
    )
    wf = RequestWorkflow(
        agreement=history, calendar=Calendar(), organisation=Organisation(), ledgers=[]
    )
    assert wf.agreement_on(date(2024, 6, 2)).name == "a"
    assert wf.agreement_on(date(2024, 6, 3)).name == "b"
    assert wf.today(datetime(2024, 6, 3, 2, tzinfo=UTC)) == date(2024, 6, 2)
    assert wf.today(datetime(2024, 6, 2, 22, 30, tzinfo=UTC)) == date(2024, 6, 3)  # Paris, 00:30


# -- wave 9: the whole module (issue 11) ------------------------------------------------------
#
# The engine remembers what it worked out (a table's rows by state and action, the rows open
# to an actor, an organisation's roles, fixed refusals), and mutmut forks its workers from a
# process that has already run every test: a table, an organisation or a refusal made at
# module level is answered from those memos there. The tests below make theirs fresh, in the
# test, so the code behind the memo runs.


class Gate(str, enum.Enum):
    OPEN = "open"
    SHUT = "shut"
    LOCKED = "locked"


@attrs.frozen
class GateRecord:
    id: str
    employee: str
    state: Gate = Gate.OPEN
    events: tuple[AuditEvent, ...] = ()


def _asked_for(action: str) -> Guard:
    """A guard that holds only when the step names ``action`` (it reads the step)."""
    return Guard("asked", lambda s: refuse_if(s.action != action, "other_action", f"Not {action}."))


def gate_table(**lock: object) -> TransitionTable:
    """A fresh gate machine: the employee closes and opens it; the employer locks it (not on
    one's own gate; the manager says why). ``lock``: other fields of the lock row."""
    lock_row: dict[str, object] = {
        "source": "shut",
        "action": "lock",
        "target": "locked",
        "roles": {"manager", "delegate", "hr"},
        "excludes_subject": True,
        "reason_from": {"manager"},
    }
    lock_row.update(lock)
    return TransitionTable(
        name="gate",
        states=Gate,
        initial="open",
        transitions=[
            Transition(
                source="open",
                action="close",
                target="shut",
                roles={"employee"},
                guards=[_asked_for("close")],
            ),
            Transition(source="shut", action="open", target="open", roles={"employee"}),
            Transition(**lock_row),  # type: ignore[arg-type]
        ],
    )


ORG = {"managers": {"ana": "max", "hugo": "max"}, "hr": {"hugo"}}


def test_an_applied_row_records_the_employee_the_acting_role_and_an_empty_reason() -> None:
    org = Organisation(**ORG)  # type: ignore[arg-type]
    shut = GateRecord("g1", "ana", Gate.SHUT)
    locked = apply_transition(
        gate_table(), shut, "lock", actor="hugo", roles=org.roles("hugo", "ana"), at=T
    )
    (e,) = locked.events
    # hugo is in HR, not ana's manager: the event says "hr" and no reason was needed.
    assert (e.employee, e.subject, e.role, e.reason, e.sequence) == ("ana", "g1", "hr", "", 1)
    assert (e.source, e.target, e.machine, locked.state) == ("shut", "locked", "gate", Gate.LOCKED)
    by_manager = apply_transition(
        gate_table(),
        shut,
        "lock",
        actor="max",
        roles=org.roles("max", "ana"),
        at=T,
        reason=" Keys lost. ",
    )
    assert (by_manager.events[0].role, by_manager.events[0].reason) == ("manager", "Keys lost.")


def test_guards_and_the_buttons_see_the_action_asked() -> None:
    table = gate_table()
    record = GateRecord("g1", "ana")
    shut = apply_transition(
        table, record, "close", actor="ana", roles=frozenset({Role.EMPLOYEE}), at=T
    )
    assert shut.state == Gate.SHUT

    @attrs.frozen(kw_only=True)
    class GateWorkflow(Workflow[GateRecord]):
        table = gate_table()

    wf = GateWorkflow(agreement=Agreement(name="x"), organisation=Organisation(**ORG))  # type: ignore[arg-type]
    assert wf.available_actions(record, by="ana", at=T) == ("close",)


@pytest.mark.parametrize("at", ["2024-06-03T09:30:00+00:00", date(2024, 6, 3)])
def test_a_timestamp_that_is_not_a_datetime_is_refused(at: object) -> None:
    with pytest.raises(InvalidValue) as err:
        apply_transition(
            gate_table(),
            GateRecord("g1", "ana"),
            "close",
            actor="ana",
            roles=frozenset({Role.EMPLOYEE}),
            at=at,  # type: ignore[arg-type]
        )
    assert (err.value.code, err.value.field) == ("invalid_datetime", "at")


def test_an_effect_not_wired_is_named() -> None:
    table = gate_table(effect="ring")
    with pytest.raises(InvalidValue) as err:
        apply_transition(
            table,
            GateRecord("g1", "ana", Gate.SHUT),
            "lock",
            actor="hugo",
            roles=frozenset({Role.HR}),
            at=T,
        )
    assert (err.value.code, err.value.field) == ("unknown_effect", "effect")
    assert "no effect named 'ring' is wired for 'lock'" in str(err.value)


def test_an_applied_row_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="teleaccord.statemachine"):
        apply_transition(
            gate_table(),
            GateRecord("g7", "ana"),
            "close",
            actor="ana",
            roles=frozenset({Role.EMPLOYEE}),
            at=T,
        )
    assert caplog.messages == ["gate g7: open -> shut by ana"]


def test_the_record_is_made_by_the_evolve_given() -> None:
    made: list[list[str]] = []

    def evolve(record: GateRecord, changes: dict[str, object]) -> GateRecord:
        made.append(sorted(changes))
        return attrs.evolve(record, **changes)  # type: ignore[arg-type]

    apply_transition(
        gate_table(),
        GateRecord("g1", "ana"),
        "close",
        actor="ana",
        roles=frozenset({Role.EMPLOYEE}),
        at=T,
        evolve=evolve,
    )
    assert made == [["events", "state"]]

    @attrs.frozen(kw_only=True)
    class CountingWorkflow(Workflow[GateRecord]):
        table = gate_table()

        def evolve_record(self, record: GateRecord, changes: dict[str, object]) -> GateRecord:
            return evolve(record, changes)

    wf = CountingWorkflow(agreement=Agreement(name="x"))
    assert wf.apply(GateRecord("g2", "ana"), "close", by="ana", at=T).state == Gate.SHUT
    assert len(made) == 2


def test_a_replay_mismatch_names_the_event_at_fault() -> None:
    table = gate_table()
    shut = apply_transition(
        table, GateRecord("g1", "ana"), "close", actor="ana", roles=frozenset({Role.EMPLOYEE}), at=T
    )
    again = attrs.evolve(shut.events[0], sequence=3)
    with pytest.raises(InvalidValue) as err:
        replay((shut.events[0], again), table)
    assert (err.value.code, err.value.field, err.value.params) == (
        "replay_mismatch",
        "events",
        {"event": 2},
    )
    assert "event 2 has sequence number 3" in str(err.value)
    assert table.rows("open", "lock") == ()
    assert table.rows("open", "fly") == ()


# -- each refusal with its field and its numbers ---------------------------------------------


def test_a_final_state_refuses_with_its_field_and_numbers() -> None:
    with pytest.raises(NotAllowed) as err:
        choose_transition(
            gate_table(), "locked", "open", step("ana", Role.EMPLOYEE), employee="ana"
        )
    assert (err.value.code, err.value.field) == ("terminal_state", "state")
    assert err.value.params == {"state": "locked", "action": "open"}


def test_an_action_the_state_lacks_lists_the_possible_ones() -> None:
    with pytest.raises(NotAllowed) as err:
        choose_transition(gate_table(), "shut", "close", step("ana", Role.EMPLOYEE), employee="ana")
    assert (err.value.code, err.value.field) == ("transition_not_allowed", "action")
    assert err.value.params == {"state": "shut", "action": "close", "possible": ("lock", "open")}
    assert str(err.value).endswith("'close' is not possible; possible: lock, open.")


def test_a_decision_on_ones_own_gate_names_the_actor() -> None:
    with pytest.raises(NotAllowed) as err:
        choose_transition(gate_table(), "shut", "lock", step("hugo", Role.HR), employee="hugo")
    assert (err.value.code, err.value.field, err.value.params) == (
        "own_request",
        "actor",
        {"actor": "hugo"},
    )


def test_a_stranger_is_told_the_roles_it_takes() -> None:
    with pytest.raises(NotAllowed) as err:
        choose_transition(gate_table(), "shut", "lock", step("bob"), employee="ana")
    assert (err.value.code, err.value.field) == ("role_not_allowed", "actor")
    assert err.value.params == {
        "actor": "bob",
        "action": "lock",
        "roles": ["delegate", "hr", "manager"],
    }
    assert str(err.value).endswith("it takes one of the roles: delegate, hr, manager.")


def test_the_same_roles_acting_on_their_own_gate_are_asked_again() -> None:
    # hugo in HR locks ana's gate; with the same roles, not his own (the answer for ana's
    # gate is not the answer for his).
    table = gate_table()
    assert (
        choose_transition(table, "shut", "lock", step("hugo", Role.HR), employee="ana").target
        == "locked"
    )
    with pytest.raises(NotAllowed) as err:
        choose_transition(table, "shut", "lock", step("hugo", Role.HR), employee="hugo")
    assert err.value.code == "own_request"


def test_no_row_whose_condition_holds_is_refused_with_its_field() -> None:
    never = Guard("never", lambda s: [Violation("never", "Not now.")])
    table = TransitionTable(
        name="lamp",
        states=Lamp,
        initial="off",
        transitions=[
            Transition(source="off", action="press", target="on", roles={"employee"}, when=never)
        ],
    )
    with pytest.raises(NotAllowed) as err:
        choose_transition(table, "off", "press", step("ana", Role.EMPLOYEE), employee="ana")
    assert (err.value.code, err.value.field) == ("transition_not_allowed", "action")
    assert str(err.value) == "No 'press' applies to this lamp in its present situation."


def test_a_missing_reason_names_its_field() -> None:
    with pytest.raises(InvalidValue) as err:
        choose_transition(gate_table(), "shut", "lock", step("max", Role.MANAGER), employee="ana")
    assert (err.value.code, err.value.field) == ("reason_required", "reason")


# -- guards: a subclass, a call, fixed refusals -----------------------------------------------


@attrs.frozen
class Signed(Guard):
    """A guard whose call signs its violations with the actor (a subclass the engine calls)."""

    def __call__(self, step: Step) -> tuple[Violation, ...]:
        return tuple(
            attrs.evolve(v, message=f"{step.actor}: {v.message}") for v in self.check(step)
        )


def test_a_guard_subclass_is_called_with_the_step() -> None:
    # Pressed in the afternoon (the row's condition), allowed only in the morning (its guard).
    table = TransitionTable(
        name="lamp",
        states=Lamp,
        initial="off",
        transitions=[
            Transition(
                source="off",
                action="press",
                target="on",
                roles={"employee"},
                when=Signed("pm", _after_noon),
                guards=[Signed("am", _before_noon)],
            ),
        ],
    )
    s = Step(
        record=None,
        action="press",
        actor="ana",
        roles=frozenset({Role.EMPLOYEE}),
        at=T.replace(hour=14),
    )
    with pytest.raises(OperationRefused) as err:
        choose_transition(table, "off", "press", s, employee="ana")
    assert [v.message for v in err.value.violations] == ["ana: Only in the morning."]
    with pytest.raises(NotAllowed) as not_routed:
        choose_transition(
            table, "off", "press", attrs.evolve(s, at=T.replace(hour=9)), employee="ana"
        )
    assert not_routed.value.code == "transition_not_allowed"


def test_a_guard_called_reads_the_step() -> None:
    only_ana = Guard("ana", lambda s: refuse_if(s.actor != "ana", "not_ana", "Only ana."))
    assert only_ana(step("ana")) == ()
    assert [v.code for v in only_ana(step("bob"))] == ["not_ana"]


def test_a_refusal_keeps_its_day_and_its_numbers() -> None:
    (with_day,) = refuse_if(True, "day_over", "The day is over.", date(2024, 6, 3))
    assert (with_day.day, with_day.params) == (date(2024, 6, 3), ())
    (with_params,) = refuse_if(True, "too_many", "Too many.", limit=3)
    assert (with_params.day, with_params.params) == (None, (("limit", 3),))


def test_a_fixed_refusal_never_asked_before() -> None:
    code = f"fresh_{uuid.uuid4().hex}"  # never made before in this process
    first = refuse_if(True, code, "A fresh refusal.")
    assert first == (Violation(code, "A fresh refusal."),)
    assert refuse_if(True, code, "A fresh refusal.") == first


# -- values as text ----------------------------------------------------------------------------


class Name(str):
    """An id of a subclass of ``str`` (as some data frames hand them out)."""


def test_ids_of_a_str_subclass_hold_their_roles() -> None:
    org = Organisation(managers={"ana": "max"}, hr={"hugo"})
    assert org.roles(Name("max"), "ana") == {Role.MANAGER}
    assert org.roles("max", Name("ana")) == {Role.MANAGER}
    assert org.roles(Name("hugo"), Name("ana")) == {Role.HR}


def test_the_system_holds_the_system_role_only() -> None:
    org = Organisation(managers={"ana": "max"}, hr={"system"})
    assert org.roles("system", "ana") == {Role.SYSTEM}


def test_a_state_of_a_str_subclass_is_its_text() -> None:
    assert state_value(Name("draft")) == "draft"
    assert Transition(source=Name("open"), action="close", target="shut", roles=()).source == "open"


def test_event_data_keys_are_text() -> None:
    e = event(data={1: "one"})
    assert e.data == (("1", "one"),)
    assert e.get("1") == "one"
    assert e.to_dict()["data"] == {"1": "one"}
