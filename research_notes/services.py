"""Queries shared by the research-notes areas, and the objects routes ask for by id.

Routes never load ORM objects themselves: they ask here for "this discovery's finding, or
404", so a URL pairing one discovery's id with another's note id is a 404 and never a way
round the permission check on the discovery.
"""

from __future__ import annotations

import uuid

from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from discovery.core.models import Discovery
from discovery.core.overview import OverviewCount
from discovery.core.permissions import Capability
from discovery.extensions import db
from research_notes.models import Finding, Participant, ResearchNote, Tag


def get_in_discovery_or_404(model, object_id: uuid.UUID, discovery: Discovery):
    """Load an object by id, but only if it belongs to this discovery; 404 otherwise."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.discovery_id != discovery.id:
        abort(404)
    return obj


def find_in_discovery(model, object_id: uuid.UUID | None, discovery: Discovery):
    """Like get_in_discovery_or_404, for optional ids: None instead of a 404."""
    obj = db.session.get(model, object_id) if object_id else None
    return obj if obj is not None and obj.discovery_id == discovery.id else None


def note_or_404(discovery: Discovery, note_id: uuid.UUID) -> ResearchNote:
    return get_in_discovery_or_404(ResearchNote, note_id, discovery)


def note_or_none(discovery: Discovery, note_id: uuid.UUID | None) -> ResearchNote | None:
    return find_in_discovery(ResearchNote, note_id, discovery)


def finding_or_404(discovery: Discovery, finding_id: uuid.UUID) -> Finding:
    return get_in_discovery_or_404(Finding, finding_id, discovery)


def tag_or_404(discovery: Discovery, tag_id: uuid.UUID) -> Tag:
    return get_in_discovery_or_404(Tag, tag_id, discovery)


def overview_counts(discovery: Discovery) -> list[OverviewCount]:
    def count(model) -> int:
        query = select(func.count()).select_from(model).where(model.discovery_id == discovery.id)
        return db.session.scalar(query)

    return [
        OverviewCount(
            _l("Participants"),
            count(Participant),
            url_for("participants.list_participants", discovery_id=discovery.id),
            Capability.SEE_PARTICIPANTS,
        ),
        OverviewCount(
            _l("Research notes"),
            count(ResearchNote),
            url_for("notes.list_notes", discovery_id=discovery.id),
            Capability.READ_NOTES,
        ),
        OverviewCount(
            _l("Findings"),
            count(Finding),
            url_for("findings.list_findings", discovery_id=discovery.id),
            Capability.READ_FINDINGS,
        ),
    ]
