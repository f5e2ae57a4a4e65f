"""A researcher imports a 90-minute webinar transcript (111 turns, five speakers), adds the
carer as a participant from the review page, and codes a passage near the end where they read.

Measured before this was built: the highlight page was 48,805 px tall and, after selecting a
sentence 16,151 px down, "Save finding" sat 13,108 px above the screen; after saving the page
reloaded at the top.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from research_notes.models import Tag
from tests.browser.conftest import (
    assert_accessible,
    fill_date,
    researcher_with_discovery,
    screenshot,
    select_text,
    sign_in,
)

SPEAKERS = ["Ffion Researcher", "Carol Jenkins", "Dewi Morgan", "Anita Shah", "Tom Price"]
LATE_QUOTE = "the carers' centre finally rang me back after six weeks"


def webinar() -> str:
    """111 timed turns: the researcher asks, four others answer in turn."""
    lines = []
    for n in range(111):
        seconds = n * 48
        clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        speaker = SPEAKERS[0] if n % 2 == 0 else SPEAKERS[1 + (n // 2) % 4]
        if n == 0:
            words = "Thanks for joining the webinar on getting adult social care."
        elif speaker == SPEAKERS[0]:
            words = f"Question {n // 2}: what happened after that?"
        elif n == 105 and speaker == "Carol Jenkins":
            words = f"We waited and waited. In the end {LATE_QUOTE}. By then Mam was in hospital."
        else:
            words = (
                f"In part {n} we talked about phoning the council and waiting for an assessment. "
                "Nobody explained what would happen next, and the forms asked the same questions twice."
            )
        lines.append(f"{speaker} ({clock}):\n{words}\n")
    return "\n".join(lines)


@pytest.fixture
def researcher(live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("TOR", "NPT"), title="Adult social care")
        db.session.add(Tag(discovery_id=discovery.id, name="Waiting for a call back", colour="blue"))
        db.session.add(Tag(discovery_id=discovery.id, name="Hospital discharge", colour="green"))
        db.session.commit()
        return user.email, discovery.id


def test_a_long_transcript_is_imported_mapped_and_coded_where_you_read(page, researcher, tmp_path):
    email, discovery_id = researcher
    assert webinar().count("\n\n") >= 110
    source = tmp_path / f"webinar-{uuid.uuid4().hex[:4]}.txt"
    source.write_text(webinar(), encoding="utf-8")
    sign_in(page, email)
    page.goto(f"/discoveries/{discovery_id}/notes/import")
    page.get_by_label("Upload a file").set_input_files(str(source))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Check the transcript before you save it")).to_be_visible()
    expect(page.locator(".app-import-summary")).to_contain_text("111 parts")

    # The carer is not a participant yet: add them here, without leaving the review.
    add = page.locator(".app-add-participant")
    add.get_by_text("Add a participant").click()
    expect(add.get_by_label("Pseudonym")).to_have_value("P01")
    add.get_by_label("Unpaid carer").check()
    add.get_by_label("Torfaen County Borough Council").check()
    add.get_by_label("Which speaker are they?").select_option(label="Carol Jenkins")
    page.get_by_role("button", name="Add participant").click()
    expect(page.get_by_label("Who is Carol Jenkins?").locator("option:checked")).to_contain_text(
        "Unpaid carer, Torfaen"
    )
    assert_accessible(page)
    screenshot(page, "long-transcript-review")
    for name in ("Dewi Morgan", "Anita Shah", "Tom Price"):
        page.get_by_label(f"Who is {name}?").select_option(
            index=len(page.get_by_label(f"Who is {name}?").locator("option").all()) - 1
        )
    fill_date(page, "Date of the research", 12, 11, 2026)
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Transcript imported")

    page.get_by_role("button", name="Highlight findings").click()
    expect(page.locator(".app-utterance")).to_have_count(111)
    assert_accessible(page)

    # Select a sentence near the end: the panel opens at it, with Save in view.
    page.locator("#u-105").scroll_into_view_if_needed()
    select_text(page, LATE_QUOTE)
    panel = page.locator("#u-105 #code-panel")
    expect(panel).to_be_visible()
    panel.get_by_label("Pain point").check()
    panel.get_by_label("Waiting for a call back").check()
    save = panel.get_by_role("button", name="Save finding")
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    screenshot_path = screenshot(page, "long-transcript-panel")
    assert screenshot_path.exists()
    page.screenshot(path=str(screenshot_path.with_name("long-transcript-panel-viewport.png")))

    save.click()
    expect(page.locator("#u-105 .app-code-saved")).to_contain_text("1 finding saved")
    expect(page.locator("#u-105 mark.app-highlight")).to_have_text(LATE_QUOTE)
    turn = page.locator("#u-105").bounding_box()
    assert turn["y"] < viewport["height"] and turn["y"] + turn["height"] > 0, turn
    assert page.evaluate("window.scrollY") > 10_000
    assert_accessible(page)
