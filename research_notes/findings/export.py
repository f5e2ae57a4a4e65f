"""Findings as CSV: the open format a squad can take into a spreadsheet or another tool.

Every coded column (kind, journey stage, segment, authority, method) keeps its code, so scripts
and the findings importer read it as before, and is followed by the words a person reads, in
the language of the person exporting ("Pain point", "Making first contact", "Torfaen County
Borough Council"). Tags likewise: ``tags`` keeps the English paths the importer matches, and
``tags_label`` gives them in the exporter's language (English where a tag has no Welsh name)."""

from __future__ import annotations

import csv
import io

from flask_babel import get_locale

from discovery.core.vocab import FINDING_KINDS, JOURNEY_STAGES, METHODS, SEGMENTS
from research_notes.models import Finding
from research_notes.tags.labels import tag_path_text
from research_notes.tags.services import tag_path

COLUMNS = [
    "finding_id",
    "quote",
    "kind",
    "kind_label",
    "tags",
    "tags_label",
    "journey_stage",
    "journey_stage_label",
    "comment",
    "participant",
    "segment",
    "segment_label",
    "authority",
    "authority_name",
    "speaker",
    "note_title",
    "note_date",
    "method",
    "method_label",
    "start_offset",
    "end_offset",
    "created_at",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text for a cell; a leading formula character gets a quote so spreadsheets never run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _label(vocabulary, code: str | None) -> str:
    """The words for a code; a code the vocabulary no longer knows is shown as it is."""
    return str(vocabulary[code]) if code in vocabulary else (code or "")


def findings_csv(findings: list[Finding], note_title=None) -> str:
    """UTF-8 with a byte-order mark, so Excel shows Welsh letters (ŵ, ŷ) correctly."""
    lang = str(get_locale() or "en")
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
                    _label(FINDING_KINDS, f.kind),
                    "; ".join(tag_path(t) for t in f.tags),
                    "; ".join(tag_path_text(t, language=lang) for t in f.tags),
                    f.journey_stage or "",
                    _label(JOURNEY_STAGES, f.journey_stage),
                    f.comment,
                    person.pseudonym if person else "",
                    person.segment if person else "",
                    _label(SEGMENTS, person.segment if person else None),
                    person.authority.code if person and person.authority else "",
                    person.authority.localised_name(lang) if person and person.authority else "",
                    f.speaker or "",
                    note_title(f.note) if note_title else f.note.title,
                    f.note.held_on.isoformat() if f.note.held_on else "",
                    f.note.method,
                    _label(METHODS, f.note.method),
                    f.start_offset,
                    f.end_offset,
                    f.created_at.isoformat(timespec="seconds") if f.created_at else "",
                )
            ]
        )
    return "\ufeff" + buffer.getvalue()
