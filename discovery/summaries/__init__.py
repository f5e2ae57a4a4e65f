"""Summaries: what a discovery found, for council leads, drafted by the squad and published as
frozen versions, compared across authorities and exported for board papers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery import jobs
    from discovery.summaries import cli, tasks
    from discovery.summaries.routes import bp
    from discovery.summaries.services import amend_for_withdrawal
    from research_notes.participants.erasure import on_erasing_findings

    jobs.register(app, tasks.EXPORT_TASK)
    app.register_blueprint(bp)
    cli.register_cli(app)
    on_erasing_findings(app, amend_for_withdrawal)
