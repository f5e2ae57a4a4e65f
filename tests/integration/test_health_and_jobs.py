"""/healthz tells an operator what is up; jobs run in-process by default and on RQ with Redis."""

from __future__ import annotations

import os
import uuid

import pytest

from discovery import jobs
from discovery.core.models import AuditEvent
from discovery.extensions import db
from discovery.jobs.backends import redis_connection
from discovery.jobs.worker import worker_app
from tests.conftest import make_app
from tests.support import DEFAULT_REDIS, count, port_open, service_missing


def test_health_reports_version_database_and_job_backend(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["version"]
    assert body["database"] == {"status": "ok", "backend": "sqlite"}
    assert body["jobs"] == {"backend": "in-process", "status": "ok", "running": 0, "queued": 0, "stale": 0}


def test_health_is_degraded_when_redis_is_unreachable(tmp_path):
    app = make_app(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()["jobs"]
    assert (body["backend"], body["status"]) == ("rq", "unreachable")


def test_health_on_postgresql(tmp_path, postgres_url):
    app = make_app(tmp_path, postgres_url)
    body = app.test_client().get("/healthz").get_json()
    assert body["database"] == {"status": "ok", "backend": "postgresql"}
    with app.app_context():
        db.engine.dispose()


def _ping_events(message: str) -> int:
    return count(
        AuditEvent, AuditEvent.action == "job_ping", AuditEvent.details["message"].as_string() == message
    )


def test_an_in_process_job_runs_and_commits(app):
    job = jobs.enqueue("ping", {"message": "hello from a thread"})
    db.session.commit()
    assert jobs.wait(job.id).status == "succeeded"
    assert _ping_events("hello from a thread") == 1


def test_a_failing_job_commits_nothing(app):
    def explode(ctx):
        from discovery.core import audit

        audit.record("job_ping", None, message="half-way")
        raise RuntimeError("killed half-way")

    jobs.register(app, jobs.Task("explode", explode, title="Explode", capability=None))
    try:
        job = jobs.enqueue("explode")
        db.session.commit()
        assert jobs.wait(job.id).status == "failed"
    finally:
        jobs.unregister(app, "explode")
    assert _ping_events("half-way") == 0


def test_an_unknown_task_is_refused(app):
    with pytest.raises(KeyError):
        jobs.enqueue("no-such-task")


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS
    if not port_open(url, 6379):
        service_missing("Redis", url)
    return url


def test_a_job_runs_on_an_rq_worker_when_redis_is_configured(tmp_path, redis_url, monkeypatch):
    from rq import Queue, SimpleWorker

    database = f"sqlite:///{tmp_path / 'rq.sqlite'}"
    queue_name = f"discovery-test-{uuid.uuid4().hex[:8]}"
    app = make_app(tmp_path, database, REDIS_URL=redis_url, RQ_QUEUE=queue_name)
    with app.app_context():
        db.create_all()
        job_id = str(jobs.enqueue("ping", {"message": "hello from rq"}).id)
        db.session.commit()
        assert _ping_events("hello from rq") == 0  # queued, not yet run

    # The worker builds its own app from the environment, as `rq worker` does.
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("SECRET_KEY", "worker-secret")
    monkeypatch.setenv("REDIS_URL", redis_url)
    worker_app.cache_clear()
    queue = Queue(queue_name, connection=redis_connection(app))
    try:
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        job = queue.fetch_job(job_id)
        assert job.get_status() == "finished", job.latest_result()
        with app.app_context():
            assert _ping_events("hello from rq") == 1
            assert jobs.wait(uuid.UUID(job_id)).status == "succeeded"
    finally:
        queue.delete(delete_jobs=True)
        worker_app.cache_clear()
