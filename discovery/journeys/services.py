"""What the journey-map pages read and write: maps, their ordered stages, lane entries and the
findings entries cite.

A stage's evidence is the findings its entries cite, read through the evidence API, so a
finding whose participant's consent lapses stops counting at once, and one whose participant
withdrew is gone with the erasure (the entry is flagged for someone to check). Findings tagged
with the shared stage a map stage covers (``stage_key``) are *suggested* evidence: offered
first when citing and counted under the stage as "not yet cited", never in its strength.

Stages are kept numbered 0…n−1 in order; every change to a map's stages (add, rename, move,
delete) also moves the map's version, so a rename typed against an older arrangement is
refused rather than applied to the wrong column.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from discovery.citations import replace_citations
from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import Discovery, User
from discovery.core.vocab import (
    EMOTIONS,
    ENTRY_BASES,
    JOURNEY_LANES,
    JOURNEY_STAGES,
    JOURNEY_STATES,
    SEGMENTS,
    TOUCHPOINT_CHANNELS,
)
from discovery.core.writes import DuplicateValueError
from discovery.extensions import db
from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage, journey_entry_findings
from research_notes import evidence
from research_notes.models import Finding

TITLE_MAX = 120
SCENARIO_MAX = 200
STAGE_MAX = 120
ENTRY_MAX = 1000


class JourneyError(ValueError):
    """A change that cannot be made; the message says why."""


class StaleJourneyError(JourneyError):
    """The map or entry changed since the form was drawn."""


class StageGoneError(JourneyError):
    """The stage was deleted (by someone else) before this change reached it."""


@dataclass(frozen=True)
class MapData:
    title: str
    scenario: str = ""
    segment: str | None = None
    authority_id: uuid.UUID | None = None
    state: str = "as_is"


@dataclass(frozen=True)
class StageData:
    name: str
    stage_key: str | None = None


@dataclass(frozen=True)
class EntryData:
    lane: str
    text: str
    emotion: int | None = None
    channel: str | None = None
    basis: str = "assumed"


@dataclass
class EntryView:
    entry: JourneyEntry
    findings: list[Finding]


@dataclass
class StageView:
    stage: JourneyStage
    lanes: dict[str, list[EntryView]]
    strength: evidence.EvidenceStrength
    suggested: int  # usable findings tagged with the stage's shared stage, not cited by it

    @property
    def emotions(self) -> list[int]:
        return [e.entry.emotion for e in self.lanes["thoughts"] if e.entry.emotion is not None]


@dataclass
class MapView:
    journey_map: JourneyMap
    stages: list[StageView]
    strength: evidence.EvidenceStrength
    flagged: int = 0


@dataclass
class MapRow:
    journey_map: JourneyMap
    stage_count: int
    strength: evidence.EvidenceStrength
    flagged: int = 0


@dataclass(frozen=True)
class Candidates:
    """Findings an entry may cite: suggested ones (tagged with its stage) first, then the rest."""

    suggested: list[Finding] = field(default_factory=list)
    others: list[Finding] = field(default_factory=list)

    @property
    def all(self) -> list[Finding]:
        return [*self.suggested, *self.others]


# Reading ---------------------------------------------------------------------------------------


def map_or_404(discovery: Discovery, map_id: uuid.UUID) -> JourneyMap:
    journey_map = db.session.get(JourneyMap, map_id)
    if journey_map is None or journey_map.discovery_id != discovery.id:
        abort(404)
    return journey_map


def find_stage(journey_map: JourneyMap, stage_id: uuid.UUID) -> JourneyStage | None:
    stage = db.session.get(JourneyStage, stage_id)
    if stage is None or stage.journey_map_id != journey_map.id:
        return None
    return stage


def stage_or_404(journey_map: JourneyMap, stage_id: uuid.UUID) -> JourneyStage:
    return find_stage(journey_map, stage_id) or abort(404)


def entry_or_404(journey_map: JourneyMap, entry_id: uuid.UUID) -> JourneyEntry:
    entry = db.session.get(JourneyEntry, entry_id)
    if entry is None or entry.stage.journey_map_id != journey_map.id:
        abort(404)
    return entry


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _key(value: str) -> str:
    return _clean(value).casefold()


def title_taken(discovery: Discovery, title: str, except_map: JourneyMap | None = None) -> bool:
    wanted = _key(title)
    rows = db.session.execute(
        sa.select(JourneyMap.id, JourneyMap.title).where(JourneyMap.discovery_id == discovery.id)
    )
    return any(_key(t) == wanted for i, t in rows if except_map is None or i != except_map.id)


def stage_name_taken(journey_map: JourneyMap, name: str, except_stage: JourneyStage | None = None) -> bool:
    wanted = _key(name)
    return any(
        _key(s.name) == wanted for s in journey_map.stages if except_stage is None or s.id != except_stage.id
    )


def _cited(entry_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    entry_ids = list(entry_ids)
    cited: dict[uuid.UUID, list[uuid.UUID]] = {i: [] for i in entry_ids}
    if not entry_ids:
        return cited
    rows = db.session.execute(
        sa.select(journey_entry_findings.c.entry_id, journey_entry_findings.c.finding_id).where(
            journey_entry_findings.c.entry_id.in_(entry_ids)
        )
    )
    for entry_id, finding_id in rows:
        cited[entry_id].append(finding_id)
    return cited


def _tagged(discovery: Discovery, keys: Iterable[str]) -> dict[str, set[uuid.UUID]]:
    """Usable finding ids by the shared journey stage they are tagged with."""
    keys = {k for k in keys if k}
    tagged: dict[str, set[uuid.UUID]] = {k: set() for k in keys}
    if not keys:
        return tagged
    for finding in evidence.usable_findings(
        discovery, purpose=evidence.Purpose.ANALYSIS, filters=evidence.EvidenceFilters.of(journey_stages=keys)
    ):
        tagged[finding.journey_stage].add(finding.id)
    return tagged


def _stages(journey_map: JourneyMap) -> list[JourneyStage]:
    return list(
        db.session.scalars(
            sa.select(JourneyStage)
            .where(JourneyStage.journey_map_id == journey_map.id)
            .options(selectinload(JourneyStage.entries))
            .order_by(JourneyStage.position, JourneyStage.name)
        )
    )


def map_view(journey_map: JourneyMap) -> MapView:
    """The map as its page draws it: each stage's lanes, cited findings, strength and suggestions."""
    stages = _stages(journey_map)
    entries = [e for s in stages for e in s.entries]
    cited = _cited(e.id for e in entries)
    usable = evidence.usable_by_id(journey_map.discovery, {i for ids in cited.values() for i in ids})
    tagged = _tagged(journey_map.discovery, {s.stage_key for s in stages if s.stage_key})
    views = []
    all_findings: list[Finding] = []
    for stage in stages:
        lanes: dict[str, list[EntryView]] = {lane: [] for lane in JOURNEY_LANES}
        stage_findings: dict[uuid.UUID, Finding] = {}
        for entry in sorted(stage.entries, key=lambda e: (e.position, str(e.id))):
            found = sorted(
                (usable[i] for i in cited[entry.id] if i in usable), key=lambda f: (f.created_at, str(f.id))
            )
            stage_findings.update((f.id, f) for f in found)
            lanes.setdefault(entry.lane, []).append(EntryView(entry, found))
        suggested = len(tagged.get(stage.stage_key, set()) - set(stage_findings)) if stage.stage_key else 0
        all_findings.extend(stage_findings.values())
        views.append(StageView(stage, lanes, evidence.evidence_strength(stage_findings.values()), suggested))
    flagged = sum(1 for e in entries if e.withdrawn_citations)
    return MapView(journey_map, views, evidence.evidence_strength(all_findings), flagged)


def rows(discovery: Discovery) -> list[MapRow]:
    """The discovery's maps by title, each with its stage count and the strength of what it cites."""
    maps = list(
        db.session.scalars(
            sa.select(JourneyMap)
            .where(JourneyMap.discovery_id == discovery.id)
            .options(selectinload(JourneyMap.stages).selectinload(JourneyStage.entries))
            .order_by(JourneyMap.title)
        )
    )
    entries = {m.id: [e for s in m.stages for e in s.entries] for m in maps}
    cited = _cited(e.id for es in entries.values() for e in es)
    usable = evidence.usable_by_id(discovery, {i for ids in cited.values() for i in ids})
    result = []
    for journey_map in maps:
        found = [usable[i] for e in entries[journey_map.id] for i in cited[e.id] if i in usable]
        flagged = sum(1 for e in entries[journey_map.id] if e.withdrawn_citations)
        result.append(
            MapRow(journey_map, len(journey_map.stages), evidence.evidence_strength(found), flagged)
        )
    return result


def candidates(entry: JourneyEntry, *, everything: bool) -> Candidates:
    """What an entry may cite: usable findings tagged with its stage's shared stage ("suggested"),
    then those it cites already, then (``everything``) the rest of the discovery's usable findings."""
    discovery = entry.stage.journey_map.discovery
    key = entry.stage.stage_key
    suggested = (
        evidence.usable_findings(
            discovery,
            purpose=evidence.Purpose.ANALYSIS,
            filters=evidence.EvidenceFilters.of(journey_stages=[key]),
        )
        if key
        else []
    )
    shown = {f.id for f in suggested}
    if everything:
        others = [
            f
            for f in evidence.usable_findings(discovery, purpose=evidence.Purpose.ANALYSIS)
            if f.id not in shown
        ]
    else:
        cited = evidence.usable_by_id(discovery, _cited([entry.id])[entry.id])
        others = sorted(
            (f for f in cited.values() if f.id not in shown), key=lambda f: (f.created_at, str(f.id))
        )
    return Candidates(suggested, others)


def cited_ids(entry: JourneyEntry) -> set[uuid.UUID]:
    return set(evidence.usable_by_id(entry.stage.journey_map.discovery, _cited([entry.id])[entry.id]))


# Writing: maps ---------------------------------------------------------------------------------


def _touch(record) -> None:
    """Make the flush UPDATE the row, so its version moves when only its children change."""
    if hasattr(record, "updated_at"):
        record.updated_at = utcnow()
    else:
        flag_modified(record, "text")


def _flush(what: str) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleJourneyError(what) from None


def _check_map(discovery: Discovery, data: MapData, except_map: JourneyMap | None = None) -> None:
    if not _clean(data.title):
        raise JourneyError("A journey map needs a title")
    if data.state not in JOURNEY_STATES:
        raise JourneyError(f"Unknown state {data.state!r}")
    if data.segment is not None and data.segment not in SEGMENTS:
        raise JourneyError(f"Unknown segment {data.segment!r}")
    if data.authority_id is not None and data.authority_id not in {a.id for a in discovery.authorities}:
        raise JourneyError("Choose an authority taking part in this discovery")
    if title_taken(discovery, data.title, except_map):
        raise DuplicateValueError("title")


def _apply_map(journey_map: JourneyMap, data: MapData) -> None:
    journey_map.title = _clean(data.title)
    journey_map.scenario = _clean(data.scenario)
    journey_map.segment = data.segment or None
    journey_map.authority_id = data.authority_id
    journey_map.state = data.state


def create_map(discovery: Discovery, data: MapData, actor: User | None) -> JourneyMap:
    _check_map(discovery, data)
    journey_map = JourneyMap(discovery_id=discovery.id, created_by_id=actor.id if actor else None)
    _apply_map(journey_map, data)
    db.session.add(journey_map)
    db.session.flush()
    audit.record(
        "journey_map_created",
        journey_map,
        actor=actor,
        title=journey_map.title,
        state=journey_map.state,
        segment=journey_map.segment,
        authority=journey_map.authority_id,
    )
    return journey_map


def update_map(journey_map: JourneyMap, data: MapData, actor: User | None, *, expected_version: int) -> None:
    if journey_map.version != expected_version:
        raise StaleJourneyError(journey_map.title)
    _check_map(journey_map.discovery, data, except_map=journey_map)
    before = {"title": journey_map.title, "state": journey_map.state, "segment": journey_map.segment}
    _apply_map(journey_map, data)
    _touch(journey_map)
    _flush(journey_map.title)
    audit.record(
        "journey_map_updated",
        journey_map,
        actor=actor,
        before=before,
        title=journey_map.title,
        state=journey_map.state,
        segment=journey_map.segment,
        authority=journey_map.authority_id,
    )


def record_export(journey_map: JourneyMap, file_format: str, actor: User | None) -> None:
    """Say in the audit log that someone downloaded the map (as findings exports do)."""
    audit.record(
        "journey_map_exported", journey_map, actor=actor, format=file_format, title=journey_map.title
    )


def delete_map(journey_map: JourneyMap, actor: User | None) -> None:
    audit.record("journey_map_deleted", journey_map, actor=actor, title=journey_map.title)
    db.session.delete(journey_map)
    db.session.flush()


# Writing: stages -------------------------------------------------------------------------------


def _renumber(journey_map: JourneyMap) -> None:
    for position, stage in enumerate(_stages(journey_map)):
        stage.position = position


def _check_stage(journey_map: JourneyMap, data: StageData, except_stage: JourneyStage | None = None) -> None:
    if not _clean(data.name):
        raise JourneyError("A stage needs a name")
    if data.stage_key is not None and data.stage_key not in JOURNEY_STAGES:
        raise JourneyError(f"Unknown shared stage {data.stage_key!r}")
    if stage_name_taken(journey_map, data.name, except_stage):
        raise DuplicateValueError("name")


def _map_changed(journey_map: JourneyMap, expected_version: int | None) -> None:
    if expected_version is not None and journey_map.version != expected_version:
        raise StaleJourneyError(journey_map.title)
    _touch(journey_map)


def add_stage(
    journey_map: JourneyMap, data: StageData, actor: User | None, *, expected_version: int | None = None
) -> JourneyStage:
    """Add a stage at the end of the map."""
    _check_stage(journey_map, data)
    _map_changed(journey_map, expected_version)
    stage = JourneyStage(
        journey_map=journey_map,
        position=len(journey_map.stages),
        name=_clean(data.name),
        stage_key=data.stage_key or None,
    )
    db.session.add(stage)
    _flush(journey_map.title)
    audit.record(
        "journey_stage_added",
        journey_map,
        actor=actor,
        stage=str(stage.id),
        name=stage.name,
        stage_key=stage.stage_key,
        position=stage.position,
    )
    return stage


def update_stage(
    stage: JourneyStage, data: StageData, actor: User | None, *, expected_version: int | None = None
) -> None:
    journey_map = stage.journey_map
    _check_stage(journey_map, data, except_stage=stage)
    _map_changed(journey_map, expected_version)
    before = {"name": stage.name, "stage_key": stage.stage_key}
    stage.name = _clean(data.name)
    stage.stage_key = data.stage_key or None
    _flush(journey_map.title)
    audit.record(
        "journey_stage_renamed",
        journey_map,
        actor=actor,
        stage=str(stage.id),
        before=before,
        name=stage.name,
        stage_key=stage.stage_key,
    )


def move_stage(journey_map: JourneyMap, stage_id: uuid.UUID, step: int, actor: User | None) -> bool:
    """Move a stage one place earlier (``step=-1``) or later (``+1``); False when it is already
    at that end. ``StageGoneError`` when someone deleted the stage first."""
    stages = _stages(journey_map)
    index = next((i for i, s in enumerate(stages) if s.id == stage_id), None)
    if index is None:
        raise StageGoneError(str(stage_id))
    other = index + step
    if not 0 <= other < len(stages):
        return False
    stages[index], stages[other] = stages[other], stages[index]
    for position, stage in enumerate(stages):
        stage.position = position
    _touch(journey_map)
    _flush(journey_map.title)
    audit.record(
        "journey_stage_moved",
        journey_map,
        actor=actor,
        stage=str(stage_id),
        name=stages[other].name,
        position=other,
    )
    return True


def set_stage_order(journey_map: JourneyMap, stage_ids: list[uuid.UUID], actor: User | None) -> None:
    """Put the stages in this order (drag and drop); refused if it does not name each stage once."""
    stages = {s.id: s for s in _stages(journey_map)}
    if sorted(stages, key=str) != sorted(stage_ids, key=str):
        raise StageGoneError("The map's stages changed")
    for position, stage_id in enumerate(stage_ids):
        stages[stage_id].position = position
    _touch(journey_map)
    _flush(journey_map.title)
    audit.record("journey_stages_reordered", journey_map, actor=actor, order=[str(i) for i in stage_ids])


def delete_stage(stage: JourneyStage, actor: User | None) -> None:
    journey_map = stage.journey_map
    audit.record(
        "journey_stage_deleted",
        journey_map,
        actor=actor,
        stage=str(stage.id),
        name=stage.name,
        entries=len(stage.entries),
    )
    journey_map.stages.remove(stage)
    db.session.delete(stage)
    db.session.flush()
    _renumber(journey_map)
    _touch(journey_map)
    _flush(journey_map.title)


# Writing: entries ------------------------------------------------------------------------------


def _check_entry(data: EntryData) -> None:
    if data.lane not in JOURNEY_LANES:
        raise JourneyError(f"Unknown lane {data.lane!r}")
    if not _clean(data.text):
        raise JourneyError("An entry needs some text")
    if data.basis not in ENTRY_BASES:
        raise JourneyError(f"Unknown basis {data.basis!r}")
    if data.lane == "thoughts":
        if data.emotion not in EMOTIONS:
            raise JourneyError("A thoughts-and-feelings entry needs an emotion from −2 to 2")
    elif data.emotion is not None:
        raise JourneyError("Only thoughts and feelings have an emotion")
    if data.channel is not None and (data.lane != "touchpoints" or data.channel not in TOUCHPOINT_CHANNELS):
        raise JourneyError("Only touchpoints have a channel")


def _apply_entry(entry: JourneyEntry, data: EntryData) -> None:
    entry.lane = data.lane
    entry.text = data.text.strip()
    entry.emotion = data.emotion
    entry.channel = data.channel
    entry.basis = data.basis


def _entry_details(entry: JourneyEntry) -> dict:
    return {
        "stage": str(entry.stage_id),
        "lane": entry.lane,
        "text": entry.text,
        "emotion": entry.emotion,
        "channel": entry.channel,
        "basis": entry.basis,
    }


def add_entry(
    stage: JourneyStage, data: EntryData, actor: User | None, *, finding_ids: Iterable[uuid.UUID] = ()
) -> JourneyEntry:
    """Add an entry at the end of its lane in this stage, citing these (usable) findings."""
    _check_entry(data)
    discovery = stage.journey_map.discovery
    wanted = set(finding_ids)
    findings = list(evidence.usable_by_id(discovery, wanted).values())
    if len(findings) != len(wanted):
        raise JourneyError("Some of the findings can no longer be cited")
    position = sum(1 for e in stage.entries if e.lane == data.lane)
    entry = JourneyEntry(stage=stage, position=position)
    _apply_entry(entry, data)
    entry.findings = findings
    db.session.add(entry)
    db.session.flush()
    audit.record(
        "journey_entry_added",
        stage.journey_map,
        actor=actor,
        entry=str(entry.id),
        findings=len(findings),
        **_entry_details(entry),
    )
    return entry


def update_entry(entry: JourneyEntry, data: EntryData, actor: User | None, *, expected_version: int) -> None:
    """Save an edit (which also clears a withdrawn-consent flag: someone has looked at it)."""
    if entry.version != expected_version:
        raise StaleJourneyError(entry.text)
    _check_entry(data)
    before = _entry_details(entry)
    if data.lane != entry.lane:
        entry.position = sum(1 for e in entry.stage.entries if e.lane == data.lane and e.id != entry.id)
    _apply_entry(entry, data)
    entry.withdrawn_citations = 0
    _touch(entry)
    _flush(entry.text)
    audit.record(
        "journey_entry_updated",
        entry.stage.journey_map,
        actor=actor,
        entry=str(entry.id),
        before=before,
        **_entry_details(entry),
    )


def confirm_entry(entry: JourneyEntry, actor: User | None, *, expected_version: int) -> None:
    """Someone checked an entry flagged after a withdrawal and says it still holds."""
    if entry.version != expected_version:
        raise StaleJourneyError(entry.text)
    lost = entry.withdrawn_citations
    entry.withdrawn_citations = 0
    _touch(entry)
    _flush(entry.text)
    audit.record(
        "journey_entry_checked", entry.stage.journey_map, actor=actor, entry=str(entry.id), lost=lost
    )


def delete_entry(entry: JourneyEntry, actor: User | None) -> None:
    journey_map = entry.stage.journey_map
    audit.record(
        "journey_entry_deleted", journey_map, actor=actor, entry=str(entry.id), **_entry_details(entry)
    )
    entry.stage.entries.remove(entry)
    db.session.delete(entry)
    db.session.flush()


def set_findings(
    entry: JourneyEntry,
    finding_ids: Iterable[uuid.UUID],
    actor: User | None,
    *,
    expected_version: int,
    allowed: Iterable[uuid.UUID],
) -> tuple[int, int]:
    """Cite exactly these of the ``allowed`` findings; how many were added and removed.

    Cited findings that consent no longer allows are left alone: nobody could see them to untick.
    """
    if entry.version != expected_version:
        raise StaleJourneyError(entry.text)
    change = replace_citations(
        entry.stage.journey_map.discovery,
        journey_entry_findings,
        "entry_id",
        entry.id,
        wanted=finding_ids,
        allowed=allowed,
        refuse=JourneyError,
    )
    db.session.expire(entry, ["findings"])
    entry.withdrawn_citations = 0
    _touch(entry)
    _flush(entry.text)
    audit.record(
        "journey_entry_findings_changed",
        entry.stage.journey_map,
        actor=actor,
        entry=str(entry.id),
        **change.audit_details,
    )
    return len(change.added), len(change.removed)


def record_lost_citations(discovery_id: uuid.UUID, finding_ids: set[uuid.UUID]) -> None:
    """Erasure hook: flag each entry that loses citations, for someone to check it still holds.

    Runs before the findings go; the foreign keys then remove the citations themselves.
    """
    lost = db.session.execute(
        sa.select(journey_entry_findings.c.entry_id, sa.func.count())
        .join(JourneyEntry, JourneyEntry.id == journey_entry_findings.c.entry_id)
        .join(JourneyStage, JourneyStage.id == JourneyEntry.stage_id)
        .join(JourneyMap, JourneyMap.id == JourneyStage.journey_map_id)
        .where(JourneyMap.discovery_id == discovery_id, journey_entry_findings.c.finding_id.in_(finding_ids))
        .group_by(journey_entry_findings.c.entry_id)
    ).all()
    by_map: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = defaultdict(list)
    for entry_id, count in lost:
        # A plain UPDATE: the entry's version is left alone, so an edit already open still saves
        # (and clears the flag), and nothing the squad typed is refused because of the erasure.
        db.session.execute(
            sa.update(JourneyEntry)
            .where(JourneyEntry.id == entry_id)
            .values(withdrawn_citations=JourneyEntry.withdrawn_citations + count)
            .execution_options(synchronize_session=False)
        )
        entry = db.session.get(JourneyEntry, entry_id)
        by_map[entry.stage.journey_map_id].append((entry_id, count))
    for map_id, entries in by_map.items():
        journey_map = db.session.get(JourneyMap, map_id)
        audit.record(
            "journey_map_lost_findings",
            journey_map,
            discovery_id=discovery_id,
            reason="consent_withdrawn",
            entries={str(e): n for e, n in entries},
            lost=sum(n for _, n in entries),
        )
    for entry_id, _ in lost:
        entry = db.session.get(JourneyEntry, entry_id)
        if entry is not None:
            db.session.expire(entry, ["withdrawn_citations"])


# The document the exports render ---------------------------------------------------------------


def curve(view: MapView):
    """The emotion curve of a map, with the emotion words of the reader's language."""
    from flask_babel import gettext as _

    from discovery.journeys.curve import build_curve

    return build_curve(
        [(s.stage.name, s.emotions) for s in view.stages],
        {score: str(words) for score, words in EMOTIONS.items()},
        _("No feelings recorded"),
    )


def strength_words(strength: evidence.EvidenceStrength) -> str:
    """ "6 findings from 4 participants in 2 authorities", as ``evidence_strength.html`` says it."""
    from flask_babel import gettext as _
    from flask_babel import ngettext

    findings = ngettext("%(num)d finding", "%(num)d findings", strength.findings)
    participants = ngettext("%(num)d participant", "%(num)d participants", strength.participants)
    authorities = ngettext("%(num)d authority", "%(num)d authorities", strength.authorities)
    if strength.participants and strength.authorities:
        return _(
            "%(findings)s from %(participants)s in %(authorities)s",
            findings=findings,
            participants=participants,
            authorities=authorities,
        )
    if strength.participants:
        return _("%(findings)s from %(participants)s", findings=findings, participants=participants)
    return findings


def suggested_words(count: int) -> str:
    from flask_babel import ngettext

    return ngettext(
        "%(num)d finding tagged with this stage, not yet cited",
        "%(num)d findings tagged with this stage, not yet cited",
        count,
    )


def withdrawn_words(count: int) -> str:
    from flask_babel import ngettext

    return ngettext(
        "%(num)d cited finding was removed when a participant withdrew consent. "
        "Check this entry still holds.",
        "%(num)d cited findings were removed when a participant withdrew consent. "
        "Check this entry still holds.",
        count,
    )


def document(view: MapView):
    """The map as a plain ``JourneyDocument`` for the CSV and PDF renderers (counts, no quotes)."""
    from flask_babel import format_date, get_locale, ngettext
    from flask_babel import gettext as _

    from discovery.journeys import export

    journey_map = view.journey_map
    facts = [(_("State"), str(JOURNEY_STATES[journey_map.state]))]
    if journey_map.scenario:
        facts.append((_("Whose journey"), journey_map.scenario))
    facts.append(
        (_("Segment"), str(SEGMENTS[journey_map.segment]) if journey_map.segment else _("No one segment"))
    )
    locale = str(get_locale() or "en")
    facts.append(
        (
            _("Authority"),
            journey_map.authority.localised_name(locale) if journey_map.authority else _("Every authority"),
        )
    )
    stages = []
    for stage_view in view.stages:
        entries = []
        for lane in JOURNEY_LANES:
            for item in stage_view.lanes.get(lane, []):
                entry = item.entry
                entries.append(
                    export.DocEntry(
                        lane=entry.lane,
                        text=entry.text,
                        channel=entry.channel or "",
                        channel_words=str(TOUCHPOINT_CHANNELS[entry.channel]) if entry.channel else "",
                        emotion=entry.emotion,
                        emotion_words=str(EMOTIONS[entry.emotion]) if entry.emotion is not None else "",
                        basis=entry.basis,
                        basis_words=str(ENTRY_BASES[entry.basis]),
                        citations=len(item.findings),
                        citations_words=ngettext(
                            "%(num)d cited finding", "%(num)d cited findings", len(item.findings)
                        ),
                        removed=entry.withdrawn_citations,
                        removed_words=withdrawn_words(entry.withdrawn_citations),
                    )
                )
        key = stage_view.stage.stage_key
        stages.append(
            export.DocStage(
                name=stage_view.stage.name,
                shared_stage=key or "",
                shared_words=str(JOURNEY_STAGES[key]) if key else "",
                strength_words=strength_words(stage_view.strength),
                findings=stage_view.strength.findings,
                participants=stage_view.strength.participants,
                authorities=stage_view.strength.authorities,
                suggested_words=suggested_words(stage_view.suggested) if key else "",
                entries=tuple(entries),
                emotions=tuple(stage_view.emotions),
            )
        )
    labels = {
        "curve_title": _("How the person feels at each stage"),
        "curve_alternative": _("Feelings at each stage, in words"),
        "stage": _("Stage"),
        "feeling": _("Feeling"),
        "mean_score": _("Average score"),
        "evidence": _("Evidence"),
        "suggested": _("Suggested evidence"),
        "no_entries": "–",
        "generated": _("Made on"),
        "channel": _("Channel"),
    }
    return export.JourneyDocument(
        title=journey_map.title,
        facts=tuple(facts),
        lanes=tuple((k, str(v)) for k, v in JOURNEY_LANES.items()),
        stages=tuple(stages),
        curve=curve(view),
        discovery=journey_map.discovery.title,
        made_on=format_date(utcnow().date(), "d MMMM yyyy"),
        labels=labels,
        lang=locale,
    )
