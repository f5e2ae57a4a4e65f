"""`purge-expired` erases participants whose retention has ended, exactly as withdrawal does.

The world is the consent-withdrawal residue test's: a row planted in every table that refers to
a participant, note, turn or finding (found from the schema), and a marker word in everything
P07 said or is. Here P07's retention date has passed and nobody withdraws them: the command
must leave what withdrawal leaves — nothing anywhere holding the marker, no row referring to
their evidence, the search indexes clean — name the system in the audit, change nothing on a
dry run, and do nothing on a second run. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from discovery.core.models import AuditEvent
from discovery.extensions import db
from research_notes.findings import services as findings
from research_notes.models import Finding, Participant, PendingImport, ResearchNote
from research_notes.notes import services as notes
from research_notes.participants import erasure, retention, services
from tests import assurance
from tests.factories import DiscoveryFactory, TagFactory, UserFactory
from tests.integration.research_notes.test_consent_erasure_residue import (
    GROUP_BODY,
    MARKER,
    _referring_tables,
    _rows_holding,
    _search_index_hits,
    plant_referring_rows,
)

pytestmark = pytest.mark.usefixtures("any_db_app")


def _world():
    researcher = UserFactory(display_name="Rhian Evans")
    discovery = DiscoveryFactory(members=[researcher], title="Accessing adult social care")
    today = date.today()
    p07 = services.create_participant(
        discovery,
        services.ParticipantData(
            pseudonym="P07",
            segment="unpaid_carer",
            access_needs=f"Large print {MARKER}",
            notes=f"Cares for her mother {MARKER}",
            consent_date=date(2024, 9, 10),
            consent_scope=["notes", "quotes"],
            retain_until=today - timedelta(days=1),
        ),
        researcher,
    )
    p11 = services.create_participant(
        discovery,
        services.ParticipantData(
            pseudonym="P11", segment="resident", retain_until=today + timedelta(days=10)
        ),
        researcher,
    )
    p12 = services.create_participant(
        discovery,
        services.ParticipantData(pseudonym="P12", segment="resident", retain_until=today),  # not yet
        researcher,
    )
    services.save_identity(p07, f"Mary {MARKER} Jones", f"07700 900123 {MARKER}", researcher)
    tag = TagFactory(discovery=discovery, name="Phone queues")
    own = notes.create_note(
        discovery,
        title=f"Interview with P07 {MARKER}",
        body=f"{MARKER} The forms were too long.",
        participants=[p07],
        created_by=researcher,
    )
    group = notes.create_note(
        discovery,
        title="Carers' group session",
        body=GROUP_BODY,
        participants=[p07, p11],
        created_by=researcher,
    )
    turn = next(u for u in group.utterances if u.participant_id == p07.id)
    other_turn = next(u for u in group.utterances if u.participant_id == p11.id)
    (on_own,) = findings.highlight(
        own,
        [(0, len(own.body))],
        kind="pain_point",
        tag_ids=[tag.id],
        comment=f"Note {MARKER}",
        created_by=researcher,
    )
    (on_turn,) = findings.highlight(
        group, [(turn.char_start, turn.char_end)], kind="quote", tag_ids=[tag.id], created_by=researcher
    )
    (kept,) = findings.highlight(
        group, [(other_turn.char_start, other_turn.char_end)], kind="behaviour", created_by=researcher
    )
    now = datetime.now(UTC)
    db.session.add_all(
        [
            PendingImport(
                discovery_id=discovery.id,
                uploaded_by_id=researcher.id,
                filename="old-upload.txt",
                source_format="plain",
                payload={"body": "Someone else, uploaded two days ago", "speakers": []},
                created_at=now - timedelta(hours=48),
            ),
            PendingImport(
                discovery_id=discovery.id,
                uploaded_by_id=researcher.id,
                filename="fresh-upload.txt",
                source_format="plain",
                payload={"body": "Someone else, uploaded just now", "speakers": []},
                created_at=now - timedelta(hours=1),
            ),
        ]
    )
    db.session.flush()
    theirs = {"participants": p07.id, "research_notes": own.id, "utterances": turn.id, "findings": on_turn.id}
    others = {
        "participants": p11.id,
        "research_notes": group.id,
        "utterances": other_turn.id,
        "findings": kept.id,
    }
    tables = _referring_tables()
    plant_referring_rows(tables, theirs, others, discovery_id=discovery.id, user_id=researcher.id)
    db.session.commit()
    erased = {
        "participants": {p07.id},
        "research_notes": {own.id},
        "utterances": {u.id for u in own.utterances} | {turn.id},
        "findings": {on_own.id, on_turn.id},
    }
    return {"p07": p07.id, "p11": p11.id, "p12": p12.id, "kept": kept.id, "group": group.id, "erased": erased}


def _purge(app, *args):
    result = app.test_cli_runner().invoke(args=["purge-expired", *args])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def _residue(erased_ids) -> int:
    """Rows, anywhere in the schema, that still refer to something of theirs."""
    left = 0
    for target, ids in erased_ids.items():
        for ref in erasure.references_to(target, outside_evidence=False):
            left += db.session.scalar(
                sa.select(sa.func.count()).select_from(ref.table).where(ref.column.in_(ids))
            )
    return left


def test_purge_expired_erases_through_the_withdrawal_path_and_leaves_nothing(any_db_app):
    world = _world()
    assert _rows_holding(MARKER) and all(_search_index_hits(MARKER).values())
    audit_before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))

    # A dry run lists who would go, and changes nothing at all.
    output = _purge(any_db_app, "--dry-run")
    assert "Dry run: nothing was changed." in output
    assert "Would erase 1 participant(s)" in output
    assert f"P07  Accessing adult social care  retain until {date.today() - timedelta(days=1)}" in output
    assert "Would delete 1 upload(s)" in output
    assert "2 participant(s) will be erased in the next 30 days" in output  # P11 and P12
    assert db.session.get(Participant, world["p07"]).consent_withdrawn_at is None
    assert _rows_holding(MARKER) and _residue(world["erased"]) > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == audit_before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingImport)) == 2

    output = _purge(any_db_app)
    assert "Erased 1 participant(s) whose retention period has ended:" in output
    assert "Deleted 1 upload(s) left waiting for review over 24 hours." in output

    # What withdrawal leaves: no row referring to their evidence, their words nowhere.
    residue = _residue(world["erased"])
    assert residue == 0
    assert _rows_holding(MARKER) == []
    assert set(_search_index_hits(MARKER).values()) == {0}
    row = db.session.get(Participant, world["p07"])
    assert (row.pseudonym, row.consent_withdrawal_reason, row.consent_withdrawn_by_id) == (
        "P07",
        retention.RETENTION_REASON,
        None,
    )
    assert (row.segment, row.retain_until, row.identity, row.notes) == (None, None, None, "")
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "consent_withdrawn")).one()
    assert (event.actor_id, event.actor_email, event.details["by"]) == (None, "system", "system")
    assert event.object_id == str(world["p07"])

    # Everyone else, and what they said, is untouched.
    for key in ("p11", "p12"):
        assert db.session.get(Participant, world[key]).consent_withdrawn_at is None
    survivor = db.session.get(Finding, world["kept"])
    group = db.session.get(ResearchNote, world["group"])
    assert group.body[survivor.start_offset : survivor.end_offset] == survivor.text
    assert [p.filename for p in db.session.scalars(sa.select(PendingImport))] == ["fresh-upload.txt"]

    # A second run has nothing to do, and does nothing.
    audit_after = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    output = _purge(any_db_app)
    assert "Erased 0 participant(s)" in output and "Deleted 0 upload(s)" in output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == audit_after
    assert db.session.get(Participant, world["p07"]).consent_withdrawal_reason == retention.RETENTION_REASON

    assurance.record(
        "retention",
        purged=1,
        residue_rows=residue,
        marker_hits_after=len(_rows_holding(MARKER)),
        pending_imports_purged=1,
        second_run_purged=0,
    )


def test_a_participant_whose_plain_shared_note_needs_editing_is_reported_and_kept(any_db_app):
    researcher = UserFactory()
    discovery = DiscoveryFactory(members=[researcher])
    past = date.today() - timedelta(days=3)
    p01 = services.create_participant(
        discovery,
        services.ParticipantData(pseudonym="P01", segment="resident", retain_until=past),
        researcher,
    )
    p02 = services.create_participant(
        discovery,
        services.ParticipantData(
            pseudonym="P02", segment="resident", retain_until=date.today() + timedelta(days=90)
        ),
        researcher,
    )
    notes.create_note(
        discovery,
        title="Joint visit",
        body="We both rang the council.",
        participants=[p01, p02],
        created_by=researcher,
    )
    db.session.commit()

    output = _purge(any_db_app)
    assert "Erased 0 participant(s)" in output
    assert "Could not erase 1 participant(s): a note they share with others must be edited first" in output
    assert f"P01  {discovery.title}  retain until {past}" in output
    assert db.session.get(Participant, p01.id).consent_withdrawn_at is None
