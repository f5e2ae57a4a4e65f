"""Journey maps: as-is and to-be journeys, stage by stage, whose entries cite findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.journeys.routes import bp
    from discovery.journeys.services import record_lost_citations
    from research_notes.participants.erasure import on_erasing_findings

    app.register_blueprint(bp)
    on_erasing_findings(app, record_lost_citations)
