"""The shortcuts of one booking and of one request give the plain answers (#18).

- :func:`~teleaccord.rules.within_period_quota` answers the common case (a regular day, every
  booking regular, no pools, upfront accrual, the booking fits) from the agreement's terms
  read once: on every context a ledger builds, its answer is the one the rule gives without
  the shortcut (the same context without ``regular_only`` and ``remaining_after``, which
  reads the balances).
- A request's guards and effect read the ledger's check once per step: a workflow's
  answers (states, refusals with their codes and parameters, bookings) are those of a
  workflow whose ledger answers every check afresh.
- :class:`~teleaccord.DateRange` remembers its hash: equal ranges hash alike, built in any
  way (copied, pickled, from texts).
- Wave 6, second pass: a ledger fills its booking contexts' attributes in one step (every
  field as the constructor makes it); ``book()`` reads an empty ``ignore`` and a generated id
  without their tables; a transition's plan carries its acting role and target state, and
  its guards are asked without the call through :class:`~teleaccord.Guard` (the answers of
  a plain reading of the table, whatever shape the checks answer in); an enum state's text
  and an event's one pair of data are remembered or made without their general steps.
- Wave 7: a :class:`~teleaccord.RequestWorkflow`'s guards, routing conditions and booking
  effect read its plain agreement, policy, coverage and ledgers at once (a workflow of a
  subclass, which may redefine what they read, takes the general path): a workflow answers
  as one of a subclass, on random requests, agreements, policies and coverage; an enum
  state's text is remembered by the member's identity.
"""

from __future__ import annotations

import contextlib
import copy
import enum
import pickle
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    BOOKING_RULES,
    Absence,
    Accrual,
    Agreement,
    AgreementHistory,
    ApprovalClause,
    ApprovalPolicy,
    BookingContext,
    Calendar,
    CarryOver,
    Contract,
    CoverageRule,
    DateRange,
    InvalidValue,
    NotAllowed,
    Notice,
    OperationRefused,
    Organisation,
    Pool,
    Quota,
    QuotaLedger,
    RequestWorkflow,
    TeamCoverage,
    TeamMember,
    TeleworkRequest,
    Violation,
    approval,
    entries,
    slots,
    year_range,
)
from teleaccord.approval import RequestState
from teleaccord.entries import AuthorisedException, Booking
from teleaccord.pattern import HalfDay
from teleaccord.rules import Rule, within_period_quota
from teleaccord.statemachine import (
    AuditEvent,
    Guard,
    Role,
    Step,
    Transition,
    TransitionTable,
    apply_transition,
    replay,
    state_value,
)

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
START = date(2024, 1, 1)

days = st.integers(min_value=0, max_value=500).map(lambda n: START + timedelta(n))
halves = st.sampled_from([None, "am", "pm"])

AGREEMENTS = {
    "tight": Agreement(name="tight", quotas=[Quota(window="period", maximum=3)]),
    "halves": Agreement(
        name="halves", quotas=[Quota(window="period", maximum=2)], granularity="half-day"
    ),
    "negative limit": Agreement(
        name="neg",
        quotas=[Quota(window="period", maximum=2)],
        allow_negative=True,
        negative_limit=1,
        granularity="half-day",
    ),
    "negative limit 0": Agreement(
        name="neg0",
        quotas=[Quota(window="period", maximum=2)],
        allow_negative=True,
        negative_limit=0,
    ),
    "negative, no limit": Agreement(
        name="negfree", quotas=[Quota(window="period", maximum=1)], allow_negative=True
    ),
    "no period quota": Agreement(name="open"),
    "monthly accrual": Agreement(
        name="accrual",
        quotas=[Quota(window="period", maximum=12)],
        accrual=Accrual(step="monthly", at="end"),
    ),
    "carried": Agreement(
        name="carried", quotas=[Quota(window="period", maximum=2)], carry_over=CarryOver(mode="all")
    ),
    "pools": Agreement(
        name="pools",
        quotas=[Quota(window="period", maximum=2)],
        pools=[
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=1)])
        ],
    ),
}

operations = st.lists(
    st.one_of(
        st.tuples(st.just("book"), days, halves, st.sampled_from(["regular", "occasional"])),
        st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=30)),
        st.tuples(st.just("adjust"), st.sampled_from([2024, 2025]), st.sampled_from(["-1", "1/2"])),
    ),
    max_size=20,
)


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
@given(ops=operations, grant_2025=st.booleans())
def test_the_period_quota_shortcut_gives_the_plain_answer(
    name: str, ops: list[tuple[object, ...]], grant_2025: bool
) -> None:
    compared: list[tuple[Violation, ...]] = []

    def spy(context: BookingContext) -> tuple[()]:
        ours = within_period_quota(context)
        plain = within_period_quota(attrs.evolve(context, regular_only=False, remaining_after=None))
        assert ours == plain
        assert [(v.code, v.params) for v in ours] == [(v.code, v.params) for v in plain]
        compared.append(ours)
        return ()

    years = (2024, 2025) if grant_2025 else (2024,)
    ledger = _granted_ledger(
        QuotaLedger, AGREEMENTS[name], rules=(*BOOKING_RULES, spy), years=years
    )
    for op in ops:
        note(repr(op))
        try:
            if op[0] == "book":
                _, day, half, kind = op
                ledger.book(day, half=half, at=AT, by="E1", telework_kind=kind)  # type: ignore[arg-type]
            elif op[0] == "cancel":
                active = ledger.active_bookings()
                if active:
                    chosen = active[op[1] % len(active)]  # type: ignore[operator]
                    ledger.cancel(chosen.entry_id, at=AT, by="E1")
            else:
                ledger.adjust(year_range(op[1]), op[2], reason="fix", at=AT, by="hr")  # type: ignore[arg-type]
        except (OperationRefused, InvalidValue):
            pass
    if any(op[0] == "book" for op in ops):  # a repeated booking may be answered from memory
        assert compared


def test_the_shortcut_refuses_as_the_plain_rule() -> None:
    """A hand-made case: the fourth day of a 3-day quota is refused, with its figures."""
    ledger = _granted_ledger(QuotaLedger, AGREEMENTS["tight"], years=(2024,))
    for day in (date(2024, 3, 4), date(2024, 3, 5), date(2024, 3, 11)):
        ledger.book(day, at=AT, by="E1")
    with pytest.raises(OperationRefused) as refused:
        ledger.book(date(2024, 3, 12), at=AT, by="E1")
    (violation,) = refused.value.violations
    assert violation.code == "period_quota_exceeded"
    params = dict(violation.params)
    assert params["remaining_before"] == 0
    assert params["remaining_after"] == -1
    assert params["floor"] == 0


# -- requests -------------------------------------------------------------------------------


class FreshLedger(QuotaLedger):
    """A ledger that answers every check afresh (nothing remembered between calls); with
    :func:`plain_guards`, its workflow's guards ask it at every turn."""

    def check(self, day: date, **kwargs: object) -> tuple[Violation, ...]:  # type: ignore[override]
        self._index.check_memo.clear()
        return super().check(day, **kwargs)  # type: ignore[arg-type]


@contextlib.contextmanager
def plain_guards() -> Iterator[None]:
    """The request guards without their memory of a step: each asks the ledger and the
    policy afresh, as they did before the shortcut."""

    def every_violation(step: Step) -> tuple[Violation, ...]:
        req = step.record
        ledger = step.env.ledgers[req.employee]
        return tuple(v for d in req.days for v in ledger.check(d, half=req.half, at=step.at))

    def second_level(step: Step) -> bool:
        return bool(step.env.needs_second_level(step.record))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(approval, "_all_violations", every_violation)
        patch.setattr(approval, "_second_level_needed", second_level)
        yield


requests = st.lists(
    st.tuples(
        st.lists(days, min_size=1, max_size=3, unique=True).map(sorted),
        halves,
        st.sampled_from(["submit", "approve", "auto_approve", "reject", "withdraw", "cancel"]),
        st.sampled_from(["E1", "M1", "M2", "system"]),
        st.integers(min_value=-3, max_value=20),
    ),
    max_size=8,
)


POLICIES = {
    "agreement's": None,
    "second level from the 2nd weekly day": ApprovalPolicy(second_level_from_weekly_day=2),
    "automatic": ApprovalPolicy(auto_approve=True),
}


@pytest.mark.parametrize("policy", sorted(POLICIES))
@given(ops=requests)
def test_a_workflow_answers_as_with_fresh_checks(
    policy: str, ops: list[tuple[object, ...]]
) -> None:
    agreement = Agreement(
        name="notice",
        quotas=[Quota(window="period", maximum=3), Quota(window="week", maximum=2)],
        granularity="half-day",
        notice=Notice(working_days=2),
    )

    def flow(cls: type[QuotaLedger]) -> RequestWorkflow:
        ledger = _granted_ledger(cls, agreement)
        chosen = {} if POLICIES[policy] is None else {"policy": POLICIES[policy]}
        return RequestWorkflow(
            agreement=agreement,
            ledgers=[ledger],
            organisation=Organisation(managers={"E1": "M1", "M1": "M2"}),
            **chosen,  # type: ignore[arg-type]
        )

    ours, fresh = flow(QuotaLedger), flow(FreshLedger)
    held: dict[str, tuple[TeleworkRequest, TeleworkRequest]] = {}
    for n, (request_days, half, action, actor, offset) in enumerate(ops):
        note(repr((request_days, half, action, actor, offset)))
        at = datetime.combine(request_days[0], datetime.min.time(), timezone.utc)  # type: ignore[index]
        at -= timedelta(days=offset)  # type: ignore[arg-type]
        rid = f"R{n % 3}"
        pair = held.get(rid) or tuple(
            TeleworkRequest(id=rid, employee="E1", days=request_days, half=half) for _ in "ab"
        )
        outcomes = []
        for wf, request in zip((ours, fresh), pair, strict=True):
            try:
                with plain_guards() if wf is fresh else contextlib.nullcontext():
                    outcomes.append(("ok", wf.apply(request, action, by=actor, at=at, reason="r")))  # type: ignore[arg-type]
            except (OperationRefused, NotAllowed, InvalidValue) as exc:
                outcomes.append(_refusal(exc))
        assert outcomes[0] == outcomes[1]
        if outcomes[0][0] == "ok":
            held[rid] = (outcomes[0][1], outcomes[1][1])  # type: ignore[assignment]
    assert list(ours.ledgers["E1"].entries) == list(fresh.ledgers["E1"].entries)


# -- date ranges ------------------------------------------------------------------------------


@given(a=days, b=days)
def test_a_date_range_hashes_as_its_equals(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    r = DateRange(start, end)
    same = DateRange(start.isoformat(), end.isoformat())
    assert hash(r) == hash(same) == hash(copy.deepcopy(r)) == hash(pickle.loads(pickle.dumps(r)))
    assert {r: 1}[same] == 1
    assert hash(r) == hash(r)  # the remembered hash
    if start != end:
        assert DateRange(start, start) != r


# -- wave 6, second pass: contexts, transitions, states ---------------------------------------


def _refusal(exc: OperationRefused | NotAllowed | InvalidValue) -> tuple[object, ...]:
    """What a refused operation says: its type, code, numbers and violations."""
    violations = [(v.code, v.day, v.params) for v in getattr(exc, "violations", ())]
    return (type(exc).__name__, exc.code, exc.params, violations)


def _granted_ledger(
    cls: type[QuotaLedger],
    agreement: Agreement | AgreementHistory,
    *,
    rules: tuple[Rule, ...] | None = None,
    years: tuple[int, ...] = (2024, 2025),
) -> QuotaLedger:
    """E1's ledger (of ``cls``) under ``agreement`` with ``rules`` (default: the booking
    rules), granted each of ``years``."""
    ledger = cls(
        agreement=agreement,
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(country="FR"),
        rules=rules,
    )
    for year in years:
        ledger.grant(year_range(year), at=AT, by="hr")
    return ledger


def _entry_id(booking: object) -> str:
    return booking.entry_id  # type: ignore[attr-defined, no-any-return]


def _plain_context(context: BookingContext) -> BookingContext:
    """The same context made by the class's constructor (its converters and defaults)."""
    return BookingContext(
        **{f.name: getattr(context, f.name) for f in attrs.fields(BookingContext)}
    )


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
@given(ops=operations)
def test_a_ledger_context_is_the_one_its_constructor_makes(
    name: str, ops: list[tuple[object, ...]]
) -> None:
    """The ledger fills a context's attributes in one step: every field holds what the
    constructor would hold, of the same type, and the rules answer alike on both."""
    from teleaccord.ledgerindex import FAST_CONTEXT

    assert FAST_CONTEXT  # the path under test is the one taken
    seen: list[BookingContext] = []

    def spy(context: BookingContext) -> tuple[()]:
        seen.append(context)
        plain = _plain_context(context)
        for field in attrs.fields(BookingContext):
            ours, theirs = getattr(context, field.name), getattr(plain, field.name)
            assert type(ours) is type(theirs), field.name
            assert ours == theirs, field.name
        assert vars(context).keys() == {f.name for f in attrs.fields(BookingContext)}
        # Each value against the ledger's public state (what the constructor was given).
        assert context.agreement == ledger.agreement_on(context.day)
        assert context.contract is ledger.contract
        assert context.calendar is ledger.calendar
        grouped: dict[date, list[object]] = {}
        for booking in ledger.active_bookings():
            grouped.setdefault(booking.day, []).append(booking)
        assert {d: sorted(bs, key=_entry_id) for d, bs in context.bookings.items()} == {
            d: sorted(bs, key=_entry_id) for d, bs in grouped.items()
        }
        assert context.statuses == ledger.statuses
        assert context.history == ledger.history
        assert context.absences == ledger.absences
        assert context.scope == "default"
        assert context.telework_kind in ("regular", "occasional")
        assert context.regular_only == all(
            b.telework_kind == "regular" for b in ledger.active_bookings()
        )
        assert context.periods_after[0] == context.period
        starts = [p.start for p in context.periods_after]
        assert starts == sorted(set(starts))  # its own period, then later ones in order
        for period in context.periods_after:
            assert context.remaining_after is not None
            assert context.balance_after is not None
            assert context.remaining_after(period) == context.balance_after(period, None).remaining
        rules = list(BOOKING_RULES)
        assert [(v.code, v.params) for r in rules for v in r(context)] == [
            (v.code, v.params) for r in rules for v in r(plain)
        ]
        return ()

    ledger = _granted_ledger(
        QuotaLedger, AGREEMENTS[name], rules=(*BOOKING_RULES, spy), years=(2024,)
    )
    for op in ops:
        note(repr(op))
        with contextlib.suppress(OperationRefused, InvalidValue):
            if op[0] == "book":
                _, day, half, kind = op
                ledger.check(day, half=half, telework_kind=kind)  # type: ignore[arg-type]
                ledger.book(day, half=half, at=AT, by="E1", telework_kind=kind)  # type: ignore[arg-type]
            elif op[0] == "cancel":
                active = ledger.active_bookings()
                if active:
                    ledger.cancel(active[op[1] % len(active)].entry_id, at=AT, by="E1")  # type: ignore[operator]
            else:
                ledger.adjust(year_range(op[1]), op[2], reason="fix", at=AT, by="hr")  # type: ignore[arg-type]
    if any(op[0] == "book" for op in ops):
        assert seen


@given(
    ops=st.lists(
        st.tuples(days, halves, st.sampled_from([(), [], frozenset(), ("notice_too_short",)])),
        max_size=8,
    )
)
def test_book_answers_alike_whatever_empty_ignore_it_is_given(
    ops: list[tuple[date, str | None, object]],
) -> None:
    """``book()`` reads an empty ``ignore`` tuple without its table, and a generated id
    without looking it up: the same bookings, ids and refusals as a ledger given the
    ids and the ``ignore`` sets spelled out."""
    agreement = Agreement(
        name="notice",
        quotas=[Quota(window="period", maximum=3)],
        granularity="half-day",
        notice=Notice(working_days=2),
    )

    ours, spelled = _granted_ledger(QuotaLedger, agreement), _granted_ledger(QuotaLedger, agreement)
    for day, half, ignore in ops:
        note(repr((day, half, ignore)))
        outcomes = []
        for which in (ours, spelled):
            try:
                if which is ours:
                    booked = which.book(day, half=half, at=AT, by="E1", ignore=ignore)  # type: ignore[arg-type]
                else:
                    entry_id = f"E1:booking:{which.version + 1}"
                    booked = which.book(
                        day,
                        half=half,
                        at=AT,
                        by="E1",
                        entry_id=entry_id,
                        ignore=list(ignore),  # type: ignore[call-overload]
                    )
                outcomes.append(("ok", booked))
            except OperationRefused as exc:
                outcomes.append(("refused", [(v.code, v.params) for v in exc.violations]))  # type: ignore[list-item]
        assert outcomes[0] == outcomes[1]
    assert list(ours.entries) == list(spelled.entries)
    with pytest.raises(InvalidValue) as refused:
        ours.book(date(2024, 3, 4), at=AT, by="E1", ignore=("already_booked",))
    assert refused.value.code == "cannot_ignore"


# A machine whose guards answer in every shape a check may (tuple, list, generator), each
# refusing or not as the test draws, to compare the engine with a plain reading of the table.
class Door(str, enum.Enum):
    OPEN = "open"
    SHUT = "shut"
    LOCKED = "locked"


def _answer(name: str) -> Guard:
    def check(step: Step) -> Iterable[Violation]:
        shape, refuses = step.env[name]
        found = [Violation(code=f"{name}_refused", message=f"{name} refuses.")] if refuses else []
        if shape == "tuple":
            return tuple(found)
        if shape == "list":
            return found
        return (v for v in found)

    return Guard(name, check)


DOOR = TransitionTable(
    name="door",
    states=Door,
    initial="open",
    transitions=[
        Transition(source="open", action="close", target="locked", roles={"hr"},
                   when=_answer("urgent"), guards=[_answer("a"), _answer("b")],
                   reason_from={"hr"}),
        Transition(source="open", action="close", target="shut", roles={"manager", "hr"},
                   guards=[_answer("b"), _answer("c")], excludes_subject=True),
        Transition(source="shut", action="open", target="open", roles={"employee", "manager"},
                   when=_answer("day"), guards=[_answer("a")]),
        Transition(source="shut", action="open", target="open", roles={"hr"},
                   guards=[_answer("c")]),
        Transition(source="shut", action="lock", target="locked", roles={"hr", "delegate"}),
    ],
)  # fmt: skip

ROLE_SETS = [frozenset(s) for s in ([], ["employee"], ["manager"], ["hr"], ["delegate"],
                                    ["employee", "hr"], ["manager", "hr", "delegate"])]  # fmt: skip


def _plain_apply(record: object, action: str, actor: str, roles: frozenset[Role], at: datetime,
                 reason: str, env: object) -> tuple[object, ...]:  # fmt: skip
    """The engine's answer read from the table plainly: every row, role and guard asked
    through its public call, the role and the state found afresh."""
    state = record.state.value  # type: ignore[attr-defined]
    employee = record.employee  # type: ignore[attr-defined]
    if state in DOOR.terminal_states:
        return ("NotAllowed", "terminal_state")
    candidates = DOOR.rows(state, action)
    if not candidates:
        return ("NotAllowed", "transition_not_allowed")
    permitted = [t for t in candidates if roles & t.roles]
    allowed = [t for t in permitted if not (t.excludes_subject and actor == employee)]
    if not allowed:
        return ("NotAllowed", "own_request" if permitted else "role_not_allowed")
    step = Step(record=record, action=action, actor=actor, roles=roles, at=at, reason=reason,
                env=env)  # fmt: skip
    order = list(Role)
    acting = {t: next(r for r in order if r in roles and r in t.roles) for t in allowed}
    routed = [t for t in allowed if t.when is None or not t.when(step)]
    if not routed:
        return ("NotAllowed", "transition_not_allowed")
    if all(acting[t] in t.reason_from for t in routed) and not reason.strip():
        return ("InvalidValue", "reason_required")
    refusals: list[str] = []
    for row in routed:
        found = [v for g in row.guards for v in g(step)]
        if not found:
            return ("ok", DOOR.state(row.target), acting[row].value, row.source, row.target)
        refusals.extend(v.code for v in found if v.code not in refusals)
    return ("OperationRefused", tuple(refusals))


@attrs.frozen
class DoorRecord:
    id: str
    employee: str
    state: Door = Door.OPEN
    events: tuple[AuditEvent, ...] = ()


answers = st.fixed_dictionaries(
    {
        name: st.tuples(st.sampled_from(["tuple", "list", "generator"]), st.booleans())
        for name in ("urgent", "a", "b", "c", "day")
    }
)


@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["close", "open", "lock"]),
            st.sampled_from(["ana", "max", "hr1"]),
            st.sampled_from(ROLE_SETS),
            st.sampled_from(["", "why"]),
            answers,
        ),
        max_size=6,
    )
)
def test_the_engine_answers_as_a_plain_reading_of_its_table(
    steps: list[tuple[str, str, frozenset[Role], str, dict[str, tuple[str, bool]]]],
) -> None:
    """A transition's plan (rows open, acting role, target state, remembered) and the guards
    asked without the call through :class:`Guard` give the answers, events and states that
    a plain reading of the table gives, whatever shape the checks answer in."""
    record = DoorRecord("d1", "ana")
    for action, actor, roles, reason, env in steps:
        note(repr((action, actor, sorted(roles), reason, env)))
        expected = _plain_apply(record, action, actor, roles, AT, reason, env)
        outcome: tuple[object, ...]
        try:
            moved = apply_transition(DOOR, record, action, actor=actor, roles=roles, at=AT,
                                     reason=reason, env=env)  # fmt: skip
        except (NotAllowed, InvalidValue) as exc:
            outcome = (type(exc).__name__, exc.code)
        except OperationRefused as exc:
            outcome = ("OperationRefused", tuple(v.code for v in exc.violations))
        else:
            outcome = ("moved",)
        if outcome[0] != "moved":
            assert outcome == expected
            continue
        event = moved.events[-1]
        assert expected == ("ok", moved.state, event.role, event.source, event.target)
        assert type(moved.state) is Door
        assert replay(moved.events, DOOR) is moved.state
        record = moved


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Other(enum.IntEnum):
    ONE = 1


class Plain(enum.Enum):
    A = "open"
    B = 1.0


class Real(float, enum.Enum):  # equal to Level.LOW and Other.ONE, and hashed alike
    ONE = 1.0


@given(st.lists(st.sampled_from([*Door, *Level, *Other, *Plain, *Real, *RequestState, *Role,
                                 "open", "x", 1, 1.0, True]), max_size=12))  # fmt: skip
def test_a_state_s_text_is_remembered_as_it_reads(values: list[object]) -> None:
    """``state_value`` remembers each enum member's text: the answer is the member's own
    value as text, never that of an equal member of another enum or of a plain value."""
    for value in values:
        expected = str(value.value) if isinstance(value, enum.Enum) else str(value)
        if type(value) is str:
            expected = value
        assert state_value(value) == expected


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=3),
        st.integers() | st.tuples(st.text(max_size=2)),
        max_size=3,
    )
)
def test_an_event_s_data_is_sorted_pairs_however_many(data: dict[str, object]) -> None:
    """An effect's data of one pair skips the sort: the pairs are those the general path
    gives, for any number of pairs."""
    from teleaccord import statemachine

    assert statemachine._data(data) == tuple(sorted((str(k), v) for k, v in data.items()))
    assert statemachine._data(list(data.items())) == statemachine._data(data)


# -- wave 6, third pass: values set slot by slot ------------------------------------------------

PARIS = ZoneInfo("Europe/Paris")


class NamedText(str):
    """A text of a subclass of ``str`` (the fast paths take exact ``str`` only)."""


class NoOffset(tzinfo):
    """A time zone that gives no offset: a datetime in it is naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


texts_or_odd = st.sampled_from(["E1:b", "r", " x ", "", "   ", None, 3, NamedText("E1")])
moments = st.sampled_from(
    [
        AT,
        datetime(2024, 1, 2, 9, tzinfo=PARIS),
        datetime(2024, 1, 2, 9),  # naive
        datetime(2024, 1, 2, 9, tzinfo=NoOffset()),  # a zone without an offset: naive
        "2024-01-02T09:00:00+00:00",
        date(2024, 1, 2),
    ]
)
booking_days = st.sampled_from(
    [date(2024, 3, 5), "2024-03-05", datetime(2024, 3, 5, 9, tzinfo=timezone.utc), "x", None]
)
booking_halves = st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON, "am", " PM ", "x", 1])
kinds = st.sampled_from(
    ["regular", "Regular", " regular ", "occasional", "", None, NamedText("regular")]
)
notes = st.sampled_from(["", "request R1", None, 3])
exceptions = st.sampled_from(
    [None, AuthorisedException(approver="M2", reason="ok", codes=["period_quota_exceeded"])]
)


def _made(build: Callable[[], object]) -> object:
    """What building a value gives: the value, or the error's class, code and message."""
    try:
        return build()
    except InvalidValue as exc:
        return ("InvalidValue", exc.code, str(exc))
    except (TypeError, ValueError, AttributeError) as exc:
        return (type(exc).__name__,)


@given(
    entry_id=texts_or_odd,
    day=booking_days,
    half=booking_halves,
    recorded_at=moments,
    by=texts_or_odd,
    note_=notes,
    kind=kinds,
    exception=exceptions,
)
def test_a_booking_set_slot_by_slot_is_the_constructors(
    entry_id: object,
    day: object,
    half: object,
    recorded_at: object,
    by: object,
    note_: object,
    kind: object,
    exception: AuthorisedException | None,
) -> None:
    """``entries.new_booking`` (what ``book()`` builds its booking with) gives the value the
    constructor gives, each field of the same class, or the constructor's own refusal."""
    args = (entry_id, day, half, recorded_at, by, note_, kind, exception)
    ours = _made(lambda: entries.new_booking(*args))
    fresh = _made(
        lambda: Booking(
            entry_id=entry_id,
            day=day,
            half=half,
            recorded_at=recorded_at,
            by=by,
            note=note_,
            telework_kind=kind,
            exception=exception,
        )
    )
    assert ours == fresh
    if isinstance(fresh, Booking):
        assert type(ours) is Booking
        for field in attrs.fields(Booking):
            mine, theirs = getattr(ours, field.name), getattr(fresh, field.name)
            assert type(mine) is type(theirs)
            assert mine == theirs
        assert hash(ours) == hash(fresh)


def test_a_booking_is_set_slot_by_slot_while_validators_are_off() -> None:
    """With attrs' validators switched off, a value the fast path accepts is the same; one
    it does not accept goes to the constructor, which honours the switch."""
    naive = datetime(2024, 1, 2, 9)
    with _validators_off():
        ours = entries.new_booking("b", date(2024, 3, 5), None, naive, "E1", "", "regular", None)
        fresh = Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=naive, by="E1")
        assert ours == fresh
        assert entries.new_booking("b", date(2024, 3, 5), None, AT, "E1", "", "regular", None) == (
            Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=AT, by="E1")
        )
    with pytest.raises(InvalidValue) as refused:
        entries.new_booking("b", date(2024, 3, 5), None, naive, "E1", "", "regular", None)
    assert refused.value.code == "naive_datetime"


@contextlib.contextmanager
def _validators_off() -> Iterator[None]:
    attrs.validators.set_disabled(True)
    try:
        yield
    finally:
        attrs.validators.set_disabled(False)


@given(
    sequence=st.integers(min_value=1, max_value=9),
    at=st.sampled_from([AT, datetime(2024, 1, 2, 9, tzinfo=PARIS)]),
    reason=st.sampled_from(["", "busy"]),
    data=st.sampled_from([(), (("booked", ("R1@3:2024-01-05",)),), (("a", 1), ("b", "x"))]),
    role=st.sampled_from([r.value for r in Role]),
)
def test_an_event_set_slot_by_slot_is_the_constructors(
    sequence: int, at: datetime, reason: str, data: tuple[tuple[str, object], ...], role: str
) -> None:
    """The engine's audit event (its slots set through their descriptors) equals the one the
    constructor makes of the same values, each field of the same class."""
    from teleaccord import statemachine

    values = ("request", "R1", "ana", sequence, "max", role, at, "approve", "submitted",
              "approved", reason, data)  # fmt: skip
    ours = statemachine._event(*values)
    fresh = AuditEvent(**dict(zip(statemachine._EVENT_FIELDS, values, strict=True)))
    assert ours == fresh
    assert hash(ours) == hash(fresh)
    for field in attrs.fields(AuditEvent):
        assert type(getattr(ours, field.name)) is type(getattr(fresh, field.name))


def test_slot_setters_only_for_the_shapes_they_fill() -> None:
    """Setters are found for a slotted attrs class whose fields are exactly those named and
    whose ``__init__`` does nothing more; any other class gets none (its callers then build
    values through the constructor)."""

    @attrs.frozen
    class Pair:
        a: int
        b: int

    @attrs.frozen(cache_hash=True)
    class Hashed:
        a: int
        b: int

    @attrs.frozen
    class After:
        a: int
        b: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(slots=False)
    class Loose:
        a: int
        b: int

    setters = slots.slot_setters(Pair, ("a", "b"))
    assert setters is not None
    made = object.__new__(Pair)
    setters[0](made, 1)
    setters[1](made, 2)
    assert made == Pair(1, 2)
    assert slots.slot_setters(Pair, ("b", "a")) is None
    assert slots.slot_setters(Pair, ("a",)) is None
    assert slots.slot_setters(Hashed, ("a", "b")) is None
    assert slots.slot_setters(After, ("a", "b")) is None
    assert slots.slot_setters(Loose, ("a", "b")) is None
    for cls, names in ((Booking, entries._BOOKING_FIELDS),
                       (TeleworkRequest, approval._REQUEST_FIELDS)):  # fmt: skip
        assert slots.slot_setters(cls, names) is not None
    # Absence.build's fast path has its setters (the class has the fields it sets).
    assert slots.slot_setters(Absence, tuple(a.name for a in attrs.fields(Absence))) is not None


@pytest.mark.parametrize("name", ["tight", "halves", "pools", "carried"])
@given(ops=operations)
def test_a_committed_booking_is_indexed_as_one_replayed(
    name: str, ops: list[tuple[object, ...]]
) -> None:
    """``book()`` and ``cancel()`` check and index their entry in one step (the index's
    ``accept``); a ledger that replays the same entries one by one (``inconsistency``, then
    the index's ``add``) holds the same index, sums and balances."""
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    calendar = Calendar(country="FR")
    ledger = QuotaLedger(agreement=AGREEMENTS[name], contract=contract, calendar=calendar)
    ledger.grant(year_range(2024), at=AT, by="hr")
    for op in ops:
        note(repr(op))
        with contextlib.suppress(OperationRefused, InvalidValue):
            if op[0] == "book":
                _, day, half, kind = op
                ledger.book(day, half=half, at=AT, by="E1", telework_kind=kind)  # type: ignore[arg-type]
            elif op[0] == "cancel":
                active = ledger.active_bookings()
                if active:
                    ledger.cancel(active[op[1] % len(active)].entry_id, at=AT, by="E1")  # type: ignore[operator]
    replayed = QuotaLedger(agreement=AGREEMENTS[name], contract=contract, calendar=calendar)
    for entry in ledger.entries:
        replayed.replay(entry)
    ours, theirs = ledger._index, replayed._index
    for field in ("by_id", "bookings", "cancellation_of", "active", "absent", "irregular"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert ours.sums == theirs.sums
    for year in (2024, 2025):
        assert ledger.balance(year_range(year)) == replayed.balance(year_range(year))
    assert ledger.active_bookings() == replayed.active_bookings()


ZONES = ["Europe/Paris", "America/Santiago", "America/Havana", "Asia/Beirut", "Pacific/Apia",
         "Australia/Lord_Howe", "UTC"]  # fmt: skip


@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    zone=st.sampled_from(ZONES),
    minutes=st.integers(min_value=-36 * 60, max_value=36 * 60),
)
def test_a_day_start_in_utc_orders_as_the_local_one(day: date, zone: str, minutes: int) -> None:
    """A timestamp in UTC compares with ``day_start_utc`` as with ``day_start`` (the general
    comparison across time zones), around midnight, in zones whose clocks change at
    midnight too; and the request guards built on it answer alike for the same moment in UTC
    and in the agreement's own zone (the path without the shortcut)."""
    from teleaccord.statemachine import day_start, day_start_utc

    agreement = Agreement(name="z", timezone=zone)
    local, utc = day_start(day, agreement), day_start_utc(day, agreement)
    at = utc + timedelta(minutes=minutes)
    assert at.tzinfo is timezone.utc
    assert (at < local, at <= local, at > local, at >= local) == (
        at < utc, at <= utc, at > utc, at >= utc
    )  # fmt: skip
    workflow = RequestWorkflow(
        agreement=agreement, organisation=Organisation(managers={"ana": "max"})
    )
    request = TeleworkRequest(id="R1", employee="ana", days=day)
    answers = []
    for moment in (at, at.astimezone(ZoneInfo(zone))):
        step = Step(record=request, action="submit", actor="ana",
                    roles=frozenset({Role.EMPLOYEE}), at=moment, env=workflow)  # fmt: skip
        answers.append(
            [
                tuple(v.code for v in guard(step))
                for guard in (
                    approval.BEFORE_FIRST_DAY,
                    approval.DAY_REACHED,
                    approval.DAY_NOT_OVER,
                )
            ]
        )
    assert answers[0] == answers[1]


@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    zone=st.sampled_from(ZONES),
    notice=st.sampled_from(
        [
            Notice(working_days=2),
            Notice(deadline_days_before=1, deadline_time="19:00"),
            Notice(working_days=1, deadline_days_before=0, deadline_time="00:00"),
        ]
    ),
    offset=st.sampled_from([-3600_000_000, -1, 0, 1, 60_000_000, 3600_000_000]),
)
def test_the_notice_rule_answers_alike_in_utc_and_in_the_zone(
    day: date, zone: str, notice: Notice, offset: int
) -> None:
    """The notice rule remembers each deadline with its moment in UTC, for a timestamp in
    UTC: the same refusals (code, deadline, message) as for the same moment in the
    agreement's zone (the general path), and a refusal exactly when the moment is after
    ``Notice.deadline`` (tried around it, ``offset`` microseconds away)."""
    from teleaccord.rules import notice_given

    agreement = Agreement(name="n", timezone=zone, notice=notice)
    calendar = Calendar(country="FR")
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    deadline = notice.deadline(day, calendar, zone)
    assert deadline is not None
    at = deadline.astimezone(timezone.utc) + timedelta(microseconds=offset)
    answers = []
    for moment in (at, at.astimezone(ZoneInfo(zone)), at):  # the UTC one twice: remembered
        ctx = BookingContext(agreement=agreement, contract=contract, calendar=calendar,
                             day=day, at=moment)  # fmt: skip
        answers.append(
            [(v.code, dict(v.params).get("deadline"), v.message) for v in notice_given(ctx)]
        )
    assert answers[0] == answers[1] == answers[2]
    assert bool(answers[0]) == (at > deadline) == (offset > 0)
    ctx = BookingContext(agreement=Agreement(name="n", timezone=zone), contract=contract,
                         calendar=calendar, day=day, at=at)  # fmt: skip
    assert notice_given(ctx) == ()  # no notice: no deadline


# -- wave 7: a request workflow's own shortcuts -----------------------------------------------


class PlainWorkflow(RequestWorkflow):
    """A workflow of a subclass: every guard, routing condition and effect takes the general
    path (the workflow's agreement, policy, coverage and ledgers asked through its methods)."""


WAVE7_BASE = Agreement(
    name="wave7",
    quotas=[Quota(window="period", maximum=3), Quota(window="week", maximum=2)],
    granularity="half-day",
    notice=Notice(working_days=2),
    timezone="America/New_York",
)
WAVE7_AGREEMENTS = {
    "plain": WAVE7_BASE,
    "beyond limit": attrs.evolve(WAVE7_BASE, approval=ApprovalClause(beyond_limit=True)),
    "automatic": attrs.evolve(WAVE7_BASE, approval=ApprovalClause(required=False)),
    "history": AgreementHistory.single(WAVE7_BASE),
}
WAVE7_POLICIES = {
    "agreement's": None,
    "second level": ApprovalPolicy(second_level=True),
    "from the 2nd weekly day": ApprovalPolicy(second_level_from_weekly_day=2),
    "automatic": ApprovalPolicy(auto_approve=True),
}
wave7_hours = st.one_of(
    st.integers(min_value=-32, max_value=32), st.sampled_from([72, 120, 240, 480])
).map(lambda h: timedelta(hours=h))  # around the day's edges in several zones, or days before
wave7_steps = st.lists(
    st.tuples(
        st.sampled_from(
            ["approve", "approve", "approve", "approve", "auto_approve", "allow_exception",
             "reject", "withdraw", "cancel", "request_cancellation", "revoke", "expire"]
        ),
        st.sampled_from(["E1", "M1", "M1", "M1", "M2", "hr", "system"]),
        wave7_hours,
    ),
    max_size=3,
)  # fmt: skip
wave7_requests = st.lists(
    st.tuples(
        st.lists(st.sampled_from(range(4)), min_size=1, max_size=2, unique=True).map(sorted),
        halves,
        wave7_hours,  # when it is submitted
        wave7_steps,  # what follows, each at its moment
    ),
    max_size=4,
)


@pytest.mark.parametrize("agreement", sorted(WAVE7_AGREEMENTS))
@pytest.mark.parametrize("policy", sorted(WAVE7_POLICIES))
@given(
    ops=wave7_requests,
    covered=st.booleans(),
    zone=st.sampled_from([timezone.utc, PARIS]),
    first=st.sampled_from([date(2024, 3, 11), date(2024, 10, 28), date(2024, 12, 31)]),
)
def test_a_request_workflow_answers_as_one_of_a_subclass(
    agreement: str,
    policy: str,
    ops: list[tuple[list[int], str | None, timedelta, list[tuple[str, str, timedelta]]]],
    covered: bool,
    zone: tzinfo,
    first: date,
) -> None:
    """The shortcuts of a :class:`RequestWorkflow` (its own class only) give the answers of
    the general path a subclass takes: the same requests (states, bookings, approvers, audit
    events), the same refusals (type, code, parameters, violations) and the same ledger."""
    terms = WAVE7_AGREEMENTS[agreement]
    members = [
        TeamMember(contract=Contract.from_amendments(employee=e, hired=date(2020, 1, 1)))
        for e in ("E1", "E2")
    ]  # two on site at least: any telework day of E1 breaks it
    coverage = [TeamCoverage(team="t", members=members, rules=[CoverageRule(minimum=2)])]

    def flow(cls: type[RequestWorkflow]) -> RequestWorkflow:
        ledger = _granted_ledger(QuotaLedger, terms)
        chosen = {} if WAVE7_POLICIES[policy] is None else {"policy": WAVE7_POLICIES[policy]}
        return cls(
            agreement=terms,
            ledgers=[ledger],
            organisation=Organisation(managers={"E1": "M1", "M1": "M2"}, hr={"hr"}),
            coverage=coverage if covered else [],
            **chosen,  # type: ignore[arg-type]
        )

    ours, plain = flow(RequestWorkflow), flow(PlainWorkflow)
    for n, (offsets, half, submitted, steps) in enumerate(ops):
        request_days = [first + timedelta(days=d) for d in offsets]
        midnight = datetime.combine(request_days[0], datetime.min.time(), timezone.utc)
        pair = [
            TeleworkRequest(id=f"R{n}", employee="E1", days=request_days, half=half) for _ in "ab"
        ]
        for action, actor, before in [("submit", "E1", submitted), *steps]:
            note(repr((request_days, half, action, actor, before)))
            at = (midnight - before).astimezone(zone)
            outcomes: list[tuple[object, ...]] = []
            for wf, request in zip((ours, plain), pair, strict=True):
                try:
                    if action == "submit":  # with its automatic approval
                        outcomes.append(("ok", wf.submit(request, by=actor, at=at)))
                    else:
                        outcomes.append(
                            ("ok", wf.apply(request, action, by=actor, at=at, reason="r"))
                        )
                except (OperationRefused, NotAllowed, InvalidValue) as exc:
                    outcomes.append(_refusal(exc))
            assert outcomes[0] == outcomes[1]
            if outcomes[0][0] == "ok":
                pair = [outcomes[0][1], outcomes[1][1]]  # type: ignore[list-item]
                assert [e.to_dict() for e in pair[0].events] == [
                    e.to_dict() for e in pair[1].events
                ]
    assert list(ours.ledgers["E1"].entries) == list(plain.ledgers["E1"].entries)
