"""Request hooks: language choice, sign-in everywhere, idle expiry and one transaction per request.

The request commits exactly once, here, after the view: services only flush. A commit that
fails because the database is busy (SQLite locked past its busy timeout, a session left in a
failed transaction) is rolled back and answered with the "try again" page, never Werkzeug's
bare "Internal Server Error".
"""

from __future__ import annotations

from flask import Flask, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from discovery import errors, i18n, security
from discovery.core import auth
from discovery.extensions import db


def init_app(app: Flask) -> None:
    app.before_request(errors.remember_session)
    app.before_request(i18n.remember_choice)
    app.before_request(_require_sign_in)
    # after_request functions run last-registered first: commit, then headers on whatever
    # response the commit leaves (the "try again" page included).
    app.after_request(security.add_headers)
    app.after_request(_commit_or_roll_back)


def _is_public(endpoint: str | None) -> bool:
    if endpoint is None or endpoint == "static":
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def _require_sign_in():
    """Every page but the public ones needs a signed-in user whose session is still fresh.

    The per-view @requires guard checks capabilities; this hook is the backstop that sends
    anyone not signed in to the sign-in page instead of a bare 401.
    """
    if _is_public(request.endpoint):
        return None
    if auth.session_has_expired():
        auth.end_session(None, reason="session_expired")
        flash(_("You were signed out because you had not done anything for a while. Sign in again"), "info")
        return redirect(url_for("core.sign_in", next=request.full_path if request.method == "GET" else None))
    if not current_user.is_authenticated:
        return redirect(url_for("core.sign_in", next=request.full_path if request.method == "GET" else None))
    return None


def _commit_or_roll_back(response):
    """One user action, one transaction: commit when the response is a success or redirect."""
    if response.status_code >= 400:
        errors.roll_back()
        return response
    try:
        db.session.commit()
    except Exception as error:
        errors.roll_back()
        if not errors.is_busy(error):
            raise
        current_app.logger.warning("Database busy at commit, asked the person to try again: %s", error)
        return errors.busy_response()
    return response
