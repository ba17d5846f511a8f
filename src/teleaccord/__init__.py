"""teleaccord: telework agreements as typed objects and exact arithmetic.

The public API is what this module exports; everything else may change. Renamed names keep
working for a while: importing one from here returns the new object with a
``DeprecationWarning`` that names the replacement (see ``_RENAMED`` below).
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from teleaccord._version import __version__
from teleaccord.agreement import (
    Accrual,
    AccrualStep,
    Agreement,
    ApprovalClause,
    CarryOver,
    CarryOverMode,
    Eligibility,
    Extra,
    Notice,
    OnSiteMinimum,
    PeriodKind,
    PresenceBasis,
    Prorating,
    Quota,
    ReferencePeriod,
    Window,
    silent_zeros,
)
from teleaccord.allowance import (
    AllowanceExplanation,
    AllowanceKind,
    AllowancePolicy,
    CappedLimit,
    CappedLimitTable,
    CappedRegime,
    ExemptionLimit,
    ExemptionRegime,
    ExemptionTable,
    FigureStatus,
    HalfDayCount,
    MonthlyAllowance,
    RuleSource,
    YearlyCappedAmount,
    monthly_allowances,
    parse_money,
    telework_by_day,
    yearly_capped_amount,
)
from teleaccord.amounts import (
    Granularity,
    Rounding,
    RoundingMode,
    format_amount,
    format_decimal,
    parse_amount,
    parse_fraction,
)
from teleaccord.approval import (
    REQUEST_TRANSITIONS,
    ApprovalPolicy,
    RequestState,
    RequestWorkflow,
    TeleworkRequest,
    cancellation_deadline,
    replay,
)
from teleaccord.arrangement import (
    ARRANGEMENT_TRANSITIONS,
    Arrangement,
    ArrangementState,
    ArrangementWorkflow,
    PlannedBooking,
    PlanResult,
    Rhythm,
)
from teleaccord.calendars import Calendar, Holiday
from teleaccord.charter import (
    CHARTER_CLAUSES,
    CHECK_NAMES,
    Charter,
    NotApplicable,
    OnExpiry,
    Requirement,
    TimeWindow,
)
from teleaccord.codes import CODES, CodeInfo, code_info
from teleaccord.compliance import (
    COMPLIANCE_CHECKS,
    ComplianceCheck,
    ComplianceItem,
    ComplianceReport,
    ComplianceStatus,
    compliance_report,
)
from teleaccord.contract import FULL_FORFAIT_DAYS, Amendment, Contract, Segment
from teleaccord.coverage import (
    CoverageRule,
    DayPlan,
    HalfDayPlan,
    TeamCoverage,
    TeamMember,
    TeamPlan,
)
from teleaccord.crossborder import (
    CrossBorderReport,
    Signatory,
    Threshold,
    ThresholdCounter,
    ThresholdDomain,
    ThresholdKind,
    ThresholdTable,
    WeekCount,
    crossborder_booking_rule,
    crossborder_report,
    crossborder_rule,
)
from teleaccord.dates import DateRange, iso_week, month_range, parse_date, week_range, year_range
from teleaccord.disconnect import (
    DAILY_REST_HOURS,
    WEEKLY_REST_HOURS,
    ActivityEvent,
    DisconnectReport,
    PersonDisconnect,
    RestShortfall,
    TeamDisconnect,
    disconnect_report,
)
from teleaccord.entitlements import (
    Entitlement,
    Explanation,
    SegmentShare,
    VersionShare,
    eligibility,
    eligible_spans,
    entitlement,
    window_quota,
)
from teleaccord.entries import (
    Adjustment,
    Booking,
    Cancellation,
    CarryOverIn,
    Entry,
    Expiry,
    Forfeiture,
    Grant,
    Regrant,
)
from teleaccord.errors import (
    InvalidValue,
    LoadError,
    NotAllowed,
    OperationRefused,
    Problem,
    StaleVersion,
    TeleaccordError,
    Violation,
)
from teleaccord.fold import (
    Balance,
    PeriodFlow,
    PeriodSums,
    Statement,
    StatementLine,
    fold_balances,
    fold_periods,
    forfeit_reason,
    period_sums,
    realize,
)
from teleaccord.io.agreement_file import (
    agreement_from_dict,
    agreement_to_dict,
    dump_agreement,
    load_agreement,
    load_sample_agreement,
    sample_agreements,
)
from teleaccord.io.allowance_file import (
    allowance_policy_from_dict,
    allowance_policy_to_dict,
    dump_allowance_policy,
    load_allowance_policy,
)
from teleaccord.io.csv import (
    CSV_FORMATS,
    ContractRow,
    CsvColumn,
    CsvFormat,
    SampleWorkforce,
    contract_from_rows,
    csv_schema,
    read_adjustments,
    read_bookings,
    read_contract_rows,
    read_contracts,
    read_workforce,
    sample_workforce,
    write_balances,
    write_bookings,
    write_contracts,
)
from teleaccord.io.html import render_report
from teleaccord.io.ical import export_ical
from teleaccord.io.json import (
    dump_lines,
    dumps,
    from_data,
    json_schema,
    load_lines,
    loads,
    serialisable_types,
    to_data,
)
from teleaccord.ledger import DaysTaken, QuotaLedger
from teleaccord.locale import LANGUAGES, translate
from teleaccord.overrides import IndividualTerms, apply_terms, check_terms
from teleaccord.pattern import HalfDay, WorkPattern
from teleaccord.planner import (
    PersonOutcome,
    Plan,
    PlanConflict,
    PlannedDay,
    RuleRef,
    Wish,
    book_plan,
    greedy_plan,
    plan_requests,
    plan_telework,
)
from teleaccord.prerequisites import (
    Attestation,
    ExpiringAttestation,
    PrerequisiteCheck,
    expiring_attestations,
    missing_prerequisites,
    prerequisite_booking_rule,
    prerequisite_check,
    valid_until,
)
from teleaccord.rules import BOOKING_RULES, BookingContext, check_booking
from teleaccord.statemachine import (
    SYSTEM,
    AuditEvent,
    BookingLedger,
    Guard,
    Organisation,
    Role,
    Step,
    Transition,
    TransitionTable,
    Workflow,
    apply_transition,
    render_mermaid,
)
from teleaccord.teamreport import CELL_STATES, TeamReport, team_report, team_report_from_records
from teleaccord.teams import Teams, TeamSpec
from teleaccord.versions import (
    AgreementHistory,
    AgreementVersion,
    agreement_in_force,
    governing_agreement,
)
from teleaccord.workforce import (
    AdjustmentRow,
    BalanceRow,
    BookingColumns,
    BookingRow,
    EmployeeContract,
    EmployeeRecords,
    FileCounts,
    RunSummary,
    Source,
    employee_balances,
    ledger_booking_rows,
    periods_for_year,
    workforce_balances,
)

__all__ = [
    "ARRANGEMENT_TRANSITIONS",
    "BOOKING_RULES",
    "CELL_STATES",
    "CHARTER_CLAUSES",
    "CHECK_NAMES",
    "CODES",
    "COMPLIANCE_CHECKS",
    "CSV_FORMATS",
    "DAILY_REST_HOURS",
    "FULL_FORFAIT_DAYS",
    "LANGUAGES",
    "REQUEST_TRANSITIONS",
    "SYSTEM",
    "WEEKLY_REST_HOURS",
    "Accrual",
    "AccrualStep",
    "ActivityEvent",
    "Adjustment",
    "AdjustmentRow",
    "Agreement",
    "AgreementHistory",
    "AgreementVersion",
    "AllowanceExplanation",
    "AllowanceKind",
    "AllowancePolicy",
    "Amendment",
    "ApprovalClause",
    "ApprovalPolicy",
    "Arrangement",
    "ArrangementState",
    "ArrangementWorkflow",
    "Attestation",
    "AuditEvent",
    "Balance",
    "BalanceRow",
    "Booking",
    "BookingColumns",
    "BookingContext",
    "BookingLedger",
    "BookingRow",
    "Calendar",
    "Cancellation",
    "CappedLimit",
    "CappedLimitTable",
    "CappedRegime",
    "CarryOver",
    "CarryOverIn",
    "CarryOverMode",
    "Charter",
    "CodeInfo",
    "ComplianceCheck",
    "ComplianceItem",
    "ComplianceReport",
    "ComplianceStatus",
    "Contract",
    "ContractRow",
    "CoverageRule",
    "CrossBorderReport",
    "CsvColumn",
    "CsvFormat",
    "DateRange",
    "DayPlan",
    "DaysTaken",
    "DisconnectReport",
    "Eligibility",
    "EmployeeContract",
    "EmployeeRecords",
    "Entitlement",
    "Entry",
    "ExemptionLimit",
    "ExemptionRegime",
    "ExemptionTable",
    "ExpiringAttestation",
    "Expiry",
    "Explanation",
    "Extra",
    "FigureStatus",
    "FileCounts",
    "Forfeiture",
    "Grant",
    "Granularity",
    "Guard",
    "HalfDay",
    "HalfDayCount",
    "HalfDayPlan",
    "Holiday",
    "IndividualTerms",
    "InvalidValue",
    "LoadError",
    "MonthlyAllowance",
    "NotAllowed",
    "NotApplicable",
    "Notice",
    "OnExpiry",
    "OnSiteMinimum",
    "OperationRefused",
    "Organisation",
    "PeriodFlow",
    "PeriodKind",
    "PeriodSums",
    "PersonDisconnect",
    "PersonOutcome",
    "Plan",
    "PlanConflict",
    "PlanResult",
    "PlannedBooking",
    "PlannedDay",
    "PrerequisiteCheck",
    "PresenceBasis",
    "Problem",
    "Prorating",
    "Quota",
    "QuotaLedger",
    "ReferencePeriod",
    "Regrant",
    "RequestState",
    "RequestWorkflow",
    "Requirement",
    "RestShortfall",
    "Rhythm",
    "Role",
    "Rounding",
    "RoundingMode",
    "RuleRef",
    "RuleSource",
    "RunSummary",
    "SampleWorkforce",
    "Segment",
    "SegmentShare",
    "Signatory",
    "Source",
    "StaleVersion",
    "Statement",
    "StatementLine",
    "Step",
    "TeamCoverage",
    "TeamDisconnect",
    "TeamMember",
    "TeamPlan",
    "TeamReport",
    "TeamSpec",
    "Teams",
    "TeleaccordError",
    "TeleworkRequest",
    "Threshold",
    "ThresholdCounter",
    "ThresholdDomain",
    "ThresholdKind",
    "ThresholdTable",
    "TimeWindow",
    "Transition",
    "TransitionTable",
    "VersionShare",
    "Violation",
    "WeekCount",
    "Window",
    "Wish",
    "WorkPattern",
    "Workflow",
    "YearlyCappedAmount",
    "__version__",
    "agreement_from_dict",
    "agreement_in_force",
    "agreement_to_dict",
    "allowance_policy_from_dict",
    "allowance_policy_to_dict",
    "apply_terms",
    "apply_transition",
    "book_plan",
    "cancellation_deadline",
    "check_booking",
    "check_terms",
    "code_info",
    "compliance_report",
    "contract_from_rows",
    "crossborder_booking_rule",
    "crossborder_report",
    "crossborder_rule",
    "csv_schema",
    "disconnect_report",
    "dump_agreement",
    "dump_allowance_policy",
    "dump_lines",
    "dumps",
    "eligibility",
    "eligible_spans",
    "employee_balances",
    "entitlement",
    "expiring_attestations",
    "export_ical",
    "fold_balances",
    "fold_periods",
    "forfeit_reason",
    "format_amount",
    "format_decimal",
    "from_data",
    "governing_agreement",
    "greedy_plan",
    "iso_week",
    "json_schema",
    "ledger_booking_rows",
    "load_agreement",
    "load_allowance_policy",
    "load_lines",
    "load_sample_agreement",
    "loads",
    "missing_prerequisites",
    "month_range",
    "monthly_allowances",
    "parse_amount",
    "parse_date",
    "parse_fraction",
    "parse_money",
    "period_sums",
    "periods_for_year",
    "plan_requests",
    "plan_telework",
    "prerequisite_booking_rule",
    "prerequisite_check",
    "read_adjustments",
    "read_bookings",
    "read_contract_rows",
    "read_contracts",
    "read_workforce",
    "realize",
    "render_mermaid",
    "render_report",
    "replay",
    "sample_agreements",
    "sample_workforce",
    "serialisable_types",
    "silent_zeros",
    "team_report",
    "team_report_from_records",
    "telework_by_day",
    "to_data",
    "translate",
    "valid_until",
    "week_range",
    "window_quota",
    "workforce_balances",
    "write_balances",
    "write_bookings",
    "write_contracts",
    "year_range",
    "yearly_capped_amount",
]

if TYPE_CHECKING:  # type checkers see the old names as the new objects
    Approval = ApprovalClause

_RENAMED: dict[str, tuple[str, str]] = {
    # old name: (new name, module that defines it). Old names are not in __all__.
    "Approval": ("ApprovalClause", "teleaccord.agreement"),
}


def _renamed(name: str) -> Any:
    """Return a renamed object under its old name, with a ``DeprecationWarning``.

    This is the package's ``__getattr__`` at run time. Type checkers do not see it, so a typo
    such as ``teleaccord.Quotas`` stays a type error; they see the old names through the
    ``TYPE_CHECKING`` imports above instead.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     from teleaccord import Approval
    >>> Approval is ApprovalClause, caught[0].category.__name__
    (True, 'DeprecationWarning')
    >>> print(caught[0].message)
    teleaccord.Approval is deprecated; use teleaccord.ApprovalClause (the same class, renamed).
    """
    try:
        new_name, module = _RENAMED[name]
    except KeyError:
        msg = f"module 'teleaccord' has no attribute {name!r}"
        raise AttributeError(msg) from None
    warnings.warn(
        f"teleaccord.{name} is deprecated; use teleaccord.{new_name} (the same class, renamed).",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), new_name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_RENAMED))


if not TYPE_CHECKING:
    __getattr__ = _renamed
