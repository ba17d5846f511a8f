"""The ledger's entries: what each holds, and the invariants their validators keep."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given

from strategies import ledger_entries
from teleaccord import (
    Adjustment,
    Booking,
    Cancellation,
    CarryOverIn,
    Expiry,
    Grant,
    HalfDay,
    InvalidValue,
    Regrant,
    year_range,
)
from teleaccord.entries import ENTRY_TYPES, aware_datetime, optional_half
from teleaccord.io.jsonl import entry_from_dict, entry_to_dict

AT = datetime(2024, 3, 1, 9, tzinfo=timezone.utc)
Y2024, Y2025 = year_range(2024), year_range(2025)


def booking(**changes: Any) -> Booking:
    fields: dict[str, Any] = {"entry_id": "b1", "day": date(2024, 3, 5), "recorded_at": AT}
    fields["by"] = "ana"
    fields.update(changes)
    return Booking(**fields)


@given(ledger_entries)
def test_every_entry_is_a_frozen_value_with_an_id_a_day_and_a_kind(entry: Any) -> None:
    assert isinstance(entry, ENTRY_TYPES)
    assert entry.entry_id.strip()
    assert isinstance(entry.day, date)
    assert entry.kind in {"grant", "regrant", "booking", "cancellation", "adjustment"} | {
        "carry-over",
        "expiry",
        "absence",
    }
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        entry.entry_id = "other"


@given(ledger_entries)
def test_an_entry_refuses_a_naive_timestamp(entry: Any) -> None:
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(entry, recorded_at=datetime(2024, 3, 1, 9))
    assert caught.value.code == "naive_datetime"


@given(ledger_entries)
def test_an_entry_reads_back_from_its_wire_shape(entry: Any) -> None:
    data = entry_to_dict(entry)
    assert data["type"] == type(entry).__name__
    assert entry_from_dict(data) == entry


def test_a_booking_counts_one_day_or_one_half_day() -> None:
    assert booking().amount == 1
    assert booking(half="pm").amount == Fraction(1, 2)
    assert booking(half=" AM ").half is HalfDay.MORNING
    with pytest.raises(InvalidValue, match=r"a half-day counts 0\.5, not 1"):
        booking(half="am", amount=1)
    with pytest.raises(InvalidValue) as caught:
        booking(half="evening")
    assert caught.value.code == "invalid_half_day"


def test_a_cancellation_repeats_an_amount_a_booking_can_have() -> None:
    cancel = Cancellation(
        entry_id="c1", booking_id="b1", day=date(2024, 3, 5), amount="1/2", recorded_at=AT, by="a"
    )
    assert cancel.amount == Fraction(1, 2)
    with pytest.raises(InvalidValue, match=r"counts 1 or 0\.5 day"):
        attrs.evolve(cancel, amount=2)


def test_a_regrant_holds_the_difference_of_its_two_figures() -> None:
    regrant = Regrant(
        entry_id="r", period=Y2024, amount=-10, previous=80, current=70, recorded_at=AT, by="hr"
    )
    assert regrant.day == Y2024.start
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(regrant, amount=-5)
    assert caught.value.code == "invalid_regrant"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: Grant(entry_id=" ", period=Y2024, amount=1, exact=1, recorded_at=AT, by="hr"), "missing_value"),
        (lambda: Grant(entry_id="g", period=Y2024, amount=-1, exact=1, recorded_at=AT, by="hr"), "negative_amount"),
        (lambda: Adjustment(entry_id="a", period=Y2024, amount=0, reason="x", recorded_at=AT, by="hr"), "zero_amount"),
        (lambda: Adjustment(entry_id="a", period=Y2024, amount=1, reason="", recorded_at=AT, by="hr"), "missing_value"),
        (lambda: Adjustment(entry_id="a", period="2024", amount=1, reason="x", recorded_at=AT, by="hr"), "invalid_period"),
    ],
)  # fmt: skip
def test_amounts_texts_and_periods_are_checked(make: Any, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        make()
    assert caught.value.code == code


def test_days_are_carried_from_the_period_just_before() -> None:
    carried = CarryOverIn(
        entry_id="c", period=Y2025, from_period=Y2024, amount=3, recorded_at=AT, by="job"
    )
    assert carried.day == Y2025.start
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(carried, from_period=year_range(2023))
    assert caught.value.code == "invalid_carry_over"


def test_an_expiry_day_is_inside_its_period() -> None:
    expiry = Expiry(
        entry_id="e", period=Y2025, day=date(2025, 4, 1), amount=1, recorded_at=AT, by="job"
    )
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(expiry, day=Y2025.end + timedelta(days=1))
    assert caught.value.code == "day_outside_period"


def test_the_helpers_read_timestamps_and_half_days_as_the_entries_do() -> None:
    assert aware_datetime(AT, "at") is AT
    with pytest.raises(InvalidValue) as caught:
        aware_datetime("2024-03-01", "at")
    assert (caught.value.code, caught.value.field) == ("invalid_datetime", "at")
    assert optional_half(None) is None
    assert optional_half("pm") is HalfDay.AFTERNOON
