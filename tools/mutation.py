"""Mutation testing of teleaccord's domain core with mutmut 3, under a time budget.

Usage (from anywhere; the dev extra installs mutmut)::

    python tools/mutation.py                      # the whole core, 30 minutes
    python tools/mutation.py dates amounts --budget 600
    python tools/mutation.py fold --budget 300 --keep /tmp/mut   # keep the work dir
    python tools/mutation.py rules --tests tests/test_ledger.py   # run more tests too
    python tools/mutation.py rules --only 'teleaccord.rules.x__quota_terms__mutmut_*'  # a few

The script mutates the checkout it lives in (its ``src/``), whatever ``PYTHONPATH`` says: run
a worktree's copy to mutate that worktree.

The script copies ``src/``, ``tests/`` and ``pyproject.toml`` into a scratch directory (so
``mutants/`` never lands in the worktree), writes a ``[tool.mutmut]`` section there that mutates
only the modules asked for and runs only their tests (``tests/test_<module>.py``, the files
``ALSO_TESTED_BY`` names, ``tests/test_mutation_<module>.py``, plus the module's own doctests), runs ``mutmut run`` until it finishes or the budget is spent, and
prints the kill rate per module. Modules that do not exist yet (``fold``, ``statemachine``
while their branches are open) are reported as absent, not as an error.

The kill rate is killed / (killed + survived + timeout-free checked mutants): mutants not
reached within the budget are counted apart, as "not checked". A survivor is a change to the
code that no test noticed; ``mutmut show <name>`` in the kept directory prints its diff.

Exit status: 0 when the run completed or the budget ran out; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CORE = (
    "dates",
    "amounts",
    "calendars",
    "pattern",
    "contract",
    "entitlements",
    "fold",
    "rules",
    "statemachine",
)
"""The domain core: pure functions over values, where a surviving mutant is a missing test."""

KILLED = {"killed", "timeout", "caught by type check", "segfault"}
SURVIVED = {"survived", "suspicious"}


# Modules whose behaviour is also tested through the modules built on them: their tests run too.
ALSO_TESTED_BY = {
    "statemachine": ("approval", "arrangement"),
    "fold": (
        "ledger",
        "workforce",
        "carry_over",
        "statement_lines",
        "fold_figures",
        "version_switch",
    ),
    "entries": ("ledger",),
    "ledger": (
        "ledger_mutants",
        "ledger_incremental",
        "quota_refusals",
        "absence",
        "carry_over",
        "pools",
        "rules",
        "rules_refusals",
        "fold",
        "version_switch",
        "statement_lines",
        "validate_ledger",
        "workflow_versions",
        "overrides",
    ),
    # The ledger's state (split out of QuotaLedger in wave 7): the ledger's own tests.
    "ledgerindex": (
        "ledger",
        "ledger_mutants",
        "ledger_incremental",
        "ledger_api",
        "quota_refusals",
        "call_shortcuts",
        "pools",
        "carry_over",
        "io_jsonl",
    ),
    "rules": (
        "rules_mutants",
        "on_site_mutants",
        "ledger",
        "rules_refusals",
        "quota_refusals",
        "on_site_refusals",
        # The pools' views under agreement versions (wave 9: they kill 4 of _pool_views').
        "pools",
        "pool_versions",
    ),
    # grants_mutants: the explanation of a grant reduced by long absences ("as noted below");
    # entitlement_memo: a repeated call answered from the memo (wave 9: kills 9 of its mutants).
    "entitlements": (
        "entitlements_mutants",
        "entitlement_figures",
        "grants_mutants",
        "entitlement_memo",
    ),
    "absence": ("absence_mutants", "absence_policy"),
    "versions": ("versions_mutants", "version_switch", "pool_versions"),
    # Cut out of QuotaLedger in wave 6: tested through the ledger that calls them.
    "grants": (
        "grants_mutants",
        "ledger",
        "ledger_mutants",
        "overrides",
        "absence",
        "pools",
        "version_switch",
    ),
    "rollover": (
        "grants_mutants",
        "ledger",
        "ledger_mutants",
        "carry_over",
        "statement_lines",
        "fold_figures",
    ),
    "bookings": ("ledger", "ledger_mutants", "absence", "pools", "fold", "absence_requests"),
}


def module_files(
    modules: list[str], extra_tests: list[str] | None = None
) -> tuple[list[str], list[str], list[str]]:
    """Split ``modules`` into (present, absent) and list the tests that cover the present
    (plus ``extra_tests``, paths relative to the repository)."""
    present, absent, tests = [], [], list(extra_tests or ())
    for name in modules:
        source = ROOT / "src" / "teleaccord" / f"{name}.py"
        if not source.exists():
            absent.append(name)
            continue
        present.append(name)
        for covered in (name, *ALSO_TESTED_BY.get(name, ()), f"mutation_{name}"):
            if (ROOT / "tests" / f"test_{covered}.py").exists():
                tests.append(f"tests/test_{covered}.py")
        tests.append(f"src/teleaccord/{name}.py")  # the module's own doctests
    return present, absent, tests


def mutmut_section(present: list[str], tests: list[str], children: int) -> str:
    """The ``[tool.mutmut]`` section of the scratch copy's ``pyproject.toml``."""

    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"

    only = [f"src/teleaccord/{name}.py" for name in present]
    pytest_args = ["-p", "no:cacheprovider", "-q", "-x"]
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["src/teleaccord"]\n'
        f"only_mutate = {toml_list(only)}\n"
        f"pytest_add_cli_args = {toml_list(pytest_args)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        f"# {children} worker processes\n"
    )


def scratch_copy(target: Path, section: str) -> None:
    """Copy the project's sources and tests to ``target`` with ``section`` as mutmut's config."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants")
    shutil.copytree(ROOT / "src", target / "src", ignore=ignore)
    shutil.copytree(ROOT / "tests", target / "tests", ignore=ignore)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # Drop the repository's own [tool.mutmut] section: the scratch copy's replaces it.
    pyproject = re.sub(r"\n\[tool\.mutmut\]\n(?:(?!\n\[).)*", "\n", pyproject, flags=re.DOTALL)
    (target / "pyproject.toml").write_text(pyproject + section, encoding="utf-8")


def run_mutmut(workdir: Path, budget: float, children: int, only: list[str] | None = None) -> bool:
    """Run ``mutmut run`` in ``workdir``; return whether it finished within ``budget`` seconds.

    ``only``: mutant names or globs (``teleaccord.rules.x__quota_terms__mutmut_*``) to check,
    and no other. mutmut's progress display goes to ``workdir/mutmut.log``.
    """
    env = dict(os.environ)
    # The tests must import the mutated copy (mutants/src), not a checkout on PYTHONPATH.
    env.pop("PYTHONPATH", None)
    env.setdefault("HYPOTHESIS_PROFILE", "ci")  # derandomised: a mutant is killed or not, stably
    cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *(only or ())]
    log = (workdir / "mutmut.log").open("w", encoding="utf-8")
    with (
        log,
        subprocess.Popen(
            cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        ) as proc,
    ):
        try:
            proc.wait(timeout=budget)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGINT)  # mutmut keeps what it checked so far
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            return False
    return True


def statuses(workdir: Path) -> list[tuple[str, str]]:
    """Every mutant's name and status, read from ``mutmut results --all true``."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found: list[tuple[str, str]] = []
    for line in out.splitlines():
        match = re.match(r"\s*(teleaccord\.\S+): (.+)$", line)
        if match:
            found.append((match.group(1), match.group(2).strip()))
    return found


def per_module(found: list[tuple[str, str]]) -> dict[str, Counter[str]]:
    """Count statuses per module (``teleaccord.dates.x_f__mutmut_3`` counts for ``dates``)."""
    counts: dict[str, Counter[str]] = {}
    for name, status in found:
        counts.setdefault(name.split(".")[1], Counter())[status] += 1
    return counts


def report(found: dict[str, Counter[str]], present: list[str], absent: list[str]) -> str:
    """A table: module, mutants, killed, survived, not checked, kill rate."""
    lines = [f"{'module':<14}{'mutants':>8}{'killed':>8}{'survived':>9}{'unchecked':>10}  rate"]
    for name in present:
        counts = found.get(name, Counter())
        killed = sum(n for s, n in counts.items() if s in KILLED)
        survived = sum(n for s, n in counts.items() if s in SURVIVED)
        total = sum(counts.values())
        unchecked = total - killed - survived
        rate = f"{100 * killed / (killed + survived):.1f} %" if killed + survived else "-"
        lines.append(f"{name:<14}{total:>8}{killed:>8}{survived:>9}{unchecked:>10}  {rate}")
    lines.extend(f"{name:<14}  absent (no src/teleaccord/{name}.py yet)" for name in absent)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(CORE), help="modules (default: core)")
    parser.add_argument("--budget", type=float, default=1800, help="seconds (default 1800)")
    parser.add_argument("--max-children", type=int, default=2, help="parallel workers")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument(
        "--tests", nargs="+", default=[], metavar="FILE", help="more test files to run"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        default=[],
        metavar="NAME",
        help="check only these mutants (names or globs, as --survivors prints them)",
    )
    args = parser.parse_args(argv)
    if shutil.which("mutmut") is None and not _importable("mutmut"):
        parser.error("mutmut is not installed: pip install -e '.[dev]'")
    present, absent, tests = module_files(args.modules, args.tests)
    if not present:
        parser.error(f"none of {args.modules} is a module of src/teleaccord")
    section = mutmut_section(present, tests, args.max_children)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="teleaccord-mutation-") as tmp:
        workdir = args.keep or Path(tmp)
        if args.keep and (workdir / "src").exists():
            shutil.rmtree(workdir)
        scratch_copy(workdir, section)
        finished = run_mutmut(workdir, args.budget, args.max_children, args.only)
        found = statuses(workdir)
    elapsed = time.monotonic() - started
    state = "finished" if finished else "budget spent"
    sys.stdout.write(f"\nmutation run {state} after {elapsed:.0f} s\n")
    sys.stdout.write(report(per_module(found), present, absent) + "\n")
    if args.survivors:
        sys.stdout.write("\nsurvivors (mutmut show NAME in --keep's directory prints the diff):\n")
        sys.stdout.writelines(f"  {n}\n" for n, s in found if s in SURVIVED)
    return 0


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    raise SystemExit(main())
