"""The demo's backlog, from the manifest's ``[[backlog]]`` section.

Each entry is an item as a squad would write it, linked to needs by their statement ("As a…,
I need…, so that…"), to the live theme holding a highlight (``themes``, named by ``note`` and
``text`` as elsewhere), to journey-map stages (``journey_stages = [{ map = …, stage = … }]``)
and citing ``findings`` by highlight. An item whose title the discovery already has is left as
it is, so loading twice adds nothing and a squad's edits are kept.
"""

from __future__ import annotations

import sqlalchemy as sa

from discovery.backlog import services
from discovery.core.vocab import BACKLOG_SIZES, BACKLOG_STATUSES, MOSCOW
from discovery.demo.manifest import ManifestError
from discovery.extensions import db
from discovery.journeys.models import JourneyMap, JourneyStage
from discovery.themes.demo import theme_holding


def _key(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def _choice(entry: dict, name: str, allowed, default, where: str):
    value = entry.get(name, default)
    if value is not None and value not in allowed:
        raise ManifestError(f"{where}: '{name}' must be one of {', '.join(allowed)}")
    return value


def _needs(ctx, statements: list[str], where: str) -> tuple:
    by_statement = {_key(n.statement): n.id for n in services.needs_for(ctx.discovery)}
    ids = []
    for statement in statements:
        if _key(statement) not in by_statement:
            raise ManifestError(f"{where}: no demo user need says {statement!r}")
        ids.append(by_statement[_key(statement)])
    return tuple(ids)


def _stages(ctx, refs: list[dict], where: str) -> tuple:
    ids = []
    for ref in refs:
        stage = db.session.scalar(
            sa.select(JourneyStage)
            .join(JourneyMap, JourneyMap.id == JourneyStage.journey_map_id)
            .where(
                JourneyMap.discovery_id == ctx.discovery.id,
                JourneyMap.title == ref.get("map"),
                JourneyStage.name == ref.get("stage"),
            )
        )
        if stage is None:
            raise ManifestError(f"{where}: no stage {ref.get('stage')!r} in journey map {ref.get('map')!r}")
        ids.append(stage.id)
    return tuple(ids)


def load_backlog(ctx) -> None:
    for index, entry in enumerate(ctx.manifest.sections.get("backlog", [])):
        where = f"manifest.toml: backlog[{index}]"
        title = entry.get("title", "")
        if not title:
            raise ManifestError(f"{where}: 'title' is required")
        if services.title_taken(ctx.discovery, title):
            continue
        ref = services.clean_external_ref(entry.get("external_ref", ""))
        if ref is None:
            raise ManifestError(f"{where}: 'external_ref' must be a Jira key or a web address")
        themes = []
        for theme_ref in entry.get("themes", []):
            theme = theme_holding(ctx, theme_ref, where)
            if theme is None:
                raise ManifestError(f"{where}: no live theme holds {theme_ref.get('text')!r}")
            themes.append(theme.id)
        findings = []
        for finding_ref in entry.get("findings", []):
            key = (finding_ref.get("note"), finding_ref.get("text"))
            if key not in ctx.findings:
                raise ManifestError(f"{where}: no demo highlight {key[1]!r} in note {key[0]!r}")
            findings.append(ctx.findings[key].id)
        data = services.ItemData(
            title=title,
            user_story=entry.get("user_story", ""),
            acceptance_criteria=entry.get("acceptance_criteria", ""),
            priority=_choice(entry, "priority", MOSCOW, "should", where),
            status=_choice(entry, "status", BACKLOG_STATUSES, "todo", where),
            size=_choice(entry, "size", BACKLOG_SIZES, None, where),
            external_ref=ref,
            need_ids=_needs(ctx, entry.get("needs", []), where),
            theme_ids=tuple(dict.fromkeys(themes)),
            stage_ids=_stages(ctx, entry.get("journey_stages", []), where),
        )
        services.create_item(ctx.discovery, data, ctx.recorder, finding_ids=findings)
        ctx.report.count("backlog items")
