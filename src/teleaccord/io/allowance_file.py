"""Allowance policy files: TOML and plain dicts in, a validated :class:`AllowancePolicy` out.

The keys are the attribute names of :class:`~teleaccord.allowance.AllowancePolicy`. Money is
text (``"2.70"``, ``"2,70"``) or a number; dates are ISO 8601 (TOML dates or strings). A bad
file raises one :class:`~teleaccord.errors.LoadError` listing every problem with its key path
(``$.monthly_cap``) and the file name; unknown keys are errors, so a typo never passes
silently.

A file::

    name = "10 EUR a month per weekly telework day, indexed each January"
    kind = "per-weekly-day"
    amount = "10.00"
    prorate = true

    [indexed]
    2026-01-01 = "10.30"
    2027-01-01 = "10.60"

The policy is read by the one converter (:mod:`teleaccord.io.convert`) in its ``"file"``
form. The exemption limits and the cross-border thresholds have their own loaders, in
:mod:`teleaccord.io.tables`; the yearly capped regimes (income tax, the public sector's
forfait) are :class:`~teleaccord.CappedLimitTable` methods, released here under their
names (:func:`load_capped_limit_table`, :func:`default_capped_limit_table`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import tomli_w

from teleaccord.allowance import AllowancePolicy, CappedLimitTable
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.toml import read_toml

__all__ = [
    "allowance_policy_from_dict",
    "allowance_policy_to_dict",
    "capped_limit_table_from_dict",
    "default_capped_limit_table",
    "dump_allowance_policy",
    "load_allowance_policy",
    "load_capped_limit_table",
]


def allowance_policy_from_dict(
    data: Mapping[str, Any], *, source: str = "<dict>"
) -> AllowancePolicy:
    """Build a policy from plain data (parsed TOML or JSON).

    Raises:
        LoadError: listing every problem with its key path.

    >>> from teleaccord import allowance_policy_from_dict
    >>> policy = allowance_policy_from_dict({"name": "2.70 a day", "kind": "per-day",
    ...     "amount": "2,70", "monthly_cap": "59.40"})
    >>> policy.amount, policy.monthly_cap
    (Decimal('2.70'), Decimal('59.40'))
    >>> allowance_policy_from_dict({"name": "x", "kind": "per-week", "amount": "-2", "cap": 1})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 3 problems:
      $.kind: expected one of 'per-day', 'per-weekly-day', 'flat-monthly', got 'per-week'
      $.amount: expected an amount of money of at least 0 (such as 2.70), got '-2'.
      $.cap: unknown key 'cap' in a AllowancePolicy; expected one of: name, kind, amount, indexed, monthly_cap, yearly_cap, prorate, regime, half_day, paid_without_telework
    """
    return structure(data, AllowancePolicy, source=source, form="file")


def allowance_policy_to_dict(policy: AllowancePolicy) -> dict[str, Any]:
    """The policy as plain data that :func:`allowance_policy_from_dict` reads back.

    Money is decimal text; keys with their default value are left out.

    >>> from teleaccord import AllowancePolicy, allowance_policy_to_dict
    >>> allowance_policy_to_dict(AllowancePolicy(name="x", kind="per-day", amount="2.5",
    ...     indexed={"2026-01-01": "2.6"}))
    {'name': 'x', 'kind': 'per-day', 'amount': '2.5', 'indexed': {'2026-01-01': '2.6'}}
    """
    data: dict[str, Any] = unstructure(policy, AllowancePolicy, form="file")
    return data


def dump_allowance_policy(policy: AllowancePolicy) -> str:
    """The policy as TOML text that :func:`load_allowance_policy` reads back.

    >>> from teleaccord import AllowancePolicy, dump_allowance_policy
    >>> print(dump_allowance_policy(AllowancePolicy(name="3.25 a day", kind="per-day",
    ...     amount="3.25", yearly_cap=300, regime="branch-agreement")))
    name = "3.25 a day"
    kind = "per-day"
    amount = "3.25"
    yearly_cap = "300"
    regime = "branch-agreement"
    <BLANKLINE>
    """
    return tomli_w.dumps(allowance_policy_to_dict(policy))


def load_allowance_policy(path: str | os.PathLike[str]) -> AllowancePolicy:
    """Read a policy from a TOML file.

    Raises:
        LoadError: the file cannot be read or parsed, or holds bad values (every problem).
    """
    return allowance_policy_from_dict(read_toml(path), source=os.fspath(path))


# The released functions of the table: its DatedTable methods under their released names.
capped_limit_table_from_dict = CappedLimitTable.from_dict
load_capped_limit_table = CappedLimitTable.load
default_capped_limit_table = CappedLimitTable.default
