"""A journey map as a plain document, and that document as CSV and as an A3 landscape PDF.

``build_document`` reads the map (through the services, in the reader's language); the
renderers ``document_csv`` and ``document_pdf`` take only the dataclasses, so they can be
tested, and reused, without a request or a database. The document carries counts, never a
participant's words: an authority lead may download it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2

from discovery.journeys.curve import Curve

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

CSV_COLUMNS = [
    "stage_number",
    "stage",
    "shared_stage",
    "lane",
    "text",
    "channel",
    "emotion",
    "basis",
    "cited_findings",
    "removed_by_withdrawal",
    "stage_findings",
    "stage_participants",
    "stage_authorities",
]

DEFAULT_LABELS: Mapping[str, str] = {
    "curve_title": "How the person feels at each stage",
    "curve_alternative": "Feelings at each stage, in words",
    "stage": "Stage",
    "feeling": "Feeling",
    "mean_score": "Average score",
    "evidence": "Evidence",
    "suggested": "Suggested evidence",
    "no_entries": "–",
    "generated": "Made on",
    "channel": "Channel",
}


@dataclass(frozen=True)
class DocEntry:
    lane: str
    text: str
    channel: str = ""  # key
    channel_words: str = ""
    emotion: int | None = None
    emotion_words: str = ""
    basis: str = "assumed"  # key
    basis_words: str = "Assumed"
    citations: int = 0
    citations_words: str = ""  # "2 cited findings", in the reader's language
    removed: int = 0
    removed_words: str = ""  # "1 cited finding was removed when a participant withdrew consent…"


@dataclass(frozen=True)
class DocStage:
    name: str
    shared_stage: str = ""  # key
    shared_words: str = ""
    strength_words: str = ""
    findings: int = 0
    participants: int = 0
    authorities: int = 0
    suggested_words: str = ""
    entries: tuple[DocEntry, ...] = ()
    emotions: tuple[int, ...] = ()

    def lane(self, key: str) -> list[DocEntry]:
        return [e for e in self.entries if e.lane == key]


@dataclass(frozen=True)
class JourneyDocument:
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value): state, whose journey, segment, authority
    lanes: tuple[tuple[str, str], ...]  # (key, words), top to bottom
    stages: tuple[DocStage, ...]
    curve: Curve
    discovery: str = ""
    made_on: str = field(default_factory=lambda: date.today().isoformat())
    labels: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))
    lang: str = "en"


def document_csv(document: JourneyDocument) -> str:
    """One row per entry (a stage with none still has a row), UTF-8 with a byte-order mark."""
    from research_notes.findings.export import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for number, stage in enumerate(document.stages, start=1):
        totals = [stage.findings, stage.participants, stage.authorities]
        order = [key for key, _ in document.lanes]
        entries = sorted(stage.entries, key=lambda e: order.index(e.lane) if e.lane in order else len(order))
        if not entries:
            writer.writerow(
                [number, safe_cell(stage.name), stage.shared_stage, "", "", "", "", "", "", "", *totals]
            )
        for entry in entries:
            writer.writerow(
                [
                    number,
                    safe_cell(stage.name),
                    stage.shared_stage,
                    entry.lane,
                    safe_cell(entry.text),
                    entry.channel,
                    "" if entry.emotion is None else entry.emotion,
                    entry.basis,
                    entry.citations,
                    entry.removed,
                    *totals,
                ]
            )
    return "\ufeff" + buffer.getvalue()


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def document_html(document: JourneyDocument) -> str:
    return _environment().get_template("journeys/pdf.html").render(doc=document)


def document_pdf(document: JourneyDocument, *, static: Path | None = None) -> bytes:
    """The map on A3 landscape pages, with its emotion curve and each stage's evidence."""
    from discovery.core.pdf import html_to_pdf

    return html_to_pdf(document_html(document), static=static)
