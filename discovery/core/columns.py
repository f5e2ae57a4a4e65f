"""Column helpers shared by every area's models, so ids and timestamps look the same everywhere."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Uuid
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without a zone; everything we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def uuid_pk() -> Mapped[uuid.UUID]:
    """Random UUID primary keys: URLs cannot be guessed or enumerated across councils."""
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


def fk(target: str, *, ondelete: str | None, nullable: bool = False, index: bool = True) -> Mapped:
    return mapped_column(Uuid, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


def created_at() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


def updated_at() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False)


def one_of(column: str, values) -> str:
    """SQL for a CHECK constraint keeping a vocabulary column to its known keys."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
