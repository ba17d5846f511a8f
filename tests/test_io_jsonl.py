"""The fast load path of ledger files (#18): it reads and refuses exactly what the reference path
(``parse_json`` of each line, ``from_data`` of each entry) reads and refuses, with the same codes
and locations.

The reference is the converter's detailed path (:func:`teleaccord.io.json.from_data`), not the
code under test: every mutated entry is read both ways and the answers compared.
"""

from __future__ import annotations

import json
import types
from datetime import date, datetime, timezone
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import ledger_entries
from teleaccord import (
    Agreement,
    Booking,
    Calendar,
    Cancellation,
    Contract,
    DateRange,
    LoadError,
    Quota,
    QuotaLedger,
    from_data,
    to_data,
    year_range,
)
from teleaccord.entries import ENTRY_TYPES
from teleaccord.io.convert import builder, reader
from teleaccord.io.json import MAX_LINE, parse_json, parse_json_line
from teleaccord.validators import fields_read

AT = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)

# Values a hostile or damaged file may put in any field.
ODD_VALUES = [
    None,
    "",
    "   ",
    0,
    1,
    1.5,
    True,
    False,
    "0",
    "1",
    "-1",
    "0.5",
    "1/2",
    "3",
    "NaN",
    "1e999999",
    "2025-01-02",
    "2025-02-30",
    "2025-1-2",
    "2025-01-02T09:00:00",  # naive
    "2025-01-02T09:00:00+01:00",
    "2025-01-02T09:00:00Z",
    "2025-01-02T09:00:00+01:00[Europe/Paris]",
    "2025-01-02T09:00:00+01:00[Nowhere/Land]",
    "am",
    "PM",
    " regular ",
    "imposed",
    "x" * 300,
    [],
    ["2025-01-02"],
    {},
    {"start": "2025-01-01", "end": "2025-12-31"},
    {"start": "2025-12-31", "end": "2025-01-01"},
    {"approver": "hr", "reason": "move", "codes": ["weekly_max_exceeded"]},
]


def answer(read: Any) -> tuple[str, Any]:
    """What a read gives: its value, or the problems of its error (path, code, message)."""
    try:
        return ("value", read())
    except LoadError as error:
        return ("refused", [(p.path, p.code, p.message) for p in error.problems])


@st.composite
def mutated_entries(draw: st.DrawFn) -> dict[str, Any]:
    """An entry's data as written, then (most of the time) damaged in one place."""
    data = to_data(draw(ledger_entries))
    how = draw(st.sampled_from(["none", "value", "drop", "extra", "type", "version"]))
    keys = sorted(data)
    if how == "value":
        data[draw(st.sampled_from(keys))] = draw(st.sampled_from(ODD_VALUES))
    elif how == "drop":
        del data[draw(st.sampled_from(keys))]
    elif how == "extra":
        data[draw(st.sampled_from(["prorat", "notes", "Amount"]))] = draw(
            st.sampled_from(ODD_VALUES)
        )
    elif how == "type":
        data["type"] = draw(st.sampled_from(["Booking", "Cancellation", "Grant", "booking", 3]))
    elif how == "version":
        data["schema_version"] = draw(st.sampled_from([0, 1, 2, True, "1", 1.0, None]))
    return data


@given(mutated_entries())
def test_the_entry_readers_answer_as_from_data(data: dict[str, Any]) -> None:
    for cls in ENTRY_TYPES:
        fast = answer(lambda: reader(cls)(data, source="f.jsonl"))  # noqa: B023
        reference = answer(lambda: from_data(data, cls, source="f.jsonl"))  # noqa: B023
        assert fast == reference, cls.__name__


@given(ledger_entries)
def test_an_entry_reads_back_equal_with_its_types(entry: Any) -> None:
    again = reader(type(entry))(to_data(entry))
    assert again == entry
    for field in attrs.fields(type(entry)):  # equal and of the same types (no float, no str)
        assert type(getattr(again, field.name)) is type(getattr(entry, field.name)), field.name


def test_a_remembered_value_is_still_checked_against_the_other_fields() -> None:
    # "1" read once as a whole day's amount: the same text on a half-day is still refused.
    read = reader(Booking)
    whole = {"type": "Booking", "entry_id": "b1", "day": "2025-01-02", "amount": "1",
             "recorded_at": "2025-01-02T09:00:00+00:00", "by": "E1"}  # fmt: skip
    assert read(whole).amount == 1
    with pytest.raises(LoadError) as caught:
        read({**whole, "half": "am"}, source="f.jsonl")
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.amount", "invalid_booking_amount")
    ]
    # and the other way round: a half-day's "0.5" passed, the same text on a whole day fails
    assert read({**whole, "half": "pm", "amount": "0.5"}).amount == Fraction(1, 2)
    with pytest.raises(LoadError) as caught:
        read({**whole, "amount": "0.5"}, source="f.jsonl")
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.amount", "invalid_booking_amount")
    ]


def test_validators_turned_off_are_off_in_the_fast_path_too() -> None:
    # What attrs does for the class's __init__ (attrs.validators.set_disabled).
    data = {"type": "Booking", "entry_id": "  ", "day": "2025-01-02",
            "recorded_at": "2025-01-02T09:00:00+00:00", "by": "E1"}  # fmt: skip
    with pytest.raises(LoadError):
        reader(Booking)(data)
    naive = {**data, "entry_id": "b1", "recorded_at": "2025-01-02T09:00:00"}
    with pytest.raises(LoadError):
        reader(Booking)(naive)
    attrs.validators.set_disabled(True)
    try:
        assert reader(Booking)(data).entry_id == "  "
        # checked as read, whatever the switch: what it refuses is read as from_data reads it
        assert answer(lambda: reader(Booking)(naive)) == answer(lambda: from_data(naive, Booking))
    finally:
        attrs.validators.set_disabled(False)


@given(mutated_entries())
def test_a_builder_answers_as_from_data_or_raises(data: dict[str, Any]) -> None:
    # The fast path alone (what replay_jsonl calls): never a value from_data would not give.
    for cls in ENTRY_TYPES:
        reference = answer(lambda: from_data(data, cls))  # noqa: B023
        try:
            built = builder(cls)(data)
        except Exception:  # left to the reader, which answers as from_data (above)
            continue
        assert reference == ("value", built), cls.__name__
        for field in attrs.fields(cls):
            assert type(getattr(built, field.name)) is type(getattr(reference[1], field.name))


def test_a_value_refused_once_is_refused_every_time() -> None:
    # The builders remember a text's value once it passed its checks, never before.
    at = "2025-01-02T09:00:00+00:00"
    cancellation = {"type": "Cancellation", "entry_id": "c1", "booking_id": "b1",
                    "day": "2025-01-02", "amount": "2", "recorded_at": at, "by": "E1"}  # fmt: skip
    booking = {"type": "Booking", "entry_id": "b1", "day": "2025-01-02", "amount": "1",
               "recorded_at": "2025-01-02T09:00:00", "by": "E1"}  # fmt: skip
    for _ in range(2):
        with pytest.raises(LoadError) as caught:
            reader(Cancellation)(cancellation)
        assert [(p.path, p.code) for p in caught.value.problems] == [
            ("$.amount", "invalid_booking_amount")
        ]
        with pytest.raises(LoadError) as caught:
            reader(Booking)(booking)
        assert [(p.path, p.code) for p in caught.value.problems] == [
            ("$.recorded_at", "naive_datetime")
        ]
    assert reader(Cancellation)({**cancellation, "amount": "0.5"}).amount == Fraction(1, 2)


def test_a_missing_field_with_an_unknown_key_in_its_place_is_refused() -> None:
    # As many keys as a full entry, one of them unknown: the builder counts the keys it knows.
    data = {"type": "Booking", "schema_version": 1, "entry_id": "b1", "day": "2025-01-02",
            "amount": "1", "recorded_at": "2025-01-02T09:00:00+00:00", "by": "E1",
            "nte": "", "half": None, "telework_kind": "regular", "exception": None}  # fmt: skip
    with pytest.raises(LoadError) as caught:
        reader(Booking)(data)
    assert [(p.path, p.code) for p in caught.value.problems] == [("$.nte", "unknown_key")]
    del data["nte"]
    assert reader(Booking)(data).note == ""


def test_a_value_with_a_cached_hash_read_from_data_hashes_as_one_made_directly() -> None:
    made = DateRange(date(2024, 1, 1), date(2024, 1, 31))
    read = reader(DateRange)({"type": "DateRange", "start": "2024-01-01", "end": "2024-01-31"})
    assert hash(read) == hash(made)
    assert {read, made} == {made}


# -- parse_json_line: the same answers as parse_json ---------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)


@st.composite
def lines(draw: st.DrawFn) -> str:
    text = json.dumps(draw(json_values), ensure_ascii=draw(st.booleans()))
    how = draw(st.sampled_from(["as is", "around", "cut", "join", "nan", "deep", "garbage"]))
    if how == "around":
        text = (
            draw(st.sampled_from([" ", "\t", "\r", "\ufeff"]))
            + text
            + draw(st.sampled_from(["", " ", "\r"]))
        )
    elif how == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "join":
        text = f"{text}, {text}"
    elif how == "nan":
        text = text.replace("null", draw(st.sampled_from(["NaN", "Infinity", "-Infinity"])))
    elif how == "deep":
        depth = draw(st.sampled_from([31, 32, 33, 40]))
        text = "[" * depth + text + "]" * depth
    elif how == "garbage":
        text += draw(st.sampled_from(["x", "}", "]", "1"]))
    return text


@given(lines())
def test_parse_json_line_answers_as_parse_json(line: str) -> None:
    fast = answer(lambda: parse_json_line(line, "f.jsonl", "line 7"))
    reference = answer(lambda: parse_json(line, "f.jsonl", "line 7", max_length=MAX_LINE))
    assert fast == reference


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('{"a": "' + "x" * MAX_LINE + '"}', "too_long"),
        ("[" * 40 + "]" * 40, "too_deep"),
        ("[" * 10_000 + "]" * 10_000, "invalid_json"),
        ('{"a": NaN}', "invalid_json"),
        ('{"a": 1} {"b": 2}', "invalid_json"),
        ('{"a": "\x01"}', "invalid_json"),  # a raw control character in a string
    ],
)
def test_parse_json_line_refuses_what_parse_json_refuses(line: str, code: str) -> None:
    with pytest.raises(LoadError) as caught:
        parse_json_line(line, "f.jsonl", "line 2")
    assert [(p.path, p.code) for p in caught.value.problems] == [("line 2", code)]


# -- whole ledgers ------------------------------------------------------------------------------

AGREEMENT = Agreement(
    name="open", quotas=[Quota(window="period", maximum=200)], granularity="half-day"
)
CONTRACT = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))


def small_ledger() -> QuotaLedger:
    ledger = QuotaLedger(agreement=AGREEMENT, contract=CONTRACT, calendar=Calendar())
    ledger.grant(year_range(2025), at=AT, by="hr")
    first = ledger.book(date(2025, 1, 2), at=AT, by="E1")
    ledger.book(date(2025, 1, 3), half="am", at=AT, by="E1")
    ledger.cancel(first.entry_id, at=AT, by="E1")
    ledger.book(date(2025, 1, 2), half="pm", at=AT, by="E1")
    return ledger


def load(text: str) -> QuotaLedger:
    return QuotaLedger.from_jsonl(text, agreement=AGREEMENT, contract=CONTRACT, calendar=Calendar())


def refused(text: str) -> list[tuple[str, str | None]]:
    with pytest.raises(LoadError) as caught:
        load(text)
    return [(p.path, p.code) for p in caught.value.problems]


def test_a_ledger_written_with_crlf_or_padded_lines_loads_the_same() -> None:
    ledger = small_ledger()
    text = ledger.to_jsonl()
    assert load(text).entries == ledger.entries
    assert load(text.replace("\n", "\r\n")).entries == ledger.entries
    padded = "\n".join(f"  {line}\t" for line in text.splitlines())
    assert load(padded).entries == ledger.entries


def edit(text: str, number: int, **changes: Any) -> str:
    """``text`` with line ``number`` (from 1) changed (a value of ``...`` drops the key)."""
    lines_ = text.splitlines()
    data = json.loads(lines_[number - 1])
    for key, value in changes.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    lines_[number - 1] = json.dumps(data)
    return "\n".join(lines_) + "\n"


@pytest.mark.parametrize(
    ("number", "changes", "expected"),
    [
        # line 4 is the half-day booked on 2025-01-03, which no later line refers to
        (4, {"amount": "1"}, [("line 4.amount", "invalid_booking_amount")]),
        (4, {"half": None}, [("line 4.amount", "invalid_booking_amount")]),
        (4, {"half": "pm"}, []),  # still a half-day: loads
        (4, {"half": "evening"}, [("line 4.half", "invalid_choice")]),
        (4, {"day": "2025-02-30"}, [("line 4.day", "invalid_date")]),
        (4, {"day": 20250103}, [("line 4.day", "invalid_type")]),
        (4, {"recorded_at": "2025-01-02T09:00:00"}, [("line 4.recorded_at", "naive_datetime")]),
        (4, {"by": " "}, [("line 4.by", "missing_value")]),
        (4, {"by": 7}, [("line 4.by", "invalid_type")]),
        (4, {"by": ...}, [("line 4.by", "missing_key")]),
        (4, {"notes": ""}, [("line 4.notes", "unknown_key")]),
        (4, {"telework_kind": ""}, [("line 4.telework_kind", "invalid_telework_kind")]),
        (4, {"schema_version": 2}, [("line 4.schema_version", "unsupported_schema_version")]),
        (4, {"entry_id": "E1:booking:2"}, [("line 4", "inconsistent_entries")]),  # line 3's id
        # the booking of line 3 keeps its day: the cancellation (line 5) cancels an unknown
        # booking, and the half-day of line 6 falls on a day still booked
        (3, {"entry_id": "E1:booking:9"}, [("line 5", "inconsistent_entries"),
                                           ("line 6", "inconsistent_entries")]),
        (5, {"amount": "0.5"}, [("line 5", "inconsistent_entries"),
                                ("line 6", "inconsistent_entries")]),
        (6, {"half": None, "amount": "1"}, []),  # the whole day again, after its cancellation
        (2, {"amount": "-1"}, [("line 2.amount", "negative_amount")]),
    ],
)  # fmt: skip
def test_a_damaged_line_is_refused_with_its_code_and_location(
    number: int, changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    text = edit(small_ledger().to_jsonl(), number, **changes)
    if expected:
        assert refused(text) == expected
    else:
        load(text)


def test_every_damaged_line_is_reported_not_only_the_first() -> None:
    text = edit(small_ledger().to_jsonl(), 3, amount="0.5")
    text = edit(text, 4, recorded_at="yesterday")
    text = text.replace('"type": "Grant"', '"type": "Grnat"')
    assert refused(text) == [
        ("line 2.type", "invalid_value"),
        ("line 3.amount", "invalid_booking_amount"),
        ("line 4.recorded_at", "invalid_datetime"),
        ("line 5", "inconsistent_entries"),  # cancels the booking of line 3, refused
    ]


@given(ledger_entries, st.data())
def test_a_validator_reads_only_what_it_declares(entry: Any, data: st.DataObject) -> None:
    # A reader trusts the declarations of `reads`: a validator given an instance that has
    # only the declared fields (and, for the others, a value of another entry) answers as
    # it does on the real instance.
    for field in attrs.fields(type(entry)):
        validators = getattr(field.validator, "_validators", None) or [field.validator]
        for validator in validators:
            declared = fields_read(validator)
            if declared is None:
                continue
            value = getattr(entry, field.name)
            stub = types.SimpleNamespace(**{name: getattr(entry, name) for name in declared})
            validator(stub, field, value)  # passes, as on the entry itself
            other = data.draw(st.sampled_from([1, "x", Fraction(1, 3), date(2000, 1, 1), None]))
            assert outcome(validator, stub, field, other) == outcome(validator, entry, field, other)


def outcome(validator: Any, instance: Any, field: Any, value: Any) -> tuple[str, str]:
    """What a validator does with a value: pass, or raise (the error's type and words)."""
    try:
        validator(instance, field, value)
    except Exception as exc:
        return (type(exc).__name__, str(exc))
    return ("passes", "")
