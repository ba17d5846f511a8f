"""The HTML docs, built and opened in a real browser (Debian's headless Chromium).

The docs are built once (``python -m sphinx -q -b html docs TMP``). No page may load a script
from a CDN: the diagrams must render offline, with the mermaid vendored under
``docs/_static/vendor/mermaid/``. The state-machines page is opened with ``chromium --headless
--no-sandbox --virtual-time-budget=5000 --dump-dom`` from ``file://``, as a reader without a
network would open it, and every ```` ```{mermaid} ```` block of its source must have become an
SVG, with no diagram text left. A screenshot goes to ``$TELEACCORD_ARTEFACTS`` (default
``build/artefacts/``), a build artefact, never committed.

Skipped with a reason when sphinx or ``chromium`` is missing, except under
``TELEACCORD_REQUIRE_BROWSER=1`` (CI sets it once it has installed Chromium): it fails then.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import artefacts, chromium, find_chromium, unavailable

ROOT = Path(__file__).resolve().parent.parent
PAGE = "explanation/state-machines"
VIRTUAL_TIME = "--virtual-time-budget=5000"  # let mermaid draw before the DOM is dumped
CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|esm\.sh")


def browser() -> str:
    return find_chromium()


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs built once into a temporary folder."""
    for module in ("sphinx", "myst_parser", "furo", "sphinxcontrib.mermaid"):
        try:
            __import__(module)
        except ImportError:
            unavailable(f"{module} is not installed (pip install 'teleaccord[docs]')")
    out = tmp_path_factory.mktemp("html")
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    built = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(ROOT / "docs"), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    return out


class Diagrams(HTMLParser):
    """The ``<pre class="mermaid">`` elements of a DOM: how many SVGs each holds, its text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.diagrams: list[dict[str, object]] = []
        self.depth = 0  # open <pre> elements inside the current diagram (0: outside any)
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "pre" and self.depth == 0 and "mermaid" in classes:
            self.diagrams.append({"svg": 0, "text": ""})
            self.depth = 1
        elif self.depth and tag == "pre":
            self.depth += 1
        elif self.depth and tag == "svg":
            self.diagrams[-1]["svg"] = int(str(self.diagrams[-1]["svg"])) + 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "pre":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.diagrams[-1]["text"] = str(self.diagrams[-1]["text"]) + data


def test_no_page_loads_a_script_from_a_cdn(html: Path) -> None:
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 10
    remote = [str(p.relative_to(html)) for p in pages if CDN.search(p.read_text(encoding="utf-8"))]
    assert remote == []
    page = (html / f"{PAGE}.html").read_text(encoding="utf-8")
    assert "_static/vendor/mermaid/mermaid.min.js" in page
    assert (html / "_static" / "vendor" / "mermaid" / "mermaid.min.js").stat().st_size > 1_000_000
    # Pages without a diagram do not carry the 3.5 MB script.
    assert "mermaid.min.js" not in (html / "index.html").read_text(encoding="utf-8")


def test_the_state_machine_diagrams_render_offline_in_chromium(html: Path, tmp_path: Path) -> None:
    exe = browser()
    source = (ROOT / "docs" / f"{PAGE}.md").read_text(encoding="utf-8")
    expected = source.count("```{mermaid}")
    assert expected >= 2, "the page shows the request and the arrangement state machines"
    page = (html / f"{PAGE}.html").as_uri()

    # Before the browser: the diagrams are text in the page.
    before = Diagrams((html / f"{PAGE}.html").read_text(encoding="utf-8")).diagrams
    assert len(before) == expected
    assert all("stateDiagram-v2" in str(d["text"]) for d in before)

    dumped = chromium(exe, tmp_path / "profile", VIRTUAL_TIME, "--dump-dom", page)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    after = Diagrams(dumped.stdout).diagrams
    assert len(after) == expected
    for diagram in after:
        assert diagram["svg"] == 1, "mermaid drew the diagram as one SVG"
        assert "stateDiagram" not in str(diagram["text"])
        assert "-->" not in str(diagram["text"])
    # The states are labels of the drawing now.
    drawn = " ".join(str(d["text"]) for d in after)
    for state in ("draft", "submitted", "approved", "rejected", "withdrawn"):
        assert state in drawn

    picture = artefacts() / "docs-state-machines.png"
    picture.unlink(missing_ok=True)
    shot = chromium(
        exe,
        tmp_path / "profile",
        VIRTUAL_TIME,
        f"--screenshot={picture}",
        "--window-size=1400,9000",
        page,
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a picture of the page, not a blank one
