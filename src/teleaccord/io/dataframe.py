"""pandas DataFrames: balances, bookings, allowances, ledger entries and plans, exact values kept.

For analysts who work in pandas: a run's balances (:func:`balances_frame`) or a bookings file
(:func:`bookings_frame`) become a DataFrame with one row per balance or booking, in the
columns of their CSV formats; monthly allowances (:func:`allowances_frame`), any ledger
entries (:func:`entries_frame`) and a planner's plan (:func:`plan_frame`) become one row per
month, per entry and per person-day. Every one comes back through the same checks as the
files: balances (:func:`balances_from_frame`), ledger entries (:func:`entries_from_frame`),
allowances (:func:`allowances_from_frame`) and planned days (:func:`planned_days_from_frame`)
through the one converter (:mod:`teleaccord.io.convert`, which checks every value, and that
``remaining`` adds up), bookings (:func:`bookings_from_frame`) through the CSV row reader (each
cell by its column kind). A problem names the row and the column: ``frame:3:date`` (the header
is row 1, so the frame's first row is row 2, as in the CSV file it stands for; balances say
``$[1].date``).

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

Money (an allowance's rate, due, exempt and excess parts) is always a
:class:`~decimal.Decimal`, already exact to the cent, whatever ``amounts=`` says.

Dates are ``datetime64`` columns (day precision), timestamps keep their UTC offset. Never a
float for an amount: a float column read back is refused, since ``0.1`` is not one tenth.

This needs the optional pandas package: ``pip install 'teleaccord[dataframe]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from teleaccord.agreement import DEFAULT_POOL
from teleaccord.allowance import MonthlyAllowance
from teleaccord.amounts import format_amount, format_decimal
from teleaccord.entries import ENTRY_TYPES, AbsenceRecord, Entry
from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.extras import import_extra
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.csv import BALANCES, BOOKINGS, read_bookings
from teleaccord.workforce import BalanceRow, BookingRow

if TYPE_CHECKING:
    from teleaccord.planner import Plan, PlannedDay

__all__ = [
    "AMOUNTS",
    "allowances_frame",
    "allowances_from_frame",
    "balances_frame",
    "balances_from_frame",
    "bookings_frame",
    "bookings_from_frame",
    "entries_frame",
    "entries_from_frame",
    "plan_frame",
    "planned_days_from_frame",
]

AMOUNTS = ("fraction", "string", "decimal")
"""How a frame holds day amounts (see the module documentation)."""

_BALANCE_COLUMNS = tuple(c.name for c in BALANCES.columns)
_BALANCE_AMOUNTS = tuple(c.name for c in BALANCES.columns if c.kind == "amount")
_BOOKING_COLUMNS = (*(c.name for c in BOOKINGS.columns), "amount", "line")


def _pandas() -> Any:
    msg = (
        "dataframe: DataFrames need the optional pandas package: "
        "pip install 'teleaccord[dataframe]'."
    )
    return import_extra("pandas", msg, field="dataframe", error=InvalidValue)


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
            "pool": row.pool,
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
                "pool": cells["pool"] or DEFAULT_POOL,
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
            "kind": row.kind,
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


def _series(frame: Any, values: list[Any]) -> Any:
    """``values`` as an ``object`` Series on ``frame``'s index."""
    return _pandas().Series(values, index=frame.index, dtype=object)


def _dates(frame: Any, pandas: Any, *names: str) -> None:
    """Day columns as ``datetime64[s]`` (``NaT`` where a row has no such day)."""
    for name in names:
        frame[name] = pandas.to_datetime(frame[name]).astype("datetime64[s]")


def _objects(frame: Any, records: list[dict[str, Any]], *names: str) -> None:
    """Columns kept as the Python objects of the records (Fractions, Decimals, aware
    datetimes, ``None``: pandas would read a missing text as ``NaN``)."""
    for name in names:
        frame[name] = _series(frame, [record[name] for record in records])


_ALLOWANCE_COLUMNS = (
    "employee",
    "month",
    "start",
    "end",
    "policy",
    "kind",
    "telework_days",
    "weekly_days",
    "work_fraction",
    "rate",
    "gross",
    "capped_by",
    "due",
    "limit_amount",
    "exempt",
    "excess",
    "monthly_cap",
    "yearly_cap",
    "paid_before",
    "limit",
    "formula",
    "notes",
)
_ALLOWANCE_AMOUNTS = ("telework_days", "weekly_days", "work_fraction", "gross")
_ALLOWANCE_MONEY = (
    *("rate", "due", "limit_amount", "exempt", "excess"),
    *("monthly_cap", "yearly_cap", "paid_before"),
)
# Columns kept as Python objects (exact amounts, Decimal money, texts and data that may be None).
_ALLOWANCE_OBJECTS = tuple(
    c
    for c in _ALLOWANCE_COLUMNS
    if c in {*_ALLOWANCE_AMOUNTS, *_ALLOWANCE_MONEY, "capped_by", "limit", "notes"}
)


def allowances_frame(months: Iterable[MonthlyAllowance], *, amounts: str = "fraction") -> Any:
    """Monthly allowances (:func:`~teleaccord.monthly_allowances`) as a DataFrame, one row per
    employee and month.

    Columns: ``employee``; ``month`` (``"2025-10"``) with its ``start`` and ``end`` days; the
    ``policy`` and its ``kind``; ``telework_days``, ``weekly_days`` (per-weekly-day policies,
    else ``None``), ``work_fraction`` and ``gross`` (the exact euros before caps and rounding)
    as ``amounts=`` says; ``rate``, ``due``, ``limit_amount`` (``None`` when the table has no
    limit), ``exempt`` and ``excess`` as :class:`~decimal.Decimal` money, whatever
    ``amounts=`` says; ``capped_by`` (``"monthly cap"``, ``"yearly cap"`` or ``None``); then
    what the explanation holds beside them, so the frame reads back
    (:func:`allowances_from_frame`): ``monthly_cap``, ``yearly_cap`` and ``paid_before``
    (money), the exemption ``limit`` applied (its data form, a ``dict``), the ``formula`` and
    the ``notes`` (a tuple of texts).

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import AllowancePolicy, Contract, month_range, monthly_allowances
    >>> from teleaccord.io.dataframe import allowances_frame
    >>> policy = AllowancePolicy(name="2.70 a day", kind="per-day", amount="2.70")
    >>> contract = Contract.from_amendments(employee="E1", hired=date(2019, 1, 1))
    >>> days = [(date(2025, 10, 6), Fraction(1)), (date(2025, 10, 7), Fraction(1, 2))]
    >>> months = monthly_allowances(policy, contract, days, month_range(2025, 10))
    >>> allowances_frame(months)[["month", "telework_days", "due"]].to_dict("records")
    [{'month': '2025-10', 'telework_days': Fraction(3, 2), 'due': Decimal('4.05')}]
    """
    pandas = _pandas()
    write = _amount_writer(amounts)
    records = []
    for month in months:
        why = month.explanation
        records.append(
            {
                "employee": month.employee,
                "month": f"{month.month.start.year:04d}-{month.month.start.month:02d}",
                "start": month.month.start,
                "end": month.month.end,
                "policy": why.policy,
                "kind": why.kind.value,
                "telework_days": write(month.telework_days),
                "weekly_days": None if why.weekly_days is None else write(why.weekly_days),
                "work_fraction": write(why.work_fraction),
                "rate": why.rate,
                "gross": write(why.gross),
                "capped_by": why.capped_by,
                "due": month.due,
                "limit_amount": why.limit_amount,
                "exempt": month.exempt,
                "excess": month.excess,
                "monthly_cap": why.monthly_cap,
                "yearly_cap": why.yearly_cap,
                "paid_before": why.paid_before,
                "limit": unstructure(why.limit),
                "formula": why.formula,
                "notes": why.notes,
            }
        )
    frame = pandas.DataFrame.from_records(records, columns=list(_ALLOWANCE_COLUMNS))
    _dates(frame, pandas, "start", "end")
    _objects(frame, records, *_ALLOWANCE_OBJECTS)
    return frame


_ENTRY_COLUMNS = (
    "entry_id",
    "type",
    "kind",
    "recorded_at",
    "by",
    "day",
    "half",
    "start",
    "end",
    "pool",
    "amount",
    "booking_id",
    "telework_kind",
    "text",
    "exact",
    "previous",
    "current",
    "from_start",
    "from_end",
    "absence_employee",
    "absence_kind",
    "start_half",
    "end_half",
    "source",
    "exception",
)
_ENTRY_AMOUNTS = ("amount", "exact", "previous", "current")
# Every column but the identifiers and the dates is kept as Python objects.
_ENTRY_PLAIN = ("entry_id", "type", "kind", "by", "day", "start", "end", "from_start", "from_end")
_ENTRY_OBJECTS = tuple(c for c in _ENTRY_COLUMNS if c not in _ENTRY_PLAIN)
_ENTRY_TEXTS = ("note", "reason", "explanation")


def _entry_record(entry: Entry, write: Any) -> dict[str, Any]:
    period = getattr(entry, "period", None)
    absence = getattr(entry, "absence", None)
    if absence is not None:
        period = absence.days  # an absence's own days
    half = getattr(entry, "half", None)
    amount = getattr(entry, "amount", None)
    text = next((getattr(entry, name) for name in _ENTRY_TEXTS if hasattr(entry, name)), "")
    from_period = getattr(entry, "from_period", None)
    exception = getattr(entry, "exception", None)

    def amount_of(name: str) -> Any:
        value = getattr(entry, name, None)
        return None if value is None else write(value)

    def half_of(value: Any) -> str | None:
        return None if value is None else str(value.value)

    return {
        "entry_id": entry.entry_id,
        "type": type(entry).__name__,
        "kind": entry.kind,
        "recorded_at": entry.recorded_at,
        "by": entry.by,
        "day": getattr(entry, "day", None),
        "half": None if half is None else half.value,
        "start": None if period is None else period.start,
        "end": None if period is None else period.end,
        "pool": getattr(entry, "pool", None),
        "amount": None if amount is None else write(amount),
        "booking_id": getattr(entry, "booking_id", None),
        "telework_kind": getattr(entry, "telework_kind", None),
        "text": text or None,
        "exact": amount_of("exact"),
        "previous": amount_of("previous"),
        "current": amount_of("current"),
        "from_start": None if from_period is None else from_period.start,
        "from_end": None if from_period is None else from_period.end,
        "absence_employee": None if absence is None else absence.employee,
        "absence_kind": None if absence is None else absence.kind,
        "start_half": None if absence is None else half_of(absence.start_half),
        "end_half": None if absence is None else half_of(absence.end_half),
        "source": None if absence is None else absence.source,
        "exception": None if exception is None else unstructure(exception),
    }


def entries_frame(
    entries: Iterable[Entry], *, employee: str | None = None, amounts: str = "fraction"
) -> Any:
    """Ledger entries (any :data:`~teleaccord.Entry`, for instance
    :attr:`QuotaLedger.entries <teleaccord.QuotaLedger.entries>`) as a DataFrame, one row per
    entry, in their order.

    Columns, ``None`` (or ``NaT``) where an entry has no such value: ``entry_id``; ``type``
    (the class, ``"Booking"``) and ``kind`` (the entry's own word, ``"booking"``);
    ``recorded_at`` (aware datetimes) and ``by``; ``day`` (the day the entry concerns, which
    dates it in a balance as of a day: a booking's day, a grant's first day, an absence's first
    day) and ``half`` (``"am"``, ``"pm"``); ``start`` and
    ``end`` (the quota period of a grant, regrant, adjustment, carry-over, expiry or
    forfeiture; an absence's days); ``pool``; ``amount`` as the entry holds it, as ``amounts=``
    says (a cancellation's is the day amount it gives back, a regrant's the change; an
    absence has none); ``booking_id`` (cancellations); ``telework_kind``; ``text`` (the note,
    reason or explanation). With ``employee=``, an ``employee`` column comes first, so the
    frames of several ledgers can be concatenated. Then what the columns above leave out, so
    the frame reads back (:func:`entries_from_frame`): ``exact`` (a grant's exact figure),
    ``previous`` and ``current`` (a regrant's), ``from_start`` and ``from_end`` (the period a
    carry-over comes from), an absence's ``absence_employee``, ``absence_kind``,
    ``start_half``, ``end_half`` and ``source``, and a booking's authorised ``exception`` (its
    data form, a ``dict``).

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Booking, Cancellation
    >>> from teleaccord.io.dataframe import entries_frame
    >>> at = datetime(2025, 1, 6, tzinfo=timezone.utc)
    >>> entries = [
    ...     Booking(entry_id="b1", day=date(2025, 1, 13), half="am", recorded_at=at, by="E1"),
    ...     Cancellation(entry_id="c1", booking_id="b1", day=date(2025, 1, 13),
    ...                  amount="1/2", recorded_at=at, by="E1"),
    ... ]
    >>> entries_frame(entries)[["kind", "half", "amount"]].to_dict("records")
    [{'kind': 'booking', 'half': 'am', 'amount': Fraction(1, 2)}, {'kind': 'cancellation', 'half': None, 'amount': Fraction(1, 2)}]
    """
    pandas = _pandas()
    write = _amount_writer(amounts)
    records = [_entry_record(entry, write) for entry in entries]
    columns = list(_ENTRY_COLUMNS)
    if employee is not None:
        columns.insert(0, "employee")
        for record in records:
            record["employee"] = employee
    frame = pandas.DataFrame.from_records(records, columns=columns)
    _dates(frame, pandas, "day", "start", "end", "from_start", "from_end")
    _objects(frame, records, *_ENTRY_OBJECTS)
    return frame


_PLAN_COLUMNS = ("team", "employee", "date", "half", "amount", "preferred")


def plan_frame(plan: Plan, *, amounts: str = "fraction") -> Any:
    """A plan (:func:`~teleaccord.plan_telework`, :func:`~teleaccord.greedy_plan`) as a
    DataFrame, one row per person-day planned, in the plan's order: the ``team``, the
    ``employee``, the ``date``, the ``half`` (``"am"``, ``"pm"`` or ``None`` for a whole day),
    the day ``amount`` (1 or 1/2, as ``amounts=`` says) and whether the day was one the person
    ``preferred``. A plan without days (infeasible) gives an empty frame with these columns.

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from datetime import date
    >>> from teleaccord import DateRange, Plan, PlannedDay
    >>> from teleaccord.io.dataframe import plan_frame
    >>> plan = Plan(team="T", period=DateRange(date(2025, 3, 3), date(2025, 3, 7)),
    ...             status="feasible", optimal=False, solver="greedy", solver_status="done",
    ...             days=(PlannedDay(employee="E1", day=date(2025, 3, 4), preferred=True),))
    >>> plan_frame(plan)[["employee", "amount", "preferred"]].to_dict("records")
    [{'employee': 'E1', 'amount': Fraction(1, 1), 'preferred': True}]
    """
    pandas = _pandas()
    write = _amount_writer(amounts)
    records = [
        {
            "team": plan.team,
            "employee": day.employee,
            "date": day.day,
            "half": None if day.half is None else day.half.value,
            "amount": write(Fraction(1) if day.half is None else Fraction(1, 2)),
            "preferred": day.preferred,
        }
        for day in plan.days
    ]
    frame = pandas.DataFrame.from_records(records, columns=list(_PLAN_COLUMNS))
    _dates(frame, pandas, "date")
    _objects(frame, records, "half", "amount")
    frame["preferred"] = frame["preferred"].astype(bool)
    return frame


# -- the way back: frames to values, through the one converter ----------------------------------


class _FrameReader:
    """Reads a frame's rows into the converter's data form (:mod:`teleaccord.io.convert`,
    which checks every value), and collects every problem located as ``name:row:column``
    (the header is row 1, so the frame's first row is row 2, as in the file it stands for)."""

    def __init__(self, frame: Any, name: str, required: Iterable[str]) -> None:
        self.pandas = _pandas()
        self.name = name
        missing = [c for c in required if c not in frame.columns]
        if missing:
            message = (
                f"missing column(s) {', '.join(missing)}; the frame has: {list(frame.columns)}"
            )
            raise _frame_problem(name, f"{name}:1", message, "missing_column")
        self.frame = frame
        self.problems: list[Problem] = []

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(row, cells)`` for each row of the frame, row 2 first."""
        yield from enumerate(self.frame.to_dict("records"), start=2)

    def problem(self, row: int, column: str, message: str, code: str) -> None:
        self.problems.append(Problem(f"{self.name}:{row}:{column}", message, code))

    def missing(self, value: Any) -> bool:
        """Whether a cell is empty (``None``, ``NaN``, ``NaT``)."""
        if value is None:
            return True
        if isinstance(value, (str, Fraction, Decimal, dict, list, tuple, bool)):
            return False
        return bool(self.pandas.isna(value))

    def plain(self, value: Any) -> Any:
        """A text, a flag, a day, a dict or a list cell as the data form holds it."""
        if self.missing(value):
            return None
        if isinstance(value, (self.pandas.Timestamp, datetime)):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple):
            return list(value)
        if hasattr(value, "item") and not isinstance(value, (str, dict, list)):
            return value.item()  # a numpy scalar: its Python value
        return value

    def timestamp(self, value: Any) -> Any:
        """A timestamp cell as the data form holds it (its offset and zone kept)."""
        if self.missing(value):
            return None
        if isinstance(value, self.pandas.Timestamp):
            value = value.to_pydatetime()
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value.isoformat()  # the converter refuses it, located
            return unstructure(value)
        return self.plain(value)

    def amount(self, row: int, column: str, value: Any) -> Any:
        """A day amount cell: a Fraction, an exact text or a whole number; a float or a
        rounded Decimal is a problem (``inexact_amount``)."""
        if self.missing(value):
            return None
        if isinstance(value, (Decimal, float)):
            kind = "a rounded Decimal" if isinstance(value, Decimal) else "a float"
            self.problem(
                row,
                column,
                f"{kind} ({value}) is not an exact amount; build the frame with "
                "amounts='fraction' or 'string' to read it back",
                "inexact_amount",
            )
            return None
        if isinstance(value, Fraction):
            return format_amount(value)
        value = self.plain(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    def money(self, value: Any) -> Any:
        """A money cell: a Decimal (or its text); a float is left to the converter to refuse."""
        if self.missing(value):
            return None
        if isinstance(value, Decimal):
            return str(value)
        return self.plain(value)

    def build(self, row: int, data: Any, cls: Any, column: Callable[[str], str]) -> Any:
        """``cls`` from ``data`` through the converter, or ``None`` with its problems
        located at ``row`` in the column that ``column`` names for a converter path."""
        try:
            return structure(data, cls, source=self.name)
        except LoadError as error:
            told = {p.path for p in self.problems}
            for found in error.problems:
                at = column(found.path)
                if f"{self.name}:{row}:{at}" not in told:  # not twice for a refused cell
                    self.problem(row, at, found.message, found.code)
            return None

    def finish(self) -> None:
        if self.problems:
            raise LoadError.from_problems(self.name, self.problems)


def _path_fields(path: str) -> list[str]:
    """The field names of a converter path: ``$.period.start`` is ``["period", "start"]``."""
    return [part for part in path.lstrip("$").replace("[", ".[").split(".") if part]


_ENTRY_PATHS = {
    ("period", "start"): "start",
    ("period", "end"): "end",
    ("from_period", "start"): "from_start",
    ("from_period", "end"): "from_end",
    ("from_period",): "from_start",
    ("period",): "start",
    ("absence", "days", "start"): "start",
    ("absence", "days", "end"): "end",
    ("absence", "days"): "start",
    ("absence", "employee"): "absence_employee",
    ("absence", "kind"): "absence_kind",
    ("absence", "start_half"): "start_half",
    ("absence", "end_half"): "end_half",
    ("absence", "source"): "source",
    ("absence", "absence_id"): "entry_id",
    ("absence",): "absence_kind",
}


def _entry_column(path: str) -> str:
    """The frame column of a converter path inside an entry."""
    fields = _path_fields(path)
    for size in (3, 2, 1):
        found = _ENTRY_PATHS.get(tuple(fields[:size]))
        if found is not None:
            return found
    if not fields:
        return "type"
    if fields[0] in _ENTRY_TEXTS:
        return "text"
    return fields[0]


_ENTRY_BY_NAME: dict[str, Any] = {cls.__name__: cls for cls in ENTRY_TYPES}
_ENTRY_DIRECT = ("day", "half", "pool", "booking_id", "telework_kind")


def _entry_data(read: _FrameReader, row: int, cls: Any, cells: dict[str, Any]) -> dict[str, Any]:
    """The data form of one entry of class ``cls`` from its frame cells."""
    day = read.plain
    data: dict[str, Any] = {
        "entry_id": day(cells["entry_id"]),
        "recorded_at": read.timestamp(cells["recorded_at"]),
        "by": day(cells["by"]),
    }
    if cls is AbsenceRecord:
        absence = {
            "absence_id": day(cells["entry_id"]),
            "employee": day(cells.get("absence_employee")),
            "days": {"start": day(cells["start"]), "end": day(cells["end"])},
            "kind": day(cells.get("absence_kind")),
            "start_half": day(cells.get("start_half")),
            "end_half": day(cells.get("end_half")),
            "source": day(cells.get("source")) or "",
        }
        data["absence"] = absence
        return data
    for field in attrs.fields(cls):
        name = field.name
        if name in data:
            continue
        if name in _ENTRY_AMOUNTS:
            value = read.amount(row, name, cells.get(name))
        elif name in _ENTRY_DIRECT:
            value = day(cells.get(name))
        elif name == "period":
            value = {"start": day(cells["start"]), "end": day(cells["end"])}
        elif name == "from_period":
            value = {"start": day(cells.get("from_start")), "end": day(cells.get("from_end"))}
        elif name in _ENTRY_TEXTS:
            value = day(cells.get("text")) or ""
        elif name == "exception":
            value = day(cells.get("exception"))
        else:
            value = day(cells.get(name))
        if value is None and field.default is not attrs.NOTHING:
            continue  # the field's default, as a blank cell means
        data[name] = value
    return data


def entries_from_frame(frame: Any, *, name: str = "frame") -> list[Entry]:
    """The ledger entries a frame holds (as :func:`entries_frame` makes them), in its order.

    Each row's ``type`` names the entry class; its cells become the entry's data form and go
    through the one converter (:mod:`teleaccord.io.convert`), so every value is checked as a
    ledger file's would be. Amounts may be Fractions, exact strings or whole numbers; a float
    or a rounded ``Decimal`` is refused. An ``employee`` column, if any, is ignored (it names
    the ledger, not the entry). Every problem is reported at once, located as
    ``frame:row:column`` (the frame's first row is row 2, after its header).

    Raises:
        LoadError: a missing column, an unknown type, or bad values.

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from datetime import date, datetime, timezone
    >>> from teleaccord import Booking, Grant, year_range
    >>> from teleaccord.io.dataframe import entries_frame, entries_from_frame
    >>> at = datetime(2025, 1, 6, tzinfo=timezone.utc)
    >>> entries = [
    ...     Grant(entry_id="g", period=year_range(2025), amount=90, exact="6564/73",
    ...           recorded_at=at, by="hr", explanation="90 days"),
    ...     Booking(entry_id="b1", day=date(2025, 1, 13), half="am", recorded_at=at, by="E1"),
    ... ]
    >>> entries_from_frame(entries_frame(entries, amounts="string")) == entries
    True
    """
    read = _FrameReader(frame, name, ("entry_id", "type", "recorded_at", "by"))
    entries: list[Entry] = []
    for row, cells in read.rows():
        tag = read.plain(cells["type"])
        cls = _ENTRY_BY_NAME.get(tag) if isinstance(tag, str) else None
        if cls is None:
            known = ", ".join(sorted(_ENTRY_BY_NAME))
            read.problem(
                row, "type", f"unknown entry type {tag!r}; known: {known}", "invalid_value"
            )
            continue
        missing = [c for c in _ENTRY_COLUMNS if c not in cells]
        if missing:
            message = f"missing column(s) {', '.join(missing)} to read the entries back"
            raise _frame_problem(name, f"{name}:1", message, "missing_column")
        entry = read.build(row, _entry_data(read, row, cls, cells), cls, _entry_column)
        if entry is not None:
            entries.append(entry)
    read.finish()
    return entries


_ALLOWANCE_PATHS = {
    ("month", "start"): "start",
    ("month", "end"): "end",
    ("month",): "start",
    ("explanation", "month"): "start",
    ("explanation", "limit"): "limit",
}


def _allowance_column(path: str) -> str:
    fields = _path_fields(path)
    for size in (2, 1):
        found = _ALLOWANCE_PATHS.get(tuple(fields[:size]))
        if found is not None:
            return found
    if fields[:1] == ["explanation"] and len(fields) > 1:
        return fields[1]
    return fields[0] if fields else "employee"


def allowances_from_frame(frame: Any, *, name: str = "frame") -> list[MonthlyAllowance]:
    """The monthly allowances a frame holds (as :func:`allowances_frame` makes them).

    Each row becomes a :class:`~teleaccord.MonthlyAllowance` and its explanation through the
    one converter, which checks every value (amounts exact, money decimal, a ``month`` that
    matches its ``start`` and ``end``...). Day amounts may be Fractions, exact strings or whole
    numbers (a float or a rounded ``Decimal`` is refused); money is ``Decimal`` or its text.
    Every problem is reported at once, located as ``frame:row:column``.

    Raises:
        LoadError: a missing column, or bad values.

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord import AllowancePolicy, Contract, month_range, monthly_allowances
    >>> from teleaccord.io.dataframe import allowances_frame, allowances_from_frame
    >>> policy = AllowancePolicy(name="2.70 a day", kind="per-day", amount="2.70")
    >>> contract = Contract.from_amendments(employee="E1", hired=date(2019, 1, 1))
    >>> days = [(date(2025, 10, 6), Fraction(1)), (date(2025, 10, 7), Fraction(1, 2))]
    >>> months = monthly_allowances(policy, contract, days, month_range(2025, 10))
    >>> allowances_from_frame(allowances_frame(months)) == list(months)
    True
    """
    read = _FrameReader(frame, name, _ALLOWANCE_COLUMNS)
    months: list[MonthlyAllowance] = []
    for row, cells in read.rows():
        plain = read.plain
        month = {"start": plain(cells["start"]), "end": plain(cells["end"])}
        label = plain(cells["month"])
        start = month["start"]
        if isinstance(start, str) and isinstance(label, str) and start[:7] != label:
            read.problem(
                row,
                "month",
                f"the month {label!r} is not that of its start day {start}",
                "invalid_value",
            )
            continue
        amounts = {c: read.amount(row, c, cells[c]) for c in _ALLOWANCE_AMOUNTS}
        money = {c: read.money(cells[c]) for c in _ALLOWANCE_MONEY}
        explanation = {
            "policy": plain(cells["policy"]),
            "kind": plain(cells["kind"]),
            "employee": plain(cells["employee"]),
            "month": month,
            **amounts,
            **{c: money[c] for c in ("rate", "monthly_cap", "yearly_cap", "paid_before")},
            "capped_by": plain(cells["capped_by"]),
            "due": money["due"],
            "limit": plain(cells["limit"]),
            "limit_amount": money["limit_amount"],
            "exempt": money["exempt"],
            "excess": money["excess"],
            "formula": plain(cells["formula"]),
            "notes": plain(cells["notes"]),
        }
        data = {
            "employee": plain(cells["employee"]),
            "month": month,
            "telework_days": amounts["telework_days"],
            "due": money["due"],
            "exempt": money["exempt"],
            "excess": money["excess"],
            "explanation": explanation,
        }
        value = read.build(row, data, MonthlyAllowance, _allowance_column)
        if value is not None:
            months.append(value)
    read.finish()
    return months


def _day_column(path: str) -> str:
    """The frame column of a converter path inside a planned day."""
    fields = _path_fields(path) or ["employee"]
    return "date" if fields[0] == "day" else fields[0]


def planned_days_from_frame(frame: Any, *, name: str = "frame") -> list[PlannedDay]:
    """The planned days a frame holds (as :func:`plan_frame` makes them), in its order.

    Each row becomes a :class:`~teleaccord.PlannedDay` through the one converter (``employee``,
    ``date``, ``half``, ``preferred``); its ``amount`` must be what the half says (1 for a whole
    day, 1/2 for a half-day). The ``team`` column is not read (a planned day does not hold
    it). Every problem is reported at once, located as ``frame:row:column``.

    Raises:
        LoadError: a missing column, or bad values.

    >>> import pytest; _ = pytest.importorskip("pandas")
    >>> from datetime import date
    >>> from teleaccord import DateRange, Plan, PlannedDay
    >>> from teleaccord.io.dataframe import plan_frame, planned_days_from_frame
    >>> days = (PlannedDay(employee="E1", day=date(2025, 3, 4), half="pm", preferred=True),)
    >>> plan = Plan(team="T", period=DateRange(date(2025, 3, 3), date(2025, 3, 7)),
    ...             status="feasible", optimal=False, solver="greedy", solver_status="done",
    ...             days=days)
    >>> planned_days_from_frame(plan_frame(plan)) == list(days)
    True
    """
    from teleaccord.planner import PlannedDay

    read = _FrameReader(frame, name, ("employee", "date", "half", "amount", "preferred"))
    days: list[PlannedDay] = []
    for row, cells in read.rows():
        data = {
            "employee": read.plain(cells["employee"]),
            "day": read.plain(cells["date"]),
            "half": read.plain(cells["half"]),
            "preferred": read.plain(cells["preferred"]),
        }
        amount = read.amount(row, "amount", cells["amount"])
        expected = "1" if data["half"] is None else "0.5"
        try:
            given = None if amount is None else Fraction(str(amount))
        except (ValueError, ZeroDivisionError):
            given = None
        if amount is not None and given != Fraction(expected):
            read.problem(
                row,
                "amount",
                f"a {'whole day' if data['half'] is None else 'half-day'} is {expected} "
                f"day, not {amount}",
                "invalid_value",
            )
            continue
        value = read.build(row, data, PlannedDay, _day_column)
        if value is not None:
            days.append(value)
    read.finish()
    return days
