"""The reference service (examples/service/app.py) through FastAPI's test client."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra (fastapi) is not installed")
pytest.importorskip(
    "httpx", reason="the service extra (httpx, for the test client) is not installed"
)

from fastapi.testclient import TestClient

from teleaccord import Agreement, Contract, Organisation, Quota
from teleaccord.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
AT = "2025-01-06T09:00:00+01:00"


def load_service() -> ModuleType:
    """examples/service/app.py as a module (the examples are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("service_app", ROOT / "examples/service/app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["service_app"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = SQLiteStore(tmp_path / "ledgers.db")
    contracts = {
        e: Contract.from_amendments(employee=e, hired=date(2020, 1, 1)) for e in ("ana", "bob")
    }
    app = load_service().create_app(
        store,
        agreement=Agreement(name="three days", quotas=[Quota(window="period", maximum=3)]),
        contracts=contracts,
        organisation=Organisation(managers={"ana": "max", "bob": "max"}),
    )
    with TestClient(app) as test_client:
        yield test_client
    store.close()


def book(client: TestClient, day: str, **more: Any) -> Any:
    return client.post("/employees/ana/bookings", json={"day": day, "by": "ana", "at": AT, **more})


def test_the_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/employees/{employee}/entitlement",
        "/employees/{employee}/balance",
        "/employees/{employee}/bookings",
        "/requests",
        "/requests/{request_id}",
        "/requests/{request_id}/{action}",
    } <= set(paths)


def test_entitlement_and_balance(client: TestClient) -> None:
    figure = client.get("/employees/ana/entitlement", params={"day": "2025-03-04"}).json()
    assert (figure["exact"], figure["rounded"]) == ("3", "3")
    assert book(client, "2025-03-04").status_code == 201
    balance = client.get("/employees/ana/balance", params={"day": "2025-06-01"}).json()
    # granted when first needed (version 1), then the booking (version 2): 3 - 1 = 2 left.
    assert (balance["version"], balance["granted"], balance["booked"], balance["remaining"]) == (
        2,
        "3",
        "1",
        "2",
    )


def test_a_retry_returns_the_first_booking(client: TestClient) -> None:
    first = book(client, "2025-03-04", entry_id="B1", note="first")
    assert first.status_code == 201
    again = client.post(
        "/employees/ana/bookings",
        json={
            "day": "2025-03-04",
            "by": "ana",
            "at": "2025-01-06T10:00:00+01:00",
            "entry_id": "B1",
            "note": "first",
        },
    )
    assert again.status_code == 200
    assert again.json()["booking"] == first.json()["booking"]
    assert again.json()["booking"]["recorded_at"] == "2025-01-06T09:00:00+01:00"


def test_errors_map_to_http_statuses(client: TestClient) -> None:
    assert book(client, "2025-03-04").status_code == 201
    stale = book(client, "2025-03-05", expected_version=1)
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["params"] == {"expected": 1, "actual": 2}
    holiday = book(client, "2025-05-01")
    assert holiday.status_code == 409
    assert [v["code"] for v in holiday.json()["violations"]] == ["holiday"]
    assert book(client, "2025-03-05").status_code == 201
    assert book(client, "2025-03-06").status_code == 201
    over = book(client, "2025-03-07")
    assert over.status_code == 409
    violation = over.json()["violations"][0]
    assert violation["code"] == "period_quota_exceeded"
    assert (violation["params"]["remaining_before"], violation["params"]["remaining_after"]) == (
        "0",
        "-1",
    )
    assert book(client, "2025-03-10", half="noon").status_code == 422
    unknown = client.post(
        "/employees/zoe/bookings", json={"day": "2025-03-04", "by": "zoe", "at": AT}
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_employee")
    naive = book(client, "2025-03-11", at="2025-01-06T09:00:00")
    assert (naive.status_code, naive.json()["code"]) == (422, "naive_datetime")


def test_the_request_workflow(client: TestClient) -> None:
    body = {"id": "R1", "employee": "ana", "days": ["2025-03-04"], "by": "ana", "at": AT}
    submitted = client.post("/requests", json=body)
    assert submitted.status_code == 201
    assert submitted.json()["state"] == "submitted"
    own = client.post("/requests/R1/approve", json={"by": "ana", "at": AT})
    assert own.status_code == 403
    approved = client.post("/requests/R1/approve", json={"by": "max", "at": AT})
    assert approved.json()["state"] == "approved"
    assert (
        client.get("/employees/ana/balance", params={"day": "2025-03-04"}).json()["booked"] == "1"
    )
    revoked = client.post(
        "/requests/R1/revoke", json={"by": "max", "at": AT, "reason": "team event"}
    )
    assert revoked.json()["state"] == "revoked"
    balance = client.get("/employees/ana/balance", params={"day": "2025-03-04"}).json()
    assert (balance["booked"], balance["cancelled"], balance["remaining"]) == ("1", "1", "3")
    client.post("/requests", json={**body, "id": "R2", "days": ["2025-03-05"]})
    client.post("/requests/R2/approve", json={"by": "max", "at": AT})
    cancelled = client.post("/requests/R2/cancel", json={"by": "ana", "at": AT})
    assert cancelled.json()["state"] == "cancelled"
    client.post("/requests", json={**body, "id": "R3", "days": ["2025-03-06"]})
    rejected = client.post("/requests/R3/reject", json={"by": "max", "at": AT, "reason": "cover"})
    assert rejected.json()["state"] == "rejected"
    assert client.get("/requests/R3").json()["events"][-1]["reason"] == "cover"
    assert client.get("/requests/R404").status_code == 422
    assert client.post("/requests/R3/explode", json={"by": "max"}).status_code == 422


def test_the_service_serves_the_team_report_of_a_month(tmp_path: Path) -> None:
    pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")
    from teleaccord import CoverageRule, Teams, TeamSpec

    store = SQLiteStore(tmp_path / "ledgers.db")
    contracts = {
        e: Contract.from_amendments(employee=e, hired=date(2020, 1, 1), team="claims")
        for e in ("ana", "bob")
    }
    teams = Teams(teams=[TeamSpec(name="claims", rules=[CoverageRule(minimum=2)])])
    app = load_service().create_app(
        store,
        agreement=Agreement(name="ten days", quotas=[Quota(window="period", maximum=10)]),
        contracts=contracts,
        teams=teams,
    )
    with TestClient(app) as client:
        booked = client.post(
            "/employees/ana/bookings", json={"day": "2025-03-04", "by": "ana", "at": AT}
        )
        assert booked.status_code == 201
        page = client.get("/teams/claims/report", params={"month": "2025-03"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        html = page.text
        for name in ("ana", "bob", "claims"):
            assert name in html
        # Ana teleworks on 4 March: with a minimum of 2 on site, that day (only) is at risk.
        import re

        assert re.findall(r'data-day="([0-9-]+)" data-risk=', html) == ["2025-03-04"]
        assert client.get("/teams/nobody/report", params={"month": "2025-03"}).status_code == 422
        assert client.get("/teams/claims/report", params={"month": "March"}).status_code == 422
        french = client.get("/teams/claims/report", params={"month": "2025-03", "lang": "fr"})
        assert french.status_code == 200
        assert "mars" in french.text.lower()
    store.close()
