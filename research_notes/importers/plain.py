"""Plain text and Markdown notes: the file's text is the body, each paragraph an utterance.

Markdown is kept as its source text — never rendered — so a ``<script>`` typed into notes is
stored as those characters and escaped by the templates like any other text; only emphasis
markers (``*how*``, ``**how**``) are removed, since notes show them literally. Markdown
headings give the title suggestion. Utterances are paragraphs — text between blank lines,
headings included — exactly as ``research_notes.utterances`` splits a stored body, so a
note saved from an import and split again gives the same utterances.
"""

from __future__ import annotations

import re

from .results import MAX_TITLE_LENGTH, ParsedTranscript, ParsedUtterance, shorten_title
from .speakers import HEAD_LIMIT, markdown_heading

_SETEXT_UNDERLINE = re.compile(r"=+|-+")
# Emphasis markers around text on one line, not inside a word (snake_case, 2*3*4 stay).
_STRONG = re.compile(r"(?<![\w*_\\])(\*\*|__)(?=[^\s*_])([^\n]+?)(?<=[^\s*_\\])\1(?![\w*_])")
_EMPHASIS = re.compile(r"(?<![\w*_\\])([*_])(?=[^\s*_])([^\n]+?)(?<=[^\s*_\\])\1(?![\w*_])")
_END_OF_SENTENCE = (".", "?", "!", ":", ";", ",")


def title_from_line(line: str) -> str | None:
    """A first line that reads like a title — short, not ending like a sentence — or ``None``."""
    line = line.strip()
    if len(line) > MAX_TITLE_LENGTH or line.endswith(_END_OF_SENTENCE):
        return None
    if not any(character.isalnum() for character in line):
        return None
    return markdown_heading(line) or line


def _paragraphs(body: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Group ``body`` into paragraphs: lists of ``(offset, line)`` split at blank lines."""
    paragraphs: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    offset = 0
    for line in body.split("\n"):
        if line.strip():
            current.append((offset, line))
        elif current:
            paragraphs.append((current[0][0], current))
            current = []
        offset += len(line) + 1
    if current:
        paragraphs.append((current[0][0], current))
    return paragraphs


def _utterance(body: str, lines: list[tuple[int, str]]) -> ParsedUtterance | None:
    """The utterance spanning ``lines`` of ``body``, trimmed of surrounding whitespace."""
    start = lines[0][0]
    end = lines[-1][0] + len(lines[-1][1])
    span = body[start:end]
    text = span.strip()
    if not text:
        return None
    return ParsedUtterance(None, None, text, start + (len(span) - len(span.lstrip())))


def _paragraph_utterances(body: str) -> tuple[ParsedUtterance, ...]:
    return tuple(u for _, lines in _paragraphs(body) if (u := _utterance(body, lines)) is not None)


def parse_text(body: str, *, encoding: str | None, warnings: list[str]) -> ParsedTranscript:
    """Plain text: one utterance per paragraph.

    A short first line on its own, not ending like a sentence, is offered as the title (it is
    still an utterance, because in plain text we cannot be sure it is a heading).
    """
    paragraphs = _paragraphs(body)
    title = None
    if len(paragraphs) > 1 and len(paragraphs[0][1]) == 1:
        title = title_from_line(paragraphs[0][1][0][1])
    return ParsedTranscript(
        format="text",
        encoding=encoding,
        title_suggestion=title,
        body=body,
        utterances=_paragraph_utterances(body),
        speakers=(),
        warnings=tuple(warnings),
    )


def strip_emphasis(text: str) -> str:
    """Markdown emphasis as plain text: ``*how*``, ``_how_``, ``**how**`` and ``__how__`` become
    ``how``. Markers inside words (``snake_case``, ``2*3*4``) and list bullets stay."""
    return _EMPHASIS.sub(r"\2", _STRONG.sub(r"\2", text))


def parse_markdown(body: str, *, encoding: str | None, warnings: list[str]) -> ParsedTranscript:
    """Markdown: paragraphs are utterances, as in plain text; the first top-level heading
    (``# Title`` or a line underlined with ``===``) is the title suggestion, or failing that
    the first heading of any level. Emphasis is removed first (:func:`strip_emphasis`), so the
    body and the utterances' offsets are those of the text a researcher reads."""
    body = strip_emphasis(body)
    title: str | None = None
    title_level = 7
    for _, lines in _paragraphs(body):
        for index, (_offset, line) in enumerate(lines):
            stripped = line.strip()
            heading, level = None, 7
            if stripped.startswith("#"):
                heading = markdown_heading(stripped)
                level = len(stripped) - len(stripped.lstrip("#"))
            elif index + 1 < len(lines) and len(stripped) <= HEAD_LIMIT:
                underline = lines[index + 1][1].strip()
                if len(underline) < 80 and _SETEXT_UNDERLINE.fullmatch(underline):
                    heading, level = stripped, 1 if underline.startswith("=") else 2
            if heading is not None and level < title_level:
                title, title_level = shorten_title(heading.strip("*_ ")), level
        if title_level == 1:
            break
    return ParsedTranscript(
        format="markdown",
        encoding=encoding,
        title_suggestion=title or None,
        body=body,
        utterances=_paragraph_utterances(body),
        speakers=(),
        warnings=tuple(warnings),
    )
