"""Entitlements: the laws of prorating and rounding, and the worked examples of the docs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Accrual,
    Agreement,
    Amendment,
    Calendar,
    Contract,
    DateRange,
    Eligibility,
    Extra,
    PresenceBasis,
    Prorating,
    Quota,
    ReferencePeriod,
    Rounding,
    RoundingMode,
    WorkPattern,
    eligibility,
    entitlement,
    load_sample_agreement,
    month_range,
    window_quota,
    year_range,
)

CALENDAR = Calendar()
ONE_DAY = timedelta(days=1)
BASES = sorted(PresenceBasis, key=lambda b: b.value)
PRORATING_BASES = [b for b in BASES if b is not PresenceBasis.NONE]
NON_EXACT = [m for m in sorted(RoundingMode, key=lambda m: m.value) if m is not RoundingMode.EXACT]

fractions = st.sampled_from(
    [Fraction(1), Fraction(9, 10), Fraction(4, 5), Fraction(7, 10), Fraction(1, 2), Fraction(1, 5)]
) | st.fractions(min_value=Fraction(1, 40), max_value=1, max_denominator=40)
quotas = st.fractions(min_value=0, max_value=400, max_denominator=4)
references = st.sampled_from(
    [ReferencePeriod(), ReferencePeriod(start_month=6), ReferencePeriod(kind="month")]
)


@st.composite
def periods(draw: st.DrawFn) -> DateRange:
    """One reference period between 2000 and 2060 (holidays are known for those years)."""
    reference = draw(references)
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)))
    return reference.containing(day)


def agreement(
    quota: Fraction | int = 100,
    basis: PresenceBasis = PresenceBasis.CALENDAR_DAYS,
    *,
    by_fraction: bool = True,
    rounding: Rounding | None = None,
    reference: ReferencePeriod | None = None,
    accrual: Accrual | None = None,
    extras: tuple[Extra, ...] = (),
) -> Agreement:
    return Agreement(
        name="test",
        reference=reference or ReferencePeriod(),
        quotas=[Quota(window="period", maximum=quota, prorate=True)],
        granularity="half-day",
        prorating=Prorating(by_fraction=by_fraction, basis=basis),
        rounding=rounding or Rounding(),
        accrual=accrual or Accrual(),
        extras=extras,
    )


@st.composite
def timelines(
    draw: st.DrawFn, period: DateRange, *, uniform: bool = False
) -> tuple[date, date | None, Fraction, tuple[tuple[date, Fraction], ...]]:
    """Hire date, last day, first fraction and amendments of a contract around ``period``."""
    first = period.start - timedelta(days=70)
    span = (period.end - first).days + 70
    hired = first + timedelta(days=draw(st.integers(0, span)))
    last = None
    if draw(st.booleans()):
        last = hired + timedelta(days=draw(st.integers(0, span)))
    fraction = draw(fractions)
    changes: list[tuple[date, Fraction]] = []
    if not uniform:
        limit = (last or period.end + timedelta(days=60)) - hired
        offsets = draw(st.lists(st.integers(1, max(1, limit.days)), max_size=3, unique=True))
        for offset in sorted(offsets):
            if offset <= limit.days:
                changes.append((hired + timedelta(days=offset), draw(fractions)))
    return hired, last, fraction, tuple(changes)


def contract(
    hired: date,
    last: date | None,
    fraction: Fraction,
    changes: tuple[tuple[date, Fraction], ...] = (),
    employee: str = "E1",
) -> Contract:
    return Contract.from_amendments(
        employee=employee,
        hired=hired,
        last_day=last,
        fraction=fraction,
        amendments=[Amendment(effective=d, fraction=f) for d, f in changes],
    )


def exact(a: Agreement, c: Contract, period: DateRange, **kwargs: object) -> Fraction:
    return entitlement(a, c, period, CALENDAR, **kwargs).exact  # type: ignore[arg-type]


# -- laws ------------------------------------------------------------------------------------


@given(
    period=periods(),
    quota=quotas,
    basis=st.sampled_from(BASES),
    by_fraction=st.booleans(),
    before=st.integers(0, 400),
    after=st.none() | st.integers(0, 400),
)
def test_full_time_present_all_period_gets_exactly_the_quota(
    period: DateRange,
    quota: Fraction,
    basis: PresenceBasis,
    by_fraction: bool,
    before: int,
    after: int | None,
) -> None:
    last = None if after is None else period.end + timedelta(days=after)
    c = contract(period.start - timedelta(days=before), last, Fraction(1))
    assert exact(agreement(quota, basis, by_fraction=by_fraction), c, period) == quota


@given(period=periods(), quota=quotas, basis=st.sampled_from(BASES), fraction=fractions)
def test_fraction_all_period_gives_fraction_times_the_quota(
    period: DateRange, quota: Fraction, basis: PresenceBasis, fraction: Fraction
) -> None:
    c = contract(period.start, period.end, fraction)
    assert exact(agreement(quota, basis), c, period) == fraction * quota
    assert exact(agreement(quota, basis, by_fraction=False), c, period) == quota


@given(data=st.data(), basis=st.sampled_from(BASES))
def test_more_presence_never_gives_less(data: st.DataObject, basis: PresenceBasis) -> None:
    period = data.draw(periods())
    uniform = basis is PresenceBasis.NONE  # without prorating, presence only weighs fractions
    hired, last, fraction, changes = data.draw(timelines(period, uniform=uniform))
    earlier = data.draw(st.integers(0, 120))
    later = data.draw(st.none() | st.integers(0, 120))
    longer_last = None if last is None or later is None else last + timedelta(days=later)
    inner = contract(hired, last, fraction, changes)
    outer = contract(hired - timedelta(days=earlier), longer_last, fraction, changes)
    a = agreement(100, basis)
    assert exact(a, inner, period) <= exact(a, outer, period)


@given(data=st.data(), basis=st.sampled_from(BASES))
def test_a_larger_fraction_never_gives_less(data: st.DataObject, basis: PresenceBasis) -> None:
    period = data.draw(periods())
    hired, last, fraction, changes = data.draw(timelines(period))
    raised = tuple((d, data.draw(st.fractions(min_value=f, max_value=1))) for d, f in changes)
    higher = data.draw(st.fractions(min_value=fraction, max_value=1))
    a = agreement(100, basis)
    low = exact(a, contract(hired, last, fraction, changes), period)
    assert low <= exact(a, contract(hired, last, higher, raised), period)


@given(data=st.data(), basis=st.sampled_from(BASES), quota=quotas, by_fraction=st.booleans())
def test_never_more_than_the_quota_never_negative(
    data: st.DataObject, basis: PresenceBasis, quota: Fraction, by_fraction: bool
) -> None:
    period = data.draw(periods())
    c = contract(*data.draw(timelines(period)))
    assert 0 <= exact(agreement(quota, basis, by_fraction=by_fraction), c, period) <= quota


@given(
    period=periods(),
    basis=st.sampled_from(BASES),
    gap=st.integers(1, 400),
    length=st.integers(0, 400),
    after=st.booleans(),
)
def test_no_presence_gives_zero(
    period: DateRange, basis: PresenceBasis, gap: int, length: int, after: bool
) -> None:
    if after:
        c = contract(period.end + timedelta(days=gap), None, Fraction(1))
    else:
        last = period.start - timedelta(days=gap)
        c = contract(last - timedelta(days=length), last, Fraction(1))
    e = entitlement(agreement(100, basis, rounding=Rounding("up")), c, period, CALENDAR)
    assert (e.exact, e.rounded, e.explanation.segments) == (0, 0, ())


@given(data=st.data(), basis=st.sampled_from(BASES))
def test_splitting_a_segment_at_the_same_fraction_changes_nothing(
    data: st.DataObject, basis: PresenceBasis
) -> None:
    period = data.draw(periods())
    hired, last, fraction, changes = data.draw(timelines(period))
    whole = contract(hired, last, fraction, changes)
    end = last or period.end + timedelta(days=30)
    if end <= hired:
        return
    cut = hired + timedelta(days=data.draw(st.integers(1, (end - hired).days)))
    if any(d == cut for d, _ in changes):
        return
    split = Contract.from_amendments(
        employee="E1",
        hired=hired,
        last_day=last,
        fraction=fraction,
        amendments=[Amendment(effective=d, fraction=f) for d, f in changes]
        + [Amendment(effective=cut, site="other site")],
    )
    assert len(split.segments) == len(whole.segments) + 1
    a = agreement(100, basis)
    assert exact(a, split, period) == exact(a, whole, period)


@given(
    data=st.data(),
    year=st.integers(2000, 2060),
    basis=st.sampled_from([PresenceBasis.WHOLE_MONTHS, PresenceBasis.MONTHS_STARTED]),
    monthly=st.fractions(min_value=0, max_value=20, max_denominator=4),
)
def test_a_year_is_the_sum_of_its_months_on_month_bases(
    data: st.DataObject, year: int, basis: PresenceBasis, monthly: Fraction
) -> None:
    period = year_range(year)
    c = contract(*data.draw(timelines(period)))
    yearly = exact(agreement(12 * monthly, basis), c, period)
    per_month = agreement(monthly, basis, reference=ReferencePeriod(kind="month"))
    assert yearly == sum(exact(per_month, c, month_range(year, m)) for m in range(1, 13))


@given(data=st.data(), year=st.integers(2000, 2060))
def test_a_year_is_the_sum_of_its_months_on_calendar_days(data: st.DataObject, year: int) -> None:
    period = year_range(year)
    c = contract(*data.draw(timelines(period)))
    basis = PresenceBasis.CALENDAR_DAYS
    yearly = exact(agreement(100, basis), c, period)
    total = Fraction(0)
    for m in range(1, 13):
        month = month_range(year, m)
        quota = Fraction(100 * len(month), len(period))  # the month's share of the envelope
        total += exact(agreement(quota, basis, reference=ReferencePeriod(kind="month")), c, month)
    assert yearly == total


@given(
    data=st.data(),
    basis=st.sampled_from(BASES),
    mode=st.sampled_from(NON_EXACT),
    unit=st.sampled_from([Fraction(1, 2), Fraction(1)]),
)
def test_rounding_moves_less_than_one_unit_in_the_mode_direction(
    data: st.DataObject, basis: PresenceBasis, mode: RoundingMode, unit: Fraction
) -> None:
    period = data.draw(periods())
    c = contract(*data.draw(timelines(period)))
    e = entitlement(agreement(100, basis, rounding=Rounding(mode, unit=unit)), c, period, CALENDAR)
    moved = e.rounded - e.exact
    assert abs(moved) < unit
    assert (e.rounded / Fraction(1, 2)).denominator == 1  # half-day granularity
    if mode is RoundingMode.DOWN:
        assert moved <= 0
    elif mode is RoundingMode.UP:
        assert moved >= 0
    else:
        assert abs(moved) <= unit / 2


@given(
    data=st.data(),
    floor=st.integers(0, 50),
    width=st.integers(0, 60),
    mode=st.sampled_from(NON_EXACT),
)
def test_floor_and_ceiling_apply_after_rounding(
    data: st.DataObject, floor: int, width: int, mode: RoundingMode
) -> None:
    period = data.draw(periods())
    c = contract(*data.draw(timelines(period)))
    rule = Rounding(mode, unit=Fraction(1, 2), floor=floor, ceiling=floor + width)
    e = entitlement(agreement(100, rounding=rule), c, period, CALENDAR)
    assert e.rounded == min(
        max(Rounding(mode, unit=Fraction(1, 2)).round(e.exact), floor), floor + width
    )


@given(
    data=st.data(),
    basis=st.sampled_from(BASES),
    step=st.sampled_from(["monthly", "weekly"]),
    at=st.sampled_from(["start", "end"]),
    mode=st.sampled_from(NON_EXACT),
)
def test_accrual_steps_add_up_to_the_period_figure(
    data: st.DataObject, basis: PresenceBasis, step: str, at: str, mode: RoundingMode
) -> None:
    reference = data.draw(references)
    period = reference.containing(data.draw(st.dates(date(2000, 1, 1), date(2060, 12, 31))))
    c = contract(*data.draw(timelines(period)))
    a = agreement(
        100,
        basis,
        reference=reference,
        rounding=Rounding(mode, unit=Fraction(1, 2)),
        accrual=Accrual(step=step, at=at),
    )
    whole = entitlement(a, c, period, CALENDAR)
    # The running total at every day of the period, sampled: never decreasing, and the last
    # day of the period gives the whole figure, rounded as a whole.
    days = sorted(data.draw(st.sets(st.integers(0, len(period) - 1), max_size=8)))
    earned = [
        entitlement(a, c, period, CALENDAR, as_of=period.start + timedelta(days=d)) for d in days
    ]
    totals = [e.exact for e in earned]
    assert totals == sorted(totals)
    assert all(0 <= t <= whole.exact for t in totals)
    at_end = entitlement(a, c, period, CALENDAR, as_of=period.end)
    assert (at_end.exact, at_end.rounded) == (whole.exact, whole.rounded)
    before = entitlement(a, c, period, CALENDAR, as_of=period.start - ONE_DAY)
    assert before.exact == 0


@given(data=st.data(), basis=st.sampled_from(BASES))
def test_monthly_steps_each_earn_their_month(data: st.DataObject, basis: PresenceBasis) -> None:
    year = data.draw(st.integers(2000, 2060))
    period = year_range(year)
    c = contract(*data.draw(timelines(period)))
    a = agreement(120, basis, accrual=Accrual(step="monthly", at="end"))
    ends = [month_range(year, m).end for m in range(1, 13)]
    running = [exact(a, c, period, as_of=d) for d in ends]
    steps = [b - a_ for a_, b in zip([Fraction(0), *running], running, strict=False)]
    assert sum(steps) == exact(a, c, period)
    assert all(s >= 0 for s in steps)


# -- worked examples (the docs' explanation page) ---------------------------------------------

SAMPLE = load_sample_agreement("assistance-100-days")
Y2024 = year_range(2024)


@pytest.mark.parametrize(
    ("label", "c", "period", "exact_amount", "rounded_amount"),
    [
        (
            "full-time full year",
            contract(date(2020, 3, 1), None, Fraction(1)),
            Y2024,
            Fraction(100),
            Fraction(100),
        ),
        (
            "80 % full year",
            Contract.from_amendments(
                employee="E1",
                hired=date(2020, 3, 1),
                fraction="80 %",
                pattern=WorkPattern.parse("Mo Tu Th Fr"),
            ),
            Y2024,
            Fraction(80),
            Fraction(80),
        ),
        (
            "hired on 1 July",
            contract(date(2024, 7, 1), None, Fraction(1)),
            Y2024,
            Fraction(100 * 184, 366),
            Fraction(101, 2),
        ),
        (
            "part-time (80 %) from 1 July",
            contract(date(2020, 3, 1), None, Fraction(1), ((date(2024, 7, 1), Fraction(4, 5)),)),
            Y2024,
            100 * (Fraction(182, 366) + Fraction(4, 5) * Fraction(184, 366)),
            Fraction(90),
        ),
        (
            "leaving on 30 September",
            contract(date(2020, 3, 1), date(2024, 9, 30), Fraction(1)),
            Y2024,
            Fraction(100 * 274, 366),
            Fraction(75),
        ),
        (
            "hired on 1 July of a common year",
            contract(date(2023, 7, 1), None, Fraction(1)),
            year_range(2023),
            Fraction(100 * 184, 365),
            Fraction(101, 2),
        ),
        (
            "leaving on 29 February of a leap year",
            contract(date(2020, 3, 1), date(2024, 2, 29), Fraction(1)),
            Y2024,
            Fraction(100 * 60, 366),
            Fraction(33, 2),
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_worked_examples_under_the_100_days_agreement(
    label: str, c: Contract, period: DateRange, exact_amount: Fraction, rounded_amount: Fraction
) -> None:
    e = entitlement(SAMPLE, c, period, CALENDAR)
    assert (e.exact, e.rounded) == (exact_amount, rounded_amount)


def test_explanation_gives_each_segment_and_the_formula() -> None:
    c = contract(date(2020, 3, 1), None, Fraction(1), ((date(2024, 7, 1), Fraction(4, 5)),))
    e = entitlement(SAMPLE, c, Y2024, CALENDAR)
    x = e.explanation
    assert [
        (s.start, s.end, s.fraction, s.presence_numerator, s.presence_denominator)
        for s in x.segments
    ] == [
        (date(2024, 1, 1), date(2024, 6, 30), 1, 182, 366),
        (date(2024, 7, 1), date(2024, 12, 31), Fraction(4, 5), 184, 366),
    ]
    assert sum(s.share for s in x.segments) == e.exact
    assert x.quota == x.total_quota == 100
    assert x.formula.startswith("100 × (1 × 182/366 + 0.8 × 184/366) = ")
    assert x.rounding == SAMPLE.rounding.describe(e.exact)
    assert x.holidays_source == CALENDAR.source
    assert x.holidays == ()  # calendar days: no holiday enters the figure
    paragraph = e.describe()
    assert "182 of 366 calendar days" in paragraph
    assert "rounded half-up to the nearest 0.5 day gives 90" in paragraph
    json.dumps(x.to_dict())  # JSON-compatible, no float
    assert x.to_dict()["exact"] == "16460/183"


def test_working_days_basis_names_the_holidays_it_used() -> None:
    a = agreement(100, PresenceBasis.WORKING_DAYS)
    e = entitlement(a, contract(date(2024, 7, 1), None, Fraction(1)), Y2024, CALENDAR)
    x = e.explanation
    assert x.segments[0].presence_denominator == 252  # 262 weekdays minus 10 holidays
    assert x.segments[0].presence_numerator == 128
    assert date(2024, 5, 1) in x.holidays
    assert date(2024, 7, 14) not in x.holidays  # a Sunday
    assert len(x.holidays) == 10
    assert "10 holidays" in e.describe()


def test_the_pattern_does_not_prorate_twice() -> None:
    a = agreement(100, PresenceBasis.WORKING_DAYS)
    wednesday_off = Contract.from_amendments(
        employee="E1", hired=date(2020, 1, 1), pattern=WorkPattern.parse("Mo Tu Th Fr")
    )
    assert exact(a, wednesday_off, Y2024) == 80


def test_extra_days_for_statuses_are_prorated_like_the_quota() -> None:
    a = agreement(100, extras=(Extra(status="carer", days=10),))
    c = contract(date(2020, 1, 1), None, Fraction(1, 2))
    e = entitlement(a, c, Y2024, CALENDAR, statuses=["Carer"])
    assert e.exact == 55
    assert e.explanation.extras == (("carer", Fraction(10)),)
    assert "10 (carer)" in e.describe()
    assert exact(a, c, Y2024, statuses=["disabled"]) == 50


def test_an_agreement_without_envelope_gives_zero_and_says_why() -> None:
    a = load_sample_agreement("health-insurance-1-3-days")
    e = entitlement(a, contract(date(2020, 1, 1), None, Fraction(1)), Y2024, CALENDAR)
    assert (e.exact, e.rounded, e.explanation.quota) == (0, 0, None)
    assert "no envelope" in e.describe()


def test_days_outside_the_agreement_validity_count_as_absent() -> None:
    a = Agreement(
        name="from September",
        quotas=[Quota(window="period", maximum=100, prorate=True)],
        valid=(date(2024, 9, 1), None),
    )
    e = entitlement(a, contract(date(2020, 1, 1), None, Fraction(1)), Y2024, CALENDAR)
    assert e.exact == Fraction(100 * 122, 366)
    assert "valid from 2024-09-01 only" in e.describe()


def test_a_quota_that_is_not_prorated_is_whole_for_any_presence() -> None:
    a = Agreement(name="fixed", quotas=[Quota(window="period", maximum=20, prorate=False)])
    c = contract(date(2024, 11, 1), None, Fraction(1, 2))
    e = entitlement(a, c, Y2024, CALENDAR)
    assert e.exact == 20
    assert not e.explanation.prorated


def test_accrual_as_of_a_date_with_monthly_steps() -> None:
    a = agreement(
        120,
        rounding=Rounding("down", unit=Fraction(1, 2)),
        accrual=Accrual(step="monthly", at="end"),
        basis=PresenceBasis.WHOLE_MONTHS,
    )
    c = contract(date(2020, 1, 1), None, Fraction(1))
    assert exact(a, c, Y2024, as_of=date(2024, 3, 30)) == 20
    assert exact(a, c, Y2024, as_of=date(2024, 3, 31)) == 30
    e = entitlement(a, c, Y2024, CALENDAR, as_of=date(2024, 3, 31))
    assert e.explanation.earned_until == date(2024, 3, 31)
    start = attrs.evolve(a, accrual=Accrual(step="monthly", at="start"))
    assert exact(start, c, Y2024, as_of=date(2024, 3, 1)) == 30


def test_rounding_per_month_would_drift_but_the_total_is_rounded_once() -> None:
    # 19 days a year earned monthly: 19/12 a month. Rounding each month (to 2 or to 1) would
    # give 24 or 12; the running total is rounded instead, and ends on 19.
    a = agreement(
        19,
        rounding=Rounding("half-up"),
        accrual=Accrual(step="monthly", at="end"),
        basis=PresenceBasis.WHOLE_MONTHS,
    )
    c = contract(date(2020, 1, 1), None, Fraction(1))
    ends = [month_range(2024, m).end for m in range(1, 13)]
    rounded = [entitlement(a, c, Y2024, CALENDAR, as_of=d).rounded for d in ends]
    assert rounded[-1] == 19
    assert rounded == sorted(rounded)


# -- window quotas ---------------------------------------------------------------------------


def test_monthly_quota_fixed_or_prorated_in_a_month_half_worked() -> None:
    fixed = Quota(window="month", maximum=10)
    prorated = Quota(window="month", maximum=10, prorate=True)
    a = Agreement(
        name="monthly",
        quotas=[fixed],
        granularity="half-day",
        rounding=Rounding("down", unit=Fraction(1, 2)),
    )
    hired_mid_february = contract(date(2024, 2, 16), None, Fraction(1))
    february = month_range(2024, 2)
    assert window_quota(a, fixed, hired_mid_february, february, CALENDAR) == 10
    assert window_quota(
        a, prorated, hired_mid_february, february, CALENDAR, exact=True
    ) == Fraction(140, 29)
    assert window_quota(a, prorated, hired_mid_february, february, CALENDAR) == Fraction(9, 2)
    assert (
        window_quota(a, Quota(window="month", minimum=2), hired_mid_february, february, CALENDAR)
        is None
    )
    assert (
        window_quota(
            a, prorated, contract(date(2020, 1, 1), None, Fraction(1, 2)), february, CALENDAR
        )
        == 5
    )


def test_monthly_quota_in_a_short_month_on_working_days() -> None:
    prorated = Quota(window="month", maximum=10, prorate=True)
    a = Agreement(name="monthly", quotas=[prorated], prorating=Prorating(basis="working-days"))
    full = contract(date(2020, 1, 1), None, Fraction(1))
    assert window_quota(a, prorated, full, month_range(2024, 2), CALENDAR) == 10
    left = contract(date(2020, 1, 1), date(2024, 5, 15), Fraction(1))
    # May 2024: 19 working days (1, 8, 9 and 20 May are holidays); 8 of them up to the 15th.
    assert window_quota(a, prorated, left, month_range(2024, 5), CALENDAR) == Fraction(80, 19)


# -- eligibility -----------------------------------------------------------------------------


def test_an_eligible_contract_gets_no_violation() -> None:
    a = load_sample_agreement("health-insurance-1-3-days")
    c = Contract.from_amendments(
        employee="E1", hired=date(2020, 1, 1), category="claims-processing"
    )
    assert eligibility(a, c, date(2024, 3, 1)) == ()


def test_an_ineligible_contract_gets_every_reason_as_data() -> None:
    a = Agreement(
        name="strict",
        eligibility=Eligibility(
            categories={"claims"},
            min_seniority_months=24,
            min_months_in_post=12,
            min_fraction="50 %",
            sites={"Lyon"},
        ),
    )
    c = Contract.from_amendments(
        employee="E9", hired=date(2023, 1, 10), fraction="40 %", category="driver", site="Metz"
    )
    found = eligibility(a, c, date(2024, 1, 9))
    assert [v.code for v in found] == [
        "category_not_eligible",
        "seniority_too_short",
        "months_in_post_too_short",
        "fraction_too_low",
        "site_not_eligible",
    ]
    assert found[1].param("months") == 11
    assert found[3].param("minimum") == Fraction(1, 2)
    assert all(v.day == date(2024, 1, 9) for v in found)


def test_time_in_post_counts_from_the_last_change_of_category() -> None:
    a = Agreement(name="post", eligibility=Eligibility(min_months_in_post=12))
    c = Contract.from_amendments(
        employee="E1",
        hired=date(2020, 1, 1),
        category="claims",
        amendments=[
            Amendment(effective=date(2023, 6, 1), category="it"),
            Amendment(effective=date(2023, 9, 1), fraction="80 %"),
        ],
    )
    assert [v.code for v in eligibility(a, c, date(2024, 5, 31))] == ["months_in_post_too_short"]
    assert eligibility(a, c, date(2024, 6, 1)) == ()


def test_excluded_categories_and_contract_and_validity_limits() -> None:
    a = load_sample_agreement("health-insurance-1-3-days")
    itinerant = Contract.from_amendments(
        employee="E2", hired=date(2020, 1, 1), category="home-visits"
    )
    assert [v.code for v in eligibility(a, itinerant, date(2024, 1, 1))] == [
        "category_not_eligible"
    ]
    assert "excluded" in eligibility(a, itinerant, date(2024, 1, 1))[0].message
    gone = contract(date(2020, 1, 1), date(2023, 12, 31), Fraction(1))
    assert [v.code for v in eligibility(a, gone, date(2024, 1, 1))] == ["outside_contract"]
    limited = Agreement(name="v", valid=(date(2024, 1, 1), date(2024, 12, 31)))
    assert [v.code for v in eligibility(limited, gone, date(2023, 6, 1))] == [
        "outside_agreement_validity"
    ]
