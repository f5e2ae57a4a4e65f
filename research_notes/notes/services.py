"""Queries and writes for research notes and their utterances."""

from __future__ import annotations

from discovery.core import audit
from discovery.core.models import Discovery
from discovery.extensions import db
from research_notes.models import ResearchNote, Utterance
from research_notes.utterances import split_utterances


def create_note(
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
