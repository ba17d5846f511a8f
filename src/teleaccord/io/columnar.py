"""The columnar reader of bookings files: the ``fast`` engine of the workforce job.

A bookings file sorted by employee is read in **chunks** of bytes cut at employee boundaries
(:func:`booking_chunks`), so memory is bounded by a chunk, not by the file; the same chunks can
be handed to several processes or machines. Each chunk is typed column by column with
pyarrow (:func:`typed_bookings`): the dates become ordinals, the half-days, statuses, ids and
timestamps are checked with a few vectorised passes, and each employee's rows come out as
:class:`~teleaccord.workforce.BookingColumns`, ready for the same per-employee code as the
standard reader's.

This module only **reads**: it decides nothing about the rules. An employee with any row it
cannot type (an unknown half-day or status word, a blank or malformed cell, a date or a
timestamp not written the usual ISO way) is handed back as raw rows, which the row reader
reads and reports as it always does; a chunk it cannot split safely (quotes, blank lines,
rows of another width, bytes that are not UTF-8) is read by the standard reader whole. So the
balances, the problems and the summary are the same whichever engine reads.

pyarrow and numpy are optional (``pip install 'teleaccord[fast]'``), imported only here,
only when the engine runs.
"""

from __future__ import annotations

import csv
import importlib
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, NamedTuple

from teleaccord.errors import InvalidValue, TeleaccordError
from teleaccord.workforce import BOOKED, CANCELLED, BookingColumns, TalliedColumns

__all__ = [
    "CHUNK_SIZE",
    "ENGINES",
    "BookingChunk",
    "TypedAbsences",
    "TypedGroup",
    "booking_chunks",
    "check_engine",
    "fast_available",
    "iter_typed_bookings",
    "typed_absences",
    "typed_bookings",
]

ENGINES = ("auto", "python", "fast")
"""How the workforce job reads bookings: ``fast`` (the columnar reader, needs the ``fast``
extra), ``python`` (the row reader only), ``auto`` (``fast`` when the extra is installed)."""

CHUNK_SIZE = 4 << 20
"""The bytes of bookings read at a time by the columnar reader (a chunk is cut at the last
employee boundary inside, so it may be a little shorter, or longer for one huge employee)."""

_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal(): arrow's date32 counts from there
_DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
# An aware ISO timestamp as exports write it; anything else goes through the row reader.
_STAMP_RE = r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$"


_MODULES: list[tuple[Any, Any, Any, Any]] = []


def _modules() -> tuple[Any, Any, Any, Any]:
    """pyarrow, pyarrow.compute, pyarrow.csv and numpy, imported when the engine runs."""
    if _MODULES:
        return _MODULES[0]
    try:
        pa = importlib.import_module("pyarrow")
        pc = importlib.import_module("pyarrow.compute")
        pcsv = importlib.import_module("pyarrow.csv")
        np = importlib.import_module("numpy")
    except ImportError:
        msg = (
            "the fast engine needs the optional packages 'pyarrow' and 'numpy'; install them "
            "with pip install 'teleaccord[fast]', or use --engine python."
        )
        raise TeleaccordError(msg, code="missing_dependency", field="engine") from None
    _MODULES.append((pa, pc, pcsv, np))
    return _MODULES[0]


def _flags(pa: Any, pc: Any, mask: Any) -> Any:
    """A boolean arrow array as a numpy one (through bytes: arrow packs booleans in bits)."""
    return pc.cast(pc.fill_null(mask, False), pa.uint8()).to_numpy() != 0


def _iso_days(pa: Any, pc: Any, texts: Any) -> Any:
    """``YYYY-MM-DD`` texts as timestamps, null where the text is not a date of the
    calendar (strptime rolls 30 February over to March: the text must come back)."""
    parsed = pc.strptime(texts, "%Y-%m-%d", "s", error_is_null=True)
    same = pc.equal(pc.strftime(parsed, "%Y-%m-%d"), texts)
    return pc.if_else(pc.fill_null(same, False), parsed, pa.scalar(None, parsed.type))


def _day_ordinals(pa: Any, pc: Any, np: Any, cells: Any) -> tuple[Any, Any]:
    """``YYYY-MM-DD`` cells as proleptic ordinals (``date.toordinal``, an int64 array) and
    the mask of the cells that are not such a date (their ordinal is meaningless): the row
    reader reads those rows."""
    try:  # arrow's ISO date is strict: YYYY-MM-DD, a day of the month
        days = pc.cast(cells, pa.date32())
        bad = np.zeros(len(cells), dtype=bool)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        ok = pc.match_substring_regex(cells, _DATE_RE)
        parsed = _iso_days(pa, pc, pc.if_else(ok, cells, "1970-01-01"))
        bad = ~_flags(pa, pc, pc.and_(ok, pc.is_valid(parsed)))
        days = pc.cast(pc.fill_null(parsed, 0), pa.date32())
    numbers = pc.cast(days, pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)
    numbers += _EPOCH_ORDINAL
    bad |= numbers < 1  # year 0: not a date for Python
    return numbers, bad


def _bad_stamps(pa: Any, pc: Any, np: Any, stamps: Any) -> Any:
    """The rows whose timestamp is not an aware ISO timestamp as exports write it
    (``2025-03-04T09:15:00+01:00`` or ``...Z``): the row reader then reads them."""
    size = pc.utf8_length(stamps)
    usual = pc.or_(pc.equal(size, 25), pc.equal(size, 20))
    try:
        pc.cast(stamps, pa.timestamp("s", tz="UTC"))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        usual = pc.and_(usual, pc.match_substring_regex(stamps, _STAMP_RE))
        day_part = pc.if_else(usual, pc.utf8_slice_codeunits(stamps, 0, 10), "1970-01-01")
        usual = pc.and_(usual, pc.is_valid(_iso_days(pa, pc, day_part)))
    year_zero = pc.starts_with(stamps, "0000")  # arrow reads it, Python does not
    return ~_flags(pa, pc, usual) | _flags(pa, pc, year_zero)


def _picked(np: Any, values: Any, codes: Any) -> tuple[Any, ...]:
    """``values[code]`` for each code (a numpy array): the same few Python objects, shared."""
    return tuple(np.array(values, dtype=object)[codes.astype(np.intp)].tolist())


def _tallies(
    np: Any,
    starts: list[int],
    count: int,
    ordinals: Any,
    cancel: Any,
    ids: Any,
    blank: Any,
    half: Any,
) -> tuple[Any, Any, Any]:
    """For each employee (rows ``starts[g]`` to the next start): whether their rows, among
    themselves, are what the job's set path asks (see
    :class:`~teleaccord.workforce.TalliedColumns`), with the cancellations and rows counted.

    ``ordinals``: the days; ``cancel``: the rows that cancel; ``ids``: an integer code per
    id in the chunk (``None``: no id column); ``blank``: the rows without an id; ``half``:
    0 for a whole day, 1 or 2 for a half-day. Each employee's rows are keyed by id (by day
    when none has an id), and sorted by employee, key and position: each key must hold one
    booking, then at most one cancellation of the same day and half-day; and the days
    booked must be distinct. Returns (good, half-days booked, half-days cancelled) per
    employee, numpy arrays."""
    groups = len(starts)
    sizes = np.diff(np.asarray([*starts, count]))
    owner = np.repeat(np.arange(groups), sizes)
    position = np.arange(count)
    blanks = np.bincount(owner, weights=blank, minlength=groups) if ids is not None else sizes
    by_day = blanks == sizes  # no id in the group: keyed by day
    mixed = (blanks > 0) & ~by_day  # some ids given, some not: the row path sorts it out
    key = ordinals if ids is None else np.where(by_day[owner], ordinals, ids)
    order = np.lexsort((position, key, owner))
    s_owner, s_key = owner[order], key[order]
    s_cancel, s_day = cancel[order], ordinals[order]
    again = np.zeros(count, dtype=bool)  # the row repeats the key of the row before it
    again[1:] = (s_owner[1:] == s_owner[:-1]) & (s_key[1:] == s_key[:-1])
    third = np.zeros(count, dtype=bool)
    third[1:] = again[1:] & again[:-1]
    changed_day = np.zeros(count, dtype=bool)
    s_half = half[order]
    changed_day[1:] = (s_day[1:] != s_day[:-1]) | (s_half[1:] != s_half[:-1])
    bad = (s_cancel & ~again) | (again & ~s_cancel) | third | (again & changed_day)
    if ids is not None:  # keyed by id: the days booked must be distinct too
        booked = np.flatnonzero(~cancel)
        b_owner = owner[booked]
        b_key = b_owner * (int(ordinals.max()) + 1) + ordinals[booked]
        if not (b_key[1:] > b_key[:-1]).all():  # not in order of days: sorted here
            b_key.sort()  # (by employee first: b_owner, in order already, still fits)
        twice = b_key[1:] == b_key[:-1]
        bad_days = np.bincount(b_owner[1:][twice], minlength=groups)
    else:
        bad_days = np.zeros(groups, dtype=np.int64)
    bad_keys = np.bincount(s_owner[bad], minlength=groups)
    good = (bad_keys == 0) & (bad_days == 0) & ~mixed
    amount = np.where(half != 0, 1, 2)  # the half-days of each row
    booked_days = np.bincount(owner, weights=amount * ~cancel, minlength=groups)
    cancelled_days = np.bincount(owner, weights=amount * cancel, minlength=groups)
    return good, booked_days.astype(np.int64), cancelled_days.astype(np.int64)


def fast_available() -> bool:
    """Whether the ``fast`` extra (pyarrow and numpy) is installed.

    >>> from teleaccord.io.columnar import fast_available
    >>> isinstance(fast_available(), bool)
    True
    """
    try:
        _modules()
    except TeleaccordError:
        return False
    return True


def check_engine(engine: str) -> bool:
    """Whether ``engine`` (one of :data:`ENGINES`) reads with the columnar reader; ``fast``
    without the extra raises :class:`~teleaccord.errors.TeleaccordError`
    (``missing_dependency``), an unknown name :class:`~teleaccord.errors.InvalidValue`.

    >>> from teleaccord.io.columnar import check_engine
    >>> check_engine("python")
    False
    """
    if engine not in ENGINES:
        msg = f"engine: expected one of {', '.join(ENGINES)}, got {engine!r}."
        raise InvalidValue(msg, field="engine", code="invalid_value")
    if engine == "python":
        return False
    if engine == "fast":
        _modules()
        return True
    return fast_available()


class BookingChunk(NamedTuple):
    """A run of whole lines of a bookings file, cut at employee boundaries: ``data`` starts
    on line ``first_line`` of the file, at byte ``offset``."""

    first_line: int
    offset: int
    data: bytes


def _clean_key(key: bytes) -> bool:
    """Whether an employee cell is read the same by every reader (no spaces around it, no
    quote, no formula prefix, not blank): a safe place to cut."""
    return bool(key) and key == key.strip() and not key.startswith(b"'") and b'"' not in key


def _cut(data: bytes, delimiter: bytes) -> int:
    """The end of the last employee boundary in ``data`` (whole lines) where the employees
    on both sides are clean; 0 when there is none."""
    end = len(data)
    while end > 0:
        start = data.rfind(b"\n", 0, end - 1) + 1  # the last line before ``end``
        key = data[start:end].split(delimiter, 1)[0]
        first = start
        while first > 0:  # back to the employee's first line
            before = data.rfind(b"\n", 0, first - 1) + 1
            if data[before:first].split(delimiter, 1)[0] != key:
                break
            first = before
        if first == 0:
            return 0
        previous = data[data.rfind(b"\n", 0, first - 1) + 1 : first].split(delimiter, 1)[0]
        if _clean_key(key) and _clean_key(previous):
            return first
        end = first
    return 0


def booking_chunks(
    handle: IO[bytes],
    *,
    first_line: int,
    offset: int,
    delimiter: str,
    size: int | None = None,
) -> Iterator[BookingChunk]:
    """The rest of a bookings file (``handle`` at byte ``offset``, line ``first_line``) in
    chunks of about ``size`` bytes (default :data:`CHUNK_SIZE`), each ending at an employee
    boundary.

    >>> import io
    >>> from teleaccord.io.columnar import booking_chunks
    >>> data = b"E1,2025-01-02\\nE1,2025-01-03\\nE2,2025-01-02\\nE3,2025-01-06\\n"
    >>> [(c.first_line, c.data) for c in booking_chunks(io.BytesIO(data), first_line=2,
    ...                                                   offset=0, delimiter=",", size=30)]
    [(2, b'E1,2025-01-02\\nE1,2025-01-03\\nE2,2025-01-02\\n'), (5, b'E3,2025-01-06\\n')]
    """
    sep = delimiter.encode()
    size = size or CHUNK_SIZE
    pending = b""
    line = first_line
    want = size
    while True:
        block = handle.read(want)
        data = pending + block
        if not block:
            if data:
                yield BookingChunk(line, offset, data)
            return
        whole = data.rfind(b"\n") + 1
        cut = _cut(data[:whole], sep) if whole else 0
        if cut == 0:
            pending = data  # one employee so far (or no safe place to cut): read on,
            want *= 2  # twice as much each time, so the search stays linear
            continue
        want = size
        chunk = data[:cut]
        yield BookingChunk(line, offset, chunk)
        line += chunk.count(b"\n")
        offset += cut
        pending = data[cut:]


class TypedGroup(NamedTuple):
    """One employee's rows in a chunk: ``columns`` when every row was typed, else ``None``
    and the raw ``rows`` with their ``lines`` (for the row reader)."""

    employee: str
    columns: BookingColumns | None
    rows: list[list[str]]
    lines: list[int]


def typed_bookings(
    chunk: BookingChunk, *, delimiter: str, width: int, index: Mapping[str, int]
) -> list[TypedGroup] | None:
    """Each employee's rows of ``chunk`` typed column by column, in file order; ``None`` when
    the chunk is not plain enough to split on the delimiter and newlines alone (quotes, blank
    lines, a carriage return not before a newline, rows of another width than ``width``,
    bytes not UTF-8, employees out of order): the standard reader then reads it.

    ``index`` maps the bookings columns (``employee``, ``date``, ``half``, ``status``,
    ``id``, ``recorded_at``, ``kind``) to their positions in the header. An employee with a
    row of another kind of telework than the default (``regular``) is handed back as raw
    rows.

    This is ``list(iter_typed_bookings(...))``: the groups of the whole chunk at once.
    """
    groups = iter_typed_bookings(chunk, delimiter=delimiter, width=width, index=index)
    return None if groups is None else list(groups)


def iter_typed_bookings(
    chunk: BookingChunk, *, delimiter: str, width: int, index: Mapping[str, int]
) -> Iterator[TypedGroup] | None:
    """What :func:`typed_bookings` answers, the groups made one at a time as they are
    iterated: the chunk is read, typed and checked at once (``None`` when it cannot be), and
    each employee's columns are sliced from the chunk's when their turn comes.

    This is what the workforce job reads with: an employee's values are made, counted and
    dropped before the next one's are made, so the objects alive at any time are a chunk's
    columns and one employee's, not every employee's of the chunk (Python's cycle collector
    runs when more objects are made than freed: a list of a chunk's 700 employees, about ten
    objects each, made it run about ten times a chunk, for nothing to collect).

    >>> import pytest; _ = pytest.importorskip("pyarrow")  # the example needs the fast extra
    >>> from teleaccord.io.columnar import BookingChunk, iter_typed_bookings
    >>> data = b"E1,2025-01-02\\nE1,2025-01-03\\nE2,2025-01-02\\n"
    >>> groups = iter_typed_bookings(BookingChunk(2, 0, data), delimiter=",", width=2,
    ...                              index={"employee": 0, "date": 1})
    >>> [(g.employee, g.columns.lines) for g in groups]
    [('E1', (2, 3)), ('E2', (4,))]
    """
    pa, pc, _, np = _modules()
    names = [f"c{i}" for i in range(width)]
    wanted = dict(index)
    # Every row of ``width`` cells, no blank line: row k is on line first_line + k.
    data = chunk.data
    table = _plain_table(data, delimiter, names, wanted.values())
    if table is None:
        return None
    count = table.num_rows

    def column(name: str) -> Any:
        return table.column(names[wanted[name]]).combine_chunks()

    employees = column("employee")
    # Runs of equal employee cells: an employee's rows are consecutive in a sorted file.
    changed = _flags(pa, pc, pc.not_equal(employees.slice(1), employees.slice(0, count - 1)))
    starts = [0, *(np.flatnonzero(changed) + 1).tolist()]
    keys = employees.take(pa.array(starts)).to_pylist()
    if any(a >= b for a, b in itertools.pairwise(keys)):
        return None  # out of order: the standard reader says where
    if not all(map(_clean_key, (k.encode() for k in keys))):
        return None

    numbers, bad = _day_ordinals(pa, pc, np, column("date"))
    # Whole-chunk tuples: each employee's columns are slices of them.
    ordinals = tuple(numbers.tolist())
    halves: tuple[str, ...] | None = None  # None: no half-day in the chunk
    halved_rows: list[int] = []
    half_code = np.zeros(count, dtype=np.int8)
    if "half" in wanted:
        half = column("half")
        bad |= ~_flags(pa, pc, pc.is_in(half, value_set=pa.array(["", "am", "pm"])))
        halved = _flags(pa, pc, pc.not_equal(half, ""))
        if halved.any():  # the rows of each employee with a half-day: few
            halved_rows = np.add.reduceat(halved, starts).tolist()
            half_code[halved] = 1
            half_code[_flags(pa, pc, pc.equal(half, "pm"))] = 2
            # (a row with another word is flagged: its employee's rows are read raw)
            halves = _picked(np, ("", "am", "pm"), half_code)
    statuses: tuple[str, ...] | None = None
    cancel = np.zeros(count, dtype=bool)
    if "status" in wanted:
        status = column("status")
        bad |= ~_flags(pa, pc, pc.is_in(status, value_set=pa.array([BOOKED, CANCELLED])))
        cancel = _flags(pa, pc, pc.equal(status, CANCELLED))
        statuses = _picked(np, (BOOKED, CANCELLED), cancel)
    ids: tuple[str, ...] | None = None
    codes = blank = None
    if "id" in wanted:
        ident = column("id")
        if b" " in data or b"\t" in data:  # no space in the chunk: none in an id either
            bad |= _flags(pa, pc, pc.match_substring_regex(ident, r"[ \t]"))
        # A code per row, equal for equal ids (the rows without an id: blank).
        encoded = pc.dictionary_encode(ident)
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        empty = pc.index(encoded.dictionary, "").as_py()
        blank = codes == empty if empty >= 0 else np.zeros(count, dtype=bool)
        ids = tuple(ident.to_pylist())
    if "recorded_at" in wanted:
        bad |= _bad_stamps(pa, pc, np, column("recorded_at"))
    if "kind" in wanted:
        # A day of another kind than the default may count in another pool: the employee
        # goes through the row reader, which keeps the kinds.
        bad |= ~_flags(pa, pc, pc.is_in(column("kind"), value_set=pa.array(["", "regular"])))
    flagged = np.add.reduceat(bad, starts).tolist()
    # The employees whose rows the job's set path would accept among themselves, counted.
    good, booked, cancelled = _tallies(np, starts, count, numbers, cancel, codes, blank, half_code)
    tallies = [
        (b, c) if ok else None
        for ok, b, c in zip(good.tolist(), booked.tolist(), cancelled.tolist(), strict=True)
    ]

    line = chunk.first_line
    ends = [*starts[1:], count]

    def groups() -> Iterator[TypedGroup]:
        """Each employee's group, one at a time."""
        raw_lines: list[bytes] | None = None
        for g, (key, s, e, nbad) in enumerate(zip(keys, starts, ends, flagged, strict=True)):
            if nbad:
                if raw_lines is None:
                    raw_lines = data.split(b"\n")
                text = [raw.decode("utf-8").rstrip("\r") for raw in raw_lines[s:e]]
                rows = list(csv.reader(io.StringIO("\n".join(text)), delimiter=delimiter))
                yield TypedGroup(key, None, rows, list(range(line + s, line + e)))
                continue
            n = e - s
            tally = tallies[g]
            cols = (TalliedColumns if tally is not None else BookingColumns)(
                ordinals[s:e],
                halves[s:e] if halves is not None and halved_rows[g] else ("",) * n,
                statuses[s:e] if statuses is not None else (BOOKED,) * n,
                ids[s:e] if ids is not None else ("",) * n,
                (),  # the timestamps are checked, not kept: no count uses them
                tuple(range(line + s, line + e)),  # made here: no chunk-long tuple for the
                # cycle collector to scan
            )
            if tally is not None:
                cols.tally = tally  # type: ignore[attr-defined]
            yield TypedGroup(key, cols, [], [])

    return groups()


# -- absences ----------------------------------------------------------------------------------


class TypedAbsences(NamedTuple):
    """The rows of a chunk of an absences file (``lines``: each row's line), the cells of
    each column read stripped (``cells``, by column name), and each row's first and last
    days as ordinals (``firsts``, ``lasts``), ``None`` where a date is not written the usual
    ISO way (``YYYY-MM-DD``, a day of the calendar): the row reader then reads the row."""

    lines: list[int]
    cells: dict[str, list[str]]
    firsts: list[int | None]
    lasts: list[int | None]


_ABSENCE_COLUMNS = (
    "employee", "start", "end", "kind", "half", "start_half", "end_half", "id", "source",
)  # fmt: skip


def typed_absences(
    chunk: BookingChunk, *, delimiter: str, width: int, index: Mapping[str, int]
) -> TypedAbsences | None:
    """The rows of a chunk of an absences file typed column by column; ``None`` when the
    chunk is not plain enough to split on the delimiter and newlines alone (quotes, blank
    lines, a carriage return not before a newline, rows of another width than ``width``,
    bytes not UTF-8): the CSV reader then reads it.

    ``index`` maps the absences columns (``employee``, ``start``, ``end``, ``kind``,
    ``half``, ``start_half``, ``end_half``, ``id``, ``source``) to their positions in the
    header. Only the dates are typed here; what the cells mean (a half-day word, a kind, a
    blank cell) is the reader's to decide, row by row, as for any other file.

    >>> import pytest; _ = pytest.importorskip("pyarrow")  # the example needs the fast extra
    >>> from teleaccord.io.columnar import BookingChunk, typed_absences
    >>> data = b"E1,2025-07-01,2025-07-14,paid_leave\\nE2,2025-02-30,,rtt\\n"
    >>> found = typed_absences(BookingChunk(2, 0, data), delimiter=",", width=4,
    ...                        index={"employee": 0, "start": 1, "end": 2, "kind": 3})
    >>> found.lines, found.cells["kind"], found.lasts[0] - found.firsts[0], found.firsts[1]
    ([2, 3], ['paid_leave', 'rtt'], 13, None)
    """
    pa, pc, _, np = _modules()
    names = [f"c{i}" for i in range(width)]
    wanted = {name: index[name] for name in _ABSENCE_COLUMNS if name in index}
    table = _plain_table(chunk.data, delimiter, names, wanted.values())
    if table is None:
        return None
    count = table.num_rows
    columns = {name: table.column(names[i]).combine_chunks() for name, i in wanted.items()}

    def ordinals(cells: Any) -> list[int | None]:
        numbers, bad = _day_ordinals(pa, pc, np, cells)
        found: list[int | None] = numbers.tolist()
        for k in np.flatnonzero(bad).tolist():
            found[k] = None  # the row reader reads the row
        return found

    start = columns["start"]
    firsts = ordinals(start)
    lasts = firsts
    if "end" in columns:  # a blank end: the first day
        end = columns["end"]
        lasts = ordinals(pc.if_else(pc.equal(end, ""), start, end))
    texts = {name: list(map(str.strip, cells.to_pylist())) for name, cells in columns.items()}
    line = chunk.first_line
    return TypedAbsences(list(range(line, line + count)), texts, firsts, lasts)


def _plain_table(data: bytes, delimiter: str, names: list[str], wanted: Iterable[int]) -> Any:
    """The columns ``wanted`` (positions) of a chunk as an arrow table of texts, every row
    of ``len(names)`` cells and no blank line (row k is the chunk's line k); ``None`` when
    the chunk is not plain enough to split on the delimiter and newlines alone (quotes,
    blank lines, a carriage return not before a newline, rows of another width, bytes not
    UTF-8) or holds no row."""
    pa, _, pcsv, _ = _modules()
    if b'"' in data or b"\n\n" in data or data.startswith((b"\n", b"\r")):
        return None
    if b"\r" in data and (data.count(b"\r") != data.count(b"\r\n") or b"\n\r\n" in data):
        return None
    try:  # every cell, the columns not read too: the CSV reader decodes the whole line
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    kept = [names[i] for i in wanted]
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter, quote_char=False, newlines_in_values=False
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(kept, pa.string()),
                include_columns=kept,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return table if table.num_rows else None
