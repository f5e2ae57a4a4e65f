"""Loads the demo discovery from data/ through the app's own importers and services, idempotently.

The notes are read by the upload importers, their speakers mapped and their personal data
replaced by the same ``complete_import`` the review screen and ``import-notes`` use, the
codebook goes through the codebook importer and the highlights through the findings service.
So ``flask demo-data`` is also a run of the import path over every supported format.

Every record is looked up by its natural key (authority code, email, discovery slug,
pseudonym, tag path, note title or file, highlight text) before it is created, so a second run
creates nothing, says so, and never overwrites a squad's edits to what already exists. A
manifest error, a file the importers refuse or a highlight whose text is not in a newly
imported note stops the load with a :class:`~discovery.demo.manifest.ManifestError` naming
the file and the entry; the caller rolls back.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from discovery.core import audit
from discovery.core import services as core_services
from discovery.core.models import Authority, Discovery, User
from discovery.core.passwords import hash_password
from discovery.demo.agreement import load_agreement
from discovery.demo.manifest import (
    KEEP,
    MANIFEST,
    RESEARCHER,
    DemoNote,
    DemoUser,
    Manifest,
    ManifestError,
    load_manifest,
    read_codebook,
    read_note,
)
from discovery.extensions import db
from research_notes.finding_vectors import store as vector_store
from research_notes.finding_vectors import tasks as vector_tasks
from research_notes.findings import services as findings_services
from research_notes.models import Finding, Participant, ResearchNote, Tag
from research_notes.notes import services as notes_services
from research_notes.participants import services as participants_services
from research_notes.tags import codebook_formats
from research_notes.tags import services as tags_services

DEMO_PASSWORD_FILE = "demo-password"  # noqa: S105 - a file name, not a password


@dataclass
class LoadReport:
    title: str = ""
    created: dict[str, int] = field(default_factory=dict)
    kept: int = 0  # highlights left out because the squad edited their note
    password: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)

    def count(self, kind: str, n: int = 1) -> None:
        if n:
            self.created[kind] = self.created.get(kind, 0) + n

    def summary(self) -> str:
        made = ", ".join(f"{kind}: {n}" for kind, n in self.created.items()) or "nothing new (already loaded)"
        lines = [f"Demo discovery {self.title!r}: created {made}."]
        if self.kept:
            lines.append(
                f"{self.kept} highlight was not added: its text is no longer in the edited note."
                if self.kept == 1
                else f"{self.kept} highlights were not added: their text is no longer in the edited notes."
            )
        lines.append("Demo sign-ins:")
        lines += [f"  {email}  ({role})" for email, role in self.emails]
        lines.append(f"  password for all of them: {self.password}")
        return "\n".join(lines)


@dataclass
class DemoContext:
    """What the steps have loaded so far, by the keys the manifest uses, for the next steps
    (and for later areas' sections, which cite notes, highlights and tags by those keys)."""

    manifest: Manifest
    report: LoadReport
    authorities: dict[str, Authority] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    discovery: Discovery | None = None
    participants: dict[str, Participant] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    notes: dict[str, ResearchNote] = field(default_factory=dict)
    imported: set[str] = field(default_factory=set)  # keys of notes imported by this run
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)  # (note key, text)

    @property
    def recorder(self) -> User:
        return self.users[self.manifest.discovery.members[0]]


Step = Callable[[DemoContext], None]


def _later_sections() -> tuple[tuple[tuple[str, ...], Step], ...]:
    """Later areas' sections, in the order they load: (the manifest sections a step reads, the
    step). Each step gets the context after the evidence is loaded, reads
    ``ctx.manifest.sections[name]`` and must look its records up before creating them."""
    from discovery.backlog.demo import load_backlog
    from discovery.journeys.demo import load_journeys
    from discovery.needs.demo import load_needs
    from discovery.plan.demo import load_plan
    from discovery.summaries.demo import load_summary
    from discovery.themes.demo import load_themes

    return (
        (("research_questions", "hypotheses", "sample_targets"), load_plan),
        (("theme_runs", "themes"), load_themes),
        (("needs",), load_needs),
        (("journeys",), load_journeys),
        (("backlog",), load_backlog),
        (("summary",), load_summary),
    )


def demo_password() -> str:
    """A random password kept in instance/, so `make run` can print it and nothing is committed."""
    path = Path(current_app.instance_path) / DEMO_PASSWORD_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def load_demo(manifest: Manifest | None = None) -> LoadReport:
    """Load the demo (the package's data/ unless ``manifest`` is given); the caller commits."""
    later = _later_sections()
    manifest = manifest or load_manifest()
    ctx = DemoContext(manifest, LoadReport(title=manifest.discovery.title, password=demo_password()))
    steps: list[Step] = [_authorities, _users, _discovery, _codebook, _participants, _notes, _highlights]
    steps.append(load_agreement)
    with vector_tasks.inline():  # one transaction: the findings' meaning is read with them
        for step in [*steps, *(step for _, step in later)]:
            step(ctx)
        if ctx.discovery is not None:
            vector_store.ensure_all(ctx.discovery)
    db.session.flush()
    return ctx.report


def _authorities(ctx: DemoContext) -> None:
    for demo in ctx.manifest.authorities:
        existing = core_services.authority_by_code(demo.code)
        if existing is None:
            ctx.report.count("authorities")
            existing = core_services.upsert_authority(demo.code, demo.name, demo.name_cy, demo.kind)
        ctx.authorities[demo.code] = existing


def _users(ctx: DemoContext) -> None:
    """Every demo sign-in shares one password, so it is hashed once and each distinct stored
    hash checked once: argon2 takes about half a second a time, which was most of the load."""
    password = ctx.report.password
    shared_hash: str | None = None
    matches: dict[str, bool] = {}
    for demo in ctx.manifest.users:
        user = core_services.user_by_email(demo.email)
        if user is None:
            shared_hash = shared_hash or hash_password(password)
            user = _create_user(demo, shared_hash, [ctx.authorities[c] for c in demo.authorities])
            matches[shared_hash] = True
            ctx.report.count("users")
        else:
            stored = user.password_hash or ""
            if stored not in matches:
                matches[stored] = core_services.password_matches(user, password)
            if not matches[stored]:
                core_services.set_password(user, password)  # instance/demo-password was replaced
        ctx.users[demo.email] = user
        ctx.report.emails.append((demo.email, demo.role))


def _create_user(demo: DemoUser, password_hash: str, authorities: list[Authority]) -> User:
    """``core_services.create_user`` with the password already hashed."""
    user = User(
        email=demo.email.strip().lower(),
        display_name=demo.name.strip(),
        role=demo.role,
        password_hash=password_hash,
        authorities=authorities,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", user, role=user.role, email=user.email)
    return user


def _discovery(ctx: DemoContext) -> None:
    demo = ctx.manifest.discovery
    discovery = core_services.discovery_by_slug(demo.slug)
    if discovery is None:
        data = core_services.DiscoveryData(
            title=demo.title,
            service=demo.service,
            problem_statement=demo.problem_statement,
            phase=demo.phase,
            start_date=demo.start,
            end_date=demo.end,
            authority_ids=[str(ctx.authorities[code].id) for code in demo.authorities],
        )
        discovery = core_services.create_discovery(data, ctx.recorder)
        if discovery.slug != demo.slug:
            raise ManifestError(
                f"{MANIFEST}: discovery: the title {demo.title!r} gives the slug {discovery.slug!r}, "
                f"not {demo.slug!r}"
            )
        for email in demo.members[1:]:
            core_services.add_member(discovery, ctx.users[email])
        ctx.report.count("discoveries")
    ctx.discovery = discovery


def _codebook(ctx: DemoContext) -> None:
    """Import the codebook file only when it holds a tag the discovery lacks, so a second run
    writes no import event."""
    manifest, discovery = ctx.manifest, ctx.discovery
    parsed = read_codebook(manifest)
    have = {tuple(name.casefold() for name in path) for path in tags_services.existing_paths(discovery)}
    wanted = _paths(parsed.roots)
    if not wanted <= have:
        # Read again with the existing tags known, as the codebook page does for a CSV.
        parsed = codebook_formats.parse_codebook(
            manifest.codebook_bytes(), manifest.discovery.codebook, tags_services.existing_paths(discovery)
        )
        result = tags_services.import_codebook(discovery, parsed, manifest.discovery.codebook)
        ctx.report.count("tags", len(result.created))
    ctx.tags = {tag.name: tag for tag in tags_services.tags_for(discovery)}


def _paths(roots, parent: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for node in roots:
        path = (*parent, node.name.casefold())
        found.add(path)
        found |= _paths(node.children, path)
    return found


def _participants(ctx: DemoContext) -> None:
    discovery = ctx.discovery
    rows = participants_services.participants_in(discovery)
    existing = {row.participant.pseudonym: row.participant for row in rows}
    for demo in ctx.manifest.participants:
        participant = existing.get(demo.pseudonym)
        if participant is None:
            data = participants_services.ParticipantData(
                pseudonym=demo.pseudonym,
                segment=demo.segment,
                authority_id=ctx.authorities[demo.authority].id,
                age_band=demo.age_band,
                digital_confidence=demo.digital_confidence,
                preferred_language=demo.preferred_language,
                access_needs=demo.access_needs,
                consent_date=demo.consent_date,
                consent_scope=list(demo.consent_scope),
            )
            participant = participants_services.create_participant(discovery, data, ctx.recorder)
            ctx.report.count("participants")
        ctx.participants[demo.pseudonym] = participant


def _notes(ctx: DemoContext) -> None:
    rows = db.session.scalars(select(ResearchNote).where(ResearchNote.discovery_id == ctx.discovery.id))
    by_file: dict[str, ResearchNote] = {}
    by_title: dict[str, ResearchNote] = {}
    for row in rows:
        if row.source_filename:
            by_file.setdefault(row.source_filename, row)
        by_title.setdefault(row.title, row)
    for demo in ctx.manifest.notes:
        note = by_file.get(demo.filename) or by_title.get(demo.title)
        if note is None:
            note = _import(ctx, demo)
            ctx.imported.add(demo.key)
            ctx.report.count("notes")
        ctx.notes[demo.key] = note


def _import(ctx: DemoContext, demo: DemoNote) -> ResearchNote:
    """Import one file as the review screen would, with the manifest's answers to its questions."""
    parsed = read_note(ctx.manifest, demo, max_bytes=current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
    speakers: dict[str, Participant | str] = {}
    for label, who in demo.speakers.items():
        if who == RESEARCHER:
            speakers[label] = notes_services.RESEARCHER_CHOICE
        elif who == KEEP:
            speakers[label] = notes_services.KEEP
        else:
            speakers[label] = ctx.participants[who]
    found = notes_services.personal_data_in(parsed)
    choices = notes_services.ImportChoices(
        speakers=speakers,
        replace={item.id for item in found if item.span.kind in notes_services.AUTOMATIC_KINDS},
        title=demo.title,
        held_on=demo.held_on,
        method=demo.method,
        channel=demo.channel,
        language=demo.language,
        participants=[ctx.participants[p] for p in demo.all_participants],
        researcher=ctx.users[demo.researcher],
    )
    result = notes_services.complete_import(
        ctx.discovery, parsed, choices, filename=demo.filename, actor=ctx.users[demo.researcher], found=found
    )
    return result.note


def _highlights(ctx: DemoContext) -> None:
    existing: dict[tuple[object, str], Finding] = {
        (f.note_id, f.text): f
        for f in db.session.scalars(select(Finding).where(Finding.discovery_id == ctx.discovery.id))
    }
    notes = {demo.key: demo for demo in ctx.manifest.notes}
    for highlight in ctx.manifest.highlights:
        note = ctx.notes[highlight.note]
        finding = existing.get((note.id, highlight.text))
        if finding is None:
            occurrences = note.body.count(highlight.text)
            if highlight.note not in ctx.imported:
                if occurrences == 0:
                    ctx.report.kept += 1  # the squad edited the note; leave their version alone
                    continue
            elif occurrences != 1:
                times = "is not" if occurrences == 0 else f"occurs {occurrences} times"
                raise ManifestError(
                    f"{highlight.where}: the text {times} in the note imported from "
                    f"{notes[highlight.note].file}"
                )
            start = note.body.find(highlight.text)
            finding = findings_services.create_finding(
                note,
                start,
                start + len(highlight.text),
                kind=highlight.kind,
                tags=[ctx.tags[name] for name in highlight.tags],
                journey_stage=highlight.stage,
                comment=highlight.comment,
                created_by=ctx.users[notes[highlight.note].researcher],
            )
            existing[(note.id, highlight.text)] = finding
            ctx.report.count("findings")
        ctx.findings[(highlight.note, highlight.text)] = finding
