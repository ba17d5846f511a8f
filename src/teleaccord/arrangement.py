"""Individual regular-telework arrangements: requested, decided, tried, lived, and ended.

Regular telework is agreed person by person (double volunteering). An :class:`Arrangement`
says which days: fixed weekdays ("every Monday and Thursday"), or an envelope of days per week
or month ("2 days a week", optionally among some weekdays) — a :class:`Rhythm`. Its lifecycle
is a table, :data:`ARRANGEMENT_TRANSITIONS`, applied by the same function as telework requests
(:func:`~teleaccord.approval.apply_transition`):

- the employee asks (``requested``); the manager approves, or rejects with a reason (refus
  motivé);
- from its first day, an arrangement is tried for the agreement's adaptation period
  (``adaptation``, ``Agreement.adaptation_period_days``), during which either side may end it
  with short notice (``adaptation_notice_days``); then it is ``active``;
- the manager may suspend it (exceptional circumstances, a temporary return on site) and
  resume it;
- either side may end it with the agreement's reversibility notice
  (``reversibility_notice_days``): it is ``ending`` until the notice has run, then ``ended``.

An arrangement in force generates its planned bookings for a period (:meth:`Arrangement.
planned_bookings`, skipping holidays and days off), each still checked by the employee's
ledger; :meth:`ArrangementWorkflow.book_planned` books them. Suspending or ending an
arrangement releases its bookings from the day it stops.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from teleaccord.agreement import Window
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, parse_date
from teleaccord.entitlements import eligibility
from teleaccord.errors import InvalidValue, NotAllowed, OperationRefused, Violation
from teleaccord.pattern import WEEKDAY_NAMES, HalfDay, weekday_number
from teleaccord.prerequisites import Attestation, missing_prerequisites
from teleaccord.statemachine import (
    EMPLOYER_ROLES,
    NOTICE_TOO_SHORT,
    SYSTEM,
    AuditEvent,
    BookingLedger,
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
    ledger_for,
    optional_half,
    refuse_if,
    release_bookings,
    state_value,
    violation,
)

__all__ = [
    "ARRANGEMENT_TRANSITIONS",
    "Arrangement",
    "ArrangementState",
    "ArrangementWorkflow",
    "PlanResult",
    "PlannedBooking",
    "Rhythm",
]

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)


class ArrangementState(str, enum.Enum):
    """The states of an individual regular-telework arrangement (see
    :data:`ARRANGEMENT_TRANSITIONS` for the moves).

    >>> from teleaccord import ArrangementState
    >>> ArrangementState("adaptation")
    <ArrangementState.ADAPTATION: 'adaptation'>
    """

    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ADAPTATION = "adaptation"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDING = "ending"
    ENDED = "ended"


_IN_FORCE = frozenset(
    {
        ArrangementState.APPROVED,
        ArrangementState.ADAPTATION,
        ArrangementState.ACTIVE,
        ArrangementState.ENDING,
    }
)


# -- rhythm ----------------------------------------------------------------------------------


def _weekdays(value: Iterable[Any] | str) -> frozenset[int]:
    if isinstance(value, str):
        value = value.split()
    return frozenset(weekday_number(v, "weekdays") for v in value)


def _window(value: Any) -> Window:
    window = Window(value)
    if window not in (Window.WEEK, Window.MONTH):
        msg = f"window: an envelope of days is per week or per month, got {window.value!r}."
        raise InvalidValue(msg, field="window", code="invalid_window")
    return window


def _check_envelope(instance: Rhythm, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is None:
        if not instance.weekdays:
            msg = "rhythm: give fixed weekdays, or an envelope of days per week or month."
            raise InvalidValue(msg, field="weekdays", code="empty_rhythm")
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"days: an envelope is a whole number of days, 1 or more, got {value!r}."
        raise InvalidValue(msg, field="days", code="invalid_envelope")
    if instance.weekdays and value > len(instance.weekdays) * (
        5 if instance.window is Window.MONTH else 1
    ):
        msg = (
            f"days: {value} days a {instance.window.value} cannot fit on "
            f"{len(instance.weekdays)} weekday(s)."
        )
        raise InvalidValue(msg, field="days", code="invalid_envelope")


@attrs.frozen(kw_only=True)
class Rhythm:
    """Which days an arrangement covers: fixed weekdays, or an envelope of days per week or
    month (optionally among some weekdays), whole days or one half-day.

    >>> from teleaccord import Rhythm
    >>> Rhythm(weekdays="Mo Th").describe()
    'every Mo Th'
    >>> Rhythm(days=2, window="week", weekdays=["Mo", "Tu", "Th"]).describe()
    '2 days a week, among Mo Tu Th'
    >>> Rhythm(weekdays=["We"], half="pm").amount_per_week
    Fraction(1, 2)
    """

    weekdays: frozenset[int] = attrs.field(default=frozenset(), converter=_weekdays)
    window: Window = attrs.field(default=Window.WEEK, converter=_window)
    days: int | None = attrs.field(default=None, validator=_check_envelope)
    half: HalfDay | None = attrs.field(default=None, converter=optional_half)

    @property
    def fixed(self) -> bool:
        """Whether the rhythm is fixed weekdays (not an envelope)."""
        return self.days is None

    @property
    def amount_per_week(self) -> Fraction | None:
        """Telework days per week for fixed weekdays or a weekly envelope (else ``None``)."""
        share = Fraction(1, 2) if self.half else Fraction(1)
        if self.fixed:
            return len(self.weekdays) * share
        if self.window is Window.WEEK and self.days is not None:
            return self.days * share
        return None

    def describe(self) -> str:
        """The rhythm in words."""
        names = " ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        half = {None: "", HalfDay.MORNING: " (mornings)", HalfDay.AFTERNOON: " (afternoons)"}
        if self.fixed:
            return f"every {names}{half[self.half]}"
        among = f", among {names}" if names else ""
        return f"{self.days} days a {self.window.value}{among}{half[self.half]}"


# -- the arrangement -------------------------------------------------------------------------


def _arrangement_state(value: Any) -> ArrangementState:
    return ArrangementState(state_value(value))


def _optional_date(value: Any) -> date | None:
    return None if value is None else parse_date(value, field="date")


def _starts(value: Any) -> date:
    return parse_date(value, field="starts")


@attrs.frozen(kw_only=True)
class PlannedBooking:
    """A day an arrangement plans, with what the employee's ledger says of it (no violation:
    it can be booked).

    >>> from datetime import date
    >>> from teleaccord import PlannedBooking
    >>> PlannedBooking(day=date(2024, 9, 2)).ok
    True
    """

    day: date
    half: HalfDay | None = None
    violations: tuple[Violation, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the ledger accepts the day (checked on its own)."""
        return not self.violations


@attrs.frozen(kw_only=True)
class Arrangement:
    """An individual regular-telework arrangement.

    Build it as ``requested`` and move it with an :class:`ArrangementWorkflow`; every move
    returns a new arrangement. ``adaptation_until`` (last day of the adaptation period) is set
    when approved; ``ends_on`` (the first day back on site) when either side ends it.

    >>> from datetime import date
    >>> from teleaccord import Arrangement, Rhythm
    >>> a = Arrangement(id="A1", employee="ana", rhythm=Rhythm(weekdays="Mo Th"),
    ...                 starts=date(2024, 9, 2))
    >>> a.state, a.rhythm.describe()
    (<ArrangementState.REQUESTED: 'requested'>, 'every Mo Th')
    """

    id: str = attrs.field(converter=str, validator=check_id)
    employee: str = attrs.field(converter=str, validator=check_id)
    rhythm: Rhythm
    starts: date = attrs.field(converter=_starts)
    note: str = ""
    state: ArrangementState = attrs.field(
        default=ArrangementState.REQUESTED, converter=_arrangement_state
    )
    adaptation_until: date | None = attrs.field(default=None, converter=_optional_date)
    ends_on: date | None = attrs.field(default=None, converter=_optional_date)
    events: tuple[AuditEvent, ...] = attrs.field(default=(), converter=as_events)

    @property
    def is_terminal(self) -> bool:
        """Whether the arrangement is in a final state."""
        return self.state.value in ARRANGEMENT_TRANSITIONS.terminal_states

    @property
    def booking_prefix(self) -> str:
        """The start of the ledger entry ids of the bookings this arrangement makes."""
        return f"{self.id}/"

    def in_force_on(self, day: date) -> bool:
        """Whether the arrangement plans telework on ``day`` (its state and dates allow it)."""
        if self.state not in _IN_FORCE or day < self.starts:
            return False
        return self.ends_on is None or day < self.ends_on

    def planned_bookings(
        self,
        period: DateRange,
        calendar: Calendar,
        *,
        contract: Contract | None = None,
        ledger: BookingLedger | None = None,
        at: datetime | None = None,
    ) -> tuple[PlannedBooking, ...]:
        """The days the arrangement plans in ``period``, holidays and days off skipped.

        Fixed weekdays give every such weekday the employee works; an envelope gives, in each
        week or month, the first days (among its weekdays, if any) that the ledger accepts,
        counting the telework already booked in that window. With a ``ledger``, each day
        carries the violations ``ledger.check`` finds on its own. The notice for requests does
        not apply: the days were agreed when the arrangement was.

        Args:
            period: the days to plan.
            calendar: holidays and closures.
            contract: the employee's contract (which days they work; default Monday to
                Friday).
            ledger: the employee's ledger, to check each day.
            at: when the days would be booked.

        >>> from datetime import date
        >>> from teleaccord import Arrangement, Calendar, DateRange, Rhythm
        >>> a = Arrangement(id="A1", employee="ana", rhythm=Rhythm(weekdays="Mo Th"),
        ...                 starts=date(2024, 4, 1), state="active")
        >>> [str(p.day) for p in a.planned_bookings(DateRange(date(2024, 4, 29), date(2024, 5, 12)),
        ...                                         Calendar())]  # 9 May is Ascension Day
        ['2024-04-29', '2024-05-02', '2024-05-06']
        """
        span = self._span(period)
        if span is None:
            return ()
        if at is not None:
            aware(at)
        half = self.rhythm.half

        def works(day: date) -> bool:
            if contract is not None:
                segment = contract.segment_at(day)
                if segment is None:
                    return False
                mask = calendar.worked_mask(day, segment.pattern)
            else:
                mask = calendar.worked_mask(day)
            return bool(mask and (half is None or mask & half.mask))

        def check(day: date) -> tuple[Violation, ...]:
            if ledger is None:
                return ()
            return ledger.check(day, half=half, at=at, ignore=(NOTICE_TOO_SHORT,))

        if self.rhythm.fixed:
            return tuple(
                PlannedBooking(day=d, half=half, violations=check(d))
                for d in span
                if d.weekday() in self.rhythm.weekdays and works(d)
            )
        planned: list[PlannedBooking] = []
        share = Fraction(1, 2) if half else Fraction(1)
        for window in self.rhythm.window.windows(span):
            budget = Fraction(self.rhythm.days or 0) * share
            if ledger is not None:
                budget -= sum((b.amount for b in ledger.active_bookings(window)), Fraction(0))
            inside = window.intersection(span)
            for day in inside or ():
                if budget < share:
                    break
                if self.rhythm.weekdays and day.weekday() not in self.rhythm.weekdays:
                    continue
                if not works(day) or check(day):
                    continue
                planned.append(PlannedBooking(day=day, half=half))
                budget -= share
        return tuple(planned)

    def _span(self, period: DateRange) -> DateRange | None:
        if self.state not in _IN_FORCE:
            return None
        last = period.end if self.ends_on is None else min(period.end, self.ends_on - _ONE_DAY)
        first = max(period.start, self.starts)
        return DateRange(first, last) if first <= last else None


# -- the arrangement table -------------------------------------------------------------------


def _today(step: Step) -> date:
    return ArrangementWorkflow.of(step).today(step.at)


def _start_reached(step: Step) -> tuple[Violation, ...]:
    arr: Arrangement = step.record
    return refuse_if(
        _today(step) < arr.starts,
        "not_yet_due",
        f"Arrangement {arr.id} starts on {arr.starts}.",
        arr.starts,
    )


def _before_start(step: Step) -> tuple[Violation, ...]:
    arr: Arrangement = step.record
    return refuse_if(
        _today(step) >= arr.starts,
        "already_started",
        f"Arrangement {arr.id} started on {arr.starts}; end it instead.",
        arr.starts,
    )


def _has_adaptation(step: Step) -> tuple[Violation, ...]:
    return refuse_if(
        ArrangementWorkflow.of(step).agreement_on(step.record.starts).adaptation_period_days <= 0,
        "no_adaptation_period",
        "The agreement has no adaptation period.",
    )


def _no_adaptation(step: Step) -> tuple[Violation, ...]:
    return refuse_if(
        ArrangementWorkflow.of(step).agreement_on(step.record.starts).adaptation_period_days != 0,
        "adaptation_period",
        "The agreement has an adaptation period.",
    )


def _adaptation_over(step: Step) -> tuple[Violation, ...]:
    arr: Arrangement = step.record
    until = arr.adaptation_until or arr.starts
    return refuse_if(
        _today(step) <= until,
        "not_yet_due",
        f"The adaptation period of arrangement {arr.id} runs until {until}.",
        until,
    )


def _notice_over(step: Step) -> tuple[Violation, ...]:
    arr: Arrangement = step.record
    return refuse_if(
        arr.ends_on is not None and _today(step) < arr.ends_on,
        "not_yet_due",
        f"Arrangement {arr.id} ends on {arr.ends_on}, when its notice has run.",
        arr.ends_on,
    )


def _rhythm_fits(step: Step) -> tuple[Violation, ...]:
    """The rhythm against the agreement's excluded weekdays, weekly and monthly maxima (not
    prorated), and the teams' anchor days."""
    arr: Arrangement = step.record
    wf = ArrangementWorkflow.of(step)
    agreement = wf.agreement_on(arr.starts)
    rhythm = arr.rhythm
    found: list[Violation] = []
    excluded = sorted(rhythm.weekdays & agreement.excluded_weekdays) if rhythm.fixed else []
    if excluded:
        names = " ".join(WEEKDAY_NAMES[d] for d in excluded)
        found.append(
            violation(
                "excluded_weekday",
                f"The agreement excludes telework on {names}; choose other weekdays.",
                weekdays=tuple(excluded),
            )
        )
    share = Fraction(1, 2) if rhythm.half else Fraction(1)
    for quota in agreement.quotas:
        if quota.maximum is None or quota.prorate:
            continue
        asked: Fraction | None = None
        if quota.window is Window.WEEK:
            asked = rhythm.amount_per_week
        elif quota.window is Window.MONTH and not rhythm.fixed and rhythm.window is Window.MONTH:
            asked = (rhythm.days or 0) * share
        if asked is not None and asked > quota.maximum:
            code = "weekly_max_exceeded" if quota.window is Window.WEEK else "monthly_max_exceeded"
            found.append(
                violation(
                    code,
                    f"{rhythm.describe()} is {asked} days a {quota.window.value}; the agreement "
                    f"allows {quota.maximum}.",
                    asked=asked,
                    maximum=quota.maximum,
                )
            )
    if rhythm.fixed and wf.coverage:
        first_of_each = []
        day = max(arr.starts, _today(step))
        for _ in range(7):
            if day.weekday() in rhythm.weekdays:
                first_of_each.append(day)
            day += _ONE_DAY
        for team in wf.coverage:
            found.extend(
                v
                for v in team.check_request(arr.employee, first_of_each, rhythm.half, wf.ledgers)
                if v.code == "anchor_day"
            )
    return tuple(found)


def _prerequisites_valid(step: Step) -> tuple[Violation, ...]:
    """Every attestation the agreement requires is valid on the first day (or today)."""
    arr: Arrangement = step.record
    wf = ArrangementWorkflow.of(step)
    first = max(arr.starts, _today(step))
    return missing_prerequisites(wf.agreement_on(first), wf.attestations, arr.employee, first)


def _eligible(step: Step) -> tuple[Violation, ...]:
    """An arrangement for an employee who is not eligible on its first day is refused, with
    the reasons (``not_eligible``, ``params["reason"]`` the failed rule's code)."""
    arr: Arrangement = step.record
    wf = ArrangementWorkflow.of(step)
    contract = wf.contract_of(arr.employee)
    if contract is None and arr.employee in wf.ledgers:
        contract = getattr(wf.ledgers[arr.employee], "contract", None)
    if not isinstance(contract, Contract):
        return ()
    return tuple(
        violation(
            "not_eligible",
            f"{v.message} Telework cannot be arranged while this holds.",
            arr.starts,
            reason=v.code,
            **dict(v.params),
        )
        for v in eligibility(wf.agreement_on(arr.starts), contract, arr.starts)
        if v.code not in ("outside_contract", "outside_agreement_validity")
    )


START_REACHED = Guard("first day reached", _start_reached)
BEFORE_START = Guard("before the first day", _before_start)
HAS_ADAPTATION = Guard("adaptation period", _has_adaptation)
NO_ADAPTATION = Guard("no adaptation period", _no_adaptation)
ADAPTATION_OVER = Guard("adaptation period over", _adaptation_over)
NOTICE_OVER = Guard("notice over", _notice_over)
RHYTHM_FITS = Guard("rhythm fits the agreement", _rhythm_fits)
PREREQUISITES_VALID = Guard("prerequisites valid", _prerequisites_valid)
ELIGIBLE = Guard("employee eligible", _eligible)

_A = ArrangementState
_EMPLOYEE = {Role.EMPLOYEE}
_EMPLOYER = EMPLOYER_ROLES
_EITHER = _EMPLOYEE | _EMPLOYER
_SYSTEM = {Role.SYSTEM}
_row = Transition.row

# One row a line, as the state diagram reads (see teleaccord.approval for the columns).
# fmt: off
ARRANGEMENT_TRANSITIONS = TransitionTable(
    name="arrangement",
    states=ArrangementState,
    initial=_A.REQUESTED,
    transitions=(
        _row(_A.REQUESTED, "approve", _A.APPROVED, _EMPLOYER, RHYTHM_FITS, PREREQUISITES_VALID, ELIGIBLE, excludes_subject=True, effect="approve"),
        _row(_A.REQUESTED, "reject", _A.REJECTED, _EMPLOYER, reason_from=_EMPLOYER, excludes_subject=True),
        _row(_A.REQUESTED, "withdraw", _A.WITHDRAWN, _EMPLOYEE),
        _row(_A.APPROVED, "withdraw", _A.WITHDRAWN, _EMPLOYEE, BEFORE_START, effect="release"),
        _row(_A.APPROVED, "start", _A.ADAPTATION, _SYSTEM, START_REACHED, when=HAS_ADAPTATION),
        _row(_A.APPROVED, "start", _A.ACTIVE, _SYSTEM, START_REACHED, when=NO_ADAPTATION),
        _row(_A.ADAPTATION, "confirm", _A.ACTIVE, _SYSTEM, ADAPTATION_OVER),
        _row(_A.ADAPTATION, "end", _A.ENDING, _EITHER, reason_from=_EMPLOYER, effect="end_in_adaptation"),
        _row(_A.ACTIVE, "suspend", _A.SUSPENDED, _EMPLOYER, reason_from=_EMPLOYER, excludes_subject=True, effect="suspend"),
        _row(_A.SUSPENDED, "resume", _A.ACTIVE, _EMPLOYER, excludes_subject=True),
        *Transition.each((_A.ACTIVE, _A.SUSPENDED), action="end", target=_A.ENDING, roles=_EITHER, reason_from=_EMPLOYER, effect="end"),
        _row(_A.ENDING, "close", _A.ENDED, _SYSTEM, NOTICE_OVER),
    ),
)
# fmt: on
"""The individual arrangement machine: every move an arrangement can make, as data."""


# -- effects ---------------------------------------------------------------------------------


def _release_from(step: Step, first: date) -> tuple[str, ...]:
    """Cancel the arrangement's active bookings on or after ``first``."""
    arr: Arrangement = step.record
    ledger = ArrangementWorkflow.of(step).ledgers.get(arr.employee)
    if ledger is None:
        return ()
    mine = [
        b.entry_id
        for b in ledger.active_bookings()
        if b.entry_id.startswith(arr.booking_prefix) and b.day >= first
    ]
    reason = step.reason.strip() or f"arrangement {arr.id}: {step.action}"
    return release_bookings(ledger, mine, at=step.at, by=step.actor, reason=reason)


def _effect_approve(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    arr: Arrangement = step.record
    length = ArrangementWorkflow.of(step).agreement_on(arr.starts).adaptation_period_days
    if length <= 0:
        return {}, {}
    until = arr.starts + timedelta(days=length - 1)
    return {"adaptation_until": until}, {"adaptation_until": until}


def _ending(step: Step, notice_days: int) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    ends_on = _today(step) + timedelta(days=max(notice_days, 0))
    released = _release_from(step, ends_on)
    return {"ends_on": ends_on}, {"ends_on": ends_on, "released": released}


def _effect_end_in_adaptation(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    wf = ArrangementWorkflow.of(step)
    return _ending(step, wf.agreement_on(_today(step)).adaptation_notice_days)


def _effect_end(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    wf = ArrangementWorkflow.of(step)
    return _ending(step, wf.agreement_on(_today(step)).reversibility_notice_days)


def _effect_suspend(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    return {}, {"released": _release_from(step, _today(step) + _ONE_DAY)}


def _effect_release(step: Step) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    arr: Arrangement = step.record
    return {}, {"released": _release_from(step, arr.starts)}


_ARRANGEMENT_EFFECTS: Mapping[str, Effect] = MappingProxyType(
    {
        "approve": _effect_approve,
        "end_in_adaptation": _effect_end_in_adaptation,
        "end": _effect_end,
        "suspend": _effect_suspend,
        "release": _effect_release,
    }
)


# -- the workflow ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlanResult:
    """What :meth:`ArrangementWorkflow.book_planned` did: the entry ids booked (or already
    booked by the arrangement) and the days the ledger refused, with its violations.

    >>> from teleaccord import PlanResult
    >>> PlanResult(booked=("A1/1:2024-09-02",)).refused
    ()
    """

    booked: tuple[str, ...] = ()
    refused: tuple[PlannedBooking, ...] = ()


@attrs.frozen(kw_only=True)
class ArrangementWorkflow(Workflow[Arrangement]):
    """Decides and runs individual arrangements: the agreement (adaptation period and
    notices), the calendar, who manages whom, each employee's ledger and contract, and the
    teams' coverage rules.

    Args:
        agreement: the telework agreement, or an
            :class:`~teleaccord.versions.AgreementHistory`: an arrangement then follows the
            version in force on its first day (rhythm, prerequisites, eligibility, adaptation
            period), and an ending the version in force on the day it is ended (its notice).
        calendar: holidays and closures.
        organisation: managers, delegates, HR.
        ledgers: one ledger per employee.
        contracts: the employees' contracts, to skip their days off when planning (default:
            Monday to Friday).
        coverage: the teams' coverage rules (anchor days refuse an arrangement on them; each
            planned day is checked when booked).
        attestations: the attestations employees gave
            (:class:`~teleaccord.prerequisites.Attestation`); an arrangement is approved only
            with every one the agreement's charter requires valid on its first day.

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from teleaccord import (
    ...     Agreement,
    ...     Arrangement,
    ...     ArrangementWorkflow,
    ...     Calendar,
    ...     Contract,
    ...     DateRange,
    ...     Organisation,
    ...     QuotaLedger,
    ...     Rhythm,
    ... )
    >>> paris = ZoneInfo("Europe/Paris")
    >>> agreement = Agreement(name="regular", adaptation_period_days=30)
    >>> contract = Contract.from_amendments(employee="ana", hired="2020-01-01")
    >>> ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    >>> wf = ArrangementWorkflow(agreement=agreement, ledgers=[ledger], contracts=[contract],
    ...                          organisation=Organisation(managers={"ana": "max"}))
    >>> a = Arrangement(id="A1", employee="ana", rhythm=Rhythm(weekdays="Mo"), starts="2024-09-02")
    >>> a = wf.approve(a, by="max", at=datetime(2024, 8, 26, 9, tzinfo=paris))
    >>> a = wf.advance(a, at=datetime(2024, 9, 2, 6, tzinfo=paris))
    >>> a.state, a.adaptation_until
    (<ArrangementState.ADAPTATION: 'adaptation'>, datetime.date(2024, 10, 1))
    >>> wf.book_planned(a, DateRange(date(2024, 9, 1), date(2024, 9, 15)),
    ...                 at=datetime(2024, 9, 2, 6, tzinfo=paris)).booked
    ('A1/2:2024-09-02', 'A1/2:2024-09-09')
    """

    table: ClassVar[TransitionTable] = ARRANGEMENT_TRANSITIONS
    effects: ClassVar[Mapping[str, Effect]] = _ARRANGEMENT_EFFECTS

    contracts: tuple[Contract, ...] = attrs.field(default=(), converter=tuple)
    attestations: tuple[Attestation, ...] = attrs.field(default=(), converter=tuple)

    def contract_of(self, employee: str) -> Contract | None:
        """The contract of ``employee``, when given."""
        for contract in self.contracts:
            if contract.employee == employee:
                return contract
        return None

    def end(
        self, arrangement: Arrangement, *, by: str, at: datetime, reason: str = ""
    ) -> Arrangement:
        """Either side ends it: with the adaptation notice during the adaptation period, with
        the reversibility notice afterwards (the employer gives a reason)."""
        return self.apply(arrangement, "end", by=by, at=at, reason=reason)

    def suspend(
        self, arrangement: Arrangement, *, by: str, at: datetime, reason: str
    ) -> Arrangement:
        """The employer suspends it (exceptional circumstances, a temporary return on site);
        its bookings from the next day are released."""
        return self.apply(arrangement, "suspend", by=by, at=at, reason=reason)

    def resume(self, arrangement: Arrangement, *, by: str, at: datetime) -> Arrangement:
        """The employer resumes a suspended arrangement."""
        return self.apply(arrangement, "resume", by=by, at=at)

    def advance(self, arrangement: Arrangement, *, at: datetime) -> Arrangement:
        """Apply every system move that is due at ``at`` (start, end of the adaptation period,
        end of the notice): what a daily job calls."""
        current = arrangement
        while True:
            for action in ("start", "confirm", "close"):
                try:
                    current = self.apply(current, action, by=SYSTEM, at=at)
                except (NotAllowed, OperationRefused):
                    continue
                break
            else:
                return current

    def planned_bookings(
        self, arrangement: Arrangement, period: DateRange, *, at: datetime | None = None
    ) -> tuple[PlannedBooking, ...]:
        """:meth:`Arrangement.planned_bookings` with the employee's contract and ledger."""
        return arrangement.planned_bookings(
            period,
            self.calendar,
            contract=self.contract_of(arrangement.employee),
            ledger=self.ledgers.get(arrangement.employee),
            at=at,
        )

    def book_planned(
        self, arrangement: Arrangement, period: DateRange, *, at: datetime, by: str = SYSTEM
    ) -> PlanResult:
        """Book the planned days of ``period`` in the employee's ledger, one by one: days the
        ledger or the team's coverage refuse are returned with their violations; days the
        arrangement already holds are kept. Running it again books nothing twice."""
        at = aware(at)
        ledger = ledger_for(self.ledgers, arrangement.employee)
        held = {
            b.day: b.entry_id
            for b in ledger.active_bookings(period)
            if b.entry_id.startswith(arrangement.booking_prefix)
        }
        generation = len(arrangement.events)
        booked: list[str] = []
        refused: list[PlannedBooking] = []
        for planned in self.planned_bookings(arrangement, period, at=at):
            if planned.day in held:
                booked.append(held[planned.day])
                continue
            found = list(planned.violations)
            for team in self.coverage:
                found.extend(
                    team.check_request(
                        arrangement.employee, [planned.day], planned.half, self.ledgers
                    )
                )
            if not found:
                suffix = f":{planned.half.value}" if planned.half else ""
                try:
                    booking = ledger.book(
                        planned.day,
                        half=planned.half,
                        at=at,
                        by=by,
                        entry_id=f"{arrangement.booking_prefix}{generation}:{planned.day}{suffix}",
                        note=f"arrangement {arrangement.id}",
                        ignore=(NOTICE_TOO_SHORT,),
                    )
                except OperationRefused as exc:
                    found.extend(exc.violations)
                else:
                    booked.append(booking.entry_id)
                    continue
            refused.append(attrs.evolve(planned, violations=tuple(found)))
        log.info(
            "arrangement %s: %d booked, %d refused in %s",
            arrangement.id,
            len(booked),
            len(refused),
            period,
        )
        return PlanResult(booked=tuple(booked), refused=tuple(refused))
