"""The state-machine engine: laws over random tables, and how each refusal is told apart.

The tables here are made up (a lamp), so the laws hold for any table, not only for the two
machines the library ships.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import InvalidValue, NotAllowed, OperationRefused
from teleaccord.approval import REQUEST_TRANSITIONS
from teleaccord.arrangement import ARRANGEMENT_TRANSITIONS
from teleaccord.statemachine import (
    EMPLOYER_ROLES,
    SYSTEM,
    AuditEvent,
    Effect,
    Guard,
    Organisation,
    Role,
    Step,
    Transition,
    TransitionTable,
    Workflow,
    apply_transition,
    aware,
    choose_transition,
    refuse_if,
    render_mermaid,
    replay,
    state_value,
)


class Lamp(str, enum.Enum):
    OFF = "off"
    ON = "on"
    DIM = "dim"
    BROKEN = "broken"
    GONE = "gone"


@attrs.frozen(kw_only=True)
class Item:
    id: str
    employee: str
    state: Lamp = Lamp.OFF
    count: int = 0
    events: tuple[AuditEvent, ...] = ()


ORG = Organisation(managers={"ana": "max", "max": "dir"}, hr={"hugo"})
ACTORS = ("ana", "max", "hugo", "dir", "bob", SYSTEM)
T0 = datetime(2024, 6, 3, 6, tzinfo=timezone.utc)


def _daytime(step: Step) -> tuple[Any, ...]:
    return refuse_if(step.at.hour < 8, "too_early", "Not before 8:00.")


DAYTIME = Guard("daytime", _daytime)


def _count(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """An effect with a side effect outside the record: the environment is a list."""
    item: Item = step.record
    step.env.append(item.count + 1)
    return {"count": item.count + 1}, {"count": item.count + 1}


def _refuse(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    raise OperationRefused.from_violations(refuse_if(True, "effect_refused", "No."))


EFFECTS: Mapping[str, Effect] = {"count": _count, "refuse": _refuse}

STATES = tuple(s.value for s in Lamp)
ACTIONS = ("press", "turn", "break", "fix")

rows = st.builds(
    Transition,
    source=st.sampled_from(STATES),
    action=st.sampled_from(ACTIONS),
    target=st.sampled_from(STATES),
    roles=st.frozensets(st.sampled_from(tuple(Role)), min_size=1),
    guards=st.sampled_from([(), (DAYTIME,)]),
    excludes_subject=st.booleans(),
    effect=st.sampled_from([None, "count", "refuse"]),
)
tables = st.builds(
    TransitionTable,
    name=st.just("lamp"),
    states=st.just(Lamp),
    initial=st.sampled_from(STATES),
    transitions=st.lists(rows, max_size=12),
)
moves = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS), st.sampled_from(ACTORS), st.integers(min_value=0, max_value=6)
    ),
    max_size=12,
)


def expected_row(
    table: TransitionTable, state: str, action: str, actor: str, at: datetime
) -> Transition | None:
    """A deliberately plain reading of the rules: the first row of (state, action) that the
    actor's roles allow (nobody acting on their own item when the row excludes it) and whose
    guards hold at ``at``."""
    roles = ORG.roles(actor, "ana")
    for row in table.transitions:
        if row.source != state or row.action != action or not roles & row.roles:
            continue
        if row.excludes_subject and actor == "ana":
            continue
        if DAYTIME in row.guards and at.hour < 8:
            continue
        return row
    return None


@given(table=tables, moves=moves)
def test_replay_of_the_audit_events_rebuilds_the_state(
    table: TransitionTable, moves: list[tuple[str, str, int]]
) -> None:
    item = Item(id="L1", employee="ana", state=table.state(table.initial))
    assert replay(item.events, table) is item.state
    at = T0
    for action, actor, hours in moves:
        at += timedelta(hours=hours)
        try:
            new = apply_transition(
                table,
                item,
                action,
                actor=actor,
                roles=ORG.roles(actor, "ana"),
                at=at,
                env=[],
                effects=EFFECTS,
            )
        except (NotAllowed, InvalidValue, OperationRefused) as exc:
            note(f"{actor} {action}: refused, {exc.code}")
            continue
        note(f"{actor} {action}: {item.state.value} -> {new.state.value}")
        assert new.events[:-1] == item.events
        assert replay(new.events, table) is new.state
        item = new


@given(table=tables, moves=moves)
def test_a_refused_transition_changes_nothing(
    table: TransitionTable, moves: list[tuple[str, str, int]]
) -> None:
    item = Item(id="L1", employee="ana", state=table.state(table.initial))
    outside: list[int] = []
    at = T0
    for action, actor, hours in moves:
        at += timedelta(hours=hours)
        before, seen = item, list(outside)
        row = expected_row(table, state_value(item.state), action, actor, at)
        try:
            item = apply_transition(
                table,
                item,
                action,
                actor=actor,
                roles=ORG.roles(actor, "ana"),
                at=at,
                env=outside,
                effects=EFFECTS,
            )
        except (NotAllowed, InvalidValue, OperationRefused) as exc:
            note(f"{actor} {action}: refused, {exc.code}")
            assert row is None or row.effect == "refuse", "a move the rules allow was refused"
            assert item == before
            assert outside == seen, "a refused move left a side effect"
            continue
        note(f"{actor} {action}: {before.state.value} -> {item.state.value}")
        assert row is not None, "a move the rules forbid happened"
        assert item.state.value == row.target
        assert item.count == before.count + (row.effect == "count")
        assert len(outside) == len(seen) + (row.effect == "count")


@given(table=tables)
def test_render_mermaid_lists_every_transition(table: TransitionTable) -> None:
    text = render_mermaid(table)
    lines = text.splitlines()
    assert lines[:2] == ["stateDiagram-v2", f"    [*] --> {table.initial}"]
    for row in table.transitions:
        assert f"    {row.source} --> {row.target} : {row.label()}" in lines
    edges = [line for line in lines if " : " in line]
    assert len(edges) == len(set(edges))
    assert set(edges) == {f"    {t.source} --> {t.target} : {t.label()}" for t in table.transitions}
    ends = {line.split()[0] for line in lines if line.endswith("--> [*]")}
    assert ends == set(table.terminal_states)


# -- how the engine tells refusals apart -----------------------------------------------------

LAMP = TransitionTable(
    name="lamp",
    states=Lamp,
    initial="off",
    transitions=[
        Transition(source="off", action="press", target="on", roles={"employee"}),
        Transition(
            source="on",
            action="turn",
            target="dim",
            roles={"manager", "hr"},
            excludes_subject=True,
            reason_from={"manager"},
            guards=(DAYTIME,),
        ),
        Transition(source="on", action="break", target="broken", roles={"system"}),
        Transition(source="broken", action="fix", target="gone", roles={"hr"}, effect="count"),
    ],
)


def move(item: Item, action: str, actor: str, *, at: datetime = T0, reason: str = "") -> Item:
    return apply_transition(
        LAMP,
        item,
        action,
        actor=actor,
        roles=ORG.roles(actor, item.employee),
        at=at,
        reason=reason,
        env=[],
        effects=EFFECTS,
    )


def code_of(item: Item, action: str, actor: str, **kwargs: Any) -> str:
    with pytest.raises((NotAllowed, InvalidValue, OperationRefused)) as err:
        move(item, action, actor, **kwargs)
    return str(err.value.code)


def test_each_refusal_has_its_code() -> None:
    off = Item(id="L1", employee="ana")
    on = move(off, "press", "ana")
    assert code_of(off, "turn", "ana") == "transition_not_allowed"
    assert code_of(off, "press", "max") == "role_not_allowed"
    assert code_of(on, "turn", "max", at=T0 + timedelta(hours=3)) == "reason_required"
    assert code_of(on, "turn", "max", reason="Dim it.") == "too_early"
    dimmed = move(on, "turn", "max", reason="Dim it.", at=T0 + timedelta(hours=3))
    assert dimmed.state is Lamp.DIM
    assert dimmed.events[-1].reason == "Dim it."
    assert code_of(dimmed, "press", "ana") == "terminal_state"
    # HR needs no reason; nobody acts on their own item when the row says so.
    assert move(on, "turn", "hugo", at=T0 + timedelta(hours=3)).state is Lamp.DIM
    own = Item(id="L2", employee="hugo", state=Lamp.ON)
    assert code_of(own, "turn", "hugo", at=T0 + timedelta(hours=3)) == "own_request"


def test_a_condition_chooses_between_rows_of_the_same_action() -> None:
    late = Guard("late", lambda step: refuse_if(step.at.hour < 12, "early", "Early."))
    early = Guard("early", lambda step: refuse_if(step.at.hour >= 12, "late", "Late."))
    table = TransitionTable(
        name="lamp",
        states=Lamp,
        initial="off",
        transitions=[
            Transition(source="off", action="press", target="on", roles={"hr"}, when=early),
            Transition(source="off", action="press", target="dim", roles={"hr"}, when=late),
        ],
    )
    off = Item(id="L1", employee="ana")
    for hour, target in ((9, Lamp.ON), (15, Lamp.DIM)):
        at = T0.replace(hour=hour)
        done = apply_transition(
            table, off, "press", actor="hugo", roles=ORG.roles("hugo", "ana"), at=at
        )
        assert done.state is target
        assert replay(done.events, table) is target
    assert render_mermaid(table).count("press [") == 2


def test_effects_must_be_wired_and_roles_recorded() -> None:
    broken = Item(id="L1", employee="ana", state=Lamp.BROKEN)
    with pytest.raises(InvalidValue) as err:
        apply_transition(LAMP, broken, "fix", actor="hugo", roles=frozenset({Role.HR}), at=T0)
    assert err.value.code == "unknown_effect"
    fixed = move(broken, "fix", "hugo")
    assert (fixed.count, fixed.events[-1].role, fixed.events[-1].get("count")) == (1, "hr", 1)


def test_a_table_names_only_its_own_states() -> None:
    with pytest.raises(InvalidValue) as err:
        TransitionTable(
            name="lamp",
            states=Lamp,
            initial="off",
            transitions=[Transition(source="off", action="press", target="lit", roles={"hr"})],
        )
    assert err.value.code == "unknown_state"


def test_replay_refuses_events_of_another_record_or_out_of_order() -> None:
    on = move(Item(id="L1", employee="ana"), "press", "ana")
    other = move(Item(id="L2", employee="ana"), "press", "ana")
    dead = Item(id="L1", employee="ana", state=Lamp.ON, events=on.events)
    broken = apply_transition(
        LAMP, dead, "break", actor=SYSTEM, roles=frozenset({Role.SYSTEM}), at=T0
    )
    forged = (
        [on.events[0], attrs.evolve(broken.events[1], subject="L2")],
        [on.events[0], attrs.evolve(broken.events[1], source="off")],
        [on.events[0], attrs.evolve(broken.events[1], sequence=3)],
        [attrs.evolve(on.events[0], machine="door")],
        broken.events[1:],
    )
    for events in forged:
        with pytest.raises(InvalidValue) as err:
            replay(events, LAMP)
        assert err.value.code == "replay_mismatch"
    assert replay(other.events, LAMP) is Lamp.ON


def test_naive_timestamps_are_refused_everywhere() -> None:
    with pytest.raises(InvalidValue) as err:
        move(Item(id="L1", employee="ana"), "press", "ana", at=datetime(2024, 6, 3, 9))
    assert err.value.code == "naive_datetime"
    with pytest.raises(InvalidValue):
        aware("2024-06-03T09:00+02:00")  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class LampWorkflow(Workflow[Item]):
    table = LAMP
    effects = EFFECTS


def test_a_workflow_applies_its_table_and_checks_its_environment() -> None:
    from teleaccord import Agreement

    wf = LampWorkflow(agreement=Agreement(name="x"), organisation=ORG)
    on = wf.apply(Item(id="L1", employee="ana"), "press", by="ana", at=T0)
    assert wf.available_actions(on, by="max", at=T0 + timedelta(hours=3)) == ("turn",)
    assert wf.available_actions(on, by="max", at=T0) == ()
    assert wf.available_actions(on, by=SYSTEM, at=T0) == ("break",)
    assert wf.replay(on) is Lamp.ON
    step = Step(record=on, action="press", actor="ana", roles=frozenset(), at=T0, env=object())
    with pytest.raises(InvalidValue) as err:
        LampWorkflow.of(step)
    assert err.value.code == "missing_workflow"
    choose_transition(
        LAMP, "on", "break", attrs.evolve(step, roles=frozenset({Role.SYSTEM})), employee="ana"
    )


MOVED = (
    "SYSTEM",
    "AuditEvent",
    "BookingLedger",
    "Guard",
    "Organisation",
    "Role",
    "Step",
    "Transition",
    "TransitionTable",
    "apply_transition",
    "choose_transition",
    "render_mermaid",
)


@pytest.mark.parametrize("name", MOVED)
def test_names_that_moved_here_still_import_from_where_they_were(name: str) -> None:
    import teleaccord
    from teleaccord import approval, statemachine

    assert getattr(approval, name) is getattr(statemachine, name)
    assert name in approval.__all__
    if name != "choose_transition":
        assert getattr(teleaccord, name) is getattr(statemachine, name)


def test_replay_from_the_package_defaults_to_the_request_machine() -> None:
    import teleaccord
    from teleaccord import REQUEST_TRANSITIONS, RequestState

    assert teleaccord.replay([]) is RequestState.DRAFT
    assert teleaccord.replay([], REQUEST_TRANSITIONS) is replay([], REQUEST_TRANSITIONS)


def test_refuse_if_gives_one_violation_with_its_day_and_numbers() -> None:
    from datetime import date

    from teleaccord import Violation

    day = date(2024, 6, 3)
    assert refuse_if(True, "day_over", "Over.", day, hours=2) == (
        Violation(code="day_over", message="Over.", day=day, params={"hours": 2}),
    )
    assert refuse_if(False, "day_over", "Over.", day, hours=2) == ()


def test_a_row_on_one_line_is_the_same_transition_as_its_keyword_form() -> None:
    lit = Guard("lit", lambda step: ())
    dim = Guard("dim", lambda step: ())
    keyword = Transition(
        source=Lamp.ON,
        action="dim",
        target=Lamp.DIM,
        roles={Role.MANAGER},
        when=lit,
        guards=(lit, dim),
        reason_from={Role.MANAGER},
        excludes_subject=True,
        effect="dim",
    )
    row = Transition.row(
        Lamp.ON,
        "dim",
        Lamp.DIM,
        {Role.MANAGER},
        lit,
        dim,
        when=lit,
        reason_from={Role.MANAGER},
        excludes_subject=True,
        effect="dim",
    )
    assert row == keyword
    assert Transition.row(Lamp.OFF, "on", Lamp.ON, {"employee"}).guards == ()


def test_both_workflows_decide_for_the_employer_with_the_same_roles() -> None:
    assert {Role.MANAGER, Role.DELEGATE, Role.HR} == EMPLOYER_ROLES
    for table in (REQUEST_TRANSITIONS, ARRANGEMENT_TRANSITIONS):
        rejects = [t for t in table.transitions if t.action == "reject"]
        assert any(t.roles == EMPLOYER_ROLES == t.reason_from for t in rejects)
