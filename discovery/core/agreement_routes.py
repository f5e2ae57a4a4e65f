"""The page where a discovery records its data-sharing agreement (reached from its overview)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from discovery.core import agreements, data_scope
from discovery.core.permissions import Capability, person, requires
from discovery.core.services import StaleEditError
from discovery.core.stale import refuse_stale_edit

bp = Blueprint("agreements", __name__, url_prefix="/discoveries/<uuid:discovery_id>")


@bp.route("/data-sharing-agreement", methods=["GET", "POST"])
@requires(Capability.EDIT_DISCOVERY)
def edit_agreement(discovery):
    agreement = data_scope.agreement_for(discovery)
    form = agreements.AgreementForm(discovery=discovery, agreement=agreement)
    context = {"discovery": discovery, "hints": agreements.RAW_NOTE_HINTS}
    if form.validate_on_submit():
        try:
            agreements.save_agreement(
                discovery, form.to_data(), expected_version=form.version.expected, actor=person()
            )
        except StaleEditError:
            saved = data_scope.agreement_for(discovery)
            return refuse_stale_edit(
                form,
                saved if saved is not None else _Unsaved(),
                _(
                    "Someone else changed this agreement while you were editing it. Your changes have "
                    "not been saved. Check the details below, then save again"
                ),
                "core/agreement_form.html",
                **context,
            )
        flash(_("Data-sharing agreement saved"), "success")
        return redirect(url_for("core.view_discovery", discovery_id=discovery.id) + "#data-sharing")
    return render_template("core/agreement_form.html", form=form, **context)


class _Unsaved:
    version = 0
