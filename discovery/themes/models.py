"""Clustering runs, the themes they suggest, and the squad's review of them.

A run is written once, when its job succeeds, in the same transaction as its themes: a run
that fails or is killed leaves no row and no half-made themes, and the themes from before it
stay as they were. Its progress and errors live on the Job row it was started by.

A theme's findings are ``ThemeMembership`` rows with a state: ``member``, ``offered`` (a later
run thinks the finding fits this accepted theme; the squad accepts or declines it) or
``declined`` (remembered, so the same finding is not offered again).

Every review action is a ``ThemeChange`` holding the affected themes as they were before and
after, so any change can be undone from a theme's history while nothing has changed since.
"""

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
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    and_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Discovery, Job, User
from discovery.core.vocab import JOB_STATUSES, THEME_MEMBERSHIP_STATES, THEME_ORIGINS, THEME_STATUSES
from discovery.extensions import db
from research_notes.models import Finding

RUN_PLACEMENTS = ("member", "addition", "unclustered")
LIVE_STATUSES = ("suggested", "accepted")
"""Themes that hold their findings and their label; rejected and merged themes are history."""


class ClusterRun(db.Model):
    """One successful run of the theme engine: what it was asked, what it used, what it found.

    ``params`` holds the granularity, filters and seeding asked for; ``embedder``, ``seed`` and
    ``code_version`` say how to reproduce it; ``changes`` compares it with the run before.
    """

    __tablename__ = "cluster_runs"
    __table_args__ = (CheckConstraint(one_of("status", JOB_STATUSES), name="status"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    job_id: Mapped[uuid.UUID | None] = fk("jobs.id", ondelete="SET NULL", nullable=True)
    previous_run_id: Mapped[uuid.UUID | None] = fk("cluster_runs.id", ondelete="SET NULL", nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="succeeded")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    embedder: Mapped[str] = mapped_column(String(60), default="")
    seed: Mapped[int] = mapped_column(Integer, default=0)
    code_version: Mapped[str] = mapped_column(String(60), default="")
    finding_count: Mapped[int] = mapped_column(Integer, default=0)
    theme_count: Mapped[int] = mapped_column(Integer, default=0)
    timings: Mapped[dict] = mapped_column(JSON, default=dict)
    quality: Mapped[dict] = mapped_column(JSON, default=dict)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    themes_snapshot: Mapped[list] = mapped_column(JSON, default=list)
    started_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    discovery: Mapped[Discovery] = relationship()
    job: Mapped[Job | None] = relationship()
    started_by: Mapped[User | None] = relationship()
    previous_run: Mapped[ClusterRun | None] = relationship(remote_side=[id])


cluster_run_findings = Table(
    "cluster_run_findings",
    db.metadata,
    Column("run_id", Uuid, ForeignKey("cluster_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Uuid, ForeignKey("themes.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("placement", String(12), nullable=False),
    # The finding's group within the run (-1: unclustered), kept when the theme is later
    # replaced, so the next run can say which themes are new, grown or unchanged.
    Column("group_index", Integer, nullable=False, default=-1),
    Column("x", Float, nullable=False, default=0.0),
    Column("y", Float, nullable=False, default=0.0),
    Column("similarity", Float),
    CheckConstraint(one_of("placement", RUN_PLACEMENTS), name="placement"),
    Index("ix_cluster_run_findings_finding_id", "finding_id"),
)
"""Where each finding stood in a run: its theme (or none), and its place on the theme map."""


class ThemeMembership(db.Model):
    __tablename__ = "theme_findings"
    __table_args__ = (CheckConstraint(one_of("state", THEME_MEMBERSHIP_STATES), name="state"),)

    theme_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True
    )
    finding_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    state: Mapped[str] = mapped_column(String(8), default="member")
    is_representative: Mapped[bool] = mapped_column(Boolean, default=False)
    similarity: Mapped[float | None] = mapped_column(Float)

    theme: Mapped[Theme] = relationship(back_populates="memberships")
    finding: Mapped[Finding] = relationship()


class Theme(db.Model):
    __tablename__ = "themes"
    __table_args__ = (
        CheckConstraint(one_of("status", THEME_STATUSES), name="status"),
        CheckConstraint(one_of("origin", THEME_ORIGINS), name="origin"),
        # Two live themes of one discovery cannot share a label (compared case- and space-blind).
        Index(
            "uq_themes_live_label",
            "discovery_id",
            "label_key",
            unique=True,
            sqlite_where=text("status IN ('suggested', 'accepted')"),
            postgresql_where=text("status IN ('suggested', 'accepted')"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    cluster_run_id: Mapped[uuid.UUID | None] = fk("cluster_runs.id", ondelete="SET NULL", nullable=True)
    label: Mapped[str] = mapped_column(String(120))
    label_key: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="suggested")
    origin: Mapped[str] = mapped_column(String(10), default="cluster")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    key_phrases: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[uuid.UUID | None] = fk("themes.id", ondelete="SET NULL", nullable=True)
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    cluster_run: Mapped[ClusterRun | None] = relationship()
    merged_into: Mapped[Theme | None] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship()
    memberships: Mapped[list[ThemeMembership]] = relationship(
        back_populates="theme", cascade="all, delete-orphan"
    )
    findings: Mapped[list[Finding]] = relationship(
        secondary="theme_findings",
        primaryjoin=lambda: and_(Theme.id == ThemeMembership.theme_id, ThemeMembership.state == "member"),
        secondaryjoin=lambda: Finding.id == ThemeMembership.finding_id,
        viewonly=True,
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @validates("label")
    def _keep_label_key(self, _key: str, label: str) -> str:
        self.label_key = label_key(label)
        return label


def label_key(label: str) -> str:
    """What two labels are compared by: "Phone  queues" and "phone queues" are the same label."""
    return " ".join((label or "").split()).casefold()[:120]


theme_findings = ThemeMembership.__table__


theme_change_themes = Table(
    "theme_change_themes",
    db.metadata,
    Column("change_id", Uuid, ForeignKey("theme_changes.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Uuid, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class ThemeChange(db.Model):
    """One review action, with the affected themes before and after, so it can be undone.

    ``before`` and ``after`` map theme ids to a snapshot (label, description, status, merged
    into, version, and finding ids per membership state); a theme absent from ``before`` was
    made by the change. Only ids are kept, never what anyone said, so erasure has nothing to
    find here.
    """

    __tablename__ = "theme_changes"

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    action: Mapped[str] = mapped_column(String(30))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    actor_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    undone_by: Mapped[User | None] = relationship(foreign_keys=[undone_by_id])
    themes: Mapped[list[Theme]] = relationship(secondary=theme_change_themes)
