"""Work patterns: which half-days of which days an employee works.

A :class:`WorkPattern` says *which* days (and half-days) can be worked and booked. It does not
prorate: the contract's work fraction does (see the design decisions). A pattern's own
:attr:`~WorkPattern.fraction` is there for contracts that give only a pattern.

Patterns are written as short text, one week after another separated by ``/``, days as
two-letter English abbreviations (French names and abbreviations are read too: ``Lu Ma Je Ve``,
``lun. mar.``, ``jeudi``), separated by spaces, ``,`` or ``;``, optionally followed by ``:am``
or ``:pm`` (``:matin``, ``:après-midi``) for a half-day::

    Mo Tu We Th Fr              full time, Monday to Friday
    Mo Tu Th Fr                 80 % with Wednesday off
    Mo Tu We Th:am Fr           90 % with Thursday afternoon off
    Mo Tu / We Th Fr Sa Su      a two-week rotating cycle (needs an anchor date)
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.dates import parse_date
from teleaccord.errors import InvalidValue
from teleaccord.validators import boolean

__all__ = ["WEEKDAY_NAMES", "HalfDay", "WorkPattern"]

WEEKDAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_LONG_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FRENCH_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_FRENCH_SHORT = ("lu", "ma", "me", "je", "ve", "sa", "di")

# Every name a weekday is read from, lower case: the name and its first three letters.
# No key is claimed by two days (Sa is Saturday and samedi alike).
_WEEKDAY_KEYS: dict[str, int] = {
    key: i
    for i, names in enumerate(
        zip(WEEKDAY_NAMES, _LONG_NAMES, _FRENCH_NAMES, _FRENCH_SHORT, strict=True)
    )
    for name in names
    for key in (name.lower(), name[:3].lower())
}

MORNING = 1
AFTERNOON = 2
FULL = MORNING | AFTERNOON


class HalfDay(str, enum.Enum):
    """A half-day: the morning or the afternoon."""

    MORNING = "am"
    AFTERNOON = "pm"

    @property
    def mask(self) -> int:
        """The bit of this half-day in a day mask (1 morning, 2 afternoon)."""
        return MORNING if self is HalfDay.MORNING else AFTERNOON


def parse_weekday(token: str, field: str) -> int:
    """The weekday number (Monday 0) of a name such as ``Mo``, ``monday`` or ``Mon``, or a
    French one: ``lundi``, ``lun.``, ``Lu`` (case and a final dot aside).

    Raises:
        InvalidValue: ``field`` names the input at fault when the token is no weekday.

    >>> from teleaccord.pattern import parse_weekday
    >>> parse_weekday("Th", "pattern"), parse_weekday("jeu.", "pattern")
    (3, 3)
    """
    key = token.strip().lower().removesuffix(".")
    found = _WEEKDAY_KEYS.get(key)
    if found is not None:
        return found
    msg = f"{field}: unknown weekday {token!r}; use Mo Tu We Th Fr Sa Su."
    raise InvalidValue(msg, field=field, code="invalid_weekday")


def weekday_number(value: Any, field: str, example: str = "Mo") -> int:
    """A weekday given as its number, 0 (Monday) to 6 (Sunday), or as a name that
    :func:`parse_weekday` reads.

    Raises:
        InvalidValue: ``invalid_weekday`` at ``field``; the message names ``example``.

    >>> from teleaccord.pattern import weekday_number
    >>> weekday_number(2, "weekdays"), weekday_number("jeudi", "weekdays")
    (2, 3)
    """
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    if isinstance(value, str):
        with contextlib.suppress(InvalidValue):
            return parse_weekday(value, field)
    msg = (
        f"{field}: expected 0 (Monday) to 6 (Sunday) or a name such as {example!r}, got {value!r}."
    )
    raise InvalidValue(msg, field=field, code="invalid_weekday")


def _weekday_index(value: int | str) -> int:
    if isinstance(value, bool) or (isinstance(value, int) and not 0 <= value <= 6):
        msg = f"pattern: a weekday number is 0 (Monday) to 6 (Sunday), got {value!r}."
        raise InvalidValue(msg, field="pattern", code="invalid_weekday")
    return value if isinstance(value, int) else parse_weekday(value, "pattern")


_FRENCH_HALVES = {
    "matin": "am",
    "apres-midi": "pm",
    "après-midi": "pm",
    "apres_midi": "pm",
    "aprem": "pm",
}


def _half_day(value: HalfDay | str, token: str) -> HalfDay:
    if isinstance(value, str):
        value = value.lower()
        value = _FRENCH_HALVES.get(value, value)
    try:
        return HalfDay(value)
    except ValueError:
        msg = f"pattern: unknown half-day {value!r} in {token!r}; use am or pm."
        raise InvalidValue(msg, field="pattern", code="invalid_half_day") from None


def _convert_weeks(value: Any) -> tuple[tuple[int, ...], ...]:
    if isinstance(value, str):
        msg = (
            f"pattern: weeks are tuples of 7 day masks; to read text such as {value!r} use "
            "WorkPattern.parse."
        )
        raise InvalidValue(msg, field="pattern", code="invalid_pattern")
    try:
        return tuple(tuple(_day_mask(m) for m in week) for week in value)
    except TypeError:
        msg = (
            f"pattern: expected one tuple of 7 day masks per week, such as "
            f"((3, 3, 3, 3, 3, 0, 0),), got {value!r}."
        )
        raise InvalidValue(msg, field="pattern", code="invalid_pattern") from None


def _day_mask(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"pattern: a day mask is an integer 0-3, got {value!r}."
        raise InvalidValue(msg, field="pattern", code="invalid_pattern")
    return value


MAX_CYCLE_WEEKS = 104
"""The longest rotating cycle, in weeks (two years)."""


def _cycle_too_long(weeks: int) -> InvalidValue:
    msg = f"pattern: a cycle of {weeks} weeks is too long; at most {MAX_CYCLE_WEEKS} weeks."
    return InvalidValue(msg, field="pattern", code="invalid_pattern")


def _check_weeks(
    instance: WorkPattern, attribute: attrs.Attribute[Any], value: tuple[tuple[int, ...], ...]
) -> None:
    if not value:
        msg = "pattern: a work pattern needs at least one week."
        raise InvalidValue(msg, field="pattern", code="empty_pattern")
    if len(value) > MAX_CYCLE_WEEKS:
        raise _cycle_too_long(len(value))
    for n, week in enumerate(value):
        if len(week) != 7 or any(m not in (0, 1, 2, 3) for m in week):
            msg = (
                f"pattern: week {n + 1} must give 7 day masks (0 off, 1 morning, 2 afternoon, "
                f"3 whole day), got {week!r}."
            )
            raise InvalidValue(msg, field="pattern", code="invalid_pattern")


def _check_anchor(
    instance: WorkPattern, attribute: attrs.Attribute[Any], value: date | None
) -> None:
    if len(instance.weeks) > 1 and value is None:
        msg = (
            f"pattern.anchor: a rotating cycle of {len(instance.weeks)} weeks needs an anchor "
            "date, the first day of its first week."
        )
        raise InvalidValue(msg, field="pattern.anchor", code="missing_anchor")


def _optional_date(value: Any) -> date | None:
    return None if value is None else parse_date(value, field="pattern.anchor")


@attrs.frozen(cache_hash=True)
class WorkPattern:
    """The half-days an employee works, week after week, possibly as a rotating cycle.

    Args:
        weeks: one tuple of 7 day masks per week of the cycle (Monday first): 0 off, 1 morning,
            2 afternoon, 3 whole day.
        anchor: the first day of the cycle's first week (any weekday); required for cycles of
            more than one week.
        works_holidays: whether the employee works public holidays that fall on their days
            (a 24/7 service); otherwise holidays are days off.

    >>> from datetime import date
    >>> from teleaccord import WorkPattern
    >>> p = WorkPattern.parse("Mo Tu Th Fr")
    >>> p.fraction, str(p)
    (Fraction(4, 5), 'Mo Tu Th Fr')
    >>> p.works_on(date(2024, 3, 6))  # a Wednesday
    False
    >>> WorkPattern.parse("Mo Tu We Th:am Fr").fraction
    Fraction(9, 10)
    """

    weeks: tuple[tuple[int, ...], ...] = attrs.field(
        converter=_convert_weeks, validator=_check_weeks
    )
    anchor: date | None = attrs.field(
        default=None, converter=_optional_date, validator=_check_anchor, kw_only=True
    )
    works_holidays: bool = attrs.field(
        default=False, kw_only=True, validator=boolean(field="pattern.works_holidays")
    )

    @classmethod
    def full_time(cls) -> WorkPattern:
        """Monday to Friday, whole days.

        >>> from teleaccord import WorkPattern
        >>> str(WorkPattern.full_time())
        'Mo Tu We Th Fr'
        """
        return cls(((3, 3, 3, 3, 3, 0, 0),))

    @classmethod
    def from_weekdays(
        cls,
        days: Iterable[int | str],
        *,
        half_days: Mapping[int | str, HalfDay | str] | None = None,
        works_holidays: bool = False,
    ) -> WorkPattern:
        """A one-week pattern from the weekdays worked (0 or ``"Mo"`` for Monday).

        Args:
            days: the weekdays worked in full.
            half_days: weekdays worked for a half-day only, with which half.

        >>> from teleaccord import WorkPattern
        >>> str(WorkPattern.from_weekdays(["Mo", "Tu", "Th"], half_days={"Fr": "am"}))
        'Mo Tu Th Fr:am'
        """
        week = [0] * 7
        for d in days:
            week[_weekday_index(d)] = FULL
        for d, half in (half_days or {}).items():
            week[_weekday_index(d)] = _half_day(half, str(half)).mask
        return cls((tuple(week),), works_holidays=works_holidays)

    @classmethod
    def parse(
        cls, text: str, *, anchor: date | str | None = None, works_holidays: bool = False
    ) -> WorkPattern:
        """Read a pattern from its text form (see the module documentation).

        Raises:
            InvalidValue: naming the token at fault.

        >>> from datetime import date
        >>> from teleaccord import WorkPattern
        >>> cycle = WorkPattern.parse("Mo Tu / We Th Fr Sa Su", anchor=date(2024, 1, 1))
        >>> cycle.fraction, cycle.cycle_days
        (Fraction(7, 10), 14)
        >>> WorkPattern.parse("Mo Xx")
        Traceback (most recent call last):
        ...
        teleaccord.errors.InvalidValue: pattern: unknown weekday 'Xx'; use Mo Tu We Th Fr Sa Su.
        """
        if text.count("/") >= MAX_CYCLE_WEEKS:
            raise _cycle_too_long(text.count("/") + 1)
        weeks: list[tuple[int, ...]] = []
        for chunk in text.split("/"):
            week = [0] * 7
            for token in chunk.replace(",", " ").replace(";", " ").split():
                name, _, half = token.partition(":")
                idx = parse_weekday(name, "pattern")
                if half:
                    week[idx] |= _half_day(half, token).mask
                else:
                    week[idx] = FULL
            weeks.append(tuple(week))
        return cls(tuple(weeks), anchor=anchor, works_holidays=works_holidays)

    @property
    def cycle_days(self) -> int:
        """The length of the cycle in days (7 for a weekly pattern)."""
        return 7 * len(self.weeks)

    @property
    def half_days_per_cycle(self) -> int:
        """The number of half-days worked in one cycle."""
        return sum(bin(m).count("1") for week in self.weeks for m in week)

    @property
    def fraction(self) -> Fraction:
        """The pattern's own work fraction: half-days worked per week over 10 (five whole days).

        >>> from teleaccord import WorkPattern
        >>> WorkPattern.full_time().fraction
        Fraction(1, 1)
        """
        return Fraction(self.half_days_per_cycle, 10 * len(self.weeks))

    def mask_on(self, day: date) -> int:
        """The half-days worked on ``day`` as a mask (0 off, 1 morning, 2 afternoon, 3 both),
        ignoring holidays (the calendar decides those)."""
        if len(self.weeks) == 1:
            return self.weeks[0][day.weekday()]
        assert self.anchor is not None
        offset = (day - self.anchor).days % self.cycle_days
        week = self.weeks[offset // 7]
        return week[day.weekday()]

    def works_on(self, day: date) -> bool:
        """Whether any half-day of ``day`` is worked (holidays aside)."""
        return self.mask_on(day) != 0

    def half_days_on(self, day: date) -> tuple[HalfDay, ...]:
        """The half-days worked on ``day`` (holidays aside).

        >>> from datetime import date
        >>> from teleaccord import WorkPattern
        >>> WorkPattern.parse("Mo:pm").half_days_on(date(2024, 3, 4))
        (<HalfDay.AFTERNOON: 'pm'>,)
        """
        mask = self.mask_on(day)
        return tuple(h for h in HalfDay if mask & h.mask)

    def __str__(self) -> str:
        chunks = []
        for week in self.weeks:
            tokens = []
            for name, mask in zip(WEEKDAY_NAMES, week, strict=True):
                if mask == FULL:
                    tokens.append(name)
                elif mask == MORNING:
                    tokens.append(f"{name}:am")
                elif mask == AFTERNOON:
                    tokens.append(f"{name}:pm")
            chunks.append(" ".join(tokens))
        return " / ".join(chunks)


STANDARD_WEEK = WorkPattern.full_time()
