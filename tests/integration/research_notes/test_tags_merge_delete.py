"""Merging tags (findings move with them, loops refused) and deleting tags (sub-tags move up)."""

# ruff: noqa: E501 - file contents and messages are clearer unbroken

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Finding, Tag
from research_notes.tags import services
from research_notes.tags.forms import MergeForm
from tests.support import (
    audit_events,
    error_summary,
    finding_tag_names,
    form_data,
    notification,
    post_form,
    soup,
)


def _setup(factories, user):
    discovery = factories.discovery(members=[user])
    contact = factories.tag(discovery=discovery, name="Contact")
    phone = factories.tag(discovery=discovery, name="Phone", parent=contact)
    queues = factories.tag(discovery=discovery, name="Queues", parent=phone)
    calls = factories.tag(discovery=discovery, name="Calls")
    callback = factories.tag(discovery=discovery, name="Call-backs", parent=calls)
    note = factories.note(discovery=discovery)
    f1 = factories.finding(note=note, tags=[phone])
    f2 = factories.finding(note=note, tags=[phone, calls])
    f3 = factories.finding(note=note, tags=[queues])
    db.session.commit()
    return discovery, {t.name: t for t in (contact, phone, queues, calls, callback)}, (f1, f2, f3)


def test_merging_moves_findings_and_sub_tags_and_deletes_the_source(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, tags, (f1, f2, f3) = _setup(factories, user)
    phone, calls = tags["Phone"], tags["Calls"]
    phone_id, calls_id, queues_id = phone.id, calls.id, tags["Queues"].id
    base = f"/discoveries/{discovery.id}/codebook/{phone.id}"

    choose = soup(client.get(f"{base}/merge"))
    options = [o.get_text() for o in choose.select("#into option")]
    assert options == ["Choose a tag", "Calls", "Calls > Call-backs", "Contact"]  # not itself or Queues

    response = post_form(client, f"{base}/merge", form_data(MergeForm, into=str(calls.id)))
    assert response.status_code == 302
    confirm_url = response.headers["Location"]
    assert confirm_url.endswith(f"{base}/merge/{calls.id}")

    page = soup(client.get(confirm_url))
    assert page.h1.get_text(strip=True) == "Merge ‘Phone’ into ‘Calls’?"
    preview = [li.get_text(" ", strip=True) for li in page.select("#merge-preview li")]
    assert preview == [
        "1 finding tagged ‘Phone’ will be tagged ‘Calls’",
        "1 finding already has both tags and will keep ‘Calls’ once",
        "1 sub-tag will move under ‘Calls’: Queues",
    ]

    response = post_form(client, confirm_url, {}, follow=True)
    assert "‘Phone’ merged into ‘Calls’. 1 finding moved" in notification(response)
    db.session.expire_all()
    assert db.session.get(Tag, phone_id) is None
    assert finding_tag_names(f1.id) == ["Calls"]
    assert finding_tag_names(f2.id) == ["Calls"]  # no duplicate row in finding_tags
    assert db.session.get(Tag, queues_id).parent_id == calls_id
    count = db.session.scalar(
        sa.text("SELECT count(*) FROM finding_tags WHERE finding_id = :f").bindparams(f=f2.id.hex)
    )
    assert count == 1
    [event] = audit_events("tags_merged")
    assert event.details["source"] == "Phone" and event.details["target"] == "Calls"
    assert event.details["findings_moved"] == 1 and event.details["children_moved"] == ["Queues"]


def test_merging_into_itself_or_a_sub_tag_is_refused(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, tags, _ = _setup(factories, user)
    contact, queues = tags["Contact"], tags["Queues"]
    base = f"/discoveries/{discovery.id}/codebook/{contact.id}"

    response = post_form(client, f"{base}/merge", form_data(MergeForm, into=str(queues.id)))
    assert error_summary(response) == [
        (
            "You cannot merge ‘Contact’ into ‘Queues’ because ‘Queues’ is one of its sub-tags: that would create a loop",
            "#into",
        )
    ]
    response = post_form(client, f"{base}/merge", form_data(MergeForm, into=str(contact.id)))
    assert error_summary(response) == [
        ("You cannot merge a tag into itself. Select a different tag", "#into")
    ]
    response = post_form(client, f"{base}/merge", form_data(MergeForm, into=""))
    assert error_summary(response) == [("Select the tag to merge into", "#into")]

    # Going straight to the confirmation URL is refused too, and nothing changes.
    response = client.get(f"{base}/merge/{queues.id}")
    assert response.status_code == 409
    assert error_summary(response)[0][0].endswith("that would create a loop")
    response = post_form(client, f"{base}/merge/{queues.id}", {}, get_url=f"{base}/merge")
    assert response.status_code == 409
    assert db.session.get(Tag, contact.id) is not None
    assert audit_events("tags_merged") == []


def test_merging_a_child_into_its_parent_with_a_same_named_grandchild(app, factories):
    """Contact > Phone > Phone: merging the middle Phone into Contact must not clash with itself."""
    discovery = factories.discovery()
    contact = factories.tag(discovery=discovery, name="Contact")
    phone = factories.tag(discovery=discovery, name="Phone", parent=contact)
    inner = factories.tag(discovery=discovery, name="phone", parent=phone)
    db.session.commit()
    services.merge_tags(phone, contact)
    db.session.commit()
    assert [t.name for t in db.session.get(Tag, contact.id).children] == ["phone"]
    assert db.session.get(Tag, inner.id).parent_id == contact.id


def test_merging_merges_same_named_sub_tags_recursively(app, factories):
    discovery = factories.discovery()
    a = factories.tag(discovery=discovery, name="A")
    a_x = factories.tag(discovery=discovery, name="X", parent=a)
    a_x_y = factories.tag(discovery=discovery, name="Y", parent=a_x)
    b = factories.tag(discovery=discovery, name="B")
    b_x = factories.tag(discovery=discovery, name="x", parent=b)
    b_x_y = factories.tag(discovery=discovery, name="Y", parent=b_x)
    note = factories.note(discovery=discovery)
    finding = factories.finding(note=note, tags=[a_x_y])
    db.session.commit()
    assert [t.name for t in services.merge_preview(a, b).children_to_merge] == ["X"]
    summary = services.merge_tags(a, b)
    db.session.commit()
    assert summary.children_merged == ["X"]
    assert db.session.get(Tag, a_x.id) is None and db.session.get(Tag, a_x_y.id) is None
    assert [t.id for t in db.session.get(Finding, finding.id).tags] == [b_x_y.id]


def test_merge_service_raises_for_a_loop(app, factories):
    discovery = factories.discovery()
    parent = factories.tag(discovery=discovery, name="Parent")
    child = factories.tag(discovery=discovery, name="Child", parent=parent)
    db.session.commit()
    for target in (parent, child):
        try:
            services.merge_tags(parent, target)
        except services.TagCycleError:
            pass
        else:
            raise AssertionError("merge into itself or a sub-tag must be refused")


def test_deleting_a_tag_moves_sub_tags_up_and_untags_findings(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, tags, (f1, f2, f3) = _setup(factories, user)
    phone = tags["Phone"]
    phone_id, queues_id, contact_id = phone.id, tags["Queues"].id, tags["Contact"].id
    url = f"/discoveries/{discovery.id}/codebook/{phone.id}/delete"
    page = soup(client.get(url))
    assert page.h1.get_text(strip=True) == "Delete ‘Phone’?"
    assert [li.get_text(" ", strip=True) for li in page.select("#delete-preview li")] == [
        "2 findings will lose this tag. The findings themselves are not deleted.",
        "Its sub-tag will move up one level, under ‘Contact’: Queues",
    ]
    response = post_form(client, url, {}, follow=True)
    assert "Tag ‘Phone’ deleted" in notification(response)
    db.session.expire_all()
    assert db.session.get(Tag, phone_id) is None
    assert db.session.get(Tag, queues_id).parent_id == contact_id
    assert finding_tag_names(f1.id) == []
    assert finding_tag_names(f2.id) == ["Calls"]
    assert db.session.get(Finding, f1.id) is not None
    [event] = audit_events("tag_deleted")
    assert event.details == {
        "name": "Phone",
        "parent": "Contact",
        "findings_untagged": 2,
        "children": ["Queues"],
    }


def test_deleting_a_top_level_tag_makes_its_sub_tags_top_level(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, tags, _ = _setup(factories, user)
    calls = tags["Calls"]
    factories.tag(discovery=discovery, name="call-backs")  # same name at the top level, another case
    db.session.commit()
    url = f"/discoveries/{discovery.id}/codebook/{calls.id}/delete"
    items = [li.get_text(" ", strip=True) for li in soup(client.get(url)).select("#delete-preview li")]
    assert items[1] == "Its sub-tag will move up one level, to the top level: Call-backs"
    assert (
        items[2]
        == "These sub-tags have the same name as a tag at that level and will be merged with it: Call-backs"
    )
    assert post_form(client, url, {}).status_code == 302
    db.session.expire_all()
    names = sorted(
        (t.name for t in db.session.scalars(sa.select(Tag).where(Tag.parent_id.is_(None)))), key=str.lower
    )
    assert names == ["call-backs", "Contact"]


def test_delete_needs_a_post_with_csrf(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, tags, _ = _setup(factories, user)
    response = client.post(f"/discoveries/{discovery.id}/codebook/{tags['Calls'].id}/delete", data={})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Tag, tags["Calls"].id) is not None
