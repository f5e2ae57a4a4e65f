"""Queries and writes for research notes, their utterances, and transcript imports.

A note's body is the record; utterances and findings hold character offsets into it. So every
write here keeps three things true: ``body[u.char_start:u.char_end] == u.text`` for each
utterance, a finding's offsets point at its quoted text (or the editor is told they no longer
can), and every change is in the audit log. Services flush; the request (or the CLI, one file
at a time) commits.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from discovery.core import audit, data_scope
from discovery.core.models import Discovery, User
from discovery.core.permissions import Capability, can
from discovery.core.services import StaleEditError, user_by_id
from discovery.extensions import db
from research_notes.findings.services import utterance_at
from research_notes.importers import (
    FORMATS,
    ParsedTranscript,
    ParsedUtterance,
    decode_text,
    parse_transcript,
    rename_speakers,
)
from research_notes.importers.results import Notice
from research_notes.models import (
    Finding,
    Participant,
    ParticipantIdentity,
    PendingImport,
    ResearchNote,
    Utterance,
)
from research_notes.services import find_in_discovery, get_in_discovery_or_404
from research_notes.utterances import split_utterances

if TYPE_CHECKING:  # nlp.redact is imported where it is used, so the CLI starts without it
    from nlp.redact import PiiSpan

__all__ = [
    "StaleEditError",
    "user_by_id",
    "create_note",
    "update_note",
    "delete_note",
]

PENDING_IMPORT_LIFETIME = timedelta(hours=24)
RESEARCHER = "Researcher"
KEEP = "keep"
# An interviewer not in the team, saved as "Researcher" (the CLI's choice for a generic label).
RESEARCHER_CHOICE = "researcher"
# A team member speaking: ``user:<uuid>``, so each interviewer stays a speaker of their own.
TEAM_MEMBER_PREFIX = "user:"

# Speaker labels that name the person running the session rather than a participant.
_RESEARCHER_LABEL = re.compile(
    r"^(?:the\s+)?(?:interviewer|researcher|user\s+researcher|facilitator|moderator|host|"
    r"note[\s-]?taker|cyfwelydd|ymchwilydd|hwylusydd)s?(?:\s*\d+)?$",
    re.IGNORECASE,
)
# Personal data replaced without asking when importing from the command line (the values of
# nlp.redact.PiiKind, which is a StrEnum).
AUTOMATIC_KINDS = frozenset(
    {"EMAIL", "PHONE", "POSTCODE", "NHS_NUMBER", "NI_NUMBER", "DATE_OF_BIRTH", "ADDRESS"}
)
NAME_KIND = "NAME"


# Choices for forms --------------------------------------------------------------------------


def participants_for(discovery: Discovery, *, keep: Iterable[Participant] = ()) -> list[Participant]:
    """Participants a note can name: those who have not withdrawn consent, plus any in ``keep``."""
    kept = {p.id for p in keep}
    query = (
        select(Participant).where(Participant.discovery_id == discovery.id).order_by(Participant.pseudonym)
    )
    return [p for p in db.session.scalars(query) if p.consent_withdrawn_at is None or p.id in kept]


def participant_by_pseudonym(discovery: Discovery, pseudonym: str) -> Participant | None:
    return db.session.scalar(
        select(Participant).where(
            Participant.discovery_id == discovery.id,
            func.upper(Participant.pseudonym) == pseudonym.strip().upper(),
        )
    )


def researchers_for(discovery: Discovery, current: User | None = None) -> list[User]:
    """People who can be named as a note's researcher: the discovery's members (and whoever is
    writing the note, so an admin helping out can name themselves)."""
    people = {u.id: u for u in discovery.members}
    if current is not None:
        people.setdefault(current.id, current)
    return sorted(people.values(), key=lambda u: u.display_name.lower())


def speaking_team(discovery: Discovery) -> list[User]:
    """The discovery's members who can speak in its research: those who may read its notes
    (not authority leads, who read summaries only), in name order."""
    people = [u for u in discovery.members if can(u, Capability.READ_NOTES, discovery)]
    return sorted(people, key=lambda u: u.display_name.lower())


def team_choice(user: User) -> str:
    return f"{TEAM_MEMBER_PREFIX}{user.id}"


# Reading notes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteRow:
    note: ResearchNote
    findings: int


def list_notes(
    discovery: Discovery,
    *,
    participant_id: uuid.UUID | None = None,
    method: str | None = None,
    reader: User | None = None,
) -> list[NoteRow]:
    """A discovery's notes, newest session first (undated notes last), with finding counts.

    Given a reader, only the notes they may read under the data-sharing agreement.
    """
    counts = select(Finding.note_id, func.count().label("n")).group_by(Finding.note_id).subquery()
    query = (
        select(ResearchNote, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.note_id == ResearchNote.id)
        .where(ResearchNote.discovery_id == discovery.id)
        .options(selectinload(ResearchNote.participants), selectinload(ResearchNote.researcher))
        .order_by(
            ResearchNote.held_on.is_(None),
            ResearchNote.held_on.desc(),
            ResearchNote.created_at.desc(),
        )
    )
    if method:
        query = query.where(ResearchNote.method == method)
    if participant_id:
        query = query.where(ResearchNote.participants.any(Participant.id == participant_id))
    if reader is not None:
        query = query.where(data_scope.readable_notes_filter(reader, discovery))
    return [NoteRow(note, count) for note, count in db.session.execute(query)]


@dataclass(frozen=True)
class NotSharedNotes:
    """How many of a discovery's notes a reader may not open, and whose they are."""

    count: int
    authorities: list[str]

    @property
    def explanation(self) -> str:
        names = data_scope._joined(self.authorities)
        return data_scope.note_sharing_sentence(names)


def notes_not_shared(discovery: Discovery, reader: User) -> NotSharedNotes | None:
    """The notes the agreement keeps from this reader, counted (never listed), or None."""
    if data_scope.sharing(discovery) == data_scope.ALL_MEMBERS:
        return None
    hidden = list(
        db.session.scalars(
            select(ResearchNote)
            .where(
                ResearchNote.discovery_id == discovery.id,
                ~data_scope.readable_notes_filter(reader, discovery),
            )
            .options(selectinload(ResearchNote.participants), selectinload(ResearchNote.researcher))
        )
    )
    if not hidden:
        return None
    owners: set[uuid.UUID] = set()
    for note in hidden:
        owners |= data_scope.note_controllers(note).authority_ids
    return NotSharedNotes(len(hidden), data_scope.names_of(owners))


def note_in_discovery_or_404(discovery: Discovery, note_id: uuid.UUID) -> ResearchNote:
    """This discovery's note, or a 404 (never another discovery's note)."""
    return get_in_discovery_or_404(ResearchNote, note_id, discovery)


def findings_count(note: ResearchNote) -> int:
    return db.session.scalar(select(func.count()).select_from(Finding).where(Finding.note_id == note.id))


def record_view(note: ResearchNote) -> None:
    """Raw notes are personal data: DESIGN asks for every view of one to be audited."""
    audit.record("note_viewed", note, title=note.title)


# Writing notes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteData:
    title: str
    body: str
    held_on: date | None
    method: str
    channel: str | None
    language: str
    participants: list[Participant]
    researcher: User | None


@dataclass(frozen=True)
class PlacedUtterance:
    """An utterance already placed in a body, for callers that know speakers and times better
    than ``split_utterances`` would guess them (imports)."""

    speaker: str | None
    start_seconds: float | None
    text: str
    char_start: int
    participant: Participant | None = None
    researcher: User | None = None

    @property
    def char_end(self) -> int:
        return self.char_start + len(self.text)


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
    created_by: User | None = None,
    utterances: Sequence[PlacedUtterance] | None = None,
    source_filename: str | None = None,
    source_format: str | None = None,
    source_encoding: str | None = None,
    source_sha256: str | None = None,
) -> ResearchNote:
    """Save a note and its utterances; speaker labels that are pseudonyms link to participants.

    Pass ``utterances`` when the speakers and offsets are already known (an import);
    otherwise the body is split with ``split_utterances``.
    """
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
        created_by=created_by,
        source_filename=source_filename,
        source_format=source_format,
        source_encoding=source_encoding,
        source_sha256=source_sha256,
    )
    if utterances is None:
        utterances = _split(body, note.participants)
    for position, placed in enumerate(utterances):
        note.utterances.append(_utterance(position, placed))
    db.session.add(note)
    db.session.flush()
    if audit_action:
        audit.record(audit_action, note, title=note.title)
    return note


# Sources whose bodies the importers wrote with "Name:" turn headings (spreadsheets of findings
# too: one turn per row), so an edit splits them at those headings again.
TRANSCRIPT_FORMATS = frozenset({"speaker_timestamp", "vtt", "srt", "docx", "csv", "xlsx"})


def _split(
    body: str, participants: Iterable[Participant], *, transcript: bool = False
) -> list[PlacedUtterance]:
    by_pseudonym = {p.pseudonym: p for p in participants}
    return [
        PlacedUtterance(
            span.speaker,
            span.start_seconds,
            span.text,
            span.char_start,
            by_pseudonym.get(span.speaker or ""),
        )
        for span in split_utterances(body, transcript=transcript)
    ]


def _utterance(position: int, placed: PlacedUtterance) -> Utterance:
    return Utterance(
        position=position,
        speaker=placed.speaker,
        participant=placed.participant,
        researcher=placed.researcher,
        start_seconds=placed.start_seconds,
        text=placed.text,
        char_start=placed.char_start,
        char_end=placed.char_end,
    )


@dataclass(frozen=True)
class UpdateResult:
    note: ResearchNote
    body_changed: bool
    unmatched_findings: int


def update_note(note: ResearchNote, data: NoteData, *, expected_version: int) -> UpdateResult:
    """Save an edit, refusing it (``StaleEditError``) if someone else saved since the form opened.

    When the body changes, utterances are rebuilt in place (their ids, which highlights link
    to, survive where a turn still exists) and each finding is moved to the nearest place its
    quote still appears. A finding whose quote has gone keeps its text and is counted in
    ``unmatched_findings`` so the editor is told, rather than pointing at the wrong words.
    """
    if note.version != expected_version:
        raise StaleEditError()
    before = {"title": note.title, "body_length": len(note.body)}
    body_changed = data.body != note.body
    note.title = data.title.strip()
    note.held_on = data.held_on
    note.method = data.method
    note.channel = data.channel
    note.language = data.language
    note.participants = list(data.participants)
    note.researcher = data.researcher
    # Always touch the row, so the version moves on even if only participants changed.
    note.updated_at = datetime.now(UTC)
    unmatched = 0
    if body_changed:
        note.body = data.body
        transcript = note.source_format in TRANSCRIPT_FORMATS
        _rebuild_utterances(note, _split(data.body, note.participants, transcript=transcript))
        unmatched = _relocate_findings(note)
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleEditError() from error
    audit.record(
        "note_updated",
        note,
        before=before,
        title=note.title,
        body_changed=body_changed,
        unmatched_findings=unmatched,
    )
    return UpdateResult(note, body_changed, unmatched)


def _rebuild_utterances(note: ResearchNote, placed: Sequence[PlacedUtterance]) -> None:
    existing = list(note.utterances)
    # A body edit keeps which team member each speaker is (the body holds only their name).
    team = {row.speaker: row.researcher for row in existing if row.researcher is not None}
    placed = [replace(item, researcher=team.get(item.speaker)) for item in placed]
    for position, item in enumerate(placed):
        if position < len(existing):
            row = existing[position]
            row.speaker = item.speaker
            row.participant = item.participant
            row.researcher = item.researcher
            row.start_seconds = item.start_seconds
            row.text = item.text
            row.char_start = item.char_start
            row.char_end = item.char_end
        else:
            note.utterances.append(_utterance(position, item))
    for row in existing[len(placed) :]:
        note.utterances.remove(row)
    # Delete surplus rows before anything else can insert at their positions.
    db.session.flush()


def _relocate_findings(note: ResearchNote) -> int:
    findings = list(db.session.scalars(select(Finding).where(Finding.note_id == note.id)))
    unmatched = 0
    for finding in findings:
        start = nearest_occurrence(note.body, finding.text, finding.start_offset)
        if start is None:
            unmatched += 1
            finding.utterance = None
            continue
        finding.start_offset = start
        finding.end_offset = start + len(finding.text)
        utterance = utterance_at(note, start)
        finding.utterance = utterance
        if utterance is not None and utterance.speaker is not None:
            finding.speaker = utterance.speaker
    return unmatched


def nearest_occurrence(body: str, text: str, near: int) -> int | None:
    """Where ``text`` appears in ``body`` closest to offset ``near``, or None if it does not."""
    if not text:
        return None
    best: int | None = None
    index = body.find(text)
    while index != -1:
        if best is None or abs(index - near) < abs(best - near):
            best = index
        if index > near:
            break
        index = body.find(text, index + 1)
    return best


def delete_note(note: ResearchNote) -> None:
    """Delete a note; its utterances and findings go with it (ON DELETE CASCADE)."""
    audit.record("note_deleted", note, title=note.title, findings=findings_count(note))
    db.session.delete(note)
    db.session.flush()


# Transcript imports -------------------------------------------------------------------------


class AlreadyImportedError(Exception):
    """This file (the same bytes) is already a note of the discovery: ``note`` is that note."""

    def __init__(self, note: ResearchNote) -> None:
        super().__init__(note.title)
        self.note = note


def content_hash(data: bytes) -> str:
    """How an uploaded file is recognised when it comes again, whatever it is called."""
    return hashlib.sha256(data).hexdigest()


def already_imported_message(note: ResearchNote) -> str:
    """How a person is told: "You already imported this file as ‘Interview 3’ on 4 March 2026"."""
    from flask_babel import format_date
    from flask_babel import gettext as _

    return _(
        "You already imported this file as ‘%(title)s’ on %(date)s",
        title=note.title,
        date=format_date(note.created_at, "d MMMM y"),
    )


def note_from_file(discovery: Discovery, sha256: str | None) -> ResearchNote | None:
    """The discovery's note imported from a file with these bytes, if there is one."""
    if not sha256:
        return None
    query = select(ResearchNote).where(
        ResearchNote.discovery_id == discovery.id, ResearchNote.source_sha256 == sha256
    )
    return db.session.scalars(query.order_by(ResearchNote.created_at)).first()


def start_import(
    discovery: Discovery, user: User, filename: str, data: bytes, *, max_bytes: int
) -> PendingImport:
    """Parse an upload, look for personal data in it, and keep both for the review screen.
    Raises ``TranscriptError``.

    This is the only time the file is read and checked: the review page renders from the
    stored payload (:func:`parsed_from`, :func:`personal_data_of`) however often it is opened.
    Reviews left for more than a day are deleted first, so abandoned uploads of personal data
    do not pile up.
    """
    purge_stale_imports()
    sha256 = content_hash(data)
    existing = note_from_file(discovery, sha256)
    if existing is not None:
        raise AlreadyImportedError(existing)
    waiting = db.session.scalars(
        select(PendingImport).where(
            PendingImport.discovery_id == discovery.id,
            PendingImport.uploaded_by_id == user.id,
            PendingImport.source_sha256 == sha256,
        )
    ).first()
    if waiting is not None:
        return waiting  # uploaded twice before saving: one review, not two
    parsed = parse_transcript(data, filename, max_bytes=max_bytes)
    payload = _to_payload(parsed, tool=_tool(parsed, data))
    found = personal_data_in(parsed, participant_names(discovery, user))
    payload["personal_data"] = [personal_data_to_payload(item) for item in found]
    pending = PendingImport(
        discovery_id=discovery.id,
        uploaded_by_id=user.id,
        filename=_base_name(filename)[:255],
        source_format=parsed.format,
        source_encoding=parsed.encoding,
        source_sha256=sha256,
        payload=payload,
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def purge_stale_imports(now: datetime | None = None) -> int:
    cutoff = (now or datetime.now(UTC)) - PENDING_IMPORT_LIFETIME
    result = db.session.execute(delete(PendingImport).where(PendingImport.created_at < cutoff))
    return result.rowcount or 0


def pending_import(discovery: Discovery, import_id: uuid.UUID) -> PendingImport | None:
    """A transcript waiting for its review (never a spreadsheet of findings, which has its own)."""
    pending = find_in_discovery(PendingImport, import_id, discovery)
    return pending if pending is not None and pending.source_format in FORMATS else None


def claim_import(pending: PendingImport) -> bool:
    """Delete a review before saving its note; False if another request already did.

    A single DELETE decides which of two submits of the same review (a double click, the back
    button, two tabs) saves the note: the loser matches no row and saves nothing.
    """
    result = db.session.execute(
        delete(PendingImport).where(PendingImport.id == pending.id),
        execution_options={"synchronize_session": False},
    )
    if pending in db.session:
        db.session.expunge(pending)
    return result.rowcount == 1


def discard_import(pending: PendingImport) -> None:
    """Delete a review once it is saved or cancelled, so it cannot be saved twice."""
    db.session.delete(pending)
    db.session.flush()


def parsed_from(pending: PendingImport) -> ParsedTranscript:
    payload = pending.payload
    return ParsedTranscript(
        format=payload["format"],
        encoding=payload.get("encoding"),
        title_suggestion=payload.get("title_suggestion"),
        body=payload["body"],
        utterances=tuple(ParsedUtterance(*u) for u in payload["utterances"]),
        speakers=tuple(payload.get("speakers", ())),
        warnings=tuple(Notice.from_payload(w) for w in payload.get("warnings", ())),
    )


def review_draft(pending: PendingImport) -> dict[str, list[str]] | None:
    """What the researcher had entered on the review when they last left it to add a
    participant, or None (a review never left, or stored before drafts were kept)."""
    return pending.payload.get("draft")


def keep_review_draft(pending: PendingImport, values: Mapping[str, list[str]]) -> None:
    """Remember what was entered on the review, so it is shown again as it was left.

    The payload is replaced rather than changed in place: a JSON column does not notice
    in-place changes.
    """
    pending.payload = {**pending.payload, "draft": {name: list(v) for name, v in values.items()}}
    db.session.flush()


def personal_data_of(pending: PendingImport) -> list[PersonalData]:
    """The personal data found when the file was uploaded (looked for again only for a review
    stored before uploads kept it)."""
    stored = pending.payload.get("personal_data")
    if stored is None:
        return personal_data_in(parsed_from(pending))
    from nlp.redact import PiiKind, PiiSpan

    found = []
    for item_id, utterance, start, end, kind, text, before, after, speaker_name, *rest in stored:
        owner = rest[0] if rest else None  # reviews stored before speakers' variants have none
        found.append(
            PersonalData(
                id=item_id,
                utterance=utterance,
                span=PiiSpan(start, end, PiiKind(kind), text, frozenset({owner} if owner else ())),
                before=before,
                after=after,
                speaker_name=speaker_name,
                owner=owner,
            )
        )
    return found


def personal_data_to_payload(item: PersonalData) -> list:
    span = item.span
    return [item.id, item.utterance, span.start, span.end, span.kind.value, span.text, item.before,
            item.after, item.speaker_name, item.owner]  # fmt: skip


def _to_payload(parsed: ParsedTranscript, *, tool: str | None) -> dict:
    return {
        "format": parsed.format,
        "encoding": parsed.encoding,
        "title_suggestion": parsed.title_suggestion,
        "body": parsed.body,
        "utterances": [[u.speaker, u.start_seconds, u.text, u.offset] for u in parsed.utterances],
        "speakers": list(parsed.speakers),
        "warnings": [w.to_payload() if isinstance(w, Notice) else w for w in parsed.warnings],
        "tool": tool,
    }


def _tool(parsed: ParsedTranscript, data: bytes) -> str | None:
    """Which tool wrote a WebVTT file, from its fingerprints: Teams uses voice tags, Zoom
    numbers its cues and writes ``Name: text``."""
    if parsed.format != "vtt":
        return None
    try:
        text, _ = decode_text(data[:200_000])
    except ValueError:
        return None
    if re.search(r"<v[ .][^>]*>", text):
        return "teams"
    if re.search(r"^\d+[ \t]*\r?\n\d{2}:\d{2}", text, re.MULTILINE):
        return "zoom"
    return None


def _base_name(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "transcript"


def title_from_filename(filename: str) -> str:
    stem = _base_name(filename).rsplit(".", 1)[0]
    title = " ".join(re.sub(r"[_-]+", " ", stem).split())
    return (title[:1].upper() + title[1:])[:200] if title else "Imported transcript"


def default_speaker_choice(
    label: str, participants: Sequence[Participant], researchers: Sequence[User] = ()
) -> str | None:
    """A first guess at who one speaker is: a pseudonym (the participant's id), a team member's
    display name (``user:<id>``), or a generic label such as "Interviewer"
    (``RESEARCHER_CHOICE``); None when unsure."""
    wanted = label.strip().upper()
    for participant in participants:
        if participant.pseudonym.upper() == wanted:
            return str(participant.id)
    spoken = " ".join(label.split()).lower()
    for user in researchers:
        if " ".join(user.display_name.split()).lower() == spoken:
            return team_choice(user)
    if _RESEARCHER_LABEL.match(label.strip()):
        return RESEARCHER_CHOICE
    return None


def default_speaker_choices(
    labels: Sequence[str],
    participants: Sequence[Participant],
    team: Sequence[User],
    current: User | None = None,
) -> dict[str, str]:
    """First guesses for every speaker of a file, for the review screen ("" means ask).

    A generic label ("Interviewer", "Researcher 2") is taken to be the person importing only
    when it is the file's one generic label and no speaker is already them by name: with two
    interviewers, guessing would merge them into one, so the researcher is asked instead.
    """
    guesses = {label: default_speaker_choice(label, participants, team) or "" for label in labels}
    generic = [label for label, guess in guesses.items() if guess == RESEARCHER_CHOICE]
    for label in generic:
        guesses[label] = ""
    if current is not None and len(generic) == 1 and any(u.id == current.id for u in team):
        mine = team_choice(current)
        if mine not in guesses.values():
            guesses[generic[0]] = mine
    return guesses


@dataclass(frozen=True)
class PersonalData:
    """Something that looks like personal data, in one utterance of an import.

    ``speaker_name`` marks a speaker's name or a variant of it ("Rhianon" for the speaker
    Rhiannon Davies); ``owner`` is that speaker's label when the mention is one speaker's.
    """

    id: str
    utterance: int
    span: PiiSpan
    before: str
    after: str
    speaker_name: bool
    owner: str | None = None

    @property
    def kind(self) -> str:
        return self.span.kind.value


def _name_parts(label: str) -> set[str]:
    words = " ".join(label.lower().split())
    return {words, *(w.strip(".,") for w in words.split(" ") if len(w.strip(".,")) >= 2)}


def participant_names(discovery: Discovery, user: User | None = None) -> list[str]:
    """The real names of the discovery's participants (withdrawn ones too), to look for in an
    upload. They are only matched against the text, never shown: the review shows the text
    around what it found, as it does for any personal data.

    Given the uploader, only the names they may see (``data_scope.may_see_identity``): a match
    would otherwise confirm to a researcher of another council that a name they typed is a
    participant's. Names in the upload are still found by the speaker labels and other checks.
    """
    query = (
        select(Participant)
        .join(ParticipantIdentity, Participant.id == ParticipantIdentity.participant_id)
        .where(Participant.discovery_id == discovery.id)
        .options(selectinload(Participant.identity))
    )
    participants = db.session.scalars(query)
    return [
        p.identity.real_name
        for p in participants
        if p.identity.real_name
        and p.identity.real_name.strip()
        and (user is None or data_scope.may_see_identity(user, p))
    ]


def personal_data_in(parsed: ParsedTranscript, known_names: Iterable[str] = ()) -> list[PersonalData]:
    """Everything in the speech that looks like personal data, each with a stable id.

    Names are found whoever they belong to: the speakers, ``known_names`` (the discovery's
    participants), and anyone else (:mod:`nlp.names`). Speakers' names and their variants
    (nicknames, misspellings) are searched for whatever they are mapped to, so the ids do not
    depend on the mapping chosen on the review screen; ``speaker_name`` marks those mentions,
    which are replaced whenever their speaker is mapped, and ``owner`` says whose they are.
    """
    from nlp.names import KnownNames
    from nlp.redact import find_personal_data_in_many

    speakers = {" ".join(label.split()): label for label in parsed.speakers}
    speaker_parts: set[str] = set()
    for label in parsed.speakers:
        speaker_parts |= _name_parts(label)
    index = KnownNames([*parsed.speakers, *known_names])
    texts = [utterance.text for utterance in parsed.utterances]
    found: list[PersonalData] = []
    for index_, (text, spans) in enumerate(zip(texts, find_personal_data_in_many(texts, index), strict=True)):
        for span in spans:
            owner = None
            is_speaker = False
            if span.kind == NAME_KIND:
                owners = {speakers[o] for o in span.owners if o in speakers}
                owner = owners.pop() if len(owners) == 1 else None
                is_speaker = owner is not None or " ".join(span.text.lower().split()) in speaker_parts
            found.append(
                PersonalData(
                    id=f"{index_}-{span.start}-{span.end}",
                    utterance=index_,
                    span=span,
                    before=_context_before(text, span.start),
                    after=_context_after(text, span.end),
                    speaker_name=is_speaker,
                    owner=owner,
                )
            )
    return found


def _context_before(text: str, start: int, width: int = 40) -> str:
    piece = text[max(0, start - width) : start]
    if start > width and " " in piece:
        piece = "…" + piece.split(" ", 1)[1]
    return piece


def _context_after(text: str, end: int, width: int = 40) -> str:
    piece = text[end : end + width]
    if end + width < len(text) and " " in piece:
        piece = piece.rsplit(" ", 1)[0] + "…"
    return piece


@dataclass
class ImportChoices:
    """What the researcher decided on the review screen (or the CLI decided for them).

    ``speakers`` maps each speaker label to a participant, a team member (a ``User``: each
    keeps their own name), ``RESEARCHER_CHOICE`` (saved as "Researcher") or ``KEEP``;
    ``replace`` holds the ids of personal data to replace (speaker names of mapped speakers
    are always replaced).
    """

    speakers: dict[str, Participant | User | str]
    replace: set[str]
    title: str
    held_on: date | None = None
    method: str = "interview"
    channel: str | None = None
    language: str = "en"
    participants: list[Participant] = field(default_factory=list)
    researcher: User | None = None


@dataclass(frozen=True)
class ImportResult:
    note: ResearchNote
    replaced: int


def speaker_codes(speakers: Mapping[str, Participant | User | str]) -> dict[str, str]:
    """Speaker label → what it becomes: a pseudonym, a team member's display name or
    "Researcher" (kept speakers are left out)."""
    codes = {}
    for label, choice in speakers.items():
        if isinstance(choice, Participant):
            codes[label] = choice.pseudonym
        elif isinstance(choice, User):
            codes[label] = choice.display_name
        elif choice == RESEARCHER_CHOICE:
            codes[label] = RESEARCHER
    return codes


def replace_speaker_names(text: str, codes: Mapping[str, str]) -> str:
    """Replace mapped speakers' names in a short text such as a title."""
    if not codes or not text:
        return text
    from nlp.redact import find_personal_data, pseudonymise

    spans = [s for s in find_personal_data(text, list(codes), heuristics=False) if s.kind == NAME_KIND]
    return pseudonymise(text, spans, codes)


def complete_import(
    discovery: Discovery,
    parsed: ParsedTranscript,
    choices: ImportChoices,
    *,
    filename: str,
    actor: User | None,
    found: Sequence[PersonalData] | None = None,
    source_sha256: str | None = None,
) -> ImportResult:
    """Apply the speaker mapping and the chosen replacements, then save the note.

    Raises ``AlreadyImportedError`` when a note from the same file (``source_sha256``) was
    saved meanwhile (two reviews of one file in two tabs).

    Speaker labels are renamed (``rename_speakers``), then the speech is pseudonymised one
    utterance at a time and the body is stitched back together, so each stored utterance's
    offsets index the stored body exactly.
    """
    from nlp.redact import pseudonymise

    existing = note_from_file(discovery, source_sha256)
    if existing is not None:
        raise AlreadyImportedError(existing)
    if found is None:
        found = personal_data_in(parsed)
    codes = speaker_codes(choices.speakers)
    mapped_parts: set[str] = set()
    for label in codes:
        mapped_parts |= _name_parts(label)
    renamed = rename_speakers(parsed, codes) if codes else parsed

    chosen: dict[int, list[PiiSpan]] = {}
    for item in found:
        auto = item.speaker_name and (
            item.owner in codes or " ".join(item.span.text.lower().split()) in mapped_parts
        )
        if auto or item.id in choices.replace:
            chosen.setdefault(item.utterance, []).append(item.span)

    by_code = {p.pseudonym: p for p in choices.speakers.values() if isinstance(p, Participant)}
    # By the file's own label, so a kept speaker who shares a team member's name is not them.
    team = {label: u for label, u in choices.speakers.items() if isinstance(u, User)}
    labels = [u.speaker for u in parsed.utterances]
    pieces: list[str] = []
    placed: list[PlacedUtterance] = []
    position = 0
    length = 0
    for index, utterance in enumerate(renamed.utterances):
        gap = renamed.body[position : utterance.offset]
        spans = chosen.get(index, [])
        text = pseudonymise(utterance.text, spans, codes) if spans else utterance.text
        pieces += [gap, text]
        length += len(gap)
        placed.append(
            PlacedUtterance(
                utterance.speaker,
                utterance.start_seconds,
                text,
                length,
                by_code.get(utterance.speaker or ""),
                team.get(labels[index] or "") if index < len(labels) else None,
            )
        )
        length += len(text)
        position = utterance.offset + len(utterance.text)
    pieces.append(renamed.body[position:])
    body = "".join(pieces)

    participants = {p.id: p for p in choices.participants}
    for participant in by_code.values():
        participants.setdefault(participant.id, participant)
    replaced = sum(len(spans) for spans in chosen.values())
    note = create_note(
        discovery,
        title=choices.title,
        body=body,
        held_on=choices.held_on,
        method=choices.method,
        channel=choices.channel,
        language=choices.language,
        participants=sorted(participants.values(), key=lambda p: p.pseudonym),
        researcher=choices.researcher,
        created_by=actor,
        utterances=placed,
        source_filename=_base_name(filename)[:255],
        source_format=parsed.format,
        source_encoding=parsed.encoding,
        source_sha256=source_sha256,
        audit_action=None,
    )
    audit.record(
        "note_imported",
        note,
        actor=actor,
        title=note.title,
        filename=note.source_filename,
        format=parsed.format,
        encoding=parsed.encoding,
        utterances=len(placed),
        personal_data_replaced=replaced,
        speakers_mapped=len(codes),
    )
    return ImportResult(note, replaced)
