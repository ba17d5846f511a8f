"""Validator factories for attrs fields, raising :class:`~teleaccord.errors.InvalidValue`.

They work like :mod:`attrs.validators` (pass one, a list, or :func:`optional` around one to
``attrs.field(validator=...)``), but a value that breaks them raises the project's
:class:`~teleaccord.errors.InvalidValue`, a ``ValueError`` carrying the field at fault and a
stable ``code`` an HRIS can translate.

Every factory takes keyword arguments:

- ``code``: the stable error code (each factory has a sensible default);
- ``field``: the field named in the error (default: the attribute's name), for fields that are
  known to users by a dotted path (``rounding.unit``);
- ``message``: the English sentence, as a :meth:`str.format` template. It may use ``{field}``,
  ``{value}`` (``{value!r}`` for its repr), ``{amount}`` (a number written as
  :func:`~teleaccord.amounts.format_amount` writes it) and the factory's own parameters
  (``{low}``, ``{high}``, ``{minimum}``, ``{options}``, ``{kind}``).

>>> import attrs
>>> from teleaccord import Step
>>> from teleaccord.validators import in_range, non_empty_text
>>> @attrs.frozen
... class Step:
...     month: int = attrs.field(validator=in_range(1, 12, code="invalid_month"))
...     label: str = attrs.field(default="x", validator=non_empty_text())
>>> Step(month=13)
Traceback (most recent call last):
...
teleaccord.errors.InvalidValue: month: expected a value from 1 to 12, got 13.
>>> try:
...     Step(month=2, label=" ")
... except ValueError as exc:
...     print(exc.code, exc.field)
missing_text label

The factories without a parameter of their own, and what they refuse:

>>> from datetime import datetime
>>> from fractions import Fraction
>>> from teleaccord.validators import (aware_datetime, boolean, non_empty_text, non_negative,
...     plain_date, positive)
>>> refused = [(positive(), Fraction(-1, 2)), (non_negative(), Fraction(-7, 3)),
...     (non_empty_text(), "  "), (boolean(), "yes"), (plain_date(), datetime(2025, 1, 2, 9)),
...     (aware_datetime(), datetime(2025, 1, 2, 9))]
>>> for check, value in refused:
...     try:
...         attrs.make_class("C", {"x": attrs.field(validator=check)})(value)
...     except ValueError as exc:
...         print(f"{check!r:40} {exc.code:16} {exc}")
<teleaccord validator positive()>        not_positive     x: must be more than 0, got -0.5.
<teleaccord validator non_negative()>    negative_amount  x: must not be negative, got -7/3.
<teleaccord validator non_empty_text()>  missing_text     x: expected a non-empty text, got '  '.
<teleaccord validator boolean()>         invalid_boolean  x: expected true or false, got 'yes'.
<teleaccord validator plain_date()>      invalid_date     x: expected a date (not a datetime), got datetime.datetime(2025, 1, 2, 9, 0).
<teleaccord validator aware_datetime()>  naive_datetime   x: expected a timezone-aware datetime, got datetime.datetime(2025, 1, 2, 9, 0).


Cross-field invariants (an end before its start, a minimum above a maximum) stay small
functions in their modules: a factory checks one value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Generic, Protocol, TypeVar

import attrs

from teleaccord.errors import InvalidValue

__all__ = [
    "aware_datetime",
    "boolean",
    "country_code",
    "each_instance_of",
    "fields_read",
    "find_by_key",
    "first_repeat",
    "in_range",
    "instance_of",
    "non_empty_text",
    "non_negative",
    "none_of",
    "one_of",
    "optional",
    "plain_date",
    "positive",
    "reads",
    "sorted_pairs",
    "value_for",
    "whole_number",
]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")

Validator = Callable[[Any, "attrs.Attribute[T]", T], None]
"""What ``attrs.field(validator=...)`` calls: ``(instance, attribute, value) -> None``."""

F = TypeVar("F", bound=Callable[..., None])

_READS = "__teleaccord_reads__"


def reads(*fields: str) -> Callable[[F], F]:
    """Declare, on a field validator, that it is a pure function of its value and of these
    other fields of the instance, read as ``instance.name`` (none: of its value alone).

    A reader building many values from data (:func:`teleaccord.io.convert.reader`) may then
    run a value-only validator as soon as the value is read and trust a value that passed
    it once, and remember the answer of the others for the very objects they read. A
    validator without the declaration is always run on the finished instance.

    >>> import attrs
    >>> from teleaccord.validators import fields_read, reads
    >>> @reads("start")
    ... def after_start(instance: object, attribute: "attrs.Attribute[int]", value: int) -> None:
    ...     assert value >= getattr(instance, "start")
    >>> fields_read(after_start)
    ('start',)
    """
    names = tuple(sorted(set(fields)))

    def declare(validator: F) -> F:
        setattr(validator, _READS, names)
        return validator

    return declare


def fields_read(validator: object) -> tuple[str, ...] | None:
    """What :func:`reads` declared on ``validator`` (``()``: its value alone), or ``None``
    when it declared nothing (then nothing is assumed about it)."""
    found = getattr(validator, _READS, None)
    return found if isinstance(found, tuple) else None


def _amount(value: object) -> str:
    """A number as :func:`~teleaccord.amounts.format_amount` writes it; anything else as repr."""
    # Imported here: amounts itself uses these validators.
    from teleaccord.amounts import format_amount

    if isinstance(value, Fraction) or (isinstance(value, int) and not isinstance(value, bool)):
        return format_amount(Fraction(value))
    return repr(value)


@attrs.frozen(repr=False)
class _Check(Generic[T]):
    """A one-value check: a predicate, and the error it raises when the predicate fails."""

    description: str
    passes: Callable[[T], bool]
    message: str
    code: str
    field: str | None
    params: dict[str, Any] = attrs.field(factory=dict)

    def __call__(self, instance: Any, attribute: attrs.Attribute[T], value: T) -> None:
        if self.passes(value):
            return
        field = self.field or attribute.name
        text = self.message.format(
            field=field,
            value=value,
            amount=_amount(value) if "{amount" in self.message else "",
            **self.params,
        )
        raise InvalidValue(text, field=field, code=self.code)

    def __repr__(self) -> str:
        return f"<teleaccord validator {self.description}>"


def _number(test: Callable[[Any], object]) -> Callable[[Any], bool]:
    """``test`` on a number: a ``bool``, or a value ``test`` cannot compare, fails."""

    def passes(value: Any) -> bool:
        try:
            return not isinstance(value, bool) and bool(test(value))
        except TypeError:
            return False

    return passes


class _Factory(Protocol):
    """A factory of a check with no parameter of its own: ``positive()``, ``boolean()``..."""

    def __call__(
        self, *, code: str = ..., field: str | None = ..., message: str = ...
    ) -> Validator[Any]: ...


def _factory(
    name: str, passes: Callable[[Any], bool], code: str, message: str, doc: str
) -> _Factory:
    """The factory ``name`` (documented by ``doc``): its check is ``passes``; ``code`` and
    ``message`` are its defaults."""
    default_code, default_message = code, message

    def factory(
        *, code: str = default_code, field: str | None = None, message: str = default_message
    ) -> Validator[Any]:
        return _Check(f"{name}()", passes, message, code, field)

    factory.__name__ = factory.__qualname__ = name
    factory.__doc__ = doc
    return factory


# The factories without a parameter of their own: name, check, default code and message.
positive = _factory(
    "positive",
    _number(lambda value: value > 0),
    "not_positive",
    "{field}: must be more than 0, got {amount}.",
    "Accept a number above zero (an ``int``, a ``Fraction``...).",
)
non_negative = _factory(
    "non_negative",
    _number(lambda value: value >= 0),
    "negative_amount",
    "{field}: must not be negative, got {amount}.",
    "Accept a number of at least zero.",
)
non_empty_text = _factory(
    "non_empty_text",
    lambda value: isinstance(value, str) and bool(value.strip()),
    "missing_text",
    "{field}: expected a non-empty text, got {value!r}.",
    "Accept a ``str`` with at least one character that is not white space.",
)
boolean = _factory(
    "boolean",
    lambda value: isinstance(value, bool),
    "invalid_boolean",
    "{field}: expected true or false, got {value!r}.",
    'Accept ``True`` or ``False`` only (not ``1``, not ``"yes"``).',
)
plain_date = _factory(
    "plain_date",
    lambda value: isinstance(value, date) and not isinstance(value, datetime),
    "invalid_date",
    "{field}: expected a date (not a datetime), got {value!r}.",
    "Accept a :class:`datetime.date` that is not a :class:`datetime.datetime`.",
)
aware_datetime = _factory(
    "aware_datetime",
    lambda value: isinstance(value, datetime) and value.utcoffset() is not None,
    "naive_datetime",
    "{field}: expected a timezone-aware datetime, got {value!r}.",
    "Accept a :class:`datetime.datetime` with a time zone (naive timestamps are refused).",
)


def in_range(
    low: Any,
    high: Any,
    *,
    code: str = "out_of_range",
    field: str | None = None,
    message: str = "{field}: expected a value from {low} to {high}, got {value!r}.",
) -> Validator[Any]:
    """Accept a number with ``low <= value <= high`` (a ``bool`` is no number here).

    >>> import attrs
    >>> from teleaccord.validators import in_range
    >>> check = in_range(1, 28, code="invalid_start_day", field="start_day")
    >>> check
    <teleaccord validator in_range(1, 28)>
    >>> C = attrs.make_class("C", {"day": attrs.field(validator=check)})
    >>> C(29)
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: start_day: expected a value from 1 to 28, got 29.
    """

    return _Check(
        f"in_range({low!r}, {high!r})",
        _number(lambda value: low <= value <= high),
        message,
        code,
        field,
        {"low": low, "high": high},
    )


def whole_number(
    minimum: int = 0,
    *,
    code: str = "invalid_number",
    field: str | None = None,
    message: str = "{field}: expected a whole number of at least {minimum}, got {value!r}.",
) -> Validator[Any]:
    """Accept an ``int`` (not a ``bool``, not a ``float``) of at least ``minimum``.

    >>> import attrs
    >>> from teleaccord.validators import whole_number
    >>> C = attrs.make_class("C", {"days": attrs.field(validator=whole_number(1))})
    >>> C(2.0)
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: days: expected a whole number of at least 1, got 2.0.
    """

    def passes(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= minimum

    return _Check(f"whole_number({minimum})", passes, message, code, field, {"minimum": minimum})


def find_by_key(
    items: Iterable[T], key: Callable[[T], str], wanted: str, *, field: str, code: str, message: str
) -> T:
    """The first of ``items`` whose ``key`` is ``wanted``: the one lookup of a table's rows by
    their name.

    >>> from teleaccord.validators import find_by_key
    >>> find_by_key(["am", "pm"], str.upper, "PM", field="half", code="x", message="")
    'pm'
    >>> find_by_key(["am"], str, "day", field="half", code="unknown_half",
    ...             message="{field}: no {value!r}; known: {known}.")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: half: no 'day'; known: am.

    Raises:
        InvalidValue: none has that key (``code``; ``message`` is formatted with ``field``,
            ``value`` and ``known``, the keys joined by commas).
    """
    rows = tuple(items)
    for row in rows:
        if key(row) == wanted:
            return row
    known = ", ".join(key(row) for row in rows)
    msg = message.format(field=field, value=wanted, known=known)
    raise InvalidValue(msg, field=field, code=code)


def first_repeat(items: Iterable[T], key: Callable[[T], Hashable]) -> T | None:
    """The first of ``items`` whose ``key`` an earlier one has (``None``: every key differs):
    the one check that the rows of a table are unique by their key.

    >>> from teleaccord.validators import first_repeat
    >>> first_repeat(["am", "pm", "AM"], str.lower), first_repeat(["am", "pm"], str.lower)
    ('AM', None)
    """
    seen: set[Hashable] = set()
    for item in items:
        found = key(item)
        if found in seen:
            return item
        seen.add(found)
    return None


def sorted_pairs(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """A mapping of names to names (or its pairs) as a sorted tuple of pairs: the converter of
    the fields that keep a small mapping in a frozen value (an organisation's managers, a
    team's roles); read one back with :func:`value_for`.

    >>> from teleaccord.validators import sorted_pairs
    >>> sorted_pairs({"bob": "max", "ana": "max"})
    (('ana', 'max'), ('bob', 'max'))
    """
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


def value_for(pairs: Iterable[tuple[K, V]], key: K, default: D) -> V | D:
    """The value paired with ``key`` in ``pairs`` (``default`` when none is): the one lookup of
    a mapping kept as pairs (:func:`sorted_pairs`).

    >>> from teleaccord.validators import value_for
    >>> value_for((("ana", "max"), ("bob", "zoe")), "bob", None), value_for((), "eve", None)
    ('zoe', None)
    """
    for found, value in pairs:
        if found == key:
            return value
    return default


def one_of(
    options: Collection[Any],
    *,
    code: str = "invalid_choice",
    field: str | None = None,
    message: str = "{field}: expected one of {options}, got {value!r}.",
) -> Validator[Any]:
    """Accept one of ``options`` (compared with ``==``).

    >>> import attrs
    >>> from teleaccord.validators import one_of
    >>> C = attrs.make_class("C", {"at": attrs.field(validator=one_of(("start", "end")))})
    >>> C("middle")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: at: expected one of 'start', 'end', got 'middle'.
    """
    return _choice("one_of", options, True, message, code, field)


def none_of(
    options: Collection[Any],
    *,
    code: str = "invalid_choice",
    field: str | None = None,
    message: str = "{field}: expected none of {options}, got {value!r}.",
) -> Validator[Any]:
    """Accept anything but ``options`` (compared with ``==``): the values a field may hold
    in general but not here.

    >>> import attrs
    >>> from teleaccord.validators import none_of
    >>> C = attrs.make_class("C", {"at": attrs.field(validator=none_of(("noon",)))})
    >>> C("noon")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: at: expected none of 'noon', got 'noon'.
    """
    return _choice("none_of", options, False, message, code, field)


def _choice(
    name: str, options: Collection[Any], inside: bool, message: str, code: str, field: str | None
) -> _Check[Any]:
    """The check of :func:`one_of` (``inside``) or :func:`none_of`."""
    frozen = tuple(options)
    shown = ", ".join(repr(option) for option in frozen)

    def passes(value: Any) -> bool:
        try:
            return (value in frozen) is inside
        except TypeError:  # an unhashable value compared with ``in``
            return False

    return _Check(f"{name}({shown})", passes, message, code, field, {"options": shown})


def instance_of(
    kind: type[Any],
    *,
    code: str = "invalid_type",
    field: str | None = None,
    message: str = "{field}: expected {kind}, got {value!r}.",
) -> Validator[Any]:
    """Accept an instance of ``kind``.

    >>> import attrs
    >>> from teleaccord.validators import instance_of
    >>> C = attrs.make_class("C", {"count": attrs.field(validator=instance_of(int))})
    >>> C("3")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: count: expected int, got '3'.
    """
    return _Check(
        f"instance_of({kind.__name__})",
        lambda value: isinstance(value, kind),
        message,
        code,
        field,
        {"kind": kind.__name__},
    )


def country_code(value: Any, field: str = "country") -> str:
    """A converter, not a factory: ``value`` as a two-letter ISO 3166 country code, upper
    case. Every country field (a threshold's countries, a business trip's, an absence's)
    goes through it, so they accept and refuse the same values.

    >>> from teleaccord.validators import country_code
    >>> country_code(" de ")
    'DE'
    >>> country_code("Germany")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: country: expected a two-letter ISO country code (such as 'FR'), got 'Germany'.

    Raises:
        InvalidValue: not two letters (code ``invalid_country``).
    """
    code = str(value).strip().upper()
    if len(code) != 2 or not code.isalpha() or not code.isascii():
        msg = f"{field}: expected a two-letter ISO country code (such as 'FR'), got {value!r}."
        raise InvalidValue(msg, field=field, code="invalid_country")
    return code


def optional(validator: Validator[T] | Iterable[Validator[T]]) -> Validator[T | None]:
    """Accept ``None``, or what ``validator`` (or each of a list of validators) accepts.

    >>> import attrs
    >>> from teleaccord.validators import optional, whole_number
    >>> check = optional(whole_number(1))
    >>> check
    <teleaccord validator optional(whole_number(1))>
    >>> C = attrs.make_class("C", {"days": attrs.field(validator=check)})
    >>> C(None), C(3)
    (C(days=None), C(days=3))
    >>> C(0)
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: days: expected a whole number of at least 1, got 0.
    """
    validators = (validator,) if callable(validator) else tuple(validator)
    return _Optional(validators)


@attrs.frozen(repr=False)
class _Optional(Generic[T]):
    validators: tuple[Validator[T], ...]

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: T | None) -> None:
        if value is None:
            return
        for validator in self.validators:
            validator(instance, attribute, value)

    def __repr__(self) -> str:
        inner = ", ".join(_describe(v) for v in self.validators)
        return f"<teleaccord validator optional({inner})>"


def each_instance_of(
    kind: type[Any],
    *,
    code: str = "invalid_type",
    field: str | None = None,
    message: str = "{field}[{index}]: expected {kind}, got {type}.",
) -> Validator[Any]:
    """Accept a collection whose every item is an instance of ``kind``.

    The error names the first item at fault by its index (``quotas[1]``), with the message
    placeholders ``{index}`` and ``{type}`` (the item's type name) besides the usual ones.

    >>> import attrs
    >>> from teleaccord.validators import each_instance_of
    >>> C = attrs.make_class("C", {"weeks": attrs.field(validator=each_instance_of(int))})
    >>> C((1, "2"))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: weeks[1]: expected int, got str.
    """
    return _EachInstanceOf(kind, code, field, message)


@attrs.frozen(repr=False)
class _EachInstanceOf:
    kind: type[Any]
    code: str
    field: str | None
    message: str

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = self.field or attribute.name
        for index, item in enumerate(value):
            if not isinstance(item, self.kind):
                text = self.message.format(
                    field=name,
                    index=index,
                    kind=self.kind.__name__,
                    type=type(item).__name__,
                    value=item,
                )
                raise InvalidValue(text, field=f"{name}[{index}]", code=self.code)

    def __repr__(self) -> str:
        return f"<teleaccord validator each_instance_of({self.kind.__name__})>"


def _describe(validator: object) -> str:
    text = repr(validator)
    prefix = "<teleaccord validator "
    return text[len(prefix) : -1] if text.startswith(prefix) else text
