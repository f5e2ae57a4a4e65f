"""`flask --app discovery import-notes PATH... --discovery SLUG`: bulk transcript import.

Non-interactive, so it decides what the review screen would ask: speakers whose label is a
pseudonym are mapped, a speaker named as the ``--researcher`` is saved under their name (as a
team member), one called "Interviewer" or the like is saved as "Researcher", ``--participant``
names the one other speaker, and emails, phone numbers, postcodes, NHS and National Insurance numbers, dates
of birth and street addresses are replaced unless ``--keep-personal-data`` is given. Each file
is its own transaction: one bad file is reported and skipped, the rest are saved.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from discovery.core import services as core_services
from discovery.core.vocab import LANGUAGES, METHODS
from discovery.extensions import db
from research_notes.importers import TranscriptError, parse_transcript
from research_notes.messages import translate_error
from research_notes.models import Participant
from research_notes.notes import services


def register_cli(app: Flask) -> None:
    app.cli.add_command(import_notes)


class FileSkipped(Exception):
    """A file could not be imported; the message says why, in the words of the web form."""


@click.command("import-notes")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option(
    "--participant", "pseudonym", default=None, help="Pseudonym of the one participant speaking, e.g. P01"
)
@click.option("--method", type=click.Choice(list(METHODS)), default="interview", show_default=True)
@click.option("--language", type=click.Choice(list(LANGUAGES)), default="en", show_default=True)
@click.option("--researcher", "researcher_email", default=None, help="Email address of the researcher")
@click.option("--keep-personal-data", is_flag=True, help="Do not replace emails, phone numbers, postcodes…")
@with_appcontext
def import_notes(
    paths: tuple[Path, ...],
    slug: str,
    pseudonym: str | None,
    method: str,
    language: str,
    researcher_email: str | None,
    keep_personal_data: bool,
) -> None:
    """Import transcripts and notes files as research notes, one note per file."""
    discovery = core_services.discovery_by_slug(slug)
    if discovery is None:
        raise click.ClickException(_("There is no discovery with the slug %(slug)s", slug=slug))
    participant = None
    if pseudonym:
        participant = services.participant_by_pseudonym(discovery, pseudonym)
        if participant is None:
            raise click.ClickException(
                _(
                    "There is no participant %(pseudonym)s in %(title)s",
                    pseudonym=pseudonym,
                    title=discovery.title,
                )
            )
    researcher = None
    if researcher_email:
        researcher = core_services.user_by_email(researcher_email)
        if researcher is None:
            raise click.ClickException(_("There is no user with the email %(email)s", email=researcher_email))
    max_bytes = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024

    failures = 0
    for path in paths:
        try:
            line = _import_one(
                discovery,
                path,
                participant=participant,
                method=method,
                language=language,
                researcher=researcher,
                redact=not keep_personal_data,
                max_bytes=max_bytes,
            )
        except FileSkipped as error:
            db.session.rollback()
            failures += 1
            click.echo(_("skipped %(file)s: %(reason)s", file=path.name, reason=error))
        else:
            db.session.commit()
            click.echo(line)
    if failures:
        raise SystemExit(1)


def _import_one(
    discovery, path: Path, *, participant, method, language, researcher, redact, max_bytes
) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileSkipped(_("The file does not exist")) from None
    except OSError as error:
        raise FileSkipped(_("The file could not be read (%(reason)s)", reason=error.strerror)) from None
    sha256 = services.content_hash(data)
    earlier = services.note_from_file(discovery, sha256)
    if earlier is not None:  # the discovery already has it: nothing to do, not a failure
        return _(
            "%(file)s: %(problem)s. Nothing was imported",
            file=path.name,
            problem=services.already_imported_message(earlier),
        )
    try:
        parsed = parse_transcript(data, path.name, max_bytes=max_bytes)
    except TranscriptError as error:
        raise FileSkipped(translate_error(error)) from None

    people = services.participants_for(discovery)
    speakers = {}
    for label in parsed.speakers:
        choice = services.default_speaker_choice(label, people, [researcher] if researcher else [])
        if choice == services.RESEARCHER_CHOICE:
            speakers[label] = services.RESEARCHER_CHOICE
        elif choice and choice.startswith(services.TEAM_MEMBER_PREFIX):
            speakers[label] = researcher
        elif choice:
            speakers[label] = next(p for p in people if str(p.id) == choice)
    unmapped = [label for label in parsed.speakers if label not in speakers]
    if participant is not None and unmapped:
        if len(unmapped) > 1:
            raise FileSkipped(
                _(
                    "--participant %(pseudonym)s needs one speaker who is not the researcher, "
                    "but the file has %(count)d: %(speakers)s",
                    pseudonym=participant.pseudonym,
                    count=len(unmapped),
                    speakers=", ".join(unmapped),
                )
            )
        speakers[unmapped[0]] = participant

    found = services.personal_data_in(parsed)
    replace = {item.id for item in found if redact and item.span.kind in services.AUTOMATIC_KINDS}
    codes = services.speaker_codes(speakers)
    title = services.replace_speaker_names(
        parsed.title_suggestion or services.title_from_filename(path.name), codes
    )[:200]
    mapped = [p for p in speakers.values() if isinstance(p, Participant)]
    if participant is not None and participant not in mapped:
        mapped.append(participant)
    choices = services.ImportChoices(
        speakers=speakers,
        replace=replace,
        title=title,
        method=method,
        language=language,
        participants=mapped,
        researcher=researcher,
    )
    result = services.complete_import(
        discovery, parsed, choices, filename=path.name, actor=researcher, found=found, source_sha256=sha256
    )
    details = [parsed.format]
    if parsed.encoding:
        details.append(parsed.encoding)
    count = len(result.note.utterances)
    details.append(ngettext("%(num)d utterance", "%(num)d utterances", count))
    details.append(
        ngettext(
            "%(num)d item of personal data replaced",
            "%(num)d items of personal data replaced",
            result.replaced,
        )
    )
    return _(
        "imported %(file)s as '%(title)s' (%(details)s)",
        file=path.name,
        title=result.note.title,
        details=", ".join(details),
    )
