"""The participants list and page: what each role sees, filters, counts and the evidence they gave."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import ParticipantIdentity, ResearchNote
from research_notes.notes import services as notes
from tests.support import link, soup


@pytest.fixture
def discovery_with_participants(factories):
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    tor = factories.authority(code="TOR", name="Torfaen County Borough Council")
    discovery = factories.discovery(authorities=[npt, tor])
    p10 = factories.participant(discovery=discovery, pseudonym="P10", segment="resident", authority=tor)
    p2 = factories.participant(discovery=discovery, pseudonym="P2", segment="unpaid_carer", authority=npt)
    p1 = factories.participant(
        discovery=discovery,
        pseudonym="P01",
        segment="resident",
        authority=npt,
        consent_date=None,
        consent_scope=[],
    )
    withdrawn = factories.participant(
        discovery=discovery,
        pseudonym="P03",
        segment="social_worker",
        authority=npt,
        consent_withdrawn_at=datetime(2026, 11, 3, 10, 0, tzinfo=UTC),
    )
    factories.participant(pseudonym="P99")  # another discovery's participant: never listed here
    notes.create_note(
        discovery, title="Carers' group", body="P2: I never get a break.", participants=[p2, p10]
    )
    notes.create_note(discovery, title="Home visit", body="P2: The form was long.", participants=[p2])
    db.session.commit()
    return discovery, {"P01": p1, "P2": p2, "P03": withdrawn, "P10": p10}, npt


def table_rows(response) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in soup(response).select("tbody tr")
    ]


def test_a_researcher_sees_every_participant_in_pseudonym_order_with_consent_and_notes(
    client, signed_in, discovery_with_participants
):
    discovery, _people, _npt = discovery_with_participants
    researcher = signed_in("researcher")
    discovery.members.append(researcher)
    db.session.commit()
    response = client.get(f"/discoveries/{discovery.id}/participants")
    assert response.status_code == 200
    assert table_rows(response) == [
        ["P01", "Resident", "Neath Port Talbot Council", "No consent recorded", "–", "0"],
        ["P2", "Unpaid carer", "Neath Port Talbot Council", "Consent recorded", "–", "2"],
        ["P03", "Social worker", "Neath Port Talbot Council", "Consent withdrawn", "–", "0"],
        ["P10", "Resident", "Torfaen County Borough Council", "Consent recorded", "–", "1"],
    ]
    page = soup(response)
    tags = {tag.get_text(strip=True): tag["class"] for tag in page.select("tbody .govuk-tag")}
    assert "govuk-tag--red" in tags["Consent withdrawn"]
    assert "govuk-tag--green" in tags["Consent recorded"]
    counts = page.select_one(".app-participant-counts").get_text(" ", strip=True)
    assert counts == "4 participants 2 consent recorded 1 no consent recorded 1 consent withdrawn"
    assert link(page, "Add a participant")["href"].endswith("/participants/new")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("segment=resident", ["P01", "P10"]),
        ("consent=withdrawn", ["P03"]),
        ("consent=none", ["P01"]),
        ("consent=recorded&segment=resident", ["P10"]),
        ("segment=astronaut&consent=nonsense", ["P01", "P2", "P03", "P10"]),  # ignored, not a crash
    ],
)
def test_the_list_can_be_filtered_without_javascript(
    client, signed_in, discovery_with_participants, query, expected
):
    discovery, _people, _npt = discovery_with_participants
    researcher = signed_in("researcher")
    discovery.members.append(researcher)
    db.session.commit()
    response = client.get(f"/discoveries/{discovery.id}/participants?{query}")
    assert response.status_code == 200
    assert [row[0] for row in table_rows(response)] == expected


def test_filtering_by_authority_shows_how_many_of_all_match(client, signed_in, discovery_with_participants):
    discovery, _people, npt = discovery_with_participants
    researcher = signed_in("researcher")
    discovery.members.append(researcher)
    db.session.commit()
    response = client.get(f"/discoveries/{discovery.id}/participants?authority={npt.id}&segment=resident")
    assert [row[0] for row in table_rows(response)] == ["P01"]
    page = soup(response)
    assert page.select_one("caption").get_text(strip=True) == "Showing 1 of 4 participants"
    assert page.select_one("#segment option[selected]")["value"] == "resident"
    assert link(page, "Clear filters") is not None

    response = client.get(f"/discoveries/{discovery.id}/participants?segment=provider")
    assert "No participants match these filters." in soup(response).select_one("main").get_text()


def test_an_empty_discovery_says_so(client, factories, signed_in):
    researcher = signed_in("researcher")
    discovery = factories.discovery(members=[researcher])
    db.session.commit()
    page = soup(client.get(f"/discoveries/{discovery.id}/participants"))
    assert "No participants have been added to this discovery yet." in page.select_one("main").get_text()
    assert page.select_one("table") is None


def test_a_squad_member_sees_pseudonyms_but_cannot_add_edit_or_see_real_names(
    client, signed_in, discovery_with_participants
):
    discovery, people, _npt = discovery_with_participants
    people["P2"].identity = _identity("Mair Jones", "07700 900123")
    member = signed_in("squad_member")
    discovery.members.append(member)
    db.session.commit()
    base = f"/discoveries/{discovery.id}/participants"

    listing = client.get(base)
    assert listing.status_code == 200
    assert [row[0] for row in table_rows(listing)] == ["P01", "P2", "P03", "P10"]
    assert link(soup(listing), "Add a participant") is None

    page = client.get(f"{base}/{people['P2'].id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Mair Jones" not in html and "07700" not in html
    assert "real name" not in html.lower()
    assert link(soup(page), "Edit participant") is None
    for url in (
        f"{base}/new",
        f"{base}/{people['P2'].id}/edit",
        f"{base}/{people['P2'].id}/withdraw-consent",
        f"{base}/{people['P2'].id}/real-name",
        f"{base}/{people['P2'].id}/real-name/edit",
    ):
        assert client.get(url).status_code == 403, url


def test_an_admin_member_manages_participants_but_never_sees_real_names(
    client, signed_in, discovery_with_participants
):
    discovery, people, _npt = discovery_with_participants
    people["P2"].identity = _identity("Mair Jones", "")
    admin = signed_in("admin")
    discovery.members.append(admin)  # admins read research data only as members
    db.session.commit()
    base = f"/discoveries/{discovery.id}/participants/{people['P2'].id}"
    page = client.get(base)
    assert "Mair Jones" not in page.get_data(as_text=True)
    assert link(soup(page), "Edit participant") is not None
    assert client.get(f"{base}/real-name").status_code == 403
    assert client.get(f"{base}/real-name/edit").status_code == 403


def test_an_authority_lead_cannot_see_participants(client, signed_in, discovery_with_participants):
    discovery, people, npt = discovery_with_participants
    signed_in("authority_lead", authorities=[npt])
    base = f"/discoveries/{discovery.id}/participants"
    assert client.get(f"/discoveries/{discovery.id}").status_code == 200  # they may read the discovery
    for url in (base, f"{base}/new", f"{base}/{people['P2'].id}", f"{base}/{people['P2'].id}/real-name"):
        assert client.get(url).status_code == 403, url


def test_a_researcher_outside_the_discovery_cannot_see_its_participants(
    client, signed_in, discovery_with_participants
):
    discovery, people, _npt = discovery_with_participants
    signed_in("researcher")
    base = f"/discoveries/{discovery.id}/participants"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}/{people['P2'].id}/real-name").status_code == 403


def test_the_participant_page_lists_the_notes_they_appear_in_and_their_findings(
    client, factories, signed_in, discovery_with_participants
):
    discovery, people, npt = discovery_with_participants
    # A two-council discovery shares raw notes by its agreement: P2 is Neath Port Talbot's.
    researcher = signed_in("researcher", authorities=[npt])
    discovery.members.append(researcher)
    note = db.session.scalar(sa.select(ResearchNote).where(ResearchNote.title == "Home visit"))
    factories.finding(note=note, participant=people["P2"])
    factories.finding(note=note, participant=people["P2"])
    db.session.commit()
    page = soup(client.get(f"/discoveries/{discovery.id}/participants/{people['P2'].id}"))
    titles = [a.get_text(strip=True) for a in page.select(".app-participant-notes a")]
    assert sorted(titles) == ["Carers' group", "Home visit"]
    counts = {
        item.select_one("dt").get_text(strip=True): item.select_one("dd").get_text(strip=True)
        for item in page.select(".app-counts__item")
    }
    assert counts == {"Research notes": "2", "Findings": "2"}

    empty = soup(client.get(f"/discoveries/{discovery.id}/participants/{people['P01'].id}"))
    assert "P01 does not appear in any research notes yet." in empty.select_one("main").get_text()


def _identity(real_name: str, contact: str) -> ParticipantIdentity:
    return ParticipantIdentity(real_name=real_name, contact_details=contact)
