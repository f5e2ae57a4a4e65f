"""Choosing English or Welsh for each request."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session


def select_locale() -> str:
    """An explicit ?lang= choice (kept in the session) beats the browser's Accept-Language.

    Outside a request (a command, a background job, the demo loader) messages are in the
    default language, rather than failing for want of a session to read.
    """
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]
