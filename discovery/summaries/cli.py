"""`flask --app discovery export-summary`: the same files as the export page, for scripts.

A board paper is usually made from a published version, so that is the default: the latest
one, or ``--version N``. ``--draft`` exports the live draft instead. Every export is audited
("via command line"), as the page's are.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from discovery.core import services as core_services
from discovery.extensions import db
from discovery.summaries import content as c
from discovery.summaries import services, tasks


def register_cli(app: Flask) -> None:
    app.cli.add_command(export_summary)


@click.command("export-summary")
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option("--format", "file_format", type=click.Choice(list(tasks.FORMATS)), required=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option(
    "--authority",
    "authority_code",
    default=None,
    help="An authority's code: only its participants",
)
@click.option("--version", "version_number", type=click.IntRange(1), default=None, help="A published version")
@click.option("--draft", is_flag=True, help="Export the live draft, not a published version")
@click.option("--language", "lang", type=click.Choice(list(c.LANGUAGES)), default="en", show_default=True)
@with_appcontext
def export_summary(
    slug: str,
    file_format: str,
    out: Path,
    authority_code: str | None,
    version_number: int | None,
    draft: bool,
    lang: str,
) -> None:
    """Write a discovery's summary as PDF, Word, Markdown or an offline HTML file."""
    discovery = core_services.discovery_by_slug(slug)
    if discovery is None:
        raise click.ClickException(_("There is no discovery with the slug %(slug)s", slug=slug))
    if draft and version_number is not None:
        raise click.UsageError(_("Give --version or --draft, not both"))
    codes = [a.code for a in services.reported_authorities(discovery)]
    if authority_code and authority_code not in codes:
        raise click.BadParameter(
            _(
                "%(code)s does not take part in this discovery. Choose one of: %(codes)s",
                code=authority_code,
                codes=", ".join(codes) or _("none"),
            ),
            param_hint="--authority",
        )
    if not draft and version_number is None:
        latest = services.latest_version(discovery)
        if latest is None:
            raise click.ClickException(
                _("No version of this summary has been published yet. Publish one, or pass --draft")
            )
        version_number = latest.number
    try:
        document = services.document_for(
            discovery, version_number=version_number, authority_code=authority_code
        )
    except NotFound:
        raise click.ClickException(
            _("This discovery has no published version %(number)d", number=version_number)
        ) from None
    with force_locale(lang):
        data, _name = tasks.render(document, file_format, lang)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise click.ClickException(
            _("Could not write %(path)s: %(reason)s", path=out, reason=error.strerror)
        ) from None
    services.record_export(
        discovery,
        file_format=file_format,
        lang=lang,
        version_number=version_number,
        authority_code=authority_code,
        actor=None,
        via="command line",
    )
    db.session.commit()
    size = f"{len(data):,}"
    if version_number is None:
        said = _(
            "Wrote the draft of the summary (%(format)s, %(size)s bytes) to %(path)s",
            format=file_format,
            size=size,
            path=out,
        )
    else:
        said = _(
            "Wrote version %(number)d of the summary (%(format)s, %(size)s bytes) to %(path)s",
            number=version_number,
            format=file_format,
            size=size,
            path=out,
        )
    click.echo(said)
