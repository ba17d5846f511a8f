"""Hypothesis strategies shared by the tests (import as ``from strategies import ...``)."""

from __future__ import annotations

from datetime import date, time, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from teleaccord import (
    Accrual,
    Agreement,
    Amendment,
    Approval,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    Eligibility,
    Extra,
    Notice,
    OnSiteMinimum,
    Prorating,
    Quota,
    ReferencePeriod,
    Rounding,
    Window,
    WorkPattern,
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
            st.frozensets(st.sampled_from(FR_WORKED_HOLIDAY_NAMES), max_size=2)
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
        approval=Approval(
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
