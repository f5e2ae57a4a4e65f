"""Signing in and out, session expiry, and lockout after repeated failures.

Two promises, each with tests: parallel guesses cannot check more than SIGN_IN_MAX_FAILURES
passwords before the account locks (discovery.core.throttle), and the sign-in page never tells
whether an email has an account: an unknown email costs the same one argon2 check, and is
locked after the same number of failures with the same message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import Connection, case, func, insert, select, update

from discovery import i18n
from discovery.core import audit, sessions
from discovery.core.columns import aware, utcnow
from discovery.core.models import AuditEvent, User
from discovery.core.passwords import hash_password, needs_rehash, verify_password
from discovery.core.prompt_writes import prompt_connection
from discovery.core.throttle import Counter, client_address, prune
from discovery.extensions import db, login_manager

# Defaults for settings read with current_app.config.get (discovery.config may set them).
ADDRESS_MAX_FAILURES = 20
ADDRESS_WINDOW_MINUTES = 15
ADDRESS_LOCK_MINUTES = 2
ADDRESS_MAX_LOCK_MINUTES = 60


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked_minutes: int = 0


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


@dataclass(frozen=True)
class _Limits:
    """How many failures lock what, and for how long (read from config for each attempt)."""

    account_failures: int
    account_lock: timedelta
    address_failures: int
    address_window: timedelta
    address_lock: timedelta
    address_max_lock: timedelta

    @classmethod
    def from_config(cls) -> _Limits:
        return cls(
            account_failures=current_app.config["SIGN_IN_MAX_FAILURES"],
            account_lock=timedelta(minutes=current_app.config["SIGN_IN_LOCK_MINUTES"]),
            address_failures=_setting("SIGN_IN_ADDRESS_MAX_FAILURES", ADDRESS_MAX_FAILURES),
            address_window=timedelta(
                minutes=_setting("SIGN_IN_ADDRESS_WINDOW_MINUTES", ADDRESS_WINDOW_MINUTES)
            ),
            address_lock=timedelta(minutes=_setting("SIGN_IN_ADDRESS_LOCK_MINUTES", ADDRESS_LOCK_MINUTES)),
            address_max_lock=timedelta(
                minutes=_setting("SIGN_IN_ADDRESS_MAX_LOCK_MINUTES", ADDRESS_MAX_LOCK_MINUTES)
            ),
        )

    def address_lock_for(self, attempt: int) -> timedelta:
        """The wait doubles with each attempt past the limit: 2, 4, 8 … minutes, up to the cap."""
        doublings = min(max(attempt - self.address_failures, 0), 16)
        return min(self.address_lock * (2**doublings), self.address_max_lock)


def _minutes_left(until: datetime | None, now: datetime) -> int:
    until = aware(until)
    if until is None or until <= now:
        return 1
    return max(1, int((until - now).total_seconds() // 60) + 1)


def authenticate(email: str, password: str) -> SignInResult:
    """Check an email and password without saying which of the two was wrong, or whether
    the email has an account.

    First the attempt takes a number from the client address's count and from the account's
    (or, for an unknown email, from a count kept under a keyed hash of it). A locked count,
    or a number past the limit, refuses the attempt without checking the password. Otherwise
    exactly one argon2 check runs (against a dummy hash when there is no usable account), and
    a failure that reaches a limit locks that count. Counts and the audit events of failed
    attempts commit at once, statement by statement, whatever the request does next.
    """
    limits = _Limits.from_config()
    now = utcnow()
    normalised = normalise_email(email)
    user = find_user_by_email(normalised)
    where_from = client_address()
    address = Counter.for_address(where_from, limits.address_window)
    account = Counter.for_account(user) if user is not None else Counter.for_unknown_email(normalised)

    with prompt_connection() as conn:
        address_attempt = address.reserve(conn, now)
        if address_attempt is None or address_attempt > limits.address_failures:
            if address_attempt is not None:
                address.lock(conn, now + limits.address_lock_for(address_attempt))
            _record_now(conn, "sign_in_refused_throttled", None, address=where_from)
            return SignInResult(None, locked_minutes=_minutes_left(address.locked_until(conn), now))
        attempt = account.reserve(conn, now)
        if attempt is None or attempt > limits.account_failures:
            if attempt is not None:
                account.lock(conn, now + limits.account_lock)
            address.release(conn)
            _record_attempt(conn, user, normalised, "sign_in_refused_locked")
            return SignInResult(None, locked_minutes=_minutes_left(account.locked_until(conn), now))

    usable = user is not None and user.is_active_account
    checked = verify_password(user.password_hash if usable else None, password)

    with prompt_connection() as conn:
        if not checked:
            if attempt >= limits.account_failures:
                account.lock(conn, now + limits.account_lock)
            if address_attempt >= limits.address_failures:
                address.lock(conn, now + limits.address_lock_for(address_attempt))
            _record_attempt(conn, user, normalised, "sign_in_failed")
            return SignInResult(None)
        # Before the request's own writes: on SQLite those hold the write lock until it commits.
        address.release(conn)
        prune(conn, now, limits.address_window)
    _signed_in(user, now)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return SignInResult(user)


def _signed_in(user: User, now: datetime) -> None:
    """Clear the account's count; a lock someone else's guesses set meanwhile stays."""
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(
            failed_sign_ins=0,
            last_signed_in_at=now,
            locked_until=case((User.locked_until > now, User.locked_until), else_=None),
        )
        .execution_options(synchronize_session="fetch")
    )


def _record_attempt(conn: Connection, user: User | None, email: str, action: str) -> None:
    if user is not None:
        _record_now(conn, action, user, actor=user)
    else:
        _record_now(conn, action, None, email=email[:254])


def _record_now(conn: Connection, action: str, obj: object | None, **details: object) -> None:
    """Write an audit event at once on `conn`, built by audit.record like every other event.

    A failed sign-in's event must not wait for (or depend on) the request's commit.
    """
    event = audit.record(action, obj, **details)
    db.session.expunge(event)
    columns = AuditEvent.__table__.columns
    values = {c.key: getattr(event, c.key) for c in columns if c.key != "id"}
    values["occurred_at"] = values["occurred_at"] or utcnow()
    values["details"] = values["details"] or {}
    conn.execute(insert(AuditEvent.__table__).values(values))


def start_session(user: User) -> None:
    """Sign in with a fresh session, so a session id planted before sign-in is worthless."""
    language = session.get(i18n.SESSION_KEY)
    session.clear()
    session.permanent = True
    session[sessions.SESSION_KEY] = sessions.begin(user, request.user_agent.string)
    login_user(user, remember=False)
    audit.record("signed_in", user, actor=user)
    i18n.start_signed_in_session(user, language)


def end_session(user: User | None, reason: str = "signed_out") -> None:
    """Sign out: the server-side session ends too, so a copy of the cookie stops working."""
    sessions.end(session.get(sessions.SESSION_KEY), reason)
    if user is not None:
        audit.record(reason, user, actor=user)
    language = session.get(i18n.SESSION_KEY)
    logout_user()
    session.clear()
    if language:
        session[i18n.SESSION_KEY] = language


def session_has_expired() -> bool:
    """True when this request came with a session that had been idle for longer than
    SESSION_IDLE_MINUTES. load_user decides it, from the session's row on the server, and
    ends that row; the caller signs the browser out and says why."""
    _ = current_user.is_authenticated  # loads the user, which is where idleness is found
    return bool(g.get("session_went_idle"))


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The signed-in user, only while this browser's server-side session is live.

    The cookie must name a live ``user_sessions`` row of the same user, younger than
    PERMANENT_SESSION_LIFETIME and used within SESSION_IDLE_MINUTES (an idle row is ended
    here); the user id also carries a generation number that account
    changes bump, and the account must be active.
    """
    user_id, _, generation = session_id.partition(":")
    row = sessions.live_session(session.get(sessions.SESSION_KEY))
    if row is None or str(row.user_id) != user_id:
        return None
    user = row.user
    if str(user.session_generation) != generation or not user.is_active_account:
        return None
    if sessions.has_outlived(row, current_app.permanent_session_lifetime):
        return None
    if sessions.has_idled(row, idle_limit()):
        sessions.end(session.get(sessions.SESSION_KEY), "session_expired")
        audit.record("session_expired", user, actor=user)
        g.session_went_idle = True
        return None
    sessions.touch(row)
    return user
