"""A squad member suggests themes, follows the run, reviews a suggestion and accepts it."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from research_notes.findings import services as findings
from research_notes.models import Participant
from research_notes.notes import services as notes
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in

SAID = {
    "phone": [
        "I waited forty minutes on the phone and then the line went dead.",
        "Nobody rang me back after I left a message on the phone line.",
        "The phone queue was so long I gave up and rang again the next day.",
        "I was on hold on the phone for an hour before anyone answered.",
        "They said they would ring back on the phone and they never did.",
    ],
    "form": [
        "The online form timed out and I lost everything I had typed.",
        "The online form asked for an email address before I could start.",
        "I could not save the online form halfway through, so I started again.",
        "The online form used words like non-residential that I did not understand.",
        "My daughter filled in the online form for me because it kept crashing.",
    ],
}


@pytest.fixture
def squad(live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("NPT",), title="Getting help at home")
        council = discovery.authorities[0]
        people = [
            Participant(
                discovery_id=discovery.id,
                pseudonym=f"P{i:02d}",
                segment="resident",
                authority=council,
                consent_date=date(2026, 11, 2),
                consent_scope=["notes", "quotes"],
            )
            for i in range(1, 6)
        ]
        db.session.add_all(people)
        for topic, lines in SAID.items():
            for person, line in zip(people, lines, strict=True):
                note = notes.create_note(
                    discovery, title=f"{topic.title()} – {person.pseudonym}", body=line, participants=[person]
                )
                findings.create_finding(note, 0, len(line), kind="pain_point", created_by=user)
        db.session.commit()
        return user.email, f"/discoveries/{discovery.id}/themes"


def test_squad_suggests_themes_reviews_one_and_accepts_it(page, squad):
    email, themes_url = squad
    sign_in(page, email)
    page.goto(themes_url)
    expect(page.get_by_role("heading", name="Themes", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "themes-empty")

    page.get_by_role("button", name="Suggest themes").click()
    expect(page.get_by_role("heading", name="Suggest themes")).to_be_visible()
    expect(page.get_by_text("Job finished")).to_be_visible(timeout=60_000)
    assert_accessible(page)
    page.get_by_role("link", name="See the result").click()

    expect(page.get_by_role("heading", name="Theme map")).to_be_visible()
    expect(page.locator("svg.app-theme-map__svg")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "themes-run")

    page.goto(themes_url)
    cards = page.locator(".app-theme-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 2
    expect(cards.first).to_contain_text("findings from")
    assert_accessible(page)
    screenshot(page, "themes-suggested")

    cards.first.get_by_role("link").click()
    page.get_by_role("link", name="Rename").click()
    page.get_by_label("Theme name").fill("People cannot get through on the phone")
    page.get_by_label("Description (optional)", exact=True).fill(
        "Long waits on hold and call-backs that never come."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "People cannot get through on the phone"
    )

    page.get_by_role("button", name="Accept theme").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("accepted")
    expect(page.locator(".govuk-tag", has_text="Accepted")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Accepted ‘People cannot get through on the phone’", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "themes-accepted")

    page.get_by_role("button", name="Undo Accepted").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Change undone")
    expect(page.locator(".govuk-tag", has_text="Suggested").first).to_be_visible()


def test_a_rename_to_an_existing_name_is_refused_with_a_message(page, squad):
    email, themes_url = squad
    sign_in(page, email)
    page.goto(themes_url)
    page.get_by_role("button", name="Suggest themes").click()
    expect(page.get_by_text("Job finished")).to_be_visible(timeout=60_000)
    page.goto(themes_url)
    labels = page.locator(".app-theme-card__title a").all_inner_texts()
    assert len(labels) >= 2, labels
    page.get_by_role("link", name=labels[0], exact=True).click()
    page.get_by_role("link", name="Rename").click()
    page.get_by_label("Theme name").fill(labels[1].upper())
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("A theme with this name already exists")
    assert page.title().startswith("Error:")
    assert_accessible(page)
