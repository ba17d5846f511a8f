"""``teleaccord entitlement``: one employee's telework entitlement for a reference period,
explained.

Compute the telework days one employee is entitled to in one reference period of an agreement:
the exact figure and the figure rounded as the agreement says, then the explanation a person
can check by hand (presence and work fraction of each contract segment, extra days for
statuses, the formula, the rounding, the holidays used). The contract comes from a contracts
CSV file (--contracts with --employee) or from options (--hired, --fraction, --pattern...).
Eligibility problems, if any, are printed after the figure.

--agreement takes an agreement or an agreement history (versions in force from a date: each
version's quota over its own days). --forfait DAYS is a manager on a yearly forfait in days (no
weekly pattern; the basis is the days to be worked out of 218). --terms FILE gives employees
their own terms (a personal cap, a medical recommendation), applied and named in the
explanation.

Examples::

    teleaccord entitlement --hired 2025-07-01 --year 2025
    teleaccord entitlement --hired 2020-01-06 --fraction 80% --pattern "Mo Tu Th Fr" --year 2025
    teleaccord entitlement --hired 2024-03-01 --status carer --period-containing 2025-06-15
    teleaccord entitlement --hired 2025-02-10 --fraction 80% --year 2025 --exact
    teleaccord entitlement --agreement accord.toml --contracts contracts.csv --employee E0042 --year 2025 --format json
    teleaccord entitlement --agreement history.toml --hired 2019-03-01 --year 2025
    teleaccord entitlement --hired 2020-01-01 --forfait 150 --year 2025
    teleaccord entitlement --contracts contracts.csv --employee E0042 --terms terms.toml --year 2025

"""

from __future__ import annotations

import argparse
import json
import textwrap

from teleaccord.agreement import Agreement
from teleaccord.amounts import format_amount
from teleaccord.cli import options
from teleaccord.contract import Contract
from teleaccord.dates import DateRange
from teleaccord.entitlements import eligibility, entitlement
from teleaccord.errors import InvalidValue
from teleaccord.io.versions_file import load_individual_terms
from teleaccord.overrides import IndividualTerms, check_terms
from teleaccord.versions import AgreementHistory, agreement_in_force
from teleaccord.workforce import EmployeeContract, periods_for_year

__all__ = ["OPTION_NAMES", "arguments", "run"]


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``teleaccord entitlement``."""
    options.add_employee_arguments(parser)
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the reference period starting in that year (the year itself for most accords)",
    )
    when.add_argument(
        "--period-containing",
        metavar="DATE",
        help="the reference period that contains DATE",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="with progressive accrual, what is earned by DATE (default: the whole period)",
    )
    parser.add_argument(
        "--forfait",
        metavar="DAYS",
        type=int,
        default=None,
        help="a yearly forfait in days (forfait jours, 218 a full one): no weekly pattern, "
        "the entitlement's basis is the days to be worked (with --hired; not with --fraction, "
        "--pattern or --contracts)",
    )
    parser.add_argument(
        "--terms",
        metavar="FILE",
        default=None,
        help="an individual terms file (TOML, [employees.ID] tables: personal_cap, "
        "weekly_maximum, medical_days, medical_weekly_maximum, medical_source)",
    )
    options.add_format(parser, "text", "json")
    options.add_output(parser, "the entitlement")
    options.add_numbers(parser)


def _period_of(args: argparse.Namespace, agreement: Agreement | AgreementHistory) -> DateRange:
    if args.period_containing:
        day = options.day_option(args.period_containing, "--period-containing")
        period: DateRange = agreement.reference.containing(day)
        return period
    periods = periods_for_year(agreement, args.year)
    if len(periods) != 1:
        msg = (
            f"--year: {agreement.name!r} has {len(periods)} reference periods starting in "
            f"{args.year}; name one with --period-containing DATE."
        )
        raise InvalidValue(msg, field="--year", code="ambiguous_period")
    return periods[0]


def _employee(args: argparse.Namespace) -> EmployeeContract:
    """The contract the options name (a forfait in days with ``--forfait``)."""
    if args.forfait is None:
        return options.employee_contract(args)
    given = [
        option
        for option, value in (
            ("--contracts", args.contracts),
            ("--fraction", args.fraction),
            ("--pattern", args.pattern),
            ("--anchor", args.anchor),
        )
        if value
    ]
    if given:
        msg = (
            f"--forfait: a forfait in days has no work fraction or weekly pattern of its own; "
            f"remove {', '.join(given)}."
        )
        raise InvalidValue(msg, field="--forfait", code="conflicting_options")
    if not args.hired:
        msg = "--hired: a forfait in days needs the hire date (--hired DATE)."
        raise InvalidValue(msg, field="--hired", code="missing_value")
    contract = Contract.forfait_jours(
        employee=args.employee or "employee",
        hired=args.hired,
        days=args.forfait,
        last_day=args.last_day,
        category=args.category,
        site=args.site,
    )
    statuses = [(contract.hired, frozenset(args.status))] if args.status else []
    return EmployeeContract(contract=contract, statuses=statuses)


def _terms(args: argparse.Namespace, employee: str) -> IndividualTerms | None:
    """The employee's individual terms from ``--terms`` (``None``: none given for them)."""
    if not args.terms:
        return None
    return load_individual_terms(args.terms).get(employee)


def run(args: argparse.Namespace) -> int:
    """``teleaccord entitlement``: one employee's entitlement for one period, explained."""
    agreement = options.agreement_or_history_named(args.agreement or options.SAMPLE_AGREEMENT)
    employee = _employee(args)
    period = _period_of(args, agreement)
    as_of = options.day_option(args.as_of, "--as-of") if args.as_of else None
    terms = _terms(args, employee.contract.employee)
    if terms is not None:
        check_terms(agreement, terms)
    result = entitlement(
        agreement,
        employee.contract,
        period,
        options.region_calendar(args),
        statuses=sorted(employee.statuses_in(period)),
        as_of=as_of,
        terms=terms,
    )
    presence = employee.contract.presence(period)
    issues = (
        eligibility(
            agreement_in_force(agreement, presence.start), employee.contract, presence.start
        )
        if presence
        else ()
    )
    if args.format == "json":
        data = result.to_dict()
        data["eligibility"] = [v.to_dict() for v in issues]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return options.EXIT_OK
    shown = options.amount_text(args)(result.rounded)
    exact = format_amount(result.exact)
    if options.decimal_comma(args):
        exact = exact.replace(".", ",")
    print(
        f"{result.employee}, {period.start}..{period.end}, under {agreement.name!r}: "
        f"{shown} days (exactly {exact})"
    )
    print()
    print(textwrap.fill(result.describe(), 88))
    for violation in issues:
        print(f"\nNot eligible on {presence.start if presence else period.start}: {violation}")
    return options.EXIT_OK


OPTION_NAMES: tuple[tuple[str, str], ...] = (
    *options.EMPLOYEE_OPTIONS,
    ("as_of", "--as-of"),
    ("year", "--year"),
    ("days", "--forfait"),
)
"""The option to name when an error's field is one of these keys."""
