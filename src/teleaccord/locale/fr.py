"""The French catalogue: for every stable code, a one-sentence summary and a message template.

A template is a :meth:`str.format` string that names the code's parameters
(``teleaccord.CODES[code].params``); :func:`teleaccord.locale.translate` fills it in with the
parameters of one occurrence, written the French way (``07/03/2024``, ``2,50``, ``59,40 €``).
A format spec ``%`` shows a share as a percentage (``{fraction:%}`` gives ``80 %``).

The vocabulary is the glossary's (``docs/explanation``, DOMAIN.md): accord de télétravail,
jour posé, droits, période de référence, délai de prévenance, report, forfait de jours, jour
d'ancrage, plafond d'exonération.

The catalogue is a Python module rather than a data file: it is checked by mypy and ruff, needs
no reading at run time, and keeps ``teleaccord.locale`` free of the ``io`` edge. A test fails
when a code of ``teleaccord.CODES`` has no entry here, or an entry has no code.

>>> from teleaccord.locale.fr import TEXTS
>>> TEXTS["holiday"].template
'Jour férié non travaillé ({holiday_fr}) ; choisissez un jour travaillé.'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["TEXTS", "Text"]


class Text(NamedTuple):
    """The French texts of one code: its summary and the template of its messages."""

    summary: str
    template: str


def _same(sentence: str) -> Text:
    """A code whose messages carry no parameter: the summary is the message."""
    return Text(sentence, sentence)


TEXTS: Mapping[str, Text] = MappingProxyType(
    {
        "above_collective_bound": Text(
            "Les conditions individuelles d'un salarié dépassent les limites de l'accord (seule "
            "une préconisation médicale le peut).",
            "Conditions individuelles de {employee} : {value} jours, au-delà de la limite de "
            "l'accord ({bound} jours) ; seule une préconisation médicale peut aller au-delà.",
        ),
        "absent": Text(
            "Le salarié est absent ce jour ou cette demi-journée ; une personne absente ne peut pas télétravailler.",
            "Le salarié est absent ({kind}, absence {absence_id}) : pas de télétravail ce jour-là.",
        ),
        "adaptation_period": Text(
            "L'accord prévoit une période d'adaptation.",
            "L'accord prévoit une période d'adaptation ; cette action n'est pas possible.",
        ),
        "already_booked": Text(
            "Le jour ou la demi-journée est déjà posé.",
            "Ce jour est déjà posé (écriture {entry_id}).",
        ),
        "already_cancelled": Text(
            "Une réservation a déjà été annulée.",
            "La réservation {booking_id} est déjà annulée (annulation {cancellation_id}).",
        ),
        "already_granted": Text(
            "Les droits d'une période ont déjà été attribués.",
            "Les droits de cette période sont déjà attribués (jours attribués : {granted} ; "
            "écriture {entry_id}).",
        ),
        "already_started": Text(
            "Le dispositif de télétravail a déjà commencé : il faut y mettre fin.",
            "Le dispositif de télétravail a déjà commencé ; mettez-y fin plutôt que de l'annuler.",
        ),
        "ambiguous_period": Text(
            "Une année compte plusieurs périodes de référence et aucune n'est précisée.",
            "Cette année compte plusieurs périodes de référence ; précisez-en une par une date "
            "qu'elle contient.",
        ),
        "ambiguous_dates": _same(
            "Les dates d'un fichier se lisent le mois d'abord, ou mêlent les deux ordres : "
            "indiquez son format de date (--date-format)."
        ),
        "amendment_outside_contract": _same(
            "Un avenant prend effet en dehors des dates du contrat."
        ),
        "anchor_conflict": Text(
            "Un jour déjà posé en télétravail tombe un jour d'ancrage : aucun planning ne peut "
            "respecter ce jour.",
            "Jour d'ancrage de l'équipe {team} : {employee} a déjà posé ce jour (écriture "
            "{entry_id}) ; libérez ce jour ou levez le jour d'ancrage.",
        ),
        "anchor_day": Text(
            "Le jour est un jour d'ancrage de l'équipe, où tout le monde est sur site.",
            "Jour d'ancrage de l'équipe {team} : tout le monde est sur site le {weekday}. "
            "Dates proches possibles : {suggestions}.",
        ),
        "auto_approval_off": _same("L'accord ne valide pas les demandes automatiquement."),
        "blackout": Text(
            "Le jour est une date exclue par l'accord, où tout le monde est sur site.",
            "Ce jour est exclu du télétravail par l'accord : tout le monde est attendu sur site ; "
            "choisissez un autre jour.",
        ),
        "bound_finer_than_granularity": _same(
            "Un plancher ou un plafond d'arrondi n'est pas un nombre entier des unités dans "
            "lesquelles le télétravail est pris."
        ),
        "cannot_ignore": Text(
            "Une vérification demande d'ignorer des violations qui garantissent les invariants "
            "du registre.",
            "Ces violations ne peuvent pas être ignorées : elles garantissent les invariants du "
            "registre (aucun jour posé deux fois, aucun solde sous le minimum de l'accord).",
        ),
        "cap_without_rate": Text(
            "Une allocation a un plafond mensuel mais pas de montant par jour.",
            "Un plafond mensuel limite un montant par jour ; indiquez aussi le montant par jour.",
        ),
        "category_both_ways": _same(
            "Une catégorie d'emploi est à la fois déclarée éligible et exclue."
        ),
        "category_not_eligible": Text(
            "La catégorie d'emploi du salarié n'est pas éligible au télétravail.",
            "La catégorie {category} n'est pas éligible au télétravail (catégories éligibles : "
            "{eligible}).",
        ),
        "ceiling_below_floor": _same("Le plafond d'un arrondi est inférieur à son plancher."),
        "closure": Text(
            "Le jour est un jour de fermeture de l'entreprise.",
            "Ce jour est un jour de fermeture de l'entreprise ; choisissez un jour d'ouverture.",
        ),
        "conflicting_booking_id": _same(
            "Un même identifiant de réservation désigne deux réservations différentes."
        ),
        "conflicting_options": Text(
            "Des options de la ligne de commande incompatibles ont été données ensemble.",
            "Ces options s'excluent l'une l'autre ; n'en donnez qu'une.",
        ),
        "conflicting_values": _same(
            "Des lignes d'un même salarié donnent des valeurs différentes pour un champ."
        ),
        "consecutive_days_exceeded": Text(
            "La réservation ferait trop de jours ouvrés de télétravail d'affilée.",
            "Au moins {run} jours ouvrés de télétravail d'affilée, du {first} au {last} ; "
            "l'accord en permet au plus {maximum}. Gardez un jour sur site entre deux.",
        ),
        "coverage_below_minimum": Text(
            "Trop peu de membres de l'équipe seraient sur site pendant une demi-journée.",
            "Équipe {team}, {half} : {on_site} personnes sur site sur {working} au travail ; "
            "la règle « {rule} » en exige {required}.",
        ),
        "coverage_conflict": Text(
            "Une règle de présence ne peut pas être respectée avec les personnes au travail, "
            "absentes ou déjà en télétravail.",
            "Équipe {team}, {half} : la règle « {rule} » exige {required} personnes sur site, "
            "mais {working} travaillent (absents : {absent} ; déjà en télétravail : "
            "{teleworking}) ; libérez un de ces jours ou levez la règle ce jour-là.",
        ),
        "crossborder_threshold_crossed": Text(
            "Le télétravail compté pour un seuil frontalier atteint ou dépasse sa limite.",
            "{employee} : le télétravail compté en {year} pour le seuil {threshold} dépasse sa "
            "limite (jours comptés : {counted} ; limite pour ce salarié : {limit_days}).",
        ),
        "day_outside_period": _same(
            "Le jour d'une expiration est en dehors de la période à laquelle elle appartient."
        ),
        "day_over": Text(
            "Le dernier jour de la demande est passé : elle ne peut plus changer.",
            "Le dernier jour de la demande est passé ; un jour de télétravail passé reste tel "
            "quel.",
        ),
        "day_passed": Text(
            "Le premier jour de la demande a commencé.",
            "Le premier jour de la demande a commencé (le {at}) ; demandez un jour ultérieur.",
        ),
        "days_left": _same(
            "La demande garde des jours qu'aucune absence ne couvre (elle n'est pas annulée)."
        ),
        "duplicate_column": Text(
            "Deux colonnes d'un en-tête CSV désignent le même champ.",
            "Deux colonnes désignent le même champ ; n'en gardez qu'une.",
        ),
        "duplicate_extra": _same(
            "Un accord attribue deux fois des jours supplémentaires au même statut."
        ),
        "duplicate_indexation": _same("Deux montants indexés prennent effet le même jour."),
        "duplicate_limit": _same(
            "Deux plafonds d'exonération du même régime prennent effet le même jour."
        ),
        "duplicate_manager": _same("Un salarié a deux managers."),
        "duplicate_member": Text(
            "Un salarié figure deux fois dans une équipe, ou dans deux équipes.",
            "{employee} figure dans plusieurs équipes : {teams}.",
        ),
        "duplicate_team": Text(
            "Un fichier d'équipes définit deux fois la même équipe.",
            "L'équipe {team} est définie deux fois.",
        ),
        "duplicate_period_quota": _same("Un accord a plusieurs maximums par période de référence."),
        "duplicate_pool": Text(
            "Un contingent est nommé deux fois, ou un type de télétravail relève de deux contingents.",
            "Un contingent est nommé deux fois, ou un type de télétravail relève de deux contingents.",
        ),
        "duplicate_threshold": _same("Deux seuils frontaliers ont le même identifiant."),
        "duplicate_wish": Text(
            "Une personne a plusieurs souhaits dans un même planning.",
            "{employee} a plusieurs souhaits ; n'en donnez qu'un par personne.",
        ),
        "empty_pattern": _same("Un planning de travail n'a aucun jour ni demi-journée travaillé."),
        "empty_quota": _same("Un quota n'a ni maximum ni minimum."),
        "empty_rhythm": _same(
            "Un rythme de télétravail ne donne ni jours de la semaine ni forfait de jours."
        ),
        "empty_rule": _same("Une règle de couverture ne donne ni effectif ni proportion."),
        "empty_text": _same("Un texte qui ne doit pas être vide est vide."),
        "entry_id_reused": _same(
            "Un identifiant d'écriture est déjà celui d'une autre écriture du registre."
        ),
        "events_lost": _same(
            "Un dossier à enregistrer a moins d'événements d'audit que celui déjà enregistré."
        ),
        "every_weekday_excluded": _same(
            "L'accord exclut tous les jours de la semaine : aucun jour ne peut être télétravaillé."
        ),
        "excluded_weekday": Text(
            "L'accord exclut le télétravail ce jour de la semaine.",
            "L'accord exclut le télétravail le {weekday} (jours exclus : {excluded}) ; "
            "choisissez un autre jour.",
        ),
        "extras_without_period_quota": _same(
            "Un accord attribue des jours supplémentaires mais n'a pas de maximum par période "
            "de référence."
        ),
        "file_too_large": _same(
            "Un classeur occuperait, une fois décompressé, plus d'octets que la limite (1 Gio)."
        ),
        "first_state_after_hire": _same(
            "La première situation contractuelle d'un salarié commence après sa date d'embauche."
        ),
        "forfait_with_hours": Text(
            "Une situation contractuelle donne un forfait en jours et un taux d'activité ou un "
            "rythme qui ne lui correspondent pas.",
            "Un forfait en jours fixe le taux (jours/218) et n'a pas de rythme hebdomadaire ; "
            "donnez le forfait ou le temps de travail en heures, pas les deux.",
        ),
        "entry_count_mismatch": _same(
            "Un fichier de registre annonce un autre nombre d'écritures que celui qu'il contient."
        ),
        "fraction_out_of_range": Text(
            "Un taux d'activité n'est pas strictement supérieur à 0 et au plus égal à 1 (100 %).",
            "Le taux d'activité doit être supérieur à 0 et au plus égal à 100 %.",
        ),
        "fraction_too_low": Text(
            "Le taux d'activité du salarié est inférieur au minimum de l'accord pour le "
            "télétravail.",
            "Taux d'activité de {fraction:%} ; l'accord exige au moins {minimum:%} pour "
            "télétravailler.",
        ),
        "granularity": Text(
            "Une demi-journée est posée alors que l'accord compte le télétravail en journées "
            "entières.",
            "L'accord compte le télétravail en journées entières ; posez la journée entière "
            "plutôt qu'une demi-journée.",
        ),
        "half_day_clash": Text(
            "Une demi-journée du jour demandé est déjà posée.",
            "Une demi-journée de ce jour est déjà posée ({booked_halves} ; écritures "
            "{entry_ids}) : posez seulement l'autre demi-journée, ou annulez d'abord celle-ci.",
        ),
        "holiday": Text(
            "Le jour est un jour férié que le salarié ne travaille pas.",
            "Jour férié non travaillé ({holiday_fr}) ; choisissez un jour travaillé.",
        ),
        "incomplete_deadline": _same(
            "Un délai de prévenance donne ses jours ou son heure, mais pas les deux."
        ),
        "inconsistent_entries": _same("Des écritures du registre se contredisent."),
        "inconsistent_value": _same(
            "Une valeur ne correspond pas à celle calculée à partir des autres champs."
        ),
        "invalid_absence_half": Text(
            "Une absence commence le matin ou finit l'après-midi (elle couvre alors la journée), ou ne couvre rien.",
            "Une absence commence le matin ou finit l'après-midi (elle couvre alors la journée), ou ne couvre rien.",
        ),
        "invalid_absence_id": Text(
            "L'identifiant d'une absence enregistrée n'est pas celui de l'absence.",
            "L'identifiant d'une absence enregistrée n'est pas celui de l'absence.",
        ),
        "invalid_absence_kind": Text(
            "Un type d'absence n'est pas un nom (lettres, chiffres, « _ » ou « - »).",
            "Un type d'absence n'est pas un nom (lettres, chiffres, « _ » ou « - »).",
        ),
        "invalid_accrual_at": _same(
            "Une étape d'acquisition n'est acquise ni à son début ni à sa fin."
        ),
        "invalid_agreement": _same(
            "Un fichier d'accords par salarié désigne un accord qui ne peut pas être chargé."
        ),
        "invalid_amendment": _same("Un élément des avenants d'un contrat n'est pas un avenant."),
        "invalid_booking_amount": _same(
            "Le nombre de jours d'une réservation ne correspond ni à une journée ni à une "
            "demi-journée."
        ),
        "invalid_boolean": _same("Une valeur oui/non n'est ni vraie ni fausse."),
        "invalid_carry_over": _same(
            "Des jours sont reportés sur une période depuis une autre que celle qui la précède."
        ),
        "invalid_choice": _same("Une valeur ne fait pas partie des choix autorisés."),
        "invalid_code": _same(
            "Un code donné à un problème ou à une violation est vide ou n'est pas du texte."
        ),
        "invalid_contract": _same(
            "Les lignes d'un salarié ont été ignorées car son contrat n'est pas valide."
        ),
        "invalid_countries": Text(
            "Un seuil frontalier ne nomme aucun pays.",
            "Indiquez au moins un code pays ISO (par exemple « FR »).",
        ),
        "invalid_country": Text(
            "Un pays n'est pas un code pays ISO à deux lettres.",
            "Attendu : un code pays ISO à deux lettres (par exemple « FR »).",
        ),
        "invalid_csv": _same("Un fichier n'est pas un CSV valide."),
        "inexact_amount": _same(
            "Un nombre de jours relu d'un tableau est un flottant ou une valeur arrondie."
        ),
        "invalid_xlsx": _same("Un fichier .xlsx n'est pas un classeur Excel lisible."),
        "invalid_date": Text(
            "Une valeur n'est pas une date, ou n'est pas écrite comme une date.",
            "Attendu : une date (AAAA-MM-JJ).",
        ),
        "invalid_datetime": Text(
            "Une valeur n'est pas une date et une heure, ou n'est pas écrite comme telle.",
            "Attendu : une date et une heure avec son décalage UTC "
            "(par exemple 2025-03-03T18:00:00+01:00).",
        ),
        "invalid_encoding": Text(
            "Un fichier n'est pas un texte UTF-8 valide.",
            "Le fichier n'est pas un texte UTF-8 valide (enregistrez-le en « CSV UTF-8 » ou "
            "indiquez son encodage).",
        ),
        "invalid_envelope": _same(
            "Un forfait de jours de télétravail n'est pas un nombre entier qui tient dans le "
            "rythme."
        ),
        "invalid_forfait": _same("Un forfait en jours n'est pas un nombre entier de jours par an."),
        "invalid_exception": Text(
            "Une dérogation autorisée porte sur autre chose qu'un plafond, ou sur rien.",
            "Une dérogation autorisée porte sur autre chose qu'un plafond, ou sur rien.",
        ),
        "invalid_format": Text(
            "Un format d'export n'est ni csv, ni json, ni jsonl.",
            "Format attendu : csv, json ou jsonl.",
        ),
        "invalid_half_day": Text(
            "Une demi-journée n'est ni le matin, ni l'après-midi, ni vide.",
            "Demi-journée attendue : am (matin), pm (après-midi) ou vide (journée entière).",
        ),
        "invalid_holiday_name": _same("Un nom de jour férié est vide ou n'est pas du texte."),
        "invalid_hours": Text(
            "Les horaires d'une demi-journée ne sont pas un début et une fin plus tardive.",
            "Horaires attendus : un début et une fin plus tardive, par exemple 09:00-12:30.",
        ),
        "invalid_item": _same(
            "Un élément à exporter n'est pas un triplet (salarié, jour, demi-journée)."
        ),
        "invalid_json": _same("Un texte n'est pas du JSON valide."),
        "invalid_limit": _same("La limite ou la proportion d'un seuil est hors de ses bornes."),
        "invalid_minimum": _same("Un effectif n'est pas un nombre entier de personnes, 0 ou plus."),
        "invalid_money": Text(
            "Une valeur n'est pas un montant d'argent positif ou nul.",
            "Attendu : un montant en euros positif ou nul (par exemple 59,40).",
        ),
        "invalid_month": _same("Un numéro de mois n'est pas compris entre 1 et 12."),
        "invalid_number": _same(
            "Une valeur n'est pas un nombre, ou pas un nombre dans les bornes autorisées."
        ),
        "invalid_on_site": _same(
            "Un minimum sur site donne à la fois un nombre de jours et une proportion, ou "
            "aucun des deux."
        ),
        "invalid_pattern": _same("Un planning de travail n'en est pas un ou ne peut pas être lu."),
        "invalid_period": _same(
            "Une période n'est pas une plage de dates, ou n'est pas écrite comme telle."
        ),
        "invalid_pool_kind": Text(
            "Un contingent ne reçoit aucun type de télétravail, ou reçoit des jours imposés ou médicaux (qui ne consomment jamais un contingent volontaire).",
            "Un contingent ne reçoit aucun type de télétravail, ou reçoit des jours imposés ou médicaux (qui ne consomment jamais un contingent volontaire).",
        ),
        "invalid_pool_name": Text(
            "Un contingent n'a pas de nom, ou s'appelle « default » ou « total » (réservés).",
            "Un contingent n'a pas de nom, ou s'appelle « default » ou « total » (réservés).",
        ),
        "invalid_range": _same(
            "Une plage de dates d'un fichier n'est pas une table avec un début et une fin, ou "
            "se termine avant de commencer."
        ),
        "invalid_regrant": _same(
            "Le nombre de jours d'une réattribution n'est pas la différence entre ses deux "
            "chiffres."
        ),
        "invalid_report": Text(
            "Un rapport est demandé par une autre unité que le mois, la semaine ou l'année.",
            "Unité de rapport attendue : mois, semaine ou année.",
        ),
        "invalid_rounding_mode": _same("Un mode d'arrondi ne fait pas partie des modes connus."),
        "invalid_rounding_unit": _same("Une unité d'arrondi est nulle ou négative."),
        "invalid_telework_kind": Text(
            "Un type de télétravail n'est pas un nom.",
            "Un type de télétravail n'est pas un nom.",
        ),
        "ledger_truncated": _same(
            "Un fichier de registre s'arrête avant sa ligne de fin : il est incomplet (coupé)."
        ),
        "invalid_schema": _same(
            "Une table de données déclare une version de schéma que cette version ne sait pas lire."
        ),
        "invalid_schema_version": _same(
            "Une version de schéma n'est pas un nombre entier à partir de 1."
        ),
        "invalid_share": _same(
            "Une proportion n'est pas strictement supérieure à 0 et au plus égale à 1 (100 %)."
        ),
        "invalid_start_day": _same(
            "Le jour de début d'une période de référence n'est pas compris entre 1 et 28."
        ),
        "invalid_status": Text(
            "Le statut d'une réservation n'est ni posé ni annulé.",
            "Statut attendu : booked (posé) ou cancelled (annulé).",
        ),
        "invalid_tag": _same("Une valeur JSON étiquetée est mal formée."),
        "invalid_telework_amount": _same(
            "Le télétravail d'un jour n'est pas strictement supérieur à 0 et au plus égal à 1 jour."
        ),
        "invalid_text": _same(
            "Un chemin ou un message donné à un problème ou à une violation n'est pas du texte."
        ),
        "invalid_threshold": _same(
            "Le nombre de jours par semaine à partir duquel une seconde validation est "
            "nécessaire est inférieur à 1."
        ),
        "invalid_time": Text(
            "Une heure est absente, mal formée ou porte un fuseau horaire.",
            "Attendu : une heure sans fuseau horaire, par exemple 19:00.",
        ),
        "invalid_timestamp": _same(
            "Un horodatage n'est pas une date et une heure, ou n'est pas écrit comme tel."
        ),
        "invalid_toml": _same("Un texte n'est pas du TOML valide."),
        "invalid_type": _same("Une valeur n'est pas du type attendu."),
        "invalid_value": _same("Une valeur enfreint un invariant de l'objet construit ou chargé."),
        "invalid_weekday": Text(
            "Un jour de la semaine n'est ni un nombre de 0 à 6 ni un nom connu.",
            "Jour de la semaine attendu : un nombre de 0 (lundi) à 6 (dimanche) ou un nom connu.",
        ),
        "invalid_weekly_days": _same(
            "Un nombre de jours de télétravail par semaine n'est pas compris entre 0 et 7."
        ),
        "invalid_window": _same(
            "Un forfait de jours porte sur une autre fenêtre que la semaine ou le mois."
        ),
        "last_day_before_hire": _same("Le dernier jour d'un contrat précède sa date d'embauche."),
        "load_error": _same(
            "Les données n'ont pas pu être chargées ; les problèmes trouvés sont listés."
        ),
        "minimum_above_maximum": _same("Le minimum d'un quota dépasse son maximum."),
        "missing_agreement": Text(
            "Aucun accord n'a été donné à une commande qui en a besoin.",
            "Cette commande a besoin d'un accord ; indiquez-en un.",
        ),
        "missing_anchor": _same(
            "Un planning de travail tournant sur plusieurs semaines n'a pas de date de référence."
        ),
        "missing_cap": _same("Un report plafonné n'a pas de plafond."),
        "missing_cells": _same(
            "Une ligne CSV a moins de cellules que l'en-tête n'a de colonnes (une ligne coupée)."
        ),
        "jobs_need_files": Text(
            "Plusieurs tâches lisent les fichiers par parties : chacun doit être un fichier, "
            "pas un flux ni un classeur.",
            "Plusieurs tâches (--jobs) lisent les fichiers par parties, et {file} n'est pas un "
            "fichier CSV lisible par parties (entrée standard, tube, classeur, base) ; "
            "relancez avec --jobs 1.",
        ),
        "missing_column": _same("Il manque une colonne obligatoire dans un fichier CSV."),
        "missing_dependency": Text(
            "Un paquet optionnel nécessaire à cette fonction n'est pas installé.",
            "Un paquet optionnel nécessaire à cette fonction n'est pas installé ; installez "
            "l'extra correspondant.",
        ),
        "missing_employee": _same("Un identifiant de salarié est absent ou vide."),
        "missing_file": _same(
            "Un fichier nécessaire à une commande, ou qui en accompagne un autre, n'a pas été "
            "donné."
        ),
        "missing_header": _same("Un fichier CSV est vide, sans l'en-tête qui nomme ses colonnes."),
        "missing_id": _same("Un identifiant est absent ou vide."),
        "missing_key": _same("Une clé obligatoire est absente."),
        "missing_name": _same("Un accord n'a pas de nom."),
        "missing_period": _same(
            "Aucune période de référence ni année n'a été donnée à une commande qui en a besoin."
        ),
        "missing_source": _same("Un chiffre légal n'a pas de source."),
        "missing_stamp": _same(
            "Les fichiers ne disent pas quand ils ont été enregistrés et aucune heure n'a été "
            "donnée."
        ),
        "missing_text": _same("Un champ texte est vide ou ne contient que des espaces."),
        "missing_trip_country": Text(
            "Un déplacement professionnel (une absence de type déplacement) n'a pas de pays.",
            "Le déplacement professionnel {absence_id} de {employee} n'a pas de pays : "
            "indiquez-le sur l'absence (son pays) ou par l'identifiant de l'absence.",
        ),
        "missing_value": _same("Une valeur obligatoire est vide ou absente."),
        "missing_weekly_days": _same(
            "Une politique payée par jour de télétravail hebdomadaire n'a pas de jours "
            "hebdomadaires."
        ),
        "missing_workflow": _same(
            "Une machine à états a été exécutée sans le circuit de validation dont elle a besoin."
        ),
        "monthly_max_exceeded": Text(
            "Une réservation ou un rythme dépasserait le maximum de jours de télétravail par mois.",
            "Mois du {window_start} au {window_end} : le maximum de jours de télétravail par mois "
            "serait dépassé (maximum : {maximum} ; déjà posés : {booked} ; demandés : {amount}). "
            "Choisissez un jour d'un autre mois.",
        ),
        "months_in_post_too_short": Text(
            "Le salarié n'est pas dans son poste depuis le nombre de mois exigé par l'accord.",
            "{months} mois dans le poste ; l'accord en exige au moins {minimum}.",
        ),
        "naive_datetime": Text(
            "Une date et heure n'a ni fuseau horaire ni décalage UTC.",
            "Cette date et heure n'a pas de fuseau horaire ; ajoutez son décalage UTC "
            "(par exemple +01:00).",
        ),
        "naive_timestamp": _same("Un horodatage n'a pas de décalage UTC."),
        "negative_amount": _same("Un nombre qui ne doit pas être négatif est négatif."),
        "negative_balance": Text(
            "L'opération ferait passer le solde d'une période sous ce que l'accord autorise.",
            "Période du {period_start} au {period_end} : l'opération laisserait le solde sous le "
            "minimum autorisé par l'accord (jours : {amount} ; solde restant : {remaining} ; "
            "minimum : {floor}).",
        ),
        "negative_count": _same("Un nombre qui doit être positif ou nul est négatif."),
        "no_absent_day": _same(
            "Aucune absence enregistrée dans le compteur ne couvre un jour de la demande."
        ),
        "no_adaptation_period": _same("L'accord ne prévoit pas de période d'adaptation."),
        "no_contract": _same("Un salarié a des réservations mais pas de contrat."),
        "no_data_in_periods": _same(
            "Tous les soldes calculés valent 0 : les données ne contiennent aucun contrat, aucune "
            "réservation ni aucun ajustement dans les périodes calculées ; vérifiez l'année."
        ),
        "no_days": _same("Une demande ne comporte aucun jour."),
        "no_exemption_limit": Text(
            "Aucun plafond d'exonération n'est en vigueur ce jour-là pour ce régime.",
            "Aucun plafond d'exonération en vigueur le {day} pour le régime {regime}.",
        ),
        "no_period": _same("Aucune période de référence n'a été donnée pour calculer les soldes."),
        "no_segments": _same("Un contrat n'a aucune période contractuelle."),
        "no_versions": _same("Un historique d'accords ne contient aucune version."),
        "nobody_eligible": _same(
            "La liste des catégories ou des sites éligibles est vide : personne n'est éligible ; "
            "omettez la clé pour que tous le soient."
        ),
        "not_a_reference_period": _same(
            "Une période n'est pas l'une des périodes de référence de l'accord."
        ),
        "not_a_report": _same("Une valeur donnée à report_data n'a pas de vue de rapport."),
        "not_allowed": _same("La personne n'a pas le droit d'effectuer cette action."),
        "not_cents": _same("Un montant d'argent n'est pas un nombre entier de centimes."),
        "not_eligible": Text(
            "Le salarié n'est pas éligible au télétravail ; la raison est le code de la règle "
            "non respectée.",
            "Salarié non éligible au télétravail : {reason}. Aucun jour ne peut être posé tant "
            "que cela dure.",
        ),
        "not_granted": _same("Une période n'a pas encore de droits attribués dans le registre."),
        "not_in_pattern": Text(
            "Le salarié ne travaille pas le jour ou la demi-journée demandé.",
            "Le salarié ne travaille pas ce jour-là (planning de travail {pattern}) ; choisissez "
            "un jour travaillé.",
        ),
        "not_positive": _same("Un nombre qui doit être supérieur à 0 vaut 0 ou moins."),
        "not_serialisable": _same("La valeur d'un paramètre ne peut pas être écrite en JSON."),
        "not_working_day": Text(
            "Une journée entière est posée alors que le salarié n'en travaille que la moitié.",
            "Le salarié ne travaille que le {worked_half} ce jour-là ; posez cette demi-journée "
            "plutôt que la journée entière.",
        ),
        "not_yet_due": _same(
            "La transition n'est pas encore due : le premier jour de la demande n'a pas commencé."
        ),
        "notice_deadline_not_passed": Text(
            "Le délai de prévenance n'est pas passé : la demande peut être annulée directement.",
            "Le délai de prévenance ({deadline}) n'est pas passé : annulez directement la demande.",
        ),
        "notice_deadline_passed": Text(
            "Le délai de prévenance est passé : une annulation demande l'accord du manager.",
            "Le délai de prévenance a expiré le {deadline} ; demandez à votre manager "
            "d'accepter l'annulation.",
        ),
        "notice_too_short": Text(
            "La réservation est faite après le délai de prévenance de l'accord.",
            "La demande devait être faite au plus tard le {deadline} (délai de prévenance) ; "
            "elle a été faite le {asked_at}. Choisissez un jour plus tardif.",
        ),
        "on_site_minimum": Text(
            "La réservation laisserait moins de jours sur site que le minimum de l'accord.",
            "Du {window_start} au {window_end} : trop peu de jours resteraient sur site "
            "(sur site : {on_site} sur {worked} travaillés ; minimum de l'accord : {required}). "
            "Choisissez un jour d'une autre période.",
        ),
        "operation_refused": _same(
            "Une opération a été refusée pour plusieurs raisons, listées avec le refus."
        ),
        "out_of_range": _same("Un nombre est hors des bornes autorisées pour son champ."),
        "output_folder_missing": Text(
            "Le dossier d'un fichier de sortie n'existe pas.",
            "{output} : le dossier n'existe pas ; créez-le ou écrivez ailleurs.",
        ),
        "output_is_folder": Text(
            "Un fichier de sortie désigne un dossier.",
            "{output} est un dossier ; donnez un nom de fichier.",
        ),
        "output_is_input": Text(
            "Un fichier de sortie est aussi une entrée du traitement.",
            "{output} est aussi un fichier d'entrée ; écrivez le résultat ailleurs.",
        ),
        "outside_agreement_validity": Text(
            "Le jour est en dehors des dates de validité de l'accord.",
            "Ce jour est hors de la période de validité de l'accord (début : {valid_start} ; "
            "fin : {valid_end}) ; choisissez un jour compris dedans.",
        ),
        "outside_contract": Text(
            "Le salarié n'est pas sous contrat ce jour-là.",
            "Le salarié n'est pas sous contrat ce jour-là (embauche : {hired} ; dernier jour : "
            "{last_day}).",
        ),
        "overlapping_amendments": _same("Deux avenants d'un contrat prennent effet le même jour."),
        "own_manager": _same("Un salarié est indiqué comme son propre manager."),
        "own_request": Text(
            "Une personne a voulu décider de sa propre demande.",
            "{actor} ne peut pas décider de sa propre demande ; une autre personne décide.",
        ),
        "period_quota_exceeded": Text(
            "La réservation dépasserait le solde de sa période de référence.",
            "Période de référence du {period_start} au {period_end} : la réservation dépasserait "
            "le solde disponible (jours demandés : {amount} ; solde minimum autorisé : {floor}). "
            "Annulez un autre jour ou demandez un ajustement aux RH.",
        ),
        "plan_day_not_allowed": Text(
            "Un jour planifié concerne une personne hors de l'équipe ou de la période, ou "
            "indisponible.",
            "{employee} ne peut pas être planifié ce jour : hors de l'équipe ou de la période, "
            "ou indisponible.",
        ),
        "plan_too_long": Text(
            "Un planning couvre plus de jours qu'un trimestre.",
            "Un planning couvre au plus {maximum} jours (un trimestre) ; celui-ci en a {days}. "
            "Planifiez trimestre par trimestre.",
        ),
        "quota_grants_nothing": _same(
            "Un quota dont le maximum est de 0 jour ne permet à personne de télétravailler."
        ),
        "range_end_before_start": _same("Une plage de dates se termine avant de commencer."),
        "range_too_long": _same(
            "Une plage de jours à énumérer (fermetures, jours exclus) dépasse la limite (100 ans)."
        ),
        "reason_required": Text(
            "L'action demande un motif et aucun n'a été donné.",
            "Cette action demande un motif (refus motivé) ; indiquez-le.",
        ),
        "reference_differs": _same(
            "Les versions d'un historique d'accords n'ont pas la même période de référence."
        ),
        "replay_mismatch": Text(
            "Les événements d'audit n'ont pas pu être rejoués dans la table des transitions.",
            "Impossible de rejouer les événements : l'événement n° {event} ne correspond pas à "
            "la table des transitions.",
        ),
        "reused_booking_id": _same(
            "Un identifiant de réservation est réutilisé après l'annulation de cette réservation."
        ),
        "role_not_allowed": Text(
            "La personne n'a aucun des rôles requis pour l'action.",
            "{actor} n'a aucun des rôles requis pour « {action} » ({roles}).",
        ),
        "role_of_non_member": Text(
            "Une équipe donne un rôle à des salariés qu'elle ne compte pas parmi ses membres.",
            "L'équipe {team} donne un rôle à des salariés qui n'en font pas partie : {employees}.",
        ),
        "rounding_finer_than_granularity": _same(
            "Les droits sont arrondis à une unité plus fine que celle dans laquelle le "
            "télétravail est pris."
        ),
        "same_approver": Text(
            "La seconde validation doit venir d'une autre personne que la première.",
            "{actor} a déjà validé cette demande ; la seconde validation doit venir d'une autre "
            "personne.",
        ),
        "second_level_not_needed": _same("La demande n'a pas besoin d'une seconde validation."),
        "second_level_required": _same("La demande a besoin d'une seconde validation."),
        "segment_outside_contract": _same(
            "Les périodes d'un contrat ne commencent pas à sa date d'embauche ou ne finissent "
            "pas à son dernier jour."
        ),
        "segments_not_contiguous": _same(
            "Les périodes d'un contrat sont dans le désordre, se chevauchent ou laissent des trous."
        ),
        "seniority_too_short": Text(
            "Le salarié n'a pas l'ancienneté exigée par l'accord pour le télétravail.",
            "{months} mois d'ancienneté ; l'accord en exige au moins {minimum}.",
        ),
        "site_not_eligible": Text(
            "Le site du salarié n'est pas ouvert au télétravail.",
            "Le site {site} n'est pas couvert par l'accord (sites ouverts au télétravail : "
            "{sites}).",
        ),
        "split_rows": _same("Les lignes d'un même salarié ne se suivent pas dans un fichier."),
        "stale_version": Text(
            "L'enregistrement a changé depuis sa lecture.",
            "Version {expected} attendue, mais le registre est à la version {actual} : il a "
            "changé depuis votre lecture. Rechargez-le, vérifiez et réessayez.",
        ),
        "pseudonym_taken": _same(
            "Le pseudonyme d'un effacement désigne déjà un registre ou des dossiers."
        ),
        "schema_too_new": Text(
            "La base d'un registre a un schéma plus récent que cette version n'en connaît.",
            "La base est au schéma {found}, plus récent que celui que cette version connaît "
            "({known}) ; mettez teleaccord à jour.",
        ),
        "teleaccord_error": _same("Une erreur s'est produite qu'aucun code plus précis ne décrit."),
        "telework_day_overbooked": _same(
            "Le télétravail enregistré sur un jour dépasse 1 jour au total."
        ),
        "terminal_state": Text(
            "L'enregistrement est dans un état final et ne peut plus changer.",
            "L'état {state} est définitif : plus aucun changement n'est possible "
            "(« {action} » refusé).",
        ),
        "too_deep": _same(
            "Les tables ou les listes d'un fichier sont imbriquées au-delà de la limite (32 niveaux)."
        ),
        "too_long": _same(
            "Un texte (un identifiant, un nom, une ligne JSON Lines) dépasse la longueur autorisée."
        ),
        "too_many_cells": _same("Une ligne CSV a plus de cellules que l'en-tête n'a de colonnes."),
        "transition_not_allowed": Text(
            "L'action n'est pas possible dans l'état actuel de l'enregistrement.",
            "Dans l'état {state}, « {action} » n'est pas possible ; actions possibles : "
            "{possible}.",
        ),
        "trip_country_conflict": Text(
            "Une absence de déplacement a un pays, et un autre pays est donné pour son "
            "identifiant.",
            "Le déplacement professionnel {absence_id} de {employee} est enregistré en {country} "
            "mais {given} est donné pour son identifiant : corrigez l'un des deux.",
        ),
        "two_expiries": _same(
            "Un report donne à la fois une expiration après un nombre de jours et une date "
            "d'expiration."
        ),
        "unexpected_cap": _same("Un report a un plafond alors que son mode n'est pas plafonné."),
        "unexpected_expiry": _same("Un report qui ne reporte rien a une expiration."),
        "unexpected_negative_limit": _same(
            "Une limite de solde négatif est donnée alors que les soldes négatifs ne sont pas "
            "autorisés."
        ),
        "unknown_absence_kind": Text(
            "Le type d'absence n'est ni un type par défaut ni un type défini par l'accord.",
            "Type d'absence inconnu : {kind}.",
        ),
        "unknown_booking": _same("Aucune réservation du registre n'a cet identifiant."),
        "unknown_country": _same("Aucun jour férié n'est connu pour ce code pays."),
        "unknown_date_format": _same(
            "L'option de format de date ne désigne aucun des formats de date connus."
        ),
        "unknown_effect": _same("Une transition nomme un effet qui n'est pas branché."),
        "unknown_employee": _same("Un salarié est inconnu dans les données fournies."),
        "unknown_encoding": _same(
            "L'option d'encodage ne désigne aucun encodage connu, ou un encodage qui ne lit pas l'ASCII comme de l'ASCII."
        ),
        "unknown_entry": _same("Aucune écriture du registre n'a cet identifiant."),
        "unknown_record": Text(
            "Aucune demande ni aucun aménagement n'est enregistré sous cet identifiant.",
            "Aucun dossier « {record_id} » n'est enregistré.",
        ),
        "unknown_format": _same("Un nom de format CSV ne fait pas partie des formats connus."),
        "unknown_holiday": Text(
            "Un jour férié nommé n'est pas un jour férié de l'année à cet endroit.",
            "Jour férié inconnu ici : {names} ; les jours fériés connus sont : {known}.",
        ),
        "unknown_key": _same("Une clé ne fait pas partie de celles que le format connaît."),
        "unknown_kind": _same("Le contenu d'un fichier ne peut pas être déduit de son nom."),
        "unknown_language": Text(
            "Une langue ne fait pas partie des langues des messages.",
            "Langue inconnue « {lang} » ; langues disponibles : {languages}.",
        ),
        "unknown_pool": Text(
            "L'accord n'a pas de contingent de ce nom.",
            "L'accord n'a pas de contingent {pool}.",
        ),
        "unknown_sample": _same("Aucun accord d'exemple ne porte ce nom."),
        "unknown_state": _same(
            "Une table des transitions nomme un état qui ne fait pas partie de ses états."
        ),
        "unknown_subdivision": _same(
            "Une subdivision ne fait pas partie des subdivisions connues du pays."
        ),
        "unknown_team": Text(
            "Aucune équipe ne porte le nom demandé.",
            "Aucune équipe ne s'appelle {team} ; équipes connues : {known}.",
        ),
        "unknown_telework_kind": Text(
            "Le type de télétravail n'est ni un type connu ni un type nommé par les contingents de l'accord.",
            "Type de télétravail inconnu : {kind}.",
        ),
        "unknown_threshold": _same("Un identifiant de seuil ne figure pas dans la table."),
        "unknown_timezone": _same("Un fuseau horaire n'est pas un nom de fuseau IANA connu."),
        "unknown_type": _same("Une étiquette de type ne désigne aucune valeur de teleaccord."),
        "unreadable_file": _same("Un fichier n'a pas pu être ouvert ou lu."),
        "unsorted_input": _same("Un fichier n'est pas trié par salarié."),
        "unsupported_schema_version": _same(
            "Les données ont été écrites avec une version de schéma plus récente que celle que "
            "cette version de teleaccord sait lire."
        ),
        "versions_overlap": _same(
            "Deux versions d'un historique d'accords sont en vigueur le même jour."
        ),
        "weekly_max_exceeded": Text(
            "Une réservation ou un rythme dépasserait le maximum de jours de télétravail par "
            "semaine.",
            "Semaine du {window_start} au {window_end} : le maximum de jours de télétravail par "
            "semaine serait dépassé (maximum : {maximum} ; déjà posés : {booked} ; demandés : "
            "{amount}). Choisissez un jour d'une autre semaine.",
        ),
        "window_max_exceeded": Text(
            "La réservation dépasserait un maximum par quinzaine, par trimestre ou par année.",
            "Du {window_start} au {window_end} ({window}) : le maximum de jours de télétravail "
            "serait dépassé (maximum : {maximum} ; déjà posés : {booked} ; demandés : {amount}). "
            "Choisissez un jour d'une autre période.",
        ),
        "window_not_envelope": _same(
            "Un maximum par année civile (fenêtre « year ») limite seulement les réservations : "
            "sans quota sur la fenêtre « period », tous les droits et soldes valent 0 ; écrivez "
            'window = "period" pour l\'enveloppe de jours par période de référence.'
        ),
        "within_limits": Text(
            "La demande ne dépasse aucun plafond que l'accord permet de faire autoriser par un autre valideur.",
            "La demande ne dépasse aucun plafond que l'accord permet de faire autoriser par un autre valideur.",
        ),
        "wrong_employee": _same(
            "Un contrat ou une écriture appartient à un autre salarié que celui du registre."
        ),
        "wrong_type": _same("Une étiquette de type désigne un autre type que celui attendu."),
        "year_out_of_range": _same(
            "Une année est en dehors des années couvertes par un calendrier."
        ),
        "zero_amount": _same(
            "Le nombre de jours d'une écriture est nul : elle ne changerait rien."
        ),
        # -- the law (issue 15) ----------------------------------------------------------------
        "duplicate_signatory": _same(
            "Un État figure deux fois parmi les signataires d'un accord international."
        ),
        "compliance_clause_missing": Text(
            "L'accord ne traite pas un point que la loi ou l'ANI de 2020 demande.",
            "{agreement} : l'accord ne traite pas le point « {check} » ({article}).",
        ),
        "duplicate_requirement": _same("Une même attestation est exigée deux fois par l'accord."),
        "invalid_validity": _same(
            "La durée de validité d'une attestation n'est pas un nombre de jours d'au moins 1."
        ),
        "unknown_clause": _same("Le point nommé ne fait pas partie du contrôle de conformité."),
        "prerequisite_missing": Text(
            "Une attestation exigée par l'accord avant le télétravail n'a jamais été fournie.",
            "{employee} n'a pas d'attestation « {kind} » valide ; l'accord l'exige avant le "
            "télétravail.",
        ),
        "prerequisite_expired": Text(
            "Une attestation exigée par l'accord avant le télétravail a expiré.",
            "L'attestation « {kind} » de {employee} a expiré le {expired_on} ; fournissez-en "
            "une nouvelle avant le télétravail.",
        ),
        "prerequisite_expiry_warning": Text(
            "Le télétravail a lieu alors qu'une attestation exigée manque ou a expiré.",
            "Attestation « {kind} » de {employee} manquante ou expirée : le télétravail a lieu, "
            "à régulariser.",
        ),
        "events_out_of_order": _same(
            "Un événement d'activité précède le précédent du même salarié : triez par date."
        ),
    }
)
