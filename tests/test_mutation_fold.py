"""The fold, the cases mutation testing found untested (issue 11): ``add_entries`` (the bulk
path a ledger replays a history with) on entries it must leave out or hand to ``add_entry``
(imposed days, pools, a history of versions), carried days used oldest first when they carry
again, and the statement of an agreement without an envelope per period.

Every expected figure is counted by hand; the calendar is March 2024 and March 2026 (Monday 4
to Friday 8 March 2024, Monday 2 to Friday 6 March 2026; no holiday).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from datetime import date, datetime, timezone
from fractions import Fraction

import pytest

from teleaccord import (
    Absence,
    AbsenceRecord,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Booking,
    Calendar,
    Cancellation,
    CarryOver,
    Contract,
    DateRange,
    Grant,
    Pool,
    Quota,
    QuotaLedger,
    ReferencePeriod,
    fold_chain,
    fold_periods,
    period_sums,
    realize,
    year_range,
)
from teleaccord.fold import (
    PeriodSums,
    add_entries,
    add_entry,
    half_days,
    period_containing,
    remaining_days,
    statement,
)

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


# -- wave 9: a history's carry-over rules, the cap on the balance, the statement's pool filter ---


def _flows(flows: Iterable[tuple[Fraction, ...]]) -> list[tuple[Fraction, ...]]:
    """(carried, expired, forfeited, remaining) of each flow."""
    return [tuple(flow) for flow in flows]


def _by_year(*versions: tuple[int, CarryOver]) -> AgreementHistory:
    """A history of one version a year from the years given, each with its carry-over rule
    (the last one open-ended)."""
    return AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(name=f"v{year}", carry_over=rule),
                start=date(year, 1, 1),
                end=None if n == len(versions) - 1 else date(versions[n + 1][0] - 1, 12, 31),
            )
            for n, (year, rule) in enumerate(versions)
        ],
    )


def test_each_period_of_a_history_carries_and_expires_by_the_rule_of_its_own_version() -> None:
    # 2024: nothing carried out under its own rule, but 2025's version carries everything
    # (days crossing a switch follow the new version): 10 - 4 = 6 carried, none forfeited.
    # 2025 (all, expiring on 31 March): the 6 carried expire unused; 10 + 6 - 6 = 10 left,
    # carried whole into 2026 by 2026's version (all, no expiry), which keeps them: 10.
    history = _by_year(
        (2024, CarryOver()),
        (2025, CarryOver(mode="all", expires_on="03-31")),
        (2026, CarryOver(mode="all")),
    )
    sums = [
        PeriodSums(granted=Fraction(10), booked=Fraction(4)),
        PeriodSums(granted=Fraction(10)),
        PeriodSums(),
    ]
    flows = fold_chain([year_range(2024), year_range(2025), year_range(2026)], sums, history)
    assert _flows(flows) == [(0, 0, 0, 6), (6, 6, 0, 10), (10, 0, 0, 10)]


def test_the_last_period_carries_out_by_the_rule_of_the_version_after_it() -> None:
    # 2024 carries everything under its own rule, but 2025's version carries nothing: the
    # 10 - 4 = 6 days left at the end of 2024 are forfeited, even folding 2024 alone.
    history = _by_year((2024, CarryOver(mode="all")), (2025, CarryOver()))
    sums = PeriodSums(granted=Fraction(10), booked=Fraction(4))
    assert _flows(fold_chain([Y2024], [sums], history)) == [(0, 0, 6, 6)]
    assert _flows(list(fold_periods({Y2024: sums}, history, through=Y2024).values())) == [
        (0, 0, 6, 6)
    ]


def test_the_cap_on_the_balance_counts_the_grant_of_the_period_carried_into() -> None:
    # A balance of at most 12 days. 2024: 10 - 2 = 8 left, 2025 grants 10: room for 2,
    # 6 forfeited. 2025: 10 + 2 = 12 left, 2026 grants 4: room for 8, 4 forfeited.
    # 2026: 4 + 8 = 12, nothing after it: all 12 carried.
    agreement = Agreement(name="x", carry_over=CarryOver(mode="all", balance_cap=12))
    sums = [
        PeriodSums(granted=Fraction(10), booked=Fraction(2)),
        PeriodSums(granted=Fraction(10)),
        PeriodSums(granted=Fraction(4)),
    ]
    flows = fold_chain([year_range(2024), year_range(2025), year_range(2026)], sums, agreement)
    assert _flows(flows) == [(0, 0, 6, 8), (2, 0, 4, 12), (8, 0, 0, 12)]


def test_folding_up_to_a_period_counts_the_grant_of_the_period_after_it() -> None:
    # As above, folding 2024 alone: 2025's grant of 10 (in the sums given) leaves room for
    # 2 of the 8 days left under the cap of 12: 6 forfeited.
    agreement = Agreement(name="x", carry_over=CarryOver(mode="all", balance_cap=12))
    sums = {
        Y2024: PeriodSums(granted=Fraction(10), booked=Fraction(2)),
        year_range(2025): PeriodSums(granted=Fraction(10)),
    }
    flows = fold_periods(sums, agreement, through=Y2024)
    assert _flows(list(flows.values())) == [(0, 0, 6, 8)]


def test_days_are_forfeited_once_the_period_is_over_not_on_its_last_day() -> None:
    # Nothing carried: 10 - 6 = 4 days left, forfeited from 1 January 2025.
    sums = {Y2024: PeriodSums(granted=Fraction(10), booked=Fraction(6))}
    agreement = Agreement(name="x")
    on_last_day = fold_periods(sums, agreement, through=Y2024, as_of=date(2024, 12, 31))
    assert _flows(list(on_last_day.values())) == [(0, 0, 0, 4)]
    next_day = fold_periods(sums, agreement, through=Y2024, as_of=date(2025, 1, 1))
    assert _flows(list(next_day.values())) == [(0, 0, 4, 4)]


def test_no_carried_days_expiring_is_still_a_fraction() -> None:
    # 6 days carried into 2025 for two periods: none expire there, an exact zero.
    agreement = Agreement(name="x", carry_over=CarryOver(mode="all", expires_after_periods=2))
    sums = [PeriodSums(granted=Fraction(10), booked=Fraction(4)), PeriodSums()]
    flow = fold_chain([year_range(2024), year_range(2025)], sums, agreement)[1]
    assert flow.expired == 0
    assert isinstance(flow.expired, Fraction)


def test_a_period_is_found_for_a_day_asked_for_the_first_time_and_again() -> None:
    # A reference period made here (June to May), so that the first look-up is not
    # remembered from another test or an earlier run in the same process: 14 July 2087 is
    # in 1 June 2087 .. 31 May 2088, the first time and the second.
    agreement = Agreement(name="x", reference=ReferencePeriod(kind="year", start_month=6))
    expected = DateRange(start=date(2087, 6, 1), end=date(2088, 5, 31))
    assert period_containing(agreement, date(2087, 7, 14)) == expected
    assert period_containing(agreement, date(2087, 7, 14)) == expected


def _grant(entry_id: str, amount: int, pool: str = "default") -> Grant:
    return Grant(
        entry_id=entry_id,
        period=Y2024,
        amount=amount,
        exact=amount,
        recorded_at=AT,
        by="hr",
        pool=pool,
    )


def test_the_statement_of_the_default_pool_leaves_out_another_pool_s_grant() -> None:
    # Two pools, only regular days: the 5 days granted to "flexible" are not the default
    # pool's. Default: 10 granted - 1 booked (5 March) = 9, and the lines add up to 9.
    agreement = Agreement(name="x", pools=[Pool(name="flexible", kinds=["occasional"])])
    entries = [_grant("g", 10), _grant("gf", 5, pool="flexible"), booking("b1", date(2024, 3, 5))]
    balance = realize(entries, agreement, employee="E1")[Y2024]
    assert balance.remaining == 9
    found = statement(entries, agreement, balance)
    assert [line.entry_id for line in found.lines] == ["g", "b1"]
    assert found.total == 9


def test_an_absence_in_the_ledger_does_not_end_the_statement() -> None:
    # 10 granted, an absence recorded (no effect), then 7 March booked: 9, three lines read,
    # the absence's left out.
    absence = Absence(
        absence_id="A1", employee="E1", kind="rtt", days=DateRange.single(date(2024, 3, 6))
    )
    entries = [
        _grant("g", 10),
        AbsenceRecord(absence=absence, recorded_at=AT, by="hr"),
        booking("b1", date(2024, 3, 7)),
    ]
    agreement = Agreement(name="x")
    balance = realize(entries, agreement, employee="E1")[Y2024]
    found = statement(entries, agreement, balance)
    assert [line.entry_id for line in found.lines] == ["g", "b1"]
    assert found.total == balance.remaining == 9


def test_a_history_s_statement_counts_each_day_in_the_pool_of_its_version() -> None:
    # Until 30 June occasional days have their own pool; from 1 July they count in the
    # default pool. Default: 10 granted - 1 (2 September; 5 March was "flexible"'s) = 9.
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(name="a", pools=[Pool(name="flexible", kinds=["occasional"])]),
                start=date(2024, 1, 1),
                end=date(2024, 6, 30),
            ),
            AgreementVersion(agreement=Agreement(name="b"), start=date(2024, 7, 1)),
        ],
    )
    entries = [
        _grant("g", 10),
        booking("o1", date(2024, 3, 5), kind="occasional"),
        booking("o2", date(2024, 9, 2), kind="occasional"),
    ]
    balance = realize(entries, history, employee="E1")[Y2024]
    assert balance.remaining == 9
    found = statement(entries, history, balance)
    assert [line.entry_id for line in found.lines] == ["g", "o2"]
    assert found.total == 9


def test_a_history_s_statement_has_an_envelope_if_any_version_of_the_period_sets_one() -> None:
    # 10 days a period until 30 June, then only 2 a week: the first half of 2024 had an
    # envelope, so the statement of 2024 has one, though the version governing 2024 (the
    # later one) sets none and nothing was granted.
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(name="a", quotas=[Quota(window="period", maximum=10)]),
                start=date(2024, 1, 1),
                end=date(2024, 6, 30),
            ),
            AgreementVersion(
                agreement=Agreement(name="b", quotas=[Quota(window="week", maximum=2)]),
                start=date(2024, 7, 1),
            ),
        ],
    )
    entries = [booking("b1", date(2024, 3, 5))]
    balance = realize(entries, history, employee="E1")[Y2024]
    assert statement(entries, history, balance).envelope


def test_a_cap_of_zero_carries_nothing_and_nothing_expires_after_it() -> None:
    # 2024-2025: everything carried, for one period; from 2026, at most 0 days carried.
    # 2024: 10 left, carried. 2025: 10 + 10, the 10 carried expire unused: 10 left, none
    # carried into 2026 (cap 0), 10 forfeited. 2026: nothing carried in, so nothing expires:
    # its 10 granted are left, and forfeited (cap 0 again).
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(
                    name="a", carry_over=CarryOver(mode="all", expires_after_periods=1)
                ),
                start=date(2024, 1, 1),
                end=date(2025, 12, 31),
            ),
            AgreementVersion(
                agreement=Agreement(
                    name="b", carry_over=CarryOver(mode="capped", cap=0, expires_after_periods=1)
                ),
                start=date(2026, 1, 1),
            ),
        ],
    )
    periods = [year_range(2024), year_range(2025), year_range(2026)]
    flows = fold_chain(periods, [PeriodSums(granted=Fraction(10))] * 3, history)
    assert _flows(flows) == [(0, 0, 0, 10), (10, 10, 10, 10), (0, 0, 10, 10)]


# -- wave 10: the whole module once more ----------------------------------------------------------


def test_a_statement_of_imposed_days_only_lists_none_of_them() -> None:
    # A ledger holding one imposed day (4 March) and nothing else: imposed days count in no
    # pool, so the default pool's balance is 0 booked, 0 remaining, and its statement has no
    # line (the imposed day is not the pool's) and adds up to 0, not -1.
    led = QuotaLedger(
        agreement=Agreement(name="x"),
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(),
    )
    led.book(date(2024, 3, 4), at=AT, by="hr", telework_kind="imposed")
    found = led.statement(Y2024)
    assert (found.balance.booked, found.balance.remaining) == (0, 0)
    assert found.lines == ()
    assert found.total == 0


def test_a_cancellation_given_before_its_booking_is_skipped_and_the_rest_still_read() -> None:
    # period_sums reads the entries in the order given: the cancellation of 4 March comes
    # before its booking, so it cancels nothing; the bookings of 4 and 5 March after it still
    # count. 2024: 2 booked, 0 cancelled.
    entries = [
        cancel("b1", date(2024, 3, 4)),
        booking("b1", date(2024, 3, 4)),
        booking("b2", date(2024, 3, 5)),
    ]
    found = period_sums(entries, Agreement(name="x"))
    assert {period: (s.booked, s.cancelled) for period, s in found.items()} == {
        Y2024: (Fraction(2), Fraction(0))
    }


def test_a_ledger_read_back_counts_each_cancellation_and_the_last_usable_day() -> None:
    # 10 days a year, everything carried, the carried days usable until 31 March. 2024: 10
    # granted, none used: 10 carried into 2025. 2025: 10 granted; booked Thursday 27, Friday
    # 28, Monday 31 March (the last usable day) and Tuesday 1 April (4); 27 March and 1 April
    # cancelled (2). Used by 31 March, net: 3 - 1 = 2 carried days, so 10 - 2 = 8 expire.
    # 2025: 10 + 10 carried - 4 booked + 2 cancelled - 8 expired = 10 remaining.
    # The ledger read back from its entries (QuotaLedger(entries=...): the bulk replay) gives
    # the same figures as the ledger that recorded them.
    agreement = Agreement(
        name="x",
        quotas=[Quota(window="period", maximum=10)],
        carry_over=CarryOver(mode="all", expires_on="03-31"),
    )
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    led = QuotaLedger(agreement=agreement, contract=contract, calendar=Calendar())
    for year in (2024, 2025):
        led.grant(year_range(year), at=AT, by="hr")
    made = {
        day: led.book(day, at=AT, by="E1")
        for day in (date(2025, 3, 27), date(2025, 3, 28), date(2025, 3, 31), date(2025, 4, 1))
    }
    led.cancel(made[date(2025, 3, 27)].entry_id, at=AT, by="E1")
    led.cancel(made[date(2025, 4, 1)].entry_id, at=AT, by="E1")
    expected = (Fraction(10), Fraction(4), Fraction(2), Fraction(8), Fraction(10))
    for ledger in (
        led,
        QuotaLedger(
            agreement=agreement, contract=contract, calendar=Calendar(), entries=led.entries
        ),
    ):
        b = ledger.balance(year_range(2025))
        assert (b.carried, b.booked, b.cancelled, b.expired, b.remaining) == expected


_FRESH = itertools.count(2_000 * os.getpid() + 1_000_001, 2)
"""Odd half-day counts, a new one per call and per process: the half-day memo answers for a
count it has met (a forked mutation worker inherits its parent's, and may import this module
again), so each call asks for one it has not."""


def test_add_entry_adds_a_booking_to_the_sums_it_is_given_exactly() -> None:
    # Sums given by hand in thirds: 1/3 booked + 1 (5 March) = 4/3, 2/3 cancelled + 1/2
    # (5 March's morning) = 7/6.
    sums = {Y2024: PeriodSums(booked=Fraction(1, 3), cancelled=Fraction(2, 3))}
    add_entry(sums, booking("b1", date(2024, 3, 5)), Agreement(name="x"))
    add_entry(sums, cancel("b1", date(2024, 3, 5), Fraction(1, 2)), Agreement(name="x"))
    assert (sums[Y2024].booked, sums[Y2024].cancelled) == (Fraction(4, 3), Fraction(7, 6))
    # Half-days by the million: n/2 booked + 1 = (n + 2)/2, exactly.
    n = next(_FRESH)
    sums = {Y2024: PeriodSums(booked=Fraction(n, 2))}
    add_entry(sums, booking("b2", date(2024, 3, 6)), Agreement(name="x"))
    assert sums[Y2024].booked == Fraction(n + 2, 2)
    assert isinstance(sums[Y2024].booked, Fraction)


def test_half_days_of_a_count_never_asked_before() -> None:
    # n half-days are n/2 days, the first time and the second (then from the memo).
    n = next(_FRESH)
    assert half_days(n) == Fraction(n, 2)
    assert half_days(n) == Fraction(n, 2)
    assert half_days(2 * n) == n  # an even count, far from the other tests' counts


def test_remaining_days_counts_every_term_whatever_their_denominators() -> None:
    f = Fraction
    # Expired days with nothing carried (a balance made by hand): 10 - 2 + 1 - 3 = 6.
    assert remaining_days(f(10), f(0), f(0), f(2), f(1), f(3)) == 6
    # Thirds in each of granted, booked and cancelled:
    assert remaining_days(f(10, 3), f(0), f(0), f(1), f(1, 2), f(0)) == f(17, 6)  # 20/6 - 6/6 + 3/6
    assert remaining_days(f(10), f(0), f(0), f(1, 3), f(1, 2), f(0)) == f(61, 6)  # 60/6 - 2/6 + 3/6
    assert remaining_days(f(10), f(0), f(0), f(1, 2), f(1, 3), f(0)) == f(59, 6)  # 60/6 - 3/6 + 2/6
    # Half-days by the million: n/2 granted - 1 booked + 1/2 cancelled = (n - 1)/2.
    n = next(_FRESH)
    found = remaining_days(f(n, 2), f(0), f(0), f(1), f(1, 2), f(0))
    assert found == f(n - 1, 2)
    assert isinstance(found, Fraction)


def test_a_grant_to_a_pool_the_agreement_lacks_is_not_a_line_of_the_default_statement() -> None:
    # A ledger read back with a grant of 5 days to "flexible", a pool this agreement does not
    # have (replay accepts it), and 10 granted to the default pool, 1 booked (5 March). The
    # default pool's balance leaves the "flexible" grant out: 10 - 1 = 9; its statement lists
    # the same entries, "g" and "b1", and adds up to 9 (it listed "gf" too: 14).
    led = QuotaLedger(
        agreement=Agreement(name="x"),
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=Calendar(),
    )
    led.replay(_grant("gf", 5, pool="flexible"))
    led.replay(_grant("g", 10))
    led.replay(booking("b1", date(2024, 3, 5)))
    found = led.statement(Y2024)
    assert found.balance.remaining == 9
    assert [line.entry_id for line in found.lines] == ["g", "b1"]
    assert found.total == 9
