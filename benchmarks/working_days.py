"""Fast working-day counts against a day-by-day loop, measured in the same run.

The baseline asks ``Calendar.is_working_day`` for every day of the range (the holidays of each
year are cached on the calendar, so the loop is not slowed by reading them again). The fast path
is ``Calendar.count_working_days``, which builds a cumulative table per (pattern, year) the first
time and then counts with two look-ups per year.

Two figures per case, reported separately:

- first call: on a fresh ``Calendar``, so the table build is included (and the loop reads the
  holidays of the year on its first day as well);
- steady state: the same calendar again, tables built.

Each figure is the best (minimum) of several repeats, timed with ``time.perf_counter``. The goal
of the foundation issue is at least 50x in steady state on one-year ranges.

Run ``python benchmarks/working_days.py`` (a few seconds) or ``--smoke`` (under a second; CI
checks only that it runs).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

from run import record, row

from teleaccord import Calendar, DateRange, WorkPattern

PATTERNS = {
    "full time": WorkPattern.full_time(),
    "80 % (We off)": WorkPattern.parse("Mo Tu Th Fr"),
    "90 % (Th pm off)": WorkPattern.parse("Mo Tu We Th:am Fr"),
    "24/7 2-week cycle": WorkPattern.parse(
        "Mo Tu / We Th Fr Sa Su", anchor=date(2024, 12, 30), works_holidays=True
    ),
}
RANGES = {
    "1 year": DateRange(date(2025, 1, 1), date(2025, 12, 31)),
    "1 year, mid-year": DateRange(date(2024, 7, 1), date(2025, 6, 30)),
    "5 years": DateRange(date(2021, 1, 1), date(2025, 12, 31)),
}


def fresh_calendar() -> Calendar:
    return Calendar(subdivision="57", closures=[date(2025, 12, 24), date(2023, 8, 14)])


def loop_count(calendar: Calendar, period: DateRange, pattern: WorkPattern) -> int:
    """The baseline: one question per day."""
    return sum(1 for day in period if calendar.is_working_day(day, pattern))


def best_of(repeat: int, number: int, run: Callable[[], object]) -> float:
    """The smallest time per call over ``repeat`` runs of ``number`` calls each."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            run()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def first_call(repeat: int, run: Callable[[Calendar], object]) -> float:
    """The smallest time of one call on a fresh calendar (construction not timed)."""
    times = []
    for _ in range(repeat):
        calendar = fresh_calendar()
        start = time.perf_counter()
        run(calendar)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="smallest size, one repeat")
    args = parser.parse_args()
    repeat, number = (1, 3) if args.smoke else (7, 200)
    patterns = dict(list(PATTERNS.items())[:1]) if args.smoke else PATTERNS
    ranges = dict(list(RANGES.items())[:1]) if args.smoke else RANGES

    # Read the holidays package once, so no figure includes its first import and parsing.
    fresh_calendar().count_working_days(DateRange(date(2020, 1, 1), date(2026, 12, 31)))

    print("Working days: day-by-day loop vs count_working_days (Moselle, 2 closures)")
    print(f"best of {repeat} repeats; steady state averages {number} calls per repeat\n")
    header = (
        f"{'range':<17} {'pattern':<18} {'days':>5} "
        f"{'loop first':>11} {'fast first':>11} {'ratio':>7} "
        f"{'loop steady':>12} {'fast steady':>12} {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    steady_one_year = []
    found_rows = []
    for range_name, period in ranges.items():
        for pattern_name, pattern in patterns.items():
            expected = loop_count(fresh_calendar(), period, pattern)
            calendar = fresh_calendar()
            assert calendar.count_working_days(period, pattern) == expected, (period, pattern)

            loop_first = first_call(repeat, lambda c, p=period, q=pattern: loop_count(c, p, q))
            fast_first = first_call(
                repeat, lambda c, p=period, q=pattern: c.count_working_days(p, q)
            )
            loop_steady = best_of(
                repeat,
                max(1, number // 50),
                lambda c=calendar, p=period, q=pattern: loop_count(c, p, q),
            )
            fast_steady = best_of(
                repeat, number, lambda c=calendar, p=period, q=pattern: c.count_working_days(p, q)
            )
            first_ratio = loop_first / fast_first
            steady_ratio = loop_steady / fast_steady
            if range_name.startswith("1 year"):
                steady_one_year.append(steady_ratio)
                found_rows.append(
                    row(
                        f"count_working_days steady, {range_name}, {pattern_name}",
                        fast_steady,
                        loop_steady,
                        baseline_name="day loop",
                        min_speedup=50,
                    )
                )
            print(
                f"{range_name:<17} {pattern_name:<18} {expected:>5} "
                f"{loop_first * 1e3:>9.3f}ms {fast_first * 1e3:>9.3f}ms {first_ratio:>6.1f}x "
                f"{loop_steady * 1e3:>10.3f}ms {fast_steady * 1e6:>10.2f}us {steady_ratio:>6.0f}x"
            )
    print(
        f"\nsteady state on one-year ranges: {min(steady_one_year):.0f}x to "
        f"{max(steady_one_year):.0f}x (median {statistics.median(steady_one_year):.0f}x); "
        "goal: at least 50x"
    )
    print("'days' is the number of working days counted (both methods agree).")
    record("working_days", found_rows)


if __name__ == "__main__":
    main()
