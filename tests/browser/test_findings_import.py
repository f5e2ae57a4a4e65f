"""A researcher imports findings from a survey spreadsheet: upload, review, import."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from research_notes.models import Participant, Tag
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in

SURVEY = (
    "Text,Participant,Tags,Kind,Journey stage,Source\n"
    "The phone queue was forty minutes. Ring me on 07700 900123,P07,Contact,Pain point,First contact,\n"
    '"I rang three times.\nNobody called back.",P08,Contact,Need,,\n'
    "Loved the carers' café,,,Positive,,Workshop 2 wall A\n"
)


@pytest.fixture
def researcher_and_discovery(live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery()
        email = user.email
        for pseudonym, segment in (("P07", "unpaid_carer"), ("P08", "social_worker")):
            db.session.add(Participant(discovery_id=discovery.id, pseudonym=pseudonym, segment=segment))
        db.session.add(Tag(discovery_id=discovery.id, name="Contact"))
        db.session.commit()
        return email, str(discovery.id)


def test_a_researcher_imports_a_survey_from_a_spreadsheet(page, researcher_and_discovery, tmp_path):
    email, discovery_id = researcher_and_discovery
    bad = tmp_path / "who-said-it.csv"
    bad.write_text("text,participant\nThe forms are too long,P99\n", encoding="utf-8")
    survey = tmp_path / "carers-survey.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    sign_in(page, email)
    page.goto(f"/discoveries/{discovery_id}/findings")

    page.get_by_role("button", name="Import findings from a spreadsheet").click()
    expect(page.get_by_role("heading", name="Import findings from a spreadsheet")).to_be_visible()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a file")
    assert_accessible(page)

    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    problems = page.locator(".app-import-problems")
    expect(problems).to_contain_text("Row 2: there is no participant P99 in this discovery")
    expect(page.get_by_role("button", name="Import findings")).to_have_count(0)
    assert page.title().startswith("Error:")
    assert_accessible(page)
    screenshot(page, "findings-import-problems")

    page.get_by_role("button", name="Upload a corrected file").click()
    expect(page.get_by_role("heading", name="Import findings from a spreadsheet")).to_be_visible()
    page.get_by_text("What the file must look like").click()
    assert_accessible(page)
    screenshot(page, "findings-import-upload")
    page.get_by_label("Upload a file").set_input_files(str(survey))
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Check the findings before you import them")).to_be_visible()
    expect(page.locator(".app-import-summary")).to_contain_text(
        "A CSV file encoded as UTF-8, with columns separated by commas"
    )
    expect(page.locator(".app-findings-import-preview tbody tr")).to_have_count(3)
    expect(page.get_by_label("Replace with [PHONE]")).to_be_checked()
    expect(page.get_by_label("Title of the note")).to_have_value("Carers survey")
    assert_accessible(page)
    screenshot(page, "findings-import-review")

    page.get_by_role("button", name="Import findings").click()

    expect(page.get_by_role("heading", name="Findings", level=1)).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "3 findings imported from the spreadsheet ‘Carers survey’. 1 item of personal data was replaced"
    )
    expect(page.locator(".app-note-filter")).to_contain_text("Findings from the note ‘Carers survey’.")
    expect(page.locator(".app-finding")).to_have_count(3)
    expect(page.locator(".app-finding__quote", has_text="Ring me on [PHONE]")).to_have_count(1)
    expect(page.get_by_text("07700 900123")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "findings-import-done")

    # Back to the review: it has gone, so the rows cannot be imported twice.
    page.go_back()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("already been saved or cancelled")


def test_the_import_works_without_javascript(no_js_page, researcher_and_discovery, tmp_path):
    page = no_js_page
    email, discovery_id = researcher_and_discovery
    answers = tmp_path / "answers.csv"
    answers.write_text("text;participant\nThe forms are too long;P07\n", encoding="utf-8")
    sign_in(page, email)
    page.goto(f"/discoveries/{discovery_id}/findings/import")

    page.get_by_label("Upload a file").set_input_files(str(answers))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".app-import-summary")).to_contain_text("columns separated by semicolons")
    page.get_by_role("button", name="Import findings").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "1 finding imported from the spreadsheet"
    )
    expect(page.locator(".app-finding__quote")).to_have_text("The forms are too long")
