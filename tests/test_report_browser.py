"""The sample workforce's team report, opened in a real browser (Debian's headless Chromium).

The report is rendered, opened with ``chromium --headless --no-sandbox --dump-dom`` (the DOM as
the browser built it), and checked against the library's numbers computed here by another
path: every member of every team and every day are present, the highlighted days are the ones
:meth:`TeamCoverage.plan` reports on ledgers built in this test, and the balances are those of
:func:`workforce_balances`. A screenshot goes to ``$TELEACCORD_ARTEFACTS`` (default
``build/artefacts/``), a build artefact, never committed.

Skipped with a reason when jinja2 or ``chromium`` is missing, except under
``TELEACCORD_REQUIRE_BROWSER=1`` (CI sets it once it has installed Chromium): it fails then.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from browser import artefacts, chromium, find_chromium, unavailable
from teleaccord import (
    Booking,
    DateRange,
    QuotaLedger,
    format_amount,
    render_report,
    team_report_from_records,
    workforce_balances,
)
from teleaccord.io.csv import sample_workforce
from teleaccord.io.teams_file import sample_teams
from teleaccord.workforce import CANCELLED

ROOT = Path(__file__).resolve().parent.parent
MARCH = DateRange(date(2025, 3, 1), date(2025, 3, 31))


def browser() -> str:
    try:
        import jinja2  # noqa: F401
    except ImportError:
        unavailable("the HTML report needs the report extra (pip install 'teleaccord[report]')")
    return find_chromium()


class Dom(HTMLParser):
    """The dumped DOM: each element with its attributes, and which team's section it is in."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], str | None]] = []
        self.team: str | None = None
        self.svg = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "section":
            self.team = found.get("data-team")
        if tag == "svg":
            self.svg += 1
        self.elements.append((tag, found, self.team))

    def find(self, tag: str, team: str, attribute: str) -> list[dict[str, str]]:
        return [a for t, a, s in self.elements if t == tag and s == team and attribute in a]


def ledgers_by_hand(records: list[Any], agreement: Any, calendar: Any) -> dict[str, QuotaLedger]:
    """Each employee's active bookings replayed into a ledger: the ledgers coverage reads."""
    at = datetime(2025, 1, 1, tzinfo=timezone.utc)
    found = {}
    for r in records:
        active: dict[object, Any] = {}
        for row in r.bookings.rows(r.employee):
            key = row.booking_id or (row.day, row.half)
            if row.status == CANCELLED:
                active.pop(key, None)
            else:
                active[key] = row
        ledger = QuotaLedger(agreement=agreement, contract=r.contract.contract, calendar=calendar)
        for n, row in enumerate(active.values()):
            ledger.replay(
                Booking(entry_id=f"b{n}", day=row.day, half=row.half, recorded_at=at, by="hr")
            )
        found[r.employee] = ledger
    return found


def test_the_sample_report_in_headless_chromium(tmp_path: Path) -> None:
    exe = browser()
    sample = sample_workforce()
    agreement, calendar, teams = sample.agreement(), sample.calendar(), sample_teams()
    records = [r for r in sample.records() if r.contract is not None]
    report = team_report_from_records(records, teams, MARCH, agreement=agreement, calendar=calendar)
    page = tmp_path / "report.html"
    page.write_text(render_report(report), encoding="utf-8")

    dumped = chromium(exe, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = Dom(dumped.stdout)
    assert dom.svg >= 4 * len(teams.teams), "the charts are in the DOM the browser built"

    contracts = [r.contract.contract for r in records]
    ledgers = ledgers_by_hand(records, agreement, calendar)
    balances = {
        b.employee: b
        for b in workforce_balances(
            records, agreement, calendar, periods=[DateRange(date(2025, 1, 1), date(2025, 12, 31))]
        )
    }
    days = [d.isoformat() for d in MARCH]
    for spec in teams.teams:
        coverage = spec.coverage(contracts, MARCH, calendar)
        members = [m.employee for m in coverage.members]
        rows = [a["data-employee"] for a in dom.find("tr", spec.name, "data-employee")]
        # Every member, in the calendar and in the balances table.
        assert rows == members + members, spec.name
        assert [a["data-day"] for a in dom.find("th", spec.name, "data-day")] == days
        highlighted = [a["data-day"] for a in dom.find("th", spec.name, "data-risk")]
        expected = [d.isoformat() for d in coverage.plan(MARCH, ledgers).days_at_risk]
        assert highlighted == expected, spec.name
        assert expected, f"{spec.name}: the sample's rules leave days at risk in March"
        shown = {
            (a["data-field"], a["data-exact"]) for a in dom.find("td", spec.name, "data-field")
        }
        for employee in members:
            b = balances[employee]
            assert ("entitlement", format_amount(b.entitlement)) in shown
            assert ("taken", format_amount(b.taken)) in shown
            assert ("remaining", format_amount(b.remaining)) in shown

    picture = artefacts() / "team-report-sample.png"
    picture.unlink(missing_ok=True)
    shot = chromium(
        exe,
        tmp_path / "profile",
        f"--screenshot={picture}",
        "--window-size=1400,2400",
        page.as_uri(),
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a picture of the page, not a blank one


def test_telework_by_kind_in_headless_chromium(tmp_path: Path) -> None:
    """Each telework cell shows its kind (regular, occasional, imposed, medical) by a mark and a
    pattern, in the legend too, and the per-kind days add up as counted here by hand."""
    from teleaccord import Calendar, Contract, Teams, TeamSpec, load_sample_agreement, team_report

    exe = browser()
    week = DateRange(date(2025, 6, 2), date(2025, 6, 6))  # Monday to Friday, no holiday
    agreement = load_sample_agreement("assistance-100-days")
    calendar = Calendar()
    at = datetime(2025, 5, 1, tzinfo=timezone.utc)
    booked = {  # (employee, day, half, kind)
        "ana": [
            (date(2025, 6, 2), None, "regular"),
            (date(2025, 6, 3), None, "occasional"),
            (date(2025, 6, 4), "am", "imposed"),
        ],
        "bob": [(date(2025, 6, 5), None, "medical"), (date(2025, 6, 6), "pm", "imposed")],
    }
    contracts = [
        Contract.from_amendments(employee=e, hired=date(2020, 1, 1), team="support")
        for e in ("ana", "bob")
    ]
    ledgers = {}
    for contract in contracts:
        ledger = QuotaLedger(agreement=agreement, contract=contract, calendar=calendar)
        for n, (day, half, kind) in enumerate(booked[contract.employee]):
            ledger.replay(
                Booking(
                    entry_id=f"b{n}",
                    day=day,
                    half=half,
                    recorded_at=at,
                    by="hr",
                    telework_kind=kind,
                )
            )
        ledgers[contract.employee] = ledger
    teams = Teams(teams=[TeamSpec(name="support")])
    report = team_report(
        contracts,
        ledgers,
        teams,
        week,
        agreement=agreement,
        calendar=calendar,
        crossborder={"bob": ("FR", "LU")},  # bob lives in France, works for a Luxembourg firm
    )
    for lang in ("en", "fr"):
        page = tmp_path / f"kinds-{lang}.html"
        page.write_text(render_report(report, lang=lang), encoding="utf-8")
        dumped = chromium(exe, tmp_path / "profile", "--dump-dom", page.as_uri())
        assert dumped.returncode == 0, dumped.stderr[-2000:]
        dom = Dom(dumped.stdout)
        cells = [
            (a["title"].split(",")[0], a["data-state"], a["data-kind"], a["class"])
            for a in dom.find("td", "support", "data-kind")
        ]
        # By hand: the five telework cells, each with its kind and its pattern's class.
        assert cells == [
            ("ana", "telework", "regular", "s-telework k-regular"),
            ("ana", "telework", "occasional", "s-telework k-occasional"),
            ("ana", "telework-am", "imposed", "s-telework-am k-imposed"),
            ("bob", "telework", "medical", "s-telework k-medical"),
            ("bob", "telework-pm", "imposed", "s-telework-pm k-imposed"),
        ]
        legend = [a["data-kind"] for t, a, s in dom.elements if t == "li" and "data-kind" in a]
        assert legend == ["occasional", "imposed", "medical"]
        kinds = {a["data-kind"]: a for t, a, s in dom.elements if t == "tr" and "data-kind" in a}
        assert list(kinds) == ["regular", "occasional", "imposed", "medical"]
        exact = [
            a["data-exact"]
            for t, a, s in dom.elements
            if t == "td" and s == "support" and "data-exact" in a
        ]
        # the kinds table, after the two people's totals (ana 2.5, bob 1.5): 1, 1, 1/2 + 1/2, 1
        assert exact[:6] == ["2.5", "1.5", "1", "1", "1", "1"]
        text = dumped.stdout
        assert '<sup class="kind">I</sup>' in text  # the same mark in both languages
        # Cross-border: only bob's counters; by hand, the France-Luxembourg tax tolerance of 34
        # days counts a half-day as a whole day: 1 + 1 = 2 used as of 6 June, 32 left.
        counters = [(t, a) for t, a, s in dom.elements if t == "tr" and "data-threshold" in a]
        assert {a["data-who"] for _, a in counters} == {"bob"}
        assert "fr-lu-tax-34-days" in [a["data-threshold"] for _, a in counters]
        at = next(
            i
            for i, (t, a, s) in enumerate(dom.elements)
            if t == "tr" and a.get("data-threshold") == "fr-lu-tax-34-days"
        )
        figures = {
            a["data-field"]: a["data-exact"]
            for t, a, s in dom.elements[at + 1 : at + 8]
            if t == "td" and "data-field" in a
        }
        assert figures == {"limit": "34", "used": "2", "projected": "2", "left": "32"}
        threshold = "Threshold 100%" if lang == "en" else "Seuil 100%"
        assert f">{threshold}</text>" in text  # the threshold drawn on the chart
        assert ("imposed (exceptional)" if lang == "en" else "imposé (exceptionnel)") in text

    picture = artefacts() / "team-report-kinds.png"
    picture.unlink(missing_ok=True)
    shot = chromium(
        exe,
        tmp_path / "profile",
        f"--screenshot={picture}",
        "--window-size=900,900",
        (tmp_path / "kinds-en.html").as_uri(),
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
