"""Requests react to absences (#12): an absent person cannot telework, so an absence recorded
on a day an approved request booked takes that day from the request, through the request
table's ``absence`` rows (the system's), with the reason ``absence`` in the audit trail.

Before this, the ledger cancelled the booking and the request stayed approved, holding a
cancelled booking (``test_the_ledger_alone_leaves_the_request_approved_until_it_reacts``)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from teleaccord import (
    Absence,
    Agreement,
    Calendar,
    Contract,
    DateRange,
    HalfDay,
    InvalidValue,
    NotAllowed,
    Notice,
    OperationRefused,
    Organisation,
    Quota,
    QuotaLedger,
    RequestState,
    RequestWorkflow,
    StaleVersion,
    TeleworkRequest,
    replay,
    year_range,
)
from teleaccord.io.convert import from_data, to_data

PARIS = ZoneInfo("Europe/Paris")
CAL = Calendar()
AGREEMENT = Agreement(
    name="half-days",
    quotas=[Quota(window="period", maximum=100)],
    granularity="half-day",
    notice=Notice(deadline_days_before=1, deadline_time=time(19)),
)
ORG = Organisation(managers={"ana": "max", "bob": "max"}, hr={"hugo"})
AT = datetime(2024, 5, 27, 9, tzinfo=PARIS)  # the week before
MONDAY = date(2024, 6, 3)  # a week with no holiday
TUESDAY, WEDNESDAY, THURSDAY = (MONDAY + timedelta(days=n) for n in (1, 2, 3))


def ledger(employee: str) -> QuotaLedger:
    contract = Contract.from_amendments(employee=employee, hired=date(2020, 1, 1))
    found = QuotaLedger(agreement=AGREEMENT, contract=contract, calendar=CAL)
    found.grant(year_range(2024), at=datetime(2024, 1, 1, tzinfo=PARIS), by="hugo")
    return found


def workflow() -> RequestWorkflow:
    return RequestWorkflow(
        agreement=AGREEMENT, calendar=CAL, organisation=ORG, ledgers=[ledger("ana"), ledger("bob")]
    )


def approved(
    wf: RequestWorkflow, days: list[date], *, employee: str = "ana", rid: str = "R1", **kw: object
) -> TeleworkRequest:
    draft = TeleworkRequest(id=rid, employee=employee, days=days, **kw)  # type: ignore[arg-type]
    return wf.approve(wf.submit(draft, by=employee, at=AT), by="max", at=AT)


def absence(first: date, last: date | None = None, *, ident: str = "S1", **kw: object) -> Absence:
    return Absence(
        absence_id=ident,
        employee=kw.pop("employee", "ana"),  # type: ignore[arg-type]
        kind=kw.pop("kind", "sickness"),  # type: ignore[arg-type]
        days=DateRange(first, last or first),
        **kw,  # type: ignore[arg-type]
    )


def active(wf: RequestWorkflow, employee: str = "ana") -> list[tuple[date, HalfDay | None]]:
    return sorted(
        ((b.day, b.half) for b in wf.ledgers[employee].active_bookings()),
        key=lambda x: (x[0], x[1].value if x[1] else ""),
    )


def test_the_ledger_alone_leaves_the_request_approved_until_it_reacts() -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY])
    wf.ledgers["ana"].record_absence(absence(TUESDAY), at=AT, by="hugo")  # type: ignore[attr-defined]
    # What the ledger does by itself: the booking is cancelled, the request does not know.
    assert active(wf) == []
    assert request.state is RequestState.APPROVED
    reacted = wf.react_to_absences(request, at=AT)
    assert reacted.state is RequestState.CANCELLED
    event = reacted.events[-1]
    assert (event.action, event.actor, event.role, event.reason) == (
        "absence",
        "system",
        "system",
        "absence",
    )
    assert event.get("absences") == ("S1",)
    assert event.get("days") == ("2024-06-04",)
    assert event.get("bookings") == request.bookings
    assert event.get("released") == ()  # the ledger had cancelled it already
    assert wf.replay(reacted) is RequestState.CANCELLED
    # Running the reaction again changes nothing.
    assert wf.react_to_absences(reacted, at=AT) is reacted


def test_an_absence_on_every_day_cancels_the_request() -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY, WEDNESDAY])
    (after,) = wf.record_absence(absence(MONDAY, THURSDAY), [request], by="hugo", at=AT)
    assert after.state is RequestState.CANCELLED
    assert after.days == request.days  # a cancelled request still says what it asked for
    assert after.events[-1].get("days") == ("2024-06-04", "2024-06-05")
    assert active(wf) == []


def test_an_absence_on_some_days_takes_those_days_only() -> None:
    wf = workflow()
    request = approved(wf, [MONDAY, TUESDAY, WEDNESDAY])
    (after,) = wf.record_absence(absence(TUESDAY), [request], by="hugo", at=AT)
    assert after.state is RequestState.APPROVED
    assert after.days == (MONDAY, WEDNESDAY)
    assert after.bookings == (request.bookings[0], request.bookings[2])
    assert active(wf) == [(MONDAY, None), (WEDNESDAY, None)]
    assert after.events[-1].get("bookings") == (request.bookings[1],)
    # The request goes on as usual with what it kept: cancelling it releases both days.
    cancelled = wf.cancel(after, by="ana", at=AT)
    assert active(wf) == []
    assert cancelled.events[-1].get("released") == after.bookings
    assert replay(cancelled.events) is RequestState.CANCELLED


@pytest.mark.parametrize(
    ("request_half", "absent", "taken"),
    [
        (None, {"start_half": "pm"}, True),  # an absent afternoon takes the whole-day booking
        ("am", {"start_half": "pm"}, False),  # a morning request beside an absent afternoon
        ("pm", {"start_half": "pm"}, True),
        ("pm", {"end_half": "am"}, False),
    ],
)
def test_half_days_are_taken_as_the_ledger_cancels_them(
    request_half: str | None, absent: dict[str, str], taken: bool
) -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY], half=request_half)
    (after,) = wf.record_absence(absence(TUESDAY, **absent), [request], by="hugo", at=AT)
    assert (after.state is RequestState.CANCELLED) is taken
    assert (active(wf) == []) is taken
    if not taken:
        assert after is request


def test_a_pending_late_cancellation_is_cancelled_by_the_absence() -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY])
    late = datetime.combine(MONDAY, time(20), tzinfo=PARIS)  # after the notice deadline
    pending = wf.request_cancellation(request, by="ana", at=late)
    assert pending.state is RequestState.CANCELLATION_REQUESTED
    (after,) = wf.record_absence(absence(TUESDAY), [pending], by="hugo", at=late)
    assert after.state is RequestState.CANCELLED
    assert active(wf) == []


def test_a_pending_late_cancellation_keeps_the_days_no_absence_covers() -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY, WEDNESDAY])
    late = datetime.combine(MONDAY, time(20), tzinfo=PARIS)
    pending = wf.request_cancellation(request, by="ana", at=late)
    (after,) = wf.record_absence(absence(TUESDAY), [pending], by="hugo", at=late)
    assert after.state is RequestState.CANCELLATION_REQUESTED
    assert (after.days, after.bookings) == ((WEDNESDAY,), request.bookings[1:])
    assert active(wf) == [(WEDNESDAY, None)]
    done = wf.accept_cancellation(after, by="max", at=late)
    assert done.events[-1].get("released") == request.bookings[1:]
    assert active(wf) == []


def test_a_past_day_is_taken_too_sick_leave_comes_afterwards() -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY])
    later = datetime(2024, 6, 10, 9, tzinfo=PARIS)
    (after,) = wf.record_absence(absence(TUESDAY), [request], by="hugo", at=later)
    assert after.state is RequestState.CANCELLED


def test_undecided_final_and_other_peoples_requests_are_left_alone() -> None:
    wf = workflow()
    submitted = wf.submit(TeleworkRequest(id="R2", employee="ana", days=TUESDAY), by="ana", at=AT)
    withdrawn = wf.withdraw(TeleworkRequest(id="R3", employee="ana", days=TUESDAY), by="ana", at=AT)
    bobs = approved(wf, [TUESDAY], employee="bob", rid="R4")
    out = wf.record_absence(absence(TUESDAY), [submitted, withdrawn, bobs], by="hugo", at=AT)
    assert out[0] is submitted
    assert out[1] is withdrawn
    assert out[2] is bobs
    assert active(wf, "bob") == [(TUESDAY, None)]
    # The undecided request is refused on its absent day when the manager decides.
    with pytest.raises(OperationRefused) as caught:
        wf.approve(submitted, by="max", at=AT)
    assert caught.value.code == "absent"


def test_only_the_system_takes_the_absence_action_and_only_on_an_absent_day() -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY])
    for person in ("max", "hugo", "ana"):
        with pytest.raises(NotAllowed) as denied:
            wf.apply(request, "absence", by=person, at=AT)
        assert denied.value.code == "role_not_allowed"
    with pytest.raises(OperationRefused) as caught:
        wf.apply(request, "absence", by="system", at=AT)
    assert caught.value.code == "no_absent_day"
    assert "absence" not in wf.available_actions(request, by="max", at=AT)


def _frozen(wf: RequestWorkflow) -> tuple[object, ...]:
    return tuple(
        (e, wf.ledgers[e].version, wf.ledgers[e].entries)  # type: ignore[attr-defined]
        for e in ("ana", "bob")
    )


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: absence(TUESDAY, employee="eve"), InvalidValue),  # no ledger for eve
        (lambda: absence(TUESDAY, ident="R1@1:2024-06-04"), InvalidValue),  # an entry's id
    ],
)
def test_a_refused_absence_changes_nothing(make: object, error: type[Exception]) -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY])
    before = _frozen(wf)
    assert request.bookings == ("R1@1:2024-06-04",)
    with pytest.raises(error):
        wf.record_absence(make(), [request], by="hugo", at=AT)  # type: ignore[operator]
    assert _frozen(wf) == before


def test_a_stale_version_or_a_bad_request_changes_nothing() -> None:
    wf = workflow()
    request = approved(wf, [TUESDAY])
    before = _frozen(wf)
    with pytest.raises(StaleVersion):
        wf.record_absence(
            absence(TUESDAY),
            [request],
            by="hugo",
            at=AT,
            expected_version=wf.ledgers["ana"].version - 1,
        )
    with pytest.raises(InvalidValue):
        wf.record_absence(absence(TUESDAY), [request, "R1"], by="hugo", at=AT)  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        wf.record_absence(absence(TUESDAY), [request], by="hugo", at=datetime(2024, 5, 27, 9))
    assert _frozen(wf) == before


def test_the_reacted_request_survives_json_and_its_events_are_json_ready() -> None:
    wf = workflow()
    request = approved(wf, [MONDAY, TUESDAY])
    (after,) = wf.record_absence(absence(TUESDAY, end_half="am"), [request], by="hugo", at=AT)
    assert from_data(json.loads(json.dumps(to_data(after)))) == after
    assert json.loads(json.dumps(after.events[-1].to_dict()))["data"] == {
        "absences": ["S1"],
        "bookings": [request.bookings[1]],
        "days": ["2024-06-04"],
        "released": [],
    }


# -- the stateful test -------------------------------------------------------------------------

WINDOW = [
    MONDAY + timedelta(days=n) for n in range(12) if (MONDAY + timedelta(days=n)).weekday() < 5
]
HALVES = (None, HalfDay.MORNING, HalfDay.AFTERNOON)


class AbsenceMachine(RuleBasedStateMachine):
    """Requests approved, cancelled, and absences recorded in any order for one employee.
    Invariants: a half-day is never both absent and telework in the ledger; no request holding
    bookings keeps a day an absence covers; such a request holds exactly one active booking per
    day it keeps; its audit trail replays to its state."""

    @initialize()
    def setup(self) -> None:
        self.wf = workflow()
        self.ledger = self.wf.ledgers["ana"]
        self.requests: dict[str, TeleworkRequest] = {}
        self.count = 0

    def next_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    @rule(
        days=st.lists(st.sampled_from(WINDOW), min_size=1, max_size=3, unique=True),
        half=st.sampled_from(HALVES),
    )
    def ask_and_approve(self, days: list[date], half: HalfDay | None) -> None:
        rid = self.next_id("R")
        draft = TeleworkRequest(id=rid, employee="ana", days=days, half=half)
        submitted = self.wf.submit(draft, by="ana", at=AT)
        try:
            self.requests[rid] = self.wf.approve(submitted, by="max", at=AT)
        except OperationRefused as exc:  # a day already booked or absent
            note(f"{rid} refused: {exc.code}")
            self.requests[rid] = submitted

    @rule(
        first=st.sampled_from(WINDOW),
        length=st.integers(0, 3),
        start_pm=st.booleans(),
        end_am=st.booleans(),
        kind=st.sampled_from(["sickness", "paid_leave", "training"]),
    )
    def record(self, first: date, length: int, start_pm: bool, end_am: bool, kind: str) -> None:
        if length == 0 and start_pm and end_am:
            end_am = False
        a = Absence(
            absence_id=self.next_id("A"),
            employee="ana",
            kind=kind,
            days=DateRange(first, first + timedelta(days=length)),
            start_half="pm" if start_pm else None,
            end_half="am" if end_am else None,
        )
        note(repr(a))
        ids = sorted(self.requests)
        out = self.wf.record_absence(a, [self.requests[i] for i in ids], by="hugo", at=AT)
        self.requests.update(zip(ids, out, strict=True))

    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        ids = sorted(i for i, r in self.requests.items() if r.state is RequestState.APPROVED)
        if ids:
            rid = data.draw(st.sampled_from(ids))
            self.requests[rid] = self.wf.cancel(self.requests[rid], by="ana", at=AT)

    @invariant()
    def never_absent_and_telework(self) -> None:
        absent = self.ledger.absent_halves()  # type: ignore[attr-defined]
        for b in self.ledger.active_bookings():
            mask = b.half.mask if b.half else 3
            assert not absent.get(b.day, 0) & mask, (b, absent.get(b.day))

    @invariant()
    def no_holding_request_keeps_an_absent_day(self) -> None:
        active = {b.entry_id: b for b in self.ledger.active_bookings()}
        held = set()
        for r in self.requests.values():
            assert self.wf.replay(r) is r.state
            if r.state not in (RequestState.APPROVED, RequestState.CANCELLATION_REQUESTED):
                continue
            assert self.wf.absent_days(r) == {}
            # An independent check, from the absences themselves.
            for a in self.ledger.absences:  # type: ignore[attr-defined]
                assert not any(a.overlaps(d, r.half) for d in r.days), (r, a)
            assert len(r.bookings) == len(r.days)
            assert [active[b].day for b in r.bookings] == list(r.days)
            held.update(r.bookings)
        assert held == set(active)


TestAbsenceMachine = AbsenceMachine.TestCase
