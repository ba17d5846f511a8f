"""The fold, the cases mutation testing found untested (issue 11): ``add_entries`` (the bulk
path a ledger replays a history with) on entries it must leave out or hand to ``add_entry``
(imposed days, pools, a history of versions), carried days used oldest first when they carry
again, and the statement of an agreement without an envelope per period.

Every expected figure is counted by hand; the calendar is March 2024 and March 2026 (Monday 4
to Friday 8 March 2024, Monday 2 to Friday 6 March 2026; no holiday).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

import pytest

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Booking,
    Calendar,
    Cancellation,
    CarryOver,
    Contract,
    Pool,
    Quota,
    QuotaLedger,
    year_range,
)
from teleaccord.fold import PeriodSums, add_entries

AT = datetime(2024, 3, 1, tzinfo=timezone.utc)
Y2024 = year_range(2024)


def booking(entry_id: str, day: date, kind: str = "regular", half: str | None = None) -> Booking:
    return Booking(
        entry_id=entry_id, day=day, half=half, recorded_at=AT, by="E1", telework_kind=kind
    )  # type: ignore[arg-type]


def cancel(booking_id: str, day: date, amount: Fraction = Fraction(1)) -> Cancellation:
    return Cancellation(
        entry_id=f"c-{booking_id}",
        booking_id=booking_id,
        day=day,
        amount=amount,
        recorded_at=AT,
        by="E1",
    )


def sums_of(
    entries: list[object], agreement: object, pool: str = "default"
) -> dict[object, tuple[Fraction, ...]]:
    found: dict[object, PeriodSums] = {}
    add_entries(found, entries, agreement, pool)  # type: ignore[arg-type]
    return {period: (s.booked, s.cancelled) for period, s in found.items()}


def test_imposed_days_are_left_out_and_the_entries_after_them_counted() -> None:
    # Regular: 5 March (1), 7 March morning (1/2), 8 March (1), then 5 March cancelled (1).
    # The imposed day of 6 March counts in no pool.
    entries = [
        booking("b1", date(2024, 3, 5)),
        booking("i1", date(2024, 3, 6), kind="imposed"),
        booking("b2", date(2024, 3, 7), half="am"),
        booking("b3", date(2024, 3, 8)),
        cancel("b1", date(2024, 3, 5)),
    ]
    assert sums_of(entries, Agreement(name="x")) == {Y2024: (Fraction(5, 2), Fraction(1))}


def test_an_imposed_day_first_then_regular_days() -> None:
    entries = [booking("i1", date(2024, 3, 4), kind="imposed"), booking("b1", date(2024, 3, 5))]
    assert sums_of(entries, Agreement(name="x")) == {Y2024: (Fraction(1), Fraction(0))}


def test_occasional_days_count_in_the_quotas_of_an_agreement_without_pools() -> None:
    # Without pools every voluntary kind counts in the top-level quotas; imposed days do not.
    entries = [
        booking("o1", date(2024, 3, 4), kind="occasional"),
        booking("i1", date(2024, 3, 5), kind="imposed"),
        booking("b1", date(2024, 3, 6)),
        cancel("o1", date(2024, 3, 4)),
    ]
    assert sums_of(entries, Agreement(name="x")) == {Y2024: (Fraction(2), Fraction(1))}


POOLED = Agreement(
    name="x",
    pools=[
        Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="period", maximum=10)]),
        Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=5)]),
    ],
)


@pytest.mark.parametrize(
    ("pool", "expected"),
    [
        (
            "fixed",
            (Fraction(3, 2), Fraction(1, 2)),
        ),  # 4 and 5 March morning, 5 March's half cancelled
        ("flexible", (Fraction(1), Fraction(0))),  # 6 March
        ("default", None),  # every kind has its pool: the top-level quotas count nothing
    ],
)
def test_under_pools_each_pool_counts_its_own_kinds(
    pool: str, expected: tuple[Fraction, ...] | None
) -> None:
    entries = [
        booking("b1", date(2024, 3, 4)),
        booking("b2", date(2024, 3, 5), half="am"),
        booking("o1", date(2024, 3, 6), kind="occasional"),
        cancel("b2", date(2024, 3, 5), Fraction(1, 2)),
    ]
    found = sums_of(entries, POOLED, pool)
    assert found.get(Y2024, None if expected is None else ()) == expected
    assert set(found) <= {Y2024}


def test_a_pool_the_agreement_lacks_counts_nothing() -> None:
    entries = [booking("b1", date(2024, 3, 4)), booking("b2", date(2024, 3, 5))]
    assert sums_of(entries, Agreement(name="x"), "fixed").get(Y2024, (0, 0)) == (0, 0)


def test_a_history_of_versions_counts_each_day_in_its_period() -> None:
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(name="a"), start=date(2024, 1, 1), end=date(2024, 6, 30)
            ),
            AgreementVersion(agreement=Agreement(name="b"), start=date(2024, 7, 1)),
        ],
    )
    entries = [
        booking("b1", date(2024, 3, 4)),
        booking("b2", date(2024, 9, 2), half="pm"),
        booking("b3", date(2025, 1, 6)),
        cancel("b3", date(2025, 1, 6)),
    ]
    assert sums_of(entries, history) == {
        Y2024: (Fraction(3, 2), Fraction(0)),
        year_range(2025): (Fraction(1), Fraction(1)),
    }


# -- carried days, oldest first, when they carry again -------------------------------------


def test_the_oldest_carried_days_are_used_first_and_the_younger_expire_later() -> None:
    # 10 a year, unused days carried again and lost at the end of the second period they
    # were carried into. 2024: 5 taken, 5 carried into 2025 (their first), then into 2026
    # with 2025's 10 unused (their first). 2026: 5 taken, the 5 oldest first; 2026 carries
    # 20: its own 10 (first) and 2025's 10 (second), which expire at the end of 2027.
    agreement = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=10)],
        carry_over=CarryOver(mode="all", expires_after_periods=2),
    )
    led = QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(),
    )
    for year in (2024, 2025, 2026, 2027):
        led.grant(year_range(year), at=AT, by="hr")
    for day in range(4, 9):
        led.book(date(2024, 3, day), at=AT, by="E1")
    for day in range(2, 7):
        led.book(date(2026, 3, day), at=AT, by="E1")
    b2026, b2027 = led.balance(year_range(2026)), led.balance(year_range(2027))
    assert (b2026.carried, b2026.expired, b2026.remaining) == (15, 0, 20)
    assert (b2027.carried, b2027.expired, b2027.remaining) == (20, 10, 20)


def test_an_agreement_without_envelope_says_so_in_its_statement() -> None:
    agreement = Agreement(name="x", quotas=[Quota(window="week", maximum=2)])
    led = QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(),
    )
    led.book(date(2024, 3, 4), at=AT, by="E1")
    first = led.statement(Y2024).describe().splitlines()[0]
    assert first == (
        "Statement of E1, period 2024-01-01..2024-12-31: 1 booked - 0 cancelled = 1 taken "
        "(the agreement sets no envelope per period; its window quotas limit telework)"
    )


# -- wave 8: carried days that expire after some periods, used oldest first ---------------------


def _aging_chain(
    aging: int, sums: list[tuple[int, int, int]], as_of: date | None = None
) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(carried, expired, remaining) of each year from 2024, everything unused carried, the
    days carried expiring after ``aging`` periods; ``sums``: (granted, booked, cancelled)."""
    from teleaccord import Agreement, CarryOver, PeriodSums, fold_chain, year_range

    agreement = Agreement(name="x", carry_over=CarryOver(mode="all", expires_after_periods=aging))
    periods = [year_range(2024 + n) for n in range(len(sums))]
    given = [
        PeriodSums(granted=Fraction(g), booked=Fraction(b), cancelled=Fraction(c))
        for g, b, c in sums
    ]
    return [
        (f.carried, f.expired, f.remaining)
        for f in fold_chain(periods, given, agreement, as_of=as_of)
    ]


def test_carried_days_are_used_first_net_of_cancellations_and_the_rest_expires() -> None:
    # 2024 leaves 6 days, carried into 2025 for one period. 2025 uses 5 - 2 = 3 days net:
    # they come out of the carried 6 first, so 3 carried days are left, and expire.
    assert _aging_chain(1, [(10, 4, 0), (10, 5, 2), (10, 0, 0)]) == [
        (0, 0, 6),
        (6, 3, 10),  # 10 + 6 - 5 + 2 - 3
        (10, 10, 10),  # 2025's 10 unused days, carried, expire unused at the end of 2026
    ]
    # 2024 leaves 10 - 8 + 2 = 4; 2025 uses 6 net, the 4 carried first: none expire.
    assert _aging_chain(1, [(10, 8, 2), (10, 8, 2)])[1] == (4, 0, 8)  # 10 + 4 - 8 + 2


def test_carried_days_expire_after_the_number_of_periods_given() -> None:
    # Two periods: 2024's 6 days live through 2025 and 2026 and expire at the end of 2026;
    # 2025's 10 expire at the end of 2027.
    assert _aging_chain(2, [(10, 4, 0), (10, 0, 0), (10, 0, 0), (10, 0, 0)]) == [
        (0, 0, 6),
        (6, 0, 16),
        (16, 6, 20),
        (20, 10, 20),
    ]


def test_carried_days_expire_once_their_last_period_is_over_not_on_its_last_day() -> None:
    sums = [(10, 4, 0), (10, 5, 2), (10, 0, 0)]
    on_last_day = _aging_chain(1, sums, as_of=date(2025, 12, 31))
    assert on_last_day[1] == (6, 0, 13)  # 2025 is not over: nothing has expired yet
    assert on_last_day[2][0] == 0  # nor carried into 2026
    next_day = _aging_chain(1, sums, as_of=date(2026, 1, 1))
    assert next_day[1] == (6, 3, 10)
    assert next_day[2][0] == 10
