"""Fuzzing every loader and every command that reads a file (issue 19).

Each input (random bytes, random text, or a hostile mutation of a valid sample file: a cut
row, swapped cells, a huge number, deep nesting, a bad encoding) runs in a forked child under
the harness's CPU and address-space limits; it must give a result or a typed error, never a
traceback, a hang or a memory bomb. CI runs a few examples per target; ``tools/fuzz.py`` runs
the same targets at length and prints the figures.
"""

from __future__ import annotations

import random
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and resource are POSIX")

import teleaccord.cli  # noqa: E402, F401 - imported once in the parent, shared by every child
from fuzz.targets import TARGETS, Target, mutate, run_batch  # noqa: E402


def inputs_of(target: Target) -> st.SearchStrategy[bytes]:
    """Bytes, text, or a seed file mutated (most examples: they reach deepest)."""
    mutated = st.builds(
        lambda seed, n: mutate(seed, random.Random(n)),
        st.sampled_from(target.seeds),
        st.integers(0, 2**32 - 1),
    )
    return st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
        mutated,
        mutated,
        mutated,
    )


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_the_valid_seeds_load(target: Target) -> None:
    if target.name == "cli.ical":
        pytest.importorskip("icalendar", reason="the ical extra writes calendars")
    outcomes = run_batch(target, list(target.seeds))
    found = ["ok" if target.findings and o.code == "exit 1" else o.kind for o in outcomes]
    assert found == ["ok"] * len(target.seeds), outcomes


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_hostile_input_gives_a_result_or_a_typed_error(target: Target) -> None:
    @settings(max_examples=target.examples, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.lists(inputs_of(target), min_size=1, max_size=4))
    def check(inputs: list[bytes]) -> None:
        for data, outcome in zip(inputs, run_batch(target, inputs), strict=True):
            assert outcome.clean, (
                target.name,
                outcome.kind,
                outcome.code,
                outcome.detail,
                data[:300],
            )

    check()
