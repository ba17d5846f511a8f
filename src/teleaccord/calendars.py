"""Calendars: public holidays, company closures, worked holidays, and fast working-day counts.

A :class:`Calendar` knows which days are public holidays (from the ``holidays`` package, for a
country and subdivision), which are company closures, and which holidays are worked anyway (the
solidarity day). Combined with a :class:`~teleaccord.pattern.WorkPattern` it tells the working
days of one employee.

Counting never loops over days: the first time a (pattern, year) pair is used, the calendar
builds a cumulative table of that year, and every count afterwards is two look-ups per year.
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs
import holidays as holidays_package

from teleaccord.dates import MAX_YEAR, MIN_YEAR, DateRange, days_of, parse_date
from teleaccord.errors import InvalidValue
from teleaccord.pattern import STANDARD_WEEK, WorkPattern

__all__ = ["Calendar", "Holiday"]

log = logging.getLogger(__name__)

HOLIDAYS_VERSION: str = str(getattr(holidays_package, "__version__", "unknown"))
"""The version of the ``holidays`` package whose dates this installation uses."""

_MIN_YEAR = MIN_YEAR
_MAX_YEAR = MAX_YEAR

# The hot path of the counts reads two dicts by date (a date caches its hash, so a look-up
# costs no call). For each day of a year whose tables are built, ``upto[day]`` and
# ``before[day]`` hold the working days and worked half-days from 1 January through that day
# (``upto``) or before it (``before``), packed in one int with the year:
# ``year << _YEAR_SHIFT | half_days << _HALVES_SHIFT | days``. A range of at most two years
# holds at most 731 days (10 bits) and 1 462 half-days (11 bits). ``upto[end] - before[start]``
# of a range within one year is at most 732 * 2**10 + 366 < 2**20; into the next year it is
# 2**22 give or take that, between 2**20 and 6 * 2**20 (adding the first year's total,
# ``totals[year]``, and taking 2**22 away gives the range's counts); over three years or more
# it is above 7 * 2**20. A range whose end comes first gives at most 0.
_HALVES_SHIFT = 10
_DAYS_MASK = (1 << _HALVES_SHIFT) - 1
_YEAR_SHIFT = 22
_SAME_YEAR = 1 << 20
_NEXT_YEAR = 6 << 20
_MARKED_PATTERNS = 64
"""The patterns (per calendar) whose years get marks; others are counted from the tables."""
_HALF_DAYS = tuple(Fraction(k, 2) for k in range(2 * 2 * 366 + 1))
"""``Fraction(k, 2)`` made once: building a Fraction costs more than the rest of a count."""


@attrs.frozen
class Holiday:
    """A public holiday (or an extra local one) on a date, and whether it is worked.

    >>> from datetime import date
    >>> from teleaccord import Holiday
    >>> Holiday(date(2024, 5, 20), "Pentecost Monday", worked=True)
    Holiday(day=datetime.date(2024, 5, 20), name='Pentecost Monday', worked=True)
    """

    day: date
    name: str
    worked: bool = False


_HOLIDAY_CACHE: dict[tuple[str, str | None, int, str], Mapping[date, str]] = {}

_LANGUAGES = {"en": "en_US", "fr": "fr"}
"""Our language codes (``--lang``) to the ``holidays`` package's."""


def _public_holidays(
    country: str, subdivision: str | None, year: int, language: str = "en"
) -> Mapping[date, str]:
    """The holidays of a year, read once from the ``holidays`` package and frozen.

    ``language`` is ``"en"`` (the names the library matches) or ``"fr"``; a country whose
    ``holidays`` class has no such translation keeps its English names.
    """
    wanted = _LANGUAGES.get(language, language)
    key = (country, subdivision, year, wanted)
    found = _HOLIDAY_CACHE.get(key)
    if found is None:
        cls = holidays_package.country_holidays(country).__class__
        first, last = getattr(cls, "start_year", MIN_YEAR), getattr(cls, "end_year", MAX_YEAR)
        if not first <= year <= last:
            # Outside them the package answers with no holiday at all: every holiday of the
            # year would count as a working day.
            msg = (
                f"year: {year} is outside the years whose public holidays are known for "
                f"{country} ({first}-{last})."
            )
            raise InvalidValue(msg, field="year", code="year_out_of_range")
        supported = tuple(getattr(cls, "supported_languages", ()))
        if wanted != "en_US" and wanted not in supported:
            found = _public_holidays(country, subdivision, year, "en")
        else:
            table = holidays_package.country_holidays(
                country, subdiv=subdivision, years=year, language=wanted
            )
            found = {d: str(name) for d, name in sorted(table.items()) if d.year == year}
        _HOLIDAY_CACHE[key] = found
    return found


_NAME_YEARS = range(1990, 2101)
"""The years whose holiday names a calendar accepts in ``worked_holiday_names``."""


def _name_key(name: str) -> str:
    """A holiday name as names are matched: case, spaces and hyphens aside (HR writes
    ``Saint-Étienne`` and ``saint étienne`` alike; the ``holidays`` package has written both)."""
    return " ".join(name.replace("-", " ").split()).casefold()


@functools.lru_cache(maxsize=64)
def _known_names(country: str, subdivision: str | None) -> dict[str, str]:
    """Every holiday name of the region over 1990-2100, folded, to its English name: English
    names, and French ones where the package translates them (read once per region)."""
    found: dict[str, str] = {}
    english = holidays_package.country_holidays(
        country, subdiv=subdivision, years=_NAME_YEARS, language="en_US"
    )
    cls = english.__class__
    by_day = {d: str(n) for d, n in english.items()}
    for name in by_day.values():
        for part in name.split(";"):
            found[_name_key(part)] = part.strip()
    if "fr" in tuple(getattr(cls, "supported_languages", ())):
        french = holidays_package.country_holidays(
            country, subdiv=subdivision, years=_NAME_YEARS, language="fr"
        )
        for day, name in french.items():
            fr_parts = [p.strip() for p in str(name).split(";")]
            en_parts = [p.strip() for p in by_day.get(day, "").split(";")]
            if len(fr_parts) == len(en_parts):
                for fr_name, en_name in zip(fr_parts, en_parts, strict=True):
                    found.setdefault(_name_key(fr_name), en_name)
    return found


_SUBDIVISION_ALIASES = {
    # Alsace-Moselle is three departments: the holidays package has "57" (Moselle) and "6AE"
    # (Alsace: Bas-Rhin 67 and Haut-Rhin 68).
    ("FR", "67"): "6AE",
    ("FR", "68"): "6AE",
    ("FR", "bas-rhin"): "6AE",
    ("FR", "haut-rhin"): "6AE",
}


def _normalise_region(country: str, subdivision: str | None) -> tuple[str, str | None]:
    if not isinstance(country, str) or not (subdivision is None or isinstance(subdivision, str)):
        return _find_region(country, subdivision)
    return _cached_region(country, subdivision)


@functools.lru_cache(maxsize=256)
def _cached_region(country: str, subdivision: str | None) -> tuple[str, str | None]:
    # Asking the holidays package which subdivisions exist costs milliseconds: once per input.
    return _find_region(country, subdivision)


def _find_region(country: Any, subdivision: Any) -> tuple[str, str | None]:
    if not isinstance(country, str):
        msg = f"country: expected an ISO country code such as 'FR', got {country!r}."
        raise InvalidValue(msg, field="country", code="unknown_country")
    country = country.strip().upper()
    try:
        cls = holidays_package.country_holidays(country).__class__
    except NotImplementedError:
        msg = f"country: no public holidays are known for country {country!r}; use an ISO code such as 'FR'."
        raise InvalidValue(msg, field="country", code="unknown_country") from None
    if subdivision is None or subdivision == "":
        return country, None
    sub = str(subdivision).strip()
    sub = _SUBDIVISION_ALIASES.get((country, sub.casefold()), sub)
    known = tuple(getattr(cls, "subdivisions", ()))
    aliases: dict[str, str] = dict(getattr(cls, "subdivisions_aliases", {}) or {})
    for code in known:
        if code.casefold() == sub.casefold():
            return country, code
    for alias, code in aliases.items():
        if alias.casefold() == sub.casefold():
            return country, code
    shown = ", ".join(known[:20])
    msg = f"subdivision: {sub!r} is not a subdivision of {country}; known: {shown}."
    raise InvalidValue(msg, field="subdivision", code="unknown_subdivision")


def _date_set(value: Iterable[Any], field: str) -> frozenset[date]:
    return days_of(value, field=field)


def _closures(value: Iterable[Any]) -> frozenset[date]:
    return _date_set(value, "closures")


def _worked_holidays(value: Iterable[Any]) -> frozenset[date]:
    return _date_set(value, "worked_holidays")


def _names(value: str | Iterable[str]) -> frozenset[str]:
    # A single name is one name, not the set of its letters.
    names = (value,) if isinstance(value, str) else tuple(value)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            msg = f"worked_holiday_names: expected holiday names such as 'Pentecost Monday', got {name!r}."
            raise InvalidValue(msg, field="worked_holiday_names", code="invalid_holiday_name")
    return frozenset(name.strip() for name in names)


def _extra_holidays(
    value: Mapping[Any, str] | Iterable[tuple[Any, str]],
) -> tuple[tuple[date, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((parse_date(d, field="extra_holidays"), str(n)) for d, n in items))


@attrs.frozen(cache_hash=True)
class Calendar:
    """The days off of an organisation: public holidays, closures and worked holidays.

    Args:
        country: ISO country code (default ``"FR"``).
        subdivision: a subdivision code or alias the ``holidays`` package knows: ``"57"``
            (Moselle) or ``"6AE"`` (Alsace) for Alsace-Moselle (``"67"``, ``"68"``,
            ``"Bas-Rhin"`` and ``"Haut-Rhin"`` are read as ``"6AE"``), ``"974"`` for La
            Réunion...
        closures: company closure days (dates or :class:`~teleaccord.dates.DateRange`).
        extra_holidays: local holidays, as ``{date: name}``.
        worked_holidays: holiday dates that are worked anyway (a solidarity day).
        worked_holiday_names: holidays worked every year, by English name
            (``"Pentecost Monday"``) or French name where the ``holidays`` package translates
            them (``"Lundi de Pentecôte"``); a name the region never has is an error
            (``unknown_holiday``) that lists the names it knows.

    Without a pattern, the working days are Monday to Friday, minus holidays (unless worked)
    and closures.

    >>> from datetime import date
    >>> from teleaccord import Calendar, DateRange
    >>> cal = Calendar(subdivision="Moselle")
    >>> cal.subdivision
    '57'
    >>> cal.count_working_days(DateRange(date(2024, 1, 1), date(2024, 12, 31)))
    250
    >>> [h.name for h in cal.holidays(DateRange(date(2024, 12, 24), date(2024, 12, 31)))]
    ['Christmas Day', "Saint Stephen's Day"]
    """

    country: str = "FR"
    subdivision: str | None = None
    closures: frozenset[date] = attrs.field(default=frozenset(), converter=_closures)
    extra_holidays: tuple[tuple[date, str], ...] = attrs.field(
        default=(), converter=_extra_holidays
    )
    worked_holidays: frozenset[date] = attrs.field(default=frozenset(), converter=_worked_holidays)
    worked_holiday_names: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    # Caches, filled on first use and never part of the value (equality, hash, repr).
    _years: dict[int, dict[date, Holiday]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )
    _tables: dict[tuple[WorkPattern, int], tuple[list[int], list[int]]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )
    _read_once: set[tuple[WorkPattern | None, int]] = attrs.field(
        init=False, factory=set, eq=False, hash=False, repr=False
    )
    _marks: dict[WorkPattern | None, tuple[dict[date, int], dict[date, int], dict[int, int]]] = (
        attrs.field(init=False, factory=dict, eq=False, hash=False, repr=False)
    )

    def __attrs_post_init__(self) -> None:
        country, sub = _normalise_region(self.country, self.subdivision)
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "subdivision", sub)
        if self.worked_holiday_names:
            known = dict(_known_names(country, sub))
            known.update((_name_key(name), name.strip()) for _, name in self.extra_holidays)
            unknown = sorted(n for n in self.worked_holiday_names if _name_key(n) not in known)
            if unknown:
                listed = ", ".join(sorted(set(_known_names(country, sub).values())))
                region = country + (f"-{sub}" if sub else "")
                msg = (
                    f"worked_holiday_names: {', '.join(repr(n) for n in unknown)} "
                    f"{'is not a holiday' if len(unknown) == 1 else 'are not holidays'} of "
                    f"{region} in any year from {_NAME_YEARS[0]} to {_NAME_YEARS[-1]}; "
                    f"the holidays are: {listed}."
                )
                raise InvalidValue(
                    msg,
                    field="worked_holiday_names",
                    code="unknown_holiday",
                    params={"names": unknown, "known": sorted(set(known.values()))},
                )

    @property
    def source(self) -> str:
        """Where the holiday dates come from, to freeze in explanations.

        >>> from teleaccord import Calendar
        >>> Calendar().source.startswith("holidays ")
        True
        """
        region = self.country + (f"-{self.subdivision}" if self.subdivision else "")
        return f"holidays {HOLIDAYS_VERSION} ({region})"

    # -- holidays -------------------------------------------------------------------------

    def _year_holidays(self, year: int) -> dict[date, Holiday]:
        """The holidays of ``year`` by date (read once per calendar and year; do not mutate)."""
        found = self._years.get(year)
        if found is not None:
            return found
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            msg = f"year: {year} is outside the years a calendar covers ({_MIN_YEAR}-{_MAX_YEAR})."
            raise InvalidValue(msg, field="year", code="year_out_of_range")
        found = {}
        for day, name in _public_holidays(self.country, self.subdivision, year).items():
            found[day] = Holiday(day, name, self._is_worked(day, name))
        for day, name in self.extra_holidays:
            if day.year == year:
                previous = found.get(day)
                full = f"{previous.name}; {name}" if previous else name
                found[day] = Holiday(day, full, self._is_worked(day, full))
        self._years[year] = found
        return found

    def _is_worked(self, day: date, name: str) -> bool:
        if day in self.worked_holidays:
            return True
        if not self.worked_holiday_names:
            return False
        known = _known_names(self.country, self.subdivision)
        wanted = {_name_key(known.get(_name_key(n), n)) for n in self.worked_holiday_names}
        return any(_name_key(part) in wanted for part in name.split(";"))

    def holidays(self, period: DateRange, *, language: str = "en") -> tuple[Holiday, ...]:
        """The holidays in ``period``, in date order, worked ones included (marked).

        ``language="fr"`` names them in French where the ``holidays`` package translates the
        country's names (France does); extra holidays keep the names they were given.

        >>> from datetime import date
        >>> from teleaccord import Calendar, DateRange
        >>> cal = Calendar(worked_holiday_names={"Pentecost Monday"})
        >>> [(str(h.day), h.worked) for h in cal.holidays(DateRange(date(2024, 5, 19), date(2024, 5, 21)))]
        [('2024-05-20', True)]
        >>> [h.name for h in cal.holidays(DateRange(date(2024, 5, 19), date(2024, 5, 21)), language="fr")]
        ['Lundi de Pentecôte']
        """
        result: list[Holiday] = []
        for part in period.split_by_year():
            table = self._year_holidays(part.start.year)
            result.extend(self._named(table[d], language) for d in sorted(table) if d in part)
        return tuple(result)

    def _named(self, holiday: Holiday, language: str) -> Holiday:
        if language == "en":
            return holiday
        names = _public_holidays(self.country, self.subdivision, holiday.day.year, language)
        public = names.get(holiday.day)
        extras = [n for d, n in self.extra_holidays if d == holiday.day]
        parts = ([public] if public else []) + extras
        return Holiday(holiday.day, "; ".join(parts) or holiday.name, holiday.worked)

    def holiday(self, day: date, *, language: str = "en") -> Holiday | None:
        """The holiday on ``day``, or ``None`` (named in ``language``, ``"en"`` or ``"fr"``)."""
        found = self._year_holidays(day.year).get(day)
        return None if found is None else self._named(found, language)

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public or extra holiday (worked or not)."""
        return day in self._year_holidays(day.year)

    def is_closed(self, day: date) -> bool:
        """Whether ``day`` is a company closure day."""
        return day in self.closures

    # -- working days ---------------------------------------------------------------------

    def worked_mask(self, day: date, pattern: WorkPattern | None = None) -> int:
        """The half-days worked on ``day`` under ``pattern`` (0 none, 1 am, 2 pm, 3 both).

        A closure is never worked; a holiday is worked only when the calendar marks it worked
        or the pattern works holidays.
        """
        pat = pattern or STANDARD_WEEK
        mask = pat.mask_on(day)
        if not mask or day in self.closures:
            return 0
        holiday = self._year_holidays(day.year).get(day)
        if holiday is not None and not holiday.worked and not pat.works_holidays:
            return 0
        return mask

    def is_working_day(self, day: date, pattern: WorkPattern | None = None) -> bool:
        """Whether any half-day of ``day`` is worked under ``pattern`` (default Monday-Friday).

        >>> from datetime import date
        >>> from teleaccord import Calendar
        >>> cal = Calendar()
        >>> cal.is_working_day(date(2024, 5, 1)), cal.is_working_day(date(2024, 5, 2))
        (False, True)
        """
        return self.worked_mask(day, pattern) != 0

    def _table(self, pattern: WorkPattern, year: int) -> tuple[list[int], list[int]]:
        """Cumulative (working days, worked half-days) before each day of ``year``.

        ``table[k]`` counts the first ``k`` days of the year, so a range of days
        ``i..j`` (0-based, inclusive) counts ``table[j + 1] - table[i]``.
        """
        key = (pattern, year)
        table = self._tables.get(key)
        if table is None:
            first = date(year, 1, 1)
            length = date(year, 12, 31).toordinal() - first.toordinal() + 1
            masks = _pattern_masks(pattern, first, length)
            off: set[date] = {d for d in self.closures if d.year == year}
            if not pattern.works_holidays:
                holidays = self._year_holidays(year)
                off.update(d for d, h in holidays.items() if not h.worked)
            else:
                self._year_holidays(year)  # checks the year is covered
            for day in off:
                masks[day.toordinal() - first.toordinal()] = 0
            days = [0]
            halves = [0]
            d_total = h_total = 0
            for mask in masks:
                if mask:
                    d_total += 1
                    h_total += 2 if mask == 3 else 1
                days.append(d_total)
                halves.append(h_total)
            table = (days, halves)
            self._tables[key] = table
            log.debug("built working-day table for %s, %s", year, pattern)
        return table

    def _counts(self, period: object, pattern: WorkPattern | None) -> tuple[int, int]:
        """(working days, worked half-days) of ``period``: the tables' way, any number of
        years; a year read a second time is registered for the hot path (for at most
        :data:`_MARKED_PATTERNS` patterns: the marks take about 40 kB a year)."""
        start, end = _pair(period)
        pat = pattern or STANDARD_WEEK
        days = halves = 0
        for year in range(start.year, end.year + 1):
            d_tab, h_tab = self._table(pat, year)
            jan1 = date(year, 1, 1).toordinal()
            first = start.toordinal() - jan1 if year == start.year else 0
            last = end.toordinal() - jan1 + 1 if year == end.year else len(d_tab) - 1
            days += d_tab[last] - d_tab[first]
            halves += h_tab[last] - h_tab[first]
            key = (pattern, year)
            if key not in self._read_once:
                self._read_once.add(key)  # a one-off count never pays for the marks
            elif pattern in self._marks or len(self._marks) < _MARKED_PATTERNS:
                self._mark(pattern, year, d_tab, h_tab)
        return days, halves

    def _mark(
        self, pattern: WorkPattern | None, year: int, d_tab: list[int], h_tab: list[int]
    ) -> None:
        """Register ``year``'s tables in the by-date marks the hot path reads (see
        :data:`_YEAR_SHIFT`), under ``pattern`` as the caller gave it (``None`` included)."""
        marks = self._marks.get(pattern)
        if marks is None:
            marks = self._marks[pattern] = ({}, {}, {})
        upto, before, totals = marks
        first = date(year, 1, 1)
        if first in upto:
            return
        base = year << _YEAR_SHIFT
        values = [base + (h << _HALVES_SHIFT) + d for d, h in zip(d_tab, h_tab, strict=True)]
        ordinal = first.toordinal()
        for k in range(len(d_tab) - 1):
            day = date.fromordinal(ordinal + k)
            before[day] = values[k]
            upto[day] = values[k + 1]
        totals[year] = values[-1] - base

    def count_working_days(
        self, period: DateRange | tuple[date, date], pattern: WorkPattern | None = None
    ) -> int:
        """The number of days in ``period`` with at least one half-day worked, in O(1) per year.

        ``period`` is a :class:`~teleaccord.dates.DateRange` or a pair of dates
        ``(start, end)``, both included (ISO texts are read as dates). Each (pattern, year)
        builds its cumulative table once; afterwards a call within one year is two look-ups.

        Raises:
            InvalidValue: ``invalid_period`` if ``period`` is neither; the errors of
                :class:`~teleaccord.dates.DateRange` for a pair that is not a range.

        >>> from datetime import date
        >>> from teleaccord import Calendar, DateRange
        >>> Calendar().count_working_days(DateRange(date(2024, 5, 1), date(2024, 5, 31)))
        19
        >>> Calendar().count_working_days((date(2024, 5, 1), date(2024, 5, 31)))
        19
        """
        # The hot path: two look-ups by date, no DateRange, no call. Whatever it cannot
        # answer (a first use, several years, no working day, anything to check) goes to
        # _counts, which checks the period as a DateRange does.
        try:
            if period.__class__ is tuple:
                start, end = period
            elif period.__class__ is DateRange:
                start, end = period.start, period.end
            else:
                raise TypeError  # any other period: _counts checks it
            upto, before, totals = self._marks[pattern]
            found = upto[end] - before[start]
            if _SAME_YEAR < found < _NEXT_YEAR:  # into the next year: add the first's total
                found += totals[start.year] - (1 << _YEAR_SHIFT)
                return found & _DAYS_MASK
        except (KeyError, TypeError, ValueError):
            found = 0
        if 0 < found < _SAME_YEAR:
            return found & _DAYS_MASK
        return self._counts(period, pattern)[0]

    def worked_amount(
        self, period: DateRange | tuple[date, date], pattern: WorkPattern | None = None
    ) -> Fraction:
        """The days worked in ``period``, a half-day counting 1/2, in O(1) per year.

        ``period`` is a :class:`~teleaccord.dates.DateRange` or a pair of dates, as for
        :meth:`count_working_days`.

        >>> from datetime import date
        >>> from teleaccord import Calendar, DateRange, WorkPattern
        >>> p = WorkPattern.parse("Mo Tu We:am Th Fr")
        >>> Calendar().worked_amount(DateRange(date(2024, 3, 4), date(2024, 3, 10)), p)
        Fraction(9, 2)
        >>> Calendar().worked_amount((date(2024, 3, 4), date(2024, 3, 10)), p)
        Fraction(9, 2)
        """
        try:
            if period.__class__ is tuple:
                start, end = period
            elif period.__class__ is DateRange:
                start, end = period.start, period.end
            else:
                raise TypeError
            upto, before, totals = self._marks[pattern]
            found = upto[end] - before[start]
            if _SAME_YEAR < found < _NEXT_YEAR:  # into the next year: add the first's total
                found += totals[start.year] - (1 << _YEAR_SHIFT)
                return _HALF_DAYS[found >> _HALVES_SHIFT]
        except (KeyError, TypeError, ValueError):
            found = 0
        if 0 < found < _SAME_YEAR:
            return _HALF_DAYS[found >> _HALVES_SHIFT]
        return Fraction(self._counts(period, pattern)[1], 2)

    def working_days(self, period: DateRange, pattern: WorkPattern | None = None) -> Iterator[date]:
        """Iterate over the working days of ``period``, in order.

        >>> from datetime import date
        >>> from teleaccord import Calendar, DateRange
        >>> [d.day for d in Calendar().working_days(DateRange(date(2024, 5, 6), date(2024, 5, 12)))]
        [6, 7, 10]
        """
        for day in period:
            if self.worked_mask(day, pattern):
                yield day

    def add_working_days(self, day: date, count: int, pattern: WorkPattern | None = None) -> date:
        """The working day ``count`` working days after ``day`` (before it when negative).

        ``count == 0`` returns ``day`` itself. Use it for notice periods: a request for a day
        ``D`` with 5 working days' notice must be made on or before
        ``add_working_days(D, -5)``.

        Raises:
            InvalidValue: if the pattern has no working day at all.

        >>> from datetime import date
        >>> from teleaccord import Calendar
        >>> Calendar().add_working_days(date(2024, 5, 7), 1)  # over 8 and 9 May, holidays
        datetime.date(2024, 5, 10)
        >>> Calendar().add_working_days(date(2024, 5, 10), -1)
        datetime.date(2024, 5, 7)
        """
        if count == 0:
            return day
        pat = pattern or STANDARD_WEEK
        if pat.half_days_per_cycle == 0:
            msg = "pattern: the pattern has no working day, so no working day can be counted."
            raise InvalidValue(msg, field="pattern", code="empty_pattern")
        step = 1 if count > 0 else -1
        remaining = abs(count)
        year = day.year
        d_tab, _ = self._table(pat, year)
        index = day.toordinal() - date(year, 1, 1).toordinal() + 1  # table index just after `day`
        while True:
            if step > 0:
                target = d_tab[index] + remaining
                if target <= d_tab[-1]:
                    pos = bisect.bisect_left(d_tab, target)
                    return date(year, 1, 1) + timedelta(days=pos - 1)
                remaining = target - d_tab[-1]
                year += 1
                d_tab, _ = self._table(pat, year)
                index = 0
            else:
                before = d_tab[index - 1]  # working days strictly before `day`
                if remaining <= before:
                    target = before - remaining + 1
                    pos = bisect.bisect_left(d_tab, target)
                    return date(year, 1, 1) + timedelta(days=pos - 1)
                remaining -= before
                year -= 1
                d_tab, _ = self._table(pat, year)
                index = len(d_tab)


def _pair(period: object) -> tuple[date, date]:
    """The (start, end) of a period given as a range or a pair, checked as a DateRange is."""
    if isinstance(period, DateRange):
        return period.start, period.end
    if isinstance(period, tuple) and len(period) == 2:
        checked = DateRange(period[0], period[1])
        return checked.start, checked.end
    msg = f"period: expected a DateRange or a pair of dates (start, end), got {period!r}."
    raise InvalidValue(msg, field="period", code="invalid_period")


def _pattern_masks(pattern: WorkPattern, first: date, length: int) -> list[int]:
    """The pattern's day masks for ``length`` days from ``first`` (holidays aside)."""
    weekday = first.weekday()
    if len(pattern.weeks) == 1:
        week = pattern.weeks[0]
        return [week[(weekday + n) % 7] for n in range(length)]
    # A cycle: the same arithmetic as WorkPattern.mask_on, without a date per day.
    assert pattern.anchor is not None
    weeks, cycle = pattern.weeks, pattern.cycle_days
    offset = (first - pattern.anchor).days
    return [weeks[(offset + n) % cycle // 7][(weekday + n) % 7] for n in range(length)]
