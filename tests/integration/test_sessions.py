"""Server-side sessions: a copied session cookie stops working once its session has ended.

A cookie is only a pointer to a row in user_sessions; signing out, changing the password or
role, and deactivating the account end the row, so a replayed cookie is sent to sign in.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from discovery.core import services
from discovery.core.columns import utcnow
from discovery.core.sessions import UserSession
from discovery.extensions import db
from tests.support import PASSWORD, audit_actions, csrf_token, error_summary, post_form, sign_in


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(client, cookie: str):
    client.set_cookie("session", cookie)
    return client.get("/discoveries")


def _assert_sent_to_sign_in(response):
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")


def test_a_cookie_replayed_after_signing_out_is_sent_to_sign_in(client, factories):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    cookie = _session_cookie(client)
    assert _replay(client, cookie).status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/discoveries").get_data(True))})
    _assert_sent_to_sign_in(_replay(client, cookie))
    (row,) = db.session.scalars(db.select(UserSession).where(UserSession.user_id == user.id))
    assert row.ended_at is not None and row.end_reason == "signed_out"


@pytest.mark.parametrize(
    "change",
    [
        lambda user: services.set_password(user, "a brand new passphrase"),
        lambda user: services.change_role(user, "squad_member", by=None),
        lambda user: services.deactivate_user(user, by=None),
    ],
    ids=["password change", "role change", "deactivation"],
)
def test_a_cookie_replayed_after_an_account_change_is_sent_to_sign_in(app, factories, change):
    user = factories.user()
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user)
    cookies = [_session_cookie(laptop), _session_cookie(phone)]
    change(user)
    db.session.commit()
    for client, cookie in zip((laptop, phone), cookies, strict=True):
        _assert_sent_to_sign_in(_replay(client, cookie))
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(UserSession).where(UserSession.ended_at.is_(None))
        )
        == 0
    )


def test_a_session_ends_after_its_absolute_lifetime_however_busy(app, client, factories):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id))
    row.created_at = utcnow() - app.config["PERMANENT_SESSION_LIFETIME"] - timedelta(minutes=1)
    db.session.commit()
    _assert_sent_to_sign_in(client.get("/discoveries"))


def test_each_sign_in_records_its_session_with_the_browser_it_came_from(client, factories):
    user = factories.user()
    db.session.commit()
    client.get("/sign-in")
    post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD})
    (row,) = db.session.scalars(db.select(UserSession).where(UserSession.user_id == user.id))
    assert row.ended_at is None and row.user_agent.startswith("Werkzeug")
    assert row.last_seen_at is not None


def test_a_deactivated_account_cannot_sign_in_until_reactivated(client, factories):
    user = factories.user()
    admin = factories.user(role="admin")
    db.session.commit()
    services.deactivate_user(user, by=admin)
    db.session.commit()
    response = post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD})
    assert error_summary(response) == [("Enter a correct email address and password", "#email")]
    services.reactivate_user(user, by=admin)
    db.session.commit()
    sign_in(client, user)
    assert audit_actions(object_id=str(user.id))[-4:] == [
        "user_deactivated",
        "sign_in_failed",
        "user_reactivated",
        "signed_in",
    ]


def test_a_role_change_is_audited_with_the_old_and_new_role(factories):
    from tests.support import audit_events

    user = factories.user(role="researcher")
    admin = factories.user(role="admin")
    services.change_role(user, "authority_lead", by=admin)
    (event,) = audit_events("role_changed")
    assert event.actor_id == admin.id
    assert event.details == {"before": "researcher", "after": "authority_lead"}
    assert user.role == "authority_lead"


# The command line ---------------------------------------------------------------------------------


def test_set_role_deactivate_and_reactivate_from_the_command_line(app, factories):
    user = factories.user(email="carys@npt.example.gov.wales", role="researcher")
    db.session.commit()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["set-role", "Carys@npt.example.gov.wales", "--role", "squad_member"])
    assert result.exit_code == 0, result.output
    assert "carys@npt.example.gov.wales is now a squad_member" in result.output

    result = runner.invoke(args=["deactivate-user", "carys@npt.example.gov.wales"])
    assert result.exit_code == 0, result.output
    assert "Deactivated carys@npt.example.gov.wales" in result.output

    result = runner.invoke(args=["reactivate-user", "carys@npt.example.gov.wales"])
    assert result.exit_code == 0, result.output
    assert "Reactivated carys@npt.example.gov.wales" in result.output

    db.session.expire_all()
    assert (user.role, user.is_active_account) == ("squad_member", True)
    assert audit_actions(object_id=str(user.id))[-3:] == [
        "role_changed",
        "user_deactivated",
        "user_reactivated",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["set-role", "nobody@example.gov.wales", "--role", "admin"],
        ["deactivate-user", "nobody@example.gov.wales"],
        ["reactivate-user", "nobody@example.gov.wales"],
    ],
)
def test_account_commands_explain_an_unknown_email(app, args):
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert "There is no user with the email nobody@example.gov.wales" in result.output


def test_set_role_refuses_an_unknown_role(app, factories):
    user = factories.user()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["set-role", user.email, "--role", "wizard"])
    assert result.exit_code != 0 and "Invalid value for '--role'" in result.output
