"""Queries and writes for managing people and authorities. Services flush; requests commit.

Every change is audited with who made it and what was there before and after, never with a
link's secret. Every change to a person's role, authorities or access ends their sessions at
once, so nothing runs on rights they no longer have. A change that would leave the app with
no active admin is refused, and two admins saving the same person or authority from copies of
the same version cannot both win: the second is told, not silently overwritten.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from discovery.accounts import links
from discovery.accounts.models import AccountToken
from discovery.core import audit, sessions
from discovery.core import services as core_services
from discovery.core.columns import aware, utcnow
from discovery.core.models import AuditEvent, Authority, User
from discovery.core.passwords import hash_password
from discovery.core.vocab import ROLES
from discovery.core.writes import DuplicateValueError, unique
from discovery.extensions import db

LINK_LIFETIME = timedelta(days=7)
STATUSES = ("active", "invited", "deactivated")
RECENT_EVENTS = 25


class StaleEditError(Exception):
    """Someone else saved this person or authority after the form was opened."""


class LastAdminError(Exception):
    """The change would leave no active admin to manage people."""


class AuthorityInUseError(Exception):
    """The authority is still referred to, so deleting it would lose whose data is whose."""

    def __init__(self, uses: dict[str, int]) -> None:
        super().__init__("The authority is in use")
        self.uses = uses


# People --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    user: User
    status: str  # one of STATUSES


def _invited_clause():
    """True for a person who was invited and has not yet chosen a password from any link."""
    invited = exists().where(AccountToken.user_id == User.id, AccountToken.purpose == "invite")
    chosen = exists().where(AccountToken.user_id == User.id, AccountToken.used_at.is_not(None))
    return and_(invited, ~chosen)


def people(role: str | None = None, authority_id: uuid.UUID | None = None, status: str | None = None):
    """Everyone with an account, by name, narrowed by role, authority and status when given."""
    invited = _invited_clause()
    query = (
        select(User, invited.label("invited"))
        .options(selectinload(User.authorities))
        .order_by(func.lower(User.display_name), User.email)
    )
    if role:
        query = query.where(User.role == role)
    if authority_id:
        query = query.where(User.authorities.any(Authority.id == authority_id))
    if status == "deactivated":
        query = query.where(User.is_active_account.is_(False))
    elif status == "invited":
        query = query.where(User.is_active_account.is_(True), invited)
    elif status == "active":
        query = query.where(User.is_active_account.is_(True), ~invited)
    return [
        PersonRow(user, _status(user, bool(was_invited))) for user, was_invited in db.session.execute(query)
    ]


def _status(user: User, invited: bool) -> str:
    if not user.is_active_account:
        return "deactivated"
    return "invited" if invited else "active"


def status_of(user: User) -> str:
    return _status(user, bool(db.session.scalar(select(_invited_clause()).where(User.id == user.id))))


def person_by_id(user_id: uuid.UUID) -> User | None:
    return db.session.get(User, user_id)


def email_taken(email: str) -> bool:
    return (
        db.session.scalar(select(User.id).where(func.lower(User.email) == email.strip().lower())) is not None
    )


def live_link(user: User) -> AccountToken | None:
    """The person's newest link that has not been used or replaced (it may have expired)."""
    return db.session.scalar(
        select(AccountToken)
        .where(
            AccountToken.user_id == user.id, AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None)
        )
        .order_by(AccountToken.created_at.desc())
        .limit(1)
    )


def recent_events(user: User, limit: int = RECENT_EVENTS) -> list[tuple[AuditEvent, str]]:
    """What the person did and what was done to their account, newest first, with who did it."""
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                or_(
                    AuditEvent.actor_id == user.id,
                    and_(AuditEvent.object_type == "User", AuditEvent.object_id == str(user.id)),
                )
            )
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )
    return audit.with_actor_names(events)


def active_admin_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.is_active_account.is_(True))
    )


@dataclass(frozen=True)
class PersonData:
    display_name: str
    role: str
    authority_ids: list[str]


def invite(email: str, data: PersonData, by: User) -> tuple[User, str]:
    """Make an account and the link its owner uses to choose a password; returns both.

    The account gets a random password nobody knows, so it cannot be signed in to until the
    link is used. Raises DuplicateValueError("email") when the email has an account, including
    one saved by someone else at the same moment.
    """
    if data.role not in ROLES:
        raise ValueError(f"Unknown role {data.role!r}")
    if email_taken(email):
        raise DuplicateValueError("email")
    user = User(
        email=email.strip().lower(),
        display_name=data.display_name.strip(),
        role=data.role,
        password_hash=hash_password(links.new_secret()),
        authorities=authorities_by_ids(data.authority_ids),
    )
    with unique("email"):
        db.session.add(user)
    secret, token = _issue_link(user, "invite", by)
    audit.record(
        "user_invited",
        user,
        actor=by,
        after=_snapshot(user),
        link_expires_at=token.expires_at.isoformat(),
    )
    return user, secret


def update_person(user: User, data: PersonData, by: User, expected_version: int) -> bool:
    """Save a person's name, role and authorities; True when their sessions were ended.

    A change of role or authorities ends every session they have, so their next request asks
    them to sign in and runs with the new rights. Raises StaleEditError, LastAdminError.
    """
    if data.role not in ROLES:
        raise ValueError(f"Unknown role {data.role!r}")
    before = _snapshot(user)
    if user.role == "admin" and user.is_active_account and data.role != "admin":
        _refuse_losing_last_admin(user)
    _claim(user, expected_version)
    user.display_name = data.display_name.strip()
    user.role = data.role
    user.authorities = authorities_by_ids(data.authority_ids)
    after = _snapshot(user)
    rights_changed = (before["role"], before["authorities"]) != (after["role"], after["authorities"])
    if rights_changed:
        _end_sessions(user, "role_changed" if before["role"] != after["role"] else "authorities_changed")
    db.session.flush()
    changed = {k for k in after if after[k] != before[k]}
    audit.record(
        "user_updated",
        user,
        actor=by,
        before={k: before[k] for k in sorted(changed)},
        after={k: after[k] for k in sorted(changed)},
        sessions_ended=rights_changed,
    )
    return rights_changed


def deactivate(user: User, by: User, expected_version: int) -> None:
    """Stop the person signing in: end their sessions and any link they have not used yet."""
    if user.role == "admin" and user.is_active_account:
        _refuse_losing_last_admin(user)
    _claim(user, expected_version)
    user.is_active_account = False
    _end_sessions(user, "deactivated")
    revoked = _revoke_links(user)
    audit.record(
        "user_deactivated",
        user,
        actor=by,
        before={"status": "active"},
        after={"status": "deactivated"},
        links_ended=revoked,
    )


def reactivate(user: User, by: User, expected_version: int) -> None:
    _claim(user, expected_version)
    user.is_active_account = True
    db.session.flush()
    audit.record(
        "user_reactivated", user, actor=by, before={"status": "deactivated"}, after={"status": "active"}
    )


def reset_password(user: User, by: User, expected_version: int) -> str:
    """Give the person a new link to choose a password; returns its secret.

    Their old password stops working at once and their sessions end: a reset is often asked
    for because someone else may know it. Any earlier link they had stops working too.
    """
    _claim(user, expected_version)
    user.password_hash = hash_password(links.new_secret())
    _end_sessions(user, "password_reset")
    secret, token = _issue_link(user, "reset", by)
    audit.record("password_reset_link_issued", user, actor=by, link_expires_at=token.expires_at.isoformat())
    return secret


def _snapshot(user: User) -> dict:
    return {
        "display_name": user.display_name,
        "role": user.role,
        "authorities": sorted(a.code for a in user.authorities),
    }


def _claim(user: User, expected_version: int) -> None:
    """Move the person to their next version, or raise StaleEditError if someone got there first.

    One conditional UPDATE decides it, so two admins saving at the same moment cannot both
    pass; the version is then set on the loaded object without making it look changed.
    """
    if user.version != expected_version:
        raise StaleEditError()
    moved = db.session.execute(
        update(User)
        .where(User.id == user.id, User.version == expected_version)
        .values(version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise StaleEditError()
    set_committed_value(user, "version", expected_version + 1)


def _refuse_losing_last_admin(user: User) -> None:
    """Raise LastAdminError if this person is the only active admin.

    The active admins' rows are locked (on PostgreSQL; SQLite lets one writer in at a time), so
    two admins demoting each other at the same moment cannot leave nobody.
    """
    others = db.session.scalars(
        select(User.id)
        .where(User.role == "admin", User.is_active_account.is_(True), User.id != user.id)
        .with_for_update()
    ).all()
    if not others:
        raise LastAdminError()


def _end_sessions(user: User, reason: str) -> None:
    """End the person's server-side sessions and bump the generation their cookies carry (as
    ``discovery.core.services`` does for the command line)."""
    user.session_generation += 1
    db.session.flush()
    sessions.end_all(user, reason)


# Links ---------------------------------------------------------------------------------------


def _issue_link(user: User, purpose: str, by: User | None) -> tuple[str, AccountToken]:
    _revoke_links(user)
    secret = links.new_secret()
    now = utcnow()
    token = AccountToken(
        user=user,
        token_hash=links.digest(secret),
        purpose=purpose,
        created_by_id=by.id if by else None,
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    db.session.add(token)
    db.session.flush()
    return secret, token


def _revoke_links(user: User) -> int:
    result = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id, AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None)
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


@dataclass(frozen=True)
class LinkCheck:
    """What a link is now: "ok", "unknown", "used", "replaced", "expired" or "deactivated"."""

    state: str
    token: AccountToken | None = None


def check_link(secret: str) -> LinkCheck:
    token = db.session.scalar(
        select(AccountToken)
        .options(selectinload(AccountToken.user))
        .where(AccountToken.token_hash == links.digest(secret))
    )
    if token is None:
        return LinkCheck("unknown")
    if token.used_at is not None:
        return LinkCheck("used", token)
    if not token.user.is_active_account:
        return LinkCheck("deactivated", token)
    if token.revoked_at is not None:
        return LinkCheck("replaced", token)
    if has_expired(token):
        return LinkCheck("expired", token)
    return LinkCheck("ok", token)


def choose_password(token: AccountToken, password: str) -> bool:
    """Set the person's password from their link and use the link up; False if it was used,
    replaced or expired since the page was opened (a second tab, a second click)."""
    now = utcnow()
    claimed = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.id == token.id,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
            AccountToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    user = token.user
    user.password_hash = hash_password(password)
    user.failed_sign_ins = 0
    user.locked_until = None
    _end_sessions(user, "password_changed")
    audit.record("password_set_from_link", user, actor=user, purpose=token.purpose)
    return True


def has_expired(token: AccountToken) -> bool:
    return aware(token.expires_at) <= utcnow()


# Authorities ---------------------------------------------------------------------------------


# One place reads authorities for every form that offers them.
authorities = core_services.all_authorities
authorities_by_ids = core_services.authorities_by_ids


def authority_by_id(authority_id: uuid.UUID) -> Authority | None:
    return db.session.get(Authority, authority_id)


def people_counts() -> dict[uuid.UUID, int]:
    """How many people belong to each authority."""
    from discovery.core.models import user_authorities

    rows = db.session.execute(
        select(user_authorities.c.authority_id, func.count()).group_by(user_authorities.c.authority_id)
    )
    return dict(rows.all())


def authority_uses(authority: Authority) -> dict[str, int]:
    """Every row that refers to the authority, counted by table (only tables with some).

    Read from the schema's foreign keys, so a new table that refers to authorities is counted
    without anyone remembering to add it here.
    """
    uses = {}
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "authorities" and key.column.name == "id":
                n = db.session.scalar(
                    select(func.count()).select_from(table).where(key.parent == authority.id)
                )
                if n:
                    uses[table.name] = uses.get(table.name, 0) + n
    return uses


@dataclass(frozen=True)
class AuthorityData:
    code: str
    name: str
    name_cy: str
    kind: str


def code_taken(code: str, exclude_id: uuid.UUID | None = None) -> bool:
    return _taken(func.upper(Authority.code) == code.strip().upper(), exclude_id)


def name_taken(name: str, exclude_id: uuid.UUID | None = None) -> bool:
    return _taken(func.lower(Authority.name) == name.strip().lower(), exclude_id)


def welsh_name_taken(name_cy: str, exclude_id: uuid.UUID | None = None) -> bool:
    return bool(name_cy.strip()) and _taken(
        func.lower(Authority.name_cy) == name_cy.strip().lower(), exclude_id
    )


def _taken(condition, exclude_id: uuid.UUID | None) -> bool:
    query = select(Authority.id).where(condition)
    if exclude_id is not None:
        query = query.where(Authority.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def _check_unique(data: AuthorityData, exclude_id: uuid.UUID | None) -> None:
    if code_taken(data.code, exclude_id):
        raise DuplicateValueError("code")
    if name_taken(data.name, exclude_id):
        raise DuplicateValueError("name")
    if welsh_name_taken(data.name_cy, exclude_id):
        raise DuplicateValueError("name_cy")


def _authority_snapshot(authority: Authority) -> dict:
    return {
        "code": authority.code,
        "name": authority.name,
        "name_cy": authority.name_cy,
        "kind": authority.kind,
    }


def _apply(authority: Authority, data: AuthorityData) -> None:
    authority.code = data.code.strip().upper()
    authority.name = data.name.strip()
    authority.name_cy = data.name_cy.strip()
    authority.kind = data.kind


def create_authority(data: AuthorityData, by: User) -> Authority:
    _check_unique(data, None)
    authority = Authority()
    _apply(authority, data)
    with unique("code"):
        db.session.add(authority)
    audit.record("authority_created", authority, actor=by, after=_authority_snapshot(authority))
    return authority


def update_authority(authority: Authority, data: AuthorityData, by: User, expected_version: int) -> None:
    """Save an edit; raises StaleEditError if someone saved since the form was opened."""
    if authority.version != expected_version:
        raise StaleEditError()
    _check_unique(data, authority.id)
    before = _authority_snapshot(authority)
    try:
        with unique("code"):
            _apply(authority, data)
    except StaleDataError:
        raise StaleEditError() from None
    after = _authority_snapshot(authority)
    changed = sorted(k for k in after if after[k] != before[k])
    audit.record(
        "authority_updated",
        authority,
        actor=by,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )


def delete_authority(authority: Authority, by: User) -> None:
    """Delete an authority nothing refers to; raises AuthorityInUseError otherwise."""
    uses = authority_uses(authority)
    if uses:
        raise AuthorityInUseError(uses)
    before = _authority_snapshot(authority)
    db.session.delete(authority)
    db.session.flush()
    audit.record("authority_deleted", authority, actor=by, before=before)
