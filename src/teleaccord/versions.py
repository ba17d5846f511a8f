"""Agreements over time: successive agreements, or successive versions of one.

An employee's history can run under an experimental accord followed by the permanent one, or
under an accord amended from a date (100 days a year, then 120 from 1 July). An
:class:`AgreementHistory` lists those :class:`AgreementVersion` values with the first day each
is in force; each day is governed by the version in force that day.

- A period's entitlement is prorated across versions: each version's quota over its own days,
  on the presence basis, with the rounding, of the version in force on the period's last day
  (:func:`~teleaccord.entitlements.entitlement` accepts a history where it accepts an
  agreement, and its explanation names each version).
- The carry-over into a period follows the rule in force on that period's first day (the
  carry cap is that of the next period's first day): carry-over across a switch follows the
  new version's rule.
- Every version has the same reference period (a history whose periods changed shape would
  have no period to prorate over).

>>> from datetime import date
>>> from teleaccord import Agreement, AgreementHistory, AgreementVersion, Quota
>>> v1 = Agreement(name="accord 2024", quotas=[Quota(window="period", maximum=100, prorate=True)])
>>> v2 = Agreement(name="amendment 1", quotas=[Quota(window="period", maximum=120, prorate=True)])
>>> h = AgreementHistory(name="accord", versions=[
...     AgreementVersion(agreement=v1, start=date(2024, 1, 1)),
...     AgreementVersion(agreement=v2, start=date(2024, 7, 1))])
>>> h.in_force(date(2024, 6, 30)).name, h.in_force(date(2024, 7, 1)).name
('accord 2024', 'amendment 1')
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import attrs

from teleaccord.agreement import DEFAULT_POOL, OPEN_END, Agreement, ReferencePeriod
from teleaccord.dates import DateRange, parse_date
from teleaccord.errors import InvalidValue

__all__ = [
    "AgreementHistory",
    "AgreementVersion",
    "agreement_in_force",
    "governing_agreement",
    "pool_terms",
]

_ONE_DAY = timedelta(days=1)

# The pool histories asked for lately, keyed on the history's identity and the pool; the entry
# holds the history, so its id cannot be reused while it lives (the identity check guards).
_POOL_MEMO: dict[tuple[int, str], tuple[AgreementHistory, AgreementHistory]] = {}
_POOL_MEMO_SIZE = 256
_POOL_MEMO_LOCK = threading.Lock()


def _start(value: Any) -> date:
    return parse_date(value, field="versions.start")


def _optional_end(value: Any) -> date | None:
    return None if value is None else parse_date(value, field="versions.end")


def _check_end(instance: AgreementVersion, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < instance.start:
        msg = f"versions.end: a version ends ({value}) on or after it starts ({instance.start})."
        raise InvalidValue(msg, field="versions.end", code="range_end_before_start")


@attrs.frozen(kw_only=True)
class AgreementVersion:
    """One agreement (or one version of an agreement) and the days it is in force.

    ``start`` is its first day; ``end`` its last (``None``: until the next version starts, or
    for ever when it is the last one).

    >>> from datetime import date
    >>> from teleaccord import Agreement, AgreementVersion
    >>> AgreementVersion(agreement=Agreement(name="x"), start="2024-01-01").start
    datetime.date(2024, 1, 1)
    """

    agreement: Agreement = attrs.field(validator=attrs.validators.instance_of(Agreement))
    start: date = attrs.field(converter=_start)
    end: date | None = attrs.field(default=None, converter=_optional_end, validator=_check_end)


def _versions(value: Iterable[AgreementVersion]) -> tuple[AgreementVersion, ...]:
    versions = tuple(value)
    if not all(isinstance(v, AgreementVersion) for v in versions):
        return versions  # unsorted: the validator names the item that is not a version
    return tuple(sorted(versions, key=lambda v: v.start))


def _check_versions(
    instance: AgreementHistory, attribute: attrs.Attribute[Any], value: Any
) -> None:
    versions: tuple[AgreementVersion, ...] = value
    if not versions:
        msg = "versions: a history needs at least one agreement version."
        raise InvalidValue(msg, field="versions", code="no_versions")
    for index, version in enumerate(versions):
        if not isinstance(version, AgreementVersion):
            msg = f"versions[{index}]: expected an AgreementVersion, got {type(version).__name__}."
            raise InvalidValue(msg, field=f"versions[{index}]", code="invalid_type")
    first = versions[0].agreement.reference
    for index, (before, after) in enumerate(itertools.pairwise(versions), start=1):
        if before.start == after.start or (before.end is not None and before.end >= after.start):
            msg = (
                f"versions[{index}]: {after.agreement.name!r} starts on {after.start}, while "
                f"{before.agreement.name!r} is still in force; versions cannot overlap."
            )
            raise InvalidValue(msg, field=f"versions[{index}].start", code="versions_overlap")
    for index, version in enumerate(versions):
        if version.agreement.reference != first:
            msg = (
                f"versions[{index}]: {version.agreement.name!r} has another reference period "
                "than the first version; every version of a history shares one."
            )
            raise InvalidValue(msg, field=f"versions[{index}].reference", code="reference_differs")


@attrs.frozen(kw_only=True)
class AgreementHistory:
    """Successive agreements or versions of one, each in force from its start day.

    Validated: at least one version, sorted by start, not overlapping, one reference period.
    Days before the first version (or in a gap between versions) are governed by none: they
    count as absent in entitlements.

    >>> from datetime import date
    >>> from teleaccord import Agreement, AgreementHistory, AgreementVersion
    >>> AgreementHistory(name="h", versions=[
    ...     AgreementVersion(agreement=Agreement(name="a"), start="2024-01-01", end="2024-12-31"),
    ...     AgreementVersion(agreement=Agreement(name="b"), start="2024-06-01")])
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: versions[1]: 'b' starts on 2024-06-01, while 'a' is still in force; versions cannot overlap.
    """

    name: str
    versions: tuple[AgreementVersion, ...] = attrs.field(
        converter=_versions, validator=_check_versions
    )

    @classmethod
    def single(cls, agreement: Agreement) -> AgreementHistory:
        """A history of one agreement in force on every day (its own validity aside).

        >>> from teleaccord import Agreement, AgreementHistory
        >>> AgreementHistory.single(Agreement(name="x")).versions[0].start
        datetime.date(1, 1, 1)
        """
        return cls(
            name=agreement.name, versions=(AgreementVersion(agreement=agreement, start=date.min),)
        )

    @property
    def reference(self) -> ReferencePeriod:
        """The reference period every version shares."""
        return self.versions[0].agreement.reference

    def span(self, index: int) -> DateRange:
        """The days version ``index`` is in force."""
        version = self.versions[index]
        end = version.end
        if end is None:
            end = (
                self.versions[index + 1].start - _ONE_DAY
                if index + 1 < len(self.versions)
                else OPEN_END
            )
        return DateRange(version.start, end)

    def in_force(self, day: date) -> Agreement | None:
        """The agreement in force on ``day`` (``None``: no version governs it)."""
        for index in range(len(self.versions) - 1, -1, -1):
            if self.versions[index].start <= day:
                return self.versions[index].agreement if day in self.span(index) else None
        return None

    def spans(self, period: DateRange) -> tuple[tuple[Agreement, DateRange], ...]:
        """Each version in force during ``period``, with its days inside it, in order.

        >>> from datetime import date
        >>> from teleaccord import Agreement, AgreementHistory, AgreementVersion, year_range
        >>> h = AgreementHistory(name="h", versions=[
        ...     AgreementVersion(agreement=Agreement(name="a"), start="2024-01-01"),
        ...     AgreementVersion(agreement=Agreement(name="b"), start="2024-07-01")])
        >>> [(a.name, str(days)) for a, days in h.spans(year_range(2024))]
        [('a', '2024-01-01..2024-06-30'), ('b', '2024-07-01..2024-12-31')]
        """
        found = []
        for index, version in enumerate(self.versions):
            days = self.span(index).intersection(period)
            if days is not None:
                found.append((version.agreement, days))
        return tuple(found)

    @property
    def pool_names(self) -> tuple[str, ...]:
        """``default`` and the names of the pools of every version, in order of appearance.

        >>> from teleaccord import Agreement, AgreementHistory, AgreementVersion, Pool
        >>> fixed = Pool(name="fixed", kinds=["regular"])
        >>> AgreementHistory(name="h", versions=[
        ...     AgreementVersion(agreement=Agreement(name="a"), start="2024-01-01"),
        ...     AgreementVersion(agreement=Agreement(name="b", pools=[fixed]), start="2024-07-01"),
        ... ]).pool_names
        ('default', 'fixed')
        """
        names: dict[str, None] = {}
        for version in self.versions:
            names.update(dict.fromkeys(version.agreement.pool_names))
        return tuple(names)

    def pool_history(self, pool: str) -> AgreementHistory:
        """The history of one pool's terms: each version replaced by its
        :meth:`~teleaccord.agreement.Agreement.pool_agreement` (``default``: the history
        itself; ``total``: the total quotas), with the same days in force and names, so an
        entitlement of the pool is prorated across versions and its explanation names them. A
        version without that pool keeps its name and days with no quota (it grants nothing of
        the pool on its days).

        Raises:
            InvalidValue: no version has this pool (code ``unknown_pool``).

        >>> from datetime import date
        >>> from teleaccord import (Agreement, AgreementHistory, AgreementVersion, Pool,
        ...     Quota)
        >>> def flexible(days):
        ...     return [Pool(name="flexible", kinds=["occasional"],
        ...                  quotas=[Quota(window="period", maximum=days, prorate=True)])]
        >>> h = AgreementHistory(name="h", versions=[
        ...     AgreementVersion(agreement=Agreement(name="a", pools=flexible(10)), start="2024-01-01"),
        ...     AgreementVersion(agreement=Agreement(name="b", pools=flexible(20)), start="2024-07-01")])
        >>> [(v.agreement.name, v.agreement.period_quota.maximum) for v in h.pool_history("flexible").versions]
        [('a', Fraction(10, 1)), ('b', Fraction(20, 1))]
        """
        if pool == DEFAULT_POOL:
            return self
        key = (id(self), pool)
        hit = _POOL_MEMO.get(key)
        if hit is not None and hit[0] is self:
            return hit[1]
        found = self._pool_history(pool)
        with _POOL_MEMO_LOCK:
            while len(_POOL_MEMO) >= _POOL_MEMO_SIZE:
                del _POOL_MEMO[next(iter(_POOL_MEMO))]  # the oldest entry
            _POOL_MEMO[key] = (self, found)
        return found

    def _pool_history(self, pool: str) -> AgreementHistory:
        """:meth:`pool_history`, computed (what it memoises: the booking rules ask for it on
        every check, and the entitlement memo is keyed on the object's identity)."""
        if pool != "total" and pool not in self.pool_names:
            self.versions[-1].agreement.pool_agreement(pool)  # raises unknown_pool
        versions = []
        for version in self.versions:
            terms = version.agreement
            if pool == "total" or pool in terms.pool_names:
                terms = terms.pool_agreement(pool)
            else:
                terms = attrs.evolve(terms, quotas=(), extras=(), pools=(), total=())
            versions.append(attrs.evolve(version, agreement=terms))
        return AgreementHistory(name=self.name, versions=versions)

    def governing(self, period: DateRange) -> Agreement:
        """The version whose presence basis, rounding and accrual apply to ``period``: the
        one in force on its last day, else the last one in force during it, else the first
        version that starts after it (else the last version)."""
        on_last = self.in_force(period.end)
        if on_last is not None:
            return on_last
        spans = self.spans(period)
        if spans:
            return spans[-1][0]
        for version in self.versions:
            if version.start > period.end:
                return version.agreement
        return self.versions[-1].agreement


def agreement_in_force(agreement: Agreement | AgreementHistory, day: date) -> Agreement:
    """The agreement governing ``day``: ``agreement`` itself, or the history's version in force
    (the nearest version when none is: the first one before it starts, the last one after).

    >>> from datetime import date
    >>> from teleaccord import Agreement, agreement_in_force
    >>> agreement_in_force(Agreement(name="x"), date(2024, 1, 1)).name
    'x'
    """
    if isinstance(agreement, Agreement):
        return agreement
    found = agreement.in_force(day)
    if found is not None:
        return found
    return agreement.governing(DateRange(day, day))


def pool_terms(agreement: Agreement | AgreementHistory, pool: str) -> Agreement | AgreementHistory:
    """The terms of one pool (``default``, a pool's name or ``total``) over time: an
    agreement's :meth:`~teleaccord.agreement.Agreement.pool_agreement`, or a history's
    :meth:`AgreementHistory.pool_history` (each version's pool quotas on its own days).

    >>> from teleaccord import Agreement, pool_terms
    >>> pool_terms(Agreement(name="x"), "default").name
    'x'
    """
    if isinstance(agreement, Agreement):
        return agreement.pool_agreement(pool)
    return agreement.pool_history(pool)


def governing_agreement(agreement: Agreement | AgreementHistory, period: DateRange) -> Agreement:
    """The agreement whose basis, rounding and accrual apply to ``period``
    (:meth:`AgreementHistory.governing`; an agreement governs itself).

    >>> from teleaccord import Agreement, governing_agreement, year_range
    >>> governing_agreement(Agreement(name="x"), year_range(2024)).name
    'x'
    """
    return agreement if isinstance(agreement, Agreement) else agreement.governing(period)
