"""CSV files: contracts, bookings, adjustments and absences in, balances out.

The conventions, the same for every file (see the CSV formats reference page):

- **Encoding**: UTF-8, with or without a byte-order mark (what spreadsheets write when asked
  for "CSV UTF-8"). Another encoding can be named with ``encoding=``.
- **Separator**: ``,`` or ``;`` (French spreadsheets write ``;``), or a tab, sniffed from the
  header line: the one that appears most often outside quotes.
- **Header**: the first line names the columns. Names are matched case-insensitively,
  ignoring accents, spaces and punctuation, and each column accepts the names an HR export
  would have (``employee``, ``employee_id``, ``matricule``...). Unknown columns are ignored;
  a missing required column stops the file before anything is computed.
- **Values**: dates as ISO 8601 (``2024-03-05``); timestamps with their UTC offset
  (``2024-03-01T09:15:00+01:00`` or ``...Z``); amounts exactly as ``1.5``, ``1,5`` (decimal
  comma), ``3/2``; work fractions as ``80 %``, ``0.8``, ``0,8`` or ``4/5``. Blank lines are
  skipped.
- **Problems**: each bad value is a :class:`~teleaccord.errors.Problem` whose path names the
  file, the line and the column as written in the header: ``contracts.csv:42:fraction``. A bad
  row is skipped; the readers either pass every problem to ``on_problem`` and go on, or (by
  default) raise one :class:`~teleaccord.errors.LoadError` listing every problem of the file
  once it has been read.

Readers are generators: they hold one row (or one employee's rows) at a time.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import inspect
import io
import itertools
import json
import logging
import operator
import os
import re
import sys
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from fractions import Fraction
from importlib import resources
from typing import IO, Any, Concatenate, NamedTuple

import attrs

from teleaccord.absence import Absence
from teleaccord.amounts import format_amount, format_decimal, parse_amount, parse_fraction
from teleaccord.calendars import Calendar
from teleaccord.contract import FULL_FORFAIT_DAYS, Amendment, Contract, Segment
from teleaccord.dates import DateRange
from teleaccord.disconnect import ActivityEvent
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.output import neutralise_cell, neutralise_row, restore_cell
from teleaccord.io.toml import parse_toml
from teleaccord.pattern import STANDARD_WEEK, HalfDay, WorkPattern
from teleaccord.workforce import (
    BOOKED,
    CANCELLED,
    AbsenceRow,
    AdjustmentRow,
    BalanceRow,
    BookingColumns,
    BookingRow,
    EmployeeContract,
    EmployeeRecords,
    FileCounts,
    RunSummary,
    Source,
)

__all__ = [
    "ABSENCES",
    "ADJUSTMENTS",
    "BALANCES",
    "BOOKINGS",
    "COLUMN_KINDS",
    "CONTRACTS",
    "CSV_FORMATS",
    "DATE_FORMATS",
    "ColumnKind",
    "ContractRow",
    "CsvColumn",
    "CsvFormat",
    "CsvRecord",
    "CsvSource",
    "PrefixedStream",
    "RowSource",
    "SampleWorkforce",
    "check_date_format",
    "check_date_formats",
    "check_encoding",
    "contract_from_rows",
    "csv_schema",
    "detect_encoding",
    "read_absences",
    "read_activity",
    "read_adjustments",
    "read_bookings",
    "read_contract_rows",
    "read_contracts",
    "read_records",
    "read_workforce",
    "sample_workforce",
    "sniff_separator",
    "write_balances",
    "write_bookings",
    "write_contracts",
]

log = logging.getLogger(__name__)

ProblemHandler = Callable[[Problem], None]

# -- columns and formats --------------------------------------------------------------------


def _key(text: str) -> str:
    """A header name reduced for matching: no accents, lower case, words joined by ``_``
    (``"  Taux d'Activité (%) "`` becomes ``taux_d_activite``; a byte-order mark is dropped).
    """
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class CsvColumn:
    """One column of a CSV format.

    Attributes:
        name: the canonical name (what teleaccord writes, and the key in problem paths when
            the file has no header for it).
        kind: ``text``, ``date``, ``timestamp``, ``fraction``, ``amount``, ``pattern``,
            ``boolean``, ``list``, ``half``, ``status`` or ``period``.
        required: whether the column must be in the header.
        aliases: other header names accepted (HR exports, French names).
        description: what the column holds.
        example: a typical value.
    """

    name: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    description: str = ""
    example: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """Every header key that maps to this column (canonical name first)."""
        return (_key(self.name), *(_key(a) for a in self.aliases))


def _column_tuple(value: Iterable[CsvColumn]) -> tuple[CsvColumn, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class CsvFormat:
    """A CSV file format: its columns, in the order teleaccord writes them.

    >>> from teleaccord.io.csv import BOOKINGS
    >>> [c.name for c in BOOKINGS.columns if c.required]
    ['employee', 'date']
    >>> BOOKINGS.column_for("Jour").name
    'date'
    """

    name: str
    title: str
    description: str
    columns: tuple[CsvColumn, ...] = attrs.field(converter=_column_tuple)

    def column(self, name: str) -> CsvColumn:
        """The column called ``name`` (canonical name)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def column_for(self, header: str) -> CsvColumn | None:
        """The column a header name maps to, or ``None`` for an unknown column."""
        key = _key(header)
        for col in self.columns:
            if key in col.keys:
                return col
        return None


# -- column kinds: how a cell is read, written and described ---------------------------------


class _Bad(Exception):
    """A cell could not be read; the message says what was expected, the code why."""

    def __init__(self, message: str, code: str = "invalid_value") -> None:
        super().__init__(message)
        self.code = code


def _refined(exc: InvalidValue) -> _Bad:
    """A domain error on a cell, its ``field:`` prefix and final stop left to the path."""
    return _Bad(exc.message.removeprefix(f"{exc.field}: ").rstrip("."), exc.code)


# Values repeat across employees (dates, fractions, patterns): each parser keeps the ones it
# has seen in a bounded cache.


@functools.lru_cache(maxsize=20_000)
def _date(text: str) -> date:
    """A date from ISO text."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        msg = f"expected a date as YYYY-MM-DD, got {text!r}"
        raise _Bad(msg, "invalid_date") from None


@functools.lru_cache(maxsize=20_000)
def _ordinal(text: str) -> int:
    """The :meth:`date.toordinal` of an ISO date (what the workforce job counts with)."""
    return _date(text).toordinal()


DATE_FORMATS = ("yyyy-mm-dd", "dd/mm/yyyy", "dd/mm/yy", "mm/dd/yyyy", "mm/dd/yy")
"""The date formats the CSV readers know (``--date-format``). ISO 8601 is the default; a file
whose dates are written with ``/`` (or ``.``) is read day first, as French exports write them
(``02/09/2019`` is 2 September), unless month first is asked. A two-digit year ``yy`` means
20yy when below 70, else 19yy. ISO dates are read under every format."""

_SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$")


def _year(text: str) -> int:
    """A year as written: ``yy`` below 70 is 20yy, else 19yy."""
    year = int(text)
    if len(text) == 2:
        return year + (2000 if year < 70 else 1900)
    return year


def _slash_date(text: str, day_first: bool) -> date:
    value = text.strip()
    match = _SLASH_DATE.match(value)
    if match is None:
        if len(value) >= 5 and value[:4].isdigit() and value[4] == "-":
            return date.fromisoformat(value)
        raise ValueError(value)
    first, second, year = match.groups()
    day, month = (first, second) if day_first else (second, first)
    return date(_year(year), int(month), int(day))


def _slash_parser(day_first: bool) -> Callable[[str], date]:
    """A cached parser of dates written with ``/``, day first (``02/09/2019``, ``02/09/19``)
    or month first (``09/02/2019``), or as ISO text."""
    written = "dd/mm/yyyy" if day_first else "mm/dd/yyyy"

    @functools.lru_cache(maxsize=20_000)
    def parse(text: str) -> date:
        try:
            return _slash_date(text, day_first)
        except ValueError:
            msg = f"expected a date as {written} (or YYYY-MM-DD), got {text!r}"
            raise _Bad(msg, "invalid_date") from None

    return parse


_day_first = _slash_parser(day_first=True)
_month_first = _slash_parser(day_first=False)


def _date_parser(date_format: str) -> Callable[[str], date]:
    """The parser of date cells written in ``date_format`` (one of :data:`DATE_FORMATS`)."""
    if date_format.startswith("dd"):
        return _day_first
    if date_format.startswith("mm"):
        return _month_first
    return _date


_STRFTIME = {
    "%Y-%m-%d": "yyyy-mm-dd",
    "%d/%m/%Y": "dd/mm/yyyy",
    "%d/%m/%y": "dd/mm/yy",
    "%m/%d/%Y": "mm/dd/yyyy",
    "%m/%d/%y": "mm/dd/yy",
}
"""The ``strftime`` spellings of :data:`DATE_FORMATS` (``%Y`` a four-digit year, ``%y`` two)."""


def check_date_format(name: str) -> str:
    """Return ``name`` if it is one of :data:`DATE_FORMATS` (``iso`` means ``yyyy-mm-dd``;
    the ``strftime`` spellings ``%d/%m/%Y``, ``%Y-%m-%d``... are accepted too).

    Raises:
        InvalidValue: ``unknown_date_format``.

    >>> from teleaccord.io.csv import check_date_format
    >>> check_date_format("DD/MM/YYYY"), check_date_format("iso"), check_date_format("%d/%m/%y")
    ('dd/mm/yyyy', 'yyyy-mm-dd', 'dd/mm/yy')
    """
    key = name.strip()
    key = _STRFTIME.get(key, key).lower()
    key = "yyyy-mm-dd" if key == "iso" else key
    if key not in DATE_FORMATS:
        msg = f"date_format: expected one of {', '.join(DATE_FORMATS)}, got {name!r}."
        raise InvalidValue(msg, field="date_format", code="unknown_date_format")
    return key


DateFormats = typing.Union[str, Mapping[str, str]]  # noqa: UP007 - a runtime alias on 3.10
"""What ``date_format=`` takes: one format for every date column (``"dd/mm/yyyy"``), or one
per column (``{"end": "dd/mm/yyyy"}``, or the text ``"end=dd/mm/yyyy"``; several items
separated by commas, an item without ``=`` for the other columns:
``"iso,end=%d/%m/%Y"``). A column named in no item is detected."""


def _date_columns() -> frozenset[str]:
    """The names (and aliases, as keys) of every date or period column of every format."""
    names: set[str] = set()
    for fmt in CSV_FORMATS.values():
        for col in fmt.columns:
            if col.kind in ("date", "period"):
                names.update(_key(n) for n in (col.name, *col.aliases))
    return frozenset(names)


def check_date_formats(value: DateFormats) -> tuple[str | None, dict[str, str]]:
    """Split a ``date_format=`` value (:data:`DateFormats`) into the format of every column
    (or ``None``) and the formats given per column, each checked; a column is named as in a
    header (a format's column name or one of its aliases).

    Raises:
        InvalidValue: ``unknown_date_format``, naming the bad format or column.

    >>> from teleaccord.io.csv import check_date_formats
    >>> check_date_formats("iso, end=%d/%m/%Y")
    ('yyyy-mm-dd', {'end': 'dd/mm/yyyy'})
    >>> check_date_formats({"date_fin": "dd/mm/yy"})
    (None, {'date_fin': 'dd/mm/yy'})
    """
    items: list[tuple[str | None, str]] = []
    if isinstance(value, str):
        for item in value.split(","):
            named, eq, fmt = item.partition("=")
            items.append((named.strip(), fmt) if eq else (None, named))
    else:
        items.extend((str(column), str(fmt)) for column, fmt in value.items())
    default: str | None = None
    columns: dict[str, str] = {}
    known = _date_columns()
    for column, fmt in items:
        if column is None:
            if default is not None:
                msg = f"date_format: two formats for every column in {value!r}; keep one."
                raise InvalidValue(msg, field="date_format", code="unknown_date_format")
            default = check_date_format(fmt)
            continue
        if _key(column) not in known:
            msg = f"date_format: {column!r} is not a date column of any CSV format (in {value!r})."
            raise InvalidValue(msg, field="date_format", code="unknown_date_format")
        columns[_key(column)] = check_date_format(fmt)
    return default, columns


def _timestamp(text: str) -> datetime:
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        msg = f"expected a timestamp such as 2024-03-01T09:15:00+01:00, got {text!r}"
        raise _Bad(msg, "invalid_timestamp") from None
    if stamp.tzinfo is None:
        msg = (
            f"the timestamp {text!r} has no UTC offset; add one (such as +01:00 or Z) so "
            "that it names one moment"
        )
        raise _Bad(msg, "naive_timestamp")
    return stamp


@functools.lru_cache(maxsize=10_000)
def _fraction(text: str) -> Fraction:
    try:
        return parse_fraction(text)
    except InvalidValue as exc:
        raise _refined(exc) from None


_WHOLE = re.compile(r"^(\d{1,6})(?:[.,]0*)?$")


def _forfait(text: str) -> int:
    """A yearly forfait in days: a whole number from 1 to 366 (``218``; a spreadsheet's
    ``218.0`` or ``218,00`` reads as 218)."""
    found = _WHOLE.match(text.strip())
    days = int(found.group(1)) if found else 0
    if not 1 <= days <= 366:
        msg = f"expected a forfait as a whole number of days a year, 1 to 366, got {text!r}"
        raise _Bad(msg, "invalid_forfait")
    return days


def _forfait_text(days: int | None) -> str:
    return "" if days is None else str(days)


def _amount(text: str) -> Fraction:
    try:
        return parse_amount(text)
    except InvalidValue as exc:
        raise _refined(exc) from None


def _words(table: Mapping[str, Any], expected: str, code: str) -> Callable[[str], Any]:
    """A parser of one word out of a fixed vocabulary, matched as header names are."""

    def parse(text: str) -> Any:
        found = table.get(text, table)
        if found is table:
            found = table.get(_key(text), table)
        if found is table:
            msg = f"expected {expected}, got {text!r}"
            raise _Bad(msg, code)
        return found

    return parse


_boolean = _words(
    dict.fromkeys(("yes", "true", "1", "y", "x", "oui", "o", "vrai"), True)
    | dict.fromkeys(("no", "false", "0", "n", "non", "faux", ""), False),
    "yes or no",
    "invalid_boolean",
)
_half = _words(
    {"": None}
    | dict.fromkeys(("am", "morning", "matin"), HalfDay.MORNING)
    | dict.fromkeys(("pm", "afternoon", "apres_midi", "aprem"), HalfDay.AFTERNOON),
    "am, pm or blank (a whole day)",
    "invalid_half_day",
)
_status = _words(
    dict.fromkeys(("", "booked", "approved", "taken", "valide", "pose"), BOOKED)
    | dict.fromkeys(("cancelled", "canceled", "annule"), CANCELLED),
    "booked or cancelled",
    "invalid_status",
)

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def _period_day(text: str) -> date:
    """A day inside the period a cell names: ``2024`` (1 January), ``2024-06`` (1 June), a
    date, or a range ``start..end`` (its start)."""
    value = text.strip()
    match = _PERIOD_RE.match(value)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2) or 1), 1)
        return date.fromisoformat(value.partition("..")[0].strip())
    except ValueError:
        msg = f"expected a period as 2024, 2024-06, a date or start..end, got {text!r}"
        raise _Bad(msg, "invalid_period") from None


def _period_or_date(parse_date: Callable[[str], date], text: str) -> date:
    """A period cell of a file whose dates are not ISO: a period, or a date in its format."""
    try:
        return _period_day(text)
    except _Bad:
        if "/" not in text and "." not in text:
            raise
        return parse_date(text)


_STATUS_SPLIT = re.compile(r"[|,;/+\s]+")


@functools.lru_cache(maxsize=1_000)
def _statuses(text: str) -> frozenset[str]:
    names = {s.strip().casefold() for s in _STATUS_SPLIT.split(text) if s.strip()}
    return frozenset() if names <= {"none", "-"} else frozenset(names - {"none", "-"})


@functools.lru_cache(maxsize=10_000)
def _pattern(text: str, anchor: date | None, works_holidays: bool) -> WorkPattern:
    """The pattern of a contracts row: its text read with the row's anchor and flag."""
    try:
        if text:
            return WorkPattern.parse(text, anchor=anchor, works_holidays=works_holidays)
        return attrs.evolve(STANDARD_WEEK, works_holidays=works_holidays)
    except InvalidValue as exc:
        raise _refined(exc) from None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _iso(value: date | datetime | None) -> str:
    return "" if value is None else value.isoformat()


def _fraction_text(fraction: Fraction | None) -> str:
    """A work fraction as HR writes it: ``80 %`` when exact in percent, else ``1/3``."""
    if fraction is None:
        return ""
    percent = format_amount(fraction * 100)
    return format_amount(fraction) if "/" in percent else f"{percent} %"


def _statuses_text(value: frozenset[str] | None) -> str:
    """Statuses as written: blank for none given, ``none`` to clear them."""
    return "" if value is None else (" ".join(sorted(value)) or "none")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _half_text(value: HalfDay | None) -> str:
    return "" if value is None else value.value


def _string(pattern: str | None = None, **more: Any) -> dict[str, Any]:
    """The JSON Schema of a cell: a string, matching ``pattern`` if given."""
    return {"type": "string", **({"pattern": pattern} if pattern else {}), **more}


def _words_schema(*words: str) -> dict[str, Any]:
    """The JSON Schema of a cell holding one of ``words``."""
    return _string(enum=list(words))


_DATE_RE = r"^\s*\d{4}-\d{2}-\d{2}\s*$"
_TIMESTAMP_RE = r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})\s*$"
_FRACTION_RE = r"^\s*(\d+([.,]\d+)?\s*%|0*1([.,]0*)?|0*[.,]\d+|\d+\s*/\s*\d+)\s*$"
_AMOUNT_RE = r"^\s*-?\s*\d+(\s*[.,]\s*\d+)?(\s*/\s*\d+)?\s*$"
_FORFAIT_RE = r"^\s*0*([1-9]\d{0,2})([.,]0*)?\s*$"
_PATTERN_RE = r"^[A-Za-zÀ-ÿ:,;.\s/_-]*$"
_PERIOD_SCHEMA_RE = r"^\s*\d{4}(-\d{2}(-\d{2}(\s*\.\.\s*\d{4}-\d{2}-\d{2})?)?)?\s*$"
_BOOLEAN_SCHEMA = _words_schema(
    "", "yes", "no", "true", "false", "1", "0", "y", "n", "x", "oui", "non"
)
_HALF_SCHEMA = _words_schema(
    "", "am", "pm", "morning", "afternoon", "matin", "apres-midi", "après-midi"
)
_STATUS_SCHEMA = _words_schema(
    "", "booked", "approved", "taken", "cancelled", "canceled", "annule", "annulé"
)


@attrs.frozen
class ColumnKind:
    """What a kind of CSV column holds: how a cell is read and written, and its JSON Schema.

    Attributes:
        name: the kind's name, as :attr:`CsvColumn.kind` gives it.
        parse: reads a non-blank cell, stripped (blank cells are ``None``); a ``pattern``
            cell is kept as text, read with its row's ``anchor`` and ``works_holidays``.
        write: writes a value (``None`` as a blank cell).
        schema: the JSON Schema of a cell, for :func:`csv_schema`.
        decimal: whether ``decimal_comma`` applies to what it writes.
        rounded: the writer of report CSVs (balances) for people, when it differs from
            ``write``: amounts with two decimals, rounded half-up for display
            (:func:`~teleaccord.amounts.format_decimal`); ``None``: ``write`` in both.

    >>> from fractions import Fraction
    >>> from teleaccord.io.csv import COLUMN_KINDS
    >>> COLUMN_KINDS["half"].parse("après-midi"), COLUMN_KINDS["fraction"].write(Fraction(4, 5))
    (<HalfDay.AFTERNOON: 'pm'>, '80 %')
    """

    name: str
    parse: Callable[[str], Any]
    write: Callable[[Any], str]
    schema: Mapping[str, Any]
    decimal: bool = attrs.field(default=False, kw_only=True)
    rounded: Callable[[Any], str] | None = attrs.field(default=None, kw_only=True)


COLUMN_KINDS: dict[str, ColumnKind] = {
    kind.name: kind
    for kind in (
        # name, parser, writer, JSON Schema of a cell
        # Text is read back without the quote our writers put before formula-like cells.
        ColumnKind("text", restore_cell, _text, _string()),
        ColumnKind("date", _date, _iso, _string(_DATE_RE, format="date")),
        ColumnKind("timestamp", _timestamp, _iso, _string(_TIMESTAMP_RE)),
        ColumnKind("fraction", _fraction, _fraction_text, _string(_FRACTION_RE), decimal=True),
        ColumnKind(
            "amount",
            _amount,
            format_amount,
            _string(_AMOUNT_RE),
            decimal=True,
            rounded=format_decimal,
        ),
        ColumnKind("pattern", str, _text, _string(_PATTERN_RE)),
        ColumnKind("boolean", _boolean, _yes_no, _BOOLEAN_SCHEMA),
        ColumnKind("list", _statuses, _statuses_text, _string()),
        ColumnKind("half", _half, _half_text, _HALF_SCHEMA),
        ColumnKind("status", _status, _text, _STATUS_SCHEMA),
        ColumnKind("period", _period_day, _iso, _string(_PERIOD_SCHEMA_RE)),
        ColumnKind("forfait", _forfait, _forfait_text, _string(_FORFAIT_RE)),
    )
}
"""Every column kind by name: the one place a kind's parser, writer and schema are said."""

# -- formats ---------------------------------------------------------------------------------
# Declared once, as data: data/csv_formats.toml.


def _load_formats() -> dict[str, CsvFormat]:
    """The formats of ``data/csv_formats.toml``, in its order."""
    entry = resources.files("teleaccord").joinpath("data").joinpath("csv_formats.toml")
    data = parse_toml(entry.read_bytes(), "teleaccord/data/csv_formats.toml")
    shared = data.pop("shared")
    return {
        name: CsvFormat(
            name=name,
            title=spec["title"],
            description=spec["description"],
            columns=[CsvColumn(**shared.get(c.get("use"), c)) for c in spec["columns"]],
        )
        for name, spec in data.items()
    }


CSV_FORMATS: dict[str, CsvFormat] = _load_formats()
"""Every CSV format by name."""
CONTRACTS = CSV_FORMATS["contracts"]
"""Contracts and amendments: one row per contract state."""
BOOKINGS = CSV_FORMATS["bookings"]
"""Bookings: one row per telework day or half-day booked, or per cancellation."""
ADJUSTMENTS = CSV_FORMATS["adjustments"]
"""Adjustments: one row per manual adjustment of a balance."""
ABSENCES = CSV_FORMATS["absences"]
"""Absences: one row per absence (leave, training, travel...)."""
BALANCES = CSV_FORMATS["balances"]
"""Balances (output): one row per employee and reference period."""

# -- JSON Schema -----------------------------------------------------------------------------


def csv_schema(name: str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one row of a CSV format, read as strings.

    Each property is a column under its canonical name; the patterns are the values the
    reader accepts (case and accents aside). An HRIS can validate its export with it before
    sending the file.

    >>> from teleaccord import csv_schema
    >>> schema = csv_schema("bookings")
    >>> schema["required"], schema["properties"]["date"]["format"]
    (['employee', 'date'], 'date')
    >>> csv_schema("payslips")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: name: no CSV format is called 'payslips'; known: contracts, bookings, adjustments, absences, balances, activity, attestations.
    """
    fmt = CSV_FORMATS.get(name)
    if fmt is None:
        msg = f"name: no CSV format is called {name!r}; known: {', '.join(CSV_FORMATS)}."
        raise InvalidValue(msg, field="name", code="unknown_format")
    properties: dict[str, Any] = {}
    for col in fmt.columns:
        prop = dict(COLUMN_KINDS[col.kind].schema)
        prop["description"] = col.description + (
            f" Also accepted as header: {', '.join(col.aliases)}." if col.aliases else ""
        )
        if col.example:
            prop["examples"] = [col.example]
        properties[col.name] = prop
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://teleaccord.invalid/schemas/{fmt.name}.csv.json",
        "title": f"teleaccord {fmt.name}.csv row",
        "description": fmt.description,
        "type": "object",
        "properties": properties,
        "required": [c.name for c in fmt.columns if c.required],
        "additionalProperties": True,
    }
    either = _ROWS[fmt.name].either if fmt.name in _ROWS else ()
    if either:
        schema["anyOf"] = [{"required": [name]} for name in either]
    return schema


# -- opening a file --------------------------------------------------------------------------


_PROBE = "employee;date,half\tam\r\n"


def check_encoding(name: str) -> str:
    """Return ``name`` if it is an encoding CSV files can be read in.

    The separators, quotes and line ends must read as themselves (ASCII-compatible): UTF-8,
    Latin-1 or Windows-1252 do; UTF-16 does not (save such a file as "CSV UTF-8").

    Raises:
        InvalidValue: ``unknown_encoding``.

    >>> from teleaccord.io.csv import check_encoding
    >>> check_encoding("cp1252")
    'cp1252'
    >>> check_encoding("utf-16")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: encoding: 'utf-16' cannot be used for CSV files; expected an encoding that reads ASCII as ASCII, such as utf-8, cp1252 or latin-1.
    """
    try:
        codecs.lookup(name)
        usable = _PROBE.encode("ascii").decode(name) == _PROBE
    except (LookupError, UnicodeError, ValueError, TypeError):
        usable = False
    if not usable:
        msg = (
            f"encoding: {name!r} cannot be used for CSV files; expected an encoding that reads "
            "ASCII as ASCII, such as utf-8, cp1252 or latin-1."
        )
        raise InvalidValue(msg, field="encoding", code="unknown_encoding")
    return name


_MAX_HEADER = 1 << 20
"""The longest header line read, in characters."""


class _Reporter:
    """Counts rows and passes problems on, or collects them for one LoadError at the end."""

    def __init__(self, source: str, on_problem: ProblemHandler | None) -> None:
        self.source = source
        self.on_problem = on_problem
        self.collected: list[Problem] = []
        self.rows = 0
        self.skipped = 0

    def __call__(self, path: str, message: str, code: str = "invalid_value") -> None:
        problem = Problem(path=path, message=message, code=code)
        if self.on_problem is None:
            self.collected.append(problem)
        else:
            self.on_problem(problem)

    def finish(self) -> None:
        """Raise the collected problems, if any."""
        if self.collected:
            raise LoadError.from_problems(self.source, self.collected)


def sniff_separator(header_line: str) -> str:
    """The separator of a header line: ``;``, ``,`` or tab, whichever is most frequent
    outside quotes (``,`` on a tie or when none).

    >>> from teleaccord.io.csv import sniff_separator
    >>> sniff_separator("matricule;date;demi_journee"), sniff_separator('employee,"a;b"')
    (';', ',')
    """
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","


def _failed(name: str, path: str, message: str, code: str) -> LoadError:
    """The error of a file that cannot be read on: one problem."""
    return LoadError.from_problems(name, [Problem(path, message, code)])


SAMPLE_SIZE = 64 * 1024
"""How much of a file its encoding and its date format are detected on: the first 64 KiB."""


def detect_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: ``utf-8-sig`` (UTF-8 with a byte-order
    mark), ``utf-8`` (valid UTF-8 without one), else ``cp1252`` (what Excel writes for
    "CSV" on French Windows).

    >>> import codecs
    >>> from teleaccord.io.csv import detect_encoding
    >>> detect_encoding("Salarié".encode()), detect_encoding("Salarié".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> detect_encoding(codecs.BOM_UTF8 + b"employee")
    'utf-8-sig'
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # A character cut at the end of a full sample is not an error: the file goes on.
        final = len(head) < SAMPLE_SIZE
        codecs.getincrementaldecoder("utf-8")().decode(head, final=final)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


class PrefixedStream(io.RawIOBase):
    """A binary stream: bytes already read (or written before it), then the rest of the
    stream they came from; closing it closes that stream when ``owned``.

    >>> import io
    >>> from teleaccord.io.csv import PrefixedStream
    >>> io.BufferedReader(PrefixedStream(b"head,", io.BytesIO(b"rest"), owned=True)).read()
    b'head,rest'
    """

    def __init__(self, head: bytes, rest: IO[bytes], owned: bool) -> None:
        self.head = memoryview(head)
        self.rest = rest
        self.owned = owned

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.head:
            n = min(len(view), len(self.head))
            view[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        super().close()
        if self.owned:
            self.rest.close()


def _is_binary(source: Any) -> bool:
    return isinstance(source, (io.RawIOBase, io.BufferedIOBase)) or (
        "b" in str(getattr(source, "mode", ""))
    )


@typing.runtime_checkable
class RowSource(typing.Protocol):
    """Rows already split into cells, read as a CSV file's: a workbook's sheet
    (:class:`teleaccord.io.xlsx.Sheet`) or a data frame's rows.

    ``name`` names it in problem paths (``export.xlsx:Contrats``), ``header`` is its first
    row; iterating yields each later row as cell texts (an empty list for a blank row), and
    ``line_num`` is then that row's number minus one (the header is row 1).
    """

    name: str
    header: list[str]
    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...

    def close(self) -> None: ...


CsvSource = str | os.PathLike[str] | IO[str] | IO[bytes] | RowSource
"""A data input: a path (``-`` for standard input, ``.xlsx`` for a workbook), an open text
or binary file, or rows already split into cells (:class:`RowSource`)."""

_SHEET_SAMPLE_ROWS = 2_000
"""How many rows of a sheet its date format is detected on."""


def _is_workbook(source: str | os.PathLike[str]) -> bool:
    return os.fspath(source).lower().endswith((".xlsx", ".xlsm"))


class _ReadAhead:
    """The rows of a sheet: those read ahead, then the rest; ``line_num`` as a CSV reader's."""

    def __init__(self, ahead: list[list[str]], rest: Any) -> None:
        self.ahead = iter(ahead)
        self.rest = rest
        self.line_num = 0

    def __iter__(self) -> _ReadAhead:
        return self

    def __next__(self) -> list[str]:
        row = next(self.ahead, None)
        if row is None:
            row = next(self.rest)
        self.line_num += 1
        return row


class _DateEvidence:
    """What the cells of one date column in a file's first rows say about their format."""

    def __init__(self) -> None:
        self.cells = 0
        self.slash = 0
        self.short_years = 0
        self.day_first: tuple[int, str, str] | None = None  # line, column, text
        self.month_first: tuple[int, str, str] | None = None

    def see(self, line: int, column: str, text: str) -> None:
        if not text:
            return
        self.cells += 1
        match = _SLASH_DATE.match(text)
        if match is None:
            return
        self.slash += 1
        first, second, year = match.groups()
        self.short_years += len(year) == 2
        if int(first) > 12 and self.day_first is None:
            self.day_first = (line, column, text)
        if int(second) > 12 and self.month_first is None:
            self.month_first = (line, column, text)

    def problem(self, column: str) -> tuple[int, str] | None:
        """``(line, message)`` when this column's dates cannot be read day first."""
        if self.month_first is None:
            return None
        line, _column, text = self.month_first
        if self.day_first is not None:
            other = self.day_first
            return line, (
                f"the dates of column {column!r} mix day first ({other[2]!r} on line "
                f"{other[0]}) and month first ({text!r}); give the date format "
                f"(--date-format, or --date-format {column}=FORMAT for this column)"
            )
        return line, (
            f"the date {text!r} of column {column!r} is written month first, not day first "
            "as French exports write dates; give the date format (--date-format "
            f"mm/dd/yyyy, or --date-format {column}=mm/dd/yyyy for this column only)"
        )

    def verdict(self) -> str | None:
        """The column's format (day first when it has a date with ``/``), or ``None`` when
        it has no date at all in the sample."""
        if self.slash:
            return "dd/mm/yy" if self.short_years * 2 > self.slash else "dd/mm/yyyy"
        return "yyyy-mm-dd" if self.cells else None


class _Table:
    """An open CSV file: its separator, its header mapped to a format, and its rows.

    ``encoding`` ``None`` detects it on the first :data:`SAMPLE_SIZE` bytes
    (:func:`detect_encoding`); ``date_format`` ``None`` detects it on the rows of the first
    :data:`SAMPLE_SIZE` characters. What was used is in ``encoding`` and ``date_format``.
    """

    def __init__(
        self,
        fmt: CsvFormat,
        source: CsvSource,
        *,
        name: str | None = None,
        encoding: str | None = None,
        on_problem: ProblemHandler | None = None,
        date_format: DateFormats | None = None,
    ) -> None:
        self.fmt = fmt
        if encoding is not None:
            check_encoding(encoding)
        self.given = check_date_formats(date_format) if date_format is not None else (None, {})
        self.path: str | None = None
        self.owned = True
        self.detected = encoding is None
        if isinstance(source, (str, os.PathLike)) and os.fspath(source) == "-":
            source = sys.stdin.buffer
            name = name or "<stdin>"
        if isinstance(source, (str, os.PathLike)) and _is_workbook(source):
            from teleaccord.io.xlsx import open_sheet

            self._open_rows(open_sheet(source, fmt.name, name), on_problem)
            return
        if isinstance(source, RowSource):
            self._open_rows(source, on_problem)
            return
        if isinstance(source, (str, os.PathLike)):
            self.path = os.fspath(source)
            self.name = name or self.path
            try:
                raw: IO[bytes] = open(self.path, "rb")  # noqa: SIM115 - closed by close()
            except OSError as exc:
                message = f"cannot read the file ({exc.strerror})"
                raise _failed(self.name, self.name, message, "unreadable_file") from None
            self.handle, self.encoding = self._text(raw, encoding, owned=True)
        elif _is_binary(source):
            self.name = name or str(getattr(source, "name", "<stream>"))
            binary = typing.cast("IO[bytes]", source)
            self.handle, self.encoding = self._text(binary, encoding, owned=False)
        else:
            self.name = name or str(getattr(source, "name", "<stream>"))
            self.handle = typing.cast("IO[str]", source)
            self.owned = False
            self.encoding = encoding or "utf-8"
            self.detected = False  # text already: no encoding to detect
        self.report = _Reporter(self.name, on_problem)
        try:
            first = self._read_header_line()
            self.delimiter = sniff_separator(first)
            header = next(csv.reader([first], delimiter=self.delimiter), [])
        except csv.Error as exc:
            self.close()
            path = f"{self.name}:1"
            raise _failed(self.name, path, f"not valid CSV: {exc}", "invalid_csv") from None
        except BaseException:
            self.close()
            raise
        self._start(header)

    def _text(self, raw: IO[bytes], encoding: str | None, owned: bool) -> tuple[IO[str], str]:
        """A text stream over ``raw`` in ``encoding``, or in the one its first bytes show;
        closing it closes ``raw`` when ``owned``."""
        try:
            head = raw.read(SAMPLE_SIZE)
        except OSError as exc:
            if owned:
                raw.close()
            message = f"cannot read the file ({exc.strerror})"
            raise _failed(self.name, self.name, message, "unreadable_file") from None
        chosen = encoding or detect_encoding(head)
        if owned and raw.seekable():
            # Our own file: read again from the start, without a layer in between.
            raw.seek(0)
            return io.TextIOWrapper(raw, encoding=chosen, newline=""), chosen
        stream = io.BufferedReader(PrefixedStream(head, raw, owned))
        return io.TextIOWrapper(stream, encoding=chosen, newline=""), chosen

    def _open_rows(
        self,
        rows: RowSource,
        on_problem: ProblemHandler | None,
    ) -> None:
        """Read rows already split into cells (a workbook's sheet, a data frame's rows) as
        a CSV file's, named as ``rows`` names itself."""
        sheet = rows
        self.path = None  # no line of text to look for a bad byte in
        self.name = sheet.name
        self.handle = typing.cast("IO[str]", sheet)
        self.owned = True
        self.encoding = "cells"
        self.detected = False
        self.delimiter = ","
        self.report = _Reporter(self.name, on_problem)
        if not sheet.header:
            required = ", ".join(c.name for c in self.fmt.columns if c.required)
            message = f"no header: expected a first row naming the columns ({required})"
            self.close()
            raise _failed(self.name, f"{self.name}:1", message, "missing_header")
        self._map(sheet.header)
        # The first rows are read ahead to detect the date format, then read again.
        ahead = list(itertools.islice(sheet, _SHEET_SAMPLE_ROWS))
        self._detect_dates((line, row) for line, row in enumerate(ahead, start=2))
        self.reader: Any = _ReadAhead(ahead, sheet)

    def _map(self, header: list[str]) -> None:
        """Map the header to the format's columns; a header with problems stops the file."""
        self.header = [h.strip().replace("\ufeff", "") for h in header]
        self.index: dict[str, int] = {}
        problems = self._map_header()
        if problems:
            self.close()
            raise LoadError.from_problems(self.name, problems)
        self.source = Source(self.name, {c: self.header[i] for c, i in self.index.items()})
        self.width = len(self.header)
        self.needed = max(self.index.values(), default=-1) + 1
        """The cells a row needs: up to the last column read (fewer is a cut row)."""

    def _start(self, header: list[str]) -> None:
        """Map the header, read the first rows to detect the date format, set the reader."""
        self._map(header)
        try:
            sample = self.handle.read(SAMPLE_SIZE)
            if sample and not sample.endswith("\n"):
                sample += self.handle.readline()
        except UnicodeDecodeError:
            raise self.bad_encoding(2) from None
        except BaseException:
            self.close()
            raise
        sample_reader = csv.reader(io.StringIO(sample, newline=""), delimiter=self.delimiter)
        self._detect_dates((sample_reader.line_num + 1, row) for row in sample_reader)
        lines = itertools.chain(io.StringIO(sample, newline=""), self.handle)
        self.reader = csv.reader(lines, delimiter=self.delimiter)

    def _detect_dates(self, rows: Iterator[tuple[int, list[str]]]) -> None:
        """Set each date column's format (``date_formats``): the one given for it, else the
        one given for every column, else the one its cells in the first ``(line, cells)``
        rows show. A column whose dates are not day first (or mix both orders) is refused,
        naming a cell: only ``date_format`` can say; every such column is reported."""
        default, given = self.given
        columns = [
            (col.name, self.index[col.name])
            for col in self.fmt.columns
            if col.kind in ("date", "period") and col.name in self.index
        ]
        self.date_formats: dict[str, str] = {}
        detect: list[tuple[str, int, _DateEvidence]] = []
        for name, i in columns:
            header = self.header[i]
            fmt = given.get(_key(header), given.get(_key(name), default))
            if fmt is not None:
                self.date_formats[name] = fmt
            else:
                detect.append((name, i, _DateEvidence()))
        if detect:
            try:
                for line, row in rows:
                    for name, i, seen in detect:
                        if i < len(row):
                            seen.see(line, name, row[i].strip())
            except csv.Error:
                pass  # the reader reports it, at its line
        problems: list[Problem] = []
        for name, i, seen in detect:
            found = seen.problem(self.header[i])
            if found is not None:
                line, message = found
                problems.append(Problem(self.source.path(line, name), message, "ambiguous_dates"))
        if problems:
            self.close()
            raise LoadError.from_problems(self.name, problems)
        verdicts = {name: seen.verdict() for name, _i, seen in detect}
        # A column without a date in the sample reads as the file's other columns do (day
        # first when one has a date with /, which reads ISO dates too), else as ISO.
        slashed = [v for v in verdicts.values() if v is not None and v != "yyyy-mm-dd"]
        fallback = slashed[0] if slashed else "yyyy-mm-dd"
        for name, verdict in verdicts.items():
            self.date_formats[name] = verdict or fallback

    @property
    def date_format(self) -> str:
        """How the file's dates were read, for the run's summary: one format, or each date
        column's (``start yyyy-mm-dd, end dd/mm/yyyy``) when they differ."""
        formats = set(self.date_formats.values())
        if len(formats) <= 1:
            return formats.pop() if formats else "yyyy-mm-dd"
        return ", ".join(
            f"{self.header[self.index[name]]} {fmt}" for name, fmt in self.date_formats.items()
        )

    def column_format(self, name: str) -> str:
        """The date format of date column ``name`` in this file."""
        return self.date_formats.get(name, "yyyy-mm-dd")

    def parser(self, col: CsvColumn) -> Callable[[str], Any]:
        """How the cells of column ``col`` are read in this file (dates in its format)."""
        fmt = self.column_format(col.name)
        if col.kind == "date":
            return _date_parser(fmt)
        if col.kind == "period" and fmt != "yyyy-mm-dd":
            return functools.partial(_period_or_date, _date_parser(fmt))
        return COLUMN_KINDS[col.kind].parse

    def ordinal(self, name: str = "date") -> Callable[[str], int]:
        """The :meth:`date.toordinal` of a cell of date column ``name`` in its format."""
        parse = _date_parser(self.column_format(name))
        if parse is _date:
            return _ordinal
        return lambda text: parse(text).toordinal()

    def _read_header_line(self) -> str:
        try:
            line = self.handle.readline(_MAX_HEADER)
        except UnicodeDecodeError:
            raise self.bad_encoding(1) from None
        if len(line) >= _MAX_HEADER and not line.endswith("\n"):
            message = f"not valid CSV: the header line is longer than {_MAX_HEADER} characters"
            raise _failed(self.name, f"{self.name}:1", message, "invalid_csv")
        if not line.strip():
            required = ", ".join(c.name for c in self.fmt.columns if c.required)
            message = f"the file is empty: expected a header line naming the columns ({required})"
            raise _failed(self.name, f"{self.name}:1", message, "missing_header")
        return line.lstrip("\ufeff").rstrip("\r\n")

    def _map_header(self) -> list[Problem]:
        problems: list[Problem] = []
        for i, text in enumerate(self.header):
            col = self.fmt.column_for(text)
            if col is None:
                if text:
                    log.debug("%s: column %r is not used", self.name, text)
                continue
            if col.name in self.index:
                first = self.header[self.index[col.name]]
                problems.append(
                    Problem(
                        f"{self.name}:1:{text}",
                        f"the columns {first!r} and {text!r} both mean {col.name!r}; keep one",
                        "duplicate_column",
                    )
                )
                continue
            self.index[col.name] = i
        for col in self.fmt.columns:
            if col.required and col.name not in self.index:
                also = f" (also accepted: {', '.join(col.aliases)})" if col.aliases else ""
                problems.append(
                    Problem(
                        f"{self.name}:1",
                        f"missing column {col.name!r}{also}; the header has: "
                        f"{', '.join(repr(h) for h in self.header)}",
                        "missing_column",
                    )
                )
        rows = _ROWS.get(self.fmt.name)
        if rows and rows.either and not any(name in self.index for name in rows.either):
            problems.append(Problem(f"{self.name}:1", rows.either_header, "missing_column"))
        return problems

    def bad_encoding(self, approx_line: int) -> LoadError:
        """Close the file and return the error to raise for text that is not in its
        encoding, naming the first bad line (``approx_line`` for a stream)."""
        line = approx_line
        if self.path is not None:
            with open(self.path, "rb") as raw:
                for n, data in enumerate(raw, start=1):
                    try:
                        data.decode(self.encoding)
                    except UnicodeDecodeError:
                        line = n
                        break
        self.close()
        message = (
            f"the file is not {self.encoding} text (save it as 'CSV UTF-8', or give its encoding)"
        )
        return _failed(self.name, f"{self.name}:{line}", message, "invalid_encoding")

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """The CSV reader of the rows after the header; a file that is not text in its
        encoding, or not valid CSV, raises one :class:`LoadError`. Closes the file after."""
        try:
            yield
        except UnicodeDecodeError:
            raise self.bad_encoding(self.reader.line_num + 2) from None
        except csv.Error as exc:
            path = f"{self.name}:{self.reader.line_num + 1}"
            raise _failed(self.name, path, f"not valid CSV: {exc}", "invalid_csv") from None
        finally:
            self.close()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Yield ``(line, cells)`` for each non-blank row after the header."""
        reader = self.reader
        with self.reading():
            for row in reader:
                if row:
                    yield reader.line_num + 1, row

    def close(self) -> None:
        if self.owned:
            self.handle.close()

    def cell(self, row: list[str], name: str) -> str:
        """The stripped cell of column ``name`` ('' when the column or the cell is absent)."""
        i = self.index.get(name)
        if i is None or i >= len(row):
            return ""
        return row[i].strip()

    def check_width(self, line: int, row: list[str]) -> bool:
        """Report a row with more non-blank cells than the header, or fewer cells than the
        columns read (a cut row, never padded); True when it is fine."""
        if len(row) < self.needed:
            self.report(
                self.source.path(line),
                f"the row has {len(row)} cells but the header names {self.width} columns "
                "(is the row cut short?)",
                "missing_cells",
            )
            return False
        if len(row) > self.width and any(c.strip() for c in row[self.width :]):
            self.report(
                self.source.path(line),
                f"the row has {len(row)} cells but the header names {self.width} columns "
                f"(a separator inside a value must be quoted)",
                "too_many_cells",
            )
            return False
        return True


# -- the row reader --------------------------------------------------------------------------


class _RowReader:
    """Reads the rows of one open file: each cell through its column kind's parser, every
    bad cell reported under ``file:line:column``, then the format's row built."""

    def __init__(self, table: _Table) -> None:
        self.table = table
        self.spec = _ROWS.get(table.fmt.name, _RECORD_SPEC)
        self.cells = tuple(
            (col.name, table.index[col.name], table.parser(col), col.required)
            for col in table.fmt.columns
            if col.name in table.index
        )
        self.absent = {col.name: None for col in table.fmt.columns if col.name not in table.index}
        given = [name for name in self.spec.either if name in table.index]
        self.either_first = given[0] if given else ""
        self.either_last = given[-1] if given else ""
        self.bad = False
        self.ordinal = table.ordinal()

    def problem(self, line: int, column: str, message: str, code: str) -> None:
        """Report a bad cell: its row is skipped."""
        self.table.report(self.table.source.path(line, column), message, code)
        self.bad = True

    def __call__(self, line: int, row: list[str]) -> Any:
        """The row read, or ``None`` when it has problems (reported)."""
        self.bad = False
        values: dict[str, Any] = dict(self.absent)
        width = len(row)
        either = self.spec.either
        for name, i, parse, required in self.cells:
            text = row[i].strip() if i < width else ""
            if either and name in either:
                if any(values.get(e) is not None for e in either):
                    text = ""  # an earlier column of the alternatives said it
                elif name == self.either_last and not text:
                    self.problem(line, self.either_first, self.spec.either_blank, "missing_value")
            if not text:
                values[name] = None
                if required:
                    self.problem(line, name, self.spec.blank(name), "missing_value")
                continue
            try:
                values[name] = parse(text)
            except _Bad as exc:
                self.problem(line, name, str(exc), exc.code)
                values[name] = _BAD
        parsed = self.spec.build(self, line, values)
        if not self.table.check_width(line, row) or self.bad:
            return None
        return parsed


_BAD: Any = object()
"""The value of a cell that could not be read (reported)."""


_BLANKS = {"employee": "the employee identifier is blank"}


@attrs.frozen(kw_only=True)
class _RowSpec:
    """How the checked cells of a format's row make its row value.

    ``either`` names columns of which one is needed (the first non-blank one is read);
    ``blanks`` the message for a blank required cell, where ``the NAME is blank`` would not do;
    ``quick`` makes, for an open file, a reader of the rows of the usual shape that gives what
    ``build`` would, or :data:`_SLOW` for a row the row reader must read.
    """

    build: Callable[[_RowReader, int, dict[str, Any]], Any]
    blanks: Mapping[str, str] = attrs.field(factory=lambda: _BLANKS)
    either: tuple[str, ...] = ()
    either_header: str = ""
    either_blank: str = ""
    quick: Callable[[_Table], Callable[[int, list[str]], Any]] | None = None

    def blank(self, name: str) -> str:
        return self.blanks.get(name, f"the {name} is blank")


def _contract_row(reader: _RowReader, line: int, v: dict[str, Any]) -> ContractRow:
    pattern = None
    works = None if v["works_holidays"] is _BAD else v["works_holidays"]
    if v["pattern"] or works is not None:
        anchor = None if v["anchor"] is _BAD else v["anchor"]
        try:
            pattern = _pattern(v["pattern"] or "", anchor, bool(works))
        except _Bad as exc:
            column = "anchor" if exc.code == "missing_anchor" else "pattern"
            reader.problem(line, column, str(exc), exc.code)
    return ContractRow(
        v["employee"],
        line,
        v["effective"],
        v["hired"],
        v["last_day"],
        v["fraction"],
        pattern,
        v["category"],
        v["team"],
        v["site"],
        v["statuses"],
        None if v["forfait_days"] is _BAD else v["forfait_days"],
    )


def _quick_contract(table: _Table) -> Callable[[int, list[str]], Any]:
    """A reader of the contract rows of the usual shape (the header's width, no quote in any
    cell, every cell that is given readable): the :class:`ContractRow` the row reader would
    make, without its cell-by-cell bookkeeping; :data:`_SLOW` for any other row, which the row
    reader then reads and reports.

    Each cell is read by its column's parser, as the row reader reads it; what repeats across
    employees is read once per file: a date's text, and the terms (every cell but the
    employee and the three contract dates: fraction, pattern and anchor, teams, statuses...),
    read together by their texts."""
    index, width = table.index, table.width
    given = [c for c in CONTRACTS.columns if c.name in index]
    dated = [c for c in given if c.name in ("effective", "hired", "last_day")]
    terms = [c for c in given if c.name != "employee" and c not in dated]
    i_emp = index["employee"]
    parse_emp = table.parser(CONTRACTS.column("employee"))
    dates: tuple[tuple[str, int, Callable[[str], Any], dict[str, date]], ...] = tuple(
        (c.name, index[c.name], table.parser(c), {}) for c in dated
    )
    term_positions = tuple(index[c.name] for c in terms)
    term_parsers = tuple((c.name, table.parser(c)) for c in terms)
    seen: dict[tuple[str, ...], tuple[Any, ...]] = {}
    row_of = tuple.__new__
    limit = _CONTRACT_MEMO_MAX

    def read_terms(texts: tuple[str, ...]) -> tuple[Any, ...]:
        """fraction, pattern, category, team, site, statuses, forfait_days from their texts."""
        v: dict[str, Any] = dict.fromkeys(_CONTRACT_TERMS)
        for (name, parse), raw in zip(term_parsers, texts, strict=True):
            text = raw.strip()
            if text:
                v[name] = parse(text)
        works = v["works_holidays"]
        pattern = None
        if v["pattern"] or works is not None:
            pattern = _pattern(v["pattern"] or "", v["anchor"], bool(works))
        return (v["fraction"], pattern, v["category"], v["team"], v["site"], v["statuses"],
                v["forfait_days"])  # fmt: skip

    def quick(line: int, row: list[str]) -> Any:
        if len(row) != width or "'" in "".join(row):
            return _SLOW  # a cell a writer neutralised, maybe: the row reader restores it
        try:
            employee = row[i_emp].strip()
            if not employee:
                return _SLOW
            employee = parse_emp(employee)
            days: dict[str, date | None] = {}
            for name, i, parse, memo in dates:
                text = row[i].strip()
                day = memo.get(text) if text else None
                if day is None and text:
                    day = parse(text)
                    if len(memo) < limit:
                        memo[text] = day
                days[name] = day
            texts = tuple([row[i] for i in term_positions])
            found = seen.get(texts)
            if found is None:
                found = read_terms(texts)
                if len(seen) < limit:
                    seen[texts] = found
        except (_Bad, InvalidValue, ValueError, KeyError):
            return _SLOW
        fraction, pattern, category, team, site, statuses, forfait = found
        return row_of(
            ContractRow,
            (
                employee,
                line,
                days.get("effective"),
                days.get("hired"),
                days.get("last_day"),
                fraction,
                pattern,
                category,
                team,
                site,
                statuses,
                forfait,
            ),
        )

    return quick


_CONTRACT_MEMO_MAX = 20_000
"""The most texts the contracts reader keeps per memo (dates of a column, sets of terms): past
it, a text is read each time it comes."""

_CONTRACT_TERMS = (
    "fraction", "pattern", "anchor", "works_holidays", "category", "team", "site", "statuses",
    "forfait_days",
)  # fmt: skip


def _booking_row(reader: _RowReader, line: int, v: dict[str, Any]) -> BookingRow:
    status = v["status"] or BOOKED
    kind = _kind_text(v["kind"] or "")
    return BookingRow(
        v["employee"], v["date"], v["half"], status, v["id"], v["recorded_at"], line, kind
    )


def _kind_text(cell: str) -> str:
    """A kind of telework as :class:`~teleaccord.workforce.BookingRow` holds it: lower case,
    ``""`` for the default kind (a blank cell or ``regular``); the workforce job checks that
    the agreement knows it."""
    kind = cell.strip().lower()
    return "" if kind == "regular" else kind


def _adjustment_row(reader: _RowReader, line: int, v: dict[str, Any]) -> AdjustmentRow:
    day = v["period"] or v["date"]
    return AdjustmentRow(v["employee"], day, v["amount"], v["reason"], v["by"], line)


_DAY_RANGES: dict[tuple[date, date], DateRange] = {}
"""The day ranges of absences already read: a range is a frozen value, and the same ranges
come back across employees (the same leave weeks, the same day off)."""
_DAY_RANGES_MAX = 20_000


def _absence_row(reader: _RowReader, line: int, v: dict[str, Any]) -> AbsenceRow | None:
    """An absence row: the :class:`~teleaccord.absence.Absence` built from its cells (a
    blank id is derived from the employee, the kind and the days)."""
    first, half = v["start"], v["half"]
    if (
        first is _BAD
        or v["end"] is _BAD
        or half is _BAD
        or v["start_half"] is _BAD
        or v["end_half"] is _BAD
    ):
        return None
    if first is None or v["employee"] is None or v["kind"] is None:
        return None
    last = v["end"] or first
    start_half, end_half = v["start_half"], v["end_half"]
    if half is not None:
        if last != first:
            reader.problem(
                line,
                "half",
                "half is for a one-day absence of a half-day; give start_half or end_half for "
                "an absence of several days",
                "invalid_absence_half",
            )
            return None
        if half is HalfDay.MORNING:
            end_half = HalfDay.MORNING
        else:
            start_half = HalfDay.AFTERNOON
    return _absence_of(
        reader,
        line,
        v["employee"],
        first,
        last,
        v["kind"],
        half,
        start_half,
        end_half,
        v["id"],
        v["source"],
        v["country"],
    )


def _absence_of(
    reader: _RowReader,
    line: int,
    employee: str,
    first: date,
    last: date,
    kind: str,
    half: HalfDay | None,
    start_half: HalfDay | None,
    end_half: HalfDay | None,
    ident: str | None,
    source: str | None,
    country: str | None,
) -> AbsenceRow | None:
    """The absence row of cells read (``half`` applied already to the start and end), or
    ``None`` when the absence is invalid (reported)."""
    half_text = "" if half is None else f":{half.value}"
    ident = ident or f"{employee}:{kind}:{first}..{last}{half_text}"
    try:
        days = _DAY_RANGES.get((first, last))
        if days is None:
            days = DateRange(first, last)
            if len(_DAY_RANGES) < _DAY_RANGES_MAX:
                _DAY_RANGES[(first, last)] = days
        absence = _new_absence(
            ident, employee, days, kind, start_half, end_half, source or "", country
        )
    except InvalidValue as exc:
        column = {"days": "end", "kind": "kind", "country": "country"}.get(
            exc.field or "", "start_half"
        )
        if exc.field == "end_half":
            column = "end_half"
        reader.problem(line, column, str(exc), exc.code)
        return None
    return AbsenceRow(employee, absence, line)


_ROWS: dict[str, _RowSpec] = {
    "contracts": _RowSpec(build=_contract_row, quick=_quick_contract),
    "bookings": _RowSpec(build=_booking_row),
    "adjustments": _RowSpec(
        build=_adjustment_row,
        blanks=_BLANKS
        | {name: f"the {name} of an adjustment is required" for name in ("reason", "by")},
        either=("period", "date"),
        either_header=(
            "missing column 'period' or 'date': say which reference period each adjustment is for"
        ),
        either_blank="say which period is adjusted (a period or a date)",
    ),
    "absences": _RowSpec(build=_absence_row),
}
"""How each input format's rows are built from their cells."""


# The law (issue 15): activity events for the right-to-disconnect analysis.
def _activity_row(reader: _RowReader, line: int, v: dict[str, Any]) -> ActivityEvent | None:
    if v["at"] is None or v["at"] is _BAD or not v["employee"]:
        return None
    return ActivityEvent(
        employee=v["employee"], at=v["at"], kind=v["kind"] or "", team=v["team"] or "", line=line
    )


_ROWS["activity"] = _RowSpec(build=_activity_row)


# -- any declared format, as records -----------------------------------------------------------


class CsvRecord(NamedTuple):
    """One good row of a format read by :func:`read_records`: each declared column's value,
    read by its column kind (``None`` for a blank cell or a column the file does not have).

    Attributes:
        employee: the ``employee`` column (empty when the format has none).
        values: column name to value.
        line: the row's line in the file.
    """

    employee: str
    values: Mapping[str, Any]
    line: int


def _record_row(reader: _RowReader, line: int, v: dict[str, Any]) -> CsvRecord | None:
    if any(value is _BAD for value in v.values()):
        return None
    return CsvRecord(str(v.get("employee") or ""), v, line)


_RECORD_SPEC = _RowSpec(build=_record_row)
"""The row spec of a format without a builder of its own: its cells as a record."""

# -- contracts -------------------------------------------------------------------------------


class ContractRow(NamedTuple):
    """One row of a contracts file, read and checked cell by cell.

    ``None`` means the cell was blank (the previous state's value is kept).

    >>> from fractions import Fraction
    >>> from teleaccord import ContractRow
    >>> ContractRow(employee="E1", line=2, fraction=Fraction(4, 5)).fraction
    Fraction(4, 5)
    """

    employee: str
    line: int
    effective: date | None = None
    hired: date | None = None
    last_day: date | None = None
    fraction: Fraction | None = None
    pattern: WorkPattern | None = None
    category: str | None = None
    team: str | None = None
    site: str | None = None
    statuses: frozenset[str] | None = None
    forfait_days: int | None = None


def contract_from_rows(
    rows: Sequence[ContractRow], source: Source | None = None
) -> EmployeeContract:
    """Build one employee's contract from their rows (initial terms, then amendments).

    The hire date is the ``hired`` cell (the earliest effective date when blank everywhere);
    the last day is the ``last_day`` cell. The earliest row holds the initial terms; every
    other row is an amendment from its effective date.

    Raises:
        LoadError: every problem found, each with the line and column at fault.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import ContractRow, WorkPattern, contract_from_rows
    >>> rows = [ContractRow(employee="E1", line=2, hired=date(2020, 1, 6), fraction=Fraction(1)),
    ...         ContractRow(employee="E1", line=3, effective=date(2024, 7, 1),
    ...                     fraction=Fraction(4, 5), pattern=WorkPattern.parse("Mo Tu Th Fr"))]
    >>> ec = contract_from_rows(rows)
    >>> [(str(s.start), s.fraction) for s in ec.contract.segments]
    [('2020-01-06', Fraction(1, 1)), ('2024-07-01', Fraction(4, 5))]
    """
    src = source or Source("contracts")
    if len(rows) == 1:
        quick = _one_state_contract(rows[0])
        if quick is not None:
            return quick
    problems: list[Problem] = []
    employee = rows[0].employee

    def agreed(name: str) -> date | None:
        found: tuple[date, int] | None = None
        for r in rows:
            value = getattr(r, name)
            if value is None:
                continue
            if found is None:
                found = (value, r.line)
            elif value != found[0]:
                problems.append(
                    Problem(
                        src.path(r.line, name),
                        f"{employee} has {name} {value} here but {found[0]} on line {found[1]}; "
                        "a contract has one",
                        "conflicting_values",
                    )
                )
        return found[0] if found else None

    hired = agreed("hired")
    last_day = agreed("last_day")
    if hired is None:
        starts = [r.effective for r in rows if r.effective is not None]
        if not starts:
            problems.append(
                Problem(
                    src.path(rows[0].line, "hired"),
                    f"{employee} has no hire date: give hired (or the first row's effective date)",
                    "missing_value",
                )
            )
            raise LoadError.from_problems(src.name, problems)
        hired = min(starts)
    ordered = sorted(rows, key=lambda r: (r.effective or hired, r.line))
    first = ordered[0]
    if first.effective is not None and first.effective > hired:
        problems.append(
            Problem(
                src.path(first.line, "effective"),
                f"{employee}'s first state starts on {first.effective}, after the hire date "
                f"{hired}: say which terms apply from the hire date",
                "first_state_after_hire",
            )
        )
    if last_day is not None and last_day < hired:
        problems.append(
            Problem(
                src.path(rows[0].line, "last_day"),
                f"the last day ({last_day}) is before the hire date ({hired})",
                "last_day_before_hire",
            )
        )
    seen: dict[date, int] = {}
    for r in ordered:
        day = r.effective or hired
        if day in seen:
            problems.append(
                Problem(
                    src.path(r.line, "effective"),
                    f"{employee} has two states from {day} (lines {seen[day]} and {r.line})",
                    "overlapping_amendments",
                )
            )
        seen[day] = r.line
        if r.effective is not None and (
            r.effective < hired or (last_day is not None and r.effective > last_day)
        ):
            span = f"{hired} to {last_day}" if last_day else f"from {hired}"
            problems.append(
                Problem(
                    src.path(r.line, "effective"),
                    f"the state of {r.effective} falls outside {employee}'s contract ({span})",
                    "amendment_outside_contract",
                )
            )
        problems.extend(_forfait_problems(r, src))
    if problems:
        raise LoadError.from_problems(src.name, problems)
    statuses: list[tuple[date, frozenset[str]]] = []
    for r in ordered:
        if r.statuses is not None:
            statuses.append((r.effective or hired, r.statuses))
    terms = _working_time(ordered)
    try:
        contract = Contract.from_amendments(
            employee=employee,
            hired=hired,
            last_day=last_day,
            fraction=terms[0][0],
            pattern=terms[0][1],
            category=first.category,
            team=first.team,
            site=first.site,
            amendments=[
                Amendment(
                    effective=r.effective or hired,
                    fraction=fraction,
                    pattern=pattern,
                    category=r.category,
                    team=r.team,
                    site=r.site,
                )
                for r, (fraction, pattern, _) in zip(ordered[1:], terms[1:], strict=True)
            ],
        )
    except InvalidValue as exc:  # pragma: no cover - every case is checked above
        problem = Problem(src.path(first.line), exc.message.rstrip("."), exc.code)
        raise LoadError.from_problems(src.name, [problem]) from None
    forfaits = {r.effective or hired: days for r, (_, _, days) in zip(ordered, terms, strict=True)}
    if any(forfaits.values()):
        segments = tuple(
            attrs.evolve(seg, forfait_days=forfaits[seg.start]) for seg in contract.segments
        )
        contract = attrs.evolve(contract, segments=segments)
    return EmployeeContract(contract=contract, statuses=statuses, line=first.line)


def _forfait_fraction(days: int) -> Fraction:
    """The work fraction of a yearly forfait in days, as :meth:`Contract.forfait_jours`
    gives it: ``days`` / 218, at most 1."""
    return Fraction(min(days, FULL_FORFAIT_DAYS), FULL_FORFAIT_DAYS)


def _forfait_problems(row: ContractRow, src: Source) -> list[Problem]:
    """What is wrong with a row's forfait in days: not 1 to 366 days (``invalid_forfait``), or
    a fraction or pattern beside it that says another working time (``forfait_with_hours``)."""
    days = row.forfait_days
    if days is None:
        return []
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 366:
        msg = f"expected a forfait as a whole number of days a year, 1 to 366, got {days!r}"
        return [Problem(src.path(row.line, "forfait_days"), msg, "invalid_forfait")]
    fraction = _forfait_fraction(days)
    other_time: list[tuple[str, str]] = []  # (column, what it says instead)
    if row.fraction is not None and row.fraction != fraction:
        other_time.append(
            (
                "fraction",
                f"a forfait of {days} days a year works {_fraction_text(fraction)} of full "
                f"time, not {_fraction_text(row.fraction)}",
            )
        )
    if row.pattern is not None and row.pattern != STANDARD_WEEK:
        other_time.append(
            (
                "pattern",
                "a forfait in days has no weekly pattern (any working day, Monday to Friday, "
                f"can be booked), not {row.pattern}",
            )
        )
    return [
        Problem(
            src.path(row.line, column),
            f"{text}: give the forfait or the working time in hours, not both",
            "forfait_with_hours",
        )
        for column, text in other_time
    ]


def _working_time(
    ordered: Sequence[ContractRow],
) -> list[tuple[Fraction | None, WorkPattern | None, int | None]]:
    """Each state's (fraction, pattern, forfait in days), in order, for the amendment merge.

    A forfait gives its own fraction and Monday to Friday. A blank ``forfait_days`` keeps the
    previous row's forfait, unless the row gives a fraction or a pattern: the working time is
    then in hours again (with only a pattern, the pattern's own fraction)."""
    terms: list[tuple[Fraction | None, WorkPattern | None, int | None]] = []
    days: int | None = None
    for r in ordered:
        if r.forfait_days is not None:
            days = r.forfait_days
        elif r.fraction is not None or r.pattern is not None:
            if days is not None and r.fraction is None and r.pattern is not None:
                terms.append((r.pattern.fraction, r.pattern, None))
                days = None
                continue
            days = None
        if days is not None:
            terms.append((_forfait_fraction(days), STANDARD_WEEK, days))
        else:
            terms.append((r.fraction, r.pattern, None))
    return terms


def _one_state_contract(row: ContractRow) -> EmployeeContract | None:
    """The contract of an employee with one row, built directly (the common case); ``None``
    when the row needs the general path (which reports what is wrong)."""
    hired = row.hired or row.effective
    if hired is None or (row.effective is not None and row.effective != hired):
        return None
    if row.last_day is not None and row.last_day < hired:
        return None
    fraction, pattern, days = row.fraction, row.pattern, row.forfait_days
    if days is not None:
        if _forfait_problems(row, Source("contracts")):
            return None
        fraction, pattern = _forfait_fraction(days), STANDARD_WEEK
    if fraction is None:
        fraction = Fraction(1) if pattern is None else pattern.fraction
        if not 0 < fraction <= 1:
            return None
    segment = Segment(
        start=hired,
        end=row.last_day,
        fraction=fraction,
        pattern=pattern or STANDARD_WEEK,
        category=row.category,
        team=row.team,
        site=row.site,
        forfait_days=days,
    )
    contract = Contract(
        employee=row.employee, hired=hired, last_day=row.last_day, segments=(segment,)
    )
    statuses = () if row.statuses is None else ((hired, row.statuses),)
    return EmployeeContract(contract=contract, statuses=statuses, line=row.line)


# -- readers: one row at a time --------------------------------------------------------------


class _BadRow(NamedTuple):
    """A row that could not be read (reported): for a contracts row, its employee has no
    contract."""

    line: int


def _parsed(table: _Table, counts: _Reporter | FileCounts) -> Iterator[tuple[str, Any]]:
    """``(employee, row)`` for each row of a file, counted in ``counts``; a bad row (reported)
    comes as a :class:`_BadRow` when its employee is known."""
    read = _RowReader(table)
    quick = read.spec.quick(table) if read.spec.quick is not None else None
    for line, row in table.rows():
        counts.rows += 1
        parsed = _SLOW if quick is None else quick(line, row)
        if parsed is _SLOW:
            parsed = read(line, row)
        if parsed is not None:
            yield parsed.employee, parsed
            continue
        counts.skipped += 1
        employee = table.cell(row, "employee")
        if employee:
            yield employee, _BadRow(line)


_Row = typing.TypeVar("_Row")
_Options = typing.ParamSpec("_Options")


def _good_rows(table: _Table) -> Iterator[Any]:
    """The good rows of one file; the problems passed on, or raised together at the end."""
    for _employee, parsed in _parsed(table, table.report):
        if not isinstance(parsed, _BadRow):
            yield parsed
    table.report.finish()


def _reader(
    table: Callable[Concatenate[CsvFormat, _Options], _Table],
    fmt: CsvFormat,
    rows: Callable[[_Table], Iterator[_Row]],
) -> Callable[_Options, Iterator[_Row]]:
    """A reader of ``fmt``: it takes the arguments of :class:`_Table` after the format
    (``source, *, name, encoding, on_problem, date_format``), the one signature of every
    reader, written once. The file opens when the first row is asked for; a misspelt argument
    fails at the call."""
    signature = inspect.signature(table)
    check = signature.replace(parameters=list(signature.parameters.values())[1:])

    def read(*args: _Options.args, **kwargs: _Options.kwargs) -> Iterator[_Row]:
        check.bind(*args, **kwargs)
        return _lazily(lambda: table(fmt, *args, **kwargs), rows)

    read.__dict__["__signature__"] = check
    return read


def _lazily(
    opened: Callable[[], _Table], rows: Callable[[_Table], Iterator[_Row]]
) -> Iterator[_Row]:
    """The rows of a file opened when the first row is asked for."""
    yield from rows(opened())


def _reads(
    table: Callable[Concatenate[CsvFormat, _Options], _Table],
    fmt: CsvFormat,
) -> Callable[[Callable[[_Table], Iterator[_Row]]], Callable[_Options, Iterator[_Row]]]:
    """Make the decorated function, from an open table to its rows, the public
    :func:`_reader` of ``fmt`` under the same name and docstring."""

    def decorate(rows: Callable[[_Table], Iterator[_Row]]) -> Callable[_Options, Iterator[_Row]]:
        read = _reader(table, fmt, rows)
        functools.update_wrapper(read, rows, updated=())
        del read.__dict__["__wrapped__"]  # its signature is _reader's, not that of ``rows``
        public = read.__dict__["__signature__"]
        returns = rows.__annotations__["return"]
        read.__dict__["__signature__"] = public.replace(return_annotation=returns)
        return read

    return decorate


@_reads(_Table, CONTRACTS)
def read_contract_rows(table: _Table) -> Iterator[ContractRow]:
    """Yield the rows of a contracts file, each checked; report the bad ones.

    Args:
        source: a path, or an open text file.
        name: the file's name in problem paths (default: the path as given).
        source: a path (``-``: standard input), an open text file, or an open binary file.
        encoding: the file's encoding; ``None`` (the default) detects it on the first 64 KiB
            (:func:`detect_encoding`: UTF-8 with or without a byte-order mark, else cp1252).
        on_problem: called with each :class:`~teleaccord.errors.Problem`; without it, the
            problems are raised together as one :class:`~teleaccord.errors.LoadError` once
            the file is read.
        date_format: one of :data:`DATE_FORMATS`; ``None`` (the default) detects it on the
            first rows: ISO dates, or dates with ``/`` read day first (``02/09/2019``); a
            file whose dates read month first is refused (``ambiguous_dates``) until it is
            given.

    >>> import io
    >>> from teleaccord import read_contract_rows
    >>> text = "Matricule;Date effet;Taux d'activité\\nE1;2024-01-01;80 %\\nE2;2024-01-01;120 %\\n"
    >>> found = []
    >>> [r.fraction for r in read_contract_rows(io.StringIO(text), name="c.csv", on_problem=found.append)]
    [Fraction(4, 5)]
    >>> print(found[0])
    c.csv:3:Taux d'activité: a work fraction must be more than 0 and at most 1 (100 %), got 1.2
    """
    return _good_rows(table)


@_reads(_Table, CONTRACTS)
def read_contracts(table: _Table) -> Iterator[EmployeeContract]:
    """Yield one :class:`~teleaccord.workforce.EmployeeContract` per employee.

    The rows of an employee must be consecutive (sorted by employee, as HR exports are); an
    employee whose rows are split is reported (``split_rows``) and its later rows skipped.
    Keeping the set of employees already seen costs memory in proportion to the workforce
    (identifiers only).

    >>> import io
    >>> from teleaccord import read_contracts
    >>> text = ("employee,hired,last_day,fraction,pattern,effective\\n"
    ...         "E1,2020-01-06,,1,,\\n"
    ...         "E1,,,80 %,Mo Tu Th Fr,2024-07-01\\n"
    ...         "E2,2024-03-01,2024-10-31,,,\\n")
    >>> [(c.employee, len(c.contract.segments)) for c in read_contracts(io.StringIO(text))]
    [('E1', 2), ('E2', 1)]
    """
    counts = FileCounts(table.name)
    seen: set[str] = set()
    for employee, rows in _grouped(table, _parsed(table, counts), False):
        if employee in seen:
            table.report(
                table.source.path(item_line(rows[0]), "employee"),
                f"the rows of {employee} are not together (an earlier group ended before "
                "this row); sort the file by employee",
                "split_rows",
            )
            continue
        seen.add(employee)
        contract = _contract_of(table, rows, counts)
        if contract is not None:
            yield contract
    table.report.finish()


@_reads(_Table, BOOKINGS)
def read_bookings(table: _Table) -> Iterator[BookingRow]:
    """Yield the rows of a bookings file as :class:`~teleaccord.workforce.BookingRow`.

    Arguments as for :func:`read_contract_rows`.

    >>> import io
    >>> from teleaccord import read_bookings
    >>> text = "employee;date;half;status\\nE1;2024-03-05;;booked\\nE1;2024-03-07;am;\\n"
    >>> [(b.day.isoformat(), b.half, b.status) for b in read_bookings(io.StringIO(text))]
    [('2024-03-05', None, 'booked'), ('2024-03-07', <HalfDay.MORNING: 'am'>, 'booked')]
    """
    return _good_rows(table)


@_reads(_Table, ADJUSTMENTS)
def read_adjustments(table: _Table) -> Iterator[AdjustmentRow]:
    """Yield the rows of an adjustments file as :class:`~teleaccord.workforce.AdjustmentRow`.

    Arguments as for :func:`read_contract_rows`.

    >>> import io
    >>> from teleaccord import read_adjustments
    >>> text = "employee,period,amount,reason,by\\nE1,2024,\\"-1,5\\",correction,hr\\n"
    >>> [(a.day.isoformat(), a.amount) for a in read_adjustments(io.StringIO(text))]
    [('2024-01-01', Fraction(-3, 2))]
    """
    return _good_rows(table)


@_reads(_Table, ABSENCES)
def read_absences(table: _Table) -> Iterator[AbsenceRow]:
    """Yield the rows of an absences file as :class:`~teleaccord.workforce.AbsenceRow`, each
    holding its :class:`~teleaccord.absence.Absence`.

    Arguments as for :func:`read_contract_rows`.

    >>> import io
    >>> from teleaccord import read_absences
    >>> text = "matricule;du;au;type;fin_demi_journee\\nE1;2024-08-05;2024-08-09;paid_leave;am\\n"
    >>> [(a.absence.kind, str(a.absence.days), a.absence.end_half) for a in read_absences(io.StringIO(text))]
    [('paid_leave', '2024-08-05..2024-08-09', <HalfDay.MORNING: 'am'>)]
    """
    return _good_rows(table)


# -- the workforce: every file grouped by employee and merged --------------------------------


def _unsorted(table: _Table, line: int, key: str, previous: str) -> LoadError:
    problem = Problem(
        table.source.path(line, "employee"),
        f"the rows are not sorted by employee: {key!r} comes after {previous!r}; sort the "
        "files by employee (as text) to keep memory flat, or have them indexed in memory",
        "unsorted_input",
    )
    return LoadError(
        f"{table.name}: not sorted by employee ({key!r} after {previous!r}).",
        problems=[problem],
        source=table.name,
        code="unsorted_input",
    )


def _grouped(
    table: _Table, items: Iterator[tuple[str, Any]], check_order: bool = True
) -> Iterator[tuple[str, list[Any]]]:
    """Consecutive items of one employee as one group, checking the sort order."""
    key: str | None = None
    group: list[Any] = []
    for employee, item in items:
        if employee != key:
            if key is not None:
                if check_order and employee < key:
                    raise _unsorted(table, item_line(item), employee, key)
                yield key, group
            key, group = employee, []
        group.append(item)
    if key is not None:
        yield key, group


def item_line(item: Any) -> int:
    """The line of a parsed row (its ``line`` attribute)."""
    return int(item.line)


def _good(items: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """The items that are rows read, not bad rows (reported already)."""
    return ((employee, item) for employee, item in items if not isinstance(item, _BadRow))


_CANONICAL_HALVES = frozenset({"", "am", "pm"})
_CANONICAL_STATUSES = frozenset({BOOKED, CANCELLED})


def _booking_groups(
    table: _Table, counts: FileCounts, check_order: bool = True, columnar: bool = False
) -> Iterator[tuple[str, BookingColumns]]:
    """The bookings of each employee, as columns.

    The rows of an employee are gathered with their line numbers, then read column by column
    through the parsers' caches of the values already seen (dates, half-days, statuses): a
    few C-level passes per employee. A group with anything unusual (an unknown value, a blank
    or malformed cell, a short or long row) is read again by the row reader, and its bad rows
    are reported.

    ``columnar``: read with the columnar reader (:mod:`teleaccord.io.columnar`) where the
    file allows it (a sorted UTF-8 file on disk with ISO dates): same groups, same problems.
    """
    if columnar and check_order and _columnar_ready(table):
        yield from _columnar_groups(table, counts)
        return
    i_emp = table.index["employee"]
    reader = table.reader
    read = _RowReader(table)
    key: str | None = None
    raw_key: str | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    with table.reading():
        for row in reader:
            try:
                employee = row[i_emp]
            except IndexError:
                if not row:
                    continue  # a blank line
                employee = ""
            if employee != raw_key:
                stripped = restore_cell(employee.strip())
                if stripped != key:
                    if key is not None:
                        if check_order and stripped < key:
                            counts.rows += len(rows) + 1
                            raise _unsorted(table, reader.line_num + 1, stripped, key)
                        counts.rows += len(rows)
                        yield key, _booking_columns(read, rows, lines, counts)
                    key, rows, lines = stripped, [], []
                raw_key = employee
            rows.append(row)
            lines.append(reader.line_num + 1)
        if key is not None:
            counts.rows += len(rows)
            yield key, _booking_columns(read, rows, lines, counts)


_QUICK_HALVES = {"": None, "am": HalfDay.MORNING, "pm": HalfDay.AFTERNOON}


def _absence_groups(
    table: _Table, counts: FileCounts, check_order: bool = True, columnar: bool = False
) -> Iterator[tuple[str, list[AbsenceRow]]]:
    """The good absence rows of each employee, as ``_grouped(_good(_parsed(...)))`` gives
    them (same rows, problems, counts and order check), faster: a row of the usual shape
    (see :func:`_quick_absence`) is read without the row reader, any other by it.

    ``columnar``: read with the columnar reader (:func:`_columnar_absences`) where the file
    allows it (a sorted UTF-8 file on disk with ISO dates): the rows of the usual shape come
    typed a chunk at a time, the others are read as above, on their turn."""
    read = _RowReader(table)
    quick = _quick_absence(table, read)
    key: str | None = None
    group: list[AbsenceRow] = []
    reader = table.reader
    typed: Iterator[tuple[int, Any, list[str]]] | None = None
    row: Any
    with contextlib.ExitStack() as stack:
        if columnar and check_order and _columnar_ready(table):
            raw = stack.enter_context(open(typing.cast("str", table.path), "rb"))
            typed = _columnar_absences(table, raw)
        stack.enter_context(table.reading())
        for row in reader if typed is None else typed:
            if typed is None:
                if not row:
                    continue  # a blank line
                line, parsed = reader.line_num + 1, _SLOW
            else:
                line, parsed, row = row
            counts.rows += 1
            if parsed is _SLOW:
                parsed = quick(line, row)
                if parsed is _SLOW:
                    parsed = read(line, row)
                if parsed is None:
                    counts.skipped += 1
                    continue
            employee = parsed.employee
            if employee != key:
                if key is not None:
                    if check_order and employee < key:
                        raise _unsorted(table, line, employee, key)
                    yield key, group
                key, group = employee, []
            group.append(parsed)
    if key is not None:
        yield key, group


def _columnar_absences(table: _Table, raw: IO[bytes]) -> Iterator[tuple[int, Any, list[str]]]:
    """The rows of an absences file through the columnar reader, chunk by chunk
    (:func:`teleaccord.io.columnar.typed_absences`), each as its line, the row typed
    (:func:`_built_absences`) or :data:`_SLOW`, and its cells when :data:`_SLOW`; a chunk
    the columnar reader cannot type goes through the CSV reader."""
    from teleaccord.io import columnar

    offset = len(raw.readline(_MAX_HEADER))
    spans: dict[tuple[int | None, int | None], Any] = {}
    # Chunks of whole lines (cut at employee boundaries, as for bookings: any line end would
    # do, an absence row standing alone).
    for chunk in columnar.booking_chunks(
        raw, first_line=2, offset=offset, delimiter=table.delimiter
    ):
        found = columnar.typed_absences(
            chunk, delimiter=table.delimiter, width=table.width, index=table.index
        )
        if found is None:
            try:
                text = chunk.data.decode("utf-8")
            except UnicodeDecodeError:
                raise table.bad_encoding(chunk.first_line) from None
            # Blank lines ahead keep the reader's line numbers the file's.
            ahead = itertools.repeat("\n", chunk.first_line - 2)
            reader = table.reader = csv.reader(
                itertools.chain(ahead, io.StringIO(text, newline="")), delimiter=table.delimiter
            )
            for row in reader:
                if row:
                    yield reader.line_num + 1, _SLOW, row
            continue
        size = len(found.lines)
        keys = list(zip(found.firsts, found.lasts, strict=True))
        days = list(map(spans.get, keys))
        for k in itertools.compress(range(size), map(operator.not_, days)):
            days[k] = spans.get(keys[k])
            if days[k] is not None:
                continue  # met earlier in the chunk
            first, last = keys[k]
            if first is None or last is None or last < first:
                days[k] = _SLOW  # the row reader says what is wrong
                continue
            a, b = date.fromordinal(first), date.fromordinal(last)
            days[k] = (a, b, _DAY_RANGES.get((a, b)) or DateRange(a, b))
            if len(spans) < _DAY_RANGES_MAX:
                spans[keys[k]] = days[k]
        cells = found.cells
        if b"'" in chunk.data:  # a cell a writer neutralised, maybe: the row reader restores it
            marked = ("'" in "".join(row) for row in zip(*cells.values(), strict=True))
            for k in itertools.compress(range(size), marked):
                days[k] = _SLOW
        blank = [""] * size
        yield from _built_absences(
            _chunk_cells(table, chunk),
            found.lines,
            cells["employee"],
            cells["kind"],
            days,
            *(
                cells.get(name, blank)
                for name in ("half", "start_half", "end_half", "id", "source")
            ),
        )


def _chunk_cells(table: _Table, chunk: Any) -> Callable[[int], list[str]]:
    """How to get the cells of row ``k`` of a chunk the columnar reader typed (no quote, no
    blank line: row ``k`` is the chunk's line ``k``); the chunk is split once, when a row
    is first asked for."""
    lines: list[bytes] = []

    def cells(k: int) -> list[str]:
        if not lines:
            lines.extend(chunk.data.split(b"\n"))
        return next(csv.reader([lines[k].decode("utf-8").rstrip("\r")], delimiter=table.delimiter))

    return cells


def _built_absences(
    row_cells: Callable[[int], list[str]],
    lines: list[int],
    employees: list[str],
    kinds: list[str],
    days: list[Any],
    halves: list[str],
    start_halves: list[str],
    end_halves: list[str],
    idents: list[str],
    sources: list[str],
) -> Iterator[tuple[int, Any, list[str]]]:
    """The rows of a chunk typed column by column (cells stripped, ``days`` each row's first
    and last days with their range, or :data:`_SLOW`), one by one (each row built when
    asked for, so few are alive at a time): its line, and its
    :class:`~teleaccord.workforce.AbsenceRow` for a row of the usual shape, built as the row
    reader builds it; for any other (a blank cell, a half, an unusual half-day, an absence
    the constructor refuses) :data:`_SLOW` and its cells (``row_cells``: by its position),
    for the per-row readers, which report."""
    row_of = tuple.__new__
    start_of, end_of = _QUICK_HALVES.get, _QUICK_HALVES.get
    k = -1
    for line, employee, kind, span, half, start, end, ident, source in zip(
        lines, employees, kinds, days, halves, start_halves, end_halves, idents, sources,
        strict=True,
    ):  # fmt: skip
        k += 1
        if span is not _SLOW and not half and employee and kind and ident:
            start_half, end_half = start_of(start, _SLOW), end_of(end, _SLOW)
            if start_half is not _SLOW and end_half is not _SLOW:
                try:
                    absence = _new_absence(
                        ident, employee, span[2], kind, start_half, end_half, source
                    )
                except InvalidValue:
                    pass  # the row reader reports it
                else:
                    yield line, row_of(AbsenceRow, (employee, absence, line)), _NO_CELLS
                    continue
        yield line, _SLOW, row_cells(k)


_NO_CELLS: list[str] = []


def _new_absence(
    ident: str,
    employee: str,
    days: DateRange,
    kind: str,
    start_half: HalfDay | None,
    end_half: HalfDay | None,
    source: str,
    country: str | None = None,
) -> Absence:
    """The absence of cells read (:meth:`~teleaccord.absence.Absence.build`)."""
    return Absence.build(
        absence_id=ident,
        employee=employee,
        days=days,
        kind=kind,
        start_half=start_half,
        end_half=end_half,
        source=source,
        country=country,
    )


_SLOW: Any = object()
"""What the quick readers (of absences, of contracts) give for a row the row reader must
read."""


def _quick_absence(table: _Table, read: _RowReader) -> Callable[[int, list[str]], Any]:
    """A reader of the absence rows of the usual shape for this file's columns (the header's
    width, no quote in any cell, the required cells given, dates in the file's format,
    half-days blank, ``am`` or ``pm``, no country column): the row read, ``None`` when the
    absence is invalid (reported as the row reader reports it), or :data:`_SLOW` for a row
    the row reader must read."""
    index = table.index
    width = table.width
    if "country" in index:
        return lambda line, row: _SLOW
    i_emp, i_start, i_kind = index["employee"], index["start"], index["kind"]
    i_end, i_half = index.get("end"), index.get("half")
    i_start_half, i_end_half = index.get("start_half"), index.get("end_half")
    i_id, i_source = index.get("id"), index.get("source")
    parse_start = table.parser(table.fmt.column("start"))
    parse_end = table.parser(table.fmt.column("end")) if i_end is not None else parse_start
    halves = _QUICK_HALVES
    spans: dict[tuple[str, str], tuple[date, date, DateRange]] = {}  # by their texts
    new, row_of = _new_absence, tuple.__new__

    def quick(line: int, row: list[str]) -> Any:
        if len(row) != width or "'" in "".join(row):
            return _SLOW  # a cell a writer neutralised, maybe: the row reader restores it
        employee, kind = row[i_emp].strip(), row[i_kind].strip()
        start = row[i_start].strip()
        end = row[i_end].strip() if i_end is not None else ""
        if not employee or not kind or not start:
            return _SLOW
        try:
            found = spans.get((start, end))
            if found is None:
                first = parse_start(start)
                last = parse_end(end) if end else first
                days = _DAY_RANGES.get((first, last)) or DateRange(first, last)
                found = (first, last, days)
                if len(spans) < _DAY_RANGES_MAX:
                    spans[start, end] = found
            half = halves[row[i_half].strip()] if i_half is not None else None
            start_half = halves[row[i_start_half].strip()] if i_start_half is not None else None
            end_half = halves[row[i_end_half].strip()] if i_end_half is not None else None
        except (_Bad, KeyError, InvalidValue):
            return _SLOW
        first, last, days = found
        ident = row[i_id].strip() if i_id is not None else ""
        source = row[i_source].strip() if i_source is not None else ""
        if half is None and ident:
            try:
                absence = new(ident, employee, days, kind, start_half, end_half, source)
            except InvalidValue:
                return _SLOW  # the row reader reports it
            return row_of(AbsenceRow, (employee, absence, line))  # AbsenceRow(...), in C
        if half is not None:
            if last != first:
                return _SLOW
            if half is HalfDay.MORNING:
                end_half = HalfDay.MORNING
            else:
                start_half = HalfDay.AFTERNOON
        read.bad = False
        return _absence_of(
            read, line, employee, first, last, kind, half, start_half, end_half, ident, source, None
        )

    return quick


def _columnar_ready(table: _Table) -> bool:
    """Whether the columnar reader can read ``table``: a file on disk, in UTF-8, with ISO
    dates, whose header is its first line."""
    if table.path is None or table.encoding not in ("utf-8", "utf-8-sig"):
        return False
    if table.date_format != "yyyy-mm-dd":
        return False
    with open(table.path, "rb") as raw:
        header = raw.readline(_MAX_HEADER)
        # A file whose cells are quoted (some exports quote every cell) has no safe place
        # to cut: the CSV reader reads it.
        sample = raw.read(SAMPLE_SIZE)
    return header.endswith(b"\n") and b'"' not in header and b'"' not in sample


class _Group(NamedTuple):
    """An employee's rows before they are read: the key, the first line, the row count and
    how to read them."""

    key: str
    line: int
    size: int
    read: Callable[[], BookingColumns]


def _columnar_groups(table: _Table, counts: FileCounts) -> Iterator[tuple[str, BookingColumns]]:
    """:func:`_booking_groups` through the columnar reader, chunk by chunk; a chunk it cannot
    type goes through the CSV reader, an employee with a row it cannot type through the row
    reader. The groups, problems, counts and the order check are the row path's."""
    from teleaccord.io import columnar

    read = _RowReader(table)
    pending: _Group | None = None
    with open(typing.cast("str", table.path), "rb") as raw, table.reading():
        offset = len(raw.readline(_MAX_HEADER))
        for chunk in columnar.booking_chunks(
            raw, first_line=2, offset=offset, delimiter=table.delimiter
        ):
            typed = columnar.iter_typed_bookings(
                chunk, delimiter=table.delimiter, width=table.width, index=table.index
            )
            groups = (
                _chunk_rows(table, read, chunk, counts)
                if typed is None
                else _typed_groups(read, typed, counts)
            )
            for group in groups:
                if pending is not None:
                    if group.key < pending.key:
                        counts.rows += pending.size + 1
                        raise _unsorted(table, group.line, group.key, pending.key)
                    counts.rows += pending.size
                    yield pending.key, pending.read()
                pending = group
        if pending is not None:
            counts.rows += pending.size
            yield pending.key, pending.read()


def _typed_groups(read: _RowReader, typed: Iterable[Any], counts: FileCounts) -> Iterator[_Group]:
    for group in typed:
        if group.columns is not None:
            cols = group.columns
            yield _Group(group.employee, cols.lines[0], cols.size, functools.partial(_as_is, cols))
        else:
            yield _Group(
                group.employee,
                group.lines[0],
                len(group.rows),
                functools.partial(_booking_columns, read, group.rows, group.lines, counts),
            )


def _as_is(cols: BookingColumns) -> BookingColumns:
    return cols


def _chunk_rows(
    table: _Table, read: _RowReader, chunk: Any, counts: FileCounts
) -> Iterator[_Group]:
    """The groups of a chunk read by the CSV reader, as :func:`_booking_groups` reads."""
    try:
        text = chunk.data.decode("utf-8")
    except UnicodeDecodeError:
        raise table.bad_encoding(chunk.first_line) from None
    # Blank lines ahead keep the reader's line numbers the file's.
    lines = itertools.chain(
        itertools.repeat("\n", chunk.first_line - 2), io.StringIO(text, newline="")
    )
    reader = table.reader = csv.reader(lines, delimiter=table.delimiter)
    i_emp = table.index["employee"]
    key: str | None = None
    raw_key: str | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    for row in reader:
        try:
            employee = row[i_emp]
        except IndexError:
            if not row:
                continue
            employee = ""
        if employee != raw_key:
            stripped = restore_cell(employee.strip())
            if stripped != key:
                if key is not None:
                    yield _Group(key, numbers[0], len(rows), functools.partial(
                        _booking_columns, read, rows, numbers, counts))  # fmt: skip
                key, rows, numbers = stripped, [], []
            raw_key = employee
        rows.append(row)
        numbers.append(reader.line_num + 1)
    if key is not None:
        yield _Group(key, numbers[0], len(rows),
                     functools.partial(_booking_columns, read, rows, numbers, counts))  # fmt: skip


class _Careful(Exception):
    """A group needs the row reader."""


def _booking_columns(
    read: _RowReader, rows: list[list[str]], lines: list[int], counts: FileCounts
) -> BookingColumns:
    """One employee's booking rows as columns, on the fast path when every cell is usual."""
    table = read.table
    index = table.index
    count = len(rows)
    try:
        # zip(strict=True) refuses rows of different lengths; all must have the header's.
        cells = tuple(zip(*rows, strict=True))
        if len(cells) != table.width or not cells[index["employee"]][0]:
            raise _Careful
        ordinals = tuple(map(read.ordinal, cells[index["date"]]))
        halves: tuple[str, ...] = ("",) * count
        i = index.get("half")
        if i is not None:
            halves = cells[i]
            if not _CANONICAL_HALVES.issuperset(halves):
                halves = tuple(_half_text(_half(h)) for h in halves)
        statuses: tuple[str, ...] = (BOOKED,) * count
        i = index.get("status")
        if i is not None:
            statuses = cells[i]
            if not _CANONICAL_STATUSES.issuperset(statuses):
                statuses = tuple(map(_status, statuses))
        ids: tuple[str, ...] = ("",) * count
        i = index.get("id")
        if i is not None:
            ids = cells[i]
            joined = "|".join(ids)
            if " " in joined or "\t" in joined or "'" in joined:
                # Spaces around an id are stripped by the row reader, and a cell a writer
                # neutralised ('=...) restored.
                raise _Careful
        kinds: tuple[str, ...] = ()
        i = index.get("kind")
        if i is not None and any(cells[i]):
            if "'" in "".join(cells[i]):
                raise _Careful  # a cell a writer neutralised: the row reader restores it
            kinds = tuple(map(_kind_text, cells[i]))
            if not any(kinds):
                kinds = ()
        stamps: tuple[datetime | None, ...] = ()
        i = index.get("recorded_at")
        if i is not None:
            texts = cells[i]
            stamps = tuple(map(datetime.fromisoformat, texts))
            joined = "|".join(texts)
            # An aware ISO timestamp (extended format) has exactly 3 of these: the 2 dashes
            # of its date and its offset sign (or Z); a naive one has fewer.
            if joined.count("-") + joined.count("+") + joined.count("Z") != 3 * count:
                raise _Careful
    except (_Careful, ValueError, KeyError, _Bad):
        good: list[BookingRow] = []
        for line, row in zip(lines, rows, strict=True):
            parsed = read(line, row)
            if parsed is None:
                counts.skipped += 1
            else:
                good.append(parsed)
        return BookingColumns.from_rows(good)
    return BookingColumns(ordinals, halves, statuses, ids, stamps, tuple(lines), kinds)


def _contract_groups(
    table: _Table, counts: FileCounts, index: bool = False
) -> Iterator[tuple[str, EmployeeContract | None]]:
    """Each employee's contract, or ``None`` when its rows are invalid (reported)."""
    groups = _grouped(table, _parsed(table, counts), check_order=not index)
    if index:
        groups = _indexed(groups)
    for employee, rows in groups:
        yield employee, _contract_of(table, rows, counts)


def _contract_of(table: _Table, rows: list[Any], counts: FileCounts) -> EmployeeContract | None:
    """One employee's contract; ``None`` when a row could not be read (the contract would be
    wrong) or the rows do not make a contract, reported and counted as skipped."""
    bad = sum(isinstance(r, _BadRow) for r in rows)
    if bad:  # already reported, row by row
        counts.skipped += len(rows) - bad
        return None
    try:
        return contract_from_rows(rows, table.source)
    except LoadError as exc:
        for p in exc.problems:
            table.report(p.path, p.message, p.code)
        counts.skipped += len(rows)
        return None


def _joined(before: BookingColumns, after: BookingColumns) -> BookingColumns:
    """Two runs of one employee's booking columns, one after the other (an optional column,
    the timestamps or the kinds, empty in one run is filled in)."""
    joined: list[Any] = []
    for a, b, name in zip(before, after, BookingColumns._fields, strict=True):
        if name in ("recorded_at", "kinds") and bool(a) != bool(b):
            blank = None if name == "recorded_at" else ""
            a = a or (blank,) * before.size
            b = b or (blank,) * after.size
        joined.append(a + b)
    return BookingColumns(*joined)


def _indexed(groups: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Every group of a file in memory, merged by employee and sorted (unsorted inputs):
    lists are joined, booking columns concatenated, in file order."""
    found: dict[str, Any] = {}
    for employee, items in groups:
        before = found.get(employee)
        if before is None:
            found[employee] = items
        elif isinstance(before, BookingColumns):
            found[employee] = _joined(before, items)
        else:
            before.extend(items)
    for employee in sorted(found):
        yield employee, found.pop(employee)


def read_workforce(
    contracts: CsvSource,
    bookings: CsvSource | None = None,
    adjustments: CsvSource | None = None,
    *,
    names: tuple[str | None, ...] = (None, None, None),
    encoding: str | None = None,
    on_problem: ProblemHandler | None = None,
    unsorted: str = "error",
    summary: RunSummary | None = None,
    date_format: DateFormats | None = None,
    absences: CsvSource | None = None,
    engine: str = "auto",
) -> Iterator[EmployeeRecords]:
    """Stream each employee's contract, bookings and adjustments from CSV files.

    The files are read side by side, each sorted by employee (as text, in the same order:
    what ``sort`` with ``LC_ALL=C`` or Python's ``sorted`` give), and merged, so only one
    employee's rows are in memory at a time.

    Args:
        contracts, bookings, adjustments: paths or open text files (bookings and adjustments
            are optional).
        names: the files' names in problem paths (default: the paths as given), in the order
            contracts, bookings, adjustments, absences.
        encoding: the files' encoding; ``None`` (the default) detects each file's on its
            first 64 KiB (UTF-8 with or without a byte-order mark, else cp1252).
        date_format: the files' date format (:data:`DATE_FORMATS`); ``None`` (the default)
            detects each file's (see :func:`read_contract_rows`).
        on_problem: called with each problem; the bad row is skipped and the run goes on.
            Without it, problems are logged as warnings. Either way ``summary`` counts them.
        unsorted: ``"error"`` (default): a file not sorted by employee raises a
            :class:`~teleaccord.errors.LoadError` with code ``unsorted_input``, naming the
            first row out of order (employees before it may already have been yielded);
            ``"index"``: read every file into memory first, grouped by employee, and yield
            the employees in sorted order (memory then grows with the workforce).
        summary: counts rows read and skipped per file, with the encoding and the date
            format each was read in.
        absences: a path or open text file of absences (optional, :data:`ABSENCES`).
        engine: how the bookings file is read (:data:`teleaccord.io.columnar.ENGINES`):
            ``"auto"`` (the default) with the columnar reader when the ``fast`` extra is
            installed, ``"fast"`` with it (an error without the extra), ``"python"`` with
            the CSV reader only. The records, problems and counts are the same either way;
            the columnar reader applies to a sorted UTF-8 file on disk with ISO dates, and
            is bounded in memory by a chunk (:data:`teleaccord.io.columnar.CHUNK_SIZE`).

    Raises:
        LoadError: a file cannot be read, has no header or misses a required column (before
            anything is yielded), is not valid UTF-8 or CSV, or is not sorted (see above).

    >>> import io
    >>> from teleaccord import read_workforce
    >>> c = "employee,hired,fraction\\nE1,2020-01-06,80 %\\nE2,2024-03-01,1\\n"
    >>> b = "employee;date;half\\nE1;2024-03-05;\\nE1;2024-03-07;am\\nE3;2024-03-05;\\n"
    >>> for r in read_workforce(io.StringIO(c), io.StringIO(b)):
    ...     print(r.employee, r.contract is not None, r.bookings.size)
    E1 True 2
    E2 True 0
    E3 False 1
    """
    if unsorted not in ("error", "index"):
        msg = f"unsorted: expected 'error' or 'index', got {unsorted!r}."
        raise InvalidValue(msg, field="unsorted", code="invalid_value")
    from teleaccord.io.columnar import check_engine

    columnar = check_engine(engine)
    run = summary if summary is not None else RunSummary()

    def handler(problem: Problem) -> None:
        run.problems[problem.code] += 1
        if on_problem is None:
            log.warning("%s", problem)
        else:
            on_problem(problem)

    opened: list[_Table | None] = []
    try:
        for role, (fmt, source) in enumerate(
            zip(
                (CONTRACTS, BOOKINGS, ADJUSTMENTS, ABSENCES),
                (contracts, bookings, adjustments, absences),
                strict=True,
            )
        ):
            name = names[role] if role < len(names) else None
            opened.append(
                None
                if source is None
                else _Table(
                    fmt,
                    source,
                    name=name,
                    encoding=encoding,
                    on_problem=handler,
                    date_format=date_format,
                )
            )
    except BaseException:
        for t in opened:
            if t is not None:
                t.close()
        raise
    ctable, btable, atable, xtable = opened
    assert ctable is not None  # contracts are required
    index = unsorted == "index"
    run.indexed = index
    cgroups: Iterator[tuple[str, Any]] = _contract_groups(
        ctable, _counts(run, "contracts", ctable), index
    )
    bgroups: Iterator[tuple[str, Any]] = iter(())
    agroups: Iterator[tuple[str, Any]] = iter(())
    bsource, asource = Source("bookings"), Source("adjustments")
    if btable is not None:
        bgroups = _booking_groups(btable, _counts(run, "bookings", btable), not index, columnar)
        bsource = btable.source
    if atable is not None:
        acounts = _counts(run, "adjustments", atable)
        agroups = _grouped(atable, _good(_parsed(atable, acounts)), not index)
        asource = atable.source
    xgroups: Iterator[tuple[str, Any]] = iter(())
    xsource = Source("absences")
    if xtable is not None:
        xcounts = run.file("absences", xtable.name)
        xcounts.date_format = xtable.date_format  # what --jobs cuts by (io.chunks)
        xgroups = _absence_groups(xtable, xcounts, not index, columnar)
        xsource = xtable.source
    if index:
        bgroups = _indexed(bgroups)
        agroups = _indexed(agroups)
        xgroups = _indexed(xgroups)
    yield from _merge(cgroups, bgroups, agroups, ctable.source, bsource, asource, xgroups, xsource)


def _counts(run: RunSummary, role: str, table: _Table) -> FileCounts:
    """The counts of one input in a run's summary, with what it was read as."""
    counts = run.file(role, table.name)
    if table.detected:
        counts.encoding = table.encoding
    counts.date_format = table.date_format
    return counts


def _merge(
    cgroups: Iterator[tuple[str, Any]],
    bgroups: Iterator[tuple[str, Any]],
    agroups: Iterator[tuple[str, Any]],
    csource: Source,
    bsource: Source,
    asource: Source,
    xgroups: Iterator[tuple[str, Any]] | None = None,
    xsource: Source | None = None,
) -> Iterator[EmployeeRecords]:
    """Join the streams sorted by employee (contracts, bookings, adjustments and absences)
    into one record per employee."""
    xgroups = xgroups if xgroups is not None else iter(())
    xsource = xsource if xsource is not None else Source("absences")
    c = next(cgroups, None)
    b = next(bgroups, None)
    a = next(agroups, None)
    x = next(xgroups, None)
    while c is not None or b is not None or a is not None or x is not None:
        key = min(g[0] for g in (c, b, a, x) if g is not None)
        contract: EmployeeContract | None = None
        has_contract_rows = False
        booking_rows: Sequence[BookingRow] = ()
        adjustment_rows: Sequence[AdjustmentRow] = ()
        if c is not None and c[0] == key:
            contract, has_contract_rows = c[1], True
            c = next(cgroups, None)
        if b is not None and b[0] == key:
            booking_rows = b[1]
            b = next(bgroups, None)
        if a is not None and a[0] == key:
            adjustment_rows = a[1]
            a = next(agroups, None)
        absence_rows: Sequence[AbsenceRow] = ()
        if x is not None and x[0] == key:
            absence_rows = x[1]
            x = next(xgroups, None)
        yield EmployeeRecords(
            employee=key,
            contract=contract,
            bookings=booking_rows,
            adjustments=adjustment_rows,
            contract_source=csource,
            bookings_source=bsource,
            adjustments_source=asource,
            contract_skipped=has_contract_rows and contract is None,
            absences=absence_rows,
            absences_source=xsource,
        )


def _write_rows(
    fmt: CsvFormat,
    rows: Iterable[Mapping[str, Any]],
    out: IO[str],
    delimiter: str,
    decimal_comma: bool,
    neutralise: bool = True,
    exact: bool = True,
) -> int:
    """Write rows of values (by column name) in a format, each cell by its column kind's
    writer (a value that is text already as it is); return the rows written.

    With ``neutralise`` (the default) a cell a spreadsheet would run as a formula gets a
    quote before it (:func:`~teleaccord.io.output.neutralise_cell`); our readers remove it.
    ``exact=False`` (report CSVs, for people) writes each cell by its kind's ``rounded``
    writer where it has one; data files meant to be read back stay exact."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([c.name for c in fmt.columns])
    kinds = [COLUMN_KINDS[c.kind] for c in fmt.columns]
    cells = [
        (c.name, k.write if exact or k.rounded is None else k.rounded)
        for c, k in zip(fmt.columns, kinds, strict=True)
    ]
    comma = [i for i, c in enumerate(fmt.columns) if COLUMN_KINDS[c.kind].decimal]
    count = 0
    for values in rows:
        texts = [v if isinstance(v := values[name], str) else write(v) for name, write in cells]
        if decimal_comma:
            for i in comma:
                texts[i] = texts[i].replace(".", ",")
        writer.writerow(neutralise_row(texts) if neutralise else texts)
        count += 1
    return count


# -- writing balances ------------------------------------------------------------------------


def write_balances(
    rows: Iterable[BalanceRow],
    out: IO[str],
    *,
    format: str = "csv",
    delimiter: str = ",",
    decimal_comma: bool = False,
    neutralise: bool = True,
    exact: bool = False,
) -> int:
    """Write balance rows as CSV, JSON (one array) or JSON Lines, streaming; return the count.

    Args:
        rows: the balances, e.g. from :func:`~teleaccord.workforce.workforce_balances`.
        out: an open text file (open it with ``newline=""`` for CSV).
        format: ``csv``, ``json`` or ``jsonl``.
        delimiter: the CSV separator (``;`` for French spreadsheets).
        decimal_comma: write ``40,50`` rather than ``40.50`` in CSV (exact fractions stay
            ``100/3``).
        neutralise: put a quote before CSV cells a spreadsheet would run as formulas
            (``=HYPERLINK(...)``, ``@SUM(...)``); turn it off only for programs that read the
            file and never a spreadsheet.
        exact: write exact amounts in CSV (``40.5``, ``6564/73``) instead of two decimals
            rounded half-up for display (``40.50``, ``89.92``), for a file a program reads.

    A balances CSV is a report for people: its amounts have two decimals by default. JSON and
    JSON Lines are always exact strings (never a float).

    >>> import sys
    >>> from fractions import Fraction
    >>> from teleaccord import BalanceRow, write_balances, year_range
    >>> row = BalanceRow(employee="E1", period=year_range(2024), label="2024",
    ...                  entitlement_exact=Fraction(161, 2), entitlement=Fraction(81, 2))
    >>> _ = write_balances([row], sys.stdout, delimiter=";", decimal_comma=True)
    employee;period;start;end;entitlement_exact;entitlement;carried;adjusted;booked;cancelled;expired;remaining;forfeited;pool
    E1;2024;2024-01-01;2024-12-31;80,50;40,50;0,00;0,00;0,00;0,00;0,00;40,50;0,00;default
    >>> _ = write_balances([row], sys.stdout, exact=True)
    employee,period,start,end,entitlement_exact,entitlement,carried,adjusted,booked,cancelled,expired,remaining,forfeited,pool
    E1,2024,2024-01-01,2024-12-31,80.5,40.5,0,0,0,0,0,40.5,0,default
    >>> _ = write_balances([row], sys.stdout, format="jsonl")
    {"employee": "E1", "period": "2024", "start": "2024-01-01", "end": "2024-12-31", "entitlement_exact": "80.5", "entitlement": "40.5", "carried": "0", "adjusted": "0", "booked": "0", "cancelled": "0", "expired": "0", "remaining": "40.5", "forfeited": "0", "pool": "default"}
    """
    if format == "csv":
        cells = _balance_cells(exact, decimal_comma, neutralise)
        if cells is None:  # a balances format with other columns: cell by cell
            return _write_rows(
                BALANCES,
                (row.to_dict() if exact else _balance_values(row) for row in rows),
                out,
                delimiter,
                decimal_comma,
                neutralise,
                exact=exact,
            )
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow([c.name for c in BALANCES.columns])
        count = 0
        # Rows by the 256, one writer call each: the job writes millions of cells. Not by the
        # thousand: a batch that outlives more than 700 new objects wakes Python's cycle
        # collector (about 1.5 times a batch of 1 024, for nothing to collect).
        for batch in _batched(map(cells, rows), 256):
            writer.writerows(batch)
            count += len(batch)
        return count
    count = 0
    if format == "jsonl":
        for row in rows:
            out.write(json.dumps(row.to_dict()) + "\n")
            count += 1
        return count
    if format == "json":
        out.write("[")
        for row in rows:
            out.write(",\n  " if count else "\n  ")
            out.write(json.dumps(row.to_dict()))
            count += 1
        out.write("\n]\n" if count else "]\n")
        return count
    msg = f"format: expected csv, json or jsonl, got {format!r}."
    raise InvalidValue(msg, field="format", code="invalid_format")


_BALANCE_AMOUNTS = tuple(c.name for c in BALANCES.columns if c.kind == "amount")


_BALANCE_CELLS = (
    "employee",
    "period",
    "start",
    "end",
    "entitlement_exact",
    "entitlement",
    "carried",
    "adjusted",
    "booked",
    "cancelled",
    "expired",
    "remaining",
    "forfeited",
    "pool",
)


def _batched(items: Iterable[list[str]], size: int) -> Iterator[list[list[str]]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _balance_cells(
    exact: bool, decimal_comma: bool, neutralise: bool
) -> Callable[[BalanceRow], list[str]] | None:
    """A function writing a balance row's cells for the CSV writer, as :func:`_write_rows`
    writes them from :meth:`BalanceRow.to_dict` (amounts by the ``amount`` kind's writer,
    exact or rounded, with the decimal comma; text cells neutralised), without the dict;
    ``None`` when the balances format declares other columns than those it knows."""
    kinds = ("text", "text", "date", "date", *("amount",) * 9, "text")
    if tuple((c.name, c.kind) for c in BALANCES.columns) != tuple(
        zip(_BALANCE_CELLS, kinds, strict=True)
    ):
        return None
    kind = COLUMN_KINDS["amount"]
    write = kind.write if exact or kind.rounded is None else kind.rounded
    amounts = operator.attrgetter(*_BALANCE_AMOUNTS)
    comma = decimal_comma and kind.decimal

    # Each amount's cell by the identity of its value: the job's rows share most of their
    # Fraction objects (cached half-day counts, entitlements, zero), so most cells are a
    # dict look-up. The value is kept beside its text, so an id is never reused meanwhile.
    memo: dict[int, tuple[Fraction, str]] = {}

    def amount(value: Fraction) -> str:
        text = write(value)
        if comma:
            text = text.replace(".", ",")
        if neutralise:
            text = neutralise_cell(text)
        if len(memo) > 65536:
            memo.clear()
        memo[id(value)] = (value, text)
        return text

    text_memo: dict[str, str] = {}

    def text(cell: str) -> str:
        if len(text_memo) > 65536:
            text_memo.clear()
        found = text_memo[cell] = neutralise_cell(cell)
        return found

    # A period's two date cells by the identity of the period: the job's rows share the
    # period objects of the run (kept beside their texts, as the amounts are).
    periods: dict[int, tuple[DateRange, str, str]] = {}

    def days(period: DateRange) -> tuple[DateRange, str, str]:
        if len(periods) > 4096:
            periods.clear()
        found = periods[id(period)] = (period, period.start.isoformat(), period.end.isoformat())
        return found

    memo_get, periods_get = memo.get, periods.get

    def cells(row: BalanceRow) -> list[str]:
        texts = [
            hit[1]
            if (hit := memo_get(id(value))) is not None and hit[0] is value
            else amount(value)
            for value in amounts(row)
        ]
        employee, label, pool = row.employee, row.label, row.pool
        if neutralise:  # the text cells, neutralised once per text
            employee = text_memo.get(employee) or text(employee)
            label = text_memo.get(label) or text(label)
            pool = text_memo.get(pool) or text(pool)
        period = row.period
        span = periods_get(id(period))
        if span is None or span[0] is not period:
            span = days(period)
        return [employee, label, span[1], span[2], *texts, pool]

    return cells


def _balance_values(row: BalanceRow) -> dict[str, Any]:
    """A balance row's cells with its amounts as exact values, for the kinds' writers."""
    values: dict[str, Any] = dict(row.to_dict())
    for name in _BALANCE_AMOUNTS:
        values[name] = getattr(row, name)
    return values


def write_contracts(
    contracts: Iterable[EmployeeContract | Contract],
    out: IO[str],
    *,
    delimiter: str = ",",
    decimal_comma: bool = False,
    neutralise: bool = True,
) -> int:
    """Write contracts in the contracts format, one row per contract state; return the rows.

    The first row of each contract holds its hire date and last day; each later row an
    amendment from its effective date. Every row gives the whole state (fraction, pattern and
    its anchor, category, team, site, forfait in days), so the file reads back to the same
    contracts (:func:`read_contracts`). A state on a forfait in days (:meth:`Contract.forfait_jours`)
    leaves the fraction and pattern the forfait implies blank.

    >>> import io
    >>> import sys
    >>> from datetime import date
    >>> from teleaccord import Amendment, Contract, WorkPattern, write_contracts
    >>> c = Contract.from_amendments(employee="E1", hired=date(2020, 1, 6), fraction="80 %",
    ...     pattern=WorkPattern.parse("Mo Tu Th Fr"),
    ...     amendments=[Amendment(effective=date(2025, 7, 1), fraction=1,
    ...                           pattern=WorkPattern.full_time())])
    >>> write_contracts([c], sys.stdout)
    employee,effective,hired,last_day,fraction,pattern,anchor,works_holidays,category,team,site,statuses,forfait_days
    E1,,2020-01-06,,80 %,Mo Tu Th Fr,,no,,,,,
    E1,2025-07-01,,,100 %,Mo Tu We Th Fr,,no,,,,,
    2
    >>> write_contracts([Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1), days=150)],
    ...                 sys.stdout)
    employee,effective,hired,last_day,fraction,pattern,anchor,works_holidays,category,team,site,statuses,forfait_days
    M1,,2020-01-01,,,,,,,,,,150
    1
    """
    return _write_rows(
        CONTRACTS, _contract_values(contracts), out, delimiter, decimal_comma, neutralise
    )


def _contract_values(
    contracts: Iterable[EmployeeContract | Contract],
) -> Iterator[dict[str, Any]]:
    """The rows of contracts: each state whole, the contract's dates on its first row, the
    statuses where they change."""
    for item in contracts:
        ec = item if isinstance(item, EmployeeContract) else EmployeeContract(contract=item)
        contract = ec.contract
        held: frozenset[str] = frozenset()
        for n, seg in enumerate(contract.segments):
            now = ec.statuses_at(seg.start)
            days = seg.forfait_days
            # A forfait's own fraction and week go without saying (and read back the same).
            own = days is not None and seg.fraction == _forfait_fraction(days)
            plain = own and seg.pattern == STANDARD_WEEK
            yield {
                "employee": contract.employee,
                "effective": seg.start if n else None,
                "hired": None if n else contract.hired,
                "last_day": None if n else contract.last_day,
                "fraction": None if own else seg.fraction,
                "pattern": None if plain else seg.pattern,
                "anchor": None if plain else seg.pattern.anchor,
                "works_holidays": None if plain else seg.pattern.works_holidays,
                "category": seg.category,
                "team": seg.team,
                "site": seg.site,
                "statuses": None if now == held else now,
                "forfait_days": days,
            }
            held = now


def write_bookings(
    rows: Iterable[BookingRow], out: IO[str], *, delimiter: str = ",", neutralise: bool = True
) -> int:
    """Write booking rows in the bookings format (for instance a ledger's, from
    :func:`~teleaccord.workforce.ledger_booking_rows`); return the rows written.

    >>> import sys
    >>> from datetime import date
    >>> from teleaccord import BookingRow, HalfDay, write_bookings
    >>> from teleaccord.workforce import BOOKED
    >>> write_bookings([BookingRow("E1", date(2025, 3, 4), HalfDay.MORNING, BOOKED, "B1", None, 2)],
    ...                sys.stdout)
    employee,date,half,status,id,recorded_at,kind
    E1,2025-03-04,am,booked,B1,,
    1
    """
    values = (
        {
            "employee": row.employee,
            "date": row.day,
            "half": row.half,
            "status": row.status,
            "id": row.booking_id,
            "recorded_at": row.recorded_at,
            "kind": row.kind,
        }
        for row in rows
    )
    return _write_rows(BOOKINGS, values, out, delimiter, False, neutralise)


# -- the sample workforce --------------------------------------------------------------------

_SAMPLE = "data/workforce"


@attrs.frozen(kw_only=True)
class SampleWorkforce:
    """The sample workforce shipped with teleaccord (``teleaccord balances`` runs on it).

    Attributes:
        year: the year its bookings cover.
        agreement_name: the sample agreement it works under.
        country: the country of its public holidays.
        description: what it holds.

    >>> from teleaccord import sample_workforce
    >>> sample = sample_workforce()
    >>> sample.year, sample.agreement_name
    (2025, 'assistance-100-days')
    >>> sum(1 for _ in sample.records())
    240
    """

    year: int
    agreement_name: str
    country: str
    description: str

    def agreement(self) -> Any:
        """The sample agreement (an :class:`~teleaccord.agreement.Agreement`)."""
        from teleaccord.io.agreement_file import load_sample_agreement

        return load_sample_agreement(self.agreement_name)

    def calendar(self) -> Calendar:
        """The calendar of the sample's country."""
        return Calendar(country=self.country)

    def open(self, name: str) -> IO[str]:
        """Open one of its files (``contracts.csv``, ``bookings.csv``, ``adjustments.csv``)."""
        entry = resources.files("teleaccord").joinpath(_SAMPLE).joinpath(name)
        return io.TextIOWrapper(entry.open("rb"), encoding="utf-8-sig", newline="")

    def records(
        self,
        *,
        on_problem: ProblemHandler | None = None,
        summary: RunSummary | None = None,
    ) -> Iterator[EmployeeRecords]:
        """Stream its employees, as :func:`read_workforce` does from files."""
        files = [self.open(f"{name}.csv") for name in ("contracts", "bookings", "adjustments")]
        try:
            yield from read_workforce(
                *files,
                names=("contracts.csv", "bookings.csv", "adjustments.csv"),
                on_problem=on_problem,
                summary=summary,
            )
        finally:
            for f in files:
                f.close()


def sample_workforce() -> SampleWorkforce:
    """The sample workforce shipped with teleaccord (see :class:`SampleWorkforce`)."""
    entry = resources.files("teleaccord").joinpath(_SAMPLE).joinpath("workforce.toml")
    data = parse_toml(entry.read_bytes(), f"teleaccord/{_SAMPLE}/workforce.toml")
    return SampleWorkforce(
        year=int(data["year"]),
        agreement_name=str(data["agreement"]),
        country=str(data.get("country", "FR")),
        description=str(data.get("description", "")).strip(),
    )


# -- the law (issue 15): activity events -----------------------------------------------------


def read_records(format_name: str, source: CsvSource, **options: Any) -> Iterator[CsvRecord]:
    """Yield the good rows of a file in any format of :data:`CSV_FORMATS` as
    :class:`CsvRecord` values, each cell read by its column's kind, with the same conventions
    as every reader here (header aliases, separator, encoding, bad cells reported under
    ``file:line:column`` and their rows skipped). A module that declares its format in
    ``csv_formats.toml`` builds its own values from the records.

    Arguments as for :func:`read_contract_rows` (``name``, ``encoding``, ``on_problem``,
    ``date_format``: keywords); ``format_name`` is the format's name.

    >>> import io
    >>> from teleaccord.io.csv import read_records
    >>> text = "matricule;type;date_emission\\nE1;internet;2025-01-06\\n"
    >>> [(r.employee, r.values["kind"], r.values["issued"]) for r in read_records("attestations", io.StringIO(text))]
    [('E1', 'internet', datetime.date(2025, 1, 6))]
    """
    fmt = CSV_FORMATS.get(format_name)
    if fmt is None:
        msg = (
            f"format_name: no CSV format is called {format_name!r}; known: "
            f"{', '.join(CSV_FORMATS)}."
        )
        raise InvalidValue(msg, field="format_name", code="unknown_format")
    return _reader(_Table, fmt, _good_rows)(source, **options)


def read_activity(
    source: CsvSource,
    *,
    name: str | None = None,
    encoding: str = "utf-8-sig",
    on_problem: ProblemHandler | None = None,
) -> Iterator[ActivityEvent]:
    """Yield the rows of an activity file (format ``activity``) as
    :class:`~teleaccord.disconnect.ActivityEvent`, one at a time.

    Arguments as for :func:`read_contract_rows`.

    >>> import io
    >>> from teleaccord.io.csv import read_activity
    >>> text = "matricule;horodatage;type\\nE1;2025-03-03T22:30:00+01:00;message\\nE1;2025-03-04;x\\n"
    >>> found = []
    >>> [(e.employee, e.at.hour, e.kind) for e in read_activity(io.StringIO(text), name="a.csv", on_problem=found.append)]
    [('E1', 22, 'message')]
    >>> found[0].code
    'naive_timestamp'
    """
    read = _reader(_Table, CSV_FORMATS["activity"], _good_rows)
    return read(source, name=name, encoding=encoding, on_problem=on_problem)
