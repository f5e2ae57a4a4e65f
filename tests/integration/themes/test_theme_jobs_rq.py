"""Theme runs on RQ with real Redis: queued when the request commits, run by a worker."""

from __future__ import annotations

import uuid

from discovery import jobs
from discovery.extensions import db
from discovery.themes import runs
from discovery.themes.forms import RunForm
from tests.integration.test_health_and_jobs import redis_url  # noqa: F401 - the shared fixture
from tests.integration.test_jobs_rq import _work, app  # noqa: F401 - the shared RQ app on SQLite
from tests.integration.themes.conftest import interview, page, themes
from tests.support import form_data, post_form, sign_in
from tests.theme_interviews import TOPICS


def test_a_run_started_from_the_page_waits_for_a_worker_then_saves_its_themes(app, client, squad):  # noqa: F811
    sign_in(client, squad.researcher)
    data = form_data(RunForm, granularity="default")
    response = post_form(client, f"{squad.base}/run", data, get_url=squad.base)
    job_id = uuid.UUID(response.headers["Location"].rsplit("/", 1)[1])
    assert app.config["TEST_QUEUE"].job_ids == [str(job_id)]
    job_page = page(client, response.headers["Location"])
    assert job_page.select_one("[data-job-status]").get_text(strip=True) == "Queued"
    assert job_page.select_one("[data-job-stage]").get_text(strip=True) == "Not started yet"
    listing = page(client, squad.base)
    assert "Themes are being suggested now." in listing.get_text()

    _work(app)
    finished = jobs.wait(job_id)
    assert (finished.status, finished.backend) == ("succeeded", "rq")
    db.session.expire_all()
    assert len(themes(squad.discovery)) == len(TOPICS)
    cards = page(client, squad.base).select(".app-theme-card__title")
    assert sorted(c.get_text(strip=True) for c in cards) == sorted(t.label for t in themes(squad.discovery))


def test_cluster_leaves_the_run_to_a_worker_unless_asked_to_wait(app, squad):  # noqa: F811
    result = app.test_cli_runner().invoke(args=["cluster", "--discovery", squad.discovery.slug])
    assert result.exit_code == 0, result.output
    job = runs.active_run_job(squad.discovery)
    assert result.output.splitlines() == [
        f"Started theme run: job {job.id}",
        "An RQ worker will run it; `--wait` waits for it here.",
    ]
    _work(app)
    assert jobs.wait(job.id).status == "succeeded"
    assert runs.latest_run(squad.discovery).finding_count == 32


def test_an_rq_run_on_a_single_finding_says_why_no_themes_were_made(app, client, factories):  # noqa: F811
    researcher = factories.user(role="researcher")
    discovery = factories.discovery(members=[researcher])
    person = factories.participant(discovery=discovery)
    interview(factories, discovery, person, ["Booking respite care for my husband is almost impossible"])
    db.session.commit()
    job = runs.start_run(discovery, researcher, runs.ClusterPayload())
    db.session.commit()
    _work(app)
    assert jobs.wait(job.id).status == "failed"
    sign_in(client, researcher)
    error = page(client, f"/discoveries/{discovery.id}/jobs/{job.id}").select_one("[data-job-error]")
    assert "and there is only 1." in error.get_text()
