"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from discovery.extensions import db
from research_notes.search_index import is_search_object
from tests.conftest import make_app


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_app(request, tmp_path):
    if request.param == "sqlite":
        app = make_app(tmp_path)
    else:
        app = make_app(tmp_path, request.getfixturevalue("postgres_url"))
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_upgrading_an_empty_database_gives_the_schema_the_models_describe(empty_database_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "include_object": lambda o, name, *a: not is_search_object(name)},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_schema_can_be_downgraded_and_upgraded_again(empty_database_app):
    upgrade()
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    assert "findings" in sa.inspect(db.engine).get_table_names()


def test_upgrading_keeps_evidence_saved_under_the_first_schema(empty_database_app):
    upgrade(revision="0001")
    ids = {
        name: uuid.uuid4().hex if db.engine.dialect.name == "sqlite" else str(uuid.uuid4()) for name in "dpnf"
    }
    statements = [
        "INSERT INTO discoveries (id, slug, title, service, problem_statement, phase, created_at, "
        "updated_at, version) VALUES (:d, 'd', 'D', '', '', 'discovery', CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP, 1)",
        "INSERT INTO participants (id, discovery_id, pseudonym, segment, preferred_language, "
        "access_needs, consent_scope, created_at, updated_at, version) VALUES (:p, :d, 'P01', "
        "'resident', 'en', '', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
        "INSERT INTO research_notes (id, discovery_id, method, language, title, body, created_at, "
        "updated_at, version) VALUES (:n, :d, 'interview', 'en', 'N', 'I waited an hour.', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
        "INSERT INTO findings (id, discovery_id, note_id, participant_id, start_offset, end_offset, "
        "text, kind, created_at) VALUES (:f, :d, :n, :p, 0, 17, 'I waited an hour.', 'pain_point', "
        "CURRENT_TIMESTAMP)",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement), ids)
    upgrade()
    with db.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT text, comment FROM findings")).one()
        assert tuple(row) == ("I waited an hour.", "")
        assert conn.scalar(sa.text("SELECT consent_withdrawal_reason FROM participants")) == ""


def test_upgrading_numbers_backlog_items_and_moves_old_statuses_to_to_do(empty_database_app):
    upgrade(revision="0008")
    sqlite = db.engine.dialect.name == "sqlite"
    ids = {name: uuid.uuid4().hex if sqlite else str(uuid.uuid4()) for name in ("d", "a", "b", "m", "s", "e")}
    statements = [
        "INSERT INTO discoveries (id, slug, title, service, problem_statement, phase, created_at, "
        "updated_at, version, embedder) VALUES (:d, 'd', 'D', '', '', 'discovery', CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP, 1, 'minilm')",
        "INSERT INTO backlog_items (id, discovery_id, title, user_story, acceptance_criteria, priority, "
        "status, external_ref, created_at, updated_at, version) VALUES (:a, :d, 'Ring back', '', '', "
        "'must', 'new', '', '2026-01-01 10:00:00', CURRENT_TIMESTAMP, 1)",
        "INSERT INTO backlog_items (id, discovery_id, title, user_story, acceptance_criteria, priority, "
        "status, external_ref, created_at, updated_at, version) VALUES (:b, :d, 'Tell it once', '', '', "
        "'should', 'in_progress', 'ASC-1', '2026-01-02 10:00:00', CURRENT_TIMESTAMP, 1)",
        "INSERT INTO journey_maps (id, discovery_id, title, state, created_at, updated_at, version) "
        "VALUES (:m, :d, 'Map', 'as_is', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
        "INSERT INTO journey_stages (id, journey_map_id, position, name) VALUES (:s, :m, 0, 'Assessment')",
        "INSERT INTO journey_entries (id, stage_id, lane, position, text) "
        "VALUES (:e, :s, 'thoughts', 0, 'Worried')",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement), ids)
    upgrade()
    with db.engine.connect() as conn:
        items = conn.execute(sa.text("SELECT title, number, status FROM backlog_items ORDER BY number")).all()
        assert [tuple(i) for i in items] == [("Ring back", 1, "todo"), ("Tell it once", 2, "in_progress")]
        entry = conn.execute(
            sa.text("SELECT text, basis, withdrawn_citations, version FROM journey_entries")
        ).one()
        assert tuple(entry) == ("Worried", "assumed", 0, 1)
