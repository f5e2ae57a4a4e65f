"""Findings from a spreadsheet: read once, reviewed against the discovery, saved all or nothing.

The web pages and ``flask import-findings`` share these steps:

1. :func:`start_import` reads the upload (``research_notes.importers.spreadsheet``), looks for
   personal data in each row's text — the one slow step, done once — and keeps both for the
   review in a ``PendingImport`` (plain JSON, like a transcript's).
2. :func:`review_rows` reads the rows against the discovery *as it is now* — pseudonyms,
   consent, tags, kinds and stages — so a participant who withdrew while the review was open,
   or a tag someone deleted, is caught at the moment of saving too.
3. :func:`complete_import` saves, in one savepoint: the missing tags (when the researcher chose
   to create them), one ``ResearchNote`` for the file (its body is the rows, one turn each,
   headed by the participant's pseudonym or the row's source), one ``Utterance`` per row and
   one ``Finding`` per row spanning its turn, so every finding traces back to its row:
   finding → utterance → note → file. Any problem raises before anything is kept.

Unknown tags are *refused* unless the researcher ticks "Create the missing tags" (or passes
``--create-tags``), which only people who manage the codebook are offered. Services flush;
the request, or the command, commits.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from discovery.core import audit
from discovery.core.models import AuditEvent, Discovery, User
from discovery.core.vocab import FINDING_KINDS, JOURNEY_STAGES
from discovery.extensions import db
from research_notes.findings import services as findings_services
from research_notes.importers import ParsedTranscript, ParsedUtterance, render_body
from research_notes.importers.results import N_, speaker_label
from research_notes.importers.speakers import MAX_SPEAKER_LENGTH
from research_notes.importers.spreadsheet import (
    FORMATS,
    MAX_PROBLEMS,
    Message,
    ParsedSheet,
    SheetRow,
    parse_spreadsheet,
)
from research_notes.models import Participant, PendingImport, ResearchNote, Tag
from research_notes.notes import services as notes_services
from research_notes.notes.services import PersonalData, PlacedUtterance
from research_notes.services import find_in_discovery
from research_notes.tags import codebook_formats as formats
from research_notes.tags import services as tag_services

DEFAULT_KIND = "quote"
DEFAULT_METHOD = "survey"
PREVIEW_ROWS = 10

UNKNOWN_PARTICIPANT = N_("Row %(row)d: there is no participant %(participant)s in this discovery")
WITHDRAWN = N_(
    "Row %(row)d: %(participant)s has withdrawn consent, so findings from what they said cannot be imported"
)
UNKNOWN_KIND = N_("Row %(row)d: ‘%(kind)s’ is not a kind of finding. Use one of: %(kinds)s")
UNKNOWN_STAGE = N_("Row %(row)d: ‘%(stage)s’ is not a journey stage. Use one of: %(stages)s")
UNKNOWN_TAG = N_("Row %(row)d: there is no tag ‘%(tag)s’ in the codebook")
TAG_PROBLEMS = {
    "empty_level": N_("Row %(row)d: the tag ‘%(tag)s’ has an empty level"),
    "name_too_long": N_("Row %(row)d: the tag ‘%(tag)s’ has a name longer than 80 characters"),
    "too_deep": N_("Row %(row)d: the tag ‘%(tag)s’ has more than 20 levels"),
}
WITHDRAWN_NOW = N_("%(pseudonym)s has withdrawn consent, so no new findings can be saved from what they said")
CODEBOOK_CHANGED = N_(
    "Someone changed the codebook while the findings were being imported. Nothing was imported. Try again"
)
COMMENT = N_("Row %(row)d of %(file)s")
COMMENT_WITH_SOURCE = N_("Row %(row)d of %(file)s. Source: %(source)s")


# Reading the file once -------------------------------------------------------------------------


def spreadsheet_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_import(
    discovery: Discovery, user: User, filename: str, data: bytes, *, max_bytes: int
) -> PendingImport:
    """Read an uploaded spreadsheet, look for personal data in it, and keep both for the review.

    Raises ``TranscriptError`` (its ``template`` is translatable) when the file cannot be read.
    Row problems do not raise: the review lists them all. Reviews older than a day are
    deleted first, as for transcripts.
    """
    notes_services.purge_stale_imports()
    sheet = parse_spreadsheet(data, filename, max_bytes=max_bytes)
    found = personal_data_in(sheet)
    payload = sheet_to_payload(sheet)
    payload.update(
        sha256=spreadsheet_digest(data),
        personal_data=[notes_services.personal_data_to_payload(item) for item in found],
        # What erasure looks for in a review naming a participant (participants.erasure).
        body=_as_transcript(sheet).body,
        speakers=sorted({v for row in sheet.rows for v in (row.participant, row.source) if v}),
        title_suggestion=notes_services.title_from_filename(filename),
    )
    pending = PendingImport(
        discovery_id=discovery.id,
        uploaded_by_id=user.id,
        filename=_base_name(filename)[:255],
        source_format=sheet.format,
        source_encoding=sheet.encoding,
        payload=payload,
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def _base_name(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "findings.csv"


def pending_spreadsheet(discovery: Discovery, import_id: uuid.UUID) -> PendingImport | None:
    """A spreadsheet waiting for its review in this discovery (never a transcript's review)."""
    pending = find_in_discovery(PendingImport, import_id, discovery)
    return pending if pending is not None and pending.source_format in FORMATS else None


def sheet_to_payload(sheet: ParsedSheet) -> dict:
    return {
        "format": sheet.format,
        "encoding": sheet.encoding,
        "delimiter": sheet.delimiter,
        "sheet": sheet.sheet,
        "columns": list(sheet.columns),
        "rows": [
            [r.number, r.text, r.participant, r.tags, r.kind, r.journey_stage, r.source] for r in sheet.rows
        ],
        "problems": [[m.template, m.params] for m in sheet.problems],
        "more_problems": sheet.more_problems,
        "skipped": list(sheet.skipped),
        "warnings": [[m.template, m.params] for m in sheet.warnings],
    }


def sheet_from(pending: PendingImport) -> ParsedSheet:
    payload = pending.payload
    return ParsedSheet(
        format=payload["format"],
        encoding=payload.get("encoding"),
        delimiter=payload.get("delimiter"),
        sheet=payload.get("sheet"),
        columns=tuple(payload.get("columns", ())),
        rows=tuple(SheetRow(*row) for row in payload["rows"]),
        problems=tuple(Message(t, p) for t, p in payload.get("problems", ())),
        more_problems=payload.get("more_problems", 0),
        skipped=tuple(payload.get("skipped", ())),
        warnings=tuple(Message(t, p) for t, p in payload.get("warnings", ())),
    )


def personal_data_of(pending: PendingImport) -> list[PersonalData]:
    """The personal data found when the file was uploaded (``utterance`` is the row's index)."""
    return notes_services.personal_data_of(pending)


def _as_transcript(sheet: ParsedSheet) -> ParsedTranscript:
    """The rows as a transcript's turns, so the transcript import's personal-data check reads
    them the same way: each item's ``utterance`` is the index of its row."""
    body, placed = render_body((row.participant or row.source or None, None, row.text) for row in sheet.rows)
    return ParsedTranscript(
        format="text",
        encoding=sheet.encoding,
        title_suggestion=None,
        body=body,
        utterances=tuple(ParsedUtterance(None, None, u.text, u.offset) for u in placed),
        speakers=(),
        warnings=(),
    )


def personal_data_in(sheet: ParsedSheet) -> list[PersonalData]:
    """Emails, phone numbers, postcodes, NHS and National Insurance numbers, dates of birth,
    street addresses and introduced names ("my name is …") in the rows' text."""
    return notes_services.personal_data_in(_as_transcript(sheet))


@dataclass(frozen=True)
class PreviousImport:
    occurred_at: datetime
    filename: str
    note: ResearchNote | None


def previous_imports(discovery: Discovery, digest: str) -> list[PreviousImport]:
    """Earlier imports of a file with exactly these bytes into this discovery, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.action == "findings_imported", AuditEvent.discovery_id == discovery.id)
        .order_by(AuditEvent.occurred_at.desc())
    )
    found = []
    for event in db.session.scalars(query):
        if (event.details or {}).get("sha256") != digest:
            continue
        try:
            note = find_in_discovery(ResearchNote, uuid.UUID(event.object_id), discovery)
        except ValueError:
            note = None
        found.append(PreviousImport(event.occurred_at, event.details.get("filename", ""), note))
    return found


# Reading the rows against the discovery --------------------------------------------------------


@dataclass(frozen=True)
class MissingTag:
    """A tag path the file uses that the codebook does not have, and the rows using it."""

    names: tuple[str, ...]
    rows: tuple[int, ...]

    @property
    def path(self) -> str:
        return formats.PATH_SEPARATOR.join(self.names)


@dataclass(frozen=True)
class ReviewedRow:
    row: SheetRow
    participant: Participant | None
    speaker: str | None
    kind: str
    journey_stage: str | None
    tags: tuple[Tag, ...]
    missing_tags: tuple[tuple[str, ...], ...]  # paths of cleaned names, not yet in the codebook


@dataclass(frozen=True)
class Review:
    """The rows as they would be saved now, and everything that stops or qualifies that.

    ``problems`` are the rows to correct (the file's own, then the discovery's: pseudonyms,
    consent, kinds, stages, badly written tags), in row order, at most ``MAX_PROBLEMS`` with
    ``more_problems`` counting the rest. Tags the codebook lacks are not among them: they are
    ``missing_tags``, which :func:`blocking_problems` turns into problems unless they are to be
    created.
    """

    rows: list[ReviewedRow]
    problems: list[Message]
    more_problems: int
    missing_tags: list[MissingTag]
    participants: list[Participant]
    tag_paths: list[str]
    sources: list[str]


def _vocabulary_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def _lookup(vocabulary: Mapping[str, object]) -> dict[str, str]:
    """Typed value → key, for keys and for the English and Welsh labels, in any case."""
    lookup: dict[str, str] = {}
    for key, label in vocabulary.items():
        lookup[_vocabulary_key(key)] = key
        for locale in ("en", "cy"):
            with force_locale(locale):
                lookup.setdefault(_vocabulary_key(str(label)), key)
    return lookup


def _labels(vocabulary: Mapping[str, object]) -> str:
    return ", ".join(str(label) for label in vocabulary.values())


def review_rows(discovery: Discovery, sheet: ParsedSheet) -> Review:
    """Read every row against the discovery as it is now (see :class:`Review`)."""
    participants = {
        p.pseudonym.upper(): p
        for p in db.session.scalars(select(Participant).where(Participant.discovery_id == discovery.id))
    }
    tags = tag_services.tags_by_path(discovery)
    paths = {id(tag): formats.PATH_SEPARATOR.join(path) for path, tag in _paths(tags)}
    kinds, stages = _lookup(FINDING_KINDS), _lookup(JOURNEY_STAGES)
    problems: list[tuple[int, int, Message]] = [(m.row or 0, i, m) for i, m in enumerate(sheet.problems)]
    rows: list[ReviewedRow] = []
    missing: dict[tuple[str, ...], tuple[tuple[str, ...], list[int]]] = {}
    used_participants: dict[uuid.UUID, Participant] = {}
    used_tags: dict[int, str] = {}
    sources: dict[str, None] = {}

    def problem(number: int, template: str, **params: object) -> None:
        problems.append((number, len(problems), Message(template, {"row": number, **params})))

    for row in sheet.rows:
        number = row.number
        participant = None
        if row.participant:
            participant = participants.get(row.participant.upper())
            if participant is None:
                problem(number, UNKNOWN_PARTICIPANT, participant=row.participant)
            elif participant.has_withdrawn:
                problem(number, WITHDRAWN, participant=participant.pseudonym)
            else:
                used_participants[participant.id] = participant
        source = speaker_label(row.source, MAX_SPEAKER_LENGTH) if row.source else None
        if source:
            sources.setdefault(source, None)
        kind = DEFAULT_KIND
        if row.kind:
            kind = kinds.get(_vocabulary_key(row.kind), "")
            if not kind:
                problem(number, UNKNOWN_KIND, kind=row.kind, kinds=_labels(FINDING_KINDS))
        stage = None
        if row.journey_stage:
            stage = stages.get(_vocabulary_key(row.journey_stage))
            if stage is None:
                problem(number, UNKNOWN_STAGE, stage=row.journey_stage, stages=_labels(JOURNEY_STAGES))
        found_tags: dict[int, Tag] = {}
        missing_here: dict[tuple[str, ...], tuple[str, ...]] = {}
        for typed in formats.split_tag_list(row.tags):
            names = formats.split_tag_path(typed)
            trouble = formats.tag_path_problem(names)
            if trouble is not None:
                problem(number, TAG_PROBLEMS[trouble], tag=typed[:100])
                continue
            key = tuple(formats.name_key(n) for n in names)
            tag = tags.get(key)
            if tag is not None:
                found_tags[id(tag)] = tag
                used_tags[id(tag)] = paths[id(tag)]
            else:
                missing_here.setdefault(key, names)
        for key, names in missing_here.items():
            missing.setdefault(key, (names, []))[1].append(number)
        rows.append(
            ReviewedRow(
                row=row,
                participant=participant,
                speaker=participant.pseudonym if participant is not None else source,
                kind=kind,
                journey_stage=stage,
                tags=tuple(sorted(found_tags.values(), key=lambda t: paths[id(t)].lower())),
                missing_tags=tuple(missing_here.values()),
            )
        )
    problems.sort(key=lambda p: (p[0], p[1]))
    kept = [m for _row, _order, m in problems[:MAX_PROBLEMS]]
    return Review(
        rows=rows,
        problems=kept,
        more_problems=len(problems) - len(kept) + sheet.more_problems,
        missing_tags=[MissingTag(names, tuple(numbers)) for names, numbers in missing.values()],
        participants=sorted(used_participants.values(), key=lambda p: p.pseudonym),
        tag_paths=sorted(used_tags.values(), key=str.lower),
        sources=list(sources),
    )


def _paths(index: Mapping[tuple[str, ...], Tag]) -> Iterable[tuple[tuple[str, ...], Tag]]:
    """Each tag with the names of its path as written (the index's keys are compared names)."""
    for key, tag in index.items():
        yield tuple(index[key[:depth]].name for depth in range(1, len(key) + 1)), tag


def blocking_problems(checked: Review, *, create_tags: bool) -> list[Message]:
    """Everything that stops the import: the review's problems, and each use of a missing tag
    unless the missing tags are to be created (so the list can pass ``MAX_PROBLEMS``: callers
    show the first of them and count the rest, with ``checked.more_problems``)."""
    if create_tags or not checked.missing_tags:
        return list(checked.problems)
    unknown = [
        (number, Message(UNKNOWN_TAG, {"row": number, "tag": tag.path}))
        for tag in checked.missing_tags
        for number in tag.rows
    ]
    merged = [(m.row or 0, m) for m in checked.problems] + unknown
    merged.sort(key=lambda item: item[0])
    return [m for _row, m in merged]


# Saving ----------------------------------------------------------------------------------------


class RowProblemsError(Exception):
    """Rows must be corrected before anything is imported; nothing was saved."""

    def __init__(self, problems: Sequence[Message], more: int = 0) -> None:
        super().__init__(f"{len(problems) + more} problems")
        self.problems = list(problems)
        self.more = more


class AlreadyImportedError(Exception):
    """Another request saved or cancelled this review first (a double click, a second tab)."""


@dataclass
class ImportChoices:
    """What the researcher decided on the review page (or the command decided for them)."""

    title: str
    held_on: date | None = None
    method: str = DEFAULT_METHOD
    language: str = "en"
    replace: set[str] = field(default_factory=set)
    create_tags: bool = False


@dataclass(frozen=True)
class ImportResult:
    note: ResearchNote
    findings: int
    replaced: int
    tags_created: list[str]


def complete_import(
    discovery: Discovery,
    sheet: ParsedSheet,
    choices: ImportChoices,
    *,
    filename: str,
    actor: User | None,
    found: Sequence[PersonalData],
    digest: str,
    pending: PendingImport | None = None,
) -> ImportResult:
    """Save every row, or nothing: raises ``RowProblemsError`` (or ``AlreadyImportedError``,
    when ``pending`` was claimed by another request) having kept nothing.

    All writes happen in one savepoint, so even a failure half-way (a participant withdrawing
    at that moment, a tag added by someone else) leaves the caller's transaction as it was.
    """
    with db.session.begin_nested():
        if pending is not None and not notes_services.claim_import(pending):
            raise AlreadyImportedError()
        current = review_rows(discovery, sheet)
        problems = blocking_problems(current, create_tags=choices.create_tags)
        if problems:
            raise RowProblemsError(problems, current.more_problems)
        try:
            return _save(
                discovery,
                current,
                choices,
                filename=filename,
                actor=actor,
                found=found,
                digest=digest,
                sheet=sheet,
            )
        except findings_services.ConsentWithdrawnError as error:
            raise RowProblemsError([Message(WITHDRAWN_NOW, {"pseudonym": error.pseudonym})]) from None
        except tag_services.DuplicateTagError:
            raise RowProblemsError([Message(CODEBOOK_CHANGED)]) from None


def _save(
    discovery: Discovery,
    current: Review,
    choices: ImportChoices,
    *,
    filename: str,
    actor: User | None,
    found: Sequence[PersonalData],
    digest: str,
    sheet: ParsedSheet,
) -> ImportResult:
    from nlp.redact import pseudonymise

    index = tag_services.tags_by_path(discovery)
    created: list[str] = []
    if choices.create_tags:
        for missing in current.missing_tags:
            created += tag_services.ensure_tag_path(discovery, missing.names, index)[1]

    chosen: dict[int, list] = {}
    for item in found:
        if item.id in choices.replace:
            chosen.setdefault(item.utterance, []).append(item.span)
    texts = [
        pseudonymise(reviewed.row.text, chosen[i]) if i in chosen else reviewed.row.text
        for i, reviewed in enumerate(current.rows)
    ]
    body, placed = render_body((r.speaker, None, text) for r, text in zip(current.rows, texts, strict=True))
    name = _base_name(filename)[:255]
    note = notes_services.create_note(
        discovery,
        title=choices.title.strip()[:200],
        body=body,
        held_on=choices.held_on,
        method=choices.method,
        language=choices.language,
        participants=current.participants,
        created_by=actor,
        utterances=[
            PlacedUtterance(u.speaker, None, u.text, u.offset, r.participant)
            for u, r in zip(placed, current.rows, strict=True)
        ],
        source_filename=name,
        source_format=sheet.format,
        source_encoding=sheet.encoding,
        audit_action=None,
    )
    with force_locale(choices.language):
        comments = [_comment(r, name) for r in current.rows]
    finding_ids = findings_services.create_turn_findings(
        note,
        [
            findings_services.TurnFinding(
                utterance=utterance,
                kind=reviewed.kind,
                tags=[
                    *reviewed.tags,
                    *(index[tuple(formats.name_key(n) for n in path)] for path in reviewed.missing_tags),
                ],
                journey_stage=reviewed.journey_stage,
                comment=comment,
            )
            for utterance, reviewed, comment in zip(note.utterances, current.rows, comments, strict=True)
        ],
        created_by=actor,
    )
    replaced = sum(len(spans) for spans in chosen.values())
    audit.record(
        "findings_imported",
        note,
        actor=actor,
        title=note.title,
        filename=name,
        format=sheet.format,
        encoding=sheet.encoding,
        sha256=digest,
        findings=len(finding_ids),
        rows_skipped=len(sheet.skipped),
        participants=[p.pseudonym for p in current.participants],
        tags_created=created,
        personal_data_replaced=replaced,
    )
    return ImportResult(note, len(finding_ids), replaced, created)


def _comment(reviewed: ReviewedRow, filename: str) -> str:
    """Where the finding came from, in the note's language: its row, and its source when the
    row also names a participant (who is then the speaker)."""
    row = reviewed.row
    if row.source and reviewed.participant is not None:
        return _(COMMENT_WITH_SOURCE, row=row.number, file=filename, source=row.source)
    return _(COMMENT, row=row.number, file=filename)
