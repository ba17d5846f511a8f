"""teleaccord: telework agreements as typed objects and exact arithmetic.

The public API is what this module exports; everything else may change.
"""

from teleaccord._version import __version__
from teleaccord.agreement import (
    Accrual,
    AccrualStep,
    Agreement,
    Approval,
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
)
from teleaccord.amounts import (
    Granularity,
    Rounding,
    RoundingMode,
    format_amount,
    parse_amount,
    parse_fraction,
)
from teleaccord.calendars import Calendar, Holiday
from teleaccord.contract import Amendment, Contract, Segment
from teleaccord.dates import DateRange, iso_week, month_range, parse_date, week_range, year_range
from teleaccord.entitlement import (
    Entitlement,
    Explanation,
    SegmentShare,
    eligibility,
    entitlement,
    window_quota,
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
from teleaccord.pattern import HalfDay, WorkPattern

__all__ = [
    "Accrual",
    "AccrualStep",
    "Agreement",
    "Amendment",
    "Approval",
    "Calendar",
    "CarryOver",
    "CarryOverMode",
    "Contract",
    "DateRange",
    "Eligibility",
    "Entitlement",
    "Explanation",
    "Extra",
    "Granularity",
    "HalfDay",
    "Holiday",
    "InvalidValue",
    "LoadError",
    "NotAllowed",
    "Notice",
    "OnSiteMinimum",
    "OperationRefused",
    "PeriodKind",
    "PresenceBasis",
    "Problem",
    "Prorating",
    "Quota",
    "ReferencePeriod",
    "Rounding",
    "RoundingMode",
    "Segment",
    "SegmentShare",
    "StaleVersion",
    "TeleaccordError",
    "Violation",
    "Window",
    "WorkPattern",
    "__version__",
    "eligibility",
    "entitlement",
    "format_amount",
    "iso_week",
    "month_range",
    "parse_amount",
    "parse_date",
    "parse_fraction",
    "week_range",
    "window_quota",
    "year_range",
]
