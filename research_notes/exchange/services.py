"""A discovery as a REFI-QDA project (``.qdpx``) and a project back into a discovery.

Export
    Each note becomes a ``TextSource`` (its title as the name, its body as the text), each
    finding a ``PlainTextSelection`` at the finding's offsets with a ``Coding`` for each tag,
    the codebook the project's ``CodeBook`` (tag ids as guids), the people who wrote notes and
    findings its ``Users``, and each participant a ``Case`` named by pseudonym with their
    segment, council or organisation, age band, digital confidence and preferred language as
    ``Variables``. A finding's kind, journey stage and comment go in the selection's
    ``Description`` — the element QualCoder, NVivo and MAXQDA show as the coding's memo — as
    ``Kind: Pain point`` and ``Journey stage: …`` lines followed by the comment, which the
    import reads back.

    Consent is the evidence API's rule for analysis (``evidence.consent_allows`` with
    ``Purpose.ANALYSIS``): a note is left out when anyone it is about, or anyone speaking in it,
    has withdrawn consent, has no consent recorded or is past their retention date; only
    findings ``usable_findings`` allows are written; such participants have no case at all.
    Real names (``ParticipantIdentity``) are never read.

Import
    Into an existing discovery, in one savepoint: the file is read and checked first
    (``qdpx.read_qdpx``), then everything is written or, at the first problem, nothing.

    - Codes become tags through the codebook import (``tags.services.import_codebook``): a code
      whose path of names already exists (in any case) is merged into that tag.
    - Sources become notes with their text unchanged, split into turns as a pasted note is.
    - Selections become findings at the same offsets, tagged with their codes; the
      ``Description`` gives back the kind, journey stage and comment (text that is not ours is
      kept whole as the comment, and the kind is ‘Quote’).
    - A case named like a pseudonym (``P07``, ``C12``) is the participant with that pseudonym
      when the discovery has one — the researcher is moving their own coding between tools,
      so P07 is P07 — and is otherwise created with the case's attributes and *no consent
      recorded*, so nothing they said is used in themes or summaries until a researcher
      records their consent here. Cases named any other way (NVivo users often name cases by
      first name) are not made into participants, so a real name never becomes a pseudonym.
      A case that is a participant who has withdrawn consent here stops the import.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from discovery.core import audit, data_scope
from discovery.core.models import Discovery, User
from discovery.core.vocab import (
    AGE_BANDS,
    DIGITAL_CONFIDENCE,
    FINDING_KINDS,
    JOURNEY_STAGES,
    LANGUAGES,
    METHODS,
    SEGMENTS,
)
from discovery.extensions import db
from research_notes import imported_files
from research_notes.evidence import EvidenceFilters, Purpose, consent_allows, usable_findings
from research_notes.exchange import qdpx
from research_notes.exchange.qdpx import N_, ProjectFileError
from research_notes.findings import services as findings_services
from research_notes.models import Participant, ResearchNote
from research_notes.notes import services as notes_services
from research_notes.participants import services as participant_services
from research_notes.tags import codebook_formats as formats
from research_notes.tags import services as tag_services

SOURCE_FORMAT = "qdpx"
IMPORTED_KIND = "qdpx"
DEFAULT_KIND = "quote"
KIND_LINE = "Kind: "
STAGE_LINE = "Journey stage: "
# Variables: (our field, the name other tools show). Their guids are fixed, so every export of
# every discovery uses the same ones and a tool can match them up across files.
CASE_VARIABLES = (
    ("segment", "Segment"),
    ("authority", "Council"),
    ("organisation", "Organisation"),
    ("age_band", "Age band"),
    ("digital_confidence", "Digital confidence"),
    ("preferred_language", "Preferred language"),
)
SOURCE_VARIABLES = (("method", "Method"), ("language", "Language"), ("held_on", "Date of the research"))
_VARIABLE_SPACE = uuid.UUID("6f0c2d2e-6a34-4b8e-9d0b-5b1f2f6a9e10")
# What a pseudonym looks like: letters then digits, as P07 or CARER12. A name such as ‘Anna’
# is not one, and is never made into a participant.
PSEUDONYM = re.compile(r"^[A-Za-z][A-Za-z-]{0,9}\d{1,6}$")

WITHDRAWN = N_(
    "%(pseudonym)s has withdrawn consent in this discovery, so notes and findings about them cannot be imported"  # noqa: E501
)
CODEBOOK_CHANGED = N_(
    "Someone changed the codebook while the project was being imported. Nothing was imported. Try again"
)


def variable_guid(name: str) -> str:
    return str(uuid.uuid5(_VARIABLE_SPACE, name))


# Export ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    notes: int
    findings: int
    tags: int
    participants: int
    notes_left_out: int


def _label(vocabulary: Mapping[str, object], key: str | None) -> str:
    return str(vocabulary.get(key, key)) if key else ""


def selection_description(kind: str, journey_stage: str | None, comment: str) -> str:
    """What a finding's selection says besides its codes (English labels, any locale)."""
    with force_locale("en"):
        lines = [KIND_LINE + _label(FINDING_KINDS, kind)]
        if journey_stage:
            lines.append(STAGE_LINE + _label(JOURNEY_STAGES, journey_stage))
    if comment:
        lines.append(comment)
    return "\n".join(lines)


def project_for(
    discovery: Discovery, *, today: date | None = None, reader: User | None = None
) -> tuple[qdpx.Project, int]:
    """The discovery as a :class:`qdpx.Project`, and how many notes consent left out.

    Given a reader, notes the data-sharing agreement does not share with them are left out too
    (with their codings): a project file holds every word of the notes it carries.
    """
    participants = list(
        db.session.scalars(select(Participant).where(Participant.discovery_id == discovery.id))
    )
    allowed = {p.id: p for p in participants if consent_allows(p, Purpose.ANALYSIS, today)}
    notes = list(
        db.session.scalars(
            select(ResearchNote)
            .where(ResearchNote.discovery_id == discovery.id)
            .options(
                selectinload(ResearchNote.participants),
                selectinload(ResearchNote.utterances),
                selectinload(ResearchNote.created_by),
            )
            .order_by(ResearchNote.created_at, ResearchNote.id)
        )
    )
    if reader is not None:
        notes = [n for n in notes if data_scope.may_read_note(reader, n)]
    kept = [
        n
        for n in notes
        if all(p.id in allowed for p in n.participants)
        and all(u.participant_id is None or u.participant_id in allowed for u in n.utterances)
    ]
    kept_ids = {n.id for n in kept}
    findings = (
        usable_findings(
            discovery, purpose=Purpose.ANALYSIS, filters=EvidenceFilters.of(note_ids=kept_ids), today=today
        )
        if kept_ids
        else []
    )
    users: dict[uuid.UUID, User] = {}
    for person in [n.created_by for n in kept] + [f.created_by for f in findings]:
        if person is not None:
            users.setdefault(person.id, person)

    by_note: dict[uuid.UUID, list[qdpx.Selection]] = {n.id: [] for n in kept}
    for finding in findings:
        by_note[finding.note_id].append(
            qdpx.Selection(
                guid=str(finding.id),
                start=finding.start_offset,
                end=finding.end_offset,
                name=qdpx.short_quote(finding.text),
                description=selection_description(finding.kind, finding.journey_stage, finding.comment),
                code_guids=[str(t.id) for t in finding.tags],
                creating_user=str(finding.created_by_id) if finding.created_by_id in users else None,
                created_at=finding.created_at,
            )
        )
    variables = [qdpx.Variable(variable_guid(name), name) for _key, name in CASE_VARIABLES] + [
        qdpx.Variable(variable_guid(name), name, qdpx.DATE if key == "held_on" else qdpx.TEXT)
        for key, name in SOURCE_VARIABLES
    ]
    with force_locale("en"):
        sources = [
            qdpx.Source(
                guid=str(note.id),
                name=note.title,
                text=note.body,
                creating_user=str(note.created_by_id) if note.created_by_id in users else None,
                created_at=note.created_at,
                selections=sorted(by_note[note.id], key=lambda s: (s.start, s.end, s.guid)),
                variables=_source_values(note),
            )
            for note in kept
        ]
        cases = [
            qdpx.Case(
                guid=str(p.id),
                name=p.pseudonym,
                variables=_case_values(p),
                source_guids=[str(n.id) for n in kept if any(q.id == p.id for q in n.participants)],
            )
            for p in sorted(allowed.values(), key=lambda p: p.pseudonym)
        ]
    project = qdpx.Project(
        name=discovery.title,
        users=[
            qdpx.QdaUser(str(u.id), u.display_name) for u in sorted(users.values(), key=lambda u: str(u.id))
        ],
        codes=tag_services.export_tree(discovery),
        variables=variables,
        cases=cases,
        sources=sources,
        created_at=datetime.now(UTC),
    )
    return project, len(notes) - len(kept)


def _case_values(participant: Participant) -> dict[str, str]:
    values = {
        "segment": _label(SEGMENTS, participant.segment),
        "authority": participant.authority.name if participant.authority else "",
        "organisation": participant.organisation or "",
        "age_band": _label(AGE_BANDS, participant.age_band),
        "digital_confidence": _label(DIGITAL_CONFIDENCE, participant.digital_confidence),
        "preferred_language": _label(LANGUAGES, participant.preferred_language),
    }
    return {variable_guid(name): values[key] for key, name in CASE_VARIABLES if values[key]}


def _source_values(note: ResearchNote) -> dict[str, str]:
    values = {
        "method": _label(METHODS, note.method),
        "language": _label(LANGUAGES, note.language),
        "held_on": note.held_on.isoformat() if note.held_on else "",
    }
    return {variable_guid(name): values[key] for key, name in SOURCE_VARIABLES if values[key]}


def export_project(discovery: Discovery, *, actor: User | None = None) -> ExportResult:
    """The ``.qdpx`` bytes of the discovery; the export is audited with what it holds."""
    project, left_out = project_for(discovery, reader=actor)
    data = qdpx.write_qdpx(project)
    result = ExportResult(
        data=data,
        notes=len(project.sources),
        findings=sum(len(s.selections) for s in project.sources),
        tags=sum(1 for _ in formats.walk(project.codes)),
        participants=len(project.cases),
        notes_left_out=left_out,
    )
    audit.record(
        "project_exported",
        discovery,
        actor=actor,
        notes=result.notes,
        findings=result.findings,
        tags=result.tags,
        participants=result.participants,
        notes_left_out=left_out,
    )
    return result


# Import ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectImport:
    """What an import's audit event is about (an import has no row of its own)."""

    id: uuid.UUID
    discovery_id: uuid.UUID


@dataclass
class ImportSummary:
    notes: int = 0
    findings: int = 0
    tags_created: list[str] = field(default_factory=list)
    tags_merged: list[str] = field(default_factory=list)
    participants_created: list[str] = field(default_factory=list)
    participants_linked: list[str] = field(default_factory=list)
    cases_not_participants: int = 0
    sources_skipped: list[str] = field(default_factory=list)


def _lookup(vocabulary: Mapping[str, object]) -> dict[str, str]:
    """Value as written (a key, or the English or Welsh label, in any case) → key."""
    found: dict[str, str] = {}
    for key, label in vocabulary.items():
        found[_fold(key)] = key
        for locale in ("en", "cy"):
            with force_locale(locale):
                found.setdefault(_fold(str(label)), key)
    return found


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def read_description(description: str) -> tuple[str, str | None, str]:
    """(kind, journey stage, comment) from a selection's ``Description`` (see the module)."""
    kinds, stages = _lookup(FINDING_KINDS), _lookup(JOURNEY_STAGES)
    lines = description.replace("\r\n", "\n").split("\n")
    kind, stage = DEFAULT_KIND, None
    while lines:
        line = lines[0].strip()
        if line.startswith(KIND_LINE.strip()) and _fold(line[len(KIND_LINE) :]) in kinds:
            kind = kinds[_fold(line[len(KIND_LINE) :])]
        elif line.startswith(STAGE_LINE.strip()) and _fold(line[len(STAGE_LINE) :]) in stages:
            stage = stages[_fold(line[len(STAGE_LINE) :])]
        else:
            break
        lines.pop(0)
    return kind, stage, "\n".join(lines).strip()


def import_project(
    discovery: Discovery, data: bytes, *, filename: str, actor: User | None, max_bytes: int
) -> tuple[ImportSummary, uuid.UUID]:
    """Import a ``.qdpx`` into the discovery: all of it, or (raising ProjectFileError) nothing.

    The file is read and checked before anything is written; the writes happen in one
    savepoint, so a problem found while writing (a participant who has withdrawn, a tag
    someone added at that moment) undoes them all and leaves the caller's transaction as it was.
    Returns what was imported and the id of the import's audit event's object. Raises
    ``imported_files.FileAlreadyImportedError`` for a file (the same bytes) imported before.
    """
    sha256 = imported_files.refuse_if_imported(discovery, IMPORTED_KIND, data)
    project = qdpx.read_qdpx(data, max_bytes=max_bytes)
    with db.session.begin_nested():
        try:
            summary = _save(discovery, project, filename=filename, actor=actor)
        except tag_services.DuplicateTagError:
            raise ProjectFileError(CODEBOOK_CHANGED) from None
        except findings_services.ConsentWithdrawnError as error:
            raise ProjectFileError(WITHDRAWN, pseudonym=error.pseudonym) from None
    record = ProjectImport(uuid.uuid4(), discovery.id)
    audit.record(
        "project_imported",
        record,
        actor=actor,
        filename=filename[:255],
        notes=summary.notes,
        findings=summary.findings,
        tags_created=summary.tags_created,
        tags_merged=summary.tags_merged,
        participants_created=summary.participants_created,
        participants_linked=summary.participants_linked,
        cases_not_participants=summary.cases_not_participants,
        sources_skipped=summary.sources_skipped,
    )
    imported_files.remember(discovery, IMPORTED_KIND, sha256, filename, actor)
    return summary, record.id


def _save(discovery: Discovery, project: qdpx.Project, *, filename: str, actor: User | None) -> ImportSummary:
    summary = ImportSummary(sources_skipped=list(project.skipped_sources))
    people = _participants(discovery, project, summary, actor)

    paths = project.code_paths()
    if project.codes:
        result = tag_services.import_codebook(
            discovery, formats.ParsedCodebook(project.codes, formats.UTF8, SOURCE_FORMAT), filename
        )
        summary.tags_created, summary.tags_merged = result.created, result.skipped
    index = tag_services.tags_by_path(discovery)
    tags = {guid: index[tuple(formats.name_key(n) for n in path)] for guid, path in paths.items()}

    members = {str(u.id): u for u in discovery.members}
    about: dict[str, list[Participant]] = {}
    for case in project.cases:
        for guid in case.source_guids:
            if case.guid in people:
                about.setdefault(guid, []).append(people[case.guid])
    methods, languages = _lookup(METHODS), _lookup(LANGUAGES)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][:255]
    for source in project.sources:
        values = qdpx.variables_named(project, source.variables)
        note = notes_services.create_note(
            discovery,
            title=source.name[:200],
            body=source.text,
            held_on=_date(values.get("date of the research", "")),
            method=methods.get(_fold(values.get("method", "")), "interview"),
            language=languages.get(_fold(values.get("language", "")), "en"),
            participants=sorted(
                {p.id: p for p in about.get(source.guid, [])}.values(), key=lambda p: p.pseudonym
            ),
            created_by=members.get(source.creating_user or "", actor),
            source_filename=name,
            source_format=SOURCE_FORMAT,
            source_encoding=formats.UTF8,
            audit_action=None,
        )
        summary.notes += 1
        for selection in source.selections:
            kind, stage, comment = read_description(selection.description)
            findings_services.create_finding(
                note,
                selection.start,
                selection.end,
                kind=kind,
                journey_stage=stage,
                comment=comment,
                tags=sorted(
                    {t.id: t for t in (tags[g] for g in selection.code_guids)}.values(), key=lambda t: t.name
                ),
                created_by=members.get(selection.creating_user or "", actor),
            )
            summary.findings += 1
    return summary


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10]) if text.strip() else None
    except ValueError:
        return None


def _participants(
    discovery: Discovery, project: qdpx.Project, summary: ImportSummary, actor: User | None
) -> dict[str, Participant]:
    """Case guid → participant, finding or creating them (see the module's docstring)."""
    existing = {
        p.pseudonym.casefold(): p
        for p in db.session.scalars(select(Participant).where(Participant.discovery_id == discovery.id))
    }
    authorities = {}
    for authority in discovery.authorities:
        for label in (authority.name, authority.name_cy, authority.code):
            if label:
                authorities.setdefault(_fold(label), authority)
    segments, ages = _lookup(SEGMENTS), _lookup(AGE_BANDS)
    confidence, languages = _lookup(DIGITAL_CONFIDENCE), _lookup(LANGUAGES)
    found: dict[str, Participant] = {}
    for case in project.cases:
        if not PSEUDONYM.match(case.name):
            summary.cases_not_participants += 1
            continue
        participant = existing.get(case.name.casefold())
        if participant is not None:
            if participant.has_withdrawn:
                raise ProjectFileError(WITHDRAWN, pseudonym=participant.pseudonym)
            if participant.pseudonym not in summary.participants_linked:
                summary.participants_linked.append(participant.pseudonym)
            found[case.guid] = participant
            continue
        values = qdpx.variables_named(project, case.variables)
        council = authorities.get(_fold(values.get("council", "")))
        participant = participant_services.create_participant(
            discovery,
            participant_services.ParticipantData(
                pseudonym=case.name,
                segment=segments.get(_fold(values.get("segment", ""))),  # type: ignore[arg-type]
                authority_id=council.id if council else None,
                age_band=ages.get(_fold(values.get("age band", ""))),
                digital_confidence=confidence.get(_fold(values.get("digital confidence", ""))),
                preferred_language=languages.get(_fold(values.get("preferred language", "")), "en"),
            ),
            actor,  # type: ignore[arg-type]
        )
        organisation = values.get("organisation", "") or (
            values.get("council", "") if council is None else ""
        )
        participant.organisation = organisation[:200]
        existing[case.name.casefold()] = participant
        summary.participants_created.append(participant.pseudonym)
        found[case.guid] = participant
    return found
