"""One-time links that let a person choose their password: after an invitation or a reset.

Only a SHA-256 of the link's secret is stored, so a copy of the database (or a backup) cannot be
turned into working links. A link is live until it is used, expires, or is replaced by a newer
link for the same person (or the person is deactivated); each of those ends it for good.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from discovery.core.columns import created_at, fk, one_of, uuid_pk
from discovery.core.models import User
from discovery.extensions import db

PURPOSES = ("invite", "reset")


class AccountToken(db.Model):
    __tablename__ = "account_tokens"
    __table_args__ = (CheckConstraint(one_of("purpose", PURPOSES), name="purpose"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = fk("users.id", ondelete="CASCADE")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(10))
    created_by_id: Mapped[uuid.UUID | None] = fk("users.id", ondelete="SET NULL", nullable=True)
    created_at: Mapped[datetime] = created_at()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when a newer link replaces this one, or the person is deactivated.
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<AccountToken {self.purpose} {self.user_id}>"
