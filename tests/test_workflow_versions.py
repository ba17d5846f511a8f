"""Approval workflows under an agreement history (#13): each request or arrangement is judged
by the version in force on its days (approval clause, notice, adaptation period)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    ApprovalClause,
    Arrangement,
    ArrangementState,
    ArrangementWorkflow,
    Calendar,
    Contract,
    Organisation,
    QuotaLedger,
    RequestState,
    RequestWorkflow,
    Rhythm,
    TeleworkRequest,
)

PARIS = ZoneInfo("Europe/Paris")
# The 2024 accord: the manager decides, a 30-day adaptation period. Its amendment from
# 1 July 2024: requests within the rules are approved at once, no adaptation period.
ACCORD = Agreement(name="accord 2024", adaptation_period_days=30)
AMENDMENT = Agreement(
    name="amendment 1", approval=ApprovalClause(auto_approve=True), adaptation_period_days=0
)
HISTORY = AgreementHistory(
    name="accord",
    versions=[
        AgreementVersion(agreement=ACCORD, start=date(2024, 1, 1)),
        AgreementVersion(agreement=AMENDMENT, start=date(2024, 7, 1)),
    ],
)
CONTRACT = Contract.from_amendments(employee="ana", hired="2020-01-01")
ORG = Organisation(managers={"ana": "max"})


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def request_workflow() -> tuple[RequestWorkflow, QuotaLedger]:
    ledger = QuotaLedger(agreement=HISTORY, contract=CONTRACT, calendar=Calendar())
    return RequestWorkflow(agreement=HISTORY, ledgers=[ledger], organisation=ORG), ledger


def test_each_request_is_decided_under_the_version_in_force_on_its_days() -> None:
    wf, ledger = request_workflow()
    assert wf.policy is None  # a history: each request's own version decides
    submitted = at(date(2024, 6, 20))
    june = wf.submit(
        TeleworkRequest(id="R1", employee="ana", days=date(2024, 6, 28)), by="ana", at=submitted
    )
    july = wf.submit(
        TeleworkRequest(id="R2", employee="ana", days=date(2024, 7, 2)), by="ana", at=submitted
    )
    # 28 June is under the 2024 accord: the manager decides; 2 July under the amendment
    assert june.state is RequestState.SUBMITTED
    assert july.state is RequestState.APPROVED
    assert wf.policy_for(june).auto_approve is False
    assert wf.policy_for(july).auto_approve is True
    assert [b.day for b in ledger.active_bookings()] == [date(2024, 7, 2)]
    assert wf.approve(june, by="max", at=submitted).state is RequestState.APPROVED


def test_a_single_agreement_keeps_its_policy() -> None:
    ledger = QuotaLedger(agreement=AMENDMENT, contract=CONTRACT, calendar=Calendar())
    wf = RequestWorkflow(agreement=AMENDMENT, ledgers=[ledger], organisation=ORG)
    assert wf.policy is not None
    assert wf.policy.auto_approve


def test_an_arrangement_takes_the_adaptation_period_of_its_first_days_version() -> None:
    ledger = QuotaLedger(agreement=HISTORY, contract=CONTRACT, calendar=Calendar())
    wf = ArrangementWorkflow(
        agreement=HISTORY, ledgers=[ledger], contracts=[CONTRACT], organisation=ORG
    )
    rhythm = Rhythm(weekdays="Mo")
    june = Arrangement(id="A1", employee="ana", rhythm=rhythm, starts="2024-06-03")
    june = wf.approve(june, by="max", at=at(date(2024, 5, 27)))
    # by hand: 30 days from 3 June under the 2024 accord end on 2 July
    assert june.adaptation_until == date(2024, 7, 2)
    assert wf.advance(june, at=at(date(2024, 6, 3), 6)).state is ArrangementState.ADAPTATION
    september = Arrangement(id="A2", employee="ana", rhythm=rhythm, starts="2024-09-02")
    september = wf.approve(september, by="max", at=at(date(2024, 8, 26)))
    assert september.adaptation_until is None  # the amendment has no adaptation period
    assert wf.advance(september, at=at(date(2024, 9, 2), 6)).state is ArrangementState.ACTIVE
