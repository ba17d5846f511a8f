"""Sphinx configuration for the teleaccord documentation.

The docs build offline (no intersphinx) and twice in CI, with warnings as errors:
``sphinx-build -W --keep-going -b html docs OUT`` and ``... -b doctest docs OUT``. The doctest
builder runs the ```` ```{doctest} ```` blocks of the pages and the ``>>>`` examples of every
docstring that autodoc pulls into the reference.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import teleaccord

# -- project -------------------------------------------------------------------------------
project = "teleaccord"
author = "teleaccord developers"
copyright = "teleaccord developers"
# One place for the version: the package itself.
version = release = teleaccord.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "myst_parser",
    # Diagrams as text, drawn in the reader's browser: no binary (dot) at build time.
    "sphinxcontrib.mermaid",
]
# No intersphinx: the docs must build offline.

# -- sources -------------------------------------------------------------------------------
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# _static holds files copied as they are (the vendored mermaid and its README), not pages.
exclude_patterns = ["_build", "_static", "Thumbs.db", ".DS_Store"]
language = "en"
myst_enable_extensions = ["colon_fence", "deflist"]
# Headings up to ### get anchors, so pages can link to [a section](page.md#its-title).
myst_heading_anchors = 3
# Type names in signatures (``attrs.Attribute``, ``relativedelta``, ``Iterable``) are not
# documented here and there is no intersphinx to resolve them: nitpicky stays off.
nitpicky = False

# -- autodoc -------------------------------------------------------------------------------
# Members in source order; for the ``teleaccord`` package, in the order of its ``__all__``.
autodoc_member_order = "bysource"
# Types go into the parameter descriptions, keeping signatures short; attrs-generated
# ``__init__`` signatures show plain defaults.
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
# The class docstring documents the class; attrs writes ``__init__``, which has no docstring.
autoclass_content = "class"
autodoc_class_signature = "mixed"
autodoc_default_options = {
    "members": True,
    # Errors show the builtins they refine (InvalidValue is a ValueError).
    "show-inheritance": True,
    # attrs fields and enum members have no docstring of their own, but belong in a reference.
    "undoc-members": True,
}

# -- napoleon (Google-style Args:/Returns:/Raises:) ----------------------------------------
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
# "Attributes:" sections become fields of the class rather than separate attribute entries:
# attrs fields are already listed (undoc-members), and two entries would be duplicates.
napoleon_use_ivar = True

# -- doctest -------------------------------------------------------------------------------
# No doctest_global_setup: every example imports what it uses, so a reader can copy it
# (DECISIONS.md: docs blocks are self-contained). tools/doc_imports.py writes the imports of
# docstring examples; tests/test_docstring_examples.py and tests/test_docs_blocks.py run each
# docstring and each page block alone.
# The flags pytest uses (pyproject.toml), so an example passes in both places.
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)
# Plain ``>>>`` blocks (docstrings, eval-rst) are tested too, not only ``{doctest}`` blocks.
doctest_test_doctest_blocks = "default"

# -- html ----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"teleaccord {release}"
html_static_path = ["_static"]

# -- mermaid -------------------------------------------------------------------------------
# The diagram source goes into the page as is; mermaid.js draws it when the page is read.
mermaid_output_format = "raw"
# mermaid.js is vendored (_static/vendor/mermaid/README.md: version, licence), so diagrams render
# offline: sphinxcontrib-mermaid's own script, which imports mermaid as an ES module from a CDN
# (or from ``mermaid_use_local``, an import that browsers refuse on ``file://`` pages), is
# replaced by ``_install_mermaid`` below. tests/test_docs_html.py checks it in Chromium.
MERMAID_JS = ("vendor/mermaid/mermaid.min.js", "mermaid-init.js")


# -- local adjustments ---------------------------------------------------------------------
def _hide_object_base(app: Sphinx, domain: str, objtype: str, content: nodes.Element) -> None:
    """Drop "Bases: object" under plain classes: it tells a reader nothing.

    Errors and enums keep their bases (``InvalidValue`` is a ``TeleaccordError`` and a
    ``ValueError``).
    """
    if domain != "py" or objtype not in ("class", "exception"):
        return
    for child in list(content.children):
        if isinstance(child, nodes.paragraph) and child.astext().strip() == "Bases: object":
            content.remove(child)


def _plain_property_docstrings(app: Sphinx) -> None:
    """Let napoleon read property and attribute docstrings as ordinary prose.

    napoleon reads the first line of a property's docstring as ``type: description``, so
    "The pattern's own work fraction: half-days worked per week..." would render as a "Type"
    field. teleaccord's docstrings never use that convention (types come from annotations), so
    napoleon is handed those docstrings as if they were methods'.
    """
    for listener in list(app.events.listeners.get("autodoc-process-docstring", [])):
        handler = listener.handler
        if (
            getattr(handler, "__module__", "") != "sphinx.ext.napoleon"
            or getattr(handler, "__name__", "") != "_process_docstring"
        ):
            continue
        app.disconnect(listener.id)

        def process(
            app: Sphinx,
            what: str,
            name: str,
            obj: object,
            options: object,
            lines: list[str],
            _napoleon: Any = handler,
        ) -> None:
            plain = "method" if what in ("property", "attribute", "data") else what
            _napoleon(app, plain, name, obj, options, lines)

        app.connect("autodoc-process-docstring", process, priority=listener.priority)


_CLI_RUNNER = (
    "import sys; from teleaccord.cli import main; "
    "sys.argv = ['teleaccord', *sys.argv[1:]]; sys.exit(main())"
)
_SUBCOMMANDS = re.compile(r"\{([a-z][a-z0-9_-]*(?:,[a-z][a-z0-9_-]*)+)\}")


def _cli_help(*args: str) -> tuple[int, str, str]:
    """Run ``teleaccord ARGS --help`` as the console script would, in a fresh interpreter."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _CLI_RUNNER, *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


class CommandHelp(SphinxDirective):
    """``teleaccord-help``: the help of ``teleaccord`` and of each of its subcommands.

    The text is what the installed command prints at build time, so the page always matches the
    code. The subcommands are read from the ``{a,b,c}`` list of the main help (argparse).
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        code, main_help, errors = _cli_help()
        if code != 0 and "No module named 'teleaccord.cli'" in errors:
            note = "The command line is not part of this build of teleaccord."
            return [nodes.paragraph(text=note)]
        if code != 0:
            message = f"teleaccord --help failed with exit code {code}: {errors.strip()}"
            return [self.state.document.reporter.warning(message, line=self.lineno)]
        found = _SUBCOMMANDS.search(main_help)
        result: list[nodes.Node] = [nodes.literal_block(text=main_help.rstrip())]
        for name in found.group(1).split(",") if found else ():
            code, text, errors = _cli_help(name)
            if code != 0:
                message = f"teleaccord {name} --help failed with exit code {code}: {errors.strip()}"
                result.append(self.state.document.reporter.warning(message, line=self.lineno))
                continue
            section_id = nodes.make_id(f"teleaccord-{name}")
            section = nodes.section(ids=[section_id], names=[section_id])
            section += nodes.title(text=f"teleaccord {name}")
            section += nodes.literal_block(text=text.rstrip())
            result.append(section)
        return result


# -- the API reference, by concept ---------------------------------------------------------
# Each page of docs/reference/api/ documents one concept: the names of ``teleaccord.__all__``
# defined in the modules listed here (constants by name). A name from a module not listed lands
# on the "other" page, so a new export is documented even before it is given its concept.
API_CONCEPTS: dict[str, tuple[str, ...]] = {
    "calendars": ("teleaccord.calendars", "teleaccord.dates", "teleaccord.pattern"),
    "amounts": ("teleaccord.amounts",),
    "agreements": ("teleaccord.agreement", "teleaccord.io.agreement_file"),
    "contracts": ("teleaccord.contract",),
    "entitlements": ("teleaccord.entitlements",),
    "ledgers": (
        "teleaccord.entries",
        "teleaccord.ledger",
        "teleaccord.fold",
        "teleaccord.rules",
        "Entry",
        "BOOKING_RULES",
    ),
    "workflows": (
        "teleaccord.approval",
        "teleaccord.arrangement",
        "teleaccord.statemachine",
        "ARRANGEMENT_TRANSITIONS",
        "REQUEST_TRANSITIONS",
        "SYSTEM",
    ),
    "coverage": ("teleaccord.coverage",),
    "allowances": (
        "teleaccord.allowance",
        "teleaccord.crossborder",
        "teleaccord.io.allowance_file",
    ),
    "workforce": ("teleaccord.workforce", "teleaccord.io.csv", "CSV_FORMATS"),
    "formats": ("teleaccord.io.json", "teleaccord.io.convert", "teleaccord.io.ical"),
    "errors": (
        "teleaccord.errors",
        "teleaccord.codes",
        "teleaccord.locale.messages",
        "CODES",
        "LANGUAGES",
        "__version__",
    ),
}


def api_concept(name: str) -> str:
    """The concept (page) a public name is documented under; ``other`` when none says."""
    value = getattr(teleaccord, name)
    module = getattr(value, "__module__", None) if callable(value) else None
    for concept, sources in API_CONCEPTS.items():
        if name in sources or (module is not None and module in sources):
            return concept
    return "other"


def _data_doc(name: str, value: object) -> list[str]:
    """The doc-comment of a public constant, read where it is defined (its ``\"\"\"...\"\"\"``
    after the assignment): a constant's value has no docstring of its own."""
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("teleaccord") or getattr(module, name, None) is not value:
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        found = docs.get(("", name))
        if found:
            return list(found)
    return []


class ApiConcept(SphinxDirective):
    """``teleaccord-api CONCEPT``: autodoc entries for every public name of one concept, in
    the order of ``teleaccord.__all__``."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        concept = self.arguments[0]
        lines = [".. currentmodule:: teleaccord", ""]
        for name in teleaccord.__all__:
            if api_concept(name) != concept:
                continue
            value = getattr(teleaccord, name)
            if isinstance(value, type) and issubclass(value, BaseException):
                lines.append(f".. autoexception:: {name}")
            elif isinstance(value, type):
                lines.append(f".. autoclass:: {name}")
            elif callable(value):
                lines.append(f".. autofunction:: {name}")
            else:
                lines += [f".. data:: {name}", ""]
                lines += [f"   {line}" for line in _data_doc(name, value)]
            lines.append("")
        node = nodes.section()
        node.document = self.state.document
        nested_parse_with_titles(self.state, StringList(lines, source="teleaccord-api"), node)
        return list(node.children)


def _install_mermaid(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Add the vendored mermaid and its start-up script to a page that has a diagram."""
    from sphinxcontrib.mermaid import mermaid

    if doctree is None or doctree.next_node(mermaid) is None:
        return
    for path in MERMAID_JS:
        app.add_js_file(path)


def _vendored_mermaid(app: Sphinx) -> None:
    """Replace sphinxcontrib-mermaid's CDN script by the vendored mermaid (see above)."""
    for listener in list(app.events.listeners.get("html-page-context", [])):
        handler = listener.handler
        if (
            getattr(handler, "__module__", "") == "sphinxcontrib.mermaid"
            and getattr(handler, "__name__", "") == "install_js"
        ):
            app.disconnect(listener.id)
    app.connect("html-page-context", _install_mermaid)


def setup(app: Sphinx) -> None:
    """Install the local adjustments (called after the extensions above are loaded)."""
    _vendored_mermaid(app)
    app.connect("object-description-transform", _hide_object_base)
    _plain_property_docstrings(app)
    app.add_directive("teleaccord-help", CommandHelp)
    app.add_directive("teleaccord-api", ApiConcept)
