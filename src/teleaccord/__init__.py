"""teleaccord: telework agreements as typed objects and exact arithmetic.

The public API is what this module exports; everything else may change.
"""

from teleaccord._version import __version__
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
    "Amendment",
    "Calendar",
    "Contract",
    "DateRange",
    "Granularity",
    "HalfDay",
    "Holiday",
    "InvalidValue",
    "LoadError",
    "NotAllowed",
    "OperationRefused",
    "Problem",
    "Rounding",
    "RoundingMode",
    "Segment",
    "StaleVersion",
    "TeleaccordError",
    "Violation",
    "WorkPattern",
    "__version__",
    "format_amount",
    "iso_week",
    "month_range",
    "parse_amount",
    "parse_date",
    "parse_fraction",
    "week_range",
    "year_range",
]
