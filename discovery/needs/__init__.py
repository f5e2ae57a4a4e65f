"""User needs: "As a…, I need…, so that…" statements drafted from themes and the findings behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.needs.routes import bp
    from discovery.needs.services import record_lost_citations
    from research_notes.participants.erasure import on_erasing_findings

    app.register_blueprint(bp)
    on_erasing_findings(app, record_lost_citations)
