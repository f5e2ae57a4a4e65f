"""Choosing English or Welsh for each request."""

from __future__ import annotations

from flask import current_app, request, session


def select_locale() -> str:
    """An explicit ?lang= choice (kept in the session) beats the browser's Accept-Language."""
    supported = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]
