"""The columnar reader (the ``fast`` engine) against the CSV reader: same balances, same
problems, same summary, same bytes out of the CLI, on random workforces with every kind of
bad row injected, read in chunks small enough to cut between most employees."""

from __future__ import annotations

import io
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    Calendar,
    CarryOver,
    Quota,
    ReferencePeriod,
    Rounding,
    load_sample_agreement,
)
from teleaccord.cli import main
from teleaccord.errors import LoadError, TeleaccordError
from teleaccord.io import columnar
from teleaccord.io.csv import read_workforce
from teleaccord.workforce import RunSummary, periods_for_year, workforce_balances

pytest.importorskip("pyarrow", reason="the fast engine needs the fast extra (pyarrow)")
pytest.importorskip("numpy", reason="the fast engine needs the fast extra (numpy)")

SAMPLE = load_sample_agreement("assistance-100-days")
CARRYING = Agreement(
    name="40 days, 3 carried until March",
    quotas=[Quota(window="period", maximum=40)],
    granularity="half-day",
    rounding=Rounding("half-up", unit=Fraction(1, 2)),
    carry_over=CarryOver(mode="capped", cap=3, expires_on="03-31"),
)
MONTHLY = Agreement(
    name="4 days a month, carried one month",
    reference=ReferencePeriod(kind="month"),
    quotas=[Quota(window="period", maximum=4)],
    granularity="half-day",
    carry_over=CarryOver(mode="capped", cap=2, expires_after_periods=1),
)
WHOLE_DAYS = Agreement(name="whole days", quotas=[Quota(window="period", maximum=20)])
AGREEMENTS = (SAMPLE, CARRYING, MONTHLY, WHOLE_DAYS)
CALENDAR = Calendar()
HEADER = "employee,date,half,status,id,recorded_at"
FIRST = date(2024, 11, 20)

# Faults: each replaces one cell (or the row) of a good booking row.
CELL_FAULTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "date": (1, ("2025-02-30", "2025-1-05", "0000-01-01", "", "soon", " 2025-03-04")),
    "half": (2, ("matin", "AM", "x", " am")),
    "status": (3, ("Booked", "annulé", "maybe", "")),
    "id": (4, (" B1", "B 1", "\tB2")),
    "stamp": (
        5,
        (
            "2025-03-01T09:00:00",
            "2025-03-01T09+01:00",
            "2025-03-01 09:00:00+0100",
            "2025-03-01T09:00:00.5+01:00",
            "2025-03-01T09:00:00Z",
            "0000-03-01T09:00:00+01:00",
            "2025-02-30T09:00:00+01:00",
            "bad",
            "",
        ),
    ),
}
ROW_FAULTS = ("short", "long", "quoted", "blank_line", "blank_employee", "spaced_employee")


def _case(draw: st.DrawFn, contracts: list[str], lines: list[str]) -> dict[str, Any]:
    """A drawn workforce: its files' texts, an agreement, an as-of day and a chunk size."""
    return {
        "contracts": "\n".join(contracts) + "\n",
        "bookings": "\n".join(lines) + "\n",
        "agreement": draw(st.sampled_from(AGREEMENTS)),
        "as_of": draw(st.none() | st.dates(date(2025, 1, 1), date(2025, 12, 31))),
        "chunk": draw(st.integers(40, 400)),
    }


@st.composite
def workforces(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    employees = [f"E{n:02d}" for n in range(1, count + 1)]
    contracts = ["employee,hired,last_day,fraction,pattern"]
    lines = [HEADER]
    for employee in employees:
        if draw(st.integers(0, 5)):
            hired = FIRST + timedelta(days=draw(st.integers(0, 300)))
            last = "" if draw(st.booleans()) else str(hired + timedelta(draw(st.integers(30, 500))))
            fraction = draw(st.sampled_from(["100 %", "80 %", "50 %"]))
            pattern = draw(st.sampled_from(["", "Mo Tu Th Fr", "Mo Tu We Th Fr Sa Su"]))
            contracts.append(f"{employee},{hired},{last},{fraction},{pattern}")
        ids = [f"B{n}" for n in range(1, 6)]
        for _ in range(draw(st.integers(0, 12))):
            day = FIRST + timedelta(days=draw(st.integers(0, 430)))
            half = draw(st.sampled_from(["", "", "am", "pm"]))
            status = draw(st.sampled_from(["booked", "booked", "booked", "cancelled"]))
            ident = draw(st.sampled_from(["", *ids]))
            stamp = f"{day - timedelta(days=3)}T09:{draw(st.integers(10, 59))}:00+01:00"
            cells = [employee, str(day), half, status, ident, stamp]
            fault = draw(st.sampled_from([None] * 40 + list(CELL_FAULTS) + list(ROW_FAULTS)))
            if fault in CELL_FAULTS:
                column, texts = CELL_FAULTS[fault]
                cells[column] = draw(st.sampled_from(texts))
            row = ",".join(cells)
            if fault == "short":
                row = ",".join(cells[:3])
            elif fault == "long":
                row += ",extra"
            elif fault == "quoted":
                row = ",".join([*cells[:4], f'"{cells[4]}"', cells[5]])
            elif fault == "blank_line":
                lines.append("")
            elif fault == "blank_employee":
                row = ",".join(["", *cells[1:]])
            elif fault == "spaced_employee":
                row = ",".join([f" {employee}", *cells[1:]])
            lines.append(row)
            if status == "booked" and ident and draw(st.integers(0, 3)) == 0:
                lines.append(",".join([employee, str(day), half, "cancelled", ident, stamp]))
    if draw(st.integers(0, 9)) == 0 and len(lines) > 3:
        # Out of order: a row moved to the end.
        lines.append(lines.pop(1))
    return _case(draw, contracts, lines)


def balances(folder: Path, data: dict[str, Any], engine: str) -> tuple[object, ...]:
    """Everything the job says with one engine: the rows, the problems, the summary (or
    the error)."""
    problems: list[str] = []
    summary = RunSummary()
    agreement = data["agreement"]
    try:
        rows = list(
            workforce_balances(
                read_workforce(
                    folder / "contracts.csv",
                    folder / "bookings.csv",
                    summary=summary,
                    on_problem=lambda p: problems.append(str(p)),
                    engine=engine,
                ),
                agreement,
                CALENDAR,
                periods=periods_for_year(agreement, 2025),
                as_of=data["as_of"],
                summary=summary,
                on_problem=lambda p: problems.append(str(p)),
            )
        )
    except TeleaccordError as exc:
        return ("error", type(exc).__name__, exc.code, str(exc), problems)
    return (rows, problems, summary.describe(), summary)


def cli(folder: Path, engine: str, fmt: str) -> tuple[int, bytes]:
    out = folder / f"out-{engine}.{fmt}"
    out.unlink(missing_ok=True)
    code = main(
        [
            "balances",
            "--agreement", "assistance-100-days",
            "--contracts", str(folder / "contracts.csv"),
            "--bookings", str(folder / "bookings.csv"),
            "--year", "2025",
            "--format", fmt,
            "--unsorted", "error",
            "--engine", engine,
            "--output", str(out),
        ]
    )  # fmt: skip
    return code, out.read_bytes() if out.exists() else b""


@given(data=workforces())
def test_both_engines_give_the_same_balances_problems_and_summary(
    data: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("workforce")
    (folder / "contracts.csv").write_text(data["contracts"], encoding="utf-8")
    (folder / "bookings.csv").write_text(data["bookings"], encoding="utf-8")
    note(data["bookings"])
    before, columnar.CHUNK_SIZE = columnar.CHUNK_SIZE, data["chunk"]
    try:
        expected = balances(folder, data, "python")
        assert balances(folder, data, "fast") == expected
        for fmt in ("csv", "json"):
            assert cli(folder, "fast", fmt) == cli(folder, "python", fmt)
    finally:
        columnar.CHUNK_SIZE = before


def test_a_clean_file_is_read_by_the_columnar_reader() -> None:
    """The engine is really used: the chunks of a plain file are typed, none falls back."""
    rows = [HEADER] + [
        f"E{n:02d},2025-03-0{3 + k},,booked,B{k},2025-03-01T09:00:00+01:00"
        for n in range(1, 9)
        for k in range(3)
    ]
    data = ("\n".join(rows) + "\n").encode()
    chunks = list(
        columnar.booking_chunks(
            io.BytesIO(data[len(HEADER) + 1 :]), first_line=2, offset=0, delimiter=",", size=150
        )
    )
    assert len(chunks) > 2
    assert all(c.data.startswith(b"E") for c in chunks)
    index = {name: i for i, name in enumerate(HEADER.split(","))}
    groups = [
        g
        for c in chunks
        for g in columnar.typed_bookings(c, delimiter=",", width=6, index=index) or []
    ]
    assert [g.employee for g in groups] == [f"E{n:02d}" for n in range(1, 9)]
    assert all(g.columns is not None for g in groups)
    first = groups[0].columns
    assert first is not None
    assert first.ordinals == tuple(date(2025, 3, d).toordinal() for d in (3, 4, 5))
    assert first.lines == (2, 3, 4)
    assert first.ids == ("B0", "B1", "B2")


def test_a_row_it_cannot_type_goes_to_the_row_reader() -> None:
    text = f"{HEADER}\nE01,2025-03-04,matin,booked,B1,2025-03-01T09:00:00+01:00\n"
    chunk = columnar.BookingChunk(2, 0, text.split("\n", 1)[1].encode())
    index = {name: i for i, name in enumerate(HEADER.split(","))}
    (group,) = columnar.typed_bookings(chunk, delimiter=",", width=6, index=index) or []
    assert group.columns is None
    assert group.rows == [
        ["E01", "2025-03-04", "matin", "booked", "B1", "2025-03-01T09:00:00+01:00"]
    ]
    assert group.lines == [2]


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(TeleaccordError) as caught:
        columnar.check_engine("turbo")
    assert caught.value.code == "invalid_value"


@pytest.mark.parametrize("where", ["date", "comment"])
def test_bytes_not_utf8_after_the_sample_are_the_same_error_with_both_engines(
    tmp_path: Path, where: str
) -> None:
    """Past the first 64 KiB the file was detected UTF-8: a bad byte there, in a column read
    or not, stops both engines with the same error."""
    (tmp_path / "contracts.csv").write_text("employee,hired\nE0001,2020-01-01\n", encoding="utf-8")
    rows = [
        f"E{n:04d},2025-03-04,,booked,B{n},2025-03-01T09:00:00+01:00,ok".encode()
        for n in range(1, 3000)
    ]
    last = b"E3000,2025-03-04,,booked,B1,2025-03-01T09:00:00+01:00,\xe9t\xe9"
    if where == "date":
        last = b"E3000,2025-03-\xe94,,booked,B1,2025-03-01T09:00:00+01:00,ok"
    data = b"\n".join([f"{HEADER},comment".encode(), *rows, last]) + b"\n"
    assert len(data) > 2 * 64 * 1024
    (tmp_path / "bookings.csv").write_bytes(data)
    found = {}
    for engine in ("python", "fast"):
        with pytest.raises(LoadError) as caught:
            for _ in read_workforce(
                tmp_path / "contracts.csv", tmp_path / "bookings.csv", engine=engine
            ):
                pass
        found[engine] = [(p.code, str(p)) for p in caught.value.problems]
    assert found["fast"] == found["python"]
    assert [code for code, _ in found["python"]] == ["invalid_encoding"]
    assert found["python"][0][1].startswith(f"{tmp_path / 'bookings.csv'}:3001")


def test_a_file_with_every_cell_quoted_gives_the_same_balances(tmp_path: Path) -> None:
    """Some exports quote every cell: no safe place to cut, the CSV reader reads it."""
    (tmp_path / "contracts.csv").write_text(
        "employee,hired\nE01,2020-01-01\nE02,2020-01-01\n", encoding="utf-8"
    )
    rows = [
        f'"E0{n}","2025-03-{d:02d}","","booked","B{d}","2025-03-01T09:00:00+01:00"'
        for n in (1, 2)
        for d in (3, 4, 5, 8)  # 8 March 2025 is a Saturday: reported
    ]
    (tmp_path / "bookings.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    data = {"agreement": SAMPLE, "as_of": None}
    before, columnar.CHUNK_SIZE = columnar.CHUNK_SIZE, 64
    try:
        fast = balances(tmp_path, data, "fast")
        assert fast == balances(tmp_path, data, "python")
    finally:
        columnar.CHUNK_SIZE = before
    rows_out, problems = fast[0], fast[1]
    assert [r.booked for r in rows_out] == [3, 3]  # type: ignore[attr-defined]
    assert len(problems) == 2  # type: ignore[arg-type]


# -- the counting paths: the set path counts only what the row-by-row path would ------------
#
# The job counts an employee's rows with a few set operations when nothing is unusual and
# row by row (checking and reporting each row) otherwise. Both engines share them, so this
# differential test runs the job with the set path switched off as the reference.


@st.composite
def counted_employees(draw: st.DrawFn) -> list[Any]:
    from teleaccord import (
        BookingRow,
        Contract,
        EmployeeContract,
        EmployeeRecords,
        HalfDay,
        WorkPattern,
    )
    from teleaccord.workforce import BOOKED, CANCELLED

    people = []
    for n in range(draw(st.integers(1, 3))):
        employee = f"E{n}"
        hired = FIRST + timedelta(days=draw(st.integers(0, 200)))
        last = draw(st.none() | st.integers(60, 500))
        pattern = draw(
            st.sampled_from([WorkPattern.full_time(), WorkPattern.parse("Mo Tu We:am Th Fr")])
        )
        contract = Contract.from_amendments(
            employee=employee,
            hired=hired,
            last_day=None if last is None else hired + timedelta(days=last),
            fraction=draw(st.sampled_from(["100 %", "80 %"])),
            pattern=pattern,
        )
        rows: list[BookingRow] = []
        live: list[BookingRow] = []
        used: set[date] = set()
        with_ids = draw(st.booleans())
        faults = ["twice", "weekend", "early", "stray"] if draw(st.booleans()) else []
        for k in range(draw(st.integers(0, 30))):
            fault = draw(st.sampled_from([None] * 30 + faults))
            day = hired + timedelta(days=draw(st.integers(0, 420)))
            while day.weekday() >= 5 and fault != "weekend":
                day += timedelta(days=1)
            if fault == "early":
                day = hired - timedelta(days=3)
            if day in used and fault != "twice":
                continue
            used.add(day)
            half = draw(st.sampled_from([None, None, None, HalfDay.MORNING, HalfDay.AFTERNOON]))
            ident = f"B{k}" if with_ids else None
            line = len(rows) + 2
            if fault == "stray" and with_ids:
                rows.append(BookingRow(employee, day, half, CANCELLED, "Z9", None, line))
                continue
            row = BookingRow(employee, day, half, BOOKED, ident, None, line)
            rows.append(row)
            live.append(row)
            if live and draw(st.integers(0, 4)) == 0:  # cancel an earlier booking
                gone = live.pop(draw(st.integers(0, len(live) - 1)))
                rows.append(
                    BookingRow(
                        employee, gone.day, gone.half, CANCELLED, gone.booking_id, None,
                        len(rows) + 2,
                    )
                )  # fmt: skip
        people.append(
            EmployeeRecords(
                employee=employee, contract=EmployeeContract(contract=contract), bookings=rows
            )
        )
    return people


def counted(people: list[Any], agreement: Agreement, periods: Any, as_of: Any) -> tuple[Any, ...]:
    problems: list[str] = []
    summary = RunSummary()
    rows = list(
        workforce_balances(
            people,
            agreement,
            CALENDAR,
            periods=periods,
            as_of=as_of,
            summary=summary,
            on_problem=lambda p: problems.append(str(p)),
        )
    )
    return rows, problems, summary.describe(), summary


@given(
    people=counted_employees(),
    agreement=st.sampled_from(AGREEMENTS),
    which=st.sampled_from(["all", "head", "gaps"]),
    as_of=st.none() | st.just("a day booked") | st.dates(date(2025, 1, 1), date(2025, 12, 31)),
    data=st.data(),
)
def test_the_set_path_counts_what_the_row_by_row_path_counts(
    people: list[Any], agreement: Agreement, which: str, as_of: Any, data: st.DataObject
) -> None:
    from teleaccord import workforce

    if as_of == "a day booked":  # a booking on the as-of day: the edge of what counts
        booked = [r.day for p in people for r in p.bookings.rows(p.employee)]
        as_of = data.draw(st.sampled_from(booked)) if booked else None

    periods = periods_for_year(agreement, 2025)
    if which == "head":  # rows after the last period: outside
        periods = periods[: max(1, len(periods) - 2)]
    elif which == "gaps":  # periods with gaps between them
        periods = periods[::2] if len(periods) > 1 else periods
    fast = counted(people, agreement, periods, as_of)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workforce, "_count_fast", lambda *args: False)
        slow = counted(people, agreement, periods, as_of)
    assert fast == slow


def test_a_clean_employee_over_many_periods_is_counted_by_the_set_path() -> None:
    """What the differential test relies on: clean rows over several periods, with
    cancellations, half-days and rows outside the periods, never go row by row."""
    from teleaccord import (
        BookingRow,
        Contract,
        EmployeeContract,
        EmployeeRecords,
        HalfDay,
        workforce,
    )
    from teleaccord.workforce import BOOKED, CANCELLED

    contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1))
    days = [date(2025, m, d) for m, d in ((1, 6), (1, 7), (2, 3), (2, 4), (3, 3), (3, 4))]
    days += [date(2025, m, d) for m, d in ((4, 7), (4, 8), (5, 5), (5, 6), (11, 3), (11, 4))]
    rows = [
        BookingRow("E1", d, HalfDay.MORNING if k == 0 else None, BOOKED, f"B{k}", None, k + 2)
        for k, d in enumerate(days)
    ]
    rows.append(BookingRow("E1", days[3], None, CANCELLED, "B3", None, 99))
    people = [
        EmployeeRecords(employee="E1", contract=EmployeeContract(contract=contract), bookings=rows)
    ]
    calls: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workforce, "_count_rows", lambda *args: calls.append(1))
        fast = counted(people, MONTHLY, periods_for_year(MONTHLY, 2025)[:10], None)
    assert calls == []
    slow_rows = counted(people, MONTHLY, periods_for_year(MONTHLY, 2025)[:10], None)
    assert fast == slow_rows
    rows_out = fast[0]
    assert [r.booked for r in rows_out[:6]] == [Fraction(3, 2), 2, 2, 2, 2, 0]
    assert [r.cancelled for r in rows_out[:3]] == [0, 1, 0]  # B3, 4 February
    assert fast[3].outside_periods == 2  # the November rows


# -- the reader's tally: employees counted in numpy, the others by the job ------------------
#
# The columnar reader counts each employee's bookings and checks them among themselves with
# vectorised passes over a chunk (TalliedColumns); the job then only checks the days against
# the contract. Mostly clean employees here, each fault the set path refuses injected now
# and then: both engines must say the same, and the tally must be given exactly when an
# independent model of the set path's rules accepts the rows.

TALLY_FAULTS = (
    "same_day",  # a second booking of a day booked (another id)
    "same_id",  # a second booking under an id already used
    "stray_cancel",  # a cancellation of an id never booked
    "cancel_first",  # a cancellation before its booking
    "cancel_twice",  # a booking cancelled twice
    "cancel_other_day",  # a cancellation of an id on another day
    "cancel_other_half",  # a cancellation of a half-day booking on the other half
    "both_halves",  # the morning and the afternoon of a day, two bookings
    "no_id",  # one row without an id among rows with ids
    "weekend",  # a day not worked: the job's contract check, not the reader's
)


@st.composite
def tally_workforces(draw: st.DrawFn) -> dict[str, Any]:
    employees = [f"E{n:02d}" for n in range(1, draw(st.integers(1, 5)) + 1)]
    contracts = ["employee,hired,fraction"]
    lines = [HEADER]
    for employee in employees:
        contracts.append(f"{employee},2024-01-01,100 %")
        with_ids = draw(st.booleans())
        # Distinct working days of 2025 (Mondays to Thursdays, no holiday among them).
        weeks = draw(st.lists(st.integers(2, 45), min_size=0, max_size=8, unique=True))
        rows: list[list[str]] = []
        booked: list[list[str]] = []
        for k, week in enumerate(sorted(weeks)):
            day = date(2025, 1, 6) + timedelta(weeks=week, days=draw(st.integers(0, 3)))
            half = draw(st.sampled_from(["", "", "am", "pm"]))
            row = [employee, str(day), half, "booked", f"B{k}" if with_ids else ""]
            rows.append(row)
            booked.append(row)
            if draw(st.integers(0, 3)) == 0:
                rows.append([*row[:3], "cancelled", row[4]])
        fault = draw(st.sampled_from([None, None, *TALLY_FAULTS]))
        if fault is not None and booked:
            first = booked[0]
            other = str(date.fromisoformat(first[1]) + timedelta(days=1))
            if fault == "same_day":
                rows.append([*first[:3], "booked", "X1" if with_ids else ""])
            elif fault == "same_id" and with_ids:
                rows.append([employee, "2025-12-01", "", "booked", first[4]])
            elif fault == "stray_cancel" and with_ids:
                rows.append([employee, first[1], first[2], "cancelled", "Z9"])
            elif fault == "cancel_first":
                rows.insert(0, [*first[:3], "cancelled", first[4]])
            elif fault == "cancel_twice":
                rows.extend([[*first[:3], "cancelled", first[4]]] * 2)
            elif fault == "cancel_other_day" and with_ids:
                rows.append([employee, other, first[2], "cancelled", first[4]])
            elif fault == "cancel_other_half":
                rows.append([*first[:2], "pm" if first[2] == "am" else "am", "cancelled", first[4]])
            elif fault == "both_halves":
                rows.append([*first[:2], "am", "booked", "X2" if with_ids else ""])
                rows.append([*first[:2], "pm", "booked", "X3" if with_ids else ""])
            elif fault == "no_id" and with_ids:
                rows.append([employee, "2025-12-02", "", "booked", ""])
            elif fault == "weekend":
                rows.append([employee, "2025-03-08", "", "booked", "W1" if with_ids else ""])
        stamp = "2025-01-01T09:00:00+01:00"
        lines.extend(",".join([*r, stamp]) for r in rows)
    return _case(draw, contracts, lines)


def model_tally(rows: list[tuple[str, str, str, str]]) -> tuple[int, int] | None:
    """The set path's rules on one employee's rows (day, half, status, id), written out
    row by row: every id given or none; each id (each day, without ids) booked once, then
    cancelled at most once, on the same day and half-day; the days booked distinct."""
    ids = {r[3] for r in rows}
    if "" in ids and len(ids) > 1:
        return None
    by_id = ids != {""}
    booked: dict[str, tuple[str, str]] = {}
    cancelled: set[str] = set()
    days: set[str] = set()
    amounts = [0, 0]
    for day, half, status, ident in rows:
        key = ident if by_id else day
        amount = 1 if half else 2
        if status == "booked":
            if key in booked or day in days:
                return None
            booked[key] = (day, half)
            days.add(day)
            amounts[0] += amount
        else:
            if key not in booked or key in cancelled or booked[key] != (day, half):
                return None
            cancelled.add(key)
            amounts[1] += amount
    return amounts[0], amounts[1]


@given(data=tally_workforces())
def test_the_reader_tallies_exactly_the_employees_the_set_path_accepts(
    data: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from teleaccord.workforce import TalliedColumns

    body = data["bookings"].split("\n", 1)[1].encode()
    index = {name: i for i, name in enumerate(HEADER.split(","))}
    groups = columnar.typed_bookings(
        columnar.BookingChunk(2, 0, body), delimiter=",", width=6, index=index
    )
    assert groups is not None or not body
    by_employee: dict[str, list[tuple[str, str, str, str]]] = {}
    for line in body.decode().splitlines():
        cells = line.split(",")
        by_employee.setdefault(cells[0], []).append((cells[1], cells[2], cells[3], cells[4]))
    for group in groups or []:
        assert group.columns is not None
        expected = model_tally(by_employee[group.employee])
        found = getattr(group.columns, "tally", None)
        assert isinstance(group.columns, TalliedColumns) == (expected is not None)
        assert found == (None if expected is None else tuple(expected))
    # And the job says the same with either engine, the chunks cut small.
    folder = tmp_path_factory.mktemp("tally")
    (folder / "contracts.csv").write_text(data["contracts"], encoding="utf-8")
    (folder / "bookings.csv").write_text(data["bookings"], encoding="utf-8")
    note(data["bookings"])
    before, columnar.CHUNK_SIZE = columnar.CHUNK_SIZE, data["chunk"]
    try:
        assert balances(folder, data, "fast") == balances(folder, data, "python")
        periods = {**data, "agreement": MONTHLY}
        assert balances(folder, periods, "fast") == balances(folder, periods, "python")
    finally:
        columnar.CHUNK_SIZE = before


def test_a_tally_counts_half_days_and_cancellations() -> None:
    """Hand-counted: a whole day, a morning, both cancelled later; another whole day."""
    from teleaccord.workforce import TalliedColumns

    body = (
        b"E1,2025-03-03,,booked,B1,2025-01-01T09:00:00+01:00\n"
        b"E1,2025-03-04,am,booked,B2,2025-01-01T09:00:00+01:00\n"
        b"E1,2025-03-05,,booked,B3,2025-01-01T09:00:00+01:00\n"
        b"E1,2025-03-04,am,cancelled,B2,2025-01-02T09:00:00+01:00\n"
        b"E1,2025-03-03,,cancelled,B1,2025-01-02T09:00:00+01:00\n"
        b"E2,2025-03-03,,booked,B1,2025-01-01T09:00:00+01:00\n"
        b"E2,2025-03-03,,booked,B2,2025-01-01T09:00:00+01:00\n"
    )
    index = {name: i for i, name in enumerate(HEADER.split(","))}
    first, second = (
        columnar.typed_bookings(
            columnar.BookingChunk(2, 0, body), delimiter=",", width=6, index=index
        )
        or []
    )
    assert isinstance(first.columns, TalliedColumns)
    assert first.columns.tally == (5, 3)  # 2 + 1 + 2 booked; 2 + 1 cancelled
    assert not isinstance(second.columns, TalliedColumns)  # 3 March booked twice


def test_the_groups_come_one_at_a_time_and_as_the_list_gives_them() -> None:
    """``iter_typed_bookings`` (what the job reads with) yields, one employee at a time, the
    groups ``typed_bookings`` lists: typed columns, and raw rows for an employee with a row it
    cannot type; a chunk it cannot split is ``None`` for both."""
    body = (
        b"E1,2025-03-03,,booked,B1,2025-01-01T09:00:00+01:00\n"
        b"E1,2025-03-04,pm,booked,B2,2025-01-01T09:00:00+01:00\n"
        b"E2,2025-03-03,matin,booked,B3,2025-01-01T09:00:00+01:00\n"
        b"E3,2025-03-05,,cancelled,B4,2025-01-01T09:00:00+01:00\n"
    )
    index = {name: i for i, name in enumerate(HEADER.split(","))}
    chunk = columnar.BookingChunk(7, 0, body)
    groups = columnar.iter_typed_bookings(chunk, delimiter=",", width=6, index=index)
    assert groups is not None
    first = next(groups)
    assert first.employee == "E1"
    assert first.columns is not None
    assert first.columns.lines == (7, 8)
    assert first.columns.halves == ("", "pm")
    rest = list(groups)
    assert [g.employee for g in rest] == ["E2", "E3"]
    assert rest[0].columns is None
    assert rest[0].lines == [9]
    assert rest[1].columns is not None
    assert rest[1].columns.statuses == ("cancelled",)
    assert [first, *rest] == columnar.typed_bookings(chunk, delimiter=",", width=6, index=index)
    quoted = columnar.BookingChunk(2, 0, b'"E1",2025-03-03,,booked,B1,2025-01-01T09:00:00Z\n')
    assert columnar.iter_typed_bookings(quoted, delimiter=",", width=6, index=index) is None
    assert columnar.typed_bookings(quoted, delimiter=",", width=6, index=index) is None
