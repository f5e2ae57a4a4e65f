"""Transcripts written as speaker lines followed by speech, as transcription tools export them.

Recognised speaker lines (the speech may follow on the same line or on the lines below)::

    Jane Smith (00:12:30):          Otter, Descript, Rev
    Jane Smith [12:30] text         Rev, Trint
    Jane Smith   0:03               Teams Word export, Otter .txt (time alone at the end)
    [00:12:30] Jane Smith: text     many caption tools
    00:12:30 Jane Smith: text
    [00:12:30] text                 a time but no speaker
    Jane Smith: text                hand-typed notes; also **Jane Smith:** in Markdown

Everything up to the next speaker line belongs to the current utterance, so speech wrapped
over several lines or paragraphs stays together. ``Name: text`` lines without a time are easy
to confuse with notes ("Action: ring the carers' centre"), so a label only counts as a speaker
when it is not a common notes heading and either it is used at least twice or the whole file is
a dialogue of such lines (two or more names, each paragraph starting with one); in a file that
also has timed speaker lines it must belong to someone who has a timed line too.

Only the first ``HEAD_LIMIT`` characters of a line are examined, and the name patterns cannot
backtrack over more than six words, so a megabyte of text on one line is read in linear time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .results import N_, WarningLog, clean_lines
from .timecodes import SPEAKER_TIME, parse_time

HEAD_LIMIT = 200
MAX_SPEAKER_LENGTH = 60

_FIRST_WORD = r"[^\W\d_][^\s:()\[\]<>{}]*+"
_NEXT_WORD = r"[^\s:()\[\]<>{}]++"
_NAME = rf"{_FIRST_WORD}(?:[ \t]+{_NEXT_WORD}){{0,5}}"
_SHORT_NAME = rf"{_FIRST_WORD}(?:[ \t]+{_NEXT_WORD}){{0,3}}"
_BOLD = r"(?:\*\*|__)?"
_T = SPEAKER_TIME

_TIME_FIRST = re.compile(
    rf"(?:\[(?P<t1>{_T})\]|\((?P<t2>{_T})\)|(?P<t3>{_T})(?=[ \t]|$))[ \t]*(?:[-–—][ \t]+)?"
    rf"(?:{_BOLD}(?P<name>{_NAME}){_BOLD}[ \t]*:{_BOLD}(?=[ \t]|$))?[ \t]*"
)
_NAME_BRACKETED_TIME = re.compile(
    rf"{_BOLD}(?P<name>{_NAME}){_BOLD}[ \t]*(?:\((?P<t1>{_T})\)|\[(?P<t2>{_T})\])"
    rf"{_BOLD}[ \t]*[:\-–—]?{_BOLD}[ \t]*"
)
_NAME_BARE_TIME = re.compile(
    rf"(?:{_BOLD}(?P<name>{_NAME}){_BOLD}|\[(?P<bname>{_NAME})\])[ \t]+(?P<t>{_T})[ \t]*:?{_BOLD}"
)
_LABEL = re.compile(rf"{_BOLD}(?P<name>{_SHORT_NAME}){_BOLD}[ \t]*:{_BOLD}(?=[ \t]|$)[ \t]*")
_BARE_NAME = re.compile(_NAME)
_HEADING = re.compile(r"#{1,6}[ \t]+(?P<text>[^\n]{1,200})")
_TIME_AT_EDGE = re.compile(rf"^\W{{0,4}}{_T}\b|{_T}\W{{0,4}}$")
_SPACES = re.compile(r"[ \t]+")

# Labels that start lines of research notes but are not people.
_NOT_SPEAKERS = frozenset(
    {
        "action", "actions", "agenda", "attendees", "channel", "consent", "date", "duration",
        "follow up", "location", "method", "next steps", "note", "notes", "observation",
        "observations", "place", "present", "quote", "quotes", "subject", "summary", "tags",
        "theme", "themes", "time", "title", "http", "https",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SpeakerLine:
    speaker: str | None
    seconds: float | None
    rest: str
    timed: bool


def _clean_name(raw: str) -> str | None:
    name = _SPACES.sub(" ", raw.strip(" \t*_"))
    if not name or len(name) > MAX_SPEAKER_LENGTH:
        return None
    return name


def read_speaker_line(line: str) -> SpeakerLine | None:
    """Read one line as a speaker line, or return ``None`` if it is speech or notes."""
    stripped = line.strip()
    head = stripped[:HEAD_LIMIT]
    if ":" not in head:
        return None
    match = _TIME_FIRST.match(head)
    if match:
        time = match["t1"] or match["t2"] or match["t3"]
        name = _clean_name(match["name"]) if match["name"] else None
        return SpeakerLine(name, parse_time(time), stripped[match.end() :].strip(), True)
    match = _NAME_BRACKETED_TIME.match(head)
    if match and (name := _clean_name(match["name"])):
        time = match["t1"] or match["t2"]
        return SpeakerLine(name, parse_time(time), stripped[match.end() :].strip(), True)
    if len(stripped) <= HEAD_LIMIT:
        match = _NAME_BARE_TIME.fullmatch(stripped)
        if match and (name := _clean_name(match["name"] or match["bname"])):
            return SpeakerLine(name, parse_time(match["t"]), "", True)
    match = _LABEL.match(head)
    if match and (name := _clean_name(match["name"])) and name.casefold() not in _NOT_SPEAKERS:
        return SpeakerLine(name, None, stripped[match.end() :].strip(), False)
    return None


def read_label(text: str) -> tuple[str, str] | None:
    """Split ``"Jane Smith: text"`` into name and text (Zoom captions), or return ``None``."""
    head = text[:HEAD_LIMIT]
    match = _LABEL.match(head)
    if match is None or not (name := _clean_name(match["name"])):
        return None
    if name.casefold() in _NOT_SPEAKERS:
        return None
    return name, text[match.end() :].strip()


def is_bare_name(line: str) -> bool:
    """True for a line that is only a short name ("Jane Smith"), as Teams' older Word export
    writes under each cue timing."""
    stripped = line.strip()
    return (
        len(stripped) <= MAX_SPEAKER_LENGTH
        and _BARE_NAME.fullmatch(stripped) is not None
        and not stripped.endswith((".", "?", "!", ","))
    )


@dataclass(frozen=True, slots=True)
class SpeakerAnalysis:
    """Which lines are speaker lines, and whether there are enough to call it a transcript."""

    lines: tuple[SpeakerLine | None, ...]
    is_transcript: bool
    looks_timed: bool


def analyse(lines: Sequence[str]) -> SpeakerAnalysis:
    """Find the speaker lines in ``lines`` and decide if they make a speaker transcript.

    ``looks_timed`` is true when at least three lines start or end with a time: a sign the file
    is a transcript even when no speaker pattern fits, so the caller can say so.
    """
    found = [read_speaker_line(line) for line in lines]
    timed_names = {h.speaker for h in found if h and h.timed and h.speaker}
    timed_count = sum(1 for h in found if h and h.timed)
    labels = Counter(h.speaker for h in found if h and not h.timed)

    dialogue = timed_count < 2 and _is_dialogue(lines, found, len(labels))
    # In a dialogue a name used once counts, except above the first name used twice, where
    # "Participant: P07" and "Method: Interview" are a block of details, not speech.
    first_repeated = next(
        (i for i, h in enumerate(found) if h and not h.timed and labels[h.speaker] >= 2), None
    )

    def accept(index: int, header: SpeakerLine | None) -> SpeakerLine | None:
        if header is None or header.timed:
            return header
        if timed_count >= 2:
            return header if header.speaker in timed_names else None
        if labels[header.speaker] >= 2:
            return header
        if dialogue and (first_repeated is None or index > first_repeated):
            return header
        return None

    accepted = [accept(index, header) for index, header in enumerate(found)]

    nonblank = blocks = 0
    previous_blank = True
    for line in lines:
        blank = not line.strip()
        if not blank:
            nonblank += 1
            blocks += previous_blank
        previous_blank = blank
    positions = [i for i, h in enumerate(accepted) if h is not None]
    count = len(positions)
    is_transcript = count >= 2 and (count >= 0.1 * nonblank or count >= 0.5 * blocks)
    if count == 1:
        first = accepted[positions[0]]
        leading = sum(1 for line in lines[: positions[0]] if line.strip())
        is_transcript = first is not None and first.timed and leading <= 2
    looks_timed = False
    if not is_transcript:
        edges = 0
        for line in lines:
            stripped = line.strip()
            if len(stripped) <= HEAD_LIMIT and _TIME_AT_EDGE.search(stripped):
                edges += 1
                if edges >= 3:
                    looks_timed = True
                    break
    return SpeakerAnalysis(tuple(accepted), is_transcript, looks_timed)


def _is_dialogue(lines: Sequence[str], found: Sequence[SpeakerLine | None], names: int) -> bool:
    """True when untimed ``Name: text`` lines carry the whole file, as in typed-up notes of a
    short conversation ("Siân: …" then "Rhodri: …"), so each name counts even if used once.

    It takes at least two different names, every paragraph after the first starting with one
    (the first may be a title), and name lines making up at least half of the lines. A block
    of notes headings ("Summary:", "Action:") is not caught: those labels are never speakers.
    """
    if names < 2:
        return False
    label_lines = nonblank = paragraphs = 0
    previous_blank = True
    for line, header in zip(lines, found, strict=True):
        if not line.strip():
            previous_blank = True
            continue
        nonblank += 1
        labelled = header is not None and not header.timed
        label_lines += labelled
        if previous_blank:
            paragraphs += 1
            if not labelled and paragraphs > 1:
                return False
        previous_blank = False
    return label_lines >= 2 and label_lines * 2 >= nonblank


def markdown_heading(line: str) -> str | None:
    """The text of an ATX Markdown heading (``## Interview 3``), or ``None``."""
    match = _HEADING.fullmatch(line.strip()[: HEAD_LIMIT + 10])
    if match is None:
        return None
    text = match["text"].strip().rstrip("#").strip().strip("*_").strip()
    return text or None


_BACKWARDS = N_("Timestamps go backwards at %(where)s. They were kept in file order.")


def parse_speaker_lines(
    lines: Sequence[str],
    analysis: SpeakerAnalysis,
    *,
    numbers: Sequence[int] | None = None,
    unit: str = "line",
) -> tuple[list[tuple[str | None, float | None, str]], list[str]]:
    """Split ``lines`` into ``(speaker, start_seconds, text)`` turns at the speaker lines.

    Text before the first speaker line (a title, a date, "Jane Smith started transcription")
    is kept as a first utterance with no speaker, so nothing in the file is lost. ``numbers``
    gives the place of each line for warnings (Word paragraphs rather than lines).
    """
    numbers = numbers if numbers is not None else range(1, len(lines) + 1)
    log = WarningLog(unit)
    turns: list[tuple[str | None, float | None, str]] = []
    preamble: list[str] = []
    current: tuple[str | None, float | None] | None = None
    body: list[str] = []
    latest: float | None = None

    def flush() -> None:
        if current is not None and (text := clean_lines(body)):
            turns.append((current[0], current[1], text))

    for line, header, number in zip(lines, analysis.lines, numbers, strict=False):
        if header is None:
            (body if current is not None else preamble).append(line)
            continue
        flush()
        current = (header.speaker, header.seconds)
        body = [header.rest] if header.rest else []
        if header.seconds is not None:
            if latest is not None and header.seconds < latest:
                log.note("backwards", number)
            latest = header.seconds if latest is None else max(latest, header.seconds)
    flush()
    if intro := clean_lines(preamble):
        turns.insert(0, (None, None, intro))
    return turns, log.messages({"backwards": _BACKWARDS})
