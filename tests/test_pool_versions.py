"""Pools under agreement versions (issue 13): a pool's yearly envelope is prorated across the
versions in force, its weekly and monthly caps are those of the version governing the week or
month (the one in force on its last day), its carry-over follows the new version's rule.

Expected figures are written by hand (days counted on a calendar: 2025-01-01..06-30 is 181
days, 07-01..12-31 is 184; 1 July 2025 is a Tuesday).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Calendar,
    CarryOver,
    Contract,
    IndividualTerms,
    InvalidValue,
    OperationRefused,
    Pool,
    Quota,
    QuotaLedger,
    apply_terms,
    check_terms,
    entitlement,
    pool_terms,
    year_range,
)

CAL = Calendar()
Y2024, Y2025 = year_range(2024), year_range(2025)
AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))


def accord(
    name: str,
    flexible: int | None = 10,
    *,
    week: int | None = None,
    month: int | None = None,
    **kwargs: object,
) -> Agreement:
    """100 regular days a year, and a pool ``flexible`` of occasional days."""
    quotas = []
    if flexible is not None:
        quotas.append(Quota(window="period", maximum=flexible, prorate=True))
    if week is not None:
        quotas.append(Quota(window="week", maximum=week))
    if month is not None:
        quotas.append(Quota(window="month", maximum=month))
    return Agreement(
        name=name,
        quotas=[Quota(window="period", maximum=100, prorate=True)],
        pools=[Pool(name="flexible", kinds=["occasional"], quotas=quotas)],
        **kwargs,  # type: ignore[arg-type]
    )


def history(*versions: tuple[Agreement, date]) -> AgreementHistory:
    return AgreementHistory(
        name="accord",
        versions=[AgreementVersion(agreement=a, start=start) for a, start in versions],
    )


def ledger(agreement: Agreement | AgreementHistory, *periods: object) -> QuotaLedger:
    book = QuotaLedger(agreement=agreement, contract=FULL_TIME, calendar=CAL)
    for period in periods or (Y2025,):
        book.grant(period, at=AT, by="hr")  # type: ignore[arg-type]
    return book


def refused(book: QuotaLedger, day: date, kind: str = "occasional") -> list[str]:
    try:
        book.book(day, at=AT, by="E1", telework_kind=kind)
    except OperationRefused as error:
        return [v.code for v in error.violations]
    return []


# -- the yearly envelope of a pool ----------------------------------------------------------------


def test_a_pool_envelope_is_prorated_across_versions_and_names_both() -> None:
    h = history(
        (accord("accord 2025", 10), date(2025, 1, 1)), (accord("amendment 1", 20), date(2025, 7, 1))
    )
    book = ledger(h)
    grant = book.balance(Y2025, pool="flexible")
    assert grant.granted == Fraction(10 * 181 + 20 * 184, 365)  # not rounded: exact
    figure = entitlement(pool_terms(h, "flexible"), FULL_TIME, Y2025, CAL)
    assert figure.exact == Fraction(10 * 181 + 20 * 184, 365)
    assert [v.agreement for v in figure.explanation.versions] == ["accord 2025", "amendment 1"]
    recorded = next(e for e in book.entries if getattr(e, "pool", None) == "flexible")
    assert "accord 2025" in recorded.explanation
    assert "amendment 1" in recorded.explanation
    # The default pool is unchanged: 100 all year.
    assert book.balance(Y2025).granted == 100


def test_a_pool_that_starts_with_a_version_is_granted_on_that_version_s_days_only() -> None:
    h = history(
        (accord("accord 2025", None), date(2025, 1, 1)),
        (accord("amendment 1", 20), date(2025, 7, 1)),
    )
    figure = entitlement(pool_terms(h, "flexible"), FULL_TIME, Y2025, CAL)
    assert figure.exact == Fraction(20 * 184, 365)
    assert [(v.agreement, v.quota) for v in figure.explanation.versions] == [
        ("accord 2025", None),
        ("amendment 1", 20),
    ]
    assert ledger(h).balance(Y2025, pool="flexible").granted == Fraction(20 * 184, 365)


def test_a_pool_that_no_version_has_is_an_error() -> None:
    h = history((accord("a"), date(2025, 1, 1)), (accord("b"), date(2025, 7, 1)))
    with pytest.raises(InvalidValue) as info:
        pool_terms(h, "elsewhere")
    assert info.value.code == "unknown_pool"


def test_a_pool_dropped_by_the_new_version_is_still_granted_for_its_old_days() -> None:
    dropped = Agreement(name="no pool", quotas=[Quota(window="period", maximum=100)])
    h = history((accord("accord 2025", 20), date(2025, 1, 1)), (dropped, date(2025, 7, 1)))
    book = ledger(h)
    assert book.pool_names == ("default", "flexible")
    assert book.balance(Y2025, pool="flexible").granted == Fraction(20 * 181, 365)
    assert set(book.pool_balances(Y2025)) == {"default", "flexible"}
    # Occasional days before the switch consume the pool; after it, the default pool.
    book.book(date(2025, 3, 4), at=AT, by="E1", telework_kind="occasional")
    book.book(date(2025, 9, 2), at=AT, by="E1", telework_kind="occasional")
    assert book.balance(Y2025, pool="flexible").taken == 1
    assert book.balance(Y2025).taken == 1


def test_the_statement_of_a_pool_under_versions_adds_up() -> None:
    h = history(
        (accord("accord 2025", 10), date(2025, 1, 1)), (accord("amendment 1", 20), date(2025, 7, 1))
    )
    book = ledger(h)
    book.book(date(2025, 3, 4), at=AT, by="E1", telework_kind="occasional")
    book.book(date(2025, 9, 2), at=AT, by="E1", telework_kind="occasional")
    statement = book.statement(Y2025, pool="flexible")
    remaining = Fraction(10 * 181 + 20 * 184, 365) - 2
    assert statement.total == book.balance(Y2025, pool="flexible").remaining == remaining
    assert statement.envelope


# -- weekly and monthly caps ----------------------------------------------------------------------

MONDAY_BEFORE = date(2025, 6, 23)  # the week 23-29 June: under "accord 2025" only
STRADDLING = date(2025, 6, 30)  # the week 30 June - 6 July: the switch is on Tuesday 1 July


def capped() -> AgreementHistory:
    return history(
        (accord("accord 2025", 50, week=1), date(2025, 1, 1)),
        (accord("amendment 1", 50, week=2), date(2025, 7, 1)),
    )


def test_a_week_before_the_switch_has_the_old_cap() -> None:
    book = ledger(capped())
    assert refused(book, MONDAY_BEFORE) == []
    assert refused(book, MONDAY_BEFORE + timedelta(days=2)) == ["weekly_max_exceeded"]


@pytest.mark.parametrize("order", [(0, 2, 3), (2, 0, 3), (3, 2, 0)])
def test_a_week_straddling_the_switch_has_the_cap_of_its_last_day_s_version(
    order: tuple[int, int, int],
) -> None:
    # Monday 30 June is under "accord 2025" (1 a week), Wednesday and Thursday under
    # "amendment 1" (2 a week): the week is judged by the version in force on Sunday 6 July,
    # whatever day is booked first, so two days fit and the third is refused.
    book = ledger(capped())
    first, second, third = (STRADDLING + timedelta(days=n) for n in order)
    assert refused(book, first) == []
    assert refused(book, second) == []
    assert refused(book, third) == ["weekly_max_exceeded"]


def test_the_refusal_in_a_straddling_week_names_the_pool_and_the_cap() -> None:
    book = ledger(capped())
    book.book(STRADDLING, at=AT, by="E1", telework_kind="occasional")
    book.book(STRADDLING + timedelta(days=2), at=AT, by="E1", telework_kind="occasional")
    (violation,) = book.check(STRADDLING + timedelta(days=1), telework_kind="occasional")
    assert dict(violation.params)["pool"] == "flexible"
    assert dict(violation.params)["maximum"] == 2
    assert "'accord 2025' and 'amendment 1'" in violation.message
    assert "judged under 'amendment 1', in force on its last day" in violation.message


def test_a_cap_added_by_the_new_version_governs_the_straddling_week() -> None:
    h = history(
        (accord("accord 2025", 50), date(2025, 1, 1)),
        (accord("amendment 1", 50, week=1), date(2025, 7, 1)),
    )
    book = ledger(h)
    assert refused(book, MONDAY_BEFORE) == []
    assert refused(book, MONDAY_BEFORE + timedelta(days=1)) == []  # no cap in that week
    assert refused(book, STRADDLING) == []  # a day under the old version...
    assert refused(book, STRADDLING + timedelta(days=3)) == ["weekly_max_exceeded"]


@pytest.mark.parametrize("kind", ["regular", "occasional"])
def test_a_day_under_a_version_without_caps_is_judged_by_its_week_s_version(kind: str) -> None:
    # "accord 2025" caps no week; "amendment 1" (from Tuesday 1 July) caps it at 1, in the
    # default pool and in the pool. Monday 30 June, asked for after Thursday 3 July, is refused:
    # its week ends under the amendment, whatever the version of the Monday itself.
    def plain(name: str, week: int | None) -> Agreement:
        quotas = [Quota(window="period", maximum=100)]
        if week is not None:
            quotas.append(Quota(window="week", maximum=week))
        return Agreement(
            name=name,
            quotas=quotas,
            pools=[
                Pool(
                    name="flexible",
                    kinds=["occasional"],
                    quotas=[Quota(window="week", maximum=week)] if week else [],
                )
            ],
        )

    book = ledger(
        history(
            (plain("accord 2025", None), date(2025, 1, 1)),
            (plain("amendment 1", 1), date(2025, 7, 1)),
        )
    )
    assert refused(book, STRADDLING + timedelta(days=3), kind) == []
    assert refused(book, STRADDLING, kind) == ["weekly_max_exceeded"]
    assert refused(book, MONDAY_BEFORE, kind) == []
    assert refused(book, MONDAY_BEFORE + timedelta(days=1), kind) == []  # no cap before


def test_each_month_has_the_cap_of_its_version() -> None:
    h = history(
        (accord("accord 2025", 50, month=1), date(2025, 1, 1)),
        (accord("amendment 1", 50, month=2), date(2025, 7, 1)),
    )
    book = ledger(h)
    assert refused(book, date(2025, 6, 3)) == []
    assert refused(book, date(2025, 6, 10)) == ["monthly_max_exceeded"]
    assert refused(book, date(2025, 7, 8)) == []
    assert refused(book, date(2025, 7, 15)) == []
    assert refused(book, date(2025, 7, 22)) == ["monthly_max_exceeded"]


def test_the_default_pool_s_weekly_cap_is_judged_the_same_way() -> None:
    def plain(name: str, week: int) -> Agreement:
        return Agreement(
            name=name,
            quotas=[Quota(window="period", maximum=100), Quota(window="week", maximum=week)],
        )

    h = history((plain("a", 1), date(2025, 1, 1)), (plain("b", 2), date(2025, 7, 1)))
    book = ledger(h)
    assert refused(book, STRADDLING + timedelta(days=2), "regular") == []
    assert refused(book, STRADDLING, "regular") == []  # the old version alone would refuse
    assert refused(book, STRADDLING + timedelta(days=3), "regular") == ["weekly_max_exceeded"]


def test_a_total_envelope_is_prorated_across_versions() -> None:
    def with_total(name: str, days: int) -> Agreement:
        return Agreement(
            name=name,
            quotas=[Quota(window="period", maximum=200)],
            pools=[Pool(name="flexible", kinds=["occasional"])],
            total=[Quota(window="period", maximum=days, prorate=True)],
        )

    h = history((with_total("a", 2), date(2025, 1, 1)), (with_total("b", 6), date(2025, 7, 1)))
    book = ledger(h)
    # (2 x 181 + 6 x 184) / 365 = 1466/365, about 4.02, rounded to 4 (one version: 2 or 6).
    days = [date(2025, 9, 1) + timedelta(days=7 * n) for n in range(5)]
    assert [refused(book, d) for d in days[:4]] == [[], [], [], []]
    assert refused(book, days[4]) == ["window_max_exceeded"]


# -- carry-over across a switch --------------------------------------------------------------------


def test_a_pool_carries_over_by_the_rule_of_the_next_period_s_first_day() -> None:
    h = history(
        (accord("2024, capped", 10, carry_over=CarryOver(mode="capped", cap=2)), date(2024, 1, 1)),
        (accord("2025, all carried", 10, carry_over=CarryOver(mode="all")), date(2025, 1, 1)),
        (accord("2025, amended", 10), date(2025, 7, 1)),
    )
    book = ledger(h, Y2024, Y2025)
    for n in range(3):
        book.book(
            date(2024, 3, 4) + timedelta(days=7 * n), at=AT, by="E1", telework_kind="occasional"
        )
    closing = book.balance(Y2024, pool="flexible")
    assert (closing.remaining, closing.forfeited) == (7, 0)
    assert book.balance(Y2025, pool="flexible").carried == 7


# -- laws ------------------------------------------------------------------------------------------

DAYS = st.lists(
    st.tuples(
        st.dates(date(2025, 5, 26), date(2025, 8, 3)), st.sampled_from(["regular", "occasional"])
    ),
    max_size=8,
)


@settings(max_examples=25, deadline=None)
@given(
    switch=st.dates(date(2025, 1, 2), date(2025, 12, 31)),
    flexible=st.integers(0, 30),
    week=st.sampled_from([None, 1, 2]),
    month=st.sampled_from([None, 2, 3]),
    bookings=DAYS,
)
def test_splitting_at_a_switch_that_changes_nothing_changes_nothing_per_pool(
    switch: date,
    flexible: int,
    week: int | None,
    month: int | None,
    bookings: list[tuple[date, str]],
) -> None:
    a = accord("a", flexible, week=week, month=month)
    split = history(
        (a, date(2000, 1, 1)), (attrs.evolve(a, name="a, amended without change"), switch)
    )
    one, two = ledger(a), ledger(split)
    for day, kind in bookings:
        assert refused(one, day, kind) == refused(two, day, kind)
    for pool in ("default", "flexible"):
        b1, b2 = one.balance(Y2025, pool=pool), two.balance(Y2025, pool=pool)
        assert (b1.granted, b1.taken, b1.remaining) == (b2.granted, b2.taken, b2.remaining)


@settings(max_examples=40, deadline=None)
@given(
    switch=st.dates(date(2025, 1, 2), date(2025, 12, 31)),
    hired=st.dates(date(2024, 6, 1), date(2025, 12, 31)),
    first=st.integers(0, 60),
    second=st.integers(0, 60),
)
def test_a_pool_entitlement_under_two_versions_lies_between_the_single_version_figures(
    switch: date, hired: date, first: int, second: int
) -> None:
    a, b = accord("a", first), accord("b", second)
    c = Contract.from_amendments(employee="E1", hired=hired)
    both = entitlement(
        pool_terms(history((a, date(2000, 1, 1)), (b, switch)), "flexible"), c, Y2025, CAL
    )
    singles = sorted(entitlement(x.pool_agreement("flexible"), c, Y2025, CAL).exact for x in (a, b))
    assert singles[0] <= both.exact <= singles[1]


# -- individual terms under a history --------------------------------------------------------------


def test_an_individual_rhythm_applies_under_every_version() -> None:
    def plain(name: str, week: int) -> Agreement:
        return Agreement(
            name=name,
            quotas=[Quota(window="period", maximum=100), Quota(window="week", maximum=week)],
        )

    h = history((plain("a", 2), date(2025, 1, 1)), (plain("b", 3), date(2025, 7, 1)))
    mine = apply_terms(h, IndividualTerms(employee="E1", weekly_maximum=1))
    book = ledger(mine)
    for monday in (date(2025, 3, 3), date(2025, 9, 1)):
        assert refused(book, monday, "regular") == []
        assert refused(book, monday + timedelta(days=1), "regular") == ["weekly_max_exceeded"]


def test_personal_terms_are_checked_against_the_versions() -> None:
    def plain(name: str, days: int, week: int) -> Agreement:
        return Agreement(
            name=name,
            quotas=[Quota(window="period", maximum=days), Quota(window="week", maximum=week)],
        )

    h = history((plain("a", 100, 2), date(2025, 1, 1)), (plain("b", 120, 3), date(2025, 7, 1)))
    check_terms(h, IndividualTerms(employee="E1", personal_cap=110))  # within 120
    with pytest.raises(InvalidValue) as info:
        check_terms(h, IndividualTerms(employee="E1", personal_cap=121))
    assert info.value.code == "above_collective_bound"
    with pytest.raises(InvalidValue) as info:
        apply_terms(h, IndividualTerms(employee="E1", weekly_maximum=3))  # above a's 2
    assert info.value.code == "above_collective_bound"
    medical = apply_terms(h, IndividualTerms(employee="E1", medical_weekly_maximum=4))
    assert [v.agreement.quotas[1].maximum for v in medical.versions] == [4, 4]
    figure = entitlement(
        h, FULL_TIME, Y2025, CAL, terms=IndividualTerms(employee="E1", personal_cap=105)
    )
    assert figure.exact == 105  # the prorated 110.08, capped
    assert [v.agreement for v in figure.explanation.versions] == ["a", "b"]
