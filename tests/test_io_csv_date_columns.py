"""Date formats detected per column (#17): each date column of a file is read in its own
format, ambiguity is reported per column, and ``date_format`` overrides per column."""

from __future__ import annotations

import io
from datetime import date

import pytest

from teleaccord.cli import main
from teleaccord.errors import InvalidValue, LoadError
from teleaccord.io.csv import check_date_formats, read_absences, read_workforce


def spans(text: str, **reading: object) -> list[tuple[date, date]]:
    rows = read_absences(io.StringIO(text), name="a.csv", **reading)  # type: ignore[arg-type]
    return [(r.absence.days.start, r.absence.days.end) for r in rows]


def test_an_iso_start_column_and_a_day_first_end_column_read_together() -> None:
    text = "employee;start;end;kind\nE1;2025-03-02;04/03/2025;rtt\nE2;2025-01-10;12/01/2025;rtt\n"
    assert spans(text) == [
        (date(2025, 3, 2), date(2025, 3, 4)),
        (date(2025, 1, 10), date(2025, 1, 12)),
    ]


def test_the_summary_names_each_columns_format_when_they_differ() -> None:
    from teleaccord import RunSummary

    contracts = "employee,hired,last_day\nE1,2025-01-06,30/06/2025\n"
    run = RunSummary()
    list(read_workforce(io.StringIO(contracts), summary=run))
    assert "dates hired yyyy-mm-dd, last_day dd/mm/yyyy" in run.describe()


def test_an_iso_column_stays_strict_beside_a_day_first_column() -> None:
    # start is ISO in the sample (the first 64 KiB): a slash date in it after the sample is a
    # located problem, not a guess; end, day first, still reads ISO dates.
    found: list[object] = []
    good = "E1,2025-03-02,04/03/2025,rtt\n" * 3000  # 87 000 characters
    text = "employee,start,end,kind\n" + good + "E1,05/03/2025,2025-03-06,rtt\n"
    rows = read_absences(io.StringIO(text), name="a.csv", on_problem=found.append)
    assert len(list(rows)) == 3000
    assert [(p.path, p.code) for p in found] == [("a.csv:3002:start", "invalid_date")]  # type: ignore[attr-defined]


def test_a_month_first_column_is_reported_by_name_and_the_day_first_one_is_not() -> None:
    # start is day first (25/01), end month first (01/28): two orders, one per column.
    text = "employee,start,end,kind\nE1,25/01/2025,01/28/2025,rtt\n"
    with pytest.raises(LoadError) as caught:
        spans(text)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("a.csv:2:end", "ambiguous_dates")
    assert "column 'end'" in problem.message
    assert "end=mm/dd/yyyy" in problem.message
    # the override for that column alone reads the file
    assert spans(text, date_format="end=mm/dd/yyyy") == [(date(2025, 1, 25), date(2025, 1, 28))]
    assert spans(text, date_format={"end": "%m/%d/%Y"}) == [(date(2025, 1, 25), date(2025, 1, 28))]


def test_every_ambiguous_column_is_reported() -> None:
    text = "employee,start,end,kind\nE1,01/13/2025,01/28/2025,rtt\nE1,13/01/2025,02/02/2025,rtt\n"
    with pytest.raises(LoadError) as caught:
        spans(text)
    problems = caught.value.problems
    assert [(p.path, p.code) for p in problems] == [
        ("a.csv:2:start", "ambiguous_dates"),
        ("a.csv:2:end", "ambiguous_dates"),
    ]
    assert "mix day first ('13/01/2025' on line 3)" in problems[0].message
    assert "written month first" in problems[1].message


def test_an_ambiguous_day_first_column_beside_an_iso_one_is_day_first() -> None:
    # 02/03 could be either; nothing in the file says month first: French order.
    text = "employee,start,end,kind\nE1,2025-03-01,02/03/2025,rtt\n"
    assert spans(text) == [(date(2025, 3, 1), date(2025, 3, 2))]


def test_a_format_for_every_column_and_one_for_a_column_combine() -> None:
    text = "employee,start,end,kind\nE1,03/01/2025,01/05/2025,rtt\n"
    # every column month first but end (written day first)
    assert spans(text, date_format="mm/dd/yyyy,end=dd/mm/yyyy") == [
        (date(2025, 3, 1), date(2025, 5, 1))
    ]
    # an override names a column as its header does (an alias)
    text = "employee,date_debut,date_fin,kind\nE1,2025-03-01,05/03/2025,rtt\n"
    assert spans(text, date_format="date_fin=%d/%m/%Y") == [(date(2025, 3, 1), date(2025, 3, 5))]


def test_an_override_for_one_column_leaves_the_others_detected() -> None:
    text = "employee,start,end,kind\nE1,2025-03-01,2025-03-04,rtt\n"
    found: list[object] = []
    rows = read_absences(
        io.StringIO(text), name="a.csv", on_problem=found.append, date_format="end=dd/mm/yyyy"
    )
    # end given day first still reads ISO dates (as every slash format does); start detected
    assert [(r.absence.days.start, r.absence.days.end) for r in rows] == [
        (date(2025, 3, 1), date(2025, 3, 4))
    ]
    assert found == []


def test_date_format_values_are_checked() -> None:
    assert check_date_formats("iso, end=%d/%m/%Y") == ("yyyy-mm-dd", {"end": "dd/mm/yyyy"})
    assert check_date_formats("%d/%m/%y") == ("dd/mm/yy", {})
    for bad in ("end=yy/mm/dd", "salary=iso", "iso,dd/mm/yyyy"):
        with pytest.raises(InvalidValue) as caught:
            check_date_formats(bad)
        assert caught.value.code == "unknown_date_format"


def test_the_cli_takes_a_per_column_date_format(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    contracts = folder / "contracts.csv"
    contracts.write_text("employee,hired,last_day\nE1,01/13/2025,30/06/2025\n")
    assert main(["validate", str(contracts)]) == 1
    out, err = capsys.readouterr()
    assert "contracts.csv:2:hired: the date '01/13/2025' of column 'hired'" in out + err
    code = main(["validate", "--date-format", "hired=mm/dd/yyyy", str(contracts)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert main(["validate", "--date-format", "hired=yy/mm/dd", str(contracts)]) == 2
    assert "--date-format" in capsys.readouterr().err
