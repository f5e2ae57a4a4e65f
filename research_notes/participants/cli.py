"""Commands for requests that arrive by letter or email: subject access and consent withdrawal.

``participant-export`` writes everything held about a participant as JSON;
``withdraw-consent`` does exactly what the withdrawal page does (the same service), printing
the same preview first. The command has no signed-in user, so ``--by`` names the member of
staff who recorded the withdrawal: the audit log must say who did it.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from discovery.core import services as core_services
from discovery.core.models import Discovery
from discovery.core.permissions import can
from discovery.extensions import db
from research_notes.participants import services
from research_notes.participants.references import citations
from research_notes.participants.subject_access import subject_access_record


def register_cli(app: Flask) -> None:
    app.cli.add_command(participant_export)
    app.cli.add_command(withdraw_consent)


def _discovery(slug: str) -> Discovery:
    discovery = core_services.discovery_by_slug(slug)
    if discovery is not None:
        return discovery
    slugs = list(db.session.scalars(select(Discovery.slug).order_by(Discovery.slug)))
    near = difflib.get_close_matches(slug, slugs, n=3, cutoff=0.5)
    hint = " " + _("Did you mean: %(names)s?", names=", ".join(near)) if near else ""
    if not near and slugs:
        listed = ", ".join(slugs[:20]) + (" …" if len(slugs) > 20 else "")
        hint = " " + _("The discoveries are: %(names)s", names=listed)
    raise click.ClickException(_("There is no discovery with the slug %(slug)r.", slug=slug) + hint)


def _participant(discovery: Discovery, pseudonym: str):
    participant = services.participant_by_pseudonym(discovery, pseudonym)
    if participant is not None:
        return participant
    pseudonyms = services.pseudonyms_in(discovery)
    near = difflib.get_close_matches(pseudonym.upper(), [p.upper() for p in pseudonyms], n=3, cutoff=0.5)
    if near:
        hint = _("Did you mean: %(names)s?", names=", ".join(near))
    elif pseudonyms:
        listed = ", ".join(pseudonyms[:30]) + (" …" if len(pseudonyms) > 30 else "")
        hint = _("Its participants are: %(names)s", names=listed)
    else:
        hint = _("It has no participants yet.")
    raise click.ClickException(
        _("There is no participant %(pseudonym)r in %(title)s.", pseudonym=pseudonym, title=discovery.title)
        + " "
        + hint
    )


@click.command("participant-export")
@click.argument("pseudonym")
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)"
)
@click.option("--by", "actor_email", default=None, help="Email of the member of staff answering the request")
@with_appcontext
def participant_export(pseudonym: str, slug: str, output: Path | None, actor_email: str | None) -> None:
    """Write everything held about a participant as JSON (a subject-access request)."""
    discovery = _discovery(slug)
    participant = _participant(discovery, pseudonym)
    actor = _user(actor_email) if actor_email else None
    record = subject_access_record(participant, actor)
    text = json.dumps(record, indent=2, ensure_ascii=False, default=str)
    db.session.commit()
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        output.chmod(0o600)  # personal data: readable by its owner only
        click.echo(
            _(
                "Wrote everything held about %(pseudonym)s to %(path)s",
                pseudonym=participant.pseudonym,
                path=output,
            ),
            err=True,
        )


def _user(email: str):
    user = core_services.user_by_email(email)
    if user is None:
        raise click.ClickException(_("There is no user with the email %(email)s", email=email))
    return user


def preview_lines(plan) -> list[str]:
    """The withdrawal preview as text, in the page's order."""
    lines = [_("Withdrawing consent for %(pseudonym)s erases:", pseudonym=plan.participant.pseudonym)]
    lines.append("  " + _("Notes that are only theirs: %(count)d", count=len(plan.whole_notes)))
    lines += [f"    - {note.title}" for note in plan.whole_notes]
    lines.append(
        "  " + _("Their turns in group notes: %(count)d", count=sum(g.turns for g in plan.group_notes))
    )
    for group in plan.group_notes:
        shared = _(
            "%(count)d in %(title)s (shared with %(others)s)",
            count=group.turns,
            title=group.note.title,
            others=", ".join(group.others),
        )
        lines.append(f"    - {shared}")
    lines.append("  " + _("Findings: %(count)d", count=plan.findings))
    lines.append("  " + _("Tag links: %(count)d", count=plan.tag_links))
    cited = citations(plan.citations)
    lines.append(
        "  " + _("Citations of their findings: %(cited)s", cited=", ".join(cited) if cited else _("none"))
    )
    lines.append("  " + _("Search index entries: %(count)d", count=plan.search_index_rows))
    lines.append(
        "  " + _("Uploads waiting for review that name them: %(count)d", count=len(plan.pending_imports))
    )
    lines += [f"    - {p.filename}" for p in plan.pending_imports]
    identity = _("recorded") if plan.has_identity else _("none recorded")
    lines.append("  " + _("Real name and contact details: %(identity)s", identity=identity))
    lines.append(
        "  " + _("Their details: segment, authority, age band, digital confidence, preferred language,")
    )
    lines.append("    " + _("access needs, notes about them, consent record and retention date"))
    lines.append("  " + _("Stored exports: none are stored (exports are made when downloaded)"))
    pseudonym = plan.participant.pseudonym
    lines.append(
        _("Kept: the pseudonym %(pseudonym)s, the date, the reason and who recorded it.", pseudonym=pseudonym)
    )
    return lines


@click.command("withdraw-consent")
@click.argument("pseudonym")
@click.option("--discovery", "slug", required=True, help="The discovery's slug, as in its URL")
@click.option("--reason", required=True, help="Why, e.g. 'Asked by letter dated 3 November'")
@click.option("--by", "actor_email", required=True, help="Email of the member of staff recording it")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
@with_appcontext
def withdraw_consent(pseudonym: str, slug: str, reason: str, actor_email: str, yes: bool) -> None:
    """Withdraw a participant's consent and erase their data, as the withdrawal page does."""
    discovery = _discovery(slug)
    participant = _participant(discovery, pseudonym)
    actor = _user(actor_email)
    if not can(actor, "manage_participants", discovery):
        raise click.ClickException(
            _("%(email)s cannot manage participants in %(title)s", email=actor_email, title=discovery.title)
        )
    if participant.has_withdrawn and not services.needs_erasure(participant):
        raise click.ClickException(
            _("%(pseudonym)s has already withdrawn consent: nothing to do", pseudonym=participant.pseudonym)
        )
    if not reason.strip():
        raise click.ClickException(_("Enter the reason for withdrawing consent (--reason)"))
    plan = services.withdrawal_preview(participant)
    for line in preview_lines(plan):
        click.echo(line)
    if plan.blocked:
        click.echo(
            _(
                "These notes are shared and not split into turns. Edit each one to remove what "
                "%(pseudonym)s said, and remove them from its participants, then run this again:",
                pseudonym=participant.pseudonym,
            ),
            err=True,
        )
        for shared in plan.shared_notes:
            click.echo(
                "  - "
                + _(
                    "%(title)s (shared with %(others)s)",
                    title=shared.note.title,
                    others=", ".join(shared.others),
                ),
                err=True,
            )
        sys.exit(1)
    if not yes and not click.confirm(_("This cannot be undone. Withdraw consent and erase their data?")):
        click.echo(_("Nothing was changed."))
        sys.exit(1)
    result = services.withdraw_consent(participant, reason, actor)
    db.session.commit()
    click.echo(
        _(
            "Consent withdrawn for %(pseudonym)s; erased %(count)d findings.",
            pseudonym=participant.pseudonym,
            count=result.counts["findings"],
        )
    )
