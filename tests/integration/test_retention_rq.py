"""The daily purge on RQ's scheduler (real Redis): one job per slot, however many workers start."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from discovery.jobs import schedule
from discovery.jobs.backends import redis_connection
from discovery.jobs.worker import run_scheduled, worker_app
from research_notes.models import Participant
from research_notes.participants import retention, services
from tests.conftest import make_app
from tests.factories import DiscoveryFactory, UserFactory
from tests.integration.test_health_and_jobs import redis_url  # noqa: F401 - the shared fixture

PURGE = retention.PURGE_TASK


@pytest.fixture
def rq_app(tmp_path, redis_url, monkeypatch):  # noqa: F811
    """An app on SQLite and RQ, with a queue of its own; the worker's app is built from the environment."""
    from rq import Queue

    database = f"sqlite:///{tmp_path / 'rq.sqlite'}"
    queue_name = f"discovery-test-{uuid.uuid4().hex[:8]}"
    settings = {"REDIS_URL": redis_url, "RQ_QUEUE": queue_name}
    app = make_app(tmp_path, database, **settings)
    for name, value in {**settings, "DATABASE_URL": database, "SECRET_KEY": "worker-secret"}.items():
        monkeypatch.setenv(name, value)
    worker_app.cache_clear()
    queue = Queue(queue_name, connection=redis_connection(app))
    with app.app_context():
        db.create_all()
        yield app, queue
        db.session.remove()
        db.engine.dispose()
    queue.delete(delete_jobs=True)
    for job_id in queue.scheduled_job_registry.get_job_ids():
        queue.connection.delete(f"rq:job:{job_id}")
    queue.connection.delete(queue.scheduled_job_registry.key)
    worker_app.cache_clear()


def _scheduled(queue) -> list[str]:
    return sorted(queue.scheduled_job_registry.get_job_ids())


def test_workers_starting_schedule_each_task_once(rq_app):
    app, queue = rq_app
    first = schedule.ensure_scheduled(app)
    again = schedule.ensure_scheduled(app)  # a second worker starting, or the same one restarting
    assert len(first) == 2 and again == []
    assert _scheduled(queue) == sorted(first)
    purge_id = next(i for i in first if PURGE in i)
    job = queue.fetch_job(purge_id)
    assert job.func_name == schedule.ENTRY_POINT and job.args[0] == PURGE
    slot = datetime.fromisoformat(job.args[1])
    assert (slot.hour, slot.minute) == (2, 15) and slot > datetime.now(UTC) - timedelta(seconds=1)


def test_a_run_schedules_exactly_one_next_run_then_purges(rq_app):
    app, queue = rq_app
    researcher = UserFactory()
    discovery = DiscoveryFactory(members=[researcher])
    services.create_participant(
        discovery,
        services.ParticipantData(
            pseudonym="P01", segment="resident", retain_until=date.today() - timedelta(days=1)
        ),
        researcher,
    )
    db.session.commit()
    slot = schedule.next_slot(schedule.scheduled_tasks(app)[PURGE], datetime.now(UTC) - timedelta(days=1))

    counts = run_scheduled(PURGE, slot.isoformat())  # what RQ calls when the slot comes

    assert counts["purged"] == 1
    next_slot = slot + timedelta(days=1)
    assert _scheduled(queue) == [schedule.job_id(app, schedule.scheduled_tasks(app)[PURGE], next_slot)]
    # The same slot run again (RQ retrying it) and a worker starting add nothing.
    run_scheduled(PURGE, slot.isoformat())
    assert [i for i in schedule.ensure_scheduled(app) if PURGE in i] == []
    assert len([i for i in _scheduled(queue) if PURGE in i]) == 1
    db.session.expire_all()
    reason = db.session.scalar(sa.select(Participant.consent_withdrawal_reason))
    assert reason == retention.RETENTION_REASON
