"""The shortcuts of a booking and of a request's transitions give the fresh answers (#18).

- :func:`~teleaccord.rules.applicable_rules` leaves out the rules an agreement's terms make
  silent: checking with them finds exactly what checking with every rule finds.
- The ledger gives the rules ``remaining_after`` (a period's remaining days in half-days,
  without a balance) and ``regular_only``: read by a rule of our own, the first equals the
  remaining days of the balance the ledger projects, and the second says what the bookings say.
- A request after a transition (:meth:`RequestWorkflow.evolve_record`, which converts only the
  changed fields) equals what ``attrs.evolve`` gives; roles and the rows open to an actor,
  remembered per organisation and table, are those an equal but distinct organisation or table
  gives (computed afresh).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    BOOKING_RULES,
    REQUEST_TRANSITIONS,
    Absence,
    Agreement,
    AuditEvent,
    Booking,
    BookingContext,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    InvalidValue,
    NotAllowed,
    OnSiteMinimum,
    OperationRefused,
    Organisation,
    Pool,
    Quota,
    QuotaLedger,
    RequestState,
    RequestWorkflow,
    Role,
    TeleworkRequest,
    TransitionTable,
    check_booking,
    year_range,
)
from teleaccord.agreement import Eligibility
from teleaccord.rules import applicable_rules
from teleaccord.statemachine import Workflow

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
START = date(2024, 1, 1)

days = st.integers(min_value=0, max_value=730).map(lambda n: START + timedelta(n))
halves = st.sampled_from([None, "am", "pm"])


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    """Agreements whose terms switch each optional rule on or off."""
    quotas = [Quota(window="period", maximum=draw(st.sampled_from([3, 20])))]
    if draw(st.booleans()):
        quotas.append(Quota(window=draw(st.sampled_from(["week", "month"])), maximum=2))
    pools = []
    if draw(st.booleans()):
        pools = [
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="week", maximum=1)])
        ]
    return Agreement(
        name="random",
        quotas=quotas,
        pools=pools,
        granularity=draw(st.sampled_from(["day", "half-day"])),
        excluded_weekdays=draw(st.sampled_from([[], ["We"]])),
        blackout=draw(st.sampled_from([[], [date(2024, 6, 5), date(2025, 3, 4)]])),
        valid=draw(st.sampled_from([None, DateRange(date(2024, 3, 1), date(2025, 6, 30))])),
        eligibility=draw(st.sampled_from([Eligibility(), Eligibility(min_seniority_months=60)])),
        on_site=draw(st.sampled_from([[], [OnSiteMinimum(window="week", share="60 %")]])),
        max_consecutive_days=draw(st.sampled_from([None, 2])),
        carry_over=draw(st.sampled_from([CarryOver(), CarryOver(mode="all")])),
    )


@given(
    agreement=agreements(),
    day=st.one_of(days, st.sampled_from([date(2024, 6, 5), date(2025, 3, 4), date(2025, 7, 2)])),
    half=halves,
    kind=st.sampled_from(["regular", "occasional", "imposed"]),
    booked=st.lists(st.tuples(days, halves), max_size=8),
    hired=st.sampled_from([date(2020, 1, 1), date(2024, 2, 1)]),
)
def test_the_applicable_rules_find_what_every_rule_finds(
    agreement: Agreement,
    day: date,
    half: str | None,
    kind: str,
    booked: list[tuple[date, str | None]],
    hired: date,
) -> None:
    bookings = [
        Booking(entry_id=f"b{n}", day=d, half=h, recorded_at=AT, by="E1")
        for n, (d, h) in enumerate(booked)
    ]
    context = BookingContext(
        agreement=agreement,
        contract=Contract.from_amendments(employee="E1", hired=hired),
        calendar=Calendar(country="FR"),
        day=day,
        half=half,
        at=AT,
        bookings=bookings,
        telework_kind=kind,
    )
    kept = applicable_rules(agreement)
    assert applicable_rules(agreement) is kept  # remembered
    assert set(kept) <= set(BOOKING_RULES)
    assert [r for r in BOOKING_RULES if r in kept] == list(kept)  # in rule order
    assert check_booking(context, kept) == check_booking(context)


def test_a_rule_of_ones_own_is_always_kept() -> None:
    def mine(context: BookingContext) -> tuple[()]:
        return ()

    agreement = Agreement(name="plain")
    kept = applicable_rules(agreement, (*BOOKING_RULES, mine))
    assert kept[-1] is mine
    # A plain agreement (whole days) silences seven optional rules.
    assert len(kept) == len(BOOKING_RULES) - 7 + 1


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("book"), days, halves, st.sampled_from(["regular", "occasional", "imposed"])
        ),
        st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=30)),
        st.tuples(st.just("adjust"), st.sampled_from([2024, 2025]), st.sampled_from(["-1", "1/2"])),
        st.tuples(st.just("absence"), days),
        st.tuples(st.just("check"), days, halves, st.sampled_from(["regular", "occasional"])),
    ),
    max_size=25,
)

LEDGER_AGREEMENTS = {
    "no carry-over": Agreement(name="none", quotas=[Quota(window="period", maximum=4)]),
    "half-days": Agreement(
        name="halves", quotas=[Quota(window="period", maximum=3)], granularity="half-day"
    ),
    "carried": Agreement(
        name="carried", quotas=[Quota(window="period", maximum=3)], carry_over=CarryOver(mode="all")
    ),
    "pools": Agreement(
        name="pools",
        quotas=[Quota(window="period", maximum=3)],
        pools=[
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=2)])
        ],
        granularity="half-day",
    ),
}


@pytest.mark.parametrize("name", sorted(LEDGER_AGREEMENTS))
@given(ops=operations)
def test_the_ledgers_shortcuts_equal_its_balances(name: str, ops: list[tuple[object, ...]]) -> None:
    seen: list[str] = []

    def spy(context: BookingContext) -> tuple[()]:
        assert context.balance_after is not None
        assert context.remaining_after is not None
        for period in context.periods_after:
            fresh = context.balance_after(period, None).remaining
            assert context.remaining_after(period) == fresh
            assert type(context.remaining_after(period)) is Fraction
        kinds = {b.telework_kind for bs in context.bookings.values() for b in bs}
        if context.regular_only:
            assert kinds <= {"regular"}
        seen.append(context.telework_kind)
        return ()

    ledger = QuotaLedger(
        agreement=LEDGER_AGREEMENTS[name],
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(country="FR"),
        rules=(*BOOKING_RULES, spy),
    )
    ledger.grant(year_range(2024), at=AT, by="hr")
    ledger.grant(year_range(2025), at=AT, by="hr")
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
            elif op[0] == "adjust":
                ledger.adjust(year_range(op[1]), op[2], reason="fix", at=AT, by="hr")  # type: ignore[arg-type]
            elif op[0] == "absence":
                first: date = op[1]  # type: ignore[assignment]
                absence = Absence(
                    absence_id=f"A{ledger.version}", employee="E1", kind="sickness",
                    days=DateRange(first, first),
                )  # fmt: skip
                ledger.record_absence(absence, at=AT, by="hr")
            else:
                _, day, half, kind = op
                first_answer = ledger.check(day, half=half, at=AT, telework_kind=kind)  # type: ignore[arg-type]
                # The remembered answer, and the answer of the same entries replayed afresh.
                assert ledger.check(day, half=half, at=AT, telework_kind=kind) == first_answer  # type: ignore[arg-type]
                fresh = QuotaLedger(
                    agreement=ledger.agreement,
                    contract=ledger.contract,
                    calendar=Calendar(country="FR"),
                    entries=ledger.entries,
                    rules=[lambda c, r=r: r(c) for r in BOOKING_RULES],  # no rule left out
                )
                assert fresh.check(day, half=half, at=AT, telework_kind=kind) == first_answer  # type: ignore[arg-type]
        except (OperationRefused, InvalidValue):
            pass


# -- requests ------------------------------------------------------------------------------

texts = st.text(alphabet="abcXYZ", min_size=1, max_size=4)


@given(
    state=st.sampled_from(list(RequestState)),
    changes=st.fixed_dictionaries(
        {},
        optional={
            "bookings": st.lists(st.one_of(texts, st.integers(0, 9)), max_size=3),
            "approved_by": st.lists(st.one_of(texts, st.integers(0, 9)), max_size=3).map(tuple),
            "events": st.just(
                [
                    AuditEvent(
                        machine="request",
                        subject="R1",
                        employee="ana",
                        sequence=1,
                        actor="ana",
                        role="employee",
                        at=AT,
                        action="submit",
                        source="draft",
                        target="submitted",
                    )
                ]
            ),
        },
    ),
    as_text=st.booleans(),
)
def test_a_request_after_a_transition_is_what_attrs_evolve_gives(
    state: RequestState, changes: dict[str, object], as_text: bool
) -> None:
    workflow = RequestWorkflow(agreement=Agreement(name="x"))
    request = TeleworkRequest(id="R1", employee="ana", days=[date(2024, 6, 4)], half="pm")
    changes = {"state": state.value if as_text else state, **changes}
    ours = workflow.evolve_record(request, dict(changes))
    fresh = Workflow.evolve_record(workflow, request, dict(changes))
    assert ours == fresh == attrs.evolve(request, **changes)  # type: ignore[arg-type]
    assert type(ours) is TeleworkRequest
    assert [type(x) for x in ours.bookings] == [str] * len(ours.bookings)


ACTORS = ["ana", "max", "eve", "hr1", "system", "zoe"]


@given(
    actor=st.sampled_from(ACTORS),
    state=st.sampled_from(list(RequestState)),
    action=st.sampled_from(["submit", "approve", "reject", "withdraw", "cancel", "revoke"]),
    reason=st.sampled_from(["", "busy"]),
)
def test_remembered_roles_and_rows_are_those_computed_afresh(
    actor: str, state: RequestState, action: str, reason: str
) -> None:
    def organisation() -> Organisation:
        return Organisation(managers={"ana": "max", "max": "eve"}, hr={"hr1"})

    contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1))
    request = TeleworkRequest(id="R1", employee="ana", days=[date(2024, 6, 4)], state=state)
    at = datetime(2024, 6, 1, 9, tzinfo=timezone.utc)

    def outcome(table: TransitionTable, org: Organisation) -> object:
        @attrs.frozen(kw_only=True)
        class Flow(RequestWorkflow):
            pass

        Flow.table = table  # type: ignore[misc]
        ledger = QuotaLedger(agreement=Agreement(name="x"), contract=contract, calendar=Calendar())
        flow = Flow(agreement=Agreement(name="x"), organisation=org, ledgers={"ana": ledger})
        assert org.roles(actor, "ana") == org.roles(actor, "ana")
        try:
            result = flow.apply(request, action, by=actor, at=at, reason=reason)
        except (NotAllowed, InvalidValue, OperationRefused) as refused:
            return type(refused).__name__, refused.code, str(refused)
        return result.state, result.events[-1].to_dict()

    same = organisation()
    first = outcome(REQUEST_TRANSITIONS, same)
    again = outcome(REQUEST_TRANSITIONS, same)  # remembered roles and rows
    copy = TransitionTable(
        name=REQUEST_TRANSITIONS.name,
        states=REQUEST_TRANSITIONS.states,
        initial=REQUEST_TRANSITIONS.initial,
        transitions=REQUEST_TRANSITIONS.transitions,
    )
    fresh = outcome(copy, organisation())  # another table and organisation: computed afresh
    assert first == again == fresh
    assert organisation().roles(actor, "ana") == same.roles(actor, "ana")
    if actor == "max":
        assert same.roles(actor, "ana") == frozenset({Role.MANAGER})
