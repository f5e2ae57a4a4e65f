"""The role-aware 403 page, the "try again" page and the service status page are accessible."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from discovery.core import services
from discovery.extensions import db
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.support import PASSWORD

SHOTS = Path("/tmp/shots/web")


def _shot(page, name: str) -> None:
    screenshot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def lead_and_discovery(live_app):
    with live_app.app_context():
        council = services.upsert_authority(
            "NPT", "Neath Port Talbot Council", "Cyngor Castell-nedd Port Talbot"
        )
        tag = uuid.uuid4().hex[:6]
        researcher = services.create_user(f"r.{tag}@npt.example.gov.wales", "Rhian", "researcher", PASSWORD)
        lead = services.create_user(
            f"lead.{tag}@npt.example.gov.wales", "Gareth Lead", "authority_lead", PASSWORD, [council]
        )
        discovery = services.create_discovery(
            services.DiscoveryData(
                f"Adult social care {tag}", "Care", "", "discovery", None, None, [str(council.id)]
            ),
            researcher,
        )
        db.session.commit()
        return lead.email, discovery.id


def test_a_lead_refused_raw_notes_sees_what_leads_can_read(page, lead_and_discovery):
    email, discovery_id = lead_and_discovery
    sign_in(page, email)
    page.goto(f"/discoveries/{discovery_id}")
    # The only count a lead may follow is the summary's.
    expect(page.locator(".app-counts a")).to_have_count(1)
    expect(page.locator(".app-counts a")).to_have_attribute("href", f"/discoveries/{discovery_id}/summary")
    page.goto(f"/discoveries/{discovery_id}/notes")
    expect(page.get_by_role("heading", name="You do not have permission to see this page")).to_be_visible()
    expect(page.get_by_text("Authority leads can read the summaries")).to_be_visible()
    summaries = page.get_by_role("link", name="Go to your discovery summaries")
    expect(summaries).to_have_attribute("href", "/summaries")
    assert_accessible(page)
    _shot(page, "403-lead")
    page.goto(f"/discoveries/{discovery_id}/notes?lang=cy")
    assert_accessible(page)
    _shot(page, "403-lead-cy")
    page.goto("/discoveries?lang=en")


def test_the_service_status_page_is_accessible(page):
    page.goto("/service-status")
    expect(page.get_by_role("heading", name="Service status")).to_be_visible()
    assert_accessible(page)
    _shot(page, "service-status")
    page.goto("/service-status?lang=cy")
    assert_accessible(page)
    page.goto("/service-status?lang=en")


def test_signing_in_while_the_database_is_locked_shows_an_accessible_try_again_page(page, live_app):
    with live_app.app_context():
        email = f"busy.{uuid.uuid4().hex[:6]}@example.gov.wales"
        services.create_user(email, "Busy Person", "researcher", PASSWORD)
        db.session.commit()
        path = sa.make_url(live_app.config["SQLALCHEMY_DATABASE_URI"]).database
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Sorry, the service is busy")).to_be_visible(timeout=15000)
        assert_accessible(page)
        _shot(page, "try-again")
    finally:
        holder.rollback()
        holder.close()
    sign_in(page, email)
    expect(page.get_by_role("heading", name="Discoveries")).to_be_visible()
