"""The ledger's behaviours that mutation testing (``tools/mutation.py ledger``) found untested.

Each test goes through the public API (``QuotaLedger`` and the values it returns) and checks a
figure or an error worked out by hand: error codes and fields, the ids the ledger derives,
filters by period, ``as_of`` and ``known_at``, the negative-balance floor, and the fast path
``check`` takes when nothing is carried between periods.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import pytest

from teleaccord import (
    Absence,
    Agreement,
    Amendment,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    InvalidValue,
    LoadError,
    OperationRefused,
    Pool,
    Quota,
    QuotaLedger,
    Rounding,
    StaleVersion,
    month_range,
    year_range,
)

CALENDAR = Calendar()
UTC = timezone.utc
AT = datetime(2024, 1, 2, 9, tzinfo=UTC)
NAIVE = datetime(2024, 1, 2, 9)
Y2024, Y2025 = year_range(2024), year_range(2025)
HIRED = date(2020, 1, 1)


def ten_days(**kwargs: object) -> Agreement:
    return Agreement(
        name="10 days",
        quotas=[Quota(window="period", maximum=10)],
        granularity="half-day",
        **kwargs,  # type: ignore[arg-type]
    )


def make_ledger(
    agreement: Agreement | None = None, contract: Contract | None = None, **kwargs: object
) -> QuotaLedger:
    return QuotaLedger(
        agreement=agreement or ten_days(),
        contract=contract or Contract.from_amendments(employee="E1", hired=HIRED),
        calendar=CALENDAR,
        **kwargs,  # type: ignore[arg-type]
    )


def codes(violations: object) -> list[str]:
    return [v.code for v in violations]  # type: ignore[attr-defined]


def half_time_from_july() -> Contract:
    return Contract.from_amendments(
        employee="E1",
        hired=HIRED,
        amendments=[Amendment(effective=date(2024, 7, 1), fraction="50 %")],
    )


# -- errors name their field and carry their code -------------------------------------------


def test_an_unknown_entry_id_is_an_invalid_value_naming_the_id() -> None:
    ledger = make_ledger()
    with pytest.raises(InvalidValue) as error:
        ledger.entry("nope")
    assert (error.value.code, error.value.field) == ("unknown_entry", "entry_id")
    assert "'nope'" in str(error.value)
    assert "E1" in str(error.value)


@pytest.mark.parametrize(
    "operation",
    [
        lambda ledger: ledger.regrant(Y2024, at=NAIVE, by="hr"),
        lambda ledger: ledger.adjust(Y2024, 1, reason="r", at=NAIVE, by="hr"),
        lambda ledger: ledger.check(date(2024, 3, 5), at=NAIVE),
        lambda ledger: ledger.rollover(Y2024, at=NAIVE, by="job"),
        lambda ledger: ledger.record_absence(
            Absence(absence_id="L1", employee="E1", kind="paid_leave", days=month_range(2024, 3)),
            at=NAIVE,
            by="hr",
        ),
    ],
    ids=["regrant", "adjust", "check", "rollover", "record_absence"],
)
def test_a_naive_timestamp_is_refused_under_the_name_at(operation: object) -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    with pytest.raises(InvalidValue) as error:
        operation(ledger)  # type: ignore[operator]
    assert (error.value.code, error.value.field) == ("naive_datetime", "at")
    assert str(error.value).startswith("at: ")
    assert ledger.version == 1


@pytest.mark.parametrize(
    "operation",
    [
        lambda ledger: ledger.days_taken(known_at=NAIVE),
        lambda ledger: ledger.balance(Y2024, known_at=NAIVE),
        lambda ledger: ledger.balance(Y2024, known_at=NAIVE, pool="flexible"),
    ],
    ids=["days_taken", "balance", "pool_balance"],
)
def test_a_naive_known_at_is_refused_under_its_name(operation: object) -> None:
    ledger = make_ledger(pooled())
    with pytest.raises(InvalidValue) as error:
        operation(ledger)  # type: ignore[operator]
    assert (error.value.code, error.value.field) == ("naive_datetime", "known_at")


def test_a_day_or_an_as_of_that_is_not_a_date_is_refused_under_its_name() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    with pytest.raises(InvalidValue) as error:
        ledger.check("5 March")  # type: ignore[arg-type]
    assert error.value.field == "day"
    with pytest.raises(InvalidValue) as error:
        ledger.balance(Y2024, as_of="end of March")  # type: ignore[arg-type]
    assert error.value.field == "as_of"
    # ISO text is a date.
    assert ledger.balance(Y2024, as_of="2024-03-31").remaining == 10  # type: ignore[arg-type]


def test_days_taken_by_an_unknown_window_names_the_by_argument() -> None:
    ledger = make_ledger()
    with pytest.raises(InvalidValue) as error:
        ledger.days_taken(by="day")
    assert (error.value.code, error.value.field) == ("invalid_report", "by")


# -- check(ignore=...) -----------------------------------------------------------------------


def test_ignore_leaves_out_exactly_the_codes_named() -> None:
    from teleaccord import Notice

    agreement = ten_days(notice=Notice(working_days=2))
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    late = datetime(2024, 5, 1, 8, tzinfo=UTC)
    # 1 May is a holiday, and booking it that morning is too late.
    assert sorted(codes(ledger.check(date(2024, 5, 1), at=late))) == [
        "holiday",
        "notice_too_short",
    ]
    assert codes(ledger.check(date(2024, 5, 1), at=late, ignore=["notice_too_short"])) == [
        "holiday"
    ]
    assert codes(ledger.check(date(2024, 5, 1), at=late, ignore=["weekly_max_exceeded"])) != []
    assert sorted(
        codes(ledger.check(date(2024, 5, 1), at=late, ignore=["weekly_max_exceeded"]))
    ) == ["holiday", "notice_too_short"]


# -- regrant ---------------------------------------------------------------------------------


def prorated_100() -> Agreement:
    return Agreement(name="100 days", quotas=[Quota(window="period", maximum=100, prorate=True)])


def test_a_regrant_is_refused_for_another_employee_or_an_ungranted_period() -> None:
    ledger = make_ledger(prorated_100())
    with pytest.raises(InvalidValue) as error:
        ledger.regrant(Y2024, at=AT, by="hr")
    assert (error.value.code, error.value.field) == ("not_granted", "period")
    assert "grant it first" in str(error.value)
    ledger.grant(Y2024, at=AT, by="hr")
    other = Contract.from_amendments(employee="E2", hired=HIRED)
    with pytest.raises(InvalidValue) as error:
        ledger.regrant(Y2024, at=AT, by="hr", contract=other)
    assert (error.value.code, error.value.field) == ("wrong_employee", "contract")
    assert "E2" in str(error.value)
    assert ledger.version == 1


def test_regrants_are_numbered_and_explain_both_figures() -> None:
    ledger = make_ledger(prorated_100())
    ledger.grant(Y2024, at=AT, by="hr")
    first = ledger.regrant(Y2024, at=AT, by="hr", contract=half_time_from_july())
    assert first is not None
    assert first.entry_id == "E1:regrant:2024#1"
    # 182 days at 100 % and 184 days at 50 % of 366: 100 × 274 / 366 = 13700/183.
    assert (first.previous, first.current, first.amount) == (
        100,
        Fraction(13700, 183),
        Fraction(-4600, 183),
    )
    assert first.explanation.startswith("Entitlement for 2024 recomputed")
    assert "100 before, 13700/183 now (difference -4600/183)" in first.explanation
    back = ledger.regrant(Y2024, at=AT, by="hr", contract=make_ledger().contract)
    assert back is not None
    assert back.entry_id == "E1:regrant:2024#2"
    assert (back.previous, back.current, back.amount) == (
        Fraction(13700, 183),
        100,
        Fraction(4600, 183),
    )
    assert ledger.balance(Y2024).granted == 100


def test_a_regrant_that_changes_nothing_still_takes_the_new_contract() -> None:
    ledger = make_ledger(prorated_100())
    ledger.grant(Y2024, at=AT, by="hr")
    same_figure = Contract.from_amendments(employee="E1", hired=date(2019, 6, 1))
    assert ledger.regrant(Y2024, at=AT, by="hr", contract=same_figure) is None
    assert ledger.contract is same_figure
    amended = half_time_from_july()
    regrant = ledger.regrant(Y2024, at=AT, by="hr", contract=amended, entry_id="r1")
    assert regrant is not None
    # An idempotent retry with a new contract object for the same terms takes it too.
    again = half_time_from_july()
    assert ledger.regrant(Y2024, at=AT, by="hr", contract=again, entry_id="r1") == regrant
    assert ledger.contract is again
    assert ledger.version == 2


def test_a_regrant_checks_the_version_and_the_id() -> None:
    ledger = make_ledger(prorated_100())
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1")
    with pytest.raises(StaleVersion):
        ledger.regrant(Y2024, at=AT, by="hr", contract=half_time_from_july(), expected_version=1)
    with pytest.raises(InvalidValue) as error:
        ledger.regrant(
            Y2024, at=AT, by="hr", contract=half_time_from_july(), entry_id=booking.entry_id
        )
    assert error.value.code == "entry_id_reused"
    assert ledger.version == 2
    assert (
        ledger.regrant(Y2024, at=AT, by="hr", contract=half_time_from_july(), expected_version=2)
        is not None
    )


# -- adjustments and the negative floor -------------------------------------------------------


def test_an_adjustment_gets_a_derived_id_and_a_retry_changes_nothing() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    adjustment = ledger.adjust(Y2024, 2, reason="bonus", at=AT, by="hr")
    assert adjustment.entry_id == "E1:adjustment:2"
    named = ledger.adjust(Y2024, -1, reason="strike", at=AT, by="hr", entry_id="a1")
    retry = ledger.adjust(
        Y2024, -1, reason="strike", at=AT + timedelta(hours=1), by="hr", entry_id="a1"
    )
    assert retry == named
    assert ledger.version == 3
    assert ledger.balance(Y2024).remaining == 11


def test_a_stale_writer_is_told_so_before_any_rule_is_checked() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    # The adjustment would also make the balance negative: the stale version comes first.
    with pytest.raises(StaleVersion):
        ledger.adjust(Y2024, -20, reason="r", at=AT, by="hr", expected_version=0)


def test_a_positive_adjustment_is_accepted_even_while_the_balance_is_below_zero() -> None:
    agreement = Agreement(
        name="10 days prorated",
        quotas=[Quota(window="period", maximum=10, prorate=True)],
        granularity="half-day",
        rounding=Rounding("half-up", unit=Fraction(1, 2)),
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    for day in range(4, 8):  # 8 days in March and April
        ledger.book(date(2024, 3, day), at=AT, by="E1")
        ledger.book(date(2024, 4, day + 4), at=AT, by="E1")
    # 10 × 274 / 366 = 7.486... rounded to the half-day: 7.5, so 7.5 - 8 = -1/2.
    regrant = ledger.regrant(Y2024, at=AT, by="hr", contract=half_time_from_july())
    assert regrant is not None
    assert regrant.current == Fraction(15, 2)
    assert ledger.balance(Y2024).remaining == Fraction(-1, 2)
    ledger.adjust(Y2024, Fraction(1, 4), reason="goodwill", at=AT, by="hr")
    assert ledger.balance(Y2024).remaining == Fraction(-1, 4)


def test_without_a_negative_limit_an_adjustment_may_go_as_low_as_it_likes() -> None:
    ledger = make_ledger(ten_days(allow_negative=True))
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.adjust(Y2024, -25, reason="r", at=AT, by="hr")
    assert ledger.balance(Y2024).remaining == -15


def test_the_negative_limit_is_the_floor_of_an_adjustment() -> None:
    ledger = make_ledger(ten_days(allow_negative=True, negative_limit=1))
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    with pytest.raises(OperationRefused) as refused:
        ledger.adjust(Y2024, Fraction(-21, 2), reason="r", at=AT, by="hr")
    (violation,) = refused.value.violations
    assert violation.code == "negative_balance"
    assert violation.day == date(2024, 1, 1)
    assert dict(violation.params) == {
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "remaining": Fraction(-3, 2),
        "floor": -1,
        "amount": Fraction(-21, 2),
    }
    assert "(now 9)" in violation.message
    ledger.adjust(Y2024, -10, reason="r", at=AT, by="hr")
    assert ledger.balance(Y2024).remaining == -1


def test_an_adjustment_is_refused_when_it_empties_a_later_period_it_carries_into() -> None:
    ledger = make_ledger(ten_days(carry_over=CarryOver(mode="all")))
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.grant(Y2025, at=AT, by="hr")
    ledger.adjust(Y2025, -15, reason="r", at=AT, by="hr")  # 10 carried + 10 - 15 = 5
    assert ledger.balance(Y2025).remaining == 5
    with pytest.raises(OperationRefused) as refused:
        ledger.adjust(Y2024, -8, reason="r", at=AT, by="hr")  # 2024 keeps 2, 2025 falls to -3
    (violation,) = refused.value.violations
    assert violation.day == date(2025, 1, 1)
    assert (violation.param("period_start"), violation.param("remaining")) == (
        date(2025, 1, 1),
        -3,
    )
    assert "(now 5)" in violation.message


def pooled() -> Agreement:
    return Agreement(
        name="1 fixed + 11 flexible",
        pools=[
            Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="week", maximum=1)]),
            Pool(
                name="flexible",
                kinds=["occasional"],
                quotas=[Quota(window="period", maximum=11)],
            ),
        ],
    )


def test_a_pool_adjustment_is_checked_against_its_own_pool() -> None:
    ledger = make_ledger(pooled())
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.adjust(Y2024, -5, reason="r", at=AT, by="hr", pool="flexible")
    assert ledger.balance(Y2024, pool="flexible").remaining == 6
    with pytest.raises(OperationRefused) as refused:
        ledger.adjust(Y2024, -7, reason="r", at=AT, by="hr", pool="flexible")
    assert refused.value.violations[0].param("remaining") == -1


# -- refusals carry their figures --------------------------------------------------------------


def test_granting_twice_is_refused_with_the_grant_already_there() -> None:
    ledger = make_ledger()
    first = ledger.grant(Y2024, at=AT, by="hr")
    with pytest.raises(OperationRefused) as refused:
        ledger.grant(Y2024, at=AT, by="hr", entry_id="other")
    (violation,) = refused.value.violations
    assert violation.day == date(2024, 1, 1)
    assert dict(violation.params) == {"granted": 10, "entry_id": first.entry_id}
    assert violation.message.endswith("record a change of entitlement with regrant().")


def test_cancelling_twice_is_refused_with_the_first_cancellation() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1")
    first = ledger.cancel(booking.entry_id, at=AT, by="E1")
    with pytest.raises(OperationRefused) as refused:
        ledger.cancel(booking.entry_id, at=AT, by="E1", entry_id="again")
    (violation,) = refused.value.violations
    assert violation.day == date(2024, 3, 5)
    assert dict(violation.params) == {
        "booking_id": booking.entry_id,
        "cancellation_id": first.entry_id,
    }


# -- the check of the last day left (nothing carried between periods) ---------------------------


def test_a_cancelled_day_is_free_again_for_the_quota() -> None:
    ledger = make_ledger(ten_days())
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.adjust(Y2024, -9, reason="r", at=AT, by="hr")  # one day left
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1")
    assert codes(ledger.check(date(2024, 3, 6))) == ["period_quota_exceeded"]
    ledger.cancel(booking.entry_id, at=AT, by="E1")
    assert ledger.check(date(2024, 3, 6)) == ()


def test_a_grant_in_thirds_leaves_its_whole_days_to_book() -> None:
    agreement = Agreement(
        name="10 days prorated", quotas=[Quota(window="period", maximum=10, prorate=True)]
    )
    hired_in_september = Contract.from_amendments(employee="E1", hired=date(2024, 9, 1))
    ledger = make_ledger(agreement, hired_in_september)
    # 122 days of 366: 10 × 122 / 366 = 10/3.
    assert ledger.grant(Y2024, at=AT, by="hr").amount == Fraction(10, 3)
    for day in (3, 4, 5):
        assert ledger.check(date(2024, 9, day)) == ()
        ledger.book(date(2024, 9, day), at=AT, by="E1")
    assert codes(ledger.check(date(2024, 9, 6))) == ["period_quota_exceeded"]


# -- reading by period, as_of and known_at ------------------------------------------------------


def test_days_taken_by_month_by_default_as_known_then_and_up_to_as_of_inclusive() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    late = ledger.book(date(2024, 3, 29), at=AT, by="E1")
    ledger.cancel(late.entry_id, at=AT + timedelta(days=10), by="E1")
    ledger.book(date(2024, 4, 2), half="am", at=AT + timedelta(days=20), by="E1")
    (march, april) = ledger.days_taken()
    # Without a period, the windows run from the first day taken to the last.
    assert (march.employee, march.label) == ("E1", "2024-03")
    assert march.window == DateRange(date(2024, 3, 5), date(2024, 3, 31))
    assert (march.amount, march.days, april.amount, april.days) == (1, 1, Fraction(1, 2), 1)
    before_cancel = ledger.days_taken(known_at=AT + timedelta(days=1))
    assert [(t.label, t.amount, t.days) for t in before_cancel] == [("2024-03", 2, 2)]
    assert ledger.days_taken(Y2024, by="year", as_of=date(2024, 4, 2))[0].amount == Fraction(3, 2)
    assert ledger.days_taken(Y2024, by="year", as_of=date(2024, 4, 1))[0].amount == 1
    empty = ledger.days_taken(Y2024)[0]
    assert (empty.label, empty.amount, empty.days) == ("2024-01", 0, 0)
    assert isinstance(empty.amount, Fraction)


def test_iso_weeks_are_clipped_to_the_period_asked() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 7), at=AT, by="E1")
    ledger.book(date(2024, 3, 18), at=AT, by="E1")
    # From Wednesday 6 March to Monday 18 March 2024.
    weeks = ledger.days_taken(DateRange(date(2024, 3, 6), date(2024, 3, 18)), by="week")
    assert [(w.label, w.window.start, w.window.end, w.days) for w in weeks] == [
        ("2024-W10", date(2024, 3, 6), date(2024, 3, 10), 1),
        ("2024-W11", date(2024, 3, 11), date(2024, 3, 17), 0),
        ("2024-W12", date(2024, 3, 18), date(2024, 3, 18), 1),
    ]


def test_telework_days_and_kinds_read_only_the_period_asked() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    ledger.book(date(2024, 4, 2), half="pm", at=AT, by="E1", telework_kind="imposed")
    assert ledger.telework_days(month_range(2024, 4)) == ((date(2024, 4, 2), Fraction(1, 2)),)
    assert ledger.telework_days(month_range(2024, 5)) == ()
    assert ledger.taken_by_kind(month_range(2024, 3)) == {"regular": 1}
    assert ledger.taken_by_kind() == {"imposed": Fraction(1, 2), "regular": 1}


def test_a_statement_and_pool_balances_follow_as_of_and_known_at() -> None:
    ledger = make_ledger(pooled())
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1", telework_kind="occasional")
    ledger.book(date(2024, 6, 4), at=AT + timedelta(days=30), by="E1", telework_kind="occasional")
    assert ledger.balance(Y2024, pool="flexible").remaining == 9
    assert ledger.statement(Y2024, pool="flexible").total == 9
    assert ledger.statement(Y2024, pool="flexible", as_of=date(2024, 4, 1)).total == 10
    assert ledger.statement(Y2024, pool="flexible", known_at=AT + timedelta(days=1)).total == 10
    assert ledger.pool_balances(Y2024, as_of=date(2024, 4, 1))["flexible"].remaining == 10
    assert ledger.pool_balances(Y2024, known_at=AT + timedelta(days=1))["flexible"].remaining == 10
    assert ledger.balance(Y2024, pool="flexible", known_at=AT + timedelta(days=1)).booked == 1
    assert (
        ledger.balance(
            Y2024, pool="flexible", known_at=AT + timedelta(days=31), as_of=date(2024, 4, 1)
        ).booked
        == 1
    )


# -- absences ----------------------------------------------------------------------------------


def test_an_absence_of_another_employee_or_not_an_absence_is_refused() -> None:
    ledger = make_ledger()
    with pytest.raises(InvalidValue) as error:
        ledger.record_absence("leave", at=AT, by="hr")  # type: ignore[arg-type]
    assert (error.value.code, error.value.field) == ("invalid_value", "absence")
    assert "'leave'" in str(error.value)
    theirs = Absence(absence_id="L1", employee="E2", kind="paid_leave", days=month_range(2024, 3))
    with pytest.raises(InvalidValue) as error:
        ledger.record_absence(theirs, at=AT, by="hr")
    assert (error.value.code, error.value.field) == ("wrong_employee", "absence")


def test_an_absence_cancels_the_bookings_it_covers_under_derived_ids() -> None:
    ledger = make_ledger(pooled())
    ledger.grant(Y2024, at=AT, by="hr")
    inside = ledger.book(date(2024, 3, 5), at=AT, by="E1", telework_kind="occasional")
    outside = ledger.book(date(2024, 3, 12), at=AT, by="E1", telework_kind="occasional")
    leave = Absence(
        absence_id="L1",
        employee="E1",
        kind="paid_leave",
        days=DateRange(date(2024, 3, 4), date(2024, 3, 8)),
    )
    ledger.record_absence(leave, at=AT, by="hr")
    cancellation = ledger.entry(f"L1:cancel:{inside.entry_id}")
    assert (cancellation.telework_kind, cancellation.reason) == ("occasional", "absence")  # type: ignore[attr-defined]
    assert ledger.active_bookings() == (outside,)
    assert ledger.balance(Y2024, pool="flexible").remaining == 10


def test_an_absence_whose_cancellation_id_is_taken_is_refused_and_changes_nothing() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1", entry_id="b")
    ledger.book(date(2024, 3, 6), at=AT, by="E1", entry_id="L1:cancel:b")
    leave = Absence(
        absence_id="L1",
        employee="E1",
        kind="paid_leave",
        days=DateRange(date(2024, 3, 4), date(2024, 3, 8)),
    )
    version = ledger.version
    with pytest.raises(InvalidValue) as error:
        ledger.record_absence(leave, at=AT, by="hr")
    assert (error.value.code, error.value.field) == ("entry_id_reused", "absence_id")
    assert "'L1:cancel:b'" in str(error.value)
    assert ledger.version == version
    assert booking in ledger.active_bookings()


def test_absent_halves_of_a_period_leave_out_the_other_absences() -> None:
    ledger = make_ledger()
    march = Absence(
        absence_id="L1",
        employee="E1",
        kind="paid_leave",
        days=DateRange(date(2024, 3, 4), date(2024, 3, 5)),
    )
    may = Absence(
        absence_id="L2",
        employee="E1",
        kind="paid_leave",
        days=DateRange(date(2024, 5, 6), date(2024, 5, 6)),
    )
    ledger.record_absence(may, at=AT, by="hr")
    ledger.record_absence(march, at=AT, by="hr")
    assert ledger.absent_halves() == {date(2024, 3, 4): 3, date(2024, 3, 5): 3, date(2024, 5, 6): 3}
    assert list(ledger.absent_halves()) == [date(2024, 3, 4), date(2024, 3, 5), date(2024, 5, 6)]
    assert ledger.absent_halves(month_range(2024, 5)) == {date(2024, 5, 6): 3}
    assert ledger.absent_halves(month_range(2024, 5), counting="coverage") == {date(2024, 5, 6): 3}


def test_a_visit_on_site_is_absent_but_not_for_the_on_site_count() -> None:
    from teleaccord import AbsenceKind

    agreement = ten_days(absence_kinds=[AbsenceKind(name="site_visit", on_site=True)])
    ledger = make_ledger(agreement)
    visit = Absence(
        absence_id="V1",
        employee="E1",
        kind="site_visit",
        days=DateRange(date(2024, 3, 4), date(2024, 3, 4)),
    )
    ledger.record_absence(visit, at=AT, by="hr")
    assert ledger.absent_halves() == {date(2024, 3, 4): 3}
    assert ledger.absent_halves(counting="on_site") == {}


def test_recording_an_absence_checks_the_version() -> None:
    ledger = make_ledger()
    leave = Absence(absence_id="L1", employee="E1", kind="paid_leave", days=month_range(2024, 3))
    with pytest.raises(StaleVersion):
        ledger.record_absence(leave, at=AT, by="hr", expected_version=3)
    assert ledger.absences == ()
    ledger.record_absence(leave, at=AT, by="hr", expected_version=0)
    assert ledger.absences == (leave,)


# -- rollover ----------------------------------------------------------------------------------


def test_an_expiry_is_recorded_on_the_day_after_the_last_usable_day() -> None:
    agreement = ten_days(carry_over=CarryOver(mode="capped", cap=3, expires_after_days=60))
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.grant(Y2025, at=AT, by="hr")
    records = ledger.rollover(Y2025, at=AT, by="job")
    ledger.rollover(Y2024, at=AT, by="job")
    (expiry,) = [r for r in records if r.kind == "expiry"]
    # 3 days carried into 2025, usable for 60 days (1 January to 1 March): expired on 2 March.
    assert (expiry.amount, expiry.day) == (3, date(2025, 3, 2))


def test_a_rollover_with_something_to_record_checks_the_version() -> None:
    agreement = ten_days(carry_over=CarryOver(mode="all"))
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    with pytest.raises(StaleVersion):
        ledger.rollover(Y2024, at=AT, by="job", expected_version=0)
    assert ledger.version == 1


# -- module and JSON Lines shims --------------------------------------------------------------


def test_the_moved_entry_functions_still_import_from_the_ledger_module() -> None:
    import teleaccord.ledger
    from teleaccord.io import jsonl

    assert teleaccord.ledger.entry_to_dict is jsonl.entry_to_dict
    assert teleaccord.ledger.entry_from_dict is jsonl.entry_from_dict
    with pytest.raises(AttributeError, match="'nope'"):
        teleaccord.ledger.nope  # noqa: B018


def test_from_jsonl_builds_the_ledger_with_what_it_is_given() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    calendar = Calendar()
    back = QuotaLedger.from_jsonl(
        ledger.to_jsonl(),
        agreement=ten_days(),
        contract=ledger.contract,
        calendar=calendar,
        statuses=["carer"],
        rules=(),
    )
    assert back.calendar is calendar
    assert back.statuses == ("carer",)
    assert back.booking_rules == ()
    assert back.entries == ledger.entries
    with pytest.raises(LoadError) as error:
        QuotaLedger.from_jsonl(
            "{not json\n", agreement=ten_days(), contract=ledger.contract, calendar=calendar
        )
    assert str(error.value).startswith("ledger.jsonl: ")


def test_cancel_names_its_errors_and_derives_its_id() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1")
    with pytest.raises(InvalidValue) as error:
        ledger.cancel("nope", at=AT, by="E1")
    assert (error.value.code, error.value.field) == ("unknown_booking", "booking_id")
    with pytest.raises(InvalidValue) as error:
        ledger.cancel(booking.entry_id, at=NAIVE, by="E1")
    assert (error.value.code, error.value.field) == ("naive_datetime", "at")
    with pytest.raises(StaleVersion):
        ledger.cancel(booking.entry_id, at=AT, by="E1", expected_version=1)
    cancellation = ledger.cancel(booking.entry_id, at=AT, by="E1")
    assert (cancellation.entry_id, cancellation.reason) == ("E1:cancellation:3", "")


def test_a_period_that_is_not_a_reference_period_is_named_with_the_one_meant() -> None:
    ledger = make_ledger()
    with pytest.raises(InvalidValue) as error:
        ledger.balance(DateRange(date(2024, 1, 1), date(2024, 6, 30)))
    assert (error.value.code, error.value.field) == ("not_a_reference_period", "period")
    assert "(the one starting then is 2024-01-01..2024-12-31)" in str(error.value)


def test_active_bookings_list_a_day_s_morning_before_its_afternoon() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    pm = ledger.book(date(2024, 3, 5), half="pm", at=AT, by="E1")
    am = ledger.book(date(2024, 3, 5), half="am", at=AT, by="E1")
    day = ledger.book(date(2024, 3, 4), at=AT, by="E1")
    assert ledger.active_bookings() == (day, am, pm)
