"""DataFrames: balances and bookings to a frame and back; allowances, ledger entries and plans
to a frame; exact values kept."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from teleaccord import (
    Absence,
    AbsenceRecord,
    Agreement,
    AllowancePolicy,
    BalanceRow,
    Calendar,
    Contract,
    DateRange,
    InvalidValue,
    LoadError,
    Plan,
    PlannedDay,
    Quota,
    QuotaLedger,
    month_range,
    monthly_allowances,
    year_range,
)
from teleaccord.io.csv import read_bookings

pandas = pytest.importorskip("pandas", reason="the dataframe extra is not installed")

from teleaccord.io.dataframe import (  # noqa: E402
    allowances_frame,
    balances_frame,
    balances_from_frame,
    bookings_frame,
    bookings_from_frame,
    entries_frame,
    plan_frame,
)
from test_french_data import FRENCH, balances  # noqa: E402


def rows() -> list[BalanceRow]:
    return [
        BalanceRow(
            employee="E1",
            period=year_range(2024),
            label="2024",
            entitlement_exact=Fraction(6564, 73),
            entitlement=Fraction(6564, 73),
            carried=Fraction(3, 2),
            booked=Fraction(81, 2),
            cancelled=Fraction(1),
        ),
        BalanceRow(
            employee="E2",
            period=year_range(2024),
            label="2024",
            entitlement_exact=Fraction(100, 3),
            entitlement=Fraction(33),
            adjusted=Fraction(-1, 2),
        ),
    ]


@pytest.mark.parametrize("amounts", ["fraction", "string"])
def test_balances_go_to_a_frame_and_back_unchanged(amounts: str) -> None:
    for data in (rows(), balances("fr")):
        assert balances_from_frame(balances_frame(data, amounts=amounts)) == data


def test_a_fraction_frame_computes_exactly() -> None:
    frame = balances_frame(rows())
    # By hand: 6564/73 + 3/2 - 81/2 + 1 = 6564/73 - 38 = 3790/73, and 33 - 1/2 = 65/2.
    assert list(frame["remaining"]) == [Fraction(3790, 73), Fraction(65, 2)]
    assert frame["remaining"].sum() == Fraction(3790, 73) + Fraction(65, 2)
    assert list(frame["start"]) == [pandas.Timestamp("2024-01-01")] * 2
    assert list(frame.columns)[:4] == ["employee", "period", "start", "end"]


def test_a_decimal_frame_is_for_people_and_is_not_read_back() -> None:
    frame = balances_frame(rows(), amounts="decimal")
    assert frame.loc[0, "entitlement_exact"] == Decimal("89.92")
    with pytest.raises(LoadError) as caught:
        balances_from_frame(frame)
    assert caught.value.problems[0].code == "inexact_amount"
    assert caught.value.problems[0].path == "$[0].entitlement_exact"


def test_floats_are_refused_and_remaining_must_add_up() -> None:
    frame = balances_frame(rows(), amounts="string")
    frame["carried"] = frame["carried"].astype(float)
    with pytest.raises(LoadError) as caught:
        balances_from_frame(frame)
    assert {p.code for p in caught.value.problems} == {"inexact_amount"}
    frame = balances_frame(rows())
    frame.loc[1, "remaining"] = Fraction(30)
    with pytest.raises(LoadError) as caught:
        balances_from_frame(frame, name="mine")
    assert caught.value.problems[0].path.startswith("$[1].remaining")
    assert str(caught.value).startswith("mine:")


def test_a_frame_without_a_column_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        balances_from_frame(balances_frame(rows()).drop(columns=["expired"]))
    assert caught.value.problems[0].code == "missing_column"


def test_an_unknown_amounts_choice_is_refused() -> None:
    with pytest.raises(InvalidValue):
        balances_frame(rows(), amounts="float")


def test_a_string_frame_survives_parquet(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is not installed")
    path = tmp_path / "balances.parquet"
    balances_frame(rows(), amounts="string").to_parquet(path)
    assert balances_from_frame(pandas.read_parquet(path)) == rows()


def test_bookings_go_to_a_frame_and_back_through_the_row_reader() -> None:
    read = list(read_bookings(FRENCH / "bookings_fr.csv"))
    frame = bookings_frame(read)
    assert list(frame["amount"]) == [1, Fraction(1, 2), 1, 1, Fraction(1, 2)] + [Fraction(1, 2)] * 2
    assert frame.loc[1, "half"] == "pm"
    assert bookings_from_frame(frame) == read
    assert bookings_from_frame(bookings_frame(read, amounts="string")) == read


def test_a_frame_of_bookings_is_checked_as_a_file_is() -> None:
    frame = pandas.DataFrame(
        {
            "Matricule": ["E1", "E1", "E1"],
            "Jour": [pandas.Timestamp("2025-01-13"), "demain", "14/01/2025"],
            "Demi-journée": [None, "matin", "soir"],
        }
    )
    found: list[object] = []
    read = bookings_from_frame(frame, name="saisie", on_problem=found.append)
    assert [(r.day, r.line) for r in read] == [(date(2025, 1, 13), 2)]
    assert [(p.path, p.code) for p in found] == [  # type: ignore[attr-defined]
        ("saisie:3:Jour", "invalid_date"),
        ("saisie:4:Demi-journée", "invalid_half_day"),
    ]


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(InvalidValue) as caught:
        balances_frame(rows())
    assert caught.value.code == "missing_dependency"
    assert "teleaccord[dataframe]" in caught.value.message


# -- allowances, ledger entries, plans: to a frame ---------------------------------------------

FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2019, 1, 1))
AT = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)


def allowances() -> list[Any]:
    """October 2025: 23 working days at 2.70; November: 2 days and a half-day."""
    policy = AllowancePolicy(name="2.70 a day", kind="per-day", amount="2.70")
    october = list(Calendar().working_days(month_range(2025, 10)))  # 23 days
    november = [(date(2025, 11, 3), Fraction(1)), (date(2025, 11, 4), Fraction(1))]
    november.append((date(2025, 11, 5), Fraction(1, 2)))
    days = [(d, Fraction(1)) for d in october] + november
    return list(
        monthly_allowances(
            policy, FULL_TIME, days, DateRange(date(2025, 10, 1), date(2025, 11, 30))
        )
    )


def test_allowances_give_one_row_per_month_with_money_as_decimals() -> None:
    frame = allowances_frame(allowances())
    assert list(frame["month"]) == ["2025-10", "2025-11"]
    assert list(frame["start"]) == [pandas.Timestamp("2025-10-01"), pandas.Timestamp("2025-11-01")]
    assert list(frame["end"]) == [pandas.Timestamp("2025-10-31"), pandas.Timestamp("2025-11-30")]
    assert list(frame["employee"]) == ["E1", "E1"]
    assert list(frame["kind"]) == ["per-day", "per-day"]
    # By hand: 23 days x 2.70 = 62.10, above the 2025 monthly limit of 22 x 2.70 = 59.40;
    # 2.5 days x 2.70 = 6.75, under it.
    assert list(frame["telework_days"]) == [Fraction(23), Fraction(5, 2)]
    assert list(frame["gross"]) == [Fraction(621, 10), Fraction(27, 4)]
    assert list(frame["rate"]) == [Decimal("2.70"), Decimal("2.70")]
    assert list(frame["due"]) == [Decimal("62.10"), Decimal("6.75")]
    assert list(frame["exempt"]) == [Decimal("59.40"), Decimal("6.75")]
    assert list(frame["excess"]) == [Decimal("2.70"), Decimal("0.00")]
    assert list(frame["weekly_days"]) == [None, None]
    assert frame["due"].sum() == Decimal("68.85")
    assert frame["telework_days"].sum() == Fraction(51, 2)


@pytest.mark.parametrize(
    ("amounts", "days", "gross"),
    [
        ("string", ["23", "2.5"], ["62.1", "6.75"]),
        ("decimal", [Decimal("23.00"), Decimal("2.50")], [Decimal("62.10"), Decimal("6.75")]),
    ],
)
def test_allowance_day_amounts_follow_the_mode_and_money_stays_decimal(
    amounts: str, days: list[object], gross: list[object]
) -> None:
    frame = allowances_frame(allowances(), amounts=amounts)
    assert list(frame["telework_days"]) == days
    assert list(frame["gross"]) == gross
    for column in ("rate", "due", "exempt", "excess"):
        assert all(isinstance(v, Decimal) for v in frame[column]), column
    assert list(frame["due"]) == [Decimal("62.10"), Decimal("6.75")]


def ledger() -> QuotaLedger:
    agreement = Agreement(
        name="10 days", quotas=[Quota(window="period", maximum=10)], granularity="half-day"
    )
    book = QuotaLedger(agreement=agreement, contract=FULL_TIME, calendar=Calendar())
    book.grant(year_range(2025), at=AT, by="hr")
    whole = book.book(date(2025, 3, 4), at=AT, by="E1")
    book.book(date(2025, 3, 6), half="pm", at=AT, by="E1", note="dentist at 9")
    book.cancel(whole.entry_id, at=AT + timedelta(hours=1), by="E1", reason="meeting")
    absence = Absence(
        absence_id="A1", employee="E1", kind="rtt", days=DateRange.single(date(2025, 3, 10))
    )
    book.replay(AbsenceRecord(absence=absence, recorded_at=AT + timedelta(hours=2), by="hr"))
    return book


def test_ledger_entries_give_one_row_per_entry_in_order() -> None:
    book = ledger()
    frame = entries_frame(book.entries, employee="E1")
    assert list(frame.columns[:4]) == ["employee", "entry_id", "type", "kind"]
    assert list(frame["type"]) == ["Grant", "Booking", "Booking", "Cancellation", "AbsenceRecord"]
    assert list(frame["kind"]) == ["grant", "booking", "booking", "cancellation", "absence"]
    assert list(frame["amount"]) == [Fraction(10), Fraction(1), Fraction(1, 2), Fraction(1), None]
    assert list(frame["half"]) == [None, None, "pm", None, None]
    assert list(frame["text"])[1:4] == [None, "dentist at 9", "meeting"]
    day = pandas.Timestamp
    assert list(frame["day"]) == [
        day("2025-01-01"),  # a grant concerns its period's first day
        day("2025-03-04"),
        day("2025-03-06"),
        day("2025-03-04"),
        day("2025-03-10"),
    ]
    assert (frame["start"][0], frame["end"][0]) == (day("2025-01-01"), day("2025-12-31"))
    assert (frame["start"][4], frame["end"][4]) == (day("2025-03-10"), day("2025-03-10"))
    assert frame["booking_id"][3] == frame["entry_id"][1]
    assert frame["recorded_at"][3] == AT + timedelta(hours=1)
    assert frame["recorded_at"][3].tzinfo is not None
    # By hand: 10 granted, 1 + 1/2 booked, 1 given back: 19/2 remain, as the ledger says.
    signed = {"grant": 1, "booking": -1, "cancellation": 1}
    remaining = sum(
        signed[k] * a for k, a in zip(frame["kind"], frame["amount"], strict=True) if k in signed
    )
    assert remaining == Fraction(19, 2) == book.balance(year_range(2025)).remaining


def test_ledger_entry_amounts_follow_the_mode() -> None:
    assert list(entries_frame(ledger().entries, amounts="string")["amount"]) == [
        "10",
        "1",
        "0.5",
        "1",
        None,
    ]
    decimal = entries_frame(ledger().entries, amounts="decimal")
    assert list(decimal["amount"])[:3] == [Decimal("10.00"), Decimal("1.00"), Decimal("0.50")]
    assert "employee" not in decimal.columns


def plan(days: tuple[PlannedDay, ...] = ()) -> Plan:
    return Plan(
        team="Paie",
        period=DateRange(date(2025, 3, 3), date(2025, 3, 7)),
        status="greedy" if days else "infeasible",
        optimal=False,
        solver="greedy",
        solver_status="done",
        days=days,
    )


def test_a_plan_gives_one_row_per_person_day() -> None:
    planned = (
        PlannedDay(employee="E1", day=date(2025, 3, 4), preferred=True),
        PlannedDay(employee="E1", day=date(2025, 3, 6), half="am"),
        PlannedDay(employee="E2", day=date(2025, 3, 4)),
    )
    frame = plan_frame(plan(planned))
    assert list(frame.columns) == ["team", "employee", "date", "half", "amount", "preferred"]
    assert list(frame["team"]) == ["Paie"] * 3
    assert list(frame["date"]) == [
        pandas.Timestamp("2025-03-04"),
        pandas.Timestamp("2025-03-06"),
        pandas.Timestamp("2025-03-04"),
    ]
    assert list(frame["half"]) == [None, "am", None]
    assert list(frame["preferred"]) == [True, False, False]
    # By hand: E1 teleworks a day and a half, E2 one day.
    totals = frame.groupby("employee")["amount"].sum()
    assert (totals["E1"], totals["E2"]) == (Fraction(3, 2), Fraction(1))
    assert list(plan_frame(plan(planned), amounts="string")["amount"]) == ["1", "0.5", "1"]
    assert list(plan_frame(plan(planned), amounts="decimal")["amount"]) == [
        Decimal("1.00"),
        Decimal("0.50"),
        Decimal("1.00"),
    ]


def test_an_infeasible_plan_gives_an_empty_frame_with_the_columns() -> None:
    frame = plan_frame(plan())
    assert frame.empty
    assert list(frame.columns) == ["team", "employee", "date", "half", "amount", "preferred"]


@pytest.mark.parametrize("make", [allowances_frame, entries_frame])
def test_an_unknown_amount_mode_is_refused(make: Any) -> None:
    with pytest.raises(InvalidValue) as caught:
        make([], amounts="float")
    assert caught.value.code == "invalid_value"
