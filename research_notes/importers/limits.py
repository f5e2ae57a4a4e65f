"""How much work one upload may cost, and the messages that say a file is over a limit.

An upload is a few megabytes from a stranger, but a Word document is a zip archive, and a
kilobyte of deflated XML can hold a million empty paragraphs. So every reader counts what it
has actually inflated and parsed as it goes — bytes, XML elements, paragraphs, lines, parts —
and stops at the first limit passed, never trusting sizes a file declares about itself. The
limits sit far above any real interview: a two-hour Teams transcript is about 3,000 Word
paragraphs, 10,000 caption lines and 1,500 parts.

Spreadsheets of findings (:mod:`.spreadsheet`) have limits of their own: a survey export of a
few thousand answers, or a workshop wall of a few hundred sticky notes, is far below them.
"""

from __future__ import annotations

from .results import N_, TranscriptError

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

# Spreadsheets of findings: rows of findings (one finding each, the header row not counted),
# rows of any kind including blank ones, columns read, characters of one finding's text, and
# for workbooks the XML elements and the shared strings (distinct cell texts) read.
MAX_ROWS = 20_000
MAX_RECORDS = 5 * MAX_ROWS
MAX_COLUMNS = 200
MAX_FINDING_CHARACTERS = 10_000
MAX_SHEET_ELEMENTS = 2_000_000
MAX_SHARED_STRINGS = 250_000


class TooMuchWork(TranscriptError):
    """A file passed one of the limits above. ``limit`` names it, for tests and logs."""

    def __init__(self, message: str, *, limit: str, **params: object) -> None:
        super().__init__(message, **params)
        self.limit = limit


# Messages are marked for translation (the upload page shows them in Welsh) and take their
# numbers as parameters, written as people write them (20,000).


def too_big_word_document() -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The Word document expands to more than %(size)dMB when it is opened. "
            "Split it into smaller files and upload them one at a time"
        ),
        limit="inflated_bytes",
        size=MAX_INFLATED_BYTES // (1024 * 1024),
    )


def too_complex_word_document(limit: str) -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The Word document is too complex to import. "
            "Copy the text into a new Word document and upload that"
        ),
        limit=limit,
    )


def too_many_paragraphs() -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The Word document has more than %(max)s paragraphs. "
            "Split it into smaller files and upload them one at a time"
        ),
        limit="paragraphs",
        max=f"{MAX_PARAGRAPHS:,}",
    )


def too_many_characters() -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The file has more than %(max)s characters of text. "
            "Split it into smaller files and upload them one at a time"
        ),
        limit="characters",
        max=f"{MAX_CHARACTERS:,}",
    )


def too_many_lines() -> TooMuchWork:
    return TooMuchWork(
        N_("The file has more than %(max)s lines. Split it into smaller files and upload them one at a time"),
        limit="lines",
        max=f"{MAX_LINES:,}",
    )


def too_many_parts() -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The file has more than %(max)s paragraphs or turns of speech. "
            "Split it into smaller files and upload them one at a time"
        ),
        limit="parts",
        max=f"{MAX_PARTS:,}",
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


# Spreadsheets of findings.


def too_many_rows() -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The file has more than %(max)s rows of findings. "
            "Split it into smaller files and upload them one at a time"
        ),
        limit="rows",
        max=f"{MAX_ROWS:,}",
    )


def too_many_characters_in_sheet() -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The file has more than %(max)s characters of text. "
            "Split it into smaller files and upload them one at a time"
        ),
        limit="characters",
        max=f"{MAX_CHARACTERS:,}",
    )


def too_big_workbook() -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The workbook expands to more than %(size)dMB when it is opened. "
            "Split it into smaller files and upload them one at a time"
        ),
        limit="inflated_bytes",
        size=MAX_INFLATED_BYTES // (1024 * 1024),
    )


def too_complex_workbook(limit: str) -> TooMuchWork:
    return TooMuchWork(
        N_(
            "The workbook is too complex to import. Save the sheet of findings as ‘CSV UTF-8’ and upload that"
        ),
        limit=limit,
    )
