"""Transcript and notes importers: uploaded bytes in, a note body and utterances out.

Pure Python — no Flask, no database — so the upload view, a bulk-import job, a test or a
notebook can all call them. The one entry point most callers need::

    from research_notes.importers import TranscriptError, parse_transcript

    try:
        parsed = parse_transcript(upload.read(), upload.filename)
    except TranscriptError as error:
        form.file.errors.append(str(error))

Supported: plain text and Markdown (.txt, .md), speaker-and-time transcripts from Otter,
Teams, Rev and similar tools (.txt, .md), WebVTT from Teams and Zoom (.vtt), SRT (.srt) and
Word documents (.docx), including Teams transcript downloads. See
:class:`~research_notes.importers.results.ParsedTranscript` for what ``body`` holds.
"""

from .api import (
    DEFAULT_MAX_BYTES,
    EXTENSIONS,
    detect_format,
    file_extension,
    parse_transcript,
    rename_speakers,
)
from .encoding import decode_text
from .results import (
    FORMATS,
    ParsedTranscript,
    ParsedUtterance,
    TranscriptError,
    format_timestamp,
    render_body,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "FORMATS",
    "ParsedTranscript",
    "ParsedUtterance",
    "TranscriptError",
    "decode_text",
    "detect_format",
    "file_extension",
    "format_timestamp",
    "parse_transcript",
    "rename_speakers",
    "render_body",
]
