"""The registry of codes (teleaccord.codes) against the sources that use the codes.

When one of the first tests fails after a change elsewhere, its message lists exactly the codes
to add to or remove from ``src/teleaccord/codes.py``; ``python tools/codes_report.py`` prints
the same lists with where each code is used, and the page is regenerated with
``python tools/codes_report.py --markdown > docs/reference/codes.md``.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from teleaccord import CODES, InvalidValue, code_info
from teleaccord.codes import CodeInfo

ROOT = Path(__file__).resolve().parents[1]
FIX = "see `python tools/codes_report.py`"


def _load_report() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "codes_report", ROOT / "tools" / "codes_report.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building classes
    spec.loader.exec_module(module)
    return module


report = _load_report()


@pytest.fixture(scope="module")
def found() -> object:
    return report.scan()


# -- the registry matches the sources ------------------------------------------------------


def test_every_code_used_in_the_sources_is_in_the_registry(found: object) -> None:
    missing = report.missing(found, CODES)
    assert not missing, f"codes missing from src/teleaccord/codes.py ({FIX}): {missing}"


def test_every_code_in_the_registry_is_used_in_the_sources(found: object) -> None:
    dead = report.dead(found, CODES)
    assert not dead, f"codes in src/teleaccord/codes.py that no source uses ({FIX}): {dead}"


def test_the_registry_lists_every_parameter_the_sources_pass(found: object) -> None:
    unlisted = report.unlisted_params(found, CODES)
    assert not unlisted, f"parameters missing from src/teleaccord/codes.py ({FIX}): {unlisted}"


def test_each_kind_matches_how_the_sources_use_the_code(found: object) -> None:
    wrong = report.wrong_kinds(found, CODES)
    assert not wrong, f"kinds to fix in src/teleaccord/codes.py ({FIX}): {wrong}"


def test_every_code_is_a_constant_the_scan_can_read(found: object) -> None:
    assert not found.dynamic, "codes must be constants, not built at run time"  # type: ignore[attr-defined]
    assert not found.unresolved, "the scan needs help (see tools/codes_report.py)"  # type: ignore[attr-defined]


# -- the registry itself -------------------------------------------------------------------


def test_summaries_are_one_sentence_each() -> None:
    bad = [
        code
        for code, info in CODES.items()
        if not info.summary[:1].isupper()
        or not info.summary.endswith(".")
        or ". " in info.summary
        or "\n" in info.summary
    ]
    assert not bad, f"summaries that are not one sentence: {bad}"


def test_params_are_sorted_identifiers() -> None:
    bad = [
        code
        for code, info in CODES.items()
        if not all(p.isidentifier() for p in info.params)
        or list(info.params) != sorted(info.params)
    ]
    assert not bad, f"params that are not sorted identifiers: {bad}"


def test_the_registry_is_sorted_keyed_by_code_and_read_only() -> None:
    assert list(CODES) == sorted(CODES)
    assert all(code == info.code for code, info in CODES.items())
    with pytest.raises(TypeError):
        CODES["new_code"] = CODES["holiday"]  # type: ignore[index]


def test_every_kind_has_codes() -> None:
    assert {info.kind for info in CODES.values()} == {"error", "problem", "violation", "warning"}


def test_code_info_names_close_codes_when_the_code_is_unknown() -> None:
    assert code_info("holiday") is CODES["holiday"]
    with pytest.raises(KeyError, match="did you mean 'holiday'"):
        code_info("holyday")
    with pytest.raises(KeyError, match=r"unknown code 'zzz'; teleaccord\.CODES lists every code"):
        code_info("zzz")


@pytest.mark.parametrize(
    ("parts", "field"),
    [
        (("Holiday", "violation", "A holiday."), "code"),
        (("holiday", "notice", "A holiday."), "kind"),
        (("holiday", "violation", "a holiday"), "summary"),
        (("holiday", "violation", "A holiday.", ("b", "a")), "params"),
        (("holiday", "violation", "A holiday.", ("not a name",)), "params"),
    ],
)
def test_a_malformed_entry_is_refused(parts: tuple[object, ...], field: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        CodeInfo(*parts)  # type: ignore[arg-type]
    assert caught.value.field == field


# -- the docs page -------------------------------------------------------------------------


def test_the_codes_page_is_the_registry() -> None:
    page = (ROOT / "docs" / "reference" / "codes.md").read_text(encoding="utf-8")
    assert page == report.markdown(CODES), (
        "regenerate: python tools/codes_report.py --markdown > docs/reference/codes.md"
    )


def test_the_codes_page_is_in_the_reference_toctree() -> None:
    index = (ROOT / "docs" / "reference" / "index.md").read_text(encoding="utf-8")
    assert "\ncodes\n" in index


# -- the scan: each kind of use, and what is not a use -------------------------------------

_SAMPLE = """
import attrs

CROSSED = "threshold_crossed"
_BY_WINDOW = {"week": "weekly_max", "month": "monthly_max"}


class Failure(Exception):
    default_code = "failure"


class _Bad(Exception):
    def __init__(self, message, code="bad_cell"):
        self.code = code


@attrs.frozen
class Violation:
    code: str
    message: str
    params: dict = {}


class _Reporter:
    def __call__(self, path, message, code="invalid_row"):
        pass


def _violation(ctx, code, message, **params):
    return Violation(code, message, params)


def rules(ctx, weekly, report, exc, calendar):
    Failure("Bad.", code="raised_code", params={"day": 1})
    Failure("Bad.", params={"kept": 1})
    Violation(code=CROSSED, message="Over.", params=dict(limit=3))
    Violation("positional_code", "Message with spaces.")
    _violation(ctx, "helper_code", "Message.", booked=2, maximum=1)
    _violation(ctx, _BY_WINDOW.get(weekly, "window_max"), "Message.")
    raise _Bad("Not a date.", "bad_date" if weekly else "bad_time")
    report("path", "message", "reported_code")
    code = "chosen_code" if weekly else "other_code"
    code = calendar.country + "-" + calendar.subdivision
    country = "FR"
    if exc.code == "compared_code" or exc.code in ("listed_code",):
        return "not_a_code"
    Failure("Bad.", code=f"dynamic_{weekly}")
"""


def test_the_scan_finds_each_kind_of_use_and_nothing_else(tmp_path: Path) -> None:
    package = tmp_path / "sample"
    package.mkdir()
    (package / "rules.py").write_text(textwrap.dedent(_SAMPLE), encoding="utf-8")
    result = report.scan(package)
    assert sorted(result.uses) == [
        "bad_cell",
        "bad_date",
        "bad_time",
        "chosen_code",
        "compared_code",
        "failure",
        "helper_code",
        "invalid_row",
        "listed_code",
        "monthly_max",
        "other_code",
        "positional_code",
        "raised_code",
        "reported_code",
        "threshold_crossed",
        "weekly_max",
        "window_max",
    ]
    assert result.params("raised_code") == ("day",)
    assert result.params("failure") == ("kept",)
    assert result.params("threshold_crossed") == ("limit",)
    assert result.params("helper_code") == ("booked", "maximum")
    assert [u.line for u in result.uses["positional_code"]] == [37]
    assert len(result.dynamic) == 1
    assert "dynamic_" in result.dynamic[0]


def test_a_called_object_the_scan_does_not_know_is_reported(tmp_path: Path) -> None:
    package = tmp_path / "sample"
    package.mkdir()
    source = "class Sink:\n    def __call__(self, message, code):\n        pass\n"
    (package / "sink.py").write_text(source, encoding="utf-8")
    result = report.scan(package)
    assert result.unresolved
    assert "Sink.__call__" in result.unresolved[0]
