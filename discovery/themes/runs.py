"""Starting a theme run, and saving what it found in the job's one final transaction.

What a new run does to the themes already there:

- accepted themes keep exactly their members; findings that fit one are *offered* to it as
  suggested additions (unless the squad declined that finding for that theme before);
- suggested themes nobody accepted are replaced by the new suggestions (the run page says so
  before the squad starts it);
- rejected and merged themes are history and stay as they are.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from discovery import jobs
from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import Discovery, Job, User
from discovery.extensions import db
from discovery.themes import engine
from discovery.themes.models import ClusterRun, Theme, ThemeMembership, cluster_run_findings, label_key
from research_notes import evidence
from research_notes.models import Tag

TASK_KIND = "cluster_themes"
REPRESENTATIVES = 3


@dataclass(frozen=True)
class ClusterPayload:
    """What a squad asked for. Filters are lists of ids or vocabulary keys, as strings."""

    granularity: str = "default"
    seed_from_tags: bool = False
    seed: int = 0
    tag_ids: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    authority_ids: list[str] = field(default_factory=list)
    journey_stages: list[str] = field(default_factory=list)
    note_ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.granularity not in engine.GRANULARITY:
            raise ValueError(f"granularity must be one of {sorted(engine.GRANULARITY)}")
        for name in ("tag_ids", "authority_ids", "note_ids"):
            for value in getattr(self, name):
                uuid.UUID(str(value))

    @property
    def filters(self) -> evidence.EvidenceFilters:
        return evidence.EvidenceFilters.of(
            tag_ids=[uuid.UUID(v) for v in self.tag_ids],
            kinds=self.kinds,
            segments=self.segments,
            authority_ids=[uuid.UUID(v) for v in self.authority_ids],
            journey_stages=self.journey_stages,
            note_ids=[uuid.UUID(v) for v in self.note_ids],
        )

    @property
    def filtered(self) -> bool:
        return any(
            getattr(self, name)
            for name in ("tag_ids", "kinds", "segments", "authority_ids", "journey_stages", "note_ids")
        )


class RunInProgressError(Exception):
    """A discovery runs one theme run at a time: two would both replace the same suggestions."""

    def __init__(self, job: Job) -> None:
        super().__init__("A theme run is already going for this discovery")
        self.job = job


def start_run(discovery: Discovery, user: User | None, payload: ClusterPayload) -> Job:
    """Queue a run (it starts when the caller's transaction commits); refuse a second at once."""
    running = jobs.active_job(discovery, TASK_KIND)
    if running is not None:
        raise RunInProgressError(running)
    job = jobs.enqueue(TASK_KIND, payload, discovery=discovery, user=user)
    audit.record("theme_run_started", job, actor=user, discovery_id=discovery.id, **_describe(payload))
    return job


def _describe(payload: ClusterPayload) -> dict:
    return {
        "granularity": payload.granularity,
        "seed_from_tags": payload.seed_from_tags,
        "filtered": payload.filtered,
    }


def latest_run(discovery: Discovery) -> ClusterRun | None:
    return db.session.scalars(
        sa.select(ClusterRun)
        .where(ClusterRun.discovery_id == discovery.id)
        .order_by(ClusterRun.created_at.desc())
        .limit(1)
    ).first()


def replaceable_count(discovery: Discovery) -> int:
    """How many suggested themes a new run would replace (said on the page before starting)."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Theme)
        .where(Theme.discovery_id == discovery.id, Theme.status == "suggested")
    )


# The job ------------------------------------------------------------------------------------

STAGES = {
    "read": _l("Reading findings"),
    "embed": _l("Reading the meaning of each finding"),
    "cluster": _l("Grouping similar findings"),
    "describe": _l("Describing the themes"),
    "map": _l("Drawing the theme map"),
    "save": _l("Saving the themes"),
}
# Two fixed messages, not one with a count: a job's error is stored as a message id and shown
# without parameters, so "%(count)d" would reach the page as it is.
NOT_ENOUGH = {
    0: _l(
        "Themes could not be suggested: there must be at least 2 findings that can be used, and there "
        "are none. Highlight more findings, or remove some filters, then try again."
    ),
    1: _l(
        "Themes could not be suggested: there must be at least 2 findings that can be used, and there "
        "is only 1. Highlight more findings, or remove some filters, then try again."
    ),
}
CHANGED_WHILE_RUNNING = _l(
    "Some findings were deleted while the themes were being suggested, so nothing was saved. Run it again."
)


def run_task(ctx: jobs.JobContext[ClusterPayload]) -> jobs.JobResult:
    """The ``cluster_themes`` task: everything it writes commits with the job's success."""

    def progress(stage: str, percent: int) -> None:
        ctx.progress(STAGES[stage], percent)

    try:
        run = suggest_and_save(ctx.discovery, ctx.user, ctx.payload, progress=progress, job_id=ctx.job_id)
    except engine.NotEnoughFindings as exc:
        raise jobs.JobError(NOT_ENOUGH[min(exc.count, 1)], f"{exc.count} usable findings") from None
    except sa.exc.IntegrityError as exc:
        raise jobs.JobError(CHANGED_WHILE_RUNNING, str(exc)[:500]) from None
    return jobs.JobResult(type="cluster_run", id=run.id, data={"themes": run.theme_count})


def suggest_and_save(
    discovery: Discovery,
    user: User | None,
    payload: ClusterPayload,
    *,
    progress: engine.Progress | None = None,
    job_id: uuid.UUID | None = None,
) -> ClusterRun:
    """Read the usable findings, run the engine and save the run (flushed, not committed).

    The job calls it with progress; the demo loader calls it directly. Raises
    NotEnoughFindings, and IntegrityError when a finding vanished between reading and saving.
    """
    report = progress or (lambda _stage, _percent: None)
    started_at = utcnow()
    report("read", 5)
    texts = evidence.usable_finding_texts(
        discovery,
        purpose=evidence.Purpose.ANALYSIS,
        filters=payload.filters,
        with_root_tags=payload.seed_from_tags,
    )
    seeds = _seeds(discovery, texts, payload.seed_from_tags)
    if len(texts) < engine.MIN_FINDINGS:
        raise engine.NotEnoughFindings(len(texts))
    report("embed", 10)
    started = time.perf_counter()
    vectors = evidence.finding_vectors(
        discovery, texts, progress=lambda done, total: report("embed", 10 + (25 * done) // max(total, 1))
    )
    embedded = time.perf_counter() - started
    result = engine.suggest(
        [t.text for t in texts],
        seeds,
        granularity=payload.granularity,
        seed=payload.seed,
        vectors=vectors,
        progress=report,
    )
    result.timings = {"embed": embedded, **result.timings}
    report("save", 90)
    # Findings deleted, or participants withdrawn, while the run was going are left out.
    still_usable = set(
        evidence.usable_finding_ids(discovery, purpose=evidence.Purpose.ANALYSIS, filters=payload.filters)
    )
    run = save_run(
        discovery,
        user,
        payload,
        [t.id for t in texts],
        result,
        still_usable=still_usable,
        job_id=job_id,
        started_at=started_at,
    )
    db.session.flush()
    return run


def _seeds(discovery: Discovery, texts: list[evidence.FindingText], from_tags: bool) -> list[str | None]:
    accepted = dict(
        db.session.execute(
            sa.select(ThemeMembership.finding_id, ThemeMembership.theme_id)
            .join(Theme, Theme.id == ThemeMembership.theme_id)
            .where(
                Theme.discovery_id == discovery.id,
                Theme.status == "accepted",
                ThemeMembership.state == "member",
            )
        ).all()
    )
    seeds: list[str | None] = []
    for finding in texts:
        if finding.id in accepted:
            seeds.append(f"theme:{accepted[finding.id]}")
        elif from_tags and finding.root_tag_id is not None:
            seeds.append(f"tag:{finding.root_tag_id}")
        else:
            seeds.append(None)
    return seeds


# Saving ---------------------------------------------------------------------------------------


def save_run(
    discovery: Discovery,
    user: User | None,
    payload: ClusterPayload,
    finding_ids: list[uuid.UUID],
    result: engine.EngineResult,
    *,
    still_usable: set[uuid.UUID] | None = None,
    job_id: uuid.UUID | None = None,
    started_at=None,
) -> ClusterRun:
    """Replace the suggestions, offer additions to accepted themes and record the run."""
    usable = still_usable if still_usable is not None else set(finding_ids)
    previous = latest_run(discovery)
    replaced = _replace_suggestions(discovery)
    run = ClusterRun(
        id=uuid.uuid4(),
        discovery_id=discovery.id,
        job_id=job_id,
        previous_run_id=previous.id if previous else None,
        status="succeeded",
        params={**_describe(payload), "filters": _filters_json(payload), "seed": payload.seed},
        embedder=evidence.embedder_name(discovery),
        seed=payload.seed,
        code_version=_code_version(),
        finding_count=sum(1 for f in finding_ids if f in usable),
        started_by_id=user.id if user else None,
        started_at=started_at,
        finished_at=utcnow(),
        timings={k: round(v, 3) for k, v in result.timings.items()},
        quality=result.quality,
    )
    db.session.add(run)
    accepted = {
        str(t.id): t
        for t in db.session.scalars(
            sa.select(Theme).where(Theme.discovery_id == discovery.id, Theme.status == "accepted")
        )
    }
    tags = _seed_tags(discovery, result.groups)
    taken = {t.label_key for t in accepted.values()}
    existing = _existing_memberships(list(accepted.values()))
    theme_of_group: dict[int, Theme] = {}
    placements: dict[int, str] = {}
    offered = Counter()
    for group in result.groups:
        members = [i for i in group.members if finding_ids[i] in usable]
        if group.pinned_theme is not None:
            theme = accepted.get(group.pinned_theme)
            if theme is None:
                continue
            theme_of_group[group.index] = theme
            for i in members:
                state = existing.get((theme.id, finding_ids[i]))
                if state == "member":
                    placements[i] = "member"
                elif state is None:
                    placements[i] = "addition"
                    offered[theme.id] += 1
                    db.session.add(
                        ThemeMembership(
                            theme_id=theme.id,
                            finding_id=finding_ids[i],
                            state="offered",
                            similarity=float(result.similarity[i]),
                        )
                    )
            continue
        if not members:
            continue
        tag = tags.get(group.seed_tag) if group.seed_tag else None
        label = _unique_label(tag.name if tag else group.label, taken)
        theme = Theme(
            id=uuid.uuid4(),
            discovery_id=discovery.id,
            cluster_run_id=run.id,
            label=label,
            description=tag.description if tag and tag.description else "",
            status="suggested",
            origin="cluster",
            keywords=list(group.keywords),
            key_phrases=list(group.key_phrases),
        )
        db.session.add(theme)
        theme_of_group[group.index] = theme
        representatives = set(group.representatives)
        for i in members:
            placements[i] = "member"
            theme.memberships.append(
                ThemeMembership(
                    finding_id=finding_ids[i],
                    state="member",
                    is_representative=i in representatives,
                    similarity=float(result.similarity[i]),
                )
            )
    rows = []
    for i, finding_id in enumerate(finding_ids):
        if finding_id not in usable:
            continue
        group_index = int(result.labels[i])
        theme = theme_of_group.get(group_index)
        placement = placements.get(i, "unclustered")
        rows.append(
            {
                "run_id": run.id,
                "finding_id": finding_id,
                "theme_id": theme.id if theme is not None and placement != "unclustered" else None,
                "placement": placement,
                "group_index": group_index if placement != "unclustered" else -1,
                "x": float(result.xy[i, 0]),
                "y": float(result.xy[i, 1]),
                "similarity": float(result.similarity[i]),
            }
        )
    db.session.flush()
    if rows:
        db.session.execute(cluster_run_findings.insert(), rows)
    run.themes_snapshot = [
        {
            "index": index,
            "theme_id": str(theme.id),
            "label": theme.label,
            "status": theme.status,
            "members": sum(1 for p in rows if p["group_index"] == index and p["placement"] == "member"),
            "offered": offered.get(theme.id, 0),
        }
        for index, theme in sorted(theme_of_group.items())
    ]
    run.theme_count = sum(1 for s in run.themes_snapshot if s["status"] == "suggested")
    run.changes = compare_runs(previous, run.id, rows, theme_of_group, offered)
    run.changes["replaced"] = replaced
    audit.record(
        "theme_run_saved",
        run,
        actor=user,
        discovery_id=discovery.id,
        suggested=run.theme_count,
        offered=sum(offered.values()),
        replaced=replaced,
        findings=run.finding_count,
    )
    return run


def _replace_suggestions(discovery: Discovery) -> int:
    """Remove the suggestions nobody accepted, and the additions offered by the last run."""
    replaced = db.session.execute(
        sa.delete(Theme).where(Theme.discovery_id == discovery.id, Theme.status == "suggested")
    ).rowcount
    accepted = sa.select(Theme.id).where(Theme.discovery_id == discovery.id, Theme.status == "accepted")
    db.session.execute(
        sa.delete(ThemeMembership).where(
            ThemeMembership.state == "offered", ThemeMembership.theme_id.in_(accepted)
        )
    )
    return replaced


def _existing_memberships(themes: list[Theme]) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    if not themes:
        return {}
    rows = db.session.execute(
        sa.select(ThemeMembership.theme_id, ThemeMembership.finding_id, ThemeMembership.state).where(
            ThemeMembership.theme_id.in_([t.id for t in themes])
        )
    )
    return {(theme_id, finding_id): state for theme_id, finding_id, state in rows}


def _seed_tags(discovery: Discovery, groups: list[engine.Group]) -> dict[str, Tag]:
    wanted = {uuid.UUID(g.seed_tag) for g in groups if g.seed_tag}
    if not wanted:
        return {}
    tags = db.session.scalars(sa.select(Tag).where(Tag.discovery_id == discovery.id, Tag.id.in_(wanted)))
    return {str(t.id): t for t in tags}


def _unique_label(label: str, taken: set[str]) -> str:
    """The label, or "label (2)", "label (3)"… when a live theme already has it."""
    label = " ".join(label.split())[:110] or "Theme"
    candidate, n = label, 1
    while label_key(candidate) in taken:
        n += 1
        candidate = f"{label} ({n})"
    taken.add(label_key(candidate))
    return candidate


def _filters_json(payload: ClusterPayload) -> dict:
    return {
        name: list(getattr(payload, name))
        for name in ("tag_ids", "kinds", "segments", "authority_ids", "journey_stages", "note_ids")
        if getattr(payload, name)
    }


def _code_version() -> str:
    from nlp.pipeline import PIPELINE_VERSION

    return f"discovery {current_app.config['VERSION']}; {PIPELINE_VERSION}"


# What changed since the previous run -----------------------------------------------------------


def compare_runs(
    previous: ClusterRun | None,
    run_id: uuid.UUID,
    rows: list[dict],
    theme_of_group: dict[int, Theme],
    offered: Counter,
) -> dict:
    """Each theme of this run as new, grown or unchanged against the previous run's groups.

    A theme is *unchanged* when some previous group had exactly its members, *grown* when a
    previous group's members are all still in it (or, for an accepted theme, when findings are
    offered to it), and *new* otherwise. Previous groups matched by nothing are *gone*.
    """
    now: dict[int, set[uuid.UUID]] = {}
    for row in rows:
        if row["placement"] == "member":
            now.setdefault(row["group_index"], set()).add(row["finding_id"])
    before: dict[int, set[uuid.UUID]] = {}
    if previous is not None:
        for finding_id, group_index in db.session.execute(
            sa.select(cluster_run_findings.c.finding_id, cluster_run_findings.c.group_index).where(
                cluster_run_findings.c.run_id == previous.id,
                cluster_run_findings.c.placement == "member",
            )
        ):
            before.setdefault(group_index, set()).add(finding_id)
    themes, matched = [], set()
    for index, theme in sorted(theme_of_group.items(), key=lambda item: item[1].label):
        members = now.get(index, set())
        best, overlap = None, 0
        for old_index, old in before.items():
            shared = len(members & old)
            if shared > overlap:
                best, overlap = old_index, shared
        if best is not None:
            matched.add(best)
        old = before.get(best, set())
        if theme.status == "accepted":
            change = "grown" if offered.get(theme.id) else "unchanged"
        elif best is not None and old == members:
            change = "unchanged"
        elif best is not None and old <= members:
            change = "grown"
        else:
            change = "new"
        themes.append(
            {"theme_id": str(theme.id), "label": theme.label, "change": change, "members": len(members)}
        )
    counts = Counter(t["change"] for t in themes)
    return {
        "first_run": previous is None,
        "themes": themes,
        "new": counts["new"],
        "grown": counts["grown"],
        "unchanged": counts["unchanged"],
        "gone": 0 if previous is None else len(set(before) - matched),
    }


CLUSTER_TASK = jobs.Task(
    kind=TASK_KIND,
    run=run_task,
    title=_l("Suggest themes"),
    payload_type=ClusterPayload,
    capability="review_themes",
    result_url=lambda job: _result_url(job),
)


def _result_url(job: Job) -> str | None:
    from flask import url_for

    if not job.result_id:
        return None
    return url_for("themes.view_run", discovery_id=job.discovery_id, run_id=job.result_id)


def active_run_job(discovery: Discovery) -> Job | None:
    return jobs.active_job(discovery, TASK_KIND)
