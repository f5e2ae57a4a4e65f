"""One way to handle writes and errors: duplicates become field errors, a busy database a
"try again" page, and audit events come from services that no caller can silence."""

from __future__ import annotations

import contextlib
import inspect
import re
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from discovery.core import services as core_services
from discovery.core.forms import DiscoveryForm
from discovery.core.models import Authority, Discovery
from discovery.core.permissions import public
from discovery.core.writes import DuplicateValueError, unique
from discovery.extensions import db
from research_notes.findings import services as findings_services
from research_notes.tags import services as tag_services
from tests.conftest import make_app
from tests.factories import ALL_FACTORIES as F
from tests.support import PASSWORD, audit_actions, count, error_summary, form_data, post_form, sign_in, soup

ROOT = Path(__file__).resolve().parents[2]


# Duplicates ------------------------------------------------------------------------------------


def test_a_unique_clash_names_the_field_and_keeps_the_rest_of_the_work(any_db_app):
    F.authority(code="NPT", name="Neath Port Talbot Council")
    db.session.commit()
    kept = Authority(code="TOR", name="Torfaen County Borough Council")
    db.session.add(kept)
    with pytest.raises(DuplicateValueError) as raised, unique("code"):
        db.session.add(Authority(code="NPT", name="Another Neath Port Talbot"))
    assert raised.value.field == "code"
    db.session.commit()
    assert count(Authority) == 2
    assert db.session.scalar(sa.select(Authority.code).where(Authority.code == "TOR")) == "TOR"


def test_an_integrity_error_that_is_not_a_duplicate_is_not_reported_as_one(any_db_app):
    with pytest.raises(IntegrityError), unique("title"):
        db.session.add(Discovery(slug="no-title", title="No phase", phase="not-a-phase"))
    db.session.rollback()


def test_two_people_saving_the_same_discovery_title_at_once_get_a_field_error(
    client, factories, signed_in, monkeypatch
):
    researcher = signed_in("researcher")
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    factories.discovery(title="Carers' breaks", members=[researcher])
    db.session.commit()
    # The other person's save lands between this form's check and its flush.
    monkeypatch.setattr(core_services, "title_taken", lambda *a, **k: False)
    data = form_data(
        DiscoveryForm, title="Carers' breaks", service="Respite", phase="discovery", authorities=[str(npt.id)]
    )
    response = post_form(client, "/discoveries/new", data)
    assert response.status_code == 200
    assert error_summary(response) == [
        ("A discovery with this title already exists. Enter a different title", "#title")
    ]
    assert count(Discovery) == 1


def test_a_tag_name_race_is_a_duplicate_value_error_on_the_name(any_db_app):
    discovery = F.discovery()
    F.tag(discovery=discovery, name="Cost")
    db.session.commit()
    data = tag_services.TagData(name="Cost", description="", colour="grey", parent_id=None)
    original = tag_services.name_taken
    tag_services.name_taken = lambda *a, **k: False
    try:
        with pytest.raises(DuplicateValueError) as raised:
            tag_services.create_tag(discovery, data)
    finally:
        tag_services.name_taken = original
    assert raised.value.field == "name"


# A busy database -------------------------------------------------------------------------------


@pytest.fixture
def busy_app(tmp_path):
    app = make_app(tmp_path, SQLITE_BUSY_TIMEOUT_MS=50)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _hold_write_lock(app) -> sqlite3.Connection:
    """A second writer holding SQLite's write lock, as a long job or another worker would."""
    path = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    holder = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def _assert_try_again_page(response, heading="Sorry, the service is busy"):
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    page = soup(response)
    assert page.h1.get_text(strip=True) == heading
    assert "Internal Server Error" not in response.get_data(as_text=True)
    return page


def test_signing_in_while_another_writer_holds_the_lock_shows_the_try_again_page(busy_app):
    client = busy_app.test_client()
    user = F.user(role="researcher")
    db.session.commit()
    holder = _hold_write_lock(busy_app)
    try:
        response = post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD})
        page = _assert_try_again_page(response)
        assert "go back and try again" in page.main.get_text()
        welsh = post_form(client, "/sign-in?lang=cy", {"email": user.email, "password": PASSWORD})
        _assert_try_again_page(welsh, "Mae'n ddrwg gennym, mae'r gwasanaeth yn brysur")
    finally:
        holder.rollback()
        holder.close()
    # The lock is gone and the thread's session is clean: the next try works.
    client.get("/sign-in?lang=en")
    assert sign_in(client, user).status_code == 302
    assert "signed_in" in audit_actions(actor_id=user.id)


@pytest.fixture
def app_with_a_failed_flush(app):
    """Views that hit an IntegrityError and carry on without rolling back (a bug a person
    must still never see as a bare error page)."""

    def break_the_session():
        db.session.add_all([Authority(code="DUP", name="One"), Authority(code="DUP", name="Two")])
        with contextlib.suppress(IntegrityError):
            db.session.flush()

    @public
    def query_after_failure():
        break_the_session()
        db.session.scalar(sa.select(Authority.id))
        return "unreachable"

    @public
    def succeed_after_failure():
        break_the_session()
        return "looked fine"

    app.add_url_rule("/test/query-after-failure", view_func=query_after_failure)
    app.add_url_rule("/test/succeed-after-failure", view_func=succeed_after_failure)
    return app


def test_a_session_left_needing_a_rollback_shows_the_try_again_page(app_with_a_failed_flush):
    client = app_with_a_failed_flush.test_client()
    _assert_try_again_page(client.get("/test/query-after-failure"))
    _assert_try_again_page(client.get("/test/succeed-after-failure"))
    assert client.get("/sign-in").status_code == 200
    assert count(Authority) == 0


# Commits and audit events ----------------------------------------------------------------------


def _sources(pattern: str) -> list[Path]:
    return [p for p in ROOT.glob(pattern) if ".venv" not in p.parts]


def test_no_service_or_route_commits_the_request_commits_once():
    offenders = []
    for path in _sources("discovery/**/*.py") + _sources("research_notes/**/*.py"):
        if path.name in ("cli.py", "hooks.py") or {"demo", "jobs"} & set(path.parts):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"session\.commit\(\)", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_routes_never_write_audit_events_or_touch_the_session_or_models():
    mine = ["discovery/core/routes.py", "research_notes/findings/routes.py", "research_notes/tags/routes.py"]
    for name in mine:
        source = (ROOT / name).read_text()
        assert "audit" not in source, name
        assert "db.session" not in source and "extensions import db" not in source, name
        assert not re.search(r"from \S+\.models import", source), name


def test_a_caller_cannot_switch_off_the_audit_of_a_finding():
    for function in (findings_services.create_finding, findings_services.highlight):
        assert not [p for p in inspect.signature(function).parameters if "audit" in p]


def test_exporting_findings_is_audited_by_the_service(any_db_app):
    from research_notes.findings.search import FindingFilters

    finding = F.finding()
    db.session.commit()
    csv_text = findings_services.export_findings(finding.note.discovery, FindingFilters())
    assert finding.text in csv_text
    assert audit_actions(action="findings_exported") == ["findings_exported"]
