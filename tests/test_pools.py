"""Kinds of telework and their pools: a fixed day a week beside a flexible pool, imposed and
medical days outside every voluntary pool, total quotas across pools."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    Booking,
    Calendar,
    Contract,
    InvalidValue,
    OnSiteMinimum,
    OperationRefused,
    Pool,
    Quota,
    QuotaLedger,
    year_range,
)
from teleaccord.io.agreement_file import agreement_from_dict, dump_agreement
from teleaccord.io.convert import from_data, to_data
from teleaccord.io.toml import parse_toml

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2024, 1, 2, 9, tzinfo=PARIS)
CAL = Calendar()
YEAR = year_range(2024)
MONDAY = date(2024, 6, 3)

CPAM = Agreement(
    name="1 fixed day a week + 11 flexible days a year, at most 1 a month",
    pools=[
        Pool(name="fixed", kinds=["regular"], quotas=[Quota(window="week", maximum=1)]),
        Pool(
            name="flexible",
            kinds=["occasional"],
            quotas=[
                Quota(window="period", maximum=11, prorate=True),
                Quota(window="month", maximum=1),
            ],
        ),
    ],
)
HUNDRED = Agreement(
    name="100 days a year, imposed days excluded",
    quotas=[Quota(window="period", maximum=100), Quota(window="week", maximum=2)],
    on_site=[OnSiteMinimum(window="week", days=3)],
)


def ledger(agreement: Agreement, hired: date = date(2020, 1, 1)) -> QuotaLedger:
    book = QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="E1", hired=hired),
        calendar=CAL,
    )
    book.grant(YEAR, at=AT, by="hr")
    return book


def codes(exc: pytest.ExceptionInfo[OperationRefused]) -> list[tuple[str, str | None]]:
    return [(v.code, dict(v.params).get("pool")) for v in exc.value.violations]


def test_a_fixed_day_a_week_and_a_flexible_pool_are_plain_configuration() -> None:
    book = ledger(CPAM)
    book.book(MONDAY, at=AT, by="E1")  # regular: the fixed pool
    with pytest.raises(OperationRefused) as info:
        book.book(MONDAY + timedelta(days=1), at=AT, by="E1")
    assert codes(info) == [("weekly_max_exceeded", "fixed")]
    # The flexible pool is another envelope: the same week is fine, once a month.
    book.book(MONDAY + timedelta(days=1), at=AT, by="E1", telework_kind="occasional")
    with pytest.raises(OperationRefused) as info:
        book.book(MONDAY + timedelta(days=9), at=AT, by="E1", telework_kind="occasional")
    assert codes(info) == [("monthly_max_exceeded", "flexible")]
    balances = book.pool_balances(YEAR)
    assert list(balances) == ["default", "fixed", "flexible"]
    assert (balances["flexible"].granted, balances["flexible"].remaining) == (11, 10)
    assert balances["flexible"].pool == "flexible"
    assert "pool flexible" in str(balances["flexible"])
    assert balances["fixed"].taken == 1
    assert balances["default"].taken == 0


def test_the_flexible_pool_is_prorated_and_its_balance_refuses_the_twelfth_day() -> None:
    # Hired on 1 July 2024: 184 of 366 days, 11 x 184 / 366 = 5.53 -> 5 days (exact rounding
    # keeps the fraction: the days left are what the balance says).
    book = ledger(attrs.evolve(CPAM, rounding=CPAM.rounding), hired=date(2024, 7, 1))
    flexible = book.balance(YEAR, pool="flexible")
    assert flexible.granted == Fraction(11 * 184, 366)
    days = [date(2024, month, 2) for month in range(7, 13)]
    days = [d if d.weekday() < 5 else d + timedelta(days=7 - d.weekday()) for d in days]
    for day in days[:5]:
        book.book(day, at=AT, by="E1", telework_kind="occasional")
    with pytest.raises(OperationRefused) as info:
        book.book(days[5], at=AT, by="E1", telework_kind="occasional")
    assert codes(info) == [("period_quota_exceeded", "flexible")]


def test_imposed_and_medical_days_never_consume_a_voluntary_pool() -> None:
    book = ledger(HUNDRED)
    before = book.balance(YEAR)
    # A lockdown week, four days imposed: no weekly maximum, no on-site minimum applies.
    for n in range(4):
        book.book(MONDAY + timedelta(days=n), at=AT, by="hr", telework_kind="imposed")
    book.book(MONDAY + timedelta(days=7), at=AT, by="hr", telework_kind="medical")
    assert book.balance(YEAR) == before
    assert book.taken_by_kind(YEAR) == {"imposed": Fraction(4), "medical": Fraction(1)}
    # A voluntary day: the imposed days do not count against the weekly maximum of 2, but
    # the on-site minimum counts every day away from the office.
    with pytest.raises(OperationRefused) as info:
        book.book(MONDAY + timedelta(days=4), at=AT, by="E1")
    assert codes(info) == [("on_site_minimum", None)]
    book.book(MONDAY + timedelta(days=8), at=AT, by="E1")
    assert book.balance(YEAR).remaining == 99


def test_total_quotas_span_the_voluntary_pools() -> None:
    agreement = attrs.evolve(CPAM, total=[Quota(window="week", maximum=1)])
    book = ledger(agreement)
    book.book(MONDAY, at=AT, by="E1")
    with pytest.raises(OperationRefused) as info:
        book.book(MONDAY + timedelta(days=1), at=AT, by="E1", telework_kind="occasional")
    assert codes(info) == [("weekly_max_exceeded", "total")]
    book.book(MONDAY + timedelta(days=1), at=AT, by="hr", telework_kind="imposed")


def test_a_total_maximum_per_period_counts_every_voluntary_day() -> None:
    agreement = Agreement(
        name="10 a year, of which at most 5 flexible",
        pools=[
            Pool(name="flexible", kinds=["occasional"], quotas=[Quota(window="period", maximum=5)])
        ],
        quotas=[Quota(window="period", maximum=10)],
        total=[Quota(window="period", maximum=8)],
    )
    book = ledger(agreement)
    day = date(2024, 3, 4)
    for n in range(5):
        book.book(day + timedelta(days=n), at=AT, by="E1", telework_kind="occasional")
    for n in range(3):
        book.book(day + timedelta(days=7 + n), at=AT, by="E1")
    with pytest.raises(OperationRefused) as info:
        book.book(day + timedelta(days=14), at=AT, by="E1")
    assert codes(info) == [("window_max_exceeded", "total")]


def test_an_unknown_kind_or_pool_is_an_error() -> None:
    book = ledger(CPAM)
    with pytest.raises(InvalidValue) as info:
        book.book(MONDAY, at=AT, by="E1", telework_kind="strike")
    assert info.value.code == "unknown_telework_kind"
    with pytest.raises(InvalidValue) as info:
        book.balance(YEAR, pool="bonus")
    assert info.value.code == "unknown_pool"
    with pytest.raises(InvalidValue) as info:
        Pool(name="x", kinds=["imposed"])
    assert info.value.code == "invalid_pool_kind"
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(CPAM, pools=[*CPAM.pools, Pool(name="more", kinds=["occasional"])])
    assert info.value.code == "duplicate_pool"


def test_adjustments_and_cancellations_stay_in_their_pool() -> None:
    book = ledger(CPAM)
    booking = book.book(MONDAY, at=AT, by="E1", telework_kind="occasional")
    book.adjust(YEAR, 2, reason="long service", at=AT, by="hr", pool="flexible")
    assert book.balance(YEAR, pool="flexible").remaining == 12
    cancellation = book.cancel(booking.entry_id, at=AT, by="E1")
    assert cancellation.telework_kind == "occasional"
    assert book.balance(YEAR, pool="flexible").remaining == 13
    statement = book.statement(YEAR, pool="flexible")
    assert statement.total == 13
    assert [line.kind for line in statement.lines] == [
        "grant",
        "adjustment",
        "booking",
        "cancellation",
    ]
    assert book.statement(YEAR).total == book.balance(YEAR).remaining == 0
    with pytest.raises(OperationRefused) as info:
        book.adjust(YEAR, -14, reason="typo", at=AT, by="hr", pool="flexible")
    assert [v.code for v in info.value.violations] == ["negative_balance"]


def test_kinds_and_pools_are_plain_agreement_files() -> None:
    text = b"""
name = "CPAM"
[[pools]]
name = "fixed"
kinds = ["regular"]
quotas = [{ window = "week", maximum = 1 }]
[[pools]]
name = "flexible"
kinds = ["occasional"]
quotas = [{ window = "period", maximum = 11, prorate = true }, { window = "month", maximum = 1 }]
"""
    agreement = agreement_from_dict(parse_toml(text, "cpam.toml"), "cpam.toml")
    assert agreement.pools == attrs.evolve(CPAM, name="CPAM").pools
    again = agreement_from_dict(parse_toml(dump_agreement(agreement).encode(), "x"), "x")
    assert again == agreement
    assert from_data(to_data(agreement)) == agreement


def test_released_shapes_leave_out_the_new_fields_at_their_default() -> None:
    plain = Booking(entry_id="b", day=MONDAY, recorded_at=AT, by="E1")
    assert "telework_kind" not in to_data(plain)
    assert "pools" not in to_data(Agreement(name="x"))
    occasional = attrs.evolve(plain, telework_kind="occasional")
    assert to_data(occasional)["telework_kind"] == "occasional"
    assert from_data(to_data(occasional)) == occasional


@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 20),
            st.sampled_from(["imposed", "medical"]),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_imposed_days_never_change_a_voluntary_balance(
    steps: list[tuple[int, str, bool]],
) -> None:
    book = ledger(CPAM)
    book.book(MONDAY, at=AT, by="E1", telework_kind="occasional")
    before = book.pool_balances(YEAR)
    for offset, kind, cancel in steps:
        day = MONDAY + timedelta(days=offset)
        if day.weekday() >= 5 or day in {b.day for b in book.active_bookings()}:
            continue
        booking = book.book(day, at=AT, by="hr", telework_kind=kind)
        if cancel:
            book.cancel(booking.entry_id, at=AT, by="hr")
    assert book.pool_balances(YEAR) == before
