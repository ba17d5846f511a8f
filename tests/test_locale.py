"""French messages: a text for every code, templates that fit the registry, real messages."""

from __future__ import annotations

import pickle
import string
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from teleaccord import (
    CODES,
    LANGUAGES,
    Agreement,
    Calendar,
    Contract,
    Eligibility,
    InvalidValue,
    LoadError,
    NotAllowed,
    OperationRefused,
    Problem,
    Quota,
    QuotaLedger,
    StaleVersion,
    TeleaccordError,
    Violation,
    parse_fraction,
    translate,
    year_range,
)
from teleaccord.locale import format_value, summary
from teleaccord.locale.fr import TEXTS

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
WEEK = [date(2024, 3, 4) + timedelta(days=n) for n in range(5)]  # Monday 4 to Friday 8 March


def _fields(template: str) -> set[str]:
    """The parameter names a template uses (``{name}`` and ``{name:%}``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# -- the catalogue covers the registry -----------------------------------------------------


def test_every_code_has_a_french_text_and_no_text_lacks_a_code() -> None:
    missing = sorted(set(CODES) - set(TEXTS))
    extra = sorted(set(TEXTS) - set(CODES))
    assert not missing, f"codes without a French text in teleaccord/locale/fr.py: {missing}"
    assert not extra, f"French texts for codes teleaccord.CODES does not list: {extra}"


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_has_a_french_summary_and_template(code: str) -> None:
    text = TEXTS[code]
    for sentence in (text.summary, text.template):
        assert sentence.strip() == sentence
        assert sentence[:1].isupper() or sentence.startswith("{"), sentence
        assert sentence.endswith("."), sentence
    assert "\n" not in text.summary
    assert "{" not in text.summary, "a summary has no parameters"


@pytest.mark.parametrize("code", sorted(CODES))
def test_templates_use_only_the_parameters_the_registry_lists(code: str) -> None:
    used = _fields(TEXTS[code].template)
    assert all(name.isidentifier() for name in used), f"{code}: positional or dotted fields"
    unknown = used - set(CODES[code].params)
    assert not unknown, f"{code}: the template names {sorted(unknown)}, not in the registry"


def test_codes_with_parameters_use_some_of_them() -> None:
    silent = [
        code
        for code, info in CODES.items()
        if info.params and not _fields(TEXTS[code].template) and code != "granularity"
    ]
    assert not silent, f"templates that ignore every parameter of their code: {silent}"


_SAMPLES: dict[str, Any] = {
    "day": date(2024, 3, 7),
    "first": date(2024, 3, 4),
    "last": date(2024, 3, 8),
    "window_start": date(2024, 3, 4),
    "window_end": date(2024, 3, 10),
    "period_start": date(2024, 1, 1),
    "period_end": date(2024, 12, 31),
    "valid_start": date(2024, 1, 1),
    "valid_end": None,
    "hired": date(2020, 9, 2),
    "last_day": None,
    "by_day": date(2024, 3, 7),
    "at": AT,
    "asked_at": AT,
    "deadline": AT,
    "fraction": Fraction(4, 5),
    "minimum": Fraction(1, 2),
    "amount": Fraction(1, 2),
    "booked": Fraction(5, 2),
    "maximum": 2,
    "weekday": 2,
    "weekdays": (2, 4),
    "excluded": ["We"],
    "half": "am",
    "worked_half": "pm",
    "booked_halves": ["am"],
    "window": "fortnight",
    "reason": "seniority_too_short",
    "suggestions": (date(2024, 3, 12),),
    "inclusive": True,
}


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_template_formats_with_sample_values(code: str) -> None:
    params = {name: _SAMPLES.get(name, 3) for name in CODES[code].params}
    violation = Violation(code=code, message="English.", params=params)
    text = translate(violation, "fr")
    assert text == string.Formatter().vformat(TEXTS[code].template, (), _Shown(params))
    assert "{" not in text
    assert "}" not in text


class _Shown(dict[str, Any]):
    """The parameters as the French text shows them (what ``translate`` puts in)."""

    def __getitem__(self, key: str) -> str:
        return _ShownValue(key, super().__getitem__(key))  # type: ignore[return-value]


class _ShownValue:
    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value

    def __format__(self, spec: str) -> str:
        if spec == "%":
            return f"{format_value(self.value * 100)} %"
        return format_value(self.value, self.name)


# -- languages -----------------------------------------------------------------------------


def test_the_languages_are_english_and_french() -> None:
    assert LANGUAGES == ("en", "fr")


@pytest.mark.parametrize(
    "item",
    [
        InvalidValue("fraction: expected 80 %, got 'x'.", field="fraction", code="invalid_number"),
        Problem("contracts.csv:4:date", "expected a date as YYYY-MM-DD, got 'x'", "invalid_date"),
        Violation(code="holiday", message="2024-05-01 is a holiday.", params={"holiday": "May"}),
        Violation(code="not_a_code", message="An HRIS's own check."),
    ],
)
def test_english_is_the_message_as_written(item: TeleaccordError | Problem | Violation) -> None:
    assert translate(item, "en") == item.message


@pytest.mark.parametrize("lang", ["de", "FR", "", "fr_FR"])
def test_an_unknown_language_is_refused_with_its_code(lang: str) -> None:
    problem = Problem("$", "x", "invalid_value")
    with pytest.raises(InvalidValue) as caught:
        translate(problem, lang)
    assert caught.value.code == "unknown_language"
    assert caught.value.params == {"lang": lang, "languages": LANGUAGES}
    assert translate(caught.value, "fr") == (
        f"lang : Langue inconnue « {lang} » ; langues disponibles : en, fr."
    )
    with pytest.raises(InvalidValue, match="expected one of en, fr"):
        summary("holiday", lang)


def test_summaries_in_both_languages() -> None:
    assert summary("weekly_max_exceeded", "en") == CODES["weekly_max_exceeded"].summary
    assert summary("weekly_max_exceeded") == (
        "Une réservation ou un rythme dépasserait le maximum de jours de télétravail par semaine."
    )
    with pytest.raises(KeyError, match="did you mean 'holiday'"):
        summary("holyday")


# -- values the French way -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name", "shown"),
    [
        (date(2024, 3, 7), None, "07/03/2024"),
        (date.max, "valid_end", "—"),
        (datetime(2024, 3, 6, 19, 0, tzinfo=timezone.utc), None, "06/03/2024 19:00"),
        (Fraction(3), None, "3"),
        (Fraction(5, 2), None, "2,50"),
        (Fraction(1, 3), None, "0,33"),
        (Fraction(2, 3), None, "0,67"),
        (Fraction(-1, 2), None, "-0,50"),
        (Fraction(6324, 73), None, "86,63"),
        (12, None, "12"),
        (Decimal("59.4"), None, "59,40 €"),
        (Decimal("2.7"), None, "2,70 €"),
        (Decimal("300"), None, "300,00 €"),
        (Decimal("3.255"), None, "3,255 €"),
        (True, None, "oui"),
        (None, None, "—"),
        ((), None, "—"),
        ((date(2024, 3, 12), date(2024, 3, 14)), None, "12/03/2024, 14/03/2024"),
        (2, "weekday", "mercredi"),
        ("Fr", "weekday", "vendredi"),
        (("Mo", "We"), "excluded", "lundi, mercredi"),
        ("am", "half", "matin"),
        ("pm", "worked_half", "après-midi"),
        ("quarter", "window", "trimestre"),
        ("E1", "employee", "E1"),
        (2, "maximum", "2"),
    ],
)
def test_values_are_written_the_french_way(value: object, name: str | None, shown: str) -> None:
    assert format_value(value, name) == shown


def test_a_share_is_shown_as_a_percentage() -> None:
    violation = Violation(
        code="fraction_too_low",
        message="E1 works 40 % on 2024-03-05; the agreement requires at least 50 %.",
        day=date(2024, 3, 5),
        params={"fraction": Fraction(2, 5), "minimum": Fraction(1, 2)},
    )
    assert translate(violation) == (
        "05/03/2024 : Taux d'activité de 40 % ; l'accord exige au moins 50 % pour télétravailler."
    )


# -- the fallback when an occurrence lacks a parameter -------------------------------------


def test_a_violation_without_a_parameter_falls_back_to_the_summary() -> None:
    violation = Violation(
        code="outside_contract",
        message="E1 is not under contract on 2024-03-05.",
        day=date(2024, 3, 5),
    )
    assert translate(violation) == "05/03/2024 : Le salarié n'est pas sous contrat ce jour-là."


def test_an_error_without_a_parameter_falls_back_to_the_summary_and_its_field() -> None:
    error = NotAllowed(
        "No 'approve' applies to this request in its present situation.",
        code="transition_not_allowed",
        field="action",
    )
    assert translate(error) == (
        "L'action n'est pas possible dans l'état actuel de l'enregistrement (action)."
    )


def test_a_problem_falls_back_to_the_summary_and_its_path_stays_in_front() -> None:
    problem = Problem("bookings.csv:7:date", "2024-03-05 is already booked", "already_booked")
    assert translate(problem) == "Le jour ou la demi-journée est déjà posé."
    error = LoadError.from_problems("bookings.csv", [problem])
    assert translate(error) == (
        "bookings.csv : 1 problème :\n"
        "  bookings.csv:7:date : Le jour ou la demi-journée est déjà posé."
    )


def test_a_code_no_catalogue_knows_keeps_its_english_message() -> None:
    violation = Violation(code="hris_own_rule", message="Ask your HR contact.")
    assert translate(violation, "fr") == "Ask your HR contact."
    assert translate(TeleaccordError("Something.", code="hris_error"), "fr") == "Something."


def test_odd_parameter_values_never_raise() -> None:
    params = {"entry_id": object(), "holiday": {"a": 1}, "granted": float("nan")}
    for code in ("already_booked", "holiday", "already_granted"):
        assert translate(Violation(code=code, message="x", params=params), "fr")


# -- real messages through the public API --------------------------------------------------


def _ledger(*quotas: Quota, **agreement: Any) -> QuotaLedger:
    ledger = QuotaLedger(
        agreement=Agreement(
            name="accord", quotas=[Quota(window="period", maximum=100), *quotas], **agreement
        ),
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(),
    )
    ledger.grant(year_range(2024), at=AT, by="hr")
    return ledger


def test_booking_beyond_the_weekly_maximum_reads_in_french() -> None:
    ledger = _ledger(Quota(window="week", maximum=2))
    for day in WEEK[:2]:
        ledger.book(day, at=AT, by="E1")
    with pytest.raises(OperationRefused) as caught:
        ledger.book(WEEK[3], at=AT, by="E1")
    (violation,) = caught.value.violations
    assert violation.code == "weekly_max_exceeded"
    expected = (
        "07/03/2024 : Semaine du 04/03/2024 au 10/03/2024 : le maximum de jours de télétravail "
        "par semaine serait dépassé (maximum : 2 ; déjà posés : 2 ; demandés : 1). Choisissez "
        "un jour d'une autre semaine."
    )
    assert translate(violation) == expected
    assert translate(caught.value, "fr") == "Refusé : " + expected
    assert translate(caught.value, "en") == caught.value.message


def test_a_half_day_shows_as_a_decimal_with_a_comma() -> None:
    ledger = _ledger(Quota(window="week", maximum=Fraction(5, 2)), granularity="half-day")
    for day in WEEK[:2]:
        ledger.book(day, at=AT, by="E1")
    ledger.book(WEEK[2], half="am", at=AT, by="E1")
    (violation,) = ledger.check(WEEK[3], half="pm", at=AT)
    assert "(maximum : 2,50 ; déjà posés : 2,50 ; demandés : 0,50)" in translate(violation)


def test_a_holiday_and_a_booked_day_read_in_french() -> None:
    ledger = _ledger()
    (holiday,) = ledger.check(date(2024, 5, 1), at=AT)
    assert holiday.code == "holiday"
    assert translate(holiday).startswith("01/05/2024 : Jour férié non travaillé (")
    ledger.book(WEEK[1], at=AT, by="E1")
    (booked,) = ledger.check(WEEK[1], at=AT)
    entry = booked.param("entry_id")
    assert translate(booked) == f"05/03/2024 : Ce jour est déjà posé (écriture {entry})."


def test_an_ineligible_employee_reads_the_reason_in_french() -> None:
    ledger = QuotaLedger(
        agreement=Agreement(
            name="accord",
            quotas=[Quota(window="period", maximum=100)],
            eligibility=Eligibility(min_seniority_months=12),
        ),
        contract=Contract.from_amendments(employee="E1", hired=date(2023, 9, 1)),
        calendar=Calendar(),
    )
    (violation,) = [v for v in ledger.check(WEEK[1], at=AT) if v.code == "not_eligible"]
    assert translate(violation) == (
        "05/03/2024 : Salarié non éligible au télétravail : le salarié n'a pas l'ancienneté "
        "exigée par l'accord pour le télétravail. Aucun jour ne peut être posé tant que cela dure."
    )


def test_a_fraction_out_of_range_keeps_its_field_in_front() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_fraction("150 %")
    assert caught.value.code == "fraction_out_of_range"
    assert translate(caught.value) == (
        "fraction : Le taux d'activité doit être supérieur à 0 et au plus égal à 100 %."
    )


def test_a_stale_version_names_both_versions() -> None:
    ledger = _ledger()
    with pytest.raises(StaleVersion) as caught:
        ledger.book(WEEK[1], at=AT, by="E1", expected_version=ledger.version + 5)
    assert translate(caught.value) == (
        f"Version {ledger.version + 5} attendue, mais le registre est à la version "
        f"{ledger.version} : il a changé depuis votre lecture. Rechargez-le, vérifiez et "
        "réessayez."
    )


def test_a_translated_error_survives_pickling() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_fraction("150 %")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert translate(copy) == translate(caught.value)


# -- the codes reference page --------------------------------------------------------------


def test_the_codes_page_shows_every_french_template() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "reference" / "codes.md").read_text(
        encoding="utf-8"
    )
    for code, text in TEXTS.items():
        row = next(line for line in page.splitlines() if line.startswith(f"| `{code}` |"))
        assert row.endswith(f" | {text.template.replace('|', chr(92) + '|')} |"), code
