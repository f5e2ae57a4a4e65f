"""Tasks for the job tests, registered through JOB_TASK_MODULES=tests.job_tasks.

They let the tests hold a job mid-run (a gate event in this process, or a file that a
subprocess waits on), write a result in the final transaction, fail, and check permissions.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from discovery import jobs
from discovery.core import audit
from discovery.core.models import AuditEvent, Job

GATES: dict[str, threading.Event] = {}


@dataclass(frozen=True)
class SlowPayload:
    value: str = ""
    gate: str = ""
    hold_file: str = ""
    seconds: float = 120.0


def slow(ctx: jobs.JobContext[SlowPayload]) -> jobs.JobResult:
    """Report progress until released (gate set or hold file gone), then write a result."""
    deadline = time.monotonic() + ctx.payload.seconds
    step = 0
    while time.monotonic() < deadline:
        step += 1
        ctx.progress("Working", min(90, step), "Step %(step)d", step=step)
        if ctx.payload.gate and GATES[ctx.payload.gate].wait(0.05):
            break
        if ctx.payload.hold_file and not Path(ctx.payload.hold_file).exists():
            break
        if not ctx.payload.gate and not ctx.payload.hold_file:
            break
        time.sleep(0.05)
    audit.record("test_job_result", None, actor=ctx.user, value=ctx.payload.value)
    return jobs.JobResult(type="audit", data={"value": ctx.payload.value})


@dataclass(frozen=True)
class LookPayload:
    marker: str


def look(ctx: jobs.JobContext[LookPayload]) -> jobs.JobResult:
    """Report whether the job can see its own row and a row written in the same request."""
    saw_job = ctx.session.get(Job, ctx.job_id) is not None
    saw_row = (
        ctx.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "test_marker",
                AuditEvent.details["marker"].as_string() == ctx.payload.marker,
            )
        )
        == 1
    )
    return jobs.JobResult(data={"saw_job": saw_job, "saw_row": saw_row})


def explode(ctx: jobs.JobContext[jobs.EmptyPayload]) -> None:
    audit.record("test_job_result", None, value="half-way")
    raise RuntimeError("the embedder ran out of memory")


def refuse(ctx: jobs.JobContext[jobs.EmptyPayload]) -> None:
    raise jobs.JobError("There are no findings to cluster yet. Add some findings, then try again.")


def register_tasks(app: Flask) -> None:
    jobs.register(
        app,
        jobs.Task(
            "test_slow",
            slow,
            title="Slow test job",
            payload_type=SlowPayload,
            capability="read_notes",
            result_url=lambda job: "/result-of-" + str(job.id),
        ),
    )
    jobs.register(
        app, jobs.Task("test_look", look, title="Look test job", payload_type=LookPayload, capability=None)
    )
    jobs.register(app, jobs.Task("test_explode", explode, title="Exploding test job"))
    jobs.register(app, jobs.Task("test_refuse", refuse, title="Refusing test job"))
