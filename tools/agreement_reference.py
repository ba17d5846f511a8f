"""Write the reference page of the agreement file (docs/reference/agreement-file.md).

The page is generated from the one schema (:func:`teleaccord.json_schema` of
:class:`~teleaccord.Agreement`, which the one converter reads and writes): every table and key,
its type, its default (from the attrs classes) and its description (from the classes'
docstrings), with an example from the packaged sample agreements where one sets the key.
Run it after changing an agreement class; ``tests/test_docs_reference.py`` checks the page
is up to date::

    python tools/agreement_reference.py
"""

from __future__ import annotations

import enum
import re
import sys
import typing
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from teleaccord import Agreement, json_schema
from teleaccord.amounts import format_amount
from teleaccord.io.agreement_file import load_sample_agreement, sample_agreements
from teleaccord.io.convert import unstructure

OUT = Path(__file__).resolve().parents[1] / "docs" / "reference" / "agreement-file.md"

HEAD = """\
# Agreement file (TOML)

An agreement (accord or charte de télétravail) is written as a TOML file and read by
{func}`~teleaccord.load_agreement` and by the `--agreement` option. This page lists every key:
its type, its default when left out, what it means, and an example. It is generated from the
one schema the library reads and writes ({func}`~teleaccord.json_schema` of
{class}`~teleaccord.Agreement`) by `python tools/agreement_reference.py`, and a test checks it
is up to date, so it cannot drift from the code.

Types as a file writes them (the file form of the [JSON format](json-schema.md)):

| Type | Written as |
|---|---|
| amount | an exact number of days: `40`, `40.5`, `"81/2"`, or a share as `"80 %"` |
| date | a TOML date `2025-03-04`, or the same as text |
| time | `"19:00"` |
| weekday | `"Mo"` ... `"Su"`, English or French names (`"lundi"`, `"ven."`) |
| choice | one of the words listed, case aside |
| table | a TOML table (`[carry_over]`); array of tables: `[[quotas]]` |

A key with a default may be left out. Unknown keys are errors, every problem of the file is
reported at once with its key path (`$.quotas[1].maximum`), and `teleaccord validate FILE`
checks a file without computing anything.
"""


def _sections(cls: type[Any]) -> dict[str, str]:
    """The descriptions of a class's attributes in its docstring (``Attributes:``/``Args:``);
    ``a, b: text`` describes both."""
    text = cls.__doc__ or ""
    match = re.search(r"\n\s*(?:Attributes|Args):\n(.*?)(?:\n\s*\n|\n\s*>>>|$)", text, re.S)
    if not match:
        return {}
    found: dict[str, str] = {}
    current: list[str] = []
    lines = match.group(1).splitlines()
    indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
    for line in lines:
        if len(line) - len(line.lstrip()) == indent and ":" in line:
            names, _, rest = line.strip().partition(":")
            current = [n.strip() for n in names.split(",")]
            for name in current:
                found[name] = rest.strip()
        else:
            for name in current:
                found[name] += " " + line.strip()
    return {k: re.sub(r"\s+", " ", v).replace("|", "\\|") for k, v in found.items()}


# What the classes' docstrings do not say key by key (their prose, shown above each table,
# may say more). A key missing from both is shown without a description.
DESCRIPTIONS = {
    ("Agreement", "excluded_weekdays"): "weekdays never teleworked, by name "
    '(`["We"]`, `["mercredi"]`).',
    ("Agreement", "eligibility"): "who may telework (job categories, seniority, sites).",
    ("Agreement", "notice"): "how long before a day it must be requested.",
    ("Agreement", "blackout"): "days never teleworked (a closing, an inventory).",
    ("Agreement", "carry_over"): "unused days carried into the next period, and their expiry.",
    ("Agreement", "approval"): "who decides the requests, and how.",
    ("Accrual", "step"): "`upfront`: the whole entitlement on the period's first day; "
    "`monthly` or `weekly`: earned step by step.",
    ("Accrual", "at"): "`start` or `end`: a step is earned on its first or its last day.",
    ("ApprovalClause", "beyond_limit"): "a request that breaks only a maximum goes to a further "
    "approver (HR, the second level) with a reason, instead of being refused.",
    ("CarryOver", "balance_cap"): "at most this many days in the whole balance (this period's "
    "and the carried ones); the days above it are forfeited.",
    ("CarryOver", "expires_after_periods"): "carried days expire after this many periods "
    "(oldest first), rather than on a date.",
    ("Eligibility", "prorate_from_eligibility"): "when eligibility starts during the period "
    "(after a probation, a seniority), the entitlement is prorated from that day.",
    ("ApprovalClause", "required"): "requests are decided by the employee's manager.",
    ("ApprovalClause", "second_level_from_weekly_day"): "from this telework day of a week "
    "on, a second approver decides too.",
    ("ApprovalClause", "auto_approve"): "requests within quota and coverage are approved "
    "without a person.",
    ("ApprovalClause", "reason_required_for_refusal"): "every refusal gives its reason.",
    ("CarryOver", "mode"): "`none`: unused days are lost; `capped`: at most `cap` carried; `all`.",
    ("CarryOver", "cap"): "the most days carried (with `capped`).",
    ("CarryOver", "expires_after_days"): "carried days expire this many days into the new period.",
    ("CarryOver", "expires_on"): "carried days expire after this day of the new period, as "
    "`MM-DD`.",
    ("DateRange", "start"): "the first day.",
    ("DateRange", "end"): "the last day (included).",
    ("Eligibility", "categories"): "the job categories that may telework (none given: all).",
    ("Eligibility", "excluded_categories"): "the job categories that may not.",
    ("Eligibility", "min_seniority_months"): "whole months since the hire date.",
    ("Eligibility", "min_months_in_post"): "whole months since the job category last changed.",
    ("Eligibility", "min_fraction"): 'the smallest work fraction eligible (`"50 %"`).',
    ("Eligibility", "sites"): "the sites where telework is open (none given: all).",
    ("Extra", "status"): "the status giving the days (`carer`, `disabled`, `pregnant`...), "
    "as the data files name it.",
    ("Extra", "days"): "extra days per reference period, prorated like the main quota.",
    ("Notice", "working_days"): "requests come at least this many working days before.",
    ("Notice", "deadline_days_before"): "or by a deadline this many calendar days before...",
    ("Notice", "deadline_time"): "... at this time of day, in the agreement's time zone.",
    ("OnSiteMinimum", "window"): "the window the minimum applies in.",
    ("OnSiteMinimum", "days"): "days on site in each window (give `days` or `share`).",
    ("OnSiteMinimum", "share"): 'a share of the working days of the window (`"40 %"`).',
    ("OnSiteMinimum", "holidays_count_as_on_site"): "whether public holidays count as days "
    "on site.",
    ("Prorating", "by_fraction"): "prorate by the contract's work fraction.",
    ("Prorating", "basis"): "prorate by presence in the period, counted on this basis "
    "(`none`: not by presence).",
    ("Quota", "window"): "the window the figures apply in (`period`: the reference period).",
    ("Quota", "maximum"): "the most telework days in each window.",
    ("Quota", "minimum"): "the fewest telework days expected in each window.",
    ("Quota", "prorate"): "whether the figures are prorated by work fraction and presence.",
    ("Quota", "label"): "how explanations name the quota.",
    ("ReferencePeriod", "kind"): "`year` or `month`.",
    ("ReferencePeriod", "start_month"): "the month a yearly period starts (6: June).",
    ("ReferencePeriod", "start_day"): "the day of the month it starts.",
    ("Rounding", "mode"): "how the exact entitlement is rounded (`exact`: not at all).",
    ("Rounding", "unit"): 'rounded to a multiple of this (`1`, `"1/2"`).',
    ("Rounding", "floor"): "never less than this, after rounding.",
    ("Rounding", "ceiling"): "never more than this, after rounding.",
}


def _rst(text: str) -> str:
    """Docstring markup as Markdown: roles and double backquotes as code."""
    text = re.sub(r":\w+:`~?([^`]+)`", lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", text)
    return text.replace("``", "`")


def _summary(cls: type[Any]) -> str:
    prose = (cls.__doc__ or "").split(">>>")[0].strip()
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in prose.split("\n\n") if p.strip()]
    paragraphs = [p for p in paragraphs if not p.startswith(("Attributes:", "Args:"))]
    return _rst("\n\n".join(paragraphs))


def _type(schema: dict[str, Any], classes: dict[str, type[Any]]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in classes:
            return f"table [{name}](#{name.lower()})"
        return name
    if "anyOf" in schema:
        kinds = [s for s in schema["anyOf"] if s.get("type") != "null"]
        shown = " or ".join(_type(s, classes) for s in kinds)
        return shown + (" (optional)" if len(kinds) < len(schema["anyOf"]) else "")
    if "enum" in schema:
        words = [str(w) for w in schema["enum"]]
        if words == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]:
            return "weekday"
        return "choice: " + ", ".join(f"`{w}`" for w in words)
    kind = schema.get("type")
    if kind == "array":
        item = schema.get("items", {})
        if "$ref" in item and item["$ref"].rsplit("/", 1)[1] in classes:
            name = item["$ref"].rsplit("/", 1)[1]
            return f"array of tables [{name}](#{name.lower()})"
        return f"list of {_type(item, classes)}"
    if kind == "object":
        values = schema.get("additionalProperties")
        return f"table of {_type(values, classes)}" if isinstance(values, dict) else "table"
    return str(kind or "value")


def _toml_value(value: Any) -> str:
    if value is None:
        return "(none)"
    text = tomli_w.dumps({"k": value}).strip()
    if not text.startswith("k = "):
        return "(a table)"
    shown = text.removeprefix("k = ")
    return f"`{shown}`" if "\n" not in shown and len(shown) < 80 else "(see the example)"


def _default(field: attrs.Attribute[Any]) -> str:
    if field.default is attrs.NOTHING:
        return "required"
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory() if not default.takes_self else None
    if attrs.has(type(default)):
        return "its defaults"
    if default is None:
        return "none"
    if default in ((), frozenset(), [], {}):
        return "empty"
    if isinstance(default, enum.Enum):
        default = default.value
    if isinstance(default, Fraction):
        text = format_amount(default)
        default = int(default) if "/" not in text and "." not in text else text
    return _toml_value(default)


def _examples() -> dict[tuple[str, str], str]:
    """An example of each key, from the first sample agreement that gives it another value
    than its default."""
    found: dict[tuple[str, str], str] = {}

    def walk(value: Any) -> None:
        cls = type(value)
        written = unstructure(value, form="file")
        for field in attrs.fields(cls):
            if not field.init or field.name not in written:
                continue
            item = getattr(value, field.name)
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory() if not default.takes_self else None
            if item == default:
                continue
            items = item if isinstance(item, tuple) else (item,)
            for part in items:
                if attrs.has(type(part)):
                    walk(part)
            key = (cls.__name__, field.name)
            if key not in found and not attrs.has(type(item)):
                found[key] = _toml_value(written[field.name])

    for name in sample_agreements():
        walk(load_sample_agreement(name))
    return found


def page() -> str:
    """The page's Markdown text."""
    schema = json_schema(Agreement)
    defs = schema.get("$defs", {})
    classes: dict[str, type[Any]] = {}

    def collect(cls: type[Any]) -> None:
        classes[cls.__name__] = cls
        for field in attrs.fields(cls):
            for candidate in _field_classes(cls, field.name):
                if candidate.__name__ in defs and candidate.__name__ not in classes:
                    collect(candidate)

    collect(Agreement)
    examples = _examples()
    parts = [HEAD]
    order = ["Agreement", *sorted(n for n in classes if n != "Agreement")]
    for name in order:
        cls = classes[name]
        body = schema if name == "Agreement" else defs[name]
        described = _sections(cls)
        title = "The top level" if name == "Agreement" else name
        parts.append(f"\n## {title}\n")
        parts.append(f"{_summary(cls)}\n")
        parts.append("| Key | Type | Default | Description | Example |")
        parts.append("|---|---|---|---|---|")
        fields = {f.name: f for f in attrs.fields(cls) if f.init}
        for key, prop in body["properties"].items():
            if key in ("type", "schema_version") or key not in fields:
                continue
            field = fields[key]
            row = [
                f"`{key}`",
                _type(prop, classes),
                _default(field),
                _rst(DESCRIPTIONS.get((name, key)) or described.get(key, "")),
                examples.get((name, key), ""),
            ]
            parts.append("| " + " | ".join(row) + " |")
    sample = sample_agreements()[0]
    source = Path(__file__).resolve().parents[1] / "src" / "teleaccord" / "data" / "agreements"
    text = (source / f"{sample}.toml").read_text(encoding="utf-8").strip()
    parts.append(
        f"\n## A whole file\n\nThe sample agreement `{sample}`, shipped with teleaccord:\n"
    )
    parts.append(f"```toml\n{text}\n```\n")
    return "\n".join(parts)


def _field_classes(cls: type[Any], name: str) -> list[type[Any]]:
    """The attrs classes a field of ``cls`` holds (directly, in a tuple, or optional)."""
    hints = typing.get_type_hints(cls)
    found: list[type[Any]] = []

    def walk(kind: Any) -> None:
        if isinstance(kind, type) and attrs.has(kind):
            found.append(kind)
        for arg in typing.get_args(kind):
            walk(arg)

    walk(hints.get(name))
    return found


def main() -> None:
    OUT.write_text(page(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")


if __name__ == "__main__":
    main()
