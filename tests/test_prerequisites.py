"""Prerequisites with expiry (issue 15): attestations with a validity period; an arrangement
is approved only with the valid ones; bookings after an expiry refused or warned as the
charter says; a report of what expires within N days."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from teleaccord import (
    BOOKING_RULES,
    Agreement,
    Arrangement,
    ArrangementWorkflow,
    Attestation,
    Calendar,
    Charter,
    Contract,
    InvalidValue,
    OperationRefused,
    Organisation,
    QuotaLedger,
    Requirement,
    Rhythm,
    expiring_attestations,
    missing_prerequisites,
    prerequisite_booking_rule,
    prerequisite_check,
    valid_until,
)

PARIS = ZoneInfo("Europe/Paris")
REQUIRED = [
    Requirement(kind="home-insurance", valid_days=365),
    Requirement(kind="electrical", valid_days=3 * 365),
    Requirement(kind="equipment"),  # handed over once, no expiry
]


def accord(on_expiry: str = "refuse") -> Agreement:
    return Agreement(name="a", charter=Charter(prerequisites=REQUIRED, on_expiry=on_expiry))


ANA = [
    Attestation(employee="ana", kind="home-insurance", issued="2024-09-01"),
    Attestation(employee="ana", kind="Electrical", issued="2023-01-10"),
    Attestation(employee="ana", kind="equipment", issued="2022-05-02"),
]


def test_validity_periods() -> None:
    insurance, electrical, equipment = ANA
    assert valid_until(insurance, REQUIRED[0]) == date(2025, 8, 31)
    assert valid_until(electrical, REQUIRED[1]) == date(2026, 1, 8)  # 1095 days
    assert valid_until(equipment, REQUIRED[2]) is None
    explicit = Attestation(
        employee="ana", kind="home-insurance", issued="2025-01-01", expires="2025-06-30"
    )
    assert valid_until(explicit, REQUIRED[0]) == date(2025, 6, 30)
    with pytest.raises(InvalidValue):
        Attestation(employee="ana", kind="x", issued="2025-01-01", expires="2024-12-31")


def test_missing_and_expired_on_a_day() -> None:
    assert missing_prerequisites(accord(), ANA, "ana", date(2025, 8, 31)) == ()
    [expired] = missing_prerequisites(accord(), ANA, "ana", date(2025, 9, 1))
    assert (expired.code, expired.param("kind"), expired.param("expired_on")) == (
        "prerequisite_expired",
        "home-insurance",
        date(2025, 8, 31),
    )
    codes = [v.code for v in missing_prerequisites(accord(), ANA, "bob", date(2025, 3, 1))]
    assert codes == ["prerequisite_missing"] * 3
    # an attestation issued after the day does not count for it
    assert [
        v.param("kind") for v in missing_prerequisites(accord(), ANA, "ana", date(2022, 5, 1))
    ] == [
        "home-insurance",
        "electrical",
        "equipment",
    ]
    # a renewal makes it valid again
    renewed = [*ANA, Attestation(employee="ana", kind="home-insurance", issued="2025-08-20")]
    assert missing_prerequisites(accord(), renewed, "ana", date(2025, 9, 1)) == ()
    # no charter, nothing required
    assert missing_prerequisites(Agreement(name="x"), [], "ana", date(2025, 9, 1)) == ()


def workflow(agreement: Agreement, attestations: list[Attestation]) -> ArrangementWorkflow:
    contract = Contract.from_amendments(employee="ana", hired="2020-01-01")
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    return ArrangementWorkflow(
        agreement=agreement,
        ledgers=[ledger],
        contracts=[contract],
        organisation=Organisation(managers={"ana": "max"}),
        attestations=attestations,
    )


def test_an_arrangement_needs_every_valid_attestation_to_be_approved() -> None:
    request = Arrangement(
        id="A1", employee="ana", rhythm=Rhythm(weekdays="Mo"), starts="2025-09-01"
    )
    at = datetime(2025, 8, 25, 9, tzinfo=PARIS)
    with pytest.raises(OperationRefused) as caught:
        workflow(accord(), ANA).approve(request, by="max", at=at)
    assert [v.code for v in caught.value.violations] == ["prerequisite_expired"]
    renewed = [*ANA, Attestation(employee="ana", kind="home-insurance", issued="2025-08-20")]
    approved = workflow(accord(), renewed).approve(request, by="max", at=at)
    assert approved.state.value == "approved"
    # without prerequisites in the agreement, nothing changes
    assert (
        workflow(Agreement(name="x"), []).approve(request, by="max", at=at).state.value
        == "approved"
    )


def test_bookings_after_an_expiry_are_refused_or_warned() -> None:
    day = date(2025, 9, 2)
    refuse = prerequisite_check(accord("refuse"), ANA, "ana", day)
    assert ([v.code for v in refuse.refusals], refuse.warnings) == (["prerequisite_expired"], ())
    warn = prerequisite_check(accord("warn"), ANA, "ana", day)
    assert (warn.refusals, [v.code for v in warn.warnings]) == ((), ["prerequisite_expiry_warning"])
    assert warn.warnings[0].param("reason") == "prerequisite_expired"
    contract = Contract.from_amendments(employee="ana", hired="2020-01-01")
    at = datetime(2025, 8, 1, 9, tzinfo=PARIS)
    for mode, refused in (("refuse", True), ("warn", False)):
        ledger = QuotaLedger(
            agreement=accord(mode),
            contract=contract,
            calendar=Calendar(),
            rules=(*BOOKING_RULES, prerequisite_booking_rule(ANA)),
        )
        ledger.book(date(2025, 8, 29), at=at, by="ana")  # before the expiry: fine
        if refused:
            with pytest.raises(OperationRefused) as caught:
                ledger.book(day, at=at, by="ana")
            assert caught.value.violations[0].code == "prerequisite_expired"
        else:
            ledger.book(day, at=at, by="ana")


def test_what_expires_within_n_days() -> None:
    given = [
        *ANA,
        Attestation(employee="bob", kind="home-insurance", issued="2024-06-01"),
        Attestation(employee="bob", kind="equipment", issued="2024-06-01"),
    ]
    report = expiring_attestations(accord(), given, date(2025, 8, 1), 45, employees=["cleo"])
    rows = [(e.employee, e.kind, e.status, e.valid_until, e.days_left) for e in report]
    assert rows == [
        ("bob", "electrical", "missing", None, None),
        ("cleo", "electrical", "missing", None, None),
        ("cleo", "equipment", "missing", None, None),
        ("cleo", "home-insurance", "missing", None, None),
        ("bob", "home-insurance", "expired", date(2025, 5, 31), -62),
        ("ana", "home-insurance", "expiring", date(2025, 8, 31), 30),
    ]
    # within 200 days, ana's electrical conformity (2026-01-08) comes too
    longer = expiring_attestations(accord(), given, date(2025, 8, 1), 200)
    assert ("ana", "electrical", 160) in [(e.employee, e.kind, e.days_left) for e in longer]
    with pytest.raises(InvalidValue):
        expiring_attestations(accord(), given, date(2025, 8, 1), -1)
