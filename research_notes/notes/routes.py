"""Pages for research notes: list, write, view, edit, delete, and import transcripts."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from discovery.core import data_scope
from discovery.core.forms import ConfirmForm
from discovery.core.permissions import can, person, require_note, requires
from discovery.core.stale import refuse_stale_edit
from research_notes.findings import services as findings_services
from research_notes.findings.highlights import note_pieces
from research_notes.findings.marks import finding_marks
from research_notes.importers import TranscriptError
from research_notes.messages import translate, translate_error
from research_notes.notes import services
from research_notes.notes.forms import NoteFilterForm, NoteForm, UploadTranscriptForm, review_form
from research_notes.participants import services as participants_services
from research_notes.participants.forms import DUPLICATE_PSEUDONYM

bp = Blueprint("notes", __name__, url_prefix="/discoveries/<uuid:discovery_id>")
# A note's title, or where it came from when the data-sharing agreement does not share it.
bp.add_app_template_global(data_scope.note_label, "note_label")

PREVIEW_UTTERANCES = 6
PREVIEW_CHARACTERS = 400


@bp.route("/notes")
@requires("read_notes")
def list_notes(discovery):
    filters = NoteFilterForm(request.args, participants=services.participants_for(discovery))
    participant_id = filters.chosen(filters.participant)
    method = filters.chosen(filters.method)
    rows = services.list_notes(
        discovery,
        participant_id=uuid.UUID(participant_id) if participant_id else None,
        method=method,
        reader=person(),
    )
    return render_template(
        "notes/list.html",
        discovery=discovery,
        rows=rows,
        not_shared=services.notes_not_shared(discovery, person()),
        filters=filters,
        filtered=bool(participant_id or method),
        can_edit=can(current_user, "edit_notes", discovery),
    )


@bp.route("/notes/new", methods=["GET", "POST"])
@requires("edit_notes")
def create_note(discovery):
    form = NoteForm(discovery=discovery, current_user=person())
    if form.validate_on_submit():
        data = form.to_data()
        note = services.create_note(
            discovery,
            title=data.title,
            body=data.body,
            held_on=data.held_on,
            method=data.method,
            channel=data.channel,
            language=data.language,
            participants=data.participants,
            researcher=data.researcher,
            created_by=person(),
        )
        flash(_("Note saved"), "success")
        return redirect(url_for("notes.view_note", discovery_id=discovery.id, note_id=note.id))
    return render_template("notes/form.html", form=form, discovery=discovery, note=None)


@bp.route("/notes/<uuid:note_id>")
@requires("read_notes")
def view_note(discovery, note_id: uuid.UUID):
    note = services.note_in_discovery_or_404(discovery, note_id)
    require_note(person(), note)
    services.record_view(note)
    findings = findings_services.note_findings(note)
    rendered, numbers = note_pieces(note.utterances, findings)
    return render_template(
        "notes/note.html",
        discovery=discovery,
        note=note,
        rendered=rendered,
        numbers=numbers,
        marks=finding_marks(discovery, findings) if can(current_user, "read_findings", discovery) else None,
        can_edit=can(current_user, "edit_notes", discovery),
    )


@bp.route("/notes/<uuid:note_id>/edit", methods=["GET", "POST"])
@requires("edit_notes")
def edit_note(discovery, note_id: uuid.UUID):
    note = services.note_in_discovery_or_404(discovery, note_id)
    require_note(person(), note)
    form = NoteForm(obj=note, discovery=discovery, current_user=person(), note=note)
    if not form.is_submitted():
        form.version.reset_to(note)
    if form.validate_on_submit():
        try:
            result = services.update_note(note, form.to_data(), expected_version=form.version.expected)
        except services.StaleEditError:
            return refuse_stale_edit(
                form,
                note,
                _(
                    "Someone else changed this note while you were editing it. Your changes have not "
                    "been saved. Your text is still below: check it against the saved note, then save again"
                ),
                "notes/form.html",
                discovery=discovery,
                note=note,
            )
        message = _("Note saved")
        if result.unmatched_findings:
            message += ". " + ngettext(
                "%(num)d finding no longer matches the note text",
                "%(num)d findings no longer match the note text",
                result.unmatched_findings,
            )
        flash(message, "success")
        return redirect(url_for("notes.view_note", discovery_id=discovery.id, note_id=note.id))
    return render_template("notes/form.html", form=form, discovery=discovery, note=note)


@bp.route("/notes/<uuid:note_id>/delete", methods=["GET", "POST"])
@requires("edit_notes")
def delete_note(discovery, note_id: uuid.UUID):
    note = services.note_in_discovery_or_404(discovery, note_id)
    require_note(person(), note)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = note.title
        services.delete_note(note)
        flash(_("Note deleted: %(title)s", title=title), "success")
        return redirect(url_for("notes.list_notes", discovery_id=discovery.id))
    return render_template(
        "notes/delete.html",
        discovery=discovery,
        note=note,
        form=form,
        findings=services.findings_count(note),
    )


# Importing transcripts ----------------------------------------------------------------------


@bp.route("/notes/import", methods=["GET", "POST"])
@requires("edit_notes")
def upload_transcript(discovery):
    form = UploadTranscriptForm()
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    if form.validate_on_submit():
        upload = form.file.data
        try:
            pending = services.start_import(
                discovery,
                person(),
                upload.filename or "",
                upload.read(),
                max_bytes=limit_mb * 1024 * 1024,
            )
        except TranscriptError as error:
            form.file.errors.append(translate_error(error))
        except services.AlreadyImportedError as already:
            form.file.errors.append(services.already_imported_message(already.note))
            return render_template(
                "notes/upload.html", form=form, discovery=discovery, limit_mb=limit_mb, already=already.note
            )
        else:
            return redirect(url_for("notes.review_import", discovery_id=discovery.id, import_id=pending.id))
    return render_template("notes/upload.html", form=form, discovery=discovery, limit_mb=limit_mb)


def _pending_or_gone(discovery, import_id: uuid.UUID):
    pending = services.pending_import(discovery, import_id)
    if pending is not None and pending.uploaded_by_id != current_user.id:
        abort(403)
    return pending


def _gone(discovery):
    flash(
        _(
            "This import has already been saved or cancelled, or it expired. Check the list of "
            "notes before you upload the file again"
        ),
        "info",
    )
    return redirect(url_for("notes.list_notes", discovery_id=discovery.id))


@bp.route("/notes/import/<uuid:import_id>", methods=["GET", "POST"])
@requires("edit_notes")
def review_import(discovery, import_id: uuid.UUID):
    pending = _pending_or_gone(discovery, import_id)
    if pending is None:
        return _gone(discovery)
    parsed = services.parsed_from(pending)
    found = services.personal_data_of(pending)  # found at upload: a GET never reads the file again
    draft = services.review_draft(pending) if request.method == "GET" else None
    restore = {"formdata": MultiDict(draft)} if draft is not None else {}
    form = review_form(parsed.speakers, found, discovery=discovery, current_user=person(), **restore)
    if not form.is_submitted():
        if draft is None:
            form.prefill(parsed, pending.filename)
        form.offer_new_participant(participants_services.suggest_pseudonym(discovery))
    if form.validate_on_submit():
        filename, sha256 = pending.filename, pending.source_sha256
        if not services.claim_import(pending):
            return _gone(discovery)
        try:
            result = services.complete_import(
                discovery,
                parsed,
                form.to_choices(),
                filename=filename,
                actor=person(),
                found=found,
                source_sha256=sha256,
            )
        except services.AlreadyImportedError as already:
            flash(services.already_imported_message(already.note), "info")
            return redirect(url_for("notes.view_note", discovery_id=discovery.id, note_id=already.note.id))
        message = _("Transcript imported")
        if result.replaced:
            message += ". " + ngettext(
                "%(num)d item of personal data was replaced",
                "%(num)d items of personal data were replaced",
                result.replaced,
            )
        flash(message, "success")
        return redirect(url_for("notes.view_note", discovery_id=discovery.id, note_id=result.note.id))
    return _review_page(discovery, pending, parsed, found, form)


@bp.route("/notes/import/<uuid:import_id>/participants", methods=["POST"])
@requires("manage_participants")
def add_import_participant(discovery, import_id: uuid.UUID):
    """ "Add participant" on the review: save the new participant, choose them for their speaker,
    and show the review again with everything else as it was entered."""
    pending = _pending_or_gone(discovery, import_id)
    if pending is None:
        return _gone(discovery)
    parsed = services.parsed_from(pending)
    found = services.personal_data_of(pending)
    form = review_form(parsed.speakers, found, discovery=discovery, current_user=person())
    if form.check_new_participant():
        new = form.new_participant.form
        try:
            participant = participants_services.create_participant(discovery, new.to_data(), person())
        except participants_services.DuplicatePseudonymError:
            participants_services.rollback()
            new.pseudonym.errors.append(str(DUPLICATE_PSEUDONYM))
        else:
            services.keep_review_draft(pending, form.review_values(participant))
            speaker = new.for_speaker.data
            if speaker is not None:
                message = _(
                    "%(pseudonym)s added and chosen for %(speaker)s",
                    pseudonym=participant.pseudonym,
                    speaker=parsed.speakers[int(speaker)],
                )
            else:
                message = _("%(pseudonym)s added", pseudonym=participant.pseudonym)
            flash(message, "success")
            return redirect(
                url_for("notes.review_import", discovery_id=discovery.id, import_id=pending.id)
                + (f"#speaker_{speaker}" if speaker is not None else "#participants")
            )
    return _review_page(discovery, pending, parsed, found, form)


def _review_page(discovery, pending, parsed, found, form):
    return render_template(
        "notes/review.html",
        discovery=discovery,
        pending=pending,
        parsed=parsed,
        parsed_tool=pending.payload.get("tool"),
        warnings=[translate(warning) for warning in parsed.warnings],
        form=form,
        personal_data={item.id: item for item in found},
        speaker_mentions=_speaker_mentions(found),
        preview=parsed.utterances[:PREVIEW_UTTERANCES],
        preview_characters=PREVIEW_CHARACTERS,
        without_consent=form.participants_without_consent(),
        can_add_participants=can(current_user, "manage_participants", discovery),
    )


def _speaker_mentions(found) -> int:
    return sum(1 for item in found if item.speaker_name)


@bp.route("/notes/import/<uuid:import_id>/cancel", methods=["POST"])
@requires("edit_notes")
def cancel_import(discovery, import_id: uuid.UUID):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    pending = _pending_or_gone(discovery, import_id)
    if pending is None:
        return _gone(discovery)
    services.discard_import(pending)
    flash(_("Import cancelled. Nothing was saved"), "success")
    return redirect(url_for("notes.list_notes", discovery_id=discovery.id))
