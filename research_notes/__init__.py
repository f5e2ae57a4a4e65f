"""The evidence side: participants and consent, notes, transcript import, findings, tags, search."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.core import overview
    from research_notes import services

    overview.register(app, services.overview_counts)
