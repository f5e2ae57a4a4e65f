"""Apps with the demo discovery already loaded, so tests that need it do not each pay for a load.

The demo is loaded once per test session into a template SQLite file (with its instance folder,
which holds the demo password); each fixture starts from a copy of that file, so the demo runs
through the importers once, not once per test. Use them from a test module with
``from tests.demo_fixtures import demo_app, demo_app_per_test  # noqa: F401`` (or list this
module in ``pytest_plugins``).

- ``demo_app``: module-scoped, for tests that only read (walking pages, counting rows). Tests
  in one module share its database, so a test that writes sees the others' writes.
- ``demo_app_per_test``: a fresh copy for each test, for tests that change the demo.

Both yield the app inside an app context, like the ``app`` fixture.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from discovery.extensions import db
from tests.conftest import make_app


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A folder holding test.sqlite and instance/ with the demo loaded and committed."""
    folder = tmp_path_factory.mktemp("demo-template")
    app = make_app(folder)
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()
    return folder


def _app_from(template: Path, folder: Path):
    shutil.copy(template / "test.sqlite", folder / "test.sqlite")
    shutil.copytree(template / "instance", folder / "instance", dirs_exist_ok=True)
    return make_app(folder)


@pytest.fixture(scope="module")
def demo_app(demo_template, tmp_path_factory):
    app = _app_from(demo_template, tmp_path_factory.mktemp("demo"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_app_per_test(demo_template, tmp_path):
    app = _app_from(demo_template, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
