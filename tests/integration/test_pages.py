"""Guard rails for every page: a title, one h1, unique ids, the right language."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.core.models import Discovery
from discovery.demo.loader import demo_password
from discovery.extensions import db
from tests.support import assert_page_basics, post_form, soup


@pytest.fixture
def demo_admin(app, client):
    app.test_cli_runner().invoke(args=["demo-data"])
    post_form(client, "/sign-in", {"email": "researcher@discovery.example", "password": demo_password()})
    return db.session.scalar(sa.select(Discovery))


def page_urls(discovery) -> list[str]:
    return [
        "/discoveries",
        "/discoveries/new",
        f"/discoveries/{discovery.id}",
        f"/discoveries/{discovery.id}/edit",
        f"/discoveries/{discovery.id}/members",
        "/accessibility-statement",
    ]


def test_every_page_has_a_title_one_heading_and_unique_ids(client, demo_admin):
    for url in page_urls(demo_admin):
        assert_page_basics(client.get(url), "en", url)
    for url in page_urls(demo_admin):  # and in Welsh, which then sticks
        assert_page_basics(client.get(f"{url}?lang=cy"), "cy", url)


def test_every_page_can_be_read_in_welsh(client, demo_admin):
    response = client.get("/discoveries?lang=cy")
    page = soup(response)
    assert page.html["lang"] == "cy"
    assert page.h1.get_text(strip=True) == "Darganfyddiadau"
    for url in page_urls(demo_admin):
        page = soup(client.get(url))
        assert page.html["lang"] == "cy", url
        assert page.select_one(".govuk-skip-link").get_text(strip=True) == "Neidio i'r prif gynnwys", url
    # The choice sticks until changed.
    assert soup(client.get("/discoveries?lang=en")).html["lang"] == "en"
