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
from flask_babel import gettext as _

from discovery import jobs
from discovery.core import services as core_services
from discovery.core.models import Job
from discovery.core.vocab import GRANULARITIES
from discovery.extensions import db
from discovery.jobs.presenter import translate
from discovery.themes import export, runs
from discovery.themes.models import ClusterRun


def register_cli(app: Flask) -> None:
    app.cli.add_command(cluster)
    app.cli.add_command(export_themes)


def _discovery(slug: str):
    discovery = core_services.discovery_by_slug(slug)
    if discovery is None:
        raise click.ClickException(_("There is no discovery with the slug %(slug)s", slug=slug))
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
            _(
                "A theme run is already going for this discovery (job %(job)s). Wait for it to finish, "
                "or cancel it, then try again. If the process running it was stopped, it is marked "
                "failed within %(seconds)d seconds.",
                job=error.job.id,
                seconds=current_app.config["JOB_STALE_SECONDS"],
            )
        ) from None
    db.session.commit()
    thread_backend = not current_app.config.get("REDIS_URL")
    click.echo(_("Started theme run: job %(job)s", job=job.id))
    if not (wait_for_it or thread_backend):
        click.echo(_("An RQ worker will run it; `--wait` waits for it here."))
        return
    finished = _follow(job.id, timeout)
    if finished.status != "succeeded":
        message = translate(finished.error) if finished.error else finished.status
        raise click.ClickException(
            _("The theme run %(status)s: %(message)s", status=finished.status, message=message)
        )
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
                click.echo(f"  {translate(job.stage)} ({job.percent}%)")
            if time.monotonic() > deadline:
                raise click.ClickException(
                    _(
                        "The theme run did not finish within %(seconds)d seconds; "
                        "it is still going (job %(job)s)",
                        seconds=timeout,
                        job=job_id,
                    )
                ) from None


def _print_run(run: ClusterRun) -> None:
    changes = run.changes or {}
    click.echo(
        _(
            "Run %(run)s: %(findings)d findings, %(themes)d suggested themes, %(unclustered)d unclustered, "
            "%(offered)d suggested additions to accepted themes (%(seconds)s s)",
            run=run.id,
            findings=run.finding_count,
            themes=run.theme_count,
            unclustered=run.quality.get("unclustered", 0),
            offered=sum(s.get("offered", 0) for s in run.themes_snapshot),
            seconds=format(sum(run.timings.values()), ".1f"),
        )
    )
    if not changes.get("first_run"):
        click.echo(
            _(
                "Since the previous run: %(new)d new, %(grown)d grown, %(unchanged)d unchanged",
                new=changes.get("new", 0),
                grown=changes.get("grown", 0),
                unchanged=changes.get("unchanged", 0),
            )
        )
    for entry in sorted(run.themes_snapshot, key=lambda s: (-s["members"], s["label"])):
        counts = (
            _("%(members)d findings, %(offered)d offered", members=entry["members"], offered=entry["offered"])
            if entry.get("offered")
            else _("%(members)d findings", members=entry["members"])
        )
        click.echo(f"  [{entry['status']}] {entry['label']} ({counts})")


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
                _("This discovery has no theme runs yet. Run `flask --app discovery cluster` first")
            )
    else:
        try:
            run = db.session.get(ClusterRun, uuid.UUID(run_ref))
        except ValueError:
            raise click.BadParameter(_("Give `latest` or a run's id"), param_hint="--run") from None
        if run is None or run.discovery_id != discovery.id:
            raise click.ClickException(_("This discovery has no theme run %(run)s", run=run_ref))
    text = export.themes_csv(run, latest=latest is not None and run.id == latest.id)
    if out is None:
        sys.stdout.write(text.removeprefix("\ufeff"))
        return
    out.write_text(text, encoding="utf-8", newline="")
    click.echo(_("Wrote %(count)d findings to %(path)s", count=text.count(chr(10)) - 1, path=out), err=True)
