"""A researcher writes a note, imports a Teams transcript, reviews it and reads the result."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from research_notes.models import Participant
from tests.browser.conftest import (
    assert_accessible,
    fill_date,
    researcher_with_discovery,
    screenshot,
    sign_in,
)

TEAMS_VTT = (
    "WEBVTT\n\n"
    "a1/1-0\n00:00:03.200 --> 00:00:09.000\n"
    "<v Ffion Researcher>Thanks for making the time, Gareth. Who do you care for?</v>\n\n"
    "a1/2-0\n00:00:11.840 --> 00:00:20.000\n"
    "<v Gareth Price>My mam. She had a fall in January and I go round every morning.</v>\n\n"
    "a1/3-0\n00:00:27.500 --> 00:00:31.000\n"
    "<v Ffion Researcher>Can the team contact you after today?</v>\n\n"
    "a1/4-0\n00:00:33.000 --> 00:00:45.000\n"
    "<v Gareth Price>Yes, ring me on 07700 900123. We're in NP44 3AB.</v>\n"
)


@pytest.fixture
def researcher_and_discovery(live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery()
        email = user.email
        for pseudonym, segment in (("P07", "unpaid_carer"), ("P08", "social_worker")):
            db.session.add(Participant(discovery_id=discovery.id, pseudonym=pseudonym, segment=segment))
        db.session.commit()
        return email, str(discovery.id)


def test_a_researcher_writes_a_note_and_reads_it_back(page, researcher_and_discovery):
    email, discovery_id = researcher_and_discovery
    sign_in(page, email)
    page.goto(f"/discoveries/{discovery_id}/notes")
    expect(page.get_by_role("heading", name="Research notes", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "notes-list-empty")

    page.get_by_role("button", name="Write a note").click()
    expect(page.get_by_role("heading", name="Write a note")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save note").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a title")
    expect(summary).to_contain_text("Enter the note")
    assert page.title().startswith("Error:")
    assert_accessible(page)
    screenshot(page, "notes-form-errors")

    page.get_by_label("Title", exact=True).fill("Home visit with P07")
    fill_date(page, "Date of the research", 12, 3, 2026)
    page.get_by_label("Home visit").check()
    page.get_by_label("P07 (Unpaid carer)").check()
    page.get_by_label("Note", exact=True).fill(
        "Researcher (00:00:05):\nWhat happens when the carephone goes off?\n\n"
        "P07 (00:00:12):\nThe call centre rings me first. <b>Every time</b>, even at 3am.\n"
    )
    page.get_by_role("button", name="Save note").click()

    expect(page.get_by_role("heading", name="Home visit with P07")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Note saved")
    expect(page.locator("#u-1 .app-utterance__speaker")).to_have_text("P07")
    expect(page.locator("#u-1 .app-utterance__time")).to_have_text("00:00:12")
    expect(page.locator("#u-1 .app-utterance__text")).to_have_text(
        "The call centre rings me first. <b>Every time</b>, even at 3am."
    )
    assert_accessible(page)
    screenshot(page, "notes-note")

    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Are you sure you want to delete this note?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("heading", name="Home visit with P07")).to_be_visible()


def test_a_researcher_imports_a_teams_transcript(page, researcher_and_discovery, tmp_path):
    email, discovery_id = researcher_and_discovery
    transcript = tmp_path / "carer-interview-4.vtt"
    transcript.write_text(TEAMS_VTT, encoding="utf-8")
    sign_in(page, email)
    page.goto(f"/discoveries/{discovery_id}/notes")

    page.get_by_role("button", name="Import a transcript").click()
    expect(page.get_by_role("heading", name="Import a transcript")).to_be_visible()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a file")
    assert_accessible(page)
    screenshot(page, "notes-upload-errors")

    page.get_by_label("Upload a file").set_input_files(str(transcript))
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Check the transcript before you save it")).to_be_visible()
    expect(page.locator(".app-import-summary")).to_contain_text(
        "We read this file as a Microsoft Teams WebVTT transcript, encoded as UTF-8."
    )
    interviewer = page.get_by_label("Who is Ffion Researcher?")
    expect(interviewer.locator("option:checked")).to_have_text("Team member: Ffion Researcher")
    expect(page.get_by_label("Who is Gareth Price?").locator("option", has_text="P07")).to_have_text(
        "P07 – Unpaid carer"
    )
    assert_accessible(page)
    screenshot(page, "notes-import-review")

    # Gareth is not a participant yet: add him without leaving the review.
    fill_date(page, "Date of the research", 3, 3, 2025)
    page.locator("#add-participant summary").click()
    add = page.locator("#add-participant")
    expect(add.get_by_label("Pseudonym")).to_have_value("P09")
    add.get_by_label("Unpaid carer").check()
    add.get_by_label("Another organisation").check()
    add.get_by_label("Name of the organisation").fill("Aneurin Bevan University Health Board")
    expect(add.get_by_label("Which speaker are they?").locator("option:checked")).to_have_text("Gareth Price")
    screenshot(page, "notes-import-add-participant")
    add.get_by_role("button", name="Add participant").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "P09 added and chosen for Gareth Price"
    )
    expect(page.get_by_label("Who is Gareth Price?").locator("option:checked")).to_have_text(
        "P09 – Unpaid carer, Aneurin Bevan University Health Board"
    )
    expect(page.locator(".app-consent-warning")).to_contain_text(
        "Record P09's consent before you use their findings"
    )
    expect(page.get_by_role("group", name="Date of the research").get_by_label("Year")).to_have_value("2025")
    assert_accessible(page)
    screenshot(page, "notes-import-review-participant-added")

    # Enter in a text box saves the note (not "Add participant", the first button on the page).
    page.get_by_label("Title").press("Enter")

    expect(page.get_by_role("heading", name="Carer interview 4")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Transcript imported. 3 items of personal data were replaced"
    )
    body = page.locator(".app-note-body")
    expect(body).to_contain_text("ring me on [PHONE]. We're in [POSTCODE].")
    expect(body).to_contain_text("Thanks for making the time, [P09].")
    expect(body).not_to_contain_text("Gareth")
    expect(page.locator(".govuk-summary-list")).to_contain_text("carer-interview-4.vtt")
    assert_accessible(page)
    screenshot(page, "notes-imported-note")

    # Back to the review screen: it has gone, so the note cannot be saved twice.
    page.go_back()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("already been saved or cancelled")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "notes-list")
