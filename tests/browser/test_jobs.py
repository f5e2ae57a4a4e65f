"""A person watches a job: progress updates in place with JavaScript, and by refreshing without it."""

from __future__ import annotations

import threading
import uuid

import pytest
from playwright.sync_api import expect

from discovery import jobs
from discovery.extensions import db
from tests import job_tasks
from tests.browser.conftest import assert_accessible, researcher_with_discovery, screenshot, sign_in


@pytest.fixture
def watched(live_app):
    """A researcher, their discovery, and the test tasks registered with the live app."""
    if "test_slow" not in live_app.extensions["discovery.jobs"]:
        job_tasks.register_tasks(live_app)
    with live_app.app_context():
        user, discovery = researcher_with_discovery(
            ("NPT",), name="Nia Researcher", title="Hospital discharge"
        )
        db.session.commit()
        yield {"app": live_app, "email": user.email, "user_id": user.id, "discovery_id": discovery.id}


def _start(watched, kind: str, payload: dict | None = None):
    from discovery.core.models import Discovery, User

    app = watched["app"]
    with app.app_context():
        user = db.session.get(User, watched["user_id"])
        discovery = db.session.get(Discovery, watched["discovery_id"])
        job = jobs.enqueue(kind, payload, discovery=discovery, user=user)
        db.session.commit()
        return f"/discoveries/{discovery.id}/jobs/{job.id}", job.id


@pytest.fixture
def gate():
    name = uuid.uuid4().hex
    job_tasks.GATES[name] = threading.Event()
    yield name
    job_tasks.GATES.pop(name).set()


def test_a_running_job_updates_in_place_then_shows_its_result(page, watched, gate):
    url, job_id = _start(watched, "test_slow", {"value": "browser", "gate": gate})
    sign_in(page, watched["email"])
    page.goto(url)
    expect(page.get_by_role("heading", name="Slow test job", level=1)).to_be_visible()
    expect(page.locator("[data-job-status] .govuk-tag")).to_have_text("Running")
    first = page.locator("[data-job-percent-text]").inner_text()
    expect(page.locator("[data-job-percent-text]")).not_to_have_text(first, timeout=15000)  # polled
    assert_accessible(page)
    screenshot(page, "job-running")
    job_tasks.GATES[gate].set()
    expect(page.get_by_role("heading", name="Job finished")).to_be_visible(timeout=15000)
    expect(page.get_by_role("link", name="See the result")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "job-finished")


def test_without_javascript_the_page_refreshes_until_the_job_ends(no_js_page, watched, gate):
    url, _ = _start(watched, "test_slow", {"value": "no-js", "gate": gate})
    sign_in(no_js_page, watched["email"])
    no_js_page.goto(url)
    expect(no_js_page.locator("[data-job-status] .govuk-tag")).to_have_text("Running")
    job_tasks.GATES[gate].set()
    expect(no_js_page.get_by_role("heading", name="Job finished")).to_be_visible(timeout=20000)


def test_a_failed_job_says_what_happened_and_offers_to_try_again(page, watched):
    url, job_id = _start(watched, "test_explode")
    with watched["app"].app_context():
        jobs.wait(job_id)
    sign_in(page, watched["email"])
    page.goto(url)
    expect(page.get_by_role("alert")).to_contain_text("Something went wrong while this job was running")
    assert_accessible(page)
    screenshot(page, "job-failed")
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_text("The job has been started again.")).to_be_visible()
    expect(page.get_by_role("alert").last).to_contain_text("Something went wrong", timeout=15000)


def test_the_jobs_list_is_accessible(page, watched):
    _, job_id = _start(watched, "test_refuse")
    with watched["app"].app_context():
        jobs.wait(job_id)
    sign_in(page, watched["email"])
    page.goto(f"/discoveries/{watched['discovery_id']}/jobs")
    expect(page.get_by_role("heading", name="Jobs", level=1)).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "jobs-list")
