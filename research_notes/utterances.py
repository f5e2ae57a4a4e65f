"""Splits a stored note body into utterances with character offsets into that body.

Notes are stored as text; utterances index into it, so a highlight made on the page maps to
exact offsets in the body and survives being shown again. A line such as
``P04 (00:01:20):`` starts a new speaker turn; otherwise each paragraph is one utterance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPEAKER_LINE = re.compile(
    r"^(?P<speaker>[^\n():]{1,80}?)\s*\((?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\):[ \t]*$",
    re.MULTILINE,
)
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n[ \t]*\n|\s*\Z)", re.DOTALL)


@dataclass(frozen=True)
class Span:
    speaker: str | None
    start_seconds: float | None
    text: str
    char_start: int
    char_end: int


def parse_clock(value: str) -> float:
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def split_utterances(body: str) -> list[Span]:
    markers = list(_SPEAKER_LINE.finditer(body))
    if not markers:
        return [Span(None, None, m.group(0), m.start(), m.end()) for m in _PARAGRAPH.finditer(body)]
    spans: list[Span] = []
    preamble = body[: markers[0].start()]
    spans += [Span(None, None, m.group(0), m.start(), m.end()) for m in _PARAGRAPH.finditer(preamble)]
    for index, marker in enumerate(markers):
        stop = markers[index + 1].start() if index + 1 < len(markers) else len(body)
        segment = body[marker.end() : stop]
        stripped = segment.strip()
        if not stripped:
            continue
        offset = marker.end() + segment.index(stripped)
        spans.append(
            Span(
                marker.group("speaker").strip(),
                parse_clock(marker.group("time")),
                stripped,
                offset,
                offset + len(stripped),
            )
        )
    return spans
