"""User needs written by the squad ("As a…, I need…, so that…") and the evidence behind them."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_babel import force_locale, gettext
from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, uuid_pk
from discovery.core.models import Discovery, User
from discovery.core.vocab import NEED_STATUSES, SEGMENTS
from discovery.extensions import db
from discovery.themes.models import Theme
from research_notes.models import Finding

need_themes = Table(
    "need_themes",
    db.metadata,
    Column("need_id", Uuid, ForeignKey("user_needs.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Uuid, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)

need_findings = Table(
    "need_findings",
    db.metadata,
    Column("need_id", Uuid, ForeignKey("user_needs.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
)


class UserNeed(db.Model):
    __tablename__ = "user_needs"
    __table_args__ = (
        CheckConstraint(one_of("status", NEED_STATUSES), name="status"),
        CheckConstraint(f"segment IS NULL OR {one_of('segment', SEGMENTS)}", name="segment"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    who: Mapped[str] = mapped_column(String(200))
    need: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="hypothesis")
    # The participant segment the need speaks for, for filtering; ``who`` is the squad's words.
    segment: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    discovery: Mapped[Discovery] = relationship()
    created_by: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=need_themes)
    findings: Mapped[list[Finding]] = relationship(secondary=need_findings)

    __mapper_args__ = {"version_id_col": version}

    @property
    def statement(self) -> str:
        return statement_text(self.who, self.need, self.goal, self.discovery.content_language)


def statement_text(who: str, need: str, goal: str, language: str = "en") -> str:
    """ "As …, I need …, so that …" in the language the squad writes in, not the page's.

    The squad's words sit inside the frame, so the frame must be in their language too: a Welsh
    squad's need reads "Fel …, mae angen … arnaf, er mwyn …" on English pages as well, marked
    with ``lang="cy"`` there.
    """
    with force_locale(language):
        if goal:
            return gettext("As %(who)s, I need %(need)s, so that %(goal)s", who=who, need=need, goal=goal)
        return gettext("As %(who)s, I need %(need)s", who=who, need=need)
