"""The one converter: every teleaccord value to plain data and back.

One :mod:`cattrs` configuration, built once, turns an attrs value into plain data (``dict``,
``list``, ``str``, ``int``, ``bool``, ``None``) and back. cattrs is made for attrs classes:
the field list, defaults and nesting come from the classes themselves, so a field added to a
value is serialised without a line here; only the leaf types and a few fields with a
friendlier form are configured below. Every edge of teleaccord goes through it: JSON and JSON
Lines (:mod:`teleaccord.io.json`), agreement files, allowance policy files and the packaged
data tables (:mod:`teleaccord.io.tables`).

The configuration has two forms, as cattrs' own preconfigured converters have one per format:

``"data"``
    the wire shape machines exchange (JSON, JSON Lines): strict, exact amounts as strings
    (``"40.5"``, ``"81/2"``), money as decimal strings (``"59.40"``), never a JSON float;
    ``None`` written as ``null``; derived fields written for readers and checked on reading.
    :func:`to_data` adds the ``"type"`` tag and ``"schema_version"`` at the top level.
``"file"``
    the files people write (TOML): the same classes, fields and checks, with friendly leaves:
    amounts as numbers or text (``100``, ``40.5``, ``"81/2"``, ``"80 %"``), money as text or
    numbers (``"2,70"``), TOML dates or ISO text, case-insensitive choices, weekday names,
    ``"03-31"`` month days, date ranges ``{start, end}``; ``None`` values are left out.

The ``"data"`` format, for every value:

- exact amounts (:class:`~fractions.Fraction`) are strings, ``"40.5"`` when exact in decimal,
  else ``"81/2"``; money (:class:`~decimal.Decimal`) is a decimal string (``"59.40"``);
- dates are ``YYYY-MM-DD``; datetimes are ISO 8601 with their UTC offset, and with the IANA
  zone in brackets when they have one (``2024-06-03T09:00:00+02:00[Europe/Paris]``, as in
  RFC 9557), so a zone survives the trip; naive datetimes are refused; times are ``HH:MM[:SS]``;
- enums are their values (``"half-day"``), frozensets sorted lists, tuples lists;
- a :class:`~teleaccord.pattern.WorkPattern` is its text form with its anchor and whether it
  works holidays: ``{"text": "Mo Tu / We Th Fr", "anchor": "2024-01-01", "works_holidays":
  false}``;
- weekday sets are names (``["We"]``), a carry-over expiry is ``"MM-DD"``, extra holidays are
  ``{"2024-06-01": "Local fair"}``;
- free parameters (``Violation.params``, ``AuditEvent.data``) are an object whose values keep
  their Python type: JSON scalars and lists as is, anything else tagged
  (``{"$fraction": "3/2"}``, ``{"$date": "2024-03-07"}``, ``{"$tuple": [...]}``,
  ``{"$value": {...}}`` for a teleaccord value).

Reading is strict in both forms: wrong types, unknown keys, missing keys and bad values are
all reported at once, in one :class:`~teleaccord.errors.LoadError` whose problems name the
path of each value at fault (``$.quotas[2].maximum``), as cattrs' ``transform_error`` does,
with our own messages.

>>> from teleaccord import Quota
>>> from teleaccord.io.convert import structure, unstructure
>>> quota = Quota(window="week", maximum="5/2")
>>> unstructure(quota)
{'window': 'week', 'maximum': '2.5', 'minimum': None, 'prorate': False, 'label': ''}
>>> unstructure(quota, form="file")
{'window': 'week', 'maximum': '2.5', 'prorate': False, 'label': ''}
>>> structure({"window": "Week", "maximum": "50 %"}, Quota, form="file")
Quota(window=<Window.WEEK: 'week'>, maximum=Fraction(1, 2), minimum=None, prorate=False, label='')
>>> structure({"window": "week", "maximum": 2.5}, Quota)
Traceback (most recent call last):
...
teleaccord.errors.LoadError: <data>: 1 problem:
  $.maximum: expected an exact amount as a string, such as "40", "40.5" or "81/2", got the number 2.5
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import difflib
import enum
import functools
import json as _json
import logging
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeVar, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from teleaccord.absence import Absence, AbsenceKind
from teleaccord.agreement import (
    OPEN_END,
    Accrual,
    Agreement,
    ApprovalClause,
    CarryOver,
    Eligibility,
    Extra,
    Notice,
    OnSiteMinimum,
    Pool,
    Prorating,
    Quota,
    ReferencePeriod,
)
from teleaccord.allowance import (
    AllowanceExplanation,
    AllowancePolicy,
    CappedLimit,
    CappedLimitTable,
    ExemptionLimit,
    ExemptionTable,
    MonthlyAllowance,
    RuleSource,
    YearlyCappedAmount,
    parse_money,
)
from teleaccord.amounts import Rounding, format_amount, number_in_bounds, parse_amount
from teleaccord.approval import ApprovalPolicy, AuditEvent, Organisation, Role, TeleworkRequest
from teleaccord.arrangement import Arrangement, PlannedBooking, PlanResult, Rhythm
from teleaccord.calendars import Calendar, Holiday
from teleaccord.charter import Charter, NotApplicable, Requirement, TimeWindow
from teleaccord.compliance import ComplianceCheck, ComplianceItem, ComplianceReport
from teleaccord.contract import Amendment, Contract, Segment
from teleaccord.coverage import (
    CoverageRule,
    DayPlan,
    HalfDayPlan,
    TeamCoverage,
    TeamMember,
    TeamPlan,
)
from teleaccord.crossborder import (
    BusinessTrip,
    CrossBorderReport,
    Signatory,
    Threshold,
    ThresholdCounter,
    ThresholdTable,
    WeekCount,
)
from teleaccord.dates import DateRange, parse_date
from teleaccord.disconnect import (
    ActivityEvent,
    DisconnectReport,
    PersonDisconnect,
    RestShortfall,
    TeamDisconnect,
)
from teleaccord.entitlements import Entitlement, Explanation, SegmentShare, VersionShare
from teleaccord.entries import (
    ENTRY_TYPES,
    Adjustment,
    AuthorisedException,
    Booking,
    Cancellation,
    Grant,
    Regrant,
)
from teleaccord.errors import InvalidValue, LoadError, Problem, Violation
from teleaccord.io.csv import CsvColumn, CsvFormat, SampleWorkforce
from teleaccord.ledger import Balance, DaysTaken, Statement, StatementLine
from teleaccord.minimums import MinimumShortfall, MinimumsReport
from teleaccord.overrides import IndividualTerms
from teleaccord.pattern import WEEKDAY_NAMES, HalfDay, WorkPattern, parse_weekday
from teleaccord.planner import PersonOutcome, Plan, PlanConflict, PlannedDay, RuleRef, Wish
from teleaccord.prerequisites import (
    Attestation,
    ExpiringAttestation,
    PrerequisiteCheck,
    PrerequisiteReport,
)
from teleaccord.slots import member_setters
from teleaccord.teams import Teams, TeamSpec
from teleaccord.validators import fields_read
from teleaccord.versions import AgreementHistory, AgreementVersion
from teleaccord.workforce import BalanceRow, EmployeeContract

__all__ = [
    "SCHEMA_VERSION",
    "Form",
    "builder",
    "from_data",
    "json_schema",
    "reader",
    "serialisable_types",
    "structure",
    "to_data",
    "unstructure",
]

log = logging.getLogger(__name__)

Form = Literal["data", "file"]
"""The two forms of the converter: ``"data"`` (the JSON wire shape) and ``"file"`` (the
friendly shape of the TOML files people write)."""

T = TypeVar("T")
K = TypeVar("K", str, date)  # what a key is read as: both sort
V = TypeVar("V")

SCHEMA_VERSION = 1
"""The version of the JSON format this teleaccord writes (and the newest it reads)."""

_VALUE_TYPES: tuple[type[Any], ...] = (
    # calendars, patterns, dates
    Calendar,
    Holiday,
    WorkPattern,
    DateRange,
    # contracts
    Contract,
    Segment,
    Amendment,
    # absences
    Absence,
    AbsenceKind,
    # agreements and their parts
    Agreement,
    ReferencePeriod,
    Quota,
    Pool,
    OnSiteMinimum,
    Extra,
    Prorating,
    Rounding,
    Accrual,
    Eligibility,
    Notice,
    CarryOver,
    ApprovalClause,
    AgreementHistory,
    AgreementVersion,
    IndividualTerms,
    # entitlements
    Entitlement,
    Explanation,
    SegmentShare,
    VersionShare,
    # ledger entries, balances and statements
    *ENTRY_TYPES,
    AuthorisedException,
    Balance,
    Statement,
    StatementLine,
    DaysTaken,
    # minimums
    MinimumShortfall,
    MinimumsReport,
    # requests, arrangements and their audit trail
    Organisation,
    ApprovalPolicy,
    AuditEvent,
    TeleworkRequest,
    Rhythm,
    Arrangement,
    PlannedBooking,
    PlanResult,
    # team coverage
    CoverageRule,
    TeamMember,
    TeamCoverage,
    HalfDayPlan,
    DayPlan,
    TeamPlan,
    TeamSpec,
    Teams,
    # team plans
    Wish,
    RuleRef,
    PlanConflict,
    PlannedDay,
    PersonOutcome,
    Plan,
    # allowances and cross-border thresholds
    RuleSource,
    ExemptionLimit,
    ExemptionTable,
    AllowancePolicy,
    AllowanceExplanation,
    MonthlyAllowance,
    Threshold,
    ThresholdTable,
    ThresholdCounter,
    CrossBorderReport,
    # the workforce job and its file formats
    EmployeeContract,
    BalanceRow,
    CsvColumn,
    CsvFormat,
    SampleWorkforce,
    # rule outcomes and load problems
    Violation,
    Problem,
)

# The law (issue 15): dated capped allowances, treaty signatories, weekly counts.
_VALUE_TYPES = (
    *_VALUE_TYPES,
    CappedLimit,
    CappedLimitTable,
    YearlyCappedAmount,
    Signatory,
    WeekCount,
    BusinessTrip,
    Charter,
    TimeWindow,
    Requirement,
    NotApplicable,
    ComplianceCheck,
    ComplianceItem,
    ComplianceReport,
    ActivityEvent,
    RestShortfall,
    PersonDisconnect,
    TeamDisconnect,
    DisconnectReport,
    Attestation,
    ExpiringAttestation,
    PrerequisiteCheck,
    PrerequisiteReport,
)


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The resolved field types of ``cls`` (resolving them compiles their text: done once)."""
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls)
    return found


def _enums_in(kind: Any, seen: set[Any]) -> Iterable[type[enum.Enum]]:
    """The enum classes used by ``kind``'s fields, at any depth."""
    if kind in seen:
        return
    seen.add(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        yield kind
    elif isinstance(kind, type) and attrs.has(kind):
        for hint in _hints(kind).values():
            yield from _enums_in(hint, seen)
    for arg in get_args(kind):
        yield from _enums_in(arg, seen)


_TYPES: dict[str, type[Any]] = {cls.__name__: cls for cls in _VALUE_TYPES}
_ENUMS: dict[str, type[enum.Enum]] = {HalfDay.__name__: HalfDay, Role.__name__: Role}
_ENUMS.update((e.__name__, e) for t in _VALUE_TYPES for e in _enums_in(t, set()))
_ENUMS = dict(sorted(_ENUMS.items()))
_RESERVED = ("type", "schema_version")


def serialisable_types() -> tuple[type[Any], ...]:
    """The value classes :func:`to_data` and :func:`from_data` handle, by name.

    >>> from teleaccord import serialisable_types
    >>> [cls.__name__ for cls in serialisable_types()][:4]
    ['Calendar', 'Holiday', 'WorkPattern', 'DateRange']
    """
    return tuple(_TYPES.values())


# -- errors ----------------------------------------------------------------------------------


class _Bad(Exception):
    """A value could not be read: our message, a stable code, and a path below the value."""

    def __init__(self, message: str, code: str = "invalid_value", subpath: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.subpath = subpath


class _Nested(Exception):
    """Several values inside one container could not be read, each at its own sub-path."""

    def __init__(self, errors: list[tuple[str, BaseException]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def _show(value: Any) -> str:
    """How a bad JSON value is named in a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    return type(value).__name__


def _key_path(key: Any) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    text = str(key)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        return f".{text}"
    return f"[{text!r}]"


def _sub_path(path: str, cls: type[Any], field: str | None) -> str:
    """The path of an :class:`InvalidValue` raised by ``cls``, from the error's ``field``."""
    if not field:
        return path
    names = {a.name for a in attrs.fields(cls)}
    parts = field.split(".")
    for i in range(len(parts)):
        rest = ".".join(parts[i:])
        if re.split(r"[.\[]", rest)[0] in names:
            return f"{path}.{rest}"
    return path


def _invalid_value_problem(exc: InvalidValue, path: str, cls: type[Any] | None) -> Problem:
    where = _sub_path(path, cls, exc.field) if cls is not None else path
    message = exc.message
    if exc.field and message.startswith(f"{exc.field}: "):
        message = message[len(exc.field) + 2 :]
    return Problem(path=where, message=message, code=exc.code)


def _unknown_key(key: Any, cls: type[Any]) -> str:
    known = [a.name for a in attrs.fields(cls) if a.init]
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        f"unknown key {str(key)!r} in a {cls.__name__}{hint}; expected one of: {', '.join(known)}"
    )


def _problems(exc: BaseException, path: str, cls: type[Any] | None = None) -> list[Problem]:
    """Every problem inside ``exc`` (a cattrs exception group or ours), with its JSON path."""
    found: list[Problem] = []
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            found.extend(_problems(sub, f"{path}{_key_path(note.name)}"))
        for sub in without:
            found.extend(_problems(sub, path, exc.cl))
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for item, inote in with_notes_i:
            found.extend(_problems(item, f"{path}{_key_path(inote.index)}"))
        for other in without_i:
            found.extend(_problems(other, path))
    elif isinstance(exc, _Nested):
        for subpath, error in exc.errors:
            found.extend(_problems(error, path + subpath))
    elif isinstance(exc, _Bad):
        found.append(Problem(path=path + exc.subpath, message=exc.message, code=exc.code))
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields, key=str):
            found.append(
                Problem(f"{path}{_key_path(key)}", _unknown_key(key, exc.cl), "unknown_key")
            )
    elif isinstance(exc, KeyError):
        found.append(Problem(path, "this key is required but missing", "missing_key"))
    elif isinstance(exc, InvalidValue):
        found.append(_invalid_value_problem(exc, path, cls))
    elif isinstance(exc, LoadError):
        for p in exc.problems:
            found.append(Problem(path + p.path.removeprefix("$"), p.message, p.code))
    else:
        log.debug("unexpected error while reading %s", path, exc_info=exc)
        found.append(Problem(path, f"invalid value ({exc})", "invalid_value"))
    return found


# -- leaves ----------------------------------------------------------------------------------

_AMOUNT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|[0-9]+/[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?")
_DATETIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T"
    r"(?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<offset>Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{6})?)?)?"
    r"(?:\[(?P<zone>[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*)\])?"
)
_MONTH_DAY = re.compile(r"([0-9]{2})-([0-9]{2})")
_AMOUNT_HINT = 'an exact amount as a string, such as "40", "40.5" or "81/2"'


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        msg = f"expected {what}, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    return value


def _structure_str(value: Any, _: Any = None) -> str:
    if type(value) is str:
        return value
    return _text(value, "a string")


def _structure_int(value: Any, _: Any = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"expected a whole number, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    return value


def _structure_bool(value: Any, _: Any = None) -> bool:
    if not isinstance(value, bool):
        msg = f"expected true or false, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    return value


def _matched(
    value: Any, hint: str, pattern: re.Pattern[str], code: str, *, longest: int | None = None
) -> re.Match[str]:
    """``value`` as text written the way ``pattern`` says (and at most ``longest`` characters),
    else an error saying what was expected."""
    text = _text(value, hint)
    match = pattern.fullmatch(text)
    if match is None or (longest is not None and len(text) > longest):
        msg = f"expected {hint}, got {_show(value)}"
        raise _Bad(msg, code)
    return match


def _number_text(value: Any, hint: str, pattern: re.Pattern[str]) -> str:
    text = _matched(value, hint, pattern, "invalid_number", longest=400).group()
    if not number_in_bounds(text):  # 1e1000000000 would hang Fraction() or Decimal()
        msg = f"expected {hint}, got {_show(value)}"
        raise _Bad(msg, "invalid_number")
    return text


_MEMO_SIZE = 4096


def _remembered(hook: Callable[[Any, Any], V]) -> Callable[[Any, Any], V]:
    """``hook`` (a leaf's structure hook from text to an immutable value), remembering what
    it answered for the last texts it read: a ledger's entries repeat their amounts, days
    and timestamps. A text is remembered only once ``hook`` has read it without error, and
    the same text always reads the same, so every value is still validated."""
    memo: dict[str, V] = {}

    def structure(value: Any, kind: Any = None) -> V:
        if type(value) is str:
            found = memo.get(value)
            if found is not None:
                return found
            result = hook(value, kind)
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[value] = result
            return result
        return hook(value, kind)

    structure.__doc__ = hook.__doc__
    return structure


def _structure_fraction(value: Any, _: Any = None) -> Fraction:
    return Fraction(_number_text(value, _AMOUNT_HINT, _AMOUNT))


def _unstructure_fraction(value: Fraction) -> str:
    return format_amount(value)


def _structure_decimal(value: Any, _: Any = None) -> Decimal:
    hint = 'an amount of money as a decimal string, such as "59.40"'
    return Decimal(_number_text(value, hint, _DECIMAL))


def _unstructure_decimal(value: Decimal) -> str:
    if not value.is_finite():
        msg = f"money: {value} cannot be written as JSON money; expected a finite amount."
        raise InvalidValue(msg, field="money", code="invalid_number")
    return format(value, "f")


def _structure_date(value: Any, _: Any = None) -> date:
    text = _text(value, "a date as YYYY-MM-DD")
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            msg = f"expected a date as YYYY-MM-DD, got {_show(value)} ({exc})"
            raise _Bad(msg, "invalid_date") from None
    msg = f"expected a date as YYYY-MM-DD, got {_show(value)}"
    raise _Bad(msg, "invalid_date")


def _unstructure_date(value: date) -> str:
    return value.isoformat()


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        msg = f"unknown time zone {name!r} in brackets"
        raise _Bad(msg, "unknown_timezone") from None


def _structure_datetime(value: Any, _: Any = None) -> _dt.datetime:
    hint = "a timezone-aware date and time such as 2024-06-03T09:00:00+02:00"
    match = _matched(value, hint, _DATETIME, "invalid_datetime")
    offset = match.group("offset")
    if offset is None:
        msg = f"{_show(value)} has no UTC offset; write it with one, such as +02:00 or Z"
        raise _Bad(msg, "naive_datetime")
    clock = match.group("time")
    if "." in clock:
        whole, _, fraction = clock.partition(".")
        clock = f"{whole}.{fraction.ljust(6, '0')}"
    offset = "+00:00" if offset == "Z" else offset
    try:
        moment = _dt.datetime.fromisoformat(f"{match.group('date')}T{clock}{offset}")
    except ValueError as exc:
        msg = f"expected {hint}, got {_show(value)} ({exc})"
        raise _Bad(msg, "invalid_datetime") from None
    zone = match.group("zone")
    return moment if zone is None else _in_zone(moment, _zone(zone), value)


def _in_zone(moment: _dt.datetime, zone: ZoneInfo, text: Any) -> _dt.datetime:
    """``moment`` with ``zone`` as its time zone, keeping the wall time written when the zone
    gives it the offset written (even in a DST gap or overlap), else the same instant."""
    offset = moment.utcoffset()
    for fold in (0, 1):
        candidate = moment.replace(tzinfo=zone, fold=fold)
        if candidate.utcoffset() == offset:
            return candidate
    try:
        return moment.astimezone(zone)
    except OverflowError:
        msg = f"{_show(text)} is out of the range of dates"
        raise _Bad(msg, "invalid_datetime") from None


def _unstructure_datetime(value: _dt.datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        msg = f"at: {value.isoformat()} has no time zone; teleaccord stores aware datetimes only."
        raise InvalidValue(msg, field="at", code="naive_datetime")
    text = value.isoformat()
    if isinstance(value.tzinfo, ZoneInfo):
        text += f"[{value.tzinfo.key}]"
    return text


def _structure_time(value: Any, _: Any = None) -> _dt.time:
    hint = "a time of day as HH:MM or HH:MM:SS"
    match = _matched(value, hint, _TIME, "invalid_time")
    hour, minute, second, micro = match.groups()
    try:
        return _dt.time(int(hour), int(minute), int(second or 0), int((micro or "0").ljust(6, "0")))
    except ValueError as exc:
        msg = f"expected {hint}, got {_show(value)} ({exc})"
        raise _Bad(msg, "invalid_time") from None


def _unstructure_time(value: _dt.time) -> str:
    return value.isoformat(
        timespec="minutes" if not value.second and not value.microsecond else "auto"
    )


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    choices = [member.value for member in cls]
    if isinstance(value, str):
        for member in cls:
            if member.value == value:
                return member
    shown = ", ".join(repr(c) for c in choices)
    msg = f"expected one of {shown}, got {_show(value)}"
    raise _Bad(msg, "invalid_choice")


# -- composite leaves: patterns, weekday sets, pairs, free parameters -----------------------


def _structure_object(value: Any, what: str, keys: Iterable[str], required: Iterable[str]) -> None:
    """Check ``value`` is an object with only ``keys`` and every ``required`` one."""
    if not isinstance(value, Mapping):
        msg = f"expected {what}, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    errors: list[tuple[str, BaseException]] = []
    known = list(keys)
    for key in value:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            message = f"unknown key {str(key)!r}{hint}; expected one of: {', '.join(known)}"
            errors.append((_key_path(key), _Bad(message, "unknown_key")))
    for key in required:
        if key not in value:
            errors.append((_key_path(key), _Bad("this key is required but missing", "missing_key")))
    if errors:
        raise _Nested(errors)


def _read_keys(
    value: Mapping[str, Any],
    readers: Mapping[str, Callable[[Any], Any]],
    errors: list[tuple[str, BaseException]],
    *,
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Read each key of ``value`` that has a reader; every problem (added to ``errors``, with a
    missing ``required`` key) is raised together."""
    parts: dict[str, Any] = {}
    for key, reader in readers.items():
        if key not in value:
            if key in required:
                errors.append((f".{key}", _Bad("this key is required but missing", "missing_key")))
            continue
        try:
            parts[key] = reader(value[key])
        except _Bad as exc:
            errors.append((f".{key}", exc))
    if errors:
        raise _Nested(errors)
    return parts


def _structure_pattern(value: Any, _: Any = None) -> WorkPattern:
    keys = ("text", "anchor", "works_holidays")
    _structure_object(value, 'a work pattern such as {"text": "Mo Tu Th Fr"}', keys, ("text",))
    readers: dict[str, Callable[[Any], Any]] = {
        "text": _structure_str,
        "anchor": lambda v: None if v is None else _structure_date(v),
        "works_holidays": _structure_bool,
    }
    parts = _read_keys(value, readers, [])
    try:
        return WorkPattern.parse(
            parts["text"],
            anchor=parts.get("anchor"),
            works_holidays=parts.get("works_holidays", False),
        )
    except InvalidValue as exc:
        sub = ".anchor" if exc.field == "pattern.anchor" else ".text"
        raise _Bad(_invalid_value_problem(exc, "", None).message, exc.code, sub) from None


def _unstructure_pattern(value: WorkPattern) -> dict[str, Any]:
    return {
        "text": str(value),
        "anchor": None if value.anchor is None else value.anchor.isoformat(),
        "works_holidays": value.works_holidays,
    }


def _items(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        msg = f"expected {what}, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    return value


# What reading a value raises for a problem in the data (not a bug of ours).
_PROBLEMS: tuple[type[BaseException], ...] = (_Bad, _Nested, BaseValidationError)


def _collect(
    entries: Iterable[tuple[str, Any]],
    read: Callable[[Any], T],
    catch: tuple[type[BaseException], ...] = _PROBLEMS,
) -> list[T]:
    """Read every entry (its path, its value), collecting the problems of all of them."""
    out: list[T] = []
    errors: list[tuple[str, BaseException]] = []
    for path, item in entries:
        try:
            out.append(read(item))
        except catch as exc:
            errors.append((path, exc))
    if errors:
        raise _Nested(errors)
    return out


def _each(
    value: list[Any],
    read: Callable[[Any], T],
    catch: tuple[type[BaseException], ...] = _PROBLEMS,
) -> list[T]:
    """Read every item, collecting the problems of all of them."""
    return _collect(((f"[{n}]", item) for n, item in enumerate(value)), read, catch)


def _structure_weekdays(value: Any, _: Any = None) -> frozenset[int] | None:
    if value is None:
        return None

    def weekday(item: Any) -> int:
        if isinstance(item, str) and item in WEEKDAY_NAMES:
            return WEEKDAY_NAMES.index(item)
        shown = " ".join(WEEKDAY_NAMES)
        msg = f"expected a weekday name ({shown}), got {_show(item)}"
        raise _Bad(msg, "invalid_weekday")

    return frozenset(_each(_items(value, 'a list of weekday names such as ["We"]'), weekday))


def _unstructure_weekdays(value: frozenset[int] | None) -> list[str] | None:
    return None if value is None else [WEEKDAY_NAMES[d] for d in sorted(value)]


def _structure_month_day(value: Any, _: Any = None) -> tuple[int, int] | None:
    if value is None:
        return None
    text = _text(value, 'a month and day as "MM-DD"')
    match = _MONTH_DAY.fullmatch(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2024, month, day)  # a leap year: 29 February is a valid month and day
        except ValueError:
            pass
        else:
            return (month, day)
    msg = f'expected a month and day as "MM-DD", got {_show(value)}'
    raise _Bad(msg, "invalid_date")


def _unstructure_month_day(value: tuple[int, int] | None) -> str | None:
    return None if value is None else f"{value[0]:02d}-{value[1]:02d}"


def _string_map(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        msg = f"expected {what}, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    return value


def _sorted_pairs(
    what: str, pair: Callable[[Any, Any], tuple[K, V]]
) -> Callable[[Any, Any], tuple[tuple[K, V], ...]]:
    """A structure hook for an object read as pairs sorted by key: ``pair(key, item)`` for
    each entry, every entry's error kept under its key's path."""

    def structure(value: Any, _: Any = None) -> tuple[tuple[K, V], ...]:
        entries = ((_key_path(key), (key, item)) for key, item in _string_map(value, what).items())
        out = _collect(entries, lambda entry: pair(*entry), (_Bad, _Nested))
        return tuple(sorted(out, key=lambda found: found[0]))

    return structure


_structure_extra_holidays = _sorted_pairs(
    'an object of dates and names, such as {"2024-06-01": "Fair"}',
    lambda day, name: (_structure_date(day), _structure_str(name)),
)


def _unstructure_extra_holidays(value: tuple[tuple[date, str], ...]) -> dict[str, str]:
    return {day.isoformat(): name for day, name in value}


def _structure_extras(value: Any, _: Any = None) -> tuple[tuple[str, Fraction], ...]:
    def extra(item: Any) -> tuple[str, Fraction]:
        _structure_object(
            item, 'an object {"status": ..., "days": ...}', ("status", "days"), ("status", "days")
        )
        errors: list[tuple[str, BaseException]] = []
        status: str = ""
        days = Fraction(0)
        try:
            status = _structure_str(item["status"])
        except _Bad as exc:
            errors.append((".status", exc))
        try:
            days = _structure_fraction(item["days"])
        except _Bad as exc:
            errors.append((".days", exc))
        if errors:
            raise _Nested(errors)
        return (status, days)

    return tuple(_each(_items(value, "a list of extras"), extra))


def _unstructure_extras(value: tuple[tuple[str, Fraction], ...]) -> list[dict[str, str]]:
    return [{"status": s, "days": format_amount(d)} for s, d in value]


# Free parameters: JSON scalars and lists as they are, other Python values tagged.

_TAGS = (
    "$tuple",
    "$frozenset",
    "$fraction",
    "$decimal",
    "$date",
    "$datetime",
    "$time",
    "$enum",
    "$value",
    "$map",
)


def _encode_any(value: Any) -> Any:
    if value is None or (isinstance(value, (bool, int, str)) and not isinstance(value, enum.Enum)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            msg = f"params: {value!r} cannot be written as JSON; give a finite number."
            raise InvalidValue(msg, field="params", code="invalid_number")
        return value
    if isinstance(value, list):
        return [_encode_any(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode_any(v) for v in value]}
    if isinstance(value, frozenset):
        return {"$frozenset": _sorted_data(value, _encode_any)}
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            msg = "params: only objects with string keys can be written as JSON."
            raise InvalidValue(msg, field="params", code="invalid_value")
        encoded = {k: _encode_any(v) for k, v in value.items()}
        return {"$map": encoded} if any(k.startswith("$") for k in value) else encoded
    if isinstance(value, Fraction):
        return {"$fraction": format_amount(value)}
    if isinstance(value, Decimal):
        return {"$decimal": _unstructure_decimal(value)}
    if isinstance(value, _dt.datetime):
        return {"$datetime": _unstructure_datetime(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, _dt.time):
        return {"$time": _unstructure_time(value)}
    if isinstance(value, enum.Enum) and type(value).__name__ in _ENUMS:
        return {"$enum": [type(value).__name__, value.value]}
    if type(value).__name__ in _TYPES and _TYPES[type(value).__name__] is type(value):
        return {"$value": to_data(value)}
    msg = (
        f"params: a {type(value).__name__} cannot be written as JSON; use numbers, text, "
        "dates, amounts, lists, tuples or teleaccord values."
    )
    raise InvalidValue(msg, field="params", code="not_serialisable")


def _decode_any(value: Any) -> Any:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        msg = f"expected a finite number, got {value!r}"
        raise _Bad(msg, "invalid_number")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return _each(value, _decode_any)
    if not isinstance(value, Mapping):
        msg = f"expected JSON data, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    tagged = [k for k in value if isinstance(k, str) and k.startswith("$")]
    if not tagged:
        return _decode_map(value)
    if len(value) != 1:
        message = (
            f'a tagged value has exactly one key, such as {{"$date": ...}}; got the keys '
            f"{', '.join(sorted(map(str, value)))}"
        )
        raise _Bad(message, "invalid_tag")
    tag, inner = next(iter(value.items()))
    sub = f"[{tag!r}]"
    try:
        return _decode_tag(tag, inner)
    except (_Bad, _Nested) as exc:
        raise _Nested([(sub, exc)]) from None
    except LoadError as exc:
        raise _Nested([(sub, exc)]) from None


def _decode_map(value: Mapping[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    errors: list[tuple[str, BaseException]] = []
    for key, item in value.items():
        try:
            out[_structure_str(key)] = _decode_any(item)
        except (_Bad, _Nested) as exc:
            errors.append((_key_path(key), exc))
    if errors:
        raise _Nested(errors)
    return out


def _decode_tag(tag: str, inner: Any) -> Any:
    if tag == "$tuple":
        return tuple(_each(_items(inner, "a list"), _decode_any))
    if tag == "$frozenset":
        items = _each(_items(inner, "a list"), _decode_any)
        try:
            return frozenset(items)
        except TypeError:
            msg = "the items of a set must be hashable (no lists or objects)"
            raise _Bad(msg) from None
    if tag == "$map":
        return _decode_map(_string_map(inner, "an object"))
    if tag == "$fraction":
        return _structure_fraction(inner)
    if tag == "$decimal":
        return _structure_decimal(inner)
    if tag == "$date":
        return _structure_date(inner)
    if tag == "$datetime":
        return _structure_datetime(inner)
    if tag == "$time":
        return _structure_time(inner)
    if tag == "$enum":
        pair = _items(inner, 'a list ["EnumName", value]')
        if len(pair) != 2 or not isinstance(pair[0], str) or pair[0] not in _ENUMS:
            known = ", ".join(sorted(_ENUMS))
            msg = f'expected ["EnumName", value] with an enum among {known}'
            raise _Bad(msg, "invalid_tag")
        return _structure_enum(pair[1], _ENUMS[pair[0]])
    if tag == "$value":
        return from_data(inner)
    msg = f"unknown tag {tag!r}; expected one of {', '.join(_TAGS)}"
    raise _Bad(msg, "invalid_tag")


def _structure_params(value: Any, _: Any = None) -> tuple[tuple[str, Any], ...]:
    data = _string_map(value, "an object of parameters")
    return tuple(sorted(_decode_map(data).items()))


def _unstructure_params(value: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    out = {k: _encode_any(v) for k, v in value}
    return out


# -- the friendly leaves of files people write (the "file" form) ---------------------------

_DAYS_HINT = "a number of days (such as 100, 40.5, 81/2 or 80 %)"


def _file_fraction(value: Any, _: Any = None) -> Fraction:
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        with contextlib.suppress(InvalidValue):
            return parse_amount(value)
    msg = f"expected {_DAYS_HINT}, got {_show(value)}"
    raise _Bad(msg, "invalid_number")


def _file_amount(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else format_amount(value)


def _file_money(value: Any, _: Any = None) -> Decimal:
    if isinstance(value, (int, float, str, Decimal)) and not isinstance(value, bool):
        try:
            return parse_money(value)
        except InvalidValue as exc:
            raise _Bad(_invalid_value_problem(exc, "", None).message, exc.code) from None
    msg = f'expected an amount of money (such as "2.70"), got {_show(value)}'
    raise _Bad(msg, "invalid_money")


def _file_date(value: Any, _: Any = None) -> date:
    if isinstance(value, (date, str)) and not isinstance(value, _dt.datetime):
        with contextlib.suppress(InvalidValue):
            return parse_date(value)
    msg = f"expected a date as YYYY-MM-DD, got {_show(value)}"
    raise _Bad(msg, "invalid_date")


def _file_time(value: Any, _: Any = None) -> _dt.time:
    if isinstance(value, _dt.time) and value.tzinfo is None:
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return _dt.time.fromisoformat(value.strip())
    msg = f"expected a time of day as HH:MM, got {_show(value)}"
    raise _Bad(msg, "invalid_time")


def _file_time_text(value: _dt.time) -> str:
    return value.isoformat(timespec="minutes" if not value.second else "seconds")


def _file_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    """A choice, whatever its case and surrounding spaces."""
    if isinstance(value, str):
        wanted = value.strip().lower()
        for member in cls:
            if member.value == value or str(member.value).lower() == wanted:
                return member
    shown = ", ".join(repr(str(m.value)) for m in cls)
    msg = f"expected one of {shown}, got {_show(value)}"
    raise _Bad(msg, "invalid_choice")


def _file_names(value: Any, _: Any = None) -> frozenset[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return frozenset(v.strip() for v in value)
    msg = f"expected a list of names, got {_show(value)}"
    raise _Bad(msg, "invalid_type")


def _file_countries(value: Any, _: Any = None) -> frozenset[str]:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return frozenset(v.strip().upper() for v in value)
    msg = f'expected a non-empty list of country codes (such as ["FR"]), got {_show(value)}'
    raise _Bad(msg, "invalid_countries")


def _file_weekdays(value: Any, _: Any = None) -> frozenset[int]:
    """Weekday names (``"We"``, or whatever :func:`~teleaccord.pattern.parse_weekday` reads)
    or numbers from 0 (Monday) to 6."""
    days: set[int] = set()
    for item in _items(value, 'a list of weekday names such as ["We"]'):
        if isinstance(item, str):
            with contextlib.suppress(InvalidValue):
                days.add(parse_weekday(item, "weekday"))
                continue
        elif isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 6:
            days.add(item)
            continue
        msg = f'expected weekday names such as "We" (Mo Tu We Th Fr Sa Su), got {_show(item)}'
        raise _Bad(msg, "invalid_weekday")
    return frozenset(days)


def _file_month_day(value: Any, _: Any = None) -> tuple[int, int] | None:
    """``"03-31"`` (also ``"--03-31"``, ``"3-31"``) or ``[3, 31]``."""
    if value is None:
        return None
    parts = (0, 0)
    if isinstance(value, str) and re.fullmatch(r"\s*-{0,2}\d{1,2}-\d{1,2}\s*", value):
        month_text, _, day_text = value.strip().lstrip("-").partition("-")
        parts = (int(month_text), int(day_text))
    elif (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        parts = (value[0], value[1])
    try:
        date(2024, *parts)  # a leap year: 29 February is a valid month and day
    except ValueError:
        msg = f'expected a month and day as MM-DD (such as "03-31"), got {_show(value)}'
        raise _Bad(msg, "invalid_date") from None
    return parts


def _file_range(value: Any, _: Any = None, *, open_end: bool = True) -> DateRange:
    """``{start, end}``; without ``end`` the range is open (when ``open_end``)."""
    if isinstance(value, Mapping):
        keys = set(value)
        if keys <= {"start", "end"} and "start" in keys and ("end" in keys or open_end):
            start = _file_date(value["start"])
            end = _file_date(value["end"]) if "end" in value else OPEN_END
            if end < start:
                msg = f"the range ends ({end}) before it starts ({start})"
                raise _Bad(msg, "invalid_range")
            return DateRange(start, end)
    need = "start and (optionally) end" if open_end else "start and end"
    msg = f"expected a table with {need} dates, got {_show(value)}"
    raise _Bad(msg, "invalid_range")


def _file_range_data(value: DateRange) -> dict[str, str]:
    out = {"start": value.start.isoformat()}
    if value.end != OPEN_END:
        out["end"] = value.end.isoformat()
    return out


def _file_dates(value: Any, _: Any = None) -> frozenset[date]:
    """Dates and ``{start, end}`` ranges of dates."""
    days: set[date] = set()
    for item in _items(value, "a list of dates or {start, end} ranges"):
        if isinstance(item, Mapping):
            days.update(_file_range(item, open_end=False))
        else:
            days.add(_file_date(item))
    return frozenset(days)


def _file_dates_data(days: frozenset[date]) -> list[Any]:
    """Dates in order, runs of consecutive days written as ``{start, end}`` ranges."""
    out: list[Any] = []
    run: list[date] = []
    for day in [*sorted(days), None]:
        if run and (day is None or (day - run[-1]).days != 1):
            one = len(run) == 1
            out.append(
                run[0].isoformat()
                if one
                else {"start": run[0].isoformat(), "end": run[-1].isoformat()}
            )
            run = []
        if day is not None:
            run.append(day)
    return out


def _file_consulted(value: Any, _: Any = None) -> date | None:
    if value is None or (isinstance(value, str) and value.strip().lower() == "to check"):
        return None
    if isinstance(value, (date, str)) and not isinstance(value, _dt.datetime):
        with contextlib.suppress(InvalidValue):
            return parse_date(value)
    msg = f'expected a date as YYYY-MM-DD or "to check", got {_show(value)}'
    raise _Bad(msg, "invalid_date")


def _file_consulted_data(value: date | None) -> str:
    return "to check" if value is None else value.isoformat()


def _file_indexed(value: Any, _: Any = None) -> tuple[tuple[date, Decimal], ...]:
    """``{date = amount}`` or ``[{effective, amount}, ...]``, every bad entry reported."""
    found: list[tuple[date, Decimal]] = []
    errors: list[tuple[str, BaseException]] = []
    if isinstance(value, Mapping):
        for key, amount in value.items():
            try:
                found.append((_file_date(key), _file_money(amount)))
            except _Bad as exc:
                errors.append((_key_path(str(key)), exc))
    elif isinstance(value, list):
        for n, entry in enumerate(value):
            try:
                found.append(_file_indexation(entry))
            except (_Bad, _Nested) as exc:
                errors.append((f"[{n}]", exc))
    else:
        msg = f"expected a table of date = amount, got {_show(value)}"
        raise _Bad(msg, "invalid_type")
    if errors:
        raise _Nested(errors)
    return tuple(found)


def _file_indexation(entry: Any) -> tuple[date, Decimal]:
    """One ``{effective, amount}`` table, every problem reported."""
    errors: list[tuple[str, BaseException]] = []
    try:  # unknown keys are reported, and the known ones read all the same
        _structure_object(entry, "a table of effective and amount", ("effective", "amount"), ())
    except _Nested as exc:
        errors.extend(exc.errors)
    readers = {"effective": _file_date, "amount": _file_money}
    parts = _read_keys(entry, readers, errors, required=("effective", "amount"))
    return (parts["effective"], parts["amount"])


def _file_indexed_data(value: tuple[tuple[date, Decimal], ...]) -> dict[str, str]:
    return {day.isoformat(): str(amount) for day, amount in value}


# -- collections -----------------------------------------------------------------------------


def _sorted_data(values: Iterable[Any], encode: Callable[[Any], Any]) -> list[Any]:
    items = list(values)
    try:
        items.sort()
    except TypeError:
        return sorted((encode(v) for v in items), key=lambda d: _json.dumps(d, sort_keys=True))
    return [encode(v) for v in items]


def _is_collection(kind: Any) -> bool:
    return get_origin(kind) in (tuple, frozenset, set, list) and kind != tuple[tuple[str, Any], ...]


# Anything a hook raises for one item is collected with its path, reported as a problem.
_ANY_ERROR: tuple[type[BaseException], ...] = (Exception,)


def _collection_structure(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    origin = get_origin(kind)
    args = get_args(kind)
    fixed = origin is tuple and not (len(args) == 2 and args[1] is Ellipsis)
    item_type = args[0] if args else Any

    def structure(value: Any, _: Any) -> Any:
        items = _items(value, "a list")
        if fixed:
            if len(items) != len(args):
                msg = f"expected a list of {len(args)} items, got {len(items)}"
                raise _Bad(msg, "invalid_type")
            pairs = list(zip(items, args, strict=True))
            return tuple(_each(pairs, lambda pair: converter.structure(*pair), _ANY_ERROR))
        found = _each(items, lambda item: converter.structure(item, item_type), _ANY_ERROR)
        if origin is frozenset:
            return frozenset(found)
        if origin is set:
            return set(found)
        return tuple(found) if origin is tuple else found

    return structure


def _collection_unstructure(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    origin = get_origin(kind)
    args = get_args(kind)

    if origin in (frozenset, set):
        item_type = args[0] if args else Any

        def unstructure_set(value: Any) -> Any:
            return _sorted_data(value, lambda v: converter.unstructure(v, item_type))

        return unstructure_set
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):

        def unstructure_fixed(value: Any) -> Any:
            return [converter.unstructure(v, a) for v, a in zip(value, args, strict=True)]

        return unstructure_fixed
    item = args[0] if args else Any

    def unstructure_items(value: Any) -> Any:
        return [converter.unstructure(v, item) for v in value]

    return unstructure_items


# -- attrs classes ---------------------------------------------------------------------------


_structure_managers = _sorted_pairs(
    'an object of employees and their managers, {"ana": "max"}',
    lambda employee, manager: (_structure_str(employee), _structure_str(manager)),
)


_structure_roles = _sorted_pairs(
    'an object of employees and their roles, {"ana": "supervisor"}',
    lambda employee, role: (_structure_str(employee), _structure_str(role)),
)


def _unstructure_managers(value: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(value)


def _delegates_of(manager: Any, delegates: Any) -> tuple[str, frozenset[str]]:
    names = _each(_items(delegates, "a list of names"), _structure_str)
    return _structure_str(manager), frozenset(names)


_structure_delegates = _sorted_pairs(
    'an object of managers and their delegates, {"max": ["zoe"]}', _delegates_of
)


def _unstructure_delegates(value: tuple[tuple[str, frozenset[str]], ...]) -> dict[str, list[str]]:
    return {manager: sorted(delegates) for manager, delegates in value}


def _required_weekdays(value: Any, _: Any = None) -> frozenset[int]:
    found = _structure_weekdays(value)
    if found is None:
        msg = 'expected a list of weekday names such as ["We"], got null'
        raise _Bad(msg, "invalid_type")
    return found


_WEEKDAYS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {"enum": list(WEEKDAY_NAMES)},
    "uniqueItems": True,
}
_MONTH_DAY_SCHEMA: dict[str, Any] = {"type": "string", "pattern": "^[0-9]{2}-[0-9]{2}$"}


@attrs.frozen
class _FieldForm:
    """How one field is written when its Python type would give an awkward form."""

    structure: Callable[[Any, Any], Any] | None
    """How the ``"data"`` form reads it (``None``: by its type)."""
    unstructure: Callable[[Any], Any] | None
    """How the ``"data"`` form writes it (``None``: by its type)."""
    schema: dict[str, Any] | None
    """Its JSON Schema in the ``"data"`` form (``None``: by its type)."""
    file_structure: Callable[[Any, Any], Any] | None = None
    """How the ``"file"`` form reads it (``None``: as the ``"data"`` form)."""
    file_unstructure: Callable[[Any], Any] | None = None
    """How the ``"file"`` form writes it (``None``: as the ``"data"`` form)."""


_FIELD_FORMS: dict[tuple[type[Any], str], _FieldForm] = {
    (Agreement, "excluded_weekdays"): _FieldForm(
        _required_weekdays, _unstructure_weekdays, _WEEKDAYS_SCHEMA, _file_weekdays
    ),
    (CoverageRule, "weekdays"): _FieldForm(
        _structure_weekdays,
        _unstructure_weekdays,
        {"anyOf": [_WEEKDAYS_SCHEMA, {"type": "null"}]},
    ),
    (TeamCoverage, "anchor_weekdays"): _FieldForm(
        _required_weekdays, _unstructure_weekdays, _WEEKDAYS_SCHEMA
    ),
    (TeamSpec, "anchor_weekdays"): _FieldForm(
        _required_weekdays, _unstructure_weekdays, _WEEKDAYS_SCHEMA, _file_weekdays
    ),
    (TeamSpec, "roles"): _FieldForm(
        _structure_roles,
        _unstructure_managers,
        {"type": "object", "additionalProperties": {"type": "string"}},
    ),
    (Wish, "preferred"): _FieldForm(
        _required_weekdays, _unstructure_weekdays, _WEEKDAYS_SCHEMA, _file_weekdays
    ),
    (Wish, "avoid"): _FieldForm(
        _required_weekdays, _unstructure_weekdays, _WEEKDAYS_SCHEMA, _file_weekdays
    ),
    (Wish, "preferred_dates"): _FieldForm(None, None, None, _file_dates, _file_dates_data),
    (Wish, "avoid_dates"): _FieldForm(None, None, None, _file_dates, _file_dates_data),
    (Rhythm, "weekdays"): _FieldForm(_required_weekdays, _unstructure_weekdays, _WEEKDAYS_SCHEMA),
    (Organisation, "managers"): _FieldForm(
        _structure_managers,
        _unstructure_managers,
        {"type": "object", "additionalProperties": {"type": "string"}},
    ),
    (Organisation, "delegates"): _FieldForm(
        _structure_delegates,
        _unstructure_delegates,
        {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {"type": "string"},
                "uniqueItems": True,
            },
        },
    ),
    (CarryOver, "expires_on"): _FieldForm(
        _structure_month_day,
        _unstructure_month_day,
        {"anyOf": [_MONTH_DAY_SCHEMA, {"type": "null"}]},
        _file_month_day,
    ),
    (RuleSource, "consulted"): _FieldForm(None, None, None, _file_consulted, _file_consulted_data),
    (Threshold, "residence"): _FieldForm(None, None, None, _file_countries),
    (Threshold, "work"): _FieldForm(None, None, None, _file_countries),
    (AllowancePolicy, "indexed"): _FieldForm(None, None, None, _file_indexed, _file_indexed_data),
    (Calendar, "extra_holidays"): _FieldForm(
        _structure_extra_holidays,
        _unstructure_extra_holidays,
        {
            "type": "object",
            "propertyNames": {"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "additionalProperties": {"type": "string"},
        },
    ),
    (Explanation, "extras"): _FieldForm(
        _structure_extras,
        _unstructure_extras,
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"status": {"type": "string"}, "days": {"$ref": "#/$defs/amount"}},
                "required": ["status", "days"],
                "additionalProperties": False,
            },
        },
    ),
}
"""Fields written in a friendlier form than their Python type would give."""


_OMIT_IF_DEFAULT: dict[type[Any], frozenset[str]] = {
    Segment: frozenset({"forfait_days"}),
    Explanation: frozenset({"ineligible", "versions", "overrides"}),
}
"""Fields added after a release, written only when they differ from their default, so what
earlier releases wrote stays byte-identical (and reads back the same)."""


def _overrides(cls: type[Any], form: Form) -> dict[str, Any]:
    found: dict[str, Any] = {
        name: override(omit_if_default=True) for name in _OMIT_IF_DEFAULT.get(cls, ())
    }
    for (owner, name), field_form in _FIELD_FORMS.items():
        if owner is not cls:
            continue
        structure_hook, unstructure_hook = field_form.structure, field_form.unstructure
        if form == "file":
            structure_hook = field_form.file_structure or structure_hook
            unstructure_hook = field_form.file_unstructure or unstructure_hook
        if structure_hook is not None or unstructure_hook is not None:
            found[name] = override(struct_hook=structure_hook, unstruct_hook=unstructure_hook)
    return found


def _derived(cls: type[Any]) -> tuple[attrs.Attribute[Any], ...]:
    """Public fields computed by the class (``init=False``): written for readers, checked on
    reading (a balance's ``remaining``)."""
    return tuple(a for a in attrs.fields(cls) if not a.init and not a.name.startswith("_"))


_OMIT_DEFAULTS_IN_FILES: frozenset[type[Any]] = frozenset({AllowancePolicy, TeamSpec, CoverageRule})
"""Classes whose files leave out the keys that hold their default value."""


_ADDED_FIELDS: dict[type[Any], frozenset[str]] = {
    Absence: frozenset({"country"}),
    Agreement: frozenset({"absence_kinds", "long_absence_days", "pools", "total"}),
    Booking: frozenset({"telework_kind", "exception"}),
    Cancellation: frozenset({"telework_kind"}),
    Grant: frozenset({"pool"}),
    Regrant: frozenset({"pool"}),
    Adjustment: frozenset({"pool"}),
    Balance: frozenset({"pool"}),
    BalanceRow: frozenset({"forfeited", "pool"}),
    HalfDayPlan: frozenset({"absent"}),
    ApprovalClause: frozenset({"beyond_limit"}),
}
"""Fields added after a release (absences, kinds of telework and pools): both forms leave
them out while they hold their default, so what released versions wrote stays
byte-identical, and they read back as their default."""


def _attrs_structure(
    cls: type[Any], converter: cattrs.Converter, form: Form
) -> Callable[[Any, Any], Any]:
    inner = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        **_overrides(cls, form),
    )
    # Files leave derived fields out; data carries them, and they are checked on reading.
    derived = _derived(cls) if form == "data" else ()
    what = f"a table of {cls.__name__} keys" if form == "file" else f"an object (a {cls.__name__})"

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            msg = f"expected {what}, got {_show(value)}"
            raise _Bad(msg, "invalid_type")
        if not all(isinstance(k, str) for k in value):
            msg = "expected an object with text keys"
            raise _Bad(msg, "invalid_type")
        given = {a.name: value[a.name] for a in derived if a.name in value}
        if given:
            value = {k: v for k, v in value.items() if k not in given}
        try:
            result = inner(value, cls)
        except InvalidValue as exc:  # older cattrs let the constructor's error through as is
            problem = _invalid_value_problem(exc, "", cls)
            raise _Bad(problem.message, problem.code, problem.path) from None
        errors: list[tuple[str, BaseException]] = []
        for attribute in derived:
            if attribute.name not in given:
                continue
            computed = converter.unstructure(
                getattr(result, attribute.name), _hints(cls)[attribute.name]
            )
            if given[attribute.name] != computed:
                msg = (
                    f"{_show(given[attribute.name])} does not match the value computed from the "
                    f"other fields, {_show(computed)}"
                )
                errors.append((f".{attribute.name}", _Bad(msg, "inconsistent_value")))
        if errors:
            raise _Nested(errors)
        return result

    return structure


def _attrs_unstructure(
    cls: type[Any], converter: cattrs.Converter, form: Form, omit: frozenset[str] = frozenset()
) -> Callable[[Any], Any]:
    left_out = {name: override(omit=True) for name in omit}
    added = {
        name: override(omit_if_default=True)
        for name in _ADDED_FIELDS.get(cls, ())
        if name not in omit
    }
    inner = make_dict_unstructure_fn(
        cls,
        converter,
        _cattrs_omit_if_default=form == "file" and cls in _OMIT_DEFAULTS_IN_FILES,
        **{**_overrides(cls, form), **added, **left_out},
    )
    if form == "file":
        written = frozenset(a.name for a in attrs.fields(cls) if a.init)

        def unstructure_file(value: Any) -> Any:
            return {k: v for k, v in inner(value).items() if k in written and v is not None}

        return unstructure_file
    derived = tuple(a for a in _derived(cls) if a.name not in omit)
    if not derived:
        return inner

    def unstructure(value: Any) -> Any:
        data = inner(value)
        for attribute in derived:
            data[attribute.name] = converter.unstructure(
                getattr(value, attribute.name), _hints(cls)[attribute.name]
            )
        return data

    return unstructure


def _enum_value(value: enum.Enum) -> Any:
    return value.value


_Leaf = tuple[Any, Callable[[Any, Any], Any], Callable[[Any], Any]]


def _leaves(form: Form) -> list[_Leaf]:
    """The leaf types of ``form``: how each is read and written."""
    data: list[_Leaf] = [
        (str, _structure_str, str),
        (int, _structure_int, int),
        (bool, _structure_bool, bool),
        (Fraction, _remembered(_structure_fraction), _unstructure_fraction),
        (Decimal, _structure_decimal, _unstructure_decimal),
        (date, _remembered(_structure_date), _unstructure_date),
        (_dt.datetime, _remembered(_structure_datetime), _unstructure_datetime),
        (_dt.time, _structure_time, _unstructure_time),
        (WorkPattern, _structure_pattern, _unstructure_pattern),
    ]
    if form == "data":
        return data
    friendly: list[_Leaf] = [
        (Fraction, _file_fraction, _file_amount),
        (Decimal, _file_money, str),
        (date, _file_date, _unstructure_date),
        (_dt.time, _file_time, _file_time_text),
        (DateRange, _file_range, _file_range_data),
        (frozenset[date], _file_dates, _file_dates_data),
        (frozenset[str], _file_names, sorted),
    ]
    replaced = {kind for kind, _, _ in friendly}
    return [leaf for leaf in data if leaf[0] not in replaced] + friendly


@functools.cache
def _converter(form: Form) -> cattrs.Converter:
    """The converter of ``form``, configured once (the hooks of a class are generated the
    first time it is used)."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    leaves = _leaves(form)
    leaf_classes = {kind for kind, _, _ in leaves if isinstance(kind, type)}
    # Each enum by its own class: str enums would otherwise be read as plain strings.
    read_enum = _file_enum if form == "file" else _structure_enum
    for enum_class in _ENUMS.values():
        converter.register_structure_hook(enum_class, read_enum)
        converter.register_unstructure_hook(enum_class, _enum_value)
    params = tuple[tuple[str, Any], ...]
    converter.register_structure_hook_func(lambda t: t == params, _structure_params)
    converter.register_unstructure_hook_func(lambda t: t == params, _unstructure_params)
    converter.register_structure_hook_factory(_is_collection, _collection_structure)
    converter.register_unstructure_hook_factory(_is_collection, _collection_unstructure)
    converter.register_structure_hook_factory(
        lambda t: attrs.has(t) and t not in leaf_classes,
        lambda t, c: _attrs_structure(t, c, form),
    )
    converter.register_unstructure_hook_factory(
        lambda t: attrs.has(t) and t not in leaf_classes,
        lambda t, c: _attrs_unstructure(t, c, form),
    )
    # Leaves last: a later hook wins, and some leaves are collections or attrs classes.
    for kind, structure_hook, unstructure_hook in leaves:
        # get_origin first: on Python 3.10 isinstance(frozenset[date], type) is True.
        if get_origin(kind) is None and isinstance(kind, type):
            converter.register_structure_hook(kind, structure_hook)
            converter.register_unstructure_hook(kind, unstructure_hook)
        else:  # a parametrised collection such as frozenset[date]
            converter.register_structure_hook_func(functools.partial(_is, kind), structure_hook)
            converter.register_unstructure_hook_func(functools.partial(_is, kind), unstructure_hook)
    return converter


def _is(kind: Any, other: Any) -> bool:
    return bool(other == kind)


def unstructure(
    value: Any, cls: type[Any] | None = None, *, form: Form = "data", omit: Iterable[str] = ()
) -> Any:
    """``value`` as plain data, without the type tag (see :func:`to_data` for the tagged form).

    Args:
        value: a teleaccord value (or a date, an amount, a tuple of values...).
        cls: the type to write it as (default: its own class).
        form: ``"data"`` (the JSON wire shape) or ``"file"`` (what people write in TOML).
        omit: fields of an attrs value to leave out (a report writes them its own way).

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import Agreement, DateRange
    >>> from teleaccord.io.convert import unstructure
    >>> unstructure(DateRange(date(2024, 1, 1), date(2024, 1, 31)))
    {'start': '2024-01-01', 'end': '2024-01-31'}
    >>> unstructure(Fraction(81, 2)), unstructure(Fraction(2), form="file")
    ('40.5', 2)
    >>> unstructure(Agreement(name="x", excluded_weekdays=[2]), form="file")["excluded_weekdays"]
    ['We']
    >>> unstructure(DateRange(date(2024, 1, 1), date(2024, 1, 31)), omit=["end"])
    {'start': '2024-01-01'}
    """
    kind = type(value) if cls is None else cls
    left_out = frozenset(omit)
    if left_out:
        return _unstructure_without(kind, form, left_out)(value)
    return _converter(form).unstructure(value, kind)


def _unstructure_without(cls: type[Any], form: Form, omit: frozenset[str]) -> Callable[[Any], Any]:
    key = (cls, form, omit)
    found = _WITHOUT.get(key)
    if found is None:
        found = _WITHOUT[key] = _attrs_unstructure(cls, _converter(form), form, omit)
    return found


_WITHOUT: dict[tuple[type[Any], str, frozenset[str]], Callable[[Any], Any]] = {}


def structure(data: Any, cls: type[T], *, source: str = "<data>", form: Form = "data") -> T:
    """Build a ``cls`` from plain data, reporting every problem at once.

    Args:
        data: plain data (parsed JSON or TOML).
        cls: the type to build.
        source: the name of the data in the error (a file name).
        form: ``"data"`` (the JSON wire shape) or ``"file"`` (what people write in TOML).

    Raises:
        LoadError: every problem found, each with the path of the value at fault.

    >>> from teleaccord import Agreement, DateRange
    >>> from teleaccord.io.convert import structure
    >>> structure({"start": "2024-01-01", "end": "2024-01-31"}, DateRange)
    DateRange(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 1, 31))
    >>> quotas = [{"window": "week", "maximum": "40 %"}, {"window": "day", "maximun": 1}]
    >>> structure({"name": "x", "quotas": quotas}, Agreement, source="hr.toml", form="file")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: hr.toml: 2 problems:
      $.quotas[1].window: expected one of 'period', 'week', 'fortnight', 'month', 'quarter', 'year', got 'day'
      $.quotas[1].maximun: unknown key 'maximun' in a Quota (did you mean 'maximum'?); expected one of: window, maximum, minimum, prorate, label
    """
    try:
        result: T = _converter(form).structure(data, cls)
    except Exception as exc:  # every error of the data becomes a problem with its path
        raise LoadError.from_problems(source, _problems(exc, "$")) from None
    return result


# -- values tagged with their type (the wire shape) ----------------------------------------


def _registered(cls: type[Any]) -> type[Any]:
    if _TYPES.get(getattr(cls, "__name__", "")) is not cls:
        msg = (
            f"cls: {getattr(cls, '__name__', cls)!r} is not a teleaccord value that can be "
            "stored as JSON; see serialisable_types()."
        )
        raise InvalidValue(msg, field="cls", code="not_serialisable")
    return cls


def to_data(value: Any) -> dict[str, Any]:
    """The value as JSON-compatible data, tagged with its type and the schema version.

    Args:
        value: any of :func:`serialisable_types` (a calendar, a contract, an agreement, an
            entitlement, a violation...).

    Returns:
        A ``dict`` of JSON types only; amounts and money are strings, never floats.

    Raises:
        InvalidValue: ``value`` is not a teleaccord value that can be stored
            (``not_serialisable``).

    >>> from datetime import date
    >>> from teleaccord import Quota, WorkPattern, to_data
    >>> to_data(Quota(window="week", maximum="5/2"))
    {'type': 'Quota', 'schema_version': 1, 'window': 'week', 'maximum': '2.5', 'minimum': None, 'prorate': False, 'label': ''}
    >>> to_data(WorkPattern.parse("Mo Tu / We", anchor=date(2024, 1, 1)))["text"]
    'Mo Tu / We'
    """
    cls = _registered(type(value))
    body = _converter("data").unstructure(value, cls)
    return {"type": cls.__name__, "schema_version": SCHEMA_VERSION, **body}


_ENTRY_KINDS: dict[str, type[Any]] = {cls.kind: cls for cls in ENTRY_TYPES}
"""The ledger's own type tags (``"booking"``), so lines of ``QuotaLedger.to_jsonl`` load too."""


# Tags written by earlier releases for types renamed since: data they wrote still loads.
RENAMED_TAGS: Mapping[str, str] = {"Approval": "ApprovalClause"}


def _tagged(tag: str) -> type[Any] | None:
    tag = RENAMED_TAGS.get(tag, tag)
    return _TYPES.get(tag) or _ENTRY_KINDS.get(tag)


def _header_problems(
    data: Mapping[Any, Any], cls: type[Any] | None
) -> tuple[type[Any] | None, list[Problem]]:
    problems: list[Problem] = []
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append(
            Problem(
                "$.schema_version",
                f"expected a schema version (a whole number from 1), got {_show(version)}",
                "invalid_schema_version",
            )
        )
    elif version > SCHEMA_VERSION:
        problems.append(
            Problem(
                "$.schema_version",
                f"the data was written with schema version {version}, by a newer teleaccord; "
                f"this one reads versions up to {SCHEMA_VERSION}: upgrade teleaccord",
                "unsupported_schema_version",
            )
        )
    tag = data.get("type")
    if cls is None:
        if "type" not in data:
            problems.append(
                Problem(
                    "$.type", 'missing: say which value this is, such as "Contract"', "missing_key"
                )
            )
        elif not isinstance(tag, str) or _tagged(tag) is None:
            close = difflib.get_close_matches(str(tag), list(_TYPES), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                Problem(
                    "$.type",
                    f"unknown type {_show(tag)}{hint}; expected a teleaccord value such as "
                    "'Contract' or 'Agreement'",
                    "unknown_type",
                )
            )
        else:
            cls = _tagged(tag)
    elif "type" in data and (not isinstance(tag, str) or _tagged(tag) is not cls):
        problems.append(
            Problem("$.type", f"expected {cls.__name__!r}, got {_show(tag)}", "wrong_type")
        )
    return cls, problems


def reader(cls: type[T]) -> Callable[..., T]:
    """A function reading data of ``cls`` as ``from_data(data, cls, source=...)`` does, for
    the many values of one class a file holds (the entries of a ledger).

    Its fast path is a builder generated once for the class (:func:`_make_builder`) from the
    same field table and hooks as the converter's: each value goes through its field's hook
    and the class's attrs converter (remembered for the texts a file repeats: days, amounts,
    timestamps, kinds), the instance is made with those values, and the class's own
    validators and ``__attrs_post_init__`` run on it, as its ``__init__`` would run them;
    nothing is checked twice. A class the builder does not handle (derived fields, aliases,
    attrs ``Converter`` objects...) uses the structure function cattrs generates, without
    the detailed collection of problems. Whatever the fast path cannot read as is (another
    tag or schema version, a bad value, a key too many or missing) is read again by
    :func:`from_data`, which raises the same :class:`~teleaccord.errors.LoadError` naming
    every problem.

    >>> from datetime import date
    >>> from teleaccord import DateRange
    >>> from teleaccord.io.convert import reader
    >>> read = reader(DateRange)
    >>> read({"type": "DateRange", "schema_version": 1, "start": "2024-01-01", "end": "2024-01-31"})
    DateRange(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 1, 31))
    >>> read({"type": "DateRange", "start": "2024-01-31", "end": "2024-01-01"}, source="x.json")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: x.json: 1 problem:
      $.end: A date range cannot end (2024-01-01) before it starts (2024-01-31).
    """
    found = _READERS.get(cls)
    if found is None:
        found = _READERS[cls] = _make_reader(_registered(cls))
    return found


_READERS: dict[type[Any], Callable[..., Any]] = {}


def builder(cls: type[T]) -> Callable[[Any], T]:
    """The fast path of :func:`reader` alone, for a loop over the many values of a file that
    handles their problems itself (:func:`teleaccord.io.jsonl.replay_jsonl`): for data it
    reads as is, the value ``reader(cls)(data)`` answers; for anything else it raises (any
    exception, with no words for a person), and ``reader(cls)`` then reads or refuses the
    data. A class without a generated builder gets ``reader(cls)`` itself.

    >>> from datetime import date
    >>> from teleaccord import DateRange
    >>> from teleaccord.io.convert import builder
    >>> build = builder(DateRange)
    >>> build({"type": "DateRange", "start": "2024-01-01", "end": "2024-01-31"}).end
    datetime.date(2024, 1, 31)
    """
    made = _generated(_registered(cls))
    return made if made is not None else reader(cls)


def _generated(cls: type[Any]) -> Callable[[Any], Any] | None:
    """:func:`_make_builder`'s builder of ``cls``, made once."""
    if cls not in _GENERATED:
        _GENERATED[cls] = None if _derived(cls) else _make_builder(cls)
    return _GENERATED[cls]


_GENERATED: dict[type[Any], Callable[[Any], Any] | None] = {}


def _make_reader(cls: type[T]) -> Callable[..., T]:
    name = cls.__name__
    if _derived(cls):  # derived fields are checked against the others: the full path

        def read_all(data: Any, *, source: str = "<data>") -> T:
            return from_data(data, cls, source=source)

        return read_all
    build = _generated(cls)
    if build is not None:

        def read_fast(data: Any, *, source: str = "<data>") -> T:
            try:
                return build(data)  # type: ignore[no-any-return]
            except Exception:  # from_data reads it, or says what is wrong
                return from_data(data, cls, source=source)

        return read_fast
    inner = make_dict_structure_fn(
        cls,
        _converter("data"),
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=False,
        **_overrides(cls, "data"),
    )

    def read(data: Any, *, source: str = "<data>") -> T:
        if type(data) is dict and data.get("type", name) == name:
            version = data.get("schema_version", SCHEMA_VERSION)
            if type(version) is int and 1 <= version <= SCHEMA_VERSION:
                body = {k: v for k, v in data.items() if k not in _RESERVED}
                try:
                    result: T = inner(body, cls)
                except Exception:  # from_data says what is wrong
                    pass
                else:
                    return result
        return from_data(data, cls, source=source)

    return read


class _Fallback(Exception):
    """The builder leaves this data to :func:`from_data` (which reads or refuses it)."""


_MISSING: Any = object()
_HASH_CACHE = "_attrs_cached_hash"
"""The slot where attrs keeps a ``cache_hash`` class's hash; ``__init__`` leaves it ``None``."""
_REMEMBERED_TYPES = (str, date, _dt.datetime, _dt.time, Fraction, Decimal, enum.Enum, type(None))
"""What a builder remembers a field's value for (immutable, so one value serves every entry)."""


_SHARED: dict[tuple[Any, Any, Any], dict[str, Any]] = {}


def _shared_memo(hook: Any, kind: Any, converter: Any) -> dict[str, Any]:
    """The values read from texts through ``hook`` then ``converter``, shared by every field
    of every builder that reads the same way (a booking's and a cancellation's day and
    amount): the same text gives the very same object across the entries of a file, which
    the ledger and the sums then compare by identity first."""
    try:
        return _SHARED.setdefault((hook, kind, converter), {})
    except TypeError:  # a type that cannot be a key: this field's own
        return {}


def _remember(memo: dict[str, Any], text: str, value: Any) -> Any:
    if isinstance(value, _REMEMBERED_TYPES):
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[text] = value
    return value


# ``attrs.Converter`` (a converter taking the instance or field) exists from attrs 24.1;
# with attrs 23.1, the oldest release we support, every converter is a plain function.
_ATTRS_CONVERTER: tuple[type[Any], ...] = tuple(
    kind for kind in (getattr(attrs, "Converter", None),) if isinstance(kind, type)
)


def _plain_function(converter: Any) -> bool:
    return callable(converter) and not isinstance(converter, _ATTRS_CONVERTER)


_IMMUTABLE_HINTS = (str, int, bool, date, _dt.datetime, _dt.time, Fraction, Decimal, type(None))


def _immutable_hint(kind: Any) -> bool:
    """Whether every value of a field of type ``kind`` is immutable (then a builder may
    remember a validator's answer for the very object)."""
    if isinstance(kind, type) and (issubclass(kind, enum.Enum) or kind in _IMMUTABLE_HINTS):
        return True
    args = get_args(kind)
    return (
        bool(args)
        and (get_origin(kind) in (typing.Union, types.UnionType))
        and all(_immutable_hint(arg) for arg in args)
    )


def _make_builder(cls: type[Any]) -> Callable[[Any], Any] | None:
    """A function building ``cls`` from a ``dict`` of the ``"data"`` form with what
    ``cls(**fields)`` and the converter's generated structure function do, in one pass of
    straight-line code generated for the class (as attrs and cattrs generate theirs):

    - anything but a ``dict`` whose ``"type"`` (if any) is the class's name and whose
      ``"schema_version"`` (if any) is one this release reads, a key that is not a field (the
      keys found are counted against the dict's size), or a missing field without a default:
      :class:`_Fallback`;
    - each value through its field's structure hook (the converter's for the field's type, or
      the class's override), then the field's attrs converter; a missing field takes its
      default through the converter (a default computed from the instance: fallback);
    - a text value's result is remembered per field (bounded; immutable results only): the
      same text gives the same value, read and converted once, and the very same object in
      every field read the same way (:func:`_shared_memo`);
    - a field's validator declared to read only the value (:func:`~teleaccord.validators.reads`)
      runs on the value as soon as it is read, and a remembered value is one that passed it: a
      text seen before is not checked again; a validator declared to read other fields, all
      of immutable types, runs on the instance and its answer is remembered for those
      very objects (kept alive with it, so an id stays theirs); a validator that is off
      (``attrs.validators.set_disabled``) still runs in both cases, and what it refuses goes
      to :func:`from_data`, which honours the switch (the builder does not decide for the
      switch: it only reads what passes);
    - the instance made with ``object.__new__`` and its slots set, then every other attrs
      validator run on it in field order (unless validators are disabled), then the
      remembered ones above, then ``__attrs_post_init__``, as the class's ``__init__`` does.

    The hooks, converters and validators are taken to be pure functions of the value (the
    library's are), which is what makes remembering their results sound.

    ``None`` for a class this does not handle: not slotted, with derived fields, a field
    without ``init`` or with an alias, an attrs ``Converter`` object, a
    ``__attrs_pre_init__``, a field named as a reserved key, a slot that is not a field (but
    the cached hash, which starts empty as ``__init__`` leaves it).
    """
    if not attrs.has(cls) or "__slots__" not in cls.__dict__ or _derived(cls):
        return None
    if hasattr(cls, "__attrs_pre_init__"):
        return None
    fields = attrs.fields(cls)
    slots = {s for k in cls.__mro__ for s in k.__dict__.get("__slots__", ())} - {"__weakref__"}
    extra_slots = slots - {a.name for a in fields}
    if extra_slots - {_HASH_CACHE}:
        return None
    setters = member_setters(cls, [a.name for a in fields] + sorted(extra_slots))
    if setters is None:
        return None
    converter = _converter("data")
    hints = _hints(cls)
    overridden = _overrides(cls, "data")
    names: dict[str, Any] = {
        "_cls": cls,
        "_new": object.__new__,
        "_Fallback": _Fallback,
        "_MISSING": _MISSING,
        "_remember": _remember,
        "_str": str,
        "_disabled": attrs.validators.get_disabled,
        "_dict": dict,
        "_int": int,
        "_len": len,
        "_id": id,
    }
    required = sum(a.default is attrs.NOTHING for a in fields)
    body = [
        "def build(o):",
        "    if o.__class__ is not _dict:",
        "        raise _Fallback",
        f"    n = {required}  # the keys found, against len(o): a key too many falls back",
        "    r = o.get('type', _MISSING)",
        "    if r is not _MISSING:",
        f"        if r != {cls.__name__!r}:",
        "            raise _Fallback",
        "        n += 1",
        "    r = o.get('schema_version', _MISSING)",
        "    if r is not _MISSING:",
        f"        if r.__class__ is not _int or not 1 <= r <= {SCHEMA_VERSION}:",
        "            raise _Fallback",
        "        n += 1",
    ]
    checks = []
    keyed: dict[int, tuple[str, ...]] = {}  # validators that read other fields too
    for i, a in enumerate(fields):
        if not a.init or a.alias != a.name or a.name in _RESERVED:
            return None
        if a.converter is not None and not _plain_function(a.converter):
            return None
        hook = getattr(overridden.get(a.name), "struct_hook", None)
        if hook is None:
            try:
                hook = converter.get_structure_hook(hints[a.name], cache_result=False)
            except Exception:  # no hook for this type: cattrs' own function handles it
                return None
        names[f"_h{i}"], names[f"_t{i}"], names[f"_c{i}"] = hook, hints[a.name], a.converter
        names[f"_m{i}"] = {}
        names[f"_v{i}"], names[f"_a{i}"] = a.validator, a
        value = f"v{i}"
        plain_text = hook is _structure_str and a.converter is None
        # A validator of the value alone runs as the value is read (before the instance
        # exists), and a remembered value is one it passed.
        reads = None if a.validator is None else fields_read(a.validator)
        early = reads == ()
        if reads:
            keyed[i] = reads

        def passes(candidate: Any, a: attrs.Attribute[Any] = a, early: bool = early) -> bool:
            if not early:
                return True
            try:
                a.validator(None, a, candidate)  # type: ignore[misc]
            except Exception:  # refused: the generated code does not take it as it is
                return False
            return True

        if plain_text:
            read = [
                "    if r.__class__ is not _str:",
                "        raise _Fallback",
                f"    {value} = r",
            ]
            if early:
                read.append(f"    _v{i}(None, _a{i}, r)")
        else:
            convert = f"_h{i}(r, _t{i})" if a.converter is None else f"_c{i}(_h{i}(r, _t{i}))"
            check = [f"            _v{i}(None, _a{i}, {value})"] if early else []
            names[f"_g{i}"] = _shared_memo(hook, hints[a.name], a.converter)
            read = [
                "    if r.__class__ is _str:",
                f"        {value} = _m{i}.get(r, _MISSING)",
                f"        if {value} is _MISSING:",
                f"            {value} = _g{i}.get(r, _MISSING)",
                f"            if {value} is _MISSING:",
                f"                {value} = _remember(_g{i}, r, {convert})",
                *check,
                f"            _remember(_m{i}, r, {value})",
            ]
            try:  # what null reads as, once (an optional field's usual value)
                null = hook(None, hints[a.name])
                null = null if a.converter is None else a.converter(null)
            except Exception:  # null is refused: the hook says so for each value
                null = _MISSING
            if (null is None or isinstance(null, enum.Enum)) and passes(null):
                names[f"_n{i}"] = null
                read += ["    elif r is None:", f"        {value} = _n{i}"]
            read += ["    else:", f"        {value} = {convert}"]
            read += [line[4:] for line in check]
        if a.default is attrs.NOTHING:
            body.append(f"    r = o[{a.name!r}]")
            body.extend(read)
        else:
            if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                if a.default.takes_self:
                    names[f"_d{i}"] = _MISSING  # computed from the instance: fallback
                else:
                    names[f"_f{i}"] = a.default.factory
                    names[f"_d{i}"] = _MISSING
            else:
                try:
                    default = a.default if a.converter is None else a.converter(a.default)
                except Exception:  # the default itself is refused: leave it to __init__
                    default = _MISSING
                names[f"_d{i}"] = default if passes(default) else _MISSING
            body.append(f"    r = o.get({a.name!r}, _MISSING)")
            body.append("    if r is _MISSING:")
            if f"_f{i}" in names:
                made = f"_f{i}()" if a.converter is None else f"_c{i}(_f{i}())"
                body.append(f"        {value} = {made}")
                if early:
                    body.append(f"        _v{i}(None, _a{i}, {value})")
            elif names[f"_d{i}"] is _MISSING:
                body.append("        raise _Fallback")
            else:
                body.append(f"        {value} = _d{i}")
            body.append("    else:")
            body.append("        n += 1")
            body.extend("    " + line for line in read)
        if a.validator is not None and not early and i not in keyed:
            checks.append(f"        _v{i}(inst, _a{i}, {value})")
    # A validator declared to read other fields, all of immutable types, is
    # remembered for the very objects it passed (kept, so their ids stay theirs): the same
    # objects (the memos give the same object for the same text) are not checked again.
    index = {a.name: i for i, a in enumerate(fields)}
    remembered = []
    for i, reads in keyed.items():
        if not all(name in index and _immutable_hint(hints[name]) for name in reads) or not (
            _immutable_hint(hints[fields[i].name])
        ):
            checks.append(f"        _v{i}(inst, _a{i}, v{i})")
            continue
        used = sorted({i, *(index[name] for name in reads)})
        key = "(" + "".join(f"_id(v{j}), " for j in used) + ")"
        same = " or ".join(f"p[{n}] is not v{j}" for n, j in enumerate(used))
        names[f"_p{i}"] = {}
        remembered += [
            f"    p = _p{i}.get({key})",
            f"    if p is None or {same}:",
            f"        _v{i}(inst, _a{i}, v{i})",
            f"        if _len(_p{i}) >= {_MEMO_SIZE}:",
            f"            _p{i}.clear()",
            f"        _p{i}[{key}] = (" + "".join(f"v{j}, " for j in used) + ")",
        ]
    body.append("    if n != _len(o):")
    body.append("        raise _Fallback")
    body.append("    inst = _new(_cls)")
    values = [f"v{i}" for i in range(len(fields))] + ["None"] * len(extra_slots)
    for i, (setter, made) in enumerate(zip(setters, values, strict=True)):
        names[f"_s{i}"] = setter
        body.append(f"    _s{i}(inst, {made})")
    if checks:
        body.append("    if not _disabled():")
        body.extend(checks)
    body.extend(remembered)
    if hasattr(cls, "__attrs_post_init__"):
        body.append("    inst.__attrs_post_init__()")
    body.append("    return inst")
    source = "\n".join(body) + "\n"
    exec(compile(source, f"<teleaccord builder {cls.__qualname__}>", "exec"), names)
    built: Callable[[Any], Any] = names["build"]
    return built


def from_data(data: Any, cls: type[T] | None = None, *, source: str = "<data>") -> T:
    """Build a value from the data :func:`to_data` wrote (or an HRIS produced).

    Args:
        data: a ``dict`` of JSON types.
        cls: the class expected; without it, the ``"type"`` key says which. When both are
            given they must agree. ``"schema_version"`` may be left out (it means the current
            one).
        source: the name of the data in the error (a file name, a table and key).

    Raises:
        LoadError: every problem found, each with the JSON path of the value at fault.

    >>> from teleaccord import Quota, from_data
    >>> from_data({"type": "DateRange", "schema_version": 1, "start": "2024-01-01", "end": "2024-12-31"})
    DateRange(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    >>> from_data({"window": "week", "maximum": 2.5, "prorat": False}, Quota)
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <data>: 2 problems:
      $.maximum: expected an exact amount as a string, such as "40", "40.5" or "81/2", got the number 2.5
      $.prorat: unknown key 'prorat' in a Quota (did you mean 'prorate'?); expected one of: window, maximum, minimum, prorate, label
    """
    if cls is not None:
        _registered(cls)
    if not isinstance(data, Mapping):
        problem = Problem("$", f"expected an object, got {_show(data)}", "invalid_type")
        raise LoadError.from_problems(source, [problem])
    found, problems = _header_problems(data, cls)
    if problems or found is None:
        raise LoadError.from_problems(source, problems)
    body = {k: v for k, v in data.items() if k not in _RESERVED}
    try:
        result: T = _converter("data").structure(body, found)
    except Exception as exc:  # every error of the data becomes a problem with its path
        raise LoadError.from_problems(source, _problems(exc, "$")) from None
    return result


# -- JSON Schema -----------------------------------------------------------------------------

_LEAF_SCHEMAS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    Fraction: {"$ref": "#/$defs/amount"},
    Decimal: {"$ref": "#/$defs/money"},
    date: {"$ref": "#/$defs/date"},
    _dt.datetime: {"$ref": "#/$defs/datetime"},
    _dt.time: {"$ref": "#/$defs/time"},
    tuple[tuple[str, Any], ...]: {"$ref": "#/$defs/params"},
}

_COMMON_DEFS: dict[str, dict[str, Any]] = {
    "amount": {
        "description": 'An exact amount of days: "40", "40.5" or "81/2" (never a JSON number).',
        "type": "string",
        "pattern": f"^{_AMOUNT.pattern}$",
    },
    "money": {
        "description": 'An amount of money as a decimal string: "59.40".',
        "type": "string",
        "pattern": f"^{_DECIMAL.pattern}$",
    },
    "date": {"type": "string", "format": "date", "pattern": f"^{_DATE.pattern}$"},
    "datetime": {
        "description": "ISO 8601 with a UTC offset, optionally the IANA zone in brackets "
        "(RFC 9557): 2024-06-03T09:00:00+02:00[Europe/Paris].",
        "type": "string",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
        r"(Z|[+-][0-9]{2}:[0-9]{2})(\[[A-Za-z0-9_+/-]+\])?$",
    },
    "time": {"type": "string", "pattern": r"^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?$"},
    "params": {
        "description": "Free parameters: JSON values, other Python values tagged "
        '({"$fraction": "3/2"}, {"$date": "2024-03-07"}, {"$tuple": [...]}, ...).',
        "type": "object",
    },
}


_PATTERN_SCHEMA: dict[str, Any] = {
    "description": "A work pattern in its text form: weeks separated by '/', days "
    "Mo Tu We Th Fr Sa Su, each optionally followed by :am or :pm.",
    "type": "object",
    "properties": {
        "text": {"type": "string"},
        "anchor": {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]},
        "works_holidays": {"type": "boolean"},
    },
    "required": ["text"],
    "additionalProperties": False,
}


def _schema_of(kind: Any, defs: dict[str, Any], cls: type[Any] | None = None) -> dict[str, Any]:
    if kind in _LEAF_SCHEMAS:
        ref = _LEAF_SCHEMAS[kind]
        name = ref["$ref"].rsplit("/", 1)[-1] if "$ref" in ref else None
        if name is not None:
            defs.setdefault(name, _COMMON_DEFS[name])
        return dict(ref)
    if kind is Any:
        return {}
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return {"enum": [member.value for member in kind]}
    if kind is WorkPattern:
        defs.setdefault("date", _COMMON_DEFS["date"])
        defs.setdefault("WorkPattern", _PATTERN_SCHEMA)
        return {"$ref": "#/$defs/WorkPattern"}
    args = get_args(kind)
    if type(None) in args:
        others = [a for a in args if a is not type(None)]
        inner = others[0] if len(others) == 1 else typing.Union[tuple(others)]  # noqa: UP007
        return {"anyOf": [_schema_of(inner, defs), {"type": "null"}]}
    origin = get_origin(kind)
    if origin in (tuple, frozenset, set, list):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            items = [_schema_of(a, defs) for a in args]
            return {
                "type": "array",
                "prefixItems": items,
                "minItems": len(items),
                "maxItems": len(items),
            }
        schema: dict[str, Any] = {"type": "array", "items": _schema_of(args[0], defs)}
        if origin in (frozenset, set):
            schema["uniqueItems"] = True
        return schema
    if args:  # a union of several types
        return {"anyOf": [_schema_of(a, defs) for a in args]}
    if isinstance(kind, type) and attrs.has(kind):
        name = kind.__name__
        if name not in defs:
            defs[name] = {}  # reserve the name: a class may refer to itself
            defs[name] = _class_schema(kind, defs)
        return {"$ref": f"#/$defs/{name}"}
    msg = f"cls: no JSON Schema is known for {kind!r}."
    raise InvalidValue(msg, field="cls", code="not_serialisable")


def _class_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    if cls is WorkPattern:
        defs.setdefault("date", _COMMON_DEFS["date"])
        return _PATTERN_SCHEMA
    hints = _hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for attribute in attrs.fields(cls):
        if not attribute.init:
            continue  # derived fields are added below
        field_form = _FIELD_FORMS.get((cls, attribute.name))
        if field_form is not None and field_form.schema is not None:
            properties[attribute.name] = field_form.schema
            if "amount" in _json.dumps(field_form.schema):
                defs.setdefault("amount", _COMMON_DEFS["amount"])
        else:
            properties[attribute.name] = _schema_of(hints[attribute.name], defs)
        if attribute.default is attrs.NOTHING:
            required.append(attribute.name)
    for attribute in _derived(cls):
        properties[attribute.name] = {
            **_schema_of(hints[attribute.name], defs),
            "readOnly": True,
        }
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of what :func:`to_data` writes for ``cls``.

    The top level has the ``type`` and ``schema_version`` keys besides the class's own;
    nested values are in ``$defs``. Keys with a default may be left out.

    Raises:
        InvalidValue: ``cls`` is not one of :func:`serialisable_types`.

    >>> from teleaccord import Quota, json_schema
    >>> schema = json_schema(Quota)
    >>> schema["properties"]["maximum"], schema["required"]
    ({'anyOf': [{'$ref': '#/$defs/amount'}, {'type': 'null'}]}, ['type', 'window'])
    """
    found = _SCHEMAS.get(cls)
    if found is None:
        found = _SCHEMAS[cls] = _json_schema(_registered(cls))
    return copy.deepcopy(found)


_SCHEMAS: dict[type[Any], dict[str, Any]] = {}


def _json_schema(cls: type[Any]) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    body = _class_schema(cls, defs)
    properties = {
        "type": {"const": cls.__name__},
        "schema_version": {"type": "integer", "minimum": 1, "maximum": SCHEMA_VERSION},
        **body["properties"],
    }
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": cls.__name__,
        "type": "object",
        "properties": properties,
        "required": ["type", *body.get("required", [])],
        "additionalProperties": False,
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema
