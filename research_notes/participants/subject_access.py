"""Everything held about one participant, as plain data: the answer to a subject-access request.

A shared plain note (not split into turns) cannot be cut down to their words, so it is
included whole and marked ``needs_review``: whoever answers the request removes other
people's words before sending it. Citations by the synthesis areas are found by walking the
schema (``erasure.references_to``) and given as ids, never as the squad's own text.
"""

from __future__ import annotations

from sqlalchemy import select

from discovery.core import audit, data_scope
from discovery.core.models import AuditEvent, User
from discovery.extensions import db
from research_notes.models import Finding, Participant
from research_notes.participants import erasure
from research_notes.participants.references import NOT_CITATIONS


def subject_access_record(participant: Participant, actor: User | None) -> dict:
    """The participant's data as a JSON-ready dict; records an audit event that it was exported.

    The real name and contact details are left out (with the reason) when ``actor`` is a person
    who may not see them: a researcher of another council answers with the pseudonymous record
    and the controlling council adds the identity. With no actor (the server's operator) they
    are included.
    """
    plan = erasure.plan_erasure(participant)
    identity = participant.identity
    withheld = (
        identity is not None and actor is not None and not data_scope.may_see_identity(actor, participant)
    )
    withdrawn_by, recorded_by = participant.consent_withdrawn_by, participant.consent_recorded_by
    findings = list(
        db.session.scalars(
            select(Finding).where(Finding.id.in_(plan.finding_ids)).order_by(Finding.created_at, Finding.id)
        )
    )
    record = {
        "participant": {
            "pseudonym": participant.pseudonym,
            "discovery": participant.discovery.title,
            "segment": participant.segment,
            "authority": participant.authority.name if participant.authority else None,
            "organisation": participant.organisation or None,
            "age_band": participant.age_band,
            "digital_confidence": participant.digital_confidence,
            "preferred_language": participant.preferred_language,
            "access_needs": participant.access_needs,
            "notes": participant.notes,
            "created_at": participant.created_at,
        },
        "identity": (
            {"withheld": data_scope.identity_explanation(participant)}
            if withheld
            else {"real_name": identity.real_name, "contact_details": identity.contact_details}
            if identity
            else None
        ),
        "consent": {
            "date": participant.consent_date,
            "scope": list(participant.consent_scope or []),
            "recorded_by": recorded_by.email if recorded_by else None,
            "retain_until": participant.retain_until,
            "withdrawn_at": participant.consent_withdrawn_at,
            "withdrawn_by": withdrawn_by.email if withdrawn_by else None,
            "withdrawal_reason": participant.consent_withdrawal_reason,
        },
        "notes": _notes(plan),
        "findings": [
            {
                "id": f.id,
                "note": f.note.title,
                "text": f.text,
                "speaker": f.speaker,
                "kind": f.kind,
                "journey_stage": f.journey_stage,
                "comment": f.comment,
                "tags": [t.name for t in f.tags],
                "created_at": f.created_at,
            }
            for f in findings
        ],
        "citations": _citations(plan),
        "audit_events": _audit_events(participant, plan),
    }
    audit.record(
        "participant_exported",
        participant,
        actor=actor,
        pseudonym=participant.pseudonym,
        findings=len(findings),
        notes=len(record["notes"]),
        via="participant-export",
    )
    return record


def _notes(plan: erasure.ErasurePlan) -> list[dict]:
    def about(note) -> dict:
        return {"id": note.id, "title": note.title, "held_on": note.held_on, "method": note.method}

    notes = [{**about(note), "kind": "only theirs", "body": note.body} for note in plan.whole_notes]
    for group in plan.group_notes:
        turns = [
            {"speaker": u.speaker, "start_seconds": u.start_seconds, "text": u.text}
            for u in group.note.utterances
            if u.id in plan.group_turn_ids
        ]
        notes.append({**about(group.note), "kind": "their turns in a group note", "turns": turns})
    for shared in plan.shared_notes:
        notes.append(
            {
                **about(shared.note),
                "kind": "shared plain note",
                "body": shared.note.body,
                "needs_review": (
                    f"Shared with {', '.join(shared.others)} and not split into turns: remove what "
                    "others said before sending this"
                ),
            }
        )
    return notes


def _citations(plan: erasure.ErasurePlan) -> list[dict]:
    found = []
    for target, ids in (("findings", plan.finding_ids), ("utterances", plan.utterance_ids)):
        if not ids:
            continue
        for ref in erasure.references_to(target):
            if ref.table.name in NOT_CITATIONS:
                continue
            ids_only = [c for c in ref.table.columns if c.foreign_keys or c.primary_key]
            for row in db.session.execute(select(*ids_only).where(ref.column.in_(list(ids)))):
                found.append({"table": ref.table.name, **{k: str(v) for k, v in row._mapping.items()}})
    return found


def _audit_events(participant: Participant, plan: erasure.ErasurePlan) -> list[dict]:
    ids = {str(participant.id)} | {str(i) for i in plan.finding_ids | {n.id for n in plan.whole_notes}}
    query = select(AuditEvent).where(AuditEvent.object_id.in_(ids)).order_by(AuditEvent.occurred_at)
    return [
        {
            "occurred_at": e.occurred_at,
            "action": e.action,
            "actor": e.actor_email,
            "object": f"{e.object_type}:{e.object_id}",
            "details": e.details,
        }
        for e in db.session.scalars(query)
    ]
