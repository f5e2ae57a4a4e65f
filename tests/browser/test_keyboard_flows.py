"""The key flows driven from the keyboard alone: Tab, Shift+Tab, Enter, Space, arrows and typing.

No mouse and no locator actions: a locator only names what a person would aim for, and `tab_to`
presses Tab until that has focus. Every stop on the way must show where focus is (GOV.UK's
yellow focus colour, and a look that differs from the same element unfocused) inside the
window, and a control that Tab never reaches, or a trap that keeps focus going round, fails the
test after a limited number of presses. Forms with a mistake must move focus to the error
summary, whose links take focus on to the field. The setups come from the other browser tests.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from discovery.core.models import Discovery, User
from discovery.extensions import db
from discovery.summaries import services as summaries
from discovery.themes.models import Theme
from tests.browser import test_findings, test_journeys_and_backlog, test_needs, test_notes, test_summaries
from tests.support import PASSWORD

note_page = test_findings.note_page
researcher_and_discovery = test_notes.researcher_and_discovery
theme_page = test_needs.theme_page
discovery_with_a_need = test_journeys_and_backlog.discovery_with_a_need
discovery_to_summarise = test_summaries.discovery_to_summarise

# What has focus and how it looks. A GOV.UK radio or checkbox is drawn by its label's ::before,
# so that is where its focus ring is. Each call also looks again at the element that had focus
# before, now unfocused: if it looks the same as it did focused, it had no focus style of its own.
# Run over the elements a locator names, it also says whether one of them has focus.
FOCUS = """(aimedAt) => {
  const el = document.activeElement
  if (!el || el === document.body || el === document.documentElement) return null
  const boxed = el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels.length
  const target = boxed ? el.labels[0] : el
  const pseudo = boxed ? '::before' : null
  const look = () => {
    const s = getComputedStyle(target, pseudo)
    const outline = s.outlineStyle === 'none' ? 'none'
      : `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`
    return {outline, boxShadow: s.boxShadow, background: s.backgroundColor}
  }
  const style = look()
  const name = (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent)
                || el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 80)
  const described = `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> ${name}`
  let unchanged = null
  const before = window.__keyboardFocus
  if (before && before.el !== el && before.el.isConnected && !before.el.contains(el)) {
    const now = before.look()
    if (JSON.stringify(now) === JSON.stringify(before.style)) unchanged = before.described
  }
  window.__keyboardFocus = {el, look, style, described}
  const r = target.getBoundingClientRect()
  const yellow = 'rgb(255, 221, 0)'
  return {
    described, unchanged, style, aimedAt: aimedAt.includes(el),
    yellow: (style.outline !== 'none' && style.outline.includes(yellow) && !style.outline.startsWith('0px'))
      || style.boxShadow.includes(yellow) || style.background === yellow,
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < window.innerHeight && r.left < window.innerWidth,
  }
}"""


def check_focus(page, aim=None) -> dict | None:
    """Assert that wherever focus is, a sighted keyboard user can see it; return what it is, and
    whether it is on `aim` (a locator)."""
    info = aim.evaluate_all(FOCUS) if aim is not None else page.evaluate(FOCUS, [])
    if info is None:
        return None
    assert info["yellow"], f"no focus style on {info['described']}: {info['style']}"
    assert info["inView"], f"focus is outside the window, on {info['described']}"
    assert info["unchanged"] is None, f"{info['unchanged']} looked the same with and without focus"
    return info


def is_focused(locator) -> bool:
    return locator.evaluate_all("(els) => els.some((el) => el === document.activeElement)")


def tab_to(page, locator, *, back: bool = False, limit: int = 40) -> list[str]:
    """Press Tab (or Shift+Tab) until `locator` has focus, checking the focus at every stop;
    return the stops.

    `limit` is generous for the pages here; running out means the control is not reachable by
    keyboard, or focus is trapped.
    """
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        info = check_focus(page, locator)
        stops.append(info["described"] if info else "(nothing)")
        if info and info["aimedAt"]:
            return stops
    path = " → ".join(stops)
    raise AssertionError(f"{limit} presses of Tab did not reach {locator}; focus went to: {path}")


def arrow_to(page, locator, key: str = "ArrowDown", limit: int = 12) -> None:
    """Move through a radio group with an arrow key until `locator` is focused (and so chosen)."""
    for _ in range(limit):
        if is_focused(locator):
            check_focus(page)
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} did not reach {locator}")


def press_enter(page) -> None:
    """Press Enter on a link or button that loads a new page, and wait for that page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def skip_to_main(page) -> None:
    """Use the skip link, the first stop on every page, to pass the header and menus."""
    tab_to(page, page.get_by_role("link", name="Skip to main content"), limit=1)
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def expect_error_summary_focused(page, message: str) -> None:
    """GOV.UK's ErrorSummary script focuses the summary; the title says there is an error; the
    summary's link for `message` moves focus on to the field with the problem."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert summary.get_attribute("data-module") == "govuk-error-summary"
    assert page.title().startswith("Error:"), page.title()
    check_focus(page)
    link = summary.get_by_role("link", name=message)
    tab_to(page, link, limit=5)
    target = link.get_attribute("href").lstrip("#")
    page.keyboard.press("Enter")
    expect(page.locator(f"[id='{target}']")).to_be_focused()
    check_focus(page)


def sign_in_by_keyboard(page, email: str) -> None:
    page.goto("/sign-in")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_enter(page)
    expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)


def test_signing_in_after_a_mistake(page, researcher_and_discovery):
    email, _ = researcher_and_discovery
    page.goto("/sign-in")
    skip = page.get_by_role("link", name="Skip to main content")
    tab_to(page, skip, limit=1)
    page.screenshot(path="/tmp/keyboard-skip-link.png")
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_enter(page)

    expect_error_summary_focused(page, "Enter your email address")
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name="Show password"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("type", "text")
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_enter(page)
    expect(page.get_by_role("heading", name="Discoveries", level=1)).to_be_visible()


TRANSCRIPT = (
    "Researcher (00:00:03):\nWho do you care for?\n\n"
    "P07 (00:00:11):\nMy mam. She had a fall in January and I go round every morning.\n"
)


def test_importing_a_transcript(page, researcher_and_discovery, tmp_path):
    email, discovery_id = researcher_and_discovery
    transcript = tmp_path / "visit-with-p07.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    sign_in_by_keyboard(page, email)
    page.goto(f"/discoveries/{discovery_id}/notes")

    tab_to(page, page.get_by_role("button", name="Import a transcript"))
    press_enter(page)
    expect(page.get_by_role("heading", name="Import a transcript")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Upload and check"))
    press_enter(page)
    expect_error_summary_focused(page, "Select a file")
    # Only the operating system's file dialog is out of reach: choose the file for the focused input.
    page.locator(":focus").set_input_files(str(transcript))
    tab_to(page, page.get_by_role("button", name="Upload and check"))
    press_enter(page)

    expect(page.get_by_role("heading", name="Check the transcript before you save it")).to_be_visible()
    tab_to(page, page.get_by_label("Who is P07?"))
    tab_to(page, page.get_by_role("textbox", name="Title"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Visit with P07")
    date = page.get_by_role("group", name="Date of the research")
    for box, value in (("Day", "3"), ("Month", "3"), ("Year", "2025")):
        tab_to(page, date.get_by_label(box))
        page.keyboard.type(value)
    tab_to(page, page.get_by_role("radio", name="Interview"))
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Interview")).to_be_checked()
    page.screenshot(path="/tmp/keyboard-radio.png")
    tab_to(page, page.get_by_role("checkbox", name="P07"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save note"))
    press_enter(page)
    expect(page.get_by_role("heading", name="Visit with P07")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Transcript imported")


def focus_is_lost(page) -> bool:
    return page.evaluate("document.activeElement === null || document.activeElement === document.body")


def test_coding_a_turn_as_a_tagged_finding(page, note_page):
    email, highlight_url, _ = note_page
    sign_in_by_keyboard(page, email)
    page.goto(highlight_url)
    page.wait_for_selector(".app-highlighter--js")

    # Text cannot be selected from the keyboard without caret browsing: "Code this turn" is the way.
    tab_to(page, page.get_by_role("link", name="Code this turn (P04, 00:00:12)"))
    page.keyboard.press("Enter")
    # The first panel may wait for the codebook suggestions to load their libraries.
    expect(page.locator("#code-panel")).to_be_focused(timeout=60_000)
    check_focus(page)
    # Part of a turn: its sentences are checkboxes.
    tab_to(page, page.get_by_role("checkbox", name="I phoned the council and waited forty minutes."))
    page.keyboard.press("Space")
    # Tab stops once on a radio group, at the chosen kind; arrows move the choice.
    tab_to(page, page.locator("#code-panel").get_by_role("radio"))
    arrow_to(page, page.get_by_role("radio", name="Pain point"))
    expect(page.get_by_role("radio", name="Pain point")).to_be_checked()
    tab_to(page, page.get_by_role("checkbox", name="Phone queues"))
    page.keyboard.press("Space")
    page.screenshot(path="/tmp/keyboard-code-panel.png")
    tab_to(page, page.get_by_role("button", name="Save finding"))
    page.keyboard.press("Enter")

    expect(page.locator(".app-code-saved")).to_contain_text("1 finding saved")
    expect(page.locator("mark.app-highlight")).to_have_text("I phoned the council and waited forty minutes.")
    # Focus stays where the researcher was working, not back at the top of the page.
    assert not focus_is_lost(page)
    check_focus(page)
    # Escape closes the panel and leaves focus on the link that opened it.
    last_turn = page.get_by_role("link", name="Code this turn (P04, 00:01:02)")
    tab_to(page, last_turn)
    page.keyboard.press("Enter")
    expect(page.locator("#code-panel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#code-panel")).to_have_count(0)
    expect(last_turn).to_be_focused()


@pytest.fixture
def suggested_theme(live_app, theme_page):
    """test_needs' theme put back to a suggestion waiting for review, as the theme engine leaves one."""
    email, theme_url = theme_page
    with live_app.app_context():
        db.session.get(Theme, uuid.UUID(theme_url.rsplit("/", 1)[1])).status = "suggested"
        db.session.commit()
    return email, theme_url


def test_reviewing_and_accepting_a_theme(page, suggested_theme):
    email, theme_url = suggested_theme
    sign_in_by_keyboard(page, email)
    page.goto(theme_url.rsplit("/", 1)[0])

    tab_to(page, page.get_by_role("link", name="Arranging a break"))
    press_enter(page)
    expect(page.get_by_role("heading", name="Arranging a break", level=1)).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Accept theme"))
    page.screenshot(path="/tmp/keyboard-accept-theme.png")
    press_enter(page)

    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("accepted")
    expect(banner).to_be_focused()
    check_focus(page)
    expect(page.locator(".govuk-tag", has_text="Accepted")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Write user needs from this theme"))


def test_writing_a_need_after_an_empty_submit(page, theme_page):
    email, theme_url = theme_page
    sign_in_by_keyboard(page, email)
    page.goto(theme_url)
    tab_to(page, page.get_by_role("link", name="Write user needs from this theme"))
    press_enter(page)
    drafts = page.get_by_role("heading", name="Write user needs from this theme", level=1)
    expect(drafts).to_be_visible(timeout=30_000)

    save = page.get_by_role("button", name="Save the needs you selected")
    tab_to(page, save)
    press_enter(page)
    expect_error_summary_focused(page, "Select at least one need to save")
    page.screenshot(path="/tmp/keyboard-needs-error-link.png")
    page.keyboard.press("Space")
    expect(page.get_by_role("group", name="Draft 1 of 2").get_by_label("Save this need")).to_be_checked()
    tab_to(page, save)
    press_enter(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 user need saved")
    expect(page.locator("tr.app-need")).to_contain_text("As an unpaid carer, I need to speak to someone")


def test_building_a_journey_stage_after_a_mistake(page, discovery_with_a_need):
    email, base = discovery_with_a_need
    sign_in_by_keyboard(page, email)
    page.goto(base + "/journeys")
    skip_to_main(page)
    tab_to(page, page.get_by_role("link", name="Create a journey map"))
    press_enter(page)
    # The skip link leaves #main-content in the address, which the form's post and its redirect
    # keep: the error summary on the stage form must take focus all the same.
    skip_to_main(page)
    tab_to(page, page.get_by_role("textbox", name="Title"))
    page.keyboard.type("Getting an assessment")
    tab_to(page, page.get_by_role("button", name="Save journey map"))
    press_enter(page)

    expect(page.get_by_role("heading", name="Add a stage", level=1)).to_be_visible()
    save = page.get_by_role("button", name="Save stage")
    tab_to(page, save)
    press_enter(page)
    expect_error_summary_focused(page, "Enter a stage name")
    page.keyboard.type("Waiting")
    tab_to(page, page.get_by_role("radio", name="None of these"))
    arrow_to(page, page.get_by_role("radio", name="Assessment", exact=True))
    tab_to(page, save)
    press_enter(page)
    expect(page.locator("th.app-journey-stage").first).to_contain_text("Waiting")

    # The map opens at the new stage, and Tab goes on from there. A second stage, moved to the
    # front with its button: dragging is never the only way.
    tab_to(page, page.get_by_role("link", name="Add a stage"), back=True)
    press_enter(page)
    skip_to_main(page)
    tab_to(page, page.get_by_role("textbox", name="Stage name"))
    page.keyboard.type("Asking for help")
    tab_to(page, save)
    press_enter(page)
    asking = page.locator("th.app-journey-stage", has_text="Asking for help")
    expect(asking).to_be_visible()
    tab_to(page, asking.get_by_role("button", name="Move earlier"))
    page.screenshot(path="/tmp/keyboard-journey-move.png")
    press_enter(page)
    expect(page.locator("th.app-journey-stage").first).to_contain_text("Asking for help")
    tab_to(page, page.get_by_role("link", name="Add to Thoughts and feelings in Waiting"))


@pytest.fixture
def published_summary(live_app, discovery_to_summarise):
    """test_summaries' discovery with its summary published as version 1."""
    researcher, lead, base = discovery_to_summarise
    with live_app.app_context():
        discovery = db.session.get(Discovery, uuid.UUID(base.rsplit("/", 1)[1]))
        summaries.publish(discovery, User.query.filter_by(email=researcher).one())
        db.session.commit()
    return lead, base


def test_a_lead_reads_a_summary(page, published_summary):
    lead, base = published_summary
    sign_in_by_keyboard(page, lead)
    expect(page.get_by_role("heading", name="Discovery summaries", level=1)).to_be_visible()
    # Other tests' discoveries include Torfaen too, so the link is the one into this discovery.
    tab_to(
        page,
        page.locator(
            f'a[href^="{base}/summary/"]', has_text="What it found for Torfaen County Borough Council"
        ),
    )
    press_enter(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Torfaen County Borough Council only")

    # Type-ahead picks an option in a closed select, as it does for a person.
    picker = page.get_by_label("Show the summary for")
    tab_to(page, picker)
    page.keyboard.type("All")
    expect(picker.locator("option:checked")).to_have_text("All authorities")
    tab_to(page, page.get_by_role("button", name="Show"))
    press_enter(page)
    expect(page.locator("main")).to_contain_text("Nobody rang back, so I rang again the next morning.")

    # Every stop down the whole summary shows focus, each table's scrolling box among them.
    page.evaluate("""() => { window.tablesReached = new Set()
        document.addEventListener('focusin', (e) => {
          if (e.target.matches('.app-table-scroll')) window.tablesReached.add(e.target) }) }""")
    tab_to(page, page.get_by_role("link", name="Accessibility statement"), limit=60)
    tables = page.locator(".app-table-scroll")
    expect(tables.first).to_be_visible()
    assert page.evaluate("window.tablesReached.size") == tables.count()
    page.screenshot(path="/tmp/keyboard-summary-table.png")

    tab_to(page, page.get_by_role("link", name="Compare authorities"), back=True, limit=60)
    press_enter(page)
    expect(page.get_by_role("img", name="Themes by authority")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Accessibility statement"), limit=60)
