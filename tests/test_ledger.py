"""The quota ledger: entries, balances, carry-over on read, idempotency, concurrency, JSON Lines."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import attrs
import pytest
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from teleaccord import (
    Agreement,
    Booking,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    HalfDay,
    InvalidValue,
    LoadError,
    OperationRefused,
    Quota,
    QuotaLedger,
    StaleVersion,
    year_range,
)
from teleaccord.io.json import from_data, to_data

CALENDAR = Calendar()
UTC = timezone.utc
AT = datetime(2024, 1, 2, 9, tzinfo=UTC)
Y2024, Y2025 = year_range(2024), year_range(2025)


def make_ledger(agreement: Agreement | None = None, **kwargs: object) -> QuotaLedger:
    agreement = agreement or Agreement(
        name="10 days", quotas=[Quota(window="period", maximum=10)], granularity="half-day"
    )
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    return QuotaLedger(agreement=agreement, contract=contract, calendar=CALENDAR, **kwargs)  # type: ignore[arg-type]


def codes(violations: object) -> list[str]:
    return [v.code for v in violations]  # type: ignore[attr-defined]


# -- bookings, cancellations, checks ---------------------------------------------------------


def test_a_booking_uses_a_day_of_the_period_and_a_cancellation_gives_it_back() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1")
    assert isinstance(booking, Booking)
    assert booking.amount == 1
    assert ledger.balance(Y2024).remaining == 9
    ledger.cancel(booking.entry_id, at=AT + timedelta(hours=1), by="E1", reason="sick")
    balance = ledger.balance(Y2024)
    assert (balance.booked, balance.cancelled, balance.remaining) == (1, 1, 10)
    assert ledger.active_bookings() == ()
    assert ledger.version == 3


def test_check_reports_days_off_and_changes_nothing() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    assert codes(ledger.check(date(2024, 5, 1))) == ["holiday"]
    assert codes(ledger.check(date(2024, 3, 9))) == ["not_in_pattern"]
    assert ledger.check(date(2024, 3, 5)) == ()
    assert ledger.version == 1


def test_a_day_cannot_be_booked_twice_but_its_two_halves_can() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), half="am", at=AT, by="E1")
    assert codes(ledger.check(date(2024, 3, 5), half="am")) == ["already_booked"]
    assert codes(ledger.check(date(2024, 3, 5))) == ["half_day_clash"]
    ledger.book(date(2024, 3, 5), half="pm", at=AT, by="E1")
    assert ledger.telework_days() == ((date(2024, 3, 5), Fraction(1)),)


def test_a_refused_booking_raises_every_violation_and_changes_nothing() -> None:
    ledger = make_ledger()
    before = (ledger.entries, ledger.version)
    with pytest.raises(OperationRefused) as refused:
        ledger.book(date(2024, 5, 1), at=AT, by="E1")  # a holiday, and nothing granted
    assert codes(refused.value.violations) == ["holiday", "period_quota_exceeded"]
    assert (ledger.entries, ledger.version) == before


def test_the_same_id_is_an_idempotent_retry_and_a_different_content_is_refused() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    first = ledger.book(date(2024, 3, 5), at=AT, by="E1", entry_id="req-1")
    again = ledger.book(date(2024, 3, 5), at=AT + timedelta(minutes=5), by="E1", entry_id="req-1")
    assert again is first
    assert ledger.version == 2
    with pytest.raises(InvalidValue, match="already the id"):
        ledger.book(date(2024, 3, 6), at=AT, by="E1", entry_id="req-1")


def test_a_stale_writer_fails_and_an_idempotent_retry_still_succeeds() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    seen = ledger.version
    ledger.book(date(2024, 3, 5), at=AT, by="E1", entry_id="a", expected_version=seen)
    with pytest.raises(StaleVersion) as stale:
        ledger.book(date(2024, 3, 6), at=AT, by="E1", expected_version=seen)
    assert stale.value.params == {"expected": 1, "actual": 2}
    assert ledger.book(date(2024, 3, 5), at=AT, by="E1", entry_id="a", expected_version=seen)


def test_naive_timestamps_are_refused() -> None:
    ledger = make_ledger()
    with pytest.raises(InvalidValue, match="no time zone"):
        ledger.grant(Y2024, at=datetime(2024, 1, 2, 9), by="hr")


# -- carry-over computed on read ---------------------------------------------------------------


def test_carry_over_and_expiry_do_not_depend_on_the_rollover() -> None:
    agreement = Agreement(
        name="10 days, 3 carried until March",
        quotas=[Quota(window="period", maximum=10)],
        carry_over=CarryOver(mode="capped", cap=3, expires_on="03-31"),
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.grant(Y2025, at=AT, by="hr")
    ledger.book(date(2025, 2, 4), at=AT, by="E1")
    before = ledger.balance(Y2025)
    assert (before.carried, before.expired, before.remaining) == (3, 2, 10)
    first = ledger.rollover(Y2024, at=AT, by="job")
    second = ledger.rollover(Y2024, at=AT, by="job")
    assert first == second
    assert ledger.balance(Y2025) == before


def test_carried_days_are_used_first_so_days_booked_after_the_expiry_do_not_save_them() -> None:
    agreement = Agreement(
        name="carry all, until 15 February",
        quotas=[Quota(window="period", maximum=5)],
        carry_over=CarryOver(mode="all", expires_on="02-15"),
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.grant(Y2025, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")  # 4 left in 2024, all carried
    ledger.book(date(2025, 2, 3), at=AT, by="E1")  # uses a carried day
    ledger.book(date(2025, 2, 17), at=AT, by="E1")  # after the expiry: a 2025 day
    balance = ledger.balance(Y2025)
    assert (balance.carried, balance.expired, balance.remaining) == (4, 3, 4)
    # Before the expiry date nothing has expired yet.
    early = ledger.balance(Y2025, as_of=date(2025, 2, 15))
    assert (early.expired, early.booked, early.remaining) == (0, 1, 8)


@pytest.mark.parametrize(
    ("rule", "carried"),
    [(CarryOver(), 0), (CarryOver(mode="capped", cap=2), 2), (CarryOver(mode="all"), 9)],
)
def test_the_carry_over_mode_decides_what_passes_into_the_next_period(
    rule: CarryOver, carried: int
) -> None:
    agreement = Agreement(name="x", quotas=[Quota(window="period", maximum=10)], carry_over=rule)
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 6, 4), at=AT, by="E1")
    assert ledger.balance(Y2025).carried == carried
    assert ledger.balance(Y2025).remaining == carried  # 2025 not granted yet


def test_a_late_booking_is_recorded_by_a_second_rollover_under_the_next_id() -> None:
    agreement = Agreement(
        name="x", quotas=[Quota(window="period", maximum=4)], carry_over=CarryOver(mode="all")
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    (first,) = ledger.rollover(Y2024, at=AT, by="job")
    assert (first.entry_id, first.amount) == ("E1:carry-over:2024", 4)
    ledger.book(date(2024, 12, 30), at=AT, by="E1")
    records = ledger.rollover(Y2024, at=AT, by="job")
    assert [(r.entry_id, r.amount) for r in records] == [
        ("E1:carry-over:2024", 4),
        ("E1:carry-over:2024#2", -1),
    ]
    assert ledger.balance(Y2025).carried == 3


def test_a_rollover_that_never_ran_shows_in_the_statement_as_computed() -> None:
    agreement = Agreement(
        name="x", quotas=[Quota(window="period", maximum=4)], carry_over=CarryOver(mode="all")
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.grant(Y2025, at=AT, by="hr")
    statement = ledger.statement(Y2025)
    assert statement.total == statement.balance.remaining == 8
    carried = [line for line in statement.lines if line.kind == "carry-over"]
    assert [(c.amount, c.recorded, c.entry_id) for c in carried] == [
        (4, False, "E1:carry-over:2024")
    ]
    ledger.rollover(Y2024, at=AT, by="job")
    carried = [line for line in ledger.statement(Y2025).lines if line.kind == "carry-over"]
    assert [(c.amount, c.recorded) for c in carried] == [(4, True)]
    ledger.book(date(2024, 12, 30), at=AT, by="E1")  # after the rollover ran
    statement = ledger.statement(Y2025)
    carried = [line for line in statement.lines if line.kind == "carry-over"]
    assert [(c.amount, c.recorded, c.entry_id) for c in carried] == [
        (4, True, "E1:carry-over:2024"),
        (-1, False, "E1:carry-over:2024#2"),
    ]
    assert statement.total == statement.balance.remaining == 7


# -- as of a date, as known at a moment -------------------------------------------------------


def test_a_balance_as_of_a_date_counts_entries_by_the_day_they_concern() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    for day in (date(2024, 3, 5), date(2024, 6, 4), date(2024, 9, 3)):
        ledger.book(day, at=AT, by="E1")
    assert ledger.balance(Y2024, as_of=date(2024, 6, 30)).booked == 2
    assert ledger.balance(Y2024, as_of=date(2023, 12, 31)).granted == 0
    assert ledger.balance(Y2024).booked == 3


def test_a_balance_as_known_at_a_moment_ignores_what_was_recorded_later() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT + timedelta(days=1), by="E1")
    ledger.cancel(booking.entry_id, at=AT + timedelta(days=2), by="E1")
    assert ledger.balance(Y2024, known_at=AT + timedelta(days=1)).remaining == 9
    assert ledger.balance(Y2024, known_at=AT + timedelta(days=2)).remaining == 10
    assert ledger.balance(Y2024, known_at=AT - timedelta(days=1)).granted == 0
    with pytest.raises(InvalidValue):
        ledger.balance(Y2024, known_at=datetime(2024, 1, 1))


def test_a_balance_is_asked_for_a_reference_period() -> None:
    ledger = make_ledger()
    with pytest.raises(InvalidValue, match="not a reference period"):
        ledger.balance(DateRange(date(2024, 1, 1), date(2024, 6, 30)))


# -- adjustments, negative balances, regrants, accrual -----------------------------------------


def test_an_adjustment_needs_a_reason_and_cannot_make_the_balance_negative() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    with pytest.raises(InvalidValue):
        ledger.adjust(Y2024, 1, reason=" ", at=AT, by="hr")
    with pytest.raises(InvalidValue):
        ledger.adjust(Y2024, 0, reason="nothing", at=AT, by="hr")
    version = ledger.version
    with pytest.raises(OperationRefused) as refused:
        ledger.adjust(Y2024, -10, reason="strike days", at=AT, by="hr")
    assert codes(refused.value.violations) == ["negative_balance"]
    assert refused.value.violations[0].param("remaining") == -1
    assert ledger.version == version
    ledger.adjust(Y2024, "-8.5", reason="strike days", at=AT, by="hr")
    assert ledger.balance(Y2024).remaining == Fraction(1, 2)


def test_a_negative_balance_is_allowed_down_to_the_agreement_limit() -> None:
    agreement = Agreement(
        name="borrow up to 1 day",
        quotas=[Quota(window="period", maximum=1)],
        allow_negative=True,
        negative_limit=1,
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 4), at=AT, by="E1")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    assert ledger.balance(Y2024).remaining == -1
    (violation,) = ledger.check(date(2024, 3, 6))
    assert violation.code == "period_quota_exceeded"
    assert (violation.param("remaining_after"), violation.param("floor")) == (-2, -1)


def test_a_regrant_records_the_difference_after_a_late_amendment() -> None:
    from teleaccord import Amendment

    agreement = Agreement(
        name="100 days", quotas=[Quota(window="period", maximum=100, prorate=True)]
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    amended = Contract.from_amendments(
        employee="E1",
        hired=date(2020, 1, 1),
        amendments=[Amendment(effective=date(2024, 7, 1), fraction="50 %")],
    )
    regrant = ledger.regrant(Y2024, contract=amended, at=AT + timedelta(days=200), by="hr")
    assert regrant is not None
    # 182 days at 100 % and 184 days at 50 % of 366: 100 × (182 + 92) / 366.
    assert (regrant.previous, regrant.current) == (100, Fraction(13700, 183))
    assert ledger.balance(Y2024).granted == regrant.current
    assert "Before:" in regrant.explanation
    assert "Now:" in regrant.explanation
    assert ledger.contract is amended
    assert ledger.regrant(Y2024, at=AT + timedelta(days=201), by="hr") is None
    retry = ledger.regrant(Y2024, at=AT, by="hr", entry_id=regrant.entry_id)
    assert retry == regrant
    assert ledger.statement(Y2024).total == regrant.current


def test_with_monthly_accrual_a_day_must_have_accrued_by_the_day_booked() -> None:
    from teleaccord import Accrual, Prorating

    agreement = Agreement(
        name="12 days earned monthly",
        quotas=[Quota(window="period", maximum=12, prorate=True)],
        prorating=Prorating(basis="whole-months"),
        accrual=Accrual(step="monthly", at="end"),
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    assert codes(ledger.check(date(2024, 1, 30))) == ["period_quota_exceeded"]
    ledger.book(date(2024, 2, 1), at=AT, by="E1")  # January's day has accrued
    (violation,) = ledger.check(date(2024, 2, 2))
    assert violation.param("accrued") == 1
    ledger.book(date(2024, 3, 1), at=AT, by="E1")
    # A day in January would now make the February booking exceed what accrued by then.
    assert "period_quota_exceeded" in codes(ledger.check(date(2024, 1, 31)))


def test_a_period_is_granted_once() -> None:
    ledger = make_ledger()
    first = ledger.grant(Y2024, at=AT, by="hr")
    assert ledger.grant(Y2024, at=AT + timedelta(days=1), by="hr") is first
    with pytest.raises(OperationRefused) as refused:
        ledger.grant(Y2024, at=AT, by="hr", entry_id="other")
    assert codes(refused.value.violations) == ["already_granted"]


def test_a_booking_is_cancelled_once() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    booking = ledger.book(date(2024, 3, 5), at=AT, by="E1")
    ledger.cancel(booking.entry_id, at=AT, by="E1")
    with pytest.raises(OperationRefused) as refused:
        ledger.cancel(booking.entry_id, at=AT, by="E1")
    assert codes(refused.value.violations) == ["already_cancelled"]
    with pytest.raises(InvalidValue, match="no booking"):
        ledger.cancel("nope", at=AT, by="E1")


def test_ignoring_a_rule_is_for_corrections_and_never_for_the_invariants() -> None:
    from teleaccord import Notice

    agreement = Agreement(
        name="x", quotas=[Quota(window="period", maximum=10)], notice=Notice(working_days=2)
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    late = datetime(2024, 3, 5, 8, tzinfo=UTC)
    assert codes(ledger.check(date(2024, 3, 5), at=late)) == ["notice_too_short"]
    ledger.book(date(2024, 3, 5), at=late, by="hr", ignore={"notice_too_short"})
    with pytest.raises(InvalidValue, match="cannot be ignored"):
        ledger.book(date(2024, 3, 5), at=late, by="hr", ignore={"already_booked"})


def test_entries_that_contradict_each_other_are_refused_on_construction() -> None:
    booking = Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=AT, by="E1")
    twin = Booking(entry_id="c", day=date(2024, 3, 5), half="am", recorded_at=AT, by="E1")
    with pytest.raises(InvalidValue, match="booked twice"):
        make_ledger(entries=[booking, twin])


# -- reporting ----------------------------------------------------------------------------------


def test_days_taken_per_month_and_year_count_active_bookings_only() -> None:
    ledger = make_ledger()
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), at=AT, by="E1")
    ledger.book(date(2024, 3, 6), half="pm", at=AT, by="E1")
    cancelled = ledger.book(date(2024, 4, 2), at=AT, by="E1")
    ledger.cancel(cancelled.entry_id, at=AT, by="E1")
    ledger.book(date(2024, 4, 3), at=AT, by="E1")
    months = ledger.days_taken(Y2024, by="month")
    assert len(months) == 12
    assert [(m.label, m.amount, m.days) for m in months[2:4]] == [
        ("2024-03", Fraction(3, 2), 2),
        ("2024-04", Fraction(1), 1),
    ]
    (year,) = ledger.days_taken(Y2024, by="year")
    assert (year.label, year.amount, year.days) == ("2024", Fraction(5, 2), 3)
    assert [w.label for w in ledger.days_taken(by="week")][:1] == ["2024-W10"]
    assert ledger.days_taken(Y2024, by="year", as_of=date(2024, 3, 31))[0].amount == Fraction(3, 2)
    with pytest.raises(InvalidValue):
        ledger.days_taken(by="day")


# -- JSON Lines ---------------------------------------------------------------------------------


def full_ledger() -> QuotaLedger:
    agreement = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=10)],
        granularity="half-day",
        carry_over=CarryOver(mode="capped", cap=3, expires_after_days=60),
    )
    ledger = make_ledger(agreement)
    ledger.grant(Y2024, at=AT, by="hr")
    ledger.book(date(2024, 3, 5), half="am", at=AT, by="E1", note="dentist")
    booking = ledger.book(date(2024, 3, 6), at=AT, by="E1")
    ledger.cancel(booking.entry_id, at=AT, by="E1", reason="meeting on site")
    ledger.adjust(Y2024, Fraction(1, 3), reason="prorated correction", at=AT, by="hr")
    ledger.grant(Y2025, at=AT, by="hr")
    ledger.book(date(2025, 1, 7), at=AT, by="E1")
    ledger.rollover(Y2024, at=AT, by="job")
    ledger.rollover(Y2025, at=AT, by="job")
    return ledger


def test_json_lines_replay_reproduces_every_entry_and_balance() -> None:
    ledger = full_ledger()
    text = ledger.to_jsonl()
    assert '"81/2"' not in text
    assert '"1/3"' in text
    again = QuotaLedger.from_jsonl(
        text, agreement=ledger.agreement, contract=ledger.contract, calendar=CALENDAR
    )
    assert again.entries == ledger.entries
    assert again.version == ledger.version
    assert again.balances() == ledger.balances()
    assert again.to_jsonl() == text


def test_json_lines_keep_a_note_with_unicode_line_separators() -> None:
    ledger = full_ledger()
    ledger.book(date(2024, 3, 7), at=AT, by="E1", note="first\u2028second\x85third")
    again = QuotaLedger.from_jsonl(
        ledger.to_jsonl(), agreement=ledger.agreement, contract=ledger.contract, calendar=CALENDAR
    )
    assert again.entries == ledger.entries


def test_bad_json_lines_are_reported_with_their_line_numbers() -> None:
    ledger = full_ledger()
    lines = ledger.to_jsonl().splitlines()
    lines[1] = lines[1].replace('"amount": "10"', '"amount": 10.0')
    lines[2] = lines[2].replace("+00:00", "")
    lines.append('{"type": "booking", "entry_id": "x"}')
    lines.append("{not json")
    with pytest.raises(LoadError) as error:
        QuotaLedger.from_jsonl(
            "\n".join(lines),
            agreement=ledger.agreement,
            contract=ledger.contract,
            calendar=CALENDAR,
            source="e1.jsonl",
        )
    paths = [p.path for p in error.value.problems]
    n = len(lines)
    assert paths[:3] == ["line 2.amount", "line 3.recorded_at", "line 3"] or paths[:2] == [
        "line 2.amount",
        "line 3.recorded_at",
    ]
    assert f"line {n - 1}.day" in paths
    assert f"line {n}" in paths
    assert str(error.value).startswith("e1.jsonl:")


def test_a_ledger_file_of_another_employee_is_refused() -> None:
    ledger = full_ledger()
    other = Contract.from_amendments(employee="E2", hired=date(2020, 1, 1))
    with pytest.raises(LoadError, match="ledger of 'E1'"):
        QuotaLedger.from_jsonl(
            ledger.to_jsonl(), agreement=ledger.agreement, contract=other, calendar=CALENDAR
        )


def test_json_lines_are_written_in_format_2_the_one_wire_shape() -> None:
    ledger = full_ledger()
    header, first, *_ = (json.loads(line) for line in ledger.to_jsonl().splitlines())
    assert (header["type"], header["format"], header["entries"]) == ("ledger", 2, ledger.version)
    assert first == to_data(ledger.entries[0])


def test_a_format_1_file_loads_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    ledger = full_ledger()
    lines = [json.loads(line) for line in ledger.to_jsonl().splitlines()]
    old = [{**lines[0], "format": 1}]
    for data in lines[1:-1]:  # the entries, between the header and the trailer
        kind = type(from_data(data)).kind  # type: ignore[attr-defined]
        old.append(
            {"type": kind, **{k: v for k, v in data.items() if k not in ("type", "schema_version")}}
        )
    text = "\n".join(json.dumps(d) for d in old)
    with caplog.at_level("WARNING", logger="teleaccord.io.jsonl"):
        again = QuotaLedger.from_jsonl(
            text, agreement=ledger.agreement, contract=ledger.contract, calendar=CALENDAR
        )
    assert again.entries == ledger.entries
    assert "ledger_unverified" in caplog.text


@pytest.mark.parametrize(
    ("cut", "codes"),
    [
        (slice(None, -1), ["ledger_truncated"]),  # the trailer is missing: cut short
        (slice(None, -2), ["entry_count_mismatch", "ledger_truncated"]),
        ([0, 1, 3, -1], ["entry_count_mismatch", "entry_count_mismatch"]),  # a line removed
    ],
)
def test_a_format_2_file_cut_short_or_changed_is_refused(cut: object, codes: list[str]) -> None:
    ledger = full_ledger()
    lines = ledger.to_jsonl().splitlines()
    kept = lines[cut] if isinstance(cut, slice) else [lines[i] for i in cut]  # type: ignore[index, union-attr]
    with pytest.raises(LoadError) as error:
        QuotaLedger.from_jsonl(
            "\n".join(kept), agreement=ledger.agreement, contract=ledger.contract, calendar=CALENDAR
        )
    assert sorted(p.code for p in error.value.problems) == codes


def test_replay_appends_stored_entries_without_the_booking_rules() -> None:
    ledger = full_ledger()
    again = make_ledger(ledger.agreement)
    for entry in ledger.entries:
        again.replay(entry)
    assert again.balances() == ledger.balances()
    with pytest.raises(InvalidValue) as caught:
        again.replay(ledger.entries[0])
    assert caught.value.code == "inconsistent_entries"
    assert again.version == ledger.version


# -- stateful: random grants, bookings, cancellations, adjustments and rollovers ----------------

YEARS = (2024, 2025, 2026)
QUOTA = Fraction(6)
CAP = Fraction(2)
LAST_USABLE = (2, 15)  # carried days can be used until 15 February
MODEL_HOLIDAYS = {date(y, m, d) for y in YEARS for (m, d) in ((1, 1), (12, 25))}
STATEFUL_AGREEMENT = Agreement(
    name="6 days, 2 carried until 15 February",
    quotas=[Quota(window="period", maximum=QUOTA)],
    granularity="half-day",
    carry_over=CarryOver(mode="capped", cap=CAP, expires_on="02-15"),
)
CANDIDATE_DAYS = sorted(
    {date(y, 1, 1) + timedelta(days=n) for y in YEARS for n in range(10)}
    | {date(y, 2, 10) + timedelta(days=n) for y in YEARS for n in range(10)}
    | {date(y, 12, 20) + timedelta(days=n) for y in YEARS for n in range(12)}
)
HALVES = [None, HalfDay.MORNING, HalfDay.AFTERNOON]
STEPS = sorted(
    {Fraction(-2), Fraction(-1), Fraction(-1, 2), Fraction(1, 2), Fraction(1), Fraction(3)}
)


@attrs.define
class ModelBooking:
    day: date
    half: HalfDay | None
    active: bool = True

    @property
    def amount(self) -> Fraction:
        return Fraction(1) if self.half is None else Fraction(1, 2)


class LedgerMachine(RuleBasedStateMachine):
    """The ledger against a deliberately simple model: dicts of grants, adjustments and
    bookings, and a year loop for carry-over and expiry."""

    def __init__(self) -> None:
        super().__init__()
        self.contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
        self.ledger = QuotaLedger(
            agreement=STATEFUL_AGREEMENT, contract=self.contract, calendar=CALENDAR
        )
        self.clock = datetime(2024, 1, 1, 8, tzinfo=UTC)
        self.granted: dict[int, Fraction] = {}
        self.adjusted: dict[int, Fraction] = {}
        self.bookings: dict[str, ModelBooking] = {}

    # -- the model ------------------------------------------------------------------------

    def tick(self) -> datetime:
        self.clock += timedelta(minutes=7)
        return self.clock

    def model_balances(
        self,
        bookings: dict[str, ModelBooking] | None = None,
        adjusted: dict[int, Fraction] | None = None,
    ) -> dict[int, dict[str, Fraction]]:
        bookings = self.bookings if bookings is None else bookings
        adjusted = self.adjusted if adjusted is None else adjusted
        result = {}
        carry = Fraction(0)
        for year in YEARS:
            mine = [b for b in bookings.values() if b.day.year == year]
            booked = sum((b.amount for b in mine), Fraction(0))
            cancelled = sum((b.amount for b in mine if not b.active), Fraction(0))
            early = sum(
                (b.amount for b in mine if b.active and b.day <= date(year, *LAST_USABLE)),
                Fraction(0),
            )
            expired = max(Fraction(0), carry - early)
            remaining = (
                self.granted.get(year, Fraction(0))
                + carry
                + adjusted.get(year, Fraction(0))
                - booked
                + cancelled
                - expired
            )
            result[year] = {
                "granted": self.granted.get(year, Fraction(0)),
                "carried": carry,
                "adjusted": adjusted.get(year, Fraction(0)),
                "booked": booked,
                "cancelled": cancelled,
                "expired": expired,
                "remaining": remaining,
            }
            carry = min(CAP, max(Fraction(0), remaining))
        return result

    def snapshot(self) -> tuple[object, ...]:
        return (
            self.ledger.entries,
            self.ledger.version,
            tuple(self.ledger.balance(year_range(y)) for y in YEARS),
        )

    # -- rules ----------------------------------------------------------------------------

    @rule(year=st.sampled_from(YEARS))
    def grant(self, year: int) -> None:
        version = self.ledger.version
        grant = self.ledger.grant(year_range(year), at=self.tick(), by="hr")
        note(f"grant {year}: {grant.amount}")
        assert grant.amount == QUOTA
        assert self.ledger.version == version + (year not in self.granted)
        self.granted[year] = QUOTA

    @rule(day=st.sampled_from(CANDIDATE_DAYS), half=st.sampled_from(HALVES), named=st.booleans())
    def book(self, day: date, half: HalfDay | None, named: bool) -> None:
        expected: set[str] = set()
        if day.weekday() >= 5:
            expected.add("not_in_pattern")
        elif day in MODEL_HOLIDAYS:
            expected.add("holiday")
        same_day = [b for b in self.bookings.values() if b.active and b.day == day]
        if any(b.half is None or b.half is half for b in same_day):
            expected.add("already_booked")
        elif half is None and same_day:
            expected.add("half_day_clash")
        trial = dict(self.bookings)
        trial["new"] = ModelBooking(day, half)
        after = self.model_balances(trial)
        if any(after[y]["remaining"] < 0 for y in YEARS if y >= day.year):
            expected.add("period_quota_exceeded")
        entry_id = f"b{len(self.bookings)}" if named else None
        note(f"book {day} {half} -> expected {sorted(expected)}")
        before = self.snapshot()
        refused: OperationRefused | None = None
        try:
            booking = self.ledger.book(day, half=half, at=self.tick(), by="E1", entry_id=entry_id)
        except OperationRefused as exc:
            refused = exc
        if refused is not None:
            assert {v.code for v in refused.violations} == expected
            assert self.snapshot() == before, "a refused booking changed the ledger"
            return
        assert not expected, f"booked although the model expected {expected}"
        self.bookings[booking.entry_id] = ModelBooking(day, half)

    @precondition(lambda self: any(b.active for b in self.bookings.values()))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        active = sorted(k for k, b in self.bookings.items() if b.active)
        booking_id = data.draw(st.sampled_from(active))
        note(f"cancel {booking_id}")
        self.ledger.cancel(booking_id, at=self.tick(), by="E1", reason="changed my mind")
        self.bookings[booking_id].active = False

    @precondition(lambda self: any(not b.active for b in self.bookings.values()))
    @rule(data=st.data())
    def cancel_again_is_refused(self, data: st.DataObject) -> None:
        done = sorted(k for k, b in self.bookings.items() if not b.active)
        booking_id = data.draw(st.sampled_from(done))
        before = self.snapshot()
        with pytest.raises(OperationRefused):
            self.ledger.cancel(booking_id, at=self.tick(), by="E1")
        assert self.snapshot() == before

    @rule(year=st.sampled_from(YEARS), amount=st.sampled_from(STEPS))
    def adjust(self, year: int, amount: Fraction) -> None:
        trial = dict(self.adjusted)
        trial[year] = trial.get(year, Fraction(0)) + amount
        after = self.model_balances(adjusted=trial)
        refuse = amount < 0 and any(after[y]["remaining"] < 0 for y in YEARS if y >= year)
        note(f"adjust {year} by {amount} -> {'refused' if refuse else 'accepted'}")
        before = self.snapshot()
        refused: OperationRefused | None = None
        try:
            self.ledger.adjust(
                year_range(year), amount, reason="correction", at=self.tick(), by="hr"
            )
        except OperationRefused as exc:
            refused = exc
        if refused is not None:
            assert refuse
            assert {v.code for v in refused.violations} == {"negative_balance"}
            assert self.snapshot() == before
            return
        assert not refuse
        self.adjusted = trial

    @rule(year=st.sampled_from(YEARS))
    def rollover(self, year: int) -> None:
        balances = tuple(self.ledger.balance(year_range(y)) for y in YEARS)
        first = self.ledger.rollover(year_range(year), at=self.tick(), by="job")
        version = self.ledger.version
        second = self.ledger.rollover(year_range(year), at=self.tick(), by="job")
        note(f"rollover {year}: {[(r.entry_id, r.amount) for r in first]}")
        assert first == second
        assert self.ledger.version == version
        assert tuple(self.ledger.balance(year_range(y)) for y in YEARS) == balances

    @precondition(lambda self: self.bookings)
    @rule(data=st.data())
    def retry_with_the_same_id(self, data: st.DataObject) -> None:
        booking_id = data.draw(st.sampled_from(sorted(self.bookings)))
        entry = self.ledger.entry(booking_id)
        assert isinstance(entry, Booking)
        version = self.ledger.version
        again = self.ledger.book(
            entry.day,
            half=entry.half,
            at=self.tick(),
            by=entry.by,
            entry_id=booking_id,
            expected_version=0,
        )
        assert again == entry
        assert self.ledger.version == version

    @precondition(lambda self: self.ledger.version > 0)
    @rule(day=st.sampled_from(CANDIDATE_DAYS))
    def stale_writer(self, day: date) -> None:
        before = self.snapshot()
        with pytest.raises(StaleVersion):
            self.ledger.book(day, at=self.tick(), by="E1", expected_version=self.ledger.version - 1)
        assert self.snapshot() == before

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def balances_match_the_model(self) -> None:
        model = self.model_balances()
        for year in YEARS:
            balance = self.ledger.balance(year_range(year))
            got = {name: getattr(balance, name) for name in model[year]}
            assert got == model[year], (year, got, model[year])

    @invariant()
    def remaining_is_what_came_in_less_what_went_out(self) -> None:
        for year in YEARS:
            b = self.ledger.balance(year_range(year))
            assert b.remaining == (
                b.granted + b.carried + b.adjusted - b.booked + b.cancelled - b.expired
            )
            assert b.remaining >= 0, "a balance went below zero"

    @invariant()
    def no_day_is_booked_twice(self) -> None:
        seen: dict[date, set[HalfDay]] = {}
        for booking in self.ledger.active_bookings():
            halves = (
                {HalfDay.MORNING, HalfDay.AFTERNOON} if booking.half is None else {booking.half}
            )
            assert not seen.get(booking.day, set()) & halves, booking
            seen.setdefault(booking.day, set()).update(halves)
        model = sorted((b.day, str(b.half)) for b in self.bookings.values() if b.active)
        assert sorted((b.day, str(b.half)) for b in self.ledger.active_bookings()) == model

    def teardown(self) -> None:
        # Replay from JSON Lines reproduces the entries and every balance (once, at the end).
        again = QuotaLedger.from_jsonl(
            self.ledger.to_jsonl(),
            agreement=STATEFUL_AGREEMENT,
            contract=self.contract,
            calendar=CALENDAR,
        )
        assert again.entries == self.ledger.entries
        for year in (*YEARS, YEARS[-1] + 1):
            period = year_range(year)
            assert again.balance(period) == self.ledger.balance(period)
            statement = self.ledger.statement(period)
            assert statement.total == statement.balance.remaining
        # Within a period the remaining days never grow as the date moves on (so none of
        # them is negative when the end of the period is not).
        for year in YEARS:
            days = [date(year, 1, 1), date(year, 2, 15), date(year, 2, 16), date(year, 12, 31)]
            remaining = [self.ledger.balance(year_range(year), as_of=d).remaining for d in days]
            assert remaining == sorted(remaining, reverse=True), (year, remaining)
            assert remaining[-1] == self.ledger.balance(year_range(year)).remaining
        # What was known at a moment is the balance of the entries recorded by then.
        entries = self.ledger.entries
        for cut in {0, len(entries) // 2, len(entries)}:
            if not entries:
                break
            moment = entries[cut - 1].recorded_at if cut else self.clock - timedelta(days=999)
            prefix = QuotaLedger(
                agreement=STATEFUL_AGREEMENT,
                contract=self.contract,
                calendar=CALENDAR,
                entries=entries[:cut],
            )
            for year in YEARS:
                known = self.ledger.balance(year_range(year), known_at=moment)
                assert attrs.evolve(known, known_at=None) == prefix.balance(year_range(year))


TestLedgerMachine = LedgerMachine.TestCase
