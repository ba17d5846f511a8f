"""Replaying a stored history in one pass (``QuotaLedger.replay_many``, ``fold.add_entries``)
against replaying it entry by entry (#18).

The entries are random and often inconsistent (ids used twice, days booked twice, absent
days, cancellations of unknown or already cancelled bookings or of another day, periods
granted twice or not reference periods): the bulk path must refuse the same entries with
the same codes and messages, keep the same entries, and give the same balances, in every
pool, as of any day, including when the ledger already answered a question between two
replays (its running sums by day then exist).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    Absence,
    AbsenceRecord,
    Adjustment,
    Agreement,
    Booking,
    Calendar,
    Cancellation,
    CarryOver,
    Contract,
    DateRange,
    Grant,
    InvalidValue,
    Pool,
    Quota,
    QuotaLedger,
    year_range,
)
from teleaccord.agreement import Accrual
from teleaccord.fold import PeriodSums, add_entries, add_entry

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
START = date(2024, 1, 1)
SPAN = 731  # 2024 and 2025

AGREEMENTS = {
    "no carry-over": Agreement(name="none", quotas=[Quota(window="period", maximum=6)]),
    "capped, expiring": Agreement(
        name="capped",
        quotas=[Quota(window="period", maximum=5)],
        carry_over=CarryOver(mode="capped", cap=2, expires_on="03-31"),
    ),
    "all, monthly accrual": Agreement(
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
ids = st.integers(min_value=0, max_value=40).map(lambda n: f"e{n}")  # few: ids collide


@st.composite
def histories(draw: st.DrawFn) -> list[object]:
    """Entries as a store could hold them, consistent or not."""
    entries: list[object] = []
    bookings: list[Booking] = []
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        what = draw(st.sampled_from(["book"] * 5 + ["cancel"] * 3 + ["grant", "adjust", "absence"]))
        entry_id = draw(ids)
        if what == "book":
            half = draw(st.sampled_from([None, "am", "pm"]))
            kind = draw(st.sampled_from(["regular", "regular", "occasional", "imposed"]))
            booking = Booking(
                entry_id=entry_id,
                day=draw(days),
                half=half,
                telework_kind=kind,
                recorded_at=AT,
                by="E1",
            )
            bookings.append(booking)
            entries.append(booking)
        elif what == "cancel":
            if bookings and draw(st.booleans()):
                target = draw(st.sampled_from(bookings))
                booking_id, day, amount = target.entry_id, target.day, target.amount
                kind = target.telework_kind
                if draw(st.integers(min_value=0, max_value=5)) == 0:  # of another day
                    day += timedelta(1)
            else:
                booking_id, day, amount, kind = draw(ids), draw(days), Fraction(1), "regular"
            entries.append(
                Cancellation(
                    entry_id=entry_id,
                    booking_id=booking_id,
                    day=day,
                    amount=amount,
                    telework_kind=kind,
                    recorded_at=AT,
                    by="E1",
                )
            )
        elif what == "grant":
            year = draw(st.sampled_from([2024, 2025]))
            period = year_range(year)
            if draw(st.integers(min_value=0, max_value=5)) == 0:  # not a reference period
                period = DateRange(date(year, 2, 1), date(year, 12, 31))
            amount = draw(st.sampled_from(["5", "17/2", "0"]))
            entries.append(
                Grant(
                    entry_id=entry_id,
                    period=period,
                    amount=amount,
                    exact=amount,
                    recorded_at=AT,
                    by="hr",
                    pool=draw(st.sampled_from(["default", "flexible"])),
                )
            )
        elif what == "adjust":
            entries.append(
                Adjustment(
                    entry_id=entry_id,
                    period=year_range(draw(st.sampled_from([2024, 2025]))),
                    amount=draw(st.sampled_from(["-1", "1/2", "1/3", "2"])),
                    reason="correction",
                    recorded_at=AT,
                    by="hr",
                    pool=draw(st.sampled_from(["default", "flexible"])),
                )
            )
        else:
            first = draw(days)
            absence = Absence(
                absence_id=entry_id,
                employee="E1",
                kind="sickness",
                days=DateRange(first, first + timedelta(draw(st.integers(0, 3)))),
            )
            entries.append(AbsenceRecord(absence=absence, recorded_at=AT, by="hr"))
    return entries


def _ledger(agreement: Agreement) -> QuotaLedger:
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    return QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar(country="FR"))


def _one_by_one(ledger: QuotaLedger, entries: list[object]) -> list[tuple[int, str, str]]:
    refused = []
    for n, entry in enumerate(entries):
        try:
            ledger.replay(entry)  # type: ignore[arg-type]
        except InvalidValue as error:
            refused.append((n, error.code, error.message))
    return refused


def _figures(ledger: QuotaLedger) -> list[object]:
    found: list[object] = []
    for pool in ledger.agreement.pool_names:
        for period in (year_range(2024), year_range(2025)):
            for as_of in [None, date(2024, 3, 31), date(2024, 7, 1), date(2025, 4, 1)]:
                found.append(ledger.balance(period, as_of=as_of, pool=pool))
    return found


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
@given(entries=histories(), split=st.integers(min_value=0, max_value=40))
def test_replay_many_refuses_and_counts_as_replay_one_by_one(
    name: str, entries: list[object], split: int
) -> None:
    agreement = AGREEMENTS[name]
    single = _ledger(agreement)
    expected = _one_by_one(single, entries)
    note(f"refused one by one: {expected}")

    bulk = _ledger(agreement)
    first, second = entries[:split], entries[split:]
    refused = [(n, e.code, e.message) for n, e in bulk.replay_many(first)]  # type: ignore[arg-type]
    # A question between the two replays: the ledger's running sums by day exist then.
    bulk.balance(year_range(2024), as_of=date(2024, 6, 30))
    refused += [
        (n + len(first), e.code, e.message)
        for n, e in bulk.replay_many(second)  # type: ignore[arg-type]
    ]

    assert refused == expected
    assert bulk.entries == single.entries
    assert bulk.version == single.version
    assert bulk.active_bookings() == single.active_bookings()
    assert bulk.periods() == single.periods()
    assert _figures(bulk) == _figures(single)


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
@given(entries=histories())
def test_add_entries_sums_as_add_entry_one_by_one(name: str, entries: list[object]) -> None:
    agreement = AGREEMENTS[name]
    ledger = _ledger(agreement)
    ledger.replay_many(entries)  # type: ignore[arg-type]
    kept = ledger.entries  # consistent entries: what a ledger sums
    for pool in agreement.pool_names:
        expected: dict[DateRange, PeriodSums] = {}
        for entry in kept:
            add_entry(expected, entry, agreement, pool)
        found: dict[DateRange, PeriodSums] = {}
        add_entries(found, kept, agreement, pool)
        assert found == expected
        for sums in found.values():  # exact day amounts, never ints or floats
            assert all(type(value) is Fraction for value in sums)


def test_a_refusal_in_the_middle_leaves_the_entries_before_and_after() -> None:
    """Hand-made: a day booked twice is refused at its own position, the rest counts."""
    ledger = _ledger(AGREEMENTS["no carry-over"])
    day = date(2024, 3, 5)
    b1 = Booking(entry_id="b1", day=day, recorded_at=AT, by="E1")
    b2 = Booking(entry_id="b2", day=day, recorded_at=AT, by="E1")
    b3 = Booking(entry_id="b3", day=date(2024, 3, 6), half="am", recorded_at=AT, by="E1")
    grant = Grant(entry_id="g", period=year_range(2024), amount=6, exact=6, recorded_at=AT, by="hr")
    refused = ledger.replay_many([grant, b1, b2, b3])
    assert [(n, e.code) for n, e in refused] == [(2, "inconsistent_entries")]
    assert "booked twice" in refused[0][1].message
    assert [e.entry_id for e in ledger.entries] == ["g", "b1", "b3"]
    balance = ledger.balance(year_range(2024))
    assert balance.booked == Fraction(3, 2)  # 1 + 1/2, by hand
    assert balance.remaining == Fraction(9, 2)  # 6 - 3/2


@pytest.mark.parametrize("name", ["capped, expiring", "pools"])
@given(entries=histories())
def test_the_constructor_refuses_the_first_entry_replay_refuses(
    name: str, entries: list[object]
) -> None:
    agreement = AGREEMENTS[name]
    single = _ledger(agreement)
    expected = _one_by_one(single, entries)
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))

    def build() -> QuotaLedger:
        return QuotaLedger(
            agreement=agreement,
            contract=contract,
            calendar=Calendar(country="FR"),
            entries=entries,  # type: ignore[arg-type]
        )

    if expected:
        n, code, message = expected[0]
        with pytest.raises(InvalidValue) as raised:
            build()
        assert (raised.value.code, raised.value.message) == (code, f"entries[{n}]: {message}")
    else:
        built = build()
        assert built.entries == single.entries
        assert _figures(built) == _figures(single)
