"""Counts other areas contribute to a discovery's overview page.

The core cannot import research_notes (dependencies point the other way), so areas register a
counter here when the app is created and the overview asks each of them.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

Counter = Callable[[object], list[tuple[str, int, str | None]]]


def register(app, counter: Counter) -> None:
    app.extensions.setdefault("discovery_overview_counters", []).append(counter)


def counts_for(discovery) -> list[tuple[str, int, str | None]]:
    """(label, number, link or None) rows, in the order the areas registered."""
    rows: list[tuple[str, int, str | None]] = []
    for counter in current_app.extensions.get("discovery_overview_counters", []):
        rows.extend(counter(discovery))
    return rows
