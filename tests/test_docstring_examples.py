"""Every docstring's examples run alone, imports included.

pytest's ``--doctest-modules`` runs a docstring with the globals of its module, so an example
may use ``date`` or ``DateRange`` without importing them and still pass; a reader who copies it
from the API reference (autodoc pulls docstrings into ``docs/reference/api.md``) gets a
``NameError``. Here each docstring runs in a fresh, empty namespace, with the flags
pyproject.toml gives pytest (ELLIPSIS, NORMALIZE_WHITESPACE). ``tools/doc_imports.py --write``
adds the imports a docstring lacks.

``SELF_CONTAINED_MODULES`` lists the modules held to this; once the tool has been run on the
whole tree it becomes ``ALL_MODULES``.

The second half tests the tool itself on small sources: what it finds, how it resolves and
writes imports, and that a second run changes nothing.
"""

from __future__ import annotations

import difflib
import doctest
import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src"
TOOL = ROOT / "tools" / "doc_imports.py"

# The flags pytest uses for doctests (pyproject.toml, doctest_optionflags).
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


ALL_MODULES = [
    _module_name(path)
    for path in sorted((SRC / "teleaccord").rglob("*.py"))
    if path.name != "__main__.py"
]
# Every module's docstrings run alone (``tools/doc_imports.py --write`` keeps them so).
SELF_CONTAINED_MODULES = ALL_MODULES


def _docstring_tests() -> list[object]:
    """One case per docstring with examples; a module needing a missing extra is skipped."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    cases: list[object] = []
    for name in SELF_CONTAINED_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            reason = f"{name} needs {error.name}, an optional extra that is not installed"
            cases.append(pytest.param(None, id=name, marks=pytest.mark.skip(reason=reason)))
            continue
        # globs={}: no module globals, nothing from conf.py; each test gets its own copy.
        found = sorted(finder.find(module, globs={}), key=lambda test: test.name)
        cases.extend(pytest.param(test, id=test.name) for test in found if test.examples)
    return cases


DOCSTRING_TESTS = _docstring_tests()


class _Runner(doctest.DocTestRunner):
    """A runner that lets ``pytest.importorskip`` in an example skip the docstring, as pytest's
    own doctest runner does (the examples of an optional extra skip without it)."""

    def report_unexpected_exception(
        self, out: Any, test: doctest.DocTest, example: doctest.Example, exc_info: Any
    ) -> None:
        if isinstance(exc_info[1], pytest.skip.Exception):
            raise exc_info[1]
        super().report_unexpected_exception(out, test, example, exc_info)


def test_modules_are_real() -> None:
    assert set(SELF_CONTAINED_MODULES) <= set(ALL_MODULES)
    assert DOCSTRING_TESTS, "no docstring examples found: the finder or the module list is wrong"


@pytest.mark.parametrize("test", DOCSTRING_TESTS)
def test_docstring_runs_alone(test: doctest.DocTest) -> None:
    report: list[str] = []
    runner = _Runner(optionflags=FLAGS)
    result = runner.run(test, out=report.append, clear_globs=True)
    assert result.failed == 0, "".join(report)


# -- the tool ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("doc_imports", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["doc_imports"] = module
    spec.loader.exec_module(module)
    return module


# A module of the package under test, written to a temporary source root. ``Extra`` is
# defined here and not exported at the top level; ``Quota`` is teleaccord's.
SAMPLE = '''\
"""A sample module.

>>> Extra(1)
Extra(n=1)
"""

import json
from datetime import date

import attrs

from teleaccord import Quota

__all__ = ["Extra", "Quota", "first", "raw"]


@attrs.frozen
class Extra:
    """A value of this module only.

    >>> Extra(2).n  # doctest: +ELLIPSIS
    2
    """

    n: int

    def twice(self) -> int:
        """Twice n.

        >>> items = [Extra(n) for n in range(3)]
        >>> [x.twice() for x in items]
        [0, 2, 4]
        >>> def half(value):
        ...     return Fraction(value.n, 2)
        >>> half(items[1])
        Fraction(1, 2)
        """
        return self.n * 2


def first(day: date) -> str:
    """Say a day, and dump it.

    >>> from datetime import date
    >>> json.dumps(first(date(2025, 1, 2)))
    '"2025-01-02"'
    >>> Quota(window="week", maximum=1).maximum
    Fraction(1, 1)
    """
    return day.isoformat()


def raw() -> str:
    r"""A raw docstring with a backslash \\d and a long import line.

    >>> a = (ARRANGEMENT_TRANSITIONS, BOOKING_RULES, CODES, DateRange, Agreement, Calendar,
    ...      QuotaLedger)
    >>> raw()
    '\\\\d'
    >>> _private()
    1
    """
    return "\\\\d"


def _private() -> int:
    return 1
'''


def _tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    package = src / "teleaccord_sample"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sample.py").write_text(SAMPLE, encoding="utf-8")
    return package / "sample.py"


def _run(tool: ModuleType, path: Path) -> tuple[str, list[object]]:
    """The rewritten text of ``path`` and the docstrings found, the package being importable."""
    sys.path.insert(0, str(path.parent.parent))
    try:
        docs = tool.analyse([path], path.parent.parent)
        text = path.read_bytes().decode("utf-8")
        return tool.rewrite(text, docs), docs
    finally:
        sys.path.remove(str(path.parent.parent))
        for name in [m for m in sys.modules if m.startswith("teleaccord_sample")]:
            del sys.modules[name]


def test_tool_finds_and_resolves(tool: ModuleType, tmp_path: Path) -> None:
    path = _tree(tmp_path)
    _, docs = _run(tool, path)
    found = {doc.qualname: doc for doc in docs}
    assert set(found) == {"<module>", "Extra", "Extra.twice", "first", "raw"}
    imports = {q: {(i.module, i.name) for i in d.missing} for q, d in found.items()}
    module = "teleaccord_sample.sample"
    assert imports["<module>"] == {(module, "Extra")}
    assert imports["Extra"] == {(module, "Extra")}
    # n, x and value are bound inside the examples; Fraction is only read inside a function.
    assert imports["Extra.twice"] == {(module, "Extra"), ("fractions", "Fraction")}
    # date is imported by the docstring itself; json and Quota come as the module has them.
    assert imports["first"] == {("json", ""), ("teleaccord", "Quota"), (module, "first")}
    assert imports["raw"] == {
        ("teleaccord", name)
        for name in ("ARRANGEMENT_TRANSITIONS", "BOOKING_RULES", "CODES", "DateRange", "Agreement")
    } | {("teleaccord", "Calendar"), ("teleaccord", "QuotaLedger"), (module, "raw")}
    assert found["raw"].problems == ["private name '_private': not imported"]
    assert all(not d.problems for q, d in found.items() if q != "raw")


def test_tool_writes_imports_once(tool: ModuleType, tmp_path: Path) -> None:
    path = _tree(tmp_path)
    text, _ = _run(tool, path)
    path.write_bytes(text.encode("utf-8"))
    expected_module = '''\
"""A sample module.

>>> from teleaccord_sample.sample import Extra
>>> Extra(1)
'''
    assert text.startswith(expected_module)
    # The imports the docstring had are merged with the new ones, stdlib first.
    assert (
        "    >>> import json\n"
        "    >>> from datetime import date\n"
        "    >>> from teleaccord import Quota\n"
        "    >>> from teleaccord_sample.sample import first\n"
        "    >>> json.dumps(first(date(2025, 1, 2)))\n"
    ) in text
    assert (
        "        >>> from fractions import Fraction\n"
        "        >>> from teleaccord_sample.sample import Extra\n"
        "        >>> items = [Extra(n) for n in range(3)]\n"
    ) in text
    # Longer than 100 columns: wrapped as ruff format wraps an import, constants first.
    assert (
        '    r"""A raw docstring with a backslash \\d and a long import line.\n'
        "\n"
        "    >>> from teleaccord import (\n"
        "    ...     ARRANGEMENT_TRANSITIONS,\n"
        "    ...     BOOKING_RULES,\n"
        "    ...     CODES,\n"
        "    ...     Agreement,\n"
        "    ...     Calendar,\n"
        "    ...     DateRange,\n"
        "    ...     QuotaLedger,\n"
        "    ... )\n"
        "    >>> from teleaccord_sample.sample import raw\n"
        "    >>> a = (ARRANGEMENT_TRANSITIONS,"
    ) in text
    # Nothing else changed: the file is the original with prompt lines inserted.
    matcher = difflib.SequenceMatcher(a=SAMPLE.splitlines(), b=text.splitlines(), autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert changes
    assert all(op[0] == "insert" for op in changes), changes
    for _, _, _, start, end in changes:
        assert all(
            line.lstrip().startswith((">>> ", "... ")) for line in text.splitlines()[start:end]
        )
    # A second run changes nothing.
    again, docs = _run(tool, path)
    assert again == text
    assert not any(doc.missing for doc in docs)


def test_tool_check_mode(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    src = str(path.parent.parent)
    command = [sys.executable, str(TOOL), "--src", src, "--check", str(path)]
    before = subprocess.run(command, capture_output=True, text=True, check=False)
    assert before.returncode == 1
    assert "sample.py:54 raw: needs" in before.stdout
    assert "private name '_private'" in before.stderr
    original = path.read_bytes()
    write = [sys.executable, str(TOOL), "--src", src, "--write", str(path)]
    assert subprocess.run(write, capture_output=True, check=False).returncode == 0
    assert path.read_bytes() != original
    after = subprocess.run(command, capture_output=True, text=True, check=False)
    assert after.stdout == ""
    # Only the private name remains, and it still fails the check: a person must fix it.
    assert after.returncode == 1
    assert "5 with examples, 0 need imports" in after.stderr


def test_tool_finds_nothing_missing_in_self_contained_modules() -> None:
    paths = [
        str(SRC / Path(*name.split(".")).with_suffix(".py")) for name in SELF_CONTAINED_MODULES
    ]
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check", *[p for p in paths if Path(p).exists()]],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_written_sample_runs_alone(tool: ModuleType, tmp_path: Path) -> None:
    path = _tree(tmp_path)
    text, _ = _run(tool, path)
    # Without the private example, every docstring of the rewritten sample runs in {}.
    text = text.replace("    >>> _private()\n    1\n", "")
    path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(path.parent.parent))
    try:
        module = importlib.import_module("teleaccord_sample.sample")
        tests = [t for t in doctest.DocTestFinder().find(module, globs={}) if t.examples]
        assert len(tests) == 5
        for test in tests:
            report: list[str] = []
            result = doctest.DocTestRunner(optionflags=FLAGS).run(test, out=report.append)
            assert result.failed == 0, "".join(report)
    finally:
        sys.path.remove(str(path.parent.parent))
        for name in [m for m in sys.modules if m.startswith("teleaccord_sample")]:
            del sys.modules[name]
