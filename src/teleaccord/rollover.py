"""Year-end records: what a rollover of a reference period writes in the ledger.

Balances never read these records (carry-over and expiry are computed on read by the fold,
:mod:`teleaccord.fold`); they record the figures the fold gives, under ids derived from the
employee and the period, so running a rollover twice, late or never gives the same balances.
:func:`rollover_records` is the pure function behind
:meth:`QuotaLedger.rollover <teleaccord.ledger.QuotaLedger.rollover>`, which appends what it
returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from fractions import Fraction

from teleaccord.agreement import Agreement
from teleaccord.dates import DateRange
from teleaccord.entries import CarryOverIn, Expiry, Forfeiture, aware_datetime
from teleaccord.fold import Balance, forfeit_reason, period_containing
from teleaccord.versions import AgreementHistory, agreement_in_force

__all__ = ["RolloverRecord", "rollover_records"]

RolloverRecord = CarryOverIn | Expiry | Forfeiture
"""An entry a rollover writes: the days carried in, expired, or forfeited."""


def rollover_records(
    employee: str,
    agreement: Agreement | AgreementHistory,
    period: DateRange,
    balance: Balance,
    carried_out: Fraction,
    records: Mapping[str, Sequence[RolloverRecord]],
    *,
    at: datetime,
    by: str,
    forfeited: bool = False,
) -> tuple[tuple[str, ...], tuple[RolloverRecord, ...]]:
    """The year-end records of ``period`` (whose ``balance`` is given) not recorded yet.

    The figures are the carried days of ``period`` that expired (``balance.expired``, id
    ``E1:expiry:2025``, an :class:`~teleaccord.entries.Expiry` on the day after the last
    usable one), the days carried out of it into the next period (``carried_out``, id
    ``E1:carry-over:2024``, a :class:`~teleaccord.entries.CarryOverIn` of the next period)
    and, with ``forfeited``, the days it ends with that are not carried
    (``balance.forfeited``, id ``E1:forfeited:2025``, a
    :class:`~teleaccord.entries.Forfeiture` with its reason). ``records`` holds the records
    already there by base id; when a figure differs from what they add up to (a late
    booking), the difference is recorded under the next id (``...#2``); nothing when equal.

    Returns:
        The base ids of the figures, in order, and the new records to append.

    Raises:
        InvalidValue: ``at`` is naive.
    """
    at = aware_datetime(at, "at")
    label = agreement.reference.label(period)
    nxt = period_containing(agreement, period.end + timedelta(days=1))
    wanted: list[tuple[str, Fraction]] = [
        (f"{employee}:expiry:{label}", balance.expired),
        (f"{employee}:carry-over:{label}", carried_out),
    ]
    if forfeited:
        wanted.append((f"{employee}:forfeited:{label}", balance.forfeited))
    new: list[RolloverRecord] = []
    for base, figure in wanted:
        earlier = records.get(base, ())
        difference = figure - sum((r.amount for r in earlier), Fraction(0))
        if difference == 0:
            continue
        entry_id = f"{base}#{len(earlier) + 1}" if earlier else base
        kind = base[len(employee) + 1 :].partition(":")[0]
        if kind == "forfeited":
            reason = forfeit_reason(agreement, period)
            new.append(
                Forfeiture(
                    entry_id=entry_id,
                    period=period,
                    amount=difference,
                    recorded_at=at,
                    by=by,
                    reason=reason,
                )
            )
        elif kind == "expiry":
            rule = agreement_in_force(agreement, period.start).carry_over
            last = rule.last_usable_day(period)
            day = period.start if last is None else last + timedelta(days=1)
            new.append(
                Expiry(
                    entry_id=entry_id,
                    period=period,
                    day=day,
                    amount=difference,
                    recorded_at=at,
                    by=by,
                )
            )
        else:
            new.append(
                CarryOverIn(
                    entry_id=entry_id,
                    period=nxt,
                    from_period=period,
                    amount=difference,
                    recorded_at=at,
                    by=by,
                )
            )
    return tuple(base for base, _ in wanted), tuple(new)
