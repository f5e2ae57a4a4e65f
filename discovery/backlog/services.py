"""What the backlog pages read and write: items with their evidence, links, numbers and history.

An item's evidence is worked out in one place, :func:`evidence_by_item`, so the list, the item
page, the exports and the trace view all count the same findings. An item rests on the
findings it cites itself *and* on what it is linked to: a backlog item is usually written from
a need or a theme, and the squad should not have to cite the same quotes twice for the item to
show how strong its case is. So the union is taken of

- the findings the item cites directly (``backlog_findings``);
- the findings its linked user needs cite (``need_findings``);
- the member findings of its linked *live* themes (a rejected or merged-away theme no longer
  speaks for anything);
- the findings cited by the entries of its linked journey-map stages;

and every one of them is read through the evidence API (``Purpose.ANALYSIS``), so a finding
whose participant's consent has lapsed stops counting the moment it lapses, and one whose
participant withdrew is gone with the erasure. A finding reached two ways counts once.

Titles are compared case- and space-blind: one discovery cannot hold "Ring people back" twice.
There is no database constraint behind that check (the schema has none); the per-discovery
``number`` has one, and :func:`create_item` retries when two saves pick the same number.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from discovery.backlog import export
from discovery.backlog.models import (
    BacklogItem,
    backlog_findings,
    backlog_journey_stages,
    backlog_needs,
    backlog_themes,
)
from discovery.citations import replace_citations
from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import AuditEvent, Authority, Discovery, User
from discovery.core.vocab import BACKLOG_SIZES, BACKLOG_STATUSES, MOSCOW
from discovery.core.writes import DuplicateValueError, unique
from discovery.extensions import db
from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage, journey_entry_findings
from discovery.needs.models import UserNeed, need_findings
from discovery.themes.models import LIVE_STATUSES, Theme, ThemeMembership
from research_notes import evidence
from research_notes.models import Finding

TITLE_MAX = 200
TEXT_MAX = 5000
EXTERNAL_REF_MAX = 300
PRIORITY_ORDER = {key: position for position, key in enumerate(MOSCOW)}
JIRA_KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
NUMBER_ATTEMPTS = 3


class BacklogError(ValueError):
    """A change that cannot be made; the message says why."""


class StaleItemError(BacklogError):
    """The item changed since the form was drawn."""


@dataclass(frozen=True)
class ItemData:
    """What a person writes about one item, and the ids of what it is linked to."""

    title: str
    user_story: str = ""
    acceptance_criteria: str = ""
    priority: str = "should"
    status: str = "todo"
    size: str | None = None
    external_ref: str = ""
    need_ids: tuple[uuid.UUID, ...] = ()
    theme_ids: tuple[uuid.UUID, ...] = ()
    stage_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class BacklogFilters:
    """The backlog list's filters; each is "any of these", empty means no filter.

    ``authority_ids`` keeps the items whose evidence includes a finding from a participant of
    one of those authorities.
    """

    statuses: tuple[str, ...] = ()
    need_ids: tuple[uuid.UUID, ...] = ()
    theme_ids: tuple[uuid.UUID, ...] = ()
    authority_ids: tuple[uuid.UUID, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.statuses or self.need_ids or self.theme_ids or self.authority_ids)


@dataclass(frozen=True)
class ItemEvidence:
    """The usable findings behind one item, oldest first, with their strength.

    ``direct`` are the ids of those the item cites itself; the rest come through its needs,
    themes and journey stages.
    """

    findings: tuple[Finding, ...]
    strength: evidence.EvidenceStrength
    direct: frozenset[uuid.UUID] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.findings


@dataclass
class ItemRow:
    """An item as a page shows it: its evidence and the needs, themes and stages it links."""

    item: BacklogItem
    evidence: ItemEvidence
    needs: list[UserNeed] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    stages: list[JourneyStage] = field(default_factory=list)


# External references ---------------------------------------------------------------------------


def clean_external_ref(value: str | None) -> str | None:
    """The reference as stored ("ASC-123" or "https://…"), "" for none, ``None`` when invalid.

    A Jira key is upper-cased ("asc-123" is what people type); a web address must start with
    http:// or https:// and name a host.
    """
    text = (value or "").strip()
    if not text:
        return ""
    if re.match(r"^https?://", text, re.IGNORECASE):
        parts = urlsplit(text)
        if parts.scheme.lower() in ("http", "https") and parts.hostname and " " not in text:
            return text
        return None
    key = text.upper()
    return key if JIRA_KEY.match(key) else None


def is_url(external_ref: str) -> bool:
    return external_ref.lower().startswith(("http://", "https://"))


# Reading ---------------------------------------------------------------------------------------


def item_or_404(discovery: Discovery, item_id: uuid.UUID) -> BacklogItem:
    item = db.session.get(BacklogItem, item_id)
    if item is None or item.discovery_id != discovery.id:
        abort(404)
    return item


def title_key(title: str) -> str:
    return " ".join((title or "").split()).rstrip(".").casefold()


def title_taken(discovery: Discovery, title: str, except_item: BacklogItem | None = None) -> bool:
    """Whether another item of the discovery already has this title (case and spacing aside)."""
    wanted = title_key(title)
    rows = db.session.execute(
        sa.select(BacklogItem.id, BacklogItem.title).where(BacklogItem.discovery_id == discovery.id)
    )
    return any(
        title_key(t) == wanted for item_id, t in rows if except_item is None or item_id != except_item.id
    )


def count(discovery: Discovery) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(BacklogItem).where(BacklogItem.discovery_id == discovery.id)
    )


def _items_linked(table: sa.Table, column: str, target_id: uuid.UUID) -> list[BacklogItem]:
    query = (
        sa.select(BacklogItem)
        .join(table, table.c.backlog_item_id == BacklogItem.id)
        .where(table.c[column] == target_id)
    )
    return list(db.session.scalars(_ordered(query)))


def items_for_need(need: UserNeed) -> list[BacklogItem]:
    """The backlog items that answer a need, most important first (the need's page lists them)."""
    return _items_linked(backlog_needs, "need_id", need.id)


def items_for_theme(theme: Theme) -> list[BacklogItem]:
    """The backlog items linked to a theme, most important first (the theme's page lists them)."""
    return _items_linked(backlog_themes, "theme_id", theme.id)


def needs_for(discovery: Discovery) -> list[UserNeed]:
    """The discovery's needs, oldest first, for the form and the filter."""
    return list(
        db.session.scalars(
            sa.select(UserNeed)
            .where(UserNeed.discovery_id == discovery.id)
            .order_by(UserNeed.created_at, UserNeed.id)
        )
    )


def themes_for(discovery: Discovery, statuses: Iterable[str] = LIVE_STATUSES) -> list[Theme]:
    return list(
        db.session.scalars(
            sa.select(Theme)
            .where(Theme.discovery_id == discovery.id, Theme.status.in_(list(statuses)))
            .order_by(Theme.label_key)
        )
    )


def stages_for(discovery: Discovery) -> list[JourneyStage]:
    """Every stage of the discovery's journey maps, map by map (by title), in stage order."""
    return list(
        db.session.scalars(
            sa.select(JourneyStage)
            .join(JourneyMap, JourneyMap.id == JourneyStage.journey_map_id)
            .where(JourneyMap.discovery_id == discovery.id)
            .options(selectinload(JourneyStage.journey_map))
            .order_by(JourneyMap.title, JourneyMap.id, JourneyStage.position)
        )
    )


def authorities_for(discovery: Discovery) -> list[Authority]:
    return sorted(discovery.authorities, key=lambda a: a.name.casefold())


def stage_label(stage: JourneyStage) -> str:
    return f"{stage.journey_map.title}: {stage.name}"


def _pairs(query) -> list[tuple[uuid.UUID, uuid.UUID]]:
    return [(a, b) for a, b in db.session.execute(query)]


def evidence_by_item(discovery: Discovery, item_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ItemEvidence]:
    """Each item's evidence: the usable union of what it cites and what its links cite.

    This is the one definition of a backlog item's evidence (see the module docstring for why
    links count): the list, the item page, the exports and the trace view all call it. It runs
    one query per kind of link and one evidence-API read for every item together, so a list of
    a hundred items costs the same handful of queries as one.
    """
    ids = list(item_ids)
    if not ids:
        return {}
    sources, direct = evidence_source_ids(ids)
    wanted = set().union(*sources.values())
    usable = evidence.usable_by_id(discovery, wanted)
    result = {}
    for item_id in ids:
        findings = sorted(
            (usable[i] for i in sources[item_id] if i in usable), key=lambda f: (f.created_at, str(f.id))
        )
        result[item_id] = ItemEvidence(
            findings=tuple(findings),
            strength=evidence.evidence_strength(findings),
            direct=frozenset(i for i in direct[item_id] if i in usable),
        )
    return result


def evidence_source_ids(
    ids: list[uuid.UUID],
) -> tuple[dict[uuid.UUID, set[uuid.UUID]], dict[uuid.UUID, set[uuid.UUID]]]:
    """Every finding id each item reaches (cited, or through a need, live theme or stage), and
    the ids it cites itself, before consent is applied: :func:`evidence_by_item` and the trace
    apply consent to them with the findings they have loaded."""
    sources: dict[uuid.UUID, set[uuid.UUID]] = {i: set() for i in ids}
    direct: dict[uuid.UUID, set[uuid.UUID]] = {i: set() for i in ids}
    for item_id, finding_id in _pairs(
        sa.select(backlog_findings.c.backlog_item_id, backlog_findings.c.finding_id).where(
            backlog_findings.c.backlog_item_id.in_(ids)
        )
    ):
        direct[item_id].add(finding_id)
        sources[item_id].add(finding_id)
    via_needs = (
        sa.select(backlog_needs.c.backlog_item_id, need_findings.c.finding_id)
        .join(need_findings, need_findings.c.need_id == backlog_needs.c.need_id)
        .where(backlog_needs.c.backlog_item_id.in_(ids))
    )
    via_themes = (
        sa.select(backlog_themes.c.backlog_item_id, ThemeMembership.finding_id)
        .join(Theme, Theme.id == backlog_themes.c.theme_id)
        .join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .where(
            backlog_themes.c.backlog_item_id.in_(ids),
            Theme.status.in_(LIVE_STATUSES),
            ThemeMembership.state == "member",
        )
    )
    via_stages = (
        sa.select(backlog_journey_stages.c.backlog_item_id, journey_entry_findings.c.finding_id)
        .join(JourneyEntry, JourneyEntry.stage_id == backlog_journey_stages.c.stage_id)
        .join(journey_entry_findings, journey_entry_findings.c.entry_id == JourneyEntry.id)
        .where(backlog_journey_stages.c.backlog_item_id.in_(ids))
    )
    for query in (via_needs, via_themes, via_stages):
        for item_id, finding_id in _pairs(query):
            sources[item_id].add(finding_id)
    return sources, direct


def item_evidence(item: BacklogItem) -> ItemEvidence:
    """One item's evidence (:func:`evidence_by_item` for a single item)."""
    return evidence_by_item(item.discovery, [item.id])[item.id]


def _ordered(query):
    order = sa.case(PRIORITY_ORDER, value=BacklogItem.priority, else_=len(PRIORITY_ORDER))
    return query.order_by(order, BacklogItem.number)


def rows(
    discovery: Discovery,
    filters: BacklogFilters | None = None,
    *,
    themes_shown: Iterable[str] = LIVE_STATUSES,
) -> list[ItemRow]:
    """The discovery's items (filtered), Must first then Should, Could, Won't; by number within."""
    filters = filters or BacklogFilters()
    query = _ordered(
        sa.select(BacklogItem)
        .where(BacklogItem.discovery_id == discovery.id)
        .options(
            selectinload(BacklogItem.needs),
            selectinload(BacklogItem.themes),
            selectinload(BacklogItem.journey_stages).selectinload(JourneyStage.journey_map),
        )
    )
    if filters.statuses:
        query = query.where(BacklogItem.status.in_(filters.statuses))
    if filters.need_ids:
        query = query.where(
            BacklogItem.id.in_(
                sa.select(backlog_needs.c.backlog_item_id).where(
                    backlog_needs.c.need_id.in_(filters.need_ids)
                )
            )
        )
    if filters.theme_ids:
        query = query.where(
            BacklogItem.id.in_(
                sa.select(backlog_themes.c.backlog_item_id).where(
                    backlog_themes.c.theme_id.in_(filters.theme_ids)
                )
            )
        )
    items = list(db.session.scalars(query))
    found = evidence_by_item(discovery, [i.id for i in items])
    shown = set(themes_shown)
    wanted_authorities = set(filters.authority_ids)
    result = []
    for item in items:
        item_evidence = found[item.id]
        if wanted_authorities and not any(
            f.participant is not None and f.participant.authority_id in wanted_authorities
            for f in item_evidence.findings
        ):
            continue
        result.append(
            ItemRow(
                item=item,
                evidence=item_evidence,
                needs=sorted(item.needs, key=lambda n: (n.created_at, str(n.id))),
                themes=sorted((t for t in item.themes if t.status in shown), key=lambda t: t.label_key),
                stages=sorted(
                    item.journey_stages,
                    key=lambda s: (s.journey_map.title, str(s.journey_map_id), s.position),
                ),
            )
        )
    return result


def row(item: BacklogItem, *, themes_shown: Iterable[str] = LIVE_STATUSES) -> ItemRow:
    shown = set(themes_shown)
    return ItemRow(
        item=item,
        evidence=item_evidence(item),
        needs=sorted(item.needs, key=lambda n: (n.created_at, str(n.id))),
        themes=sorted((t for t in item.themes if t.status in shown), key=lambda t: t.label_key),
        stages=sorted(
            item.journey_stages, key=lambda s: (s.journey_map.title, str(s.journey_map_id), s.position)
        ),
    )


def items_by_id(discovery: Discovery) -> dict[uuid.UUID, BacklogItem]:
    return {
        i.id: i
        for i in db.session.scalars(sa.select(BacklogItem).where(BacklogItem.discovery_id == discovery.id))
    }


def candidate_findings(item: BacklogItem) -> tuple[list[Finding], set[uuid.UUID]]:
    """Findings an item may cite (every usable finding of the discovery) and the suggested ones.

    Suggested are those its needs, themes and stages already bring in; they come first.
    """
    discovery = item.discovery
    every = evidence.usable_findings(discovery, purpose=evidence.Purpose.ANALYSIS)
    found = item_evidence(item)
    suggested = {f.id for f in found.findings} - set(found.direct)
    every.sort(key=lambda f: (f.id not in suggested, f.created_at, str(f.id)))
    return every, suggested


def history(item: BacklogItem) -> list[tuple[AuditEvent, str]]:
    """The audit events about a backlog item, newest first, with who did each."""
    return audit.history(item)


def export_items(discovery: Discovery) -> list[export.ExportItem]:
    """Every item as plain data for the export renderers, in the list's order (priority, number)."""
    result = []
    for r in rows(discovery):
        item = r.item
        result.append(
            export.ExportItem(
                id=item.id,
                number=item.number,
                title=item.title,
                user_story=item.user_story,
                acceptance_criteria=item.acceptance_criteria,
                priority=item.priority,
                status=item.status,
                size=item.size,
                external_ref=item.external_ref,
                needs=tuple(export.Linked(n.id, n.statement) for n in r.needs),
                themes=tuple(export.Linked(t.id, t.label) for t in r.themes),
                stages=tuple(export.Linked(s.id, stage_label(s)) for s in r.stages),
                finding_ids=tuple(f.id for f in r.evidence.findings if f.id in r.evidence.direct),
                evidence_ids=tuple(f.id for f in r.evidence.findings),
                evidence_findings=r.evidence.strength.findings,
                evidence_participants=r.evidence.strength.participants,
                evidence_authorities=r.evidence.strength.authorities,
            )
        )
    return result


# Writing ---------------------------------------------------------------------------------------


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _text(value: str | None) -> str:
    """Multi-line text kept as written, with Windows line endings and trailing spaces tidied."""
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _check(discovery: Discovery, data: ItemData, except_item: BacklogItem | None = None) -> str:
    if not _clean(data.title):
        raise BacklogError("An item needs a title")
    if data.priority not in MOSCOW:
        raise BacklogError(f"Unknown priority {data.priority!r}")
    if data.status not in BACKLOG_STATUSES:
        raise BacklogError(f"Unknown status {data.status!r}")
    if data.size is not None and data.size not in BACKLOG_SIZES:
        raise BacklogError(f"Unknown size {data.size!r}")
    ref = clean_external_ref(data.external_ref)
    if ref is None:
        raise BacklogError(f"Not a Jira key or web address: {data.external_ref!r}")
    if title_taken(discovery, data.title, except_item):
        raise DuplicateValueError("title")
    return ref


def _pick(found: Sequence, wanted: Iterable[uuid.UUID], what: str) -> list:
    ids = set(wanted)
    picked = [x for x in found if x.id in ids]
    if len(picked) != len(ids):
        raise BacklogError(f"Select {what} from this discovery")  # noqa: S608 - an error message, not SQL
    return picked


def _apply(item: BacklogItem, data: ItemData, ref: str) -> None:
    item.title = _clean(data.title)
    item.user_story = _text(data.user_story)
    item.acceptance_criteria = _text(data.acceptance_criteria)
    item.priority = data.priority
    item.status = data.status
    item.size = data.size or None
    item.external_ref = ref


def _links(item: BacklogItem) -> dict[str, list[str]]:
    return {
        "needs": sorted(str(n.id) for n in item.needs),
        "themes": sorted(str(t.id) for t in item.themes),
        "stages": sorted(str(s.id) for s in item.journey_stages),
    }


def _fields(item: BacklogItem) -> dict[str, object]:
    return {
        "title": item.title,
        "priority": item.priority,
        "status": item.status,
        "size": item.size,
        "external_ref": item.external_ref,
    }


def next_number(discovery: Discovery) -> int:
    current = db.session.scalar(
        sa.select(sa.func.max(BacklogItem.number)).where(BacklogItem.discovery_id == discovery.id)
    )
    return (current or 0) + 1


def create_item(
    discovery: Discovery, data: ItemData, actor: User | None, *, finding_ids: Iterable[uuid.UUID] = ()
) -> BacklogItem:
    """Save a new item with the next number ("Item 7"), linked to these needs, themes and stages.

    Two saves at the same moment can pick the same number; the unique constraint refuses the
    second, which tries the next number (a few times, then ``BacklogError``).
    """
    ref = _check(discovery, data)
    needs = _pick(needs_for(discovery), data.need_ids, "user needs")
    themes = _pick(themes_for(discovery), data.theme_ids, "live themes")
    stages = _pick(stages_for(discovery), data.stage_ids, "journey stages")
    wanted = set(finding_ids)
    findings = list(evidence.usable_by_id(discovery, wanted).values())
    if len(findings) != len(wanted):
        raise BacklogError("Some of the findings can no longer be cited")
    for _attempt in range(NUMBER_ATTEMPTS):
        item = BacklogItem(discovery_id=discovery.id, created_by_id=actor.id if actor else None)
        _apply(item, data, ref)
        item.needs, item.themes, item.journey_stages, item.findings = needs, themes, stages, findings
        try:
            with unique("number"):
                item.number = next_number(discovery)
                db.session.add(item)
        except DuplicateValueError:
            continue
        break
    else:
        raise BacklogError("Could not give the item a number. Try again")
    audit.record(
        "backlog_item_created",
        item,
        actor=actor,
        number=item.number,
        findings=len(findings),
        **_fields(item),
        **_links(item),
    )
    return item


def _touch(item: BacklogItem) -> None:
    """Make the flush UPDATE the item's row, so its version moves when only its links change."""
    item.updated_at = utcnow()


def _flush(item: BacklogItem) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleItemError(item.title) from None


def update_item(
    item: BacklogItem, data: ItemData, actor: User | None, *, expected_version: int
) -> BacklogItem:
    """Save an edit, refused with ``StaleItemError`` if someone else saved since the form opened.

    Links to themes that are no longer live are kept: the form only offers live themes, and
    unticking what it never showed would be a silent loss.
    """
    if item.version != expected_version:
        raise StaleItemError(item.title)
    discovery = item.discovery
    ref = _check(discovery, data, except_item=item)
    before = _fields(item)
    item.needs = _pick(needs_for(discovery), data.need_ids, "user needs")
    live = _pick(themes_for(discovery), data.theme_ids, "live themes")
    item.themes = [*live, *(t for t in item.themes if not t.is_live)]
    item.journey_stages = _pick(stages_for(discovery), data.stage_ids, "journey stages")
    _apply(item, data, ref)
    _touch(item)
    _flush(item)
    audit.record("backlog_item_updated", item, actor=actor, before=before, **_fields(item), **_links(item))
    return item


def set_findings(
    item: BacklogItem,
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
    if item.version != expected_version:
        raise StaleItemError(item.title)
    change = replace_citations(
        item.discovery,
        backlog_findings,
        "backlog_item_id",
        item.id,
        wanted=finding_ids,
        allowed=allowed,
        refuse=BacklogError,
    )
    db.session.expire(item, ["findings"])
    _touch(item)
    _flush(item)
    audit.record(
        "backlog_findings_changed",
        item,
        actor=actor,
        **change.audit_details,
    )
    return len(change.added), len(change.removed)


def delete_item(item: BacklogItem, actor: User | None) -> None:
    audit.record("backlog_item_deleted", item, actor=actor, number=item.number, title=item.title)
    db.session.delete(item)
    db.session.flush()


def record_exported(discovery: Discovery, file_format: str, items: int, actor: User | None) -> None:
    audit.record("backlog_exported", discovery, actor=actor, format=file_format, items=items)


def record_lost_citations(discovery_id: uuid.UUID, finding_ids: set[uuid.UUID]) -> None:
    """Erasure hook: say in each affected item's history how many findings of its evidence went
    when a participant withdrew consent (those it cited, and those its needs, themes and stages
    brought in). The link rows themselves go with the findings, by the foreign key's cascade.
    """
    ids = list(
        db.session.scalars(
            sa.select(BacklogItem.id)
            .where(BacklogItem.discovery_id == discovery_id)
            .order_by(BacklogItem.number)
        )
    )
    if not ids or not finding_ids:
        return
    sources, direct = evidence_source_ids(ids)
    for item_id in ids:
        lost = sources[item_id] & finding_ids
        if lost:
            audit.record(
                "backlog_lost_findings",
                db.session.get(BacklogItem, item_id),
                discovery_id=discovery_id,
                reason="consent_withdrawn",
                lost=len(lost),
                cited=len(direct[item_id] & finding_ids),
            )
