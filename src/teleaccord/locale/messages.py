"""Errors, problems and violations in the reader's language, keyed by their stable codes.

English is the source text: every message is written in English where it is raised. The other
languages are catalogues keyed by the code (:mod:`teleaccord.locale.fr`), whose templates are
filled in with the occurrence's parameters. The language is always an argument, never a global.

>>> from datetime import date
>>> from teleaccord import Violation, translate
>>> v = Violation(
...     code="holiday",
...     message="Wednesday 2024-05-01 is a public holiday (Labour Day); choose a working day.",
...     day=date(2024, 5, 1),
...     params={"holiday": "Labour Day", "holiday_fr": "Fête du Travail"},
... )
>>> translate(v, "en") == v.message
True
>>> translate(v, "fr")
'01/05/2024 : Jour férié non travaillé (Fête du Travail) ; choisissez un jour travaillé.'
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from teleaccord.codes import code_info
from teleaccord.errors import (
    InvalidValue,
    LoadError,
    OperationRefused,
    Problem,
    TeleaccordError,
    Violation,
)
from teleaccord.locale.fr import TEXTS as FRENCH

__all__ = ["LANGUAGES", "format_value", "summary", "translate"]

LANGUAGES: tuple[str, ...] = ("en", "fr")
"""The languages of the messages: English (the source text) and French."""

# -- values the French way -----------------------------------------------------------------

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_WEEKDAY_KEYS = {
    key: _WEEKDAYS[n]
    for n, names in enumerate(
        zip(
            ("mo", "tu", "we", "th", "fr", "sa", "su"),
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
            strict=True,
        )
    )
    for key in names
}
_HALVES = {"am": "matin", "pm": "après-midi", "morning": "matin", "afternoon": "après-midi"}
_WINDOWS = {
    "period": "période de référence",
    "week": "semaine",
    "fortnight": "quinzaine",
    "month": "mois",
    "quarter": "trimestre",
    "year": "année",
    "day": "journée",
    "half_day": "demi-journée",
}
# Parameters whose values are words of a closed set, by parameter name.
_WORDS: Mapping[str, Mapping[str, str]] = {
    "half": _HALVES,
    "worked_half": _HALVES,
    "booked_halves": _HALVES,
    "window": _WINDOWS,
    "granularity": _WINDOWS,
    "weekday": _WEEKDAY_KEYS,
    "weekdays": _WEEKDAY_KEYS,
    "excluded": _WEEKDAY_KEYS,
}
_WEEKDAY_PARAMS = frozenset({"weekday", "weekdays", "excluded"})
_NONE = "—"


def _decimal_text(value: Decimal, places: int) -> str:
    """``2.5`` → ``2,50`` (``places`` decimals, half up), ``3`` → ``3``."""
    if value == value.to_integral_value():
        return f"{int(value)}"
    shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{shown:f}".replace(".", ",")


def _amount(value: Fraction | Decimal | int | float) -> str:
    """A number of days or people: whole, or a decimal with a comma and 2 places."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return _decimal_text(exact, 2)
    if isinstance(value, float):
        return _decimal_text(Decimal(repr(value)), 2)
    return _decimal_text(Decimal(value), 2)


def _money(value: Decimal) -> str:
    """``Decimal("59.4")`` → ``59,40 €`` (more places kept when the amount has them)."""
    places = max(2, -int(value.as_tuple().exponent)) if value.is_finite() else 2
    shown = value.quantize(Decimal(1).scaleb(-places)) if value.is_finite() else value
    return f"{shown:f}".replace(".", ",") + " €"


def _percent(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (Fraction, Decimal, int, float)):
        return format_value(value)
    hundred = value * 100 if not isinstance(value, float) else Fraction(repr(value)) * 100
    return f"{_amount(hundred)} %"


def format_value(value: Any, name: str | None = None) -> str:
    """Write a parameter's value the French way.

    Dates as ``dd/mm/yyyy``; numbers of days as decimals with a comma (2 places when not whole,
    an exact fraction included); money (a :class:`~decimal.Decimal`) as ``59,40 €``; weekdays,
    half-days and windows in French words when ``name`` says the parameter holds one; lists
    joined with commas; ``None`` and empty lists as a dash.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from fractions import Fraction
    >>> from teleaccord.locale.messages import format_value
    >>> format_value(date(2024, 3, 7)), format_value(Fraction(5, 2)), format_value(Fraction(1, 3))
    ('07/03/2024', '2,50', '0,33')
    >>> format_value(Decimal("59.4")), format_value(["am"], "booked_halves"), format_value(2, "weekday")
    ('59,40 €', 'matin', 'mercredi')
    """
    if value is None:
        return _NONE
    if isinstance(value, enum.Enum):
        return format_value(value.value, name)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return _NONE if value == date.max else value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return _money(value)
    if isinstance(value, int) and name in _WEEKDAY_PARAMS and 0 <= value <= 6:
        return _WEEKDAYS[value]
    if isinstance(value, (Fraction, int, float)):
        return _amount(value)
    if isinstance(value, str):
        if name == "reason" and value in FRENCH:
            said = FRENCH[value].summary.rstrip(".")
            return said[:1].lower() + said[1:]
        words = _WORDS.get(name or "")
        return words.get(value.strip().lower(), value) if words else value
    if isinstance(value, Mapping):
        return ", ".join(f"{k} : {format_value(v, str(k))}" for k, v in value.items()) or _NONE
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(format_value(v, name) for v in value)) or _NONE
    if isinstance(value, Sequence):
        return ", ".join(format_value(v, name) for v in value) or _NONE
    return str(value)


class _Missing(Exception):
    """A template names a parameter this occurrence does not carry."""


class _Param:
    """A parameter's value with its name, so that the formatter can choose French words."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: Any) -> None:
        self.name = name
        self.value = value


class _Formatter(string.Formatter):
    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if not isinstance(key, str) or key not in kwargs:
            raise _Missing(key)
        return _Param(key, kwargs[key])

    def format_field(self, value: Any, format_spec: str) -> str:
        if not isinstance(value, _Param):  # an attribute or index of a parameter
            raise _Missing(format_spec)
        if format_spec == "%":
            return _percent(value.value)
        return format_value(value.value, value.name)


_FORMATTER = _Formatter()


def _fill(template: str, params: Mapping[str, Any]) -> str | None:
    """The template filled in, or None when a parameter it names is missing."""
    try:
        return _FORMATTER.vformat(template, (), params)
    except (_Missing, KeyError, IndexError, AttributeError, ValueError, TypeError):
        return None


# -- the public functions ------------------------------------------------------------------


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        msg = f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}."
        raise InvalidValue(
            msg,
            field="lang",
            code="unknown_language",
            params={"lang": lang, "languages": LANGUAGES},
        )
    return lang


def summary(code: str, lang: str = "fr") -> str:
    """The one-sentence summary of a code, in ``lang``.

    Args:
        code: a stable code (``teleaccord.CODES`` lists them).
        lang: ``"en"`` or ``"fr"``.

    Raises:
        InvalidValue: an unknown language (code ``unknown_language``).
        KeyError: an unknown code; the message suggests close ones.

    >>> from teleaccord.locale.messages import summary
    >>> summary("holiday")
    'Le jour est un jour férié que le salarié ne travaille pas.'
    >>> summary("holiday", "en")
    'The day is a public holiday the employee does not work.'
    """
    info = code_info(code)
    if _language(lang) == "en":
        return info.summary
    return FRENCH[info.code].summary


def _sentence(code: str, params: Mapping[str, Any], where: str | None) -> str | None:
    """The French sentence of one occurrence; the summary (then ``where``) if a parameter
    is missing; None for a code no catalogue knows."""
    text = FRENCH.get(code)
    if text is None:
        return None
    filled = _fill(text.template, params)
    if filled is not None:
        return filled
    return f"{text.summary[:-1]} ({where})." if where else text.summary


def _french_error(error: TeleaccordError) -> str:
    if isinstance(error, OperationRefused) and error.violations:
        return "Refusé : " + " ".join(translate(v, "fr") for v in error.violations)
    if isinstance(error, LoadError) and error.problems:
        count = len(error.problems)
        head = f"{count} problème{'s' if count > 1 else ''} :"
        lines = [f"{error.source} : {head}" if error.source else head.capitalize()]
        lines.extend(f"  {p.path} : {translate(p, 'fr')}" for p in error.problems)
        return "\n".join(lines)
    field = error.field
    prefix = f"{field} : " if field and error.message.startswith(f"{field}:") else ""
    sentence = _sentence(error.code, error.params, None if prefix else field)
    return error.message if sentence is None else prefix + sentence


def translate(item: TeleaccordError | Problem | Violation, lang: str = "fr") -> str:
    """The message of an error, a load problem or a violation, in ``lang``.

    English returns the message as written where it was raised. French fills in the code's
    template with the occurrence's parameters, written the French way (:func:`format_value`),
    and keeps the place the message is about in front of it: an error's field when the English
    message starts with it, a violation's day (``07/03/2024 : ...``), each problem's path in a
    :class:`~teleaccord.LoadError` (``contracts.csv:4:date : ...``). A problem's own path stays
    beside its message, as in ``str(problem)``.

    It never fails on an occurrence: when the template names a parameter this occurrence does
    not carry, the French summary of the code is given instead, followed by the field in
    parentheses when it is not already in front; a code no catalogue knows keeps its English
    message.

    Args:
        item: a :class:`~teleaccord.TeleaccordError`, :class:`~teleaccord.Problem` or
            :class:`~teleaccord.Violation`.
        lang: one of :data:`LANGUAGES`; the default is French.

    Raises:
        InvalidValue: an unknown language (code ``unknown_language``).

    >>> from teleaccord import Problem, parse_fraction, translate
    >>> try:
    ...     parse_fraction("150 %")
    ... except ValueError as exc:
    ...     print(translate(exc, "fr"))
    fraction : Le taux d'activité doit être supérieur à 0 et au plus égal à 100 %.
    >>> translate(Problem("contracts.csv:4:date", "expected a date", "invalid_date"))
    'Attendu : une date (AAAA-MM-JJ).'
    >>> translate(Problem("$", "x", "invalid_date"), "de")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: lang: expected one of en, fr, got 'de'.
    """
    if _language(lang) == "en":
        return item.message
    if isinstance(item, TeleaccordError):
        return _french_error(item)
    if isinstance(item, Violation):
        where = format_value(item.day) if item.day is not None else ""
        sentence = _sentence(item.code, dict(item.params), None)
        if sentence is None:
            return item.message
        return f"{where} : {sentence}" if where else sentence
    sentence = _sentence(item.code, {}, None)
    return item.message if sentence is None else sentence
