"""``teleaccord report``: the team report, one self-contained HTML file to open in a browser.

A calendar per team (who teleworks, who is on site, holidays, anchor days, the days under a
coverage minimum with their figures), telework days per week against the agreement's limits,
the on-site share of each day, balances with their distribution, and the yearly figures of a
works council's (CSE) telework review. The file holds its CSS and SVG charts: it works offline.
With no data options it runs on the sample workforce shipped with teleaccord and its teams.
Needs the optional jinja2 package (pip install 'teleaccord[report]').

Examples::

    teleaccord report -o team-report.html
    teleaccord report --quarter 2025-Q2 --lang fr -o rapport.html
    teleaccord report --month 2025-03 --team claims --team support-it -o claims.html
    teleaccord report --quarter 2025-Q1 --policy allowance.toml -o with-allowances.html
    teleaccord report --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --teams teams.toml --from 2025-09-01 --to 2025-09-30 -o report.html
    teleaccord report --agreement accord.toml --contracts contracts.csv --bookings bookings.csv --absences absences.csv --teams teams.toml --month 2025-09 -o report.html
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import timedelta
from typing import Any

from teleaccord.allowance import ExemptionTable
from teleaccord.cli import options
from teleaccord.contract import Contract
from teleaccord.dates import DateRange, month_range
from teleaccord.errors import InvalidValue, Problem
from teleaccord.io.allowance_file import load_allowance_policy
from teleaccord.io.csv import read_workforce, sample_workforce
from teleaccord.io.html import write_report
from teleaccord.io.output import STDIO, check_output_path
from teleaccord.io.teams_file import load_teams, sample_teams
from teleaccord.locale import translate
from teleaccord.teamreport import team_report_from_records
from teleaccord.teams import Teams, TeamSpec

__all__ = ["OPTION_NAMES", "arguments", "period_of", "run"]


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord report``."""
    data = parser.add_argument_group(
        "data (default: the sample workforce shipped with teleaccord, its agreement and teams)"
    )
    options.add_agreement(data, "the sample workforce's, with no data files")
    options.add_data_files(data, "contracts", "bookings", "adjustments", "absences")
    options.add_file(
        data,
        "teams",
        "the teams file (TOML: members, roles, coverage rules, anchor days) (default: the "
        "sample's teams on the sample workforce, else one team per value of the contracts' "
        "team column, without coverage rules)",
    )
    options.add_encoding(data)
    when = parser.add_argument_group("the days shown (default: the data's first month)")
    choice = when.add_mutually_exclusive_group()
    choice.add_argument("--month", metavar="YYYY-MM", help="a calendar month")
    choice.add_argument("--quarter", metavar="YYYY-Qn", help="a calendar quarter (2025-Q2)")
    choice.add_argument("--from", dest="start", metavar="DATE", help="the first day shown")
    when.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        help="the last day shown, with --from (default: a month)",
    )
    parser.add_argument(
        "--team",
        metavar="NAME",
        action="append",
        default=None,
        help="show only this team (repeatable; default: every team)",
    )
    options.add_region(parser.add_argument_group("calendar"))
    money = parser.add_argument_group("allowances (shown when --policy is given)")
    options.add_file(
        money,
        "policy",
        "the telework allowance clause, a TOML file (see the allowances how-to): each "
        "team's allowances per month, with the monthly cap and the exemption limit drawn",
    )
    options.add_weekly_days(money)
    options.add_file(
        money,
        "limits",
        "your own table of exemption limits (default: the URSSAF limits shipped with teleaccord)",
    )
    out = parser.add_argument_group("output")
    options.add_output(out, "the HTML report")
    options.add_numbers(out, decimal_comma=False)


_SHOWN = 20
"""How many skipped rows are printed on stderr (the report lists them all)."""

_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")
_QUARTER = re.compile(r"\s*(\d{4})-?[Qq]([1-4])\s*")


def period_of(args: argparse.Namespace, default_year: int | None) -> DateRange:
    """The days ``--month``, ``--quarter`` or ``--from``/``--to`` name (default: January of
    ``default_year``).

    >>> import argparse
    >>> from teleaccord.cli.report import period_of
    >>> period_of(argparse.Namespace(month=None, quarter="2025-Q2", start=None, end=None), None)
    DateRange(start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30))
    """
    if args.end is not None and args.start is None:
        msg = "--to: give --from as well (the first day shown)."
        raise InvalidValue(msg, field="--to", code="missing_value")
    if args.month is not None:
        match = _MONTH.fullmatch(args.month)
        if match is None or not 1 <= int(match[2]) <= 12:
            msg = f"--month: expected a month such as 2025-03, got {args.month!r}."
            raise InvalidValue(msg, field="--month", code="invalid_date")
        options.day_option(f"{match[1]}-{int(match[2]):02d}-01", "--month")
        return month_range(int(match[1]), int(match[2]))
    if args.quarter is not None:
        match = _QUARTER.fullmatch(args.quarter)
        if match is None:
            msg = f"--quarter: expected a quarter such as 2025-Q2, got {args.quarter!r}."
            raise InvalidValue(msg, field="--quarter", code="invalid_date")
        first = options.day_option(f"{match[1]}-{3 * int(match[2]) - 2:02d}-01", "--quarter")
        last = month_range(first.year, first.month + 2).end
        return DateRange(first, last)
    if args.start is not None:
        start = options.day_option(args.start, "--from")
        if args.end is not None:
            end = options.day_option(args.end, "--to")
            if end < start:
                msg = f"--to: {end} is before --from {start}."
                raise InvalidValue(msg, field="--to", code="range_end_before_start")
        else:
            after = month_range(start.year, start.month).end + timedelta(days=1)
            end = after.replace(day=min(start.day, 28)) - timedelta(days=1)
            end = max(end, start)
        if (end - start).days > 366:
            msg = f"--to: show at most a year of days (one calendar column a day), got {start}..{end}."
            raise InvalidValue(msg, field="--to", code="range_too_long")
        return DateRange(start, end)
    if default_year is None:
        msg = "--month: say which days to show (--month 2025-03, --quarter 2025-Q2 or --from DATE)."
        raise InvalidValue(msg, field="--month", code="missing_period")
    return month_range(default_year, 1)


def _teams_from_contracts(contracts: list[Contract], period: DateRange) -> Teams:
    """One team per value of the contracts' ``team`` column during ``period``, no rules."""
    names = sorted(
        {seg.team for c in contracts for seg, _ in c.segments_in(period) if seg.team is not None}
    )
    return Teams(teams=[TeamSpec(name=n) for n in names])


def run(args: argparse.Namespace) -> int:
    """``teleaccord report``: the team report as one HTML file."""
    lang = options.language(args)
    files = (args.contracts, args.bookings, args.adjustments, args.absences)
    sample = None if any(files) else sample_workforce()
    options.check_contracts_and_bookings(sample, args.contracts, args.bookings)
    agreement = options.data_agreement(args, sample, "report is")
    period = period_of(args, sample.year if sample is not None else None)
    calendar = options.region_calendar(args, sample.country if sample else options.DEFAULT_COUNTRY)
    sources = [p for p in (*files, args.agreement, args.teams, args.policy, args.limits) if p]
    if args.output and args.output != STDIO:
        check_output_path(args.output, inputs=sources)
    teams: Teams | None = None
    if args.teams:
        teams = load_teams(args.teams)
    elif sample is not None:
        teams = sample_teams()
    records: Any
    problems: list[Problem] = []
    if sample is not None:
        records = list(sample.records(on_problem=problems.append))
    else:
        records = list(
            read_workforce(
                args.contracts,
                args.bookings,
                args.adjustments,
                encoding=args.encoding,
                unsorted="index",
                on_problem=problems.append,
                absences=args.absences,
            )
        )
    if teams is None:
        contracts = [r.contract.contract for r in records if r.contract is not None]
        teams = _teams_from_contracts(contracts, period)
    report = team_report_from_records(
        records,
        teams,
        period,
        agreement=agreement,
        calendar=calendar,
        only=args.team,
        problems=problems,
        allowance_policy=load_allowance_policy(args.policy) if args.policy else None,
        weekly_days=args.weekly_days,
        limits=ExemptionTable.load(args.limits) if args.limits else None,
    )
    for problem in report.problems[:_SHOWN]:
        print(f"{problem.path}: {translate(problem, lang)}", file=sys.stderr)
    if len(report.problems) > _SHOWN:
        print(
            f"... and {len(report.problems) - _SHOWN} more (listed in the report)", file=sys.stderr
        )
    write_report(report, args.output, lang=lang, exact=args.exact, inputs=sources)
    people = sum(len(s.rows) for s in report.teams)
    risk = sum(len(s.days_at_risk) for s in report.teams)
    where = f"written to {args.output}" if args.output and args.output != STDIO else "printed"
    print(
        f"teleaccord report: {len(report.teams)} teams, {people} people, "
        f"{len(report.period)} days ({report.period}), {risk} team-days at risk, "
        f"{len(report.problems)} rows skipped; {where}.",
        file=sys.stderr,
    )
    return options.EXIT_FOUND_PROBLEMS if report.problems else options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (
    ("--contracts", "--contracts"),
    ("team", "--team"),
    ("weekly_days", "--weekly-days"),
)
"""The option to name when an error's field is one of these keys."""
