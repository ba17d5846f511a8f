"""Agreement files: round-trips, every problem of a bad file with its key path, the samples."""

from __future__ import annotations

import json
import sys
from datetime import date, time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from strategies import agreements
from teleaccord import (
    Agreement,
    InvalidValue,
    LoadError,
    agreement_from_dict,
    agreement_to_dict,
    dump_agreement,
    load_agreement,
    load_sample_agreement,
    sample_agreements,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _no_float(value: Any) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_no_float(v) for v in value.values())
    if isinstance(value, list):
        return all(_no_float(v) for v in value)
    return True


@given(agreements())
def test_an_agreement_round_trips_through_a_dict(agreement: Agreement) -> None:
    data = agreement_to_dict(agreement)
    assert agreement_from_dict(data) == agreement
    assert _no_float(data)
    json.dumps(data)


@given(agreements())
def test_an_agreement_round_trips_through_toml(agreement: Agreement) -> None:
    assert agreement_from_dict(tomllib.loads(dump_agreement(agreement))) == agreement


def test_a_file_round_trips(tmp_path: Path) -> None:
    sample = load_sample_agreement("assistance-100-days")
    path = tmp_path / "copy.toml"
    path.write_text(dump_agreement(sample), encoding="utf-8")
    assert load_agreement(path) == sample


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (100, Fraction(100)),
        ("81/2", Fraction(81, 2)),
        ("40.5", Fraction(81, 2)),
        (40.5, Fraction(81, 2)),
        ("40,5", Fraction(81, 2)),
    ],
)
def test_amounts_as_numbers_or_text(written: object, expected: Fraction) -> None:
    a = agreement_from_dict({"name": "x", "quotas": [{"window": "period", "maximum": written}]})
    assert a.quotas[0].maximum == expected


def test_percentages_weekday_names_and_toml_dates(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text(
        """
name = "Two days a week, never on Wednesdays"
excluded_weekdays = ["We", "friday"]
blackout = [2024-12-24, "2024-12-26", { start = 2024-12-30, end = "2024-12-31" }]
valid = { start = 2024-01-01 }

[[on_site]]
window = "fortnight"
share = "40 %"

[eligibility]
min_fraction = "50 %"

[notice]
deadline_days_before = 1
deadline_time = 19:00:00

[carry_over]
mode = "capped"
cap = 5
expires_on = "03-31"
""",
        encoding="utf-8",
    )
    a = load_agreement(path)
    assert a.excluded_weekdays == frozenset({2, 4})
    assert a.on_site[0].share == Fraction(2, 5)
    assert a.eligibility.min_fraction == Fraction(1, 2)
    assert a.blackout == frozenset(
        {date(2024, 12, 24), date(2024, 12, 26), date(2024, 12, 30), date(2024, 12, 31)}
    )
    assert a.notice.deadline_time == time(19, 0)
    assert a.carry_over.expires_on == (3, 31)
    assert a.valid is not None
    assert a.valid.start == date(2024, 1, 1)
    written = agreement_to_dict(a)
    assert written["blackout"] == [
        "2024-12-24",
        "2024-12-26",
        {"start": "2024-12-30", "end": "2024-12-31"},
    ]
    assert written["valid"] == {"start": "2024-01-01"}
    assert written["excluded_weekdays"] == ["We", "Fr"]
    assert written["notice"]["deadline_time"] == "19:00"


def test_a_bad_file_lists_every_problem_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        """
granularity = "quarter-day"
excluded_weekdays = ["Wed", "Funday"]
blackout = ["2024-02-30"]
timezone = 3

[[quotas]]
window = "week"
maximum = 2

[[quotas]]
window = "month"
maximum = "lots"
minimun = 1

[rounding]
mode = "nearest"

[notice]
working_days = 1.5
""",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as info:
        load_agreement(path)
    err = info.value
    paths = [p.path for p in err.problems]
    assert paths == [
        "$.name",
        "$.quotas[1].maximum",
        "$.quotas[1].minimun",
        "$.excluded_weekdays",
        "$.granularity",
        "$.rounding.mode",
        "$.notice.working_days",
        "$.blackout",
        "$.timezone",
    ]
    text = str(err)
    assert text.startswith(f"{path}: 9 problems:")
    assert "$.name: this key is required but missing" in text
    assert "$.quotas[1].minimun: unknown key 'minimun' in a Quota (did you mean 'minimum'?)" in text
    assert (
        "$.quotas[1].maximum: expected a number of days (such as 100, 40.5, 81/2 or 80 %), got 'lots'"
        in text
    )
    assert '$.excluded_weekdays: expected weekday names such as "We"' in text
    assert "got 'Funday'" in text
    assert "$.granularity: expected one of 'day', 'half-day', got 'quarter-day'" in text
    assert "$.notice.working_days: expected a whole number, got the number 1.5" in text
    assert err.source == str(path)
    assert err.code == "load_error"
    assert err.field == "$.name"
    assert [p.code for p in err.problems][:3] == ["missing_key", "invalid_number", "unknown_key"]


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        (
            {"name": "x", "quotas": [{"window": "week", "minimum": 3, "maximum": 2}]},
            "$.quotas[0].minimum",
            "above the maximum",
        ),
        (
            {"name": "x", "rounding": {"mode": "up", "unit": "1/2"}},
            "$.rounding.unit",
            "taken by day",
        ),
        (
            {"name": "x", "rounding": {"floor": 5, "ceiling": 2}},
            "$.rounding.ceiling",
            "below the floor",
        ),
        ({"name": "x", "carry_over": {"mode": "capped"}}, "$.carry_over.cap", "needs a cap"),
        (
            {"name": "x", "extras": [{"status": "carer", "days": 5}]},
            "$.extras",
            "no maximum per period",
        ),
        (
            {"name": "x", "notice": {"deadline_days_before": 1}},
            "$.notice.deadline_time",
            "together",
        ),
        (
            {"name": "x", "valid": {"start": "2024-05-01", "end": "2024-04-01"}},
            "$.valid",
            "before it starts",
        ),
        ({"name": "x", "valid": {"begin": "2024-05-01"}}, "$.valid", "a table with start"),
        ({"name": "x", "quotas": {"window": "week"}}, "$.quotas", "expected a list"),
        ({"name": "x", "reference": "year"}, "$.reference", "expected a table"),
        (
            {"name": "x", "blackout": [date(2024, 1, 1), {"start": "2024-01-05"}]},
            "$.blackout",
            "start and end",
        ),
        (
            {"name": "x", "carry_over": {"mode": "all", "expires_on": "31-03"}},
            "$.carry_over.expires_on",
            "MM-DD",
        ),
        ({"name": 7}, "$.name", "expected a string"),
        ({"name": "x", "allow_negative": "yes"}, "$.allow_negative", "true or false"),
        ({"name": "x", "timezone": "Paris"}, "$.timezone", "unknown time zone"),
    ],
)
def test_cross_field_and_type_problems_name_their_key(
    data: dict[str, Any], path: str, words: str
) -> None:
    with pytest.raises(LoadError) as info:
        agreement_from_dict(data, source="hr.toml")
    assert [p.path for p in info.value.problems] == [path]
    assert words in info.value.problems[0].message
    assert str(info.value).startswith("hr.toml: 1 problem:")


def test_not_toml_missing_and_not_utf8_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x\n', encoding="utf-8")
    with pytest.raises(LoadError, match="not valid TOML") as info:
        load_agreement(broken)
    assert info.value.problems[0].code == "invalid_toml"
    with pytest.raises(LoadError, match="cannot read the file"):
        load_agreement(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "télétravail"\n'.encode("latin-1"))
    with pytest.raises(LoadError, match="not UTF-8"):
        load_agreement(latin)
    bom = tmp_path / "bom.toml"
    bom.write_bytes('name = "télétravail"\n'.encode("utf-8-sig"))
    assert load_agreement(bom).name == "télétravail"


def test_a_datetime_is_not_a_date() -> None:
    with pytest.raises(LoadError, match=r"\$\.blackout: expected a date"):
        agreement_from_dict(tomllib.loads("name = 'x'\nblackout = [2024-01-01T10:00:00]\n"))


def test_the_samples_load_and_say_what_the_accords_say() -> None:
    assert sample_agreements() == ("assistance-100-days", "health-insurance-1-3-days")
    assistance = load_sample_agreement("assistance-100-days.toml")
    assert assistance.period_quota is not None
    assert assistance.period_quota.maximum == 100
    assert assistance.period_quota.prorate
    assert assistance.granularity.value == "half-day"
    assert assistance.approval.required
    assert assistance.carry_over.mode.value == "none"
    health = load_sample_agreement("health-insurance-1-3-days")
    week = health.quotas_for("week")[0]
    assert (week.minimum, week.maximum, week.prorate) == (1, 3, False)
    assert health.eligibility.categories is not None
    assert "claims-processing" in health.eligibility.categories
    assert "home-visits" in health.eligibility.excluded_categories
    for name in sample_agreements():
        sample = load_sample_agreement(name)
        assert agreement_from_dict(tomllib.loads(dump_agreement(sample))) == sample


def test_an_unknown_sample_names_the_available_ones() -> None:
    with pytest.raises(InvalidValue, match="available: assistance-100-days"):
        load_sample_agreement("four-days")


def test_loading_still_works_after_attrs_types_are_resolved() -> None:
    # Something else (cattrs, a user's own code) may resolve attrs field types to typing
    # objects; the TOML loader must not depend on them staying strings. The types are put
    # back afterwards so no other test sees the change.
    import attrs

    from teleaccord import agreement as agreement_module

    classes = [
        getattr(agreement_module, name)
        for name in agreement_module.__all__
        if attrs.has(getattr(agreement_module, name))
    ]
    saved = [(a, a.type) for cls in classes for a in attrs.fields(cls)]
    try:
        for cls in classes:
            attrs.resolve_types(cls)
        sample = load_sample_agreement("assistance-100-days")
        assert agreement_from_dict(agreement_to_dict(sample)) == sample
    finally:
        for attribute, annotation in saved:
            object.__setattr__(attribute, "type", annotation)
        for cls in classes:
            cls.__attrs_types_resolved__ = None
