"""Queries and writes for participants, notes and findings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from discovery.core import audit
from discovery.core.models import Discovery
from discovery.extensions import db
from research_notes.models import Finding, Participant, ResearchNote, Utterance
from research_notes.utterances import split_utterances


def overview_counts(discovery: Discovery) -> list[tuple[str, int, str | None]]:
    def count(model) -> int:
        return db.session.scalar(
            select(func.count()).select_from(model).where(model.discovery_id == discovery.id)
        )

    return [
        (_l("Participants"), count(Participant), None),
        (_l("Research notes"), count(ResearchNote), None),
        (_l("Findings"), count(Finding), None),
    ]


def create_note_from_text(
    discovery: Discovery,
    *,
    title: str,
    body: str,
    held_on=None,
    method: str = "interview",
    channel: str | None = None,
    language: str = "en",
    participants=(),
    researcher=None,
    audit_action: str | None = "note_created",
) -> ResearchNote:
    """Save a note and its utterances; speaker labels that are pseudonyms link to participants."""
    note = ResearchNote(
        discovery_id=discovery.id,
        title=title.strip(),
        body=body,
        held_on=held_on,
        method=method,
        channel=channel,
        language=language,
        participants=list(participants),
        researcher=researcher,
    )
    by_pseudonym = {p.pseudonym: p for p in note.participants}
    for position, span in enumerate(split_utterances(body)):
        note.utterances.append(
            Utterance(
                position=position,
                speaker=span.speaker,
                participant=by_pseudonym.get(span.speaker or ""),
                start_seconds=span.start_seconds,
                text=span.text,
                char_start=span.char_start,
                char_end=span.char_end,
            )
        )
    db.session.add(note)
    db.session.flush()
    if audit_action:
        audit.record(audit_action, note, title=note.title)
    return note


def utterance_at(note: ResearchNote, offset: int) -> Utterance | None:
    return next((u for u in note.utterances if u.char_start <= offset < u.char_end), None)


def create_finding(
    note: ResearchNote,
    start: int,
    end: int,
    *,
    kind: str,
    tags=(),
    journey_stage: str | None = None,
    created_by=None,
    audit_action: str | None = "finding_created",
) -> Finding:
    """Save a highlighted span as a finding, attributing it to the speaker's participant.

    A finding in a one-participant note belongs to that participant even when the note has no
    speaker labels, so consent withdrawal can still find it.
    """
    if not 0 <= start < end <= len(note.body):
        raise ValueError("The highlight is outside the note")
    utterance = utterance_at(note, start)
    participant = utterance.participant if utterance else None
    if (
        participant is None
        and len(note.participants) == 1
        and (utterance is None or utterance.speaker is None)
    ):
        participant = note.participants[0]
    finding = Finding(
        discovery_id=note.discovery_id,
        note=note,
        utterance=utterance,
        participant=participant,
        start_offset=start,
        end_offset=end,
        text=note.body[start:end],
        speaker=utterance.speaker if utterance else None,
        kind=kind,
        journey_stage=journey_stage,
        tags=list(tags),
        created_by=created_by,
    )
    db.session.add(finding)
    db.session.flush()
    if audit_action:
        audit.record(audit_action, finding, note=str(note.id))
    return finding
