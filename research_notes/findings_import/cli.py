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

from discovery.extensions import db
from research_notes.cli_support import discovery_or_fail, plural, read_upload, upload_limit
from research_notes.finding_vectors import store as vector_store
from research_notes.finding_vectors import tasks as vector_tasks
from research_notes.findings_import import services
from research_notes.importers import TranscriptError
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
        raise click.ClickException(f"{path.name}: {services.translate_error(error)}") from None

    checked = services.review_rows(discovery, sheet)
    problems = services.blocking_problems(checked, create_tags=create_tags)
    if problems:
        for problem in problems[:MAX_PRINTED_PROBLEMS]:
            click.echo(services.translate(problem), err=True)
        more = checked.more_problems + max(0, len(problems) - MAX_PRINTED_PROBLEMS)
        if more:
            click.echo(f"and {plural(more, 'more problem')}", err=True)
        if checked.missing_tags and not create_tags:
            click.echo(
                "To add the missing tags to the codebook, run the command again with --create-tags", err=True
            )
        raise click.ClickException(
            f"{path.name}: nothing was imported. Correct the rows and run the command again"
        )

    found = services.personal_data_in(sheet)
    digest = services.spreadsheet_digest(data)
    _print_review(path, discovery, sheet, checked, found, digest=digest, create_tags=create_tags)
    if not yes:
        click.confirm(f"Import {plural(len(checked.rows), 'finding')} into ‘{discovery.title}’?", abort=True)

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
            click.echo(services.translate(problem), err=True)
        raise click.ClickException(f"{path.name}: nothing was imported") from None
    db.session.commit()
    click.echo(
        f"Imported {plural(result.findings, 'finding')} from {path.name} as the note ‘{result.note.title}’ "
        f"({plural(len(result.tags_created), 'tag')} created, "
        f"{plural(result.replaced, 'item')} of personal data replaced)"
    )
    _read_meaning(discovery)


def _read_meaning(discovery) -> None:
    """Read the new findings' meaning now, printing progress, so themes can use it at once.

    With an RQ worker the reading is queued for it instead; the command does not wait.
    """
    if current_app.config.get("REDIS_URL"):
        job = vector_tasks.queue(discovery, always=True)
        db.session.commit()
        click.echo(f"A worker is reading the meaning of the findings (job {job.id}).")
        return
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        step = done * 10 // max(total, 1)
        if step != shown:
            shown = step
            click.echo(f"  Reading the meaning of each finding: {done:,} of {total:,}")

    read = vector_store.ensure_all(discovery, progress=progress)
    click.echo(f"Read the meaning of {plural(read, 'finding')}.")


def _print_review(path, discovery, sheet, checked, found, *, digest: str, create_tags: bool) -> None:
    if sheet.format == "csv" and sheet.delimiter:
        separator = {",": "commas", ";": "semicolons", "\t": "tabs"}[sheet.delimiter]
        read_as = f"CSV, {sheet.encoding}, columns separated by {separator}"
    elif sheet.format == "csv":
        read_as = f"CSV, {sheet.encoding}, one column"
    else:
        read_as = f"Excel workbook, worksheet ‘{sheet.sheet or 'first'}’"
    click.echo(f"{path.name} ({read_as}) into ‘{discovery.title}’")
    click.echo(f"  Findings: {len(checked.rows)}")
    if sheet.skipped:
        rows = ", ".join(str(n) for n in sheet.skipped[:20]) + ("…" if len(sheet.skipped) > 20 else "")
        click.echo(f"  Rows with no text, not imported: {rows}")
    pseudonyms = ", ".join(p.pseudonym for p in checked.participants) or "none"
    click.echo(f"  Participants ({len(checked.participants)}): {pseudonyms}")
    tags = "; ".join(checked.tag_paths) or "none"
    click.echo(f"  Tags ({len(checked.tag_paths)}): {tags}")
    if checked.missing_tags and create_tags:
        missing = "; ".join(t.path for t in checked.missing_tags)
        click.echo(f"  Tags to create ({len(checked.missing_tags)}): {missing}")
    for warning in sheet.warnings:
        click.echo(f"  Check: {services.translate(warning)}")
    for earlier in services.previous_imports(discovery, digest):
        where = f" as the note ‘{earlier.note.title}’" if earlier.note else ""
        when = f"{earlier.occurred_at:%d %B %Y}"
        click.echo(f"  Warning: a file with exactly the same contents was imported on {when}{where}")
    if found:
        click.echo(f"  Personal data found, to be replaced ({len(found)}):")
        for item in found:
            row = checked.rows[item.utterance].row.number
            click.echo(f"    Row {row}: {KIND_NAMES[item.kind]} “{item.span.text}” → [{item.kind}]")
    else:
        click.echo(
            "  Personal data found: none (nothing can find everything: read the findings before sharing them)"
        )
