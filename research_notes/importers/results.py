"""What every importer returns, the one error it raises, and how a timeline becomes a body.

The shapes here are plain frozen dataclasses so the Flask app, a background job or a notebook
can use them without a database. The app copies them into ``ResearchNote`` and ``Utterance``
rows; nothing here knows about those models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FORMATS = ("text", "markdown", "speaker_timestamp", "vtt", "srt", "docx")
MAX_TITLE_LENGTH = 120


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark a message for translation where it is defined; the app translates it when shown.

    The importers have no Flask, so they cannot translate; ``pybabel extract -k N_`` finds
    these, and a view passes ``error.template`` through ``gettext`` then fills in ``params``.
    """
    return message


class Notice(str):
    """A sentence for a person, in English (it *is* that ``str``), that keeps its untranslated
    ``template`` (marked with ``N_``) and ``params`` so the app can show it in Welsh.

    The importers have no Flask, so they cannot translate; a warning stays a plain string for
    every caller that only wants the English, and ``research_notes.messages.translate`` renders
    it in the language of the page. A parameter may itself be a ``Notice`` ("line 4 and 2 other
    places"), translated in its turn.
    """

    template: str
    params: dict

    def __new__(cls, template: str, **params: object) -> Notice:
        self = super().__new__(cls, template % params if params else template)
        self.template = template
        self.params = params
        return self

    def to_payload(self) -> dict:
        """For a JSON column: the template and parameters (nested notices too)."""
        params = {k: (v.to_payload() if isinstance(v, Notice) else v) for k, v in self.params.items()}
        return {"template": self.template, "params": params}

    @classmethod
    def from_payload(cls, value: object) -> str:
        """The other way; a plain string (saved before notices kept their template) stays one."""
        if not isinstance(value, dict):
            return str(value)
        params = {k: (cls.from_payload(v) if isinstance(v, dict) else v) for k, v in value["params"].items()}
        return cls(value["template"], **params)


class TranscriptError(ValueError):
    """The file cannot be imported.

    ``str(error)`` is a complete sentence in GOV.UK style ("The selected file is empty") that a
    view can put straight into the error summary of the upload form. Errors raised with
    keyword ``params`` keep the untranslated ``template`` too (``"Row %(row)d: …"``), so a view
    can show them in Welsh: ``gettext(error.template) % error.params``.
    """

    def __init__(self, message: str, **params: object) -> None:
        text = message % params if params else message
        super().__init__(text)
        self.message = text
        self.template = message
        self.params = params


@dataclass(frozen=True, slots=True)
class ParsedUtterance:
    """One turn of speech, or one paragraph of notes.

    ``offset`` is where ``text`` starts in the transcript's ``body``, so
    ``body[offset:offset + len(text)] == text`` always holds. ``text`` is never empty, has no
    leading or trailing whitespace and never contains a blank line.
    """

    speaker: str | None
    start_seconds: float | None
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    """A file read into a note body and its utterances.

    ``format`` is one of ``FORMATS`` and says how the content was read, which can differ from
    the file name (a ``.txt`` export of a Zoom caption file is read as ``"vtt"``; a ``.vtt`` file
    with no cue timings falls back to ``"text"`` and says so in ``warnings``).

    ``body`` is the text stored as the note:

    * when any utterance has a speaker or a start time, the body is the timeline written out by
      :func:`render_body` — a ``Jane Smith (00:12:30):`` line, then the speech, then a blank
      line — so it looks the same whatever tool produced the file and renaming a speaker
      rewrites it. When every turn has a speaker and a time (the usual case),
      ``research_notes.utterances.split_utterances`` splits the body back into the same
      utterances; turns with only a name (``Jane Smith:``) or only a time (``[00:12:30]``) are
      not yet recognised there. Times in the body are whole seconds; ``start_seconds`` keeps
      the file's precision;
    * otherwise (plain text, Markdown, Word notes) the body is the file's own text with line
      endings, control characters and trailing spaces tidied, and each utterance is one
      paragraph of it (text between blank lines, headings included). Markdown stays Markdown
      source; it is never turned into HTML.

    ``encoding`` is how text files were decoded ("UTF-8", "UTF-8 with BOM", "UTF-16", "UTF-32",
    "Windows-1252"), or ``None`` for Word documents. ``speakers`` lists distinct speaker labels in
    order of first appearance. ``warnings`` are sentences to show on the import review screen.
    """

    format: str
    encoding: str | None
    title_suggestion: str | None
    body: str
    utterances: tuple[ParsedUtterance, ...]
    speakers: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def has_timeline(self) -> bool:
        """True when the body is the rendered timeline rather than the file's own text."""
        return any(u.speaker is not None or u.start_seconds is not None for u in self.utterances)


def shorten_title(text: str) -> str:
    """Cut a title to ``MAX_TITLE_LENGTH`` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= MAX_TITLE_LENGTH:
        return text
    cut = text[: MAX_TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def format_timestamp(seconds: float) -> str:
    """Write a start time as ``hh:mm:ss`` (whole seconds, rounded down), e.g. ``00:12:30``."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def utterance_heading(speaker: str | None, start_seconds: float | None) -> str:
    """The line written above an utterance's text in a rendered body.

    ``"Jane Smith (00:12:30):"``, ``"Jane Smith:"``, ``"[00:12:30]"``, or ``""`` when the
    utterance has neither. The first shape is the one ``research_notes.utterances`` splits a
    stored body at; all of them are read back by the speaker-timestamp importer.
    """
    if speaker is not None and start_seconds is not None:
        return f"{speaker} ({format_timestamp(start_seconds)}):"
    if speaker is not None:
        return f"{speaker}:"
    if start_seconds is not None:
        return f"[{format_timestamp(start_seconds)}]"
    return ""


def render_body(
    utterances: Iterable[tuple[str | None, float | None, str]],
) -> tuple[str, tuple[ParsedUtterance, ...]]:
    """Write a timeline out as a note body and place each utterance in it.

    Each utterance is its heading line (see :func:`utterance_heading`), a line break, and its
    text; utterances are separated by a blank line. Takes ``(speaker, start_seconds, text)``
    triples whose text is already clean (see :func:`clean_lines`) and returns the body and the
    utterances with their offsets.
    """
    parts: list[str] = []
    placed: list[ParsedUtterance] = []
    offset = 0
    for speaker, start, text in utterances:
        if parts:
            parts.append("\n\n")
            offset += 2
        heading = utterance_heading(speaker, start)
        if heading:
            heading += "\n"
        parts.append(heading)
        parts.append(text)
        placed.append(ParsedUtterance(speaker, start, text, offset + len(heading)))
        offset += len(heading) + len(text)
    return "".join(parts), tuple(placed)


_LABEL_SPACES = re.compile(r"\s+")


def speaker_label(raw: str | None, max_length: int = 60) -> str | None:
    """Tidy a speaker label, or return ``None`` if nothing is left.

    Whitespace is collapsed, and round brackets and colons — which would stop the body's
    ``Name (00:12:30):`` lines being read back — become square brackets and spaces, so Teams'
    ``Jane Smith (Guest)`` is kept as ``Jane Smith [Guest]``.
    """
    if raw is None:
        return None
    label = raw.translate(_LABEL_TRANSLATION)
    label = _LABEL_SPACES.sub(" ", label).strip(" *_")
    return label[:max_length].strip() or None


_LABEL_TRANSLATION = str.maketrans({"(": "[", ")": "]", ":": " "})


def clean_lines(lines: Iterable[str], joiner: str = "\n") -> str:
    """Strip each line, drop empty ones and join the rest, so no blank line survives."""
    return joiner.join(stripped for line in lines if (stripped := line.strip()))


def distinct_speakers(utterances: Iterable[ParsedUtterance]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for utterance in utterances:
        if utterance.speaker is not None:
            seen.setdefault(utterance.speaker, None)
    return tuple(seen)


def timeline_transcript(
    *,
    format: str,
    encoding: str | None,
    title_suggestion: str | None,
    utterances: Iterable[tuple[str | None, float | None, str]],
    warnings: Iterable[str],
) -> ParsedTranscript:
    """Build a transcript whose body is the rendered timeline."""
    body, placed = render_body(utterances)
    return ParsedTranscript(
        format=format,
        encoding=encoding,
        title_suggestion=shorten_title(title_suggestion) if title_suggestion else None,
        body=body,
        utterances=placed,
        speakers=distinct_speakers(placed),
        warnings=tuple(warnings),
    )


class WarningLog:
    """Collects warnings of one kind per place so a messy file gives a few lines, not hundreds.

    ``note(kind, place)`` remembers the first place and counts the rest; ``messages`` writes one
    sentence per kind from the templates it was given, e.g. "Timestamps go backwards at line 41
    and 3 other places. They were kept in file order."
    """

    def __init__(self, unit: str = "line") -> None:
        self.unit = unit
        self._first: dict[str, int] = {}
        self._count: dict[str, int] = {}

    def note(self, kind: str, place: int) -> None:
        self._first.setdefault(kind, place)
        self._count[kind] = self._count.get(kind, 0) + 1

    def messages(self, templates: dict[str, str]) -> list[Notice]:
        """``templates[kind]`` has ``%(where)s`` for "line 41" or "line 41 and 3 other places"."""
        out = []
        for kind, first in self._first.items():
            others = self._count[kind] - 1
            where = Notice(_PLACES[self.unit][min(others, 2)], first=first, others=others)
            out.append(Notice(templates[kind], where=where))
        return out


# Where a warning applies: the first place, and how many others (none, one, more).
_PLACES = {
    "line": (
        N_("line %(first)d"),
        N_("line %(first)d and 1 other place"),
        N_("line %(first)d and %(others)d other places"),
    ),
    "paragraph": (
        N_("paragraph %(first)d"),
        N_("paragraph %(first)d and 1 other place"),
        N_("paragraph %(first)d and %(others)d other places"),
    ),
}
