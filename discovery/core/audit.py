"""Writes append-only audit events. Services call record(); nothing updates or deletes events."""

from __future__ import annotations

import uuid

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select

from discovery.core.models import AuditEvent, User
from discovery.extensions import db


def record(
    action: str,
    obj: object | None = None,
    *,
    actor: User | None = None,
    discovery_id: uuid.UUID | None = None,
    **details: object,
) -> AuditEvent:
    """Add an audit event to the current transaction.

    The event commits or rolls back with the change it describes, so the log never claims
    something happened that did not.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if discovery_id is None and obj is not None:
        discovery_id = getattr(obj, "discovery_id", None)
        if discovery_id is None and obj.__class__.__name__ == "Discovery":
            discovery_id = obj.id
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else "",
        action=action,
        object_type=obj.__class__.__name__ if obj is not None else "",
        object_id=str(getattr(obj, "id", "")) if obj is not None else "",
        discovery_id=discovery_id,
        details={k: _jsonable(v) for k, v in details.items()},
    )
    db.session.add(event)
    return event


def history(obj: object) -> list[tuple[AuditEvent, str]]:
    """The events about one object, newest first, each with who did it (a name where known)."""
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == obj.__class__.__name__, AuditEvent.object_id == str(obj.id))
            .order_by(AuditEvent.id.desc())
        )
    )
    return with_actor_names(events)


def with_actor_names(events: list[AuditEvent]) -> list[tuple[AuditEvent, str]]:
    """Each event with who did it: their name where the account still exists, else the email."""
    ids = {e.actor_id for e in events if e.actor_id}
    names = (
        dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    return [(e, names.get(e.actor_id) or e.actor_email) for e in events]


def _jsonable(value: object) -> object:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
