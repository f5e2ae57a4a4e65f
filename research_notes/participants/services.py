"""Queries and writes for participants, their consent and their real names.

Services flush and audit; the request commits. A participant's real name lives in
ParticipantIdentity and is only read through `identity_for_viewing`, which audits the look.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from discovery.core import audit
from discovery.core.models import Discovery, User
from discovery.core.services import StaleEditError
from discovery.core.vocab import CONSENT_SCOPES
from discovery.extensions import db
from research_notes.models import (
    Finding,
    Participant,
    ParticipantIdentity,
    ResearchNote,
    note_participants,
)
from research_notes.participants import erasure
from research_notes.participants.erasure import (  # noqa: F401 (the errors callers catch)
    AlreadyWithdrawnError,
    ReasonRequiredError,
    SharedNotesNeedEditingError,
)
from research_notes.services import get_in_discovery_or_404

# Consent statuses shown as tags and used as filters. Keys are stable: they appear in URLs.
RECORDED, NOT_RECORDED, WITHDRAWN = "recorded", "none", "withdrawn"
CONSENT_STATUSES = (RECORDED, NOT_RECORDED, WITHDRAWN)


_P_NUMBER = re.compile(r"^[Pp](\d+)$")


class DuplicatePseudonymError(ValueError):
    """The pseudonym is already used by another participant in the discovery."""


@dataclass(frozen=True)
class ParticipantData:
    pseudonym: str
    segment: str
    authority_id: uuid.UUID | None = None
    # A named organisation outside the discovery's authorities (then authority_id is None).
    organisation: str = ""
    age_band: str | None = None
    digital_confidence: str | None = None
    preferred_language: str = "en"
    access_needs: str = ""
    notes: str = ""
    consent_date: date | None = None
    consent_scope: list[str] = field(default_factory=list)
    retain_until: date | None = None


@dataclass(frozen=True)
class ParticipantRow:
    """One line of the participants table."""

    participant: Participant
    status: str
    note_count: int


# Reading -------------------------------------------------------------------------------------


def consent_status(participant: Participant) -> str:
    if participant.has_withdrawn:
        return WITHDRAWN
    return RECORDED if participant.consent_date else NOT_RECORDED


def _status_clause(status: str):
    if status == WITHDRAWN:
        return Participant.consent_withdrawn_at.is_not(None)
    if status == RECORDED:
        return and_(Participant.consent_withdrawn_at.is_(None), Participant.consent_date.is_not(None))
    return and_(Participant.consent_withdrawn_at.is_(None), Participant.consent_date.is_(None))


def pseudonym_sort_key(pseudonym: str) -> tuple:
    """P2 before P10: sort by the letters, then the number, then the rest."""
    match = re.match(r"^(\D*)(\d*)(.*)$", pseudonym)
    prefix, number, rest = match.groups() if match else (pseudonym, "", "")
    return (prefix.upper(), int(number) if number else -1, rest.upper(), pseudonym)


def participants_in(
    discovery: Discovery,
    *,
    segment: str | None = None,
    authority_id: uuid.UUID | None = None,
    status: str | None = None,
) -> list[ParticipantRow]:
    """The discovery's participants, filtered, in pseudonym order, with how many notes each is in."""
    query = (
        select(Participant)
        .where(Participant.discovery_id == discovery.id)
        .options(selectinload(Participant.authority))
    )
    if segment:
        query = query.where(Participant.segment == segment)
    if authority_id:
        query = query.where(Participant.authority_id == authority_id)
    if status in CONSENT_STATUSES:
        query = query.where(_status_clause(status))
    participants = sorted(db.session.scalars(query), key=lambda p: pseudonym_sort_key(p.pseudonym))
    counts = note_counts(discovery)
    return [ParticipantRow(p, consent_status(p), counts.get(p.id, 0)) for p in participants]


def status_counts(discovery: Discovery) -> dict[str, int]:
    """How many participants are in each consent status, for the whole discovery."""
    counts = {}
    for status in CONSENT_STATUSES:
        counts[status] = db.session.scalar(
            select(func.count())
            .select_from(Participant)
            .where(Participant.discovery_id == discovery.id, _status_clause(status))
        )
    return counts


def note_counts(discovery: Discovery) -> dict[uuid.UUID, int]:
    query = (
        select(note_participants.c.participant_id, func.count())
        .join(ResearchNote, ResearchNote.id == note_participants.c.note_id)
        .where(ResearchNote.discovery_id == discovery.id)
        .group_by(note_participants.c.participant_id)
    )
    return {participant_id: count for participant_id, count in db.session.execute(query)}


def notes_for(participant: Participant) -> list[ResearchNote]:
    """The notes a participant appears in, most recent first (undated notes last)."""
    query = (
        select(ResearchNote)
        .join(note_participants, note_participants.c.note_id == ResearchNote.id)
        .where(note_participants.c.participant_id == participant.id)
    )
    notes = list(db.session.scalars(query))
    return sorted(
        notes, key=lambda n: (n.held_on is None, -(n.held_on.toordinal() if n.held_on else 0), n.title)
    )


def participant_in_discovery_or_404(discovery: Discovery, participant_id: uuid.UUID) -> Participant:
    """The discovery's participant with this id, or a 404 (another discovery's id is a 404 too)."""
    return get_in_discovery_or_404(Participant, participant_id, discovery)


def participant_by_pseudonym(discovery: Discovery, pseudonym: str) -> Participant | None:
    """Case-insensitive, as pseudonyms are unique regardless of case."""
    return db.session.scalar(
        select(Participant).where(
            Participant.discovery_id == discovery.id,
            func.lower(Participant.pseudonym) == pseudonym.strip().lower(),
        )
    )


def pseudonyms_in(discovery: Discovery) -> list[str]:
    names = db.session.scalars(select(Participant.pseudonym).where(Participant.discovery_id == discovery.id))
    return sorted(names, key=pseudonym_sort_key)


def rollback() -> None:
    """Undo a failed write (a pseudonym clash the database caught) so the page can be shown again."""
    db.session.rollback()


def finding_count(participant: Participant) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Finding).where(Finding.participant_id == participant.id)
    )


def suggest_pseudonym(discovery: Discovery) -> str:
    """The next P-number after the highest in use: P01…P99, then P100.

    Gaps are not refilled: a gap is usually a participant recorded on paper or withdrawn,
    and reusing their number would make old references point at someone else.
    """
    pseudonyms = db.session.scalars(
        select(Participant.pseudonym).where(Participant.discovery_id == discovery.id)
    )
    numbers = [int(m.group(1)) for p in pseudonyms if (m := _P_NUMBER.match(p.strip()))]
    return f"P{max(numbers, default=0) + 1:02d}"


def pseudonym_taken(discovery: Discovery, pseudonym: str, exclude_id: uuid.UUID | None = None) -> bool:
    """Case-insensitive, because p07 and P07 in the same discovery would be confused in notes."""
    query = select(Participant.id).where(
        Participant.discovery_id == discovery.id,
        func.lower(Participant.pseudonym) == pseudonym.strip().lower(),
    )
    if exclude_id is not None:
        query = query.where(Participant.id != exclude_id)
    return db.session.scalar(query) is not None


def default_retain_until(discovery: Discovery, consent_date: date | None) -> date | None:
    """RETENTION_DAYS (730) after the discovery ends; after consent while it has no end date.

    None only when neither date is known yet; the date is filled in once either is recorded.
    """
    start = discovery.end_date or consent_date
    return start + timedelta(days=current_app.config["RETENTION_DAYS"]) if start else None


# Writing -------------------------------------------------------------------------------------


def create_participant(discovery: Discovery, data: ParticipantData, actor: User) -> Participant:
    """Add a participant; DuplicatePseudonymError if the pseudonym is taken.

    The form checks the pseudonym first; the unique constraint catches a colleague saving
    the same pseudonym at the same moment. After DuplicatePseudonymError the session must be
    rolled back by the caller (SQLite cannot roll back to a savepoint safely here).
    """
    if pseudonym_taken(discovery, data.pseudonym):
        raise DuplicatePseudonymError(data.pseudonym)
    participant = Participant(discovery_id=discovery.id)
    consent_changed = _apply(participant, data, actor)
    db.session.add(participant)
    _flush()
    audit.record(
        "participant_created",
        participant,
        actor=actor,
        pseudonym=participant.pseudonym,
        segment=participant.segment,
    )
    if consent_changed:
        _audit_consent(participant, actor)
    return participant


def update_participant(
    participant: Participant, data: ParticipantData, expected_version: int, actor: User
) -> Participant:
    """Save an edit, refusing it when someone else saved since the form was opened."""
    if participant.version != expected_version:
        raise StaleEditError()
    if pseudonym_taken(participant.discovery, data.pseudonym, exclude_id=participant.id):
        raise DuplicatePseudonymError(data.pseudonym)
    before = _snapshot(participant)
    consent_changed = _apply(participant, data, actor)
    changed = sorted(k for k, v in _snapshot(participant).items() if before[k] != v)
    if not changed:
        return participant
    _flush()
    audit.record(
        "participant_updated",
        participant,
        actor=actor,
        pseudonym=participant.pseudonym,
        changed=changed,
    )
    if consent_changed:
        _audit_consent(participant, actor)
    return participant


def withdraw_consent(participant: Participant, reason: str, actor: User) -> erasure.ErasureResult:
    """Withdraw consent and erase what rests on it; see ``research_notes.participants.erasure``.

    Raises ``AlreadyWithdrawnError``, ``ReasonRequiredError`` or ``SharedNotesNeedEditingError``;
    the page and the ``withdraw-consent`` command both come here, so they erase the same things.
    """
    return erasure.withdraw_and_erase(participant, reason, actor)


def needs_erasure(participant: Participant) -> bool:
    """A participant withdrawn before withdrawal erased anything, whose data is still held."""
    return erasure.needs_erasure(participant)


def withdrawal_preview(participant: Participant) -> erasure.ErasurePlan:
    """What withdrawing consent would erase, for the preview page and the command's listing."""
    return erasure.plan_erasure(participant)


def identity_for_viewing(participant: Participant, actor: User) -> ParticipantIdentity | None:
    """The participant's real name and contact details, auditing that someone looked."""
    identity = participant.identity
    if identity is not None:
        audit.record("participant_identity_viewed", participant, actor=actor, pseudonym=participant.pseudonym)
    return identity


class StaleIdentityError(ValueError):
    """Someone else saved or removed the real name after this edit's form was opened."""


def identity_version(participant: Participant) -> int:
    """The version an identity form opens at: the identity's, or 0 while there is none."""
    return participant.identity.version if participant.identity is not None else 0


def save_identity(
    participant: Participant,
    real_name: str,
    contact_details: str,
    actor: User,
    *,
    expected_version: int | None = None,
) -> str:
    """Save, change or (when both are blank) remove a real name. Returns what happened.

    The audit event never holds the name itself: the log is read more widely than the identity.
    ``expected_version`` is the version the form was opened at (0: there was no identity);
    StaleIdentityError when someone else has saved or removed it since.
    """
    if expected_version is not None and expected_version != identity_version(participant):
        raise StaleIdentityError(participant.pseudonym)
    real_name, contact_details = real_name.strip(), contact_details.strip()
    identity = participant.identity
    if not real_name and not contact_details:
        if identity is None:
            return "unchanged"
        participant.identity = None
        db.session.flush()
        audit.record(
            "participant_identity_removed", participant, actor=actor, pseudonym=participant.pseudonym
        )
        return "removed"
    if identity is None:
        participant.identity = ParticipantIdentity(real_name=real_name, contact_details=contact_details)
    elif (identity.real_name, identity.contact_details) == (real_name, contact_details):
        return "unchanged"
    else:
        identity.real_name, identity.contact_details = real_name, contact_details
    db.session.flush()
    audit.record("participant_identity_saved", participant, actor=actor, pseudonym=participant.pseudonym)
    return "saved"


def _apply(participant: Participant, data: ParticipantData, actor: User) -> bool:
    """Copy the form's data onto the participant; True when the consent record changed."""
    participant.pseudonym = data.pseudonym.strip()
    participant.segment = data.segment
    participant.authority_id = data.authority_id
    participant.organisation = "" if data.authority_id else data.organisation.strip()
    participant.age_band = data.age_band or None
    participant.digital_confidence = data.digital_confidence or None
    participant.preferred_language = data.preferred_language or "en"
    participant.access_needs = data.access_needs.strip()
    participant.notes = data.notes.strip()
    scope = [s for s in CONSENT_SCOPES if s in data.consent_scope]
    consent_changed = (participant.consent_date, list(participant.consent_scope or [])) != (
        data.consent_date,
        scope,
    )
    participant.consent_date = data.consent_date
    participant.consent_scope = scope
    if consent_changed:
        participant.consent_recorded_by_id = actor.id if data.consent_date else None
    # A date the form sends back unchanged keeps whatever it was (a default stays a default).
    if data.retain_until is None:
        participant.retain_until_chosen = False
    elif data.retain_until != participant.retain_until:
        participant.retain_until_chosen = True
    if participant.retain_until_chosen:
        participant.retain_until = data.retain_until
    else:
        discovery = db.session.get(Discovery, participant.discovery_id)
        participant.retain_until = default_retain_until(discovery, data.consent_date)
    return consent_changed


def _snapshot(participant: Participant) -> dict[str, object]:
    return {
        "pseudonym": participant.pseudonym,
        "segment": participant.segment,
        "authority": participant.authority_id,
        "organisation": participant.organisation,
        "age_band": participant.age_band,
        "digital_confidence": participant.digital_confidence,
        "preferred_language": participant.preferred_language,
        "access_needs": participant.access_needs,
        "notes": participant.notes,
        "consent_date": participant.consent_date,
        "consent_scope": list(participant.consent_scope or []),
        "retain_until": participant.retain_until,
    }


def _audit_consent(participant: Participant, actor: User) -> None:
    audit.record(
        "consent_recorded",
        participant,
        actor=actor,
        pseudonym=participant.pseudonym,
        consent_date=participant.consent_date,
        scope=participant.consent_scope,
        retain_until=participant.retain_until,
    )


def _flush() -> None:
    """Flush, turning the database's own refusals into the errors the views understand."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleEditError() from error
    except IntegrityError as error:
        if "pseudonym" in str(error.orig).lower():
            raise DuplicatePseudonymError() from error
        raise
