"""Date ranges and small date helpers.

Every range in teleaccord is **inclusive of both ends**, as HR dates are written: a contract
"from 2024-01-01 to 2024-06-30" covers the 30th of June, the employee's last day worked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from teleaccord.errors import InvalidValue

__all__ = [
    "MAX_RANGE_DAYS",
    "MAX_YEAR",
    "MIN_YEAR",
    "DateRange",
    "check_year",
    "days_of",
    "iso_week",
    "month_range",
    "parse_date",
    "parse_zone",
    "week_range",
    "year_range",
]

ONE_DAY = timedelta(days=1)

MIN_YEAR = 1900
"""The first year a calendar covers (its holidays are known from then)."""
MAX_YEAR = 2199
"""The last year a calendar covers; a year option beyond it is refused, not computed."""
MAX_RANGE_DAYS = 36_600
"""The most days a set of days given as ranges (closures, blackouts) may hold: 100 years."""


def check_year(year: int, *, field: str = "year") -> int:
    """Return ``year`` if the calendars cover it (:data:`MIN_YEAR` to :data:`MAX_YEAR`).

    Raises:
        InvalidValue: ``year_out_of_range`` otherwise.

    >>> from teleaccord.dates import check_year
    >>> check_year(2025)
    2025
    >>> check_year(10000, field="--year")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: --year: 10000 is outside the years a calendar covers (1900-2199).
    """
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        msg = f"{field}: {year} is outside the years a calendar covers ({MIN_YEAR}-{MAX_YEAR})."
        raise InvalidValue(msg, field=field, code="year_out_of_range")
    return year


def days_of(items: Iterable[Any], *, field: str) -> frozenset[date]:
    """The days of ``items`` (dates, ISO texts or :class:`DateRange`), as a set.

    The set is materialised, so it holds at most :data:`MAX_RANGE_DAYS` days: a sixty-byte
    range ``0001-01-01..9999-12-31`` would otherwise take half a gigabyte.

    Raises:
        InvalidValue: ``range_too_long`` beyond that; ``invalid_date`` for a bad item.

    >>> from datetime import date
    >>> from teleaccord import DateRange
    >>> from teleaccord.dates import days_of
    >>> len(days_of([DateRange(date(2025, 12, 22), date(2025, 12, 31)), "2025-05-02"], field="closures"))
    11
    >>> days_of([DateRange(date(1, 1, 1), date(9999, 12, 31))], field="blackout")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: blackout: 0001-01-01..9999-12-31 holds 3652059 days; at most 36600 days (100 years) can be listed.
    """
    days: set[date] = set()
    for item in items:
        if isinstance(item, DateRange):
            if len(days) + item.days > MAX_RANGE_DAYS:
                msg = (
                    f"{field}: {item} holds {item.days} days; at most {MAX_RANGE_DAYS} days "
                    f"({MAX_RANGE_DAYS // 366} years) can be listed."
                )
                raise InvalidValue(msg, field=field, code="range_too_long")
            days.update(item)
        else:
            days.add(parse_date(item, field=field))
    return frozenset(days)


def _date_or_refuse(year: int, month: int, day: int, field: str) -> date:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        msg = f"{field}: {year} is outside the years a date can have (1-9999)."
        raise InvalidValue(msg, field=field, code="year_out_of_range") from None


def parse_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``"Europe/Paris"``).

    >>> from teleaccord.dates import parse_zone
    >>> parse_zone("Europe/Paris").key
    'Europe/Paris'
    >>> parse_zone("Mars/Olympus")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: timezone: unknown time zone 'Mars/Olympus'; use an IANA name such as 'Europe/Paris'.

    Raises:
        InvalidValue: not a known zone (``unknown_timezone``).
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"timezone: unknown time zone {name!r}; use an IANA name such as 'Europe/Paris'."
        raise InvalidValue(msg, field="timezone", code="unknown_timezone") from None


def parse_date(value: object, *, field: str = "date") -> date:
    """Return ``value`` as a :class:`datetime.date`, accepting ISO 8601 text.

    Args:
        value: a ``date`` (not a ``datetime``) or a string ``YYYY-MM-DD``.
        field: the name used in the error message.

    Raises:
        InvalidValue: for anything else.

    >>> from teleaccord import parse_date
    >>> parse_date("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> parse_date("2023-02-29", field="hired")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: hired: expected a date as YYYY-MM-DD, got '2023-02-29' (day is out of range for month).
    """
    if value.__class__ is date:  # the common case, first: a range is built per call
        return value
    if isinstance(value, datetime):
        msg = f"{field}: expected a date, got a datetime {value.isoformat()!r}."
        raise InvalidValue(msg, field=field, code="invalid_date")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            msg = f"{field}: expected a date as YYYY-MM-DD, got {value!r} ({exc})."
            raise InvalidValue(msg, field=field, code="invalid_date") from None
    msg = f"{field}: expected a date as YYYY-MM-DD, got {value!r}."
    raise InvalidValue(msg, field=field, code="invalid_date")


def _start(value: Any) -> date:
    return parse_date(value, field="start")


def _end(value: Any) -> date:
    return parse_date(value, field="end")


def _check_order(instance: DateRange, attribute: attrs.Attribute[date], value: date) -> None:
    if value < instance.start:
        msg = f"A date range cannot end ({value}) before it starts ({instance.start})."
        raise InvalidValue(msg, field="end", code="range_end_before_start")


@attrs.frozen(order=True, cache_hash=True)
class DateRange:
    """A range of days, inclusive of both ends.

    >>> from datetime import date
    >>> from teleaccord import DateRange
    >>> march = DateRange(date(2024, 3, 1), date(2024, 3, 31))
    >>> len(march), date(2024, 3, 31) in march
    (31, True)
    >>> march.intersection(DateRange(date(2024, 3, 25), date(2024, 4, 5)))
    DateRange(start=datetime.date(2024, 3, 25), end=datetime.date(2024, 3, 31))
    >>> DateRange(date(2024, 3, 2), date(2024, 3, 1))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: A date range cannot end (2024-03-01) before it starts (2024-03-02).
    """

    start: date = attrs.field(converter=_start)
    end: date = attrs.field(converter=_end, validator=_check_order)

    @classmethod
    def single(cls, day: date) -> DateRange:
        """The range of one day.

        >>> from datetime import date
        >>> from teleaccord import DateRange
        >>> len(DateRange.single(date(2024, 1, 1)))
        1
        """
        return cls(day, day)

    def __len__(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def days(self) -> int:
        """The number of calendar days in the range."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __iter__(self) -> Iterator[date]:
        # Ordinals, not ``day += ONE_DAY``: a range may end on date.max (9999-12-31).
        for ordinal in range(self.start.toordinal(), self.end.toordinal() + 1):
            yield date.fromordinal(ordinal)

    def overlaps(self, other: DateRange) -> bool:
        """Whether the two ranges share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: DateRange) -> DateRange | None:
        """The days both ranges share, or ``None``."""
        start = max(self.start, other.start)
        end = min(self.end, other.end)
        return DateRange(start, end) if start <= end else None

    def contains_range(self, other: DateRange) -> bool:
        """Whether every day of ``other`` is in this range.

        >>> from teleaccord import month_range, year_range
        >>> year_range(2024).contains_range(month_range(2024, 2))
        True
        """
        return self.start <= other.start and other.end <= self.end

    def split_by_year(self) -> Iterator[DateRange]:
        """The parts of the range inside each calendar year, in order.

        >>> from datetime import date
        >>> from teleaccord import DateRange
        >>> [str(r) for r in DateRange(date(2023, 12, 30), date(2024, 1, 2)).split_by_year()]
        ['2023-12-30..2023-12-31', '2024-01-01..2024-01-02']
        """
        for year in range(self.start.year, self.end.year + 1):
            yield DateRange(max(self.start, date(year, 1, 1)), min(self.end, date(year, 12, 31)))

    def split_by_month(self) -> Iterator[DateRange]:
        """The parts of the range inside each calendar month, in order."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        for index in range(first, last + 1):
            month = month_range(index // 12, index % 12 + 1)
            yield DateRange(max(self.start, month.start), min(self.end, month.end))

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def year_range(year: int) -> DateRange:
    """The calendar year ``year``.

    >>> from teleaccord import year_range
    >>> len(year_range(2024))
    366
    """
    return DateRange(_date_or_refuse(year, 1, 1, "year"), _date_or_refuse(year, 12, 31, "year"))


def month_range(year: int, month: int) -> DateRange:
    """The calendar month.

    >>> from teleaccord import month_range
    >>> month_range(2024, 2).end
    datetime.date(2024, 2, 29)
    """
    if not isinstance(month, int) or not 1 <= month <= 12:
        msg = f"month: expected a month number 1-12, got {month!r}."
        raise InvalidValue(msg, field="month", code="invalid_month")
    first = _date_or_refuse(year, month, 1, "year")
    if month == 12:
        return DateRange(first, date(year, 12, 31))
    return DateRange(first, date(year, month + 1, 1) - ONE_DAY)


def iso_week(day: date) -> tuple[int, int]:
    """The ISO year and week number of ``day``.

    >>> from datetime import date
    >>> from teleaccord import iso_week
    >>> iso_week(date(2024, 12, 30))
    (2025, 1)
    """
    iso = day.isocalendar()
    return (iso[0], iso[1])


def week_range(day: date) -> DateRange:
    """The ISO week (Monday to Sunday) containing ``day``.

    >>> from datetime import date
    >>> from teleaccord import week_range
    >>> str(week_range(date(2024, 3, 7)))
    '2024-03-04..2024-03-10'
    """
    monday = day - timedelta(days=day.weekday())
    return DateRange(monday, monday + timedelta(days=6))
