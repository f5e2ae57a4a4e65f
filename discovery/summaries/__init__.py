"""Summaries: what a discovery found, for council leads, drafted by the squad and published as
frozen versions, compared across authorities and exported for board papers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery import jobs
    from discovery.core import overview
    from discovery.summaries import cli, tasks
    from discovery.summaries.routes import bp
    from discovery.summaries.services import amend_for_withdrawal
    from research_notes.participants.erasure import on_erasing_findings

    jobs.register(app, tasks.EXPORT_TASK)
    app.register_blueprint(bp)
    cli.register_cli(app)
    on_erasing_findings(app, amend_for_withdrawal)
    overview.register(app, _overview_counts)


def _overview_counts(discovery) -> list:
    """The overview says how many versions of the summary are published, linking to them."""
    from flask import url_for
    from flask_babel import lazy_gettext as _l

    from discovery.core.overview import OverviewCount
    from discovery.core.permissions import Capability
    from discovery.summaries.services import latest_version

    latest = latest_version(discovery)
    return [
        OverviewCount(
            _l("Published summary versions"),
            latest.number if latest else 0,
            url_for("summaries.view_summary", discovery_id=discovery.id),
            Capability.READ_SUMMARY,
        )
    ]
