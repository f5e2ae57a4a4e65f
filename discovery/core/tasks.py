"""The core's background tasks. ``ping`` proves a backend runs jobs end to end."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_babel import lazy_gettext as _l

from discovery import jobs
from discovery.core import audit


@dataclass(frozen=True)
class PingPayload:
    message: str = "ping"

    def __post_init__(self) -> None:
        if len(self.message) > 200:
            raise ValueError("A ping message must be 200 characters or fewer")


def ping(ctx: jobs.JobContext[PingPayload]) -> jobs.JobResult:
    """Leave an audit event, written in the job's final transaction."""
    audit.record("job_ping", None, actor=ctx.user, message=ctx.payload.message)
    return jobs.JobResult(data={"message": ctx.payload.message})


PING = jobs.Task(
    kind="ping",
    run=ping,
    title=_l("Check that background jobs run"),
    payload_type=PingPayload,
    capability=None,
)


def register_tasks(app: Flask) -> None:
    jobs.register(app, PING)
