"""What a job's page and its JSON say: translated text from the job's stored message ids."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import url_for
from flask_babel import format_datetime, gettext

from discovery.core.columns import aware
from discovery.core.models import Job
from discovery.core.vocab import JOB_STATUSES
from discovery.jobs import messages, registry, store

TAG_COLOURS = {
    "queued": "govuk-tag--grey",
    "running": "govuk-tag--blue",
    "succeeded": "govuk-tag--green",
    "failed": "govuk-tag--red",
    "cancelled": "govuk-tag--yellow",
}


def translate(text: str | None, params: dict | None = None) -> str:
    """Stored English message ids, shown in the reader's language."""
    if not text:
        return ""
    try:
        return gettext(text, **(params or {}))
    except (KeyError, ValueError, TypeError):
        return gettext(text)


@dataclass(frozen=True)
class JobView:
    id: str
    title: str
    status: str
    status_label: str
    tag_classes: str
    stage: str
    percent: int
    message: str
    error: str
    active: bool
    cancelling: bool
    result_url: str | None
    result_label: str
    page_url: str
    requested_by: str
    created: str
    finished: str


def job_title(job: Job) -> str:
    task = registry.task_or_none(job.kind)
    return str(task.title) if task else job.kind


def view(job: Job) -> JobView:
    task = registry.task_or_none(job.kind)
    result_url = task.result_url(job) if task and task.result_url and job.status == "succeeded" else None
    error = translate(job.error) if job.status == "failed" else ""
    if job.status == "cancelled":
        error = translate(messages.msgid(messages.CANCELLED))
    return JobView(
        id=str(job.id),
        title=job_title(job),
        status=job.status,
        status_label=str(JOB_STATUSES[job.status]),
        tag_classes=TAG_COLOURS[job.status],
        stage=translate(job.stage),
        percent=job.percent,
        message=translate(job.message, job.message_params),
        error=error,
        active=job.status in store.ACTIVE,
        cancelling=job.status == "running" and job.cancel_requested_at is not None,
        result_url=result_url,
        result_label=str(task.result_label) if task and task.result_label else "",
        page_url=url_for("jobs.view_job", discovery_id=job.discovery_id, job_id=job.id)
        if job.discovery_id
        else "",
        requested_by=job.requested_by.display_name
        if job.requested_by
        else (
            gettext("The system")
            if job.origin == "system"
            else gettext("A person who no longer has an account")
        ),
        created=when(job.created_at),
        finished=when(job.finished_at),
    )


def _requester(job: Job) -> str:
    if job.requested_by:
        return job.requested_by.display_name
    if job.origin == "system":
        return gettext("The system")
    return gettext("A person who no longer has an account")


def when(moment) -> str:
    moment = aware(moment)
    return format_datetime(moment, "d MMMM y, HH:mm") if moment else ""


def as_json(job: Job) -> dict:
    data = asdict(view(job))
    data["percent_text"] = gettext("%(percent)d%% done", percent=job.percent)
    return data
