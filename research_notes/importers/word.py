"""Word documents (.docx): Teams transcript downloads and ordinary interview notes.

Teams writes each turn as a paragraph with the speaker and time (``Jane Smith   0:03``)
followed by the speech; its older layout puts ``0:0:0.0 --> 0:0:5.680`` and the name above the
speech. Both are read with the same code as text transcripts. Anything else is read as notes:
each paragraph (and each table cell) is an utterance, and the first Title or Heading
paragraph gives the title suggestion.

Uploaded .docx files are zip archives from strangers, so before python-docx sees one we check
it is a zip, that it holds ``word/document.xml``, and that it does not expand to more than
``MAX_UNZIPPED_BYTES``. python-docx parses XML with entity resolution switched off.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from .encoding import clean_fragment
from .results import (
    ParsedTranscript,
    ParsedUtterance,
    TranscriptError,
    shorten_title,
    timeline_transcript,
)
from .speakers import analyse, parse_speaker_lines
from .subtitles import count_timings, parse_cues

NOT_WORD = (
    "The selected file is not a Word document (.docx). Open it in Word, save it as a "
    "Word document and upload it again"
)
EMPTY = "The selected file is empty"
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise TranscriptError(NOT_WORD) from error
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise TranscriptError(NOT_WORD)
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise TranscriptError(
            "The selected file is too complex to import. Copy the text into a new Word "
            "document and upload that"
        )


def _open(data: bytes):  # -> docx.document.Document
    _check_archive(data)
    import docx  # python-docx is slow to import; only Word uploads pay for it

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - any failure inside a hostile file is the file's
        raise TranscriptError(NOT_WORD) from error


def _heading_style_ids(document) -> frozenset[str]:
    """Ids of the Title and Heading styles. Looking styles up paragraph by paragraph through
    python-docx scans every style each time, which made a two-hour transcript take a second."""
    ids = set()
    for style in document.styles:
        name = style.name or ""
        if style.style_id and (name == "Title" or name.startswith("Heading")):
            ids.add(style.style_id)
    return frozenset(ids)


def _blocks(container, headings: frozenset[str]) -> Iterator[tuple[str, bool]]:
    """``(text, is_heading)`` for each paragraph in document order, tables cell by cell."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            seen: set = set()  # holds the XML elements, so each keeps its identity
            for row in item.rows:
                for cell in row.cells:
                    if cell._tc in seen:  # a merged cell appears once per grid square
                        continue
                    seen.add(cell._tc)
                    yield from _blocks(cell, headings)
        else:
            yield item.text, item._p.style in headings


def parse_docx(data: bytes) -> ParsedTranscript:
    """Read a .docx upload. Raises :class:`TranscriptError` if it is not a readable document."""
    document = _open(data)
    try:
        headings = _heading_style_ids(document)
        blocks = [(clean_fragment(t), heading) for t, heading in _blocks(document, headings)]
        core_title = (document.core_properties.title or "").strip()
    except TranscriptError:
        raise
    except Exception as error:  # noqa: BLE001 - malformed parts surface while walking the body
        raise TranscriptError(NOT_WORD) from error
    blocks = [(text, heading) for text, heading in blocks if text.strip()]
    if not blocks:
        raise TranscriptError(EMPTY)

    title = next((shorten_title(t) for t, heading in blocks if heading), None)
    if title is None and core_title:
        title = shorten_title(clean_fragment(core_title))

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
