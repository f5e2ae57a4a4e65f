"""Clustering runs and the themes they suggest, which the squad accepts, renames and merges."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Discovery, User
from discovery.core.vocab import JOB_STATUSES, THEME_STATUSES
from discovery.extensions import db
from research_notes.models import Finding

theme_findings = Table(
    "theme_findings",
    db.metadata,
    Column("theme_id", Uuid, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
    Column("is_representative", Boolean, nullable=False, default=False),
    Column("distance", Float),
)


class ClusterRun(db.Model):
    """One run of the theme engine: its parameters, progress, timings and quality figures.

    A run that fails or is killed leaves earlier themes untouched; the error is kept here.
    """

    __tablename__ = "cluster_runs"
    __table_args__ = (
        CheckConstraint(one_of("status", JOB_STATUSES), name="status"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    embedder: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(200), default="")
    timings: Mapped[dict] = mapped_column(JSON, default=dict)
    quality: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(64))
    started_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    discovery: Mapped[Discovery] = relationship()
    started_by: Mapped[User | None] = relationship()


class Theme(db.Model):
    __tablename__ = "themes"
    __table_args__ = (CheckConstraint(one_of("status", THEME_STATUSES), name="status"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    cluster_run_id: Mapped[uuid.UUID | None] = fk("cluster_runs.id", ondelete="SET NULL", nullable=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="suggested")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    cluster_run: Mapped[ClusterRun | None] = relationship()
    findings: Mapped[list[Finding]] = relationship(secondary=theme_findings)

    __mapper_args__ = {"version_id_col": version}
