"""Issue 13 through the files and the command line: individual terms from a terms file, a
forfait in days, an agreement history (hand-written expected figures)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from teleaccord import IndividualTerms, LoadError
from teleaccord.cli import main
from teleaccord.io.versions_file import load_individual_terms

TERMS = """\
[employees.E1]
medical_days = 150
medical_source = "médecin du travail, 2025-03-02"

[employees.E2]
personal_cap = 60
weekly_maximum = 1
"""


def entitlement_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["entitlement", "--year", "2025", "--format", "json", *args]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_a_terms_file_loads_one_table_per_employee(tmp_path: Path) -> None:
    (tmp_path / "terms.toml").write_text(TERMS, encoding="utf-8")
    terms = load_individual_terms(tmp_path / "terms.toml")
    assert terms["E2"] == IndividualTerms(employee="E2", personal_cap=60, weekly_maximum=1)
    assert terms["E1"].medical_days == 150


def test_a_bad_terms_file_lists_every_problem_with_its_path(tmp_path: Path) -> None:
    bad = '[employees.E1]\nmedical_days = "many"\nrhythm = 2\n[employees.E2]\nemployee = "E3"\n'
    (tmp_path / "terms.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_individual_terms(tmp_path / "terms.toml")
    assert sorted(p.path for p in info.value.problems) == [
        "$.employees.E1.medical_days",
        "$.employees.E1.rhythm",
        "$.employees.E2",
    ]


def test_the_entitlement_command_applies_a_medical_recommendation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "terms.toml").write_text(TERMS, encoding="utf-8")
    terms = ["--terms", str(tmp_path / "terms.toml"), "--hired", "2020-01-01"]
    data = entitlement_json(capsys, *terms, "--employee", "E1")
    assert data["exact"] == "150"
    explanation = data["explanation"]
    assert isinstance(explanation, dict)
    assert "médecin du travail, 2025-03-02" in explanation["overrides"][0]
    capped = entitlement_json(capsys, *terms, "--employee", "E2")
    assert capped["exact"] == "60"
    # An employee the file does not list keeps the collective figure.
    assert entitlement_json(capsys, *terms, "--employee", "E9")["exact"] == "100"


def test_personal_terms_above_the_agreement_are_refused_by_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "terms.toml").write_text("[employees.E1]\npersonal_cap = 120\n", encoding="utf-8")
    args = ["--terms", str(tmp_path / "terms.toml"), "--hired", "2020-01-01", "--employee", "E1"]
    assert main(["entitlement", "--year", "2025", *args]) == 2
    assert "above the agreement's 100" in capsys.readouterr().err


def test_a_forfait_in_days_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    data = entitlement_json(capsys, "--hired", "2020-01-01", "--forfait", "150")
    assert Fraction(str(data["exact"])) == Fraction(100 * 150, 218)
    explanation = data["explanation"]
    assert isinstance(explanation, dict)
    assert any("forfait of 150 days" in note for note in explanation["notes"])
    full = entitlement_json(capsys, "--hired", "2020-01-01", "--forfait", "218")
    assert full["exact"] == "100"


def test_a_forfait_has_no_fraction_or_pattern_of_its_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["entitlement", "--year", "2025", "--hired", "2020-01-01", "--forfait", "150"]
    assert main([*args, "--pattern", "Mo Tu"]) == 2
    assert "remove --pattern" in capsys.readouterr().err
    assert main(["entitlement", "--year", "2025", "--forfait", "150"]) == 2
    assert "--hired" in capsys.readouterr().err


HISTORY = """\
name = "accord, amended"

[[versions]]
start = 2025-01-01
[versions.agreement]
name = "accord 2025"
quotas = [{ window = "period", maximum = 100, prorate = true }, { window = "week", maximum = 1 }]

[[versions]]
start = 2025-07-01
[versions.agreement]
name = "amendment 1"
quotas = [{ window = "period", maximum = 120, prorate = true }, { window = "week", maximum = 2 }]
excluded_weekdays = ["We"]
"""


def test_the_check_command_checks_each_day_under_its_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "h.toml").write_text(HISTORY, encoding="utf-8")
    base = ["check", "--agreement", str(tmp_path / "h.toml"), "--hired", "2020-01-01"]
    assert main([*base, "--date", "2025-06-04"]) == 0  # a Wednesday under the accord
    capsys.readouterr()
    assert main([*base, "--date", "2025-07-02", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [v["code"] for v in data["violations"]] == ["excluded_weekday"]
    assert data["granted"] == str(Fraction(100 * 181 + 120 * 184, 365))
    # The week of Monday 30 June ends under the amendment: 2 a week, Monday included.
    booked = ["--booked", "2025-07-01", "--date", "2025-06-30"]
    assert main([*base, *booked]) == 0
    capsys.readouterr()
    assert main([*base, "--booked", "2025-06-30", "2025-07-01", "--date", "2025-07-03"]) == 1
    assert "weekly_max_exceeded" in capsys.readouterr().out


MINIMUMS_HISTORY = """\
name = "accord, amended"

[[versions]]
start = 2025-01-01
[versions.agreement]
name = "accord 2025"
quotas = [{ window = "period", maximum = 100 }]

[[versions]]
start = 2025-07-01
[versions.agreement]
name = "amendment 1"
quotas = [{ window = "period", maximum = 100 }, { window = "week", minimum = 1 }]
"""


def test_the_minimums_command_follows_the_version_of_each_week(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A telework minimum of 1 a week from 1 July 2025 only; E1 teleworks no day. From 23 June
    # to 13 July: the week of 23 June ends under the accord (no minimum), the weeks of
    # 30 June (it ends on 6 July) and of 7 July under the amendment: two shortfalls.
    (tmp_path / "h.toml").write_text(MINIMUMS_HISTORY, encoding="utf-8")
    (tmp_path / "contracts.csv").write_text("employee,hired\nE1,2020-01-01\n", encoding="utf-8")
    args = ["minimums", "--agreement", str(tmp_path / "h.toml"), "--contracts"]
    args += [str(tmp_path / "contracts.csv"), "--from", "2025-06-23", "--to", "2025-07-13"]
    main([*args, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert [s["label"] for s in data["shortfalls"]] == ["2025-W27", "2025-W28"]
    assert data["windows"] == 2
