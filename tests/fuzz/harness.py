"""Run one call in a forked child of this (pre-imported) process, under CPU and memory limits.

The hostile-input suite and ``tools/fuzz.py`` classify every input by what the call did:

- ``ok``: it returned (its value is passed back when it pickles);
- ``typed``: it raised a :class:`teleaccord.TeleaccordError` (code and message passed back) or,
  for a CLI run, returned exit code 1 or 2;
- ``traceback``: it raised anything else, or a CLI run returned 3;
- ``hang``: it used up its CPU seconds (``RLIMIT_CPU``) or its wall-clock allowance;
- ``memory``: it went over its address-space limit (``RLIMIT_AS``: ``MemoryError`` or killed).

Time and memory are bounded by the harness (the kernel's limits), never by timed assertions, so
the suite does not flake on a busy machine. POSIX only (``fork`` and ``resource``).
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["Outcome", "run_bounded", "run_cli_bounded"]


@attrs.frozen
class Outcome:
    """What one bounded call did."""

    kind: str  # ok, typed, traceback, hang, memory
    code: str | None = None
    detail: str = ""
    value: Any = None
    stdout: str = ""
    stderr: str = ""

    @property
    def clean(self) -> bool:
        """A result or a typed error: what every input must give."""
        return self.kind in ("ok", "typed")


def _mapped_bytes() -> int:
    """The address space this process maps now (0 where ``/proc`` does not say)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(
    write_end: int, call: Callable[[], Any], cpu_seconds: int, memory_bytes: int
) -> None:  # pragma: no cover - runs in the forked child
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    # On top of what the process already maps: a test process that has imported the optional
    # extras (pyarrow, OR-Tools...) maps over 1.5 GiB before the call does anything, and an
    # absolute limit left SQLite no room for its shared-memory map (disk I/O error).
    limit = _mapped_bytes() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from teleaccord import TeleaccordError

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            value = call()
        result: Outcome = Outcome("ok", value=value)
    except TeleaccordError as exc:
        result = Outcome("typed", code=exc.code, detail=str(exc)[:2000])
    except MemoryError:
        result = Outcome("memory", detail="MemoryError")
    except RecursionError as exc:
        result = Outcome("traceback", code="RecursionError", detail=str(exc)[:200])
    except BaseException as exc:  # classify everything
        result = Outcome(
            "traceback", code=type(exc).__name__, detail=traceback.format_exc()[-4000:]
        )
    result = attrs.evolve(result, stdout=out.getvalue()[-20000:], stderr=err.getvalue()[-20000:])
    try:
        data = pickle.dumps(result)
    except Exception:  # an unpicklable value is still a result
        data = pickle.dumps(attrs.evolve(result, value=repr(result.value)[:2000]))
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(data)
    os._exit(0)


def run_bounded(
    call: Callable[[], Any],
    *,
    cpu_seconds: int = 10,
    memory_mb: int = 1024,
    wall_seconds: float | None = None,
) -> Outcome:
    """Run ``call()`` in a forked child with ``RLIMIT_CPU`` and ``RLIMIT_AS`` set.

    Args:
        call: what to run; its return value comes back in :attr:`Outcome.value`.
        cpu_seconds: CPU time allowed to the child.
        memory_mb: address space the child may map, in MiB, on top of what the process
            already maps when the call starts (the imported library and extras).
        wall_seconds: wall-clock allowance (default: four times ``cpu_seconds``, for a busy
            machine).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read_end)
        try:
            _child(write_end, call, cpu_seconds, memory_mb * 1024 * 1024)
        finally:
            os._exit(70)
    os.close(write_end)
    deadline = time.monotonic() + (wall_seconds or 4 * cpu_seconds)
    chunks: list[bytes] = []
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Outcome("hang", detail="wall-clock allowance used up")
            ready, _, _ = select.select([pipe], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(pipe.fileno(), 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if chunks:
        with contextlib.suppress(Exception):
            outcome: Outcome = pickle.loads(b"".join(chunks))
            return outcome
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL):
            return Outcome("hang", detail=f"killed by signal {number} (CPU limit)")
        if number == signal.SIGSEGV:
            return Outcome("memory", detail="SIGSEGV (address-space limit)")
        return Outcome("traceback", code=f"signal {number}")
    return Outcome("memory", detail=f"child ended with status {status} and no result")


def run_cli_bounded(args: list[str], **limits: Any) -> Outcome:
    """Run ``teleaccord ARGS`` (its ``main``) bounded; exit 1/2 are typed, 3 a traceback."""

    def call() -> int:
        from teleaccord.cli import main

        return int(main(args))

    outcome = run_bounded(call, **limits)
    if outcome.kind != "ok":
        return outcome
    code = outcome.value
    if code in (0,):
        return outcome
    if code in (1, 2):
        return attrs.evolve(outcome, kind="typed", code=f"exit {code}")
    return attrs.evolve(outcome, kind="traceback", code=f"exit {code}")
