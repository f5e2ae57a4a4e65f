"""Backlog: items the squad can act on, each traceable through needs, themes and journey
stages to the quotes behind it, and exported to Jira or a spreadsheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.backlog.routes import bp
    from discovery.backlog.services import record_lost_citations
    from research_notes.participants.erasure import on_erasing_findings

    app.register_blueprint(bp)
    on_erasing_findings(app, record_lost_citations)
