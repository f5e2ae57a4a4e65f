"""On a 375 px phone: the service's name shows once, the navigation folds behind "Menu", the
discovery's sections stay on one line with the current one in view, and nothing makes the page
scroll sideways — not even the summary's tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def discovery_url(live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("NPT", "TOR", "BG"), name="Nia Phone", title="Phones")
        db.session.commit()
        return user.email, f"/discoveries/{discovery.id}"


def test_on_a_phone_the_header_folds_and_the_sections_stay_on_one_line(phone, discovery_url):
    email, base = discovery_url
    sign_in(phone, email)
    phone.goto(f"{base}/summary")
    header_and_nav = phone.locator("header, .govuk-service-navigation").all_inner_texts()
    assert " ".join(header_and_nav).count("Discovery research repository") == 1
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(phone.get_by_role("link", name="Discoveries", exact=True)).to_be_hidden()
    menu.click()
    expect(phone.get_by_role("link", name="Discoveries", exact=True)).to_be_visible()

    sections = phone.locator(".app-sub-navigation__item")
    tops = {round(box["y"]) for box in (sections.nth(i).bounding_box() for i in range(sections.count()))}
    assert len(tops) == 1, "the sections do not wrap"
    current = phone.locator('.app-sub-navigation__link[aria-current="page"]').bounding_box()
    assert current["x"] >= 0 and current["x"] + current["width"] <= 375, "the current section is in view"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    screenshot(phone, "phone-summary")


def test_on_a_phone_the_filters_fold_behind_a_button_and_open_in_place(phone, discovery_url):
    email, base = discovery_url
    sign_in(phone, email)
    phone.goto(f"{base}/needs")
    expect(phone.get_by_role("button", name="Show filters")).to_be_visible()
    toggle = phone.locator(".app-filter-toggle")  # the same button, whose name changes when pressed
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.get_by_role("heading", name="Filter")).to_be_hidden()
    count = phone.get_by_role("status")
    assert count.bounding_box()["y"] < 800, "the results start on the first screen"
    assert_accessible(phone)
    screenshot(phone, "phone-needs-filters-closed")

    toggle.focus()
    phone.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text("Hide filters")
    expect(phone.get_by_role("heading", name="Filter")).to_be_visible()
    expect(phone.get_by_role("button", name="Apply filters")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    screenshot(phone, "phone-needs-filters-open")

    # On a wider screen the panel is simply there, as it is without JavaScript.
    phone.set_viewport_size({"width": 1024, "height": 800})
    expect(phone.get_by_role("heading", name="Filter")).to_be_visible()
    expect(phone.locator(".app-filter-toggle")).to_be_hidden()
    phone.goto(f"{base}/backlog?lang=cy")
    phone.set_viewport_size({"width": 375, "height": 800})
    expect(phone.get_by_role("button", name="Dangos hidlwyr")).to_be_visible()
