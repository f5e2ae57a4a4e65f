"""The page scripts that had no browser test of their own still work under the CSP.

The tag type-ahead in the coding panel and dragging a journey stage onto another run here; the
``page`` fixture fails the test if the browser refused any script or style on the way.
"""

from __future__ import annotations

from playwright.sync_api import expect

from discovery.extensions import db
from research_notes.models import Participant, Tag
from research_notes.notes import services as notes
from tests.browser.conftest import researcher_with_discovery, select_text, sign_in
from tests.factories import ALL_FACTORIES as f

BODY = "P04 (00:00:12):\nI phoned the council and waited forty minutes on hold.\n"


def test_typing_part_of_a_tag_name_finds_and_ticks_it(page, live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("NPT",), name="Gwen Researcher")
        participant = Participant(discovery_id=discovery.id, pseudonym="P04", segment="unpaid_carer")
        db.session.add(participant)
        for name in ("Phone queues", "Phone menus", "Trusted helpers"):
            db.session.add(Tag(discovery_id=discovery.id, name=name, colour="blue"))
        note = notes.create_note(discovery, title="Interview with P04", body=BODY, participants=[participant])
        db.session.commit()
        email, url = user.email, f"/discoveries/{discovery.id}/notes/{note.id}/highlight"
    sign_in(page, email)
    page.goto(url)
    select_text(page, "waited forty minutes")
    finder = page.locator("#code-panel .app-tag-finder")
    finder.fill("phone")
    status = page.locator("#code-panel .app-tag-finder__status")
    expect(status).to_have_text("2 tags match. Press Enter to tick the first")
    expect(page.locator("#code-panel .app-tag-option:visible")).to_have_count(2)
    finder.fill("queues")
    expect(status).to_have_text("1 tag matches. Press Enter to tick it")
    finder.press("Enter")
    expect(page.get_by_label("Phone queues")).to_be_checked()
    expect(status).to_have_text("Ticked Phone queues")


def test_dragging_a_stage_heading_onto_another_reorders_the_map(page, live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("TOR",), name="Ffion Researcher")
        journey_map = f.journey_map(discovery=discovery, title="Asking for a carer's assessment")
        for name in ("Finding out", "Asking", "Waiting"):
            f.journey_stage(journey_map=journey_map, name=name)
        db.session.commit()
        email, url = user.email, f"/discoveries/{discovery.id}/journeys/{journey_map.id}"
    sign_in(page, email)
    page.goto(url)
    names = page.locator("th[data-stage-id] .app-journey-stage__name")
    expect(names).to_have_text(["Finding out", "Asking", "Waiting"])
    expect(page.locator("th.app-journey-stage--draggable")).to_have_count(3)  # the script ran
    page.locator("th[data-stage-id]").nth(2).drag_to(page.locator("th[data-stage-id]").nth(0))
    expect(names).to_have_text(["Waiting", "Finding out", "Asking"])
