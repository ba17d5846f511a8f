"""TOML files: read into plain data, every problem of the file itself as a LoadError.

What the data means is the converter's business (:mod:`teleaccord.io.convert`); this module
only turns bytes into tables, accepting UTF-8 with or without a byte order mark.

>>> from teleaccord.io.toml import parse_toml
>>> parse_toml(b'name = "x"\\nmaximum = 2\\n', "a.toml")
{'name': 'x', 'maximum': 2}
>>> parse_toml(b'name = "x', "a.toml")
Traceback (most recent call last):
...
teleaccord.errors.LoadError: a.toml: 1 problem:
  $: not valid TOML: ...
"""

from __future__ import annotations

import os
import sys
from typing import Any

from teleaccord.errors import LoadError, Problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "check_depth",
    "parse_toml",
    "read_file_bytes",
    "read_toml",
]

MAX_DEPTH = 32
"""The deepest nesting of tables and arrays (or JSON objects and lists) a file may have."""


def check_depth(data: Any, source: str, path: str = "$") -> Any:
    """Return ``data`` if its tables and arrays nest at most :data:`MAX_DEPTH` deep.

    Walks iteratively, so a hostile depth cannot exhaust the stack here, and refuses it before
    any recursive code (the converter, a writer) meets it.

    Raises:
        LoadError: ``too_deep``.

    >>> from teleaccord.io.toml import check_depth
    >>> check_depth({"a": [[1]]}, "a.toml")
    {'a': [[1]]}
    >>> nested: list[object] = []
    >>> for _ in range(40):
    ...     nested = [nested]
    >>> check_depth({"x": nested}, "a.toml")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: a.toml: 1 problem:
      $: the data nests more than 32 levels deep; a telework file needs far fewer
    """
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(source, path)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return data


def _too_deep(source: str, path: str = "$") -> LoadError:
    message = f"the data nests more than {MAX_DEPTH} levels deep; a telework file needs far fewer"
    return LoadError.from_problems(source, [Problem(path, message, "too_deep")])


def parse_toml(text: bytes | str, source: str) -> dict[str, Any]:
    """The tables of TOML text (UTF-8 bytes, with or without a byte order mark, or text).

    Args:
        text: the content of the file.
        source: the file's name, for the error.

    Raises:
        LoadError: the bytes are not UTF-8 (``invalid_encoding``), the text is not TOML
            (``invalid_toml``) or nests too deep (``too_deep``).
    """
    try:
        found: dict[str, Any] = tomllib.loads(
            text.decode("utf-8-sig") if isinstance(text, bytes) else text
        )
    except UnicodeDecodeError:
        problem = Problem("$", "the file is not UTF-8 text", "invalid_encoding")
        raise LoadError.from_problems(source, [problem]) from None
    except tomllib.TOMLDecodeError as exc:
        problem = Problem("$", f"not valid TOML: {exc}", "invalid_toml")
        raise LoadError.from_problems(source, [problem]) from None
    except RecursionError:
        raise _too_deep(source) from None
    except ValueError as exc:  # an integer of more than 4 300 digits, say
        problem = Problem("$", f"not valid TOML: {exc}", "invalid_toml")
        raise LoadError.from_problems(source, [problem]) from None
    return check_depth(found, source)  # type: ignore[no-any-return]


MAX_FILE_BYTES = 16 << 20
"""The largest TOML file read (16 MiB): an agreement, a history or a teams file takes a few
KiB, so a larger one (or ``/dev/zero``) is refused before it fills memory."""


def read_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a small input file (a TOML file), at most :data:`MAX_FILE_BYTES`.

    Raises:
        LoadError: the file cannot be read or its name holds a NUL (``unreadable_file``), or
            it is larger than the bound (``file_too_large``).

    >>> from teleaccord.io.toml import read_file_bytes
    >>> read_file_bytes("/dev/zero")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: /dev/zero: 1 problem:
      $: the file holds more than 16777216 bytes; a file of this kind is at most that.
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problem = Problem("$", f"cannot read the file ({exc.strerror})", "unreadable_file")
        raise LoadError.from_problems(source, [problem]) from None
    except ValueError:  # a name holding a NUL character names no file
        problem = Problem("$", "cannot read the file (its name holds a NUL)", "unreadable_file")
        raise LoadError.from_problems(repr(source), [problem]) from None
    if len(data) > MAX_FILE_BYTES:
        message = (
            f"the file holds more than {MAX_FILE_BYTES} bytes; a file of this kind is at most that."
        )
        raise LoadError.from_problems(source, [Problem("$", message, "file_too_large")])
    return data


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The tables of a TOML file.

    Raises:
        LoadError: the file cannot be read (``unreadable_file``), or see :func:`parse_toml`.

    >>> from teleaccord.io.toml import read_toml
    >>> read_toml("no/such/file.toml")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: no/such/file.toml: 1 problem:
      $: cannot read the file (No such file or directory)
    """
    source = os.fspath(path)
    return parse_toml(read_file_bytes(source), source)
