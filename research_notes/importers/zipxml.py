"""Office Open XML packages (.docx, .xlsx) read from strangers' uploads, within a budget.

A Word document or an Excel workbook is a zip archive of XML parts, and a kilobyte of deflated
XML can hold a million empty elements. So nothing here trusts what an archive says about
itself: each part is inflated in small chunks and fed straight to the standard library's
streaming XML parser (expat); a running :class:`Budget` counts the bytes actually inflated,
and the readers count elements and characters as they go, so the first limit passed stops the
read (see :mod:`.limits`). Document type declarations — and with them every entity, the
"billion laughs" — are refused outright: Office never writes one.

:mod:`.word` and :mod:`.xlsx` share this; each says in its own words what went wrong.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from xml.parsers import expat

from . import limits
from .results import TranscriptError

MAX_ZIP_ENTRIES = 2000
CHUNK_BYTES = 64 * 1024


class Budget:
    """What one upload has cost so far; raises :class:`~.limits.TooMuchWork` past a limit.

    ``inflated`` counts bytes as they come out of the decompressor, so a zip whose headers
    understate its sizes is stopped by what it really holds. A reader of each kind of package
    subclasses it to say, in its own words, that the file is too big (:meth:`too_big`).
    """

    __slots__ = ("inflated", "elements", "paragraphs", "characters")

    def __init__(self) -> None:
        self.inflated = self.elements = self.paragraphs = self.characters = 0

    def too_big(self) -> limits.TooMuchWork:
        raise NotImplementedError

    def spend_bytes(self, count: int) -> None:
        self.inflated += count
        if self.inflated > limits.MAX_INFLATED_BYTES:
            raise self.too_big()


def entry_count(data: bytes) -> int | None:
    """The entry count in the end-of-central-directory record, read before ``ZipFile`` builds
    an object per entry; ``None`` when there is no record (not a zip)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


def open_archive(
    data: bytes,
    *,
    not_valid: Callable[[], TranscriptError],
    too_many_entries: Callable[[], TranscriptError],
) -> zipfile.ZipFile:
    """Open a zip archive that Office could have written, or raise the caller's error.

    ``not_valid`` when it is not a zip at all; ``too_many_entries`` past ``MAX_ZIP_ENTRIES``
    (0xFFFF in the record means a zip64 archive, which Office never writes for files this size).
    """
    entries = entry_count(data)
    if entries is None:
        raise not_valid()
    if entries > MAX_ZIP_ENTRIES:
        raise too_many_entries()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise not_valid() from error
    if len(names) > MAX_ZIP_ENTRIES:
        archive.close()
        raise too_many_entries()
    return archive


def stream(
    archive: zipfile.ZipFile,
    name: str,
    budget: Budget,
    parser,
    *,
    not_valid: Callable[[], TranscriptError],
) -> None:
    """Inflate one part chunk by chunk into ``parser``, counting every byte inflated.

    Office only deflates, and never encrypts a part: anything else is ``not_valid``, as is
    broken XML or a broken archive. Errors the parser's handlers raise (limits) pass through.
    """
    info = archive.getinfo(name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
        raise not_valid()
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK_BYTES):
                budget.spend_bytes(len(chunk))
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except TranscriptError:
        raise
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        raise not_valid() from error


def xml_parser(start, end=None, text=None, *, refuse: Callable[..., None]):
    """An expat parser with namespaces that calls ``refuse`` (which must raise) on any DTD,
    entity declaration or external reference."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.buffer_text = True
    parser.buffer_size = CHUNK_BYTES
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser
