"""pandas DataFrames: balances and bookings to a frame and back, exact values kept.

For analysts who work in pandas: a run's balances (:func:`balances_frame`) or a bookings file
(:func:`bookings_frame`) become a DataFrame with one row per balance or booking, in the
columns of their CSV formats; and a frame comes back (:func:`balances_from_frame`,
:func:`bookings_from_frame`) through the same checks as the files: balances through the one
converter (:mod:`teleaccord.io.convert`, which checks that ``remaining`` adds up), bookings
through the CSV row reader (each cell by its column kind). A problem names the row and the
column: ``frame:3:date`` (the header is row 1, so the frame's first row is row 2, as in the
CSV file it stands for).

How day amounts are held, as ``amounts=`` says:

``"fraction"`` (the default)
    :class:`~fractions.Fraction` objects in ``object`` columns: exact, and pandas computes
    with them exactly (``frame["remaining"].sum()`` is a Fraction; ``astype(float)`` gives a
    chart its floats). The frame reads back unchanged.
``"string"``
    the exact text of the JSON format (``"40.5"``, ``"6564/73"``): for a frame written to
    Parquet, Arrow or a database, which hold no fraction. The frame reads back unchanged.
``"decimal"``
    :class:`~decimal.Decimal` values with two places, rounded half-up as the tables show them
    (``89.92``), for people; rounded, so such a frame is refused when read back.

Dates are ``datetime64`` columns (day precision), timestamps keep their UTC offset. Never a
float for an amount: a float column read back is refused, since ``0.1`` is not one tenth.

This needs the optional pandas package: ``pip install 'teleaccord[dataframe]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any

from teleaccord.amounts import format_amount, format_decimal
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.io.convert import structure
from teleaccord.io.csv import BALANCES, BOOKINGS, read_bookings
from teleaccord.workforce import BalanceRow, BookingRow

__all__ = [
    "AMOUNTS",
    "balances_frame",
    "balances_from_frame",
    "bookings_frame",
    "bookings_from_frame",
]

AMOUNTS = ("fraction", "string", "decimal")
"""How a frame holds day amounts (see the module documentation)."""

_BALANCE_COLUMNS = tuple(c.name for c in BALANCES.columns)
_BALANCE_AMOUNTS = tuple(c.name for c in BALANCES.columns if c.kind == "amount")
_BOOKING_COLUMNS = (*(c.name for c in BOOKINGS.columns), "amount", "line")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        msg = (
            "dataframe: DataFrames need the optional pandas package: "
            "pip install 'teleaccord[dataframe]'."
        )
        raise InvalidValue(msg, field="dataframe", code="missing_dependency") from None
    return pandas


def _amount_writer(amounts: str) -> Any:
    if amounts == "fraction":
        return lambda value: value
    if amounts == "string":
        return format_amount
    if amounts == "decimal":
        return lambda value: Decimal(format_decimal(value))
    msg = f"amounts: expected one of {', '.join(AMOUNTS)}, got {amounts!r}."
    raise InvalidValue(msg, field="amounts", code="invalid_value")


def balances_frame(rows: Iterable[BalanceRow], *, amounts: str = "fraction") -> Any:
    """The balances as a DataFrame, in the columns of the balances CSV format.

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from fractions import Fraction
    >>> from teleaccord import BalanceRow, year_range
    >>> from teleaccord.io.dataframe import balances_frame
    >>> row = BalanceRow(employee="E1", period=year_range(2024), label="2024",
    ...                  entitlement_exact=Fraction(6564, 73), entitlement=Fraction(90),
    ...                  booked=Fraction(81, 2))
    >>> frame = balances_frame([row])
    >>> frame.loc[0, "remaining"], frame["remaining"].sum()
    (Fraction(99, 2), Fraction(99, 2))
    >>> balances_frame([row], amounts="string").loc[0, "entitlement_exact"]
    '6564/73'
    """
    pandas = _pandas()
    write = _amount_writer(amounts)
    records = [
        {
            "employee": row.employee,
            "period": row.label,
            "start": row.period.start,
            "end": row.period.end,
            **{name: write(getattr(row, name)) for name in _BALANCE_AMOUNTS},
        }
        for row in rows
    ]
    frame = pandas.DataFrame.from_records(records, columns=list(_BALANCE_COLUMNS))
    for name in ("start", "end"):
        frame[name] = pandas.to_datetime(frame[name]).astype("datetime64[s]")
    for name in _BALANCE_AMOUNTS:
        frame[name] = frame[name].astype(object)
    return frame


def _cell(value: Any, pandas: Any) -> Any:
    """A frame's cell as the converter's data form holds it."""
    if value is None or (not isinstance(value, (str, Fraction)) and bool(pandas.isna(value))):
        return None
    if isinstance(value, Fraction):
        return format_amount(value)
    if isinstance(value, (pandas.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # a numpy scalar: its Python value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _frame_problem(name: str, path: str, message: str, code: str) -> LoadError:
    return LoadError.from_problems(name, [Problem(path, message, code)])


def balances_from_frame(frame: Any, *, name: str = "frame") -> list[BalanceRow]:
    """The balance rows a frame holds (as :func:`balances_frame` makes them).

    Amounts may be Fractions, exact strings or whole numbers; a float or a rounded
    ``Decimal`` is refused, as is a ``remaining`` that does not add up. Every problem is
    reported at once, located as ``$[row].column`` (the frame's first row is ``$[0]``).

    Raises:
        LoadError: a missing column, or bad values.

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from fractions import Fraction
    >>> from teleaccord import BalanceRow, year_range
    >>> from teleaccord.io.dataframe import balances_frame, balances_from_frame
    >>> row = BalanceRow(employee="E1", period=year_range(2024), label="2024",
    ...                  entitlement_exact=Fraction(6564, 73), entitlement=Fraction(90))
    >>> balances_from_frame(balances_frame([row], amounts="string")) == [row]
    True
    """
    pandas = _pandas()
    missing = [c for c in _BALANCE_COLUMNS if c not in frame.columns]
    if missing:
        message = f"missing column(s) {', '.join(missing)}; the frame has: {list(frame.columns)}"
        raise _frame_problem(name, "$", message, "missing_column")
    problems: list[Problem] = []
    data: list[dict[str, Any]] = []
    for n, record in enumerate(frame[list(_BALANCE_COLUMNS)].to_dict("records")):
        for column in _BALANCE_AMOUNTS:
            value = record[column]
            if isinstance(value, (Decimal, float)):
                kind = "a rounded Decimal" if isinstance(value, Decimal) else "a float"
                problems.append(
                    Problem(
                        f"$[{n}].{column}",
                        f"{kind} ({value}) is not an exact amount; build the frame with "
                        "amounts='fraction' or 'string' to read it back",
                        "inexact_amount",
                    )
                )
        cells = {key: _cell(value, pandas) for key, value in record.items()}
        data.append(
            {
                "employee": cells["employee"],
                "label": cells["period"],
                "period": {"start": cells["start"], "end": cells["end"]},
                **{column: cells[column] for column in _BALANCE_AMOUNTS},
            }
        )
    if problems:
        raise LoadError.from_problems(name, problems)
    try:
        return list(structure(data, list[BalanceRow]))
    except LoadError as error:
        raise LoadError.from_problems(name, list(error.problems)) from None


def bookings_frame(rows: Iterable[BookingRow], *, amounts: str = "fraction") -> Any:
    """Booking rows (for instance :func:`~teleaccord.io.csv.read_bookings`) as a DataFrame:
    the columns of the bookings format, the day ``amount`` (1 or 1/2) and the file ``line``.

    >>> import io, pytest; _ = pytest.importorskip("pandas")
    >>> from teleaccord.io.csv import read_bookings
    >>> from teleaccord.io.dataframe import bookings_frame
    >>> rows = read_bookings(io.StringIO("employee;date;half\\nE1;2025-01-13;am\\n"))
    >>> bookings_frame(rows)[["employee", "date", "half", "amount"]].to_dict("records")
    [{'employee': 'E1', 'date': Timestamp('2025-01-13 00:00:00'), 'half': 'am', 'amount': Fraction(1, 2)}]
    """
    pandas = _pandas()
    write = _amount_writer(amounts)
    records = [
        {
            "employee": row.employee,
            "date": row.day,
            "half": None if row.half is None else row.half.value,
            "status": row.status,
            "id": row.booking_id,
            "recorded_at": row.recorded_at,
            "amount": write(row.amount),
            "line": row.line,
        }
        for row in rows
    ]
    frame = pandas.DataFrame.from_records(records, columns=list(_BOOKING_COLUMNS))
    frame["date"] = pandas.to_datetime(frame["date"]).astype("datetime64[s]")
    frame["recorded_at"] = frame["recorded_at"].astype(object)
    frame["amount"] = frame["amount"].astype(object)
    return frame


class _FrameRows:
    """A frame's rows as cell texts, for the CSV row reader (a
    :class:`~teleaccord.io.csv.RowSource`)."""

    def __init__(self, frame: Any, name: str, pandas: Any) -> None:
        self.name = name
        self.header = [str(c) for c in frame.columns]
        self.line_num = 0
        self.pandas = pandas
        self.rows: Iterator[tuple[Any, ...]] = frame.itertuples(index=False, name=None)

    def __iter__(self) -> _FrameRows:
        return self

    def __next__(self) -> list[str]:
        values = next(self.rows)
        self.line_num += 1
        return [self._text(v) for v in values]

    def _text(self, value: Any) -> str:
        if isinstance(value, datetime):  # pandas.Timestamp too
            if value.tzinfo is None and value.time() == time(0):
                return value.date().isoformat()
            return value.isoformat()
        cell = _cell(value, self.pandas)
        return "" if cell is None else str(cell)

    def close(self) -> None:
        """Nothing to close."""


def bookings_from_frame(
    frame: Any, *, name: str = "frame", on_problem: Any = None
) -> list[BookingRow]:
    """The booking rows a frame holds, read by the CSV row reader: the same columns (and
    header names) as a bookings file, the same checks, problems located as
    ``frame:row:column`` (the frame's first row is row 2, after its header). The ``amount``
    and ``line`` columns of :func:`bookings_frame` are ignored (``line`` is the frame's row).

    Raises:
        LoadError: every problem, when ``on_problem`` is not given.

    >>> import io, pytest; _ = pytest.importorskip("pandas")
    >>> from teleaccord.io.csv import read_bookings
    >>> from teleaccord.io.dataframe import bookings_frame, bookings_from_frame
    >>> rows = list(read_bookings(io.StringIO("employee;date;half\\nE1;2025-01-13;am\\n")))
    >>> bookings_from_frame(bookings_frame(rows)) == rows
    True
    """
    pandas = _pandas()
    source = _FrameRows(frame, name, pandas)
    return list(read_bookings(source, on_problem=on_problem))
