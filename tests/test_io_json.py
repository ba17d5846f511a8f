"""JSON serialisation: round-trip laws for every value type, error paths, schema, fuzzing."""

from __future__ import annotations

import contextlib
import json
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import teleaccord
from strategies import (
    absence_kinds,
    absence_records,
    absences,
    adjustments,
    agreements,
    allowance_explanations,
    allowance_policies,
    amendments,
    approval_policies,
    arrangements,
    audit_events,
    authorised_exceptions,
    balance_rows,
    balances,
    bookings,
    cancellations,
    carry_over_ins,
    carry_overs,
    coverage_rules,
    crossborder_reports,
    csv_columns,
    csv_formats,
    date_ranges,
    day_plans,
    days_taken,
    eligibilities,
    employee_contracts_with_statuses,
    employment_contracts,
    entitlements,
    exemption_limits,
    exemption_tables,
    expiries,
    explanations,
    fr_calendars,
    grants,
    half_day_plans,
    holidays_,
    minimum_shortfalls,
    minimums_reports,
    monthly_allowances_,
    notices,
    on_site_minimums,
    organisations,
    patterns,
    person_outcomes,
    plan_conflicts,
    plan_results,
    planned_bookings,
    planned_days,
    plans,
    pools,
    problems,
    quotas,
    regrants,
    rhythms,
    roundings,
    rule_refs,
    rule_sources,
    sample_workforces,
    segment_shares,
    statement_lines,
    statements,
    team_coverages,
    team_members,
    team_plans,
    team_specs,
    teams_values,
    telework_requests,
    threshold_counters,
    threshold_tables,
    thresholds,
    violations,
    wishes,
)
from teleaccord import (
    Accrual,
    Agreement,
    ApprovalClause,
    Calendar,
    Contract,
    DateRange,
    Entitlement,
    Explanation,
    Extra,
    LoadError,
    Problem,
    Prorating,
    Quota,
    ReferencePeriod,
    Segment,
    SegmentShare,
    TeleaccordError,
    Violation,
    WorkPattern,
    dumps,
    from_data,
    json_schema,
    load_lines,
    loads,
    serialisable_types,
    to_data,
)
from teleaccord.io.allowance_file import default_capped_limit_table
from teleaccord.io.json import dump_lines

# -- strategies per type ---------------------------------------------------------------------

_time_windows = st.builds(
    teleaccord.TimeWindow,
    days=st.sampled_from(["Mo-Fr", "Sa Su", "We"]),
    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    end=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
_requirements = st.builds(
    teleaccord.Requirement,
    kind=st.sampled_from(["home-insurance", "electrical", "internet"]),
    valid_days=st.none() | st.integers(1, 1000),
    description=st.text(max_size=8),
)
_not_applicable = st.builds(
    teleaccord.NotApplicable,
    check=st.sampled_from(teleaccord.CHECK_NAMES),
    reason=st.text(max_size=8),
)
_compliance_items = st.builds(
    teleaccord.ComplianceItem,
    check=st.sampled_from(teleaccord.CHECK_NAMES),
    title=st.text(max_size=8),
    article=st.text(max_size=8),
    source=st.sampled_from(["law", "national-agreement"]),
    status=st.sampled_from(list(teleaccord.ComplianceStatus)),
    evidence=st.text(max_size=8),
    reason=st.text(max_size=8),
)

_aware = st.datetimes(
    datetime(2024, 1, 1),
    datetime(2026, 12, 31),
    timezones=st.just(timezone.utc),
)
_hours = st.fractions(0, 200, max_denominator=3600)
_rest_shortfalls = st.builds(
    teleaccord.RestShortfall,
    employee=st.text(min_size=1, max_size=5),
    rule=st.sampled_from(["daily", "weekly"]),
    start=_aware,
    end=_aware,
    hours=_hours,
    required=st.sampled_from([11, 35]),
    week=st.none() | st.dates(date(2024, 1, 1), date(2026, 12, 31)),
)
_person_disconnects = st.builds(
    teleaccord.PersonDisconnect,
    employee=st.text(min_size=1, max_size=5),
    team=st.text(max_size=5),
    events=st.integers(0, 99),
    outside_windows=st.integers(0, 99),
    in_disconnection=st.integers(0, 99),
    daily_shortfalls=st.integers(0, 9),
    weekly_shortfalls=st.integers(0, 9),
    shortest_daily_rest=st.none() | _hours,
    shortest_weekly_rest=st.none() | _hours,
    first=st.none() | _aware,
    last=st.none() | _aware,
    shortfalls=st.lists(_rest_shortfalls, max_size=2).map(tuple),
)
_team_disconnects = st.builds(
    teleaccord.TeamDisconnect,
    team=st.text(max_size=5),
    people=st.integers(0, 9),
    events=st.integers(0, 99),
    outside_windows=st.integers(0, 99),
    in_disconnection=st.integers(0, 99),
    daily_shortfalls=st.integers(0, 9),
    weekly_shortfalls=st.integers(0, 9),
    people_outside_windows=st.integers(0, 9),
    people_in_disconnection=st.integers(0, 9),
    people_short_daily_rest=st.integers(0, 9),
    people_short_weekly_rest=st.integers(0, 9),
    shortest_daily_rest=st.none() | _hours,
    shortest_weekly_rest=st.none() | _hours,
)
agreement_versions = st.builds(
    teleaccord.AgreementVersion,
    agreement=agreements(),
    start=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    end=st.none() | st.dates(date(2031, 1, 1), date(2040, 12, 31)),
)


@st.composite
def agreement_histories(draw: st.DrawFn) -> teleaccord.AgreementHistory:
    """Histories of one to three versions sharing the first one's reference period."""
    starts = sorted(
        draw(st.sets(st.dates(date(2000, 1, 1), date(2030, 12, 31)), min_size=1, max_size=3))
    )
    first = draw(agreements())
    versions = [
        teleaccord.AgreementVersion(
            agreement=first
            if i == 0
            else attrs.evolve(draw(agreements()), reference=first.reference),
            start=start,
        )
        for i, start in enumerate(starts)
    ]
    return teleaccord.AgreementHistory(name=draw(st.text(max_size=8)), versions=versions)


forfeitures = st.builds(
    teleaccord.Forfeiture,
    entry_id=st.text(min_size=1, max_size=8).map(str.strip).filter(bool),
    period=st.builds(lambda y: teleaccord.year_range(y), st.integers(2000, 2030)),
    amount=st.fractions(-50, 50, max_denominator=4).filter(bool),
    recorded_at=st.datetimes(timezones=st.just(timezone.utc)),
    by=st.text(min_size=1, max_size=8).map(str.strip).filter(bool),
    reason=st.text(max_size=20),
)

version_shares = st.builds(
    teleaccord.VersionShare,
    agreement=st.text(max_size=8),
    start=st.dates(),
    end=st.dates(),
    quota=st.none() | st.fractions(0, 200),
    extras=st.lists(st.tuples(st.text(max_size=5), st.fractions(0, 10)), max_size=2).map(tuple),
    total_quota=st.fractions(0, 200),
    share=st.fractions(0, 200),
)

STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    Calendar: fr_calendars(),
    teleaccord.Holiday: holidays_,
    WorkPattern: patterns(),
    DateRange: date_ranges,
    Contract: employment_contracts(),
    Segment: employment_contracts().flatmap(lambda c: st.sampled_from(c.segments)),
    teleaccord.Amendment: amendments(),
    Agreement: agreements(),
    ReferencePeriod: st.builds(
        ReferencePeriod,
        kind=st.sampled_from(["year", "month"]),
        start_month=st.integers(1, 12),
        start_day=st.integers(1, 28),
    ),
    Quota: quotas(),
    teleaccord.OnSiteMinimum: on_site_minimums(),
    Extra: st.builds(Extra, status=st.text(max_size=5), days=st.fractions(0, 50)),
    Prorating: st.builds(Prorating),
    teleaccord.Rounding: roundings(Fraction(1, 2)),
    Accrual: st.builds(
        Accrual,
        step=st.sampled_from(["upfront", "monthly", "weekly"]),
        at=st.sampled_from(["start", "end"]),
    ),
    teleaccord.Eligibility: eligibilities(),
    teleaccord.Notice: notices(),
    teleaccord.CarryOver: carry_overs(),
    ApprovalClause: st.builds(
        ApprovalClause, second_level_from_weekly_day=st.none() | st.integers(1, 7)
    ),
    Entitlement: entitlements(),
    Explanation: explanations,
    SegmentShare: segment_shares,
    teleaccord.Grant: grants,
    teleaccord.Regrant: regrants(),
    teleaccord.Booking: bookings(),
    teleaccord.Cancellation: cancellations,
    teleaccord.Absence: absences(),
    teleaccord.AbsenceKind: absence_kinds,
    teleaccord.AbsenceRecord: absence_records(),
    teleaccord.Pool: pools,
    teleaccord.AuthorisedException: authorised_exceptions,
    teleaccord.MinimumShortfall: minimum_shortfalls,
    teleaccord.MinimumsReport: minimums_reports,
    teleaccord.Adjustment: adjustments,
    teleaccord.CarryOverIn: carry_over_ins(),
    teleaccord.Expiry: expiries(),
    teleaccord.Balance: balances,
    teleaccord.Statement: statements,
    teleaccord.StatementLine: statement_lines,
    teleaccord.DaysTaken: days_taken,
    teleaccord.Organisation: organisations(),
    teleaccord.ApprovalPolicy: approval_policies,
    teleaccord.AuditEvent: audit_events,
    teleaccord.TeleworkRequest: telework_requests,
    teleaccord.Rhythm: rhythms(),
    teleaccord.Arrangement: arrangements,
    teleaccord.PlannedBooking: planned_bookings,
    teleaccord.PlanResult: plan_results,
    teleaccord.CoverageRule: coverage_rules(),
    teleaccord.TeamMember: team_members,
    teleaccord.TeamCoverage: team_coverages,
    teleaccord.TeamSpec: team_specs(),
    teleaccord.Teams: teams_values,
    teleaccord.HalfDayPlan: half_day_plans,
    teleaccord.DayPlan: day_plans,
    teleaccord.TeamPlan: team_plans,
    teleaccord.RuleSource: rule_sources,
    teleaccord.ExemptionLimit: exemption_limits,
    teleaccord.ExemptionTable: exemption_tables,
    teleaccord.AllowancePolicy: allowance_policies,
    teleaccord.AllowanceExplanation: allowance_explanations,
    teleaccord.MonthlyAllowance: monthly_allowances_,
    teleaccord.Threshold: thresholds,
    teleaccord.ThresholdTable: threshold_tables,
    teleaccord.ThresholdCounter: threshold_counters,
    teleaccord.CrossBorderReport: crossborder_reports,
    teleaccord.BalanceRow: balance_rows,
    teleaccord.EmployeeContract: employee_contracts_with_statuses,
    teleaccord.CsvColumn: csv_columns,
    teleaccord.CsvFormat: csv_formats,
    teleaccord.SampleWorkforce: sample_workforces,
    Violation: violations,
    Problem: problems,
    # the law (issue 15)
    teleaccord.CappedLimit: st.sampled_from(default_capped_limit_table().limits),
    teleaccord.CappedLimitTable: st.lists(
        st.sampled_from(default_capped_limit_table().limits), min_size=1, unique=True
    ).map(teleaccord.CappedLimitTable),
    teleaccord.YearlyCappedAmount: st.builds(
        teleaccord.YearlyCappedAmount,
        regime=st.sampled_from(list(teleaccord.CappedRegime)),
        year=st.integers(2020, 2030),
        telework_days=st.fractions(0, 300, max_denominator=2),
        by_month=st.lists(
            st.tuples(
                st.integers(1, 12),
                st.fractions(0, 31, max_denominator=2),
                st.fractions(0, 100, max_denominator=100),
            ),
            max_size=2,
        ).map(tuple),
        gross=st.fractions(0, 900, max_denominator=100),
        yearly_cap=st.decimals(0, 900, places=2),
        amount=st.decimals(0, 900, places=2),
        rows=st.lists(st.sampled_from(default_capped_limit_table().limits), max_size=2).map(tuple),
    ),
    teleaccord.Signatory: st.builds(
        teleaccord.Signatory,
        country=st.sampled_from(["FR", "LU", "IE"]),
        since=st.dates(date(2023, 1, 1), date(2030, 12, 31)),
    ),
    teleaccord.WeekCount: st.builds(
        teleaccord.WeekCount,
        week=st.dates(date(2023, 1, 1), date(2030, 12, 31)).map(
            lambda d: teleaccord.DateRange(d, d + timedelta(days=6))
        ),
        working_time=st.fractions(0, 7, max_denominator=2),
        telework=st.fractions(0, 7, max_denominator=2),
        required=st.fractions(0, 7, max_denominator=6),
    ),
    teleaccord.TimeWindow: _time_windows,
    teleaccord.Requirement: _requirements,
    teleaccord.NotApplicable: _not_applicable,
    teleaccord.Charter: st.builds(
        teleaccord.Charter,
        returning=st.text(max_size=8),
        carers=st.text(max_size=8),
        contact_windows=st.lists(_time_windows, max_size=2),
        disconnection=st.lists(_time_windows, max_size=1),
        prerequisites=st.lists(_requirements, max_size=2, unique_by=lambda r: r.kind),
        on_expiry=st.sampled_from(list(teleaccord.OnExpiry)),
        not_applicable=st.lists(_not_applicable, max_size=2),
    ),
    teleaccord.ComplianceCheck: st.sampled_from([c for c, _ in teleaccord.COMPLIANCE_CHECKS]),
    teleaccord.ComplianceItem: _compliance_items,
    teleaccord.ActivityEvent: st.builds(
        teleaccord.ActivityEvent,
        employee=st.text(min_size=1, max_size=5).filter(str.strip),
        at=_aware,
        kind=st.text(max_size=5),
        team=st.text(max_size=5),
        line=st.integers(0, 99),
    ),
    teleaccord.RestShortfall: _rest_shortfalls,
    teleaccord.Attestation: st.builds(
        teleaccord.Attestation,
        employee=st.sampled_from(["ana", "bob"]),
        kind=st.sampled_from(["internet", "home-insurance"]),
        issued=st.dates(date(2024, 1, 1), date(2025, 12, 31)),
        expires=st.none(),
        reference=st.text(max_size=5),
        source=st.text(max_size=5),
    ),
    teleaccord.ExpiringAttestation: st.builds(
        teleaccord.ExpiringAttestation,
        employee=st.sampled_from(["ana", "bob"]),
        kind=st.sampled_from(["internet", "home-insurance"]),
        status=st.sampled_from(["expiring", "expired", "missing"]),
        valid_until=st.none() | st.dates(date(2024, 1, 1), date(2026, 12, 31)),
        days_left=st.none() | st.integers(-400, 400),
    ),
    teleaccord.BusinessTrip: st.builds(
        teleaccord.BusinessTrip,
        day=st.dates(date(2024, 1, 1), date(2025, 12, 31)),
        country=st.sampled_from(["DE", "FR", "LU"]),
        amount=st.sampled_from([Fraction(1), Fraction(1, 2)]),
    ),
    teleaccord.PrerequisiteReport: st.builds(
        teleaccord.PrerequisiteReport,
        as_of=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
        within_days=st.integers(0, 400),
        employees=st.lists(st.sampled_from(["ana", "bob"]), max_size=2).map(tuple),
        requirements=st.lists(st.sampled_from(["internet", "equipment"]), max_size=2).map(tuple),
        items=st.lists(
            st.builds(
                teleaccord.ExpiringAttestation,
                employee=st.sampled_from(["ana", "bob"]),
                kind=st.sampled_from(["internet"]),
                status=st.sampled_from(["expiring", "expired", "missing"]),
                valid_until=st.none() | st.dates(date(2024, 1, 1), date(2026, 12, 31)),
                days_left=st.none() | st.integers(-400, 400),
                reference=st.text(max_size=3),
            ),
            max_size=2,
        ).map(tuple),
    ),
    teleaccord.PrerequisiteCheck: st.builds(
        teleaccord.PrerequisiteCheck,
        refusals=st.lists(violations, max_size=1).map(tuple),
        warnings=st.lists(violations, max_size=1).map(tuple),
    ),
    teleaccord.PersonDisconnect: _person_disconnects,
    teleaccord.TeamDisconnect: _team_disconnects,
    teleaccord.DisconnectReport: st.builds(
        teleaccord.DisconnectReport,
        agreement=st.text(min_size=1, max_size=5),
        timezone=st.just("Europe/Paris"),
        contact_windows=st.lists(st.text(max_size=5), max_size=2).map(tuple),
        disconnection=st.lists(st.text(max_size=5), max_size=2).map(tuple),
        events=st.integers(0, 99),
        skipped=st.integers(0, 9),
        teams=st.lists(_team_disconnects, max_size=2).map(tuple),
        people=st.lists(_person_disconnects, max_size=2).map(tuple),
        problems=st.lists(problems, max_size=1).map(tuple),
    ),
    teleaccord.ComplianceReport: st.builds(
        teleaccord.ComplianceReport,
        agreement=st.text(min_size=1, max_size=8),
        items=st.lists(_compliance_items, max_size=3).map(tuple),
    ),
    teleaccord.AgreementVersion: agreement_versions,
    teleaccord.AgreementHistory: agreement_histories(),
    teleaccord.VersionShare: version_shares,
    teleaccord.Forfeiture: forfeitures,
    teleaccord.IndividualTerms: st.builds(
        teleaccord.IndividualTerms,
        employee=st.text(min_size=1, max_size=8),
        personal_cap=st.none() | st.fractions(0, 200, max_denominator=2),
        weekly_maximum=st.none() | st.fractions(0, 5, max_denominator=2),
        medical_days=st.none() | st.fractions(0, 200, max_denominator=2),
        medical_weekly_maximum=st.none() | st.fractions(0, 5, max_denominator=2),
        medical_source=st.text(max_size=10),
    ),
    teleaccord.Wish: wishes,
    teleaccord.RuleRef: rule_refs,
    teleaccord.PlanConflict: plan_conflicts,
    teleaccord.PlannedDay: planned_days,
    teleaccord.PersonOutcome: person_outcomes,
    teleaccord.Plan: plans,
}

TYPES = sorted(STRATEGIES, key=lambda cls: cls.__name__)
IDS = [cls.__name__ for cls in TYPES]

# Exported attrs classes that are not data: they hold code (guards, effects) or live objects
# (ledgers, workflows), so they are rebuilt by the application, not stored.
NOT_DATA = {
    "ArrangementWorkflow",
    "BookingContext",
    "BookingLedger",
    "EmployeeRecords",  # the workforce job's streaming state, with its file sources
    "FileCounts",  # mutable counters of a run (RunSummary)
    "Guard",
    "RequestWorkflow",
    "RunSummary",
    "Source",
    "Step",
    "Transition",
    "TransitionTable",
    "Workflow",  # the generic base of the two workflows
    "CodeInfo",  # a row of the codes registry
    "TeamReport",  # figures computed for the HTML report, an output only
}


def test_every_exported_value_type_is_serialisable_or_listed_as_not_data() -> None:
    exported = {
        name
        for name in teleaccord.__all__
        if isinstance(getattr(teleaccord, name), type) and attrs.has(getattr(teleaccord, name))
    }
    covered = {cls.__name__ for cls in serialisable_types()}
    assert exported - covered - NOT_DATA == set()


def test_every_serialisable_type_has_a_strategy() -> None:
    assert {cls.__name__ for cls in serialisable_types()} == set(IDS)


# -- round trips -----------------------------------------------------------------------------


def _no_float(data: Any, path: str = "$") -> None:
    """No JSON float anywhere (free parameters may hold floats the caller put there)."""
    if isinstance(data, float):
        msg = f"a float at {path}"
        raise AssertionError(msg)
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in ("params", "data"):
                _no_float(value, f"{path}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            _no_float(value, f"{path}[{n}]")


# One test per type (about fifty): each runs a quarter of the profile's examples, so the file
# stays fast under the CI profile and still grows with the thorough one.
PER_TYPE = settings(max_examples=max(10, settings().max_examples // 4))


@pytest.mark.parametrize("cls", TYPES, ids=IDS)
@PER_TYPE
@given(data=st.data())
def test_from_data_inverts_to_data_and_corrupted_data_fails_only_with_teleaccord_errors(
    cls: type[Any], data: st.DataObject
) -> None:
    value = data.draw(STRATEGIES[cls])
    written = to_data(value)
    assert written["type"] == cls.__name__
    assert written["schema_version"] == 1
    _no_float(written)
    assert json.loads(json.dumps(written)) == written  # JSON types only
    assert from_data(written) == value
    assert from_data(written, cls) == value
    assert loads(dumps(value)) == value
    _validate(written, json_schema(cls))
    # Fuzzing near valid data (drawing the value is the costly part, so it is reused): a few
    # values replaced, keys dropped or added never make loading fail but with a LoadError.
    for _ in range(2):
        _only_teleaccord_errors(data.draw(corrupted(written)), cls)


@given(st.lists(violations, max_size=4))
def test_load_lines_inverts_dump_lines(values: list[Violation]) -> None:
    text = dump_lines(values)
    assert text.count("\n") == len(values)
    assert load_lines(text) == values
    assert load_lines(text.encode(), Violation) == values


def test_the_ledgers_own_json_lines_load_as_its_entries() -> None:
    ledger = teleaccord.QuotaLedger(
        agreement=Agreement(name="x", granularity="half-day"),
        contract=Contract.from_amendments(employee="E1", hired="2020-01-01"),
        calendar=Calendar(),
    )
    at = datetime(2024, 3, 1, 9, tzinfo=ZoneInfo("Europe/Paris"))
    booking = ledger.book(date(2024, 3, 5), half="am", at=at, by="E1", note="line\u2028two")
    ledger.cancel(booking.entry_id, at=at, by="E1")
    assert load_lines(ledger.to_jsonl()) == list(ledger.entries)
    assert load_lines(dump_lines(ledger.entries)) == list(ledger.entries)


@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=64))
def test_amounts_are_written_exactly_as_text(amount: Fraction) -> None:
    written = to_data(Quota(window="week", maximum=abs(amount)))["maximum"]
    assert isinstance(written, str)
    assert Fraction(written) == abs(amount)


def test_amounts_are_decimal_text_when_exact_in_decimal_else_a_fraction() -> None:
    assert to_data(Extra(status="a", days=Fraction(81, 2)))["days"] == "40.5"
    assert to_data(Extra(status="a", days=Fraction(100, 3)))["days"] == "100/3"


def test_a_datetime_keeps_its_zone_and_its_wall_time_in_a_dst_gap() -> None:
    paris = ZoneInfo("Europe/Paris")
    gap = datetime(2024, 3, 31, 2, 30, tzinfo=paris)  # does not exist: clocks go 2:00 -> 3:00
    v = Violation(code="c", message="m", params={"at": gap})
    written = to_data(v)["params"]["at"]
    assert written == {"$datetime": "2024-03-31T02:30:00+01:00[Europe/Paris]"}
    back = from_data(to_data(v)).param("at")
    assert back == gap
    assert back.tzinfo is paris
    utc = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert to_data(Violation(code="c", message="m", params={"at": utc}))["params"]["at"] == {
        "$datetime": "2024-01-01T00:00:00+00:00"
    }


def test_free_parameters_keep_their_python_types() -> None:
    v = Violation(
        code="weekly_max_exceeded",
        message="3 days booked.",
        day=date(2024, 3, 7),
        params={
            "booked": Fraction(5, 2),
            "week": (2024, 10),
            "days": [date(2024, 3, 4)],
            "money": Decimal("59.40"),
        },
    )
    assert to_data(v)["params"] == {
        "booked": {"$fraction": "2.5"},
        "days": [{"$date": "2024-03-04"}],
        "money": {"$decimal": "59.40"},
        "week": {"$tuple": [2024, 10]},
    }
    assert from_data(to_data(v)) == v


def test_the_agreement_format_is_readable() -> None:
    a = Agreement(
        name="2 days a week",
        quotas=[Quota(window="week", maximum=2)],
        excluded_weekdays=["We"],
        carry_over=teleaccord.CarryOver(mode="all", expires_on="03-31"),
        notice=teleaccord.Notice(deadline_days_before=1, deadline_time="19:00"),
    )
    written = to_data(a)
    assert written["excluded_weekdays"] == ["We"]
    assert written["carry_over"]["expires_on"] == "03-31"
    assert written["notice"]["deadline_time"] == "19:00"
    assert written["quotas"][0] == {
        "window": "week",
        "maximum": "2",
        "minimum": None,
        "prorate": False,
        "label": "",
    }


def test_keys_with_a_default_may_be_left_out() -> None:
    assert from_data({"type": "Agreement", "name": "x"}) == Agreement(name="x")
    pattern = {"text": "Mo Tu Th Fr"}
    assert from_data({"text": "Mo Tu Th Fr"}, WorkPattern) == WorkPattern.parse("Mo Tu Th Fr")
    seg = from_data({"start": "2024-01-01", "pattern": pattern}, Segment)
    assert seg.pattern == WorkPattern.parse("Mo Tu Th Fr")


# -- errors ----------------------------------------------------------------------------------


def problems_of(data: Any, cls: type[Any] | None = None) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        from_data(data, cls)
    return [(p.path, p.code) for p in caught.value.problems]


def contract_data(**segment: Any) -> dict[str, Any]:
    return {
        "type": "Contract",
        "schema_version": 1,
        "employee": "E1",
        "hired": "2024-01-01",
        "segments": [
            {"start": "2024-01-01", "end": "2024-06-30"},
            {"start": "2024-07-01", **segment},
        ],
    }


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    data = contract_data(fraction=0.8, patern="Mo")
    data["hired"] = "2024-02-30"
    data["employee"] = 42
    assert problems_of(data) == [
        ("$.employee", "invalid_type"),
        ("$.hired", "invalid_date"),
        ("$.segments[1].fraction", "invalid_type"),
        ("$.segments[1].patern", "unknown_key"),
    ]


def test_messages_say_what_was_expected() -> None:
    with pytest.raises(LoadError) as caught:
        from_data(contract_data(fraction=0.8))
    (problem,) = caught.value.problems
    assert problem.message == (
        'expected an exact amount as a string, such as "40", "40.5" or "81/2", got the number 0.8'
    )
    assert str(caught.value) == f"<data>: 1 problem:\n  $.segments[1].fraction: {problem.message}"


def test_an_unknown_key_suggests_the_closest_one() -> None:
    with pytest.raises(LoadError) as caught:
        from_data(contract_data(fracton="0.8"))
    assert "did you mean 'fraction'?" in caught.value.problems[0].message


def test_a_missing_key_is_named() -> None:
    data = contract_data()
    del data["segments"][1]["start"]
    del data["hired"]
    assert problems_of(data) == [
        ("$.hired", "missing_key"),
        ("$.segments[1].start", "missing_key"),
    ]


def test_a_value_the_class_refuses_is_reported_at_its_field() -> None:
    assert problems_of(contract_data(fraction="3/2")) == [
        ("$.segments[1].fraction", "fraction_out_of_range")
    ]
    gap = contract_data()
    gap["segments"][1]["start"] = "2024-07-02"
    assert problems_of(gap) == [("$.segments", "segments_not_contiguous")]
    assert problems_of(contract_data(pattern={"text": "Mo Xx"})) == [
        ("$.segments[1].pattern.text", "invalid_weekday")
    ]
    assert problems_of(contract_data(pattern={"text": "Mo / Tu"})) == [
        ("$.segments[1].pattern.anchor", "missing_anchor")
    ]


def test_wrong_shapes_are_named() -> None:
    assert problems_of(contract_data(pattern="Mo Tu")) == [
        ("$.segments[1].pattern", "invalid_type")
    ]
    data = contract_data()
    data["segments"] = {"start": "2024-01-01"}
    assert problems_of(data) == [("$.segments", "invalid_type")]
    assert problems_of(["not", "an", "object"]) == [("$", "invalid_type")]
    assert problems_of({"type": "Quota", "window": "weekly"}) == [("$.window", "invalid_choice")]
    assert problems_of({"type": "Quota", "window": "week", "maximum": "2", "prorate": 1}) == [
        ("$.prorate", "invalid_type")
    ]


def test_bad_dates_and_datetimes_are_refused() -> None:
    for text in ("2024-13-01", "20240101", "2024-1-1", "", "2024-01-01T00:00"):
        assert problems_of({"type": "DateRange", "start": text, "end": "2024-01-01"}) == [
            ("$.start", "invalid_date")
        ]
    naive = {"$datetime": "2024-06-03T09:00:00"}
    assert problems_of(
        {"type": "Violation", "code": "c", "message": "m", "params": {"at": naive}}
    ) == [("$.params.at['$datetime']", "naive_datetime")]
    unknown_zone = {"$datetime": "2024-06-03T09:00:00+02:00[Mars/Olympus]"}
    assert problems_of(
        {"type": "Violation", "code": "c", "message": "m", "params": {"at": unknown_zone}}
    ) == [("$.params.at['$datetime']", "unknown_timezone")]


def test_the_type_tag_and_the_schema_version_are_checked() -> None:
    assert problems_of({"type": "Contract", "schema_version": 2}) == [
        ("$.schema_version", "unsupported_schema_version")
    ]
    assert problems_of({"type": "Contract", "schema_version": "1"}) == [
        ("$.schema_version", "invalid_schema_version")
    ]
    assert problems_of({"type": "Contrat"}) == [("$.type", "unknown_type")]
    assert problems_of({"start": "2024-01-01"}) == [("$.type", "missing_key")]
    assert problems_of({"type": "Quota", "window": "week", "maximum": "1"}, DateRange) == [
        ("$.type", "wrong_type")
    ]
    with pytest.raises(LoadError, match="newer teleaccord"):
        loads('{"type": "Quota", "schema_version": 99}')


def test_bad_json_text_is_a_load_error() -> None:
    assert [p.code for p in _load_error('{"type": ').problems] == ["invalid_json"]
    assert [p.code for p in _load_error('{"type": "Extra", "days": NaN}').problems] == [
        "invalid_json"
    ]
    assert [p.code for p in _load_error(b"\xff\xfe").problems] == ["invalid_json"]


def _load_error(text: str | bytes) -> LoadError:
    with pytest.raises(LoadError) as caught:
        loads(text)
    return caught.value


def test_load_lines_reports_every_line_with_its_number() -> None:
    good = dumps(DateRange(date(2024, 1, 1), date(2024, 1, 2)))
    with pytest.raises(LoadError) as caught:
        load_lines(f"{good}\n{{bad\n\n{good}\n{{}}\n", source="ranges.jsonl")
    assert [p.path for p in caught.value.problems] == ["2:$", "5:$.type"]
    assert str(caught.value).startswith("ranges.jsonl: 2 problems:")


def test_a_class_that_is_not_data_is_refused() -> None:
    with pytest.raises(teleaccord.InvalidValue, match="not a teleaccord value"):
        to_data(object())
    with pytest.raises(teleaccord.InvalidValue, match="not a teleaccord value"):
        from_data({}, dict)


# -- fuzzing ---------------------------------------------------------------------------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.sampled_from(["2024-01-01", "40.5", "81/2", "week", "Mo Tu", "$date", "E1", ""])
)
json_data = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@st.composite
def corrupted(draw: st.DrawFn, data: dict[str, Any]) -> Any:
    """``data`` with one to three values replaced, keys dropped or keys added, at any depth."""
    for _ in range(draw(st.integers(1, 3))):
        data = _mutate(draw, data)
    return data


def _mutate(draw: st.DrawFn, data: Any) -> Any:
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data)))
        action = draw(st.sampled_from(["replace", "drop", "add", "descend"]))
        copy = dict(data)
        if action == "replace":
            copy[key] = draw(json_data)
        elif action == "drop":
            del copy[key]
        elif action == "add":
            copy[draw(st.text(max_size=6))] = draw(json_data)
        else:
            copy[key] = _mutate(draw, data[key])
        return copy
    if isinstance(data, list) and data:
        n = draw(st.integers(0, len(data) - 1))
        copy_list = list(data)
        copy_list[n] = _mutate(draw, data[n]) if draw(st.booleans()) else draw(json_data)
        return copy_list
    return draw(json_data)


def _only_teleaccord_errors(data: Any, cls: type[Any] | None) -> None:
    try:
        value = from_data(data, cls)
    except TeleaccordError:
        return
    assert from_data(to_data(value)) == value  # whatever loads is a valid value that round-trips


@given(cls=st.sampled_from(TYPES), data=json_data)
def test_arbitrary_json_never_raises_anything_but_a_teleaccord_error(
    cls: type[Any], data: Any
) -> None:
    _only_teleaccord_errors(data, cls)
    if isinstance(data, dict):
        _only_teleaccord_errors({**data, "type": cls.__name__}, None)


@given(st.text(max_size=60))
def test_arbitrary_text_never_raises_anything_but_a_teleaccord_error(text: str) -> None:
    for reader in (loads, load_lines):
        with contextlib.suppress(TeleaccordError):
            reader(text)


# -- JSON Schema -----------------------------------------------------------------------------


def _validate(data: Any, schema: dict[str, Any], root: dict[str, Any] | None = None) -> None:
    """A small validator for the JSON Schema keywords json_schema() uses."""
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        _validate(data, root["$defs"][name], root)
        return
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                _validate(data, option, root)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        msg = f"{data!r} matches none of {errors}"
        raise AssertionError(msg)
    if "const" in schema:
        assert data == schema["const"]
    if "enum" in schema:
        assert data in schema["enum"], f"{data!r} not in {schema['enum']}"
    kind = schema.get("type")
    checks = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "boolean": bool,
        "null": type(None),
    }
    if kind is not None:
        assert isinstance(data, checks[kind]), f"{data!r} is not {kind}"
        if kind == "integer":
            assert not isinstance(data, bool)
    if "pattern" in schema:
        assert re.search(schema["pattern"], data), f"{data!r} !~ {schema['pattern']}"
    if isinstance(data, dict) and kind == "object":
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            assert key in data, f"missing {key}"
        for key, value in data.items():
            if key in props:
                _validate(value, props[key], root)
            elif isinstance(schema.get("additionalProperties"), dict):
                _validate(value, schema["additionalProperties"], root)
            else:
                assert schema.get("additionalProperties", True) is not False, f"extra {key}"
        if "propertyNames" in schema:
            for key in data:
                _validate(key, {"type": "string", **schema["propertyNames"]}, root)
    if isinstance(data, list) and kind == "array":
        for n, item in enumerate(data):
            prefix = schema.get("prefixItems", [])
            _validate(item, prefix[n] if n < len(prefix) else schema.get("items", {}), root)


def test_the_schema_requires_keys_without_defaults_and_refuses_others() -> None:
    schema = json_schema(Contract)
    assert schema["required"] == ["type", "employee", "hired", "segments"]
    assert schema["additionalProperties"] is False
    with pytest.raises(AssertionError):
        _validate(
            {**to_data(Contract.from_amendments(employee="E", hired="2024-01-01")), "x": 1}, schema
        )


def test_the_schema_of_an_amount_refuses_numbers() -> None:
    schema = json_schema(Extra)
    with pytest.raises(AssertionError):
        _validate({"type": "Extra", "status": "carer", "days": 10}, schema)
    _validate({"type": "Extra", "status": "carer", "days": "10"}, schema)


# -- teleaccord validate (through the command's entry point) ----------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from teleaccord.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_says_which_files_are_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreement = tmp_path / "agreement.toml"
    agreement.write_text('name = "2 days a week"\n[[quotas]]\nwindow = "week"\nmaximum = 2\n')
    contract = tmp_path / "E042.json"
    contract.write_text(dumps(Contract.from_amendments(employee="E042", hired="2024-01-01")))
    ranges = tmp_path / "ranges.jsonl"
    ranges.write_text(dump_lines([DateRange(date(2024, 1, 1), date(2024, 1, 31))] * 2))
    code, out, err = _cli(capsys, "validate", str(agreement), str(contract), str(ranges))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{agreement}: valid agreement file, the agreement '2 days a week'.",
        f"{contract}: valid json file, a Contract.",
        f"{ranges}: valid jsonl file, 2 values.",
    ]


def test_validate_reports_every_problem_of_every_file_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreement = tmp_path / "agreement.toml"
    agreement.write_text('name = "x"\ngranularity = "hour"\n[[quotas]]\nwindow = "weekly"\n')
    value = tmp_path / "contract.json"
    value.write_text('{"type": "Contract", "employee": "E1", "hired": "2024-02-30"}')
    contracts = tmp_path / "contracts.csv"
    contracts.write_text("employee;hired;fraction\nE1;2024-01-01;120 %\nE2;2024-13-01;1\n")
    missing = tmp_path / "nowhere.json"
    code, out, err = _cli(
        capsys, "validate", str(agreement), str(value), str(contracts), str(missing)
    )
    assert (code, err) == (1, "")
    assert f"{agreement}: 2 problems (agreement):" in out
    assert "  $.quotas[0].window: " in out
    assert f"{value}: 2 problems (json):" in out
    assert "  $.hired: expected a date as YYYY-MM-DD, got '2024-02-30'" in out
    assert "  $.segments: this key is required but missing [missing_key]" in out
    assert f"{contracts}: 2 problems (contracts):" in out
    assert ":2:fraction: " in out
    assert f"{missing}: 1 problem (json):" in out
    assert "[unreadable_file]" in out


def test_validate_speaks_json_to_programs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bookings.csv"
    bad.write_text("employee,date,half\nE1,2024-03-05,evening\n")
    code, out, _ = _cli(capsys, "validate", str(bad), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["valid"] is False
    (entry,) = report["files"]
    assert (entry["kind"], entry["valid"]) == ("bookings", False)
    assert [p["path"] for p in entry["problems"]] == [f"{bad}:2:half"]


def test_validate_asks_for_the_kind_when_a_name_does_not_tell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.txt"
    export.write_text("employee,date\nE1,2024-03-05\n")
    code, out, err = _cli(capsys, "validate", str(export))
    assert (code, out) == (2, "")
    assert err.startswith("teleaccord validate: error: --kind: cannot tell what")
    code, out, _ = _cli(capsys, "validate", str(export), "--kind", "bookings")
    assert code == 0
    assert out == f"{export}: valid bookings file, 1 booking.\n"


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan")])
def test_a_non_finite_number_in_params_is_refused_when_read(number: float) -> None:
    data = {"type": "Violation", "code": "x", "message": "", "day": None, "params": {"n": number}}
    with pytest.raises(teleaccord.LoadError) as caught:
        from_data(data)
    assert [p.code for p in caught.value.problems] == ["invalid_number"]
