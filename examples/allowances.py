"""Telework allowances for a year: amount due, exempt part and excess, month by month.

Two employees book telework in a QuotaLedger (one full-time, two days a week; one at 80 %, one
day a week plus a few half-days). Three allowance clauses are computed over the same telework
days, against the URSSAF exemption limits shipped with teleaccord:

- 2.70 EUR per telework day (no collective agreement);
- 3.25 EUR per telework day capped at 300 EUR a year (set by a branch agreement);
- 10 EUR a month per weekly telework day, indexed to 10.90 EUR in 2025, prorated for part-time.

Run it with ``python examples/allowances.py`` and check the figures by eye: each month's
exempt part plus its excess is the amount due, and no exempt part is above the limit of the
month (2.70 EUR a day up to 59.40 EUR a month in 2025, 3.25 / 71.50 EUR under a branch
agreement). A half-day at 3.25 EUR is 1.625 EUR: the amount due is rounded half-up to the cent
once, the exempt limit down, so 6.5 days give 21.13 EUR due, 21.12 EUR exempt, 0.01 EUR excess.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction

from teleaccord import (
    Agreement,
    AllowancePolicy,
    Calendar,
    Contract,
    ExemptionTable,
    QuotaLedger,
    WorkPattern,
    format_amount,
    monthly_allowances,
    year_range,
)

YEAR = 2025
AT = datetime(YEAR, 1, 2, 9, tzinfo=timezone.utc)
CALENDAR = Calendar()

POLICIES = (
    (
        AllowancePolicy(name="2.70 EUR a telework day", kind="per-day", amount="2.70"),
        None,
    ),
    (
        AllowancePolicy(
            name="3.25 EUR a day, at most 300 EUR a year (branch agreement)",
            kind="per-day",
            amount="3.25",
            yearly_cap="300",
            regime="branch-agreement",
        ),
        None,
    ),
    (
        AllowancePolicy(
            name="10 EUR a month per weekly telework day, indexed, prorated",
            kind="per-weekly-day",
            amount="10.00",
            indexed={date(2025, 1, 1): "10.90"},
            prorate=True,
        ),
        "weekly",
    ),
)


def ledger_for(contract: Contract, weekdays: tuple[int, ...], half_days: int) -> QuotaLedger:
    """A ledger with telework on ``weekdays`` all year, plus some Friday mornings."""
    ledger = QuotaLedger(
        agreement=Agreement(name="open", granularity="half-day"),
        contract=contract,
        calendar=CALENDAR,
    )
    days = [d for d in year_range(YEAR) if contract.is_working_day(d, CALENDAR)]
    for day in days:
        if day.weekday() in weekdays and day.month != 8:  # nobody teleworks in August
            ledger.book(day, at=AT, by=contract.employee)
    for day in [d for d in days if d.weekday() == 4][:half_days]:
        ledger.book(day, half="am", at=AT, by=contract.employee)
    return ledger


def main() -> None:
    full_time = Contract.from_amendments(employee="ANA (100 %)", hired=date(2020, 1, 1))
    part_time = Contract.from_amendments(
        employee="BEN (80 %)",
        hired=date(2020, 1, 1),
        fraction="80 %",
        pattern=WorkPattern.parse("Mo Tu Th Fr"),
    )
    # (contract, ledger, weekly telework days of their rhythm)
    people = [
        (full_time, ledger_for(full_time, (0, 3), 0), 2),
        (part_time, ledger_for(part_time, (1,), 6), 1),
    ]

    table = ExemptionTable.default()
    print("Exemption limits used (teleaccord/data/allowance_limits.toml):")
    for regime in ("no-agreement", "branch-agreement"):
        print("  " + table.limit_on(regime, date(YEAR, 1, 1)).describe())

    for contract, ledger, weekly in people:
        days = ledger.telework_days()
        total_days = format_amount(sum((a for _, a in days), Fraction(0)))
        print(f"\n== {contract.employee}: {total_days} telework days in {YEAR}")
        for policy, needs_weekly in POLICIES:
            months = monthly_allowances(
                policy,
                contract,
                days,
                year_range(YEAR),
                weekly_days=weekly if needs_weekly else None,
            )
            print(f"\n  {policy.name}")
            print(f"  {'month':7} {'days':>5} {'due':>8} {'exempt':>8} {'excess':>8}")
            for m in months:
                print(
                    f"  {m.month.start:%Y-%m} {format_amount(m.telework_days):>5} {m.due:>8} "
                    f"{m.exempt:>8} {m.excess:>8}"
                )
            total = [
                sum((getattr(m, k) for m in months), Decimal(0))
                for k in ("due", "exempt", "excess")
            ]
            print(f"  {'year':7} {'':>5} {total[0]:>8} {total[1]:>8} {total[2]:>8}")
        print("\n  Why (January, branch agreement):")
        january = monthly_allowances(POLICIES[1][0], contract, days, year_range(YEAR))[0]
        print("  " + january.describe())


if __name__ == "__main__":
    main()
