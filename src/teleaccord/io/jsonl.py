"""Ledgers as JSON Lines: a header line, then one entry per line, in the order appended.

Format 2 (this release) writes each entry in the project's one wire shape,
:func:`teleaccord.io.json.to_data`'s (``{"type": "Booking", "schema_version": 1, ...}``),
after a header ``{"type": "ledger", "format": 2, "employee": ..., "agreement": ...,
"entries": N}`` and before a trailer ``{"type": "ledger", "trailer": true, "entries": N}``;
reading checks that the file holds the ``N`` entries both announce, so a file cut short or
changed is refused.
Amounts are exact strings (``"0.5"``, ``"81/2"``), dates ISO 8601, timestamps with their UTC
offset.

Files of format 1 (release 0.1: lower-case tags such as ``{"type": "booking", ...}`` and no
schema version) still load: each line is translated to the format-2 shape and structured
through the same converter; a warning (code ``ledger_unverified``) is logged, since that
format carries nothing to check the file is complete.

>>> from datetime import date, datetime, timezone
>>> from teleaccord import Agreement, Calendar, Contract, QuotaLedger
>>> from teleaccord.io.jsonl import ledger_from_jsonl, ledger_to_jsonl
>>> contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1))
>>> ledger = QuotaLedger(agreement=Agreement(name="x"), contract=contract, calendar=Calendar())
>>> _ = ledger.book(date(2024, 3, 5), at=datetime(2024, 3, 1, 9, tzinfo=timezone.utc), by="E1")
>>> text = ledger_to_jsonl(ledger)
>>> print(text.splitlines()[1][:60])
{"type": "Booking", "schema_version": 1, "entry_id": "E1:boo
>>> ledger_from_jsonl(text, agreement=ledger.agreement, contract=contract,
...                   calendar=Calendar()).entries == ledger.entries
True
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from teleaccord.contract import Contract
from teleaccord.entries import ENTRY_TYPES, Entry
from teleaccord.errors import LoadError, Problem
from teleaccord.io.convert import builder, reader
from teleaccord.io.json import parse_json_line, to_data
from teleaccord.ledger import QuotaLedger

__all__ = [
    "FORMAT",
    "entry_from_dict",
    "entry_to_dict",
    "ledger_from_jsonl",
    "ledger_to_jsonl",
    "replay_jsonl",
]

log = logging.getLogger(__name__)

FORMAT = 2
"""The format :func:`ledger_to_jsonl` writes (format 1 is still read)."""

_BY_NAME: dict[str, type[Any]] = {cls.__name__: cls for cls in ENTRY_TYPES}
_BY_KIND: dict[str, type[Any]] = {cls.kind: cls for cls in ENTRY_TYPES}  # format 1's tags

_BUILDERS: dict[str, Any] = {name: builder(cls) for name, cls in _BY_NAME.items()}
"""Each entry class's builder (:func:`teleaccord.io.convert.builder`: the fast path of its
reader, which raises on whatever it does not read as is), by its format-2 tag."""


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """An entry as JSON-compatible data: :func:`teleaccord.io.json.to_data`'s wire shape.

    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Booking
    >>> from teleaccord.io.jsonl import entry_to_dict
    >>> entry_to_dict(Booking(entry_id="b1", day=date(2024, 3, 5), by="ana",
    ...                       recorded_at=datetime(2024, 3, 1, 9, tzinfo=timezone.utc)))["type"]
    'Booking'
    """
    return to_data(entry)


def _entry_or_problems(data: Any, path: str) -> Entry | list[Problem]:
    """The entry in ``data`` (either format), or every problem found, under ``path``."""
    if not isinstance(data, Mapping):
        return [Problem(path=path, message=f"expected a JSON object, got {data!r}.")]
    tag = data.get("type")
    cls = _BY_NAME.get(tag) if isinstance(tag, str) else None
    if cls is None and isinstance(tag, str) and tag in _BY_KIND and "schema_version" not in data:
        # Format 1: the same fields under a lower-case tag, without a schema version.
        cls = _BY_KIND[tag]
        data = {
            "type": cls.__name__,
            "schema_version": 1,
            **{k: v for k, v in data.items() if k != "type"},
        }
    if cls is None:
        known = ", ".join(sorted(_BY_NAME))
        return [
            Problem(path=f"{path}.type", message=f"unknown entry type {tag!r}; known: {known}.")
        ]
    try:
        entry: Entry = reader(cls)(data, source=path)
    except LoadError as error:
        return [
            Problem(
                path=path + problem.path[1:] if problem.path.startswith("$") else problem.path,
                message=problem.message,
                code=problem.code,
            )
            for problem in error.problems
        ]
    return entry


def entry_from_dict(data: Mapping[str, Any], *, path: str = "$") -> Entry:
    """Read one entry from JSON-compatible data, in either format (what
    :func:`entry_to_dict` writes, or a format-1 line).

    Raises:
        LoadError: naming every field at fault, each with ``path`` as its prefix.

    >>> from teleaccord.io.jsonl import entry_from_dict
    >>> e = entry_from_dict({"type": "booking", "entry_id": "b1", "day": "2024-03-05",
    ...                      "half": None, "amount": "1", "by": "ana",
    ...                      "recorded_at": "2024-03-01T09:00:00+01:00", "note": ""})
    >>> e.day, e.amount
    (datetime.date(2024, 3, 5), Fraction(1, 1))
    """
    result = _entry_or_problems(data, path)
    if isinstance(result, list):
        raise LoadError.from_problems(path, result)
    return result


def ledger_to_jsonl(ledger: QuotaLedger) -> str:
    """The ledger as JSON Lines (format 2): a header line, one entry per line in order, and a
    trailer line ``{"type": "ledger", "trailer": true, "entries": N}`` (a reader of the entries
    skips both, as it skips every line of type ``ledger``)."""
    header = {
        "type": "ledger",
        "format": FORMAT,
        "employee": ledger.employee,
        "agreement": ledger.agreement.name,
        "entries": ledger.version,
    }
    trailer = {"type": "ledger", "trailer": True, "entries": ledger.version}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines.extend(json.dumps(to_data(e), ensure_ascii=False) for e in ledger.entries)
    lines.append(json.dumps(trailer))
    return "\n".join(lines) + "\n"


def _header_problems(data: Mapping[str, Any], path: str, contract: Contract) -> list[Problem]:
    problems = []
    if data.get("employee") != contract.employee:
        problems.append(
            Problem(
                path=f"{path}.employee",
                message=(
                    f"this is the ledger of {data.get('employee')!r}, not of {contract.employee!r}."
                ),
                code="wrong_employee",
            )
        )
    if data.get("format", 1) not in (1, FORMAT):
        problems.append(
            Problem(
                path=f"{path}.format",
                message=f"unknown ledger format {data.get('format')!r}; this release reads 1 and {FORMAT}.",
                code="unknown_format",
            )
        )
    return problems


def _json_problems(raw: str, source: str, path: str) -> list[Problem]:
    """The problems :func:`~teleaccord.io.json.parse_json_line` finds in a line it refused,
    on the line's own path (it refuses the same line again: it is a function of the line)."""
    try:
        parse_json_line(raw, source, path)
    except LoadError as error:
        return list(error.problems)
    return []  # pragma: no cover - it refused the line a moment ago


ledger_from_jsonl = QuotaLedger.from_jsonl
"""Read a ledger back from :func:`ledger_to_jsonl`'s text (or a format-1 file), replaying the
entries in order into a new :class:`~teleaccord.ledger.QuotaLedger`: the released function is
:meth:`QuotaLedger.from_jsonl <teleaccord.ledger.QuotaLedger.from_jsonl>` itself (one
definition and one signature: ``text``, then ``agreement``, ``contract``, ``calendar``,
``statuses``, ``source`` and ``rules`` by keyword), which makes the ledger and calls
:func:`replay_jsonl`."""


def replay_jsonl(ledger: QuotaLedger, text: str, *, source: str = "ledger.jsonl") -> QuotaLedger:
    """Replay the entries of :func:`ledger_to_jsonl`'s text (or a format-1 file) into
    ``ledger`` (new, or holding the entries the file continues) and return it; what
    :func:`ledger_from_jsonl` and :meth:`QuotaLedger.from_jsonl
    <teleaccord.ledger.QuotaLedger.from_jsonl>` do after making the ledger.

    Raises:
        LoadError: as :func:`ledger_from_jsonl`.
    """
    contract = ledger.contract
    # Every problem with the number of its line, sorted by it at the end: the entries are
    # replayed together once the file is read (QuotaLedger.replay_many), so the problems of
    # the lines whose entries it refuses come after those found while reading.
    found: list[tuple[int, Problem]] = []
    entries: list[Entry] = []
    entry_lines: list[int] = []
    header: Mapping[str, Any] | None = None
    header_path = "line 1"
    trailer: Mapping[str, Any] | None = None
    read = 0
    # Only "\n" ends a line: str.splitlines() would also split inside a note holding
    # U+2028 or U+0085, which JSON writes raw.
    parse, builders, keep, keep_line = (
        parse_json_line,
        _BUILDERS,
        entries.append,
        entry_lines.append,
    )
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw or raw.isspace():  # blank (what raw.strip() leaves empty)
            continue
        try:
            # The one JSON reader: depth, NaN and line length bounded. The line's path
            # ("line N") only shows in a problem: it is made for a line with one.
            data = parse(raw, source)
        except LoadError:
            found.extend((n, problem) for problem in _json_problems(raw, source, f"line {n}"))
            continue
        try:  # the common case: an entry of format 2 (any other line ends here at once)
            build = builders[data["type"]]
        except Exception:  # not an object, no type, an unhashable type, another type
            build = None
        if build is not None:
            read += 1
            try:
                entry: Entry = build(data)
            except Exception:  # the reader reads it, or says what is wrong
                result = _entry_or_problems(data, f"line {n}")
                if isinstance(result, list):  # every problem, on the paths of the line
                    found.extend((n, p) for p in result)
                    continue
                entry = result
            keep(entry)
            keep_line(n)
            continue
        tag = data.get("type") if data.__class__ is dict else None
        path = f"line {n}"
        if tag == "ledger" and data.get("trailer"):
            trailer = data
            if data.get("entries") != read:
                found.append(
                    (
                        n,
                        Problem(
                            path=f"{path}.entries",
                            message=(
                                f"the trailer closes {data.get('entries')!r} entries, the file holds "
                                f"{read} before it: it was changed."
                            ),
                            code="entry_count_mismatch",
                        ),
                    )
                )
            continue
        if tag == "ledger":
            header, header_path = data, path
            found.extend((n, problem) for problem in _header_problems(data, path, contract))
            continue
        read += 1
        result = _entry_or_problems(data, path)
        if isinstance(result, list):
            found.extend((n, problem) for problem in result)
            continue
        entries.append(result)
        entry_lines.append(n)
    for position, refusal in ledger.replay_many(entries):
        n = entry_lines[position]
        found.append((n, Problem(path=f"line {n}", message=refusal.message, code=refusal.code)))
    found.sort(key=lambda item: item[0])  # stable: a line's problems keep their order
    problems = [problem for _, problem in found]
    if header is not None and header.get("format") == FORMAT and header.get("entries") != read:
        problems.append(
            Problem(
                path=f"{header_path}.entries",
                message=(
                    f"the header announces {header.get('entries')!r} entries, the file holds "
                    f"{read}: it is incomplete or was changed."
                ),
                code="entry_count_mismatch",
            )
        )
    if header is not None and header.get("format") == FORMAT and trailer is None:
        problems.append(
            Problem(
                path=source,
                message="the file ends before its trailer line: it is incomplete (cut short).",
                code="ledger_truncated",
            )
        )
    if problems:
        raise LoadError.from_problems(source, problems)
    if header is None or header.get("format", 1) == 1:
        log.warning(
            "%s: ledger_unverified: a ledger of format 1 (or without a header) carries no "
            "entry count to check it is complete; write it again to get format %d.",
            source,
            FORMAT,
        )
    return ledger
