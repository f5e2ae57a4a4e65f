"""The jobs API the areas use: enqueue after commit, find, cancel, retry, wait.

``enqueue`` adds the Job row to the caller's transaction and starts it only when that
transaction commits (an ``after_commit`` hook of the session); a rollback discards the start.
So a task always finds its own row and everything written with it, and a request that fails
never leaves a job running on data that does not exist.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask, abort, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import Discovery, Job, User
from discovery.core.permissions import can
from discovery.extensions import db
from discovery.jobs import backends, messages, registry, store

log = logging.getLogger(__name__)
_PENDING = "discovery.jobs.pending"


def enqueue(
    kind: str,
    payload: object | None = None,
    *,
    discovery: Discovery | None = None,
    user: User | None = None,
    retry_of: Job | None = None,
) -> Job:
    """Queue a registered task; it starts once the current transaction commits.

    Raises UnknownTaskError for an unregistered kind and PayloadError for a payload that does
    not fit the task, before anything is written.
    """
    task = registry.get_task(kind)
    data = registry.payload_to_dict(task, payload)
    app = current_app._get_current_object()
    store.sweep(db.session)
    job = Job(
        kind=kind,
        status="queued",
        payload=data,
        discovery_id=discovery.id if discovery else None,
        requested_by_id=user.id if user else None,
        origin="person" if user else "system",
        backend=backends.backend_key(app),
        attempt=retry_of.attempt + 1 if retry_of else 1,
        retry_of_id=retry_of.id if retry_of else None,
    )
    job.id = uuid.uuid4()
    job.backend_job_id = str(job.id) if job.backend == "rq" else None
    db.session.add(job)
    db.session.flush()
    _after_commit(lambda: _start(app, job.id))
    return job


def _after_commit(action: Callable[[], None]) -> None:
    session: Session = db.session()
    pending = session.info.setdefault(_PENDING, [])
    pending.append(action)
    if not event.contains(session, "after_commit", _run_pending):
        event.listen(session, "after_commit", _run_pending)
        event.listen(session, "after_rollback", _discard_pending)


def _run_pending(session: Session) -> None:
    actions = session.info.pop(_PENDING, [])
    for action in actions:
        action()


def _discard_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _start(app: Flask, job_id: uuid.UUID) -> None:
    try:
        backends.start(app, job_id)
    except Exception as exc:  # noqa: BLE001 - Redis down: say so on the job's page instead of a 500
        log.exception("Job %s could not be handed to its backend", job_id)
        with app.app_context():
            store.fail(job_id, messages.NOT_QUEUED, f"{type(exc).__name__}: {exc}", expect=("queued",))


def get_for_discovery_or_404(discovery: Discovery, job_id: uuid.UUID) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.discovery_id != discovery.id:
        abort(404)
    return job


def recent_for_discovery(discovery: Discovery, limit: int = 50) -> list[Job]:
    """The discovery's latest jobs, newest first (dead ones marked failed first)."""
    store.sweep(db.session)
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.discovery_id == discovery.id)
            .order_by(Job.created_at.desc())
            .limit(limit)
        )
    )


def active_job(discovery: Discovery | None, kind: str) -> Job | None:
    """The queued or running job of this kind in this discovery, if any (dead ones do not count)."""
    store.sweep(db.session)
    discovery_filter = Job.discovery_id.is_(None) if discovery is None else Job.discovery_id == discovery.id
    return db.session.scalars(
        sa.select(Job)
        .where(discovery_filter, Job.kind == kind, Job.status.in_(store.ACTIVE))
        .order_by(Job.created_at.desc())
        .limit(1)
    ).first()


def can_cancel(user: User, job: Job) -> bool:
    if not job.is_active or job.cancel_requested_at is not None:
        return False
    return job.requested_by_id == user.id or _has_task_capability(user, job)


def can_retry(user: User, job: Job) -> bool:
    """Retrying runs the job again as ``user``, so they need the task's capability themselves."""
    return (
        job.status in ("failed", "cancelled")
        and registry.task_or_none(job.kind) is not None
        and _has_task_capability(user, job)
    )


def _has_task_capability(user: User, job: Job) -> bool:
    task = registry.task_or_none(job.kind)
    capability = task.capability if task and task.capability else "view_discovery"
    return can(user, capability, job.discovery)


def cancel(job: Job, user: User | None = None) -> bool:
    """Cancel a queued job at once, or ask a running one to stop at its next progress call."""
    now = utcnow()
    cancelled = db.session.execute(
        store.jobs.update()
        .where(store.jobs.c.id == job.id, store.jobs.c.status == "queued")
        .values(status="cancelled", cancel_requested_at=now, finished_at=now)
    ).rowcount
    if cancelled:
        app = current_app._get_current_object()
        _after_commit(lambda: backends.cancel_queued(app, job.id))
    else:
        cancelled = db.session.execute(
            store.jobs.update()
            .where(store.jobs.c.id == job.id, store.jobs.c.status == "running")
            .values(cancel_requested_at=now)
        ).rowcount
    db.session.refresh(job)
    if cancelled:
        audit.record("job_cancelled", job, actor=user, kind=job.kind)
    return bool(cancelled)


def retry(job: Job, user: User | None = None) -> Job:
    """A new job from the same payload, linked to the one that failed or was cancelled."""
    db.session.refresh(job)  # its status was written by a worker or a sweep, outside this session
    if job.status not in ("failed", "cancelled"):
        raise ValueError("Only a failed or cancelled job can be run again")
    new = enqueue(job.kind, job.payload, discovery=job.discovery, user=user or job.requested_by, retry_of=job)
    audit.record("job_retried", new, actor=user, kind=job.kind, retry_of=str(job.id))
    return new


def wait(job_id: uuid.UUID, timeout: float = 30.0) -> Job:
    """Block until the job has finished (CLI ``--wait`` and tests); TimeoutError otherwise.

    Polls at most every 0.1 s: one indexed read, cheap beside the time a finished job would
    otherwise sit unnoticed (a quarter-second ceiling cost the test suite half a minute).
    """
    deadline = time.monotonic() + timeout
    delay = 0.01
    while store.status_of(job_id) not in store.FINISHED:
        if time.monotonic() > deadline:
            raise TimeoutError(f"Job {job_id} did not finish within {timeout} seconds")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    return db.session.get(Job, job_id, populate_existing=True)
