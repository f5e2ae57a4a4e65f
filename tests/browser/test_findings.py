"""A researcher highlights findings in a note, with and without JavaScript, then finds them again."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from discovery.core import services
from discovery.extensions import db
from research_notes.models import Participant, Tag
from research_notes.notes import services as notes
from tests.browser.conftest import assert_accessible, screenshot, select_text, sign_in
from tests.support import PASSWORD

BODY = (
    "Researcher (00:00:05):\nHow did you first ask for help with your dad's care?\n\n"
    "P04 (00:00:12):\nI phoned the council and waited forty minutes. Then the line went dead, "
    "and nobody rang back.\n\n"
    "P04 (00:01:02):\nIn the end a digital ambassador at the library helped me fill in the form.\n"
)


@pytest.fixture
def note_page(live_app):
    with live_app.app_context():
        suffix = uuid.uuid4().hex[:6]
        council = services.upsert_authority(
            "NPT", "Neath Port Talbot Council", "Cyngor Castell-nedd Port Talbot"
        )
        email = f"gwen.{suffix}@npt.example.gov.wales"
        user = services.create_user(email, "Gwen Researcher", "researcher", PASSWORD, [council])
        discovery = services.create_discovery(
            services.DiscoveryData(
                f"Carers' support {suffix}", "Carer support", "", "discovery", None, None, [str(council.id)]
            ),
            user,
        )
        participant = Participant(
            discovery_id=discovery.id, pseudonym="P04", segment="unpaid_carer", authority=council
        )
        db.session.add(participant)
        db.session.add(Tag(discovery_id=discovery.id, name="Phone queues", colour="blue"))
        db.session.add(Tag(discovery_id=discovery.id, name="Trusted helpers", colour="green"))
        note = notes.create_note(discovery, title="Interview with P04", body=BODY, participants=[participant])
        db.session.commit()
        return (
            email,
            f"/discoveries/{discovery.id}/notes/{note.id}/highlight",
            f"/discoveries/{discovery.id}/findings",
        )


def test_selecting_words_saves_a_finding_that_quotes_them(page, note_page):
    email, highlight_url, findings_url = note_page
    sign_in(page, email)
    page.goto(highlight_url)
    expect(page.get_by_role("heading", name="Interview with P04")).to_be_visible()
    assert_accessible(page)

    select_text(page, "waited forty minutes")
    expect(page.locator(".app-selection-preview__text")).to_have_text("waited forty minutes")
    page.get_by_label("Pain point").check()
    page.get_by_label("Phone queues").check()
    page.get_by_label("Journey stage").select_option(label="Making first contact")
    screenshot(page, "highlight-selected")
    page.get_by_role("button", name="Save finding").click()

    expect(page.locator(".app-code-saved")).to_contain_text("1 finding saved")
    expect(page.locator("mark.app-highlight")).to_have_text("waited forty minutes")
    expect(page.locator("#code-panel")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "highlight-saved")

    page.goto(findings_url + "?q=forty")
    expect(page.locator(".app-finding__quote mark")).to_have_text("forty")
    expect(page.locator(".app-finding")).to_contain_text("Phone queues")
    assert_accessible(page)
    screenshot(page, "findings-search")


def test_without_javascript_a_whole_turn_is_coded(no_js_page, note_page):
    email, highlight_url, _ = note_page
    page = no_js_page
    sign_in(page, email)
    page.goto(highlight_url)
    page.locator(".app-utterance").nth(2).get_by_role("link", name="Code this turn").click()
    expect(page.locator("#u-2 #code-panel")).to_be_visible()
    page.get_by_label("Positive").check()
    page.get_by_label("Trusted helpers").check()
    page.get_by_role("button", name="Save finding").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 finding saved")
    expect(page.locator("mark.app-highlight")).to_contain_text("digital ambassador")
    assert page.url.endswith("#u-2")
