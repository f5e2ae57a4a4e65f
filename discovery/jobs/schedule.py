"""Work that runs on a clock when Redis is configured: RQ's own scheduler, one job per time slot.

An area registers a :class:`ScheduledTask` (the retention purge daily, stale uploads hourly).
Each run is an RQ job scheduled with ``Queue.enqueue_at`` for its slot, under an id made from
the queue and the slot (``discovery-retention-purge-20261208T0215``) with ``unique=True``: RQ refuses,
atomically, a second job with an id it still holds, so however many workers start, and however
often, each slot is scheduled once. A run first schedules the next slot, then does its work,
so a run that fails still leaves the next one waiting. Every worker (but a --burst one) calls
:func:`ensure_scheduled` when it starts (``flask --app discovery worker`` runs RQ's scheduler),
which restarts the chain after Redis was flushed or no worker ran for a while. A missed slot is
not replayed: the tasks catch up by themselves (the purge takes everything already due).

Without Redis nothing here runs; the README's "Retention" section gives the cron line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask import Flask

log = logging.getLogger(__name__)

EXTENSION = "discovery.jobs.scheduled"
ENTRY_POINT = "discovery.jobs.worker.run_scheduled"
DAILY, HOURLY = "daily", "hourly"


@dataclass(frozen=True)
class ScheduledTask:
    """``run()`` is called in an app context; what it leaves uncommitted is committed when it
    returns (a task may commit as it goes, as the purge does per participant). It returns counts
    to log.

    ``at`` is the time of day (UTC) for a daily task; an hourly task uses only its minute.
    """

    name: str
    every: str
    run: Callable[[], dict]
    at: time = time(2, 15)


def register_scheduled(app: Flask, task: ScheduledTask) -> ScheduledTask:
    if task.every not in (DAILY, HOURLY):
        raise ValueError(f"A scheduled task runs {DAILY} or {HOURLY}, not {task.every!r}")
    app.extensions.setdefault(EXTENSION, {})[task.name] = task
    return task


def scheduled_tasks(app: Flask) -> dict[str, ScheduledTask]:
    return app.extensions.get(EXTENSION, {})


def next_slot(task: ScheduledTask, after: datetime) -> datetime:
    """The first slot of ``task`` strictly after ``after`` (UTC)."""
    after = after.astimezone(UTC)
    if task.every == DAILY:
        slot = datetime.combine(after.date(), task.at, tzinfo=UTC)
        return slot if slot > after else slot + timedelta(days=1)
    slot = after.replace(minute=task.at.minute, second=0, microsecond=0)
    return slot if slot > after else slot + timedelta(hours=1)


def job_id(app: Flask, task: ScheduledTask, slot: datetime) -> str:
    """RQ job ids are global to a Redis: the queue's name keeps two deployments (or tests) apart."""
    return f"{app.config['RQ_QUEUE']}-{task.name}-{slot.astimezone(UTC):%Y%m%dT%H%M}"


def schedule_next(app: Flask, name: str, after: datetime | None = None) -> str | None:
    """Schedule ``name``'s run for the slot after ``after`` (now): its job id, or None if RQ holds it."""
    from rq.exceptions import DuplicateJobError

    from discovery.jobs.backends import queue

    task = scheduled_tasks(app)[name]
    slot = next_slot(task, after or datetime.now(UTC))
    identifier = job_id(app, task, slot)
    try:
        queue(app).enqueue_at(
            slot,
            ENTRY_POINT,
            name,
            slot.isoformat(),
            job_id=identifier,
            unique=True,
            job_timeout=app.config["JOB_TIMEOUT_SECONDS"],
            result_ttl=2 * 86400,  # the id stays held, so the slot cannot be scheduled again
            failure_ttl=7 * 86400,
            description=f"{name} at {slot:%Y-%m-%d %H:%M} UTC",
        )
    except DuplicateJobError:
        return None
    return identifier


def ensure_scheduled(app: Flask) -> list[str]:
    """Make sure the next run of every scheduled task is waiting; the ids newly scheduled."""
    if not app.config.get("REDIS_URL"):
        return []
    return [identifier for name in scheduled_tasks(app) if (identifier := schedule_next(app, name))]


def run(app: Flask, name: str, slot: str) -> dict:
    """Run one slot of ``name`` in ``app``: schedule the next slot first, then do the work."""
    from discovery.extensions import db

    with app.app_context():
        schedule_next(app, name, after=max(datetime.now(UTC), datetime.fromisoformat(slot)))
        try:
            counts = scheduled_tasks(app)[name].run()
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        finally:
            db.session.remove()
    log.info("%s: %s", name, counts)
    return counts
