"""Staff on a forfait in days (forfait jours) in the contracts file: read, merged, written back,
and balanced by the workforce job and the ledger alike (issue #13, item 5)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Amendment,
    Calendar,
    Contract,
    ContractRow,
    LoadError,
    Problem,
    QuotaLedger,
    WorkPattern,
    contract_from_rows,
    load_sample_agreement,
    read_contracts,
    read_workforce,
    write_contracts,
    year_range,
)
from teleaccord.cli import main
from teleaccord.io.csv import CSV_FORMATS
from teleaccord.workforce import BOOKED, workforce_balances

AGREEMENT = load_sample_agreement("assistance-100-days")
CALENDAR = Calendar()
Y2025 = year_range(2025)
AT = datetime(2024, 12, 1, 9, tzinfo=timezone.utc)
MO_FR = WorkPattern.parse("Mo Tu We Th Fr")

# Headers as a French HR export writes them (aliases of employee, hired, effective, fraction
# and forfait_days).
CONTRACTS_CSV = (
    "matricule,date_embauche,date_effet,Taux d'activité,Nb jours forfait\n"
    "M1,2020-01-01,,,218\n"
    "M2,2020-01-01,,,150\n"
    "M3,2025-07-01,,,150\n"
    "M4,2020-01-01,,80 %,\n"
    "M4,,2025-07-01,,150\n"
)
BOOKINGS_CSV = (
    "employee,date,half\n"
    "M1,2025-03-04,\n"
    "M1,2025-03-05,\n"
    "M2,2025-03-04,am\n"
    "M3,2025-07-02,\n"
    "M4,2025-09-03,\n"
)


def half_up(value: Fraction) -> Fraction:
    """The agreement's rounding, by hand: to the nearest half-day, ties up."""
    return Fraction(int(value * 2 + Fraction(1, 2)), 2)


# Hand-computed: 100 days a year for a full-time equivalent, by calendar days in 2025 (365).
M2_EXACT = Fraction(100) * 150 / 218  # a reduced forfait of 150 days, all year
M3_EXACT = Fraction(100) * 150 / 218 * 184 / 365  # hired 1 July: 184 days of 365
M4_EXACT = Fraction(100) * (Fraction(4, 5) * 181 + Fraction(150, 218) * 184) / 365
EXPECTED = {
    # employee: (exact entitlement, booked, remaining)
    "M1": (Fraction(100), Fraction(2), Fraction(98)),
    "M2": (M2_EXACT, Fraction(1, 2), half_up(M2_EXACT) - Fraction(1, 2)),
    "M3": (M3_EXACT, Fraction(1), half_up(M3_EXACT) - 1),
    "M4": (M4_EXACT, Fraction(1), half_up(M4_EXACT) - 1),
}


def test_the_hand_computed_figures_are_what_the_rounding_says() -> None:
    # The expected figures themselves, written out: 7500/109 = 68.81 -> 69, 34.69 -> 34.5.
    assert (M2_EXACT, half_up(M2_EXACT)) == (Fraction(7500, 109), 69)
    assert (M3_EXACT, half_up(M3_EXACT)) == (Fraction(276000, 7957), Fraction(69, 2))
    assert half_up(M4_EXACT) == Fraction(149, 2)


def test_a_forfait_row_builds_the_contract_of_contract_forfait_jours() -> None:
    found: list[Problem] = []
    read = {
        c.employee: c.contract
        for c in read_contracts(io.StringIO(CONTRACTS_CSV), name="c.csv", on_problem=found.append)
    }
    assert not found
    for employee, days in (("M1", 218), ("M2", 150)):
        assert read[employee] == Contract.forfait_jours(
            employee=employee, hired=date(2020, 1, 1), days=days
        )
    assert read["M2"].fraction_at(date(2025, 1, 1)) == Fraction(150, 218)
    m4 = read["M4"].segments
    assert [(s.start, s.fraction, s.forfait_days) for s in m4] == [
        (date(2020, 1, 1), Fraction(4, 5), None),
        (date(2025, 7, 1), Fraction(150, 218), 150),
    ]
    assert m4[1].pattern == MO_FR


@pytest.mark.parametrize("engine", ["python", "fast"])
def test_balances_of_forfait_staff_through_the_command_line(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if engine == "fast":
        pytest.importorskip("pyarrow", reason="the fast engine needs the fast extra")
    contracts, bookings = tmp_path / "contracts.csv", tmp_path / "bookings.csv"
    contracts.write_text(CONTRACTS_CSV, encoding="utf-8")
    bookings.write_text(BOOKINGS_CSV, encoding="utf-8")
    code = main(
        [
            "balances",
            "--agreement",
            "assistance-100-days",
            "--contracts",
            str(contracts),
            "--bookings",
            str(bookings),
            "--year",
            "2025",
            "--format",
            "csv",
            "--exact",
            "--engine",
            engine,
        ]
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    got = {
        r["employee"]: (
            Fraction(r["entitlement_exact"]),
            Fraction(r["entitlement"]),
            Fraction(r["booked"]),
            Fraction(r["remaining"]),
        )
        for r in rows
    }
    assert got == {
        employee: (exact, half_up(exact), booked, remaining)
        for employee, (exact, booked, remaining) in EXPECTED.items()
    }


def test_the_workforce_job_agrees_with_the_ledger_replaying_the_rows() -> None:
    records = list(read_workforce(io.StringIO(CONTRACTS_CSV), io.StringIO(BOOKINGS_CSV)))
    found: list[Problem] = []
    rows = list(
        workforce_balances(records, AGREEMENT, CALENDAR, periods=[Y2025], on_problem=found.append)
    )
    assert not found
    assert len(rows) == 4
    for row, rec in zip(rows, records, strict=True):
        assert rec.contract is not None
        ledger = QuotaLedger(agreement=AGREEMENT, contract=rec.contract.contract, calendar=CALENDAR)
        ledger.grant(Y2025, at=AT, by="hr")
        for b in rec.bookings.rows(rec.employee):
            assert b.status == BOOKED
            ledger.book(b.day, half=b.half, at=AT, by="hr", ignore=("notice_too_short",))
        balance = ledger.balance(Y2025)
        assert (balance.granted, balance.booked, balance.remaining) == (
            row.entitlement,
            row.booked,
            row.remaining,
        )
        assert row.entitlement_exact == EXPECTED[row.employee][0]


# -- problems ---------------------------------------------------------------------------------


def problems_of(text: str) -> list[tuple[str, str]]:
    found: list[Problem] = []
    read = list(read_contracts(io.StringIO(text), name="c.csv", on_problem=found.append))
    assert all(c.employee != "X" for c in read)
    return [(p.path, p.code) for p in found]


@pytest.mark.parametrize("cell", ["0", "367", "12.5", "deux cents", "-5"])
def test_a_forfait_that_is_not_1_to_366_days_is_a_located_problem(cell: str) -> None:
    text = f"employee,hired,forfait_jours\nX,2020-01-01,{cell}\n"
    assert problems_of(text) == [("c.csv:2:forfait_jours", "invalid_forfait")]


@pytest.mark.parametrize("cell", ["218", " 218 ", "218.0", "218,00", "0218"])
def test_a_whole_number_of_days_reads_as_written_by_spreadsheets(cell: str) -> None:
    (c,) = read_contracts(io.StringIO(f'employee,hired,forfait\nM1,2020-01-01,"{cell}"\n'))
    assert c.contract.segments[0].forfait_days == 218


def test_a_forfait_beside_a_fraction_or_pattern_that_disagrees_is_a_located_problem() -> None:
    text = (
        "employee,hired,effective,taux,rythme,forfait\n"
        "X,2020-01-01,,80 %,,150\n"
        "Y,2020-01-01,,,Mo Tu Th Fr,218\n"
        "Z,2020-01-01,,100 %,Mo Tu We Th Fr,218\n"  # agrees: no problem
        "Z,,2024-01-01,75/109,,150\n"  # agrees too
    )
    found: list[Problem] = []
    read = list(read_contracts(io.StringIO(text), name="c.csv", on_problem=found.append))
    assert [(p.path, p.code) for p in found] == [
        ("c.csv:2:taux", "forfait_with_hours"),
        ("c.csv:3:rythme", "forfait_with_hours"),
    ]
    assert [c.employee for c in read] == ["Z"]
    assert [s.forfait_days for s in read[0].contract.segments] == [218, 150]


def test_contract_from_rows_reports_a_forfait_out_of_range() -> None:
    row = ContractRow(employee="X", line=2, hired=date(2020, 1, 1), forfait_days=400)
    with pytest.raises(LoadError) as caught:
        contract_from_rows([row])
    assert [p.code for p in caught.value.problems] == ["invalid_forfait"]


# -- the amendment merge ------------------------------------------------------------------------


def test_a_blank_forfait_keeps_the_previous_one_unless_the_row_gives_hours() -> None:
    text = (
        "employee,hired,effective,fraction,pattern,team,forfait_days\n"
        "M1,2020-01-01,,,,a,150\n"
        "M1,,2023-01-01,,,b,\n"  # a team change: still on the forfait
        "M1,,2024-01-01,,Mo Tu Th Fr,,\n"  # hours again, the pattern's own fraction
        "M1,,2025-01-01,90 %,,,\n"
        "M1,,2025-07-01,,,,218\n"
    )
    (c,) = read_contracts(io.StringIO(text))
    assert [(s.start.year, s.fraction, s.forfait_days, s.team) for s in c.contract.segments] == [
        (2020, Fraction(150, 218), 150, "a"),
        (2023, Fraction(150, 218), 150, "b"),
        (2024, Fraction(4, 5), None, "b"),
        (2025, Fraction(9, 10), None, "b"),
        (2025, Fraction(1), 218, "b"),
    ]
    assert c.contract.segments[2].pattern == WorkPattern.parse("Mo Tu Th Fr")
    assert c.contract.segments[3].pattern == WorkPattern.parse("Mo Tu Th Fr")
    assert c.contract.segments[4].pattern == MO_FR


# -- writing back -------------------------------------------------------------------------------


def test_write_contracts_writes_the_forfait_and_reads_back_the_same_contract() -> None:
    manager = Contract.forfait_jours(employee="M1", hired=date(2020, 1, 1), days=150, team="t")
    out = io.StringIO()
    assert write_contracts([manager], out, delimiter=";") == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue()), delimiter=";")
    assert (row["forfait_days"], row["fraction"], row["pattern"]) == ("150", "", "")
    (back,) = read_contracts(io.StringIO(out.getvalue()))
    assert back.contract == manager


def states() -> st.SearchStrategy[tuple[int | None, Fraction, str | None]]:
    hours = st.tuples(
        st.none(),
        st.sampled_from([Fraction(1), Fraction(4, 5), Fraction(1, 2)]),
        st.sampled_from([None, "Mo Tu Th Fr", "Mo Tu We Th Fr"]),
    )
    forfait = st.tuples(st.integers(1, 366), st.just(Fraction(1)), st.none())
    return st.one_of(hours, forfait)


@given(st.lists(states(), min_size=1, max_size=5), st.sampled_from([",", ";"]))
def test_contracts_mixing_forfaits_and_hours_round_trip(
    terms: list[tuple[int | None, Fraction, str | None]], sep: str
) -> None:
    segments = []
    for n, (days, fraction, pattern) in enumerate(terms):
        start = date(2020 + n, 1 + n, 1)
        if days is not None:
            base = Contract.forfait_jours(employee="E1", hired=start, days=days)
            segments.append(base.segments[0])
        else:
            pat = WorkPattern.parse(pattern) if pattern else MO_FR
            segments.append(
                Contract.from_amendments(
                    employee="E1", hired=start, fraction=fraction, pattern=pat
                ).segments[0]
            )
    contract = Contract.from_amendments(
        employee="E1",
        hired=segments[0].start,
        fraction=segments[0].fraction,
        pattern=segments[0].pattern,
        amendments=[
            Amendment(effective=s.start, fraction=s.fraction, pattern=s.pattern)
            for s in segments[1:]
        ],
    )
    # The expected contract, built by hand: each segment ends the day before the next starts.
    expected = attrs.evolve(
        contract,
        segments=tuple(
            attrs.evolve(seg, forfait_days=s.forfait_days)
            for seg, s in zip(contract.segments, segments, strict=True)
        ),
    )
    out = io.StringIO()
    write_contracts([expected], out, delimiter=sep)
    (back,) = read_contracts(io.StringIO(out.getvalue()))
    assert back.contract == expected


def test_the_column_is_declared_once_with_its_aliases() -> None:
    fmt = CSV_FORMATS["contracts"]
    assert fmt.columns[-1].name == "forfait_days"  # last: positions of the others unchanged
    for header in ("forfait", "Forfait jours", "jours_forfait", "Nb jours forfait"):
        column = fmt.column_for(header)
        assert column is not None
        assert column.name == "forfait_days"


def test_import_reads_the_forfait_column_and_reports_a_disagreeing_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from teleaccord.store import SQLiteStore

    contracts, bookings = tmp_path / "contracts.csv", tmp_path / "bookings.csv"
    contracts.write_text(CONTRACTS_CSV + "M5,2020-01-01,,90 %,150\n", encoding="utf-8")
    bookings.write_text(BOOKINGS_CSV + "M5,2025-03-04,\n", encoding="utf-8")
    store = str(tmp_path / "ledgers.db")
    code = main(
        ["import", "--store", store, "--agreement", "assistance-100-days",
         "--contracts", str(contracts), "--bookings", str(bookings)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "contracts.csv:7:Taux d'activité" in err
    assert "5 entries appended for 4 employees" in err
    opened = SQLiteStore(store)
    try:
        assert [e.day for e in opened.history("default", "M3")] == [date(2025, 7, 2)]
        assert tuple(opened.history("default", "M5")) == ()
    finally:
        opened.close()
