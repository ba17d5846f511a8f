"""The shape of the package, checked by reading its source with ``ast``.

- No private name (``_name``, not a dunder) crosses a module: not imported from another
  teleaccord module, not reached as ``module._name`` or ``obj._name`` (only ``self`` and ``cls``
  may touch their own privates). ``teleaccord._version`` is the one private module read
  elsewhere.
- Dependencies go one way: the domain (everything outside ``teleaccord.io`` and
  ``teleaccord.cli``) never imports the edges at module level; a function may import them
  lazily only when it is a released shim listed in ``LAZY_SHIMS``.
- Only the command line prints.
- The public API: ``__all__`` sorted, every name importable and documented, renamed names
  still importable with a ``DeprecationWarning``, and no function shadowed by a submodule.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import types
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import teleaccord

SRC = Path(teleaccord.__file__).parent
EDGES = ("teleaccord.io", "teleaccord.cli", "teleaccord.store", "teleaccord.__main__")
"""The edges: they read and write files, databases, and talk to people; the domain never imports
them."""

ALLOWED_PRIVATE_MODULES = {"teleaccord._version"}

# Names every namedtuple exposes with a leading underscore: public API despite the spelling.
NAMEDTUPLE_API = {"_asdict", "_replace", "_fields", "_make", "_field_defaults"}

LAZY_SHIMS: set[tuple[str, str]] = {
    # (module, function) allowed to import teleaccord.io lazily: released methods kept as thin
    # shims over io/ (DECISIONS: "Released methods (to_jsonl, from_jsonl) stay as thin shims").
    ("teleaccord.ledger", "QuotaLedger.to_jsonl"),
    ("teleaccord.ledger", "QuotaLedger.from_jsonl"),
    # Released to_dict/from_dict/load/default methods of results and data tables: thin calls
    # into the one converter (teleaccord.io.convert, teleaccord.io.tables).
    ("teleaccord.allowance", "AllowanceExplanation.to_dict"),
    ("teleaccord.allowance", "ExemptionLimit.to_dict"),
    ("teleaccord.allowance", "DatedTable.default"),
    ("teleaccord.allowance", "DatedTable.from_dict"),
    ("teleaccord.allowance", "DatedTable.load"),
    ("teleaccord.allowance", "DatedTable.to_dict"),
    ("teleaccord.allowance", "MonthlyAllowance.to_dict"),
    ("teleaccord.allowance", "RuleSource.to_dict"),
    ("teleaccord.crossborder", "CrossBorderReport.to_dict"),
    ("teleaccord.crossborder", "Threshold.to_dict"),
    ("teleaccord.crossborder", "ThresholdCounter.to_dict"),
    ("teleaccord.entitlements", "Entitlement.to_dict"),
    ("teleaccord.entitlements", "Explanation.to_dict"),
    ("teleaccord.entitlements", "SegmentShare.to_dict"),
    # entry_to_dict / entry_from_dict, released in teleaccord.ledger, now live in io/jsonl.
    ("teleaccord.ledger", "__getattr__"),
    ("teleaccord.fold", "Balance.to_dict"),
}


PACKAGES = {
    ".".join(("teleaccord", *path.parent.relative_to(SRC).parts))
    for path in SRC.rglob("__init__.py")
}


def modules() -> Iterator[tuple[str, ast.Module]]:
    """Every module of the package, by dotted name, parsed."""
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(("teleaccord", *parts)).removesuffix(".__init__")
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_edge(module: str) -> bool:
    return any(module == edge or module.startswith(edge + ".") for edge in EDGES)


def imported_module(node: ast.ImportFrom, here: str) -> str:
    """The absolute module an ``import from`` reads (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = here.split(".")
    package = package[: len(package) - node.level + (here in PACKAGES)]
    return ".".join([*package, *([node.module] if node.module else [])])


def private_crossings(name: str, tree: ast.Module) -> set[str]:
    """The private names ``name`` takes from other modules or objects."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = imported_module(node, name)
            if not source.startswith("teleaccord") or source == name:
                continue
            if source in ALLOWED_PRIVATE_MODULES:
                continue
            if any(is_private(part) for part in source.split(".")):
                found.add(source)
            found.update(alias.name for alias in node.names if is_private(alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "teleaccord" and alias.name not in ALLOWED_PRIVATE_MODULES:
                    found.update(alias.name for part in parts if is_private(part))
        elif (
            isinstance(node, ast.Attribute)
            and is_private(node.attr)
            and node.attr not in NAMEDTUPLE_API
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            found.add(f"{ast.unparse(node.value)}.{node.attr}")
    return found


def edge_imports(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """(where, edge module) for each import of io/ or cli/; ``where`` is ``<module>`` for code
    run at import time (class bodies included), else the function's qualified name."""

    def walk(node: ast.AST, prefix: str, at_import: bool) -> Iterator[tuple[str, str]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(child, f"{prefix}{child.name}.", False)
                continue
            if isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.", at_import)
                continue
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                targets = [child.module]
                if child.module == "teleaccord":
                    targets = [f"teleaccord.{alias.name}" for alias in child.names]
            for target in targets:
                if is_edge(target):
                    yield ("<module>" if at_import else prefix.rstrip(".")), target
            yield from walk(child, prefix, at_import)

    yield from walk(tree, "", True)


def test_no_private_name_crosses_a_module() -> None:
    offending = {
        (name, crossing) for name, tree in modules() for crossing in private_crossings(name, tree)
    }
    assert not offending, f"private names used across modules (make them public): {offending}"


def test_the_domain_never_imports_the_edges_at_module_level() -> None:
    found = {
        (name, where, target)
        for name, tree in modules()
        if name != "teleaccord" and not is_edge(name)
        for where, target in edge_imports(tree)
    }
    module_level = {(n, t) for n, w, t in found if w == "<module>"}
    assert not module_level, f"domain modules importing io/ or cli/ at import time: {module_level}"
    lazy = {(n, w) for n, w, _ in found if w != "<module>"}
    assert lazy <= LAZY_SHIMS, f"lazy edge imports outside the listed shims: {lazy - LAZY_SHIMS}"


def test_a_class_body_counts_as_module_level() -> None:
    tree = ast.parse("class C:\n    from teleaccord.io import json\n")
    assert list(edge_imports(tree)) == [("<module>", "teleaccord.io")]
    method = ast.parse("class Q:\n    def to_jsonl(self):\n        import teleaccord.io.json\n")
    assert list(edge_imports(method)) == [("Q.to_jsonl", "teleaccord.io.json")]
    assert list(edge_imports(ast.parse("from teleaccord import cli\n"))) == [
        ("<module>", "teleaccord.cli")
    ]


def test_only_the_command_line_prints() -> None:
    printing = {
        (name, node.lineno)
        for name, tree in modules()
        if not is_edge(name) or name.startswith(("teleaccord.io", "teleaccord.store"))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    }
    assert not printing, f"print() in library code (return the text, or log): {printing}"


def test_the_checks_see_what_they_look_for() -> None:
    """The scanners above, on small sources, so a broken scanner cannot pass silently."""
    sample = ast.parse(
        "from teleaccord.approval import _events, SYSTEM\n"
        "from teleaccord._version import __version__\n"
        "import teleaccord.workforce as wf\n"
        "def f(self, other):\n"
        "    return self._x, other._y, wf._fmt(1), row._replace(a=1), x.__class__\n"
    )
    assert private_crossings("teleaccord.rules", sample) == {"_events", "other._y", "wf._fmt"}
    assert (
        private_crossings("teleaccord.approval", ast.parse("from .approval import _a\n")) == set()
    )


# -- the public API ----------------------------------------------------------------------------


def isort_key(name: str) -> tuple[int, str]:
    """ruff's RUF022 order (isort style): CONSTANTS, then Classes, then the rest, each by code point."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted() -> None:
    # The order ruff enforces on every module's __all__ (RUF022): constants, classes, functions.
    assert teleaccord.__all__ == sorted(teleaccord.__all__, key=isort_key)
    assert len(set(teleaccord.__all__)) == len(teleaccord.__all__)


def attribute_docstrings() -> dict[str, str]:
    """Docstrings written under module-level assignments (``NAME = ...`` then a string)."""
    found: dict[str, str] = {}
    for _, tree in modules():
        for before, after in zip(tree.body, tree.body[1:], strict=False):
            if (
                isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                targets = (
                    [before.target]
                    if isinstance(before, ast.AnnAssign)
                    else before.targets
                    if isinstance(before, ast.Assign)
                    else []
                )
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = after.value.value
    return found


UNDOCUMENTED_DATA = {
    "__version__",  # a version string documents itself
}


@pytest.mark.parametrize("name", teleaccord.__all__)
def test_every_public_name_is_importable_and_documented(name: str) -> None:
    namespace: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a public name must not be a deprecated one
        exec(f"from teleaccord import {name}", namespace)
    value = namespace[name]
    if inspect.isclass(value) or inspect.isroutine(value):
        assert (value.__doc__ or "").strip(), f"{name} has no docstring"
    elif name not in UNDOCUMENTED_DATA:
        assert attribute_docstrings().get(name, "").strip(), f"{name} has no docstring"


def test_the_undocumented_list_only_shrinks() -> None:
    documented = attribute_docstrings()
    assert not {n for n in UNDOCUMENTED_DATA if documented.get(n)}


# Every old name the package still answers to (its __getattr__ table), so adding a rename there
# tests it here; and the ones this branch made, so the table cannot lose them silently.
RENAMED = {old: new for old, (new, _module) in teleaccord._RENAMED.items()}
assert RENAMED["Approval"] == "ApprovalClause"


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_renamed_names_still_work_with_a_deprecation_warning(old: str, new: str) -> None:
    with pytest.warns(
        DeprecationWarning, match=f"teleaccord.{old} is deprecated; use teleaccord.{new}"
    ):
        value = getattr(teleaccord, old)
    assert value is getattr(teleaccord, new)
    assert old not in teleaccord.__all__
    assert old in dir(teleaccord)
    with pytest.warns(DeprecationWarning, match=f"use teleaccord.{new}"):
        exec(f"from teleaccord import {old}", {})


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Approvals'"):
        _ = teleaccord.Approvals  # type: ignore[attr-defined]


def test_the_entitlement_function_is_not_shadowed_by_its_module() -> None:
    assert isinstance(teleaccord.entitlement, types.FunctionType)
    assert teleaccord.entitlement.__module__ == "teleaccord.entitlements"
    assert isinstance(teleaccord.entitlements, types.ModuleType)
    assert importlib.import_module("teleaccord.entitlements") is teleaccord.entitlements
    assert not (SRC / "entitlement.py").exists()
