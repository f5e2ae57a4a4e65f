"""Pages for findings."""

from __future__ import annotations

from flask import Blueprint, render_template

from discovery.core.permissions import requires

bp = Blueprint("findings", __name__, url_prefix="/discoveries/<uuid:discovery_id>")


@bp.route("/findings")
@requires("read_findings")
def list_findings(discovery):
    return render_template("findings/list.html", discovery=discovery)
