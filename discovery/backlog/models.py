"""Backlog items: the end of the chain of evidence, traceable back through needs to quotes."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Discovery, User
from discovery.core.vocab import BACKLOG_SIZES, BACKLOG_STATUSES, MOSCOW
from discovery.extensions import db
from discovery.journeys.models import JourneyStage
from discovery.needs.models import UserNeed
from discovery.themes.models import Theme
from research_notes.models import Finding


def _link_table(name: str, column: str, target: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("backlog_item_id", Uuid, ForeignKey("backlog_items.id", ondelete="CASCADE"), primary_key=True),
        Column(column, Uuid, ForeignKey(target, ondelete="CASCADE"), primary_key=True),
    )


backlog_needs = _link_table("backlog_needs", "need_id", "user_needs.id")
backlog_themes = _link_table("backlog_themes", "theme_id", "themes.id")
backlog_findings = _link_table("backlog_findings", "finding_id", "findings.id")
backlog_journey_stages = _link_table("backlog_journey_stages", "stage_id", "journey_stages.id")


class BacklogItem(db.Model):
    __tablename__ = "backlog_items"
    __table_args__ = (
        CheckConstraint(one_of("priority", MOSCOW), name="priority"),
        CheckConstraint(one_of("status", BACKLOG_STATUSES), name="status"),
        CheckConstraint(f"size IS NULL OR {one_of('size', BACKLOG_SIZES)}", name="size"),
        UniqueConstraint("discovery_id", "number"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    # "Item 7": what people call it in stand-ups; the id is what exports round-trip by.
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    user_story: Mapped[str] = mapped_column(Text, default="")
    acceptance_criteria: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(6), default="should")
    status: Mapped[str] = mapped_column(String(12), default="todo")
    size: Mapped[str | None] = mapped_column(String(2))
    external_ref: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    created_by: Mapped[User | None] = relationship()
    needs: Mapped[list[UserNeed]] = relationship(secondary=backlog_needs)
    themes: Mapped[list[Theme]] = relationship(secondary=backlog_themes)
    findings: Mapped[list[Finding]] = relationship(secondary=backlog_findings)
    journey_stages: Mapped[list[JourneyStage]] = relationship(secondary=backlog_journey_stages)

    __mapper_args__ = {"version_id_col": version}
