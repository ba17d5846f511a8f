"""The dated data tables: allowance exemption limits and cross-border thresholds.

teleaccord ships one of each under ``teleaccord/data/`` (:func:`default_exemption_table`,
:func:`default_threshold_table`); pass your own, read from a TOML file shaped like them
(:func:`load_exemption_table`, :func:`load_threshold_table`), when the figures differ. The
rows are read by the one converter (:mod:`teleaccord.io.convert`) in its ``"file"`` form:
money as text or numbers (``"2.70"``, ``"2,70"``), dates as TOML dates or ISO text, a
source's ``consulted`` date or ``"to check"``. A table may say which version of the format it
is (``schema = 1``). A bad table raises one :class:`~teleaccord.errors.LoadError` listing every
problem with its key path (``$.limits[2].per_day``).

>>> from datetime import date
>>> from teleaccord.io.tables import default_exemption_table, default_threshold_table
>>> table = default_exemption_table()
>>> table.limit_on("no-agreement", date(2025, 3, 1)).per_day
Decimal('2.70')
>>> default_threshold_table().get("fr-ch-tax-40-percent").limit
Fraction(2, 5)
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from importlib import resources
from typing import Any, TypeVar

from teleaccord.allowance import ExemptionTable
from teleaccord.crossborder import ThresholdTable
from teleaccord.errors import LoadError, Problem
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.toml import parse_toml, read_toml

__all__ = [
    "TABLE_SCHEMA",
    "default_exemption_table",
    "default_threshold_table",
    "exemption_table_from_dict",
    "exemption_table_to_dict",
    "load_exemption_table",
    "load_threshold_table",
    "packaged_table",
    "table_from_dict",
    "threshold_table_from_dict",
    "threshold_table_to_dict",
]

T = TypeVar("T")

TABLE_SCHEMA = 1
"""The version of the table format this teleaccord writes (and the newest it reads)."""

_LIMITS_FILE = "data/allowance_limits.toml"
_THRESHOLDS_FILE = "data/crossborder_thresholds.toml"


def table_from_dict(data: Any, cls: type[T], *, source: str, expected: str | None = None) -> T:
    """A dated data table of class ``cls`` from plain data: the optional ``schema`` key (only
    :data:`TABLE_SCHEMA`), then the rows, read by the one converter in its ``"file"`` form.

    Raises:
        LoadError: every problem with its key path; data that is no mapping is refused as
        ``expected`` (default: "a table of <cls> keys").
    """
    if not isinstance(data, Mapping):
        shape = expected or f"a table of {cls.__name__} keys"
        problem = Problem("$", f"expected {shape}", "invalid_type")
        raise LoadError.from_problems(source, [problem])
    schema = data.get("schema", TABLE_SCHEMA)
    if schema != TABLE_SCHEMA or isinstance(schema, bool):
        message = (
            f"expected schema = {TABLE_SCHEMA} (the only version of the format), got {schema!r}"
        )
        raise LoadError.from_problems(source, [Problem("$.schema", message, "invalid_schema")])
    rows = {k: v for k, v in data.items() if k != "schema"}
    return structure(rows, cls, source=source, form="file")


def _to_dict(table: Any) -> dict[str, Any]:
    return {"schema": TABLE_SCHEMA, **unstructure(table, form="file")}


def exemption_table_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> ExemptionTable:
    """Build an exemption table from plain data (parsed TOML or JSON).

    Raises:
        LoadError: listing every problem with its key path (``$.limits[2].per_day``).

    >>> from teleaccord.io.tables import exemption_table_from_dict
    >>> exemption_table_from_dict({"limits": [{"regime": "no-agreement",
    ...     "effective": "2025-01-01", "per_day": "2.70", "status": "sure"}]})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 2 problems:
      $.limits[0].status: expected one of 'confirmed', 'reported', 'uncertain', got 'sure'
      $.limits[0].sources: this key is required but missing
    """
    return table_from_dict(data, ExemptionTable, source=source)


def exemption_table_to_dict(table: ExemptionTable) -> dict[str, Any]:
    """The table as plain data that :func:`exemption_table_from_dict` reads back (JSON and
    TOML compatible: dates and money as text).

    >>> from teleaccord.io.tables import default_exemption_table, exemption_table_to_dict
    >>> exemption_table_to_dict(default_exemption_table())["limits"][0]["regime"]
    'branch-agreement'
    """
    return _to_dict(table)


def load_exemption_table(path: str | os.PathLike[str]) -> ExemptionTable:
    """Read an exemption table from a TOML file shaped like the one shipped with teleaccord.

    Raises:
        LoadError: the file cannot be read or parsed, or holds bad rows (every problem).
    """
    return exemption_table_from_dict(read_toml(path), source=os.fspath(path))


@functools.cache
def default_exemption_table() -> ExemptionTable:
    """The exemption limits shipped with teleaccord (``teleaccord/data/allowance_limits.toml``)."""
    return packaged_table(_LIMITS_FILE, ExemptionTable)


def threshold_table_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> ThresholdTable:
    """Build a threshold table from plain data (parsed TOML or JSON).

    Raises:
        LoadError: listing every problem with its key path (``$.thresholds[0].limit``).

    >>> from teleaccord.io.tables import threshold_table_from_dict
    >>> threshold_table_from_dict({"thresholds": [{"id": "x", "name": "X", "domain": "tax",
    ...     "residence": ["FR"], "work": ["LU"], "kind": "days", "limit": "many",
    ...     "status": "confirmed", "sources": [{"publication": "P", "consulted": "to check"}]}]})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 1 problem:
      $.thresholds[0].limit: expected a number of days (such as 100, 40.5, 81/2 or 80 %), got 'many'
    """
    return table_from_dict(data, ThresholdTable, source=source)


def threshold_table_to_dict(table: ThresholdTable) -> dict[str, Any]:
    """The table as plain data that :func:`threshold_table_from_dict` reads back.

    >>> from teleaccord.io.tables import default_threshold_table, threshold_table_to_dict
    >>> threshold_table_to_dict(default_threshold_table())["thresholds"][0]["id"]
    'fr-lu-tax-34-days'
    """
    return _to_dict(table)


def load_threshold_table(path: str | os.PathLike[str]) -> ThresholdTable:
    """Read a threshold table from a TOML file shaped like the one shipped with teleaccord.

    Raises:
        LoadError: the file cannot be read or parsed, or holds bad rows (every problem).
    """
    return threshold_table_from_dict(read_toml(path), source=os.fspath(path))


@functools.cache
def default_threshold_table() -> ThresholdTable:
    """The thresholds shipped with teleaccord (``teleaccord/data/crossborder_thresholds.toml``)."""
    return packaged_table(_THRESHOLDS_FILE, ThresholdTable)


def packaged_table(name: str, cls: type[T], *, expected: str | None = None) -> T:
    """The table of class ``cls`` shipped with teleaccord as ``teleaccord/<name>``, read as
    :func:`table_from_dict` reads one."""
    text = resources.files("teleaccord").joinpath(name).read_bytes()
    source = f"teleaccord/{name}"
    return table_from_dict(parse_toml(text, source), cls, source=source, expected=expected)
