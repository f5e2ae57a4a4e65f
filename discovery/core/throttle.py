"""Counting sign-in attempts atomically: per account, per unknown email and per client address.

Each attempt *reserves* a numbered place before any password is checked, with one
``UPDATE … RETURNING`` (or ``INSERT … ON CONFLICT … RETURNING``) statement, so parallel
requests get different numbers and only the first ``limit`` of them are ever checked. The
counting used to read the count, check the password and write the count back, so 30 parallel
guesses were all checked and the counter ended at 2.

Each statement commits by itself (discovery.core.prompt_writes), not with the request: a count
must be visible to the next request before this one has finished checking its password, must
survive whatever happens to the request afterwards, and must not hold SQLite's write lock
while argon2 runs.

Unknown emails and client addresses are stored only as keyed hashes (HMAC with SECRET_KEY):
the table says how often something was tried, never who typed what from where.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import CheckConstraint, Connection, DateTime, Integer, String, case, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from discovery.core.columns import one_of
from discovery.core.models import User
from discovery.extensions import db

SCOPES = ("email", "address")


class SignInThrottle(db.Model):
    """Recent sign-in attempts for one unknown email or one client address, by keyed hash."""

    __tablename__ = "sign_in_throttles"
    __table_args__ = (CheckConstraint(one_of("scope", SCOPES), name="scope"),)

    scope: Mapped[str] = mapped_column(String(10), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Attempts being checked now plus failures since the last lock (or window) began.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def __repr__(self) -> str:
        return f"<SignInThrottle {self.scope} {self.failures}>"


def keyed_hash(scope: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()


def client_address() -> str:
    """The address the request came from.

    X-Forwarded-For is believed only when TRUSTED_PROXY_COUNT says how many proxies of ours
    add to it (then the entry that many from the right is the client's); otherwise anyone
    could send a fresh made-up address with each guess.
    """
    trusted = int(current_app.config.get("TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.remote_addr or "unknown"


def _not_locked(table, now: datetime):
    return or_(table.c.locked_until.is_(None), table.c.locked_until <= now)


@dataclass(frozen=True)
class Counter:
    """The attempt count kept for one thing: a user's row, or a throttle row."""

    kind: str  # "account", "email" or "address"
    key: object
    window: timedelta | None = None

    @classmethod
    def for_account(cls, user: User) -> Counter:
        return cls("account", user.id)

    @classmethod
    def for_unknown_email(cls, email: str) -> Counter:
        return cls("email", keyed_hash("email", email))

    @classmethod
    def for_address(cls, address: str, window: timedelta) -> Counter:
        return cls("address", keyed_hash("address", address), window)

    def reserve(self, conn: Connection, now: datetime) -> int | None:
        """Take the next attempt number, or None (and nothing changes) while locked."""
        if self.kind == "account":
            users = User.__table__
            statement = (
                update(users)
                .where(users.c.id == self.key, _not_locked(users, now))
                .values(failed_sign_ins=users.c.failed_sign_ins + 1)
                .returning(users.c.failed_sign_ins)
            )
            return conn.execute(statement).scalar()
        table = SignInThrottle.__table__
        fresh = table.c.failures + 1
        if self.window is not None:
            fresh = case((table.c.last_attempt_at < now - self.window, 1), else_=table.c.failures + 1)
        statement = (
            _insert_for(conn)(table)
            .values(scope=self.kind, key=self.key, failures=1, last_attempt_at=now)
            .on_conflict_do_update(
                index_elements=[table.c.scope, table.c.key],
                set_={"failures": fresh, "last_attempt_at": now},
                where=_not_locked(table, now),
            )
            .returning(table.c.failures)
        )
        return conn.execute(statement).scalar()

    def lock(self, conn: Connection, until: datetime) -> None:
        """Lock until `until` (never shortening a longer lock) and start counting afresh."""
        table, where, count = self._target()
        conn.execute(
            update(table)
            .where(where, or_(table.c.locked_until.is_(None), table.c.locked_until < until))
            .values({count: 0, "locked_until": until})
        )

    def release(self, conn: Connection) -> None:
        """Give back a reserved number: the attempt succeeded, or was refused unchecked."""
        table, where, count = self._target()
        column = table.c[count]
        conn.execute(update(table).where(where).values({count: case((column > 0, column - 1), else_=0)}))

    def locked_until(self, conn: Connection) -> datetime | None:
        table, where, _ = self._target()
        return conn.execute(select(table.c.locked_until).where(where)).scalar()

    def _target(self):
        if self.kind == "account":
            users = User.__table__
            return users, users.c.id == self.key, "failed_sign_ins"
        table = SignInThrottle.__table__
        return table, (table.c.scope == self.kind) & (table.c.key == self.key), "failures"


def _insert_for(conn: Connection):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def prune(conn: Connection, now: datetime, address_window: timedelta) -> None:
    """Forget rows that no longer change anything: no count and no lock, or an address gone quiet.

    An unknown email's partial count is kept, as a real account's is, so the two stay alike.
    """
    table = SignInThrottle.__table__
    unlocked = _not_locked(table, now)
    conn.execute(
        table.delete().where(
            unlocked,
            or_(
                table.c.failures == 0,
                (table.c.scope == "address") & (table.c.last_attempt_at < now - address_window),
            ),
        )
    )
