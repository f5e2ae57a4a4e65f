"""The codebook page, adding and editing tags, and who may do what."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Tag
from research_notes.tags.forms import TagForm
from tests.support import audit_events, count, error_summary, form_data, notification, post_form, soup


def _discovery(factories, user):
    discovery = factories.discovery(members=[user])
    db.session.commit()
    return discovery


def _tree(factories, discovery):
    """Contact > Phone queues, Contact > Website; Money; findings on each."""
    contact = factories.tag(
        discovery=discovery, name="Contact", colour="blue", description="How people reach us"
    )
    phone = factories.tag(discovery=discovery, name="Phone queues", parent=contact, colour="red")
    web = factories.tag(discovery=discovery, name="Website", parent=contact, colour="green")
    money = factories.tag(discovery=discovery, name="Money", colour="yellow")
    note = factories.note(discovery=discovery)
    factories.finding(note=note, tags=[contact, phone])
    factories.finding(note=note, tags=[phone])
    factories.finding(note=note, tags=[web])
    db.session.commit()
    return contact, phone, web, money


def _rows(response):
    rows = []
    for row in soup(response).select("table.app-codebook tbody tr"):
        rows.append(
            (
                row.select_one(".app-codebook__swatch").get_text(strip=True),
                row.select("td")[1].get_text(" ", strip=True),
            )
        )
    return rows


def test_codebook_shows_the_hierarchy_with_colours_and_finding_counts(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    _tree(factories, discovery)
    response = client.get(f"/discoveries/{discovery.id}/codebook")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Codebook"
    assert _rows(response) == [
        ("Contact", "1 (3 with sub-tags)"),
        ("Phone queues", "2"),
        ("Website", "1"),
        ("Money", "0"),
    ]
    swatches = page.select(".app-codebook__swatch")
    assert "govuk-tag--blue" in swatches[0]["class"]
    assert "govuk-tag--red" in swatches[1]["class"]
    assert "app-codebook__tag--depth-1" in page.select("tbody th")[1]["class"]
    assert "Sub-tag of Contact:" in page.select("tbody th")[1].get_text()
    links = [a.get_text(strip=True) for a in page.select(".govuk-button")]
    assert links[:2] == ["Add a tag", "Import a codebook"]
    assert page.find("a", string="Download as CSV (for spreadsheets)")["href"].endswith(
        "/codebook/export.csv"
    )


def test_squad_members_can_read_and_export_the_codebook_but_not_change_it(client, factories, signed_in):
    user = signed_in("squad_member")
    discovery = _discovery(factories, user)
    contact, *_ = _tree(factories, discovery)
    response = client.get(f"/discoveries/{discovery.id}/codebook")
    assert response.status_code == 200
    page = soup(response)
    assert page.find("a", string="Add a tag") is None
    assert page.find("a", string="Edit") is None
    assert client.get(f"/discoveries/{discovery.id}/codebook/export.csv").status_code == 200
    for url in ("new", "import", f"{contact.id}/edit", f"{contact.id}/merge", f"{contact.id}/delete"):
        assert client.get(f"/discoveries/{discovery.id}/codebook/{url}").status_code == 403


def test_authority_leads_and_outsiders_cannot_see_the_codebook(client, factories, signed_in):
    signed_in("authority_lead")
    other = factories.discovery()
    db.session.commit()
    assert client.get(f"/discoveries/{other.id}/codebook").status_code == 403


def test_a_tag_from_another_discovery_is_not_found(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    elsewhere = factories.tag(name="Elsewhere")
    db.session.commit()
    for url in ("edit", "merge", "delete"):
        assert client.get(f"/discoveries/{discovery.id}/codebook/{elsewhere.id}/{url}").status_code == 404


def test_empty_codebook_says_so(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    response = client.get(f"/discoveries/{discovery.id}/codebook")
    assert "There are no tags yet." in soup(response).select_one("main").get_text()


def test_adding_a_tag_with_a_parent_is_saved_and_audited(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    contact = factories.tag(discovery=discovery, name="Contact")
    db.session.commit()
    url = f"/discoveries/{discovery.id}/codebook/new"
    data = form_data(
        TagForm,
        name="  Ffôn  a   chiwiau ",
        description="Aros ar y ffôn",
        colour="purple",
        parent=str(contact.id),
    )
    response = post_form(client, url, data, follow=True)
    assert "Tag ‘Ffôn a chiwiau’ added" in notification(response)
    tag = db.session.scalar(sa.select(Tag).where(Tag.name == "Ffôn a chiwiau"))
    assert (tag.parent_id, tag.colour, tag.description) == (contact.id, "purple", "Aros ar y ffôn")
    [event] = audit_events("tag_created")
    assert event.actor_id == user.id and event.object_id == str(tag.id)


def test_add_form_errors_are_gov_uk_style(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    factories.tag(discovery=discovery, name="Money")
    db.session.commit()
    url = f"/discoveries/{discovery.id}/codebook/new"

    response = post_form(client, url, form_data(TagForm, name="   ", colour="grey", parent=""))
    assert response.status_code == 200
    assert error_summary(response) == [("Enter a name", "#name")]
    assert soup(response).title.get_text().startswith("Error:")

    response = post_form(
        client, url, form_data(TagForm, name="x" * 81, description="d" * 2001, colour="teal")
    )
    assert error_summary(response) == [
        ("Name must be 80 characters or fewer", "#name"),
        ("Description must be 2000 characters or fewer", "#description"),
        ("Select a colour from the list", "#colour"),
    ]

    response = post_form(client, url, form_data(TagForm, name="money", colour="grey", parent=""))
    assert error_summary(response) == [
        (
            "A tag with this name already exists there. Enter a different name or choose another parent",
            "#name",
        )
    ]

    response = post_form(client, url, form_data(TagForm, name="Age > 65", colour="grey", parent=""))
    assert error_summary(response) == [
        ("Name must not include ‘ > ’ with spaces, because it separates levels in a codebook file", "#name")
    ]

    response = post_form(client, url, form_data(TagForm, name="Orphan", colour="grey", parent="not-a-tag"))
    assert error_summary(response) == [("Select a parent tag from the list", "#parent")]
    assert audit_events("tag_created") == []


def test_an_unknown_colour_is_refused(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    response = post_form(
        client, f"/discoveries/{discovery.id}/codebook/new", form_data(TagForm, name="Teal", colour="teal")
    )
    assert response.status_code == 200
    assert error_summary(response) == [("Select a colour from the list", "#colour")]
    assert count(Tag) == 0


def test_the_same_name_is_fine_under_a_different_parent(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    contact = factories.tag(discovery=discovery, name="Contact")
    factories.tag(discovery=discovery, name="Phone")
    db.session.commit()
    response = post_form(
        client,
        f"/discoveries/{discovery.id}/codebook/new",
        form_data(TagForm, name="Phone", colour="grey", parent=str(contact.id)),
    )
    assert response.status_code == 302


def test_renaming_a_tag_keeps_its_findings_and_is_audited(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    contact, phone, *_ = _tree(factories, discovery)
    url = f"/discoveries/{discovery.id}/codebook/{phone.id}/edit"
    page = soup(client.get(url))
    assert page.select_one("#name")["value"] == "Phone queues"
    assert page.select_one("#parent option[selected]")["value"] == str(contact.id)
    data = form_data(
        TagForm,
        name="Waiting on the phone",
        description="",
        colour="red",
        parent=str(contact.id),
        version="1",
    )
    response = post_form(client, url, data, follow=True)
    assert "Tag ‘Waiting on the phone’ saved" in notification(response)
    assert ("Waiting on the phone", "2") in _rows(response)
    [event] = audit_events("tag_renamed")
    assert event.details["changes"] == {"name": {"from": "Phone queues", "to": "Waiting on the phone"}}


def test_moving_a_tag_under_its_own_sub_tag_is_refused(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    contact, phone, *_ = _tree(factories, discovery)
    url = f"/discoveries/{discovery.id}/codebook/{contact.id}/edit"
    options = [o["value"] for o in soup(client.get(url)).select("#parent option")]
    assert str(phone.id) not in options and str(contact.id) not in options
    for parent in (phone, contact):
        response = post_form(
            client, url, form_data(TagForm, name="Contact", colour="blue", parent=str(parent.id), version="1")
        )
        assert error_summary(response) == [("You cannot put a tag inside one of its own sub-tags", "#parent")]
    db.session.expire_all()
    assert db.session.get(Tag, contact.id).parent_id is None


def test_moving_a_tag_to_the_top_level(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    _contact, phone, *_ = _tree(factories, discovery)
    url = f"/discoveries/{discovery.id}/codebook/{phone.id}/edit"
    response = post_form(
        client,
        url,
        form_data(TagForm, name="Phone queues", colour="red", parent="", version="1"),
        follow=True,
    )
    assert "app-codebook__tag--depth-0" in soup(response).select("tbody th")[2]["class"]
    [event] = audit_events("tag_updated")
    assert "parent_id" in event.details["changes"]


def test_a_database_duplicate_becomes_a_field_error(client, factories, signed_in, monkeypatch):
    """If the form's check is passed (a race), the unique constraint still ends as a field error."""
    from research_notes.tags import services

    user = signed_in("researcher")
    discovery = _discovery(factories, user)
    factories.tag(discovery=discovery, name="Money")
    db.session.commit()
    monkeypatch.setattr(services, "name_taken", lambda *a, **k: False)
    response = post_form(
        client, f"/discoveries/{discovery.id}/codebook/new", form_data(TagForm, name="Money", colour="grey")
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        (
            "A tag with this name already exists there. Enter a different name or choose another parent",
            "#name",
        )
    ]
