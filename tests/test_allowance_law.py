"""Legal allowance figures (issue 15): URSSAF 2024-2026 pinned by hand, the income-tax yearly
cap, and the public sector's forfait télétravail as its own dated table."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from teleaccord import (
    CappedRegime,
    ExemptionTable,
    FigureStatus,
    InvalidValue,
    LoadError,
    yearly_capped_amount,
)
from teleaccord.io.allowance_file import capped_limit_table_from_dict, default_capped_limit_table

TABLE = default_capped_limit_table()


def weekdays(start: date, end: date, per_month: int | None = None) -> list[tuple[date, Fraction]]:
    found: list[tuple[date, Fraction]] = []
    count: dict[int, int] = {}
    day = start
    while day <= end:
        if day.weekday() < 5 and (per_month is None or count.get(day.month, 0) < per_month):
            found.append((day, Fraction(1)))
            count[day.month] = count.get(day.month, 0) + 1
        day += timedelta(days=1)
    return found


@pytest.mark.parametrize(
    ("on", "per_day", "cap", "weekly", "status"),
    [
        (date(2024, 1, 1), "2.70", "59.40", "10.70", FigureStatus.REPORTED),
        (date(2024, 12, 31), "2.70", "59.40", "10.70", FigureStatus.REPORTED),
        (date(2025, 6, 1), "2.70", "59.40", "10.90", FigureStatus.REPORTED),
        (date(2026, 6, 1), "2.70", "59.40", "11.00", FigureStatus.REPORTED),
    ],
)
def test_urssaf_no_agreement_figures(
    on: date, per_day: str, cap: str, weekly: str, status: FigureStatus
) -> None:
    row = ExemptionTable.default().limit_on("no-agreement", on)
    assert (row.per_day, row.monthly_cap, row.per_weekly_day) == (
        Decimal(per_day),
        Decimal(cap),
        Decimal(weekly),
    )
    assert row.status is status
    assert row.monthly_cap == row.per_day * 22


def test_no_row_is_uncertain_without_a_reason_in_its_note() -> None:
    for row in ExemptionTable.default().limits:
        assert row.status is not FigureStatus.UNCERTAIN, row.describe()
        assert row.note


def test_confirmed_rows_name_an_official_text() -> None:
    for row in default_capped_limit_table().limits:
        if row.status is FigureStatus.CONFIRMED:
            assert "rrêté" in row.note or "écret" in row.note, row.describe()
            assert "article" in row.note.lower(), row.describe()


@pytest.mark.parametrize(
    ("regime", "on", "per_day", "monthly", "yearly"),
    [
        ("income-tax", date(2020, 6, 1), "2.50", None, "550.00"),
        ("income-tax", date(2022, 6, 1), "2.50", "55.00", "580.00"),
        ("income-tax", date(2023, 6, 1), "2.60", "57.20", "603.20"),
        ("income-tax", date(2024, 6, 1), "2.70", "59.40", "626.40"),
        ("public-sector", date(2021, 9, 1), "2.50", None, "220.00"),
        ("public-sector", date(2023, 1, 1), "2.88", None, "253.44"),
        ("public-sector", date(2024, 7, 1), "2.88", None, "282.24"),
        ("public-sector", date(2025, 7, 1), "2.88", None, "253.44"),
    ],
)
def test_capped_regimes_hold_the_published_figures(
    regime: str, on: date, per_day: str, monthly: str | None, yearly: str
) -> None:
    row = default_capped_limit_table().limit_on(regime, on)
    assert row.per_day == Decimal(per_day)
    assert row.monthly_cap == (None if monthly is None else Decimal(monthly))
    assert row.yearly_cap == Decimal(yearly)
    assert row.sources


def test_public_sector_forfait_is_capped_per_year() -> None:
    days = weekdays(date(2023, 1, 1), date(2023, 12, 31))[:100]
    result = yearly_capped_amount("public-sector", days, 2023, table=TABLE)
    assert result.gross == Fraction(288)  # 100 x 2.88
    assert result.amount == Decimal("253.44")
    assert result.capped
    # 80 days: 230.40, under the cap
    under = yearly_capped_amount("public-sector", days[:80], 2023, table=TABLE)
    assert (under.amount, under.capped) == (Decimal("230.40"), False)
    # 2021 starts on 1 September: 30 days x 2.50
    autumn = weekdays(date(2021, 9, 1), date(2021, 12, 31))[:30]
    assert yearly_capped_amount("public-sector", autumn, 2021, table=TABLE).amount == Decimal(
        "75.00"
    )
    with pytest.raises(InvalidValue) as caught:
        yearly_capped_amount("public-sector", [(date(2021, 3, 1), Fraction(1))], 2021, table=TABLE)
    assert caught.value.code == "no_exemption_limit"


def test_income_tax_monthly_then_yearly_cap() -> None:
    # 23 days every month of 2024: 62.10 capped at 59.40 a month, 712.80 a year, capped at 626.40
    full = [(date(2024, m, d), Fraction(1)) for m in range(1, 13) for d in range(1, 24)]
    result = yearly_capped_amount(CappedRegime.INCOME_TAX, full, 2024, table=TABLE)
    assert all(value == Fraction("59.40") for _, _, value in result.by_month)
    assert result.gross == Fraction("712.80")
    assert result.amount == Decimal("626.40")
    # 10 days a month: 27.00 a month, 324.00 a year
    ten = [(date(2024, m, d), Fraction(1)) for m in range(1, 13) for d in range(1, 11)]
    assert yearly_capped_amount("income-tax", ten, 2024, table=TABLE).amount == Decimal("324.00")
    # a half-day counts as half a day by default: 2 half-days = 2.70
    halves = [(date(2024, 3, 4), Fraction(1, 2)), (date(2024, 3, 5), Fraction(1, 2))]
    assert yearly_capped_amount("income-tax", halves, 2024, table=TABLE).amount == Decimal("2.70")
    assert yearly_capped_amount(
        "income-tax", halves, 2024, table=TABLE, half_day="whole"
    ).amount == Decimal("5.40")
    # 2020 has no monthly cap: 250 days x 2.50 = 625.00, capped at 550.00
    year_2020 = weekdays(date(2020, 1, 1), date(2020, 12, 31))[:250]
    assert yearly_capped_amount("income-tax", year_2020, 2020, table=TABLE).amount == Decimal(
        "550.00"
    )
    assert "626.40 EUR a year" in result.describe()


def test_capped_table_reports_every_problem() -> None:
    with pytest.raises(LoadError) as caught:
        capped_limit_table_from_dict(
            {
                "limits": [
                    {"regime": "pension", "effective": "2023-01-01", "per_day": "-1"},
                ]
            }
        )
    text = str(caught.value)
    assert "$.limits[0].regime" in text
    assert "$.limits[0].per_day" in text
    assert "$.limits[0].yearly_cap" in text
