"""How much work one upload may cost, and the messages that say a file is over a limit.

An upload is a few megabytes from a stranger, but a Word document is a zip archive, and a
kilobyte of deflated XML can hold a million empty paragraphs. So every reader counts what it
has actually inflated and parsed as it goes — bytes, XML elements, paragraphs, lines, parts —
and stops at the first limit passed, never trusting sizes a file declares about itself. The
limits sit far above any real interview: a two-hour Teams transcript is about 3,000 Word
paragraphs, 10,000 caption lines and 1,500 parts.
"""

from __future__ import annotations

from .results import TranscriptError

# Word documents: bytes inflated from the parts we read (document, styles, properties).
MAX_INFLATED_BYTES = 50 * 1024 * 1024
# Word documents: XML elements, paragraphs (in the body and in table cells), nesting depth.
MAX_ELEMENTS = 500_000
MAX_PARAGRAPHS = 20_000
MAX_DEPTH = 256
# Every format: characters of the note's text, lines of the file, parts (utterances) of the
# note. The characters bound the personal-data check run on every upload, which reads about a
# megabyte a second; a million characters is about nine two-hour interviews.
MAX_CHARACTERS = 1_000_000
MAX_LINES = 200_000
MAX_PARTS = 20_000

SPLIT = "Split it into smaller files and upload them one at a time"


class TooMuchWork(TranscriptError):
    """A file passed one of the limits above. ``limit`` names it, for tests and logs."""

    def __init__(self, message: str, *, limit: str, **params: object) -> None:
        super().__init__(message, **params)
        self.limit = limit


def too_big_word_document() -> TooMuchWork:
    size = MAX_INFLATED_BYTES // (1024 * 1024)
    return TooMuchWork(
        f"The Word document expands to more than {size}MB when it is opened. {SPLIT}",
        limit="inflated_bytes",
    )


def too_complex_word_document(limit: str) -> TooMuchWork:
    return TooMuchWork(
        "The Word document is too complex to import. Copy the text into a new Word document and upload that",
        limit=limit,
    )


def too_many_paragraphs() -> TooMuchWork:
    return TooMuchWork(
        f"The Word document has more than {MAX_PARAGRAPHS:,} paragraphs. {SPLIT}", limit="paragraphs"
    )


def too_many_characters() -> TooMuchWork:
    return TooMuchWork(
        f"The file has more than {MAX_CHARACTERS:,} characters of text. {SPLIT}", limit="characters"
    )


def too_many_lines() -> TooMuchWork:
    return TooMuchWork(f"The file has more than {MAX_LINES:,} lines. {SPLIT}", limit="lines")


def too_many_parts() -> TooMuchWork:
    return TooMuchWork(
        f"The file has more than {MAX_PARTS:,} paragraphs or turns of speech. {SPLIT}", limit="parts"
    )


def check_lines(text: str) -> None:
    """Refuse text with more than ``MAX_LINES`` lines, before it is split into a list."""
    if text.count("\n") >= MAX_LINES:
        raise too_many_lines()


def check_note(body: str, parts: int) -> None:
    """Refuse a parsed file whose note would have too much text or too many parts."""
    if len(body) > MAX_CHARACTERS:
        raise too_many_characters()
    if parts > MAX_PARTS:
        raise too_many_parts()
