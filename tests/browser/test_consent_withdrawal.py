"""Withdrawing consent: the preview says what will go, and afterwards it has gone from every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from discovery.extensions import db
from research_notes.findings import services as findings
from research_notes.models import Participant
from research_notes.notes import services as notes
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in

GROUP_BODY = (
    "Researcher (00:00:05):\nHow did you hear about the carers' assessment?\n\n"
    "P07 (00:00:20):\nI rang the helpline twice before anyone called back.\n\n"
    "P08 (00:01:00):\nI found the assessment form on the council website.\n"
)


@pytest.fixture
def evidence(live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("TOR",))
        p07 = Participant(
            discovery=discovery, pseudonym="P07", segment="unpaid_carer", consent_scope=["notes"]
        )
        p08 = Participant(discovery=discovery, pseudonym="P08", segment="resident", consent_scope=["notes"])
        db.session.add_all([p07, p08])
        db.session.flush()
        own = notes.create_note(
            discovery,
            title="Interview with P07",
            body="The respite booking form kept timing out.",
            participants=[p07],
        )
        group = notes.create_note(discovery, title="Carers' group", body=GROUP_BODY, participants=[p07, p08])
        findings.highlight(own, [(0, len(own.body))], kind="pain_point")
        turn = next(u for u in group.utterances if u.participant_id == p07.id)
        other = next(u for u in group.utterances if u.participant_id == p08.id)
        findings.highlight(group, [(turn.char_start, turn.char_end)], kind="quote")
        findings.highlight(group, [(other.char_start, other.char_end)], kind="behaviour")
        db.session.commit()
        return {
            "email": user.email,
            "base": f"/discoveries/{discovery.id}",
            "p07": f"/discoveries/{discovery.id}/participants/{p07.id}",
            "group": f"/discoveries/{discovery.id}/notes/{group.id}",
        }


def test_withdrawal_previews_then_erases_their_findings_from_every_page(page, evidence):
    sign_in(page, evidence["email"])
    page.goto(evidence["base"] + "/findings")
    expect(page.locator("main")).to_contain_text("rang the helpline")

    page.goto(evidence["p07"])
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_role("heading", name="Withdraw consent for P07")).to_be_visible()
    preview = page.locator(".app-erasure-preview")
    expect(preview).to_contain_text("Interview with P07")
    expect(preview).to_contain_text("1 turn in")
    expect(preview).to_contain_text("2 findings")
    expect(page.locator("main")).not_to_contain_text("theme")
    assert_accessible(page)
    screenshot(page, "consent-withdrawal-preview")

    page.get_by_role("button", name="Withdraw consent and erase their data").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for withdrawing consent")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you understand")
    assert_accessible(page)
    screenshot(page, "consent-withdrawal-errors")

    page.get_by_label("Reason for withdrawing consent").fill("Asked by phone on 3 November")
    page.get_by_label("I understand that their data will be erased and this cannot be undone").check()
    page.get_by_role("button", name="Withdraw consent and erase their data").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        "Consent withdrawn for P07 and their data erased"
    )
    expect(page.locator(".app-withdrawn-banner")).to_contain_text("Their research data has been erased")
    assert_accessible(page)
    screenshot(page, "consent-withdrawn-erased")

    page.goto(evidence["base"] + "/findings")
    expect(page.locator("main")).not_to_contain_text("rang the helpline")
    expect(page.locator("main")).not_to_contain_text("timing out")
    expect(page.locator("main")).to_contain_text("found the assessment form")
    page.goto(evidence["base"] + "/findings?q=helpline")
    expect(page.locator("main")).not_to_contain_text("rang the helpline")
    page.goto(evidence["group"])
    expect(page.locator("main")).not_to_contain_text("rang the helpline")
    expect(page.locator("main")).to_contain_text("found the assessment form")
    assert_accessible(page)


def test_a_shared_plain_note_is_flagged_for_editing_before_withdrawal(page, live_app):
    with live_app.app_context():
        user, discovery = researcher_with_discovery(("TOR",))
        people = [
            Participant(discovery=discovery, pseudonym=p, segment="resident", consent_scope=["notes"])
            for p in ("P03", "P07", "P11")
        ]
        db.session.add_all(people)
        db.session.flush()
        notes.create_note(
            discovery,
            title="Drop-in at the library",
            body="Everyone said the forms were too long.",
            participants=people,
        )
        db.session.commit()
        email, url = user.email, f"/discoveries/{discovery.id}/participants/{people[1].id}/withdraw-consent"
    sign_in(page, email)
    page.goto(url)
    expect(page.locator("main")).to_contain_text(
        "This note is shared with P03 and P11 and is not split into turns: edit it to remove what P07 said"
    )
    expect(page.get_by_role("link", name="Edit Drop-in at the library")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw consent and erase their data")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "consent-withdrawal-blocked")
