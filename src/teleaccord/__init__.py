"""teleaccord: telework agreements as typed objects and exact arithmetic.

The public API is what this module exports; everything else may change. Renamed names keep
working for a while: importing one from here returns the new object with a
``DeprecationWarning`` that names the replacement (see ``_RENAMED`` below).
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

# One line per public name, in the explicit re-export form ``from module import Name as Name``
# (PEP 484's convention, what type checkers read as a re-export): adding or removing a name is
# one line here and one in __all__, and no import list here repeats another module's.
from teleaccord._version import __version__ as __version__
from teleaccord.absence import ABSENCE_KINDS as ABSENCE_KINDS
from teleaccord.absence import Absence as Absence
from teleaccord.absence import AbsenceKind as AbsenceKind
from teleaccord.absence import absence_kind as absence_kind
from teleaccord.absence import absent_masks as absent_masks
from teleaccord.absence import long_absence_days as long_absence_days
from teleaccord.absence import long_absence_share as long_absence_share
from teleaccord.agreement import DEFAULT_POOL as DEFAULT_POOL
from teleaccord.agreement import TELEWORK_KINDS as TELEWORK_KINDS
from teleaccord.agreement import Accrual as Accrual
from teleaccord.agreement import AccrualStep as AccrualStep
from teleaccord.agreement import Agreement as Agreement
from teleaccord.agreement import ApprovalClause as ApprovalClause
from teleaccord.agreement import CarryOver as CarryOver
from teleaccord.agreement import CarryOverMode as CarryOverMode
from teleaccord.agreement import Eligibility as Eligibility
from teleaccord.agreement import Extra as Extra
from teleaccord.agreement import Notice as Notice
from teleaccord.agreement import OnSiteMinimum as OnSiteMinimum
from teleaccord.agreement import PeriodKind as PeriodKind
from teleaccord.agreement import Pool as Pool
from teleaccord.agreement import PresenceBasis as PresenceBasis
from teleaccord.agreement import Prorating as Prorating
from teleaccord.agreement import Quota as Quota
from teleaccord.agreement import ReferencePeriod as ReferencePeriod
from teleaccord.agreement import Window as Window
from teleaccord.agreement import silent_zeros as silent_zeros
from teleaccord.allowance import AllowanceExplanation as AllowanceExplanation
from teleaccord.allowance import AllowanceKind as AllowanceKind
from teleaccord.allowance import AllowancePolicy as AllowancePolicy
from teleaccord.allowance import CappedLimit as CappedLimit
from teleaccord.allowance import CappedLimitTable as CappedLimitTable
from teleaccord.allowance import CappedRegime as CappedRegime
from teleaccord.allowance import DatedTable as DatedTable
from teleaccord.allowance import ExemptionLimit as ExemptionLimit
from teleaccord.allowance import ExemptionRegime as ExemptionRegime
from teleaccord.allowance import ExemptionTable as ExemptionTable
from teleaccord.allowance import FigureStatus as FigureStatus
from teleaccord.allowance import HalfDayCount as HalfDayCount
from teleaccord.allowance import MonthlyAllowance as MonthlyAllowance
from teleaccord.allowance import RuleSource as RuleSource
from teleaccord.allowance import YearlyCappedAmount as YearlyCappedAmount
from teleaccord.allowance import monthly_allowances as monthly_allowances
from teleaccord.allowance import parse_money as parse_money
from teleaccord.allowance import telework_by_day as telework_by_day
from teleaccord.allowance import yearly_capped_amount as yearly_capped_amount
from teleaccord.amounts import Granularity as Granularity
from teleaccord.amounts import Rounding as Rounding
from teleaccord.amounts import RoundingMode as RoundingMode
from teleaccord.amounts import format_amount as format_amount
from teleaccord.amounts import format_decimal as format_decimal
from teleaccord.amounts import parse_amount as parse_amount
from teleaccord.amounts import parse_fraction as parse_fraction
from teleaccord.approval import REQUEST_TRANSITIONS as REQUEST_TRANSITIONS
from teleaccord.approval import ApprovalPolicy as ApprovalPolicy
from teleaccord.approval import RequestState as RequestState
from teleaccord.approval import RequestWorkflow as RequestWorkflow
from teleaccord.approval import TeleworkRequest as TeleworkRequest
from teleaccord.approval import cancellation_deadline as cancellation_deadline
from teleaccord.approval import replay as replay
from teleaccord.arrangement import ARRANGEMENT_TRANSITIONS as ARRANGEMENT_TRANSITIONS
from teleaccord.arrangement import Arrangement as Arrangement
from teleaccord.arrangement import ArrangementState as ArrangementState
from teleaccord.arrangement import ArrangementWorkflow as ArrangementWorkflow
from teleaccord.arrangement import PlannedBooking as PlannedBooking
from teleaccord.arrangement import PlanResult as PlanResult
from teleaccord.arrangement import Rhythm as Rhythm
from teleaccord.calendars import Calendar as Calendar
from teleaccord.calendars import Holiday as Holiday
from teleaccord.charter import CHARTER_CLAUSES as CHARTER_CLAUSES
from teleaccord.charter import CHECK_NAMES as CHECK_NAMES
from teleaccord.charter import Charter as Charter
from teleaccord.charter import NotApplicable as NotApplicable
from teleaccord.charter import OnExpiry as OnExpiry
from teleaccord.charter import Requirement as Requirement
from teleaccord.charter import TimeWindow as TimeWindow
from teleaccord.codes import CODES as CODES
from teleaccord.codes import CodeInfo as CodeInfo
from teleaccord.codes import code_info as code_info
from teleaccord.compliance import COMPLIANCE_CHECKS as COMPLIANCE_CHECKS
from teleaccord.compliance import ComplianceCheck as ComplianceCheck
from teleaccord.compliance import ComplianceItem as ComplianceItem
from teleaccord.compliance import ComplianceReport as ComplianceReport
from teleaccord.compliance import ComplianceStatus as ComplianceStatus
from teleaccord.compliance import compliance_report as compliance_report
from teleaccord.contract import FULL_FORFAIT_DAYS as FULL_FORFAIT_DAYS
from teleaccord.contract import Amendment as Amendment
from teleaccord.contract import Contract as Contract
from teleaccord.contract import Segment as Segment
from teleaccord.coverage import CoverageRule as CoverageRule
from teleaccord.coverage import DayPlan as DayPlan
from teleaccord.coverage import HalfDayPlan as HalfDayPlan
from teleaccord.coverage import TeamCoverage as TeamCoverage
from teleaccord.coverage import TeamMember as TeamMember
from teleaccord.coverage import TeamPlan as TeamPlan
from teleaccord.crossborder import BusinessTrip as BusinessTrip
from teleaccord.crossborder import CrossBorderReport as CrossBorderReport
from teleaccord.crossborder import Signatory as Signatory
from teleaccord.crossborder import Threshold as Threshold
from teleaccord.crossborder import ThresholdCounter as ThresholdCounter
from teleaccord.crossborder import ThresholdDomain as ThresholdDomain
from teleaccord.crossborder import ThresholdKind as ThresholdKind
from teleaccord.crossborder import ThresholdTable as ThresholdTable
from teleaccord.crossborder import TripRule as TripRule
from teleaccord.crossborder import WeekCount as WeekCount
from teleaccord.crossborder import business_trips as business_trips
from teleaccord.crossborder import crossborder_booking_rule as crossborder_booking_rule
from teleaccord.crossborder import crossborder_report as crossborder_report
from teleaccord.crossborder import crossborder_rule as crossborder_rule
from teleaccord.dates import DateRange as DateRange
from teleaccord.dates import iso_week as iso_week
from teleaccord.dates import month_range as month_range
from teleaccord.dates import parse_date as parse_date
from teleaccord.dates import week_range as week_range
from teleaccord.dates import year_range as year_range
from teleaccord.disconnect import DAILY_REST_HOURS as DAILY_REST_HOURS
from teleaccord.disconnect import WEEKLY_REST_HOURS as WEEKLY_REST_HOURS
from teleaccord.disconnect import ActivityEvent as ActivityEvent
from teleaccord.disconnect import DisconnectReport as DisconnectReport
from teleaccord.disconnect import PersonDisconnect as PersonDisconnect
from teleaccord.disconnect import RestShortfall as RestShortfall
from teleaccord.disconnect import TeamDisconnect as TeamDisconnect
from teleaccord.disconnect import disconnect_report as disconnect_report
from teleaccord.entitlements import Entitlement as Entitlement
from teleaccord.entitlements import Explanation as Explanation
from teleaccord.entitlements import SegmentShare as SegmentShare
from teleaccord.entitlements import VersionShare as VersionShare
from teleaccord.entitlements import eligibility as eligibility
from teleaccord.entitlements import eligible_spans as eligible_spans
from teleaccord.entitlements import entitlement as entitlement
from teleaccord.entitlements import window_quota as window_quota
from teleaccord.entries import MAXIMUM_CODES as MAXIMUM_CODES
from teleaccord.entries import AbsenceRecord as AbsenceRecord
from teleaccord.entries import Adjustment as Adjustment
from teleaccord.entries import AuthorisedException as AuthorisedException
from teleaccord.entries import Booking as Booking
from teleaccord.entries import Cancellation as Cancellation
from teleaccord.entries import CarryOverIn as CarryOverIn
from teleaccord.entries import Entry as Entry
from teleaccord.entries import Expiry as Expiry
from teleaccord.entries import Forfeiture as Forfeiture
from teleaccord.entries import Grant as Grant
from teleaccord.entries import Regrant as Regrant
from teleaccord.errors import InvalidValue as InvalidValue
from teleaccord.errors import LoadError as LoadError
from teleaccord.errors import NotAllowed as NotAllowed
from teleaccord.errors import OperationRefused as OperationRefused
from teleaccord.errors import Problem as Problem
from teleaccord.errors import StaleVersion as StaleVersion
from teleaccord.errors import TeleaccordError as TeleaccordError
from teleaccord.errors import Violation as Violation
from teleaccord.fold import Balance as Balance
from teleaccord.fold import PeriodFlow as PeriodFlow
from teleaccord.fold import PeriodSums as PeriodSums
from teleaccord.fold import Statement as Statement
from teleaccord.fold import StatementLine as StatementLine
from teleaccord.fold import entry_pool as entry_pool
from teleaccord.fold import fold_balances as fold_balances
from teleaccord.fold import fold_chain as fold_chain
from teleaccord.fold import fold_periods as fold_periods
from teleaccord.fold import forfeit_reason as forfeit_reason
from teleaccord.fold import period_sums as period_sums
from teleaccord.fold import realize as realize
from teleaccord.io.agreement_file import agreement_from_dict as agreement_from_dict
from teleaccord.io.agreement_file import agreement_to_dict as agreement_to_dict
from teleaccord.io.agreement_file import dump_agreement as dump_agreement
from teleaccord.io.agreement_file import load_agreement as load_agreement
from teleaccord.io.agreement_file import load_sample_agreement as load_sample_agreement
from teleaccord.io.agreement_file import sample_agreements as sample_agreements
from teleaccord.io.allowance_file import allowance_policy_from_dict as allowance_policy_from_dict
from teleaccord.io.allowance_file import allowance_policy_to_dict as allowance_policy_to_dict
from teleaccord.io.allowance_file import dump_allowance_policy as dump_allowance_policy
from teleaccord.io.allowance_file import load_allowance_policy as load_allowance_policy
from teleaccord.io.csv import CSV_FORMATS as CSV_FORMATS
from teleaccord.io.csv import ContractRow as ContractRow
from teleaccord.io.csv import CsvColumn as CsvColumn
from teleaccord.io.csv import CsvFormat as CsvFormat
from teleaccord.io.csv import SampleWorkforce as SampleWorkforce
from teleaccord.io.csv import contract_from_rows as contract_from_rows
from teleaccord.io.csv import csv_schema as csv_schema
from teleaccord.io.csv import read_absences as read_absences
from teleaccord.io.csv import read_adjustments as read_adjustments
from teleaccord.io.csv import read_bookings as read_bookings
from teleaccord.io.csv import read_contract_rows as read_contract_rows
from teleaccord.io.csv import read_contracts as read_contracts
from teleaccord.io.csv import read_workforce as read_workforce
from teleaccord.io.csv import sample_workforce as sample_workforce
from teleaccord.io.csv import write_balances as write_balances
from teleaccord.io.csv import write_bookings as write_bookings
from teleaccord.io.csv import write_contracts as write_contracts
from teleaccord.io.html import render_report as render_report
from teleaccord.io.ical import export_ical as export_ical
from teleaccord.io.json import dump_lines as dump_lines
from teleaccord.io.json import dumps as dumps
from teleaccord.io.json import from_data as from_data
from teleaccord.io.json import json_schema as json_schema
from teleaccord.io.json import load_lines as load_lines
from teleaccord.io.json import loads as loads
from teleaccord.io.json import serialisable_types as serialisable_types
from teleaccord.io.json import to_data as to_data
from teleaccord.ledger import DaysTaken as DaysTaken
from teleaccord.ledger import QuotaLedger as QuotaLedger
from teleaccord.locale import LANGUAGES as LANGUAGES
from teleaccord.locale import translate as translate
from teleaccord.minimums import MinimumShortfall as MinimumShortfall
from teleaccord.minimums import MinimumsReport as MinimumsReport
from teleaccord.minimums import minimums_report as minimums_report
from teleaccord.overrides import IndividualTerms as IndividualTerms
from teleaccord.overrides import apply_terms as apply_terms
from teleaccord.overrides import check_terms as check_terms
from teleaccord.pattern import HalfDay as HalfDay
from teleaccord.pattern import WorkPattern as WorkPattern
from teleaccord.planner import PersonOutcome as PersonOutcome
from teleaccord.planner import Plan as Plan
from teleaccord.planner import PlanConflict as PlanConflict
from teleaccord.planner import PlannedDay as PlannedDay
from teleaccord.planner import RuleRef as RuleRef
from teleaccord.planner import Wish as Wish
from teleaccord.planner import book_plan as book_plan
from teleaccord.planner import greedy_plan as greedy_plan
from teleaccord.planner import plan_requests as plan_requests
from teleaccord.planner import plan_telework as plan_telework
from teleaccord.prerequisites import Attestation as Attestation
from teleaccord.prerequisites import ExpiringAttestation as ExpiringAttestation
from teleaccord.prerequisites import PrerequisiteCheck as PrerequisiteCheck
from teleaccord.prerequisites import PrerequisiteReport as PrerequisiteReport
from teleaccord.prerequisites import expiring_attestations as expiring_attestations
from teleaccord.prerequisites import missing_prerequisites as missing_prerequisites
from teleaccord.prerequisites import prerequisite_booking_rule as prerequisite_booking_rule
from teleaccord.prerequisites import prerequisite_check as prerequisite_check
from teleaccord.prerequisites import prerequisites_report as prerequisites_report
from teleaccord.prerequisites import valid_until as valid_until
from teleaccord.rules import BOOKING_RULES as BOOKING_RULES
from teleaccord.rules import BookingContext as BookingContext
from teleaccord.rules import check_booking as check_booking
from teleaccord.rules import on_site_requirement as on_site_requirement
from teleaccord.statemachine import SYSTEM as SYSTEM
from teleaccord.statemachine import AuditEvent as AuditEvent
from teleaccord.statemachine import BookingLedger as BookingLedger
from teleaccord.statemachine import Guard as Guard
from teleaccord.statemachine import Organisation as Organisation
from teleaccord.statemachine import Role as Role
from teleaccord.statemachine import Step as Step
from teleaccord.statemachine import Transition as Transition
from teleaccord.statemachine import TransitionTable as TransitionTable
from teleaccord.statemachine import Workflow as Workflow
from teleaccord.statemachine import apply_transition as apply_transition
from teleaccord.statemachine import render_mermaid as render_mermaid
from teleaccord.teamreport import CELL_STATES as CELL_STATES
from teleaccord.teamreport import TeamReport as TeamReport
from teleaccord.teamreport import team_report as team_report
from teleaccord.teamreport import team_report_from_records as team_report_from_records
from teleaccord.teams import Teams as Teams
from teleaccord.teams import TeamSpec as TeamSpec
from teleaccord.versions import AgreementHistory as AgreementHistory
from teleaccord.versions import AgreementVersion as AgreementVersion
from teleaccord.versions import agreement_in_force as agreement_in_force
from teleaccord.versions import governing_agreement as governing_agreement
from teleaccord.versions import pool_terms as pool_terms
from teleaccord.workforce import AbsenceRow as AbsenceRow
from teleaccord.workforce import AdjustmentRow as AdjustmentRow
from teleaccord.workforce import BalanceRow as BalanceRow
from teleaccord.workforce import BookingColumns as BookingColumns
from teleaccord.workforce import BookingRow as BookingRow
from teleaccord.workforce import EmployeeContract as EmployeeContract
from teleaccord.workforce import EmployeeRecords as EmployeeRecords
from teleaccord.workforce import FileCounts as FileCounts
from teleaccord.workforce import RunSummary as RunSummary
from teleaccord.workforce import Source as Source
from teleaccord.workforce import employee_balances as employee_balances
from teleaccord.workforce import ledger_booking_rows as ledger_booking_rows
from teleaccord.workforce import periods_for_year as periods_for_year
from teleaccord.workforce import workforce_balances as workforce_balances

__all__ = [
    "ABSENCE_KINDS",
    "ARRANGEMENT_TRANSITIONS",
    "BOOKING_RULES",
    "CELL_STATES",
    "CHARTER_CLAUSES",
    "CHECK_NAMES",
    "CODES",
    "COMPLIANCE_CHECKS",
    "CSV_FORMATS",
    "DAILY_REST_HOURS",
    "DEFAULT_POOL",
    "FULL_FORFAIT_DAYS",
    "LANGUAGES",
    "MAXIMUM_CODES",
    "REQUEST_TRANSITIONS",
    "SYSTEM",
    "TELEWORK_KINDS",
    "WEEKLY_REST_HOURS",
    "Absence",
    "AbsenceKind",
    "AbsenceRecord",
    "AbsenceRow",
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
    "AuthorisedException",
    "Balance",
    "BalanceRow",
    "Booking",
    "BookingColumns",
    "BookingContext",
    "BookingLedger",
    "BookingRow",
    "BusinessTrip",
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
    "DatedTable",
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
    "MinimumShortfall",
    "MinimumsReport",
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
    "Pool",
    "PrerequisiteCheck",
    "PrerequisiteReport",
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
    "TripRule",
    "VersionShare",
    "Violation",
    "WeekCount",
    "Window",
    "Wish",
    "WorkPattern",
    "Workflow",
    "YearlyCappedAmount",
    "__version__",
    "absence_kind",
    "absent_masks",
    "agreement_from_dict",
    "agreement_in_force",
    "agreement_to_dict",
    "allowance_policy_from_dict",
    "allowance_policy_to_dict",
    "apply_terms",
    "apply_transition",
    "book_plan",
    "business_trips",
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
    "entry_pool",
    "expiring_attestations",
    "export_ical",
    "fold_balances",
    "fold_chain",
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
    "long_absence_days",
    "long_absence_share",
    "minimums_report",
    "missing_prerequisites",
    "month_range",
    "monthly_allowances",
    "on_site_requirement",
    "parse_amount",
    "parse_date",
    "parse_fraction",
    "parse_money",
    "period_sums",
    "periods_for_year",
    "plan_requests",
    "plan_telework",
    "pool_terms",
    "prerequisite_booking_rule",
    "prerequisite_check",
    "prerequisites_report",
    "read_absences",
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
    >>> from teleaccord import ApprovalClause
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
