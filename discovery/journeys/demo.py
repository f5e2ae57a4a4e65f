"""The demo's journey maps, from the manifest's ``[[journeys]]`` section.

Each map lists its stages left to right (``[[journeys.stages]]``, with the shared stage each
covers) and each stage its entries (``[[journeys.stages.entries]]``: lane, text, basis, an
emotion for thoughts, a channel for touchpoints), citing ``findings`` by demo highlight
(``{ note = …, text = … }``). A map whose title the discovery already has is left as it is, so
loading twice adds nothing and a squad's edits are kept.
"""

from __future__ import annotations

from discovery.demo.manifest import ManifestError
from discovery.journeys import services


def _findings(ctx, refs, where: str) -> list:
    found = []
    for ref in refs:
        key = (ref.get("note"), ref.get("text"))
        if key not in ctx.findings:
            raise ManifestError(f"{where}: no demo highlight {key[1]!r} in note {key[0]!r}")
        found.append(ctx.findings[key].id)
    return found


def load_journeys(ctx) -> None:
    for index, entry in enumerate(ctx.manifest.sections.get("journeys", [])):
        where = f"manifest.toml: journeys[{index}]"
        title = entry.get("title", "")
        if not title:
            raise ManifestError(f"{where}: 'title' is required")
        if services.title_taken(ctx.discovery, title):
            continue
        try:
            journey_map = services.create_map(
                ctx.discovery,
                services.MapData(
                    title=title,
                    scenario=entry.get("scenario", ""),
                    segment=entry.get("segment"),
                    state=entry.get("state", "as_is"),
                ),
                ctx.recorder,
            )
        except services.JourneyError as error:
            raise ManifestError(f"{where}: {error}") from None
        ctx.report.count("journey maps")
        for s, stage_entry in enumerate(entry.get("stages", [])):
            at = f"{where}.stages[{s}]"
            try:
                stage = services.add_stage(
                    journey_map,
                    services.StageData(stage_entry.get("name", ""), stage_entry.get("stage_key")),
                    ctx.recorder,
                )
            except (services.JourneyError, ValueError) as error:
                raise ManifestError(f"{at}: {error}") from None
            for e, item in enumerate(stage_entry.get("entries", [])):
                here = f"{at}.entries[{e}]"
                data = services.EntryData(
                    lane=item.get("lane", ""),
                    text=item.get("text", ""),
                    emotion=item.get("emotion"),
                    channel=item.get("channel"),
                    basis=item.get("basis", "assumed"),
                )
                try:
                    services.add_entry(
                        stage, data, ctx.recorder, finding_ids=_findings(ctx, item.get("findings", []), here)
                    )
                except services.JourneyError as error:
                    raise ManifestError(f"{here}: {error}") from None
                ctx.report.count("journey entries")
