"""Build a summary from the evidence as it stands: for the whole discovery or one authority.

Everything is read through the evidence API, once per build: the findings consent allows for
analysis (counts) and the participants whose consent covers quotes in reports (quotes). An
authority's summary is the same build over its own participants' findings only; findings with
no participant (a researcher's observation) count in the whole summary, never in an
authority's.

A quote is a finding's own words, from a quotable participant, that the redaction step finds
no personal data in (checked with the names of everyone in the discovery); a theme shows up to
three, preferring the run's representative findings and different people.

Cost: one read of the usable findings, one of the memberships of accepted themes, and a few
small queries, whatever the number of themes; a snapshot builds the whole summary and one per
authority from the same reads.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from discovery.backlog.models import BacklogItem
from discovery.backlog.services import evidence_source_ids
from discovery.core.columns import utcnow
from discovery.core.models import Authority, Discovery, Hypothesis, ResearchQuestion, SampleTarget
from discovery.core.vocab import JOURNEY_STAGES, SEGMENTS
from discovery.extensions import db
from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage, journey_entry_findings
from discovery.needs.models import UserNeed, need_findings, need_themes
from discovery.summaries import content as c
from discovery.summaries.models import question_themes
from discovery.themes.models import Theme, ThemeMembership
from research_notes import evidence
from research_notes.models import Finding, Participant, ParticipantIdentity, ResearchNote, note_participants

QUOTES_PER_THEME = 3
QUOTE_MAX = 320
"""Characters: a longer finding is cut at a word and marked "…", so a quote stays a quote."""
THIN_PARTICIPANTS = 3
"""An authority with fewer participants than this is reported as thin evidence."""
PAIN_POINTS_PER_STAGE = 5
REPORTED_PRIORITIES = ("must", "should")


@dataclass
class Evidence:
    """What one build reads once and every scope shares."""

    discovery: Discovery
    findings: dict[uuid.UUID, Finding]
    quotable: set[uuid.UUID]
    participants: list[Participant]
    authorities: list[Authority]
    names: list[str]
    generated_at: datetime


def read_evidence(discovery: Discovery) -> Evidence:
    findings = evidence.usable_findings(discovery, purpose=evidence.Purpose.ANALYSIS)
    # One read of the participants decides both purposes, by the evidence API's own rule.
    everyone = db.session.scalars(
        sa.select(Participant).where(Participant.discovery_id == discovery.id).order_by(Participant.pseudonym)
    )
    participants = [p for p in everyone if evidence.consent_allows(p, evidence.Purpose.ANALYSIS)]
    names = list(
        db.session.scalars(
            sa.select(ParticipantIdentity.real_name)
            .join(Participant, Participant.id == ParticipantIdentity.participant_id)
            .where(Participant.discovery_id == discovery.id)
        )
    )
    return Evidence(
        discovery=discovery,
        findings={f.id: f for f in findings},
        quotable={p.id for p in participants if evidence.consent_allows(p, evidence.Purpose.QUOTES)},
        participants=participants,
        authorities=reported_authorities(discovery, participants),
        names=[n for n in names if n and n.strip()],
        generated_at=utcnow(),
    )


def reported_authorities(discovery: Discovery, participants: list[Participant]) -> list[Authority]:
    """The councils taking part, and any other organisation (a partner consultancy) only when
    some participants belong to it: a partner with no participants is not thin evidence."""
    with_people = {p.authority_id for p in participants}
    return [a for a in discovery.authorities if a.kind == "council" or a.id in with_people]


def authority_ref(authority: Authority) -> c.AuthorityRef:
    return c.AuthorityRef(authority.code, authority.name, authority.name_cy or "")


def strength_of(findings: Iterable[Finding]) -> c.Strength:
    found = evidence.evidence_strength(findings)
    return c.Strength(found.findings, found.participants, found.authorities)


class _Scope:
    """Which findings and participants a summary counts: all of them, or one authority's."""

    def __init__(self, ev: Evidence, authority: Authority | None) -> None:
        self.authority = authority
        if authority is None:
            self.findings = ev.findings
            self.participants = ev.participants
        else:
            self.findings = {
                i: f
                for i, f in ev.findings.items()
                if f.participant is not None and f.participant.authority_id == authority.id
            }
            self.participants = [p for p in ev.participants if p.authority_id == authority.id]

    def pick(self, ids: Iterable[uuid.UUID]) -> list[Finding]:
        return [self.findings[i] for i in ids if i in self.findings]


# Reads shared by every scope -------------------------------------------------------------------


@dataclass
class Plan:
    themes: list[Theme]
    members: dict[uuid.UUID, list[ThemeMembership]]
    needs: list[UserNeed]
    need_findings: dict[uuid.UUID, set[uuid.UUID]]
    need_themes: dict[uuid.UUID, set[uuid.UUID]]
    stages: list[tuple[JourneyMap, JourneyStage]]
    entries: dict[uuid.UUID, list[JourneyEntry]]
    entry_findings: dict[uuid.UUID, set[uuid.UUID]]
    items: list[BacklogItem]
    item_findings: dict[uuid.UUID, set[uuid.UUID]]
    questions: list[ResearchQuestion]
    question_themes: dict[uuid.UUID, set[uuid.UUID]]
    hypotheses: list[Hypothesis]
    targets: dict[str, int]
    notes: list[tuple[uuid.UUID, str, object]]
    note_people: dict[uuid.UUID, set[uuid.UUID]]


def _grouped(rows) -> dict[uuid.UUID, set[uuid.UUID]]:
    found: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for key, value in rows:
        found[key].add(value)
    return found


def _links(table: sa.Table, key: str, value: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """What a link table links each of ``ids`` to, in one query (none for no ids)."""
    if not ids:
        return {}
    return _grouped(db.session.execute(sa.select(table.c[key], table.c[value]).where(table.c[key].in_(ids))))


def read_plan(discovery: Discovery) -> Plan:
    did = discovery.id
    themes = list(
        db.session.scalars(sa.select(Theme).where(Theme.discovery_id == did, Theme.status == "accepted"))
    )
    theme_ids = [t.id for t in themes]
    members: dict[uuid.UUID, list[ThemeMembership]] = defaultdict(list)
    if theme_ids:
        for membership in db.session.scalars(
            sa.select(ThemeMembership).where(
                ThemeMembership.theme_id.in_(theme_ids), ThemeMembership.state == "member"
            )
        ):
            members[membership.theme_id].append(membership)
    needs = list(
        db.session.scalars(
            sa.select(UserNeed).where(UserNeed.discovery_id == did).order_by(UserNeed.created_at)
        )
    )
    need_ids = [n.id for n in needs]
    maps = list(
        db.session.scalars(
            sa.select(JourneyMap)
            .where(JourneyMap.discovery_id == did, JourneyMap.state == "as_is")
            .order_by(JourneyMap.created_at)
        )
    )
    stages = [(m, s) for m in maps for s in sorted(m.stages, key=lambda s: s.position)]
    stage_ids = [s.id for _, s in stages]
    entries: dict[uuid.UUID, list[JourneyEntry]] = defaultdict(list)
    if stage_ids:
        for entry in db.session.scalars(
            sa.select(JourneyEntry)
            .where(JourneyEntry.stage_id.in_(stage_ids), JourneyEntry.lane == "pain_points")
            .order_by(JourneyEntry.position)
        ):
            entries[entry.stage_id].append(entry)
    entry_ids = [e.id for group in entries.values() for e in group]
    items = list(
        db.session.scalars(
            sa.select(BacklogItem)
            .where(
                BacklogItem.discovery_id == did,
                BacklogItem.priority.in_(REPORTED_PRIORITIES),
                BacklogItem.status != "dropped",
            )
            .order_by(BacklogItem.number)
        )
    )
    item_sources = evidence_source_ids([i.id for i in items])[0] if items else {}
    questions = list(
        db.session.scalars(
            sa.select(ResearchQuestion)
            .where(ResearchQuestion.discovery_id == did)
            .order_by(ResearchQuestion.position)
        )
    )
    question_ids = [q.id for q in questions]
    return Plan(
        themes=themes,
        members=members,
        needs=needs,
        need_findings=_links(need_findings, "need_id", "finding_id", need_ids),
        need_themes=_links(need_themes, "need_id", "theme_id", need_ids),
        stages=stages,
        entries=entries,
        entry_findings=_links(journey_entry_findings, "entry_id", "finding_id", entry_ids),
        items=items,
        item_findings=item_sources,
        questions=questions,
        question_themes=_links(question_themes, "question_id", "theme_id", question_ids),
        hypotheses=list(
            db.session.scalars(
                sa.select(Hypothesis).where(Hypothesis.discovery_id == did).order_by(Hypothesis.position)
            )
        ),
        targets=dict(
            db.session.execute(
                sa.select(SampleTarget.segment, SampleTarget.target).where(SampleTarget.discovery_id == did)
            ).all()
        ),
        notes=list(
            db.session.execute(
                sa.select(ResearchNote.id, ResearchNote.method, ResearchNote.held_on).where(
                    ResearchNote.discovery_id == did
                )
            ).all()
        ),
        note_people=_grouped(
            db.session.execute(
                sa.select(note_participants.c.note_id, note_participants.c.participant_id)
                .join(ResearchNote, ResearchNote.id == note_participants.c.note_id)
                .where(ResearchNote.discovery_id == did)
            )
        ),
    )


# One scope ------------------------------------------------------------------------------------


def build_summary(ev: Evidence, plan: Plan, authority: Authority | None = None) -> c.Summary:
    """The generated part of the summary for the whole discovery, or for ``authority`` only."""
    scope = _Scope(ev, authority)
    discovery = ev.discovery
    themes = _themes(ev, plan, scope)
    labels = {line.theme_id: line.label for line in themes}
    research = _research(ev, plan, scope)
    return c.Summary(
        discovery_title=discovery.title,
        service=discovery.service or "",
        problem_statement=discovery.problem_statement or "",
        scope=authority_ref(authority) if authority else None,
        generated_at=ev.generated_at,
        research=research,
        themes=themes,
        needs=_needs(plan, scope, labels),
        stages=_stages(plan, scope),
        backlog=_backlog(plan, scope),
        questions=[
            c.QuestionLine(
                q.text,
                [labels[str(t)] for t in _by_order(plan.question_themes.get(q.id, ()), themes)],
            )
            for q in plan.questions
        ],
        hypotheses=[c.HypothesisLine(h.text, h.kind, h.status) for h in plan.hypotheses],
        gaps=_gaps(ev, research, scope, themes),
    )


def _by_order(theme_ids: Iterable[uuid.UUID], themes: list[c.ThemeLine]) -> list[uuid.UUID]:
    wanted = {str(i) for i in theme_ids}
    return [uuid.UUID(line.theme_id) for line in themes if line.theme_id in wanted]


def _themes(ev: Evidence, plan: Plan, scope: _Scope) -> list[c.ThemeLine]:
    lines = []
    for theme in plan.themes:
        memberships = plan.members.get(theme.id, [])
        findings = scope.pick(m.finding_id for m in memberships)
        if not findings:
            continue
        lines.append(
            c.ThemeLine(
                theme_id=str(theme.id),
                label=theme.label,
                description=_one_line(theme.description),
                strength=strength_of(findings),
                quotes=_quotes(ev, scope, memberships),
            )
        )
    lines.sort(key=lambda t: (-t.strength.participants, -t.strength.findings, t.label.casefold()))
    return lines


def _one_line(text: str) -> str:
    """The description's first paragraph on one line: the summary gives a theme one line."""
    first = (text or "").strip().split("\n\n")[0]
    return " ".join(first.split())


def _quotes(ev: Evidence, scope: _Scope, memberships: list[ThemeMembership]) -> list[c.Quote]:
    from nlp.redact import find_personal_data

    ranked = sorted(
        memberships,
        key=lambda m: (not m.is_representative, -(m.similarity or 0.0), str(m.finding_id)),
    )
    candidates = [
        scope.findings[m.finding_id]
        for m in ranked
        if m.finding_id in scope.findings and scope.findings[m.finding_id].participant_id in ev.quotable
    ]
    chosen: list[Finding] = []
    people: set[uuid.UUID] = set()
    # First pass: one quote per person; second: fill up from anyone.
    for distinct in (True, False):
        for finding in candidates:
            if len(chosen) >= QUOTES_PER_THEME:
                break
            if finding in chosen or (distinct and finding.participant_id in people):
                continue
            text = _quote_text(finding.text)
            if not text or find_personal_data(text, ev.names):
                continue
            chosen.append(finding)
            people.add(finding.participant_id)
    return [
        c.Quote(
            finding_id=str(f.id),
            text=_quote_text(f.text),
            pseudonym=f.participant.pseudonym,
            segment=f.participant.segment,
            authority_code=f.participant.authority.code if f.participant.authority else None,
            language=f.note.language,
        )
        for f in chosen
    ]


def _quote_text(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= QUOTE_MAX:
        return text
    cut = text[: QUOTE_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:-–")
    return f"{cut}…"


def _needs(plan: Plan, scope: _Scope, labels: dict[str, str]) -> list[c.NeedLine]:
    lines = []
    for need in plan.needs:
        findings = scope.pick(plan.need_findings.get(need.id, ()))
        if scope.authority is not None and not findings:
            continue
        lines.append(
            c.NeedLine(
                need_id=str(need.id),
                statement=need.statement,
                status=need.status,
                strength=strength_of(findings),
                themes=sorted(labels[str(t)] for t in plan.need_themes.get(need.id, ()) if str(t) in labels),
            )
        )
    lines.sort(key=lambda n: (n.status != "validated", -n.strength.participants, -n.strength.findings))
    return lines


def _stages(plan: Plan, scope: _Scope) -> list[c.StageLine]:
    """Pain points by journey stage: the squad's as-is maps, with the pain-point findings tagged
    with each shared stage. An authority reads its own maps and the whole discovery's."""
    by_key: dict[str | None, c.StageLine] = {}
    own: list[c.StageLine] = []
    for journey_map, stage in plan.stages:
        if scope.authority is not None and journey_map.authority_id not in (None, scope.authority.id):
            continue
        if scope.authority is None and journey_map.authority_id is not None:
            continue
        if stage.stage_key in JOURNEY_STAGES:
            line = by_key.setdefault(stage.stage_key, c.StageLine(stage.stage_key, stage.name))
        else:
            line = c.StageLine(None, stage.name)
            own.append(line)
        for entry in plan.entries.get(stage.id, []):
            findings = scope.pick(plan.entry_findings.get(entry.id, ()))
            if entry.basis == "evidenced" and not findings:
                continue
            line.pain_points.append(c.PainPoint(entry.text, strength_of(findings), entry.basis))
    tagged: dict[str, list[Finding]] = defaultdict(list)
    for finding in scope.findings.values():
        if finding.kind == "pain_point" and finding.journey_stage in JOURNEY_STAGES:
            tagged[finding.journey_stage].append(finding)
    lines = []
    for key in JOURNEY_STAGES:
        line = by_key.get(key)
        if line is None and not tagged.get(key):
            continue
        line = line or c.StageLine(key, "")
        line.tagged_pain_points = strength_of(tagged.get(key, []))
        lines.append(line)
    lines.extend(own)
    for line in lines:
        line.pain_points.sort(key=lambda p: (-p.strength.participants, -p.strength.findings))
        del line.pain_points[PAIN_POINTS_PER_STAGE:]
    return [line for line in lines if line.pain_points or line.tagged_pain_points.findings]


def _backlog(plan: Plan, scope: _Scope) -> list[c.BacklogLine]:
    order = {p: i for i, p in enumerate(REPORTED_PRIORITIES)}
    lines = [
        c.BacklogLine(
            number=item.number,
            title=item.title,
            priority=item.priority,
            status=item.status,
            strength=strength_of(scope.pick(plan.item_findings.get(item.id, ()))),
        )
        for item in plan.items
    ]
    return sorted(lines, key=lambda b: (order[b.priority], b.number))


def _research(ev: Evidence, plan: Plan, scope: _Scope) -> c.Research:
    people = {p.id for p in scope.participants}
    if scope.authority is None:
        notes = plan.notes
    else:
        notes = [n for n in plan.notes if plan.note_people.get(n[0], set()) & people]
    dates = sorted(held for _, _, held in notes if held is not None)
    methods = Counter(method for _, method, _ in notes)
    segments = Counter(p.segment for p in scope.participants if p.segment)
    targets = plan.targets if scope.authority is None else {}
    findings_by_authority = Counter(
        f.participant.authority_id for f in scope.findings.values() if f.participant is not None
    )
    people_by_authority = Counter(p.authority_id for p in scope.participants)
    authorities = ev.authorities if scope.authority is None else [scope.authority]
    return c.Research(
        start_date=ev.discovery.start_date,
        end_date=ev.discovery.end_date,
        first_session=dates[0] if dates else None,
        last_session=dates[-1] if dates else None,
        methods=[c.MethodLine(m, n) for m, n in sorted(methods.items(), key=lambda x: (-x[1], x[0]))],
        notes=len(notes),
        findings=len(scope.findings),
        participants=len(scope.participants),
        segments=[
            c.SegmentLine(key, segments.get(key, 0), targets.get(key))
            for key in SEGMENTS
            if key in targets or segments.get(key)
        ],
        authorities=[
            c.AuthorityLine(
                authority_ref(a), people_by_authority.get(a.id, 0), findings_by_authority.get(a.id, 0)
            )
            for a in authorities
        ],
    )


def _gaps(ev: Evidence, research: c.Research, scope: _Scope, themes: list[c.ThemeLine]) -> list[c.Gap]:
    gaps = [
        c.Gap("segment_under_target", line.segment, have=line.participants, want=line.target or 0)
        for line in research.segments
        if line.under_target
    ]
    if scope.authority is None:
        gaps += [
            c.Gap(
                "authority_thin",
                line.authority.code,
                line.authority.name,
                have=line.participants,
                want=THIN_PARTICIPANTS,
            )
            for line in research.authorities
            if line.participants < THIN_PARTICIPANTS
        ]
    elif len(scope.participants) < THIN_PARTICIPANTS:
        gaps.append(
            c.Gap(
                "authority_thin",
                scope.authority.code,
                scope.authority.name,
                have=len(scope.participants),
                want=THIN_PARTICIPANTS,
            )
        )
    if not any(p.id in ev.quotable for p in scope.participants):
        gaps.append(c.Gap("no_quotes"))
    return gaps


# Comparison and snapshot ----------------------------------------------------------------------


def build_comparison(ev: Evidence, plan: Plan, themes: list[c.ThemeLine]) -> c.Comparison:
    """Each accepted theme (in the whole summary's order) across every authority taking part."""
    authorities = ev.authorities
    members = {t.id: plan.members.get(t.id, []) for t in plan.themes}
    base_people: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for f in ev.findings.values():
        if f.participant is not None:
            base_people[f.participant.authority_id].add(f.participant_id)
    rows = []
    for line in themes:
        findings = [
            ev.findings[m.finding_id]
            for m in members.get(uuid.UUID(line.theme_id), [])
            if m.finding_id in ev.findings
        ]
        cells = []
        for authority in authorities:
            mine = [
                f
                for f in findings
                if f.participant is not None and f.participant.authority_id == authority.id
            ]
            cells.append(
                c.ComparisonCell(
                    participants=len({f.participant_id for f in mine}),
                    findings=len(mine),
                    base=len(base_people.get(authority.id, ())),
                )
            )
        rows.append(c.ComparisonRow(line.theme_id, line.label, cells))
    return c.Comparison([authority_ref(a) for a in authorities], rows)


def live(discovery: Discovery) -> tuple[Evidence, Plan]:
    return read_evidence(discovery), read_plan(discovery)


def build_snapshot(discovery: Discovery, narrative: c.Narrative) -> tuple[c.Snapshot, set[uuid.UUID]]:
    """Everything a published version holds, and the participants whose evidence it counts."""
    ev, plan = live(discovery)
    whole = build_summary(ev, plan)
    by_authority = {a.code: build_summary(ev, plan, a) for a in ev.authorities}
    snapshot = c.Snapshot(
        whole=whole,
        by_authority=by_authority,
        comparison=build_comparison(ev, plan, whole.themes),
        narrative=narrative,
    )
    return snapshot, {p.id for p in ev.participants}
