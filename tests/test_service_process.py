"""The reference service as a process on 127.0.0.1: a booking it accepted survives a SIGKILL
of the service, and a small bounded load run answers every request."""

from __future__ import annotations

import importlib.util
import signal
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("fastapi", reason="the service extra (fastapi) is not installed")
pytest.importorskip("uvicorn", reason="the service extra (uvicorn) is not installed")
httpx = pytest.importorskip("httpx", reason="the service extra (httpx) is not installed")

from teleaccord.store import SQLiteStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def load_loadtest() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "service_loadtest", ROOT / "examples/service/loadtest.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["service_loadtest"] = module
    spec.loader.exec_module(module)
    return module


def test_a_booking_accepted_by_the_service_survives_a_kill(tmp_path: Path) -> None:
    load = load_loadtest()
    contracts, store = tmp_path / "contracts.csv", tmp_path / "ledgers.db"
    load.write_contracts(contracts, 2)
    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    with load.running_service(store, contracts, port) as service:
        answer = httpx.post(
            f"{base}/employees/E1/bookings",
            json={"day": "2025-03-04", "by": "E1", "at": load.AT, "entry_id": "kept"},
            timeout=10,
        )
        assert answer.status_code == 201
        service.send_signal(signal.SIGKILL)
        service.wait(timeout=10)
        assert service.returncode == -signal.SIGKILL
    after = SQLiteStore(store)
    assert [(e.entry_id, e.day) for e in after.history("default", "E1")][-1] == (
        "kept",
        date(2025, 3, 4),
    )
    after.close()
    with load.running_service(store, contracts, port):
        balance = httpx.get(
            f"{base}/employees/E1/balance", params={"day": "2025-03-04"}, timeout=10
        )
        assert balance.json()["booked"] == "1"
        retry = httpx.post(
            f"{base}/employees/E1/bookings",
            json={"day": "2025-03-04", "by": "E1", "at": load.AT, "entry_id": "kept"},
            timeout=10,
        )
        assert retry.status_code == 200  # the retry finds the booking made before the kill


def test_a_bounded_load_run_answers_every_request(tmp_path: Path) -> None:
    load = load_loadtest()
    contracts = tmp_path / "contracts.csv"
    load.write_contracts(contracts, 2)
    port = load.free_port()
    with load.running_service(tmp_path / "ledgers.db", contracts, port):
        figures = load.run_load(f"http://127.0.0.1:{port}", requests=30, clients=2, limit=30)
    assert figures["failures"] == []
    for kind in ("health", "balance", "book"):
        assert figures[kind]["requests"] == 30
        assert 0 < figures[kind]["p50_ms"] <= figures[kind]["p95_ms"] <= figures[kind]["p99_ms"]
