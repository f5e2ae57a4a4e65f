"""The backlog as files a team can take elsewhere: Jira's CSV importer, a generic CSV, JSON.

The renderers are pure functions over :class:`ExportItem` (plain data, no ORM, no request), so
they are tested on their own; ``services.export_items`` builds the items, with the evidence
read through the evidence API, so a withdrawn participant's findings never reach a file.

- :func:`jira_csv` has exactly the columns Jira's CSV importer maps without a mapping file:
  Summary, Description, Priority, Labels, Issue Type. Priorities are Jira's default scheme
  (Must → Highest … Won't → Lowest); labels are space-separated, so none contains a space.
  It has no byte order mark: Jira would read one as part of the first column's name.
- :func:`generic_csv` is the layout the import reads back (by ``id``): keys, not labels, for
  priority, status and size, so the file means the same in English and Welsh. UTF-8 with a
  byte order mark, so Excel shows Welsh letters (ŵ, ŷ) correctly.
- :func:`items_json` carries the same data and the ids of everything linked.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from research_notes.findings.export import safe_cell

JIRA_COLUMNS = ["Summary", "Description", "Priority", "Labels", "Issue Type"]
GENERIC_COLUMNS = [
    "id",
    "number",
    "title",
    "user_story",
    "acceptance_criteria",
    "priority",
    "status",
    "size",
    "external_reference",
    "needs",
    "themes",
    "journey_stages",
    "evidence_findings",
    "evidence_participants",
    "evidence_authorities",
]
JIRA_PRIORITIES = {"must": "Highest", "should": "High", "could": "Medium", "wont": "Lowest"}
PRIORITY_LABELS = {"must": "must-have", "should": "should-have", "could": "could-have", "wont": "wont-have"}
ISSUE_TYPE = "Story"
JOINER = " | "


@dataclass(frozen=True)
class Linked:
    """Something an item is linked to: its id and what people call it."""

    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class ExportItem:
    id: uuid.UUID
    number: int
    title: str
    user_story: str
    acceptance_criteria: str
    priority: str
    status: str
    size: str | None
    external_ref: str
    needs: tuple[Linked, ...] = ()
    themes: tuple[Linked, ...] = ()
    stages: tuple[Linked, ...] = ()  # name: "Map title: stage name"
    finding_ids: tuple[uuid.UUID, ...] = ()  # cited directly (and usable)
    evidence_ids: tuple[uuid.UUID, ...] = ()  # the whole usable evidence
    evidence_findings: int = 0
    evidence_participants: int = 0
    evidence_authorities: int = 0


def label(text: str) -> str:
    """A Jira label: lower case, words joined by hyphens, no spaces ("phone-call-backs")."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def evidence_sentence(item: ExportItem) -> str:
    """ "Evidence: 6 findings from 4 participants in 2 councils" ("no findings yet" for none)."""
    if not item.evidence_findings:
        return "Evidence: no findings yet"
    return "Evidence: {} from {} in {}".format(
        _plural(item.evidence_findings, "finding", "findings"),
        _plural(item.evidence_participants, "participant", "participants"),
        _plural(item.evidence_authorities, "council", "councils"),
    )


def jira_description(item: ExportItem) -> str:
    parts = []
    if item.user_story:
        parts.append(item.user_story)
    if item.acceptance_criteria:
        parts.append("Acceptance criteria:\n" + item.acceptance_criteria)
    parts.append(evidence_sentence(item))
    parts.append(f"Discovery item {item.number} (id {item.id})")
    return "\n\n".join(parts)


def jira_labels(item: ExportItem) -> str:
    labels = ["discovery", PRIORITY_LABELS[item.priority]]
    labels += [label(theme.name) for theme in item.themes]
    return " ".join(dict.fromkeys(x for x in labels if x))


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([safe_cell(v) for v in values])
    return buffer.getvalue()


def jira_csv(items: Sequence[ExportItem]) -> str:
    """One row per item in the columns Jira's CSV importer reads; no byte order mark."""
    return _csv(
        JIRA_COLUMNS,
        [
            [
                item.title,
                jira_description(item),
                JIRA_PRIORITIES[item.priority],
                jira_labels(item),
                ISSUE_TYPE,
            ]
            for item in items
        ],
    )


def generic_csv(items: Sequence[ExportItem]) -> str:
    """Every field of every item, one row each; the layout ``importer`` reads back."""
    return "\ufeff" + _csv(
        GENERIC_COLUMNS,
        [
            [
                item.id,
                item.number,
                item.title,
                item.user_story,
                item.acceptance_criteria,
                item.priority,
                item.status,
                item.size or "",
                item.external_ref,
                JOINER.join(n.name for n in item.needs),
                JOINER.join(t.name for t in item.themes),
                JOINER.join(s.name for s in item.stages),
                item.evidence_findings,
                item.evidence_participants,
                item.evidence_authorities,
            ]
            for item in items
        ],
    )


def _linked(things: Sequence[Linked], name: str) -> list[dict[str, str]]:
    return [{"id": str(x.id), name: x.name} for x in things]


def items_json(items: Sequence[ExportItem]) -> str:
    """A list of objects: the generic CSV's data, and the ids of what each item is linked to."""
    data = [
        {
            "id": str(item.id),
            "number": item.number,
            "title": item.title,
            "user_story": item.user_story,
            "acceptance_criteria": item.acceptance_criteria,
            "priority": item.priority,
            "status": item.status,
            "size": item.size,
            "external_reference": item.external_ref,
            "needs": _linked(item.needs, "statement"),
            "themes": _linked(item.themes, "label"),
            "journey_stages": _linked(item.stages, "name"),
            "finding_ids": [str(i) for i in item.finding_ids],
            "evidence": {
                "findings": item.evidence_findings,
                "participants": item.evidence_participants,
                "authorities": item.evidence_authorities,
                "finding_ids": [str(i) for i in item.evidence_ids],
            },
        }
        for item in items
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
