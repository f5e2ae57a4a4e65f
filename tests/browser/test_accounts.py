"""An admin invites a person in a real browser, the person opens the link, chooses a password and
signs in; every page of the area passes axe-core, and each is saved as a screenshot to look at."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from discovery.core import services
from discovery.extensions import db
from tests.browser.conftest import COUNCILS, assert_accessible, screenshot, sign_in


def _admin(live_app) -> tuple[str, str]:
    """A fresh admin (unique email) and the code of a council they can give people."""
    with live_app.app_context():
        services.upsert_authority("TOR", *COUNCILS["TOR"])
        admin = services.create_user(
            f"alun.{uuid.uuid4().hex[:6]}@discovery.example",
            "Alun Davies",
            "admin",
            "correct horse battery staple",
        )
        db.session.commit()
        return admin.email, "TOR"


def _check(page, name: str) -> None:
    """axe and a screenshot of the page a click led to, once it has loaded (not mid-navigation)."""
    page.wait_for_load_state()
    page.locator("h1").first.wait_for()
    assert_accessible(page)
    screenshot(page, name)


def test_an_admin_invites_a_person_who_chooses_a_password_and_signs_in(live_app, page, browser, base_url):
    admin_email, _code = _admin(live_app)
    sign_in(page, admin_email)
    page.wait_for_url("**/discoveries")

    page.get_by_role("link", name="People", exact=True).click()
    page.wait_for_url("**/people")
    assert page.get_by_role("heading", level=1).inner_text() == "People"
    _check(page, "accounts-people")

    page.get_by_role("button", name="Invite a person").click()
    page.get_by_role("button", name="Create account and link").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _check(page, "accounts-invite-errors")

    email = f"ffion.{uuid.uuid4().hex[:6]}@torfaen.example.gov.wales"
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Full name").fill("Ffion Rees")
    page.get_by_label("Researcher").check()
    page.get_by_label("Torfaen County Borough Council (TOR)").check()
    page.get_by_role("button", name="Create account and link").click()
    assert "Account created" in page.locator(".govuk-panel").inner_text()
    link = page.locator("#link").input_value()
    assert "/set-password/" in link
    _check(page, "accounts-link")

    page.get_by_role("link", name="Go to Ffion Rees’s account").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ffion Rees"
    _check(page, "accounts-person")
    page.get_by_role("link", name="Change name, role and authorities").first.click()
    _check(page, "accounts-edit")
    page.go_back()
    page.get_by_role("button", name="Reset password").click()
    _check(page, "accounts-confirm-reset")
    page.go_back()
    page.get_by_role("button", name="Deactivate account").click()
    _check(page, "accounts-confirm-deactivate")

    # The person, in their own browser, not signed in.
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    theirs = context.new_page()
    theirs.goto(link)
    assert theirs.get_by_role("heading", level=1).inner_text() == "Choose your password"
    _check(theirs, "accounts-set-password")
    theirs.get_by_label("New password", exact=True).fill("short")
    theirs.get_by_label("Confirm new password", exact=True).fill("short")
    theirs.get_by_role("button", name="Save password").click()
    assert "Password must be 12 characters or more" in theirs.locator(".govuk-error-summary").inner_text()
    _check(theirs, "accounts-set-password-errors")
    new_password = "tea and a chat at the library"
    theirs.get_by_label("New password", exact=True).fill(new_password)
    theirs.get_by_label("Confirm new password", exact=True).fill(new_password)
    theirs.get_by_role("button", name="Save password").click()
    theirs.wait_for_url("**/sign-in")
    assert "Your password has been saved" in theirs.locator(".govuk-notification-banner").inner_text()
    sign_in(theirs, email, new_password)
    theirs.wait_for_url("**/discoveries")
    assert theirs.get_by_role("link", name="People", exact=True).count() == 0  # a researcher

    theirs.goto(link)
    assert theirs.get_by_role("heading", level=1).inner_text() == "This link has already been used"
    _check(theirs, "accounts-link-used")
    context.close()

    # The admin sees that Ffion has signed in.
    page.goto("/people?status=active&role=researcher")
    row = page.locator("tbody tr", has_text=email)
    assert "Active" in row.inner_text() and "Never" not in row.inner_text()


def test_authority_pages_pass_axe_in_english_and_welsh(live_app, page):
    admin_email, _code = _admin(live_app)
    sign_in(page, admin_email)
    page.wait_for_url("**/discoveries")
    page.get_by_role("link", name="Authorities", exact=True).click()
    page.wait_for_url("**/authorities")
    _check(page, "accounts-authorities")
    page.get_by_role("button", name="Add an authority").click()
    page.get_by_label("Code").fill("TOR")
    page.get_by_role("button", name="Save authority").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert (
        "There is already an authority with this code" in summary and "Enter the name in English" in summary
    )
    _check(page, "accounts-authority-errors")
    page.goto("/authorities")
    page.get_by_role("link", name="Change Torfaen County Borough Council").click()
    _check(page, "accounts-authority-edit")
    page.get_by_role("link", name="Delete this authority").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot delete this authority"
    _check(page, "accounts-authority-in-use")
    page.goto("/people?lang=cy")
    assert page.locator("html").get_attribute("lang") == "cy"
    _check(page, "accounts-people-cy")
