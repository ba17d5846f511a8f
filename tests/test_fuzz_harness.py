"""The bounded-run harness classifies what a call did, without timing anything itself."""

from __future__ import annotations

import sys

import pytest

from teleaccord import InvalidValue

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and resource are POSIX")

from fuzz.harness import run_bounded, run_cli_bounded  # noqa: E402


def raise_typed() -> None:
    msg = "bad input"
    raise InvalidValue(msg, code="example_code", field="x")


def spin() -> None:
    while True:
        pass


def hog() -> bytes:
    return b"x" * (4 * 1024**3)


def test_a_result_comes_back() -> None:
    outcome = run_bounded(lambda: 6 * 7, cpu_seconds=5)
    assert (outcome.kind, outcome.value) == ("ok", 42)


def test_a_typed_error_keeps_its_code() -> None:
    outcome = run_bounded(raise_typed, cpu_seconds=5)
    assert (outcome.kind, outcome.code) == ("typed", "example_code")
    assert outcome.clean


def test_a_bare_exception_is_a_traceback() -> None:
    outcome = run_bounded(lambda: 1 // 0, cpu_seconds=5)
    assert (outcome.kind, outcome.code) == ("traceback", "ZeroDivisionError")
    assert not outcome.clean


def test_an_endless_loop_is_a_hang_stopped_by_the_cpu_limit() -> None:
    assert run_bounded(spin, cpu_seconds=1, wall_seconds=30).kind == "hang"


def test_a_memory_bomb_is_stopped_by_the_address_space_limit() -> None:
    assert run_bounded(hog, cpu_seconds=10, memory_mb=512).kind == "memory"


def test_cli_exit_codes_are_classified() -> None:
    assert run_cli_bounded(["calendar", "2025"], cpu_seconds=20).kind == "ok"
    bad = run_cli_bounded(["calendar", "2025", "--country", "ZZ"], cpu_seconds=20)
    assert bad.kind == "typed"
    assert bad.code == "exit 2"
