"""The ``teleaccord`` command.

Each subcommand is a module of this package, made into a :class:`Command` one way
(:meth:`Command.from_module`): its docstring is its help (summary, description, examples), its
``arguments(parser)`` declares its arguments, its ``run(args)`` does the work and returns an
exit code, and its ``OPTION_NAMES`` say which option an error is about. The options several
subcommands take are defined once, in :mod:`teleaccord.cli.options`. :data:`COMMANDS` lists
the subcommands; to add one, write its module and add it to that list.

Exit codes (documented in ``teleaccord --help``):

- ``0``: success;
- ``1``: the run completed but found rule violations or skipped bad rows (they are reported);
- ``2``: bad input or usage, nothing was computed (a :class:`~teleaccord.errors.TeleaccordError`
  raised from the input is printed as one message on stderr, without a traceback);
- ``3``: an internal error, a bug in teleaccord.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import textwrap
import traceback
from collections.abc import Sequence
from typing import IO

from teleaccord import __version__
from teleaccord.cli import (
    allowances,
    balances,
    calendar,
    check,
    completion,
    disconnect,
    entitlement,
    export,
    ical,
    import_,
    minimums,
    options,
    plan,
    prerequisites,
    report,
    validate,
)
from teleaccord.cli.options import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_FOUND_PROBLEMS,
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    Command,
)
from teleaccord.errors import TeleaccordError
from teleaccord.io.output import STDIO, open_output
from teleaccord.locale import translate

__all__ = [
    "COMMANDS",
    "EXIT_BAD_INPUT",
    "EXIT_FOUND_PROBLEMS",
    "EXIT_INTERNAL_ERROR",
    "EXIT_OK",
    "Command",
    "build_parser",
    "main",
]

COMMANDS: tuple[Command, ...] = tuple(
    Command.from_module(module)
    for module in (
        calendar,
        balances,
        entitlement,
        check,
        allowances,
        validate,
        ical,
        import_,
        export,
        report,
        completion,
        disconnect,
        plan,
        minimums,
        prerequisites,
    )
)
"""Every subcommand, in the order ``teleaccord --help`` lists them."""


# -- the parser and the entry point ----------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The ``teleaccord`` argument parser with every subcommand of :data:`COMMANDS`.

    >>> from teleaccord.cli import build_parser
    >>> build_parser().parse_args(["calendar", "2025", "--subdivision", "57"]).subdivision
    '57'
    """
    parser = argparse.ArgumentParser(
        prog="teleaccord",
        description=textwrap.fill(
            "Telework agreements as typed objects and exact arithmetic: working days, "
            "contracts, prorated quotas, ledgers and approvals.",
            88,
        ),
        epilog=(
            "Run 'teleaccord SUBCOMMAND --help' for the options and examples of each.\n\n"
            + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"teleaccord {__version__}")
    # No metavar: the usage line lists {calendar,...}, which the docs read to document each.
    subparsers = parser.add_subparsers(title="subcommands", dest="command")
    for command in COMMANDS:
        examples = "\n".join(f"  {line}" for line in command.examples)
        sub = subparsers.add_parser(
            command.name,
            help=command.summary,
            description=textwrap.fill(command.description, 88),
            epilog=(f"examples:\n{examples}\n\n" if examples else "") + EXIT_CODES_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.arguments(sub)
        options.add_common(sub)
        sub.set_defaults(command_object=command)
    return parser


def _error_line(command: Command | None, error: TeleaccordError, lang: str = "en") -> str:
    where = f"teleaccord {command.name}" if command else "teleaccord"
    message = translate(error, lang)
    option = dict(command.option_names).get(error.field or "") if command else None
    if option and error.field:
        for separator in (": ", " : "):  # English, French
            if message.startswith(f"{error.field}{separator}"):
                message = f"{option}{separator}{message[len(error.field) + len(separator) :]}"
                break
    return f"{where}: {'erreur' if lang == 'fr' else 'error'}: {message}"


# Commands that write their own output files (atomically, with checks of their own).
_WRITE_THEIR_OWN = frozenset({"balances", "ical", "report"})


def _run(command: Command, args: argparse.Namespace) -> int:
    """Run ``command``; with ``-o FILE`` what it prints goes to FILE, written atomically, and
    never over one of the run's inputs (:mod:`teleaccord.io.output`)."""
    target = getattr(args, "output", None)
    with contextlib.ExitStack() as stack:
        if getattr(args, "quiet", False):
            # What a run says on stderr (problems, summary, progress, warnings) is dropped;
            # an error that stops it is printed by main, and the exit code still tells.
            stack.enter_context(contextlib.redirect_stderr(stack.enter_context(_devnull())))
        if command.name not in _WRITE_THEIR_OWN and target and target != STDIO:
            out = stack.enter_context(open_output(target, inputs=options.input_files(args)))
            stack.enter_context(contextlib.redirect_stdout(out))
        code = command.run(args)
    return code


def _devnull() -> IO[str]:
    return open(os.devnull, "w", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``teleaccord`` with ``argv`` (default: the process arguments); return the exit code.

    >>> from teleaccord.cli import main
    >>> main(["calendar", "2025", "--country", "ZZ"])
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors: argparse has printed
        return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    command: Command | None = getattr(args, "command_object", None)
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        options.check_years(args)
        options.check_stdin(args)
        return _run(command, args)
    except TeleaccordError as error:
        print(_error_line(command, error, options.language(args)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader went away (`teleaccord ... | head`)
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the last resort: report it, never hide it
        traceback.print_exc(file=sys.stderr)
        print(
            f"teleaccord {command.name}: internal error ({type(error).__name__}: {error}). "
            "This is a bug in teleaccord; please report it with the command line.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
