"""The team planner: CP-SAT against the greedy baseline, on teams of 20, 100 and 500 over a month.

Each team is synthetic and the same on every run (a seeded generator): a mix of full-time,
four-day and 24/7 rotating patterns, one lead in ten, a few days already booked (fixed), and
a wish per person (one to three preferred weekdays, one to three days a week, some dates
avoided, weights 1 or 2). The agreement allows 2 days a week, 90 a year, 3 in a row; the team
keeps half of those working on site (on every day of the year) and one lead per 50 members
on site each working day.

For each size, in the same run: the **greedy** plan (pure Python) and the **CP-SAT** plan
(``plan_telework(solver="cp-sat")``: one worker, a deterministic time budget, the greedy plan
as hint; its time includes building the instance, the greedy plan it starts from and the
independent check of the plan returned). Reported: CPU seconds, the objective, the wish points
met, the lowest satisfaction and the spread (highest minus lowest), and the ratios CP-SAT /
greedy. Ratios are the point: seconds depend on the machine.

    python benchmarks/planner.py                 # 20, 100 and 500 people
    python benchmarks/planner.py --sizes 20,100
    python benchmarks/planner.py --smoke         # 20 people, a short budget, for CI
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from teleaccord import (  # noqa: E402
    Agreement,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    Quota,
    QuotaLedger,
    TeamCoverage,
    TeamMember,
    Wish,
    WorkPattern,
    greedy_plan,
    plan_telework,
    year_range,
)

AT = datetime(2027, 2, 15, 9, tzinfo=timezone.utc)
MONTH = DateRange(date(2027, 3, 1), date(2027, 3, 31))
AGREEMENT = Agreement(
    name="bench",
    quotas=[Quota(window="week", maximum=2), Quota(window="period", maximum=90)],
    max_consecutive_days=3,
)
PATTERNS = (
    ("Mo Tu We Th Fr", 1),
    ("Mo Tu Th Fr", "4/5"),
    ("Mo Tu We Th / Tu We Th Fr / We Th Fr Sa / Th Fr Sa Su / Fr Sa Su / Mo Sa Su", 1),
)


def team_of(size: int, seed: int = 7) -> dict[str, Any]:
    """A synthetic team of ``size`` people: contracts, ledgers, wishes (the same every run)."""
    rng = random.Random(seed * 1000 + size)
    calendar = Calendar()
    members, ledgers, wishes = [], {}, []
    for n in range(size):
        employee = f"E{n:04d}"
        text, fraction = PATTERNS[rng.randrange(len(PATTERNS))]
        pattern = WorkPattern.parse(text, anchor=date(2027, 1, 4), works_holidays="Sa" in text)
        contract = Contract.from_amendments(
            employee=employee, hired=date(2020, 1, 1), fraction=fraction, pattern=pattern
        )
        ledger = QuotaLedger(agreement=AGREEMENT, contract=contract, calendar=calendar)
        ledger.grant(year_range(2027), at=AT, by="hr")
        if rng.random() < 0.1:
            for _ in range(2):
                day = MONTH.start + timedelta(days=rng.randrange(31))
                if not ledger.check(day, at=AT):
                    ledger.book(day, at=AT, by="hr")
        ledgers[employee] = ledger
        members.append(TeamMember(contract=contract, role="lead" if n % 10 == 0 else "agent"))
        avoid = [MONTH.start + timedelta(days=rng.randrange(31))] if rng.random() < 0.3 else []
        wishes.append(
            Wish(
                employee=employee,
                preferred=rng.sample(range(5), rng.randint(1, 3)),
                days_per_week=rng.randint(1, 3),
                avoid_dates=avoid,
                weight=rng.choice((1, 1, 2)),
            )
        )
    rules = [
        CoverageRule(share="1/2", every_day=True, label="half on site"),
        CoverageRule(minimum=max(1, size // 50), role="lead", label="leads on site"),
    ]
    team = TeamCoverage(team=f"team-{size}", members=members, rules=rules, calendar=calendar)
    return {"team": team, "ledgers": ledgers, "period": MONTH, "wishes": wishes, "at": AT}


def _cpu(fn: Any) -> tuple[Any, float]:
    start = time.process_time()
    value = fn()
    return value, time.process_time() - start


def _figures(plan: Any) -> dict[str, Any]:
    return {
        "status": plan.status,
        "objective": plan.objective,
        "points": plan.satisfied_points,
        "wished": sum(p.wished for p in plan.people),
        "lowest": float(plan.min_satisfaction),
        "spread": float(plan.spread),
        "days": len(plan.days),
    }


def measure(size: int, time_limit: float) -> dict[str, Any]:
    """Greedy and CP-SAT on the team of ``size``."""
    case = team_of(size)
    greedy, greedy_cpu = _cpu(lambda: greedy_plan(**case))
    row: dict[str, Any] = {"size": size, "greedy_cpu": greedy_cpu, "greedy": _figures(greedy)}
    if not greedy.feasible:  # the generator made a team whose fixed days break a rule
        print(f"  {size}: {greedy.conflicts[0].message}", file=sys.stderr)
    if importlib.util.find_spec("ortools") is None:
        row["cpsat"] = None
        return row
    cpsat, cpsat_cpu = _cpu(lambda: plan_telework(**case, solver="cp-sat", time_limit=time_limit))
    row.update(cpsat_cpu=cpsat_cpu, cpsat=_figures(cpsat), solver=cpsat.solver)
    assert cpsat.objective >= greedy.objective, "the planner is never worse than greedy"
    return row


def report(rows: list[dict[str, Any]], time_limit: float) -> str:
    lines = [
        f"Team planner, {MONTH} (a month), CP-SAT budget {time_limit:g} deterministic s, "
        "1 worker, CPU seconds:",
        "",
        "| people | greedy s | CP-SAT s | status | wish points greedy → CP-SAT (of wished) "
        "| lowest satisfaction | spread | objective ratio |",
        "|---:|---:|---:|---|---|---|---|---:|",
    ]
    for row in rows:
        g = row["greedy"]
        c = row.get("cpsat")
        if c is None:
            lines.append(
                f"| {row['size']} | {row['greedy_cpu']:.2f} | - | greedy only (no ortools) | "
                f"{g['points']} (of {g['wished']}) | {g['lowest']:.0%} | {g['spread']:.0%} | - |"
            )
            continue
        ratio = c["objective"] / g["objective"] if g["objective"] else float("nan")
        lines.append(
            f"| {row['size']} | {row['greedy_cpu']:.2f} | {row['cpsat_cpu']:.2f} | "
            f"{c['status']} | {g['points']} → {c['points']} (of {g['wished']}) | "
            f"{g['lowest']:.0%} → {c['lowest']:.0%} | {g['spread']:.0%} → {c['spread']:.0%} | "
            f"{ratio:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,500", help="team sizes (default 20,100,500)")
    parser.add_argument(
        "--time-limit", type=float, default=None, help="CP-SAT budget per size (default: 20)"
    )
    parser.add_argument("--smoke", action="store_true", help="20 people, 0.3 s budget (for CI)")
    args = parser.parse_args(argv)
    sizes = [20] if args.smoke else [int(s) for s in args.sizes.split(",")]
    limit = args.time_limit if args.time_limit is not None else (0.3 if args.smoke else 20.0)
    rows = []
    for size in sizes:
        rows.append(measure(size, limit))
        print(f"... {size} people: {rows[-1]}", file=sys.stderr, flush=True)
    print(report(rows, limit))
    from run import record, row

    found = []
    for item in rows:
        if item.get("cpsat") is not None:
            found.append(
                row(f"CP-SAT plan, {item['size']} people", item["cpsat_cpu"], item["greedy_cpu"],
                    baseline_name="greedy")
            )  # fmt: skip
    record("planner", found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
