"""Hostile uploads, built in code: files that are cheap to send and costly to read carelessly.

Each builder takes a ``scale`` so the tests can use small copies that still pass the limits,
and ``bench/hostile_uploads.py`` the full-size ones measured in issue 8. ``corpus()`` lists
every file with what an upload of it must give: refused with a message starting with
``expect``, or accepted (``expect is None``).

Zip archives are written by hand here, because a lying header is the point of some of them.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
NOT_WORD = "The selected file is not a Word document (.docx)"
MB = 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    name: str
    data: bytes
    expect: str | None  # the start of the error message, or None when the file is accepted
    why: str


# Zip archives --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    name: str
    compressed: bytes
    crc: int
    size: int  # the uncompressed size the headers will claim
    method: int = 8  # deflate


def deflated(chunks: Iterable[bytes], *, level: int = 9) -> tuple[bytes, int, int]:
    """Raw-deflate ``chunks`` as they come (so 400 MB never sits in memory): data, CRC, size."""
    engine = zlib.compressobj(level, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.append(engine.compress(chunk))
    out.append(engine.flush())
    return b"".join(out), crc, size


def member(name: str, chunks: Iterable[bytes] | bytes, *, claim: int | None = None) -> Member:
    """A deflated zip member; ``claim`` makes its headers state that size instead of the truth."""
    data, crc, size = deflated([chunks] if isinstance(chunks, bytes) else chunks)
    return Member(name, data, crc, size if claim is None else claim)


def zip_bytes(members: Iterable[Member]) -> bytes:
    """A zip archive with exactly the headers given (local and central sizes alike)."""
    body, central = bytearray(), bytearray()
    count = 0
    for m in members:
        name = m.name.encode()
        offset = len(body)
        body += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            m.method,
            0,
            0x21,
            m.crc,
            len(m.compressed),
            m.size,
            len(name),
            0,
        )
        body += name + m.compressed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, m.method, 0, 0x21, m.crc, len(m.compressed), m.size,
            len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
        count += 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


def word_document(body_chunks: Iterable[bytes], *, claim: int | None = None, prolog: bytes = b"") -> bytes:
    """A minimal .docx whose document.xml body is ``body_chunks`` (streamed)."""

    def document() -> Iterable[bytes]:
        yield prolog + f'<w:document xmlns:w="{W}"><w:body>'.encode()
        yield from body_chunks
        yield b"</w:body></w:document>"

    return zip_bytes(
        [member("[Content_Types].xml", CONTENT_TYPES), member("word/document.xml", document(), claim=claim)]
    )


def repeated(unit: bytes, total: int, chunk: int = MB) -> Iterable[bytes]:
    """``total`` bytes of ``unit`` over and over, a megabyte at a time."""
    block = unit * max(1, chunk // len(unit))
    sent = 0
    while sent < total:
        piece = block[: total - sent]
        sent += len(piece)
        yield piece


# The files -----------------------------------------------------------------------------------

PARAGRAPH = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
TEXT_RUN = b"<w:p><w:r><w:t>" + b"Mae'r ciw ffon yn rhy hir. " * 40 + b"</w:t></w:r></w:p>"


def lying_zip_headers(scale: float = 1.0) -> bytes:
    """document.xml really inflates to 400 MB of text, but its headers claim 4 KB."""
    return word_document(repeated(TEXT_RUN, int(400 * MB * scale)), claim=4096)


def zip_bomb(scale: float = 1.0) -> bytes:
    """Honest headers, 400 MB inside, nearly all of it spaces between two paragraphs (so no
    element, paragraph or character budget stops it first): stopped by the inflated bytes."""
    return word_document([TEXT_RUN, *repeated(b" ", int(400 * MB * scale)), TEXT_RUN])


def paragraph_bomb(paragraphs: int) -> bytes:
    """Millions of one-letter paragraphs: 15 KB holds about 440,000 of them."""
    return word_document(repeated(PARAGRAPH, paragraphs * len(PARAGRAPH)))


def deeply_nested(depth: int = 100_000) -> bytes:
    return word_document([b"<w:p>" + b"<w:r>" * depth + b"</w:r>" * depth + b"</w:p>"])


def billion_laughs() -> bytes:
    """Nine levels of ten entities each: 10^9 "lol"s if a parser expanded them."""
    levels = b"".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, 10)).replace(
        b"&lol0;", b"lol"
    )
    prolog = b'<?xml version="1.0"?><!DOCTYPE w:document [' + levels + b"]>"
    return word_document([b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"], prolog=prolog)


def huge_single_line(size: int = int(9.9 * MB)) -> bytes:
    return ("Jane Smith (00:00:01) " + "a: (1:2:3 [ " * (size // 12)).encode()[:size]


def many_short_lines(size: int = int(9.9 * MB)) -> bytes:
    line = b"Jane: a\n[00:00:01]\n --> \n"
    return line * (size // len(line))


def invalid_utf8(copies: int = 2000) -> bytes:
    """UTF-8 Welsh with stray bytes: read as Windows-1252, with a warning to check it."""
    speaker = "Siân ap Dafydd (00:00:04):\n".encode()
    speech = "Mae'r ciw ffôn yn rhy hir. Dw i'n gofalu am fy ŵyr".encode()
    return (speaker + speech + b" \xc3\x28\xff.\n\n") * copies


def utf16_without_bom(copies: int = 2000) -> bytes:
    turn = "Gareth Price (00:00:04):\nThe phone queue – forty minutes – was “too long”.\n\n"
    return (turn * copies).encode("utf-16-le")


def zip_not_docx() -> bytes:
    return zip_bytes([member("answers.csv", b"question,answer\n1,yes\n" * 100)])


def truncated_zip() -> bytes:
    return word_document(repeated(TEXT_RUN, 200_000))[:3000]


def million_cues(cues: int = 1_000_000) -> bytes:
    """The shortest cues WebVTT allows (a start time and a word): 10 bytes each."""
    return b"WEBVTT\n\n" + b"0:0-->\na\n\n" * cues


def one_speaker_cues(cues: int = 60_000) -> bytes:
    """A speaker with tens of thousands of cues in a row: one turn, joined once."""
    return b"WEBVTT\n\n" + b"00:01.000 --> 00:02.000\n<v Gareth Price>aye</v>\n\n" * cues


def corpus(*, full: bool = False) -> list[Hostile]:
    """Every hostile file; ``full`` gives the sizes of issue 8, otherwise small copies."""
    scale = 1.0 if full else 0.15  # 60 MB still passes the 50 MB inflation budget
    big = 15 if full else 1.2
    return [
        Hostile("lying-zip-headers.docx", lying_zip_headers(scale), NOT_WORD, "headers claim 4 KB"),
        Hostile(
            "zip-bomb.docx", zip_bomb(scale), "The Word document expands to more than", "400 MB inflated"
        ),
        Hostile(
            "paragraph-bomb-small.docx",
            paragraph_bomb(440_000),
            "The Word document has more than 20,000 paragraphs",
            "15 KB, 440,000 paragraphs",
        ),
        Hostile(
            "paragraph-bomb-large.docx",
            paragraph_bomb(int(8_000_000 * big / 15)),
            "The Word document has more than 20,000 paragraphs",
            "millions of paragraphs",
        ),
        Hostile("deeply-nested.docx", deeply_nested(), "The Word document is too complex", "100,000 levels"),
        Hostile("billion-laughs.docx", billion_laughs(), NOT_WORD, "entities expand to 10^9"),
        Hostile(
            "huge-single-line.txt",
            huge_single_line() if full else huge_single_line(2 * MB),
            "The file has more than 1,000,000 characters",
            "one line",
        ),
        Hostile(
            "many-short-lines.txt",
            many_short_lines() if full else many_short_lines(2 * MB),
            "The file has more than 200,000 lines",
            "short lines",
        ),
        Hostile("invalid-utf8.txt", invalid_utf8(), None, "read as Windows-1252"),
        Hostile("utf16-no-bom.txt", utf16_without_bom(), None, "read as UTF-16"),
        Hostile("zip-not-docx.docx", zip_not_docx(), NOT_WORD, "a zip of a CSV"),
        Hostile("truncated-zip.docx", truncated_zip(), NOT_WORD, "first 3,000 bytes"),
        Hostile(
            "million-cues.vtt",
            million_cues() if full else million_cues(200_000),
            "The file has more than 200,000 lines",
            "a million cues",
        ),
        Hostile("one-speaker-cues.vtt", one_speaker_cues(), None, "60,000 cues, one turn"),
    ]
