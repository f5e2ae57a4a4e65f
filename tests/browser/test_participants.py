"""A researcher adds a participant with consent, reads it back and withdraws consent."""

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


@pytest.fixture
def researcher_in_discovery(live_app):
    """A researcher who is a member of a discovery Torfaen and Blaenau Gwent take part in."""
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("TOR", "BG"))
        email = user.email
        tor = user.authorities[0]
        db.session.add(
            Participant(
                discovery=discovery, pseudonym="P07", segment="resident", authority=tor, consent_scope=[]
            )
        )
        db.session.commit()
        return email, f"/discoveries/{discovery.id}/participants"


def test_a_researcher_adds_a_participant_views_them_and_withdraws_consent(page, researcher_in_discovery):
    email, participants_url = researcher_in_discovery
    sign_in(page, email)
    page.goto(participants_url)
    expect(page.get_by_role("heading", name="Participants", level=1)).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "participants-list-one")

    page.get_by_role("button", name="Add a participant").click()
    expect(page.get_by_role("heading", name="Add a participant")).to_be_visible()
    expect(page.get_by_label("Pseudonym")).to_have_value("P08")
    assert_accessible(page)
    screenshot(page, "participant-form")

    page.get_by_label("Pseudonym").fill("P07")
    fill_date(page, "Date consent was given", 14, 9, 2026)
    fill_date(page, "Retention date", 1, 9, 2026)
    page.get_by_role("button", name="Save participant").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "A participant with this pseudonym already exists. Enter a different pseudonym"
    )
    expect(summary).to_contain_text("Select a segment")
    expect(summary).to_contain_text("Select an authority")
    expect(summary).to_contain_text("Select what they consented to")
    expect(summary).to_contain_text("Retention date must be after the date consent was given")
    assert page.title().startswith("Error:")
    assert_accessible(page)
    screenshot(page, "participant-form-errors")

    page.get_by_label("Pseudonym").fill("P08")
    page.get_by_label("Unpaid carer").check()
    # Their own council: only researchers of a participant's authority see the real name (issue 14).
    page.get_by_label("Torfaen County Borough Council").check()
    page.get_by_label("65 to 74").check()
    page.get_by_label("Welsh").check()
    page.get_by_label("Access needs (optional)").fill("Prefers a phone call to a video call")
    page.get_by_label("Notes and transcripts").check()
    page.get_by_label("Quotes in reports").check()
    fill_date(page, "Retention date", "", "", "")
    page.get_by_role("button", name="Save participant").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("P08")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("P08 added")
    consent = page.locator(".govuk-summary-list").nth(1)
    expect(consent).to_contain_text("14 September 2026")
    expect(consent).to_contain_text("Quotes in reports")
    expect(consent).to_contain_text("Ffion Researcher")
    expect(consent).to_contain_text("13 September 2028")  # 730 days after consent: no end date yet
    assert_accessible(page)
    screenshot(page, "participant-page")

    page.get_by_role("link", name="View real name and contact details").click()
    expect(page.get_by_role("heading", name="Real name and contact details")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a real name and contact details").click()
    page.get_by_label("Real name").fill("Mair Jones")
    page.get_by_role("button", name="Save real name and contact details").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Mair Jones")
    assert_accessible(page)
    screenshot(page, "participant-real-name")
    page.get_by_role("link", name="Back to P08").click()

    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_role("heading", name="Withdraw consent for P08")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("You cannot undo this")
    assert_accessible(page)
    screenshot(page, "participant-withdraw")
    page.get_by_label("Reason for withdrawing consent").fill("Asked by phone")
    page.get_by_label("I understand that their data will be erased and this cannot be undone").check()
    page.get_by_role("button", name="Withdraw consent and erase their data").click()

    expect(page.locator(".app-withdrawn-banner")).to_contain_text("by Ffion Researcher")
    expect(page.get_by_role("button", name="Withdraw consent")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "participant-withdrawn")

    page.get_by_role("link", name="Participants", exact=True).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("Consent withdrawn")
    expect(rows.nth(1)).to_contain_text("Erased")
    expect(page.locator("main")).not_to_contain_text("Mair Jones")
    assert_accessible(page)
    screenshot(page, "participants-list")


def test_filtering_and_withdrawing_work_without_javascript(no_js_page, researcher_in_discovery):
    email, participants_url = researcher_in_discovery
    page = no_js_page
    sign_in(page, email)
    page.goto(participants_url)
    page.get_by_label("Consent").select_option(label="No consent recorded")
    page.get_by_role("button", name="Apply filters").click()
    assert "consent=none" in page.url
    expect(page.locator("caption")).to_have_text("Showing 1 of 1 participant")
    screenshot(page, "participants-filtered-no-js")

    page.get_by_role("link", name="P07").click()
    page.get_by_role("button", name="Withdraw consent").click()
    page.get_by_role("button", name="Withdraw consent and erase their data").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for withdrawing consent")
    page.get_by_label("Reason for withdrawing consent").fill("Asked by letter")
    page.get_by_label("I understand that their data will be erased and this cannot be undone").check()
    page.get_by_role("button", name="Withdraw consent and erase their data").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Consent withdrawn for P07")
    expect(page.locator(".app-withdrawn-banner")).to_contain_text("Consent withdrawn on")
