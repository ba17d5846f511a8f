"""Errors and rule outcomes.

Every error raised by teleaccord is a :class:`TeleaccordError`. Subclasses say what the caller
does about it, and each also subclasses the builtin it refines, so ``except ValueError`` keeps
working:

- :class:`InvalidValue` (``ValueError``): a value handed to a constructor or function breaks an
  invariant; fix the input.
- :class:`LoadError` (``ValueError``): a file or a dict could not be loaded; it carries every
  :class:`Problem` found, each with the path to the value at fault.
- :class:`OperationRefused`: a business operation was refused; it carries the
  :class:`Violation` values that explain why, and nothing was changed.
- :class:`NotAllowed` (``PermissionError``): the actor may not do this.
- :class:`StaleVersion`: an optimistic-concurrency check failed; reload and retry.

Every error and every violation has a stable ``code`` and its parameters as data, beside the
English message, so an HRIS can show its own (for instance French) text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

__all__ = [
    "InvalidValue",
    "LoadError",
    "NotAllowed",
    "OperationRefused",
    "Problem",
    "StaleVersion",
    "TeleaccordError",
    "Violation",
]


class TeleaccordError(Exception):
    """Base class of every error teleaccord raises.

    Args:
        message: a sentence a person can act on: what was wrong, where, what was expected.
        code: a stable identifier of the kind of error (``"fraction_out_of_range"``).
        field: the field, key path or rule at fault, when there is one.
        params: the numbers and values behind the message, as data.

    >>> from teleaccord import TeleaccordError
    >>> err = TeleaccordError("Something is wrong.", code="example", field="x")
    >>> err.code, err.field, str(err)
    ('example', 'x', 'Something is wrong.')
    """

    default_code = "teleaccord_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        _check_error_parts(message, code, field, params)
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.params: dict[str, Any] = dict(params or {})

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep code, field and params through pickling (multiprocessing, caches): the default
        # reduction would call ``cls(message)`` and lose them.
        return (_restore_error, (type(self), self.args, dict(self.__dict__)))

    def to_dict(self) -> dict[str, Any]:
        """Return the error as JSON-compatible data for an HRIS to display.

        >>> from teleaccord import InvalidValue
        >>> InvalidValue("Bad.", code="bad", field="f").to_dict()
        {'error': 'InvalidValue', 'code': 'bad', 'field': 'f', 'message': 'Bad.', 'params': {}}
        """
        return {
            "error": type(self).__name__,
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "params": {k: jsonable(v) for k, v in self.params.items()},
        }


def _check_error_parts(message: object, code: object, field: object, params: object) -> None:
    """Refuse malformed error parts with a ``TypeError`` (a programming mistake, not bad data)."""
    if not isinstance(message, str) or not message.strip():
        msg = f"an error message must be a non-empty sentence, got {message!r}."
        raise TypeError(msg)
    if code is not None and (not isinstance(code, str) or not code.strip()):
        msg = f"an error code must be a non-empty string or None, got {code!r}."
        raise TypeError(msg)
    if field is not None and not isinstance(field, str):
        msg = f"an error field must be a string or None, got {field!r}."
        raise TypeError(msg)
    if params is not None and not isinstance(params, Mapping):
        msg = f"error params must be a mapping or None, got {params!r}."
        raise TypeError(msg)


def _restore_error(
    cls: type[TeleaccordError], args: tuple[Any, ...], state: dict[str, Any]
) -> TeleaccordError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class InvalidValue(TeleaccordError, ValueError):
    """A value breaks an invariant of the object being built (fix the input).

    >>> from teleaccord import InvalidValue
    >>> try:
    ...     raise InvalidValue("fraction must be in (0, 1], got 3/2.", field="fraction")
    ... except ValueError as exc:
    ...     print(exc.field)
    fraction
    """

    default_code = "invalid_value"


def _non_empty_code(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name}: expected a non-empty code such as 'holiday', got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_code")


def _text(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name}: expected text, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_text")


def _optional_day(instance: Any, attribute: attrs.Attribute[date | None], value: Any) -> None:
    from datetime import datetime

    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        msg = f"{attribute.name}: expected a date (not a datetime) or None, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="invalid_date")


@attrs.frozen
class Problem:
    """One thing wrong in loaded data, with the path to the value at fault.

    ``path`` reads like ``$.quotas[1].max`` for structured data or ``contracts.csv:42:fraction``
    for a row of a file.

    >>> from teleaccord import Problem
    >>> Problem(path="$.quotas[0].days", message="expected a number of days, got 'x'")
    Problem(path='$.quotas[0].days', message="expected a number of days, got 'x'", code='invalid_value')
    """

    path: str = attrs.field(validator=_text)
    message: str = attrs.field(validator=_text)
    code: str = attrs.field(default="invalid_value", validator=_non_empty_code)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class LoadError(TeleaccordError, ValueError):
    """Data could not be loaded; :attr:`problems` lists every problem found, not only the first.

    >>> from teleaccord import LoadError, Problem
    >>> err = LoadError.from_problems("agreement.toml", [Problem("$.name", "missing")])
    >>> print(err)
    agreement.toml: 1 problem:
      $.name: missing
    >>> err.problems[0].path
    '$.name'
    """

    default_code = "load_error"

    def __init__(
        self,
        message: str,
        *,
        problems: Iterable[Problem] = (),
        source: str | None = None,
        code: str | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        first = self.problems[0].path if self.problems else None
        super().__init__(
            message,
            code=code,
            field=first,
            params={"problems": [attrs.asdict(p) for p in self.problems]},
        )

    @classmethod
    def from_problems(cls, source: str, problems: Iterable[Problem]) -> LoadError:
        """Build one error out of every problem found in ``source``."""
        found = tuple(problems)
        noun = "problem" if len(found) == 1 else "problems"
        lines = [f"{source}: {len(found)} {noun}:"]
        lines.extend(f"  {p}" for p in found)
        return cls("\n".join(lines), problems=found, source=source)


def jsonable(value: Any) -> Any:
    """Turn parameter values (dates, fractions, tuples) into JSON-compatible data."""
    from fractions import Fraction

    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)


def _freeze_params(
    value: Mapping[str, Any] | Iterable[tuple[str, Any]],
) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    merged = {str(k): v for k, v in items}  # one value per name, the last one given
    return tuple(sorted(merged.items(), key=_first))


def _first(item: tuple[str, Any]) -> str:
    return item[0]


@attrs.frozen
class Violation:
    """A broken business rule, as data: the rule's stable code, the day, the numbers, a message.

    Checks return every violation they find; operations that must refuse raise
    :class:`OperationRefused` carrying them.

    >>> from datetime import date
    >>> from teleaccord import Violation
    >>> v = Violation(
    ...     code="weekly_max_exceeded",
    ...     message="3 telework days booked in week 2024-W10; the agreement allows 2.",
    ...     day=date(2024, 3, 7),
    ...     params={"booked": 3, "maximum": 2},
    ... )
    >>> v.param("maximum")
    2
    >>> v.to_dict()["params"]
    {'booked': 3, 'maximum': 2}
    """

    code: str = attrs.field(validator=_non_empty_code)
    message: str = attrs.field(validator=_text)
    day: date | None = attrs.field(default=None, validator=_optional_day)
    params: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_freeze_params)

    def param(self, name: str) -> Any:
        """Return the parameter ``name`` (``KeyError`` if absent)."""
        return dict(self.params)[name]

    def to_dict(self) -> dict[str, Any]:
        """Return the violation as JSON-compatible data."""
        return {
            "code": self.code,
            "message": self.message,
            "day": self.day.isoformat() if self.day else None,
            "params": {k: jsonable(v) for k, v in self.params},
        }

    def __str__(self) -> str:
        return self.message


class OperationRefused(TeleaccordError):
    """An operation was refused; :attr:`violations` says why, and nothing was changed.

    >>> from teleaccord import OperationRefused, Violation
    >>> err = OperationRefused.from_violations([Violation("holiday", "2024-05-01 is a holiday.")])
    >>> [v.code for v in err.violations]
    ['holiday']
    >>> print(err)
    Refused: 2024-05-01 is a holiday.
    """

    default_code = "operation_refused"

    def __init__(
        self, message: str, *, violations: Iterable[Violation] = (), code: str | None = None
    ) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        codes = [v.code for v in self.violations]
        super().__init__(
            message,
            code=code or (codes[0] if len(codes) == 1 else None),
            field=codes[0] if codes else None,
            params={"violations": [v.to_dict() for v in self.violations]},
        )

    @classmethod
    def from_violations(cls, violations: Iterable[Violation]) -> OperationRefused:
        """Build the error from the violations a check returned."""
        found = tuple(violations)
        if not found:
            return cls("Refused (no reason was given).", violations=found)
        return cls("Refused: " + " ".join(v.message for v in found), violations=found)


class NotAllowed(TeleaccordError, PermissionError):
    """The actor may not perform this action (role, ownership, or own request).

    >>> from teleaccord import NotAllowed
    >>> isinstance(NotAllowed("Only the manager may approve."), PermissionError)
    True
    """

    default_code = "not_allowed"


class StaleVersion(TeleaccordError):
    """The record changed since the caller read it (optimistic concurrency); reload and retry.

    >>> from teleaccord import StaleVersion
    >>> StaleVersion("expected version 3, the ledger is at version 4.").code
    'stale_version'
    """

    default_code = "stale_version"
