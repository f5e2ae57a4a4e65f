"""The pages a researcher of another council meets under a data-sharing agreement, in a browser.

A Torfaen researcher in a Neath Port Talbot and Torfaen discovery: the participant page says
whose name it is instead of showing it, a Neath Port Talbot note is refused with a page that
says why, the notes list says how many notes it does not show, and the agreement page explains
each mistake. Every one passes axe-core.
"""

from __future__ import annotations

import pytest

from discovery.core import services
from discovery.extensions import db
from research_notes.models import ParticipantIdentity
from research_notes.notes import services as notes
from tests.browser.conftest import COUNCILS, assert_accessible, researcher_with_discovery, sign_in
from tests.factories import ALL_FACTORIES as F
from tests.support import PASSWORD


@pytest.fixture
def torfaen_researcher_in_a_joint_discovery(live_app):
    with live_app.app_context():
        npt_researcher, discovery = researcher_with_discovery(("NPT", "TOR"), name="Gareth Morgan")
        tor = services.upsert_authority("TOR", *COUNCILS["TOR"])
        npt = services.upsert_authority("NPT", *COUNCILS["NPT"])
        email = f"sian.{discovery.slug[-6:]}@torfaen.example.gov.wales"
        tor_researcher = services.create_user(email, "Siân Pritchard", "researcher", PASSWORD, [tor])
        services.add_member(discovery, tor_researcher)
        participant = F.participant(discovery=discovery, pseudonym="P01", authority=npt)
        db.session.add(ParticipantIdentity(participant=participant, real_name="Bronwen Canaryname"))
        note = notes.create_note(
            discovery, title="Interview at home", body="P01: Hello.", participants=[participant]
        )
        db.session.commit()
        return email, f"/discoveries/{discovery.id}", participant.id, note.id


def test_another_councils_researcher_is_told_why_and_every_page_is_accessible(
    page, torfaen_researcher_in_a_joint_discovery
):
    email, base, participant_id, note_id = torfaen_researcher_in_a_joint_discovery
    sign_in(page, email)
    page.wait_for_url("**/discoveries")

    page.goto(f"{base}/participants/{participant_id}")
    assert (
        "Only researchers from Neath Port Talbot Council can see this participant's name"
        in page.inner_text("main")
    )
    assert "Bronwen" not in page.content()
    assert_accessible(page)

    response = page.goto(f"{base}/notes/{note_id}")
    assert response.status == 403
    assert "Raw notes from Neath Port Talbot Council are not shared with your council" in page.inner_text(
        "main"
    )
    assert_accessible(page)

    page.goto(f"{base}/notes")
    assert "1 more note is not shown." in page.inner_text("main")
    assert_accessible(page)

    page.goto(f"{base}/data-sharing-agreement")
    page.get_by_label("Agreement reference").fill("D" * 41)
    page.get_by_role("button", name="Save agreement").click()
    summary = page.locator(".govuk-error-summary")
    assert "Agreement reference must be 40 characters or fewer" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
