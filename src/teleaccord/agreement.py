"""Agreements: the telework policy as an immutable, validated value.

An :class:`Agreement` gathers the rule parts of an accord or charter: the reference period,
quotas over windows of several lengths, prorating, rounding, granularity, accrual, eligibility,
notice, blackout dates, carry-over, approval and the agreement's own validity. Each part is a
small frozen value; build them directly, or load a whole agreement from TOML or a dict.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from teleaccord.absence import AbsenceKind, absence_kind
from teleaccord.amounts import Granularity, Rounding, RoundingMode, format_amount, parse_amount
from teleaccord.calendars import Calendar
from teleaccord.charter import Charter
from teleaccord.dates import DateRange, days_of, parse_date, parse_zone
from teleaccord.errors import InvalidValue, Problem
from teleaccord.pattern import WEEKDAY_NAMES, WorkPattern, weekday_number
from teleaccord.validators import (
    each_instance_of,
    in_range,
    non_empty_text,
    non_negative,
    one_of,
    optional,
    whole_number,
)

__all__ = [
    "Accrual",
    "AccrualStep",
    "Agreement",
    "ApprovalClause",
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
    "silent_zeros",
]


def _amount(field: str, value: Any) -> Fraction:
    return parse_amount(value, field=field)


def _optional_amount(value: Any) -> Fraction | None:
    return None if value is None else parse_amount(value)


_NON_NEGATIVE = optional(non_negative())
_WHOLE_NUMBER = whole_number(0)
_NON_NEGATIVE_INT = optional(_WHOLE_NUMBER)
_POSITIVE_INT = optional(whole_number(1))


# -- reference period ------------------------------------------------------------------------


class PeriodKind(str, enum.Enum):
    """The length of a reference period."""

    YEAR = "year"
    MONTH = "month"


@attrs.frozen(kw_only=True)
class ReferencePeriod:
    """The period a quota is granted for (période de référence): a calendar year, a year
    starting on any date (1 June), or a month.

    >>> from datetime import date
    >>> from teleaccord import ReferencePeriod
    >>> ReferencePeriod().containing(date(2024, 3, 5))
    DateRange(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    >>> str(ReferencePeriod(start_month=6).containing(date(2024, 3, 5)))
    '2023-06-01..2024-05-31'
    >>> str(ReferencePeriod(kind="month").containing(date(2024, 2, 10)))
    '2024-02-01..2024-02-29'
    """

    kind: PeriodKind = attrs.field(default=PeriodKind.YEAR, converter=PeriodKind)
    start_month: int = attrs.field(
        default=1,
        validator=in_range(
            1, 12, code="invalid_month", message="{field}: a month is 1 to 12, got {value}."
        ),
    )
    start_day: int = attrs.field(
        default=1,
        validator=in_range(
            1,
            28,
            code="invalid_start_day",
            message="{field}: a reference period starts on day 1 to 28 of a month, got {value}.",
        ),
    )

    @property
    def step(self) -> relativedelta:
        """The length of one period."""
        return relativedelta(years=1) if self.kind is PeriodKind.YEAR else relativedelta(months=1)

    def containing(self, day: date) -> DateRange:
        """The reference period that contains ``day``.

        Raises:
            InvalidValue: ``year_out_of_range`` when the period would start or end outside the
                years a date can have (1-9999).
        """
        try:
            return self._containing(day)
        except (ValueError, OverflowError):
            msg = f"date: the reference period containing {day} does not fit in years 1-9999."
            raise InvalidValue(msg, field="date", code="year_out_of_range") from None

    def _containing(self, day: date) -> DateRange:
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

        >>> from datetime import date
        >>> from teleaccord import ReferencePeriod
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

        >>> from datetime import date
        >>> from teleaccord import Window
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

    >>> from teleaccord import Quota
    >>> Quota(window="week", maximum=3, minimum=1)
    Quota(window=<Window.WEEK: 'week'>, maximum=Fraction(3, 1), minimum=Fraction(1, 1), prorate=False, label='')
    """

    window: Window = attrs.field(converter=Window)
    maximum: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_NON_NEGATIVE
    )
    minimum: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=[_NON_NEGATIVE, _check_quota]
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

    >>> from teleaccord import OnSiteMinimum
    >>> OnSiteMinimum(window="fortnight", share="40 %").share
    Fraction(2, 5)
    """

    window: Window = attrs.field(converter=Window)
    days: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_NON_NEGATIVE
    )
    share: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_check_on_site
    )
    holidays_count_as_on_site: bool = True


@attrs.frozen(kw_only=True)
class Extra:
    """Extra days per reference period for employees with a status the law asks accords to
    consider (``"disabled"``, ``"carer"``, ``"pregnant"``), prorated like the main quota.

    >>> from teleaccord import Extra
    >>> Extra(status="carer", days=10).days
    Fraction(10, 1)
    """

    status: str
    days: Fraction = attrs.field(converter=parse_amount, validator=non_negative())


# -- prorating, accrual ----------------------------------------------------------------------


class PresenceBasis(str, enum.Enum):
    """How presence in a period is measured when prorating.

    - ``calendar-days``: days under contract / days in the period.
    - ``working-days``: the organisation's working days under contract / those of the period
      (Monday to Friday, minus the calendar's holidays and closures). The employee's own
      pattern does not enter: the work fraction prorates, the pattern only says which days can
      be booked, so an 80 % employee is not prorated twice.
    - ``whole-months``: months entirely under contract / months in the period (months counted
      from the period's first day).
    - ``months-started``: months with at least one day under contract / months in the period.
    - ``none``: presence is not prorated: any presence gives the whole quota (times the
      fraction, if asked; segments with different fractions are weighted by their days).
    - ``equal-months``: every month of the period weighs the same (1/12 of a year), shared by
      its days under contract: with monthly accrual, a full-time employee has earned exactly
      half a yearly quota at 30 June (50 of 100 days), where calendar days give 181/365.

    Every basis is a weight per day, so entitlements add up over adjacent segments. A month
    counted by a months basis is spread over its calendar days, each at the fraction of the
    segment in force; the days of a started month before the hire (after the leave) count at
    the first (last) segment's fraction, so more presence never gives less.
    """

    CALENDAR_DAYS = "calendar-days"
    WORKING_DAYS = "working-days"
    WHOLE_MONTHS = "whole-months"
    MONTHS_STARTED = "months-started"
    NONE = "none"
    EQUAL_MONTHS = "equal-months"


@attrs.frozen(kw_only=True)
class Prorating:
    """How the period quota is prorated: by work fraction and by presence.

    >>> from teleaccord import Prorating
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

    >>> from teleaccord import Accrual
    >>> Accrual(step="monthly", at="end").step
    <AccrualStep.MONTHLY: 'monthly'>
    """

    step: AccrualStep = attrs.field(default=AccrualStep.UPFRONT, converter=AccrualStep)
    at: str = attrs.field(
        default="start",
        validator=one_of(
            ("start", "end"),
            code="invalid_accrual_at",
            field="accrual.at",
            message="{field}: a step is earned at its 'start' or its 'end', got {value!r}.",
        ),
    )


# -- eligibility, notice, carry-over, approval -----------------------------------------------


def _str_set(value: Iterable[str] | None) -> frozenset[str] | None:
    if isinstance(value, str):
        value = (value,)
    return None if value is None else frozenset(str(v).strip() for v in value)


def _excluded(value: Iterable[str]) -> frozenset[str]:
    return _str_set(value) or frozenset()


def _min_fraction(value: Any) -> Fraction:
    return parse_amount(value, field="eligibility.min_fraction")


def _check_categories(instance: Eligibility, attribute: attrs.Attribute[Any], value: Any) -> None:
    both = (instance.categories or frozenset()) & instance.excluded_categories
    if both:
        msg = (
            "eligibility.excluded_categories: a category cannot be both eligible and excluded: "
            f"{', '.join(sorted(both))}."
        )
        raise InvalidValue(msg, field="eligibility.excluded_categories", code="category_both_ways")


@attrs.frozen(kw_only=True)
class Eligibility:
    """Who may telework under the agreement.

    ``categories`` lists the job categories whose work can be done remotely (``None``: all);
    ``excluded_categories`` those that cannot (itinerant jobs, interns, apprentices). Seniority
    counts whole months from the hire date; time in post counts whole months since the job
    category last changed. :func:`~teleaccord.entitlements.eligibility` applies these rules.

    An employee eligible on no day of a reference period is entitled to 0 (the explanation
    gives the reasons); days in a category, site or work fraction that is not eligible count
    as absent. ``prorate_from_eligibility``: when eligibility starts inside the period (after
    a seniority or time-in-post condition, a probation), the entitlement is prorated from the
    day it starts, the days before counting as absent; without it (the default, as released)
    those conditions only refuse the bookings made before they are met.

    >>> from teleaccord import Eligibility
    >>> Eligibility(categories={"claims", "it"}, min_seniority_months=24).min_seniority_months
    24
    >>> Eligibility(min_seniority_months=3, prorate_from_eligibility=True).prorate_from_eligibility
    True
    """

    categories: frozenset[str] | None = attrs.field(default=None, converter=_str_set)
    excluded_categories: frozenset[str] = attrs.field(default=frozenset(), converter=_excluded)
    min_seniority_months: int = attrs.field(default=0, validator=_WHOLE_NUMBER)
    min_months_in_post: int = attrs.field(default=0, validator=_WHOLE_NUMBER)
    min_fraction: Fraction = attrs.field(
        default=Fraction(0),
        converter=_min_fraction,
        validator=[
            in_range(
                0,
                1,
                code="fraction_out_of_range",
                field="eligibility.min_fraction",
                message="{field}: a work fraction is between 0 and 1 (100 %), got {amount}.",
            ),
            _check_categories,
        ],
    )
    sites: frozenset[str] | None = attrs.field(default=None, converter=_str_set)
    prorate_from_eligibility: bool = False


def _optional_time(value: Any) -> time | None:
    if value is None or isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    msg = f"notice.deadline_time: expected a time of day as HH:MM, got {value!r}."
    raise InvalidValue(msg, field="notice.deadline_time", code="invalid_time")


def _check_deadline(instance: Notice, attribute: attrs.Attribute[Any], value: time | None) -> None:
    if (value is None) != (instance.deadline_days_before is None):
        msg = (
            "notice: give deadline_days_before and deadline_time together "
            '("the day before at 19:00").'
        )
        raise InvalidValue(msg, field="notice.deadline_time", code="incomplete_deadline")
    if value is not None and value.tzinfo is not None:
        msg = (
            "notice.deadline_time: give the time without a time zone; it is read in the "
            "agreement's time zone."
        )
        raise InvalidValue(msg, field="notice.deadline_time", code="invalid_time")


@attrs.frozen(kw_only=True)
class Notice:
    """How long before a telework day it must be requested (délai de prévenance).

    Either a number of working days, or a deadline at a time of day some calendar days before
    ("the day before at 19:00"), in the agreement's time zone, or both (both must hold).
    ``deadline_days_before`` and ``deadline_time`` go together.

    >>> from datetime import date
    >>> from teleaccord import Calendar, Notice
    >>> n = Notice(deadline_days_before=1, deadline_time="19:00")
    >>> n.deadline_time
    datetime.time(19, 0)
    >>> n.deadline(date(2024, 3, 8), Calendar())
    datetime.datetime(2024, 3, 7, 19, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Paris'))
    >>> Notice(deadline_days_before=1)
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: notice: give deadline_days_before and deadline_time together ("the day before at 19:00").
    """

    working_days: int = attrs.field(default=0, validator=_WHOLE_NUMBER)
    deadline_days_before: int | None = attrs.field(default=None, validator=_NON_NEGATIVE_INT)
    deadline_time: time | None = attrs.field(
        default=None, converter=_optional_time, validator=_check_deadline
    )

    def deadline(
        self,
        day: date,
        calendar: Calendar,
        timezone: str = "Europe/Paris",
        pattern: WorkPattern | None = None,
    ) -> datetime | None:
        """The last moment (inclusive, timezone-aware) a request for ``day`` is on time.

        With a number of working days ``n``, a request must be made by the end of the working
        day ``n`` working days before ``day`` (:meth:`Calendar.add_working_days`, on
        ``pattern`` or Monday to Friday); with a deadline, by that time ``deadline_days_before``
        calendar days before; with both, by the earlier. ``None``: no notice is required.

        >>> from datetime import date
        >>> from teleaccord import Calendar, Notice
        >>> Notice(working_days=2).deadline(date(2024, 5, 13), Calendar(), "Europe/Paris")
        datetime.datetime(2024, 5, 7, 23, 59, 59, 999999, tzinfo=zoneinfo.ZoneInfo(key='Europe/Paris'))
        """
        zone = parse_zone(timezone)
        found: list[datetime] = []
        if self.working_days:
            last_day = calendar.add_working_days(day, -self.working_days, pattern)
            found.append(datetime.combine(last_day, time.max, tzinfo=zone))
        if self.deadline_days_before is not None and self.deadline_time is not None:
            last_day = day - timedelta(days=self.deadline_days_before)
            found.append(datetime.combine(last_day, self.deadline_time, tzinfo=zone))
        return min(found) if found else None


class CarryOverMode(str, enum.Enum):
    """What happens to unused days at the end of a reference period."""

    NONE = "none"
    CAPPED = "capped"
    ALL = "all"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28) if (month, day) == (2, 29) else None


def _month_day(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        if isinstance(value, str):
            month_text, _, day_text = value.strip().lstrip("-").partition("-")
            month, day = int(month_text), int(day_text)
        else:
            month, day = (int(v) for v in value)
        date(2024, month, day)  # a leap year, so 29 February is a valid expiry
    except (TypeError, ValueError):
        msg = f"carry_over.expires_on: expected a month and day as MM-DD, got {value!r}."
        raise InvalidValue(msg, field="carry_over.expires_on", code="invalid_date") from None
    return (month, day)


def _check_carry_over(
    instance: CarryOver, attribute: attrs.Attribute[Any], value: tuple[int, int] | None
) -> None:
    if instance.mode is CarryOverMode.CAPPED and instance.cap is None:
        msg = "carry_over.cap: a capped carry-over needs a cap (the most days carried)."
        raise InvalidValue(msg, field="carry_over.cap", code="missing_cap")
    if instance.mode is not CarryOverMode.CAPPED and instance.cap is not None:
        msg = f"carry_over.cap: a cap only applies to mode 'capped', not {instance.mode.value!r}."
        raise InvalidValue(msg, field="carry_over.cap", code="unexpected_cap")
    expiry = value is not None or instance.expires_after_days is not None
    if instance.mode is CarryOverMode.NONE and expiry:
        msg = "carry_over: nothing is carried over (mode 'none'), so nothing can expire."
        raise InvalidValue(msg, field="carry_over.mode", code="unexpected_expiry")
    if value is not None and instance.expires_after_days is not None:
        msg = "carry_over: give expires_after_days or expires_on, not both."
        raise InvalidValue(msg, field="carry_over.expires_on", code="two_expiries")


def _check_period_expiry(
    instance: CarryOver, attribute: attrs.Attribute[Any], value: int | None
) -> None:
    if value is None:
        return
    if instance.mode is CarryOverMode.NONE:
        msg = "carry_over: nothing is carried over (mode 'none'), so nothing can expire."
        raise InvalidValue(msg, field="carry_over.mode", code="unexpected_expiry")
    if instance.expires_on is not None or instance.expires_after_days is not None:
        msg = "carry_over: give expires_after_periods, expires_after_days or expires_on, not two."
        raise InvalidValue(msg, field="carry_over.expires_after_periods", code="two_expiries")


@attrs.frozen(kw_only=True)
class CarryOver:
    """The carry-over of unused days into the next period, and their expiry.

    ``mode``: ``none`` (unused days are lost, the usual rule), ``capped`` (at most ``cap``
    days carried) or ``all``. Carried days may expire: ``expires_after_days`` days after the new
    period starts, or on ``expires_on``, a (month, day) in the new period (the last day they
    can be used); give at most one. Carried days are used first. ``balance_cap``: the most
    days a period may start with, its grant and the days carried in together; the carry-over
    is cut to fit (what is cut is forfeited). ``expires_after_periods``: carried days may be
    carried again while unused, and expire at the end of the N-th period they were carried
    into (1: the next period only); the oldest carried days are used first.

    >>> from datetime import date
    >>> from teleaccord import CarryOver, DateRange
    >>> c = CarryOver(mode="capped", cap=5, expires_on="03-31")
    >>> c.expires_on, c.last_usable_day(DateRange(date(2025, 1, 1), date(2025, 12, 31)))
    ((3, 31), datetime.date(2025, 3, 31))
    >>> CarryOver(mode="capped")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: carry_over.cap: a capped carry-over needs a cap (the most days carried).
    """

    mode: CarryOverMode = attrs.field(default=CarryOverMode.NONE, converter=CarryOverMode)
    cap: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_NON_NEGATIVE
    )
    expires_after_days: int | None = attrs.field(default=None, validator=_POSITIVE_INT)
    expires_on: tuple[int, int] | None = attrs.field(
        default=None, converter=_month_day, validator=_check_carry_over
    )
    balance_cap: Fraction | None = attrs.field(
        default=None, converter=_optional_amount, validator=_NON_NEGATIVE
    )
    expires_after_periods: int | None = attrs.field(
        default=None, validator=[_POSITIVE_INT, _check_period_expiry]
    )

    def last_usable_day(self, next_period: DateRange) -> date | None:
        """The last day carried days can be used in ``next_period`` (``None``: no expiry
        inside it, they last the whole period).

        >>> from datetime import date
        >>> from teleaccord import CarryOver, DateRange
        >>> CarryOver(mode="all", expires_after_days=90).last_usable_day(
        ...     DateRange(date(2025, 1, 1), date(2025, 12, 31)))
        datetime.date(2025, 3, 31)
        """
        last: date | None = None
        if self.expires_after_days is not None:
            last = next_period.start + timedelta(days=self.expires_after_days - 1)
        elif self.expires_on is not None:
            month, day = self.expires_on
            for year in (next_period.start.year, next_period.start.year + 1):
                candidate = _safe_date(year, month, day)
                if candidate is not None and candidate >= next_period.start:
                    last = candidate
                    break
        if last is None or last >= next_period.end:
            return None
        return last


@attrs.frozen(kw_only=True)
class ApprovalClause:
    """The agreement's approval clause: how requests are decided: by the employee's own manager (``required``), with an
    optional second approver from the n-th telework day of a week, automatic approval within
    quota and coverage, and a reason required for every refusal (a motivated refusal).
    With ``beyond_limit``, a request that breaks only maxima (a weekly, monthly or period
    maximum) is not refused: its approval sends it to a further approver (HR or the second
    approver), who may allow it as an exception, with a reason.

    Formerly ``Approval`` (that name still works, with a ``DeprecationWarning`` when
    imported from ``teleaccord``); not to be confused with
    :class:`~teleaccord.approval.ApprovalPolicy`, which decides a request against the ledger and
    the team.

    >>> from teleaccord import ApprovalClause
    >>> ApprovalClause(second_level_from_weekly_day=3).required
    True
    """

    required: bool = True
    second_level_from_weekly_day: int | None = attrs.field(
        default=None,
        validator=optional(
            in_range(
                1,
                7,
                code="invalid_number",
                field="approval.second_level_from_weekly_day",
                message=(
                    "{field}: the day of the week from which a second approver is needed is "
                    "1 to 7, got {value!r}."
                ),
            )
        ),
    )
    auto_approve: bool = False
    reason_required_for_refusal: bool = True
    beyond_limit: bool = False


Approval = ApprovalClause
"""Deprecated: the old name of :class:`ApprovalClause`.

``teleaccord.Approval`` warns; this module-level alias stays silent until the modules that still
import it (``io``) use the new name.
"""


# -- the agreement ---------------------------------------------------------------------------


OPEN_END = date(9999, 12, 31)
"""The end of an agreement valid with no end date."""


def _optional_validity(value: Any) -> DateRange | None:
    if value is None or isinstance(value, DateRange):
        return value
    start, end = value
    end_day = OPEN_END if end is None else parse_date(end, field="valid.end")
    return DateRange(parse_date(start, field="valid.start"), end_day)


def _blackouts(value: Iterable[Any]) -> frozenset[date]:
    return days_of(value, field="blackout")


def _weekday_set(value: Iterable[int | str]) -> frozenset[int]:
    return frozenset(weekday_number(item, "excluded_weekdays", "We") for item in value)


# Typed converters (not ``tuple``), so that ``Agreement(quotas=[Quota(...)])`` type-checks in
# user code: mypy's attrs plugin reads a converter's parameter type as the field's input type.
def _quotas(value: Iterable[Quota]) -> tuple[Quota, ...]:
    return tuple(value)


def _on_site(value: Iterable[OnSiteMinimum]) -> tuple[OnSiteMinimum, ...]:
    return tuple(value)


def _absence_kinds(value: Iterable[AbsenceKind]) -> tuple[AbsenceKind, ...]:
    return tuple(value)


def _pools(value: Iterable[Pool]) -> tuple[Pool, ...]:
    return tuple(value)


def _check_pools(
    instance: Agreement, attribute: attrs.Attribute[Any], value: tuple[Pool, ...]
) -> None:
    names: set[str] = set()
    taken: dict[str, str] = {}
    for n, pool in enumerate(value):
        if pool.name in names:
            msg = f"pools[{n}]: the pool {pool.name!r} is given twice."
            raise InvalidValue(msg, field=f"pools[{n}].name", code="duplicate_pool")
        names.add(pool.name)
        for kind in sorted(pool.kinds):
            if kind in taken:
                msg = (
                    f"pools[{n}]: the kind {kind!r} is already taken by the pool "
                    f"{taken[kind]!r}; a kind of telework consumes one pool."
                )
                raise InvalidValue(msg, field=f"pools[{n}].kinds", code="duplicate_pool")
            taken[kind] = pool.name


def _extras(value: Iterable[Extra]) -> tuple[Extra, ...]:
    return tuple(value)


def _one_envelope(
    instance: Agreement, attribute: attrs.Attribute[Any], value: tuple[Quota, ...]
) -> None:
    periods = [q for q in value if q.window is Window.PERIOD and q.maximum is not None]
    if len(periods) > 1:
        msg = "quotas: at most one maximum per reference period (the envelope) is allowed."
        raise InvalidValue(msg, field="quotas", code="duplicate_period_quota")


def _check_extras(
    instance: Agreement, attribute: attrs.Attribute[Any], value: tuple[Extra, ...]
) -> None:
    seen: set[str] = set()
    for n, extra in enumerate(value):
        key = extra.status.casefold()
        if key in seen:
            msg = f"extras[{n}]: the status {extra.status!r} is given twice."
            raise InvalidValue(msg, field=f"extras[{n}].status", code="duplicate_extra")
        seen.add(key)
    if value and instance.period_quota is None:
        msg = (
            "extras: extra days add to the quota per reference period, but the agreement has "
            "no maximum per period (a quota with window 'period')."
        )
        raise InvalidValue(msg, field="extras", code="extras_without_period_quota")


def _check_rounding(instance: Agreement, attribute: attrs.Attribute[Any], value: Rounding) -> None:
    unit = instance.granularity.unit
    if value.mode is not RoundingMode.EXACT and (value.unit / unit).denominator != 1:
        msg = (
            f"rounding.unit: entitlements are rounded to {format_amount(value.unit)} day but "
            f"telework is taken by {instance.granularity.value}; use a multiple of "
            f"{format_amount(unit)}."
        )
        raise InvalidValue(msg, field="rounding.unit", code="rounding_finer_than_granularity")
    for name in ("floor", "ceiling"):
        bound: Fraction | None = getattr(value, name)
        if bound is not None and (bound / unit).denominator != 1:
            msg = (
                f"rounding.{name}: {format_amount(bound)} is not a whole number of "
                f"{instance.granularity.value}s."
            )
            raise InvalidValue(msg, field=f"rounding.{name}", code="bound_finer_than_granularity")


def _check_negative_limit(
    instance: Agreement, attribute: attrs.Attribute[Any], value: Fraction | None
) -> None:
    if value is not None and not instance.allow_negative:
        msg = "negative_limit: a limit on negative balances needs allow_negative = true."
        raise InvalidValue(msg, field="negative_limit", code="unexpected_negative_limit")


def _check_timezone(instance: Agreement, attribute: attrs.Attribute[Any], value: str) -> None:
    parse_zone(value)


TELEWORK_KINDS = ("regular", "occasional", "imposed", "medical")
"""The kinds of telework every agreement knows: ``regular`` (an arrangement's rhythm),
``occasional`` (ad hoc), ``imposed`` (exceptional circumstances, the employer's decision:
epidemic, strike, weather, pollution episode) and ``medical`` (on the occupational doctor's
recommendation). Imposed and medical days never consume a voluntary pool."""

DEFAULT_POOL = "default"
"""The pool of the agreement's top-level quotas."""

_NON_VOLUNTARY = frozenset({"imposed", "medical"})


def _kind_names(value: Iterable[str]) -> frozenset[str]:
    found = set()
    for item in value:
        text = str(item).strip().lower() if isinstance(item, str) else item
        if (
            not isinstance(text, str)
            or not text
            or not text.replace("_", "").replace("-", "").isalnum()
        ):
            msg = f"kinds: a kind of telework is a name such as 'occasional', got {item!r}."
            raise InvalidValue(msg, field="kinds", code="invalid_telework_kind")
        found.add(text)
    return frozenset(found)


def _check_pool_kinds(
    instance: Pool, attribute: attrs.Attribute[Any], value: frozenset[str]
) -> None:
    wrong = sorted(value & _NON_VOLUNTARY)
    if wrong:
        msg = (
            f"kinds: {', '.join(wrong)} days never consume a voluntary pool; remove them from "
            f"the pool {instance.name!r} (they are reported separately)."
        )
        raise InvalidValue(msg, field="kinds", code="invalid_pool_kind")
    if not value:
        msg = f"kinds: the pool {instance.name!r} takes no kind of telework; name at least one."
        raise InvalidValue(msg, field="kinds", code="invalid_pool_kind")


def _pool_name(value: Any) -> str:
    text = str(value).strip().lower() if isinstance(value, str) else value
    if not isinstance(text, str) or not text or text in (DEFAULT_POOL, "total"):
        msg = (
            f"name: a pool is named (not 'default', the top-level quotas, nor 'total'), "
            f"got {value!r}."
        )
        raise InvalidValue(msg, field="name", code="invalid_pool_name")
    return text


def _period_quota(quotas: Iterable[Quota]) -> Quota | None:
    """The first quota with a maximum per reference period, if any."""
    for q in quotas:
        if q.window is Window.PERIOD and q.maximum is not None:
            return q
    return None


@attrs.frozen(kw_only=True)
class Pool:
    """A voluntary pool of telework days (an envelope): its quotas and the kinds of telework
    that consume it. The agreement's top-level quotas are the pool ``default``, consumed by
    ``regular`` and ``occasional`` days unless a pool takes them.

    Args:
        name: the pool's name (``fixed``, ``flexible``...).
        kinds: the kinds of telework it takes (``regular``, ``occasional``, or kinds the
            agreement defines); never ``imposed`` or ``medical``.
        quotas: its quotas, as the agreement's (per week, month, period, prorated or not); at
            most one maximum per reference period, its entitlement.
        label: a name for people.

    >>> from teleaccord import Pool, Quota
    >>> p = Pool(name="Flexible", kinds=["occasional"],
    ...          quotas=[Quota(window="period", maximum=11), Quota(window="month", maximum=1)])
    >>> p.name, sorted(p.kinds), p.period_quota.maximum
    ('flexible', ['occasional'], Fraction(11, 1))
    """

    name: str = attrs.field(converter=_pool_name)
    kinds: frozenset[str] = attrs.field(converter=_kind_names, validator=_check_pool_kinds)
    quotas: tuple[Quota, ...] = attrs.field(
        default=(), converter=_quotas, validator=[each_instance_of(Quota), _one_envelope]
    )
    label: str = ""

    @property
    def period_quota(self) -> Quota | None:
        """The pool's maximum per reference period, if it has one."""
        return _period_quota(self.quotas)


@attrs.frozen(kw_only=True)
class Agreement:
    """A telework agreement (accord or charte de télétravail) as validated data.

    Attributes:
        name: how the agreement is named in explanations and errors.
        description: free text (the accord's own words, its signatories).
        reference: the reference period (période de référence) of the period quota.
        quotas: every quota; a day must fit all of them. At most one maximum per reference
            period: the envelope an :func:`~teleaccord.entitlements.entitlement` prorates.
        on_site: minimum presence on site per window.
        max_consecutive_days: at most this many telework days in a row (working days).
        excluded_weekdays: weekdays never teleworked (0 Monday ... 6 Sunday; names accepted).
        extras: extra days per period for statuses (disabled, carer, pregnant).
        granularity: whole days or half-days.
        prorating: by work fraction, and by presence on a basis.
        rounding: applied once to the exact entitlement; its unit must be a multiple of the
            granularity (no 0.5-day figure for whole-day telework).
        accrual: granted up front, or earned month by month or week by week.
        eligibility, notice, blackout, carry_over, approval: as their classes say.
        allow_negative, negative_limit: whether a balance may go below zero, and how far.
        adaptation_period_days, adaptation_notice_days, reversibility_notice_days: the
            arrangement's adaptation period and notice periods (calendar days).
        valid: the agreement's own validity (``None``: always); days outside it count as absent.
        timezone: the IANA time zone of deadlines.
        charter: what the agreement says on the points the law asks for (contact windows,
            disconnection hours, return conditions, prerequisites...), see
            :class:`~teleaccord.charter.Charter` (``None``: not described).
        absence_kinds: the agreement's policy per absence kind (:class:`~teleaccord.absence.AbsenceKind`),
            overriding the defaults of :data:`~teleaccord.absence.ABSENCE_KINDS` by name and
            adding the agreement's own kinds.
        pools: voluntary pools beside the top-level quotas (the pool ``default``), each
            with its quotas and the kinds of telework it takes (:class:`Pool`).
        total: quotas over every voluntary pool together (imposed and medical days excluded).
        long_absence_days: when set, absences of a kind that reduces presence lasting more
            than this many consecutive days reduce the presence that prorates the
            entitlement (``None``, the default: absences never reduce it).

    >>> from fractions import Fraction
    >>> from teleaccord import Agreement, Quota, Rounding
    >>> a = Agreement(
    ...     name="100 days a year",
    ...     quotas=(Quota(window="period", maximum=100, prorate=True),),
    ...     excluded_weekdays=["We"],
    ... )
    >>> a.period_quota.maximum, a.excluded_weekdays
    (Fraction(100, 1), frozenset({2}))
    >>> Agreement(name="x", granularity="day", rounding=Rounding("half-up", unit=Fraction(1, 2)))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: rounding.unit: entitlements are rounded to 0.5 day but telework is taken by day; use a multiple of 1.
    """

    name: str = attrs.field(
        validator=non_empty_text(
            code="missing_name",
            message="{field}: an agreement needs a name, to be named in explanations and errors.",
        )
    )
    description: str = ""
    reference: ReferencePeriod = ReferencePeriod()
    quotas: tuple[Quota, ...] = attrs.field(
        default=(),
        converter=_quotas,
        validator=[
            each_instance_of(Quota, message="{field}[{index}]: expected a Quota, got {type}."),
            _one_envelope,
        ],
    )
    on_site: tuple[OnSiteMinimum, ...] = attrs.field(
        default=(), converter=_on_site, validator=each_instance_of(OnSiteMinimum)
    )
    max_consecutive_days: int | None = attrs.field(default=None, validator=_POSITIVE_INT)
    excluded_weekdays: frozenset[int] = attrs.field(default=frozenset(), converter=_weekday_set)
    extras: tuple[Extra, ...] = attrs.field(
        default=(),
        converter=_extras,
        validator=[each_instance_of(Extra), _check_extras],
    )
    granularity: Granularity = attrs.field(default=Granularity.DAY, converter=Granularity)
    prorating: Prorating = Prorating()
    rounding: Rounding = attrs.field(default=Rounding(), validator=_check_rounding)
    accrual: Accrual = Accrual()
    eligibility: Eligibility = Eligibility()
    notice: Notice = Notice()
    blackout: frozenset[date] = attrs.field(default=frozenset(), converter=_blackouts)
    carry_over: CarryOver = CarryOver()
    approval: ApprovalClause = ApprovalClause()
    allow_negative: bool = False
    negative_limit: Fraction | None = attrs.field(
        default=None,
        converter=_optional_amount,
        validator=[_NON_NEGATIVE, _check_negative_limit],
    )
    adaptation_period_days: int = attrs.field(default=0, validator=_WHOLE_NUMBER)
    adaptation_notice_days: int = attrs.field(default=0, validator=_WHOLE_NUMBER)
    reversibility_notice_days: int = attrs.field(default=0, validator=_WHOLE_NUMBER)
    valid: DateRange | None = attrs.field(default=None, converter=_optional_validity)
    timezone: str = attrs.field(default="Europe/Paris", validator=_check_timezone)
    charter: Charter | None = None
    absence_kinds: tuple[AbsenceKind, ...] = attrs.field(
        default=(), converter=_absence_kinds, validator=each_instance_of(AbsenceKind)
    )
    long_absence_days: int | None = attrs.field(default=None, validator=_POSITIVE_INT)
    pools: tuple[Pool, ...] = attrs.field(
        default=(), converter=_pools, validator=[each_instance_of(Pool), _check_pools]
    )
    total: tuple[Quota, ...] = attrs.field(
        default=(), converter=_quotas, validator=[each_instance_of(Quota), _one_envelope]
    )

    @property
    def telework_kinds(self) -> tuple[str, ...]:
        """Every kind of telework the agreement knows: :data:`TELEWORK_KINDS` and the kinds
        its pools name, sorted after them.

        >>> from teleaccord import Agreement, Pool
        >>> Agreement(name="x", pools=[Pool(name="site", kinds=["satellite_office"])]).telework_kinds
        ('regular', 'occasional', 'imposed', 'medical', 'satellite_office')
        """
        own = sorted({k for p in self.pools for k in p.kinds} - set(TELEWORK_KINDS))
        return (*TELEWORK_KINDS, *own)

    def pool_of(self, kind: str) -> str | None:
        """The pool a day of telework of ``kind`` consumes: a pool taking it, else ``default``
        for regular and occasional days; ``None`` for imposed and medical days (no pool).

        Raises:
            InvalidValue: an unknown kind (code ``unknown_telework_kind``).

        >>> from teleaccord import Agreement, Pool
        >>> a = Agreement(name="x", pools=[Pool(name="flexible", kinds=["occasional"])])
        >>> a.pool_of("regular"), a.pool_of("occasional"), a.pool_of("imposed")
        ('default', 'flexible', None)
        """
        if kind in _NON_VOLUNTARY:
            return None
        for pool in self.pools:
            if kind in pool.kinds:
                return pool.name
        if kind in TELEWORK_KINDS:
            return DEFAULT_POOL
        known = ", ".join(self.telework_kinds)
        msg = f"telework_kind: unknown kind of telework {kind!r}; known: {known}."
        raise InvalidValue(
            msg, field="telework_kind", code="unknown_telework_kind", params={"kind": kind}
        )

    @property
    def pool_names(self) -> tuple[str, ...]:
        """``default`` and the names of the pools, in order."""
        return (DEFAULT_POOL, *(p.name for p in self.pools))

    def pool_agreement(self, pool: str) -> Agreement:
        """This agreement with the quotas of ``pool`` as its quotas (``total``: the total
        quotas): what the entitlement and the quota rules of one pool read.

        Raises:
            InvalidValue: no pool has this name (code ``unknown_pool``).
        """
        if pool == DEFAULT_POOL:
            return self
        if pool == "total":
            return attrs.evolve(self, quotas=self.total, extras=(), pools=(), total=())
        for p in self.pools:
            if p.name == pool:
                return attrs.evolve(self, quotas=p.quotas, extras=(), pools=(), total=())
        msg = f"pool: the agreement {self.name!r} has no pool {pool!r}; known: {', '.join(self.pool_names)}."
        raise InvalidValue(msg, field="pool", code="unknown_pool", params={"pool": pool})

    def absence_kind(self, name: str) -> AbsenceKind:
        """The agreement's policy for the absence kind ``name`` (its own, else the default).

        Raises:
            InvalidValue: an unknown kind (code ``unknown_absence_kind``).

        >>> from teleaccord import Agreement
        >>> Agreement(name="x").absence_kind("training").on_site
        True
        """
        return absence_kind(name, self.absence_kinds)

    @property
    def period_quota(self) -> Quota | None:
        """The maximum per reference period (the yearly envelope), if there is one."""
        return _period_quota(self.quotas)

    def quotas_for(self, window: Window | str) -> tuple[Quota, ...]:
        """The quotas counted over ``window``.

        >>> from teleaccord import Agreement, Quota
        >>> a = Agreement(name="x", quotas=[Quota(window="week", minimum=1, maximum=3)])
        >>> [q.maximum for q in a.quotas_for("week")], a.quotas_for("month")
        ([Fraction(3, 1)], ())
        """
        kind = Window(window)
        return tuple(q for q in self.quotas if q.window is kind)

    def is_excluded_weekday(self, day: date) -> bool:
        """Whether telework is never allowed on ``day``'s weekday.

        >>> from datetime import date
        >>> from teleaccord import Agreement
        >>> Agreement(name="x", excluded_weekdays=["We"]).is_excluded_weekday(date(2024, 3, 6))
        True
        """
        return day.weekday() in self.excluded_weekdays

    def is_valid_on(self, day: date) -> bool:
        """Whether the agreement is in force on ``day``.

        >>> from datetime import date
        >>> from teleaccord import Agreement
        >>> Agreement(name="x", valid=("2024-01-01", None)).is_valid_on(date(2023, 12, 31))
        False
        """
        return self.valid is None or day in self.valid

    @property
    def weekday_names(self) -> tuple[str, ...]:
        """The excluded weekdays as names, Monday first (``('We',)``)."""
        return tuple(WEEKDAY_NAMES[d] for d in sorted(self.excluded_weekdays))


# -- agreements that would give zeros silently ----------------------------------------------


def silent_zeros(agreement: Agreement) -> tuple[Problem, ...]:
    """Why an agreement would give people zeros that look like results, each with the path to
    the key at fault and a stable code.

    An agreement with such a problem is valid data (it can be built, stored and compared), but
    computing with it gives 0 days without saying why: ``teleaccord validate`` reports these
    problems, and the commands that compute days refuse the agreement (exit code 2).

    - ``quota_grants_nothing``: a maximum of 0 days lets nobody telework (a maximum per
      reference period of 0 is kept when extra days for statuses add to it);
    - ``window_not_envelope``: a maximum per calendar ``year`` with no maximum per ``period``:
      the year window only limits bookings, so every entitlement and balance is 0 (the
      envelope per reference period is ``window = "period"``);
    - ``every_weekday_excluded``: no weekday is left to telework;
    - ``nobody_eligible``: an empty list of eligible categories or sites.

    >>> from teleaccord import Agreement, Quota, silent_zeros
    >>> silent_zeros(Agreement(name="x", quotas=[Quota(window="period", maximum=100)]))
    ()
    >>> for p in silent_zeros(Agreement(name="x", quotas=[Quota(window="year", maximum=100)])):
    ...     print(p.code, p.path)
    window_not_envelope $.quotas[0].window
    """
    found: list[Problem] = []
    envelope = agreement.period_quota is not None
    for n, quota in enumerate(agreement.quotas):
        window = quota.window.value
        if quota.maximum == 0 and not (quota.window is Window.PERIOD and agreement.extras):
            message = (
                f"a maximum of 0 days per {window} lets nobody telework; remove the quota or "
                "give the number of days it allows"
            )
            found.append(Problem(f"$.quotas[{n}].maximum", message, "quota_grants_nothing"))
        if quota.window is Window.YEAR and quota.maximum is not None and not envelope:
            message = (
                "a maximum per calendar year (window 'year') only limits bookings: with no "
                "quota over window 'period', every entitlement and balance is 0; write "
                "window = 'period' for the envelope of days per reference period"
            )
            found.append(Problem(f"$.quotas[{n}].window", message, "window_not_envelope"))
    if len(agreement.excluded_weekdays) == 7:
        message = "every weekday is excluded, so no day can be teleworked"
        found.append(Problem("$.excluded_weekdays", message, "every_weekday_excluded"))
    for key in ("categories", "sites"):
        if getattr(agreement.eligibility, key) == frozenset():
            message = (
                f"an empty list of eligible {key} makes nobody eligible; leave the key out "
                f"to make every {key.removesuffix('s').replace('ie', 'y')} eligible"
            )
            found.append(Problem(f"$.eligibility.{key}", message, "nobody_eligible"))
    return tuple(found)
