"""What a highlight in a note says about its finding: the number, the link, the hover text.

Shared by the note page and the highlight page, so a highlight reads the same on both.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from discovery.core.vocab import FINDING_KINDS
from research_notes.tags.labels import tag_text


def finding_marks(discovery, findings) -> dict[str, dict]:
    """For each finding (in reading order): its number, its page, and "Finding 3: Pain point ·
    Phone queues" for hover, focus and screen readers."""
    marks = {}
    for number, finding in enumerate(findings, start=1):
        described = " · ".join([str(FINDING_KINDS[finding.kind]), *(tag_text(t) for t in finding.tags)])
        marks[str(finding.id)] = {
            "number": number,
            "url": url_for("findings.view_finding", discovery_id=discovery.id, finding_id=finding.id),
            "label": _("Finding %(num)d: %(description)s", num=number, description=described),
        }
    return marks
