"""The one way teleaccord writes files: atomic, input-safe and formula-safe.

Every command and export that writes a file goes through :func:`open_output`:

- **atomic**: the text goes to a temporary file beside the target, is flushed and synced to
  disk, then renamed over the target in one step (``os.replace``). A crash, a full disk or a
  ``kill`` leaves either the old file or the complete new one, never a cut file that looks whole.
  On an error the temporary file is removed.
- **input-safe**: a target that is one of the run's input files (the same path, a link to it,
  or the same file through another name) is refused before anything is opened, with the
  :class:`~teleaccord.errors.InvalidValue` code ``output_is_input``. A target in a missing
  folder (``output_folder_missing``) or that is a folder (``output_is_folder``) is refused too.
- ``-`` (or ``None``) is standard output: written as it comes, nothing to rename.

CSV files people open in a spreadsheet must not run what they contain: :func:`neutralise_cell`
prefixes a cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, and is not a plain number such as ``-2.5``) with a single
quote, as OWASP recommends; :func:`restore_cell` removes exactly that prefix again, so our own
readers get back what was written.

>>> from teleaccord.io.output import neutralise_cell, restore_cell
>>> neutralise_cell("=HYPERLINK(1)"), neutralise_cell("-2.5"), neutralise_cell("E001")
("'=HYPERLINK(1)", '-2.5', 'E001')
>>> restore_cell(neutralise_cell("@SUM(A1)"))
'@SUM(A1)'
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from teleaccord.errors import InvalidValue

if TYPE_CHECKING:
    from typing import TypeAlias

    PathLike: TypeAlias = "str | os.PathLike[str]"

__all__ = [
    "FORMULA_PREFIX",
    "STDIO",
    "check_output_path",
    "neutralise_cell",
    "neutralise_row",
    "open_binary_output",
    "open_output",
    "restore_cell",
]

STDIO = "-"
"""The file name that means standard input or standard output."""

FORMULA_PREFIX = "'"
"""What :func:`neutralise_cell` puts before a cell a spreadsheet would run as a formula."""

_FORMULA_START = frozenset("=+-@\t\r")
# A plain number, with a decimal point or comma, an optional exponent-free fraction
# ("81/2") or percentage: spreadsheets show these as numbers, they run nothing.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:/\d+)?\s?%?")


def _is_plain_number(text: str) -> bool:
    return _PLAIN_NUMBER.fullmatch(text) is not None


def _runs(text: str) -> bool:
    """Whether a spreadsheet would run ``text``, or it would read back wrongly unquoted: it
    starts like a formula and is not a plain number, or it is a quote before such a text."""
    if not text:
        return False
    if text[0] in _FORMULA_START:
        return not _is_plain_number(text)
    return text.startswith(FORMULA_PREFIX) and _runs(text[len(FORMULA_PREFIX) :])


def neutralise_cell(text: str) -> str:
    """Return ``text`` so that a spreadsheet shows it instead of running it.

    Args:
        text: a cell as it would be written.

    Returns:
        The cell with :data:`FORMULA_PREFIX` before it when it starts like a formula and is
        not a plain number (or is a quote before such a text, so that reading it back is
        exact); otherwise the cell unchanged.

    >>> from teleaccord.io.output import neutralise_cell
    >>> neutralise_cell("+33 1 23"), neutralise_cell("+3"), neutralise_cell("")
    ("'+33 1 23", '+3', '')
    >>> neutralise_cell("'=1")
    "''=1"
    """
    return FORMULA_PREFIX + text if _runs(text) else text


def restore_cell(text: str) -> str:
    """Undo :func:`neutralise_cell`: remove exactly the prefix it adds, nothing else.

    A cell that starts with a quote for another reason (``'quoted'``) is left alone.

    >>> from teleaccord.io.output import restore_cell
    >>> restore_cell("'=1+1"), restore_cell("'quoted"), restore_cell("'-3"), restore_cell("''=1")
    ('=1+1', "'quoted", "'-3", "'=1")
    """
    if text.startswith(FORMULA_PREFIX) and _runs(text[len(FORMULA_PREFIX) :]):
        return text[len(FORMULA_PREFIX) :]
    return text


def neutralise_row(row: Iterable[str]) -> list[str]:
    """:func:`neutralise_cell` on every cell of a row.

    >>> from teleaccord.io.output import neutralise_row
    >>> neutralise_row(["E1", "=1", "2"])
    ['E1', "'=1", '2']
    """
    return [neutralise_cell(cell) for cell in row]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_output_path(target: PathLike, *, inputs: Iterable[PathLike] = ()) -> Path:
    """Refuse an output path that would destroy an input or cannot be written.

    Args:
        target: where the output goes.
        inputs: the files the run reads (``-`` and ``None`` are ignored).

    Returns:
        The target as a :class:`~pathlib.Path`.

    Raises:
        InvalidValue: ``output_is_input``, ``output_is_folder`` or ``output_folder_missing``,
            with ``field="output"`` and the paths in ``params``.

    >>> import pathlib
    >>> import tempfile
    >>> from teleaccord import InvalidValue
    >>> from teleaccord.io.output import check_output_path
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "in.csv").write_text("x")
    1
    >>> try:
    ...     check_output_path(folder / "in.csv", inputs=[folder / "in.csv"])
    ... except InvalidValue as err:
    ...     print(err.code)
    output_is_input
    """
    path = Path(target)
    for source in inputs:
        if source is None or str(source) == STDIO:
            continue
        if _same_file(path, Path(source)):
            msg = (
                f"{path}: this output is also an input of the run ({source}); "
                "write it to another file, nothing was written."
            )
            raise InvalidValue(
                msg, field="output", code="output_is_input", params={"output": str(path)}
            )
    if path.is_dir():
        msg = f"{path}: is a folder; give a file name for the output."
        raise InvalidValue(
            msg, field="output", code="output_is_folder", params={"output": str(path)}
        )
    parent = path.parent
    if not parent.is_dir():
        msg = f"{path}: the folder {parent} does not exist; create it or write elsewhere."
        raise InvalidValue(
            msg, field="output", code="output_folder_missing", params={"output": str(path)}
        )
    return path


@contextlib.contextmanager
def open_output(
    target: PathLike | None,
    *,
    inputs: Iterable[PathLike] = (),
    encoding: str = "utf-8",
    newline: str | None = "",
) -> Iterator[IO[str]]:
    """Open ``target`` for writing text, atomically; ``-`` or ``None`` is standard output.

    Args:
        target: the file to write, ``-`` or ``None`` for standard output.
        inputs: the run's input files: writing over one of them is refused.
        encoding: the text encoding.
        newline: passed to :func:`open` (``""`` by default, as the :mod:`csv` module wants).

    Raises:
        InvalidValue: see :func:`check_output_path`; nothing is written then.

    >>> import pathlib
    >>> import tempfile
    >>> from teleaccord.io.output import open_output
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "balances.csv"
    >>> with open_output(out) as handle:
    ...     _ = handle.write("a,b\\n")
    >>> out.read_text()
    'a,b\\n'
    >>> try:
    ...     with open_output(out) as handle:
    ...         _ = handle.write("half")
    ...         raise RuntimeError("crash")
    ... except RuntimeError:
    ...     pass
    >>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
    ('a,b\\n', ['balances.csv'])
    """
    if target is None or str(target) == STDIO:
        yield sys.stdout
        sys.stdout.flush()
        return
    path = check_output_path(target, inputs=inputs)
    with (
        _replacing(path) as descriptor,
        os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle,
    ):
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def open_binary_output(
    target: PathLike | None, *, inputs: Iterable[PathLike] = ()
) -> Iterator[IO[bytes]]:
    """:func:`open_output` for bytes (an iCalendar file, a workbook).

    >>> import pathlib
    >>> import tempfile
    >>> from teleaccord.io.output import open_binary_output
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "days.ics"
    >>> with open_binary_output(out) as handle:
    ...     _ = handle.write(b"BEGIN:VCALENDAR")
    >>> out.read_bytes()
    b'BEGIN:VCALENDAR'
    """
    if target is None or str(target) == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = check_output_path(target, inputs=inputs)
    with _replacing(path) as descriptor, os.fdopen(descriptor, "wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[int]:
    """A temporary file beside ``path``, renamed over it when the block ends without error."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    try:
        yield descriptor
        with contextlib.suppress(OSError):
            # Keep the permissions an existing target had; new files get 0o666 less the umask.
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is synced (POSIX); best effort elsewhere.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
