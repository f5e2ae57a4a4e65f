"""`flask --app discovery export-project --discovery SLUG --out FILE.qdpx` and
`flask --app discovery import-project FILE.qdpx --discovery SLUG`: REFI-QDA projects.

Councils script these, so the names and options are fixed. Both print one line on success and
exit 1 with the reason otherwise; an import is one transaction, so a bad file saves nothing.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from discovery.extensions import db
from research_notes import imported_files
from research_notes.cli_support import discovery_or_fail, plural, read_upload, upload_limit
from research_notes.exchange import services
from research_notes.exchange.qdpx import ProjectFileError


def register_cli(app: Flask) -> None:
    app.cli.add_command(export_project)
    app.cli.add_command(import_project)


@click.command("export-project")
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .qdpx file to write",
)
@with_appcontext
def export_project(slug: str, out: Path) -> None:
    """Write the discovery as a REFI-QDA project (.qdpx) for QualCoder, NVivo, ATLAS.ti or MAXQDA."""
    discovery = discovery_or_fail(slug)
    result = services.export_project(discovery)
    try:
        out.write_bytes(result.data)
    except OSError as error:
        db.session.rollback()
        raise click.ClickException(
            _("%(file)s: the file could not be written (%(reason)s)", file=out, reason=error.strerror)
        ) from None
    db.session.commit()
    counts = {
        "notes": plural(result.notes, "note"),
        "findings": plural(result.findings, "finding"),
        "tags": plural(result.tags, "tag"),
        "participants": plural(result.participants, "participant"),
    }
    if result.notes_left_out:
        line = _(
            "exported %(title)s to %(path)s (%(notes)s, %(findings)s, %(tags)s, %(participants)s; "
            "%(left_out)s left out because consent does not allow it)",
            title=discovery.title,
            path=out,
            left_out=plural(result.notes_left_out, "note"),
            **counts,
        )
    else:
        line = _(
            "exported %(title)s to %(path)s (%(notes)s, %(findings)s, %(tags)s, %(participants)s)",
            title=discovery.title,
            path=out,
            **counts,
        )
    click.echo(line)


@click.command("import-project")
@click.argument("path", metavar="FILE.qdpx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@with_appcontext
def import_project(path: Path, slug: str) -> None:
    """Import a REFI-QDA project (.qdpx) into the discovery: all of it, or nothing."""
    discovery = discovery_or_fail(slug)
    max_bytes = upload_limit()
    data = read_upload(path)
    try:
        summary, _import_id = services.import_project(
            discovery, data, filename=path.name, actor=None, max_bytes=max_bytes
        )
    except ProjectFileError as error:
        db.session.rollback()
        raise click.ClickException(
            _("%(file)s: %(problem)s. Nothing was imported", file=path.name, problem=error.message)
        ) from None
    except imported_files.FileAlreadyImportedError as already:
        db.session.rollback()
        with force_locale("en"):
            said = imported_files.already_imported_message(already.record)
        click.echo(_("%(file)s: %(problem)s. Nothing was imported", file=path.name, problem=said))
        return  # the discovery already has it: nothing to do, not a failure
    db.session.commit()
    click.echo(
        _(
            "imported %(file)s into %(title)s (%(notes)s, %(findings)s, %(tags)s created, "
            "%(participants)s created, %(linked)d linked)",
            file=path.name,
            title=discovery.title,
            notes=plural(summary.notes, "note"),
            findings=plural(summary.findings, "finding"),
            tags=plural(len(summary.tags_created), "tag"),
            participants=plural(len(summary.participants_created), "participant"),
            linked=len(summary.participants_linked),
        )
    )
