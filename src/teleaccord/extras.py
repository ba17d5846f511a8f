"""Optional extras: import the library an extra brings, or say which extra to install.

The core works without any extra; a module that needs one imports its library through
:func:`import_extra` at the moment it is used, so that a missing extra is one clear error
(code ``missing_dependency``) naming the ``pip install 'teleaccord[...]'`` line.

>>> from teleaccord.extras import import_extra
>>> import_extra("json", "never shown", field="json").__name__
'json'
>>> import_extra("no_such_module_here", "install it with pip install 'teleaccord[x]'.", field="x")
Traceback (most recent call last):
...
teleaccord.errors.TeleaccordError: install it with pip install 'teleaccord[x]'.
"""

from __future__ import annotations

import importlib
from typing import Any

from teleaccord.errors import TeleaccordError

__all__ = ["import_extra"]


def import_extra(
    module: str, message: str, *, field: str, error: type[TeleaccordError] = TeleaccordError
) -> Any:
    """The module ``module``, or ``error`` (code ``missing_dependency``, with ``message`` and
    ``field``) when it is not installed."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise error(message, code="missing_dependency", field=field) from None
