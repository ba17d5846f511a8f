"""The state-machine engine: transition tables as data, one function that applies a row,
audit events, replay, diagrams, and the generic workflow both machines build on.

A machine is a :class:`TransitionTable`: its states (an enum), its initial state, and its
rows, each a :class:`Transition` (state, action) → (next state, roles allowed, guards,
effect). :func:`apply_transition` applies the row that fits, written once for every table;
each applied row yields an :class:`AuditEvent`, and :func:`replay` rebuilds the state from
the events. :func:`render_mermaid` draws a table, so the docs show the code's own rows.

How an action is decided, in this order, and what the caller gets when it fails:

1. the state must have the action (:class:`~teleaccord.errors.NotAllowed`,
   code ``terminal_state`` or ``transition_not_allowed``);
2. the actor must hold one of the row's roles for this employee, and a decision is never taken
   on one's own request (``NotAllowed``, code ``role_not_allowed`` or ``own_request``);
3. a reason must be given when the row asks the acting role for one
   (:class:`~teleaccord.errors.InvalidValue`, code ``reason_required``);
4. the row's guards must hold (:class:`~teleaccord.errors.OperationRefused` carrying the
   :class:`~teleaccord.errors.Violation` values);
5. the row's effect runs (booking or releasing days in a ledger); if it refuses, it has
   changed nothing and ``OperationRefused`` carries its violations.

:class:`Workflow` is what a workflow needs around a table (the agreement, the calendar, who
manages whom, one ledger per employee, the teams' coverage): roles, ``apply``,
``available_actions`` and ``replay``. The request workflow (:mod:`teleaccord.approval`) and the
arrangement workflow (:mod:`teleaccord.arrangement`) are subclasses that add their table,
their effects and their own questions. The small helpers their records share (timestamps,
ids, half-days, ledgers) are public here too.

Records are immutable values: an action returns a *new* record, and a failed action raises,
so the record the caller holds is exactly as it was. Nothing here reads a clock: every action
takes ``at``, a timezone-aware timestamp.
"""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timezone
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar, Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

import attrs

from teleaccord.agreement import Agreement
from teleaccord.calendars import Calendar
from teleaccord.dates import DateRange
from teleaccord.entries import aware_datetime
from teleaccord.errors import InvalidValue, NotAllowed, OperationRefused, Violation, jsonable
from teleaccord.pattern import HalfDay
from teleaccord.slots import slot_setters
from teleaccord.validators import non_empty_text, sorted_pairs, value_for
from teleaccord.versions import AgreementHistory, agreement_in_force

__all__ = [
    "EMPLOYER_ROLES",
    "NOTICE_TOO_SHORT",
    "SYSTEM",
    "AuditEvent",
    "BookingLedger",
    "BookingLike",
    "CoverageCheck",
    "Effect",
    "Guard",
    "GuardCheck",
    "Organisation",
    "Role",
    "Step",
    "Tracked",
    "Transition",
    "TransitionTable",
    "Workflow",
    "apply_transition",
    "as_events",
    "aware",
    "check_id",
    "choose_transition",
    "coverage_checks",
    "day_start",
    "ledger_for",
    "ledger_map",
    "local_date",
    "optional_half",
    "refuse_if",
    "release_bookings",
    "render_mermaid",
    "replay",
    "state_value",
    "violation",
]

log = logging.getLogger(__name__)

SYSTEM = "system"
"""The actor id of the system itself (expiry, automatic approval, end of an adaptation period)."""


# -- roles and the organisation --------------------------------------------------------------


class Role(str, enum.Enum):
    """The role an actor holds towards one employee's request or arrangement.

    Roles are relative: the same person is ``employee`` on their own requests and ``manager``
    on their team's. ``second_approver`` is the manager's own manager.

    >>> from teleaccord import Role
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

EMPLOYER_ROLES = frozenset({Role.MANAGER, Role.DELEGATE, Role.HR})
"""The roles that decide for the employer: the manager, a delegate, HR."""


def _delegate_pairs(
    value: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]],
) -> tuple[tuple[str, frozenset[str]], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), frozenset(str(d) for d in v)) for k, v in items))


def _people(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


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

    >>> from teleaccord import Organisation
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
        default=(), converter=sorted_pairs, validator=_check_managers
    )
    delegates: tuple[tuple[str, frozenset[str]], ...] = attrs.field(
        default=(), converter=_delegate_pairs
    )
    hr: frozenset[str] = attrs.field(default=frozenset(), converter=_people)

    def manager_of(self, employee: str) -> str | None:
        """The employee's own manager, or ``None``."""
        return value_for(self.managers, employee, None)

    def delegates_of(self, manager: str | None) -> frozenset[str]:
        """The people ``manager`` delegated decisions to."""
        return value_for(self.delegates, manager, frozenset())

    def roles(self, actor: str, employee: str) -> frozenset[Role]:
        """The roles ``actor`` holds towards ``employee``'s requests (empty: a stranger).
        Remembered per organisation (a frozen value, held while remembered)."""
        if type(actor) is not str or type(employee) is not str:
            return self._roles(actor, employee)  # not a key to remember
        key = (id(self), actor, employee)
        found = _ROLES.get(key)
        if found is not None and found[0] is self:
            return found[1]
        roles = self._roles(actor, employee)
        if len(_ROLES) >= 1024:
            _ROLES.clear()
        _ROLES[key] = (self, roles)
        return roles

    def _roles(self, actor: str, employee: str) -> frozenset[Role]:
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


_ROLES: dict[tuple[int, str, str], tuple[Organisation, frozenset[Role]]] = {}

# -- the generic machinery: tables, steps, audit events ---------------------------------------


def aware(value: datetime, field: str = "at") -> datetime:
    """``value`` if it is a timezone-aware datetime, else a clear error: the ledger's check
    (:func:`teleaccord.entries.aware_datetime`), naming ``at`` by default.

    Raises:
        InvalidValue: not a datetime (``invalid_datetime``) or naive (``naive_datetime``).

    >>> from datetime import datetime, timezone
    >>> from teleaccord.statemachine import aware
    >>> aware(datetime(2024, 6, 3, 9, tzinfo=timezone.utc)).hour
    9
    >>> aware(datetime(2024, 6, 3, 9))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: at: the timestamp 2024-06-03T09:00:00 has no time zone; ...
    """
    return aware_datetime(value, field)


def _check_aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    aware(value, attribute.name)


def state_value(value: Any) -> str:
    """A state (an enum member or its text) as text.

    >>> from teleaccord import Role
    >>> from teleaccord.statemachine import state_value
    >>> state_value(Role.HR), state_value("draft")
    ('hr', 'draft')
    """
    if type(value) is str:  # the common case: already text
        return value
    found = _STATE_TEXTS.get(id(value))
    if found is not None and found[0] is value:  # this very member (held: its id is its own)
        return found[1]
    if isinstance(value, enum.Enum):
        text = str(value.value)
        if len(_STATE_TEXTS) < 1024:
            _STATE_TEXTS[id(value)] = (value, text)
        return text
    return str(value)


# The text of each enum member asked for, by the member's identity (an enum's ``value`` is a
# property, and its hash a Python call; the member is held by the entry, so no other object
# can take its id while it is remembered).
_STATE_TEXTS: dict[int, tuple[Any, str]] = {}


check_id = non_empty_text(code="missing_id", message="{field}: must not be empty.")
"""An attrs validator: a record's id (or employee id) must not be blank (``missing_id``)."""


def optional_half(value: Any) -> HalfDay | None:
    """An attrs converter: a half-day (``"am"``, ``"pm"``), or ``None`` for whole days.

    >>> from teleaccord.statemachine import optional_half
    >>> optional_half("pm"), optional_half(""), optional_half(None)
    (<HalfDay.AFTERNOON: 'pm'>, None, None)
    """
    return None if value is None or value == "" else HalfDay(value)


def as_events(value: Iterable[AuditEvent]) -> tuple[AuditEvent, ...]:
    """An attrs converter: a record's audit trail as a tuple.

    >>> from teleaccord.statemachine import as_events
    >>> as_events([])
    ()
    """
    return tuple(value)


def violation(code: str, message: str, day: date | None = None, **params: Any) -> Violation:
    """A :class:`~teleaccord.errors.Violation` as guards write them: code, message, the day
    concerned and the parameters as keywords.

    >>> from datetime import date
    >>> from teleaccord.statemachine import violation
    >>> violation("day_over", "The day is over.", date(2024, 6, 3), at="09:00").params
    (('at', '09:00'),)
    """
    return Violation(code=code, message=message, day=day, params=params)


def refuse_if(
    condition: bool, code: str, message: str, day: date | None = None, **params: Any
) -> tuple[Violation, ...]:
    """What a guard returns: one :func:`violation` when ``condition`` holds, else nothing.

    >>> from teleaccord.statemachine import refuse_if
    >>> refuse_if(False, "day_over", "The day is over.")
    ()
    >>> [v.code for v in refuse_if(True, "day_over", "The day is over.")]
    ['day_over']
    """
    if not condition:
        return ()
    if day is None and not params:
        # A fixed refusal (the routing guards': "a second approval is needed"): the same
        # immutable value each time, made once.
        found = _FIXED.get((code, message))
        if found is None:
            if len(_FIXED) >= 256:
                _FIXED.clear()
            found = _FIXED[(code, message)] = (violation(code, message),)
        return found
    return (violation(code, message, day, **params),)


_FIXED: dict[tuple[str, str], tuple[Violation]] = {}


def _roles(value: Iterable[Role | str]) -> frozenset[Role]:
    return frozenset(Role(r) for r in value)


def _data(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    if type(value) is dict and len(value) == 1:  # an effect's usual data: one pair, sorted
        ((key, item),) = value.items()
        return ((key if type(key) is str else str(key), item),)
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), v) for k, v in items))


# Not slotted: every transition makes one, filling its attribute dictionary in one step
# (:func:`apply_transition`), several times cheaper than setting seven slots one by one.
@attrs.frozen(kw_only=True, slots=False)
class Step:
    """What a guard or an effect sees: the record, the action, who acts in which roles, when,
    the reason given, and the environment (the workflow: ledgers, agreement, coverage).

    >>> from datetime import datetime, timezone
    >>> from teleaccord import Role, Step
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

    >>> from teleaccord import Guard, Step, Violation
    >>> def always(step: Step) -> tuple[Violation, ...]:
    ...     return ()
    >>> Guard("always", always).name
    'always'
    """

    name: str
    check: GuardCheck = attrs.field(repr=False)

    def __call__(self, step: Step) -> tuple[Violation, ...]:
        found = self.check(step)
        return found if type(found) is tuple else tuple(found)


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

    >>> from teleaccord import Transition
    >>> t = Transition(source="submitted", action="reject", target="rejected",
    ...                roles={"manager"}, reason_from={"manager"}, excludes_subject=True)
    >>> t.label()
    'reject (manager)'
    """

    source: str = attrs.field(converter=state_value)
    action: str
    target: str = attrs.field(converter=state_value)
    roles: frozenset[Role] = attrs.field(converter=_roles)
    when: Guard | None = None
    guards: tuple[Guard, ...] = attrs.field(default=(), converter=_guards)
    reason_from: frozenset[Role] = attrs.field(default=frozenset(), converter=_roles)
    excludes_subject: bool = False
    effect: str | None = None

    @classmethod
    def row(
        cls,
        source: Any,
        action: str,
        target: Any,
        roles: Iterable[Role | str],
        *guards: Guard,
        **options: Any,
    ) -> Transition:
        """A row written on one line, as a table reads: source, action, target, roles, then
        the guards; ``options`` are the other fields (``when``, ``reason_from``,
        ``excludes_subject``, ``effect``).

        >>> from teleaccord import Transition
        >>> Transition.row("draft", "submit", "submitted", {"employee"}) == Transition(
        ...     source="draft", action="submit", target="submitted", roles={"employee"})
        True
        """
        return cls(
            source=source, action=action, target=target, roles=roles, guards=guards, **options
        )

    @classmethod
    def each(cls, sources: Iterable[Any], **row: Any) -> tuple[Transition, ...]:
        """The same row from each of ``sources``, in that order (one row per source state).

        >>> from teleaccord import Transition
        >>> [t.source for t in Transition.each(("draft", "submitted"), action="withdraw",
        ...                                    target="withdrawn", roles={"employee"})]
        ['draft', 'submitted']
        """
        return tuple(cls(source=source, **row) for source in sources)

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
    known = {state_value(s) for s in instance.states}
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

    >>> import enum
    >>> from teleaccord import Transition, TransitionTable
    >>> class Door(str, enum.Enum):
    ...     OPEN = "open"
    ...     SHUT = "shut"
    ...     WALLED = "walled"
    >>> door = TransitionTable(name="door", states=Door, initial="open", transitions=[
    ...     Transition(source="open", action="close", target="shut", roles={"employee"}),
    ...     Transition(source="shut", action="open", target="open", roles={"employee"}),
    ...     Transition(source="shut", action="wall_up", target="walled", roles={"hr"})])
    >>> door.initial, sorted(door.terminal_states), door.actions_from("shut")
    ('open', ['walled'], ('open', 'wall_up'))
    """

    name: str
    states: type[enum.Enum]
    initial: str = attrs.field(converter=state_value)
    transitions: tuple[Transition, ...] = attrs.field(converter=_rows, validator=_check_table)

    @property
    def terminal_states(self) -> frozenset[str]:
        """The states no row leaves."""
        return _table_index(self)[0]

    def rows(self, state: str, action: str) -> tuple[Transition, ...]:
        """The rows for ``(state, action)``, in table order."""
        return _table_index(self)[1].get((state_value(state), action), ())

    def actions_from(self, state: str) -> tuple[str, ...]:
        """The actions the table has for ``state``, sorted."""
        key = state_value(state)
        return tuple(sorted({t.action for t in self.transitions if t.source == key}))

    def state(self, value: str) -> Any:
        """``value`` as a member of the table's state enum."""
        return self.states(state_value(value))


_TABLE_INDEX: dict[
    int, tuple[TransitionTable, frozenset[str], dict[tuple[str, str], tuple[Transition, ...]]]
] = {}


def _table_index(
    table: TransitionTable,
) -> tuple[frozenset[str], dict[tuple[str, str], tuple[Transition, ...]]]:
    """A table's terminal states and its rows by ``(state, action)``, in table order: worked
    out once per table (a frozen value; the cache holds the table, so its id stays its own)."""
    found = _TABLE_INDEX.get(id(table))
    if found is None or found[0] is not table:
        sources = {t.source for t in table.transitions}
        terminal = frozenset(state_value(s) for s in table.states) - sources
        rows: dict[tuple[str, str], tuple[Transition, ...]] = {}
        for t in table.transitions:
            rows[(t.source, t.action)] = (*rows.get((t.source, t.action), ()), t)
        if len(_TABLE_INDEX) >= 64:
            _TABLE_INDEX.clear()
        found = (table, terminal, rows)
        _TABLE_INDEX[id(table)] = found
    return found[1], found[2]


@attrs.frozen(kw_only=True)
class AuditEvent:
    """One applied transition: who did what, when, from which state to which, and why.

    ``data`` holds what the effect did, as data (the ledger entry ids booked or released, the
    date an arrangement ends). ``sequence`` numbers the events of one record from 1.

    >>> from datetime import datetime, timezone
    >>> from teleaccord import AuditEvent
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
    role: str = attrs.field(converter=state_value)
    at: datetime = attrs.field(validator=_check_aware)
    action: str
    source: str = attrs.field(converter=state_value)
    target: str = attrs.field(converter=state_value)
    reason: str = ""
    data: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_data)

    def get(self, name: str, default: Any = None) -> Any:
        """The value ``name`` of :attr:`data`, or ``default``."""
        return dict(self.data).get(name, default)

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON-compatible data, for an HRIS's audit trail."""
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
    return _choose(table, state, action, step, employee, check_reason)[0]


def _choose(
    table: TransitionTable,
    state: Any,
    action: str,
    step: Step,
    employee: str,
    check_reason: bool,
) -> tuple[Transition, bool, str, Any]:
    """:func:`choose_transition`, answering the row's plan: (the row, whether its acting
    role must give a reason, that role's value, the state the row enters)."""
    state = state_value(state)
    is_subject = step.actor == employee
    key = (id(table), state, action, step.roles, is_subject)
    plan = _PLANS.get(key)
    if plan is None or plan[0] is not table:
        plan = (
            table,
            tuple(
                (t, reason, _acting_role(step.roles, t).value, table.state(t.target))
                for t, reason in _allowed_rows(table, state, action, step, employee=employee)
            ),
        )
        if len(_PLANS) >= 1024:
            _PLANS.clear()
        _PLANS[key] = plan
    routed = []
    every_needs_reason = True  # ``all(planned[1] for planned in routed)``, as they are routed
    for planned in plan[1]:
        when = planned[0].when
        if when is not None:
            # ``_refuses(when, step)``, asked without the call through it.
            held = when.check(step) if type(when) is Guard else when(step)
            if type(held) is not tuple and type(held) is not list:
                held = tuple(held)
            if held:
                continue  # the row's condition does not hold: another row may apply
        routed.append(planned)
        if not planned[1]:
            every_needs_reason = False
    if not routed:
        msg = f"No '{action}' applies to this {table.name} in its present situation."
        raise NotAllowed(msg, code="transition_not_allowed", field="action")
    if check_reason and every_needs_reason and not step.reason.strip():
        msg = f"A reason is required to {action} a {table.name}; say why, for the employee."
        raise InvalidValue(msg, code="reason_required", field="reason")
    refusals: list[Violation] = []
    for planned in routed:
        found: list[Violation] | None = None  # made at the first guard that answers something
        for g in planned[0].guards:
            # A guard's own check (what ``g(step)`` runs), asked without the call through it.
            answer = g.check(step) if type(g) is Guard else g(step)
            if type(answer) is tuple and not answer:
                continue  # the common answer: nothing to add
            if found is None:
                found = []
            found.extend(answer)
        if not found:
            return planned
        refusals.extend(v for v in found if v not in refusals)
    raise OperationRefused.from_violations(refusals)


# The rows open to (table, state, action, roles, whether the actor is the employee concerned),
# each with whether its acting role must give a reason, the value of that role and the state
# the row enters: a function of the table (a frozen value, held while remembered) and of the
# key only.
_PLANS: dict[
    tuple[int, str, str, frozenset[Role], bool],
    tuple[TransitionTable, tuple[tuple[Transition, bool, str, Any], ...]],
] = {}


def _allowed_rows(
    table: TransitionTable, state: str, action: str, step: Step, *, employee: str
) -> tuple[tuple[Transition, bool], ...]:
    """The rows of ``(state, action)`` that ``step``'s actor may take, in table order, each
    with whether its acting role must give a reason; raises why none may be taken."""
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
    return tuple((t, _acting_role(step.roles, t) in t.reason_from) for t in allowed)


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
    evolve: Callable[[R, dict[str, Any]], R] | None = None,
) -> R:
    """Apply ``action`` to ``record`` with the row of ``table`` that applies; return the new
    record (state changed, one more :class:`AuditEvent`). Written once, used by every machine.

    The effect named by the row runs after every check has passed; it returns the record
    fields it changes and the data to record in the event, or raises ``OperationRefused``
    having changed nothing. On any error, the caller still holds the unchanged record.
    ``evolve(record, changes)`` makes the new record (default: ``attrs.evolve``, which
    checks every field again; a workflow may pass a cheaper one that checks the changed
    fields only, :meth:`Workflow.evolve_record`).

    Raises:
        NotAllowed, InvalidValue, OperationRefused: see :func:`choose_transition`.

    Any table works, with any record that has ``id``, ``employee``, ``state`` and ``events``:

    >>> import enum
    >>> from datetime import datetime, timezone
    >>> import attrs
    >>> from teleaccord import Role, Transition, TransitionTable, apply_transition
    >>> from teleaccord.statemachine import replay
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
    return _apply(table, record, action, actor, roles, at, reason, env, effects, evolve)


def _apply(
    table: TransitionTable,
    record: R,
    action: str,
    actor: str,
    roles: frozenset[Role],
    at: datetime,
    reason: str,
    env: Any,
    effects: Mapping[str, Effect] | None,
    evolve: Callable[[R, dict[str, Any]], R] | None,
) -> R:
    """:func:`apply_transition`, its arguments given in order (what :meth:`Workflow.apply`
    calls, without binding ten keywords)."""
    if type(at) is not datetime or at.tzinfo is not timezone.utc:  # UTC: checked at once
        at = aware(at)
    step = _step(record, action, actor, roles, at, reason, env)  # ``at`` checked just above
    row, _, role, target = _choose(table, record.state, action, step, record.employee, True)
    updates: Mapping[str, Any] = {}
    data: Mapping[str, Any] = {}
    if row.effect is not None:
        if effects is None or row.effect not in effects:
            msg = f"{table.name}: no effect named {row.effect!r} is wired for '{action}'."
            raise InvalidValue(msg, code="unknown_effect", field="effect")
        updates, data = effects[row.effect](step)
    # Every value below is already checked (``at`` above, the row's states by the table), so
    # the event is made without running its converters and validators again.
    event = _event(
        table.name,
        record.id,
        record.employee,
        len(record.events) + 1,
        actor,
        role,
        at,
        action,
        row.source,
        row.target,
        reason.strip(),
        _data(data) if data else (),
    )
    if log.isEnabledFor(logging.INFO):  # what log.info asks first, without its call
        log.info("%s %s: %s -> %s by %s", table.name, record.id, row.source, row.target, actor)
    changes = {
        "state": target,
        "events": (*record.events, event),
        **updates,
    }
    if evolve is not None:
        return evolve(record, changes)
    changed: Any = attrs.evolve(record, **changes)  # type: ignore[misc]
    return changed  # type: ignore[no-any-return]


_SET = object.__setattr__  # what attrs' own __init__ uses on frozen classes


def _step(
    record: Any,
    action: str,
    actor: str,
    roles: frozenset[Role],
    at: datetime,
    reason: str,
    env: Any,
) -> Step:
    """A :class:`Step` of values already checked (``at`` aware), its attribute dictionary
    filled in one step (the class's fields, checked once at import: :data:`_STEP_FIELDS`)."""
    step: Step = object.__new__(Step)
    if _FAST_STEP:
        step.__dict__.update(
            record=record, action=action, actor=actor, roles=roles, at=at, reason=reason, env=env
        )
        return step
    _SET(step, "record", record)  # pragma: no cover - the class changed its shape
    _SET(step, "action", action)  # pragma: no cover
    _SET(step, "actor", actor)  # pragma: no cover
    _SET(step, "roles", roles)  # pragma: no cover
    _SET(step, "at", at)  # pragma: no cover
    _SET(step, "reason", reason)  # pragma: no cover
    _SET(step, "env", env)  # pragma: no cover
    return step  # pragma: no cover


_STEP_FIELDS = frozenset({"record", "action", "actor", "roles", "at", "reason", "env"})
_FAST_STEP = (
    frozenset(attrs.fields_dict(Step)) == _STEP_FIELDS
    and "__slots__" not in vars(Step)
    and not hasattr(Step, "__attrs_post_init__")
)


def _event(
    machine: str,
    subject: str,
    employee: str,
    sequence: int,
    actor: str,
    role: str,
    at: datetime,
    action: str,
    source: str,
    target: str,
    reason: str,
    data: tuple[tuple[str, Any], ...],
) -> AuditEvent:
    """An :class:`AuditEvent` of values already checked and converted (states and role as
    text, ``at`` aware, ``data`` as sorted pairs)."""
    event = object.__new__(AuditEvent)
    setters = _EVENT_SET
    if setters is None:  # pragma: no cover - the class changed its shape
        for name, value in zip(
            _EVENT_FIELDS,
            (
                machine,
                subject,
                employee,
                sequence,
                actor,
                role,
                at,
                action,
                source,
                target,
                reason,
                data,
            ),
            strict=True,
        ):
            _SET(event, name, value)
        return event
    # Each slot through its own descriptor (found once: what ``object.__setattr__`` looks up).
    setters[0](event, machine)
    setters[1](event, subject)
    setters[2](event, employee)
    setters[3](event, sequence)
    setters[4](event, actor)
    setters[5](event, role)
    setters[6](event, at)
    setters[7](event, action)
    setters[8](event, source)
    setters[9](event, target)
    setters[10](event, reason)
    setters[11](event, data)
    return event


_EVENT_FIELDS = (
    "machine", "subject", "employee", "sequence", "actor", "role", "at", "action", "source",
    "target", "reason", "data",
)  # fmt: skip
_EVENT_SET = slot_setters(AuditEvent, _EVENT_FIELDS)


def replay(events: Iterable[AuditEvent], table: TransitionTable) -> Any:
    """Rebuild a record's state from its audit events.

    Each event must leave the state the previous one entered, by a row of the table.

    Args:
        events: the events of one record, in order.
        table: the machine.

    Returns:
        The state (a member of the table's state enum); the initial state for no events.

    Raises:
        InvalidValue: events of several records, of another machine, out of order, or a move
            the table does not have (``replay_mismatch``).

    >>> from teleaccord.approval import REQUEST_TRANSITIONS
    >>> from teleaccord.statemachine import replay
    >>> replay([], REQUEST_TRANSITIONS)
    <RequestState.DRAFT: 'draft'>
    """
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

    >>> import enum
    >>> from teleaccord import Transition, TransitionTable, render_mermaid
    >>> class Door(str, enum.Enum):
    ...     OPEN = "open"
    ...     SHUT = "shut"
    >>> door = TransitionTable(name="door", states=Door, initial="open", transitions=[
    ...     Transition(source="open", action="close", target="shut", roles={"employee"})])
    >>> print(render_mermaid(door), end="")
    stateDiagram-v2
        [*] --> open
        open --> shut : close (employee)
        shut --> [*]
    """
    lines = ["stateDiagram-v2", f"    [*] --> {table.initial}"]
    seen: set[str] = set()
    for row in table.transitions:
        line = f"    {row.source} --> {row.target} : {row.label()}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    order = [state_value(s) for s in table.states]
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
        note: str = "",
        ignore: Iterable[str] = (),
    ) -> BookingLike: ...

    def cancel(self, booking_id: str, *, at: datetime, by: str, reason: str = "") -> object: ...

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


NOTICE_TOO_SHORT = "notice_too_short"
"""The ledger's violation code for a booking made after the notice deadline."""


def ledger_map(
    value: Mapping[str, BookingLedger] | Iterable[BookingLedger],
) -> Mapping[str, BookingLedger]:
    """An attrs converter: ledgers by employee id, from a mapping or from the ledgers
    themselves (read-only).

    >>> from teleaccord import Agreement, Calendar, Contract, QuotaLedger
    >>> from teleaccord.statemachine import ledger_map
    >>> ana = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
    ...                   contract=Contract.from_amendments(employee="ana", hired="2020-01-01"))
    >>> list(ledger_map([ana])) == ["ana"], ledger_map({"ana": ana})["ana"] is ana
    (True, True)
    """
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return MappingProxyType({ledger.employee: ledger for ledger in value})


def ledger_for(ledgers: Mapping[str, BookingLedger], employee: str) -> BookingLedger:
    """The ledger of ``employee``, or a clear error.

    Raises:
        InvalidValue: no ledger for ``employee`` (``unknown_employee``).

    >>> from teleaccord.statemachine import ledger_for
    >>> ledger_for({}, "ana")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: No ledger is given for employee 'ana'; pass one ledger per employee.
    """
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

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Agreement, Calendar, Contract, QuotaLedger, year_range
    >>> from teleaccord.statemachine import release_bookings
    >>> at = datetime(2024, 6, 3, 9, tzinfo=timezone.utc)
    >>> ana = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
    ...                   contract=Contract.from_amendments(employee="ana", hired="2020-01-01"))
    >>> _ = ana.grant(year_range(2024), at=at, by="hr")
    >>> booked = ana.book(date(2024, 6, 5), at=at, by="ana", entry_id="B1")
    >>> release_bookings(ana, ["B1", "B2"], at=at, by="max", reason="Audit.")
    ('B1',)
    >>> release_bookings(ana, ["B1"], at=at, by="max", reason="Audit.")
    ()
    """
    active = {b.entry_id for b in ledger.active_bookings()}
    released = []
    for entry_id in entry_ids:
        if entry_id in active:
            ledger.cancel(entry_id, at=at, by=by, reason=reason)
            released.append(entry_id)
    return tuple(released)


def coverage_checks(value: Iterable[CoverageCheck]) -> tuple[CoverageCheck, ...]:
    """An attrs converter: the teams' coverage rules as a tuple.

    >>> from teleaccord.statemachine import coverage_checks
    >>> coverage_checks([])
    ()
    """
    return tuple(value)


# -- dates in the agreement's time zone ------------------------------------------------------


def local_date(at: datetime, agreement: Agreement) -> date:
    """The date of ``at`` in the agreement's time zone.

    >>> from datetime import datetime, timezone
    >>> from teleaccord import Agreement
    >>> from teleaccord.statemachine import local_date
    >>> local_date(datetime(2024, 6, 3, 23, tzinfo=timezone.utc), Agreement(name="x"))
    datetime.date(2024, 6, 4)
    """
    return aware(at).astimezone(ZoneInfo(agreement.timezone)).date()


def day_start(day: date, agreement: Agreement) -> datetime:
    """Midnight at the start of ``day`` in the agreement's time zone.

    >>> from datetime import date
    >>> from teleaccord import Agreement
    >>> from teleaccord.statemachine import day_start
    >>> day_start(date(2024, 6, 4), Agreement(name="x")).isoformat()
    '2024-06-04T00:00:00+02:00'
    """
    return _day_start_in(day, agreement.timezone)


@functools.lru_cache(maxsize=4096)
def _day_start_in(day: date, zone: str) -> datetime:
    """Midnight at the start of ``day`` in ``zone`` (an immutable value per day and zone)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))


def day_start_utc(day: date, agreement: Agreement) -> datetime:
    """:func:`day_start` in UTC: the same moment, which a timestamp in UTC is compared with
    without the time zone's offset computed at each comparison (comparing datetimes of two
    time zones converts both to UTC, as this does once: ``<``, ``<=``, ``>`` and ``>=``
    answer alike; a ``ZoneInfo`` offset costs about 1 µs a comparison).

    >>> from datetime import date
    >>> from teleaccord import Agreement
    >>> from teleaccord.statemachine import day_start, day_start_utc
    >>> paris, winter = Agreement(name="x"), date(2024, 12, 4)
    >>> day_start_utc(winter, paris) == day_start(winter, paris), str(day_start_utc(winter, paris))
    (True, '2024-12-03 23:00:00+00:00')
    """
    return _day_start_utc_in(day, agreement.timezone)


@functools.lru_cache(maxsize=4096)
def _day_start_utc_in(day: date, zone: str) -> datetime:
    """:func:`_day_start_in` in UTC."""
    return _day_start_in(day, zone).astimezone(timezone.utc)


# -- the generic workflow --------------------------------------------------------------------

W = TypeVar("W", bound="Workflow[Any]")


@attrs.frozen(kw_only=True)
class Workflow(Generic[R]):
    """What every workflow holds and does around its transition table: the agreement, the
    calendar, who manages whom, one ledger per employee and the teams' coverage rules; the
    roles of an actor, the actions possible now, applying an action, and replaying a record.

    A workflow is a subclass that names its :attr:`table` and its :attr:`effects` (the
    functions a row's ``effect`` names), and adds its own questions and its action methods
    (``approve``, ``reject``...), each a call of :meth:`apply`. Guards and effects reach the
    workflow through :meth:`of`.

    Args:
        agreement: the telework agreement (time zone, notice, approval, adaptation).
        calendar: holidays and closures.
        organisation: managers, delegates, HR.
        ledgers: one ledger per employee (a mapping by employee id, or an iterable of ledgers).
        coverage: the teams' coverage rules.

    >>> import enum
    >>> from datetime import datetime, timezone
    >>> import attrs
    >>> from teleaccord import Agreement, AuditEvent, Organisation, Transition, TransitionTable
    >>> from teleaccord.statemachine import Workflow
    >>> class Door(str, enum.Enum):
    ...     OPEN = "open"
    ...     SHUT = "shut"
    >>> @attrs.frozen
    ... class DoorRecord:
    ...     id: str
    ...     employee: str
    ...     state: Door = Door.OPEN
    ...     events: tuple[AuditEvent, ...] = ()
    >>> @attrs.frozen(kw_only=True)
    ... class DoorWorkflow(Workflow[DoorRecord]):
    ...     table = TransitionTable(name="door", states=Door, initial="open", transitions=[
    ...         Transition(source="open", action="close", target="shut", roles={"manager"},
    ...                    excludes_subject=True)])
    >>> wf = DoorWorkflow(agreement=Agreement(name="x"),
    ...                   organisation=Organisation(managers={"ana": "max"}))
    >>> at = datetime(2024, 6, 3, 9, tzinfo=timezone.utc)
    >>> door = DoorRecord("d1", "ana")
    >>> wf.available_actions(door, by="ana", at=at), wf.available_actions(door, by="max", at=at)
    ((), ('close',))
    >>> shut = wf.apply(door, "close", by="max", at=at)
    >>> shut.state, wf.replay(shut)
    (<Door.SHUT: 'shut'>, <Door.SHUT: 'shut'>)
    """

    table: ClassVar[TransitionTable]
    """The machine this workflow applies."""
    effects: ClassVar[Mapping[str, Effect]] = MappingProxyType({})
    """The effects the table's rows name, by name."""

    agreement: Agreement | AgreementHistory
    calendar: Calendar = attrs.field(factory=Calendar)
    organisation: Organisation = attrs.field(factory=Organisation)
    ledgers: Mapping[str, BookingLedger] = attrs.field(factory=dict, converter=ledger_map, eq=False)
    coverage: tuple[CoverageCheck, ...] = attrs.field(
        default=(), converter=coverage_checks, eq=False
    )

    @classmethod
    def of(cls: type[W], step: Step) -> W:
        """The workflow a guard or an effect runs in (``step.env``), checked to be a ``cls``.

        Raises:
            InvalidValue: the step's environment is not such a workflow (``missing_workflow``).
        """
        env = step.env
        if not isinstance(env, cls):
            msg = f"The {cls.table.name} machine needs a {cls.__name__} as its environment."
            raise InvalidValue(msg, code="missing_workflow", field="env")
        return env

    def agreement_on(self, day: date) -> Agreement:
        """The agreement governing ``day``: :attr:`agreement`, or the version of an
        :class:`~teleaccord.versions.AgreementHistory` in force that day (see
        :func:`~teleaccord.versions.agreement_in_force`)."""
        return agreement_in_force(self.agreement, day)

    def today(self, at: datetime) -> date:
        """The date of ``at`` in the agreement's time zone (of a history: the time zone of the
        version in force on ``at``'s UTC date)."""
        return local_date(at, self.agreement_on(aware(at).astimezone(timezone.utc).date()))

    def roles(self, actor: str, record: R) -> frozenset[Role]:
        """The roles ``actor`` holds towards ``record`` (through its employee)."""
        return self.organisation.roles(actor, record.employee)

    def available_actions(self, record: R, *, by: str, at: datetime) -> tuple[str, ...]:
        """The actions ``by`` may take on ``record`` now (reasons aside): the buttons an HRIS
        shows. Effects (ledger bookings) are not tried."""
        roles = self.roles(by, record)
        found = []
        for action in self.table.actions_from(record.state):
            step = Step(record=record, action=action, actor=by, roles=roles, at=at, env=self)
            try:
                choose_transition(
                    self.table,
                    record.state,
                    action,
                    step,
                    employee=record.employee,
                    check_reason=False,
                )
            except (NotAllowed, OperationRefused, InvalidValue):
                continue
            found.append(action)
        return tuple(found)

    def apply(self, record: R, action: str, *, by: str, at: datetime, reason: str = "") -> R:
        """Apply ``action`` by ``by`` at ``at``; return the new record (one more event).

        Raises:
            NotAllowed: not possible in this state, or not for this actor.
            InvalidValue: a reason is required, or ``at`` is naive.
            OperationRefused: a guard or an effect (the ledger) refused; its ``violations``
                say why. Nothing has changed.
        """
        return _apply(  # apply_transition, its arguments in order
            self.table,
            record,
            action,
            by,
            self.roles(by, record),
            at,
            reason,
            self,
            self.effects,
            self.evolve_record,
        )

    def evolve_record(self, record: R, changes: dict[str, Any]) -> R:
        """The record after a transition: ``record`` with ``changes`` (its new state, its
        events, what the effect changed). ``attrs.evolve`` by default, which checks every
        field again; a workflow whose records are its own may check the changed ones only."""
        changed: Any = attrs.evolve(record, **changes)  # type: ignore[misc]
        return changed  # type: ignore[no-any-return]

    def approve(self, record: R, *, by: str, at: datetime) -> R:
        """The decider approves: a request's last approval books its day(s), an arrangement's
        approval sets its adaptation period (the effect the table's row names)."""
        return self.apply(record, "approve", by=by, at=at)

    def reject(self, record: R, *, by: str, at: datetime, reason: str) -> R:
        """The decider rejects, with a reason (a motivated refusal, refus motivé)."""
        return self.apply(record, "reject", by=by, at=at, reason=reason)

    def replay(self, record: R) -> Any:
        """The state ``record``'s audit events lead to (see :func:`replay`)."""
        return replay(record.events, self.table)
