"""A squad member drafts user needs from an accepted theme, edits one, saves it and is warned
that it names a solution, then rewrites it as a need."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from discovery.themes.review import create_theme
from research_notes.models import Participant
from research_notes.notes import services as notes
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in
from tests.factories import FindingFactory

SAID = {
    "P01": "I need to speak to someone who knows about carers' breaks so that I can plan the week.",
    "P02": "I need an app to book respite.",
}


@pytest.fixture
def theme_page(live_app):
    """An accepted theme holding what an unpaid carer (P01) and a resident (P02) said."""
    with live_app.app_context():
        user, discovery = researcher_with_discovery(
            ("NPT", "TOR"), name="Nia Researcher", title="Carers' breaks"
        )
        councils = {a.code: a for a in discovery.authorities}
        found = []
        for pseudonym, segment, council in (("P01", "unpaid_carer", "NPT"), ("P02", "resident", "TOR")):
            person = Participant(
                discovery_id=discovery.id,
                pseudonym=pseudonym,
                segment=segment,
                authority=councils[council],
                consent_date=date(2026, 9, 10),
                consent_scope=["notes", "quotes"],
            )
            db.session.add(person)
            note = notes.create_note(
                discovery, title=f"Interview with {pseudonym}", body=SAID[pseudonym], participants=[person]
            )
            found.append(
                FindingFactory(
                    note=note,
                    discovery_id=discovery.id,
                    participant=person,
                    text=SAID[pseudonym],
                    kind="need",
                )
            )
        create_theme(discovery, "Arranging a break", "", [f.id for f in found], user)
        db.session.commit()
        theme = next(t for t in services_themes(discovery))
        return user.email, f"/discoveries/{discovery.id}/themes/{theme.id}"


def services_themes(discovery):
    from discovery.themes.services import cards

    return [card.theme for card in cards(discovery)]


def test_a_need_drafted_from_a_theme_is_edited_saved_and_warned_about_naming_a_solution(page, theme_page):
    email, theme_url = theme_page
    sign_in(page, email)
    page.goto(theme_url)
    page.get_by_role("link", name="Write user needs from this theme").click()

    expect(page.get_by_role("heading", name="Write user needs from this theme", level=1)).to_be_visible()
    carer = page.get_by_role("group", name="Draft 1 of 2")
    resident = page.get_by_role("group", name="Draft 2 of 2")
    expect(carer.get_by_label("As…")).to_have_value("an unpaid carer")
    expect(resident.get_by_label("As…")).to_have_value("a resident")
    expect(resident.get_by_label("So that…")).to_have_value("[goal]")
    expect(page.locator("#draft-2")).to_contain_text("This need names a solution: ‘app’.")
    expect(page.locator("#draft-2")).to_contain_text(SAID["P02"])
    assert_accessible(page)
    screenshot(page, "needs-draft")

    resident.get_by_label("Save this need").check()
    page.get_by_role("button", name="Save the needs you selected").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter what the user wants to achieve, or delete ‘[goal]’")
    assert_accessible(page)
    screenshot(page, "needs-draft-error")

    summary.get_by_role("link", name="Enter what the user wants to achieve").click()
    expect(page.locator("#drafts-1-goal")).to_be_focused()
    page.locator("#drafts-1-goal").fill("I can get a few hours' rest")
    page.get_by_role("button", name="Save the needs you selected").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 user need saved")
    row = page.locator("tr.app-need")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(
        "As a resident, I need an app to book respite, so that I can get a few hours' rest"
    )
    expect(row).to_contain_text("Names a solution")
    expect(row).to_contain_text("1 finding from 1 participant in 1 authority")
    assert_accessible(page)
    screenshot(page, "needs-list")

    row.get_by_role("link").first.click()
    warning = page.locator(".app-need__solution-warning")
    expect(warning).to_contain_text("This need names a solution: ‘app’.")
    expect(page.locator(".app-need__finding")).to_contain_text(
        "P02 (Resident, Torfaen County Borough Council)"
    )
    assert_accessible(page)
    screenshot(page, "needs-need")

    page.get_by_role("link", name="Edit this user need").click()
    page.get_by_label("I need…").fill("to book a short break without phoning during the day")
    page.get_by_role("button", name="Save user need").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("User need saved")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "As a resident, I need to book a short break without phoning during the day, "
        "so that I can get a few hours' rest"
    )
    expect(page.locator(".app-need__solution-warning")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "needs-need-rewritten")
