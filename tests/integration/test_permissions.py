"""Every method of every endpoint is guarded, and each role sees only what it should."""

from __future__ import annotations

import pytest

from discovery.core.permissions import (
    ADMIN_WITHOUT_MEMBERSHIP,
    Capability,
    UnknownCapabilityError,
    can,
    requires,
)
from discovery.extensions import db
from tests.support import audit_actions, post_form, soup

OPEN_ENDPOINTS = {"static"}


def test_every_method_of_every_endpoint_is_guarded_or_deliberately_public(app):
    unguarded = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "is_public", False):
            continue
        needed = getattr(view, "required_capabilities", {})
        for method in sorted(rule.methods - {"OPTIONS"}):
            if not isinstance(needed.get(method), Capability):
                unguarded.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert unguarded == []


def test_a_view_that_reads_and_writes_declares_a_capability_for_each(app):
    view = app.view_functions["findings.view_finding"]
    assert view.required_capabilities["GET"] is Capability.READ_FINDINGS
    assert view.required_capabilities["POST"] is Capability.HIGHLIGHT_FINDINGS


def test_public_endpoints_are_only_sign_in_health_accessibility_the_favicon_and_password_links(app):
    public = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "is_public", False)
    )
    assert public == [
        "accounts.set_password",  # a one-time link's secret is the key, for someone not yet signed in
        "core.accessibility_statement",
        "core.favicon",
        "core.sign_in",
        "health.healthz",
        "health.service_status",
    ]


def test_an_unknown_capability_fails_when_the_view_is_decorated_not_when_it_is_opened():
    with pytest.raises(UnknownCapabilityError, match="read_notez"):
        requires("read_notez")
    with pytest.raises(UnknownCapabilityError, match="higlight"):
        requires(read=Capability.READ_FINDINGS, write="higlight")
    with pytest.raises(TypeError):
        requires(read=Capability.READ_FINDINGS)


def test_a_plain_string_still_names_a_capability_for_every_method():
    view = requires("read_notes")(lambda discovery: "")
    assert set(view.required_capabilities.values()) == {Capability.READ_NOTES}
    assert view.required_capability is Capability.READ_NOTES


def test_a_guard_cannot_mix_global_and_discovery_capabilities():
    with pytest.raises(UnknownCapabilityError):
        requires(read=Capability.LIST_DISCOVERIES, write=Capability.EDIT_NOTES)


def test_can_refuses_a_misspelt_capability_in_a_template_or_view(factories, app):
    user = factories.user(role="researcher")
    with pytest.raises(UnknownCapabilityError):
        can(user, "read_notez", factories.discovery(members=[user]))


def test_a_researcher_cannot_open_a_discovery_they_are_not_part_of(client, factories, signed_in):
    other = factories.discovery(title="Another council's discovery")
    signed_in("researcher")
    assert client.get(f"/discoveries/{other.id}").status_code == 403
    assert client.get(f"/discoveries/{other.id}/edit").status_code == 403
    assert "Another council" not in client.get("/discoveries").get_data(as_text=True)


def test_an_authority_lead_reads_discoveries_their_council_takes_part_in_but_cannot_edit(
    client, factories, signed_in
):
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council")
    ours = factories.discovery(title="Digital inclusion", authorities=[torfaen])
    theirs = factories.discovery(title="Somewhere else")
    signed_in("authority_lead", authorities=[torfaen])
    listing = client.get("/discoveries").get_data(as_text=True)
    assert "Digital inclusion" in listing and "Somewhere else" not in listing
    assert client.get(f"/discoveries/{ours.id}").status_code == 200
    assert client.get(f"/discoveries/{ours.id}/edit").status_code == 403
    assert client.get(f"/discoveries/{theirs.id}").status_code == 403
    assert "Create a discovery" not in listing


def test_a_squad_member_sees_their_discovery_but_cannot_create_or_edit(client, factories, signed_in):
    member = signed_in("squad_member")
    discovery = factories.discovery(members=[member])
    db.session.commit()
    assert client.get(f"/discoveries/{discovery.id}").status_code == 200
    assert client.get("/discoveries/new").status_code == 403
    assert client.get(f"/discoveries/{discovery.id}/edit").status_code == 403
    page = soup(client.get(f"/discoveries/{discovery.id}"))
    assert page.find("a", string="Manage members") is None


def test_a_squad_member_can_read_a_finding_but_not_change_it(client, factories, signed_in):
    member = signed_in("squad_member")
    finding = factories.finding(note=factories.note(discovery=factories.discovery(members=[member])))
    db.session.commit()
    url = f"/discoveries/{finding.discovery_id}/findings/{finding.id}"
    page = client.get(url)
    assert page.status_code == 200
    token = soup(client.get(f"/discoveries/{finding.discovery_id}")).select_one("[name=csrf_token]")["value"]
    assert client.post(url, data={"csrf_token": token, "kind": "need"}).status_code == 403


def test_an_admin_sees_every_discovery(client, factories, signed_in):
    factories.discovery(title="First"), factories.discovery(title="Second")
    signed_in("admin")
    rows = soup(client.get("/discoveries")).select("tbody tr")
    assert len(rows) == 2


def _research_pages(discovery, note, finding) -> list[str]:
    base = f"/discoveries/{discovery.id}"
    return [
        f"{base}/participants",
        f"{base}/notes",
        f"{base}/notes/{note.id}",
        f"{base}/findings",
        f"{base}/findings/{finding.id}",
        f"{base}/findings/export.csv",
    ]


def test_an_admin_who_is_not_a_member_cannot_read_notes_findings_or_participants(
    client, factories, signed_in
):
    finding = factories.finding()
    discovery, note = finding.note.discovery, finding.note
    db.session.commit()
    signed_in("admin")
    for url in _research_pages(discovery, note, finding):
        assert client.get(url).status_code == 403, url
    # They still see the overview, the codebook and who is in the squad.
    assert client.get(f"/discoveries/{discovery.id}").status_code == 200
    assert client.get(f"/discoveries/{discovery.id}/codebook").status_code == 200
    assert client.get(f"/discoveries/{discovery.id}/members").status_code == 200


def test_an_admin_who_adds_themselves_reads_the_research_and_the_addition_is_audited(
    client, factories, signed_in
):
    finding = factories.finding()
    discovery, note = finding.note.discovery, finding.note
    db.session.commit()
    admin = signed_in("admin")
    response = post_form(client, f"/discoveries/{discovery.id}/members", {"email": admin.email})
    assert response.status_code == 302
    assert "member_added" in audit_actions(discovery_id=discovery.id)
    for url in _research_pages(discovery, note, finding):
        assert client.get(url).status_code == 200, url


def test_admins_without_membership_are_limited_to_the_overview_members_and_codebook():
    assert {
        Capability.VIEW_DISCOVERY,
        Capability.MANAGE_MEMBERS,
        Capability.READ_CODEBOOK,
    } == ADMIN_WITHOUT_MEMBERSHIP


def _overview_links(client, discovery) -> dict[str, str | None]:
    page = soup(client.get(f"/discoveries/{discovery.id}"))
    counts = {}
    for item in page.select(".app-counts__item"):
        link = item.select_one("a")
        counts[item.dt.get_text(strip=True)] = link["href"] if link else None
    return counts


def test_a_leads_overview_shows_the_counts_without_links_to_pages_they_cannot_open(
    client, factories, signed_in
):
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council")
    discovery = factories.discovery(authorities=[torfaen])
    factories.finding(note=factories.note(discovery=discovery))
    db.session.commit()
    signed_in("authority_lead", authorities=[torfaen])
    counts = _overview_links(client, discovery)
    assert counts == {
        "Participants": None,
        "Research notes": None,
        "Findings": None,
        "Published summary versions": f"/discoveries/{discovery.id}/summary",
    }, "the summary is what a lead reads"
    page = soup(client.get(f"/discoveries/{discovery.id}"))
    for link in page.select("main a[href]"):
        href = link["href"]
        if href.startswith("/"):
            assert client.get(href).status_code == 200, href


def test_a_researchers_overview_links_each_count_to_its_page(client, factories, signed_in):
    researcher = signed_in("researcher")
    discovery = factories.discovery(members=[researcher])
    db.session.commit()
    counts = _overview_links(client, discovery)
    assert counts["Findings"] == f"/discoveries/{discovery.id}/findings"
    assert all(counts.values())


def test_an_unknown_discovery_is_a_404_page_not_a_crash(client, signed_in):
    signed_in("admin")
    response = client.get("/discoveries/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert soup(response).h1.get_text(strip=True) == "Page not found"
    assert client.get("/discoveries/not-a-uuid").status_code == 404


def test_a_forbidden_page_tells_a_researcher_whom_to_ask(client, factories, signed_in):
    discovery = factories.discovery()
    db.session.commit()
    signed_in("researcher")
    response = client.get(f"/discoveries/{discovery.id}")
    page = soup(response)
    assert page.h1.get_text(strip=True) == "You do not have permission to see this page"
    assert "ask a researcher on the discovery to add you" in page.main.get_text()


def test_a_forbidden_page_tells_a_lead_what_leads_can_read(client, factories, signed_in):
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council")
    discovery = factories.discovery(authorities=[torfaen])
    db.session.commit()
    signed_in("authority_lead", authorities=[torfaen])
    page = soup(client.get(f"/discoveries/{discovery.id}/notes"))
    text = page.main.get_text(" ", strip=True)
    assert "Authority leads can read the summaries of discoveries their council takes part in" in text
    assert "only open to the research team" in text
    assert "ask a researcher" not in text
    summary = page.main.find("a", string=f"Read the summary of {discovery.title}")
    assert summary["href"] == f"/discoveries/{discovery.id}/summary"
    back = page.main.find("a", string="Go to your discovery summaries")
    assert back["href"] == "/summaries"


def test_a_forbidden_page_speaks_welsh_to_a_lead(client, factories, signed_in):
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council")
    discovery = factories.discovery(authorities=[torfaen])
    db.session.commit()
    signed_in("authority_lead", authorities=[torfaen])
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?lang=cy"))
    text = page.main.get_text(" ", strip=True)
    assert page.html["lang"] == "cy"
    assert "Gall arweinwyr awdurdodau ddarllen crynodebau" in text
    assert "Authority leads" not in text


def test_a_forbidden_page_shows_an_admin_how_to_join_the_discovery(client, factories, signed_in):
    discovery = factories.discovery(title="Carers' breaks")
    db.session.commit()
    signed_in("admin")
    page = soup(client.get(f"/discoveries/{discovery.id}/findings"))
    join = page.main.find("a", string="Manage the members of Carers' breaks")
    assert join["href"] == f"/discoveries/{discovery.id}/members"
    assert "recorded in the audit log" in page.main.get_text()
