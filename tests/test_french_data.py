"""French HR data in: dates day first, French weekday names, cp1252, the decimal comma.

The twin files under ``tests/fixtures/french/`` hold the same workforce twice: as ISO CSV
(UTF-8, ``,``, ``2019-09-02``, ``0.8``, ``Mo Tu Th Fr``) and as a French Excel export would
write it (cp1252, ``;``, ``02/09/2019``, ``0,8``, ``lu;ma;je;ve``, ``validé``, ``après-midi``).
Both must give the same balances.
"""

from __future__ import annotations

import io
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from teleaccord import Calendar, InvalidValue, LoadError, RunSummary, WorkPattern, year_range
from teleaccord.cli import main
from teleaccord.io.agreement_file import load_sample_agreement
from teleaccord.io.csv import (
    DATE_FORMATS,
    check_date_format,
    detect_encoding,
    read_bookings,
    read_contracts,
    read_workforce,
)
from teleaccord.pattern import parse_weekday
from teleaccord.workforce import BalanceRow, workforce_balances

FRENCH = Path(__file__).parent / "fixtures" / "french"


def balances(kind: str, summary: RunSummary | None = None, **reading: str) -> list[BalanceRow]:
    records = read_workforce(
        FRENCH / f"contracts_{kind}.csv",
        FRENCH / f"bookings_{kind}.csv",
        FRENCH / f"adjustments_{kind}.csv",
        summary=summary,
        **reading,  # type: ignore[arg-type]
    )
    return list(
        workforce_balances(
            records,
            load_sample_agreement("assistance-100-days"),
            Calendar(country="FR"),
            periods=[year_range(2025)],
        )
    )


def test_the_french_export_gives_the_balances_of_its_iso_twin() -> None:
    iso = balances("iso")
    assert balances("fr") == iso
    by_employee = {row.employee: row for row in iso}
    # Figures counted by hand from the files: E1 books 1 + 1/2 + 1 (cancelled) + 1/2 days,
    # and loses 1.5 days by adjustment; E2 books two half-days.
    assert by_employee["E1"].booked == 3
    assert by_employee["E1"].cancelled == 1
    assert by_employee["E1"].adjusted == Fraction(-3, 2)
    assert by_employee["E2"].booked == 1


def test_the_summary_says_how_each_file_was_read() -> None:
    summary = RunSummary()
    balances("fr", summary)
    text = summary.describe()
    assert "contracts_fr.csv (cp1252, dates dd/mm/yyyy): 3 rows" in text
    assert "bookings_fr.csv (cp1252, dates dd/mm/yyyy): 7 rows" in text
    iso = RunSummary()
    balances("iso", iso)
    assert "contracts_iso.csv (utf-8): 3 rows" in iso.describe()


def test_a_forced_encoding_is_used_and_not_reported_as_detected() -> None:
    summary = RunSummary()
    assert balances("fr", summary, encoding="latin-1") == balances("iso")
    assert "(dates dd/mm/yyyy)" in summary.describe()
    with pytest.raises(LoadError) as caught:
        balances("fr", encoding="utf-8")
    assert caught.value.problems[0].code == "invalid_encoding"


# -- dates -----------------------------------------------------------------------------------


def bookings(text: str, **reading: str) -> list[date]:
    return [row.day for row in read_bookings(io.StringIO(text), name="b.csv", **reading)]  # type: ignore[arg-type]


def test_two_digit_years_below_70_are_this_century() -> None:
    text = "employee;date\nE1;13/01/25\nE1;02/09/69\nE1;02/09/70\nE1;31/12/99\n"
    assert bookings(text) == [
        date(2025, 1, 13),
        date(2069, 9, 2),
        date(1970, 9, 2),
        date(1999, 12, 31),
    ]


def test_dates_with_slashes_are_read_day_first() -> None:
    # 02/09/2019 alone could be either; French exports write the day first.
    assert bookings("employee;date\nE1;02/09/2019\nE1;2.9.2019\n") == [date(2019, 9, 2)] * 2


def test_a_file_written_month_first_is_refused_until_its_format_is_given() -> None:
    text = "employee,date\nE1,01/13/2025\nE1,02/03/2025\n"
    with pytest.raises(LoadError) as caught:
        bookings(text)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("b.csv:2:date", "ambiguous_dates")
    assert "--date-format" in problem.message
    assert bookings(text, date_format="mm/dd/yyyy") == [date(2025, 1, 13), date(2025, 2, 3)]


def test_a_file_mixing_both_orders_is_refused() -> None:
    text = "employee,date\nE1,25/01/2025\nE1,01/13/2025\n"
    with pytest.raises(LoadError) as caught:
        bookings(text)
    assert caught.value.problems[0].code == "ambiguous_dates"
    assert "line 2" in caught.value.problems[0].message


def test_a_date_against_the_files_format_is_a_located_problem() -> None:
    found: list[object] = []
    rows = read_bookings(
        io.StringIO("employee;date\nE1;25/01/2025\nE1;01/13/2025\n"),
        name="b.csv",
        on_problem=found.append,
        date_format="dd/mm/yyyy",  # as detected on a sample without the second row
    )
    assert [r.day for r in rows] == [date(2025, 1, 25)]
    assert [(p.path, p.code) for p in found] == [("b.csv:3:date", "invalid_date")]  # type: ignore[attr-defined]


def test_an_iso_file_stays_strict_and_a_forced_iso_format_refuses_slashes() -> None:
    found: list[object] = []
    text = "employee,date\nE1,2025-01-13\n"
    assert bookings(text) == [date(2025, 1, 13)]
    rows = read_bookings(
        io.StringIO("employee,date\nE1,13/01/2025\n"),
        name="b.csv",
        on_problem=found.append,
        date_format="iso",
    )
    assert list(rows) == []
    assert [p.code for p in found] == ["invalid_date"]  # type: ignore[attr-defined]


def test_date_formats_are_checked() -> None:
    assert check_date_format(" DD/MM/YY ") == "dd/mm/yy"
    assert "yyyy-mm-dd" in DATE_FORMATS
    with pytest.raises(InvalidValue) as caught:
        check_date_format("yyyy/dd/mm")
    assert caught.value.code == "unknown_date_format"


def test_contract_dates_are_detected_too() -> None:
    text = "matricule;date_embauche;date_sortie\nE1;15/02/2025;28/11/2025\n"
    (found,) = read_contracts(io.StringIO(text))
    assert (found.contract.hired, found.contract.last_day) == (
        date(2025, 2, 15),
        date(2025, 11, 28),
    )


# -- weekday names ---------------------------------------------------------------------------

FRENCH_DAYS = [
    ("lundi", "lun.", "Lu"),
    ("mardi", "mar.", "Ma"),
    ("mercredi", "mer.", "Me"),
    ("jeudi", "jeu.", "Je"),
    ("vendredi", "ven.", "Ve"),
    ("samedi", "sam.", "Sa"),
    ("dimanche", "dim.", "Di"),
]


@pytest.mark.parametrize(("number", "names"), list(enumerate(FRENCH_DAYS)))
def test_french_weekday_names_and_abbreviations(number: int, names: tuple[str, ...]) -> None:
    for name in names:
        for written in (name, name.upper(), name.removesuffix(".")):
            assert parse_weekday(written, "pattern") == number


def test_a_french_pattern_is_the_english_one() -> None:
    assert WorkPattern.parse("lu;ma;je;ve") == WorkPattern.parse("Mo Tu Th Fr")
    assert WorkPattern.parse("Lundi mar. mer:matin jeudi:après-midi Ve") == WorkPattern.parse(
        "Mo Tu We:am Th:pm Fr"
    )
    with pytest.raises(InvalidValue):
        parse_weekday("lum", "pattern")


def test_french_weekdays_are_read_in_an_agreement() -> None:
    from teleaccord import Agreement

    agreement = Agreement(name="x", excluded_weekdays=["lundi", "ven."])
    assert agreement.excluded_weekdays == frozenset({0, 4})


# -- encodings -------------------------------------------------------------------------------


def test_the_encoding_is_detected_on_the_first_64_kib() -> None:
    assert detect_encoding("Hélène".encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding("Hélène".encode()) == "utf-8"
    assert detect_encoding("Hélène".encode("cp1252")) == "cp1252"
    # A character cut at the end of a full 64 KiB sample is still UTF-8 (the file goes on);
    # a file that ends there is not UTF-8.
    cut = b"a" * (64 * 1024 - 1) + "é".encode()[:1]
    assert detect_encoding(cut) == "utf-8"
    assert detect_encoding(cut[-10:]) == "cp1252"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_binary_stream_is_read_in_its_detected_encoding(encoding: str) -> None:
    data = "salarié;jour\nHélène;13/01/2025\n".encode(encoding)
    (row,) = read_bookings(io.BytesIO(data))
    assert (row.employee, row.day) == ("Hélène", date(2025, 1, 13))


def test_utf8_in_the_sample_then_cp1252_later_names_the_bad_line(tmp_path: Path) -> None:
    line = "E1,2025-01-13\n"
    count = 64 * 1024 // len(line) + 10
    data = ("employee,date\n" + line * count).encode() + "Hélène,2025-01-13\n".encode("cp1252")
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    with pytest.raises(LoadError) as caught:
        list(read_bookings(path))
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == (f"{path}:{count + 2}", "invalid_encoding")


# -- the command line ------------------------------------------------------------------------


def cli_balances(capsys: pytest.CaptureFixture[str], kind: str, *more: str) -> tuple[str, str]:
    code = main(
        [
            "balances",
            "--agreement",
            "assistance-100-days",
            "--contracts",
            str(FRENCH / f"contracts_{kind}.csv"),
            "--bookings",
            str(FRENCH / f"bookings_{kind}.csv"),
            "--adjustments",
            str(FRENCH / f"adjustments_{kind}.csv"),
            "--year",
            "2025",
            "--format",
            "csv",
            *more,
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


def test_the_cli_reads_the_french_export_as_its_iso_twin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    iso, _ = cli_balances(capsys, "iso")
    french, err = cli_balances(capsys, "fr")
    assert french == iso
    assert "(cp1252, dates dd/mm/yyyy)" in err
    forced, _ = cli_balances(capsys, "fr", "--date-format", "dd/mm/yyyy", "--encoding", "cp1252")
    assert forced == iso


def test_the_cli_refuses_an_unknown_date_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--date-format", "yy/mm/dd", "x.csv"]) == 2
    assert "--date-format" in capsys.readouterr().err


def test_validate_reads_the_french_export(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(FRENCH / "contracts_fr.csv"), str(FRENCH / "bookings_fr.csv")])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "2 employees" in out
    assert "7 bookings" in out


def test_french_weekdays_are_read_in_coverage_rules() -> None:
    from teleaccord import CoverageRule

    rule = CoverageRule(minimum=2, weekdays=["lundi", "mar.", "Je"])
    assert rule.weekdays == frozenset({0, 1, 3})
    with pytest.raises(InvalidValue):
        CoverageRule(minimum=2, weekdays=["lum"])


def test_an_adjusted_period_may_be_a_date_in_the_files_format() -> None:
    from teleaccord.io.csv import read_adjustments

    text = "matricule;periode;nb_jours;motif;auteur\nE1;15/06/2025;-1,5;r;rh\nE1;2024;1;r;rh\n"
    rows = read_adjustments(io.StringIO(text))
    assert [(a.day, a.amount) for a in rows] == [
        (date(2025, 6, 15), Fraction(-3, 2)),
        (date(2024, 1, 1), Fraction(1)),
    ]
    found: list[object] = []
    iso = "employee,period,amount,reason,by\nE1,someday,1,r,hr\n"
    assert list(read_adjustments(io.StringIO(iso), on_problem=found.append)) == []
    assert [p.code for p in found] == ["invalid_period"]  # type: ignore[attr-defined]
