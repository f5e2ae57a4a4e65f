"""`flask import-notes`: bulk import from the command line, one transaction per file."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import ResearchNote
from tests.support import audit_events, count
from tests.unit.importers import samples


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def discovery(factories):
    researcher = factories.user(
        role="researcher", email="rhian@torfaen.example.gov.wales", display_name="Rhian Evans"
    )
    discovery = factories.discovery(title="Carers breaks", slug="carers-breaks", members=[researcher])
    factories.participant(discovery=discovery, pseudonym="P01", segment="unpaid_carer")
    factories.participant(discovery=discovery, pseudonym="P02")
    db.session.commit()
    return discovery


def zoom_with_contact_details() -> str:
    return samples.zoom_vtt() + (
        "\n10\n01:02:20.000 --> 01:02:25.000\n"
        "Gareth Price: You can ring me on 07700 900123 or write to gareth@example.com.\n"
    )


def test_importing_files_maps_the_participant_redacts_and_reports_each_file(runner, discovery, tmp_path):
    interview = tmp_path / "interview.vtt"
    interview.write_text(zoom_with_contact_details(), encoding="utf-8")
    notes = tmp_path / "visit notes.txt"
    notes.write_bytes(
        "Visit to the carers’ centre in Ebbw Vale.\n\nTea and cake in the café. Postcode NP23 6XE.".encode(
            "cp1252"
        )
    )

    result = runner.invoke(
        args=[
            "import-notes",
            str(interview),
            str(notes),
            "--discovery",
            "carers-breaks",
            "--participant",
            "P01",
            "--researcher",
            "rhian@torfaen.example.gov.wales",
            "--method",
            "interview",
        ]
    )

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "imported interview.vtt as 'Interview' (vtt, UTF-8, 8 utterances, 3 items of personal data replaced)",
        "imported visit notes.txt as 'Visit notes' (text, Windows-1252, 2 utterances, "
        "1 item of personal data replaced)",
    ]
    note = db.session.scalar(sa.select(ResearchNote).where(ResearchNote.source_filename == "interview.vtt"))
    # The --researcher is saved under their own name, as a team member; the carer as P01.
    assert {u.speaker for u in note.utterances} == {"Rhian Evans", "P01"}
    assert {u.researcher_id for u in note.utterances if u.speaker == "Rhian Evans"} == {note.researcher_id}
    assert "Gareth" not in note.body
    assert "ring me on [PHONE] or write to [EMAIL]." in note.body
    assert [p.pseudonym for p in note.participants] == ["P01"]
    assert note.researcher.email == "rhian@torfaen.example.gov.wales"
    for u in note.utterances:
        assert note.body[u.char_start : u.char_end] == u.text
    assert (note.source_format, note.source_encoding) == ("vtt", "UTF-8")
    visit = db.session.scalar(
        sa.select(ResearchNote).where(ResearchNote.source_filename == "visit notes.txt")
    )
    assert visit.body.endswith("Postcode [POSTCODE].") and visit.participants[0].pseudonym == "P01"
    events = audit_events("note_imported")
    assert len(events) == 2 and events[0].actor_email == "rhian@torfaen.example.gov.wales"


def test_keep_personal_data_leaves_contact_details_but_still_pseudonymises_speakers(
    runner, discovery, tmp_path
):
    interview = tmp_path / "interview.vtt"
    interview.write_text(zoom_with_contact_details(), encoding="utf-8")

    result = runner.invoke(
        args=[
            "import-notes",
            str(interview),
            "--discovery",
            "carers-breaks",
            "--participant",
            "P01",
            "--researcher",
            "rhian@torfaen.example.gov.wales",
            "--keep-personal-data",
        ]
    )

    assert result.exit_code == 0, result.output
    note = db.session.scalar(sa.select(ResearchNote))
    assert "07700 900123" in note.body and "gareth@example.com" in note.body
    assert "Gareth Price" not in note.body


def test_a_bad_file_is_skipped_the_good_ones_are_saved_and_the_exit_code_is_1(runner, discovery, tmp_path):
    good = tmp_path / "good.srt"
    good.write_text(samples.srt(), encoding="utf-8")
    bad_type = tmp_path / "slides.pdf"
    bad_type.write_bytes(b"%PDF-1.7")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")

    result = runner.invoke(
        args=[
            "import-notes",
            str(bad_type),
            str(good),
            str(empty),
            str(broken),
            str(tmp_path / "missing.vtt"),
            "--discovery",
            "carers-breaks",
        ]
    )

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "skipped slides.pdf: The selected file must be a .txt, .md, .vtt, .srt or .docx file"
    assert lines[1].startswith("imported good.srt as 'Good' (srt, UTF-8, 8 utterances")
    assert lines[2] == "skipped empty.txt: The selected file is empty"
    assert lines[3].startswith("skipped broken.docx: The selected file is not a Word document (.docx)")
    assert lines[4] == "skipped missing.vtt: The file does not exist"
    assert db.session.scalars(sa.select(ResearchNote.source_filename)).all() == ["good.srt"]
    # Without --participant the carer keeps his name as a speaker: nothing guessed.
    assert "Gareth Price" in {u.speaker for u in db.session.scalar(sa.select(ResearchNote)).utterances}


def test_participant_needs_exactly_one_unmatched_speaker(runner, discovery, tmp_path):
    group = tmp_path / "group.txt"
    group.write_text(
        "Anna Jones (00:00:01):\nHello.\n\nBen Smith (00:00:05):\nHi.\n\nAnna Jones (00:00:09):\nBye.\n",
        encoding="utf-8",
    )

    result = runner.invoke(
        args=["import-notes", str(group), "--discovery", "carers-breaks", "--participant", "P01"]
    )

    assert result.exit_code == 1
    assert result.output.strip() == (
        "skipped group.txt: --participant P01 needs one speaker who is not the researcher, "
        "but the file has 2: Anna Jones, Ben Smith"
    )
    assert count(ResearchNote) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--discovery", "nope"], "There is no discovery with the slug nope"),
        (
            ["--discovery", "carers-breaks", "--participant", "P77"],
            "There is no participant P77 in Carers breaks",
        ),
        (
            ["--discovery", "carers-breaks", "--researcher", "who@example.com"],
            "There is no user with the email who@example.com",
        ),
        (["--discovery", "carers-breaks", "--language", "fr"], "Invalid value for '--language'"),
    ],
)
def test_wrong_options_are_explained(runner, discovery, tmp_path, args, message):
    path = tmp_path / "a.txt"
    path.write_text("Some notes.", encoding="utf-8")
    result = runner.invoke(args=["import-notes", str(path), *args])
    assert result.exit_code != 0 and message in result.output
    assert count(ResearchNote) == 0
