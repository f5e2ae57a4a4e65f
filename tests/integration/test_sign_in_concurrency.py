"""Many wrong passwords sent at once still lock the account after SIGN_IN_MAX_FAILURES checks.

The lockout used to read the failure count, check the password and write the count back, so
30 parallel guesses were all checked and the counter ended at 2. These tests fire the guesses
from real threads at a real server, on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from werkzeug.serving import make_server

from discovery.core import passwords
from discovery.core.columns import utcnow
from discovery.core.models import User
from discovery.extensions import db
from tests.conftest import _reset_postgres, make_app
from tests.integration.test_sign_in import CountingHasher
from tests.support import PASSWORD, audit_events

GUESSES = 30


@pytest.fixture(params=["sqlite", "postgresql"])
def live_server(request, tmp_path, monkeypatch):
    """The app served by werkzeug in threads, CSRF off (the threads are not browsers)."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    app = make_app(tmp_path, url, WTF_CSRF_ENABLED=False, SIGN_IN_ADDRESS_MAX_FAILURES=GUESSES * 2)
    with app.app_context():
        if url:
            _reset_postgres(app)
        else:
            db.create_all()
    hasher = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}", hasher
    server.shutdown()
    thread.join()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _guess_in_parallel(base_url: str, email: str, password: str = "wrong guess") -> list[int]:
    start = threading.Barrier(GUESSES)

    def guess(_):
        with requests.Session() as http:
            start.wait()
            response = http.post(
                f"{base_url}/sign-in", data={"email": email, "password": password}, allow_redirects=False
            )
            return response.status_code

    with ThreadPoolExecutor(max_workers=GUESSES) as pool:
        return list(pool.map(guess, range(GUESSES)))


def test_parallel_wrong_passwords_lock_the_account_after_the_limit(live_server, factories):
    app, base_url, hasher = live_server
    with app.app_context():
        email = factories.user().email
        db.session.commit()

    statuses = _guess_in_parallel(base_url, email)

    limit = app.config["SIGN_IN_MAX_FAILURES"]
    assert statuses == [200] * GUESSES
    assert hasher.verified <= limit
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        assert user.locked_until is not None and user.locked_until.replace(tzinfo=None) > utcnow().replace(
            tzinfo=None
        )
        assert len(audit_events("sign_in_failed")) <= limit
        assert len(audit_events("sign_in_failed")) + len(audit_events("sign_in_refused_locked")) == GUESSES
    # The right password is refused too, until the lock runs out.
    with requests.Session() as http:
        response = http.post(f"{base_url}/sign-in", data={"email": email, "password": PASSWORD})
    assert "You have tried to sign in too many times" in response.text


def test_parallel_guesses_at_an_unknown_email_are_limited_the_same_way(live_server):
    app, base_url, hasher = live_server
    statuses = _guess_in_parallel(base_url, "nobody.here@council.example.gov.wales")
    assert statuses == [200] * GUESSES
    assert hasher.verified <= app.config["SIGN_IN_MAX_FAILURES"]
