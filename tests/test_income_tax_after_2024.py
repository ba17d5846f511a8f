"""Income-tax figures after 2024 (#15 item 4). The project's domain notes give the income-tax
exemption as "the same per-day limits with a yearly cap" but no yearly cap for income year
2025 or later, and none of the sources the data cites publishes one: the table adds no row
after 2024 (a row needs a dated, sourced yearly cap). These tests pin what holds meanwhile."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from teleaccord import ExemptionTable
from teleaccord.io.allowance_file import default_capped_limit_table


def test_no_income_tax_row_after_2024_until_a_cap_is_sourced() -> None:
    rows = [r for r in default_capped_limit_table().limits if r.regime.value == "income-tax"]
    assert max(r.effective for r in rows) == date(2024, 1, 1)


@pytest.mark.parametrize("on", [date(2025, 3, 1), date(2026, 9, 1)])
def test_later_income_years_read_the_2024_row_and_say_so(on: date) -> None:
    row = default_capped_limit_table().limit_on("income-tax", on)
    assert row.effective == date(2024, 1, 1)
    assert (row.per_day, row.monthly_cap, row.yearly_cap) == (
        Decimal("2.70"),
        Decimal("59.40"),
        Decimal("626.40"),
    )
    assert "Later years" in row.note


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024, 2025])
def test_income_tax_per_day_is_the_urssaf_per_day(year: int) -> None:
    # DOMAIN: income tax uses the same per-day limits as URSSAF (no collective agreement):
    # 2.50 (2021-2022), 2.60 (2023), 2.70 (2024 and 2025).
    day = date(year, 6, 1)
    urssaf = ExemptionTable.default().limit_on("no-agreement", day)
    tax = default_capped_limit_table().limit_on("income-tax", day)
    assert (
        tax.per_day
        == urssaf.per_day
        == {2021: Decimal("2.50"), 2022: Decimal("2.50"), 2023: Decimal("2.60")}.get(
            year, Decimal("2.70")
        )
    )
    assert tax.monthly_cap == urssaf.monthly_cap
