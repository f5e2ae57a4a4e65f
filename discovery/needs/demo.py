"""The demo's user needs, from the manifest's ``[[needs]]`` section.

Each entry is written as a squad would (who, need, goal, segment, status), linked to the theme
that holds the ``theme`` highlight (named by ``note`` and ``text``, like themes' entries) and
citing ``findings`` by highlight. A need whose statement the discovery already has is left as it
is, so loading twice adds nothing and a squad's edits are kept.
"""

from __future__ import annotations

from discovery.demo.manifest import ManifestError
from discovery.needs import services
from discovery.themes.demo import theme_holding

STATUSES = ("hypothesis", "validated")


def load_needs(ctx) -> None:
    for index, entry in enumerate(ctx.manifest.sections.get("needs", [])):
        where = f"manifest.toml: needs[{index}]"
        who, need, goal = entry.get("who", ""), entry.get("need", ""), entry.get("goal", "")
        if not who or not need:
            raise ManifestError(f"{where}: 'who' and 'need' are required")
        status = entry.get("status", "hypothesis")
        if status not in STATUSES:
            raise ManifestError(f"{where}: 'status' must be one of {', '.join(STATUSES)}")
        if services.statement_taken(ctx.discovery, who, need, goal):
            continue
        theme = theme_holding(ctx, entry["theme"], where) if "theme" in entry else None
        findings = []
        for ref in entry.get("findings", []):
            key = (ref.get("note"), ref.get("text"))
            if key not in ctx.findings:
                raise ManifestError(f"{where}: no demo highlight {key[1]!r} in note {key[0]!r}")
            findings.append(ctx.findings[key].id)
        data = services.NeedData(
            who=who,
            need=need,
            goal=goal,
            status=status,
            segment=entry.get("segment"),
            theme_ids=(theme.id,) if theme is not None and theme.status == "accepted" else (),
        )
        services.create_need(ctx.discovery, data, ctx.recorder, finding_ids=findings)
        ctx.report.count("user needs")
