"""Splits a stored note body into utterances with character offsets into that body.

Notes are stored as text; utterances index into it, so a highlight made on the page maps to
exact offsets in the body and survives being shown again. A line such as
``P04 (00:01:20):`` starts a new speaker turn; otherwise each paragraph is one utterance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A clock time as the headings write it: "1:20", "00:01:20" or "00:01:20.5".
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_SPEAKER_LINE = re.compile(
    r"^(?P<speaker>[^\n():]{1,80}?)\s*\((?P<time>" + _TIME + r")\):[ \t]*$",
    re.MULTILINE,
)
# Headings the importers also write (research_notes.importers.results.utterance_heading):
# "Jane Smith:" and "[00:12:30]" alone on a line. Only trusted for imported transcripts, since
# in a typed note a line such as "Summary:" is a heading, not a speaker.
_LOOSE_HEADING = re.compile(
    r"^(?:(?P<speaker>[^\n():\[\]]{1,60}?):|\[(?P<time>" + _TIME + r")\])[ \t]*$",
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


def _markers(body: str, transcript: bool) -> list[tuple[int, int, str | None, float | None]]:
    found = [
        (m.start(), m.end(), m.group("speaker").strip(), parse_clock(m.group("time")))
        for m in _SPEAKER_LINE.finditer(body)
    ]
    if transcript:
        taken = {start for start, *_ in found}
        for m in _LOOSE_HEADING.finditer(body):
            if m.start() not in taken:
                speaker = m.group("speaker").strip() if m.group("speaker") else None
                found.append(
                    (m.start(), m.end(), speaker, parse_clock(m.group("time")) if m.group("time") else None)
                )
        found.sort()
    return found


def split_utterances(body: str, *, transcript: bool = False) -> list[Span]:
    """Utterances of a stored body.

    ``transcript=True`` is for notes imported from a transcript, whose bodies may also use
    the importers' "Name:" and "[00:12:30]" heading lines.
    """
    markers = _markers(body, transcript)
    if not markers:
        return [Span(None, None, m.group(0), m.start(), m.end()) for m in _PARAGRAPH.finditer(body)]
    spans: list[Span] = []
    preamble = body[: markers[0][0]]
    spans += [Span(None, None, m.group(0), m.start(), m.end()) for m in _PARAGRAPH.finditer(preamble)]
    for index, (_, end, speaker, seconds) in enumerate(markers):
        stop = markers[index + 1][0] if index + 1 < len(markers) else len(body)
        segment = body[end:stop]
        stripped = segment.strip()
        if not stripped:
            continue
        offset = end + segment.index(stripped)
        spans.append(Span(speaker, seconds, stripped, offset, offset + len(stripped)))
    return spans
