"""Stored note bodies split back into the utterances they were written from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from research_notes.importers import parse_transcript
from research_notes.utterances import split_utterances

MIXED = (
    "Jane Smith:\nHello there.\n\n[00:12:30]\nTimed only.\n\n"
    "P07 (00:13:00):\nBoth.\n\nSummary:\nNot a speaker."
)


def test_typed_notes_only_trust_name_and_time_headings():
    spans = split_utterances(MIXED)
    assert [s.speaker for s in spans] == [None, None, "P07"]


def test_imported_transcripts_also_split_at_name_only_and_time_only_headings():
    spans = split_utterances(MIXED, transcript=True)
    assert [(s.speaker, s.start_seconds, s.text) for s in spans] == [
        ("Jane Smith", None, "Hello there."),
        (None, 750.0, "Timed only."),
        ("P07", 780.0, "Both."),
        ("Summary", None, "Not a speaker."),
    ]


def test_an_importers_body_splits_back_into_the_same_utterances():
    source = (
        b"Jane Smith: Did anyone call you back?\nP07: No. Nobody.\nJane Smith: Not once?\nP07: Not once.\n"
    )
    parsed = parse_transcript(source, "notes.txt")
    spans = split_utterances(parsed.body, transcript=True)
    assert [(s.speaker, s.text) for s in spans] == [(u.speaker, u.text) for u in parsed.utterances]


@given(st.text(max_size=400))
def test_offsets_always_point_at_the_text(body):
    for transcript in (False, True):
        for span in split_utterances(body, transcript=transcript):
            assert body[span.char_start : span.char_end] == span.text
