"""Personal data scoped to its controller: whose real names and raw notes a person may read.

``permissions.can`` decides what a *role* may do in a discovery; this module decides, object by
object, what a member may read once the role allows it. ``permissions`` re-exports it, so it
stays the one place permissions are decided.

- **Real names and contact details** belong to the council that collected them: the
  participant's authority. A participant recorded by organisation name (a health board, a
  charity) belongs to the authorities of the researcher who recorded their consent, or to that
  researcher alone when they have none. When neither is known (data from before consent was
  recorded by a person), the discovery's authorities are the controllers; only a discovery with
  no authorities at all leaves a name to every researcher member, as before.
- **Raw notes** belong to the controllers of their participants; a note with no participants to
  its researcher's authorities (or the researcher). Under the ``agreement`` setting a member
  reads a note when one of its controllers is one of their authorities, or the discovery's
  agreement grants from one of them to one of their authorities. Under ``all_members`` every
  member with ``READ_NOTES`` reads every note. Findings, themes, needs and summaries stay shared.
  The agreement binds the research team's council staff (researchers and squad members); an
  admin reads notes only once they add themselves as a member, which is audited, and belongs
  to no council whose agreement could bind them.

A refusal goes through :func:`refuse`, which remembers the rule and object for the 403 page and
for :func:`audit_denial`: one ``access_denied`` event per refused request, committed on its own
connection because the request's own transaction is rolled back on every 4xx.

This module must not import ``research_notes`` (the app core does not depend on the areas built
on it): it reads participants and notes by their attributes, and their tables from the metadata.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, current_app, g, has_request_context, request
from flask_babel import gettext as _
from flask_login import current_user

from discovery.core.models import (
    AuditEvent,
    Authority,
    DataSharingAgreement,
    Discovery,
    RawNoteGrant,
    User,
    user_authorities,
)
from discovery.extensions import db

ALL_MEMBERS = "all_members"
AGREEMENT = "agreement"
RULE_IDENTITY = "identity_controller"
RULE_RAW_NOTE = "raw_note_agreement"
# The roles the agreement binds (leads never read raw notes at all).
BOUND_BY_AGREEMENT = frozenset({"researcher", "squad_member"})


@dataclass(frozen=True)
class Controllers:
    """Who controls a piece of personal data: authorities, and people where no authority is known.

    ``everyone`` is the legacy case of data nobody can be traced to (no authority anywhere).
    """

    authority_ids: frozenset[uuid.UUID] = frozenset()
    people: frozenset[uuid.UUID] = frozenset()
    everyone: bool = False

    def __or__(self, other: Controllers) -> Controllers:
        return Controllers(
            self.authority_ids | other.authority_ids,
            self.people | other.people,
            self.everyone or other.everyone,
        )

    def include(self, user: User, open_authorities: set[uuid.UUID]) -> bool:
        return self.everyone or user.id in self.people or bool(self.authority_ids & open_authorities)


def _discovery_fallback(discovery: Discovery) -> Controllers:
    ids = frozenset(a.id for a in discovery.authorities)
    return Controllers(authority_ids=ids) if ids else Controllers(everyone=True)


def participant_controllers(participant) -> Controllers:
    if participant.authority_id is not None:
        return Controllers(authority_ids=frozenset({participant.authority_id}))
    recorder = participant.consent_recorded_by
    if recorder is not None:
        return Controllers(authority_ids=frozenset(recorder.authority_ids), people=frozenset({recorder.id}))
    return _discovery_fallback(participant.discovery)


def note_controllers(note) -> Controllers:
    if note.participants:
        found = Controllers()
        for participant in note.participants:
            found = found | participant_controllers(participant)
        return found
    if note.researcher is not None:
        return Controllers(
            authority_ids=frozenset(note.researcher.authority_ids), people=frozenset({note.researcher.id})
        )
    return _discovery_fallback(note.discovery)


# The agreement --------------------------------------------------------------------------------


def default_sharing(discovery: Discovery) -> str:
    """A discovery of several councils restricts raw notes until its agreement says otherwise."""
    return AGREEMENT if len(discovery.authorities) > 1 else ALL_MEMBERS


def agreement_for(discovery: Discovery) -> DataSharingAgreement | None:
    return db.session.get(DataSharingAgreement, discovery.id)


def sharing(discovery: Discovery) -> str:
    cache = _request_cache("sharing")
    if discovery.id not in cache:
        agreement = agreement_for(discovery)
        cache[discovery.id] = agreement.raw_notes if agreement is not None else default_sharing(discovery)
    return cache[discovery.id]


def grants(discovery: Discovery) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """The (from, to) authority pairs of the discovery's agreement."""
    rows = db.session.execute(
        sa.select(RawNoteGrant.from_authority_id, RawNoteGrant.to_authority_id).where(
            RawNoteGrant.discovery_id == discovery.id
        )
    )
    return {(a, b) for a, b in rows}


def open_authorities(user: User, discovery: Discovery) -> set[uuid.UUID]:
    """The authorities whose raw notes this user reads: their own, and those granting to them."""
    cache = _request_cache("open")
    key = (user.id, discovery.id)
    if key not in cache:
        own = set(user.authority_ids)
        cache[key] = own | {a for a, b in grants(discovery) if b in own}
    return cache[key]


# Decisions ------------------------------------------------------------------------------------


def may_see_identity(user: User | None, participant) -> bool:
    """May this person see the participant's real name and contact details?"""
    from discovery.core.permissions import Capability, can

    if not can(user, Capability.SEE_REAL_NAMES, participant.discovery):
        return False
    return participant_controllers(participant).include(user, set(user.authority_ids))


def may_read_note(user: User | None, note) -> bool:
    """May this person read the note's raw text (its body, turns and title)?"""
    from discovery.core.permissions import Capability, can

    if not can(user, Capability.READ_NOTES, note.discovery):
        return False
    if user.role not in BOUND_BY_AGREEMENT or sharing(note.discovery) == ALL_MEMBERS:
        return True
    return note_controllers(note).include(user, open_authorities(user, note.discovery))


def readable_notes_filter(user: User, discovery: Discovery) -> sa.ColumnElement[bool]:
    """A WHERE clause on ``research_notes`` keeping the notes :func:`may_read_note` allows.

    The same rule in SQL, so lists, counts and search never load what they must not show.
    Assumes the caller already checked ``READ_NOTES`` for the discovery.
    """
    if user.role not in BOUND_BY_AGREEMENT or sharing(discovery) == ALL_MEMBERS:
        return sa.true()
    tables = db.metadata.tables
    notes, links, participants = tables["research_notes"], tables["note_participants"], tables["participants"]
    open_ids = open_authorities(user, discovery)
    disc_ids = {a.id for a in discovery.authorities}
    fallback = sa.true() if (not disc_ids or disc_ids & open_ids) else sa.false()

    def person_or_authorities(column):
        member_of_open = (
            sa.select(user_authorities.c.user_id)
            .where(user_authorities.c.user_id == column, user_authorities.c.authority_id.in_(open_ids))
            .exists()
        )
        # Never NULL (a NULL column is "not this person"), so NOT of the whole filter is exact.
        return sa.or_(sa.and_(column.is_not(None), column == user.id), member_of_open)

    participant_open = sa.or_(
        participants.c.authority_id.in_(open_ids),
        sa.and_(
            participants.c.authority_id.is_(None),
            sa.or_(
                person_or_authorities(participants.c.consent_recorded_by_id),
                sa.and_(participants.c.consent_recorded_by_id.is_(None), fallback),
            ),
        ),
    )
    any_participant_open = (
        sa.select(links.c.note_id)
        .join(participants, participants.c.id == links.c.participant_id)
        .where(links.c.note_id == notes.c.id, participant_open)
        .exists()
    )
    has_participants = sa.select(links.c.note_id).where(links.c.note_id == notes.c.id).exists()
    researcher_open = sa.or_(
        person_or_authorities(notes.c.researcher_id),
        sa.and_(notes.c.researcher_id.is_(None), fallback),
    )
    return sa.or_(any_participant_open, sa.and_(~has_participants, researcher_open))


def names_of(authority_ids) -> list[str]:
    """Authority names in the person's language, for explanations."""
    from flask_babel import get_locale

    if not authority_ids:
        return []
    locale = str(get_locale() or "en")
    found = db.session.scalars(
        sa.select(Authority).where(Authority.id.in_(list(authority_ids))).order_by(Authority.name)
    )
    return [a.localised_name(locale) for a in found]


def _joined(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])


def identity_explanation(participant) -> str:
    """Why a person cannot see this participant's real name, in plain words."""
    controllers = participant_controllers(participant)
    names = names_of(controllers.authority_ids)
    if names:
        return _(
            "Only researchers from %(authorities)s can see this participant's name",
            authorities=_joined(names),
        )
    return _("Only the researcher who recorded this participant's consent can see their name")


def note_explanation(note) -> str:
    return note_sharing_sentence(_joined(names_of(note_controllers(note).authority_ids)))


def note_sharing_sentence(authorities: str) -> str:
    if authorities:
        return _(
            "Raw notes from %(authorities)s are not shared with your council under this discovery's "
            "data-sharing agreement",
            authorities=authorities,
        )
    return _(
        "This raw note is only open to the researcher who wrote it under this discovery's "
        "data-sharing agreement"
    )


# Refusals and their audit ---------------------------------------------------------------------


def refuse(rule: str, obj, discovery: Discovery, explanation: str):
    """Stop the request with a 403 that says why, and remember it for the audit event."""
    g.refused = (rule, discovery)
    g.refused_object = obj
    g.refused_explanation = explanation
    abort(403)


def require_identity(user: User, participant) -> None:
    if not may_see_identity(user, participant):
        refuse(RULE_IDENTITY, participant, participant.discovery, identity_explanation(participant))


def require_note(user: User, note) -> None:
    if not may_read_note(user, note):
        refuse(RULE_RAW_NOTE, note, note.discovery, note_explanation(note))


def audit_denial() -> None:
    """Write one ``access_denied`` event for this refused request, committed at once.

    The request's transaction has already been rolled back, so the event goes through a
    connection of its own. Called from the 403 handler; a second call in the same request does
    nothing, so a denied request writes one row however it was refused.
    """
    if not has_request_context() or g.get("denial_audited"):
        return
    g.denial_audited = True
    user = current_user._get_current_object() if current_user.is_authenticated else None
    refused = g.get("refused")
    rule, discovery = (str(refused[0]), refused[1]) if refused else ("", None)
    obj = g.get("refused_object")
    values = {
        "actor_id": user.id if user else None,
        "actor_email": user.email if user else "",
        "action": "access_denied",
        "object_type": obj.__class__.__name__ if obj is not None else ("Discovery" if discovery else ""),
        "object_id": str(getattr(obj, "id", ""))
        if obj is not None
        else (str(discovery.id) if discovery else ""),
        "discovery_id": discovery.id if discovery is not None else None,
        "details": {"rule": rule, "method": request.method, "path": request.path[:300]},
    }
    try:
        with db.engine.begin() as connection:
            connection.execute(sa.insert(AuditEvent.__table__).values(**values))
    except Exception:  # noqa: BLE001 - the refusal stands even if the log is unreachable
        current_app.logger.warning("Could not record an access_denied audit event", exc_info=True)


def _request_cache(name: str) -> dict:
    """Per-request memo (kept on the request, not ``g``, which can outlive one request)."""
    if not has_request_context():
        return {}
    caches = request.environ.setdefault("discovery.data_scope", {})
    return caches.setdefault(name, {})


def note_label(note) -> str:
    """The note's title for someone who may read it; otherwise "Note from Torfaen, 12 March 2026".

    Titles are raw notes too ("Interview with Mrs Jones"), so a finding from a note the agreement
    does not share still names where it came from, but not in the note's own words.
    """
    from flask_babel import format_date

    cache = _request_cache("labels")
    if note.id in cache:
        return cache[note.id]
    user = (
        current_user._get_current_object()
        if has_request_context() and current_user.is_authenticated
        else None
    )
    if user is not None and may_read_note(user, note):
        label = note.title
    else:
        names = _joined(names_of(note_controllers(note).authority_ids))
        held = format_date(note.held_on, "d MMMM yyyy") if note.held_on else ""
        if names and held:
            label = _("Note from %(authorities)s, %(date)s", authorities=names, date=held)
        elif names:
            label = _("Note from %(authorities)s", authorities=names)
        elif held:
            label = _("Note from %(date)s", date=held)
        else:
            label = _("A note not shared with your council")
    cache[note.id] = label
    return label
