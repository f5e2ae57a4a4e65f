"""Suggesting themes is a job: it shows its progress, says why it could not run, and saves once."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from discovery import jobs
from discovery.core.models import Job
from discovery.extensions import db
from discovery.themes import engine, runs
from discovery.themes.forms import RunForm
from discovery.themes.models import ClusterRun, Theme, cluster_run_findings
from research_notes import evidence
from research_notes.findings.services import delete_finding
from research_notes.models import Finding, ResearchNote
from research_notes.participants.erasure import withdraw_and_erase
from tests.integration.test_jobs import _poll, _row
from tests.integration.themes.conftest import (
    finished_job,
    interview,
    members,
    page,
    run_themes,
    theme_for,
    themes,
)
from tests.support import count, form_data, notification, post_form, sign_in
from tests.theme_interviews import TOPICS

CRASHED = (
    "Something went wrong while this job was running. Nothing it was doing was saved. You can run it again."
)


@pytest.fixture
def app(app_on_every_database):
    """On SQLite and PostgreSQL: what these tests check depends on the database's SQL."""
    return app_on_every_database


def _start_from_page(client, squad, **fields):
    data = form_data(RunForm, granularity="default", **fields)
    return post_form(client, f"{squad.base}/run", data, get_url=squad.base)


def _job_from(response) -> uuid.UUID:
    assert response.status_code == 302
    return uuid.UUID(response.headers["Location"].rsplit("/", 1)[1])


def test_suggesting_themes_from_the_page_shows_one_theme_per_topic(client, squad):
    sign_in(client, squad.researcher)
    before = page(client, squad.base)
    assert "No suggested themes are waiting for review." in before.get_text()

    job_id = _job_from(_start_from_page(client, squad))
    assert finished_job(job_id).status == "succeeded"
    job_page = page(client, f"/discoveries/{squad.discovery.id}/jobs/{job_id}")
    assert job_page.select_one("h1").get_text(strip=True) == "Suggest themes"
    assert job_page.select_one(".govuk-panel__title").get_text(strip=True) == "Job finished"
    run = db.session.scalars(sa.select(ClusterRun)).one()
    assert job_page.find("a", string="See the result")["href"] == f"{squad.base}/runs/{run.id}"

    listing = page(client, squad.base)
    labels = [h.get_text(strip=True) for h in listing.select(".app-theme-card__title")]
    assert sorted(labels) == sorted(t.label for t in themes(squad.discovery, "suggested"))
    assert len(labels) == len(TOPICS)
    for topic in TOPICS:  # each topic's findings were grouped together
        assert len(members(theme_for(squad, topic)) & squad.topic_ids(topic)) >= 5
    assert "Welsh" in theme_for(squad, "welsh").label
    unclustered = run.quality["unclustered"]
    said = "1 finding is in no theme" if unclustered == 1 else f"{unclustered} findings are in no theme"
    assert listing.find("a", string=said)

    run_page = page(client, f"{squad.base}/runs/{run.id}")
    assert "This was the first run for this discovery." in run_page.get_text()
    rows = run_page.select("table.govuk-table")[0].select("tbody tr")
    assert sorted(r.select("td")[0].a.get_text(strip=True) for r in rows) == sorted(labels)
    assert all(r.select("td")[0].get_text(strip=True).endswith("– Suggested") for r in rows)
    assert {r.select("td")[1].get_text(strip=True) for r in rows} == {"New"}


def test_the_job_page_shows_how_far_the_run_has_got(client, squad, held_run):
    sign_in(client, squad.researcher)
    job_id = _job_from(_start_from_page(client, squad))
    assert held_run.entered.wait(30)
    job_page = page(client, f"/discoveries/{squad.discovery.id}/jobs/{job_id}")
    assert job_page.select_one("[data-job-status]").get_text(strip=True) == "Running"
    stage = job_page.select_one("[data-job-stage]").get_text(strip=True)
    assert stage == "Reading the meaning of each finding"  # the vectors are ready; grouping is next
    assert job_page.select_one("[data-job-percent-text]").get_text(strip=True) == "35% done"
    assert count(ClusterRun) == 0 and count(Theme) == 0  # nothing half-made is visible

    held_run.release.set()
    assert finished_job(job_id).status == "succeeded"
    assert count(ClusterRun) == 1


@pytest.mark.parametrize(
    ("said", "why"),
    [
        ([], "there are none"),
        (["I waited on hold for forty minutes before anyone answered the phone"], "there is only 1"),
    ],
    ids=["no findings", "one finding"],
)
def test_a_run_with_fewer_than_two_findings_says_why_no_themes_can_be_made(client, factories, said, why):
    researcher = factories.user(role="researcher")
    discovery = factories.discovery(members=[researcher])
    if said:
        interview(factories, discovery, factories.participant(discovery=discovery), said)
    db.session.commit()
    job = runs.start_run(discovery, researcher, runs.ClusterPayload())
    db.session.commit()
    failed = finished_job(job.id)
    assert failed.status == "failed"

    sign_in(client, researcher)
    error = page(client, f"/discoveries/{discovery.id}/jobs/{job.id}").select_one("[data-job-error]")
    assert error.get_text(strip=True) == (
        "Themes could not be suggested: there must be at least 2 findings that can be used, and "
        f"{why}. Highlight more findings, or remove some filters, then try again."
    )
    assert count(ClusterRun) == 0 and count(Theme) == 0


def test_findings_that_all_say_the_same_thing_make_one_theme(factories):
    researcher = factories.user(role="researcher")
    discovery = factories.discovery(members=[researcher])
    for _ in range(6):
        person = factories.participant(discovery=discovery)
        interview(factories, discovery, person, ["The phone line was engaged all day"])
    db.session.commit()
    run = run_themes(discovery, researcher)
    (theme,) = themes(discovery)
    assert len(members(theme)) == 6
    assert (run.theme_count, run.finding_count, run.quality["unclustered"]) == (1, 6, 0)


def test_a_second_run_while_one_is_going_is_refused_with_a_clear_message(client, squad, held_run):
    sign_in(client, squad.squad_member)
    first = _job_from(_start_from_page(client, squad))
    assert held_run.entered.wait(30)

    refused = _start_from_page(client, squad)
    assert refused.headers["Location"].endswith(f"/jobs/{first}")
    job_page = client.get(refused.headers["Location"])
    assert notification(job_page).endswith(
        "Themes are already being suggested for this discovery. Wait for that run to finish."
    )
    listing = page(client, squad.base)
    assert "Themes are being suggested now." in listing.get_text()
    with pytest.raises(runs.RunInProgressError):
        runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload())
    assert count(Job) == 1

    held_run.release.set()
    assert finished_job(first).status == "succeeded"
    assert run_themes(squad.discovery, squad.researcher)  # once it has finished, another may start


def test_the_themes_page_links_to_the_run_that_is_going(client, squad, held_run):
    sign_in(client, squad.researcher)
    job_id = _job_from(_start_from_page(client, squad))
    assert held_run.entered.wait(30)
    inset = page(client, squad.base).select_one(".govuk-inset-text")
    held_run.release.set()
    assert inset.get_text(" ", strip=True) == "Themes are being suggested now. Follow its progress"
    assert inset.select_one("a")["href"] == f"/discoveries/{squad.discovery.id}/jobs/{job_id}"


def test_a_finding_deleted_while_the_run_is_going_is_left_out(squad, held_run):
    job = runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload())
    db.session.commit()
    assert held_run.entered.wait(30)
    gone = squad.findings["respite"][0]
    gone_id = gone.id
    delete_finding(gone)
    db.session.commit()

    held_run.release.set()
    assert finished_job(job.id).status == "succeeded"
    run = runs.latest_run(squad.discovery)
    assert run.finding_count == 31
    placed = set(db.session.scalars(sa.select(cluster_run_findings.c.finding_id)))
    assert gone_id not in placed and len(placed) == 31
    assert all(gone_id not in members(t) for t in themes(squad.discovery))


def test_a_finding_deleted_as_the_run_is_saved_fails_it_with_a_clear_message(client, squad, monkeypatch):
    """The last moment: deleted after the run checked what it may still use, before it saved."""
    first = run_themes(squad.discovery, squad.researcher)
    kept = {t.id: (t.label, members(t)) for t in themes(squad.discovery)}
    gone = squad.findings["welsh"][3].id
    checked = evidence.usable_finding_ids

    def deleted_just_after(*args, **kwargs):
        usable = checked(*args, **kwargs)
        with db.engine.begin() as conn:  # another person, in another transaction
            conn.execute(sa.delete(Finding.__table__).where(Finding.__table__.c.id == gone))
        return usable

    monkeypatch.setattr(evidence, "usable_finding_ids", deleted_just_after)
    job = runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload())
    db.session.commit()
    assert finished_job(job.id).status == "failed"
    monkeypatch.undo()

    sign_in(client, squad.researcher)
    error = page(client, f"/discoveries/{squad.discovery.id}/jobs/{job.id}").select_one("[data-job-error]")
    assert error.get_text(strip=True) == (
        "Some findings were deleted while the themes were being suggested, so nothing was saved. "
        "Run it again."
    )
    assert runs.latest_run(squad.discovery).id == first.id
    assert {t.id: (t.label, members(t)) for t in themes(squad.discovery)} == {
        theme_id: (label, ids - {gone}) for theme_id, (label, ids) in kept.items()
    }


def test_a_participant_withdrawn_while_the_run_is_going_is_left_out(squad, held_run):
    job = runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload())
    db.session.commit()
    assert held_run.entered.wait(30)
    withdrawn = squad.participants[2]
    theirs = {f.id for topic in TOPICS for f in squad.findings[topic] if f.participant_id == withdrawn.id}
    withdraw_and_erase(withdrawn, "Asked by phone on 3 November", squad.researcher)
    db.session.commit()

    held_run.release.set()
    assert finished_job(job.id).status == "succeeded"
    assert runs.latest_run(squad.discovery).finding_count == 28
    placed = set(db.session.scalars(sa.select(cluster_run_findings.c.finding_id)))
    assert placed and not placed & theirs
    assert all(not members(t) & theirs for t in themes(squad.discovery))


def test_a_run_that_fails_keeps_the_themes_from_before(client, squad, monkeypatch):
    first = run_themes(squad.discovery, squad.researcher)
    phone = theme_for(squad, "phone")
    kept = {t.id: (t.label, t.status, members(t)) for t in themes(squad.discovery)}

    def out_of_memory(*args, **kwargs):
        raise MemoryError("the embedder ran out of memory")

    monkeypatch.setattr(engine, "suggest", out_of_memory)
    job = runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload(granularity="fine"))
    db.session.commit()
    assert finished_job(job.id).status == "failed"

    sign_in(client, squad.researcher)
    error = page(client, f"/discoveries/{squad.discovery.id}/jobs/{job.id}").select_one("[data-job-error]")
    assert error.get_text(strip=True) == CRASHED
    assert {t.id: (t.label, t.status, members(t)) for t in themes(squad.discovery)} == kept
    assert runs.latest_run(squad.discovery).id == first.id
    assert phone.label in page(client, squad.base).get_text()


def test_cancelling_a_run_saves_nothing(client, squad, held_run):
    sign_in(client, squad.researcher)
    job_id = _job_from(_start_from_page(client, squad))
    assert held_run.entered.wait(30)
    url = f"/discoveries/{squad.discovery.id}/jobs/{job_id}"
    post_form(client, url + "/cancel", {}, get_url=url)
    held_run.release.set()
    assert finished_job(job_id).status == "cancelled"
    assert count(ClusterRun) == 0 and count(Theme) == 0
    assert "This job was cancelled" in page(client, url).select_one(".govuk-inset-text").get_text()


def test_a_run_can_be_limited_to_some_findings(client, squad):
    sign_in(client, squad.researcher)
    job_id = _job_from(_start_from_page(client, squad, segment=["unpaid_carer"]))
    assert finished_job(job_id).status == "succeeded"
    run = runs.latest_run(squad.discovery)
    carers = {p.id for p in squad.participants if p.segment == "unpaid_carer"}
    placed = set(db.session.scalars(sa.select(cluster_run_findings.c.finding_id)))
    assert run.finding_count == 16 == len(placed)
    assert {f.participant_id for topic in TOPICS for f in squad.findings[topic] if f.id in placed} == carers
    assert run.params["filters"] == {"segments": ["unpaid_carer"]}


def test_starting_from_the_codebook_names_themes_after_its_top_level_tags(squad, factories):
    contact = factories.tag(discovery=squad.discovery, name="Getting through to someone")
    phone = factories.tag(discovery=squad.discovery, name="Phone", parent=contact)
    for finding in squad.findings["phone"]:
        finding.tags = [phone]
    db.session.commit()
    run_themes(squad.discovery, squad.researcher, seed_from_tags=True)
    named = next(t for t in themes(squad.discovery) if t.label == "Getting through to someone")
    assert squad.topic_ids("phone") <= members(named)


@pytest.mark.slow
def test_twenty_thousand_findings_are_grouped_with_progress_along_the_way(factories):
    """Findings are inserted in bulk; what matters is that the run finishes and reports stages.

    Once, on SQLite: the job path is the same on PostgreSQL, where `bench/theme_run.py` with
    DATABASE_URL measures it, and a second 20,000-finding run would add minutes to every CI run.
    """
    if db.engine.dialect.name != "sqlite":
        pytest.skip("20,000 findings run once, on SQLite")
    researcher = factories.user(role="researcher")
    # The fast reader: this is about the job path at scale (vectors read, stored and clustered),
    # and MiniLM would spend three minutes reading 20,000 findings (bench/theme_run.py times it).
    discovery = factories.discovery(members=[researcher], embedder="wordllama")
    db.session.commit()
    places = ["Pontypool", "Cwmbran", "Ebbw Vale", "Abertillery", "Blaenavon", "Tredegar", "Brynmawr"]
    when = ["on Monday", "last week", "in January", "after the storm", "twice this month"]
    said = [sentence for topic in TOPICS.values() for sentence in topic]
    sentences = [
        f"{text} ({places[n % len(places)]}, {when[n % len(when)]}, visit {n + 1})"
        for n in range(20_000 // len(said))
        for text in said
    ]
    assert len(sentences) == 20_000
    notes, findings = [], []
    for first in range(0, len(sentences), 100):
        chunk = sentences[first : first + 100]
        note_id = uuid.uuid4()
        notes.append(
            {
                "id": note_id,
                "discovery_id": discovery.id,
                "title": f"Drop-in session {first // 100 + 1}",
                "body": "\n".join(chunk),
                "method": "observation",
                "language": "en",
            }
        )
        start = 0
        for sentence in chunk:
            findings.append(
                {
                    "id": uuid.uuid4(),
                    "discovery_id": discovery.id,
                    "note_id": note_id,
                    "start_offset": start,
                    "end_offset": start + len(sentence),
                    "text": sentence,
                    "kind": "pain_point",
                }
            )
            start += len(sentence) + 1
    db.session.execute(ResearchNote.__table__.insert(), notes)
    db.session.execute(Finding.__table__.insert(), findings)
    db.session.commit()

    job = runs.start_run(discovery, researcher, runs.ClusterPayload())
    db.session.commit()
    seen = []

    def stage_changed():
        row = _row(job.id)
        if row.stage and (row.stage, row.percent) not in seen:
            seen.append((row.stage, row.percent))
        return row.status in ("succeeded", "failed", "cancelled") and row

    done = _poll(stage_changed, timeout=600)
    assert (done.status, done.error) == ("succeeded", None)
    assert len(seen) >= 2
    assert [p for _s, p in seen] == sorted(p for _s, p in seen)
    run = runs.latest_run(discovery)
    assert run.finding_count == 20_000 == count(cluster_run_findings)
    assert run.theme_count >= 1
    in_themes = sum(s["members"] for s in run.themes_snapshot)
    assert in_themes + run.quality["unclustered"] == 20_000
    assert jobs.wait(job.id).percent == 100
