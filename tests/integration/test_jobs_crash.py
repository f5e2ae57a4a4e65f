"""kill -9 mid-job, for real: a web process on the thread backend, and an RQ worker on Redis.

Each test runs a first job to completion (the "previous good result"), starts a slow job in a
subprocess, kills that process with SIGKILL once the job reports progress, then — as the
restarted app would — sweeps, and checks the job is failed with a message a person
understands, nothing it was doing was saved, the earlier result is untouched, and a retry works.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from discovery import jobs
from discovery.extensions import db
from discovery.jobs import messages
from tests.conftest import make_app
from tests.integration.test_health_and_jobs import redis_url  # noqa: F401 - the shared fixture
from tests.integration.test_jobs import _poll, _results, _row
from tests.support import sign_in, soup

ROOT = Path(__file__).resolve().parents[2]
STOPPED_TEXT = (
    "This job stopped unexpectedly, probably because the server restarted. "
    "Nothing it was doing was saved. You can run it again."
)
WEB_PROCESS = """
import sys, time, uuid
from discovery import create_app, jobs
from discovery.core.models import Discovery, User
from discovery.extensions import db

app = create_app()
with app.app_context():
    discovery = db.session.get(Discovery, uuid.UUID(sys.argv[1]))
    user = db.session.get(User, uuid.UUID(sys.argv[2]))
    payload = {"value": "second", "hold_file": sys.argv[3]}
    job = jobs.enqueue("test_slow", payload, discovery=discovery, user=user)
    db.session.commit()
    print(job.id, flush=True)
time.sleep(300)
"""


@pytest.fixture
def database(tmp_path):
    return f"sqlite:///{tmp_path / 'crash.sqlite'}"


def _env(database: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "RQ_"))}
    env.update(
        DATABASE_URL=database,
        SECRET_KEY="crash-test-secret",
        JOB_TASK_MODULES="tests.job_tasks",
        JOB_HEARTBEAT_SECONDS="1",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def _setup(app, factories, hold_file: Path):
    user = factories.user(role="researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    first = jobs.enqueue("test_slow", {"value": "first"}, discovery=discovery, user=user)
    db.session.commit()
    return user, discovery, first


def _descendants(pid: int) -> list[int]:
    """Child processes, from /proc (an RQ work horse runs in a session of its own)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(stat.parent.name)
            children += [child, *_descendants(child)]
    return children


def _kill_when_running(process: subprocess.Popen, job_id: uuid.UUID, *, with_children: bool) -> None:
    """SIGKILL the process (and, for a machine that dies, its children) once the job has progress."""
    try:
        _poll(lambda: (row := _row(job_id)).status == "running" and row.percent > 0, timeout=60)
    finally:
        victims = _descendants(process.pid) if with_children else []
        process.kill()
        for pid in victims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stdout:
            process.stdout.close()


def _recovered(app, client, user, discovery, job_id) -> None:
    """What the restarted app does and shows."""
    _poll(lambda: jobs.startup_sweep(app), timeout=60)  # heartbeat older than JOB_STALE_SECONDS
    row = _row(job_id)
    assert (row.status, row.error) == ("failed", messages.msgid(messages.STOPPED))
    assert _results("second") == 0
    assert _results("first") == 1
    sign_in(client, user)
    page = soup(client.get(f"/discoveries/{discovery.id}/jobs/{job_id}"))
    assert page.select_one("[data-job-error]").get_text(strip=True) == STOPPED_TEXT


@pytest.fixture
def app(tmp_path, database):
    app = make_app(tmp_path, database, JOB_TASK_MODULES=["tests.job_tasks"], JOB_STALE_SECONDS=2)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_web_process_killed_mid_job_leaves_a_failed_job_that_can_be_run_again(
    app, client, factories, database, tmp_path
):
    hold = tmp_path / "hold"
    user, discovery, first = _setup(app, factories, hold)
    assert jobs.wait(first.id).status == "succeeded"
    hold.touch()
    process = subprocess.Popen(
        [sys.executable, "-c", WEB_PROCESS, str(discovery.id), str(user.id), str(hold)],
        env=_env(database),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    job_id = uuid.UUID(process.stdout.readline().strip())
    _kill_when_running(process, job_id, with_children=False)
    _recovered(app, client, user, discovery, job_id)

    hold.unlink()
    failed = db.session.get(jobs.services.Job, job_id)
    retried = jobs.retry(failed, user)
    db.session.commit()
    assert jobs.wait(retried.id).status == "succeeded"
    assert retried.retry_of_id == job_id
    assert _results("second") == 1


def test_an_rq_worker_killed_mid_job_leaves_a_failed_job_that_can_be_run_again(
    tmp_path,
    database,
    redis_url,  # noqa: F811
    factories,
):
    from rq import Queue

    queue_name = f"discovery-crash-{uuid.uuid4().hex[:8]}"
    app = make_app(
        tmp_path,
        database,
        REDIS_URL=redis_url,
        RQ_QUEUE=queue_name,
        JOB_TASK_MODULES=["tests.job_tasks"],
        JOB_STALE_SECONDS=2,
    )
    env = _env(database, REDIS_URL=redis_url, RQ_QUEUE=queue_name)
    worker = [sys.executable, "-m", "flask", "--app", "discovery", "worker"]
    hold = tmp_path / "hold"
    with app.app_context():
        db.create_all()
        queue = Queue(queue_name, connection=jobs.backends.redis_connection(app))
        try:
            user = factories.user(role="researcher")
            discovery = factories.discovery(members=[user])
            first = jobs.enqueue("test_slow", {"value": "first"}, discovery=discovery, user=user)
            db.session.commit()
            subprocess.run(
                [*worker, "--burst"], env=env, cwd=ROOT, check=True, timeout=120, capture_output=True
            )
            assert jobs.wait(first.id).status == "succeeded"

            hold.touch()
            job = jobs.enqueue(
                "test_slow", {"value": "second", "hold_file": str(hold)}, discovery=discovery, user=user
            )
            db.session.commit()
            process = subprocess.Popen(
                worker, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _kill_when_running(process, job.id, with_children=True)  # the worker and its work horse
            _recovered(app, app.test_client(), user, discovery, job.id)

            hold.unlink()
            retried = jobs.retry(db.session.get(jobs.services.Job, job.id), user)
            db.session.commit()
            subprocess.run(
                [*worker, "--burst"], env=env, cwd=ROOT, check=True, timeout=120, capture_output=True
            )
            assert jobs.wait(retried.id).status == "succeeded"
            assert _results("second") == 1
        finally:
            queue.delete(delete_jobs=True)
            db.session.remove()
            db.engine.dispose()
