"""What a squad does to themes: accept, rename, reject, merge, split, move, remove, create, undo.

Every action is one ``ThemeChange`` holding the affected themes before and after (labels,
statuses and finding ids, never text) and an audit event. Undo restores "before" only while
every affected theme still holds exactly what the change left (label, status, findings), so
undoing never silently throws away somebody's later work: changes are undone newest first.

Two reviewers acting on one theme at once: each form carries the theme's version, and a save
against an older version is refused with ``StaleThemeError`` (the page shows the theme as it
now is); the database's version counter is the backstop for a race between two saves.

A finding is a member of at most one live (suggested or accepted) theme: moving it, adding it
to a theme by hand or accepting it as an addition takes it out of any other live theme.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import Discovery, User
from discovery.core.writes import DuplicateValueError, unique
from discovery.extensions import db
from discovery.themes.models import LIVE_STATUSES, Theme, ThemeChange, ThemeMembership, label_key
from research_notes import evidence

MAX_SPLIT = 8
LABEL_MAX = 120


class ReviewError(ValueError):
    """An action that cannot be done; the message says why, for the page to show."""


class StaleThemeError(ReviewError):
    """The theme changed since the reviewer's page was drawn."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme.label)
        self.theme = theme


class CannotUndoError(ReviewError):
    """Undoing would overwrite a later change, or the change was already undone."""


def check_version(theme: Theme, version: int | str | None) -> None:
    """Refuse a form drawn from an older version of ``theme``."""
    try:
        posted = int(version) if version not in (None, "") else None
    except (TypeError, ValueError):
        posted = None
    if posted is None or posted != theme.version:
        raise StaleThemeError(theme)


# Snapshots and recording ------------------------------------------------------------------------


def _snapshot(theme: Theme) -> dict:
    states: dict[str, list] = {"member": [], "offered": [], "declined": []}
    for m in sorted(theme.memberships, key=lambda m: str(m.finding_id)):
        states[m.state].append([str(m.finding_id), m.similarity, bool(m.is_representative)])
    return {
        "label": theme.label,
        "description": theme.description,
        "status": theme.status,
        "merged_into_id": str(theme.merged_into_id) if theme.merged_into_id else None,
        "needs_review": theme.needs_review,
        "version": theme.version,
        **states,
    }


def _touch(theme: Theme) -> None:
    """Make the flush UPDATE the theme row, so its version moves even when only members changed."""
    theme.updated_at = utcnow()


def _before(themes: Iterable[Theme]) -> dict:
    return {str(t.id): _snapshot(t) for t in themes}


def _record(
    action: str, discovery: Discovery, actor: User | None, before: dict, themes: Sequence[Theme], **summary
) -> ThemeChange:
    for theme in themes:
        _touch(theme)
    try:
        db.session.flush()
    except sa.orm.exc.StaleDataError:
        db.session.rollback()
        raise StaleThemeError(themes[0]) from None
    after = {str(t.id): _snapshot(t) for t in themes}
    change = ThemeChange(
        discovery_id=discovery.id,
        action=action,
        summary=summary,
        before=before,
        after=after,
        actor_id=actor.id if actor else None,
    )
    change.themes = list({t.id: t for t in themes}.values())
    db.session.add(change)
    audit.record(
        f"theme_{action}",
        themes[0],
        actor=actor,
        discovery_id=discovery.id,
        themes=[str(t.id) for t in themes],
        **summary,
    )
    return change


def _membership(theme: Theme, finding_id: uuid.UUID) -> ThemeMembership | None:
    return next((m for m in theme.memberships if m.finding_id == finding_id), None)


def _release(finding_ids: set[uuid.UUID], discovery: Discovery, keep: Theme | None = None) -> list[Theme]:
    """Take these findings out of every live theme but ``keep``; the themes that lost some."""
    rows = db.session.scalars(
        sa.select(ThemeMembership)
        .join(Theme, Theme.id == ThemeMembership.theme_id)
        .where(
            Theme.discovery_id == discovery.id,
            Theme.status.in_(LIVE_STATUSES),
            ThemeMembership.finding_id.in_(finding_ids),
            ThemeMembership.state.in_(("member", "offered")),
        )
    ).all()
    touched = {}
    for row in rows:
        if keep is not None and row.theme_id == keep.id:
            continue
        touched[row.theme_id] = row.theme
    return list(touched.values())


def _drop(theme: Theme, finding_ids: set[uuid.UUID]) -> None:
    for m in [m for m in theme.memberships if m.finding_id in finding_ids and m.state != "declined"]:
        theme.memberships.remove(m)


def _add_members(theme: Theme, finding_ids: Iterable[uuid.UUID]) -> None:
    for finding_id in finding_ids:
        existing = _membership(theme, finding_id)
        if existing is None:
            theme.memberships.append(ThemeMembership(finding_id=finding_id, state="member"))
        else:
            existing.state = "member"


def _live(theme: Theme) -> None:
    if not theme.is_live:
        raise ReviewError(_l("This theme was rejected or merged. Undo that first to change it."))


def label_taken(discovery: Discovery, label: str, except_theme: Theme | None = None) -> bool:
    query = sa.select(Theme.id).where(
        Theme.discovery_id == discovery.id,
        Theme.status.in_(LIVE_STATUSES),
        Theme.label_key == label_key(label),
    )
    if except_theme is not None:
        query = query.where(Theme.id != except_theme.id)
    return db.session.scalar(query.limit(1)) is not None


def _set_label(theme: Theme, label: str) -> None:
    label = " ".join((label or "").split())
    if not label:
        raise ReviewError(_l("Enter a name for the theme"))
    if len(label) > LABEL_MAX:
        raise ReviewError(_l("The theme’s name must be %(max)d characters or fewer", max=LABEL_MAX))
    if label_taken(theme.discovery, label, theme):
        raise DuplicateValueError("label")
    with unique("label"):
        theme.label = label


# The actions -------------------------------------------------------------------------------------


def accept(theme: Theme, actor: User | None) -> ThemeChange:
    _live(theme)
    before = _before([theme])
    theme.status = "accepted"
    theme.needs_review = False
    theme.review_reason = ""
    return _record("accepted", theme.discovery, actor, before, [theme], label=theme.label)


def reject(theme: Theme, actor: User | None) -> ThemeChange:
    _live(theme)
    before = _before([theme])
    theme.status = "rejected"
    theme.memberships[:] = [m for m in theme.memberships if m.state == "member"]
    return _record("rejected", theme.discovery, actor, before, [theme], label=theme.label)


def mark_reviewed(theme: Theme, actor: User | None) -> ThemeChange:
    before = _before([theme])
    theme.needs_review = False
    theme.review_reason = ""
    return _record("reviewed", theme.discovery, actor, before, [theme], label=theme.label)


def rename(theme: Theme, label: str, description: str, actor: User | None) -> ThemeChange:
    _live(theme)
    before = _before([theme])
    old = theme.label
    _set_label(theme, label)
    theme.description = (description or "").strip()
    return _record("renamed", theme.discovery, actor, before, [theme], label=theme.label, previous_label=old)


def merge(target: Theme, sources: Sequence[Theme], actor: User | None) -> ThemeChange:
    """Move every member of ``sources`` into ``target``; the sources become "merged" history."""
    _live(target)
    sources = [s for s in {s.id: s for s in sources}.values()]
    if not sources:
        raise ReviewError(_l("Select at least one other theme to merge into this one"))
    if any(s.id == target.id for s in sources):
        raise ReviewError(_l("A theme cannot be merged with itself. Select a different theme"))
    for source in sources:
        _live(source)
        if source.discovery_id != target.discovery_id:
            raise ReviewError(_l("Themes can only be merged within one discovery"))
    before = _before([target, *sources])
    moved = set()
    for source in sources:
        members = {m.finding_id for m in source.memberships if m.state == "member"}
        moved |= members
        source.status = "merged"
        source.merged_into_id = target.id
        source.memberships[:] = [m for m in source.memberships if m.state == "member"]
    _add_members(target, moved)
    return _record(
        "merged",
        target.discovery,
        actor,
        before,
        [target, *sources],
        label=target.label,
        merged=[s.label for s in sources],
        findings=len(moved),
    )


@dataclass(frozen=True)
class SplitPart:
    label: str
    keywords: tuple[str, ...]
    finding_ids: tuple[uuid.UUID, ...]


def split_preview(theme: Theme, parts: int, seed: int = 0) -> list[SplitPart]:
    """Re-cluster the theme's members into ``parts`` groups, largest first, saving nothing.

    The same members and seed always give the same parts, so what is applied is what was seen.
    """
    import numpy as np

    from nlp.cluster import split_into
    from nlp.label import label_themes

    _live(theme)
    members = _usable_members(theme)
    if len(members) < 2:
        raise ReviewError(_l("A theme needs at least 2 findings to be split"))
    if not 2 <= parts <= min(MAX_SPLIT, len(members)):
        raise ReviewError(
            _l("Enter a number of themes from 2 to %(max)d", max=min(MAX_SPLIT, len(members)))
            if len(members) > 2
            else _l("A theme of 2 findings can only be split into 2")
        )
    texts = [f.text for f in members]
    vectors = evidence.finding_vectors(theme.discovery, [evidence.FindingText(f.id, f.text) for f in members])
    labels = split_into(vectors, parts, random_state=seed)
    taken = db.session.scalars(
        sa.select(Theme.label).where(
            Theme.discovery_id == theme.discovery_id, Theme.status.in_(LIVE_STATUSES)
        )
    )
    described = {d.theme_id: d for d in label_themes(texts, labels, vectors, taken=list(taken))}
    groups = []
    for index in range(parts):
        ids = tuple(members[i].id for i in np.flatnonzero(labels == index))
        d = described.get(index)
        groups.append(SplitPart(d.label if d else theme.label, tuple(d.keywords) if d else (), ids))
    return sorted(groups, key=lambda g: (-len(g.finding_ids), g.label))


def split(theme: Theme, parts: int, actor: User | None, seed: int = 0) -> ThemeChange:
    """Apply ``split_preview``: the theme keeps the largest part; each other part is a new theme."""
    preview = split_preview(theme, parts, seed)
    before = _before([theme])
    keep = set(preview[0].finding_ids)
    _drop(theme, {m.finding_id for m in theme.memberships if m.state == "member"} - keep)
    taken = set()
    created = []
    for part in preview[1:]:
        label = _free_label(theme.discovery, f"{theme.label}: {part.label}", taken)
        new = Theme(
            id=uuid.uuid4(),
            discovery_id=theme.discovery_id,
            cluster_run_id=theme.cluster_run_id,
            label=label,
            status=theme.status,
            origin="split",
            keywords=list(part.keywords),
            created_by_id=actor.id if actor else None,
        )
        db.session.add(new)
        _add_members(new, part.finding_ids)
        created.append(new)
    return _record(
        "split", theme.discovery, actor, before, [theme, *created], label=theme.label, parts=len(preview)
    )


def _free_label(discovery: Discovery, label: str, taken: set[str]) -> str:
    label = " ".join(label.split())[: LABEL_MAX - 6]
    candidate, n = label, 1
    while label_key(candidate) in taken or label_taken(discovery, candidate):
        n += 1
        candidate = f"{label} ({n})"
    taken.add(label_key(candidate))
    return candidate


def move_findings(
    discovery: Discovery,
    finding_ids: Iterable[uuid.UUID],
    target: Theme | None,
    actor: User | None,
    *,
    new_label: str = "",
    source: Theme | None = None,
) -> ThemeChange:
    """Move findings (from ``source``, or from wherever they are) into ``target`` or a new theme."""
    ids = set(finding_ids)
    if not ids:
        raise ReviewError(_l("Select at least one finding to move"))
    usable = set(
        evidence.usable_finding_ids(
            discovery, purpose=evidence.Purpose.ANALYSIS, filters=evidence.EvidenceFilters.of(finding_ids=ids)
        )
    )
    if usable != ids:
        raise ReviewError(
            _l("Some of the selected findings can no longer be used. Reload the page and try again")
        )
    if target is None:
        if not new_label.strip():
            raise ReviewError(_l("Enter a name for the new theme, or choose a theme to move the findings to"))
        return create_theme(
            discovery, new_label, "", ids, actor, status=source.status if source else "accepted"
        )
    _live(target)
    if source is not None and source.id == target.id:
        raise ReviewError(_l("Choose a different theme to move the findings to"))
    losers = _release(ids, discovery, keep=target)
    before = _before([target, *losers])
    for theme in losers:
        _drop(theme, ids)
    _add_members(target, ids)
    return _record(
        "moved",
        discovery,
        actor,
        before,
        [target, *losers],
        label=target.label,
        findings=len(ids),
        from_labels=[t.label for t in losers],
    )


def remove_findings(theme: Theme, finding_ids: Iterable[uuid.UUID], actor: User | None) -> ThemeChange:
    """Take findings out, as one change; they are remembered as declined so no later run offers
    them back to this theme."""
    _live(theme)
    chosen = [_membership(theme, finding_id) for finding_id in set(finding_ids)]
    if not chosen or any(m is None or m.state != "member" for m in chosen):
        raise ReviewError(_l("That finding is not in this theme"))
    before = _before([theme])
    for membership in chosen:
        membership.state = "declined"
        membership.is_representative = False
    return _record(
        "finding_removed", theme.discovery, actor, before, [theme], label=theme.label, findings=len(chosen)
    )


def create_theme(
    discovery: Discovery,
    label: str,
    description: str,
    finding_ids: Iterable[uuid.UUID],
    actor: User | None,
    *,
    status: str = "accepted",
) -> ThemeChange:
    """A theme made by hand is a person's decision, so it starts accepted."""
    ids = set(finding_ids)
    if not ids:
        raise ReviewError(_l("Select at least one finding for the new theme"))
    label = " ".join((label or "").split())
    if not label:
        raise ReviewError(_l("Enter a name for the theme"))
    if len(label) > LABEL_MAX:
        raise ReviewError(_l("The theme’s name must be %(max)d characters or fewer", max=LABEL_MAX))
    if label_taken(discovery, label):
        raise DuplicateValueError("label")
    losers = _release(ids, discovery)
    before = _before(losers)
    theme = Theme(
        id=uuid.uuid4(),
        discovery_id=discovery.id,
        label=label,
        description=(description or "").strip(),
        status=status,
        origin="manual",
        created_by_id=actor.id if actor else None,
    )
    with unique("label"):
        db.session.add(theme)
    for loser in losers:
        _drop(loser, ids)
    _add_members(theme, ids)
    return _record("created", discovery, actor, before, [theme, *losers], label=label, findings=len(ids))


def accept_additions(theme: Theme, finding_ids: Iterable[uuid.UUID], actor: User | None) -> ThemeChange:
    _live(theme)
    ids = {m.finding_id for m in theme.memberships if m.state == "offered"} & set(finding_ids)
    if not ids:
        raise ReviewError(_l("Select at least one suggested addition"))
    losers = _release(ids, theme.discovery, keep=theme)
    before = _before([theme, *losers])
    for loser in losers:
        _drop(loser, ids)
    _add_members(theme, ids)
    return _record(
        "additions_accepted",
        theme.discovery,
        actor,
        before,
        [theme, *losers],
        label=theme.label,
        findings=len(ids),
    )


def decline_additions(theme: Theme, finding_ids: Iterable[uuid.UUID], actor: User | None) -> ThemeChange:
    _live(theme)
    chosen = set(finding_ids)
    offered = [m for m in theme.memberships if m.state == "offered" and m.finding_id in chosen]
    if not offered:
        raise ReviewError(_l("Select at least one suggested addition"))
    before = _before([theme])
    for m in offered:
        m.state = "declined"
    return _record(
        "additions_declined",
        theme.discovery,
        actor,
        before,
        [theme],
        label=theme.label,
        findings=len(offered),
    )


# Undo --------------------------------------------------------------------------------------------


def undo(change: ThemeChange, actor: User | None) -> ThemeChange:
    """Put the themes back as they were before ``change``, if nothing has changed them since."""
    if change.undone_at is not None:
        raise CannotUndoError(_l("This change has already been undone"))
    themes = {
        str(t.id): t for t in db.session.scalars(sa.select(Theme).where(Theme.id.in_(_ids(change.after))))
    }
    if not left_as_it_was(change, themes):
        raise CannotUndoError(
            _l(
                "This change cannot be undone because a theme it changed has been changed again since. "
                "Undo the later changes first"
            )
        )
    live_ids = set(
        evidence.usable_finding_ids(
            change_discovery(change),
            purpose=evidence.Purpose.ANALYSIS,
            filters=evidence.EvidenceFilters.of(finding_ids=_finding_ids(change.before)),
        )
    )
    _refuse_taken_labels(change, themes)
    restored = []
    for theme_id, theme in themes.items():
        snapshot = change.before.get(theme_id)
        if snapshot is None:
            db.session.delete(theme)  # made by the change
            continue
        theme.status = snapshot["status"]
        theme.merged_into_id = uuid.UUID(snapshot["merged_into_id"]) if snapshot["merged_into_id"] else None
        theme.needs_review = snapshot["needs_review"]
        theme.description = snapshot["description"]
        theme.memberships[:] = []
        restored.append((theme, snapshot))
    db.session.flush()
    for theme, snapshot in restored:
        theme.label = snapshot["label"]
        for state in ("member", "offered", "declined"):
            for finding_id, similarity, representative in snapshot[state]:
                finding_uuid = uuid.UUID(finding_id)
                if finding_uuid in live_ids:
                    theme.memberships.append(
                        ThemeMembership(
                            finding_id=finding_uuid,
                            state=state,
                            similarity=similarity,
                            is_representative=representative,
                        )
                    )
        _touch(theme)
    change.undone_at = utcnow()
    change.undone_by_id = actor.id if actor else None
    db.session.flush()
    audit.record(
        "theme_change_undone",
        change,
        actor=actor,
        discovery_id=change.discovery_id,
        action_undone=change.action,
        themes=list(change.after),
    )
    return change


def left_as_it_was(change: ThemeChange, themes: dict[str, Theme] | None = None) -> bool:
    """Whether every theme the change touched is still exactly as the change left it.

    Compared by what the theme holds (label, status, findings…), not by its version: undoing
    the later changes puts a theme back as this change left it, but with a newer version, and
    this change must then be undoable, as "Undo the later changes first" promises.
    """
    if themes is None:
        themes = {
            str(t.id): t for t in db.session.scalars(sa.select(Theme).where(Theme.id.in_(_ids(change.after))))
        }

    def content(snapshot: dict) -> dict:
        return {key: value for key, value in snapshot.items() if key != "version"}

    return all(
        theme_id in themes and content(_snapshot(themes[theme_id])) == content(after)
        for theme_id, after in change.after.items()
    )


def _refuse_taken_labels(change: ThemeChange, themes: dict[str, Theme]) -> None:
    """Refuse, before anything is changed, an undo that would give a live theme a taken label.

    Checked first because a refusal is shown on a redirect, whose request commits: a check
    made half-way would leave the themes half-restored (without their findings).
    """
    in_change = [t.id for t in themes.values()]
    for theme_id, snapshot in change.before.items():
        if theme_id not in themes or snapshot["status"] not in LIVE_STATUSES:
            continue
        taken = db.session.scalar(
            sa.select(Theme.id)
            .where(
                Theme.discovery_id == change.discovery_id,
                Theme.status.in_(LIVE_STATUSES),
                Theme.label_key == label_key(snapshot["label"]),
                Theme.id.not_in(in_change),
            )
            .limit(1)
        )
        if taken is not None:
            raise CannotUndoError(
                _l(
                    "This change cannot be undone because another theme is now called ‘%(label)s’. "
                    "Rename that theme first",
                    label=snapshot["label"],
                )
            )


def change_discovery(change: ThemeChange) -> Discovery:
    return db.session.get(Discovery, change.discovery_id)


def _ids(snapshots: dict) -> list[uuid.UUID]:
    return [uuid.UUID(theme_id) for theme_id in snapshots]


def _finding_ids(snapshots: dict) -> set[uuid.UUID]:
    return {
        uuid.UUID(finding_id)
        for snapshot in snapshots.values()
        for state in ("member", "offered", "declined")
        for finding_id, _similarity, _representative in snapshot[state]
    }


def _usable_members(theme: Theme):
    ids = {m.finding_id for m in theme.memberships if m.state == "member"}
    if not ids:
        return []
    return evidence.usable_findings(
        theme.discovery,
        purpose=evidence.Purpose.ANALYSIS,
        filters=evidence.EvidenceFilters.of(finding_ids=ids),
    )


# Consent withdrawal --------------------------------------------------------------------------------


def flag_themes_losing(discovery_id: uuid.UUID, finding_ids: set[uuid.UUID]) -> None:
    """Erasure hook: themes that are about to lose findings are flagged for the squad to review."""
    losing = sa.select(ThemeMembership.theme_id).where(
        ThemeMembership.finding_id.in_(finding_ids), ThemeMembership.state == "member"
    )
    themes = db.session.scalars(
        sa.select(Theme).where(
            Theme.discovery_id == discovery_id, Theme.status.in_(LIVE_STATUSES), Theme.id.in_(losing)
        )
    ).all()
    for theme in themes:
        lost = sum(1 for m in theme.memberships if m.finding_id in finding_ids and m.state == "member")
        theme.needs_review = True
        theme.review_reason = "consent_withdrawn"
        audit.record("theme_flagged", theme, discovery_id=discovery_id, reason="consent_withdrawn", lost=lost)
