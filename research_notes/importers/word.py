"""Word documents (.docx): Teams transcript downloads and ordinary interview notes.

Teams writes each turn as a paragraph with the speaker and time (``Jane Smith   0:03``)
followed by the speech; its older layout puts ``0:0:0.0 --> 0:0:5.680`` and the name above the
speech. Both are read with the same code as text transcripts. Anything else is read as notes:
each paragraph (and each table cell's paragraphs) is an utterance, and the first Title or
Heading paragraph gives the title suggestion.

Uploaded .docx files are zip archives from strangers, so we read them ourselves rather than
through python-docx, which inflates each part whole and builds an object per XML element
before anything can be checked. Here each part is inflated in small chunks and fed straight to
a streaming XML parser (:mod:`.zipxml`, shared with the Excel reader); a running budget counts
the bytes actually inflated (the sizes in the zip's headers are never trusted), the elements,
the paragraphs, the nesting depth and the characters of text, and the first limit passed stops
the read (see :mod:`.limits`). Document type declarations — and with them every entity, the
"billion laughs" — are refused outright: Word never writes one.

The text of a paragraph is what python-docx gives: its runs (and runs inside hyperlinks) with
``<w:tab/>`` as a tab and line breaks as ``\\n``; paragraphs in text boxes, content controls
and tracked insertions are not read.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from . import limits, zipxml
from .encoding import clean_fragment
from .results import (
    N_,
    ParsedTranscript,
    ParsedUtterance,
    TranscriptError,
    shorten_title,
    timeline_transcript,
)
from .speakers import analyse, parse_speaker_lines
from .subtitles import count_timings, parse_cues

NOT_WORD = N_(
    "The selected file is not a Word document (.docx). Open it in Word, save it as a "
    "Word document and upload it again"
)
EMPTY = N_("The selected file is empty")
MAX_ZIP_ENTRIES = zipxml.MAX_ZIP_ENTRIES
CHUNK_BYTES = zipxml.CHUNK_BYTES

DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
CORE = "docProps/core.xml"
CONTENT_TYPES = "[Content_Types].xml"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _TC, _P, _R, _HYPERLINK = (_W + n for n in ("body", "tc", "p", "r", "hyperlink"))
_PPR, _PSTYLE, _VAL = _W + "pPr", _W + "pStyle", _W + "val"
_BR_TYPE = _W + "type"
# What each run child adds to the paragraph's text (w:t adds its own text).
_RUN_TEXT = {
    _W + "tab": "\t",
    _W + "ptab": "\t",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
}
_T, _BR = _W + "t", _W + "br"
_DC_TITLE = "http://purl.org/dc/elements/1.1/}title"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types}"


# Reading the archive -------------------------------------------------------------------------


class Budget(zipxml.Budget):
    """What one upload has cost so far (see :class:`.zipxml.Budget`), in a Word document's words."""

    __slots__ = ()

    def too_big(self) -> limits.TooMuchWork:
        return limits.too_big_word_document()


def _not_word() -> TranscriptError:
    return TranscriptError(NOT_WORD)


def _too_many_entries() -> TranscriptError:
    return limits.too_complex_word_document("zip_entries")


def _open_archive(data: bytes) -> zipfile.ZipFile:
    archive = zipxml.open_archive(data, not_valid=_not_word, too_many_entries=_too_many_entries)
    names = set(archive.namelist())
    if DOCUMENT not in names or CONTENT_TYPES not in names:
        archive.close()
        raise TranscriptError(NOT_WORD)
    return archive


def _stream(archive: zipfile.ZipFile, name: str, budget: Budget, parser) -> None:
    zipxml.stream(archive, name, budget, parser, not_valid=_not_word)


def _refuse_declarations(*_args) -> None:
    raise TranscriptError(NOT_WORD)


def _parser(start, end=None, text=None):
    return zipxml.xml_parser(start, end, text, refuse=_refuse_declarations)


class _Counted:
    """Element counting and nesting depth for the small parts (styles, properties)."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.depth = 0

    def enter(self) -> None:
        budget = self.budget
        budget.elements += 1
        self.depth += 1
        if budget.elements > limits.MAX_ELEMENTS:
            raise limits.too_complex_word_document("elements")
        if self.depth > limits.MAX_DEPTH:
            raise limits.too_complex_word_document("depth")

    def leave(self, _name=None) -> None:
        self.depth -= 1


def _is_word_package(archive: zipfile.ZipFile, budget: Budget) -> bool:
    """True when ``[Content_Types].xml`` says the package holds a Word document."""
    counted = _Counted(budget)
    found: list[bool] = []

    def start(name: str, attrs: dict) -> None:
        counted.enter()
        if name in (_CT + "Override", _CT + "Default"):
            kind = attrs.get("ContentType", "")
            if ".main+xml" in kind and ("wordprocessingml" in kind or "ms-word" in kind):
                found.append(True)

    _stream(archive, CONTENT_TYPES, budget, _parser(start, counted.leave))
    return bool(found)


def _heading_style_ids(archive: zipfile.ZipFile, budget: Budget) -> frozenset[str]:
    """Ids of the Title and Heading styles (Word names them ``title``, ``heading 1``…)."""
    if STYLES not in archive.NameToInfo:
        return frozenset()
    counted = _Counted(budget)
    ids: set[str] = set()
    current: list[str] = []
    style, style_name, style_id = _W + "style", _W + "name", _W + "styleId"

    def start(name: str, attrs: dict) -> None:
        counted.enter()
        if name == style:
            current[:] = [attrs.get(style_id, "")]
        elif name == style_name and current and counted.depth == 3:
            label = attrs.get(_VAL, "").casefold()
            if current[0] and (label == "title" or label.startswith("heading")):
                ids.add(current[0])

    _stream(archive, STYLES, budget, _parser(start, counted.leave))
    return frozenset(ids)


def _core_title(archive: zipfile.ZipFile, budget: Budget) -> str:
    if CORE not in archive.NameToInfo:
        return ""
    counted = _Counted(budget)
    inside: list[bool] = [False]
    pieces: list[str] = []

    def start(name: str, _attrs: dict) -> None:
        counted.enter()
        inside[0] = name == _DC_TITLE

    def end(_name: str) -> None:
        counted.leave()
        inside[0] = False

    def text(data: str) -> None:
        if inside[0] and sum(map(len, pieces)) < 1000:
            pieces.append(data)

    _stream(archive, CORE, budget, _parser(start, end, text))
    return "".join(pieces).strip()


# The document body ---------------------------------------------------------------------------


class _Body:
    """expat handlers that gather ``(text, style id)`` for each paragraph of the body and of
    its table cells, in document order, while keeping the budget."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.stack: list[str] = []
        self.paragraphs: list[tuple[str, str | None]] = []
        self.block = -1  # stack index of the paragraph being read, or -1
        self.pieces: list[str] = []
        self.style: str | None = None
        self.in_text = False

    def start(self, name: str, attrs: dict) -> None:
        budget, stack = self.budget, self.stack
        budget.elements += 1
        if budget.elements > limits.MAX_ELEMENTS:
            raise limits.too_complex_word_document("elements")
        depth = len(stack)
        if depth >= limits.MAX_DEPTH:
            raise limits.too_complex_word_document("depth")
        block = self.block
        if block >= 0:
            parent = stack[-1]
            if parent == _R and (block == depth - 2 or (block == depth - 3 and stack[-2] == _HYPERLINK)):
                if name == _T:
                    self.in_text = True
                elif name == _BR:
                    if attrs.get(_BR_TYPE, "textWrapping") == "textWrapping":
                        self.pieces.append("\n")
                elif name in _RUN_TEXT:
                    self.pieces.append(_RUN_TEXT[name])
            elif name == _PSTYLE and depth == block + 2 and parent == _PPR:
                self.style = attrs.get(_VAL)
        elif name == _P and depth and stack[-1] in (_BODY, _TC):
            budget.paragraphs += 1
            if budget.paragraphs > limits.MAX_PARAGRAPHS:
                raise limits.too_many_paragraphs()
            self.block, self.pieces, self.style = depth, [], None
        stack.append(name)

    def end(self, _name: str) -> None:
        self.stack.pop()
        self.in_text = False
        if len(self.stack) == self.block:
            self.paragraphs.append(("".join(self.pieces), self.style))
            self.block = -1

    def text(self, data: str) -> None:
        if self.in_text:
            budget = self.budget
            budget.characters += len(data)
            if budget.characters > limits.MAX_CHARACTERS:
                raise limits.too_many_characters()
            self.pieces.append(data)


@dataclass(frozen=True, slots=True)
class WordText:
    """What was read from a document: paragraphs as ``(text, is_heading)``, and its title."""

    blocks: list[tuple[str, bool]]
    core_title: str
    budget: Budget


def read_word(data: bytes, budget: Budget | None = None) -> WordText:
    """Read the paragraphs of a .docx upload within the limits of :mod:`.limits`.

    Raises :class:`TranscriptError` if it is not a readable Word document, and its subclass
    :class:`~.limits.TooMuchWork` if it passes a limit.
    """
    budget = budget or Budget()
    archive = _open_archive(data)
    with archive:
        if not _is_word_package(archive, budget):
            raise TranscriptError(NOT_WORD)
        headings = _heading_style_ids(archive, budget)
        core_title = _core_title(archive, budget)
        body = _Body(budget)
        _stream(archive, DOCUMENT, budget, _parser(body.start, body.end, body.text))
    blocks = [(clean_fragment(text), style in headings) for text, style in body.paragraphs]
    return WordText(blocks, core_title, budget)


def parse_docx(data: bytes) -> ParsedTranscript:
    """Read a .docx upload. Raises :class:`TranscriptError` if it is not a readable document."""
    read = read_word(data)
    blocks = [(text, heading) for text, heading in read.blocks if text.strip()]
    if not blocks:
        raise TranscriptError(EMPTY)

    title = next((shorten_title(t) for t, heading in blocks if heading), None)
    if title is None and read.core_title:
        title = shorten_title(clean_fragment(read.core_title))

    if sum(text.count("\n") + 1 for text, _heading in blocks) * 2 > limits.MAX_LINES:
        raise limits.too_many_lines()
    lines: list[str] = []
    numbers: list[int] = []
    for number, (text, _heading) in enumerate(blocks, start=1):
        for line in text.split("\n"):
            lines.append(line)
            numbers.append(number)

    if count_timings(lines) >= 2:
        # Timing, name and speech may be one paragraph or three, so paragraphs are not cues'
        # boundaries here: each cue runs to the next timing line.
        cues = parse_cues(lines, kind="docx", numbers=numbers, unit="paragraph")
        if cues.turns:
            return timeline_transcript(
                format="docx",
                encoding=None,
                title_suggestion=title,
                utterances=cues.turns,
                warnings=cues.warnings,
            )
    lines, numbers = _with_paragraph_breaks(lines, numbers)
    analysis = analyse(lines)
    if analysis.is_transcript:
        turns, warnings = parse_speaker_lines(lines, analysis, numbers=numbers, unit="paragraph")
        if turns:
            return timeline_transcript(
                format="docx",
                encoding=None,
                title_suggestion=title,
                utterances=turns,
                warnings=warnings,
            )
    return _notes(blocks, title)


def _with_paragraph_breaks(lines: list[str], numbers: list[int]) -> tuple[list[str], list[int]]:
    """Put a blank line between paragraphs, as a text file would have."""
    spaced_lines: list[str] = []
    spaced_numbers: list[int] = []
    for index, (line, number) in enumerate(zip(lines, numbers, strict=True)):
        if index and number != numbers[index - 1]:
            spaced_lines.append("")
            spaced_numbers.append(number)
        spaced_lines.append(line)
        spaced_numbers.append(number)
    return spaced_lines, spaced_numbers


def _notes(blocks: list[tuple[str, bool]], title: str | None) -> ParsedTranscript:
    """Ordinary notes: paragraphs joined by blank lines, each one an utterance."""
    parts: list[str] = []
    utterances: list[ParsedUtterance] = []
    offset = 0
    for text, _heading in blocks:
        paragraph = "\n".join(line.strip() for line in text.split("\n") if line.strip())
        if parts:
            offset += 2
        parts.append(paragraph)
        utterances.append(ParsedUtterance(None, None, paragraph, offset))
        offset += len(paragraph)
    return ParsedTranscript(
        format="docx",
        encoding=None,
        title_suggestion=title,
        body="\n\n".join(parts),
        utterances=tuple(utterances),
        speakers=(),
        warnings=(),
    )
