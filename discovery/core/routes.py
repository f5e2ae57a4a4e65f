"""Pages for signing in and out, and for listing, creating, viewing and editing discoveries."""

from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from discovery.core import accessibility, agreements, auth, data_scope, overview, services
from discovery.core.forms import AddMemberForm, ConfirmForm, DiscoveryForm, SignInForm
from discovery.core.permissions import Capability, can, public, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.writes import DuplicateValueError, show_duplicate

bp = Blueprint("core", __name__)

C = Capability
_TITLE_TAKEN = DiscoveryForm.TITLE_TAKEN


def _safe_next(target: str | None) -> str | None:
    """Only follow same-site relative paths after sign-in, never an attacker's URL."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
@requires(C.LIST_DISCOVERIES)
def index():
    return redirect(_landing())


def _landing() -> str:
    """Leads land on the summaries they read; everyone else on their discoveries."""
    if current_user.role == "authority_lead":
        return url_for("summaries.home")
    return url_for("core.list_discoveries")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(_landing())
    form = SignInForm()
    if form.validate_on_submit():
        result = auth.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            auth.start_session(result.user)
            return redirect(_safe_next(request.args.get("next")) or _landing())
        if result.locked_minutes:
            form.email.errors.append(
                _(
                    "You have tried to sign in too many times. Wait %(minutes)d minutes, then try again",
                    minutes=result.locked_minutes,
                )
            )
        else:
            form.email.errors.append(_("Enter a correct email address and password"))
        form.password.data = ""
        return render_template("core/sign_in.html", form=form), 200
    return render_template("core/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@requires(C.LIST_DISCOVERIES)
def sign_out():
    form = ConfirmForm()
    if form.validate_on_submit():
        auth.end_session(current_user._get_current_object())
        flash(_("You have signed out"), "success")
        return redirect(url_for("core.sign_in"))
    abort(400)


@bp.route("/favicon.ico")
@public
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; give them the GOV.UK one."""
    icon = Path(current_app.static_folder, "images", "favicon.ico").read_bytes()
    response = current_app.response_class(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/accessibility-statement")
@public
def accessibility_statement():
    """The statement, with how the service was last tested (docs/accessibility.json) and who to
    contact, both set by the council that runs it (ACCESSIBILITY_CONTACT_EMAIL, SERVICE_ORGANISATION
    and its Welsh name SERVICE_ORGANISATION_CY)."""
    config = current_app.config
    figures = accessibility.load_figures(config.get("ACCESSIBILITY_FIGURES"))
    welsh = get_locale().language == "cy" and config.get("SERVICE_ORGANISATION_CY")
    return render_template(
        "core/accessibility.html",
        figures=figures,
        fully_compliant=accessibility.fully_compliant(figures),
        prepared_on=accessibility.PREPARED_ON,
        contact_email=config.get("ACCESSIBILITY_CONTACT_EMAIL"),
        organisation=welsh or config.get("SERVICE_ORGANISATION"),
    )


@bp.route("/discoveries")
@requires(C.LIST_DISCOVERIES)
def list_discoveries():
    discoveries = services.discoveries_for(current_user._get_current_object())
    return render_template(
        "core/discoveries.html",
        discoveries=discoveries,
        can_create=can(current_user, C.CREATE_DISCOVERY),
    )


@bp.route("/discoveries/new", methods=["GET", "POST"])
@requires(C.CREATE_DISCOVERY)
def create_discovery():
    form = DiscoveryForm()
    if form.validate_on_submit():
        try:
            discovery = services.create_discovery(form.to_data(), current_user._get_current_object())
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, _TITLE_TAKEN)
        else:
            flash(_("Discovery created"), "success")
            return redirect(url_for("core.view_discovery", discovery_id=discovery.id))
    return render_template("core/discovery_form.html", form=form, discovery=None)


@bp.route("/discoveries/<uuid:discovery_id>")
@requires(C.VIEW_DISCOVERY)
def view_discovery(discovery):
    return render_template(
        "core/discovery.html",
        discovery=discovery,
        counts=overview.counts_for(discovery),
        plan=services.plan_outline(discovery),
        can_edit=can(current_user, C.EDIT_DISCOVERY, discovery),
        can_manage_members=can(current_user, C.MANAGE_MEMBERS, discovery),
        agreement=data_scope.agreement_for(discovery),
        agreement_grants=agreements.grants_described(discovery),
        raw_note_sharing=data_scope.sharing(discovery),
        raw_note_choices=agreements.RAW_NOTE_CHOICES,
    )


@bp.route("/discoveries/<uuid:discovery_id>/edit", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def edit_discovery(discovery):
    form = DiscoveryForm(obj=discovery, discovery=discovery)
    if not form.is_submitted():
        form.version.reset_to(discovery)
    if form.validate_on_submit():
        try:
            services.update_discovery(discovery, form.to_data(), expected_version=form.version.expected)
        except services.StaleEditError:
            return refuse_stale_edit(
                form,
                discovery,
                _(
                    "Someone else changed this discovery while you were editing it. Your changes have "
                    "not been saved. Check the details below, then save again"
                ),
                "core/discovery_form.html",
                discovery=discovery,
            )
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, _TITLE_TAKEN)
        else:
            flash(_("Discovery saved"), "success")
            return redirect(url_for("core.view_discovery", discovery_id=discovery.id))
    return render_template("core/discovery_form.html", form=form, discovery=discovery)


@bp.route("/discoveries/<uuid:discovery_id>/members", methods=["GET", "POST"])
@requires(C.MANAGE_MEMBERS)
def manage_members(discovery):
    form = AddMemberForm(discovery=discovery)
    if form.validate_on_submit():
        try:
            services.add_member(discovery, form.user)
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, str(AddMemberForm.ALREADY_MEMBER))
            return render_template("core/members.html", discovery=discovery, form=form)
        flash(_("%(name)s added to the discovery", name=form.user.display_name), "success")
        return redirect(url_for("core.manage_members", discovery_id=discovery.id))
    return render_template("core/members.html", discovery=discovery, form=form)


@bp.route("/discoveries/<uuid:discovery_id>/members/<uuid:user_id>/remove", methods=["POST"])
@requires(C.MANAGE_MEMBERS)
def remove_member(discovery, user_id: uuid.UUID):
    form = ConfirmForm()
    member = services.user_by_id(user_id)
    if member is None or member not in discovery.members:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    if len(discovery.members) == 1:
        flash(_("A discovery must keep at least one member"), "error")
    else:
        services.remove_member(discovery, member)
        flash(_("%(name)s removed from the discovery", name=member.display_name), "success")
    return redirect(url_for("core.manage_members", discovery_id=discovery.id))
