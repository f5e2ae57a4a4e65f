"""Markdown emphasis is imported as plain text, with offsets into the stored body."""

from __future__ import annotations

import pytest

from research_notes.importers import parse_transcript
from research_notes.importers.plain import strip_emphasis


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("I asked *how* it works.", "I asked how it works."),
        ("I asked _how_ it works.", "I asked how it works."),
        ("I asked **how** it works.", "I asked how it works."),
        ("I asked __how__ it works.", "I asked how it works."),
        ("The field is snake_case_name, not a_b_c.", "The field is snake_case_name, not a_b_c."),
        ("It was 2*3*4 = 24 forms.", "It was 2*3*4 = 24 forms."),
        ("* a bullet\n* another *one*", "* a bullet\n* another one"),
        ("*not closed on this line\nnor here*", "*not closed on this line\nnor here*"),
    ],
)
def test_emphasis_markers_are_removed_but_not_inside_words(source, plain):
    assert strip_emphasis(source) == plain


def test_an_imported_markdown_file_has_no_emphasis_and_exact_offsets():
    source = "# Visit *notes*\n\nShe asked *how* it works.\n\nThe **Blue Badge** form, __again__.\n"

    parsed = parse_transcript(source.encode(), "visit.md")

    assert parsed.format == "markdown"
    assert parsed.title_suggestion == "Visit notes"
    assert "*" not in parsed.body and "__" not in parsed.body
    assert [u.text for u in parsed.utterances] == [
        "# Visit notes",
        "She asked how it works.",
        "The Blue Badge form, again.",
    ]
    for u in parsed.utterances:
        assert parsed.body[u.offset : u.offset + len(u.text)] == u.text


def test_a_plain_text_file_keeps_its_asterisks():
    parsed = parse_transcript(b"She asked *how* it works.", "visit.txt")
    assert parsed.body == "She asked *how* it works."
