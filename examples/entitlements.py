"""Telework entitlements of a small team under the 100-days seed agreement, with explanations.

Run it with ``python examples/entitlements.py``: a table of the exact and rounded entitlements
for 2024, then each explanation as a paragraph a person can check by hand.
"""

from __future__ import annotations

import textwrap
from datetime import date

from teleaccord import (
    Amendment,
    Calendar,
    Contract,
    WorkPattern,
    entitlement,
    format_amount,
    load_sample_agreement,
)

agreement = load_sample_agreement("assistance-100-days")
calendar = Calendar()  # metropolitan France
period = agreement.reference.containing(date(2024, 1, 1))  # the calendar year 2024

team = [
    (
        "full-time all year",
        Contract.from_amendments(employee="E001 Alice", hired="2019-03-01"),
    ),
    (
        "80 %, Wednesday off",
        Contract.from_amendments(
            employee="E002 Bruno",
            hired="2021-09-01",
            fraction="80 %",
            pattern=WorkPattern.parse("Mo Tu Th Fr"),
        ),
    ),
    (
        "hired on 1 July",
        Contract.from_amendments(employee="E003 Chloé", hired="2024-07-01"),
    ),
    (
        "leaving on 30 September",
        Contract.from_amendments(employee="E004 David", hired="2015-01-05", last_day="2024-09-30"),
    ),
    (
        "100 %, then 80 % from 1 July",
        Contract.from_amendments(
            employee="E005 Emma",
            hired="2020-01-06",
            amendments=[
                Amendment(
                    effective="2024-07-01",
                    fraction="80 %",
                    pattern=WorkPattern.parse("Mo Tu We Th"),
                )
            ],
        ),
    ),
    (
        "50 %, hired on 15 March",
        Contract.from_amendments(
            employee="E006 Farid",
            hired="2024-03-15",
            fraction="50 %",
            pattern=WorkPattern.parse("Mo Tu We:am"),
        ),
    ),
]

results = [(situation, entitlement(agreement, c, period, calendar)) for situation, c in team]

print(f"{agreement.name}, period {agreement.reference.label(period)}")
print()
header = f"{'employee':<12} {'situation':<30} {'exact':>18} {'rounded':>8}"
print(header)
print("-" * len(header))
for situation, e in results:
    exact = format_amount(e.exact)
    if "/" in exact:
        exact = f"{exact} ≈ {format_amount(round(e.exact, 2))}"
    print(f"{e.employee:<12} {situation:<30} {exact:>18} {format_amount(e.rounded):>8}")
print()
for _, e in results:
    # A no-break space keeps "80 %" on one line.
    print(textwrap.fill(e.describe().replace(" %", "\u00a0%"), width=100))
    print()
