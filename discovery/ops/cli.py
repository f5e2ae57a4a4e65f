"""`flask --app discovery backup PATH` and `restore PATH` (the work is in discovery.ops.backup)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from discovery.core import audit
from discovery.extensions import db
from discovery.ops import backup as ops

PERSONAL_DATA = (
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
        raise click.ClickException(str(error)) from None
    audit.record("database_backup", None, file=outcome.path.name, tables=outcome.tables, rows=outcome.rows)
    db.session.commit()
    manifest = outcome.manifest
    click.echo(
        f"Backed up {outcome.tables} tables ({outcome.rows:,} rows) of the {manifest['database']} "
        f"database at schema revision {manifest['alembic_revision'] or 'unknown'} to {outcome.path} "
        f"({manifest['file']['bytes']:,} bytes)."
    )
    click.echo(f"Manifest with row counts and checksums: {outcome.manifest_path}")
    click.echo(PERSONAL_DATA + ".")


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
        raise click.ClickException(str(error)) from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(
        f"The backup is intact: {len(manifest['tables'])} tables, {rows:,} rows, taken "
        f"{manifest['created_at']} by discovery {manifest.get('app_version', '?')} "
        f"(schema revision {manifest.get('alembic_revision') or 'unknown'})."
    )
    if not yes:
        click.confirm(
            f"This replaces everything in the database {_where()} with the backup. Continue?",
            abort=True,
        )
    db.session.remove()
    try:
        outcome = ops.restore_backup(db.engine, db.metadata, path, manifest)
    except ops.BackupError as error:
        raise click.ClickException(str(error)) from None
    if outcome.mismatches:
        click.echo("After restoring, these tables do not match the backup:", err=True)
        for line in outcome.mismatches:
            click.echo(f"  {line}", err=True)
        raise click.exceptions.Exit(1)
    audit.record("database_restored", None, file=path.name, taken_at=manifest["created_at"])
    db.session.commit()
    click.echo(
        f"Restored {outcome.tables} tables ({outcome.rows:,} rows); every row count and checksum matches."
    )
    click.echo("If this version of discovery is newer than the backup, run: flask --app discovery db upgrade")
