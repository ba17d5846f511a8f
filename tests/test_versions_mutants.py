"""Agreement histories, the cases mutation testing found untested (issue 11): the bounds of a
version's days, where a refusal points, the terms of one pool over time.

Every expected figure is written by hand from a calendar.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    DateRange,
    Extra,
    InvalidValue,
    Pool,
    Quota,
    ReferencePeriod,
    agreement_in_force,
    pool_terms,
    year_range,
)


def version(name: str, start: str, end: str | None = None, **kwargs: Any) -> AgreementVersion:
    return AgreementVersion(agreement=Agreement(name=name, **kwargs), start=start, end=end)


def refusal(versions: list[Any]) -> InvalidValue:
    with pytest.raises(InvalidValue) as err:
        AgreementHistory(name="h", versions=versions)
    return err.value


# -- a version's own bounds ------------------------------------------------------------------


def test_a_version_may_end_on_the_day_it_starts_not_before() -> None:
    one_day = AgreementVersion(agreement=Agreement(name="a"), start="2024-03-04", end="2024-03-04")
    assert one_day.end == date(2024, 3, 4)
    with pytest.raises(InvalidValue) as err:
        AgreementVersion(agreement=Agreement(name="a"), start="2024-03-04", end="2024-03-03")
    assert (err.value.code, err.value.field) == ("range_end_before_start", "versions.end")


def test_a_version_start_and_end_are_read_as_dates_and_named_when_wrong() -> None:
    v = AgreementVersion(agreement=Agreement(name="a"), start="2024-03-04", end="2024-12-31")
    assert (v.start, v.end) == (date(2024, 3, 4), date(2024, 12, 31))
    assert AgreementVersion(agreement=Agreement(name="a"), start="2024-03-04").end is None
    with pytest.raises(InvalidValue) as err:
        AgreementVersion(agreement=Agreement(name="a"), start="4 March")
    assert err.value.field == "versions.start"
    with pytest.raises(InvalidValue) as err:
        AgreementVersion(agreement=Agreement(name="a"), start="2024-03-04", end="soon")
    assert err.value.field == "versions.end"


# -- where a refused history points ----------------------------------------------------------


def test_an_item_that_is_not_a_version_is_named_by_its_index() -> None:
    err = refusal([version("a", "2024-01-01"), "2024-07-01"])
    assert (err.code, err.field) == ("invalid_type", "versions[1]")
    assert str(err) == "versions[1]: expected an AgreementVersion, got str."
    err = refusal([42])
    assert (err.code, err.field) == ("invalid_type", "versions[0]")


def test_an_overlap_points_at_the_later_version_after_sorting() -> None:
    err = refusal(
        [
            version("c", "2024-09-01"),
            version("a", "2024-01-01", "2024-06-30"),
            version("b", "2024-07-01", "2024-09-01"),  # its last day is c's first
        ]
    )
    assert (err.code, err.field) == ("versions_overlap", "versions[2].start")
    assert "'c' starts on 2024-09-01, while 'b' is still in force" in str(err)


def test_a_version_ending_the_day_before_the_next_starts_does_not_overlap() -> None:
    h = AgreementHistory(
        name="h",
        versions=[version("a", "2024-01-01", "2024-06-30"), version("b", "2024-07-01")],
    )
    assert h.in_force(date(2024, 6, 30)).name == "a"  # type: ignore[union-attr]
    assert h.in_force(date(2024, 7, 1)).name == "b"  # type: ignore[union-attr]


def test_another_reference_period_points_at_the_version_that_differs() -> None:
    june = ReferencePeriod(start_month=6)
    err = refusal(
        [
            version("a", "2024-01-01"),
            version("b", "2025-01-01"),
            version("c", "2026-01-01", reference=june),
        ]
    )
    assert (err.code, err.field) == ("reference_differs", "versions[2].reference")
    assert "'c' has another reference period" in str(err)


# -- the days of each version ----------------------------------------------------------------


def test_each_version_runs_to_its_end_else_to_the_day_before_the_next() -> None:
    h = AgreementHistory(
        name="h",
        versions=[
            version("a", "2024-01-01"),
            version("b", "2024-04-01", "2024-05-31"),
            version("c", "2024-09-01"),
        ],
    )
    assert h.span(0) == DateRange(date(2024, 1, 1), date(2024, 3, 31))
    assert h.span(1) == DateRange(date(2024, 4, 1), date(2024, 5, 31))
    last = h.span(2)
    assert last.start == date(2024, 9, 1)
    assert last.end >= date(9999, 1, 1)  # no end: for ever
    assert [(a.name, str(d)) for a, d in h.spans(year_range(2024))] == [
        ("a", "2024-01-01..2024-03-31"),
        ("b", "2024-04-01..2024-05-31"),
        ("c", "2024-09-01..2024-12-31"),
    ]
    # June to August: in the gap, no version governs.
    assert h.in_force(date(2024, 6, 1)) is None
    assert h.in_force(date(2024, 8, 31)) is None
    assert h.in_force(date(2024, 1, 1)).name == "a"  # type: ignore[union-attr]
    assert h.in_force(date(2024, 3, 31)).name == "a"  # type: ignore[union-attr]
    assert h.in_force(date(9999, 12, 31)).name == "c"  # type: ignore[union-attr]
    # No day of the period falls in a version: no span.
    assert h.spans(DateRange(date(2024, 6, 1), date(2024, 8, 31))) == ()


def test_a_single_agreement_is_in_force_on_every_day() -> None:
    a = Agreement(name="x")
    h = AgreementHistory.single(a)
    assert h.name == "x"
    assert [v.agreement for v in h.versions] == [a]
    assert h.in_force(date(1, 1, 1)) is a
    assert h.in_force(date(2024, 2, 29)) is a
    assert h.reference == a.reference


def test_the_nearest_version_answers_for_a_day_no_version_governs() -> None:
    h = AgreementHistory(
        name="h",
        versions=[version("a", "2024-01-01", "2024-03-31"), version("b", "2024-09-01")],
    )
    # In the gap: the first version that starts after the day.
    assert agreement_in_force(h, date(2024, 6, 15)).name == "b"
    assert agreement_in_force(h, date(2023, 12, 31)).name == "a"


# -- the terms of one pool over time ---------------------------------------------------------


def flexible(days: int) -> list[Pool]:
    return [
        Pool(
            name="flexible",
            kinds=["occasional"],
            quotas=[Quota(window="period", maximum=days, prorate=True)],
        )
    ]


POOLED = AgreementHistory(
    name="accord",
    versions=[
        AgreementVersion(
            agreement=Agreement(
                name="a",
                quotas=[Quota(window="period", maximum=100)],
                pools=[Pool(name="fixed", kinds=["regular"])],
                extras=[Extra(status="carer", days=5)],
                total=[Quota(window="month", maximum=12)],
            ),
            start="2024-01-01",
        ),
        AgreementVersion(
            agreement=Agreement(
                name="b",
                quotas=[Quota(window="period", maximum=90)],
                pools=flexible(20),
                total=[Quota(window="month", maximum=15)],
            ),
            start="2024-07-01",
        ),
    ],
)


def test_a_pool_missing_from_a_version_grants_nothing_on_its_days() -> None:
    pool = POOLED.pool_history("flexible")
    assert [(v.agreement.name, v.start) for v in pool.versions] == [
        ("a", date(2024, 1, 1)),
        ("b", date(2024, 7, 1)),
    ]
    assert pool.name == "accord"
    # Version a has no flexible pool: none of its quotas, extras, pools or totals remain.
    assert pool.versions[0].agreement.quotas == ()
    assert pool.versions[0].agreement.extras == ()
    assert pool.versions[0].agreement.pools == ()
    assert pool.versions[0].agreement.total == ()
    assert pool.versions[1].agreement.period_quota.maximum == Fraction(20)  # type: ignore[union-attr]
    assert pool.versions[1].agreement.pools == ()
    assert pool_terms(POOLED, "flexible").versions[1].agreement.period_quota.maximum == 20  # type: ignore[union-attr]


def test_the_total_terms_are_each_version_total_quotas() -> None:
    total = POOLED.pool_history("total")
    assert [[q.maximum for q in v.agreement.quotas] for v in total.versions] == [
        [Fraction(12)],
        [Fraction(15)],
    ]
    assert all(v.agreement.total == () for v in total.versions)


def test_the_default_pool_is_the_history_itself_and_an_unknown_pool_is_refused() -> None:
    assert POOLED.pool_history("default") is POOLED
    assert pool_terms(POOLED, "default") is POOLED
    assert POOLED.pool_names == ("default", "fixed", "flexible")
    with pytest.raises(InvalidValue) as err:
        POOLED.pool_history("hybrid")
    assert err.value.code == "unknown_pool"
    assert dict(err.value.params) == {"pool": "hybrid"}
    assert "the agreement 'b' has no pool 'hybrid'" in str(err.value)  # the last version


def test_a_pool_of_an_earlier_version_only_is_known_to_the_history() -> None:
    fixed = POOLED.pool_history("fixed")  # version a's pool, not b's
    assert [v.agreement.name for v in fixed.versions] == ["a", "b"]
    assert [len(v.agreement.quotas) for v in fixed.versions] == [0, 0]
    assert fixed.versions[1].agreement.pools == ()
    three = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=Agreement(name="a", pools=flexible(5)), start="2024-01-01"),
            AgreementVersion(agreement=Agreement(name="b"), start="2024-05-01"),
            AgreementVersion(agreement=Agreement(name="c"), start="2024-09-01"),
        ],
    )
    assert [len(v.agreement.quotas) for v in three.pool_history("flexible").versions] == [1, 0, 0]
    with pytest.raises(InvalidValue) as err:
        three.pool_history("hybrid")
    assert "the agreement 'c' has no pool 'hybrid'" in str(err.value)


def test_asking_again_and_for_many_histories_gives_the_same_terms() -> None:
    first = POOLED.pool_history("flexible")
    assert POOLED.pool_history("flexible") == first
    histories = [
        AgreementHistory(
            name=f"h{n}",
            versions=[
                AgreementVersion(
                    agreement=Agreement(name="a", pools=flexible(n)), start="2024-01-01"
                )
            ],
        )
        for n in range(1, 301)
    ]
    maxima = [h.pool_history("flexible").versions[0].agreement.period_quota for h in histories]
    assert [q.maximum for q in maxima if q is not None] == [Fraction(n) for n in range(1, 301)]
    assert POOLED.pool_history("flexible") == first


def test_pool_terms_of_an_agreement_are_its_pool_quotas() -> None:
    a = POOLED.versions[1].agreement
    terms = pool_terms(a, "flexible")
    assert isinstance(terms, Agreement)
    assert [q.maximum for q in terms.quotas] == [Fraction(20)]
    assert pool_terms(a, "default") is a


def test_a_history_asked_again_for_a_pool_gives_back_the_same_terms_object() -> None:
    # The entitlement and quota-rule memos are keyed on the terms' identity: a history that
    # rebuilt its pool terms on every call would miss them on every booking check.
    history = AgreementHistory(
        name="again",
        versions=[
            AgreementVersion(agreement=Agreement(name="a", pools=flexible(4)), start="2024-01-01"),
            AgreementVersion(agreement=Agreement(name="b", pools=flexible(8)), start="2024-07-01"),
        ],
    )
    first = history.pool_history("flexible")
    assert history.pool_history("flexible") is first
    assert pool_terms(history, "flexible") is first
    total = history.pool_history("total")
    assert total is not first
    assert history.pool_history("total") is total
    maxima = [v.agreement.period_quota for v in first.versions]
    assert [q.maximum for q in maxima if q is not None] == [Fraction(4), Fraction(8)]
