"""A bounded load test of the reference service, on 127.0.0.1 only.

Starts the service (``app.py``, uvicorn) in a subprocess on a free local port over a fresh
SQLite store, then sends a bounded number of requests from a few client threads, each
request with a timeout, the whole run with a time limit:

- ``GET /health`` (a constant: the baseline of the same framework),
- ``GET /employees/{e}/balance`` (reads and replays a ledger),
- ``POST /employees/{e}/bookings`` (a ledger check and one durable transaction; SQLite
  ``synchronous=FULL``: one fsync per booking).

Prints throughput (requests per second) and latency percentiles (p50, p95, p99, in
milliseconds) per endpoint, and the ratio to the baseline, as JSON. Every request must
succeed (the bookings are on distinct days per employee).

    python examples/service/loadtest.py --requests 300 --clients 4
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
AT = "2025-01-06T09:00:00+01:00"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_service(
    store: Path, contracts: Path, port: int, timeout: float = 30
) -> Iterator[subprocess.Popen[bytes]]:
    """The service in a subprocess on 127.0.0.1:port, up when the block starts, killed at
    the end (SIGKILL if it does not stop)."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / "app.py"), "--store", str(store), "--contracts", str(contracts),
         "--agreement", "assistance-100-days", "--managers", "E1=M,E2=M,E3=M,E4=M",
         "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                msg = f"the service did not start (exit code {process.poll()})"
                raise RuntimeError(msg)
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def write_contracts(path: Path, employees: int) -> None:
    rows = [f"E{n},2020-01-06,,1,," for n in range(1, employees + 1)]
    path.write_text(
        "employee,hired,last_day,fraction,pattern,effective\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )


def working_days(count: int) -> list[date]:
    days, day = [], date(2025, 1, 7)
    holidays = {
        date(2025, 4, 21),
        date(2025, 5, 1),
        date(2025, 5, 8),
        date(2025, 5, 29),
        date(2025, 6, 9),
    }
    while len(days) < count:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_load(base: str, requests: int, clients: int, limit: float) -> dict[str, Any]:
    """``requests`` of each kind from ``clients`` threads; every answer must be a success."""
    employees = [f"E{n}" for n in range(1, clients + 1)]
    days = working_days(requests // clients + 1)
    results: dict[str, list[float]] = {"health": [], "balance": [], "book": []}
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + limit

    def client(index: int, kind: str) -> None:
        employee = employees[index]
        with httpx.Client(base_url=base, timeout=10) as http:
            for n in range(index, requests, clients):
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                if kind == "health":
                    answer = http.get("/health")
                elif kind == "balance":
                    answer = http.get(
                        f"/employees/{employee}/balance", params={"day": "2025-06-01"}
                    )
                else:
                    day = days[n // clients].isoformat()
                    answer = http.post(
                        f"/employees/{employee}/bookings",
                        json={"day": day, "by": employee, "at": AT},
                    )
                elapsed = time.perf_counter() - start
                with lock:
                    results[kind].append(elapsed)
                    if answer.status_code >= 300:
                        failures.append(f"{kind} {answer.status_code} {answer.text[:200]}")

    figures: dict[str, Any] = {}
    for kind in ("health", "book", "balance"):
        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i, kind)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        times = results[kind]
        figures[kind] = {
            "requests": len(times),
            "per_second": round(len(times) / wall, 1),
            "p50_ms": round(percentile(times, 0.50) * 1000, 2),
            "p95_ms": round(percentile(times, 0.95) * 1000, 2),
            "p99_ms": round(percentile(times, 0.99) * 1000, 2),
        }
    for kind in ("book", "balance"):
        figures[kind]["throughput_vs_baseline"] = round(
            figures[kind]["per_second"] / figures["health"]["per_second"], 3
        )
    figures["failures"] = failures
    figures["clients"] = clients
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind")
    parser.add_argument(
        "--clients", type=int, default=4, help="client threads (≤ 4 employees each booking)"
    )
    parser.add_argument("--time-limit", type=float, default=60, help="seconds, at most")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        contracts = Path(folder) / "contracts.csv"
        write_contracts(contracts, args.clients)
        port = free_port()
        with running_service(Path(folder) / "ledgers.db", contracts, port):
            figures = run_load(
                f"http://127.0.0.1:{port}", args.requests, args.clients, args.time_limit
            )
    print(json.dumps(figures, indent=2))
    return 1 if figures["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
