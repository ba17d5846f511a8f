"""Every benchmark, then one table: each measure, its baseline, the ratio, the goal, met or not.

Runs each ``benchmarks/*.py`` (this file aside) in its own process, in turn, printing its own
output as it goes; a benchmark that reports measures calls :func:`record`, which appends them
(JSON lines) to the file named by ``TELEACCORD_BENCH_ROWS`` when this runner set it, and does
nothing otherwise. The table comes last, in the order the benchmarks ran.

    python benchmarks/run.py                  # every benchmark at its default sizes (long)
    python benchmarks/run.py --smoke          # each one's smoke size: what CI runs
    python benchmarks/run.py calls working_days

Exit status 1 if a benchmark failed (goals missed do not fail the run: the machine is shared,
the figures are not asserted).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROWS_VARIABLE = "TELEACCORD_BENCH_ROWS"


def row(
    measure: str,
    value: float,
    baseline: float | None,
    *,
    unit: str = "s",
    baseline_name: str = "",
    max_ratio: float | None = None,
    max_value: float | None = None,
    min_speedup: float | None = None,
) -> dict[str, Any]:
    """One measure: ``value`` and ``baseline`` in ``unit``; at most one goal: a ratio
    ``value / baseline`` at most ``max_ratio``, a value at most ``max_value`` (in ``unit``), or
    a speed-up ``baseline / value`` at least ``min_speedup``."""
    ratio = value / baseline if baseline else None
    met: bool | None = None
    goal = "-"
    if max_ratio is not None:
        goal, met = f"≤ {max_ratio:g}×", ratio is not None and ratio <= max_ratio
    elif max_value is not None:
        goal, met = f"≤ {_figure(max_value, unit)}", value <= max_value
    elif min_speedup is not None:
        goal = f"≥ {min_speedup:g}× faster"
        met = ratio is not None and ratio > 0 and 1 / ratio >= min_speedup
    return {
        "speedup": min_speedup is not None,
        "measure": measure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_name": baseline_name,
        "ratio": ratio,
        "goal": goal,
        "met": met,
    }


def record(benchmark: str, rows: list[dict[str, Any]]) -> None:
    """Hand ``rows`` (made by :func:`row`) to the runner, when one is running."""
    target = os.environ.get(ROWS_VARIABLE)
    if not target:
        return
    with open(target, "a", encoding="utf-8") as out:
        for item in rows:
            out.write(json.dumps({"benchmark": benchmark, **item}) + "\n")


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s" and value < 1e-3:
        return f"{value * 1e6:.2f} µs"
    if unit == "s" and value < 1:
        return f"{value * 1e3:.2f} ms"
    return f"{value:.3g} {unit}"


def render(rows: list[dict[str, Any]]) -> str:
    """The one table, as Markdown (readable as text, pasted as is in the docs)."""
    lines = [
        "| benchmark | measure | value | baseline | ratio | goal | met |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for r in rows:
        base = _figure(r["baseline"], r["unit"])
        if r["baseline_name"]:
            base = f"{base} ({r['baseline_name']})"
        if r["ratio"] is None:
            ratio = "-"
        elif r.get("speedup") and r["ratio"] > 0:
            ratio = f"{1 / r['ratio']:.3g}× faster"
        else:
            ratio = f"{r['ratio']:.3g}×"
        met = {True: "yes", False: "**no**", None: "-"}[r["met"]]
        lines.append(
            f"| {r['benchmark']} | {r['measure']} | {_figure(r['value'], r['unit'])} | {base} "
            f"| {ratio} | {r['goal']} | {met} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--smoke", action="store_true", help="each benchmark's smoke size (CI)")
    args = parser.parse_args()
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name)
    if args.names:
        scripts = [p for p in scripts if p.stem in args.names]
    failed = []
    with tempfile.TemporaryDirectory(prefix="teleaccord-bench-rows-") as tmp:
        rows_file = Path(tmp) / "rows.jsonl"
        rows_file.touch()
        env = {**os.environ, ROWS_VARIABLE: str(rows_file)}
        for script in scripts:
            print(f"--- {script.relative_to(HERE.parent)}", flush=True)
            command = [sys.executable, str(script)] + (["--smoke"] if args.smoke else [])
            if subprocess.run(command, env=env, check=False).returncode != 0:
                failed.append(script.stem)
        rows = [json.loads(line) for line in rows_file.read_text(encoding="utf-8").splitlines()]
    print("\n" + render(rows))
    missed = sum(1 for r in rows if r["met"] is False)
    print(
        f"\n{len(rows)} measures, {missed} goals not met" + (" (smoke sizes)" if args.smoke else "")
    )
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
