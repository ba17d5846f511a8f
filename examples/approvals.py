"""One month of a claims team: telework requests and their decisions, a motivated refusal for
coverage with the dates that would fit, a revocation, a late cancellation, a request left to
expire, a regular arrangement through its adaptation period, and days booked by HR straight in
the ledgers that leave a day at risk.

Run it with ``python examples/approvals.py``. It prints each decision as it happens (with the
violations when one is refused), the audit trail of one request, and the team's plan for June
2024: who is on site and who teleworks each day, and the days at risk.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs

from teleaccord import (
    Arrangement,
    ArrangementWorkflow,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    Notice,
    OperationRefused,
    Organisation,
    Quota,
    QuotaLedger,
    RequestWorkflow,
    Rhythm,
    TeamCoverage,
    TeamMember,
    TeleworkRequest,
    WorkPattern,
    load_sample_agreement,
    replay,
    year_range,
)

PARIS = ZoneInfo("Europe/Paris")


def at(text: str) -> datetime:
    """A moment in Paris, written ``2024-06-03 09:00``."""
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def show(request: TeleworkRequest) -> None:
    days = ", ".join(str(d) for d in request.days)
    last = request.events[-1] if request.events else None
    who = f" by {last.actor} ({last.role})" if last else ""
    reason = f": {last.reason}" if last and last.reason else ""
    print(f"  {request.id} {request.employee} [{days}] -> {request.state.value}{who}{reason}")


# The assistance company's accord, with clauses of other accords: at most 2 days a week,
# requests by 19:00 the day before, a 30-day adaptation period for regular telework (3 days'
# notice to stop during it), and 30 days' notice to end an arrangement afterwards.
sample = load_sample_agreement("assistance-100-days")
agreement = attrs.evolve(
    sample,
    quotas=(*sample.quotas, Quota(window="week", maximum=2)),
    notice=Notice(deadline_days_before=1, deadline_time="19:00"),
    adaptation_period_days=30,
    adaptation_notice_days=3,
    reversibility_notice_days=30,
)
calendar = Calendar()
contracts = [
    Contract.from_amendments(employee="alice", hired="2019-03-01"),
    Contract.from_amendments(
        employee="bruno",
        hired="2021-09-01",
        fraction="80 %",
        pattern=WorkPattern.parse("Mo Tu Th Fr"),
    ),
    Contract.from_amendments(employee="chloe", hired="2020-01-06"),
    Contract.from_amendments(employee="david", hired="2022-05-02"),
    Contract.from_amendments(employee="emma", hired="2018-11-19"),
]
ledgers = {
    c.employee: QuotaLedger(agreement=agreement, contract=c, calendar=calendar) for c in contracts
}
for ledger in ledgers.values():
    ledger.grant(year_range(2024), at=at("2024-01-02 08:00"), by="hr")

organisation = Organisation(
    managers={c.employee: "marc" for c in contracts} | {"marc": "nadia"},
    delegates={"marc": {"sophie"}},
    hr={"hugo"},
)
# Half of the people working each half-day stay on site; everyone is in on Tuesdays.
team = TeamCoverage(
    team="claims",
    members=[TeamMember(contract=c) for c in contracts],
    rules=[CoverageRule(share="1/2", label="half of those working on site")],
    anchor_weekdays=["Tu"],
    calendar=calendar,
)
requests = RequestWorkflow(
    agreement=agreement,
    calendar=calendar,
    organisation=organisation,
    ledgers=ledgers,
    coverage=[team],
)
arrangements = ArrangementWorkflow(
    agreement=agreement,
    calendar=calendar,
    organisation=organisation,
    ledgers=ledgers,
    contracts=contracts,
    coverage=[team],
)

print("Regular telework: bruno asks for every Monday from 3 June")
plan = Arrangement(
    id="A-bruno", employee="bruno", rhythm=Rhythm(weekdays="Mo"), starts="2024-06-03"
)
plan = arrangements.approve(plan, by="marc", at=at("2024-05-27 10:00"))
print(f"  approved; adaptation period until {plan.adaptation_until}")
plan = arrangements.advance(plan, at=at("2024-06-03 07:00"))
june = DateRange(date(2024, 6, 1), date(2024, 6, 30))
booked = arrangements.book_planned(plan, june, at=at("2024-06-03 07:00"))
print(f"  {plan.state.value}; {len(booked.booked)} Mondays booked in June")

print("\nWeek of 3 June: requests for Thursday the 6th")
t = at("2024-06-03 09:00")
alice = requests.submit(
    TeleworkRequest(id="R1", employee="alice", days="2024-06-06"), by="alice", at=t
)
chloe = requests.submit(
    TeleworkRequest(id="R2", employee="chloe", days="2024-06-06"), by="chloe", at=t
)
david = requests.submit(
    TeleworkRequest(id="R3", employee="david", days="2024-06-06"), by="david", at=t
)
alice = requests.approve(alice, by="marc", at=at("2024-06-03 11:00"))
chloe = requests.approve(chloe, by="sophie", at=at("2024-06-03 11:05"))  # the delegate
show(alice)
show(chloe)
try:
    requests.approve(david, by="marc", at=at("2024-06-03 11:10"))
except OperationRefused as refused:
    (violation,) = refused.violations
    print(f"  approving {david.id} refused ({violation.code}): {violation.message}")
    print(
        f"    numbers: {violation.param('on_site')} on site of {violation.param('working')}, "
        f"{violation.param('required')} required; suggestions: "
        + ", ".join(str(d) for d in violation.param("suggestions"))
    )
    first = violation.param("suggestions")[0]
    reason = f"Too few on site on 2024-06-06; {first} is free, please ask for it."
    david = requests.reject(david, by="marc", at=at("2024-06-03 11:12"), reason=reason)
    show(david)
    again = TeleworkRequest(id="R4", employee="david", days=first)
    again = requests.approve(
        requests.submit(again, by="david", at=at("2024-06-03 11:30")),
        by="marc",
        at=at("2024-06-03 14:00"),
    )
    show(again)

print("\nAn anchor day: emma asks for Tuesday 11 June")
emma = requests.submit(
    TeleworkRequest(id="R5", employee="emma", days="2024-06-11"),
    by="emma",
    at=at("2024-06-05 16:00"),
)
for v in requests.check(emma, at("2024-06-05 17:00")):
    print(f"  check ({v.code}): {v.message}")
emma = requests.reject(
    emma,
    by="marc",
    at=at("2024-06-05 17:00"),
    reason="Tuesday is the team's day on site; Wednesday or Thursday are free.",
)
show(emma)

print("\nA revocation: chloe's Friday 14 June, approved, then a client audit is set that day")
friday = requests.submit(
    TeleworkRequest(id="R6", employee="chloe", days="2024-06-14"),
    by="chloe",
    at=at("2024-06-07 09:00"),
)
friday = requests.approve(friday, by="marc", at=at("2024-06-07 10:00"))
show(friday)
friday = requests.revoke(
    friday,
    by="marc",
    at=at("2024-06-12 09:00"),
    reason="Client audit on site on 14 June; sorry for the late change.",
)
show(friday)
print(
    f"  chloe's bookings on 14 June: {[str(b.day) for b in ledgers['chloe'].active_bookings(DateRange.single(date(2024, 6, 14)))]}"
)

print("\nA late cancellation: alice's Thursday 20 June, after the notice deadline")
thursday = requests.submit(
    TeleworkRequest(id="R7", employee="alice", days="2024-06-20"),
    by="alice",
    at=at("2024-06-17 09:00"),
)
thursday = requests.approve(thursday, by="marc", at=at("2024-06-17 10:00"))
late = at("2024-06-19 20:00")
print(
    f"  buttons for alice at {late:%Y-%m-%d %H:%M}: {requests.available_actions(thursday, by='alice', at=late)}"
)
thursday = requests.request_cancellation(thursday, by="alice", at=late, reason="Plumber coming.")
show(thursday)
thursday = requests.accept_cancellation(thursday, by="marc", at=at("2024-06-20 08:00"))
show(thursday)

print("\nA request nobody decided: emma's Friday 28 June expires when the day begins")
forgotten = requests.submit(
    TeleworkRequest(id="R8", employee="emma", days="2024-06-28"),
    by="emma",
    at=at("2024-06-24 09:00"),
)
forgotten = requests.expire(forgotten, at=at("2024-06-28 00:00"))
show(forgotten)

print("\nThe audit trail of R7, and its state replayed from the events:")
for e in thursday.events:
    reason = f" ({e.reason})" if e.reason else ""
    print(
        f"  {e.sequence}. {e.at:%Y-%m-%d %H:%M} {e.actor} as {e.role}: {e.source} -{e.action}-> {e.target}{reason}"
    )
print(f"  replay: {replay(thursday.events).value}")

print("\nEnd of the adaptation period:")
plan = arrangements.advance(plan, at=at("2024-07-03 07:00"))
print(
    f"  {plan.id}: {plan.state.value} ({plan.rhythm.describe()}); "
    f"ending it now would take {agreement.reversibility_notice_days} days' notice"
)

print("\nHR books a training day at home for emma on Thursday 27 June, straight in her ledger")
ledgers["emma"].book(date(2024, 6, 27), at=at("2024-06-20 10:00"), by="hugo", note="e-learning")
ledgers["david"].book(date(2024, 6, 27), at=at("2024-06-20 10:00"), by="hugo", note="e-learning")
ledgers["chloe"].book(date(2024, 6, 27), at=at("2024-06-20 10:00"), by="hugo", note="e-learning")
month = team.plan(june, ledgers)
print(f"  days at risk in June: {', '.join(str(d) for d in month.days_at_risk)}")

print()
print(month.describe())
