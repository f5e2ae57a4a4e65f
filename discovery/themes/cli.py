"""`flask --app discovery cluster` and `export-themes`: theme runs and their CSV, for scripts.

``cluster`` starts the same job as the "Suggest themes" button. Without Redis the job runs in
a thread of this process, which ends when the command does, so the command always waits then.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from discovery import jobs
from discovery.core import services as core_services
from discovery.core.models import Job
from discovery.core.vocab import GRANULARITIES
from discovery.extensions import db
from discovery.themes import export, runs
from discovery.themes.models import ClusterRun


def register_cli(app: Flask) -> None:
    app.cli.add_command(cluster)
    app.cli.add_command(export_themes)


def _discovery(slug: str):
    discovery = core_services.discovery_by_slug(slug)
    if discovery is None:
        raise click.ClickException(f"There is no discovery with the slug {slug}")
    return discovery


@click.command("cluster")
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option("--wait", "wait_for_it", is_flag=True, help="Wait for the run to finish and print its themes")
@click.option(
    "--granularity",
    type=click.Choice(list(GRANULARITIES)),
    default="default",
    show_default=True,
    help="broad: fewer, broader themes; fine: more, narrower ones",
)
@click.option("--from-tags", is_flag=True, help="Start from the codebook's top-level tags")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True, help="Random seed")
@click.option(
    "--timeout", type=click.IntRange(1, 86400), default=3600, show_default=True, help="Seconds to wait"
)
@with_appcontext
def cluster(slug: str, wait_for_it: bool, granularity: str, from_tags: bool, seed: int, timeout: int) -> None:
    """Suggest themes for a discovery's findings (a background job, as on the themes page)."""
    discovery = _discovery(slug)
    payload = runs.ClusterPayload(granularity=granularity, seed_from_tags=from_tags, seed=seed)
    try:
        job = runs.start_run(discovery, None, payload)
    except runs.RunInProgressError as error:
        raise click.ClickException(
            f"A theme run is already going for this discovery (job {error.job.id}). "
            "Wait for it to finish, or cancel it, then try again. If the process running it was "
            f"stopped, it is marked failed within {current_app.config['JOB_STALE_SECONDS']} seconds."
        ) from None
    db.session.commit()
    thread_backend = not current_app.config.get("REDIS_URL")
    click.echo(f"Started theme run: job {job.id}")
    if not (wait_for_it or thread_backend):
        click.echo("An RQ worker will run it; `--wait` waits for it here.")
        return
    finished = _follow(job.id, timeout)
    if finished.status != "succeeded":
        message = finished.error or finished.status
        raise click.ClickException(f"The theme run {finished.status}: {message}")
    run = db.session.get(ClusterRun, uuid.UUID(finished.result_id))
    _print_run(run)


def _follow(job_id: uuid.UUID, timeout: int):
    """Wait for the job, printing each new stage, and return it finished."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            return jobs.wait(job_id, timeout=1.0)
        except TimeoutError:
            job = db.session.get(Job, job_id, populate_existing=True)
            if job.stage and job.stage != last:
                last = job.stage
                click.echo(f"  {job.stage} ({job.percent}%)")
            if time.monotonic() > deadline:
                raise click.ClickException(
                    f"The theme run did not finish within {timeout} seconds; it is still going (job {job_id})"
                ) from None


def _print_run(run: ClusterRun) -> None:
    changes = run.changes or {}
    click.echo(
        f"Run {run.id}: {run.finding_count} findings, {run.theme_count} suggested themes, "
        f"{run.quality.get('unclustered', 0)} unclustered, "
        f"{sum(s.get('offered', 0) for s in run.themes_snapshot)} suggested additions to accepted themes "
        f"({sum(run.timings.values()):.1f} s)"
    )
    if not changes.get("first_run"):
        click.echo(
            f"Since the previous run: {changes.get('new', 0)} new, {changes.get('grown', 0)} grown, "
            f"{changes.get('unchanged', 0)} unchanged"
        )
    for entry in sorted(run.themes_snapshot, key=lambda s: (-s["members"], s["label"])):
        extra = f", {entry['offered']} offered" if entry.get("offered") else ""
        click.echo(f"  [{entry['status']}] {entry['label']} ({entry['members']} findings{extra})")


@click.command("export-themes")
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option("--run", "run_ref", default="latest", show_default=True, help="`latest`, or a run's id")
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write"
)
@with_appcontext
def export_themes(slug: str, run_ref: str, out: Path | None) -> None:
    """Write a run's themes as CSV (theme, status, finding_id, text, participant)."""
    discovery = _discovery(slug)
    latest = runs.latest_run(discovery)
    if run_ref == "latest":
        run = latest
        if run is None:
            raise click.ClickException(
                "This discovery has no theme runs yet. Run `flask --app discovery cluster` first"
            )
    else:
        try:
            run = db.session.get(ClusterRun, uuid.UUID(run_ref))
        except ValueError:
            raise click.BadParameter("Give `latest` or a run's id", param_hint="--run") from None
        if run is None or run.discovery_id != discovery.id:
            raise click.ClickException(f"This discovery has no theme run {run_ref}")
    text = export.themes_csv(run, latest=latest is not None and run.id == latest.id)
    if out is None:
        sys.stdout.write(text.removeprefix("\ufeff"))
        return
    out.write_text(text, encoding="utf-8", newline="")
    click.echo(f"Wrote {text.count(chr(10)) - 1} findings to {out}", err=True)
