"""Errors and violations: what callers catch, what an HRIS displays, what survives pickling."""

from __future__ import annotations

import json
import pickle
from datetime import date, datetime, timezone
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import days
from teleaccord import (
    InvalidValue,
    LoadError,
    NotAllowed,
    OperationRefused,
    Problem,
    StaleVersion,
    TeleaccordError,
    Violation,
)

codes = st.from_regex(r"[a-z][a-z_]{0,20}", fullmatch=True)
sentences = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).filter(str.strip)
"""One-line texts (a message is a sentence; line breaks belong to the report layout)."""
params = st.dictionaries(
    st.text(max_size=8),
    st.none() | st.integers() | days | st.fractions(max_denominator=100) | st.text(max_size=8),
    max_size=4,
)
violations = st.builds(
    Violation, code=codes, message=sentences, day=st.none() | days, params=params
)
problems = st.builds(Problem, path=sentences, message=sentences, code=codes)


def errors() -> st.SearchStrategy[TeleaccordError]:
    simple = st.sampled_from([TeleaccordError, InvalidValue, NotAllowed, StaleVersion]).flatmap(
        lambda cls: st.builds(
            cls, sentences, code=st.none() | codes, field=st.none() | codes, params=params
        )
    )
    refused = st.lists(violations, max_size=3).map(OperationRefused.from_violations)
    loads = st.lists(problems, min_size=1, max_size=3).map(
        lambda found: LoadError.from_problems("contracts.csv", found)
    )
    return simple | refused | loads


# -- laws ------------------------------------------------------------------------------------


@given(errors())
def test_every_error_reads_as_json_data(error: TeleaccordError) -> None:
    data = error.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["code"] == error.code
    assert data["field"] == error.field
    assert data["message"] == str(error)
    assert data["error"] == type(error).__name__


@given(errors())
def test_errors_keep_their_code_field_and_params_through_pickling(error: TeleaccordError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert again.to_dict() == error.to_dict()
    assert str(again) == str(error)
    if isinstance(error, LoadError):
        assert isinstance(again, LoadError)
        assert again.problems == error.problems
    if isinstance(error, OperationRefused):
        assert isinstance(again, OperationRefused)
        assert again.violations == error.violations


@given(violations)
def test_violations_are_data_whatever_the_order_of_their_params(violation: Violation) -> None:
    shuffled = Violation(
        code=violation.code,
        message=violation.message,
        day=violation.day,
        params=dict(reversed(violation.params)),
    )
    assert shuffled == violation
    assert json.loads(json.dumps(violation.to_dict())) == violation.to_dict()
    for name, value in violation.params:
        assert violation.param(name) == value


@given(st.lists(violations, min_size=1, max_size=4))
def test_a_refusal_carries_every_violation_and_says_each(found: list[Violation]) -> None:
    error = OperationRefused.from_violations(found)
    assert error.violations == tuple(found)
    for v in found:
        assert v.message in str(error)
    assert error.code == (found[0].code if len(found) == 1 else "operation_refused")
    assert error.field == found[0].code


@given(st.lists(problems, min_size=1, max_size=5))
def test_a_load_error_reports_every_problem_with_its_path(found: list[Problem]) -> None:
    error = LoadError.from_problems("contracts.csv", found)
    assert error.problems == tuple(found)
    assert error.field == found[0].path
    lines = str(error).splitlines()
    assert lines[0].startswith(f"contracts.csv: {len(found)} problem")
    assert lines[1:] == [f"  {p.path}: {p.message}" for p in found]


# -- examples --------------------------------------------------------------------------------


def test_callers_catch_the_builtin_each_error_refines() -> None:
    assert issubclass(InvalidValue, ValueError)
    assert issubclass(LoadError, ValueError)
    assert issubclass(NotAllowed, PermissionError)
    for cls in (InvalidValue, LoadError, NotAllowed, OperationRefused, StaleVersion):
        assert issubclass(cls, TeleaccordError)
    with pytest.raises(ValueError, match="non-empty code"):
        Violation(code="", message="x")  # InvalidValue, caught as ValueError


def test_default_codes() -> None:
    assert InvalidValue("Bad.").code == "invalid_value"
    assert NotAllowed("No.").code == "not_allowed"
    assert StaleVersion("Old.").code == "stale_version"
    assert OperationRefused.from_violations([]).message == "Refused (no reason was given)."


def test_params_become_json_ready() -> None:
    error = InvalidValue(
        "quota: too many days.",
        field="quota",
        params={"day": date(2025, 1, 2), "amount": Fraction(81, 2), "days": (1, 2)},
    )
    assert error.to_dict()["params"] == {"day": "2025-01-02", "amount": "81/2", "days": [1, 2]}


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"code": "", "message": "x"}, "code", "invalid_code"),
        ({"code": None, "message": "x"}, "code", "invalid_code"),
        ({"code": "holiday", "message": 3}, "message", "invalid_text"),
        (
            {"code": "holiday", "message": "x", "day": datetime(2025, 1, 1, tzinfo=timezone.utc)},
            "day",
            "invalid_date",
        ),
        ({"code": "holiday", "message": "x", "day": "2025-01-01"}, "day", "invalid_date"),
    ],
)
def test_malformed_violations_are_refused(kwargs: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(InvalidValue) as err:
        Violation(**kwargs)
    assert (err.value.field, err.value.code) == (field, code)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("",), {}),
        ((None,), {}),
        (("Fine.",), {"code": ""}),
        (("Fine.",), {"field": 3}),
        (("Fine.",), {"params": [("a", 1)]}),
    ],
)
def test_malformed_errors_are_a_programming_mistake(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        InvalidValue(*args, **kwargs)
