"""Give every docstring's examples the imports they use, so each docstring runs alone.

pytest (``--doctest-modules``) runs a docstring's examples with the globals of its module, and
the Sphinx doctest builder used to run them after a ``doctest_global_setup`` in ``docs/conf.py``:
either way an example could use ``Fraction`` or ``DateRange`` without importing it, and a reader
who copies it from the API reference gets a ``NameError``. The docs are self-contained
(DECISIONS.md), so this tool finds, for every docstring under ``src/teleaccord``, the names its
examples use but never bind, and writes the imports at the top of its first example::

    python tools/doc_imports.py            # list what is missing (exit 0)
    python tools/doc_imports.py --check    # same, exit 1 if a docstring lacks an import
    python tools/doc_imports.py --write    # add the imports in place

How a name is resolved, in order:

* the object the docstring's module binds to that name, when it has one: the top-level
  ``from teleaccord import X`` if ``teleaccord.X`` is the same object, otherwise the import the
  module itself wrote (``from attrs import evolve``), otherwise ``from <module> import X`` (the
  module defines it);
* a name of ``teleaccord.__all__``;
* ``date``, ``datetime``, ``time``, ``timedelta``, ``timezone`` (datetime), ``Fraction``
  (fractions), ``Decimal`` and the decimal constants (decimal), ``ZoneInfo`` (zoneinfo);
* a module used as a name (``io``, ``json``, ``attrs``): ``import x``.

Private names (``_x``) and names nothing resolves are reported as problems, never imported.
Builtins are never imported; a name bound by an earlier example of the same docstring is bound.

The imports go in as ``>>> `` lines at the indentation of the first example, stdlib first, then
third-party, then teleaccord (isort order), wrapped to 100 columns the way ruff format wraps an
import. If the docstring already opens with import examples, they are merged with the new ones;
nothing else in the file changes, and a second run changes nothing.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import doctest
import importlib
import importlib.util
import symtable
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
LINE_LENGTH = 100
PACKAGE = "teleaccord"

# Standard-library names the examples use without a module of their own to find them in.
STDLIB_NAMES = {
    **dict.fromkeys(["date", "datetime", "time", "timedelta", "timezone"], "datetime"),
    "Fraction": "fractions",
    **dict.fromkeys(
        [
            "Decimal",
            "InvalidOperation",
            "ROUND_HALF_UP",
            "ROUND_HALF_EVEN",
            "ROUND_DOWN",
            "ROUND_UP",
            "ROUND_FLOOR",
            "ROUND_CEILING",
            "localcontext",
        ],
        "decimal",
    ),
    "ZoneInfo": "zoneinfo",
    "Path": "pathlib",
}
BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True, order=True)
class Import:
    """One imported name: ``from module import name`` (or ``import module`` when name is empty)."""

    module: str
    name: str = ""
    asname: str = ""

    @property
    def binds(self) -> str:
        """The name the import binds."""
        return self.asname or self.name or self.module.partition(".")[0]


@dataclass
class Docstring:
    """A docstring found in a file, with what its examples lack."""

    path: Path
    module: str
    qualname: str
    line: int  # 1-based line of the string's first source line
    node: ast.Constant
    examples: list[doctest.Example]
    missing: list[Import] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        """``path:line qualname``, for messages."""
        path = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{path}:{self.line} {self.qualname}"


# -- finding docstrings ------------------------------------------------------------------------


def module_name(path: Path, src: Path) -> str:
    """``teleaccord.io.csv`` for ``src/teleaccord/io/csv.py``."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def docstring_nodes(tree: ast.Module) -> Iterator[tuple[str, ast.Constant]]:
    """Every module, class and function docstring of ``tree`` with its qualified name."""

    def first_string(body: list[ast.stmt]) -> ast.Constant | None:
        if body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value
        return None

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, ast.Constant]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                doc = first_string(child.body)
                if doc is not None:
                    yield name, doc
                yield from walk(child, f"{name}.")
            elif not isinstance(child, (ast.expr, ast.Lambda)):
                # if/try blocks at any level may hold definitions.
                yield from walk(child, prefix)

    doc = first_string(tree.body)
    if doc is not None:
        yield "<module>", doc
    yield from walk(tree, "")


def count_docstrings(path: Path) -> int:
    """How many docstrings ``path`` has, examples or not."""
    return sum(1 for _ in docstring_nodes(ast.parse(path.read_bytes().decode("utf-8"))))


def find_docstrings(path: Path, src: Path) -> list[Docstring]:
    """The docstrings of ``path`` that hold examples."""
    text = path.read_bytes().decode("utf-8")
    tree = ast.parse(text, filename=str(path))
    parser = doctest.DocTestParser()
    found = []
    module = module_name(path, src)
    for qualname, node in docstring_nodes(tree):
        examples = parser.get_examples(str(node.value), name=f"{module}.{qualname}")
        if examples:
            found.append(Docstring(path, module, qualname, node.lineno, node, examples))
    return found


# -- names used but not bound ------------------------------------------------------------------


def _statement_names(statement: ast.stmt) -> tuple[set[str], set[str]]:
    """(names the statement reads from the module scope, names it binds there)."""
    module = ast.Module(body=[statement], type_ignores=[])
    table = symtable.symtable(ast.unparse(module), "<example>", "exec")
    binds = {
        symbol.get_name()
        for symbol in table.get_symbols()
        if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()
    }
    reads: set[str] = set()

    def visit(scope: symtable.SymbolTable, top: bool) -> None:
        for symbol in scope.get_symbols():
            if not symbol.is_referenced():
                continue
            local = symbol.is_assigned() or symbol.is_imported()
            # At the top, what the statement reads without binding; below, what a function,
            # class or comprehension reads from the module scope.
            if (top and not local) or (not top and symbol.is_global()):
                reads.add(symbol.get_name())
        for child in scope.get_children():
            visit(child, top=False)

    visit(table, top=True)
    return reads - binds, binds


def unbound_names(examples: list[doctest.Example]) -> list[str]:
    """The names the examples read before any of them binds them, in order of first use."""
    bound: set[str] = set()
    unbound: dict[str, None] = {}
    for example in examples:
        try:
            tree = ast.parse(example.source)
        except SyntaxError:
            continue  # an example showing a syntax error binds and reads nothing
        for statement in tree.body:
            reads, binds = _statement_names(statement)
            for name in sorted(reads):
                if name not in bound and name not in BUILTINS:
                    unbound.setdefault(name)
            bound |= binds
    return list(unbound)


# -- resolving names to imports ----------------------------------------------------------------


def _module_level(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``tree`` that run in the module scope: not inside a function or class."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield node
        yield from _module_level(node)


def module_imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, Import]:
    """The names bound by the import statements of a module (top level and guarded blocks)."""
    found: dict[str, Import] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in _module_level(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = Import(alias.name, "", alias.asname)
                else:
                    # ``import a.b`` binds ``a``; the statement is kept whole.
                    found.setdefault(alias.name.partition(".")[0], Import(alias.name))
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                if alias.name != "*":
                    found[alias.asname or alias.name] = Import(
                        base, alias.name, "" if alias.asname in (None, alias.name) else alias.asname
                    )
    return found


class Resolver:
    """Turns the unbound names of one module's docstrings into imports."""

    def __init__(self, module: str, tree: ast.Module, is_package: bool) -> None:
        self.module_name = module
        self.module: ModuleType = importlib.import_module(module)
        self.package: ModuleType = importlib.import_module(PACKAGE)
        self.exported = set(getattr(self.package, "__all__", ()))
        self.imports = module_imports(tree, module, is_package)

    def resolve(self, name: str) -> Import | None:
        """The import that binds ``name`` as the module binds it, or None if nothing does."""
        if name.startswith("_"):
            return None
        missing = object()
        value = self.module.__dict__.get(name, missing)
        if value is not missing:
            if name in self.exported and getattr(self.package, name, missing) is value:
                return Import(PACKAGE, name)
            if isinstance(value, ModuleType):
                return self._module_import(name, value)
            written = self.imports.get(name)
            if written is not None and not (written.name or written.module).startswith("_"):
                if written.name and written.module.startswith(f"{PACKAGE}."):
                    return self._public_home(written)
                return written
            return Import(self.module_name, name)
        if name in self.exported:
            return Import(PACKAGE, name)
        if name in STDLIB_NAMES:
            return Import(STDLIB_NAMES[name], name)
        if importlib.util.find_spec(name) is not None:
            return Import(name)
        return None

    def _module_import(self, name: str, value: ModuleType) -> Import:
        full = value.__name__
        if full == name:
            return Import(name)
        parent, _, last = full.rpartition(".")
        if last == name and parent:
            return Import(parent, name)
        return Import(full, "", name)

    def _public_home(self, written: Import) -> Import:
        """``from teleaccord.x._y import Z`` becomes ``from teleaccord.x import Z`` if possible."""
        parts = written.module.split(".")
        if not any(part.startswith("_") for part in parts):
            return written
        target = getattr(importlib.import_module(written.module), written.name)
        for end in range(1, len(parts)):
            candidate = ".".join(parts[:end])
            if getattr(importlib.import_module(candidate), written.name, None) is target:
                return Import(candidate, written.name, written.asname)
        return written


# -- writing import lines ----------------------------------------------------------------------


def _member_key(name: str) -> tuple[int, str, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then the rest."""
    if len(name) > 1 and name.isupper():
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return (kind, name.lower(), name)


def _section(module: str, first_party: frozenset[str]) -> int:
    top = module.partition(".")[0]
    if top in first_party:
        return 2
    if top in sys.stdlib_module_names:
        return 0
    return 1


def import_lines(imports: set[Import], first_party: frozenset[str] = frozenset()) -> list[str]:
    """The import statements, grouped and ordered as ruff's isort orders them.

    Sections: the standard library, third-party packages, then teleaccord (and the packages
    of ``first_party``).
    """
    first_party = first_party | {PACKAGE}
    plain = sorted((i for i in imports if not i.name), key=lambda i: (i.module, i.asname))
    members: dict[str, set[tuple[str, str]]] = {}
    for item in imports:
        if item.name:
            members.setdefault(item.module, set()).add((item.name, item.asname))
    statements: list[tuple[int, int, str, list[str]]] = []
    for item in plain:
        text = f"import {item.module}" + (f" as {item.asname}" if item.asname else "")
        statements.append((_section(item.module, first_party), 0, item.module, [text]))
    for module, names in members.items():
        parts = [
            f"{name} as {asname}" if asname else name
            for name, asname in sorted(names, key=lambda n: _member_key(n[0]))
        ]
        statements.append(
            (_section(module, first_party), 1, module, [f"from {module} import ", *parts])
        )
    statements.sort(key=lambda s: (s[0], s[1], s[2]))
    return [
        "".join(parts[:1]) if len(parts) == 1 else parts[0] + ", ".join(parts[1:])
        for *_, parts in statements
    ]


def prompt_lines(statements: list[str], indent: str) -> list[str]:
    """Each statement as ``>>>`` lines, wrapped like ruff format when longer than 100 columns."""
    lines = []
    for statement in statements:
        line = f"{indent}>>> {statement}"
        if len(line) <= LINE_LENGTH or " import " not in statement:
            lines.append(line)
            continue
        head, _, names = statement.partition(" import ")
        lines.append(f"{indent}>>> {head} import (")
        lines.extend(f"{indent}...     {name}," for name in names.split(", "))
        lines.append(f"{indent}... )")
    return lines


# -- analysis and rewriting --------------------------------------------------------------------


def _plain_import(statement: ast.stmt) -> bool:
    """Whether the statement is an import the tool can write back as is (no ``*``, absolute)."""
    if isinstance(statement, ast.Import):
        return True
    return (
        isinstance(statement, ast.ImportFrom)
        and not statement.level
        and statement.module != "__future__"
        and all(alias.name != "*" for alias in statement.names)
    )


def _leading_imports(doc: Docstring) -> tuple[int, set[Import]]:
    """How many of the first examples are plain imports (no output, no options), and what."""
    count = 0
    found: set[Import] = set()
    for example in doc.examples:
        if example.want or example.options or "#" in example.source:
            break
        try:
            tree = ast.parse(example.source)
        except SyntaxError:
            break
        if not tree.body or not all(_plain_import(s) for s in tree.body):
            break
        for statement in tree.body:
            if isinstance(statement, ast.Import):
                found.update(Import(a.name, "", a.asname or "") for a in statement.names)
            elif isinstance(statement, ast.ImportFrom) and statement.module:
                found.update(
                    Import(statement.module, a.name, "" if a.asname in (None, a.name) else a.asname)
                    for a in statement.names
                )
        count += 1
    return count, found


def analyse(paths: list[Path], src: Path) -> list[Docstring]:
    """Every docstring with examples under ``src``, with its missing imports and problems."""
    docstrings = []
    for path in paths:
        found = find_docstrings(path, src)
        if not found:
            continue
        tree = ast.parse(path.read_bytes().decode("utf-8"))
        try:
            resolver = Resolver(found[0].module, tree, path.name == "__init__.py")
        except ImportError as error:  # an optional extra that is not installed
            for doc in found:
                doc.problems.append(f"cannot import {doc.module} ({error}): not analysed")
            docstrings.extend(found)
            continue
        for doc in found:
            for name in unbound_names(doc.examples):
                if name.startswith("_"):
                    doc.problems.append(f"private name {name!r}: not imported")
                    continue
                resolved = resolver.resolve(name)
                if resolved is None:
                    doc.problems.append(f"unresolved name {name!r}")
                else:
                    doc.missing.append(resolved)
            docstrings.append(doc)
    return docstrings


def _first_prompt_line(lines: list[str], doc: Docstring) -> int:
    """0-based index in ``lines`` of the first example's ``>>>`` line."""
    first = doc.node.lineno - 1
    for index in range(first, doc.node.end_lineno or first + 1):
        text = lines[index]
        if index == first:
            # An example on the line of the opening quotes (``""">>> x``) is not supported.
            if ">>>" in text[doc.node.col_offset :]:
                break
            continue
        if text.lstrip().startswith(">>>"):
            return index
    msg = f"{doc.where}: cannot find the first example's >>> line in the source"
    raise ValueError(msg)


def rewrite(text: str, docs: list[Docstring]) -> str:
    """``text`` with the missing imports of ``docs`` inserted (docs from that one file)."""
    # Split on "\n" only: str.splitlines also splits on form feeds and U+2028, which a string
    # may hold, and the line numbers would no longer be the parser's.
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    # Bottom-up, so the line numbers of the docstrings above stay right.
    for doc in sorted(docs, key=lambda d: d.node.lineno, reverse=True):
        if not doc.missing:
            continue
        start = _first_prompt_line(lines, doc)
        raw = lines[start]
        indent = raw[: len(raw) - len(raw.lstrip())]
        example = doc.examples[0]
        if example.indent != len(indent):
            msg = f"{doc.where}: the first example's indentation differs in the source"
            raise ValueError(msg)
        count, existing = _leading_imports(doc)
        replaced = 0
        if count:
            # The source lines of those import examples: each >>> line and its ... lines.
            end = start
            taken = 0
            while end < len(lines):
                stripped = lines[end].lstrip()
                if stripped.startswith(">>>"):
                    if taken == count:
                        break
                    taken += 1
                elif not stripped.startswith("..."):
                    break
                end += 1
            replaced = end - start
        own = frozenset({doc.module.partition(".")[0]})
        block = prompt_lines(import_lines(existing | set(doc.missing), own), indent)
        lines[start : start + replaced] = [line + newline for line in block]
    return "".join(lines)


def source_files(src: Path) -> list[Path]:
    """The package's Python files, sorted."""
    return sorted((src / PACKAGE).rglob("*.py"))


def main(argv: list[str] | None = None) -> int:
    """Run the tool; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if a docstring lacks imports")
    mode.add_argument("--write", action="store_true", help="insert the missing imports")
    parser.add_argument(
        "--src", type=Path, default=ROOT / "src", help="the source root (default: ./src)"
    )
    parser.add_argument("paths", nargs="*", type=Path, help="only these files (default: all)")
    args = parser.parse_args(argv)
    src = args.src.resolve()
    sys.path.insert(0, str(src))
    for loaded in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
        del sys.modules[loaded]  # the package under --src, not an installed one
    paths = [p.resolve() for p in args.paths] or source_files(src)
    docs = analyse(paths, src)

    lacking = [d for d in docs if d.missing]
    problems = [d for d in docs if d.problems]
    for doc in lacking:
        names = ", ".join(i.binds for i in doc.missing)
        sys.stdout.write(f"{doc.where}: needs {names}\n")
    for doc in problems:
        for problem in doc.problems:
            sys.stderr.write(f"{doc.where}: {problem}\n")
    scanned = sum(count_docstrings(path) for path in paths)
    sys.stderr.write(
        f"{scanned} docstrings, {len(docs)} with examples, {len(lacking)} need imports "
        f"({sum(len(d.missing) for d in lacking)} names), "
        f"{sum(len(d.problems) for d in problems)} problems\n"
    )
    if args.write:
        by_path: dict[Path, list[Docstring]] = {}
        for doc in lacking:
            by_path.setdefault(doc.path, []).append(doc)
        for path, found in by_path.items():
            text = path.read_bytes().decode("utf-8")
            path.write_bytes(rewrite(text, found).encode("utf-8"))
        return 0
    if args.check and (lacking or problems):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
