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
from teleaccord.errors import InvalidValue, Violation

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


def _text(name: str) -> Callable[[Agreement], str]:
    def evidence(agreement: Agreement) -> str:
        return _charter(agreement).clause(name)

    return evidence


def _extra(name: str, status: str) -> Callable[[Agreement], str]:
    def evidence(agreement: Agreement) -> str:
        text = _charter(agreement).clause(name)
        if text:
            return text
        for extra in agreement.extras:
            if extra.status.strip().lower() == status:
                return f"extra telework days for {status} employees ({extra.days} a period)"
        return ""

    return evidence


def _returning(agreement: Agreement) -> str:
    text = _charter(agreement).clause("returning")
    if text:
        return text
    if agreement.reversibility_notice_days:
        return f"return on site on {agreement.reversibility_notice_days} days' notice"
    return ""


def _contact(agreement: Agreement) -> str:
    charter = _charter(agreement)
    if charter.clause("contact"):
        return charter.clause("contact")
    if charter.contact_windows:
        return "contact windows: " + ", ".join(w.describe() for w in charter.contact_windows)
    return ""


def _disconnection(agreement: Agreement) -> str:
    charter = _charter(agreement)
    if charter.disconnection:
        return "disconnection hours: " + ", ".join(w.describe() for w in charter.disconnection)
    return ""


def _adaptation(agreement: Agreement) -> str:
    text = _charter(agreement).clause("adaptation")
    if text:
        return text
    if agreement.adaptation_period_days:
        return f"adaptation period of {agreement.adaptation_period_days} days"
    return ""


def _reversibility(agreement: Agreement) -> str:
    text = _charter(agreement).clause("reversibility")
    if text:
        return text
    if agreement.reversibility_notice_days:
        return f"reversibility on {agreement.reversibility_notice_days} days' notice"
    return ""


def _refusal(agreement: Agreement) -> str:
    if agreement.approval.reason_required_for_refusal:
        return "a refusal must give its reason (approval.reason_required_for_refusal)"
    return ""


_L = "Code du travail, art. L1222-9 II"
_ANI = "Accord national interprofessionnel du 26 novembre 2020"

COMPLIANCE_CHECKS: tuple[tuple[ComplianceCheck, Callable[[Agreement], str]], ...] = (
    (
        ComplianceCheck(
            check="switching",
            title="conditions of switching to telework",
            article=f"{_L} 1°",
            source="law",
        ),
        _text("switching"),
    ),
    (
        ComplianceCheck(
            check="returning",
            title="conditions of returning to work without telework",
            article=f"{_L} 1°",
            source="law",
        ),
        _returning,
    ),
    (
        ComplianceCheck(
            check="pollution",
            title="switching to telework during a pollution episode",
            article=f"{_L} 1° (pollution episode of Code de l'environnement, art. L223-1)",
            source="law",
        ),
        _text("pollution"),
    ),
    (
        ComplianceCheck(
            check="acceptance",
            title="how the employee accepts the conditions of telework",
            article=f"{_L} 2°",
            source="law",
        ),
        _text("acceptance"),
    ),
    (
        ComplianceCheck(
            check="workload",
            title="control of working time or regulation of the workload",
            article=f"{_L} 3°",
            source="law",
        ),
        _text("workload"),
    ),
    (
        ComplianceCheck(
            check="contact",
            title="time slots in which the employer may usually contact the teleworker",
            article=f"{_L} 4°",
            source="law",
        ),
        _contact,
    ),
    (
        ComplianceCheck(
            check="disabled_workers",
            title="access to telework for disabled workers",
            article=f"{_L} 5° (measures of art. L5213-6)",
            source="law",
        ),
        _extra("disabled_workers", "disabled"),
    ),
    (
        ComplianceCheck(
            check="pregnant_employees",
            title="access to telework for pregnant employees",
            article=f"{_L} 6° (law of 24 December 2021)",
            source="law",
        ),
        _extra("pregnant_employees", "pregnant"),
    ),
    (
        ComplianceCheck(
            check="carers",
            title="access to telework for employees caring for a child, parent or relative",
            article=f"{_L} 7° (law of 19 July 2023)",
            source="law",
        ),
        _extra("carers", "carer"),
    ),
    (
        ComplianceCheck(
            check="motivated_refusal",
            title="a refusal to an eligible employee gives its reasons",
            article="Code du travail, art. L1222-9 I",
            source="law",
        ),
        _refusal,
    ),
    (
        ComplianceCheck(
            check="disconnection",
            title="the right to disconnect (hours without messages)",
            article="Code du travail, art. L2242-17 7°",
            source="law",
        ),
        _disconnection,
    ),
    (
        ComplianceCheck(
            check="adaptation",
            title="an adaptation period for regular telework",
            article=f"{_ANI} (adaptation period)",
            source="national-agreement",
        ),
        _adaptation,
    ),
    (
        ComplianceCheck(
            check="reversibility",
            title="reversibility: either side may end regular telework, with notice",
            article=f"{_ANI} (reversibility)",
            source="national-agreement",
        ),
        _reversibility,
    ),
    (
        ComplianceCheck(
            check="equipment",
            title="the equipment provided and its upkeep",
            article=f"{_ANI} (equipment)",
            source="national-agreement",
        ),
        _text("equipment"),
    ),
    (
        ComplianceCheck(
            check="costs",
            title="professional costs of telework borne by the employer",
            article=f"{_ANI} (costs)",
            source="national-agreement",
        ),
        _text("costs"),
    ),
)
"""Every check, in report order, with the function finding its evidence in an agreement."""


_FRENCH_TITLES = {
    "switching": "conditions de passage en télétravail",
    "returning": "conditions de retour à une exécution du contrat sans télétravail",
    "pollution": "passage en télétravail en cas d'épisode de pollution",
    "acceptance": "modalités d'acceptation par le salarié des conditions de mise en œuvre",
    "workload": "contrôle du temps de travail ou régulation de la charge de travail",
    "contact": "plages horaires où l'employeur peut habituellement contacter le salarié",
    "disabled_workers": "accès des travailleurs handicapés au télétravail",
    "pregnant_employees": "accès des salariées enceintes au télétravail",
    "carers": "accès des salariés aidants d'un enfant, d'un parent ou d'un proche",
    "motivated_refusal": "refus motivé à un salarié dont le poste est éligible",
    "disconnection": "droit à la déconnexion",
    "adaptation": "période d'adaptation",
    "reversibility": "réversibilité du télétravail régulier",
    "equipment": "équipements fournis et leur entretien",
    "costs": "prise en charge des frais professionnels du télétravail",
}
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
        for i in self.items:
            if i.check == check:
                return i
        known = ", ".join(i.check for i in self.items)
        msg = f"check: no check {check!r}; expected one of {known}."
        raise InvalidValue(msg, field="check", code="unknown_clause")

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
