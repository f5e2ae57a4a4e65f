"""Finding dead jobs: once when a process starts serving, then every JOB_SWEEP_SECONDS.

A web process killed with -9 cannot mark its own jobs failed, so whichever process starts
next does it: the first request of a web process, the start of `flask worker`, and a sweep
thread in each. Pages that list jobs or enqueue one sweep too (``services``).
"""

from __future__ import annotations

import importlib
import logging
import os
import threading

import sqlalchemy as sa
from flask import Flask

from discovery.jobs import store

log = logging.getLogger(__name__)
_lock = threading.Lock()


def init_app(app: Flask) -> None:
    for key, default in (
        ("JOB_HEARTBEAT_SECONDS", 10),
        ("JOB_STALE_SECONDS", 60),
        ("JOB_SWEEP_SECONDS", 30),
        ("JOB_TIMEOUT_SECONDS", 3600),
        ("JOB_TASK_MODULES", []),
    ):
        app.config.setdefault(key, default)
    app.extensions.setdefault("discovery.jobs", {})
    for module in app.config["JOB_TASK_MODULES"]:
        importlib.import_module(module.strip()).register_tasks(app)
    app.before_request(lambda: _first_request(app))


def _first_request(app: Flask) -> None:
    state = app.extensions.setdefault("discovery.jobs.started", {})
    if state.get("pid") == os.getpid():
        return
    with _lock:
        if state.get("pid") == os.getpid():
            return
        state["pid"] = os.getpid()
    startup_sweep(app)
    if not app.config.get("REDIS_URL") and not app.testing:
        start_sweeper(app)


def startup_sweep(app: Flask) -> int:
    """Mark jobs left by a dead process failed. Quietly does nothing on an unmigrated database."""
    with app.app_context():
        try:
            failed = store.sweep()
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
            log.info("Job sweep skipped (is the database migrated?): %s", exc)
            return 0
    if failed:
        log.warning("Marked %d job(s) failed: their worker stopped without finishing them", failed)
    return failed


def start_sweeper(app: Flask) -> threading.Thread | None:
    """A daemon thread that sweeps every JOB_SWEEP_SECONDS (0 turns it off)."""
    interval = app.config["JOB_SWEEP_SECONDS"]
    if not interval:
        return None
    stop = threading.Event()

    def sweep_forever() -> None:
        while not stop.wait(interval):
            try:
                startup_sweep(app)
            except Exception:  # noqa: BLE001 - keep sweeping; a passing database outage is logged
                log.warning("Job sweep failed", exc_info=True)

    thread = threading.Thread(target=sweep_forever, name="job-sweeper", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
