"""Consent withdrawal that erases: what a participant's withdrawal removes, shown first, then done.

Everything that rests on what a participant said is found from the schema, not from a list:
every table with a foreign key to ``participants``, ``research_notes``, ``utterances`` or
``findings`` is walked through ``db.metadata`` (research_notes must not import the synthesis
areas, and a table added later is covered without anyone remembering this module). Rows whose
key is ``ON DELETE SET NULL`` and nullable lose the link; every other referring row is deleted.

What is erased for participant P:

- notes that are wholly theirs (no other participant is linked to the note or speaks in it),
  with their turns, findings and every row citing those;
- in group notes, P's turns are cut out of the body (the other turns, and findings on them,
  move up so their offsets still point at their words) and findings on P's turns, findings
  attributed to P, and findings that overlap a cut turn are erased;
- P's link to the notes, their identity row (real name, contact details), pending imports
  whose upload names them, and every attribute on the participant row except the pseudonym,
  the discovery and the withdrawal's date, reason and recorder.

A plain note that P shares with others, without turns attributed to P, cannot be split
without guessing which words are theirs. Withdrawal is *blocked* until a researcher edits
such a note (splits it into turns, or removes what P said and unlinks P): erasing only the
findings would leave P's words in the note and in the search index, which is not erasure.

The audit log keeps an event with counts; events about the erased notes, findings and turns
have their text replaced with ``ERASED`` (the one place audit details are rewritten).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import select

from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import AuditEvent, User
from discovery.extensions import db
from research_notes.models import (
    Finding,
    Participant,
    ParticipantIdentity,
    PendingImport,
    ResearchNote,
    Utterance,
    note_participants,
)

ERASED = "[erased: consent withdrawn]"
# Who the audit names when nobody asked: the scheduled retention purge.
SYSTEM_ACTOR = "system"

# The tables whose rows carry what a participant said; everything that refers to them is walked.
EVIDENCE_TABLES = ("participants", "research_notes", "utterances", "findings")


_HOOKS = "research_notes.before_erasing_findings"


def on_erasing_findings(app, hook: Callable[[uuid.UUID, set[uuid.UUID]], None]) -> None:
    """Call ``hook(discovery_id, finding_ids)`` in the erasing transaction, before the findings go.

    The synthesis areas use it to flag what loses evidence (a theme to review), which this
    module cannot know about: research_notes imports none of them.
    """
    app.extensions.setdefault(_HOOKS, []).append(hook)


class AlreadyWithdrawnError(Exception):
    """Consent was already withdrawn: withdrawing twice must not rewrite who did it and when."""


class SharedNotesNeedEditingError(Exception):
    """Some plain notes are shared with other participants; a researcher must edit them first."""

    def __init__(self, notes: list[SharedNote]) -> None:
        super().__init__(", ".join(n.note.title for n in notes))
        self.notes = notes


class ReasonRequiredError(ValueError):
    """A withdrawal must say why (for example, how the request arrived)."""


# The schema walk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One foreign key column that points at a row of an evidence table."""

    table: sa.Table
    column: sa.Column
    target: str

    @property
    def nulls(self) -> bool:
        """True when erasing the target only unlinks this row (ON DELETE SET NULL)."""
        ondelete = (self.column.foreign_keys and next(iter(self.column.foreign_keys)).ondelete) or ""
        return self.column.nullable and ondelete.upper() == "SET NULL"


def references_to(target: str, *, outside_evidence: bool = True) -> list[Reference]:
    """Every foreign key column in the schema that points at ``target``.id, by table name.

    With ``outside_evidence`` the four evidence tables themselves are left out (erasure
    handles them in order); the rest are link tables and the synthesis areas' citations.
    """
    found = []
    for table in db.metadata.sorted_tables:
        if outside_evidence and table.name in EVIDENCE_TABLES:
            continue
        for column in table.columns:
            for key in column.foreign_keys:
                if key.column.table.name == target and key.column.name == "id":
                    found.append(Reference(table, column, target))
    return sorted(found, key=lambda r: (r.table.name, r.column.name))


def count_references(target: str, ids: Iterable[uuid.UUID]) -> dict[str, int]:
    """How many rows of each other table refer to these rows of ``target`` (zero counts left out)."""
    ids = list(ids)
    counts: dict[str, int] = {}
    if not ids:
        return counts
    for ref in references_to(target):
        n = db.session.scalar(select(sa.func.count()).select_from(ref.table).where(ref.column.in_(ids)))
        if n:
            counts[ref.table.name] = counts.get(ref.table.name, 0) + n
    return counts


def _unlink_references(target: str, ids: Iterable[uuid.UUID]) -> dict[str, int]:
    """Delete (or, for ON DELETE SET NULL, unlink) every row of other tables that refers to ``ids``."""
    ids = list(ids)
    done: dict[str, int] = {}
    if not ids:
        return done
    for ref in references_to(target):
        if ref.nulls:
            statement = sa.update(ref.table).where(ref.column.in_(ids)).values({ref.column.name: None})
        else:
            statement = sa.delete(ref.table).where(ref.column.in_(ids))
        result = db.session.execute(statement, execution_options={"synchronize_session": False})
        if result.rowcount:
            done[ref.table.name] = done.get(ref.table.name, 0) + result.rowcount
    return done


# The plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupNote:
    """A note shared with others in which the participant's turns can be cut out."""

    note: ResearchNote
    turns: int
    others: list[str]


@dataclass(frozen=True)
class SharedNote:
    """A plain note shared with others: nothing says which words are the participant's."""

    note: ResearchNote
    others: list[str]


@dataclass
class ErasurePlan:
    """Exactly what withdrawing this participant's consent erases, for the preview and the audit."""

    participant: Participant
    whole_notes: list[ResearchNote] = field(default_factory=list)
    group_notes: list[GroupNote] = field(default_factory=list)
    shared_notes: list[SharedNote] = field(default_factory=list)
    utterance_ids: set[uuid.UUID] = field(default_factory=set)
    finding_ids: set[uuid.UUID] = field(default_factory=set)
    group_turn_ids: set[uuid.UUID] = field(default_factory=set)
    linked: dict[str, int] = field(default_factory=dict)
    pending_imports: list[PendingImport] = field(default_factory=list)
    has_identity: bool = False

    @property
    def blocked(self) -> bool:
        return bool(self.shared_notes)

    @property
    def turns(self) -> int:
        """Turns of speech erased: every turn of a wholly-theirs note plus their turns in group notes."""
        return len(self.utterance_ids)

    @property
    def findings(self) -> int:
        return len(self.finding_ids)

    @property
    def tag_links(self) -> int:
        return self.linked.get("finding_tags", 0)

    @property
    def citations(self) -> dict[str, int]:
        """Rows of the synthesis areas (and any other table) that cite the erased evidence."""
        return {k: v for k, v in self.linked.items() if k not in ("finding_tags", "note_participants")}

    @property
    def search_index_rows(self) -> int:
        """Index entries removed or rewritten: one per erased finding, erased note and cut note."""
        return self.findings + len(self.whole_notes) + len(self.group_notes)

    def counts(self) -> dict[str, object]:
        """The plan as numbers, for the audit event (never any text)."""
        return {
            "notes": len(self.whole_notes),
            "group_notes_cut": len(self.group_notes),
            "turns": self.turns,
            "findings": self.findings,
            "tag_links": self.tag_links,
            "citations": self.citations,
            "search_index_rows": self.search_index_rows,
            "pending_imports": len(self.pending_imports),
            "identity": self.has_identity,
        }


def plan_erasure(participant: Participant) -> ErasurePlan:
    """Find everything that withdrawing ``participant``'s consent will erase, touching nothing."""
    plan = ErasurePlan(participant, has_identity=participant.identity is not None)
    for note in _notes_touching(participant):
        others = sorted(
            {p.pseudonym for p in note.participants if p.id != participant.id}
            | {
                u.participant.pseudonym
                for u in note.utterances
                if u.participant is not None and u.participant_id != participant.id
            }
        )
        theirs = [u for u in note.utterances if u.participant_id == participant.id]
        if not others:
            plan.whole_notes.append(note)
            plan.utterance_ids |= {u.id for u in note.utterances}
            plan.finding_ids |= set(db.session.scalars(select(Finding.id).where(Finding.note_id == note.id)))
        elif theirs:
            plan.group_notes.append(GroupNote(note, len(theirs), others))
            plan.group_turn_ids |= {u.id for u in theirs}
            plan.utterance_ids |= {u.id for u in theirs}
            plan.finding_ids |= _findings_on_turns(note, theirs, participant)
        else:
            plan.shared_notes.append(SharedNote(note, others))
            plan.finding_ids |= set(
                db.session.scalars(
                    select(Finding.id).where(
                        Finding.note_id == note.id, Finding.participant_id == participant.id
                    )
                )
            )
    # Findings attributed to them anywhere else (a note they are no longer linked to).
    attributed = select(Finding.id).where(Finding.participant_id == participant.id)
    plan.finding_ids |= set(db.session.scalars(attributed))
    linked: dict[str, int] = {}
    for target, ids in (
        ("findings", plan.finding_ids),
        ("utterances", plan.utterance_ids),
        ("research_notes", [n.id for n in plan.whole_notes]),
    ):
        for table, n in count_references(target, ids).items():
            linked[table] = linked.get(table, 0) + n
    plan.linked = linked
    plan.pending_imports = pending_imports_naming(participant)
    return plan


def _notes_touching(participant: Participant) -> list[ResearchNote]:
    linked = select(note_participants.c.note_id).where(note_participants.c.participant_id == participant.id)
    spoken = select(Utterance.note_id).where(Utterance.participant_id == participant.id)
    cited = select(Finding.note_id).where(Finding.participant_id == participant.id)
    query = select(ResearchNote).where(
        ResearchNote.id.in_(linked.union(spoken, cited).scalar_subquery()),
        ResearchNote.discovery_id == participant.discovery_id,
    )
    return sorted(db.session.scalars(query), key=lambda n: (n.title.lower(), str(n.id)))


def _findings_on_turns(
    note: ResearchNote, turns: list[Utterance], participant: Participant
) -> set[uuid.UUID]:
    """Findings on their turns, attributed to them, or overlapping a turn that will be cut."""
    cuts = _cuts(note, {u.id for u in turns})
    ids = set()
    for finding in db.session.scalars(select(Finding).where(Finding.note_id == note.id)):
        on_turn = finding.utterance_id in {u.id for u in turns}
        overlaps = any(finding.start_offset < end and finding.end_offset > start for start, end in cuts)
        if on_turn or overlaps or finding.participant_id == participant.id:
            ids.add(finding.id)
    return ids


def pending_imports_naming(participant: Participant) -> list[PendingImport]:
    """Uploads waiting for review whose speakers or text name the participant.

    An upload is not yet linked to anyone, so it is matched on what it says: the pseudonym as
    a speaker label or a word, or the real name anywhere in it.
    """
    pseudonym = re.compile(rf"(?<!\w){re.escape(participant.pseudonym)}(?!\w)", re.IGNORECASE)
    real_name = participant.identity.real_name.strip().lower() if participant.identity else ""
    found = []
    query = select(PendingImport).where(PendingImport.discovery_id == participant.discovery_id)
    for pending in db.session.scalars(query):
        payload = pending.payload or {}
        text = " ".join(
            [str(payload.get("body", "")), str(payload.get("title_suggestion") or ""), pending.filename]
            + [str(s) for s in payload.get("speakers", [])]
        )
        if pseudonym.search(text) or (real_name and real_name in text.lower()):
            found.append(pending)
    return sorted(found, key=lambda p: p.created_at)


# Erasing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureResult:
    participant: Participant
    counts: dict[str, object]


def withdraw_and_erase(participant: Participant, reason: str, actor: User | None) -> ErasureResult:
    """Withdraw consent and erase everything the plan lists, in the caller's one transaction.

    ``actor`` is None when the system erases (the retention purge): the audit event then says
    "system" rather than naming a person.

    Raises ``AlreadyWithdrawnError`` for a participant already withdrawn and erased,
    ``ReasonRequiredError`` without a reason, and ``SharedNotesNeedEditingError`` while a plain
    shared note still needs a researcher to edit it (nothing is changed then).
    """
    if participant.has_withdrawn and not needs_erasure(participant):
        raise AlreadyWithdrawnError()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequiredError()
    plan = plan_erasure(participant)
    if plan.blocked:
        raise SharedNotesNeedEditingError(plan.shared_notes)
    counts = plan.counts()
    whole_note_ids = [n.id for n in plan.whole_notes]
    scrub_ids = {str(i) for i in plan.finding_ids | plan.utterance_ids | set(whole_note_ids)}
    erased_texts = _erased_texts(plan)

    cuts = {group.note.id: _cuts(group.note, plan.group_turn_ids) for group in plan.group_notes}
    db.session.flush()

    if plan.finding_ids:
        for hook in current_app.extensions.get(_HOOKS, []):
            hook(participant.discovery_id, set(plan.finding_ids))
    _unlink_references("findings", plan.finding_ids)
    _delete_rows(Finding, plan.finding_ids)
    _unlink_references("utterances", plan.utterance_ids)
    _delete_rows(Utterance, plan.utterance_ids)
    _forget({Finding: plan.finding_ids, Utterance: plan.utterance_ids, ResearchNote: set(whole_note_ids)})
    db.session.expire_all()
    for note_id, note_cuts in cuts.items():
        _cut_from(db.session.get(ResearchNote, note_id), note_cuts, participant)
        # The upload's hash would still identify the original file, which holds their words.
        db.session.get(ResearchNote, note_id).source_sha256 = None
    db.session.flush()
    _unlink_references("research_notes", whole_note_ids)
    _delete_rows(ResearchNote, whole_note_ids)
    for pending in plan.pending_imports:
        db.session.delete(pending)
    # Their link to shared notes, their identity, and anything else naming the participant row.
    _unlink_references("participants", [participant.id])
    db.session.flush()
    db.session.expire_all()

    _clear_participant(participant, reason, actor)
    _scrub_audit(scrub_ids, erased_texts, participant)
    db.session.flush()
    event = audit.record(
        "consent_withdrawn",
        participant,
        actor=actor,
        pseudonym=participant.pseudonym,
        reason_given=True,
        erased=counts,
    )
    if actor is None:
        event.actor_id, event.actor_email = None, SYSTEM_ACTOR
        event.details = {**event.details, "by": SYSTEM_ACTOR}
    return ErasureResult(participant, counts)


def needs_erasure(participant: Participant) -> bool:
    """True for a participant withdrawn before erasure existed whose data is still held."""
    if not participant.has_withdrawn:
        return False
    held = (
        participant.identity is not None
        or participant.segment is not None
        or db.session.scalar(select(Finding.id).where(Finding.participant_id == participant.id).limit(1))
        or db.session.scalar(
            select(note_participants.c.note_id)
            .where(note_participants.c.participant_id == participant.id)
            .limit(1)
        )
    )
    return bool(held)


def _forget(deleted: dict[type, set[uuid.UUID]]) -> None:
    """Drop objects whose rows were deleted by a bulk statement, so nothing reloads them.

    Identities are read from the session's keys, not the objects: an expired object's ``id``
    would be loaded from a row that is already gone (ObjectDeletedError).
    """
    for state in list(db.session.identity_map.all_states()):
        obj, identity = state.obj(), state.identity
        if obj is None or not identity or identity[0] not in deleted.get(state.class_, ()):
            continue
        if obj in db.session:
            db.session.expunge(obj)  # cascades to a note's turns


def _delete_rows(model, ids: Iterable[uuid.UUID]) -> None:
    ids = list(ids)
    if ids:
        db.session.execute(
            sa.delete(model).where(model.id.in_(ids)), execution_options={"synchronize_session": False}
        )


def _cuts(note: ResearchNote, turn_ids: set[uuid.UUID]) -> list[tuple[int, int]]:
    """The ranges of the body to cut: each of their turns with the label and gap before it."""
    cuts: list[tuple[int, int]] = []
    previous_end: int | None = None
    for utterance in sorted(note.utterances, key=lambda u: u.position):
        if utterance.id in turn_ids:
            start = (
                previous_end
                if previous_end is not None
                else note.body.rfind("\n", 0, utterance.char_start) + 1
            )
            if cuts and cuts[-1][1] == start:
                cuts[-1] = (cuts[-1][0], utterance.char_end)
            else:
                cuts.append((start, utterance.char_end))
        previous_end = utterance.char_end
    return cuts


def _cut_from(note: ResearchNote, cuts: list[tuple[int, int]], participant: Participant) -> None:
    """Cut their turns (already deleted) out of a group note's body; move what is kept to match."""

    def moved(offset: int) -> int:
        return offset - sum(end - start for start, end in cuts if end <= offset)

    body = note.body
    kept, position = [], 0
    for start, end in cuts:
        kept.append(body[position:start])
        position = end
    kept.append(body[position:])
    note.body = "".join(kept)
    note.participants = [p for p in note.participants if p.id != participant.id]
    note.updated_at = utcnow()
    survivors = sorted(note.utterances, key=lambda u: u.position)
    for utterance in survivors:
        utterance.char_start, utterance.char_end = moved(utterance.char_start), moved(utterance.char_end)
    for finding in db.session.scalars(select(Finding).where(Finding.note_id == note.id)):
        finding.start_offset, finding.end_offset = moved(finding.start_offset), moved(finding.end_offset)
    # Positions are unique per note: park the survivors out of the way, then close the gaps.
    for index, utterance in enumerate(survivors):
        utterance.position = -1 - index
    db.session.flush()
    for index, utterance in enumerate(survivors):
        utterance.position = index


def _clear_participant(participant: Participant, reason: str, actor: User | None) -> None:
    """Keep the pseudonym, the discovery and the withdrawal record; clear everything else."""
    participant.consent_withdrawn_at = participant.consent_withdrawn_at or utcnow()
    participant.consent_withdrawn_by_id = actor.id if actor else None
    participant.consent_withdrawal_reason = reason
    participant.segment = None
    participant.authority_id = None
    participant.organisation = ""
    participant.age_band = None
    participant.digital_confidence = None
    participant.preferred_language = None
    participant.access_needs = ""
    participant.notes = ""
    participant.consent_date = None
    participant.consent_scope = []
    participant.consent_recorded_by_id = None
    participant.retain_until = None
    identity = db.session.get(ParticipantIdentity, participant.id)
    if identity is not None:
        db.session.delete(identity)


def _erased_texts(plan: ErasurePlan) -> list[str]:
    """What they said and who they are, to find audit events that quote it."""
    texts = []
    for note in plan.whole_notes:
        texts += [note.title, note.body]
    for group in plan.group_notes:
        texts += [u.text for u in group.note.utterances if u.id in plan.group_turn_ids]
    if plan.finding_ids:
        for text, comment in db.session.execute(
            select(Finding.text, Finding.comment).where(Finding.id.in_(plan.finding_ids))
        ):
            texts += [text, comment]
    identity = plan.participant.identity
    if identity is not None:
        texts += [identity.real_name, identity.contact_details]
    texts += [plan.participant.notes or "", plan.participant.access_needs or ""]
    return [t.lower() for t in texts if t and t.strip()]


def _scrub_audit(object_ids: set[str], erased_texts: list[str], participant: Participant) -> None:
    """Replace the text in audit events about erased things; ids, numbers and flags stay.

    Events are found by the object they are about, by an erased object's id in their details
    (a finding deleted earlier names its note), or by quoting erased words (a finding deleted
    earlier from one of their turns in a group note quotes the turn).
    """
    query = select(AuditEvent).where(AuditEvent.discovery_id == participant.discovery_id)
    for event in db.session.scalars(query):
        details = event.details or {}
        strings = list(_strings(details))
        about_erased = event.object_id in object_ids or any(s in object_ids for s in strings)
        quotes_them = any(
            len(s.strip()) >= 3 and any(s.lower() in text for text in erased_texts)
            for s in strings
            if not _is_uuid(s)
        )
        if event.object_id == str(participant.id):
            kept = {k: v for k, v in details.items() if k == "pseudonym"}
            event.details = {**_scrubbed({k: v for k, v in details.items() if k != "pseudonym"}), **kept}
        elif about_erased or quotes_them:
            event.details = _scrubbed(details)


def _strings(value: object):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _scrubbed(value: object) -> object:
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    if isinstance(value, str) and value and not _is_uuid(value):
        return ERASED
    return value
