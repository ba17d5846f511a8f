"""The fold's figures where the released tests were silent: pools, agreement histories, the
moment and the date read at, carried days by age, the balance cap, and the statement's ids
(every figure worked out by hand)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

from teleaccord import (
    Absence,
    AbsenceRecord,
    Adjustment,
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Booking,
    Cancellation,
    CarryOver,
    CarryOverIn,
    DateRange,
    Entry,
    Grant,
    PeriodSums,
    Pool,
    Quota,
    entry_pool,
    fold_balances,
    period_sums,
    realize,
    year_range,
)
from teleaccord.fold import statement

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
Y = {year: year_range(year) for year in range(2024, 2028)}


def grant(year: int, days: int, pool: str = "default") -> Grant:
    return Grant(
        entry_id=f"g{year}{pool}",
        period=Y[year],
        amount=days,
        exact=days,
        recorded_at=AT,
        by="hr",
        pool=pool,
    )


def booking(entry_id: str, day: date, kind: str = "regular", at: datetime = AT) -> Booking:
    return Booking(entry_id=entry_id, day=day, recorded_at=at, by="E1", telework_kind=kind)


def figures(balances: dict, *names: str) -> dict[int, tuple[Fraction, ...]]:
    return {p.start.year: tuple(getattr(b, n) for n in names) for p, b in balances.items()}


# -- pools ------------------------------------------------------------------------------------------

POOLED = Agreement(
    name="pooled",
    quotas=[Quota(window="period", maximum=20)],
    pools=[
        Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="period", maximum=40)]),
        Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=11)]),
    ],
)
PLAIN = Agreement(name="plain")


def test_the_pool_of_each_entry() -> None:
    regular, occasional = (
        booking("r", date(2024, 3, 4)),
        booking("o", date(2024, 3, 5), "occasional"),
    )
    imposed = booking("i", date(2024, 3, 6), "imposed")
    cancel = Cancellation(
        entry_id="c",
        booking_id="o",
        day=date(2024, 3, 5),
        amount=1,
        recorded_at=AT,
        by="E1",
        telework_kind="occasional",
    )
    carried = CarryOverIn(
        entry_id="co", period=Y[2025], from_period=Y[2024], amount=1, recorded_at=AT, by="hr"
    )
    absent = AbsenceRecord(
        absence=Absence(
            absence_id="A",
            employee="E1",
            days=DateRange(date(2024, 3, 7), date(2024, 3, 7)),
            kind="rtt",
        ),
        recorded_at=AT,
        by="hr",
    )
    assert [
        entry_pool(e, POOLED) for e in (regular, occasional, imposed, cancel, carried, absent)
    ] == [
        "fixed",
        "flexible",
        None,
        "flexible",
        "default",
        None,
    ]
    assert [entry_pool(e, PLAIN) for e in (regular, imposed, carried)] == [
        "default",
        None,
        "default",
    ]
    assert entry_pool(grant(2024, 11, "flexible"), POOLED) == "flexible"
    adjustment = Adjustment(
        entry_id="a", period=Y[2024], amount=2, reason="fix", recorded_at=AT, by="hr", pool="fixed"
    )
    assert entry_pool(adjustment, POOLED) == "fixed"


POOL_ENTRIES: list[Entry] = [
    grant(2024, 20),
    grant(2024, 40, "fixed"),
    grant(2024, 11, "flexible"),
    booking("r1", date(2024, 3, 4)),
    booking("r2", date(2024, 3, 5)),
    booking("o1", date(2024, 3, 6), "occasional"),
    booking("i1", date(2024, 3, 7), "imposed"),
]


def test_each_pool_counts_its_own_entries() -> None:
    def sums(pool: str) -> PeriodSums:
        return period_sums(POOL_ENTRIES, POOLED, pool=pool)[Y[2024]]

    assert (sums("default").granted, sums("default").booked) == (20, 0)
    assert (sums("fixed").granted, sums("fixed").booked) == (40, 2)
    assert (sums("flexible").granted, sums("flexible").booked) == (11, 1)
    # Without pools, regular bookings count in the default pool; imposed ones nowhere.
    plain = period_sums(POOL_ENTRIES[:1] + POOL_ENTRIES[3:], PLAIN)[Y[2024]]
    assert (plain.granted, plain.booked) == (20, 3)


def test_a_pool_s_balance_is_named_after_it() -> None:
    sums = period_sums(POOL_ENTRIES, POOLED, pool="fixed")
    (b,) = fold_balances(sums, POOLED, through=Y[2024], employee="E1", pool="fixed").values()
    assert (b.pool, b.remaining) == ("fixed", 38)
    assert b.describe().startswith("E1, period 2024-01-01..2024-12-31, pool fixed: 40 granted")
    lines = statement(POOL_ENTRIES, POOLED, b).lines
    assert [line.entry_id for line in lines] == ["g2024fixed", "r1", "r2"]


def test_pools_follow_the_version_in_force_on_the_day_booked() -> None:
    # The pools start on 1 July: a regular day before counts in the default pool, after in "fixed".
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(
                agreement=Agreement(name="v1", quotas=[Quota(window="period", maximum=20)]),
                start="2024-01-01",
            ),
            AgreementVersion(agreement=POOLED, start="2024-07-01"),
        ],
    )
    entries = [grant(2024, 20), booking("r1", date(2024, 3, 4)), booking("r2", date(2024, 9, 2))]
    assert period_sums(entries, history)[Y[2024]].booked == 1
    assert period_sums(entries, history, pool="fixed")[Y[2024]].booked == 1


# -- the moment known and the date read at ------------------------------------------------------------


def test_entries_are_filtered_whatever_their_order() -> None:
    late = AT + timedelta(days=60)
    entries = [
        booking("later", date(2024, 6, 3)),
        booking("recorded_late", date(2024, 3, 5), at=late),
        grant(2024, 10),
        booking("early", date(2024, 3, 4)),
    ]
    assert period_sums(entries, PLAIN, as_of=date(2024, 4, 1))[Y[2024]].booked == 2
    assert period_sums(entries, PLAIN, known_at=AT)[Y[2024]].booked == 2
    assert period_sums(entries, PLAIN, known_at=AT, as_of=date(2024, 4, 1))[Y[2024]].booked == 1
    (b,) = realize(entries, PLAIN, as_of=date(2024, 4, 1)).values()
    assert (b.booked, b.remaining, b.as_of) == (2, 8, date(2024, 4, 1))


def test_realize_reads_up_to_the_last_period_with_entries_and_names_nobody_by_default() -> None:
    entries = [grant(2025, 10), grant(2024, 10)]
    balances = realize(entries, PLAIN)
    assert list(balances) == [Y[2024], Y[2025]]
    assert {b.employee for b in balances.values()} == {""}
    assert realize([], PLAIN) == {}


# -- carried days: when they are used, when they expire ------------------------------------------------


def test_a_booking_on_the_last_usable_day_uses_carried_days() -> None:
    rule = Agreement(name="x", carry_over=CarryOver(mode="capped", cap=2, expires_on="03-31"))
    entries = [grant(2024, 10), booking("b", date(2025, 3, 31))]
    b2025 = realize(entries, rule, through=Y[2025])[Y[2025]]
    assert (b2025.carried, b2025.expired, b2025.remaining) == (2, 1, 0)
    entries = [grant(2024, 10), booking("b", date(2025, 4, 1))]
    b2025 = realize(entries, rule, through=Y[2025])[Y[2025]]
    assert (b2025.carried, b2025.expired, b2025.remaining) == (2, 2, -1)


def test_carried_days_are_used_oldest_first_and_expire_after_two_periods() -> None:
    # 2024: 10 granted, 4 booked: 6 carried (age 1). 2025: 10 granted, 3 booked from the 6:
    # 3 of age 1 left, 13 remaining, all carried: 10 young, 3 now of age 2. 2026: 1 booked
    # from the oldest: 2 of age 2 left, which expire at the end of 2026.
    agreement = Agreement(name="x", carry_over=CarryOver(mode="all", expires_after_periods=2))
    entries: list[Entry] = [grant(2024, 10), grant(2025, 10)]
    entries += [booking(f"a{i}", date(2024, 3, 4) + timedelta(days=i)) for i in range(4)]
    entries += [booking(f"b{i}", date(2025, 3, 3) + timedelta(days=i)) for i in range(3)]
    once = [*entries, booking("c0", date(2026, 3, 2))]
    assert figures(
        realize(once, agreement, through=Y[2026]), "carried", "expired", "remaining"
    ) == {
        2024: (0, 0, 6),
        2025: (6, 0, 13),
        2026: (13, 2, 10),
    }
    # Booking 5 days in 2026 uses the 3 old days and 2 young ones: nothing expires.
    five = entries + [booking(f"c{i}", date(2026, 3, 2) + timedelta(days=i)) for i in range(5)]
    assert figures(realize(five, agreement, through=Y[2026]), "carried", "expired", "remaining")[
        2026
    ] == (13, 0, 8)
    # Read during 2026, the old days have not expired yet.
    during = realize(once, agreement, through=Y[2026], as_of=date(2026, 6, 30))[Y[2026]]
    assert (during.carried, during.expired) == (13, 0)


def test_the_balance_cap_leaves_room_for_one_day() -> None:
    agreement = Agreement(name="x", carry_over=CarryOver(mode="all", balance_cap=11))
    entries = [grant(2024, 10), grant(2025, 10), booking("b", date(2024, 3, 4))]
    got = figures(realize(entries, agreement, through=Y[2025]), "carried", "forfeited", "remaining")
    assert got == {2024: (0, 8, 9), 2025: (1, 0, 11)}
    full = Agreement(name="x", carry_over=CarryOver(mode="all", balance_cap=10))
    got = figures(realize(entries, full, through=Y[2025]), "carried", "forfeited")
    assert got == {2024: (0, 9), 2025: (0, 0)}


def test_carried_days_expire_by_the_version_in_force_on_the_period_s_first_day() -> None:
    # Until 2025 carried days expire after 31 March; from 2026 they never expire. The 5 days
    # carried into 2025 expire (2025 starts under the old version); those carried into 2026 do not.
    old = Agreement(name="old", carry_over=CarryOver(mode="capped", cap=5, expires_on="03-31"))
    new = Agreement(name="new", carry_over=CarryOver(mode="capped", cap=5))
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=old, start="2020-01-01"),
            AgreementVersion(agreement=new, start="2026-01-01"),
        ],
    )
    entries = [grant(2024, 10), grant(2025, 10), grant(2026, 10)]
    got = figures(realize(entries, history, through=Y[2026]), "carried", "expired", "remaining")
    assert got == {2024: (0, 0, 10), 2025: (5, 5, 10), 2026: (5, 0, 15)}


# -- the statement's ids and signs ----------------------------------------------------------------------


def test_each_further_computed_carry_over_takes_the_next_number() -> None:
    rule = Agreement(name="x", carry_over=CarryOver(mode="capped", cap=3))
    recorded = [
        CarryOverIn(
            entry_id="E1:carry-over:2024",
            period=Y[2025],
            from_period=Y[2024],
            amount=1,
            recorded_at=AT,
            by="hr",
        ),
        CarryOverIn(
            entry_id="E1:carry-over:2024#2",
            period=Y[2025],
            from_period=Y[2024],
            amount=1,
            recorded_at=AT,
            by="hr",
        ),
    ]
    entries = [grant(2024, 10), *recorded]
    b2025 = realize(entries, rule, employee="E1", through=Y[2025])[Y[2025]]
    computed = [line for line in statement(entries, rule, b2025).lines if not line.recorded]
    assert [(line.entry_id, line.amount) for line in computed] == [("E1:carry-over:2024#3", 1)]


def test_a_grant_of_no_days_shows_with_a_plus_sign() -> None:
    entries = [grant(2024, 0)]
    (b,) = realize(entries, PLAIN, employee="E1").values()
    assert (
        "  2024-01-01  grant            +0  granted (exact 0)"
        in statement(entries, PLAIN, b).describe()
    )


# -- which entries a statement lists ------------------------------------------------------------------


def test_a_statement_leaves_out_imposed_days_absences_and_other_pools() -> None:
    absent = AbsenceRecord(
        absence=Absence(
            absence_id="A",
            employee="E1",
            days=DateRange(date(2024, 2, 1), date(2024, 2, 2)),
            kind="rtt",
        ),
        recorded_at=AT,
        by="hr",
    )
    entries: list[Entry] = [absent, *POOL_ENTRIES]
    plain_entries: list[Entry] = [
        absent,
        grant(2024, 20),
        booking("r1", date(2024, 3, 4)),
        booking("i1", date(2024, 3, 7), "imposed"),
    ]
    (plain,) = realize(plain_entries, PLAIN, employee="E1").values()
    assert [line.entry_id for line in statement(plain_entries, PLAIN, plain).lines] == [
        "g2024default",
        "r1",
    ]
    assert plain.remaining == 19
    default = fold_balances(period_sums(entries, POOLED), POOLED, through=Y[2024], employee="E1")[
        Y[2024]
    ]
    assert [line.entry_id for line in statement(entries, POOLED, default).lines] == ["g2024default"]
    assert default.remaining == 20


def test_fold_balances_name_nobody_by_default() -> None:
    sums = {Y[2024]: PeriodSums(granted=Fraction(3))}
    assert fold_balances(sums, PLAIN, through=Y[2024])[Y[2024]].employee == ""


def test_a_statement_under_a_history_computes_the_expiry_of_the_version_in_force() -> None:
    old = Agreement(name="old", carry_over=CarryOver(mode="capped", cap=5, expires_on="03-31"))
    new = Agreement(name="new", carry_over=CarryOver(mode="capped", cap=5))
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=old, start="2020-01-01"),
            AgreementVersion(agreement=new, start="2025-06-01"),
        ],
    )
    entries = [grant(2024, 10), grant(2025, 10)]
    b2025 = realize(entries, history, employee="E1", through=Y[2025])[Y[2025]]
    lines = statement(entries, history, b2025).lines
    assert [(line.day, line.kind, line.amount) for line in lines] == [
        (date(2025, 1, 1), "grant", 10),
        (date(2025, 1, 1), "carry-over", 5),
        (date(2025, 4, 1), "expiry", -5),
    ]


def test_days_expiring_by_age_show_on_the_period_s_first_day() -> None:
    agreement = Agreement(name="x", carry_over=CarryOver(mode="all", expires_after_periods=1))
    entries = [grant(2024, 3)]
    b2025 = realize(entries, agreement, employee="E1", through=Y[2025])[Y[2025]]
    assert (b2025.carried, b2025.expired, b2025.remaining) == (3, 3, 0)
    expiry = [line for line in statement(entries, agreement, b2025).lines if line.kind == "expiry"]
    assert [(line.day, line.amount, line.recorded) for line in expiry] == [
        (date(2025, 1, 1), -3, False)
    ]
