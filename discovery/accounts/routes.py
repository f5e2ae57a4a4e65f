"""Pages for admins to manage people and authorities, and the public page where a person opens
their one-time link and chooses a password.

A link's secret is shown once, on the page that answers the admin's invitation or reset (a POST
answered with a page, not a redirect, so the secret is never put in a cookie or a URL the admin's
browser keeps in its history); afterwards only its expiry is shown.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from discovery.accounts import services
from discovery.accounts.forms import (
    AUTHORITY_KINDS,
    CODE_TAKEN,
    EMAIL_TAKEN,
    NAME_TAKEN,
    STATUS_LABELS,
    WELSH_NAME_TAKEN,
    AuthorityForm,
    ChoosePasswordForm,
    EditPersonForm,
    InviteForm,
    PeopleFilterForm,
    VersionedConfirmForm,
)
from discovery.core.form_fields import uuids_from
from discovery.core.forms import ConfirmForm
from discovery.core.permissions import Capability, person, public, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.writes import DuplicateValueError, show_duplicate
from discovery.extensions import db

bp = Blueprint("accounts", __name__)
C = Capability

PERSON_STALE = _l(
    "Someone else changed this person’s account while you were looking at it. Nothing has been "
    "changed. Check their details below, then try again"
)
AUTHORITY_STALE = _l(
    "Someone else changed this authority while you were editing it. Your changes have not been "
    "saved. Check the details below, then save again"
)
LAST_ADMIN = _l(
    "You cannot do this because %(name)s is the only active admin. Make someone else an admin "
    "first, so someone can still manage people"
)
DUPLICATE_AUTHORITY = {"code": CODE_TAKEN, "name": NAME_TAKEN, "name_cy": WELSH_NAME_TAKEN}


def _person_or_404(user_id: uuid.UUID):
    return services.person_by_id(user_id) or abort(404)


def _person_url(user) -> str:
    return url_for("accounts.view_person", user_id=user.id)


def _link_url(secret: str) -> str:
    return url_for("accounts.set_password", token=secret, _external=True)


def _context() -> dict:
    return {"status_labels": STATUS_LABELS, "authority_kinds": AUTHORITY_KINDS}


# People --------------------------------------------------------------------------------------


@bp.route("/people")
@requires(C.MANAGE_USERS)
def list_people():
    form = PeopleFilterForm(request.args)
    filters = {"role": None, "authority_id": None, "status": None}
    if any(request.args.get(name) for name in ("role", "authority", "status")) and form.validate():
        authority = uuids_from([form.authority.data])
        filters = {
            "role": form.role.data or None,
            "authority_id": authority[0] if authority else None,
            "status": form.status.data or None,
        }
    rows = services.people(**filters)
    return render_template(
        "accounts/people.html",
        form=form,
        rows=rows,
        filtered=any(filters.values()),
        active_admins=services.active_admin_count(),
        **_context(),
    )


@bp.route("/people/invite", methods=["GET", "POST"])
@requires(C.MANAGE_USERS)
def invite_person():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user, secret = services.invite(form.email.data, form.to_data(), person())
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, str(EMAIL_TAKEN))
        else:
            return render_template(
                "accounts/link.html",
                person=user,
                link=_link_url(secret),
                expires_at=services.live_link(user).expires_at,
                invited=True,
            )
    return render_template("accounts/invite.html", form=form)


@bp.route("/people/<uuid:user_id>")
@requires(C.MANAGE_USERS)
def view_person(user_id: uuid.UUID):
    user = _person_or_404(user_id)
    form = VersionedConfirmForm()
    form.version.reset_to(user)
    pending = services.live_link(user)
    return render_template(
        "accounts/person.html",
        person=user,
        status=services.status_of(user),
        pending_link=pending,
        link_expired=pending is not None and services.has_expired(pending),
        events=services.recent_events(user),
        action_form=form,
        **_context(),
    )


@bp.route("/people/<uuid:user_id>/edit", methods=["GET", "POST"])
@requires(C.MANAGE_USERS)
def edit_person(user_id: uuid.UUID):
    user = _person_or_404(user_id)
    form = EditPersonForm(obj=user, person=user)
    if not form.is_submitted():
        form.version.reset_to(user)
    if form.validate_on_submit():
        try:
            ended = services.update_person(user, form.to_data(), person(), form.version.expected)
        except services.StaleEditError:
            return refuse_stale_edit(form, user, str(PERSON_STALE), "accounts/edit.html", person=user)
        except services.LastAdminError:
            form.role.errors.append(_(str(LAST_ADMIN), name=user.display_name))
        else:
            if ended:
                flash(
                    _(
                        "Changes saved. %(name)s has been signed out and will sign in again with the "
                        "new role and authorities",
                        name=user.display_name,
                    ),
                    "success",
                )
            else:
                flash(_("Changes saved"), "success")
            return redirect(_person_url(user))
    return render_template("accounts/edit.html", form=form, person=user)


def _confirm_page(user, action: str):
    """The confirmation page for deactivate, reactivate and reset, and what its POST does."""
    form = VersionedConfirmForm()
    if not form.is_submitted():
        form.version.reset_to(user)
    template = f"accounts/confirm_{action}.html"
    if form.validate_on_submit():
        try:
            return _do(user, action, form)
        except services.StaleEditError:
            db.session.rollback()
            flash(str(PERSON_STALE), "error")
            return redirect(_person_url(user))
        except services.LastAdminError:
            db.session.rollback()
            flash(_(str(LAST_ADMIN), name=user.display_name), "error")
            return redirect(_person_url(user))
    return render_template(template, form=form, person=user)


def _do(user, action: str, form):
    expected = form.version.expected
    if action == "deactivate":
        services.deactivate(user, person(), expected)
        flash(
            _(
                "%(name)s’s account has been deactivated and they have been signed out",
                name=user.display_name,
            ),
            "success",
        )
    elif action == "reactivate":
        services.reactivate(user, person(), expected)
        flash(
            _("%(name)s’s account has been reactivated. They can sign in again", name=user.display_name),
            "success",
        )
    else:
        secret = services.reset_password(user, person(), expected)
        return render_template(
            "accounts/link.html",
            person=user,
            link=_link_url(secret),
            expires_at=services.live_link(user).expires_at,
            invited=False,
        )
    return redirect(_person_url(user))


@bp.route("/people/<uuid:user_id>/deactivate", methods=["GET", "POST"])
@requires(C.MANAGE_USERS)
def deactivate_person(user_id: uuid.UUID):
    user = _person_or_404(user_id)
    if not user.is_active_account:
        flash(_("%(name)s’s account is already deactivated", name=user.display_name), "info")
        return redirect(_person_url(user))
    return _confirm_page(user, "deactivate")


@bp.route("/people/<uuid:user_id>/reactivate", methods=["POST"])
@requires(C.MANAGE_USERS)
def reactivate_person(user_id: uuid.UUID):
    user = _person_or_404(user_id)
    form = VersionedConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if user.is_active_account:
        flash(_("%(name)s’s account is already active", name=user.display_name), "info")
        return redirect(_person_url(user))
    try:
        return _do(user, "reactivate", form)
    except services.StaleEditError:
        db.session.rollback()
        flash(str(PERSON_STALE), "error")
        return redirect(_person_url(user))


@bp.route("/people/<uuid:user_id>/reset-password", methods=["GET", "POST"])
@requires(C.MANAGE_USERS)
def reset_password(user_id: uuid.UUID):
    user = _person_or_404(user_id)
    if not user.is_active_account:
        flash(
            _("Reactivate %(name)s’s account before making a new password link", name=user.display_name),
            "info",
        )
        return redirect(_person_url(user))
    return _confirm_page(user, "reset")


# Choosing a password from a link (public) ------------------------------------------------------


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    checked = services.check_link(token)
    if checked.state != "ok":
        status = 404 if checked.state == "unknown" else 410
        return render_template("accounts/link_unusable.html", state=checked.state), status
    user = checked.token.user
    form = ChoosePasswordForm(person=user)
    if form.validate_on_submit():
        if services.choose_password(checked.token, form.password.data):
            flash(
                _("Your password has been saved. Sign in with your email address and new password"), "success"
            )
            response = redirect(url_for("core.sign_in"))
            return response
        return render_template("accounts/link_unusable.html", state="used"), 410
    return render_template(
        "accounts/set_password.html",
        form=form,
        person=user,
        purpose=checked.token.purpose,
        expires_at=checked.token.expires_at,
    )


@bp.after_request
def _no_referrer(response):
    """A link's secret is in the set-password page's address: never send it on as a Referer."""
    if request.endpoint == "accounts.set_password":
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# Authorities ---------------------------------------------------------------------------------


@bp.route("/authorities")
@requires(C.MANAGE_USERS)
def list_authorities():
    return render_template(
        "accounts/authorities.html",
        authorities=services.authorities(),
        people_counts=services.people_counts(),
        **_context(),
    )


@bp.route("/authorities/new", methods=["GET", "POST"])
@requires(C.MANAGE_USERS)
def add_authority():
    form = AuthorityForm()
    if form.validate_on_submit():
        try:
            authority = services.create_authority(form.to_data(), person())
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, str(DUPLICATE_AUTHORITY[duplicate.field]))
        else:
            flash(_("%(name)s added", name=authority.name), "success")
            return redirect(url_for("accounts.list_authorities"))
    return render_template("accounts/authority_form.html", form=form, authority=None)


def _authority_or_404(authority_id: uuid.UUID):
    return services.authority_by_id(authority_id) or abort(404)


@bp.route("/authorities/<uuid:authority_id>/edit", methods=["GET", "POST"])
@requires(C.MANAGE_USERS)
def edit_authority(authority_id: uuid.UUID):
    authority = _authority_or_404(authority_id)
    form = AuthorityForm(obj=authority, authority=authority)
    if not form.is_submitted():
        form.version.reset_to(authority)
    if form.validate_on_submit():
        try:
            services.update_authority(authority, form.to_data(), person(), form.version.expected)
        except services.StaleEditError:
            return refuse_stale_edit(
                form, authority, str(AUTHORITY_STALE), "accounts/authority_form.html", authority=authority
            )
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, str(DUPLICATE_AUTHORITY[duplicate.field]))
        else:
            flash(_("%(name)s saved", name=authority.name), "success")
            return redirect(url_for("accounts.list_authorities"))
    return render_template("accounts/authority_form.html", form=form, authority=authority)


@bp.route("/authorities/<uuid:authority_id>/delete", methods=["GET", "POST"])
@requires(C.MANAGE_USERS)
def delete_authority(authority_id: uuid.UUID):
    authority = _authority_or_404(authority_id)
    uses = services.authority_uses(authority)
    form = ConfirmForm()
    if not uses and form.validate_on_submit():
        name = authority.name
        services.delete_authority(authority, person())
        flash(_("%(name)s deleted", name=name), "success")
        return redirect(url_for("accounts.list_authorities"))
    return render_template("accounts/authority_delete.html", form=form, authority=authority, uses=uses), (
        409 if uses and form.is_submitted() else 200
    )
