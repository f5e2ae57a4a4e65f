"""What the theme pages read: themes with their evidence, runs, history and the unclustered.

Findings are always read through the evidence API, so a finding whose participant's consent
has lapsed never shows in a theme even before anyone removes it.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort

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
from research_notes.findings.search import ResultsPage
from research_notes.models import Finding

STATUS_ORDER = {"accepted": 0, "suggested": 1, "rejected": 2, "merged": 3}
# A theme's page lists its findings this many at a time (a theme of 10,000 findings holds hundreds).
FINDINGS_PER_PAGE = 50


@dataclass
class ThemeCard:
    """A theme as the review page shows it: strength first, three quotes, what to do next.

    ``findings`` holds one page of its usable member findings, loaded only for a theme's own
    page (``card``), and ``page`` says which.
    """

    theme: Theme
    strength: evidence.EvidenceStrength
    representatives: list[Finding]
    offered: int = 0
    findings: list[Finding] = field(default_factory=list)
    page: ResultsPage | None = None


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


def cards(discovery, statuses: Iterable[str] = LIVE_STATUSES) -> list[ThemeCard]:
    """Themes with these statuses, strongest evidence first (participants, then findings)."""
    themes = list(
        db.session.scalars(
            sa.select(Theme).where(Theme.discovery_id == discovery.id, Theme.status.in_(list(statuses)))
        )
    )
    result = _cards(discovery, themes)
    result.sort(
        key=lambda c: (
            STATUS_ORDER[c.theme.status],
            -c.strength.participants,
            -c.strength.findings,
            c.theme.label_key,
        )
    )
    return result


def _cards(discovery, themes: list[Theme]) -> list[ThemeCard]:
    """Cards for these themes, counted in the database: only the representatives are loaded
    as findings, so the themes page runs the same few queries however many findings the themes
    hold (loading every member took seconds a page at 10,000 findings)."""
    if not themes:
        return []
    ids = [t.id for t in themes]
    usable = evidence.usable_clause(discovery, purpose=evidence.Purpose.ANALYSIS)
    members = (
        sa.select(ThemeMembership.theme_id, Finding.participant_id, sa.func.count())
        .join(Finding, Finding.id == ThemeMembership.finding_id)
        .where(ThemeMembership.theme_id.in_(ids), ThemeMembership.state == "member", usable)
        .group_by(ThemeMembership.theme_id, Finding.participant_id)
    )
    counts: dict[uuid.UUID, dict] = {i: {} for i in ids}
    for theme_id, participant_id, n in db.session.execute(members):
        counts[theme_id][participant_id] = n
    offered = dict(
        db.session.execute(
            sa.select(ThemeMembership.theme_id, sa.func.count())
            .where(ThemeMembership.theme_id.in_(ids), ThemeMembership.state == "offered")
            .group_by(ThemeMembership.theme_id)
        ).all()
    )
    picked = _representative_ids(ids, usable)
    found = _usable(discovery, {i for chosen in picked.values() for i in chosen})
    participants = evidence.participants_by_id(discovery)
    return [
        ThemeCard(
            theme=theme,
            strength=evidence.strength_of(counts[theme.id], participants),
            representatives=[found[i] for i in picked.get(theme.id, []) if i in found],
            offered=offered.get(theme.id, 0),
        )
        for theme in themes
    ]


def _representative_ids(theme_ids: list[uuid.UUID], usable) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Up to three usable findings a theme, to quote on its card: the ones the run marked
    representative, most similar first, then its most similar other members."""
    rank = (
        sa.func.row_number()
        .over(
            partition_by=ThemeMembership.theme_id,
            order_by=(
                ThemeMembership.is_representative.desc(),
                sa.func.coalesce(ThemeMembership.similarity, 0).desc(),
                Finding.created_at,
                Finding.id,
            ),
        )
        .label("rank")
    )
    ranked = (
        sa.select(ThemeMembership.theme_id, ThemeMembership.finding_id, rank)
        .join(Finding, Finding.id == ThemeMembership.finding_id)
        .where(
            ThemeMembership.theme_id.in_(theme_ids),
            sa.or_(ThemeMembership.is_representative, ThemeMembership.state == "member"),
            usable,
        )
        .subquery()
    )
    picked: dict[uuid.UUID, list[uuid.UUID]] = {}
    top = sa.select(ranked.c.theme_id, ranked.c.finding_id).where(ranked.c.rank <= 3).order_by(ranked.c.rank)
    for theme_id, finding_id in db.session.execute(top):
        picked.setdefault(theme_id, []).append(finding_id)
    return picked


def card(theme: Theme, page: int = 1, per_page: int = FINDINGS_PER_PAGE) -> ThemeCard:
    """One theme's card with one page of its usable member findings, in the order they were
    made (``page`` is moved into range)."""
    (result,) = _cards(theme.discovery, [theme])
    total = result.strength.findings
    page = min(max(1, page), max(1, math.ceil(total / per_page)))
    shown = list(
        db.session.scalars(
            sa.select(ThemeMembership.finding_id)
            .join(Finding, Finding.id == ThemeMembership.finding_id)
            .where(
                ThemeMembership.theme_id == theme.id,
                ThemeMembership.state == "member",
                evidence.usable_clause(theme.discovery, purpose=evidence.Purpose.ANALYSIS),
            )
            .order_by(Finding.created_at, Finding.id)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    found = _usable(theme.discovery, set(shown))
    result.findings = [found[i] for i in shown if i in found]
    result.page = ResultsPage(result.findings, total, page, per_page)
    return result


def other_live_themes(theme: Theme) -> list[Theme]:
    """The discovery's other suggested and accepted themes, accepted first, by label: where a
    theme's findings can be moved to (without counting anyone's evidence)."""
    themes = db.session.scalars(
        sa.select(Theme).where(
            Theme.discovery_id == theme.discovery_id, Theme.status.in_(LIVE_STATUSES), Theme.id != theme.id
        )
    )
    return sorted(themes, key=lambda t: (STATUS_ORDER[t.status], t.label_key))


def offered_findings(theme: Theme) -> list[Finding]:
    offered = db.session.execute(
        sa.select(ThemeMembership.finding_id, ThemeMembership.similarity).where(
            ThemeMembership.theme_id == theme.id, ThemeMembership.state == "offered"
        )
    ).all()
    usable = _usable(theme.discovery, {finding_id for finding_id, _ in offered})
    order = sorted(
        (row for row in offered if row.finding_id in usable), key=lambda row: -(row.similarity or 0)
    )
    return [usable[row.finding_id] for row in order]


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
    if limit == 0:  # how many only (the themes page): counted in the database
        usable = evidence.usable_clause(discovery, purpose=evidence.Purpose.ANALYSIS)
        count = sa.select(sa.func.count()).select_from(Finding).where(usable, Finding.id.not_in(in_themes))
        return db.session.scalar(count), []
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
