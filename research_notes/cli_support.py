"""What the evidence side's import commands share: finding the discovery, reading the file
within the upload limit, and counting in their one-line reports."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from discovery.core import services as core_services


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def discovery_or_fail(slug: str):
    discovery = core_services.discovery_by_slug(slug)
    if discovery is None:
        raise click.ClickException(f"There is no discovery with the slug {slug}")
    return discovery


def upload_limit() -> int:
    return current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024


def read_upload(path: Path) -> bytes:
    """The file's bytes, refused with a clear message when it is over the page's upload limit,
    missing or unreadable, so a script gets the same answer a person would."""
    try:
        if path.stat().st_size > upload_limit():
            raise click.ClickException(
                f"{path.name}: the file must be smaller than {current_app.config['MAX_UPLOAD_MB']}MB"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise click.ClickException(f"{path}: the file does not exist") from None
    except OSError as error:
        raise click.ClickException(f"{path}: the file could not be read ({error.strerror})") from None
