"""Who may do what, decided in one place.

Views never check roles themselves: they are wrapped in ``@requires(...)``, which records on
the view which capability each HTTP method needs, and a test walks the URL map and fails on
any method of any rule that is neither guarded nor marked ``@public``.

Capabilities are an enum, so a misspelt one fails when the module defining the view is
imported, not with a 500 when someone first opens the page.

Reading raw research data (participants, notes, findings) needs membership of the discovery,
whatever the role: an admin manages people and settings, and can see a discovery's overview
and manage its members (so they can add themselves, which is audited), but is not a reader of
what residents said until they join the research team.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from enum import StrEnum

from flask import abort, g
from flask_login import current_user

from discovery.core.data_scope import (  # noqa: F401  (object-level rules, decided here too)
    may_read_note,
    may_see_identity,
    readable_notes_filter,
    require_identity,
    require_note,
)
from discovery.core.models import Discovery, User
from discovery.extensions import db


class Capability(StrEnum):
    # Global: do not depend on a discovery.
    LIST_DISCOVERIES = "list_discoveries"
    CREATE_DISCOVERY = "create_discovery"
    MANAGE_USERS = "manage_users"
    # Within a discovery.
    VIEW_DISCOVERY = "view_discovery"
    EDIT_DISCOVERY = "edit_discovery"
    MANAGE_MEMBERS = "manage_members"
    SEE_PARTICIPANTS = "see_participants"
    MANAGE_PARTICIPANTS = "manage_participants"
    SEE_REAL_NAMES = "see_real_names"
    READ_NOTES = "read_notes"
    EDIT_NOTES = "edit_notes"
    READ_FINDINGS = "read_findings"
    HIGHLIGHT_FINDINGS = "highlight_findings"
    EXPORT_FINDINGS = "export_findings"
    READ_CODEBOOK = "read_codebook"
    MANAGE_CODEBOOK = "manage_codebook"
    READ_THEMES = "read_themes"
    REVIEW_THEMES = "review_themes"
    EDIT_JOURNEYS = "edit_journeys"
    MANAGE_BACKLOG = "manage_backlog"
    READ_SUMMARY = "read_summary"
    EDIT_SUMMARY = "edit_summary"
    PUBLISH_SUMMARY = "publish_summary"


C = Capability
ALL_ROLES = frozenset({"admin", "researcher", "squad_member", "authority_lead"})

# Capabilities that do not depend on a discovery: which roles have them.
GLOBAL_CAPABILITIES: Mapping[Capability, frozenset[str]] = {
    C.LIST_DISCOVERIES: ALL_ROLES,
    C.CREATE_DISCOVERY: frozenset({"admin", "researcher"}),
    C.MANAGE_USERS: frozenset({"admin"}),
}

# Capabilities within a discovery: which roles have them, given they belong to the discovery.
DISCOVERY_CAPABILITIES: Mapping[Capability, frozenset[str]] = {
    C.VIEW_DISCOVERY: ALL_ROLES,
    C.EDIT_DISCOVERY: frozenset({"admin", "researcher"}),
    C.MANAGE_MEMBERS: frozenset({"admin", "researcher"}),
    C.SEE_PARTICIPANTS: frozenset({"admin", "researcher", "squad_member"}),
    C.MANAGE_PARTICIPANTS: frozenset({"admin", "researcher"}),
    C.SEE_REAL_NAMES: frozenset({"researcher"}),
    C.READ_NOTES: frozenset({"admin", "researcher", "squad_member"}),
    C.EDIT_NOTES: frozenset({"admin", "researcher"}),
    C.READ_FINDINGS: frozenset({"admin", "researcher", "squad_member"}),
    C.HIGHLIGHT_FINDINGS: frozenset({"admin", "researcher"}),
    C.EXPORT_FINDINGS: frozenset({"admin", "researcher", "squad_member"}),
    C.READ_CODEBOOK: frozenset({"admin", "researcher", "squad_member"}),
    C.MANAGE_CODEBOOK: frozenset({"admin", "researcher"}),
    # Leads read accepted themes and user needs with their evidence strength, never the quotes.
    C.READ_THEMES: ALL_ROLES,
    C.REVIEW_THEMES: frozenset({"admin", "researcher", "squad_member"}),
    # Journey maps and the backlog are the squad's working tools; leads read them (READ_THEMES).
    C.EDIT_JOURNEYS: frozenset({"admin", "researcher", "squad_member"}),
    C.MANAGE_BACKLOG: frozenset({"admin", "researcher", "squad_member"}),
    # Leads read published summaries only; the squad reads the live draft and writes its narrative,
    # and researchers publish what a board paper will quote.
    C.READ_SUMMARY: ALL_ROLES,
    C.EDIT_SUMMARY: frozenset({"admin", "researcher", "squad_member"}),
    C.PUBLISH_SUMMARY: frozenset({"admin", "researcher"}),
}

# What an admin may do in a discovery they are not a member of. The codebook holds the
# squad's codes, not anything a participant said, so it is readable; findings are not.
ADMIN_WITHOUT_MEMBERSHIP: frozenset[Capability] = frozenset(
    {C.VIEW_DISCOVERY, C.MANAGE_MEMBERS, C.READ_CODEBOOK}
)

READ_METHODS = ("GET", "HEAD", "OPTIONS")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Checked at import, also under ``python -O``: a capability in neither table, or both, would be
# silently refused or granted.
if not set(GLOBAL_CAPABILITIES).isdisjoint(DISCOVERY_CAPABILITIES) or set(GLOBAL_CAPABILITIES) | set(
    DISCOVERY_CAPABILITIES
) != set(Capability):
    raise RuntimeError("Every capability must be in exactly one of the two capability tables")


class UnknownCapabilityError(ValueError):
    """A view or template named a capability that does not exist (usually a typo)."""


def capability(value: str | Capability) -> Capability:
    """The Capability a string names; raises UnknownCapabilityError for anything else."""
    try:
        return Capability(value)
    except ValueError:
        raise UnknownCapabilityError(f"Unknown capability {value!r}") from None


def is_discovery_scoped(value: str | Capability) -> bool:
    return capability(value) in DISCOVERY_CAPABILITIES


def is_member(user: User, discovery: Discovery) -> bool:
    return any(member.id == user.id for member in discovery.members)


def belongs_to(user: User, discovery: Discovery) -> bool:
    """Members belong to a discovery; an authority lead also belongs when their council takes part."""
    if is_member(user, discovery):
        return True
    if user.role == "authority_lead":
        return bool(user.authority_ids & {a.id for a in discovery.authorities})
    return False


def can(user: User | None, wanted: str | Capability, discovery: Discovery | None = None) -> bool:
    """May this user do this (in this discovery)? Raises UnknownCapabilityError for a typo."""
    cap = capability(wanted)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if cap in GLOBAL_CAPABILITIES:
        return user.role in GLOBAL_CAPABILITIES[cap]
    if discovery is None or user.role not in DISCOVERY_CAPABILITIES[cap]:
        return False
    if user.role == "admin" and cap in ADMIN_WITHOUT_MEMBERSHIP:
        return True
    return belongs_to(user, discovery)


def requires(
    single: str | Capability | None = None,
    *,
    read: str | Capability | None = None,
    write: str | Capability | None = None,
) -> Callable:
    """Guard a view with capabilities, per HTTP method.

    ``@requires(Capability.READ_NOTES)`` (or ``@requires("read_notes")``) needs that capability
    for every method. A view that serves GET and POST names both:
    ``@requires(read=Capability.READ_FINDINGS, write=Capability.HIGHLIGHT_FINDINGS)``: *read*
    guards GET and HEAD, *write* guards POST, PUT, PATCH and DELETE. Unknown names raise
    UnknownCapabilityError here, at import. A guard mixing global and discovery capabilities
    is refused too.

    For discovery capabilities the view's ``discovery_id`` URL argument is loaded (404 when
    unknown) and passed to the view as ``discovery``; 403 when the user lacks the capability.
    """
    if single is not None and (read is not None or write is not None):
        raise TypeError("Give one capability for every method, or read= and write=, not both")
    if single is None and (read is None or write is None):
        raise TypeError("Give one capability, or both read= and write=")
    by_method: dict[str, Capability] = {}
    for methods, value in ((READ_METHODS, read or single), (WRITE_METHODS, write or single)):
        cap = capability(value)
        by_method.update(dict.fromkeys(methods, cap))
    scoped = {is_discovery_scoped(c) for c in by_method.values()}
    if len(scoped) > 1:
        raise UnknownCapabilityError("A view's capabilities must all be global or all within a discovery")
    in_discovery = scoped.pop()

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            from flask import request

            if not current_user.is_authenticated:
                abort(401)
            user = current_user._get_current_object()
            needed = by_method.get(request.method, by_method["POST"])
            if in_discovery:
                discovery_id: uuid.UUID = kwargs.pop("discovery_id")
                discovery = db.session.get(Discovery, discovery_id) or abort(404)
                if not can(user, needed, discovery):
                    g.refused = (needed, discovery)
                    abort(403)
                kwargs["discovery"] = discovery
            elif not can(user, needed):
                g.refused = (needed, None)
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_capabilities = dict(by_method)  # type: ignore[attr-defined]
        wrapped.required_capability = by_method["GET"]  # type: ignore[attr-defined]  (older checks)
        return wrapped

    return decorator


def person() -> User:
    """The signed-in person as a plain User (not Flask-Login's proxy), for services and audit."""
    return current_user._get_current_object()


def public(view: Callable) -> Callable:
    """Mark a view as open to people who are not signed in (sign-in, health, accessibility)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def refusal_reason(user: User | None) -> str:
    """Why a signed-in person was refused, for the 403 page to speak to their role.

    ``"lead"``: an authority lead, who reads summaries but never raw research data;
    ``"admin"``: an admin who is not a member of the discovery; ``"scope"``: a member refused a
    real name or raw note by ``data_scope`` (the page gives its explanation); ``"member"`` otherwise.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return "signed_out"
    if g.get("refused_explanation"):
        return "scope"
    refused = g.get("refused")
    discovery = refused[1] if refused else None
    if user.role == "authority_lead":
        return "lead"
    if user.role == "admin" and discovery is not None and not is_member(user, discovery):
        return "admin"
    return "member"
