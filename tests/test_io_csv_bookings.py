"""The bookings file as the workforce reader reads it (#18): each employee's rows are read
column by column when every cell is usual, by the row reader otherwise; both give the
bookings, problems and counts of ``read_bookings`` (the row reader alone), whatever the
cells, quotes, spaces, row widths, blank lines and column order."""

from __future__ import annotations

import io

from hypothesis import example, given
from hypothesis import strategies as st

from teleaccord import BookingColumns, Problem, RunSummary, read_bookings, read_workforce

CONTRACTS = "employee,hired\nE1,2020-01-06\nE2,2020-01-06\n"
# Each column's cells: the usual ones, and some the row reader reads otherwise or refuses.
CELLS = {
    "date": ["2025-03-03", "2025-03-04", " 2025-03-05 ", "2025-02-30", "03/03/2025", ""],
    "half": ["", "", "am", "pm", "PM", "matin", "noon"],
    "status": ["booked", "booked", "cancelled", "", "Booked", "maybe"],
    "id": ["", "B1", "B2", " B3 ", "'=B4", "B,5", 'B"6'],
    "recorded_at": [
        "2025-03-01T08:00:00+01:00",
        "2025-03-01T08:00:00Z",
        "2025-03-01T08:00:00",
        "",
        "soon",
    ],
    "kind": ["", "", "home", "'=x", " site "],
}
OPTIONAL = ["half", "status", "id", "recorded_at", "kind"]


def _quoted(cell: str) -> str:
    if any(c in cell for c in ',"\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def booking_files(draw: st.DrawFn) -> str:
    """A bookings file: some optional columns in any order, rows of E1 then E2 (spaces
    around some), some cut short or too long, some quoted or with a line break in a
    quoted cell, blank lines (an employee left blank would sort first: not sorted)."""
    columns = ["employee", "date"]
    columns += draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    columns = draw(st.permutations(columns))
    lines = [",".join(columns)]
    for employee in ("E1", "E2"):
        for _ in range(draw(st.integers(0, 6))):
            cells = [
                draw(st.sampled_from([employee] * 4 + [f" {employee} "]))
                if name == "employee"
                else draw(st.sampled_from(CELLS[name]))
                for name in columns
            ]
            shape = draw(st.sampled_from(["as is"] * 8 + ["short", "long", "long blank", "break"]))
            if shape == "short" and columns[-1] != "employee":
                cells = cells[:-1]
            elif shape == "long":
                cells.append("extra")
            elif shape == "long blank":
                cells.append("")
            elif shape == "break" and columns[-1] != "employee":
                cells[-1] += "\nmore"
            lines.append(",".join(map(_quoted, cells)))
            if draw(st.integers(0, 9)) == 0:
                lines.append("")
    return "\n".join(lines) + "\n"


def through_workforce(text: str) -> tuple[dict[str, BookingColumns], list[Problem], int]:
    problems: list[Problem] = []
    summary = RunSummary()
    records = read_workforce(
        io.StringIO(CONTRACTS),
        io.StringIO(text),
        on_problem=problems.append,
        summary=summary,
    )
    found = {r.employee: r.bookings for r in records if r.bookings.size}
    counts = summary.files["bookings"]
    return found, problems, counts.skipped


def alone(text: str) -> tuple[dict[str, BookingColumns], list[Problem]]:
    problems: list[Problem] = []
    rows = list(read_bookings(io.StringIO(text), on_problem=problems.append))
    employees = sorted({r.employee for r in rows})
    found = {e: BookingColumns.from_rows(r for r in rows if r.employee == e) for e in employees}
    return found, problems


@given(text=booking_files())
@example(text="employee,id,half,date\nE2,'=B4,,2025-03-03\n")  # a neutralised id, restored
@example(text='employee,date,id\nE1,2025-03-03,"B\n1"\n\nE1,2025-03-04,B2\n')
def test_the_workforce_reader_reads_bookings_as_the_row_reader_does(text: str) -> None:
    found, problems, skipped = through_workforce(text)
    expected, expected_problems = alone(text)
    assert found == expected
    assert [(p.path, p.message, p.code) for p in problems] == [
        (p.path, p.message, p.code) for p in expected_problems
    ]
    # Each row skipped is reported (once or more, under its line).
    assert skipped == len({p.path.split(":")[1] for p in expected_problems})


def test_usual_rows_give_the_bookings_written() -> None:
    # Hand-written: what each usual row means, with its line (a quoted line break and a
    # blank line count as lines of the file).
    text = (
        "employee,date,half,status,id\n"
        "E1,2025-03-03,,booked,B1\n"
        "\n"
        'E1,2025-03-04,am,cancelled,"B\n2"\n'
        "E2,2025-03-05,pm,booked,B3\n"
    )
    found, problems, skipped = through_workforce(text)
    assert problems == []
    assert skipped == 0
    e1, e2 = found["E1"], found["E2"]
    assert [d.isoformat() for d in e1.days] == ["2025-03-03", "2025-03-04"]
    assert e1.halves == ("", "am")
    assert e1.statuses == ("booked", "cancelled")
    assert e1.ids == ("B1", "B\n2")
    assert e1.lines == (2, 5)
    assert (e2.halves, e2.ids, e2.lines) == (("pm",), ("B3",), (6,))
