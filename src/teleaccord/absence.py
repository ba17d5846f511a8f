"""Absences, and what counts as on site.

An :class:`Absence` is an immutable record of one employee away from work (paid leave, RTT,
sickness, parental leave, training, business travel, a client site, or a kind the agreement
names) over a range of days, optionally starting at noon or ending at noon (half-day
precision). It has an ``absence_id`` so that importing the same absence twice changes nothing,
and a ``source`` saying where it came from (an HRIS export, a file).

An absent person cannot telework: a telework booking on an absent half-day is refused
(``absent``), and recording an absence in a ledger cancels the bookings it overlaps. What an
absence counts as is the agreement's choice, per kind (an :class:`AbsenceKind`): whether the
day counts as a day **on site** for the on-site minimums (training at the office, travel to a
client), whether the person counts as **on site for coverage**, and whether a **long absence**
(more than :attr:`~teleaccord.agreement.Agreement.long_absence_days` consecutive days, an
option off by default) reduces the presence that prorates the entitlement.

>>> from datetime import date
>>> from teleaccord import Absence, DateRange, absence_kind
>>> a = Absence(absence_id="A1", employee="E1", days=DateRange(date(2024, 3, 4), date(2024, 3, 8)),
...             kind="paid_leave", end_half="am")
>>> a.mask_on(date(2024, 3, 4)), a.mask_on(date(2024, 3, 8)), a.mask_on(date(2024, 3, 9))
(3, 1, 0)
>>> absence_kind("training").on_site, absence_kind("paid_leave").on_site
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs

from teleaccord.dates import DateRange
from teleaccord.errors import InvalidValue
from teleaccord.pattern import HalfDay
from teleaccord.slots import slot_setters
from teleaccord.validators import country_code, instance_of, none_of

__all__ = [
    "ABSENCE_KINDS",
    "Absence",
    "AbsenceKind",
    "absence_kind",
    "absent_masks",
    "long_absence_days",
    "long_absence_share",
    "optional_half",
]

_FULL = 3
_ONE_DAY = timedelta(days=1)
_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_PLAIN = frozenset(
    {
        "paid_leave",
        "rtt",
        "sickness",
        "parental",
        "training",
        "business_travel",
        "client_site",
        "other",
    }
)


def _kind_name(value: Any) -> str:
    if value in _PLAIN:
        return str(value)
    text = str(value).strip().lower().replace(" ", "_") if isinstance(value, str) else value
    if not isinstance(text, str) or not _NAME.fullmatch(text):
        msg = (
            f"kind: an absence kind is a name such as 'paid_leave' or 'training' (letters, "
            f"digits, '_' or '-'), got {value!r}."
        )
        raise InvalidValue(msg, field="kind", code="invalid_absence_kind")
    return text


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name}: expected a non-empty text, got {value!r}."
        raise InvalidValue(msg, field=attribute.name, code="missing_value")


@attrs.frozen(kw_only=True)
class AbsenceKind:
    """What an agreement says about one kind of absence.

    Args:
        name: the kind (``paid_leave``, ``training``..., or a kind the agreement names).
        on_site: a day of this absence counts as a day on site for the on-site minimums
            (training at the office, business travel, a client site); otherwise the day is
            not a day the employee could be on site, and leaves the minimum's base.
        coverage: the absent person counts as on site for team coverage (a training session
            held in the office); otherwise they are neither on site nor among the people
            working that half-day.
        reduces_presence: a long absence of this kind (more than the agreement's
            ``long_absence_days``) reduces the presence that prorates the entitlement.
        label: the kind's name for people.

    >>> from teleaccord import AbsenceKind
    >>> AbsenceKind(name="Site visit", on_site=True).name
    'site_visit'
    """

    name: str = attrs.field(converter=_kind_name)
    on_site: bool = False
    coverage: bool = False
    reduces_presence: bool = False
    label: str = ""


ABSENCE_KINDS: tuple[AbsenceKind, ...] = (
    AbsenceKind(name="paid_leave", label="paid leave (congés payés)"),
    AbsenceKind(name="rtt", label="RTT day (réduction du temps de travail)"),
    AbsenceKind(name="sickness", reduces_presence=True, label="sick leave (arrêt maladie)"),
    AbsenceKind(name="parental", reduces_presence=True, label="parental leave"),
    AbsenceKind(name="training", on_site=True, label="training (formation)"),
    AbsenceKind(name="business_travel", on_site=True, label="business travel (déplacement)"),
    AbsenceKind(name="client_site", on_site=True, label="at a client's site"),
    AbsenceKind(name="other", label="other absence"),
)
"""The absence kinds every agreement knows, with their default policy: training, business
travel and client sites count as days on site for the on-site minimums (the employee is not
teleworking), none counts as on site for coverage (they are not in the office), and sickness
and parental leave are the kinds a long absence reduces presence for (when the agreement's
``long_absence_days`` option is set). An agreement's ``absence_kinds`` override these by name
and add its own."""

_DEFAULTS = {k.name: k for k in ABSENCE_KINDS}


def absence_kind(name: str, kinds: Iterable[AbsenceKind] = ()) -> AbsenceKind:
    """The policy of the absence kind ``name``: from ``kinds`` (an agreement's
    ``absence_kinds``), else the default of :data:`ABSENCE_KINDS`.

    Raises:
        InvalidValue: the kind is neither (code ``unknown_absence_kind``).

    >>> from teleaccord import absence_kind
    >>> absence_kind("sickness").reduces_presence
    True
    >>> absence_kind("strike")
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: kind: unknown absence kind 'strike'; known: business_travel, client_site, other, paid_leave, parental, rtt, sickness, training.
    """
    key = _kind_name(name)
    for kind in kinds:
        if kind.name == key:
            return kind
    found = _DEFAULTS.get(key)
    if found is None:
        known = sorted({*_DEFAULTS, *(k.name for k in kinds)})
        msg = f"kind: unknown absence kind {key!r}; known: {', '.join(known)}."
        raise InvalidValue(
            msg, field="kind", code="unknown_absence_kind", params={"kind": key, "known": known}
        )
    return found


def optional_half(value: Any) -> HalfDay | None:
    """A half-day as given (``"am"``, ``"PM"``, a :class:`~teleaccord.pattern.HalfDay`), or
    ``None`` for a whole day.

    >>> from teleaccord.absence import optional_half
    >>> optional_half(" PM "), optional_half(None)
    (<HalfDay.AFTERNOON: 'pm'>, None)

    Raises:
        InvalidValue: anything else (code ``invalid_half_day``).
    """
    if value is None or isinstance(value, HalfDay):
        return value
    try:
        return HalfDay(str(value).strip().lower())
    except ValueError:
        msg = f"half: expected 'am' (morning), 'pm' (afternoon) or nothing, got {value!r}."
        raise InvalidValue(msg, field="half", code="invalid_half_day") from None


_START_HALF = none_of(
    (HalfDay.MORNING,),
    code="invalid_absence_half",
    message="{field}: an absence that starts in the morning is absent the whole first day; "
    "give 'pm' for an absence starting at noon, or nothing.",
)
_END_HALF = none_of(
    (HalfDay.AFTERNOON,),
    code="invalid_absence_half",
    message="{field}: an absence that ends in the afternoon is absent the whole last day; "
    "give 'am' for an absence ending at noon, or nothing.",
)


_CANONICAL_COUNTRY = re.compile(r"[A-Z]{2}").fullmatch
"""A country code as :func:`~teleaccord.validators.country_code` returns it."""


def _optional_country(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return country_code(value, "country")


def _check_not_empty(
    instance: Absence, attribute: attrs.Attribute[Any], value: HalfDay | None
) -> None:
    if value is not None and instance.start_half is not None and instance.days.days == 1:
        msg = (
            "end_half: a one-day absence starting at noon and ending at noon is empty; give "
            "start_half 'pm' (the afternoon) or end_half 'am' (the morning)."
        )
        raise InvalidValue(msg, field="end_half", code="invalid_absence_half")


@attrs.frozen(kw_only=True)
class Absence:
    """One employee away over ``days``: a whole-day range, possibly starting at noon
    (``start_half="pm"``) or ending at noon (``end_half="am"``). A morning alone is a one-day
    absence with ``end_half="am"``, an afternoon alone one with ``start_half="pm"``.

    Args:
        absence_id: the absence's identifier (importing the same id twice is idempotent).
        employee: the employee away.
        days: the days, first and last included.
        kind: ``paid_leave``, ``rtt``, ``sickness``, ``parental``, ``training``,
            ``business_travel``, ``client_site``, ``other``, or a kind the agreement names.
        start_half: ``"pm"``: the first day's morning is worked.
        end_half: ``"am"``: the last day's afternoon is worked.
        source: where the record comes from (a file, an HRIS).
        country: where the absence is spent, when it matters (ISO 3166 alpha-2, ``"DE"``):
            the country of a business trip, which the cross-border counters read
            (:func:`~teleaccord.crossborder.business_trips`). ``None`` (the default, and a
            blank text) when not given.

    >>> from datetime import date
    >>> from teleaccord import Absence, DateRange
    >>> a = Absence(absence_id="A2", employee="E1", days=DateRange.single(date(2024, 5, 2)),
    ...             kind="Training", start_half="pm")
    >>> a.kind, a.mask_on(date(2024, 5, 2)), a.amount
    ('training', 2, Fraction(1, 2))
    """

    absence_id: str = attrs.field(validator=_check_text)
    employee: str = attrs.field(validator=_check_text)
    days: DateRange = attrs.field(
        validator=instance_of(
            DateRange,
            code="invalid_period",
            message="{field}: expected a DateRange, got {value!r}.",
        )
    )
    kind: str = attrs.field(converter=_kind_name)
    start_half: HalfDay | None = attrs.field(
        default=None, converter=optional_half, validator=_START_HALF
    )
    end_half: HalfDay | None = attrs.field(
        default=None, converter=optional_half, validator=[_END_HALF, _check_not_empty]
    )
    source: str = ""
    country: str | None = attrs.field(default=None, converter=_optional_country)

    @classmethod
    def build(
        cls,
        *,
        absence_id: str,
        employee: str,
        days: DateRange,
        kind: str,
        start_half: HalfDay | None = None,
        end_half: HalfDay | None = None,
        source: str = "",
        country: str | None = None,
    ) -> Absence:
        """The same absence as ``Absence(...)`` with these arguments, built about three times
        faster when they are already in their canonical form (a bulk reader's case: texts, a
        :class:`~teleaccord.dates.DateRange`, a default kind's name, the half-days as
        :class:`~teleaccord.pattern.HalfDay` members, an upper-case country code). The checks
        are those of the constructor, written inline; anything else goes through the
        constructor, with its conversions and its errors.

        >>> from datetime import date
        >>> from teleaccord import Absence, DateRange
        >>> days = DateRange(date(2025, 7, 1), date(2025, 7, 14))
        >>> Absence.build(absence_id="A1", employee="E1", days=days, kind="paid_leave") == Absence(
        ...     absence_id="A1", employee="E1", days=days, kind="paid_leave")
        True
        >>> Absence.build(absence_id="A1", employee="E1", days=days, kind="Site visit").kind
        'site_visit'
        """
        setters = _SETTERS
        if (
            setters is not None
            and type(absence_id) is str
            and type(employee) is str
            and type(days) is DateRange
            and kind in _PLAIN
            and type(kind) is str
            and (start_half is None or start_half is HalfDay.AFTERNOON)
            and (end_half is None or end_half is HalfDay.MORNING)
            and (start_half is None or end_half is None or days.start != days.end)
            and type(source) is str
            and (country is None or (type(country) is str and _CANONICAL_COUNTRY(country)))
            and absence_id.strip()
            and employee.strip()
        ):
            (
                put_id,
                put_employee,
                put_days,
                put_kind,
                put_start,
                put_end,
                put_source,
                put_country,
            ) = setters
            absence = object.__new__(cls)
            put_id(absence, absence_id)
            put_employee(absence, employee)
            put_days(absence, days)
            put_kind(absence, kind)
            put_start(absence, start_half)
            put_end(absence, end_half)
            put_source(absence, source)
            put_country(absence, country)
            return absence
        return cls(
            absence_id=absence_id,
            employee=employee,
            days=days,
            kind=kind,
            start_half=start_half,
            end_half=end_half,
            source=source,
            country=country,
        )

    def mask_on(self, day: date) -> int:
        """The half-days of ``day`` the absence covers (0 none, 1 morning, 2 afternoon, 3
        both)."""
        if day not in self.days:
            return 0
        mask = _FULL
        if day == self.days.start and self.start_half is not None:
            mask &= HalfDay.AFTERNOON.mask
        if day == self.days.end and self.end_half is not None:
            mask &= HalfDay.MORNING.mask
        return mask

    @property
    def amount(self) -> Fraction:
        """The calendar days covered (half-days count 1/2), weekends included."""
        days = Fraction(self.days.days)
        if self.start_half is not None:
            days -= Fraction(1, 2)
        if self.end_half is not None:
            days -= Fraction(1, 2)
        return days

    def overlaps(self, day: date, half: HalfDay | None) -> bool:
        """Whether the absence covers ``day`` (its ``half``, or any part of it for ``None``)."""
        mask = self.mask_on(day)
        return bool(mask if half is None else mask & half.mask)


# The slots' own setters, in field order (:func:`~teleaccord.slots.slot_setters`): ``build``
# sets every field this way; ``None`` (the class changed its fields) sends it to the
# constructor.
_SETTERS = slot_setters(
    Absence,
    ("absence_id", "employee", "days", "kind", "start_half", "end_half", "source", "country"),
)


def absent_masks(
    absences: Iterable[Absence],
    *,
    period: DateRange | None = None,
    kinds: Iterable[AbsenceKind] = (),
    counting: str | None = None,
) -> dict[date, int]:
    """The absent half-days of ``absences`` (in ``period``, or all), as day masks.

    Args:
        counting: ``None``: every absence; ``"on_site"``: only those whose kind does not
            count as on site for the on-site minimums; ``"coverage"``: only those whose kind
            does not count as on site for coverage.
        kinds: the agreement's absence kinds (defaults: :data:`ABSENCE_KINDS`).

    >>> from datetime import date
    >>> import attrs
    >>> from teleaccord import Absence, DateRange, absent_masks
    >>> a = Absence(absence_id="A", employee="E1", days=DateRange(date(2024, 3, 4), date(2024, 3, 5)),
    ...             kind="rtt", start_half="pm")
    >>> absent_masks([a])
    {datetime.date(2024, 3, 4): 2, datetime.date(2024, 3, 5): 3}
    >>> absent_masks([attrs.evolve(a, kind="training")], counting="on_site")
    {}
    """
    if counting not in (None, "on_site", "coverage"):
        msg = f"counting: expected None, 'on_site' or 'coverage', got {counting!r}."
        raise InvalidValue(msg, field="counting", code="invalid_value")
    kinds = tuple(kinds)
    masks: dict[date, int] = {}
    for absence in absences:
        if counting is not None:
            policy = absence_kind(absence.kind, kinds)
            if getattr(policy, counting):
                continue
        span = absence.days if period is None else absence.days.intersection(period)
        if span is None:
            continue
        for day in span:
            mask = absence.mask_on(day)
            if mask:
                masks[day] = masks.get(day, 0) | mask
    return dict(sorted(masks.items()))


def long_absence_days(
    absences: Iterable[Absence],
    period: DateRange,
    *,
    longer_than: int | None,
    kinds: Iterable[AbsenceKind] = (),
) -> frozenset[date]:
    """The days of ``period`` inside long absences: runs of consecutive calendar days covered
    by absences of kinds that reduce presence, longer than ``longer_than`` days (``None``:
    the option is off, no day). Adjacent or overlapping absences make one run; half-days
    count as whole days of the run.

    >>> from datetime import date
    >>> from teleaccord import Absence, DateRange, long_absence_days
    >>> a = Absence(absence_id="S", employee="E1", kind="sickness",
    ...             days=DateRange(date(2024, 3, 1), date(2024, 4, 15)))
    >>> len(long_absence_days([a], DateRange(date(2024, 1, 1), date(2024, 12, 31)), longer_than=30))
    46
    >>> long_absence_days([a], DateRange(date(2024, 1, 1), date(2024, 12, 31)), longer_than=60)
    frozenset()
    """
    if longer_than is None:
        return frozenset()
    kinds = tuple(kinds)
    covered: set[date] = set()
    for absence in absences:
        if absence_kind(absence.kind, kinds).reduces_presence:
            covered.update(absence.days)
    found: set[date] = set()
    run: list[date] = []
    for day in sorted(covered):
        if run and day != run[-1] + _ONE_DAY:
            if len(run) > longer_than:
                found.update(run)
            run = []
        run.append(day)
    if len(run) > longer_than:
        found.update(run)
    return frozenset(d for d in found if d in period)


def long_absence_share(
    absences: Iterable[Absence],
    period: DateRange,
    presence: DateRange | None,
    *,
    longer_than: int | None,
    kinds: Iterable[AbsenceKind] = (),
) -> Fraction:
    """The share of the employee's presence in ``period`` left once long absences are taken
    out: ``(days present - days of long absences) / days present``, in calendar days
    (1 when the option is off or nothing is long; 0 when absent the whole presence).

    An agreement with ``long_absence_days`` multiplies each entitlement by this share before
    rounding (:meth:`QuotaLedger.grant <teleaccord.ledger.QuotaLedger.grant>`, the workforce
    job).

    >>> from datetime import date
    >>> from teleaccord import Absence, DateRange, long_absence_share
    >>> year = DateRange(date(2024, 1, 1), date(2024, 12, 31))
    >>> a = Absence(absence_id="S", employee="E1", kind="sickness",
    ...             days=DateRange(date(2024, 3, 1), date(2024, 4, 30)))
    >>> long_absence_share([a], year, year, longer_than=30)
    Fraction(5, 6)
    """
    if longer_than is None or presence is None:
        return Fraction(1)
    days = long_absence_days(absences, period, longer_than=longer_than, kinds=kinds)
    inside = sum(1 for d in days if d in presence)
    return Fraction(presence.days - inside, presence.days)
