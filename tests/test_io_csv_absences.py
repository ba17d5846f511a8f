"""The absences file as the workforce reader reads it (#12): rows of the usual shape are read
without the row reader, any other by it; both give the rows, problems and counts of
``read_absences`` (the row reader alone), whatever the cells."""

from __future__ import annotations

import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    AbsenceRow,
    HalfDay,
    Problem,
    RunSummary,
    read_absences,
    read_workforce,
)

CONTRACTS = "employee,hired\nE1,2020-01-06\nE2,2020-01-06\n"
# Each column's cells: the usual ones, and some the row reader reads otherwise or refuses.
CELLS = {
    "start": ["2025-03-03", "2025-03-05", " 2025-03-04 ", "2025-02-30", "03/03/2025", ""],
    "end": ["", "", "2025-03-07", "2025-03-03", "2025-03-01", "soon"],
    "kind": ["paid_leave", "rtt", "RTT", "Site visit", "", "'=x", "sickness", "strike"],
    "half": ["", "", "am", "pm", "PM", "matin", "noon"],
    "start_half": ["", "", "pm", "am", "PM"],
    "end_half": ["", "", "am", "pm", "matin"],
    "id": ["", "A1", "A2", " A3 ", "'=A4", "'quoted"],
    "source": ["", "hris", " hris "],
    "country": ["", "DE", "de", "XX"],
}
OPTIONAL = ["end", "half", "start_half", "end_half", "id", "source", "country"]


@st.composite
def absence_files(draw: st.DrawFn) -> str:
    """An absences file: some optional columns in any order, rows of E1 then E2 (spaces
    around some), some cut short or too long, a blank line."""
    columns = ["employee", "start", "kind"]
    columns += draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    columns = draw(st.permutations(columns))
    lines = [",".join(columns)]
    for employee in ("E1", "E2"):
        for _ in range(draw(st.integers(0, 5))):
            cells = [
                draw(st.sampled_from([employee, employee, f" {employee} ", ""]))
                if name == "employee"
                else draw(st.sampled_from(CELLS[name]))
                for name in columns
            ]
            shape = draw(st.sampled_from(["as is"] * 6 + ["short", "long", "long blank"]))
            if shape == "short":
                cells = cells[:-1]
            elif shape == "long":
                cells.append("extra")
            elif shape == "long blank":
                cells.append("")
            lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
            if draw(st.integers(0, 9)) == 0:
                lines.append("")
    return "\n".join(lines) + "\n"


def through_workforce(text: str) -> tuple[list[AbsenceRow], list[Problem], tuple[int, int]]:
    problems: list[Problem] = []
    summary = RunSummary()
    records = read_workforce(
        io.StringIO(CONTRACTS),
        absences=io.StringIO(text),
        on_problem=problems.append,
        summary=summary,
    )
    rows = [row for record in records for row in record.absences]
    counts = summary.files["absences"]
    return rows, problems, (counts.rows, counts.skipped)


def alone(text: str) -> tuple[list[AbsenceRow], list[Problem]]:
    problems: list[Problem] = []
    rows = list(read_absences(io.StringIO(text), on_problem=problems.append))
    return rows, problems


@given(text=absence_files())
def test_the_workforce_reader_reads_absences_as_the_row_reader_does(text: str) -> None:
    rows, problems, (count, skipped) = through_workforce(text)
    expected, expected_problems = alone(text)
    assert rows == expected
    assert [(p.path, p.message, p.code) for p in problems] == [
        (p.path, p.message, p.code) for p in expected_problems
    ]
    data_lines = [line for line in text.splitlines()[1:] if line]
    assert (count, skipped) == (len(data_lines), len(data_lines) - len(expected))


def test_usual_rows_give_the_absences_written() -> None:
    # Hand-written: what each usual row means.
    text = (
        "employee,start,end,kind,half,start_half,end_half,id,source\n"
        "E1,2025-07-07,2025-07-18,paid_leave,,,,A1,hris\n"
        "E1,2025-03-10,,rtt,am,,,A2,\n"
        "E1,2025-04-01,2025-04-03,sickness,,pm,am,,\n"
        "E2,2025-05-05,2025-05-05,training,pm,,,A3,\n"
    )
    rows, problems, counts = through_workforce(text)
    assert problems == []
    assert counts == (4, 0)
    got = [
        (
            r.employee,
            r.line,
            a.absence_id,
            a.kind,
            a.days.start,
            a.days.end,
            a.start_half,
            a.end_half,
            a.source,
        )
        for r in rows
        for a in [r.absence]
    ]
    assert got == [
        ("E1", 2, "A1", "paid_leave", date(2025, 7, 7), date(2025, 7, 18), None, None, "hris"),
        ("E1", 3, "A2", "rtt", date(2025, 3, 10), date(2025, 3, 10), None, HalfDay.MORNING, ""),
        (
            "E1",
            4,
            "E1:sickness:2025-04-01..2025-04-03",
            "sickness",
            date(2025, 4, 1),
            date(2025, 4, 3),
            HalfDay.AFTERNOON,
            HalfDay.MORNING,
            "",
        ),
        (
            "E2",
            5,
            "A3",
            "training",
            date(2025, 5, 5),
            date(2025, 5, 5),
            HalfDay.AFTERNOON,
            None,
            "",
        ),
    ]
