"""WebVTT and SRT caption files, as Teams and Zoom export them, and Teams' older Word layout.

A caption file is a list of cues — a timing line ``00:01:02.000 --> 00:01:05.500`` and a few
lines of text — so a two-hour interview has a couple of thousand cues, each a fragment of a
sentence. We read each cue's speaker, then join consecutive cues by the same speaker into one
utterance that keeps the first cue's start time.

Speakers come from WebVTT voice tags (``<v Jane Smith>text</v>``, Teams) or a ``Jane Smith:``
prefix (Zoom); a prefix counts when the same label starts at least two cues, or when at least
half the cues start with one. Caption
styling tags (``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<lang>``, ``<ruby>``, ``<font>``, inline
times) are removed; anything else that looks like HTML is kept as text.

Files edited by hand break the rules in predictable ways. Rather than refuse them we keep every
piece of text and warn: a cue timing with no end time, text outside any cue, times that go
backwards, missing blank lines between SRT cues.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .results import N_, Notice, WarningLog, clean_lines, speaker_label
from .speakers import HEAD_LIMIT, MAX_SPEAKER_LENGTH, is_bare_name, read_label
from .timecodes import CUE_TIME, parse_time

_TIMING = re.compile(rf"[ \t]*(?P<start>{CUE_TIME})?[ \t]*-->[ \t]*(?P<end>{CUE_TIME})?(?=[ \t]|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]{0,100})?(?:[ \t]+(?P<name>[^>\n]{0,200}))?>", re.IGNORECASE)
_STYLING = re.compile(
    r"</?(?:c|i|b|u|v|lang|ruby|rt|font|s)(?:[.\s][^>\n]{0,200})?>"
    r"|<\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?>"
    r"|\{\\[^{}\n]{0,50}\}",
    re.IGNORECASE,
)

_TEMPLATES = {
    "no_end": N_("A cue has no end time at %(where)s. Its text was kept."),
    "no_start": N_("A cue has no start time at %(where)s. Its text was kept without a time."),
    "outside": N_("Text at %(where)s is not part of a cue. It was added to the cue before it."),
    "before": N_("Text at %(where)s comes before the first cue. It was kept without a time."),
    "backwards": N_("Timestamps go backwards at %(where)s. They were kept in file order."),
}


def timing_of(line: str) -> tuple[float | None, float | None, bool] | None:
    """``(start, end, end_written)`` for a cue timing line, or ``None`` if it is not one."""
    head = line[:HEAD_LIMIT]
    if "-->" not in head:
        return None
    match = _TIMING.match(head)
    if match is None or not (match["start"] or match["end"]):
        return None
    start = parse_time(match["start"]) if match["start"] else None
    end = parse_time(match["end"]) if match["end"] else None
    return start, end, match["end"] is not None


def count_timings(lines: Sequence[str]) -> int:
    return sum(1 for line in lines if "-->" in line[:HEAD_LIMIT] and timing_of(line))


@dataclass
class _Cue:
    start: float | None
    number: int
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CueParse:
    turns: list[tuple[str | None, float | None, str]]
    warnings: list[Notice]
    title: str | None


def _speaker_name(raw: str | None) -> str | None:
    return speaker_label(html.unescape(raw), MAX_SPEAKER_LENGTH) if raw else None


def _split_voices(payload: str) -> list[tuple[str | None, str]]:
    """Split a cue's text at ``<v Name>`` tags into ``(speaker, raw text)`` pieces."""
    voices = list(_VOICE.finditer(payload))
    if not voices:
        return [(None, payload)]
    pieces: list[tuple[str | None, str]] = []
    if payload[: voices[0].start()].strip():
        pieces.append((None, payload[: voices[0].start()]))
    for index, voice in enumerate(voices):
        end = voices[index + 1].start() if index + 1 < len(voices) else len(payload)
        pieces.append((_speaker_name(voice["name"]), payload[voice.end() : end]))
    return pieces


def _plain(raw: str, *, unescape: bool) -> str:
    text = _STYLING.sub("", raw)
    if unescape:
        text = html.unescape(text).replace("\u00a0", " ")
    return clean_lines(text.split("\n"), joiner=" ")


def _collect_cues(
    lines: Sequence[str], numbers: Sequence[int], log: WarningLog, *, captions: bool
) -> tuple[list[_Cue], list[str], str | None]:
    """Walk the lines once, gathering cue texts, skipping headers, notes and identifiers.

    ``captions`` is false for Word documents, which have no cue identifiers and whose title
    and meeting details come before the first cue by design.
    """
    cues: list[_Cue] = []
    before: list[str] = []
    title: str | None = None
    current: _Cue | None = None
    at_block_start = True
    skipping = False
    seen_content = False
    count = len(lines)
    for index, line in enumerate(lines):
        stripped = line.strip()
        number = numbers[index]
        if not stripped:
            at_block_start, skipping, current = True, False, None
            continue
        timing = timing_of(stripped)
        if timing is not None:
            start, _end, end_written = timing
            if start is None:
                log.note("no_start", number)
            elif not end_written:
                log.note("no_end", number)
            current = _Cue(start, number)
            cues.append(current)
            at_block_start, skipping, seen_content = False, False, True
            continue
        if skipping:
            continue
        block_start, at_block_start = at_block_start, False
        if block_start and not seen_content and stripped.startswith("WEBVTT"):
            title = stripped[6:].strip(" \t-–—:") or None
            skipping = seen_content = True
            continue
        seen_content = True
        word = stripped.split(maxsplit=1)[0]
        if block_start and word in ("NOTE", "STYLE", "REGION"):
            skipping = True
            continue
        followed_by_timing = index + 1 < count and timing_of(lines[index + 1].strip()) is not None
        if captions and followed_by_timing and (block_start or stripped.isdigit()):
            continue  # a cue identifier
        if current is not None:
            current.lines.append(stripped)
        elif cues:
            log.note("outside", number)
            cues[-1].lines.append(stripped)
        else:
            if captions:
                log.note("before", number)
            before.append(stripped)
    return cues, before, title


def parse_cues(
    lines: Sequence[str],
    *,
    kind: str,
    numbers: Sequence[int] | None = None,
    unit: str = "line",
) -> CueParse:
    """Read caption cues from ``lines`` into ``(speaker, start_seconds, text)`` turns.

    ``kind`` is ``"vtt"``, ``"srt"`` or ``"docx"`` (Teams' older Word export, where the line
    after each timing is the speaker's name). Entities such as ``&amp;`` are decoded for WebVTT
    only, as SRT has none.
    """
    numbers = numbers if numbers is not None else range(1, len(lines) + 1)
    log = WarningLog(unit)
    cues, before, title = _collect_cues(lines, numbers, log, captions=kind != "docx")

    pieces: list[tuple[str | None, float | None, str, int]] = []
    for cue in cues:
        payload_lines = cue.lines
        named: str | None = None
        if kind == "docx" and len(payload_lines) >= 2 and is_bare_name(payload_lines[0]):
            named, payload_lines = _speaker_name(payload_lines[0]), payload_lines[1:]
        for speaker, raw in _split_voices("\n".join(payload_lines)):
            text = _plain(raw, unescape=kind == "vtt")
            if text:
                pieces.append((speaker or named, cue.start, text, cue.number))
    labels: Counter[str] = Counter()
    prefixed: list[tuple[str, str] | None] = []
    for speaker, _start, text, _number in pieces:
        label = read_label(text) if speaker is None else None
        prefixed.append(label)
        if label is not None:
            labels[label[0]] += 1

    # Each turn's texts are gathered in a list and joined once, so a speaker with a hundred
    # thousand cues in a row costs linear time, not a copy of the growing turn per cue.
    gathered: list[tuple[str | None, float | None, list[str]]] = []
    if intro := clean_lines(before):
        gathered.append((None, None, [intro]))
    latest: float | None = None
    previous_speaker: str | None = None
    # Zoom puts a name before every cue, so when most cues have one, a name used once counts.
    convention = sum(labels.values()) * 2 >= len(pieces)
    for (speaker, start, text, number), label in zip(pieces, prefixed, strict=True):
        if label is not None and (labels[label[0]] >= 2 or convention) and label[1]:
            speaker, text = label
        if start is not None:
            if latest is not None and start < latest:
                log.note("backwards", number)
            latest = start if latest is None else max(latest, start)
        if speaker is not None and speaker == previous_speaker and gathered:
            last_speaker, last_start, texts = gathered[-1]
            texts.append(text)
            if last_start is None and start is not None:
                gathered[-1] = (last_speaker, start, texts)
        else:
            gathered.append((speaker, start, [text]))
        previous_speaker = speaker
    turns = [(speaker, start, " ".join(texts)) for speaker, start, texts in gathered]
    return CueParse(turns, log.messages(_TEMPLATES), title)
