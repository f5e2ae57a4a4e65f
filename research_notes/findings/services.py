"""Queries and writes for findings: highlighted spans of notes."""

from __future__ import annotations

from discovery.core import audit
from discovery.extensions import db
from research_notes.models import Finding, ResearchNote, Utterance


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
