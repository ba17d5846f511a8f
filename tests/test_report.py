"""The team report: its figures against hand-counted ones, and its HTML without a browser.

The figures are checked on a team small enough to count by hand (three people, one week of
June 2025); the days the report highlights are checked against the coverage code's own plan;
the balances against the workforce job's. The browser test is ``test_report_browser.py``.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teleaccord import (
    CELL_STATES,
    Absence,
    AbsenceRow,
    BookingRow,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    EmployeeContract,
    EmployeeRecords,
    HalfDay,
    Teams,
    TeamSpec,
    load_sample_agreement,
    team_report,
    team_report_from_records,
    workforce_balances,
)
from teleaccord.cli import main
from teleaccord.errors import InvalidValue
from teleaccord.io.csv import sample_workforce
from teleaccord.io.teams_file import sample_teams
from teleaccord.ledger import QuotaLedger
from teleaccord.workforce import BOOKED, CANCELLED

AGREEMENT = load_sample_agreement("assistance-100-days")
WEEK = DateRange(date(2025, 6, 2), date(2025, 6, 8))  # Monday 2 to Sunday 8 June 2025
MON, TUE, WED, THU, FRI, SAT, SUN = tuple(WEEK)
AT = datetime(2025, 5, 1, 9, tzinfo=timezone.utc)
YEAR = DateRange(date(2025, 1, 1), date(2025, 12, 31))


def contract(employee: str, hired: date = date(2020, 1, 1), **more: Any) -> Contract:
    return Contract.from_amendments(employee=employee, hired=hired, team="support", **more)


def row(
    employee: str,
    day: date,
    half: str | None = None,
    status: str = BOOKED,
    ident: str | None = None,
) -> BookingRow:
    return BookingRow(employee, day, HalfDay(half) if half else None, status, ident, None, 0)


def records(
    bookings: dict[str, list[BookingRow]], contracts: list[Contract]
) -> list[EmployeeRecords]:
    return [
        EmployeeRecords(
            employee=c.employee,
            contract=EmployeeContract(contract=c),
            bookings=bookings.get(c.employee, []),
        )
        for c in contracts
    ]


TEAM = Teams(
    teams=[
        TeamSpec(
            name="support",
            roles={"ana": "lead"},
            rules=[CoverageRule(minimum=2)],
            anchor_weekdays=["thursday"],
        )
    ]
)


def small_report(**more: Any) -> Any:
    """ana, bob and eve work Monday to Friday; ana and bob telework on Monday (one on site of
    three: under the minimum of 2), eve teleworks Tuesday morning, bob Thursday (an anchor
    day), and ana's Wednesday booking was cancelled."""
    people = [contract("ana"), contract("bob"), contract("eve")]
    bookings = {
        "ana": [
            row("ana", MON, ident="a1"),
            row("ana", WED, ident="a2"),
            row("ana", WED, status=CANCELLED, ident="a2"),
        ],
        "bob": [row("bob", MON), row("bob", THU)],
        "eve": [row("eve", TUE, "am")],
    }
    return team_report_from_records(
        records(bookings, people), TEAM, WEEK, agreement=AGREEMENT, calendar=Calendar(), **more
    )


# -- the figures -------------------------------------------------------------------------------


def test_each_cell_says_where_the_person_is_counted_by_hand() -> None:
    (section,) = small_report().teams
    states = {r.employee: [c.state for c in r.cells] for r in section.rows}
    assert states == {
        "ana": ["telework", "on-site", "on-site", "on-site", "on-site", "off", "off"],
        "bob": ["telework", "on-site", "on-site", "telework", "on-site", "off", "off"],
        "eve": ["on-site", "telework-am", "on-site", "on-site", "on-site", "off", "off"],
    }
    assert [r.role for r in section.rows] == ["lead", None, None]
    assert [r.telework_days for r in section.rows] == [1, 2, Fraction(1, 2)]


def test_the_highlighted_days_are_those_the_coverage_code_reports() -> None:
    (section,) = small_report().teams
    # Monday: 1 on site of 3, the rule needs 2; Thursday: bob teleworks on an anchor day.
    assert section.days_at_risk == (MON, THU)
    monday = section.days[0]
    assert {(s.half, s.code, s.on_site, s.required, s.working) for s in monday.shortfalls} == {
        ("am", "coverage_below_minimum", 1, 2, 3),
        ("pm", "coverage_below_minimum", 1, 2, 3),
    }
    thursday = section.days[3]
    assert thursday.anchor
    assert {(s.code, s.teleworking) for s in thursday.shortfalls} == {("anchor_day", ("bob",))}


def test_on_site_share_counts_half_days() -> None:
    (section,) = small_report().teams
    shares = [d.on_site_share for d in section.days]
    # Monday 2 of 6 half-days on site; Tuesday 5 of 6; weekend: nobody works.
    assert shares == [Fraction(1, 3), Fraction(5, 6), 1, Fraction(2, 3), 1, None, None]
    monday = section.days[0]
    assert (monday.working, monday.on_site, monday.teleworking) == (3, 1, 2)


def test_weekly_figures_against_the_agreement() -> None:
    (section,) = small_report().teams
    (week,) = section.weeks
    assert week.week == WEEK
    assert (week.telework_days, week.heads) == (Fraction(7, 2), 3)
    assert week.per_head == Fraction(7, 6)
    # The sample agreement has a yearly envelope of 100 days and no weekly limit.
    assert (week.maximum, week.minimum) == (None, None)
    assert week.pace == Fraction(100 * 7, 365)


def test_weekly_limits_come_from_a_weekly_quota() -> None:
    weekly = load_sample_agreement("health-insurance-1-3-days")
    assert any(q.window.value == "week" for q in weekly.quotas)
    report = team_report([contract("ana")], {}, TEAM, WEEK, agreement=weekly, calendar=Calendar())
    (week,) = report.teams[0].weeks
    assert (week.maximum, week.minimum, week.pace) == (3, 1, None)


def test_a_week_cut_by_the_period_counts_its_own_days() -> None:
    period = DateRange(date(2025, 6, 5), date(2025, 6, 10))  # Thursday to the next Tuesday
    report = team_report(
        [contract("ana")], {}, TEAM, period, agreement=AGREEMENT, calendar=Calendar()
    )
    assert [(w.week.start, w.week.end) for w in report.teams[0].weeks] == [
        (date(2025, 6, 5), date(2025, 6, 8)),
        (date(2025, 6, 9), date(2025, 6, 10)),
    ]


def test_holidays_hires_leavers_and_absences_have_their_own_cells() -> None:
    may = DateRange(date(2025, 4, 30), date(2025, 5, 2))  # Labour Day is Thursday 1 May
    people = [contract("ana"), contract("new", hired=date(2025, 5, 2)), contract("eve")]
    report = team_report(
        people,
        {},
        TEAM,
        may,
        agreement=AGREEMENT,
        calendar=Calendar(closures=[date(2025, 5, 2)]),
        absences={("eve", date(2025, 4, 30)): "sick"},
    )
    cells = {r.employee: [(c.state, c.detail) for c in r.cells] for r in report.teams[0].rows}
    assert cells["ana"] == [("on-site", ""), ("holiday", "Labor Day"), ("closed", "")]
    assert cells["new"] == [("out", ""), ("out", ""), ("closed", "")]
    assert cells["eve"][0] == ("absent", "sick")
    assert report.teams[0].days[0].absent == 1
    assert report.teams[0].days[1].holiday == "Labor Day"
    assert {c.state for cs in report.teams[0].rows for c in cs.cells} <= set(CELL_STATES)


def test_balances_are_the_workforce_jobs() -> None:
    report = small_report()
    people = [contract("ana"), contract("bob"), contract("eve")]
    expected = list(
        workforce_balances(
            records({"bob": [row("bob", MON), row("bob", THU)]}, people),
            AGREEMENT,
            Calendar(),
            periods=[DateRange(date(2025, 1, 1), date(2025, 12, 31))],
        )
    )
    (section,) = report.teams
    assert [b.employee for b in section.balances] == ["ana", "bob", "eve"]
    assert section.balances[1] == expected[1]
    # Everyone is entitled to 100 days; ana took 1 (her second day was cancelled), bob 2,
    # eve a half-day: all three used more than 0 % and at most 25 %.
    assert [(b.entitlement, b.taken, b.remaining) for b in section.balances] == [
        (100, 1, 99),
        (100, 2, 98),
        (100, Fraction(1, 2), Fraction(199, 2)),
    ]
    assert {b.label: b.count for b in section.distribution} == {
        "0%": 0, "1-25%": 3, "25-50%": 0, "50-75%": 0, "75-100%": 0, ">100%": 0,
    }  # fmt: skip
    assert report.balance_periods == (DateRange(date(2025, 1, 1), date(2025, 12, 31)),)


def test_the_yearly_review_counts_uptake_and_days_per_head() -> None:
    people = [
        contract("ana", category="agent"),
        contract("bob", category="agent"),
        contract("eve", category="manager"),
    ]
    report = team_report_from_records(
        records({"ana": [row("ana", MON)], "bob": [row("bob", MON, "pm")]}, people),
        TEAM,
        WEEK,
        agreement=AGREEMENT,
        calendar=Calendar(),
    )
    review = {c.category: c for c in report.teams[0].review}
    whole, agents, managers = review[""], review["agent"], review["manager"]
    assert (whole.heads, whole.teleworking, whole.days) == (3, 2, Fraction(3, 2))
    assert (whole.uptake, whole.days_per_head) == (Fraction(2, 3), Fraction(1, 2))
    assert (agents.heads, agents.teleworking, agents.days_per_head) == (2, 2, Fraction(3, 4))
    assert (managers.uptake, managers.days_per_head) == (0, 0)
    # The inputs hold no request and no telework kind: said, not shown as zeros.
    assert (whole.refusals, whole.imposed_days) == (None, None)


def test_a_ledger_mapping_gives_the_same_report_as_booking_rows() -> None:
    people = [contract("ana"), contract("bob"), contract("eve")]
    ledgers = {}
    for c in people:
        ledgers[c.employee] = QuotaLedger(agreement=AGREEMENT, contract=c, calendar=Calendar())
        ledgers[c.employee].grant(YEAR, at=AT, by="hr")
    ledgers["ana"].book(MON, at=AT, by="ana")
    ledgers["bob"].book(MON, at=AT, by="bob")
    ledgers["bob"].book(THU, at=AT, by="bob", ignore=["anchor_day"])
    ledgers["eve"].book(TUE, half="am", at=AT, by="eve")
    direct = team_report(people, ledgers, TEAM, WEEK, agreement=AGREEMENT, calendar=Calendar())
    from_rows = small_report()
    assert [r.cells for r in direct.teams[0].rows] == [r.cells for r in from_rows.teams[0].rows]
    assert direct.teams[0].days == from_rows.teams[0].days


def test_only_the_teams_asked_and_an_unknown_team_is_an_error() -> None:
    two = Teams(teams=[*TEAM.teams, TeamSpec(name="other", members=["zoe"])])
    people = [contract("ana"), Contract.from_amendments(employee="zoe", hired=date(2020, 1, 1))]
    report = team_report(
        people, {}, two, WEEK, agreement=AGREEMENT, calendar=Calendar(), only=["other"]
    )
    assert [s.team for s in report.teams] == ["other"]
    assert report.unassigned == ()
    with pytest.raises(InvalidValue) as caught:
        team_report(people, {}, two, WEEK, agreement=AGREEMENT, calendar=Calendar(), only=["nope"])
    assert caught.value.code == "unknown_team"


def test_employees_in_no_team_are_listed() -> None:
    people = [contract("ana"), Contract.from_amendments(employee="solo", hired=date(2020, 1, 1))]
    report = team_report(people, {}, TEAM, WEEK, agreement=AGREEMENT, calendar=Calendar())
    assert report.unassigned == ("solo",)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ana", "bob", "eve"]),
            st.integers(0, 13),
            st.sampled_from([None, "am", "pm"]),
        ),
        max_size=12,
    ),
    st.integers(1, 3),
)
def test_highlighted_days_and_telework_cells_match_the_coverage_plan(
    picks: list[tuple[str, int, str | None]], minimum: int
) -> None:
    period = DateRange(date(2025, 6, 2), date(2025, 6, 15))
    days = tuple(period)
    people = [contract("ana"), contract("bob"), contract("eve")]
    teams = Teams(teams=[TeamSpec(name="support", rules=[CoverageRule(minimum=minimum)])])
    ledgers = {
        c.employee: QuotaLedger(agreement=AGREEMENT, contract=c, calendar=Calendar())
        for c in people
    }
    for ledger in ledgers.values():
        ledger.grant(YEAR, at=AT, by="hr")
    for who, n, half in picks:
        ledger = ledgers[who]
        if days[n].weekday() < 5 and not ledger.check(
            days[n], half=HalfDay(half) if half else None, at=AT, ignore=["notice_too_short"]
        ):
            ledger.book(
                days[n],
                half=HalfDay(half) if half else None,
                at=AT,
                by=who,
                ignore=["notice_too_short"],
            )
    report = team_report(people, ledgers, teams, period, agreement=AGREEMENT, calendar=Calendar())
    plan = teams.get("support").coverage(people, period).plan(period, ledgers)
    (section,) = report.teams
    assert section.days_at_risk == plan.days_at_risk
    for person in section.rows:
        booked = dict(ledgers[person.employee].telework_days(period))
        shown = {
            d: {"telework": 1, "telework-am": Fraction(1, 2), "telework-pm": Fraction(1, 2)}[
                c.state
            ]
            for d, c in zip(days, person.cells, strict=True)
            if c.state.startswith("telework")
        }
        assert shown == booked


# -- the HTML, read without a browser ----------------------------------------------------------


class Page(HTMLParser):
    """What the tests read of a report: tags with their attributes, and the text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]


def render(report: Any, **more: Any) -> str:
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra (jinja2)")
    from teleaccord import render_report

    return str(render_report(report, **more))


def test_the_page_holds_every_person_and_day_and_marks_the_days_at_risk() -> None:
    page = Page(render(small_report()))
    assert [a["data-employee"] for a in page.having("tr") if "data-employee" in a][:3] == [
        "ana",
        "bob",
        "eve",
    ]
    assert [a["data-day"] for a in page.having("th") if "data-day" in a] == [
        d.isoformat() for d in WEEK
    ]
    risk = {a["data-day"]: a["data-risk"] for a in page.having("th") if "data-risk" in a}
    # Monday: 1 on site, 2 required; Thursday: an anchor day someone teleworks on.
    assert risk == {"2025-06-02": "1/2", "2025-06-05": "!"}


def test_the_page_is_self_contained_and_accessible() -> None:
    text = render(small_report())
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>")
    assert not page.having("script")
    assert not page.having("link")
    assert not page.having("img")
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text
    assert page.having("html", lang="en")
    headers = [a for t, a in page.tags if t == "th"]
    assert headers
    assert all(a.get("scope") in ("col", "row") for a in headers)
    assert len(page.having("svg")) == 4  # weekly, on-site share, balances, distribution
    assert sum(1 for t, _ in page.tags if t == "title") >= 4  # the page's and the charts'


def test_figures_are_shown_with_two_decimals_and_kept_exact() -> None:
    page = Page(render(small_report()))
    cells = {(a["data-field"], a["data-exact"]) for a in page.having("td") if "data-field" in a}
    assert ("remaining", "99.5") in cells
    text = "".join(page.text)
    assert "99.50" in text
    assert "116.67" not in text
    french = "".join(Page(render(small_report(), lang="fr")).text)
    assert "99,50" in french
    assert "Légende" in french
    assert "Jours à risque" in french


def test_names_from_the_files_are_escaped() -> None:
    hostile = Contract.from_amendments(
        employee="<script>x</script>", hired=date(2020, 1, 1), team="support"
    )
    report = team_report([hostile], {}, TEAM, WEEK, agreement=AGREEMENT, calendar=Calendar())
    text = render(report)
    assert "<script>" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        render(small_report(), lang="de")
    assert caught.value.code == "unknown_language"


def test_without_jinja2_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from teleaccord import TeleaccordError, render_report

    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(TeleaccordError, match=r"teleaccord\[report\]") as caught:
        render_report(small_report())
    assert caught.value.code == "missing_dependency"


def test_the_sample_workforce_report_matches_the_coverage_code() -> None:
    sample = sample_workforce()
    march = DateRange(date(2025, 3, 1), date(2025, 3, 31))
    report = team_report_from_records(
        sample.records(),
        sample_teams(),
        march,
        agreement=sample.agreement(),
        calendar=sample.calendar(),
    )
    contracts = [r.contract.contract for r in sample.records() if r.contract is not None]
    assert [s.team for s in report.teams] == list(sample_teams().names)
    assert all(s.days_at_risk for s in report.teams)  # the sample's rules are tight
    claims = report.teams[[s.team for s in report.teams].index("claims")]
    coverage = sample_teams().get("claims").coverage(contracts, march, sample.calendar())
    assert [r.employee for r in claims.rows] == [m.employee for m in coverage.members]
    # Tuesdays are the claims team's anchor days: someone teleworks on each in March.
    assert claims.days_at_risk == (
        date(2025, 3, 4),
        date(2025, 3, 11),
        date(2025, 3, 18),
        date(2025, 3, 25),
    )


# -- the command -------------------------------------------------------------------------------


def test_the_command_writes_one_html_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra (jinja2)")
    out = tmp_path / "report.html"
    assert main(["report", "--month", "2025-03", "--team", "claims", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    page = Page(text)
    assert [a["data-team"] for a in page.having("section") if "data-team" in a] == ["claims"]
    assert "4 team-days at risk" in capsys.readouterr().err


def test_the_command_reads_files_and_a_teams_file(tmp_path: Path) -> None:
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra (jinja2)")
    (tmp_path / "contracts.csv").write_text(
        "employee,hired,team\nana,2020-01-01,desk\nbob,2020-01-01,desk\n", encoding="utf-8"
    )
    (tmp_path / "bookings.csv").write_text(
        "employee,date,half,status\nana,2025-06-02,,booked\nbob,2025-06-02,,booked\n",
        encoding="utf-8",
    )
    (tmp_path / "teams.toml").write_text(
        '[[teams]]\nname = "desk"\n[[teams.rules]]\nminimum = 1\n', encoding="utf-8"
    )
    out = tmp_path / "r.html"
    args = [
        "report",
        "--agreement",
        "assistance-100-days",
        "--contracts",
        str(tmp_path / "contracts.csv"),
        "--bookings",
        str(tmp_path / "bookings.csv"),
        "--from",
        "2025-06-02",
        "--to",
        "2025-06-06",
    ]
    assert main([*args, "--teams", str(tmp_path / "teams.toml"), "-o", str(out)]) == 0
    risk = [
        a["data-day"]
        for a in Page(out.read_text(encoding="utf-8")).having("th")
        if "data-risk" in a
    ]
    assert risk == ["2025-06-02"]
    # Without a teams file: one team per value of the team column, without rules.
    assert main([*args, "-o", str(out)]) == 0
    assert not [a for a in Page(out.read_text(encoding="utf-8")).having("th") if "data-risk" in a]
    # The output may not replace an input.
    assert (
        main([*args, "--teams", str(tmp_path / "teams.toml"), "-o", str(tmp_path / "teams.toml")])
        == 2
    )


@pytest.mark.parametrize(
    "options",
    [
        ["--month", "2025-13"],
        ["--quarter", "2025-Q5"],
        ["--to", "2025-01-31"],
        ["--from", "2025-03-01", "--to", "2025-02-01"],
        ["--from", "2025-01-01", "--to", "2026-06-01"],
        ["--team", "nope"],
    ],
)
def test_bad_options_are_refused(options: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", *options]) == 2
    assert "teleaccord report: error:" in capsys.readouterr().err


def test_every_label_has_its_french_text_and_letters_tell_states_apart() -> None:
    from teleaccord.io.html import CELL_LETTERS
    from teleaccord.locale.labels import LABELS

    assert set(LABELS["fr"]) == set(LABELS["en"])
    assert all(LABELS["fr"][k] for k in LABELS["en"])
    for lang in ("en", "fr"):
        letters = [CELL_LETTERS[lang][s] for s in CELL_STATES]
        assert len(set(letters)) == len(letters), lang
        assert {f"state_{s}" for s in CELL_STATES} <= set(LABELS[lang])


def test_allowances_per_month_are_the_allowance_codes() -> None:
    from decimal import Decimal

    from teleaccord import AllowancePolicy, monthly_allowances

    policy = AllowancePolicy(name="2.70 a day", kind="per-day", amount="2.70", monthly_cap="59.40")
    (section,) = small_report(allowance_policy=policy).teams
    (june,) = section.allowances
    # ana 1 day, bob 2 days, eve a half-day: 3.5 days at 2.70 EUR.
    assert june.month == DateRange(date(2025, 6, 1), date(2025, 6, 30))
    assert (june.people, june.telework_days) == (3, Fraction(7, 2))
    assert (june.due, june.exempt, june.excess) == (Decimal("9.45"), Decimal("9.45"), Decimal("0"))
    assert june.due_per_head == Decimal("3.15")
    assert june.monthly_cap == Decimal("59.40")
    (bob,) = monthly_allowances(
        policy, contract("bob"), [(MON, Fraction(1)), (THU, Fraction(1))], june.month
    )
    assert [r for r in section.allowance_rows if r.employee == "bob"] == [bob]
    assert small_report().teams[0].allowances == ()


def test_the_command_draws_allowances_with_a_policy(tmp_path: Path) -> None:
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra (jinja2)")
    (tmp_path / "allowance.toml").write_text(
        'name = "2.70 a day"\nkind = "per-day"\namount = "2.70"\nmonthly_cap = "59.40"\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    args = ["report", "--month", "2025-03", "--team", "claims", "-o", str(out)]
    assert main([*args, "--policy", str(tmp_path / "allowance.toml"), "--lang", "fr"]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert [
        a["data-month"] for a in page.having("tr") if "data-month" in a and "data-who" not in a
    ] == ["2025-03"]
    assert "Plafond mensuel 59,40 €" in "".join(page.text)
    assert main(args) == 0
    assert not [a for a in Page(out.read_text(encoding="utf-8")).having("tr") if "data-month" in a]


# -- absences recorded in the ledgers ----------------------------------------------------------


def test_absences_in_the_records_are_absent_cells_and_days_at_risk() -> None:
    """ana, bob and eve work Monday to Friday, at least 2 on site. bob teleworks Tuesday and
    eve is on paid leave that day: ana alone is on site of the 2 working (at risk). ana's
    Wednesday booking falls in her training (on site for coverage): the absence cancels it, so
    Wednesday has 3 on site and is not at risk."""
    people = [contract("ana"), contract("bob"), contract("eve")]
    leave = Absence(absence_id="L1", employee="eve", kind="paid_leave", days=DateRange.single(TUE))
    course = Absence(absence_id="T1", employee="ana", kind="training", days=DateRange.single(WED))
    teams = Teams(teams=[TeamSpec(name="support", rules=[CoverageRule(minimum=2)])])
    data = [
        EmployeeRecords(
            employee="ana",
            contract=EmployeeContract(contract=people[0]),
            bookings=[row("ana", WED, ident="a1")],
            absences=[AbsenceRow("ana", course, 2)],
        ),
        EmployeeRecords(
            employee="bob",
            contract=EmployeeContract(contract=people[1]),
            bookings=[row("bob", TUE, ident="b1")],
        ),
        EmployeeRecords(
            employee="eve",
            contract=EmployeeContract(contract=people[2]),
            absences=[AbsenceRow("eve", leave, 2)],
        ),
    ]
    report = team_report_from_records(data, teams, WEEK, agreement=AGREEMENT, calendar=Calendar())
    (section,) = report.teams
    cells = {r.employee: [(c.state, c.detail) for c in r.cells[:5]] for r in section.rows}
    assert cells["eve"][1] == ("absent", "paid_leave")
    assert cells["ana"][2] == ("absent", "training")
    assert cells["bob"][1] == ("telework", "")
    assert section.days_at_risk == (TUE,)
    tuesday = section.days[1]
    assert (tuesday.absent, tuesday.on_site, tuesday.teleworking) == (1, 1, 1)
    assert {(s.half, s.on_site, s.required, s.working) for s in tuesday.shortfalls} == {
        ("am", 1, 2, 2),
        ("pm", 1, 2, 2),
    }
    # The same figures as the coverage code's, on ledgers built by hand.
    ledgers = {
        c.employee: QuotaLedger(agreement=AGREEMENT, contract=c, calendar=Calendar())
        for c in people
    }
    for ledger in ledgers.values():
        ledger.grant(YEAR, at=AT, by="hr")
    ledgers["ana"].book(WED, at=AT, by="ana", ignore=["notice_too_short"])
    ledgers["bob"].book(TUE, at=AT, by="bob", ignore=["notice_too_short"])
    ledgers["ana"].record_absence(course, at=AT, by="hr")
    ledgers["eve"].record_absence(leave, at=AT, by="hr")
    plan = teams.get("support").coverage(people, WEEK).plan(WEEK, ledgers)
    assert plan.days_at_risk == section.days_at_risk
    assert [d.absent for d in plan.days][:5] == [(), ("eve",), ("ana",), (), ()]
    assert (
        team_report(people, ledgers, teams, WEEK, agreement=AGREEMENT, calendar=Calendar())
        .teams[0]
        .rows
        == section.rows
    )


def test_the_command_reads_an_absences_file(tmp_path: Path) -> None:
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra (jinja2)")
    (tmp_path / "contracts.csv").write_text(
        "employee,hired,team\nana,2020-01-01,desk\nbob,2020-01-01,desk\n", encoding="utf-8"
    )
    (tmp_path / "bookings.csv").write_text(
        "employee,date,half,status\nana,2025-06-03,,booked\n", encoding="utf-8"
    )
    (tmp_path / "absences.csv").write_text(
        "employee,start,end,kind\nbob,2025-06-04,2025-06-04,sickness\n", encoding="utf-8"
    )
    (tmp_path / "teams.toml").write_text(
        '[[teams]]\nname = "desk"\n[[teams.rules]]\nminimum = 2\n', encoding="utf-8"
    )
    out = tmp_path / "r.html"
    args = [
        "report",
        "--agreement",
        "assistance-100-days",
        "--contracts",
        str(tmp_path / "contracts.csv"),
        "--bookings",
        str(tmp_path / "bookings.csv"),
        "--teams",
        str(tmp_path / "teams.toml"),
        "--from",
        "2025-06-02",
        "--to",
        "2025-06-06",
        "-o",
        str(out),
    ]
    assert main(args) == 0
    page = Page(out.read_text(encoding="utf-8"))
    risk = [a["data-day"] for a in page.having("th") if "data-risk" in a]
    assert risk == ["2025-06-03"]  # ana teleworks: 1 on site of 2
    assert main([*args, "--absences", str(tmp_path / "absences.csv")]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    risk = [a["data-day"] for a in page.having("th") if "data-risk" in a]
    assert risk == ["2025-06-03", "2025-06-04"]  # bob is off sick: 1 working, 2 required
    states = [a["data-state"] for a in page.having("td") if "data-state" in a]
    assert states.count("absent") == 1


def test_telework_cells_carry_their_kind_and_add_up_per_kind() -> None:
    from teleaccord import Booking

    agreement = load_sample_agreement("assistance-100-days")
    calendar = Calendar()
    contract = Contract.from_amendments(employee="ana", hired=date(2020, 1, 1), team="support")
    ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=calendar)
    at = datetime(2025, 5, 1, tzinfo=timezone.utc)
    for n, (day, half, kind) in enumerate(
        [
            (date(2025, 6, 2), None, "medical"),
            (date(2025, 6, 3), "pm", "imposed"),
            (date(2025, 6, 4), None, "imposed"),
            (date(2025, 6, 5), None, "regular"),
        ]
    ):
        ledger.replay(
            Booking(
                entry_id=f"b{n}", day=day, half=half, recorded_at=at, by="hr", telework_kind=kind
            )
        )
    week = DateRange(date(2025, 6, 2), date(2025, 6, 8))
    teams = Teams(teams=[TeamSpec(name="support")])
    report = team_report(
        [contract], {"ana": ledger}, teams, week, agreement=agreement, calendar=calendar
    )
    (row,) = report.teams[0].rows
    assert [(c.state, c.kind) for c in row.cells[:6]] == [
        ("telework", "medical"),
        ("telework-pm", "imposed"),
        ("telework", "imposed"),
        ("telework", "regular"),
        ("on-site", ""),
        ("off", ""),
    ]
    # by hand: 1 regular, 1/2 + 1 imposed, 1 medical
    expected = {"regular": Fraction(1), "imposed": Fraction(3, 2), "medical": Fraction(1)}
    assert row.telework_by_kind == expected
    assert list(report.teams[0].telework_by_kind) == ["regular", "imposed", "medical"]
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra")
    from teleaccord import render_report

    html = render_report(report, lang="fr")
    assert 'data-kind="medical" title="ana, ' in html
    assert "Télétravail imposé (exceptionnel)" in html
    assert '<tr data-kind="imposed"><th scope="row">imposé (exceptionnel) (<b>I</b>)</th>' in html


def test_cross_border_counters_are_shown_for_the_workers_given() -> None:
    from teleaccord import Booking

    agreement = load_sample_agreement("assistance-100-days")
    calendar = Calendar()
    contracts = [
        Contract.from_amendments(employee=e, hired=date(2020, 1, 1), team="support")
        for e in ("ana", "bob")
    ]
    at = datetime(2025, 1, 2, tzinfo=timezone.utc)
    ledger = QuotaLedger(agreement=agreement, contract=contracts[1], calendar=calendar)
    # 3 whole days in January, a half-day in June (counted whole by the tax tolerance), and a
    # day in September, after the period: in the projection only.
    for n, (day, half) in enumerate(
        [
            (date(2025, 1, 6), None),
            (date(2025, 1, 7), None),
            (date(2025, 1, 8), None),
            (date(2025, 6, 3), "am"),
            (date(2025, 9, 1), None),
        ]
    ):
        ledger.replay(Booking(entry_id=f"b{n}", day=day, half=half, recorded_at=at, by="hr"))
    june = DateRange(date(2025, 6, 2), date(2025, 6, 8))
    teams = Teams(teams=[TeamSpec(name="support")])
    report = team_report(
        contracts,
        {"bob": ledger},
        teams,
        june,
        agreement=agreement,
        calendar=calendar,
        crossborder={"bob": ("FR", "LU")},
    )
    (bob,) = report.teams[0].crossborder
    assert (bob.employee, bob.residence, bob.work, bob.as_of) == ("bob", "FR", "LU", june.end)
    tax = bob.counter("fr-lu-tax-34-days")
    assert (tax.limit_days, tax.used, tax.projected) == (34, 4, 5)
    assert tax.days_left_projected == 29
    pytest.importorskip("jinja2", reason="the HTML report needs the report extra")
    from teleaccord import render_report

    html = render_report(report)
    assert 'data-who="bob" data-threshold="fr-lu-tax-34-days"' in html
    assert 'data-who="ana" data-threshold' not in html
    assert 'data-field="used" data-exact="4"' in html
    assert ">Threshold 100%</text>" in html
    plain = team_report(
        contracts, {"bob": ledger}, teams, june, agreement=agreement, calendar=calendar
    )
    assert plain.teams[0].crossborder == ()
    assert "Cross-border counters" not in render_report(plain)


def test_imposed_days_give_one_balance_per_person_the_default_pools() -> None:
    # bob's Thursday is imposed (a strike): the workforce job gives him a second row, the
    # imposed one; the report keeps one balance per person, the voluntary envelope's.
    people = [contract("ana"), contract("bob")]
    bookings = {"bob": [row("bob", MON), row("bob", THU)._replace(kind="imposed")]}
    every = list(
        workforce_balances(records(bookings, people), AGREEMENT, Calendar(), periods=[YEAR])
    )
    assert [(r.employee, r.pool) for r in every] == [
        ("ana", "default"),
        ("bob", "default"),
        ("bob", "imposed"),
    ]
    report = team_report_from_records(
        records(bookings, people), TEAM, WEEK, agreement=AGREEMENT, calendar=Calendar()
    )
    (section,) = report.teams
    assert [(b.employee, b.taken, b.remaining) for b in section.balances] == [
        ("ana", 0, 100),
        ("bob", 1, 99),
    ]
    assert {b.label: b.count for b in section.distribution}["0%"] == 1
