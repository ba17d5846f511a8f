"""The ``holiday`` violation names the holiday in French too (``holiday_fr``), and the French
message uses that name: figures are the French public holidays of 2025, written by hand."""

from __future__ import annotations

from datetime import date

import pytest

from teleaccord import Agreement, Calendar, Contract, QuotaLedger, translate


def _violation(day: date, calendar: Calendar) -> object:
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=Agreement(name="a"), contract=contract, calendar=calendar)
    [found] = [v for v in ledger.check(day) if v.code == "holiday"]
    return found


@pytest.mark.parametrize(
    ("day", "english", "french"),
    [
        (date(2025, 1, 1), "New Year's Day", "Jour de l'an"),
        (date(2025, 6, 9), "Pentecost Monday", "Lundi de Pentecôte"),
        (date(2025, 7, 14), "National Day", "Fête nationale"),
        (date(2025, 12, 25), "Christmas Day", "Noël"),
    ],
)
def test_holiday_violation_carries_the_french_name(day: date, english: str, french: str) -> None:
    v = _violation(day, Calendar())
    assert v.param("holiday") == english
    assert v.param("holiday_fr") == french
    assert translate(v, "fr") == (
        f"{day:%d/%m/%Y} : Jour férié non travaillé ({french}) ; choisissez un jour travaillé."
    )
    assert english in translate(v, "en")


def test_an_extra_holiday_keeps_its_own_name_in_french() -> None:
    calendar = Calendar(extra_holidays={date(2025, 3, 3): "Fête de l'entreprise"})
    v = _violation(date(2025, 3, 3), calendar)
    assert v.param("holiday_fr") == "Fête de l'entreprise"
    assert "(Fête de l'entreprise)" in translate(v, "fr")


def test_alsace_moselle_good_friday_in_french() -> None:
    v = _violation(date(2025, 4, 18), Calendar(subdivision="57"))
    assert v.param("holiday") == "Good Friday"
    assert v.param("holiday_fr") == "Vendredi saint"
