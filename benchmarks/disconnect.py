"""The right-to-disconnect analysis on a year of activity events, against the CSV parse floor.

A synthetic year of activity (working days, about ``--per-day`` events a day per employee
between 08:00 and 19:00, one evening in ten with a late message, a Saturday now and then) is
written as an ``activity`` CSV for a **sample** of employees; each measurement runs in a
fresh subprocess so that its peak memory is its own:

- **floor**: ``csv.reader`` plus ``datetime.fromisoformat`` on every timestamp;
- **read**: the row reader alone (``read_activity``: every cell checked, events built);
- **report**: ``read_activity`` + ``disconnect_report`` (contact windows, disconnection hours,
  daily and weekly rests), team aggregates;
- **analysis**: ``disconnect_report`` on events already in memory (the analysis alone).

The time is CPU time of the measuring process (fastest of ``--repeat``). Time grows linearly
with the number of events (one pass, constant work per event), so the figures for 1 000,
10 000 and 100 000 employees are **extrapolated** from the sample (said in the output);
memory is measured: the sample's peak, and the analysis state of the full number of employees
(one state per employee, events streamed) measured with a few events each.

    python benchmarks/disconnect.py                  # sample of 200 employees, a year
    python benchmarks/disconnect.py --sample 50
    python benchmarks/disconnect.py --smoke          # tiny, for CI
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
PARIS = ZoneInfo("Europe/Paris")
ACCORD = """\
name = "benchmark"

[charter]
contact_windows = [{days = "Mo-Fr", start = "09:00", end = "18:00"}]
disconnection = [{days = "Mo-Fr", start = "20:00", end = "08:00"}, {days = "Sa Su", start = "00:00", end = "00:00"}]
"""


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_events(path: Path, people: int, days: int, per_day: int, seed: int = 7) -> int:
    """A CSV of ``days`` days of activity from 2025-01-06, day by day (so each employee's
    events are in time order); returns the number of events."""
    rng = random.Random(seed)
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["employee", "at", "kind", "team"])
        for n in range(days):
            day = date(2025, 1, 6) + timedelta(days=n)
            weekend = day.weekday() >= 5
            for p in range(people):
                if weekend and rng.random() > 0.05:
                    continue
                minutes = sorted(rng.randrange(8 * 60, 19 * 60) for _ in range(per_day))
                if rng.random() < 0.1:
                    minutes.append(rng.randrange(20 * 60, 23 * 60))
                for m in minutes:
                    at = datetime(day.year, day.month, day.day, m // 60, m % 60, tzinfo=PARIS)
                    out.writerow([f"E{p:06d}", at.isoformat(), "message", f"T{p % 50:02d}"])
                    count += 1
    return count


# -- what each subprocess measures -------------------------------------------------------------


def measure(kind: str, path: Path, accord: Path, repeat: int) -> dict[str, float]:
    from teleaccord import disconnect_report, load_agreement
    from teleaccord.io.csv import read_activity

    agreement = load_agreement(accord)
    events = list(read_activity(path)) if kind == "analysis" else []

    def run() -> None:
        if kind == "floor":
            fromstamp = datetime.fromisoformat
            with open(path, newline="", encoding="utf-8-sig") as f:
                rows = csv.reader(f)
                next(rows)
                for row in rows:
                    fromstamp(row[1])
        elif kind == "read":
            for _ in read_activity(path):
                pass
        elif kind == "report":
            disconnect_report(agreement, read_activity(path))
        else:
            disconnect_report(agreement, events)

    best = float("inf")
    for _ in range(repeat):
        cpu = time.process_time()
        run()
        best = min(best, time.process_time() - cpu)
    return {"cpu": best, "rss_mb": _rss_mb()}


def state_memory(people: int, accord: Path) -> dict[str, float]:
    """Peak memory of the analysis with ``people`` employees and 3 events each."""
    from teleaccord import ActivityEvent, disconnect_report, load_agreement

    agreement = load_agreement(accord)
    start = datetime(2025, 3, 3, 9, tzinfo=PARIS)

    def events() -> object:
        for hours in (0, 4, 8):
            for p in range(people):
                yield ActivityEvent(
                    employee=f"E{p:06d}", at=start + timedelta(hours=hours), team=f"T{p % 50}"
                )

    before = _rss_mb()
    disconnect_report(agreement, events())  # type: ignore[arg-type]
    return {"rss_mb": _rss_mb(), "before_mb": before}


def _child(args: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    data: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=200, help="employees actually run")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000,100000", help="sizes extrapolated to")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--smoke", action="store_true", help="a tiny run, for CI")
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        kind, *rest = args.child
        if kind == "state":
            result = state_memory(int(rest[0]), Path(rest[1]))
        else:
            result = measure(kind, Path(rest[0]), Path(rest[1]), int(rest[2]))
        print(json.dumps(result))
        return
    if args.smoke:
        args.sample, args.days, args.sizes, args.repeat = 10, 14, "1000", 1
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        accord = folder / "accord.toml"
        accord.write_text(ACCORD, encoding="utf-8")
        events_csv = folder / "activity.csv"
        count = write_events(events_csv, args.sample, args.days, args.per_day)
        print(
            f"sample: {args.sample} employees, {args.days} days, {count} events "
            f"({count / args.sample:.0f} per employee)"
        )
        found = {
            kind: _child([kind, str(events_csv), str(accord), str(args.repeat)])
            for kind in ("floor", "read", "report", "analysis")
        }
        floor = found["floor"]["cpu"]
        print(f"{'step':10} {'cpu s':>8} {'per 1M events':>14} {'vs floor':>9} {'peak MB':>8}")
        for kind, r in found.items():
            per_million = r["cpu"] / count * 1e6
            print(
                f"{kind:10} {r['cpu']:8.2f} {per_million:13.2f}s {r['cpu'] / floor:8.2f}x "
                f"{r['rss_mb']:8.0f}"
            )
        from run import record, row

        record(
            "disconnect",
            [
                row(f"{kind}, {count} events", r["cpu"], floor, baseline_name="floor")
                for kind, r in found.items()
                if kind != "floor"
            ],
        )
        per_person = found["report"]["cpu"] / args.sample
        print("\nextrapolated from the sample (linear in events; memory measured):")
        print(
            f"{'employees':>10} {'events':>12} {'report cpu s':>13} {'floor cpu s':>12} {'state MB':>9}"
        )
        for size in sizes:
            state = _child(["state", str(size), str(accord)])
            print(
                f"{size:10} {count / args.sample * size:12.0f} {per_person * size:13.0f} "
                f"{floor / args.sample * size:12.0f} {state['rss_mb']:9.0f}"
            )


if __name__ == "__main__":
    main()
