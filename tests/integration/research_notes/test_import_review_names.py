"""The import review offers every person's name for replacement, and a speaker's misspelt
name is replaced by the speaker's code whole."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import ParticipantIdentity, ResearchNote
from research_notes.notes import services
from tests.integration.research_notes.test_import_review import date_fields, review_page, submitted_values
from tests.support import soup


def transcript() -> str:
    return (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:05.000\n"
        "<v Rhian Evans>Thanks for coming in, Rhianon. Tell me about the first call.</v>\n\n"
        "00:00:06.000 --> 00:00:15.000\n"
        "<v Rhiannon Davies>I rang Torfaen's Adult Social Care and spoke to a lady called "
        "Bethan Price. My colleague Jen said the Blue Badge form was on Dewis.</v>\n\n"
        "00:00:16.000 --> 00:00:20.000\n"
        "<v Rhiannon Davies>Rhianon Davies, Team Manager at Caerphilly council, that's me "
        "on the letter. Zebedee Quarrell from chapel came with me to Pontypool.</v>\n"
    )


def offered(page) -> list[str]:
    """The text highlighted in each item of personal data offered for replacement."""
    return [mark.get_text() for mark in page.select(".govuk-checkboxes__hint mark")]


def test_names_of_people_who_are_not_speakers_are_offered_and_places_are_not(client, team):
    identity = ParticipantIdentity(participant=team["p08"], real_name="Zebedee Quarrell", contact_details="")
    db.session.add(identity)
    db.session.commit()

    _, response = review_page(client, team, transcript(), "call.vtt")
    page = soup(response)

    assert offered(page) == ["Bethan Price", "Jen", "Zebedee Quarrell"]
    boxes = page.select("input[name=redact]")
    labels = [page.select_one(f"label[for={box['id']}]").get_text(strip=True) for box in boxes]
    assert labels == ["Replace with [NAME]"] * 3
    assert all(box.has_attr("checked") for box in page.select("input[name=redact]"))
    text = page.get_text(" ", strip=True)
    assert "We found 3 names of people who are not speakers. Check them below." in text
    assert "Speakers' names are mentioned 2 times in the text." in text
    for place_or_service in ("Torfaen", "Dewis", "Caerphilly", "Pontypool", "Blue Badge", "Team Manager"):
        assert place_or_service not in offered(page)


def test_a_speakers_misspelt_name_is_replaced_whole_by_their_code(client, team):
    review_url, response = review_page(client, team, transcript(), "call.vtt")
    values = submitted_values(soup(response))
    values.update(date_fields(), speaker_0="researcher", speaker_1=str(team["p07"].id))

    assert client.post(review_url, data=values).status_code == 302

    note = db.session.scalar(sa.select(ResearchNote))
    assert "Thanks for coming in, [P07]." in note.body
    assert "[P07], Team Manager at Caerphilly council" in note.body
    assert "Rhian" not in note.body.replace("Rhian Evans", "")  # the researcher's label is kept
    assert "spoke to a lady called [NAME]. My colleague [NAME] said" in note.body
    assert "Torfaen's Adult Social Care" in note.body and "Dewis" in note.body
    for u in note.utterances:
        assert note.body[u.char_start : u.char_end] == u.text


def test_a_review_stored_before_speakers_variants_were_kept_still_opens(client, team):
    review_url, _ = review_page(client, team, transcript(), "call.vtt")
    pending = db.session.scalar(sa.select(services.PendingImport))
    payload = dict(pending.payload)
    payload["personal_data"] = [item[:9] for item in payload["personal_data"]]
    pending.payload = payload
    db.session.commit()

    page = soup(client.get(review_url))

    assert offered(page) == ["Bethan Price", "Jen"]
