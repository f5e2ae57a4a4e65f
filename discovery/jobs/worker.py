"""The RQ side: the function RQ calls, and the app it runs jobs in.

Kept apart from the rest of ``discovery.jobs`` because it builds the whole app
(``create_app``), which the core's own tasks must not depend on.
"""

from __future__ import annotations

import functools
import uuid

from flask import Flask

from discovery.jobs.runner import run_job


@functools.cache
def worker_app() -> Flask:
    """The app an RQ worker runs jobs in, built from the worker's environment."""
    from discovery import create_app

    return create_app()


def run_rq_job(job_id: str) -> None:
    """The RQ entry point (``discovery.jobs.worker.run_rq_job``): build the app, run the job."""
    with worker_app().app_context():
        run_job(uuid.UUID(job_id))


def run_scheduled(name: str, slot: str) -> dict:
    """The RQ entry point for scheduled work (``discovery.jobs.worker.run_scheduled``)."""
    from discovery.jobs import schedule

    return schedule.run(worker_app(), name, slot)
