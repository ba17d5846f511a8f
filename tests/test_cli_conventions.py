"""One CLI convention: ``-`` is standard input, ``--quiet``, shell completion."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from teleaccord.cli import COMMANDS, build_parser, main
from teleaccord.cli.completion import completion_script

FRENCH = Path(__file__).parent / "fixtures" / "french"
BALANCES = ["balances", "--agreement", "assistance-100-days", "--year", "2025", "--format", "csv"]


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- standard input --------------------------------------------------------------------------


def test_a_data_file_can_come_from_standard_input_in_its_own_encoding(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = ["--contracts", str(FRENCH / "contracts_fr.csv")]
    code, from_files, _ = run(
        capsys, *BALANCES, *files, "--bookings", str(FRENCH / "bookings_fr.csv")
    )
    assert code == 0
    stdin_bytes(monkeypatch, (FRENCH / "bookings_fr.csv").read_bytes())  # cp1252
    code, from_stdin, err = run(capsys, *BALANCES, *files, "--bookings", "-")
    assert code == 0, err
    assert from_stdin == from_files
    assert "<stdin> (cp1252, dates dd/mm/yyyy): 7 rows" in err


def test_an_agreement_can_come_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin_bytes(monkeypatch, b'name = "x"\n[[quotas]]\nwindow = "week"\nmaximum = 2\n')
    code, out, err = run(
        capsys, "entitlement", "--agreement", "-", "--hired", "2025-01-01", "--year", "2025"
    )
    assert code == 0, err
    assert "days" in out
    stdin_bytes(monkeypatch, b'name = "x"\n[[quotas]]\nwindow = "week"\nmaximum = -2\n')
    code, _, err = run(
        capsys, "entitlement", "--agreement", "-", "--hired", "2025-01-01", "--year", "2025"
    )
    assert code == 2
    assert "<stdin>" in err


def test_standard_input_is_read_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *BALANCES, "--contracts", "-", "--bookings", "-")
    assert code == 2
    assert "--contracts, --bookings" in err


def test_validate_reads_standard_input_when_told_what_it_holds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin_bytes(monkeypatch, "salarié;jour\nE1;13/01/2025\nE1;14/01/2025\n".encode("cp1252"))
    code, out, err = run(capsys, "validate", "-", "--kind", "bookings")
    assert code == 0, err
    assert "2 bookings" in out


# -- quiet -----------------------------------------------------------------------------------


def test_quiet_says_nothing_on_stderr_but_the_exit_code_still_tells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bookings = tmp_path / "bookings.csv"
    bookings.write_text("employee,date\nE1,2025-01-13\nE1,someday\n", encoding="utf-8")
    contracts = ["--contracts", str(FRENCH / "contracts_iso.csv"), "--bookings", str(bookings)]
    code, out, err = run(capsys, *BALANCES, *contracts)
    assert code == 1
    assert "someday" in err
    code, quiet_out, quiet_err = run(capsys, *BALANCES, *contracts, "--quiet")
    assert (code, quiet_out, quiet_err) == (1, out, "")
    # An error that stops the run is still printed.
    missing = ["--contracts", str(tmp_path / "none.csv"), "--bookings", str(bookings)]
    code, _, err = run(capsys, *BALANCES, *missing, "-q")
    assert code == 2
    assert "none.csv" in err


def test_every_subcommand_takes_quiet() -> None:
    parser = build_parser()
    (subparsers,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) == {c.name for c in COMMANDS}
    for sub in subparsers.choices.values():
        assert any({"-q", "--quiet"} == set(a.option_strings) for a in sub._actions)


# -- completion ------------------------------------------------------------------------------


def test_completion_prints_a_script_for_each_shell(capsys: pytest.CaptureFixture[str]) -> None:
    for shell in ("bash", "zsh"):
        code, out, _ = run(capsys, "completion", shell)
        assert code == 0
        assert out == completion_script(COMMANDS, shell)
        for command in COMMANDS:
            assert command.name in out
        assert "--date-format" in out
    code, _, _ = run(capsys, "completion", "fish")
    assert code == 2


BASH = shutil.which("bash")


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["ba"], "balances"),
        (["balances", "--for"], "--format"),
        (["balances", "--format", "j"], "json jsonl"),
        (["balances", "--date-format", "dd"], "dd/mm/yyyy dd/mm/yy"),
        (["completion", ""], "bash zsh"),
        (["check", "--la"], "--last-day --lang"),
        (["calendar", ""], ""),  # a year: nothing to offer
    ],
)
def test_the_bash_script_completes_commands_options_and_choices(
    words: list[str], expected: str
) -> None:
    script = completion_script(COMMANDS, "bash")
    words_text = " ".join(f"'{w}'" for w in ["teleaccord", *words])
    test = (
        f"{script}\nCOMP_WORDS=({words_text}); COMP_CWORD={len(words)}; COMPREPLY=();"
        ' _teleaccord; echo "${COMPREPLY[*]}"'
    )
    assert BASH is not None
    done = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", test],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == expected


def test_the_zsh_script_quotes_every_spec() -> None:
    script = completion_script(COMMANDS, "zsh")
    assert script.startswith("#compdef teleaccord\n")
    for line in script.splitlines():
        # Each spec line is whole single-quoted pieces: an even count of unescaped quotes.
        assert (line.count("'") - 3 * line.count("'\\''")) % 2 == 0, line
    zsh = shutil.which("zsh")
    if zsh is not None:  # pragma: no cover - zsh is seldom installed in CI
        subprocess.run([zsh, "-n", "-c", script], check=True)


def test_a_workbook_without_the_xlsx_extra_names_the_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    book = tmp_path / "contracts.xlsx"
    book.write_bytes(b"PK")
    code, _, err = run(capsys, "validate", str(book))
    assert code == 2
    assert "pip install 'teleaccord[xlsx]'" in err
