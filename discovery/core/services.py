"""Queries and writes for discoveries, users and authorities. Services flush; requests commit."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from discovery.core import audit, sessions
from discovery.core.models import (
    Authority,
    Discovery,
    Hypothesis,
    ResearchQuestion,
    SampleTarget,
    User,
    discovery_members,
)
from discovery.core.passwords import hash_password, verify_password
from discovery.core.permissions import belongs_to
from discovery.core.vocab import ROLES
from discovery.core.writes import DuplicateValueError, unique
from discovery.extensions import db


class StaleEditError(Exception):
    """Someone else saved the same thing after this form was opened."""


class DuplicateError(ValueError):
    """A name that must be unique is already taken."""


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated: Welsh letters lose their accents (ŵ → w)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:140] or "discovery"


@dataclass(frozen=True)
class PlanOutline:
    """The research plan as the discovery's overview shows it: the questions, and how many
    hypotheses and sample targets there are (the plan's own page has the rest)."""

    questions: list[str]
    hypotheses: int
    targets: int

    @property
    def is_empty(self) -> bool:
        return not (self.questions or self.hypotheses or self.targets)


def plan_outline(discovery: Discovery) -> PlanOutline:
    def how_many(model) -> int:
        return db.session.scalar(
            select(func.count()).select_from(model).where(model.discovery_id == discovery.id)
        )

    questions = db.session.scalars(
        select(ResearchQuestion.text)
        .where(ResearchQuestion.discovery_id == discovery.id)
        .order_by(ResearchQuestion.position, ResearchQuestion.created_at)
    ).all()
    return PlanOutline(list(questions), how_many(Hypothesis), how_many(SampleTarget))


# Authorities ---------------------------------------------------------------------------------


def all_authorities() -> list[Authority]:
    return list(db.session.scalars(select(Authority).order_by(Authority.name)))


def authorities_by_ids(ids: Iterable[str | uuid.UUID]) -> list[Authority]:
    wanted = {uuid.UUID(str(i)) for i in ids}
    if not wanted:
        return []
    return list(
        db.session.scalars(select(Authority).where(Authority.id.in_(wanted)).order_by(Authority.name))
    )


def authority_by_code(code: str) -> Authority | None:
    return db.session.scalar(select(Authority).where(func.upper(Authority.code) == code.strip().upper()))


def upsert_authority(code: str, name: str, name_cy: str = "", kind: str = "council") -> Authority:
    authority = authority_by_code(code)
    if authority is None:
        authority = Authority(code=code.upper(), name=name, name_cy=name_cy, kind=kind)
        db.session.add(authority)
    else:
        authority.name, authority.name_cy, authority.kind = name, name_cy, kind
    db.session.flush()
    return authority


# Users ---------------------------------------------------------------------------------------


def user_by_id(user_id: str | uuid.UUID | None) -> User | None:
    """The user with this id, or None when there is none or the id is blank or not a UUID."""
    if not user_id:
        return None
    try:
        return db.session.get(User, uuid.UUID(str(user_id)))
    except ValueError:
        return None


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    email: str, display_name: str, role: str, password: str, authorities: Iterable[Authority] = ()
) -> User:
    if user_by_email(email) is not None:
        raise DuplicateError(f"A user with the email {email} already exists")
    user = User(
        email=email.strip().lower(),
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
        authorities=list(authorities),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", user, role=role, email=user.email)
    return user


def password_matches(user: User, password: str) -> bool:
    return verify_password(user.password_hash, password)


def set_password(user: User, password: str) -> None:
    """Change the password and sign the user out everywhere, this browser included."""
    user.password_hash = hash_password(password)
    _end_every_session(user, "password_changed")
    audit.record("password_changed", user)


def change_role(user: User, role: str, by: User | None) -> None:
    """Give the user another role. Their sessions end, so nothing runs on the old role's rights."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}")
    before = user.role
    user.role = role
    _end_every_session(user, "role_changed")
    audit.record("role_changed", user, actor=by, before=before, after=role)


def deactivate_user(user: User, by: User | None) -> None:
    """Stop the user signing in, and end every session they have now."""
    user.is_active_account = False
    _end_every_session(user, "deactivated")
    audit.record("user_deactivated", user, actor=by)


def reactivate_user(user: User, by: User | None) -> None:
    user.is_active_account = True
    db.session.flush()
    audit.record("user_reactivated", user, actor=by)


def _end_every_session(user: User, reason: str) -> None:
    """End the user's server-side sessions and bump the generation their cookies carry."""
    user.session_generation += 1
    db.session.flush()
    sessions.end_all(user, reason)


# Discoveries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiscoveryData:
    title: str
    service: str
    problem_statement: str
    phase: str
    start_date: date | None
    end_date: date | None
    authority_ids: list[str]
    content_language: str = "en"


def discoveries_for(user: User) -> list[Discovery]:
    """The discoveries a user may see, newest first: every one for an admin (to manage members)."""
    query = (
        select(Discovery)
        .options(selectinload(Discovery.authorities), selectinload(Discovery.members))
        .order_by(Discovery.created_at.desc(), Discovery.title)
    )
    discoveries = list(db.session.scalars(query))
    if user.role == "admin":
        return discoveries
    return [d for d in discoveries if belongs_to(user, d)]


def discovery_by_slug(slug: str) -> Discovery | None:
    return db.session.scalar(select(Discovery).where(Discovery.slug == slug))


def title_taken(title: str, exclude_id: uuid.UUID | None = None) -> bool:
    """Titles are unique ignoring case, spaces and punctuation, because slugs must be unique."""
    query = select(Discovery.id).where(
        (Discovery.slug == slugify(title)) | (func.lower(Discovery.title) == title.strip().lower())
    )
    if exclude_id is not None:
        query = query.where(Discovery.id != exclude_id)
    return db.session.scalar(query) is not None


def create_discovery(data: DiscoveryData, creator: User) -> Discovery:
    """Create a discovery with its creator as the first member.

    Raises DuplicateValueError("title") when the title (or its slug) is taken, including when
    someone else saves the same title at the same moment.
    """
    if title_taken(data.title):
        raise DuplicateValueError("title")
    discovery = Discovery(slug=slugify(data.title), created_by=creator, members=[creator])
    with unique("title"):
        _apply(discovery, data)
        db.session.add(discovery)
    audit.record("discovery_created", discovery, title=discovery.title)
    return discovery


def update_discovery(discovery: Discovery, data: DiscoveryData, expected_version: int) -> Discovery:
    """Save an edit, refusing it when someone else saved since the form was opened."""
    if discovery.version != expected_version:
        raise StaleEditError()
    if title_taken(data.title, exclude_id=discovery.id):
        raise DuplicateValueError("title")
    before = {"title": discovery.title, "phase": discovery.phase}
    end_date = discovery.end_date
    with unique("title"):
        _apply(discovery, data)
    audit.record("discovery_updated", discovery, before=before, title=discovery.title)
    if discovery.end_date != end_date:
        for hook in current_app.extensions.get(_END_DATE_HOOKS, []):
            hook(discovery)
    return discovery


_END_DATE_HOOKS = "discovery.core.on_end_date_changed"


def on_end_date_changed(app, hook: Callable[[Discovery], None]) -> None:
    """Call ``hook(discovery)`` in the same transaction when an edit changes a discovery's end date.

    Participants' default retention dates count from it; the core cannot import that area.
    """
    app.extensions.setdefault(_END_DATE_HOOKS, []).append(hook)


def _apply(discovery: Discovery, data: DiscoveryData) -> None:
    discovery.title = data.title.strip()
    discovery.service = data.service.strip()
    discovery.problem_statement = data.problem_statement.strip()
    discovery.phase = data.phase
    discovery.content_language = data.content_language
    discovery.start_date = data.start_date
    discovery.end_date = data.end_date
    discovery.authorities = authorities_by_ids(data.authority_ids)


def add_member(discovery: Discovery, user: User) -> None:
    if any(m.id == user.id for m in discovery.members):
        raise DuplicateValueError("email")
    discovery.members.append(user)
    db.session.flush()
    audit.record("member_added", discovery, member=user.email)


def remove_member(discovery: Discovery, user: User) -> None:
    discovery.members = [m for m in discovery.members if m.id != user.id]
    db.session.flush()
    audit.record("member_removed", discovery, member=user.email)


def member_count(discovery: Discovery) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(discovery_members)
        .where(discovery_members.c.discovery_id == discovery.id)
    )
