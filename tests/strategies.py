"""Hypothesis strategies shared by the tests (import as ``from strategies import ...``)."""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import reject
from hypothesis import strategies as st

import teleaccord
from teleaccord import (
    Accrual,
    Adjustment,
    Agreement,
    AllowanceExplanation,
    AllowanceKind,
    AllowancePolicy,
    Amendment,
    ApprovalClause,
    ApprovalPolicy,
    Arrangement,
    ArrangementState,
    AuditEvent,
    Balance,
    BalanceRow,
    Booking,
    Calendar,
    Cancellation,
    CarryOver,
    CarryOverIn,
    Contract,
    CoverageRule,
    CrossBorderReport,
    CsvColumn,
    CsvFormat,
    DateRange,
    DayPlan,
    DaysTaken,
    Eligibility,
    EmployeeContract,
    Entitlement,
    Entry,
    ExemptionRegime,
    ExemptionTable,
    Expiry,
    Explanation,
    Extra,
    Grant,
    HalfDay,
    HalfDayCount,
    HalfDayPlan,
    Holiday,
    InvalidValue,
    MonthlyAllowance,
    Notice,
    OnSiteMinimum,
    Organisation,
    PersonOutcome,
    Plan,
    PlanConflict,
    PlannedBooking,
    PlannedDay,
    PlanResult,
    PresenceBasis,
    Problem,
    Prorating,
    Quota,
    ReferencePeriod,
    Regrant,
    RequestState,
    Rhythm,
    Role,
    Rounding,
    RuleRef,
    RuleSource,
    SampleWorkforce,
    SegmentShare,
    Statement,
    StatementLine,
    TeamCoverage,
    TeamMember,
    TeamPlan,
    Teams,
    TeamSpec,
    TeleworkRequest,
    ThresholdCounter,
    ThresholdTable,
    Violation,
    Window,
    Wish,
    WorkPattern,
    entitlement,
    year_range,
)

# -- foundation: days, ranges, work patterns, calendars, contracts (engineer A) ---------------
# Years 1990-2100 and the French regions the docs promise (DECISIONS.md). Strategies taking a
# ``year`` keep their dates within a year of it, so closures, worked holidays, cycle anchors and
# amendments fall inside the ranges a test counts over; without one they roam 1990-2100.

FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2100, 12, 31)
FR_REGIONS = (None, "57", "6AE", "971", "974")
"""Mainland France, Moselle and Alsace (Alsace-Moselle), Guadeloupe, La Réunion."""
FR_WORKED_HOLIDAY_NAMES = (
    "Abolition of Slavery",
    "Ascension Day",
    "Easter Monday",
    "Good Friday",
    "Pentecost Monday",
    "Saint Stephen's Day",
)
"""English names of holidays a French organisation may work (the solidarity day and others)."""


@functools.cache
def _names_of(subdivision: str | None) -> list[str]:
    """The names of FR_WORKED_HOLIDAY_NAMES the region has (an unknown name is an error)."""
    found = []
    for name in FR_WORKED_HOLIDAY_NAMES:
        try:
            Calendar(subdivision=subdivision, worked_holiday_names={name})
        except InvalidValue:
            continue
        found.append(name)
    return found


PATTERN_TEXTS = (
    "Mo Tu We Th Fr",
    "Mo Tu Th Fr",
    "Mo Tu We Th:am Fr",
    "Mo:pm Tu We:am Th",
    "Sa Su",
    "Mo Tu We Th Fr Sa Su",
    "Mo Tu / We Th Fr Sa Su",
    "Mo Tu We Th Fr / Sa Su / ",
)
"""Realistic patterns: full time, 80 % and 90 %, half-days, weekends, 24/7 rotating cycles."""

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
years = st.integers(FIRST_DAY.year, LAST_DAY.year)
unit_fractions = st.integers(1, 100).flatmap(
    lambda den: st.integers(1, den).map(lambda num: Fraction(num, den))
)
"""Work fractions in (0, 1], denominators up to 100, exact."""


def days_near(year: int | None) -> st.SearchStrategy[date]:
    """Days from the year before ``year`` to the year after (any day of 1990-2100 if None)."""
    if year is None:
        return days
    return st.dates(
        min_value=max(FIRST_DAY, date(year - 1, 1, 1)),
        max_value=min(LAST_DAY, date(year + 1, 12, 31)),
    )


@st.composite
def day_spans(draw: st.DrawFn, year: int | None = None, max_days: int = 800) -> DateRange:
    """Inclusive ranges of 1 to ``max_days + 1`` days inside 1990-2100, near ``year``."""
    start = draw(days_near(year))
    end = min(LAST_DAY, start + timedelta(days=draw(st.integers(0, max_days))))
    return DateRange(start, end)


@st.composite
def patterns(
    draw: st.DrawFn, year: int | None = None, max_weeks: int = 3, min_half_days: int = 0
) -> WorkPattern:
    """Work patterns: realistic texts or any half-day masks, weekly or rotating cycles of up
    to ``max_weeks`` weeks anchored near ``year``, working holidays or not; at least
    ``min_half_days`` half-days worked per cycle (a whole Monday is added when short)."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(PATTERN_TEXTS))
        weeks = [list(w) for w in WorkPattern.parse(text, anchor=FIRST_DAY).weeks]
        weeks = weeks[:max_weeks]
    else:
        masks = st.lists(st.integers(0, 3), min_size=7, max_size=7)
        weeks = draw(st.lists(masks, min_size=1, max_size=max_weeks))
    if sum(bin(m).count("1") for week in weeks for m in week) < min_half_days:
        weeks[0][0] = 3
    anchor = draw(days_near(year)) if len(weeks) > 1 else None
    return WorkPattern(
        tuple(tuple(week) for week in weeks),
        anchor=anchor,
        works_holidays=draw(st.booleans()),
    )


@st.composite
def fr_calendars(draw: st.DrawFn, year: int | None = None) -> Calendar:
    """French calendars (mainland, 57, 6AE, 971, 974) with closures (days and ranges), extra
    local holidays and worked holidays (by date, among the real ones, and by name) near
    ``year``."""
    subdivision = draw(st.sampled_from(FR_REGIONS))
    near = days_near(year)
    closures: list[date | DateRange] = list(draw(st.lists(near, max_size=4)))
    if draw(st.booleans()):
        start = draw(near)
        closures.append(DateRange(start, start + timedelta(days=draw(st.integers(0, 14)))))
    worked_days = frozenset(draw(st.lists(near, max_size=2)))
    if year is not None and draw(st.booleans()):
        real = Calendar(subdivision=subdivision).holidays(
            DateRange(date(year, 1, 1), date(year, 12, 31))
        )
        worked_days |= {h.day for h in draw(st.lists(st.sampled_from(real), max_size=2))}
    return Calendar(
        subdivision=subdivision,
        closures=closures,
        extra_holidays=draw(
            st.dictionaries(near, st.sampled_from(["Fête locale", "Saint Éloi"]), max_size=2)
        ),
        worked_holidays=worked_days,
        worked_holiday_names=draw(
            st.frozensets(st.sampled_from(_names_of(subdivision)), max_size=2)
        ),
    )


@st.composite
def employment_contracts(draw: st.DrawFn, year: int | None = None) -> Contract:
    """Contracts hired near ``year``, open-ended or lasting up to about four years, with up to
    four amendments (fraction, pattern, category, team, site) inside them."""
    hired = draw(days_near(year))
    last_day = draw(
        st.none() | st.integers(0, 1500).map(lambda n: min(LAST_DAY, hired + timedelta(days=n)))
    )
    span = (last_day - hired).days if last_day else min(1500, (LAST_DAY - hired).days)
    fraction = draw(st.none() | unit_fractions)
    pattern = draw(st.none() | patterns(year, min_half_days=1 if fraction is None else 0))
    offsets = draw(st.lists(st.integers(0, span), max_size=4, unique=True))
    labels_ = st.none() | st.sampled_from(["support", "claims", "Lyon", "Metz"])
    changes = [
        Amendment(
            effective=hired + timedelta(days=n),
            fraction=draw(st.none() | unit_fractions),
            pattern=draw(st.none() | patterns(year)),
            category=draw(labels_),
            team=draw(labels_),
            site=draw(labels_),
        )
        for n in offsets
    ]
    return Contract.from_amendments(
        employee=draw(st.sampled_from(["E001", "E042", "A-7"])),
        hired=hired,
        last_day=last_day,
        fraction=fraction,
        pattern=pattern,
        amendments=draw(st.permutations(changes)),
    )


# -- agreements ------------------------------------------------------------------------------

names = st.text(min_size=1, max_size=20).map(str.strip).filter(bool)
labels = st.text(max_size=20)
day_amounts = st.fractions(min_value=0, max_value=400, max_denominator=4)
shares = st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=100)
agreement_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def quotas(draw: st.DrawFn, window: Window | None = None) -> Quota:
    """A quota over ``window`` (any window but the reference period when not given)."""
    kind = window or draw(st.sampled_from([w for w in Window if w is not Window.PERIOD]))
    maximum = draw(st.none() | day_amounts)
    if maximum is None:
        minimum = draw(day_amounts)
    else:
        minimum = draw(st.none() | st.fractions(0, maximum, max_denominator=4))
    return Quota(
        window=kind,
        maximum=maximum,
        minimum=minimum,
        prorate=draw(st.booleans()),
        label=draw(labels),
    )


@st.composite
def roundings(draw: st.DrawFn, granularity_unit: Fraction) -> Rounding:
    """A rounding rule whose unit, floor and ceiling fit the granularity."""
    mode = draw(st.sampled_from(["exact", "half-up", "half-even", "up", "down"]))
    unit = draw(st.sampled_from([granularity_unit, Fraction(1), Fraction(2)]))
    steps = st.integers(0, 400).map(lambda n: n * granularity_unit)
    floor = draw(st.none() | steps)
    ceiling = draw(st.none() | steps)
    if floor is not None and ceiling is not None and ceiling < floor:
        floor, ceiling = ceiling, floor
    return Rounding(mode=mode, unit=unit, floor=floor, ceiling=ceiling)


@st.composite
def carry_overs(draw: st.DrawFn) -> CarryOver:
    mode = draw(st.sampled_from(["none", "capped", "all"]))
    if mode == "none":
        return CarryOver()
    cap = draw(day_amounts) if mode == "capped" else None
    expiry = draw(st.sampled_from(["never", "after", "on"]))
    return CarryOver(
        mode=mode,
        cap=cap,
        expires_after_days=draw(st.integers(1, 400)) if expiry == "after" else None,
        expires_on=draw(agreement_dates.map(lambda d: (d.month, d.day)))
        if expiry == "on"
        else None,
    )


@st.composite
def notices(draw: st.DrawFn) -> Notice:
    deadline = draw(st.booleans())
    return Notice(
        working_days=draw(st.integers(0, 10)),
        deadline_days_before=draw(st.integers(0, 7)) if deadline else None,
        deadline_time=draw(st.times().map(lambda t: time(t.hour, t.minute))) if deadline else None,
    )


@st.composite
def eligibilities(draw: st.DrawFn) -> Eligibility:
    categories = draw(st.none() | st.frozensets(names, max_size=4))
    excluded = draw(st.frozensets(names, max_size=3))
    return Eligibility(
        categories=categories,
        excluded_categories=excluded - (categories or frozenset()),
        min_seniority_months=draw(st.integers(0, 60)),
        min_months_in_post=draw(st.integers(0, 24)),
        min_fraction=draw(st.fractions(0, 1, max_denominator=10)),
        sites=draw(st.none() | st.frozensets(names, max_size=3)),
    )


@st.composite
def on_site_minimums(draw: st.DrawFn) -> OnSiteMinimum:
    window = draw(st.sampled_from([w for w in Window if w is not Window.PERIOD]))
    if draw(st.booleans()):
        return OnSiteMinimum(window=window, days=draw(st.integers(0, 10)))
    return OnSiteMinimum(
        window=window, share=draw(shares), holidays_count_as_on_site=draw(st.booleans())
    )


@st.composite
def validities(draw: st.DrawFn) -> DateRange | None:
    if draw(st.booleans()):
        return None
    start = draw(agreement_dates)
    if draw(st.booleans()):
        return DateRange(start, date(9999, 12, 31))
    return DateRange(start, start + timedelta(days=draw(st.integers(0, 4000))))


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    """Valid agreements with every part drawn, for round-trip and loader laws."""
    granularity = draw(st.sampled_from(["day", "half-day"]))
    unit = Fraction(1) if granularity == "day" else Fraction(1, 2)
    quota_list = draw(st.lists(quotas(), max_size=3))
    envelope = draw(st.none() | quotas(Window.PERIOD).filter(lambda q: q.maximum is not None))
    if envelope is not None:
        quota_list.insert(draw(st.integers(0, len(quota_list))), envelope)
        statuses = st.lists(names, max_size=3, unique_by=str.casefold)
        extras = [Extra(status=s, days=draw(day_amounts)) for s in draw(statuses)]
    else:
        extras = []
    allow_negative = draw(st.booleans())
    return Agreement(
        name=draw(names),
        description=draw(st.text(max_size=40)),
        reference=draw(
            st.builds(
                ReferencePeriod,
                kind=st.sampled_from(["year", "month"]),
                start_month=st.integers(1, 12),
                start_day=st.integers(1, 28),
            )
        ),
        quotas=quota_list,
        on_site=draw(st.lists(on_site_minimums(), max_size=2)),
        max_consecutive_days=draw(st.none() | st.integers(1, 10)),
        excluded_weekdays=draw(st.frozensets(st.integers(0, 6))),
        extras=extras,
        granularity=granularity,
        prorating=Prorating(
            by_fraction=draw(st.booleans()),
            basis=draw(
                st.sampled_from(
                    ["calendar-days", "working-days", "whole-months", "months-started", "none"]
                )
            ),
        ),
        rounding=draw(roundings(unit)),
        accrual=Accrual(
            step=draw(st.sampled_from(["upfront", "monthly", "weekly"])),
            at=draw(st.sampled_from(["start", "end"])),
        ),
        eligibility=draw(eligibilities()),
        notice=draw(notices()),
        blackout=draw(st.frozensets(agreement_dates, max_size=6)),
        carry_over=draw(carry_overs()),
        approval=ApprovalClause(
            required=draw(st.booleans()),
            second_level_from_weekly_day=draw(st.none() | st.integers(1, 7)),
            auto_approve=draw(st.booleans()),
            reason_required_for_refusal=draw(st.booleans()),
        ),
        allow_negative=allow_negative,
        negative_limit=draw(st.none() | day_amounts) if allow_negative else None,
        adaptation_period_days=draw(st.integers(0, 120)),
        adaptation_notice_days=draw(st.integers(0, 30)),
        reversibility_notice_days=draw(st.integers(0, 60)),
        valid=draw(validities()),
        timezone=draw(
            st.sampled_from(["Europe/Paris", "America/Cayenne", "Indian/Reunion", "UTC"])
        ),
    )


# -- values of every type, for the serialisation laws (engineer H) ---------------------------

ZONES = (
    timezone.utc,
    timezone(timedelta(hours=5, minutes=30)),
    ZoneInfo("Europe/Paris"),
    ZoneInfo("America/Cayenne"),
)
aware_datetimes = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 12, 31),
    timezones=st.sampled_from(ZONES),
)
"""Timezone-aware datetimes, including wall times in DST gaps and overlaps."""
short_texts = st.text(max_size=12)


holidays_ = st.builds(Holiday, day=days, name=short_texts, worked=st.booleans())
date_ranges = day_spans()
work_fractions = unit_fractions
optional_names = st.none() | names


@st.composite
def amendments(draw: st.DrawFn) -> Amendment:
    """Amendments changing any of the contract's terms (or none)."""
    return Amendment(
        effective=draw(days),
        fraction=draw(st.none() | unit_fractions),
        pattern=draw(st.none() | patterns()),
        category=draw(optional_names),
        team=draw(optional_names),
        site=draw(optional_names),
    )


@st.composite
def entitlements(draw: st.DrawFn) -> Entitlement:
    """Entitlements computed for a drawn agreement and contract (with their explanations)."""
    agreement = draw(agreements())
    contract = draw(employment_contracts())
    day = draw(st.sampled_from([contract.hired, contract.last_day or contract.hired]))
    period = agreement.reference.containing(day)
    as_of = draw(st.none() | st.sampled_from([period.start, period.end]))
    statuses = [e.status for e in agreement.extras][: draw(st.integers(0, 2))]
    return entitlement(agreement, contract, period, _CALENDAR, statuses=statuses, as_of=as_of)


_CALENDAR = Calendar()  # shared: its working-day tables are built once for all examples

segment_shares = st.builds(
    SegmentShare,
    start=agreement_dates,
    end=agreement_dates,
    work_fraction=work_fractions,
    fraction=work_fractions,
    presence_numerator=st.fractions(0, 400, max_denominator=12),
    presence_denominator=st.integers(1, 400),
    presence_unit=st.sampled_from(["calendar days", "working days", "whole months"]),
    share=day_amounts,
)
explanations = st.builds(
    Explanation,
    agreement=names,
    employee=names,
    period=date_ranges,
    quota=st.none() | day_amounts,
    extras=st.lists(st.tuples(names, day_amounts), max_size=2).map(tuple),
    total_quota=day_amounts,
    prorated=st.booleans(),
    basis=st.sampled_from(list(PresenceBasis)),
    by_fraction=st.booleans(),
    segments=st.lists(segment_shares, max_size=3).map(tuple),
    accrual=st.builds(
        Accrual,
        step=st.sampled_from(["upfront", "monthly", "weekly"]),
        at=st.sampled_from(["start", "end"]),
    ),
    as_of=st.none() | agreement_dates,
    earned_until=st.none() | agreement_dates,
    exact=day_amounts,
    rounded=day_amounts,
    rule=roundings(Fraction(1, 2)),
    holidays_source=short_texts,
    holidays=st.lists(agreement_dates, max_size=3).map(tuple),
    closures=st.lists(agreement_dates, max_size=3).map(tuple),
    notes=st.lists(short_texts, max_size=2).map(tuple),
)
"""Explanations with every field drawn (cheaper and wider than computing entitlements)."""


param_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | short_texts
    | st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=1000)
    | st.decimals(min_value=-(10**6), max_value=10**6, places=2)
    | agreement_dates
    | aware_datetimes
    | st.times()
    | st.sampled_from(list(HalfDay))
    | date_ranges
)
"""Values a violation or an audit event may carry as parameters."""
param_values = st.recursive(
    param_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.frozensets(agreement_dates | st.integers() | short_texts, max_size=3)
        | st.dictionaries(short_texts, inner, max_size=3)
    ),
    max_leaves=8,
)
violations = st.builds(
    Violation,
    code=names,
    message=short_texts,
    day=st.none() | agreement_dates,
    params=st.dictionaries(short_texts, param_values, max_size=4),
)
problems = st.builds(Problem, path=short_texts, message=short_texts, code=names)

T = TypeVar("T")


def valid(cls: type[T], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[T]:
    """Values of ``cls`` built from the drawn fields; combinations it refuses are rejected."""

    @st.composite
    def build(draw: st.DrawFn) -> T:
        kwargs = {name: draw(strategy) for name, strategy in fields.items()}
        try:
            return cls(**kwargs)
        except InvalidValue:
            reject()

    return build()


ids = names
money = st.decimals(min_value=0, max_value=10_000, places=2)
signed_amounts = st.fractions(min_value=-400, max_value=400, max_denominator=4)
nonzero_amounts = signed_amounts.filter(bool)
optional_halves = st.none() | st.sampled_from(list(HalfDay))
texts_tuple = st.lists(names, max_size=3).map(tuple)

# -- ledger entries, balances, statements

grants = st.builds(
    Grant,
    entry_id=ids,
    period=date_ranges,
    amount=day_amounts,
    exact=day_amounts,
    recorded_at=aware_datetimes,
    by=names,
    explanation=short_texts,
)


@st.composite
def regrants(draw: st.DrawFn) -> Regrant:
    previous = draw(day_amounts)
    current = draw(day_amounts.filter(lambda a: a != previous))
    return Regrant(
        entry_id=draw(ids),
        period=draw(date_ranges),
        amount=current - previous,
        previous=previous,
        current=current,
        recorded_at=draw(aware_datetimes),
        by=draw(names),
        explanation=draw(short_texts),
    )


@st.composite
def bookings(draw: st.DrawFn) -> Booking:
    half = draw(optional_halves)
    return Booking(
        entry_id=draw(ids),
        day=draw(agreement_dates),
        half=half,
        amount=Fraction(1) if half is None else Fraction(1, 2),
        recorded_at=draw(aware_datetimes),
        by=draw(names),
        note=draw(short_texts),
        telework_kind=draw(st.sampled_from(["regular", "occasional", "imposed"])),
        exception=draw(st.none() | authorised_exceptions),
    )


absence_kind_names = st.sampled_from(
    sorted([k.name for k in teleaccord.ABSENCE_KINDS] + ["strike_duty", "site-visit"])
)


@st.composite
def absences(draw: st.DrawFn, employee: str | None = None) -> teleaccord.Absence:
    """An absence of one to ten days, possibly starting or ending at noon."""
    start = draw(agreement_dates)
    length = draw(st.integers(0, 9))
    days = DateRange(start, start + timedelta(days=length))
    start_half = draw(st.none() | st.just(HalfDay.AFTERNOON))
    end_half = draw(st.none() | st.just(HalfDay.MORNING))
    if length == 0 and start_half is not None:
        end_half = None
    return teleaccord.Absence(
        absence_id=draw(ids),
        employee=employee if employee is not None else draw(names),
        days=days,
        kind=draw(absence_kind_names),
        start_half=start_half,
        end_half=end_half,
        source=draw(short_texts),
    )


pools = st.builds(
    teleaccord.Pool,
    name=st.sampled_from(["fixed", "flexible", "site"]),
    kinds=st.sets(st.sampled_from(["regular", "occasional", "satellite"]), min_size=1),
    quotas=st.lists(quotas(), max_size=2).map(tuple),
    label=short_texts,
)


authorised_exceptions = st.builds(
    teleaccord.AuthorisedException,
    approver=names,
    reason=names,
    codes=st.sets(st.sampled_from(sorted(teleaccord.MAXIMUM_CODES)), min_size=1),
)


minimum_shortfalls = st.builds(
    teleaccord.MinimumShortfall,
    employee=names,
    team=st.none() | names,
    minimum=st.sampled_from(["on_site", "telework"]),
    window=date_ranges,
    label=short_texts,
    pool=st.sampled_from(["default", "flexible"]),
    worked=day_amounts,
    actual=day_amounts,
    required=day_amounts,
)
minimums_reports = st.builds(
    teleaccord.MinimumsReport,
    period=date_ranges,
    employees=st.lists(names, max_size=3).map(tuple),
    windows=st.integers(0, 50),
    shortfalls=st.lists(minimum_shortfalls, max_size=2).map(tuple),
)


absence_kinds = st.builds(
    teleaccord.AbsenceKind,
    name=absence_kind_names,
    on_site=st.booleans(),
    coverage=st.booleans(),
    reduces_presence=st.booleans(),
    label=short_texts,
)


@st.composite
def absence_records(draw: st.DrawFn) -> teleaccord.AbsenceRecord:
    return teleaccord.AbsenceRecord(
        absence=draw(absences()), recorded_at=draw(aware_datetimes), by=draw(names)
    )


cancellations = st.builds(
    Cancellation,
    entry_id=ids,
    booking_id=ids,
    day=agreement_dates,
    amount=st.sampled_from([Fraction(1), Fraction(1, 2)]),
    recorded_at=aware_datetimes,
    by=names,
    reason=short_texts,
)
adjustments = st.builds(
    Adjustment,
    entry_id=ids,
    period=date_ranges,
    amount=nonzero_amounts,
    reason=names,
    recorded_at=aware_datetimes,
    by=names,
)


@st.composite
def carry_over_ins(draw: st.DrawFn) -> CarryOverIn:
    before = draw(date_ranges)
    start = before.end + timedelta(days=1)
    return CarryOverIn(
        entry_id=draw(ids),
        period=DateRange(start, start + timedelta(days=draw(st.integers(0, 400)))),
        from_period=before,
        amount=draw(nonzero_amounts),
        recorded_at=draw(aware_datetimes),
        by=draw(names),
    )


@st.composite
def expiries(draw: st.DrawFn) -> Expiry:
    period = draw(date_ranges)
    return Expiry(
        entry_id=draw(ids),
        period=period,
        day=period.start + timedelta(days=draw(st.integers(0, len(period) - 1))),
        amount=draw(nonzero_amounts),
        recorded_at=draw(aware_datetimes),
        by=draw(names),
    )


ledger_entries = st.one_of(
    grants,
    regrants(),
    bookings(),
    cancellations,
    adjustments,
    carry_over_ins(),
    expiries(),
    absence_records(),
)
balances = st.builds(
    Balance,
    employee=names,
    period=date_ranges,
    as_of=st.none() | agreement_dates,
    known_at=st.none() | aware_datetimes,
    granted=day_amounts,
    carried=day_amounts,
    adjusted=signed_amounts,
    booked=day_amounts,
    cancelled=day_amounts,
    expired=day_amounts,
    forfeited=day_amounts,
)
statement_lines = st.builds(
    StatementLine,
    day=agreement_dates,
    kind=names,
    amount=signed_amounts,
    entry_id=ids,
    description=short_texts,
    recorded_at=st.none() | aware_datetimes,
    recorded=st.booleans(),
)
statements = st.builds(
    Statement, balance=balances, lines=st.lists(statement_lines, max_size=3).map(tuple)
)
days_taken = st.builds(
    DaysTaken,
    employee=names,
    label=short_texts,
    window=date_ranges,
    amount=day_amounts,
    days=st.integers(0, 400),
)

# -- requests, arrangements, audit events


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    managers = draw(st.dictionaries(names, names, max_size=4))
    return Organisation(
        managers={e: m for e, m in managers.items() if e != m},
        delegates=draw(st.dictionaries(names, st.frozensets(names, max_size=2), max_size=2)),
        hr=draw(st.frozensets(names, max_size=2)),
    )


approval_policies = st.builds(
    ApprovalPolicy,
    second_level=st.booleans(),
    second_level_from_weekly_day=st.none() | st.integers(1, 7),
    auto_approve=st.booleans(),
)
request_states = st.sampled_from([s.value for s in RequestState])
audit_events = st.builds(
    AuditEvent,
    machine=st.sampled_from(["request", "arrangement"]),
    subject=ids,
    employee=names,
    sequence=st.integers(1, 50),
    actor=names,
    role=st.sampled_from([r.value for r in Role]),
    at=aware_datetimes,
    action=names,
    source=request_states,
    target=request_states,
    reason=short_texts,
    data=st.dictionaries(short_texts, param_values, max_size=3),
)
telework_requests = st.builds(
    TeleworkRequest,
    id=ids,
    employee=names,
    days=st.lists(agreement_dates, min_size=1, max_size=4),
    half=optional_halves,
    note=short_texts,
    state=st.sampled_from(list(RequestState)),
    bookings=texts_tuple,
    approved_by=texts_tuple,
    events=st.lists(audit_events, max_size=2).map(tuple),
)


@st.composite
def rhythms(draw: st.DrawFn) -> Rhythm:
    weekdays = draw(st.frozensets(st.integers(0, 6), max_size=5))
    half = draw(optional_halves)
    if weekdays and draw(st.booleans()):
        return Rhythm(weekdays=weekdays, half=half)
    window = draw(st.sampled_from([Window.WEEK, Window.MONTH]))
    most = len(weekdays) * (5 if window is Window.MONTH else 1) if weekdays else 20
    return Rhythm(weekdays=weekdays, window=window, days=draw(st.integers(1, most)), half=half)


arrangements = valid(
    Arrangement,
    id=ids,
    employee=names,
    rhythm=rhythms(),
    starts=agreement_dates,
    note=short_texts,
    state=st.sampled_from(list(ArrangementState)),
    adaptation_until=st.none() | agreement_dates,
    ends_on=st.none() | agreement_dates,
    events=st.lists(audit_events, max_size=2).map(tuple),
)
planned_bookings = st.builds(
    PlannedBooking,
    day=agreement_dates,
    half=optional_halves,
    violations=st.lists(violations, max_size=2).map(tuple),
)
plan_results = st.builds(
    PlanResult, booked=texts_tuple, refused=st.lists(planned_bookings, max_size=2).map(tuple)
)

# -- team coverage


@st.composite
def coverage_rules(draw: st.DrawFn) -> CoverageRule:
    minimum = draw(st.none() | st.integers(0, 20))
    share = draw(st.none() | shares) if minimum is not None else draw(shares)
    return CoverageRule(
        minimum=minimum,
        share=share,
        role=draw(optional_names),
        half=draw(optional_halves),
        weekdays=draw(st.none() | st.frozensets(st.integers(0, 6))),
        every_day=draw(st.booleans()),
        label=draw(short_texts),
    )


team_members = st.builds(TeamMember, contract=employment_contracts(), role=optional_names)
team_coverages = st.builds(
    TeamCoverage,
    team=names,
    members=st.lists(team_members, max_size=3, unique_by=lambda m: m.employee).map(tuple),
    rules=st.lists(coverage_rules(), max_size=2).map(tuple),
    anchor_weekdays=st.frozensets(st.integers(0, 6), max_size=2),
    calendar=fr_calendars(),
    search_days=st.integers(0, 30),
    suggestions=st.integers(0, 5),
)


@st.composite
def team_specs(draw: st.DrawFn) -> TeamSpec:
    members = draw(st.none() | st.frozensets(names, max_size=3))
    pool = sorted(members) if members is not None else []
    roles = draw(st.dictionaries(st.sampled_from(pool), names, max_size=2)) if pool else {}
    if members is None:
        roles = draw(st.dictionaries(names, names, max_size=2))
    return TeamSpec(
        name=draw(names),
        members=members,
        roles=roles,
        rules=draw(st.lists(coverage_rules(), max_size=2)),
        anchor_weekdays=draw(st.frozensets(st.integers(0, 6), max_size=2)),
    )


team_specs_lists = st.lists(team_specs(), max_size=3, unique_by=lambda t: t.name).filter(
    lambda ts: all(
        not (a.members or frozenset()) & (b.members or frozenset())
        for i, a in enumerate(ts)
        for b in ts[i + 1 :]
    )
)
teams_values = team_specs_lists.map(lambda ts: Teams(teams=ts))
half_day_plans = st.builds(
    HalfDayPlan,
    half=st.sampled_from(list(HalfDay)),
    on_site=texts_tuple,
    teleworking=texts_tuple,
    shortfalls=st.lists(violations, max_size=2).map(tuple),
)
day_plans = st.builds(
    DayPlan,
    day=agreement_dates,
    anchor=st.booleans(),
    halves=st.lists(half_day_plans, max_size=2).map(tuple),
)
team_plans = st.builds(
    TeamPlan, team=names, period=date_ranges, days=st.lists(day_plans, max_size=2).map(tuple)
)

# -- allowances and cross-border thresholds (the shipped tables are realistic rows)

rule_sources = st.builds(
    RuleSource, publication=names, url=short_texts, consulted=st.none() | agreement_dates
)
exemption_limits = st.sampled_from(ExemptionTable.default().limits)
exemption_tables = st.lists(exemption_limits, min_size=1, unique=True).map(ExemptionTable)
allowance_policies = valid(
    AllowancePolicy,
    name=names,
    kind=st.sampled_from(list(AllowanceKind)),
    amount=money,
    indexed=st.dictionaries(agreement_dates, money, max_size=2),
    monthly_cap=st.none() | money,
    yearly_cap=st.none() | money,
    prorate=st.booleans(),
    regime=st.sampled_from(list(ExemptionRegime)),
    half_day=st.sampled_from(list(HalfDayCount)),
    paid_without_telework=st.booleans(),
)
allowance_explanations = st.builds(
    AllowanceExplanation,
    policy=names,
    kind=st.sampled_from(list(AllowanceKind)),
    employee=names,
    month=date_ranges,
    telework_days=day_amounts,
    weekly_days=st.none() | day_amounts,
    rate=money,
    work_fraction=work_fractions,
    gross=day_amounts,
    monthly_cap=st.none() | money,
    yearly_cap=st.none() | money,
    paid_before=money,
    capped_by=st.none() | names,
    due=money,
    limit=exemption_limits,
    limit_amount=st.none() | money,
    exempt=money,
    excess=money,
    formula=short_texts,
    notes=st.lists(short_texts, max_size=2).map(tuple),
)
monthly_allowances_ = st.builds(
    MonthlyAllowance,
    employee=names,
    month=date_ranges,
    telework_days=day_amounts,
    due=money,
    exempt=money,
    excess=money,
    explanation=allowance_explanations,
)
thresholds = st.sampled_from(ThresholdTable.default().thresholds)
threshold_tables = st.lists(thresholds, min_size=1, unique=True).map(ThresholdTable)
threshold_counters = st.builds(
    ThresholdCounter,
    threshold=thresholds,
    period=date_ranges,
    as_of=agreement_dates,
    working_time=day_amounts,
    working_days=st.integers(0, 366),
    limit_days=day_amounts,
    used=day_amounts,
    booked=day_amounts,
    projected=day_amounts,
    crossing_day=st.none() | agreement_dates,
    notes=st.lists(short_texts, max_size=2).map(tuple),
)
crossborder_reports = st.builds(
    CrossBorderReport,
    employee=names,
    residence=st.sampled_from(["FR", "BE", "DE"]),
    work=st.sampled_from(["LU", "CH", "DE"]),
    year=st.integers(1990, 2100),
    as_of=agreement_dates,
    counters=st.lists(threshold_counters, max_size=2).map(tuple),
    warnings=st.lists(violations, max_size=2).map(tuple),
)

# -- the workforce job and its file formats

balance_rows = st.builds(
    BalanceRow,
    employee=names,
    period=date_ranges,
    label=short_texts,
    entitlement_exact=day_amounts,
    entitlement=day_amounts,
    carried=day_amounts,
    adjusted=signed_amounts,
    booked=day_amounts,
    cancelled=day_amounts,
    expired=day_amounts,
)
employee_contracts_with_statuses = st.builds(
    EmployeeContract,
    contract=employment_contracts(),
    statuses=st.dictionaries(days, st.frozensets(names, max_size=2), max_size=3).map(
        lambda by_day: tuple(by_day.items())
    ),
    line=st.integers(0, 10**6),
)
csv_columns = st.builds(
    CsvColumn,
    name=names,
    kind=st.sampled_from(["text", "date", "timestamp", "fraction", "amount", "half"]),
    required=st.booleans(),
    aliases=texts_tuple,
    description=short_texts,
    example=short_texts,
)
csv_formats = st.builds(
    CsvFormat,
    name=names,
    title=names,
    description=short_texts,
    columns=st.lists(csv_columns, max_size=3).map(tuple),
)
sample_workforces = st.builds(
    SampleWorkforce, year=years, agreement_name=names, country=names, description=short_texts
)


# -- one employee's entries over three years, for the balance fold ---------------------------

FOLD_YEARS = (2024, 2025, 2026)
fold_carry_overs = st.sampled_from(
    [
        CarryOver(),
        CarryOver(mode="all"),
        CarryOver(mode="all", expires_on="03-31"),
        CarryOver(mode="capped", cap=3),
        CarryOver(mode="capped", cap=Fraction(5, 2), expires_on="02-15"),
    ]
)


@st.composite
def fold_histories(draw: st.DrawFn) -> tuple[CarryOver, list[Entry]]:
    """A carry-over rule and a consistent history of one employee's entries over
    :data:`FOLD_YEARS`: grants, adjustments, bookings on distinct days, cancellations after
    the bookings they cancel."""
    at = datetime(2023, 12, 1, 9, tzinfo=timezone.utc)
    entries: list[Entry] = []
    for year in FOLD_YEARS:
        if draw(st.booleans()):
            amount = draw(st.integers(0, 12))
            entries.append(
                Grant(
                    entry_id=f"g{year}",
                    period=year_range(year),
                    amount=amount,
                    exact=amount,
                    recorded_at=at,
                    by="hr",
                )
            )
        for n, amount in enumerate(draw(st.lists(st.sampled_from([-2, -1, 1, 3]), max_size=2))):
            entries.append(
                Adjustment(
                    entry_id=f"a{year}-{n}",
                    period=year_range(year),
                    amount=amount,
                    reason="correction",
                    recorded_at=at,
                    by="hr",
                )
            )
    days = draw(
        st.lists(
            st.dates(date(FOLD_YEARS[0], 1, 1), date(FOLD_YEARS[-1], 12, 31)),
            unique=True,
            max_size=16,
        )
    )
    for n, day in enumerate(days):
        half = draw(optional_halves)
        booking = Booking(entry_id=f"b{n}", day=day, half=half, recorded_at=at, by="E1")
        entries.append(booking)
        if draw(st.integers(0, 3)) == 0:
            entries.append(
                Cancellation(
                    entry_id=f"c{n}",
                    booking_id=booking.entry_id,
                    day=day,
                    amount=booking.amount,
                    recorded_at=at,
                    by="E1",
                )
            )
    return draw(fold_carry_overs), entries


# -- team plans (planner) -----------------------------------------------------------------------

wishes = st.builds(
    Wish,
    employee=names,
    preferred=st.frozensets(st.integers(0, 6), max_size=3),
    preferred_dates=st.frozensets(agreement_dates, max_size=2),
    avoid=st.frozensets(st.integers(0, 6), max_size=2),
    avoid_dates=st.frozensets(agreement_dates, max_size=2),
    days_per_week=st.none() | st.integers(0, 7),
    weight=st.integers(0, 100),
)
rule_refs = st.one_of(
    st.builds(
        RuleRef,
        kind=st.just("coverage"),
        day=agreement_dates,
        half=st.sampled_from(list(HalfDay)),
        rule=st.integers(0, 3),
    ),
    st.builds(RuleRef, kind=st.just("anchor"), day=agreement_dates),
    st.builds(
        RuleRef,
        kind=st.just("fixed_booking"),
        day=agreement_dates,
        half=st.none() | st.sampled_from(list(HalfDay)),
        employee=names,
        entry_id=names,
    ),
)
plan_conflicts = st.builds(
    PlanConflict, violation=violations, items=st.lists(rule_refs, max_size=3).map(tuple)
)
planned_days = st.builds(
    PlannedDay, employee=names, day=agreement_dates, half=st.none(), preferred=st.booleans()
)
person_outcomes = st.builds(
    PersonOutcome,
    employee=names,
    days=st.lists(agreement_dates, max_size=3).map(tuple),
    existing=st.integers(0, 20),
    points=st.integers(0, 60),
    wished=st.integers(0, 60),
)
plans = st.builds(
    Plan,
    team=names,
    period=date_ranges,
    status=st.sampled_from(["optimal", "feasible", "greedy", "infeasible"]),
    optimal=st.booleans(),
    solver=st.sampled_from(["greedy", "cp-sat"]),
    solver_status=names,
    days=st.lists(planned_days, max_size=3).map(tuple),
    people=st.lists(person_outcomes, max_size=3).map(tuple),
    objective=st.integers(-1000, 10**6),
    greedy_objective=st.none() | st.integers(-1000, 10**6),
    conflicts=st.lists(plan_conflicts, max_size=2).map(tuple),
    waived=st.lists(rule_refs, max_size=2).map(tuple),
)
