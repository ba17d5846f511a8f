"""Many periods in one pass: ``fold_chain`` against one fold per period, and the workforce
job over monthly periods against a ledger replaying the same rows (differential tests)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    HalfDay,
    PeriodSums,
    Quota,
    ReferencePeriod,
    Rounding,
    fold_chain,
    fold_periods,
)
from teleaccord.workforce import (
    BOOKED,
    CANCELLED,
    BookingRow,
    EmployeeContract,
    EmployeeRecords,
    RunSummary,
    workforce_balances,
)
from test_workforce import ledger_of  # the ledger replaying the rows: the model

CALENDAR = Calendar()
AT = datetime(2024, 12, 1, 9, tzinfo=timezone.utc)
MONTHLY = ReferencePeriod(kind="month")
MONTHS = tuple(MONTHLY.periods(DateRange(date(2025, 1, 1), date(2025, 12, 31))))

RULES = st.sampled_from(
    [
        CarryOver(),
        CarryOver(mode="all"),
        CarryOver(mode="capped", cap=3),
        CarryOver(mode="capped", cap=Fraction(5, 2), expires_after_days=10),
        CarryOver(mode="all", expires_on="01-15"),
        CarryOver(mode="all", expires_after_periods=2),
        CarryOver(mode="capped", cap=4, expires_after_periods=1),
        CarryOver(mode="all", balance_cap=6),
        CarryOver(mode="capped", cap=5, balance_cap=Fraction(11, 2), expires_after_days=5),
    ]
)

halves = st.integers(0, 16).map(lambda n: Fraction(n, 2))


@st.composite
def period_sums(draw: st.DrawFn) -> PeriodSums:
    """One period's sums as the ledger or the job gives them: cancelled days within the
    booked ones, the days used early within the net days; sometimes an adjustment in
    thirds (off the half-day fast path)."""
    booked = draw(halves)
    cancelled = draw(st.integers(0, int(2 * booked)).map(lambda n: Fraction(n, 2)))
    used = draw(st.integers(0, int(2 * (booked - cancelled))).map(lambda n: Fraction(n, 2)))
    adjusted = draw(st.sampled_from([Fraction(0), Fraction(0), Fraction(1), Fraction(-1, 3)]))
    return PeriodSums(draw(halves), adjusted, booked, cancelled, used)


@st.composite
def chains(draw: st.DrawFn) -> tuple[Agreement, list[DateRange], list[PeriodSums]]:
    agreement = Agreement(
        name="chain",
        reference=draw(st.sampled_from([MONTHLY, ReferencePeriod()])),
        carry_over=draw(RULES),
    )
    first = date(2025, draw(st.integers(1, 12)), 1)
    count = draw(st.integers(1, 8))
    periods = [agreement.reference.containing(first)]
    while len(periods) < count:
        periods.append(agreement.reference.containing(periods[-1].end + timedelta(days=1)))
    return agreement, periods, [draw(period_sums()) for _ in periods]


as_of_days = st.one_of(st.none(), st.dates(date(2024, 12, 1), date(2033, 1, 31)))


@given(chains(), as_of_days)
def test_one_pass_over_the_chain_gives_each_period_what_folding_through_it_gives(
    chain: tuple[Agreement, list[DateRange], list[PeriodSums]], as_of: date | None
) -> None:
    agreement, periods, sums = chain
    note(f"{agreement.carry_over!r}")
    flows = fold_chain(periods, sums, agreement, as_of=as_of)
    by_period = dict(zip(periods, sums, strict=True))
    assert len(flows) == len(periods)
    for period, flow in zip(periods, flows, strict=True):
        # One fold per period, through it: what a caller folding period by period gets.
        alone = fold_periods(by_period, agreement, through=period, as_of=as_of)
        assert alone[period] == flow, period


@given(chains(), as_of_days)
def test_the_chain_balances_each_period_and_what_ends_it_is_carried_or_forfeited(
    chain: tuple[Agreement, list[DateRange], list[PeriodSums]], as_of: date | None
) -> None:
    agreement, periods, sums = chain
    flows = fold_chain(periods, sums, agreement, as_of=as_of)
    zero = Fraction(0)
    for s, flow in zip(sums, flows, strict=True):
        assert flow.remaining == (
            s.granted + flow.carried + s.adjusted - s.booked + s.cancelled - flow.expired
        )
        assert zero <= flow.forfeited <= max(zero, flow.remaining)
    if as_of is None:
        for before, after in itertools.pairwise(flows):
            assert after.carried + before.forfeited == max(zero, before.remaining)
        if agreement.carry_over.mode.value == "none":
            assert all(flow.carried == 0 for flow in flows)


def test_the_chain_hand_figures() -> None:
    """Three months, 2 days carried at most, expiring on the 10th of the next month."""
    agreement = Agreement(
        name="x",
        reference=MONTHLY,
        carry_over=CarryOver(mode="capped", cap=2, expires_after_days=10),
    )
    sums = [
        PeriodSums(granted=Fraction(8), booked=Fraction(5)),  # 3 left: 2 carried, 1 lost
        PeriodSums(granted=Fraction(8), booked=Fraction(1), used_early=Fraction(1)),
        PeriodSums(granted=Fraction(8), booked=Fraction(8)),
    ]
    flows = fold_chain(MONTHS[:3], sums, agreement)
    assert [tuple(f) for f in flows] == [
        (0, 0, 1, 3),
        (2, 1, 6, 8),  # 1 of the 2 carried used by the 10th, 1 expired; 2 carried out of 8
        (2, 2, 0, 0),  # nothing used by the 10th: both expire
    ]


# -- the job over many periods against the ledger -----------------------------------------------

WORKED_2025 = [
    d
    for d in (date(2025, 1, 1) + timedelta(days=n) for n in range(365))
    if d.weekday() < 5 and CALENDAR.holiday(d) is None
]


@st.composite
def monthly_cases(
    draw: st.DrawFn,
) -> tuple[Agreement, tuple[DateRange, ...], EmployeeRecords, date | None]:
    agreement = Agreement(
        name="monthly",
        reference=MONTHLY,
        # A grant above a month's working days: the ledger refuses a booking that would
        # leave a balance below zero, the job counts it (and reports nothing).
        quotas=[Quota(window="period", maximum=draw(st.sampled_from([23, 25])))],
        granularity="half-day",
        rounding=Rounding("half-up", unit=Fraction(1, 2)),
        carry_over=draw(RULES),
    )
    targets = tuple(sorted(draw(st.sets(st.sampled_from(MONTHS), min_size=1, max_size=6)), key=str))
    first, last = targets[0].start, targets[-1].end
    # Bookings inside the months from the first target to the last (with a carry-over the
    # job computes every one of them, and the ledger is granted each).
    days = draw(
        st.lists(
            st.sampled_from([d for d in WORKED_2025 if first <= d <= last]),
            unique=True,
            max_size=24,
        )
    )
    rows = []
    for n, day in enumerate(sorted(days)):
        half = draw(st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON]))
        rows.append(BookingRow("E1", day, half, BOOKED, f"B{n}", None, 2 + len(rows)))
        if draw(st.integers(0, 3)) == 0:
            rows.append(BookingRow("E1", day, half, CANCELLED, f"B{n}", None, 2 + len(rows)))
    contract = Contract.from_amendments(employee="E1", hired=date(2024, 6, 3))
    records = EmployeeRecords(
        employee="E1", contract=EmployeeContract(contract=contract), bookings=rows
    )
    as_of = draw(st.one_of(st.none(), st.sampled_from(WORKED_2025)))
    return agreement, targets, records, as_of


FIGURES = (
    "entitlement",
    "carried",
    "adjusted",
    "booked",
    "cancelled",
    "expired",
    "forfeited",
    "remaining",
)


@given(monthly_cases())
def test_monthly_balances_are_those_of_the_ledger_replaying_the_rows(
    case: tuple[Agreement, tuple[DateRange, ...], EmployeeRecords, date | None],
) -> None:
    agreement, targets, records, as_of = case
    note(f"{agreement.carry_over!r} {[str(t) for t in targets]} as of {as_of}")
    problems: list[object] = []
    rows = list(
        workforce_balances(
            [records],
            agreement,
            CALENDAR,
            periods=targets,
            as_of=as_of,
            on_problem=problems.append,
        )
    )
    assert not problems
    assert [row.period for row in rows] == list(targets)
    span = [m for m in MONTHS if targets[0].start <= m.start <= targets[-1].start]
    ledger = ledger_of(records, agreement, list(span))
    for row in rows:
        balance = ledger.balance(row.period, as_of=as_of)
        expected = (balance.granted, *(getattr(balance, f) for f in FIGURES[1:]))
        assert tuple(getattr(row, f) for f in FIGURES) == expected, row.period


def test_a_row_between_two_target_months_counts_outside_them() -> None:
    """January, February and April without a carry-over: a booking of 4 March belongs to
    no period reported (it once counted in February, the period starting before it)."""
    agreement = Agreement(name="m", reference=MONTHLY, quotas=[Quota(window="period", maximum=10)])
    targets = (MONTHS[0], MONTHS[1], MONTHS[3])
    rows = [
        BookingRow("E1", date(2025, 2, 4), None, BOOKED, "B0", None, 2),
        BookingRow("E1", date(2025, 3, 4), None, BOOKED, "B1", None, 3),
        BookingRow("E1", date(2025, 3, 4), None, CANCELLED, "B1", None, 4),
        BookingRow("E1", date(2025, 4, 8), None, BOOKED, "B2", None, 5),
    ]
    contract = Contract.from_amendments(employee="E1", hired=date(2024, 6, 3))
    records = EmployeeRecords(
        employee="E1", contract=EmployeeContract(contract=contract), bookings=rows
    )
    summary = RunSummary()
    found = list(
        workforce_balances([records], agreement, CALENDAR, periods=targets, summary=summary)
    )
    assert [(row.booked, row.cancelled, row.remaining) for row in found] == [
        (0, 0, 10),
        (1, 0, 9),
        (1, 0, 9),
    ]
    assert summary.outside_periods == 2
