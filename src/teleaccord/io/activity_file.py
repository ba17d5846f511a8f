"""Activity events for the right-to-disconnect analysis, from CSV or JSON files.

CSV goes through the one row reader (:func:`teleaccord.io.csv.read_activity`, format
``activity``); JSON is a JSON array of objects, or JSON Lines (one object per line, read one
line at a time), each object with ``employee``, ``at`` (a timestamp with its UTC offset) and
optionally ``kind`` and ``team``, read with the one JSON reader
(:func:`teleaccord.io.json.parse_json`). Bad events are reported as
:class:`~teleaccord.errors.Problem` values with their place (``events.jsonl:3:at``) and skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from teleaccord.disconnect import ActivityEvent
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.csv import read_activity
from teleaccord.io.json import parse_json

__all__ = ["read_activity_file", "read_activity_json"]


def _event(data: Any, where: str, line: int) -> ActivityEvent | Problem:
    if not isinstance(data, dict):
        return Problem(where, "expected an object with employee and at", "invalid_type")
    unknown = sorted(set(data) - {"employee", "at", "kind", "team"})
    if unknown:
        return Problem(f"{where}:{unknown[0]}", f"unknown key {unknown[0]!r}", "unknown_key")
    employee, at = data.get("employee"), data.get("at")
    if not isinstance(employee, str) or not employee.strip():
        return Problem(f"{where}:employee", "the employee identifier is blank", "missing_value")
    if not isinstance(at, str):
        return Problem(
            f"{where}:at",
            "expected a timestamp such as 2025-03-03T22:30:00+01:00",
            "invalid_timestamp",
        )
    text = at.strip()
    try:
        stamp = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        return Problem(
            f"{where}:at",
            f"expected a timestamp such as 2025-03-03T22:30:00+01:00, got {at!r}",
            "invalid_timestamp",
        )
    if stamp.tzinfo is None:
        message = (
            f"the timestamp {at!r} has no UTC offset; add one (such as +01:00 or Z) so that "
            "it names one moment"
        )
        return Problem(f"{where}:at", message, "naive_timestamp")
    try:
        return ActivityEvent(
            employee=employee.strip(),
            at=stamp,
            kind=str(data.get("kind") or ""),
            team=str(data.get("team") or ""),
            line=line,
        )
    except InvalidValue as error:
        return Problem(f"{where}:at", str(error), error.code)


def read_activity_json(
    path: str | os.PathLike[str], *, on_problem: Callable[[Problem], None] | None = None
) -> Iterator[ActivityEvent]:
    """Yield the events of a JSON array file (``.json``) or a JSON Lines file (``.jsonl``).

    Args:
        path: the file.
        on_problem: called with each bad event's problem; without it, the problems are
            raised together as one :class:`~teleaccord.errors.LoadError` after the file.
    """
    name = os.fspath(path)
    problems: list[Problem] = []
    report = on_problem if on_problem is not None else problems.append
    if name.endswith(".jsonl"):
        with open(name, "rb") as handle:
            for n, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    data = parse_json(raw, name, f"{name}:{n}")
                except LoadError as error:
                    for p in error.problems:
                        report(p)
                    continue
                found = _event(data, f"{name}:{n}", n)
                if isinstance(found, Problem):
                    report(found)
                else:
                    yield found
    else:
        with open(name, "rb") as handle:
            data = parse_json(handle.read(), name)
        if not isinstance(data, list):
            raise LoadError.from_problems(
                name, [Problem("$", "expected a JSON array of events", "invalid_type")]
            )
        for n, item in enumerate(data):
            found = _event(item, f"{name}:$[{n}]", 0)
            if isinstance(found, Problem):
                report(found)
            else:
                yield found
    if problems:
        raise LoadError.from_problems(name, problems)


def read_activity_file(
    path: str | os.PathLike[str], *, on_problem: Callable[[Problem], None] | None = None
) -> Iterator[ActivityEvent]:
    """Yield the events of a CSV, JSON or JSON Lines file, told apart by its extension."""
    name = os.fspath(path)
    if name.endswith((".json", ".jsonl")):
        return read_activity_json(name, on_problem=on_problem)
    return read_activity(name, on_problem=on_problem)
