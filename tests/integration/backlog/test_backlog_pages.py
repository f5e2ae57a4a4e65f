"""The backlog list (order, filters, evidence on every row), an item's page, writing, editing,
citing and deleting items, and who may do which."""

from __future__ import annotations

import pytest

from discovery.backlog import services as backlog
from discovery.backlog.forms import CiteFindingsForm, ItemForm
from discovery.backlog.models import BacklogItem
from discovery.extensions import db
from tests.integration.backlog.conftest import CARER, HOLD, RING_BACK, STAGE_ONLY
from tests.support import (
    assert_page_basics,
    audit_actions,
    count,
    error_summary,
    form_data,
    post_form,
    sign_in,
    soup,
)


def _rows(response) -> list[dict]:
    page = soup(response)
    return [
        {
            "title": row.select_one(".app-backlog__title").get_text(strip=True),
            "number": row.select_one(".app-backlog__number").get_text(strip=True),
            "priority": row.select_one(".app-backlog__priority").get_text(strip=True),
            "status": row.select_one(".app-backlog__status").get_text(strip=True),
            "needs": row.select_one(".app-backlog__needs").get_text(strip=True),
            "evidence": row.select_one(".app-backlog__strength").get_text(" ", strip=True),
        }
        for row in page.select("tr.app-backlog-item")
    ]


def _titles(response) -> list[str]:
    return [r["title"] for r in _rows(response)]


@pytest.fixture
def four(squad, factories):
    need = squad.need("to be rung back", cites=[RING_BACK])
    theme = squad.theme("Phone queues", [HOLD])
    stage = squad.stage(factories, cites=[STAGE_ONLY])
    items = {
        "could": squad.item("Send a letter", priority="could", status="done", stages=[stage]),
        "must": squad.item("Ring people back", priority="must", needs=[need], status="in_progress"),
        "wont": squad.item("Try a chatbot", priority="wont", status="dropped"),
        "should": squad.item("Shorter queues", priority="should", themes=[theme], cites=[CARER]),
    }
    return items, need, theme


def test_the_list_is_ordered_by_priority_with_evidence_or_a_flag_on_every_row(client, squad, four):
    response = client.get(squad.url())
    page = assert_page_basics(response)
    assert page.h1.get_text(strip=True) == "Backlog"
    assert _rows(response) == [
        {
            "title": "Ring people back",
            "number": "Item 2",
            "priority": "Must have",
            "status": "In progress",
            "needs": "1",
            "evidence": "1 finding from 1 participant in 1 authority",
        },
        {
            "title": "Shorter queues",
            "number": "Item 4",
            "priority": "Should have",
            "status": "To do",
            "needs": "0",
            "evidence": "2 findings from 2 participants in 2 authorities",
        },
        {
            "title": "Send a letter",
            "number": "Item 1",
            "priority": "Could have",
            "status": "Done",
            "needs": "0",
            "evidence": "1 finding from 1 participant in 1 authority",
        },
        {
            "title": "Try a chatbot",
            "number": "Item 3",
            "priority": "Won't have",
            "status": "Dropped",
            "needs": "0",
            "evidence": "No evidence yet",
        },
    ]
    assert page.select_one(".app-backlog__no-evidence").get_text(strip=True) == "No evidence yet"


def test_the_list_filters_by_status_need_theme_and_authority(client, squad, four):
    items, need, theme = four
    assert _titles(client.get(squad.url("?status=done&status=dropped"))) == ["Send a letter", "Try a chatbot"]
    assert _titles(client.get(squad.url(f"?need={need.id}"))) == ["Ring people back"]
    assert _titles(client.get(squad.url(f"?theme={theme.id}"))) == ["Shorter queues"]
    # Neath Port Talbot: the carer said CARER (cited by "Shorter queues") and STAGE_ONLY (the letter).
    assert _titles(client.get(squad.url(f"?authority={squad.npt.id}"))) == ["Shorter queues", "Send a letter"]
    response = client.get(squad.url(f"?authority={squad.torfaen.id}&status=todo"))
    assert _titles(response) == ["Shorter queues"]
    assert "1 of 4 backlog items match these filters" in soup(response).get_text(" ", strip=True)
    # A tampered value is ignored, never a 500.
    assert len(_titles(client.get(squad.url("?need=not-an-id&status=nonsense")))) == 4


def test_an_items_page_shows_its_fields_links_evidence_and_quotes(client, squad, factories):
    need = squad.need("to be rung back", cites=[RING_BACK])
    theme = squad.theme("Phone queues", [HOLD])
    stage = squad.stage(factories, cites=[STAGE_ONLY], map_title="Getting help", name="First contact")
    item = squad.item(
        "Ring people back",
        user_story="As a resident, I want a call back, so that I can plan my day.",
        acceptance_criteria="Call-backs are booked\nMissed call-backs are reported",
        priority="must",
        size="m",
        external_ref="https://jira.example.gov.wales/browse/ASC-1",
        needs=[need],
        themes=[theme],
        stages=[stage],
    )
    page = assert_page_basics(client.get(squad.url(f"/{item.id}")))
    text = page.get_text(" ", strip=True)
    assert page.h1.get_text(strip=True) == "Ring people back"
    assert "Backlog item 1" in text
    assert [li.get_text(strip=True) for li in page.select(".app-backlog__criteria-list li")] == [
        "Call-backs are booked",
        "Missed call-backs are reported",
    ]
    assert page.select_one("a.app-backlog__ref")["href"] == "https://jira.example.gov.wales/browse/ASC-1"
    assert [a.get_text(strip=True) for a in page.select(".app-backlog__needs a")] == [need.statement]
    assert [a.get_text(strip=True) for a in page.select(".app-backlog__themes a")] == ["Phone queues"]
    assert page.select_one(".app-backlog__stages").get_text(" ", strip=True) == "Getting help: First contact"
    assert "3 findings from 2 participants in 2 authorities" in text
    assert {q.get_text(strip=True) for q in page.select(".app-backlog__finding blockquote")} == {
        RING_BACK,
        HOLD,
        STAGE_ONLY,
    }


def test_writing_an_item_numbers_it_and_links_it(client, squad):
    need = squad.need("to be rung back", cites=[RING_BACK])
    squad.item("An earlier item")
    response = post_form(
        client,
        squad.url("/new"),
        form_data(
            ItemForm,
            title="  Ring people back  ",
            user_story="As a resident, I want a call back",
            priority="must",
            status="todo",
            size="s",
            external_ref=" asc-123 ",
            needs=[str(need.id)],
        ),
    )
    assert response.status_code == 302
    item = db.session.scalar(db.select(BacklogItem).where(BacklogItem.title == "Ring people back"))
    assert (item.number, item.external_ref, item.size, [n.id for n in item.needs]) == (
        2,
        "ASC-123",
        "s",
        [need.id],
    )
    assert "backlog_item_created" in audit_actions(object_id=str(item.id))


def test_an_empty_form_a_duplicate_title_and_a_bad_reference_are_field_errors(client, squad):
    squad.item("Ring people back")
    response = post_form(client, squad.url("/new"), form_data(ItemForm, title="", priority="", status=""))
    assert response.status_code == 200
    assert [text for text, _ in error_summary(response)] == [
        "Enter a title",
        "Select a priority",
        "Select a status",
    ]
    response = post_form(
        client,
        squad.url("/new"),
        form_data(
            ItemForm, title="ring people  back", priority="must", status="todo", external_ref="see Jira"
        ),
    )
    assert error_summary(response) == [
        ("A backlog item with this title already exists. Enter a different title", "#title"),
        ("Enter a Jira key such as ASC-123 or a web address starting with https://", "#external_ref"),
    ]
    assert count(BacklogItem) == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ASC-123", "ASC-123"),
        ("asc-9", "ASC-9"),
        ("https://example.atlassian.net/browse/ASC-1", "https://example.atlassian.net/browse/ASC-1"),
        ("", ""),
        ("ASC 123", None),
        ("123-ASC", None),
        ("https://", None),
        ("ftp://example.com/x", None),
        ("A-1", None),
    ],
)
def test_external_references_are_jira_keys_or_web_addresses(typed, stored):
    assert backlog.clean_external_ref(typed) == stored


def test_a_stale_edit_is_refused_and_keeps_the_text_typed(client, squad):
    item = squad.item("Ring people back")
    url = squad.url(f"/{item.id}/edit")
    page = client.get(url)
    token = soup(page).select_one("input[name=csrf_token]")["value"]
    backlog.update_item(
        item, backlog.ItemData(title="Ring back sooner"), squad.researcher, expected_version=1
    )
    db.session.commit()
    response = client.post(
        url,
        data={
            "csrf_token": token,
            **form_data(ItemForm, version="1", title="My new title", priority="must", status="todo"),
        },
    )
    assert response.status_code == 409
    page = soup(response)
    assert "Someone else changed this backlog item" in page.get_text(" ", strip=True)
    assert page.select_one("#title")["value"] == "My new title"
    db.session.expire_all()
    assert db.session.get(BacklogItem, item.id).title == "Ring back sooner"


def test_citing_findings_and_deleting(client, squad):
    need = squad.need("to be rung back", cites=[RING_BACK])
    item = squad.item("Ring people back", needs=[need])
    page = soup(client.get(squad.url(f"/{item.id}/findings")))
    hints = [h.get_text(" ", strip=True) for h in page.select(".govuk-checkboxes__hint")]
    assert "already behind a linked need, theme or stage" in hints[0]  # RING_BACK first
    response = post_form(
        client,
        squad.url(f"/{item.id}/findings"),
        form_data(CiteFindingsForm, version=str(item.version), finding=[str(squad.findings[HOLD].id)]),
    )
    assert response.status_code == 302
    assert backlog.item_evidence(db.session.get(BacklogItem, item.id)).strength.findings == 2
    response = post_form(client, squad.url(f"/{item.id}/delete"), {})
    assert response.status_code == 302
    assert count(BacklogItem) == 0
    assert "backlog_item_deleted" in audit_actions(object_id=str(item.id))


def test_leads_read_the_backlog_without_quotes_and_cannot_write(client, squad, factories):
    item = squad.item("Ring people back", cites=[HOLD])
    lead = factories.user(role="authority_lead", authorities=[squad.npt])
    db.session.commit()
    client.post("/sign-out", data={})
    client.delete_cookie("session")
    sign_in(client, lead)
    page = soup(client.get(squad.url()))
    assert _titles(client.get(squad.url())) == ["Ring people back"]
    assert not page.find("a", string="Add a backlog item")
    item_page = client.get(squad.url(f"/{item.id}"))
    assert item_page.status_code == 200
    assert HOLD not in item_page.get_data(as_text=True)
    assert "1 finding from 1 participant in 1 authority" in soup(item_page).get_text(" ", strip=True)
    for path in (
        "/new",
        f"/{item.id}/edit",
        f"/{item.id}/findings",
        f"/{item.id}/delete",
        "/import",
        "/export/jira.csv",
        "/export/backlog.csv",
        "/export/backlog.json",
    ):
        assert client.get(squad.url(path)).status_code == 403, path
    assert client.post(squad.url(f"/{item.id}/delete"), data={}).status_code in (400, 403)
