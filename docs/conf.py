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
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

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
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
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
html_static_path: list[str] = []

# -- mermaid -------------------------------------------------------------------------------
# The diagram source goes into the page as is; mermaid.js draws it when the page is read.
mermaid_output_format = "raw"


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


def setup(app: Sphinx) -> None:
    """Install the local adjustments (called after the extensions above are loaded)."""
    app.connect("object-description-transform", _hide_object_base)
    _plain_property_docstrings(app)
    app.add_directive("teleaccord-help", CommandHelp)
