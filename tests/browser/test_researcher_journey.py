"""The researcher's whole path, by clicking only: new participant → note → tagged finding."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from discovery.core import services
from discovery.extensions import db
from tests.browser.conftest import assert_accessible, fill_date, screenshot, select_text, sign_in
from tests.support import PASSWORD

NOTE = (
    "P01 (00:00:04):\n"
    "When Mam came out of hospital nobody told me I could ask for a carer's assessment. "
    "I only found out from another mum at the school gate.\n"
)


def test_a_researcher_goes_from_a_new_participant_to_tagged_findings(page, live_app):
    suffix = uuid.uuid4().hex[:6]
    title = f"Short breaks for carers {suffix}"
    with live_app.app_context():
        council = services.upsert_authority(
            "BG", "Blaenau Gwent County Borough Council", "Cyngor Blaenau Gwent"
        )
        email = f"owain.{suffix}@blaenau-gwent.example.gov.wales"
        user = services.create_user(email, "Owain Researcher", "researcher", PASSWORD, [council])
        services.create_discovery(
            services.DiscoveryData(title, "Carers' breaks", "", "discovery", None, None, [str(council.id)]),
            user,
        )
        db.session.commit()

    sign_in(page, email)
    page.get_by_role("link", name=title).click()

    # A participant, with consent.
    page.get_by_role("link", name="Participants").click()
    page.get_by_role("button", name="Add a participant").click()
    expect(page.get_by_label("Pseudonym")).to_have_value("P01")
    page.get_by_label("Unpaid carer").check()
    page.get_by_label("Blaenau Gwent County Borough Council").check()
    page.get_by_label("Welsh").check()
    fill_date(page, "Date consent was given", 14, 9, 2026)
    page.get_by_label("Notes and transcripts").check()
    page.get_by_label("Quotes in reports").check()
    page.get_by_role("button", name="Save participant").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()

    # A tag in the codebook.
    page.get_by_role("link", name="Codebook").click()
    page.get_by_role("button", name="Add a tag").click()
    page.get_by_label("Name", exact=True).fill("Carers not recognised")
    page.get_by_label("Purple").check()
    page.get_by_role("button", name="Save tag").click()
    expect(page.locator("main")).to_contain_text("Carers not recognised")

    # A note written in the browser.
    page.get_by_role("link", name="Research notes").click()
    page.get_by_role("button", name="Write a note").click()
    page.get_by_label("Title", exact=True).fill("Interview with P01")
    fill_date(page, "Date of the research", 15, 9, 2026)
    page.get_by_label("Interview").check()
    page.get_by_label("English").check()
    page.get_by_label("P01").check()
    page.get_by_label("Note", exact=True).fill(NOTE)
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("heading", name="Interview with P01")).to_be_visible()

    # A highlighted, tagged finding.
    page.get_by_role("button", name="Highlight findings").click()
    expect(page.locator(".app-highlighter")).to_be_visible()
    select_text(page, "nobody told me I could ask for a carer's assessment")
    page.get_by_label("Pain point").check()
    page.get_by_label("Carers not recognised").check()
    page.get_by_role("button", name="Save finding").click()
    expect(page.locator(".app-code-saved")).to_contain_text("1 finding saved")

    page.get_by_role("link", name="Findings", exact=True).click()
    finding = page.locator(".app-finding")
    expect(finding).to_contain_text("nobody told me I could ask for a carer's assessment")
    expect(finding).to_contain_text("Carers not recognised")
    expect(finding).to_contain_text("P01 (Unpaid carer, Blaenau Gwent County Borough Council)")
    assert_accessible(page)
    screenshot(page, "journey-findings")
