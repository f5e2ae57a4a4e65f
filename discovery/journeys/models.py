"""Journey maps: ordered stages with lanes whose entries cite findings."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, SmallInteger, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Discovery
from discovery.core.vocab import SEGMENTS
from discovery.extensions import db
from research_notes.models import Finding

JOURNEY_LANES = ("actions", "touchpoints", "thoughts", "pain_points", "opportunities")

journey_entry_findings = Table(
    "journey_entry_findings",
    db.metadata,
    Column("entry_id", Uuid, ForeignKey("journey_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
)


class JourneyMap(db.Model):
    __tablename__ = "journey_maps"
    __table_args__ = (
        CheckConstraint(one_of("state", ("as_is", "to_be")), name="state"),
        CheckConstraint(f"segment IS NULL OR {one_of('segment', SEGMENTS)}", name="segment"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    title: Mapped[str] = mapped_column(String(120))
    segment: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(6), default="as_is")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    stages: Mapped[list[JourneyStage]] = relationship(
        back_populates="journey_map", cascade="all, delete-orphan", order_by="JourneyStage.position"
    )

    __mapper_args__ = {"version_id_col": version}


class JourneyStage(db.Model):
    __tablename__ = "journey_stages"

    id: Mapped[uuid.UUID] = uuid_pk()
    journey_map_id: Mapped[uuid.UUID] = fk("journey_maps.id", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))

    journey_map: Mapped[JourneyMap] = relationship(back_populates="stages")
    entries: Mapped[list[JourneyEntry]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="JourneyEntry.position"
    )


class JourneyEntry(db.Model):
    """One sticky note in a lane of a stage; thoughts-and-feelings entries carry an emotion."""

    __tablename__ = "journey_entries"
    __table_args__ = (
        CheckConstraint(one_of("lane", JOURNEY_LANES), name="lane"),
        CheckConstraint("emotion IS NULL OR (emotion >= -2 AND emotion <= 2)", name="emotion"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    stage_id: Mapped[uuid.UUID] = fk("journey_stages.id", ondelete="CASCADE")
    lane: Mapped[str] = mapped_column(String(14))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    emotion: Mapped[int | None] = mapped_column(SmallInteger)

    stage: Mapped[JourneyStage] = relationship(back_populates="entries")
    findings: Mapped[list[Finding]] = relationship(secondary=journey_entry_findings)
