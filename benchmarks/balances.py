"""Workforce balances against the CSV parse floor and a naive day-loop baseline.

For each size, a synthetic workforce (``tools/sample_workforce.py``: the sample's mix of
contracts, about 100 bookings per employee with their ids and timestamps) is written to a
temporary folder; then, each in a fresh subprocess so that peak memory is per measurement:

- **floor**: only parse the three CSV files with the standard library (``csv.reader`` and
  ``date.fromisoformat``/``datetime.fromisoformat`` on every date and timestamp field);
- **balances**: ``read_workforce`` + ``workforce_balances`` + ``write_balances`` in process,
  twice: the first call builds the caches (day-mask tables, entitlements by contract shape),
  the second shows the steady state;
- **cli**: ``teleaccord balances --contracts ... --output ...`` through its entry point;
- **absences** (``--absences``): the balances measurement again with an ``absences.csv``
  beside the files (about four absences a year per employee: two blocks of paid leave, an
  RTT day, and sickness for one employee in ten), reported as a ratio to the run without;
- **naive**: a per-employee day loop (load the rows into dicts, then for each employee walk
  the 365 days: contract segment, working day, fraction, bookings), run on the first
  ``--naive-sample`` employees and **extrapolated** linearly to the full size.

Ratios use CPU time of the measuring process (``time.process_time``), steadier than wall time
on a shared machine, and the fastest of ``--repeat`` runs; wall times are printed too. Peak memory is the process's maximum resident
set size (``ru_maxrss``), interpreter included.

    python benchmarks/balances.py                 # 1 000, 10 000 and 100 000 employees
    python benchmarks/balances.py --sizes 1000,10000
    python benchmarks/balances.py --smoke         # tiny, for CI
    python benchmarks/balances.py --sizes 1000,10000 --absences
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(fn: object) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


# -- what each subprocess measures -------------------------------------------------------------


def measure_floor(folder: Path) -> dict[str, float]:
    def run(stamps: bool) -> None:
        fromdate, fromstamp = date.fromisoformat, datetime.fromisoformat
        with open(folder / "contracts.csv", newline="", encoding="utf-8-sig") as f:
            rows = csv.reader(f)
            next(rows)
            for row in rows:
                for cell in (row[1], row[2], row[3], row[6]):  # effective, hired, last_day, anchor
                    if cell:
                        fromdate(cell)
        with open(folder / "bookings.csv", newline="", encoding="utf-8-sig") as f:
            rows = csv.reader(f)
            next(rows)
            if stamps:
                for row in rows:
                    fromdate(row[1])
                    fromstamp(row[5])
            else:
                for row in rows:
                    fromdate(row[1])
        with open(folder / "adjustments.csv", newline="", encoding="utf-8-sig") as f:
            rows = csv.reader(f)
            next(rows)
            for _row in rows:
                pass

    wall, cpu = _timed(lambda: run(True))
    _, dates_cpu = _timed(lambda: run(False))
    return {"wall": wall, "cpu": cpu, "dates_cpu": dates_cpu, "rss": _rss_mb()}


def write_absences(folder: Path, year: int = 2025, seed: int = 7) -> int:
    """Write ``absences.csv`` for the employees of ``contracts.csv``: summer leave, a week at
    the year's end, an RTT day, and sickness for about one employee in ten; return the rows."""
    import random

    rng = random.Random(seed)
    with open(folder / "contracts.csv", newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        column = next(reader).index("employee")
        employees = sorted({row[column] for row in reader if row})
    rows = 0
    with open(folder / "absences.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["employee", "start", "end", "kind", "end_half", "id"])
        for n, employee in enumerate(employees):
            summer = date(year, 7, 1).toordinal() + rng.randrange(50)
            blocks = [
                (summer, summer + 13, "paid_leave", ""),
                (date(year, 12, 22).toordinal(), date(year, 12, 31).toordinal(), "paid_leave", ""),
            ]
            rtt = date(year, 2, 1).toordinal() + rng.randrange(100)
            blocks.append((rtt, rtt, "rtt", "am" if rng.random() < 0.3 else ""))
            if rng.random() < 0.1:
                ill = date(year, 1, 10).toordinal() + rng.randrange(300)
                blocks.append((ill, ill + rng.randrange(1, 40), "sickness", ""))
            for k, (first, last, kind, half) in enumerate(blocks):
                writer.writerow(
                    [
                        employee,
                        date.fromordinal(first).isoformat(),
                        date.fromordinal(last).isoformat(),
                        kind,
                        half,
                        f"A{n}-{k}",
                    ]
                )
                rows += 1
    return rows


def measure_balances(folder: Path, absences: bool = False) -> dict[str, float]:
    from teleaccord import Calendar, load_sample_agreement
    from teleaccord.io.csv import read_workforce, write_balances
    from teleaccord.workforce import RunSummary, periods_for_year, workforce_balances

    agreement = load_sample_agreement("assistance-100-days")
    calendar = Calendar()
    result: dict[str, float] = {}

    def run() -> None:
        summary = RunSummary()
        records = read_workforce(
            folder / "contracts.csv",
            folder / "bookings.csv",
            folder / "adjustments.csv",
            summary=summary,
            absences=folder / "absences.csv" if absences else None,
        )
        rows = workforce_balances(
            records, agreement, calendar, periods=periods_for_year(agreement, 2025), summary=summary
        )
        with open(folder / "balances.csv", "w", newline="", encoding="utf-8") as out:
            result["balances"] = write_balances(rows, out)
        result["problems"] = summary.problem_count

    result["first_wall"], result["first_cpu"] = _timed(run)
    result["rss"] = _rss_mb()
    result["steady_wall"], result["steady_cpu"] = _timed(run)
    return result


def measure_cli(folder: Path) -> dict[str, float]:
    from teleaccord.cli import main

    args = [
        "balances",
        "--agreement", "assistance-100-days",
        "--contracts", str(folder / "contracts.csv"),
        "--bookings", str(folder / "bookings.csv"),
        "--adjustments", str(folder / "adjustments.csv"),
        "--year", "2025",
        "--format", "csv",
        "--output", str(folder / "cli.csv"),
    ]  # fmt: skip
    codes: list[int] = []
    wall, cpu = _timed(lambda: codes.append(main(args)))
    if codes[0] not in (0, 1):
        msg = f"teleaccord balances failed with exit code {codes[0]}"
        raise SystemExit(msg)
    return {"wall": wall, "cpu": cpu, "rss": _rss_mb(), "code": codes[0]}


def measure_naive(folder: Path, sample: int) -> dict[str, float]:
    """Load the first ``sample`` employees' rows with DictReader, then loop over every day of
    the year for each of them: the straightforward program a script user would write."""
    from teleaccord import Calendar, WorkPattern, load_sample_agreement

    agreement = load_sample_agreement("assistance-100-days")
    calendar = Calendar()
    year = [date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + i) for i in range(365)]
    counted: list[int] = []

    def run() -> None:
        def first(name: str) -> dict[str, list[dict[str, str]]]:
            found: dict[str, list[dict[str, str]]] = {}
            with open(folder / name, newline="", encoding="utf-8-sig") as f:
                for row in csv.DictReader(f):
                    if row["employee"] not in found and len(found) == sample:
                        break
                    found.setdefault(row["employee"], []).append(row)
            return found

        contracts, bookings = first("contracts.csv"), first("bookings.csv")
        for employee, states in contracts.items():
            hired = date.fromisoformat(states[0]["hired"])
            last = date.fromisoformat(states[0]["last_day"]) if states[0]["last_day"] else None
            booked = {}
            for b in bookings.get(employee, []):
                day = date.fromisoformat(b["date"])
                amount = 0.5 if b["half"] else 1.0
                booked[(day, b["id"])] = -amount if b["status"] == "cancelled" else amount
            presence = 0.0
            taken = 0.0
            for day in year:
                if day < hired or (last is not None and day > last):
                    continue
                state = states[0]
                for s in states[1:]:
                    if date.fromisoformat(s["effective"]) <= day:
                        state = s
                anchor = date.fromisoformat(state["anchor"]) if state["anchor"] else None
                pattern = WorkPattern.parse(
                    state["pattern"] or "Mo Tu We Th Fr",
                    anchor=anchor,
                    works_holidays=state["works_holidays"] == "yes",
                )
                presence += float(state["fraction"].rstrip(" %")) / 100
                worked = calendar.is_working_day(day, pattern)
                for (d, _), amount in booked.items():
                    if d == day and worked:
                        taken += amount
            entitlement = round(presence / 365 * 100 * 2) / 2
            del entitlement, taken
            counted.append(1)

    wall, cpu = _timed(run)
    del agreement
    return {"wall": wall, "cpu": cpu, "rss": _rss_mb(), "employees": len(counted)}


def child(args: argparse.Namespace) -> None:
    folder = Path(args.folder)
    if args.child == "floor":
        result = measure_floor(folder)
    elif args.child == "balances":
        result = measure_balances(folder)
    elif args.child == "absences":
        result = measure_balances(folder, absences=True)
    elif args.child == "cli":
        result = measure_cli(folder)
    else:
        result = measure_naive(folder, args.naive_sample)
    sys.stdout.write(json.dumps(result) + "\n")


# -- the parent: generate, measure, report -----------------------------------------------------


def _best(kind: str, folder: Path, naive_sample: int, repeat: int) -> dict[str, float] | None:
    """The run with the least CPU time out of ``repeat`` (peak memory: the largest)."""
    runs = [_run_child(kind, folder, naive_sample) for _ in range(repeat)]
    found = [r for r in runs if r is not None]
    if not found:
        return None
    best = min(found, key=lambda r: r.get("first_cpu", r.get("cpu", 0.0)))
    best["rss"] = max(r["rss"] for r in found)
    return best


def _run_child(kind: str, folder: Path, naive_sample: int) -> dict[str, float] | None:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--folder", str(folder),
         "--naive-sample", str(naive_sample)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        if kind == "cli" and "teleaccord.cli" in done.stderr:
            return None  # the command line is not part of this build
        sys.stderr.write(done.stderr)
        msg = f"the {kind} measurement failed (exit {done.returncode})"
        raise SystemExit(msg)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="employees, comma separated")
    parser.add_argument("--bookings", type=int, default=100, help="bookings a year per FTE")
    parser.add_argument(
        "--naive-sample", type=int, default=1000, help="employees the naive loop runs on"
    )
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each measurement; the fastest is kept"
    )
    parser.add_argument("--smoke", action="store_true", help="one tiny size (CI)")
    parser.add_argument(
        "--absences",
        action="store_true",
        help="also measure the job with an absences file, as a ratio to the job without",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    from sample_workforce import write_workforce

    sizes = [200] if args.smoke else [int(s) for s in args.sizes.split(",")]
    naive_sample = 20 if args.smoke else args.naive_sample
    print(f"Workforce balances, {args.bookings} bookings a year per FTE, ratios on CPU time")
    header = (
        f"{'employees':>9} {'rows':>10} {'floor s':>8} {'balances s':>10} {'x floor':>7} "
        f"{'steady s':>8} {'x floor':>7} {'cli s':>7} {'x floor':>7} {'naive s*':>9} "
        f"{'x floor':>7} {'MB floor':>8} {'MB bal.':>7}"
    )
    print(header)
    from run import record, row

    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="teleaccord-bench-") as tmp:
            folder = Path(tmp)
            counts = write_workforce(
                folder, size, seed=1000 + size, uptake=(0.85, 1.15), per_fte=args.bookings
            )
            rows = sum(counts.values())
            repeat = 1 if args.smoke else args.repeat
            floor = _best("floor", folder, naive_sample, repeat)
            bal = _best("balances", folder, naive_sample, repeat)
            cli = _best("cli", folder, naive_sample, repeat)
            naive = _run_child("naive", folder, min(naive_sample, size))
            assert floor is not None
            assert bal is not None
            assert naive is not None
            naive_cpu = naive["cpu"] * size / max(1, naive["employees"])
            base = floor["cpu"]
            cli_text = (
                f"{cli['cpu']:7.2f} {cli['cpu'] / base:7.2f}" if cli else f"{'-':>7} {'-':>7}"
            )
            print(
                f"{size:9d} {rows:10d} {base:8.2f} {bal['first_cpu']:10.2f} "
                f"{bal['first_cpu'] / base:7.2f} {bal['steady_cpu']:8.2f} "
                f"{bal['steady_cpu'] / base:7.2f} {cli_text} {naive_cpu:9.1f} "
                f"{naive_cpu / base:7.1f} {floor['rss']:8.0f} {bal['rss']:7.0f}"
            )
            record(
                "balances",
                [
                    row(f"balances, {size} employees", bal["first_cpu"], base,
                        baseline_name="CSV floor", max_ratio=1.0),
                    row(f"balances steady, {size} employees", bal["steady_cpu"], base,
                        baseline_name="CSV floor"),
                    row(f"balances peak memory, {size} employees", bal["rss"], floor["rss"],
                        unit="MB", baseline_name="floor's", max_value=300 if size >= 100_000 else None),
                ],
            )  # fmt: skip
            if args.absences or args.smoke:
                written = write_absences(folder)
                absent = _best("absences", folder, naive_sample, repeat)
                assert absent is not None
                print(
                    f"{'':9} with {written} absences: balances {absent['first_cpu']:.2f} s "
                    f"(x{absent['first_cpu'] / bal['first_cpu']:.3f} the job without), steady "
                    f"{absent['steady_cpu']:.2f} s (x{absent['steady_cpu'] / bal['steady_cpu']:.3f}), "
                    f"{absent['rss']:.0f} MB"
                )
            print(
                f"{'':9} wall: floor {floor['wall']:.2f} s, balances {bal['first_wall']:.2f} s "
                f"(steady {bal['steady_wall']:.2f} s); {int(bal['balances'])} balances, "
                f"{int(bal['problems'])} problems; a floor parsing dates but not timestamps "
                f"takes {floor['dates_cpu']:.2f} s (balances x{bal['first_cpu'] / floor['dates_cpu']:.2f})"
            )
    print(
        f"* naive: measured on the first {naive_sample} employees of each size and "
        "extrapolated linearly."
    )


if __name__ == "__main__":
    main()
