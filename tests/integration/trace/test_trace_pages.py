"""The trace pages as a squad member reads them: from a backlog item back to the quotes, each
landing on its passage in the note, and from a finding to everything it supports."""

from __future__ import annotations

from discovery.extensions import db
from tests.integration.needs.conftest import APP, CARER_BREAKS, NOBODY_TOLD, PHONE_WAIT
from tests.support import sign_in, soup


def _link(element, words: str):
    return next(a for a in element.find_all("a") if words in a.get_text())


def _url(squad, path: str) -> str:
    return f"/discoveries/{squad.discovery.id}{path}"


def test_the_trace_of_an_item_leads_from_need_theme_and_stage_to_each_quote_and_its_passage(client, chain):
    squad, item, need, stage, entry = chain
    page = soup(client.get(_url(squad, f"/trace/backlog/{item.id}")))

    assert page.h1.get_text(strip=True) == "Item 1: Call carers back within a day"
    assert "3 findings from 2 participants in 2 authorities" in page.get_text(" ", strip=True)
    need_section = page.select_one(f"section[aria-labelledby='need-{need.id}']")
    assert need.statement in need_section.h3.get_text()
    quotes = [
        q.get_text(strip=True) for q in need_section.select(":scope > ul.app-trace__quotes > li > blockquote")
    ]
    assert quotes == [CARER_BREAKS]
    # The need's theme is shown with all its findings, folded away.
    assert "Knowing what help exists" in need_section.get_text()
    assert len(need_section.select("details blockquote")) == 4

    stage_section = page.select_one(f"section[aria-labelledby='stage-{stage.id}']")
    assert "Getting a carer's break: Assessment" in stage_section.get_text()
    assert "Long waits on the phone" in stage_section.get_text()
    assert [q.get_text(strip=True) for q in stage_section.select("blockquote")] == [PHONE_WAIT]

    carer_quote = need_section.select_one(".app-trace__quote")
    said = carer_quote.get_text(" ", strip=True)
    assert "P01 (Unpaid carer, Neath Port Talbot Council)" in said
    note_link = _link(carer_quote, "Interview with P01")
    finding = squad.findings[CARER_BREAKS]
    assert note_link["href"].startswith(_url(squad, f"/notes/{finding.note_id}"))
    assert client.get(note_link["href"]).status_code == 200
    where = _link(carer_quote, "Where this finding is used")
    assert where["href"] == _url(squad, f"/trace/findings/{finding.id}")


def test_the_trace_of_a_finding_lists_each_theme_need_entry_and_item_with_the_path(client, chain):
    squad, item, need, stage, entry = chain
    page = soup(client.get(_url(squad, f"/trace/findings/{squad.findings[PHONE_WAIT].id}")))
    text = page.get_text(" ", strip=True)
    assert "Knowing what help exists" in text
    assert f"{need.statement} (through theme ‘Knowing what help exists’)" in text
    assert "Getting a carer's break: Assessment – Pain points: Long waits on the phone" in text
    assert (
        "Item 1: Call carers back within a day (through journey stage ‘Getting a carer's break: Assessment’)"
        in text
    )

    direct = soup(client.get(_url(squad, f"/trace/findings/{squad.findings[NOBODY_TOLD].id}")))
    items = [
        li.get_text(" ", strip=True) for li in direct.find("h2", string="Backlog items").find_next("ul")("li")
    ]
    assert items == ["Item 1: Call carers back within a day"]


def test_a_finding_nothing_uses_says_so(client, squad):
    page = soup(client.get(_url(squad, f"/trace/findings/{squad.findings[APP].id}")))
    assert "No user need cites it." in page.get_text()
    assert "No backlog item rests on it." in page.get_text()


def test_the_item_page_links_to_its_trace_and_a_lead_cannot_open_it(client, chain, factories):
    squad, item, *_ = chain
    item_page = soup(client.get(_url(squad, f"/backlog/{item.id}")))
    assert item_page.find("a", href=_url(squad, f"/trace/backlog/{item.id}"))

    lead = factories.user(role="authority_lead", authorities=[squad.torfaen])
    db.session.commit()
    client.delete_cookie("session")
    sign_in(client, lead)
    assert client.get(_url(squad, f"/trace/backlog/{item.id}")).status_code == 403
    lead_view = soup(client.get(_url(squad, f"/backlog/{item.id}")))
    assert not lead_view.find("a", href=_url(squad, f"/trace/backlog/{item.id}"))
    assert CARER_BREAKS not in lead_view.get_text()


def test_a_needs_page_lists_the_backlog_items_that_answer_it_and_offers_to_add_one(client, chain):
    squad, item, need, *_ = chain
    page = soup(client.get(_url(squad, f"/needs/{need.id}")))
    listed = [li.get_text(" ", strip=True) for li in page.select(".app-linked-backlog li")]
    assert listed == ["Item 1: Call carers back within a day – Should have, to do"]
    add = _link(page, "Add a backlog item for this need")
    form = soup(client.get(add["href"]))
    assert form.find("input", {"name": "needs", "value": str(need.id)}).has_attr("checked")


def test_a_themes_page_lists_its_backlog_items_and_offers_to_add_one(client, chain):
    squad, item, *_ = chain
    item.themes = [squad.theme]
    db.session.commit()
    page = soup(client.get(_url(squad, f"/themes/{squad.theme.id}")))
    listed = [li.get_text(" ", strip=True) for li in page.select(".app-linked-backlog li")]
    assert listed == ["Item 1: Call carers back within a day – Should have, to do"]
    form = soup(client.get(_link(page, "Add a backlog item for this theme")["href"]))
    assert form.find("input", {"name": "themes", "value": str(squad.theme.id)}).has_attr("checked")
