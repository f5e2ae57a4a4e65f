"""Uploading the same transcript again is recognised by its content, and nothing is saved twice."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask_babel import format_date

from discovery.extensions import db
from research_notes.models import PendingImport, ResearchNote
from research_notes.notes import services
from research_notes.participants import erasure
from tests import assurance
from tests.integration.research_notes.test_import_review import (
    date_fields,
    review_page,
    submitted_values,
    teams_vtt_with_personal_data,
    upload,
)
from tests.integration.research_notes.test_project_exchange import source, target  # noqa: F401 - fixtures
from tests.support import count, error_summary, notification, soup


def _save(client, team, content, filename) -> ResearchNote:
    review_url, page = review_page(client, team, content, filename)
    values = submitted_values(soup(page))
    values.update(date_fields(), speaker_1=str(team["p07"].id), title="Interview 3")
    saved = client.post(review_url, data=values)
    assert saved.status_code == 302
    assert notification(client.get(saved.headers["Location"])).startswith("Success Transcript imported")
    return db.session.scalar(sa.select(ResearchNote).where(ResearchNote.title == "Interview 3"))


def test_the_same_file_uploaded_again_is_recognised_whatever_it_is_called(client, team):
    content = teams_vtt_with_personal_data()
    note = _save(client, team, content, "carer-interview.vtt")
    assert note.source_sha256 == hashlib.sha256(content.encode()).hexdigest()

    again = upload(client, team, content, "renamed-copy.vtt")
    assert again.status_code == 200
    when = format_date(note.created_at, "d MMMM y")
    assert error_summary(again) == [(f"You already imported this file as ‘Interview 3’ on {when}", "#file")]
    link = soup(again).select_one("[data-already-imported] a")
    assert link["href"] == f"/discoveries/{team['discovery'].id}/notes/{note.id}"
    assert link.get_text(strip=True) == "Go to ‘Interview 3’"
    assert (count(ResearchNote), count(PendingImport)) == (1, 0)

    # A different file (one byte changed) is a new import.
    assert upload(client, team, content + "\n", "carer-interview.vtt").status_code == 302
    assurance.record("faults", duplicate_uploads_recognised=1)


def test_uploading_a_file_twice_before_saving_gives_one_review(client, team):
    content = teams_vtt_with_personal_data()
    first = upload(client, team, content, "call.vtt")
    second = upload(client, team, content, "call (1).vtt")
    assert first.headers["Location"] == second.headers["Location"]
    assert count(PendingImport) == 1


def test_a_second_review_of_the_same_file_saves_nothing_and_says_where_the_note_is(client, team):
    """Two reviews of one file can exist (two people); the second to save is told, not duplicated."""
    content = teams_vtt_with_personal_data()
    review_url, page = review_page(client, team, content, "call.vtt")
    pending = db.session.scalar(sa.select(PendingImport))
    other = PendingImport(
        discovery_id=pending.discovery_id,
        uploaded_by_id=pending.uploaded_by_id,
        filename="call.vtt",
        source_format=pending.source_format,
        source_encoding=pending.source_encoding,
        source_sha256=pending.source_sha256,
        payload=pending.payload,
    )
    db.session.add(other)
    db.session.commit()
    note = _save(client, team, content, "call.vtt")  # the first review (one per file and person)
    assert note is not None

    values = submitted_values(soup(page))
    values.update(date_fields(), speaker_1=str(team["p07"].id), title="Interview 3 again")
    response = client.post(f"/discoveries/{team['discovery'].id}/notes/import/{other.id}", data=values)
    assert response.headers["Location"].endswith(f"/notes/{note.id}")
    shown = client.get(response.headers["Location"])
    assert "You already imported this file as ‘Interview 3’" in notification(shown)
    assert count(ResearchNote) == 1
    assert review_url


def test_erasing_a_withdrawn_participant_leaves_no_hash_of_their_file(app, factories):
    discovery = factories.discovery()
    person = factories.participant(discovery=discovery, pseudonym="P03")
    actor = factories.user(role="researcher")
    digest = hashlib.sha256(b"their interview").hexdigest()
    factories.note(discovery=discovery, participants=[person], title="Interview 3", source_sha256=digest)
    db.session.commit()
    assert services.note_from_file(discovery, digest) is not None

    erasure.withdraw_and_erase(person, "Asked to withdraw", actor)
    db.session.commit()
    leftover = db.session.scalar(
        sa.select(sa.func.count()).select_from(ResearchNote).where(ResearchNote.source_sha256 == digest)
    )
    assert leftover == 0


def test_a_project_file_imported_again_on_the_page_is_recognised_and_saves_nothing(
    client,
    source,  # noqa: F811 - the fixture
    target,  # noqa: F811 - the fixture
):
    from tests.integration.research_notes.test_project_exchange import _count_everything, _exported
    from tests.support import post_file, sign_in

    data = _exported(source)
    sign_in(client, source["researcher"])
    url = f"/discoveries/{target.id}/project/import"
    assert post_file(client, url, data, "adult.qdpx").status_code == 302
    before = _count_everything()

    again = post_file(client, url, data, "adult (copy).qdpx")
    assert again.status_code == 200
    [(message, target_id)] = error_summary(again)
    assert message.startswith("You already imported this file as ‘adult.qdpx’ on ") and target_id == "#file"
    assert soup(again).select_one("[data-already-imported] a")["href"] == f"/discoveries/{target.id}/notes"
    assert _count_everything() == before
