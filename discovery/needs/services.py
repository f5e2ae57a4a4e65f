"""What the user-needs pages read and write: needs with their evidence, drafts from a theme.

A need's evidence is the findings it cites itself (``need_findings``), read through the
evidence API, so a finding whose participant's consent has lapsed stops counting the moment
it lapses, and one whose participant withdrew is gone with the erasure. The findings of the
need's linked themes are not added in: a theme can hold findings that support a different
need, and counting them would make every need of a big theme look equally strong.

Needs are compared by their statement, case- and space-blind: one discovery cannot hold
"As an unpaid carer, I need …" twice. There is no database constraint behind the check (the
schema has none), so two people saving the same words at the same moment could both succeed;
the list shows both and one can be deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from flask import abort
from flask_babel import force_locale
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from discovery.citations import replace_citations
from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import AuditEvent, Discovery, User
from discovery.core.vocab import NEED_STATUSES, SEGMENTS
from discovery.core.writes import DuplicateValueError
from discovery.extensions import db
from discovery.needs.models import UserNeed, need_findings, need_themes, statement_text
from discovery.themes.models import LIVE_STATUSES, Theme
from research_notes import evidence
from research_notes.models import Finding

WHO_MAX = 120
NEED_MAX = 300
GOAL_MAX = 300
GOAL_PLACEHOLDER = "[goal]"
"""What ``nlp.needs.draft_user_needs`` writes where a finding states no goal."""

READER_THEME_STATUSES = ("accepted",)
"""The themes a person who cannot review themes (an authority lead) may see linked."""

# Segment labels that are not a person: "As a council staff" does not read, so say it another way.
_WHO_INSTEAD = {
    "council_staff": "a member of council staff",
    "third_sector": "a volunteer or third-sector worker",
}


class NeedError(ValueError):
    """A change that cannot be made; the message says why."""


class StaleNeedError(NeedError):
    """The need changed since the form was drawn."""


@dataclass(frozen=True)
class NeedData:
    """What a person writes about one need; ``theme_ids`` are the live themes it is linked to."""

    who: str
    need: str
    goal: str = ""
    status: str = "hypothesis"
    segment: str | None = None
    theme_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class NeedFilters:
    """The needs list's filters; each is "any of these", empty means no filter."""

    segments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    theme_ids: tuple[uuid.UUID, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.segments or self.statuses or self.theme_ids)


@dataclass
class NeedRow:
    """A need as a page shows it: its evidence, the themes the reader may see, what it names."""

    need: UserNeed
    strength: evidence.EvidenceStrength
    themes: list[Theme]
    solutions: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Draft:
    """A need the library drafted from a theme's findings, for a person to edit or discard."""

    who: str
    need: str
    goal: str
    segment: str | None
    kind: str
    finding_ids: tuple[uuid.UUID, ...]


# Reading ---------------------------------------------------------------------------------------


def need_or_404(discovery: Discovery, need_id: uuid.UUID) -> UserNeed:
    need = db.session.get(UserNeed, need_id)
    if need is None or need.discovery_id != discovery.id:
        abort(404)
    return need


def who_for(segment: str | None) -> str:
    """How a draft names a segment's person: "an unpaid carer" (English, as the drafts are)."""
    if not segment or segment not in SEGMENTS:
        return ""
    if segment in _WHO_INSTEAD:
        return _WHO_INSTEAD[segment]
    with force_locale("en"):
        noun = str(SEGMENTS[segment]).lower()
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def statement_key(who: str, need: str, goal: str) -> str:
    """What two statements are compared by: case, spacing and a final full stop do not count."""
    text = statement_text(_clean(who), _clean(need), _clean(goal))
    return " ".join(text.split()).rstrip(".").casefold()


def statement_taken(
    discovery: Discovery, who: str, need: str, goal: str, except_need: UserNeed | None = None
) -> bool:
    """Whether another need of the discovery already says this."""
    wanted = statement_key(who, need, goal)
    rows = db.session.execute(
        sa.select(UserNeed.id, UserNeed.who, UserNeed.need, UserNeed.goal).where(
            UserNeed.discovery_id == discovery.id
        )
    )
    return any(
        statement_key(w, n, g) == wanted
        for need_id, w, n, g in rows
        if except_need is None or need_id != except_need.id
    )


def named_solutions(need: UserNeed | str) -> tuple[str, ...]:
    """The solutions a need's "I need…" part names ("app", "portal"), for the warning.

    Only the need is read: "so that…" says why, and "As…" who, so neither should trip the rule.
    """
    from nlp.needs import named_solutions as find

    return find(need if isinstance(need, str) else need.need)


def theme_statuses(reviewer: bool) -> tuple[str, ...]:
    return LIVE_STATUSES if reviewer else READER_THEME_STATUSES


def themes_for(discovery: Discovery, statuses: Iterable[str] = LIVE_STATUSES) -> list[Theme]:
    """The discovery's themes with these statuses, by name."""
    return list(
        db.session.scalars(
            sa.select(Theme)
            .where(Theme.discovery_id == discovery.id, Theme.status.in_(list(statuses)))
            .order_by(Theme.label_key)
        )
    )


def _cited_ids(need_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    cited: dict[uuid.UUID, list[uuid.UUID]] = {i: [] for i in need_ids}
    if not need_ids:
        return cited
    rows = db.session.execute(
        sa.select(need_findings.c.need_id, need_findings.c.finding_id).where(
            need_findings.c.need_id.in_(list(need_ids))
        )
    )
    for need_id, finding_id in rows:
        cited[need_id].append(finding_id)
    return cited


def rows(
    discovery: Discovery, filters: NeedFilters | None = None, *, themes_shown: Iterable[str] = LIVE_STATUSES
) -> list[NeedRow]:
    """The discovery's needs (filtered), oldest first, each with the strength of what it cites."""
    filters = filters or NeedFilters()
    query = (
        sa.select(UserNeed)
        .where(UserNeed.discovery_id == discovery.id)
        .options(selectinload(UserNeed.themes))
        .order_by(UserNeed.created_at, UserNeed.id)
    )
    if filters.segments:
        query = query.where(UserNeed.segment.in_(filters.segments))
    if filters.statuses:
        query = query.where(UserNeed.status.in_(filters.statuses))
    if filters.theme_ids:
        query = query.where(
            UserNeed.id.in_(
                sa.select(need_themes.c.need_id).where(need_themes.c.theme_id.in_(filters.theme_ids))
            )
        )
    needs = list(db.session.scalars(query))
    cited = _cited_ids([n.id for n in needs])
    usable = evidence.usable_by_id(discovery, {i for ids in cited.values() for i in ids})
    shown = set(themes_shown)
    result = []
    for need in needs:
        findings = [usable[i] for i in cited[need.id] if i in usable]
        findings.sort(key=lambda f: (f.created_at, str(f.id)))
        result.append(
            NeedRow(
                need=need,
                strength=evidence.evidence_strength(findings),
                themes=sorted((t for t in need.themes if t.status in shown), key=lambda t: t.label_key),
                solutions=named_solutions(need),
                findings=findings,
            )
        )
    return result


def row(need: UserNeed, *, themes_shown: Iterable[str] = LIVE_STATUSES) -> NeedRow:
    return next(r for r in rows(need.discovery, themes_shown=themes_shown) if r.need.id == need.id)


def theme_findings(theme: Theme) -> dict[uuid.UUID, Finding]:
    """The theme's member findings that consent still allows, in the order they were made."""
    ids = {m.finding_id for m in theme.memberships if m.state == "member"}
    return evidence.usable_by_id(theme.discovery, ids)


def candidate_findings(need: UserNeed) -> list[Finding]:
    """Findings a need may cite: those of its live themes and those it already cites (usable)."""
    ids = {
        m.finding_id
        for theme in need.themes
        if theme.is_live
        for m in theme.memberships
        if m.state == "member"
    }
    ids |= set(_cited_ids([need.id])[need.id])
    return sorted(
        evidence.usable_by_id(need.discovery, ids).values(), key=lambda f: (f.created_at, str(f.id))
    )


def count(discovery: Discovery) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(UserNeed).where(UserNeed.discovery_id == discovery.id)
    )


def needs_for_theme(theme: Theme) -> list[UserNeed]:
    """The needs linked to a theme, oldest first (the theme page lists them)."""
    return list(
        db.session.scalars(
            sa.select(UserNeed)
            .join(need_themes, need_themes.c.need_id == UserNeed.id)
            .where(need_themes.c.theme_id == theme.id)
            .order_by(UserNeed.created_at, UserNeed.id)
        )
    )


def history(need: UserNeed) -> list[tuple[AuditEvent, str]]:
    """The audit events about a need, newest first, with who did each."""
    return audit.history(need)


# Drafts ----------------------------------------------------------------------------------------


def drafts_from(theme: Theme, findings: dict[uuid.UUID, Finding] | None = None) -> list[Draft]:
    """The library's drafts from a theme's usable findings, most supported first.

    Each finding's segment is its participant's; findings with no participant (a researcher's
    observation) draft a need with nobody named, for the squad to say who.
    """
    from nlp.needs import draft_user_needs

    findings = theme_findings(theme) if findings is None else findings
    ordered = sorted(findings.values(), key=lambda f: (f.created_at, str(f.id)))
    if not ordered:
        return []
    segments = [f.participant.segment if f.participant and f.participant.segment else None for f in ordered]
    drafts = draft_user_needs([f.text for f in ordered], segments, default_segment="")
    result = []
    for draft in drafts:
        segment = draft.segment if draft.segment in SEGMENTS else None
        result.append(
            Draft(
                who=who_for(segment),
                need=draft.need,
                goal=draft.goal,
                segment=segment,
                kind=draft.kind,
                finding_ids=tuple(ordered[i].id for i in draft.source_indices),
            )
        )
    return result


# Writing ---------------------------------------------------------------------------------------


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _live_themes(discovery: Discovery, theme_ids: Iterable[uuid.UUID]) -> list[Theme]:
    ids = set(theme_ids)
    if not ids:
        return []
    themes = themes_for(discovery)
    found = [t for t in themes if t.id in ids]
    if len(found) != len(ids):
        raise NeedError("Select themes from this discovery that are still live")
    return found


def _check(discovery: Discovery, data: NeedData, except_need: UserNeed | None = None) -> None:
    if not _clean(data.who) or not _clean(data.need):
        raise NeedError("A need says who has it and what they need")
    if data.status not in NEED_STATUSES:
        raise NeedError(f"Unknown status {data.status!r}")
    if data.segment is not None and data.segment not in SEGMENTS:
        raise NeedError(f"Unknown segment {data.segment!r}")
    if statement_taken(discovery, data.who, data.need, data.goal, except_need):
        raise DuplicateValueError("need")


def _apply(need: UserNeed, data: NeedData) -> None:
    need.who = _clean(data.who)
    need.need = _clean(data.need)
    need.goal = _clean(data.goal)
    need.status = data.status
    need.segment = data.segment or None


def create_need(
    discovery: Discovery,
    data: NeedData,
    actor: User | None,
    *,
    finding_ids: Iterable[uuid.UUID] = (),
    drafted_from: Theme | None = None,
) -> UserNeed:
    """Save a new need, linked to its themes and citing these (usable) findings."""
    _check(discovery, data)
    themes = _live_themes(discovery, data.theme_ids)
    wanted = set(finding_ids)
    findings = list(evidence.usable_by_id(discovery, wanted).values())
    if len(findings) != len(wanted):
        raise NeedError("Some of the findings can no longer be cited. Reload the page and try again")
    need = UserNeed(discovery_id=discovery.id, created_by_id=actor.id if actor else None)
    _apply(need, data)
    need.themes = themes
    need.findings = findings
    db.session.add(need)
    db.session.flush()
    audit.record(
        "need_drafted" if drafted_from is not None else "need_created",
        need,
        actor=actor,
        statement=need.statement,
        status=need.status,
        themes=[str(t.id) for t in themes],
        findings=len(findings),
        **({"theme": str(drafted_from.id)} if drafted_from is not None else {}),
    )
    return need


def save_drafts(
    discovery: Discovery,
    theme: Theme,
    drafts: Sequence[tuple[NeedData, Sequence[uuid.UUID]]],
    actor: User | None,
) -> list[UserNeed]:
    """Save the drafts a person ticked and edited, all or none, each linked to ``theme``.

    ``drafts`` pairs each need's words with the findings it cites, which must be usable
    members of the theme (anything else is a tampered form: ``NeedError``). A draft that
    repeats a saved need, or another draft, raises ``DuplicateValueError`` and saves nothing.
    """
    if theme.status != "accepted":
        raise NeedError("Accept this theme before writing user needs from it")
    members = set(theme_findings(theme))
    saved = []
    with db.session.begin_nested():
        for data, finding_ids in drafts:
            if not set(finding_ids) <= members:
                raise NeedError("A draft cites findings that are not in this theme")
            linked = replace(data, theme_ids=tuple({*data.theme_ids, theme.id}))
            saved.append(create_need(discovery, linked, actor, finding_ids=finding_ids, drafted_from=theme))
    return saved


def _touch(need: UserNeed) -> None:
    """Make the flush UPDATE the need's row, so its version moves when only its links change."""
    need.updated_at = utcnow()


def _flush(need: UserNeed) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleNeedError(need.statement) from None


def update_need(need: UserNeed, data: NeedData, actor: User | None, *, expected_version: int) -> UserNeed:
    """Save an edit, refused with ``StaleNeedError`` if someone else saved since the form opened.

    Links to themes that are no longer live (rejected or merged) are kept: the form only
    offers live themes, and unticking what it never showed would be a silent loss.
    """
    if need.version != expected_version:
        raise StaleNeedError(need.statement)
    _check(need.discovery, data, except_need=need)
    before = {"statement": need.statement, "status": need.status, "segment": need.segment}
    live = _live_themes(need.discovery, data.theme_ids)
    need.themes = [*live, *(t for t in need.themes if not t.is_live)]
    _apply(need, data)
    _touch(need)
    _flush(need)
    audit.record(
        "need_updated",
        need,
        actor=actor,
        before=before,
        statement=need.statement,
        status=need.status,
        segment=need.segment,
        themes=[str(t.id) for t in need.themes],
    )
    return need


def set_findings(
    need: UserNeed,
    finding_ids: Iterable[uuid.UUID],
    actor: User | None,
    *,
    expected_version: int,
    allowed: Iterable[uuid.UUID],
) -> tuple[int, int]:
    """Cite exactly these of the ``allowed`` findings; how many were added and removed.

    Cited findings that consent no longer allows are left alone: nobody could see them to
    untick them.
    """
    if need.version != expected_version:
        raise StaleNeedError(need.statement)
    change = replace_citations(
        need.discovery,
        need_findings,
        "need_id",
        need.id,
        wanted=finding_ids,
        allowed=allowed,
        refuse=NeedError,
    )
    db.session.expire(need, ["findings"])
    _touch(need)
    _flush(need)
    audit.record(
        "need_findings_changed",
        need,
        actor=actor,
        **change.audit_details,
    )
    return len(change.added), len(change.removed)


def delete_need(need: UserNeed, actor: User | None) -> None:
    audit.record("need_deleted", need, actor=actor, statement=need.statement)
    db.session.delete(need)
    db.session.flush()


def record_lost_citations(discovery_id: uuid.UUID, finding_ids: set[uuid.UUID]) -> None:
    """Erasure hook: say in each need's history that it lost citations when consent was withdrawn."""
    rows = db.session.execute(
        sa.select(need_findings.c.need_id, sa.func.count())
        .join(UserNeed, UserNeed.id == need_findings.c.need_id)
        .where(UserNeed.discovery_id == discovery_id, need_findings.c.finding_id.in_(finding_ids))
        .group_by(need_findings.c.need_id)
    ).all()
    for need_id, lost in rows:
        need = db.session.get(UserNeed, need_id)
        audit.record(
            "need_lost_findings", need, discovery_id=discovery_id, reason="consent_withdrawn", lost=lost
        )
