"""Numbers people read (issue 17, item 2) and no silent zeros (item 5).

Tables, text and report CSVs show two decimals, rounded half-up for display only; ``--exact``
shows the exact values; ``--decimal-comma`` and ``--lang fr`` write the decimal comma; JSON is
always exact. Agreements and runs that would give zeros without saying why are refused or
warned, with a stable code.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord.agreement import Agreement, Eligibility, Quota, silent_zeros
from teleaccord.amounts import format_amount, format_decimal
from teleaccord.cli import main
from teleaccord.errors import InvalidValue

# -- format_decimal --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(5, 8), "0.63"),  # a tie: half-up
        (Fraction(1, 8), "0.13"),
        (Fraction(-5, 8), "-0.63"),  # ties away from zero
        (Fraction(-1, 1000), "0.00"),  # no "-0.00"
        (Fraction(6324, 73), "86.63"),
        (Fraction(6564, 73), "89.92"),
        (Fraction(81, 2), "40.50"),
        (Fraction(100), "100.00"),
        (0, "0.00"),
        (Decimal("2.705"), "2.71"),
    ],
)
def test_format_decimal_rounds_half_up_to_two_places(value: Fraction, shown: str) -> None:
    assert format_decimal(value) == shown


def test_format_decimal_writes_the_decimal_comma_and_other_places() -> None:
    assert format_decimal(Fraction(6324, 73), comma=True) == "86,63"
    assert format_decimal(Fraction(5, 2), places=0) == "3"
    assert format_decimal(Fraction(1, 3), places=4) == "0.3333"


def test_format_decimal_never_takes_a_float() -> None:
    for bad in (0.5, True, "1/3"):
        with pytest.raises(InvalidValue):
            format_decimal(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        format_decimal(Fraction(1), places=-1)


def test_format_decimal_is_exact_where_a_float_is_not() -> None:
    # 10**20 + 1/3 has more digits than a float holds.
    assert format_decimal(10**20 + Fraction(1, 3)) == "100000000000000000000.33"


@given(st.fractions(min_value=-(10**6), max_value=10**6))
def test_the_shown_figure_is_within_half_a_cent_of_the_exact_one(value: Fraction) -> None:
    shown = Fraction(format_decimal(value))
    assert abs(shown - value) <= Fraction(1, 200)
    if abs(shown - value) == Fraction(1, 200):  # a tie goes away from zero
        assert abs(shown) > abs(value)


# -- the commands ----------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_balances_table_shows_decimals_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "balances")
    assert code == 0
    lines = out.splitlines()
    assert "E0013      2025           86.63      86.50" in out
    assert lines[-1].split()[:3] == ["total", "240", "21114.90"]
    assert "/" not in out


def test_balances_exact_shows_fractions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "balances", "--exact")
    assert code == 0
    assert "E0013      2025         6324/73       86.5" in out
    assert out.splitlines()[-1].split()[:3] == ["total", "240", "1541388/73"]


@pytest.mark.parametrize("option", [["--decimal-comma"], ["--lang", "fr"]])
def test_balances_write_the_decimal_comma(
    capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    _, table, _ = run(capsys, "balances", *option)
    assert "E0013      2025           86,63      86,50" in table
    _, csv_text, _ = run(capsys, "balances", "--format", "csv", *option)
    assert (
        "E0013;2025;2025-01-01;2025-12-31;86,63;86,50;0,00;0,00;54,50;2,00;0,00;34,00;34,00;default"
        in (csv_text.splitlines())
    )


def test_balances_csv_has_decimals_and_json_stays_exact(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, csv_text, _ = run(capsys, "balances", "--format", "csv")
    assert (
        "E0013,2025,2025-01-01,2025-12-31,86.63,86.50,0.00,0.00,54.50,2.00,0.00,34.00,34.00,default"
        in (csv_text.splitlines())
    )
    _, exact_csv, _ = run(capsys, "balances", "--format", "csv", "--exact")
    assert "E0013,2025,2025-01-01,2025-12-31,6324/73,86.5,0,0,54.5,2,0,34" in exact_csv
    _, json_text, _ = run(capsys, "balances", "--format", "json", "--decimal-comma")
    row = next(r for r in json.loads(json_text) if r["employee"] == "E0013")
    assert (row["entitlement_exact"], row["entitlement"]) == ("6324/73", "86.5")


def _files(tmp_path: Path, employee: str, hired: str = "2024-06-01") -> list[str]:
    contracts = tmp_path / "contracts.csv"
    contracts.write_text(f"employee,hired,fraction\n{employee},{hired},80 %\n", encoding="utf-8")
    bookings = tmp_path / "bookings.csv"
    bookings.write_text(f"employee,date\n{employee},2025-03-04\n", encoding="utf-8")
    return ["--contracts", str(contracts), "--bookings", str(bookings)]


def test_the_table_widens_for_long_ids_and_range_labels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    accord = tmp_path / "accord.toml"
    accord.write_text(
        'name = "June to May"\n[reference]\nkind = "year"\nstart_month = 6\n'
        '[[quotas]]\nwindow = "period"\nmaximum = 100\nprorate = true\n',
        encoding="utf-8",
    )
    employee = "EMPLOYEE-000000042"
    files = _files(tmp_path, employee)
    code, out, _ = run(
        capsys, "balances", "--agreement", str(accord), *files, "--period", "2025-03-04"
    )
    assert code == 0
    lines = out.splitlines()
    assert len({len(line) for line in lines}) == 1, out
    assert lines[1].startswith(f"{employee} 2024-06-01..2025-05-31 ")
    # every column is right where its title says
    for title in ("exact", "granted", "remaining"):
        end = lines[0].index(title) + len(title)
        assert all(line[end - 1] != " " for line in lines), title


def test_entitlement_prints_decimals_then_the_exact_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    accord = ["--agreement", "assistance-100-days", "--hired", "2025-02-10", "--year", "2025"]
    code, out, _ = run(capsys, "entitlement", *accord, "--fraction", "80%")
    assert code == 0
    assert out.splitlines()[0].endswith(": 71.00 days (exactly 5200/73)")
    _, out, _ = run(capsys, "entitlement", *accord, "--fraction", "80%", "--lang", "fr")
    assert out.splitlines()[0].endswith(": 71,00 days (exactly 5200/73)")
    _, out, _ = run(capsys, "entitlement", *accord, "--fraction", "80%", "--exact")
    assert out.splitlines()[0].endswith(": 71 days (exactly 5200/73)")
    _, out, _ = run(capsys, "entitlement", *accord, "--format", "json")
    assert json.loads(out)["exact"] == format_amount(Fraction(32500, 365))


def test_entitlement_of_an_accord_that_does_not_round(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    accord = tmp_path / "accord.toml"
    accord.write_text(
        'name = "Exact"\n[[quotas]]\nwindow = "period"\nmaximum = 100\nprorate = true\n',
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, "entitlement", "--agreement", str(accord), "--hired", "2025-02-19", "--year", "2025"
    )
    assert code == 0
    assert out.splitlines()[0].endswith(": 86.58 days (exactly 6320/73)")


def test_check_says_what_is_left_with_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["check", "--hired", "2020-01-06", "--date", "2025-03-06", "--booked", "2025-03-04:am"]
    _, out, _ = run(capsys, *base)
    assert "99.50 of 100.00 days left" in out
    _, out, _ = run(capsys, *base, "--exact")
    assert "99.5 of 100 days left" in out
    _, out, _ = run(capsys, *base, "--decimal-comma")
    assert "99,50 of 100,00 days left" in out
    _, out, _ = run(capsys, *base, "--format", "json")
    assert json.loads(out)["remaining"] == "99.5"


def test_check_without_an_envelope_does_not_say_minus_one_of_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "check", "--agreement", "health-insurance-1-3-days", "--category", "it",
        "--hired", "2020-01-06", "--date", "2025-03-04", "--booked", "2025-03-03",
    )  # fmt: skip
    assert code == 0
    assert "of 0" not in out
    assert "-1 of" not in out
    assert "1.00 days booked" in out
    assert "no envelope" in out


def test_allowances_show_days_with_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "allowances")
    assert code == 0
    assert "E0001      2025-02      4.50     12.15     12.15      0.00" in out
    _, out, _ = run(capsys, "allowances", "--format", "csv", "--lang", "fr")
    assert "E0001;2025-02;4,50;12,15;12,15;0,00" in out.splitlines()
    _, out, _ = run(capsys, "allowances", "--format", "csv", "--exact")
    assert "E0001,2025-02,4.5,12.15,12.15,0.00" in out.splitlines()


# -- no silent zeros -------------------------------------------------------------------------


def _accord(tmp_path: Path, body: str) -> str:
    path = tmp_path / "accord.toml"
    path.write_text('name = "Accord"\n' + body, encoding="utf-8")
    return str(path)


YEAR_WINDOW = '[[quotas]]\nwindow = "year"\nmaximum = 100\nprorate = true\n'


def test_a_year_window_without_an_envelope_is_reported_by_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    accord = _accord(tmp_path, YEAR_WINDOW)
    code, out, _ = run(capsys, "validate", accord)
    assert code == 1
    assert "$.quotas[0].window" in out
    assert "[window_not_envelope]" in out
    code, out, _ = run(capsys, "validate", accord, "--format", "json")
    assert json.loads(out)["files"][0]["problems"][0]["code"] == "window_not_envelope"


@pytest.mark.parametrize("command", ["check", "entitlement"])
def test_commands_refuse_an_agreement_that_gives_silent_zeros(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    accord = _accord(tmp_path, YEAR_WINDOW)
    when = ["--date", "2025-03-04"] if command == "check" else ["--year", "2025"]
    code, out, err = run(capsys, command, "--agreement", accord, "--hired", "2020-01-06", *when)
    assert (code, out) == (2, "")
    assert "window = 'period'" in err
    code, _, err = run(
        capsys, command, "--agreement", accord, "--hired", "2020-01-06", *when, "--lang", "fr"
    )
    assert code == 2
    assert "erreur" in err


def test_silent_zeros_names_every_reason() -> None:
    agreement = Agreement(
        name="x",
        quotas=[Quota(window="week", maximum=0), Quota(window="year", maximum=100)],
        excluded_weekdays=range(7),
        eligibility=Eligibility(categories=[]),
    )
    assert [(p.path, p.code) for p in silent_zeros(agreement)] == [
        ("$.quotas[0].maximum", "quota_grants_nothing"),
        ("$.quotas[1].window", "window_not_envelope"),
        ("$.excluded_weekdays", "every_weekday_excluded"),
        ("$.eligibility.categories", "nobody_eligible"),
    ]


def test_a_zero_envelope_with_extras_and_weekly_quotas_are_not_silent_zeros() -> None:
    from teleaccord.agreement import Extra

    assert not silent_zeros(
        Agreement(
            name="extras only",
            quotas=[Quota(window="period", maximum=0)],
            extras=[Extra(status="carer", days=20)],
        )
    )
    assert not silent_zeros(
        Agreement(name="weekly", quotas=[Quota(window="week", minimum=1, maximum=3)])
    )


def test_a_maximum_of_zero_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    accord = _accord(tmp_path, '[[quotas]]\nwindow = "period"\nmaximum = 0\n')
    code, _, err = run(
        capsys, "entitlement", "--agreement", accord, "--hired", "2020-01-06", "--year", "2025"
    )
    assert code == 2
    assert "$.quotas[0].maximum" in err
    code, out, _ = run(capsys, "validate", accord)
    assert code == 1
    assert "[quota_grants_nothing]" in out


def test_a_two_digit_year_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = _files(tmp_path, "E1", hired="2020-01-06")
    code, _, err = run(
        capsys, "balances", "--agreement", "assistance-100-days", *files, "--year", "25"
    )
    assert code == 2
    assert "--year" in err


def test_balances_for_a_year_the_data_do_not_cover_warn_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = _files(tmp_path, "E1", hired="2020-01-06")
    problems = tmp_path / "problems.csv"
    code, out, err = run(
        capsys, "balances", "--agreement", "assistance-100-days", *files, "--year", "1990",
        "--problems", str(problems),
    )  # fmt: skip
    assert code == 1
    assert out.splitlines()[1].split()[:3] == ["E1", "1990", "0.00"]
    assert "--year: every balance is 0" in err
    assert "check --year" in err
    assert "no_data_in_periods" in problems.read_text(encoding="utf-8")
    code, _, err = run(
        capsys, "balances", "--agreement", "assistance-100-days", *files, "--year", "2025"
    )
    assert code == 0
    assert "every balance is 0" not in err


def test_the_sample_workforce_out_of_its_year_warns(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "balances", "--year", "1990", "--lang", "fr")
    assert code == 1
    assert "Tous les soldes calculés valent 0" in err
