"""Agreement files: TOML and plain dicts in, validated :class:`~teleaccord.agreement.Agreement` out.

The keys are the attribute names of the agreement and its parts. Amounts are numbers or text
(``100``, ``"40.5"``, ``"81/2"``, ``"80 %"``), weekdays are names (``"We"``), dates are ISO
8601 (TOML dates or strings). A bad file raises one :class:`~teleaccord.errors.LoadError`
listing every problem, each with its key path (``$.quotas[1].maximum``) and the file name;
unknown keys are errors, so a typo never passes silently.

A minimal file::

    name = "Up to 100 days a year"
    granularity = "half-day"

    [[quotas]]
    window = "period"
    maximum = 100
    prorate = true

    [rounding]
    mode = "half-up"
    unit = "1/2"
"""

from __future__ import annotations

import difflib
import enum
import os
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from fractions import Fraction
from importlib import resources
from typing import Any

import attrs
import tomli_w

from teleaccord.agreement import (
    OPEN_END,
    Accrual,
    AccrualStep,
    Agreement,
    Approval,
    CarryOver,
    CarryOverMode,
    Eligibility,
    Extra,
    Notice,
    OnSiteMinimum,
    PeriodKind,
    PresenceBasis,
    Prorating,
    Quota,
    ReferencePeriod,
    Window,
)
from teleaccord.amounts import Granularity, Rounding, RoundingMode, format_amount, parse_amount
from teleaccord.dates import DateRange, parse_date
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.pattern import WEEKDAY_NAMES, parse_weekday

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "agreement_from_dict",
    "agreement_to_dict",
    "dump_agreement",
    "load_agreement",
    "load_sample_agreement",
    "sample_agreements",
]

_SAMPLES = "data/agreements"

_ENUMS: dict[str, type[enum.Enum]] = {
    "PeriodKind": PeriodKind,
    "Window": Window,
    "PresenceBasis": PresenceBasis,
    "AccrualStep": AccrualStep,
    "CarryOverMode": CarryOverMode,
    "Granularity": Granularity,
    "RoundingMode": RoundingMode,
}

_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        ReferencePeriod,
        Quota,
        OnSiteMinimum,
        Extra,
        Prorating,
        Rounding,
        Accrual,
        Eligibility,
        Notice,
        CarryOver,
        Approval,
    )
}


class _Invalid(Exception):
    """A leaf value could not be read; the message says what was expected."""


_MISSING = object()


def _show(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# -- leaves ----------------------------------------------------------------------------------


def _read_amount(value: Any) -> Fraction:
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return parse_amount(value)
        except InvalidValue:
            pass
    msg = f"expected a number of days (such as 100, 40.5, 81/2 or 80 %), got {_show(value)}"
    raise _Invalid(msg)


def _read_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    msg = f"expected a whole number, got {_show(value)}"
    raise _Invalid(msg)


def _read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    msg = f"expected true or false, got {_show(value)}"
    raise _Invalid(msg)


def _read_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    msg = f"expected text, got {_show(value)}"
    raise _Invalid(msg)


def _read_enum(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        choices = [str(m.value) for m in kind]
        if isinstance(value, str) and value.strip().lower() in choices:
            return kind(value.strip().lower())
        msg = f"expected one of {', '.join(repr(c) for c in choices)}, got {_show(value)}"
        raise _Invalid(msg)

    return read


def _read_str_set(value: Any) -> frozenset[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return frozenset(v.strip() for v in value)
    msg = f"expected a list of names, got {_show(value)}"
    raise _Invalid(msg)


def _read_weekdays(value: Any) -> frozenset[int]:
    if isinstance(value, list):
        days: set[int] = set()
        for item in value:
            if isinstance(item, str):
                try:
                    days.add(parse_weekday(item, "weekday"))
                    continue
                except InvalidValue:
                    pass
            elif isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 6:
                days.add(item)
                continue
            msg = f'expected weekday names such as "We" (Mo Tu We Th Fr Sa Su), got {_show(item)}'
            raise _Invalid(msg)
        return frozenset(days)
    msg = f'expected a list of weekday names such as ["We"], got {_show(value)}'
    raise _Invalid(msg)


def _read_date(value: Any) -> date:
    if isinstance(value, (date, str)) and not isinstance(value, datetime):
        try:
            return parse_date(value)
        except InvalidValue:
            pass
    msg = f"expected a date as YYYY-MM-DD, got {_show(value)}"
    raise _Invalid(msg)


def _read_dates(value: Any) -> frozenset[date]:
    if not isinstance(value, list):
        msg = f"expected a list of dates or {{start, end}} ranges, got {_show(value)}"
        raise _Invalid(msg)
    days: set[date] = set()
    for item in value:
        if isinstance(item, Mapping):
            days.update(_read_range(item, open_end=False))
        else:
            days.add(_read_date(item))
    return frozenset(days)


def _read_range(value: Any, *, open_end: bool = True) -> DateRange:
    if isinstance(value, Mapping):
        keys = set(value)
        allowed = {"start", "end"}
        if keys <= allowed and "start" in keys and ("end" in keys or open_end):
            start = _read_date(value["start"])
            end = _read_date(value["end"]) if "end" in value else OPEN_END
            if end < start:
                msg = f"the range ends ({end}) before it starts ({start})"
                raise _Invalid(msg)
            return DateRange(start, end)
    need = "start and (optionally) end" if open_end else "start and end"
    msg = f"expected a table with {need} dates, got {_show(value)}"
    raise _Invalid(msg)


def _read_time(value: Any) -> time:
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    msg = f"expected a time of day as HH:MM, got {_show(value)}"
    raise _Invalid(msg)


def _read_month_day(value: Any) -> tuple[int, int]:
    if isinstance(value, str) and re.fullmatch(r"\s*-{0,2}\d{1,2}-\d{1,2}\s*", value):
        month_text, _, day_text = value.strip().lstrip("-").partition("-")
        parts = (int(month_text), int(day_text))
    elif (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        parts = (value[0], value[1])
    else:
        parts = (0, 0)
    try:
        date(2024, *parts)
    except ValueError:
        msg = f'expected a month and day as MM-DD (such as "03-31"), got {_show(value)}'
        raise _Invalid(msg) from None
    return parts


_LEAVES: dict[str, Callable[[Any], Any]] = {
    "Fraction": _read_amount,
    "int": _read_int,
    "bool": _read_bool,
    "str": _read_str,
    "frozenset[str]": _read_str_set,
    "frozenset[int]": _read_weekdays,
    "frozenset[date]": _read_dates,
    "DateRange": _read_range,
    "time": _read_time,
    "tuple[int, int]": _read_month_day,
}


# -- structure -------------------------------------------------------------------------------


def _field_type(cls: type[Any], attribute: attrs.Attribute[Any]) -> tuple[str, bool]:
    # The annotation as written in the source (a string, thanks to postponed evaluation): the
    # attribute's own ``type`` may have been resolved to a typing object by cattrs elsewhere.
    annotation = cls.__annotations__.get(attribute.name, attribute.type)
    text = annotation if isinstance(annotation, str) else str(annotation)
    optional = text.endswith(" | None")
    return (text.removesuffix(" | None"), optional)


def _sub_path(path: str, cls: type[Any], field: str | None) -> str:
    """The key path of an error raised by ``cls``, from the error's ``field``."""
    if not field:
        return path
    names = {a.name for a in attrs.fields(cls)}
    parts = field.split(".")
    for i in range(len(parts)):
        rest = ".".join(parts[i:])
        if re.split(r"[.\[]", rest)[0] in names:
            return f"{path}.{rest}"
    return path


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {key!r}{hint}; expected one of: {', '.join(known)}"


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, code: str = "invalid_value") -> None:
        self.problems.append(Problem(path=path, message=message, code=code))

    def value(self, text: str, data: Any, path: str) -> Any:
        """Read one value of the declared type ``text``; ``_MISSING`` after a problem."""
        if text in _LEAVES:
            try:
                return _LEAVES[text](data)
            except _Invalid as exc:
                self.problem(path, str(exc))
                return _MISSING
        if text in _ENUMS:
            try:
                return _read_enum(_ENUMS[text])(data)
            except _Invalid as exc:
                self.problem(path, str(exc))
                return _MISSING
        if text in _CLASSES:
            return self.table(_CLASSES[text], data, path)
        match = re.fullmatch(r"tuple\[(\w+), \.\.\.\]", text)
        if match:
            if not isinstance(data, list):
                self.problem(path, f"expected a list of tables, got {_show(data)}")
                return _MISSING
            items = [
                self.value(match.group(1), item, f"{path}[{n}]") for n, item in enumerate(data)
            ]
            return _MISSING if any(i is _MISSING for i in items) else tuple(items)
        msg = f"cannot read a value of type {text}"  # pragma: no cover - a schema bug
        raise TypeError(msg)  # pragma: no cover

    def table(self, cls: type[Any], data: Any, path: str) -> Any:
        """Read a table into ``cls``, collecting every problem."""
        if not isinstance(data, Mapping):
            self.problem(path, f"expected a table of {cls.__name__} keys, got {_show(data)}")
            return _MISSING
        fields = {a.name: a for a in attrs.fields(cls) if a.init}
        known = list(fields)
        before = len(self.problems)
        kwargs: dict[str, Any] = {}
        for key in data:
            if key not in fields:
                self.problem(f"{path}.{key}", _unknown_key(str(key), known), "unknown_key")
        for name, attribute in fields.items():
            sub = f"{path}.{name}"
            if name not in data:
                if attribute.default is attrs.NOTHING:
                    self.problem(sub, "missing required key", "missing_key")
                continue
            text, _ = _field_type(cls, attribute)
            kwargs[name] = self.value(text, data[name], sub)
        if len(self.problems) > before:
            return _MISSING
        try:
            return cls(**kwargs)
        except InvalidValue as exc:
            where = _sub_path(path, cls, exc.field)
            message = exc.message
            if exc.field and message.startswith(f"{exc.field}: "):
                message = message[len(exc.field) + 2 :]
            self.problem(where, message.rstrip("."), exc.code)
            return _MISSING


def agreement_from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Agreement:
    """Build an :class:`~teleaccord.agreement.Agreement` from plain data (a parsed TOML or JSON).

    Args:
        data: the agreement's keys (see the module documentation).
        source: the name used in the error (a file name).

    Raises:
        LoadError: listing every problem found, each with its key path.

    >>> a = agreement_from_dict({"name": "2 days a week", "excluded_weekdays": ["We"],
    ...                          "quotas": [{"window": "week", "maximum": 2}]})
    >>> a.quotas[0].maximum, a.excluded_weekdays
    (Fraction(2, 1), frozenset({2}))
    >>> agreement_from_dict({"name": "x", "quotas": [{"window": "week", "maximun": "2"}]})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 1 problem:
      $.quotas[0].maximun: unknown key 'maximun' (did you mean 'maximum'?); expected one of: window, maximum, minimum, prorate, label
    """
    reader = _Reader()
    result = reader.table(Agreement, data, "$")
    if reader.problems or result is _MISSING:
        raise LoadError.from_problems(source, reader.problems)
    assert isinstance(result, Agreement)
    return result


def load_agreement(path: str | os.PathLike[str]) -> Agreement:
    """Read an agreement from a TOML file.

    Raises:
        LoadError: the file is missing, is not valid TOML, or holds bad values (every problem
            listed, with the file name and each key path).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.toml").write_text('name = "x"\\n[[quotas]]\\nwindow = "period"\\nmaximum = -1\\n')
    >>> load_agreement(folder / "a.toml")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: .../a.toml: 1 problem:
      $.quotas[0].maximum: must not be negative, got -1
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            text = handle.read()
    except OSError as exc:
        problem = Problem("$", f"cannot read the file ({exc.strerror})", "unreadable_file")
        raise LoadError.from_problems(source, [problem]) from None
    return _from_toml_bytes(text, source)


def _from_toml_bytes(text: bytes, source: str) -> Agreement:
    try:
        data = tomllib.loads(text.decode("utf-8-sig"))
    except UnicodeDecodeError:
        problem = Problem("$", "the file is not UTF-8 text", "invalid_encoding")
        raise LoadError.from_problems(source, [problem]) from None
    except tomllib.TOMLDecodeError as exc:
        problem = Problem("$", f"not valid TOML: {exc}", "invalid_toml")
        raise LoadError.from_problems(source, [problem]) from None
    return agreement_from_dict(data, source)


# -- writing ---------------------------------------------------------------------------------


def _write_amount(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else format_amount(value)


def _write_dates(days: frozenset[date]) -> list[Any]:
    """Dates in order, runs of consecutive days written as ``{start, end}`` ranges."""
    out: list[Any] = []
    run: list[date] = []
    for day in sorted(days):
        if run and (day - run[-1]).days != 1:
            out.append(_write_run(run))
            run = []
        run.append(day)
    if run:
        out.append(_write_run(run))
    return out


def _write_run(run: list[date]) -> Any:
    if len(run) == 1:
        return run[0].isoformat()
    return {"start": run[0].isoformat(), "end": run[-1].isoformat()}


def _write(value: Any, text: str) -> Any:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Fraction):
        return _write_amount(value)
    if text == "frozenset[int]":
        return [WEEKDAY_NAMES[d] for d in sorted(value)]
    if text == "frozenset[date]":
        return _write_dates(value)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, DateRange):
        out = {"start": value.start.isoformat()}
        if value.end != OPEN_END:
            out["end"] = value.end.isoformat()
        return out
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if text == "tuple[int, int]":
        return f"{value[0]:02d}-{value[1]:02d}"
    if isinstance(value, tuple):
        return [_to_dict(item) for item in value]
    if attrs.has(type(value)):
        return _to_dict(value)
    return value


def _to_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attribute in attrs.fields(type(obj)):
        if not attribute.init:
            continue
        text, _ = _field_type(type(obj), attribute)
        written = _write(getattr(obj, attribute.name), text)
        if written is not None:
            out[attribute.name] = written
    return out


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    """The agreement as plain data: amounts as integers or exact text (never a float), dates
    as ISO text, weekdays as names; ``None`` values are left out.

    ``agreement_from_dict(agreement_to_dict(a)) == a`` for every agreement.

    >>> a = Agreement(name="x", quotas=[Quota(window="period", maximum="81/2")], excluded_weekdays=[2])
    >>> d = agreement_to_dict(a)
    >>> d["quotas"], d["excluded_weekdays"]
    ([{'window': 'period', 'maximum': '40.5', 'prorate': False, 'label': ''}], ['We'])
    >>> agreement_from_dict(d) == a
    True
    """
    return _to_dict(agreement)


def dump_agreement(agreement: Agreement) -> str:
    """The agreement as TOML text that :func:`load_agreement` reads back equal.

    >>> a = Agreement(name="x", quotas=[Quota(window="week", maximum=2)])
    >>> print("\\n".join(dump_agreement(a).splitlines()[:5]))
    name = "x"
    description = ""
    quotas = [
        { window = "week", maximum = 2, prorate = false, label = "" },
    ]
    """
    return tomli_w.dumps(agreement_to_dict(agreement))


# -- samples ---------------------------------------------------------------------------------


def sample_agreements() -> tuple[str, ...]:
    """The names of the agreements shipped with teleaccord.

    >>> sample_agreements()
    ('assistance-100-days', 'health-insurance-1-3-days')
    """
    folder = resources.files("teleaccord").joinpath(_SAMPLES)
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def load_sample_agreement(name: str) -> Agreement:
    """Load one of the :func:`sample_agreements` by name (with or without ``.toml``).

    Raises:
        InvalidValue: no sample has that name.

    >>> load_sample_agreement("assistance-100-days").period_quota.maximum
    Fraction(100, 1)
    """
    stem = name.removesuffix(".toml")
    if stem not in sample_agreements():
        msg = (
            f"name: no sample agreement is called {name!r}; available: "
            f"{', '.join(sample_agreements())}."
        )
        raise InvalidValue(msg, field="name", code="unknown_sample")
    entry = resources.files("teleaccord").joinpath(_SAMPLES).joinpath(f"{stem}.toml")
    return _from_toml_bytes(entry.read_bytes(), f"teleaccord/data/agreements/{stem}.toml")
