"""Agreement history files, and which agreement each employee works under.

A **history file** is TOML with a ``name`` and one ``[[versions]]`` table per agreement or
version, in force from its ``start`` (and to its optional ``end``). A version's ``agreement``
is an inline table (the keys of an agreement file), or text: a TOML file, relative to the
history file, or the name of a sample agreement::

    name = "IMA telework"

    [[versions]]
    start = 2019-01-01
    end = 2020-12-31
    agreement = "experimental-2019.toml"

    [[versions]]
    start = 2021-01-01
    [versions.agreement]
    name = "Permanent accord 2021"
    quotas = [{ window = "period", maximum = 100, prorate = true }]

An **employee agreements file** (``teleaccord balances --agreements``) maps employee ids to
an agreement or a history (a file relative to it, or a sample name); employees it does not
list keep the agreement of ``--agreement``::

    [employees]
    E0001 = "ima-history.toml"
    E0002 = "health-insurance-1-3-days"

An **individual terms file** (``teleaccord entitlement --terms``) gives employees their own
terms (:class:`~teleaccord.overrides.IndividualTerms`: a personal cap, an individual weekly
rhythm, a medical recommendation), one table per employee::

    [employees.E0042]
    personal_cap = 60

    [employees.E0007]
    medical_days = 150
    medical_source = "médecin du travail, 2025-03-02"

All go through the one converter (:mod:`teleaccord.io.convert`); a bad file raises one
:class:`~teleaccord.errors.LoadError` listing every problem with its key path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from teleaccord.agreement import Agreement
from teleaccord.errors import LoadError, Problem
from teleaccord.io.agreement_file import (
    agreement_to_dict,
    load_agreement,
    load_sample_agreement,
    sample_agreements,
)
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.toml import parse_toml, read_file_bytes
from teleaccord.overrides import IndividualTerms
from teleaccord.versions import AgreementHistory

__all__ = [
    "history_from_dict",
    "history_to_dict",
    "load_agreement_map",
    "load_agreement_or_history",
    "load_individual_terms",
]


def _read(source: str) -> bytes:
    return read_file_bytes(source)  # the one bounded reader of small files


def _employees_table(source: str, value: str, problems: list[Problem]) -> Mapping[Any, Any]:
    """The ``[employees]`` table of the TOML file ``source``, the only key such a file has
    (an employee agreements file, an individual terms file: ``value`` says what each employee
    maps to). An unknown key is added to ``problems``; no table raises with them."""
    data = parse_toml(_read(source), source)
    employees = data.get("employees")
    unknown = sorted(set(data) - {"employees"})
    if unknown:
        problems.append(
            Problem("$", f"unknown keys {', '.join(unknown)}; expected [employees]", "unknown_key")
        )
    if not isinstance(employees, Mapping):
        problems.append(
            Problem("$.employees", f"expected a table of employee = {value}", "invalid_type")
        )
        raise LoadError.from_problems(source, problems)
    return employees


def _named(name: str, folder: Path | None, *, history: bool = True) -> Agreement | AgreementHistory:
    """A sample agreement's name, or a file (relative to ``folder``); with ``history=False``
    (a history's version) a history file is refused before its own versions are read, so a
    history naming itself, or two naming each other, is an error, not an endless descent."""
    if name.removesuffix(".toml") in sample_agreements():
        return load_sample_agreement(name)
    path = Path(name)
    if folder is not None and not path.is_absolute():
        path = folder / path
    if not history:
        source = os.fspath(path)
        if "versions" in parse_toml(_read(source), source):
            problem = Problem(
                "$.versions.agreement",
                f"{name!r} is a history; a version is one agreement",
                "invalid_type",
            )
            raise LoadError.from_problems(source, [problem])
    return load_agreement_or_history(path)


def history_from_dict(
    data: Mapping[str, Any], source: str = "<dict>", folder: Path | None = None
) -> AgreementHistory:
    """Build an :class:`~teleaccord.versions.AgreementHistory` from plain data; a version's
    ``agreement`` given as text is a file (relative to ``folder``) or a sample's name.

    >>> from teleaccord.io.versions_file import history_from_dict
    >>> h = history_from_dict({"name": "accord", "versions": [
    ...     {"start": "2025-01-01", "agreement": "assistance-100-days"},
    ...     {"start": "2025-07-01", "agreement": {"name": "amended"}}]})
    >>> [v.agreement.name for v in h.versions]
    ['Assistance: up to 100 telework days a year', 'amended']
    """
    body = dict(data)
    versions = body.get("versions")
    if isinstance(versions, list):
        resolved = []
        for version in versions:
            if isinstance(version, Mapping) and isinstance(version.get("agreement"), str):
                found = _named(version["agreement"], folder, history=False)
                if isinstance(found, AgreementHistory):
                    problem = Problem(
                        "$.versions.agreement",
                        f"{version['agreement']!r} is a history; a version is one agreement",
                        "invalid_type",
                    )
                    raise LoadError.from_problems(source, [problem])
                version = {**version, "agreement": agreement_to_dict(found)}
            resolved.append(version)
        body["versions"] = resolved
    return structure(body, AgreementHistory, source=source, form="file")


def history_to_dict(history: AgreementHistory) -> dict[str, Any]:
    """The history as plain data, each version's agreement inline;
    ``history_from_dict(history_to_dict(h)) == h``.

    >>> from teleaccord import Agreement, AgreementHistory, AgreementVersion
    >>> from teleaccord.io.versions_file import history_from_dict, history_to_dict
    >>> h = AgreementHistory(name="h", versions=[
    ...     AgreementVersion(agreement=Agreement(name="a"), start="2025-01-01")])
    >>> history_from_dict(history_to_dict(h)) == h
    True
    """
    data: dict[str, Any] = unstructure(history, AgreementHistory, form="file")
    return data


def load_agreement_or_history(path: str | os.PathLike[str]) -> Agreement | AgreementHistory:
    """Read an agreement file, or a history file (one with ``[[versions]]``).

    Raises:
        LoadError: the file is missing, is not valid TOML, or holds bad values.
    """
    source = os.fspath(path)
    text = _read(source)
    data = parse_toml(text, source)
    if "versions" in data:
        return history_from_dict(data, source, Path(source).parent)
    return load_agreement(source)


def load_agreement_map(path: str | os.PathLike[str]) -> dict[str, Agreement | AgreementHistory]:
    """Read an employee agreements file: employee id -> agreement or history (each file read
    once, however many employees share it).

    Raises:
        LoadError: the file is missing or not TOML, has no ``[employees]`` table, or names an
            agreement that cannot be loaded (every problem listed).
    """
    source = os.fspath(path)
    problems: list[Problem] = []
    employees = _employees_table(source, "agreement", problems)
    folder = Path(source).parent
    loaded: dict[str, Agreement | AgreementHistory] = {}
    found: dict[str, Agreement | AgreementHistory] = {}
    for employee, name in employees.items():
        if not isinstance(name, str) or not name.strip():
            problems.append(
                Problem(
                    f"$.employees.{employee}",
                    f"expected a file or a sample agreement's name, got {name!r}",
                    "invalid_type",
                )
            )
            continue
        if name not in loaded:
            try:
                loaded[name] = _named(name, folder)
            except LoadError as exc:
                problems.append(Problem(f"$.employees.{employee}", str(exc), "invalid_agreement"))
                continue
        found[str(employee)] = loaded[name]
    if problems:
        raise LoadError.from_problems(source, problems)
    return found


def load_individual_terms(path: str | os.PathLike[str]) -> dict[str, IndividualTerms]:
    """Read an individual terms file: employee id -> :class:`~teleaccord.overrides.IndividualTerms`
    (the table's keys are the terms' fields but ``employee``, which is the table's name).

    Raises:
        LoadError: the file is missing or not TOML, has no ``[employees]`` table, or a
            table with an unknown key or a bad value (every problem listed, with its path).

    >>> import pathlib
    >>> import tempfile
    >>> from teleaccord.io.versions_file import load_individual_terms
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "terms.toml"
    >>> _ = path.write_text("[employees.E1]\\npersonal_cap = 60\\n", encoding="utf-8")
    >>> load_individual_terms(path)["E1"].personal_cap
    Fraction(60, 1)
    """
    source = os.fspath(path)
    problems: list[Problem] = []
    employees = _employees_table(source, "{ terms }", problems)
    found: dict[str, IndividualTerms] = {}
    for employee, terms in employees.items():
        where = f"$.employees.{employee}"
        if not isinstance(terms, Mapping) or "employee" in terms:
            problems.append(
                Problem(
                    where,
                    "expected a table of terms (personal_cap, weekly_maximum, medical_days, "
                    "medical_weekly_maximum, medical_source); the employee is the table's name",
                    "invalid_type",
                )
            )
            continue
        try:
            found[str(employee)] = structure(
                {**terms, "employee": str(employee)}, IndividualTerms, source=source, form="file"
            )
        except LoadError as exc:
            problems.extend(
                Problem(where + p.path.removeprefix("$"), p.message, p.code) for p in exc.problems
            )
    if problems:
        raise LoadError.from_problems(source, problems)
    return found
