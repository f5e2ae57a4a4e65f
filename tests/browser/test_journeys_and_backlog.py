"""A researcher builds a journey map without JavaScript — stages, an entry that cites the
finding suggested by its stage — then adds a backlog item for a user need and that stage, and
follows its trace back to the quote."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from discovery.needs import services as needs
from discovery.themes.review import create_theme
from research_notes.models import Participant
from research_notes.notes import services as notes
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in
from tests.factories import FindingFactory

SAID = "The assessment took four months and nobody told me what was happening."
NEED = "As an unpaid carer, I need to know where my request has got to, so that I can plan my week"


@pytest.fixture
def discovery_with_a_need(live_app):
    """A finding tagged with the assessment stage, in an accepted theme, cited by a user need."""
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("NPT",), name="Nia Researcher", title="Assessments")
        carer = Participant(
            discovery_id=discovery.id,
            pseudonym="P01",
            segment="unpaid_carer",
            authority=discovery.authorities[0],
            consent_date=date(2026, 9, 10),
            consent_scope=["notes", "quotes"],
        )
        db.session.add(carer)
        note = notes.create_note(discovery, title="Interview with P01", body=SAID, participants=[carer])
        finding = FindingFactory(
            note=note, discovery_id=discovery.id, participant=carer, text=SAID, journey_stage="assessment"
        )
        create_theme(discovery, "Waiting without news", "", [finding.id], user)
        data = needs.NeedData(
            who="an unpaid carer",
            need="to know where my request has got to",
            goal="I can plan my week",
            segment="unpaid_carer",
        )
        needs.create_need(discovery, data, user, finding_ids=[finding.id])
        db.session.commit()
        return user.email, f"/discoveries/{discovery.id}"


def test_building_a_map_without_javascript_and_tracing_a_backlog_item_to_the_quote(
    no_js_page, page, discovery_with_a_need
):
    email, base = discovery_with_a_need
    sign_in(no_js_page, email)
    no_js_page.goto(base)
    no_js_page.get_by_role("navigation", name="Discovery sections").get_by_role(
        "link", name="Journey maps"
    ).click()
    no_js_page.get_by_role("link", name="Create a journey map").click()
    no_js_page.get_by_label("Title").fill("Getting an assessment")
    no_js_page.get_by_label("Whose journey is it? (optional)").fill(
        "Unpaid carer seeking support for a parent"
    )
    no_js_page.get_by_label("As-is (today)").check()
    no_js_page.get_by_role("button", name="Save journey map").click()
    # A new map goes straight on to its first stage.
    expect(no_js_page.get_by_role("heading", name="Add a stage", level=1)).to_be_visible()

    for name, shared in (("Waiting", "Assessment"), ("Asking for help", "Making first contact")):
        if name != "Waiting":
            no_js_page.get_by_role("link", name="Add a stage").click()
        no_js_page.get_by_label("Stage name").fill(name)
        no_js_page.get_by_label(shared, exact=True).check()
        no_js_page.get_by_role("button", name="Save stage").click()
    expect(no_js_page.locator("th.app-journey-stage").first).to_contain_text("Waiting")
    # "Asking for help" comes first in the journey: move it earlier, with a plain form button.
    no_js_page.locator("th.app-journey-stage", has_text="Asking for help").get_by_role(
        "button", name="Move earlier"
    ).click()
    expect(no_js_page.locator("th.app-journey-stage").first).to_contain_text("Asking for help")

    no_js_page.get_by_role("link", name="Add to Thoughts and feelings in Waiting").click()
    no_js_page.get_by_label("What goes in this lane").fill("Worried that nobody has been in touch")
    no_js_page.locator("input[name=emotion][value='-2']").check()
    no_js_page.locator("input[name=basis][value=evidenced]").check()
    no_js_page.get_by_role("button", name="Save entry").click()
    no_js_page.get_by_role("link", name="Cite findings for: Worried that nobody has been in touch").click()
    suggested = no_js_page.get_by_role("checkbox", name=SAID)
    suggested.check()
    no_js_page.get_by_role("button", name="Save cited findings").click()
    waiting = no_js_page.locator("th.app-journey-stage", has_text="Waiting")
    expect(waiting).to_contain_text("1 finding from 1 participant in 1 authority")
    expect(no_js_page.locator("svg").filter(has_text="Very negative").first).to_be_visible()
    map_url = no_js_page.url

    sign_in(page, email)
    page.goto(map_url)
    expect(page.get_by_role("heading", name="Getting an assessment", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey-map-built")
    page.goto(base + "/backlog")
    page.get_by_role("link", name="Add a backlog item").click()
    page.get_by_label("Title").fill("Tell carers where their assessment has got to")
    page.get_by_label("Must have").check()
    page.get_by_label("To do").check()
    page.get_by_label("External reference (optional)").fill("asc-41")
    page.get_by_label(NEED).check()
    page.get_by_label("Getting an assessment: Waiting").check()
    page.get_by_role("button", name="Save backlog item").click()
    expect(page.get_by_role("heading", name="Tell carers where their assessment has got to")).to_be_visible()
    expect(page.locator("main")).to_contain_text("ASC-41")
    assert_accessible(page)

    page.get_by_role("link", name="Trace the evidence").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Tell carers where their assessment has got to"
    )
    expect(page.locator("main")).to_contain_text("1 finding from 1 participant in 1 authority")
    expect(page.get_by_role("link", name=NEED)).to_be_visible()
    expect(page.locator("main blockquote").first).to_have_text(SAID)
    page.get_by_role("link", name="Interview with P01").first.click()
    expect(page.get_by_role("heading", name="Interview with P01")).to_be_visible()
    page.go_back()
    assert_accessible(page)
    screenshot(page, "backlog-trace")
