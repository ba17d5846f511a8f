"""The validator factories: each accepts what it says, and refuses the rest with InvalidValue."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import InvalidValue
from teleaccord.validators import (
    aware_datetime,
    boolean,
    each_instance_of,
    in_range,
    instance_of,
    non_empty_text,
    non_negative,
    none_of,
    one_of,
    optional,
    plain_date,
    positive,
    sorted_pairs,
    value_for,
    whole_number,
)


def holder(validator: Any) -> Any:
    """A one-field attrs class checked by ``validator``."""
    return attrs.make_class("Holder", {"value": attrs.field(validator=validator)})


def refusal(validator: Any, value: object) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        holder(validator)(value)
    return caught.value


@given(st.integers(-50, 50))
def test_in_range_accepts_exactly_the_closed_interval(n: int) -> None:
    check = in_range(-3, 7)
    if -3 <= n <= 7:
        assert holder(check)(n).value == n
    else:
        assert refusal(check, n).code == "out_of_range"


@pytest.mark.parametrize("value", [True, False, "3", None, 3.5j])
def test_in_range_refuses_bools_and_non_numbers(value: object) -> None:
    assert refusal(in_range(0, 5), value).code == "out_of_range"


@given(st.fractions(max_denominator=20))
def test_positive_and_non_negative_split_at_zero(amount: Fraction) -> None:
    if amount > 0:
        holder(positive())(amount)
    else:
        assert refusal(positive(), amount).code == "not_positive"
    if amount >= 0:
        holder(non_negative())(amount)
    else:
        assert refusal(non_negative(), amount).code == "negative_amount"


def test_zero_is_non_negative_but_not_positive() -> None:
    holder(non_negative())(0)
    holder(non_negative())(Fraction(0))
    assert refusal(positive(), 0).code == "not_positive"


@pytest.mark.parametrize("value", [True, "1", None])
def test_sign_checks_refuse_what_is_not_a_number(value: object) -> None:
    assert refusal(positive(), value).code == "not_positive"
    assert refusal(non_negative(), value).code == "negative_amount"


def test_amounts_are_written_exactly_in_messages() -> None:
    assert str(refusal(non_negative(), Fraction(-1, 3))) == "value: must not be negative, got -1/3."
    assert str(refusal(positive(), Fraction(-5, 2))) == "value: must be more than 0, got -2.5."


@pytest.mark.parametrize(
    ("value", "ok"), [(0, False), (1, True), (7, True), (True, False), (2.0, False), ("3", False)]
)
def test_whole_number_wants_an_int_of_at_least_the_minimum(value: object, ok: bool) -> None:
    if ok:
        assert holder(whole_number(1))(value).value == value
    else:
        error = refusal(whole_number(1), value)
        assert error.code == "invalid_number"
        assert str(error) == f"value: expected a whole number of at least 1, got {value!r}."


def test_one_of_lists_the_options() -> None:
    check = one_of(("am", "pm"), code="invalid_half_day")
    assert holder(check)("pm").value == "pm"
    error = refusal(check, "noon")
    assert (error.code, error.field) == ("invalid_half_day", "value")
    assert str(error) == "value: expected one of 'am', 'pm', got 'noon'."
    assert refusal(check, ["am"]).code == "invalid_half_day"  # unhashable: refused, not a crash


@pytest.mark.parametrize("value", ["", "   ", "\t\n", None, 3])
def test_non_empty_text_refuses_blank_and_non_text(value: object) -> None:
    assert refusal(non_empty_text(), value).code == "missing_text"


def test_boolean_accepts_only_bools() -> None:
    assert holder(boolean())(False).value is False
    for value in (0, 1, "true", None):
        assert refusal(boolean(), value).code == "invalid_boolean"


def test_instance_of_and_each_instance_of_name_the_item_at_fault() -> None:
    assert refusal(instance_of(date), "2025-01-01").code == "invalid_type"
    holder(each_instance_of(int))((1, 2, 3))
    error = refusal(each_instance_of(int), (1, 2, "3"))
    assert (error.field, error.code, str(error)) == (
        "value[2]",
        "invalid_type",
        "value[2]: expected int, got str.",
    )


def test_dates_and_datetimes() -> None:
    holder(plain_date())(date(2025, 1, 2))
    assert refusal(plain_date(), datetime(2025, 1, 2)).code == "invalid_date"
    paris_winter = timezone(timedelta(hours=1))
    holder(aware_datetime())(datetime(2025, 1, 2, 9, tzinfo=paris_winter))
    assert refusal(aware_datetime(), datetime(2025, 1, 2, 9)).code == "naive_datetime"
    assert refusal(aware_datetime(), date(2025, 1, 2)).code == "naive_datetime"


def test_optional_lets_none_through_and_checks_the_rest() -> None:
    check = optional([whole_number(0), in_range(0, 10)])
    assert holder(check)(None).value is None
    assert refusal(check, 11).code == "out_of_range"
    assert refusal(check, -1).code == "invalid_number"  # the first validator speaks first


def test_field_code_and_message_can_be_set() -> None:
    check = in_range(1, 12, code="invalid_month", field="reference.start_month", message="{field}!")
    error = refusal(check, 0)
    assert (error.field, error.code, str(error)) == (
        "reference.start_month",
        "invalid_month",
        "reference.start_month!",
    )


def test_errors_are_value_errors_for_callers_that_catch_builtins() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        holder(non_negative())(-1)


def test_validators_have_readable_reprs() -> None:
    assert repr(optional(in_range(1, 7))) == "<teleaccord validator optional(in_range(1, 7))>"
    assert repr(each_instance_of(int)) == "<teleaccord validator each_instance_of(int)>"


@pytest.mark.parametrize("value", ["am", "pm", None, 3])
def test_none_of_refuses_exactly_the_options(value: object) -> None:
    check = none_of(("pm", 3), code="invalid_absence_half")
    if value in ("pm", 3):
        caught = refusal(check, value)
        assert (caught.code, caught.field) == ("invalid_absence_half", "value")
        assert str(caught) == f"value: expected none of 'pm', 3, got {value!r}."
    else:
        assert holder(check)(value).value == value


@given(st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=5), st.text(max_size=3))
def test_sorted_pairs_and_value_for_read_back_the_mapping(
    mapping: dict[str, str], key: str
) -> None:
    pairs = sorted_pairs(mapping)
    assert list(pairs) == sorted(mapping.items())
    assert sorted_pairs(list(mapping.items())[::-1]) == pairs
    assert value_for(pairs, key, "none") == mapping.get(key, "none")
