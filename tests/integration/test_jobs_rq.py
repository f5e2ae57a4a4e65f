"""Jobs on RQ (real Redis): queued after commit under the Job's own id, re-checked, cancelled, swept."""

from __future__ import annotations

import uuid

import pytest

from discovery import jobs
from discovery.core.models import Job
from discovery.extensions import db
from discovery.jobs import messages
from discovery.jobs.backends import redis_connection
from discovery.jobs.worker import worker_app
from tests.conftest import make_app
from tests.integration.test_health_and_jobs import redis_url  # noqa: F401 - the shared fixture
from tests.integration.test_jobs import _results, _row


@pytest.fixture
def app(tmp_path, redis_url, monkeypatch):  # noqa: F811
    """An app on SQLite and RQ; its worker (SimpleWorker, here) builds its app from the environment."""
    from rq import Queue

    database = f"sqlite:///{tmp_path / 'rq.sqlite'}"
    queue_name = f"discovery-test-{uuid.uuid4().hex[:8]}"
    settings = {"REDIS_URL": redis_url, "RQ_QUEUE": queue_name, "JOB_TASK_MODULES": ["tests.job_tasks"]}
    app = make_app(tmp_path, database, JOB_STALE_SECONDS=1, **settings)
    for name, value in {**settings, "DATABASE_URL": database, "SECRET_KEY": "worker-secret"}.items():
        monkeypatch.setenv(name, ",".join(value) if isinstance(value, list) else value)
    worker_app.cache_clear()
    queue = Queue(queue_name, connection=redis_connection(app))
    with app.app_context():
        db.create_all()
        app.config["TEST_QUEUE"] = queue
        yield app
        db.session.remove()
        db.engine.dispose()
    queue.delete(delete_jobs=True)
    worker_app.cache_clear()


def _work(app) -> None:
    from rq import SimpleWorker

    queue = app.config["TEST_QUEUE"]
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_an_rq_job_is_queued_only_when_the_transaction_commits_under_the_job_id(app, factories):
    queue = app.config["TEST_QUEUE"]
    discovery = factories.discovery()
    job = jobs.enqueue("test_slow", {"value": "rq-first"}, discovery=discovery)
    assert queue.count == 0
    db.session.commit()
    assert queue.job_ids == [str(job.id)]
    assert job.backend == "rq" and job.backend_job_id == str(job.id)
    _work(app)
    finished = jobs.wait(job.id)
    assert finished.status == "succeeded"
    assert _results("rq-first") == 1


def test_an_rq_job_rolled_back_is_never_queued(app):
    jobs.enqueue("test_look", {"marker": "never"})
    db.session.rollback()
    assert app.config["TEST_QUEUE"].count == 0


def test_an_rq_worker_refuses_a_job_whose_requester_left_the_discovery(app, factories):
    user = factories.user(role="researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    job = jobs.enqueue("test_slow", {"value": "rq-refused"}, discovery=discovery, user=user)
    db.session.commit()
    discovery.members.remove(user)
    db.session.commit()
    _work(app)
    assert jobs.wait(job.id).error == messages.msgid(messages.NOT_ALLOWED)
    assert _results("rq-refused") == 0


def test_cancelling_a_queued_rq_job_cancels_it_in_rq_too(app, factories):
    from rq.job import Job as RQJob

    discovery = factories.discovery()
    job = jobs.enqueue("test_slow", {"value": "rq-cancelled"}, discovery=discovery)
    db.session.commit()
    assert jobs.cancel(job)
    db.session.commit()
    rq_job = RQJob.fetch(str(job.id), connection=app.config["TEST_QUEUE"].connection)
    assert str(rq_job.get_status().value) == "canceled"
    _work(app)
    assert _row(job.id).status == "cancelled"
    assert _results("rq-cancelled") == 0


def test_a_queued_job_that_redis_lost_is_marked_failed(app, factories):
    import sqlalchemy as sa

    discovery = factories.discovery()
    job = jobs.enqueue("test_slow", {"value": "rq-lost"}, discovery=discovery)
    db.session.commit()
    app.config["TEST_QUEUE"].delete(delete_jobs=True)  # Redis flushed, say
    db.session.execute(
        sa.update(Job).where(Job.id == job.id).values(created_at=sa.func.datetime("now", "-60 seconds"))
    )
    db.session.commit()
    assert jobs.sweep() == 1
    assert _row(job.id).error == messages.msgid(messages.LOST)
