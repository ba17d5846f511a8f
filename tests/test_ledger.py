"""The quota ledger: entries, balances, carry-over on read, idempotency, concurrency, JSON Lines."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import pytest

from teleaccord import (
    Agreement,
    Booking,
    Calendar,
    CarryOver,
    Contract,
    InvalidValue,
    OperationRefused,
    Quota,
    QuotaLedger,
    StaleVersion,
    year_range,
)

CALENDAR = Calendar()
UTC = timezone.utc
AT = datetime(2024, 1, 2, 9, tzinfo=UTC)
Y2024, Y2025 = year_range(2024), year_range(2025)


def make_ledger(agreement: Agreement | None = None, **kwargs: object) -> QuotaLedger:
    agreement = agreement or Agreement(
        name="10 days", quotas=[Quota(window="period", maximum=10)], granularity="half-day"
    )
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    return QuotaLedger(agreement=agreement, contract=contract, calendar=CALENDAR, **kwargs)  # type: ignore[arg-type]


def codes(violations: object) -> list[str]:
    return [v.code for v in violations]  # type: ignore[attr-defined]


# -- bookings, cancellations, checks ---------------------------------------------------------


def test_a_booking_uses_a_day_of_the_period_and_a_cancellation_gives_it_back() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1")
    assert isinstance(booking, Booking)
    assert booking.amount == 1
    assert ledger.balance(Y2024).remaining == 9
    ledger.cancel(booking.entry_id, at=AT + timedelta(hours=1), by="E1", reason="sick")
    balance = ledger.balance(Y2024)
    assert (balance.booked, balance.cancelled, balance.remaining) == (1, 1, 10)
    assert ledger.active_bookings() == ()
    assert ledger.version == 3


def test_check_reports_days_off_and_changes_nothing() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    assert codes(ledger.check(date(2024, 5, 1))) == ["holiday"]
    assert codes(ledger.check(date(2024, 3, 9))) == ["not_in_pattern"]
    assert ledger.check(date(2024, 3, 5)) == ()
    assert ledger.version == 1


def test_a_day_cannot_be_booked_twice_but_its_two_halves_can() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), half="am", at=AT, by="E1")
    assert codes(ledger.check(date(2024, 3, 5), half="am")) == ["already_booked"]
    assert codes(ledger.check(date(2024, 3, 5))) == ["half_day_clash"]
    ledger.book(date(2024, 3, 5), half="pm", at=AT, by="E1")
    assert ledger.telework_days() == ((date(2024, 3, 5), Fraction(1)),)


def test_a_refused_booking_raises_every_violation_and_changes_nothing() -> None:
    ledger = make_ledger()
    before = (ledger.entries, ledger.version)
    with pytest.raises(OperationRefused) as refused:
        ledger.book(date(2024, 5, 1), at=AT, by="E1")  # a holiday, and nothing granted
    assert codes(refused.value.violations) == ["holiday", "period_quota_exceeded"]
    assert (ledger.entries, ledger.version) == before


def test_the_same_id_is_an_idempotent_retry_and_a_different_content_is_refused() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    first = ledger.book(date(2024, 3, 5), at=AT, by="E1", entry_id="req-1")
    again = ledger.book(date(2024, 3, 5), at=AT + timedelta(minutes=5), by="E1", entry_id="req-1")
    assert again is first
    assert ledger.version == 2
    with pytest.raises(InvalidValue, match="already the id"):
        ledger.book(date(2024, 3, 6), at=AT, by="E1", entry_id="req-1")


def test_a_stale_writer_fails_and_an_idempotent_retry_still_succeeds() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    seen = ledger.version
    ledger.book(date(2024, 3, 5), at=AT, by="E1", entry_id="a", expected_version=seen)
    with pytest.raises(StaleVersion) as stale:
        ledger.book(date(2024, 3, 6), at=AT, by="E1", expected_version=seen)
    assert stale.value.params == {"expected": 1, "actual": 2}
    assert ledger.book(date(2024, 3, 5), at=AT, by="E1", entry_id="a", expected_version=seen)


def test_naive_timestamps_are_refused() -> None:
    ledger = make_ledger()
    with pytest.raises(InvalidValue, match="no time zone"):
        ledger.grant(Y2024, at=datetime(2024, 1, 2, 9), by="hr")


# -- carry-over computed on read ---------------------------------------------------------------


def test_carry_over_and_expiry_do_not_depend_on_the_rollover() -> None:
    agreement = Agreement(
        name="10 days, 3 carried until March",
        quotas=[Quota(window="period", maximum=10)],
        carry_over=CarryOver(mode="capped", cap=3, expires_on="03-31"),
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.grant(Y2025, at=AT, by="hr")
    ledger.book(date(2025, 2, 4), at=AT, by="E1")
    before = ledger.balance(Y2025)
    assert (before.carried, before.expired, before.remaining) == (3, 2, 10)
    first = ledger.rollover(Y2024, at=AT, by="job")
    second = ledger.rollover(Y2024, at=AT, by="job")
    assert first == second
    assert ledger.balance(Y2025) == before
