"""The calls an HRIS makes, each against a baseline measured in the same run (#18).

One table: each measure, its baseline, the ratio, the goal, and whether the goal is met. Every
figure is the best of ``--repeat`` timings of a loop of calls, in CPU time of this process
(``time.process_time``: steadier than wall time on a shared machine), per call:

- ``count_working_days`` on a one-year range (steady state, tables built), given a
  ``DateRange`` or a pair of plain dates, and ``worked_amount`` on a pair, against a bare
  pure-Python prefix-sum table (``table[end] - table[start - 1]`` on a list indexed by day of
  year, both indices from the dates' ordinals). Goal: ≤ 3×. Building a ``DateRange`` from the
  dates first is shown too, without a goal.
- ``QuotaLedger.book()`` of one day on a ledger holding a grant and a few bookings (each call on
  a fresh copy of that ledger, sharing its agreement, contract and calendar as the ledgers of
  one employer do; the copy's cost is measured and subtracted). Goal: ≤ 20 µs; the baseline
  is the construction of the ``Booking`` value alone.
- submit + approve of a one-day request through ``RequestWorkflow``. Goal: ≤ 60 µs; baseline
  as for ``book()``.
- ``balance(as_of=...)`` on a ledger of 1 000 entries. Goal: ≤ 50 µs; baseline: summing the
  1 000 entries' amounts in a loop.
- ``QuotaLedger.from_jsonl`` of 10 000 entries against ``json.loads`` of every line. Goal: ≤ 2×.
- ``entitlement()`` repeated for the same (agreement, contract, period). Goal: ≤ 5 µs; baseline
  a dict look-up of that triple keyed on the identities of the agreement and the contract (the
  cheapest memo). The first call, computed, is shown without a goal.

The calendar and entitlement figures are the best of interleaved repeats.

Goals in µs are absolute (the issue's figures); the baseline column shows what the same machine
does at the same moment, so a reader can tell a slow machine from a slow call.

    python benchmarks/calls.py            # about a minute
    python benchmarks/calls.py --smoke    # a few seconds, for CI (figures not asserted)
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import json
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

from run import record, row

from teleaccord import (
    Agreement,
    Booking,
    Calendar,
    Contract,
    DateRange,
    OperationRefused,
    Organisation,
    Quota,
    QuotaLedger,
    RequestWorkflow,
    TeleworkRequest,
    entitlement,
    load_sample_agreement,
    year_range,
)

AT = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
YEAR = year_range(2025)


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector off while timing, as ``timeit`` does: a collection would
    walk every object alive (here the prepared copies of a ledger) and charge it to the call
    it happens to interrupt."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def best(fn: Callable[[], Any], calls: int, repeat: int) -> float:
    """The best time per call (seconds) of ``calls`` calls, over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        with no_gc():
            start = time.process_time()
            for _ in range(calls):
                fn()
            times.append((time.process_time() - start) / calls)
    return min(times)


def per_call(make: Callable[[], Any], use: Callable[[Any], Any], calls: int, repeat: int) -> float:
    """The best time per ``use(x)`` call where each call needs a fresh ``x = make()``,
    made before the clock starts."""
    times = []
    for _ in range(repeat):
        prepared = [make() for _ in range(calls)]
        with no_gc():
            start = time.process_time()
            for item in prepared:
                use(item)
            times.append((time.process_time() - start) / calls)
    return min(times)


def best_cpu(fn: Callable[[], Any], calls: int, repeat: int) -> float:
    """As :func:`best`, on the CPU time of this process (steadier on a shared machine)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(calls):
            fn()
        times.append((time.process_time() - start) / calls)
    return min(times)


def working_days(calls: int, repeat: int) -> list[tuple[str, float, float, float]]:
    calendar = Calendar(country="FR")
    start, end = YEAR.start, YEAR.end
    flags = [calendar.is_working_day(start + timedelta(n)) for n in range(365)]
    table = [0]
    for flag in flags:
        table.append(table[-1] + flag)
    base_ordinal = start.toordinal() - 1

    def prefix() -> int:  # table[end] - table[start - 1], both ends from the dates
        return table[end.toordinal() - base_ordinal] - table[start.toordinal() - base_ordinal - 1]

    pair = (start, end)
    june = DateRange(date(2025, 6, 1), date(2026, 5, 31))  # a reference period over two years
    calendar.count_working_days(june)
    plain = date(2025, 1, 1), date(2025, 12, 31)
    expected = prefix()
    assert calendar.count_working_days(YEAR) == expected  # also builds the year's table
    assert calendar.count_working_days(pair) == expected
    assert calendar.worked_amount(pair) == expected
    # Interleaved repeats, so that a burst of load on the shared machine hits all alike.
    kinds = ("base", "range", "pair", "amount", "june", "build")
    found: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(repeat):
        found["base"].append(best_cpu(prefix, calls, 1))
        found["range"].append(best_cpu(lambda: calendar.count_working_days(YEAR), calls, 1))
        found["pair"].append(best_cpu(lambda: calendar.count_working_days(pair), calls, 1))
        found["amount"].append(best_cpu(lambda: calendar.worked_amount(pair), calls, 1))
        found["june"].append(best_cpu(lambda: calendar.count_working_days(june), calls, 1))
        found["build"].append(
            best_cpu(lambda: calendar.count_working_days(DateRange(*plain)), calls // 10, 1)
        )
    base = min(found["base"])
    return [
        ("count_working_days(DateRange), 1 year", min(found["range"]), base, 3.0),
        ("count_working_days((start, end)), 1 year", min(found["pair"]), base, 3.0),
        ("worked_amount((start, end)), 1 year", min(found["amount"]), base, 3.0),
        ("count_working_days, June to May", min(found["june"]), base, 3.0),
        ("same, DateRange built per call (no goal)", min(found["build"]), base, 0.0),
    ]


def _ledger(agreement: Agreement, bookings: int) -> QuotaLedger:
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar(country="FR"))
    ledger.grant(YEAR, at=AT, by="hr")
    day = date(2025, 1, 6)
    while len(ledger.entries) <= bookings:
        if ledger.calendar.is_working_day(day):
            with contextlib.suppress(OperationRefused):  # a weekly maximum: the next day
                ledger.book(day, at=AT, by="E1")
        day += timedelta(1)
        if day > YEAR.end:
            break
    return ledger


def fresh_copy(ledger: QuotaLedger) -> QuotaLedger:
    """A copy of ``ledger``'s entries and state that shares its agreement, contract and
    calendar, as the ledgers of one employer do (a deep copy of those would also copy the
    caches keyed on them, and measure a first call that an HRIS makes once)."""
    shared = (ledger.history or ledger.agreement, ledger.contract, ledger.calendar)
    return copy.deepcopy(ledger, {id(x): x for x in shared})


def booking(calls: int, repeat: int) -> list[tuple[str, float, float, float]]:
    agreement = load_sample_agreement("assistance-100-days")
    template = _ledger(agreement, 5)
    target = date(2025, 6, 3)

    ours = per_call(
        lambda: fresh_copy(template),
        lambda ledger: ledger.book(target, at=AT, by="E1"),
        calls,
        repeat,
    )
    base = best(
        lambda: Booking(entry_id="E1:b", day=target, recorded_at=AT, by="E1"), calls, repeat
    )
    rows = [("QuotaLedger.book()", ours, base, 20e-6)]

    organisation = Organisation(managers={"E1": "M1"})

    def workflow() -> tuple[RequestWorkflow, TeleworkRequest]:
        ledger = fresh_copy(template)
        flow = RequestWorkflow(agreement=agreement, ledgers=[ledger], organisation=organisation)
        return flow, TeleworkRequest(id="R1", employee="E1", days=target)

    def submit_approve(pair: tuple[RequestWorkflow, TeleworkRequest]) -> None:
        flow, request = pair
        request = flow.submit(request, by="E1", at=AT)
        flow.approve(request, by="M1", at=AT)

    ours = per_call(workflow, submit_approve, max(1, calls // 2), repeat)
    rows.append(("submit + approve one request", ours, base, 60e-6))
    return rows


def balances(calls: int, repeat: int, entries: int) -> list[tuple[str, float, float, float]]:
    agreement = Agreement(name="open", quotas=[Quota(window="period", maximum=400)])
    ledger = _ledger(agreement, 0)
    days = list(ledger.calendar.working_days(YEAR))
    n = 0
    while len(ledger.entries) < entries:  # bookings and cancellations, all the year's days
        booked = ledger.book(days[n % len(days)], at=AT, by="E1")
        if len(ledger.entries) < entries and n < 2 * len(days):
            ledger.cancel(booked.entry_id, at=AT, by="E1")
        n += 1
    as_of = date(2025, 11, 30)
    amounts = [getattr(e, "amount", 1) for e in ledger.entries]
    ours = best(lambda: ledger.balance(YEAR, as_of=as_of), calls, repeat)
    base = best(lambda: sum(amounts), calls, repeat)
    size = len(ledger.entries)
    return [(f"balance(as_of=...) on {size} entries", ours, base, 50e-6)]


def jsonl(repeat: int, entries: int) -> list[tuple[str, float, float, float]]:
    agreement = Agreement(name="open", quotas=[Quota(window="period", maximum=entries + 10)])
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    ledger.grant(YEAR, at=AT, by="hr")
    days = list(Calendar().working_days(YEAR))
    n = 0
    while len(ledger.entries) < entries:
        booked = ledger.book(days[n % len(days)], at=AT, by="E1")
        ledger.cancel(booked.entry_id, at=AT, by="E1")
        n += 1
    text = ledger.to_jsonl()

    def load() -> None:
        QuotaLedger.from_jsonl(text, agreement=agreement, contract=contract, calendar=Calendar())

    def floor() -> None:
        for line in text.split("\n"):
            if line:
                json.loads(line)

    ours, base = best(load, 1, repeat), best(floor, 1, repeat)
    return [(f"from_jsonl, {len(ledger.entries)} entries", ours, base, 2.0)]


def entitlements(calls: int, repeat: int) -> list[tuple[str, float, float, float]]:
    agreement = load_sample_agreement("assistance-100-days")
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1), fraction="80 %")
    calendar = Calendar(country="FR")
    first = entitlement(agreement, contract, YEAR, calendar=calendar)
    # The baseline: the cheapest memo there is, a dict keyed on the objects' identities
    # (hashing the Agreement itself costs several µs).
    table = {(id(agreement), id(contract), YEAR): first}
    period = year_range(2025)  # an equal period, another object: as callers build them
    ours = best_cpu(
        lambda: entitlement(agreement, contract, period, calendar=calendar), calls, repeat
    )
    base = best_cpu(lambda: table[(id(agreement), id(contract), period)], calls, repeat)
    other = Contract.from_amendments(employee="E2", hired=date(2020, 1, 1))
    fresh = best_cpu(lambda: entitlement(agreement, other, YEAR, calendar=calendar), 1, 1)
    return [
        ("entitlement(), repeated", ours, base, 5e-6),
        ("entitlement(), first call (no goal)", fresh, base, 0.0),
    ]


def show(rows: list[tuple[str, float, float, float]]) -> None:
    print(f"{'measure':42} {'per call':>11} {'baseline':>11} {'ratio':>8} {'goal':>10}  met")
    for name, ours, base, goal in rows:
        ratio = ours / base if base else float("inf")
        if goal == 0:  # shown for context, no goal
            goal_text, met = "-", None
        elif goal < 1:  # an absolute goal, in seconds
            goal_text, met = f"≤ {goal * 1e6:.0f} µs", ours <= goal
        else:
            goal_text, met = f"≤ {goal:.1f}×", ratio <= goal
        print(
            f"{name:42} {ours * 1e6:9.2f} µs {base * 1e6:9.2f} µs {ratio:7.1f}× {goal_text:>10}"
            f"  {'-' if met is None else 'yes' if met else 'no'}"
        )
    record(
        "calls",
        [
            row(name, ours, base, unit="s", max_ratio=goal if goal >= 1 else None,
                max_value=goal if 0 < goal < 1 else None)
            for name, ours, base, goal in rows
        ],
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    calls, repeat = (50, 1) if args.smoke else (2000, args.repeat)
    rows = working_days(calls * 10, repeat)
    rows += booking(max(5, calls // 10), repeat)
    rows += balances(max(5, calls // 10), repeat, 100 if args.smoke else 1000)
    rows += jsonl(repeat, 500 if args.smoke else 10_000)
    rows += entitlements(calls, repeat)
    show(rows)


if __name__ == "__main__":
    main()
