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
"""

from __future__ import annotations

import contextlib
import copy
import pickle
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    BOOKING_RULES,
    Accrual,
    Agreement,
    ApprovalPolicy,
    BookingContext,
    Calendar,
    CarryOver,
    Contract,
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
    TeleworkRequest,
    Violation,
    approval,
    year_range,
)
from teleaccord.rules import within_period_quota
from teleaccord.statemachine import Step

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

    ledger = QuotaLedger(
        agreement=AGREEMENTS[name],
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(country="FR"),
        rules=(*BOOKING_RULES, spy),
    )
    ledger.grant(year_range(2024), at=AT, by="hr")
    if grant_2025:
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
            else:
                ledger.adjust(year_range(op[1]), op[2], reason="fix", at=AT, by="hr")  # type: ignore[arg-type]
        except (OperationRefused, InvalidValue):
            pass
    if any(op[0] == "book" for op in ops):  # a repeated booking may be answered from memory
        assert compared


def test_the_shortcut_refuses_as_the_plain_rule() -> None:
    """A hand-made case: the fourth day of a 3-day quota is refused, with its figures."""
    ledger = QuotaLedger(
        agreement=AGREEMENTS["tight"],
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(country="FR"),
    )
    ledger.grant(year_range(2024), at=AT, by="hr")
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
        self._check_memo.clear()
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
        ledger = cls(
            agreement=agreement,
            contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
            calendar=Calendar(country="FR"),
        )
        ledger.grant(year_range(2024), at=AT, by="hr")
        ledger.grant(year_range(2025), at=AT, by="hr")
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
                outcomes.append(
                    (type(exc).__name__, exc.code, exc.params,
                     [(v.code, v.day, v.params) for v in getattr(exc, "violations", ())])
                )  # fmt: skip
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
