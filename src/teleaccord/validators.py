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

Cross-field invariants (an end before its start, a minimum above a maximum) stay small
functions in their modules: a factory checks one value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Generic, TypeVar

import attrs

from teleaccord.errors import InvalidValue

__all__ = [
    "aware_datetime",
    "boolean",
    "each_instance_of",
    "in_range",
    "instance_of",
    "non_empty_text",
    "non_negative",
    "none_of",
    "one_of",
    "optional",
    "plain_date",
    "positive",
    "whole_number",
]

T = TypeVar("T")

Validator = Callable[[Any, "attrs.Attribute[T]", T], None]
"""What ``attrs.field(validator=...)`` calls: ``(instance, attribute, value) -> None``."""


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

    def passes(value: Any) -> bool:
        try:
            return not isinstance(value, bool) and bool(low <= value <= high)
        except TypeError:
            return False

    return _Check(
        f"in_range({low!r}, {high!r})",
        passes,
        message,
        code,
        field,
        {"low": low, "high": high},
    )


def positive(
    *,
    code: str = "not_positive",
    field: str | None = None,
    message: str = "{field}: must be more than 0, got {amount}.",
) -> Validator[Any]:
    """Accept a number above zero (an ``int``, a ``Fraction``...).

    >>> from fractions import Fraction
    >>> import attrs
    >>> from teleaccord.validators import positive
    >>> C = attrs.make_class("C", {"unit": attrs.field(validator=positive())})
    >>> C(Fraction(-1, 2))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: unit: must be more than 0, got -0.5.
    """

    def passes(value: Any) -> bool:
        try:
            return not isinstance(value, bool) and bool(value > 0)
        except TypeError:
            return False

    return _Check("positive()", passes, message, code, field)


def non_negative(
    *,
    code: str = "negative_amount",
    field: str | None = None,
    message: str = "{field}: must not be negative, got {amount}.",
) -> Validator[Any]:
    """Accept a number of at least zero.

    >>> from fractions import Fraction
    >>> import attrs
    >>> from teleaccord.validators import non_negative
    >>> C = attrs.make_class("C", {"cap": attrs.field(validator=non_negative())})
    >>> C(Fraction(0))
    C(cap=Fraction(0, 1))
    >>> C(Fraction(-7, 3))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: cap: must not be negative, got -7/3.
    """

    def passes(value: Any) -> bool:
        try:
            return not isinstance(value, bool) and bool(value >= 0)
        except TypeError:
            return False

    return _Check("non_negative()", passes, message, code, field)


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
    frozen = tuple(options)
    shown = ", ".join(repr(option) for option in frozen)

    def passes(value: Any) -> bool:
        try:
            return value in frozen
        except TypeError:  # an unhashable value compared with ``in``
            return False

    return _Check(f"one_of({shown})", passes, message, code, field, {"options": shown})


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
    frozen = tuple(options)
    shown = ", ".join(repr(option) for option in frozen)
    return _Check(
        f"none_of({shown})",
        lambda value: value not in frozen,
        message,
        code,
        field,
        {"options": shown},
    )


def non_empty_text(
    *,
    code: str = "missing_text",
    field: str | None = None,
    message: str = "{field}: expected a non-empty text, got {value!r}.",
) -> Validator[Any]:
    """Accept a ``str`` with at least one character that is not white space.

    >>> import attrs
    >>> from teleaccord.validators import non_empty_text
    >>> check = non_empty_text(code="missing_name")
    >>> C = attrs.make_class("C", {"name": attrs.field(validator=check)})
    >>> C("  ")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: name: expected a non-empty text, got '  '.
    """

    def passes(value: Any) -> bool:
        return isinstance(value, str) and bool(value.strip())

    return _Check("non_empty_text()", passes, message, code, field)


def boolean(
    *,
    code: str = "invalid_boolean",
    field: str | None = None,
    message: str = "{field}: expected true or false, got {value!r}.",
) -> Validator[Any]:
    """Accept ``True`` or ``False`` only (not ``1``, not ``"yes"``).

    >>> import attrs
    >>> from teleaccord.validators import boolean
    >>> C = attrs.make_class("C", {"works_holidays": attrs.field(validator=boolean())})
    >>> C("yes")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: works_holidays: expected true or false, got 'yes'.
    """
    return _Check("boolean()", lambda value: isinstance(value, bool), message, code, field)


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


def plain_date(
    *,
    code: str = "invalid_date",
    field: str | None = None,
    message: str = "{field}: expected a date (not a datetime), got {value!r}.",
) -> Validator[Any]:
    """Accept a :class:`datetime.date` that is not a :class:`datetime.datetime`.

    >>> from datetime import datetime
    >>> import attrs
    >>> from teleaccord.validators import plain_date
    >>> C = attrs.make_class("C", {"day": attrs.field(validator=plain_date())})
    >>> C(datetime(2025, 1, 2, 9, 0))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: day: expected a date (not a datetime), got datetime.datetime(2025, 1, 2, 9, 0).
    """

    def passes(value: Any) -> bool:
        return isinstance(value, date) and not isinstance(value, datetime)

    return _Check("plain_date()", passes, message, code, field)


def aware_datetime(
    *,
    code: str = "naive_datetime",
    field: str | None = None,
    message: str = "{field}: expected a timezone-aware datetime, got {value!r}.",
) -> Validator[Any]:
    """Accept a :class:`datetime.datetime` with a time zone (naive timestamps are refused).

    >>> from datetime import datetime, timezone
    >>> import attrs
    >>> from teleaccord.validators import aware_datetime
    >>> C = attrs.make_class("C", {"at": attrs.field(validator=aware_datetime())})
    >>> C(datetime(2025, 1, 2, 9, tzinfo=timezone.utc)).at.tzinfo
    datetime.timezone.utc
    >>> C(datetime(2025, 1, 2, 9))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: at: expected a timezone-aware datetime, got datetime.datetime(2025, 1, 2, 9, 0).
    """

    def passes(value: Any) -> bool:
        return isinstance(value, datetime) and value.utcoffset() is not None

    return _Check("aware_datetime()", passes, message, code, field)


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
