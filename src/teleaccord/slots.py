"""Building frozen, slotted attrs values fast: each slot set through its own descriptor.

attrs' ``__init__`` of a frozen class sets each field with ``object.__setattr__``, which looks
the slot up by name every time. The hot paths that build many values already checked (a
ledger file's entries, a booking, an audit event, an absence read from a file) set the slots
through their descriptors' ``__set__``, found once. These two functions are the one way to find
them; every caller keeps a path through the class's constructor for anything unusual.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MemberDescriptorType
from typing import Any

import attrs

__all__ = ["member_setters", "slot_setters"]


def member_setters(cls: type, names: Iterable[str]) -> tuple[Any, ...] | None:
    """The ``__set__`` of each slot of ``cls`` named in ``names`` (found along its MRO), in
    that order, or ``None`` if one is not a plain slot. Setting a slot through its own
    descriptor skips the attribute lookup that ``object.__setattr__`` (what attrs'
    ``__init__`` of a frozen class calls) makes each time; the generated readers
    (:func:`teleaccord.io.convert.reader`) and :func:`slot_setters` use it."""
    setters = []
    for name in names:
        found = next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None)
        if type(found) is not MemberDescriptorType:
            return None
        setters.append(found.__set__)
    return tuple(setters)


def slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Any, ...] | None:
    """:func:`member_setters` of ``names``, or ``None`` unless ``cls`` is a slotted attrs
    class whose fields are exactly ``names`` and whose ``__init__`` does nothing after
    setting them (no ``__attrs_post_init__``, no cached hash slot); a caller without setters
    builds its values through the constructor."""
    if tuple(a.name for a in attrs.fields(cls)) != names or hasattr(cls, "__attrs_post_init__"):
        return None
    if not all(n in ("__weakref__",) for n in vars(cls).get("__slots__", ()) if n not in names):
        return None  # another slot (a cached hash) that __init__ would fill
    if not all(n in vars(cls) for n in names):
        return None  # a slot of a base class
    return member_setters(cls, names)
