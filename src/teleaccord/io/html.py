"""The team report as one self-contained HTML file: calendar, charts and figures, offline.

:func:`render_report` turns a :class:`~teleaccord.teamreport.TeamReport` into HTML with the
Jinja2 template ``data/templates/report.html.j2`` (autoescaped): the CSS and the charts are
inline (the charts are SVG written here, no chart library, no script), so the file opens in any
browser without a network. Every chart has a table of its figures below it, and every bar or
cell says its exact value on hover (an SVG ``<title>``, an HTML ``title``). Colours come from
the Okabe-Ito palette, which colour-blind readers tell apart, and every state also has a
letter and a pattern, never colour alone; a telework cell's kind (occasional, imposed,
medical) adds its own mark after the letter (:data:`KIND_MARKS`) and its own pattern, both in
the legend. Labels are English or French (``lang``).

Figures for people show 2 decimals (``exact=True``: the exact values, ``6564/73``); the exact
value of each figure is also in its cell's ``data-exact`` attribute, for programs and tests.

Jinja2 is optional: install the ``report`` extra (``pip install 'teleaccord[report]'``).

>>> import pytest; _ = pytest.importorskip("jinja2")  # the examples need the report extra
>>> from datetime import date
>>> from teleaccord import Calendar, Contract, DateRange, TeamSpec, Teams, load_sample_agreement
>>> from teleaccord import render_report, team_report
>>> contracts = [Contract.from_amendments(employee="ana", hired=date(2020, 1, 1), team="support")]
>>> report = team_report(contracts, {}, Teams(teams=[TeamSpec(name="support")]),
...                      DateRange(date(2025, 6, 2), date(2025, 6, 8)),
...                      agreement=load_sample_agreement("assistance-100-days"), calendar=Calendar())
>>> html = render_report(report, lang="fr")
>>> html.startswith("<!DOCTYPE html>"), 'data-employee="ana"' in html, "Légende" in html
(True, True, True)
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import Any

from teleaccord.amounts import format_amount, format_decimal
from teleaccord.dates import month_range
from teleaccord.extras import import_extra
from teleaccord.io.output import open_output
from teleaccord.locale.labels import label, month_name, weekday_short
from teleaccord.teamreport import CELL_STATES, TeamDay, TeamReport, TeamSection

__all__ = ["CELL_LETTERS", "KIND_MARKS", "PALETTE", "render_report", "write_report"]

PALETTE: dict[str, str] = {
    "telework": "#56B4E9",
    "on-site": "#009E73",
    "absent": "#CC79A7",
    "holiday": "#999999",
    "closed": "#555555",
    "risk": "#D55E00",
    "anchor": "#E69F00",
    "limit": "#0072B2",
    "remaining": "#F0E442",
}
"""The report's colours: the Okabe-Ito palette, told apart by colour-blind readers."""

CELL_LETTERS: dict[str, dict[str, str]] = {
    "en": {
        "telework": "T",
        "telework-am": "Ta",
        "telework-pm": "Tp",
        "on-site": "S",
        "absent": "A",
        "holiday": "H",
        "closed": "C",
        "off": "·",
        "out": "",
    },
    "fr": {
        "telework": "T",
        "telework-am": "Tm",
        "telework-pm": "Ta",
        "on-site": "S",
        "absent": "A",
        "holiday": "F",
        "closed": "X",
        "off": "·",
        "out": "",
    },
}
"""The letter each calendar state shows, per language, so colour is never the only sign."""

KIND_MARKS: dict[str, str] = {"regular": "", "occasional": "O", "imposed": "I", "medical": "M"}
"""The mark a telework cell shows after its letter for its kind of telework (the same in
English and French: occasionnel, imposé, médical), beside a pattern of its own; a regular day
has none, a kind of the agreement's own pools shows ``*`` and its name on hover."""


def _kind_mark(kind: str) -> str:
    return KIND_MARKS.get(kind, "*") if kind else ""


def _kind_name(kind: str, lang: str) -> str:
    """A kind of telework in words (an agreement's own kind: its name)."""
    try:
        return label(f"kind_{kind}", lang)
    except KeyError:
        return kind


def _kind_css(kind: str) -> str:
    """The CSS class of a kind's pattern (an agreement's own kind: ``k-other``)."""
    return f"k-{kind}" if kind in KIND_MARKS else "k-other"


def _jinja() -> Any:
    """The ``jinja2`` package, imported only when a report is rendered."""
    msg = (
        "The HTML report needs the optional package 'jinja2'; install it with "
        "pip install 'teleaccord[report]'."
    )
    return import_extra("jinja2", msg, field="jinja2")


_ENVIRONMENTS: dict[str, Any] = {}


def _environment() -> Any:
    env = _ENVIRONMENTS.get("report")
    if env is None:
        jinja2 = _jinja()
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("teleaccord", "data/templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _ENVIRONMENTS["report"] = env
    return env


# -- numbers and words -------------------------------------------------------------------------


class _Numbers:
    """How figures are written: 2 decimals (or exact), with the language's decimal mark."""

    def __init__(self, lang: str, exact: bool) -> None:
        self.comma = lang == "fr"
        self.exact = exact

    def days(self, value: Fraction | int) -> str:
        if self.exact:
            text = format_amount(Fraction(value))
            return text.replace(".", ",") if self.comma else text
        return format_decimal(value, comma=self.comma)

    def money(self, value: Decimal | None) -> str:
        if value is None:
            return "-"
        text = f"{value:.2f}"
        return (text.replace(".", ",") if self.comma else text) + " €"

    def share(self, value: Fraction | None) -> str:
        if value is None:
            return "-"
        return format_decimal(value * 100, comma=self.comma) + " %"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "team"


def _day_label(day: Any, lang: str) -> str:
    if lang == "fr":
        return f"{weekday_short(day.weekday(), lang)} {day.day:02d}/{day.month:02d}/{day.year}"
    return f"{weekday_short(day.weekday(), lang)} {day.isoformat()}"


# -- the SVG charts ----------------------------------------------------------------------------

_FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _svg(width: int, height: int, title: str, body: Iterable[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}" {_FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _bar_chart(
    title: str,
    bars: Sequence[tuple[str, Fraction, str, str]],
    *,
    top: Fraction,
    lines: Sequence[tuple[str, Fraction, str]] = (),
    percent: bool = False,
    show: Callable[[Fraction], str],
) -> str:
    """Vertical bars: (label, value, hover text, css class); ``lines`` are horizontal limits
    (label, value, hover text) drawn dashed with their label."""
    left, bottom, height = 44, 40, 160
    step = max(8, min(40, 900 // max(1, len(bars))))
    width = left + step * len(bars) + 280
    top = top if top > 0 else Fraction(1)
    out: list[str] = []

    def y(value: Fraction) -> float:
        return round(10 + height - float(value / top) * height, 1)

    for tick in range(5):
        value = top * tick / 4
        out.append(
            f'<line x1="{left}" x2="{left + step * len(bars)}" y1="{y(value)}" y2="{y(value)}" '
            f'stroke="#ddd"/><text x="{left - 4}" y="{y(value) + 4}" text-anchor="end">'
            f"{escape(show(value) if not percent else format(float(value * 100), '.0f') + '%')}"
            "</text>"
        )
    for n, (name, value, hover, css) in enumerate(bars):
        x = left + n * step + 1
        top_y = y(value)
        out.append(
            f'<rect class="bar {css}" x="{x}" y="{top_y}" width="{step - 2}" '
            f'height="{round(10 + height - top_y, 1)}"><title>{escape(hover)}</title></rect>'
        )
        if len(bars) <= 40 or n % 7 == 0:
            out.append(
                f'<text x="{x + (step - 2) / 2}" y="{10 + height + 12}" text-anchor="middle">'
                f"{escape(name)}</text>"
            )
    for n, (name, value, hover) in enumerate(lines):
        ly = y(value)
        dash = ("6 3", "2 2", "8 2 2 2")[n % 3]
        out.append(
            f'<g class="limit"><line x1="{left}" x2="{left + step * len(bars)}" y1="{ly}" '
            f'y2="{ly}" stroke="{PALETTE["limit"]}" stroke-width="2" stroke-dasharray="{dash}"/>'
            f'<text x="{left + step * len(bars) + 4}" y="{ly + 4}">{escape(name)}</text>'
            f"<title>{escape(hover)}</title></g>"
        )
    return _svg(width, height + bottom, title, out)


def _balance_chart(title: str, section: TeamSection, lang: str, numbers: _Numbers) -> str:
    """Horizontal bars per person: days taken, then days remaining, up to the entitlement."""
    rows = section.balances
    left, bar_h, width = 70, 12, 360
    top = max(
        [max(r.entitlement, r.taken, r.taken + max(r.remaining, Fraction(0))) for r in rows]
        or [Fraction(1)]
    )
    top = top if top > 0 else Fraction(1)
    out: list[str] = []
    for n, r in enumerate(rows):
        y = 6 + n * (bar_h + 4)
        taken_w = round(float(max(r.taken, Fraction(0)) / top) * width, 1)
        rest_w = round(float(max(r.remaining, Fraction(0)) / top) * width, 1)
        ent_x = round(left + float(r.entitlement / top) * width, 1)
        who = f"{r.employee} {r.label}"
        out.append(
            f'<text x="{left - 4}" y="{y + bar_h - 2}" text-anchor="end">{escape(r.employee)}</text>'
            f'<rect class="bar taken" x="{left}" y="{y}" width="{taken_w}" height="{bar_h}">'
            f"<title>{escape(who)}: {escape(label('taken', lang))} {numbers.days(r.taken)} "
            f"({format_amount(r.taken)})</title></rect>"
            f'<rect class="bar remaining" x="{left + taken_w}" y="{y}" width="{rest_w}" '
            f'height="{bar_h}"><title>{escape(who)}: {escape(label("remaining", lang))} '
            f"{numbers.days(r.remaining)} ({format_amount(r.remaining)})</title></rect>"
            f'<line x1="{ent_x}" x2="{ent_x}" y1="{y - 1}" y2="{y + bar_h + 1}" stroke="#000" '
            f'stroke-width="2"><title>{escape(who)}: {escape(label("entitlement", lang))} '
            f"{numbers.days(r.entitlement)} ({format_amount(r.entitlement)})</title></line>"
        )
    height = 12 + len(rows) * (bar_h + 4)
    return _svg(left + width + 20, height, title, out)


# -- the template's view of the report ---------------------------------------------------------


def _shortfall_text(day: TeamDay, lang: str) -> list[dict[str, Any]]:
    found = []
    for s in day.shortfalls:
        if s.code == "anchor_day":
            text = label("anchor_teleworking", lang, names=", ".join(s.teleworking))
        else:
            text = label(
                "on_site_of", lang, on_site=s.on_site, required=s.required, working=s.working
            )
        found.append(
            {
                "half": label(f"half_{s.half}", lang),
                "code": s.code,
                "rule": s.rule,
                "text": text,
                "on_site": s.on_site,
                "required": s.required,
                "working": s.working,
            }
        )
    return found


def _figure(day: TeamDay) -> str:
    """The figure a day at risk shows in the calendar: on site / required at its worst."""
    worst = [s for s in day.shortfalls if s.code == "coverage_below_minimum"]
    if worst:
        s = min(worst, key=lambda s: (s.on_site - s.required, s.half))
        return f"{s.on_site}/{s.required}"
    return "!"


def _section_view(section: TeamSection, lang: str, numbers: _Numbers) -> dict[str, Any]:
    letters = CELL_LETTERS[lang]
    state_names = {s: label(f"state_{s}", lang) for s in CELL_STATES}
    days: list[dict[str, Any]] = []
    for d in section.days:
        classes = ["day"]
        if d.day.weekday() >= 5:
            classes.append("weekend")
        if d.anchor:
            classes.append("anchor")
        if d.holiday:
            classes.append("holiday")
        if d.at_risk:
            classes.append("risk")
        days.append(
            {
                "iso": d.day.isoformat(),
                "weekday": weekday_short(d.day.weekday(), lang),
                "number": f"{d.day.day:02d}",
                "label": _day_label(d.day, lang),
                "css": " ".join(classes),
                "anchor": d.anchor,
                "holiday": d.holiday,
                "risk": d.at_risk,
                "figure": _figure(d) if d.at_risk else "",
                "shortfalls": _shortfall_text(d, lang),
                "working": d.working,
                "on_site": d.on_site,
                "teleworking": d.teleworking,
                "absent": d.absent,
                "share": numbers.share(d.on_site_share),
                "share_exact": "" if d.on_site_share is None else format_amount(d.on_site_share),
            }
        )
    rows = []
    for row in section.rows:
        cells = []
        for shown, cell in zip(days, row.cells, strict=True):
            hover = f"{row.employee}, {shown['label']}: {state_names[cell.state]}"
            css = f"s-{cell.state}"
            if cell.kind:
                hover += f" — {label('telework_kind', lang, kind=_kind_name(cell.kind, lang))}"
                css += f" {_kind_css(cell.kind)}"
            if cell.detail:
                hover += f" ({cell.detail})"
            cells.append(
                (css, letters[cell.state], hover, cell.state, cell.kind, _kind_mark(cell.kind))
            )
        rows.append(
            {
                "employee": row.employee,
                "role": row.role or "",
                "category": row.category or "",
                "cells": cells,
                "telework": numbers.days(row.telework_days),
                "telework_exact": format_amount(row.telework_days),
            }
        )
    kinds = [
        {
            "kind": kind,
            "name": _kind_name(kind, lang),
            "mark": _kind_mark(kind),
            "days": numbers.days(amount),
            "exact": format_amount(amount),
        }
        for kind, amount in section.telework_by_kind.items()
    ]
    weeks: list[dict[str, Any]] = []
    for w in section.weeks:
        weeks.append(
            {
                "label": f"{w.week.start.isoformat()}..{w.week.end.isoformat()}",
                "short": f"{w.week.start.day:02d}/{w.week.start.month:02d}",
                "telework": numbers.days(w.telework_days),
                "telework_exact": format_amount(w.telework_days),
                "heads": w.heads,
                "per_head": numbers.days(w.per_head),
                "per_head_exact": format_amount(w.per_head),
                "maximum": "" if w.maximum is None else numbers.days(w.maximum),
                "minimum": "" if w.minimum is None else numbers.days(w.minimum),
                "pace": "" if w.pace is None else numbers.days(w.pace),
                "pace_exact": "" if w.pace is None else format_amount(w.pace),
            }
        )
    first = section.weeks[0] if section.weeks else None
    limits: list[tuple[str, Fraction, str]] = []
    if first is not None:
        for key, value in (
            ("maximum", first.maximum),
            ("minimum", first.minimum),
            ("pace", first.pace),
        ):
            if value is not None:
                name = label(key, lang)
                limits.append(
                    (
                        f"{name} {numbers.days(value)}",
                        value,
                        f"{name}: {numbers.days(value)} ({format_amount(value)})",
                    )
                )
    per_head = [w.per_head for w in section.weeks]
    weekly_svg = _bar_chart(
        f"{label('weekly', lang)} — {section.team}",
        [
            (
                weeks[n]["short"],
                w.per_head,
                f"{weeks[n]['label']}: {label('per_head', lang)} {weeks[n]['per_head']} "
                f"({weeks[n]['per_head_exact']}); {label('telework_days', lang)} "
                f"{weeks[n]['telework']}, {label('heads', lang)} {w.heads}",
                "telework",
            )
            for n, w in enumerate(section.weeks)
        ],
        top=max([*per_head, *(v for _, v, _ in limits), Fraction(1)]) * Fraction(11, 10),
        lines=limits,
        show=numbers.days,
    )
    share_svg = _bar_chart(
        f"{label('share', lang)} — {section.team}",
        [
            (
                d["number"],
                section.days[n].on_site_share or Fraction(0),
                f"{d['label']}: {label('on_site_share', lang)} {d['share']}"
                + (f" ({d['share_exact']})" if d["share_exact"] else "")
                + (f" — {label('risk', lang)}" if d["risk"] else ""),
                "share risk" if d["risk"] else "share",
            )
            for n, d in enumerate(days)
        ],
        top=Fraction(1),
        percent=True,
        show=numbers.days,
    )
    balances = [
        {
            "employee": r.employee,
            "period": r.label,
            "entitlement": numbers.days(r.entitlement),
            "entitlement_exact": format_amount(r.entitlement),
            "taken": numbers.days(r.taken),
            "taken_exact": format_amount(r.taken),
            "remaining": numbers.days(r.remaining),
            "remaining_exact": format_amount(r.remaining),
        }
        for r in section.balances
    ]
    totals = {
        key: numbers.days(sum((getattr(r, key) for r in section.balances), Fraction(0)))
        for key in ("entitlement", "taken", "remaining")
    }
    distribution_svg = _bar_chart(
        f"{label('distribution', lang)} — {section.team}",
        [
            (
                b.label,
                Fraction(b.count),
                f"{label('used_share', lang)} {b.label}: {b.count}",
                "people",
            )
            for b in section.distribution
        ],
        top=Fraction(max([b.count for b in section.distribution] + [1])) * Fraction(11, 10),
        show=lambda v: format_decimal(v, 0),
    )
    review = [
        {
            "category": c.category or label("all_categories", lang),
            "whole": not c.category,
            "heads": c.heads,
            "teleworking": c.teleworking,
            "uptake": numbers.share(c.uptake),
            "uptake_exact": format_amount(c.uptake),
            "days": numbers.days(c.days),
            "days_exact": format_amount(c.days),
            "per_head": numbers.days(c.days_per_head),
            "per_head_exact": format_amount(c.days_per_head),
            "imposed": label("not_in_inputs", lang)
            if c.imposed_days is None
            else numbers.days(c.imposed_days),
            "refusals": label("not_in_inputs", lang) if c.refusals is None else str(c.refusals),
        }
        for c in section.review
    ]
    allowances, allowance_svg, allowance_rows = _allowance_view(section, lang, numbers)
    crossborder, crossborder_svg = _crossborder_view(section, lang, numbers)
    return {
        "crossborder": crossborder,
        "crossborder_svg": crossborder_svg,
        "allowances": allowances,
        "allowance_svg": allowance_svg,
        "allowance_rows": allowance_rows,
        "name": section.team,
        "slug": _slug(section.team),
        "rules": list(section.rules),
        "anchors": [weekday_short(d, lang) for d in sorted(section.anchor_weekdays)],
        "days": days,
        "rows": rows,
        "kinds": kinds,
        "risk_days": [d for d in days if d["risk"]],
        "weeks": weeks,
        "weekly_svg": weekly_svg,
        "share_svg": share_svg,
        "balances": balances,
        "totals": totals,
        "balance_svg": _balance_chart(
            f"{label('balances', lang)} — {section.team}", section, lang, numbers
        )
        if section.balances
        else "",
        "distribution": [{"label": b.label, "count": b.count} for b in section.distribution],
        "distribution_svg": distribution_svg,
        "review": review,
    }


def _allowance_view(
    section: TeamSection, lang: str, numbers: _Numbers
) -> tuple[list[dict[str, Any]], str, list[dict[str, Any]]]:
    """The allowances' table, chart and per-person rows (empty without a policy)."""
    if not section.allowances:
        return [], "", []
    months: list[dict[str, Any]] = [
        {
            "label": f"{month_name(a.month.start.month, lang)} {a.month.start.year}",
            "iso": a.month.start.isoformat()[:7],
            "people": a.people,
            "days": numbers.days(a.telework_days),
            "days_exact": format_amount(a.telework_days),
            "due": numbers.money(a.due),
            "exempt": numbers.money(a.exempt),
            "excess": numbers.money(a.excess),
            "per_head": numbers.money(a.due_per_head),
            "cap": numbers.money(a.monthly_cap),
            "limit": numbers.money(a.limit),
        }
        for a in section.allowances
    ]
    first = section.allowances[0]
    lines = []
    for key, value in (("monthly_cap", first.monthly_cap), ("exemption_limit", first.limit)):
        if value is not None:
            name = label(key, lang)
            lines.append(
                (
                    f"{name} {numbers.money(value)}",
                    Fraction(value),
                    f"{name}: {numbers.money(value)}",
                )
            )
    heads = [Fraction(a.due_per_head) for a in section.allowances]
    svg = _bar_chart(
        f"{label('allowances', lang)} — {section.team}",
        [
            (
                m["iso"],
                h,
                f"{m['label']}: {label('due_per_head', lang)} {m['per_head']}; {label('due', lang)} {m['due']}",
                "money",
            )
            for m, h in zip(months, heads, strict=True)
        ],
        top=max([*heads, *(v for _, v, _ in lines), Fraction(1)]) * Fraction(11, 10),
        lines=lines,
        show=lambda v: numbers.money(Decimal(v.numerator) / Decimal(v.denominator)),
    )
    rows = [
        {
            "employee": r.employee,
            "month": r.month.start.isoformat()[:7],
            "days": numbers.days(r.telework_days),
            "due": numbers.money(r.due),
            "due_exact": str(r.due),
            "exempt": numbers.money(r.exempt),
            "excess": numbers.money(r.excess),
        }
        for r in section.allowance_rows
    ]
    return months, svg, rows


def _crossborder_view(
    section: TeamSection, lang: str, numbers: _Numbers
) -> tuple[list[dict[str, Any]], str]:
    """The cross-border counters' table and chart (empty without cross-border workers): one
    bar per member and threshold, its count as a share of the limit, the threshold drawn."""
    rows: list[dict[str, Any]] = []
    bars: list[tuple[str, Fraction, str, str]] = []
    for report in section.crossborder:
        for c in report.counters:
            used = c.used / c.limit_days if c.limit_days else _ZERO_SHARE
            projected = c.projected / c.limit_days if c.limit_days else _ZERO_SHARE
            name = f"{report.employee} — {c.threshold.name}"
            rows.append(
                {
                    "employee": report.employee,
                    "threshold": c.threshold.id,
                    "name": c.threshold.name,
                    "countries": f"{report.residence} → {report.work}",
                    "limit": numbers.days(c.limit_days),
                    "limit_exact": format_amount(c.limit_days),
                    "used": numbers.days(c.used),
                    "used_exact": format_amount(c.used),
                    "projected": numbers.days(c.projected),
                    "projected_exact": format_amount(c.projected),
                    "left": numbers.days(c.days_left_projected),
                    "left_exact": format_amount(c.days_left_projected),
                    "crossing": "-" if c.crossing_day is None else c.crossing_day.isoformat(),
                    "crossed": c.crossed_projected,
                }
            )
            hover = (
                f"{name}: {label('used', lang)} {numbers.days(c.used)}, "
                f"{label('projected', lang)} {numbers.days(c.projected)} / "
                f"{label('limit', lang)} {numbers.days(c.limit_days)}"
            )
            bars.append((report.employee, used, hover, "telework"))
            bars.append(
                (
                    "",
                    projected,
                    hover,
                    "share risk" if c.crossed_projected else "share",
                )
            )
    if not rows:
        return [], ""
    threshold = label("threshold", lang)
    svg = _bar_chart(
        f"{label('crossborder', lang)} — {section.team}",
        bars,
        top=max([*(v for _, v, _, _ in bars), Fraction(1)]) * Fraction(11, 10),
        lines=[(f"{threshold} 100%", Fraction(1), f"{threshold}: 100%")],
        percent=True,
        show=numbers.share,
    )
    return rows, svg


_ZERO_SHARE = Fraction(0)


def _period_text(report: TeamReport, lang: str) -> str:
    start, end = report.period.start, report.period.end
    if start.day == 1 and start.month == end.month and start.year == end.year:
        return f"{month_name(start.month, lang)} {start.year}"
    quarter = (start.month - 1) // 3
    if (
        start.day == 1
        and start.month == 3 * quarter + 1
        and start.year == end.year
        and end == month_range(end.year, 3 * quarter + 3).end
    ):
        return label("quarter", lang, number=quarter + 1, year=start.year)
    return f"{_day_label(start, lang)} – {_day_label(end, lang)}"


def render_report(report: TeamReport, *, lang: str = "en", exact: bool = False) -> str:
    """The report as one HTML document (a string), with its CSS and SVG charts inline.

    Args:
        report: the figures (:func:`~teleaccord.teamreport.team_report`).
        lang: ``"en"`` or ``"fr"``: labels, dates and the decimal mark.
        exact: show exact figures (``6564/73``) instead of 2 decimals.

    Raises:
        TeleaccordError: jinja2 is not installed (code ``missing_dependency``).
        InvalidValue: an unknown language (code ``unknown_language``).
    """
    label("title", lang)  # an unknown language fails before anything is rendered
    numbers = _Numbers(lang, exact)
    _jinja()
    markup = importlib.import_module("markupsafe").Markup  # installed with jinja2
    sections = []
    for section in report.teams:
        view = _section_view(section, lang, numbers)
        for key in (
            "weekly_svg",
            "share_svg",
            "balance_svg",
            "distribution_svg",
            "allowance_svg",
            "crossborder_svg",
        ):
            view[key] = markup(view[key])  # built above with every text escaped
        sections.append(view)
    legend = [
        {
            "css": f"s-{s}",
            "letter": CELL_LETTERS[lang][s],
            "mark": "",
            "kind": "",
            "text": label(f"state_{s}", lang),
        }
        for s in CELL_STATES
    ]
    # the kinds of telework: the four of every agreement, then any other the report shows
    shown_kinds = [k for k in KIND_MARKS if k != "regular"]
    for section in report.teams:
        for kind in section.telework_by_kind:
            if kind not in KIND_MARKS and kind not in shown_kinds:
                shown_kinds.append(kind)
    at = 1 + CELL_STATES.index("telework-pm")
    legend[at:at] = [
        {
            "css": f"s-telework {_kind_css(kind)}",
            "letter": CELL_LETTERS[lang]["telework"],
            "mark": _kind_mark(kind),
            "kind": kind,
            "text": label("telework_kind", lang, kind=_kind_name(kind, lang)),
        }
        for kind in shown_kinds
    ]
    template = _environment().get_template("report.html.j2")
    text: str = template.render(
        lang=lang,
        t=lambda key, **params: label(key, lang, **params),
        period=_period_text(report, lang),
        period_start=report.period.start.isoformat(),
        period_end=report.period.end.isoformat(),
        agreement=report.agreement,
        balance_periods=[
            f"{p.start.isoformat()}..{p.end.isoformat()}" for p in report.balance_periods
        ],
        sections=sections,
        legend=legend,
        palette=PALETTE,
        unassigned=list(report.unassigned),
        problems=[(p.path, p.message) for p in report.problems],
    )
    return text


def write_report(
    report: TeamReport,
    target: str | os.PathLike[str] | None,
    *,
    lang: str = "en",
    exact: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Render the report and write it to ``target`` (``-`` or ``None``: standard output)
    through the one output writer (atomic, never over one of ``inputs``)."""
    text = render_report(report, lang=lang, exact=exact)
    with open_output(target, inputs=inputs, newline="\n") as out:
        out.write(text)
