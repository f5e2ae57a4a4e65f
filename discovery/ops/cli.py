"""`flask --app discovery backup PATH` and `restore PATH` (the work is in discovery.ops.backup)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from discovery.core import audit
from discovery.extensions import db
from discovery.ops import backup as ops
from research_notes.messages import translate

PERSONAL_DATA = _l(
    "Both files hold personal data about research participants and were created readable by "
    "their owner only (mode 0600). Keep them encrypted, off this server, and no longer than the "
    "research data itself"
)


def _where() -> str:
    return db.engine.url.render_as_string(hide_password=True)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the whole database to PATH (safe while the app is serving), with PATH.manifest.json."""
    try:
        outcome = ops.take_backup(db.engine, db.metadata, path)
    except ops.BackupError as error:
        raise click.ClickException(error.explained(translate)) from None
    audit.record("database_backup", None, file=outcome.path.name, tables=outcome.tables, rows=outcome.rows)
    db.session.commit()
    manifest = outcome.manifest
    click.echo(
        _(
            "Backed up %(tables)d tables (%(rows)s rows) of the %(database)s database at schema "
            "revision %(revision)s to %(path)s (%(bytes)s bytes).",
            tables=outcome.tables,
            rows=format(outcome.rows, ","),
            database=manifest["database"],
            revision=manifest["alembic_revision"] or _("unknown"),
            path=outcome.path,
            bytes=format(manifest["file"]["bytes"], ","),
        )
    )
    click.echo(_("Manifest with row counts and checksums: %(path)s", path=outcome.manifest_path))
    click.echo(f"{PERSONAL_DATA}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
@with_appcontext
def restore(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup at PATH, after checking it.

    Stop the web app and the workers first. The backup is checked against its manifest before
    anything is touched; afterwards every table's rows and checksum are compared with it.
    """
    path = path.expanduser().absolute()
    try:
        manifest = ops.read_manifest(path)
        ops.verify_backup(path, manifest, db.engine, db.metadata)
    except ops.BackupError as error:
        raise click.ClickException(error.explained(translate)) from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(
        _(
            "The backup is intact: %(tables)d tables, %(rows)s rows, taken %(taken)s by discovery "
            "%(version)s (schema revision %(revision)s).",
            tables=len(manifest["tables"]),
            rows=format(rows, ","),
            taken=manifest["created_at"],
            version=manifest.get("app_version", "?"),
            revision=manifest.get("alembic_revision") or _("unknown"),
        )
    )
    if not yes:
        click.confirm(
            _(
                "This replaces everything in the database %(where)s with the backup. Continue?",
                where=_where(),
            ),
            abort=True,
        )
    db.session.remove()
    try:
        outcome = ops.restore_backup(db.engine, db.metadata, path, manifest)
    except ops.BackupError as error:
        raise click.ClickException(error.explained(translate)) from None
    if outcome.mismatches:
        click.echo(_("After restoring, these tables do not match the backup:"), err=True)
        for line in outcome.mismatches:
            click.echo(f"  {translate(line)}", err=True)
        raise click.exceptions.Exit(1)
    audit.record("database_restored", None, file=path.name, taken_at=manifest["created_at"])
    db.session.commit()
    click.echo(
        _(
            "Restored %(tables)d tables (%(rows)s rows); every row count and checksum matches.",
            tables=outcome.tables,
            rows=format(outcome.rows, ","),
        )
    )
    click.echo(
        _(
            "If this version of discovery is newer than the backup, run: %(command)s",
            command="flask --app discovery db upgrade",
        )
    )
