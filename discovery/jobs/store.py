"""A job's own short transactions: claim, progress, heartbeat, failure, and the stale sweep.

Each function here commits on its own connection (``db.engine.begin()``), apart from the
task's work, so what it writes is visible at once and survives the task's rollback. Every
write is conditional on the status it expects (compare-and-set), so a worker, a sweep and a
person cancelling can race without one undoing another.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from discovery.core.columns import utcnow
from discovery.core.models import Job
from discovery.extensions import db
from discovery.jobs import messages

jobs = Job.__table__
ACTIVE = ("queued", "running")
FINISHED = ("succeeded", "failed", "cancelled")


def _write(statement) -> int:
    with db.engine.begin() as conn:
        return conn.execute(statement).rowcount


def claim(job_id: uuid.UUID) -> bool:
    """Move a queued job to running; False when it was cancelled, swept or already taken."""
    now = utcnow()
    return bool(
        _write(
            jobs.update()
            .where(jobs.c.id == job_id, jobs.c.status == "queued")
            .values(status="running", started_at=now, heartbeat_at=now)
        )
    )


def heartbeat(job_id: uuid.UUID) -> None:
    _write(jobs.update().where(jobs.c.id == job_id, jobs.c.status == "running").values(heartbeat_at=utcnow()))


def progress(job_id: uuid.UUID, stage: str, percent: int, message: str, params: dict) -> bool:
    """Record progress; returns True when someone has asked for the job to be cancelled."""
    percent = max(0, min(100, int(percent)))
    with db.engine.begin() as conn:
        conn.execute(
            jobs.update()
            .where(jobs.c.id == job_id, jobs.c.status == "running")
            .values(
                stage=stage[:200],
                percent=percent,
                message=message,
                message_params=params,
                heartbeat_at=utcnow(),
            )
        )
        return _stop_wanted(conn, job_id)


def cancel_requested(job_id: uuid.UUID) -> bool:
    with db.engine.connect() as conn:
        return _stop_wanted(conn, job_id)


def _stop_wanted(conn, job_id: uuid.UUID) -> bool:
    row = conn.execute(
        sa.select(jobs.c.status, jobs.c.cancel_requested_at).where(jobs.c.id == job_id)
    ).one_or_none()
    return row is None or row.status != "running" or row.cancel_requested_at is not None


def fail(job_id: uuid.UUID, error: object, detail: str | None = None, *, expect=("running",)) -> bool:
    return bool(
        _write(
            jobs.update()
            .where(jobs.c.id == job_id, jobs.c.status.in_(expect))
            .values(status="failed", error=messages.msgid(error), error_detail=detail, finished_at=utcnow())
        )
    )


def finish_cancelled(job_id: uuid.UUID) -> bool:
    return bool(
        _write(
            jobs.update()
            .where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE))
            .values(status="cancelled", finished_at=utcnow(), error=None)
        )
    )


def status_of(job_id: uuid.UUID) -> str | None:
    with db.engine.connect() as conn:
        return conn.scalar(sa.select(jobs.c.status).where(jobs.c.id == job_id))


def sweep(executor=None, *, now: datetime | None = None) -> int:
    """Fail jobs whose worker died: running with an old heartbeat, or queued and lost.

    ``executor`` is the request's session when called from a page (so a request that already
    holds SQLite's write lock does not wait on itself), otherwise a connection of its own.
    Returns how many jobs it marked failed.
    """
    if executor is None:
        with db.engine.begin() as conn:
            return sweep(conn, now=now)
    now = now or utcnow()
    cutoff = now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    # Read first, write only when something is dead: the common case takes no write lock.
    stopped = (
        executor.execute(sa.select(jobs.c.id).where(jobs.c.status == "running", jobs.c.heartbeat_at < cutoff))
        .scalars()
        .all()
    )
    lost = (
        executor.execute(
            sa.select(jobs.c.id).where(
                jobs.c.status == "queued", jobs.c.backend == "thread", jobs.c.created_at < cutoff
            )
        )
        .scalars()
        .all()
    )
    lost = [*lost, *_lost_rq_jobs(executor, cutoff)]
    failed = 0
    if stopped:
        failed += executor.execute(
            jobs.update()
            .where(jobs.c.id.in_(stopped), jobs.c.status == "running", jobs.c.heartbeat_at < cutoff)
            .values(status="failed", error=messages.msgid(messages.STOPPED), finished_at=now)
        ).rowcount
    if lost:
        failed += executor.execute(
            jobs.update()
            .where(jobs.c.id.in_(lost), jobs.c.status == "queued")
            .values(status="failed", error=messages.msgid(messages.LOST), finished_at=now)
        ).rowcount
    return failed


def _lost_rq_jobs(executor, cutoff: datetime) -> list[uuid.UUID]:
    """Queued RQ jobs that Redis no longer holds (flushed, or failed before our code ran)."""
    if not current_app.config.get("REDIS_URL"):
        return []
    candidates = (
        executor.execute(
            sa.select(jobs.c.id)
            .where(jobs.c.status == "queued", jobs.c.backend == "rq", jobs.c.created_at < cutoff)
            .limit(100)
        )
        .scalars()
        .all()
    )
    if not candidates:
        return []
    from discovery.jobs import backends

    return [job_id for job_id in candidates if backends.rq_job_is_gone(current_app, job_id)]


def counts() -> dict[str, int]:
    """Running, queued and stale (running, heartbeat too old) jobs, for /healthz."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    with db.engine.connect() as conn:
        by_status = dict(
            conn.execute(
                sa.select(jobs.c.status, sa.func.count())
                .where(jobs.c.status.in_(ACTIVE))
                .group_by(jobs.c.status)
            ).all()
        )
        stale = conn.scalar(
            sa.select(sa.func.count()).where(jobs.c.status == "running", jobs.c.heartbeat_at < cutoff)
        )
    return {"running": by_status.get("running", 0), "queued": by_status.get("queued", 0), "stale": stale or 0}
