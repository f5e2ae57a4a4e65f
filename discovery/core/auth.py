"""Signing in and out, session expiry and lockout after repeated failures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import func, select

from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import User
from discovery.core.passwords import hash_password, needs_rehash, verify_password
from discovery.extensions import db, login_manager


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked_minutes: int = 0


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without a zone; everything we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def authenticate(email: str, password: str) -> SignInResult:
    """Check an email and password without saying which of the two was wrong.

    Repeated failures lock the account for a while, which makes guessing passwords slow.
    """
    user = find_user_by_email(email)
    now = utcnow()
    locked_until = _aware(user.locked_until) if user else None
    if user is not None and locked_until and locked_until > now:
        verify_password(None, password)
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        audit.record("sign_in_refused_locked", user, actor=user)
        return SignInResult(None, locked_minutes=minutes)
    if user is None or not user.is_active_account or not verify_password(user.password_hash, password):
        if user is not None:
            user.failed_sign_ins += 1
            if user.failed_sign_ins >= current_app.config["SIGN_IN_MAX_FAILURES"]:
                user.locked_until = now + timedelta(minutes=current_app.config["SIGN_IN_LOCK_MINUTES"])
                user.failed_sign_ins = 0
            audit.record("sign_in_failed", user, actor=user)
        else:
            audit.record("sign_in_failed", None, email=email.strip().lower()[:254])
        return SignInResult(None)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_signed_in_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return SignInResult(user)


def start_session(user: User) -> None:
    """Sign in with a fresh session, so a session id planted before sign-in is worthless."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    session.permanent = True
    login_user(user, remember=False)
    session["last_seen"] = utcnow().timestamp()
    audit.record("signed_in", user, actor=user)


def end_session(user: User | None, reason: str = "signed_out") -> None:
    if user is not None:
        audit.record(reason, user, actor=user)
    language = session.get("lang")
    logout_user()
    session.clear()
    if language:
        session["lang"] = language


def session_has_expired() -> bool:
    """True when the signed-in user has been idle for longer than SESSION_IDLE_MINUTES."""
    last_seen = session.get("last_seen")
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    now = utcnow()
    if last_seen is not None and now - datetime.fromtimestamp(last_seen, UTC) > idle:
        return True
    session["last_seen"] = now.timestamp()
    return False


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Session ids carry a generation number; bumping it signs the user out everywhere."""
    user_id, _, generation = session_id.partition(":")
    try:
        user = db.session.get(User, uuid.UUID(user_id))
    except ValueError:
        return None
    if user is None or str(user.session_generation) != generation:
        return None
    return user
