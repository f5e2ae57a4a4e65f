"""Queries shared by the research-notes areas."""

from __future__ import annotations

import uuid

from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from discovery.core.models import Discovery
from discovery.extensions import db
from research_notes.models import Finding, Participant, ResearchNote


def get_in_discovery_or_404(model, object_id: uuid.UUID, discovery: Discovery):
    """Load an object by id, but only if it belongs to this discovery.

    Checking the discovery here means a URL with one discovery's id and another's note id
    is a 404, never a way round the permission check on the discovery.
    """
    obj = db.session.get(model, object_id)
    if obj is None or obj.discovery_id != discovery.id:
        abort(404)
    return obj


def find_in_discovery(model, object_id: uuid.UUID | None, discovery: Discovery):
    """Like get_in_discovery_or_404, for optional ids: None instead of a 404."""
    obj = db.session.get(model, object_id) if object_id else None
    return obj if obj is not None and obj.discovery_id == discovery.id else None


def overview_counts(discovery: Discovery) -> list[tuple[str, int, str | None]]:
    def count(model) -> int:
        query = select(func.count()).select_from(model).where(model.discovery_id == discovery.id)
        return db.session.scalar(query)

    return [
        (
            _l("Participants"),
            count(Participant),
            url_for("participants.list_participants", discovery_id=discovery.id),
        ),
        (_l("Research notes"), count(ResearchNote), url_for("notes.list_notes", discovery_id=discovery.id)),
        (_l("Findings"), count(Finding), url_for("findings.list_findings", discovery_id=discovery.id)),
    ]
