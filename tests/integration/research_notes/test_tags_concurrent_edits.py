"""Two people editing one tag: the second save is refused, keeps what they typed, and shows the tag now."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from discovery.extensions import db
from research_notes.models import Tag
from research_notes.tags import services
from research_notes.tags.forms import TagForm
from tests.support import error_summary, form_data, notification, post_form, soup

STALE = (
    "Someone else changed this tag since you opened it. Your changes have not been saved. What the "
    "tag says now is shown below, with your changes still in the form: check them, then save again"
)


@pytest.fixture
def phone(factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    tag = factories.tag(discovery=discovery, name="Phone queues", description="Waiting on hold")
    db.session.commit()
    return tag


def _edit_url(tag) -> str:
    return f"/discoveries/{tag.discovery_id}/codebook/{tag.id}/edit"


def test_the_edit_form_carries_the_version_it_was_opened_at(client, phone):
    page = soup(client.get(_edit_url(phone)))
    assert page.select_one("input[name=version]")["value"] == "1"


def test_a_save_against_an_older_version_is_refused_and_keeps_what_was_typed(client, phone):
    opened = client.get(_edit_url(phone))
    # Meanwhile someone else renames the tag.
    services.update_tag(
        phone, services.TagData(name="Phone waits", description="Hold music", colour="red", parent_id=None)
    )
    db.session.commit()

    data = form_data(
        TagForm, name="Calls", description="Ringing the council", colour="blue", parent="", version="1"
    )
    response = post_form(client, _edit_url(phone), data, get_url=_edit_url(phone))
    assert opened.status_code == 200
    assert response.status_code == 409
    page = soup(response)
    assert STALE in notification(response)
    assert page.select_one("#name")["value"] == "Calls"
    assert page.select_one("#description").get_text().strip() == "Ringing the council"
    saved = page.select_one("[data-saved-tag]").get_text(" ", strip=True)
    assert "Phone waits" in saved and "Hold music" in saved
    assert page.select_one("input[name=version]")["value"] == "2"
    db.session.expire_all()
    assert db.session.get(Tag, phone.id).name == "Phone waits"

    # Saving again from the refreshed form (now at version 2) goes through.
    again = post_form(client, _edit_url(phone), {**data, "version": "2"}, follow=True)
    assert "Tag ‘Calls’ saved" in notification(again)
    assert error_summary(again) == []


def test_a_missing_or_tampered_version_never_overwrites(client, phone):
    data = form_data(TagForm, name="Calls", colour="blue", parent="")
    for version in (None, "", "abc", "99"):
        posted = data if version is None else {**data, "version": version}
        assert post_form(client, _edit_url(phone), posted).status_code == 409
    db.session.expire_all()
    assert db.session.get(Tag, phone.id).name == "Phone queues"


def test_the_database_refuses_a_write_that_lost_the_race(app, phone):
    """The version column is the backstop: a save whose row changed under it raises, not overwrites."""
    db.session.execute(Tag.__table__.update().where(Tag.id == phone.id).values(version=Tag.version + 1))
    phone.name = "Lost"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()
