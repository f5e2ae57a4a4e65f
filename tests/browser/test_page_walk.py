"""axe-core on every page a person can open, in English and Welsh, over the demo discovery (§7).

The pages come from the same walk as tests/integration/test_page_walk.py (tests/page_walk.py), so
a new area is checked here as soon as it is in the URL map. Each page is checked as the roles
that see most of it: a researcher who is a member, the lead of a council taking part (for the
pages a lead sees), and someone signed out (for the public pages) — once per language.
"""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests import assurance, page_walk
from tests.browser.conftest import preload_axe, preloaded_axe_violations, sign_in, watch_csp
from tests.conftest import make_app
from tests.page_walk import FRAGMENTS, KNOWN_AXE_BUGS, LANGUAGES, ROLE, Expected, expected

AXE_ROLES = ("researcher_member", "lead_taking_part", "signed_out")


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The demo discovery served on a free loopback port, with CSRF on as in production."""
    walk = page_walk.build_walk(make_app, tmp_path_factory.mktemp("walk"), name="browser", TESTING=False)
    server = make_server("127.0.0.1", 0, walk.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    walk.base_url = f"http://127.0.0.1:{server.server_port}"
    yield walk
    server.shutdown()
    from discovery.extensions import db

    with walk.app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def tabs(walk, browser):
    """One signed-in browser tab per role, kept for the module (a sign-in costs a password hash)."""
    opened = {}
    for role in AXE_ROLES:
        context = browser.new_context(base_url=walk.base_url, viewport={"width": 1280, "height": 900})
        preload_axe(context)
        violations = watch_csp(context)
        tab = context.new_page()
        tab.csp_violations = violations
        if ROLE[role].role is not None:
            sign_in(tab, walk.emails[role], walk.passwords.get(role, walk.passwords["demo"]))
            tab.wait_for_url("**/summaries" if ROLE[role].role == "authority_lead" else "**/discoveries")
        opened[role] = tab
    yield opened
    for tab in opened.values():
        tab.context.close()


def pages_for(walk, role: str) -> list[page_walk.Page]:
    # A fragment (the coding panel) is checked with axe in its page, by the highlighting tests.
    return [
        p
        for p in walk.pages
        if not p.download and p.endpoint not in FRAGMENTS and expected(p, ROLE[role]) == Expected(200)
    ]


def axe_problems(walk, tab, page: page_walk.Page, lang: str) -> list[str]:
    response = tab.goto(f"{page.url}?lang={lang}", wait_until="load")
    if response is None or response.status != 200:
        return [f"{page} in {lang}: got {response.status if response else 'no answer'}, expected 200"]
    walk.stats["cases"] += 1
    walk.stats["status 200"] += 1
    problems = [
        f"{page} in {lang}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes'][:3]}"
        for v in preloaded_axe_violations(tab)
    ]
    # The page's scripts ran (axe waited for load); anything its CSP refused is reported here.
    walk.stats["pages checked for CSP violations"] += 1
    walk.stats["CSP violations"] += len(tab.csp_violations)
    problems += [f"{page} in {lang}: {v}" for v in tab.csp_violations]
    tab.csp_violations.clear()
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", AXE_ROLES)
def test_every_page_this_role_opens_has_no_axe_violations(walk, tabs, role, lang):
    problems = []
    checked, refused = walk.stats["pages checked for CSP violations"], walk.stats["CSP violations"]
    for page in pages_for(walk, role):
        if (page.endpoint, lang) in KNOWN_AXE_BUGS:
            walk.stats["known bugs (strict xfail)"] += 1
            continue
        problems += axe_problems(walk, tabs[role], page, lang)
    walk.stats["pages"] = max(walk.stats["pages"], len({p.endpoint for p in walk.pages if not p.download}))
    walk.stats[f"walked {role} {lang}"] = 1
    assurance.record(
        "headers",
        browser_pages_checked_for_csp=walk.stats["pages checked for CSP violations"] - checked,
        browser_csp_violations=walk.stats["CSP violations"] - refused,
    )
    assert not problems, f"{len(problems)} problems as {ROLE[role].label} in {lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "endpoint, lang",
    [
        pytest.param(endpoint, lang, marks=pytest.mark.xfail(strict=True, reason=reason))
        for (endpoint, lang), reason in sorted(KNOWN_AXE_BUGS.items())
    ],
)
def test_known_axe_violation_is_still_there(walk, tabs, endpoint, lang):
    assert axe_problems(walk, tabs["researcher_member"], walk.page(endpoint), lang) == []


def test_the_csp_check_sees_a_refused_inline_script(walk, tabs):
    """The walk's CSP check is not vacuous: an inline script without the nonce is reported."""
    tab = tabs["signed_out"]
    tab.goto("/accessibility-statement", wait_until="load")
    with tab.expect_console_message(lambda message: "CSP violation" in message.text):
        tab.evaluate(
            "document.body.append(Object.assign(document.createElement('script'), {textContent: 'void 0'}))"
        )
    assert any("script-src" in v for v in tab.csp_violations), tab.csp_violations
    tab.csp_violations.clear()


def test_the_axe_check_sees_a_violation(walk, tabs):
    """The walk's axe run is not vacuous: an image without alt text on a walked page is reported."""
    tab = tabs["signed_out"]
    tab.goto("/accessibility-statement", wait_until="load")
    tab.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {v["id"] for v in preloaded_axe_violations(tab)}
