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

import os
import typing
from collections.abc import Mapping
from importlib import resources
from typing import Any, TypeVar

from teleaccord.allowance import DatedTable, ExemptionTable
from teleaccord.crossborder import ThresholdTable
from teleaccord.errors import LoadError, Problem
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.toml import parse_toml, read_toml

__all__ = [
    "TABLE_SCHEMA",
    "default_exemption_table",
    "default_table",
    "default_threshold_table",
    "exemption_table_from_dict",
    "exemption_table_to_dict",
    "load_exemption_table",
    "load_table",
    "load_threshold_table",
    "packaged_table",
    "table_from_dict",
    "table_to_dict",
    "threshold_table_from_dict",
    "threshold_table_to_dict",
]

T = TypeVar("T")
TableT = TypeVar("TableT", bound=DatedTable)

TABLE_SCHEMA = 1
"""The version of the table format this teleaccord writes (and the newest it reads)."""


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


def table_to_dict(table: Any) -> dict[str, Any]:
    """A dated data table as plain data that :func:`table_from_dict` reads back (JSON and TOML
    compatible: dates and money as text), with its ``schema``.

    >>> from teleaccord.io.tables import default_exemption_table, table_to_dict
    >>> table_to_dict(default_exemption_table())["limits"][0]["regime"]
    'branch-agreement'
    """
    return {"schema": TABLE_SCHEMA, **unstructure(table, form="file")}


def load_table(path: str | os.PathLike[str], cls: type[TableT]) -> TableT:
    """A dated table of class ``cls`` from a TOML file shaped like the one shipped with
    teleaccord.

    Raises:
        LoadError: the file cannot be read or parsed, or holds bad rows (every problem).
    """
    return cls.from_dict(read_toml(path), source=os.fspath(path))


def default_table(cls: type[TableT]) -> TableT:
    """The table of class ``cls`` shipped with teleaccord (its ``PACKAGED`` file), read once.

    >>> from teleaccord import ThresholdTable
    >>> from teleaccord.io.tables import default_table
    >>> default_table(ThresholdTable).get("fr-ch-tax-40-percent").limit
    Fraction(2, 5)
    """
    found = _PACKAGED.get(cls)
    if found is None:
        found = _PACKAGED[cls] = packaged_table(cls.PACKAGED, cls, expected=cls.SHAPE)
    return typing.cast("TableT", found)


_PACKAGED: dict[type[DatedTable], DatedTable] = {}
"""The packaged tables read so far (``functools.cache`` would do, but mypy refuses a class
as a cache key: it does not see a class as ``Hashable``)."""


def packaged_table(name: str, cls: type[T], *, expected: str | None = None) -> T:
    """The table of class ``cls`` shipped with teleaccord as ``teleaccord/<name>``, read as
    :func:`table_from_dict` reads one."""
    text = resources.files("teleaccord").joinpath(name).read_bytes()
    source = f"teleaccord/{name}"
    return table_from_dict(parse_toml(text, source), cls, source=source, expected=expected)


# The released functions of each table: its DatedTable methods under their released names.
exemption_table_from_dict = ExemptionTable.from_dict
exemption_table_to_dict = ExemptionTable.to_dict
load_exemption_table = ExemptionTable.load
default_exemption_table = ExemptionTable.default
threshold_table_from_dict = ThresholdTable.from_dict
threshold_table_to_dict = ThresholdTable.to_dict
load_threshold_table = ThresholdTable.load
default_threshold_table = ThresholdTable.default
