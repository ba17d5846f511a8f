"""Agreements: the telework policy as an immutable, validated value.

An :class:`Agreement` gathers the rule parts of an accord or charter: the reference period,
quotas over windows of several lengths, prorating, rounding, granularity, accrual, eligibility,
notice, blackout dates, carry-over, approval and the agreement's own validity. Each part is a
small frozen value; build them directly, or load a whole agreement from TOML or a dict.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from datetime import date, time, timedelta
from fractions import Fraction
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from teleaccord.amounts import Granularity, Rounding, format_amount, parse_amount
from teleaccord.dates import DateRange, parse_date
from teleaccord.errors import InvalidValue

__all__ = [
    "Accrual",
    "AccrualStep",
    "Agreement",
    "Approval",
    "CarryOver",
    "CarryOverMode",
    "Eligibility",
    "Extra",
    "Notice",
    "OnSiteMinimum",
    "PeriodKind",
    "PresenceBasis",
    "Prorating",
    "Quota",
    "ReferencePeriod",
    "Window",
]


def _amount(field: str, value: Any) -> Fraction:
    return parse_amount(value, field=field)


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Fraction | None) -> None:
    if value is not None and value < 0:
        msg = f"{attribute.name}: must not be negative, got {format_amount(value)}."
        raise InvalidValue(msg, field=attribute.name, code="negative_amount")


def _optional_amount(value: Any) -> Fraction | None:
    return None if value is None else parse_amount(value)


# -- reference period ------------------------------------------------------------------------


class PeriodKind(str, enum.Enum):
    """The length of a reference period."""

    YEAR = "year"
    MONTH = "month"


def _check_month(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if not 1 <= value <= 12:
        msg = f"{attribute.name}: a month is 1 to 12, got {value}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_month")


def _check_start_day(
    instance: ReferencePeriod, attribute: attrs.Attribute[Any], value: int
) -> None:
    if not 1 <= value <= 28:
        msg = f"start_day: a reference period starts on day 1 to 28 of a month, got {value}."
        raise InvalidValue(msg, field="start_day", code="invalid_start_day")


@attrs.frozen(kw_only=True)
class ReferencePeriod:
    """The period a quota is granted for (période de référence): a calendar year, a year
    starting on any date (1 June), or a month.

    >>> ReferencePeriod().containing(date(2024, 3, 5))
    DateRange(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    >>> str(ReferencePeriod(start_month=6).containing(date(2024, 3, 5)))
    '2023-06-01..2024-05-31'
    >>> str(ReferencePeriod(kind="month").containing(date(2024, 2, 10)))
    '2024-02-01..2024-02-29'
    """

    kind: PeriodKind = attrs.field(default=PeriodKind.YEAR, converter=PeriodKind)
    start_month: int = attrs.field(default=1, validator=_check_month)
    start_day: int = attrs.field(default=1, validator=_check_start_day)

    @property
    def step(self) -> relativedelta:
        """The length of one period."""
        return relativedelta(years=1) if self.kind is PeriodKind.YEAR else relativedelta(months=1)

    def containing(self, day: date) -> DateRange:
        """The reference period that contains ``day``."""
        if self.kind is PeriodKind.MONTH:
            start = date(day.year, day.month, self.start_day)
            if start > day:
                start = start - relativedelta(months=1)
        else:
            start = date(day.year, self.start_month, self.start_day)
            if start > day:
                start = date(day.year - 1, self.start_month, self.start_day)
        return DateRange(start, start + self.step - timedelta(days=1))

    def periods(self, span: DateRange) -> Iterator[DateRange]:
        """The reference periods overlapping ``span``, in order (whole periods)."""
        period = self.containing(span.start)
        while period.start <= span.end:
            yield period
            period = self.containing(period.end + timedelta(days=1))

    def label(self, period: DateRange) -> str:
        """A short name for a period: ``2024``, ``2024-06`` or ``2023-06-01..2024-05-31``.

        >>> ReferencePeriod().label(ReferencePeriod().containing(date(2024, 5, 1)))
        '2024'
        """
        if self.kind is PeriodKind.YEAR and (self.start_month, self.start_day) == (1, 1):
            return str(period.start.year)
        if self.kind is PeriodKind.MONTH and self.start_day == 1:
            return f"{period.start.year}-{period.start.month:02d}"
        return str(period)


# -- quotas and windows ----------------------------------------------------------------------


class Window(str, enum.Enum):
    """A window over which a quota counts telework days.

    ``period`` is the agreement's reference period; the others are calendar windows: ISO weeks
    (Monday to Sunday), fortnights (pairs of ISO weeks, from ISO week 1), calendar months,
    quarters and years.
    """

    PERIOD = "period"
    WEEK = "week"
    FORTNIGHT = "fortnight"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    def containing(self, day: date, reference: ReferencePeriod | None = None) -> DateRange:
        """The window of this kind that contains ``day``.

        >>> str(Window.WEEK.containing(date(2024, 3, 7)))
        '2024-03-04..2024-03-10'
        >>> str(Window.QUARTER.containing(date(2024, 5, 7)))
        '2024-04-01..2024-06-30'
        """
        if self is Window.PERIOD:
            return (reference or ReferencePeriod()).containing(day)
        if self is Window.WEEK:
            monday = day - timedelta(days=day.weekday())
            return DateRange(monday, monday + timedelta(days=6))
        if self is Window.FORTNIGHT:
            iso_year, iso_week_no, _ = day.isocalendar()
            first_week = iso_week_no - (iso_week_no - 1) % 2
            monday = date.fromisocalendar(iso_year, first_week, 1)
            end = monday + timedelta(days=13)
            # An ISO year of 53 weeks ends on a lone week.
            if end.isocalendar()[0] != iso_year:
                end = monday + timedelta(days=6)
            return DateRange(monday, end)
        if self is Window.MONTH:
            start = date(day.year, day.month, 1)
            return DateRange(start, start + relativedelta(months=1) - timedelta(days=1))
        if self is Window.QUARTER:
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
            return DateRange(start, start + relativedelta(months=3) - timedelta(days=1))
        return DateRange(date(day.year, 1, 1), date(day.year, 12, 31))

    def windows(
        self, span: DateRange, reference: ReferencePeriod | None = None
    ) -> Iterator[DateRange]:
        """The windows overlapping ``span``, in order (whole windows)."""
        window = self.containing(span.start, reference)
        while window.start <= span.end:
            yield window
            window = self.containing(window.end + timedelta(days=1), reference)


def _check_quota(instance: Quota, attribute: attrs.Attribute[Any], value: Fraction | None) -> None:
    _non_negative(instance, attribute, value)
    if instance.maximum is None and value is None:
        msg = f"quota ({instance.window.value}): give a maximum, a minimum, or both."
        raise InvalidValue(msg, field="quota", code="empty_quota")
    if value is not None and instance.maximum is not None and value > instance.maximum:
        msg = (
            f"quota ({instance.window.value}): the minimum ({format_amount(value)}) is above "
            f"the maximum ({format_amount(instance.maximum)})."
        )
        raise InvalidValue(msg, field="quota.minimum", code="minimum_above_maximum")


@attrs.frozen(kw_only=True)
class Quota:
    """Telework days allowed (maximum) or expected (minimum) in each window.

    ``prorate`` says whether the figure is prorated by work fraction and presence in the window
    (a yearly envelope usually is; a weekly maximum usually is not). A monthly quota with
    ``prorate=False`` is fixed: a short month, or a month half worked, gets the whole figure.

    >>> Quota(window="week", maximum=3, minimum=1)
    Quota(window=<Window.WEEK: 'week'>, maximum=Fraction(3, 1), minimum=Fraction(1, 1), prorate=False, label='')
    """

    window: Window = attrs.field(converter=Window)
    maximum: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_non_negative
    )
    minimum: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_check_quota
    )
    prorate: bool = False
    label: str = ""


def _check_on_site(
    instance: OnSiteMinimum, attribute: attrs.Attribute[Any], value: Fraction | None
) -> None:
    if (instance.days is None) == (value is None):
        msg = "on_site: give either a number of days or a share of working days on site, not both."
        raise InvalidValue(msg, field="on_site", code="invalid_on_site")
    if value is not None and not 0 < value <= 1:
        msg = f"on_site.share: a share is more than 0 and at most 1, got {format_amount(value)}."
        raise InvalidValue(msg, field="on_site.share", code="invalid_share")


@attrs.frozen(kw_only=True)
class OnSiteMinimum:
    """A minimum presence on site in each window: a number of days, or a share of the
    employee's working days ("at least 40 % on site over a fortnight").

    Public holidays count as on site when ``holidays_count_as_on_site`` (a clause seen in real
    accords, together with training and business travel, which an HRIS records as other
    absences).

    >>> OnSiteMinimum(window="fortnight", share="40 %").share
    Fraction(2, 5)
    """

    window: Window = attrs.field(converter=Window)
    days: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_non_negative
    )
    share: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_check_on_site
    )
    holidays_count_as_on_site: bool = True


@attrs.frozen(kw_only=True)
class Extra:
    """Extra days per reference period for employees with a status the law asks accords to
    consider (``"disabled"``, ``"carer"``, ``"pregnant"``), prorated like the main quota.

    >>> Extra(status="carer", days=10).days
    Fraction(10, 1)
    """

    status: str
    days: Fraction = attrs.field(converter=parse_amount, validator=_non_negative)


# -- prorating, accrual ----------------------------------------------------------------------


class PresenceBasis(str, enum.Enum):
    """How presence in a period is measured when prorating.

    - ``calendar-days``: days under contract / days in the period.
    - ``working-days``: the employee's working days under contract / the full-time working days
      of the period (Monday to Friday, minus holidays and closures).
    - ``whole-months``: months entirely under contract / months in the period.
    - ``months-started``: months with at least one day under contract / months in the period.
    - ``none``: presence is not prorated (only the fraction, if asked).
    """

    CALENDAR_DAYS = "calendar-days"
    WORKING_DAYS = "working-days"
    WHOLE_MONTHS = "whole-months"
    MONTHS_STARTED = "months-started"
    NONE = "none"


@attrs.frozen(kw_only=True)
class Prorating:
    """How the period quota is prorated: by work fraction and by presence.

    >>> Prorating().basis
    <PresenceBasis.CALENDAR_DAYS: 'calendar-days'>
    """

    by_fraction: bool = True
    basis: PresenceBasis = attrs.field(default=PresenceBasis.CALENDAR_DAYS, converter=PresenceBasis)


class AccrualStep(str, enum.Enum):
    """How the period entitlement is earned."""

    UPFRONT = "upfront"
    MONTHLY = "monthly"
    WEEKLY = "weekly"


@attrs.frozen(kw_only=True)
class Accrual:
    """Whether the period's entitlement is granted up front or earned step by step.

    With steps, the entitlement as of a date is the exact share earned by then, rounded as
    a whole (never step by step), so the steps of a full period add up to the period's figure.
    ``at`` says whether a step is earned on its first or last day.

    >>> Accrual(step="monthly", at="end").step
    <AccrualStep.MONTHLY: 'monthly'>
    """

    step: AccrualStep = attrs.field(default=AccrualStep.UPFRONT, converter=AccrualStep)
    at: str = attrs.field(default="start", validator=attrs.validators.in_(("start", "end")))


# -- eligibility, notice, carry-over, approval -----------------------------------------------


def _str_set(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(str(v) for v in value)


@attrs.frozen(kw_only=True)
class Eligibility:
    """Who may telework under the agreement.

    ``categories`` lists the job categories whose work can be done remotely (``None``: all);
    ``excluded_categories`` those that cannot (itinerant jobs, interns, apprentices).

    >>> Eligibility(categories={"claims", "it"}, min_seniority_months=24).min_seniority_months
    24
    """

    categories: frozenset[str] | None = attrs.field(default=None, converter=_str_set)
    excluded_categories: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    min_seniority_months: int = 0
    min_months_in_post: int = 0
    min_fraction: Fraction = attrs.field(default=Fraction(0), converter=parse_amount)
    sites: frozenset[str] | None = attrs.field(default=None, converter=_str_set)


@attrs.frozen(kw_only=True)
class Notice:
    """How long before a telework day it must be requested (délai de prévenance).

    Either a number of working days, or a deadline at a time of day some days before
    ("the day before at 19:00"), in the agreement's time zone, or both (both must hold).

    >>> Notice(deadline_days_before=1, deadline_time=time(19, 0)).deadline_time
    datetime.time(19, 0)
    """

    working_days: int = 0
    deadline_days_before: int | None = None
    deadline_time: time | None = None


class CarryOverMode(str, enum.Enum):
    """What happens to unused days at the end of a reference period."""

    NONE = "none"
    CAPPED = "capped"
    ALL = "all"


@attrs.frozen(kw_only=True)
class CarryOver:
    """The carry-over of unused days into the next period, and their expiry.

    ``expires_after_days`` counts calendar days from the new period's start;
    ``expires_on`` is a (month, day) in the new period. Carried days are used first.

    >>> CarryOver(mode="capped", cap=5, expires_after_days=90).cap
    Fraction(5, 1)
    """

    mode: CarryOverMode = attrs.field(default=CarryOverMode.NONE, converter=CarryOverMode)
    cap: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_non_negative
    )
    expires_after_days: int | None = None
    expires_on: tuple[int, int] | None = None


@attrs.frozen(kw_only=True)
class Approval:
    """How requests are decided: manager approval, an optional second level from a number of
    days in a week, and automatic approval within quota and coverage."""

    required: bool = True
    second_level_from_weekly_day: int | None = None
    auto_approve: bool = False
    reason_required_for_refusal: bool = True


# -- the agreement ---------------------------------------------------------------------------


def _optional_validity(value: Any) -> DateRange | None:
    if value is None or isinstance(value, DateRange):
        return value
    start, end = value
    return DateRange(parse_date(start, field="valid.start"), parse_date(end, field="valid.end"))


def _blackouts(value: Iterable[Any]) -> frozenset[date]:
    days: set[date] = set()
    for item in value:
        if isinstance(item, DateRange):
            days.update(item)
        else:
            days.add(parse_date(item, field="blackout"))
    return frozenset(days)


def _weekday_set(value: Iterable[int]) -> frozenset[int]:
    days = frozenset(int(v) for v in value)
    bad = sorted(d for d in days if not 0 <= d <= 6)
    if bad:
        msg = f"excluded_weekdays: weekdays are 0 (Monday) to 6 (Sunday), got {bad}."
        raise InvalidValue(msg, field="excluded_weekdays", code="invalid_weekday")
    return days


def _period_quota_check(
    instance: Agreement, attribute: attrs.Attribute[Any], value: tuple[Quota, ...]
) -> None:
    periods = [q for q in value if q.window is Window.PERIOD and q.maximum is not None]
    if len(periods) > 1:
        msg = "quotas: at most one maximum per reference period (the envelope) is allowed."
        raise InvalidValue(msg, field="quotas", code="duplicate_period_quota")


@attrs.frozen(kw_only=True)
class Agreement:
    """A telework agreement (accord or charte de télétravail) as validated data.

    >>> a = Agreement(
    ...     name="100 days a year",
    ...     quotas=(Quota(window="period", maximum=100, prorate=True),),
    ... )
    >>> a.period_quota.maximum
    Fraction(100, 1)
    """

    name: str
    reference: ReferencePeriod = ReferencePeriod()
    quotas: tuple[Quota, ...] = attrs.field(
        default=(), converter=tuple, validator=_period_quota_check
    )
    on_site: tuple[OnSiteMinimum, ...] = attrs.field(default=(), converter=tuple)
    max_consecutive_days: int | None = None
    excluded_weekdays: frozenset[int] = attrs.field(default=frozenset(), converter=_weekday_set)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=tuple)
    granularity: Granularity = attrs.field(default=Granularity.DAY, converter=Granularity)
    prorating: Prorating = Prorating()
    rounding: Rounding = Rounding()
    accrual: Accrual = Accrual()
    eligibility: Eligibility = Eligibility()
    notice: Notice = Notice()
    blackout: frozenset[date] = attrs.field(default=frozenset(), converter=_blackouts)
    carry_over: CarryOver = CarryOver()
    approval: Approval = Approval()
    allow_negative: bool = False
    negative_limit: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_non_negative
    )
    adaptation_period_days: int = 0
    adaptation_notice_days: int = 0
    reversibility_notice_days: int = 0
    valid: DateRange | None = attrs.field(default=None, converter=_optional_validity)
    timezone: str = "Europe/Paris"

    @property
    def period_quota(self) -> Quota | None:
        """The maximum per reference period (the yearly envelope), if there is one."""
        for q in self.quotas:
            if q.window is Window.PERIOD and q.maximum is not None:
                return q
        return None
