"""``teleaccord balances --jobs N``: wall time and CPU time (child processes included).

A synthetic workforce (``tools/sample_workforce.py``, about 100 bookings a year per employee) is
written to a temporary folder, then ``teleaccord balances --format csv --output ...`` runs as a
subprocess with ``--jobs 1`` and ``--jobs 2`` (or the ``--jobs`` given). For each run: the wall
time, and the CPU time of the command and every process it started (``RUSAGE_CHILDREN``, which
counts the pool's workers once they are waited for), the fastest of ``--repeat`` runs. Every
output must be byte-identical to ``--jobs 1``'s; the benchmark stops otherwise.

The speed-up is bounded by the cores free on the machine (``os.cpu_count()`` is printed) and by
the part of the job that stays in one process: planning the cuts, starting the workers,
sending the rows back and writing them.

    python benchmarks/jobs.py                  # 10 000 employees, --jobs 1 and 2
    python benchmarks/jobs.py --size 100000 --jobs 1,2,4
    python benchmarks/jobs.py --smoke          # tiny, for CI
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def run_cli(folder: Path, jobs: int) -> tuple[float, float, bytes]:
    """Wall and CPU seconds (children included) of one ``teleaccord balances`` run, and its
    output."""
    out = folder / f"jobs{jobs}.csv"
    command = [
        sys.executable, "-m", "teleaccord", "balances",
        "--agreement", "assistance-100-days",
        "--contracts", str(folder / "contracts.csv"),
        "--bookings", str(folder / "bookings.csv"),
        "--adjustments", str(folder / "adjustments.csv"),
        "--year", "2025",
        "--format", "csv",
        "--output", str(out),
        "--jobs", str(jobs),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode())
        msg = f"teleaccord balances --jobs {jobs} failed (exit {done.returncode})"
        raise SystemExit(msg)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.read_bytes() + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000, help="employees")
    parser.add_argument("--jobs", default="1,2", help="the --jobs values, comma separated")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest is kept")
    parser.add_argument("--smoke", action="store_true", help="a tiny workforce, one run (CI)")
    args = parser.parse_args()
    from sample_workforce import write_workforce

    size = 300 if args.smoke else args.size
    repeat = 1 if args.smoke else args.repeat
    jobs_list = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="teleaccord-jobs-") as tmp:
        folder = Path(tmp)
        counts = write_workforce(folder, size, seed=1000 + size, uptake=(0.85, 1.15))
        print(
            f"teleaccord balances --jobs: {size} employees, {sum(counts.values())} rows, "
            f"{os.cpu_count()} cores; best of {repeat}; CPU time includes child processes"
        )
        print(f"{'jobs':>4} {'wall s':>8} {'cpu s':>8} {'wall x1':>8} {'cpu x1':>8} {'same':>5}")
        first: tuple[float, float, bytes] | None = None
        for jobs in jobs_list:
            runs = [run_cli(folder, jobs) for _ in range(repeat)]
            wall = min(r[0] for r in runs)
            cpu = min(r[1] for r in runs)
            output = runs[0][2].replace(f"jobs{jobs}.csv".encode(), b"OUT")
            if first is None:
                first = (wall, cpu, output)
            same = output == first[2]
            print(
                f"{jobs:4d} {wall:8.2f} {cpu:8.2f} {wall / first[0]:8.2f} "
                f"{cpu / first[1]:8.2f} {'yes' if same else 'NO':>5}"
            )
            if not same:
                msg = f"--jobs {jobs}: the output differs from --jobs {jobs_list[0]}"
                raise SystemExit(msg)


if __name__ == "__main__":
    main()
