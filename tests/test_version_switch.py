"""Agreements over time: which version governs a day or a period, what a history refuses, and
what a switch does to entitlements and carried days (figures worked out by hand)."""

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
    CarryOver,
    Contract,
    DateRange,
    Grant,
    InvalidValue,
    Quota,
    ReferencePeriod,
    agreement_in_force,
    entitlement,
    governing_agreement,
    realize,
    year_range,
)

AT = datetime(2024, 1, 2, 9, tzinfo=timezone.utc)
Y2024, Y2025 = year_range(2024), year_range(2025)


def named(name: str, **kw: object) -> Agreement:
    return Agreement(name=name, **kw)  # type: ignore[arg-type]


def version(name: str, start: str, end: str | None = None, **kw: object) -> AgreementVersion:
    return AgreementVersion(agreement=named(name, **kw), start=start, end=end)


# a (2024-01-01..2024-03-31), a gap in April, b (2024-05-01..2024-08-31), c (from 2024-09-01)
GAPPED = AgreementHistory(
    name="h",
    versions=[
        version("c", "2024-09-01"),
        version("a", "2024-01-01", "2024-03-31"),
        version("b", "2024-05-01"),
    ],
)


def test_versions_are_kept_by_start_day() -> None:
    assert [v.agreement.name for v in GAPPED.versions] == ["a", "b", "c"]


def test_the_days_each_version_is_in_force() -> None:
    assert [str(GAPPED.span(i)) for i in range(3)] == [
        "2024-01-01..2024-03-31",
        "2024-05-01..2024-08-31",
        "2024-09-01..9999-12-31",
    ]


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2023, 12, 31), None),
        (date(2024, 1, 1), "a"),
        (date(2024, 3, 31), "a"),
        (date(2024, 4, 1), None),
        (date(2024, 4, 30), None),
        (date(2024, 5, 1), "b"),
        (date(2024, 8, 31), "b"),
        (date(2024, 9, 1), "c"),
        (date(2030, 1, 1), "c"),
    ],
)
def test_the_version_in_force_on_a_day(day: date, name: str | None) -> None:
    found = GAPPED.in_force(day)
    assert (found.name if found else None) == name


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2023, 6, 1), "a"),
        (date(2024, 4, 15), "b"),
        (date(2024, 6, 1), "b"),
        (date(2031, 1, 1), "c"),
    ],
)
def test_the_nearest_version_governs_a_day_no_version_covers(day: date, name: str) -> None:
    # Before the first: the first; in the April gap: the next one; after the last: the last.
    assert agreement_in_force(GAPPED, day).name == name


def test_the_versions_of_a_period_with_their_days() -> None:
    got = [
        (a.name, str(days))
        for a, days in GAPPED.spans(DateRange(date(2024, 3, 1), date(2024, 9, 30)))
    ]
    assert got == [
        ("a", "2024-03-01..2024-03-31"),
        ("b", "2024-05-01..2024-08-31"),
        ("c", "2024-09-01..2024-09-30"),
    ]
    assert GAPPED.spans(DateRange(date(2024, 4, 2), date(2024, 4, 20))) == ()


@pytest.mark.parametrize(
    ("first", "last", "name"),
    [
        ("2024-01-01", "2024-12-31", "c"),  # in force on the last day
        ("2024-02-01", "2024-04-30", "a"),  # the last day is in the gap: the last one in force
        ("2024-04-02", "2024-04-20", "b"),  # entirely in the gap: the first one starting after
        ("2023-01-01", "2023-12-31", "a"),  # before the history: the first one starting after
    ],
)
def test_the_version_governing_a_period(first: str, last: str, name: str) -> None:
    period = DateRange(date.fromisoformat(first), date.fromisoformat(last))
    assert GAPPED.governing(period).name == name
    assert governing_agreement(GAPPED, period).name == name


def test_a_history_ending_before_a_period_is_governed_by_its_last_version() -> None:
    ended = AgreementHistory(
        name="h",
        versions=[
            version("a", "2020-01-01", "2020-12-31"),
            version("b", "2021-01-01", "2021-12-31"),
        ],
    )
    assert ended.governing(Y2024).name == "b"
    assert ended.in_force(date(2022, 1, 1)) is None
    assert agreement_in_force(ended, date(2022, 1, 1)).name == "b"


def test_an_agreement_governs_itself() -> None:
    a = named("solo")
    assert agreement_in_force(a, date(2024, 1, 1)) is a
    assert governing_agreement(a, Y2024) is a


def test_a_single_history_is_in_force_every_day() -> None:
    h = AgreementHistory.single(named("solo"))
    assert h.name == "solo"
    assert h.in_force(date(1, 1, 1)).name == "solo"
    assert h.in_force(date(9999, 12, 31)).name == "solo"


# -- what a history refuses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("versions", "field", "code"),
    [
        ([], "versions", "no_versions"),
        (
            [version("a", "2024-01-01"), version("b", "2024-01-01")],
            "versions[1].start",
            "versions_overlap",
        ),
        (
            [version("a", "2024-01-01", "2024-06-01"), version("b", "2024-06-01")],
            "versions[1].start",
            "versions_overlap",
        ),
        (
            [
                version("a", "2024-01-01"),
                version("b", "2024-07-01", reference=ReferencePeriod(kind="month")),
            ],
            "versions[1].reference",
            "reference_differs",
        ),
    ],
)
def test_a_history_that_makes_no_sense_is_refused(
    versions: list[AgreementVersion], field: str, code: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        AgreementHistory(name="h", versions=versions)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_the_overlap_message_names_both_versions() -> None:
    with pytest.raises(InvalidValue) as caught:
        AgreementHistory(
            name="h",
            versions=[version("a", "2024-01-01", "2024-06-30"), version("b", "2024-06-01")],
        )
    assert str(caught.value) == (
        "versions[1]: 'b' starts on 2024-06-01, while 'a' is still in force; versions cannot overlap."
    )


def test_versions_may_follow_each_other_the_next_day() -> None:
    h = AgreementHistory(
        name="h", versions=[version("a", "2024-01-01", "2024-06-30"), version("b", "2024-07-01")]
    )
    assert [str(h.span(i)) for i in range(2)] == [
        "2024-01-01..2024-06-30",
        "2024-07-01..9999-12-31",
    ]


def test_a_version_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        version("a", "2024-03-01", "2024-02-29")
    assert (caught.value.field, caught.value.code) == ("versions.end", "range_end_before_start")
    assert version("a", "2024-03-01", "2024-03-01").end == date(2024, 3, 1)  # one day is fine


# -- a switch in figures --------------------------------------------------------------------------


def test_the_entitlement_is_each_version_s_quota_over_its_own_days() -> None:
    hundred = [Quota(window="period", maximum=100, prorate=True)]
    hundred_twenty = [Quota(window="period", maximum=120, prorate=True)]
    h = AgreementHistory(
        name="h",
        versions=[
            version("v1", "2024-01-01", quotas=hundred),
            version("v2", "2024-07-01", quotas=hundred_twenty),
        ],
    )
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    e = entitlement(h, contract, Y2024, Calendar())
    # 182 days (January to June) at 100 a year, 184 days at 120, over 366 days.
    assert e.exact == Fraction(100 * 182 + 120 * 184, 366)


def test_carried_days_follow_the_rule_in_force_on_the_next_period_s_first_day() -> None:
    capped = CarryOver(mode="capped", cap=2)
    entries = [
        Grant(entry_id="g", period=Y2024, amount=10, exact=10, recorded_at=AT, by="hr"),
        Booking(entry_id="b", day=date(2024, 3, 5), recorded_at=AT, by="E1"),
    ]
    # The new version, without carry-over, is in force on 1 January 2025: nothing is carried.
    switch_at_new_year = AgreementHistory(
        name="h",
        versions=[version("v1", "2020-01-01", carry_over=capped), version("v2", "2025-01-01")],
    )
    b2024, b2025 = realize(entries, switch_at_new_year, employee="E1", through=Y2025).values()
    assert (b2024.remaining, b2024.forfeited, b2025.carried) == (9, 9, 0)
    # Switching in July 2025 leaves 1 January 2025 under the old rule: 2 carried, 7 forfeited.
    switch_in_july = AgreementHistory(
        name="h",
        versions=[version("v1", "2020-01-01", carry_over=capped), version("v2", "2025-07-01")],
    )
    b2024, b2025 = realize(entries, switch_in_july, employee="E1", through=Y2025).values()
    assert (b2024.remaining, b2024.forfeited, b2025.carried) == (9, 7, 2)


def test_a_version_s_dates_that_are_not_dates_name_their_field() -> None:
    with pytest.raises(InvalidValue) as caught:
        AgreementVersion(agreement=named("a"), start="first of May")
    assert caught.value.field == "versions.start"
    with pytest.raises(InvalidValue) as caught:
        AgreementVersion(agreement=named("a"), start="2024-01-01", end="soon")
    assert caught.value.field == "versions.end"


def test_the_messages_of_refused_histories() -> None:
    with pytest.raises(InvalidValue) as caught:
        AgreementHistory(name="h", versions=[])
    assert str(caught.value) == "versions: a history needs at least one agreement version."
    monthly = ReferencePeriod(kind="month")
    with pytest.raises(InvalidValue) as caught:
        AgreementHistory(
            name="h",
            versions=[version("a", "2024-01-01"), version("b", "2024-07-01", reference=monthly)],
        )
    assert str(caught.value) == (
        "versions[1]: 'b' has another reference period than the first version; every version of a history shares one."
    )


def test_after_a_history_of_three_versions_the_last_one_governs() -> None:
    ended = AgreementHistory(
        name="h",
        versions=[
            version("a", "2019-01-01", "2019-12-31"),
            version("b", "2020-01-01", "2020-12-31"),
            version("c", "2021-01-01", "2021-12-31"),
        ],
    )
    assert ended.governing(Y2024).name == "c"
    assert agreement_in_force(ended, date(2024, 5, 1)).name == "c"


def test_a_history_of_plain_agreements_is_refused_with_the_item_named() -> None:
    from teleaccord import Agreement, AgreementHistory, InvalidValue

    with pytest.raises(InvalidValue) as caught:
        AgreementHistory(name="h", versions=[Agreement(name="x")])  # type: ignore[list-item]
    assert (caught.value.code, caught.value.field) == ("invalid_type", "versions[0]")
