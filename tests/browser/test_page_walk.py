"""axe-core and reflow on every page a person can open, as every role, in English and Welsh (§7).

The pages come from the same walk as tests/integration/test_page_walk.py (tests/page_walk.py), so
a new area is checked here as soon as it is in the URL map. Every role of ``ROLES`` signs in once,
in its own tab, and opens every HTML page it may open (200) in both languages; axe-core checks
each with the WCAG 2.2 AA rules and its best practices (``AXE_TAGS``). A refused page (403) is
one template whatever was refused, so each role checks the first one it meets, once per language,
instead of hundreds of times; a redirect lands on a page the walk opens anyway (sign-in, the
summaries), so it is not checked twice.

Reflow (WCAG 1.4.10): after axe, the tab is narrowed to 320 CSS px and the page must not scroll
sideways (``scrollWidth <= innerWidth``); a failure names the widest element sticking out. 200 %
zoom on a 1280 px screen is a 640 px viewport: the same small-screen styles with twice the room,
so the 320 px check covers it. Reflow is checked for ``REFLOW_ROLES``, which between them open
every page. A page that still scrolls is listed in ``KNOWN_REFLOW_BUGS`` (tests/page_walk.py) with
the reason and runs on its own as a strict xfail, so it fails loudly once fixed.

With ``ASSURANCE_OUT`` set (``make accessibility``) the figures are recorded for the assurance
report and for the accessibility statement (docs/accessibility.json, via ``assurance.accessibility``).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from werkzeug.serving import make_server

from discovery.demo.manifest import load_manifest
from tests import assurance, page_walk
from tests.browser.conftest import AXE_TAGS, preload_axe, preloaded_axe_violations, sign_in, watch_csp
from tests.conftest import make_app
from tests.page_walk import (
    FRAGMENTS,
    KNOWN_AXE_BUGS,
    KNOWN_REFLOW_BUGS,
    LANGUAGES,
    ROLE,
    ROLES,
    Expected,
    expected,
)
from tests.support import SERVICE_NAME

# The researcher first: the others' pages that are the same as the researcher's are not checked
# again, and the researcher's are the ones measured at 320 px.
# `make accessibility` (ASSURANCE_OUT set) walks every role: its figures are the ones the
# accessibility statement quotes. `make test` walks the three roles that between them open every
# kind of page (member, lead, signed out), in both languages, to keep CI inside its time budget.
EVERY_ROLE = bool(os.environ.get("ASSURANCE_OUT"))
QUICK_ROLES = ("researcher_member", "lead_taking_part", "signed_out")
AXE_ROLES = (
    ("researcher_member", *(role.key for role in ROLES if role.key != "researcher_member"))
    if EVERY_ROLE
    else QUICK_ROLES
)
# The researcher opens most pages, the lead and someone signed out see their own versions of
# theirs, and an admin who is not a member opens the pages for managing people and councils.
REFLOW_ROLES = (*QUICK_ROLES, "admin_nonmember") if EVERY_ROLE else QUICK_ROLES
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}

# The page at 320 px: nothing when it fits, else how wide it is and the element sticking out:
# of the boxes (and text that overflows its own box, as a long email address) reaching furthest
# right, the widest, so the table rather than its last cell. Anything inside a container that
# scrolls or clips it is left out: a wide table in its own scrolling box does not make the page
# scroll. Two frames first, so scripts that change the layout on a media-query change have run.
REFLOW_RUN = """async () => {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const width = window.innerWidth, scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const contained = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
            if (getComputedStyle(p).overflowX !== 'visible') return true;
        return false;
    };
    let widest = null;
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        const spill = text && getComputedStyle(el).overflowX === 'visible' ? el.scrollWidth : 0;
        const size = Math.round(Math.max(box.width, spill)), right = Math.round(box.left) + size;
        if (right <= width || contained(el)) continue;
        if (!widest || right > widest.right || (right === widest.right && size > widest.size))
            widest = {el, right, size};
    }
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].slice(0, 2).map(c => '.' + c).join('');
    return {scrollWidth, width, element: widest ? name(widest.el) : 'none found',
            elementWidth: widest ? widest.size : 0};
}"""
# The page's <main> and the rest of its body (with <html lang>), without the per-request CSRF
# token and nonces, and outside <main> without link targets (the language switch links to the
# page itself): a page whose two parts are both the same as parts already checked in that
# language (the same theme as a researcher and as a squad member) is not checked again. The
# integration walk checks every page × role × language for unique ids, one h1 and its title.
DOM_PARTS = """() => {
    const norm = (html) => html.replace(/ nonce="[^"]*"/g, '')
        .replace(/(<input[^>]*name="csrf_token"[^>]*?) value="[^"]*"/g, '$1')
        .replace(/ value="[^"]*"([^>]*name="csrf_token")/g, '$1');
    const main = document.querySelector('main'), inside = main ? main.outerHTML : '';
    const rest = norm(document.body.outerHTML.replace(inside, '')).replace(/ href="[^"]*"/g, ' href');
    return [norm(inside), document.documentElement.lang + rest];
}"""


class Seen:
    """The <main>s and surroundings already checked in one language (as digests)."""

    def __init__(self) -> None:
        self.mains: set[bytes] = set()
        self.rests: set[bytes] = set()

    def covers(self, parts: tuple[bytes, bytes]) -> bool:
        return parts[0] in self.mains and parts[1] in self.rests

    def add(self, parts: tuple[bytes, bytes]) -> None:
        self.mains.add(parts[0])
        self.rests.add(parts[1])


def dom_parts(tab) -> tuple[bytes, bytes]:
    main, rest = tab.evaluate(DOM_PARTS)
    return hashlib.sha256(main.encode()).digest(), hashlib.sha256(rest.encode()).digest()


# What the walk measured, by the module; recorded when it ends (``figures``).
MEASURED: Counter = Counter()
PAGES_CHECKED: dict[str, set[str]] = {"axe": set(), "reflow": set()}
SEEN = {(check, lang): Seen() for check in ("axe", "reflow") for lang in LANGUAGES}
REFLOW_FAILING: dict[str, dict] = {}  # endpoint -> what the statement lists
AXE_FAILING: dict[str, dict] = {}  # endpoint -> what the statement lists


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The demo discovery served on a free loopback port, with CSRF on as in production."""
    # Static files cached for the run, as a browser would between deployments: otherwise every
    # page revalidates its fifteen stylesheets, scripts and fonts with the one test server.
    walk = page_walk.build_walk(
        make_app,
        tmp_path_factory.mktemp("walk"),
        name="browser",
        TESTING=False,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    server = make_server("127.0.0.1", 0, walk.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    walk.base_url = f"http://127.0.0.1:{server.server_port}"
    yield walk
    record_figures(walk)
    server.shutdown()
    from discovery.extensions import db

    with walk.app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def tabs(walk, browser):
    """One signed-in browser tab per role, kept for the module (a sign-in costs a password hash)."""
    opened = {}
    for role in AXE_ROLES:
        context = browser.new_context(base_url=walk.base_url, viewport=DESKTOP)
        preload_axe(context)
        violations = watch_csp(context)
        tab = context.new_page()
        tab.set_default_navigation_timeout(90_000)  # the biggest pages on a busy two-core machine
        tab.csp_violations = violations
        if ROLE[role].role is not None:
            sign_in(tab, walk.emails[role], walk.passwords.get(role, walk.passwords["demo"]))
            tab.wait_for_url("**/summaries" if ROLE[role].role == "authority_lead" else "**/discoveries")
        opened[role] = tab
    yield opened
    for tab in opened.values():
        tab.context.close()


def pages_for(walk, role: str) -> list[page_walk.Page]:
    """The HTML pages this role opens, then the first page it is refused (403) if any."""
    # A fragment (the coding panel) is checked with axe in its page, by the highlighting tests.
    html = [p for p in walk.pages if not p.download and p.endpoint not in FRAGMENTS]
    opened = [p for p in html if expected(p, ROLE[role]) == Expected(200)]
    refused = [p for p in html if expected(p, ROLE[role]) == Expected(403)]
    MEASURED[f"refusals met {role}"] = len(refused)
    return opened + refused[:1]


def open_page(tab, page: page_walk.Page, lang: str, status: int) -> list[str]:
    response = tab.goto(f"{page.url}?lang={lang}", wait_until="load")
    if response is None or response.status != status:
        return [f"{page} in {lang}: got {response.status if response else 'no answer'}, expected {status}"]
    return []


def axe_problems(walk, tab, page: page_walk.Page, lang: str, status: int = 200) -> list[str]:
    """Open the page and run axe on it: what is wrong, or [] when all is well."""
    return open_page(tab, page, lang, status) or axe_check(walk, tab, page, lang, status)


def axe_check(walk, tab, page: page_walk.Page, lang: str, status: int) -> list[str]:
    """axe on the page the tab shows (and the CSP refusals its loading caused)."""
    walk.stats["cases"] += 1
    walk.stats[f"status {status}"] += 1
    violations = preloaded_axe_violations(tab)
    MEASURED["axe runs"] += 1
    MEASURED["axe violations"] += sum(len(v["nodes"]) for v in violations)
    if violations:
        note_failing(AXE_FAILING, tab, page, lang)
    problems = [
        f"{page} in {lang}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes'][:3]}" for v in violations
    ]
    # The page's scripts ran (axe waited for load); anything its CSP refused is reported here.
    walk.stats["pages checked for CSP violations"] += 1
    walk.stats["CSP violations"] += len(tab.csp_violations)
    problems += [f"{page} in {lang}: {v}" for v in tab.csp_violations]
    tab.csp_violations.clear()
    return problems


def note_failing(failing: dict[str, dict], tab, page: page_walk.Page, lang: str) -> None:
    """Name the page the tab shows, by its title in this language, for the statement's list."""
    noted = failing.setdefault(page.endpoint, {"endpoint": page.endpoint, "languages": [], "title": {}})
    noted["languages"] = sorted({*noted["languages"], lang})
    title = tab.title().removesuffix(f" – {SERVICE_NAME[lang]}")
    noted["title"][lang] = title.removesuffix(f" – {load_manifest().discovery.title}")  # the demo's


def reflow_problem(tab, page: page_walk.Page, lang: str, status: int = 200) -> str | None:
    """Whether the page, as the tab shows it, scrolls sideways at 320 CSS px; notes a failure."""
    tab.set_viewport_size(NARROW)
    try:
        overflow = tab.evaluate(REFLOW_RUN)
    finally:
        tab.set_viewport_size(DESKTOP)
    MEASURED["reflow checks"] += 1
    if status == 200:
        PAGES_CHECKED["reflow"].add(page.endpoint)
    if overflow is None:
        return None
    MEASURED["reflow failures"] += 1
    note_failing(REFLOW_FAILING, tab, page, lang)
    return (
        f"{page} in {lang}: scrolls sideways at {overflow['width']} px (content {overflow['scrollWidth']} px"
        f" wide); widest element sticking out: {overflow['element']}, {overflow['elementWidth']} px"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", AXE_ROLES)
def test_every_page_this_role_opens_has_no_axe_violations_and_reflows(walk, tabs, role, lang):
    problems = []
    checked, refused = walk.stats["pages checked for CSP violations"], walk.stats["CSP violations"]
    tab = tabs[role]
    for page in pages_for(walk, role):
        status = expected(page, ROLE[role]).status
        if (page.endpoint, lang) in KNOWN_AXE_BUGS:
            walk.stats["known bugs (strict xfail)"] += 1
            continue
        if not_opened := open_page(tab, page, lang, status):
            problems += not_opened
            continue
        parts = dom_parts(tab)
        MEASURED["axe cases"] += 1
        MEASURED["refused pages checked" if status == 403 else "pages checked"] += 1
        if status == 200:
            PAGES_CHECKED["axe"].add(page.endpoint)
        if SEEN["axe", lang].covers(parts):
            MEASURED["axe cases the same as one checked"] += 1
        else:
            problems += axe_check(walk, tab, page, lang, status)
            SEEN["axe", lang].add(parts)
        if role not in REFLOW_ROLES:
            continue
        if (page.endpoint, lang) in KNOWN_REFLOW_BUGS:
            MEASURED["known reflow bugs skipped"] += 1
        elif SEEN["reflow", lang].covers(parts):
            MEASURED["reflow cases the same as one checked"] += 1
            PAGES_CHECKED["reflow"] |= {page.endpoint} if status == 200 else set()
        else:
            if problem := reflow_problem(tab, page, lang, status):
                problems.append(problem)
            SEEN["reflow", lang].add(parts)
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


@pytest.mark.parametrize(
    "endpoint, lang",
    [
        pytest.param(endpoint, lang, marks=pytest.mark.xfail(strict=True, reason=reason))
        for (endpoint, lang), reason in sorted(KNOWN_REFLOW_BUGS.items())
    ],
)
def test_known_reflow_failure_is_still_there(walk, tabs, endpoint, lang):
    """Checked as every reflow role that opens the page: it passes (and so fails, being strict)
    only when none of them has to scroll sideways."""
    page, problems = walk.page(endpoint), []
    for role in REFLOW_ROLES:
        if expected(page, ROLE[role]) != Expected(200):
            continue
        problems += open_page(tabs[role], page, lang, 200)
        if problem := reflow_problem(tabs[role], page, lang):
            problems.append(problem)
    assert problems == []


def test_the_reflow_check_sees_a_page_wider_than_the_screen(walk, tabs):
    """The reflow check is not vacuous: a wide element in the page is found and named."""
    tab = tabs["signed_out"]
    tab.goto("/accessibility-statement", wait_until="load")
    tab.evaluate(
        "document.querySelector('main').append(Object.assign(document.createElement('div'),"
        " {id: 'too-wide', style: 'width: 500px; height: 1px'}))"
    )
    tab.set_viewport_size(NARROW)
    try:
        overflow = tab.evaluate(REFLOW_RUN)
    finally:
        tab.set_viewport_size(DESKTOP)
    assert overflow is not None and overflow["element"] == "div#too-wide", overflow


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


def test_the_walk_opens_themes_needs_a_journey_map_the_backlog_and_a_published_summary(walk):
    """The walk is over demo data that has each of them, so their pages are checked full, not empty."""
    for name in ("theme", "need", "journey_map", "backlog_item", "summary_version"):
        assert walk.ids[name] is not None, f"the demo has no {name}"
    endpoints = ("themes.view_theme", "needs.view_need", "journeys.view_map", "backlog.view_item")
    for endpoint in (*endpoints, "summaries.view_summary"):
        assert expected(walk.page(endpoint), ROLE["researcher_member"]) == Expected(200), endpoint


def record_figures(walk) -> None:
    """What the walk measured, for the assurance report and the accessibility statement."""
    if not MEASURED["axe cases"]:
        return
    walked = [key.split()[1:] for key in walk.stats if key.startswith("walked ")]
    assurance.record(
        "accessibility",
        date=datetime.now(UTC).date().isoformat(),
        axe_rules=list(AXE_TAGS),
        pages=len(PAGES_CHECKED["axe"]),
        roles=len({role for role, _ in walked}),
        languages=len({lang for _, lang in walked}),
        axe_cases=MEASURED["axe cases"],
        axe_runs=MEASURED["axe runs"],
        axe_cases_same_as_one_checked=MEASURED["axe cases the same as one checked"],
        axe_page_cases=MEASURED["pages checked"],
        refused_pages_checked=MEASURED["refused pages checked"],
        refusals_met=sum(n for key, n in MEASURED.items() if key.startswith("refusals met ")),
        axe_violations=MEASURED["axe violations"],
        known_axe_bugs=len(KNOWN_AXE_BUGS),
        reflow_width=NARROW["width"],
        reflow_pages=len(PAGES_CHECKED["reflow"] | {e for e, _ in KNOWN_REFLOW_BUGS}),
        reflow_checks=MEASURED["reflow checks"],
        reflow_cases_same_as_one_checked=MEASURED["reflow cases the same as one checked"],
        reflow_failures=MEASURED["reflow failures"],
        known_reflow_bugs=len(KNOWN_REFLOW_BUGS),
        reflow_failing=sorted(REFLOW_FAILING.values(), key=lambda f: f["endpoint"]),
        axe_failing=sorted(AXE_FAILING.values(), key=lambda f: f["endpoint"]),
    )
