"""GET /healthz: what a load balancer or an operator checks (including running and stale jobs)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from discovery.core.permissions import public
from discovery.extensions import db
from discovery.jobs import backend_name, check_backend
from discovery.jobs.store import counts as job_counts

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        current_app.logger.warning("Health check: database unreachable: %s", exc)
        db.session.rollback()
        database = "unreachable"
    jobs_ok, jobs_detail = check_backend(current_app)
    healthy = database == "ok" and jobs_ok
    jobs = {"backend": backend_name(current_app), "status": jobs_detail}
    if database == "ok":
        try:
            jobs.update(job_counts())
        except Exception:  # noqa: BLE001 - an unmigrated database has no jobs table yet
            current_app.logger.info("Health check: job counts unavailable", exc_info=True)
    body = {
        "status": "ok" if healthy else "degraded",
        "version": current_app.config["VERSION"],
        "database": {"status": database, "backend": db.engine.dialect.name},
        "jobs": jobs,
    }
    return jsonify(body), 200 if healthy else 503


@bp.route("/service-status")
@public
def service_status():
    """The footer's "Service status": the same checks as /healthz, as a page a person can read."""
    from flask import render_template

    response, status = healthz()
    return render_template("core/service_status.html", health=response.get_json()), status
