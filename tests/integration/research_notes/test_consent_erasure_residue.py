"""After consent is withdrawn, no row anywhere refers to the participant or holds their words.

The tables are found by walking ``db.metadata``, not listed: a table added later that refers
to participants, notes, turns or findings is planted with a row here automatically (or, if
it cannot be, the test says so), and the erasure must remove it. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from discovery.core.models import AuditEvent
from discovery.extensions import db
from research_notes.findings import services as findings
from research_notes.models import Finding, Participant, PendingImport, ResearchNote, Utterance
from research_notes.notes import services as notes
from research_notes.participants import erasure, services
from tests.factories import DiscoveryFactory, TagFactory, UserFactory

pytestmark = pytest.mark.usefixtures("any_db_app")

MARKER = "zqxjmarker"  # one token, so the full-text indexes can be asked for it too
EVIDENCE = erasure.EVIDENCE_TABLES


def _referring_tables() -> dict[str, list[erasure.Reference]]:
    """Every table outside the evidence tables with a foreign key into them."""
    found: dict[str, list[erasure.Reference]] = {}
    for target in EVIDENCE:
        for ref in erasure.references_to(target):
            found.setdefault(ref.table.name, []).append(ref)
    return found


def _first_allowed_value(table: sa.Table, column: sa.Column):
    """The first value a CHECK constraint allows for a column (``col IN ('a', 'b')``), if any."""
    for constraint in table.constraints:
        if isinstance(constraint, sa.CheckConstraint):
            match = re.search(rf"\b{column.name} IN \('([^']*)'", str(constraint.sqltext))
            if match:
                return match.group(1)
    return None


_NUMBERS = itertools.count(1)


def _value_for(table: sa.Table, column: sa.Column, text: str):
    allowed = _first_allowed_value(table, column)
    if allowed is not None:
        return allowed
    kind = column.type
    if isinstance(kind, sa.Uuid):
        return uuid.uuid4()
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):  # distinct, for columns unique within a discovery
        return next(_NUMBERS)
    if isinstance(kind, (sa.Float, sa.Numeric)):
        return 0
    if isinstance(kind, sa.DateTime):
        return datetime.now(UTC)
    if isinstance(kind, sa.Date):
        return date.today()
    if isinstance(kind, sa.JSON):
        return {"planted": text}
    if isinstance(kind, (sa.String, sa.Text)):
        return text[: kind.length] if getattr(kind, "length", None) else text
    if isinstance(kind, sa.LargeBinary):  # a finding's vector: derived from their words
        return text.encode()
    raise AssertionError(f"No planted value for {table.name}.{column.name} ({kind})")


def _insert_row(table: sa.Table, fixed: dict, *, text: str, discovery_id, user_id) -> dict:
    """Insert a row into any table: fixed values, parents made on demand, the rest from types."""
    values = dict(fixed)
    for column in table.columns:
        if column.name in values:
            continue
        keys = list(column.foreign_keys)
        if keys:
            target = keys[0].column.table
            if target.name == "discoveries":
                values[column.name] = discovery_id
            elif target.name == "users":
                values[column.name] = user_id
            elif column.nullable:
                continue
            else:
                parent = _insert_row(
                    target,
                    {},
                    text=f"planted parent {uuid.uuid4().hex[:8]}",
                    discovery_id=discovery_id,
                    user_id=user_id,
                )
                values[column.name] = parent[keys[0].column.name]
            continue
        if column.primary_key and isinstance(column.type, sa.Integer):
            continue  # autoincrement
        if column.primary_key and isinstance(column.type, sa.Uuid):
            values[column.name] = uuid.uuid4()
            continue
        optional = column.nullable or column.default is not None or column.server_default is not None
        if optional and not isinstance(column.type, (sa.String, sa.Text)):
            continue
        values[column.name] = _value_for(table, column, text)
    db.session.execute(table.insert().values(values))
    return values


def plant_referring_rows(tables, theirs: dict, others: dict, *, discovery_id, user_id) -> None:
    """A row in every table that refers to the evidence: for the erased person's rows (holding
    the marker) and for someone else's (which must survive)."""
    for refs in tables.values():
        table = refs[0].table
        for ids in (theirs, others):
            referring = {ref.column.name: ids[ref.target] for ref in refs}
            exists = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(table)
                .where(*[table.c[k] == v for k, v in referring.items()])
            )
            if not exists:
                _insert_row(
                    table,
                    referring,
                    text=f"planted {MARKER}" if ids is theirs else "planted",
                    discovery_id=discovery_id,
                    user_id=user_id,
                )


def _text_columns(table: sa.Table) -> list[sa.Column]:
    return [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text, sa.JSON))]


def _rows_holding(marker: str) -> list[str]:
    """Every table.column whose value contains the marker, anywhere in the database."""
    found = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for column in _text_columns(table):
                expression = sa.cast(column, sa.Text) if isinstance(column.type, sa.JSON) else column
                hits = conn.scalar(
                    sa.select(sa.func.count()).select_from(table).where(expression.contains(marker))
                )
                if hits:
                    found.append(f"{table.name}.{column.name} ({hits})")
    return found


def _search_index_hits(marker: str) -> dict[str, int]:
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            hits = {
                name: conn.scalar(
                    sa.text(f"SELECT count(*) FROM {name} WHERE {name} MATCH :m"), {"m": marker}
                )
                for name in ("search_findings", "search_notes")
            }
            for name in ("search_findings", "search_notes"):
                conn.execute(
                    sa.text(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_{name} "
                        f"USING fts5vocab(main, {name}, row)"
                    )
                )
                hits[f"{name} vocabulary"] = conn.scalar(
                    sa.text(f"SELECT count(*) FROM temp.vocab_{name} WHERE term = :m AND doc > 0"),
                    {"m": marker},
                )
            return hits
        query = (
            "SELECT count(*) FROM {table} WHERE to_tsvector('simple', {columns}) @@ to_tsquery('simple', :m)"
        )
        return {
            "findings index": conn.scalar(
                sa.text(
                    query.format(
                        table="findings", columns="coalesce(text, '') || ' ' || coalesce(comment, '')"
                    )
                ),
                {"m": marker},
            ),
            "notes index": conn.scalar(
                sa.text(
                    query.format(
                        table="research_notes", columns="coalesce(title, '') || ' ' || coalesce(body, '')"
                    )
                ),
                {"m": marker},
            ),
        }


GROUP_BODY = (
    "Researcher (00:00:05):\nHow did you hear about the carers' assessment?\n\n"
    f"P07 (00:00:20):\n{MARKER} I rang the council twice before anyone called back.\n\n"
    "P11 (00:01:00):\nI found it online myself, on the council website.\n"
)


def test_withdrawal_leaves_no_row_that_refers_to_them_or_holds_their_words():
    researcher = UserFactory(display_name="Rhian Evans")
    discovery = DiscoveryFactory(members=[researcher])
    p07 = services.create_participant(
        discovery,
        services.ParticipantData(
            pseudonym="P07",
            segment="unpaid_carer",
            access_needs=f"Large print {MARKER}",
            notes=f"Cares for her mother {MARKER}",
            consent_date=date(2026, 9, 10),
            consent_scope=["notes", "quotes"],
        ),
        researcher,
    )
    p11 = services.create_participant(
        discovery, services.ParticipantData(pseudonym="P11", segment="resident"), researcher
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
    notes.record_view(own)
    turn = next(u for u in group.utterances if u.participant_id == p07.id)
    other_turn = next(u for u in group.utterances if u.participant_id == p11.id)

    (on_own,) = findings.highlight(
        own,
        [(0, len(own.body))],
        kind="pain_point",
        tag_ids=[tag.id],
        comment=f"Comment {MARKER}",
        created_by=researcher,
    )
    (on_turn,) = findings.highlight(
        group, [(turn.char_start, turn.char_end)], kind="quote", tag_ids=[tag.id], created_by=researcher
    )
    (kept,) = findings.highlight(
        group,
        [(other_turn.char_start, other_turn.char_end)],
        kind="behaviour",
        tag_ids=[tag.id],
        created_by=researcher,
    )
    (deleted_earlier,) = findings.highlight(group, [(turn.char_start, turn.char_start + 30)], kind="quote")
    findings.delete_finding(deleted_earlier)  # its audit event quotes P07's words

    db.session.add_all(
        [
            PendingImport(
                discovery_id=discovery.id,
                uploaded_by_id=researcher.id,
                filename="call.txt",
                source_format="plain",
                payload={"body": f"Mary {MARKER} Jones: hello", "speakers": ["Mary Jones"]},
            ),
            PendingImport(
                discovery_id=discovery.id,
                uploaded_by_id=researcher.id,
                filename="other.txt",
                source_format="plain",
                payload={"body": "Someone else entirely", "speakers": []},
            ),
        ]
    )
    db.session.flush()

    # Plant a row in every table that refers to the evidence, for P07's rows and for P11's.
    theirs = {"participants": p07.id, "research_notes": own.id, "utterances": turn.id, "findings": on_turn.id}
    others = {
        "participants": p11.id,
        "research_notes": group.id,
        "utterances": other_turn.id,
        "findings": kept.id,
    }
    tables = _referring_tables()
    assert {
        "theme_findings",
        "need_findings",
        "journey_entry_findings",
        "backlog_findings",
        "finding_tags",
        "note_participants",
        "participant_identities",
    } <= set(tables)
    plant_referring_rows(tables, theirs, others, discovery_id=discovery.id, user_id=researcher.id)
    db.session.commit()

    erased_ids = {
        "participants": {p07.id},
        "research_notes": {own.id},
        "utterances": {u.id for u in own.utterances} | {turn.id},
        "findings": {on_own.id, on_turn.id},
    }
    for name, refs in tables.items():
        for ref in refs:
            assert db.session.scalar(
                sa.select(sa.func.count())
                .select_from(ref.table)
                .where(ref.column.in_(erased_ids[ref.target]))
            ), f"nothing planted in {name}.{ref.column.name}: teach this test to plant a row there"
    assert _rows_holding(MARKER)  # the marker really is everywhere before
    assert all(_search_index_hits(MARKER).values()), _search_index_hits(MARKER)

    own_id, on_turn_id, turn_id, kept_id, group_id = own.id, on_turn.id, turn.id, kept.id, group.id
    p07_id, researcher_id = p07.id, researcher.id
    result = services.withdraw_consent(p07, "Asked by email on 3 November", researcher)
    db.session.commit()
    db.session.expire_all()

    # Nothing refers to anything of theirs, through any foreign key in the schema.
    for target, ids in erased_ids.items():
        for ref in erasure.references_to(target, outside_evidence=False):
            left = db.session.scalar(
                sa.select(sa.func.count()).select_from(ref.table).where(ref.column.in_(ids))
            )
            assert left == 0, (
                f"{left} rows of {ref.table.name}.{ref.column.name} still refer to erased {target}"
            )
    assert db.session.get(ResearchNote, own_id) is None
    assert db.session.get(Finding, on_turn_id) is None and db.session.get(Utterance, turn_id) is None
    # No column of any table, the audit log included, holds their words; nor do the search indexes.
    assert _rows_holding(MARKER) == []
    assert set(_search_index_hits(MARKER).values()) == {0}

    # What was not theirs is untouched, and still lines up.
    survivor = db.session.get(Finding, kept_id)
    group = db.session.get(ResearchNote, group_id)
    assert group.body[survivor.start_offset : survivor.end_offset] == survivor.text
    assert [u.speaker for u in group.utterances] == ["Researcher", "P11"]
    assert all(group.body[u.char_start : u.char_end] == u.text for u in group.utterances)
    assert [p.pseudonym for p in group.participants] == ["P11"]
    for name, refs in tables.items():
        for ref in refs:
            if ref.target != "participants" or name == "note_participants":
                assert db.session.scalar(
                    sa.select(sa.func.count()).select_from(ref.table).where(ref.column == others[ref.target])
                ), f"{name} lost the row that cites P11's evidence"
    assert [p.filename for p in db.session.scalars(sa.select(PendingImport))] == ["other.txt"]

    # The participant keeps only the pseudonym and the withdrawal record.
    row = db.session.get(Participant, p07_id)
    assert (row.pseudonym, row.consent_withdrawal_reason, row.consent_withdrawn_by_id) == (
        "P07",
        "Asked by email on 3 November",
        researcher_id,
    )
    assert row.consent_withdrawn_at is not None
    assert (row.segment, row.authority_id, row.age_band, row.preferred_language, row.consent_date) == (
        None,
    ) * 5
    assert (row.access_needs, row.notes, row.consent_scope, row.retain_until, row.identity) == (
        "",
        "",
        [],
        None,
        None,
    )
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "consent_withdrawn")).one()
    assert event.details["erased"] == result.counts
    assert (
        result.counts["notes"] == 1
        and result.counts["findings"] == 2
        and result.counts["pending_imports"] == 1
    )
    assert result.counts["citations"] == {
        "backlog_findings": 1,
        "cluster_run_findings": 1,
        "finding_vectors": 1,
        "journey_entry_findings": 1,
        "need_findings": 1,
        "tag_suggestion_outcomes": 1,
        "theme_findings": 1,
    }
