"""Absences: the record, the ledger (cancels overlapping bookings, refuses telework on absent
half-days), the on-site minimums and team coverage."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from teleaccord import (
    Absence,
    AbsenceKind,
    AbsenceRecord,
    Agreement,
    Calendar,
    Contract,
    CoverageRule,
    DateRange,
    HalfDay,
    InvalidValue,
    OnSiteMinimum,
    OperationRefused,
    Quota,
    QuotaLedger,
    TeamCoverage,
    TeamMember,
    absent_masks,
    long_absence_days,
    year_range,
)
from teleaccord.io.jsonl import ledger_from_jsonl, ledger_to_jsonl

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2024, 1, 2, 9, tzinfo=PARIS)
CAL = Calendar()
HALF_DAYS = Agreement(
    name="half-days", quotas=[Quota(window="period", maximum=100)], granularity="half-day"
)
MONDAY = date(2024, 6, 3)  # a week with no holiday


def ledger(agreement: Agreement = HALF_DAYS, employee: str = "E1") -> QuotaLedger:
    contract = Contract.from_amendments(employee=employee, hired=date(2020, 1, 1))
    book = QuotaLedger(agreement=agreement, contract=contract, calendar=CAL)
    book.grant(year_range(2024), at=AT, by="hr")
    return book


def leave(
    first: date, last: date | None = None, *, kind: str = "paid_leave", employee: str = "E1", **kw
) -> Absence:
    return Absence(
        absence_id=f"{employee}-{kind}-{first}",
        employee=employee,
        days=DateRange(first, last or first),
        kind=kind,
        **kw,
    )


# -- the record --------------------------------------------------------------------------------


def test_an_absence_covers_its_days_and_half_days() -> None:
    a = leave(MONDAY, MONDAY + timedelta(days=2), start_half="pm", end_half="am")
    assert [a.mask_on(MONDAY + timedelta(days=n)) for n in range(-1, 4)] == [0, 2, 3, 1, 0]
    assert a.amount == 2
    assert a.overlaps(MONDAY, HalfDay.AFTERNOON)
    assert not a.overlaps(MONDAY, HalfDay.MORNING)
    assert a.overlaps(MONDAY, None)


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"start_half": "am"}, "invalid_absence_half"),
        ({"end_half": "pm"}, "invalid_absence_half"),
        ({"start_half": "pm", "end_half": "am"}, "invalid_absence_half"),
        ({"kind": "paid leave!"}, "invalid_absence_kind"),
    ],
)
def test_an_absence_that_makes_no_sense_is_refused(kw: dict[str, str], code: str) -> None:
    fields = {"absence_id": "A", "employee": "E1", "days": DateRange.single(MONDAY)}
    fields.setdefault("kind", "rtt")
    with pytest.raises(InvalidValue) as info:
        Absence(**{**fields, **kw})
    assert info.value.code == code


def test_the_agreement_overrides_and_adds_absence_kinds() -> None:
    agreement = Agreement(
        name="x",
        absence_kinds=[
            AbsenceKind(name="training", on_site=False, coverage=True),
            AbsenceKind(name="union_duty", on_site=True),
        ],
    )
    assert agreement.absence_kind("training") == AbsenceKind(name="training", coverage=True)
    assert agreement.absence_kind("union_duty").on_site
    assert agreement.absence_kind("sickness").reduces_presence
    with pytest.raises(InvalidValue) as info:
        agreement.absence_kind("strike")
    assert info.value.code == "unknown_absence_kind"


def test_absent_masks_leave_out_the_kinds_counting_as_on_site() -> None:
    absences = [
        leave(MONDAY, kind="training"),
        leave(MONDAY + timedelta(days=1), kind="paid_leave", start_half="pm"),
    ]
    tuesday = MONDAY + timedelta(days=1)
    assert absent_masks(absences) == {MONDAY: 3, tuesday: 2}
    assert absent_masks(absences, counting="on_site") == {tuesday: 2}
    assert absent_masks(absences, counting="coverage") == {MONDAY: 3, tuesday: 2}


def test_long_absences_are_runs_longer_than_the_limit_of_kinds_reducing_presence() -> None:
    year = year_range(2024)
    # 10 + 25 consecutive days of sickness (adjacent records make one run of 35 days)
    first = leave(date(2024, 2, 1), date(2024, 2, 10), kind="sickness")
    second = attrs.evolve(
        first, absence_id="S2", days=DateRange(date(2024, 2, 11), date(2024, 3, 6))
    )
    holiday = leave(date(2024, 8, 1), date(2024, 8, 31), kind="paid_leave")
    days = long_absence_days([first, second, holiday], year, longer_than=30)
    assert len(days) == 35
    assert min(days) == date(2024, 2, 1)
    assert max(days) == date(2024, 3, 6)
    assert long_absence_days([first, second], year, longer_than=35) == frozenset()
    assert long_absence_days([first, second], year, longer_than=None) == frozenset()


# -- the ledger --------------------------------------------------------------------------------


def test_recording_an_absence_cancels_the_bookings_it_overlaps_to_the_half_day() -> None:
    book = ledger()
    morning = book.book(MONDAY, half="am", at=AT, by="E1")
    afternoon = book.book(MONDAY, half="pm", at=AT, by="E1")
    tuesday = book.book(MONDAY + timedelta(days=1), at=AT, by="E1")
    friday = book.book(MONDAY + timedelta(days=4), at=AT, by="E1")
    before = book.balance(year_range(2024)).remaining
    absence = leave(MONDAY, MONDAY + timedelta(days=1), start_half="pm")
    record = book.record_absence(absence, at=AT, by="hr")
    assert isinstance(record, AbsenceRecord)
    assert record.entry_id == absence.absence_id
    assert book.active_bookings() == (morning, friday)
    cancelled = [e for e in book.entries if e.kind == "cancellation"]
    assert {c.booking_id for c in cancelled} == {afternoon.entry_id, tuesday.entry_id}
    assert {c.reason for c in cancelled} == {"absence"}
    assert book.balance(year_range(2024)).remaining == before + Fraction(3, 2)
    assert book.absences == (absence,)


def test_recording_the_same_absence_twice_changes_nothing() -> None:
    book = ledger()
    absence = leave(MONDAY)
    first = book.record_absence(absence, at=AT, by="hr")
    version = book.version
    assert book.record_absence(absence, at=AT + timedelta(hours=1), by="hr") == first
    assert book.version == version
    with pytest.raises(InvalidValue) as info:
        book.record_absence(attrs.evolve(absence, kind="rtt"), at=AT, by="hr")
    assert info.value.code == "entry_id_reused"
    with pytest.raises(InvalidValue) as info:
        book.record_absence(attrs.evolve(absence, employee="E2"), at=AT, by="hr")
    assert info.value.code == "wrong_employee"
    assert book.version == version


def test_telework_on_an_absent_half_day_is_refused_with_the_numbers() -> None:
    book = ledger()
    book.record_absence(leave(MONDAY, start_half="pm", kind="rtt"), at=AT, by="hr")
    with pytest.raises(OperationRefused) as info:
        book.book(MONDAY, at=AT, by="E1")
    (violation,) = info.value.violations
    assert violation.code == "absent"
    assert dict(violation.params) == {
        "absence_id": f"E1-rtt-{MONDAY}",
        "kind": "rtt",
        "absent_half": "pm",
        "amount": Fraction(1),
    }
    assert [v.code for v in book.check(MONDAY, half="pm")] == ["absent"]
    assert book.check(MONDAY, half="am") == ()  # the morning is worked
    with pytest.raises(InvalidValue):
        book.book(MONDAY, half="pm", at=AT, by="hr", ignore=["absent"])


def test_absences_survive_the_ledger_file_and_replay_refuses_telework_on_them() -> None:
    book = ledger()
    book.book(MONDAY, at=AT, by="E1")
    book.record_absence(leave(MONDAY, MONDAY + timedelta(days=2)), at=AT, by="hr")
    text = ledger_to_jsonl(book)
    again = ledger_from_jsonl(text, agreement=HALF_DAYS, contract=book.contract, calendar=CAL)
    assert again.entries == book.entries
    assert again.absences == book.absences
    assert again.balances() == book.balances()
    from teleaccord import Booking

    with pytest.raises(InvalidValue) as info:
        again.replay(Booking(entry_id="late", day=MONDAY, recorded_at=AT, by="E1"))
    assert info.value.code == "inconsistent_entries"


# -- on-site minimums ----------------------------------------------------------------------------


def test_leave_leaves_the_on_site_minimum_base_and_training_counts_as_on_site() -> None:
    # At least 60 % of the days worked in a week on site: 5 days worked -> 3 on site.
    agreement = attrs.evolve(HALF_DAYS, on_site=[OnSiteMinimum(window="week", share="60 %")])
    plain = ledger(agreement)
    plain.book(MONDAY, at=AT, by="E1")
    plain.book(MONDAY + timedelta(days=1), at=AT, by="E1")
    assert [v.code for v in plain.check(MONDAY + timedelta(days=2))] == ["on_site_minimum"]
    # Two days of leave: 3 days worked, 60 % of 3 = 1.8 on site; one day of telework leaves 2.
    on_leave = ledger(agreement)
    on_leave.record_absence(
        leave(MONDAY + timedelta(days=3), MONDAY + timedelta(days=4)), at=AT, by="hr"
    )
    on_leave.book(MONDAY, at=AT, by="E1")
    (v,) = on_leave.check(MONDAY + timedelta(days=1))
    assert v.code == "on_site_minimum"
    assert (dict(v.params)["worked"], dict(v.params)["required"], dict(v.params)["on_site"]) == (
        3,
        Fraction(9, 5),
        1,
    )
    # Two days of training count as on site: 5 days in the base, 3 required, 3 left.
    training = ledger(agreement)
    training.record_absence(
        leave(MONDAY + timedelta(days=3), MONDAY + timedelta(days=4), kind="training"),
        at=AT,
        by="hr",
    )
    training.book(MONDAY, at=AT, by="E1")
    assert training.check(MONDAY + timedelta(days=1)) == ()


# -- coverage --------------------------------------------------------------------------------------


def team_of(size: int, rule: CoverageRule, agreement: Agreement = HALF_DAYS):
    ledgers = {f"P{n:02d}": ledger(agreement, f"P{n:02d}") for n in range(size)}
    members = [TeamMember(contract=book.contract) for book in ledgers.values()]
    return TeamCoverage(team="desk", members=members, rules=[rule], calendar=CAL), ledgers


def test_two_on_leave_in_ten_with_five_on_site_leave_three_telework_days() -> None:
    team, ledgers = team_of(10, CoverageRule(minimum=5))
    day = MONDAY + timedelta(days=1)
    for employee in ("P00", "P01"):
        ledgers[employee].record_absence(leave(day, employee=employee), at=AT, by="hr")
    approved = []
    for employee in sorted(ledgers)[2:]:
        if team.check_request(employee, [day], None, ledgers):
            continue
        ledgers[employee].book(day, at=AT, by=employee)
        approved.append(employee)
    assert len(approved) == 3
    plan = team.plan(DateRange.single(day), ledgers)
    (half, _) = plan.days[0].halves
    assert half.absent == ("P00", "P01")
    assert len(half.on_site) == 5
    assert len(half.teleworking) == 3
    assert "absent: P00, P01" in plan.describe()


def test_a_share_counts_the_people_scheduled_and_not_absent() -> None:
    # 50 % on site of 6 people, 2 absent: 4 working, 2 must stay, so 2 may telework.
    team, ledgers = team_of(6, CoverageRule(share="1/2"))
    for employee in ("P00", "P01"):
        ledgers[employee].record_absence(leave(MONDAY, employee=employee), at=AT, by="hr")
    ledgers["P02"].book(MONDAY, at=AT, by="P02")
    ledgers["P03"].book(MONDAY, at=AT, by="P03")
    (v, *_) = team.check_request("P04", [MONDAY], None, ledgers)
    assert (dict(v.params)["working"], dict(v.params)["on_site"], dict(v.params)["required"]) == (
        4,
        1,
        2,
    )


def test_an_absence_kind_counting_as_on_site_for_coverage_keeps_the_person_on_site() -> None:
    agreement = attrs.evolve(
        HALF_DAYS, absence_kinds=[AbsenceKind(name="training", on_site=True, coverage=True)]
    )
    team, ledgers = team_of(3, CoverageRule(minimum=2), agreement)
    ledgers["P00"].record_absence(leave(MONDAY, kind="training", employee="P00"), at=AT, by="hr")
    assert team.check_request("P01", [MONDAY], None, ledgers) == ()
    ledgers["P01"].book(MONDAY, at=AT, by="P01")
    assert [v.code for v in team.check_request("P02", [MONDAY], None, ledgers)] == [
        "coverage_below_minimum"
    ]


# -- stateful: absences, bookings and coverage --------------------------------------------------

WEEK = [MONDAY + timedelta(days=n) for n in range(5)]
HALVES = [None, HalfDay.MORNING, HalfDay.AFTERNOON]


class AbsencesAndBookings(RuleBasedStateMachine):
    """Bookings, cancellations and absences of three people in one week, against a model of
    sets of (person, day, half-day)."""

    @initialize()
    def start(self) -> None:
        self.team, self.ledgers = team_of(3, CoverageRule(minimum=1))
        self.absent: set[tuple[str, date, int]] = set()  # (person, day, mask bit)
        self.count = 0

    people = st.sampled_from(["P00", "P01", "P02"])

    @rule(person=people, day=st.sampled_from(WEEK), half=st.sampled_from(HALVES))
    def book(self, person: str, day: date, half: HalfDay | None) -> None:
        book = self.ledgers[person]
        bits = {1, 2} if half is None else {half.mask}
        clash = any((person, day, b) in self.absent for b in bits)
        try:
            book.book(day, half=half, at=AT, by=person)
        except OperationRefused as exc:
            codes = {v.code for v in exc.violations}
            note(f"refused {person} {day} {half}: {sorted(codes)}")
            assert clash == ("absent" in codes)
            return
        assert not clash

    @rule(
        person=people,
        first=st.sampled_from(WEEK),
        length=st.integers(0, 2),
        start_pm=st.booleans(),
        kind=st.sampled_from(["paid_leave", "training", "sickness"]),
    )
    def absence(self, person: str, first: date, length: int, start_pm: bool, kind: str) -> None:
        self.count += 1
        absence = Absence(
            absence_id=f"A{self.count}",
            employee=person,
            days=DateRange(first, first + timedelta(days=length)),
            kind=kind,
            start_half="pm" if start_pm else None,
        )
        self.ledgers[person].record_absence(absence, at=AT, by="hr")
        for day in absence.days:
            mask = absence.mask_on(day)
            self.absent.update((person, day, b) for b in (1, 2) if mask & b)

    @precondition(lambda self: any(b.active_bookings() for b in self.ledgers.values()))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        active = sorted(
            (b.entry_id, person)
            for person, book in self.ledgers.items()
            for b in book.active_bookings()
        )
        booking_id, person = data.draw(st.sampled_from(active))
        self.ledgers[person].cancel(booking_id, at=AT, by=person)

    @invariant()
    def a_day_is_never_both_absent_and_telework(self) -> None:
        for person, book in self.ledgers.items():
            for b in book.active_bookings():
                bits = {1, 2} if b.half is None else {b.half.mask}
                assert not any((person, b.day, bit) in self.absent for bit in bits)

    @invariant()
    def coverage_never_counts_an_absent_person(self) -> None:
        plan = self.team.plan(DateRange(WEEK[0], WEEK[-1]), self.ledgers)
        for day in plan.days:
            for half in day.halves:
                for person in half.on_site + half.teleworking:
                    assert (person, day.day, half.half.mask) not in self.absent
                assert set(half.absent) == {
                    p for p in self.ledgers if (p, day.day, half.half.mask) in self.absent
                }


TestAbsencesAndBookings = AbsencesAndBookings.TestCase


# -- files and the workforce job -------------------------------------------------------------------


def test_the_absences_file_reads_french_headers_and_half_days() -> None:
    import io

    from teleaccord import read_absences

    text = (
        "Matricule;Du;Au;Type;Demi-journée;Fin demi-journée;Identifiant\n"
        "E1;2024-06-03;;rtt;pm;;\n"
        "E1;2024-06-10;2024-06-14;paid_leave;;am;ABS-1\n"
        "E2;2024-06-10;2024-06-14;paid_leave;am;;\n"
        "E2;2024-06-10;2024-06-14;training;;pm;\n"
    )
    problems: list = []
    rows = list(read_absences(io.StringIO(text), name="a.csv", on_problem=problems.append))
    first, second = (r.absence for r in rows)
    assert (first.days, first.start_half, first.end_half) == (
        DateRange.single(MONDAY),
        HalfDay.AFTERNOON,
        None,
    )
    assert first.absence_id == "E1:rtt:2024-06-03..2024-06-03:pm"
    assert (second.absence_id, second.end_half, second.amount) == (
        "ABS-1",
        HalfDay.MORNING,
        Fraction(9, 2),
    )
    assert [(p.path, p.code) for p in problems] == [
        ("a.csv:4:Demi-journée", "invalid_absence_half"),
        ("a.csv:5:Fin demi-journée", "invalid_absence_half"),
    ]


def test_the_workforce_job_counts_bookings_on_absent_days_as_cancelled_like_the_ledger() -> None:
    import io

    from teleaccord import load_sample_agreement, read_workforce, workforce_balances

    agreement = load_sample_agreement("assistance-100-days")
    contracts = "employee,hired\nE1,2020-01-06\nE2,2020-01-06\n"
    bookings = (
        "employee,date,half,id\n"
        "E1,2024-06-03,,B1\nE1,2024-06-04,,B2\nE1,2024-06-06,am,B3\nE1,2024-06-06,pm,B4\n"
        "E2,2024-06-03,,B5\n"
    )
    absences = "employee,start,end,kind,start_half\nE1,2024-06-04,2024-06-06,paid_leave,pm\nE3,2024-06-04,,rtt,\n"
    problems: list = []
    rows = list(
        workforce_balances(
            read_workforce(
                io.StringIO(contracts),
                io.StringIO(bookings),
                absences=io.StringIO(absences),
                names=("c.csv", "b.csv", None, "a.csv"),
                on_problem=problems.append,
            ),
            agreement,
            CAL,
            periods=[year_range(2024)],
            on_problem=problems.append,
        )
    )
    e1, e2 = rows
    # Absent from 4 June noon to 6 June: B2 (4 June, whole day), B3 and B4 (6 June) are
    # cancelled; B1 (3 June) stays.
    assert (e1.booked, e1.cancelled, e1.taken) == (Fraction(3), Fraction(2), Fraction(1))
    assert (e2.booked, e2.cancelled) == (Fraction(1), Fraction(0))
    assert [p.code for p in problems] == ["unknown_employee"]
    assert problems[0].path.startswith("a.csv:3")
    # The ledger, fed the same facts, agrees.
    book = QuotaLedger(
        agreement=agreement,
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 6)),
        calendar=CAL,
    )
    book.grant(year_range(2024), at=AT, by="hr")
    for day, half, ident in [
        (MONDAY, None, "B1"),
        (MONDAY + timedelta(days=1), None, "B2"),
        (MONDAY + timedelta(days=3), "am", "B3"),
        (MONDAY + timedelta(days=3), "pm", "B4"),
    ]:
        book.book(day, half=half, at=AT, by="E1", entry_id=ident)
    book.record_absence(
        leave(MONDAY + timedelta(days=1), MONDAY + timedelta(days=3), start_half="pm"),
        at=AT,
        by="hr",
    )
    balance = book.balance(year_range(2024))
    assert (balance.booked, balance.cancelled, balance.remaining) == (
        e1.booked,
        e1.cancelled,
        e1.remaining,
    )


def test_the_balances_command_reads_an_absences_file(tmp_path) -> None:
    import contextlib
    import io

    from teleaccord.cli import main

    (tmp_path / "c.csv").write_text("employee,hired\nE1,2020-01-06\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(
        "employee,date\nE1,2024-06-03\nE1,2024-06-04\n", encoding="utf-8"
    )
    (tmp_path / "a.csv").write_text(
        "employee,start,kind\nE1,2024-06-04,sickness\n", encoding="utf-8"
    )
    out = io.StringIO()
    args = ["balances", "--agreement", "assistance-100-days", "--year", "2024", "--format", "csv"]
    files = ["--contracts", "c.csv", "--bookings", "b.csv", "--absences", "a.csv"]
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        assert main([*args, *[str(tmp_path / f) if f.endswith(".csv") else f for f in files]]) == 0
    header, row = out.getvalue().splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert (values["booked"], values["cancelled"], values["remaining"]) == ("2.00", "1.00", "99.00")


def test_long_absences_reduce_the_entitlement_only_when_the_agreement_says_so() -> None:
    import io

    from teleaccord import read_workforce, workforce_balances

    sick = Absence(
        absence_id="S1",
        employee="E1",
        kind="sickness",
        days=DateRange(date(2024, 3, 1), date(2024, 4, 30)),  # 61 days
    )
    off = Agreement(name="100", quotas=[Quota(window="period", maximum=100)])
    on = attrs.evolve(off, long_absence_days=30)
    for agreement, expected in ((off, Fraction(100)), (on, Fraction(100 * 305, 366))):
        book = QuotaLedger(
            agreement=agreement,
            contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
            calendar=CAL,
        )
        book.record_absence(sick, at=AT, by="hr")
        grant = book.grant(year_range(2024), at=AT, by="hr")
        assert grant.exact == expected
        rows = list(
            workforce_balances(
                read_workforce(
                    io.StringIO("employee,hired\nE1,2020-01-01\n"),
                    absences=io.StringIO(
                        "employee,start,end,kind\nE1,2024-03-01,2024-04-30,sickness\n"
                    ),
                ),
                agreement,
                CAL,
                periods=[year_range(2024)],
            )
        )
        assert rows[0].entitlement_exact == expected
    # Paid leave never reduces presence, however long.
    holiday = attrs.evolve(sick, kind="paid_leave")
    book = QuotaLedger(
        agreement=on,
        contract=Contract.from_amendments(employee="E1", hired=date(2020, 1, 1)),
        calendar=CAL,
    )
    book.record_absence(holiday, at=AT, by="hr")
    assert book.grant(year_range(2024), at=AT, by="hr").exact == 100
    assert "Long absences" not in book.entry("E1:grant:2024").explanation


def test_validate_recognises_an_absences_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from teleaccord.cli import main

    good = tmp_path / "absences.csv"
    good.write_text(
        "employee,start,end,kind,half\nE1,2025-03-03,2025-03-07,paid_leave,\n"
        "E2,2025-03-04,,training,am\n",
        encoding="utf-8",
    )
    assert main(["validate", str(good), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert (report["kind"], report["valid"], report["holds"]) == ("absences", True, "2 absences")
    bad = tmp_path / "export.txt"
    bad.write_text(
        "employee,start,end,kind\nE1,2025-03-07,2025-03-03,paid_leave\nE2,someday,,rtt\n",
        encoding="utf-8",
    )
    assert main(["validate", str(bad), "--kind", "absences", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["kind"] == "absences"
    assert [p["path"].rsplit(":", 2)[-2] for p in report["problems"]] == ["2", "3"]
