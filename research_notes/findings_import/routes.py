"""Pages for importing findings from a spreadsheet: upload, review, import or cancel."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from discovery.core.forms import ConfirmForm
from discovery.core.permissions import Capability, can, person, requires
from research_notes.findings_import import services
from research_notes.findings_import.forms import ReviewSpreadsheetForm
from research_notes.importers import TranscriptError, limits
from research_notes.importers.spreadsheet import MAX_PROBLEMS
from research_notes.messages import translate, translate_error
from research_notes.notes import services as notes_services
from research_notes.notes.forms import UploadTranscriptForm

bp = Blueprint("findings_import", __name__, url_prefix="/discoveries/<uuid:discovery_id>")
C = Capability


def _findings_url(discovery, **args) -> str:
    return url_for("findings.list_findings", discovery_id=discovery.id, **args)


@bp.route("/findings/import", methods=["GET", "POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def upload_spreadsheet(discovery):
    form = UploadTranscriptForm()
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    if form.validate_on_submit():
        upload = form.file.data
        try:
            pending = services.start_import(
                discovery, person(), upload.filename or "", upload.read(), max_bytes=limit_mb * 1024 * 1024
            )
        except TranscriptError as error:
            form.file.errors.append(translate_error(error))
        else:
            return redirect(
                url_for(
                    "findings_import.review_spreadsheet",
                    discovery_id=discovery.id,
                    findings_import_id=pending.id,
                )
            )
    return render_template(
        "findings_import/upload.html",
        form=form,
        discovery=discovery,
        limit_mb=limit_mb,
        max_rows=f"{limits.MAX_ROWS:,}",
    )


def _pending_or_gone(discovery, import_id: uuid.UUID):
    pending = services.pending_spreadsheet(discovery, import_id)
    if pending is not None and pending.uploaded_by_id != current_user.id:
        abort(403)
    return pending


def _gone(discovery):
    flash(
        _(
            "This import has already been saved or cancelled, or it expired. Check the list of "
            "findings before you upload the file again"
        ),
        "info",
    )
    return redirect(_findings_url(discovery))


@bp.route("/findings/import/<uuid:findings_import_id>", methods=["GET", "POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def review_spreadsheet(discovery, findings_import_id: uuid.UUID):
    pending = _pending_or_gone(discovery, findings_import_id)
    if pending is None:
        return _gone(discovery)
    sheet = services.sheet_from(pending)
    found = services.personal_data_of(pending)  # found at upload: a GET never reads the file again
    checked = services.review_rows(discovery, sheet)
    can_create_tags = can(current_user, C.MANAGE_CODEBOOK, discovery)
    form = ReviewSpreadsheetForm(
        personal_data=found, missing_tags=checked.missing_tags, can_create_tags=can_create_tags
    )
    if not form.is_submitted():
        form.prefill(
            pending.payload.get("title_suggestion") or notes_services.title_from_filename(pending.filename)
        )
    problems = services.blocking_problems(checked, create_tags=can_create_tags)
    more_problems = checked.more_problems
    if not problems and form.validate_on_submit():
        filename = pending.filename
        try:
            result = services.complete_import(
                discovery,
                sheet,
                form.to_choices(),
                filename=filename,
                actor=person(),
                found=found,
                digest=pending.payload.get("sha256", ""),
                pending=pending,
            )
        except services.AlreadyImportedError:
            return _gone(discovery)
        except services.RowProblemsError as error:
            problems, more_problems = error.problems, error.more
        else:
            flash(_imported_message(result), "success")
            return redirect(_findings_url(discovery, note=result.note.id))
    rows = {row.number: row for row in sheet.rows}
    more_problems += max(0, len(problems) - MAX_PROBLEMS)
    problems = problems[:MAX_PROBLEMS]
    return render_template(
        "findings_import/review.html",
        discovery=discovery,
        pending=pending,
        sheet=sheet,
        checked=checked,
        form=form,
        problems=[(translate(m), m.row if m.row in rows else None) for m in problems],
        problem_rows=_problem_rows(problems, rows),
        more_problems=more_problems,
        warnings=[translate(m) for m in sheet.warnings],
        personal_data={item.id: item for item in found},
        row_numbers=[row.number for row in sheet.rows],
        preview=checked.rows[: services.PREVIEW_ROWS],
        previous=services.previous_imports(discovery, pending.payload.get("sha256", "")),
    )


def _problem_rows(problems, rows) -> list[tuple[object, list[str]]]:
    """The rows to correct, in order, each with its problems, for the table the errors link to."""
    found: dict[int, list[str]] = {}
    for message in problems:
        if message.row in rows:
            found.setdefault(message.row, []).append(translate(message))
    return [(rows[number], found[number]) for number in sorted(found)]


def _imported_message(result: services.ImportResult) -> str:
    message = ngettext(
        "%(num)d finding imported from the spreadsheet ‘%(title)s’",
        "%(num)d findings imported from the spreadsheet ‘%(title)s’",
        result.findings,
        title=result.note.title,
    )
    if result.tags_created:
        message += ". " + ngettext(
            "%(num)d tag was added to the codebook",
            "%(num)d tags were added to the codebook",
            len(result.tags_created),
        )
    if result.replaced:
        message += ". " + ngettext(
            "%(num)d item of personal data was replaced",
            "%(num)d items of personal data were replaced",
            result.replaced,
        )
    return message


@bp.route("/findings/import/<uuid:findings_import_id>/cancel", methods=["POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def cancel_spreadsheet(discovery, findings_import_id: uuid.UUID):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    pending = _pending_or_gone(discovery, findings_import_id)
    if pending is None:
        return _gone(discovery)
    notes_services.discard_import(pending)
    flash(_("Import cancelled. Nothing was saved"), "success")
    return redirect(_findings_url(discovery))
