"""Packaging facts that CI relies on."""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).parent.parent


def lower_bounds() -> dict[str, tuple[int, ...]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)(?:;.*)?", requirement.strip())
        assert found, f"every core dependency has a lower bound: {requirement!r}"
        bounds[found[1].lower()] = tuple(int(p) for p in found[2].split("."))
    return bounds


def minimum_pins() -> dict[str, tuple[int, ...]]:
    pins = {}
    for line in (ROOT / ".ci" / "minimum-pins.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            # 2.9.0.post0 -> (2, 9, 0): a post-release is the same release for the bound.
            numbers = re.findall(r"\d+", version.strip().split(".post")[0])
            pins[name.strip().lower()] = tuple(int(n) for n in numbers)
    return pins


def test_ci_tests_exactly_the_lowest_versions_pyproject_accepts() -> None:
    bounds, pins = lower_bounds(), minimum_pins()
    assert sorted(bounds) == sorted(pins)
    for name, bound in bounds.items():
        # 2.8 accepts 2.8.2: the pin is the bound's first release CI could install.
        assert pins[name][: len(bound)] == bound, name


def test_the_all_extra_names_every_other_optional_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    tooling = {"test", "docs", "dev", "all"}
    features = sorted(set(extras) - tooling)
    (combined,) = extras["all"]
    listed = re.fullmatch(r"teleaccord\[([a-z0-9_,-]+)\]", combined)
    assert listed, combined
    assert sorted(listed[1].split(",")) == features
