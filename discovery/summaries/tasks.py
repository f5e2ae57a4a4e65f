"""Summary exports as background jobs: a large discovery's PDF takes a while, and a person
should see it progress (and be able to leave the page) rather than wait on a request.

The job builds the document (a published version, or the live draft for the squad), renders
it, keeps the file in ``summary_exports`` for the person who asked, and audits the export. The
command line (``export-summary``) renders the same way, without a job.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from discovery import jobs
from discovery.core.models import Discovery, Job
from discovery.core.permissions import Capability, can
from discovery.summaries import content as c
from discovery.summaries import services

TASK_KIND = "export_summary"
FORMATS = {"pdf": "PDF", "docx": "Word (.docx)", "md": "Markdown", "html": "HTML (works offline)"}
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
BUILDING = _l("Gathering the summary")
RENDERING = _l("Making the file")
SAVING = _l("Saving the file")
GONE = _l(
    "This export could not be made because the summary version or authority it asked for no "
    "longer exists. Nothing was changed."
)
DRAFT_NOT_ALLOWED = _l("Only the research team can export the draft. Export a published version instead.")


@dataclass(frozen=True)
class ExportPayload:
    file_format: str = "pdf"
    lang: str = "en"
    version_number: int | None = None
    authority_code: str | None = None


def render(document: c.Document, file_format: str, lang: str) -> tuple[bytes, str]:
    """The file's bytes and its name.

    The PDF is set in the system's sans serif, not GDS Transport: the font's licence is for
    services on GOV.UK, and a council's board paper is not one (GOV.UK Frontend's print styles
    drop it too).
    """
    from discovery.summaries.exports import docx, filename, html, markdown, pdf

    if file_format == "pdf":
        data = pdf.to_pdf(document, lang)
    elif file_format == "docx":
        data = docx.to_docx(document, lang)
    elif file_format == "md":
        data = markdown.to_markdown(document, lang).encode()
    else:
        data = html.to_html(document, lang).encode()
    return data, filename(document, file_format, lang)


def run_export(ctx: jobs.JobContext[ExportPayload]) -> jobs.JobResult:
    payload = ctx.payload
    if payload.file_format not in FORMATS or payload.lang not in c.LANGUAGES:
        raise jobs.JobError(GONE, f"format {payload.file_format!r}, language {payload.lang!r}")
    if payload.version_number is None and not can(ctx.user, Capability.EDIT_SUMMARY, ctx.discovery):
        raise jobs.JobError(DRAFT_NOT_ALLOWED)
    ctx.progress(BUILDING, 10)
    try:
        document = services.document_for(
            ctx.discovery, version_number=payload.version_number, authority_code=payload.authority_code
        )
    except NotFound:
        raise jobs.JobError(GONE) from None
    ctx.progress(RENDERING, 40)
    data, filename = render(document, payload.file_format, payload.lang)
    ctx.progress(SAVING, 90)
    export = services.save_export(
        ctx.discovery, payload.file_format, filename, data, ctx.user.id if ctx.user else None
    )
    services.record_export(
        ctx.discovery,
        file_format=payload.file_format,
        lang=payload.lang,
        version_number=payload.version_number,
        authority_code=payload.authority_code,
        actor=ctx.user,
        via="web",
    )
    details = {"filename": filename, "bytes": len(data)}
    return jobs.JobResult(type="summary_export", id=export.id, data=details)


def start_export(discovery: Discovery, user, payload: ExportPayload) -> Job:
    return jobs.enqueue(TASK_KIND, payload, discovery=discovery, user=user)


def _result_url(job: Job) -> str | None:
    from flask import url_for

    if not job.result_id:
        return None
    return url_for("summaries.download_export", discovery_id=job.discovery_id, export_id=job.result_id)


EXPORT_TASK = jobs.Task(
    kind=TASK_KIND,
    run=run_export,
    title=_l("Export the summary"),
    payload_type=ExportPayload,
    capability="read_summary",
    result_url=_result_url,
    result_label=_l("Download the file"),
)
