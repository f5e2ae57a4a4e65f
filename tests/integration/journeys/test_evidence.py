"""Entries cite findings; each stage counts the findings, participants and authorities its
entries cite, offers findings tagged with its shared stage as suggested evidence, follows
consent when a participant withdraws, and never shows an authority lead a quote."""

from __future__ import annotations

from discovery.core.models import User
from discovery.extensions import db
from discovery.journeys.forms import CheckedForm, CiteFindingsForm
from discovery.journeys.models import JourneyEntry
from research_notes.models import Participant
from research_notes.participants.erasure import withdraw_and_erase
from tests.integration.journeys.conftest import HOLD, KITCHEN, LEAFLET, STORY
from tests.support import audit_actions, form_data, post_form, sign_in, soup


def _stage_head(page, index: int) -> dict[str, str]:
    head = page.select("th.app-journey-stage")[index]
    text = lambda css: " ".join(head.select_one(css).get_text(" ").split()) if head.select_one(css) else None  # noqa: E731
    return {
        "strength": text(".app-journey-stage__strength"),
        "suggested": text(".app-journey-stage__suggested"),
    }


def test_each_stage_counts_what_its_entries_cite_and_suggests_what_is_tagged_with_it(client, squad):
    squad.entry("contact", "pain_points", "On hold for an hour", basis="evidenced", cites=[HOLD])
    squad.entry(
        "assessment", "pain_points", "Tells the story again", basis="evidenced", cites=[STORY, KITCHEN]
    )
    squad.entry(
        "assessment", "actions", "Agrees a visit", cites=[STORY]
    )  # the same finding twice: counted once
    page = soup(client.get(squad.map_url()))
    assert _stage_head(page, 0) == {
        "strength": "Evidence: 1 finding from 1 participant in 1 authority",
        "suggested": "Suggested evidence: 0 findings tagged with this stage, not yet cited",
    }
    assert _stage_head(page, 1)["strength"] == "Evidence: 2 findings from 2 participants in 2 authorities"
    assert page.select_one(".app-journey__strength").get_text(" ", strip=True) == (
        "3 findings from 2 participants in 2 authorities"
    )
    entry = page.select("tr.app-journey-lane--pain_points td")[1].select_one(".app-journey-entry")
    assert entry.select_one(".app-journey-entry__citations").get_text(strip=True) == "2 cited findings"
    assert [q.get_text(strip=True) for q in entry.select("q")] == [STORY, KITCHEN]


def test_suggested_findings_are_counted_under_the_stage_and_offered_first_when_citing(client, squad):
    entry = squad.entry("assessment", "pain_points", "Tells the story again")
    head = _stage_head(soup(client.get(squad.map_url())), 1)
    assert head == {
        "strength": "Evidence: 0 findings",
        "suggested": "Suggested evidence: 2 findings tagged with this stage, not yet cited",
    }
    url = squad.map_url(f"/entries/{entry.id}/findings")
    page = soup(client.get(url))
    items = [item.get_text(" ", strip=True) for item in page.select(".govuk-checkboxes__item label")]
    assert items == [f"Suggested {STORY}", f"Suggested {KITCHEN}"]
    everything = soup(client.get(url + "?show=all"))
    items = [item.get_text(" ", strip=True) for item in everything.select(".govuk-checkboxes__item label")]
    assert items[:2] == [f"Suggested {STORY}", f"Suggested {KITCHEN}"] and set(items[2:]) == {HOLD, LEAFLET}

    version = page.select_one("input[name=version]")["value"]
    story = str(squad.findings[STORY].id)
    response = post_form(
        client, url, form_data(CiteFindingsForm, finding=[story], version=version), follow=True
    )
    assert "Cited findings saved: 1 added, 0 removed" in response.get_data(as_text=True)
    head = _stage_head(soup(response), 1)
    assert head == {
        "strength": "Evidence: 1 finding from 1 participant in 1 authority",
        "suggested": "Suggested evidence: 1 finding tagged with this stage, not yet cited",
    }
    assert "journey_entry_findings_changed" in audit_actions(object_id=str(squad.journey_map.id))


def _withdraw(participant, researcher, reason: str) -> None:
    participant_id, researcher_id = participant.id, researcher.id
    db.session.expunge_all()
    withdraw_and_erase(
        db.session.get(Participant, participant_id), reason, db.session.get(User, researcher_id)
    )
    db.session.commit()


def test_a_withdrawn_participants_citations_go_and_the_entry_is_flagged_until_checked(client, squad):
    entry = squad.entry(
        "assessment", "pain_points", "Tells the story again", basis="evidenced", cites=[STORY, KITCHEN]
    )
    map_id = squad.journey_map.id
    map_url, list_url = squad.map_url(), squad.url()
    checked_url = squad.map_url(f"/entries/{entry.id}/checked")
    _withdraw(squad.carer, squad.researcher, "Asked by phone to withdraw")

    page = soup(client.get(map_url))
    shown = page.select_one(f"#entry-{entry.id}")
    assert [q.get_text(strip=True) for q in shown.select("q")] == [KITCHEN]
    assert (
        "1 cited finding was removed when a participant withdrew consent. Check this entry still holds."
        in (shown.get_text(" ", strip=True))
    )
    assert _stage_head(page, 1)["strength"] == "Evidence: 1 finding from 1 participant in 1 authority"
    assert "1 entry lost cited findings when a participant withdrew consent" in page.get_text()
    assert "1 entry to check after a withdrawal" in soup(client.get(list_url)).get_text()
    assert "journey_map_lost_findings" in audit_actions(object_id=str(map_id))
    db.session.expire_all()
    saved = db.session.get(JourneyEntry, entry.id)
    assert (saved.withdrawn_citations, len(saved.findings)) == (1, 1)

    post_form(client, checked_url, form_data(CheckedForm, version=str(saved.version)), get_url=map_url)
    db.session.expire_all()
    assert db.session.get(JourneyEntry, entry.id).withdrawn_citations == 0
    assert "Check this entry still holds" not in soup(client.get(map_url)).get_text()
    assert "journey_entry_checked" in audit_actions(object_id=str(map_id))


def test_an_authority_lead_reads_the_map_with_counts_and_no_quotes(client, squad, factories):
    squad.entry(
        "assessment", "pain_points", "Tells the story again", basis="evidenced", cites=[STORY, KITCHEN]
    )
    lead = factories.user(role="authority_lead", authorities=[squad.npt])
    client.delete_cookie("session")
    db.session.commit()
    sign_in(client, lead)
    lead_client = client
    response = lead_client.get(squad.map_url())
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    assert STORY not in text and KITCHEN not in text
    assert "2 cited findings" in text and "2 findings from 2 participants in 2 authorities" in text
    assert "The quotes are not shown here" in text
    assert not soup(response).select(".app-journey-entry__actions, .app-journey-stage__move")
    for path in ("/edit", "/stages/new"):
        assert lead_client.get(squad.map_url(path)).status_code == 403
    entry_id = soup(response).select_one(".app-journey-entry")["id"].removeprefix("entry-")
    assert lead_client.get(squad.map_url(f"/entries/{entry_id}/findings")).status_code == 403
    for path in ("/export.csv", "/export.pdf"):
        download = lead_client.get(squad.map_url(path))
        assert download.status_code == 200
    assert STORY.encode() not in lead_client.get(squad.map_url("/export.csv")).data
