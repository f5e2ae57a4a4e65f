"""Importing a transcript in the browser: upload, review (speakers, personal data), confirm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Participant, PendingImport, ResearchNote
from research_notes.notes import services
from research_notes.notes.forms import ReviewImportForm
from tests.support import (
    audit_events,
    count,
    csrf_token,
    error_summary,
    form_data,
    notification,
    post_file,
    sign_in,
    soup,
)
from tests.unit.importers import samples

PHONE = "07700 900123"
EMAIL = "gareth.price@example.com"


def teams_vtt_with_personal_data() -> str:
    """A Teams WebVTT transcript in which the carer gives his phone number, email and postcode."""
    return (
        "WEBVTT\n\n"
        "a1/1-0\n00:00:03.200 --> 00:00:09.000\n"
        "<v Rhian Evans>Thanks for making the time, Gareth. Who do you care for?</v>\n\n"
        "a1/2-0\n00:00:11.840 --> 00:00:20.000\n"
        "<v Gareth Price>My mam. She had a fall in January and I go round every morning.</v>\n\n"
        "a1/3-0\n00:00:27.500 --> 00:00:31.000\n"
        "<v Rhian Evans>Can the team contact you after today?</v>\n\n"
        "a1/4-0\n00:00:33.000 --> 00:00:45.000\n"
        f"<v Gareth Price>Yes, ring me on {PHONE} or email {EMAIL}. We're in NP44 3AB.</v>\n"
    )


def url(team, suffix: str = "") -> str:
    return f"/discoveries/{team['discovery'].id}/notes/import{suffix}"


def upload(client, team, content: bytes | str, filename: str):
    return post_file(client, url(team), content, filename)


def review_page(client, team, content, filename):
    response = upload(client, team, content, filename)
    assert response.status_code == 302, error_summary(response)
    return response.headers["Location"], client.get(response.headers["Location"])


def submitted_values(page) -> dict:
    """What the browser would post if the person pressed Save without changing anything."""
    values: dict[str, list[str] | str] = {}
    form = page.select_one("form.app-import-form")
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name:
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            values[name] = chosen.get("value", "")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values.setdefault(name, []).append(field["value"])
        elif field.get("type") != "submit":
            values.setdefault(name, []).append(field.get("value", ""))
    return {
        k: v[0] if isinstance(v, list) and len(v) == 1 and k != "redact" and k != "participants" else v
        for k, v in values.items()
    }


def date_fields() -> dict:
    return form_data(ReviewImportForm, held_on=["3", "3", "2025"])


# The whole journey ----------------------------------------------------------------------------


def test_a_teams_transcript_is_reviewed_pseudonymised_and_saved(client, team):
    review_url, response = review_page(client, team, teams_vtt_with_personal_data(), "carer-interview-4.vtt")
    page = soup(response)

    assert page.h1.get_text(strip=True) == "Check the transcript before you save it"
    summary = page.select_one(".app-import-summary").get_text(" ", strip=True)
    assert "carer-interview-4.vtt" in summary
    assert "We read this file as a Microsoft Teams WebVTT transcript, encoded as UTF-8." in summary
    assert [s.get_text() for s in page.select(".app-import-preview .app-utterance__speaker")] == [
        "Rhian Evans",
        "Gareth Price",
        "Rhian Evans",
        "Gareth Price",
    ]
    assert page.select_one("label[for=speaker_0]").get_text(strip=True) == "Who is Rhian Evans?"
    assert page.select_one("label[for=speaker_1]").get_text(strip=True) == "Who is Gareth Price?"
    # The researcher's own display name is recognised; the carer has to be chosen.
    assert page.select_one("#speaker_0 option[selected]")["value"] == f"user:{team['researcher'].id}"
    assert page.select_one("#speaker_1 option[selected]")["value"] == ""
    hints = [h.get_text(" ", strip=True) for h in page.select(".govuk-checkboxes__hint")]
    assert any(h.startswith("Phone number:") and PHONE in h for h in hints)
    assert any(h.startswith("Email address:") and EMAIL in h for h in hints)
    assert any(h.startswith("Postcode:") and "NP44 3AB" in h for h in hints)
    labels = [label.get_text(strip=True) for label in page.select(".govuk-checkboxes__label")]
    assert "Replace with [PHONE]" in labels
    assert "Speakers' names are mentioned 1 time in the text." in page.get_text()
    assert page.select_one("#title")["value"] == "Carer interview 4"

    values = submitted_values(page)
    assert values.get("speaker_1") is None or values["speaker_1"] == ""
    values.update(date_fields(), speaker_1=str(team["p07"].id))
    response = client.post(review_url, data=values)

    assert response.status_code == 302
    shown = client.get(response.headers["Location"])
    assert notification(shown) == "Success Transcript imported. 4 items of personal data were replaced"
    note = db.session.scalar(sa.select(ResearchNote))
    assert PHONE not in note.body and EMAIL not in note.body and "NP44" not in note.body
    assert "Gareth" not in note.body
    assert "Rhian Evans (00:00:03):" in note.body
    assert "ring me on [PHONE] or email [EMAIL]. We're in [POSTCODE]." in note.body
    assert "Thanks for making the time, [P07]." in note.body
    assert [u.speaker for u in note.utterances] == ["Rhian Evans", "P07", "Rhian Evans", "P07"]
    assert [u.participant_id for u in note.utterances] == [None, team["p07"].id, None, team["p07"].id]
    rhian = team["researcher"].id
    assert [u.researcher_id for u in note.utterances] == [rhian, None, rhian, None]
    assert [u.start_seconds for u in note.utterances] == [3.2, 11.84, 27.5, 33.0]
    for u in note.utterances:
        assert note.body[u.char_start : u.char_end] == u.text
    assert [p.pseudonym for p in note.participants] == ["P07"]
    assert (note.source_filename, note.source_format, note.source_encoding) == (
        "carer-interview-4.vtt",
        "vtt",
        "UTF-8",
    )
    assert note.researcher_id == team["researcher"].id
    assert count(PendingImport) == 0
    [event] = audit_events("note_imported")
    assert event.details["personal_data_replaced"] == 4 and event.object_id == str(note.id)
    assert event.actor_id == team["researcher"].id
    note_page = soup(shown).select_one(".govuk-summary-list").get_text(" ", strip=True)
    assert "carer-interview-4.vtt" in note_page and "UTF-8" in note_page

    again = client.post(review_url, data=values, follow_redirects=True)
    assert "This import has already been saved or cancelled" in notification(again)
    assert count(ResearchNote) == 1


def test_unticked_personal_data_is_kept_and_a_speaker_can_keep_their_name(client, team):
    review_url, response = review_page(client, team, teams_vtt_with_personal_data(), "call.vtt")
    page = soup(response)
    values = submitted_values(page)
    phone_id = next(
        box["value"]
        for box in page.select("input[name=redact]")
        if PHONE in page.select_one(f"#{box['aria-describedby'].split()[0]}").get_text()
    )
    values["redact"] = [v for v in values["redact"] if v != phone_id]
    values.update(date_fields(), speaker_0="keep", speaker_1=str(team["p07"].id))

    assert client.post(review_url, data=values).status_code == 302

    note = db.session.scalar(sa.select(ResearchNote))
    assert PHONE in note.body and "[EMAIL]" in note.body
    assert "Rhian Evans (00:00:03):" in note.body
    assert note.utterances[0].speaker == "Rhian Evans"


def test_a_speaker_called_by_a_pseudonym_is_matched_and_ticked(client, team):
    transcript = "P07 (00:00:05):\nThe carephone is brilliant.\n\nInterviewer (00:00:09):\nWhy?\n"
    _, response = review_page(client, team, transcript, "visit.txt")
    page = soup(response)

    assert page.select_one("#speaker_0 option[selected]").get_text() == "P07 – Unpaid carer"
    # The file's one "Interviewer" is taken to be the person importing it.
    assert page.select_one("#speaker_1 option[selected]")["value"] == f"user:{team['researcher'].id}"
    ticked = [box["value"] for box in page.select("input[name=participants][checked]")]
    assert ticked == [str(team["p07"].id)]
    assert "a transcript with speaker names and times, encoded as UTF-8" in page.get_text()


def test_review_errors_keep_the_review_on_screen(client, team):
    review_url, response = review_page(client, team, teams_vtt_with_personal_data(), "call.vtt")
    values = submitted_values(soup(response))
    values.update(title="", speaker_1="", held_on=["31", "2", "2025"])

    response = client.post(review_url, data=values)

    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter a title", "#title"),
        ("Date of the research must be a real date", "#held_on"),
        ("Select who Gareth Price is", "#speaker_1"),
    ]
    assert soup(response).select(".app-import-preview .app-utterance")
    assert count(ResearchNote) == 0


def test_a_tampered_speaker_choice_is_refused(client, team, factories):
    stranger = factories.participant(pseudonym="P50")
    db.session.commit()
    review_url, response = review_page(client, team, teams_vtt_with_personal_data(), "call.vtt")
    values = submitted_values(soup(response))
    values.update(date_fields(), speaker_1=str(stranger.id))

    response = client.post(review_url, data=values)

    assert ("Select from the options shown", "#speaker_1") in error_summary(response)


def test_cancelling_an_import_deletes_it(client, team):
    review_url, response = review_page(client, team, samples.srt(), "carer.srt")
    token = csrf_token(response.get_data(as_text=True))

    response = client.post(review_url + "/cancel", data={"csrf_token": token}, follow_redirects=True)

    assert notification(response) == "Success Import cancelled. Nothing was saved"
    assert count(PendingImport) == 0
    assert count(ResearchNote) == 0


def test_only_the_uploader_can_open_a_review(client, app, team, factories):
    review_url, _ = review_page(client, team, samples.zoom_vtt(), "zoom.vtt")
    colleague = factories.user(role="researcher")
    team["discovery"].members.append(colleague)
    db.session.commit()
    other = app.test_client()
    sign_in(other, colleague)

    assert other.get(review_url).status_code == 403


def test_reviews_older_than_a_day_are_deleted_when_someone_uploads(client, team):
    old = PendingImport(
        discovery_id=team["discovery"].id,
        uploaded_by_id=team["researcher"].id,
        filename="forgotten.vtt",
        source_format="vtt",
        payload={},
        created_at=datetime.now(UTC) - timedelta(hours=25),
    )
    db.session.add(old)
    db.session.commit()

    review_page(client, team, samples.zoom_vtt(), "zoom.vtt")

    names = db.session.scalars(sa.select(PendingImport.filename)).all()
    assert names == ["zoom.vtt"]


# Formats and encodings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename", "described"),
    [
        (samples.zoom_vtt(), "zoom.vtt", "a Zoom WebVTT transcript, encoded as UTF-8"),
        (samples.srt(), "carer.srt", "an SRT subtitle file, encoded as UTF-8"),
        (
            samples.otter_txt().encode("utf-16"),
            "otter.txt",
            "with speaker names and times, encoded as UTF-16",
        ),
        ("\ufeff" + samples.otter_txt(), "otter.txt", "encoded as UTF-8 with BOM"),
        (
            "Visit to Ebbw Vale café\n\nThey said…".encode("cp1252"),
            "notes.txt",
            "plain text, encoded as Windows-1252",
        ),
        ("# Focus group\n\nThree carers came.", "group.md", "Markdown, encoded as UTF-8"),
        (samples.teams_docx(), "teams.docx", "a Word document."),
    ],
)
def test_each_format_and_encoding_is_named_on_the_review_screen(client, team, content, filename, described):
    _, response = review_page(client, team, content, filename)
    assert described in soup(response).select_one(".app-import-summary").get_text(" ", strip=True)


def test_a_plain_notes_file_becomes_paragraph_utterances_with_offsets_into_the_body(client, team):
    text = (
        "Visit to the carers' centre\n\nPhone queue was the worst part. Call 029 2087 1234.\n\nNobody knew."
    )
    review_url, response = review_page(client, team, text, "visit.txt")
    values = submitted_values(soup(response))
    values.update(date_fields())

    assert client.post(review_url, data=values).status_code == 302

    note = db.session.scalar(sa.select(ResearchNote))
    assert (
        note.body
        == "Visit to the carers' centre\n\nPhone queue was the worst part. Call [PHONE].\n\nNobody knew."
    )
    assert [u.speaker for u in note.utterances] == [None, None, None]
    for u in note.utterances:
        assert note.body[u.char_start : u.char_end] == u.text
    assert note.source_encoding == "UTF-8" and note.source_format == "text"


def test_warnings_from_the_importer_are_shown(client, team):
    source = (
        "Rhian Evans (00:10:00):\nFirst.\n\nGareth Price (00:09:00):\nEarlier?\n\n"
        "Rhian Evans (00:11:00):\nNext.\n\nGareth Price (00:02:00):\nAnother.\n"
    )
    _, response = review_page(client, team, source, "edited.txt")
    warnings = soup(response).select_one(".app-import-warnings").get_text(" ", strip=True)
    assert "Timestamps go backwards at line 4 and 1 other place. They were kept in file order." in warnings


def test_an_unknown_speaker_format_is_read_as_plain_text_and_says_so(client, team):
    source = (
        "-- 00:00:05 -- Rhian E. --\nThanks for coming.\n\n"
        "-- 00:00:09 -- Gareth P. --\nNo problem.\n\n"
        "-- 00:00:15 -- Rhian E. --\nHow did you find us?\n"
    )
    _, response = review_page(client, team, source, "odd-export.txt")
    page = soup(response)
    assert "We read this file as plain text" in page.get_text()
    assert "no speaker format we recognise, so it was read as plain text" in page.get_text()


def test_a_truncated_cue_timing_keeps_the_text_and_warns(client, team):
    source = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\n<v Gareth Price>I waited forty minutes.</v>\n\n"
        "00:01.0 -->\n<v Gareth Price>Then it cut off.</v>\n"
    )
    _, response = review_page(client, team, source, "cut.vtt")
    page = soup(response)
    assert "A cue has no end time at line 6. Its text was kept." in page.get_text()
    assert "Then it cut off." in page.select_one(".app-import-preview").get_text()


def test_nearly_a_million_characters_without_line_breaks_are_previewed_briefly_and_saved_whole(client, team):
    text = "the phone queue was long and " * 34_000
    review_url, response = review_page(client, team, text, "ramble.txt")
    preview = soup(response).select_one(".app-import-preview .app-utterance__text").get_text()
    assert len(preview) <= 401 and preview.endswith("…")
    values = submitted_values(soup(response))
    values.update(date_fields())

    assert client.post(review_url, data=values).status_code == 302
    assert len(db.session.scalar(sa.select(ResearchNote.body))) == len(text.strip())


def test_html_in_an_imported_file_is_never_rendered(client, team):
    source = "P07 (00:00:01):\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n"
    review_url, response = review_page(client, team, source, "<b>evil</b>.txt")
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>evil</b>" not in html
    values = submitted_values(soup(response))
    values.update(date_fields())
    shown = client.post(review_url, data=values, follow_redirects=True)
    assert "<script>alert(1)" not in shown.get_data(as_text=True)
    assert soup(shown).select_one(".app-utterance__text").get_text() == (
        "<script>alert(1)</script> <img src=x onerror=alert(2)>"
    )


# Bad uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "empty.txt", "The selected file is empty"),
        (b"   \n\n  ", "blank.vtt", "The selected file is empty"),
        (
            bytes(range(256)) * 64,
            "binary.txt",
            "The selected file must be a text file. It contains data that is not text",
        ),
        (
            b"%PDF-1.7 not really",
            "report.pdf",
            "The selected file must be a .txt, .md, .vtt, .srt or .docx file",
        ),
        (
            b"this is not a zip file",
            "broken.docx",
            "The selected file is not a Word document (.docx). Open it in Word, save it as a Word document "
            "and upload it again",
        ),
    ],
)
def test_bad_files_get_a_clear_error_and_nothing_is_saved(client, team, content, filename, message):
    response = upload(client, team, content, filename)

    assert response.status_code == 200
    assert error_summary(response) == [(message, "#file")]
    assert soup(response).title.get_text().startswith("Error:")
    assert count(PendingImport) == 0


def test_no_file_chosen_asks_for_one(client, team):
    page = client.get(url(team))
    response = client.post(
        url(team),
        data={"csrf_token": csrf_token(page.get_data(as_text=True))},
        content_type="multipart/form-data",
    )
    assert error_summary(response) == [("Select a file", "#file")]


def test_a_file_over_the_upload_limit_is_refused(client, app, team):
    app.config["MAX_UPLOAD_MB"] = 1
    response = upload(client, team, b"a" * (1024 * 1024 + 1), "long.txt")
    assert error_summary(response) == [("The selected file must be smaller than 1MB", "#file")]


def test_a_request_over_the_content_length_limit_is_a_friendly_413(client, app, team):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    response = upload(client, team, b"a" * 4096, "long.txt")
    assert response.status_code == 413


def test_a_failed_upload_leaves_existing_notes_alone(client, team):
    services.create_note(team["discovery"], title="Existing", body="Kept safe.")
    db.session.commit()
    upload(client, team, b"\x00\xff" * 500, "bad.vtt")
    assert db.session.scalars(sa.select(ResearchNote.title)).all() == ["Existing"]


# Speakers: participants with their details, team members, new participants ---------------------


def two_interviewers() -> str:
    return (
        "Rhian Evans (00:00:05):\nThanks for coming in.\n\n"
        "Dylan Morgan (00:00:09):\nI'll take notes, if that's all right.\n\n"
        "Gareth Price (00:00:15):\nOf course. I look after my mam.\n\n"
        "Dylan Morgan (00:00:21):\nHow often do you go round?\n"
    )


@pytest.fixture
def colleague(team, factories):
    dylan = factories.user(role="researcher", display_name="Dylan Morgan")
    team["discovery"].members.append(dylan)
    db.session.commit()
    return dylan


def speaker_options(page, index: int) -> list[str]:
    return [option.get_text(strip=True) for option in page.select(f"#speaker_{index} option")]


def test_each_participant_is_offered_with_their_segment_and_where_they_are_from(client, team, factories):
    torfaen = factories.authority(name="Torfaen County Borough Council")
    team["discovery"].authorities.append(torfaen)
    team["p07"].authority = torfaen
    team["p08"].organisation = "Aneurin Bevan University Health Board"
    factories.participant(
        discovery=team["discovery"], pseudonym="P09", segment=None, consent_withdrawn_at=datetime.now(UTC)
    )
    db.session.commit()

    _, response = review_page(client, team, two_interviewers(), "session.txt")

    assert speaker_options(soup(response), 2) == [
        "Choose who this is",
        "P07 – Unpaid carer, Torfaen County Borough Council",
        "P08 – Social worker, Aneurin Bevan University Health Board",
        "Team member: Rhian Evans",
        "An interviewer who is not in the team",
        "Someone else (keep the name)",
    ]


def test_two_interviewers_mapped_to_two_team_members_stay_two_speakers(client, team, colleague):
    review_url, response = review_page(client, team, two_interviewers(), "session.txt")
    page = soup(response)
    rhian = team["researcher"]
    assert "Team member: Dylan Morgan" in speaker_options(page, 0)
    assert page.select_one("#speaker_0 option[selected]")["value"] == f"user:{rhian.id}"
    assert page.select_one("#speaker_1 option[selected]")["value"] == f"user:{colleague.id}"
    assert page.select_one("#researcher option[selected]")["value"] == str(rhian.id)
    values = submitted_values(page)
    values.update(date_fields(), speaker_2=str(team["p07"].id))

    assert client.post(review_url, data=values).status_code == 302

    note = db.session.scalar(sa.select(ResearchNote))
    assert [u.speaker for u in note.utterances] == ["Rhian Evans", "Dylan Morgan", "P07", "Dylan Morgan"]
    assert [u.researcher_id for u in note.utterances] == [rhian.id, colleague.id, None, colleague.id]
    assert note.researcher_id == rhian.id


def test_two_generic_interviewers_are_not_guessed_to_be_the_same_person(client, team, colleague):
    transcript = (
        "Interviewer 1 (00:00:05):\nHello.\n\nInterviewer 2 (00:00:07):\nHi.\n\nP07 (00:00:09):\nHiya.\n"
    )
    _, response = review_page(client, team, transcript, "session.txt")
    page = soup(response)
    assert page.select_one("#speaker_0 option[selected]")["value"] == ""
    assert page.select_one("#speaker_1 option[selected]")["value"] == ""
    assert page.select_one("#speaker_2 option[selected]")["value"] == str(team["p07"].id)


def new_participant(**values) -> dict:
    return {f"new_participant-{name}": value for name, value in values.items()}


def add_url(review_url: str) -> str:
    return review_url + "/participants"


def test_a_participant_added_on_the_review_is_saved_chosen_for_their_speaker_and_nothing_is_lost(
    client, team, factories
):
    team["discovery"].authorities.append(factories.authority(name="Torfaen County Borough Council"))
    db.session.commit()
    review_url, response = review_page(client, team, teams_vtt_with_personal_data(), "call.vtt")
    page = soup(response)
    assert page.select_one("#new_participant-pseudonym")["value"] == "P09"
    assert page.select_one("#new_participant-for_speaker option[selected]").get_text() == "Gareth Price"
    values = submitted_values(page)
    kept_ticked = values["redact"][1:]
    values.update(
        date_fields(),
        title="Talking to a carer about mornings",
        redact=kept_ticked,
        method="focus_group",
        **new_participant(
            pseudonym="P27",
            segment="unpaid_carer",
            authority_id="another",
            organisation="Aneurin Bevan University Health Board",
            for_speaker="1",
        ),
    )

    response = client.post(add_url(review_url), data=values)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{review_url}#speaker_1")
    p27 = db.session.scalar(sa.select(Participant).where(Participant.pseudonym == "P27"))
    assert (p27.segment, p27.authority_id, p27.organisation) == (
        "unpaid_carer",
        None,
        "Aneurin Bevan University Health Board",
    )
    assert audit_events("participant_created")[-1].details["pseudonym"] == "P27"
    shown = client.get(review_url)
    page = soup(shown)
    assert "P27 added and chosen for Gareth Price" in notification(shown)
    assert page.select_one("#speaker_1 option[selected]").get_text() == (
        "P27 – Unpaid carer, Aneurin Bevan University Health Board"
    )
    assert page.select_one("#speaker_0 option[selected]")["value"] == f"user:{team['researcher'].id}"
    assert page.select_one("#title")["value"] == "Talking to a carer about mornings"
    assert page.select_one("input[name=method][checked]")["value"] == "focus_group"
    assert [box["value"] for box in page.select("input[name=redact][checked]")] == kept_ticked
    assert [box["value"] for box in page.select("input[name=participants][checked]")] == [str(p27.id)]
    assert page.select_one("#held_on-year")["value"] == "2025"
    warning = page.select_one(".app-consent-warning").get_text(" ", strip=True)
    assert "Record P27's consent before you use their findings" in warning
    assert page.select_one("#new_participant-pseudonym")["value"] == "P28"
    assert count(ResearchNote) == 0

    values = submitted_values(page)
    assert client.post(review_url, data=values).status_code == 302

    note = db.session.scalar(sa.select(ResearchNote))
    assert note.title == "Talking to a carer about mornings" and note.method == "focus_group"
    assert [p.pseudonym for p in note.participants] == ["P27"]
    assert [u.speaker for u in note.utterances] == ["Rhian Evans", "P27", "Rhian Evans", "P27"]
    assert [u.participant_id for u in note.utterances] == [None, p27.id, None, p27.id]
    assert PHONE in note.body  # unticked on the review, before the participant was added


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"pseudonym": " ", "segment": "resident", "authority_id": "another", "organisation": "Age Cymru"},
            [("Enter a pseudonym", "#new_participant-pseudonym")],
        ),
        (
            {"pseudonym": "p07", "segment": "resident", "authority_id": "another", "organisation": "Age"},
            [
                (
                    "A participant with this pseudonym already exists. Enter a different pseudonym",
                    "#new_participant-pseudonym",
                )
            ],
        ),
        (
            {"pseudonym": "P27", "segment": "resident", "authority_id": "another", "organisation": ""},
            [("Enter the name of the organisation", "#new_participant-organisation")],
        ),
        (
            {"pseudonym": "P27", "authority_id": "another", "organisation": "Age Cymru"},
            [("Select a segment", "#new_participant-segment")],
        ),
    ],
)
def test_a_participant_with_problems_is_not_added_and_the_review_is_kept(
    client, team, factories, fields, errors
):
    team["discovery"].authorities.append(factories.authority(name="Torfaen County Borough Council"))
    db.session.commit()
    review_url, response = review_page(client, team, teams_vtt_with_personal_data(), "call.vtt")
    values = submitted_values(soup(response))
    values = {k: v for k, v in values.items() if not k.startswith("new_participant-")}
    values.update(title="My own title", **new_participant(for_speaker="1", **fields))

    response = client.post(add_url(review_url), data=values)

    assert response.status_code == 200
    assert error_summary(response) == errors
    page = soup(response)
    assert page.select_one("details.app-add-participant").has_attr("open")
    field_id = errors[0][1][1:]
    assert page.select_one(f"#{field_id}-error") is not None
    assert page.select_one("#title")["value"] == "My own title"
    assert page.select_one("#speaker_0 option[selected]")["value"] == f"user:{team['researcher'].id}"
    assert count(Participant) == 2
    assert count(ResearchNote) == 0
    assert services.review_draft(db.session.scalar(sa.select(PendingImport))) is None


def test_saving_the_note_ignores_an_unfinished_new_participant(client, team):
    review_url, response = review_page(client, team, teams_vtt_with_personal_data(), "call.vtt")
    values = submitted_values(soup(response))
    values.update(date_fields(), speaker_1=str(team["p07"].id), **new_participant(pseudonym=""))

    assert client.post(review_url, data=values).status_code == 302
    assert count(ResearchNote) == 1 and count(Participant) == 2


def test_a_review_stored_without_a_draft_still_opens(client, team):
    review_url, _ = review_page(client, team, teams_vtt_with_personal_data(), "call.vtt")
    pending = db.session.scalar(sa.select(PendingImport))
    assert "draft" not in pending.payload
    page = soup(client.get(review_url))
    assert page.select_one("#title")["value"] == "Call"
