"""Pages for codebook."""

from __future__ import annotations

from flask import Blueprint, render_template

from discovery.core.permissions import requires

bp = Blueprint("tags", __name__, url_prefix="/discoveries/<uuid:discovery_id>")


@bp.route("/codebook")
@requires("read_findings")
def list_tags(discovery):
    return render_template("tags/list.html", discovery=discovery)
