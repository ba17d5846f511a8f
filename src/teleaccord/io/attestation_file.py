"""Attestations (the prerequisites of telework) from CSV or JSON files.

CSV goes through the one row reader (:func:`teleaccord.io.csv.read_records`, format
``attestations`` declared in ``teleaccord/data/csv_formats.toml``: employee, kind, issued,
expires, id, source). JSON is an array of attestation objects in the one converter's shape
(``{"employee": "ana", "kind": "home-insurance", "issued": "2025-01-06", "expires":
"2026-01-05", "reference": "A-42", "source": "hris"}``), read with the one JSON reader
(:func:`teleaccord.io.json.parse_json`) and built by :func:`teleaccord.io.convert.structure`.

>>> import io
>>> from teleaccord.io.attestation_file import read_attestations
>>> text = "matricule;type;date_emission;fin_validite;id\\nE1;Internet;2025-01-06;2025-07-05;N-1\\n"
>>> [(a.employee, a.kind, str(a.expires), a.reference) for a in read_attestations(io.StringIO(text))]
[('E1', 'internet', '2025-07-05', 'N-1')]
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.convert import structure
from teleaccord.io.csv import CsvSource, ProblemHandler, read_records
from teleaccord.io.json import parse_json
from teleaccord.prerequisites import Attestation

__all__ = ["load_attestations", "read_attestations"]

_COLUMN_OF = {"expires": "expires", "issued": "issued", "kind": "kind", "employee": "employee"}


def read_attestations(
    source: CsvSource,
    *,
    name: str | None = None,
    encoding: str | None = None,
    on_problem: ProblemHandler | None = None,
    date_format: str | None = None,
) -> Iterator[Attestation]:
    """Yield the attestations of a CSV file (format ``attestations``), one per good row.

    A bad cell, or an expiry before the issue date, is reported under ``file:line:column``
    and its row skipped; without ``on_problem`` the problems are raised together at the end
    (a :class:`~teleaccord.errors.LoadError`). Arguments as for
    :func:`teleaccord.io.csv.read_contract_rows`.
    """
    problems: list[Problem] = []
    label = name or (os.fspath(source) if isinstance(source, (str, os.PathLike)) else "<stream>")
    report = on_problem if on_problem is not None else problems.append
    for record in read_records(
        "attestations",
        source,
        name=name,
        encoding=encoding,
        on_problem=report,
        date_format=date_format,
    ):
        v = record.values
        try:
            yield Attestation(
                employee=record.employee,
                kind=v["kind"],
                issued=v["issued"],
                expires=v["expires"],
                reference=v["id"] or "",
                source=v["source"] or "",
            )
        except InvalidValue as exc:
            column = _COLUMN_OF.get(exc.field or "", "kind")
            message = str(exc).removeprefix(f"{exc.field}: ")
            report(Problem(f"{label}:{record.line}:{column}", message, exc.code))
    if problems:
        raise LoadError.from_problems(label, problems)


def load_attestations(
    path: str | os.PathLike[str], *, encoding: str | None = None
) -> tuple[Attestation, ...]:
    """Every attestation of a file: JSON (a ``.json`` name: an array of attestations) or
    CSV (any other name).

    Raises:
        LoadError: every problem of the file, each with its place.
    """
    text_path = os.fspath(path)
    if not text_path.lower().endswith(".json"):
        return tuple(read_attestations(text_path, encoding=encoding))
    try:
        with open(text_path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        problem = Problem(text_path, f"cannot read the file: {exc.strerror}", "unreadable_file")
        raise LoadError.from_problems(text_path, [problem]) from None
    data = parse_json(raw, text_path)
    return tuple(structure(data, list[Attestation], source=text_path))
