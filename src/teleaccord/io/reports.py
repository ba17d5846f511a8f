"""Reports: the JSON-compatible views of results that the CLI and HRIS integrations print.

A report is a result's wire shape (:func:`teleaccord.io.convert.unstructure`, every leaf
written by the one converter) with what a reader needs beside the stored fields: the computed
figures (a counter's days left, an explanation's formula), a month as ``YYYY-MM``, a threshold
named by its id. The released ``to_dict()`` methods of these results are shims over
:func:`report_data`; their output is unchanged.

>>> from datetime import date
>>> from teleaccord import RuleSource
>>> from teleaccord.io.reports import report_data
>>> report_data(RuleSource(publication="Service-public.fr", consulted=None))
{'publication': 'Service-public.fr', 'url': '', 'consulted': 'to check'}
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.allowance import AllowanceExplanation, ExemptionLimit, MonthlyAllowance, RuleSource
from teleaccord.crossborder import CrossBorderReport, ThresholdCounter
from teleaccord.dates import DateRange
from teleaccord.entitlements import Entitlement, Explanation, SegmentShare
from teleaccord.errors import InvalidValue
from teleaccord.io.convert import unstructure

__all__ = ["report_data"]


def _plain(item: Any) -> Any:
    """A computed value as data: leaves through the converter, data as it is."""
    if isinstance(item, (Fraction, Decimal, date, enum.Enum)):
        return unstructure(item)
    return item


def _view(
    value: Any,
    *,
    layout: Sequence[str] = (),
    before: Mapping[str, Mapping[str, Any]] | None = None,
    **replaced: Any,
) -> dict[str, Any]:
    """``value``'s wire shape, some fields ``replaced``, computed keys inserted ``before`` a
    field, the keys in ``layout`` order when one is given."""
    body = unstructure(value, omit=replaced)
    out: dict[str, Any] = {}
    inserted = before or {}
    for key in _field_names(type(value)):
        if key in inserted:
            out.update((name, _plain(extra)) for name, extra in inserted[key].items())
        if key in replaced:
            out[key] = _plain(replaced[key])
        elif key in body:
            out[key] = body[key]
    return {key: out[key] for key in layout} if layout else out


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    found = _FIELD_NAMES.get(cls)
    if found is None:
        found = _FIELD_NAMES[cls] = tuple(a.name for a in attrs.fields(cls))
    return found


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def _month(period: DateRange) -> str:
    return period.start.strftime("%Y-%m")


def _rule_source(source: RuleSource) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(source, form="file")  # "to check" when not consulted
    return data


def _exemption_limit(limit: ExemptionLimit) -> dict[str, Any]:
    return _view(limit, sources=[_rule_source(s) for s in limit.sources])


def _allowance_explanation(explanation: AllowanceExplanation) -> dict[str, Any]:
    return _view(
        explanation,
        month=_month(explanation.month),
        limit=_exemption_limit(explanation.limit),
    )


def _monthly_allowance(month: MonthlyAllowance) -> dict[str, Any]:
    return _view(
        month,
        month=_month(month.month),
        explanation=_allowance_explanation(month.explanation),
    )


def _segment_share(share: SegmentShare) -> dict[str, Any]:
    return _view(share, before={"share": {"presence": share.presence}})


def _explanation(explanation: Explanation) -> dict[str, Any]:
    return _view(
        explanation,
        before={
            "exact": {"formula": explanation.formula},
            "rule": {"rounding": explanation.rounding},
        },
        segments=[_segment_share(s) for s in explanation.segments],
    )


def _entitlement(entitlement: Entitlement) -> dict[str, Any]:
    return _view(
        entitlement,
        layout=("employee", "period", "exact", "rounded", "explanation"),
        explanation=_explanation(entitlement.explanation),
    )


def _threshold_counter(counter: ThresholdCounter) -> dict[str, Any]:
    computed = {
        "used_share": counter.used_share,
        "projected_share": counter.projected_share,
        "days_left_as_of": counter.days_left_as_of,
        "days_left_projected": counter.days_left_projected,
        "crossed_as_of": counter.crossed_as_of,
        "crossed_projected": counter.crossed_projected,
    }
    return _view(
        counter,
        before={"crossing_day": computed, "notes": {"status": counter.threshold.status}},
        threshold=counter.threshold.id,
    )


def _crossborder_report(report: CrossBorderReport) -> dict[str, Any]:
    return _view(
        report,
        counters=[_threshold_counter(c) for c in report.counters],
        warnings=[w.to_dict() for w in report.warnings],
    )


_REPORTS: dict[type[Any], Callable[[Any], dict[str, Any]]] = {
    RuleSource: _rule_source,
    ExemptionLimit: _exemption_limit,
    AllowanceExplanation: _allowance_explanation,
    MonthlyAllowance: _monthly_allowance,
    SegmentShare: _segment_share,
    Explanation: _explanation,
    Entitlement: _entitlement,
    ThresholdCounter: _threshold_counter,
    CrossBorderReport: _crossborder_report,
}


def report_data(value: Any) -> dict[str, Any]:
    """The report of a result, as JSON-compatible data (amounts as exact strings, money as
    decimal strings, dates as ISO text).

    Args:
        value: an :class:`~teleaccord.entitlements.Entitlement` (or its explanation or one of
            its segment shares), a :class:`~teleaccord.allowance.MonthlyAllowance` (or its
            explanation, an exemption limit, a rule source), a
            :class:`~teleaccord.crossborder.CrossBorderReport` or one of its counters.

    Raises:
        InvalidValue: ``value`` has no report (``not_a_report``); use
            :func:`teleaccord.io.json.to_data` for any other value.
    """
    found = _REPORTS.get(type(value))
    if found is None:
        known = ", ".join(sorted(cls.__name__ for cls in _REPORTS))
        msg = f"value: a {type(value).__name__} has no report; reports exist for {known}."
        raise InvalidValue(msg, field="value", code="not_a_report")
    return found(value)
