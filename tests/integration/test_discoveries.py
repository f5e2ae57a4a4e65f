"""Creating, reading and editing discoveries, with GOV.UK error messages and no lost work."""

from __future__ import annotations

from discovery.core.forms import AddMemberForm, DiscoveryForm
from discovery.core.models import Discovery
from discovery.extensions import db
from tests.support import (
    audit_actions,
    count,
    error_summary,
    form_data,
    notification,
    post_form,
    soup,
    summary_rows,
)


def discovery_form(authorities, **overrides):
    values = {
        "title": "Accessing adult social care",
        "service": "Adult social care: information, advice and assessment",
        "problem_statement": "People do not know what support exists or how to ask for it.",
        "phase": "discovery",
        "start_date": ["7", "9", "2026"],
        "end_date": ["18", "12", "2026"],
        "authorities": [str(a.id) for a in authorities],
    }
    values.update(overrides)
    return form_data(DiscoveryForm, **values)


def test_a_researcher_creates_a_discovery_and_becomes_its_first_member(client, factories, signed_in):
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    tor = factories.authority(code="TOR", name="Torfaen County Borough Council")
    db.session.commit()
    user = signed_in("researcher")

    response = post_form(client, "/discoveries/new", discovery_form([npt, tor]))
    assert response.status_code == 302
    page = client.get(response.location)
    html = soup(page)
    assert html.h1.get_text(strip=True) == "Accessing adult social care"
    assert "Discovery created" in notification(page)
    rows = summary_rows(html)
    assert rows["Service"] == "Adult social care: information, advice and assessment"
    assert rows["Dates"] == "7 Sep 2026 to 18 Dec 2026"
    assert rows["Authorities taking part"] == "Neath Port Talbot Council Torfaen County Borough Council"
    assert user.display_name in html.select_one("main").get_text()
    assert audit_actions(action="discovery_created") == ["discovery_created"]


def test_an_empty_form_lists_every_missing_answer(client, signed_in):
    signed_in("researcher")
    response = post_form(client, "/discoveries/new", {"title": "  ", "service": "", "phase": "discovery"})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter a title", "#title"),
        ("Enter the service", "#service"),
        ("Select at least one authority", "#authorities"),
    ]
    assert soup(response).title.get_text().startswith("Error:")


def test_duplicate_titles_are_refused_whatever_their_case(client, factories, signed_in):
    council = factories.authority()
    factories.discovery(title="Accessing adult social care", slug="accessing-adult-social-care")
    db.session.commit()
    signed_in("researcher")
    response = post_form(
        client, "/discoveries/new", discovery_form([council], title="ACCESSING adult social care!")
    )
    assert error_summary(response) == [
        ("A discovery with this title already exists. Enter a different title", "#title")
    ]
    assert count(Discovery) == 1


def test_over_long_answers_and_impossible_dates_are_explained(client, factories, signed_in):
    council = factories.authority()
    db.session.commit()
    signed_in("researcher")
    response = post_form(
        client,
        "/discoveries/new",
        discovery_form(
            [council], title="x" * 121, start_date=["31", "2", "2026"], end_date=["1", "", "2026"]
        ),
    )
    assert error_summary(response) == [
        ("Title must be 120 characters or fewer", "#title"),
        ("Start date must be a real date", "#start_date"),
        ("End date must include a month", "#end_date"),
    ]
    # What the person typed is still there to correct.
    page = soup(response)
    assert page.select_one("#title")["value"] == "x" * 121
    assert page.select_one("#start_date-day")["value"] == "31"


def test_an_end_date_before_the_start_date_is_refused(client, factories, signed_in):
    council = factories.authority()
    db.session.commit()
    signed_in("researcher")
    response = post_form(client, "/discoveries/new", discovery_form([council], end_date=["1", "9", "2026"]))
    assert error_summary(response) == [("End date must be the same as or after the start date", "#end_date")]


def test_a_tampered_authority_choice_is_an_error_not_a_crash(client, factories, signed_in):
    factories.authority()
    db.session.commit()
    signed_in("researcher")
    response = post_form(
        client,
        "/discoveries/new",
        {"title": "T", "service": "S", "phase": "discovery", "authorities": ["not-an-id"]},
    )
    assert ("Select from the options shown", "#authorities") in error_summary(response)


def test_editing_a_discovery_saves_changes(client, factories, signed_in):
    council = factories.authority()
    user = signed_in("researcher")
    discovery = factories.discovery(title="Old title", members=[user], authorities=[council])
    db.session.commit()
    response = post_form(
        client,
        f"/discoveries/{discovery.id}/edit",
        discovery_form([council], title="New title", phase="alpha", version="1"),
    )
    assert response.status_code == 302
    page = client.get(response.location)
    assert soup(page).h1.get_text(strip=True) == "New title"
    assert "Discovery saved" in notification(page)


def test_a_stale_edit_is_refused_and_the_text_typed_is_kept(client, factories, signed_in):
    council = factories.authority()
    user = signed_in("researcher")
    discovery = factories.discovery(title="Shared title", members=[user], authorities=[council])
    db.session.commit()
    form_page = client.get(f"/discoveries/{discovery.id}/edit")
    assert soup(form_page).select_one("input[name=version]")["value"] == "1"

    discovery.service = "Changed by a colleague"  # someone else saves first
    db.session.commit()

    response = post_form(
        client,
        f"/discoveries/{discovery.id}/edit",
        discovery_form([council], title="My careful rewrite", version="1"),
    )
    assert response.status_code == 409
    assert "Someone else changed this discovery while you were editing it" in notification(response)
    assert soup(response).select_one("#title")["value"] == "My careful rewrite"
    db.session.expire_all()
    assert db.session.get(Discovery, discovery.id).title == "Shared title"


def test_members_can_be_added_by_email_and_removed(client, factories, signed_in):
    user = signed_in("researcher")
    colleague = factories.user(
        email="dylan@torfaen.example.gov.wales", display_name="Dylan Squad", role="squad_member"
    )
    discovery = factories.discovery(members=[user])
    db.session.commit()
    url = f"/discoveries/{discovery.id}/members"

    response = post_form(client, url, form_data(AddMemberForm, email="nobody@example.gov.wales"))
    assert error_summary(response) == [("There is no account with this email address", "#email")]

    response = post_form(
        client, url, form_data(AddMemberForm, email="Dylan@torfaen.example.gov.wales"), follow=True
    )
    assert "Dylan Squad added to the discovery" in notification(response)
    response = post_form(client, url, form_data(AddMemberForm, email="dylan@torfaen.example.gov.wales"))
    assert error_summary(response) == [("This person is already a member of the discovery", "#email")]

    response = post_form(client, f"{url}/{colleague.id}/remove", {}, get_url=url, follow=True)
    assert "Dylan Squad removed from the discovery" in notification(response)
    db.session.expire_all()
    assert [m.email for m in db.session.get(Discovery, discovery.id).members] == [user.email]


def test_the_last_member_cannot_be_removed(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    url = f"/discoveries/{discovery.id}/members"
    response = post_form(client, f"{url}/{user.id}/remove", {}, get_url=url, follow=True)
    assert "A discovery must keep at least one member" in notification(response)
