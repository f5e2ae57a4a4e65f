"""Helpers the tests share: build apps, find services, sign in, post forms as a browser would."""

from __future__ import annotations

import os
import re
import socket
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

PASSWORD = "correct horse battery staple"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/discovery_test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(what: str, detail: str) -> None:
    """Skip with a reason on a laptop; fail in CI, where PostgreSQL and Redis must be running."""
    message = f"{what} is not reachable ({detail})"
    if in_ci():
        pytest.fail(message + " — CI must run these tests against it", pytrace=False)
    pytest.skip(message + "; start it or set the TEST_ URL to run these tests")


def port_open(url: str, default_port: int) -> bool:
    parts = urlsplit(url.replace("postgresql+psycopg", "postgresql"))
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def form_data(form_class, **values) -> dict:
    """POST data keyed by the real form's field names, so tests cannot drift from the form."""
    from wtforms.fields.core import UnboundField

    names = {name for name in dir(form_class) if isinstance(getattr(form_class, name, None), UnboundField)}
    unknown = {key.split("-")[0] for key in values} - names
    assert not unknown, f"{form_class.__name__} has no fields {unknown}"
    return values


def post_form(client, url: str, data: dict, *, get_url: str | None = None, follow: bool = False):
    """GET the page (for its CSRF token), then POST the data to it, as a person would."""
    page = client.get(get_url or url)
    assert page.status_code == 200, f"GET {get_url or url} gave {page.status_code}"
    payload = {"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
    return client.post(url, data=payload, follow_redirects=follow)


def sign_in(client, user, password: str = PASSWORD):
    response = post_form(client, "/sign-in", {"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response


def error_summary(response) -> list[tuple[str, str]]:
    """(text, href) of each link in the GOV.UK error summary."""
    page = soup(response)
    summary = page.select_one(".govuk-error-summary")
    if summary is None:
        return []
    return [(a.get_text(strip=True), a["href"]) for a in summary.select("a")]


def notification(response) -> str:
    banner = soup(response).select_one(".govuk-notification-banner")
    return banner.get_text(" ", strip=True) if banner else ""
