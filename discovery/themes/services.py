"""What the theme pages read: themes with their evidence, runs, history and the unclustered.

Findings are always read through the evidence API, so a finding whose participant's consent
has lapsed never shows in a theme even before anyone removes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from discovery.extensions import db
from discovery.themes import review
from discovery.themes.models import (
    LIVE_STATUSES,
    ClusterRun,
    Theme,
    ThemeChange,
    ThemeMembership,
    cluster_run_findings,
    theme_change_themes,
)
from research_notes import evidence
from research_notes.models import Finding

STATUS_ORDER = {"accepted": 0, "suggested": 1, "rejected": 2, "merged": 3}


@dataclass
class ThemeCard:
    """A theme as the review page shows it: strength first, three quotes, what to do next."""

    theme: Theme
    strength: evidence.EvidenceStrength
    representatives: list[Finding]
    offered: int = 0
    findings: list[Finding] = field(default_factory=list)


def theme_or_404(discovery, theme_id: uuid.UUID) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.discovery_id != discovery.id:
        abort(404)
    return theme


def themes_by_ids(discovery, ids: Iterable[uuid.UUID]) -> list[Theme]:
    ids = list(ids)
    if not ids:
        return []
    return list(
        db.session.scalars(sa.select(Theme).where(Theme.discovery_id == discovery.id, Theme.id.in_(ids)))
    )


def run_or_404(discovery, run_id: uuid.UUID) -> ClusterRun:
    run = db.session.get(ClusterRun, run_id)
    if run is None or run.discovery_id != discovery.id:
        abort(404)
    return run


def change_or_404(discovery, change_id: uuid.UUID) -> ThemeChange:
    change = db.session.get(ThemeChange, change_id)
    if change is None or change.discovery_id != discovery.id:
        abort(404)
    return change


def runs_for(discovery, limit: int = 20) -> list[ClusterRun]:
    return list(
        db.session.scalars(
            sa.select(ClusterRun)
            .where(ClusterRun.discovery_id == discovery.id)
            .order_by(ClusterRun.created_at.desc())
            .limit(limit)
        )
    )


def _usable(discovery, ids: set[uuid.UUID], purpose=evidence.Purpose.ANALYSIS) -> dict[uuid.UUID, Finding]:
    if not ids:
        return {}
    found = evidence.usable_findings(
        discovery, purpose=purpose, filters=evidence.EvidenceFilters.of(finding_ids=ids)
    )
    return {f.id: f for f in found}


def cards(
    discovery, statuses: Iterable[str] = LIVE_STATUSES, *, with_findings: bool = False
) -> list[ThemeCard]:
    """Themes with these statuses, strongest evidence first (participants, then findings)."""
    themes = list(
        db.session.scalars(
            sa.select(Theme)
            .where(Theme.discovery_id == discovery.id, Theme.status.in_(list(statuses)))
            .options(selectinload(Theme.memberships))
        )
    )
    member_ids = {m.finding_id for t in themes for m in t.memberships if m.state == "member"}
    usable = _usable(discovery, member_ids)
    result = []
    for theme in themes:
        members = [
            usable[m.finding_id] for m in theme.memberships if m.state == "member" and m.finding_id in usable
        ]
        reps = [
            usable[m.finding_id]
            for m in sorted(theme.memberships, key=lambda m: -(m.similarity or 0))
            if m.is_representative and m.finding_id in usable
        ]
        if len(reps) < 3:
            ordered = sorted(
                (m for m in theme.memberships if m.state == "member" and m.finding_id in usable),
                key=lambda m: -(m.similarity or 0),
            )
            for m in ordered:
                if len(reps) >= 3:
                    break
                if usable[m.finding_id] not in reps:
                    reps.append(usable[m.finding_id])
        result.append(
            ThemeCard(
                theme=theme,
                strength=evidence.evidence_strength(members),
                representatives=reps[:3],
                offered=sum(1 for m in theme.memberships if m.state == "offered"),
                findings=members if with_findings else [],
            )
        )
    result.sort(
        key=lambda c: (
            STATUS_ORDER[c.theme.status],
            -c.strength.participants,
            -c.strength.findings,
            c.theme.label_key,
        )
    )
    return result


def card(theme: Theme) -> ThemeCard:
    return next(
        c for c in cards(theme.discovery, [theme.status], with_findings=True) if c.theme.id == theme.id
    )


def offered_findings(theme: Theme) -> list[Finding]:
    ids = {m.finding_id for m in theme.memberships if m.state == "offered"}
    usable = _usable(theme.discovery, ids)
    order = sorted(
        (m for m in theme.memberships if m.state == "offered" and m.finding_id in usable),
        key=lambda m: -(m.similarity or 0),
    )
    return [usable[m.finding_id] for m in order]


def unclustered(discovery, limit: int | None = None) -> tuple[int, list[Finding]]:
    """Usable findings in no live theme: the squad's triage bucket (how many, and the first ones)."""
    in_themes = (
        sa.select(ThemeMembership.finding_id)
        .join(Theme, Theme.id == ThemeMembership.theme_id)
        .where(
            Theme.discovery_id == discovery.id,
            Theme.status.in_(LIVE_STATUSES),
            ThemeMembership.state == "member",
        )
    )
    taken = set(db.session.scalars(in_themes))
    ids = [
        i for i in evidence.usable_finding_ids(discovery, purpose=evidence.Purpose.ANALYSIS) if i not in taken
    ]
    shown = ids if limit is None else ids[:limit]
    found = _usable(discovery, set(shown))
    return len(ids), [found[i] for i in shown if i in found]


def history(theme: Theme) -> list[ThemeChange]:
    return list(
        db.session.scalars(
            sa.select(ThemeChange)
            .join(theme_change_themes, theme_change_themes.c.change_id == ThemeChange.id)
            .where(theme_change_themes.c.theme_id == theme.id)
            .order_by(ThemeChange.created_at.desc())
        )
    )


def undoable(change: ThemeChange) -> bool:
    """Whether undo would be accepted now (every affected theme still as the change left it)."""
    return change.undone_at is None and review.left_as_it_was(change)


@dataclass(frozen=True)
class MapPoint:
    finding_id: uuid.UUID
    x: float
    y: float
    theme_id: uuid.UUID | None
    placement: str


def map_points(run: ClusterRun) -> list[MapPoint]:
    """The run's findings on its theme map, left out where consent no longer allows them."""
    rows = db.session.execute(
        sa.select(
            cluster_run_findings.c.finding_id,
            cluster_run_findings.c.x,
            cluster_run_findings.c.y,
            cluster_run_findings.c.theme_id,
            cluster_run_findings.c.placement,
        ).where(cluster_run_findings.c.run_id == run.id)
    ).all()
    allowed = (
        set(
            evidence.usable_finding_ids(
                run.discovery,
                purpose=evidence.Purpose.ANALYSIS,
                filters=evidence.EvidenceFilters.of(finding_ids=[r[0] for r in rows]),
            )
        )
        if rows
        else set()
    )
    return [MapPoint(*row) for row in rows if row[0] in allowed]


def run_rows(run: ClusterRun) -> list[tuple]:
    """(finding_id, theme_id, placement) of every finding in a run."""
    return db.session.execute(
        sa.select(
            cluster_run_findings.c.finding_id,
            cluster_run_findings.c.theme_id,
            cluster_run_findings.c.placement,
        ).where(cluster_run_findings.c.run_id == run.id)
    ).all()
