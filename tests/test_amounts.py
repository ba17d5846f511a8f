"""Exact amounts: parsing, formatting, and the rounding laws (DECISIONS.md)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import unit_fractions
from teleaccord import (
    Granularity,
    InvalidValue,
    Rounding,
    RoundingMode,
    format_amount,
    parse_amount,
    parse_fraction,
)

amounts = st.fractions(min_value=-500, max_value=500, max_denominator=1000)
units = st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(1, 4), Fraction(2)])
modes = st.sampled_from([m for m in RoundingMode if m is not RoundingMode.EXACT])


def is_multiple(value: Fraction, unit: Fraction) -> bool:
    return (value / unit).denominator == 1


# -- rounding laws ---------------------------------------------------------------------------


@given(amounts, units, modes)
def test_rounding_gives_a_multiple_of_the_unit_less_than_one_unit_away(
    exact: Fraction, unit: Fraction, mode: RoundingMode
) -> None:
    rounded = Rounding(mode, unit=unit).round(exact)
    assert is_multiple(rounded, unit)
    assert abs(rounded - exact) < unit


@given(amounts, units)
def test_rounding_up_and_down_move_only_in_their_direction(exact: Fraction, unit: Fraction) -> None:
    up = Rounding(RoundingMode.UP, unit=unit).round(exact)
    down = Rounding(RoundingMode.DOWN, unit=unit).round(exact)
    assert 0 <= up - exact < unit
    assert 0 <= exact - down < unit
    assert up == down or up - down == unit


@given(amounts, units, st.sampled_from([RoundingMode.HALF_UP, RoundingMode.HALF_EVEN]))
def test_rounding_to_nearest_moves_at_most_half_a_unit(
    exact: Fraction, unit: Fraction, mode: RoundingMode
) -> None:
    rounded = Rounding(mode, unit=unit).round(exact)
    assert abs(rounded - exact) <= unit / 2
    if abs(rounded - exact) == unit / 2:  # a tie
        if mode is RoundingMode.HALF_UP:
            assert abs(rounded) > abs(exact)  # away from zero
        else:
            assert (rounded / unit) % 2 == 0  # to the even multiple


@given(amounts, modes)
def test_half_day_unit_gives_multiples_of_one_half(exact: Fraction, mode: RoundingMode) -> None:
    rounded = Rounding(mode, unit=Granularity.HALF_DAY.unit).round(exact)
    assert (rounded * 2).denominator == 1


@given(amounts, amounts, units, modes)
def test_rounding_keeps_order_and_is_idempotent(
    a: Fraction, b: Fraction, unit: Fraction, mode: RoundingMode
) -> None:
    rule = Rounding(mode, unit=unit)
    low, high = min(a, b), max(a, b)
    assert rule.round(low) <= rule.round(high)
    assert rule.round(rule.round(a)) == rule.round(a)


@given(amounts, units)
def test_exact_mode_changes_nothing(exact: Fraction, unit: Fraction) -> None:
    assert Rounding(RoundingMode.EXACT, unit=unit).round(exact) == exact


@given(
    amounts,
    units,
    st.sampled_from(list(RoundingMode)),
    st.none() | st.integers(-100, 100),
    st.none() | st.integers(-100, 100),
)
def test_floor_and_ceiling_apply_last(
    exact: Fraction,
    unit: Fraction,
    mode: RoundingMode,
    floor: int | None,
    ceiling: int | None,
) -> None:
    if floor is not None and ceiling is not None and ceiling < floor:
        floor, ceiling = ceiling, floor
    rule = Rounding(mode, unit=unit, floor=floor, ceiling=ceiling)
    rounded = rule.round(exact)
    result = rule.apply(exact)
    expected = rounded
    if floor is not None:
        expected = max(expected, Fraction(floor))
    if ceiling is not None:
        expected = min(expected, Fraction(ceiling))
    assert result == expected == rule.bound(rounded)
    if (floor is None or floor <= rounded) and (ceiling is None or rounded <= ceiling):
        assert result == rounded
        assert "applies" not in rule.describe(exact)
    else:
        assert "applies" in rule.describe(exact)


# -- parsing and formatting ------------------------------------------------------------------


# Input numbers are bounded (MAX_DIGITS digits, see test_a_number_beyond_the_bounds_is_refused):
# the laws hold over what HR files hold, with room to spare.
bounded = {"min_value": -(10**12), "max_value": 10**12}


@given(st.fractions(max_denominator=10_000, **bounded))
def test_formatted_amounts_read_back_exactly(value: Fraction) -> None:
    assert parse_amount(format_amount(value)) == value


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, **bounded))
def test_decimals_and_decimal_text_are_exact(value: Decimal) -> None:
    assert parse_amount(value) == Fraction(value)
    assert parse_amount(str(value)) == Fraction(value)
    assert parse_amount(str(value).replace(".", ",")) == Fraction(value)


@given(unit_fractions)
def test_work_fractions_in_the_unit_interval_are_accepted(value: Fraction) -> None:
    assert parse_fraction(value) == value
    assert parse_fraction(format_amount(value)) == value


@given(st.fractions(max_denominator=100, **bounded).filter(lambda f: not 0 < f <= 1))
def test_work_fractions_outside_the_unit_interval_are_refused(value: Fraction) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_fraction(value, field="segments[0].fraction")
    assert (err.value.field, err.value.code) == ("segments[0].fraction", "fraction_out_of_range")


# -- examples --------------------------------------------------------------------------------


def test_the_forms_a_person_writes() -> None:
    assert parse_amount("80 %") == Fraction(4, 5)
    assert parse_amount("80,5%") == Fraction(161, 200)
    assert parse_amount("4/5") == Fraction(4, 5)
    assert parse_amount(" 40,5 ") == Fraction(81, 2)
    assert parse_amount(0.1) == Fraction(1, 10)  # the float's shortest text, not its binary
    assert parse_amount(Decimal("0.30")) == Fraction(3, 10)
    assert format_amount(Fraction(-1, 8)) == "-0.125"
    assert format_amount(Fraction(200, 3)) == "200/3"


@pytest.mark.parametrize("bad", [True, "", "abc", "1/0", "nan", "inf", float("nan"), None, "1_000"])
def test_not_numbers_are_refused(bad: object) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_amount(bad, field="quota")
    assert (err.value.field, err.value.code) == ("quota", "invalid_number")


def test_worked_rounding_examples() -> None:
    half_up = Rounding("half-up", unit="1/2")
    assert half_up.apply(Fraction(161, 4)) == Fraction(81, 2)  # 40.25 -> 40.5
    assert half_up.apply(Fraction(-161, 4)) == Fraction(-81, 2)
    assert Rounding("half-even").apply(Fraction(5, 2)) == 2
    assert Rounding("half-even").apply(Fraction(7, 2)) == 4
    assert Rounding("down").apply(Fraction(799, 10)) == 79
    assert Rounding("up", ceiling=100).apply(Fraction(1003, 10)) == 100
    assert Rounding("down", floor=5).apply(Fraction(9, 2)) == 5
    assert (
        Rounding("up", ceiling=100).describe(Fraction(1003, 10))
        == "100.3 rounded up to the nearest day gives 101. The ceiling of 100 applies."
    )


def test_bad_rounding_rules_name_the_field() -> None:
    cases = [
        (lambda: Rounding("sideways"), "rounding.mode", "invalid_rounding_mode"),
        (lambda: Rounding(unit=0), "rounding.unit", "invalid_rounding_unit"),
        (lambda: Rounding(unit="half"), "rounding.unit", "invalid_number"),
        (lambda: Rounding(floor=10, ceiling=5), "rounding.ceiling", "ceiling_below_floor"),
    ]
    for build, field, code in cases:
        with pytest.raises(InvalidValue) as err:
            build()
        assert (err.value.field, err.value.code) == (field, code)


# -- found by mutation testing (tools/mutation.py): each pins a boundary or a name ----------


@pytest.mark.parametrize("value", ["1.01", "3/2", Fraction(2), "120 %", 2])
def test_work_fractions_just_above_one_are_refused(value: object) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_fraction(value)
    assert (err.value.field, err.value.code) == ("fraction", "fraction_out_of_range")
    assert parse_fraction("100 %") == 1


def test_a_work_fraction_that_is_no_number_names_the_callers_field() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_fraction("most", field="segments[2].fraction")
    assert (err.value.field, err.value.code) == ("segments[2].fraction", "invalid_number")


def test_amounts_name_their_field_by_default() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_amount("lots")
    assert err.value.field == "amount"
    assert str(err.value).startswith("amount: expected a number")


@pytest.mark.parametrize("infinite", [float("inf"), float("-inf")])
def test_infinite_floats_are_no_amount(infinite: float) -> None:
    with pytest.raises(InvalidValue, match="expected a number"):
        parse_amount(infinite)


def test_spaces_group_thousands() -> None:
    assert parse_amount("1 000") == 1000
    assert parse_amount("1 234,5") == Fraction(2469, 2)


def test_half_up_breaks_ties_away_from_zero() -> None:
    half_up = Rounding("half-up")
    assert [half_up.apply(Fraction(n, 2)) for n in (-3, -1, 1, 3, 5)] == [-2, -1, 1, 2, 3]
    assert Rounding("half-up", unit="1/2").apply(Fraction(1, 4)) == Fraction(1, 2)


def test_an_unknown_rounding_mode_lists_the_known_ones() -> None:
    with pytest.raises(InvalidValue) as err:
        Rounding("sideways")
    assert str(err.value) == (
        "rounding.mode: unknown rounding mode 'sideways'; use one of exact, half-up, half-even, "
        "up, down."
    )


@pytest.mark.parametrize("bound", ["floor", "ceiling"])
def test_bad_bounds_name_their_field(bound: str) -> None:
    with pytest.raises(InvalidValue) as err:
        Rounding(**{bound: "many"})
    assert (err.value.field, err.value.code) == (f"rounding.{bound}", "invalid_number")


def test_describe_names_the_floor_when_the_floor_applies() -> None:
    assert Rounding("down", floor=5).describe(Fraction(9, 2)) == (
        "4.5 rounded down to the nearest day gives 4. The floor of 5 applies."
    )
    assert Rounding("down", floor=5).describe(Fraction(5)) == (
        "5 rounded down to the nearest day gives 5."
    )


@pytest.mark.parametrize(
    "text",
    [
        "1e1000000000",
        "1e100000000",
        "1e5000",
        "9" * 5000,
        "1e7",
        "1e-7",
        "1" * 201,
        "1/" + "3" * 201,
    ],
)
def test_a_number_beyond_the_bounds_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_amount(text)
    assert info.value.code == "invalid_number"


@pytest.mark.parametrize(
    "value", [10**250, Fraction(1, 10**250), Decimal("1e99999"), 1e300, float("1e-300")]
)
def test_a_number_value_beyond_the_bounds_is_refused(value: object) -> None:
    with pytest.raises(InvalidValue):
        parse_amount(value)


@pytest.mark.parametrize("text", ["1e6", "2.5E-3", "1" * 30, "123456789012345678901234567890/7"])
def test_numbers_within_the_bounds_are_read(text: str) -> None:
    assert parse_amount(text) == Fraction(text)
