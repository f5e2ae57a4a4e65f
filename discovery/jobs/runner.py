"""Running one job: claim it, keep its heartbeat, re-check permission, run the task, save once.

The task's work happens in ``ctx.session`` (autoflush off), which commits exactly once, in the
same transaction that sets ``status = "succeeded"``. Progress, heartbeat and failures go
through ``store`` on connections of their own. On SQLite this also means the write lock is
taken only for that final transaction, not for the whole job: a task that flushes early would
hold it, and its own progress writes would then wait on it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import Flask, current_app
from sqlalchemy.orm import Session

from discovery.core import crashpoints
from discovery.core.columns import utcnow
from discovery.core.models import Discovery, Job, User
from discovery.core.permissions import can
from discovery.extensions import db
from discovery.jobs import messages, registry, store

log = logging.getLogger(__name__)
P = TypeVar("P")


class JobCancelled(Exception):
    """Raised inside a task at its next progress or check once someone has cancelled it."""


class JobError(Exception):
    """A failure the task can explain to a person: ``message`` is shown on the job's page."""

    def __init__(self, message: object, detail: str | None = None):
        super().__init__(messages.msgid(message))
        self.message = message
        self.detail = detail


@dataclass
class JobContext(Generic[P]):
    """What a task gets: its typed payload, who asked, the discovery, a session, and progress."""

    job_id: uuid.UUID
    kind: str
    payload: P
    user: User | None
    discovery: Discovery | None
    session: Session

    def progress(self, stage: object, percent: int, message: object = "", **params: object) -> None:
        """Show where the job is (``stage``, 0–100, a message); raises JobCancelled if cancelled."""
        crashpoints.reached("job-stage")
        if store.progress(self.job_id, messages.msgid(stage), percent, messages.msgid(message), params):
            raise JobCancelled()

    def check_cancelled(self) -> None:
        if store.cancel_requested(self.job_id):
            raise JobCancelled()


class Heartbeat:
    """A thread that refreshes a running job's heartbeat until the job ends."""

    def __init__(self, app: Flask, job_id: uuid.UUID):
        self._app, self._job_id = app, job_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _beat(self) -> None:
        interval = self._app.config["JOB_HEARTBEAT_SECONDS"]
        with self._app.app_context():
            while not self._stop.wait(interval):
                try:
                    store.heartbeat(self._job_id)
                except Exception:  # noqa: BLE001 - a missed beat is retried; a dead worker stops beating
                    log.warning("Could not record the heartbeat of job %s", self._job_id, exc_info=True)


def run_job(job_id: uuid.UUID) -> None:
    """Run one job in the current app context. Never raises: the outcome is in the job's row."""
    if not store.claim(job_id):
        return  # cancelled before it started, swept as lost, or another worker has it
    app = current_app._get_current_object()
    session = db.session()
    session.autoflush = False
    try:
        with Heartbeat(app, job_id):
            _run_claimed(session, job_id)
    finally:
        db.session.remove()


def _run_claimed(session: Session, job_id: uuid.UUID) -> None:
    try:
        job = session.get(Job, job_id)
        task = registry.task_or_none(job.kind)
        if task is None:
            raise JobError(messages.UNKNOWN_TASK, f"unknown task {job.kind!r}")
        try:
            payload = registry.payload_from_dict(task, job.payload or {})
        except registry.PayloadError as exc:
            raise JobError(messages.BAD_PAYLOAD, str(exc)) from exc
        user, discovery = job.requested_by, job.discovery
        if not _still_allowed(task, job, user, discovery):
            raise JobError(messages.NOT_ALLOWED, f"{task.capability} no longer held")
        ctx = JobContext(job_id, job.kind, payload, user, discovery, session)
        result = task.run(ctx) or registry.JobResult()
        _save_success(session, job_id, result)
    except JobCancelled:
        session.rollback()
        store.finish_cancelled(job_id)
    except JobError as exc:
        session.rollback()
        store.fail(job_id, exc.message, exc.detail)
    except Exception as exc:  # noqa: BLE001 - any other failure: roll back the work, say so
        session.rollback()
        log.exception("Job %s failed", job_id)
        store.fail(job_id, messages.CRASHED, f"{type(exc).__name__}: {exc}"[:2000])


def _still_allowed(task: registry.Task, job: Job, user: User | None, discovery: Discovery | None) -> bool:
    """The person who asked must still be allowed to do this, now, not only when they asked."""
    if user is None:
        return job.origin == "system"
    if not user.is_active:
        return False
    if task.capability is None:
        return True
    return can(user, task.capability, discovery)


def _save_success(session: Session, job_id: uuid.UUID, result: registry.JobResult) -> None:
    """The task's writes and status "succeeded" in one transaction — or neither."""
    now = utcnow()
    saved = session.execute(
        store.jobs.update()
        .where(
            store.jobs.c.id == job_id,
            store.jobs.c.status == "running",
            store.jobs.c.cancel_requested_at.is_(None),
        )
        .values(
            status="succeeded",
            percent=100,
            finished_at=now,
            heartbeat_at=now,
            result_type=result.type,
            result_id=None if result.id is None else str(result.id),
            result=result.data,
        )
    ).rowcount
    if saved != 1:
        # Cancelled while finishing, or swept as dead: keep nothing.
        session.rollback()
        store.finish_cancelled(job_id)
        return
    crashpoints.reached("job-commit")
    session.commit()


def run_in_thread(app: Flask, job_id: uuid.UUID) -> None:
    """The thread backend's entry point."""
    with app.app_context():
        try:
            run_job(job_id)
        except Exception:  # noqa: BLE001 - e.g. the database vanished; the sweep will fail the job
            log.exception("Job %s could not be run", job_id)
