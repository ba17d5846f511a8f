"""The contracts reader reads a row of the usual shape without the row reader's cell-by-cell
bookkeeping (issue #18). Whatever path a row takes, the rows, the contracts and the problems
must be the same: a row with a quote in any cell always goes through the row reader, so the
same file with a quoted cell in a column the format does not know (``note``) is read entirely
by the row reader, and both readings are compared."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from teleaccord import read_contract_rows, read_contracts
from teleaccord.errors import Problem

HEADER = [
    "employee", "effective", "hired", "last_day", "fraction", "pattern", "anchor",
    "works_holidays", "category", "team", "site", "statuses", "forfait_days", "note",
]  # fmt: skip

# Cells of every column, good and bad, with spaces around some of them.
DATES = ["", "2024-01-01", " 2024-03-04 ", "2025-01-01", "2023-12-31", "2024-02-30", "x"]
CELLS = {
    "effective": DATES,
    "hired": DATES,
    "last_day": DATES,
    "fraction": ["", "80 %", "4/5", "1", "0.5", "0", "1.2", "abc", " 60 % "],
    "pattern": ["", "Mo Tu We Th", "Mo Tu / We Th", "Mo Xx", " Tu We ", "Mo-am Tu"],
    "anchor": ["", "2024-01-01", "2024-01-03", "bad"],
    "works_holidays": ["", "yes", "non", "maybe"],
    "category": ["", "cadre", " employé "],
    "team": ["", "t1", "t2"],
    "site": ["", "Lyon"],
    "statuses": ["", "carer", "carer disabled", "none", "?!"],
    "forfait_days": ["", "218", "x", "-3"],
}


@st.composite
def contract_files(draw: st.DrawFn) -> list[list[str]]:
    """Rows sorted by employee: one to three rows each, some employee cells blank."""
    rows: list[list[str]] = []
    for n in range(draw(st.integers(1, 6))):
        employee = f"E{n}" if draw(st.integers(0, 9)) else ""
        for _ in range(draw(st.integers(1, 3))):
            cells = {name: draw(st.sampled_from(values)) for name, values in CELLS.items()}
            rows.append([employee] + [cells[name] for name in HEADER[1:-1]] + [""])
    return rows


def _read(rows: list[list[str]], note: str) -> tuple[list[object], list[object], list[str]]:
    lines = [",".join(HEADER)] + [",".join([*r[:-1], note]) for r in rows]
    text = "\n".join(lines) + "\n"
    found: list[Problem] = []
    got = list(read_contract_rows(io.StringIO(text), name="c.csv", on_problem=found.append))
    built: list[Problem] = []
    contracts = list(read_contracts(io.StringIO(text), name="c.csv", on_problem=built.append))
    problems = [f"{p.path}|{p.code}|{p.message}" for p in [*found, *built]]
    return list(got), list(contracts), problems


@settings(max_examples=150, deadline=None)
@given(contract_files())
def test_every_row_reads_the_same_on_either_path(rows: list[list[str]]) -> None:
    quick = _read(rows, "")
    careful = _read(rows, "'x")
    assert quick == careful


def test_a_usual_file_reads_as_the_row_reader_reads_it() -> None:
    rows = [
        ["E1", "", "2020-01-06", "", "1", "", "", "", "cadre", "t1", "Lyon", "carer", "", ""],
        ["E1", "2024-07-01", "", "", "80 %", "Mo Tu Th Fr", "", "", "", "", "", "", "", ""],
        ["E2", "", "2024-03-01", "2024-10-31", "", "Mo Tu / We Th", "2024-03-04", "yes", "",
         "", "", "", "", ""],
        ["E3", "", "2024-01-01", "", "", "", "", "", "", "", "", "", "218", ""],
    ]  # fmt: skip
    quick, careful = _read(rows, ""), _read(rows, "'x")
    assert quick == careful
    got, contracts, problems = quick
    assert problems == []
    assert [len(c.contract.segments) for c in contracts] == [2, 1, 1]  # type: ignore[attr-defined]
    # The same pattern text with another anchor is another pattern.
    assert got[2].pattern.anchor.isoformat() == "2024-03-04"  # type: ignore[attr-defined]
