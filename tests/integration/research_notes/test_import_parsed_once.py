"""An upload is read and checked for personal data once; the review page renders what was stored.

Issue 8, 6.5: the review page parsed the file and ran the personal-data check again on every
GET (about 30 seconds each for a large file).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import nlp.redact
from discovery.extensions import db
from research_notes.models import ResearchNote
from research_notes.notes import services
from tests.support import error_summary, soup
from tests.unit.importers import hostile

from .test_import_review import (
    date_fields,
    review_page,
    submitted_values,
    teams_vtt_with_personal_data,
    upload,
)


def test_the_review_page_and_its_save_use_what_was_found_at_upload(client, team, monkeypatch):
    review_url, _first = review_page(client, team, teams_vtt_with_personal_data(), "carer.vtt")
    refuse = []
    monkeypatch.setattr(services, "parse_transcript", lambda *a, **k: refuse.append(a))
    monkeypatch.setattr(nlp.redact, "find_personal_data", lambda *a, **k: refuse.append(a) or [])

    pages = [soup(client.get(review_url)) for _ in range(3)]

    for page in pages:
        labels = [label.get_text(strip=True) for label in page.select(".govuk-checkboxes__label")]
        assert "Replace with [PHONE]" in labels and "Replace with [EMAIL]" in labels
    # Only the suggested title ("Carer") is checked for speakers' names, never the speech.
    assert refuse and {call[0] for call in refuse} == {"Carer"}

    values = submitted_values(pages[-1])
    values.update(date_fields(), speaker_1=str(team["p07"].id))
    monkeypatch.setattr(nlp.redact, "find_personal_data", nlp.redact.find_personal_data)
    response = client.post(review_url, data=values)

    assert response.status_code == 302, error_summary(response)
    note = db.session.scalar(sa.select(ResearchNote))
    assert "ring me on [PHONE] or email [EMAIL]." in note.body


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("paragraph-bomb-small.docx", "The Word document has more than 20,000 paragraphs"),
        ("zip-bomb.docx", "The Word document expands to more than 50MB when it is opened"),
        ("many-short-lines.txt", "The file has more than 200,000 lines"),
        ("billion-laughs.docx", "The selected file is not a Word document (.docx)"),
    ],
)
def test_hostile_uploads_get_a_specific_error_on_the_form(client, team, name, message):
    data = {h.name: h for h in hostile.corpus()}[name].data

    response = upload(client, team, data, name)

    assert response.status_code == 200
    assert error_summary(response)[0][0].startswith(message)
