"""The demo's research plan, from the manifest's ``[[research_questions]]``, ``[[hypotheses]]``
and ``[[sample_targets]]`` sections.

Everything is saved through :mod:`discovery.plan.services`. A question or hypothesis the
discovery already has is left as it is and a segment that already has a target keeps it, so
loading twice adds nothing and a squad's edits are kept.
"""

from __future__ import annotations

from discovery.core.vocab import HYPOTHESIS_KINDS, HYPOTHESIS_STATUSES, SEGMENTS
from discovery.demo.manifest import ManifestError
from discovery.plan import services


def _text(entry: dict, where: str) -> str:
    text = " ".join(str(entry.get("text", "")).split())
    if not text:
        raise ManifestError(f"{where}: 'text' is required")
    if len(text) > services.TEXT_MAX:
        raise ManifestError(f"{where}: 'text' must be {services.TEXT_MAX} characters or fewer")
    return text


def _choice(entry: dict, name: str, allowed, default, where: str) -> str:
    value = entry.get(name, default)
    if value not in allowed:
        raise ManifestError(f"{where}: '{name}' must be one of {', '.join(allowed)}")
    return value


def load_plan(ctx) -> None:
    sections = ctx.manifest.sections
    for index, entry in enumerate(sections.get("research_questions", [])):
        text = _text(entry, f"manifest.toml: research_questions[{index}]")
        if not services.question_taken(ctx.discovery, text):
            services.add_question(ctx.discovery, text, ctx.recorder)
            ctx.report.count("research questions")
    for index, entry in enumerate(sections.get("hypotheses", [])):
        where = f"manifest.toml: hypotheses[{index}]"
        text = _text(entry, where)
        kind = _choice(entry, "kind", HYPOTHESIS_KINDS, "hypothesis", where)
        status = _choice(entry, "status", HYPOTHESIS_STATUSES, "untested", where)
        if not services.hypothesis_taken(ctx.discovery, text):
            services.add_hypothesis(ctx.discovery, text, kind, status, ctx.recorder)
            ctx.report.count("hypotheses and assumptions")
    saved = services.targets(ctx.discovery)
    wanted: dict[str, int | None] = {}
    for index, entry in enumerate(sections.get("sample_targets", [])):
        where = f"manifest.toml: sample_targets[{index}]"
        segment = _choice(entry, "segment", SEGMENTS, None, where)
        target = entry.get("target")
        if not isinstance(target, int) or isinstance(target, bool) or not 1 <= target <= services.TARGET_MAX:
            raise ManifestError(f"{where}: 'target' must be a whole number from 1 to {services.TARGET_MAX}")
        if segment in wanted:
            raise ManifestError(f"{where}: segment {segment!r} has a target already")
        wanted[segment] = target
    new = {segment: target for segment, target in wanted.items() if segment not in saved}
    if new:
        services.set_targets(ctx.discovery, new, ctx.recorder)
        ctx.report.count("sample targets", len(new))
