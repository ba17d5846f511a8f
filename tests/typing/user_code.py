"""Code a user copies from the docs; ``mypy --strict`` must accept it as written.

Not a test module (pytest does not collect it: see ``tests/conftest.py``); ``tests/test_typing.py``
and CI run mypy on it. Each block is the shape of a docs example: lists and sets where the
constructors convert them to tuples and frozensets.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from teleaccord import (
    Agreement,
    Amendment,
    ApprovalClause,
    Balance,
    Booking,
    Calendar,
    CarryOver,
    Contract,
    Eligibility,
    Extra,
    Notice,
    OnSiteMinimum,
    Organisation,
    Quota,
    QuotaLedger,
    Rounding,
    Segment,
    WorkPattern,
    from_data,
    to_data,
    year_range,
)

PARIS = ZoneInfo("Europe/Paris")

# An agreement from lists, as the tutorials write it.
agreement = Agreement(
    name="100 days a year, 3 a week",
    quotas=[
        Quota(window="period", maximum=100, prorate=True),
        Quota(window="week", maximum=3),
    ],
    on_site=[OnSiteMinimum(window="fortnight", share="40 %")],
    excluded_weekdays=["We", 4],
    extras=[Extra(status="carer", days=10)],
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    granularity="half-day",
    eligibility=Eligibility(categories={"claims", "it"}, min_seniority_months=6),
    notice=Notice(deadline_days_before=1, deadline_time="19:00"),
    carry_over=CarryOver(mode="capped", cap=5, expires_on="03-31"),
    approval=ApprovalClause(second_level_from_weekly_day=3),
    blackout=[date(2024, 12, 24), "2024-12-31"],
    valid=("2024-01-01", None),
)
envelope: Quota | None = agreement.period_quota
weekly: tuple[Quota, ...] = agreement.quotas_for("week")

# A contract with amendments, from a list.
contract = Contract.from_amendments(
    employee="E042",
    hired=date(2020, 1, 1),
    fraction=1,
    category="it",
    amendments=[
        Amendment(
            effective=date(2024, 7, 1),
            fraction="80 %",
            pattern=WorkPattern.parse("Mo Tu Th Fr"),
        )
    ],
)
fraction: Fraction | None = contract.fraction_at(date(2024, 9, 1))

# The organisation, from a dict and sets.
organisation = Organisation(
    managers={"ana": "max", "max": "dir"},
    delegates={"max": {"zoe"}},
    hr={"hana"},
)
manager: str | None = organisation.manager_of("ana")

# A calendar and a rotating pattern, from lists.
calendar = Calendar(
    country="FR",
    subdivision="57",
    closures=[date(2024, 8, 16), "2024-12-26"],
    worked_holiday_names=["Lundi de Pentecôte"],
)
cycle = WorkPattern([[3, 3, 3, 3, 3, 0, 0], [3, 3, 0, 3, 3, 0, 0]], anchor="2024-01-01")
segments = Contract(
    employee="E7",
    hired="2024-01-01",
    segments=[Segment(start=date(2024, 1, 1), fraction="4/5", pattern=cycle)],
)

# A ledger: grant, book, read a balance.
ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=calendar)
at = datetime(2024, 1, 2, 9, tzinfo=PARIS)
ledger.grant(year_range(2024), at=at, by="hr")
booking: Booking = ledger.book(date(2024, 3, 5), at=at, by="E042")
balance: Balance = ledger.balance(year_range(2024))
remaining: Fraction = balance.remaining

# Values to data and back, typed by the class asked for.
data = to_data(agreement)
again: Agreement = from_data(data, Agreement)
same: bool = again == agreement


def renamed_names_keep_their_types() -> None:
    """Old names type-check as the new classes; a misspelt name stays a type error."""
    import teleaccord
    from teleaccord import Approval

    legacy: ApprovalClause = Approval(auto_approve=True)
    assert legacy.auto_approve
    misspelt = teleaccord.Quotas  # type: ignore[attr-defined]  # checked: it must be needed
    assert misspelt
