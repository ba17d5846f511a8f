"""The edges of reading and writing amounts, written from their documented contract: the
input limits (digits, exponents, text length), the error each refusal carries (field, code,
the value shown short), and the slower paths (``Decimal``, ``float``, text) of
:func:`parse_amount`, :func:`money_in_bounds` and :func:`format_decimal`.

Each case kills mutants of ``teleaccord.amounts`` that the other tests let live (see
``tools/mutation.py``); the expected figures are counted by hand here, not read from the
module's constants.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from teleaccord import InvalidValue, format_decimal, parse_amount, parse_fraction
from teleaccord.amounts import money_in_bounds, number_in_bounds

# The documented limits: 200 digits a number (each side of a ratio), exponents up to 6.
DIGITS = 200


# -- number_in_bounds: the limits, exactly at their edges -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9" * DIGITS, True),
        ("9" * (DIGITS + 1), False),
        ("0" * 50 + "9" * DIGITS, True),  # leading zeros are not digits of the value
        ("9" * 100 + "." + "9" * 100, True),  # 200 digits in all
        ("9" * 100 + "." + "9" * 101, False),  # 201: the digits on both sides add up
        ("9" * 150 + "." + "9" * 40, True),
        ("1e6", True),
        ("1e-6", True),
        ("1e7", False),
        ("1e-7", False),
        ("1e0006", True),  # four characters of exponent at most
        ("1e00006", False),
        ("9" * DIGITS + "/" + "9" * DIGITS, True),
        ("9" * (DIGITS + 1) + "/7", False),
        ("7/" + "9" * (DIGITS + 1), False),
        ("x" * (2 * DIGITS + 20), True),  # not a number: the parser refuses it, not this
        ("x" * (2 * DIGITS + 21), False),
    ],
)
def test_number_in_bounds_at_the_edges(text: str, expected: bool) -> None:
    assert number_in_bounds(text) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (10**DIGITS - 1, True),
        (10**DIGITS, False),
        (-(10**DIGITS), False),
        (1e300, False),  # read through its shortest text, 1e+300
        (59.4, True),
        (Decimal("Infinity"), True),  # not a size problem: parse_amount refuses it
        (Decimal("1E+7"), False),
        (Decimal("1E+6"), True),
        (" 1 000,50 ", True),
        ("1,5e7", False),  # a decimal comma, and an exponent over 6
        ("1 0e7", False),
        ("1" + "0" * DIGITS, False),
        ("1 " + "0" * (DIGITS - 1), True),  # spaces are group separators, not digits
        ([1, 2], True),  # not a number at all: left to the parser
    ],
)
def test_money_in_bounds(value: object, expected: bool) -> None:
    assert money_in_bounds(value) is expected


# -- parse_amount: its slower paths and the errors it raises --------------------------------------


def test_parse_amount_reads_decimals_floats_and_text_exactly() -> None:
    assert parse_amount(Decimal("40.50")) == Fraction(81, 2)
    assert parse_amount(0.1) == Fraction(1, 10)
    assert parse_amount(-2.5) == Fraction(-5, 2)
    assert parse_amount(" 1 000,5 ") == Fraction(2001, 2)
    assert parse_amount("12,5 %") == Fraction(1, 8)
    assert parse_amount(7) == 7


@pytest.mark.parametrize(
    "value", [True, float("nan"), float("inf"), float("-inf"), Decimal("NaN"), "", "1_000", "1/0"]
)
def test_parse_amount_refuses_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_amount(value, field="quota")
    assert caught.value.code == "invalid_number"
    assert caught.value.field == "quota"
    assert str(caught.value).startswith("quota: expected a number")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1e999", "'1e999'"),
        ("1e999 %", "'1e999 %'"),
        (" 2,5e9 ", "' 2,5e9 '"),
        ("1 0e7", "'1 0e7'"),
        (Fraction(10**206), "a number of about 206 digits"),
        (Fraction(1, 10**206), "a fraction of more than 60 digits"),
        (Decimal("1E+9"), "Decimal('1E+9')"),
        (1e300, "1e+300"),
        (10**250, "a number of about 250 digits"),
        (Fraction(1, 10**250), "a fraction of more than 60 digits"),
        (Fraction(10**250), "a number of about 250 digits"),
    ],
)
def test_a_number_too_large_to_read_names_the_field_and_shows_the_value_short(
    value: object, shown: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_amount(value, field="maximum")
    error = caught.value
    assert (error.code, error.field) == ("invalid_number", "maximum")
    assert str(error) == (
        f"maximum: {shown} is too large or too precise to read; expected at most 200 digits "
        "and an exponent of at most 6."
    )


def test_fractions_read_up_to_what_the_longest_text_can_give() -> None:
    # 200 digits and an exponent of 6: 206 digits each side, as a Fraction.
    widest = Fraction("9" * 200 + "e6")
    assert parse_amount(widest) == widest
    assert parse_amount(Fraction(10**206 - 1)) == 10**206 - 1
    assert parse_amount(Fraction(1, 10**206 - 1)) == Fraction(1, 10**206 - 1)
    assert parse_amount(-(10**206) + 1) == -(10**206) + 1
    with pytest.raises(InvalidValue):
        parse_amount(-(10**206))


def test_a_long_text_is_shown_cut_with_its_length() -> None:
    text = "1" * 150 + "e99"
    with pytest.raises(InvalidValue) as caught:
        parse_amount(text, field="x")
    shown = repr(text)
    assert str(caught.value).startswith(f"x: {shown[:40]}... ({len(shown)} characters) is too")


def test_a_value_of_exactly_sixty_characters_is_shown_whole() -> None:
    text = "1" * 55 + "e+999"  # 60 characters, quotes included: 62 once repr'd
    assert len(text) == 60
    with pytest.raises(InvalidValue) as caught:
        parse_amount(text, field="x")
    assert "characters)" in str(caught.value)  # its repr is 62: cut
    edge = "1" * 54 + "e+999"  # 59 characters, 61 once repr'd: cut
    with pytest.raises(InvalidValue) as caught:
        parse_amount(edge, field="x")
    assert "(61 characters)" in str(caught.value)
    short = "1" * 53 + "e+999"  # 58 characters, 60 once repr'd: whole
    with pytest.raises(InvalidValue) as caught:
        parse_amount(short, field="x")
    assert str(caught.value).startswith(f"x: {short!r} is too large")


# -- format_decimal: Decimal, and what it refuses -----------------------------------------------


def test_format_decimal_writes_decimals_with_a_comma_when_asked() -> None:
    assert format_decimal(Decimal("40.5")) == "40.50"
    assert format_decimal(Decimal("40.5"), comma=True) == "40,50"
    assert format_decimal(Decimal("-0.125"), 2) == "-0.13"  # half-up, away from zero
    assert format_decimal(Decimal("2.5"), 0) == "3"
    assert format_decimal(Fraction(1, 3), 4, comma=True) == "0,3333"
    assert format_decimal(Fraction(2, 3), 1) == "0.7"


@pytest.mark.parametrize("value", [0.5, True, "1.5", None])
def test_format_decimal_refuses_floats_booleans_and_text(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        format_decimal(value)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == ("invalid_number", "value")
    assert str(caught.value) == (
        f"value: expected an exact amount (Fraction, int or Decimal), got {value!r}."
    )


def test_a_work_fraction_given_as_a_fraction_is_checked_like_any_other() -> None:
    """A ``Fraction`` in (0, 1] comes back as it is (the same object); at 0, below, above 1 or
    beyond the bounds it is refused with the code any other form of the value gets."""
    whole, tiny = Fraction(1), Fraction(1, 10**206 - 1)
    assert parse_fraction(whole) is whole
    assert parse_fraction(tiny) is tiny
    assert parse_fraction(Fraction(4, 5)) == Fraction(4, 5)
    for out_of_range in (Fraction(0), Fraction(-1, 2), Fraction(1001, 1000), Fraction(2)):
        with pytest.raises(InvalidValue) as caught:
            parse_fraction(out_of_range, field="fraction")
        assert caught.value.code == "fraction_out_of_range"
    for too_fine in (Fraction(1, 10**206), Fraction(10**206, 10**206 + 1)):
        with pytest.raises(InvalidValue) as caught:
            parse_fraction(too_fine, field="fraction")
        assert caught.value.code == "invalid_number"
