"""The ledger's incremental figures against a plain fold over every entry (#18).

The ledger keeps running sums (per pool, period and day) for balances ``as_of`` a date,
remembers the booking rules' answers until it changes, and projects a booking's effect on
the period quota from its per-period sums. Each must give what the plain model gives: the
entries folded again from the start (``period_sums`` then ``fold_balances``), and the rules
run on a context whose balances are folded from every entry plus the candidate booking. The
operations are random (grants, bookings in any order, cancellations, adjustments, absences)
and the figures are compared between them, so stale figures would show.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    BOOKING_RULES,
    Absence,
    Agreement,
    Booking,
    BookingContext,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    InvalidValue,
    OperationRefused,
    Pool,
    Quota,
    QuotaLedger,
    check_booking,
    fold_balances,
    period_sums,
    year_range,
)
from teleaccord.agreement import Accrual

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
START = date(2024, 1, 1)
SPAN = 731  # 2024 and 2025

AGREEMENTS = {
    "no carry-over": Agreement(
        name="none",
        quotas=[Quota(window="period", maximum=6), Quota(window="week", maximum=3)],
    ),
    "capped, expiring": Agreement(
        name="capped",
        quotas=[Quota(window="period", maximum=5)],
        carry_over=CarryOver(mode="capped", cap=2, expires_on="03-31"),
    ),
    "all, monthly accrual, negative allowed": Agreement(
        name="accrual",
        quotas=[Quota(window="period", maximum=12)],
        carry_over=CarryOver(mode="all"),
        accrual=Accrual(step="monthly"),
        allow_negative=True,
        negative_limit=1,
        granularity="half-day",
    ),
    "pools": Agreement(
        name="pools",
        quotas=[Quota(window="period", maximum=4)],
        pools=[
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=3)])
        ],
        granularity="half-day",
    ),
}

days = st.integers(min_value=0, max_value=SPAN - 1).map(lambda n: START + timedelta(n))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("grant"), st.sampled_from([2024, 2025])),
        st.tuples(
            st.just("book"),
            days,
            st.sampled_from([None, "am", "pm"]),
            st.sampled_from(["regular", "occasional", "imposed"]),
        ),
        st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=50)),
        st.tuples(
            st.just("adjust"),
            st.sampled_from([2024, 2025]),
            st.sampled_from(["-1", "1/2", "2", "-1/2"]),
            st.sampled_from(["default", "flexible"]),
        ),
        st.tuples(st.just("absence"), days, st.integers(min_value=0, max_value=3)),
        st.tuples(st.just("balance"), days, st.sampled_from(["default", "flexible"])),
        st.tuples(st.just("check"), days, st.sampled_from([None, "am"])),
    ),
    max_size=30,
)


def _ledger(agreement: Agreement) -> QuotaLedger:
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    return QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar(country="FR"))


def _model_balance(ledger: QuotaLedger, period: object, as_of: date | None, pool: str) -> object:
    """The balance folded from every entry, as the ledger did before it kept running sums."""
    agreement = ledger.agreement
    sums = period_sums(ledger.entries, agreement, as_of=as_of, pool=pool)
    return fold_balances(
        sums,
        agreement.pool_agreement(pool),
        through=period,  # type: ignore[arg-type]
        employee=ledger.employee,
        as_of=as_of,
        pool=pool,
    )[period]  # type: ignore[index]


def _model_balances(ledger: QuotaLedger, day: date, half: str | None) -> object:
    """The balance of a period once a regular booking of ``day`` is added, folded from every
    entry."""
    candidate = Booking(entry_id="(candidate)", day=day, half=half, recorded_at=AT, by="(check)")
    entries = [*ledger.entries, candidate]

    def balance(period: object) -> object:
        sums = period_sums(entries, ledger.agreement)
        return fold_balances(
            sums,
            ledger.agreement,
            through=period,  # type: ignore[arg-type]
            employee=ledger.employee,
        )[period]  # type: ignore[index]

    return balance


def _model_check(
    ledger: QuotaLedger, day: date, half: str | None, kind: str = "regular"
) -> tuple[object, ...]:
    """The rules on a context whose balances fold every entry plus the candidate."""
    agreement = ledger.agreement
    candidate = Booking(
        entry_id="(candidate)", day=day, half=half, recorded_at=AT, by="(check)", telework_kind=kind
    )
    entries = [*ledger.entries, candidate]
    pool = agreement.pool_of(kind)

    def balance_after(period: object, as_of: date | None) -> object:
        chosen = "default" if pool is None else pool
        sums = period_sums(entries, agreement, as_of=as_of, pool=chosen)
        return fold_balances(
            sums,
            agreement.pool_agreement(chosen),
            through=period,  # type: ignore[arg-type]
            employee=ledger.employee,
            as_of=as_of,
            pool=chosen,
        )[period]  # type: ignore[index]

    own = ledger.period_of(day)
    held = period_sums(ledger.entries, agreement)
    later = sorted((p for p in held if p.start > own.start), key=lambda p: p.start)
    context = BookingContext(
        agreement=agreement,
        contract=ledger.contract,
        calendar=ledger.calendar,
        day=day,
        half=half,
        at=AT,
        bookings=ledger.active_bookings(),
        balance_after=balance_after,  # type: ignore[arg-type]
        periods_after=(own, *later),
        absences=ledger.absences,
        telework_kind=kind,
    )
    return check_booking(context)


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
@given(ops=operations)
def test_incremental_figures_equal_a_full_refold(name: str, ops: list[tuple[object, ...]]) -> None:
    agreement = AGREEMENTS[name]
    ledger = _ledger(agreement)
    pools = agreement.pool_names
    for op in ops:
        note(repr(op))
        before = ledger.entries
        try:
            if op[0] == "grant":
                ledger.grant(year_range(op[1]), at=AT, by="hr")  # type: ignore[arg-type]
            elif op[0] == "book":
                _, day, half, kind = op
                ledger.book(day, half=half, at=AT, by="E1", telework_kind=kind)  # type: ignore[arg-type]
            elif op[0] == "cancel":
                active = ledger.active_bookings()
                if active:
                    chosen = active[op[1] % len(active)]  # type: ignore[operator]
                    ledger.cancel(chosen.entry_id, at=AT, by="E1")
            elif op[0] == "adjust" and op[3] in pools:
                ledger.adjust(
                    year_range(op[1]),  # type: ignore[arg-type]
                    op[2],  # type: ignore[arg-type]
                    reason="correction",
                    at=AT,
                    by="hr",
                    pool=op[3],  # type: ignore[arg-type]
                )
            elif op[0] == "absence":
                first: date = op[1]  # type: ignore[assignment]
                absence = Absence(
                    absence_id=f"A{ledger.version}",
                    employee="E1",
                    kind="sickness",
                    days=DateRange(first, first + timedelta(op[2])),  # type: ignore[operator]
                )
                ledger.record_absence(absence, at=AT, by="hr")
            elif op[0] == "balance" and op[2] in pools:
                as_of: date = op[1]  # type: ignore[assignment]
                period = ledger.period_of(as_of)
                for when in (as_of, None):
                    assert ledger.balance(period, as_of=when, pool=op[2]) == _model_balance(  # type: ignore[arg-type]
                        ledger,
                        period,
                        when,
                        op[2],  # type: ignore[arg-type]
                    )
            elif op[0] == "check":
                day: date = op[1]  # type: ignore[no-redef]
                expected = _model_check(ledger, day, op[2])  # type: ignore[arg-type]
                assert ledger.check(day, half=op[2], at=AT) == expected  # type: ignore[arg-type]
                assert ledger.check(day, half=op[2], at=AT) == expected  # type: ignore[arg-type]
        except (OperationRefused, InvalidValue):
            assert ledger.entries == before  # a refused operation changes nothing
    # At the end: every period, every pool, as of every month's first day and of none.
    for pool in pools:
        for period in (year_range(2024), year_range(2025)):
            for as_of in [None, *(date(y, m, 1) for y in (2024, 2025, 2026) for m in (1, 4, 7))]:
                assert ledger.balance(period, as_of=as_of, pool=pool) == _model_balance(
                    ledger, period, as_of, pool
                )


@pytest.mark.parametrize("name", ["no carry-over", "capped, expiring"])
@given(ops=operations)
def test_a_booking_is_refused_or_recorded_as_the_model_says(
    name: str, ops: list[tuple[object, ...]]
) -> None:
    """book() (the candidate built once, the rules' answer remembered) refuses exactly what
    the rules on a fully refolded context find, and the balances it projects for the rules
    (read by a rule of our own) are the model's."""
    seen: list[tuple[object, object]] = []

    def spy(context: BookingContext) -> tuple[()]:
        assert context.balance_after is not None
        for period in context.periods_after:
            seen.append((period, context.balance_after(period, None)))
        return ()

    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = QuotaLedger(
        agreement=AGREEMENTS[name],
        contract=contract,
        calendar=Calendar(country="FR"),
        rules=(*BOOKING_RULES, spy),
    )
    ledger.grant(year_range(2024), at=AT, by="hr")
    projected = 0
    for op in ops:
        if op[0] != "book":
            continue
        _, day, half, _kind = op
        model = _model_balances(ledger, day, half)  # type: ignore[arg-type]
        seen.clear()
        expected = _model_check(ledger, day, half)  # type: ignore[arg-type]
        assert seen == []  # the model context runs the default rules only
        ledger.check(day, half=half, at=AT)  # type: ignore[arg-type]
        assert seen == [(period, model(period)) for period, _ in seen]
        projected += len(seen)  # none when the answer was remembered (same ledger, same day)
        note(f"{day} {half}: {[v.code for v in expected]}")  # type: ignore[attr-defined]
        before = ledger.version
        if expected:
            with pytest.raises(OperationRefused) as refused:
                ledger.book(day, half=half, at=AT, by="E1")  # type: ignore[arg-type]
            assert refused.value.violations == expected
            assert ledger.version == before
        else:
            ledger.book(day, half=half, at=AT, by="E1")  # type: ignore[arg-type]
            assert ledger.version == before + 1
    assert projected or not any(op[0] == "book" for op in ops)
