"""The one-time "choose your password" link: it works once, for 7 days, only while it is the
newest link of an active account; a spent link gets a page saying why; and its secret is in no
audit event, no stored column and no access-log line."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from discovery.accounts import links
from discovery.accounts.forms import ChoosePasswordForm
from discovery.accounts.models import AccountToken
from discovery.core.columns import utcnow
from discovery.core.models import AuditEvent, User
from discovery.extensions import db
from tests import assurance
from tests.support import (
    PASSWORD,
    audit_events,
    csrf_token,
    error_summary,
    form_data,
    notification,
    post_form,
    sign_in,
    soup,
)

NEW_PASSWORD = "kettle on, carer's break"


@pytest.fixture
def invited(app, client, factories):
    """An admin signed in on `client`, and the path of the link made by inviting Ffion."""
    admin = factories.user(role="admin", email="alun@discovery.example")
    db.session.commit()
    sign_in(client, admin)
    response = post_form(
        client,
        "/people/invite",
        {"email": "ffion@torfaen.example", "display_name": "Ffion Rees", "role": "admin"},
    )
    return soup(response).select_one("#link")["value"].replace("http://localhost", "")


def _choose(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    data = form_data(ChoosePasswordForm, password=password, confirm=password if confirm is None else confirm)
    return post_form(client, path, data)


def _ffion() -> User:
    return db.session.scalar(sa.select(User).where(User.email == "ffion@torfaen.example"))


def test_opening_the_link_signed_out_lets_the_person_choose_a_password_and_sign_in(app, invited):
    browser = app.test_client()
    page = browser.get(invited)
    assert page.status_code == 200
    assert soup(page).h1.get_text(strip=True) == "Choose your password"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "ffion@torfaen.example" in page.get_data(as_text=True)

    response = _choose(browser, invited)

    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")
    assert "Your password has been saved" in notification(browser.get("/sign-in"))
    signed_in = post_form(
        browser, "/sign-in", {"email": "ffion@torfaen.example", "password": NEW_PASSWORD}, follow=True
    )
    assert signed_in.request.path == "/discoveries"
    (event,) = audit_events("password_set_from_link")
    assert event.actor_email == "ffion@torfaen.example" and event.details == {"purpose": "invite"}
    assert soup(browser.get("/people")).select_one("table") is not None  # an admin now


@pytest.mark.parametrize(
    "password, confirm, message",
    [
        ("", "", "Enter a new password"),
        ("eleven char", "eleven char", "Password must be 12 characters or more"),
        ("x" * 257, "x" * 257, "Password must be 256 characters or fewer"),
        ("password1234", "password1234", "Password is too common. Choose a password that is harder to guess"),
        (
            "ffion@torfaen.example",
            "ffion@torfaen.example",
            "Password must not be your email address. Choose a password that is harder to guess",
        ),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "The passwords do not match. Enter the same password twice"),
    ],
)
def test_a_password_that_breaks_the_rules_gets_a_specific_error_and_keeps_the_link(
    app, invited, password, confirm, message
):
    browser = app.test_client()
    response = _choose(browser, invited, password, confirm)
    assert response.status_code == 200
    assert [text for text, _href in error_summary(response)][:1] == [message]
    assert browser.get(invited).status_code == 200  # still usable


def test_a_used_link_says_so_and_cannot_set_the_password_again(app, invited):
    browser = app.test_client()
    _choose(browser, invited)
    again = browser.get(invited)
    assert again.status_code == 410
    assert soup(again).h1.get_text(strip=True) == "This link has already been used"
    late = app.test_client()
    token = csrf_token(late.get("/sign-in").get_data(as_text=True))
    data = {"csrf_token": token, "password": "someone else's", "confirm": "someone else's"}
    assert late.post(invited, data=data).status_code == 410


def test_a_link_older_than_seven_days_has_expired(app, invited):
    token = db.session.scalar(sa.select(AccountToken))
    assert token.expires_at is not None
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().get(invited)
    assert response.status_code == 410
    assert soup(response).h1.get_text(strip=True) == "This link has expired"
    assert "Ask an admin to reset your password" in response.get_data(as_text=True)


def test_the_link_lasts_seven_days(app, invited):
    token = db.session.scalar(sa.select(AccountToken))
    assert token.expires_at - token.created_at == timedelta(days=7)


def test_a_link_replaced_by_a_reset_stops_working_and_the_new_one_works(app, client, invited):
    ffion = _ffion()
    page = soup(client.get(f"/people/{ffion.id}/reset-password"))
    version = page.select_one("input[name=version]")["value"]
    csrf = page.select_one("input[name=csrf_token]")["value"]
    response = client.post(
        f"/people/{ffion.id}/reset-password", data={"csrf_token": csrf, "version": version}
    )
    newer = soup(response).select_one("#link")["value"].replace("http://localhost", "")

    old = app.test_client().get(invited)
    assert old.status_code == 410 and soup(old).h1.get_text(strip=True) == "This link has been replaced"
    browser = app.test_client()
    assert soup(browser.get(newer)).h1.get_text(strip=True) == "Choose a new password"
    _choose(browser, newer)
    sign_in(browser, ffion, NEW_PASSWORD)


def test_deactivating_the_account_stops_its_link(app, client, invited):
    ffion = _ffion()
    page = soup(client.get(f"/people/{ffion.id}/deactivate"))
    data = {i["name"]: i.get("value", "") for i in page.select("main form input[name]")}
    client.post(f"/people/{ffion.id}/deactivate", data=data)
    response = app.test_client().get(invited)
    assert (
        response.status_code == 410 and soup(response).h1.get_text(strip=True) == "This link no longer works"
    )
    assert audit_events("user_deactivated")[0].details["links_ended"] == 1


def test_a_made_up_link_is_not_found(app):
    response = app.test_client().get("/set-password/not-a-real-secret")
    assert response.status_code == 404
    assert soup(response).h1.get_text(strip=True) == "This link is not valid"


def test_two_submissions_of_one_link_set_the_password_once(app, invited):
    """A double click, or two tabs: the second finds the link used, however close together."""
    from discovery.accounts import services

    checked = services.check_link(invited.rsplit("/", 1)[1])
    assert services.choose_password(checked.token, NEW_PASSWORD) is True
    assert services.choose_password(checked.token, "another password entirely") is False
    db.session.commit()
    assert len(audit_events("password_set_from_link")) == 1


def test_the_secret_is_stored_only_as_a_hash_and_never_audited(app, invited):
    secret = invited.rsplit("/", 1)[1]
    _choose(app.test_client(), invited)
    token = db.session.scalar(sa.select(AccountToken))
    assert token.token_hash == links.digest(secret) and token.token_hash != secret
    events = list(db.session.scalars(sa.select(AuditEvent)))
    leaked = [
        e.action
        for e in events
        if secret in f"{e.object_id} {e.details}" or token.token_hash in str(e.details)
    ]
    assurance.record("user_management", audit_events_checked=len(events), link_secrets_in_audit=len(leaked))
    assert len(events) >= 3 and leaked == []


def test_access_log_lines_never_hold_a_link_secret(app, caplog):
    """The access loggers of Werkzeug and gunicorn blank the secret out before any handler."""
    secret = links.new_secret()
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info(
            '%s - - [7/Dec/2026] "%s" 200 -', "127.0.0.1", f"GET /set-password/{secret} HTTP/1.1"
        )
        logging.getLogger("gunicorn.access").info(f'"POST /set-password/{secret}?lang=cy HTTP/1.1" 302')
        logging.getLogger("werkzeug").info('"GET /people HTTP/1.1" 200 -')
    lines = [record.getMessage() for record in caplog.records]
    leaked = sum(secret in line for line in lines)
    assurance.record("user_management", link_secrets_in_log_lines=leaked)
    assert len(lines) == 3
    assert leaked == 0
    assert lines[0].endswith('"GET /set-password/[redacted] HTTP/1.1" 200 -')
    assert '"POST /set-password/[redacted]?lang=cy HTTP/1.1" 302' in lines[1]
    assert lines[2] == '"GET /people HTTP/1.1" 200 -'


def test_a_signed_in_person_who_opens_someone_elses_link_changes_nothing_of_their_own(
    app, invited, factories
):
    """The link acts for the account it was made for, whoever opens it."""
    other = factories.user(email="gareth@npt.example")
    db.session.commit()
    browser = app.test_client()
    sign_in(browser, other)
    _choose(browser, invited)
    sign_in(app.test_client(), _ffion(), NEW_PASSWORD)
    sign_in(app.test_client(), other, PASSWORD)
