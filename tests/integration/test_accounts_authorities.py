"""Admins keep the list of authorities: code, English and Welsh names and kind; duplicates get a
specific error, two admins cannot overwrite each other, and an authority in use is never deleted."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.accounts.forms import AuthorityForm
from discovery.core.models import Authority
from discovery.extensions import db
from tests.support import (
    audit_events,
    count,
    csrf_token,
    error_summary,
    form_data,
    notification,
    post_form,
    sign_in,
    soup,
)

TORFAEN = {
    "code": "tor",
    "name": "Torfaen County Borough Council",
    "name_cy": "Cyngor Bwrdeistref Sirol Torfaen",
    "kind": "council",
}


def _admin(client, factories):
    admin = factories.user(role="admin", display_name="Alun Davies")
    db.session.commit()
    sign_in(client, admin)
    return admin


def test_adding_an_authority_lists_it_with_both_names_and_audits_it(app, client, factories):
    admin = _admin(client, factories)
    response = post_form(client, "/authorities/new", form_data(AuthorityForm, **TORFAEN), follow=True)

    assert "Torfaen County Borough Council added" in notification(response)
    rows = [[c.get_text(" ", strip=True) for c in r.select("td")] for r in soup(response).select("tbody tr")]
    assert rows == [["TOR", TORFAEN["name"], TORFAEN["name_cy"], "Council", "0", f"Change {TORFAEN['name']}"]]
    (event,) = audit_events("authority_created")
    assert event.actor_id == admin.id
    assert event.details["after"] == {
        "code": "TOR",
        "name": TORFAEN["name"],
        "name_cy": TORFAEN["name_cy"],
        "kind": "council",
    }


def test_welsh_pages_show_the_welsh_name(app, client, factories):
    tor = factories.authority(code="TOR", name=TORFAEN["name"], name_cy=TORFAEN["name_cy"])
    _admin(client, factories)
    person = factories.user(authorities=[tor])
    db.session.commit()
    page = soup(client.get(f"/people/{person.id}?lang=cy"))
    assert TORFAEN["name_cy"] in page.select_one("main").get_text()


def test_a_duplicate_code_english_or_welsh_name_gets_a_specific_error(app, client, factories):
    factories.authority(code="TOR", name=TORFAEN["name"], name_cy=TORFAEN["name_cy"])
    _admin(client, factories)
    response = post_form(client, "/authorities/new", {**TORFAEN, "name": TORFAEN["name"].upper()})
    assert error_summary(response) == [
        ("There is already an authority with this code", "#code"),
        ("There is already an authority with this name", "#name"),
        ("There is already an authority with this Welsh name", "#name_cy"),
    ]
    assert count(Authority) == 1


def test_the_authority_form_says_what_is_missing_or_wrong(app, client, factories):
    _admin(client, factories)
    response = post_form(
        client, "/authorities/new", {"code": "T O R", "name": "", "name_cy": "", "kind": "county"}
    )
    assert error_summary(response) == [
        ("Code must only include letters, numbers and hyphens", "#code"),
        ("Enter the name in English", "#name"),
        ("Select the kind of organisation", "#kind"),
    ]


def test_editing_an_authority_audits_before_and_after(app, client, factories):
    tor = factories.authority(code="TOR", name="Torfaen Council", name_cy="")
    _admin(client, factories)
    post_form(client, f"/authorities/{tor.id}/edit", {**TORFAEN, "kind": "council"})
    db.session.expire_all()
    assert (tor.name, tor.name_cy, tor.version) == (TORFAEN["name"], TORFAEN["name_cy"], 2)
    (event,) = audit_events("authority_updated")
    assert event.details == {
        "before": {"name": "Torfaen Council", "name_cy": ""},
        "after": {"name": TORFAEN["name"], "name_cy": TORFAEN["name_cy"]},
    }


def test_two_admins_editing_one_authority_cannot_both_save(app, client, factories):
    tor = factories.authority(code="TOR", name="Torfaen Council", name_cy="")
    _admin(client, factories)
    first = client.get(f"/authorities/{tor.id}/edit").get_data(as_text=True)
    post_form(client, f"/authorities/{tor.id}/edit", {**TORFAEN}, follow=True)  # the other admin saves
    response = client.post(
        f"/authorities/{tor.id}/edit",
        data={"csrf_token": csrf_token(first), "version": "1", **TORFAEN, "name": "Torfaen CBC"},
    )
    assert response.status_code == 409
    assert "Someone else changed this authority" in notification(response)
    db.session.expire_all()
    assert tor.name == TORFAEN["name"]


def test_an_authority_in_use_is_refused_deletion_with_what_uses_it(app, client, factories):
    tor = factories.authority(code="TOR")
    factories.user(authorities=[tor])
    factories.discovery(authorities=[tor])
    _admin(client, factories)

    page = client.get(f"/authorities/{tor.id}/delete")
    assert soup(page).h1.get_text(strip=True) == "You cannot delete this authority"
    assert [li.get_text(strip=True) for li in soup(page).select("main li")] == [
        "Discoveries it takes part in: 1",
        "People who belong to it: 1",
    ]
    assert soup(page).select_one("main form") is None
    token = csrf_token(client.get("/authorities").get_data(as_text=True))
    assert client.post(f"/authorities/{tor.id}/delete", data={"csrf_token": token}).status_code == 409
    assert count(Authority) == 1 and audit_events("authority_deleted") == []


def test_an_unused_authority_can_be_deleted(app, client, factories):
    typo = factories.authority(code="TROF", name="Trofaen")
    _admin(client, factories)
    response = post_form(client, f"/authorities/{typo.id}/delete", {}, follow=True)
    assert "Trofaen deleted" in notification(response)
    assert db.session.scalar(sa.select(Authority).where(Authority.code == "TROF")) is None
    assert audit_events("authority_deleted")[0].details["before"]["code"] == "TROF"
