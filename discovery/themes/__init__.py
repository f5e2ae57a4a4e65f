"""Themes: suggested clusters of findings, the squad's review of them, and their history."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery import jobs
    from discovery.themes import cli, runs
    from discovery.themes.review import flag_themes_losing
    from discovery.themes.routes import bp
    from research_notes.participants.erasure import on_erasing_findings

    jobs.register(app, runs.CLUSTER_TASK)
    app.register_blueprint(bp)
    cli.register_cli(app)
    on_erasing_findings(app, flag_themes_losing)
