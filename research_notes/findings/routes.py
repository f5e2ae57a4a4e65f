"""Pages for findings: highlighting a note, the filterable findings list, search and export."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from discovery.core.downloads import private_download
from discovery.core.form_fields import uuids_from
from discovery.core.permissions import Capability, can, requires
from research_notes import services
from research_notes.finding_vectors import tasks as vector_tasks
from research_notes.findings import search
from research_notes.findings import services as findings_services
from research_notes.findings.forms import (
    BulkTagForm,
    DeleteFindingForm,
    FindingFilterForm,
    FindingForm,
    HighlightForm,
)
from research_notes.findings.highlights import note_pieces
from research_notes.tags import services as tag_services

bp = Blueprint("findings", __name__, url_prefix="/discoveries/<uuid:discovery_id>")
C = Capability

PER_PAGE = 25
NOTES_PER_PAGE = 10


def _page_number(name: str) -> int:
    """A page number from the query string; anything that is not a whole number means page 1."""
    try:
        return int(request.args.get(name, "1"))
    except ValueError:
        return 1


def _filters_from(form: FindingFilterForm) -> search.FindingFilters:
    """Read the GET filters; values that are not real options are ignored, never an error page."""
    valid = lambda field: tuple(v for v in (field.data or []) if v in {c.value for c in field.iter_choices()})  # noqa: E731
    return search.FindingFilters(
        q=_query_text(form.q.data),
        tag_ids=uuids_from(valid(form.tag)),
        kinds=valid(form.kind),
        segments=valid(form.segment),
        authority_ids=uuids_from(valid(form.authority)),
        journey_stages=valid(form.stage),
        note_id=(uuids_from([form.note.data]) or (None,))[0],
    )


def _query_text(value: str | None) -> str:
    """What was typed in the search box, without NUL characters (no database stores them)."""
    return (value or "").replace("\x00", "").strip()[:500]


def _filter_form(discovery, tags=None) -> FindingFilterForm:
    return FindingFilterForm(
        formdata=request.args,
        tags=tag_services.tags_for(discovery) if tags is None else tags,
        authorities=discovery.authorities,
    )


@bp.route("/findings")
@requires(C.READ_FINDINGS)
def list_findings(discovery):
    tags = tag_services.tags_for(discovery)
    form = _filter_form(discovery, tags)
    filters = _filters_from(form)
    results = search.page_of_findings(discovery, filters, _page_number("page"), PER_PAGE)
    note_results = search.page_of_notes(discovery, filters.q, _page_number("notes_page"), NOTES_PER_PAGE)
    typed = (form.q.raw_data or [""])[0].strip()
    searched_nothing = bool(typed) and not filters.terms
    if searched_nothing:
        # errors is a tuple until a form is validated, and this GET form never is.
        form.q.errors = [
            _("Enter a word or number to search for. Punctuation and symbols on their own cannot be searched")
        ]
    bulk_form = None
    if can(current_user, C.HIGHLIGHT_FINDINGS, discovery):
        bulk_form = BulkTagForm(
            formdata=None,
            tags=tags,
            finding_ids=[f.id for f in results.items],
        )
        bulk_form.next.data = request.full_path
    return render_template(
        "findings/list.html",
        discovery=discovery,
        reading=vector_tasks.active_reading(discovery) if bulk_form else None,
        form=form if searched_nothing else None,
        filter_note=services.note_or_none(discovery, filters.note_id),
        bulk_form=bulk_form,
        filter_form=form,
        filters=filters,
        results=results,
        note_results=note_results,
        highlight=search.highlight,
        export_url=url_for(
            "findings.export_findings", discovery_id=discovery.id, **request.args.to_dict(flat=False)
        ),
    )


@bp.route("/findings/bulk-tag", methods=["POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def bulk_tag_findings(discovery):
    posted = uuids_from(request.form.getlist("finding"))
    known = findings_services.ids_in_discovery(discovery.id, posted)
    form = BulkTagForm(tags=tag_services.tags_for(discovery), finding_ids=known)
    back = (
        form.next.data if (form.next.data or "").startswith(f"/discoveries/{discovery.id}/findings") else None
    )
    back = back or url_for("findings.list_findings", discovery_id=discovery.id)
    if form.validate_on_submit():
        try:
            changed = tag_services.bulk_tag(
                discovery,
                form.finding.data,
                add_tag_ids=form.add_tag.data,
                remove_tag_ids=form.remove_tag.data,
                actor=current_user._get_current_object(),
            )
        except tag_services.UnknownIdError:
            abort(400)
        flash(ngettext("%(num)d finding updated", "%(num)d findings updated", changed), "success")
    else:
        first_error = next(iter(form.errors.values()))[0]
        flash(first_error, "error")
    return redirect(back)


@bp.route("/findings/export.csv")
@requires(C.EXPORT_FINDINGS)
def export_findings(discovery):
    filters = _filters_from(_filter_form(discovery))
    data = findings_services.export_findings(discovery, filters)
    return private_download(data, "text/csv", f"{discovery.slug}-findings.csv")


def _note_view(discovery, note, form: HighlightForm, status: int = 200):
    findings = findings_services.note_findings(note)
    rendered, numbers = note_pieces(note.utterances, findings)
    return (
        render_template(
            "findings/highlight.html",
            discovery=discovery,
            note=note,
            form=form,
            findings=findings,
            rendered=rendered,
            numbers=numbers,
        ),
        status,
    )


@bp.route("/notes/<uuid:note_id>/highlight", methods=["GET", "POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def highlight_note(discovery, note_id: uuid.UUID):
    note = services.note_or_404(discovery, note_id)
    form = HighlightForm(note=note, tags=tag_services.tags_for(discovery))
    if form.validate_on_submit():
        try:
            saved = findings_services.highlight(
                note,
                form.spans,
                kind=form.kind.data,
                tag_ids=form.tags.data,
                journey_stage=form.journey_stage.data,
                comment=form.comment.data,
                created_by=current_user._get_current_object(),
            )
        except findings_services.ConsentWithdrawnError as error:
            flash(
                _(
                    "%(pseudonym)s has withdrawn consent, so no new findings can be saved from what "
                    "they said",
                    pseudonym=error.pseudonym,
                ),
                "error",
            )
            return redirect(url_for("notes.view_note", discovery_id=discovery.id, note_id=note.id))
        except ValueError:
            abort(400)
        flash(ngettext("%(num)d finding saved", "%(num)d findings saved", len(saved)), "success")
        return redirect(url_for("findings.highlight_note", discovery_id=discovery.id, note_id=note.id))
    return _note_view(discovery, note, form, 200)


@bp.route("/findings/<uuid:finding_id>", methods=["GET", "POST"])
@requires(read=C.READ_FINDINGS, write=C.HIGHLIGHT_FINDINGS)
def view_finding(discovery, finding_id: uuid.UUID):
    finding = services.finding_or_404(discovery, finding_id)
    editable = can(current_user, C.HIGHLIGHT_FINDINGS, discovery)  # only decides what the page shows
    form = FindingForm(obj=finding, tags=tag_services.tags_for(discovery))
    if not form.is_submitted():
        form.tags.data = [str(t.id) for t in finding.tags]
        form.journey_stage.data = finding.journey_stage or ""
    if form.validate_on_submit():
        try:
            findings_services.update_finding(
                finding,
                kind=form.kind.data,
                tag_ids=form.tags.data,
                journey_stage=form.journey_stage.data,
                comment=form.comment.data,
            )
        except ValueError:
            abort(400)
        flash(_("Finding saved"), "success")
        return redirect(url_for("findings.view_finding", discovery_id=discovery.id, finding_id=finding.id))
    return render_template(
        "findings/finding.html", discovery=discovery, finding=finding, form=form, editable=editable
    )


@bp.route("/findings/<uuid:finding_id>/delete", methods=["GET", "POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def delete_finding(discovery, finding_id: uuid.UUID):
    finding = services.finding_or_404(discovery, finding_id)
    form = DeleteFindingForm()
    if form.validate_on_submit():
        note_id = finding.note_id
        findings_services.delete_finding(finding)
        flash(_("Finding deleted"), "success")
        return redirect(url_for("findings.highlight_note", discovery_id=discovery.id, note_id=note_id))
    return render_template("findings/delete.html", discovery=discovery, finding=finding, form=form)
