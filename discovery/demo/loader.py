"""Loads the demo discovery into the database, idempotently.

Every record is looked up by its natural key (authority code, email, discovery slug,
pseudonym, tag name, note title, finding span) before it is created, so running
`flask demo-data` twice leaves one copy of everything and never overwrites a squad's edits to
records that already exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from discovery.core import services as core_services
from discovery.core.models import Discovery, User
from discovery.demo import content
from discovery.extensions import db
from research_notes.findings import services as findings_services
from research_notes.models import Finding, Participant, ResearchNote, Tag
from research_notes.notes import services as notes_services
from research_notes.participants.services import default_retain_until

DEMO_PASSWORD_FILE = "demo-password"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    password: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def summary(self) -> str:
        made = ", ".join(f"{kind}: {n}" for kind, n in self.created.items()) or "nothing new (already loaded)"
        lines = [f"Demo discovery {content.DISCOVERY_TITLE!r}: created {made}.", "Demo sign-ins:"]
        lines += [f"  {email}  ({role})" for email, role in self.emails]
        lines.append(f"  password for all of them: {self.password}")
        return "\n".join(lines)


def demo_password() -> str:
    """A random password kept in instance/, so `make run` can print it and nothing is committed."""
    path = Path(current_app.instance_path) / DEMO_PASSWORD_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def load_demo() -> LoadReport:
    report = LoadReport(password=demo_password())
    authorities = {
        a.code: core_services.upsert_authority(a.code, a.name, a.name_cy, a.kind) for a in content.AUTHORITIES
    }
    users = {u.email: _user(u, authorities, report) for u in content.USERS}
    discovery = _discovery(authorities, users, report)
    participants = {
        p.pseudonym: _participant(discovery, p, authorities, users, report) for p in content.PARTICIPANTS
    }
    tags = _codebook(discovery, report)
    for note in content.NOTES:
        _note(discovery, note, participants, users, tags, report)
    db.session.flush()
    return report


def _user(demo, authorities, report: LoadReport) -> User:
    user = core_services.user_by_email(demo.email)
    if user is None:
        user = core_services.create_user(
            demo.email,
            demo.display_name,
            demo.role,
            report.password,
            [authorities[c] for c in demo.authority_codes],
        )
        report.count("users")
    elif not core_services.password_matches(user, report.password):
        core_services.set_password(user, report.password)
    report.emails.append((demo.email, demo.role))
    return user


def _discovery(authorities, users, report: LoadReport) -> Discovery:
    discovery = core_services.discovery_by_slug(content.SLUG)
    if discovery is not None:
        return discovery
    discovery = Discovery(
        slug=content.SLUG,
        title=content.DISCOVERY_TITLE,
        service=content.SERVICE,
        problem_statement=content.PROBLEM_STATEMENT,
        phase=content.PHASE,
        start_date=content.START,
        end_date=content.END,
        authorities=[a for a in authorities.values()],
        members=[u for u in users.values() if u.role in ("researcher", "squad_member")],
    )
    db.session.add(discovery)
    db.session.flush()
    report.count("discoveries")
    return discovery


def _participant(discovery, demo, authorities, users, report: LoadReport) -> Participant:
    existing = db.session.scalar(
        select(Participant).where(
            Participant.discovery_id == discovery.id, Participant.pseudonym == demo.pseudonym
        )
    )
    if existing is not None:
        return existing
    recorder = next((u for u in users.values() if u.role == "researcher"), None)
    participant = Participant(
        discovery_id=discovery.id,
        pseudonym=demo.pseudonym,
        segment=demo.segment,
        authority=authorities[demo.authority_code],
        age_band=demo.age_band,
        digital_confidence=demo.digital_confidence,
        preferred_language=demo.preferred_language,
        access_needs=demo.access_needs,
        consent_date=demo.consent_date,
        consent_scope=list(demo.consent_scope),
        consent_recorded_by=recorder,
        retain_until=default_retain_until(demo.consent_date),
    )
    db.session.add(participant)
    db.session.flush()
    report.count("participants")
    return participant


def _codebook(discovery, report: LoadReport) -> dict[str, Tag]:
    tags: dict[str, Tag] = {
        t.name: t for t in db.session.scalars(select(Tag).where(Tag.discovery_id == discovery.id))
    }
    for demo in sorted(content.CODEBOOK, key=lambda t: t.parent is not None):
        if demo.name in tags:
            continue
        tag = Tag(
            discovery_id=discovery.id,
            name=demo.name,
            description=demo.description,
            colour=demo.colour,
            parent=tags[demo.parent] if demo.parent else None,
        )
        db.session.add(tag)
        db.session.flush()
        tags[demo.name] = tag
        report.count("tags")
    return tags


def _note(discovery, demo, participants, users, tags, report: LoadReport) -> ResearchNote:
    note = db.session.scalar(
        select(ResearchNote).where(
            ResearchNote.discovery_id == discovery.id, ResearchNote.title == demo.title
        )
    )
    if note is None:
        note = notes_services.create_note(
            discovery,
            title=demo.title,
            body=demo.body,
            held_on=demo.held_on,
            method=demo.method,
            channel=demo.channel,
            language=demo.language,
            participants=[participants[p] for p in demo.participants],
            researcher=users.get(demo.researcher_email),
            audit_action=None,
        )
        report.count("notes")
    for demo_finding in demo.findings:
        start = note.body.find(demo_finding.quote)
        if start < 0:
            continue  # the squad edited the note; leave their version alone
        end = start + len(demo_finding.quote)
        exists = db.session.scalar(
            select(Finding.id).where(
                Finding.note_id == note.id, Finding.start_offset == start, Finding.end_offset == end
            )
        )
        if exists is not None:
            continue
        findings_services.create_finding(
            note,
            start,
            end,
            kind=demo_finding.kind,
            tags=[tags[name] for name in demo_finding.tags],
            journey_stage=demo_finding.journey_stage,
            created_by=users.get(demo.researcher_email),
        )
        report.count("findings")
    return note
