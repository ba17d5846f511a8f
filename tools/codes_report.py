"""Compare the codes used in ``src/teleaccord`` with the registry in ``teleaccord.codes``.

Every error, load problem and rule violation carries a stable code; ``teleaccord.codes.CODES``
lists them with a summary and their parameters. This script scans the sources with :mod:`ast`
and prints what the registry lacks (``missing``, as rows to paste into its table), what no source
uses any more (``dead``), the parameters the sources pass that the registry does not list, the
kinds that disagree with how the sources use a code, and the codes built at run time (f-strings),
which a registry cannot check::

    python tools/codes_report.py              # the differences; exit status 1 if any
    python tools/codes_report.py --uses CODE  # where a code is used
    python tools/codes_report.py --markdown > docs/reference/codes.md

``tests/test_codes.py`` imports this module and runs the same comparison.

What counts as a use of a code (string constants only; a code passed on in a variable, such as
``code=exc.code``, was counted where the constant was written):

- the keyword ``code=`` of any call (``InvalidValue(..., code="x")``, ``Violation(code="x")``);
- the argument in the position of a parameter named ``code`` of a builder defined in the
  sources: a function or method (``_violation(ctx, "x", ...)``, ``self.problem(p, m, "x")``), a
  class's ``__init__`` (``_Bad(message, "x")``), an attrs class with a ``code`` field
  (``Problem(path, message, "x")``), or an object called like a function (``CALLED_AS``);
- the default value of a ``code`` parameter or field, and ``default_code = "x"`` in a class;
- a constant assigned to a variable named ``code`` (``code = "a" if weekly else "b"``);
- a comparison with a ``.code`` attribute (``v.code == "x"``, ``exc.code in ("x", "y")``).

In each place an expression ``a if c else b`` or ``a or b`` counts both sides, and a name bound
at module level to a string (``CROSSED = "crossborder_threshold_crossed"``) counts as its value.
The parameters of a use are the keys of a literal ``params={...}`` or ``params=dict(...)``, or
the extra keywords given to a builder that takes ``**params``.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "teleaccord"
# The registry itself is data about the codes, not a use of them.
EXCLUDED = frozenset({"codes.py"})
# Objects called like functions whose ``__call__`` takes a code: class name -> the names the
# sources call them by (``report(path, message, "missing_value")``). A class missing here is
# reported by ``scan`` as a problem of the scan itself.
CALLED_AS: Mapping[str, tuple[str, ...]] = {"_Reporter": ("report",)}
# The attrs validator factories of teleaccord.validators raise InvalidValue: a code given to
# one (``in_range(0, 7, code="invalid_month")``) is an error's code.
# They are the names of its ``__all__`` (some are functions, some built from one table).
VALIDATOR_FACTORIES = frozenset(
    name
    for node in ast.parse((SOURCES / "validators.py").read_text(encoding="utf-8")).body
    if isinstance(node, ast.Assign)
    and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    for name in ast.literal_eval(node.value)
)
# Helpers of the state-machine engine that build a Violation under another name.
VIOLATION_BUILDERS = frozenset({"refuse_if"})
CODE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_ATTRS_DECORATORS = frozenset({"frozen", "define", "mutable", "s", "attrs"})


@dataclass(frozen=True)
class Use:
    """One place where a code is written in the sources."""

    code: str
    path: str  # relative to src/, e.g. "teleaccord/rules.py"
    line: int
    via: str  # what the code is given to: "InvalidValue", "Violation", "default_code", ...
    params: tuple[str, ...] | None = None  # None: not known from the source text

    def __str__(self) -> str:
        return f"{self.path}:{self.line} ({self.via})"


@dataclass(frozen=True)
class Builder:
    """A callable with a ``code`` parameter: where the code goes and what else it takes."""

    index: int | None  # position of ``code`` among the positional arguments
    named: frozenset[str]  # parameters other than **params
    takes_params: bool  # has ``**params``: extra keywords are the code's parameters


@dataclass
class Scan:
    """What ``scan`` found: the uses of each code, and what it could not check."""

    uses: dict[str, list[Use]] = field(default_factory=dict)
    dynamic: list[str] = field(default_factory=list)  # codes built at run time
    unresolved: list[str] = field(default_factory=list)  # problems of the scan itself
    error_classes: frozenset[str] = frozenset()  # the classes with a ``default_code``

    def add(self, use: Use) -> None:
        self.uses.setdefault(use.code, []).append(use)

    def kind(self, code: str) -> str:
        """The kind the uses of ``code`` suggest: a violation, else an error raised, else a problem.

        A violation that refuses nothing is a "warning": that the scan cannot tell.
        """
        uses = self.uses.get(code, ())
        vias = {use.via for use in uses}
        if any("violation" in via.lower() for via in vias) or vias & VIOLATION_BUILDERS:
            return "violation"
        if vias & (self.error_classes | {"default_code"} | VALIDATOR_FACTORIES):
            return "error"
        if any(use.path == "teleaccord/validators.py" for use in uses):
            return "error"  # the validator factories raise InvalidValue, nothing else
        return "problem"

    def params(self, code: str) -> tuple[str, ...]:
        """Every parameter name the sources pass with ``code`` (sorted)."""
        names = {p for use in self.uses.get(code, ()) for p in use.params or ()}
        return tuple(sorted(names))


def _modules(root: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        if path.name in EXCLUDED and path.parent == root:
            continue
        relative = path.relative_to(root.parent).as_posix()
        yield relative, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _function_builder(func: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> Builder:
    positional = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
    if method and positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    named = frozenset(positional) | {a.arg for a in func.args.kwonlyargs}
    index = positional.index("code") if "code" in positional else None
    return Builder(index, named, func.args.kwarg is not None)


def _is_attrs_class(node: ast.ClassDef) -> bool:
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if _name(target) in _ATTRS_DECORATORS:
            return True
    return False


def _attrs_builder(node: ast.ClassDef) -> Builder | None:
    fields = [
        s.target.id
        for s in node.body
        if isinstance(s, ast.AnnAssign)
        and isinstance(s.target, ast.Name)
        and "ClassVar" not in ast.unparse(s.annotation)
    ]
    if "code" not in fields:
        return None
    return Builder(fields.index("code"), frozenset(fields), False)


def _builders(
    modules: list[tuple[str, ast.Module]], found: Scan
) -> dict[tuple[str, str], list[Builder]]:
    """Every callable of the sources that takes a code: (module, name it is called by) -> it."""
    builders: dict[tuple[str, str], list[Builder]] = {}
    for path, tree in modules:
        methods = {
            id(item)
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            for item in node.body
            if isinstance(item, ast.FunctionDef)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and id(node) not in methods
            ):
                builder = _function_builder(node, method=False)
                if builder.index is not None:
                    builders.setdefault((path, node.name), []).append(builder)
            if not isinstance(node, ast.ClassDef):
                continue
            if _is_attrs_class(node) and (attrs_builder := _attrs_builder(node)) is not None:
                builders.setdefault((path, node.name), []).append(attrs_builder)
            for item in node.body:
                if not isinstance(item, ast.FunctionDef):
                    continue
                builder = _function_builder(item, method=True)
                if builder.index is None:
                    continue
                if item.name == "__init__":
                    builders.setdefault((path, node.name), []).append(builder)
                elif item.name == "__call__":
                    names = CALLED_AS.get(node.name)
                    if names is None:
                        found.unresolved.append(
                            f"{path}:{item.lineno}: {node.name}.__call__ takes a code; add the "
                            "names its instances are called by to CALLED_AS"
                        )
                    for name in names or ():
                        builders.setdefault((path, name), []).append(builder)
                else:
                    builders.setdefault((path, item.name), []).append(builder)
    return builders


def _default_codes(modules: list[tuple[str, ast.Module]]) -> dict[str, str]:
    """Error classes with their ``default_code``: what they carry when given no ``code=``."""
    found: dict[str, str] = {}
    for _, tree in modules:
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and any(
                        isinstance(t, ast.Name) and t.id == "default_code" for t in item.targets
                    )
                    and isinstance(item.value, ast.Constant)
                    and isinstance(item.value.value, str)
                ):
                    found[node.name] = item.value.value
    return found


def _resolve(
    builders: Mapping[tuple[str, str], list[Builder]], path: str, name: str
) -> list[Builder]:
    """The builders a call in ``path`` to ``name`` may mean: the module's own, else any."""
    own = builders.get((path, name))
    if own is not None:
        return own
    return [b for (_, n), found in builders.items() if n == name for b in found]


def _constants(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Module-level names bound to a string, or to a dict whose values are all strings."""
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        strings: tuple[str, ...] | None = None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            strings = (value.value,)
        elif isinstance(value, ast.Dict) and value.values:
            texts = [v.value for v in value.values if isinstance(v, ast.Constant)]
            if len(texts) == len(value.values) and all(isinstance(t, str) for t in texts):
                strings = tuple(str(t) for t in texts)
        for target in targets:
            if strings is not None and isinstance(target, ast.Name):
                found[target.id] = strings
    return found


class _Visitor(ast.NodeVisitor):
    def __init__(
        self,
        path: str,
        builders: Mapping[tuple[str, str], list[Builder]],
        constants: Mapping[str, tuple[str, ...]],
        defaults: Mapping[str, str],
        found: Scan,
    ) -> None:
        self.defaults = defaults
        self.path = path
        self.builders = builders
        self.constants = constants
        self.found = found

    # -- values ------------------------------------------------------------------------
    def _codes(self, node: ast.expr | None, via: str) -> Iterator[tuple[str, int]]:
        """The code constants an expression can evaluate to (with their lines)."""
        if node is None:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value, node.lineno
        elif isinstance(node, ast.IfExp):
            yield from self._codes(node.body, via)
            yield from self._codes(node.orelse, via)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self._codes(value, via)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for element in node.elts:
                yield from self._codes(element, via)
        elif isinstance(node, ast.Name) and node.id in self.constants:
            for value in self.constants[node.id]:
                yield value, node.lineno
        elif isinstance(node, ast.Subscript) and _name(node.value) in self.constants:
            yield from self._codes(node.value, via)  # CODES_BY_WINDOW[window]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and _name(node.func.value) in self.constants
        ):
            yield from self._codes(node.func.value, via)  # CODES.get(window, "default")
            yield from self._codes(node.args[1] if len(node.args) > 1 else None, via)
        elif isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod))
        ):
            self.found.dynamic.append(
                f"{self.path}:{node.lineno} ({via}): {ast.unparse(node)} is built at run time"
            )

    def _add(self, node: ast.expr | None, via: str, params: tuple[str, ...] | None = None) -> None:
        for code, line in self._codes(node, via):
            self.found.add(Use(code, self.path, line, via, params))

    # -- places ------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        callee = _name(node.func) or "call"
        builders = _resolve(self.builders, self.path, callee)
        keywords = {k.arg: k.value for k in node.keywords if k.arg is not None}
        if "params" in keywords:
            params = _literal_params(keywords["params"])
        elif any(b.takes_params for b in builders):
            named = set().union(*(b.named for b in builders if b.takes_params))
            params = tuple(sorted(k for k in keywords if k not in named and k != "code"))
        else:
            params = ()
        if "code" in keywords:
            self._add(keywords["code"], callee, params)
        elif callee in self.defaults:  # StaleVersion(message, params=...): its default code
            self.found.add(Use(self.defaults[callee], self.path, node.lineno, callee, params))
        else:
            indexes = {b.index for b in builders if b.index is not None}
            if len(indexes) > 1:
                self.found.unresolved.append(
                    f"{self.path}:{node.lineno}: {callee} is defined with its code at "
                    f"positions {sorted(indexes)}; pass code= by keyword"
                )
            for index in indexes:
                if index < len(node.args):
                    self._add(node.args[index], callee, params)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for item in node.body:
            if isinstance(item, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "default_code" for t in item.targets
            ):
                self._add(item.value, "default_code", ())
            if (
                isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and item.target.id == "code"
            ):
                value = item.value
                if isinstance(value, ast.Call):
                    value = next((k.value for k in value.keywords if k.arg == "default"), None)
                self._add(value, f"{node.name}.code default", ())
        self.generic_visit(node)

    def visit_arguments(self, node: ast.arguments) -> None:
        positional = [*node.posonlyargs, *node.args]
        defaults = dict(zip(reversed(positional), reversed(node.defaults), strict=False))
        defaults.update((a, d) for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True) if d)
        for arg, default in defaults.items():
            if arg.arg == "code":
                self._add(default, "code= default", ())
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
            self._add_shaped(node.value, "code =")
        self.generic_visit(node)

    def _add_shaped(self, node: ast.expr, via: str) -> None:
        # A variable named ``code`` may hold other codes (a country's): only code-shaped
        # constants count, and nothing computed.
        if isinstance(node, (ast.Constant, ast.IfExp, ast.BoolOp, ast.Name)):
            for code, line in self._codes(node, via):
                if CODE_SHAPE.fullmatch(code):
                    self.found.add(Use(code, self.path, line, via))

    def visit_Compare(self, node: ast.Compare) -> None:
        sides = [node.left, *node.comparators]
        if any(isinstance(s, ast.Attribute) and s.attr == "code" for s in sides):
            for side in sides:
                if not isinstance(side, ast.Attribute):
                    self._add(side, ".code compared")
        self.generic_visit(node)


def _literal_params(node: ast.expr) -> tuple[str, ...] | None:
    """The keys of a literal ``{...}`` or ``dict(...)`` (``**`` splats left out), else None."""
    if isinstance(node, ast.Dict):
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
        return tuple(sorted(k for k in keys if isinstance(k, str)))
    if isinstance(node, ast.Call) and _name(node.func) == "dict" and not node.args:
        return tuple(sorted(k.arg for k in node.keywords if k.arg is not None))
    return None


def scan(root: Path = SOURCES) -> Scan:
    """Find every code written in the sources under ``root`` (see the module's docstring)."""
    found = Scan()
    modules = list(_modules(root))
    builders = _builders(modules, found)
    defaults = _default_codes(modules)
    found.error_classes = frozenset(defaults)
    for path, tree in modules:
        _Visitor(path, builders, _constants(tree), defaults, found).visit(tree)
    for uses in found.uses.values():
        uses.sort(key=lambda u: (u.path, u.line))
    return found


# -- comparing with the registry -----------------------------------------------------------


def _registry() -> Mapping[str, object]:
    sys.path.insert(0, str(ROOT / "src"))
    from teleaccord.codes import CODES

    return CODES


def missing(found: Scan, registry: Iterable[str]) -> list[str]:
    """Codes used in the sources that the registry lacks."""
    return sorted(set(found.uses) - set(registry))


def dead(found: Scan, registry: Iterable[str]) -> list[str]:
    """Codes of the registry that no source uses."""
    return sorted(set(registry) - set(found.uses))


def unlisted_params(found: Scan, registry: Mapping[str, object]) -> list[str]:
    """``code: names`` for each code passed with parameters its registry entry does not list."""
    lines = []
    for code in sorted(set(found.uses) & set(registry)):
        listed = set(getattr(registry[code], "params", ()))
        extra = sorted(set(found.params(code)) - listed)
        if extra:
            lines.append(f"{code}: {', '.join(extra)}")
    return lines


def wrong_kinds(found: Scan, registry: Mapping[str, object]) -> list[str]:
    """``code: registry kind, sources suggest kind`` where the two disagree.

    A "warning" in the registry agrees with a violation in the sources.
    """
    lines = []
    for code in sorted(set(found.uses) & set(registry)):
        listed = getattr(registry[code], "kind", None)
        suggested = found.kind(code)
        if listed != suggested and (listed, suggested) != ("warning", "violation"):
            lines.append(f"{code}: {listed} in the registry, the sources use it as a {suggested}")
    return lines


def differences(found: Scan, registry: Mapping[str, object]) -> list[str]:
    """Every difference between the sources and the registry, as lines for a person."""
    lines: list[str] = []
    sections = (
        (
            "missing from the registry (add to src/teleaccord/codes.py)",
            _with_uses(found, missing(found, registry)),
        ),
        ("dead in the registry (used nowhere; remove)", dead(found, registry)),
        ("parameters missing from the registry", unlisted_params(found, registry)),
        ("kinds that differ from the sources' use", wrong_kinds(found, registry)),
        ("codes built at run time (use a constant)", found.dynamic),
        ("the scan could not check", found.unresolved),
    )
    for title, items in sections:
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  {item}" for item in items)
    return lines


def _with_uses(found: Scan, codes: list[str]) -> list[str]:
    """A row to paste into the registry's table for each code, with where it is first used."""
    rows = []
    for code in codes:
        args = ", ".join(f'"{a}"' for a in (code, "TODO.", *found.params(code)))
        rows.append(f"_{found.kind(code)[0]}({args}),  # {found.uses[code][0]}")
    return rows


# -- the docs page -------------------------------------------------------------------------

_PAGE_HEAD = """\
# Error, problem and violation codes

% Generated by: python tools/codes_report.py --markdown > docs/reference/codes.md
% Do not edit by hand: tests/test_codes.py checks that this page matches the registry.

Every error teleaccord raises ({class}`~teleaccord.TeleaccordError`), every problem a loader
reports ({class}`~teleaccord.Problem`) and every broken rule ({class}`~teleaccord.Violation`)
carries a stable `code` and its parameters as data, beside an English message. An HRIS can show
its own text keyed by the code, filled in with the parameters. The tables below are
`teleaccord.CODES` (a read-only mapping of code to `teleaccord.codes.CodeInfo`);
{func}`teleaccord.code_info` looks one code up.

teleaccord ships the French text of every code (`teleaccord.locale.fr`):
{func}`teleaccord.translate` gives an error, a problem or a violation in French
(`translate(item, "fr")`; `"en"` returns the English message as written), filling the template
shown in the last column with the occurrence's parameters, written the French way (dates
`07/03/2024`, days `2,50`, money `59,40 €`, `{fraction:%}` as `80 %`). The field at fault, the
violation's day or the problem's path stays in front of the sentence. When one occurrence lacks a
parameter its template names, the French summary of the code is given instead, with the field;
`teleaccord.locale.summary(code, lang)` gives that summary.

The kinds:

error
: raised as a {class}`~teleaccord.TeleaccordError` (most often
  {class}`~teleaccord.InvalidValue`); a loader that meets one reports it as a problem with the
  same code.

problem
: reported only by loaders, as a {class}`~teleaccord.Problem` with the path to the value at fault
  (a {class}`~teleaccord.LoadError` gathers them).

violation
: a broken business rule, returned by checks and carried by
  {class}`~teleaccord.OperationRefused` when an operation is refused.

warning
: a {class}`~teleaccord.Violation` that informs and never refuses anything.

The parameters listed are every name any occurrence of the code carries; one occurrence may
carry fewer.
"""


def _french() -> Mapping[str, object]:
    sys.path.insert(0, str(ROOT / "src"))
    from teleaccord.locale.fr import TEXTS

    return TEXTS


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|")


def markdown(registry: Mapping[str, object], french: Mapping[str, object] | None = None) -> str:
    """The docs page: the registry as a table per kind, with each code's French message."""
    texts = _french() if french is None else french
    lines = [_PAGE_HEAD.rstrip("\n")]
    for kind in ("error", "problem", "violation", "warning"):
        entries = [info for info in registry.values() if getattr(info, "kind", None) == kind]
        if not entries:
            continue
        lines += ["", f"## {kind.capitalize()} codes", ""]
        lines += [
            "| Code | Parameters | Situation | Message in French (template) |",
            "| --- | --- | --- | --- |",
        ]
        for info in entries:
            code = str(getattr(info, "code", ""))
            params = ", ".join(f"`{p}`" for p in getattr(info, "params", ()))
            summary = _cell(getattr(info, "summary", ""))
            template = _cell(getattr(texts.get(code), "template", "(missing)"))
            lines.append(f"| `{code}` | {params} | {summary} | {template} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--markdown", action="store_true", help="print the docs page")
    parser.add_argument("--uses", metavar="CODE", help="print where CODE is used")
    args = parser.parse_args(argv)
    registry = _registry()
    if args.markdown:
        sys.stdout.write(markdown(registry))
        return 0
    found = scan()
    if args.uses:
        for use in found.uses.get(args.uses, []):
            sys.stdout.write(f"{use}  params={use.params}\n")
        return 0
    lines = differences(found, registry)
    sys.stdout.write(f"{len(found.uses)} codes in the sources, {len(registry)} in the registry\n")
    sys.stdout.write("\n".join(lines) + ("\n" if lines else "the registry matches the sources\n"))
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
