"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from discovery.extensions import db
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
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_schema_can_be_downgraded_and_upgraded_again(empty_database_app):
    upgrade()
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    assert "findings" in sa.inspect(db.engine).get_table_names()
