"""Error pages in the GOV.UK style, so a bad request never shows a stack trace or a blank page."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from discovery.extensions import db

TEMPLATES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 413: "errors/413.html"}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)


def _csrf_error(error: CSRFError):
    db.session.rollback()
    return render_template("errors/csrf.html"), 400


def _http_error(error: HTTPException):
    db.session.rollback()
    if error.code == 401:
        return render_template("errors/403.html"), 401
    template = TEMPLATES.get(error.code or 500)
    if template is None:
        return error
    return render_template(template, error=error), error.code


def _server_error(error: Exception):
    db.session.rollback()
    from flask import current_app

    if current_app.testing and current_app.config.get("PROPAGATE_EXCEPTIONS"):
        raise error
    current_app.logger.exception("Unhandled error")
    return render_template("errors/500.html"), 500
