"""Text files are decoded the way they were saved, and the encoding is reported."""

from __future__ import annotations

import codecs

import pytest

from research_notes.importers import decode_text, parse_transcript

WELSH = "Siân ap Dafydd (00:00:04):\nMae'r ciw ffôn yn rhy hir. Dw i'n gofalu am fy ŵyr.\n"
ENGLISH = "Gareth Price (00:00:04):\nThe phone queue – forty minutes – was “too long”.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (WELSH.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + WELSH.encode("utf-8"), "UTF-8 with BOM"),
        (WELSH.encode("utf-16"), "UTF-16"),
        (codecs.BOM_UTF16_BE + WELSH.encode("utf-16-be"), "UTF-16"),
        (WELSH.encode("utf-16-le"), "UTF-16"),
        (WELSH.encode("utf-16-be"), "UTF-16"),
        (WELSH.encode("utf-32"), "UTF-32"),
    ],
)
def test_unicode_encodings_are_detected(data, encoding):
    text, used = decode_text(data)

    assert used == encoding
    assert text == WELSH.rstrip("\n")


def test_windows_1252_is_the_fallback_and_is_flagged():
    parsed = parse_transcript(ENGLISH.encode("cp1252"), "old-laptop.txt")

    assert parsed.encoding == "Windows-1252"
    assert parsed.utterances[0].text == "The phone queue – forty minutes – was “too long”."
    assert parsed.warnings[0].startswith("The file was not saved as UTF-8")


def test_line_endings_are_normalised():
    text, _ = decode_text(b"one\r\ntwo\rthree\nfour\x0cfive\xe2\x80\xa8six")

    assert text == "one\ntwo\nthree\nfour\nfive\nsix"


def test_text_is_put_in_nfc_form_and_no_break_spaces_become_spaces():
    text, _ = decode_text("w\u0302 and\u00a0ŵ".encode())

    assert text == "ŵ and ŵ"


def test_utf16_with_broken_surrogates_is_still_read():
    data = codecs.BOM_UTF16_LE + "Carer".encode("utf-16-le") + b"\x00\xd8" + b"A\x00"

    parsed = parse_transcript(data, "broken.txt")

    assert parsed.encoding == "UTF-16"
    assert parsed.body.startswith("Carer")
    assert any("could not be read as UTF-16" in warning for warning in parsed.warnings)
