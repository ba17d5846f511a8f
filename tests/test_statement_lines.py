"""Statement lines, the forfeiture line and the reasons given: each figure and text hand-written.

The scenario (all figures worked out by hand):

* 2024: granted 10 (exact 9.75), regranted down to 9 (-1), adjusted +0.5, a morning booked on
  5 March (-0.5), 6 March booked (-1) and cancelled (+1): 9 - 0.5 + 0.5 = 9 remaining.
* The carry-over rule carries at most 2 days, usable until 31 March: 2 days go into 2025,
  the other 7 are forfeited at the end of 2024.
* 2025: 2 carried, 3 February booked (-1, used from the carried days), the one carried day
  left expires after 31 March: 2 - 1 - 1 = 0 remaining.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

import pytest

from teleaccord import (
    Adjustment,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Balance,
    Booking,
    Cancellation,
    CarryOver,
    CarryOverIn,
    Entry,
    Expiry,
    Forfeiture,
    Grant,
    Regrant,
    forfeit_reason,
    realize,
    year_range,
)
from teleaccord.fold import statement

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
LATER = datetime(2025, 1, 3, 9, tzinfo=timezone.utc)
Y2024, Y2025, Y2026 = year_range(2024), year_range(2025), year_range(2026)

CAPPED = Agreement(
    name="capped",
    granularity="half-day",
    carry_over=CarryOver(mode="capped", cap=2, expires_on="03-31"),
)


def scenario() -> list[Entry]:
    return [
        Grant(
            entry_id="g", period=Y2024, amount=10, exact=Fraction(39, 4), recorded_at=AT, by="hr"
        ),
        Booking(
            entry_id="b1", day=date(2024, 3, 5), half="am", recorded_at=AT, by="ana", note="dentist"
        ),
        Booking(entry_id="b2", day=date(2024, 3, 6), recorded_at=AT, by="ana"),
        Cancellation(
            entry_id="c2",
            booking_id="b2",
            day=date(2024, 3, 6),
            amount=1,
            recorded_at=AT,
            by="bob",
            reason="ill",
        ),
        Adjustment(
            entry_id="a", period=Y2024, amount=Fraction(1, 2), reason="fix", recorded_at=AT, by="hr"
        ),
        Regrant(
            entry_id="r", period=Y2024, amount=-1, previous=10, current=9, recorded_at=AT, by="hr"
        ),
        Booking(entry_id="b3", day=date(2025, 2, 3), recorded_at=AT, by="ana"),
    ]


def balances(entries: list[Entry], agreement: Agreement | AgreementHistory = CAPPED) -> dict:
    return realize(entries, agreement, employee="E1", through=Y2025)


def test_the_figures_of_the_scenario() -> None:
    b2024, b2025 = balances(scenario()).values()
    assert (b2024.granted, b2024.adjusted, b2024.booked, b2024.cancelled) == (
        9,
        Fraction(1, 2),
        Fraction(3, 2),
        1,
    )
    assert (b2024.remaining, b2024.forfeited) == (9, 7)
    assert (b2025.carried, b2025.booked, b2025.expired, b2025.remaining, b2025.forfeited) == (
        2,
        1,
        1,
        0,
        0,
    )


def test_each_entry_gives_one_line_with_its_kind_amount_and_text_in_order() -> None:
    entries = scenario()
    b2024 = balances(entries)[Y2024]
    lines = statement(entries, CAPPED, b2024).lines
    got = [(line.day, line.kind, line.amount, line.entry_id, line.description) for line in lines]
    new_year = date(2024, 1, 1)
    assert got == [
        (new_year, "grant", 10, "g", "granted (exact 9.75)"),
        (new_year, "regrant", -1, "r", "regranted: 10 -> 9"),
        (new_year, "adjustment", Fraction(1, 2), "a", "adjusted by hr: fix"),
        (date(2024, 3, 5), "booking", Fraction(-1, 2), "b1", "booked (am) by ana: dentist"),
        (date(2024, 3, 6), "booking", -1, "b2", "booked by ana"),
        (date(2024, 3, 6), "cancellation", 1, "c2", "cancelled b2 by bob: ill"),
    ]
    assert all(line.recorded and line.recorded_at == AT for line in lines)


def test_a_cancellation_without_reason_and_an_afternoon_read_plainly() -> None:
    entries: list[Entry] = [
        Grant(entry_id="g", period=Y2024, amount=5, exact=5, recorded_at=AT, by="hr"),
        Booking(entry_id="b", day=date(2024, 3, 5), half="pm", recorded_at=AT, by="ana"),
        Cancellation(
            entry_id="c",
            booking_id="b",
            day=date(2024, 3, 5),
            amount=Fraction(1, 2),
            recorded_at=AT,
            by="ana",
        ),
    ]
    b2024 = balances(entries)[Y2024]
    texts = [line.description for line in statement(entries, CAPPED, b2024).lines]
    assert texts == ["granted (exact 5)", "booked (pm) by ana", "cancelled b by ana"]


def test_the_statement_table_shows_the_forfeiture_only_when_asked() -> None:
    entries = scenario()
    b2024 = balances(entries)[Y2024]
    s = statement(entries, CAPPED, b2024)
    head = (
        "Statement of E1, period 2024-01-01..2024-12-31: 9 granted + 0 carried + 0.5 adjusted"
        " - 1.5 booked + 1 cancelled - 0 expired = 9 remaining"
    )
    body = [
        "  2024-01-01  grant           +10  granted (exact 9.75)",
        "  2024-01-01  regrant          -1  regranted: 10 -> 9",
        "  2024-01-01  adjustment     +0.5  adjusted by hr: fix",
        "  2024-03-05  booking        -0.5  booked (am) by ana: dentist",
        "  2024-03-06  booking          -1  booked by ana",
        "  2024-03-06  cancellation     +1  cancelled b2 by bob: ill",
        "              remaining         9",
    ]
    forfeit = (
        "  2024-12-31  forfeited         7  forfeited: above the carry-over cap of 2 days into 2025"
    )
    assert s.describe() == "\n".join([head, *body])
    assert str(s) == s.describe()
    assert s.describe(forfeited=True) == "\n".join([head, *body, forfeit])


def test_the_forfeiture_line_of_a_closed_period() -> None:
    entries = scenario()
    s = statement(entries, CAPPED, balances(entries)[Y2024])
    assert s.forfeiture is not None
    line = s.forfeiture
    assert (line.day, line.kind, line.amount, line.entry_id) == (
        date(2024, 12, 31),
        "forfeited",
        -7,
        "E1:forfeited:2024",
    )
    assert line.description == "forfeited: above the carry-over cap of 2 days into 2025"
    assert line.recorded is False
    assert s.total == 9  # the forfeited days do not reduce the closed period's remaining days


def test_no_forfeiture_line_when_nothing_is_forfeited() -> None:
    entries = scenario()
    s = statement(entries, CAPPED, balances(entries)[Y2025])
    assert s.forfeiture is None
    assert "forfeited" not in s.describe(forfeited=True)


@pytest.mark.parametrize(
    ("recorded_ids", "amounts", "recorded"),
    [
        (["E1:forfeited:2024"], [7], True),
        (["E1:forfeited:2024", "E1:forfeited:2024#2"], [4, 3], True),
        (["E1:forfeited:2024"], [5], False),
        (["E2:forfeited:2024"], [7], False),
    ],
)
def test_a_recorded_forfeiture_marks_the_line_recorded_and_is_not_a_line(
    recorded_ids: list[str], amounts: list[int], recorded: bool
) -> None:
    entries = scenario() + [
        Forfeiture(entry_id=i, period=Y2024, amount=a, recorded_at=LATER, by="hr", reason="cap")
        for i, a in zip(recorded_ids, amounts, strict=True)
    ]
    b2024 = balances(entries)[Y2024]
    assert b2024.forfeited == 7  # recorded or not, the fold computes it
    s = statement(entries, CAPPED, b2024)
    assert s.forfeiture is not None
    assert s.forfeiture.recorded is recorded
    assert s.forfeiture.entry_id == "E1:forfeited:2024"
    assert [line.kind for line in s.lines].count("forfeiture") == 0
    assert s.total == 9


def test_carry_over_and_expiry_computed_on_read() -> None:
    entries = scenario()
    s = statement(entries, CAPPED, balances(entries)[Y2025])
    got = [
        (line.day, line.kind, line.amount, line.entry_id, line.description, line.recorded)
        for line in s.lines
    ]
    assert got == [
        (date(2025, 1, 1), "carry-over", 2, "E1:carry-over:2024", "carried over from 2024", False),
        (date(2025, 2, 3), "booking", -1, "b3", "booked by ana", True),
        (date(2025, 4, 1), "expiry", -1, "E1:expiry:2025", "carried days expired unused", False),
    ]
    assert all(line.recorded_at is None for line in s.lines if not line.recorded)
    text = s.describe()
    assert (
        "  2025-01-01  carry-over       +2  carried over from 2024 (computed on read, not recorded)"
        in text
    )
    assert (
        "  2025-04-01  expiry           -1  carried days expired unused (computed on read, not recorded)"
        in text
    )
    assert text.endswith("              remaining         0")


def test_recorded_carry_over_and_expiry_are_lines_and_only_the_rest_is_computed() -> None:
    entries = [
        *scenario(),
        CarryOverIn(
            entry_id="E1:carry-over:2024",
            period=Y2025,
            from_period=Y2024,
            amount=1,
            recorded_at=LATER,
            by="hr",
        ),
        Expiry(
            entry_id="E1:expiry:2025",
            period=Y2025,
            day=date(2025, 4, 1),
            amount=Fraction(1, 2),
            recorded_at=LATER,
            by="hr",
        ),
    ]
    s = statement(entries, CAPPED, balances(entries)[Y2025])
    got = [
        (line.kind, line.amount, line.entry_id, line.description, line.recorded) for line in s.lines
    ]
    assert got == [
        ("carry-over", 1, "E1:carry-over:2024", "carried over from 2024", True),
        ("carry-over", 1, "E1:carry-over:2024#2", "carried over from 2024", False),
        ("booking", -1, "b3", "booked by ana", True),
        ("expiry", Fraction(-1, 2), "E1:expiry:2025", "carried days expired unused", True),
        ("expiry", Fraction(-1, 2), "E1:expiry:2025#2", "carried days expired unused", False),
    ]
    assert s.total == 0


def test_fully_recorded_rollover_adds_no_computed_line() -> None:
    entries = [
        *scenario(),
        CarryOverIn(
            entry_id="E1:carry-over:2024",
            period=Y2025,
            from_period=Y2024,
            amount=2,
            recorded_at=LATER,
            by="hr",
        ),
        Expiry(
            entry_id="E1:expiry:2025",
            period=Y2025,
            day=date(2025, 4, 1),
            amount=1,
            recorded_at=LATER,
            by="hr",
        ),
    ]
    s = statement(entries, CAPPED, balances(entries)[Y2025])
    assert all(line.recorded for line in s.lines)
    assert [line.kind for line in s.lines] == ["carry-over", "booking", "expiry"]
    assert "computed on read" not in s.describe()


def test_a_statement_as_known_before_the_cancellation_keeps_the_booking() -> None:
    later_cancel = scenario()
    later_cancel[3] = Cancellation(
        entry_id="c2",
        booking_id="b2",
        day=date(2024, 3, 6),
        amount=1,
        recorded_at=LATER,
        by="bob",
        reason="ill",
    )
    b = realize(later_cancel, CAPPED, employee="E1", through=Y2024, known_at=AT)[Y2024]
    s = statement(later_cancel, CAPPED, b)
    assert [line.entry_id for line in s.lines] == ["g", "r", "a", "b1", "b2"]
    assert s.total == b.remaining == 8


def test_a_statement_as_of_a_day_leaves_later_bookings_out() -> None:
    entries = scenario()
    b = realize(entries, CAPPED, employee="E1", through=Y2024, as_of=date(2024, 3, 5))[Y2024]
    s = statement(entries, CAPPED, b)
    assert [line.entry_id for line in s.lines] == ["g", "r", "a", "b1"]
    assert s.total == b.remaining == 9
    assert s.forfeiture is None  # the period is not over on 5 March


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (CarryOver(mode="none"), "unused days are not carried over into 2025"),
        (CarryOver(mode="capped", cap=5), "above the carry-over cap of 5 days into 2025"),
        (
            CarryOver(mode="capped", cap=Fraction(5, 2)),
            "above the carry-over cap of 2.5 days into 2025",
        ),
        (CarryOver(mode="all", balance_cap=12), "above the balance cap of 12 days into 2025"),
        (
            CarryOver(mode="capped", cap=5, balance_cap=12),
            "above the carry-over cap of 5 days or the balance cap of 12 days into 2025",
        ),
        (CarryOver(mode="all"), "above the carry-over rule into 2025"),
    ],
)
def test_the_reason_days_are_forfeited(rule: CarryOver, reason: str) -> None:
    assert forfeit_reason(Agreement(name="x", carry_over=rule), Y2024) == reason


def test_the_reason_follows_the_version_in_force_in_the_next_period() -> None:
    history = AgreementHistory(
        name="h",
        versions=(
            AgreementVersion(
                agreement=Agreement(name="a", carry_over=CarryOver(mode="capped", cap=3)),
                start=date(2020, 1, 1),
            ),
            AgreementVersion(
                agreement=Agreement(name="b", carry_over=CarryOver(mode="none")),
                start=date(2025, 1, 1),
            ),
        ),
    )
    assert (
        forfeit_reason(history, year_range(2023)) == "above the carry-over cap of 3 days into 2024"
    )
    assert forfeit_reason(history, Y2024) == "unused days are not carried over into 2025"
    assert forfeit_reason(history, Y2025) == "unused days are not carried over into 2026"


def test_balance_describe_names_the_date_the_moment_and_the_pool() -> None:
    b = Balance(
        employee="E1",
        period=Y2024,
        as_of=date(2024, 6, 30),
        known_at=AT,
        granted=Fraction(21, 2),
        booked=Fraction(1, 4),
        pool="flexible",
    )
    assert b.describe() == (
        "E1, period 2024-01-01..2024-12-31 as of 2024-06-30 as known at 2024-01-02T09:00:00+00:00,"
        " pool flexible: 10.5 granted + 0 carried + 0 adjusted - 0.25 booked + 0 cancelled"
        " - 0 expired = 10.25 remaining"
    )
    assert str(b) == b.describe()


def test_a_recorded_forfeiture_is_the_statement_s_forfeiture_line() -> None:
    # After a rollover recorded it: the same line as computed on read, marked recorded; its
    # words come from the agreement's rule, whatever reason the record holds.
    rollover_at = datetime(2025, 1, 1, 1, tzinfo=timezone.utc)
    for reason in ("above the carry-over cap of 2 days into 2025", ""):
        forfeit = Forfeiture(
            entry_id="E1:forfeited:2024",
            period=Y2024,
            amount=7,
            recorded_at=rollover_at,
            by="rollover",
            reason=reason,
        )
        entries = [*scenario(), forfeit]
        s = statement(entries, CAPPED, balances(entries)[Y2024])
        line = s.forfeiture
        assert line is not None
        assert (line.day, line.kind, line.amount, line.entry_id, line.recorded) == (
            date(2024, 12, 31),
            "forfeited",
            -7,
            "E1:forfeited:2024",
            True,
        )
        assert line.description == "forfeited: above the carry-over cap of 2 days into 2025"
        assert [x.kind for x in s.lines].count("forfeited") == 0  # not among the lines
        assert s.total == 9  # a forfeiture changes no balance of the closed period
