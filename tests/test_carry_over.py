"""Carry-over as users ask for it (issue 13): forfeited days recorded and shown, a cap on the
total balance, accrual by equal months; the laws of the fold.

Expected figures are written by hand.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Accrual,
    Agreement,
    Booking,
    Calendar,
    CarryOver,
    Contract,
    Forfeiture,
    InvalidValue,
    PeriodSums,
    Prorating,
    Quota,
    QuotaLedger,
    entitlement,
    fold_periods,
    year_range,
)

CAL = Calendar()
AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
Y2024, Y2025 = year_range(2024), year_range(2025)


def accord(rule: CarryOver, days: int = 10) -> Agreement:
    return Agreement(name="x", quotas=[Quota(window="period", maximum=days)], carry_over=rule)


def ledger(rule: CarryOver, booked: int = 2) -> QuotaLedger:
    c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    led = QuotaLedger(agreement=accord(rule), contract=c, calendar=CAL)
    led.grant(Y2024, at=AT, by="hr")
    led.grant(Y2025, at=AT, by="hr")
    for n in range(booked):
        led.book(date(2024, 3, 4 + n), at=AT, by="ana")
    return led


def test_the_rollover_records_the_forfeited_days_with_their_reason() -> None:
    led = ledger(CarryOver(mode="capped", cap=3))
    records = led.rollover(Y2024, at=AT, by="rollover", forfeited=True)
    (forfeit,) = [r for r in records if isinstance(r, Forfeiture)]
    assert (forfeit.entry_id, forfeit.amount) == ("E1:forfeited:2024", 5)
    assert forfeit.reason == "above the carry-over cap of 3 days into 2025"
    # Recording changes no balance, and running it again records nothing.
    assert led.balance(Y2024).remaining == 8
    assert led.balance(Y2025).carried == 3
    version = led.version
    led.rollover(Y2024, at=AT, by="rollover", forfeited=True)
    assert led.version == version


def test_without_the_option_the_rollover_records_as_released() -> None:
    led = ledger(CarryOver(mode="capped", cap=3))
    records = led.rollover(Y2024, at=AT, by="rollover")
    assert [r.kind for r in records] == ["carry-over"]


def test_the_statement_shows_the_forfeited_days_apart_from_its_lines() -> None:
    led = ledger(CarryOver(mode="none"))
    s = led.statement(Y2024)
    assert s.total == s.balance.remaining == 8
    assert s.forfeiture is not None
    assert (s.forfeiture.amount, s.forfeiture.recorded) == (-8, False)
    assert "forfeited" not in s.describe()
    last = s.describe(forfeited=True).splitlines()[-1]
    assert "forfeited" in last
    assert "8" in last
    assert "not carried over into 2025" in last
    led.rollover(Y2024, at=AT, by="rollover", forfeited=True)
    assert led.statement(Y2024).forfeiture.recorded  # type: ignore[union-attr]


def test_a_balance_cap_cuts_the_carry_over_to_fit_the_next_grant() -> None:
    # 8 days left in 2024, all carried, but 2025 may start with at most 12: 10 granted + 2.
    flows = fold_periods(
        {
            Y2024: PeriodSums(granted=Fraction(10), booked=Fraction(2)),
            Y2025: PeriodSums(granted=Fraction(10)),
        },
        accord(CarryOver(mode="all", balance_cap=12)),
        through=Y2025,
    )
    assert (flows[Y2024].forfeited, flows[Y2025].carried, flows[Y2025].remaining) == (6, 2, 12)


def test_a_balance_cap_below_the_grant_carries_nothing() -> None:
    flows = fold_periods(
        {
            Y2024: PeriodSums(granted=Fraction(10)),
            Y2025: PeriodSums(granted=Fraction(10)),
        },
        accord(CarryOver(mode="capped", cap=5, balance_cap=8)),
        through=Y2025,
    )
    assert (flows[Y2024].forfeited, flows[Y2025].carried) == (10, 0)


@given(
    mode=st.sampled_from(["none", "capped", "all"]),
    cap=st.integers(0, 20),
    balance_cap=st.none() | st.integers(0, 40),
    granted=st.integers(0, 30),
    booked=st.integers(0, 30),
    next_granted=st.integers(0, 30),
)
def test_forfeited_plus_carried_is_the_closing_remaining(
    mode: str, cap: int, balance_cap: int | None, granted: int, booked: int, next_granted: int
) -> None:
    rule = CarryOver(mode=mode, cap=cap if mode == "capped" else None, balance_cap=balance_cap)
    flows = fold_periods(
        {
            Y2024: PeriodSums(granted=Fraction(granted), booked=Fraction(booked)),
            Y2025: PeriodSums(granted=Fraction(next_granted)),
        },
        accord(rule),
        through=Y2025,
    )
    closing = flows[Y2024].remaining
    if closing > 0:
        assert flows[Y2024].forfeited + flows[Y2025].carried == closing
    else:
        assert flows[Y2024].forfeited == flows[Y2025].carried == 0
    assert flows[Y2024].forfeited >= 0
    if balance_cap is not None and flows[Y2025].carried:
        assert flows[Y2025].carried + next_granted <= balance_cap


# -- accrual by equal months -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "expected"), [("equal-months", Fraction(50)), ("calendar-days", Fraction(18100, 365))]
)
def test_monthly_accrual_by_equal_months_earns_half_at_30_june(
    basis: str, expected: Fraction
) -> None:
    a = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=100, prorate=True)],
        prorating=Prorating(basis=basis),
        accrual=Accrual(step="monthly", at="end"),
    )
    c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    assert entitlement(a, c, Y2025, CAL, as_of=date(2025, 6, 30)).exact == expected
    assert entitlement(a, c, Y2025, CAL).exact == 100


def test_equal_months_share_a_month_by_its_days() -> None:
    # Hired 16 July 2025: 16 of July's 31 days, then five whole months, each 1/12 of 100.
    a = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=100, prorate=True)],
        prorating=Prorating(basis="equal-months"),
    )
    c = Contract.from_amendments(employee="E1", hired=date(2025, 7, 16))
    assert entitlement(a, c, Y2025, CAL).exact == (Fraction(16, 31) + 5) * 100 / 12


def test_a_booking_still_uses_carried_days_first() -> None:
    led = ledger(CarryOver(mode="all", expires_on="03-31"), booked=0)
    led.book(date(2025, 3, 4), at=AT, by="ana")
    b = led.balance(Y2025)
    # 10 carried, 1 used before 31 March: 9 expire.
    assert (b.carried, b.expired, b.remaining) == (10, 9, 10)
    assert isinstance(led.entries[-1], Booking)


# -- carried days that expire after N periods ---------------------------------------------------

Y2026 = year_range(2026)


def _three_years(rule: CarryOver, booked_2025: int = 0) -> dict[object, object]:
    return fold_periods(  # type: ignore[return-value]
        {
            Y2024: PeriodSums(granted=Fraction(10)),
            Y2025: PeriodSums(granted=Fraction(10), booked=Fraction(booked_2025)),
            Y2026: PeriodSums(granted=Fraction(10)),
        },
        accord(rule),
        through=Y2026,
    )


def test_carried_days_expire_at_the_end_of_the_first_period_they_were_carried_into() -> None:
    flows = _three_years(CarryOver(mode="all", expires_after_periods=1), booked_2025=4)
    f2025, f2026 = flows[Y2025], flows[Y2026]  # type: ignore[index]
    # 2025: 10 granted + 10 carried; 4 booked use carried days first, 6 carried days expire.
    assert (f2025.carried, f2025.expired, f2025.remaining) == (10, 6, 10)
    assert f2026.carried == 10


def test_carried_days_live_n_periods() -> None:
    flows = _three_years(CarryOver(mode="all", expires_after_periods=2))
    f2025, f2026 = flows[Y2025], flows[Y2026]  # type: ignore[index]
    # The 2024 days are carried twice and expire at the end of 2026; the 2025 days live on.
    assert (f2025.expired, f2025.remaining) == (0, 20)
    assert (f2026.carried, f2026.expired, f2026.remaining) == (20, 10, 20)


def test_an_expiry_after_periods_excludes_other_expiries() -> None:
    with pytest.raises(InvalidValue) as err:
        CarryOver(mode="all", expires_after_periods=1, expires_on="03-31")
    assert err.value.code == "two_expiries"


@given(
    n=st.integers(1, 3),
    cap=st.none() | st.integers(0, 15),
    grants=st.lists(st.integers(0, 10), min_size=4, max_size=4),
    shares=st.lists(st.floats(0, 1), min_size=4, max_size=4),
)
def test_aging_carry_over_matches_a_model_of_single_days(
    n: int, cap: int | None, grants: list[int], shares: list[float]
) -> None:
    """Each day is a token stamped with the period it was granted in; bookings use the oldest
    tokens first; a token carried n times is dropped at the end of that period; a cap keeps
    the youngest tokens."""
    years = [year_range(2024 + i) for i in range(4)]
    tokens: list[int] = []
    expected = []
    taken_by_year = []
    for i, granted in enumerate(grants):
        carried = len(tokens)
        tokens = sorted(tokens) + [i] * granted
        taken = int(len(tokens) * shares[i])
        taken_by_year.append(taken)
        tokens = tokens[taken:]  # the oldest first
        expired = sum(1 for o in tokens if o < i and i - o >= n)
        tokens = [o for o in tokens if not (o < i and i - o >= n)]
        remaining = len(tokens)
        kept = sorted(tokens, reverse=True)[: cap if cap is not None else remaining]
        forfeited = remaining - len(kept)
        expected.append((carried, expired, remaining, forfeited))
        tokens = kept
    rule = CarryOver(mode="all" if cap is None else "capped", cap=cap, expires_after_periods=n)
    sums = {
        y: PeriodSums(granted=Fraction(g), booked=Fraction(t))
        for y, g, t in zip(years, grants, taken_by_year, strict=True)
    }
    flows = fold_periods(sums, accord(rule), through=years[-1])
    got = [(f.carried, f.expired, f.remaining, f.forfeited) for f in (flows[y] for y in years)]
    assert got == expected
