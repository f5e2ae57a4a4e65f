"""The bad-input corpus for forms: whatever a person (or a script) types into a form, the app
answers with the page again and a GOV.UK error, or saves and moves on — never a server error.

Each form is read from its page as a browser would (every input, textarea, select and radio),
then filled by hypothesis with hostile text — control characters, NULs, right-to-left marks,
markup, formula prefixes, very long strings, values that are not among a select's options —
and posted with the page's own CSRF token. ``HOSTILE_FORM_EXAMPLES`` sets the examples per
form (``make test`` runs a quick 20; ``make assurance`` more).
"""

from __future__ import annotations

import os
import time

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discovery.extensions import db
from tests import assurance
from tests.conftest import make_app
from tests.factories import ALL_FACTORIES as factories
from tests.support import sign_in

EXAMPLES = int(os.environ.get("HOSTILE_FORM_EXAMPLES", "20"))

fuzz = settings(
    database=None,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

NASTY = [
    "", " ", "\x00", "\x07", "\u202e", "\ufeff", "\u2028", "<script>alert(1)</script>", "{{7*7}}",
    "%(name)s", "=HYPERLINK(\"x\")", "+1", "@", "'; DROP TABLE users; --", "../../etc/passwd",
    "ŵŷ", "🙂" * 3, "a" * 5000, "1" * 40, "-1", "0", "2026-13-45", "9" * 30, "P01", "p01",
]  # fmt: skip

field_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(max_size=3000))

FORMS = {
    "create discovery": "/discoveries/new",
    "add participant": "/discoveries/{d}/participants/new",
    "add note": "/discoveries/{d}/notes/new",
    "add tag": "/discoveries/{d}/codebook/new",
    "add backlog item": "/discoveries/{d}/backlog/new",
    "add user need": "/discoveries/{d}/needs/new",
    "add research question": "/discoveries/{d}/plan/questions/new",
    "add hypothesis": "/discoveries/{d}/plan/hypotheses/new",
    "add journey map": "/discoveries/{d}/journeys/new",
}


@pytest.fixture(scope="module")
def researcher_client(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("forms"))
    with app.app_context():
        db.create_all()
        user = factories.user(role="researcher")
        discovery = factories.discovery(members=[user])
        db.session.commit()
        client = app.test_client()
        sign_in(client, user)
        yield client, discovery.id
        db.session.remove()
        db.engine.dispose()


def _fields(html: str, action: str) -> tuple[str, dict[str, list[str]]]:
    """The CSRF token and, per field name, the values the form offers ([] for free text)."""
    page = BeautifulSoup(html, "html.parser")
    forms = [f for f in page.select("main form") if (f.get("method") or "").lower() == "post"]
    assert forms, f"{action} has no form"
    form = max(forms, key=lambda f: len(f.select("input, textarea, select")))  # not a sign-out button
    token = form.select_one("[name=csrf_token]")["value"]
    fields: dict[str, list[str]] = {}
    for element in form.select("input[name], textarea[name], select[name]"):
        name = element["name"]
        if name == "csrf_token" or element.get("type") in ("submit", "hidden", "file"):
            continue
        if element.name == "select":
            fields[name] = [o.get("value", o.get_text()) for o in element.select("option")]
        elif element.get("type") in ("radio", "checkbox"):
            fields.setdefault(name, []).append(element.get("value", "on"))
        else:
            fields.setdefault(name, [])
    return token, fields


@pytest.mark.parametrize("form", FORMS)
def test_hostile_form_input_gets_an_error_or_is_saved_never_a_server_error(researcher_client, form):
    client, discovery_id = researcher_client
    url = FORMS[form].format(d=discovery_id)
    answered = {"examples": 0, "errors_shown": 0, "saved": 0}
    slowest = 0.0

    page = client.get(url)
    assert page.status_code == 200, f"GET {url} gave {page.status_code}"
    token, fields = _fields(page.get_data(as_text=True), url)
    assert fields, f"{form}: found no fields to fill"
    values = st.fixed_dictionaries(
        {
            name: st.one_of(st.sampled_from(offered), field_text) if offered else field_text
            for name, offered in fields.items()
        }
    )

    @fuzz
    @given(payload=values)
    def post(payload):
        nonlocal slowest
        started = time.perf_counter()
        response = client.post(url, data={"csrf_token": token, **payload})
        slowest = max(slowest, time.perf_counter() - started)
        answered["examples"] += 1
        assert response.status_code in (200, 302, 303), f"{form}: {response.status_code} for {payload!r}"
        if response.status_code == 200:
            assert "govuk-error-summary" in response.get_data(as_text=True), (
                f"{form}: the page came back without saying what was wrong, for {payload!r}"
            )
            answered["errors_shown"] += 1
        else:
            answered["saved"] += 1

    post()
    assurance.record(
        "hostile_inputs",
        form_examples=answered["examples"],
        form_errors_shown=answered["errors_shown"],
        form_saved=answered["saved"],
        form_server_errors=0,
    )
    assurance.maximum("hostile_inputs", slowest_form_s=round(slowest, 3))
    assert answered["examples"] >= EXAMPLES * 0.9
