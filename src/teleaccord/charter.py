"""The clauses of an agreement that the law asks for: a telework charter, as data.

An :class:`~teleaccord.agreement.Agreement` holds the quotas and rules the ledger applies; its
optional :class:`Charter` holds what the Labour Code asks an accord or charter to say (article
L1222-9 II) and what the national agreement of 26 November 2020 recommends, in the accord's
own words, plus the two things teleaccord computes with:

- the **contact windows** (plages de joignabilité) and **disconnection hours** (droit à la
  déconnexion), each a :class:`TimeWindow` per weekday in the agreement's time zone, read by
  :mod:`teleaccord.disconnect`;
- the **prerequisites** (attestations required before telework, each with a validity period),
  :class:`Requirement`, read by :mod:`teleaccord.prerequisites`.

Each clause is a text: where the accord says it, and what it says (``"art. 5.2: return on
site with 15 days' notice"``); an empty text means the accord does not say it.
:func:`teleaccord.compliance.compliance_report` reads them. A clause the accord declares not
applicable is listed in ``not_applicable`` with the reason.

>>> from teleaccord import Charter, TimeWindow
>>> charter = Charter(
...     returning="art. 7: return on site on 15 days' notice",
...     contact_windows=[TimeWindow(days="Mo-Fr", start="09:30", end="12:00"),
...                      TimeWindow(days="Mo-Fr", start="14:00", end="16:30")],
...     disconnection=[TimeWindow(days="Mo-Fr", start="20:00", end="08:00")],
... )
>>> charter.contact_windows[0].days, charter.disconnection[0].crosses_midnight
('Mo Tu We Th Fr', True)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import time
from typing import Any

import attrs

from teleaccord.errors import InvalidValue
from teleaccord.pattern import WEEKDAY_NAMES, parse_weekday
from teleaccord.validators import first_repeat

__all__ = [
    "CHARTER_CLAUSES",
    "CHECK_NAMES",
    "Charter",
    "NotApplicable",
    "OnExpiry",
    "Requirement",
    "TimeWindow",
    "weekday_set",
]

CHARTER_CLAUSES: tuple[str, ...] = (
    "switching",
    "returning",
    "pollution",
    "acceptance",
    "workload",
    "contact",
    "disabled_workers",
    "pregnant_employees",
    "carers",
    "adaptation",
    "reversibility",
    "equipment",
    "costs",
)
"""The clause texts of a :class:`Charter`, in the order the compliance report lists them."""

CHECK_NAMES: tuple[str, ...] = (*CHARTER_CLAUSES, "motivated_refusal", "disconnection")
"""Every point of the compliance report: the clauses, and the two it reads from rules."""


def _days(value: Any) -> str:
    """Weekdays from ``"Mo-Fr"``, ``"Mo Tu We"``, ``["Sa", "Su"]`` or numbers (0 Monday), as
    their canonical text (``"Mo Tu We Th Fr"``)."""
    return " ".join(WEEKDAY_NAMES[d] for d in sorted(weekday_set(value)))


def weekday_set(value: Any) -> frozenset[int]:
    """The weekday numbers (0 Monday) of ``"Mo-Fr"``, ``"Sa Su"``, names or numbers.

    >>> from teleaccord.charter import weekday_set
    >>> sorted(weekday_set("Fr-Mo"))
    [0, 4, 5, 6]
    """
    tokens = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    found: set[int] = set()
    for token in tokens:
        if isinstance(token, bool):
            token = str(token)
        if isinstance(token, int):
            if not 0 <= token <= 6:
                msg = f"days: a weekday number is 0 (Monday) to 6 (Sunday), got {token!r}."
                raise InvalidValue(msg, field="days", code="invalid_weekday")
            found.add(token)
            continue
        first, dash, last = str(token).partition("-")
        if dash:
            a, b = parse_weekday(first, "days"), parse_weekday(last, "days")
            found.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(b + 1)])
        else:
            found.add(parse_weekday(first, "days"))
    if not found:
        msg = "days: give at least one weekday (such as 'Mo-Fr')."
        raise InvalidValue(msg, field="days", code="invalid_weekday")
    return frozenset(found)


def _time(value: Any, field: str) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            msg = f"{field}: a window's time is read in the agreement's time zone; give it without an offset."
            raise InvalidValue(msg, field=field, code="invalid_time")
        return value
    text = str(value).strip()
    try:
        hours, _, minutes = text.partition(":")
        found = time(int(hours), int(minutes or 0))
    except ValueError:
        msg = f"{field}: expected a time of day such as '09:30', got {value!r}."
        raise InvalidValue(msg, field=field, code="invalid_time") from None
    return found


def _start(value: Any) -> time:
    return _time(value, "start")


def _end(value: Any) -> time:
    return _time(value, "end")


@attrs.frozen(kw_only=True)
class TimeWindow:
    """Hours of some weekdays, in the agreement's time zone.

    ``end`` after ``start``: the same day. ``end`` at or before ``start``: the window crosses
    midnight and ends the next day (``20:00-08:00``); ``00:00-00:00`` is the whole day.

    Attributes:
        days: the weekdays, by name or as a range (``"Mo-Fr"``, ``"Sa Su"``).
        start: when the window opens (``"08:30"``).
        end: when it closes; at or before ``start``, the next day.

    >>> from datetime import time
    >>> from teleaccord import TimeWindow
    >>> night = TimeWindow(days="Mo-Fr", start="20:00", end="08:00")
    >>> night.contains(4, time(23, 0)), night.contains(5, time(7, 0)), night.contains(0, time(7, 0))
    (True, True, False)
    >>> TimeWindow(days="Sa Su", start="00:00", end="00:00").describe()
    'Sa Su 00:00-24:00'
    """

    days: str = attrs.field(converter=_days)
    start: time = attrs.field(converter=_start)
    end: time = attrs.field(converter=_end)

    @property
    def weekdays(self) -> frozenset[int]:
        """The weekday numbers of :attr:`days` (0 Monday)."""
        return weekday_set(self.days)

    @property
    def crosses_midnight(self) -> bool:
        """Whether the window ends the next day."""
        return self.end <= self.start

    def contains(self, weekday: int, at: time) -> bool:
        """Whether local time ``at`` on ``weekday`` (0 Monday) falls in the window."""
        days = self.weekdays
        if not self.crosses_midnight:
            return weekday in days and self.start <= at < self.end
        if weekday in days and at >= self.start:
            return True
        return (weekday - 1) % 7 in days and at < self.end

    def describe(self) -> str:
        """The window in words: ``Mo Tu We Th Fr 09:30-12:00``."""
        names = self.days
        end = "24:00" if self.end == time(0) else self.end.strftime("%H:%M")
        return f"{names} {self.start.strftime('%H:%M')}-{end}"


def _windows(value: Iterable[TimeWindow | Mapping[str, Any]]) -> tuple[TimeWindow, ...]:
    return tuple(TimeWindow(**v) if isinstance(v, Mapping) else v for v in value)


class OnExpiry(str, enum.Enum):
    """What a booking on a day some required attestation has expired gets."""

    REFUSE = "refuse"
    """The booking is refused (a violation)."""
    WARN = "warn"
    """The booking goes through with a warning."""


def _valid_days(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        msg = f"valid_days: expected a number of days of at least 1 (or none), got {value!r}."
        raise InvalidValue(msg, field="valid_days", code="invalid_validity")
    return value


def _kind(value: Any) -> str:
    text = str(value).strip().lower()
    if not text:
        msg = "kind: name the attestation (such as 'home-insurance')."
        raise InvalidValue(msg, field="kind", code="empty_text")
    return text


@attrs.frozen(kw_only=True)
class Requirement:
    """An attestation the agreement requires before telework, and how long it stays valid.

    Usual kinds: ``home-workplace`` (the home workplace is adequate), ``home-insurance``,
    ``electrical`` (electrical conformity), ``internet`` (a connection good enough),
    ``equipment`` (equipment handed over). Any other kind may be named.

    Attributes:
        kind: what is attested (``home-insurance``), in lower case.
        valid_days: how many days an attestation stays valid (none: until withdrawn).
        description: the agreement's own words for it.

    >>> from teleaccord import Requirement
    >>> Requirement(kind="Home-Insurance", valid_days=365)
    Requirement(kind='home-insurance', valid_days=365, description='')
    """

    kind: str = attrs.field(converter=_kind)
    valid_days: int | None = attrs.field(default=None, converter=_valid_days)
    description: str = ""


def _requirements(value: Iterable[Requirement | Mapping[str, Any]]) -> tuple[Requirement, ...]:
    found = tuple(Requirement(**v) if isinstance(v, Mapping) else v for v in value)
    twice = first_repeat(found, lambda r: r.kind)
    if twice is not None:
        msg = f"prerequisites: the attestation {twice.kind!r} is required twice; keep one."
        raise InvalidValue(msg, field="prerequisites", code="duplicate_requirement")
    return found


def _check(value: Any) -> str:
    text = str(value).strip()
    if text not in CHECK_NAMES:
        known = ", ".join(CHECK_NAMES)
        msg = f"check: {text!r} is not a clause of the charter; expected one of {known}."
        raise InvalidValue(msg, field="check", code="unknown_clause")
    return text


@attrs.frozen(kw_only=True)
class NotApplicable:
    """A clause the agreement declares not applicable, with the reason.

    Attributes:
        check: the compliance check it answers (``pollution``, ``carers``...).
        reason: why it does not apply.

    >>> from teleaccord import NotApplicable
    >>> NotApplicable(check="pollution", reason="no site in an area with pollution alerts")
    NotApplicable(check='pollution', reason='no site in an area with pollution alerts')
    """

    check: str = attrs.field(converter=_check)
    reason: str = ""


def _not_applicable(
    value: Iterable[NotApplicable | Mapping[str, Any]],
) -> tuple[NotApplicable, ...]:
    return tuple(NotApplicable(**v) if isinstance(v, Mapping) else v for v in value)


@attrs.frozen(kw_only=True)
class Charter:
    """What the agreement says on the points the law asks for, and its computable parts.

    Attributes:
        switching: conditions of switching to telework (L1222-9 II 1°).
        returning: conditions of returning to on-site work (L1222-9 II 1°).
        pollution: switching and return during a pollution episode (L1222-9 II 1°, L223-1
            of the Environment Code).
        acceptance: how the employee accepts the conditions (L1222-9 II 2°).
        workload: control of working time or regulation of workload (L1222-9 II 3°).
        contact: the usual contact time slots, in words (L1222-9 II 4°); the
            ``contact_windows`` count too.
        disabled_workers: access for disabled workers (L1222-9 II 5°).
        pregnant_employees: access for pregnant employees (L1222-9 II 6°, law of 24 December
            2021).
        carers: access for carers of a child, parent or relative (L1222-9 II 7°, law of
            19 July 2023).
        adaptation: the adaptation period (national agreement of 26 November 2020); the
            agreement's ``adaptation_period_days`` counts too.
        reversibility: reversibility and its notice (national agreement of 2020);
            ``reversibility_notice_days`` counts too.
        equipment: equipment provided and its upkeep (national agreement of 2020).
        costs: professional costs of telework (national agreement of 2020).
        contact_windows: when the employer may usually contact the teleworker.
        disconnection: hours of disconnection (no message expected, none sent).
        prerequisites: the attestations required before telework.
        on_expiry: what a booking gets on a day a required attestation has expired.
        not_applicable: clauses the agreement declares not applicable, with the reason.
    """

    switching: str = ""
    returning: str = ""
    pollution: str = ""
    acceptance: str = ""
    workload: str = ""
    contact: str = ""
    disabled_workers: str = ""
    pregnant_employees: str = ""
    carers: str = ""
    adaptation: str = ""
    reversibility: str = ""
    equipment: str = ""
    costs: str = ""
    contact_windows: tuple[TimeWindow, ...] = attrs.field(default=(), converter=_windows)
    disconnection: tuple[TimeWindow, ...] = attrs.field(default=(), converter=_windows)
    prerequisites: tuple[Requirement, ...] = attrs.field(default=(), converter=_requirements)
    on_expiry: OnExpiry = attrs.field(default=OnExpiry.REFUSE, converter=OnExpiry)
    not_applicable: tuple[NotApplicable, ...] = attrs.field(default=(), converter=_not_applicable)

    def clause(self, name: str) -> str:
        """The text of clause ``name`` (one of :data:`CHARTER_CLAUSES`)."""
        if name not in CHARTER_CLAUSES:
            _check(name)
            return ""
        text: str = getattr(self, name)
        return text.strip()

    def reason_not_applicable(self, name: str) -> str | None:
        """The reason the clause ``name`` is declared not applicable, or ``None``."""
        for item in self.not_applicable:
            if item.check == name:
                return item.reason
        return None
