"""The demo's data files and manifest are consistent: every file imports, every highlight is in
its note exactly once, every name used is defined.

These run without an app or a database: each file is read by the same importers as an upload,
and its speakers renamed as the manifest maps them (``rename_speakers``, as the import does).
A failure here means `flask demo-data` would stop, or would load evidence that does not trace
back to its source.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from functools import cache

import pytest

from discovery.core.vocab import (
    CONSENT_SCOPES,
    DIGITAL_CONFIDENCE,
    FINDING_KINDS,
    JOURNEY_STAGES,
    METHODS,
    ROLES,
    SEGMENTS,
    TAG_COLOURS,
)
from discovery.demo.manifest import (
    KEEP,
    LATER_SECTIONS,
    RESEARCHER,
    Manifest,
    ManifestError,
    data_dir,
    load_manifest,
    read_codebook,
    read_note,
)
from research_notes.importers import ParsedTranscript, rename_speakers
from research_notes.tags.codebook_formats import walk

UK_PHONE = re.compile(r"(?:\+44\s?|\b0)\d(?:[\s-]?\d){8,9}\b")
EMAIL_DOMAINS = (
    "@discovery.example",
    "@npt.example.gov.wales",
    "@torfaen.example.gov.wales",
    "@blaenau-gwent.example.gov.wales",
    "@cadwyn.example.com",
)
WELSH_WORDS = {
    "yn",
    "y",
    "yr",
    "a",
    "ac",
    "i",
    "o",
    "mae",
    "ddim",
    "fy",
    "ei",
    "wedi",
    "roedd",
    "fod",
    "gyda",
}
ENGLISH_WORDS = {"the", "and", "is", "was", "of", "to", "it", "that", "with"}


@cache
def manifest() -> Manifest:
    return load_manifest()


@cache
def imported(key: str) -> ParsedTranscript:
    """The note as the import saves it, before personal data is replaced."""
    note = next(n for n in manifest().notes if n.key == key)
    parsed = read_note(manifest(), note)
    codes = {label: ("Researcher" if who == RESEARCHER else who) for label, who in note.speakers.items()}
    codes = {label: code for label, code in codes.items() if code != KEEP}
    return rename_speakers(parsed, codes)


def participants():
    return {p.pseudonym: p for p in manifest().participants}


def councils():
    return {a.code for a in manifest().authorities if a.kind == "council"}


def councils_of(note) -> set[str]:
    return {participants()[p].authority for p in note.all_participants}


def test_the_demo_has_its_usual_size():
    m = manifest()
    assert len(m.participants) == 25
    assert len(m.notes) == 25
    assert sum(imported(n.key).has_timeline for n in m.notes) == 13
    assert [n.key for n in m.notes if n.language == "cy"] == ["npt-p03-cyfweliad"]
    assert len(m.highlights) == 169


def test_the_files_cover_every_upload_format():
    formats = Counter(imported(n.key).format for n in manifest().notes)
    assert formats["speaker_timestamp"] >= 5
    assert formats["vtt"] >= 2 and formats["srt"] >= 2 and formats["docx"] >= 2
    assert formats["text"] >= 1 and formats["markdown"] >= 1
    extensions = {n.filename.rsplit(".", 1)[1] for n in manifest().notes}
    assert extensions == {"txt", "md", "vtt", "srt", "docx"}


def test_every_file_is_read_as_its_format_without_surprises():
    for note in manifest().notes:
        parsed = imported(note.key)
        if note.filename.endswith((".vtt", ".srt", ".docx")):
            assert parsed.has_timeline and not parsed.warnings, (note.file, parsed.warnings)
        assert parsed.body.strip(), note.file


def test_the_docx_files_are_small():
    for note in manifest().notes:
        if note.filename.endswith(".docx"):
            assert len(manifest().file(note.file).read_bytes()) < 60_000, note.file


def test_every_highlight_is_found_exactly_once_in_its_imported_note():
    for highlight in manifest().highlights:
        body = imported(highlight.note).body
        assert body.count(highlight.text) == 1, highlight.where


def test_every_highlight_tag_is_in_the_codebook_file():
    read_codebook(manifest())  # raises, naming the highlight, for a tag that is not
    names = {node.name for node, _ in walk(read_codebook(manifest()).roots)}
    assert all(set(h.tags) <= names for h in manifest().highlights)


def test_the_codebook_is_a_hierarchy_of_unique_tags():
    nodes = list(walk(read_codebook(manifest()).roots))
    names = [node.name for node, _ in nodes]
    assert len(names) == len(set(names)) == 25
    assert all(node.colour in TAG_COLOURS and node.description for node, _ in nodes)
    assert sum(1 for node, _ in nodes if node.children) >= 5


def test_transcript_speakers_become_researchers_or_the_notes_participants():
    for note in manifest().notes:
        for speaker in imported(note.key).speakers:
            assert speaker in {"Researcher", "Ymchwilydd", *note.all_participants}, (note.key, speaker)


def test_every_participant_referenced_exists_and_had_consented_by_then():
    for note in manifest().notes:
        assert note.all_participants, note.key
        for pseudonym in note.all_participants:
            assert participants()[pseudonym].consent_date <= note.held_on, (note.key, pseudonym)


def test_every_participant_appears_in_a_note():
    seen = {p for note in manifest().notes for p in note.all_participants}
    assert seen == set(participants())


def test_the_welsh_note_is_in_welsh_and_with_a_welsh_speaker():
    (note,) = [n for n in manifest().notes if n.language == "cy"]
    words = re.findall(r"[a-zâêîôûŵŷ']+", imported(note.key).body.lower())
    welsh = sum(w in WELSH_WORDS for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    assert welsh > 0.1 * len(words) and english < welsh / 5, (welsh, english, len(words))
    assert any(participants()[p].preferred_language == "cy" for p in note.all_participants)


def test_users_are_fictional_with_every_role_and_the_demo_sign_in_is_a_researcher():
    users = manifest().users
    assert all(u.email.endswith(EMAIL_DOMAINS) for u in users)
    assert {u.role for u in users} == set(ROLES)
    (demo,) = [u for u in users if u.email == "researcher@discovery.example"]
    assert demo.role == "researcher" and set(demo.authorities) == councils()
    assert manifest().discovery.members[0] == demo.email


def test_participants_are_varied_and_some_did_not_agree_to_quotes():
    people = manifest().participants
    assert {p.segment for p in people} == set(SEGMENTS)
    assert {p.authority for p in people} == councils()
    assert min(Counter(p.authority for p in people).values()) >= 5
    assert {p.digital_confidence for p in people} >= set(DIGITAL_CONFIDENCE)
    assert sum(bool(p.access_needs) for p in people) >= 4
    assert all("notes" in p.consent_scope for p in people), "a note cannot be kept without consent to notes"
    assert sum(set(p.consent_scope) != set(CONSENT_SCOPES) for p in people) >= 3
    assert [p.pseudonym for p in people if "quotes" not in p.consent_scope] == ["P09", "P21"]


def test_notes_fall_within_the_discovery_and_cover_every_method_and_council():
    m = manifest()
    researchers = {u.email for u in m.users if u.role == "researcher"}
    for note in m.notes:
        assert m.discovery.start <= note.held_on <= m.discovery.end, note.key
        assert note.researcher in researchers
    assert {n.method for n in m.notes} == set(METHODS)
    for council in councils():
        assert sum(council in councils_of(n) for n in m.notes) >= 6


def test_note_lengths_and_no_contact_details():
    words = {n.key: len(imported(n.key).body.split()) for n in manifest().notes}
    assert all(200 <= w <= 900 for w in words.values()), words
    assert 12_000 <= sum(words.values()) <= 16_000
    for note in manifest().notes:
        body = imported(note.key).body
        assert "@" not in body and not UK_PHONE.search(body), note.key


def test_highlights_use_the_vocabulary_and_cover_every_kind_stage_and_leaf_tag():
    highlights = manifest().highlights
    for note in manifest().notes:
        assert 3 <= len(manifest().highlights_of(note.key)) <= 7, note.key
        texts = [h.text for h in manifest().highlights_of(note.key)]
        assert len(texts) == len(set(texts)), note.key
    assert {h.kind for h in highlights} == set(FINDING_KINDS)
    assert {h.stage for h in highlights} >= set(JOURNEY_STAGES)
    leaves = {node.name for node, _ in walk(read_codebook(manifest()).roots) if not node.children}
    assert leaves <= {t for h in highlights for t in h.tags}


def test_quote_highlights_only_from_participants_who_agreed_to_quotes():
    notes = {n.key: n for n in manifest().notes}
    for highlight in manifest().highlights:
        if highlight.kind == "quote":
            for pseudonym in notes[highlight.note].all_participants:
                assert "quotes" in participants()[pseudonym].consent_scope, highlight.where


def test_main_themes_recur_across_councils():
    notes = {n.key: n for n in manifest().notes}
    councils_by_tag = defaultdict(set)
    for highlight in manifest().highlights:
        for tag in highlight.tags:
            councils_by_tag[tag] |= councils_of(notes[highlight.note])
    themes = ["Cost", "Digital skills", "Confidence", "Connectivity", "Finding information", "Jargon"]
    themes += ["Phone queues", "Repeating the story", "Waiting times", "Carer's assessment", "Face to face"]
    themes += ["Trusted people", "Pilots", "Staff confidence", "Out of hours"]
    for theme in themes:
        assert councils_by_tag[theme] == councils(), (theme, councils_by_tag[theme])


# The manifest refuses mistakes, naming the file and the entry --------------------------------


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    return folder


def edit(folder, old: str, new: str) -> None:
    path = folder / "manifest.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'method = "interview"',
            'method = "interveiw"',
            "notes[0] (npt-p01-interview): unknown method 'interveiw'",
        ),
        (
            'file = "notes/npt-p01-interview.txt"',
            'file = "notes/npt-p01-interview.text"',
            "notes[0] (npt-p01-interview): the file notes/npt-p01-interview.text does not exist",
        ),
        ('"P01" = "P01"', '"P01" = "P99"', "speaker 'P01' must map to a participant's pseudonym"),
        ('note = "npt-p01-interview"', 'note = "npt-p01"', "highlights[0] (note 'npt-p01'): unknown note"),
        ('kind = "council"', 'kind = "county"', "authorities[0]: unknown kind 'county'"),
        ("format = 1", "format = 1\n[[themez]]\nlabel = 'x'", "unknown section 'themez'"),
        (
            'segment = "resident"',
            'segment = "resident"\nsegmnet = "x"',
            "participants[0] (P01): unknown field",
        ),
    ],
)
def test_a_mistake_in_the_manifest_is_named(data, old, new, message):
    edit(data, old, new)
    with pytest.raises(ManifestError, match=re.escape(message)):
        load_manifest(data)


def test_a_later_area_can_add_its_own_section(data):
    edit(data, "format = 1", "format = 1\n[[summaries]]\ntitle = 'Getting a care assessment'")
    loaded = load_manifest(data, extra_sections=[*LATER_SECTIONS, "summaries"])
    assert loaded.sections["summaries"] == [{"title": "Getting a care assessment"}]


def test_an_unknown_tag_in_a_highlight_is_named(data):
    edit(data, 'tags = ["Phone queues"]', 'tags = ["Phone queue"]')
    with pytest.raises(
        ManifestError, match=r"highlights\[0\] \(note 'npt-p01-interview'.*no tag 'Phone queue'"
    ):
        read_codebook(load_manifest(data))


def test_a_speaker_the_manifest_does_not_map_is_named(data):
    edit(data, 'speakers = { "Researcher" = "researcher", "P01" = "P01" }', 'speakers = { "P01" = "P01" }')
    loaded = load_manifest(data)
    with pytest.raises(ManifestError, match="notes/npt-p01-interview.txt has speakers 'Researcher'"):
        read_note(loaded, loaded.notes[0])
