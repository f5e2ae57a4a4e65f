"""Error pages in the GOV.UK style, so a bad request never shows a stack trace or a blank page.

Every handler rolls the session back first: the request's work is abandoned, and the
connection goes back to the pool clean for the next request on the thread.
"""

from __future__ import annotations

from flask import Flask, current_app, g, redirect, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound
from werkzeug.routing import RequestRedirect

from discovery.core.data_scope import audit_denial
from discovery.core.permissions import refusal_reason
from discovery.extensions import db

TEMPLATES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 413: "errors/413.html"}
RETRY_AFTER_SECONDS = 5


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    for busy in (OperationalError, PendingRollbackError, PoolTimeoutError):
        app.register_error_handler(busy, _database_error)
    app.register_error_handler(Exception, _server_error)


def roll_back() -> None:
    """Abandon the request's work; never let a failing rollback hide the original error."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may already be gone
        current_app.logger.warning("Rollback after an error failed", exc_info=True)


def is_busy(error: BaseException) -> bool:
    """Is this the database being busy or briefly unreachable, which trying again can fix?

    A SQLite writer that waited past the busy timeout ("database is locked"), a session left
    in a failed transaction, a pool with no free connection, or a PostgreSQL connection or
    lock problem. A SQLite "no such table" is an OperationalError too, but a bug: not busy.
    """
    if isinstance(error, (PendingRollbackError, PoolTimeoutError)):
        return True
    if isinstance(error, OperationalError):
        message = str(error.orig).lower()
        if type(error.orig).__module__.startswith("sqlite3"):
            return "locked" in message or "busy" in message
        return True
    return False


def remember_session() -> None:
    """Keep the session as it came in, so a request whose work is abandoned can put it back."""
    g.session_at_start = dict(session)


def _restore_session() -> None:
    """Undo the request's changes to the session cookie along with its database work: a sign-in
    whose commit failed must not leave the person signed in (or a flash promising a save)."""
    original = g.get("session_at_start")
    if original is None:
        return
    session.clear()
    session.update(original)
    g.pop("_login_user", None)


def busy_response():
    """The "try again" page: 503 with Retry-After, GOV.UK style, in the person's language.

    Nothing of the request is kept: its database work is rolled back by the caller and its
    session changes are undone here.
    """
    _restore_session()
    response = current_app.make_response((render_template("errors/busy.html"), 503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _csrf_error(error: CSRFError):
    roll_back()
    return render_template("errors/csrf.html"), 400


def _http_error(error: HTTPException):
    roll_back()
    if isinstance(error, InternalServerError):
        original = getattr(error, "original_exception", None)
        if original is not None and is_busy(original):
            return busy_response()
        return render_template("errors/500.html"), 500
    if isinstance(error, NotFound) and not isinstance(error, RequestRedirect):
        canonical = _without_trailing_slash()
        if canonical is not None:
            return redirect(canonical, code=308)
    if error.code in (401, 403):
        return _forbidden(401 if error.code == 401 else 403)
    template = TEMPLATES.get(error.code or 500)
    if template is None:
        return error
    return render_template(template, error=error), error.code


def _forbidden(status: int):
    """The 403 page speaks to the person's role: a lead is told what leads can read, an admin
    how to join the discovery, a member refused another council's personal data why, anyone
    else whom to ask. Every 403 leaves one ``access_denied`` audit event, committed on its own."""
    user = current_user._get_current_object() if current_user.is_authenticated else None
    refused = g.get("refused")
    if status == 403:
        audit_denial()
    return (
        render_template(
            "errors/403.html",
            reason=refusal_reason(user),
            refused_discovery=refused[1] if refused else None,
            explanation=g.get("refused_explanation", ""),
        ),
        status,
    )


def _without_trailing_slash() -> str | None:
    """``/discoveries/<id>/`` → ``/discoveries/<id>`` when no route matched and the path without
    the slash is a page, so a pasted or hand-typed address with a trailing slash still works.
    """
    path = request.path
    if request.url_rule is not None or len(path) < 2 or not path.endswith("/"):
        return None
    canonical = path.rstrip("/") or "/"
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(canonical, method=request.method)
    except RequestRedirect:
        pass
    except HTTPException:
        return None
    query = request.query_string.decode("latin-1")
    return request.script_root + canonical + (f"?{query}" if query else "")


def _database_error(error: Exception):
    roll_back()
    if not is_busy(error):
        return _server_error(error)
    current_app.logger.warning("Database busy, asked the person to try again: %s", error)
    return busy_response()


def _server_error(error: Exception):
    roll_back()
    if current_app.testing and current_app.config.get("PROPAGATE_EXCEPTIONS"):
        raise error
    current_app.logger.exception("Unhandled error")
    return render_template("errors/500.html"), 500
