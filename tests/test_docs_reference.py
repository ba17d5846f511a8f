"""The generated reference pages match the code: the agreement file's keys, the API by concept."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from teleaccord import Agreement, json_schema

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_agreement_file_page_is_up_to_date() -> None:
    tool = load(ROOT / "tools" / "agreement_reference.py", "agreement_reference")
    page = (REFERENCE / "agreement-file.md").read_text(encoding="utf-8")
    assert page == tool.page(), "regenerate with: python tools/agreement_reference.py"


def sections(page: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in re.split(r"\n## ", page)[1:]:
        title, _, body = part.partition("\n")
        found["Agreement" if title == "The top level" else title] = body
    return found


def test_every_key_of_the_schema_is_on_the_page_with_a_type_and_a_description() -> None:
    schema = json_schema(Agreement)
    page = sections((REFERENCE / "agreement-file.md").read_text(encoding="utf-8"))
    tables: dict[str, dict[str, Any]] = {"Agreement": schema}
    tables |= {n: d for n, d in schema["$defs"].items() if "properties" in d}
    assert set(tables) <= set(page)
    for name, table in tables.items():
        keys = set(table["properties"]) - {"type", "schema_version"}
        rows = {
            line.split("|")[1].strip().strip("`"): line.split("|")[2:-1]
            for line in page[name].splitlines()
            if line.startswith("| `")
        }
        assert set(rows) == keys, name
        for key, (kind, default, description, _example) in rows.items():
            assert kind.strip(), (name, key)
            assert default.strip(), (name, key)
            assert description.strip(), (name, key)


def test_the_required_keys_are_those_of_the_schema() -> None:
    schema = json_schema(Agreement)
    page = sections((REFERENCE / "agreement-file.md").read_text(encoding="utf-8"))
    required = {
        line.split("|")[1].strip().strip("`")
        for line in page["Agreement"].splitlines()
        if line.startswith("| `") and line.split("|")[3].strip() == "required"
    }
    assert required == set(schema["required"]) - {"type"}


def test_every_api_concept_has_its_page_in_the_toctree() -> None:
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    conf = load(ROOT / "docs" / "conf.py", "teleaccord_docs_conf")
    index = (REFERENCE / "api.md").read_text(encoding="utf-8")
    for concept in (*conf.API_CONCEPTS, "other"):
        page = REFERENCE / "api" / f"{concept}.md"
        assert f".. teleaccord-api:: {concept}" in page.read_text(encoding="utf-8")
        assert f"\napi/{concept}\n" in index
    import teleaccord

    placed = {name: conf.api_concept(name) for name in teleaccord.__all__}
    assert placed["Calendar"] == "calendars"
    assert placed["read_workforce"] == "workforce"
    assert placed["CODES"] == "errors"
