"""The demo's summary, from the manifest's ``[summary]`` section: which themes answer each
research question, a published version 1, and a draft that has moved on since.

Saved through :mod:`discovery.summaries.services`, as the pages save. Loading again changes
nothing once a version exists: the squad's later edits and versions are theirs.
"""

from __future__ import annotations

from discovery.demo.manifest import ManifestError
from discovery.plan import services as plan_services
from discovery.summaries import content, services

WHERE = "manifest.toml: summary"


def _narrative(entry: dict, where: str, base: dict[str, str] | None = None) -> dict[str, str]:
    values = dict(base or {})
    for section in content.NARRATIVE_SECTIONS:
        for lang in content.LANGUAGES:
            name = services.field_name(section, lang)
            if name in entry:
                text = services.clean_section(str(entry[name]))
                if len(text) > services.NARRATIVE_MAX:
                    raise ManifestError(
                        f"{where}: '{name}' is longer than {services.NARRATIVE_MAX} characters"
                    )
                values[name] = text
    unknown = set(entry) - {
        services.field_name(s, lang) for s in content.NARRATIVE_SECTIONS for lang in content.LANGUAGES
    }
    if unknown:
        raise ManifestError(f"{where}: unknown key {', '.join(sorted(unknown))}")
    return values


def _link(ctx, links: list[dict], where: str) -> None:
    questions = {q.text: q for q in plan_services.questions(ctx.discovery)}
    themes = {t.label: t for t in services.accepted_themes(ctx.discovery)}
    for index, link in enumerate(links):
        here = f"{where}[{index}]"
        question = questions.get(link.get("question", ""))
        if question is None:
            raise ManifestError(f"{here}: no research question says {link.get('question')!r}")
        missing = [label for label in link.get("themes", []) if label not in themes]
        if missing:
            raise ManifestError(f"{here}: no accepted theme is called {missing[0]!r}")
        services.set_question_themes(
            ctx.discovery, question, [themes[label].id for label in link["themes"]], ctx.recorder
        )


def load_summary(ctx) -> None:
    entries = ctx.manifest.sections.get("summary", [])
    if len(entries) > 1:
        raise ManifestError(f"{WHERE}: give one [[summary]], not {len(entries)}")
    if not entries or services.latest_version(ctx.discovery) is not None:
        return
    section = entries[0]
    published = _narrative(section.get("published", {}), f"{WHERE}.published")
    _link(ctx, section.get("question_themes", []), f"{WHERE}.question_themes")
    draft = services.draft_for(ctx.discovery)
    services.save_narrative(ctx.discovery, published, ctx.recorder, expected_version=draft.version)
    services.publish(ctx.discovery, ctx.recorder)
    ctx.report.count("published summary versions")
    _link(ctx, section.get("question_themes_since", []), f"{WHERE}.question_themes_since")
    since = _narrative(section.get("draft", {}), f"{WHERE}.draft", base=published)
    draft = services.draft_for(ctx.discovery)
    services.save_narrative(ctx.discovery, since, ctx.recorder, expected_version=draft.version)
