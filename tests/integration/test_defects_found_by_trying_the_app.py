"""Defects 6.1, 6.9 and 6.10 of issue 8, each pinned by a test that failed before the fix."""

from __future__ import annotations

import os
import re
import sqlite3
import stat

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from tests.conftest import make_app
from tests.factories import ALL_FACTORIES as F
from tests.support import link, post_file, post_form, sign_in, soup, summary_rows

# 6.1 Search input with no word characters ---------------------------------------------------

NO_WORDS = ["?", "-", '"', "*", "(", "’", "😀", "\x00", "?-*", '" "']


@pytest.mark.parametrize("query", NO_WORDS, ids=[repr(q) for q in NO_WORDS])
def test_a_search_with_no_words_explains_itself_instead_of_failing(any_db_app, query):
    researcher = F.user(role="researcher")
    finding = F.finding(note=F.note(discovery=F.discovery(members=[researcher])))
    db.session.commit()
    client = any_db_app.test_client()
    sign_in(client, researcher)
    response = client.get(f"/discoveries/{finding.discovery_id}/findings", query_string={"q": query})
    assert response.status_code == 200
    page = soup(response)
    message = "Enter a word or number to search for"
    assert message in page.select_one(".govuk-error-message").get_text()
    assert message in page.select_one(".govuk-error-summary").get_text()
    assert page.title.get_text().startswith("Error:")
    assert "\x00" not in response.get_data(as_text=True)


def test_a_search_with_words_and_punctuation_still_searches(any_db_app):
    researcher = F.user(role="researcher")
    note = F.note(discovery=F.discovery(members=[researcher]), body="Waited forty minutes on hold.")
    F.finding(note=note)
    db.session.commit()
    client = any_db_app.test_client()
    sign_in(client, researcher)
    response = client.get(f"/discoveries/{note.discovery_id}/findings", query_string={"q": "hold?!"})
    assert response.status_code == 200
    assert soup(response).select_one(".govuk-error-summary") is None


# 6.9 Research data is not cached, stored readable by others, or addressed by a counter ---------


def test_findings_and_codebook_downloads_are_never_cached(client, factories, signed_in):
    researcher = signed_in("researcher")
    discovery = factories.discovery(members=[researcher])
    factories.finding(note=factories.note(discovery=discovery))
    db.session.commit()
    for path in ("findings/export.csv", "codebook/export.csv", "codebook/export.qdc"):
        response = client.get(f"/discoveries/{discovery.id}/{path}")
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
        assert response.headers["Pragma"] == "no-cache", path
        assert response.headers["Content-Disposition"].startswith("attachment;"), path


def test_instance_folder_database_and_secret_key_are_readable_by_their_owner_only(tmp_path):
    old_umask = os.umask(0o022)
    try:
        instance = tmp_path / "instance"
        database = instance / "discovery.sqlite"
        app = make_app(tmp_path, f"sqlite:///{database}")
        with app.app_context():
            db.create_all()
            db.session.execute(sa.text("SELECT 1"))
            # Another process opening the database later keeps the side files private too.
            other = sqlite3.connect(database)
            other.execute("PRAGMA journal_mode=WAL")
            other.execute("CREATE TABLE IF NOT EXISTS touched (id INTEGER)")
            other.commit()
            mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
            assert mode(instance) == 0o700
            assert mode(instance / "secret_key") == 0o600
            for name in ("discovery.sqlite", "discovery.sqlite-wal", "discovery.sqlite-shm"):
                assert (instance / name).exists(), name
                assert mode(instance / name) == 0o600, name
            other.close()
            db.session.remove()
            db.engine.dispose()
    finally:
        os.umask(old_umask)


def test_an_existing_world_readable_database_is_made_private_on_start(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    database = instance / "discovery.sqlite"
    sqlite3.connect(database).close()
    database.chmod(0o644)
    app = make_app(tmp_path, f"sqlite:///{database}")
    with app.app_context():
        assert stat.S_IMODE(instance.stat().st_mode) == 0o700
        assert stat.S_IMODE(database.stat().st_mode) == 0o600
        db.engine.dispose()


def test_a_codebook_import_summary_has_an_unguessable_address_only_its_importer_can_open(
    client, factories, signed_in
):
    researcher = signed_in("researcher")
    colleague = factories.user(role="researcher")
    discovery = factories.discovery(members=[researcher, colleague])
    db.session.commit()
    response = post_file(
        client,
        f"/discoveries/{discovery.id}/codebook/import",
        "name,parent,description,colour\nCost,,,\n",
        "codes.csv",
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert re.fullmatch(rf"/discoveries/{discovery.id}/codebook/imports/[0-9a-f-]{{36}}", location)
    assert client.get(location).status_code == 200
    assert client.get(f"/discoveries/{discovery.id}/codebook/imports/1").status_code == 404
    post_form(client, "/sign-out", {}, get_url=location)
    sign_in(client, colleague)
    assert client.get(location).status_code == 404


# 6.10 The favicon, trailing slashes and a service status page for people ---------------------


def test_the_favicon_is_the_gov_uk_one(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert len(response.get_data()) > 100


def test_an_address_with_a_trailing_slash_goes_to_the_page(client, factories, signed_in):
    researcher = signed_in("researcher")
    discovery = factories.discovery(members=[researcher])
    db.session.commit()
    response = client.get(f"/discoveries/{discovery.id}/?lang=en")
    assert response.status_code == 308
    assert response.headers["Location"] == f"/discoveries/{discovery.id}?lang=en"
    assert client.get(f"/discoveries/{discovery.id}/", follow_redirects=True).status_code == 200
    assert client.get(f"/discoveries/{discovery.id}/findings/").status_code == 308
    assert client.get("/discoveries/").headers["Location"] == "/discoveries"


def test_a_trailing_slash_on_an_address_that_does_not_exist_is_still_not_found(client, signed_in):
    signed_in("researcher")
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/sign-out/").status_code == 404  # POST only: not a page to redirect to


def test_the_footer_service_status_link_is_a_page_for_people(client):
    page = soup(client.get("/sign-in"))
    footer_link = link(page.select_one("footer"), "Service status")
    assert footer_link["href"] == "/service-status"
    response = client.get("/service-status")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Service status"
    rows = summary_rows(page)
    assert rows["Database"] == "Working"
    assert rows["Background jobs (clustering, imports, exports)"] == "Working"
    assert rows["Version"] == client.application.config["VERSION"]


def test_the_service_status_page_reads_in_welsh_and_machines_keep_json(client):
    page = soup(client.get("/service-status?lang=cy"))
    assert page.html["lang"] == "cy"
    assert summary_rows(page)["Cronfa ddata"] == "Yn gweithio"
    health = client.get("/healthz")
    assert health.is_json and health.get_json()["status"] == "ok"
