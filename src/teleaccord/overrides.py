"""Individual terms: an employee's own telework terms within the collective agreement's bounds.

An employee may have terms of their own, agreed individually or recommended by the
occupational doctor (médecin du travail). :class:`IndividualTerms` holds them; the precedence
is explicit and always the same:

1. the **collective** figure: the agreement's entitlement (prorated) and its weekly maximum;
2. a **personal cap** lowers them (``personal_cap`` per period, ``weekly_maximum`` a week: an
   individual rhythm). It stays within the collective bounds: a personal figure above the
   agreement's is refused (``above_collective_bound``);
3. a **medical recommendation** raises them (``medical_days`` per period at least,
   ``medical_weekly_maximum`` a week): the only terms that may go beyond the collective bounds,
   and they take precedence over a personal cap.

:func:`~teleaccord.entitlements.entitlement` applies the period figures when given ``terms``
and says in ``explanation.overrides`` which rule applied; :func:`apply_terms` gives the
agreement whose weekly quota is the employee's, for a ledger to check bookings against.

>>> from fractions import Fraction
>>> from teleaccord import Agreement, IndividualTerms, Quota, apply_terms
>>> a = Agreement(name="x", quotas=[Quota(window="period", maximum=100, prorate=True),
...                                 Quota(window="week", maximum=3)])
>>> mine = apply_terms(a, IndividualTerms(employee="E1", weekly_maximum=2))
>>> [q.maximum for q in mine.quotas_for("week")]
[Fraction(2, 1)]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, overload

import attrs

from teleaccord.agreement import Agreement, Quota, Window
from teleaccord.amounts import format_amount, parse_amount
from teleaccord.errors import InvalidValue
from teleaccord.versions import AgreementHistory

__all__ = ["IndividualTerms", "apply_terms", "check_terms"]


def _optional_days(value: Any) -> Fraction | None:
    return None if value is None else parse_amount(value, field="days")


def _non_negative(instance: IndividualTerms, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < 0:
        msg = f"{attribute.name}: a number of days is not negative, got {format_amount(value)}."
        raise InvalidValue(msg, field=attribute.name, code="negative_amount")


@attrs.frozen(kw_only=True)
class IndividualTerms:
    """One employee's own terms (see the module for the precedence).

    Attributes:
        employee: the employee they apply to.
        personal_cap: at most this many days per reference period (not prorated), at most
            the collective maximum.
        weekly_maximum: an individual rhythm, at most this many days a week, at most the
            collective weekly maximum.
        medical_days: a medical recommendation: at least this many days per period, above
            the collective figure if need be.
        medical_weekly_maximum: a medical recommendation allowing this many days a week,
            above the collective weekly maximum if need be.
        medical_source: the recommendation's reference (its date, who made it), named in
            explanations.

    >>> from teleaccord import IndividualTerms
    >>> IndividualTerms(employee="E1", medical_days=150, medical_source="médecin du travail, 2025-03-02").medical_days
    Fraction(150, 1)
    """

    employee: str
    personal_cap: Fraction | None = attrs.field(
        default=None, converter=_optional_days, validator=_non_negative
    )
    weekly_maximum: Fraction | None = attrs.field(
        default=None, converter=_optional_days, validator=_non_negative
    )
    medical_days: Fraction | None = attrs.field(
        default=None, converter=_optional_days, validator=_non_negative
    )
    medical_weekly_maximum: Fraction | None = attrs.field(
        default=None, converter=_optional_days, validator=_non_negative
    )
    medical_source: str = ""

    @property
    def medical(self) -> str:
        """How the medical recommendation is named in explanations."""
        return "a medical recommendation" + (
            f" ({self.medical_source})" if self.medical_source else ""
        )


def check_terms(agreement: Agreement | AgreementHistory, terms: IndividualTerms) -> None:
    """Refuse personal terms above the agreement's bounds (``above_collective_bound``); the
    medical figures are not bounded. Under an
    :class:`~teleaccord.versions.AgreementHistory`, an individual rhythm is checked against
    every version's weekly maximum, and a personal cap against the largest period maximum of
    the versions (the period figure is prorated across them).

    >>> from teleaccord import Agreement, IndividualTerms, Quota, check_terms
    >>> a = Agreement(name="x", quotas=[Quota(window="week", maximum=2)])
    >>> check_terms(a, IndividualTerms(employee="E1", weekly_maximum=3))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: weekly_maximum: 3 days a week is above the agreement's 2; only a medical recommendation may go beyond it.
    """
    if isinstance(agreement, AgreementHistory):
        weekly_only = attrs.evolve(terms, personal_cap=None)
        for version in agreement.versions:
            check_terms(version.agreement, weekly_only)
        if terms.personal_cap is None:
            return
        envelopes = [
            q.maximum
            for v in agreement.versions
            if (q := v.agreement.period_quota) is not None and q.maximum is not None
        ]
        if envelopes:
            widest = max(envelopes)
            check_terms(
                Agreement(name=agreement.name, quotas=[Quota(window="period", maximum=widest)]),
                attrs.evolve(terms, weekly_maximum=None),
            )
        return
    envelope = agreement.period_quota
    if (
        terms.personal_cap is not None
        and envelope is not None
        and envelope.maximum is not None
        and terms.personal_cap > envelope.maximum
    ):
        raise _above_bound(terms, "personal_cap", "days", terms.personal_cap, envelope.maximum)
    if terms.weekly_maximum is not None:
        for quota in agreement.quotas_for(Window.WEEK):
            if quota.maximum is not None and terms.weekly_maximum > quota.maximum:
                raise _above_bound(
                    terms, "weekly_maximum", "days a week", terms.weekly_maximum, quota.maximum
                )


def _above_bound(
    terms: IndividualTerms, field: str, unit: str, value: Fraction, bound: Fraction
) -> InvalidValue:
    """The refusal of a personal figure (``field``, counted in ``unit``) above the agreement's
    ``bound``: code ``above_collective_bound``."""
    msg = (
        f"{field}: {format_amount(value)} {unit} is above the agreement's "
        f"{format_amount(bound)}; only a medical recommendation may go beyond it."
    )
    params = {"employee": terms.employee, "value": value, "bound": bound}
    return InvalidValue(msg, field=field, code="above_collective_bound", params=params)


@overload
def apply_terms(agreement: Agreement, terms: IndividualTerms) -> Agreement: ...
@overload
def apply_terms(agreement: AgreementHistory, terms: IndividualTerms) -> AgreementHistory: ...
def apply_terms(
    agreement: Agreement | AgreementHistory, terms: IndividualTerms
) -> Agreement | AgreementHistory:
    """The agreement as it applies to the employee: its weekly maximum replaced by the medical
    one when there is one, else lowered to the individual rhythm (checked by
    :func:`check_terms`). The period quota is left as it is: the period figures apply to the
    entitlement (``entitlement(..., terms=terms)``). Under an
    :class:`~teleaccord.versions.AgreementHistory`, every version is changed the same way
    (the individual terms outlive a change of agreement).

    >>> from datetime import date
    >>> from teleaccord import (Agreement, AgreementHistory, AgreementVersion, IndividualTerms,
    ...     Quota, apply_terms)
    >>> def accord(name, week):
    ...     return Agreement(name=name, quotas=[Quota(window="week", maximum=week)])
    >>> h = AgreementHistory(name="h", versions=[
    ...     AgreementVersion(agreement=accord("a", 2), start="2025-01-01"),
    ...     AgreementVersion(agreement=accord("b", 3), start="2025-07-01")])
    >>> mine = apply_terms(h, IndividualTerms(employee="E1", weekly_maximum=1))
    >>> [v.agreement.quotas[0].maximum for v in mine.versions]
    [Fraction(1, 1), Fraction(1, 1)]
    """
    check_terms(agreement, terms)
    if isinstance(agreement, AgreementHistory):
        return attrs.evolve(
            agreement,
            versions=[
                attrs.evolve(v, agreement=apply_terms(v.agreement, terms))
                for v in agreement.versions
            ],
        )
    weekly = terms.medical_weekly_maximum or terms.weekly_maximum
    if weekly is None:
        return agreement
    quotas: list[Quota] = []
    found = False
    for quota in agreement.quotas:
        if quota.window is Window.WEEK and quota.maximum is not None:
            found = True
            quotas.append(attrs.evolve(quota, maximum=weekly, label=quota.label or "individual"))
        else:
            quotas.append(quota)
    if not found:
        quotas.append(Quota(window="week", maximum=weekly, label="individual"))
    return attrs.evolve(agreement, quotas=tuple(quotas))


def apply_period_terms(
    collective: Fraction, terms: IndividualTerms | None
) -> tuple[Fraction, tuple[str, ...]]:
    """The period figure after the individual terms, and which rule applied, in words."""
    if terms is None:
        return collective, ()
    figure = collective
    said: list[str] = []
    f = format_amount
    if terms.personal_cap is not None:
        if figure > terms.personal_cap:
            figure = terms.personal_cap
            said.append(
                f"The personal cap of {f(terms.personal_cap)} days applies (the collective "
                f"figure is {f(collective)})."
            )
        else:
            said.append(
                f"The personal cap of {f(terms.personal_cap)} days does not bind (the collective "
                f"figure is {f(collective)})."
            )
    if terms.medical_days is not None:
        if figure < terms.medical_days:
            said.append(
                f"{terms.medical[0].upper()}{terms.medical[1:]} allows {f(terms.medical_days)} "
                f"days, more than {f(figure)}; it takes precedence over the collective figure "
                "and any personal cap."
            )
            figure = terms.medical_days
        else:
            said.append(
                f"{terms.medical[0].upper()}{terms.medical[1:]} of {f(terms.medical_days)} days "
                f"does not raise {f(figure)}."
            )
    return figure, tuple(said)
