"""Grants: the entitlement a ledger records for a reference period, and its entries.

Pure functions behind :meth:`QuotaLedger.grant <teleaccord.ledger.QuotaLedger.grant>` and
:meth:`QuotaLedger.regrant <teleaccord.ledger.QuotaLedger.regrant>`: the entitlement reduced
for long absences (:func:`reduced_entitlement`), the pools granted beside the top-level quotas
(:func:`granted_pools`), and the :class:`~teleaccord.entries.Grant` and
:class:`~teleaccord.entries.Regrant` entries with their ids and explanations
(:func:`grant_entry`, :func:`regrant_entry`). The ledger checks and appends; nothing here reads
a clock or changes a ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from fractions import Fraction

import attrs

from teleaccord.absence import Absence, long_absence_share
from teleaccord.agreement import DEFAULT_POOL, Agreement
from teleaccord.amounts import format_amount
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import DateRange
from teleaccord.entitlements import Entitlement, entitlement
from teleaccord.entries import Grant, Regrant, aware_datetime
from teleaccord.overrides import IndividualTerms
from teleaccord.versions import AgreementHistory

__all__ = ["grant_entry", "granted_pools", "reduced_entitlement", "regrant_entry"]


def reduced_entitlement(
    source: Agreement | AgreementHistory,
    contract: Contract,
    period: DateRange,
    calendar: Calendar,
    *,
    last: Agreement,
    statuses: Iterable[str] = (),
    terms: IndividualTerms | None = None,
    absences: Sequence[Absence] = (),
) -> Entitlement:
    """The entitlement of ``period`` (:func:`~teleaccord.entitlements.entitlement` of
    ``source``, with the individual ``terms``); when ``last`` (the agreement in force at the
    period's end) has the ``long_absence_days`` option, reduced by the share of the presence
    spent in long ``absences`` (:func:`~teleaccord.absence.long_absence_share`), then rounded
    by ``last``'s rounding, with a note saying so.

    >>> from datetime import date
    >>> from teleaccord import Absence, Agreement, Calendar, Contract, DateRange, Quota
    >>> from teleaccord import year_range
    >>> from teleaccord.grants import reduced_entitlement
    >>> agreement = Agreement(name="x", quotas=[Quota(window="period", maximum=10)],
    ...                       long_absence_days=30)
    >>> contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    >>> sick = Absence(absence_id="S1", employee="E1", kind="sickness",
    ...                days=DateRange(date(2024, 1, 1), date(2024, 3, 31)))
    >>> reduced_entitlement(agreement, contract, year_range(2024), Calendar(),
    ...                     last=agreement, absences=[sick]).rounded  # 10 x 275/366 present
    Fraction(1375, 183)
    """
    figure = entitlement(source, contract, period, calendar, statuses=statuses, terms=terms)
    if last.long_absence_days is None or not absences:
        return figure
    share = long_absence_share(
        absences,
        period,
        contract.presence(period),
        longer_than=last.long_absence_days,
        kinds=last.absence_kinds,
    )
    if share == 1:
        return figure
    exact = figure.exact * share
    note = (
        f"Long absences (more than {last.long_absence_days} consecutive days) "
        f"leave {format_amount(share)} of the presence: {format_amount(figure.exact)} x "
        f"{format_amount(share)} = {format_amount(exact)}."
    )
    rounded = last.rounding.apply(exact)
    explanation = attrs.evolve(
        figure.explanation,
        exact=exact,
        rounded=rounded,
        notes=(*figure.explanation.notes, note),
    )
    return attrs.evolve(figure, exact=exact, rounded=rounded, explanation=explanation)


def granted_pools(agreement: Agreement | AgreementHistory, period: DateRange) -> tuple[str, ...]:
    """The pools granted for ``period`` beside the top-level quotas: those a version in force
    during the period gives a maximum per period, in order (their figure is prorated across
    the versions by :func:`~teleaccord.versions.pool_terms`).

    >>> from teleaccord import Agreement, Pool, Quota, year_range
    >>> from teleaccord.grants import granted_pools
    >>> agreement = Agreement(name="x", pools=[
    ...     Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="week", maximum=1)]),
    ...     Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=11)])])
    >>> granted_pools(agreement, year_range(2024))
    ('flexible',)
    """
    in_force = (
        [a for a, _ in agreement.spans(period)]
        if isinstance(agreement, AgreementHistory)
        else [agreement]
    )
    names = dict.fromkeys(p.name for a in in_force for p in a.pools if p.period_quota is not None)
    return tuple(names)


def grant_entry(
    employee: str,
    label: str,
    period: DateRange,
    figure: Entitlement,
    *,
    at: datetime,
    by: str,
    pool: str = DEFAULT_POOL,
    entry_id: str | None = None,
) -> Grant:
    """The :class:`~teleaccord.entries.Grant` of ``figure`` for ``period`` (labelled
    ``label``) in ``pool``; its default id is derived from the employee, the period and the
    pool (``E1:grant:2024``, ``E1:grant:2024:flexible``), so granting twice finds it again.

    Raises:
        InvalidValue: ``at`` is naive.
    """
    suffix = "" if pool == DEFAULT_POOL else f":{pool}"
    return Grant(
        entry_id=entry_id or f"{employee}:grant:{label}{suffix}",
        period=period,
        amount=figure.rounded,
        exact=figure.exact,
        recorded_at=aware_datetime(at, "at"),
        by=by,
        explanation=figure.describe(),
        pool=pool,
    )


def regrant_entry(
    employee: str,
    label: str,
    period: DateRange,
    grants: Sequence[Grant | Regrant],
    figure: Entitlement,
    *,
    at: datetime,
    by: str,
    entry_id: str | None = None,
) -> Regrant | None:
    """The :class:`~teleaccord.entries.Regrant` recording the change from what ``grants``
    (the period's grant and earlier regrants, in order) hold to ``figure``, with the
    explanation of both figures, under ``entry_id`` or ``E1:regrant:2024#n``; ``None`` when
    the figure is unchanged.

    Raises:
        InvalidValue: ``at`` is naive.
    """
    previous = sum((g.amount for g in grants), Fraction(0))
    if figure.rounded == previous:
        return None
    n = sum(isinstance(g, Regrant) for g in grants) + 1
    explanation = (
        f"Entitlement for {label} recomputed after a contract change: "
        f"{format_amount(previous)} before, {format_amount(figure.rounded)} now "
        f"(difference {format_amount(figure.rounded - previous)}). Before: {grants[-1].explanation} "
        f"Now: {figure.describe()}"
    )
    return Regrant(
        entry_id=entry_id or f"{employee}:regrant:{label}#{n}",
        period=period,
        amount=figure.rounded - previous,
        previous=previous,
        current=figure.rounded,
        recorded_at=aware_datetime(at, "at"),
        by=by,
        explanation=explanation,
    )
