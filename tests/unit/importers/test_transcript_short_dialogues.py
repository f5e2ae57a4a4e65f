"""Short typed-up conversations, ``Name: text`` on each line, whatever the file's encoding.

Issue 8, 6.7: a two-turn transcript saved by Word on an old laptop (Windows-1252, curly quotes,
CRLF) was read as one paragraph with no speakers, because an untimed name had to be used at
least twice to count.
"""

from __future__ import annotations

import codecs

import pytest

from research_notes.importers import parse_transcript

TWO_TURNS = (
    "Siân: Mae’n anodd cael gafael ar rywun ar y ffôn.\r\n"
    "Rhodri: Ie, dw i’n deall. Beth ddigwyddodd wedyn?\r\n"
)
ENCODINGS = [
    ("cp1252", b"", "Windows-1252"),
    ("utf-8", codecs.BOM_UTF8, "UTF-8 with BOM"),
    ("utf-16", b"", "UTF-16"),
    ("utf-16-le", b"", "UTF-16"),
    ("utf-8", b"", "UTF-8"),
]


@pytest.mark.parametrize(("codec", "prefix", "encoding"), ENCODINGS)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_a_two_turn_dialogue_is_read_as_two_speakers(codec, prefix, encoding, newline):
    data = prefix + TWO_TURNS.replace("\r\n", newline).encode(codec)

    parsed = parse_transcript(data, "nodiadau.txt")

    assert parsed.encoding == encoding
    assert parsed.format == "speaker_timestamp"
    assert parsed.speakers == ("Siân", "Rhodri")
    assert [u.text for u in parsed.utterances] == [
        "Mae’n anodd cael gafael ar rywun ar y ffôn.",
        "Ie, dw i’n deall. Beth ddigwyddodd wedyn?",
    ]


def test_a_name_used_once_among_names_used_twice_keeps_its_own_turn():
    parsed = parse_transcript(b"Sian: Helo.\n\nRhodri: Shwmae.\n\nSian: Diolch.\n", "notes.txt")

    assert [(u.speaker, u.text) for u in parsed.utterances] == [
        ("Sian", "Helo."),
        ("Rhodri", "Shwmae."),
        ("Sian", "Diolch."),
    ]


def test_a_title_above_a_short_dialogue_is_kept_as_its_first_part():
    parsed = parse_transcript("Galwad ffôn\r\n\r\n".encode("cp1252") + TWO_TURNS.encode("cp1252"), "n.txt")

    assert parsed.speakers == ("Siân", "Rhodri")
    assert parsed.utterances[0].speaker is None
    assert parsed.utterances[0].text == "Galwad ffôn"


@pytest.mark.parametrize(("codec", "prefix", "encoding"), ENCODINGS)
def test_one_turn_is_kept_as_a_note_with_its_name_in_the_text(codec, prefix, encoding):
    """One ``Name:`` line is as likely a note ("Siân: ring back Tuesday") as speech, so it is
    read as plain text; nothing is lost and the researcher can still edit it."""
    data = prefix + "Siân: Mae’n anodd cael gafael ar rywun.\r\n".encode(codec)

    parsed = parse_transcript(data, "nodyn.txt")

    assert parsed.encoding == encoding
    assert parsed.format == "text"
    assert parsed.body == "Siân: Mae’n anodd cael gafael ar rywun."


def test_notes_headings_are_still_not_speakers():
    parsed = parse_transcript(b"Summary: long waits.\nAction: ring the carers' centre.\n", "notes.txt")

    assert parsed.format == "text"
    assert parsed.speakers == ()


def test_notes_with_a_paragraph_that_starts_without_a_name_are_not_a_dialogue():
    source = b"Sian: long waits on the phone.\n\nThe website was hard to use.\n\nRhodri: agrees.\n"

    parsed = parse_transcript(source, "notes.txt")

    assert parsed.format == "text"
