"""Note services on every supported database: listing order and filters, edits, imports."""

from __future__ import annotations

from datetime import date

from discovery.extensions import db
from research_notes.findings import services as findings_services
from research_notes.importers import parse_transcript
from research_notes.notes import services
from tests.factories import DiscoveryFactory, ParticipantFactory, UserFactory


def test_notes_are_listed_newest_first_with_counts_and_filters_on_each_database(any_db_app):
    discovery = DiscoveryFactory()
    p1 = ParticipantFactory(discovery=discovery, pseudonym="P01")
    early = services.create_note(
        discovery, title="Early", body="One.", held_on=date(2026, 1, 2), participants=[p1]
    )
    services.create_note(discovery, title="Undated", body="Two.")
    services.create_note(
        discovery, title="Late", body="Three.", held_on=date(2026, 5, 6), method="observation"
    )
    findings_services.create_finding(early, 0, 3, kind="quote")
    db.session.commit()

    rows = services.list_notes(discovery)
    assert [(r.note.title, r.findings) for r in rows] == [("Late", 0), ("Early", 1), ("Undated", 0)]
    assert [r.note.title for r in services.list_notes(discovery, participant_id=p1.id)] == ["Early"]
    assert [r.note.title for r in services.list_notes(discovery, method="observation")] == ["Late"]


def test_an_edit_and_an_import_keep_offsets_exact_on_each_database(any_db_app):
    discovery = DiscoveryFactory()
    p7 = ParticipantFactory(discovery=discovery, pseudonym="P07")
    researcher = UserFactory()
    note = services.create_note(
        discovery, title="Visit", body="P07 (00:00:01):\nFirst.\n\nP07 (00:00:04):\nSecond."
    )
    db.session.commit()
    data = services.NoteData(
        title="Visit",
        body="P07 (00:00:01):\nFirst, edited.",
        held_on=None,
        method="interview",
        channel=None,
        language="en",
        participants=[p7],
        researcher=researcher,
    )
    services.update_note(note, data, expected_version=note.version)
    db.session.commit()
    assert [u.text for u in note.utterances] == ["First, edited."]

    parsed = parse_transcript(b"Gareth Price (00:00:02):\nRing 07700 900123.\n", "call.txt")
    choices = services.ImportChoices(
        speakers={"Gareth Price": p7},
        replace={item.id for item in services.personal_data_in(parsed)},
        title="Call",
    )
    result = services.complete_import(discovery, parsed, choices, filename="call.txt", actor=researcher)
    db.session.commit()
    imported = result.note
    assert imported.body == "P07 (00:00:02):\nRing [PHONE]."
    for u in [*note.utterances, *imported.utterances]:
        assert u.note.body[u.char_start : u.char_end] == u.text


def test_only_one_of_two_submits_of_a_review_can_claim_it(any_db_app):
    discovery = DiscoveryFactory()
    user = UserFactory()
    pending = services.start_import(discovery, user, "call.txt", b"Notes from the call.", max_bytes=1000)
    db.session.commit()
    first = db.session.get(type(pending), pending.id)

    assert services.claim_import(first) is True
    assert services.claim_import(first) is False
    db.session.commit()
    assert services.pending_import(discovery, pending.id) is None
