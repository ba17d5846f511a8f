"""DataFrames back to values (#17): ledger entries, monthly allowances and planned days come
back from their frames through the one converter, every value checked, every problem located
by row and column."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from teleaccord import (
    Absence,
    AbsenceRecord,
    AllowancePolicy,
    AuthorisedException,
    Booking,
    Calendar,
    Cancellation,
    CarryOverIn,
    Contract,
    DateRange,
    Expiry,
    Forfeiture,
    Grant,
    Plan,
    PlannedDay,
    Regrant,
    month_range,
    monthly_allowances,
    year_range,
)
from teleaccord.entries import Adjustment
from teleaccord.errors import LoadError

pandas = pytest.importorskip("pandas", reason="the dataframe extra is not installed")

from teleaccord.io.dataframe import (  # noqa: E402
    allowances_frame,
    allowances_from_frame,
    entries_frame,
    entries_from_frame,
    plan_frame,
    planned_days_from_frame,
)

AT = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
PARIS = datetime(2025, 3, 3, 18, tzinfo=ZoneInfo("Europe/Paris"))


def every_kind_of_entry() -> list[Any]:
    """One entry of each class, each with the fields a frame column does not show at once."""
    y2024, y2025 = year_range(2024), year_range(2025)
    absence = Absence(
        absence_id="A1",
        employee="E1",
        kind="sick",
        days=DateRange(date(2025, 3, 10), date(2025, 3, 12)),
        start_half="pm",
        end_half="am",
        source="hris",
    )
    exception = AuthorisedException(
        approver="hr.lea", reason="move week", codes={"weekly_max_exceeded"}
    )
    return [
        Grant(
            entry_id="g",
            period=y2025,
            amount=90,
            exact="6564/73",
            recorded_at=AT,
            by="hr",
            explanation="90 days prorated",
            pool="default",
        ),
        Regrant(
            entry_id="r",
            period=y2025,
            amount="-5/2",
            previous=90,
            current="175/2",
            recorded_at=AT,
            by="hr",
            explanation="part time from July",
        ),
        Booking(
            entry_id="b1",
            day=date(2025, 3, 4),
            recorded_at=PARIS,
            by="E1",
            note="dentist",
            exception=exception,
        ),
        Booking(
            entry_id="b2",
            day=date(2025, 3, 6),
            half="pm",
            recorded_at=AT,
            by="E1",
            telework_kind="imposed",
        ),
        Cancellation(
            entry_id="c",
            booking_id="b1",
            day=date(2025, 3, 4),
            amount=1,
            recorded_at=AT + timedelta(hours=1),
            by="E1",
            reason="meeting",
        ),
        Adjustment(
            entry_id="a", period=y2025, amount="3/2", reason="error fixed", recorded_at=AT, by="hr"
        ),
        CarryOverIn(
            entry_id="co", period=y2025, from_period=y2024, amount=4, recorded_at=AT, by="rollover"
        ),
        Expiry(
            entry_id="x",
            period=y2025,
            day=date(2025, 3, 31),
            amount=2,
            recorded_at=AT,
            by="rollover",
        ),
        Forfeiture(
            entry_id="f",
            period=y2024,
            amount="1/2",
            recorded_at=AT,
            by="rollover",
            reason="cap of 5 days",
        ),
        AbsenceRecord(absence=absence, recorded_at=AT, by="hr"),
    ]


@pytest.mark.parametrize("amounts", ["fraction", "string"])
def test_every_kind_of_entry_goes_to_a_frame_and_back_unchanged(amounts: str) -> None:
    entries = every_kind_of_entry()
    frame = entries_frame(entries, employee="E1", amounts=amounts)
    back = entries_from_frame(frame)
    assert back == entries
    # the zone of a timestamp survives, not only its offset
    assert back[2].recorded_at.tzinfo == ZoneInfo("Europe/Paris")


def test_an_entries_frame_survives_parquet(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    entries = [e for e in every_kind_of_entry() if not isinstance(e, Booking)]
    path = tmp_path / "entries.parquet"
    entries_frame(entries, amounts="string").to_parquet(path)
    assert entries_from_frame(pandas.read_parquet(path)) == entries


def test_bad_entry_cells_are_all_reported_by_row_and_column() -> None:
    frame = entries_frame(every_kind_of_entry())
    frame.loc[0, "exact"] = 89.92  # a float: not one exact amount
    frame.loc[1, "type"] = "Bonus"
    frame.loc[3, "half"] = "evening"
    frame.loc[4, "booking_id"] = None  # a cancellation must name its booking
    frame.loc[9, "absence_kind"] = None
    with pytest.raises(LoadError) as caught:
        entries_from_frame(frame, name="entries")
    found = [(p.path, p.code) for p in caught.value.problems]
    assert ("entries:2:exact", "inexact_amount") in found
    assert ("entries:3:type", "invalid_value") in found
    assert any(path == "entries:5:half" for path, _ in found), found
    assert any(path == "entries:6:booking_id" for path, _ in found), found
    assert any(path == "entries:11:absence_kind" for path, _ in found), found
    assert len(found) == 5, found


def test_a_naive_timestamp_and_a_rounded_amount_are_refused() -> None:
    frame = entries_frame(every_kind_of_entry()[:1], amounts="decimal")
    with pytest.raises(LoadError) as caught:
        entries_from_frame(frame)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("frame:2:amount", "inexact_amount"),
        ("frame:2:exact", "inexact_amount"),
    ]
    frame = entries_frame(every_kind_of_entry()[:1])
    frame["recorded_at"] = [datetime(2025, 1, 2, 9)]
    with pytest.raises(LoadError) as caught:
        entries_from_frame(frame)
    assert [p.path for p in caught.value.problems] == ["frame:2:recorded_at"]


def test_a_frame_without_the_columns_to_read_back_is_refused() -> None:
    frame = entries_frame(every_kind_of_entry()).drop(columns=["from_start"])
    with pytest.raises(LoadError) as caught:
        entries_from_frame(frame)
    assert caught.value.problems[0].code == "missing_column"
    assert "from_start" in caught.value.problems[0].message


# -- allowances ------------------------------------------------------------------------------


def allowances() -> list[Any]:
    """A capped policy, so the frame holds a cap, a limit and notes: October 2025 at 23 days
    (2.70 a day, 50.00 a month at most) and November at 1.5 days."""
    policy = AllowancePolicy(name="2.70 a day", kind="per-day", amount="2.70", monthly_cap="50.00")
    contract = Contract.from_amendments(employee="E1", hired=date(2019, 1, 1))
    october = [(d, Fraction(1)) for d in Calendar().working_days(month_range(2025, 10))]
    november = [(date(2025, 11, 3), Fraction(1)), (date(2025, 11, 4), Fraction(1, 2))]
    period = DateRange(date(2025, 10, 1), date(2025, 11, 30))
    return list(monthly_allowances(policy, contract, october + november, period))


@pytest.mark.parametrize("amounts", ["fraction", "string"])
def test_allowances_go_to_a_frame_and_back_unchanged(amounts: str) -> None:
    months = allowances()
    # by hand: 23 x 2.70 = 62.10, capped at 50.00
    assert months[0].due == Decimal("50.00")
    frame = allowances_frame(months, amounts=amounts)
    assert list(frame["monthly_cap"]) == [Decimal("50.00"), Decimal("50.00")]
    assert allowances_from_frame(frame) == months


def test_bad_allowance_cells_are_located() -> None:
    frame = allowances_frame(allowances())
    frame.loc[0, "telework_days"] = 23.0
    frame.loc[1, "due"] = "lots"
    frame.loc[1, "month"] = "2025-12"
    with pytest.raises(LoadError) as caught:
        allowances_from_frame(frame, name="allowances")
    found = [(p.path, p.code) for p in caught.value.problems]
    assert found[0] == ("allowances:2:telework_days", "inexact_amount")
    assert ("allowances:3:month", "invalid_value") in found
    frame = allowances_frame(allowances())
    frame.loc[1, "due"] = "lots"
    with pytest.raises(LoadError) as caught:
        allowances_from_frame(frame, name="allowances")
    assert {p.path for p in caught.value.problems} == {"allowances:3:due"}
    with pytest.raises(LoadError):
        allowances_from_frame(allowances_frame(allowances(), amounts="decimal"))


# -- planned days ----------------------------------------------------------------------------


def test_planned_days_go_to_a_frame_and_back_and_are_checked() -> None:
    days = (
        PlannedDay(employee="E1", day=date(2025, 3, 4), preferred=True),
        PlannedDay(employee="E1", day=date(2025, 3, 6), half="am"),
    )
    plan = Plan(
        team="Paie",
        period=DateRange(date(2025, 3, 3), date(2025, 3, 7)),
        status="greedy",
        optimal=False,
        solver="greedy",
        solver_status="done",
        days=days,
    )
    for amounts in ("fraction", "string", "decimal"):
        frame = plan_frame(plan, amounts=amounts if amounts != "decimal" else "string")
        assert planned_days_from_frame(frame) == list(days)
    frame = plan_frame(plan)
    frame.loc[0, "amount"] = Fraction(1, 2)  # a whole day is 1 day
    frame.loc[1, "half"] = "noon"
    with pytest.raises(LoadError) as caught:
        planned_days_from_frame(frame, name="plan")
    first, second = caught.value.problems
    assert (first.path, first.code) == ("plan:2:amount", "invalid_value")
    assert second.path == "plan:3:half"
