"""A researcher builds a codebook in the browser: add tags, nest them, merge, delete, import."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from research_notes.models import Tag
from research_notes.tags import services as tags
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in
from tests.factories import FindingFactory, NoteFactory


@pytest.fixture
def codebook(live_app):
    """A researcher and a discovery with a small codebook and two tagged findings."""
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("NPT",), name="Sian Researcher", title="Front door")
        email = user.email
        contact = tags.create_tag(
            discovery, tags.TagData("Contact", "How people reach the council", "blue", None)
        )
        phone = tags.create_tag(discovery, tags.TagData("Phone queues", "Waiting on hold", "red", contact.id))
        tags.create_tag(discovery, tags.TagData("Calls", "", "orange", None))
        note = NoteFactory(discovery=discovery)
        FindingFactory(note=note, tags=[phone])
        FindingFactory(note=note, tags=[phone, contact])
        db.session.commit()
        return {"email": email, "discovery_id": discovery.id, "url": f"/discoveries/{discovery.id}/codebook"}


def test_codebook_page_shows_the_tree_and_is_accessible(page, codebook):
    sign_in(page, codebook["email"])
    page.goto(codebook["url"])
    expect(page.get_by_role("heading", name="Codebook", level=1)).to_be_visible()
    rows = page.locator("table.app-codebook tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("Contact")
    expect(rows.nth(1)).to_contain_text("1 (2 with sub-tags)")
    expect(rows.nth(2)).to_contain_text("Phone queues")
    assert_accessible(page)
    screenshot(page, "tags-codebook")


def test_add_a_tag_and_a_child_with_errors_first(page, codebook):
    sign_in(page, codebook["email"])
    page.goto(codebook["url"])
    page.get_by_role("button", name="Add a tag").click()
    expect(page.get_by_role("heading", name="Add a tag")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "tags-add")

    page.get_by_role("button", name="Save tag").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a name")
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("contact")
    page.get_by_role("button", name="Save tag").click()
    expect(summary).to_contain_text("A tag with this name already exists there")
    assert_accessible(page)
    screenshot(page, "tags-add-errors")

    page.get_by_label("Name", exact=True).fill("Gwasanaethau ar-lein")
    page.get_by_label("Description (optional)", exact=True).fill(
        "Websites, forms and e-mail – popeth ar-lein"
    )
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Save tag").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Tag ‘Gwasanaethau ar-lein’ added")

    page.get_by_role("button", name="Add a tag").click()
    page.get_by_label("Name", exact=True).fill("Ffurflenni")
    page.get_by_label("Purple").check()
    page.get_by_label("Parent tag").select_option(label="Gwasanaethau ar-lein")
    page.get_by_role("button", name="Save tag").click()
    row = page.locator("tbody tr", has_text="Ffurflenni")
    expect(row).to_contain_text("Sub-tag of Gwasanaethau ar-lein")
    expect(row.locator(".govuk-tag--purple")).to_have_text("Ffurflenni")
    assert_accessible(page)


def test_moving_a_tag_into_its_own_sub_tag_is_not_offered(page, codebook):
    sign_in(page, codebook["email"])
    page.goto(codebook["url"])
    page.get_by_role("link", name="Edit Contact").click()
    expect(page.get_by_label("Parent tag")).to_be_visible()
    options = page.get_by_label("Parent tag").locator("option").all_inner_texts()
    assert options == ["No parent (top level)", "Calls"]
    assert_accessible(page)
    screenshot(page, "tags-edit")


def test_merge_with_confirmation(page, codebook):
    sign_in(page, codebook["email"])
    page.goto(codebook["url"])
    page.get_by_role("link", name="Merge Phone queues").click()
    expect(page.get_by_role("heading", name="Merge ‘Phone queues’ into another tag")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the tag to merge into")
    assert_accessible(page)
    screenshot(page, "tags-merge-errors")

    page.get_by_label("Merge into").select_option(label="Calls")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Merge ‘Phone queues’ into ‘Calls’?")).to_be_visible()
    expect(page.locator("#merge-preview")).to_contain_text(
        "2 findings tagged ‘Phone queues’ will be tagged ‘Calls’"
    )
    assert_accessible(page)
    screenshot(page, "tags-merge-confirm")
    page.get_by_role("button", name="Merge tags").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 findings moved")
    expect(page.locator("tbody tr", has_text="Calls")).to_contain_text("2")
    expect(page.locator("tbody")).not_to_contain_text("Phone queues")


def test_delete_with_confirmation(page, codebook, live_app):
    sign_in(page, codebook["email"])
    page.goto(codebook["url"])
    page.get_by_role("link", name="Delete Contact").click()
    expect(page.get_by_role("heading", name="Delete ‘Contact’?")).to_be_visible()
    expect(page.locator("#delete-preview")).to_contain_text("1 finding will lose this tag")
    expect(page.locator("#delete-preview")).to_contain_text(
        "Its sub-tag will move up one level, to the top level"
    )
    assert_accessible(page)
    screenshot(page, "tags-delete-confirm")
    page.get_by_role("button", name="Delete tag").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Tag ‘Contact’ deleted")
    with live_app.app_context():
        names = {
            t.name
            for t in db.session.scalars(db.select(Tag).where(Tag.discovery_id == codebook["discovery_id"]))
        }
    assert names == {"Phone queues", "Calls"}


def test_import_a_small_csv_through_the_upload_form(page, codebook, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name,parent,description,colour\nCost,Nowhere,,\n")
    good = tmp_path / "codebook.csv"
    rows = "name,parent,description,colour\nCost,,Money worries – arian,yellow\nBus fares,Cost,,\nCalls,,,\n"
    good.write_bytes(rows.encode("cp1252"))
    sign_in(page, codebook["email"])
    page.goto(codebook["url"])
    page.get_by_role("button", name="Import a codebook").click()
    expect(page.get_by_role("heading", name="Import a codebook")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "tags-import")

    page.get_by_label("Upload a codebook file").set_input_files(str(bad))
    page.get_by_role("button", name="Import codebook").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 2: the parent ‘Nowhere’ is not in the file or the codebook"
    )
    assert_accessible(page)
    screenshot(page, "tags-import-errors")

    page.get_by_label("Upload a codebook file").set_input_files(str(good))
    page.get_by_role("button", name="Import codebook").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Codebook imported: 2 tags created")
    expect(page.locator("#created-tags")).to_contain_text("Cost > Bus fares")
    expect(page.locator("#skipped-tags")).to_contain_text("Calls")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Windows-1252")
    assert_accessible(page)
    screenshot(page, "tags-import-result")
    page.get_by_role("link", name="Go to the codebook").click()
    expect(page.locator("tbody tr", has_text="Bus fares")).to_contain_text("Sub-tag of Cost")
