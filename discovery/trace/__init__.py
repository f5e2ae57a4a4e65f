"""Tracing evidence both ways: from a backlog item back to the quotes, and from a finding forward
to every theme, need, journey entry and backlog item it supports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.trace.routes import bp

    app.register_blueprint(bp)
