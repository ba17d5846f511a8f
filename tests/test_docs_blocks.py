"""Every code block of the docs runs alone, as shown.

A reader copies one block and runs it, so each block is run by itself: in a fresh namespace,
without the blocks before it (``docs/conf.py`` sets nothing up for them either), in a
temporary working directory (a block that writes a file does not litter the repository).

* ```` ```{doctest} ````, ```` ```pycon ```` and any Python block made of ``>>>`` lines run
  through the standard library's doctest parser and runner, with the flags pyproject.toml gives
  pytest (ELLIPSIS, NORMALIZE_WHITESPACE);
* ```` ```python ```` blocks without ``>>>`` run through ``exec``;
* ``>>>`` examples inside ```` ```{eval-rst} ```` blocks run as doctests too;
* everything else (``console``, ``toml``, ``text``, ``mermaid``, directives) is not run. A block
  that is deliberately not runnable (a fragment, a signature) is tagged ``text``.

One test case per block, named ``page.md:line`` after the line of its opening fence.
"""

from __future__ import annotations

import doctest
import importlib.util
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"

# The flags pytest uses for doctests (pyproject.toml, doctest_optionflags).
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

PYTHON = {"python", "py", "python3", "pycon", "{doctest}"}
# Tags of blocks that are shown, never run. Shell commands and their output are ``console``.
SHOWN = {"console", "text", "toml", "json", "csv", "mermaid", "{mermaid}", "ini", "diff"}
# MyST directives written as fences: their content is not code (except eval-rst, read below).
DIRECTIVES = {
    "{toctree}",
    "{literalinclude}",
    "{glossary}",
    "{teleaccord-help}",
    "{eval-rst}",
    "{note}",
    "{tip}",
    "{warning}",
    "{important}",
    "{seealso}",
    "{admonition}",
}
# Directives whose content is Markdown, so it may hold code blocks of its own.
MARKDOWN_CONTAINERS = {
    "{note}",
    "{tip}",
    "{warning}",
    "{important}",
    "{seealso}",
    "{admonition}",
}

# Directives that show code in the language their argument names.
CODE_DIRECTIVES = {"{code-block}", "{code}", "{sourcecode}"}

_OPENING = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: its page (relative to docs/), the line of its fence, tag and text."""

    page: str
    line: int
    tag: str
    argument: str
    body: str
    # Line number (1-based, in the page) of the body's first line.
    body_line: int

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def runs(self) -> bool:
        return self.tag in PYTHON or (self.tag == "{eval-rst}" and ">>>" in self.body)


def _fenced(lines: list[str], first: int, page: str) -> Iterator[Block]:
    """The fenced blocks of ``lines``; ``first`` is the page line number of ``lines[0]``."""
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index])
        if not opening or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        tag, _, argument = opening["info"].strip().partition(" ")
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        body = [
            line[indent:] if line[:indent].isspace() else line for line in lines[index + 1 : end]
        ]
        # Directive options (":hide:", ":options: +SKIP") come first in a directive's body.
        skipped = 0
        if tag.startswith("{"):
            while skipped < len(body) and re.match(r"^:[\w-]+:", body[skipped]):
                skipped += 1
        start = first + index
        tag, argument = tag.lower(), argument.strip()
        if tag in CODE_DIRECTIVES and argument:
            # ```{code-block} python is a python block; its language is the argument.
            tag, _, argument = argument.lower().partition(" ")
        yield Block(
            page,
            start,
            tag,
            argument,
            "\n".join(body[skipped:]) + "\n",
            start + 1 + skipped,
        )
        if tag in MARKDOWN_CONTAINERS:
            yield from _fenced(body[skipped:], start + 1 + skipped, page)
        index = end + 1


def blocks(path: Path) -> list[Block]:
    """Every fenced block of one Markdown page, nested ones included."""
    page = path.relative_to(DOCS).as_posix()
    return list(_fenced(path.read_text(encoding="utf-8").splitlines(), 1, page))


PAGES = sorted(DOCS.rglob("*.md"))
ALL_BLOCKS = [block for path in PAGES for block in blocks(path)]
RUNNABLE = [block for block in ALL_BLOCKS if block.runs]


# Blocks that use an optional extra run only where it is installed (CI's full leg has all).
NEEDS_EXTRA = {
    "export_ical": ("icalendar", "ical"),
    'main(["ical"': ("icalendar", "ical"),
    "render_report": ("jinja2", "report"),
    'main(["report"': ("jinja2", "report"),
    'solver="cp-sat"': ("ortools", "planner"),
    "LocalCluster": ("distributed", "dask"),
}


def _missing_extra(block: Block) -> str | None:
    for marker, (module, extra) in NEEDS_EXTRA.items():
        if marker in block.body and importlib.util.find_spec(module) is None:
            return f"needs the optional {module!r} package: pip install 'teleaccord[{extra}]'"
    return None


def _case(block: Block) -> pytest.param:
    missing = _missing_extra(block)
    marks = [pytest.mark.skip(reason=missing)] if missing else []
    return pytest.param(block, id=block.id, marks=marks)


def _run_doctest(block: Block, text: str, lineno: int) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {"__name__": "__docs__"}, block.id, block.page, lineno - 1)
    assert test.examples, f"{block.id}: a Python block with no >>> example and no code"
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    try:
        result = runner.run(test, out=report.write, clear_globs=True)
    finally:
        test.globs.clear()
    assert result.failed == 0, f"{block.id} fails when run alone:\n{report.getvalue()}"


@pytest.mark.parametrize("block", [_case(block) for block in RUNNABLE])
def test_block_runs_alone(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if ">>>" in block.body or block.tag in ("{doctest}", "pycon"):
        # In an eval-rst block, the >>> paragraphs run together, as one page section shows them.
        _run_doctest(block, block.body, block.body_line)
    else:
        # Pad with blank lines so a traceback names the page's own line numbers.
        padded = "\n" * (block.body_line - 1) + block.body
        code = compile(padded, str(DOCS / block.page), "exec")
        exec(code, {"__name__": "__docs__"})


def test_the_block_finder_reads_myst_fences() -> None:
    text = [
        "Some prose.",
        "````{note}",
        ":class: dropdown",
        "```{doctest}",
        ":hide:",
        ">>> 1 + 1",
        "2",
        "```",
        "````",
        "~~~{code-block} python",
        "x = 1",
        "~~~",
        "```console",
        "$ teleaccord --help",
        "```",
    ]
    found = [(b.line, b.tag, b.body, b.body_line, b.runs) for b in _fenced(text, 1, "p.md")]
    assert found == [
        (2, "{note}", "```{doctest}\n:hide:\n>>> 1 + 1\n2\n```\n", 4, False),
        (4, "{doctest}", ">>> 1 + 1\n2\n", 6, True),
        (10, "python", "x = 1\n", 11, True),
        (13, "console", "$ teleaccord --help\n", 14, False),
    ]


def test_blocks_are_found() -> None:
    # The parser must see the blocks: a regression here would make every check above vacuous.
    assert len(RUNNABLE) > 100
    pages = {block.page for block in RUNNABLE}
    assert "tutorials/first-steps.md" in pages
    assert "howto/hris-integration.md" in pages


@pytest.mark.parametrize("block", [pytest.param(b, id=b.id) for b in ALL_BLOCKS])
def test_block_tag_is_known(block: Block) -> None:
    # An untagged block would be highlighted as Python by guess; shell commands are "console"
    # (a prompt and its output), never "bash" nor Python; fragments that do not run are "text".
    assert block.tag in PYTHON | SHOWN | DIRECTIVES, (
        f"{block.id}: unknown tag {block.tag!r}; use python, {{doctest}}, console or text"
    )


@pytest.mark.parametrize("block", [pytest.param(b, id=b.id) for b in ALL_BLOCKS])
def test_console_blocks_are_not_python(block: Block) -> None:
    if block.tag in PYTHON:
        prompts = [line for line in block.body.splitlines() if line.startswith("$ ")]
        assert not prompts, f"{block.id}: shell commands belong in a console block"


# -- examples/ ---------------------------------------------------------------------------------

EXAMPLES_PAGE = DOCS / "howto" / "examples.md"


@pytest.mark.parametrize("script", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_every_example_is_listed_on_the_examples_page(script: str) -> None:
    text = EXAMPLES_PAGE.read_text(encoding="utf-8")
    assert f"python examples/{script}" in text, f"{script} is not listed in {EXAMPLES_PAGE}"


def test_the_examples_page_lists_only_existing_scripts() -> None:
    text = EXAMPLES_PAGE.read_text(encoding="utf-8")
    listed = set(re.findall(r"python examples/([\w-]+\.py)", text))
    assert listed <= {p.name for p in EXAMPLES.glob("*.py")}


def test_the_examples_page_is_in_the_how_to_toctree() -> None:
    index = (DOCS / "howto" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"^examples$", index, re.MULTILINE)
