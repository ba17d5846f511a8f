"""Cross-border counters: the published thresholds, worked examples, loading, and the laws."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from teleaccord import (
    BOOKING_RULES,
    Agreement,
    BookingContext,
    Calendar,
    Contract,
    CrossBorderReport,
    DateRange,
    FigureStatus,
    InvalidValue,
    LoadError,
    OperationRefused,
    QuotaLedger,
    Threshold,
    ThresholdDomain,
    ThresholdKind,
    ThresholdTable,
    WorkPattern,
    check_booking,
    crossborder_booking_rule,
    crossborder_report,
    crossborder_rule,
    year_range,
)

LU = Calendar(country="LU")
CH = Calendar(country="CH")
DE = Calendar(country="DE")
FULL_TIME = Contract.from_amendments(employee="E1", hired=date(2015, 1, 1))
PART_TIME = Contract.from_amendments(
    employee="E2", hired=date(2015, 1, 1), fraction="80 %", pattern=WorkPattern.parse("Mo Tu Th Fr")
)


def working_days(contract: Contract, calendar: Calendar, year: int) -> list[date]:
    return [d for d in year_range(year) if contract.is_working_day(d, calendar)]


def whole(days: list[date]) -> list[tuple[date, Fraction]]:
    return [(d, Fraction(1)) for d in days]


# -- the published thresholds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold_id", "kind", "limit", "inclusive", "valid_from", "domain"),
    [
        ("fr-lu-tax-34-days", "days", Fraction(34), True, date(2023, 1, 1), "tax"),
        ("fr-be-frontier-30-days", "days", Fraction(30), True, None, "tax"),
        ("fr-de-frontier-45-days", "days", Fraction(45), True, None, "tax"),
        ("fr-ch-tax-40-percent", "share", Fraction(2, 5), True, date(2023, 1, 1), "tax"),
        (
            "eu-framework-50-percent",
            "share",
            Fraction(1, 2),
            False,
            date(2023, 7, 1),
            "social-security",
        ),
        ("eu-883-2004-25-percent", "share", Fraction(1, 4), False, None, "social-security"),
    ],
)
def test_default_table_holds_the_published_thresholds(
    threshold_id: str,
    kind: str,
    limit: Fraction,
    inclusive: bool,
    valid_from: date | None,
    domain: str,
) -> None:
    t = ThresholdTable.default().get(threshold_id)
    assert t.kind is ThresholdKind(kind)
    assert t.limit == limit
    assert t.inclusive is inclusive
    assert t.valid_from == valid_from
    assert t.domain is ThresholdDomain(domain)


def test_every_threshold_cites_a_source() -> None:
    for t in ThresholdTable.default().thresholds:
        assert t.sources, t.id
        assert any(s.consulted is not None for s in t.sources), t.id
        assert t.note
    # telework at home inside the border zone is reportedly not a harmful day for FR-DE
    assert ThresholdTable.default().get("fr-de-frontier-45-days").status is FigureStatus.UNCERTAIN


def test_thresholds_by_pair_and_year() -> None:
    table = ThresholdTable.default()
    ids = [t.id for t in table.for_pair("fr", "ch", 2025)]
    assert ids == ["fr-ch-tax-40-percent", "eu-framework-50-percent", "eu-883-2004-25-percent"]
    assert table.for_pair("DE", "FR", 2025)[0].id == "fr-de-frontier-45-days"
    assert table.for_pair("FR", "FR", 2025) == ()
    assert table.for_pair("US", "FR", 2025) == ()
    with pytest.raises(InvalidValue):
        table.get("nope")


# -- worked examples ---------------------------------------------------------------------------


def test_luxembourg_34_days_then_the_35th_crosses() -> None:
    days = working_days(FULL_TIME, LU, 2025)[::5][:35]
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=whole(days[:34]),
        as_of=date(2025, 12, 31),
    )
    lu = report.counter("fr-lu-tax-34-days")
    assert (lu.used, lu.days_left_as_of, lu.crossed_as_of) == (34, 0, False)
    assert report.warnings == ()
    assert (
        crossborder_rule(
            residence="FR",
            work="LU",
            contract=FULL_TIME,
            calendar=LU,
            telework_days=whole(days[:33]),
            day=days[33],
        )
        == ()
    )
    [violation] = crossborder_rule(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=whole(days[:34]),
        day=days[34],
    )
    assert violation.code == "crossborder_threshold_crossed"
    assert violation.day == days[34]
    assert violation.param("threshold") == "fr-lu-tax-34-days"
    assert (violation.param("before"), violation.param("counted")) == (34, 35)
    assert violation.param("already_crossed") is False
    assert "34 days" in violation.message


def test_luxembourg_tolerance_starts_in_2023() -> None:
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=[],
        as_of=date(2022, 6, 30),
    )
    # 29 days for income years 2020-2022, 34 from 2023; no framework agreement before July 2023
    assert [c.threshold.id for c in report.counters] == [
        "fr-lu-tax-29-days",
        "eu-883-2004-25-percent",
    ]
    assert report.counter("fr-lu-tax-29-days").limit_days == 29


def test_switzerland_share_of_the_employees_own_working_time() -> None:
    days = [d for d in working_days(PART_TIME, CH, 2025) if d.weekday() == 0]
    report = crossborder_report(
        residence="FR",
        work="CH",
        contract=PART_TIME,
        calendar=CH,
        telework_days=whole(days),
        as_of=date(2025, 12, 31),
    )
    ch = report.counter("fr-ch-tax-40-percent")
    own = PART_TIME.worked_amount(year_range(2025), CH)
    assert ch.working_time == own
    assert own < FULL_TIME.worked_amount(year_range(2025), CH)
    assert ch.used_share == Fraction(len(days)) / own
    assert ch.limit_days == Fraction(2, 5) * own
    assert not ch.crossed_as_of
    # Mondays are a quarter of a four-day week: past the 25 % rule, not the 40 % one
    assert [w.param("threshold") for w in report.warnings] == ["eu-883-2004-25-percent"]


def test_share_limits_inclusive_and_exclusive() -> None:
    table = _table(
        _threshold("up-to-half", kind="share", limit="50 %", inclusive=True),
        _threshold("under-half", kind="share", limit="50 %", inclusive=False),
    )
    week = DateRange(date(2025, 3, 3), date(2025, 3, 9))
    contract = Contract.from_amendments(
        employee="E9", hired=week.start, last_day=date(2025, 3, 6)
    )  # 4 working days in the year
    two = whole([date(2025, 3, 3), date(2025, 3, 4)])
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=contract,
        calendar=LU,
        telework_days=two,
        as_of=date(2025, 3, 6),
        table=table,
    )
    assert report.counter("up-to-half").working_time == 4
    assert not report.counter("up-to-half").crossed_as_of
    assert report.counter("under-half").crossed_as_of
    assert report.counter("up-to-half").days_left_as_of == 0
    assert report.counter("under-half").days_left_as_of == 0
    one_and_half = [(date(2025, 3, 3), Fraction(1)), (date(2025, 3, 4), Fraction(1, 2))]
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=contract,
        calendar=LU,
        telework_days=one_and_half,
        as_of=date(2025, 3, 6),
        table=table,
    )
    assert report.counter("up-to-half").days_left_as_of == Fraction(1, 2)
    assert report.counter("under-half").days_left_as_of == 0


def test_half_days_count_as_each_threshold_says() -> None:
    halves = [(date(2025, 3, 3 + n), Fraction(1, 2)) for n in range(4)]
    report = crossborder_report(
        residence="FR",
        work="DE",
        contract=FULL_TIME,
        calendar=DE,
        telework_days=halves,
        as_of=date(2025, 12, 31),
    )
    assert report.counter("fr-de-frontier-45-days").used == 0  # only whole days count
    assert report.counter("eu-883-2004-25-percent").used == 2
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=halves,
        as_of=date(2025, 12, 31),
    )
    assert report.counter("fr-lu-tax-34-days").used == 4  # a half-day counts as a day


def test_germany_partial_year_limit() -> None:
    joined = Contract.from_amendments(employee="E5", hired=date(2025, 7, 1))
    report = crossborder_report(
        residence="FR",
        work="DE",
        contract=joined,
        calendar=DE,
        telework_days=[],
        as_of=date(2025, 7, 1),
    )
    de = report.counter("fr-de-frontier-45-days")
    assert de.limit_days == Fraction(1, 5) * de.working_days < 45
    assert "20 %" in de.notes[0]
    assert report.counter("fr-de-frontier-45-days").days_left_as_of == int(de.limit_days)


def test_framework_agreement_counts_from_july_2023() -> None:
    days = whole([date(2023, 3, 6), date(2023, 7, 3)])
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=days,
        as_of=date(2023, 12, 31),
    )
    eu = report.counter("eu-framework-50-percent")
    assert eu.period == DateRange(date(2023, 7, 1), date(2023, 12, 31))
    assert eu.used == 1
    assert eu.working_time == FULL_TIME.worked_amount(eu.period, LU)


def test_projection_with_planned_days() -> None:
    days = working_days(FULL_TIME, LU, 2025)[::4]
    booked = whole(days[:20])
    planned = whole(days[15:40])  # five planned days are booked already
    report = crossborder_report(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=booked,
        planned=planned,
        as_of=days[9],
    )
    lu = report.counter("fr-lu-tax-34-days")
    assert (lu.used, lu.booked, lu.projected) == (10, 20, 40)
    assert lu.crossing_day == days[34]
    assert (lu.days_left_as_of, lu.days_left_projected) == (24, 0)
    [warning] = [w for w in report.warnings if w.param("threshold") == "fr-lu-tax-34-days"]
    assert warning.day == days[34]
    assert warning.param("counted") == 40
    assert "crosses on" in warning.message
    assert report.to_dict()["counters"][0]["projected"] == "40"
    assert "CROSSED" in report.describe()


def test_refusals_and_empty_reports() -> None:
    with pytest.raises(InvalidValue) as caught:
        crossborder_report(
            residence="France",
            work="LU",
            contract=FULL_TIME,
            calendar=LU,
            telework_days=[],
            as_of=date(2025, 1, 1),
        )
    assert caught.value.code == "invalid_country"
    with pytest.raises(InvalidValue) as caught:
        crossborder_rule(
            residence="FR",
            work="LU",
            contract=FULL_TIME,
            calendar=LU,
            telework_days=[],
            day=date(2025, 1, 2),
            amount=2,
        )
    assert caught.value.code == "invalid_telework_amount"
    report = crossborder_report(
        residence="FR",
        work="US",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=[],
        as_of=date(2025, 1, 1),
    )
    assert report.counters == ()
    assert "no threshold" in report.describe()


# -- loading tables ----------------------------------------------------------------------------


def _threshold(threshold_id: str, **kw: object) -> Threshold:
    values: dict[str, object] = {
        "id": threshold_id,
        "name": threshold_id,
        "domain": "tax",
        "residence": ["FR"],
        "work": ["LU"],
        "kind": "days",
        "limit": 10,
        "status": "uncertain",
        "sources": [{"publication": "tests", "consulted": "to check"}],
    }
    values.update(kw)
    return ThresholdTable.from_dict({"thresholds": [values]}).thresholds[0]


def _table(*thresholds: Threshold) -> ThresholdTable:
    return ThresholdTable(thresholds)


def test_table_round_trips_through_plain_data() -> None:
    table = ThresholdTable.default()
    assert ThresholdTable.from_dict(table.to_dict()) == table


def test_bad_table_reports_every_problem_with_its_path() -> None:
    data = {
        "thresholds": [
            {
                "id": "a",
                "name": "A",
                "domain": "weather",
                "residence": [],
                "work": ["LU"],
                "kind": "share",
                "limit": "120 %",
                "status": "confirmed",
                "sources": [{"publication": "P", "consulted": "2025-01-01"}],
            },
            {
                "id": "b",
                "name": "B",
                "domain": "tax",
                "residence": ["FR"],
                "work": ["LU"],
                "kind": "share",
                "limit": "120 %",
                "status": "confirmed",
                "sources": [{"publication": "P", "consulted": "2025-01-01"}],
            },
        ],
        "extra": 1,
    }
    with pytest.raises(LoadError) as caught:
        ThresholdTable.from_dict(data, source="t.toml")
    assert [p.path for p in caught.value.problems] == [
        "$.thresholds[0].domain",
        "$.thresholds[0].residence",
        "$.thresholds[1].limit",
        "$.extra",
    ]


def test_duplicate_ids_and_files(tmp_path: Path) -> None:
    row = ThresholdTable.default().to_dict()["thresholds"][0]
    with pytest.raises(LoadError):
        ThresholdTable.from_dict({"thresholds": [row, row]})
    path = tmp_path / "t.toml"
    path.write_text(
        """
[[thresholds]]
id = "mine"
name = "Our own reading"
domain = "tax"
residence = ["FR"]
work = ["LU"]
kind = "days"
limit = 40
status = "uncertain"
[[thresholds.sources]]
publication = "Our tax adviser"
consulted = 2026-01-15
""",
        encoding="utf-8",
    )
    assert ThresholdTable.load(path).get("mine").limit == 40
    with pytest.raises(LoadError):
        ThresholdTable.load(tmp_path / "missing.toml")


# -- laws --------------------------------------------------------------------------------------

LU_DAYS_2025 = working_days(FULL_TIME, LU, 2025)
amounts = st.sampled_from([Fraction(1), Fraction(1, 2)])
telework = st.lists(
    st.tuples(st.sampled_from(LU_DAYS_2025), amounts), max_size=120, unique_by=lambda p: p[0]
)


def _report(
    days: list[tuple[date, Fraction]],
    as_of: date,
    planned: list[tuple[date, Fraction]] | tuple[()] = (),
) -> CrossBorderReport:
    return crossborder_report(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=days,
        planned=planned,
        as_of=as_of,
    )


@given(telework)
def test_counters_are_additive_over_months(days: list[tuple[date, Fraction]]) -> None:
    month_ends = [date(2025, m + 1, 1) - timedelta(days=1) for m in range(1, 12)]
    month_ends.append(date(2025, 12, 31))
    reports = [_report(days, end) for end in month_ends]
    for n, counter in enumerate(reports[-1].counters):
        used = [r.counters[n].used for r in reports]
        monthly = [
            sum(
                (counter.threshold.counted(a) for d, a in days if d.month == m + 1),
                Fraction(0),
            )
            for m in range(12)
        ]
        assert used[0] == monthly[0]
        for m in range(1, 12):
            assert used[m] - used[m - 1] == monthly[m]
        assert counter.used == counter.booked == counter.projected


@given(telework, telework, st.sampled_from(LU_DAYS_2025))
def test_used_booked_projected_and_days_left_agree(
    days: list[tuple[date, Fraction]], planned: list[tuple[date, Fraction]], as_of: date
) -> None:
    report = _report(days, as_of, planned)
    for c in report.counters:
        note(c.describe())
        assert c.used <= c.booked <= c.projected
        for counted, left in ((c.used, c.days_left_as_of), (c.projected, c.days_left_projected)):
            assert left >= 0
            if not c.threshold.crossed(counted, c.limit_days):
                assert not c.threshold.crossed(counted + left, c.limit_days)
                assert c.threshold.crossed(counted + left + c.unit, c.limit_days)
        assert (c.crossing_day is not None) == c.crossed_projected


@given(telework, st.sampled_from(LU_DAYS_2025), amounts)
def test_a_booking_then_its_cancellation_leaves_every_counter_as_it_was(
    days: list[tuple[date, Fraction]], extra: date, amount: Fraction
) -> None:
    active = [p for p in days if p[0] != extra]
    before = _report(active, date(2025, 12, 31))
    booked = [*active, (extra, amount)]
    during = _report(booked, date(2025, 12, 31))
    violations = crossborder_rule(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=active,
        day=extra,
        amount=amount,
    )
    for b, d in zip(before.counters, during.counters, strict=True):
        assert d.used - b.used == d.threshold.counted(amount)
        flagged = any(v.param("threshold") == d.threshold.id for v in violations)
        assert flagged == (d.crossed_projected and d.used > b.used)
    booked.remove((extra, amount))
    assert _report(booked, date(2025, 12, 31)) == before


# -- with the ledger ---------------------------------------------------------------------------


def test_with_the_ledger_a_booking_then_its_cancellation_leaves_the_counters() -> None:
    at = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
    ledger = QuotaLedger(agreement=Agreement(name="open"), contract=FULL_TIME, calendar=LU)
    fridays = [d for d in LU_DAYS_2025 if d.weekday() == 4]
    for day in fridays[:34]:
        ledger.book(day, at=at, by="E1")

    def report() -> CrossBorderReport:
        return _report(list(ledger.telework_days()), date(2025, 12, 31))

    before = report()
    assert before.counter("fr-lu-tax-34-days").used == 34
    assert before.warnings == ()
    [violation] = crossborder_rule(
        residence="FR",
        work="LU",
        contract=FULL_TIME,
        calendar=LU,
        telework_days=ledger.telework_days(),
        day=fridays[34],
    )
    assert violation.param("counted") == 35
    # the same check as a booking rule beside the agreement's own rules
    context = BookingContext(
        agreement=ledger.agreement,
        contract=FULL_TIME,
        calendar=LU,
        day=fridays[34],
        bookings=ledger.active_bookings(),
    )
    rules = (*BOOKING_RULES, crossborder_booking_rule("FR", "LU"))
    assert [v.code for v in check_booking(context, rules)] == ["crossborder_threshold_crossed"]
    booking = ledger.book(fridays[34], at=at, by="E1")
    assert [w.param("threshold") for w in report().warnings] == ["fr-lu-tax-34-days"]
    ledger.cancel(booking.entry_id, at=at, by="E1")
    assert report() == before


def test_a_ledger_given_the_rule_refuses_the_booking_that_crosses() -> None:
    at = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
    ledger = QuotaLedger(
        agreement=Agreement(name="open"),
        contract=FULL_TIME,
        calendar=LU,
        rules=(*BOOKING_RULES, crossborder_booking_rule("FR", "LU")),
    )
    fridays = [d for d in LU_DAYS_2025 if d.weekday() == 4]
    for day in fridays[:34]:
        ledger.book(day, at=at, by="E1")
    with pytest.raises(OperationRefused) as caught:
        ledger.book(fridays[34], at=at, by="E1")
    assert [v.code for v in caught.value.violations] == ["crossborder_threshold_crossed"]
    assert len(ledger.telework_days()) == 34
