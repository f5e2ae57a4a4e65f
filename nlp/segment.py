"""Split note text into sentences and utterance-sized finding candidates, keeping offsets.

Why offsets: a finding must point back at the exact words in the source note (for quoting and
for the redaction audit), so every segment carries ``start``/``end`` into the original string,
never into a cleaned copy.

Failure modes: the blank pipeline's sentencizer splits only on ``.``, ``!`` and ``?``, so an
unpunctuated transcript turn stays one segment until it is cut at ``max_words``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.pipeline import get_pipeline

__all__ = ["Segment", "finding_candidates", "sentences"]

_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[A-Z][\w .'-]{0,40}:\s)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the source text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def _check(text: object) -> str:
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, not {type(text).__name__}")
    return text


def sentences(text: str) -> list[Segment]:
    """Sentences of ``text`` (spaCy sentencizer), whitespace trimmed, offsets preserved.

    Raises
    ------
    ValueError
        If ``text`` is not a string.
    """
    text = _check(text)
    out: list[Segment] = []
    for para_start, para_end in _paragraphs(text):
        doc = get_pipeline()(text[para_start:para_end])
        for sent in doc.sents:
            s = para_start + sent.start_char
            e = para_start + sent.end_char
            seg = _trim(text, s, e)
            if seg is not None:
                out.append(seg)
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank lines and speaker turns ("Sarah: …") are hard boundaries."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> Segment | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Segment(start, end, text[start:end])


def finding_candidates(text: str, min_words: int = 4, max_words: int = 60) -> list[Segment]:
    """Utterance-sized pieces of ``text`` that could become findings.

    Short sentences ("Yes." "It was awful.") are joined to their neighbours within the same
    paragraph until a candidate has ``min_words`` words; long runs are cut at ``max_words``
    on a word boundary. Candidates without any word character are dropped.

    Raises
    ------
    ValueError
        If ``text`` is not a string or ``min_words > max_words``.
    """
    text = _check(text)
    if min_words > max_words or max_words < 1:
        raise ValueError("min_words must not exceed max_words, and max_words must be >= 1")
    out: list[Segment] = []
    for para_start, para_end in _paragraphs(text):
        pending: tuple[int, int] | None = None
        for sent in sentences(text[para_start:para_end]):
            s, e = para_start + sent.start, para_start + sent.end
            for piece_s, piece_e in _cut_long(text, s, e, max_words):
                pending = (piece_s, piece_e) if pending is None else (pending[0], piece_e)
                if len(_WORD.findall(text[pending[0] : pending[1]])) >= min_words:
                    out.append(Segment(pending[0], pending[1], text[pending[0] : pending[1]]))
                    pending = None
        if pending is not None:
            words = _WORD.findall(text[pending[0] : pending[1]])
            if out and out[-1].start >= para_start and len(words) < min_words:
                last = out.pop()
                out.append(Segment(last.start, pending[1], text[last.start : pending[1]]))
            elif words:
                out.append(Segment(pending[0], pending[1], text[pending[0] : pending[1]]))
    return out


def _cut_long(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) <= max_words:
        return [(start, end)]
    pieces = []
    for i in range(0, len(words), max_words):
        chunk = words[i : i + max_words]
        pieces.append((start + chunk[0].start(), start + chunk[-1].end()))
    return pieces
