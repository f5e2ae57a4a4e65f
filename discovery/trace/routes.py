"""The trace pages: a backlog item back to its quotes, and a finding forward to what it supports.

Both show quotes, so both need ``READ_FINDINGS``: an authority lead reads evidence strength on
the backlog and needs pages, never the words behind it.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, render_template

from discovery.core.permissions import Capability, requires
from discovery.trace import services

bp = Blueprint("trace", __name__, url_prefix="/discoveries/<uuid:discovery_id>/trace")
C = Capability


@bp.route("/backlog/<uuid:item_id>")
@requires(C.READ_FINDINGS)
def trace_item(discovery, item_id: uuid.UUID):
    item = services.item_or_404(discovery, item_id)
    return render_template("trace/item.html", discovery=discovery, trace=services.trace_item(item))


@bp.route("/findings/<uuid:finding_id>")
@requires(C.READ_FINDINGS)
def trace_finding(discovery, finding_id: uuid.UUID):
    finding = services.finding_or_404(discovery, finding_id)
    return render_template(
        "trace/finding.html", discovery=discovery, uses=services.finding_uses(discovery, finding)
    )
