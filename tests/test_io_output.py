"""The one output writer: atomic, input-safe, formula-safe."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import InvalidValue
from teleaccord.io.output import (
    FORMULA_PREFIX,
    neutralise_cell,
    open_binary_output,
    open_output,
    restore_cell,
)

FORMULA_STARTS = "=+-@\t\r"


@given(st.text())
def test_restore_undoes_neutralise_for_every_text(text: str) -> None:
    assert restore_cell(neutralise_cell(text)) == text


@given(st.text())
def test_a_neutralised_cell_never_starts_like_a_formula_unless_a_plain_number(text: str) -> None:
    cell = neutralise_cell(text)
    if cell and cell[0] in FORMULA_STARTS:
        # Only plain numbers keep their sign: -2, +3.5, -1,5, -81/2.
        assert (
            cell.lstrip("+-")
            .replace(",", "")
            .replace(".", "")
            .replace("/", "")
            .strip(" %")
            .isdigit()
        )


@pytest.mark.parametrize(
    "hostile",
    ['=HYPERLINK("http://x","y")', "-2+3", "@SUM(A1)", "+cmd|' /C calc'!A0", "\t=1", "\r=1"],
)
def test_hostile_cells_are_prefixed(hostile: str) -> None:
    assert neutralise_cell(hostile) == FORMULA_PREFIX + hostile


@pytest.mark.parametrize("number", ["-2", "+3", "-40.5", "-1,5", "-81/2", "-20 %", "E001", ""])
def test_numbers_and_ordinary_cells_are_left_alone(number: str) -> None:
    assert neutralise_cell(number) == number


def test_a_cell_quoted_for_another_reason_is_read_back_as_is() -> None:
    assert restore_cell("'hello") == "'hello"
    assert restore_cell("'-3") == "'-3"


def test_output_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with open_output(target) as handle:
        handle.write("a;b\r\n")
    assert target.read_bytes() == b"a;b\r\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def cut_write() -> None:
        with open_output(target) as handle:
            handle.write("new but cut")
            msg = "disk full"
            raise OSError(msg)

    with pytest.raises(OSError, match="disk full"):
        cut_write()
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_an_output_that_is_an_input_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    source = tmp_path / "bookings.csv"
    source.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    hard = tmp_path / "hard.csv"
    os.link(source, hard)
    for target in (source, link, hard, tmp_path / "." / "bookings.csv"):
        with pytest.raises(InvalidValue) as caught, open_output(target, inputs=[source]):
            pytest.fail("must not open")
        assert caught.value.code == "output_is_input"
        assert caught.value.field == "output"
    assert source.read_text(encoding="utf-8") == "keep me"


def test_a_missing_folder_or_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue) as caught, open_output(tmp_path / "nope" / "out.csv"):
        pass
    assert caught.value.code == "output_folder_missing"
    with pytest.raises(InvalidValue) as caught, open_output(tmp_path):
        pass
    assert caught.value.code == "output_is_folder"


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    with open_output("-", inputs=["-"]) as handle:
        handle.write("to stdout")
    assert capsys.readouterr().out == "to stdout"


def test_binary_output_is_atomic_too(tmp_path: Path) -> None:
    target = tmp_path / "days.ics"
    target.write_bytes(b"OLD")
    with contextlib.suppress(ValueError), open_binary_output(target) as handle:
        handle.write(b"BEGIN:VCALENDAR")
        msg = "cut"
        raise ValueError(msg)
    assert target.read_bytes() == b"OLD"
    with open_binary_output(target) as handle:
        handle.write(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert target.read_bytes().endswith(b"END:VCALENDAR\r\n")
    assert sorted(os.listdir(tmp_path)) == ["days.ics"]


def test_existing_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("x", encoding="utf-8")
    target.chmod(0o600)
    with open_output(target) as handle:
        handle.write("y")
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text(encoding="utf-8") == "y"


@pytest.mark.parametrize("text", ["'=", "'=1", "''=1", "'-2+3", "'"])
def test_a_quote_before_a_formula_reads_back_exactly(text: str) -> None:
    assert restore_cell(neutralise_cell(text)) == text
