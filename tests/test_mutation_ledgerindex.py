"""The balance the booking rules see for a candidate (``BookingContext.balance_after``) when
nothing carries over between periods, against hand-computed figures: an entitlement in
126ths (prorated on working days), an adjustment, half-days and a cancellation.

These kill the mutants of ``teleaccord.ledgerindex``'s half-day shortcut that would take it
for amounts that are not whole or half days, or with an adjustment it does not add.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

from teleaccord import (
    BOOKING_RULES,
    Agreement,
    Balance,
    BookingContext,
    Calendar,
    Contract,
    HalfDay,
    Prorating,
    Quota,
    QuotaLedger,
    Rounding,
    year_range,
)
from teleaccord.amounts import RoundingMode

AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
YEAR = year_range(2024)


def _ledger(
    *,
    prorated: bool,
    maximum: int = 10,
    basis: str = "working-days",
    hired: date = date(2024, 3, 15),
    allow_negative: bool = False,
) -> tuple[QuotaLedger, list[Balance]]:
    seen: list[Balance] = []

    def spy(context: BookingContext) -> tuple[()]:
        assert context.balance_after is not None
        seen.extend(context.balance_after(p, None) for p in context.periods_after)
        return ()

    agreement = Agreement(
        name="no carry-over",
        granularity="half-day",
        quotas=[Quota(window="period", maximum=maximum, prorate=prorated)],
        prorating=Prorating(basis=basis),
        allow_negative=allow_negative,
        rounding=Rounding(mode=RoundingMode.EXACT),
    )
    # Hired on 15 March 2024: 199 of the year's 252 working days (France).
    contract = Contract.from_amendments(employee="E1", hired=hired)
    ledger = QuotaLedger(
        agreement=agreement,
        contract=contract,
        calendar=Calendar(country="FR"),
        rules=(*BOOKING_RULES, spy),
    )
    ledger.grant(YEAR, at=AT, by="hr")
    return ledger, seen


def test_a_prorated_entitlement_in_126ths_is_projected_exactly() -> None:
    ledger, seen = _ledger(prorated=True)
    granted = Fraction(10 * 199, 252)  # 995/126
    assert ledger.balance(YEAR).granted == granted
    ledger.book(date(2024, 4, 2), at=AT, by="E1")
    assert seen[-1].booked == 1
    assert seen[-1].remaining == granted - 1 == Fraction(869, 126)
    assert seen[-1].forfeited == Fraction(869, 126)  # nothing carries: all left is forfeited
    ledger.book(date(2024, 4, 3), half=HalfDay.MORNING, at=AT, by="E1")
    assert seen[-1].booked == Fraction(3, 2)
    assert seen[-1].remaining == granted - Fraction(3, 2)
    ledger.cancel(ledger.active_bookings()[0].entry_id, at=AT, by="E1")
    ledger.book(date(2024, 4, 4), at=AT, by="E1")
    assert seen[-1].booked == Fraction(5, 2)
    assert seen[-1].cancelled == 1
    assert seen[-1].remaining == granted - Fraction(5, 2) + 1
    assert ledger.balance(YEAR).remaining == seen[-1].remaining  # the ledger agrees, booked


def test_an_adjustment_is_in_the_projection() -> None:
    ledger, seen = _ledger(prorated=False)
    ledger.adjust(YEAR, 1, reason="moved from 2023", at=AT, by="hr")
    ledger.book(date(2024, 4, 2), at=AT, by="E1")
    assert (seen[-1].granted, seen[-1].adjusted, seen[-1].booked) == (10, 1, 1)
    assert seen[-1].remaining == 10 + 1 - 1
    ledger.book(date(2024, 4, 3), half=HalfDay.AFTERNOON, at=AT, by="E1")
    assert seen[-1].remaining == Fraction(19, 2)
    assert ledger.balance(YEAR).remaining == Fraction(19, 2)


def test_an_entitlement_in_thirds_is_projected_exactly() -> None:
    # Hired on 1 September: 4 whole months of 12, a third of 10 days.
    ledger, seen = _ledger(prorated=True, basis="whole-months", hired=date(2024, 9, 1))
    assert ledger.balance(YEAR).granted == Fraction(10, 3)
    ledger.book(date(2024, 9, 3), half=HalfDay.MORNING, at=AT, by="E1")
    assert seen[-1].remaining == Fraction(10, 3) - Fraction(1, 2) == Fraction(17, 6)


def test_an_overdrawn_projection_forfeits_nothing() -> None:
    ledger, seen = _ledger(prorated=False, maximum=1, allow_negative=True)
    ledger.book(date(2024, 4, 2), at=AT, by="E1")
    assert (seen[-1].remaining, seen[-1].forfeited) == (0, 0)
    ledger.book(date(2024, 4, 3), at=AT, by="E1")
    assert (seen[-1].remaining, seen[-1].forfeited) == (-1, 0)  # overdrawn, nothing left over
