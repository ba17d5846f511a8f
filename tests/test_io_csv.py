"""CSV files: the conventions (encoding, separator, header names, values) and the problems."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import employment_contracts
from teleaccord import (
    Amendment,
    Contract,
    EmployeeContract,
    HalfDay,
    InvalidValue,
    LoadError,
    Problem,
    WorkPattern,
    year_range,
)
from teleaccord.io.csv import (
    ADJUSTMENTS,
    BALANCES,
    BOOKINGS,
    COLUMN_KINDS,
    CONTRACTS,
    CSV_FORMATS,
    ContractRow,
    CsvColumn,
    contract_from_rows,
    csv_schema,
    read_adjustments,
    read_bookings,
    read_contract_rows,
    read_contracts,
    read_workforce,
    sample_workforce,
    write_balances,
    write_bookings,
    write_contracts,
)
from teleaccord.workforce import BOOKED, CANCELLED, BalanceRow, BookingRow, RunSummary

DOCS = Path(__file__).resolve().parents[1] / "docs" / "reference" / "schemas"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def collect() -> tuple[list[Problem], object]:
    found: list[Problem] = []
    return found, found.append


# -- conventions -----------------------------------------------------------------------------


def test_a_french_spreadsheet_export_reads_with_bom_semicolons_and_french_headers(
    tmp_path: Path,
) -> None:
    text = (
        "Matricule;Date d'effet;Date d'embauche;Date de sortie;Taux d'activité;Rythme;Équipe\r\n"
        "E001;;2019-09-02;;80 %;Mo Tu Th Fr;Sinistres\r\n"
        "E001;2024-07-01;;;0,9;Mo Tu We Th:am Fr;\r\n"
    )
    path = write(tmp_path, "contrats.csv", "\ufeff" + text)
    (contract,) = read_contracts(path)
    segments = contract.contract.segments
    assert [s.fraction for s in segments] == [Fraction(4, 5), Fraction(9, 10)]
    assert str(segments[1].pattern) == "Mo Tu We Th:am Fr"
    assert segments[1].team == "Sinistres"  # a blank cell keeps the previous value


def test_the_separator_is_sniffed_from_the_header_line() -> None:
    for sep in (",", ";", "\t"):
        text = sep.join(["employee", "date", "half"]) + "\n" + sep.join(["E1", "2024-03-05", "am"])
        (row,) = read_bookings(io.StringIO(text + "\n"))
        assert (row.employee, row.day, row.half) == ("E1", date(2024, 3, 5), HalfDay.MORNING)


def test_header_names_are_matched_ignoring_case_accents_and_punctuation() -> None:
    text = "EMPLOYEE ID,Booking-Date,Demi-journée,Statut,Booking ID,Recorded At\n"
    text += "E1,2024-03-05,Après-midi,Annulé,B7,2024-03-01T09:00:00Z\n"
    (row,) = read_bookings(io.StringIO(text))
    assert row.half is HalfDay.AFTERNOON
    assert row.status == CANCELLED
    assert row.booking_id == "B7"
    assert row.recorded_at == datetime(2024, 3, 1, 9, tzinfo=timezone.utc)


def test_unknown_columns_are_ignored() -> None:
    text = "employee,name,email,date\nE1,Ana,ana@example.org,2024-03-05\n"
    assert [r.day for r in read_bookings(io.StringIO(text))] == [date(2024, 3, 5)]


def test_decimal_comma_and_fractions_in_amounts() -> None:
    text = "employee;period;amount;reason;by\nE1;2024;-1,5;correction;hr\nE2;2024-06;1/2;x;hr\n"
    rows = list(read_adjustments(io.StringIO(text)))
    assert [r.amount for r in rows] == [Fraction(-3, 2), Fraction(1, 2)]
    assert [r.day for r in rows] == [date(2024, 1, 1), date(2024, 6, 1)]


def test_blank_lines_are_skipped_and_line_numbers_stay_exact() -> None:
    text = "employee,date\n\nE1,2024-03-05\n\nE1,not a date\n"
    found, report = collect()
    rows = list(read_bookings(io.StringIO(text), name="b.csv", on_problem=report))
    assert [r.line for r in rows] == [3]
    assert [p.path for p in found] == ["b.csv:5:date"]


# -- problems --------------------------------------------------------------------------------


def test_every_bad_cell_is_reported_with_file_line_and_column_as_written() -> None:
    text = (
        "Matricule,Date,Demi-journée,Statut,Recorded_at\n"
        "E1,2024-02-30,am,booked,2024-03-01T09:00:00+01:00\n"
        "E1,2024-03-05,evening,maybe,2024-03-01T09:00:00\n"
        ",2024-03-06,,,\n"
        "E2,2024-03-07,,,\n"
    )
    found, report = collect()
    rows = list(read_bookings(io.StringIO(text), name="bookings.csv", on_problem=report))
    assert [r.line for r in rows] == [5]
    assert [(p.path, p.code) for p in found] == [
        ("bookings.csv:2:Date", "invalid_date"),
        ("bookings.csv:3:Demi-journée", "invalid_half_day"),
        ("bookings.csv:3:Statut", "invalid_status"),
        ("bookings.csv:3:Recorded_at", "naive_timestamp"),
        ("bookings.csv:4:Matricule", "missing_value"),
    ]
    assert all(p.message and not p.message.endswith(".") for p in found)


def test_without_a_handler_all_problems_of_a_file_come_in_one_load_error() -> None:
    text = "employee,hired,fraction\nE1,2020-01-01,1.2\nE2,someday,1\nE3,2020-01-01,1\n"
    read: list[str] = []
    rows = read_contract_rows(io.StringIO(text), name="c.csv")
    with pytest.raises(LoadError) as caught:
        read.extend(r.employee for r in rows)
    assert read == ["E3"]  # the good rows are read first
    assert [p.path for p in caught.value.problems] == ["c.csv:2:fraction", "c.csv:3:hired"]
    assert str(caught.value).startswith("c.csv: 2 problems:")


def test_a_missing_required_column_stops_the_file_before_any_row() -> None:
    with pytest.raises(LoadError) as caught:
        list(read_bookings(io.StringIO("employee,day_of_week\nE1,Mo\n"), name="b.csv"))
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("b.csv:1", "missing_column")
    assert "'date'" in problem.message
    assert "jour" in problem.message


def test_two_columns_with_the_same_meaning_are_refused() -> None:
    with pytest.raises(LoadError) as caught:
        list(read_bookings(io.StringIO("employee,matricule,date\nE1,E1,2024-03-05\n")))
    assert caught.value.problems[0].code == "duplicate_column"


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        list(read_bookings(io.StringIO(""), name="b.csv"))
    assert caught.value.problems[0].code == "missing_header"


def test_a_file_that_is_not_utf8_names_the_first_bad_line(tmp_path: Path) -> None:
    text = "employee,date\nE1,2024-03-05\n" * 3 + "Hélène,2024-03-05\n"
    path = write(tmp_path, "b.csv", text, encoding="latin-1")
    with pytest.raises(LoadError) as caught:
        list(read_bookings(path, encoding="utf-8"))
    (problem,) = caught.value.problems
    assert problem.code == "invalid_encoding"
    assert problem.path.endswith("b.csv:7")
    assert "CSV UTF-8" in problem.message


def test_another_encoding_can_be_named(tmp_path: Path) -> None:
    path = write(tmp_path, "b.csv", "salarié,date\nHélène,2024-03-05\n", encoding="cp1252")
    (row,) = read_bookings(path, encoding="cp1252")
    assert row.employee == "Hélène"


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        list(read_bookings(tmp_path / "nowhere.csv"))
    assert caught.value.problems[0].code == "unreadable_file"


def test_a_row_with_more_cells_than_the_header_is_reported() -> None:
    text = "employee,date\nE1,2024-03-05,oops\nE1,2024-03-06,\n"
    found, report = collect()
    rows = list(read_bookings(io.StringIO(text), name="b.csv", on_problem=report))
    assert [r.line for r in rows] == [3]  # a trailing empty cell is harmless
    assert [(p.path, p.code) for p in found] == [("b.csv:2", "too_many_cells")]


# -- contracts -------------------------------------------------------------------------------


def row(**kw: object) -> ContractRow:
    return ContractRow(**{"employee": "E1", "line": 2, **kw})  # type: ignore[arg-type]


def test_a_contract_is_its_initial_terms_then_its_amendments_in_date_order() -> None:
    rows = [
        row(line=4, effective=date(2024, 9, 1), team="b"),
        row(line=2, hired=date(2020, 1, 6), last_day=date(2024, 12, 20), fraction=Fraction(1)),
        row(
            line=3,
            effective=date(2024, 3, 1),
            fraction=Fraction(4, 5),
            pattern=WorkPattern.parse("Mo Tu Th Fr"),
            statuses=frozenset({"carer"}),
        ),
    ]
    ec = contract_from_rows(rows)
    c = ec.contract
    assert (c.hired, c.last_day) == (date(2020, 1, 6), date(2024, 12, 20))
    assert [(s.start, s.fraction, s.team) for s in c.segments] == [
        (date(2020, 1, 6), Fraction(1), None),
        (date(2024, 3, 1), Fraction(4, 5), None),
        (date(2024, 9, 1), Fraction(4, 5), "b"),
    ]
    assert ec.statuses_in(year_range(2024)) == {"carer"}
    assert ec.statuses_in(year_range(2023)) == frozenset()


def test_a_pattern_alone_gives_its_own_fraction() -> None:
    ec = contract_from_rows([row(hired=date(2024, 1, 1), pattern=WorkPattern.parse("Mo Tu We"))])
    assert ec.contract.segments[0].fraction == Fraction(3, 5)


@pytest.mark.parametrize(
    ("rows", "code", "path"),
    [
        ([row(), row(line=3)], "missing_value", "contracts:2:hired"),
        (
            [row(hired=date(2020, 1, 1)), row(line=3, hired=date(2021, 1, 1))],
            "conflicting_values",
            "contracts:3:hired",
        ),
        (
            [row(hired=date(2020, 1, 1), effective=date(2020, 2, 1))],
            "first_state_after_hire",
            "contracts:2:effective",
        ),
        (
            [row(hired=date(2020, 1, 1)), row(line=3, effective=date(2019, 1, 1))],
            "amendment_outside_contract",
            "contracts:3:effective",
        ),
        (
            [row(hired=date(2020, 1, 1), last_day=date(2019, 1, 1))],
            "last_day_before_hire",
            "contracts:2:last_day",
        ),
        (
            [
                row(hired=date(2020, 1, 1)),
                row(line=3, effective=date(2021, 1, 1)),
                row(line=4, effective=date(2021, 1, 1)),
            ],
            "overlapping_amendments",
            "contracts:4:effective",
        ),
    ],
)
def test_an_impossible_contract_names_the_row_and_column(
    rows: list[ContractRow], code: str, path: str
) -> None:
    with pytest.raises(LoadError) as caught:
        contract_from_rows(rows)
    first = caught.value.problems[0]
    assert (first.path, first.code) == (path, code)


def test_contract_rows_of_an_employee_must_be_together() -> None:
    text = "employee,hired\nE1,2020-01-01\nE2,2020-01-01\nE1,2021-01-01\n"
    found, report = collect()
    contracts = list(read_contracts(io.StringIO(text), name="c.csv", on_problem=report))
    assert [c.employee for c in contracts] == ["E1", "E2"]
    assert [(p.path, p.code) for p in found] == [("c.csv:4:employee", "split_rows")]


def test_a_rotating_cycle_without_its_anchor_is_reported_on_the_anchor_column() -> None:
    text = "employee,hired,pattern,anchor\nE1,2020-01-01,Mo Tu / We Th,\n"
    found, report = collect()
    assert list(read_contracts(io.StringIO(text), name="c.csv", on_problem=report)) == []
    assert [(p.path, p.code) for p in found] == [("c.csv:2:anchor", "missing_anchor")]


# -- the workforce stream --------------------------------------------------------------------


def test_files_are_merged_by_employee_and_employees_without_contract_still_appear() -> None:
    contracts = "employee,hired\nE1,2020-01-01\nE3,2020-01-01\n"
    bookings = "employee,date\nE1,2024-03-05\nE2,2024-03-05\nE3,2024-03-06\n"
    adjustments = "employee,period,amount,reason,by\nE3,2024,1,x,hr\nE4,2024,1,x,hr\n"
    records = list(
        read_workforce(io.StringIO(contracts), io.StringIO(bookings), io.StringIO(adjustments))
    )
    assert [
        (r.employee, r.contract is not None, r.bookings.size, len(r.adjustments)) for r in records
    ] == [
        ("E1", True, 1, 0),
        ("E2", False, 1, 0),
        ("E3", True, 1, 1),
        ("E4", False, 0, 1),
    ]


def test_an_unsorted_file_is_an_error_naming_the_first_row_out_of_order() -> None:
    contracts = "employee,hired\nE1,2020-01-01\nE2,2020-01-01\n"
    bookings = "employee,date\nE2,2024-03-05\nE1,2024-03-05\n"
    with pytest.raises(LoadError) as caught:
        list(
            read_workforce(
                io.StringIO(contracts), io.StringIO(bookings), names=(None, "b.csv", None)
            )
        )
    assert caught.value.code == "unsorted_input"
    assert caught.value.problems[0].path == "b.csv:3:employee"


def test_unsorted_files_can_be_indexed_in_memory() -> None:
    contracts = "employee,hired\nE2,2020-01-01\nE1,2020-01-01\n"
    bookings = "employee,date\nE2,2024-03-05\nE1,2024-03-05\nE2,2024-03-06\n"
    summary = RunSummary()
    records = list(
        read_workforce(
            io.StringIO(contracts), io.StringIO(bookings), unsorted="index", summary=summary
        )
    )
    assert [(r.employee, r.bookings.size) for r in records] == [("E1", 1), ("E2", 2)]
    assert summary.indexed


class CountingLines(io.StringIO):
    """A text stream that counts the lines handed out."""

    read_lines = 0

    def __next__(self) -> str:
        CountingLines.read_lines += 1
        return super().__next__()


def test_the_workforce_is_streamed_one_employee_at_a_time() -> None:
    contracts = "employee,hired\n" + "".join(f"E{n:04d},2020-01-01\n" for n in range(500))
    bookings = "employee,date\n" + "".join(
        f"E{n:04d},2024-03-{d:02d}\n" for n in range(500) for d in (4, 5, 6)
    )
    CountingLines.read_lines = 0
    stream = read_workforce(io.StringIO(contracts), CountingLines(bookings))
    first = next(stream)
    assert first.employee == "E0000"
    assert first.bookings.size == 3
    assert CountingLines.read_lines < 10  # the rest of the file is not read yet
    stream.close()


def test_cells_with_surrounding_spaces_read_like_clean_ones() -> None:
    clean = "employee,date,half,status,id\nE1,2024-03-05,am,booked,B1\nE1,2024-03-06,,booked,B2\n"
    spaced = (
        "employee,date,half,status,id\n E1 , 2024-03-05 , AM , Booked , B1 \nE1,2024-03-06,,,B2\n"
    )
    a = next(read_workforce(io.StringIO("employee,hired\nE1,2020-01-01\n"), io.StringIO(clean)))
    b = next(read_workforce(io.StringIO("employee,hired\nE1,2020-01-01\n"), io.StringIO(spaced)))
    assert a.bookings._replace(lines=()) == b.bookings._replace(lines=())


# Bookings written in any of the accepted spellings read back as the same rows, on the fast
# path (known values) and on the careful one (first sight of a value, odd spellings).
halves = st.sampled_from([None, HalfDay.MORNING, HalfDay.AFTERNOON])
spellings = {
    None: ["", " "],
    HalfDay.MORNING: ["am", "AM", "matin", "morning"],
    HalfDay.AFTERNOON: ["pm", "après-midi", "Afternoon"],
    BOOKED: ["booked", "", "approved", "Booked"],
    CANCELLED: ["cancelled", "canceled", "annulé"],
}
booking_rows = st.lists(
    st.tuples(
        st.integers(1, 5),
        st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        halves,
        st.sampled_from([BOOKED, CANCELLED]),
        st.none() | st.from_regex(r"B[0-9]{1,4}", fullmatch=True),
        st.none() | st.integers(-12, 12),
    ),
    max_size=30,
).map(lambda rows: sorted(rows, key=lambda r: r[0]))


@given(booking_rows, st.sampled_from([",", ";"]), st.booleans(), st.data())
def test_bookings_read_back_as_written_whatever_the_spelling(
    rows: list[tuple[int, date, HalfDay | None, str, str | None, int | None]],
    sep: str,
    bom: bool,
    data: st.DataObject,
) -> None:
    lines = [sep.join(["Employee", "Date", "Half", "Status", "Booking ID", "recorded_at"])]
    expected = []
    for n, (who, day, half, status, ident, offset) in enumerate(rows, start=2):
        stamp = None
        if offset is not None:
            stamp = datetime(2020, 1, 1, 9, tzinfo=timezone(timedelta(hours=offset)))
        lines.append(
            sep.join(
                [
                    f"E{who}",
                    day.isoformat(),
                    data.draw(st.sampled_from(spellings[half])),
                    data.draw(st.sampled_from(spellings[status])),
                    ident or "",
                    stamp.isoformat() if stamp else "",
                ]
            )
        )
        expected.append(BookingRow(f"E{who}", day, half, status, ident, stamp, n))
    text = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    assert list(read_bookings(io.StringIO(text))) == expected
    contracts = "employee,hired\n" + "".join(f"E{n},2020-01-01\n" for n in range(1, 6))
    merged = [
        b
        for r in read_workforce(io.StringIO(contracts), io.StringIO(text))
        for b in r.bookings.rows(r.employee)
    ]
    assert merged == expected


# -- writing ---------------------------------------------------------------------------------


def balance(**kw: object) -> BalanceRow:
    base: dict[str, object] = {
        "employee": "E1",
        "period": year_range(2024),
        "label": "2024",
        "entitlement_exact": Fraction(9200, 183),
        "entitlement": Fraction(101, 2),
        "booked": Fraction(21, 2),
        "cancelled": Fraction(1),
    }
    return BalanceRow(**{**base, **kw})  # type: ignore[arg-type]


def test_balances_are_written_as_csv_with_the_documented_columns() -> None:
    out = io.StringIO()
    assert write_balances([balance(), balance(employee="E2")], out, exact=True) == 2
    header, first, _ = out.getvalue().splitlines()
    assert header.split(",") == [c.name for c in BALANCES.columns]
    assert first == "E1,2024,2024-01-01,2024-12-31,9200/183,50.5,0,0,10.5,1,0,41,0,default"


def test_balances_csv_is_a_report_with_two_decimals_by_default() -> None:
    out = io.StringIO()
    write_balances([balance()], out)
    first = out.getvalue().splitlines()[1]
    assert (
        first
        == "E1,2024,2024-01-01,2024-12-31,50.27,50.50,0.00,0.00,10.50,1.00,0.00,41.00,0.00,default"
    )


def test_contracts_and_bookings_stay_exact_data_files() -> None:
    assert COLUMN_KINDS["amount"].rounded is not None
    assert all(COLUMN_KINDS[c.kind].rounded is None for c in CONTRACTS.columns)
    assert all(COLUMN_KINDS[c.kind].rounded is None for c in BOOKINGS.columns)


def test_balances_for_a_french_spreadsheet_use_semicolons_and_decimal_commas() -> None:
    out = io.StringIO()
    write_balances([balance()], out, delimiter=";", decimal_comma=True, exact=True)
    assert out.getvalue().splitlines()[1] == (
        "E1;2024;2024-01-01;2024-12-31;9200/183;50,5;0;0;10,5;1;0;41;0;default"
    )
    out = io.StringIO()
    write_balances([balance()], out, delimiter=";", decimal_comma=True)
    assert out.getvalue().splitlines()[1] == (
        "E1;2024;2024-01-01;2024-12-31;50,27;50,50;0,00;0,00;10,50;1,00;0,00;41,00;0,00;default"
    )


def test_balances_csv_neutralises_formulas_keeps_signs_and_writes_every_row() -> None:
    # More rows than the writer takes in one call, the same amounts (the same Fraction
    # objects) in many rows, signed amounts and cells a spreadsheet would run.
    half = Fraction(-3, 2)
    rows = [balance(employee=f"E{i:04d}", booked=Fraction(60), cancelled=half) for i in range(2500)]
    rows.append(balance(employee="=HYPERLINK(1)", label="-x", booked=Fraction(60)))
    rows.append(balance(employee="+3", booked=Fraction(61, 3)))
    out = io.StringIO()
    assert write_balances(rows, out) == 2502
    lines = out.getvalue().splitlines()
    assert len(lines) == 2503
    # remaining: 50.5 - 60 + (-1.5) = -11; then 50.5 - 60 + 1 = -8.5; 50.5 - 61/3 + 1 = 187/6
    assert lines[1] == (
        "E0000,2024,2024-01-01,2024-12-31,50.27,50.50,0.00,0.00,60.00,-1.50,0.00,-11.00,0.00,default"
    )
    assert lines[2500].startswith("E2499,2024,")
    assert lines[2501] == (
        "'=HYPERLINK(1),'-x,2024-01-01,2024-12-31,50.27,50.50,0.00,0.00,60.00,1.00,0.00,"
        "-8.50,0.00,default"
    )
    assert lines[2502] == (
        "+3,2024,2024-01-01,2024-12-31,50.27,50.50,0.00,0.00,20.33,1.00,0.00,31.17,0.00,default"
    )
    out = io.StringIO()
    write_balances(rows[-3:], out, delimiter=";", decimal_comma=True, exact=True)
    assert out.getvalue().splitlines()[1:] == [
        "E2499;2024;2024-01-01;2024-12-31;9200/183;50,5;0;0;60;-1,5;0;-11;0;default",
        "'=HYPERLINK(1);'-x;2024-01-01;2024-12-31;9200/183;50,5;0;0;60;1;0;-8,5;0;default",
        "+3;2024;2024-01-01;2024-12-31;9200/183;50,5;0;0;61/3;1;0;187/6;0;default",
    ]
    out = io.StringIO()
    write_balances(rows[-2:-1], out, neutralise=False)
    assert out.getvalue().splitlines()[1].startswith("=HYPERLINK(1),-x,")


def test_balances_in_json_keep_amounts_exact_as_strings() -> None:
    out = io.StringIO()
    write_balances([balance(), balance(employee="E2")], out, format="json")
    data = json.loads(out.getvalue())
    assert [d["employee"] for d in data] == ["E1", "E2"]
    assert data[0]["entitlement_exact"] == "9200/183"
    assert all(isinstance(v, str) for d in data for v in d.values())
    out = io.StringIO()
    write_balances([], out, format="json")
    assert json.loads(out.getvalue()) == []


def test_balances_in_json_lines_are_one_object_a_line() -> None:
    out = io.StringIO()
    write_balances([balance(), balance()], out, format="jsonl")
    assert [json.loads(line)["remaining"] for line in out.getvalue().splitlines()] == ["41", "41"]


# -- schemas ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CSV_FORMATS))
def test_every_format_has_a_json_schema_published_in_the_docs(name: str) -> None:
    schema = csv_schema(name)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["required"]) <= set(schema["properties"])
    published = json.loads((DOCS / f"{name}.csv.schema.json").read_text(encoding="utf-8"))
    assert published == schema, "regenerate with: python tools/csv_schemas.py"


def matches(schema: dict[str, object], value: str) -> bool:
    if "enum" in schema:
        return value.strip().lower() in schema["enum"]  # type: ignore[operator]
    pattern = schema.get("pattern")
    return not value or pattern is None or re.search(str(pattern), value) is not None


@pytest.mark.parametrize(
    ("fmt", "name"),
    [(CONTRACTS, "contracts"), (BOOKINGS, "bookings"), (ADJUSTMENTS, "adjustments")],
)
def test_the_sample_workforce_files_match_their_schemas(fmt: object, name: str) -> None:
    schema = csv_schema(name)
    with sample_workforce().open(f"{name}.csv") as handle:
        header = handle.readline().strip().split(",")
        for line in handle:
            cells = next(iter(__import__("csv").reader([line])))
            for column, value in zip(header, cells, strict=True):
                assert matches(schema["properties"][column], value), (column, value)


# -- column kinds: one table of parsers, writers and schemas --------------------------------


@pytest.mark.parametrize(
    ("name", "column"),
    [(f.name, c) for f in CSV_FORMATS.values() for c in f.columns],
    ids=lambda value: value.name if isinstance(value, CsvColumn) else value,
)
def test_every_column_kind_reads_back_what_it_writes(name: str, column: CsvColumn) -> None:
    kind = COLUMN_KINDS[column.kind]
    value = kind.parse(column.example)
    assert kind.parse(kind.write(value)) == value
    prop = csv_schema(name)["properties"][column.name]
    assert {k: prop[k] for k in kind.schema} == kind.schema


def test_a_bad_cell_is_reported_once_and_its_row_read_again_later() -> None:
    # The parsers' caches keep good values only: a bad date stays bad, a good one stays good.
    text = "employee,date\nE1,2024-02-30\nE1,2024-03-05\nE1,2024-02-30\n"
    found, report = collect()
    rows = list(read_bookings(io.StringIO(text), name="b.csv", on_problem=report))
    assert [r.line for r in rows] == [3]
    assert [p.path for p in found] == ["b.csv:2:date", "b.csv:4:date"]


def test_an_adjustment_with_a_period_does_not_read_its_date() -> None:
    text = "employee,period,date,amount,reason,by\nE1,2024,someday,1,r,hr\nE1,,,1,r,hr\n"
    found, report = collect()
    rows = list(read_adjustments(io.StringIO(text), name="a.csv", on_problem=report))
    assert [r.day for r in rows] == [date(2024, 1, 1)]
    assert [(p.path, p.code) for p in found] == [("a.csv:3:period", "missing_value")]


def test_bad_encoding_in_the_workforce_bookings_names_the_line(tmp_path: Path) -> None:
    contracts = write(tmp_path, "c.csv", "employee,hired\nE1,2020-01-06\n")
    text = "employee,date\n" + "E1,2024-03-05\n" * 3 + "Hélène,2024-03-05\n"
    bookings = write(tmp_path, "b.csv", text, encoding="latin-1")
    with pytest.raises(LoadError) as caught:
        list(read_workforce(contracts, bookings, encoding="utf-8-sig"))
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == (f"{bookings}:5", "invalid_encoding")


# -- writing contracts and bookings, and reading them back -----------------------------------


def has_working_days(contract: Contract) -> bool:
    return all(s.pattern.half_days_per_cycle for s in contract.segments)


@given(
    st.lists(employment_contracts(2025).filter(has_working_days), max_size=3),
    st.sampled_from([",", ";"]),
    st.booleans(),
)
def test_contracts_written_read_back_equal(
    contracts: list[Contract], sep: str, decimal_comma: bool
) -> None:
    unique = {c.employee: c for c in contracts}  # one contract per employee
    ordered = [unique[k] for k in sorted(unique)]
    out = io.StringIO()
    rows = write_contracts(ordered, out, delimiter=sep, decimal_comma=decimal_comma)
    assert rows == sum(len(c.segments) for c in ordered)
    back = [ec.contract for ec in read_contracts(io.StringIO(out.getvalue()))]
    assert back == ordered


def test_statuses_are_written_where_they_change() -> None:
    contract = Contract.from_amendments(
        employee="E1",
        hired=date(2020, 1, 1),
        amendments=[
            Amendment(effective=date(2024, 1, 1), team="b"),
            Amendment(effective=date(2025, 1, 1), team="c"),
        ],
    )
    ec = EmployeeContract(
        contract=contract, statuses=[(date(2020, 1, 1), {"carer"}), (date(2025, 1, 1), set())]
    )
    out = io.StringIO()
    write_contracts([ec], out)
    rows = csv.DictReader(io.StringIO(out.getvalue()))
    assert [row["statuses"] for row in rows] == [
        "carer",
        "",
        "none",
    ]
    (back,) = read_contracts(io.StringIO(out.getvalue()))
    assert back == ec


@given(booking_rows)
def test_bookings_written_read_back_equal(
    rows: list[tuple[int, date, HalfDay | None, str, str | None, int | None]],
) -> None:
    written = [
        BookingRow(
            f"E{who}",
            day,
            half,
            status,
            ident,
            None
            if offset is None
            else datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=offset))),
            n,
        )
        for n, (who, day, half, status, ident, offset) in enumerate(rows, start=2)
    ]
    out = io.StringIO()
    assert write_bookings(written, out, delimiter=";") == len(written)
    assert list(read_bookings(io.StringIO(out.getvalue()))) == written


# -- hostile input (issue 19) -------------------------------------------------------------------


def test_a_cut_row_is_a_problem_not_padding(tmp_path: Path) -> None:
    path = tmp_path / "contracts.csv"
    path.write_text(
        "employee,hired,fraction,category\nE1,2020-01-06,100 %,it\nE2,2021-03-01\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as info:
        list(read_contracts(path))
    assert [(p.path, p.code) for p in info.value.problems] == [(f"{path}:3", "missing_cells")]


def test_a_header_cell_over_the_field_limit_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bookings.csv"
    path.write_text('"' + "x" * 200_000 + '",employee,date\n', encoding="utf-8")
    with pytest.raises(LoadError) as info:
        list(read_bookings(path))
    assert [(p.path, p.code) for p in info.value.problems] == [(f"{path}:1", "invalid_csv")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "no-such-encoding"])
def test_an_encoding_that_cannot_read_csv_is_refused(tmp_path: Path, encoding: str) -> None:
    from teleaccord.io.csv import check_encoding

    path = tmp_path / "bookings.csv"
    path.write_text("employee,date\nE1,2025-01-07\n", encoding="utf-8")
    with pytest.raises(InvalidValue) as info:
        list(read_bookings(path, encoding=encoding))
    assert info.value.code == "unknown_encoding"
    assert check_encoding("cp1252") == "cp1252"
