"""Pages for research notes."""

from __future__ import annotations

from flask import Blueprint, render_template

from discovery.core.permissions import requires

bp = Blueprint("notes", __name__, url_prefix="/discoveries/<uuid:discovery_id>")


@bp.route("/notes")
@requires("read_notes")
def list_notes(discovery):
    return render_template("notes/list.html", discovery=discovery)
