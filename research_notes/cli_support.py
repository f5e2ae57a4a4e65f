"""What the evidence side's import commands share: finding the discovery, reading the file
within the upload limit, and counting in their one-line reports."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from discovery.core import services as core_services

# How the commands count things, in the catalogue so each language says its own plural.
_COUNTS = {
    "note": lambda n: ngettext("%(num)d note", "%(num)d notes", n),
    "finding": lambda n: ngettext("%(num)d finding", "%(num)d findings", n),
    "tag": lambda n: ngettext("%(num)d tag", "%(num)d tags", n),
    "participant": lambda n: ngettext("%(num)d participant", "%(num)d participants", n),
    "item": lambda n: ngettext("%(num)d item", "%(num)d items", n),
    "more problem": lambda n: ngettext("%(num)d more problem", "%(num)d more problems", n),
}


def plural(count: int, one: str) -> str:
    """``count`` things, e.g. "3 findings": ``one`` names a key of ``_COUNTS``."""
    return _COUNTS[one](count)


def discovery_or_fail(slug: str):
    discovery = core_services.discovery_by_slug(slug)
    if discovery is None:
        raise click.ClickException(_("There is no discovery with the slug %(slug)s", slug=slug))
    return discovery


def upload_limit() -> int:
    return current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024


def read_upload(path: Path) -> bytes:
    """The file's bytes, refused with a clear message when it is over the page's upload limit,
    missing or unreadable, so a script gets the same answer a person would."""
    try:
        if path.stat().st_size > upload_limit():
            raise click.ClickException(
                _(
                    "%(file)s: the file must be smaller than %(size)dMB",
                    file=path.name,
                    size=current_app.config["MAX_UPLOAD_MB"],
                )
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise click.ClickException(_("%(file)s: the file does not exist", file=path)) from None
    except OSError as error:
        raise click.ClickException(
            _("%(file)s: the file could not be read (%(reason)s)", file=path, reason=error.strerror)
        ) from None
