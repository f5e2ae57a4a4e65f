"""The chain of evidence, walked both ways, read only through the evidence API.

Backwards, from a backlog item: the user needs it serves (what each cites, and the themes
behind each), the themes it is linked to, the journey stages it changes (the entries there and
what they cite), and the findings it cites itself; each finding with who said it and where.
Forwards, from a finding: every theme holding it, every need citing it (or linked to a theme
holding it), every journey entry citing it, and every backlog item it reaches by any of those
paths — each with the path, so "why is this here?" has an answer.

What counts as an item's evidence is ``discovery.backlog.services.evidence_by_item``: the
findings the item cites, those its needs cite, the members of its live themes, and those cited
in its journey stages. A need's own themes are shown on the way back but not counted for the
item: a broad theme would make every item of every need behind it look equally strong (the
needs area counts the same way). Findings whose consent no longer allows analysis are left out.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort

from discovery.backlog import services as backlog
from discovery.backlog.models import (
    BacklogItem,
    backlog_findings,
    backlog_journey_stages,
    backlog_needs,
    backlog_themes,
)
from discovery.core.models import Discovery
from discovery.extensions import db
from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage, journey_entry_findings
from discovery.needs.models import UserNeed, need_findings, need_themes
from discovery.themes.models import LIVE_STATUSES, Theme, ThemeMembership
from research_notes import evidence
from research_notes.models import Finding


def _by_created(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.created_at, str(f.id)))


class _Usable:
    """The usable findings among some ids, loaded once for a whole page."""

    def __init__(self, discovery: Discovery, ids: Iterable[uuid.UUID]) -> None:
        self.by_id = evidence.usable_by_id(discovery, ids)

    def of(self, ids: Iterable[uuid.UUID]) -> list[Finding]:
        return _by_created({self.by_id[i] for i in set(ids) if i in self.by_id})


def _in_discovery(model, discovery: Discovery, object_id: uuid.UUID):
    found = db.session.get(model, object_id)
    if found is None or found.discovery_id != discovery.id:
        abort(404)
    return found


def item_or_404(discovery: Discovery, item_id: uuid.UUID) -> BacklogItem:
    return _in_discovery(BacklogItem, discovery, item_id)


def finding_or_404(discovery: Discovery, finding_id: uuid.UUID) -> Finding:
    return _in_discovery(Finding, discovery, finding_id)


# Links, read as plain ids ------------------------------------------------------------------------


def _pairs(query) -> dict[uuid.UUID, set[uuid.UUID]]:
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for left, right in db.session.execute(query):
        found.setdefault(left, set()).add(right)
    return found


def _theme_members(theme_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    ids = list(set(theme_ids))
    if not ids:
        return {}
    return _pairs(
        sa.select(ThemeMembership.theme_id, ThemeMembership.finding_id).where(
            ThemeMembership.theme_id.in_(ids), ThemeMembership.state == "member"
        )
    )


def _need_citations(need_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    ids = list(set(need_ids))
    if not ids:
        return {}
    return _pairs(
        sa.select(need_findings.c.need_id, need_findings.c.finding_id).where(need_findings.c.need_id.in_(ids))
    )


def _stage_citations(stage_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    ids = list(set(stage_ids))
    if not ids:
        return {}
    return _pairs(
        sa.select(JourneyEntry.stage_id, journey_entry_findings.c.finding_id)
        .join(journey_entry_findings, journey_entry_findings.c.entry_id == JourneyEntry.id)
        .where(JourneyEntry.stage_id.in_(ids))
    )


def _live(theme_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    ids = list(set(theme_ids))
    if not ids:
        return set()
    query = sa.select(Theme.id).where(Theme.id.in_(ids), Theme.status.in_(LIVE_STATUSES))
    return set(db.session.scalars(query))


# Backwards: from a backlog item -----------------------------------------------------------------


@dataclass
class ThemeTrace:
    theme: Theme
    findings: list[Finding]
    counted: bool
    """Whether these findings count toward the item's evidence (its own live themes do)."""

    @property
    def strength(self) -> evidence.EvidenceStrength:
        return evidence.evidence_strength(self.findings)


@dataclass
class NeedTrace:
    need: UserNeed
    findings: list[Finding]
    themes: list[ThemeTrace]

    @property
    def strength(self) -> evidence.EvidenceStrength:
        return evidence.evidence_strength(self.findings)


@dataclass
class EntryTrace:
    entry: JourneyEntry
    findings: list[Finding]


@dataclass
class StageTrace:
    stage: JourneyStage
    entries: list[EntryTrace]

    @property
    def findings(self) -> list[Finding]:
        return _by_created({f for e in self.entries for f in e.findings})

    @property
    def strength(self) -> evidence.EvidenceStrength:
        return evidence.evidence_strength(self.findings)


@dataclass
class ItemTrace:
    item: BacklogItem
    needs: list[NeedTrace]
    themes: list[ThemeTrace]
    stages: list[StageTrace]
    findings: list[Finding]
    """Findings the item cites itself."""
    evidence: list[Finding] = field(default_factory=list)
    """Everything that counts, once each: what the strength is of."""

    @property
    def strength(self) -> evidence.EvidenceStrength:
        return evidence.evidence_strength(self.evidence)


def _theme_order(theme: Theme) -> tuple:
    return (theme.status not in LIVE_STATUSES, theme.label_key)


def trace_item(item: BacklogItem) -> ItemTrace:
    """The whole path back from one item to the quotes: see the module docstring."""
    discovery = item.discovery
    needs = sorted(item.needs, key=lambda n: (n.created_at, str(n.id)))
    need_themes_of = {n.id: sorted(n.themes, key=_theme_order) for n in needs}
    themes = sorted(item.themes, key=_theme_order)
    stages = sorted(item.journey_stages, key=lambda s: (s.journey_map.title, s.position))
    every_theme = {t.id for t in themes} | {t.id for ts in need_themes_of.values() for t in ts}
    members = _theme_members(_live(every_theme))
    cited = _need_citations(n.id for n in needs)
    entry_citations = _pairs(
        sa.select(journey_entry_findings.c.entry_id, journey_entry_findings.c.finding_id).where(
            journey_entry_findings.c.entry_id.in_([e.id for s in stages for e in s.entries])
        )
    )
    direct = {f.id for f in item.findings}
    wanted = (
        direct
        | {i for ids in members.values() for i in ids}
        | {i for ids in cited.values() for i in ids}
        | {i for ids in entry_citations.values() for i in ids}
    )
    usable = _Usable(discovery, wanted)

    def theme_trace(theme: Theme, counted: bool) -> ThemeTrace:
        return ThemeTrace(theme, usable.of(members.get(theme.id, ())), counted and theme.is_live)

    def need_trace(need: UserNeed) -> NeedTrace:
        behind = [theme_trace(t, False) for t in need_themes_of[need.id]]
        return NeedTrace(need, usable.of(cited.get(need.id, ())), behind)

    def stage_trace(stage: JourneyStage) -> StageTrace:
        entries = [EntryTrace(e, usable.of(entry_citations.get(e.id, ()))) for e in stage.entries]
        return StageTrace(stage, [e for e in entries if e.findings])

    trace = ItemTrace(
        item=item,
        needs=[need_trace(n) for n in needs],
        themes=[theme_trace(t, True) for t in themes],
        stages=[stage_trace(s) for s in stages],
        findings=usable.of(direct),
    )
    # The backlog's one definition of what counts, applied to the findings loaded above (a
    # superset of it), so the page does not read them all a second time.
    sources, _direct = backlog.evidence_source_ids([item.id])
    trace.evidence = usable.of(sources[item.id])
    return trace


# Forwards: from a finding ------------------------------------------------------------------------


@dataclass
class Via:
    """One thing a finding supports, and how: directly, or through a need, theme or stage."""

    target: object
    through: list[object] = field(default_factory=list)

    @property
    def direct(self) -> bool:
        return not self.through


@dataclass
class FindingUses:
    finding: Finding
    usable: bool
    """False when consent no longer allows analysis: the links stay, but nothing counts it."""
    themes: list[Theme]
    needs: list[Via]
    entries: list[JourneyEntry]
    items: list[Via]

    @property
    def is_unused(self) -> bool:
        return not (self.themes or self.needs or self.entries or self.items)


def finding_uses(discovery: Discovery, finding: Finding) -> FindingUses:
    """Everything a finding supports, each with the path it supports it by."""
    usable = bool(
        evidence.usable_finding_ids(
            discovery,
            purpose=evidence.Purpose.ANALYSIS,
            filters=evidence.EvidenceFilters.of(finding_ids=[finding.id]),
        )
    )
    themes = list(
        db.session.scalars(
            sa.select(Theme)
            .join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
            .where(
                ThemeMembership.finding_id == finding.id,
                ThemeMembership.state == "member",
                Theme.status.in_(LIVE_STATUSES),
            )
            .order_by(Theme.label_key)
        )
    )
    theme_ids = [t.id for t in themes]
    needs = _Paths()
    for need in db.session.scalars(
        sa.select(UserNeed)
        .join(need_findings, need_findings.c.need_id == UserNeed.id)
        .where(need_findings.c.finding_id == finding.id)
    ):
        needs.direct(need)
    if theme_ids:
        for need, theme in db.session.execute(
            sa.select(UserNeed, Theme)
            .join(need_themes, need_themes.c.need_id == UserNeed.id)
            .join(Theme, Theme.id == need_themes.c.theme_id)
            .where(need_themes.c.theme_id.in_(theme_ids))
        ):
            needs.through(need, theme)
    entries = list(
        db.session.scalars(
            sa.select(JourneyEntry)
            .join(journey_entry_findings, journey_entry_findings.c.entry_id == JourneyEntry.id)
            .join(JourneyStage, JourneyStage.id == JourneyEntry.stage_id)
            .join(JourneyMap, JourneyMap.id == JourneyStage.journey_map_id)
            .where(journey_entry_findings.c.finding_id == finding.id)
            .order_by(JourneyMap.title, JourneyStage.position, JourneyEntry.position)
        )
    )
    items = _Paths()
    for item in db.session.scalars(
        sa.select(BacklogItem)
        .join(backlog_findings, backlog_findings.c.backlog_item_id == BacklogItem.id)
        .where(backlog_findings.c.finding_id == finding.id)
    ):
        items.direct(item)
    direct_needs = [v.target for v in needs.found.values() if v.direct]
    if direct_needs:
        for item, need in db.session.execute(
            sa.select(BacklogItem, UserNeed)
            .join(backlog_needs, backlog_needs.c.backlog_item_id == BacklogItem.id)
            .join(UserNeed, UserNeed.id == backlog_needs.c.need_id)
            .where(backlog_needs.c.need_id.in_([n.id for n in direct_needs]))
        ):
            items.through(item, need)
    if theme_ids:
        for item, theme in db.session.execute(
            sa.select(BacklogItem, Theme)
            .join(backlog_themes, backlog_themes.c.backlog_item_id == BacklogItem.id)
            .join(Theme, Theme.id == backlog_themes.c.theme_id)
            .where(backlog_themes.c.theme_id.in_(theme_ids))
        ):
            items.through(item, theme)
    stage_ids = {e.stage_id for e in entries}
    if stage_ids:
        for item, stage in db.session.execute(
            sa.select(BacklogItem, JourneyStage)
            .join(backlog_journey_stages, backlog_journey_stages.c.backlog_item_id == BacklogItem.id)
            .join(JourneyStage, JourneyStage.id == backlog_journey_stages.c.stage_id)
            .where(backlog_journey_stages.c.stage_id.in_(stage_ids))
        ):
            items.through(item, stage)
    return FindingUses(
        finding=finding,
        usable=usable,
        themes=themes,
        needs=sorted(needs.found.values(), key=lambda v: (v.target.created_at, str(v.target.id))),
        entries=entries,
        items=sorted(items.found.values(), key=lambda v: v.target.number),
    )


class _Paths:
    """Things reached from a finding, each once, direct links winning over indirect ones."""

    def __init__(self) -> None:
        self.found: dict[uuid.UUID, Via] = {}
        self._direct: set[uuid.UUID] = set()

    def direct(self, target) -> None:
        self._direct.add(target.id)
        self.found[target.id] = Via(target)

    def through(self, target, step) -> None:
        if target.id in self._direct:
            return
        via = self.found.setdefault(target.id, Via(target))
        if all(s.id != step.id for s in via.through):
            via.through.append(step)
