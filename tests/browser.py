"""Headless Chromium for the tests that look at a page as a browser shows it (import as
``from browser import ...``): Debian's ``chromium``, never a browser a tool downloads.

A test skips with its reason when something it needs is missing, and fails instead under
``TELEACCORD_REQUIRE_BROWSER=1`` (CI sets it once it has installed Chromium).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = os.environ.get("TELEACCORD_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> None:
    """Skip the test for ``reason``, or fail it when the browser tests are required."""
    if REQUIRED:
        pytest.fail(f"TELEACCORD_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def find_chromium() -> str:
    """The Chromium executable (skips or fails when there is none)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    assert found is not None
    return found


def artefacts() -> Path:
    """Where screenshots are kept: ``$TELEACCORD_ARTEFACTS``, else ``build/artefacts/``."""
    folder = Path(os.environ.get("TELEACCORD_ARTEFACTS") or ROOT / "build" / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throw-away profile and ``args`` (``--dump-dom URL``,
    ``--screenshot=...``)."""
    return subprocess.run(
        [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
