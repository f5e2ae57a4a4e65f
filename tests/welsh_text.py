"""English left in a file made in Welsh: the page walk's ``untranslated`` idea, for exports.

A Welsh export (a summary as Markdown, PDF or Word; a journey map as PDF) is read back as text
— ``pdftotext`` for a PDF, python-docx for Word — and split into the pieces a template or the
code wrote whole: lines, table cells, headings. A piece equal to an English msgid whose Welsh
differs (or matching one with its placeholders filled in) was written without gettext, or
in the wrong language.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterable

from docx import Document as WordDocument

from tests.page_walk import SAME_IN_BOTH, Catalogue

_MARKDOWN = re.compile(r"^\s*(?:#+|>|[-*]|\d+\.)\s*")


def _norm(text: str) -> str:
    return " ".join(text.replace("**", "").replace("\\", "").split()).strip(" :")


def english_left(pieces: Iterable[str], catalogue: Catalogue, content: Iterable[str] = ()) -> list[str]:
    """``content`` is what people typed (a stage called "Assessment"): never counted."""
    typed = {_norm(c) for c in content}
    found = []
    for piece in dict.fromkeys(_norm(p) for p in pieces):
        if not piece or piece in SAME_IN_BOTH or piece in catalogue.welsh or piece in typed:
            continue
        if catalogue.english_text(piece):
            found.append(piece)
    return found


def markdown_pieces(text: str) -> list[str]:
    pieces = []
    for line in text.splitlines():
        line = _MARKDOWN.sub("", line)
        pieces += [cell for cell in line.split("|")] if "|" in line else [line]
    return pieces


def pdf_pieces(data: bytes) -> list[str]:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode().splitlines()


def docx_pieces(data: bytes) -> list[str]:
    word = WordDocument(io.BytesIO(data))
    pieces = [p.text for p in word.paragraphs]
    pieces += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    for section in word.sections:
        pieces += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
    return pieces
