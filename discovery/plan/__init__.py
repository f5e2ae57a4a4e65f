"""A discovery's research plan: the questions it sets out to answer, the hypotheses and
assumptions it tests, and how many people of each segment it means to speak to.

The plan's tables belong to the discovery (``discovery.core.models``); its pages live here
because they count the discovery's participants, which the core may not read."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from discovery.plan.routes import bp

    app.register_blueprint(bp)
