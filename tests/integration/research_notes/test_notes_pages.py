"""Writing, reading, editing and deleting research notes in the browser (no JavaScript)."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.findings import services as findings_services
from research_notes.models import Finding, ResearchNote, Utterance
from research_notes.notes import services
from research_notes.notes.forms import NoteForm
from tests.support import (
    assert_page_basics,
    audit_actions,
    count,
    csrf_token,
    error_summary,
    form_data,
    link,
    notification,
    post_form,
    sign_in,
    soup,
)

BODY = (
    "Researcher (00:00:03):\n"
    "How did you first hear about the carers' assessment?\n\n"
    "P07 (00:00:11):\n"
    "A leaflet in the GP surgery. Nobody at the council mentioned it.\n\n"
    "P07 (00:12:30):\n"
    "I was on hold for forty minutes, then the line went dead.\n"
)


def notes_url(discovery, suffix: str = "") -> str:
    return f"/discoveries/{discovery.id}/notes{suffix}"


def note_fields(team, **overrides) -> dict:
    values = {
        "title": "Interview with P07 about respite",
        "held_on": ["12", "3", "2026"],
        "method": "interview",
        "channel": "phone",
        "language": "en",
        "participants": [str(team["p07"].id)],
        "researcher": str(team["researcher"].id),
        "body": BODY,
    }
    values.update(overrides)
    return form_data(NoteForm, **values)


def make_note(team, body: str = BODY, **kwargs) -> ResearchNote:
    note = services.create_note(
        team["discovery"],
        title=kwargs.pop("title", "Interview with P07"),
        body=body,
        held_on=kwargs.pop("held_on", date(2026, 3, 12)),
        participants=kwargs.pop("participants", [team["p07"]]),
        researcher=team["researcher"],
        **kwargs,
    )
    db.session.commit()
    return note


# Writing a note -------------------------------------------------------------------------------


def test_a_researcher_writes_a_note_which_is_split_into_utterances_and_audited(client, team):
    response = post_form(client, notes_url(team["discovery"], "/new"), note_fields(team), follow=True)

    page = soup(response)
    assert page.h1.get_text(strip=True) == "Interview with P07 about respite"
    assert notification(response) == "Success Note saved"
    details = page.select_one(".govuk-summary-list").get_text(" ", strip=True)
    for text in ("12 March 2026", "Interview", "Phone", "English", "P07", "Rhian Evans"):
        assert text in details
    blocks = page.select(".app-utterance")
    assert [b.select_one(".app-utterance__speaker").get_text() for b in blocks] == [
        "Researcher",
        "P07",
        "P07",
    ]
    assert blocks[2].select_one(".app-utterance__time").get_text() == "00:12:30"
    assert blocks[2]["id"] == "u-2"
    note = db.session.scalar(sa.select(ResearchNote))
    utterances = note.utterances
    assert blocks[1]["data-utterance-id"] == str(utterances[1].id)
    assert blocks[1]["data-char-start"] == str(utterances[1].char_start)
    for u in utterances:
        assert note.body[u.char_start : u.char_end] == u.text
    assert utterances[1].participant_id == team["p07"].id
    assert note.created_by_id == team["researcher"].id
    assert audit_actions(object_id=str(note.id)) == ["note_created", "note_viewed"]


def test_an_empty_note_form_says_what_is_missing(client, team):
    response = post_form(
        client,
        notes_url(team["discovery"], "/new"),
        {"title": "  ", "body": "\n \n", "held_on": ["", "", ""], "researcher": ""},
    )

    assert response.status_code == 200
    assert soup(response).title.get_text().startswith("Error:")
    assert error_summary(response) == [
        ("Enter a title", "#title"),
        ("Enter the date of the research", "#held_on"),
        ("Enter the note", "#body"),
    ]
    assert count(ResearchNote) == 0


def test_a_title_over_200_characters_and_a_future_date_are_refused(client, team):
    tomorrow = date.today() + timedelta(days=1)
    response = post_form(
        client,
        notes_url(team["discovery"], "/new"),
        note_fields(
            team, title="T" * 201, held_on=[str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]
        ),
    )

    assert error_summary(response) == [
        ("Title must be 200 characters or fewer", "#title"),
        ("Date of the research must be today or in the past", "#held_on"),
    ]
    textarea = soup(response).select_one("textarea#body")
    assert textarea.get_text().strip() == BODY.strip()


def test_a_participant_from_another_discovery_is_a_tampered_form_not_a_crash(client, team, factories):
    elsewhere = factories.participant(pseudonym="P99")
    db.session.commit()

    response = post_form(
        client,
        notes_url(team["discovery"], "/new"),
        note_fields(team, participants=[str(elsewhere.id)], researcher="not-a-user", method="séance"),
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        ("Select from the options shown", "#method"),
        ("Select from the options shown", "#participants"),
        ("Select from the options shown", "#researcher"),
    ]


def test_html_in_a_note_is_stored_as_text_and_shown_escaped(client, team):
    body = '<script>alert("x")</script>\n\n<b>bold</b> & <a href="http://evil">link</a>'
    response = post_form(
        client,
        notes_url(team["discovery"], "/new"),
        note_fields(team, title="<i>Title</i>", body=body),
        follow=True,
    )

    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<b>bold</b>" not in html and "<i>Title</i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    texts = [p.get_text() for p in soup(response).select(".app-utterance__text")]
    assert texts == ['<script>alert("x")</script>', '<b>bold</b> & <a href="http://evil">link</a>']
    assert db.session.scalar(sa.select(ResearchNote.body)) == body


def test_a_megabyte_of_text_without_line_breaks_is_saved_and_shown(client, team):
    body = ("carers need a call back " * 45_000)[:1_000_000].strip()

    response = post_form(
        client, notes_url(team["discovery"], "/new"), note_fields(team, body=body), follow=True
    )

    assert response.status_code == 200
    note = db.session.scalar(sa.select(ResearchNote))
    assert len(note.body) == len(body) and len(note.utterances) == 1


def test_crlf_line_endings_from_the_browser_are_stored_as_newlines(client, team):
    post_form(
        client, notes_url(team["discovery"], "/new"), note_fields(team, body=BODY.replace("\n", "\r\n"))
    )

    note = db.session.scalar(sa.select(ResearchNote))
    assert "\r" not in note.body and len(note.utterances) == 3


def test_control_characters_are_removed_so_every_database_accepts_the_note(client, team):
    post_form(
        client,
        notes_url(team["discovery"], "/new"),
        note_fields(team, title="Visit\x00 notes", body="The queue\x00 was\x07 long.\u00a0 "),
    )

    note = db.session.scalar(sa.select(ResearchNote))
    assert (note.title, note.body) == ("Visit notes", "The queue was long.")


def test_a_welsh_note_is_marked_as_welsh_for_screen_readers(client, team):
    note = make_note(team, body="Roedd y llinell ffôn yn brysur drwy'r bore.", language="cy")

    page = soup(client.get(notes_url(team["discovery"], f"/{note.id}")))

    assert page.select_one(".app-note-body")["lang"] == "cy"
    assert "Welsh" in page.select_one(".govuk-summary-list").get_text()


# Listing notes --------------------------------------------------------------------------------


def test_the_list_shows_notes_newest_first_with_findings_and_filters(client, team, factories):
    older = make_note(team, title="Focus group in Pontypool", held_on=date(2026, 1, 5), method="focus_group")
    newer = make_note(team, title="Home visit", held_on=date(2026, 2, 9), participants=[team["p08"]])
    make_note(team, title="Undated notes", held_on=None, participants=[])
    findings_services.create_finding(older, 0, 10, kind="quote")
    findings_services.create_finding(older, 12, 20, kind="quote")
    db.session.commit()

    page = soup(client.get(notes_url(team["discovery"])))

    rows = [[c.get_text(" ", strip=True) for c in row.select("td")] for row in page.select("tbody tr")]
    assert rows == [
        ["Home visit", "9 Feb 2026", "Interview", "P08", "Rhian Evans", "0"],
        ["Focus group in Pontypool", "5 Jan 2026", "Focus group", "P07", "Rhian Evans", "2"],
        ["Undated notes", "–", "Interview", "–", "Rhian Evans", "0"],
    ]
    assert link(page, "Write a note")["href"] == notes_url(team["discovery"], "/new")
    assert link(page, "Import a transcript")["href"] == notes_url(team["discovery"], "/import")

    by_participant = soup(client.get(notes_url(team["discovery"], f"?participant={team['p08'].id}")))
    assert [a.get_text() for a in by_participant.select("tbody a")] == ["Home visit"]
    by_method = soup(client.get(notes_url(team["discovery"], "?method=focus_group")))
    assert [a.get_text() for a in by_method.select("tbody a")] == ["Focus group in Pontypool"]
    tampered = client.get(notes_url(team["discovery"], "?method=<script>&participant=nonsense"))
    assert tampered.status_code == 200 and len(soup(tampered).select("tbody tr")) == 3
    assert newer.id


# Editing with optimistic locking --------------------------------------------------------------


def test_editing_a_note_rebuilds_utterances_and_audits_the_change(client, team):
    note = make_note(team)
    first_id = note.utterances[0].id
    url = notes_url(team["discovery"], f"/{note.id}/edit")
    new_body = BODY.replace("forty minutes", "an hour") + "\nP07 (00:20:00):\nThey never rang back.\n"

    response = post_form(client, url, note_fields(team, body=new_body, version="1"), follow=True)

    assert notification(response) == "Success Note saved"
    db.session.expire_all()
    note = db.session.get(ResearchNote, note.id)
    assert note.version == 2
    assert [u.text for u in note.utterances][-2:] == [
        "I was on hold for an hour, then the line went dead.",
        "They never rang back.",
    ]
    assert note.utterances[0].id == first_id
    for u in note.utterances:
        assert note.body[u.char_start : u.char_end] == u.text
    assert "note_updated" in audit_actions(object_id=str(note.id))


def test_the_second_of_two_people_editing_is_refused_and_keeps_their_text(client, app, team):
    note = make_note(team)
    url = notes_url(team["discovery"], f"/{note.id}/edit")
    other = app.test_client()
    sign_in(other, team["researcher"])
    mine = client.get(url)
    theirs = other.get(url)
    assert soup(mine).select_one("input[name=version]")["value"] == "1"

    first = post_form(
        other, url, note_fields(team, body=BODY + "\nTheir addition.", version="1"), get_url=None
    )
    assert first.status_code == 302
    my_text = BODY + "\nMy careful addition that must not be lost."
    second = client.post(
        url,
        data={
            "csrf_token": csrf_token(mine.get_data(as_text=True)),
            **note_fields(team, body=my_text, version="1"),
        },
    )

    assert second.status_code == 409
    assert "Someone else changed this note while you were editing it" in notification(second)
    page = soup(second)
    assert page.select_one("textarea#body").get_text().strip() == my_text.strip()
    assert page.select_one("input[name=version]")["value"] == "2"
    db.session.expire_all()
    assert db.session.get(ResearchNote, note.id).body.endswith("Their addition.")
    assert theirs.status_code == 200


def test_findings_follow_their_quote_when_the_body_changes_and_the_lost_ones_are_counted(client, team):
    note = make_note(team)
    kept_quote = "A leaflet in the GP surgery."
    lost_quote = "then the line went dead"
    kept = findings_services.create_finding(
        note, note.body.index(kept_quote), note.body.index(kept_quote) + len(kept_quote), kind="quote"
    )
    lost = findings_services.create_finding(
        note, note.body.index(lost_quote), note.body.index(lost_quote) + len(lost_quote), kind="pain_point"
    )
    gone_too = findings_services.create_finding(
        note, note.body.index("forty"), note.body.index("forty") + 5, kind="quote"
    )
    db.session.commit()
    new_body = "Added at the top.\n\n" + BODY.replace("forty minutes, then the line went dead", "ages")

    response = post_form(
        client,
        notes_url(team["discovery"], f"/{note.id}/edit"),
        note_fields(team, body=new_body, version="1"),
        follow=True,
    )

    assert notification(response) == "Success Note saved. 2 findings no longer match the note text"
    db.session.expire_all()
    kept = db.session.get(Finding, kept.id)
    assert new_body[kept.start_offset : kept.end_offset] == kept_quote
    assert kept.utterance.text.startswith("A leaflet")
    for finding_id in (lost.id, gone_too.id):
        finding = db.session.get(Finding, finding_id)
        assert finding is not None and finding.text in (lost_quote, "forty")


def test_nearest_occurrence_prefers_the_copy_closest_to_the_old_place():
    body = "yes. no. yes. no. yes."
    assert services.nearest_occurrence(body, "yes", 8) == 9
    assert services.nearest_occurrence(body, "yes", 0) == 0
    assert services.nearest_occurrence(body, "maybe", 0) is None


# Deleting -------------------------------------------------------------------------------------


def test_deleting_a_note_asks_first_then_deletes_it_and_its_findings(client, team):
    note = make_note(team)
    note_id = note.id
    findings_services.create_finding(note, 0, 10, kind="quote")
    db.session.commit()
    url = notes_url(team["discovery"], f"/{note_id}/delete")

    confirm = client.get(url)
    page = soup(confirm)
    assert page.h1.get_text(strip=True) == "Are you sure you want to delete this note?"
    assert "This note has 1 finding. Deleting the note deletes it too" in page.get_text()
    assert db.session.get(ResearchNote, note_id) is not None

    response = post_form(client, url, {}, follow=True)

    assert notification(response) == "Success Note deleted: Interview with P07"
    db.session.expire_all()
    assert db.session.get(ResearchNote, note_id) is None
    assert count(Finding) == 0
    assert count(Utterance) == 0
    assert audit_actions(action="note_deleted") == ["note_deleted"]


def test_a_delete_without_a_csrf_token_deletes_nothing(client, team):
    note = make_note(team)
    response = client.post(notes_url(team["discovery"], f"/{note.id}/delete"), data={})
    assert response.status_code == 400
    assert db.session.get(ResearchNote, note.id) is not None


# Permissions ----------------------------------------------------------------------------------


def test_a_squad_member_reads_notes_but_cannot_write_edit_delete_or_import(client, factories):
    member = factories.user(role="squad_member")
    discovery = factories.discovery(members=[member])
    note = services.create_note(discovery, title="Observation at the hub", body="People queued outside.")
    db.session.commit()
    sign_in(client, member)

    listing = soup(client.get(notes_url(discovery)))
    assert link(listing, "Write a note") is None and link(listing, "Import a transcript") is None
    page = client.get(notes_url(discovery, f"/{note.id}"))
    assert page.status_code == 200 and soup(page).select_one(".app-note-actions") is None
    for suffix in ("/new", f"/{note.id}/edit", f"/{note.id}/delete", "/import"):
        assert client.get(notes_url(discovery, suffix)).status_code == 403, suffix
    assert audit_actions(action="note_viewed") == ["note_viewed"]


def test_an_authority_lead_cannot_read_raw_notes(client, factories):
    council = factories.authority()
    lead = factories.user(role="authority_lead", authorities=[council])
    discovery = factories.discovery(authorities=[council])
    note = services.create_note(discovery, title="Interview", body="Personal story.")
    db.session.commit()
    sign_in(client, lead)

    assert client.get(notes_url(discovery)).status_code == 403
    assert client.get(notes_url(discovery, f"/{note.id}")).status_code == 403
    assert audit_actions(action="note_viewed") == []


def test_a_note_from_another_discovery_is_not_found(client, team, factories):
    elsewhere = factories.discovery()
    other_note = services.create_note(elsewhere, title="Someone else's", body="Private.")
    db.session.commit()

    for suffix in ("", "/edit", "/delete"):
        response = client.get(notes_url(team["discovery"], f"/{other_note.id}{suffix}"))
        assert response.status_code == 404, suffix


def test_every_notes_page_has_a_title_one_heading_and_unique_ids(client, team):
    note = make_note(team)
    discovery = team["discovery"]
    urls = [
        notes_url(discovery),
        notes_url(discovery, "/new"),
        notes_url(discovery, f"/{note.id}"),
        notes_url(discovery, f"/{note.id}/edit"),
        notes_url(discovery, f"/{note.id}/delete"),
        notes_url(discovery, "/import"),
    ]
    for url in urls:
        for lang in ("en", "cy"):
            assert_page_basics(client.get(f"{url}?lang={lang}"), lang, url)
