"""The production stack on loopback, driven over HTTP only: `make serve-prod`'s own command.

``python -m discovery.ops.serve`` migrates a fresh PostgreSQL database and starts gunicorn (two
workers) and an RQ worker on its own Redis database number and queue. Through HTTP, as nginx
would pass it on (X-Forwarded-Proto: https from 127.0.0.1): the health check, signing in as a
user made with the CLI, creating a discovery, a summary export run by the RQ worker and
downloaded, and the response headers. Ctrl-C (SIGINT) must stop every process; they are killed
in any case when the test fails. Skipped where PostgreSQL or Redis is absent; failed in CI.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from discovery import ROOT
from discovery.core import services
from discovery.extensions import db
from tests.conftest import make_app
from tests.integration.test_health_and_jobs import redis_url  # noqa: F401 - the shared fixture
from tests.postgres_databases import own_database
from tests.support import PASSWORD, csrf_token

SMOKE_REDIS_DB = 13  # the other Redis tests use 15 (tests/support.py DEFAULT_REDIS)
START_SECONDS = 60
CANARY = "smoke-query-canary"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smoke_database():
    """A fresh, empty PostgreSQL database of its own: the stack migrates it from nothing."""
    with own_database("discovery_smoke") as url:
        yield url


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc), so a failed test can still stop them all."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Browser:
    """Cookies and CSRF by hand over http.client, as a browser behind nginx's TLS would send them.

    The session cookie is Secure (production), so the requests say they came over HTTPS through
    the trusted proxy, and carry the Referer that Flask-WTF checks on HTTPS.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, data.decode("utf-8", errors="replace")

    def get(self, path: str):
        return self.request("GET", path)

    def submit(self, path: str, form: dict):
        page, html = self.get(path)
        assert page.status == 200, f"GET {path} gave {page.status}"
        return self.request("POST", path, {"csrf_token": csrf_token(html), **form})


def _location(response) -> str:
    return urlsplit(response.headers["Location"]).path


@pytest.fixture
def stack(smoke_database, redis_url, tmp_path):  # noqa: F811
    port = _free_port()
    queue = f"discovery-smoke-{uuid.uuid4().hex[:8]}"
    redis = urlsplit(redis_url)._replace(path=f"/{SMOKE_REDIS_DB}").geturl()
    env = {
        **os.environ,
        "DISCOVERY_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": smoke_database,
        "REDIS_URL": redis,
        "RQ_QUEUE": queue,
        "RQ_WORKERS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "JOB_HEARTBEAT_SECONDS": "2",
    }
    log_path = tmp_path / "stack.log"
    log = log_path.open("wb")
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "discovery.ops.serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    info = {"port": port, "database": smoke_database, "redis": redis, "queue": queue}
    info.update(supervisor=supervisor, log=log_path, env=env, processes=set())
    try:
        _wait_until_healthy(info)
        info["processes"] = _descendants(supervisor.pid)
        yield info
    finally:
        _tear_down(supervisor, info["processes"] | _descendants(supervisor.pid))
        log.close()
        _forget_queue(redis, queue)


def _wait_until_healthy(info) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if info["supervisor"].poll() is not None:
            pytest.fail("serve-prod stopped while starting:\n" + info["log"].read_text()[-3000:])
        connection = http.client.HTTPConnection("127.0.0.1", info["port"], timeout=5)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.3)
    pytest.fail(f"serve-prod was not healthy within {START_SECONDS} s:\n" + info["log"].read_text()[-3000:])


def _tear_down(supervisor: subprocess.Popen, processes: set[int]) -> None:
    if supervisor.poll() is None:
        supervisor.send_signal(signal.SIGINT)
        try:
            supervisor.wait(timeout=45)
        except subprocess.TimeoutExpired:
            supervisor.kill()
            supervisor.wait()
    for pid in processes:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _forget_queue(redis: str, queue: str) -> None:
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(redis)
    rq_queue = Queue(queue, connection=connection)
    for registry in (rq_queue.finished_job_registry, rq_queue.failed_job_registry):
        for job_id in registry.get_job_ids():
            connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
        connection.delete(registry.key)
    rq_queue.delete(delete_jobs=True)
    connection.close()


def _create_researcher(info, tmp_path) -> tuple[str, str]:
    """An authority (no CLI for those yet) and a researcher made with `create-user`."""
    app = make_app(tmp_path, info["database"])
    email = "smoke.researcher@discovery.example"
    with app.app_context():
        services.upsert_authority("SMK", "Smoke Test Council", "Cyngor Prawf Mwg")
        db.session.commit()
        created = app.test_cli_runner().invoke(
            args=["create-user", email, "--role", "researcher", "--authority", "SMK"], input=PASSWORD + "\n"
        )
        assert created.exit_code == 0, created.output
        authority_id = str(services.authority_by_code("SMK").id)
        db.session.remove()
        db.engine.dispose()
    return email, authority_id


def test_the_production_stack_serves_signs_in_and_runs_a_job_on_the_rq_worker(stack, tmp_path):
    browser = Browser(stack["port"])

    health, body = browser.get("/healthz")
    assert health.status == 200
    status = json.loads(body)
    assert status["status"] == "ok"
    assert status["database"]["backend"] == "postgresql"
    assert status["jobs"]["backend"] == "rq" and status["jobs"]["status"] == "ok"
    server = health.headers.get("Server", "")
    assert not re.search(r"\d", server), f"Server header reveals a version: {server!r}"
    assert "werkzeug" not in server.lower() and "python" not in server.lower()

    email, authority_id = _create_researcher(stack, tmp_path)
    signed_in = browser.submit("/sign-in", {"email": email, "password": PASSWORD})[0]
    assert signed_in.status == 302, "sign-in through gunicorn failed"
    home, html = browser.get(f"/discoveries?q={CANARY}")
    assert home.status == 200 and "Sign out" in html
    assert "no-store" in home.headers["Cache-Control"]

    created = browser.submit(
        "/discoveries/new",
        {
            "title": "Smoke test: accessing adult social care",
            "service": "Adult social care",
            "phase": "discovery",
            "start_date": ["7", "9", "2026"],
            "end_date": ["18", "12", "2026"],
            "authorities": [authority_id],
        },
    )[0]
    assert created.status == 302, "creating a discovery failed"
    discovery = _location(created)
    export = browser.submit(
        f"{discovery}/summary/export", {"file_format": "md", "lang": "en", "source": "draft", "authority": ""}
    )[0]
    assert export.status == 302
    job_page = _location(export)
    assert "/jobs/" in job_page

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job = json.loads(browser.get(f"{job_page}.json")[1])
        if job["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.3)
    assert job["status"] == "succeeded", job
    page, html = browser.get(job_page)
    download = re.search(r'href="([^"]*/summary/exports/[^"]+)"', html)
    assert download, "the finished job links to its file"
    exported, markdown = browser.get(download.group(1))
    assert exported.status == 200
    assert "Smoke test: accessing adult social care" in markdown

    # Ctrl-C stops gunicorn, its workers and the RQ worker; the log never held the query string.
    supervisor = stack["supervisor"]
    supervisor.send_signal(signal.SIGINT)
    assert supervisor.wait(timeout=45) == 0
    assert [pid for pid in stack["processes"] if _alive(pid)] == []
    log = stack["log"].read_text()
    assert "GET /discoveries HTTP/1.1" in log  # the access log is on…
    assert CANARY not in log  # …without query strings
    assert "Listening on " + stack["queue"] in log  # the RQ worker served the smoke queue
