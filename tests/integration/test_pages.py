"""Guard rails for every page: a title, one h1, unique ids, the right language."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from discovery.core.models import Discovery
from discovery.demo.loader import demo_password
from discovery.extensions import db
from tests.support import post_form, soup

SERVICE = "Discovery research repository"


@pytest.fixture
def demo_admin(app, client):
    app.test_cli_runner().invoke(args=["demo-data"])
    post_form(client, "/sign-in", {"email": "admin@discovery.example", "password": demo_password()})
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
        response = client.get(url)
        assert response.status_code == 200, url
        page = soup(response)
        assert page.title.get_text().endswith(f" – {SERVICE}"), url
        assert len(page.select("h1")) == 1, url
        ids = Counter(tag["id"] for tag in page.select("[id]"))
        assert [i for i, n in ids.items() if n > 1] == [], url
        assert page.select_one("a.govuk-skip-link")["href"] == "#main-content"


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
