"""Prerequisites of telework: attestations with a validity period, and what their expiry does.

An agreement's :class:`~teleaccord.charter.Charter` lists the attestations it requires before
telework (:class:`~teleaccord.charter.Requirement`: home workplace adequacy, home insurance,
electrical conformity, internet connection, equipment handed over), each valid a number of
days. An employee's :class:`Attestation` values say what was given and when. Then:

- :func:`missing_prerequisites` lists what is missing or expired on a day: an arrangement
  cannot be approved without every required attestation valid on its first day (the
  ``prerequisites valid`` guard of :mod:`teleaccord.arrangement`);
- :func:`prerequisite_check` says what a booking on a day gets after an expiry: refused
  (``prerequisite_expired`` / ``prerequisite_missing``) or warned
  (``prerequisite_expiry_warning``), as the charter's ``on_expiry`` says;
  :func:`prerequisite_booking_rule` is the refusing half as a booking rule of
  :mod:`teleaccord.rules`;
- :func:`expiring_attestations` reports what expires within N days (or has expired).

>>> from datetime import date
>>> from teleaccord import (
...     Agreement,
...     Attestation,
...     Charter,
...     Requirement,
...     missing_prerequisites,
...     valid_until,
... )
>>> accord = Agreement(name="a", charter=Charter(prerequisites=[
...     Requirement(kind="home-insurance", valid_days=365), Requirement(kind="electrical")]))
>>> given = [Attestation(employee="ana", kind="home-insurance", issued=date(2024, 9, 1))]
>>> [v.code for v in missing_prerequisites(accord, given, "ana", date(2025, 3, 1))]
['prerequisite_missing']
>>> valid_until(given[0], accord.charter.prerequisites[0])
datetime.date(2025, 8, 31)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from teleaccord.agreement import Agreement
from teleaccord.charter import OnExpiry, Requirement
from teleaccord.dates import parse_date
from teleaccord.errors import InvalidValue, Violation
from teleaccord.validators import non_empty_text

if TYPE_CHECKING:
    from teleaccord.rules import BookingContext, Rule

__all__ = [
    "Attestation",
    "ExpiringAttestation",
    "PrerequisiteCheck",
    "PrerequisiteReport",
    "expiring_attestations",
    "missing_prerequisites",
    "prerequisite_booking_rule",
    "prerequisite_check",
    "prerequisites_report",
    "valid_until",
]

_TEXT = non_empty_text(code="empty_text", message="{field}: must not be empty.")


def _kind(value: Any) -> str:
    return str(value).strip().lower()


def _issued(value: Any) -> date:
    return parse_date(value, field="issued")


def _expires(value: Any) -> date | None:
    return None if value is None else parse_date(value, field="expires")


def _check_expires(instance: Attestation, attribute: Any, value: date | None) -> None:
    if value is not None and value < instance.issued:
        msg = f"expires: {value} is before the attestation's issue date {instance.issued}."
        raise InvalidValue(msg, field="expires", code="range_end_before_start")


@attrs.frozen(kw_only=True)
class Attestation:
    """An attestation an employee gave (or the employer recorded).

    Attributes:
        employee: whose it is.
        kind: what it attests, as the requirement names it (``home-insurance``).
        issued: the first day it is valid.
        expires: its own last valid day, when it says one (else the requirement's
            ``valid_days`` from ``issued`` decide; neither: no expiry).
        reference: its identifier or document reference, free text (the ``id`` column of
            an attestations file).
        source: where the record comes from (an HRIS, a form, a file).
    """

    employee: str = attrs.field(validator=_TEXT)
    kind: str = attrs.field(converter=_kind, validator=_TEXT)
    issued: date = attrs.field(converter=_issued)
    expires: date | None = attrs.field(default=None, converter=_expires, validator=_check_expires)
    reference: str = ""
    source: str = ""


def valid_until(attestation: Attestation, requirement: Requirement | None = None) -> date | None:
    """The last day ``attestation`` is valid: its own ``expires``, else ``issued`` plus the
    requirement's ``valid_days`` minus one, else ``None`` (no expiry).

    >>> from teleaccord import Attestation, Requirement, valid_until
    >>> valid_until(Attestation(employee="a", kind="internet", issued="2025-01-01"),
    ...             Requirement(kind="internet", valid_days=30))
    datetime.date(2025, 1, 30)
    """
    if attestation.expires is not None:
        return attestation.expires
    if requirement is not None and requirement.valid_days is not None:
        return attestation.issued + timedelta(days=requirement.valid_days - 1)
    return None


def _requirements(agreement: Agreement) -> tuple[Requirement, ...]:
    return agreement.charter.prerequisites if agreement.charter is not None else ()


def _best(
    requirement: Requirement, attestations: Iterable[Attestation], employee: str, day: date
) -> tuple[Attestation | None, date | None]:
    """The attestation of that kind valid on ``day`` (the one lasting longest), else the
    latest one given before ``day`` (expired), with its last valid day."""
    valid, expired = _best_and_expired(requirement, attestations, employee, day)
    if valid is not None:
        return valid
    if expired is not None:
        return None, expired[1]
    return None, None


def _best_and_expired(
    requirement: Requirement, attestations: Iterable[Attestation], employee: str, day: date
) -> tuple[tuple[Attestation, date | None] | None, tuple[Attestation, date | None] | None]:
    valid: tuple[Attestation, date | None] | None = None
    latest: tuple[Attestation, date | None] | None = None
    for a in attestations:
        if a.employee != employee or a.kind != requirement.kind or a.issued > day:
            continue
        until = valid_until(a, requirement)
        if until is None or until >= day:
            if valid is None or (valid[1] is not None and (until is None or until > valid[1])):
                valid = (a, until)
        elif latest is None or (latest[1] is not None and until > latest[1]):
            latest = (a, until)
    return valid, latest


def missing_prerequisites(
    agreement: Agreement, attestations: Iterable[Attestation], employee: str, day: date
) -> tuple[Violation, ...]:
    """The required attestations ``employee`` lacks on ``day``: ``prerequisite_missing``
    (never given) or ``prerequisite_expired`` (given, expired before ``day``)."""
    given = tuple(attestations)
    found = []
    for requirement in _requirements(agreement):
        attestation, until = _best(requirement, given, employee, day)
        if attestation is not None:
            continue
        params = {
            "employee": employee,
            "kind": requirement.kind,
            "valid_days": requirement.valid_days,
        }
        if until is None:
            found.append(
                Violation(
                    code="prerequisite_missing",
                    message=(
                        f"{employee} has no {requirement.kind} attestation valid on "
                        f"{day.isoformat()}; the agreement requires one before telework."
                    ),
                    day=day,
                    params=params,
                )
            )
        else:
            found.append(
                Violation(
                    code="prerequisite_expired",
                    message=(
                        f"{employee}'s {requirement.kind} attestation expired on "
                        f"{until.isoformat()}; give a new one before telework on "
                        f"{day.isoformat()}."
                    ),
                    day=day,
                    params={**params, "expired_on": until},
                )
            )
    return tuple(found)


@attrs.frozen(kw_only=True)
class PrerequisiteCheck:
    """What a booking on a day gets from the prerequisites.

    Attributes:
        refusals: violations that refuse the booking (the charter says ``refuse``).
        warnings: ``prerequisite_expiry_warning`` warnings (the charter says ``warn``).
    """

    refusals: tuple[Violation, ...] = ()
    warnings: tuple[Violation, ...] = ()


def prerequisite_check(
    agreement: Agreement, attestations: Iterable[Attestation], employee: str, day: date
) -> PrerequisiteCheck:
    """Refusals or warnings for a booking of ``employee`` on ``day``, as the charter's
    ``on_expiry`` says.

    >>> from datetime import date
    >>> from teleaccord import Agreement, Attestation, Charter, Requirement, prerequisite_check
    >>> warn = Agreement(name="w", charter=Charter(on_expiry="warn",
    ...     prerequisites=[Requirement(kind="internet", valid_days=30)]))
    >>> given = [Attestation(employee="ana", kind="internet", issued="2025-01-01")]
    >>> check = prerequisite_check(warn, given, "ana", date(2025, 2, 3))
    >>> check.refusals, [w.code for w in check.warnings]
    ((), ['prerequisite_expiry_warning'])
    """
    found = missing_prerequisites(agreement, attestations, employee, day)
    if not found:
        return PrerequisiteCheck()
    charter = agreement.charter
    if charter is not None and charter.on_expiry is OnExpiry.WARN:
        warnings = tuple(
            Violation(
                code="prerequisite_expiry_warning",
                message=v.message.replace("give a new one before", "telework goes ahead on")
                if v.code == "prerequisite_expired"
                else v.message,
                day=v.day,
                params={**dict(v.params), "reason": v.code},
            )
            for v in found
        )
        return PrerequisiteCheck(warnings=warnings)
    return PrerequisiteCheck(refusals=found)


def prerequisite_booking_rule(attestations: Iterable[Attestation]) -> Rule:
    """:func:`prerequisite_check`'s refusals as a booking rule of :mod:`teleaccord.rules`, to
    run beside the agreement's rules (``rules=(*BOOKING_RULES, prerequisite_booking_rule(...))``).
    When the charter says ``warn``, the rule refuses nothing: ask :func:`prerequisite_check`
    for the warnings."""
    given = tuple(attestations)

    def rule(context: BookingContext) -> tuple[Violation, ...]:
        return prerequisite_check(
            context.agreement, given, context.contract.employee, context.day
        ).refusals

    return rule


@attrs.frozen(kw_only=True)
class ExpiringAttestation:
    """A required attestation that expires soon, has expired, or is missing.

    Attributes:
        employee: whose.
        kind: the attestation.
        status: ``"expiring"`` (within the days asked), ``"expired"`` or ``"missing"``.
        valid_until: its last valid day (``None`` when missing).
        days_left: days from the report's date to ``valid_until`` (negative: expired).
        reference: the reference of the attestation concerned (empty when missing).
    """

    employee: str
    kind: str
    status: str
    valid_until: date | None
    days_left: int | None
    reference: str = ""


def expiring_attestations(
    agreement: Agreement,
    attestations: Iterable[Attestation],
    as_of: date,
    within_days: int,
    *,
    employees: Iterable[str] = (),
) -> tuple[ExpiringAttestation, ...]:
    """What expires within ``within_days`` days of ``as_of`` (included), what has expired, and
    what is missing, for every employee with an attestation (and ``employees``), sorted by
    date then employee.

    >>> from datetime import date
    >>> from teleaccord import Agreement, Attestation, Charter, Requirement, expiring_attestations
    >>> accord = Agreement(name="a", charter=Charter(
    ...     prerequisites=[Requirement(kind="home-insurance", valid_days=365)]))
    >>> given = [Attestation(employee="ana", kind="home-insurance", issued="2024-04-01"),
    ...          Attestation(employee="bob", kind="home-insurance", issued="2024-01-01")]
    >>> [(e.employee, e.status, e.days_left)
    ...  for e in expiring_attestations(accord, given, date(2025, 3, 1), 60)]
    [('bob', 'expired', -61), ('ana', 'expiring', 30)]
    """
    if isinstance(within_days, bool) or within_days < 0:
        msg = f"within_days: expected a number of days of at least 0, got {within_days!r}."
        raise InvalidValue(msg, field="within_days", code="invalid_validity")
    given = tuple(attestations)
    people = sorted({a.employee for a in given} | set(employees))
    found = []
    for requirement in _requirements(agreement):
        for employee in people:
            valid, expired = _best_and_expired(requirement, given, employee, as_of)
            if valid is None and expired is None:
                found.append(
                    ExpiringAttestation(
                        employee=employee,
                        kind=requirement.kind,
                        status="missing",
                        valid_until=None,
                        days_left=None,
                    )
                )
                continue
            attestation, until = valid if valid is not None else expired  # type: ignore[misc]
            if until is None:
                continue  # valid, no expiry
            left = (until - as_of).days
            if valid is None:
                status = "expired"
            elif left <= within_days:
                status = "expiring"
            else:
                continue
            found.append(
                ExpiringAttestation(
                    employee=employee,
                    kind=requirement.kind,
                    status=status,
                    valid_until=until,
                    days_left=left,
                    reference=attestation.reference,
                )
            )
    return tuple(sorted(found, key=lambda e: (e.valid_until or date.min, e.employee, e.kind)))


@attrs.frozen(kw_only=True)
class PrerequisiteReport:
    """What :func:`prerequisites_report` found: the attestations that expire within the days
    asked, and who lacks a valid one (expired or never given), as data.

    Attributes:
        as_of: the day the report is made for.
        within_days: how far ahead it looks (days after ``as_of``, included).
        employees: the employees considered (sorted).
        requirements: the attestations the agreement requires (their kinds).
        items: one :class:`ExpiringAttestation` per finding, sorted by date then employee
            (missing ones first).
    """

    as_of: date
    within_days: int
    employees: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    items: tuple[ExpiringAttestation, ...] = ()

    def with_status(self, status: str) -> tuple[ExpiringAttestation, ...]:
        """The items of one status: ``"expiring"``, ``"expired"`` or ``"missing"``."""
        return tuple(i for i in self.items if i.status == status)

    @property
    def lacking(self) -> tuple[str, ...]:
        """The employees without a valid attestation of some required kind on ``as_of``
        (expired or missing): they cannot telework until they give one."""
        return tuple(sorted({i.employee for i in self.items if i.status != "expiring"}))

    def counts(self) -> dict[str, int]:
        """How many items of each status (``expiring``, ``expired``, ``missing``)."""
        return {s: len(self.with_status(s)) for s in ("expiring", "expired", "missing")}

    def describe(self) -> str:
        """One paragraph for people.

        >>> from datetime import date
        >>> from teleaccord import PrerequisiteReport
        >>> PrerequisiteReport(as_of=date(2025, 3, 1), within_days=30).describe()
        'Prerequisites on 2025-03-01 (expiring by 2025-03-31): 0 employees, 0 expiring, 0 expired, 0 missing.'
        """
        counts = self.counts()
        until = self.as_of + timedelta(days=self.within_days)
        text = (
            f"Prerequisites on {self.as_of.isoformat()} (expiring by {until.isoformat()}): "
            f"{len(self.employees)} employees, {counts['expiring']} expiring, "
            f"{counts['expired']} expired, {counts['missing']} missing."
        )
        if self.lacking:
            text += f" Without a valid attestation: {', '.join(self.lacking)}."
        return text


def prerequisites_report(
    agreement: Agreement,
    attestations: Iterable[Attestation],
    as_of: date,
    within_days: int,
    *,
    employees: Iterable[str] = (),
) -> PrerequisiteReport:
    """The report behind ``teleaccord prerequisites``: :func:`expiring_attestations` for
    every employee with an attestation (and ``employees``, so that someone who never gave
    any is listed as missing), with who lacks a valid one.

    Raises:
        InvalidValue: ``within_days`` below 0 (``invalid_validity``).

    >>> from datetime import date
    >>> from teleaccord import Agreement, Attestation, Charter, Requirement, prerequisites_report
    >>> accord = Agreement(name="a", charter=Charter(
    ...     prerequisites=[Requirement(kind="home-insurance", valid_days=365)]))
    >>> given = [Attestation(employee="ana", kind="home-insurance", issued="2024-04-01")]
    >>> report = prerequisites_report(accord, given, date(2025, 3, 1), 60, employees=["cy"])
    >>> [(i.employee, i.status, i.days_left) for i in report.items], report.lacking
    ([('cy', 'missing', None), ('ana', 'expiring', 30)], ('cy',))
    """
    given = tuple(attestations)
    people = tuple(sorted({a.employee for a in given} | set(employees)))
    items = expiring_attestations(agreement, given, as_of, within_days, employees=people)
    return PrerequisiteReport(
        as_of=as_of,
        within_days=within_days,
        employees=people,
        requirements=tuple(r.kind for r in _requirements(agreement)),
        items=items,
    )
