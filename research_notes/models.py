"""The evidence side of the chain: participants and consent, notes, utterances, findings, tags.

A Finding is the atom of evidence: every theme, need, journey entry and backlog item cites
findings, and a finding knows its note, utterance and participant, so withdrawing a
participant's consent can find everything that rests on what they said.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Authority, Discovery, User
from discovery.core.vocab import (
    AGE_BANDS,
    CHANNELS,
    DIGITAL_CONFIDENCE,
    FINDING_KINDS,
    LANGUAGES,
    METHODS,
    SEGMENTS,
)
from discovery.extensions import db

note_participants = Table(
    "note_participants",
    db.metadata,
    Column("note_id", Uuid, ForeignKey("research_notes.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
)

finding_tags = Table(
    "finding_tags",
    db.metadata,
    Column("finding_id", Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Uuid, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Participant(db.Model):
    """A pseudonymous research participant. Real names live apart, in ParticipantIdentity.

    After consent is withdrawn the row keeps only the pseudonym, the discovery, and the
    withdrawal's date, reason and recorder: everything else is erased (segment and preferred
    language become NULL), so other rows that named the pseudonym do not point at nothing.
    """

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("discovery_id", "pseudonym"),
        CheckConstraint(f"segment IS NULL OR {one_of('segment', SEGMENTS)}", name="segment"),
        CheckConstraint(f"age_band IS NULL OR {one_of('age_band', AGE_BANDS)}", name="age_band"),
        CheckConstraint(
            f"digital_confidence IS NULL OR {one_of('digital_confidence', DIGITAL_CONFIDENCE)}",
            name="digital_confidence",
        ),
        CheckConstraint(
            f"preferred_language IS NULL OR {one_of('preferred_language', LANGUAGES)}",
            name="preferred_language",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    pseudonym: Mapped[str] = mapped_column(String(20))
    # Empty only once consent is withdrawn and the participant's data erased.
    segment: Mapped[str | None] = mapped_column(String(20))
    authority_id: Mapped[uuid.UUID | None] = fk("authorities.id", ondelete="SET NULL", nullable=True)
    # A participant from outside the discovery's authorities (a health board, a charity) has no
    # authority; the organisation they came from is recorded by name instead, so it stays true.
    organisation: Mapped[str] = mapped_column(String(200), default="")
    age_band: Mapped[str | None] = mapped_column(String(8))
    digital_confidence: Mapped[str | None] = mapped_column(String(8))
    preferred_language: Mapped[str | None] = mapped_column(String(2), default="en")
    access_needs: Mapped[str] = mapped_column(Text, default="")
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_recorded_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    consent_withdrawn_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    consent_withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    retain_until: Mapped[date | None] = mapped_column(Date)
    # True when a researcher chose retain_until by hand: a new discovery end date leaves it alone.
    retain_until_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    authority: Mapped[Authority | None] = relationship()
    consent_recorded_by: Mapped[User | None] = relationship(foreign_keys=[consent_recorded_by_id])
    consent_withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[consent_withdrawn_by_id])
    identity: Mapped[ParticipantIdentity | None] = relationship(
        back_populates="participant", cascade="all, delete-orphan", uselist=False
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def has_withdrawn(self) -> bool:
        return self.consent_withdrawn_at is not None

    def affiliation(self, locale: str = "en") -> str:
        """Where they come from: their authority's name, else the named organisation, else ""."""
        if self.authority is not None:
            return self.authority.localised_name(locale)
        return self.organisation or ""

    def __repr__(self) -> str:
        return f"<Participant {self.pseudonym}>"


class ParticipantIdentity(db.Model):
    """A participant's real name, kept in its own table so only code that asks for it sees it."""

    __tablename__ = "participant_identities"

    participant_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    real_name: Mapped[str] = mapped_column(String(200))
    contact_details: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    participant: Mapped[Participant] = relationship(back_populates="identity")

    __mapper_args__ = {"version_id_col": version}


class ResearchNote(db.Model):
    __tablename__ = "research_notes"
    __table_args__ = (
        CheckConstraint(one_of("method", METHODS), name="method"),
        CheckConstraint(f"channel IS NULL OR {one_of('channel', CHANNELS)}", name="channel"),
        CheckConstraint(one_of("language", LANGUAGES), name="language"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    researcher_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    held_on: Mapped[date | None] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="interview")
    channel: Mapped[str | None] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(2), default="en")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    source_filename: Mapped[str | None] = mapped_column(String(255))
    source_format: Mapped[str | None] = mapped_column(String(20))
    source_encoding: Mapped[str | None] = mapped_column(String(20))
    # sha256 of the uploaded file's bytes, so the same file uploaded again is recognised;
    # cleared when a withdrawn participant's words are cut from the note.
    source_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    researcher: Mapped[User | None] = relationship(foreign_keys=[researcher_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    participants: Mapped[list[Participant]] = relationship(
        secondary=note_participants, order_by=Participant.pseudonym
    )
    utterances: Mapped[list[Utterance]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="Utterance.position"
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<ResearchNote {self.title!r}>"


class Utterance(db.Model):
    """One turn of speech in a note, with offsets into the note body so highlights line up."""

    __tablename__ = "utterances"
    __table_args__ = (
        UniqueConstraint("note_id", "position"),
        CheckConstraint("char_end >= char_start", name="offsets"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    note_id: Mapped[uuid.UUID] = fk("research_notes.id", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(120))
    participant_id: Mapped[uuid.UUID | None] = fk("participants.id", ondelete="SET NULL", nullable=True)
    # The team member speaking, when the speaker is one of the squad (each interviewer apart).
    researcher_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    start_seconds: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer, default=0)
    char_end: Mapped[int] = mapped_column(Integer, default=0)

    note: Mapped[ResearchNote] = relationship(back_populates="utterances")
    participant: Mapped[Participant | None] = relationship()
    researcher: Mapped[User | None] = relationship()


class Tag(db.Model):
    """A code in a discovery's hierarchical codebook."""

    __tablename__ = "tags"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        # NULLs are distinct in a unique constraint, so top-level names need their own index.
        Index(
            "uq_tags_top_level_name",
            "discovery_id",
            "name",
            unique=True,
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    parent_id: Mapped[uuid.UUID | None] = fk("tags.id", ondelete=None, nullable=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    # Welsh name and description; empty means Welsh pages fall back to the English, marked lang="en".
    name_cy: Mapped[str] = mapped_column(String(80), default="")
    description_cy: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(12), default="grey")
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    parent: Mapped[Tag | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Tag]] = relationship(back_populates="parent", order_by="Tag.name")

    __mapper_args__ = {"version_id_col": version}


class Finding(db.Model):
    """A highlighted span of a note: the atom of evidence."""

    __tablename__ = "findings"
    __table_args__ = (
        CheckConstraint("end_offset > start_offset AND start_offset >= 0", name="offsets"),
        CheckConstraint(one_of("kind", FINDING_KINDS), name="kind"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    note_id: Mapped[uuid.UUID] = fk("research_notes.id", ondelete="CASCADE")
    utterance_id: Mapped[uuid.UUID | None] = fk("utterances.id", ondelete="SET NULL", nullable=True)
    participant_id: Mapped[uuid.UUID | None] = fk("participants.id", ondelete="CASCADE", nullable=True)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(12), default="quote")
    journey_stage: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    note: Mapped[ResearchNote] = relationship()
    utterance: Mapped[Utterance | None] = relationship()
    participant: Mapped[Participant | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=finding_tags, order_by=Tag.name)
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class TagSuggestionOutcome(db.Model):
    """Whether a tag the app suggested for a finding was taken, so the squad can see how
    often suggestions from its codebook are right (one row per finding and suggested tag)."""

    __tablename__ = "tag_suggestion_outcomes"
    __table_args__ = (UniqueConstraint("finding_id", "tag_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    finding_id: Mapped[uuid.UUID] = fk("findings.id", ondelete="CASCADE")
    tag_id: Mapped[uuid.UUID] = fk("tags.id", ondelete="CASCADE")
    confidence: Mapped[float] = mapped_column(Float)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    decided_at: Mapped[datetime] = created_at()


class PendingImport(db.Model):
    """An uploaded transcript, parsed and waiting for its review screen.

    Kept in the database rather than the session so a review survives a restart and works
    across several web workers; the parsed result is plain JSON, so nothing is saved as a
    note until the researcher confirms the speaker mapping and the personal-data check.
    """

    __tablename__ = "pending_imports"

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    uploaded_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="CASCADE", nullable=True)
    filename: Mapped[str] = mapped_column(String(255))
    source_format: Mapped[str] = mapped_column(String(20))
    source_encoding: Mapped[str | None] = mapped_column(String(20))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at()

    discovery: Mapped[Discovery] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


class RetentionNotice(db.Model):
    """That researchers were told a participant's data will soon be deleted, once per date.

    One row per participant and retention date: a notice is recorded (and audited) the first
    time it is raised for that date, not on every page view; extending the date opens a new
    period with a notice of its own. Erasing the participant deletes these rows with them.
    """

    __tablename__ = "retention_notices"
    __table_args__ = (UniqueConstraint("participant_id", "retain_until"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    participant_id: Mapped[uuid.UUID] = fk("participants.id", ondelete="CASCADE")
    retain_until: Mapped[date] = mapped_column(Date)
    raised_at: Mapped[datetime] = created_at()


class ImportedFile(db.Model):
    """A file imported into a discovery (findings, codebook, backlog, .qdpx), by content hash,
    so importing the same bytes again is recognised and nothing is saved twice.

    Transcripts keep their hash on the note itself (``ResearchNote.source_sha256``).
    """

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("discovery_id", "kind", "sha256"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    kind: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255), default="")
    imported_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    imported_at: Mapped[datetime] = created_at()
