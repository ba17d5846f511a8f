"""Does an agreement say what the law asks a telework accord or charter to say?

Article L1222-9 II of the Labour Code lists what an accord (or, failing one, a charter) setting
up telework must contain; the national agreement of 26 November 2020 (accord national
interprofessionnel, ANI) adds points an accord should settle. :func:`compliance_report` reads
an :class:`~teleaccord.agreement.Agreement` — its :class:`~teleaccord.charter.Charter` clauses
and the rules it already holds (adaptation period, reversibility notice, extra days for
disabled workers, carers and pregnant employees, motivated refusals) — and gives each check
one :class:`ComplianceItem`: ``present``, ``missing`` or ``not-applicable`` (the agreement
says why), with the article it comes from and the evidence found.

It checks that a clause is there, not that its content is lawful or sufficient: that needs a
lawyer reading the accord. Not legal advice.

>>> from teleaccord import Agreement, compliance_report
>>> report = compliance_report(Agreement(name="bare"))
>>> report.complete, [i.check for i in report.missing][:3]
(False, ['switching', 'returning', 'pollution'])
>>> report.item("motivated_refusal").status.value
'present'
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import attrs

from teleaccord.agreement import Agreement
from teleaccord.charter import Charter
from teleaccord.errors import Violation
from teleaccord.validators import find_by_key

__all__ = [
    "COMPLIANCE_CHECKS",
    "ComplianceCheck",
    "ComplianceItem",
    "ComplianceReport",
    "ComplianceStatus",
    "compliance_report",
]

MISSING = "compliance_clause_missing"
"""The code of the warning a missing clause gives."""


class ComplianceStatus(str, enum.Enum):
    """What the agreement says on one point."""

    PRESENT = "present"
    """The agreement says it (a clause, or a rule that does it)."""
    MISSING = "missing"
    """The agreement does not say it."""
    NOT_APPLICABLE = "not-applicable"
    """The agreement declares the point not applicable, with its reason."""


@attrs.frozen(kw_only=True)
class ComplianceCheck:
    """One point an accord or charter should settle, and where the obligation comes from.

    Attributes:
        check: its stable name (the clause of the :class:`~teleaccord.charter.Charter`).
        title: what the point is, in words.
        article: the text it comes from (``"Code du travail, art. L1222-9 II 1°"``).
        source: ``"law"`` (required) or ``"national-agreement"`` (the ANI of 2020).
    """

    check: str
    title: str
    article: str
    source: str


def _charter(agreement: Agreement) -> Charter:
    return agreement.charter if agreement.charter is not None else Charter()


def _extra(status: str) -> Callable[[Agreement], str]:
    def rule(agreement: Agreement) -> str:
        for extra in agreement.extras:
            if extra.status.strip().lower() == status:
                return f"extra telework days for {status} employees ({extra.days} a period)"
        return ""

    return rule


def _notice(words: str) -> Callable[[Agreement], str]:
    def rule(agreement: Agreement) -> str:
        days = agreement.reversibility_notice_days
        return f"{words} on {days} days' notice" if days else ""

    return rule


def _windows(words: str, attribute: str) -> Callable[[Agreement], str]:
    def rule(agreement: Agreement) -> str:
        windows = getattr(_charter(agreement), attribute)
        return f"{words}: " + ", ".join(w.describe() for w in windows) if windows else ""

    return rule


def _adaptation(agreement: Agreement) -> str:
    days = agreement.adaptation_period_days
    return f"adaptation period of {days} days" if days else ""


def _refusal(agreement: Agreement) -> str:
    if agreement.approval.reason_required_for_refusal:
        return "a refusal must give its reason (approval.reason_required_for_refusal)"
    return ""


def _no_rule(agreement: Agreement) -> str:
    return ""


_L = "Code du travail, art. L1222-9 II"
_ANI = "Accord national interprofessionnel du 26 novembre 2020"
_LAW, _NATIONAL = "law", "national-agreement"

# One row a point: its name, title (English, French), article, source, and the rule of the
# agreement that settles it when the charter has no clause of that name.
_POINTS: tuple[tuple[str, str, str, str, str, Callable[[Agreement], str]], ...] = (
    (
        "switching",
        "conditions of switching to telework",
        "conditions de passage en télétravail",
        f"{_L} 1°",
        _LAW,
        _no_rule,
    ),
    (
        "returning",
        "conditions of returning to work without telework",
        "conditions de retour à une exécution du contrat sans télétravail",
        f"{_L} 1°",
        _LAW,
        _notice("return on site"),
    ),
    (
        "pollution",
        "switching to telework during a pollution episode",
        "passage en télétravail en cas d'épisode de pollution",
        f"{_L} 1° (pollution episode of Code de l'environnement, art. L223-1)",
        _LAW,
        _no_rule,
    ),
    (
        "acceptance",
        "how the employee accepts the conditions of telework",
        "modalités d'acceptation par le salarié des conditions de mise en œuvre",
        f"{_L} 2°",
        _LAW,
        _no_rule,
    ),
    (
        "workload",
        "control of working time or regulation of the workload",
        "contrôle du temps de travail ou régulation de la charge de travail",
        f"{_L} 3°",
        _LAW,
        _no_rule,
    ),
    (
        "contact",
        "time slots in which the employer may usually contact the teleworker",
        "plages horaires où l'employeur peut habituellement contacter le salarié",
        f"{_L} 4°",
        _LAW,
        _windows("contact windows", "contact_windows"),
    ),
    (
        "disabled_workers",
        "access to telework for disabled workers",
        "accès des travailleurs handicapés au télétravail",
        f"{_L} 5° (measures of art. L5213-6)",
        _LAW,
        _extra("disabled"),
    ),
    (
        "pregnant_employees",
        "access to telework for pregnant employees",
        "accès des salariées enceintes au télétravail",
        f"{_L} 6° (law of 24 December 2021)",
        _LAW,
        _extra("pregnant"),
    ),
    (
        "carers",
        "access to telework for employees caring for a child, parent or relative",
        "accès des salariés aidants d'un enfant, d'un parent ou d'un proche",
        f"{_L} 7° (law of 19 July 2023)",
        _LAW,
        _extra("carer"),
    ),
    (
        "motivated_refusal",
        "a refusal to an eligible employee gives its reasons",
        "refus motivé à un salarié dont le poste est éligible",
        "Code du travail, art. L1222-9 I",
        _LAW,
        _refusal,
    ),
    (
        "disconnection",
        "the right to disconnect (hours without messages)",
        "droit à la déconnexion",
        "Code du travail, art. L2242-17 7°",
        _LAW,
        _windows("disconnection hours", "disconnection"),
    ),
    (
        "adaptation",
        "an adaptation period for regular telework",
        "période d'adaptation",
        f"{_ANI} (adaptation period)",
        _NATIONAL,
        _adaptation,
    ),
    (
        "reversibility",
        "reversibility: either side may end regular telework, with notice",
        "réversibilité du télétravail régulier",
        f"{_ANI} (reversibility)",
        _NATIONAL,
        _notice("reversibility"),
    ),
    (
        "equipment",
        "the equipment provided and its upkeep",
        "équipements fournis et leur entretien",
        f"{_ANI} (equipment)",
        _NATIONAL,
        _no_rule,
    ),
    (
        "costs",
        "professional costs of telework borne by the employer",
        "prise en charge des frais professionnels du télétravail",
        f"{_ANI} (costs)",
        _NATIONAL,
        _no_rule,
    ),
)


def _evidence(check: str, rule: Callable[[Agreement], str]) -> Callable[[Agreement], str]:
    """The charter's clause ``check`` when it has one (points read from rules only have
    none), else what the agreement's ``rule`` says."""

    def evidence(agreement: Agreement) -> str:
        return _charter(agreement).clause(check) or rule(agreement)

    return evidence


COMPLIANCE_CHECKS: tuple[tuple[ComplianceCheck, Callable[[Agreement], str]], ...] = tuple(
    (
        ComplianceCheck(check=check, title=title, article=article, source=source),
        _evidence(check, rule),
    )
    for check, title, _french, article, source, rule in _POINTS
)
"""Every check, in report order, with the function finding its evidence in an agreement."""


_FRENCH_TITLES = {check: french for check, _title, french, *_rest in _POINTS}
_FRENCH_STATUS = {"present": "présent", "missing": "absent", "not-applicable": "sans objet"}


@attrs.frozen(kw_only=True)
class ComplianceItem:
    """One check of the report.

    Attributes:
        check: the stable name of the point.
        title: what it is, in words.
        article: the text the obligation comes from.
        source: ``"law"`` or ``"national-agreement"``.
        status: present, missing or not applicable.
        evidence: what the agreement says (the clause, or the rule that does it).
        reason: why the agreement declares it not applicable.
    """

    check: str
    title: str
    article: str
    source: str
    status: ComplianceStatus
    evidence: str = ""
    reason: str = ""

    def describe(self, language: str = "en") -> str:
        """One line: ``[missing] conditions of ... (Code du travail, art. L1222-9 II 1°)``;
        in French with ``language="fr"``."""
        if language == "fr":
            status = _FRENCH_STATUS[self.status.value]
            title = _FRENCH_TITLES.get(self.check, self.title)
            text = f"[{status}] {title} ({self.article})"
        else:
            text = f"[{self.status.value}] {self.title} ({self.article})"
        colon = " : " if language == "fr" else ": "
        if self.evidence:
            text += colon + self.evidence
        if self.reason:
            text += colon + self.reason
        return text


@attrs.frozen(kw_only=True)
class ComplianceReport:
    """What an agreement says on every point the law and the 2020 national agreement ask for.

    Attributes:
        agreement: the agreement's name.
        items: one :class:`ComplianceItem` per check, in the order of
            :data:`COMPLIANCE_CHECKS`.
    """

    agreement: str
    items: tuple[ComplianceItem, ...]

    @property
    def missing(self) -> tuple[ComplianceItem, ...]:
        """The points the agreement does not settle."""
        return tuple(i for i in self.items if i.status is ComplianceStatus.MISSING)

    @property
    def complete(self) -> bool:
        """Whether every point is present or declared not applicable."""
        return not self.missing

    def item(self, check: str) -> ComplianceItem:
        """The item of ``check``.

        Raises:
            InvalidValue: no such check (``unknown_clause``).
        """
        return find_by_key(
            self.items,
            lambda i: i.check,
            check,
            field="check",
            code="unknown_clause",
            message="{field}: no check {value!r}; expected one of {known}.",
        )

    def warnings(self) -> tuple[Violation, ...]:
        """A ``compliance_clause_missing`` warning per missing point, with its article."""
        return tuple(
            Violation(
                code=MISSING,
                message=(f"{self.agreement}: the agreement does not say {i.title} ({i.article})."),
                params={
                    "agreement": self.agreement,
                    "check": i.check,
                    "article": i.article,
                    "source": i.source,
                },
            )
            for i in self.missing
        )

    def describe(self, language: str = "en") -> str:
        """The report for people: a heading, then one line per check (in French with
        ``language="fr"``)."""
        law = [i for i in self.items if i.source == "law"]
        ani = [i for i in self.items if i.source != "law"]
        settled, total, missing = (
            len(self.items) - len(self.missing),
            len(self.items),
            len(self.missing),
        )
        if language == "fr":
            plural = "s" if missing > 1 else ""
            head = f"{self.agreement} : {settled} points traités sur {total}, {missing} absent{plural}."
            titles = (
                "Code du travail :",
                "Accord national interprofessionnel du 26 novembre 2020 :",
            )
        else:
            head = f"{self.agreement}: {settled} of {total} points settled, {missing} missing."
            titles = ("Labour Code:", "National agreement of 26 November 2020:")
        lines = [head, titles[0]]
        lines += ["  " + i.describe(language) for i in law]
        lines.append(titles[1])
        lines += ["  " + i.describe(language) for i in ani]
        return "\n".join(lines)


def compliance_report(agreement: Agreement) -> ComplianceReport:
    """Check an agreement against L1222-9 II and the national agreement of 2020.

    A point is ``present`` when the charter has its clause, or when the agreement holds a rule
    that settles it (an adaptation period, a reversibility notice, extra days for disabled
    workers, carers or pregnant employees, reasoned refusals, contact windows);
    ``not-applicable`` when the charter lists it in ``not_applicable``; else ``missing``.

    >>> from teleaccord import Agreement, Charter, compliance_report
    >>> accord = Agreement(name="accord", adaptation_period_days=60,
    ...     charter=Charter(carers="art. 9: priority for carers",
    ...                     not_applicable=[{"check": "pollution", "reason": "no alert area"}]))
    >>> report = compliance_report(accord)
    >>> [(i.check, i.status.value) for i in report.items if i.check in ("carers", "pollution", "adaptation", "costs")]
    [('pollution', 'not-applicable'), ('carers', 'present'), ('adaptation', 'present'), ('costs', 'missing')]
    """
    charter = _charter(agreement)
    items = []
    for check, evidence in COMPLIANCE_CHECKS:
        reason = charter.reason_not_applicable(check.check)
        found = evidence(agreement)
        if found:
            status = ComplianceStatus.PRESENT
        elif reason is not None:
            status = ComplianceStatus.NOT_APPLICABLE
        else:
            status = ComplianceStatus.MISSING
        items.append(
            ComplianceItem(
                check=check.check,
                title=check.title,
                article=check.article,
                source=check.source,
                status=status,
                evidence=found,
                reason=reason or "" if status is ComplianceStatus.NOT_APPLICABLE else "",
            )
        )
    return ComplianceReport(agreement=agreement.name, items=tuple(items))
