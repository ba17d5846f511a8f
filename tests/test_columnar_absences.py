"""The columnar read of absences files (the ``fast`` engine, #12): the same rows, problems and
counts as the row reader (``read_absences``) and the ``python`` engine, whatever the cells,
whatever the chunks (cut anywhere between lines, one employee across several)."""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import AbsenceRow, Problem, RunSummary, read_absences, read_workforce

pytest.importorskip("pyarrow", reason="the columnar reader needs the fast extra")
from teleaccord.io import columnar

CONTRACTS = "employee,hired\nE1,2020-01-06\nE2,2020-01-06\nE3,2020-01-06\n"
# Each column's cells: mostly the usual ones, and some the row reader reads otherwise or refuses.
CELLS = {
    "start": [
        "2025-03-03",
        "2025-03-05",
        "2025-03-05",
        " 2025-03-04 ",
        "2025-02-30",
        "",
        "0000-01-01",
    ],
    "end": ["", "", "2025-03-07", "2025-03-07", "2025-03-01", "soon", "2025-3-9", "  "],
    "kind": ["paid_leave", "paid_leave", "rtt", "RTT", "Site visit", "", "'=x", "strike", "a,b"],
    "half": ["", "", "", "am", "pm", "PM", "matin"],
    "start_half": ["", "", "", "pm", "am", " pm"],
    "end_half": ["", "", "", "am", "pm", "matin"],
    "id": ["A1", "A2", "A3", "", " A4 ", "'=A5", "'quoted"],
    "source": ["", "hris", " hris "],
}
OPTIONAL = ["end", "half", "start_half", "end_half", "id", "source"]


@st.composite
def absence_files(draw: st.DrawFn) -> bytes:
    """An absences file in UTF-8: some optional columns in any order, rows of E1, E2, E3
    (spaces around some), some cut short or too long, a blank line now and then, quoted
    cells, Windows line ends."""
    columns = ["employee", "start", "kind"]
    columns += draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    columns = draw(st.permutations(columns))
    lines = [",".join(columns)]
    for employee in ("E1", "E2", "E3"):
        for _ in range(draw(st.integers(0, 6))):
            cells = [
                draw(st.sampled_from([employee] * 6 + [f" {employee} ", ""]))
                if name == "employee"
                else draw(st.sampled_from(CELLS[name]))
                for name in columns
            ]
            shape = draw(st.sampled_from(["as is"] * 8 + ["short", "long"]))
            if shape == "short":
                cells = cells[:-1]
            elif shape == "long":
                cells.append("extra")
            lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
            if draw(st.integers(0, 14)) == 0:
                lines.append("")
    end = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return (end.join(lines) + end).encode("utf-8")


def through(
    path: Path, engine: str
) -> tuple[list[AbsenceRow], list[tuple[str, str, str]], tuple[int, int]]:
    problems: list[Problem] = []
    summary = RunSummary()
    records = read_workforce(
        io.StringIO(CONTRACTS),
        absences=path,
        names=(None, None, None, "absences.csv"),
        on_problem=problems.append,
        summary=summary,
        engine=engine,
    )
    rows = [row for record in records for row in record.absences]
    counts = summary.files["absences"]
    return rows, [(p.path, p.message, p.code) for p in problems], (counts.rows, counts.skipped)


@given(data=absence_files(), chunk=st.sampled_from([1 << 20, 40, 97]))
def test_the_fast_engine_reads_absences_as_the_row_reader_does(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, chunk: int
) -> None:
    path = tmp_path_factory.mktemp("absences") / "absences.csv"
    path.write_bytes(data)
    with mock.patch.object(columnar, "CHUNK_SIZE", chunk):
        fast = through(path, "fast")
    python = through(path, "python")
    assert fast == python
    problems: list[Problem] = []
    expected = list(read_absences(path, name="absences.csv", on_problem=problems.append))
    assert fast[0] == expected
    assert fast[1] == [(p.path, p.message, p.code) for p in problems]


def test_typed_absences_types_the_dates_and_leaves_the_rest_to_the_reader() -> None:
    data = (
        b"E1,2025-07-01,2025-07-14,paid_leave, A1 \n"
        b"E1,2025-02-30,,rtt,A2\n"  # no 30 February: the row reader says so
        b"E2,2025-03-03,,rtt,A3\n"  # a blank end: the first day
        b"E2, 2025-03-04,2025-3-5,rtt,A4\n"  # not written the usual way
    )
    index = {"employee": 0, "start": 1, "end": 2, "kind": 3, "id": 4}
    found = columnar.typed_absences(
        columnar.BookingChunk(7, 0, data), delimiter=",", width=5, index=index
    )
    assert found is not None
    july_1 = 739_433  # date(2025, 7, 1).toordinal()
    march_3 = july_1 - 120
    assert found.lines == [7, 8, 9, 10]
    assert found.firsts == [july_1, None, march_3, None]
    assert found.lasts == [july_1 + 13, None, march_3, None]
    assert found.cells["id"] == ["A1", "A2", "A3", "A4"]  # stripped


@pytest.mark.parametrize(
    "data",
    [
        b'E1,2025-07-01,"paid_leave"\n',  # a quote
        b"E1,2025-07-01,rtt\n\nE2,2025-07-01,rtt\n",  # a blank line
        b"E1,2025-07-01,rtt\nE2,2025-07-01\n",  # a short row
        b"E1,2025-07-01,cong\xe9\n",  # not UTF-8
    ],
)
def test_a_chunk_not_plain_is_left_to_the_csv_reader(data: bytes) -> None:
    index = {"employee": 0, "start": 1, "kind": 2}
    chunk = columnar.BookingChunk(2, 0, data)
    assert columnar.typed_absences(chunk, delimiter=",", width=3, index=index) is None


def test_a_plain_file_is_read_by_the_columnar_reader(tmp_path: Path) -> None:
    path = tmp_path / "absences.csv"
    path.write_bytes(
        b"employee,start,end,kind,end_half,id\n"
        b"E1,2025-07-07,2025-07-18,paid_leave,,A1\n"
        b"E1,2025-03-10,,rtt,am,A2\n"
        b"E2,2025-05-05,2025-05-06,training,,\n"
    )
    with mock.patch.object(columnar, "typed_absences", wraps=columnar.typed_absences) as typed:
        fast = through(path, "fast")
    assert typed.call_count >= 1  # a chunk per run of employees
    assert fast == through(path, "python")
    got = [(r.employee, r.line, r.absence.absence_id, r.absence.days.days) for r in fast[0]]
    assert got == [
        ("E1", 2, "A1", 12),
        ("E1", 3, "A2", 1),
        ("E2", 4, "E2:training:2025-05-05..2025-05-06", 2),
    ]
    assert fast[2] == (3, 0)
