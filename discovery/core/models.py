"""The app's core: authorities, people, discoveries and the audit log.

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
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, updated_at, utcnow, uuid_pk
from discovery.core.vocab import PHASES, ROLES
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

    def localised_name(self, locale: str) -> str:
        return self.name_cy if locale == "cy" and self.name_cy else self.name

    def __repr__(self) -> str:
        return f"<Authority {self.code}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role"),)

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
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    title: Mapped[str] = mapped_column(String(120), unique=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(12), default="discovery")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)

    authorities: Mapped[list[Authority]] = relationship(
        secondary=discovery_authorities, order_by=Authority.name
    )
    members: Mapped[list[User]] = relationship(secondary=discovery_members, order_by=User.display_name)
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Discovery {self.slug}>"


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
