"""The evidence side: participants and consent, notes, transcript import, findings, tags, search."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keep `import research_notes.importers` free of Flask
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.core import overview
    from research_notes import services

    overview.register(app, services.overview_counts)
