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

The exemption limits and the cross-border thresholds have their own loaders, beside the
tables: :meth:`ExemptionTable.load <teleaccord.allowance.ExemptionTable.load>` and
:meth:`ThresholdTable.load <teleaccord.crossborder.ThresholdTable.load>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from teleaccord.allowance import (
    AllowanceKind,
    AllowancePolicy,
    ExemptionRegime,
    HalfDayCount,
    _bool_reader,
    _date_reader,
    _enum_reader,
    _money_reader,
    _read_toml,
    _Reader,
    _show,
    _text_reader,
)
from teleaccord.errors import LoadError

__all__ = [
    "allowance_policy_from_dict",
    "allowance_policy_to_dict",
    "dump_allowance_policy",
    "load_allowance_policy",
]

_KEYS = {
    "name",
    "kind",
    "amount",
    "indexed",
    "monthly_cap",
    "yearly_cap",
    "prorate",
    "regime",
    "half_day",
    "paid_without_telework",
}


def _indexed_reader(reader: _Reader, value: Any, path: str) -> tuple[tuple[date, Decimal], ...]:
    """Read ``{date: amount}`` or ``[{effective, amount}, ...]``, reporting each bad entry."""
    found: list[tuple[date, Decimal]] = []
    if isinstance(value, Mapping):
        for key in value:
            day = reader.read({str(key): str(key)}, str(key), path, _date_reader)
            money = reader.read(value, key, path, _money_reader)
            if day is not None and money is not None:
                found.append((day, money))
    elif isinstance(value, list):
        for n, entry in enumerate(value):
            where = f"{path}[{n}]"
            if not isinstance(entry, Mapping):
                reader.problem(
                    where, f"expected a table of effective and amount, got {_show(entry)}."
                )
                continue
            reader.check_keys(entry, {"effective", "amount"}, where)
            day = reader.read(entry, "effective", where, _date_reader)
            money = reader.read(entry, "amount", where, _money_reader)
            if day is not None and money is not None:
                found.append((day, money))
    else:
        reader.problem(path, f"expected a table of date = amount, got {_show(value)}.")
    return tuple(found)


def allowance_policy_from_dict(
    data: Mapping[str, Any], *, source: str = "<dict>"
) -> AllowancePolicy:
    """Build a policy from plain data (parsed TOML or JSON).

    Raises:
        LoadError: listing every problem with its key path.

    >>> policy = allowance_policy_from_dict({"name": "2.70 a day", "kind": "per-day",
    ...     "amount": "2,70", "monthly_cap": "59.40"})
    >>> policy.amount, policy.monthly_cap
    (Decimal('2.70'), Decimal('59.40'))
    >>> allowance_policy_from_dict({"name": "x", "kind": "per-week", "amount": "-2", "cap": 1})
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: <dict>: 3 problems:
      $.cap: unknown key; expected one of amount, half_day, indexed, kind, monthly_cap, name, paid_without_telework, prorate, regime, yearly_cap.
      $.kind: expected one of per-day, per-weekly-day, flat-monthly, got 'per-week'.
      $.amount: expected an amount of money of at least 0 (such as 2.70), got '-2'.
    """
    reader = _Reader()
    if not isinstance(data, Mapping):
        reader.problem("$", f"expected a table, got {_show(data)}.")
        raise LoadError.from_problems(source, reader.problems)
    reader.check_keys(data, _KEYS, "$")
    values: dict[str, Any] = {
        "name": reader.read(data, "name", "$", _text_reader),
        "kind": reader.read(data, "kind", "$", _enum_reader(AllowanceKind)),
        "amount": reader.read(data, "amount", "$", _money_reader),
        "monthly_cap": reader.read(data, "monthly_cap", "$", _money_reader, default=None),
        "yearly_cap": reader.read(data, "yearly_cap", "$", _money_reader, default=None),
        "prorate": reader.read(data, "prorate", "$", _bool_reader, default=False),
        "regime": reader.read(
            data,
            "regime",
            "$",
            _enum_reader(ExemptionRegime),
            default=ExemptionRegime.NO_AGREEMENT,
        ),
        "half_day": reader.read(
            data, "half_day", "$", _enum_reader(HalfDayCount), default=HalfDayCount.HALF
        ),
        "paid_without_telework": reader.read(
            data, "paid_without_telework", "$", _bool_reader, default=False
        ),
    }
    if data.get("indexed") is not None:
        values["indexed"] = _indexed_reader(reader, data["indexed"], "$.indexed")
    policy = reader.build(AllowancePolicy, values, "$", 0)
    if reader.problems or policy is None:
        raise LoadError.from_problems(source, reader.problems)
    assert isinstance(policy, AllowancePolicy)
    return policy


def allowance_policy_to_dict(policy: AllowancePolicy) -> dict[str, Any]:
    """The policy as plain data that :func:`allowance_policy_from_dict` reads back.

    Money is decimal text; keys with their default value are left out.

    >>> allowance_policy_to_dict(AllowancePolicy(name="x", kind="per-day", amount="2.5",
    ...     indexed={"2026-01-01": "2.6"}))
    {'name': 'x', 'kind': 'per-day', 'amount': '2.5', 'indexed': {'2026-01-01': '2.6'}}
    """
    data: dict[str, Any] = {
        "name": policy.name,
        "kind": policy.kind.value,
        "amount": str(policy.amount),
    }
    if policy.indexed:
        data["indexed"] = {day.isoformat(): str(amount) for day, amount in policy.indexed}
    if policy.monthly_cap is not None:
        data["monthly_cap"] = str(policy.monthly_cap)
    if policy.yearly_cap is not None:
        data["yearly_cap"] = str(policy.yearly_cap)
    if policy.prorate:
        data["prorate"] = True
    if policy.regime is not ExemptionRegime.NO_AGREEMENT:
        data["regime"] = policy.regime.value
    if policy.half_day is not HalfDayCount.HALF:
        data["half_day"] = policy.half_day.value
    if policy.paid_without_telework:
        data["paid_without_telework"] = True
    return data


def dump_allowance_policy(policy: AllowancePolicy) -> str:
    """The policy as TOML text that :func:`load_allowance_policy` reads back.

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


def load_allowance_policy(path: str | Path) -> AllowancePolicy:
    """Read a policy from a TOML file.

    Raises:
        LoadError: the file cannot be read or parsed, or holds bad values (every problem).
    """
    return allowance_policy_from_dict(_read_toml(Path(path)), source=str(path))
