"""Running a piece of the app in a child process that dies at a named crash point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from discovery.core import crashpoints

ROOT = Path(__file__).resolve().parents[3]
KILLED = crashpoints.EXIT_CODE


def rounds(default: int, *, most: int | None = None) -> int:
    """How many rounds a fault test runs: a few in ``make test``, more for ``make assurance``.

    ``most`` caps a test whose every round is costly (an import killed after flush N runs the
    whole import N times), so one ``ASSURANCE_ROUNDS`` can suit every fault test.
    """
    wanted = int(os.environ.get("ASSURANCE_ROUNDS") or default)
    return wanted if most is None else min(wanted, most)


def child_env(database_url: str, crash_at: str | None = None, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "REDIS_URL", "RQ_", crashpoints.ENV))
    }
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="fault-test-secret",
        EMBED_FINDINGS_ON_SAVE="0",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    if crash_at:
        env[crashpoints.ENV] = crash_at
    return env


def run_child(
    script: str,
    *args: str,
    database_url: str,
    crash_at: str | None = None,
    raw: bool = False,
    stdin: str = "",
    **extra: str,
):
    """Run ``script`` (Python source) in a fresh interpreter; returns the CompletedProcess.

    With ``raw`` the arguments are the interpreter's own (``-m flask …``), not a script's.
    """
    argv = [script, *args] if raw else ["-c", script, *args]
    return subprocess.run(
        [sys.executable, *argv],
        env=child_env(database_url, crash_at, **extra),
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )
