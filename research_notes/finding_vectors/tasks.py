"""The ``embed_findings`` task: compute a discovery's missing finding vectors in the background.

Queued when findings are saved or imported and when a discovery changes embedder. At most one
waits per discovery: the job reads what is missing when it starts, so findings saved while
another one is running get their own (queued) job, and saving a hundred findings queues one.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from discovery import jobs
from discovery.core.models import Discovery, Job, User
from discovery.extensions import db
from research_notes.finding_vectors import store

TASK_KIND = "embed_findings"
STAGE = _l("Reading the meaning of each finding")


def run_task(ctx: jobs.JobContext[jobs.EmptyPayload]) -> jobs.JobResult:
    def progress(done: int, total: int) -> None:
        ctx.progress(
            STAGE,
            round(100 * done / total) if total else 100,
            _l("%(done)s of %(total)s findings"),
            done=f"{done:,}",
            total=f"{total:,}",
        )

    computed = store.ensure_all(ctx.discovery, progress=progress)
    return jobs.JobResult(data={"computed": computed, "embedder": store.embedder_of(ctx.discovery)})


EMBED_TASK = jobs.Task(
    kind=TASK_KIND,
    run=run_task,
    title=_l("Read the meaning of findings"),
    capability="view_discovery",
)


def queue(discovery: Discovery, user: User | None = None, *, always: bool = False) -> Job | None:
    """Queue an embedding job for the discovery unless one is already waiting to start.

    Does nothing when background embedding on save is switched off (``EMBED_FINDINGS_ON_SAVE``;
    ``always`` overrides it, for a person's explicit request), or in a session that computes
    the vectors itself (see :func:`inline`).
    """
    if db.session.info.get(store.INLINE):
        return None
    if not (always or current_app.config.get("EMBED_FINDINGS_ON_SAVE", True)):
        return None
    waiting = jobs.active_job(discovery, TASK_KIND)
    if waiting is not None and waiting.status == "queued":
        return waiting
    return jobs.enqueue(TASK_KIND, None, discovery=discovery, user=user)


def active_reading(discovery: Discovery) -> Job | None:
    """The discovery's embedding job that is queued or running, for a progress line."""
    return jobs.active_job(discovery, TASK_KIND)


class inline:  # noqa: N801 - used as a context manager, like contextlib's
    """Within it, saving findings queues no embedding job, and vectors computed are written in
    the caller's own transaction: the caller (the demo loader, an import command that shows
    progress) reads the findings' meaning itself."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session

    def __enter__(self) -> None:
        (self.session or db.session()).info[store.INLINE] = True

    def __exit__(self, *exc_info: object) -> None:
        (self.session or db.session()).info.pop(store.INLINE, None)
