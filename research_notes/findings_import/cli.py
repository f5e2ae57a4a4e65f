"""`flask --app discovery import-findings FILE --discovery SLUG [--yes]`: findings from a spreadsheet.

The command does what the review page does when nothing on it is changed: it prints what it
read (rows, participants, tags) and the personal data it found, which will be replaced, then
asks before importing unless ``--yes`` is given. Any row error — or, without
``--create-tags``, a tag the codebook lacks — is printed with its row number, nothing is saved
and the exit code is 1. Everything is saved in one transaction.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from discovery.extensions import db
from research_notes.cli_support import discovery_or_fail, plural, read_upload, upload_limit
from research_notes.finding_vectors import store as vector_store
from research_notes.finding_vectors import tasks as vector_tasks
from research_notes.findings_import import services
from research_notes.importers import TranscriptError
from research_notes.messages import translate, translate_error
from research_notes.notes import services as notes_services

MAX_PRINTED_PROBLEMS = 100
KIND_NAMES = {
    "EMAIL": "email address",
    "PHONE": "phone number",
    "POSTCODE": "postcode",
    "NHS_NUMBER": "NHS number",
    "NI_NUMBER": "National Insurance number",
    "DATE_OF_BIRTH": "date of birth",
    "ADDRESS": "street address",
    "NAME": "name",
}


def register_cli(app: Flask) -> None:
    app.cli.add_command(import_findings)


@click.command("import-findings")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option("--yes", is_flag=True, help="Import without asking, once the review has been printed")
@click.option(
    "--create-tags", is_flag=True, help="Add tags the codebook does not have yet, instead of refusing them"
)
@with_appcontext
def import_findings(path: Path, slug: str, yes: bool, create_tags: bool) -> None:
    """Import findings from a CSV file or Excel workbook (.xlsx), one finding per row.

    Needs a `text` column; `participant` (a pseudonym), `tags` (paths separated by
    semicolons, levels by >), `kind`, `journey_stage` and `source` are optional.
    """
    with force_locale("en"):
        _import(path, slug, yes=yes, create_tags=create_tags)


def _import(path: Path, slug: str, *, yes: bool, create_tags: bool) -> None:
    discovery = discovery_or_fail(slug)
    max_bytes = upload_limit()
    data = read_upload(path)
    try:
        sheet = services.parse_spreadsheet(data, path.name, max_bytes=max_bytes)
    except TranscriptError as error:
        raise click.ClickException(
            _("%(file)s: %(problem)s", file=path.name, problem=translate_error(error))
        ) from None

    checked = services.review_rows(discovery, sheet)
    problems = services.blocking_problems(checked, create_tags=create_tags)
    if problems:
        for problem in problems[:MAX_PRINTED_PROBLEMS]:
            click.echo(translate(problem), err=True)
        more = checked.more_problems + max(0, len(problems) - MAX_PRINTED_PROBLEMS)
        if more:
            click.echo(_("and %(more)s", more=plural(more, "more problem")), err=True)
        if checked.missing_tags and not create_tags:
            click.echo(
                _("To add the missing tags to the codebook, run the command again with --create-tags"),
                err=True,
            )
        raise click.ClickException(
            _("%(file)s: nothing was imported. Correct the rows and run the command again", file=path.name)
        )

    found = services.personal_data_in(sheet)
    digest = services.spreadsheet_digest(data)
    _print_review(path, discovery, sheet, checked, found, digest=digest, create_tags=create_tags)
    if not yes:
        click.confirm(
            _(
                "Import %(findings)s into ‘%(title)s’?",
                findings=plural(len(checked.rows), "finding"),
                title=discovery.title,
            ),
            abort=True,
        )

    choices = services.ImportChoices(
        title=notes_services.title_from_filename(path.name),
        replace={item.id for item in found},
        create_tags=create_tags,
    )
    try:
        with vector_tasks.inline():  # read below, where this command can show how far it has got
            result = services.complete_import(
                discovery,
                sheet,
                choices,
                filename=path.name,
                actor=None,
                found=found,
                digest=digest,
            )
    except services.RowProblemsError as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(translate(problem), err=True)
        raise click.ClickException(_("%(file)s: nothing was imported", file=path.name)) from None
    db.session.commit()
    click.echo(
        _(
            "Imported %(findings)s from %(file)s as the note ‘%(title)s’ "
            "(%(tags)s created, %(items)s of personal data replaced)",
            findings=plural(result.findings, "finding"),
            file=path.name,
            title=result.note.title,
            tags=plural(len(result.tags_created), "tag"),
            items=plural(result.replaced, "item"),
        )
    )
    _read_meaning(discovery)


def _read_meaning(discovery) -> None:
    """Read the new findings' meaning now, printing progress, so themes can use it at once.

    With an RQ worker the reading is queued for it instead; the command does not wait.
    """
    if current_app.config.get("REDIS_URL"):
        job = vector_tasks.queue(discovery, always=True)
        db.session.commit()
        click.echo(_("A worker is reading the meaning of the findings (job %(job)s).", job=job.id))
        return
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        step = done * 10 // max(total, 1)
        if step != shown:
            shown = step
            click.echo(
                "  "
                + _(
                    "Reading the meaning of each finding: %(done)s of %(total)s",
                    done=format(done, ","),
                    total=format(total, ","),
                )
            )

    read = vector_store.ensure_all(discovery, progress=progress)
    click.echo(_("Read the meaning of %(findings)s.", findings=plural(read, "finding")))


def _print_review(path, discovery, sheet, checked, found, *, digest: str, create_tags: bool) -> None:
    if sheet.format == "csv" and sheet.delimiter:
        read_as = {
            ",": _("CSV, %(encoding)s, columns separated by commas", encoding=sheet.encoding),
            ";": _("CSV, %(encoding)s, columns separated by semicolons", encoding=sheet.encoding),
            "\t": _("CSV, %(encoding)s, columns separated by tabs", encoding=sheet.encoding),
        }[sheet.delimiter]
    elif sheet.format == "csv":
        read_as = _("CSV, %(encoding)s, one column", encoding=sheet.encoding)
    elif sheet.sheet:
        read_as = _("Excel workbook, worksheet ‘%(sheet)s’", sheet=sheet.sheet)
    else:
        read_as = _("Excel workbook, worksheet ‘first’")
    click.echo(
        _("%(file)s (%(read_as)s) into ‘%(title)s’", file=path.name, read_as=read_as, title=discovery.title)
    )
    click.echo("  " + _("Findings: %(count)d", count=len(checked.rows)))
    if sheet.skipped:
        rows = ", ".join(str(n) for n in sheet.skipped[:20]) + ("…" if len(sheet.skipped) > 20 else "")
        click.echo("  " + _("Rows with no text, not imported: %(rows)s", rows=rows))
    pseudonyms = ", ".join(p.pseudonym for p in checked.participants) or _("none")
    click.echo(
        "  " + _("Participants (%(count)d): %(names)s", count=len(checked.participants), names=pseudonyms)
    )
    tags = "; ".join(checked.tag_paths) or _("none")
    click.echo("  " + _("Tags (%(count)d): %(tags)s", count=len(checked.tag_paths), tags=tags))
    if checked.missing_tags and create_tags:
        missing = "; ".join(t.path for t in checked.missing_tags)
        click.echo(
            "  " + _("Tags to create (%(count)d): %(tags)s", count=len(checked.missing_tags), tags=missing)
        )
    for warning in sheet.warnings:
        click.echo("  " + _("Check: %(warning)s", warning=translate(warning)))
    for earlier in services.previous_imports(discovery, digest):
        when = f"{earlier.occurred_at:%d %B %Y}"
        said = (
            _(
                "Warning: a file with exactly the same contents was imported on %(when)s "
                "as the note ‘%(title)s’",
                when=when,
                title=earlier.note.title,
            )
            if earlier.note
            else _("Warning: a file with exactly the same contents was imported on %(when)s", when=when)
        )
        click.echo("  " + said)
    if found:
        click.echo("  " + _("Personal data found, to be replaced (%(count)d):", count=len(found)))
        for item in found:
            row = checked.rows[item.utterance].row.number
            click.echo(
                "    "
                + _(
                    "Row %(row)d: %(kind)s “%(text)s” → [%(key)s]",
                    row=row,
                    kind=KIND_NAMES[item.kind],
                    text=item.span.text,
                    key=item.kind,
                )
            )
    else:
        click.echo(
            "  "
            + _(
                "Personal data found: none "
                "(nothing can find everything: read the findings before sharing them)"
            )
        )
