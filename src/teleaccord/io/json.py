"""JSON: every teleaccord value to and from JSON text, with a schema version.

The values become data through the one converter, :mod:`teleaccord.io.convert`, in its
``"data"`` form (see there for the format of every type); this module adds the JSON text,
JSON Lines, and re-exports :func:`to_data`, :func:`from_data`, :func:`json_schema` and
:func:`serialisable_types`.

>>> from datetime import date
>>> from teleaccord import Contract, from_data, to_data
>>> c = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1), fraction="4/5")
>>> data = to_data(c)
>>> data["type"], data["segments"][0]["fraction"], data["segments"][0]["pattern"]["text"]
('Contract', '0.8', 'Mo Tu We Th Fr')
>>> from_data(data) == c
True
"""

from __future__ import annotations

import json as _json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from teleaccord.errors import LoadError, Problem
from teleaccord.io.convert import (
    SCHEMA_VERSION,
    from_data,
    json_schema,
    serialisable_types,
    to_data,
)
from teleaccord.io.toml import MAX_DEPTH, check_depth

__all__ = [
    "MAX_LINE",
    "SCHEMA_VERSION",
    "dump_lines",
    "dumps",
    "from_data",
    "json_schema",
    "load_lines",
    "loads",
    "parse_json",
    "parse_json_line",
    "serialisable_types",
    "to_data",
]

MAX_LINE = 1 << 20
"""The longest line (characters) a JSON Lines reader parses: a ledger entry takes well under
2 KiB (texts are at most 200 characters), so a longer line is damage or an attack, refused
before it costs memory."""

T = TypeVar("T")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """The value as JSON text (:func:`to_data`, then :func:`json.dumps`, non-ASCII kept).

    >>> from datetime import date
    >>> from teleaccord import DateRange, dumps
    >>> dumps(DateRange(date(2024, 1, 1), date(2024, 1, 31)))
    '{"type": "DateRange", "schema_version": 1, "start": "2024-01-01", "end": "2024-01-31"}'
    """
    return _json.dumps(to_data(value), ensure_ascii=False, allow_nan=False, indent=indent)


def _refuse_constant(name: str) -> Any:
    msg = f"{name} is not a number JSON allows"
    raise ValueError(msg)


#: One decoder for every call: ``json.loads`` with a keyword argument builds a new one each time.
_DECODER = _json.JSONDecoder(parse_constant=_refuse_constant)


def parse_json(
    text: str | bytes, source: str, path: str = "$", *, max_length: int | None = None
) -> Any:
    """The one JSON reader: standard JSON only (no ``NaN``/``Infinity``), nested at most
    :data:`teleaccord.io.toml.MAX_DEPTH` deep, UTF-8, and at most ``max_length`` characters
    (or bytes) when given: JSON Lines readers pass :data:`MAX_LINE`, so one huge line is
    refused before it is parsed.

    Raises:
        LoadError: one problem at ``path`` (``invalid_json``, ``invalid_encoding``,
            ``too_deep`` or ``too_long``) naming ``source``.

    >>> from teleaccord.io.json import parse_json
    >>> parse_json('{"a": [1, 2]}', "x.json")
    {'a': [1, 2]}
    >>> parse_json('{"a": "' + "x" * 100 + '"}', "x.jsonl", "line 3", max_length=64)
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: x.jsonl: 1 problem:
      line 3: a line of 109 characters; a line holds at most 64.
    """
    if max_length is not None and len(text) > max_length:
        problem = Problem(
            path,
            f"a line of {len(text)} characters; a line holds at most {max_length}.",
            "too_long",
        )
        raise LoadError.from_problems(source, [problem])
    try:
        # What ``json.loads`` does with bytes: UTF-8, -16 or -32, told by the first bytes.
        decoded = (
            text.decode(_json.detect_encoding(text), "surrogatepass")
            if isinstance(text, bytes)
            else text
        )
        data = _DECODER.decode(decoded)
    except UnicodeDecodeError:
        problem = Problem(path, "the text is not UTF-8", "invalid_encoding")
    except (ValueError, RecursionError) as exc:
        problem = Problem(path, f"not valid JSON: {exc}", "invalid_json")
    else:
        # A value nests no deeper than the brackets the text holds (those inside strings
        # only over-count), so a text with few brackets needs no walk.
        if decoded.count("[") + decoded.count("{") <= MAX_DEPTH:
            return data
        # Outside the try: its LoadError (a ValueError) is not a JSON syntax error.
        return check_depth(data, source, path)
    raise LoadError.from_problems(source, [problem])


_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


def parse_json_line(line: str, source: str, path: str = "$") -> Any:
    """One line of JSON Lines: what ``parse_json(line, source, path, max_length=MAX_LINE)``
    answers, and the same :class:`~teleaccord.errors.LoadError` for a line it refuses, sooner
    for the lines a writer of this library writes.

    A line of at most :data:`MAX_LINE` characters holding one JSON value from its first
    character to its last, with too few brackets to nest deeper than
    :data:`~teleaccord.io.toml.MAX_DEPTH`, is read by the decoder's scanner alone (the part of
    ``json.loads`` that reads the value, without the wrappers around it that look for
    whitespace before and after). Any other line (leading or trailing whitespace, bad JSON,
    ``NaN``, deep nesting, too long) goes through :func:`parse_json`, which reads or refuses it.

    >>> from teleaccord.io.json import parse_json_line
    >>> parse_json_line('{"a": [1, 2]}', "x.jsonl", "line 1")
    {'a': [1, 2]}
    >>> parse_json_line('{"a": NaN}', "x.jsonl", "line 2")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: x.jsonl: 1 problem:
      line 2: not valid JSON: NaN is not a number JSON allows
    """
    # A line whose only bracket is its first character nests one deep: two searches (memchr)
    # tell it, sooner than counting every bracket of the line.
    if len(line) <= MAX_LINE and (
        ("[" not in line and line.find("{", 1) < 0)
        or line.count("[") + line.count("{") <= MAX_DEPTH
    ):
        try:
            data, end = _SCAN(line, 0)
        except (StopIteration, ValueError, RecursionError):
            pass  # parse_json says what is wrong, in its words
        else:
            if end == len(line):
                return data
    return parse_json(line, source, path, max_length=MAX_LINE)


def loads(text: str | bytes, cls: type[T] | None = None, *, source: str = "<json>") -> T:
    """Read a value from JSON text (see :func:`from_data`).

    Raises:
        LoadError: the text is not JSON, or the data is not a valid value.

    >>> from teleaccord import loads
    >>> loads('{"type": "Extra", "status": "carer", "days": "10"}')
    Extra(status='carer', days=Fraction(10, 1))
    >>> loads('{"type": "Extra", "status": "carer", "days": "-1"}')
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <json>: 1 problem:
      $.days: must not be negative, got -1.
    """
    return from_data(parse_json(text, source), cls, source=source)


def dump_lines(values: Iterable[Any]) -> str:
    """JSON Lines: one :func:`dumps` per value, each on its own line (an append-only log).

    >>> from datetime import date
    >>> from teleaccord import DateRange, dump_lines
    >>> print(dump_lines([DateRange(date(2024, 1, 1), date(2024, 1, 2))]), end="")
    {"type": "DateRange", "schema_version": 1, "start": "2024-01-01", "end": "2024-01-02"}
    """
    return "".join(dumps(v) + "\n" for v in values)


def load_lines(
    text: str | bytes, cls: type[T] | None = None, *, source: str = "<jsonl>"
) -> list[T]:
    """Read JSON Lines written by :func:`dump_lines`; blank lines are skipped, and so is the
    header line of :meth:`QuotaLedger.to_jsonl <teleaccord.QuotaLedger.to_jsonl>` (whose
    entries this reads too).

    Problems are reported for every line, with paths ``LINE:$.path`` (the file name is the
    error's source), as the CSV loaders do.

    Raises:
        LoadError: every problem of every line.

    >>> from teleaccord import load_lines
    >>> load_lines('{"type": "DateRange", "start": "2024-01-01", "end": "2024-01-02"}\\n\\n[1]\\n')
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <jsonl>: 1 problem:
      3:$: expected an object, got a list
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            problem = Problem("$", "the text is not UTF-8", "invalid_encoding")
            raise LoadError.from_problems(source, [problem]) from None
    values: list[T] = []
    problems: list[Problem] = []
    # Only "\n" ends a line: str.splitlines() would also split on U+2028 or U+0085, which JSON
    # text written without ASCII escapes may hold inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = parse_json_line(line, source)
            if isinstance(data, Mapping) and data.get("type") == "ledger":
                continue  # the header of QuotaLedger.to_jsonl: the entries follow
            values.append(from_data(data, cls, source=source))
        except LoadError as exc:
            problems.extend(Problem(f"{number}:{p.path}", p.message, p.code) for p in exc.problems)
    if problems:
        raise LoadError.from_problems(source, problems)
    return values
