"""discovery: a user-research repository for public-sector service-design squads."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides what the environment says (tests pass a database URL)."""
    from discovery import cli, errors, hooks, jobs, security, templating
    from discovery.config import load_config
    from discovery.core import crashpoints
    from discovery.database import configure_engine_events
    from discovery.extensions import babel, csrf, db, login_manager, migrate
    from discovery.i18n import select_locale

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        static_folder="static",
        static_url_path="/assets",
        template_folder=str(ROOT / "templates"),
    )
    overrides = dict(config or {})
    instance_path = Path(overrides.pop("INSTANCE_PATH", app.instance_path))
    app.instance_path = str(instance_path)
    env = overrides.pop("ENVIRONMENT", None)
    app.config.update(load_config(instance_path, env))
    app.config.update(overrides)

    db.init_app(app)
    configure_engine_events(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "core.sign_in"
    login_manager.session_protection = "basic"

    import discovery.models  # noqa: F401  (registers every table with the metadata)

    templating.init_app(app)
    security.init_app(app)
    hooks.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    jobs.init_app(app)
    crashpoints.init_app(app)
    _register_tasks(app)
    _register_blueprints(app)
    return app


def _register_tasks(app: Flask) -> None:
    """Every area's background tasks, so the web process and RQ workers know the same ones."""
    from discovery.core.tasks import register_tasks as register_core_tasks

    register_core_tasks(app)


def _register_blueprints(app: Flask) -> None:
    from discovery.accounts import init_app as init_accounts
    from discovery.backlog import init_app as init_backlog
    from discovery.core.agreement_routes import bp as agreements_bp
    from discovery.core.routes import bp as core_bp
    from discovery.health import bp as health_bp
    from discovery.jobs.routes import bp as jobs_bp
    from discovery.journeys import init_app as init_journeys
    from discovery.needs import init_app as init_needs
    from discovery.plan import init_app as init_plan
    from discovery.summaries import init_app as init_summaries
    from discovery.themes import init_app as init_themes
    from discovery.trace import init_app as init_trace
    from research_notes import init_app as init_research_notes

    app.register_blueprint(core_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(jobs_bp)
    init_research_notes(app)
    init_themes(app)
    init_needs(app)
    init_journeys(app)
    init_backlog(app)
    init_plan(app)
    init_trace(app)
    init_summaries(app)
    app.register_blueprint(agreements_bp)
    init_accounts(app)
