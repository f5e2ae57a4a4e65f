"""Files people upload by mistake, or that tools and hand edits have broken.

Each one gives a message for the upload form, or is imported with a warning — never a crash.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from research_notes.importers import TranscriptError, parse_transcript

from . import samples
from .work import steps


def error_for(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(data, filename, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize("filename", ["recording.mp3", "summary.pdf", "notes.doc", "notes", ".txt"])
def test_unsupported_extensions_are_refused(filename):
    assert error_for(b"hello", filename) == (
        "The selected file must be a .txt, .md, .vtt, .srt or .docx file"
    )


def test_files_over_the_limit_are_refused_before_reading():
    assert error_for(b"a" * 5 * 1024 * 1024 + b"a", "big.txt") == (
        "The selected file must be smaller than 5MB"
    )
    assert error_for(b"a" * 2000, "big.vtt", max_bytes=1024) == ("The selected file must be smaller than 1KB")


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", "\ufeff  \n".encode("utf-16")],
)
def test_empty_files_are_refused(data):
    assert error_for(data, "empty.txt") == "The selected file is empty"


def test_a_word_document_with_no_text_is_empty():
    import docx

    assert error_for(samples.docx_bytes(docx.Document()), "blank.docx") == ("The selected file is empty")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
        (b"ID3\x04\x00\x00\x00\x00\x00#TSSE", "a sound file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}", "a Rich Text Format (.rtf) document"),
    ],
)
def test_known_binary_files_with_a_text_extension_are_named(data, kind):
    assert error_for(data, "transcript.txt") == (
        f"The selected file must be a text file. It looks like {kind}"
    )


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"Interview notes\x00\x00\x01\x02 with zero bytes",
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50 + b"some words",
    ],
)
def test_other_binary_data_with_a_text_extension_is_refused(data):
    assert error_for(data, "notes.txt") == (
        "The selected file must be a text file. It contains data that is not text"
    )


def test_a_few_control_characters_are_removed_with_a_warning():
    parsed = parse_transcript(b"Phone queue\x07 was long.\x1b\n\nVery long.", "notes.txt")

    assert parsed.body == "Phone queue was long.\n\nVery long."
    assert "2 characters that are not text were removed." in parsed.warnings


@pytest.mark.parametrize(
    "data",
    [
        b"this is not a zip file",
        b"PK\x03\x04 truncated zip header",
        samples.teams_docx()[:500],
    ],
)
def test_a_docx_that_is_not_a_zip_is_refused(data):
    assert error_for(data, "transcript.docx").startswith("The selected file is not a Word document (.docx)")


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "files",
    [
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not-closed"},
        {"[Content_Types].xml": b"not xml", "word/document.xml": b"<w:document/>"},
    ],
)
def test_a_zip_that_is_not_a_word_document_is_refused(files):
    assert error_for(zip_of(files), "transcript.docx").startswith(
        "The selected file is not a Word document (.docx)"
    )


def test_a_word_document_named_txt_is_read_as_word():
    parsed = parse_transcript(samples.teams_docx(), "transcript.txt")

    assert parsed.format == "docx"
    assert parsed.warnings[0].startswith("The file name ends in .txt but the file is a Word")


def test_a_zip_named_txt_is_refused():
    assert "It looks like a zip file" in error_for(zip_of({"a.csv": b"1,2"}), "t.txt")


def test_cue_with_missing_end_time_keeps_its_text_and_warns():
    source = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\n<v Gareth Price>I waited forty minutes.</v>\n\n"
        "00:01.0 -->\n<v Gareth Price>Then it cut off.</v>\n"
    )

    parsed = parse_transcript(source.encode(), "cut.vtt")

    assert parsed.utterances[0].text == "I waited forty minutes. Then it cut off."
    assert parsed.warnings == ("A cue has no end time at line 6. Its text was kept.",)


def test_text_outside_cues_is_kept_with_the_cue_before_it():
    source = (
        "1\n00:00:01,000 --> 00:00:03,000\nFirst line of the cue\n\n"
        "second paragraph typed by hand\n\n"
        "2\n00:00:04,000 --> 00:00:05,000\nNext cue\n"
    )

    parsed = parse_transcript(source.encode(), "edited.srt")

    assert parsed.utterances[0].text == "First line of the cue second paragraph typed by hand"
    assert parsed.warnings == ("Text at line 5 is not part of a cue. It was added to the cue before it.",)


def test_srt_without_blank_lines_between_cues_drops_only_the_numbers():
    source = "1\n00:00:01,000 --> 00:00:02,000\nHello\n2\n00:00:02,000 --> 00:00:03,000\nAgain\n"

    parsed = parse_transcript(source.encode(), "squashed.srt")

    assert [u.text for u in parsed.utterances] == ["Hello", "Again"]


def test_timestamps_going_backwards_are_kept_in_file_order_with_a_warning():
    source = (
        "Rhian Evans (00:10:00):\nFirst question.\n\n"
        "Gareth Price (00:09:00):\nAnswer.\n\n"
        "Rhian Evans (00:11:00):\nNext.\n\n"
        "Gareth Price (00:02:00):\nAnother.\n"
    )

    parsed = parse_transcript(source.encode(), "edited.txt")

    assert [u.start_seconds for u in parsed.utterances] == [600, 540, 660, 120]
    assert parsed.warnings == (
        "Timestamps go backwards at line 4 and 1 other place. They were kept in file order.",
    )


def test_unknown_speaker_format_falls_back_to_plain_text_and_says_so():
    source = (
        "-- 00:00:05 -- Rhian E. --\nThanks for coming.\n\n"
        "-- 00:00:09 -- Gareth P. --\nNo problem.\n\n"
        "-- 00:00:15 -- Rhian E. --\nHow did you find us?\n"
    )

    parsed = parse_transcript(source.encode(), "odd-export.txt")

    assert parsed.format == "text"
    assert len(parsed.utterances) == 3
    assert parsed.warnings == (
        "The file has times in it but no speaker format we recognise, so it was read as "
        "plain text. Speakers and times were not separated from the speech.",
    )


def test_vtt_without_cues_is_read_as_text_with_a_warning():
    parsed = parse_transcript(b"WEBVTT\n\nJust some notes pasted in.", "notes.vtt")

    assert parsed.format == "text"
    assert parsed.warnings[0].startswith("The file has no subtitle timings")


@pytest.mark.parametrize("filename", ["wall.txt", "wall.md", "wall.vtt", "wall.srt"])
def test_a_line_of_nearly_a_million_characters_is_one_utterance(filename):
    hostile = ("Jane Smith (00:00:01) " + "a: (1:2:3 [ " * 80_000).encode()

    parsed = parse_transcript(hostile, filename)

    assert len(parsed.utterances) == 1
    assert len(parsed.body) > 900_000


@pytest.mark.parametrize("filename", ["wall.txt", "wall.vtt"])
def test_reading_one_long_line_takes_the_same_work_however_long_it_is(filename):
    def parse(repeats: int):
        return lambda: parse_transcript(
            ("Jane Smith (00:00:01) " + "a: (1:2:3 [ " * repeats).encode(), filename
        )

    assert steps(parse(80_000)) == steps(parse(10_000))  # the long line is scanned by C code only


def test_many_short_lines_take_linear_work():
    """The speed figure for this file is printed by bench/import_transcripts.py."""

    def parse(copies: int):
        return lambda: parse_transcript(b"Jane: a\n[00:00:01]\n --> \n" * copies, "lines.txt")

    parsed = parse(2000)()
    one, two = steps(parse(2000)), steps(parse(4000))

    assert len(parsed.utterances) == 2001  # "Jane:" has no timed line, so is not a speaker
    assert two < 2.1 * one
    assert one < 60 * 3 * 2000  # a fixed budget of calls per line
