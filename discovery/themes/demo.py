"""The demo's theme run and the squad's partial review of it, from the manifest's sections.

``[[theme_runs]]`` says how the demo's one run is made (granularity, seed). ``[[themes]]``
entries each name a theme by a finding it holds (``note`` key and highlight ``text``), never by
its suggested label, because labels change whenever the theme engine improves; then say what
the squad did with it: ``accept`` (with ``label`` and ``description``), ``reject``, and
``merge`` (the themes holding the ``merge`` findings are merged into it).

An entry whose finding the run left out of every theme, or whose theme an earlier entry already
reviewed, is skipped and counted; a ``merge`` finding already in a reviewed theme is left there.
So a better engine, grouping the findings differently, never breaks the demo.
The whole section is skipped when the discovery already has a run: loading twice adds nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from discovery.demo.manifest import ManifestError
from discovery.extensions import db
from discovery.themes import review, runs
from discovery.themes.models import ClusterRun, Theme, ThemeMembership

ACTIONS = ("accept", "reject")


def load_themes(ctx) -> None:
    discovery = ctx.discovery
    runs_so_far = sa.select(ClusterRun.id).where(ClusterRun.discovery_id == discovery.id).limit(1)
    if db.session.scalar(runs_so_far) is not None:
        return
    settings = (ctx.manifest.sections.get("theme_runs") or [{}])[0]
    payload = runs.ClusterPayload(
        granularity=settings.get("granularity", "default"), seed=int(settings.get("seed", 0))
    )
    squad = ctx.recorder
    runs.suggest_and_save(discovery, squad, payload)
    ctx.report.count("theme runs")
    skipped = 0
    reviewed: set = set()
    for index, entry in enumerate(ctx.manifest.sections.get("themes", [])):
        where = f"manifest.toml: themes[{index}]"
        action = entry.get("action")
        if action not in ACTIONS:
            raise ManifestError(f"{where}: 'action' must be one of {', '.join(ACTIONS)}")
        theme = theme_holding(ctx, entry, where)
        if theme is None or theme.id in reviewed:
            skipped += 1
            continue
        reviewed.add(theme.id)
        for other_ref in entry.get("merge", []):
            other = theme_holding(ctx, other_ref, where)
            # Only a suggestion nobody has reviewed yet: never fold one demo theme into another.
            if other is not None and other.id not in reviewed and other.status == "suggested":
                review.merge(theme, [other], squad)
                reviewed.add(other.id)
        if action == "reject":
            review.reject(theme, squad)
        else:
            label = entry.get("label") or theme.label
            if review.label_taken(discovery, label, theme):
                raise ManifestError(f"{where}: two demo themes are called {label!r}")
            review.rename(theme, label, entry.get("description", ""), squad)
            review.accept(theme, squad)
        ctx.report.count("reviewed themes")
    if skipped:
        ctx.report.count("theme review steps skipped (the run grouped those findings differently)", skipped)
    db.session.flush()


def theme_holding(ctx, ref: dict, where: str) -> Theme | None:
    """The live theme that holds the finding ``ref`` names (None when it is in none)."""
    key = (ref.get("note"), ref.get("text"))
    finding = ctx.findings.get(key)
    if finding is None:
        raise ManifestError(f"{where}: no demo highlight {key[1]!r} in note {key[0]!r}")
    return db.session.scalars(
        sa.select(Theme)
        .join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .where(
            Theme.discovery_id == ctx.discovery.id,
            Theme.status.in_(("suggested", "accepted")),
            ThemeMembership.finding_id == finding.id,
            ThemeMembership.state == "member",
        )
    ).first()
