"""Turns a note's utterances and findings into marked-up segments, overlaps included.

Each utterance's text is cut at every finding boundary inside it; each piece knows which
findings cover it, so overlapping highlights render as nested shading rather than broken
or lost markup. Pure functions: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    finding_ids: tuple[str, ...]  # findings covering this piece, outermost first


def pieces(text: str, char_start: int, findings: list[tuple[str, int, int]]) -> list[Piece]:
    """Split ``text`` (which starts at ``char_start`` in the note body) at finding boundaries.

    ``findings`` are (id, start, end) in body offsets; those outside the text are ignored.
    """
    char_end = char_start + len(text)
    inside = [
        (fid, max(s, char_start), min(e, char_end))
        for fid, s, e in findings
        if s < char_end and e > char_start
    ]
    cuts = sorted({char_start, char_end, *(s for _, s, _ in inside), *(e for _, _, e in inside)})
    result = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = tuple(
            fid for fid, s, e in sorted(inside, key=lambda f: (f[1], -f[2])) if s <= left and e >= right
        )
        result.append(Piece(text[left - char_start : right - char_start], covering))
    return [p for p in result if p.text]


def note_pieces(utterances, findings) -> tuple[list[tuple[object, list[Piece]]], dict[str, int]]:
    """Each utterance with its pieces, and each finding's number in reading order.

    ``utterances`` need ``text`` and ``char_start``; ``findings`` need ``id``, ``start_offset``
    and ``end_offset`` and should already be in reading order.
    """
    spans = [(str(f.id), f.start_offset, f.end_offset) for f in findings]
    numbers = {str(f.id): n for n, f in enumerate(findings, start=1)}
    return [(u, pieces(u.text, u.char_start, spans)) for u in utterances], numbers
