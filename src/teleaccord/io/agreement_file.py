"""Agreement files: TOML and plain dicts in, validated :class:`~teleaccord.agreement.Agreement` out.

The keys are the attribute names of the agreement and its parts. Amounts are numbers or text
(``100``, ``"40.5"``, ``"81/2"``, ``"80 %"``), weekdays are names (``"We"``), dates are ISO
8601 (TOML dates or strings). A bad file raises one :class:`~teleaccord.errors.LoadError`
listing every problem, each with its key path (``$.quotas[1].maximum``) and the file name;
unknown keys are errors, so a typo never passes silently.

A minimal file::

    name = "Up to 100 days a year"
    granularity = "half-day"

    [[quotas]]
    window = "period"
    maximum = 100
    prorate = true

    [rounding]
    mode = "half-up"
    unit = "1/2"
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

import tomli_w

from teleaccord.agreement import Agreement
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.toml import parse_toml

__all__ = [
    "agreement_from_dict",
    "agreement_to_dict",
    "dump_agreement",
    "load_agreement",
    "load_sample_agreement",
    "sample_agreements",
]

_SAMPLES = "data/agreements"


def agreement_from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Agreement:
    """Build an :class:`~teleaccord.agreement.Agreement` from plain data (a parsed TOML or JSON).

    Args:
        data: the agreement's keys (see the module documentation).
        source: the name used in the error (a file name).

    Raises:
        LoadError: listing every problem found, each with its key path.

    >>> from teleaccord import agreement_from_dict
    >>> a = agreement_from_dict({"name": "2 days a week", "excluded_weekdays": ["We"],
    ...                          "quotas": [{"window": "week", "maximum": 2}]})
    >>> a.quotas[0].maximum, a.excluded_weekdays
    (Fraction(2, 1), frozenset({2}))
    >>> agreement_from_dict({"name": "x", "quotas": [{"window": "week", "maximun": "2"}]})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 1 problem:
      $.quotas[0].maximun: unknown key 'maximun' in a Quota (did you mean 'maximum'?); expected one of: window, maximum, minimum, prorate, label
    """
    return structure(data, Agreement, source=source, form="file")


def load_agreement(path: str | os.PathLike[str]) -> Agreement:
    """Read an agreement from a TOML file.

    Raises:
        LoadError: the file is missing, is not valid TOML, or holds bad values (every problem
            listed, with the file name and each key path).

    >>> import pathlib
    >>> import tempfile
    >>> from teleaccord import load_agreement
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.toml").write_text('name = "x"\\n[[quotas]]\\nwindow = "period"\\nmaximum = -1\\n')
    >>> load_agreement(folder / "a.toml")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: .../a.toml: 1 problem:
      $.quotas[0].maximum: must not be negative, got -1.
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            text = handle.read()
    except OSError as exc:
        problem = Problem("$", f"cannot read the file ({exc.strerror})", "unreadable_file")
        raise LoadError.from_problems(source, [problem]) from None
    return _from_toml_bytes(text, source)


def _from_toml_bytes(text: bytes, source: str) -> Agreement:
    return agreement_from_dict(parse_toml(text, source), source)


# -- writing ---------------------------------------------------------------------------------


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    """The agreement as plain data: amounts as integers or exact text (never a float), dates
    as ISO text, weekdays as names; ``None`` values are left out.

    ``agreement_from_dict(agreement_to_dict(a)) == a`` for every agreement.

    >>> from teleaccord import Agreement, Quota, agreement_from_dict, agreement_to_dict
    >>> a = Agreement(name="x", quotas=[Quota(window="period", maximum="81/2")], excluded_weekdays=[2])
    >>> d = agreement_to_dict(a)
    >>> d["quotas"], d["excluded_weekdays"]
    ([{'window': 'period', 'maximum': '40.5', 'prorate': False, 'label': ''}], ['We'])
    >>> agreement_from_dict(d) == a
    True
    """
    data: dict[str, Any] = unstructure(agreement, Agreement, form="file")
    return data


def dump_agreement(agreement: Agreement) -> str:
    """The agreement as TOML text that :func:`load_agreement` reads back equal.

    >>> from teleaccord import Agreement, Quota, dump_agreement
    >>> a = Agreement(name="x", quotas=[Quota(window="week", maximum=2)])
    >>> print("\\n".join(dump_agreement(a).splitlines()[:5]))
    name = "x"
    description = ""
    quotas = [
        { window = "week", maximum = 2, prorate = false, label = "" },
    ]
    """
    return tomli_w.dumps(agreement_to_dict(agreement))


# -- samples ---------------------------------------------------------------------------------


def sample_agreements() -> tuple[str, ...]:
    """The names of the agreements shipped with teleaccord.

    >>> from teleaccord import sample_agreements
    >>> sample_agreements()
    ('assistance-100-days', 'health-insurance-1-3-days')
    """
    folder = resources.files("teleaccord").joinpath(_SAMPLES)
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def load_sample_agreement(name: str) -> Agreement:
    """Load one of the :func:`sample_agreements` by name (with or without ``.toml``).

    Raises:
        InvalidValue: no sample has that name.

    >>> from teleaccord import load_sample_agreement
    >>> load_sample_agreement("assistance-100-days").period_quota.maximum
    Fraction(100, 1)
    """
    stem = name.removesuffix(".toml")
    if stem not in sample_agreements():
        msg = (
            f"name: no sample agreement is called {name!r}; available: "
            f"{', '.join(sample_agreements())}."
        )
        raise InvalidValue(msg, field="name", code="unknown_sample")
    entry = resources.files("teleaccord").joinpath(_SAMPLES).joinpath(f"{stem}.toml")
    return _from_toml_bytes(entry.read_bytes(), f"teleaccord/data/agreements/{stem}.toml")
