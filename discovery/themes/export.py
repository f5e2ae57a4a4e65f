"""A run's themes as CSV: one row per finding, the open format squads take into a spreadsheet.

For the latest run the rows say where each finding stands now, after the squad's review
(accepted, renamed, merged); for an earlier run they say where the run put it, under the
theme's current name where the theme still exists.
"""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from discovery.extensions import db
from discovery.themes import services
from discovery.themes.models import LIVE_STATUSES, ClusterRun, Theme, ThemeMembership
from research_notes import evidence
from research_notes.findings.export import safe_cell

COLUMNS = ["theme", "status", "finding_id", "text", "participant"]
ADDITION = "suggested addition"
UNCLUSTERED = "unclustered"


def theme_rows(run: ClusterRun, *, latest: bool) -> list[list[str]]:
    placed = services.run_rows(run)
    ids = {finding_id for finding_id, _theme, _placement in placed}
    findings = (
        {
            f.id: f
            for f in evidence.usable_findings(
                run.discovery,
                purpose=evidence.Purpose.ANALYSIS,
                filters=evidence.EvidenceFilters.of(finding_ids=ids),
            )
        }
        if ids
        else {}
    )
    themes = {
        t.id: t for t in db.session.scalars(sa.select(Theme).where(Theme.discovery_id == run.discovery_id))
    }
    where: dict = {}
    if latest:
        for theme_id, finding_id, state in db.session.execute(
            sa.select(ThemeMembership.theme_id, ThemeMembership.finding_id, ThemeMembership.state)
            .join(Theme, Theme.id == ThemeMembership.theme_id)
            .where(Theme.discovery_id == run.discovery_id, Theme.status.in_(LIVE_STATUSES))
        ):
            if state == "member":
                where[finding_id] = (themes[theme_id].label, themes[theme_id].status)
            elif state == "offered":
                where.setdefault(finding_id, (themes[theme_id].label, ADDITION))
    else:
        for finding_id, theme_id, placement in placed:
            theme = themes.get(theme_id)
            if theme is not None and placement != UNCLUSTERED:
                where[finding_id] = (theme.label, ADDITION if placement == "addition" else theme.status)
    rows = []
    for finding_id, _theme, _placement in placed:
        finding = findings.get(finding_id)
        if finding is None:
            continue
        label, status = where.get(finding_id, ("", UNCLUSTERED))
        person = finding.participant.pseudonym if finding.participant else ""
        rows.append([label, status, str(finding_id), finding.text, person])
    order = {"accepted": 0, "suggested": 1, ADDITION: 2, UNCLUSTERED: 3}
    rows.sort(key=lambda r: (order.get(r[1], 4), r[0].casefold(), r[4], r[2]))
    return rows


def themes_csv(run: ClusterRun, *, latest: bool) -> str:
    """UTF-8 with a byte-order mark, so Excel shows Welsh letters correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in theme_rows(run, latest=latest):
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()
