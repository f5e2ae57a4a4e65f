"""Hold theme runs in another process until a file is removed: for killing one mid-run.

A web process or an RQ worker started with ``JOB_TASK_MODULES=tests.integration.themes.hold``
and ``THEMES_HOLD_FILE=<path>`` runs theme jobs as usual, except that the engine waits while
that file exists (the job has reported its first stage by then, so it is visibly running).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from flask import Flask

from discovery.themes import engine


def register_tasks(app: Flask) -> None:
    """Called by the job runner for each module in JOB_TASK_MODULES; registers no task."""
    hold = os.environ.get("THEMES_HOLD_FILE")
    if not hold or getattr(engine.suggest, "held", False):
        return
    real = engine.suggest

    def held(*args, **kwargs):
        deadline = time.monotonic() + 300
        while Path(hold).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return real(*args, **kwargs)

    held.held = True
    engine.suggest = held
