"""Citing findings: one way for a need, a journey entry or a backlog item to cite exactly the
findings a person ticked.

Only findings consent allows now are added or removed: a cited finding whose participant's
consent has lapsed is left as it is, because nobody could see it to untick it (it counts again
if consent is renewed, and goes with the erasure if it is withdrawn).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from discovery.core.models import Discovery
from discovery.extensions import db
from research_notes import evidence


@dataclass(frozen=True)
class CitationChange:
    added: frozenset[uuid.UUID]
    removed: frozenset[uuid.UUID]
    total: int
    """How many findings are cited afterwards (usable or not)."""

    @property
    def audit_details(self) -> dict[str, object]:
        """What the audit event of a citing change records: ids only, never the words."""
        return {
            "added": sorted(str(i) for i in self.added),
            "removed": sorted(str(i) for i in self.removed),
            "findings": self.total,
        }


def replace_citations(
    discovery: Discovery,
    table: sa.Table,
    owner_column: str,
    owner_id: uuid.UUID,
    *,
    wanted: Iterable[uuid.UUID],
    allowed: Iterable[uuid.UUID],
    refuse: type[Exception],
) -> CitationChange:
    """Make ``table`` say the owner cites ``wanted`` (of the ``allowed`` shown on the form).

    A finding outside ``allowed`` means the form was tampered with: ``refuse`` is raised and
    nothing changes.
    """
    allowed, wanted = set(allowed), set(wanted)
    if not wanted <= allowed:
        raise refuse("Select findings from the options shown")
    owner, finding = table.c[owner_column], table.c.finding_id
    usable = set(evidence.usable_by_id(discovery, allowed))
    current = set(db.session.scalars(sa.select(finding).where(owner == owner_id)))
    added = (wanted - current) & usable
    removed = (current & usable) - wanted
    if removed:
        db.session.execute(sa.delete(table).where(owner == owner_id, finding.in_(removed)))
    if added:
        db.session.execute(
            sa.insert(table), [{owner_column: owner_id, "finding_id": i} for i in sorted(added)]
        )
    return CitationChange(frozenset(added), frozenset(removed), len(current - removed | added))
