"""Background jobs: in a thread of the web process by default, on RQ workers when REDIS_URL is set.

Both backends run the same registered task functions inside an app context and one
transaction, so a job that fails or is killed half-way commits nothing and leaves the previous
results as they were.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable

from flask import Flask, current_app

from discovery.extensions import db

TASKS: dict[str, Callable[..., object]] = {}
_threads: dict[str, threading.Thread] = {}


def task(name: str) -> Callable:
    """Register a function as a background task under a stable name."""

    def decorator(func: Callable) -> Callable:
        TASKS[name] = func
        return func

    return decorator


def backend_name(app: Flask) -> str:
    return "rq" if app.config.get("REDIS_URL") else "in-process"


def _redis(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)


def _queue(app: Flask):
    from rq import Queue

    return Queue(app.config["RQ_QUEUE"], connection=_redis(app))


def check_backend(app: Flask) -> tuple[bool, str]:
    if not app.config.get("REDIS_URL"):
        return True, "ok"
    try:
        _redis(app).ping()
    except Exception:  # noqa: BLE001 - any failure means Redis cannot take jobs
        return False, "unreachable"
    return True, "ok"


def enqueue(name: str, /, **kwargs: object) -> str:
    """Start a registered task and return its job id."""
    if name not in TASKS:
        raise KeyError(f"No background task called {name!r}")
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        job = _queue(app).enqueue(run_task, name, kwargs, job_timeout=3600, result_ttl=86400)
        return job.id
    job_id = uuid.uuid4().hex
    thread = threading.Thread(
        target=_run_in_thread, args=(app, name, kwargs), name=f"job-{name}", daemon=True
    )
    _threads[job_id] = thread
    thread.start()
    return job_id


def wait_for(job_id: str, timeout: float = 30.0) -> None:
    """Wait for an in-process job to end (tests, and CLI commands that must not exit early)."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)
        if not thread.is_alive():
            _threads.pop(job_id, None)


def _run_in_thread(app: Flask, name: str, kwargs: dict) -> None:
    with app.app_context():
        try:
            _execute(name, kwargs)
        except Exception:  # noqa: BLE001 - logged; the task records its own failure state
            app.logger.exception("Background task %s failed", name)


def _execute(name: str, kwargs: dict) -> object:
    try:
        result = TASKS[name](**kwargs)
        db.session.commit()
        return result
    except BaseException:
        db.session.rollback()
        raise
    finally:
        db.session.remove()


@functools.cache
def _worker_app() -> Flask:
    from discovery import create_app

    return create_app()


def run_task(name: str, kwargs: dict) -> object:
    """The RQ entry point: builds the app from the worker's environment, then runs the task."""
    with _worker_app().app_context():
        return _execute(name, kwargs)


@task("ping")
def ping(message: str = "ping") -> str:
    """A no-op task that leaves an audit event: proves a backend runs jobs end to end."""
    from discovery.core import audit

    audit.record("job_ping", None, message=message)
    return message
