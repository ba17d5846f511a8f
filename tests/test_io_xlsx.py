"""Excel workbooks in: a sheet's rows go through the CSV row layer, problems located by sheet."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from teleaccord import LoadError, Problem, RunSummary
from teleaccord.cli import main
from teleaccord.io.csv import read_bookings, read_contracts, read_workforce

openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra is not installed")

from test_french_data import FRENCH, balances  # noqa: E402


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def french_export(path: Path) -> Path:
    """The French twin as Excel holds it: date cells, numbers, a percentage, French words."""
    book = workbook(
        path,
        {
            # The first sheet is not the contracts': sheets are chosen by name.
            "Réservations": [
                ["Matricule", "Jour", "Demi-journée", "Statut"],
                ["E1", datetime(2025, 1, 13), None, "validé"],
                ["E1", datetime(2025, 1, 14), "après-midi", "validé"],
                ["E1", datetime(2025, 2, 20), None, "validé"],
                ["E1", datetime(2025, 2, 20), None, "annulé"],
                ["E1", datetime(2025, 3, 19), "matin", None],
                ["E2", datetime(2025, 3, 4), "matin", "validé"],
                ["E2", datetime(2025, 3, 5), "après-midi", "validé"],
            ],
            "Contrats": [
                [
                    "Matricule",
                    "Date d'embauche",
                    "Date de sortie",
                    "Taux d'activité",
                    "Rythme",
                    "Date d'effet",
                    "Catégorie",
                ],
                ["E1", datetime(2019, 9, 2), None, 0.8, "lu;ma;je;ve", None, "claims"],
                [
                    "E1",
                    None,
                    None,
                    1,
                    "Lundi mardi mercredi jeudi vendredi",
                    "17/03/2025",
                    "claims",
                ],
                [
                    "E2",
                    datetime(2025, 2, 15),
                    datetime(2025, 11, 28),
                    0.5,
                    "lun.;mar.:matin;mer.:après-midi",
                    None,
                    "support",
                ],
            ],
            "Ajustements": [
                ["Matricule", "Période", "Nb jours", "Motif", "Auteur"],
                ["E1", 2025, -1.5, "retour après arrêt maladie", "rh.dupont"],
            ],
        },
    )
    loaded = openpyxl.load_workbook(book)
    loaded["Contrats"]["D2"].number_format = "0%"  # shown 80 %, held as 0.8
    loaded.save(book)
    return book


def test_a_french_excel_export_gives_the_balances_of_its_iso_and_csv_twins(tmp_path: Path) -> None:
    from teleaccord import Calendar, year_range
    from teleaccord.io.agreement_file import load_sample_agreement
    from teleaccord.workforce import workforce_balances

    book = french_export(tmp_path / "export.xlsx")
    summary = RunSummary()
    rows = list(
        workforce_balances(
            read_workforce(book, book, book, summary=summary),
            load_sample_agreement("assistance-100-days"),
            Calendar(country="FR"),
            periods=[year_range(2025)],
        )
    )
    assert rows == balances("iso") == balances("fr")
    assert [f.name for f in summary.files.values()] == [
        f"{book}:Contrats",
        f"{book}:Réservations",
        f"{book}:Ajustements",
    ]


def test_problems_name_the_workbook_the_sheet_the_row_and_the_column(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "b.xlsx",
        {
            "Feuil1": [
                ["Matricule", "Jour", "Demi-journée"],
                ["E1", datetime(2025, 1, 13), None],
                [],
                ["E1", "demain", None],
                ["E1", datetime(2025, 1, 14), "soir"],
                ["E1", datetime(2025, 1, 15), None, "en trop"],
            ]
        },
    )
    found: list[Problem] = []
    rows = list(read_bookings(book, on_problem=found.append))
    assert [r.day for r in rows] == [date(2025, 1, 13)]
    assert [r.line for r in rows] == [2]
    assert [(p.path, p.code) for p in found] == [
        (f"{book}:Feuil1:4:Jour", "invalid_date"),
        (f"{book}:Feuil1:5:Demi-journée", "invalid_half_day"),
        (f"{book}:Feuil1:6", "too_many_cells"),
    ]


def test_the_same_checks_as_csv_a_missing_column_and_an_empty_sheet(tmp_path: Path) -> None:
    book = workbook(tmp_path / "c.xlsx", {"Contrats": [["Matricule", "Taux"], ["E1", 1]]})
    with pytest.raises(LoadError) as caught:
        list(read_bookings(book))
    assert [(p.path, p.code) for p in caught.value.problems] == [
        (f"{book}:Contrats:1", "missing_column")
    ]
    empty = workbook(tmp_path / "e.xlsx", {"Feuil1": []})
    with pytest.raises(LoadError) as caught:
        list(read_contracts(empty))
    assert caught.value.problems[0].code == "missing_header"


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "c.xlsx"
    fake.write_text("employee,hired\nE1,2020-01-06\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        list(read_contracts(fake))
    assert caught.value.problems[0].code == "invalid_xlsx"
    with pytest.raises(LoadError) as caught:
        list(read_contracts(tmp_path / "nowhere.xlsx"))
    assert caught.value.problems[0].code == "unreadable_file"


def test_a_workbook_that_would_inflate_beyond_the_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import teleaccord.io.xlsx

    book = french_export(tmp_path / "export.xlsx")
    monkeypatch.setattr(teleaccord.io.xlsx, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(LoadError) as caught:
        list(read_contracts(book))
    assert caught.value.problems[0].code == "file_too_large"


def test_a_wide_formatted_sheet_reads_only_the_columns_it_needs(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "w.xlsx", {"Feuil1": [["Matricule", "Jour"], ["E1", datetime(2025, 1, 13)]]}
    )
    loaded = openpyxl.load_workbook(book)
    # A far cell written: the sheet's dimension grows to 16384 columns, and the cell lies
    # beyond what is read (the header's width and a margin).
    loaded["Feuil1"]["XFD2"] = "far away"
    loaded.save(book)
    (row,) = read_bookings(book)
    assert row.day == date(2025, 1, 13)
    from teleaccord.io.xlsx import open_sheet

    sheet = open_sheet(book, "bookings")
    try:
        assert [len(cells) for cells in sheet] == [2]
    finally:
        sheet.close()


def test_the_cli_reads_workbooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = french_export(tmp_path / "export.xlsx")
    args = ["balances", "--agreement", "assistance-100-days", "--year", "2025"]
    assert main([*args, "--contracts", str(book), "--bookings", str(book), "--format", "csv"]) == 0
    from_excel = capsys.readouterr().out
    iso = [str(FRENCH / f"{n}_iso.csv") for n in ("contracts", "bookings")]
    assert main([*args, "--contracts", iso[0], "--bookings", iso[1], "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_excel
    contracts = tmp_path / "contracts.xlsx"
    book.rename(contracts)
    assert main(["validate", str(contracts)]) == 0
    assert "2 employees" in capsys.readouterr().out
