"""Contracts: one employee's working time over time.

A :class:`Contract` is a timeline of :class:`Segment` values, built from a hire date, an
optional last day, and amendments (avenants) that change the work fraction, the pattern, the job
category, the team or the site from a date. Segments are contiguous, ordered and inside the
contract; every date is inclusive (the last day is the last day worked).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.amounts import parse_fraction
from teleaccord.calendars import Calendar
from teleaccord.dates import DateRange, parse_date
from teleaccord.errors import InvalidValue
from teleaccord.pattern import STANDARD_WEEK, WorkPattern
from teleaccord.validators import instance_of, non_empty_text, optional

__all__ = ["FULL_FORFAIT_DAYS", "Amendment", "Contract", "Segment"]

FULL_FORFAIT_DAYS = 218
"""The days a year of a full forfait in days (forfait annuel en jours, Code du travail
L3121-64: at most 218 days, the solidarity day included)."""

_FAR_FUTURE = date(9999, 12, 31)
_ONE_DAY = timedelta(days=1)


def _segment_start(value: Any) -> date:
    return parse_date(value, field="segment.start")


def _segment_end(value: Any) -> date | None:
    return None if value is None or value == "" else parse_date(value, field="segment.end")


def _effective(value: Any) -> date:
    return parse_date(value, field="amendment.effective")


def _hired(value: Any) -> date:
    return parse_date(value, field="hired")


def _last_day(value: Any) -> date | None:
    return None if value is None or value == "" else parse_date(value, field="last_day")


def _segments(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return tuple(value)


def _optional_fraction(value: Any) -> Fraction | None:
    return None if value is None or value == "" else parse_fraction(value)


def _not_before(
    other: str, *, field: str, code: str, message: str
) -> Callable[[Any, attrs.Attribute[Any], date | None], None]:
    """A validator of an optional date: not before the value's field ``other`` (``message``
    formatted with ``value`` and ``other``, the two dates, raised as ``field`` and ``code``)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: date | None) -> None:
        if value is not None and value < (limit := getattr(instance, other)):
            msg = message.format(value=value, other=limit)
            raise InvalidValue(msg, field=field, code=code)

    return check


_segment_end_after_start = _not_before(
    "start",
    field="segment.end",
    code="range_end_before_start",
    message="segment.end: a segment cannot end ({value}) before it starts ({other}).",
)


_IS_PATTERN = instance_of(
    WorkPattern,
    code="invalid_pattern",
    field="pattern",
    message="{field}: expected a WorkPattern (see WorkPattern.parse), got {value!r}.",
)


@attrs.frozen(kw_only=True)
class Segment:
    """A stretch of a contract with constant working time.

    ``end`` is the last day of the segment, or ``None`` for an open-ended last segment.
    ``forfait_days``: the days a year of a forfait in days (``None``: working time in hours);
    see :meth:`Contract.forfait_jours`.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import Segment
    >>> s = Segment(start=date(2024, 1, 1), end=None, fraction=Fraction(4, 5))
    >>> s.fraction, str(s.pattern)
    (Fraction(4, 5), 'Mo Tu We Th Fr')
    """

    start: date = attrs.field(converter=_segment_start)
    end: date | None = attrs.field(
        default=None, converter=_segment_end, validator=_segment_end_after_start
    )
    fraction: Fraction = attrs.field(default=Fraction(1), converter=parse_fraction)
    pattern: WorkPattern = attrs.field(default=STANDARD_WEEK, validator=_IS_PATTERN)
    category: str | None = None
    team: str | None = None
    site: str | None = None
    forfait_days: int | None = attrs.field(
        default=None, validator=optional(instance_of(int, code="invalid_forfait"))
    )

    @property
    def period(self) -> DateRange:
        """The segment's days (an open end reads as 9999-12-31)."""
        return DateRange(self.start, self.end or _FAR_FUTURE)

    def overlap(self, period: DateRange) -> DateRange | None:
        """The days of ``period`` inside this segment, or ``None``."""
        return self.period.intersection(period)


@attrs.frozen(kw_only=True)
class Amendment:
    """A change to a contract from a date (avenant au contrat); ``None`` keeps the value.

    >>> from datetime import date
    >>> from teleaccord import Amendment
    >>> Amendment(effective=date(2024, 7, 1), fraction="80 %").fraction
    Fraction(4, 5)
    """

    effective: date = attrs.field(converter=_effective)
    fraction: Fraction | None = attrs.field(default=None, converter=_optional_fraction)
    pattern: WorkPattern | None = attrs.field(default=None, validator=optional(_IS_PATTERN))
    category: str | None = None
    team: str | None = None
    site: str | None = None


def _check_segments(
    instance: Contract, attribute: attrs.Attribute[Any], value: tuple[Segment, ...]
) -> None:
    if not value:
        msg = "segments: a contract needs at least one segment."
        raise InvalidValue(msg, field="segments", code="no_segments")
    if value[0].start != instance.hired:
        msg = f"segments: the first segment starts on {value[0].start}, not on the hire date {instance.hired}."
        raise InvalidValue(msg, field="segments", code="segment_outside_contract")
    for prev, nxt in itertools.pairwise(value):
        if prev.end is None:
            msg = (
                f"segments: only the last segment may be open-ended; the segment starting "
                f"{prev.start} has no end but is followed by one starting {nxt.start}."
            )
            raise InvalidValue(msg, field="segments", code="segments_not_contiguous")
        if prev.end + _ONE_DAY != nxt.start:
            msg = (
                f"segments: segments must be ordered and contiguous; a segment ending {prev.end} "
                f"is followed by one starting {nxt.start}."
            )
            raise InvalidValue(msg, field="segments", code="segments_not_contiguous")
    if value[-1].end != instance.last_day:
        msg = (
            f"segments: the last segment ends on {value[-1].end}, not on the contract's last "
            f"day {instance.last_day}."
        )
        raise InvalidValue(msg, field="segments", code="segment_outside_contract")


_check_last_day = _not_before(
    "hired",
    field="last_day",
    code="last_day_before_hire",
    message="last_day: the last day ({value}) is before the hire date ({other}).",
)


MAX_ID_LENGTH = 200
"""The longest employee identifier a contract accepts."""


def _employee(value: Any) -> str:
    if value is None:
        msg = "employee: a contract needs a non-empty employee identifier, got None."
        raise InvalidValue(msg, field="employee", code="missing_employee")
    text = str(value).strip()
    if len(text) > MAX_ID_LENGTH:
        msg = (
            f"employee: the identifier has {len(text)} characters; at most {MAX_ID_LENGTH} "
            "are allowed."
        )
        raise InvalidValue(msg, field="employee", code="too_long")
    return text


@attrs.frozen(kw_only=True)
class Contract:
    """An employee's working time over time.

    Build it with :meth:`from_amendments`; the constructor takes ready segments and checks
    that they are contiguous and inside the contract.

    >>> from datetime import date
    >>> from teleaccord import Amendment, Calendar, Contract, DateRange, WorkPattern
    >>> c = Contract.from_amendments(
    ...     employee="E042",
    ...     hired=date(2024, 1, 1),
    ...     fraction=1,
    ...     amendments=[Amendment(effective=date(2024, 7, 1), fraction="80 %",
    ...                           pattern=WorkPattern.parse("Mo Tu Th Fr"))],
    ... )
    >>> c.fraction_at(date(2024, 3, 1)), c.fraction_at(date(2024, 9, 1))
    (Fraction(1, 1), Fraction(4, 5))
    >>> c.working_days(DateRange(date(2024, 1, 1), date(2024, 12, 31)), Calendar())
    227
    """

    employee: str = attrs.field(
        converter=_employee,
        validator=non_empty_text(
            code="missing_employee",
            message="{field}: a contract needs a non-empty employee identifier.",
        ),
    )
    hired: date = attrs.field(converter=_hired)
    last_day: date | None = attrs.field(
        default=None, converter=_last_day, validator=_check_last_day
    )
    segments: tuple[Segment, ...] = attrs.field(converter=_segments, validator=_check_segments)

    @classmethod
    def from_amendments(
        cls,
        *,
        employee: str,
        hired: date | str,
        last_day: date | str | None = None,
        fraction: Fraction | str | int | None = None,
        pattern: WorkPattern | None = None,
        category: str | None = None,
        team: str | None = None,
        site: str | None = None,
        amendments: Iterable[Amendment] = (),
    ) -> Contract:
        """Build a contract from its initial terms and its amendments (in any order).

        When only a pattern is given, the fraction is the pattern's own, at most 1 (a pattern
        of six days a week is full time); when only a fraction is given, the pattern is Monday
        to Friday (the fraction prorates, the pattern only says which days can be worked).

        An amendment changes only what it gives: a new pattern alone keeps the fraction.

        Raises:
            InvalidValue: an amendment before the hire date or after the last day, two
                amendments on the same date, a fraction outside (0, 1], a last day before the
                hire date.
        """
        hired_d = parse_date(hired, field="hired")
        last = _last_day(last_day)
        if last is not None and last < hired_d:
            msg = f"last_day: the last day ({last}) is before the hire date ({hired_d})."
            raise InvalidValue(msg, field="last_day", code="last_day_before_hire")
        frac, pat = _fraction_and_pattern(fraction, pattern)
        state: dict[str, Any] = {
            "fraction": frac,
            "pattern": pat,
            "category": category,
            "team": team,
            "site": site,
        }
        given = list(amendments)
        for n, a in enumerate(given):
            if not isinstance(a, Amendment):
                msg = f"amendments[{n}]: expected an Amendment, got {a!r}."
                raise InvalidValue(msg, field=f"amendments[{n}]", code="invalid_amendment")
        # Sorted by date, but errors name each amendment by its place in the caller's list.
        order = sorted(range(len(given)), key=lambda n: given[n].effective)
        changes = [given[n] for n in order]
        seen: dict[date, int] = {}
        for n in order:
            a = given[n]
            field = f"amendments[{n}].effective"
            if a.effective in seen:
                msg = (
                    f"{field}: two amendments take effect on the same day, {a.effective} "
                    f"(amendments[{seen[a.effective]}] and amendments[{n}]); merge them into one."
                )
                raise InvalidValue(msg, field=field, code="overlapping_amendments")
            seen[a.effective] = n
            if a.effective < hired_d or (last is not None and a.effective > last):
                span = f"{hired_d} to {last}" if last else f"from {hired_d}"
                msg = (
                    f"{field}: the amendment of {a.effective} falls outside the contract ({span})."
                )
                raise InvalidValue(msg, field=field, code="amendment_outside_contract")
        segments: list[Segment] = []
        start = hired_d
        for a in changes:
            if a.effective > start:
                segments.append(Segment(start=start, end=a.effective - _ONE_DAY, **state))
                start = a.effective
            for key in ("fraction", "pattern", "category", "team", "site"):
                if getattr(a, key) is not None:
                    state[key] = getattr(a, key)
        segments.append(Segment(start=start, end=last, **state))
        return cls(employee=employee, hired=hired_d, last_day=last, segments=tuple(segments))

    @classmethod
    def forfait_jours(
        cls,
        *,
        employee: str,
        hired: date | str,
        days: int = FULL_FORFAIT_DAYS,
        last_day: date | str | None = None,
        category: str | None = None,
        team: str | None = None,
        site: str | None = None,
    ) -> Contract:
        """A contract of staff on a yearly forfait in days (forfait jours: managers and
        autonomous staff), who have no weekly pattern.

        The entitlement's basis is the days to be worked: the work fraction is ``days`` /
        :data:`FULL_FORFAIT_DAYS` (a reduced forfait of 150 days prorates by 150/218; a forfait
        above 218 days, rest days given up, counts as full time). Any working day of the
        organisation (Monday to Friday, minus the calendar's holidays and closures) can be
        worked and booked.

        >>> from datetime import date
        >>> from teleaccord import Contract
        >>> c = Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1), days=150)
        >>> c.fraction_at(date(2025, 1, 1)), c.segments[0].forfait_days, str(c.segments[0].pattern)
        (Fraction(75, 109), 150, 'Mo Tu We Th Fr')
        """
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 366:
            msg = f"days: a forfait is a whole number of days a year (1 to 366), got {days!r}."
            raise InvalidValue(msg, field="days", code="invalid_forfait")
        contract = cls.from_amendments(
            employee=employee,
            hired=hired,
            last_day=last_day,
            fraction=Fraction(min(days, FULL_FORFAIT_DAYS), FULL_FORFAIT_DAYS),
            pattern=STANDARD_WEEK,
            category=category,
            team=team,
            site=site,
        )
        segments = tuple(attrs.evolve(s, forfait_days=days) for s in contract.segments)
        return attrs.evolve(contract, segments=segments)

    @property
    def employment(self) -> DateRange:
        """The contract's days (an open end reads as 9999-12-31)."""
        return DateRange(self.hired, self.last_day or _FAR_FUTURE)

    def segment_at(self, day: date) -> Segment | None:
        """The segment in force on ``day``, or ``None`` outside the contract."""
        for seg in self.segments:
            if seg.start <= day and (seg.end is None or day <= seg.end):
                return seg
        return None

    def fraction_at(self, day: date) -> Fraction | None:
        """The work fraction on ``day``, or ``None`` outside the contract."""
        seg = self.segment_at(day)
        return seg.fraction if seg else None

    def segments_in(self, period: DateRange) -> tuple[tuple[Segment, DateRange], ...]:
        """Each segment overlapping ``period`` with the days it shares with it.

        >>> from datetime import date
        >>> from teleaccord import Contract, DateRange
        >>> c = Contract.from_amendments(employee="E1", hired=date(2024, 3, 1), last_day=date(2024, 9, 30))
        >>> [str(days) for _, days in c.segments_in(DateRange(date(2024, 1, 1), date(2024, 12, 31)))]
        ['2024-03-01..2024-09-30']
        """
        found = []
        for seg in self.segments:
            shared = seg.overlap(period)
            if shared is not None:
                found.append((seg, shared))
        return tuple(found)

    def presence(self, period: DateRange) -> DateRange | None:
        """The days of ``period`` under contract, or ``None``."""
        return self.employment.intersection(period)

    def presence_days(self, period: DateRange) -> int:
        """The calendar days of ``period`` under contract."""
        shared = self.presence(period)
        return len(shared) if shared else 0

    def working_days(self, period: DateRange, calendar: Calendar) -> int:
        """The employee's working days in ``period``: calendar working days under each
        segment's pattern, inside the contract."""
        return sum(
            calendar.count_working_days(days, seg.pattern) for seg, days in self.segments_in(period)
        )

    def worked_amount(self, period: DateRange, calendar: Calendar) -> Fraction:
        """The days worked in ``period``, half-days counting 1/2."""
        return sum(
            (calendar.worked_amount(days, seg.pattern) for seg, days in self.segments_in(period)),
            Fraction(0),
        )

    def is_working_day(self, day: date, calendar: Calendar) -> bool:
        """Whether the employee works on ``day`` (under contract, in pattern, not a day off)."""
        seg = self.segment_at(day)
        return seg is not None and calendar.is_working_day(day, seg.pattern)


def _fraction_and_pattern(
    fraction: Any, pattern: WorkPattern | None
) -> tuple[Fraction, WorkPattern]:
    if fraction is None and pattern is None:
        return Fraction(1), STANDARD_WEEK
    if pattern is not None and not isinstance(pattern, WorkPattern):
        msg = f"pattern: expected a WorkPattern (see WorkPattern.parse), got {pattern!r}."
        raise InvalidValue(msg, field="pattern", code="invalid_pattern")
    if fraction is None:
        assert pattern is not None
        if pattern.half_days_per_cycle == 0:
            msg = (
                "pattern: the pattern has no working half-day, so it gives no work fraction; "
                "give the fraction or a pattern with working days."
            )
            raise InvalidValue(msg, field="pattern", code="empty_pattern")
        return min(pattern.fraction, Fraction(1)), pattern
    return parse_fraction(fraction), pattern or STANDARD_WEEK
