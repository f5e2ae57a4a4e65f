"""Findings as CSV: the open format a squad can take into a spreadsheet or another tool."""

from __future__ import annotations

import csv
import io

from research_notes.models import Finding
from research_notes.tags.services import tag_path

COLUMNS = [
    "finding_id",
    "quote",
    "kind",
    "tags",
    "journey_stage",
    "comment",
    "participant",
    "segment",
    "authority",
    "speaker",
    "note_title",
    "note_date",
    "method",
    "start_offset",
    "end_offset",
    "created_at",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text for a cell; a leading formula character gets a quote so spreadsheets never run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def findings_csv(findings: list[Finding]) -> str:
    """UTF-8 with a byte-order mark, so Excel shows Welsh letters (ŵ, ŷ) correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for f in findings:
        person = f.participant
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    f.id,
                    f.text,
                    f.kind,
                    "; ".join(tag_path(t) for t in f.tags),
                    f.journey_stage or "",
                    f.comment,
                    person.pseudonym if person else "",
                    person.segment if person else "",
                    person.authority.code if person and person.authority else "",
                    f.speaker or "",
                    f.note.title,
                    f.note.held_on.isoformat() if f.note.held_on else "",
                    f.note.method,
                    f.start_offset,
                    f.end_offset,
                    f.created_at.isoformat(timespec="seconds") if f.created_at else "",
                )
            ]
        )
    return "\ufeff" + buffer.getvalue()
