"""Who may do what, decided in one place.

Views never check roles themselves: they are wrapped in @requires("capability"), and a test
walks the URL map and fails on any endpoint that is neither guarded nor marked @public.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

from flask import abort
from flask_login import current_user

from discovery.core.models import Discovery, User
from discovery.extensions import db

# Capabilities that do not depend on a discovery.
GLOBAL_CAPABILITIES: dict[str, frozenset[str]] = {
    "list_discoveries": frozenset({"admin", "researcher", "squad_member", "authority_lead"}),
    "create_discovery": frozenset({"admin", "researcher"}),
    "manage_users": frozenset({"admin"}),
}

# Capabilities within a discovery: which roles have them, given they belong to the discovery.
DISCOVERY_CAPABILITIES: dict[str, frozenset[str]] = {
    "view_discovery": frozenset({"admin", "researcher", "squad_member", "authority_lead"}),
    "edit_discovery": frozenset({"admin", "researcher"}),
    "manage_members": frozenset({"admin", "researcher"}),
    "see_participants": frozenset({"admin", "researcher", "squad_member"}),
    "manage_participants": frozenset({"admin", "researcher"}),
    "see_real_names": frozenset({"researcher"}),
    "read_notes": frozenset({"admin", "researcher", "squad_member"}),
    "edit_notes": frozenset({"admin", "researcher"}),
    "read_findings": frozenset({"admin", "researcher", "squad_member"}),
    "highlight_findings": frozenset({"admin", "researcher"}),
    "export_findings": frozenset({"admin", "researcher", "squad_member"}),
    "manage_codebook": frozenset({"admin", "researcher"}),
    "review_themes": frozenset({"admin", "researcher", "squad_member"}),
    "read_summary": frozenset({"admin", "researcher", "squad_member", "authority_lead"}),
}


def belongs_to(user: User, discovery: Discovery) -> bool:
    """Members belong to a discovery; an authority lead also belongs when their council takes part."""
    if any(member.id == user.id for member in discovery.members):
        return True
    if user.role == "authority_lead":
        return bool(user.authority_ids & {a.id for a in discovery.authorities})
    return False


def can(user: User | None, capability: str, discovery: Discovery | None = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if capability in GLOBAL_CAPABILITIES:
        return user.role in GLOBAL_CAPABILITIES[capability]
    if capability not in DISCOVERY_CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    if discovery is None or user.role not in DISCOVERY_CAPABILITIES[capability]:
        return False
    if user.role == "admin":
        return True
    return belongs_to(user, discovery)


def requires(capability: str) -> Callable:
    """Guard a view with a capability.

    For discovery capabilities the view's ``discovery_id`` URL argument is loaded (404 when
    unknown) and passed to the view as ``discovery``; 403 when the user lacks the capability.
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            user = current_user._get_current_object()
            if capability in DISCOVERY_CAPABILITIES:
                discovery_id: uuid.UUID = kwargs.pop("discovery_id")
                discovery = db.session.get(Discovery, discovery_id) or abort(404)
                if not can(user, capability, discovery):
                    abort(403)
                kwargs["discovery"] = discovery
            elif not can(user, capability):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    """Mark a view as open to people who are not signed in (sign-in, health, accessibility)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view
