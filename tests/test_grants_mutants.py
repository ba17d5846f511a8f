"""What the grant of a period records, through the ledger (the computations wave 6 moved out of
``QuotaLedger`` into ``teleaccord.grants`` and ``teleaccord.rollover``), against hand-computed
figures. Each test was written to kill a mutant that survived the module's mutation run.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

import pytest

from teleaccord import (
    Absence,
    AbsenceKind,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Calendar,
    Contract,
    Extra,
    InvalidValue,
    Pool,
    Quota,
    QuotaLedger,
    year_range,
)
from teleaccord.dates import DateRange

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
CAL = Calendar()
Y2024 = year_range(2024)
FULL = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))


def ledger(agreement: Agreement | AgreementHistory, **kwargs: object) -> QuotaLedger:
    return QuotaLedger(agreement=agreement, contract=FULL, calendar=CAL, **kwargs)  # type: ignore[arg-type]


def test_a_grant_counts_the_employees_statuses() -> None:
    agreement = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=100)],
        extras=[Extra(status="carer", days=10)],
    )
    assert ledger(agreement, statuses=["carer"]).grant(Y2024, at=AT, by="hr").amount == 110
    assert ledger(agreement).grant(Y2024, at=AT, by="hr").amount == 100


def test_a_long_absence_of_a_kind_the_agreement_defines_reduces_the_grant() -> None:
    # 1 March to 30 April 2024: 61 of 366 days, so 305/366 = 5/6 of the presence is left.
    agreement = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=100)],
        long_absence_days=30,
        absence_kinds=[AbsenceKind(name="sabbatical", reduces_presence=True)],
    )
    book = ledger(agreement)
    book.record_absence(
        Absence(
            absence_id="S1",
            employee="E1",
            kind="sabbatical",
            days=DateRange(date(2024, 3, 1), date(2024, 4, 30)),
        ),
        at=AT,
        by="hr",
    )
    grant = book.grant(Y2024, at=AT, by="hr")
    assert grant.exact == Fraction(250, 3)
    assert grant.amount == Fraction(250, 3)  # the agreement keeps exact figures
    # The explanation gives the formula's figure, the reduced one, and why.
    assert "= 100, 250/3 (about 83.33) as noted below." in grant.explanation
    assert grant.explanation.endswith(
        "Long absences (more than 30 consecutive days) leave 5/6 of the presence: "
        "100 x 5/6 = 250/3."
    )
    assert "individual terms" not in grant.explanation


def test_a_grant_explains_its_figure() -> None:
    grant = ledger(Agreement(name="x", quotas=[Quota(window="period", maximum=100)])).grant(
        Y2024, at=AT, by="hr"
    )
    assert grant.explanation.startswith("E1, period 2024-01-01..2024-12-31, under 'x': quota 100")
    assert grant.exact == grant.amount == 100


def test_a_naive_timestamp_is_refused_naming_at() -> None:
    book = ledger(Agreement(name="x", quotas=[Quota(window="period", maximum=100)]))
    with pytest.raises(InvalidValue) as error:
        book.grant(Y2024, at=datetime(2024, 1, 2, 9), by="hr")  # a naive timestamp, on purpose
    assert error.value.field == "at"
    assert book.entries == ()


def test_a_pool_of_a_later_version_is_granted_for_its_share_of_the_period() -> None:
    # The pool exists from 1 July 2024 only: 12 days a year, so 12 x 184/366 for 2024.
    plain = Agreement(name="v1", quotas=[Quota(window="period", maximum=100)])
    pooled = Agreement(
        name="v2",
        quotas=[Quota(window="period", maximum=100)],
        pools=[
            Pool(
                name="flexible",
                kinds=["occasional"],
                quotas=[Quota(window="period", maximum=12)],
            )
        ],
    )
    history = AgreementHistory(
        name="accord",
        versions=[
            AgreementVersion(agreement=plain, start=date(2024, 1, 1)),
            AgreementVersion(agreement=pooled, start=date(2024, 7, 1)),
        ],
    )
    book = ledger(history)
    book.grant(Y2024, at=AT, by="hr")
    grants = {e.entry_id: e for e in book.entries}
    assert set(grants) == {"E1:grant:2024", "E1:grant:2024:flexible"}
    assert grants["E1:grant:2024:flexible"].exact == Fraction(12 * 184, 366)


def test_year_end_records_leave_forfeited_days_out_unless_asked() -> None:
    from teleaccord.rollover import rollover_records

    agreement = Agreement(name="x", quotas=[Quota(window="period", maximum=100)])
    book = ledger(agreement)
    book.grant(Y2024, at=AT, by="hr")
    balance = book.balance(Y2024)
    assert balance.forfeited == 100  # nothing is carried: all 100 days are lost at the end
    bases, new = rollover_records("E1", agreement, Y2024, balance, Fraction(0), {}, at=AT, by="hr")
    assert bases == ("E1:expiry:2024", "E1:carry-over:2024")
    assert new == ()
    bases, new = rollover_records(
        "E1", agreement, Y2024, balance, Fraction(0), {}, at=AT, by="hr", forfeited=True
    )
    assert bases[-1] == "E1:forfeited:2024"
    assert [(r.entry_id, r.amount) for r in new] == [("E1:forfeited:2024", 100)]
