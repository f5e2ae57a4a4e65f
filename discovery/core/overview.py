"""Counts other areas contribute to a discovery's overview page.

The core cannot import research_notes (dependencies point the other way), so areas register a
counter here when the app is created and the overview asks each of them. Each count names the
capability its link needs, and the link is dropped for anyone without it: a lead's overview
shows how much evidence there is without pointing them at pages that would refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_login import current_user

from discovery.core.permissions import Capability, can


@dataclass(frozen=True)
class OverviewCount:
    label: str
    number: int
    link: str | None = None
    capability: Capability | None = None  # what opening the link needs


Counter = Callable[[object], list[OverviewCount]]


def register(app, counter: Counter) -> None:
    app.extensions.setdefault("discovery_overview_counters", []).append(counter)


def counts_for(discovery, user=None) -> list[OverviewCount]:
    """The counts in the order the areas registered, with links only to pages ``user`` may open."""
    user = current_user if user is None else user
    rows: list[OverviewCount] = []
    for counter in current_app.extensions.get("discovery_overview_counters", []):
        for row in counter(discovery):
            allowed = row.link and row.capability is not None and can(user, row.capability, discovery)
            rows.append(row if allowed else OverviewCount(row.label, row.number, None, row.capability))
    return rows
