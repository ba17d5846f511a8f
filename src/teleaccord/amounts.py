"""Exact day amounts, rounding and granularity.

Day amounts are :class:`fractions.Fraction` from input to output; they never pass through
``float``. A computation keeps the exact value and rounds once, at the end, with a
:class:`Rounding`.
"""

from __future__ import annotations

import enum
import functools
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.errors import InvalidValue
from teleaccord.validators import positive

__all__ = [
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "Granularity",
    "Rounding",
    "RoundingMode",
    "format_amount",
    "format_decimal",
    "money_in_bounds",
    "number_in_bounds",
    "parse_amount",
    "parse_fraction",
]

_PERCENT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*%\s*$")

MAX_DIGITS = 200
"""The most digits a number in input may have (a decimal, or each side of the ``/`` of an exact
ratio such as ``6324/73``). teleaccord writes exact amounts this way, so whatever it wrote must
read back (``1/2**100`` is a 100-digit decimal): more digits than any real figure has, and
still read in microseconds. What makes reading slow is an exponent, bounded apart."""
MAX_EXPONENT = 6
"""The largest power of ten an exponent (``1e3``, ``2.5E-2``) may give, either way."""

_BOUND = 10 ** (MAX_DIGITS + MAX_EXPONENT)
# No numerator or denominator of an exact amount reaches it (a number of MAX_DIGITS digits
# times the largest exponent): computed once, not at every amount checked.

_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?:[eE](?P<exp>[+-]?[0-9]+))?"
)
_RATIO = re.compile(r"[+-]?(?P<num>[0-9]+)/(?P<den>[0-9]+)")


def number_in_bounds(text: str) -> bool:
    """Whether number text is small enough to read exactly without unbounded work.

    At most :data:`MAX_DIGITS` digits (each side of a ``/``) and an exponent of at most
    :data:`MAX_EXPONENT` either way: ``1e1000000000`` is fourteen bytes that would take minutes
    to read. Text that is not a number at all is left to the parser (``True``).

    >>> from teleaccord.amounts import number_in_bounds
    >>> number_in_bounds("40.5"), number_in_bounds("1e6"), number_in_bounds("1e7")
    (True, True, False)
    >>> number_in_bounds("9" * 201), number_in_bounds("81/2"), number_in_bounds("1/1" + "0" * 30)
    (False, True, True)
    """
    value = text.strip()
    ratio = _RATIO.fullmatch(value)
    if ratio:
        return len(ratio["num"]) <= MAX_DIGITS and len(ratio["den"]) <= MAX_DIGITS
    number = _NUMBER.fullmatch(value)
    if number is None:
        return len(value) <= 2 * MAX_DIGITS + 20
    digits = len((number["int"] or "").lstrip("0")) + len(number["frac"] or "")
    if digits > MAX_DIGITS:
        return False
    exponent = number["exp"]
    return exponent is None or (len(exponent) <= 4 and abs(int(exponent)) <= MAX_EXPONENT)


def _shown(value: Any) -> str:
    """A short text of a possibly huge value (``repr`` of a 5 000-digit int raises); a
    whole number is shown as a number, whether an ``int`` or a ``Fraction``."""
    if isinstance(value, Fraction) and value.denominator == 1:
        value = value.numerator
    if isinstance(value, int) and value.bit_length() > 200:
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    if (
        isinstance(value, Fraction)
        and max(value.numerator.bit_length(), value.denominator.bit_length()) > 200
    ):
        return "a fraction of more than 60 digits"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} characters)"


def _too_large(value: Any, field: str) -> InvalidValue:
    msg = (
        f"{field}: {_shown(value)} is too large or too precise to read; expected at most "
        f"{MAX_DIGITS} digits and an exponent of at most {MAX_EXPONENT}."
    )
    return InvalidValue(msg, field=field, code="invalid_number")


def money_in_bounds(value: Any) -> bool:
    """Whether an amount of money given as a number or text is small enough to read (see
    :func:`number_in_bounds`).

    >>> from teleaccord.amounts import money_in_bounds
    >>> money_in_bounds("59.40"), money_in_bounds(10**250), money_in_bounds("1e999")
    (True, False, False)
    """
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return bool(abs(value) < 10**MAX_DIGITS)
    if isinstance(value, float):
        return number_in_bounds(repr(value))
    if isinstance(value, Decimal):
        return not value.is_finite() or number_in_bounds(str(value))
    if isinstance(value, str):
        return number_in_bounds(value.strip().replace(",", ".").replace(" ", ""))
    return True


def _bounded_fraction(value: Fraction, field: str) -> Fraction:
    if abs(value.numerator) >= _BOUND or value.denominator >= _BOUND:
        raise _too_large(value, field)
    return value


def parse_amount(value: Any, *, field: str = "amount") -> Fraction:
    """Parse a day amount or ratio exactly.

    Accepts ``int``, ``Fraction``, ``Decimal``, text such as ``"81/2"``, ``"40.5"``, ``"40,5"``
    (French decimal comma) or ``"80 %"``, and ``float`` from a parsed file, read through its
    shortest text form (``0.8`` is ``4/5``, never ``0.8000000000000000444``).

    Raises:
        InvalidValue: for booleans, non-finite numbers and text that is not a number.

    >>> from teleaccord import parse_amount
    >>> parse_amount("81/2"), parse_amount("40,5"), parse_amount("80 %"), parse_amount(0.8)
    (Fraction(81, 2), Fraction(81, 2), Fraction(4, 5), Fraction(4, 5))
    >>> parse_amount("many", field="quota")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: quota: expected a number (such as 100, 40.5, 81/2 or 80 %), got 'many'.
    """
    if isinstance(value, bool):
        pass
    elif isinstance(value, Fraction):
        return _bounded_fraction(value, field)
    elif isinstance(value, int):
        return _bounded_fraction(Fraction(value), field)
    elif isinstance(value, Decimal):
        if value.is_finite():
            if not number_in_bounds(str(value)):
                raise _too_large(value, field)
            return Fraction(value)
    elif isinstance(value, float):
        if value == value and value not in (float("inf"), float("-inf")):
            if not number_in_bounds(repr(value)):
                raise _too_large(value, field)
            return Fraction(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if not number_in_bounds(text.replace(",", ".").replace(" ", "").rstrip("%")):
            raise _too_large(value, field)
        match = _PERCENT.match(text)
        try:
            if match:
                return Fraction(match.group(1).replace(",", ".")) / 100
            if text and "_" not in text:
                return Fraction(text.replace(",", ".").replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            pass
    msg = f"{field}: expected a number (such as 100, 40.5, 81/2 or 80 %), got {value!r}."
    raise InvalidValue(msg, field=field, code="invalid_number")


def parse_fraction(value: Any, *, field: str = "fraction") -> Fraction:
    """Parse a work fraction and check it lies in (0, 1].

    ``1.2``, ``120 %`` and a bare ``80`` are refused: a fraction above 1 is either a mistake or
    ambiguous (percent or ratio?), so write ``80 %`` or ``0.8``.

    >>> from teleaccord import parse_fraction
    >>> parse_fraction("4/5"), parse_fraction("80%"), parse_fraction(1)
    (Fraction(4, 5), Fraction(4, 5), Fraction(1, 1))
    >>> parse_fraction("0")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: fraction: a work fraction must be more than 0 and at most 1 (100 %), got 0.
    """
    if value.__class__ is Fraction and 0 < value.numerator <= value.denominator < _BOUND:
        return value  # already a fraction in (0, 1], in bounds: what the lines below return
    amount = parse_amount(value, field=field)
    if not 0 < amount <= 1:
        msg = (
            f"{field}: a work fraction must be more than 0 and at most 1 (100 %), "
            f"got {format_amount(amount)}."
        )
        raise InvalidValue(msg, field=field, code="fraction_out_of_range")
    return amount


def format_amount(value: Fraction) -> str:
    """Write an exact amount: a decimal when it is exact in decimal, else ``n/d``.

    >>> from fractions import Fraction
    >>> from teleaccord import format_amount
    >>> format_amount(Fraction(81, 2)), format_amount(Fraction(100, 3)), format_amount(Fraction(4))
    ('40.5', '100/3', '4')
    """
    if value.denominator == 1:
        return str(value.numerator)
    return _format_fraction(value.numerator, value.denominator)


def format_decimal(value: Fraction | int | Decimal, places: int = 2, *, comma: bool = False) -> str:
    """Write an amount for people: ``places`` decimals, rounded half-up (ties away from zero).

    The rounding is for display only: the exact value stays in the computation, and
    :func:`format_amount` writes it. Every figure has the same number of decimals (``100.00``),
    so a column of them lines up and a spreadsheet reads them alike. No ``float`` is involved:
    ``float`` input is refused.

    Args:
        value: an exact amount (``Fraction``, ``int`` or ``Decimal``).
        places: how many decimals (``0`` for whole numbers).
        comma: write the decimal comma (``86,63``), as French readers expect.

    Raises:
        InvalidValue: ``value`` is a float or a boolean, or ``places`` is negative.

    >>> from fractions import Fraction
    >>> from teleaccord import format_decimal
    >>> format_decimal(Fraction(6324, 73)), format_decimal(Fraction(1, 3)), format_decimal(Fraction(5, 8))
    ('86.63', '0.33', '0.63')
    >>> format_decimal(100), format_decimal(Fraction(-5, 8)), format_decimal(Fraction(81, 2), comma=True)
    ('100.00', '-0.63', '40,50')
    """
    if type(value) is Fraction or type(value) is int:
        # The common case, cached: a workforce's figures repeat (0, 1, 40.5, 100...).
        return _format_places(value.numerator, value.denominator, places, comma)
    if isinstance(value, (bool, float)) or not isinstance(value, (int, Fraction, Decimal)):
        msg = f"value: expected an exact amount (Fraction, int or Decimal), got {value!r}."
        raise InvalidValue(msg, field="value", code="invalid_number")
    exact = Fraction(value)
    return _format_places(exact.numerator, exact.denominator, places, comma)


@functools.lru_cache(maxsize=8192)
def _format_places(numerator: int, denominator: int, places: int, comma: bool) -> str:
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        msg = f"places: expected a whole number of decimals from 0, got {places!r}."
        raise InvalidValue(msg, field="places", code="invalid_number")
    # Half-up on the magnitude: floor(|n|/d * 10**places + 1/2), in integers.
    scale = 10**places
    whole = (2 * abs(numerator) * scale + denominator) // (2 * denominator)
    digits = str(whole).rjust(places + 1, "0")
    sign = "-" if numerator < 0 and whole else ""
    if not places:
        return sign + digits
    return f"{sign}{digits[:-places]}{',' if comma else '.'}{digits[-places:]}"


@functools.lru_cache(maxsize=4096)
def _format_fraction(numerator: int, denominator: int) -> str:
    # Cached: the workforce job formats the same few amounts millions of times.
    value = Fraction(numerator, denominator)
    den = denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = value * 10**places
    text = str(abs(scaled.numerator)).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{text[:-places]}.{text[-places:]}"


class RoundingMode(str, enum.Enum):
    """How an exact amount is brought to a multiple of the rounding unit."""

    EXACT = "exact"
    """No rounding: the exact fraction is the result."""
    HALF_UP = "half-up"
    """To the nearest multiple; ties away from zero (40.25 → 40.5 at half-day unit)."""
    HALF_EVEN = "half-even"
    """To the nearest multiple; ties to the even multiple (banker's rounding)."""
    UP = "up"
    """To the next multiple up (ceiling); never gives less than the exact amount."""
    DOWN = "down"
    """To the next multiple down (floor); never gives more than the exact amount."""


class Granularity(str, enum.Enum):
    """The smallest bookable amount of telework."""

    DAY = "day"
    HALF_DAY = "half-day"

    @property
    def unit(self) -> Fraction:
        """The amount of one step: 1 or 1/2.

        >>> from teleaccord import Granularity
        >>> Granularity.HALF_DAY.unit
        Fraction(1, 2)
        """
        return Fraction(1) if self is Granularity.DAY else Fraction(1, 2)


def _bounds_in_order(
    instance: Rounding, attribute: attrs.Attribute[Fraction | None], value: Fraction | None
) -> None:
    if value is not None and instance.floor is not None and value < instance.floor:
        msg = (
            f"rounding.ceiling: the ceiling ({format_amount(value)}) is below the floor "
            f"({format_amount(instance.floor)})."
        )
        raise InvalidValue(msg, field="rounding.ceiling", code="ceiling_below_floor")


def _mode(value: Any) -> RoundingMode:
    try:
        return RoundingMode(value)
    except ValueError:
        known = ", ".join(m.value for m in RoundingMode)
        msg = f"rounding.mode: unknown rounding mode {value!r}; use one of {known}."
        raise InvalidValue(msg, field="rounding.mode", code="invalid_rounding_mode") from None


def _unit(value: Any) -> Fraction:
    return parse_amount(value, field="rounding.unit")


def _floor(value: Any) -> Fraction | None:
    return None if value is None else parse_amount(value, field="rounding.floor")


def _ceiling(value: Any) -> Fraction | None:
    return None if value is None else parse_amount(value, field="rounding.ceiling")


@attrs.frozen
class Rounding:
    """A rounding rule: a mode times a unit (1 day, 1/2 day), with an optional floor and ceiling.

    The mode applies to the exact amount; the floor and ceiling are applied last, and
    :meth:`describe` says which applied.

    >>> from fractions import Fraction
    >>> from teleaccord import Rounding, RoundingMode
    >>> r = Rounding(RoundingMode.HALF_UP, unit=Fraction(1, 2))
    >>> r.apply(Fraction(161, 4)), r.apply(Fraction(322, 8) + Fraction(1, 100))
    (Fraction(81, 2), Fraction(81, 2))
    >>> Rounding(RoundingMode.DOWN).apply(Fraction(799, 10))
    Fraction(79, 1)
    >>> Rounding(RoundingMode.UP, ceiling=Fraction(100)).apply(Fraction(1003, 10))
    Fraction(100, 1)
    """

    mode: RoundingMode = attrs.field(default=RoundingMode.EXACT, converter=_mode)
    unit: Fraction = attrs.field(
        default=Fraction(1),
        converter=_unit,
        validator=positive(
            code="invalid_rounding_unit",
            field="rounding.unit",
            message="{field}: the rounding unit must be positive, got {amount}.",
        ),
    )
    floor: Fraction | None = attrs.field(default=None, converter=_floor)
    ceiling: Fraction | None = attrs.field(
        default=None,
        converter=_ceiling,
        validator=_bounds_in_order,
    )

    def round(self, exact: Fraction) -> Fraction:
        """Apply the mode only (no floor, no ceiling).

        >>> from fractions import Fraction
        >>> from teleaccord import Rounding, RoundingMode
        >>> Rounding(RoundingMode.HALF_EVEN).round(Fraction(5, 2))
        Fraction(2, 1)
        """
        if self.mode is RoundingMode.EXACT:
            return exact
        steps = exact / self.unit
        low = steps.numerator // steps.denominator
        rest = steps - low
        if rest == 0 or self.mode is RoundingMode.DOWN:
            whole = low
        elif self.mode is RoundingMode.UP or rest > Fraction(1, 2):
            whole = low + 1
        elif rest < Fraction(1, 2):
            whole = low
        elif self.mode is RoundingMode.HALF_UP:
            whole = low + 1 if exact >= 0 else low
        else:
            whole = low if low % 2 == 0 else low + 1
        return whole * self.unit

    def bound(self, value: Fraction) -> Fraction:
        """Apply the floor and the ceiling only."""
        if self.floor is not None and value < self.floor:
            value = self.floor
        if self.ceiling is not None and value > self.ceiling:
            value = self.ceiling
        return value

    def apply(self, exact: Fraction) -> Fraction:
        """Round, then bound: the rule's final result."""
        return self.bound(self.round(exact))

    def describe(self, exact: Fraction) -> str:
        """Explain what the rule does to ``exact``, in words a person can check.

        >>> from fractions import Fraction
        >>> from teleaccord import Rounding, RoundingMode
        >>> print(Rounding(RoundingMode.HALF_UP, unit=Fraction(1, 2)).describe(Fraction(161, 4)))
        40.25 rounded half-up to the nearest 0.5 day gives 40.5.
        >>> print(Rounding().describe(Fraction(100, 3)))
        100/3 is kept exact (no rounding).
        """
        rounded = self.round(exact)
        if self.mode is RoundingMode.EXACT:
            text = f"{format_amount(exact)} is kept exact (no rounding)."
        else:
            unit = "day" if self.unit == 1 else f"{format_amount(self.unit)} day"
            text = (
                f"{format_amount(exact)} rounded {self.mode.value} to the nearest {unit} "
                f"gives {format_amount(rounded)}."
            )
        bounded = self.bound(rounded)
        if bounded != rounded:
            which = "floor" if self.floor is not None and rounded < self.floor else "ceiling"
            text += f" The {which} of {format_amount(bounded)} applies."
        return text
