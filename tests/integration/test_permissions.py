"""Every endpoint is guarded, and each role sees only what it should."""

from __future__ import annotations

from discovery.extensions import db
from tests.support import soup

OPEN_ENDPOINTS = {"static"}


def test_every_endpoint_is_guarded_or_deliberately_public(app):
    unguarded = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        if not (getattr(view, "required_capability", None) or getattr(view, "is_public", False)):
            unguarded.append(rule.endpoint)
    assert unguarded == []


def test_public_endpoints_are_only_sign_in_health_and_accessibility(app):
    public = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "is_public", False)
    )
    assert public == ["core.accessibility_statement", "core.sign_in", "health.healthz"]


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


def test_an_admin_sees_every_discovery(client, factories, signed_in):
    factories.discovery(title="First"), factories.discovery(title="Second")
    signed_in("admin")
    rows = soup(client.get("/discoveries")).select("tbody tr")
    assert len(rows) == 2


def test_an_unknown_discovery_is_a_404_page_not_a_crash(client, signed_in):
    signed_in("admin")
    response = client.get("/discoveries/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert soup(response).h1.get_text(strip=True) == "Page not found"
    assert client.get("/discoveries/not-a-uuid").status_code == 404


def test_a_forbidden_page_explains_itself(client, factories, signed_in):
    discovery = factories.discovery()
    db.session.commit()
    signed_in("researcher")
    response = client.get(f"/discoveries/{discovery.id}")
    assert soup(response).h1.get_text(strip=True) == "You do not have permission to see this page"
