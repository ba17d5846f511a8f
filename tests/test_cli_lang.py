"""``--lang`` and the locale choose the language of messages; JSON stays English with codes."""

from __future__ import annotations

import json

import pytest

from teleaccord.cli import main


def test_an_error_in_french_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["entitlement", "--hired", "2020-01-01", "--fraction", "150 %", "--year", "2025"]
    assert main([*args, "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("teleaccord entitlement: erreur: --fraction : ")
    assert "taux d'activité" in err
    assert main(args) == 2
    assert "error: --fraction: a work fraction must be" in capsys.readouterr().err


def test_the_locale_chooses_french_when_no_option_is_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert main(["entitlement", "--hired", "2020-01-01", "--fraction", "2", "--year", "2025"]) == 2
    assert ": erreur: " in capsys.readouterr().err
    assert main(["entitlement", "--hired", "2020-01-01", "--fraction", "2", "--year", "2025",
                 "--lang", "en"]) == 2  # fmt: skip
    assert ": error: " in capsys.readouterr().err


def test_violations_in_french_keep_their_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--date", "2025-05-01", "--hired", "2020-01-01", "--lang", "fr"]) == 1
    out = capsys.readouterr().out
    assert "  holiday: 01/05/2025 : Jour férié non travaillé" in out
    assert main(["check", "--date", "2025-05-01", "--hired", "2020-01-01", "--lang", "fr",
                 "--format", "json"]) == 1  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    text = json.dumps(data)
    assert "holiday" in text
    assert "Jour férié" not in text  # JSON keeps the English message beside the code
