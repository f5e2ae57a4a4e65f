"""Server-side sign-in sessions: a session cookie is only a pointer to a live row here.

Flask's session cookie is signed, not stored, so on its own a copied cookie kept working after
sign-out. Each sign-in now makes a ``user_sessions`` row and puts a random token in the
cookie; a request is signed in only while that row is live. Signing out ends the row;
changing a password or role and deactivating the account end every row of that user.

Only a SHA-256 of the token is stored, so a copy of the database cannot be turned into
working cookies (they also need SECRET_KEY to sign).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import DateTime, String, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from discovery.core.columns import aware, created_at, fk, utcnow, uuid_pk
from discovery.core.models import User
from discovery.core.prompt_writes import prompt_connection
from discovery.extensions import db

log = logging.getLogger(__name__)

# The key in Flask's session that holds this sign-in's token.
SESSION_KEY = "sid"
# Last seen decides the idle timeout (has_idled). It is written at most this often, so a
# session can end up to this much before the idle limit, never after it.
TOUCH_EVERY = timedelta(minutes=1)


class UserSession(db.Model):
    """One sign-in on one browser, from sign-in until sign-out, expiry or an account change."""

    __tablename__ = "user_sessions"

    id: Mapped[uuid.UUID] = uuid_pk()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = fk("users.id", ondelete="CASCADE")
    created_at: Mapped[datetime] = created_at()
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str] = mapped_column(String(30), default="")
    user_agent: Mapped[str] = mapped_column(String(120), default="")

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<UserSession {self.user_id} {'ended' if self.ended_at else 'live'}>"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(user: User, user_agent: str = "") -> str:
    """Record a new session for the user and return the token to keep in their cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=_hash(token), user=user, user_agent=user_agent[:120]))
    db.session.flush()
    return token


def live_session(token: str | None) -> UserSession | None:
    """The session this token belongs to, with its user, if it has not been ended."""
    if not token or not isinstance(token, str):
        return None
    return db.session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
    )


def has_outlived(row: UserSession, lifetime: timedelta) -> bool:
    """True once the session is older than its absolute lifetime, however busy it has been."""
    return utcnow() - aware(row.created_at) > lifetime


def has_idled(row: UserSession, idle: timedelta) -> bool:
    """True once nothing has used the session for longer than ``idle``.

    Decided from the row, not from anything in the cookie: a copy of an old cookie replayed
    after the idle limit finds the same row, just as idle, and is refused.
    """
    return utcnow() - aware(row.last_seen_at) > idle


def touch(row: UserSession) -> None:
    """Note that the session was used, at most once a minute, in a short transaction.

    It is written apart from the request's transaction so a long request does not hold
    SQLite's write lock for the sake of a timestamp; if the database is busy it is skipped.
    """
    now = utcnow()
    if now - aware(row.last_seen_at) < TOUCH_EVERY:
        return
    table = UserSession.__table__
    try:
        with prompt_connection() as conn:
            conn.execute(update(table).where(table.c.id == row.id).values(last_seen_at=now))
    except OperationalError:
        log.warning("Could not record when session %s was last seen: the database is busy", row.id)


def end(token: str | None, reason: str) -> None:
    """End the session this token belongs to (sign-out, idle expiry)."""
    if token and isinstance(token, str):
        _end(UserSession.token_hash == _hash(token), reason)


def end_all(user: User, reason: str) -> None:
    """End every live session of the user (password or role change, deactivation)."""
    _end(UserSession.user_id == user.id, reason)


def _end(where, reason: str) -> None:
    db.session.execute(
        update(UserSession)
        .where(where, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason[:30]),
        execution_options={"synchronize_session": False},
    )
