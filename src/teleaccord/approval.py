"""Telework requests: a state machine declared as a table, with roles and audit events.

Telework is agreed, not taken. A :class:`TeleworkRequest` (one day, one half-day, or several
days) moves through the states of :class:`RequestState`; the moves allowed are the rows of one
table, :data:`REQUEST_TRANSITIONS`, each a :class:`Transition`: (state, action) → (next state,
roles allowed, guards, ledger effect). The engine (:mod:`teleaccord.statemachine`) applies
the rows: :class:`RequestWorkflow` is a :class:`~teleaccord.statemachine.Workflow` with this
table and its effects, as the individual arrangement (:mod:`teleaccord.arrangement`) is.

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

The engine's names (:class:`Transition`, :class:`TransitionTable`, :class:`AuditEvent`,
:class:`Role`, :class:`Organisation`, :func:`apply_transition`, :func:`render_mermaid`...)
moved to :mod:`teleaccord.statemachine`; they are still importable from here.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from teleaccord import statemachine
from teleaccord.absence import Absence
from teleaccord.agreement import Agreement
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, parse_date, week_range
from teleaccord.entries import MAXIMUM_CODES, AuthorisedException
from teleaccord.errors import InvalidValue, NotAllowed, OperationRefused, Violation
from teleaccord.ledger import QuotaLedger
from teleaccord.pattern import HalfDay
from teleaccord.slots import slot_setters
from teleaccord.statemachine import (
    EMPLOYER_ROLES,
    NOTICE_TOO_SHORT,
    SYSTEM,
    AuditEvent,
    Effect,
    Guard,
    Role,
    Step,
    Transition,
    TransitionTable,
    Workflow,
    as_events,
    aware,
    check_id,
    day_start,
    day_start_utc,
    ledger_for,
    optional_half,
    refuse_if,
    release_bookings,
    state_value,
)

# Released from this module before the engine had its own: re-exported, unchanged.
from teleaccord.statemachine import BookingLedger as BookingLedger
from teleaccord.statemachine import Organisation as Organisation
from teleaccord.statemachine import apply_transition as apply_transition
from teleaccord.statemachine import choose_transition as choose_transition
from teleaccord.statemachine import render_mermaid as render_mermaid
from teleaccord.validators import optional, whole_number

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

_ONE_DAY = timedelta(days=1)


# -- notice ----------------------------------------------------------------------------------


def cancellation_deadline(agreement: Agreement, calendar: Calendar, day: date) -> datetime:
    """The last moment an approved telework ``day`` may still be cancelled by the employee
    alone: the agreement's notice deadline for that day (:meth:`~teleaccord.Notice.deadline`),
    or, without notice, the moment before the day begins.

    >>> from datetime import date, time
    >>> from teleaccord import Agreement, Calendar, Notice, cancellation_deadline
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


_NOTICED = (NOTICE_TOO_SHORT,)


# -- telework requests -----------------------------------------------------------------------


class RequestState(str, enum.Enum):
    """The states of a telework request (see :data:`REQUEST_TRANSITIONS` for the moves).

    >>> from teleaccord import REQUEST_TRANSITIONS, RequestState
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
    AWAITING_EXCEPTION = "awaiting_exception"


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


def _request_state(value: Any) -> RequestState:
    return RequestState(state_value(value))


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if type(value) is tuple:
        for v in value:
            if type(v) is not str:
                break
        else:
            return value  # already a tuple of texts: what the conversion gives back
    return tuple(str(v) for v in value)


@attrs.frozen(kw_only=True)
class TeleworkRequest:
    """A request to telework on one day, one half-day, or several days.

    Build a draft, then move it with a :class:`RequestWorkflow`; every move returns a new
    request. ``bookings`` are the ledger entry ids the approval booked (empty until then),
    ``approved_by`` who approved so far, ``events`` the audit trail.

    >>> from datetime import date
    >>> from teleaccord import TeleworkRequest
    >>> r = TeleworkRequest(id="R1", employee="ana", days=date(2024, 6, 4), half="pm")
    >>> r.state, r.days, r.half
    (<RequestState.DRAFT: 'draft'>, (datetime.date(2024, 6, 4),), <HalfDay.AFTERNOON: 'pm'>)
    >>> r.amount
    Fraction(1, 2)
    """

    id: str = attrs.field(converter=str, validator=check_id)
    employee: str = attrs.field(converter=str, validator=check_id)
    days: tuple[date, ...] = attrs.field(converter=_days, validator=_check_days)
    half: HalfDay | None = attrs.field(default=None, converter=optional_half)
    note: str = ""
    state: RequestState = attrs.field(default=RequestState.DRAFT, converter=_request_state)
    bookings: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    approved_by: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    events: tuple[AuditEvent, ...] = attrs.field(default=(), converter=as_events)

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

        >>> from datetime import date
        >>> from teleaccord import Calendar, Contract, DateRange, TeleworkRequest
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


def _day_start_for(step: Step, day: date, governed: date) -> datetime:
    """Midnight at the start of ``day`` in the time zone of the agreement governing
    ``governed``, to compare with ``step.at``: in UTC when ``step.at`` is (the same moment,
    compared without the zone's offset computed again; see :func:`day_start_utc`)."""
    env = step.env
    agreement = env.agreement if type(env) is RequestWorkflow else None
    if type(agreement) is not Agreement:
        # A history (the version in force on ``governed``), or a workflow of another class.
        agreement = RequestWorkflow.of(step).agreement_on(governed)
    if step.at.tzinfo is timezone.utc:
        return day_start_utc(day, agreement)
    return day_start(day, agreement)


def _before_first_day(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    if step.at < _day_start_for(step, req.first_day, req.first_day):
        return ()
    return refuse_if(
        True,
        "day_passed",
        f"Request {req.id} starts on {req.first_day}, which has begun; ask for a later day.",
        req.first_day,
        at=step.at.isoformat(),
    )


def _day_reached(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    if step.at >= _day_start_for(step, req.first_day, req.first_day):
        return ()  # the message below is written only for a refusal
    return refuse_if(
        True,
        "not_yet_due",
        f"Request {req.id} can expire only once {req.first_day} has begun.",
        req.first_day,
    )


def _day_not_over(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    last = req.days[-1]
    if step.at < _day_start_for(step, last + _ONE_DAY, last):
        return ()  # the message below is written only for a refusal
    return refuse_if(
        True,
        "day_over",
        f"Request {req.id} ended on {req.last_day}; a past telework day stays as it was.",
        req.last_day,
    )


def _before_deadline(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    wf = RequestWorkflow.of(step)
    deadline = cancellation_deadline(wf.agreement_on(req.first_day), wf.calendar, req.first_day)
    return refuse_if(
        step.at > deadline,
        "notice_deadline_passed",
        f"The notice deadline for {req.first_day} was {deadline.isoformat()}; ask your "
        "manager to accept a cancellation instead.",
        req.first_day,
        deadline=deadline.isoformat(),
    )


def _after_deadline(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    wf = RequestWorkflow.of(step)
    deadline = cancellation_deadline(wf.agreement_on(req.first_day), wf.calendar, req.first_day)
    return refuse_if(
        step.at <= deadline,
        "notice_deadline_not_passed",
        f"The notice deadline for {req.first_day} ({deadline.isoformat()}) has not "
        "passed: cancel the request directly.",
        req.first_day,
        deadline=deadline.isoformat(),
    )


def _second_level_needed(step: Step) -> bool:
    # Both routing conditions of an approval ask it of the same step: answered once a step
    # (and a version of the employee's ledger, whose bookings a weekly threshold reads).
    workflow = step.env
    if type(workflow) is RequestWorkflow:
        policy = workflow.policy
        if type(policy) is ApprovalPolicy:  # what ``needs_second_level`` reads first
            if policy.second_level:
                return True
            if policy.second_level_from_weekly_day is None:
                return False  # no threshold: the ledger's bookings are not read
    workflow = RequestWorkflow.of(step)
    ledger = workflow.ledgers.get(step.record.employee)
    version = None if ledger is None else ledger.version
    last = _LAST_ROUTING[0]
    if last[0] is step and last[1] is ledger and last[2] == version:
        return bool(last[3])
    needed = workflow.needs_second_level(step.record)
    _LAST_ROUTING[0] = (step, ledger, version, needed)
    return needed


# The step whose routing was last decided, its ledger and the ledger's version, and the
# answer (held here until the next step: their identities cannot be reused meanwhile). One
# tuple, replaced whole: a thread reads a consistent entry.
_LAST_ROUTING: list[tuple[Any, ...]] = [(None, None, None, False)]


def _when_second_level(step: Step) -> tuple[Violation, ...]:
    if _second_level_needed(step):
        return ()
    return _NO_SECOND_LEVEL


def _when_single_level(step: Step) -> tuple[Violation, ...]:
    if _second_level_needed(step):
        return _SECOND_LEVEL_REQUIRED
    return ()


# The routing conditions' refusals, fixed: made once (what ``refuse_if`` answers for them).
_NO_SECOND_LEVEL = refuse_if(True, "second_level_not_needed", "No second approval is needed.")
_SECOND_LEVEL_REQUIRED = refuse_if(True, "second_level_required", "A second approval is needed.")
_WITHIN_LIMITS = refuse_if(
    True,
    "within_limits",
    "The request breaks no maximum the agreement lets a further approver allow.",
)


def _request_ledger(step: Step) -> BookingLedger:
    """The ledger of the request's employee: read straight from a :class:`RequestWorkflow`
    (the common case), else through :meth:`RequestWorkflow.of` and :func:`ledger_for`
    (another workflow class, or no ledger: their error)."""
    env = step.env
    employee = step.record.employee
    ledger = env.ledgers.get(employee) if type(env) is RequestWorkflow else None
    if ledger is None:
        ledger = ledger_for(RequestWorkflow.of(step).ledgers, employee)
    return ledger


def _ledger_accepts(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    ledger = _request_ledger(step)
    return tuple(
        v for d in req.days for v in ledger.check(d, half=req.half, at=step.at, ignore=_NOTICED)
    )


def _all_violations(step: Step) -> tuple[Violation, ...]:
    """Every violation the ledger finds for the request's days at the step's moment (the
    notice included), asked once a step: the guards of a submission read it in turn, and
    nothing changes the ledger between them."""
    req: TeleworkRequest = step.record
    ledger = _request_ledger(step)
    version = ledger.version
    last = _LAST_CHECKED[0]
    if last[0] is step and last[1] is ledger and last[2] == version:
        return last[3]  # type: ignore[no-any-return]
    if len(req.days) == 1:
        found = ledger.check(req.days[0], half=req.half, at=step.at)
    else:
        found = tuple(v for d in req.days for v in ledger.check(d, half=req.half, at=step.at))
    _LAST_CHECKED[0] = (step, ledger, version, found)
    return found


# The step last checked against its ledger, the ledger and its version, and the violations
# (held here until the next step: their identities cannot be reused meanwhile). One tuple,
# replaced whole: a thread reads a consistent entry.
_LAST_CHECKED: list[tuple[Any, ...]] = [(None, None, None, ())]


def _notice_given(step: Step) -> tuple[Violation, ...]:
    found = _all_violations(step)
    if not found:
        return ()
    return tuple(v for v in found if v.code == NOTICE_TOO_SHORT)


def _eligible(step: Step) -> tuple[Violation, ...]:
    """A request for an employee who is not eligible is refused when submitted, with the
    reasons (the ledger's ``not_eligible`` violations)."""
    found = _all_violations(step)
    if not found:
        return ()
    return tuple(v for v in found if v.code == "not_eligible")


def _coverage_holds(step: Step) -> tuple[Violation, ...]:
    env = step.env
    if type(env) is RequestWorkflow and not env.coverage:
        return ()  # no team rule: what ``coverage_violations`` answers first
    return RequestWorkflow.of(step).coverage_violations(step.record, step.at)


def _other_approver(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    if step.actor not in req.approved_by:
        return ()  # the message below is written only for a refusal
    return refuse_if(
        True,
        "same_approver",
        f"{step.actor} already approved request {req.id}; the second approval must "
        "come from another person.",
        req.first_day,
        actor=step.actor,
    )


def _maxima_only(step: Step) -> tuple[Violation, ...]:
    """The ledger's violations of a request, when they are maxima only and the agreement
    routes such requests to a further approver; else nothing."""
    workflow = RequestWorkflow.of(step)
    req: TeleworkRequest = step.record
    if not workflow.agreement_on(req.first_day).approval.beyond_limit:
        return ()
    found = _ledger_accepts(step)
    if found and all(v.code in MAXIMUM_CODES for v in found):
        return found
    return ()


def _beyond_limit(step: Step) -> tuple[Violation, ...]:
    env = step.env
    if type(env) is RequestWorkflow:
        agreement = env.agreement
        if type(agreement) is Agreement and not agreement.approval.beyond_limit:
            return _WITHIN_LIMITS  # no further approver: what ``_maxima_only`` answers first
    if _maxima_only(step):
        return ()
    return _WITHIN_LIMITS


def _auto_policy(step: Step) -> tuple[Violation, ...]:
    return refuse_if(
        not RequestWorkflow.of(step).policy_for(step.record).auto_approve,
        "auto_approval_off",
        "The agreement does not approve requests automatically.",
    )


def _absent_days(request: TeleworkRequest, ledger: BookingLedger) -> dict[date, tuple[str, ...]]:
    """See :meth:`RequestWorkflow.absent_days`."""
    absences = getattr(ledger, "absences", ())
    found: dict[date, tuple[str, ...]] = {}
    for day in request.days:
        ids = sorted(
            a.absence_id
            for a in absences
            if a.employee == request.employee and a.overlaps(day, request.half)
        )
        if ids:
            found[day] = tuple(ids)
    return found


def _absent_days_of(step: Step) -> dict[date, tuple[str, ...]]:
    return RequestWorkflow.of(step).absent_days(step.record)


def _some_day_absent(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    return refuse_if(
        not _absent_days_of(step),
        "no_absent_day",
        f"No absence recorded in the ledger of {req.employee} covers a day of request {req.id}.",
        req.first_day,
    )


def _every_day_absent(step: Step) -> tuple[Violation, ...]:
    req: TeleworkRequest = step.record
    covered = _absent_days_of(step)
    return refuse_if(
        len(covered) < len(req.days),
        "days_left",
        f"Request {req.id} keeps days no absence covers.",
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
ELIGIBLE = Guard("employee eligible", _eligible)
OTHER_APPROVER = Guard("another approver", _other_approver)
AUTO_POLICY = Guard("automatic approval on", _auto_policy)
BEYOND_LIMIT = Guard("beyond a maximum", _beyond_limit)
SOME_DAY_ABSENT = Guard("a day absent", _some_day_absent)
EVERY_DAY_ABSENT = Guard("every day absent", _every_day_absent)

_S = RequestState
_EMPLOYEE = {Role.EMPLOYEE}
_DECIDERS = EMPLOYER_ROLES
_SECOND = {Role.SECOND_APPROVER, Role.HR}
_SYSTEM = {Role.SYSTEM}
_UNDECIDED = (_S.DRAFT, _S.SUBMITTED, _S.AWAITING_SECOND_APPROVAL, _S.AWAITING_EXCEPTION)
_HOLDING = (_S.APPROVED, _S.CANCELLATION_REQUESTED)  # the states whose request holds bookings
_HOLDING_STATES = frozenset(s.value for s in _HOLDING)
_row = Transition.row

# One row a line, as the state diagram reads: source, action, target, the roles that may take
# it, its guards; then the other fields by name. A decision is never taken on one's own request
# (excludes_subject); a refusal names its reason (reason_from).
# fmt: off
REQUEST_TRANSITIONS = TransitionTable(
    name="request",
    states=RequestState,
    initial=_S.DRAFT,
    transitions=(
        _row(_S.DRAFT, "submit", _S.SUBMITTED, _EMPLOYEE, BEFORE_FIRST_DAY, NOTICE_GIVEN, ELIGIBLE),
        _row(_S.SUBMITTED, "approve", _S.AWAITING_EXCEPTION, _DECIDERS, DAY_NOT_OVER, COVERAGE_HOLDS, when=BEYOND_LIMIT, excludes_subject=True, effect="escalate"),
        _row(_S.SUBMITTED, "approve", _S.AWAITING_SECOND_APPROVAL, _DECIDERS, DAY_NOT_OVER, LEDGER_ACCEPTS, COVERAGE_HOLDS, when=SECOND_LEVEL, excludes_subject=True, effect="first_approval"),
        _row(_S.SUBMITTED, "approve", _S.APPROVED, _DECIDERS, DAY_NOT_OVER, COVERAGE_HOLDS, when=SINGLE_LEVEL, excludes_subject=True, effect="book"),
        _row(_S.SUBMITTED, "auto_approve", _S.APPROVED, _SYSTEM, AUTO_POLICY, BEFORE_FIRST_DAY, LEDGER_ACCEPTS, COVERAGE_HOLDS, when=SINGLE_LEVEL, effect="book"),
        _row(_S.SUBMITTED, "reject", _S.REJECTED, _DECIDERS, reason_from=_DECIDERS, excludes_subject=True),
        _row(_S.AWAITING_SECOND_APPROVAL, "approve", _S.APPROVED, _SECOND, OTHER_APPROVER, DAY_NOT_OVER, COVERAGE_HOLDS, excludes_subject=True, effect="book"),
        _row(_S.AWAITING_SECOND_APPROVAL, "reject", _S.REJECTED, _SECOND, reason_from=_SECOND, excludes_subject=True),
        _row(_S.AWAITING_EXCEPTION, "allow_exception", _S.APPROVED, _SECOND, OTHER_APPROVER, DAY_NOT_OVER, COVERAGE_HOLDS, reason_from=_SECOND, excludes_subject=True, effect="book_exception"),
        _row(_S.AWAITING_EXCEPTION, "reject", _S.REJECTED, _SECOND, reason_from=_SECOND, excludes_subject=True),
        *Transition.each(_UNDECIDED, action="withdraw", target=_S.WITHDRAWN, roles=_EMPLOYEE),
        *Transition.each(_UNDECIDED, action="expire", target=_S.EXPIRED, roles=_SYSTEM, guards=(DAY_REACHED,)),
        _row(_S.APPROVED, "cancel", _S.CANCELLED, _EMPLOYEE, BEFORE_DEADLINE, effect="release"),
        _row(_S.APPROVED, "request_cancellation", _S.CANCELLATION_REQUESTED, _EMPLOYEE, AFTER_DEADLINE, DAY_NOT_OVER),
        _row(_S.CANCELLATION_REQUESTED, "accept_cancellation", _S.CANCELLED, _DECIDERS, excludes_subject=True, effect="release"),
        _row(_S.CANCELLATION_REQUESTED, "decline_cancellation", _S.APPROVED, _DECIDERS, reason_from=_DECIDERS, excludes_subject=True),
        _row(_S.APPROVED, "revoke", _S.REVOKED, _DECIDERS, DAY_NOT_OVER, reason_from=_DECIDERS, excludes_subject=True, effect="release"),
        *Transition.each(_HOLDING, action="absence", target=_S.CANCELLED, roles=_SYSTEM, guards=(SOME_DAY_ABSENT,), when=EVERY_DAY_ABSENT, effect="absence"),
        _row(_S.APPROVED, "absence", _S.APPROVED, _SYSTEM, SOME_DAY_ABSENT, effect="absence"),
        _row(_S.CANCELLATION_REQUESTED, "absence", _S.CANCELLATION_REQUESTED, _SYSTEM, SOME_DAY_ABSENT, effect="absence"),
    ),
)
# fmt: on
"""The telework request machine: every move a request can make, as data."""


def replay(events: Iterable[AuditEvent], table: TransitionTable | None = None) -> Any:
    """Rebuild a record's state from its audit events (:func:`teleaccord.statemachine.replay`),
    by default with the request machine.

    Args:
        events: the events of one record, in order.
        table: the machine (default: :data:`REQUEST_TRANSITIONS`).

    Returns:
        The state (a member of the table's state enum); the initial state for no events.

    Raises:
        InvalidValue: events of several records, of another machine, out of order, or a move
            the table does not have (``replay_mismatch``).

    >>> from teleaccord import replay
    >>> replay([])
    <RequestState.DRAFT: 'draft'>
    """
    return statemachine.replay(events, table or REQUEST_TRANSITIONS)


# -- policy and workflow ---------------------------------------------------------------------


_DAY_NUMBER = optional(
    whole_number(
        1, code="invalid_threshold", message="{field}: a day number starts at 1, got {value}."
    )
)


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

    >>> from teleaccord import Agreement, ApprovalPolicy
    >>> ApprovalPolicy.from_agreement(Agreement(name="x")).auto_approve
    False
    """

    second_level: bool = False
    second_level_from_weekly_day: int | None = attrs.field(default=None, validator=_DAY_NUMBER)
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


def _default_policy(workflow: RequestWorkflow) -> ApprovalPolicy | None:
    """The agreement's policy; ``None`` for a history: each request's, from the version in
    force on its first day (:meth:`RequestWorkflow.policy_for`)."""
    if isinstance(workflow.agreement, Agreement):
        return ApprovalPolicy.from_agreement(workflow.agreement)
    return None


def _request_effects() -> Mapping[str, Effect]:
    return MappingProxyType(
        {
            "book": _effect_book,
            "release": _effect_release,
            "first_approval": _effect_first,
            "escalate": _effect_escalate,
            "book_exception": _effect_book_exception,
            "absence": _effect_absence,
        }
    )


def _suffix(half: HalfDay | None) -> str:
    return f":{half.value}" if half else ""


def _effect_first(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    req: TeleworkRequest = step.record
    return {"approved_by": (*req.approved_by, step.actor)}, {}


def _effect_escalate(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The first decider approves a request beyond a maximum: it waits for the further
    approver; the event records the maxima broken, with their numbers."""
    req: TeleworkRequest = step.record
    found = _maxima_only(step)
    data = {
        "beyond_limit": tuple(sorted({v.code for v in found})),
        "violations": tuple((v.code, v.day, dict(v.params)) for v in found),
    }
    return {"approved_by": (*req.approved_by, step.actor)}, data


def _effect_book_exception(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The further approver allows a request beyond a maximum: every day is booked as an
    authorised exception (who allowed it and why), all or nothing."""
    found = _ledger_accepts(step)
    codes = frozenset(v.code for v in found)
    if not codes or not codes <= MAXIMUM_CODES:
        if found and not codes <= MAXIMUM_CODES:
            raise OperationRefused.from_violations(
                [v for v in found if v.code not in MAXIMUM_CODES]
            )
        return _effect_book(step)  # back within the limits: an ordinary booking
    exception = AuthorisedException(approver=step.actor, reason=step.reason, codes=codes)
    updates, data = _effect_book(step, exception)
    return updates, {
        **data,
        "exception": {"approver": step.actor, "reason": step.reason, "codes": tuple(sorted(codes))},
    }


def _text(value: object) -> bool:
    """Whether ``value`` is a non-blank text (what a booking's ``by`` must be)."""
    return type(value) is str and bool(value.strip())


def _effect_book(
    step: Step, exception: AuthorisedException | None = None
) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """Book every day of the request, all or nothing."""
    req: TeleworkRequest = step.record
    ledger = _request_ledger(step)
    # Every day is checked before any is booked (all or nothing, every day's violations in
    # one refusal). One day on a QuotaLedger: its ``book`` checks that day with the same
    # rules, ignoring the same codes, and refuses with the same violations before changing
    # anything, so the check is its own (given an actor the booking accepts: a blank one is
    # refused when the booking is built, after the check below).
    if len(req.days) > 1 or type(ledger) is not QuotaLedger or not _text(step.actor):
        found = [
            v
            for d in req.days
            for v in ledger.check(d, half=req.half, at=step.at, ignore=_NOTICED)
            if exception is None or v.code not in exception.codes
        ]
        if found:
            raise OperationRefused.from_violations(found)
    prefix = f"{req.id}@{ledger.version}"
    half, at, actor = req.half, step.at, step.actor
    suffix = _suffix(half)
    note = f"request {req.id}"
    booked: list[str] = []
    try:
        for day in req.days:
            entry_id = f"{prefix}:{day.isoformat()}{suffix}"
            if exception is None:
                booking = ledger.book(
                    day, half=half, at=at, by=actor, entry_id=entry_id, note=note, ignore=_NOTICED
                )
            else:  # an exception is a QuotaLedger's (the BookingLedger protocol predates it)
                booking = ledger.book(  # type: ignore[call-arg]
                    day,
                    half=half,
                    at=at,
                    by=actor,
                    entry_id=entry_id,
                    note=note,
                    ignore=_NOTICED,
                    exception=exception,
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
    ledger = _request_ledger(step)
    reason = step.reason.strip() or f"request {req.id}: {step.action}"
    released = release_bookings(ledger, req.bookings, at=step.at, by=step.actor, reason=reason)
    return {}, {"released": released}


def _effect_absence(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """Absences recorded in the ledger cover days of an approved request: the request lets
    those days go. Their bookings were cancelled by the ledger when it recorded the absence
    (reason ``absence``); any still active (a ledger of your own) is cancelled here. A request
    with days left keeps them (and their bookings); one with none left is cancelled (the
    table's row). The event records the absences, the days and the bookings let go."""
    req: TeleworkRequest = step.record
    ledger = _request_ledger(step)
    covered = _absent_days(req, ledger)
    if len(req.bookings) == len(req.days):  # booked one per day, in order (_effect_book)
        by_day = dict(zip(req.days, req.bookings, strict=True))
    else:
        by_day = {b.day: b.entry_id for b in ledger.active_bookings() if b.entry_id in req.bookings}
    gone = tuple(by_day[d] for d in covered if d in by_day)
    absences = sorted({i for ids in covered.values() for i in ids})
    released = release_bookings(
        ledger, gone, at=step.at, by=step.actor, reason=f"absence {', '.join(absences)}"
    )
    data = {
        "absences": tuple(absences),
        "days": tuple(d.isoformat() for d in covered),
        "bookings": gone,
        "released": released,
    }
    if len(covered) == len(req.days):
        return {}, data
    kept = tuple(d for d in req.days if d not in covered)
    return {"days": kept, "bookings": tuple(b for b in req.bookings if b not in gone)}, data


_REQUEST_EFFECTS = _request_effects()

_EVOLVED = frozenset({"state", "events", "bookings", "approved_by"})
_SET = object.__setattr__  # what attrs' own __init__ uses on frozen classes
_REQUEST_FIELDS = (
    "id", "employee", "days", "half", "note", "state", "bookings", "approved_by", "events",
)  # fmt: skip
_REQUEST_SET = slot_setters(TeleworkRequest, _REQUEST_FIELDS)


def _evolved(request: TeleworkRequest, changes: Mapping[str, Any]) -> TeleworkRequest:
    """``attrs.evolve(request, **changes)`` for changes of the fields in :data:`_EVOLVED`:
    those are converted by their own converters (none of them has a validator); the others
    are copied as they are, valid since ``request`` exists."""
    new = object.__new__(TeleworkRequest)
    state = changes.get("state")
    if state is None:
        state = request.state
    elif type(state) is not RequestState:  # a member is what the converter gives back
        state = _request_state(state)
    events = changes.get("events")
    if events is None:
        events = request.events
    elif type(events) is not tuple:  # a tuple is what the converter gives back
        events = as_events(events)
    bookings = changes.get("bookings")
    bookings = request.bookings if bookings is None else _str_tuple(bookings)
    approved = changes.get("approved_by")
    approved = request.approved_by if approved is None else _str_tuple(approved)
    setters = _REQUEST_SET
    if setters is None:  # pragma: no cover - the class changed its shape
        values = (request.id, request.employee, request.days, request.half, request.note)
        for name, value in zip(
            _REQUEST_FIELDS, (*values, state, bookings, approved, events), strict=True
        ):
            _SET(new, name, value)
        return new
    # Each slot through its own descriptor (found once: what ``object.__setattr__`` looks up).
    setters[0](new, request.id)
    setters[1](new, request.employee)
    setters[2](new, request.days)
    setters[3](new, request.half)
    setters[4](new, request.note)
    setters[5](new, state)
    setters[6](new, bookings)
    setters[7](new, approved)
    setters[8](new, events)
    return new


@attrs.frozen(kw_only=True)
class RequestWorkflow(Workflow[TeleworkRequest]):
    """Decides telework requests: the agreement, the calendar, who manages whom, the ledger of
    each employee, the teams' coverage rules, and the approval policy.

    Every action takes the request, the actor's id and a timezone-aware ``at``, and returns the
    new request; it raises (and changes nothing) when the action is not allowed or refused.

    Args:
        agreement: the telework agreement (time zone, notice, approval part), or an
            :class:`~teleaccord.versions.AgreementHistory`: each request is then judged by the
            version in force on its days (its first day for the notice and the policy).
        calendar: the calendar used for notice deadlines.
        organisation: managers, delegates, HR.
        ledgers: one ledger per employee (a mapping by employee id, or an iterable of ledgers).
        coverage: the teams' coverage rules checked before any approval.
        policy: the approval policy (default: from the agreement; ``None`` for a history,
            each request's from its version, see :meth:`policy_for`).

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import (
    ...     Agreement,
    ...     Calendar,
    ...     Contract,
    ...     Organisation,
    ...     QuotaLedger,
    ...     RequestWorkflow,
    ...     TeleworkRequest,
    ... )
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

    table: ClassVar[TransitionTable] = REQUEST_TRANSITIONS
    effects: ClassVar[Mapping[str, Effect]] = _REQUEST_EFFECTS

    policy: ApprovalPolicy | None = attrs.field(
        default=attrs.Factory(_default_policy, takes_self=True)
    )

    def evolve_record(self, record: TeleworkRequest, changes: dict[str, Any]) -> TeleworkRequest:
        """The request after a transition: its fields as they were (already checked), with
        ``changes`` converted as the class converts them (what ``attrs.evolve`` gives, without
        checking the unchanged fields again)."""
        if type(record) is not TeleworkRequest or not changes.keys() <= _EVOLVED:
            return super().evolve_record(record, changes)
        return _evolved(record, changes)

    # -- questions ------------------------------------------------------------------------

    def policy_for(self, request: TeleworkRequest) -> ApprovalPolicy:
        """The approval policy ``request`` is decided under: :attr:`policy`, else (an agreement
        history) the one of the version in force on the request's first day."""
        if self.policy is not None:
            return self.policy
        return ApprovalPolicy.from_agreement(self.agreement_on(request.first_day))

    def needs_second_level(self, request: TeleworkRequest) -> bool:
        """Whether ``request`` needs a second approval under the policy."""
        policy = self.policy_for(request)
        if policy.second_level:
            return True
        threshold = policy.second_level_from_weekly_day
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

        tomorrow = self.today(at) + timedelta(days=1)
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
        at = aware(at)
        ledger = ledger_for(self.ledgers, request.employee)
        ignore = () if request.state is RequestState.DRAFT else _NOTICED
        found = [
            v
            for d in request.days
            for v in ledger.check(d, half=request.half, at=at, ignore=ignore)
        ]
        found.extend(self.coverage_violations(request, at))
        return tuple(found)

    # -- actions: each applies a row of the table (see Workflow.apply) ---------------------

    def submit(self, request: TeleworkRequest, *, by: str, at: datetime) -> TeleworkRequest:
        """Submit a draft; with automatic approval, approve it at once when it fits the
        ledger's rules and the coverage (else it waits for the manager)."""
        submitted = self.apply(request, "submit", by=by, at=at)
        if self.policy_for(request).auto_approve:
            try:
                return self.apply(submitted, "auto_approve", by=SYSTEM, at=at)
            except (OperationRefused, NotAllowed) as exc:
                log.info("request %s not approved automatically: %s", request.id, exc)
        return submitted

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

    def allow_exception(
        self, request: TeleworkRequest, *, by: str, at: datetime, reason: str
    ) -> TeleworkRequest:
        """The further approver (HR, the second approver) allows a request beyond a maximum,
        with a reason: its days are booked as an authorised exception
        (:class:`~teleaccord.entries.AuthorisedException`), and the audit event records who
        allowed it, why, and the maxima overridden."""
        return self.apply(request, "allow_exception", by=by, at=at, reason=reason)

    def expire(self, request: TeleworkRequest, *, at: datetime) -> TeleworkRequest:
        """The system expires a request not decided before its first day."""
        return self.apply(request, "expire", by=SYSTEM, at=at)

    # -- absences: an absent person cannot telework ----------------------------------------

    def absent_days(self, request: TeleworkRequest) -> dict[date, tuple[str, ...]]:
        """The days of ``request`` that absences recorded in the employee's ledger cover (the
        request's half-day, or any part of a whole day: the ledger's own rule for the bookings
        an absence cancels), each with the ids of the absences covering it, sorted. A ledger
        that keeps no absences (a :class:`~teleaccord.statemachine.BookingLedger` of your own
        without an ``absences`` property) covers no day."""
        return _absent_days(request, ledger_for(self.ledgers, request.employee))

    def react_to_absences(self, request: TeleworkRequest, *, at: datetime) -> TeleworkRequest:
        """Let an approved request go of the days absences recorded in the ledger cover: the
        system applies the table's ``absence`` action (reason ``absence``). A request left with
        no day is ``cancelled``; one with days left stays as it was (``approved``, or
        ``cancellation_requested``) with those days and their bookings only. The audit event
        names the absences, the days and the bookings let go (``absences``, ``days``,
        ``bookings``, and ``released``: those this step cancelled, the ledger having cancelled
        the others when it recorded the absence). Any other request (undecided: its approval
        is refused on absent days by the ledger; final; or with no absent day) is returned as
        it is, so the reaction may run again at any time."""
        at = aware(at)
        if request.state.value not in _HOLDING_STATES or not self.absent_days(request):
            return request
        return self.apply(request, "absence", by=SYSTEM, at=at, reason="absence")

    def record_absence(
        self,
        absence: Absence,
        requests: Iterable[TeleworkRequest] = (),
        *,
        by: str,
        at: datetime,
        expected_version: int | None = None,
    ) -> tuple[TeleworkRequest, ...]:
        """Record ``absence`` in its employee's ledger
        (:meth:`QuotaLedger.record_absence <teleaccord.ledger.QuotaLedger.record_absence>`:
        the overlapping bookings are cancelled, reason ``absence``), then let ``requests``
        react (:meth:`react_to_absences`); return them in the same order, those of other
        employees unchanged.

        All or nothing: everything that can refuse is checked before the ledger changes (the
        requests, the employee's ledger, then the ledger's own checks, which change nothing
        when they refuse); once the absence is recorded, the reaction cannot be refused.

        Raises:
            InvalidValue: a request is not a :class:`TeleworkRequest`, no ledger for the
                employee (``unknown_employee``) or one that does not record absences, or what
                the ledger refuses (``wrong_employee``, ``entry_id_reused``, a naive ``at``).
            StaleVersion: ``expected_version`` is not the ledger's version.

        >>> from datetime import date, datetime
        >>> from zoneinfo import ZoneInfo
        >>> from teleaccord import (Absence, Agreement, Calendar, Contract, DateRange,
        ...     Organisation, QuotaLedger, RequestWorkflow, TeleworkRequest)
        >>> at = datetime(2024, 6, 3, 9, tzinfo=ZoneInfo("Europe/Paris"))
        >>> ledger = QuotaLedger(agreement=Agreement(name="x"), calendar=Calendar(),
        ...     contract=Contract.from_amendments(employee="ana", hired="2020-01-01"))
        >>> wf = RequestWorkflow(agreement=Agreement(name="x"), ledgers=[ledger],
        ...                      organisation=Organisation(managers={"ana": "max"}))
        >>> two = TeleworkRequest(id="R1", employee="ana", days=[date(2024, 6, 5), date(2024, 6, 6)])
        >>> two = wf.approve(wf.submit(two, by="ana", at=at), by="max", at=at)
        >>> sick = Absence(absence_id="S1", employee="ana", kind="sickness",
        ...                days=DateRange.single(date(2024, 6, 6)))
        >>> (two,) = wf.record_absence(sick, [two], by="hr", at=at)
        >>> two.state.value, two.days, two.events[-1].get("absences")
        ('approved', (datetime.date(2024, 6, 5),), ('S1',))
        >>> [b.day.day for b in ledger.active_bookings()]
        [5]
        """
        at = aware(at)
        requests = tuple(requests)
        for request in requests:
            if not isinstance(request, TeleworkRequest):
                msg = f"requests: expected telework requests, got {request!r}."
                raise InvalidValue(msg, field="requests", code="invalid_value")
        ledger = ledger_for(self.ledgers, absence.employee)
        record = getattr(ledger, "record_absence", None)
        if record is None:
            msg = f"The ledger of {absence.employee} does not record absences."
            raise InvalidValue(msg, field="ledgers", code="invalid_value")
        record(absence, at=at, by=by, expected_version=expected_version)
        return tuple(
            self.react_to_absences(r, at=at) if r.employee == absence.employee else r
            for r in requests
        )
