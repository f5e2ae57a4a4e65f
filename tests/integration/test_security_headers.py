"""Security headers on every kind of answer (issue 14 §5 and §9), and CSRF on in the tests.

Each kind of answer — a page, a public page, a fragment, 404, 403, a redirect, the CSRF refusal,
JSON, downloads and a static file — is checked with tests/security_checks.py; the page walk
(tests/integration/test_page_walk.py) applies the same checks to every page, as every role, in
both languages. Here also: the CSP nonce is fresh for each request and is the one the page's
script carries, HSTS only over HTTPS (X-Forwarded-Proto believed only from a trusted proxy), the
session cookie is Secure when HTTPS is configured, and Flask's development server does not name
its versions.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from discovery.config import ConfigError, load_config
from discovery.extensions import db
from tests import assurance
from tests.conftest import make_app
from tests.factories import ALL_FACTORIES as f
from tests.security_checks import csp_nonce, header_problems, inline_code_problems, response_problems
from tests.support import PASSWORD, post_form, soup

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One council's discovery with a note and a finding; a member, an outsider, someone signed out."""
    app = make_app(tmp_path_factory.mktemp("headers"))
    with app.app_context():
        db.create_all()
        council = f.authority()
        member = f.user(role="researcher", authorities=[council])
        outsider = f.user(role="researcher")
        discovery = f.discovery(authorities=[council], members=[member])
        note = f.note(discovery=discovery)
        f.finding(note=note)
        db.session.commit()
        ids = {"discovery": discovery.id, "note": note.id}
        emails = {"member": member.email, "outsider": outsider.email}
    clients = {"signed_out": app.test_client()}
    for who, email in emails.items():
        clients[who] = app.test_client()
        response = post_form(clients[who], "/sign-in", {"email": email, "password": PASSWORD})
        assert response.status_code == 302, f"{who} could not sign in"
    yield app, clients, ids
    with app.app_context():
        db.engine.dispose()


def _answers(world):
    """(kind, response, expected status, expected content type) for each kind of answer."""
    app, clients, ids = world
    base = f"/discoveries/{ids['discovery']}"
    member, outsider, anyone = clients["member"], clients["outsider"], clients["signed_out"]
    return [
        ("page", member.get("/discoveries"), 200, "text/html"),
        ("page with a form", member.get(f"{base}/notes/{ids['note']}/highlight"), 200, "text/html"),
        ("public page", anyone.get("/sign-in"), 200, "text/html"),
        ("fragment", member.get(f"{base}/notes/{ids['note']}/highlight/panel"), 200, "text/html"),
        ("404", member.get(f"/discoveries/{uuid.uuid4()}"), 404, "text/html"),
        ("404 of an unknown address", anyone.get("/no-such-page"), 404, "text/html"),
        ("403", outsider.get(f"{base}/notes"), 403, "text/html"),
        ("redirect to sign in", anyone.get(f"{base}/notes"), 302, "text/html"),
        ("redirect of a signed-in person", member.get("/"), 302, "text/html"),
        ("CSRF refusal", anyone.post("/sign-in", data={"email": "a@b.c", "password": "x"}), 400, "text/html"),
        ("JSON", anyone.get("/healthz"), 200, "application/json"),
        ("JSON download", member.get(f"{base}/backlog/export/backlog.json"), 200, "application/json"),
        ("CSV download", member.get(f"{base}/findings/export.csv"), 200, "text/csv"),
        ("QDPX download", member.get(f"{base}/project/export.qdpx"), 200, "application/zip"),
    ]


def test_every_kind_of_answer_carries_the_security_headers(world):
    problems, kinds = [], 0
    for kind, response, status, mimetype in _answers(world):
        kinds += 1
        if (response.status_code, response.mimetype) != (status, mimetype):
            problems.append(
                f"{kind}: {response.status_code} {response.mimetype}, expected {status} {mimetype}"
            )
        problems += [f"{kind}: {p}" for p in response_problems(response, path=response.request.path)]
    assurance.record("headers", response_kinds_checked=kinds, response_kinds_failing=len(problems))
    assert problems == []


def test_a_static_file_may_be_cached_and_allows_no_inline_code(world):
    app, _clients, _ids = world
    response = app.test_client().get("/assets/app.css")
    response.close()
    assert response.status_code == 200
    assert header_problems(response, path="/assets/app.css") == []
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "nonce" not in response.headers["Content-Security-Policy"]


def test_the_nonce_is_fresh_for_each_request_and_is_the_one_the_page_uses(world):
    app, _clients, _ids = world
    client = app.test_client()
    first, second = client.get("/sign-in"), client.get("/sign-in")
    nonces = [csp_nonce(first), csp_nonce(second)]
    assert None not in nonces and nonces[0] != nonces[1]
    assert len(nonces[0]) >= 22  # at least 128 random bits, base64
    inline = [s for s in soup(first).find_all("script") if not s.get("src")]
    assert inline, "the GOV.UK template's js-enabled script is missing"
    assert {s["nonce"] for s in inline} == {nonces[0]}
    assert "js-enabled" in inline[0].get_text()
    assert inline_code_problems(first.get_data(as_text=True), nonces[1]) != []  # the other's nonce fails


def test_the_checks_find_inline_code_without_a_nonce():
    """The page walk's inline-code check is not vacuous: each kind of inline code is reported."""
    html = (
        '<html><head><style>p{color:red}</style><script nonce="abc">ok()</script></head><body>'
        '<script>alert(1)</script><p style="width: 40%">x</p><button onclick="go()">Go</button>'
        '<a href="javascript:go()">Go</a><script src="https://cdn.example.com/x.js"></script></body></html>'
    )
    problems = inline_code_problems(html, "abc")
    assert len(problems) == 6, problems
    assert inline_code_problems(html.replace('nonce="abc"', 'nonce="xyz"'), "abc")[0].startswith(
        "inline <style>"
    )


def test_hsts_only_over_https(world):
    app, _clients, _ids = world
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    secure = client.get("/sign-in", base_url="https://discovery.example.gov.wales")
    assert header_problems(secure, secure=True) == []
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(world, tmp_path):
    app, _clients, _ids = world
    claimed = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert "Strict-Transport-Security" not in app.test_client().get("/sign-in", headers=claimed).headers
    proxied = make_app(tmp_path, TRUSTED_PROXY_COUNT=1)
    with proxied.app_context():
        db.create_all()
    seen = {}

    @proxied.get("/test-only/who")
    def who():
        from flask import request

        seen.update(scheme=request.scheme, address=request.remote_addr)
        return "ok"

    who.is_public = True
    response = proxied.test_client().get("/sign-in", headers=claimed)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    proxied.test_client().get("/test-only/who", headers=claimed)
    assert seen == {"scheme": "https", "address": "203.0.113.9"}


def test_the_session_cookie_is_secure_when_https_is_configured(tmp_path):
    app = make_app(tmp_path, ENVIRONMENT={"HTTPS": "1"})
    with app.app_context():
        db.create_all()
    cookie = app.test_client().get("/sign-in").headers["Set-Cookie"]
    assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    instance = tmp_path / "instance"
    production = {"DISCOVERY_ENV": "production", "SECRET_KEY": "k" * 32}
    assert load_config(instance, production)["SESSION_COOKIE_SECURE"] is True
    assert load_config(instance, {**production, "HTTPS": "0"})["SESSION_COOKIE_SECURE"] is False
    assert load_config(instance, {})["SESSION_COOKIE_SECURE"] is False
    with pytest.raises(ConfigError, match="HTTPS must be 1 or 0"):
        load_config(instance, {"HTTPS": "maybe"})


def test_csrf_is_on_in_the_tests_and_a_post_without_a_token_gets_the_400_page(world):
    app, clients, _ids = world
    assert app.config["WTF_CSRF_ENABLED"] is True
    response = clients["member"].post("/discoveries/new", data={"title": "No token"})
    assert response.status_code == 400
    assert soup(response).h1.get_text(strip=True) == "Sorry, your form could not be sent"
    assert response_problems(response) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_development_server_does_not_name_its_versions(tmp_path):
    """`flask run` (what `make run` serves) answers with a Server header without versions."""
    port = _free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "dev-server-test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite'}",
        "REDIS_URL": "",
    }
    command = [sys.executable, "-m", "flask", "--app", "discovery", "run", "--port", str(port), "--no-reload"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/assets/app.css", timeout=5) as answer:
                    server_header = answer.headers.get("Server", "")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"flask run did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()
    assert server_header == "discovery"
    assert "Werkzeug" not in server_header and "Python" not in server_header
