"""Jobs on the thread backend: started after commit, watched while running, cancelled, refused, retried."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import sqlalchemy as sa

from discovery import jobs
from discovery.core import audit
from discovery.core.models import AuditEvent, Job
from discovery.core.permissions import public
from discovery.extensions import db
from discovery.jobs import messages
from tests import job_tasks
from tests.conftest import make_app
from tests.support import count, post_form, soup

STOPPED = messages.msgid(messages.STOPPED)


@pytest.fixture
def app(tmp_path):
    app = make_app(
        tmp_path, JOB_TASK_MODULES=["tests.job_tasks"], JOB_HEARTBEAT_SECONDS=0.05, JOB_STALE_SECONDS=1
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def gate():
    name = uuid.uuid4().hex
    job_tasks.GATES[name] = threading.Event()
    yield name
    job_tasks.GATES.pop(name).set()


def _results(value: str) -> int:
    return count(
        AuditEvent, AuditEvent.action == "test_job_result", AuditEvent.details["value"].as_string() == value
    )


def _row(job_id) -> sa.Row:
    """The job as another connection sees it, outside the test's session."""
    with db.engine.connect() as conn:
        return conn.execute(sa.select(Job.__table__).where(Job.__table__.c.id == job_id)).one()


def _poll(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("gave up waiting")


@pytest.fixture
def member(factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    return user, discovery


def _job_page(client, discovery, job_id):
    return client.get(f"/discoveries/{discovery.id}/jobs/{job_id}")


def test_a_task_sees_its_own_job_and_the_rows_its_request_wrote(app, client):
    @public
    def start_look(marker):
        audit.record("test_marker", None, marker=marker)
        job = jobs.enqueue("test_look", {"marker": marker})
        return str(job.id)

    app.add_url_rule("/test-start-look/<marker>", view_func=start_look)
    response = client.get("/test-start-look/m1")
    assert response.status_code == 200
    job = jobs.wait(uuid.UUID(response.get_data(as_text=True)))
    assert job.status == "succeeded"
    assert job.result == {"saw_job": True, "saw_row": True}


def test_a_job_queued_in_a_transaction_that_rolls_back_never_starts(app):
    job = jobs.enqueue("test_look", {"marker": "never"})
    job_id = job.id
    db.session.rollback()
    db.session.commit()  # a later commit must not start the discarded job either
    assert db.session.get(Job, job_id) is None
    assert not [t for t in threading.enumerate() if t.name == f"job-{job_id}"]


def test_progress_is_visible_from_another_session_while_the_job_runs(app, client, member, gate):
    user, discovery = member
    job = jobs.enqueue("test_slow", {"value": "first", "gate": gate}, discovery=discovery, user=user)
    db.session.commit()
    row = _poll(lambda: (r := _row(job.id)).percent > 0 and r)
    assert row.status == "running"
    assert row.stage == "Working"
    assert row.heartbeat_at is not None

    page = soup(_job_page(client, discovery, job.id))
    assert page.select_one("h1").get_text(strip=True) == "Slow test job"
    assert "% done" in page.select_one("[data-job-percent-text]").get_text()
    assert page.select_one("[data-job-status]").get_text(strip=True) == "Running"
    assert 'http-equiv="refresh"' in str(page.select_one("noscript"))
    assert _results("first") == 0  # nothing half-visible while it runs

    job_tasks.GATES[gate].set()
    finished = jobs.wait(job.id)
    assert finished.status == "succeeded"
    assert finished.percent == 100
    assert _results("first") == 1
    page = soup(_job_page(client, discovery, job.id))
    assert page.select_one(".govuk-panel__title").get_text(strip=True) == "Job finished"
    assert page.find("a", string="See the result")["href"] == f"/result-of-{job.id}"
    assert page.select_one("noscript") is None


def test_a_failed_job_shows_a_message_people_understand_and_saves_nothing(app, client, member):
    user, discovery = member
    job = jobs.enqueue("test_explode", discovery=discovery, user=user)
    db.session.commit()
    failed = jobs.wait(job.id)
    assert failed.status == "failed"
    assert "out of memory" in failed.error_detail
    assert _results("half-way") == 0

    page = soup(_job_page(client, discovery, job.id))
    assert page.select_one("[data-job-status]").get_text(strip=True) == "Failed"
    assert page.select_one("[data-job-error]").get_text(strip=True) == (
        "Something went wrong while this job was running. "
        "Nothing it was doing was saved. You can run it again."
    )
    assert page.find("button", string=lambda s: s and s.strip() == "Try again")


def test_a_task_can_explain_why_it_stopped(app, client, member):
    user, discovery = member
    job = jobs.enqueue("test_refuse", discovery=discovery, user=user)
    db.session.commit()
    assert jobs.wait(job.id).status == "failed"
    page = soup(_job_page(client, discovery, job.id))
    assert page.select_one("[data-job-error]").get_text(strip=True) == (
        "There are no findings to cluster yet. Add some findings, then try again."
    )


def test_the_worker_refuses_a_job_whose_requester_has_left_the_discovery(app, factories):
    user = factories.user(role="researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    job = jobs.enqueue("test_slow", {"value": "not-allowed"}, discovery=discovery, user=user)
    discovery.members.remove(user)  # permission changes after asking, before the job runs
    db.session.commit()
    failed = jobs.wait(job.id)
    assert failed.status == "failed"
    assert failed.error == messages.msgid(messages.NOT_ALLOWED)
    assert _results("not-allowed") == 0


def test_the_worker_refuses_a_job_whose_requester_was_deactivated(app, factories):
    user = factories.user(role="researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    job = jobs.enqueue("test_slow", {"value": "deactivated"}, discovery=discovery, user=user)
    user.is_active_account = False
    db.session.commit()
    assert jobs.wait(job.id).error == messages.msgid(messages.NOT_ALLOWED)


def test_cancelling_a_running_job_from_its_page_stops_it_and_saves_nothing(app, client, member, gate):
    user, discovery = member
    job = jobs.enqueue("test_slow", {"value": "cancelled", "gate": gate}, discovery=discovery, user=user)
    db.session.commit()
    _poll(lambda: _row(job.id).percent > 0)
    url = f"/discoveries/{discovery.id}/jobs/{job.id}"
    response = post_form(client, url + "/cancel", {}, get_url=url, follow=True)
    assert "The job will stop" in soup(response).select_one(".govuk-notification-banner").get_text()
    cancelled = jobs.wait(job.id)
    assert cancelled.status == "cancelled"
    assert _results("cancelled") == 0
    page = soup(_job_page(client, discovery, job.id))
    assert "This job was cancelled" in page.select_one(".govuk-inset-text").get_text()


def test_a_job_cancelled_before_it_starts_never_runs(app, factories):
    discovery = factories.discovery()
    job = jobs.enqueue("test_slow", {"value": "queued-cancel"}, discovery=discovery)
    assert jobs.cancel(job)
    db.session.commit()
    assert jobs.wait(job.id).status == "cancelled"
    assert _results("queued-cancel") == 0


def _dead_job(discovery, user, *, status="running", age_seconds=120) -> Job:
    """A job row as a killed process leaves it (the real kill -9 is in test_jobs_crash.py)."""
    old = sa.func.datetime("now", f"-{age_seconds} seconds")
    job = Job(
        kind="test_slow", status=status, payload={"value": "again"}, discovery=discovery, requested_by=user
    )
    db.session.add(job)
    db.session.flush()
    db.session.execute(
        sa.update(Job)
        .where(Job.id == job.id)
        .values(created_at=old, heartbeat_at=old if status == "running" else None)
    )
    db.session.commit()
    return job


def test_a_job_whose_worker_died_is_marked_failed_and_can_be_tried_again(app, client, member):
    user, discovery = member
    dead = _dead_job(discovery, user)
    lost = _dead_job(discovery, user, status="queued")
    page = soup(client.get(f"/discoveries/{discovery.id}/jobs"))  # listing jobs sweeps
    statuses = [cell.get_text(strip=True) for cell in page.select("tbody tr td:nth-of-type(2)")]
    assert statuses == ["Failed", "Failed"]
    assert _row(dead.id).error == STOPPED
    assert _row(lost.id).error == messages.msgid(messages.LOST)

    url = f"/discoveries/{discovery.id}/jobs/{dead.id}"
    page = soup(client.get(url))
    assert page.select_one("[data-job-error]").get_text(strip=True) == (
        "This job stopped unexpectedly, probably because the server restarted. "
        "Nothing it was doing was saved. You can run it again."
    )
    response = post_form(client, url + "/retry", {}, get_url=url)
    assert response.status_code == 302
    retried = db.session.scalars(sa.select(Job).where(Job.retry_of_id == dead.id)).one()
    assert retried.attempt == 2
    assert response.headers["Location"].endswith(f"/jobs/{retried.id}")
    assert jobs.wait(retried.id).status == "succeeded"
    assert _results("again") == 1


def test_active_job_ignores_dead_jobs(app, factories):
    user = factories.user()
    discovery = factories.discovery(members=[user])
    db.session.commit()
    _dead_job(discovery, user)
    assert jobs.active_job(discovery, "test_slow") is None


def test_the_startup_check_copes_with_a_database_that_is_not_migrated(tmp_path):
    app = make_app(tmp_path)
    assert jobs.startup_sweep(app) == 0
    assert app.test_client().get("/healthz").status_code == 200


def test_unknown_tasks_and_bad_payloads_are_refused_before_anything_is_queued(app):
    with pytest.raises(jobs.UnknownTaskError):
        jobs.enqueue("no-such-task")
    with pytest.raises(jobs.PayloadError):
        jobs.enqueue("test_slow", {"value": 3})
    with pytest.raises(jobs.PayloadError):
        jobs.enqueue("test_slow", {"colour": "red"})
    with pytest.raises(jobs.PayloadError):
        jobs.enqueue("ping", {"message": "x" * 201})
    assert count(Job) == 0


def test_people_outside_the_discovery_cannot_see_its_jobs(app, client, factories, signed_in):
    outsider = signed_in("researcher")
    discovery = factories.discovery()
    job = jobs.enqueue("test_explode", discovery=discovery)
    db.session.commit()
    jobs.wait(job.id)
    assert outsider not in discovery.members
    assert _job_page(client, discovery, job.id).status_code == 403
    assert client.get(f"/discoveries/{discovery.id}/jobs").status_code == 403


def test_a_lead_sees_a_job_but_cannot_run_it_again_without_its_capability(app, client, factories, signed_in):
    lead = signed_in("authority_lead")
    researcher = factories.user(role="researcher")
    discovery = factories.discovery(members=[lead, researcher])
    job = jobs.enqueue("test_refuse", discovery=discovery, user=researcher)
    db.session.commit()
    jobs.wait(job.id)
    # test_refuse needs view_discovery, which a lead has; test_slow needs read_notes, which they lack
    slow = _dead_job(discovery, researcher)
    jobs.sweep()
    page = soup(_job_page(client, discovery, slow.id))
    assert page.find("button", string=lambda s: s and s.strip() == "Try again") is None
    url = f"/discoveries/{discovery.id}/jobs/{slow.id}"
    response = post_form(client, url + "/retry", {}, get_url=url)
    assert response.status_code == 403


def test_the_job_json_says_how_far_it_got(app, client, member):
    user, discovery = member
    job = jobs.enqueue("test_refuse", discovery=discovery, user=user)
    db.session.commit()
    jobs.wait(job.id)
    body = client.get(f"/discoveries/{discovery.id}/jobs/{job.id}.json").get_json()
    assert body["status"] == "failed"
    assert body["active"] is False
    assert body["percent_text"] == "0% done"


def test_the_job_page_speaks_welsh(app, client, member):
    user, discovery = member
    job = jobs.enqueue("test_explode", discovery=discovery, user=user)
    db.session.commit()
    jobs.wait(job.id)
    page = soup(client.get(f"/discoveries/{discovery.id}/jobs/{job.id}?lang=cy"))
    assert page.select_one("[data-job-status]").get_text(strip=True) == "Wedi methu"
    assert "Aeth rhywbeth o'i le" in page.select_one("[data-job-error]").get_text()
