"""Contract: segments from amendments, presence and working days, and every refused input."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import (
    LAST_DAY,
    day_spans,
    days_near,
    employment_contracts,
    fr_calendars,
    patterns,
    unit_fractions,
    years,
)
from teleaccord import (
    Amendment,
    Calendar,
    Contract,
    DateRange,
    InvalidValue,
    Segment,
    WorkPattern,
    year_range,
)

ONE_DAY = timedelta(days=1)


def setups() -> st.SearchStrategy[tuple[Contract, Calendar, DateRange]]:
    return years.flatmap(
        lambda y: st.tuples(employment_contracts(y), fr_calendars(y), day_spans(y))
    )


# -- laws ------------------------------------------------------------------------------------


@given(employment_contracts())
def test_segments_tile_the_contract(contract: Contract) -> None:
    segments = contract.segments
    assert segments[0].start == contract.hired
    assert segments[-1].end == contract.last_day
    for before, after in itertools.pairwise(segments):
        assert before.end is not None
        assert before.end + ONE_DAY == after.start


@given(setups(), st.data())
def test_presence_of_adjacent_ranges_adds_up(
    setup: tuple[Contract, Calendar, DateRange], data: st.DataObject
) -> None:
    contract, calendar, span = setup
    if len(span) == 1:
        return
    cut = span.start + timedelta(days=data.draw(st.integers(0, len(span) - 2)))
    left, right = DateRange(span.start, cut), DateRange(cut + ONE_DAY, span.end)
    for measure in (
        contract.presence_days,
        lambda r: contract.working_days(r, calendar),
        lambda r: contract.worked_amount(r, calendar),
    ):
        assert measure(span) == measure(left) + measure(right)


@given(setups())
def test_segments_in_a_range_share_exactly_its_days_under_contract(
    setup: tuple[Contract, Calendar, DateRange],
) -> None:
    contract, _calendar, span = setup
    pieces = contract.segments_in(span)
    assert sum(len(days) for _, days in pieces) == contract.presence_days(span)
    presence = contract.presence(span)
    if presence is None:
        assert pieces == ()
    else:
        assert pieces[0][1].start == presence.start
        assert pieces[-1][1].end == presence.end
    for segment, days in pieces:
        assert segment.period.contains_range(days)
        assert contract.segment_at(days.start) == segment
        assert contract.segment_at(days.end) == segment


@given(setups())
def test_working_days_are_the_days_the_employee_works(
    setup: tuple[Contract, Calendar, DateRange],
) -> None:
    contract, calendar, span = setup
    loop = [day for day in span if contract.is_working_day(day, calendar)]
    assert contract.working_days(span, calendar) == len(loop)
    amount = sum(
        (calendar.worked_amount(DateRange.single(d), contract.segment_at(d).pattern) for d in loop),  # type: ignore[union-attr]
        Fraction(0),
    )
    assert contract.worked_amount(span, calendar) == amount


@st.composite
def amended(draw: st.DrawFn) -> tuple[date, Fraction, list[Amendment], Contract]:
    """A contract with its inputs, amendments given in any order."""
    hired = draw(days_near(2024))
    first = draw(unit_fractions)
    effective = draw(st.lists(st.integers(0, 900), unique=True, max_size=5))
    given_ = [
        Amendment(effective=hired + timedelta(days=n), fraction=draw(st.none() | unit_fractions))
        for n in effective
    ]
    contract = Contract.from_amendments(
        employee="E1", hired=hired, fraction=first, amendments=given_
    )
    return hired, first, given_, contract


@given(amended(), st.integers(-10, 1000))
def test_the_fraction_on_a_day_is_the_latest_amendment_giving_one(
    setup: tuple[date, Fraction, list[Amendment], Contract], offset: int
) -> None:
    hired, first, changes, contract = setup
    day = hired + timedelta(days=offset)
    if day < hired:
        assert contract.fraction_at(day) is None
        return
    expected = first
    for change in sorted(changes, key=lambda a: a.effective):
        if change.effective <= day and change.fraction is not None:
            expected = change.fraction
    assert contract.fraction_at(day) == expected


@given(years.flatmap(lambda y: patterns(y, min_half_days=1)))
def test_a_pattern_alone_gives_its_fraction_capped_at_full_time(pattern: WorkPattern) -> None:
    contract = Contract.from_amendments(employee="E1", hired=date(2024, 1, 1), pattern=pattern)
    assert contract.fraction_at(date(2024, 1, 1)) == min(pattern.fraction, 1)
    assert contract.segments[0].pattern == pattern


@given(st.permutations(range(4)), st.integers(0, 3))
def test_errors_name_the_amendment_by_its_place_in_the_callers_list(
    order: list[int], bad: int
) -> None:
    hired = date(2024, 1, 1)
    changes = [Amendment(effective=hired + timedelta(days=30 * (n + 1))) for n in order]
    changes[bad] = Amendment(effective=date(2023, 6, 1), fraction="1/2")
    with pytest.raises(InvalidValue) as err:
        Contract.from_amendments(employee="E1", hired=hired, amendments=changes)
    assert err.value.field == f"amendments[{bad}].effective"
    assert err.value.code == "amendment_outside_contract"


# -- examples --------------------------------------------------------------------------------


def test_a_year_with_a_move_to_80_percent_wednesday_off() -> None:
    contract = Contract.from_amendments(
        employee="E042",
        hired="2024-01-01",
        amendments=[
            Amendment(
                effective="2024-07-01", fraction="80 %", pattern=WorkPattern.parse("Mo Tu Th Fr")
            )
        ],
    )
    assert [str(s.period) for s in contract.segments] == [
        "2024-01-01..2024-06-30",
        "2024-07-01..9999-12-31",
    ]
    assert contract.fraction_at(date(2024, 6, 30)) == 1
    assert contract.fraction_at(date(2024, 7, 1)) == Fraction(4, 5)
    assert contract.working_days(year_range(2024), Calendar()) == 227
    assert contract.presence_days(year_range(2024)) == 366  # leap year


def test_a_contract_ending_mid_year_and_one_crossing_the_year() -> None:
    contract = Contract.from_amendments(
        employee="E7", hired=date(2024, 11, 1), last_day=date(2025, 2, 28), team="claims"
    )
    assert contract.presence_days(year_range(2024)) == 61
    assert contract.presence_days(year_range(2025)) == 59
    assert contract.presence_days(year_range(2026)) == 0
    assert contract.segment_at(date(2025, 3, 1)) is None
    assert contract.fraction_at(date(2024, 10, 31)) is None
    assert not contract.is_working_day(date(2025, 3, 3), Calendar())
    # November 2024 to February 2025, Monday to Friday, in Moselle:
    # 21 + 22 + 23 + 20 weekdays, minus 1 and 11 November, 25 and 26 December, 1 January
    moselle = Calendar(subdivision="57")
    assert contract.working_days(contract.employment, moselle) == 81
    assert contract.working_days(contract.employment, Calendar()) == 82


def test_amendments_change_only_what_they_give() -> None:
    contract = Contract.from_amendments(
        employee="E1",
        hired=date(2024, 1, 1),
        fraction=Fraction(1, 2),
        site="Metz",
        amendments=[
            Amendment(effective=date(2024, 9, 1), team="claims"),
            Amendment(effective=date(2024, 3, 1), pattern=WorkPattern.parse("Mo Tu")),
        ],
    )
    last = contract.segments[-1]
    assert (last.fraction, str(last.pattern), last.site, last.team) == (
        Fraction(1, 2),
        "Mo Tu",
        "Metz",
        "claims",
    )
    assert len(contract.segments) == 3


def test_an_amendment_on_the_hire_date_replaces_the_initial_terms() -> None:
    contract = Contract.from_amendments(
        employee="E1",
        hired=date(2024, 1, 1),
        amendments=[Amendment(effective=date(2024, 1, 1), fraction="0.5")],
    )
    assert len(contract.segments) == 1
    assert contract.fraction_at(date(2024, 1, 1)) == Fraction(1, 2)


def test_a_24_7_cycle_contract_counts_weekends_and_holidays() -> None:
    cycle = WorkPattern.parse(
        "Mo Tu We Th Fr / Sa Su", anchor=date(2024, 12, 23), works_holidays=True
    )
    contract = Contract.from_amendments(employee="P1", hired=date(2024, 12, 23), pattern=cycle)
    assert contract.fraction_at(date(2025, 1, 1)) == Fraction(7, 10)
    january = DateRange(date(2025, 1, 1), date(2025, 1, 31))
    # weeks from the anchor: 30 Dec-5 Jan weekend only (4, 5), 6-10 weekdays, 13-19 weekend
    # (18, 19), 20-24 weekdays, 27 Jan-2 Feb weekend (outside January); 1 January is worked
    # by the pattern, but falls in a weekend-only week
    assert contract.working_days(january, Calendar()) == 2 + 5 + 2 + 5
    assert contract.is_working_day(date(2024, 12, 25), Calendar())  # Christmas, worked


# -- every refused input, with its field and code --------------------------------------------

HIRED = date(2024, 1, 1)
FULL = WorkPattern.full_time()


def refused_cases() -> list[tuple[str, Any, str, str]]:
    def segment(start: date, end: date | None) -> Segment:
        return Segment(start=start, end=end)

    return [
        (
            "fraction above 1",
            lambda: Contract.from_amendments(employee="E", hired=HIRED, fraction="120 %"),
            "fraction",
            "fraction_out_of_range",
        ),
        (
            "fraction of 0",
            lambda: Contract.from_amendments(employee="E", hired=HIRED, fraction=0),
            "fraction",
            "fraction_out_of_range",
        ),
        (
            "amendment fraction above 1",
            lambda: Amendment(effective=HIRED, fraction="3/2"),
            "fraction",
            "fraction_out_of_range",
        ),
        (
            "fraction that is not a number",
            lambda: Contract.from_amendments(employee="E", hired=HIRED, fraction="most"),
            "fraction",
            "invalid_number",
        ),
        (
            "amendment before the hire date",
            lambda: Contract.from_amendments(
                employee="E", hired=HIRED, amendments=[Amendment(effective=date(2023, 12, 31))]
            ),
            "amendments[0].effective",
            "amendment_outside_contract",
        ),
        (
            "amendment after the last day",
            lambda: Contract.from_amendments(
                employee="E",
                hired=HIRED,
                last_day=date(2024, 6, 30),
                amendments=[
                    Amendment(effective=date(2024, 3, 1)),
                    Amendment(effective=date(2024, 7, 1)),
                ],
            ),
            "amendments[1].effective",
            "amendment_outside_contract",
        ),
        (
            "two amendments on one day",
            lambda: Contract.from_amendments(
                employee="E",
                hired=HIRED,
                amendments=[
                    Amendment(effective=date(2024, 3, 1), team="a"),
                    Amendment(effective=date(2024, 2, 1)),
                    Amendment(effective=date(2024, 3, 1), site="b"),
                ],
            ),
            "amendments[2].effective",
            "overlapping_amendments",
        ),
        (
            "last day before the hire date",
            lambda: Contract.from_amendments(
                employee="E", hired=HIRED, last_day=date(2023, 12, 31)
            ),
            "last_day",
            "last_day_before_hire",
        ),
        (
            "last day before the hire date, from segments",
            lambda: Contract(
                employee="E",
                hired=HIRED,
                last_day=date(2023, 12, 31),
                segments=[segment(HIRED, None)],
            ),
            "last_day",
            "last_day_before_hire",
        ),
        (
            "overlapping segments",
            lambda: Contract(
                employee="E",
                hired=HIRED,
                segments=[segment(HIRED, date(2024, 6, 30)), segment(date(2024, 6, 1), None)],
            ),
            "segments",
            "segments_not_contiguous",
        ),
        (
            "unordered segments",
            lambda: Contract(
                employee="E",
                hired=HIRED,
                segments=[segment(date(2024, 7, 1), None), segment(HIRED, date(2024, 6, 30))],
            ),
            "segments",
            "segment_outside_contract",
        ),
        (
            "a gap between segments",
            lambda: Contract(
                employee="E",
                hired=HIRED,
                segments=[segment(HIRED, date(2024, 6, 30)), segment(date(2024, 7, 2), None)],
            ),
            "segments",
            "segments_not_contiguous",
        ),
        (
            "an open-ended segment before another",
            lambda: Contract(
                employee="E",
                hired=HIRED,
                segments=[segment(HIRED, None), segment(date(2024, 7, 1), None)],
            ),
            "segments",
            "segments_not_contiguous",
        ),
        (
            "segments ending before the last day",
            lambda: Contract(
                employee="E",
                hired=HIRED,
                last_day=date(2024, 12, 31),
                segments=[segment(HIRED, date(2024, 6, 30))],
            ),
            "segments",
            "segment_outside_contract",
        ),
        (
            "no segments",
            lambda: Contract(employee="E", hired=HIRED, segments=[]),
            "segments",
            "no_segments",
        ),
        (
            "segment ending before it starts",
            lambda: segment(HIRED, date(2023, 12, 31)),
            "segment.end",
            "range_end_before_start",
        ),
        (
            "range ending before it starts",
            lambda: Contract.from_amendments(employee="E", hired=HIRED).working_days(
                DateRange(date(2024, 2, 1), date(2024, 1, 31)), Calendar()
            ),
            "end",
            "range_end_before_start",
        ),
        (
            "empty employee",
            lambda: Contract.from_amendments(employee="  ", hired=HIRED),
            "employee",
            "missing_employee",
        ),
        (
            "no employee",
            lambda: Contract.from_amendments(employee=None, hired=HIRED),  # type: ignore[arg-type]
            "employee",
            "missing_employee",
        ),
        (
            "hire date that does not exist",
            lambda: Contract.from_amendments(employee="E", hired="2024-02-30"),
            "hired",
            "invalid_date",
        ),
        (
            "pattern alone without a working half-day",
            lambda: Contract.from_amendments(
                employee="E", hired=HIRED, pattern=WorkPattern(((0,) * 7,))
            ),
            "pattern",
            "empty_pattern",
        ),
        (
            "pattern that is text",
            lambda: Contract.from_amendments(employee="E", hired=HIRED, pattern="Mo Tu"),  # type: ignore[arg-type]
            "pattern",
            "invalid_pattern",
        ),
        (
            "amendment that is not an Amendment",
            lambda: Contract.from_amendments(
                employee="E",
                hired=HIRED,
                amendments=[{"effective": "2024-02-01"}],  # type: ignore[list-item]
            ),
            "amendments[0]",
            "invalid_amendment",
        ),
    ]


@pytest.mark.parametrize(
    ("build", "field", "code"),
    [case[1:] for case in refused_cases()],
    ids=[case[0] for case in refused_cases()],
)
def test_bad_input_is_refused_naming_the_field(build: Any, field: str, code: str) -> None:
    with pytest.raises(InvalidValue) as err:
        build()
    assert (err.value.field, err.value.code) == (field, code), err.value.message
    assert err.value.message.endswith(".")


def test_the_last_day_may_be_the_last_representable_day() -> None:
    contract = Contract.from_amendments(employee="E", hired=HIRED, last_day=LAST_DAY)
    assert contract.presence_days(DateRange(date(2100, 12, 1), date(2100, 12, 31))) == 31
