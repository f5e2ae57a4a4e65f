"""Helpers the tests share: build apps, find services, sign in, post forms as a browser would."""

from __future__ import annotations

import ast
import io
import os
import re
import socket
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from discovery.core import passwords
from discovery.core.models import AuditEvent
from discovery.extensions import db
from research_notes.models import Finding

# Argon2 with the app's parameters costs about a tenth of a second a check, and the suite signs
# in over a thousand times. The tests check which passwords are hashed and checked, and when,
# not how slowly, so they share the cheapest hasher argon2 allows (set before any test hash is
# made; tests that count checks wrap it, as test_sign_in does).
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

PASSWORD = "correct horse battery staple"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/discovery_test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
SERVICE_NAME = {"en": "Discovery research repository", "cy": "Storfa ymchwil darganfod"}


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


def post_file(client, url: str, content: bytes | str, filename: str, *, follow: bool = False):
    """GET the page (for its CSRF token), then upload the file to it, as a browser would.

    The body is encoded in memory: the test client would spool a large one to a temporary file
    that it never closes (a ResourceWarning).
    """
    if isinstance(content, str):
        content = content.encode()
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} gave {page.status_code}"
    fields = {
        "csrf_token": csrf_token(page.get_data(as_text=True)),
        "file": FileStorage(io.BytesIO(content), filename),
    }
    stream, length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    return client.post(
        url,
        input_stream=stream,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
        follow_redirects=follow,
    )


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


def summary_rows(page) -> dict[str, str]:
    """Key → value of every row in the page's GOV.UK summary lists."""
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.select(".govuk-summary-list__row")
    }


def link(page, text: str):
    """The link (or button-link) whose visible text is exactly this, or None."""
    return next((a for a in page.select("a") if a.get_text(" ", strip=True) == text), None)


def assert_page_basics(response, lang: str = "en", where: str = "") -> BeautifulSoup:
    """What every page must have: a title naming the service, the page's language, one h1,
    unique ids and a skip link to the main content. Returns the parsed page."""
    assert response.status_code == 200, where
    page = soup(response)
    assert page.title.get_text().endswith(f" – {SERVICE_NAME[lang]}"), where
    assert page.html["lang"] == lang, where
    assert len(page.select("h1")) == 1, where
    ids = Counter(tag["id"] for tag in page.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == [], where
    assert page.select_one("a.govuk-skip-link")["href"] == "#main-content", where
    return page


# The database ---------------------------------------------------------------------------------


def count(model, *where) -> int:
    """How many rows the model (or table) has, optionally only those matching `where`."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def audit_events(action: str) -> list:
    """The audit events recorded with this action, oldest first."""
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def audit_actions(**filters) -> list[str]:
    """The action of every audit event matching `filters` (column=value), oldest first."""
    query = sa.select(AuditEvent.action).order_by(AuditEvent.id)
    for key, value in filters.items():
        query = query.where(getattr(AuditEvent, key) == value)
    return list(db.session.scalars(query))


def finding_tag_names(finding_id) -> list[str]:
    """The names of the finding's tags, sorted, read afresh from the database."""
    db.session.expire_all()
    return sorted(t.name for t in db.session.get(Finding, finding_id).tags)


# Source code ----------------------------------------------------------------------------------


def third_party_imports(*paths) -> set[str]:
    """Top-level names of what the source files import from outside the standard library.

    A relative import counts as internal only when the module it names is one of `paths`
    (a sibling checked here too); any other is reported as written, e.g. ``..models``.
    """
    files = {Path(p).resolve() for p in paths}

    def internal(base: Path, dotted: str) -> bool:
        target = base.joinpath(*dotted.split(".")) if dotted else base
        return target.with_suffix(".py") in files or target / "__init__.py" in files

    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                base = path.parents[node.level - 1]
                dots = "." * node.level
                if node.module is not None:
                    if not internal(base, node.module):
                        found.add(dots + node.module)
                else:
                    found |= {dots + a.name for a in node.names if not internal(base, a.name)}
    return found - set(sys.stdlib_module_names)
