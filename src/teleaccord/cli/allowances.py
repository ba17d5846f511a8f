"""``teleaccord allowances``: each employee's telework allowance per month: due, exempt, excess.

Compute the telework allowance of every employee for each month of a year, from the same
contracts and bookings files as 'teleaccord balances' (with no data options, the sample
workforce shipped with teleaccord): the month's telework days (active bookings; a half-day
counts as the policy says), the allowance due under the company's policy (rounded to the cent
once, monthly and yearly caps applied), the part exempt from social contributions under the
URSSAF limits in force that month, and the excess. The default policy pays 2.70 EUR a telework
day up to 59.40 EUR a month; give yours with --policy. Bookings are taken as recorded;
'teleaccord balances' reports those on days not worked.

Examples::

    teleaccord allowances
    teleaccord allowances --format csv > allowances.csv
    teleaccord allowances --contracts contracts.csv --bookings bookings.csv --year 2025 --policy allowance.toml
    teleaccord allowances --policy per-weekly-day.toml --weekly-days 2 --format json
    teleaccord allowances --limits my-limits.toml --year 2026
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from teleaccord.allowance import (
    AllowancePolicy,
    ExemptionTable,
    MonthlyAllowance,
    monthly_allowances,
)
from teleaccord.amounts import parse_amount
from teleaccord.cli import options
from teleaccord.dates import year_range
from teleaccord.errors import InvalidValue, Problem
from teleaccord.io.allowance_file import load_allowance_policy
from teleaccord.io.csv import read_workforce, sample_workforce
from teleaccord.io.output import neutralise_row
from teleaccord.locale import translate
from teleaccord.workforce import CANCELLED, EmployeeRecords

__all__ = ["OPTION_NAMES", "arguments", "run"]


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord allowances``."""
    data = parser.add_argument_group(
        "data (default: the sample workforce shipped with teleaccord and its year)"
    )
    options.add_data_files(data, "contracts", "bookings")
    options.add_encoding(data)
    data.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the calendar year whose months are reported (default: the sample's year)",
    )
    rules = parser.add_argument_group("allowance rules")
    options.add_file(
        rules,
        "policy",
        "the allowance clause, a TOML file (see the allowances how-to); default: "
        f"{_DEFAULT_POLICY_NAME!r}",
    )
    options.add_weekly_days(rules)
    options.add_file(
        rules,
        "limits",
        "your own table of exemption limits, a TOML file shaped like the packaged one "
        "(default: the URSSAF limits shipped with teleaccord)",
    )
    options.add_format(parser, "table", "csv", "json")
    options.add_output(parser, "the allowances")
    options.add_numbers(parser)
    options.add_keep_formulas(parser)


_DEFAULT_POLICY_NAME = "2.70 EUR a telework day, at most 59.40 EUR a month"


def _allowance_policy(args: argparse.Namespace) -> AllowancePolicy:
    if args.policy:
        return load_allowance_policy(args.policy)
    return AllowancePolicy(
        name=_DEFAULT_POLICY_NAME, kind="per-day", amount="2.70", monthly_cap="59.40"
    )


def _telework_days(records: EmployeeRecords) -> list[tuple[date, Fraction]]:
    """The (day, amount) of the employee's active bookings: a booking whose id has a
    cancelled row is not active, and a booking listed twice under its id counts once."""
    rows = list(records.bookings.rows(records.employee))
    cancelled = {r.booking_id for r in rows if r.status == CANCELLED and r.booking_id}
    seen: set[str] = set()
    found = []
    for r in rows:
        if r.status == CANCELLED or (r.booking_id and r.booking_id in cancelled | seen):
            continue
        if r.booking_id:
            seen.add(r.booking_id)
        found.append((r.day, Fraction(1) if r.half is None else Fraction(1, 2)))
    return found


def run(args: argparse.Namespace) -> int:
    """``teleaccord allowances``: every employee's telework allowance per month."""
    lang = options.language(args)
    if bool(args.contracts) != bool(args.bookings):
        msg = "--contracts and --bookings go together (or neither, for the sample workforce)."
        raise InvalidValue(msg, field="--contracts", code="missing_file")
    sample = None if args.contracts else sample_workforce()
    year = args.year if args.year is not None else (sample.year if sample else None)
    if year is None:
        msg = "--year: say which calendar year to report (--year YYYY)."
        raise InvalidValue(msg, field="--year", code="missing_period")
    period = year_range(year)
    policy = _allowance_policy(args)
    limits = ExemptionTable.load(args.limits) if args.limits else ExemptionTable.default()
    problems: list[Problem] = []
    if sample is not None:
        records = sample.records(on_problem=problems.append)
    else:
        records = read_workforce(
            args.contracts,
            args.bookings,
            **options.csv_reading(args),
            on_problem=problems.append,
            unsorted="index",
        )
    rows: list[dict[str, Any]] = []
    for record in records:
        if record.contract is None:
            if not record.contract_skipped:
                problems.append(
                    Problem(
                        record.bookings_source.name,
                        f"{record.employee} has bookings but no contract; skipped",
                        "no_contract",
                    )
                )
            continue
        contract = record.contract.contract
        months = monthly_allowances(
            policy,
            contract,
            _telework_days(record),
            period,
            weekly_days=args.weekly_days,
            limits=limits,
        )
        for month in months:
            if contract.presence(month.month) is None:
                continue
            rows.append(month.to_dict() if args.format == "json" else _allowance_row(month))
    for problem in problems:
        print(f"{problem.path}: {translate(problem, lang)}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        comma = options.decimal_comma(args)
        writer = csv.writer(sys.stdout, delimiter=";" if comma else ",", lineterminator="\n")
        writer.writerow(_ALLOWANCE_COLUMNS)
        shown = [_for_people(row, args) for row in rows]
        cells = (
            ["" if row[c] is None else str(row[c]) for c in _ALLOWANCE_COLUMNS] for row in shown
        )
        writer.writerows(cells if args.keep_formulas else map(neutralise_row, cells))
    else:
        print(_allowances_table(rows, policy, year, args))
    return options.EXIT_FOUND_PROBLEMS if problems else options.EXIT_OK


_ALLOWANCE_COLUMNS = ("employee", "month", "telework_days", "due", "exempt", "excess")


def _allowance_row(month: MonthlyAllowance) -> dict[str, Any]:
    data = month.to_dict()
    return {c: data[c] for c in _ALLOWANCE_COLUMNS}


_MONEY = ("due", "exempt", "excess")


def _money(text: str, comma: bool) -> str:
    return text.replace(".", ",") if comma else text


def _for_people(row: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """A row as people read it: days with two decimals (or exact with ``--exact``), money
    as it is, each with the decimal comma when asked."""
    comma = options.decimal_comma(args)
    shown = dict(row)
    shown["telework_days"] = options.amount_text(args)(parse_amount(row["telework_days"]))
    for key in _MONEY:
        shown[key] = _money(str(row[key]), comma)
    return shown


def _allowances_table(
    rows: list[dict[str, Any]], policy: AllowancePolicy, year: int, args: argparse.Namespace
) -> str:
    show = options.amount_text(args)
    comma = options.decimal_comma(args)
    title = f"Telework allowances of {year} under {policy.name!r}" + (
        "" if policy.describe() == policy.name else f" ({policy.describe()})"
    )
    days = Fraction(0)
    money = [Decimal(0), Decimal(0), Decimal(0)]
    table = [["employee", "month", "days", *_MONEY]]
    for row in rows:
        people = _for_people(row, args)
        table.append([people[c] for c in _ALLOWANCE_COLUMNS])
        days += parse_amount(row["telework_days"])
        money = [m + Decimal(row[k]) for m, k in zip(money, _MONEY, strict=True)]
    table.append(["total", str(len(rows)), show(days), *(_money(str(m), comma) for m in money)])
    # Columns as wide as their widest cell, at least as wide as they always were.
    widths = [max(len(line[i]) for line in table) for i in range(6)]
    widths = [max(w, least) for w, least in zip(widths, (10, 8, 6, 9, 9, 9), strict=True)]
    lines = [title, ""]
    for line in table:
        left = f"{line[0]:<{widths[0]}} {line[1]:<{widths[1]}}"
        lines.append(
            left + "".join(f" {c:>{w}}" for c, w in zip(line[2:], widths[2:], strict=True))
        )
    return "\n".join(lines)


OPTION_NAMES: tuple[tuple[str, str], ...] = (("weekly_days", "--weekly-days"), ("year", "--year"))
"""The option to name when an error's field is one of these keys."""
