"""The idle timeout is decided on the server, from the session's row, not from the cookie.

A session unused for longer than SESSION_IDLE_MINUTES ends: the next request, a page or a form
post, is sent to sign in and does nothing; a copy of the cookie taken while the session was
fresh is refused once the limit has passed; and a session in use never idles out. The clock
is moved by replacing the ``utcnow`` the sessions module reads.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from discovery.core import sessions
from discovery.core.columns import utcnow
from discovery.core.models import Discovery
from discovery.core.sessions import UserSession
from discovery.extensions import db
from tests.support import audit_actions, count, csrf_token, notification, sign_in


@pytest.fixture
def clock(monkeypatch):
    """The sessions module's clock, moved on by hand: ``clock.move(minutes=61)``."""

    class Clock:
        now = utcnow()

        def move(self, **delta) -> None:
            self.now += timedelta(**delta)

    moved = Clock()
    monkeypatch.setattr(sessions, "utcnow", lambda: moved.now)
    return moved


def _idle(app) -> int:
    return app.config["SESSION_IDLE_MINUTES"]


def _row(user) -> UserSession:
    db.session.expire_all()
    return db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id))


def _sent_to_sign_in(response) -> None:
    assert response.status_code == 302 and response.location.startswith("/sign-in"), response.location


def test_a_page_requested_after_the_idle_limit_is_sent_to_sign_in(app, client, factories, clock):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    clock.move(minutes=_idle(app), seconds=61)
    response = client.get("/discoveries")
    _sent_to_sign_in(response)
    assert "signed out because you had not done anything" in notification(client.get(response.location))
    row = _row(user)
    assert row.ended_at is not None and row.end_reason == "session_expired"
    assert audit_actions(object_id=str(user.id))[-1] == "session_expired"


def test_a_form_posted_after_the_idle_limit_saves_nothing(app, client, factories, clock):
    user = factories.user(role="researcher")
    authority = factories.authority()
    db.session.commit()
    sign_in(client, user)
    token = csrf_token(client.get("/discoveries/new").get_data(as_text=True))
    clock.move(minutes=_idle(app) + 1)
    response = client.post(
        "/discoveries/new",
        data={
            "csrf_token": token,
            "title": "Posted after the idle limit",
            "service": "Adult social care",
            "phase": "discovery",
            "authorities": [str(authority.id)],
        },
    )
    _sent_to_sign_in(response)
    assert count(Discovery, Discovery.title == "Posted after the idle limit") == 0


def test_an_old_cookie_replayed_after_the_idle_limit_is_refused(app, factories, clock):
    """The copy carries nothing stale (no timestamp to forge or drop): the row decides."""
    user = factories.user()
    db.session.commit()
    browser, thief = app.test_client(), app.test_client()
    sign_in(browser, user)
    thief.set_cookie("session", browser.get_cookie("session").value)
    assert thief.get("/discoveries").status_code == 200
    clock.move(minutes=_idle(app) + 5)
    _sent_to_sign_in(thief.get("/discoveries"))
    _sent_to_sign_in(browser.get("/discoveries"))  # the same session: ended for both


def test_a_session_in_use_does_not_idle_out(app, client, factories, clock):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    for _ in range(3):  # three steps each just under the limit: well past it in total
        clock.move(minutes=_idle(app), seconds=-30)
        assert client.get("/discoveries").status_code == 200
    assert _row(user).ended_at is None


def test_the_idle_limit_comes_from_configuration(app, client, factories, clock):
    app.config["SESSION_IDLE_MINUTES"] = 5
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    clock.move(minutes=4)
    assert client.get("/discoveries").status_code == 200
    clock.move(minutes=5, seconds=1)
    _sent_to_sign_in(client.get("/discoveries"))
