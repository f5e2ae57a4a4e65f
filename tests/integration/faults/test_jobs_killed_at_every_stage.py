"""Every long job, killed at every stage, re-runs to the same result with nothing half-visible.

For each real job kind (suggesting themes, reading the meaning of findings, exporting the
summary) the test first runs the job once without interruption and counts its stages. Then,
for each stage and for the moment just before the result is committed, a child process runs
the job and dies there (``os._exit(137)``, as ``kill -9`` would: see
``discovery/core/crashpoints.py``). After each death it checks what a person could see —
the job is not "succeeded", there is no result to link to, the themes, exports and vectors are
as they were — lets the stale-job sweep find the job, runs it again as the "Run it again"
button does, and checks the result is the uninterrupted run's.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from discovery import jobs
from discovery.core import crashpoints
from discovery.core.columns import utcnow
from discovery.core.models import AuditEvent, Job
from discovery.extensions import db
from discovery.jobs import messages, registry, store
from discovery.summaries import tasks as summary_tasks
from discovery.summaries.models import SummaryExport
from discovery.themes import runs
from discovery.themes.models import ClusterRun
from research_notes.finding_vectors import tasks as vector_tasks
from research_notes.finding_vectors.models import FindingVector
from tests import assurance
from tests.factories import ALL_FACTORIES
from tests.integration.faults.support import KILLED, rounds, run_child
from tests.integration.themes.conftest import build_squad, members, themes

RUN_ONE_JOB = """
import sys, uuid
from discovery import create_app, jobs
app = create_app()
with app.app_context():
    jobs.run_job(uuid.UUID(sys.argv[1]))
"""


@pytest.fixture
def database(tmp_path):
    return f"sqlite:///{tmp_path / 'faults.sqlite'}"


@pytest.fixture
def app(tmp_path, database):
    from tests.conftest import make_app

    app = make_app(tmp_path, database)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _queued(kind: str, payload, squad) -> uuid.UUID:
    """A queued job row that nothing has started (``enqueue`` would start a thread on commit)."""
    task = jobs.get_task(kind)
    job = Job(
        kind=kind,
        status="queued",
        payload=registry.payload_to_dict(task, payload),
        discovery_id=squad.discovery.id,
        requested_by_id=squad.researcher.id,
        origin="person",
        backend="thread",
        attempt=1,
    )
    job.id = uuid.uuid4()
    db.session.add(job)
    db.session.commit()
    return job.id


def _stages(monkeypatch, kind: str, payload, squad) -> tuple[uuid.UUID, int]:
    """Run the job once, uninterrupted, counting the crash points it passes."""
    passed = Counter()
    monkeypatch.setattr(crashpoints, "reached", lambda point: passed.update([point]))
    job_id = _queued(kind, payload, squad)
    with current_app.app_context():  # a session of its own, as a worker has
        jobs.run_job(job_id)
    monkeypatch.undo()
    assert store.status_of(job_id) == "succeeded"
    assert passed["job-commit"] == 1
    return job_id, passed["job-stage"]


def _points(stages: int, *, brief: int = 1) -> list[str]:
    """Every stage and the commit for the assurance run (``ASSURANCE_ROUNDS`` set). In
    ``make test``, where each kill costs a fresh interpreter: the commit, and a middle stage
    too when ``brief`` is 2."""
    every = [f"job-stage:{n}" for n in range(1, stages + 1)] + ["job-commit:1"]
    if rounds(0):
        return every
    return [every[stages // 2], every[-1]][-brief:]


def _kill_everywhere(
    app, database, kind, payload, squad, *, stages, before, visible, result, brief: int = 1
) -> Counter:
    """Kill the job at each stage; check nothing shows; sweep; run again; compare the result.

    ``before()`` prepares the state a run starts from; ``visible()`` is what a person could see
    of the job's work (must not change while it is dead); ``result()`` is what a finished run
    leaves (must equal the uninterrupted run's).
    """
    expected = result()
    figures = Counter()
    for point in _points(stages, brief=brief):
        before()
        seen = visible()
        job_id = _queued(kind, payload, squad)
        child = run_child(RUN_ONE_JOB, str(job_id), database_url=database, crash_at=point)
        assert child.returncode == KILLED, (point, child.returncode, child.stderr[-2000:])
        figures["jobs_killed"] += 1

        db.session.expire_all()
        dead = db.session.get(Job, job_id, populate_existing=True)
        if dead.status == "succeeded" or dead.result_id is not None or visible() != seen:
            figures["half_visible"] += 1

        assert store.sweep(now=utcnow() + timedelta(hours=1)) == 1
        dead = db.session.get(Job, job_id, populate_existing=True)
        assert (dead.status, dead.error) == ("failed", messages.msgid(messages.STOPPED))
        again = jobs.retry(dead, squad.researcher)
        db.session.commit()
        finished = jobs.wait(again.id, timeout=120)
        db.session.expire_all()
        if finished.status != "succeeded":
            figures["lost"] += 1
        if result() != expected:
            figures["different"] += 1
        succeeded = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Job)
            .where(Job.retry_of_id == job_id, Job.status == "succeeded")
        )
        figures["duplicated"] += max(0, succeeded - 1)
    return figures


def _check(figures: Counter, stages: int, brief: int = 1) -> None:
    assert figures["jobs_killed"] == len(_points(stages, brief=brief))
    assert (figures["half_visible"], figures["lost"], figures["duplicated"], figures["different"]) == (
        0,
        0,
        0,
        0,
    )
    assurance.record(
        "faults",
        jobs_killed=figures["jobs_killed"],
        jobs_lost=figures["lost"],
        jobs_duplicated=figures["duplicated"],
        half_visible=figures["half_visible"],
    )


def test_a_theme_run_killed_at_any_stage_runs_again_to_the_same_themes(app, database, monkeypatch):
    squad = build_squad(ALL_FACTORIES)
    payload = runs.ClusterPayload()
    _stages(monkeypatch, runs.TASK_KIND, payload, squad)  # the first run also reads the findings' meaning
    _second, stages = _stages(monkeypatch, runs.TASK_KIND, payload, squad)
    assert stages >= 3

    def theme_sets():
        return sorted(
            (t.label, t.status, tuple(sorted(map(str, members(t))))) for t in themes(squad.discovery)
        )

    def visible():
        runs_saved = db.session.scalar(sa.select(sa.func.count()).select_from(ClusterRun))
        return runs_saved, theme_sets()

    figures = _kill_everywhere(
        app,
        database,
        runs.TASK_KIND,
        payload,
        squad,
        stages=stages,
        before=lambda: None,
        visible=visible,
        result=theme_sets,
        brief=2,
    )
    _check(figures, stages, brief=2)


def test_reading_findings_meaning_killed_at_any_stage_leaves_only_whole_vectors(app, database, monkeypatch):
    squad = build_squad(ALL_FACTORIES)

    def forget_vectors():
        db.session.execute(sa.delete(FindingVector))
        db.session.commit()

    def vectors():
        db.session.expire_all()
        rows = db.session.execute(
            sa.select(FindingVector.finding_id, FindingVector.embedder, FindingVector.vector)
        )
        return {(finding_id, embedder): bytes(vector) for finding_id, embedder, vector in rows}

    forget_vectors()
    _first, stages = _stages(monkeypatch, vector_tasks.TASK_KIND, None, squad)
    whole = vectors()
    assert len(whole) == 32

    def visible():
        # Vectors are saved a batch at a time so a killed job loses little; each one saved must
        # be whole and exactly what the uninterrupted run computed.
        saved = vectors()
        return {key: value for key, value in saved.items() if whole.get(key) != value}

    figures = _kill_everywhere(
        app,
        database,
        vector_tasks.TASK_KIND,
        None,
        squad,
        stages=stages,
        before=forget_vectors,
        visible=visible,
        result=vectors,
    )
    _check(figures, stages)


def test_a_summary_export_killed_at_any_stage_leaves_no_file_and_runs_again(app, database, monkeypatch):
    squad = build_squad(ALL_FACTORIES)
    payload = summary_tasks.ExportPayload(file_format="md")
    _first, stages = _stages(monkeypatch, summary_tasks.TASK_KIND, payload, squad)
    assert stages == 3

    def latest():
        db.session.expire_all()
        export = db.session.scalars(
            sa.select(SummaryExport).order_by(SummaryExport.created_at.desc())
        ).first()
        return export.filename, bytes(export.data)

    def visible():
        exports = db.session.scalar(sa.select(sa.func.count()).select_from(SummaryExport))
        audited = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        return exports, audited

    figures = _kill_everywhere(
        app,
        database,
        summary_tasks.TASK_KIND,
        payload,
        squad,
        stages=stages,
        before=lambda: None,
        visible=visible,
        result=latest,
    )
    _check(figures, stages)
