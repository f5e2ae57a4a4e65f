"""The evidence side: participants and consent, notes, transcript import, findings, tags, search."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keep `import research_notes.importers` free of Flask
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery import jobs
    from discovery.core import overview
    from research_notes import services
    from research_notes.exchange import cli as exchange_cli
    from research_notes.exchange.routes import bp as exchange_bp
    from research_notes.finding_vectors import store as vector_store
    from research_notes.finding_vectors.tasks import EMBED_TASK
    from research_notes.findings.routes import bp as findings_bp
    from research_notes.findings_import import cli as findings_import_cli
    from research_notes.findings_import.routes import bp as findings_import_bp
    from research_notes.notes.cli import register_cli
    from research_notes.notes.routes import bp as notes_bp
    from research_notes.participants import cli as participants_cli
    from research_notes.participants.erasure import on_erasing_findings
    from research_notes.participants.routes import bp as participants_bp
    from research_notes.tags.routes import bp as tags_bp

    for blueprint in (participants_bp, notes_bp, findings_bp, findings_import_bp, tags_bp, exchange_bp):
        app.register_blueprint(blueprint)
    overview.register(app, services.overview_counts)
    register_cli(app)
    participants_cli.register_cli(app)
    findings_import_cli.register_cli(app)
    exchange_cli.register_cli(app)
    jobs.register(app, EMBED_TASK)
    on_erasing_findings(app, lambda _discovery_id, finding_ids: vector_store.forget(list(finding_ids)))

    from discovery.core.services import on_end_date_changed
    from research_notes.participants import retention, retention_cli

    retention_cli.register_cli(app)
    on_end_date_changed(app, retention.recompute_defaults)
    retention.register_schedule(app)
