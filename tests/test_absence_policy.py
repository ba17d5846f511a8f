"""Absences: the half-days they cover, their validation, the policy of their kinds, and long
absences (every figure counted by hand on a 2024 calendar)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from teleaccord import (
    Absence,
    AbsenceKind,
    DateRange,
    HalfDay,
    InvalidValue,
    absence_kind,
    absent_masks,
    long_absence_days,
    long_absence_share,
)

MON, TUE, WED, THU, FRI = (date(2024, 3, d) for d in range(4, 9))
YEAR = DateRange(date(2024, 1, 1), date(2024, 12, 31))
SECOND_HALF = DateRange(date(2024, 7, 1), date(2024, 12, 31))  # 184 days


def away(
    first: date, last: date, kind: str = "paid_leave", absence_id: str = "A", **halves: str
) -> Absence:
    return Absence(
        absence_id=absence_id, employee="E1", days=DateRange(first, last), kind=kind, **halves
    )


# -- the half-days covered ----------------------------------------------------------------------


def test_a_week_from_monday_noon_to_friday_noon() -> None:
    a = away(MON, FRI, start_half="pm", end_half="am")
    assert [
        a.mask_on(d)
        for d in (MON - timedelta(days=1), MON, TUE, WED, THU, FRI, FRI + timedelta(days=1))
    ] == [
        0,
        2,
        3,
        3,
        3,
        1,
        0,
    ]
    assert a.amount == 4  # 5 calendar days less two half-days


@pytest.mark.parametrize(
    ("halves", "amount", "mask"),
    [
        ({}, Fraction(1), 3),
        ({"end_half": "am"}, Fraction(1, 2), 1),
        ({"start_half": "pm"}, Fraction(1, 2), 2),
    ],
)
def test_a_one_day_absence(halves: dict[str, str], amount: Fraction, mask: int) -> None:
    a = away(TUE, TUE, **halves)
    assert (a.amount, a.mask_on(TUE)) == (amount, mask)


def test_the_amount_counts_weekends() -> None:
    assert away(date(2024, 3, 1), date(2024, 3, 31)).amount == 31


@pytest.mark.parametrize(
    ("halves", "asked", "covered"),
    [
        ({"end_half": "am"}, HalfDay.MORNING, True),
        ({"end_half": "am"}, HalfDay.AFTERNOON, False),
        ({"end_half": "am"}, None, True),
        ({"start_half": "pm"}, HalfDay.MORNING, False),
        ({"start_half": "pm"}, HalfDay.AFTERNOON, True),
        ({}, HalfDay.AFTERNOON, True),
    ],
)
def test_overlaps_to_the_half_day(
    halves: dict[str, str], asked: HalfDay | None, covered: bool
) -> None:
    assert away(TUE, TUE, **halves).overlaps(TUE, asked) is covered
    assert away(TUE, TUE, **halves).overlaps(WED, asked) is False


# -- what is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"start_half": "am"}, "start_half", "invalid_absence_half"),
        ({"end_half": "pm"}, "end_half", "invalid_absence_half"),
        ({"start_half": "pm", "end_half": "am"}, "end_half", "invalid_absence_half"),
        ({"start_half": "noon"}, "half", "invalid_half_day"),
        ({"absence_id": "  "}, "absence_id", "missing_value"),
        ({"employee": ""}, "employee", "missing_value"),
        ({"kind": "sick leave!"}, "kind", "invalid_absence_kind"),
        ({"kind": 3}, "kind", "invalid_absence_kind"),
        ({"days": (TUE, TUE)}, "days", "invalid_period"),
    ],
)
def test_an_absence_that_makes_no_sense_is_refused(
    changes: dict[str, object], field: str, code: str
) -> None:
    values: dict[str, object] = {
        "absence_id": "A",
        "employee": "E1",
        "days": DateRange(TUE, TUE),
        "kind": "rtt",
    }
    values.update(changes)
    with pytest.raises(InvalidValue) as caught:
        Absence(**values)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.code) == (field, code)


def test_a_two_day_absence_may_start_and_end_at_noon() -> None:
    assert away(TUE, WED, start_half="pm", end_half="am").amount == 1


@pytest.mark.parametrize(
    ("given", "name"), [("Site visit", "site_visit"), ("  TRAINING ", "training"), ("rtt", "rtt")]
)
def test_kind_names_are_normalised(given: str, name: str) -> None:
    assert away(TUE, TUE, kind=given).kind == name
    assert AbsenceKind(name=given).name == name


def test_half_day_names_are_read_loosely() -> None:
    assert away(TUE, WED, start_half=" PM ").start_half is HalfDay.AFTERNOON


# -- the policy of each kind ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "on_site", "coverage", "reduces"),
    [
        ("paid_leave", False, False, False),
        ("rtt", False, False, False),
        ("sickness", False, False, True),
        ("parental", False, False, True),
        ("training", True, False, False),
        ("business_travel", True, False, False),
        ("client_site", True, False, False),
        ("other", False, False, False),
    ],
)
def test_the_default_policy_of_each_kind(
    kind: str, on_site: bool, coverage: bool, reduces: bool
) -> None:
    policy = absence_kind(kind)
    assert (policy.name, policy.on_site, policy.coverage, policy.reduces_presence) == (
        kind,
        on_site,
        coverage,
        reduces,
    )


def test_an_agreement_s_kind_wins_over_the_default_and_adds_kinds() -> None:
    mine = (
        AbsenceKind(name="training", on_site=False, coverage=True),
        AbsenceKind(name="union_leave", on_site=True),
    )
    assert absence_kind("Training", mine).coverage is True
    assert absence_kind("training", mine).on_site is False
    assert absence_kind("union_leave", mine).on_site is True
    assert absence_kind("sickness", mine).reduces_presence is True


def test_an_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(InvalidValue) as caught:
        absence_kind("strike", [AbsenceKind(name="union_leave")])
    error = caught.value
    assert (error.field, error.code) == ("kind", "unknown_absence_kind")
    known = [
        "business_travel",
        "client_site",
        "other",
        "paid_leave",
        "parental",
        "rtt",
        "sickness",
        "training",
        "union_leave",
    ]
    assert dict(error.params) == {"kind": "strike", "known": known}
    assert str(error) == f"kind: unknown absence kind 'strike'; known: {', '.join(known)}."


# -- absent half-days as masks ------------------------------------------------------------------


def test_two_half_day_absences_on_one_day_make_a_whole_day() -> None:
    morning = away(TUE, TUE, end_half="am", absence_id="M")
    afternoon = away(TUE, WED, kind="training", start_half="pm", absence_id="P")
    assert absent_masks([afternoon, morning]) == {TUE: 3, WED: 3}
    assert list(absent_masks([afternoon, morning])) == [TUE, WED]  # by day
    # Training counts as on site for the on-site minimums: only the leave is left.
    assert absent_masks([afternoon, morning], counting="on_site") == {TUE: 1}
    # No default kind counts as on site for coverage: both are absent.
    assert absent_masks([afternoon, morning], counting="coverage") == {TUE: 3, WED: 3}
    kept = (AbsenceKind(name="training", coverage=True),)
    assert absent_masks([afternoon, morning], counting="coverage", kinds=kept) == {TUE: 1}
    assert absent_masks([afternoon, morning], counting="on_site", kinds=kept) == {TUE: 3, WED: 3}


def test_masks_are_limited_to_the_period() -> None:
    a = away(MON, FRI, start_half="pm")
    assert absent_masks([a], period=DateRange(date(2024, 3, 1), MON)) == {MON: 2}
    assert absent_masks([a], period=DateRange(date(2024, 4, 1), date(2024, 4, 30))) == {}
    assert absent_masks([a], period=DateRange(THU, date(2024, 3, 31))) == {THU: 3, FRI: 3}


def test_an_unknown_way_of_counting_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        absent_masks([], counting="on-site")
    assert (caught.value.field, caught.value.code) == ("counting", "invalid_value")


# -- long absences --------------------------------------------------------------------------------


def test_a_run_is_long_only_when_strictly_longer_than_the_limit() -> None:
    thirty = away(date(2024, 3, 1), date(2024, 3, 30), kind="sickness")  # 30 days
    assert long_absence_days([thirty], YEAR, longer_than=30) == frozenset()
    assert len(long_absence_days([thirty], YEAR, longer_than=29)) == 30
    assert long_absence_days([thirty], YEAR, longer_than=None) == frozenset()


def test_adjacent_absences_make_one_run_and_a_gap_splits_it() -> None:
    first = away(date(2024, 3, 1), date(2024, 3, 20), kind="sickness", absence_id="S1")  # 20 days
    second = away(date(2024, 3, 21), date(2024, 4, 4), kind="parental", absence_id="S2")  # 15 days
    joined = long_absence_days([second, first], YEAR, longer_than=30)
    assert len(joined) == 35
    assert min(joined) == date(2024, 3, 1)
    assert max(joined) == date(2024, 4, 4)
    after_gap = away(date(2024, 3, 22), date(2024, 4, 4), kind="parental", absence_id="S2")
    assert long_absence_days([first, after_gap], YEAR, longer_than=19) == frozenset(first.days)
    # The run at the end of the list is checked too.
    assert long_absence_days([after_gap, first], YEAR, longer_than=13) == frozenset(
        first.days
    ) | frozenset(after_gap.days)


def test_only_kinds_reducing_presence_make_long_absences() -> None:
    leave = away(date(2024, 3, 1), date(2024, 4, 30), kind="paid_leave")  # 61 days
    assert long_absence_days([leave], YEAR, longer_than=30) == frozenset()
    counted = (AbsenceKind(name="paid_leave", reduces_presence=True),)
    assert len(long_absence_days([leave], YEAR, longer_than=30, kinds=counted)) == 61


def test_half_days_count_as_whole_days_of_a_run() -> None:
    sick = away(
        date(2024, 3, 1), date(2024, 3, 31), kind="sickness", start_half="pm", end_half="am"
    )
    assert len(long_absence_days([sick], YEAR, longer_than=30)) == 31


def test_a_run_across_the_period_s_start_counts_whole_but_only_its_days_inside_are_given() -> None:
    sick = away(date(2024, 6, 11), date(2024, 7, 10), kind="sickness")  # 20 + 10 days
    days = long_absence_days([sick], SECOND_HALF, longer_than=25)
    assert len(days) == 10
    assert min(days) == date(2024, 7, 1)


def test_the_share_of_presence_left() -> None:
    sick = away(date(2024, 9, 1), date(2024, 10, 15), kind="sickness")  # 45 days
    assert long_absence_share([sick], YEAR, SECOND_HALF, longer_than=30) == Fraction(184 - 45, 184)
    before = away(date(2024, 6, 1), date(2024, 7, 31), kind="sickness")  # 61 days, 31 present
    assert long_absence_share([before], YEAR, SECOND_HALF, longer_than=30) == Fraction(
        184 - 31, 184
    )
    whole = away(date(2024, 6, 1), date(2025, 1, 31), kind="sickness")
    assert long_absence_share([whole], YEAR, SECOND_HALF, longer_than=30) == 0
    assert long_absence_share([sick], YEAR, SECOND_HALF, longer_than=None) == 1
    assert long_absence_share([sick], YEAR, None, longer_than=30) == 1
    assert long_absence_share([sick], YEAR, SECOND_HALF, longer_than=45) == 1


def test_the_messages_of_refused_half_days() -> None:
    with pytest.raises(InvalidValue) as caught:
        away(TUE, WED, end_half="pm")
    assert str(caught.value) == (
        "end_half: an absence that ends in the afternoon is absent the whole last day; give 'am' "
        "for an absence ending at noon, or nothing."
    )
    with pytest.raises(InvalidValue) as caught:
        away(TUE, TUE, start_half="pm", end_half="am")
    assert str(caught.value) == (
        "end_half: a one-day absence starting at noon and ending at noon is empty; give start_half "
        "'pm' (the afternoon) or end_half 'am' (the morning)."
    )


def test_an_absence_outside_the_period_does_not_hide_the_next() -> None:
    before = away(date(2024, 2, 1), date(2024, 2, 2), absence_id="B")
    inside = away(TUE, TUE, absence_id="I")
    assert absent_masks([before, inside], period=DateRange(MON, FRI)) == {TUE: 3}


def test_a_first_run_exactly_as_long_as_the_limit_is_not_long() -> None:
    first = away(date(2024, 3, 1), date(2024, 3, 20), kind="sickness", absence_id="S1")  # 20 days
    second = away(date(2024, 5, 1), date(2024, 5, 25), kind="sickness", absence_id="S2")  # 25 days
    assert long_absence_days([first, second], YEAR, longer_than=20) == frozenset(second.days)


def test_the_share_of_presence_reads_the_agreement_s_kinds() -> None:
    leave = away(date(2024, 9, 1), date(2024, 10, 15), kind="paid_leave")  # 45 days
    counted = (AbsenceKind(name="paid_leave", reduces_presence=True),)
    assert long_absence_share([leave], YEAR, SECOND_HALF, longer_than=30) == 1
    assert long_absence_share(
        [leave], YEAR, SECOND_HALF, longer_than=30, kinds=counted
    ) == Fraction(139, 184)
