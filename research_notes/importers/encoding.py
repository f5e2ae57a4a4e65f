"""Turn uploaded bytes into clean text, and say how they were read.

Transcripts arrive from Word on old council laptops (Windows-1252), from Teams and Zoom
(UTF-8, sometimes with a byte order mark) and from Notepad's "Unicode" option (UTF-16). We try
the encodings a file declares first, then the likely ones, and refuse files that are not text
at all rather than storing mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from .results import N_, TranscriptError

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with BOM"
UTF16 = "UTF-16"
UTF32 = "UTF-32"
WINDOWS_1252 = "Windows-1252"

NOT_TEXT = N_("The selected file must be a text file. It contains data that is not text")

# First bytes of files people pick by mistake, and what to call them in the error.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip file or an Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Office document"),
    (b"{\\rtf", "a Rich Text Format (.rtf) document"),
    (b"\x89PNG", "an image"),
    (b"GIF8", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"ID3", "a sound file"),
    (b"OggS", "a sound file"),
    (b"fLaC", "a sound file"),
    (b"RIFF", "a sound or video file"),
    (b"\x1aE\xdf\xa3", "a video file"),
    (b"\x1f\x8b", "a compressed file"),
)
# The error for each kind, whole sentences so each can be translated as one.
NOT_TEXT_LIKE = {
    "a PDF": N_("The selected file must be a text file. It looks like a PDF"),
    "a zip file or an Office document": N_(
        "The selected file must be a text file. It looks like a zip file or an Office document"
    ),
    "an older Office document": N_(
        "The selected file must be a text file. It looks like an older Office document"
    ),
    "a Rich Text Format (.rtf) document": N_(
        "The selected file must be a text file. It looks like a Rich Text Format (.rtf) document"
    ),
    "an image": N_("The selected file must be a text file. It looks like an image"),
    "a sound file": N_("The selected file must be a text file. It looks like a sound file"),
    "a sound or video file": N_("The selected file must be a text file. It looks like a sound or video file"),
    "a video file": N_("The selected file must be a text file. It looks like a video file"),
    "a compressed file": N_("The selected file must be a text file. It looks like a compressed file"),
}

# Characters that are never text in a transcript: C0 controls other than tab and line breaks,
# DEL, C1 controls, and stray byte order marks or non-characters.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_ODD_SPACES = re.compile("[\u00a0\u2007\u202f]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)

# Above this share of control or replacement characters (and this many) a file is binary.
_MAX_JUNK_RATIO = 0.05
_MIN_JUNK = 8


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str
    encoding: str
    removed_characters: int


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of non-text file ``data`` starts like ("a PDF"), or ``None``."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[4:8] == b"ftyp":
        return "a sound or video file"
    return None


def _guess_utf16(data: bytes) -> str | None:
    """Spot UTF-16 without a byte order mark from where the zero bytes fall.

    English and Welsh text in UTF-16 has a zero in every other byte; binary files have zeros
    scattered in both positions.
    """
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_zeros = sample[0 : pairs * 2 : 2].count(0)
    odd_zeros = sample[1 : pairs * 2 : 2].count(0)
    if odd_zeros >= 0.3 * pairs and even_zeros <= 0.02 * pairs:
        return "utf-16-le"
    if even_zeros >= 0.3 * pairs and odd_zeros <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), UTF8_BOM
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace"), UTF32
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), UTF16
    guess = _guess_utf16(data)
    if guess is not None:
        text = data.decode(guess, errors="replace")
        if text.count("\ufffd") <= len(text) // 100:
            return text, UTF16
    if b"\x00" in data:
        raise TranscriptError(NOT_TEXT)
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), WINDOWS_1252


def _tidy(text: str) -> tuple[str, int]:
    """The tidying every text gets: ``\n`` line endings, no control characters or stray byte
    order marks, plain spaces, no trailing spaces, Unicode NFC.

    Returns the text and how many characters were removed.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text, removed = _CONTROL.subn("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("", text)
    return unicodedata.normalize("NFC", text), removed


def decode_and_clean(data: bytes, *, strip_blank_lines: bool = True) -> CleanText:
    """Decode ``data`` and tidy it into the text a note stores.

    Line endings become ``\\n``; control characters, stray byte order marks and trailing
    spaces go; no-break spaces become spaces; the text is put in Unicode NFC form so that
    "ŵ" typed two ways is found by one search. Blank lines at the start and end go too, unless
    ``strip_blank_lines`` is false (a spreadsheet, whose row numbers must stay the file's).
    Raises :class:`TranscriptError` when the bytes are not text.
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise TranscriptError(NOT_TEXT_LIKE[kind])
    text, encoding = _decode(data)
    junk = len(text) - len(_JUNK.sub("", text))  # a count, not a list of every match
    if junk > max(_MIN_JUNK, _MAX_JUNK_RATIO * len(text)):
        raise TranscriptError(NOT_TEXT)
    text, removed = _tidy(text)
    return CleanText(text.strip("\n") if strip_blank_lines else text, encoding, removed)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode uploaded bytes; return the clean text and the encoding as a person would name it.

    Tries, in order: a byte order mark (UTF-8, UTF-32, UTF-16), UTF-16 without a mark (guessed
    from the pattern of zero bytes), strict UTF-8, then Windows-1252. Raises
    :class:`TranscriptError` for files that are not text (known binary signatures, zero bytes
    outside UTF-16, or more than 5% control characters).
    """
    clean = decode_and_clean(data)
    return clean.text, clean.encoding


def clean_fragment(text: str) -> str:
    """Tidy text that did not come from bytes (a Word paragraph) the same way as a file."""
    return _tidy(text)[0]
