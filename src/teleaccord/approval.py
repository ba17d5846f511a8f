"""Telework requests: a state machine declared as a table, with roles and audit events.

Telework is agreed, not taken. A :class:`TeleworkRequest` (one day, one half-day, or several
days) moves through the states of :class:`RequestState`; the moves allowed are the rows of one
table, :data:`REQUEST_TRANSITIONS`, each a :class:`Transition`: (state, action) → (next state,
roles allowed, guards, ledger effect). One function, :func:`apply_transition`, applies a row of
any table; the individual arrangement (:mod:`teleaccord.arrangement`) uses the same machinery.

How an action is decided, in this order, and what the caller gets when it fails:

1. the state must have the action (:class:`~teleaccord.errors.NotAllowed`,
   code ``terminal_state`` or ``transition_not_allowed``);
2. the actor must hold one of the row's roles for this employee, and a decision is never taken
   on one's own request (``NotAllowed``, code ``role_not_allowed`` or ``own_request``);
3. a rejection, a revocation, a declined cancellation must give a reason
   (:class:`~teleaccord.errors.InvalidValue`, code ``reason_required``);
4. the row's guards must hold (:class:`~teleaccord.errors.OperationRefused` carrying the
   :class:`~teleaccord.errors.Violation` values: notice deadline passed, coverage, the ledger's
   own rules...);
5. the row's effect runs: approval books the day(s) in the employee's ledger, a cancellation or
   revocation releases them. If the ledger refuses, ``OperationRefused`` carries its violations.

The notice (délai de prévenance) is the employee's to give: it is checked when the request is
submitted, and the ledger's ``notice_too_short`` is not counted again when the manager decides
later, so a slow decision never turns an on-time request into a late one. A range of days is
booked all or nothing: when a later day breaks a rule the single-day checks could not see (a
weekly maximum reached by the request's own days), the days this step booked are cancelled
again and the approval is refused (the ledger then holds the booking and its cancellation).

Requests are immutable values: an action returns a *new* request, with one more
:class:`AuditEvent`, and a failed action raises, so the request the caller holds is exactly as
it was. :func:`replay` rebuilds the state from the events. Nothing here reads a clock: every
action takes ``at``, a timezone-aware timestamp.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

import attrs

from teleaccord.agreement import Agreement
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, parse_date, week_range
from teleaccord.errors import InvalidValue, NotAllowed, OperationRefused, Violation
from teleaccord.pattern import HalfDay

__all__ = [
    "REQUEST_TRANSITIONS",
    "SYSTEM",
    "ApprovalPolicy",
    "AuditEvent",
    "BookingLedger",
    "Guard",
    "Organisation",
    "RequestState",
    "RequestWorkflow",
    "Role",
    "Step",
    "TeleworkRequest",
    "Transition",
    "TransitionTable",
    "apply_transition",
    "cancellation_deadline",
    "choose_transition",
    "render_mermaid",
    "replay",
]

log = logging.getLogger(__name__)

SYSTEM = "system"
"""The actor id of the system itself (expiry, automatic approval, end of an adaptation period)."""


# -- roles and the organisation --------------------------------------------------------------


class Role(str, enum.Enum):
    """The role an actor holds towards one employee's request or arrangement.

    Roles are relative: the same person is ``employee`` on their own requests and ``manager``
    on their team's. ``second_approver`` is the manager's own manager.

    >>> Role("hr"), Role.SYSTEM.value
    (<Role.HR: 'hr'>, 'system')
    """

    EMPLOYEE = "employee"
    MANAGER = "manager"
    DELEGATE = "delegate"
    SECOND_APPROVER = "second_approver"
    HR = "hr"
    SYSTEM = "system"


_ROLE_ORDER = tuple(Role)


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


def _delegate_pairs(
    value: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]],
) -> tuple[tuple[str, frozenset[str]], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), frozenset(str(d) for d in v)) for k, v in items))


def _check_managers(
    instance: Organisation, attribute: attrs.Attribute[Any], value: tuple[tuple[str, str], ...]
) -> None:
    seen: set[str] = set()
    for employee, manager in value:
        if employee == manager:
            msg = f"managers: {employee!r} cannot be their own manager."
            raise InvalidValue(msg, field="managers", code="own_manager")
        if employee in seen:
            msg = f"managers: {employee!r} is given two managers; give one."
            raise InvalidValue(msg, field="managers", code="duplicate_manager")
        seen.add(employee)


@attrs.frozen(kw_only=True)
class Organisation:
    """Who manages whom, who stands in for a manager, and who works in HR.

    Args:
        managers: each employee's own manager, ``{employee: manager}``.
        delegates: the people a manager has delegated decisions to, ``{manager: {delegate}}``.
        hr: the HR staff, who may decide on anyone's request (but not their own).

    >>> org = Organisation(managers={"ana": "max", "max": "dir"}, delegates={"max": {"zoe"}},
    ...                    hr={"hugo"})
    >>> sorted(r.value for r in org.roles("max", "ana"))
    ['manager']
    >>> sorted(r.value for r in org.roles("dir", "ana")), sorted(r.value for r in org.roles("zoe", "ana"))
    (['second_approver'], ['delegate'])
    >>> org.roles("bob", "ana")
    frozenset()
    """

    managers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_managers
    )
    delegates: tuple[tuple[str, frozenset[str]], ...] = attrs.field(
        default=(), converter=_delegate_pairs
    )
    hr: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)

    def manager_of(self, employee: str) -> str | None:
        """The employee's own manager, or ``None``."""
        for emp, manager in self.managers:
            if emp == employee:
                return manager
        return None

    def delegates_of(self, manager: str | None) -> frozenset[str]:
        """The people ``manager`` delegated decisions to."""
        for man, delegates in self.delegates:
            if man == manager:
                return delegates
        return frozenset()

    def roles(self, actor: str, employee: str) -> frozenset[Role]:
        """The roles ``actor`` holds towards ``employee``'s requests (empty: a stranger)."""
        if actor == SYSTEM:
            return frozenset({Role.SYSTEM})
        found: set[Role] = set()
        manager = self.manager_of(employee)
        if actor == employee:
            found.add(Role.EMPLOYEE)
        if manager is not None and actor == manager:
            found.add(Role.MANAGER)
        if actor in self.delegates_of(manager):
            found.add(Role.DELEGATE)
        if manager is not None and actor == self.manager_of(manager):
            found.add(Role.SECOND_APPROVER)
        if actor in self.hr:
            found.add(Role.HR)
        return frozenset(found)


# -- the generic machinery: tables, steps, audit events ---------------------------------------


def _aware(value: datetime, field: str = "at") -> datetime:
    if not isinstance(value, datetime):
        msg = f"{field}: expected a timezone-aware datetime, got {value!r}."
        raise InvalidValue(msg, field=field, code="invalid_datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"{field}: {value.isoformat()} has no time zone; pass a timezone-aware datetime "
            "(for instance with tzinfo=ZoneInfo('Europe/Paris'))."
        )
        raise InvalidValue(msg, field=field, code="naive_datetime")
    return value


def _check_aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    _aware(value, attribute.name)


def _state_value(value: Any) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def _roles(value: Iterable[Role | str]) -> frozenset[Role]:
    return frozenset(Role(r) for r in value)


def _data(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), v) for k, v in items))


@attrs.frozen(kw_only=True)
class Step:
    """What a guard or an effect sees: the record, the action, who acts in which roles, when,
    the reason given, and the environment (the workflow: ledgers, agreement, coverage).

    >>> from datetime import timezone
    >>> Step(record=None, action="submit", actor="ana", roles=frozenset({Role.EMPLOYEE}),
    ...      at=datetime(2024, 6, 3, 9, tzinfo=timezone.utc)).action
    'submit'
    """

    record: Any
    action: str
    actor: str
    roles: frozenset[Role]
    at: datetime = attrs.field(validator=_check_aware)
    reason: str = ""
    env: Any = None


GuardCheck = Callable[[Step], Iterable[Violation]]
Effect = Callable[[Step], tuple[Mapping[str, Any], Mapping[str, Any]]]


@attrs.frozen
class Guard:
    """A named condition of a transition: ``check`` returns the violations (none: it holds).

    The name is what the state diagrams show between brackets.

    >>> def always(step: Step) -> tuple[Violation, ...]:
    ...     return ()
    >>> Guard("always", always).name
    'always'
    """

    name: str
    check: GuardCheck = attrs.field(repr=False)

    def __call__(self, step: Step) -> tuple[Violation, ...]:
        return tuple(self.check(step))


def _guards(value: Iterable[Guard]) -> tuple[Guard, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Transition:
    """One row of a transition table.

    Args:
        source: the state the row leaves.
        action: the action's name (``"approve"``).
        target: the state the row enters.
        roles: who may take the action (:class:`Role`).
        when: a condition choosing between rows of the same (state, action) (the first row
            whose condition holds applies; its failure is not a refusal).
        guards: conditions that must hold, else the action is refused with their violations.
        reason_from: the roles that must give a reason when they take the action.
        excludes_subject: whether the employee concerned is barred even if they hold a role
            (nobody decides on their own request).
        effect: the name of the workflow effect run when the row applies (``"book"``).

    >>> t = Transition(source="submitted", action="reject", target="rejected",
    ...                roles={"manager"}, reason_from={"manager"}, excludes_subject=True)
    >>> t.label()
    'reject (manager)'
    """

    source: str = attrs.field(converter=_state_value)
    action: str
    target: str = attrs.field(converter=_state_value)
    roles: frozenset[Role] = attrs.field(converter=_roles)
    when: Guard | None = None
    guards: tuple[Guard, ...] = attrs.field(default=(), converter=_guards)
    reason_from: frozenset[Role] = attrs.field(default=frozenset(), converter=_roles)
    excludes_subject: bool = False
    effect: str | None = None

    def label(self) -> str:
        """The edge label used in diagrams: action, [condition], (roles)."""
        when = f" [{self.when.name}]" if self.when else ""
        roles = ", ".join(r.value for r in _ROLE_ORDER if r in self.roles)
        return f"{self.action}{when} ({roles})"


def _rows(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return tuple(value)


def _check_table(
    instance: TransitionTable, attribute: attrs.Attribute[Any], value: tuple[Transition, ...]
) -> None:
    known = {_state_value(s) for s in instance.states}
    if instance.initial not in known:
        msg = f"{instance.name}: the initial state {instance.initial!r} is not a state."
        raise InvalidValue(msg, field="initial", code="unknown_state")
    for row in value:
        for state in (row.source, row.target):
            if state not in known:
                msg = f"{instance.name}: the row {row.label()} uses the unknown state {state!r}."
                raise InvalidValue(msg, field="transitions", code="unknown_state")


@attrs.frozen(kw_only=True)
class TransitionTable:
    """A state machine as data: its states, its initial state and its rows.

    Terminal states are those no row leaves: they never change.

    >>> REQUEST_TRANSITIONS.initial
    'draft'
    >>> sorted(REQUEST_TRANSITIONS.terminal_states)
    ['cancelled', 'expired', 'rejected', 'revoked', 'withdrawn']
    >>> REQUEST_TRANSITIONS.actions_from("approved")
    ('cancel', 'request_cancellation', 'revoke')
    """

    name: str
    states: type[enum.Enum]
    initial: str = attrs.field(converter=_state_value)
    transitions: tuple[Transition, ...] = attrs.field(converter=_rows, validator=_check_table)

    @property
    def terminal_states(self) -> frozenset[str]:
        """The states no row leaves."""
        sources = {t.source for t in self.transitions}
        return frozenset(_state_value(s) for s in self.states) - sources

    def rows(self, state: str, action: str) -> tuple[Transition, ...]:
        """The rows for ``(state, action)``, in table order."""
        key = _state_value(state)
        return tuple(t for t in self.transitions if t.source == key and t.action == action)

    def actions_from(self, state: str) -> tuple[str, ...]:
        """The actions the table has for ``state``, sorted."""
        key = _state_value(state)
        return tuple(sorted({t.action for t in self.transitions if t.source == key}))

    def state(self, value: str) -> Any:
        """``value`` as a member of the table's state enum."""
        return self.states(_state_value(value))


@attrs.frozen(kw_only=True)
class AuditEvent:
    """One applied transition: who did what, when, from which state to which, and why.

    ``data`` holds what the effect did, as data (the ledger entry ids booked or released, the
    date an arrangement ends). ``sequence`` numbers the events of one record from 1.

    >>> from datetime import timezone
    >>> e = AuditEvent(machine="request", subject="R1", employee="ana", sequence=1,
    ...                actor="ana", role="employee", at=datetime(2024, 6, 3, 9, tzinfo=timezone.utc),
    ...                action="submit", source="draft", target="submitted")
    >>> e.to_dict()["at"], e.source, e.target
    ('2024-06-03T09:00:00+00:00', 'draft', 'submitted')
    """

    machine: str
    subject: str
    employee: str
    sequence: int
    actor: str
    role: str = attrs.field(converter=_state_value)
    at: datetime = attrs.field(validator=_check_aware)
    action: str
    source: str = attrs.field(converter=_state_value)
    target: str = attrs.field(converter=_state_value)
    reason: str = ""
    data: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_data)

    def get(self, name: str, default: Any = None) -> Any:
        """The value ``name`` of :attr:`data`, or ``default``."""
        return dict(self.data).get(name, default)

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON-compatible data, for an HRIS's audit trail."""
        from teleaccord.errors import jsonable

        return {
            "machine": self.machine,
            "subject": self.subject,
            "employee": self.employee,
            "sequence": self.sequence,
            "actor": self.actor,
            "role": self.role,
            "at": self.at.isoformat(),
            "action": self.action,
            "source": self.source,
            "target": self.target,
            "reason": self.reason,
            "data": {k: jsonable(v) for k, v in self.data},
        }


class Tracked(Protocol):
    """What :func:`apply_transition` needs of a record (a request, an arrangement)."""

    @property
    def id(self) -> str: ...

    @property
    def employee(self) -> str: ...

    @property
    def state(self) -> Any: ...

    @property
    def events(self) -> tuple[AuditEvent, ...]: ...


R = TypeVar("R", bound=Tracked)


def _acting_role(roles: frozenset[Role], row: Transition) -> Role:
    return next(r for r in _ROLE_ORDER if r in roles and r in row.roles)


def choose_transition(
    table: TransitionTable,
    state: str,
    action: str,
    step: Step,
    *,
    employee: str,
    check_reason: bool = True,
) -> Transition:
    """Pick the row of ``table`` that applies, or raise why none does; changes nothing.

    Raises:
        NotAllowed: the state has no such action (``terminal_state``,
            ``transition_not_allowed``), or the actor lacks the role (``role_not_allowed``,
            ``own_request``).
        InvalidValue: a reason is required and missing (``reason_required``).
        OperationRefused: the row's guards do not hold (their violations).
    """
    state = _state_value(state)
    if state in table.terminal_states:
        msg = (
            f"The {table.name} is {state}, a final state: it cannot be changed ({action} refused)."
        )
        raise NotAllowed(
            msg, code="terminal_state", field="state", params={"state": state, "action": action}
        )
    candidates = table.rows(state, action)
    if not candidates:
        possible = ", ".join(table.actions_from(state))
        msg = f"This {table.name} is {state}: '{action}' is not possible; possible: {possible}."
        raise NotAllowed(
            msg,
            code="transition_not_allowed",
            field="action",
            params={"state": state, "action": action, "possible": table.actions_from(state)},
        )
    is_subject = step.actor == employee
    permitted = [t for t in candidates if step.roles & t.roles]
    allowed = [t for t in permitted if not (t.excludes_subject and is_subject)]
    if not allowed:
        if permitted:
            msg = f"{step.actor} cannot {action} their own {table.name}; another person decides."
            raise NotAllowed(msg, code="own_request", field="actor", params={"actor": step.actor})
        needed = sorted({r.value for t in candidates for r in t.roles})
        msg = (
            f"{step.actor} may not {action} this {table.name} of {employee}; it takes one of "
            f"the roles: {', '.join(needed)}."
        )
        raise NotAllowed(
            msg,
            code="role_not_allowed",
            field="actor",
            params={"actor": step.actor, "action": action, "roles": needed},
        )
    routed = [t for t in allowed if t.when is None or not t.when(step)]
    if not routed:
        msg = f"No '{action}' applies to this {table.name} in its present situation."
        raise NotAllowed(msg, code="transition_not_allowed", field="action")
    if check_reason and not step.reason.strip():
        needing = [t for t in routed if _acting_role(step.roles, t) in t.reason_from]
        if len(needing) == len(routed):
            msg = f"A reason is required to {action} a {table.name}; say why, for the employee."
            raise InvalidValue(msg, code="reason_required", field="reason")
    refusals: list[Violation] = []
    for row in routed:
        found = [v for g in row.guards for v in g(step)]
        if not found:
            return row
        refusals.extend(v for v in found if v not in refusals)
    raise OperationRefused.from_violations(refusals)


def apply_transition(
    table: TransitionTable,
    record: R,
    action: str,
    *,
    actor: str,
    roles: frozenset[Role],
    at: datetime,
    reason: str = "",
    env: Any = None,
    effects: Mapping[str, Effect] | None = None,
) -> R:
    """Apply ``action`` to ``record`` with the row of ``table`` that applies; return the new
    record (state changed, one more :class:`AuditEvent`). Written once, used by every machine.

    The effect named by the row runs after every check has passed; it returns the record
    fields it changes and the data to record in the event, or raises ``OperationRefused``
    having changed nothing. On any error, the caller still holds the unchanged record.

    Raises:
        NotAllowed, InvalidValue, OperationRefused: see :func:`choose_transition`.

    Any table works, with any record that has ``id``, ``employee``, ``state`` and ``events``:

    >>> import enum
    >>> from datetime import timezone
    >>> import attrs
    >>> class DoorState(str, enum.Enum):
    ...     OPEN = "open"
    ...     SHUT = "shut"
    >>> door_table = TransitionTable(name="door", states=DoorState, initial="open", transitions=[
    ...     Transition(source="open", action="close", target="shut", roles={"employee"})])
    >>> @attrs.frozen
    ... class Door:
    ...     id: str
    ...     employee: str
    ...     state: DoorState = DoorState.OPEN
    ...     events: tuple = ()
    >>> shut = apply_transition(door_table, Door("d1", "ana"), "close", actor="ana",
    ...                         roles=frozenset({Role.EMPLOYEE}),
    ...                         at=datetime(2024, 6, 3, 9, tzinfo=timezone.utc))
    >>> shut.state, shut.events[0].action, replay(shut.events, door_table)
    (<DoorState.SHUT: 'shut'>, 'close', <DoorState.SHUT: 'shut'>)
    """
    at = _aware(at)
    step = Step(
        record=record, action=action, actor=actor, roles=roles, at=at, reason=reason, env=env
    )
    row = choose_transition(table, record.state, action, step, employee=record.employee)
    updates: Mapping[str, Any] = {}
    data: Mapping[str, Any] = {}
    if row.effect is not None:
        if effects is None or row.effect not in effects:
            msg = f"{table.name}: no effect named {row.effect!r} is wired for '{action}'."
            raise InvalidValue(msg, code="unknown_effect", field="effect")
        updates, data = effects[row.effect](step)
    event = AuditEvent(
        machine=table.name,
        subject=record.id,
        employee=record.employee,
        sequence=len(record.events) + 1,
        actor=actor,
        role=_acting_role(roles, row),
        at=at,
        action=action,
        source=row.source,
        target=row.target,
        reason=reason.strip(),
        data=data,
    )
    log.info("%s %s: %s -> %s by %s", table.name, record.id, row.source, row.target, actor)
    changed: Any = attrs.evolve(
        record,  # type: ignore[misc]
        state=table.state(row.target),
        events=(*record.events, event),
        **updates,
    )
    return changed  # type: ignore[no-any-return]


def replay(events: Iterable[AuditEvent], table: TransitionTable | None = None) -> Any:
    """Rebuild a record's state from its audit events.

    Each event must leave the state the previous one entered, by a row of the table.

    Args:
        events: the events of one record, in order.
        table: the machine (default: :data:`REQUEST_TRANSITIONS`).

    Returns:
        The state (a member of the table's state enum); the initial state for no events.

    Raises:
        InvalidValue: events of several records, of another machine, out of order, or a move
            the table does not have (``replay_mismatch``).

    >>> replay([])
    <RequestState.DRAFT: 'draft'>
    """
    table = table or REQUEST_TRANSITIONS
    state = table.initial
    subject: str | None = None
    for n, event in enumerate(events, start=1):
        problem = None
        if event.machine != table.name:
            problem = f"event {n} belongs to a {event.machine}, not a {table.name}"
        elif subject is not None and event.subject != subject:
            problem = f"event {n} is about {event.subject}, not {subject}"
        elif event.sequence != n:
            problem = f"event {n} has sequence number {event.sequence}"
        elif event.source != state:
            problem = f"event {n} leaves {event.source}, but the state was {state}"
        elif not any(t.target == event.target for t in table.rows(state, event.action)):
            problem = (
                f"event {n} ({event.source} -{event.action}-> {event.target}) is not in the table"
            )
        if problem is not None:
            msg = f"Cannot replay the events: {problem}."
            raise InvalidValue(msg, code="replay_mismatch", field="events", params={"event": n})
        subject = event.subject
        state = event.target
    return table.state(state)


def render_mermaid(table: TransitionTable) -> str:
    """The table as a mermaid ``stateDiagram-v2``, so the docs draw the code's own rows.

    Rows appear in table order; ``[*]`` marks the initial state and the terminal states.

    >>> print(render_mermaid(REQUEST_TRANSITIONS).splitlines()[1])
        [*] --> draft
    """
    lines = ["stateDiagram-v2", f"    [*] --> {table.initial}"]
    seen: set[str] = set()
    for row in table.transitions:
        line = f"    {row.source} --> {row.target} : {row.label()}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    order = [_state_value(s) for s in table.states]
    lines.extend(f"    {s} --> [*]" for s in order if s in table.terminal_states)
    return "\n".join(lines) + "\n"


# -- what the workflows need of a ledger ------------------------------------------------------


class BookingLike(Protocol):
    """What the workflows read of a ledger booking."""

    @property
    def entry_id(self) -> str: ...

    @property
    def day(self) -> date: ...

    @property
    def half(self) -> HalfDay | None: ...

    @property
    def amount(self) -> Fraction: ...


class BookingLedger(Protocol):
    """The part of :class:`~teleaccord.ledger.QuotaLedger` the workflows use (one per
    employee): ``check``, ``book``, ``cancel``, ``active_bookings`` and ``version``.

    A :class:`~teleaccord.ledger.QuotaLedger` is one; any object with these methods (a
    ledger kept in your own database) can stand in for it, and a type checker verifies it.
    """

    @property
    def employee(self) -> str: ...

    @property
    def version(self) -> int: ...

    def check(
        self,
        day: date,
        *,
        half: HalfDay | None = None,
        at: datetime | None = None,
        ignore: Iterable[str] = (),
    ) -> tuple[Violation, ...]: ...

    def book(
        self,
        day: date,
        *,
        half: HalfDay | None = None,
        at: datetime,
        by: str,
        entry_id: str | None = None,
        expected_version: int | None = None,
        note: str = "",
        ignore: Iterable[str] = (),
    ) -> BookingLike: ...

    def cancel(
        self,
        booking_id: str,
        *,
        at: datetime,
        by: str,
        reason: str = "",
        entry_id: str | None = None,
        expected_version: int | None = None,
    ) -> object: ...

    def active_bookings(self, period: DateRange | None = None) -> Sequence[BookingLike]: ...


class CoverageCheck(Protocol):
    """What the request workflow asks of a team's coverage rules
    (:class:`~teleaccord.coverage.TeamCoverage`)."""

    def check_request(
        self,
        employee: str,
        days: Sequence[date],
        half: HalfDay | None,
        ledgers: Mapping[str, BookingLedger],
        *,
        not_before: date | None = None,
        accept: Callable[[date], bool] | None = None,
    ) -> tuple[Violation, ...]: ...


def _ledger_map(
    value: Mapping[str, BookingLedger] | Iterable[BookingLedger],
) -> Mapping[str, BookingLedger]:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return MappingProxyType({ledger.employee: ledger for ledger in value})


def ledger_for(ledgers: Mapping[str, BookingLedger], employee: str) -> BookingLedger:
    """The ledger of ``employee``, or a clear error."""
    try:
        return ledgers[employee]
    except KeyError:
        msg = f"No ledger is given for employee {employee!r}; pass one ledger per employee."
        raise InvalidValue(msg, code="unknown_employee", field="ledgers") from None


def release_bookings(
    ledger: BookingLedger, entry_ids: Iterable[str], *, at: datetime, by: str, reason: str
) -> tuple[str, ...]:
    """Cancel those of ``entry_ids`` still active in ``ledger``; return the ids cancelled.

    Bookings already cancelled (by HR, directly in the ledger) are left alone.
    """
    active = {b.entry_id for b in ledger.active_bookings()}
    released = []
    for entry_id in entry_ids:
        if entry_id in active:
            ledger.cancel(entry_id, at=at, by=by, reason=reason)
            released.append(entry_id)
    return tuple(released)


# -- notice ----------------------------------------------------------------------------------


def local_date(at: datetime, agreement: Agreement) -> date:
    """The date of ``at`` in the agreement's time zone."""
    return _aware(at).astimezone(ZoneInfo(agreement.timezone)).date()


def day_start(day: date, agreement: Agreement) -> datetime:
    """Midnight at the start of ``day`` in the agreement's time zone."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(agreement.timezone))


def cancellation_deadline(agreement: Agreement, calendar: Calendar, day: date) -> datetime:
    """The last moment an approved telework ``day`` may still be cancelled by the employee
    alone: the agreement's notice deadline for that day (:meth:`~teleaccord.Notice.deadline`),
    or, without notice, the moment before the day begins.

    >>> from teleaccord import Notice
    >>> a = Agreement(name="x", notice=Notice(deadline_days_before=1, deadline_time=time(19)))
    >>> cancellation_deadline(a, Calendar(), date(2024, 6, 4)).isoformat()
    '2024-06-03T19:00:00+02:00'
    >>> cancellation_deadline(Agreement(name="x"), Calendar(), date(2024, 6, 4)).isoformat()
    '2024-06-03T23:59:59.999999+02:00'
    """
    found = agreement.notice.deadline(day, calendar, agreement.timezone)
    if found is None:
        found = day_start(day, agreement) - timedelta(microseconds=1)
    return found


NOTICE_TOO_SHORT = "notice_too_short"
"""The ledger's violation code for a request made after the notice deadline."""

_NOTICED = (NOTICE_TOO_SHORT,)


# -- telework requests -----------------------------------------------------------------------


class RequestState(str, enum.Enum):
    """The states of a telework request (see :data:`REQUEST_TRANSITIONS` for the moves).

    >>> sorted(s.value for s in RequestState if s.value in REQUEST_TRANSITIONS.terminal_states)
    ['cancelled', 'expired', 'rejected', 'revoked', 'withdrawn']
    """

    DRAFT = "draft"
    SUBMITTED = "submitted"
    AWAITING_SECOND_APPROVAL = "awaiting_second_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    REVOKED = "revoked"
    EXPIRED = "expired"
    CANCELLATION_REQUESTED = "cancellation_requested"


def _days(value: Iterable[Any]) -> tuple[date, ...]:
    if isinstance(value, (date, str)):
        value = (value,)
    elif isinstance(value, DateRange):
        value = tuple(value)
    return tuple(sorted({parse_date(d, field="days") for d in value}))


def _check_days(instance: Any, attribute: attrs.Attribute[Any], value: tuple[date, ...]) -> None:
    if not value:
        msg = "days: a request needs at least one day."
        raise InvalidValue(msg, field="days", code="no_days")


def _check_id(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        msg = f"{attribute.name}: must not be empty."
        raise InvalidValue(msg, field=attribute.name, code="missing_id")


def _optional_half(value: Any) -> HalfDay | None:
    return None if value is None or value == "" else HalfDay(value)


def _request_state(value: Any) -> RequestState:
    return RequestState(_state_value(value))


def _events(value: Iterable[AuditEvent]) -> tuple[AuditEvent, ...]:
    return tuple(value)


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


@attrs.frozen(kw_only=True)
class TeleworkRequest:
    """A request to telework on one day, one half-day, or several days.

    Build a draft, then move it with a :class:`RequestWorkflow`; every move returns a new
    request. ``bookings`` are the ledger entry ids the approval booked (empty until then),
    ``approved_by`` who approved so far, ``events`` the audit trail.

    >>> r = TeleworkRequest(id="R1", employee="ana", days=date(2024, 6, 4), half="pm")
    >>> r.state, r.days, r.half
    (<RequestState.DRAFT: 'draft'>, (datetime.date(2024, 6, 4),), <HalfDay.AFTERNOON: 'pm'>)
    >>> r.amount
    Fraction(1, 2)
    """

    id: str = attrs.field(converter=str, validator=_check_id)
    employee: str = attrs.field(converter=str, validator=_check_id)
    days: tuple[date, ...] = attrs.field(converter=_days, validator=_check_days)
    half: HalfDay | None = attrs.field(default=None, converter=_optional_half)
    note: str = ""
    state: RequestState = attrs.field(default=RequestState.DRAFT, converter=_request_state)
    bookings: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    approved_by: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    events: tuple[AuditEvent, ...] = attrs.field(default=(), converter=_events)

    @classmethod
    def for_range(
        cls,
        *,
        id: str,
        employee: str,
        period: DateRange,
        contract: Contract,
        calendar: Calendar,
        half: HalfDay | None = None,
        note: str = "",
    ) -> TeleworkRequest:
        """A request for the employee's working days in ``period`` (days off skipped).

        Raises:
            InvalidValue: no working day in ``period`` (``no_days``).

        >>> c = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
        >>> r = TeleworkRequest.for_range(id="R2", employee="ana", contract=c, calendar=Calendar(),
        ...                               period=DateRange(date(2024, 5, 6), date(2024, 5, 12)))
        >>> [d.day for d in r.days]  # 8 and 9 May are holidays
        [6, 7, 10]
        """
        days = [d for d in period if contract.is_working_day(d, calendar)]
        return cls(id=id, employee=employee, days=days, half=half, note=note)

    @property
    def first_day(self) -> date:
        """The first day asked for."""
        return self.days[0]

    @property
    def last_day(self) -> date:
        """The last day asked for."""
        return self.days[-1]

    @property
    def amount(self) -> Fraction:
        """The telework days asked for (a half-day counts 1/2)."""
        return Fraction(len(self.days), 2 if self.half else 1)

    @property
    def is_terminal(self) -> bool:
        """Whether the request is in a final state."""
        return self.state.value in REQUEST_TRANSITIONS.terminal_states


# -- the request table -----------------------------------------------------------------------


def _violation(code: str, message: str, day: date | None = None, **params: Any) -> Violation:
    return Violation(code=code, message=message, day=day, params=params)


def _wf(step: Step) -> RequestWorkflow:
    env = step.env
    if not isinstance(env, RequestWorkflow):
        msg = "The request machine needs a RequestWorkflow as its environment."
        raise InvalidValue(msg, code="missing_workflow", field="env")
    return env


def _before_first_day(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    start = day_start(req.first_day, _wf(step).agreement)
    if step.at >= start:
        return (
            _violation(
                "day_passed",
                f"Request {req.id} starts on {req.first_day}, which has begun; ask for a later day.",
                req.first_day,
                at=step.at.isoformat(),
            ),
        )
    return ()


def _day_reached(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    start = day_start(req.first_day, _wf(step).agreement)
    if step.at < start:
        return (
            _violation(
                "not_yet_due",
                f"Request {req.id} can expire only once {req.first_day} has begun.",
                req.first_day,
            ),
        )
    return ()


def _day_not_over(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    end = day_start(req.last_day + timedelta(days=1), _wf(step).agreement)
    if step.at >= end:
        return (
            _violation(
                "day_over",
                f"Request {req.id} ended on {req.last_day}; a past telework day stays as it was.",
                req.last_day,
            ),
        )
    return ()


def _before_deadline(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    wf = _wf(step)
    deadline = cancellation_deadline(wf.agreement, wf.calendar, req.first_day)
    if step.at > deadline:
        return (
            _violation(
                "notice_deadline_passed",
                f"The notice deadline for {req.first_day} was {deadline.isoformat()}; ask your "
                "manager to accept a cancellation instead.",
                req.first_day,
                deadline=deadline.isoformat(),
            ),
        )
    return ()


def _after_deadline(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    wf = _wf(step)
    deadline = cancellation_deadline(wf.agreement, wf.calendar, req.first_day)
    if step.at <= deadline:
        return (
            _violation(
                "notice_deadline_not_passed",
                f"The notice deadline for {req.first_day} ({deadline.isoformat()}) has not "
                "passed: cancel the request directly.",
                req.first_day,
                deadline=deadline.isoformat(),
            ),
        )
    return ()


def _second_level_needed(step: Step) -> bool:
    return _wf(step).needs_second_level(step.record)


def _when_second_level(step: Step) -> tuple[Violation, ...]:
    if _second_level_needed(step):
        return ()
    return (_violation("second_level_not_needed", "No second approval is needed."),)


def _when_single_level(step: Step) -> tuple[Violation, ...]:
    if not _second_level_needed(step):
        return ()
    return (_violation("second_level_required", "A second approval is needed."),)


def _ledger_accepts(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    ledger = ledger_for(_wf(step).ledgers, req.employee)
    return tuple(
        v for d in req.days for v in ledger.check(d, half=req.half, at=step.at, ignore=_NOTICED)
    )


def _notice_given(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    ledger = ledger_for(_wf(step).ledgers, req.employee)
    return tuple(
        v
        for d in req.days
        for v in ledger.check(d, half=req.half, at=step.at)
        if v.code == NOTICE_TOO_SHORT
    )


def _coverage_holds(step: Step) -> tuple[Violation, ...]:
    return _wf(step).coverage_violations(step.record, step.at)


def _other_approver(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    if step.actor in req.approved_by:
        return (
            _violation(
                "same_approver",
                f"{step.actor} already approved request {req.id}; the second approval must "
                "come from another person.",
                req.first_day,
                actor=step.actor,
            ),
        )
    return ()


def _auto_policy(step: Step) -> tuple[Violation, ...]:
    if _wf(step).policy.auto_approve:
        return ()
    return (
        _violation("auto_approval_off", "The agreement does not approve requests automatically."),
    )


BEFORE_FIRST_DAY = Guard("before the day", _before_first_day)
NOTICE_GIVEN = Guard("notice given", _notice_given)
DAY_REACHED = Guard("day reached", _day_reached)
DAY_NOT_OVER = Guard("day not over", _day_not_over)
BEFORE_DEADLINE = Guard("before the notice deadline", _before_deadline)
AFTER_DEADLINE = Guard("after the notice deadline", _after_deadline)
SECOND_LEVEL = Guard("second level needed", _when_second_level)
SINGLE_LEVEL = Guard("single level", _when_single_level)
LEDGER_ACCEPTS = Guard("ledger accepts", _ledger_accepts)
COVERAGE_HOLDS = Guard("coverage holds", _coverage_holds)
OTHER_APPROVER = Guard("another approver", _other_approver)
AUTO_POLICY = Guard("automatic approval on", _auto_policy)

_S = RequestState
_EMPLOYEE = {Role.EMPLOYEE}
_DECIDERS = {Role.MANAGER, Role.DELEGATE, Role.HR}
_SECOND = {Role.SECOND_APPROVER, Role.HR}

REQUEST_TRANSITIONS = TransitionTable(
    name="request",
    states=RequestState,
    initial=_S.DRAFT,
    transitions=(
        Transition(
            source=_S.DRAFT,
            action="submit",
            target=_S.SUBMITTED,
            roles=_EMPLOYEE,
            guards=(BEFORE_FIRST_DAY, NOTICE_GIVEN),
        ),
        Transition(
            source=_S.SUBMITTED,
            action="approve",
            target=_S.AWAITING_SECOND_APPROVAL,
            roles=_DECIDERS,
            when=SECOND_LEVEL,
            guards=(DAY_NOT_OVER, LEDGER_ACCEPTS, COVERAGE_HOLDS),
            excludes_subject=True,
            effect="first_approval",
        ),
        Transition(
            source=_S.SUBMITTED,
            action="approve",
            target=_S.APPROVED,
            roles=_DECIDERS,
            when=SINGLE_LEVEL,
            guards=(DAY_NOT_OVER, COVERAGE_HOLDS),
            excludes_subject=True,
            effect="book",
        ),
        Transition(
            source=_S.SUBMITTED,
            action="auto_approve",
            target=_S.APPROVED,
            roles={Role.SYSTEM},
            when=SINGLE_LEVEL,
            guards=(AUTO_POLICY, BEFORE_FIRST_DAY, LEDGER_ACCEPTS, COVERAGE_HOLDS),
            effect="book",
        ),
        Transition(
            source=_S.SUBMITTED,
            action="reject",
            target=_S.REJECTED,
            roles=_DECIDERS,
            reason_from=_DECIDERS,
            excludes_subject=True,
        ),
        Transition(
            source=_S.AWAITING_SECOND_APPROVAL,
            action="approve",
            target=_S.APPROVED,
            roles=_SECOND,
            guards=(OTHER_APPROVER, DAY_NOT_OVER, COVERAGE_HOLDS),
            excludes_subject=True,
            effect="book",
        ),
        Transition(
            source=_S.AWAITING_SECOND_APPROVAL,
            action="reject",
            target=_S.REJECTED,
            roles=_SECOND,
            reason_from=_SECOND,
            excludes_subject=True,
        ),
        Transition(source=_S.DRAFT, action="withdraw", target=_S.WITHDRAWN, roles=_EMPLOYEE),
        Transition(source=_S.SUBMITTED, action="withdraw", target=_S.WITHDRAWN, roles=_EMPLOYEE),
        Transition(
            source=_S.AWAITING_SECOND_APPROVAL,
            action="withdraw",
            target=_S.WITHDRAWN,
            roles=_EMPLOYEE,
        ),
        Transition(
            source=_S.DRAFT,
            action="expire",
            target=_S.EXPIRED,
            roles={Role.SYSTEM},
            guards=(DAY_REACHED,),
        ),
        Transition(
            source=_S.SUBMITTED,
            action="expire",
            target=_S.EXPIRED,
            roles={Role.SYSTEM},
            guards=(DAY_REACHED,),
        ),
        Transition(
            source=_S.AWAITING_SECOND_APPROVAL,
            action="expire",
            target=_S.EXPIRED,
            roles={Role.SYSTEM},
            guards=(DAY_REACHED,),
        ),
        Transition(
            source=_S.APPROVED,
            action="cancel",
            target=_S.CANCELLED,
            roles=_EMPLOYEE,
            guards=(BEFORE_DEADLINE,),
            effect="release",
        ),
        Transition(
            source=_S.APPROVED,
            action="request_cancellation",
            target=_S.CANCELLATION_REQUESTED,
            roles=_EMPLOYEE,
            guards=(AFTER_DEADLINE, DAY_NOT_OVER),
        ),
        Transition(
            source=_S.CANCELLATION_REQUESTED,
            action="accept_cancellation",
            target=_S.CANCELLED,
            roles=_DECIDERS,
            excludes_subject=True,
            effect="release",
        ),
        Transition(
            source=_S.CANCELLATION_REQUESTED,
            action="decline_cancellation",
            target=_S.APPROVED,
            roles=_DECIDERS,
            reason_from=_DECIDERS,
            excludes_subject=True,
        ),
        Transition(
            source=_S.APPROVED,
            action="revoke",
            target=_S.REVOKED,
            roles=_DECIDERS,
            guards=(DAY_NOT_OVER,),
            reason_from=_DECIDERS,
            excludes_subject=True,
            effect="release",
        ),
    ),
)
"""The telework request machine: every move a request can make, as data."""


# -- policy and workflow ---------------------------------------------------------------------


def _optional_threshold(
    instance: ApprovalPolicy, attribute: attrs.Attribute[Any], value: int | None
) -> None:
    if value is not None and value < 1:
        msg = f"second_level_from_weekly_day: a day number starts at 1, got {value}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_threshold")


@attrs.frozen(kw_only=True)
class ApprovalPolicy:
    """How requests are decided.

    Args:
        second_level: every request needs a second approval (the manager's manager or HR).
        second_level_from_weekly_day: a second approval is needed when the request brings
            the employee's telework in an ISO week to this day or beyond (3: from the third
            day of a week).
        auto_approve: a request within the ledger's rules and the team's coverage is approved
            at once, by the system, when submitted.

    >>> ApprovalPolicy.from_agreement(Agreement(name="x")).auto_approve
    False
    """

    second_level: bool = False
    second_level_from_weekly_day: int | None = attrs.field(
        default=None, validator=_optional_threshold
    )
    auto_approve: bool = False

    @classmethod
    def from_agreement(cls, agreement: Agreement) -> ApprovalPolicy:
        """The policy an agreement's ``approval`` part states (no approval required means
        automatic approval within the rules)."""
        part = agreement.approval
        return cls(
            second_level_from_weekly_day=part.second_level_from_weekly_day,
            auto_approve=part.auto_approve or not part.required,
        )


def _coverages(value: Iterable[CoverageCheck]) -> tuple[CoverageCheck, ...]:
    return tuple(value)


def _default_policy(workflow: RequestWorkflow) -> ApprovalPolicy:
    return ApprovalPolicy.from_agreement(workflow.agreement)


def _request_effects() -> Mapping[str, Effect]:
    return MappingProxyType(
        {"book": _effect_book, "release": _effect_release, "first_approval": _effect_first}
    )


def _suffix(half: HalfDay | None) -> str:
    return f":{half.value}" if half else ""


def _effect_first(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    req: TeleworkRequest = step.record
    return {"approved_by": (*req.approved_by, step.actor)}, {}


def _effect_book(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """Book every day of the request, all or nothing."""
    req: TeleworkRequest = step.record
    ledger = ledger_for(_wf(step).ledgers, req.employee)
    found = [
        v for d in req.days for v in ledger.check(d, half=req.half, at=step.at, ignore=_NOTICED)
    ]
    if found:
        raise OperationRefused.from_violations(found)
    prefix = f"{req.id}@{ledger.version}"
    booked: list[str] = []
    try:
        for day in req.days:
            booking = ledger.book(
                day,
                half=req.half,
                at=step.at,
                by=step.actor,
                entry_id=f"{prefix}:{day.isoformat()}{_suffix(req.half)}",
                note=f"request {req.id}",
                ignore=_NOTICED,
            )
            booked.append(booking.entry_id)
    except OperationRefused:
        # A later day broke a rule the single-day checks could not see (a weekly maximum
        # across the request's own days): release what this step booked, then refuse.
        for entry_id in reversed(booked):
            ledger.cancel(
                entry_id, at=step.at, by=step.actor, reason=f"request {req.id} was refused"
            )
        raise
    updates = {"bookings": tuple(booked), "approved_by": (*req.approved_by, step.actor)}
    return updates, {"booked": tuple(booked)}


def _effect_release(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    req: TeleworkRequest = step.record
    ledger = ledger_for(_wf(step).ledgers, req.employee)
    reason = step.reason.strip() or f"request {req.id}: {step.action}"
    released = release_bookings(ledger, req.bookings, at=step.at, by=step.actor, reason=reason)
    return {}, {"released": released}


_REQUEST_EFFECTS = _request_effects()


@attrs.frozen(kw_only=True)
class RequestWorkflow:
    """Decides telework requests: the agreement, the calendar, who manages whom, the ledger of
    each employee, the teams' coverage rules, and the approval policy.

    Every action takes the request, the actor's id and a timezone-aware ``at``, and returns the
    new request; it raises (and changes nothing) when the action is not allowed or refused.

    Args:
        agreement: the telework agreement (time zone, notice, approval part).
        calendar: the calendar used for notice deadlines.
        organisation: managers, delegates, HR.
        ledgers: one ledger per employee (a mapping by employee id, or an iterable of ledgers).
        coverage: the teams' coverage rules checked before any approval.
        policy: the approval policy (default: from the agreement).

    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import QuotaLedger
    >>> at = datetime(2024, 6, 3, 9, tzinfo=ZoneInfo("Europe/Paris"))
    >>> agreement = Agreement(name="open")
    >>> ledger = QuotaLedger(agreement=agreement, calendar=Calendar(),
    ...                      contract=Contract.from_amendments(employee="ana", hired="2020-01-01"))
    >>> wf = RequestWorkflow(agreement=agreement, ledgers=[ledger],
    ...                      organisation=Organisation(managers={"ana": "max"}))
    >>> request = TeleworkRequest(id="R1", employee="ana", days=date(2024, 6, 5))
    >>> request = wf.submit(request, by="ana", at=at)
    >>> wf.available_actions(request, by="max", at=at)
    ('approve', 'reject')
    >>> wf.approve(request, by="max", at=at).state
    <RequestState.APPROVED: 'approved'>
    >>> [b.day for b in ledger.active_bookings()]
    [datetime.date(2024, 6, 5)]
    """

    agreement: Agreement
    calendar: Calendar = attrs.field(factory=Calendar)
    organisation: Organisation = attrs.field(factory=Organisation)
    ledgers: Mapping[str, BookingLedger] = attrs.field(
        factory=dict, converter=_ledger_map, eq=False
    )
    coverage: tuple[CoverageCheck, ...] = attrs.field(default=(), converter=_coverages, eq=False)
    policy: ApprovalPolicy = attrs.field(default=attrs.Factory(_default_policy, takes_self=True))

    # -- questions ------------------------------------------------------------------------

    def needs_second_level(self, request: TeleworkRequest) -> bool:
        """Whether ``request`` needs a second approval under the policy."""
        if self.policy.second_level:
            return True
        threshold = self.policy.second_level_from_weekly_day
        if threshold is None:
            return False
        ledger = self.ledgers.get(request.employee)
        share = Fraction(1, 2) if request.half else Fraction(1)
        weeks: dict[date, Fraction] = {}
        for day in request.days:
            monday = week_range(day).start
            weeks[monday] = weeks.get(monday, Fraction(0)) + share
        for monday, asked in weeks.items():
            booked = Fraction(0)
            if ledger is not None:
                period = DateRange(monday, monday + timedelta(days=6))
                booked = sum((b.amount for b in ledger.active_bookings(period)), Fraction(0))
            if booked + asked > threshold - 1:
                return True
        return False

    def coverage_violations(self, request: TeleworkRequest, at: datetime) -> tuple[Violation, ...]:
        """The coverage rules ``request`` would break, each with the nearest dates that fit
        (from the day after ``at``, and accepted by the employee's ledger)."""
        if not self.coverage:
            return ()
        ledger = self.ledgers.get(request.employee)
        half = request.half

        def accept(day: date) -> bool:
            return ledger is None or not ledger.check(day, half=half, at=at)

        tomorrow = local_date(at, self.agreement) + timedelta(days=1)
        found: list[Violation] = []
        for team in self.coverage:
            found.extend(
                team.check_request(
                    request.employee,
                    request.days,
                    request.half,
                    self.ledgers,
                    not_before=tomorrow,
                    accept=accept,
                )
            )
        return tuple(found)

    def check(self, request: TeleworkRequest, at: datetime) -> tuple[Violation, ...]:
        """What would stop ``request`` from being approved at ``at``: the ledger's rules and
        the coverage, every violation (changes nothing). The notice counts for a draft only:
        a submitted request gave it when it was submitted."""
        at = _aware(at)
        ledger = ledger_for(self.ledgers, request.employee)
        ignore = () if request.state is RequestState.DRAFT else _NOTICED
        found = [
            v
            for d in request.days
            for v in ledger.check(d, half=request.half, at=at, ignore=ignore)
        ]
        found.extend(self.coverage_violations(request, at))
        return tuple(found)

    def roles(self, actor: str, request: TeleworkRequest) -> frozenset[Role]:
        """The roles ``actor`` holds towards ``request``."""
        return self.organisation.roles(actor, request.employee)

    def available_actions(
        self, request: TeleworkRequest, *, by: str, at: datetime
    ) -> tuple[str, ...]:
        """The actions ``by`` may take on ``request`` now (reasons aside): the buttons an HRIS
        shows. Ledger effects are not tried."""
        step_roles = self.roles(by, request)
        found = []
        for action in REQUEST_TRANSITIONS.actions_from(request.state):
            step = Step(record=request, action=action, actor=by, roles=step_roles, at=at, env=self)
            try:
                choose_transition(
                    REQUEST_TRANSITIONS,
                    request.state,
                    action,
                    step,
                    employee=request.employee,
                    check_reason=False,
                )
            except (NotAllowed, OperationRefused, InvalidValue):
                continue
            found.append(action)
        return tuple(found)

    # -- actions --------------------------------------------------------------------------

    def apply(
        self, request: TeleworkRequest, action: str, *, by: str, at: datetime, reason: str = ""
    ) -> TeleworkRequest:
        """Apply ``action`` by ``by`` at ``at``; return the new request.

        Raises:
            NotAllowed: not possible in this state, or not for this actor.
            InvalidValue: a reason is required, or ``at`` is naive.
            OperationRefused: a guard or the ledger refused; its ``violations`` say why.
        """
        return apply_transition(
            REQUEST_TRANSITIONS,
            request,
            action,
            actor=by,
            roles=self.roles(by, request),
            at=at,
            reason=reason,
            env=self,
            effects=_REQUEST_EFFECTS,
        )

    def submit(self, request: TeleworkRequest, *, by: str, at: datetime) -> TeleworkRequest:
        """Submit a draft; with automatic approval, approve it at once when it fits the
        ledger's rules and the coverage (else it waits for the manager)."""
        submitted = self.apply(request, "submit", by=by, at=at)
        if self.policy.auto_approve:
            try:
                return self.apply(submitted, "auto_approve", by=SYSTEM, at=at)
            except (OperationRefused, NotAllowed) as exc:
                log.info("request %s not approved automatically: %s", request.id, exc)
        return submitted

    def approve(self, request: TeleworkRequest, *, by: str, at: datetime) -> TeleworkRequest:
        """Approve (first or second level); the last approval books the day(s)."""
        return self.apply(request, "approve", by=by, at=at)

    def reject(
        self, request: TeleworkRequest, *, by: str, at: datetime, reason: str
    ) -> TeleworkRequest:
        """Reject with a reason (a motivated refusal, refus motivé)."""
        return self.apply(request, "reject", by=by, at=at, reason=reason)

    def withdraw(self, request: TeleworkRequest, *, by: str, at: datetime) -> TeleworkRequest:
        """The employee withdraws a request not yet decided."""
        return self.apply(request, "withdraw", by=by, at=at)

    def cancel(self, request: TeleworkRequest, *, by: str, at: datetime) -> TeleworkRequest:
        """The employee cancels an approved request before the notice deadline."""
        return self.apply(request, "cancel", by=by, at=at)

    def request_cancellation(
        self, request: TeleworkRequest, *, by: str, at: datetime, reason: str = ""
    ) -> TeleworkRequest:
        """After the notice deadline, the employee asks the manager to cancel."""
        return self.apply(request, "request_cancellation", by=by, at=at, reason=reason)

    def accept_cancellation(
        self, request: TeleworkRequest, *, by: str, at: datetime
    ) -> TeleworkRequest:
        """The manager accepts a late cancellation: the day(s) are released."""
        return self.apply(request, "accept_cancellation", by=by, at=at)

    def decline_cancellation(
        self, request: TeleworkRequest, *, by: str, at: datetime, reason: str
    ) -> TeleworkRequest:
        """The manager declines a late cancellation, with a reason: the request stays approved."""
        return self.apply(request, "decline_cancellation", by=by, at=at, reason=reason)

    def revoke(
        self, request: TeleworkRequest, *, by: str, at: datetime, reason: str
    ) -> TeleworkRequest:
        """The manager revokes an approved request, with a reason: the day(s) are released."""
        return self.apply(request, "revoke", by=by, at=at, reason=reason)

    def expire(self, request: TeleworkRequest, *, at: datetime) -> TeleworkRequest:
        """The system expires a request not decided before its first day."""
        return self.apply(request, "expire", by=SYSTEM, at=at)
