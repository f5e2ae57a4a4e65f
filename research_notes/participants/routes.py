"""Pages for participants: the list, adding and editing, consent withdrawal and real names."""

from __future__ import annotations

import uuid
from datetime import date
from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from discovery.core import data_scope
from discovery.core.permissions import can, may_read_note, may_see_identity, require_identity, requires
from discovery.core.stale import refuse_stale_edit
from research_notes.participants import references, retention, services
from research_notes.participants.forms import (
    CONSENT_STATUS_LABELS,
    DUPLICATE_PSEUDONYM,
    FilterForm,
    IdentityForm,
    ParticipantForm,
    WithdrawConsentForm,
)

bp = Blueprint("participants", __name__, url_prefix="/discoveries/<uuid:discovery_id>")

# The note and finding delete pages word their warnings from what is really linked.
bp.add_app_template_global(references.links_to_finding, "links_to_finding")
bp.add_app_template_global(references.links_to_note_findings, "links_to_note_findings")
bp.add_app_template_global(references.citations, "evidence_citations")
bp.add_app_template_global(references.describe, "describe_evidence_links")


bp.add_app_template_global(
    lambda discovery: retention.notices_for(current_user, discovery), "retention_notices"
)


@bp.route("/participants")
@requires("see_participants")
def list_participants(discovery):
    filters = FilterForm(request.args, discovery=discovery)
    chosen = filters.filters()
    rows = services.participants_in(discovery, **chosen)
    ending = filters.retention_ending()
    if ending:
        due = retention.due_soon_ids(discovery)
        rows = [row for row in rows if row.participant.id in due]
    return render_template(
        "participants/list.html",
        discovery=discovery,
        filters=filters,
        filtered=bool(chosen) or ending,
        retention_ending=ending,
        notice_days=retention.notice_days(),
        rows=rows,
        status_counts=services.status_counts(discovery),
        status_labels=CONSENT_STATUS_LABELS,
        can_manage=can(current_user, "manage_participants", discovery),
    )


@bp.route("/participants/new", methods=["GET", "POST"])
@requires("manage_participants")
def add_participant(discovery):
    form = ParticipantForm(discovery=discovery)
    if not form.is_submitted():
        form.pseudonym.data = services.suggest_pseudonym(discovery)
    if form.validate_on_submit():
        try:
            participant = services.create_participant(discovery, form.to_data(), _actor())
        except services.DuplicatePseudonymError:
            services.rollback()
            form.pseudonym.errors.append(str(DUPLICATE_PSEUDONYM))
        else:
            flash(_("%(pseudonym)s added", pseudonym=participant.pseudonym), "success")
            return redirect(_participant_url(participant))
    return render_template("participants/form.html", form=form, discovery=discovery, participant=None)


@bp.route("/participants/<uuid:participant_id>")
@requires("see_participants")
def view_participant(discovery, participant_id: uuid.UUID):
    participant = services.participant_in_discovery_or_404(discovery, participant_id)
    user = _actor()
    notes = services.notes_for(participant) if can(user, "read_notes", discovery) else []
    shown = [note for note in notes if may_read_note(user, note)]
    see_name = may_see_identity(user, participant)
    return render_template(
        "participants/view.html",
        discovery=discovery,
        participant=participant,
        status=services.consent_status(participant),
        status_labels=CONSENT_STATUS_LABELS,
        recorded_by=participant.consent_recorded_by,
        withdrawn_by=participant.consent_withdrawn_by,
        notes=[(note, _note_url(discovery, note)) for note in shown],
        notes_not_shared=len(notes) - len(shown),
        finding_count=services.finding_count(participant),
        retention_passed=bool(participant.retain_until and participant.retain_until < date.today()),
        erased_by_retention=participant.consent_withdrawal_reason == retention.RETENTION_REASON,
        retention_period=retention.period_text(),
        can_manage=can(current_user, "manage_participants", discovery),
        can_see_real_name=see_name,
        identity_explanation=(
            data_scope.identity_explanation(participant)
            if can(user, "see_real_names", discovery) and not see_name
            else ""
        ),
        needs_erasure=services.needs_erasure(participant),
    )


@bp.route("/participants/<uuid:participant_id>/edit", methods=["GET", "POST"])
@requires("manage_participants")
def edit_participant(discovery, participant_id: uuid.UUID):
    participant = services.participant_in_discovery_or_404(discovery, participant_id)
    if participant.has_withdrawn:
        flash(
            _(
                "%(pseudonym)s has withdrawn consent, so their details cannot be changed",
                pseudonym=participant.pseudonym,
            ),
            "error",
        )
        return redirect(_participant_url(participant))
    form = ParticipantForm(discovery=discovery, participant=participant)
    if not form.is_submitted():
        form.version.reset_to(participant)
    if form.validate_on_submit():
        try:
            services.update_participant(
                participant, form.to_data(), expected_version=form.version.expected, actor=_actor()
            )
        except services.StaleEditError:
            return refuse_stale_edit(
                form,
                participant,
                _(
                    "Someone else changed this participant while you were editing it. Your changes "
                    "have not been saved. Check the details below, then save again"
                ),
                "participants/form.html",
                discovery=discovery,
                participant=participant,
            )
        except services.DuplicatePseudonymError:
            services.rollback()
            form.pseudonym.errors.append(str(DUPLICATE_PSEUDONYM))
        else:
            flash(_("%(pseudonym)s saved", pseudonym=participant.pseudonym), "success")
            return redirect(_participant_url(participant))
    return render_template("participants/form.html", form=form, discovery=discovery, participant=participant)


@bp.route("/participants/<uuid:participant_id>/withdraw-consent", methods=["GET", "POST"])
@requires("manage_participants")
def withdraw_consent(discovery, participant_id: uuid.UUID):
    participant = services.participant_in_discovery_or_404(discovery, participant_id)
    if participant.has_withdrawn and not services.needs_erasure(participant):
        flash(_("%(pseudonym)s has already withdrawn consent", pseudonym=participant.pseudonym), "error")
        return redirect(_participant_url(participant))
    plan = services.withdrawal_preview(participant)
    form = WithdrawConsentForm()
    if not plan.blocked and form.validate_on_submit():
        try:
            services.withdraw_consent(participant, form.reason.data or "", _actor())
        except services.SharedNotesNeedEditingError:
            # A colleague linked them to a shared note since the page was opened: show it.
            services.rollback()
            return redirect(request.url)
        flash(
            _("Consent withdrawn for %(pseudonym)s and their data erased", pseudonym=participant.pseudonym),
            "success",
        )
        return redirect(_participant_url(participant))
    return render_template(
        "participants/withdraw.html",
        form=form,
        discovery=discovery,
        participant=participant,
        plan=plan,
        citations=references.citations(plan.citations),
        note_url=lambda note: _note_url(discovery, note),
        edit_note_url=lambda note: url_for("notes.edit_note", discovery_id=discovery.id, note_id=note.id),
    )


@bp.route("/participants/<uuid:participant_id>/real-name")
@requires("see_real_names")
def view_identity(discovery, participant_id: uuid.UUID):
    participant = services.participant_in_discovery_or_404(discovery, participant_id)
    require_identity(_actor(), participant)
    identity = services.identity_for_viewing(participant, _actor())
    return render_template(
        "participants/identity.html", discovery=discovery, participant=participant, identity=identity
    )


@bp.route("/participants/<uuid:participant_id>/real-name/edit", methods=["GET", "POST"])
@requires("see_real_names")
def edit_identity(discovery, participant_id: uuid.UUID):
    participant = services.participant_in_discovery_or_404(discovery, participant_id)
    require_identity(_actor(), participant)
    form = IdentityForm()
    if not form.is_submitted():
        identity = services.identity_for_viewing(participant, _actor())
        if identity is not None:
            form.real_name.data, form.contact_details.data = identity.real_name, identity.contact_details
        form.version.data = str(services.identity_version(participant))
    if form.validate_on_submit():
        try:
            outcome = services.save_identity(
                participant,
                form.real_name.data or "",
                form.contact_details.data or "",
                _actor(),
                expected_version=form.version.expected,
            )
        except services.StaleIdentityError:
            return refuse_stale_edit(
                form,
                SimpleNamespace(version=services.identity_version(participant)),  # as saved now
                _(
                    "Someone else changed this participant's real name or contact details while you "
                    "were editing them. Your changes have not been saved. Check the details below, "
                    "then save again"
                ),
                "participants/identity_form.html",
                discovery=discovery,
                participant=participant,
            )
        messages = {
            "saved": _("Real name and contact details saved"),
            "removed": _("Real name and contact details removed"),
            "unchanged": _("No changes to save"),
        }
        flash(messages[outcome], "success")
        return redirect(
            url_for("participants.view_identity", discovery_id=discovery.id, participant_id=participant.id)
        )
    return render_template(
        "participants/identity_form.html", form=form, discovery=discovery, participant=participant
    )


def _actor():
    return current_user._get_current_object()


def _participant_url(participant) -> str:
    return url_for(
        "participants.view_participant", discovery_id=participant.discovery_id, participant_id=participant.id
    )


def _note_url(discovery, note) -> str:
    return url_for("notes.view_note", discovery_id=discovery.id, note_id=note.id)
