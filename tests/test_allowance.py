"""Telework allowances: the published limits, worked examples, loading, and the laws."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    AllowanceKind,
    AllowancePolicy,
    Amendment,
    Calendar,
    Contract,
    DateRange,
    ExemptionLimit,
    ExemptionRegime,
    ExemptionTable,
    FigureStatus,
    InvalidValue,
    LoadError,
    MonthlyAllowance,
    QuotaLedger,
    RuleSource,
    month_range,
    monthly_allowances,
    parse_money,
    telework_by_day,
    year_range,
)

FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2019, 1, 1))
PART_TIME = Contract.from_amendments(employee="E2", hired=date(2019, 1, 1), fraction="80 %")
CALENDAR = Calendar()


def working_days(period: DateRange) -> list[date]:
    return list(CALENDAR.working_days(period))


def whole(days: list[date]) -> list[tuple[date, Fraction]]:
    return [(d, Fraction(1)) for d in days]


def dec(value: Fraction) -> Decimal:
    """A half-day amount as an exact Decimal."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def per_day(amount: str, **kw: object) -> AllowancePolicy:
    return AllowancePolicy(name=f"{amount} a day", kind="per-day", amount=amount, **kw)


# -- the published figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "on", "day", "cap", "weekly", "status"),
    [
        ("no-agreement", date(2020, 1, 1), "2.50", "55.00", "10.00", "reported"),
        ("no-agreement", date(2022, 12, 1), "2.50", "55.00", "10.00", "reported"),
        ("no-agreement", date(2023, 1, 1), "2.60", "57.20", "10.40", "reported"),
        ("no-agreement", date(2024, 6, 1), "2.70", "59.40", "10.70", "reported"),
        ("no-agreement", date(2025, 1, 1), "2.70", "59.40", "10.90", "reported"),
        ("no-agreement", date(2026, 1, 1), "2.70", "59.40", "11.00", "reported"),
        ("branch-agreement", date(2021, 7, 1), "3.25", "71.50", "13.00", "reported"),
        ("branch-agreement", date(2025, 12, 1), "3.25", "71.50", "13.00", "reported"),
        ("branch-agreement", date(2026, 1, 1), "3.30", "72.60", "13.20", "reported"),
    ],
)
def test_default_table_holds_the_published_figures(
    regime: str, on: date, day: str, cap: str, weekly: str | None, status: str
) -> None:
    row = ExemptionTable.default().limit_on(regime, on)
    assert row.per_day == Decimal(day)
    assert row.monthly_cap == Decimal(cap)
    assert row.per_weekly_day == (None if weekly is None else Decimal(weekly))
    assert row.status is FigureStatus(status)


def test_monthly_cap_is_22_times_the_daily_amount_in_every_row() -> None:
    for row in ExemptionTable.default().limits:
        assert row.per_day is not None
        assert row.monthly_cap == row.per_day * 22, row.describe()


def test_every_row_cites_a_source_and_the_2026_figures_are_flagged() -> None:
    table = ExemptionTable.default()
    for row in table.limits:
        assert row.sources
        for source in row.sources:
            assert source.publication.strip()
            assert source.url or source.consulted is None
    for regime in ExemptionRegime:
        row_2026 = table.limit_on(regime, date(2026, 6, 1))
        assert row_2026.status is not FigureStatus.CONFIRMED
        assert "2026: reported, check" in row_2026.note


def test_no_limit_before_the_table_starts() -> None:
    with pytest.raises(InvalidValue) as caught:
        ExemptionTable.default().limit_on("branch-agreement", date(2021, 6, 1))
    assert caught.value.code == "no_exemption_limit"
    assert caught.value.params["regime"] == "branch-agreement"


# -- worked examples ---------------------------------------------------------------------------


def test_per_day_allowance_above_the_monthly_limit_has_an_excess() -> None:
    days = working_days(month_range(2025, 10))  # 23 working days in October 2025
    [october] = monthly_allowances(per_day("2.70"), FULL_TIME, whole(days), month_range(2025, 10))
    assert october.telework_days == 23
    assert (october.due, october.exempt, october.excess) == (
        Decimal("62.10"),
        Decimal("59.40"),
        Decimal("2.70"),
    )


def test_per_day_allowance_at_the_2023_rate() -> None:
    days = working_days(DateRange(date(2023, 3, 1), date(2023, 3, 10)))  # 8 days
    [march] = monthly_allowances(per_day("3.00"), FULL_TIME, whole(days), month_range(2023, 3))
    assert (march.due, march.exempt, march.excess) == (
        Decimal("24.00"),
        Decimal("20.80"),
        Decimal("3.20"),
    )


def test_monthly_cap_of_the_policy() -> None:
    days = working_days(month_range(2025, 10))
    policy = per_day("3.00", monthly_cap="40")
    [october] = monthly_allowances(policy, FULL_TIME, whole(days), month_range(2025, 10))
    assert october.due == Decimal("40.00")
    assert october.explanation.capped_by == "monthly cap"


def test_branch_agreement_per_day_with_a_yearly_cap() -> None:
    # 3.25 EUR a day capped at 300 EUR a year (a clause seen in a real accord), 2 days a week.
    policy = per_day("3.25", yearly_cap="300", regime="branch-agreement")
    days = [d for d in working_days(year_range(2025)) if d.weekday() in (0, 3)]
    months = monthly_allowances(policy, FULL_TIME, whole(days), year_range(2025))
    assert sum(m.due for m in months) == Decimal("300.00")
    assert all(m.excess == 0 for m in months)
    capped = [m for m in months if m.explanation.capped_by == "yearly cap"]
    assert [m.month.start.month for m in capped] == [12]
    december = capped[0]
    assert december.due == Decimal("10.75") < Decimal(str(december.explanation.gross))
    assert "289.25 EUR already paid this year" in december.describe()


def test_flat_amount_per_weekly_day_against_the_monthly_limit() -> None:
    policy = AllowancePolicy(name="11 per weekly day", kind="per-weekly-day", amount="11")
    days = whole(working_days(DateRange(date(2023, 5, 2), date(2023, 5, 5))))
    [may] = monthly_allowances(policy, FULL_TIME, days, month_range(2023, 5), weekly_days=2)
    assert (may.due, may.exempt, may.excess) == (
        Decimal("22.00"),
        Decimal("20.80"),
        Decimal("1.20"),
    )


def test_indexed_amount_per_weekly_day_and_the_2024_limit() -> None:
    policy = AllowancePolicy(
        name="10 EUR per weekly day, indexed",
        kind="per-weekly-day",
        amount="10",
        indexed={"2024-01-01": "10.50", "2025-01-01": "10.90"},
    )
    days = whole([date(2023, 12, 4), date(2024, 12, 2), date(2025, 12, 1)])
    months = monthly_allowances(
        policy, FULL_TIME, days, DateRange(date(2023, 12, 1), date(2025, 12, 31)), weekly_days=1
    )
    by_month = {m.month.start: m for m in months}
    assert by_month[date(2023, 12, 1)].exempt == Decimal("10.00")
    # 2024: 10.70 EUR a month per weekly day (reported), so 10.50 is wholly exempt
    assert by_month[date(2024, 12, 1)].due == Decimal("10.50")
    assert by_month[date(2024, 12, 1)].exempt == Decimal("10.50")
    assert by_month[date(2024, 12, 1)].explanation.limit_amount == Decimal("10.70")
    assert by_month[date(2025, 12, 1)].exempt == Decimal("10.90")
    # months without telework pay nothing unless the policy says so
    assert by_month[date(2025, 11, 1)].due == 0


def test_flat_monthly_amount_is_exempt_up_to_the_daily_limit_of_the_days_teleworked() -> None:
    policy = AllowancePolicy(name="20 EUR a month", kind="flat-monthly", amount=20)
    days = whole(working_days(DateRange(date(2025, 3, 3), date(2025, 3, 7))))  # 5 days
    [march] = monthly_allowances(policy, FULL_TIME, days, month_range(2025, 3))
    assert (march.due, march.exempt, march.excess) == (
        Decimal("20.00"),
        Decimal("13.50"),
        Decimal("6.50"),
    )


def test_paid_without_telework() -> None:
    policy = AllowancePolicy(
        name="20 EUR a month", kind="flat-monthly", amount=20, paid_without_telework=True
    )
    [august] = monthly_allowances(policy, FULL_TIME, [], month_range(2025, 8))
    assert august.due == Decimal("20.00")
    assert august.exempt == 0  # no telework day, no exempt part


def test_prorating_for_part_time_uses_the_month_average_fraction() -> None:
    policy = AllowancePolicy(name="30 a month", kind="flat-monthly", amount=30, prorate=True)
    contract = Contract.from_amendments(
        employee="E3",
        hired=date(2025, 1, 1),
        amendments=[Amendment(effective=date(2025, 4, 16), fraction="50 %")],
    )
    days = whole([date(2025, 4, 1)])
    [april] = monthly_allowances(policy, contract, days, month_range(2025, 4))
    # 15 days at 100 % and 15 days at 50 %: 75 % of 30 EUR
    assert april.explanation.work_fraction == Fraction(3, 4)
    assert april.due == Decimal("22.50")
    [april_80] = monthly_allowances(policy, PART_TIME, days, month_range(2025, 4))
    assert april_80.due == Decimal("24.00")


def test_half_days_count_half_by_default_and_as_the_policy_says() -> None:
    days = [(date(2025, 3, 3), Fraction(1, 2)), (date(2025, 3, 3), Fraction(1, 2))]
    days += [(date(2025, 3, 4), Fraction(1, 2))]
    [march] = monthly_allowances(per_day("2.70"), FULL_TIME, days, month_range(2025, 3))
    assert march.telework_days == Fraction(3, 2)
    assert march.due == Decimal("4.05")
    whole_days = per_day("2.70", half_day="whole")
    [march] = monthly_allowances(whole_days, FULL_TIME, days, month_range(2025, 3))
    assert march.telework_days == 2
    assert march.exempt == Decimal("5.40")


def test_rounded_to_the_cent_once() -> None:
    policy = per_day("1.005")
    days = whole(working_days(DateRange(date(2025, 3, 3), date(2025, 3, 5))))
    [march] = monthly_allowances(policy, FULL_TIME, days, month_range(2025, 3))
    assert march.explanation.gross == Fraction(3015, 1000)
    assert march.due == Decimal("3.02")  # 3.015 rounded half-up once, not 3 × 1.01


def test_nothing_is_due_outside_the_contract() -> None:
    contract = Contract.from_amendments(employee="E4", hired=date(2025, 6, 1))
    policy = AllowancePolicy(
        name="20 a month", kind="flat-monthly", amount=20, paid_without_telework=True
    )
    months = monthly_allowances(
        policy, contract, [], DateRange(date(2025, 5, 1), date(2025, 6, 30))
    )
    assert [m.due for m in months] == [Decimal("0.00"), Decimal("20.00")]


def test_users_pass_their_own_table() -> None:
    table = ExemptionTable(
        [
            ExemptionLimit(
                regime="no-agreement",
                effective=date(2000, 1, 1),
                per_day="1",
                monthly_cap="5",
                status="uncertain",
                sources=[RuleSource(publication="Our payroll provider", consulted="to check")],
            )
        ]
    )
    days = whole(working_days(month_range(2025, 3))[:8])
    [march] = monthly_allowances(per_day("2"), FULL_TIME, days, month_range(2025, 3), limits=table)
    assert (march.due, march.exempt, march.excess) == (
        Decimal("16.00"),
        Decimal("5.00"),
        Decimal("11.00"),
    )


def test_refusals() -> None:
    weekly = AllowancePolicy(name="w", kind="per-weekly-day", amount=10)
    with pytest.raises(InvalidValue) as caught:
        monthly_allowances(weekly, FULL_TIME, [], month_range(2025, 1))
    assert caught.value.code == "missing_weekly_days"
    with pytest.raises(InvalidValue) as caught:
        monthly_allowances(weekly, FULL_TIME, [], month_range(2025, 1), weekly_days=8)
    assert caught.value.code == "invalid_weekly_days"
    with pytest.raises(InvalidValue) as caught:
        telework_by_day([(date(2025, 1, 2), Fraction(3, 2))])
    assert caught.value.code == "invalid_telework_amount"
    with pytest.raises(InvalidValue) as caught:
        AllowancePolicy(name="x", kind="per-day", amount="-1")
    assert caught.value.code == "invalid_money"
    with pytest.raises(InvalidValue) as caught:
        AllowancePolicy(name="x", kind="per-day", amount=1, indexed=[("2025-01-01", 1)] * 2)
    assert caught.value.code == "duplicate_indexation"
    with pytest.raises(InvalidValue) as caught:
        ExemptionLimit(
            regime="no-agreement", effective="2025-01-01", status="confirmed", sources=[]
        )
    assert caught.value.code == "missing_source"
    assert parse_money("2,70") == Decimal("2.70")


def test_explanation_as_data() -> None:
    days = whole(working_days(month_range(2025, 10)))
    [october] = monthly_allowances(per_day("2.70"), FULL_TIME, days, month_range(2025, 10))
    data = october.to_dict()
    assert data["due"] == "62.10"
    assert data["explanation"]["limit"]["status"] == "reported"
    assert data["explanation"]["limit_amount"] == "59.40"
    assert "23 telework days × 2.70 EUR = 62.10 EUR" in october.describe()


# -- loading tables ----------------------------------------------------------------------------


def test_table_round_trips_through_plain_data() -> None:
    table = ExemptionTable.default()
    assert ExemptionTable.from_dict(table.to_dict()) == table


def test_bad_table_reports_every_problem_with_its_path() -> None:
    data = {
        "limits": [
            {
                "regime": "nope",
                "effective": "2025-13-01",
                "per_day": "x",
                "status": "confirmed",
                "sources": [{"publication": "P", "consulted": 3}],
            },
            {
                "regime": "no-agreement",
                "effective": "2025-01-01",
                "status": "reported",
                "colour": 1,
            },
            {
                "regime": "no-agreement",
                "effective": "2025-01-01",
                "monthly_cap": "10",
                "status": "reported",
                "sources": [{"publication": "P", "url": "", "consulted": "to check"}],
            },
        ]
    }
    with pytest.raises(LoadError) as caught:
        ExemptionTable.from_dict(data, source="limits.toml")
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "$.limits[0].regime",
        "$.limits[0].effective",
        "$.limits[0].per_day",
        "$.limits[0].sources[0].consulted",
        "$.limits[1].sources",
        "$.limits[1].colour",
        "$.limits[2].monthly_cap",
    ]
    assert str(caught.value).startswith("limits.toml: 7 problems:")


def test_duplicate_rows_are_refused() -> None:
    row = ExemptionTable.default().to_dict()["limits"][0]
    with pytest.raises(LoadError) as caught:
        ExemptionTable.from_dict({"limits": [row, row]})
    assert "take effect on" in caught.value.problems[0].message


def test_load_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "limits.toml"
    path.write_text(
        """
[[limits]]
regime = "no-agreement"
effective = 2030-01-01
per_day = "3.00"
monthly_cap = "66.00"
status = "uncertain"
[[limits.sources]]
publication = "A guess for the tests"
consulted = "to check"
""",
        encoding="utf-8",
    )
    table = ExemptionTable.load(path)
    assert table.limit_on("no-agreement", date(2031, 1, 1)).per_day == Decimal("3.00")
    broken = tmp_path / "broken.toml"
    broken.write_text("limits = [", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        ExemptionTable.load(broken)
    assert caught.value.problems[0].code == "invalid_toml"
    with pytest.raises(LoadError) as caught:
        ExemptionTable.load(tmp_path / "missing.toml")
    assert caught.value.problems[0].code == "unreadable_file"


# -- laws --------------------------------------------------------------------------------------

YEAR_DAYS = sorted(working_days(DateRange(date(2024, 1, 1), date(2026, 12, 31))))
money = st.decimals(min_value=0, max_value=20, places=2)
caps = st.none() | st.decimals(min_value=0, max_value=400, places=2)


@st.composite
def policies(draw: st.DrawFn) -> AllowancePolicy:
    return AllowancePolicy(
        name="policy",
        kind=draw(st.sampled_from(list(AllowanceKind))),
        amount=draw(money),
        monthly_cap=draw(caps),
        yearly_cap=draw(caps),
        prorate=draw(st.booleans()),
        regime=draw(st.sampled_from(list(ExemptionRegime))),
        half_day=draw(st.sampled_from(["whole", "half", "none"])),
        paid_without_telework=draw(st.booleans()),
    )


telework = st.lists(
    st.tuples(st.sampled_from(YEAR_DAYS), st.sampled_from([Fraction(1), Fraction(1, 2)])),
    max_size=60,
    unique_by=lambda pair: pair[0],
)
contracts = st.sampled_from([FULL_TIME, PART_TIME])
weekly = st.fractions(min_value=0, max_value=5, max_denominator=2)
ALL_MONTHS = DateRange(date(2024, 1, 1), date(2026, 12, 31))


@given(policies(), contracts, telework, weekly)
def test_allowance_never_exceeds_its_caps(
    policy: AllowancePolicy,
    contract: Contract,
    days: list[tuple[date, Fraction]],
    weekly_days: Fraction,
) -> None:
    months = monthly_allowances(policy, contract, days, ALL_MONTHS, weekly_days=weekly_days)
    for m in months:
        assert m.due >= 0
        assert m.due == m.due.quantize(Decimal("0.01"))
        if policy.monthly_cap is not None:
            assert m.due <= policy.monthly_cap
    if policy.yearly_cap is not None:
        for year in (2024, 2025, 2026):
            assert sum(m.due for m in months if m.month.start.year == year) <= policy.yearly_cap


@given(policies(), contracts, telework, weekly)
def test_exempt_part_never_exceeds_the_legal_limit_of_the_months_date(
    policy: AllowancePolicy,
    contract: Contract,
    days: list[tuple[date, Fraction]],
    weekly_days: Fraction,
) -> None:
    table = ExemptionTable.default()
    for m in monthly_allowances(policy, contract, days, ALL_MONTHS, weekly_days=weekly_days):
        row = table.limit_on(policy.regime, m.month.start)
        note(m.describe())
        assert 0 <= m.exempt <= m.due
        assert m.exempt + m.excess == m.due
        if policy.kind is AllowanceKind.PER_WEEKLY_DAY:
            limit = None if row.per_weekly_day is None else row.per_weekly_day * dec(weekly_days)
        else:
            assert row.per_day is not None
            assert row.monthly_cap is not None
            limit = min(row.monthly_cap, row.per_day * dec(m.telework_days))
        assert m.exempt <= (limit if limit is not None else 0)


@given(policies(), contracts, telework, weekly, st.integers(1, 35))
def test_counters_are_additive_over_months(
    policy: AllowancePolicy,
    contract: Contract,
    days: list[tuple[date, Fraction]],
    weekly_days: Fraction,
    split: int,
) -> None:
    whole_run = monthly_allowances(policy, contract, days, ALL_MONTHS, weekly_days=weekly_days)
    cut = whole_run[split].month.start
    first = monthly_allowances(
        policy,
        contract,
        days,
        DateRange(ALL_MONTHS.start, whole_run[split - 1].month.end),
        weekly_days=weekly_days,
    )
    second = monthly_allowances(
        policy, contract, days, DateRange(cut, ALL_MONTHS.end), weekly_days=weekly_days
    )
    assert first + second == whole_run
    counted = sum((m.telework_days for m in whole_run), Fraction(0))
    assert counted == sum((policy.half_day.counted(amount) for _, amount in days), Fraction(0))


@given(policies(), contracts, telework, weekly, st.sampled_from(YEAR_DAYS))
def test_a_booking_then_its_cancellation_leaves_every_counter_as_it_was(
    policy: AllowancePolicy,
    contract: Contract,
    days: list[tuple[date, Fraction]],
    weekly_days: Fraction,
    extra: date,
) -> None:
    # The ledger's telework_days() lists active bookings: a booking adds a pair, its
    # cancellation removes it. A deliberately simple model of that: a list.
    active = [pair for pair in days if pair[0] != extra]
    before = monthly_allowances(policy, contract, active, ALL_MONTHS, weekly_days=weekly_days)
    booked = [*active, (extra, Fraction(1))]
    during = monthly_allowances(policy, contract, booked, ALL_MONTHS, weekly_days=weekly_days)
    changed = [b.month.start for b, d in zip(before, during, strict=True) if b != d]
    assert all(m.year == extra.year and m >= date(extra.year, extra.month, 1) for m in changed)
    booked.remove((extra, Fraction(1)))
    after = monthly_allowances(policy, contract, booked, ALL_MONTHS, weekly_days=weekly_days)
    assert after == before


def test_with_the_ledger_a_booking_then_its_cancellation_leaves_every_month_as_it_was() -> None:
    at = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
    ledger = QuotaLedger(
        agreement=Agreement(name="open", granularity="half-day"),
        contract=FULL_TIME,
        calendar=CALENDAR,
    )
    for day in working_days(year_range(2025))[::3]:
        ledger.book(day, half="am" if day.day % 2 else None, at=at, by="E1")
    policy = per_day("2.70", yearly_cap="250")

    def months() -> tuple[MonthlyAllowance, ...]:
        return monthly_allowances(policy, FULL_TIME, ledger.telework_days(), year_range(2025))

    before = months()
    booking = ledger.book(date(2025, 6, 3), at=at, by="E1")
    assert months() != before
    ledger.cancel(booking.entry_id, at=at, by="E1")
    assert months() == before
