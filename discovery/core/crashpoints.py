"""Named points where a fault test can make the process die as ``kill -9`` would.

Crash safety is a claim about *every* moment of a job or an import, so the tests need to stop
the process at each one, not only when a timer happens to fire. ``DISCOVERY_CRASH_AT`` names
one point and how many times it must be reached first — ``job-stage:3`` (the third progress
report of a job), ``job-commit:1`` (just before a job's result is committed), ``flush:2``
(just after the second flush of any session), ``commit:1`` (just before the first commit) —
and the process then ends with ``os._exit(137)``: no cleanup, no rollback, no ``finally``.

Unset (always, outside the fault tests) every call is one dictionary lookup and nothing else,
and no session events are installed.
"""

from __future__ import annotations

import os
from collections import Counter

from flask import Flask

ENV = "DISCOVERY_CRASH_AT"
EXIT_CODE = 137  # what a shell reports for a process killed by SIGKILL
_reached: Counter[str] = Counter()


def reached(point: str) -> None:
    """Die here if ``DISCOVERY_CRASH_AT`` says this is the moment."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    _reached[point] += 1
    if wanted == f"{point}:{_reached[point]}":
        os._exit(EXIT_CODE)


def init_app(app: Flask) -> None:
    """Listen to every session's flushes and commits, only when a fault test asked for it."""
    wanted = os.environ.get(ENV, "")
    if not wanted.startswith(("flush:", "commit:")):
        return
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)


def _after_flush(session, flush_context) -> None:
    reached("flush")


def _before_commit(session) -> None:
    reached("commit")
