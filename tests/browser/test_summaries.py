"""A researcher writes the summary's narrative and publishes it without JavaScript; a Torfaen lead
signs in, lands on the summary, picks Torfaen, compares councils and downloads a PDF."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from playwright.sync_api import expect

from discovery.core import services as core
from discovery.extensions import db
from discovery.themes.review import create_theme
from research_notes.models import Participant
from research_notes.notes import services as notes
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in
from tests.factories import FindingFactory
from tests.support import PASSWORD

SAID = {
    ("P01", "TOR"): "I was on hold for forty minutes and then it cut off.",
    ("P02", "NPT"): "Nobody rang back, so I rang again the next morning.",
    ("P03", "BG"): "Nobody asked me how I was coping with Mam.",
}


@pytest.fixture
def discovery_to_summarise(live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(
            ("NPT", "TOR", "BG"), name="Nia Researcher", title="Phones"
        )
        by_code = {a.code: a for a in discovery.authorities}
        found = []
        for (pseudonym, code), text in SAID.items():
            person = Participant(
                discovery_id=discovery.id,
                pseudonym=pseudonym,
                segment="unpaid_carer",
                authority=by_code[code],
                consent_date=date(2026, 9, 10),
                consent_scope=["notes", "quotes"],
            )
            db.session.add(person)
            note = notes.create_note(
                discovery, title=f"Interview with {pseudonym}", body=text, participants=[person]
            )
            found.append(FindingFactory(note=note, discovery_id=discovery.id, participant=person, text=text))
        create_theme(
            discovery, "Calls are not returned", "Nobody rings back.", [f.id for f in found[:2]], user
        )
        create_theme(discovery, "Carers are not asked", "", [found[2].id], user)
        lead = core.create_user(
            f"lead.{discovery.slug[-6:]}@torfaen.example.gov.wales",
            "Catrin Lead",
            "authority_lead",
            PASSWORD,
            [by_code["TOR"]],
        )
        db.session.commit()
        return user.email, lead.email, f"/discoveries/{discovery.id}"


def test_publishing_without_javascript_then_a_lead_reads_compares_and_downloads(
    no_js_page, page, discovery_to_summarise
):
    researcher, lead, base = discovery_to_summarise
    sign_in(no_js_page, researcher)
    no_js_page.goto(base)
    no_js_page.get_by_role("navigation", name="Discovery sections").get_by_role(
        "link", name="Summary"
    ).click()
    expect(no_js_page.get_by_role("heading", name="Draft summary", level=1)).to_be_visible()
    no_js_page.get_by_role("link", name="Edit the narrative").click()
    no_js_page.get_by_label("Key messages in English").fill(
        "- Calls are not returned\n- Carers are not asked"
    )
    no_js_page.get_by_label("Key messages in Welsh").fill("- Nid yw galwadau'n cael eu dychwelyd")
    no_js_page.get_by_role("button", name="Save narrative").click()
    expect(no_js_page.locator(".govuk-notification-banner")).to_contain_text("Narrative saved")
    no_js_page.get_by_role("link", name="Publish a version").click()
    no_js_page.get_by_role("button", name="Publish this version").click()
    expect(no_js_page.get_by_role("heading", name="Summary, version 1", level=1)).to_be_visible()

    sign_in(page, lead)
    expect(page.get_by_role("heading", name="Discovery summaries", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "summaries-home")
    # Other tests' discoveries include Torfaen too, so the link is the one into this discovery.
    page.locator(f'a[href^="{base}/summary/"]').get_by_text(
        "What it found for Torfaen County Borough Council", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Torfaen County Borough Council only")
    expect(page.locator("main")).to_contain_text(SAID[("P01", "TOR")])
    expect(page.locator("main")).not_to_contain_text(SAID[("P02", "NPT")])
    assert_accessible(page)
    page.get_by_label("Show the summary for").select_option(label="All authorities")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text(SAID[("P02", "NPT")])
    screenshot(page, "summary-version")
    page.get_by_role("link", name="Compare authorities").first.click()
    expect(page.get_by_role("img", name="Themes by authority")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "summary-comparison")

    page.goto(f"{base}/summary/export")
    page.get_by_label("PDF, for printing or a board paper").check()
    page.get_by_role("button", name="Export").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="Download the file").click(timeout=60_000)
    path = download.value.path()
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "Calls are not returned" in text and "Page 1 of" in text
