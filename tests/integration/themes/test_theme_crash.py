"""kill -9 mid-run, for real: a web process (thread backend) and an RQ worker.

The killed run is marked failed with a message a person understands, saves nothing, leaves the
last good themes exactly as they were, and can be run again.
"""

from __future__ import annotations

import subprocess
import sys
import uuid

from discovery import jobs
from discovery.core.models import Job
from discovery.extensions import db
from discovery.jobs import messages
from discovery.themes import review, runs
from discovery.themes.models import ClusterRun
from tests.conftest import make_app
from tests.factories import ALL_FACTORIES
from tests.integration.test_health_and_jobs import redis_url  # noqa: F401 - the shared fixture
from tests.integration.test_jobs import _poll, _row
from tests.integration.test_jobs_crash import (  # noqa: F401 - the shared crash fixtures
    ROOT,
    STOPPED_TEXT,
    _env,
    _kill_when_running,
    app,
    database,
)
from tests.integration.themes.conftest import build_squad, members, page, run_themes, theme_for, themes
from tests.support import count, sign_in

HOLD = "tests.integration.themes.hold"
WEB_PROCESS = """
import sys, time, uuid
from discovery import create_app
from discovery.core.models import Discovery, User
from discovery.extensions import db
from discovery.themes import runs

app = create_app()
with app.app_context():
    discovery = db.session.get(Discovery, uuid.UUID(sys.argv[1]))
    user = db.session.get(User, uuid.UUID(sys.argv[2]))
    job = runs.start_run(discovery, user, runs.ClusterPayload(granularity="broad"))
    db.session.commit()
    print(job.id, flush=True)
time.sleep(300)
"""


def _held_env(database_url: str, hold, **extra: str) -> dict[str, str]:
    env = _env(database_url, THEMES_HOLD_FILE=str(hold), **extra)
    env["JOB_TASK_MODULES"] = HOLD
    return env


def _themes_as_they_are(squad) -> dict:
    return {t.id: (t.label, t.status, frozenset(members(t))) for t in themes(squad.discovery)}


def _good_themes(squad, run_first) -> tuple[ClusterRun, dict]:
    """A first run, with one theme accepted: the last good themes a killed run must not touch."""
    first = run_first()
    review.accept(theme_for(squad, "phone"), squad.researcher)
    db.session.commit()
    return first, _themes_as_they_are(squad)


def _recovered(restarted, client, squad, job_id, first, good) -> None:
    """What the restarted app does and shows."""
    _poll(lambda: jobs.startup_sweep(restarted), timeout=60)  # heartbeat older than JOB_STALE_SECONDS
    row = _row(job_id)
    assert (row.status, row.error) == ("failed", messages.msgid(messages.STOPPED))
    assert count(ClusterRun) == 1 and runs.latest_run(squad.discovery).id == first.id
    assert _themes_as_they_are(squad) == good
    assert runs.active_run_job(squad.discovery) is None

    sign_in(client, squad.researcher)
    job_page = page(client, f"/discoveries/{squad.discovery.id}/jobs/{job_id}")
    assert job_page.select_one("[data-job-error]").get_text(strip=True) == STOPPED_TEXT
    listing = page(client, squad.base)
    labels = sorted(h.get_text(strip=True) for h in listing.select(".app-theme-card__title"))
    assert labels == sorted(label for label, _status, _members in good.values())


def _ran_again(squad, retried_job_id, good) -> None:
    again = jobs.wait(retried_job_id, timeout=120)
    assert again.status == "succeeded"
    db.session.expire_all()
    assert count(ClusterRun) == 2
    phone = theme_for(squad, "phone", "accepted")
    assert (phone.label, "accepted", frozenset(members(phone))) == good[phone.id]


def test_a_web_process_killed_mid_run_keeps_the_last_good_themes(app, client, database, tmp_path):  # noqa: F811
    squad = build_squad(ALL_FACTORIES)
    first, good = _good_themes(squad, lambda: run_themes(squad.discovery, squad.researcher))
    hold = tmp_path / "hold"
    hold.touch()
    process = subprocess.Popen(
        [sys.executable, "-c", WEB_PROCESS, str(squad.discovery.id), str(squad.researcher.id)],
        env=_held_env(database, hold),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    job_id = uuid.UUID(process.stdout.readline().strip())
    _kill_when_running(process, job_id, with_children=False)
    _recovered(app, client, squad, job_id, first, good)

    hold.unlink()
    retried = jobs.retry(db.session.get(Job, job_id), squad.researcher)
    db.session.commit()
    _ran_again(squad, retried.id, good)
    assert runs.latest_run(squad.discovery).params["granularity"] == "broad"


def test_an_rq_worker_killed_mid_run_keeps_the_last_good_themes(
    tmp_path,
    database,  # noqa: F811
    redis_url,  # noqa: F811
):
    from rq import Queue

    queue_name = f"discovery-theme-crash-{uuid.uuid4().hex[:8]}"
    rq_app = make_app(tmp_path, database, REDIS_URL=redis_url, RQ_QUEUE=queue_name, JOB_STALE_SECONDS=2)
    hold = tmp_path / "hold"
    env = _held_env(database, hold, REDIS_URL=redis_url, RQ_QUEUE=queue_name)
    worker = [sys.executable, "-m", "flask", "--app", "discovery", "worker"]

    def burst() -> None:
        subprocess.run([*worker, "--burst"], env=env, cwd=ROOT, check=True, timeout=300, capture_output=True)

    def run_first() -> ClusterRun:
        job = runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload())
        db.session.commit()
        burst()
        finished = jobs.wait(job.id)
        assert finished.status == "succeeded", finished.error_detail
        db.session.expire_all()
        return db.session.get(ClusterRun, uuid.UUID(finished.result_id))

    with rq_app.app_context():
        db.create_all()
        queue = Queue(queue_name, connection=jobs.backends.redis_connection(rq_app))
        try:
            squad = build_squad(ALL_FACTORIES)
            first, good = _good_themes(squad, run_first)

            hold.touch()
            job = runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload())
            db.session.commit()
            process = subprocess.Popen(
                worker, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _kill_when_running(process, job.id, with_children=True)  # the worker and its work horse
            _recovered(rq_app, rq_app.test_client(), squad, job.id, first, good)

            hold.unlink()
            retried = jobs.retry(db.session.get(Job, job.id), squad.researcher)
            db.session.commit()
            burst()
            _ran_again(squad, retried.id, good)
        finally:
            queue.delete(delete_jobs=True)
            db.session.remove()
            db.engine.dispose()
