"""Excel workbooks (``.xlsx``) in: a sheet's rows become the rows the CSV reader reads.

A contracts, bookings or adjustments file may be an ``.xlsx`` workbook instead of a CSV file:
the readers of :mod:`teleaccord.io.csv` take its path as they take a CSV file's, and every
cell goes through the same column kinds, the same checks and the same problems. A problem
names the workbook, the sheet, the row and the column as the header writes it:
``contrats.xlsx:Feuil1:42:Taux d'activité``.

- **Sheet**: the sheet named after the format (``contracts`` or ``contrats``, ``bookings``
  or ``reservations``, ``adjustments`` or ``ajustements``, matched as header names are), else
  the first sheet. One workbook can so hold every file of a workforce.
- **Header**: the sheet's first row names the columns.
- **Cells**: a cell is read as the text a CSV export would hold: dates as ``2019-09-02``
  (Excel date cells carry no format to detect), numbers as written (``0.8``; a percentage
  cell shown ``80 %`` holds 0.8), booleans as ``yes``/``no``, formulas by their last computed
  value. Excel stores numbers as binary floating point: ``1/3`` typed as a formula is
  0.333333333333333, not one third; write such a value as the text ``1/3``.
- **Bounds**: the workbook is read in openpyxl's read-only mode, row by row; at most
  :data:`MAX_COLUMNS` columns of a row are read, and a workbook whose parts would inflate to
  more than :data:`MAX_UNCOMPRESSED` bytes is refused before it is opened.

This needs the optional openpyxl package: ``pip install 'teleaccord[xlsx]'``.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from teleaccord.errors import InvalidValue, LoadError, Problem
from teleaccord.extras import import_extra

__all__ = ["MAX_COLUMNS", "MAX_UNCOMPRESSED", "XLSX_SUFFIXES", "Sheet", "cell_text", "open_sheet"]

XLSX_SUFFIXES = (".xlsx", ".xlsm")
"""The file names read as Excel workbooks."""
MAX_COLUMNS = 1024
"""The most columns read from a sheet's rows (a header needs a dozen)."""
MAX_UNCOMPRESSED = 1 << 30
"""The most bytes a workbook's parts may hold once inflated (1 GiB): a compressed bomb is
refused before it is read."""

_SHEETS = {
    "contracts": ("contracts", "contrats", "contrat", "avenants"),
    "bookings": ("bookings", "reservations", "reservation", "teletravail", "jours"),
    "adjustments": ("adjustments", "ajustements", "regularisations", "corrections"),
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def cell_text(value: Any) -> str:
    """The text a CSV export would hold for a cell's value.

    >>> from datetime import datetime
    >>> from teleaccord.io.xlsx import cell_text
    >>> cell_text(datetime(2019, 9, 2)), cell_text(0.8), cell_text(3.0), cell_text(None)
    ('2019-09-02', '0.8', '3', '')
    >>> cell_text(True), cell_text(datetime(2025, 3, 1, 9, 15))
    ('yes', '2025-03-01T09:15:00')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _openpyxl() -> Any:
    msg = (
        "xlsx: reading .xlsx files needs the optional openpyxl package: "
        "pip install 'teleaccord[xlsx]'."
    )
    return import_extra("openpyxl", msg, field="xlsx", error=InvalidValue)


def _failed(name: str, message: str, code: str) -> LoadError:
    return LoadError.from_problems(name, [Problem(name, message, code)])


class Sheet:
    """One sheet of a workbook, open: its name in problem paths, its header and its rows.

    Iterating yields each row after the header as a list of cell texts (an empty list for an
    empty row); ``line_num`` is then the row's number in the sheet minus one, as a CSV
    reader's ``line_num`` counts the lines after the header (the header is row 1).
    """

    def __init__(self, workbook: Any, worksheet: Any, name: str) -> None:
        self.workbook = workbook
        self.name = name
        first = next(worksheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        header = [cell_text(v).strip() for v in first]
        while header and not header[-1]:
            header.pop()
        self.header = header
        self.width = max(len(header), 1)
        # A few columns past the header, to see a row written wider than its header.
        self.rows = worksheet.iter_rows(
            min_row=2, max_col=min(self.width + 16, MAX_COLUMNS), values_only=True
        )
        self.line_num = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        values = next(self.rows)
        self.line_num += 1
        cells = [cell_text(v) for v in values[: self.width]]
        if len(values) > self.width:
            # Cells beyond the header: kept when something is written there (the reader
            # reports the row as too wide), else dropped.
            extra = [cell_text(v) for v in values[self.width :]]
            while extra and not extra[-1].strip():
                extra.pop()
            cells.extend(extra)
        return cells if any(c.strip() for c in cells) else []

    def close(self) -> None:
        """Close the workbook."""
        self.workbook.close()


def open_sheet(path: str | os.PathLike[str], fmt: str, name: str | None = None) -> Sheet:
    """Open the sheet of a workbook that holds the format ``fmt`` (see the module docs).

    Args:
        path: the workbook.
        fmt: the CSV format's name (``contracts``...), which chooses the sheet.
        name: the workbook's name in problem paths (default: the path as given).

    Raises:
        LoadError: the file cannot be read, is not a workbook, or would inflate beyond
            :data:`MAX_UNCOMPRESSED`.
        InvalidValue: ``missing_dependency`` without openpyxl.
    """
    openpyxl = _openpyxl()
    shown = name or os.fspath(path)
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except OSError as exc:
        raise _failed(shown, f"cannot read the file ({exc.strerror})", "unreadable_file") from None
    except zipfile.BadZipFile:
        message = "not an .xlsx workbook (save it as 'Excel Workbook (.xlsx)', or as CSV)"
        raise _failed(shown, message, "invalid_xlsx") from None
    if inflated > MAX_UNCOMPRESSED:
        message = (
            f"the workbook would inflate to {inflated} bytes, more than the limit of "
            f"{MAX_UNCOMPRESSED}; export the sheet as CSV"
        )
        raise _failed(shown, message, "file_too_large")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        message = f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        raise _failed(shown, message, "invalid_xlsx") from None
    wanted = {_key(n) for n in _SHEETS.get(fmt, (fmt,))}
    sheets = workbook.worksheets
    chosen = next((ws for ws in sheets if _key(ws.title) in wanted), None)
    if chosen is None:
        if not sheets:  # pragma: no cover - openpyxl refuses a workbook without a sheet
            workbook.close()
            raise _failed(shown, "the workbook has no sheet", "invalid_xlsx")
        chosen = sheets[0]
    return Sheet(workbook, chosen, f"{shown}:{chosen.title}")
