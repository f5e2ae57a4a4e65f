"""Pages for findings: highlighting a note, the filterable findings list, search and export."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from discovery.core import data_scope
from discovery.core.downloads import private_download
from discovery.core.form_fields import uuids_from
from discovery.core.permissions import Capability, can, may_read_note, person, require_note, requires
from discovery.core.stale import refuse_stale_edit
from research_notes import services
from research_notes.finding_vectors import tasks as vector_tasks
from research_notes.findings import coding, search
from research_notes.findings import services as findings_services
from research_notes.findings.forms import (
    AcceptSuggestionForm,
    BulkTagForm,
    DeleteFindingForm,
    FindingFilterForm,
    FindingForm,
    HighlightForm,
    tag_groups,
)
from research_notes.findings.highlights import note_pieces
from research_notes.findings.marks import finding_marks
from research_notes.tags import services as tag_services
from research_notes.tags import suggestions as tag_suggestions
from research_notes.tags.labels import tag_text

bp = Blueprint("findings", __name__, url_prefix="/discoveries/<uuid:discovery_id>")
STALE_FINDING = _l(
    "Someone else changed this finding since you opened it. Your changes have not been saved. "
    "The finding as it is now is shown, with your changes still in the form: check them, then save again"
)
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
    note_results = search.page_of_notes(
        discovery, filters.q, _page_number("notes_page"), NOTES_PER_PAGE, reader=person()
    )
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
    data = findings_services.export_findings(discovery, filters, note_title=data_scope.note_label)
    return private_download(data, "text/csv", f"{discovery.slug}-findings.csv")


def _highlight_form(discovery, note, findings, **kwargs) -> HighlightForm:
    return HighlightForm(
        note=note,
        findings=findings,
        tags=tag_services.tags_for(discovery),
        discovery=discovery,
        may_create_tags=can(current_user, C.MANAGE_CODEBOOK, discovery),
        **kwargs,
    )


def _panel_context(discovery, note, form: HighlightForm) -> dict:
    """What the coding panel shows for the words chosen: their text, tag suggestions from this
    discovery's codebook, the researcher's recent tags, then the rest of the codebook."""
    span = form.spans[0] if form.spans else None
    if span is None and form.coding_turn is not None:
        span = (form.coding_turn.char_start, form.coding_turn.char_end)
    if span is None and form.start.data and form.end.data:
        try:
            span = (int(form.start.data), int(form.end.data))
        except ValueError:
            span = None
    selected = note.body[span[0] : span[1]].strip() if span else ""
    tags = tag_services.tags_for(discovery)
    offered = tag_suggestions.suggest_for_text(discovery, selected) if selected else None
    suggested = offered.by_finding.get(tag_suggestions.TEXT, []) if offered and offered.ready else []
    recent = [t for t in coding.recent_tags(discovery, person(), tags) if t not in {s.tag for s in suggested}]
    shown = {s.tag.id for s in suggested} | {t.id for t in recent}
    return {
        "form": form,
        "selected_text": selected,
        "suggested": suggested,
        "recent_tags": recent,
        "tag_groups": tag_groups([t for t in tags if t.id not in shown]),
        "tag_count": len(tags),
        "checked_tags": set(form.tags.data or []),
        "may_create_tags": can(current_user, C.MANAGE_CODEBOOK, discovery),
    }


def _note_view(discovery, note, findings, form: HighlightForm, panel_at: int | None = None):
    rendered, numbers = note_pieces(note.utterances, findings)
    find = _query_text(request.args.get("find"))
    found, found_total = coding.find_in_note(note.utterances, find) if find else ([], 0)
    return render_template(
        "findings/highlight.html",
        discovery=discovery,
        note=note,
        findings=findings,
        rendered=rendered,
        numbers=numbers,
        marks=finding_marks(discovery, findings),
        panel_at=panel_at,
        panel=_panel_context(discovery, note, form) if panel_at is not None else None,
        form=form,
        speakers=coding.speakers_in(note.utterances),
        find=find,
        found=found,
        found_total=found_total,
        at=_page_number("at") if request.args.get("at") else 0,
    )


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _passage_url(discovery, note, position: int | None) -> str:
    url = url_for("findings.highlight_note", discovery_id=discovery.id, note_id=note.id)
    return url if position is None else f"{url}?at={position}#u-{position}"


@bp.route("/notes/<uuid:note_id>/highlight", methods=["GET", "POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def highlight_note(discovery, note_id: uuid.UUID):
    note = services.note_or_404(discovery, note_id)
    require_note(person(), note)
    findings = findings_services.note_findings(note)
    form = _highlight_form(discovery, note, findings, turn=request.args.get("turn"))
    if form.validate_on_submit():
        try:
            saved = findings_services.highlight(
                note,
                form.spans,
                kind=form.kind.data,
                tag_ids=form.tags.data,
                typed_tag=form.typed_tag,
                journey_stage=form.journey_stage.data,
                comment=form.comment.data,
                created_by=person(),
                shown_suggestions=tag_suggestions.parse_shown(request.form.getlist("suggested")),
            )
        except findings_services.ConsentWithdrawnError as error:
            message = _(
                "%(pseudonym)s has withdrawn consent, so no new findings can be saved from what they said",
                pseudonym=error.pseudonym,
            )
            if _wants_json():
                return jsonify(errors=[message]), 409
            flash(message, "error")
            return redirect(url_for("notes.view_note", discovery_id=discovery.id, note_id=note.id))
        except ValueError:
            abort(400)
        message = ngettext("%(num)d finding saved", "%(num)d findings saved", len(saved))
        if _wants_json():
            return _saved_json(discovery, note, saved, message)
        flash(message, "success")
        return redirect(_passage_url(discovery, note, form.focus_position))
    if form.is_submitted() and _wants_json():
        return jsonify(panel_html=_panel_html(discovery, note, form)), 422
    panel_at = form.focus_position if form.is_submitted() else form.coding_turn and form.coding_turn.position
    if form.is_submitted() and panel_at is None and note.utterances:
        panel_at = note.utterances[0].position
    return _note_view(discovery, note, findings, form, panel_at=panel_at)


def _panel_html(discovery, note, form: HighlightForm) -> str:
    return render_template(
        "findings/_code_panel.html", discovery=discovery, note=note, **_panel_context(discovery, note, form)
    )


def _saved_json(discovery, note, saved, message: str):
    """What the page needs to show a finding saved in place: the turns it touches, redrawn with
    their highlights, and the list of the note's findings."""
    findings = findings_services.note_findings(note)
    rendered, numbers = note_pieces(note.utterances, findings)
    touched = {f.utterance_id for f in saved}
    marks = finding_marks(discovery, findings)
    turns = {
        f"u-{u.position}": render_template(
            "findings/_turn_text.html", parts=parts, numbers=numbers, marks=marks
        )
        for u, parts in rendered
        if u.id in touched
    }
    findings_html = render_template("findings/_note_findings.html", discovery=discovery, findings=findings)
    descriptions_html = render_template("findings/_mark_descriptions.html", marks=marks)
    count_text = ngettext(
        "%(num)d finding highlighted so far", "%(num)d findings highlighted so far", len(findings)
    )
    return jsonify(
        message=message,
        turns=turns,
        findings_html=findings_html,
        descriptions_html=descriptions_html,
        count_text=count_text,
    )


@bp.route("/notes/<uuid:note_id>/highlight/panel")
@requires(C.HIGHLIGHT_FINDINGS)
def highlight_panel(discovery, note_id: uuid.UUID):
    """The coding panel for a selection (``start``, ``end``) or a turn (``turn``), which the page's
    script places just below the words chosen."""
    note = services.note_or_404(discovery, note_id)
    require_note(person(), note)
    findings = findings_services.note_findings(note)
    form = _highlight_form(
        discovery,
        note,
        findings,
        turn=request.args.get("turn"),
        start=request.args.get("start", ""),
        end=request.args.get("end", ""),
    )
    return _panel_html(discovery, note, form)


@bp.route("/notes/<uuid:note_id>/highlight/go")
@requires(C.HIGHLIGHT_FINDINGS)
def move_in_note(discovery, note_id: uuid.UUID):
    """Jump along a long note: to a time, to a speaker's next turn, or to the next turn no
    finding covers yet. Each lands on the turn's anchor, remembering where the researcher is."""
    note = services.note_or_404(discovery, note_id)
    require_note(person(), note)
    after = _page_number("after") if request.args.get("after") else -1
    target = None
    if request.args.get("untagged"):
        target = coding.next_untagged_turn(note.utterances, findings_services.note_findings(note), after)
        if target is None:
            flash(_("Every turn a participant spoke has at least one finding"), "info")
    elif request.args.get("speaker") is not None and not request.args.get("time"):
        target = coding.next_turn_by(note.utterances, request.args.get("speaker", ""), after)
        if target is None:
            flash(_("Choose a speaker from the list"), "error")
    else:
        seconds = coding.parse_clock(request.args.get("time", ""))
        if seconds is None:
            flash(_("Enter a time in the note, like 1:02:30 or 62:30"), "error")
        else:
            target = coding.turn_at_time(note.utterances, seconds)
            if target is None:
                flash(_("This note has no times, so it cannot jump to one"), "error")
    return redirect(_passage_url(discovery, note, target.position if target else None))


@bp.route("/findings/<uuid:finding_id>", methods=["GET", "POST"])
@requires(read=C.READ_FINDINGS, write=C.HIGHLIGHT_FINDINGS)
def view_finding(discovery, finding_id: uuid.UUID):
    finding = services.finding_or_404(discovery, finding_id)
    editable = can(current_user, C.HIGHLIGHT_FINDINGS, discovery)  # only decides what the page shows
    form = FindingForm(obj=finding, tags=tag_services.tags_for(discovery))
    if not form.is_submitted():
        form.tags.data = [str(t.id) for t in finding.tags]
        form.journey_stage.data = finding.journey_stage or ""
        form.version.reset_to(finding)
    if form.validate_on_submit():
        try:
            findings_services.update_finding(
                finding,
                kind=form.kind.data,
                tag_ids=form.tags.data,
                journey_stage=form.journey_stage.data,
                comment=form.comment.data,
                shown_suggestions=tag_suggestions.parse_shown(request.form.getlist("suggested")),
                actor=person(),
                expected_version=form.version.expected,
            )
        except findings_services.StaleFindingError:
            context = _finding_context(discovery, finding, editable)
            return refuse_stale_edit(form, finding, str(STALE_FINDING), "findings/finding.html", **context)
        except ValueError:
            abort(400)
        flash(_("Finding saved"), "success")
        return redirect(url_for("findings.view_finding", discovery_id=discovery.id, finding_id=finding.id))
    return render_template(
        "findings/finding.html", form=form, **_finding_context(discovery, finding, editable)
    )


def _finding_context(discovery, finding, editable: bool) -> dict:
    suggested = []
    if editable:
        offered = tag_suggestions.suggest_tags(discovery, [finding.id])
        suggested = offered.by_finding.get(finding.id, []) if offered.ready else []
    before, turn, after = coding.turns_around(finding)
    quote_parts = coding.quote_in_turn(finding, turn)
    note_readable = may_read_note(person(), finding.note)
    if not note_readable:
        # The rest of the turn and the turns around it are raw notes: keep only the quote.
        before = after = None
        quote_parts = coding.quote_alone(finding) if turn is not None else []
    return dict(
        discovery=discovery,
        finding=finding,
        editable=editable,
        suggested=suggested,
        before=before,
        turn=turn,
        after=after,
        quote_parts=quote_parts,
        passage_url=_finding_passage_url(discovery, finding, turn, editable) if note_readable else None,
        note_not_shared=data_scope.note_explanation(finding.note) if not note_readable else "",
    )


def _finding_passage_url(discovery, finding, turn, editable: bool) -> str:
    """Where "see it in the note" lands: the turn itself, on the highlight page for those who
    code, on the note for those who read."""
    if editable:
        return _passage_url(discovery, finding.note, turn.position if turn else None)
    url = url_for("notes.view_note", discovery_id=discovery.id, note_id=finding.note_id)
    return f"{url}#u-{turn.position}" if turn else url


@bp.route("/findings/<uuid:finding_id>/suggested-tags", methods=["POST"])
@requires(C.HIGHLIGHT_FINDINGS)
def accept_suggested_tag(discovery, finding_id: uuid.UUID):
    """One click on "suggested: Phone queues 82 %" adds the tag."""
    finding = services.finding_or_404(discovery, finding_id)
    form = AcceptSuggestionForm()
    if not form.validate_on_submit():
        abort(400)
    tag = tag_services.get_tag(discovery, form.tag.data)
    if tag is None:
        abort(400)
    findings_services.accept_suggestion(finding, tag, form.confidence.data, person())
    flash(_("Tag ‘%(name)s’ added", name=tag_text(tag)), "success")
    return redirect(url_for("findings.view_finding", discovery_id=discovery.id, finding_id=finding.id))


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
