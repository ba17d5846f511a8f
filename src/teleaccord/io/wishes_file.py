"""Wishes files: what each person would like from a team plan, as TOML.

The planner (:func:`teleaccord.planner.plan_telework`, ``teleaccord plan --wishes``) reads one
:class:`~teleaccord.planner.Wish` per person. The file is TOML, read by the one TOML reader and
the one converter (:mod:`teleaccord.io.convert`, ``"file"`` form): the keys are the attribute
names of :class:`~teleaccord.planner.Wish`, weekdays are names (``"Mo"``, ``"friday"``) or
numbers (0 Monday), dates are TOML dates, ISO text or ``{start, end}`` ranges. A bad file
raises one :class:`~teleaccord.errors.LoadError` listing every problem with its key path;
unknown keys are errors. TOML rather than CSV: a wish holds lists (weekdays, dates, ranges)
that a CSV cell would have to encode in a format of its own.

A file::

    [[wishes]]
    employee = "E0001"
    preferred = ["Mo", "Fr"]       # weekdays they would rather telework
    days_per_week = 2              # the days a week they aim at (a wish, never imposed)

    [[wishes]]
    employee = "E0002"
    preferred = ["We"]
    avoid_dates = [2026-12-24, {start = 2026-12-28, end = 2026-12-31}]
    weight = 2                     # their points count twice
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import tomli_w

from teleaccord.errors import LoadError, Problem
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.toml import read_toml
from teleaccord.planner import Wish

__all__ = ["dump_wishes", "load_wishes", "wishes_from_dict", "wishes_to_dict"]


def wishes_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> tuple[Wish, ...]:
    """The wishes in plain data (``{"wishes": [...]}``, parsed TOML or JSON).

    Raises:
        LoadError: listing every problem with its key path.

    >>> from teleaccord.io.wishes_file import wishes_from_dict
    >>> [w.days_per_week for w in wishes_from_dict(
    ...     {"wishes": [{"employee": "ana", "preferred": ["Mo"], "days_per_week": 2}]})]
    [2]
    >>> wishes_from_dict({"wishes": [{"employee": "ana", "preferred": ["Xx"]}]})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 1 problem:
      $.wishes[0].preferred: expected weekday names such as "We" (Mo Tu We Th Fr Sa Su), got 'Xx'
    """
    extra = sorted(str(k) for k in data if k != "wishes")
    if extra:
        problems = [
            Problem(
                path=f"$.{k}",
                message=f"unknown key {k!r}; a wishes file holds [[wishes]] tables only",
                code="unknown_key",
            )
            for k in extra
        ]
        raise LoadError.from_problems(source, problems)
    try:
        return structure(data.get("wishes", []), tuple[Wish, ...], source=source, form="file")
    except LoadError as error:
        problems = [
            Problem(path="$.wishes" + p.path[1:], message=p.message, code=p.code)
            for p in error.problems
        ]
        raise LoadError.from_problems(source, problems) from None


def wishes_to_dict(wishes: Iterable[Wish]) -> dict[str, Any]:
    """The wishes as plain data that :func:`wishes_from_dict` reads back."""
    return {"wishes": [unstructure(w, Wish, form="file") for w in wishes]}


def dump_wishes(wishes: Iterable[Wish]) -> str:
    """The wishes as TOML text that :func:`load_wishes` reads back."""
    return tomli_w.dumps(wishes_to_dict(wishes))


def load_wishes(path: str | os.PathLike[str]) -> tuple[Wish, ...]:
    """Read the wishes from a TOML file.

    Raises:
        LoadError: the file cannot be read or parsed, or holds bad values (every problem).
    """
    return wishes_from_dict(read_toml(path), source=os.fspath(path))
