"""Pages for participants."""

from __future__ import annotations

from flask import Blueprint, render_template

from discovery.core.permissions import requires

bp = Blueprint("participants", __name__, url_prefix="/discoveries/<uuid:discovery_id>")


@bp.route("/participants")
@requires("see_participants")
def list_participants(discovery):
    return render_template("participants/list.html", discovery=discovery)
