"""Hostile uploads are refused (or read) with a clear message after bounded work.

Every assertion here is about work done — bytes inflated, elements and paragraphs parsed,
function calls made — never about time; the seconds and memory are in bench/hostile_uploads.py.
"""

from __future__ import annotations

import zipfile

import pytest

from research_notes.importers import TranscriptError, limits, parse_transcript, word

from . import hostile
from .work import steps

MAX_BYTES = 10 * 1024 * 1024
CORPUS = {h.name: h for h in hostile.corpus()}


def outcome(h: hostile.Hostile) -> str | None:
    try:
        parse_transcript(h.data, h.name, max_bytes=MAX_BYTES)
    except TranscriptError as error:
        return str(error)
    return None


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_hostile_file_is_refused_with_a_clear_message_or_read(name):
    h = CORPUS[name]
    message = outcome(h)

    if h.expect is None:
        assert message is None
    else:
        assert message is not None and message.startswith(h.expect)
        assert message.endswith(("one at a time", "upload it again", "upload that"))


@pytest.fixture
def inflated(monkeypatch):
    """Counts the bytes that come out of the zip decompressor."""
    total = {"bytes": 0}
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = read(self, n)
        total["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return total


def test_a_zip_bomb_is_stopped_once_the_budget_of_inflated_bytes_is_spent(inflated):
    data = CORPUS["zip-bomb.docx"].data  # 60 MB inside 60 KB

    with pytest.raises(limits.TooMuchWork) as caught:
        parse_transcript(data, "bomb.docx")

    assert caught.value.limit == "inflated_bytes"
    assert limits.MAX_INFLATED_BYTES < inflated["bytes"] <= limits.MAX_INFLATED_BYTES + 2 * word.CHUNK_BYTES


def test_headers_that_understate_a_size_do_not_let_more_be_inflated(inflated):
    data = CORPUS["lying-zip-headers.docx"].data  # headers say 4 KB, the data holds 60 MB

    assert outcome(CORPUS["lying-zip-headers.docx"]).startswith(hostile.NOT_WORD)
    assert inflated["bytes"] <= 4096 + 2048  # the claimed size and the small parts, no more
    assert len(data) < 300_000


def test_a_paragraph_bomb_is_refused_at_the_first_paragraph_over_the_limit():
    budget = word.Budget()

    with pytest.raises(limits.TooMuchWork) as caught:
        word.read_word(CORPUS["paragraph-bomb-small.docx"].data, budget)

    assert caught.value.limit == "paragraphs"
    assert budget.paragraphs == limits.MAX_PARAGRAPHS + 1
    assert budget.elements <= 4 * (limits.MAX_PARAGRAPHS + 1) + 10  # w:p, w:r, w:t each, no more


def test_a_large_paragraph_bomb_costs_no_more_than_a_small_one():
    small, large = word.Budget(), word.Budget()
    for data, budget in (
        (CORPUS["paragraph-bomb-small.docx"].data, small),
        (hostile.paragraph_bomb(10**6), large),
    ):
        with pytest.raises(limits.TooMuchWork):
            word.read_word(data, budget)

    assert (large.elements, large.paragraphs) == (small.elements, small.paragraphs)


def test_deep_nesting_is_refused_at_the_depth_limit():
    budget = word.Budget()

    with pytest.raises(limits.TooMuchWork) as caught:
        word.read_word(CORPUS["deeply-nested.docx"].data, budget)

    assert caught.value.limit == "depth"
    assert budget.elements <= limits.MAX_DEPTH + 5


def test_entities_are_never_expanded_because_a_document_type_declaration_is_refused():
    budget = word.Budget()

    with pytest.raises(TranscriptError, match="is not a Word document"):
        word.read_word(CORPUS["billion-laughs.docx"].data, budget)

    # Only [Content_Types].xml's three elements: the document was refused at <!DOCTYPE.
    assert (budget.elements, budget.characters) == (3, 0)


def test_too_many_elements_are_refused_at_the_element_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 1000)
    budget = word.Budget()
    data = hostile.word_document([b"<w:p><w:r>" + b"<w:b/>" * 5000 + b"</w:r></w:p>"])

    with pytest.raises(limits.TooMuchWork) as caught:
        word.read_word(data, budget)

    assert caught.value.limit == "elements"
    assert budget.elements == 1001


def test_a_word_document_with_more_text_than_a_note_holds_is_refused():
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 10_000 + b"</w:t></w:r></w:p>"

    with pytest.raises(limits.TooMuchWork) as caught:
        parse_transcript(hostile.word_document([paragraph * 101]), "long.docx")

    assert caught.value.limit == "characters"


def test_a_million_cues_are_refused_by_counting_lines_before_any_cue_is_read():
    calls = steps(lambda: outcome(CORPUS["million-cues.vtt"]))

    assert outcome(CORPUS["million-cues.vtt"]).startswith("The file has more than 200,000 lines")
    assert calls < 1000  # decoded and counted, never split into lines


def test_thousands_of_cues_by_one_speaker_become_one_turn_in_linear_work():
    def parse(cues: int):
        return lambda: parse_transcript(hostile.one_speaker_cues(cues), "one.vtt")

    parsed = parse(2000)()
    one, two = steps(parse(2000)), steps(parse(4000))

    assert len(parsed.utterances) == 1
    assert parsed.utterances[0].text == " ".join(["aye"] * 2000)
    assert two < 2.1 * one


def test_text_that_is_not_utf8_is_read_as_windows_1252_with_a_warning():
    parsed = parse_transcript(CORPUS["invalid-utf8.txt"].data, "old.txt")

    assert parsed.encoding == "Windows-1252"
    assert parsed.warnings[0].startswith("The file was not saved as UTF-8")


def test_utf16_without_a_byte_order_mark_is_read_as_utf16():
    parsed = parse_transcript(CORPUS["utf16-no-bom.txt"].data, "notepad.txt")

    assert parsed.encoding == "UTF-16"
    assert parsed.speakers == ("Gareth Price",)
    assert len(parsed.utterances) == 2000
