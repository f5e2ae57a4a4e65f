"""`flask --app discovery purge-expired [--dry-run]`: erase participants whose retention has ended.

Run it daily from cron where there is no Redis; with Redis a worker runs it on RQ's scheduler
(``research_notes.participants.retention_schedule``). It exits 0 when it has done what it
could; a participant it could not erase (a shared plain note needs editing) is listed, and
tried again on the next run.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from discovery.extensions import db
from research_notes.participants import retention


def register_cli(app: Flask) -> None:
    app.cli.add_command(purge_expired)


def _lines(dues: list[retention.Due]) -> list[str]:
    return [f"  {d.pseudonym}  {d.discovery}  retain until {d.retain_until.isoformat()}" for d in dues]


@click.command("purge-expired")
@click.option("--dry-run", is_flag=True, help="List what would be erased, and change nothing")
@with_appcontext
def purge_expired(dry_run: bool) -> None:
    """Erase participants whose retention date has passed, as consent withdrawal does.

    Also deletes transcript uploads left waiting for review longer than 24 hours.
    """
    try:
        report = retention.purge_expired(dry_run=dry_run, commit=None if dry_run else db.session.commit)
    finally:
        if dry_run:
            db.session.rollback()
    counts = report.counts()
    if dry_run:
        click.echo(_("Dry run: nothing was changed."))
        click.echo(
            _(
                "Would erase %(count)d participant(s) whose retention period has ended:",
                count=counts["purged"],
            )
        )
    else:
        click.echo(
            _("Erased %(count)d participant(s) whose retention period has ended:", count=counts["purged"])
        )
    for line in _lines(report.purged):
        click.echo(line)
    if report.blocked:
        click.echo(
            _(
                "Could not erase %(count)d participant(s): a note they share with others "
                "must be edited first (see the participant's withdrawal page):",
                count=counts["blocked"],
            )
        )
        for line in _lines(report.blocked):
            click.echo(line)
    uploads = counts["pending_imports"]
    click.echo(
        _("Would delete %(count)d upload(s) left waiting for review over 24 hours.", count=uploads)
        if dry_run
        else _("Deleted %(count)d upload(s) left waiting for review over 24 hours.", count=uploads)
    )
    click.echo(
        _(
            "%(count)d participant(s) will be erased in the next %(days)d days:",
            count=counts["upcoming"],
            days=retention.notice_days(),
        )
    )
    for line in _lines(report.upcoming):
        click.echo(line)
