"""Signing in and out: clear errors that give nothing away, lockout, expiry and CSRF."""

from __future__ import annotations

from datetime import timedelta

from discovery.core.columns import utcnow
from discovery.core.forms import SignInForm
from discovery.extensions import db
from tests.support import (
    PASSWORD,
    audit_actions,
    csrf_token,
    error_summary,
    form_data,
    notification,
    post_form,
    sign_in,
    soup,
)


def test_pages_need_a_signed_in_user(client, factories):
    discovery = factories.discovery()
    db.session.commit()
    for url in ("/", "/discoveries", "/discoveries/new", f"/discoveries/{discovery.id}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.location.startswith("/sign-in?next=")


def test_sign_in_health_and_assets_are_open_to_everyone(client):
    assert client.get("/sign-in").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/accessibility-statement").status_code == 200
    with client.get("/assets/app.css") as response:
        assert response.status_code == 200


def test_a_researcher_signs_in_and_lands_on_their_discoveries(client, factories):
    user = factories.user(email="Rhian.Jones@npt.example.gov.wales")
    db.session.commit()
    response = post_form(
        client,
        "/sign-in",
        form_data(SignInForm, email="  rhian.jones@NPT.example.gov.wales ", password=PASSWORD),
    )
    assert response.status_code == 302
    assert response.location == "/discoveries"
    page = soup(client.get("/discoveries"))
    assert page.h1.get_text(strip=True) == "Discoveries"
    assert user.display_name in page.select_one(".govuk-service-navigation").get_text()


def test_wrong_password_and_unknown_email_get_the_same_message(client, factories):
    user = factories.user()
    db.session.commit()
    wrong_password = post_form(client, "/sign-in", {"email": user.email, "password": "not my password"})
    unknown_email = post_form(client, "/sign-in", {"email": "nobody@example.gov.wales", "password": PASSWORD})
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert error_summary(response) == [("Enter a correct email address and password", "#email")]
        assert soup(response).title.get_text().startswith("Error:")
        assert 'value="not my password"' not in response.get_data(as_text=True)


def test_empty_and_malformed_sign_in_forms_say_what_to_fix(client):
    response = post_form(client, "/sign-in", {"email": "", "password": ""})
    assert error_summary(response) == [
        ("Enter your email address", "#email"),
        ("Enter your password", "#password"),
    ]
    response = post_form(client, "/sign-in", {"email": "rhian at council", "password": "x"})
    assert error_summary(response) == [
        ("Enter an email address in the correct format, like name@example.com", "#email")
    ]
    response = post_form(client, "/sign-in", {"email": "a" * 250 + "@example.com", "password": "x"})
    assert ("Email address must be 254 characters or fewer", "#email") in error_summary(response)


def test_repeated_failures_lock_the_account_for_a_while(app, client, factories):
    user = factories.user()
    db.session.commit()
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"]):
        post_form(client, "/sign-in", {"email": user.email, "password": "guess"})
    response = post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    ((message, _),) = error_summary(response)
    assert message.startswith("You have tried to sign in too many times. Wait 15 minutes")

    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD}).status_code == 302


def test_sign_in_only_follows_next_links_within_the_service(client, factories):
    user = factories.user()
    db.session.commit()
    page = client.get("/sign-in")
    token = csrf_token(page.get_data(as_text=True))
    response = client.post(
        "/sign-in?next=https://evil.example.com/",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
    )
    assert response.location == "/discoveries"


def test_signing_out_ends_the_session(client, factories):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    page = client.get("/discoveries").get_data(as_text=True)
    response = client.post("/sign-out", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "You have signed out" in notification(response)
    assert client.get("/discoveries").status_code == 302
    assert audit_actions()[-2:] == ["signed_in", "signed_out"]


def test_a_form_with_a_tampered_csrf_token_is_refused_and_nothing_is_saved(client, factories):
    user = factories.user()
    db.session.commit()
    response = client.post(
        "/sign-in", data={"csrf_token": "tampered", "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert soup(response).h1.get_text(strip=True) == "Sorry, your form could not be sent"
    assert client.get("/discoveries").status_code == 302


def test_an_idle_session_expires(app, client, factories):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    with client.session_transaction() as session:
        session["last_seen"] = (
            utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
        ).timestamp()
    response = client.get("/discoveries", follow_redirects=True)
    assert soup(response).h1.get_text(strip=True) == "Sign in"
    assert "signed out because you had not done anything" in notification(response)


def test_changing_a_password_signs_the_user_out_everywhere(client, factories):
    from discovery.core import services

    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    services.set_password(user, "a brand new passphrase")
    db.session.commit()
    assert client.get("/discoveries").status_code == 302
