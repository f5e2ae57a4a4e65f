"""Journey maps: ordered stages with lanes whose entries cite findings.

"Journey stage" means two things, settled here: ``Finding.journey_stage`` is the discovery's
shared vocabulary (``JOURNEY_STAGES``) that researchers tag findings with, and a map's
``JourneyStage`` is a column of one map, named as the squad likes. A map stage may say which
shared stage it covers (``stage_key``); findings tagged with that stage are then offered as
suggested evidence on every map that has such a stage, and counted only once cited.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, SmallInteger, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Authority, Discovery, User
from discovery.core.vocab import (
    ENTRY_BASES,
    JOURNEY_LANES,
    JOURNEY_STAGES,
    JOURNEY_STATES,
    SEGMENTS,
    TOUCHPOINT_CHANNELS,
)
from discovery.extensions import db
from research_notes.models import Finding

journey_entry_findings = Table(
    "journey_entry_findings",
    db.metadata,
    Column("entry_id", Uuid, ForeignKey("journey_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
)


class JourneyMap(db.Model):
    __tablename__ = "journey_maps"
    __table_args__ = (
        CheckConstraint(one_of("state", JOURNEY_STATES), name="state"),
        CheckConstraint(f"segment IS NULL OR {one_of('segment', SEGMENTS)}", name="segment"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    title: Mapped[str] = mapped_column(String(120))
    # Who the journey is of, in the squad's words: "Unpaid carer seeking support for a parent".
    scenario: Mapped[str] = mapped_column(String(200), default="")
    segment: Mapped[str | None] = mapped_column(String(20))
    # A map of one council's service; none means the journey across the discovery's councils.
    authority_id: Mapped[uuid.UUID | None] = fk("authorities.id", ondelete="SET NULL", nullable=True)
    state: Mapped[str] = mapped_column(String(6), default="as_is")
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    authority: Mapped[Authority | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    stages: Mapped[list[JourneyStage]] = relationship(
        back_populates="journey_map", cascade="all, delete-orphan", order_by="JourneyStage.position"
    )

    __mapper_args__ = {"version_id_col": version}


class JourneyStage(db.Model):
    __tablename__ = "journey_stages"
    __table_args__ = (
        CheckConstraint(f"stage_key IS NULL OR {one_of('stage_key', JOURNEY_STAGES)}", name="stage_key"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    journey_map_id: Mapped[uuid.UUID] = fk("journey_maps.id", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    # The shared journey stage (``JOURNEY_STAGES``) this column covers, if any.
    stage_key: Mapped[str | None] = mapped_column(String(20))

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
        CheckConstraint(one_of("basis", ENTRY_BASES), name="basis"),
        CheckConstraint(f"channel IS NULL OR {one_of('channel', TOUCHPOINT_CHANNELS)}", name="channel"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    stage_id: Mapped[uuid.UUID] = fk("journey_stages.id", ondelete="CASCADE")
    lane: Mapped[str] = mapped_column(String(14))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    emotion: Mapped[int | None] = mapped_column(SmallInteger)
    # For touchpoints: how the person and the service meet.
    channel: Mapped[str | None] = mapped_column(String(20))
    # Whether research shows this, or the squad assumes it (to be tested).
    basis: Mapped[str] = mapped_column(String(9), default="assumed")
    # Citations removed because a participant withdrew consent, until someone checks the entry.
    withdrawn_citations: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    stage: Mapped[JourneyStage] = relationship(back_populates="entries")
    findings: Mapped[list[Finding]] = relationship(secondary=journey_entry_findings)

    __mapper_args__ = {"version_id_col": version}
