"""Fixtures shared by every test: apps on SQLite (and PostgreSQL where it runs), clients, factories."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from discovery import create_app
from discovery.extensions import db
from tests.app_setup import copy_schema, share_templates, share_url_builders
from tests.factories import ALL_FACTORIES
from tests.support import DEFAULT_PG, in_ci, port_open, service_missing, sign_in

share_url_builders()


class FreshContextClient(FlaskClient):
    """Runs each request in its own app context, as a real server does.

    Without this, requests reuse the test's app context, so `g` (and the CSRF token cached
    in it) and the database session leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(tmp_path, database_url: str | None = None, **config):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "ENVIRONMENT": {},
        "REDIS_URL": None,
        # Saving a finding queues no embedding job unless a test asks for one: job threads
        # outliving the test that started them would race its teardown.
        "EMBED_FINDINGS_ON_SAVE": False,
        # CSRF stays on in the tests, as in production: a test posts the form's token like a browser.
        "WTF_CSRF_ENABLED": True,
    }
    settings.update(config)
    app = create_app(settings)
    app.test_client_class = FreshContextClient
    share_templates(app)
    return app


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL database for this test run, created here and dropped afterwards.

    Without TEST_DATABASE_URL each run gets its own database (named after the process), so
    two test runs on one machine never drop each other's tables. Skipped, with the reason
    printed, where PostgreSQL is absent — but failed in CI, where it must run.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    owned = url is None
    if owned:
        url = f"{DEFAULT_PG}_{os.getpid()}"
    if not port_open(url, 5432):
        service_missing("PostgreSQL", url)
    base = sa.make_url(url)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            query = sa.text("SELECT 1 FROM pg_database WHERE datname = :n")
            if not conn.scalar(query, {"n": base.database}):
                conn.execute(sa.text(f'CREATE DATABASE "{base.database}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        service_missing("PostgreSQL", f"{url}: {exc.orig}")
    yield url
    if owned:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(app) -> None:
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.create_all()


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory):
    """A SQLite file with every table and no rows, which each test's database copies."""
    folder = tmp_path_factory.mktemp("schema")
    app = make_app(folder)
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return folder / "test.sqlite"


def sqlite_app(tmp_path, schema, **config):
    """An app on its own copy of the empty schema."""
    return make_app(tmp_path, copy_schema(schema, tmp_path), **config)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_app(request, tmp_path, sqlite_schema):
    """An app on each database the product supports: use it for constraints and queries."""
    if request.param == "sqlite":
        app = sqlite_app(tmp_path, sqlite_schema)
    else:
        url = request.getfixturevalue("postgres_url")
        app = make_app(tmp_path, url)
        _reset_postgres(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path, sqlite_schema):
    app = sqlite_app(tmp_path, sqlite_schema)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factories(app):
    """The factory classes, bound to the test app's session."""
    return ALL_FACTORIES


@pytest.fixture
def signed_in(client, factories):
    """Sign in a fresh user with the given role; returns the user."""

    def _sign_in(role: str = "researcher", **kwargs):
        user = factories.user(role=role, **kwargs)
        db.session.commit()
        sign_in(client, user)
        return user

    return _sign_in


@pytest.fixture
def unique_name():
    return lambda prefix="t": f"{prefix}-{uuid.uuid4().hex[:8]}"


__all__ = ["in_ci"]


def pytest_terminal_summary(terminalreporter):
    """The page walk's counts (pages × roles × languages, statuses seen), when it ran."""
    import sys

    walk = sys.modules.get("tests.page_walk")
    for name, stats in (walk.STATS if walk is not None else {}).items():
        if not stats["cases"]:
            continue
        terminalreporter.write_sep("-", f"page walk ({name})")
        terminalreporter.write_line(walk.summary(stats))
