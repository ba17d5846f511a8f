"""TOML files: read into plain data, every problem of the file itself as a LoadError.

What the data means is the converter's business (:mod:`teleaccord.io.convert`); this module
only turns bytes into tables, accepting UTF-8 with or without a byte order mark.

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

__all__ = ["parse_toml", "read_toml"]


def parse_toml(text: bytes | str, source: str) -> dict[str, Any]:
    """The tables of TOML text (UTF-8 bytes, with or without a byte order mark, or text).

    Args:
        text: the content of the file.
        source: the file's name, for the error.

    Raises:
        LoadError: the bytes are not UTF-8 (``invalid_encoding``) or the text is not TOML
            (``invalid_toml``).
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
    return found


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The tables of a TOML file.

    Raises:
        LoadError: the file cannot be read (``unreadable_file``), or see :func:`parse_toml`.

    >>> read_toml("no/such/file.toml")
    Traceback (most recent call last):
    ...
    teleaccord.errors.LoadError: no/such/file.toml: 1 problem:
      $: cannot read the file (No such file or directory)
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            text = handle.read()
    except OSError as exc:
        problem = Problem("$", f"cannot read the file ({exc.strerror})", "unreadable_file")
        raise LoadError.from_problems(source, [problem]) from None
    return parse_toml(text, source)
