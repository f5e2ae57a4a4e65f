"""Pages for a discovery's codebook: the tag tree, add and edit, merge, delete, import, export."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from discovery.core.downloads import private_download
from discovery.core.forms import ConfirmForm
from discovery.core.permissions import Capability, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.writes import show_duplicate
from research_notes.services import tag_or_404
from research_notes.tags import services
from research_notes.tags import suggestions as tag_suggestions
from research_notes.tags.forms import (
    COLOUR_LABELS,
    CYCLE_MESSAGE,
    STALE_MESSAGE,
    ImportForm,
    MergeForm,
    TagForm,
    duplicate_message,
    merge_message,
)
from research_notes.tags.labels import tag_text

bp = Blueprint("tags", __name__, url_prefix="/discoveries/<uuid:discovery_id>")
C = Capability


def _codebook_url(discovery) -> str:
    return url_for("tags.list_tags", discovery_id=discovery.id)


@bp.route("/codebook")
@requires(C.READ_CODEBOOK)
def list_tags(discovery):
    from nlp.tags import MIN_EXAMPLES

    return render_template(
        "tags/list.html",
        discovery=discovery,
        rows=services.codebook(discovery),
        colour_labels=COLOUR_LABELS,
        suggestions=tag_suggestions.acceptance(discovery),
        min_examples=MIN_EXAMPLES,
    )


@bp.route("/codebook/new", methods=["GET", "POST"])
@requires(C.MANAGE_CODEBOOK)
def add_tag(discovery):
    form = TagForm(discovery=discovery)
    if form.validate_on_submit():
        try:
            tag = services.create_tag(discovery, form.to_data())
        except services.DuplicateTagError as duplicate:
            show_duplicate(form, duplicate, duplicate_message(duplicate))
        else:
            flash(_("Tag ‘%(name)s’ added", name=tag_text(tag)), "success")
            return redirect(_codebook_url(discovery))
    return render_template("tags/form.html", discovery=discovery, form=form, tag=None)


@bp.route("/codebook/<uuid:tag_id>/edit", methods=["GET", "POST"])
@requires(C.MANAGE_CODEBOOK)
def edit_tag(discovery, tag_id: uuid.UUID):
    tag = tag_or_404(discovery, tag_id)
    form = TagForm(obj=tag, discovery=discovery, tag=tag)
    if form.validate_on_submit():
        try:
            services.update_tag(tag, form.to_data(), expected_version=form.version.expected)
        except services.StaleTagError:
            return refuse_stale_edit(
                form,
                tag,
                str(STALE_MESSAGE),
                "tags/form.html",
                discovery=discovery,
                tag=tag,
                saved=tag,
                colour_labels=COLOUR_LABELS,
            )
        except services.TagCycleError:
            form.parent.errors.append(str(CYCLE_MESSAGE))
        except services.DuplicateTagError as duplicate:
            show_duplicate(form, duplicate, duplicate_message(duplicate))
        else:
            flash(_("Tag ‘%(name)s’ saved", name=tag_text(tag)), "success")
            return redirect(_codebook_url(discovery))
    return render_template("tags/form.html", discovery=discovery, form=form, tag=tag)


@bp.route("/codebook/<uuid:tag_id>/merge", methods=["GET", "POST"])
@requires(C.MANAGE_CODEBOOK)
def merge_tag(discovery, tag_id: uuid.UUID):
    tag = tag_or_404(discovery, tag_id)
    form = MergeForm(discovery=discovery, tag=tag)
    if form.validate_on_submit():
        return redirect(
            url_for("tags.confirm_merge", discovery_id=discovery.id, tag_id=tag.id, target_id=form.target.id)
        )
    return render_template("tags/merge.html", discovery=discovery, form=form, tag=tag)


@bp.route("/codebook/<uuid:tag_id>/merge/<uuid:target_id>", methods=["GET", "POST"])
@requires(C.MANAGE_CODEBOOK)
def confirm_merge(discovery, tag_id: uuid.UUID, target_id: uuid.UUID):
    tag = tag_or_404(discovery, tag_id)
    target = tag_or_404(discovery, target_id)
    problem = merge_message(tag, target)
    if problem:
        form = MergeForm(discovery=discovery, tag=tag, formdata=None)
        form.into.data = str(target.id)
        form.into.errors = [problem]
        return render_template("tags/merge.html", discovery=discovery, form=form, tag=tag), 409
    form = ConfirmForm()
    if form.validate_on_submit():
        source_name = tag_text(tag)
        summary = services.merge_tags(tag, target)
        flash(
            ngettext(
                "‘%(source)s’ merged into ‘%(target)s’. %(num)d finding moved",
                "‘%(source)s’ merged into ‘%(target)s’. %(num)d findings moved",
                summary.findings_moved,
                source=source_name,
                target=tag_text(target),
            ),
            "success",
        )
        return redirect(_codebook_url(discovery))
    return render_template(
        "tags/confirm_merge.html",
        discovery=discovery,
        form=form,
        tag=tag,
        target=target,
        preview=services.merge_preview(tag, target),
    )


@bp.route("/codebook/<uuid:tag_id>/delete", methods=["GET", "POST"])
@requires(C.MANAGE_CODEBOOK)
def delete_tag(discovery, tag_id: uuid.UUID):
    tag = tag_or_404(discovery, tag_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = tag_text(tag)
        services.delete_tag(tag)
        flash(_("Tag ‘%(name)s’ deleted", name=name), "success")
        return redirect(_codebook_url(discovery))
    return render_template(
        "tags/delete.html",
        discovery=discovery,
        form=form,
        tag=tag,
        preview=services.delete_preview(tag),
    )


@bp.route("/codebook/import", methods=["GET", "POST"])
@requires(C.MANAGE_CODEBOOK)
def import_codebook(discovery):
    form = ImportForm(discovery=discovery)
    if form.validate_on_submit():
        try:
            result = services.import_codebook(discovery, form.parsed, form.filename)
        except services.DuplicateTagError as duplicate:
            show_duplicate(
                form,
                duplicate,
                _(
                    "Someone changed the codebook while the file was being imported. Nothing was imported. Try again"  # noqa: E501
                ),
            )
        else:
            flash(
                ngettext(
                    "Codebook imported: %(num)d tag created",
                    "Codebook imported: %(num)d tags created",
                    len(result.created),
                ),
                "success",
            )
            return redirect(
                url_for("tags.import_result", discovery_id=discovery.id, import_id=result.import_id)
            )
    return render_template("tags/import.html", discovery=discovery, form=form)


@bp.route("/codebook/imports/<uuid:import_id>")
@requires(C.MANAGE_CODEBOOK)
def import_result(discovery, import_id: uuid.UUID):
    event = services.import_summary(discovery, import_id, current_user._get_current_object()) or abort(404)
    return render_template("tags/import_result.html", discovery=discovery, event=event)


def _download(discovery, file_format: str, mimetype: str, extension: str) -> Response:
    data = services.export_codebook(discovery, file_format)
    return private_download(data, mimetype, f"codebook-{discovery.slug}.{extension}")


@bp.route("/codebook/export.csv")
@requires(C.READ_CODEBOOK)
def export_csv(discovery):
    return _download(discovery, "csv", "text/csv; charset=utf-8", "csv")


@bp.route("/codebook/export.qdc")
@requires(C.READ_CODEBOOK)
def export_qdc(discovery):
    return _download(discovery, "qdc", "application/xml; charset=utf-8", "qdc")
