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
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

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
    year_range,
)
from teleaccord.statemachine import choose_transition, ledger_for, release_bookings

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
