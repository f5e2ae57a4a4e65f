"""Pages for a whole project in the REFI-QDA format: download it, and import one."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from discovery.core.downloads import private_download
from discovery.core.permissions import Capability, person, requires
from research_notes import imported_files
from research_notes.exchange import services
from research_notes.exchange.forms import ImportProjectForm
from research_notes.exchange.qdpx import ProjectFileError
from research_notes.tags.forms import translate_file_error

bp = Blueprint("exchange", __name__, url_prefix="/discoveries/<uuid:discovery_id>")
C = Capability
MIMETYPE = "application/zip"


@bp.route("/project/export.qdpx")
@requires(C.EXPORT_FINDINGS)
def export_project(discovery):
    result = services.export_project(discovery, actor=person())
    return private_download(result.data, MIMETYPE, f"{discovery.slug}.qdpx")


@bp.route("/project/import", methods=["GET", "POST"])
@requires(C.EDIT_NOTES)
def import_project(discovery):
    form = ImportProjectForm()
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    if form.validate_on_submit():
        upload = form.file.data
        max_bytes = limit_mb * 1024 * 1024
        try:
            summary, _import_id = services.import_project(
                discovery,
                upload.read(max_bytes + 1),
                filename=upload.filename or "project.qdpx",
                actor=person(),
                max_bytes=max_bytes,
            )
        except ProjectFileError as error:
            form.file.errors.append(translate_file_error(error))
        except imported_files.FileAlreadyImportedError as already:
            form.file.errors.append(imported_files.already_imported_message(already.record))
            return render_template(
                "exchange/import.html",
                discovery=discovery,
                form=form,
                limit_mb=limit_mb,
                already=already.record,
            )
        else:
            _flash_summary(summary)
            return redirect(url_for("notes.list_notes", discovery_id=discovery.id))
    return render_template("exchange/import.html", discovery=discovery, form=form, limit_mb=limit_mb)


def _flash_summary(summary: services.ImportSummary) -> None:
    flash(
        _(
            "Project imported. Notes: %(notes)d. Findings: %(findings)d. Tags created: %(created)d, "
            "existing tags used: %(merged)d. Participants created: %(new)d, existing participants "
            "linked: %(linked)d",
            notes=summary.notes,
            findings=summary.findings,
            created=len(summary.tags_created),
            merged=len(summary.tags_merged),
            new=len(summary.participants_created),
            linked=len(summary.participants_linked),
        ),
        "success",
    )
    if summary.participants_created:
        flash(
            _(
                "No consent is recorded for %(pseudonyms)s. Record their consent before their findings "
                "are used in themes and summaries",
                pseudonyms=", ".join(summary.participants_created),
            ),
            "info",
        )
    if summary.cases_not_participants:
        flash(
            _(
                "Cases whose names are not pseudonyms such as P07 were not made into participants: "
                "%(num)d in this file",
                num=summary.cases_not_participants,
            ),
            "info",
        )
    if summary.sources_skipped:
        flash(
            _(
                "Sources that are not text (pictures, PDFs, audio or video) were not imported: %(names)s",
                names=", ".join(summary.sources_skipped),
            ),
            "info",
        )
