"""Labels of the documents teleaccord writes for people (the HTML team report), per language.

English is the source text; each language has the same keys (a test checks it). The language
is an argument, never a global.

>>> from teleaccord.locale.labels import label, weekday_short
>>> label("legend", "fr"), label("legend", "en")
('Légende', 'Legend')
>>> weekday_short(1, "fr"), weekday_short(1, "en")
('ma', 'Tu')
"""

from __future__ import annotations

from teleaccord.errors import InvalidValue

__all__ = ["LABELS", "label", "month_name", "weekday_short"]

_EN: dict[str, str] = {
    "title": "Team report",
    "period": "Period",
    "agreement": "Agreement",
    "generated_from": "Figures computed by teleaccord from the contracts, bookings and teams given.",
    "contents": "Contents",
    "legend": "Legend",
    "team": "Team",
    "teams": "Teams",
    "calendar": "Calendar",
    "employee": "Employee",
    "role": "Role",
    "category": "Category",
    "day": "Day",
    "rules": "Coverage rules",
    "no_rules": "no coverage rule",
    "anchor_days": "Anchor days",
    "none": "none",
    "days_at_risk": "Days at risk",
    "no_day_at_risk": "No day at risk in the period.",
    "at_risk": "at risk",
    "half_am": "morning",
    "half_pm": "afternoon",
    "on_site_of": "{on_site} on site, {required} required, of {working} working",
    "anchor_teleworking": "anchor day: {names} telework",
    "state_telework": "Telework",
    "state_telework-am": "Telework, morning",
    "state_telework-pm": "Telework, afternoon",
    "state_on-site": "On site",
    "state_absent": "Absent",
    "state_holiday": "Public holiday",
    "state_closed": "Closure",
    "state_off": "Not worked",
    "state_out": "Not under contract",
    "kind": "Kind of telework",
    "crossborder": "Cross-border counters",
    "crossborder_caption": "Telework counted against each cross-border threshold, as a share of its limit (the dashed line at 100 % is the threshold): per person and threshold, the first bar is what is used as of the period's last day, the second the projection to the year's end with the days booked (in red when it crosses).",
    "threshold": "Threshold",
    "limit": "Limit",
    "used": "Used",
    "projected": "Projected",
    "days_left": "Days left",
    "crossing_day": "Crossed on",
    "telework_by_kind": "Telework by kind",
    "telework_kind": "Telework, {kind}",
    "kind_regular": "regular",
    "kind_occasional": "occasional",
    "kind_imposed": "imposed (exceptional)",
    "kind_medical": "medical",
    "anchor": "Anchor day",
    "risk": "Under a coverage minimum",
    "weekly": "Telework days per week",
    "weekly_caption": "Telework days per person working that week, against the agreement's weekly limits.",
    "week": "Week",
    "telework_days": "Telework days",
    "heads": "People working",
    "per_head": "Per person",
    "maximum": "Weekly maximum",
    "minimum": "Weekly minimum",
    "required": "Required",
    "pace": "Envelope's weekly pace",
    "share": "On-site share per day",
    "share_caption": "Share of the half-days worked that are on site.",
    "on_site": "On site",
    "teleworking": "Teleworking",
    "absent": "Absent",
    "working": "Working",
    "on_site_share": "On-site share",
    "balances": "Balances",
    "balances_caption": "Entitlement, days taken and days remaining per person.",
    "entitlement": "Entitlement",
    "taken": "Taken",
    "remaining": "Remaining",
    "total": "Total",
    "distribution": "Share of the entitlement used",
    "distribution_caption": "How many people used each share of their entitlement.",
    "people": "People",
    "used_share": "Share used",
    "review": "Yearly review (CSE)",
    "review_caption": "Telework uptake and days per person, per team and job category, for the reference period.",
    "all_categories": "whole team",
    "uptake": "Uptake",
    "teleworkers": "Teleworking",
    "days_per_head": "Days per person",
    "imposed_days": "Imposed days",
    "refusals": "Refusals",
    "not_in_inputs": "not in the inputs",
    "unassigned": "Employees in no team",
    "problems": "Rows skipped while reading the data",
    "exact_values": "Exact values",
    "allowances": "Telework allowances",
    "allowances_caption": "Allowance due per person each month, against the policy's monthly cap and the exemption limit.",
    "month": "Month",
    "due": "Due",
    "exempt": "Exempt",
    "excess": "Excess",
    "due_per_head": "Due per person",
    "monthly_cap": "Monthly cap",
    "exemption_limit": "Exemption limit",
    "per_person": "Per person",
    "quarter": "Q{number} {year}",
}

_FR: dict[str, str] = {
    "title": "Rapport d'équipe",
    "period": "Période",
    "agreement": "Accord",
    "generated_from": "Chiffres calculés par teleaccord à partir des contrats, réservations et équipes fournis.",
    "contents": "Sommaire",
    "legend": "Légende",
    "team": "Équipe",
    "teams": "Équipes",
    "calendar": "Calendrier",
    "employee": "Salarié",
    "role": "Rôle",
    "category": "Catégorie",
    "day": "Jour",
    "rules": "Règles de présence",
    "no_rules": "aucune règle de présence",
    "anchor_days": "Jours d'ancrage",
    "none": "aucun",
    "days_at_risk": "Jours à risque",
    "no_day_at_risk": "Aucun jour à risque sur la période.",
    "at_risk": "à risque",
    "half_am": "matin",
    "half_pm": "après-midi",
    "on_site_of": "{on_site} sur site, {required} requis, sur {working} au travail",
    "anchor_teleworking": "jour d'ancrage : {names} en télétravail",
    "state_telework": "Télétravail",
    "state_telework-am": "Télétravail le matin",
    "state_telework-pm": "Télétravail l'après-midi",
    "state_on-site": "Sur site",
    "state_absent": "Absent",
    "state_holiday": "Jour férié",
    "state_closed": "Fermeture",
    "state_off": "Non travaillé",
    "state_out": "Hors contrat",
    "kind": "Nature du télétravail",
    "crossborder": "Compteurs frontaliers",
    "crossborder_caption": "Télétravail compté face à chaque seuil frontalier, en part de sa limite (la ligne pointillée à 100 % est le seuil) : par personne et par seuil, la première barre est l'utilisé au dernier jour de la période, la seconde la projection à la fin de l'année avec les jours réservés (en rouge quand elle franchit le seuil).",
    "threshold": "Seuil",
    "limit": "Limite",
    "used": "Utilisé",
    "projected": "Projeté",
    "days_left": "Jours restants",
    "crossing_day": "Franchi le",
    "telework_by_kind": "Télétravail par nature",
    "telework_kind": "Télétravail {kind}",
    "kind_regular": "régulier",
    "kind_occasional": "occasionnel",
    "kind_imposed": "imposé (exceptionnel)",
    "kind_medical": "médical",
    "anchor": "Jour d'ancrage",
    "risk": "Sous un minimum de présence",
    "weekly": "Jours de télétravail par semaine",
    "weekly_caption": "Jours de télétravail par personne au travail dans la semaine, face aux limites hebdomadaires de l'accord.",
    "week": "Semaine",
    "telework_days": "Jours de télétravail",
    "heads": "Personnes au travail",
    "per_head": "Par personne",
    "maximum": "Maximum hebdomadaire",
    "minimum": "Minimum hebdomadaire",
    "required": "Requis",
    "pace": "Rythme hebdomadaire de l'enveloppe",
    "share": "Part de présence sur site par jour",
    "share_caption": "Part des demi-journées travaillées passées sur site.",
    "on_site": "Sur site",
    "teleworking": "En télétravail",
    "absent": "Absents",
    "working": "Au travail",
    "on_site_share": "Part sur site",
    "balances": "Soldes",
    "balances_caption": "Droits, jours pris et jours restants par personne.",
    "entitlement": "Droits",
    "taken": "Pris",
    "remaining": "Restant",
    "total": "Total",
    "distribution": "Part des droits utilisée",
    "distribution_caption": "Nombre de personnes ayant utilisé chaque part de leurs droits.",
    "people": "Personnes",
    "used_share": "Part utilisée",
    "review": "Bilan annuel (CSE)",
    "review_caption": "Recours au télétravail et jours par personne, par équipe et catégorie, sur la période de référence.",
    "all_categories": "toute l'équipe",
    "uptake": "Recours",
    "teleworkers": "Télétravailleurs",
    "days_per_head": "Jours par personne",
    "imposed_days": "Jours imposés",
    "refusals": "Refus",
    "not_in_inputs": "absent des données",
    "unassigned": "Salariés sans équipe",
    "problems": "Lignes écartées à la lecture des données",
    "exact_values": "Valeurs exactes",
    "allowances": "Allocations de télétravail",
    "allowances_caption": "Allocation due par personne chaque mois, face au plafond mensuel de la politique et à la limite d'exonération.",
    "month": "Mois",
    "due": "Due",
    "exempt": "Exonérée",
    "excess": "Excédent",
    "due_per_head": "Due par personne",
    "monthly_cap": "Plafond mensuel",
    "exemption_limit": "Limite d'exonération",
    "per_person": "Par personne",
    "quarter": "T{number} {year}",
}

LABELS: dict[str, dict[str, str]] = {"en": _EN, "fr": _FR}
"""Every label, by language then key."""

_WEEKDAYS = {
    "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"),
    "fr": ("lu", "ma", "me", "je", "ve", "sa", "di"),
}
_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    ),
}  # fmt: skip


def _catalogue(lang: str) -> dict[str, str]:
    found = LABELS.get(lang)
    if found is None:
        msg = f"lang: expected one of {', '.join(LABELS)}, got {lang!r}."
        raise InvalidValue(
            msg,
            field="lang",
            code="unknown_language",
            params={"lang": lang, "languages": list(LABELS)},
        )
    return found


def label(key: str, lang: str = "en", **params: object) -> str:
    """The label ``key`` in ``lang``, its ``{placeholders}`` filled with ``params``.

    Raises:
        InvalidValue: an unknown language (code ``unknown_language``).
        KeyError: an unknown key.
    """
    text = _catalogue(lang)[key]
    return text.format(**params) if params else text


def weekday_short(weekday: int, lang: str = "en") -> str:
    """A weekday's two-letter name (0 Monday)."""
    _catalogue(lang)
    return _WEEKDAYS[lang][weekday]


def month_name(month: int, lang: str = "en") -> str:
    """A month's name (1 January)."""
    _catalogue(lang)
    return _MONTHS[lang][month - 1]
