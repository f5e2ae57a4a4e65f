"""A discovery's summary: the squad's narrative draft, published versions, export files, and
which themes answer each research question.

The generated part of a summary (themes, needs, pain points, counts) is never stored while it
is a draft: it is built from the evidence whenever someone reads it, so a withdrawal shows at
once. Publishing freezes it, with the narrative, into ``SummaryVersion.content`` (JSON of
``content.Snapshot``), so a board paper always matches what was read. The only change ever made
to a published version is removing what a participant's withdrawal takes away
(``amendments``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Discovery, User
from discovery.extensions import db

EXPORT_FORMATS = ("pdf", "docx", "md", "html")

question_themes = Table(
    "research_question_themes",
    db.metadata,
    Column("question_id", Uuid, ForeignKey("research_questions.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Uuid, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True),
)
"""The themes the squad says answer a research question (only accepted ones are reported)."""


class SummaryDraft(db.Model):
    """The squad's narrative sections, in English and Welsh, as they stand before publishing."""

    __tablename__ = "summary_drafts"

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("discoveries.id", ondelete="CASCADE"), unique=True
    )
    key_messages: Mapped[str] = mapped_column(Text, default="")
    key_messages_cy: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    recommendations_cy: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    next_steps_cy: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class SummaryVersion(db.Model):
    """A published summary, frozen: what was read on ``published_at``, numbered 1, 2, 3…

    ``published_by_name`` keeps the author's name as it was, so the version still says who
    published it after their account is renamed or removed. ``participant_ids`` are the
    participants whose evidence the version counts, so a withdrawal knows which versions it
    amends; ``amendments`` lists each amendment (date, quotes removed).
    """

    __tablename__ = "summary_versions"
    __table_args__ = (UniqueConstraint("discovery_id", "number"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = created_at()
    published_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    published_by_name: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[dict] = mapped_column(JSON)
    participant_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    amendments: Mapped[list[dict]] = mapped_column(JSON, default=list)

    discovery: Mapped[Discovery] = relationship()
    published_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SummaryVersion {self.number}>"


class SummaryExport(db.Model):
    """A file an export job made, kept until the person who asked downloads it (or for a day).

    It holds quotes, so it is never left in a cache or on disk, and a withdrawal deletes every
    export of the discovery (``services.amend_for_withdrawal``).
    """

    __tablename__ = "summary_exports"
    __table_args__ = (CheckConstraint(one_of("format", EXPORT_FORMATS), name="format"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    format: Mapped[str] = mapped_column(String(4))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="CASCADE", nullable=True)
    created_at: Mapped[datetime] = created_at()

    discovery: Mapped[Discovery] = relationship()
