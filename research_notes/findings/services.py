"""Queries and writes for findings: highlighted spans of notes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.extensions import db
from research_notes.finding_vectors import tasks as vector_tasks
from research_notes.findings import coding, search
from research_notes.findings.export import findings_csv
from research_notes.models import Finding, ResearchNote, Tag, Utterance, finding_tags
from research_notes.tags import suggestions


class StaleFindingError(Exception):
    """Someone else saved the finding after this edit's form was opened; nothing was saved."""


class ConsentWithdrawnError(Exception):
    """The note or turn belongs to a participant who has withdrawn consent: nothing new is saved.

    Withdrawal erases their turns and notes; this refuses a highlight made on a page opened
    before that (or on data kept from before erasure existed) rather than saving new evidence.
    """

    def __init__(self, pseudonym: str) -> None:
        super().__init__(
            f"{pseudonym} has withdrawn consent, so no new findings can be saved from what they said"
        )
        self.pseudonym = pseudonym


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
    comment: str = "",
    created_by=None,
) -> Finding:
    """Save a highlighted span as a finding, attributing it to the speaker's participant.

    Raises ``ConsentWithdrawnError`` when the turn's speaker, or anyone the note is about, has
    withdrawn consent.

    A finding in a one-participant note belongs to that participant even when the note has no
    speaker labels, so consent withdrawal can still find it.
    """
    if not 0 <= start < end <= len(note.body):
        raise ValueError("The highlight is outside the note")
    utterance = utterance_at(note, start)
    participant = utterance.participant if utterance else None
    withdrawn = [p for p in [participant, *note.participants] if p is not None and p.has_withdrawn]
    if withdrawn:
        raise ConsentWithdrawnError(withdrawn[0].pseudonym)
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
        comment=comment,
        tags=list(tags),
        created_by=created_by,
    )
    db.session.add(finding)
    db.session.flush()
    audit.record("finding_created", finding, note=str(note.id))
    vector_tasks.queue(note.discovery, created_by)
    return finding


@dataclass(frozen=True)
class TurnFinding:
    """A finding that spans one whole turn of a note (an imported spreadsheet row)."""

    utterance: Utterance
    kind: str = "quote"
    tags: Sequence[Tag] = ()
    journey_stage: str | None = None
    comment: str = ""


def create_turn_findings(
    note: ResearchNote, wanted: Sequence[TurnFinding], *, created_by=None
) -> list[uuid.UUID]:
    """Save one finding per given turn, each spanning the turn's text; return their ids.

    For imports, where each row says who said it: a finding belongs to its turn's participant
    and to no one else — unlike :func:`create_finding`, a turn without a participant is never
    given to the note's only participant. Raises ``ConsentWithdrawnError`` (saving nothing)
    when any turn's participant has withdrawn consent. The rows are written with two
    multi-row INSERTs (findings, then their tags) rather than one ORM object each, since a
    spreadsheet can hold 20,000 of them; the caller writes one audit event for the import.
    """
    withdrawn = next(
        (
            t.utterance.participant
            for t in wanted
            if t.utterance.participant and t.utterance.participant.has_withdrawn
        ),
        None,
    )
    if withdrawn is not None:
        raise ConsentWithdrawnError(withdrawn.pseudonym)
    db.session.flush()  # the note and its turns have their ids
    rows: list[dict] = []
    links: list[dict] = []
    for item in wanted:
        utterance = item.utterance
        if utterance.note_id != note.id or utterance.char_end <= utterance.char_start:
            raise ValueError("A finding must span a turn of its note")
        finding_id = uuid.uuid4()
        rows.append(
            {
                "id": finding_id,
                "discovery_id": note.discovery_id,
                "note_id": note.id,
                "utterance_id": utterance.id,
                "participant_id": utterance.participant_id,
                "start_offset": utterance.char_start,
                "end_offset": utterance.char_end,
                "text": note.body[utterance.char_start : utterance.char_end],
                "speaker": utterance.speaker,
                "kind": item.kind,
                "journey_stage": item.journey_stage,
                "comment": item.comment,
                "created_by_id": created_by.id if created_by is not None else None,
            }
        )
        links += [
            {"finding_id": finding_id, "tag_id": tag.id} for tag in {t.id: t for t in item.tags}.values()
        ]
    if rows:
        db.session.execute(insert(Finding), rows)
        vector_tasks.queue(note.discovery, created_by)
    if links:
        db.session.execute(insert(finding_tags), links)
    return [row["id"] for row in rows]


def tags_in_discovery(discovery_id, tag_ids) -> list[Tag]:
    """The chosen tags, refusing any that belong to another discovery (a tampered form)."""
    wanted = {uuid.UUID(str(t)) for t in tag_ids or []}
    if not wanted:
        return []
    tags = list(db.session.scalars(select(Tag).where(Tag.id.in_(wanted), Tag.discovery_id == discovery_id)))
    if len(tags) != len(wanted):
        raise ValueError("A tag does not belong to this discovery")
    return sorted(tags, key=lambda t: t.name.lower())


def trimmed_span(body: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span without the white space a sloppy selection picks up at either end."""
    start, end = span
    piece = body[start:end]
    return (start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip())))


def highlight(
    note: ResearchNote,
    spans: list[tuple[int, int]],
    *,
    kind: str,
    tag_ids=(),
    typed_tag: Tag | str | None = None,
    journey_stage: str | None = None,
    comment: str = "",
    created_by=None,
    shown_suggestions: dict | None = None,
) -> list[Finding]:
    """Save each selected span of a note as a finding with the same kind, tags and stage.

    Leading and trailing white space is trimmed from each span, so a sloppy selection still
    quotes exactly the words. ``typed_tag`` is a tag typed by name: an existing tag, or a new
    name to add to the codebook (the form checked the researcher may). The tags suggested with
    the selection (``shown_suggestions``: tag id → confidence) are recorded as taken or not.
    """
    tags = tags_in_discovery(note.discovery_id, tag_ids)
    if isinstance(typed_tag, str):
        typed_tag = coding.add_typed_tag(note.discovery, typed_tag)
    if typed_tag is not None and typed_tag.id not in {t.id for t in tags}:
        tags.append(typed_tag)
    saved = []
    for start, end in spans:
        start, end = trimmed_span(note.body, (start, end))
        if end <= start:
            continue
        finding = create_finding(
            note,
            start,
            end,
            kind=kind,
            tags=tags,
            journey_stage=journey_stage or None,
            comment=comment or "",
            created_by=created_by,
        )
        suggestions.record_outcomes(finding, shown_suggestions or {}, created_by)
        saved.append(finding)
    return saved


def update_finding(
    finding: Finding,
    *,
    kind: str,
    tag_ids=(),
    journey_stage=None,
    comment: str = "",
    shown_suggestions: dict | None = None,
    actor=None,
    expected_version: int | None = None,
) -> Finding:
    """Save a finding's kind, tags, stage and comment.

    Raises ``StaleFindingError`` when ``expected_version`` (the version the form was opened at)
    is no longer the finding's, or someone saves it while this save is under way.
    """
    if expected_version is not None and finding.version != expected_version:
        raise StaleFindingError(finding.text)
    before = {"kind": finding.kind, "tags": [t.name for t in finding.tags], "stage": finding.journey_stage}
    finding.kind = kind
    finding.tags = tags_in_discovery(finding.discovery_id, tag_ids)
    finding.journey_stage = journey_stage or None
    finding.comment = comment or ""
    finding.updated_at = utcnow()  # a change of tags alone must move the version too
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleFindingError(finding.text) from None
    suggestions.record_outcomes(finding, shown_suggestions or {}, actor)
    audit.record("finding_updated", finding, before=before, kind=kind, tags=[t.name for t in finding.tags])
    return finding


def accept_suggestion(finding: Finding, tag: Tag, confidence: float, actor=None) -> None:
    """Add a suggested tag to a finding with one click, recorded as a suggestion taken."""
    if tag.id not in {t.id for t in finding.tags}:
        finding.tags = sorted([*finding.tags, tag], key=lambda t: t.name.lower())
        db.session.flush()
        audit.record("finding_updated", finding, tags=[t.name for t in finding.tags], suggested=tag.name)
    suggestions.record_outcomes(finding, {tag.id: confidence}, actor)


def delete_finding(finding: Finding) -> None:
    audit.record("finding_deleted", finding, text=finding.text[:200], note=str(finding.note_id))
    db.session.delete(finding)
    db.session.flush()


def note_findings(note: ResearchNote) -> list[Finding]:
    query = (
        select(Finding)
        .where(Finding.note_id == note.id)
        .options(selectinload(Finding.tags))
        .order_by(Finding.start_offset, Finding.end_offset)
    )
    return list(db.session.scalars(query))


def export_findings(discovery, filters: search.FindingFilters, note_title=None) -> str:
    """The findings matching ``filters`` as CSV; every export is audited, with what was asked for.

    ``note_title(note)`` words each note's title (the page passes ``data_scope.note_label``, so a
    note the agreement does not share is named by its council and date, not its own title).
    """
    findings = search.all_findings(discovery, filters)
    audit.record("findings_exported", discovery, count=len(findings), query=filters.q)
    return findings_csv(findings, note_title)


def ids_in_discovery(discovery_id, finding_ids) -> list[uuid.UUID]:
    """Those of the given finding ids that belong to the discovery."""
    if not finding_ids:
        return []
    query = select(Finding.id).where(Finding.discovery_id == discovery_id, Finding.id.in_(list(finding_ids)))
    return list(db.session.scalars(query))
