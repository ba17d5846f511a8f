"""The balance fold: laws of fold_periods/fold_balances/realize, against a simple model."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

from hypothesis import given, note
from hypothesis import strategies as st

from strategies import FOLD_YEARS, fold_histories
from teleaccord import (
    Adjustment,
    Agreement,
    Booking,
    Calendar,
    Cancellation,
    CarryOver,
    CarryOverMode,
    Contract,
    Entry,
    Grant,
    PeriodSums,
    Quota,
    QuotaLedger,
    fold_balances,
    fold_periods,
    period_sums,
    realize,
    year_range,
)
from teleaccord.fold import Balance, statement

ZERO = Fraction(0)
AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
FIRST, LAST = year_range(FOLD_YEARS[0]), year_range(FOLD_YEARS[-1])
FIGURES = ("granted", "carried", "adjusted", "booked", "cancelled", "expired", "forfeited")


def agreement_of(carry_over: CarryOver) -> Agreement:
    return Agreement(name="fold", granularity="half-day", carry_over=carry_over)


def model(carry_over: CarryOver, entries: list[Entry]) -> dict[int, dict[str, Fraction]]:
    """The figures of each year, from dicts and a year loop (written without the fold)."""
    cancelled_ids = {e.booking_id for e in entries if isinstance(e, Cancellation)}
    result: dict[int, dict[str, Fraction]] = {}
    carry = ZERO
    for year in FOLD_YEARS:
        mine = [e for e in entries if e.day.year == year]
        granted = sum((e.amount for e in mine if isinstance(e, Grant)), ZERO)
        adjusted = sum((e.amount for e in mine if isinstance(e, Adjustment)), ZERO)
        booked = sum((e.amount for e in mine if isinstance(e, Booking)), ZERO)
        cancelled = sum((e.amount for e in mine if isinstance(e, Cancellation)), ZERO)
        expired = ZERO
        if carry and carry_over.expires_on is not None:
            last = date(year, *carry_over.expires_on)
            used = sum(
                (
                    e.amount
                    for e in mine
                    if isinstance(e, Booking) and e.entry_id not in cancelled_ids and e.day <= last
                ),
                ZERO,
            )
            expired = max(ZERO, carry - used)
        remaining = granted + carry + adjusted - booked + cancelled - expired
        if carry_over.mode is CarryOverMode.NONE or remaining <= 0:
            out = ZERO
        elif carry_over.mode is CarryOverMode.CAPPED:
            assert carry_over.cap is not None
            out = min(carry_over.cap, remaining)
        else:
            out = remaining
        result[year] = {
            "granted": granted,
            "carried": carry,
            "adjusted": adjusted,
            "booked": booked,
            "cancelled": cancelled,
            "expired": expired,
            "forfeited": max(ZERO, remaining) - out,
            "remaining": remaining,
        }
        carry = out
    return result


def figures(balance: Balance) -> dict[str, Fraction]:
    return {name: getattr(balance, name) for name in (*FIGURES, "remaining")}


@given(fold_histories())
def test_realize_gives_the_figures_of_a_year_by_year_model(
    history: tuple[CarryOver, list[Entry]],
) -> None:
    carry_over, entries = history
    note(f"{carry_over!r}")
    found = realize(entries, agreement_of(carry_over), employee="E1", through=LAST)
    expected = model(carry_over, entries)
    years = [p.start.year for p in found]
    assert years == list(FOLD_YEARS[FOLD_YEARS.index(years[0]) :])  # from the first with entries
    for period, balance in found.items():
        assert figures(balance) == expected[period.start.year], period


@given(fold_histories())
def test_what_a_period_ends_with_is_carried_out_or_forfeited(
    history: tuple[CarryOver, list[Entry]],
) -> None:
    carry_over, entries = history
    found = list(realize(entries, agreement_of(carry_over), through=LAST).values())
    for before, after in itertools.pairwise(found):
        assert after.carried + before.forfeited == max(ZERO, before.remaining)
        assert after.carried >= 0
        assert before.forfeited >= 0


@given(fold_histories())
def test_forfeited_days_do_not_reduce_the_remaining_days(
    history: tuple[CarryOver, list[Entry]],
) -> None:
    carry_over, entries = history
    for b in realize(entries, agreement_of(carry_over), through=LAST).values():
        assert b.remaining == (
            b.granted + b.carried + b.adjusted - b.booked + b.cancelled - b.expired
        )


@given(fold_histories(), st.randoms(use_true_random=False))
def test_the_order_of_the_entries_does_not_change_the_balances(
    history: tuple[CarryOver, list[Entry]], random: st.Random
) -> None:
    carry_over, entries = history
    agreement = agreement_of(carry_over)
    shuffled = [e for e in entries if not isinstance(e, Cancellation)]
    random.shuffle(shuffled)
    shuffled += [e for e in entries if isinstance(e, Cancellation)]
    assert realize(shuffled, agreement, through=LAST) == realize(entries, agreement, through=LAST)


@given(fold_histories())
def test_fold_balances_gives_the_figures_of_fold_periods(
    history: tuple[CarryOver, list[Entry]],
) -> None:
    carry_over, entries = history
    agreement = agreement_of(carry_over)
    sums = period_sums(entries, agreement)
    flows = fold_periods(sums, agreement, through=LAST)
    balances = fold_balances(sums, agreement, through=LAST, employee="E1")
    assert list(flows) == list(balances)
    for period, flow in flows.items():
        b = balances[period]
        assert (b.carried, b.expired, b.forfeited, b.remaining) == tuple(flow)


@given(fold_histories())
def test_the_day_after_the_last_period_reads_the_whole_periods(
    history: tuple[CarryOver, list[Entry]],
) -> None:
    carry_over, entries = history
    agreement = agreement_of(carry_over)
    whole = realize(entries, agreement, through=LAST)
    after = realize(entries, agreement, through=LAST, as_of=LAST.end + timedelta(days=1))
    assert [figures(b) for b in after.values()] == [figures(b) for b in whole.values()]


@given(fold_histories(), st.dates(FIRST.start, LAST.end))
def test_nothing_is_forfeited_before_a_period_ends(
    history: tuple[CarryOver, list[Entry]], as_of: date
) -> None:
    carry_over, entries = history
    for period, b in realize(entries, agreement_of(carry_over), through=LAST, as_of=as_of).items():
        if as_of <= period.end:
            assert b.forfeited == 0
        if as_of < period.start:
            assert b.carried == 0


@given(fold_histories())
def test_a_statement_adds_up_to_its_balance(history: tuple[CarryOver, list[Entry]]) -> None:
    carry_over, entries = history
    agreement = agreement_of(carry_over)
    for balance in realize(entries, agreement, employee="E1", through=LAST).values():
        assert statement(entries, agreement, balance).total == balance.remaining


def test_without_carry_over_every_unused_day_is_forfeited() -> None:
    agreement = Agreement(name="x", quotas=[Quota(window="period", maximum=10)])
    sums = {FIRST: PeriodSums(granted=Fraction(10), booked=Fraction(7, 2))}
    flows = fold_periods(sums, agreement, through=year_range(FOLD_YEARS[1]))
    assert [tuple(f) for f in flows.values()] == [
        (0, 0, Fraction(13, 2), Fraction(13, 2)),
        (0, 0, 0, 0),
    ]


def test_the_days_above_the_cap_are_forfeited_and_the_carried_days_expire_later() -> None:
    agreement = agreement_of(CarryOver(mode="capped", cap=2, expires_on="03-31"))
    sums = {FIRST: PeriodSums(granted=Fraction(10), booked=Fraction(5))}
    first, second = fold_periods(sums, agreement, through=year_range(FOLD_YEARS[1])).values()
    assert (first.forfeited, first.remaining) == (3, 5)  # 5 left, 2 carried, 3 forfeited
    assert (second.carried, second.expired, second.forfeited) == (2, 2, 0)


def test_the_ledger_reads_its_balances_through_the_fold() -> None:
    agreement = Agreement(
        name="10 days, all carried",
        quotas=[Quota(window="period", maximum=10)],
        carry_over=CarryOver(mode="capped", cap=4),
    )
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    ledger.grant(FIRST, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    ledger.grant(year_range(2025), at=AT, by="hr")
    expected = realize(ledger.entries, agreement, employee="E1")
    assert ledger.balances() == tuple(expected.values())
    assert ledger.balance(FIRST).forfeited == 5  # 9 left, 4 carried


# -- found by mutation testing (tools/mutation.py fold): behaviour no test pinned --------------


def _two_entries() -> tuple[list[object], object]:
    from datetime import date, datetime, timezone

    from teleaccord import Agreement, Booking, Grant, Quota, year_range

    granted_at = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
    booked_at = datetime(2024, 3, 1, 9, tzinfo=timezone.utc)
    agreement = Agreement(name="ten days", quotas=[Quota(window="period", maximum=10)])
    entries = [
        Grant(entry_id="g", period=year_range(2024), amount=10, exact=10, recorded_at=granted_at,
              by="hr"),
        Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=booked_at, by="ana"),
    ]  # fmt: skip
    return entries, agreement


def test_realize_as_known_at_a_moment_leaves_out_what_was_recorded_later() -> None:
    from datetime import datetime, timezone

    from teleaccord import realize, year_range

    entries, agreement = _two_entries()
    before_booking = datetime(2024, 2, 1, tzinfo=timezone.utc)
    known = realize(entries, agreement, known_at=before_booking)[year_range(2024)]
    now = realize(entries, agreement)[year_range(2024)]
    assert (known.booked, known.remaining) == (0, 10)
    assert (now.booked, now.remaining) == (1, 9)


def test_a_statement_as_of_the_day_of_a_booking_counts_it() -> None:
    from datetime import date

    from teleaccord import realize, year_range
    from teleaccord.fold import statement

    entries, agreement = _two_entries()
    on_the_day = realize(entries, agreement, as_of=date(2024, 3, 5))[year_range(2024)]
    the_day_before = realize(entries, agreement, as_of=date(2024, 3, 4))[year_range(2024)]
    assert len(statement(entries, agreement, on_the_day).lines) == 2
    assert len(statement(entries, agreement, the_day_before).lines) == 1
    assert statement(entries, agreement, on_the_day).total == on_the_day.remaining == 9


def test_released_balance_data_has_no_forfeited_key() -> None:
    from teleaccord import realize, year_range

    entries, agreement = _two_entries()
    balance = realize(entries, agreement)[year_range(2024)]
    data = balance.to_dict()
    assert "forfeited" not in data
    assert data["remaining"] == "9"


def test_a_statement_without_an_envelope_shows_days_taken_not_a_negative_remaining() -> None:
    from datetime import date, datetime, timezone

    from teleaccord import Agreement, Calendar, Contract, Quota, QuotaLedger, year_range

    weekly = Agreement(
        name="weekly only", quotas=[Quota(window="week", maximum=2)], granularity="half-day"
    )
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=weekly, contract=contract, calendar=Calendar())
    at = datetime(2025, 1, 2, tzinfo=timezone.utc)
    ledger.grant(year_range(2025), at=at, by="hr")
    first = ledger.book(date(2025, 3, 4), at=at, by="E1")
    ledger.book(date(2025, 3, 5), half="am", at=at, by="E1")
    ledger.cancel(first.entry_id, at=at, by="E1")
    statement = ledger.statement(year_range(2025))
    assert not statement.envelope
    text = statement.describe()
    # by hand: 1 + 1/2 booked, 1 cancelled: 1/2 taken; nothing granted, nothing to count down
    assert "1.5 booked - 1 cancelled = 0.5 taken" in text
    assert text.splitlines()[-1].split() == ["taken", "0.5"]
    assert "remaining" not in text
    assert "-0.5" not in text.splitlines()[-1]
    # with an envelope, the statement counts down as before
    yearly = Agreement(name="100 days", quotas=[Quota(window="period", maximum=100)])
    other = QuotaLedger(agreement=yearly, contract=contract, calendar=Calendar())
    other.grant(year_range(2025), at=at, by="hr")
    other.book(date(2025, 3, 4), at=at, by="E1")
    shown = other.statement(year_range(2025))
    assert shown.envelope
    assert shown.describe().splitlines()[-1].split() == ["remaining", "99"]
