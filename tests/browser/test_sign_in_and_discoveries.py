"""A researcher signs in, creates a discovery and reads it back, in English and Welsh."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from discovery.core import services
from discovery.extensions import db
from tests.browser.conftest import assert_accessible, fill_date, screenshot, sign_in
from tests.support import PASSWORD


@pytest.fixture
def researcher(live_app):
    with live_app.app_context():
        council = services.upsert_authority(
            "TOR", "Torfaen County Borough Council", "Cyngor Bwrdeistref Sirol Torfaen"
        )
        services.upsert_authority(
            "BG", "Blaenau Gwent County Borough Council", "Cyngor Bwrdeistref Sirol Blaenau Gwent"
        )
        email = f"ffion.{uuid.uuid4().hex[:6]}@torfaen.example.gov.wales"
        services.create_user(email, "Ffion Researcher", "researcher", PASSWORD, [council])
        db.session.commit()
    return email


def test_sign_in_page_is_accessible_and_errors_focus_the_summary(page, researcher):
    page.goto("/sign-in")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "sign-in")

    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter your email address")
    expect(summary).to_contain_text("Enter your password")
    assert page.title().startswith("Error:")
    assert_accessible(page)
    screenshot(page, "sign-in-errors")

    sign_in(page, researcher, "not the password")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")


def test_researcher_signs_in_and_creates_a_discovery(page, researcher):
    sign_in(page, researcher)
    expect(page.get_by_role("heading", name="Discoveries")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "discoveries-empty")

    page.get_by_role("button", name="Create a discovery").click()
    expect(page.get_by_role("heading", name="Create a discovery")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save discovery").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one authority")
    assert_accessible(page)
    screenshot(page, "discovery-form-errors")

    title = f"Carers' breaks {uuid.uuid4().hex[:4]}"
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Service", exact=True).fill("Short breaks for unpaid carers")
    page.get_by_label("Problem statement").fill("Carers do not know they can ask for a break, or who to ask.")
    fill_date(page, "Start date", 7, 9, 2026)
    page.get_by_label("Torfaen County Borough Council").check()
    page.get_by_label("Blaenau Gwent County Borough Council").check()
    page.get_by_role("button", name="Save discovery").click()

    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Discovery created")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Short breaks for unpaid carers")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Blaenau Gwent County Borough Council")
    expect(page.locator("main")).to_contain_text("Ffion Researcher")
    assert_accessible(page)
    screenshot(page, "discovery-created")

    page.get_by_role("link", name="Discoveries", exact=True).click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "discoveries-list")


def test_the_service_speaks_welsh_when_asked(page, researcher):
    sign_in(page, researcher)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Darganfyddiadau")
    assert_accessible(page)
    screenshot(page, "discoveries-cy")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_pages_work_without_javascript(no_js_page, researcher):
    sign_in(no_js_page, researcher)
    expect(no_js_page.get_by_role("heading", name="Discoveries")).to_be_visible()
    no_js_page.goto("/discoveries/new")
    no_js_page.get_by_role("button", name="Save discovery").click()
    expect(no_js_page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
