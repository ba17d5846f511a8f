"""``teleaccord calendar``: public holidays and working days of a year, for a region and a work
pattern.

Print the public holidays of YEAR for a country and region, then the working days of each month
for a work pattern, and the year's totals. A day counts as a working day when any half-day of
it is worked; the 'Worked' column counts half-days as 1/2. Holidays and closures are days off,
unless a holiday is marked worked (--worked-holiday) or the pattern works holidays
(--works-holidays); a closure is never worked.

Examples::

    teleaccord calendar 2025
    teleaccord calendar 2025 --country FR --subdivision 57 --pattern "Mo Tu Th Fr"
    teleaccord calendar 2025 --subdivision 974 --pattern "Mo Tu We Th:am Fr"
    teleaccord calendar 2025 --pattern "Mo Tu / We Th Fr Sa Su" --anchor 2024-12-30 --works-holidays
    teleaccord calendar 2025 --closure 2025-12-22..2025-12-31 --worked-holiday "Pentecost Monday"
    teleaccord calendar 2025 --subdivision Alsace --format json
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from teleaccord.amounts import format_amount
from teleaccord.calendars import Calendar, Holiday
from teleaccord.cli import options
from teleaccord.dates import DateRange, month_range, parse_date, year_range
from teleaccord.errors import InvalidValue
from teleaccord.pattern import WorkPattern

__all__ = ["OPTION_NAMES", "arguments", "run"]

_REGION_NAMES = {
    ("FR", None): "mainland France",
    ("FR", "57"): "Moselle, Alsace-Moselle",
    ("FR", "6AE"): "Alsace, Alsace-Moselle",
    ("FR", "971"): "Guadeloupe",
    ("FR", "972"): "Martinique",
    ("FR", "973"): "French Guiana",
    ("FR", "974"): "La Reunion",
    ("FR", "976"): "Mayotte",
}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord calendar``."""
    parser.add_argument("year", type=int, metavar="YEAR", help="the calendar year, e.g. 2025")
    options.add_region(parser)
    options.add_pattern(parser)
    options.add_anchor(parser)
    parser.add_argument(
        "--works-holidays",
        action="store_true",
        help="the pattern works the public holidays that fall on its days (a 24/7 service)",
    )
    parser.add_argument(
        "--closure",
        metavar="DATE",
        nargs="+",
        action="extend",
        default=[],
        help="company closure days, as YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD (repeatable)",
    )
    parser.add_argument(
        "--worked-holiday",
        metavar="NAME_OR_DATE",
        nargs="+",
        action="extend",
        default=[],
        help=(
            'holidays worked anyway (the solidarity day), by English name ("Pentecost Monday") '
            "or date (repeatable)"
        ),
    )
    options.add_format(parser, "text", "json")
    options.add_output(parser, "the calendar report")


def _closures(values: Sequence[str]) -> list[date | DateRange]:
    found: list[date | DateRange] = []
    for value in values:
        start, dots, end = value.partition("..")
        if dots:
            found.append(
                DateRange(parse_date(start, field="--closure"), parse_date(end, field="--closure"))
            )
        else:
            found.append(parse_date(value, field="--closure"))
    return found


def _is_date_text(value: str) -> bool:
    text = value.strip()
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


def _calendar_of(args: argparse.Namespace) -> tuple[Calendar, WorkPattern]:
    pattern = WorkPattern.parse(
        args.pattern or options.DEFAULT_PATTERN,
        anchor=args.anchor,
        works_holidays=args.works_holidays,
    )
    worked_days = [
        parse_date(v, field="--worked-holiday") for v in args.worked_holiday if _is_date_text(v)
    ]
    worked_names = [v for v in args.worked_holiday if not _is_date_text(v)]
    calendar = Calendar(
        country=options.country_of(args),
        subdivision=args.subdivision,
        closures=_closures(args.closure),
        worked_holidays=worked_days,
        worked_holiday_names=worked_names,
    )
    # A worked holiday that is no holiday of the year is a typo: say which ones exist.
    holidays = calendar.holidays(year_range(args.year))
    known = {h.name.casefold() for h in holidays}
    known |= {h.name.casefold() for h in calendar.holidays(year_range(args.year), language="fr")}
    for name in worked_names:
        if name.strip().casefold() not in known:
            listed = ", ".join(sorted({h.name for h in holidays}))
            msg = f"--worked-holiday: {name!r} is not a holiday of {args.year} here; the holidays are: {listed}."
            raise InvalidValue(
                msg,
                field="--worked-holiday",
                code="unknown_holiday",
                params={"names": [name], "known": sorted({h.name for h in holidays})},
            )
    days = {h.day for h in holidays}
    for day in worked_days:
        if day not in days:
            msg = f"--worked-holiday: {day} is not a public holiday of {args.year} here."
            raise InvalidValue(msg, field="--worked-holiday", code="unknown_holiday")
    return calendar, pattern


def _holiday_status(calendar: Calendar, pattern: WorkPattern, holiday: Holiday) -> str:
    if calendar.is_closed(holiday.day):
        return "closed"
    if not pattern.works_on(holiday.day):
        return "not a pattern day"
    if calendar.worked_mask(holiday.day, pattern):
        return "worked (marked worked)" if holiday.worked else "worked (pattern works holidays)"
    return "day off"


def _region(calendar: Calendar) -> str:
    name = _REGION_NAMES.get((calendar.country, calendar.subdivision))
    code = calendar.country + (f"-{calendar.subdivision}" if calendar.subdivision else "")
    return f"{name} ({code})" if name else code


def _days_per_week(pattern: WorkPattern) -> str:
    return format_amount(Fraction(pattern.half_days_per_cycle, 2 * len(pattern.weeks)))


def _calendar_report(args: argparse.Namespace) -> dict[str, Any]:
    calendar, pattern = _calendar_of(args)
    year = year_range(args.year)
    holidays = calendar.holidays(year, language=options.language(args))
    months = []
    for month in range(1, 13):
        days = month_range(args.year, month)
        months.append(
            {
                "month": f"{args.year}-{month:02d}",
                "name": _MONTHS[month - 1],
                "days": len(days),
                "holidays": sum(1 for h in holidays if h.day in days),
                "working_days": calendar.count_working_days(days, pattern),
                "worked": calendar.worked_amount(days, pattern),
            }
        )
    return {
        "year": args.year,
        "country": calendar.country,
        "subdivision": calendar.subdivision,
        "region": _region(calendar),
        "source": calendar.source,
        "pattern": str(pattern),
        "anchor": pattern.anchor,
        "works_holidays": pattern.works_holidays,
        "days_per_week": _days_per_week(pattern),
        "pattern_fraction": pattern.fraction,
        "closures": sorted(d for d in calendar.closures if d in year),
        "holidays": [
            {
                "date": h.day,
                "weekday": _WEEKDAYS[h.day.weekday()],
                "name": h.name,
                "worked": bool(calendar.worked_mask(h.day, pattern)),
                "marked_worked": h.worked,
                "status": _holiday_status(calendar, pattern, h),
            }
            for h in holidays
        ],
        "months": months,
        "total": {
            "days": len(year),
            "holidays": len(holidays),
            "working_days": calendar.count_working_days(year, pattern),
            "worked": calendar.worked_amount(year, pattern),
        },
    }


def _calendar_text(report: dict[str, Any]) -> str:
    total = report["total"]
    lines = [
        f"Working days of {report['year']} in {report['region']}",
        f"  holidays from: {report['source']}",
        f"  pattern: {report['pattern']} ({report['days_per_week']} days a week, "
        f"{format_amount(report['pattern_fraction'] * 100)} % of full time)"
        + (f", cycle anchored on {report['anchor']}" if report["anchor"] else "")
        + (", works public holidays" if report["works_holidays"] else ""),
    ]
    if report["closures"]:
        lines.append(f"  company closures: {len(report['closures'])} days of {report['year']}")
    worked = [h["name"] for h in report["holidays"] if h["marked_worked"]]
    if worked:
        lines.append(f"  holidays worked anyway: {', '.join(worked)}")
    lines += ["", f"Public holidays ({len(report['holidays'])})"]
    width = max((len(h["name"]) for h in report["holidays"]), default=10)
    for h in report["holidays"]:
        lines.append(f"  {h['date']}  {h['weekday']}  {h['name']:<{width}}  {h['status']}")
    lines += [
        "",
        f"  {'Month':<10} {'Days':>5} {'Holidays':>9} {'Working days':>13} {'Worked':>8}",
    ]
    for m in report["months"]:
        lines.append(
            f"  {m['name']:<10} {m['days']:>5} {m['holidays']:>9} {m['working_days']:>13} "
            f"{format_amount(m['worked']):>8}"
        )
    lines.append(
        f"  {'Total':<10} {total['days']:>5} {total['holidays']:>9} "
        f"{total['working_days']:>13} {format_amount(total['worked']):>8}"
    )
    lines += [
        "",
        f"{report['year']}: {total['working_days']} working days, "
        f"{format_amount(total['worked'])} days worked (a half-day counts 1/2).",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """``teleaccord calendar``: print a year's holidays and working days for a pattern."""
    report = _calendar_report(args)
    if args.format == "json":
        print(json.dumps(options.json_ready(report), indent=2, ensure_ascii=False))
    else:
        print(_calendar_text(report))
    return options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (
    ("year", "YEAR"),
    ("country", "--country"),
    ("subdivision", "--subdivision"),
    ("pattern", "--pattern"),
    ("pattern.anchor", "--anchor"),
    ("closures", "--closure"),
)
"""The option to name when an error's field is one of these keys."""
