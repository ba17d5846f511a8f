"""The minimums report: weeks under the on-site minimum or a telework minimum, per employee
and team, and the ``teleaccord minimums`` command."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from teleaccord import (
    Absence,
    Agreement,
    Calendar,
    Contract,
    DateRange,
    OnSiteMinimum,
    Quota,
    QuotaLedger,
    minimums_report,
)
from teleaccord.cli import main
from teleaccord.io.convert import from_data, to_data

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2024, 1, 2, 9, tzinfo=PARIS)
AGREEMENT = Agreement(
    name="3 days on site, at least 1 of telework a week",
    quotas=[Quota(window="period", maximum=100), Quota(window="week", minimum=1, maximum=2)],
    on_site=[OnSiteMinimum(window="week", days=3)],
)
W23 = date(2024, 6, 3)  # Monday of ISO week 23, no holiday in weeks 23 to 26
JUNE = DateRange(W23, date(2024, 6, 30))


def ledger(employee: str, team: str) -> QuotaLedger:
    contract = Contract.from_amendments(employee=employee, hired=date(2020, 1, 1), team=team)
    book = QuotaLedger(agreement=AGREEMENT, contract=contract, calendar=Calendar())
    book.grant(book.period_of(W23), at=AT, by="hr")
    return book


def test_weeks_under_a_minimum_are_reported_with_their_figures() -> None:
    ana = ledger("ana", "claims")
    for n in range(3):  # imposed days pass the on-site check, and leave 2 days on site
        ana.book(W23 + timedelta(days=n), at=AT, by="hr", telework_kind="imposed")
    ana.book(W23 + timedelta(days=15), at=AT, by="ana")  # week 25: one day, fine
    ana.record_absence(
        Absence(
            absence_id="L1",
            employee="ana",
            kind="paid_leave",
            days=DateRange(W23 + timedelta(days=21), W23 + timedelta(days=25)),
        ),
        at=AT,
        by="hr",
    )
    bob = ledger("bob", "claims")
    bob.book(W23 + timedelta(days=1), at=AT, by="bob")
    report = minimums_report([ana, bob], JUNE)
    found = [
        (s.employee, s.label, s.minimum, s.worked, s.actual, s.required) for s in report.shortfalls
    ]
    assert found == [
        # ana, week 23: 5 worked, 3 imposed days: 2 on site of 3 required
        ("ana", "2024-W23", "on_site", 5, 2, 3),
        # ana, week 23: the imposed days count as telework for the telework minimum
        # ana, week 24: no telework at all, 1 required
        ("ana", "2024-W24", "telework", 5, 0, 1),
        # week 26: on leave all week, nothing required
        ("bob", "2024-W24", "telework", 5, 0, 1),
        ("bob", "2024-W25", "telework", 5, 0, 1),
        ("bob", "2024-W26", "telework", 5, 0, 1),
    ]
    assert report.shortfalls[0].missing == 1
    assert report.by_team() == {"claims": {"on_site": 1, "telework": 4, "employees": 2}}
    assert [len(v) for v in report.by_employee().values()] == [2, 3]
    assert "ana, 2024-W23" in report.describe()
    assert from_data(to_data(report)) == report


def test_a_minimum_is_never_a_booking_refusal() -> None:
    book = ledger("ana", "claims")
    assert book.check(W23) == ()  # no telework yet this week: booking is not required


def test_the_minimums_command_reads_the_files(tmp_path: Path) -> None:
    (tmp_path / "accord.toml").write_text(
        'name = "x"\n'
        '[[quotas]]\nwindow = "period"\nmaximum = 100\n'
        '[[quotas]]\nwindow = "week"\nminimum = 1\nmaximum = 2\n'
        '[[on_site]]\nwindow = "week"\ndays = 3\n',
        encoding="utf-8",
    )
    (tmp_path / "c.csv").write_text(
        "employee,hired,team\nana,2020-01-01,claims\nbob,2020-01-01,desk\n", encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text(
        "employee,date,id\nana,2024-06-04,B1\nana,2024-06-11,B2\nbob,2024-06-04,B3\nbob,2024-06-12,B4\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_text(
        "employee,start,end,kind\nbob,2024-06-12,2024-06-12,rtt\n", encoding="utf-8"
    )
    base = [
        "minimums",
        "--agreement", str(tmp_path / "accord.toml"),
        "--contracts", str(tmp_path / "c.csv"),
        "--bookings", str(tmp_path / "b.csv"),
        "--absences", str(tmp_path / "a.csv"),
        "--from", "2024-06-03",
        "--to", "2024-06-16",
    ]  # fmt: skip
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main([*base, "--format", "csv"]) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].split(",")[:5] == ["employee", "team", "minimum", "pool", "window"]
    # bob's booking of 12 June was cancelled by his RTT day: week 24 has no telework.
    assert [line.split(",")[:5] for line in lines[1:]] == [
        ["bob", "desk", "telework", "default", "2024-W24"]
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main([*base, "--format", "json", "--team", "claims"]) == 0
    data = json.loads(out.getvalue())
    assert data["shortfalls"] == []
    assert data["employees"] == ["ana", "bob"]
    assert data["by_team"] == {}


def test_under_a_history_each_window_follows_the_version_in_force_on_its_last_day() -> None:
    from teleaccord import AgreementHistory, AgreementVersion, year_range

    # At least 1 telework day a week until 30 June 2024 (a Sunday), at least 2 from 1 July;
    # the employee teleworks 1 day a week (every Tuesday that is a working day).
    first = Agreement(name="v1", quotas=[Quota(window="week", minimum=1)])
    second = Agreement(name="v2", quotas=[Quota(window="week", minimum=2)])
    history = AgreementHistory(
        name="accord",
        versions=[
            AgreementVersion(agreement=first, start=date(2024, 1, 1)),
            AgreementVersion(agreement=second, start=date(2024, 7, 1)),
        ],
    )
    contract = Contract.from_amendments(employee="E1", hired=date(2020, 1, 1))
    book = QuotaLedger(agreement=history, contract=contract, calendar=Calendar())
    day = date(2024, 1, 2)
    while day.year == 2024:
        book.book(day, at=AT, by="E1")
        day += timedelta(days=7)
    report = minimums_report([book], year_range(2024))
    # Weeks 1 to 26 end by 30 June: 1 day a week meets v1's minimum. Weeks 27 to 52 end in
    # July to December (52 ends on 29 December), and week 1 of 2025 (30 December to 5 January)
    # ends after the last version starts: 27 weeks of v2, each 1 day short of 2.
    assert report.windows == 26 + 27
    assert [s.label for s in report.shortfalls][:2] == ["2024-W27", "2024-W28"]
    assert len(report.shortfalls) == 27
    assert {(s.actual, s.required) for s in report.shortfalls} == {(1, 2)}
