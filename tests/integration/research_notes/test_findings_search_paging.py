"""The search page shows everything it found: both lists page, and every tag can be ticked."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from discovery.extensions import db
from tests.support import soup


def _discovery_with_matches(factories, user, notes=23, findings=0):
    discovery = factories.discovery(members=[user])
    tag = factories.tag(discovery=discovery, name="Phone queues")
    for number in range(notes):
        note = factories.note(
            discovery=discovery, title=f"Interview {number:02d}", body=f"The kettle broke in week {number}."
        )
    for _ in range(findings):
        factories.finding(note=note, discovery_id=discovery.id, tags=[tag])
    db.session.commit()
    return discovery, tag


def _note_titles(page) -> list[str]:
    return [link.get_text(strip=True) for link in page.select(".app-note-hits li > a")]


def _pagination(page, label: str):
    return page.select_one(f"nav.govuk-pagination[aria-label='{label}']")


def _query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_every_matching_note_can_be_reached_page_by_page(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, tag = _discovery_with_matches(factories, user)
    url = f"/discoveries/{discovery.id}/findings?q=kettle&tag={tag.id}&kind=pain_point"
    first = soup(client.get(url))
    assert first.select_one("#matching-notes").get_text(strip=True) == "23 notes mention this"
    assert len(_note_titles(first)) == 10
    assert "Showing 1 to 10 of 23 notes" in first.get_text()
    nav = _pagination(first, "Pages of notes")
    assert [a.get_text(strip=True) for a in nav.select(".govuk-pagination__item a")] == ["1", "2", "3"]
    next_query = _query(nav.select_one(".govuk-pagination__next a")["href"])
    assert next_query == {"q": ["kettle"], "tag": [str(tag.id)], "kind": ["pain_point"], "notes_page": ["2"]}

    last = soup(client.get(url + "&notes_page=3"))
    assert len(_note_titles(last)) == 3
    previous_query = _query(
        _pagination(last, "Pages of notes").select_one(".govuk-pagination__prev a")["href"]
    )
    assert previous_query["notes_page"] == ["2"]
    assert previous_query["q"] == ["kettle"] and previous_query["tag"] == [str(tag.id)]
    seen = (
        set(_note_titles(first))
        | set(_note_titles(soup(client.get(url + "&notes_page=2"))))
        | set(_note_titles(last))
    )
    assert len(seen) == 23


def test_paging_notes_keeps_the_findings_page_and_the_other_way_round(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, _ = _discovery_with_matches(factories, user, notes=12, findings=30)
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?q=kettle&page=2&notes_page=2"))
    assert "Showing 26 to 30 of 30 findings" in page.get_text()
    assert len(_note_titles(page)) == 2
    notes_nav = _pagination(page, "Pages of notes")
    assert _query(notes_nav.select_one(".govuk-pagination__prev a")["href"])["page"] == ["2"]
    findings_nav = _pagination(page, "Results pages")
    assert _query(findings_nav.select_one(".govuk-pagination__prev a")["href"]) == {
        "q": ["kettle"],
        "page": ["1"],
        "notes_page": ["2"],
    }


def test_a_page_number_out_of_range_or_not_a_number_shows_a_real_page(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, _ = _discovery_with_matches(factories, user, findings=30)
    url = f"/discoveries/{discovery.id}/findings?q=kettle"
    for args, notes_shown, findings_text in [
        ("&notes_page=99&page=99", 3, "Showing 26 to 30 of 30 findings"),
        ("&notes_page=-4&page=0", 10, "Showing 1 to 25 of 30 findings"),
        ("&notes_page=two&page=1e3", 10, "Showing 1 to 25 of 30 findings"),
        ("&notes_page=99999999999999999999999&page=", 3, "Showing 1 to 25 of 30 findings"),
    ]:
        response = client.get(url + args)
        assert response.status_code == 200, args
        page = soup(response)
        assert len(_note_titles(page)) == notes_shown, args
        assert findings_text in page.get_text(), args


def test_the_search_button_sits_beside_the_search_box_in_the_filter_form(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, _ = _discovery_with_matches(factories, user, notes=1)
    page = soup(client.get(f"/discoveries/{discovery.id}/findings"))
    box = page.select_one("input[name='q']")
    form = box.find_parent("form")
    assert form["method"] == "get"
    button = box.find_parent(class_="app-search").find("button")
    assert button.get_text(strip=True) == "Search"
    assert button.find_parent("form") is form
    assert button.get("type", "submit") == "submit"
    assert "Apply filters" in [b.get_text(strip=True) for b in form.select("button")]


def test_every_tag_of_a_large_codebook_is_a_checkbox_outside_any_scroll_box(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    tags = []
    for top in range(4):
        parent = factories.tag(discovery=discovery, name=f"Theme {top}")
        tags.append(parent)
        tags.extend(
            factories.tag(discovery=discovery, name=f"Code {top}.{n}", parent=parent) for n in range(4)
        )
    tags.extend(factories.tag(discovery=discovery, name=f"Loose {n}") for n in range(5))
    db.session.commit()
    assert len(tags) == 25
    chosen = tags[7]  # a code inside "Theme 1"
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?tag={chosen.id}"))
    boxes = {box["value"]: box for box in page.select("input[type=checkbox][name=tag]")}
    assert set(boxes) == {str(tag.id) for tag in tags}
    assert len({box["id"] for box in boxes.values()}) == len(tags)
    for box in boxes.values():
        for ancestor in box.parents:
            classes = " ".join(ancestor.get("class") or [])
            assert "scroll" not in classes and "overflow" not in classes
            assert "overflow" not in (ancestor.get("style") or "")
    groups = {
        d.select_one(".govuk-details__summary-text").get_text(strip=True): d
        for d in page.select("details.app-checkbox-groups__group")
    }
    assert list(groups) == [f"Theme {n}" for n in range(4)]
    assert groups["Theme 1"].has_attr("open")
    assert not groups["Theme 0"].has_attr("open")
    assert boxes[str(chosen.id)].has_attr("checked")
    assert boxes[str(tags[-1].id)].find_parent("details") is None
