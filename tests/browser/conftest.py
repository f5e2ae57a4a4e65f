"""Browser tests: the real app on a free loopback port, driven by Debian's chromium via Playwright."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from discovery.extensions import db
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # When chromium drops a connection mid-download (it often does on navigation), the
            # dev server's static file is closed only by the garbage collector, which Python
            # reports as an unraisable ResourceWarning in whatever test runs next.
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app served by werkzeug in a thread, on SQLite, with WTF_CSRF on as in production."""
    tmp = tmp_path_factory.mktemp("live")
    app = make_app(tmp, TESTING=False)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_app):
    return live_app.config["LIVE_URL"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make browser-deps`", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A tab on the live app; the test fails if the browser refused anything under the page's CSP."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    violations = watch_csp(context)
    page = context.new_page()
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


# Each refusal under the Content-Security-Policy, as the page's `securitypolicyviolation` event
# (reported through the console) and as Chromium's own console error.
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', (e) => console.error(
    `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`
    + ` at ${e.sourceFile || document.location.pathname}:${e.lineNumber} ${e.sample || ''}`))"""


def watch_csp(context) -> list[str]:
    """Collect, for every page of the context, each CSP refusal (a list that fills as pages load)."""
    violations: list[str] = []
    context.add_init_script(script=CSP_LISTENER)

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation") or "Refused to" in text:
            violations.append(f"{message.page.url if message.page else '?'}: {text}")

    context.on("console", on_console)
    return violations


@pytest.fixture
def no_js_page(browser, base_url):
    context = browser.new_context(
        base_url=base_url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


# govuk-frontend sets aria-expanded on a radio that reveals a question, which ARIA does not list
# for radios. The Design System keeps it on purpose, as screen readers announce it
# (alphagov/govuk-frontend#979, a documented known issue), so that one finding is left out.
# The rules: WCAG 2.2 A and AA (every success criterion axe can test, 2.0 and 2.1 included) and
# axe's best practices (landmarks, heading order, one h1), which the pages already meet and which
# catch what a screen-reader user meets first. Against axe's default run this adds target-size
# (2.5.8, new in 2.2 and off by default) and leaves out only the AAA and deprecated rules.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations'],
        runOnly: {type: 'tag', values: AXE_TAGS}})).violations
    .map(v => ({...v, nodes: v.nodes.filter(n => !(v.id === 'aria-allowed-attr'
        && n.html.includes('govuk-radios__input')
        && /^Fix all of the following:\\s+ARIA attribute is not allowed: aria-expanded="(true|false)"$/
            .test(n.failureSummary.trim())))}))
    .filter(v => v.nodes.length)
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' '))}))"""
AXE_RUN = AXE_RUN.replace("AXE_TAGS", json.dumps(list(AXE_TAGS)))


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it stands and return its violations (empty when clean).

    axe is evaluated through the DevTools protocol, not added as a <script> tag: the page's
    Content-Security-Policy refuses an inline script without its nonce, as it should.
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], "axe-core found: " + "; ".join(
        f"{v['id']} ({v['impact']}) at {v['nodes'][:3]}" for v in violations
    )


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def select_text(page, quote: str) -> None:
    """Select `quote` inside the note text with a real DOM selection, then release the mouse.

    The highlighter is a module script, so it may attach its listeners after the page is
    visible: wait for the class it adds, and afterwards for the preview it shows, so a busy
    machine cannot make the selection land before anything listens for it.
    """
    page.wait_for_selector(".app-highlighter--js")
    page.evaluate(
        """(quote) => {
            for (const el of document.querySelectorAll('.app-utterance__text')) {
              const text = el.firstChild;
              const at = text.textContent.indexOf(quote);
              if (at >= 0) {
                const range = document.createRange();
                range.setStart(text, at); range.setEnd(text, at + quote.length);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
                el.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return;
              }
            }
            throw new Error('quote not found');
        }""",
        quote,
    )
    page.locator("#code-panel .app-selection-preview__text").wait_for(state="visible")


def fill_date(page, group: str, day, month, year) -> None:
    """Type a date into the GOV.UK date input whose fieldset legend is `group`."""
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day))
    fieldset.get_by_label("Month").fill(str(month))
    fieldset.get_by_label("Year").fill(str(year))


def sign_in(page, email: str, password: str | None = None) -> None:
    """Sign in through the real form, as a person would."""
    from tests.support import PASSWORD

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()


COUNCILS = {
    "NPT": ("Neath Port Talbot Council", "Cyngor Castell-nedd Port Talbot"),
    "TOR": ("Torfaen County Borough Council", "Cyngor Bwrdeistref Sirol Torfaen"),
    "BG": ("Blaenau Gwent County Borough Council", "Cyngor Bwrdeistref Sirol Blaenau Gwent"),
}


def researcher_with_discovery(
    councils: tuple[str, ...] = ("TOR",), *, name: str = "Ffion Researcher", title: str = "Carers' breaks"
):
    """A researcher and a discovery they are a member of, with a unique email and title.

    Call inside ``live_app.app_context()``; the caller adds what else it needs and commits.
    The researcher belongs to the first council; every council listed takes part.
    """
    import uuid

    from discovery.core import services

    suffix = uuid.uuid4().hex[:6]
    authorities = [services.upsert_authority(code, *COUNCILS[code]) for code in councils]
    from tests.support import PASSWORD

    email = f"{name.split()[0].lower()}.{suffix}@{councils[0].lower()}.example.gov.wales"
    user = services.create_user(email, name, "researcher", PASSWORD, authorities[:1])
    data = services.DiscoveryData(
        f"{title} {suffix}",
        "Short breaks for unpaid carers",
        "",
        "discovery",
        None,
        None,
        [str(a.id) for a in authorities],
    )
    return user, services.create_discovery(data, user)


def preload_axe(context) -> None:
    """Load axe-core into every page the context opens, so a walk over many pages pays for
    injecting it once per navigation by the browser itself instead of once per check over CDP."""
    context.add_init_script(path=str(AXE))


def preloaded_axe_violations(page) -> list[dict]:
    """Like axe_violations, on a page whose context has preload_axe."""
    return page.evaluate(AXE_RUN)
