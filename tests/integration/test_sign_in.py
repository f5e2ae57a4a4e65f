"""Signing in and out: clear errors that give nothing away, lockout, expiry and CSRF."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

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


def test_an_idle_session_expires(app, client, factories, monkeypatch):
    from discovery.core import sessions

    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    later = utcnow() + timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
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


# Lockout, throttling and not telling who has an account ------------------------------------------


class CountingHasher:
    """Wraps the app's argon2 hasher and counts the passwords it actually checks."""

    def __init__(self, hasher):
        import threading

        self._hasher = hasher
        self._lock = threading.Lock()
        self.verified = 0

    def verify(self, password_hash, password):
        with self._lock:
            self.verified += 1
        return self._hasher.verify(password_hash, password)

    def __getattr__(self, name):
        return getattr(self._hasher, name)


@pytest.fixture
def hasher(monkeypatch):
    from discovery.core import passwords

    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting


def _lock_message(response) -> str:
    ((message, href),) = error_summary(response)
    assert href == "#email"
    return message


@pytest.mark.parametrize("who", ["real account", "unknown email", "deactivated account"])
def test_every_wrong_sign_in_checks_exactly_one_password(client, factories, hasher, who):
    user = factories.user(is_active_account=who != "deactivated account")
    db.session.commit()
    email = "nobody.here@council.example.gov.wales" if who == "unknown email" else user.email
    before = hasher.verified
    response = post_form(client, "/sign-in", {"email": email, "password": "not the password"})
    assert error_summary(response) == [("Enter a correct email address and password", "#email")]
    assert hasher.verified - before == 1


def test_an_unknown_email_is_locked_after_as_many_failures_as_a_real_account(app, client, factories):
    user = factories.user()
    db.session.commit()
    responses = {}
    for email in (user.email, "Nobody.Here@council.example.gov.wales"):
        for _ in range(app.config["SIGN_IN_MAX_FAILURES"]):
            failed = post_form(client, "/sign-in", {"email": email, "password": "guess"})
            assert error_summary(failed) == [("Enter a correct email address and password", "#email")]
        responses[email] = post_form(client, "/sign-in", {"email": email.lower(), "password": "guess"})
    real, unknown = responses.values()
    assert real.status_code == unknown.status_code == 200
    assert _lock_message(real) == _lock_message(unknown)
    assert _lock_message(unknown).startswith("You have tried to sign in too many times. Wait 15 minutes")


def test_unknown_emails_are_remembered_only_as_a_keyed_hash(app, client):
    from discovery.core.throttle import SignInThrottle

    post_form(client, "/sign-in", {"email": "secret.person@council.example.gov.wales", "password": "guess"})
    keys = [row.key for row in db.session.scalars(sa.select(SignInThrottle))]
    assert keys and all("secret" not in key and "@" not in key for key in keys)


def test_a_locked_account_is_refused_without_checking_the_password(app, client, factories, hasher):
    user = factories.user(locked_until=utcnow() + timedelta(minutes=10))
    db.session.commit()
    response = post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD})
    assert _lock_message(response).startswith("You have tried to sign in too many times. Wait 10 minutes")
    assert hasher.verified == 0
    assert audit_actions()[-1] == "sign_in_refused_locked"


def test_one_address_trying_many_accounts_is_made_to_wait(app, client, factories, hasher):
    app.config["SIGN_IN_ADDRESS_MAX_FAILURES"] = 3
    app.config["SIGN_IN_ADDRESS_LOCK_MINUTES"] = 2
    users = [factories.user() for _ in range(4)]
    db.session.commit()
    for user in users[:3]:
        response = post_form(client, "/sign-in", {"email": user.email, "password": "Winter2026!"})
        assert error_summary(response) == [("Enter a correct email address and password", "#email")]
    # Even the right password for a fourth account is not checked from this address for a while.
    response = post_form(client, "/sign-in", {"email": users[3].email, "password": PASSWORD})
    assert response.status_code == 200
    assert _lock_message(response).startswith("You have tried to sign in too many times. Wait 2 minutes")
    assert hasher.verified == 3
    assert client.get("/discoveries").status_code == 302


def test_a_successful_sign_in_does_not_count_against_the_address(app, client, factories):
    app.config["SIGN_IN_ADDRESS_MAX_FAILURES"] = 2
    users = [factories.user() for _ in range(3)]
    db.session.commit()
    for user in users:
        sign_in(client, user)
        client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/discoveries").get_data(True))})
    assert post_form(client, "/sign-in", {"email": users[0].email, "password": "wrong"}).status_code == 200
    sign_in(client, users[1])


def test_a_forwarded_for_header_is_ignored_unless_a_proxy_is_trusted(app, client, factories):
    app.config["SIGN_IN_ADDRESS_MAX_FAILURES"] = 2
    user = factories.user()
    db.session.commit()

    def attempt(address: str, password: str = "wrong"):
        page = client.get("/sign-in")
        return client.post(
            "/sign-in",
            data={"csrf_token": csrf_token(page.get_data(True)), "email": user.email, "password": password},
            headers={"X-Forwarded-For": address},
        )

    attempt("203.0.113.1")
    attempt("203.0.113.2")
    assert _lock_message(attempt("203.0.113.3", PASSWORD)).startswith("You have tried to sign in too many")

    app.config["TRUSTED_PROXY_COUNT"] = 1
    assert attempt("203.0.113.4", PASSWORD).status_code == 302
