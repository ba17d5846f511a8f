"""Cross-border telework: how close an employee is to the thresholds that change their country.

A cross-border worker who teleworks at home works, on those days, in their country of
residence. Past a threshold — a number of days a year, or a share of their working time — the
country that taxes their salary, or the social-security system that covers them, may change.
The thresholds are dated data with their sources (:class:`Threshold` in a
:class:`ThresholdTable`, shipped in ``teleaccord/data/crossborder_thresholds.toml``, see
:meth:`ThresholdTable.default`); pass your own table when they differ.

:func:`crossborder_report` counts, for one employee and calendar year, the telework days
against every threshold that applies to their pair of countries: the days (or share) used as of
a date, the projection to the end of the year with the booked and planned days, the days left
before each threshold, and a :class:`~teleaccord.errors.Violation` warning
(``crossborder_threshold_crossed``) for each threshold the projection crosses.
:func:`crossborder_rule` checks one booking, for an HRIS to call at approval time.

Shares are exact fractions of the employee's own working time in the year: the days worked
under their contract's patterns and their calendar (a half-day counting 1/2), never a generic
220 days. Telework days are ``(day, amount)`` pairs, what :meth:`QuotaLedger.telework_days`
returns; they are assumed to be worked at home, in the country of residence.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from teleaccord.absence import Absence
from teleaccord.allowance import (
    NON_EMPTY_TEXT,
    DatedTable,
    FigureStatus,
    HalfDayCount,
    RuleSource,
    at_least_one_source,
    telework_by_day,
)
from teleaccord.amounts import format_amount, parse_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, parse_date, year_range
from teleaccord.errors import InvalidValue, Violation
from teleaccord.validators import country_code, find_by_key, first_repeat, optional, whole_number

if TYPE_CHECKING:
    from teleaccord.rules import BookingContext, Rule

__all__ = [
    "BusinessTrip",
    "CrossBorderReport",
    "Signatory",
    "Threshold",
    "ThresholdCounter",
    "ThresholdDomain",
    "ThresholdKind",
    "ThresholdTable",
    "TripRule",
    "WeekCount",
    "business_trips",
    "crossborder_booking_rule",
    "crossborder_report",
    "crossborder_rule",
]

CROSSED = "crossborder_threshold_crossed"
"""The code of the warning a crossed (or about to be crossed) threshold gives."""


class ThresholdDomain(str, enum.Enum):
    """What a threshold decides."""

    TAX = "tax"
    """Which country taxes the salary."""
    SOCIAL_SECURITY = "social-security"
    """Which country's social-security system covers the employee."""


class ThresholdKind(str, enum.Enum):
    """How a threshold is measured."""

    DAYS = "days"
    """Days a calendar year worked outside the work country."""
    SHARE = "share"
    """A share of the employee's working time in the calendar year."""
    WEEKLY_ON_SITE = "weekly-on-site"
    """A share of each week's working time that must be worked on the employer's premises
    (Monaco: at least one third); checked week by week."""


class TripRule(str, enum.Enum):
    """Which business-trip days a threshold counts as days worked outside the work country
    (issue 12: business travel abroad)."""

    NONE = "none"
    """Business trips do not count (telework alone)."""
    ABROAD = "abroad"
    """Every trip outside the work country counts, to the residence country or a third
    state (France-Luxembourg: days worked outside Luxembourg; France-Switzerland: trips
    counted inside the 40 %)."""
    THIRD_STATE = "third-state"
    """Only trips to a third state, neither the work nor the residence country: a frontier
    zone straddles the border, so a trip into the residence country may stay inside it
    (France-Belgium, France-Germany)."""


def _countries(value: Iterable[str]) -> frozenset[str]:
    found = frozenset(str(c).strip().upper() for c in value)
    if not found or "" in found:
        msg = "countries: give at least one ISO country code (such as 'FR')."
        raise InvalidValue(msg, field="countries", code="invalid_countries")
    return found


def _limit(value: Any) -> Fraction:
    return parse_amount(value, field="limit")


def _optional_share(value: Any) -> Fraction | None:
    return None if value is None else parse_amount(value, field="partial_year_share")


def _sources(value: Iterable[RuleSource]) -> tuple[RuleSource, ...]:
    return tuple(value)


def _valid_from(value: Any) -> date | None:
    return None if value is None else parse_date(value, field="valid_from")


def _valid_until(value: Any) -> date | None:
    return None if value is None else parse_date(value, field="valid_until")


def _check_limit(
    instance: Threshold, attribute: attrs.Attribute[Fraction], value: Fraction
) -> None:
    if instance.kind is not ThresholdKind.DAYS and not 0 < value <= 1:
        msg = f"limit: a share must be more than 0 and at most 100 %, got {format_amount(value)}."
        raise InvalidValue(msg, field="limit", code="invalid_limit")
    if instance.kind is ThresholdKind.DAYS and value < 0:
        msg = f"limit: a number of days cannot be negative, got {format_amount(value)}."
        raise InvalidValue(msg, field="limit", code="invalid_limit")


def _check_partial(
    instance: Threshold, attribute: attrs.Attribute[Fraction | None], value: Fraction | None
) -> None:
    if value is None:
        return
    if instance.kind is not ThresholdKind.DAYS or not 0 < value <= 1:
        msg = (
            "partial_year_share: only a days threshold has a share for partial years, and it "
            f"must be more than 0 and at most 100 %, got {format_amount(value)}."
        )
        raise InvalidValue(msg, field="partial_year_share", code="invalid_limit")


def _check_until(
    instance: Threshold, attribute: attrs.Attribute[date | None], value: date | None
) -> None:
    if value is not None and instance.valid_from is not None and value < instance.valid_from:
        msg = f"valid_until: {value} is before valid_from {instance.valid_from}."
        raise InvalidValue(msg, field="valid_until", code="range_end_before_start")


def _percent(value: Fraction) -> str:
    """A share for people: ``40 %``, ``22.91 %`` (about) for long ones."""
    text = format_amount(value * 100)
    if "/" in text or len(text.partition(".")[2]) > 2:
        return f"about {format_amount(round(value * 100, 2))} %"
    return f"{text} %"


def _days(value: Fraction) -> str:
    text = format_amount(value)
    if "/" in text or len(text.partition(".")[2]) > 2:
        return f"about {format_amount(round(value, 2))}"
    return text


def _since(value: Any) -> date:
    return parse_date(value, field="since")


def _one_country(value: Any) -> str:
    return _country(str(value), "country")


@attrs.frozen(kw_only=True)
class Signatory:
    """A state that signed a multilateral agreement, and the first day it applies there.

    >>> from teleaccord import Signatory
    >>> Signatory(country="lt", since="2024-05-01")
    Signatory(country='LT', since=datetime.date(2024, 5, 1))
    """

    country: str = attrs.field(converter=_one_country)
    since: date = attrs.field(converter=_since)


def _signatories(value: Iterable[Signatory]) -> tuple[Signatory, ...]:
    found = tuple(value)
    twice = first_repeat(found, lambda s: s.country)
    if twice is not None:
        msg = f"signatories: {twice.country} is listed twice; keep one date per state."
        raise InvalidValue(msg, field="signatories", code="duplicate_signatory")
    return found


def _conditions(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(c) for c in value)


@attrs.frozen(kw_only=True)
class Threshold:
    """A dated cross-border threshold with its sources.

    Attributes:
        id: a stable identifier (``"fr-lu-tax-34-days"``), used in warnings.
        name: what people call it.
        domain: tax or social security.
        residence: the countries of residence it applies to (ISO codes).
        work: the countries of work (employer) it applies to; the two must differ.
        kind: days a year, or a share of working time.
        limit: the days, or the share (``Fraction(2, 5)`` for 40 %).
        inclusive: whether reaching the limit exactly is still within it.
        half_day: how a half-day of telework counts towards a days threshold.
        partial_year_share: for a days threshold, the share of the employee's working days
            that replaces the limit when the contract does not cover the whole year (never
            more than ``limit``).
        valid_from: the first day it applies (``None``: no known start).
        valid_until: the last day it applies (``None``: still in force).
        status: how sure the figure is, as applied to telework.
        sources: where it comes from (at least one).
        note: conditions the computation does not check, and open questions.
        signatories: for a multilateral agreement, the states that signed it, each with the
            first day it applies there; the threshold then concerns a pair of countries only
            when both signed, from the later of their two dates (empty: ``residence`` and
            ``work`` alone decide).
        conditions: what must also hold for the threshold to protect the employee and that
            the computation does not check (a joint request, an A1 certificate, a regime
            closed to newcomers), shown in every description.
        business_days_inside: for a share, the business-trip days outside the work country
            that count inside the limit, at most this many a year (``None``: they do not
            count).
        business_trips: which business-trip days count against the threshold
            (:class:`TripRule`: ``none``, ``abroad``, ``third-state``); a share with
            ``business_days_inside`` counts trips abroad even when this says ``none``.

    >>> from teleaccord import ThresholdTable
    >>> t = ThresholdTable.default().get("fr-ch-tax-40-percent")
    >>> t.limit, t.kind.value, t.applies_to("FR", "CH"), t.applies_to("CH", "FR")
    (Fraction(2, 5), 'share', True, False)
    >>> t.describe_limit()
    'up to 40 % of working time a year, up to 10 business-trip days counted inside'
    """

    id: str = attrs.field(validator=NON_EMPTY_TEXT)
    name: str = attrs.field(validator=NON_EMPTY_TEXT)
    domain: ThresholdDomain = attrs.field(converter=ThresholdDomain)
    residence: frozenset[str] = attrs.field(converter=_countries)
    work: frozenset[str] = attrs.field(converter=_countries)
    kind: ThresholdKind = attrs.field(converter=ThresholdKind)
    limit: Fraction = attrs.field(converter=_limit, validator=_check_limit)
    inclusive: bool = True
    half_day: HalfDayCount = attrs.field(default=HalfDayCount.WHOLE, converter=HalfDayCount)
    partial_year_share: Fraction | None = attrs.field(
        default=None, converter=_optional_share, validator=_check_partial
    )
    valid_from: date | None = attrs.field(default=None, converter=_valid_from)
    valid_until: date | None = attrs.field(
        default=None, converter=_valid_until, validator=_check_until
    )
    status: FigureStatus = attrs.field(converter=FigureStatus)
    sources: tuple[RuleSource, ...] = attrs.field(converter=_sources, validator=at_least_one_source)
    note: str = ""
    signatories: tuple[Signatory, ...] = attrs.field(default=(), converter=_signatories)
    conditions: tuple[str, ...] = attrs.field(default=(), converter=_conditions)
    business_days_inside: int | None = attrs.field(
        default=None,
        validator=optional(
            whole_number(
                code="invalid_limit",
                message="{field}: expected a number of days of at least 0, got {value!r}.",
            )
        ),
    )
    business_trips: TripRule = attrs.field(default=TripRule.NONE, converter=TripRule)

    @property
    def trip_rule(self) -> TripRule:
        """The business trips this threshold counts: :attr:`business_trips`, or ``abroad``
        for a share with :attr:`business_days_inside` (France-Switzerland)."""
        if self.business_trips is TripRule.NONE and self.business_days_inside is not None:
            return TripRule.ABROAD
        return self.business_trips

    def counts_trip(self, country: str | None, residence: str, work: str) -> bool:
        """Whether a business-trip day in ``country`` counts against the threshold for
        someone living in ``residence`` and working in ``work`` (``None``: a trip outside
        the work country to a country not given, counted by ``abroad`` rules only).

        >>> from teleaccord import ThresholdTable
        >>> table = ThresholdTable.default()
        >>> lu, be = table.get("fr-lu-tax-34-days"), table.get("fr-be-frontier-30-days")
        >>> [lu.counts_trip(c, "FR", "LU") for c in ("LU", "FR", "DE")]
        [False, True, True]
        >>> [be.counts_trip(c, "FR", "BE") for c in ("BE", "FR", "DE", None)]
        [False, False, True, False]
        """
        rule = self.trip_rule
        if rule is TripRule.NONE:
            return False
        if country is None:
            return rule is TripRule.ABROAD
        if country == work:
            return False
        return rule is TripRule.ABROAD or country != residence

    def applies_to(self, residence: str, work: str) -> bool:
        """Whether the threshold concerns someone living in ``residence`` working in ``work``.

        >>> from teleaccord import ThresholdTable
        >>> eu = ThresholdTable.default().get("eu-framework-50-percent")
        >>> eu.applies_to("FR", "LU"), eu.applies_to("FR", "DK"), eu.applies_to("LT", "DE")
        (True, False, True)
        """
        res, wrk = residence.strip().upper(), work.strip().upper()
        if res == wrk or res not in self.residence or wrk not in self.work:
            return False
        if self.signatories:
            signed = {s.country for s in self.signatories}
            return res in signed and wrk in signed
        return True

    def start_for(self, residence: str, work: str) -> date | None:
        """The first day the threshold applies to that pair: the later of ``valid_from`` and
        both signatories' dates.

        >>> from teleaccord import ThresholdTable
        >>> eu = ThresholdTable.default().get("eu-framework-50-percent")
        >>> eu.start_for("FR", "DE"), eu.start_for("IE", "FR")
        (datetime.date(2023, 7, 1), datetime.date(2024, 6, 1))
        """
        found = self.valid_from
        res, wrk = residence.strip().upper(), work.strip().upper()
        for s in self.signatories:
            if s.country in (res, wrk) and (found is None or s.since > found):
                found = s.since
        return found

    def period_for(self, year: int, residence: str, work: str) -> DateRange | None:
        """The days of ``year`` on which the threshold applies to that pair, or ``None``.

        >>> from teleaccord import ThresholdTable
        >>> eu = ThresholdTable.default().get("eu-framework-50-percent")
        >>> eu.period_for(2024, "LT", "FR")
        DateRange(start=datetime.date(2024, 5, 1), end=datetime.date(2024, 12, 31))
        """
        if not self.applies_to(residence, work):
            return None
        year_days = year_range(year)
        begin = self.start_for(residence, work)
        start = max(year_days.start, begin or year_days.start)
        end = min(year_days.end, self.valid_until or year_days.end)
        return DateRange(start, end) if start <= end else None

    def period_in(self, year: int) -> DateRange | None:
        """The days of calendar ``year`` on which the threshold is in force, or ``None``.

        >>> from teleaccord import ThresholdTable
        >>> ThresholdTable.default().get("eu-framework-50-percent").period_in(2023)
        DateRange(start=datetime.date(2023, 7, 1), end=datetime.date(2023, 12, 31))
        """
        year_days = year_range(year)
        start = max(year_days.start, self.valid_from or year_days.start)
        end = min(year_days.end, self.valid_until or year_days.end)
        return DateRange(start, end) if start <= end else None

    def counted(self, amount: Fraction) -> Fraction:
        """What one day teleworked ``amount`` (1 or 1/2) counts towards the threshold."""
        if self.kind is ThresholdKind.SHARE:
            return amount
        return self.half_day.counted(amount)

    def crossed(self, counted: Fraction, limit_days: Fraction) -> bool:
        """Whether ``counted`` days are past a limit of ``limit_days`` days."""
        if self.inclusive:
            return counted > limit_days
        return counted > 0 and counted >= limit_days

    def describe_limit(self) -> str:
        """The limit in words."""
        if self.kind is ThresholdKind.WEEKLY_ON_SITE:
            share = _percent(self.limit)
            if share.startswith("about"):
                share = format_amount(self.limit)  # 1/3, not about 33.33 %
            return f"at least {share} of each week's working time on site"
        if self.kind is ThresholdKind.DAYS:
            text = f"at most {format_amount(self.limit)} days a year"
            if self.partial_year_share is not None:
                text += f" ({_percent(self.partial_year_share)} of working days in a partial year)"
            return text if self.inclusive else f"under {format_amount(self.limit)} days a year"
        share = _percent(self.limit)
        text = (
            f"up to {share} of working time a year"
            if self.inclusive
            else f"under {share} of working time a year"
        )
        if self.business_days_inside is not None:
            text += f", up to {self.business_days_inside} business-trip days counted inside"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The threshold as plain data, a row of a table file (the converter's ``"file"`` form)."""
        from teleaccord.io.convert import unstructure

        data: dict[str, Any] = unstructure(self, form="file")
        return data


def _thresholds(value: Iterable[Threshold]) -> tuple[Threshold, ...]:
    return tuple(value)


def _unique_ids(
    instance: ThresholdTable,
    attribute: attrs.Attribute[tuple[Threshold, ...]],
    value: tuple[Threshold, ...],
) -> None:
    twice = first_repeat(value, lambda t: t.id)
    if twice is not None:
        msg = f"thresholds: two thresholds have the id {twice.id!r}; ids must be unique."
        raise InvalidValue(msg, field="thresholds", code="duplicate_threshold")


@attrs.frozen
class ThresholdTable(DatedTable):
    """Cross-border thresholds, each with its dates and sources.

    >>> from teleaccord import ThresholdTable
    >>> table = ThresholdTable.default()
    >>> [t.id for t in table.for_pair("FR", "LU", 2025)]
    ['fr-lu-tax-34-days', 'eu-framework-50-percent', 'eu-883-2004-25-percent']
    >>> [t.id for t in table.for_pair("FR", "LU", 2022)]
    ['fr-lu-tax-29-days', 'eu-883-2004-25-percent']
    """

    PACKAGED = "data/crossborder_thresholds.toml"

    thresholds: tuple[Threshold, ...] = attrs.field(converter=_thresholds, validator=_unique_ids)

    def get(self, threshold_id: str) -> Threshold:
        """The threshold with this id.

        Raises:
            InvalidValue: no such threshold.
        """
        return find_by_key(
            self.thresholds,
            lambda t: t.id,
            threshold_id,
            field="threshold",
            code="unknown_threshold",
            message="{field}: no threshold {value!r} in the table; known: {known}.",
        )

    def for_pair(self, residence: str, work: str, year: int) -> tuple[Threshold, ...]:
        """The thresholds for that pair of countries in force on some day of ``year``."""
        return tuple(t for t in self.thresholds if t.period_for(year, residence, work) is not None)


# -- counting ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WeekCount:
    """One week of a weekly on-site threshold (Monaco): working time, telework, on site.

    Attributes:
        week: the days of the week inside the threshold's period (Monday to Sunday).
        working_time: the employee's days worked that week (a half-day counts 1/2).
        telework: the telework booked and planned that week.
        required: the on-site time the threshold asks for (``limit × working_time``).
    """

    week: DateRange
    working_time: Fraction
    telework: Fraction
    required: Fraction

    @property
    def on_site(self) -> Fraction:
        """The working time not teleworked."""
        return max(self.working_time - self.telework, Fraction(0))

    @property
    def breached(self) -> bool:
        """Whether the week has less on-site time than required."""
        return self.working_time > 0 and self.on_site < self.required


@attrs.frozen(kw_only=True)
class ThresholdCounter:
    """One threshold's count for one employee and calendar year.

    Counts are in the threshold's own days (a half-day counting as its ``half_day`` rule says
    for days thresholds, as 1/2 for shares). Shares are of :attr:`working_time`.

    Attributes:
        threshold: the threshold.
        period: the days of the year on which it is in force.
        as_of: the date of :attr:`used`.
        working_time: the employee's days worked in :attr:`period` (a half-day counts 1/2),
            from their contract's patterns and calendar.
        working_days: the days with any work in :attr:`period` (for partial-year limits).
        limit_days: the limit, in counted days (for shares: ``limit × working_time``).
        used: the telework counted from the start of :attr:`period` to :attr:`as_of`.
        booked: the telework counted over the whole period (bookings after ``as_of``
            included).
        projected: :attr:`booked` plus the planned days not yet booked.
        crossing_day: the first day on which the projected count crosses the limit, or
            ``None``.
        notes: what the figure depends on (partial year, status of the threshold).
        weeks: for a weekly on-site threshold, each week's count (else empty).
        business_days: the business-trip days counted against the threshold (see
            :attr:`Threshold.trip_rule`; for a share, at most
            :attr:`Threshold.business_days_inside`), already in :attr:`used`,
            :attr:`booked` and :attr:`projected`.
    """

    threshold: Threshold
    period: DateRange
    as_of: date
    working_time: Fraction
    working_days: int
    limit_days: Fraction
    used: Fraction
    booked: Fraction
    projected: Fraction
    crossing_day: date | None
    notes: tuple[str, ...] = ()
    weeks: tuple[WeekCount, ...] = ()
    business_days: Fraction = Fraction(0)

    @property
    def breached_weeks(self) -> tuple[WeekCount, ...]:
        """The weeks of a weekly on-site threshold with too little time on site."""
        return tuple(w for w in self.weeks if w.breached)

    @property
    def unit(self) -> Fraction:
        """The smallest step a count moves by: 1/2 for shares and half-counted days, else 1."""
        t = self.threshold
        if t.kind is ThresholdKind.SHARE or t.half_day is HalfDayCount.HALF:
            return Fraction(1, 2)
        return Fraction(1)

    def _left(self, counted: Fraction) -> Fraction:
        room = self.limit_days - counted
        if room < 0:
            return Fraction(0)
        steps = room / self.unit
        whole = steps.numerator // steps.denominator
        if not self.threshold.inclusive and whole * self.unit == room:
            whole -= 1
        return max(whole, 0) * self.unit

    @property
    def days_left_as_of(self) -> Fraction:
        """The telework that can still be added to :attr:`used` without crossing, in steps."""
        return self._left(self.used)

    @property
    def days_left_projected(self) -> Fraction:
        """The telework that can still be added to :attr:`projected` without crossing."""
        return self._left(self.projected)

    @property
    def crossed_as_of(self) -> bool:
        """Whether :attr:`used` is already past the limit (for a weekly threshold: a week up to
        :attr:`as_of` has too little time on site)."""
        if self.threshold.kind is ThresholdKind.WEEKLY_ON_SITE:
            return any(w.week.start <= self.as_of for w in self.breached_weeks)
        return self.threshold.crossed(self.used, self.limit_days)

    @property
    def crossed_projected(self) -> bool:
        """Whether :attr:`projected` is past the limit (for a weekly threshold: any week)."""
        if self.threshold.kind is ThresholdKind.WEEKLY_ON_SITE:
            return bool(self.breached_weeks)
        return self.threshold.crossed(self.projected, self.limit_days)

    def weekly_warnings(self, employee: str) -> tuple[Violation, ...]:
        """One ``crossborder_threshold_crossed`` warning per week with too little time on site."""
        t = self.threshold
        found = []
        for w in self.breached_weeks:
            message = (
                f"{employee}: in the week of {w.week.start.isoformat()}, "
                f"{_days(w.on_site)} of {_days(w.working_time)} working days are on site, under "
                f"{t.describe_limit()} ({_days(w.required)} days) for {t.name!r}."
            )
            params = _params(self, employee, w.telework)
            params.update(
                week=w.week.start,
                week_working_time=w.working_time,
                on_site=w.on_site,
                required=w.required,
            )
            found.append(Violation(code=CROSSED, message=message, day=w.week.start, params=params))
        return tuple(found)

    @property
    def used_share(self) -> Fraction | None:
        """:attr:`used` as a share of :attr:`working_time` (``None`` without working time)."""
        return self.used / self.working_time if self.working_time else None

    @property
    def projected_share(self) -> Fraction | None:
        """:attr:`projected` as a share of :attr:`working_time`."""
        return self.projected / self.working_time if self.working_time else None

    def warning(self, employee: str) -> Violation | None:
        """The ``crossborder_threshold_crossed`` warning when the projection crosses (for a
        weekly threshold, the first week's; :meth:`weekly_warnings` gives one per week)."""
        if not self.crossed_projected:
            return None
        if self.threshold.kind is ThresholdKind.WEEKLY_ON_SITE:
            return self.weekly_warnings(employee)[0]
        t = self.threshold
        year = self.period.start.year
        if t.kind is ThresholdKind.SHARE:
            share = self.projected_share
            reached = f"{_days(self.projected)} days, " + (
                f"{_percent(share)} of their working time"
                if share is not None
                else "with no working time"
            )
        else:
            reached = f"{_days(self.projected)} days"
        message = (
            f"{employee}: telework counted against {t.name!r} reaches {reached} in {year} "
            f"(booked and planned), past its limit ({t.describe_limit()}, "
            f"{_days(self.limit_days)} days for this employee)"
            + (f"; it crosses on {self.crossing_day.isoformat()}" if self.crossing_day else "")
            + "."
        )
        return Violation(
            code=CROSSED,
            message=message,
            day=self.crossing_day,
            params=_params(self, employee, self.projected),
        )

    def describe(self) -> str:
        """One paragraph a person can check."""
        t = self.threshold
        text = (
            f"{t.name} ({t.domain.value}, {t.status.value}): {t.describe_limit()}"
            f", in force {self.period}. "
        )
        if t.kind is ThresholdKind.WEEKLY_ON_SITE:
            weeks = self.breached_weeks
            text += (
                f"Working time {format_amount(self.working_time)} days in {len(self.weeks)} "
                f"weeks; telework booked and planned {_days(self.projected)} days; "
                f"{len(weeks)} week(s) with too little time on site"
                + (": " + ", ".join(w.week.start.isoformat() for w in weeks) if weeks else "")
                + "."
            )
            for note in self.notes:
                text += " " + note
            return text
        if t.kind is ThresholdKind.SHARE:
            text += (
                f"Working time {format_amount(self.working_time)} days, so the limit is "
                f"{_days(self.limit_days)} days. "
            )
            if self.business_days:
                text += f"Business-trip days counted inside: {_days(self.business_days)}. "
        else:
            if self.limit_days != t.limit:
                text += f"Limit for this employee: {_days(self.limit_days)} days. "
            if self.business_days:
                text += f"Business-trip days counted: {_days(self.business_days)}. "
        used_share = self.used_share
        text += f"Used as of {self.as_of.isoformat()}: {_days(self.used)} days"
        if t.kind is ThresholdKind.SHARE and used_share is not None:
            text += f" ({_percent(used_share)})"
        text += f"; booked for the year: {_days(self.booked)}; with planned days: {_days(self.projected)}"
        projected_share = self.projected_share
        if t.kind is ThresholdKind.SHARE and projected_share is not None:
            text += f" ({_percent(projected_share)})"
        text += (
            f". Days left: {_days(self.days_left_as_of)} as of {self.as_of.isoformat()}, "
            f"{_days(self.days_left_projected)} after the bookings and plans."
        )
        if self.crossed_projected:
            text += " CROSSED" + (
                f" on {self.crossing_day.isoformat()}." if self.crossing_day else "."
            )
        for note in self.notes:
            text += " " + note
        return text

    def to_dict(self) -> dict[str, Any]:
        """The counter as JSON-compatible data (days and shares as exact strings).

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)


def _params(counter: ThresholdCounter, employee: str, counted: Fraction) -> dict[str, Any]:
    t = counter.threshold
    return {
        "employee": employee,
        "threshold": t.id,
        "domain": t.domain.value,
        "kind": t.kind.value,
        "limit": t.limit,
        "inclusive": t.inclusive,
        "limit_days": counter.limit_days,
        "counted": counted,
        "working_time": counter.working_time,
        "share": counted / counter.working_time if counter.working_time else None,
        "year": counter.period.start.year,
        "status": t.status.value,
    }


@attrs.frozen(kw_only=True)
class CrossBorderReport:
    """One employee's cross-border counters for one calendar year.

    Attributes:
        employee: the contract's employee identifier.
        residence: the country of residence.
        work: the country of work (where the employer is established).
        year: the calendar year.
        as_of: the date the "used" figures stop at.
        counters: one :class:`ThresholdCounter` per threshold in force that year.
        warnings: a ``crossborder_threshold_crossed`` :class:`~teleaccord.errors.Violation`
            for each threshold the projection crosses.
    """

    employee: str
    residence: str
    work: str
    year: int
    as_of: date
    counters: tuple[ThresholdCounter, ...]
    warnings: tuple[Violation, ...]

    def counter(self, threshold_id: str) -> ThresholdCounter:
        """The counter of one threshold (``KeyError`` when it does not apply)."""
        for c in self.counters:
            if c.threshold.id == threshold_id:
                return c
        raise KeyError(threshold_id)

    def describe(self) -> str:
        """One paragraph per threshold, after a heading line."""
        head = (
            f"{self.employee}, living in {self.residence} and working in {self.work}, "
            f"{self.year}, as of {self.as_of.isoformat()}:"
        )
        if not self.counters:
            return head + " no threshold of the table applies."
        return "\n".join([head, *("- " + c.describe() for c in self.counters)])

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-compatible data.

        A shim over :func:`teleaccord.io.reports.report_data`.
        """
        from teleaccord.io.reports import report_data

        return report_data(self)


def _trip_amount(value: Any) -> Fraction:
    amount = parse_amount(value, field="amount")
    if amount not in (Fraction(1, 2), Fraction(1)):
        msg = f"amount: a business-trip day is 1 or 1/2 day, got {format_amount(amount)}."
        raise InvalidValue(msg, field="amount", code="invalid_telework_amount")
    return amount


def _trip_day(value: Any) -> date:
    return parse_date(value, field="day")


def _trip_country(value: Any) -> str:
    return _country(value, "country")


@attrs.frozen(kw_only=True)
class BusinessTrip:
    """A day (or half-day) worked on a business trip, and the country travelled to.

    Attributes:
        day: the day.
        country: where the work was done (ISO code, ``"DE"``).
        amount: 1, or 1/2 for a half-day.

    >>> from teleaccord import BusinessTrip
    >>> BusinessTrip(day="2025-03-04", country="de")
    BusinessTrip(day=datetime.date(2025, 3, 4), country='DE', amount=Fraction(1, 1))
    """

    day: date = attrs.field(converter=_trip_day)
    country: str = attrs.field(converter=_trip_country)
    amount: Fraction = attrs.field(default=Fraction(1), converter=_trip_amount)


def business_trips(
    absences: Iterable[Absence],
    countries: Mapping[str, str] | None = None,
    *,
    contract: Contract,
    calendar: Calendar,
    kinds: Iterable[str] = ("business_travel",),
) -> tuple[BusinessTrip, ...]:
    """The business-trip days of ``contract``'s employee, from their absences, for the
    cross-border counters (:func:`crossborder_report` ``business_trips=``).

    An absence of one of ``kinds`` (``business_travel`` by default; add ``client_site`` or a
    kind of the agreement) gives one :class:`BusinessTrip` per day the employee works under
    their contract and calendar (weekends, holidays and closures left out): 1 when both
    worked half-days are on the trip, 1/2 when one is. Each trip's country is the absence's
    own :attr:`~teleaccord.absence.Absence.country`, or the one ``countries`` gives by its
    ``absence_id`` (for absences recorded without one: the travel system knows it). When
    both give a country they must agree: two different countries for one trip are an error,
    not a silent choice. Other employees' absences and other kinds are ignored.

    Raises:
        InvalidValue: a trip with no country on the absence nor in ``countries``
            (``missing_trip_country``), two different countries for one trip
            (``trip_country_conflict``), or a bad country code (``invalid_country``).

    >>> from datetime import date
    >>> from teleaccord import Absence, Calendar, Contract, DateRange, business_trips
    >>> contract = Contract.from_amendments(employee="E7", hired=date(2020, 1, 1))
    >>> trip = Absence(absence_id="T1", employee="E7", kind="business_travel",
    ...                days=DateRange(date(2025, 3, 7), date(2025, 3, 10)), end_half="am")
    >>> [(str(t.day), t.country, t.amount) for t in business_trips(
    ...     [trip], {"T1": "DE"}, contract=contract, calendar=Calendar(country="LU"))]
    [('2025-03-07', 'DE', Fraction(1, 1)), ('2025-03-10', 'DE', Fraction(1, 2))]
    >>> abroad = Absence(absence_id="T2", employee="E7", kind="business_travel", country="be",
    ...                  days=DateRange.single(date(2025, 3, 12)))
    >>> [(str(t.day), t.country) for t in business_trips(
    ...     [abroad], contract=contract, calendar=Calendar(country="LU"))]
    [('2025-03-12', 'BE')]
    """
    wanted = frozenset(str(k).strip().lower() for k in kinds)
    by_id = countries or {}
    found: dict[date, BusinessTrip] = {}
    for absence in absences:
        if absence.employee != contract.employee or absence.kind not in wanted:
            continue
        country = _trip_country_of(absence, by_id.get(absence.absence_id))
        for day in absence.days:
            segment = contract.segment_at(day)
            if segment is None:
                continue
            mask = absence.mask_on(day) & calendar.worked_mask(day, segment.pattern)
            if not mask:
                continue
            amount = Fraction(1) if mask == 3 else Fraction(1, 2)
            before = found.get(day)
            if before is not None:
                amount = min(Fraction(1), before.amount + amount)
            found[day] = BusinessTrip(day=day, country=country, amount=amount)
    return tuple(found[d] for d in sorted(found))


def _trip_country_of(absence: Absence, given: str | None) -> str:
    """A trip's country: the absence's own, or the one given by its id; both must agree."""
    mapped = None if given is None else _country(given, "countries")
    own = absence.country
    if own is not None and mapped is not None and own != mapped:
        msg = (
            f"countries: the business trip {absence.absence_id!r} of {absence.employee} "
            f"({absence.days}) is recorded in {own} but {mapped} is given for its id; "
            f"correct one of them."
        )
        raise InvalidValue(
            msg,
            field="countries",
            code="trip_country_conflict",
            params={
                "absence_id": absence.absence_id,
                "employee": absence.employee,
                "country": own,
                "given": mapped,
            },
        )
    country = own or mapped
    if country is None:
        msg = (
            f"countries: the business trip {absence.absence_id!r} of {absence.employee} "
            f"({absence.days}) has no country; give it on the absence (its country) or by "
            f"its absence id."
        )
        raise InvalidValue(
            msg,
            field="countries",
            code="missing_trip_country",
            params={"absence_id": absence.absence_id, "employee": absence.employee},
        )
    return country


def _trip_days(
    threshold: Threshold,
    residence: str,
    work: str,
    trips: Iterable[BusinessTrip],
    plain: Iterable[date],
) -> dict[date, Fraction]:
    """The business-trip days ``threshold`` counts: trips whose country it counts, and the
    plain ``business_days`` (outside the work country, country not given)."""
    found: dict[date, Fraction] = {}
    if threshold.trip_rule is TripRule.NONE:
        return found
    if threshold.counts_trip(None, residence, work):
        for day in plain:
            found[day] = Fraction(1)
    for trip in trips:
        if threshold.counts_trip(trip.country, residence, work):
            found[trip.day] = min(Fraction(1), found.get(trip.day, Fraction(0)) + trip.amount)
    return found


def _merged(base: Mapping[date, Fraction], extra: Mapping[date, Fraction]) -> dict[date, Fraction]:
    """Days of ``base`` plus ``extra``, a day holding at most 1 (planned on a booked day)."""
    found = dict(base)
    for day, amount in extra.items():
        found[day] = min(Fraction(1), found.get(day, Fraction(0)) + amount)
    return found


def _country(value: str, field: str) -> str:
    return country_code(value, field)


def _counter(
    threshold: Threshold,
    period: DateRange,
    contract: Contract,
    calendar: Calendar,
    booked: Mapping[date, Fraction],
    projected: Mapping[date, Fraction],
    as_of: date,
    business: Iterable[date] = (),
    trips_given: Iterable[BusinessTrip] = (),
    countries: tuple[str, str] = ("", ""),
) -> ThresholdCounter:
    working_time = contract.worked_amount(period, calendar)
    working_days = contract.working_days(period, calendar)
    notes: list[str] = [f"Condition not checked here: {c}" for c in threshold.conditions]
    trips = Fraction(0)
    if threshold.kind is not ThresholdKind.WEEKLY_ON_SITE:
        counted = _trip_days(threshold, countries[0], countries[1], trips_given, business)
        days = sorted(d for d in counted if d in period and d not in projected)
        if threshold.kind is ThresholdKind.SHARE and threshold.business_days_inside is not None:
            days = days[: threshold.business_days_inside]
        extra = {d: counted[d] for d in days}
        trips = sum((threshold.counted(a) for a in extra.values()), Fraction(0))
        booked = _merged(booked, extra)
        projected = _merged(projected, extra)
    if threshold.kind is ThresholdKind.WEEKLY_ON_SITE:
        limit_days = (1 - threshold.limit) * working_time
    elif threshold.kind is ThresholdKind.SHARE:
        limit_days = threshold.limit * working_time
    else:
        limit_days = threshold.limit
        employed = contract.presence(period)
        if threshold.partial_year_share is not None and employed != period:
            partial = threshold.partial_year_share * working_days
            if partial < limit_days:
                limit_days = partial
                notes.append(
                    f"The contract does not cover the whole period, so the limit is "
                    f"{_percent(threshold.partial_year_share)} of {working_days} working days."
                )
    if threshold.status is not FigureStatus.CONFIRMED:
        notes.append(f"The threshold is {threshold.status.value}: read its note and sources.")

    def count(days: Mapping[date, Fraction], until: date) -> Fraction:
        return sum(
            (threshold.counted(a) for d, a in days.items() if period.start <= d <= until),
            Fraction(0),
        )

    crossing = None
    weeks: tuple[WeekCount, ...] = ()
    if threshold.kind is ThresholdKind.WEEKLY_ON_SITE:
        weeks = _weeks(threshold, period, contract, calendar, projected)
        breached = [w for w in weeks if w.breached]
        if breached:
            crossing = breached[0].week.start
    else:
        running = Fraction(0)
        for day in sorted(d for d in projected if d in period):
            running += threshold.counted(projected[day])
            if threshold.crossed(running, limit_days):
                crossing = day
                break
    return ThresholdCounter(
        threshold=threshold,
        period=period,
        as_of=as_of,
        working_time=working_time,
        working_days=working_days,
        limit_days=limit_days,
        used=count(booked, min(as_of, period.end)),
        booked=count(booked, period.end),
        projected=count(projected, period.end),
        crossing_day=crossing,
        notes=tuple(notes),
        weeks=weeks,
        business_days=trips,
    )


def _weeks(
    threshold: Threshold,
    period: DateRange,
    contract: Contract,
    calendar: Calendar,
    telework: Mapping[date, Fraction],
) -> tuple[WeekCount, ...]:
    found = []
    start = period.start - timedelta(days=period.start.weekday())
    while start <= period.end:
        week = DateRange(max(start, period.start), min(start + timedelta(days=6), period.end))
        working = contract.worked_amount(week, calendar)
        done = sum((a for d, a in telework.items() if d in week), Fraction(0))
        found.append(
            WeekCount(
                week=week,
                working_time=working,
                telework=done,
                required=threshold.limit * working,
            )
        )
        start += timedelta(days=7)
    return tuple(found)


def crossborder_report(
    *,
    residence: str,
    work: str,
    contract: Contract,
    calendar: Calendar,
    telework_days: Iterable[tuple[date, Fraction]],
    as_of: date,
    planned: Iterable[tuple[date, Fraction]] = (),
    year: int | None = None,
    table: ThresholdTable | None = None,
    business_days: Iterable[date] = (),
    business_trips: Iterable[BusinessTrip] = (),
) -> CrossBorderReport:
    """Count one employee's telework against every threshold for their countries.

    Args:
        residence: the country of residence (ISO code, ``"FR"``).
        work: the country of work, where the employer is established (``"LU"``).
        contract: the employee's contract (their working time).
        calendar: their calendar (holidays and closures of the working time).
        telework_days: booked telework, ``(day, amount)`` pairs, amount 1 or 1/2, as
            :meth:`QuotaLedger.telework_days` returns them (days after ``as_of`` count in the
            projection, not in the "used" figure).
        as_of: the date the "used" figures stop at (included).
        planned: telework planned but not booked yet, counted in the projection only (a
            planned day already booked counts once).
        year: the calendar year (default: the year of ``as_of``).
        table: the thresholds (default: :meth:`ThresholdTable.default`).
        business_days: days on a business trip outside the work country (not telework);
            a threshold that counts them inside its limit
            (:attr:`Threshold.business_days_inside`, France-Switzerland) adds the first ones
            of the year, up to its maximum; a days threshold counting trips ``abroad``
            (France-Luxembourg) adds them all; the others ignore them.
        business_trips: business-trip days with their country (:class:`BusinessTrip`, see
            :func:`business_trips` to make them from absences): each threshold counts those
            its :attr:`Threshold.trip_rule` says (every trip outside the work country, or
            only trips to a third state), a share up to its ``business_days_inside``.

    Raises:
        InvalidValue: a bad country code or bad telework amounts.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import Calendar, Contract, crossborder_report, year_range
    >>> contract = Contract.from_amendments(employee="E7", hired=date(2020, 1, 1))
    >>> fridays = [(d, Fraction(1)) for d in year_range(2025) if d.weekday() == 4]
    >>> report = crossborder_report(residence="FR", work="LU", contract=contract,
    ...     calendar=Calendar(country="LU"), telework_days=fridays[:20],
    ...     planned=fridays[20:40], as_of=date(2025, 6, 30))
    >>> lu = report.counter("fr-lu-tax-34-days")
    >>> lu.used, lu.projected, lu.days_left_as_of, lu.crossing_day
    (Fraction(20, 1), Fraction(40, 1), Fraction(14, 1), datetime.date(2025, 8, 29))
    >>> [w.code for w in report.warnings]
    ['crossborder_threshold_crossed']
    >>> eu = report.counter("eu-883-2004-25-percent")
    >>> eu.working_time, eu.projected_share
    (Fraction(251, 1), Fraction(40, 251))
    """
    res = _country(residence, "residence")
    wrk = _country(work, "work")
    the_year = as_of.year if year is None else year
    booked = telework_by_day(telework_days)
    projected = _merged(booked, telework_by_day(planned))
    trips = tuple(business_days)
    given = tuple(business_trips)
    counters = []
    for t in (table if table is not None else ThresholdTable.default()).for_pair(
        res, wrk, the_year
    ):
        period = t.period_for(the_year, res, wrk)
        assert period is not None
        counters.append(
            _counter(
                t, period, contract, calendar, booked, projected, as_of, trips, given, (res, wrk)
            )
        )
    warnings: list[Violation] = []
    for c in counters:
        if c.threshold.kind is ThresholdKind.WEEKLY_ON_SITE:
            warnings.extend(c.weekly_warnings(contract.employee))
        else:
            w = c.warning(contract.employee)
            if w is not None:
                warnings.append(w)
    return CrossBorderReport(
        employee=contract.employee,
        residence=res,
        work=wrk,
        year=the_year,
        as_of=as_of,
        counters=tuple(counters),
        warnings=tuple(warnings),
    )


def crossborder_rule(
    *,
    residence: str,
    work: str,
    contract: Contract,
    calendar: Calendar,
    telework_days: Iterable[tuple[date, Fraction]],
    day: date,
    amount: Fraction | int = 1,
    planned: Iterable[tuple[date, Fraction]] = (),
    table: ThresholdTable | None = None,
    business_days: Iterable[date] = (),
    business_trips: Iterable[BusinessTrip] = (),
) -> tuple[Violation, ...]:
    """The thresholds a booking of ``amount`` on ``day`` would take past their limit.

    A booking rule for an HRIS to call at approval time: the year's booked telework (and the
    planned days, when given) with and without the new booking; a
    ``crossborder_threshold_crossed`` :class:`~teleaccord.errors.Violation` for every threshold
    the booking adds to while the total is past the limit. Empty means no threshold is crossed.
    The booking is not checked for anything else (use the ledger's own checks for that).
    ``business_days`` and ``business_trips`` are business trips counted as
    :func:`crossborder_report` counts them.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import Calendar, Contract, crossborder_rule, year_range
    >>> contract = Contract.from_amendments(employee="E7", hired=date(2020, 1, 1))
    >>> fridays = [(d, Fraction(1)) for d in year_range(2025) if d.weekday() == 4]
    >>> crossborder_rule(residence="FR", work="LU", contract=contract, calendar=Calendar(country="LU"),
    ...                  telework_days=fridays[:33], day=fridays[33][0])
    ()
    >>> [v] = crossborder_rule(residence="FR", work="LU", contract=contract,
    ...     calendar=Calendar(country="LU"), telework_days=fridays[:34], day=fridays[34][0])
    >>> v.code, v.param("counted"), v.param("limit_days"), v.day
    ('crossborder_threshold_crossed', Fraction(35, 1), Fraction(34, 1), datetime.date(2025, 8, 29))
    """
    res = _country(residence, "residence")
    wrk = _country(work, "work")
    new = parse_amount(amount, field="amount")
    if not 0 < new <= 1:
        msg = f"amount: a booking is 1 or 1/2 day, got {format_amount(new)}."
        raise InvalidValue(msg, field="amount", code="invalid_telework_amount")
    before = _merged(telework_by_day(telework_days), telework_by_day(planned))
    after = _merged(before, {day: new})
    trips = tuple(business_days)
    given = tuple(business_trips)
    found: list[Violation] = []
    for t in (table if table is not None else ThresholdTable.default()).for_pair(
        res, wrk, day.year
    ):
        period = t.period_for(day.year, res, wrk)
        assert period is not None
        if day not in period:
            continue
        if t.kind is ThresholdKind.WEEKLY_ON_SITE:
            counter = _counter(t, period, contract, calendar, after, after, day)
            found.extend(
                w
                for w in counter.weekly_warnings(contract.employee)
                if w.day is not None and w.day <= day <= w.day + timedelta(days=6)
            )
            continue
        counter = _counter(
            t, period, contract, calendar, after, after, day, trips, given, (res, wrk)
        )
        was = counter.projected - t.counted(after[day]) + t.counted(before.get(day, Fraction(0)))
        if counter.projected <= was or not counter.crossed_projected:
            continue
        already = t.crossed(was, counter.limit_days)
        message = (
            f"{contract.employee}: telework on {day.isoformat()} would bring the days counted "
            f"against {t.name!r} to {_days(counter.projected)} in {day.year}, past its limit "
            f"({t.describe_limit()}, {_days(counter.limit_days)} days for this employee)"
            + ("; the limit was already crossed." if already else ".")
        )
        params = _params(counter, contract.employee, counter.projected)
        params["before"] = was
        params["already_crossed"] = already
        found.append(Violation(code=CROSSED, message=message, day=day, params=params))
    return tuple(found)


def crossborder_booking_rule(
    residence: str,
    work: str,
    *,
    planned: Iterable[tuple[date, Fraction]] = (),
    table: ThresholdTable | None = None,
    business_trips: Iterable[BusinessTrip] = (),
) -> Rule:
    """:func:`crossborder_rule` as a booking rule of :mod:`teleaccord.rules`, for one employee.

    The rule reads the employee's active bookings from the
    :class:`~teleaccord.rules.BookingContext`, so it runs beside the agreement's rules, in the
    employee's ledger (whose ``check`` reports it and ``book`` refuses) or on its own
    (``business_trips``: the employee's business-trip days, as :func:`crossborder_report`
    counts them)::

        rules = (*BOOKING_RULES, crossborder_booking_rule("FR", "LU"))
        ledger = QuotaLedger(agreement=..., contract=..., calendar=..., rules=rules)
        violations = check_booking(context, rules)

    >>> from datetime import date
    >>> from teleaccord import Agreement, Calendar, Contract, crossborder_booking_rule
    >>> from teleaccord.rules import BookingContext
    >>> contract = Contract.from_amendments(employee="E7", hired=date(2020, 1, 1))
    >>> rule = crossborder_booking_rule("FR", "CH")
    >>> context = BookingContext(agreement=Agreement(name="x"), contract=contract,
    ...                          calendar=Calendar(country="CH"), day=date(2025, 3, 3))
    >>> list(rule(context))
    []
    """
    res = _country(residence, "residence")
    wrk = _country(work, "work")
    plans = tuple(planned)
    trips = tuple(business_trips)

    def rule(context: BookingContext) -> tuple[Violation, ...]:
        booked = [
            (day, sum((b.amount for b in bookings), Fraction(0)))
            for day, bookings in context.bookings.items()
            if bookings and day != context.day
        ]
        return crossborder_rule(
            residence=res,
            work=wrk,
            contract=context.contract,
            calendar=context.calendar,
            telework_days=booked,
            day=context.day,
            amount=context.amount,
            planned=plans,
            table=table,
            business_trips=trips,
        )

    return rule
