"""DataFrames: balances and bookings to a frame and back, exact values kept."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from teleaccord import BalanceRow, InvalidValue, LoadError, year_range
from teleaccord.io.csv import read_bookings

pandas = pytest.importorskip("pandas", reason="the dataframe extra is not installed")

from teleaccord.io.dataframe import (  # noqa: E402
    balances_frame,
    balances_from_frame,
    bookings_frame,
    bookings_from_frame,
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
