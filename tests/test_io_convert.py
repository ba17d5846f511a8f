"""The one converter: every value to plain data and back, in both forms, with every problem
named at its path."""

from __future__ import annotations

import ast
import json
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import agreements, allowance_policies, exemption_tables, threshold_tables
from teleaccord import (
    Agreement,
    AllowancePolicy,
    CarryOver,
    DateRange,
    Eligibility,
    ExemptionTable,
    InvalidValue,
    LoadError,
    Notice,
    Quota,
    ThresholdTable,
)
from teleaccord.io import (
    default_exemption_table,
    default_threshold_table,
    exemption_table_from_dict,
    exemption_table_to_dict,
    load_exemption_table,
    load_threshold_table,
    report_data,
    structure,
    threshold_table_from_dict,
    threshold_table_to_dict,
    unstructure,
)
from teleaccord.io.json import from_data, serialisable_types, to_data
from test_io_json import IDS, STRATEGIES, TYPES

PER_TYPE = settings(max_examples=max(5, settings().max_examples // 10))


@pytest.mark.parametrize("cls", TYPES, ids=IDS)
@PER_TYPE
@given(data=st.data())
def test_structure_inverts_unstructure_for_every_serialisable_type(
    cls: type[Any], data: st.DataObject
) -> None:
    value = data.draw(STRATEGIES[cls])
    written = unstructure(value)
    assert json.loads(json.dumps(written)) == written
    assert structure(written, cls) == value


def test_every_serialisable_type_is_covered() -> None:
    assert set(TYPES) == set(serialisable_types())


@given(st.sampled_from(TYPES).flatmap(lambda cls: STRATEGIES[cls]))
@settings(max_examples=30)
def test_to_data_is_the_one_wire_shape_with_its_type_tag(value: Any) -> None:
    body = unstructure(value)
    assert to_data(value) == {"type": type(value).__name__, "schema_version": 1, **body}
    assert from_data(to_data(value)) == structure(body, type(value))


# -- the "file" form: what people write in TOML ----------------------------------------------


@given(agreements())
def test_an_agreement_round_trips_through_toml_text_in_the_file_form(agreement: Agreement) -> None:
    text = tomli_w.dumps(unstructure(agreement, form="file"))
    assert structure(tomllib.loads(text), Agreement, form="file") == agreement


@given(allowance_policies)
def test_a_policy_round_trips_through_toml_text_in_the_file_form(policy: AllowancePolicy) -> None:
    text = tomli_w.dumps(unstructure(policy, form="file"))
    assert structure(tomllib.loads(text), AllowancePolicy, form="file") == policy


@given(exemption_tables)
@settings(max_examples=20)
def test_an_exemption_table_round_trips_through_toml(table: ExemptionTable) -> None:
    text = tomli_w.dumps(exemption_table_to_dict(table))
    assert exemption_table_from_dict(tomllib.loads(text)) == table


@given(threshold_tables)
@settings(max_examples=20)
def test_a_threshold_table_round_trips_through_toml(table: ThresholdTable) -> None:
    text = tomli_w.dumps(threshold_table_to_dict(table))
    assert threshold_table_from_dict(tomllib.loads(text)) == table


def test_the_file_form_reads_the_friendly_leaves() -> None:
    data = {
        "name": "friendly",
        "quotas": [{"window": " Week ", "maximum": "40 %"}, {"window": "period", "maximum": 40.5}],
        "excluded_weekdays": ["We", 4],
        "blackout": [date(2024, 1, 1), {"start": "2024-01-05", "end": "2024-01-06"}],
        "carry_over": {"mode": "all", "expires_on": "03-31"},
        "notice": {"deadline_days_before": 1, "deadline_time": "19:00"},
        "eligibility": {"categories": [" office ", "it"]},
        "valid": {"start": "2024-01-01"},
    }
    agreement = structure(data, Agreement, form="file")
    assert agreement.quotas[0].maximum == Fraction(2, 5)
    assert agreement.quotas[1].maximum == Fraction(81, 2)
    assert agreement.excluded_weekdays == {2, 4}
    assert agreement.blackout == {date(2024, 1, 1), date(2024, 1, 5), date(2024, 1, 6)}
    assert agreement.carry_over == CarryOver(mode="all", expires_on=(3, 31))
    assert agreement.notice == Notice(deadline_days_before=1, deadline_time=time(19, 0))
    assert agreement.eligibility == Eligibility(categories={"office", "it"})
    assert agreement.valid is not None
    assert agreement.valid.start == date(2024, 1, 1)
    written = unstructure(agreement, form="file")
    assert written["excluded_weekdays"] == ["We", "Fr"]
    assert written["blackout"] == ["2024-01-01", {"start": "2024-01-05", "end": "2024-01-06"}]
    assert written["carry_over"]["expires_on"] == "03-31"
    assert written["valid"] == {"start": "2024-01-01"}
    assert written["quotas"][1]["maximum"] == "40.5"
    assert "negative_limit" not in written  # None values are left out of files


def test_the_data_form_is_strict_where_the_file_form_is_friendly() -> None:
    assert structure({"window": "week", "maximum": "80 %"}, Quota, form="file").maximum == Fraction(
        4, 5
    )
    with pytest.raises(LoadError) as caught:
        structure({"window": "Week", "maximum": 2}, Quota)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.window", "invalid_choice"),
        ("$.maximum", "invalid_type"),
    ]


def test_money_in_files_is_text_or_a_number_and_written_as_text() -> None:
    policy = structure(
        {"name": "x", "kind": "per-day", "amount": "2,70", "monthly_cap": 59.4},
        AllowancePolicy,
        form="file",
    )
    assert (policy.amount, policy.monthly_cap) == (Decimal("2.70"), Decimal("59.4"))
    assert unstructure(policy, form="file") == {
        "name": "x",
        "kind": "per-day",
        "amount": "2.70",
        "monthly_cap": "59.4",
    }


# -- every problem, with its path ------------------------------------------------------------


@pytest.mark.parametrize("form", ["data", "file"])
def test_every_problem_is_listed_with_its_path(form: Any) -> None:
    data = {
        "name": 7,
        "quotas": [
            {"window": "week", "maximum": "2"},
            {"window": "week", "maximum": "2"},
            {"window": "month", "maximum": "lots", "maxium": 3},
        ],
        "rounding": {"mode": "nearest"},
    }
    with pytest.raises(LoadError) as caught:
        structure(data, Agreement, source="hr.toml", form=form)
    error = caught.value
    assert [p.path for p in error.problems] == [
        "$.name",
        "$.quotas[2].maximum",
        "$.quotas[2].maxium",
        "$.rounding.mode",
    ]
    assert [p.code for p in error.problems] == [
        "invalid_type",
        "invalid_number",
        "unknown_key",
        "invalid_choice",
    ]
    assert str(error).startswith("hr.toml: 4 problems:")
    assert "did you mean 'maximum'?" in error.problems[2].message


def test_a_value_the_class_refuses_is_reported_at_its_field() -> None:
    with pytest.raises(LoadError) as caught:
        structure(
            {"name": "x", "quotas": [{"window": "week", "minimum": 3, "maximum": 2}]},
            Agreement,
            form="file",
        )
    assert [p.path for p in caught.value.problems] == ["$.quotas[0].minimum"]


def test_a_table_says_which_version_of_the_format_it_is() -> None:
    data = exemption_table_to_dict(default_exemption_table())
    assert data["schema"] == 1
    assert exemption_table_from_dict(data) == default_exemption_table()
    with pytest.raises(LoadError) as caught:
        exemption_table_from_dict({**data, "schema": 2}, source="limits.toml")
    assert [(p.path, p.code) for p in caught.value.problems] == [("$.schema", "invalid_schema")]
    with pytest.raises(LoadError) as caught:
        threshold_table_from_dict([], source="t.toml")  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == ["$"]


def test_the_released_table_methods_are_shims_over_io(tmp_path: Path) -> None:
    assert ExemptionTable.default() is default_exemption_table()
    assert ThresholdTable.default() is default_threshold_table()
    assert ThresholdTable.from_dict(ThresholdTable.default().to_dict()) == ThresholdTable.default()
    path = tmp_path / "limits.toml"
    path.write_text(tomli_w.dumps(ExemptionTable.default().to_dict()), encoding="utf-8")
    assert load_exemption_table(path) == ExemptionTable.load(path) == ExemptionTable.default()
    path = tmp_path / "thresholds.toml"
    path.write_text(tomli_w.dumps(threshold_table_to_dict(default_threshold_table())), "utf-8")
    assert load_threshold_table(path) == default_threshold_table()
    with pytest.raises(LoadError) as caught:
        load_threshold_table(tmp_path / "missing.toml")
    assert caught.value.problems[0].code == "unreadable_file"


def test_a_date_range_in_a_file_may_stay_open() -> None:
    assert structure({"name": "x", "valid": {"start": "2024-01-01"}}, Agreement, form="file").valid
    assert unstructure(DateRange(date(2024, 1, 1), date(2024, 1, 31)), form="file") == {
        "start": "2024-01-01",
        "end": "2024-01-31",
    }


# -- one mechanism: no reader of its own elsewhere -------------------------------------------

SRC = Path(__file__).parent.parent / "src" / "teleaccord"


@pytest.mark.parametrize(
    "module",
    [
        "io/convert.py",
        "io/json.py",
        "io/agreement_file.py",
        "io/allowance_file.py",
        "io/tables.py",
        "io/toml.py",
        "allowance.py",
        "crossborder.py",
    ],
)
def test_the_converter_modules_import_no_private_name(module: str) -> None:
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("teleaccord")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert private == []


@pytest.mark.parametrize("module", ["allowance.py", "crossborder.py"])
def test_domain_modules_read_no_file_and_parse_no_toml(module: str) -> None:
    text = (SRC / module).read_text(encoding="utf-8")
    assert "tomllib" not in text
    assert "importlib" not in text
    assert "open(" not in text


# -- reports: results as people and HRIS read them -------------------------------------------

REPORTED = [
    cls
    for cls in TYPES
    if cls.__name__
    in {
        "AllowanceExplanation",
        "CrossBorderReport",
        "Entitlement",
        "ExemptionLimit",
        "Explanation",
        "MonthlyAllowance",
        "RuleSource",
        "SegmentShare",
        "ThresholdCounter",
    }
]


@pytest.mark.parametrize("cls", REPORTED, ids=[cls.__name__ for cls in REPORTED])
@PER_TYPE
@given(data=st.data())
def test_a_report_is_the_wire_shape_with_what_readers_need_beside_it(
    cls: type[Any], data: st.DataObject
) -> None:
    value = data.draw(STRATEGIES[cls])
    report = report_data(value)
    assert report == value.to_dict()
    assert json.loads(json.dumps(report)) == report
    assert set(unstructure(value)) <= set(report)


def test_only_results_have_a_report() -> None:
    with pytest.raises(InvalidValue) as caught:
        report_data(Quota(window="week", maximum=2))
    assert caught.value.code == "not_a_report"


def test_data_tagged_with_a_renamed_type_still_loads() -> None:
    from teleaccord import ApprovalClause
    from teleaccord.io.json import from_data, to_data

    data = to_data(ApprovalClause(auto_approve=True))
    assert data["type"] == "ApprovalClause"
    legacy = {**data, "type": "Approval"}  # written by release 0.1
    assert from_data(legacy) == ApprovalClause(auto_approve=True)
