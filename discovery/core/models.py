"""The app's core: authorities, people, discoveries, background jobs and the audit log.

Every other area hangs off a Discovery; permissions are decided from a User's role, the
discoveries they are a member of and the authorities they belong to.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, utcnow, uuid_pk
from discovery.core.vocab import (
    DEFAULT_EMBEDDER,
    HYPOTHESIS_KINDS,
    HYPOTHESIS_STATUSES,
    JOB_STATUSES,
    LANGUAGES,
    PHASES,
    ROLES,
    SEGMENTS,
)
from discovery.extensions import db

user_authorities = Table(
    "user_authorities",
    db.metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("authority_id", Uuid, ForeignKey("authorities.id", ondelete="CASCADE"), primary_key=True),
)

discovery_authorities = Table(
    "discovery_authorities",
    db.metadata,
    Column("discovery_id", Uuid, ForeignKey("discoveries.id", ondelete="CASCADE"), primary_key=True),
    Column("authority_id", Uuid, ForeignKey("authorities.id", ondelete="RESTRICT"), primary_key=True),
)

discovery_members = Table(
    "discovery_members",
    db.metadata,
    Column("discovery_id", Uuid, ForeignKey("discoveries.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Authority(db.Model):
    """A council or partner organisation taking part in discoveries."""

    __tablename__ = "authorities"
    __table_args__ = (CheckConstraint(one_of("kind", ("council", "partner")), name="kind"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_cy: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(10), default="council")
    # Two admins editing the same authority: the second save is refused, not silently kept.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def localised_name(self, locale: str) -> str:
        return self.name_cy if locale == "cy" and self.name_cy else self.name

    def __repr__(self) -> str:
        return f"<Authority {self.code}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="role"),
        CheckConstraint(
            f"preferred_language IS NULL OR {one_of('preferred_language', LANGUAGES)}",
            name="preferred_language",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped on password change or "sign out everywhere": old session cookies stop working.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at()
    # Bumped by each change an admin makes (discovery.accounts.services), which refuses a save
    # made from an older copy. Not a mapper version_id_col: sign-ins write this row too, and must
    # never fail because an admin saved at the same moment.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The language the person last chose with the English/Cymraeg switch; NULL until they
    # choose, when the browser's Accept-Language decides. Their own choice, so saving it does
    # not bump `version` (an admin's open form is not made stale by it).
    preferred_language: Mapped[str | None] = mapped_column(String(2))

    authorities: Mapped[list[Authority]] = relationship(secondary=user_authorities, order_by=Authority.name)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_active_account

    @property
    def authority_ids(self) -> set[uuid.UUID]:
        return {a.id for a in self.authorities}

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class Discovery(db.Model):
    """One squad's research on one service: the root of the chain of evidence."""

    __tablename__ = "discoveries"
    __table_args__ = (
        CheckConstraint(one_of("phase", PHASES), name="phase"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint("content_language IN ('en', 'cy')", name="content_language"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    title: Mapped[str] = mapped_column(String(120), unique=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(12), default="discovery")
    content_language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    """The language the squad writes this discovery's own words in (its description, themes,
    needs, journey maps and backlog), so a page in the other language can mark them with ``lang``."""
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)
    embedder: Mapped[str] = mapped_column(
        String(40), default=DEFAULT_EMBEDDER, server_default=DEFAULT_EMBEDDER
    )
    """How the app reads the meaning of this discovery's findings (one of ``vocab.EMBEDDERS``)."""

    authorities: Mapped[list[Authority]] = relationship(
        secondary=discovery_authorities, order_by=Authority.name
    )
    members: Mapped[list[User]] = relationship(secondary=discovery_members, order_by=User.display_name)
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Discovery {self.slug}>"


PLAN_TEXT_MAX = 300
SAMPLE_TARGET_MAX = 200


class ResearchQuestion(db.Model):
    """One question the discovery sets out to answer, in the order the squad puts them.

    Its own row with an id, so a summary can report each question with the themes that answer
    it. ``position`` orders the list and may have gaps after a deletion; pages number the
    questions 1, 2, 3… as shown. The text is unique in a discovery (exact match here, the form
    also refuses a case- or spacing-only difference).
    """

    __tablename__ = "research_questions"
    __table_args__ = (UniqueConstraint("discovery_id", "text"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(PLAN_TEXT_MAX))
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<ResearchQuestion {self.position}>"


class Hypothesis(db.Model):
    """A hypothesis to test or an assumption to check, and what the research has found so far."""

    __tablename__ = "hypotheses"
    __table_args__ = (
        UniqueConstraint("discovery_id", "text"),
        CheckConstraint(one_of("kind", HYPOTHESIS_KINDS), name="kind"),
        CheckConstraint(one_of("status", HYPOTHESIS_STATUSES), name="status"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(PLAN_TEXT_MAX))
    kind: Mapped[str] = mapped_column(String(10), default="hypothesis")
    status: Mapped[str] = mapped_column(String(13), default="untested")
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Hypothesis {self.kind} {self.status}>"


class SampleTarget(db.Model):
    """How many people of one segment the squad means to speak to (Service Manual: 6 to 8)."""

    __tablename__ = "sample_targets"
    __table_args__ = (
        CheckConstraint(one_of("segment", SEGMENTS), name="segment"),
        CheckConstraint(f"target >= 1 AND target <= {SAMPLE_TARGET_MAX}", name="target"),
    )

    discovery_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("discoveries.id", ondelete="CASCADE"), primary_key=True
    )
    segment: Mapped[str] = mapped_column(String(20), primary_key=True)
    target: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<SampleTarget {self.segment} {self.target}>"


class AuditEvent(db.Model):
    """Append-only record of who did what to which object.

    Deliberately no foreign keys to the objects: the record of a deletion must outlive the
    thing deleted, and a deleted user's actions stay attributable by email.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    discovery_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.object_type}:{self.object_id}>"


class Job(db.Model):
    """One run of a background task, watched by people on its progress page.

    Status, stage, percent, message and heartbeat are written in short transactions of their
    own while the task runs, so they are visible at once and a failure is never rolled back
    with the task's work. The task's result (``result_type``/``result_id``/``result``) is
    written in one final transaction together with ``status = "succeeded"``: a job killed
    half-way leaves no half-written result, and the previous good result stays as it was.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(one_of("status", JOB_STATUSES), name="status"),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent"),
        CheckConstraint("attempt >= 1", name="attempt"),
        CheckConstraint(one_of("origin", ("person", "system")), name="origin"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    kind: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    stage: Mapped[str] = mapped_column(String(200), default="")
    percent: Mapped[int] = mapped_column(Integer, default=0)
    # Stage, message and error hold English message ids, translated when shown.
    message: Mapped[str] = mapped_column(Text, default="")
    message_params: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    error_detail: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    # "person" (a user asked) or "system" (the command line, a schedule): a person's job whose
    # user has since been deleted must not run with nobody's permissions.
    origin: Mapped[str] = mapped_column(String(10), default="person")
    discovery_id: Mapped[uuid.UUID | None] = fk("discoveries.id", ondelete="CASCADE", nullable=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    result_type: Mapped[str | None] = mapped_column(String(40))
    result_id: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    retry_of_id: Mapped[uuid.UUID | None] = fk("jobs.id", ondelete="SET NULL", nullable=True)
    backend: Mapped[str] = mapped_column(String(10), default="thread")
    backend_job_id: Mapped[str | None] = mapped_column(String(64))

    requested_by: Mapped[User | None] = relationship()
    discovery: Mapped[Discovery | None] = relationship()
    retry_of: Mapped[Job | None] = relationship(remote_side=[id])

    @property
    def is_active(self) -> bool:
        return self.status in ("queued", "running")

    def __repr__(self) -> str:
        return f"<Job {self.kind} {self.status}>"


RAW_NOTE_SHARING = ("all_members", "agreement")
"""Who reads a discovery's raw notes: every member (one council), or as the agreement grants."""
AGREEMENT_REFERENCE_MAX = 40


class DataSharingAgreement(db.Model):
    """The data-sharing agreement a discovery's councils signed, and how raw notes are shared.

    One row per discovery. A discovery without a row follows ``data_scope.default_sharing``:
    raw notes are restricted as soon as more than one authority takes part.
    """

    __tablename__ = "data_sharing_agreements"
    __table_args__ = (CheckConstraint(one_of("raw_notes", RAW_NOTE_SHARING), name="raw_notes"),)

    discovery_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("discoveries.id", ondelete="CASCADE"), primary_key=True
    )
    reference: Mapped[str] = mapped_column(String(AGREEMENT_REFERENCE_MAX), default="")
    agreed_on: Mapped[date | None] = mapped_column(Date)
    raw_notes: Mapped[str] = mapped_column(String(12), default="agreement")
    updated_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    grants: Mapped[list[RawNoteGrant]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<DataSharingAgreement {self.reference or '(no reference)'} {self.raw_notes}>"


class RawNoteGrant(db.Model):
    """One direction of sharing: ``from_authority`` shares its raw notes with ``to_authority``."""

    __tablename__ = "raw_note_grants"
    __table_args__ = (CheckConstraint("from_authority_id <> to_authority_id", name="not_to_itself"),)

    discovery_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("data_sharing_agreements.discovery_id", ondelete="CASCADE"), primary_key=True
    )
    from_authority_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("authorities.id", ondelete="CASCADE"), primary_key=True
    )
    to_authority_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("authorities.id", ondelete="CASCADE"), primary_key=True
    )

    from_authority: Mapped[Authority] = relationship(foreign_keys=[from_authority_id])
    to_authority: Mapped[Authority] = relationship(foreign_keys=[to_authority_id])
