"""The workforce job on more than one core or machine: sorted files cut at employee boundaries.

The input files (contracts, bookings, adjustments, absences), sorted by employee, are cut into
byte ranges that start at the same employees in every file (:func:`plan_chunks`). Each chunk is
read and computed on its own (:func:`chunk_balances`), by the library's own reader and
:func:`~teleaccord.workforce.workforce_balances`, and knows the line its rows start at, so its
problems name the lines one job names. One job reads each employee's rows (and reports their
problems) before it checks the rules of the employee before; so each chunk reads on past its
end, as far as one job reads before it yields the next chunk's first employee, and leaves out
(in the merge) what it reported before its own first employee: the problems come in one job's
order. The results, merged in order (:func:`merge_chunk_results`), give the rows, the problems
and the summary of one job.
:func:`parallel_balances` does the three steps with a process pool; Dask's ``client.map`` can do
them on a cluster from shared storage (docs/howto/balances-on-dask.md).

Whatever a chunk cannot decide alone is done again in one job: input not sorted by employee
(the chunks see it as a row out of order or an employee outside their range), a file that cannot
be read or decoded, files of different date formats, ``stop_at_first_error``. The outcome is
then one job's, exactly.

>>> from teleaccord.io.chunks import plan_chunks
>>> from teleaccord.io.chunks import sample_paths
>>> paths = sample_paths()
>>> chunks = plan_chunks(paths["contracts"], paths["bookings"], paths["adjustments"], jobs=3,
...                      encoding="utf-8-sig")
>>> len(chunks), chunks[0].low, chunks[1].low is not None
(3, None, True)
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from importlib import resources
from typing import Any

import attrs

from teleaccord.agreement import Agreement
from teleaccord.calendars import Calendar
from teleaccord.dates import DateRange
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.csv import (
    ABSENCES,
    ADJUSTMENTS,
    BOOKINGS,
    CONTRACTS,
    CsvFormat,
    PrefixedStream,
    detect_encoding,
    read_workforce,
    sniff_separator,
)
from teleaccord.io.output import restore_cell
from teleaccord.overrides import IndividualTerms
from teleaccord.versions import AgreementHistory
from teleaccord.workforce import BalanceRow, RunSummary, workforce_balances

__all__ = [
    "Chunk",
    "ChunkResult",
    "FilePart",
    "chunk_balances",
    "merge_chunk_results",
    "parallel_balances",
    "plan_chunks",
    "sample_paths",
]

_ROLES = ("contracts", "bookings", "adjustments", "absences")
_FORMATS: dict[str, CsvFormat] = {
    "contracts": CONTRACTS,
    "bookings": BOOKINGS,
    "adjustments": ADJUSTMENTS,
    "absences": ABSENCES,
}
_PROBE = 64 * 1024


@attrs.frozen
class FilePart:
    """One file's byte range in a chunk.

    Attributes:
        role: ``contracts``, ``bookings``, ``adjustments`` or ``absences``.
        path: the file (a path every worker can open: shared storage for a cluster).
        name: the file's name in problems (the path as given, unless named).
        encoding: the encoding it is decoded in.
        header: the header line, as bytes.
        start, end: the byte range of its rows in this chunk (``start == end``: none).
        line: the line number of the first row of the range.
    """

    role: str
    path: str
    name: str
    encoding: str
    header: bytes
    start: int
    end: int
    line: int

    def text(self) -> io.StringIO:
        """The range as a CSV file of its own: the header, blank lines up to ``line`` (so the
        reader numbers the rows as in the whole file), then the rows."""
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            data = handle.read(self.end - self.start)
        header = self.header.decode(self.encoding)
        if not header.endswith("\n"):
            header += "\n"
        body = data.decode(self.encoding)
        return io.StringIO(header + "\n" * (self.line - 2) + body, newline="")

    def text_on(self) -> io.TextIOWrapper:
        """As :meth:`text`, but the rows go on past ``end`` to the end of the file, read
        lazily: a chunk reads on as far as one job reads ahead before yielding the next
        chunk's first employee (see :func:`chunk_balances`)."""
        header = self.header.decode(self.encoding)
        if not header.endswith("\n"):
            header += "\n"
        plain = "utf-8" if self.encoding.lower().replace("_", "-") == "utf-8-sig" else self.encoding
        handle = open(self.path, "rb")  # noqa: SIM115 - closed with the wrapper
        handle.seek(self.start)
        lead = (header + "\n" * (self.line - 2)).encode(plain)
        raw = PrefixedStream(lead, handle, owned=True)
        return io.TextIOWrapper(io.BufferedReader(raw), encoding=plain, newline="")


@attrs.frozen
class Chunk:
    """The employees from ``low`` (included; ``None``: the first) to ``high`` (excluded;
    ``None``: the last), one :class:`FilePart` per file.

    Attributes:
        index: its place, from 0.
        encoding_given: whether the encoding was given (the summary then names none).
        date_format: the files' date format (detected on the whole files, or given).
    """

    index: int
    low: str | None
    high: str | None
    parts: tuple[FilePart, ...]
    date_format: str | None
    encodings: tuple[str | None, ...] = ()


@attrs.define
class ChunkResult:
    """What one chunk gave: its balance rows, its problems in the order they were reported,
    its run summary, and ``failed``: why the chunk cannot stand for its part of one job (the
    input is not sorted, a file cannot be read...), ``None`` when it can.

    The chunk reads on past its range as one job reads ahead, up to the next chunk's first
    employee: its problems and counts then hold what one job reports before that employee.
    ``prefix`` is the number of problems reported before its own first employee (the chunk
    before reported them already, where one job does), ``prefix_rows`` the rows read and
    skipped per file by then, ``prefix_codes`` their problems by code: the merge leaves them
    out."""

    index: int
    rows: list[BalanceRow] = attrs.field(factory=list)
    problems: list[Problem] = attrs.field(factory=list)
    summary: RunSummary = attrs.field(factory=RunSummary)
    failed: str | None = None
    prefix: int = 0
    prefix_rows: dict[str, tuple[int, int]] = attrs.field(factory=dict)
    prefix_codes: dict[str, int] = attrs.field(factory=dict)


def _need_files(role: str, source: Any) -> str:
    """The path of a file that can be cut (a regular file, not a workbook or a stream)."""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if path != "-" and os.path.isfile(path) and not path.lower().endswith((".xlsx", ".xlsm")):
            return path
    msg = (
        f"--jobs: more than one job reads the files in parts, and {role} is not a CSV file "
        "that can be read in parts (standard input, a pipe, a workbook, a store); run with "
        "--jobs 1."
    )
    raise InvalidValue(msg, field="--jobs", code="jobs_need_files", params={"file": role})


class _File:
    """A sorted file opened to find where employees start."""

    def __init__(self, role: str, path: str, encoding: str) -> None:
        self.role, self.path, self.encoding = role, path, encoding
        self.handle = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.size = os.fstat(self.handle.fileno()).st_size
        self.header = self.handle.readline()
        self.data = self.handle.tell()
        text = self.header.decode(encoding).strip("\r\n")
        self.delimiter = sniff_separator(text)
        cells = next(csv.reader([text], delimiter=self.delimiter), [])
        fmt = _FORMATS[role]
        self.column = 0
        for i, cell in enumerate(cells):
            col = fmt.column_for(cell.strip().replace("\ufeff", ""))
            if col is not None and col.name == "employee":
                self.column = i
                break

    def close(self) -> None:
        self.handle.close()

    def line_start(self, position: int) -> int:
        """The first line start at or after ``position``."""
        if position <= self.data:
            return self.data
        self.handle.seek(position - 1)
        if self.handle.read(1) == b"\n":
            return position
        self.handle.readline()
        return min(self.handle.tell(), self.size)

    def key(self, start: int) -> str | None:
        """The employee of the row starting at ``start`` (``None`` at the end, or for a row
        that has none)."""
        if start >= self.size:
            return None
        self.handle.seek(start)
        line = self.handle.readline().decode(self.encoding, errors="replace")
        row = next(csv.reader([line], delimiter=self.delimiter), [])
        if len(row) <= self.column:
            return ""
        return restore_cell(row[self.column].strip())

    def first_at_least(self, key: str) -> int:
        """The start of the first row whose employee sorts at or after ``key``."""
        lo, hi = self.data, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            start = self.line_start(mid)
            found = self.key(start)
            if found is None or found >= key:
                hi = mid
            else:
                lo = mid + 1
        return self.line_start(lo)

    def lines_before(self, offsets: Sequence[int]) -> list[int]:
        """The line number of the row starting at each offset (sorted)."""
        self.handle.seek(0)
        numbers, count, done = [], 1, 0
        for offset in offsets:
            count += _count_newlines(self.handle, offset - done)
            done = offset
            numbers.append(count)
        return numbers


def _count_newlines(handle: Any, size: int) -> int:
    count = 0
    while size > 0:
        block = handle.read(min(size, 1 << 20))
        if not block:
            break
        count += block.count(b"\n")
        size -= len(block)
    return count


def _probe(
    sources: Mapping[str, str],
    names: Mapping[str, str],
    encoding: str | None,
    date_format: str | None,
) -> RunSummary:
    """Open the files as one job does (their encodings and date formats detected on the
    whole files) and read the first employee; a file one job refuses is refused here."""
    probe = RunSummary()
    records = read_workforce(
        sources["contracts"],
        sources.get("bookings"),
        sources.get("adjustments"),
        absences=sources.get("absences"),
        names=tuple(names.get(r) for r in _ROLES),
        encoding=encoding,
        date_format=date_format,
        summary=probe,
        on_problem=lambda problem: None,
    )
    try:
        next(records, None)
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()
    return probe


def plan_chunks(
    contracts: str | os.PathLike[str],
    bookings: str | os.PathLike[str] | None = None,
    adjustments: str | os.PathLike[str] | None = None,
    *,
    absences: str | os.PathLike[str] | None = None,
    jobs: int,
    names: tuple[str | None, ...] = (None, None, None, None),
    encoding: str | None = None,
    date_format: str | None = None,
) -> tuple[Chunk, ...]:
    """Cut files sorted by employee into at most ``jobs`` chunks at employee boundaries.

    The cuts are placed by the size of the largest file (usually the bookings), each at the
    first row of an employee, found by bisection (the files are sorted); every file is cut at
    the same employees. Fewer chunks come back when employees are fewer than ``jobs``.

    Args:
        contracts, bookings, adjustments, absences: paths of CSV files (not streams: they are
            read in parts, by several processes).
        jobs: the number of chunks wanted (at least 1).
        names, encoding, date_format: as for :func:`~teleaccord.io.csv.read_workforce`.

    Raises:
        InvalidValue: ``jobs_need_files`` for an input that is not a file that can be read in
            parts (standard input, a pipe, a workbook), ``invalid_value`` for ``jobs`` < 1.
        LoadError: a file one job refuses (no header, a missing column...).
    """
    if jobs < 1:
        msg = f"--jobs: expected 1 or more, got {jobs}."
        raise InvalidValue(msg, field="--jobs", code="invalid_value")
    given = dict(zip(_ROLES, (contracts, bookings, adjustments, absences), strict=True))
    sources = {role: _need_files(role, src) for role, src in given.items() if src is not None}
    named: dict[str, str] = {}
    for i, role in enumerate(_ROLES):
        if role in sources:
            given_name = names[i] if i < len(names) else None
            named[role] = given_name or sources[role]
    probe = _probe(sources, named, encoding, date_format)
    formats = {f.date_format for f in probe.files.values()}
    shared_format = date_format or (formats.pop() if len(formats) == 1 else None)
    encodings: dict[str, str] = {}
    for role, path in sources.items():
        counts = probe.files.get(role)
        detected = counts.encoding if counts is not None else None
        if encoding is not None:
            encodings[role] = encoding
        elif detected is not None:
            encodings[role] = detected
        else:
            with open(path, "rb") as handle:
                encodings[role] = detect_encoding(handle.read(_PROBE))
    files = {role: _File(role, path, encodings[role]) for role, path in sources.items()}
    try:
        largest = max(files.values(), key=lambda f: f.size - f.data)
        keys: list[str] = []
        for j in range(1, jobs):
            position = largest.data + (largest.size - largest.data) * j // jobs
            key = largest.key(largest.line_start(position))
            if key and (not keys or key > keys[-1]):
                keys.append(key)
        cuts = {
            role: [f.data, *(f.first_at_least(k) for k in keys), f.size]
            for role, f in files.items()
        }
        lines = {role: files[role].lines_before(cuts[role][:-1]) for role in files}
        chunks = []
        bounds: list[str | None] = [None, *keys, None]
        for i in range(len(keys) + 1):
            parts = tuple(
                FilePart(
                    role=role,
                    path=f.path,
                    name=named[role],
                    encoding=encodings[role],
                    header=f.header,
                    start=cuts[role][i],
                    end=cuts[role][i + 1],
                    line=lines[role][i],
                )
                for role, f in files.items()
            )
            chunks.append(
                Chunk(
                    index=i,
                    low=bounds[i],
                    high=bounds[i + 1],
                    parts=parts,
                    date_format=shared_format,
                    encodings=tuple(
                        probe.files[r].encoding if r in probe.files else None for r in files
                    ),
                )
            )
    finally:
        for f in files.values():
            f.close()
    return tuple(chunks)


def sample_paths() -> dict[str, str]:
    """The paths of the sample workforce's files (``contracts``, ``bookings``,
    ``adjustments``), read in ``utf-8-sig``, for :func:`plan_chunks`; ``jobs_need_files``
    when teleaccord is installed where they are not files (a zip)."""
    root = resources.files("teleaccord").joinpath("data/workforce")
    paths = {}
    for role in ("contracts", "bookings", "adjustments"):
        path = _need_files(role, str(root.joinpath(f"{role}.csv")))
        paths[role] = path
    return paths


class _OutOfRange(Exception):
    """An employee outside its chunk's range: the files are not sorted alike."""


def chunk_balances(
    chunk: Chunk,
    agreement: Agreement | AgreementHistory,
    calendar: Calendar,
    *,
    periods: Sequence[DateRange],
    as_of: date | None = None,
    agreements: Mapping[str, Agreement | AgreementHistory] | None = None,
    terms: Mapping[str, IndividualTerms] | None = None,
) -> ChunkResult:
    """Compute one chunk's balances, as one job computes them for its employees.

    A top-level function of picklable arguments: it runs in a process pool (spawn or fork)
    or on a Dask worker. It never raises for the data: a chunk that cannot stand for its part
    of one job comes back with ``failed`` set (see :func:`merge_chunk_results`).
    """
    result = ChunkResult(chunk.index)
    if chunk.date_format is None:
        result.failed = "the files have different date formats"
        return result
    parts = {p.role: p for p in chunk.parts}
    streams: dict[str, Any] = {}
    first = [True]

    def mark() -> None:
        """What was reported and read before the chunk's first employee came."""
        if first[0]:
            first[0] = False
            result.prefix = len(result.problems)
            result.prefix_rows = {
                role: (c.rows, c.skipped) for role, c in result.summary.files.items()
            }
            result.prefix_codes = dict(result.summary.problems)

    try:
        for role, part in parts.items():
            streams[role] = part.text_on()
        records = read_workforce(
            streams["contracts"],
            streams.get("bookings"),
            streams.get("adjustments"),
            absences=streams.get("absences"),
            names=tuple(parts[r].name if r in parts else None for r in _ROLES),
            date_format=chunk.date_format,
            on_problem=result.problems.append,
            summary=result.summary,
        )

        def in_range(records: Iterator[Any]) -> Iterator[Any]:
            # One job reads ahead before it yields an employee; reading on past the range
            # up to the next chunk's first employee reports what one job reports before it.
            for record in records:
                mark()
                employee = record.employee
                if chunk.low is not None and employee < chunk.low:
                    raise _OutOfRange(employee)
                if chunk.high is not None and employee >= chunk.high:
                    return
                yield record
            mark()

        result.rows = list(
            workforce_balances(
                in_range(records),
                agreement,
                calendar,
                periods=periods,
                as_of=as_of,
                summary=result.summary,
                on_problem=result.problems.append,
                agreements=agreements,
                terms=terms,
            )
        )
    except _OutOfRange as exc:
        result.failed = f"employee {exc.args[0]!r} outside the chunk: not sorted"
    except (LoadError, UnicodeDecodeError, OSError, InvalidValue) as exc:
        result.failed = f"{type(exc).__name__}: {exc}"
    finally:
        for stream in streams.values():
            stream.close()
    return result


def merge_chunk_results(
    chunks: Sequence[Chunk], results: Sequence[ChunkResult]
) -> tuple[list[BalanceRow], list[Problem], RunSummary] | None:
    """The rows, problems and summary of one job from its chunks' results (any order);
    ``None`` when a chunk failed: then run one job (:func:`parallel_balances` does)."""
    ordered = sorted(results, key=lambda r: r.index)
    if len(ordered) != len(chunks) or any(r.failed for r in ordered):
        return None
    summary = RunSummary()
    encodings = chunks[0].encodings if chunks else ()
    for result in ordered:
        part = result.summary
        later = result.index > 0  # its prefix was reported by the chunk before
        for i, (role, counts) in enumerate(part.files.items()):
            merged = summary.file(role, counts.name)
            rows_before, skipped_before = result.prefix_rows.get(role, (0, 0))
            merged.rows += counts.rows - (rows_before if later else 0)
            merged.skipped += counts.skipped - (skipped_before if later else 0)
            merged.date_format = counts.date_format
            if i < len(encodings):
                merged.encoding = encodings[i]
        summary.employees += part.employees
        summary.balances += part.balances
        summary.individual_terms += part.individual_terms
        summary.problems.update(part.problems)
        if later:
            summary.problems.subtract(result.prefix_codes)
        summary.outside_periods += part.outside_periods
        summary.after_as_of += part.after_as_of
    summary.problems = +summary.problems  # drop the codes counted to zero
    rows = [row for r in ordered for row in r.rows]
    problems = [p for r in ordered for p in r.problems[r.prefix if r.index else 0 :]]
    return rows, problems, summary


def parallel_balances(
    contracts: str | os.PathLike[str],
    bookings: str | os.PathLike[str] | None = None,
    adjustments: str | os.PathLike[str] | None = None,
    *,
    agreement: Agreement | AgreementHistory,
    calendar: Calendar,
    periods: Sequence[DateRange],
    jobs: int = 2,
    absences: str | os.PathLike[str] | None = None,
    names: tuple[str | None, ...] = (None, None, None, None),
    encoding: str | None = None,
    date_format: str | None = None,
    as_of: date | None = None,
    agreements: Mapping[str, Agreement | AgreementHistory] | None = None,
    terms: Mapping[str, IndividualTerms] | None = None,
    summary: RunSummary | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    stop_at_first_error: bool = False,
    executor: concurrent.futures.Executor | None = None,
) -> Iterator[BalanceRow]:
    """:func:`~teleaccord.workforce.workforce_balances` of sorted CSV files, on ``jobs``
    processes: the same rows, problems (with their lines) and summary as one job.

    The chunks (:func:`plan_chunks`) run in a :class:`concurrent.futures.ProcessPoolExecutor`
    (or ``executor``), and are merged in order. Input not sorted by employee, a chunk that
    fails, files of different date formats and ``stop_at_first_error`` run one job instead
    (which raises what one job raises: ``unsorted_input`` for unsorted files).

    Raises:
        InvalidValue: ``jobs_need_files`` when an input is not a file (see
            :func:`plan_chunks`).
    """
    run = summary if summary is not None else RunSummary()

    def one_job() -> Iterator[BalanceRow]:
        records = read_workforce(
            contracts,
            bookings,
            adjustments,
            absences=absences,
            names=names,
            encoding=encoding,
            date_format=date_format,
            summary=run,
            on_problem=on_problem,
        )
        return workforce_balances(
            records,
            agreement,
            calendar,
            periods=periods,
            as_of=as_of,
            summary=run,
            on_problem=on_problem,
            stop_at_first_error=stop_at_first_error,
            agreements=agreements,
            terms=terms,
        )

    try:
        chunks = plan_chunks(
            contracts,
            bookings,
            adjustments,
            absences=absences,
            jobs=jobs,
            names=names,
            encoding=encoding,
            date_format=date_format,
        )
    except LoadError:
        yield from one_job()  # raises as one job does
        return
    merged = None
    if not stop_at_first_error and len(chunks) > 1:
        own = executor is None
        pool = executor or concurrent.futures.ProcessPoolExecutor(max_workers=jobs)
        try:
            futures = [
                pool.submit(
                    chunk_balances,
                    chunk,
                    agreement,
                    calendar,
                    periods=tuple(periods),
                    as_of=as_of,
                    agreements=agreements,
                    terms=terms,
                )
                for chunk in chunks
            ]
            results = [f.result() for f in futures]
        finally:
            if own:
                pool.shutdown()
        merged = merge_chunk_results(chunks, results)
    if merged is None:
        yield from one_job()
        return
    rows, problems, _ = _into(merged, run)
    for problem in problems:
        if on_problem is not None:
            on_problem(problem)
    yield from rows


def _into(
    merged: tuple[list[BalanceRow], list[Problem], RunSummary], run: RunSummary
) -> tuple[list[BalanceRow], list[Problem], RunSummary]:
    """Copy a merged summary into the caller's ``run``."""
    rows, problems, counted = merged
    run.files.update(counted.files)
    run.employees += counted.employees
    run.balances += counted.balances
    run.individual_terms += counted.individual_terms
    run.problems.update(counted.problems)
    run.outside_periods += counted.outside_periods
    run.after_as_of += counted.after_as_of
    return rows, problems, run
