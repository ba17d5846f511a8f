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
from teleaccord.absence import (
    ABSENCE_KINDS,
    Absence,
    AbsenceKind,
    absence_kind,
    absent_masks,
    long_absence_days,
    long_absence_share,
)
from teleaccord.agreement import (
    DEFAULT_POOL,
    TELEWORK_KINDS,
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
    Pool,
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
    ExemptionLimit,
    ExemptionRegime,
    ExemptionTable,
    FigureStatus,
    HalfDayCount,
    MonthlyAllowance,
    RuleSource,
    monthly_allowances,
    parse_money,
    telework_by_day,
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
from teleaccord.codes import CODES, CodeInfo, code_info
from teleaccord.contract import Amendment, Contract, Segment
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
    Threshold,
    ThresholdCounter,
    ThresholdDomain,
    ThresholdKind,
    ThresholdTable,
    crossborder_booking_rule,
    crossborder_report,
    crossborder_rule,
)
from teleaccord.dates import DateRange, iso_week, month_range, parse_date, week_range, year_range
from teleaccord.entitlements import (
    Entitlement,
    Explanation,
    SegmentShare,
    eligibility,
    entitlement,
    window_quota,
)
from teleaccord.entries import (
    MAXIMUM_CODES,
    AbsenceRecord,
    Adjustment,
    AuthorisedException,
    Booking,
    Cancellation,
    CarryOverIn,
    Entry,
    Expiry,
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
    entry_pool,
    fold_balances,
    fold_periods,
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
    read_absences,
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
from teleaccord.minimums import MinimumShortfall, MinimumsReport, minimums_report
from teleaccord.pattern import HalfDay, WorkPattern
from teleaccord.rules import BOOKING_RULES, BookingContext, check_booking, on_site_requirement
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
from teleaccord.workforce import (
    AbsenceRow,
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
    "ABSENCE_KINDS",
    "ARRANGEMENT_TRANSITIONS",
    "BOOKING_RULES",
    "CODES",
    "CSV_FORMATS",
    "DEFAULT_POOL",
    "LANGUAGES",
    "MAXIMUM_CODES",
    "REQUEST_TRANSITIONS",
    "SYSTEM",
    "TELEWORK_KINDS",
    "Absence",
    "AbsenceKind",
    "AbsenceRecord",
    "AbsenceRow",
    "Accrual",
    "AccrualStep",
    "Adjustment",
    "AdjustmentRow",
    "Agreement",
    "AllowanceExplanation",
    "AllowanceKind",
    "AllowancePolicy",
    "Amendment",
    "ApprovalClause",
    "ApprovalPolicy",
    "Arrangement",
    "ArrangementState",
    "ArrangementWorkflow",
    "AuditEvent",
    "AuthorisedException",
    "Balance",
    "BalanceRow",
    "Booking",
    "BookingColumns",
    "BookingContext",
    "BookingLedger",
    "BookingRow",
    "Calendar",
    "Cancellation",
    "CarryOver",
    "CarryOverIn",
    "CarryOverMode",
    "CodeInfo",
    "Contract",
    "ContractRow",
    "CoverageRule",
    "CrossBorderReport",
    "CsvColumn",
    "CsvFormat",
    "DateRange",
    "DayPlan",
    "DaysTaken",
    "Eligibility",
    "EmployeeContract",
    "EmployeeRecords",
    "Entitlement",
    "Entry",
    "ExemptionLimit",
    "ExemptionRegime",
    "ExemptionTable",
    "Expiry",
    "Explanation",
    "Extra",
    "FigureStatus",
    "FileCounts",
    "Grant",
    "Granularity",
    "Guard",
    "HalfDay",
    "HalfDayCount",
    "HalfDayPlan",
    "Holiday",
    "InvalidValue",
    "LoadError",
    "MinimumShortfall",
    "MinimumsReport",
    "MonthlyAllowance",
    "NotAllowed",
    "Notice",
    "OnSiteMinimum",
    "OperationRefused",
    "Organisation",
    "PeriodFlow",
    "PeriodKind",
    "PeriodSums",
    "PlanResult",
    "PlannedBooking",
    "Pool",
    "PresenceBasis",
    "Problem",
    "Prorating",
    "Quota",
    "QuotaLedger",
    "ReferencePeriod",
    "Regrant",
    "RequestState",
    "RequestWorkflow",
    "Rhythm",
    "Role",
    "Rounding",
    "RoundingMode",
    "RuleSource",
    "RunSummary",
    "SampleWorkforce",
    "Segment",
    "SegmentShare",
    "Source",
    "StaleVersion",
    "Statement",
    "StatementLine",
    "Step",
    "TeamCoverage",
    "TeamMember",
    "TeamPlan",
    "TeleaccordError",
    "TeleworkRequest",
    "Threshold",
    "ThresholdCounter",
    "ThresholdDomain",
    "ThresholdKind",
    "ThresholdTable",
    "Transition",
    "TransitionTable",
    "Violation",
    "Window",
    "WorkPattern",
    "Workflow",
    "__version__",
    "absence_kind",
    "absent_masks",
    "agreement_from_dict",
    "agreement_to_dict",
    "allowance_policy_from_dict",
    "allowance_policy_to_dict",
    "apply_transition",
    "cancellation_deadline",
    "check_booking",
    "code_info",
    "contract_from_rows",
    "crossborder_booking_rule",
    "crossborder_report",
    "crossborder_rule",
    "csv_schema",
    "dump_agreement",
    "dump_allowance_policy",
    "dump_lines",
    "dumps",
    "eligibility",
    "employee_balances",
    "entitlement",
    "entry_pool",
    "export_ical",
    "fold_balances",
    "fold_periods",
    "format_amount",
    "format_decimal",
    "from_data",
    "iso_week",
    "json_schema",
    "ledger_booking_rows",
    "load_agreement",
    "load_allowance_policy",
    "load_lines",
    "load_sample_agreement",
    "loads",
    "long_absence_days",
    "long_absence_share",
    "minimums_report",
    "month_range",
    "monthly_allowances",
    "on_site_requirement",
    "parse_amount",
    "parse_date",
    "parse_fraction",
    "parse_money",
    "period_sums",
    "periods_for_year",
    "read_absences",
    "read_adjustments",
    "read_bookings",
    "read_contract_rows",
    "read_contracts",
    "read_workforce",
    "realize",
    "render_mermaid",
    "replay",
    "sample_agreements",
    "sample_workforce",
    "serialisable_types",
    "silent_zeros",
    "telework_by_day",
    "to_data",
    "translate",
    "week_range",
    "window_quota",
    "workforce_balances",
    "write_balances",
    "write_bookings",
    "write_contracts",
    "year_range",
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
