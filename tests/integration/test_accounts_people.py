"""Admins manage people on the web: the list and its filters, inviting, changing role and
authorities, deactivating and reactivating, resetting a password, the last-admin guard and
stale edits. Each change's visible result, audit event and ending of sessions is checked."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.accounts.forms import EditPersonForm, InviteForm
from discovery.accounts.models import AccountToken
from discovery.core.models import User
from discovery.core.sessions import UserSession
from discovery.extensions import db
from tests.support import (
    PASSWORD,
    audit_events,
    count,
    csrf_token,
    error_summary,
    form_data,
    notification,
    post_form,
    sign_in,
    soup,
    summary_rows,
)


def _admin(client, factories, **kwargs):
    admin = factories.user(role="admin", display_name="Alun Davies", email="alun@discovery.example", **kwargs)
    db.session.commit()
    sign_in(client, admin)
    return admin


def _signed_in_elsewhere(app, user):
    """The person's own browser, signed in, so a test can see their session end."""
    other = app.test_client()
    sign_in(other, user)
    assert other.get("/discoveries").status_code == 200
    return other


def _is_signed_out(client) -> bool:
    response = client.get("/discoveries")
    return response.status_code == 302 and "/sign-in" in response.headers["Location"]


def _live_sessions(user_id) -> int:
    return count(UserSession, UserSession.user_id == user_id, UserSession.ended_at.is_(None))


def _confirm(client, url: str, *, follow: bool = True):
    """Press the confirmation button on the page, sending what its form holds (the version)."""
    page = soup(client.get(url))
    form = page.select_one("main form[method='post']")
    data = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    return client.post(url, data=data, follow_redirects=follow)


def _table_rows(response) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup(response).select("table tbody tr")
    ]


# The list of people ------------------------------------------------------------------------------


def test_people_lists_everyone_with_role_authorities_status_and_last_sign_in(app, client, factories):
    tor = factories.authority(code="TOR", name="Torfaen County Borough Council")
    factories.user(display_name="Siân Pritchard", email="sian@torfaen.example", authorities=[tor])
    factories.user(
        display_name="Catrin Hughes", role="authority_lead", authorities=[tor], is_active_account=False
    )
    _admin(client, factories)

    response = client.get("/people")

    assert soup(response).h1.get_text(strip=True) == "People"
    rows = {row[0].split(" ")[0]: row for row in _table_rows(response)}
    assert rows["Siân"] == ["Siân Pritchard sian@torfaen.example", "Researcher", "TOR", "Active", "Never"]
    assert rows["Catrin"][1:4] == ["Authority lead", "TOR", "Deactivated"]
    assert rows["Alun"][4] != "Never"  # the admin has just signed in


def test_people_can_be_filtered_by_role_authority_and_status(app, client, factories):
    tor, npt = factories.authority(code="TOR"), factories.authority(code="NPT")
    factories.user(display_name="Tor Researcher", authorities=[tor])
    factories.user(display_name="Npt Researcher", authorities=[npt])
    factories.user(display_name="Npt Lead", role="authority_lead", authorities=[npt], is_active_account=False)
    _admin(client, factories)

    def names(query: str) -> list[str]:
        response = client.get(f"/people?{query}")
        assert response.status_code == 200
        return [row[0].rsplit(" ", 1)[0] for row in _table_rows(response)]

    assert names("role=researcher") == ["Npt Researcher", "Tor Researcher"]
    assert names(f"authority={npt.id}") == ["Npt Lead", "Npt Researcher"]
    assert names(f"authority={npt.id}&status=active") == ["Npt Researcher"]
    assert names("status=deactivated") == ["Npt Lead"]
    assert names("role=squad_member") == []
    assert "Nobody matches these filters." in client.get("/people?role=squad_member").get_data(as_text=True)


def test_a_tampered_filter_gets_a_specific_error_not_a_crash(app, client, factories):
    _admin(client, factories)
    response = client.get("/people?role=superuser&authority=not-an-id")
    assert response.status_code == 200
    assert error_summary(response) == [
        ("Select a role from the list", "#role"),
        ("Select an authority from the list", "#authority"),
    ]


# Inviting ------------------------------------------------------------------------------------


def test_inviting_makes_an_account_and_shows_a_link_once_and_audits_it_without_the_secret(
    app, client, factories
):
    tor = factories.authority(code="TOR")
    admin = _admin(client, factories)
    data = form_data(
        InviteForm,
        email="Ffion.Rees@Torfaen.example",
        display_name="Ffion Rees",
        role="researcher",
        authorities=[str(tor.id)],
    )

    response = post_form(client, "/people/invite", data)

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(" ", strip=True).startswith("Account created")
    link = page.select_one("#link")["value"]
    assert "/set-password/" in link
    secret = link.rsplit("/", 1)[1]
    user = db.session.scalar(sa.select(User).where(User.email == "ffion.rees@torfaen.example"))
    assert (user.display_name, user.role, [a.code for a in user.authorities]) == (
        "Ffion Rees",
        "researcher",
        ["TOR"],
    )
    token = db.session.scalar(sa.select(AccountToken).where(AccountToken.user_id == user.id))
    assert token.purpose == "invite" and token.token_hash != secret and secret not in token.token_hash
    (event,) = audit_events("user_invited")
    assert event.actor_id == admin.id and event.object_id == str(user.id)
    assert event.details["after"] == {
        "display_name": "Ffion Rees",
        "role": "researcher",
        "authorities": ["TOR"],
    }
    assert secret not in str(event.details)
    # The person's page says a link is waiting, and never shows the link again.
    person_page = client.get(f"/people/{user.id}")
    assert "A link to choose a password works until" in summary_rows(soup(person_page))["Password link"]
    assert secret not in person_page.get_data(as_text=True)
    assert summary_rows(soup(person_page))["Status"] == "Invited"
    assert _table_rows(client.get("/people?status=invited"))[0][0].startswith("Ffion Rees")


def test_an_invited_person_cannot_sign_in_until_they_choose_a_password(app, client, factories):
    _admin(client, factories)
    post_form(
        client, "/people/invite", {"email": "new@council.example", "display_name": "New", "role": "admin"}
    )
    other = app.test_client()
    response = post_form(other, "/sign-in", {"email": "new@council.example", "password": PASSWORD})
    assert response.status_code == 200 and "Enter a correct email address and password" in response.get_data(
        as_text=True
    )


def test_inviting_an_email_that_has_an_account_says_so_whatever_its_case(app, client, factories):
    factories.user(email="gareth.morgan@npt.example")
    _admin(client, factories)
    data = {"email": "Gareth.Morgan@NPT.example", "display_name": "Gareth", "role": "admin"}
    response = post_form(client, "/people/invite", data)
    assert error_summary(response) == [("There is already an account with this email address", "#email")]
    assert count(User) == 2


def test_the_invite_form_says_what_is_missing_or_wrong(app, client, factories):
    _admin(client, factories)
    response = post_form(client, "/people/invite", {"email": "not-an-email", "display_name": " ", "role": ""})
    assert error_summary(response) == [  # in the order of the page
        ("Enter an email address in the correct format, like name@example.com", "#email"),
        ("Enter the person’s full name", "#display_name"),
        ("Select a role", "#role"),
    ]
    response = post_form(
        client,
        "/people/invite",
        {"email": "lead@x.example", "display_name": "Lead", "role": "authority_lead"},
    )
    assert error_summary(response) == [("Select at least one authority the person works for", "#authorities")]
    assert soup(response).title.get_text().startswith("Error:")


# Changing role and authorities -------------------------------------------------------------------


def test_changing_role_and_authorities_ends_their_sessions_and_audits_before_and_after(
    app, client, factories
):
    tor, npt = factories.authority(code="TOR"), factories.authority(code="NPT")
    person = factories.user(display_name="Owain Jenkins", authorities=[tor])
    db.session.commit()
    theirs = _signed_in_elsewhere(app, person)
    _admin(client, factories)
    data = form_data(
        EditPersonForm, display_name="Owain Jenkins", role="squad_member", authorities=[str(npt.id)]
    )

    response = post_form(client, f"/people/{person.id}/edit", data, follow=True)

    assert "Owain Jenkins has been signed out" in notification(response)
    rows = summary_rows(soup(response))
    assert rows["Role"].startswith("Squad member") and "(NPT)" in rows["Authorities"]
    assert _is_signed_out(theirs)
    assert _live_sessions(person.id) == 0
    (event,) = audit_events("user_updated")
    assert event.details == {
        "before": {"authorities": ["TOR"], "role": "researcher"},
        "after": {"authorities": ["NPT"], "role": "squad_member"},
        "sessions_ended": True,
    }
    history = " ".join(" ".join(r) for r in _table_rows(client.get(f"/people/{person.id}")))
    assert "Role: Researcher → Squad member" in history, history


def test_changing_only_the_name_keeps_them_signed_in(app, client, factories):
    person = factories.user(display_name="Megan Lloyd", role="admin")
    db.session.commit()
    theirs = _signed_in_elsewhere(app, person)
    _admin(client, factories)
    post_form(client, f"/people/{person.id}/edit", {"display_name": "Megan Lloyd-Jones", "role": "admin"})
    assert not _is_signed_out(theirs)
    assert audit_events("user_updated")[0].details["after"] == {"display_name": "Megan Lloyd-Jones"}


def test_two_admins_editing_the_same_person_cannot_both_save(app, client, factories):
    person = factories.user(display_name="Rhys Thomas", role="admin")
    db.session.commit()
    _admin(client, factories)
    form_page = client.get(f"/people/{person.id}/edit").get_data(as_text=True)
    other_admin = app.test_client()
    sign_in(other_admin, person)  # the second admin happens to be Rhys himself
    post_form(other_admin, f"/people/{person.id}/edit", {"display_name": "Rhys T", "role": "admin"})

    response = client.post(
        f"/people/{person.id}/edit",
        data={
            "csrf_token": csrf_token(form_page),
            "version": "1",
            "display_name": "Rhys ap Thomas",
            "role": "admin",
        },
    )

    assert response.status_code == 409
    assert "Someone else changed this person’s account" in notification(response)
    db.session.expire_all()
    assert db.session.get(User, person.id).display_name == "Rhys T"
    assert soup(response).select_one("#display_name")["value"] == "Rhys ap Thomas"  # what they typed is kept


# Deactivating and reactivating --------------------------------------------------------------------


def test_deactivating_signs_them_out_at_once_stops_sign_in_and_is_audited(app, client, factories):
    person = factories.user(display_name="Gareth Morgan")
    db.session.commit()
    theirs = _signed_in_elsewhere(app, person)
    admin = _admin(client, factories)

    response = _confirm(client, f"/people/{person.id}/deactivate")

    assert "Gareth Morgan’s account has been deactivated" in notification(response)
    assert summary_rows(soup(response))["Status"] == "Deactivated"
    assert _is_signed_out(theirs)
    assert _live_sessions(person.id) == 0
    refused = post_form(app.test_client(), "/sign-in", {"email": person.email, "password": PASSWORD})
    assert refused.status_code == 200
    (event,) = audit_events("user_deactivated")
    assert event.actor_id == admin.id
    assert event.details["before"] == {"status": "active"} and event.details["after"] == {
        "status": "deactivated"
    }

    page = client.get(f"/people/{person.id}")
    form = soup(page).select_one(f"form[action='/people/{person.id}/reactivate']")
    data = {i["name"]: i.get("value", "") for i in form.select("input")}
    response = client.post(f"/people/{person.id}/reactivate", data=data, follow_redirects=True)
    assert "reactivated. They can sign in again" in notification(response)
    assert audit_events("user_reactivated")[0].details["after"] == {"status": "active"}
    sign_in(app.test_client(), person)


# The last active admin ---------------------------------------------------------------------------


def test_the_last_active_admin_cannot_deactivate_or_demote_themselves(app, client, factories):
    tor = factories.authority(code="TOR")
    admin = _admin(client, factories)
    factories.user(role="admin", is_active_account=False)  # a deactivated admin does not count
    db.session.commit()

    response = _confirm(client, f"/people/{admin.id}/deactivate")
    assert "Alun Davies is the only active admin" in notification(response)
    demote = {"display_name": "Alun Davies", "role": "researcher", "authorities": [str(tor.id)]}
    response = post_form(client, f"/people/{admin.id}/edit", demote)
    assert error_summary(response) == [
        (
            "You cannot do this because Alun Davies is the only active admin. Make someone else an admin "
            "first, so someone can still manage people",
            "#role",
        )
    ]
    db.session.expire_all()
    assert (admin.role, admin.is_active_account) == ("admin", True)
    assert audit_events("user_deactivated") == [] and audit_events("user_updated") == []
    assert client.get("/people").status_code == 200  # still signed in


def test_with_another_active_admin_an_admin_may_step_down(app, client, factories):
    tor = factories.authority(code="TOR")
    admin = _admin(client, factories)
    factories.user(role="admin")
    db.session.commit()
    demote = {"display_name": "Alun Davies", "role": "researcher", "authorities": [str(tor.id)]}
    post_form(client, f"/people/{admin.id}/edit", demote)
    db.session.expire_all()
    assert admin.role == "researcher"
    assert _is_signed_out(client)


# Resetting a password ----------------------------------------------------------------------------


def test_resetting_a_password_ends_sessions_stops_the_old_password_and_gives_a_new_link(
    app, client, factories
):
    person = factories.user(display_name="Siân Pritchard")
    db.session.commit()
    theirs = _signed_in_elsewhere(app, person)
    _admin(client, factories)

    response = _confirm(client, f"/people/{person.id}/reset-password", follow=False)

    assert soup(response).h1.get_text(" ", strip=True).startswith("Password reset")
    link = soup(response).select_one("#link")["value"]
    assert _is_signed_out(theirs)
    refused = post_form(app.test_client(), "/sign-in", {"email": person.email, "password": PASSWORD})
    assert "Enter a correct email address and password" in refused.get_data(as_text=True)
    (event,) = audit_events("password_reset_link_issued")
    assert link.rsplit("/", 1)[1] not in str(event.details)

    path = link.replace("http://localhost", "")
    fresh = app.test_client()
    new_password = "a walk along the Afon Lwyd"
    post_form(fresh, path, {"password": new_password, "confirm": new_password})
    sign_in(fresh, person, new_password)


def test_the_person_page_shows_their_recent_activity(app, client, factories):
    person = factories.user(display_name="Catrin Hughes")
    db.session.commit()
    _signed_in_elsewhere(app, person)
    _admin(client, factories)
    post_form(client, f"/people/{person.id}/edit", {"display_name": "Catrin Hughes", "role": "admin"})
    rows = _table_rows(client.get(f"/people/{person.id}"))
    assert rows[0][0].startswith("Account changed") and rows[0][1] == "Alun Davies"
    assert rows[1][:2] == ["Signed in", "Catrin Hughes"]


def test_an_unknown_person_is_not_found(app, client, factories):
    _admin(client, factories)
    assert client.get("/people/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/people/00000000-0000-0000-0000-000000000000/edit").status_code == 404
