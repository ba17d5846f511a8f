"""A real, throw-away PostgreSQL server for the store tests (never a mock).

``pg_dsn`` (a session fixture) is, in order of preference:

- ``TELEACCORD_PG_DSN``: an existing server the caller points at;
- else a cluster made here: ``initdb`` and ``pg_ctl`` (found on ``PATH`` or in
  ``/usr/lib/postgresql/*/bin``) in a temporary directory, listening on a Unix socket in that
  directory only (``listen_addresses=''``), trust authentication, stopped and deleted at the
  end. ``initdb`` refuses to run as root, so as root the cluster runs as the ``postgres`` user
  (``runuser -u postgres``), which owns the directory.

When no server binary exists the PostgreSQL tests skip, saying so loudly; with
``TELEACCORD_REQUIRE_PG=1`` (CI's full leg) they fail instead, so CI cannot pass without them.
Tests isolate themselves with a schema or a tenant of their own, so a shared server is fine.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRE = os.environ.get("TELEACCORD_REQUIRE_PG") == "1"


def find_binary(name: str) -> str | None:
    """``name`` on PATH, else in the newest ``/usr/lib/postgresql/*/bin``."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def unavailable(reason: str) -> None:
    """Skip loudly, or fail when CI requires PostgreSQL."""
    message = f"POSTGRESQL TESTS NOT RUN: {reason}"
    if REQUIRE:
        pytest.fail(message + " (TELEACCORD_REQUIRE_PG=1)", pytrace=False)
    pytest.skip(message)


def _as_owner() -> list[str]:
    """The command prefix that runs a server binary as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        unavailable("running as root and runuser is missing (initdb refuses root)")
    return [str(runuser), "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    """A connection string to a running PostgreSQL server (see the module's docstring)."""
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg 3) is not installed")
    given = os.environ.get("TELEACCORD_PG_DSN")
    if given:
        yield given
        return
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        unavailable("no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin")
    assert initdb is not None
    assert pg_ctl is not None
    prefix = _as_owner()
    # As root, under /tmp: the postgres user must reach the directory (TMPDIR may be private),
    # and a Unix socket path must stay short.
    home = Path(tempfile.mkdtemp(prefix="tapg-", dir="/tmp" if prefix else None))
    if prefix:
        shutil.chown(home, user="postgres", group="postgres")
    data, log = home / "data", home / "server.log"
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            [
                *prefix,
                initdb,
                "-D",
                str(data),
                "-U",
                "teleaccord",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
            **run,  # type: ignore[call-overload]
        )
        options = f"-c listen_addresses='' -k {home} -c max_connections=60"
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-l", str(log), "-w", "-o", options, "start"],
            **run,  # type: ignore[call-overload]
        )
    except subprocess.CalledProcessError as error:
        shutil.rmtree(home, ignore_errors=True)
        unavailable(f"the server did not start: {error.stderr or error.stdout}")
    try:
        yield f"host={home} dbname=postgres user=teleaccord"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(home, ignore_errors=True)


def fresh_schema() -> str:
    """A schema name no other test uses."""
    return f"t_{uuid.uuid4().hex[:12]}"
