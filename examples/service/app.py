"""A reference HRIS service over a teleaccord store (FastAPI; the ``service`` extra).

Endpoints (``/docs`` shows the OpenAPI page, ``/openapi.json`` the schema):

- ``GET  /employees/{employee}/entitlement?day=YYYY-MM-DD``: the entitlement of the period;
- ``GET  /employees/{employee}/balance?day=YYYY-MM-DD``: the balance and the ledger version;
- ``POST /employees/{employee}/bookings``: book a day (``entry_id`` makes a retry safe,
  ``expected_version`` makes a stale client fail instead of overwriting);
- ``POST /requests`` (submit), ``GET /requests/{id}``, and
  ``POST /requests/{id}/{approve|reject|cancel|revoke}``: the request workflow;
- ``GET  /health``: a constant (the load test's baseline).

Errors map to HTTP: 403 :class:`~teleaccord.NotAllowed`; 409 :class:`~teleaccord.StaleVersion`
or :class:`~teleaccord.OperationRefused` (its code, and each violation with its code and
numbers); 422 :class:`~teleaccord.InvalidValue` and request bodies that do not validate.

Every write is *load, decide, append with the version read*: a booking is checked by the
employee's :class:`~teleaccord.QuotaLedger` and appended in one transaction; when another
writer got there first, the service decides again on the new state (a client that sent
``expected_version`` gets the 409 instead). The actor is the ``by`` field: authentication is
the integrator's job (put the service behind it).

Run it::

    python examples/service/app.py --store ledgers.db --contracts contracts.csv \\
        --agreement accord.toml --managers ana=max,bob=max --port 8000
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from typing import Any, Literal

from fastapi import Body, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from teleaccord import (
    Agreement,
    Calendar,
    Contract,
    InvalidValue,
    NotAllowed,
    OperationRefused,
    Organisation,
    QuotaLedger,
    RequestWorkflow,
    StaleVersion,
    Teams,
    TeamSpec,
    TeleaccordError,
    TeleworkRequest,
    entitlement,
    month_range,
    render_report,
    team_report,
)
from teleaccord.io.json import to_data
from teleaccord.store import LedgerStore, load_ledger, pending

RETRIES = 5
"""How many times a write is decided again after another writer got there first."""


class BookBody(BaseModel):
    """A booking to make."""

    day: date
    by: str = Field(min_length=1)
    half: Literal["am", "pm"] | None = None
    entry_id: str | None = Field(default=None, min_length=1)
    expected_version: int | None = Field(default=None, ge=0)
    note: str = ""
    at: datetime | None = None


class SubmitBody(BaseModel):
    """A telework request to submit."""

    id: str = Field(min_length=1)
    employee: str = Field(min_length=1)
    days: list[date] = Field(min_length=1)
    half: Literal["am", "pm"] | None = None
    note: str = ""
    by: str = Field(min_length=1)
    at: datetime | None = None


class ActBody(BaseModel):
    """A decision on a request."""

    by: str = Field(min_length=1)
    reason: str = ""
    at: datetime | None = None


def _now(at: datetime | None) -> datetime:
    return datetime.now(timezone.utc) if at is None else at


def _error(status: int, error: TeleaccordError) -> JSONResponse:
    body = error.to_dict()  # code, field, message, params (numbers as exact text)
    if isinstance(error, OperationRefused):
        body["violations"] = [v.to_dict() for v in error.violations]
    return JSONResponse(status_code=status, content=body)


def create_app(
    store: LedgerStore,
    *,
    agreement: Agreement,
    contracts: Mapping[str, Contract],
    calendar: Calendar | None = None,
    organisation: Organisation | None = None,
    tenant: str = "default",
    teams: Teams | None = None,
) -> FastAPI:
    """The service over ``store`` for the employees of ``contracts``; ``teams`` (default: one
    team per value of the contracts' ``team``, without coverage rules) for the team report."""
    calendar = calendar or Calendar()
    organisation = organisation or Organisation()
    app = FastAPI(title="teleaccord reference service", version="1")

    @app.exception_handler(NotAllowed)
    async def not_allowed(_: Request, error: NotAllowed) -> JSONResponse:
        return _error(403, error)

    @app.exception_handler(StaleVersion)
    async def stale(_: Request, error: StaleVersion) -> JSONResponse:
        return _error(409, error)

    @app.exception_handler(OperationRefused)
    async def refused(_: Request, error: OperationRefused) -> JSONResponse:
        return _error(409, error)

    @app.exception_handler(InvalidValue)
    async def invalid(_: Request, error: InvalidValue) -> JSONResponse:
        return _error(422, error)

    def contract_of(employee: str) -> Contract:
        try:
            return contracts[employee]
        except KeyError:
            msg = f"employee: {employee!r} is not an employee of this service."
            raise InvalidValue(msg, field="employee", code="unknown_employee") from None

    def ledger_of(employee: str) -> QuotaLedger:
        return load_ledger(
            store,
            tenant=tenant,
            agreement=agreement,
            contract=contract_of(employee),
            calendar=calendar,
        )

    def granted(ledger: QuotaLedger, days: list[date], at: datetime) -> None:
        """Grant the periods of ``days`` when first needed (idempotent: derived ids)."""
        if agreement.period_quota is None:
            return
        for period in sorted({ledger.period_of(d) for d in days}, key=lambda p: p.start):
            ledger.grant(period, at=at, by="system")

    def retrying(write: Callable[[], Any]) -> Any:
        for _ in range(RETRIES - 1):
            try:
                return write()
            except StaleVersion:
                continue
        return write()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/teams/{team}/report", response_class=HTMLResponse)
    def get_report(team: str, month: str, lang: str = "en") -> HTMLResponse:
        """The team report (the HTML file ``teleaccord report`` writes) for a month
        (``2025-03``), from the ledgers in the store."""
        try:
            year, number = (int(part) for part in month.split("-"))
            period = month_range(year, number)
        except (ValueError, TypeError):
            msg = f"month: expected a month as YYYY-MM, got {month!r}."
            raise InvalidValue(msg, field="month", code="invalid_date") from None
        known = teams
        if known is None:
            names = sorted(
                {
                    seg.team
                    for c in contracts.values()
                    for seg, _ in c.segments_in(period)
                    if seg.team
                }
            )
            known = Teams(teams=[TeamSpec(name=name) for name in names])
        spec = known.get(team)  # an unknown team: InvalidValue, 422
        members = [c for c in contracts.values() if spec.includes(c, period)]
        ledgers = {c.employee: ledger_of(c.employee) for c in members}
        figures = team_report(
            members,
            ledgers,
            known,
            period,
            agreement=agreement,
            calendar=calendar,
            only=[team],
        )
        return HTMLResponse(render_report(figures, lang=lang))

    @app.get("/employees/{employee}/entitlement")
    def get_entitlement(employee: str, day: date) -> dict[str, Any]:
        ledger = ledger_of(employee)
        figure = entitlement(agreement, ledger.contract, ledger.period_of(day), calendar)
        return figure.to_dict()

    @app.get("/employees/{employee}/balance")
    def get_balance(employee: str, day: date) -> dict[str, Any]:
        ledger = ledger_of(employee)
        return {"version": ledger.version, **ledger.balance(ledger.period_of(day)).to_dict()}

    @app.post("/employees/{employee}/bookings", status_code=201)
    def book(employee: str, body: BookBody) -> Any:
        def write() -> Any:
            ledger = ledger_of(employee)
            read = ledger.version
            if body.expected_version is not None and body.expected_version != read:
                msg = (
                    f"The ledger of {employee} is at version {read}, not "
                    f"{body.expected_version}: reload it and retry."
                )
                raise StaleVersion(msg, params={"expected": body.expected_version, "actual": read})
            at = _now(body.at)
            granted(ledger, [body.day], at)
            booking = ledger.book(
                body.day,
                half=body.half,
                at=at,
                by=body.by,
                entry_id=body.entry_id,
                note=body.note,
            )
            if booking.entry_id in {e.entry_id for e in ledger.entries[:read]}:
                # A retry: the booking already there, as first recorded.
                return JSONResponse(
                    status_code=200, content={"booking": to_data(booking), "version": read}
                )
            change = pending(ledger, read)
            done = store.append(tenant, employee, change.entries, expected_version=read)
            return {"booking": to_data(done.entries[-1]), "version": done.version}

        return write() if body.expected_version is not None else retrying(write)

    def move(request_id: str, action: str, body: ActBody) -> dict[str, Any]:
        def write() -> dict[str, Any]:
            request = store.record(tenant, TeleworkRequest, request_id)
            assert isinstance(request, TeleworkRequest)
            ledger = ledger_of(request.employee)
            read = ledger.version
            at = _now(body.at)
            granted(ledger, list(request.days), at)
            workflow = RequestWorkflow(
                agreement=agreement, calendar=calendar, organisation=organisation, ledgers=[ledger]
            )
            if action in ("reject", "revoke"):
                moved = getattr(workflow, action)(request, by=body.by, at=at, reason=body.reason)
            else:
                moved = getattr(workflow, action)(request, by=body.by, at=at)
            store.save_record(
                tenant,
                moved,
                expected_version=len(request.events),
                appends=[pending(ledger, read)],
            )
            return dict(to_data(moved))

        result: dict[str, Any] = retrying(write)
        return result

    @app.post("/requests", status_code=201)
    def submit(body: SubmitBody) -> dict[str, Any]:
        def write() -> dict[str, Any]:
            ledger = ledger_of(body.employee)
            read = ledger.version
            at = _now(body.at)
            granted(ledger, body.days, at)
            workflow = RequestWorkflow(
                agreement=agreement, calendar=calendar, organisation=organisation, ledgers=[ledger]
            )
            draft = TeleworkRequest(
                id=body.id, employee=body.employee, days=body.days, half=body.half, note=body.note
            )
            submitted = workflow.submit(draft, by=body.by, at=at)
            store.save_record(
                tenant, submitted, expected_version=0, appends=[pending(ledger, read)]
            )
            return dict(to_data(submitted))

        result: dict[str, Any] = retrying(write)
        return result

    @app.get("/requests/{request_id}")
    def get_request(request_id: str) -> dict[str, Any]:
        return dict(to_data(store.record(tenant, TeleworkRequest, request_id)))

    @app.post("/requests/{request_id}/{action}")
    def act(
        request_id: str,
        action: Literal["approve", "reject", "cancel", "revoke"],
        body: ActBody = Body(...),  # noqa: B008 - FastAPI's way
    ) -> dict[str, Any]:
        return move(request_id, action, body)

    return app


def main(argv: list[str] | None = None) -> None:
    """Run the service with uvicorn (``--help`` for the options)."""
    import uvicorn

    from teleaccord.cli.options import agreement_named
    from teleaccord.io.csv import read_contracts
    from teleaccord.store import open_store

    parser = argparse.ArgumentParser(description="The teleaccord reference service.")
    parser.add_argument("--store", required=True, help="a SQLite file or a postgresql:// URL")
    parser.add_argument("--contracts", required=True, help="the contracts CSV")
    parser.add_argument("--agreement", default="assistance-100-days")
    parser.add_argument("--managers", default="", help="employee=manager,... pairs")
    parser.add_argument("--tenant", default="default")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    managers = dict(pair.split("=", 1) for pair in args.managers.split(",") if pair)
    app = create_app(
        open_store(args.store),
        agreement=agreement_named(args.agreement),
        contracts={c.employee: c.contract for c in read_contracts(args.contracts)},
        organisation=Organisation(managers=managers),
        tenant=args.tenant,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
