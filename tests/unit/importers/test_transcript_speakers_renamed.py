"""Speakers are renamed to pseudonyms, and a stored body splits back into the same utterances."""

from __future__ import annotations

import pytest

from research_notes.importers import parse_transcript, rename_speakers
from research_notes.utterances import split_utterances

from . import samples
from .samples import CARER, RESEARCHER


def test_rename_replaces_speakers_in_utterances_and_body():
    parsed = parse_transcript(samples.teams_vtt().encode(), "interview.vtt")

    renamed = rename_speakers(parsed, {CARER: "P07", RESEARCHER: "Researcher"})

    assert renamed.speakers == ("Researcher", "P07")
    assert [u.speaker for u in renamed.utterances][:2] == ["Researcher", "P07"]
    assert CARER not in renamed.body and RESEARCHER not in renamed.body
    assert renamed.body.startswith("Researcher (00:00:03):\nThanks for making the time, Gareth.")
    for utterance in renamed.utterances:
        assert renamed.body[utterance.offset :].startswith(utterance.text)
    assert [u.text for u in renamed.utterances] == [u.text for u in parsed.utterances]


def test_rename_keeps_unmapped_speakers_and_ignores_unknown_labels():
    parsed = parse_transcript(samples.otter_txt().encode(), "interview.txt")

    renamed = rename_speakers(parsed, {CARER: "P07", "Someone else": "P99"})

    assert renamed.speakers == (RESEARCHER, "P07")


def test_two_speakers_mapped_to_one_become_one_speaker():
    parsed = parse_transcript(samples.zoom_vtt().encode(), "interview.vtt")

    renamed = rename_speakers(parsed, {CARER: "Participant", RESEARCHER: "Participant"})

    assert renamed.speakers == ("Participant",)
    assert len(renamed.utterances) == len(parsed.utterances)


def test_rename_leaves_notes_without_speakers_alone():
    parsed = parse_transcript(b"Gareth Price said the queue was long.", "notes.txt")

    assert rename_speakers(parsed, {"Gareth Price": "P07"}) == parsed


def test_a_blank_replacement_is_a_mistake():
    parsed = parse_transcript(samples.otter_txt().encode(), "interview.txt")

    with pytest.raises(ValueError, match="blank"):
        rename_speakers(parsed, {CARER: "  "})


def test_teams_guest_labels_keep_the_body_splittable():
    source = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Gareth Price (Guest)>Hello.</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Rhian Evans>Hi.</v>\n"
    )

    parsed = parse_transcript(source.encode(), "teams.vtt")

    assert parsed.speakers == ("Gareth Price [Guest]", "Rhian Evans")


@pytest.mark.parametrize(
    ("build", "filename"),
    [
        (lambda: samples.otter_txt().encode(), "otter.txt"),
        (lambda: samples.teams_vtt().encode(), "teams.vtt"),
        (lambda: samples.zoom_vtt().encode(), "zoom.vtt"),
        (lambda: samples.srt().encode(), "captions.srt"),
        (samples.teams_docx, "teams.docx"),
        (samples.notes_docx, "notes.docx"),
        (lambda: b"Visit notes\n\nQueue was long.\nStaff were kind.\n\n# Heading\ntext", "n.md"),
    ],
)
def test_the_app_splits_an_imported_body_into_the_same_utterances(build, filename):
    """``research_notes.utterances`` re-splits stored bodies; it must agree with the importer
    for speaker-and-time transcripts and for notes without speakers."""
    parsed = parse_transcript(build(), filename)

    spans = split_utterances(parsed.body)

    assert [(s.speaker, s.text, s.char_start) for s in spans] == [
        (u.speaker, u.text, u.offset) for u in parsed.utterances
    ]
    assert [s.start_seconds for s in spans] == [
        None if u.start_seconds is None else int(u.start_seconds) for u in parsed.utterances
    ]
