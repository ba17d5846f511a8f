"""The code users copy from the docs type-checks: ``mypy --strict`` on ``tests/typing/``.

Lists and sets passed to constructors that convert them (``Agreement(quotas=[...])``,
``Calendar(closures=[...])``) must be accepted by mypy, which reads a converter's parameter
type as the field's input type: a bare ``tuple`` or ``frozenset`` converter rejects them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api", reason="mypy is not installed (the dev extra has it)")

TESTS = Path(__file__).parent
SRC = TESTS.parent / "src"


def test_user_code_from_the_docs_passes_mypy_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    # This checkout's sources, not another installed copy of teleaccord.
    monkeypatch.setenv("MYPYPATH", str(SRC))
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir",
            "/dev/null",
            "--config-file",
            str(TESTS.parent / "pyproject.toml"),
            str(TESTS / "typing"),
        ]
    )
    assert status == 0, stdout + stderr
