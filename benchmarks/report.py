"""The team report: 200 people over 3 months, rendered as HTML against writing the same data as CSV.

A synthetic workforce (seeded): ``--people`` employees in teams of 50, full time, each team with
a coverage rule (half of those working on site) and an anchor weekday, and about two telework
days a week per person (some half-days). Measured once each, in this process:

- **figures**: :func:`teleaccord.team_report` (calendar cells, the coverage plan's days at risk,
  weekly figures, balances given);
- **html**: :func:`teleaccord.render_report` and writing the file (template, SVG charts, every
  cell with its hover text);
- **csv** (the baseline): writing the same data as CSV with :mod:`csv`: one row per person and
  day (team, employee, day, state), one per team and day (working, on site, at risk, share), one
  per balance.

The ratio html / csv is what the report costs over the plainest output of the same figures;
the seconds say whether it renders "in under a few seconds". CPU time (``time.process_time``).

    python benchmarks/report.py                 # 200 people x 3 months
    python benchmarks/report.py --people 400 --months 6
    python benchmarks/report.py --browser       # and headless Chromium loading the page
    python benchmarks/report.py --smoke         # 10 people x 1 month, for CI
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import subprocess
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

from teleaccord import (
    BalanceRow,
    Booking,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    QuotaLedger,
    TeamReport,
    Teams,
    TeamSpec,
    format_decimal,
    load_sample_agreement,
    render_report,
    team_report,
)

AT = datetime(2025, 1, 1, tzinfo=timezone.utc)


def workforce(people: int, period: DateRange, seed: int = 20250101) -> dict[str, Any]:
    """Contracts, ledgers, teams and balances of a synthetic workforce."""
    rng = random.Random(seed)
    agreement = load_sample_agreement("assistance-100-days")
    calendar = Calendar()
    team_count = max(1, people // 50)
    contracts = [
        Contract.from_amendments(
            employee=f"E{n:05d}", hired=date(2020, 1, 1), team=f"team-{n % team_count}"
        )
        for n in range(people)
    ]
    teams = Teams(
        teams=[
            TeamSpec(name=f"team-{t}", rules=[CoverageRule(share="1/2")], anchor_weekdays=[t % 5])
            for t in range(team_count)
        ]
    )
    ledgers = {}
    balances = []
    days = [d for d in period if d.weekday() < 5]
    for c in contracts:
        ledger = QuotaLedger(agreement=agreement, contract=c, calendar=calendar)
        taken = Fraction(0)
        for n, day in enumerate(d for d in days if rng.random() < 0.4):
            half = rng.choice((None, None, None, "am", "pm"))
            ledger.replay(Booking(entry_id=f"b{n}", day=day, half=half, recorded_at=AT, by="hr"))
            taken += 1 if half is None else Fraction(1, 2)
        ledgers[c.employee] = ledger
        balances.append(
            BalanceRow(
                employee=c.employee,
                period=DateRange(date(2025, 1, 1), date(2025, 12, 31)),
                label="2025",
                entitlement_exact=Fraction(100),
                entitlement=Fraction(100),
                booked=taken,
            )
        )
    return {
        "contracts": contracts,
        "ledgers": ledgers,
        "teams": teams,
        "balances": balances,
        "agreement": agreement,
        "calendar": calendar,
    }


def write_csv(report: TeamReport, folder: Path) -> None:
    """The baseline: the same figures as plain CSV files (2 decimals, as for people)."""
    with open(folder / "cells.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["team", "employee", "day", "state", "detail"])
        days = [d.isoformat() for d in report.period]
        for s in report.teams:
            for r in s.rows:
                for day, cell in zip(days, r.cells, strict=True):
                    out.writerow([s.team, r.employee, day, cell.state, cell.detail])
    with open(folder / "days.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["team", "day", "working", "on_site", "teleworking", "at_risk", "share"])
        for s in report.teams:
            for d in s.days:
                share = d.on_site_share
                out.writerow(
                    [
                        s.team,
                        d.day.isoformat(),
                        d.working,
                        d.on_site,
                        d.teleworking,
                        int(d.at_risk),
                        "" if share is None else format_decimal(share * 100),
                    ]
                )
    with open(folder / "balances.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["team", "employee", "entitlement", "taken", "remaining"])
        for s in report.teams:
            for b in s.balances:
                out.writerow(
                    [
                        s.team,
                        b.employee,
                        format_decimal(b.entitlement),
                        format_decimal(b.taken),
                        format_decimal(b.remaining),
                    ]
                )


def browser_time(folder: Path) -> tuple[float, float] | None:
    """Wall times of headless Chromium dumping the DOM of the report, and of a blank page (its
    start-up, the baseline)."""
    exe = shutil.which("chromium")
    if exe is None:
        print("  (chromium is not installed: no browser time)")
        return None
    blank = folder / "blank.html"
    blank.write_text("<!DOCTYPE html><title>-</title>", encoding="utf-8")
    times = []
    for page in (folder / "report.html", blank):
        start = time.perf_counter()
        subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu",
             f"--user-data-dir={folder / 'profile'}", "--dump-dom", page.as_uri()],
            capture_output=True,
            check=True,
            timeout=300,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
    return times[0], times[1]


def _cpu(fn: Any) -> tuple[float, Any]:
    start = time.process_time()
    value = fn()
    return time.process_time() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="10 people x 1 month, quickly")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also time headless chromium loading the page (--dump-dom), wall time",
    )
    args = parser.parse_args()
    people, months = (10, 1) if args.smoke else (args.people, args.months)
    start = date(2025, 1, 1)
    end_month = start.month + months
    end = date(start.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1) - timedelta(1)
    period = DateRange(start, end)
    data = workforce(people, period)
    t_figures, report = _cpu(
        lambda: team_report(
            data["contracts"],
            data["ledgers"],
            data["teams"],
            period,
            agreement=data["agreement"],
            calendar=data["calendar"],
            balances=data["balances"],
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def html() -> int:
            text = render_report(report)
            (folder / "report.html").write_text(text, encoding="utf-8")
            return len(text.encode("utf-8"))

        render_report(report)  # the template is compiled once per process: not counted
        t_html, size = _cpu(html)
        t_csv, _ = _cpu(lambda: write_csv(report, folder))
        csv_size = sum(p.stat().st_size for p in folder.glob("*.csv"))
        t_browser = browser_time(folder) if args.browser else None
    risk = sum(len(s.days_at_risk) for s in report.teams)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"team report: {people} people in {len(report.teams)} teams x {len(period)} days "
        f"({period}), {risk} team-days at risk"
    )
    print(f"  figures (team_report)   {t_figures:7.3f} s CPU")
    print(f"  html (render + write)   {t_html:7.3f} s CPU   {size / 1e6:6.2f} MB")
    print(f"  csv, same data          {t_csv:7.3f} s CPU   {csv_size / 1e6:6.2f} MB")
    print(f"  html / csv              {t_html / max(t_csv, 1e-9):7.1f} x")
    print(f"  (figures + html) / csv  {(t_figures + t_html) / max(t_csv, 1e-9):7.1f} x")
    print(f"  peak memory             {peak:7.0f} MB")
    from run import record, row

    record(
        "report",
        [
            row(f"HTML report, {people} people", t_html, t_csv, baseline_name="same data as CSV"),
            row(f"figures + HTML, {people} people", t_figures + t_html, t_csv,
                baseline_name="same data as CSV"),
        ],
    )  # fmt: skip
    if t_browser is not None:
        page, blank = t_browser
        print(f"  chromium --dump-dom     {page:7.3f} s wall; a blank page {blank:.3f} s")


if __name__ == "__main__":
    main()
