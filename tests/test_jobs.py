"""Issue 18 (3, 4): the workforce job on more than one core or machine gives one job's output.

``teleaccord balances --jobs N`` and :mod:`teleaccord.io.chunks` cut the sorted files at
employee boundaries; every output (rows, problems with their lines, the summary, the exit
code) must be the one job's, byte for byte.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teleaccord import RunSummary, workforce_balances
from teleaccord.cli import main
from teleaccord.errors import InvalidValue, LoadError
from teleaccord.io.chunks import (
    chunk_balances,
    merge_chunk_results,
    parallel_balances,
    plan_chunks,
)
from teleaccord.io.csv import read_workforce, sample_workforce
from teleaccord.workforce import periods_for_year


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_the_sample_gives_the_same_bytes_on_1_2_and_3_jobs(fmt: str) -> None:
    one = run(["balances", "--format", fmt])
    assert one[0] == 0
    assert one[1]
    for jobs in ("2", "3"):
        assert run(["balances", "--format", fmt, "--jobs", jobs]) == one


def test_the_sample_is_really_cut_in_three() -> None:
    sample = sample_workforce()
    from teleaccord.io.chunks import sample_paths

    paths = sample_paths()
    chunks = plan_chunks(
        paths["contracts"], paths["bookings"], paths["adjustments"], jobs=3, encoding="utf-8-sig"
    )
    assert len(chunks) == 3
    agreement = sample.agreement()
    periods = periods_for_year(agreement, sample.year)
    results = [chunk_balances(c, agreement, sample.calendar(), periods=periods) for c in chunks]
    assert [r.failed for r in results] == [None, None, None]
    # 240 employees, each in exactly one chunk, each chunk a share of them.
    assert all(40 <= len(r.rows) <= 120 for r in results)
    merged = merge_chunk_results(chunks, results)
    assert merged is not None
    assert [r.employee for r in merged[0]] == sorted({r.employee for r in merged[0]})
    assert len(merged[0]) == 240


# -- generated workforces with faults ---------------------------------------------------------

AGREEMENT = (Path(__file__).parent.parent / "src" / "teleaccord" / "data" / "agreements").glob(
    "*.toml"
)

CONTRACT_HEADER = "employee,hired,fraction\n"
BOOKING_HEADER = "employee;date;half;status\n"
ADJUSTMENT_HEADER = "employee,period,amount,reason,by\n"

BOOKING_FAULTS = [
    "2025-13-01;;booked",  # no such date
    "2025-05-01;;booked",  # a public holiday
    "2025-03-08;;booked",  # a Saturday
    "2025-03-04;xx;booked",  # an unknown half-day
    "2025-03-04;;maybe",  # an unknown status
    "2024-03-04;;booked",  # outside the period
]


@st.composite
def workforces(draw: st.DrawFn) -> tuple[str, str, str]:
    count = draw(st.integers(1, 9))
    contracts, bookings, adjustments = [CONTRACT_HEADER], [BOOKING_HEADER], [ADJUSTMENT_HEADER]
    for n in range(count):
        employee = f"E{n:03d}"
        kind = draw(st.sampled_from(["ok", "ok", "no contract", "bad contract", "two rows"]))
        if kind == "ok":
            contracts.append(f"{employee},2020-01-06,100 %\n")
        elif kind == "bad contract":
            contracts.append(f"{employee},2020-02-30,100 %\n")
        elif kind == "two rows":
            contracts.append(f"{employee},2020-01-06,100 %\n{employee},2021-01-06,80 %\n")
        days = draw(st.lists(st.integers(0, 40), max_size=6))
        for day in sorted(days):
            month, dom = 2 + day // 20, 3 + day % 20
            bookings.append(f"{employee};2025-{month:02d}-{dom:02d};;booked\n")
        for fault in draw(st.lists(st.sampled_from(BOOKING_FAULTS), max_size=2)):
            bookings.append(f"{employee};{fault}\n")
        if draw(st.booleans()):
            amount = draw(st.sampled_from(["1", "-0,5", "x"]))
            adjustments.append(f"{employee},2025,{amount},fix,hr\n")
    return "".join(contracts), "".join(bookings), "".join(adjustments)


def write(folder: Path, texts: tuple[str, str, str]) -> list[str]:
    paths = []
    for name, text in zip(("contracts", "bookings", "adjustments"), texts, strict=True):
        path = folder / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def one_job(paths: list[str], agreement, calendar, periods) -> tuple[list, list[str], str]:  # type: ignore[no-untyped-def]
    summary, problems = RunSummary(), []
    records = read_workforce(*paths, summary=summary, on_problem=problems.append)
    rows = list(
        workforce_balances(
            records,
            agreement,
            calendar,
            periods=periods,
            summary=summary,
            on_problem=problems.append,
        )
    )
    return rows, [str(p) for p in problems], summary.describe()


def jobs_run(paths: list[str], agreement, calendar, periods, jobs: int, pool):  # type: ignore[no-untyped-def]
    summary, problems = RunSummary(), []
    rows = list(
        parallel_balances(
            *paths,
            agreement=agreement,
            calendar=calendar,
            periods=periods,
            jobs=jobs,
            summary=summary,
            on_problem=problems.append,
            executor=pool,
        )
    )
    return rows, [str(p) for p in problems], summary.describe()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=workforces())
def test_generated_workforces_with_faults_give_one_jobs_rows_problems_and_summary(
    tmp_path: Path, texts: tuple[str, str, str]
) -> None:
    sample = sample_workforce()
    agreement, calendar = sample.agreement(), sample.calendar()
    periods = periods_for_year(agreement, 2025)
    paths = write(tmp_path, texts)
    expected = one_job(paths, agreement, calendar, periods)
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        for jobs in (2, 3):
            got = jobs_run(paths, agreement, calendar, periods, jobs, pool)
            assert got[0] == expected[0]
            assert got[2] == expected[2]
            # The same problems in the same order, each at the same file, line and column:
            # one job reads the next employee's rows before it checks the rules of the
            # current one, and so do the chunks, reading on past their cut.
            assert got[1] == expected[1]


def test_a_fault_at_a_cut_is_reported_at_its_line(tmp_path: Path) -> None:
    contracts = CONTRACT_HEADER + "".join(f"E{n},2020-01-06,100 %\n" for n in range(4))
    bookings = BOOKING_HEADER + "".join(
        f"E{n};2025-03-{4 + n:02d};;booked\nE{n};2025-05-01;;booked\n" for n in range(4)
    )
    paths = write(tmp_path, (contracts, bookings, ADJUSTMENT_HEADER))
    sample = sample_workforce()
    agreement = sample.agreement()
    periods = periods_for_year(agreement, 2025)
    chunks = plan_chunks(*paths, jobs=2)
    assert len(chunks) == 2
    assert chunks[1].low == "E2"
    got = jobs_run(paths, agreement, sample.calendar(), periods, 2, None)
    # The holiday booking of each employee is on lines 3, 5, 7 and 9 of the bookings.
    lines = [p.split(":")[1] for p in got[1]]
    assert lines == ["3", "5", "7", "9"]
    assert got == one_job(paths, agreement, sample.calendar(), periods)


def test_unsorted_files_raise_what_one_job_raises(tmp_path: Path) -> None:
    contracts = CONTRACT_HEADER + "E2,2020-01-06,100 %\nE1,2020-01-06,100 %\nE3,2020-01-06,1\n"
    bookings = BOOKING_HEADER + "E3;2025-03-04;;booked\nE1;2025-03-04;;booked\n"
    paths = write(tmp_path, (contracts, bookings, ADJUSTMENT_HEADER))
    sample = sample_workforce()
    agreement = sample.agreement()
    periods = periods_for_year(agreement, 2025)
    with pytest.raises(LoadError) as raised:
        jobs_run(paths, agreement, sample.calendar(), periods, 2, None)
    assert raised.value.code == "unsorted_input"
    # The command indexes them in memory, as one job does: the same output.
    args = ["balances", "--agreement", "assistance-100-days", "--contracts", paths[0]]
    args += ["--bookings", paths[1], "--year", "2025"]
    assert run([*args, "--jobs", "2"]) == run(args)


def test_standard_input_is_refused_with_more_than_one_job(tmp_path: Path) -> None:
    paths = write(tmp_path, (CONTRACT_HEADER, BOOKING_HEADER, ADJUSTMENT_HEADER))
    with pytest.raises(InvalidValue) as raised:
        plan_chunks("-", paths[1], jobs=2)
    assert raised.value.code == "jobs_need_files"


FAULTY = (
    CONTRACT_HEADER
    + "".join(f"E{n},2020-01-06,100 %\n" for n in range(6) if n != 3)
    + "E6,2020-02-30,100 %\n",
    BOOKING_HEADER
    + "".join(
        f"E{n};2025-03-{4 + n:02d};;booked\nE{n};2025-05-01;;booked\nE{n};2025-13-01;;booked\n"
        for n in range(7)
    ),
    ADJUSTMENT_HEADER + "E1,2025,1,fix,hr\nE4,2025,x,fix,hr\n",
)


def csv_of(rows: list) -> str:  # type: ignore[type-arg]
    from teleaccord import write_balances

    out = io.StringIO()
    write_balances(rows, out, format="csv")
    return out.getvalue()


def test_spawned_processes_give_one_jobs_output(tmp_path: Path) -> None:
    import multiprocessing

    paths = write(tmp_path, FAULTY)
    sample = sample_workforce()
    agreement = sample.agreement()
    periods = periods_for_year(agreement, 2025)
    expected = one_job(paths, agreement, sample.calendar(), periods)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        got = jobs_run(paths, agreement, sample.calendar(), periods, 2, pool)
    assert csv_of(got[0]) == csv_of(expected[0])
    assert got[2] == expected[2]
    assert got[1] == expected[1]
    assert len(got[1]) >= 9  # the faults above: holidays, bad dates, a contract, an amount


def test_a_dask_local_cluster_gives_one_jobs_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from dask.distributed import Client, LocalCluster

    paths = write(tmp_path, FAULTY)
    sample = sample_workforce()
    agreement, calendar = sample.agreement(), sample.calendar()
    periods = periods_for_year(agreement, 2025)
    expected = one_job(paths, agreement, calendar, periods)
    chunks = plan_chunks(*paths, jobs=3)
    assert len(chunks) == 3
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        futures = client.map(
            chunk_balances, chunks, agreement=agreement, calendar=calendar, periods=periods
        )
        results = client.gather(futures)
    merged = merge_chunk_results(chunks, results)
    assert merged is not None
    rows, problems, summary = merged
    assert csv_of(rows) == csv_of(expected[0])
    assert summary.describe() == expected[2]
    assert sorted(str(p) for p in problems) == sorted(expected[1])


def test_the_command_refuses_standard_input_and_zero_jobs(tmp_path: Path) -> None:
    paths = write(tmp_path, (CONTRACT_HEADER + "E1,2020-01-06,1\n", BOOKING_HEADER, ""))
    args = ["balances", "--agreement", "assistance-100-days", "--year", "2025"]
    code, out, err = run([*args, "--contracts", "-", "--bookings", paths[1], "--jobs", "2"])
    assert (code, out) == (2, "")
    assert "jobs" in err
    code, out, err = run([*args, "--contracts", paths[0], "--bookings", paths[1], "--jobs", "0"])
    assert (code, out) == (2, "")
    assert "--jobs" in err


# -- faults at the cuts, in one job's order ----------------------------------------------------

ABSENCE_HEADER = "employee,start,end,kind\n"
GOOD_DAYS = [f"2025-03-{d:02d}" for d in (4, 5, 6, 7, 10, 11, 12, 13, 14, 17, 18, 19)]


def cut_workforce(fault: str, at: tuple[int, ...]) -> tuple[str, str, str, str]:
    """Six employees E0..E5 with twelve good bookings each (the bookings are the largest
    file, so 2 jobs cut at E3 and 3 jobs at E2 and E4), and ``fault`` at the employees
    ``at``; every employee also books a holiday (a rule problem, after its reading ones)."""
    contracts, bookings = [CONTRACT_HEADER], [BOOKING_HEADER]
    adjustments, absences = [ADJUSTMENT_HEADER], [ABSENCE_HEADER]
    for n in range(6):
        e = f"E{n}"
        faulty = n in at
        if faulty and fault == "bad contract row":
            contracts.append(f"{e},2020-02-30,100 %\n")
        elif faulty and fault == "two-row contract":
            contracts.append(f"{e},2020-01-06,100 %\n{e},2021-01-06,80 %\n")
        else:
            contracts.append(f"{e},2020-01-06,100 %\n")
        bad = faulty and fault == "bad booking row"  # a row of the same length either way
        bookings.append(f"{e};{'2025-02-30' if bad else '2025-03-20'};;booked\n")
        bookings.extend(f"{e};{day};;booked\n" for day in GOOD_DAYS)
        bookings.append(f"{e};2025-05-01;;booked\n")
        if faulty and fault == "bad adjustment":
            adjustments.append(f"{e},2025,x,fix,hr\n")
        elif n % 2:
            adjustments.append(f"{e},2025,1,fix,hr\n")
        if faulty and fault == "absence problem":
            absences.append(f"{e},2025-02-30,,paid_leave\n")
        elif n in (0, 5):  # sparse: the next absence is chunks away
            absences.append(f"{e},2025-06-02,2025-06-03,paid_leave\n")
    return "".join(contracts), "".join(bookings), "".join(adjustments), "".join(absences)


def run_four(paths: list[str], jobs: int) -> tuple[list, list[str], str]:  # type: ignore[type-arg]
    sample = sample_workforce()
    agreement, calendar = sample.agreement(), sample.calendar()
    periods = periods_for_year(agreement, 2025)
    summary, problems = RunSummary(), []
    if jobs == 1:
        records = read_workforce(
            *paths[:3], absences=paths[3], summary=summary, on_problem=problems.append
        )
        rows = list(
            workforce_balances(
                records,
                agreement,
                calendar,
                periods=periods,
                summary=summary,
                on_problem=problems.append,
            )
        )
    else:
        rows = list(
            parallel_balances(
                *paths[:3],
                absences=paths[3],
                agreement=agreement,
                calendar=calendar,
                periods=periods,
                jobs=jobs,
                summary=summary,
                on_problem=problems.append,
                executor=concurrent.futures.ThreadPoolExecutor(jobs),
            )
        )
    return rows, [str(p) for p in problems], summary.describe()


@pytest.mark.parametrize(
    "fault",
    [
        "bad contract row",
        "two-row contract",
        "bad booking row",
        "bad adjustment",
        "absence problem",
    ],
)
@pytest.mark.parametrize("at", [(1, 2), (2, 3), (3, 4), (1, 2, 3, 4)])
def test_faults_at_the_cuts_come_in_one_jobs_order(
    tmp_path: Path, fault: str, at: tuple[int, ...]
) -> None:
    texts = cut_workforce(fault, at)
    paths = []
    for name, text in zip(("contracts", "bookings", "adjustments", "absences"), texts, strict=True):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    assert [c.low for c in plan_chunks(*paths[:3], absences=paths[3], jobs=2)] == [None, "E3"]
    assert [c.low for c in plan_chunks(*paths[:3], absences=paths[3], jobs=3)] == [
        None,
        "E2",
        "E4",
    ]
    sample = sample_workforce()
    agreement = sample.agreement()
    for jobs in (2, 3):  # the chunks stand for one job: no run falls back to it
        chunks = plan_chunks(*paths[:3], absences=paths[3], jobs=jobs)
        periods = periods_for_year(agreement, 2025)
        results = [chunk_balances(c, agreement, sample.calendar(), periods=periods) for c in chunks]
        assert [r.failed for r in results] == [None] * jobs
    expected = run_four(paths, 1)
    reading = [p for p in expected[1] if "holiday" not in p.lower() and "férié" not in p]
    assert len(reading) >= len(at)  # the faults are reported (and so can be misplaced)
    for jobs in (2, 3):
        got = run_four(paths, jobs)
        assert csv_of(got[0]) == csv_of(expected[0])
        assert got[1] == expected[1]
        assert got[2] == expected[2]
