"""Words for the rows that cite evidence, counted from the schema (see ``erasure.references_to``).

Delete and withdraw pages say what is really linked — "2 theme memberships" only when there
are theme memberships — so they never promise to remove things that do not exist yet. A
table this module has no words for is still counted, under its table name.
"""

from __future__ import annotations

import uuid

from flask_babel import ngettext
from sqlalchemy import select

from discovery.extensions import db
from research_notes.models import Finding
from research_notes.participants.erasure import count_references

# Link tables that are part of the evidence itself, not citations of it.
NOT_CITATIONS = frozenset({"finding_tags", "note_participants"})


def describe(table: str, number: int) -> str:
    """One count in words: ``describe("theme_findings", 2)`` is "2 theme memberships"."""
    words = {
        "finding_tags": lambda n: ngettext("%(num)d tag link", "%(num)d tag links", n),
        "theme_findings": lambda n: ngettext("%(num)d theme membership", "%(num)d theme memberships", n),
        "need_findings": lambda n: ngettext(
            "%(num)d citation in a user need", "%(num)d citations in user needs", n
        ),
        "journey_entry_findings": lambda n: ngettext(
            "%(num)d citation in a journey map", "%(num)d citations in journey maps", n
        ),
        "backlog_findings": lambda n: ngettext(
            "%(num)d link from a backlog item", "%(num)d links from backlog items", n
        ),
    }
    if table in words:
        return words[table](number)
    return ngettext("%(num)d row in %(table)s", "%(num)d rows in %(table)s", number, table=table)


def citations(counts: dict[str, int]) -> list[str]:
    """The citation counts in words, tag links and note links left out."""
    return [describe(t, n) for t, n in sorted(counts.items()) if n and t not in NOT_CITATIONS]


def links_to_finding(finding_id: uuid.UUID) -> dict[str, int]:
    """Rows of every other table that refer to one finding."""
    return count_references("findings", [finding_id])


def links_to_note_findings(note_id: uuid.UUID) -> dict[str, int]:
    """Rows of every other table that refer to any finding of one note."""
    ids = list(db.session.scalars(select(Finding.id).where(Finding.note_id == note_id)))
    return count_references("findings", ids)
