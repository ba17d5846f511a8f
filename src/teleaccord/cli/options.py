"""What the subcommands share: :class:`Command`, the exit codes, and the options.

Each option that several subcommands take is defined once here (its name, metavar, default
and help), with the function that turns it into a value; a subcommand's module adds the ones
it takes and keeps only its own.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime
from fractions import Fraction
from types import ModuleType
from typing import Any, Protocol

import attrs

from teleaccord.agreement import Agreement, silent_zeros
from teleaccord.amounts import format_amount, format_decimal
from teleaccord.calendars import Calendar
from teleaccord.contract import Contract
from teleaccord.dates import check_year, parse_date
from teleaccord.errors import InvalidValue, LoadError
from teleaccord.io.agreement_file import (
    agreement_from_dict,
    load_agreement,
    load_sample_agreement,
    sample_agreements,
)
from teleaccord.io.csv import DATE_FORMATS, check_date_formats, check_encoding, read_contracts
from teleaccord.io.toml import parse_toml
from teleaccord.io.versions_file import load_agreement_or_history
from teleaccord.locale import LANGUAGES
from teleaccord.pattern import WorkPattern
from teleaccord.store import open_store
from teleaccord.versions import AgreementHistory
from teleaccord.workforce import EmployeeContract

__all__ = [
    "DEFAULT_COUNTRY",
    "DEFAULT_PATTERN",
    "EMPLOYEE_OPTIONS",
    "EXIT_BAD_INPUT",
    "EXIT_CODES_HELP",
    "EXIT_FOUND_PROBLEMS",
    "EXIT_INTERNAL_ERROR",
    "EXIT_OK",
    "SAMPLE_AGREEMENT",
    "STDIN",
    "Command",
    "Parser",
    "add_agreement",
    "add_anchor",
    "add_common",
    "add_data_files",
    "add_employee_arguments",
    "add_encoding",
    "add_files",
    "add_format",
    "add_keep_formulas",
    "add_lang",
    "add_numbers",
    "add_output",
    "add_pattern",
    "add_quiet",
    "add_region",
    "agreement_named",
    "agreement_of",
    "agreement_or_history_named",
    "amount_text",
    "aware_datetime",
    "check_stdin",
    "check_years",
    "country_of",
    "csv_reading",
    "day_option",
    "decimal_comma",
    "employee_contract",
    "input_files",
    "json_ready",
    "language",
    "region_calendar",
]

EXIT_OK = 0
"""The command did what was asked."""
EXIT_FOUND_PROBLEMS = 1
"""The run completed but found rule violations or skipped bad rows (reported)."""
EXIT_BAD_INPUT = 2
"""Bad input or usage: nothing was computed."""
EXIT_INTERNAL_ERROR = 3
"""A bug in teleaccord."""

EXIT_CODES_HELP = """\
exit codes:
  0  success
  1  the run completed but found rule violations or skipped bad rows (reported)
  2  bad input or usage (unknown option, invalid value, unreadable file): nothing computed
  3  internal error: a bug in teleaccord, please report it"""


@attrs.frozen(kw_only=True)
class Command:
    """One subcommand of ``teleaccord``.

    Args:
        name: what the user types (``calendar``).
        summary: one line for ``teleaccord --help``.
        description: what the subcommand does, for ``teleaccord NAME --help``.
        examples: command lines shown under "examples" in its help.
        arguments: declares the subcommand's arguments on its parser.
        run: does the work from the parsed arguments and returns an exit code; raises
            :class:`~teleaccord.errors.TeleaccordError` for bad input (exit code 2).
        option_names: which option to name when an error's ``field`` is one of these keys
            (``{"pattern.anchor": "--anchor"}``).

    >>> from teleaccord.cli import COMMANDS
    >>> "calendar" in [c.name for c in COMMANDS]
    True
    """

    name: str
    summary: str
    description: str
    examples: tuple[str, ...] = ()
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    option_names: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_module(cls, module: ModuleType) -> Command:
        """The subcommand a module of :mod:`teleaccord.cli` defines, named after the module.

        Its docstring is the help: the first paragraph (after ````teleaccord NAME``:``) the
        summary, the paragraph that follows the description, and the indented lines after
        ``Examples::`` the examples; its ``arguments``, ``run`` and ``OPTION_NAMES`` are the
        rest.

        >>> from teleaccord.cli import check
        >>> from teleaccord.cli.options import Command
        >>> command = Command.from_module(check)
        >>> command.name, command.summary
        ('check', 'would this booking pass, and every reason why not')
        """
        name = module.__name__.rpartition(".")[2].rstrip("_")  # import_ -> import
        text, _, examples = (module.__doc__ or "").partition("Examples::")
        first, _, description = text.strip().partition("\n\n")
        summary = " ".join(first.split()).removeprefix(f"``teleaccord {name}``: ")
        return cls(
            name=name,
            summary=summary.removesuffix("."),
            description=" ".join(description.split()),
            examples=tuple(line.strip() for line in examples.splitlines() if line.strip()),
            arguments=module.arguments,
            run=module.run,
            option_names=module.OPTION_NAMES,
        )


# -- the options -----------------------------------------------------------------------------

DEFAULT_COUNTRY = "FR"
"""The country of the public holidays when ``--country`` is not given (and the data do not
name theirs)."""
DEFAULT_PATTERN = "Mo Tu We Th Fr"
"""The work pattern when ``--pattern`` is not given."""
SAMPLE_AGREEMENT = "assistance-100-days"
"""The packaged agreement used when ``--agreement`` is not given to one employee's commands."""


class Parser(Protocol):
    """An argument parser or one of its groups: what options are added to."""

    def add_argument(self, *names: str, **options: Any) -> argparse.Action: ...


def add_agreement(parser: Parser, default: str) -> None:
    """``--agreement``: a TOML file, or the name of a packaged sample agreement; ``default``
    says what is used without it."""
    parser.add_argument(
        "--agreement",
        metavar="FILE",
        default=None,
        help="the agreement, a TOML file (or the name of a sample agreement such as "
        f"{SAMPLE_AGREEMENT}) (default: {default})",
    )


def agreement_named(name: str) -> Agreement:
    """The agreement ``--agreement`` names: a sample agreement's name, a TOML file, or ``-``
    for a TOML file on standard input.

    An agreement that would give zeros silently (:func:`~teleaccord.agreement.silent_zeros`:
    a maximum of 0, a ``year`` window with no envelope...) is refused, every reason listed.
    """
    if name == STDIN:
        data = sys.stdin.buffer.read()
        agreement = agreement_from_dict(parse_toml(data, "<stdin>"), "<stdin>")
    elif name.removesuffix(".toml") in sample_agreements():
        agreement = load_sample_agreement(name)
    else:
        agreement = load_agreement(name)
    problems = silent_zeros(agreement)
    if problems:
        raise LoadError.from_problems(name, problems)
    return agreement


def agreement_or_history_named(name: str) -> Agreement | AgreementHistory:
    """What ``--agreement`` names when a history is accepted: a sample agreement's name, an
    agreement file, or a history file (``[[versions]]``, :mod:`teleaccord.io.versions_file`);
    each agreement is checked as :func:`agreement_named` checks it. On standard input (``-``)
    it is an agreement file: a history names its versions' files, which stdin has no folder
    for."""
    if name == STDIN or name.removesuffix(".toml") in sample_agreements():
        return agreement_named(name)
    found = load_agreement_or_history(name)
    each = [v.agreement for v in found.versions] if isinstance(found, AgreementHistory) else [found]
    for agreement in each:
        problems = silent_zeros(agreement)
        if problems:
            raise LoadError.from_problems(name, problems)
    return found


def agreement_of(args: argparse.Namespace) -> Agreement:
    """The agreement ``--agreement`` names, else the packaged :data:`SAMPLE_AGREEMENT`."""
    return agreement_named(args.agreement or SAMPLE_AGREEMENT)


def add_region(parser: Parser) -> None:
    """``--country`` and ``--subdivision``: where the public holidays come from."""
    parser.add_argument(
        "--country",
        default=None,
        help=f"ISO country code of the public holidays (default: {DEFAULT_COUNTRY})",
    )
    parser.add_argument(
        "--subdivision",
        default=None,
        help=(
            "region of the public holidays: 57 (Moselle) or 6AE (Alsace) for Alsace-Moselle, "
            "971 Guadeloupe, 972 Martinique, 973 French Guiana, 974 La Reunion, 976 Mayotte; "
            "names such as Moselle are accepted (default: none, mainland France)"
        ),
    )


def country_of(args: argparse.Namespace, default: str = DEFAULT_COUNTRY) -> str:
    """The ``--country`` given, else ``default`` (the data's own country, or France)."""
    return str(args.country or default)


def region_calendar(args: argparse.Namespace, default: str = DEFAULT_COUNTRY) -> Calendar:
    """The calendar of the region ``--country`` and ``--subdivision`` name."""
    return Calendar(country=country_of(args, default), subdivision=args.subdivision)


def add_pattern(parser: Parser) -> None:
    """``--pattern``: the half-days worked."""
    parser.add_argument(
        "--pattern",
        default=None,
        help=(
            'the days worked, e.g. "Mo Tu Th Fr" (80 %% with Wednesday off), "Mo Tu We Th:am Fr" '
            '(Thursday afternoon off), "Mo Tu / We Th Fr Sa Su" (a two-week cycle, needs '
            f'--anchor) (default: "{DEFAULT_PATTERN}")'
        ),
    )


def add_anchor(parser: Parser) -> None:
    """``--anchor``: the first day of a rotating cycle."""
    parser.add_argument(
        "--anchor",
        metavar="DATE",
        default=None,
        help="first day of the first week of a rotating cycle, as YYYY-MM-DD",
    )


_DATA_FILES = {
    "contracts": "contracts CSV: one row per contract state (initial terms, then amendments)",
    "bookings": "bookings CSV: the days booked or cancelled",
    "adjustments": "adjustments CSV (optional)",
    "absences": "absences CSV (optional): leave, training...; no telework on an absent day",
    "attestations": "attestations of the prerequisites of telework: CSV (format "
    "'attestations') or JSON (.json)",
}


def add_file(parser: Parser, name: str, help: str) -> None:
    """An optional ``--name FILE`` option (default: none); ``help`` says what the file is."""
    parser.add_argument(f"--{name}", metavar="FILE", default=None, help=help)


def add_data_files(parser: Parser, *names: str) -> None:
    """``--contracts``, ``--bookings``, ``--adjustments``: the CSV files of the data."""
    for name in names:
        add_file(parser, name, _DATA_FILES[name])


def add_weekly_days(parser: Parser) -> None:
    """``--weekly-days N``: the weekly telework days of everyone, for a per-weekly-day
    allowance policy."""
    parser.add_argument(
        "--weekly-days",
        metavar="N",
        default=None,
        help="weekly telework days of every employee, for a per-weekly-day policy",
    )


def check_contracts_and_bookings(sample: object, contracts: object, bookings: object) -> None:
    """Without the sample workforce (``sample`` is ``None``), ``--contracts`` and the bookings
    (``--bookings``, or what stands for them) are both needed."""
    if sample is None and not (contracts and bookings):
        msg = "--contracts and --bookings go together (with --adjustments if you have one)."
        raise InvalidValue(msg, field="--contracts", code="missing_file")


def data_agreement(
    args: argparse.Namespace,
    sample: Any,
    what: str,
    named: Callable[[str], Any] = agreement_named,
) -> Any:
    """The agreement ``--agreement`` names (read by ``named``), else the sample workforce's;
    without both, the ``missing_agreement`` error saying ``what`` is computed under it
    (``"balances are"``)."""
    if args.agreement is not None:
        return named(args.agreement)
    if sample is None:
        msg = f"--agreement: give the agreement file the {what} computed under."
        raise InvalidValue(msg, field="--agreement", code="missing_agreement")
    return sample.agreement()


def add_files(parser: Parser, what: str) -> None:
    """``FILE...``: the files a subcommand reads, one or more; ``what`` says which."""
    parser.add_argument("files", nargs="+", metavar="FILE", help=what)


def _encoding_option(text: str) -> str:
    try:
        return check_encoding(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(exc.message.removeprefix("encoding: ")) from None


def _date_format_option(text: str) -> str:
    try:
        check_date_formats(text)
        return text
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(exc.message.removeprefix("date_format: ")) from None


class _DateFormatChoices(tuple[str, ...]):
    """The formats shell completion offers for ``--date-format``; argparse accepts any value
    its type checked (a format, or ``COLUMN=FORMAT`` items)."""

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str)


def add_encoding(parser: Parser) -> None:
    """``--encoding`` and ``--date-format``: how the data files are read (both detected on
    each file's first 64 KiB unless given)."""
    parser.add_argument(
        "--encoding",
        default=None,
        type=_encoding_option,
        help="encoding of the data files (default: detected on each file's first 64 KiB: "
        "UTF-8 with or without a byte-order mark, else cp1252; the summary says which)",
    )
    parser.add_argument(
        "--date-format",
        default=None,
        metavar="FORMAT",
        type=_date_format_option,
        choices=_DateFormatChoices(DATE_FORMATS),
        help=f"how the files write dates: {', '.join(DATE_FORMATS)} (or %%d/%%m/%%Y...), for "
        "every date column, or per column as COLUMN=FORMAT, several separated by commas "
        "(default: detected per column; dates with / are read day first, 02/09/2019 is "
        "2 September; a column whose dates read month first is refused until this is given)",
    )


def csv_reading(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of the CSV readers that ``--encoding`` and ``--date-format`` give.

    >>> import argparse
    >>> from teleaccord.cli.options import csv_reading
    >>> csv_reading(argparse.Namespace(encoding=None, date_format="dd/mm/yyyy"))
    {'encoding': None, 'date_format': 'dd/mm/yyyy'}
    """
    return {
        "encoding": getattr(args, "encoding", None),
        "date_format": getattr(args, "date_format", None),
    }


_FORMATS = {
    "text": "text for people",
    "table": "table for people",
    "csv": "csv",
    "json": "json for programs",
    "jsonl": "jsonl (one object a line)",
    "ical": "ical (iCalendar, needs the ical extra)",
}


def add_format(parser: Parser, *choices: str, amounts: bool = True) -> None:
    """``--format``: the first of ``choices`` is the default; ``amounts`` says that the
    output holds day amounts (always exact)."""
    first, *others = (_FORMATS[c] for c in choices)
    listed = ", ".join(others[:-1]) + (" or " if len(others) > 1 else "") + others[-1]
    exact = "; JSON amounts are exact: 40.5 or 100/3" if amounts else ""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"{first} (default), {listed}{exact}",
    )


def add_numbers(parser: Parser, decimal_comma: bool = True) -> None:
    """``--exact`` and ``--decimal-comma``: how figures are written for people.

    By default day amounts show two decimals, rounded half-up for display only
    (:func:`~teleaccord.amounts.format_decimal`); ``--exact`` shows the exact values
    (``6564/73``). JSON is always exact."""
    parser.add_argument(
        "--exact",
        action="store_true",
        help="show exact day amounts (40.5, 6564/73) instead of two decimals (89.92); "
        "JSON is always exact",
    )
    if decimal_comma:
        parser.add_argument(
            "--decimal-comma",
            action="store_true",
            help="write 40,50 rather than 40.50 (the default with --lang fr)",
        )


def decimal_comma(args: argparse.Namespace) -> bool:
    """Whether figures for people use the decimal comma: ``--decimal-comma``, or French.

    >>> import argparse
    >>> from teleaccord.cli.options import decimal_comma
    >>> decimal_comma(argparse.Namespace(decimal_comma=False, lang="fr"))
    True
    """
    return bool(getattr(args, "decimal_comma", False)) or language(args) == "fr"


def amount_text(args: argparse.Namespace) -> Callable[[Fraction], str]:
    """How day amounts are written for people under ``--exact`` and ``--decimal-comma``.

    >>> import argparse
    >>> from fractions import Fraction
    >>> from teleaccord.cli.options import amount_text
    >>> show = amount_text(argparse.Namespace(exact=False, decimal_comma=False, lang="en"))
    >>> show(Fraction(6564, 73)), show(Fraction(100))
    ('89.92', '100.00')
    >>> amount_text(argparse.Namespace(exact=True, decimal_comma=True, lang="en"))(Fraction(81, 2))
    '40,5'
    """
    comma = decimal_comma(args)
    if getattr(args, "exact", False):
        if comma:
            return lambda value: format_amount(value).replace(".", ",")
        return format_amount
    return lambda value: format_decimal(value, comma=comma)


def add_output(parser: Parser, what: str) -> None:
    """``--output``/``-o``: where the result goes instead of stdout."""
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        default=None,
        help=f"write {what} to FILE (once the run is complete) instead of stdout",
    )


def add_lang(parser: Parser) -> None:
    """``--lang``: the language of messages for people (errors, problems, violations)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=(
            "language of the messages: en or fr (default: fr when LC_ALL, LC_MESSAGES or "
            "LANG start with 'fr', else en); JSON keeps the English message beside the code"
        ),
    )


def language(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> str:
    """The language chosen by ``--lang``, else by the locale variables, else English.

    >>> import argparse
    >>> from teleaccord.cli.options import language
    >>> language(argparse.Namespace(lang=None), {"LANG": "fr_FR.UTF-8"})
    'fr'
    >>> language(argparse.Namespace(lang="en"), {"LANG": "fr_FR.UTF-8"})
    'en'
    """
    chosen: str | None = getattr(args, "lang", None)
    if chosen:
        return chosen
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


_INPUT_OPTIONS = (
    "agreement",
    "contracts",
    "bookings",
    "adjustments",
    "policy",
    "limits",
    "teams",
    "wishes",
    "absences",
    "attestations",
)

STDIN = "-"
"""The file name that means standard input (for an input) or standard output (an output)."""


def check_stdin(args: argparse.Namespace) -> None:
    """Refuse a run that would read standard input (``-``) for two of its inputs.

    >>> import argparse
    >>> from teleaccord.cli.options import check_stdin
    >>> check_stdin(argparse.Namespace(contracts="-", bookings="b.csv"))
    >>> check_stdin(argparse.Namespace(contracts="-", bookings="-"))
    Traceback (most recent call last):
    ...
    teleaccord.errors.InvalidValue: -: standard input can be read once; give '-' for one input only (--contracts, --bookings).
    """
    named = [f"--{n}" for n in _INPUT_OPTIONS if getattr(args, n, None) == STDIN]
    named += ["FILE"] * sum(1 for f in getattr(args, "files", None) or () if f == STDIN)
    if len(named) > 1:
        msg = (
            f"-: standard input can be read once; give '-' for one input only ({', '.join(named)})."
        )
        raise InvalidValue(msg, field="-", code="conflicting_options")


def input_files(args: argparse.Namespace) -> list[str]:
    """The files a run reads (its file options and positional files), which no output of the
    run may replace.

    >>> import argparse
    >>> from teleaccord.cli.options import input_files
    >>> input_files(argparse.Namespace(contracts="c.csv", bookings=None, files=["a.toml"]))
    ['c.csv', 'a.toml']
    """
    found = [getattr(args, name, None) for name in _INPUT_OPTIONS]
    found.extend(getattr(args, "files", None) or ())
    return [path for path in found if isinstance(path, str) and path and path != "-"]


def add_common(parser: Parser) -> None:
    """The options every subcommand takes: ``--lang`` and ``--quiet``."""
    add_lang(parser)
    add_quiet(parser)


def add_quiet(parser: Parser) -> None:
    """``--quiet``/``-q``: nothing on stderr but an error that stops the run."""
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing on stderr (problems, summary, progress, warnings) but an error "
        "that stops the run; the exit code still says whether problems were found",
    )


def add_keep_formulas(parser: Parser) -> None:
    """``--keep-formulas``: CSV cells that look like spreadsheet formulas are written as they
    are, without the protective quote (for programs, never for a spreadsheet)."""
    parser.add_argument(
        "--keep-formulas",
        action="store_true",
        help=(
            "in CSV, write cells starting with = + - @ as they are; by default they get a "
            "quote before them so a spreadsheet shows them instead of running them"
        ),
    )


# -- one employee's contract -----------------------------------------------------------------


def add_employee_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that name an agreement, a calendar and one employee's contract."""
    add_agreement(parser, f"the packaged sample {SAMPLE_AGREEMENT!r}")
    source = parser.add_argument_group(
        "the contract, from a contracts CSV file (with --employee) or from options"
    )
    add_data_files(source, "contracts")
    add_encoding(source)
    source.add_argument(
        "--employee", metavar="ID", default=None, help="the employee identifier (matricule)"
    )
    source.add_argument("--hired", metavar="DATE", default=None, help="hire date, YYYY-MM-DD")
    source.add_argument(
        "--last-day", metavar="DATE", default=None, help="last day of the contract, if known"
    )
    source.add_argument(
        "--fraction",
        default=None,
        help='work fraction: "80%%", 0.8 or 4/5 (default: from --pattern, else full time)',
    )
    add_pattern(source)
    add_anchor(source)
    source.add_argument("--category", default=None, help="job category (for eligibility)")
    source.add_argument("--site", default=None, help="work site (for eligibility)")
    source.add_argument(
        "--status",
        metavar="NAME",
        nargs="+",
        action="extend",
        default=[],
        help="statuses giving extra days, e.g. carer disabled (repeatable)",
    )
    add_region(parser)


EMPLOYEE_OPTIONS = (
    ("hired", "--hired"),
    ("last_day", "--last-day"),
    ("fraction", "--fraction"),
    ("pattern", "--pattern"),
    ("pattern.anchor", "--anchor"),
    ("employee", "--employee"),
    ("country", "--country"),
    ("subdivision", "--subdivision"),
    ("day", "--date"),
    ("at", "--at"),
)
"""The option to name for each field of an error about one employee's options."""


def employee_contract(args: argparse.Namespace) -> EmployeeContract:
    """The :class:`~teleaccord.workforce.EmployeeContract` the options name."""
    if args.contracts:
        if not args.employee:
            msg = "--employee: name the employee to read from --contracts (its identifier)."
            raise InvalidValue(msg, field="--employee", code="missing_value")
        options = [
            name
            for name in ("hired", "last_day", "fraction", "pattern", "anchor", "category", "site")
            if getattr(args, name) is not None
        ]
        if options or args.status:
            given = ", ".join("--" + n.replace("_", "-") for n in options or ["status"])
            msg = f"--contracts: give the contract either as a file or as options, not both ({given})."
            raise InvalidValue(msg, field="--contracts", code="conflicting_options")
        # The whole file is read, as balances and validate read it: a file with problems
        # (split or duplicate rows of any employee) gets the same verdict from every command.
        for found in list(read_contracts(args.contracts, **csv_reading(args))):
            if found.employee == args.employee:
                return found
        msg = f"--employee: {args.employee!r} has no contract in {args.contracts}."
        raise InvalidValue(msg, field="--employee", code="unknown_employee")
    if not args.hired:
        msg = (
            "--hired: give the contract, either --hired DATE (with --fraction, --pattern...) "
            "or --contracts FILE --employee ID."
        )
        raise InvalidValue(msg, field="--hired", code="missing_value")
    pattern = None
    if args.pattern is not None or args.anchor is not None:
        pattern = WorkPattern.parse(args.pattern or DEFAULT_PATTERN, anchor=args.anchor)
    contract = Contract.from_amendments(
        employee=args.employee or "employee",
        hired=args.hired,
        last_day=args.last_day,
        fraction=args.fraction,
        pattern=pattern,
        category=args.category,
        site=args.site,
    )
    statuses = [(contract.hired, frozenset(args.status))] if args.status else []
    return EmployeeContract(contract=contract, statuses=statuses)


# -- values ----------------------------------------------------------------------------------


def check_years(args: argparse.Namespace) -> None:
    """Refuse a year option (``--year``, ``calendar YEAR``) the calendars do not cover."""
    year = getattr(args, "year", None)
    if year is not None:
        check_year(year, field="year")


def day_option(text: str, field: str) -> date:
    """A date from an option, in a year the calendars cover."""
    day = parse_date(text, field=field)
    check_year(day.year, field=field)
    return day


def aware_datetime(text: str, field: str) -> datetime:
    """A date and time with its UTC offset, from an option (``Z`` for UTC)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        msg = f"{field}: expected a date and time such as 2025-03-03T18:00:00+01:00, got {text!r}."
        raise InvalidValue(msg, field=field, code="invalid_datetime") from None
    if value.tzinfo is None:
        msg = f"{field}: {text!r} has no UTC offset; add one, e.g. {text}+01:00."
        raise InvalidValue(msg, field=field, code="naive_datetime")
    return value


def json_ready(value: Any) -> Any:
    """A value with its fractions and dates as text, for ``json.dumps``.

    >>> from datetime import date
    >>> from fractions import Fraction
    >>> from teleaccord.cli.options import json_ready
    >>> json_ready({"days": [Fraction(81, 2), date(2025, 3, 4)]})
    {'days': ['40.5', '2025-03-04']}
    """
    if isinstance(value, Fraction):
        return format_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    return value


# -- stores (teleaccord.store) ---------------------------------------------------------------

DEFAULT_TENANT = "default"
"""The employer (tenant) of a store's rows when ``--tenant`` is not given."""


def add_store(parser: Parser, what: str) -> None:
    """``--store`` (a SQLite file or a ``postgresql://`` URL) and ``--tenant``."""
    parser.add_argument(
        "--store",
        metavar="DB",
        default=None,
        help=f"{what}: a SQLite file (ledgers.db) or a postgresql:// URL",
    )
    parser.add_argument(
        "--tenant",
        default=DEFAULT_TENANT,
        help=f"the employer whose ledgers the store holds (default: {DEFAULT_TENANT})",
    )


def opened_store(target: str, *, create: bool) -> Any:
    """The store ``--store`` names (:func:`teleaccord.store.open_store`); a SQLite file must
    exist unless ``create``."""
    is_url = target.startswith(("postgresql://", "postgres://"))
    if not create and not is_url and not os.path.exists(target):
        msg = f"--store: {target} does not exist; create it with teleaccord import."
        raise InvalidValue(msg, field="--store", code="missing_file")
    return open_store(target)
