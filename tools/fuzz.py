"""Fuzz every loader and command at length, the targets of ``tests/test_fuzz.py``.

Each input runs in a forked child of this pre-imported process under ``RLIMIT_CPU`` and
``RLIMIT_AS`` (``tests/fuzz/harness.py``); inputs are batched per child. Prints, per target,
the inputs tried, the results, typed errors, tracebacks, hangs and memory bombs, and the first
input of each bad kind (saved under ``--save``)::

    python tools/fuzz.py --minutes 10
    python tools/fuzz.py --minutes 1 --target csv.contracts --seed 7

Exit code 1 when any input gave a traceback, a hang or a memory bomb.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import teleaccord.cli  # noqa: E402, F401 - imported once, shared by every forked child
from fuzz.targets import TARGETS, Target, mutate, run_batch  # noqa: E402


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


KINDS = ("ok", "typed", "traceback", "hang", "memory")


def _input(target: Target, rng: random.Random) -> bytes:
    choice = rng.random()
    if choice < 0.15:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(400)))
    if choice < 0.25:
        return "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(rng.randrange(400))).encode()
    return mutate(rng.choice(target.seeds), rng)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="total time (default: 1)")
    parser.add_argument("--target", action="append", help="only these targets (repeatable)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--batch", type=int, default=8, help="inputs per forked child")
    parser.add_argument("--save", type=Path, default=None, help="folder for bad inputs")
    args = parser.parse_args(argv)
    targets = [t for t in TARGETS if not args.target or t.name in args.target]
    if not targets:
        parser.error(f"no such target; known: {', '.join(t.name for t in TARGETS)}")
    rng = random.Random(args.seed)
    share = args.minutes * 60 / len(targets)
    totals: Counter[str] = Counter()
    _say(f"{'target':<28}" + "".join(f"{k:>11}" for k in ("inputs", *KINDS)))
    started = time.monotonic()
    for target in targets:
        counts: Counter[str] = Counter()
        end = time.monotonic() + share
        while time.monotonic() < end:
            inputs = [_input(target, rng) for _ in range(args.batch)]
            for data, outcome in zip(inputs, run_batch(target, inputs), strict=True):
                counts[outcome.kind] += 1
                if outcome.kind not in ("ok", "typed") and counts[outcome.kind] == 1:
                    _say(f"  {target.name}: {outcome.kind} {outcome.code}: {outcome.detail[-400:]}")
                    if args.save:
                        args.save.mkdir(parents=True, exist_ok=True)
                        (args.save / f"{target.name}-{outcome.kind}{target.suffix}").write_bytes(
                            data
                        )
        tried = sum(counts.values())
        totals.update(counts)
        totals["inputs"] += tried
        _say(f"{target.name:<28}{tried:>11}" + "".join(f"{counts[k]:>11}" for k in KINDS))
    _say(f"{'total':<28}{totals['inputs']:>11}" + "".join(f"{totals[k]:>11}" for k in KINDS))
    _say(f"{time.monotonic() - started:.0f} s")
    return 1 if any(totals[k] for k in ("traceback", "hang", "memory")) else 0


if __name__ == "__main__":
    sys.exit(main())
