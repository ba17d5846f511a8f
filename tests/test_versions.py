"""Agreements over time (issue 13): histories of versions, entitlements prorated across them,
carry-over across a switch, the ledger under a history.

Expected figures are written by hand (days counted on a calendar).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    Agreement,
    AgreementHistory,
    AgreementVersion,
    Amendment,
    Booking,
    Calendar,
    CarryOver,
    Contract,
    DateRange,
    Grant,
    InvalidValue,
    PeriodSums,
    PresenceBasis,
    Prorating,
    Quota,
    QuotaLedger,
    ReferencePeriod,
    Rounding,
    entitlement,
    fold_periods,
    realize,
    year_range,
)
from teleaccord.cli import main
from teleaccord.errors import LoadError
from teleaccord.io.versions_file import (
    history_from_dict,
    history_to_dict,
    load_agreement_map,
    load_agreement_or_history,
)

CAL = Calendar()
Y2025 = year_range(2025)
AT = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)


def accord(name: str, days: int | Fraction, **kwargs: object) -> Agreement:
    return Agreement(
        name=name,
        quotas=[Quota(window="period", maximum=days, prorate=True)],
        **kwargs,  # type: ignore[arg-type]
    )


def history(*versions: tuple[Agreement, date]) -> AgreementHistory:
    return AgreementHistory(
        name="accord",
        versions=[AgreementVersion(agreement=a, start=start) for a, start in versions],
    )


AMENDED = history(
    (accord("accord 2025", 100), date(2025, 1, 1)),
    (accord("amendment 1", 120), date(2025, 7, 1)),
)
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))


# -- the type -------------------------------------------------------------------------------


def test_versions_are_sorted_and_each_day_has_its_version() -> None:
    h = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=accord("b", 120), start="2025-07-01"),
            AgreementVersion(agreement=accord("a", 100), start="2025-01-01"),
        ],
    )
    assert [v.agreement.name for v in h.versions] == ["a", "b"]
    assert h.in_force(date(2024, 12, 31)) is None
    assert h.in_force(date(2025, 6, 30)).name == "a"  # type: ignore[union-attr]
    assert h.in_force(date(2025, 7, 1)).name == "b"  # type: ignore[union-attr]
    assert h.governing(Y2025).name == "b"


@pytest.mark.parametrize(
    ("versions", "code"),
    [
        ([], "no_versions"),
        (
            [
                AgreementVersion(agreement=accord("a", 1), start="2025-01-01", end="2025-08-01"),
                AgreementVersion(agreement=accord("b", 1), start="2025-07-01"),
            ],
            "versions_overlap",
        ),
        (
            [
                AgreementVersion(agreement=accord("a", 1), start="2025-01-01"),
                AgreementVersion(agreement=accord("b", 1), start="2025-01-01"),
            ],
            "versions_overlap",
        ),
        (
            [
                AgreementVersion(agreement=accord("a", 1), start="2025-01-01"),
                AgreementVersion(
                    agreement=accord("b", 1, reference=ReferencePeriod(start_month=6)),
                    start="2026-01-01",
                ),
            ],
            "reference_differs",
        ),
    ],
)
def test_invalid_histories_are_refused_with_a_code(
    versions: list[AgreementVersion], code: str
) -> None:
    with pytest.raises(InvalidValue) as err:
        AgreementHistory(name="h", versions=versions)
    assert err.value.code == code


# -- entitlements ----------------------------------------------------------------------------


def test_an_amendment_on_1_july_prorates_each_quota_over_its_own_days() -> None:
    e = entitlement(AMENDED, FULL_TIME, Y2025, CAL)
    assert e.exact == Fraction(100 * 181 + 120 * 184, 365)
    shares = [(v.agreement, v.start, v.end, v.share) for v in e.explanation.versions]
    assert shares == [
        ("accord 2025", date(2025, 1, 1), date(2025, 6, 30), Fraction(100 * 181, 365)),
        ("amendment 1", date(2025, 7, 1), date(2025, 12, 31), Fraction(120 * 184, 365)),
    ]
    text = e.describe()
    assert "'accord 2025'" in text
    assert "'amendment 1'" in text
    assert "100 × (1 × 181/365) + 120 × (1 × 184/365)" in e.explanation.formula
    data = e.to_dict()["explanation"]
    assert [v["agreement"] for v in data["versions"]] == ["accord 2025", "amendment 1"]


def test_rounding_is_that_of_the_version_in_force_on_the_last_day() -> None:
    h = history(
        (accord("a", 100, rounding=Rounding("down")), date(2025, 1, 1)),
        (accord("b", 120, rounding=Rounding("up")), date(2025, 7, 1)),
    )
    e = entitlement(h, FULL_TIME, Y2025, CAL)
    # (18100 + 22080) / 365 = 110.08..., rounded up by the July version.
    assert e.rounded == 111


def test_a_part_time_change_and_a_switch_combine() -> None:
    c = Contract.from_amendments(
        employee="E1",
        hired=date(2020, 1, 1),
        amendments=[Amendment(effective=date(2025, 4, 1), fraction=Fraction(4, 5))],
    )
    # Jan-Mar 90 days at 100 % under 100; Apr-Jun 91 days at 80 % under 100;
    # Jul-Dec 184 days at 80 % under 120.
    expected = Fraction(100 * 90 + 100 * Fraction(4, 5) * 91 + 120 * Fraction(4, 5) * 184, 365)
    assert entitlement(AMENDED, c, Y2025, CAL).exact == expected


def test_days_before_the_first_version_count_as_absent() -> None:
    h = history((accord("permanent", 100), date(2025, 4, 1)))
    assert entitlement(h, FULL_TIME, Y2025, CAL).exact == Fraction(100 * 275, 365)


BASES = sorted(PresenceBasis, key=lambda b: b.value)


@given(
    basis=st.sampled_from(BASES),
    switch=st.dates(date(2025, 1, 2), date(2025, 12, 31)),
    hired=st.dates(date(2024, 6, 1), date(2025, 12, 31)),
    fraction=st.sampled_from([Fraction(1), Fraction(4, 5), Fraction(1, 2)]),
)
def test_splitting_a_period_at_a_switch_that_changes_nothing_changes_nothing(
    basis: PresenceBasis, switch: date, hired: date, fraction: Fraction
) -> None:
    a = accord("a", 100, prorating=Prorating(basis=basis))
    same = attrs.evolve(a, name="a, amended without change")
    c = Contract.from_amendments(employee="E1", hired=hired, fraction=fraction)
    split = history((a, date(2000, 1, 1)), (same, switch))
    assert entitlement(split, c, Y2025, CAL).exact == entitlement(a, c, Y2025, CAL).exact


@given(
    basis=st.sampled_from(BASES),
    switch=st.dates(date(2025, 1, 2), date(2025, 12, 31)),
    hired=st.dates(date(2024, 6, 1), date(2025, 12, 31)),
    first=st.integers(0, 200),
    second=st.integers(0, 200),
)
def test_an_entitlement_under_two_versions_lies_between_the_single_version_figures(
    basis: PresenceBasis, switch: date, hired: date, first: int, second: int
) -> None:
    a = accord("a", first, prorating=Prorating(basis=basis))
    b = accord("b", second, prorating=Prorating(basis=basis))
    c = Contract.from_amendments(employee="E1", hired=hired)
    both = entitlement(history((a, date(2000, 1, 1)), (b, switch)), c, Y2025, CAL).exact
    low, high = sorted((entitlement(a, c, Y2025, CAL).exact, entitlement(b, c, Y2025, CAL).exact))
    assert low <= both <= high


# -- carry-over across a switch ----------------------------------------------------------------


def test_carry_over_into_a_period_follows_the_new_version() -> None:
    h = history(
        (accord("no carry", 10), date(2024, 1, 1)),
        (accord("capped", 10, carry_over=CarryOver(mode="capped", cap=3)), date(2025, 1, 1)),
    )
    sums = {year_range(2024): PeriodSums(granted=Fraction(10), booked=Fraction(2))}
    flows = fold_periods(sums, h, through=Y2025)
    closing = flows[year_range(2024)]
    assert (closing.remaining, closing.forfeited) == (8, 5)
    assert flows[Y2025].carried == 3


def test_a_switch_to_no_carry_forfeits_everything() -> None:
    h = history(
        (accord("capped", 10, carry_over=CarryOver(mode="capped", cap=3)), date(2024, 1, 1)),
        (accord("no carry", 10), date(2025, 1, 1)),
    )
    sums = {year_range(2024): PeriodSums(granted=Fraction(10), booked=Fraction(2))}
    flows = fold_periods(sums, h, through=Y2025)
    assert flows[year_range(2024)].forfeited == 8
    assert flows[Y2025].carried == 0


def test_a_mid_year_switch_sets_the_carry_into_the_next_period() -> None:
    h = history(
        (accord("a", 10, carry_over=CarryOver(mode="all")), date(2025, 1, 1)),
        (accord("b", 10, carry_over=CarryOver(mode="capped", cap=2)), date(2025, 7, 1)),
    )
    entries = [
        Grant(entry_id="g", period=Y2025, amount=10, exact=10, recorded_at=AT, by="hr"),
        Booking(entry_id="b", day=date(2025, 3, 4), recorded_at=AT, by="ana"),
    ]
    b2025, b2026 = realize(entries, h, employee="E1", through=year_range(2026)).values()
    assert (b2025.remaining, b2025.forfeited, b2026.carried) == (9, 7, 2)


# -- the ledger --------------------------------------------------------------------------------


def test_a_ledger_under_a_history_grants_the_prorated_figure_and_checks_by_day() -> None:
    rounded = history(
        (accord("accord 2025", 100, rounding=Rounding("half-up")), date(2025, 1, 1)),
        (
            accord("amendment 1", 120, rounding=Rounding("half-up"), excluded_weekdays=["We"]),
            date(2025, 7, 1),
        ),
    )
    ledger = QuotaLedger(agreement=rounded, contract=FULL_TIME, calendar=CAL)
    grant = ledger.grant(Y2025, at=AT, by="hr")
    assert (grant.exact, grant.amount) == (Fraction(100 * 181 + 120 * 184, 365), 110)
    assert ledger.history is rounded
    assert ledger.agreement.name == "amendment 1"
    wednesday_before, wednesday_after = date(2025, 6, 4), date(2025, 7, 2)
    assert ledger.check(wednesday_before) == ()
    assert [v.code for v in ledger.check(wednesday_after)] == ["excluded_weekday"]
    assert ledger.agreement_on(wednesday_before).name == "accord 2025"


def test_a_single_agreement_ledger_is_unchanged() -> None:
    a = accord("x", 100)
    ledger = QuotaLedger(agreement=a, contract=FULL_TIME, calendar=CAL)
    assert ledger.agreement is a
    assert ledger.history is None


def test_window_days_are_governed_day_by_day_across_a_gap() -> None:
    h = AgreementHistory(
        name="experimental then permanent",
        versions=[
            AgreementVersion(
                agreement=accord("experimental", 50), start="2025-01-01", end="2025-03-31"
            ),
            AgreementVersion(agreement=accord("permanent", 100), start="2025-05-01"),
        ],
    )
    # Jan-Mar 90 days under 50, April governed by nothing, May-Dec 245 days under 100.
    e = entitlement(h, FULL_TIME, Y2025, CAL)
    assert e.exact == Fraction(50 * 90 + 100 * 245, 365)
    assert DateRange(date(2025, 4, 1), date(2025, 4, 30)) not in [
        DateRange(v.start, v.end) for v in e.explanation.versions
    ]


# -- files and the command line -----------------------------------------------------------------

HISTORY_TOML = """\
name = "Assistance accord, amended"

[[versions]]
start = 2025-01-01
agreement = "assistance-100-days"

[[versions]]
start = 2025-07-01
[versions.agreement]
name = "Amendment 1"
granularity = "half-day"
quotas = [{ window = "period", maximum = 120, prorate = true }]
[versions.agreement.rounding]
mode = "half-up"
unit = "1/2"
"""


def test_a_history_file_loads_through_the_one_converter(tmp_path: Path) -> None:
    (tmp_path / "h.toml").write_text(HISTORY_TOML, encoding="utf-8")
    h = load_agreement_or_history(tmp_path / "h.toml")
    assert isinstance(h, AgreementHistory)
    assert [v.agreement.name for v in h.versions][1] == "Amendment 1"
    assert history_from_dict(history_to_dict(h)) == h


def test_a_history_file_with_overlapping_versions_names_the_key(tmp_path: Path) -> None:
    text = HISTORY_TOML.replace("start = 2025-07-01", "start = 2025-01-01")
    (tmp_path / "h.toml").write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_agreement_or_history(tmp_path / "h.toml")
    assert "versions_overlap" in [p.code for p in err.value.problems]


def test_an_agreement_map_with_a_missing_file_lists_the_employee(tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text('[employees]\nE1 = "nowhere.toml"\n', encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_agreement_map(tmp_path / "map.toml")
    assert [(p.path, p.code) for p in err.value.problems] == [
        ("$.employees.E1", "invalid_agreement")
    ]


def test_balances_take_an_agreement_per_employee(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "h.toml").write_text(HISTORY_TOML, encoding="utf-8")
    (tmp_path / "map.toml").write_text('[employees]\nE0001 = "h.toml"\n', encoding="utf-8")
    assert main(["balances", "--agreements", str(tmp_path / "map.toml"), "--format", "json"]) == 0
    rows = {r["employee"]: r for r in json.loads(capsys.readouterr().out)}
    # E0001 is full time all 2025: (100 × 181 + 120 × 184) / 365 = 110.08, rounded to 110.
    assert rows["E0001"]["entitlement_exact"] == "8036/73"
    assert rows["E0001"]["entitlement"] == "110"
    assert rows["E0002"]["entitlement"] == "100"


def test_the_entitlement_command_reads_a_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "h.toml").write_text(HISTORY_TOML, encoding="utf-8")
    args = ["entitlement", "--agreement", str(tmp_path / "h.toml"), "--hired", "2020-01-01"]
    assert main([*args, "--year", "2025", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["exact"] == "8036/73"
    assert [v["agreement"] for v in data["explanation"]["versions"]] == [
        "Assistance: up to 100 telework days a year",
        "Amendment 1",
    ]


def test_the_governing_version_is_the_one_in_force_on_the_last_day_else_the_nearest() -> None:
    from datetime import date as _date

    from teleaccord import (
        Agreement,
        AgreementHistory,
        AgreementVersion,
        DateRange,
        agreement_in_force,
        governing_agreement,
    )

    a, b, c = (Agreement(name=n) for n in "abc")
    history = AgreementHistory(
        name="h",
        versions=[
            AgreementVersion(agreement=a, start=_date(2024, 1, 1), end=_date(2024, 6, 30)),
            AgreementVersion(agreement=b, start=_date(2024, 7, 1), end=_date(2024, 9, 30)),
            AgreementVersion(agreement=c, start=_date(2025, 3, 1)),
        ],
    )
    year = DateRange(_date(2024, 1, 1), _date(2024, 12, 31))
    # On 31 December no version is in force: the last one in force during the year governs.
    assert history.governing(year).name == "b"
    assert (
        governing_agreement(history, DateRange(_date(2024, 1, 1), _date(2024, 6, 30))).name == "a"
    )
    assert (
        governing_agreement(history, DateRange(_date(2024, 5, 1), _date(2024, 8, 31))).name == "b"
    )
    # A period before every version: the first version that starts after it.
    assert history.governing(DateRange(_date(2023, 1, 1), _date(2023, 12, 31))).name == "a"
    # A period in the gap: the next version.
    assert history.governing(DateRange(_date(2024, 11, 1), _date(2024, 11, 30))).name == "c"
    assert history.governing(DateRange(_date(2024, 12, 1), _date(2025, 3, 1))).name == "c"
    assert history.governing(DateRange(_date(2030, 1, 1), _date(2030, 1, 31))).name == "c"
    assert agreement_in_force(history, _date(2024, 7, 1)).name == "b"
    assert agreement_in_force(history, _date(2024, 6, 30)).name == "a"
    assert agreement_in_force(history, _date(2024, 12, 1)).name == "c"
    assert agreement_in_force(history, _date(2020, 1, 1)).name == "a"
    assert agreement_in_force(a, _date(2020, 1, 1)) is a
