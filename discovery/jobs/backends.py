"""Where jobs run: a thread of the web process by default, RQ workers on Redis when REDIS_URL is set.

Both start a job only by its id; the worker reads everything else from the job's row, so a job
can only start after the transaction that created it has committed (see ``services.enqueue``).
"""

from __future__ import annotations

import logging
import threading
import uuid

from flask import Flask

log = logging.getLogger(__name__)
RQ_ENTRY_POINT = "discovery.jobs.worker.run_rq_job"


def backend_key(app: Flask) -> str:
    """What a Job row records: "rq" or "thread"."""
    return "rq" if app.config.get("REDIS_URL") else "thread"


def backend_name(app: Flask) -> str:
    """What /healthz reports."""
    return "rq" if app.config.get("REDIS_URL") else "in-process"


def redis_connection(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)


def queue(app: Flask):
    from rq import Queue

    return Queue(app.config["RQ_QUEUE"], connection=redis_connection(app))


def check_backend(app: Flask) -> tuple[bool, str]:
    if not app.config.get("REDIS_URL"):
        return True, "ok"
    try:
        redis_connection(app).ping()
    except Exception:  # noqa: BLE001 - any failure means Redis cannot take jobs
        return False, "unreachable"
    return True, "ok"


def start(app: Flask, job_id: uuid.UUID) -> None:
    """Hand a committed job to its backend. Raises when RQ cannot take it."""
    if app.config.get("REDIS_URL"):
        queue(app).enqueue_call(
            func=RQ_ENTRY_POINT,
            args=(str(job_id),),
            job_id=str(job_id),
            timeout=app.config["JOB_TIMEOUT_SECONDS"],
            result_ttl=86400,
            failure_ttl=7 * 86400,
        )
        return
    from discovery.jobs.runner import run_in_thread

    thread = threading.Thread(target=run_in_thread, args=(app, job_id), name=f"job-{job_id}", daemon=True)
    thread.start()


def cancel_queued(app: Flask, job_id: uuid.UUID) -> None:
    """Take a queued job out of RQ (the worker would skip it anyway: its row says cancelled)."""
    if not app.config.get("REDIS_URL"):
        return
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RQJob

    try:
        RQJob.fetch(str(job_id), connection=redis_connection(app)).cancel()
    except NoSuchJobError:
        pass
    except Exception:  # noqa: BLE001 - Redis being down must not stop a person cancelling
        log.warning("Could not cancel RQ job %s", job_id, exc_info=True)


def rq_job_is_gone(app: Flask, job_id: uuid.UUID) -> bool:
    """True when Redis no longer holds the job, or RQ gave up on it before our code ran."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RQJob

    try:
        status = RQJob.fetch(str(job_id), connection=redis_connection(app)).get_status()
    except NoSuchJobError:
        return True
    except Exception:  # noqa: BLE001 - Redis unreachable: we cannot tell, so do nothing
        return False
    return str(getattr(status, "value", status)) in ("failed", "stopped", "canceled")
