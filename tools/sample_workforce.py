"""Generate a realistic workforce as CSV files, deterministically (seeded random).

Run without arguments to rewrite the sample shipped in the package
(``src/teleaccord/data/workforce/``): a few hundred employees of a 24/7 assistance company
under the 100-days agreement::

    python tools/sample_workforce.py

``benchmarks/balances.py`` imports :func:`write_workforce` to build large synthetic
workforces of the same shape.

The mix: full-time staff (Monday to Friday), chosen part-time (80 % with Wednesday or Friday
off, 90 % with one afternoon off, 60 %, 50 %), 24/7 rotating shift cycles (2-2-3 over two
weeks, four on four off over eight weeks; they work public holidays), hires and leavers during
the year, amendments (a move to part-time and back, a team change, a move onto a shift cycle),
carers, and for each employee a year of telework bookings on days they work, some of them
half-days, a few cancelled, plus a handful of manual adjustments.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from teleaccord import Calendar, WorkPattern

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "src" / "teleaccord" / "data" / "workforce"
SAMPLE_YEAR = 2025
SAMPLE_SIZE = 240
SAMPLE_SEED = 20250101

PARIS = timezone(timedelta(hours=1))  # recorded_at offsets: winter time is enough for a sample

TEAMS = ("assistance-auto", "assistance-health", "assistance-travel", "claims", "support-it")
SITES = ("Lyon", "Paris", "Metz")


def _four_on_four_off() -> str:
    """Four days on, four off: an 8-day rhythm, so a cycle of 8 weeks (56 days)."""
    names = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
    weeks = []
    for w in range(8):
        days = [names[d] for d in range(7) if (w * 7 + d) % 8 < 4]
        weeks.append(" ".join(days))
    return " / ".join(weeks)


# (weight, fraction text, pattern text, is a 24/7 cycle)
KINDS: tuple[tuple[int, str, str, bool], ...] = (
    (44, "100 %", "", False),
    (10, "80 %", "Mo Tu Th Fr", False),
    (4, "80 %", "Mo Tu We Th", False),
    (3, "90 %", "Mo Tu We Th:am Fr", False),
    (3, "90 %", "Mo Tu We Th Fr:am", False),
    (2, "90 %", "Mo Tu:am We Th Fr", False),
    (3, "60 %", "Mo Tu Th", False),
    (3, "50 %", "Mo Tu We:am", False),
    (16, "100 %", "Mo Tu Fr Sa Su / We Th", True),  # 2-2-3, 12-hour shifts
    (12, "100 %", _four_on_four_off(), True),  # 4 on 4 off, 12-hour shifts
)


@dataclass
class State:
    """One contract state (a row of contracts.csv)."""

    effective: date | None
    fraction: str
    pattern: str
    anchor: date | None
    works_holidays: bool
    category: str
    team: str
    site: str
    statuses: str = ""


@dataclass
class Employee:
    ident: str
    hired: date
    last_day: date | None
    states: list[State] = field(default_factory=list)


def _choose_kind(rng: random.Random) -> tuple[str, str, bool]:
    total = sum(k[0] for k in KINDS)
    pick = rng.randrange(total)
    for weight, fraction, pattern, cycle in KINDS:
        if pick < weight:
            return fraction, pattern, cycle
        pick -= weight
    raise AssertionError  # pragma: no cover


def _state(rng: random.Random, year: int, effective: date | None) -> State:
    fraction, pattern, cycle = _choose_kind(rng)
    anchor = None
    if cycle:
        # Four shift teams, each starting the cycle on a different Monday.
        anchor = date(year - 1, 12, 30) + timedelta(weeks=rng.randrange(4))
    return State(
        effective=effective,
        fraction=fraction,
        pattern=pattern,
        anchor=anchor,
        works_holidays=cycle,
        category="assistance" if cycle or rng.random() < 0.6 else rng.choice(("claims", "it")),
        team=rng.choice(TEAMS[:3]) if cycle else rng.choice(TEAMS),
        site=rng.choice(SITES),
        statuses="carer" if rng.random() < 0.04 else "",
    )


def make_employees(size: int, year: int, seed: int) -> Iterator[Employee]:
    """The employees, in identifier order, each with their contract states."""
    rng = random.Random(seed)
    width = max(4, len(str(size)))
    start, end = date(year, 1, 1), date(year, 12, 31)
    for n in range(1, size + 1):
        roll = rng.random()
        hired = date(year - 1 - rng.randrange(15), 1, 1) + timedelta(days=rng.randrange(365))
        last_day = None
        if roll < 0.08:  # hired during the year
            hired = start + timedelta(days=rng.randrange(330))
        elif roll < 0.14:  # leaving during the year
            last_day = start + timedelta(days=30 + rng.randrange(320))
        elif roll < 0.16:  # hired and gone within the year (a fixed-term contract)
            hired = start + timedelta(days=rng.randrange(200))
            last_day = hired + timedelta(days=60 + rng.randrange(100))
        first = _state(rng, year, None)
        employee = Employee(f"E{n:0{width}d}", hired, last_day, [first])
        amend = rng.random()
        latest = min(last_day or end, end)
        if amend < 0.12 and (latest - max(hired, start)).days > 90:
            on = max(hired, start) + timedelta(
                days=30 + rng.randrange((latest - max(hired, start)).days - 60)
            )
            second = State(**{**first.__dict__, "effective": on})
            if amend < 0.05 and first.fraction == "100 %" and not first.works_holidays:
                second.fraction, second.pattern = "80 %", "Mo Tu Th Fr"  # chosen part-time
            elif amend < 0.07 and first.fraction != "100 %" and not first.works_holidays:
                second.fraction, second.pattern = "100 %", ""  # back to full time
            elif amend < 0.09 and not first.works_holidays:
                moved = _state(rng, year, on)
                while not moved.works_holidays:
                    moved = _state(rng, year, on)
                second = moved  # onto a shift cycle
            else:
                second.team = rng.choice([t for t in TEAMS if t != first.team])  # team change
            employee.states.append(second)
        yield employee


def _worked_days(
    calendar: Calendar,
    pattern: WorkPattern,
    year: int,
    cache: dict[WorkPattern, list[tuple[date, int]]],
) -> list[tuple[date, int]]:
    found = cache.get(pattern)
    if found is None:
        found = []
        day = date(year, 1, 1)
        while day.year == year:
            mask = calendar.worked_mask(day, pattern)
            if mask:
                found.append((day, mask))
            day += timedelta(days=1)
        cache[pattern] = found
    return found


def _pattern(state: State) -> WorkPattern:
    text = state.pattern or "Mo Tu We Th Fr"
    return WorkPattern.parse(text, anchor=state.anchor, works_holidays=state.works_holidays)


def _fraction(text: str) -> float:
    return float(text.rstrip(" %")) / 100


def write_workforce(
    folder: Path,
    size: int,
    *,
    year: int = SAMPLE_YEAR,
    seed: int = SAMPLE_SEED,
    uptake: tuple[float, float] = (0.55, 1.0),
    per_fte: int = 100,
    recorded_at: bool = True,
    adjustments: int | None = None,
) -> dict[str, int]:
    """Write contracts.csv, bookings.csv and adjustments.csv into ``folder``; return the row
    counts. Bookings fall on days the employee works: ``per_fte`` days a year for a full-time
    equivalent present all year, times a random uptake."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    calendar = Calendar()
    cache: dict[WorkPattern, list[tuple[date, int]]] = {}
    counts = {"contracts": 0, "bookings": 0, "adjustments": 0}
    start, end = date(year, 1, 1), date(year, 12, 31)
    n_adjust = max(3, size // 40) if adjustments is None else adjustments
    adjust_ids = set(rng.sample(range(1, size + 1), min(n_adjust, size)))
    with (
        open(folder / "contracts.csv", "w", newline="", encoding="utf-8") as cf,
        open(folder / "bookings.csv", "w", newline="", encoding="utf-8") as bf,
        open(folder / "adjustments.csv", "w", newline="", encoding="utf-8") as af,
    ):
        cw = csv.writer(cf, lineterminator="\n")
        bw = csv.writer(bf, lineterminator="\n")
        aw = csv.writer(af, lineterminator="\n")
        cw.writerow(
            [
                "employee",
                "effective",
                "hired",
                "last_day",
                "fraction",
                "pattern",
                "anchor",
                "works_holidays",
                "category",
                "team",
                "site",
                "statuses",
            ]
        )
        bw.writerow(
            ["employee", "date", "half", "status", "id"] + (["recorded_at"] if recorded_at else [])
        )
        aw.writerow(["employee", "period", "amount", "reason", "by"])
        booking_no = 0
        for n, emp in enumerate(make_employees(size, year, seed), start=1):
            for i, st in enumerate(emp.states):
                cw.writerow(
                    [
                        emp.ident,
                        st.effective.isoformat() if st.effective else "",
                        emp.hired.isoformat() if i == 0 else "",
                        emp.last_day.isoformat() if emp.last_day and i == 0 else "",
                        st.fraction,
                        # An amendment gives its whole pattern: a blank cell would keep the old one.
                        st.pattern or ("Mo Tu We Th Fr" if i else ""),
                        st.anchor.isoformat() if st.anchor else "",
                        "yes" if st.works_holidays else ("no" if i else ""),
                        st.category,
                        st.team,
                        st.site,
                        st.statuses,
                    ]
                )
                counts["contracts"] += 1
            # The days this employee can telework, state by state.
            candidates: list[tuple[date, int]] = []
            share = 0.0
            for i, st in enumerate(emp.states):
                s = max(st.effective or emp.hired, emp.hired, start)
                nxt = emp.states[i + 1].effective if i + 1 < len(emp.states) else None
                e = min(emp.last_day or end, end, (nxt - timedelta(days=1)) if nxt else end)
                if s > e:
                    continue
                share += _fraction(st.fraction) * ((e - s).days + 1) / ((end - start).days + 1)
                candidates.extend(
                    (d, m)
                    for d, m in _worked_days(calendar, _pattern(st), year, cache)
                    if s <= d <= e
                )
            budget = int(per_fte * share * rng.uniform(*uptake))
            picked = sorted(rng.sample(candidates, min(budget, len(candidates))))
            for day, mask in picked:
                booking_no += 1
                half = ""
                if mask != 3:
                    half = "am" if mask == 1 else "pm"
                elif rng.random() < 0.06:
                    half = rng.choice(("am", "pm"))
                ident = f"B{booking_no}"
                row = [emp.ident, day.isoformat(), half, "booked", ident]
                made = datetime.combine(
                    day - timedelta(days=1 + rng.randrange(20)),
                    time(8 + rng.randrange(10), rng.randrange(60)),
                    tzinfo=PARIS,
                )
                if recorded_at:
                    row.append(made.isoformat())
                bw.writerow(row)
                counts["bookings"] += 1
                if rng.random() < 0.03:  # cancelled later
                    cancel = [emp.ident, day.isoformat(), half, "cancelled", ident]
                    if recorded_at:
                        cancel.append((made + timedelta(hours=5)).isoformat())
                    bw.writerow(cancel)
                    counts["bookings"] += 1
            if n in adjust_ids:
                amount, reason = rng.choice(
                    (
                        ("2", "days returned: telework booked during a sick leave"),
                        ("-1", "correction: a day taken on site was recorded as telework"),
                        ("0.5", "half-day returned after a system outage"),
                        ("-1.5", "correction of a double entry"),
                    )
                )
                aw.writerow([emp.ident, str(year), amount, reason, "hr.martin"])
                counts["adjustments"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR)
    parser.add_argument("--size", type=int, default=SAMPLE_SIZE)
    parser.add_argument("--year", type=int, default=SAMPLE_YEAR)
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED)
    args = parser.parse_args()
    counts = write_workforce(args.out, args.size, year=args.year, seed=args.seed, recorded_at=False)
    (args.out / "workforce.toml").write_text(
        "# The sample workforce shipped with teleaccord: `teleaccord balances` runs on it.\n"
        "# Generated by tools/sample_workforce.py (seeded, deterministic); do not edit by hand.\n"
        f"year = {args.year}\n"
        'agreement = "assistance-100-days"\n'
        'country = "FR"\n'
        f"seed = {args.seed}\n"
        'description = """\\\n'
        f"{args.size} employees of a 24/7 assistance company under its 100-days telework "
        "accord: full time, chosen part-time (80 % with Wednesday or Friday off, 90 % with "
        "one afternoon off, 60 %, 50 %), 24/7 rotating shift cycles (2-2-3, four on four off) "
        "that work public holidays, hires and leavers during the year, amendments, a year of "
        'bookings with half-days and cancellations, and a few manual adjustments."""\n',
        encoding="utf-8",
    )
    total = sum((args.out / f"{name}.csv").stat().st_size for name in counts)
    sys.stdout.write(f"wrote {counts} into {args.out} ({total / 1024:.0f} KiB)\n")


if __name__ == "__main__":
    main()
