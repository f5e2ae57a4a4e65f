"""The entry points: check an upload, work out its format, and hand it to the right reader."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from . import limits
from .encoding import WINDOWS_1252, decode_and_clean
from .plain import parse_markdown, parse_text, title_from_line
from .results import (
    N_,
    Notice,
    ParsedTranscript,
    TranscriptError,
    distinct_speakers,
    render_body,
    speaker_label,
    timeline_transcript,
)
from .speakers import (
    HEAD_LIMIT,
    MAX_SPEAKER_LENGTH,
    SpeakerAnalysis,
    analyse,
    markdown_heading,
    parse_speaker_lines,
)
from .subtitles import count_timings, parse_cues
from .word import EMPTY, parse_docx

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".vtt", ".srt")
EXTENSIONS = (*TEXT_EXTENSIONS, ".docx")
WRONG_TYPE = N_("The selected file must be a .txt, .md, .vtt, .srt or .docx file")
TOO_BIG = N_("The selected file must be smaller than %(size)s")
ZIP_NOT_TEXT = N_(
    "The selected file must be a text file. It looks like a zip file or an Office document, "
    "but its name ends in %(extension)s"
)
# Warnings: the file was read, but the researcher should check the note.
READ_AS_WORD = N_(
    "The file name ends in %(extension)s but the file is a Word document, so it was read as a Word document."
)
WINDOWS_1252_WARNING = N_(
    "The file was not saved as UTF-8, so it was read as Windows-1252. Check that "
    "accented letters look right: Windows-1252 cannot hold ŵ or ŷ."
)
REPLACED = N_("Some characters could not be read as %(encoding)s and were replaced with �.")
REMOVED_ONE = N_("1 character that is not text was removed.")
REMOVED = N_("%(count)d characters that are not text were removed.")
EMPTY_CUES = N_("The subtitle cues in the file have no text, so it was read as plain text.")
NO_TIMINGS_TRANSCRIPT = N_(
    "The file has no subtitle timings (lines such as 00:00:01.000 --> 00:00:04.000), "
    "so it was read as a transcript."
)
NO_TIMINGS_TEXT = N_(
    "The file has no subtitle timings (lines such as 00:00:01.000 --> 00:00:04.000), "
    "so it was read as plain text."
)
TIMES_NOT_SPEAKERS = N_(
    "The file has times in it but no speaker format we recognise, so it was read as "
    "plain text. Speakers and times were not separated from the speech."
)

_SRT_START = re.compile(r"\d+[ \t]*$")


def file_extension(filename: str) -> str:
    """The lower-case extension of the last part of ``filename`` (browsers on Windows may send
    a full path), e.g. ``".vtt"``, or ``""``."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def _size(limit: int) -> str:
    mb = 1024 * 1024
    if limit >= mb:
        return f"{limit / mb:g}MB"
    return f"{max(1, limit // 1024)}KB"


def detect_format(text: str, filename: str) -> str:
    """Say how text from ``filename`` should be read: one of :data:`~.results.FORMATS`.

    The content decides where it is clear (a Zoom caption file saved as ``.txt`` is
    ``"vtt"``); the extension decides the rest. ``.vtt`` and ``.srt`` files without any cue
    timing are ``"text"``; ``.txt`` and ``.md`` files with enough speaker lines are
    ``"speaker_timestamp"``. Raises :class:`TranscriptError` for unsupported extensions.
    """
    extension = file_extension(filename)
    if extension == ".docx":
        return "docx"
    if extension not in TEXT_EXTENSIONS:
        raise TranscriptError(WRONG_TYPE)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _detect(lines, extension)[0]


def _detect(lines: list[str], extension: str) -> tuple[str, SpeakerAnalysis | None]:
    """The format, and the speaker analysis when it was needed to decide."""
    first = next((line.strip() for line in lines if line.strip()), "")
    timings = count_timings(lines)
    if first.startswith("WEBVTT") and timings:
        return "vtt", None
    if timings and (extension in (".vtt", ".srt") or timings * 5 >= _nonblank(lines)):
        if extension == ".vtt" or first.startswith("WEBVTT"):
            return "vtt", None
        if extension == ".srt" or _SRT_START.fullmatch(first[:HEAD_LIMIT]):
            return "srt", None
        return "vtt", None
    analysis = analyse(lines)
    if analysis.is_transcript:
        return "speaker_timestamp", analysis
    if extension in (".md", ".markdown"):
        return "markdown", analysis
    return "text", analysis


def _nonblank(lines: list[str]) -> int:
    return sum(1 for line in lines if line.strip())


def parse_transcript(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedTranscript:
    """Read an uploaded transcript or notes file into a note body and utterances.

    ``filename`` is only used for its extension. Returns a :class:`ParsedTranscript` whose
    ``warnings`` list anything a researcher should check before saving. Raises
    :class:`TranscriptError`, with a message for the upload form, when the file cannot be
    imported: wrong extension, larger than ``max_bytes``, empty, not text, a broken Word
    document, or more than :mod:`.limits` allows (:class:`~.limits.TooMuchWork`: a Word
    document that inflates past its budget, too many lines or parts). No other exception is
    expected for any input, and the work done is linear in what was actually read.
    """
    extension = file_extension(filename)
    if extension not in EXTENSIONS:
        raise TranscriptError(WRONG_TYPE)
    if len(data) > max_bytes:
        raise TranscriptError(TOO_BIG, size=_size(max_bytes))
    data = bytes(data)
    if not data.strip():
        raise TranscriptError(EMPTY)
    parsed = _parse(data, filename, extension)
    limits.check_note(parsed.body, len(parsed.utterances))
    return parsed


def _parse(data: bytes, filename: str, extension: str) -> ParsedTranscript:
    if extension == ".docx":
        return parse_docx(data)
    if data.startswith(b"PK\x03\x04"):
        try:
            parsed = parse_docx(data)
        except TranscriptError:
            raise TranscriptError(ZIP_NOT_TEXT, extension=extension) from None
        warning = Notice(READ_AS_WORD, extension=extension)
        return replace(parsed, warnings=(warning, *parsed.warnings))
    return _parse_text_file(data, filename)


def _parse_text_file(data: bytes, filename: str) -> ParsedTranscript:
    clean = decode_and_clean(data)
    text = clean.text
    if not text.strip():
        raise TranscriptError(EMPTY)
    limits.check_lines(text)
    warnings: list[Notice] = []
    if clean.encoding == WINDOWS_1252:
        warnings.append(Notice(WINDOWS_1252_WARNING))
    if "\ufffd" in text:
        warnings.append(Notice(REPLACED, encoding=clean.encoding))
    if clean.removed_characters:
        count = clean.removed_characters
        warnings.append(Notice(REMOVED_ONE) if count == 1 else Notice(REMOVED, count=count))
    extension = file_extension(filename)
    lines = text.split("\n")
    detected, analysis = _detect(lines, extension)

    if detected in ("vtt", "srt"):
        cues = parse_cues(lines, kind=detected)
        if cues.turns:
            return timeline_transcript(
                format=detected,
                encoding=clean.encoding,
                title_suggestion=cues.title,
                utterances=cues.turns,
                warnings=[*warnings, *cues.warnings],
            )
        detected = "text"
        warnings.append(Notice(EMPTY_CUES))
    elif extension in (".vtt", ".srt"):
        warnings.append(Notice(NO_TIMINGS_TRANSCRIPT if detected == "speaker_timestamp" else NO_TIMINGS_TEXT))

    if analysis is None:
        analysis = analyse(lines)
    if detected == "speaker_timestamp":
        turns, speaker_warnings = parse_speaker_lines(lines, analysis)
        title = next((t for line in lines[:20] if (t := markdown_heading(line))), None)
        intro = turns[0][2] if turns and turns[0][:2] == (None, None) else ""
        if title is None and intro and "\n" not in intro:
            title = title_from_line(intro)
        return timeline_transcript(
            format="speaker_timestamp",
            encoding=clean.encoding,
            title_suggestion=title,
            utterances=turns,
            warnings=[*warnings, *speaker_warnings],
        )

    if analysis.looks_timed:
        warnings.append(Notice(TIMES_NOT_SPEAKERS))
    if detected == "markdown":
        return parse_markdown(text, encoding=clean.encoding, warnings=warnings)
    return parse_text(text, encoding=clean.encoding, warnings=warnings)


def rename_speakers(parsed: ParsedTranscript, mapping: Mapping[str, str]) -> ParsedTranscript:
    """Replace speaker labels, for example real names with pseudonyms ``{"Jane Smith": "P07"}``.

    Both the utterances and the speaker labels written in the body change; the body of a
    timeline is rendered again, so every offset stays right. Labels not in ``mapping`` are
    kept, and two labels mapped to the same replacement become one speaker. Names mentioned
    inside the speech are not touched: that is the redaction step's job (``nlp``).
    Raises ``ValueError`` if a replacement is blank.
    """
    replacements = {}
    for original, replacement in mapping.items():
        cleaned = speaker_label(replacement, MAX_SPEAKER_LENGTH)
        if cleaned is None:
            raise ValueError(f"The replacement for speaker {original!r} is blank")
        replacements[original] = cleaned
    if not parsed.has_timeline:
        return parsed
    body, utterances = render_body(
        (replacements.get(u.speaker, u.speaker) if u.speaker else None, u.start_seconds, u.text)
        for u in parsed.utterances
    )
    return replace(parsed, body=body, utterances=utterances, speakers=distinct_speakers(utterances))
