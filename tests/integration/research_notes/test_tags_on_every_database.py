"""Constraints, savepoints and moves in the codebook behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Finding, Tag
from research_notes.tags import codebook_formats as formats
from research_notes.tags import services
from tests.factories import DiscoveryFactory, FindingFactory, NoteFactory, TagFactory

pytestmark = pytest.mark.usefixtures("any_db_app")


def _names(parent_id=None):
    db.session.expire_all()
    query = sa.select(Tag.name).where(
        Tag.parent_id.is_(None) if parent_id is None else Tag.parent_id == parent_id
    )
    return sorted(db.session.scalars(query), key=str.lower)


def test_the_unique_constraints_are_the_backstop_for_a_duplicate_name(monkeypatch):
    discovery = DiscoveryFactory()
    parent = services.create_tag(discovery, services.TagData("Contact", "", "blue", None))
    services.create_tag(discovery, services.TagData("Phone", "", "blue", parent.id))
    db.session.commit()
    monkeypatch.setattr(services, "name_taken", lambda *args, **kwargs: False)
    with pytest.raises(services.DuplicateTagError):
        services.create_tag(discovery, services.TagData("Contact", "", "grey", None))  # top-level index
    with pytest.raises(services.DuplicateTagError):
        services.create_tag(discovery, services.TagData("Phone", "", "grey", parent.id))  # (parent, name)
    other = services.create_tag(discovery, services.TagData("Other", "", "grey", None))
    with pytest.raises(services.DuplicateTagError):
        services.update_tag(other, services.TagData("Contact", "", "grey", None))
    db.session.commit()  # the savepoints kept the rest of the transaction usable
    assert _names() == ["Contact", "Other"]


def test_merge_into_the_parent_and_delete_with_clashing_sub_tags():
    discovery = DiscoveryFactory()
    contact = TagFactory(discovery=discovery, name="Contact")
    phone = TagFactory(discovery=discovery, name="Phone", parent=contact)
    inner = TagFactory(discovery=discovery, name="Phone", parent=phone)
    queues = TagFactory(discovery=discovery, name="Queues", parent=inner)
    top_queues = TagFactory(discovery=discovery, name="queues")
    finding = FindingFactory(note=NoteFactory(discovery=discovery), tags=[phone, contact, queues])
    db.session.commit()

    services.merge_tags(phone, contact)
    db.session.commit()
    assert _names(contact.id) == ["Phone"]
    services.delete_tag(contact)
    db.session.commit()
    assert _names() == ["Phone", "queues"]
    services.delete_tag(db.session.get(Tag, inner.id))
    db.session.commit()
    assert _names() == ["queues"]  # its sub-tag Queues merged into the top-level queues
    db.session.expire_all()
    assert [t.id for t in db.session.get(Finding, finding.id).tags] == [top_queues.id]


def test_an_import_that_hits_the_constraint_undoes_itself(monkeypatch):
    discovery = DiscoveryFactory()
    TagFactory(discovery=discovery, name="Money")
    db.session.commit()
    parsed = formats.parse_csv(b"name,parent,description,colour\nNew,,,\nMoney,,,\n")
    monkeypatch.setattr(services, "tags_for", lambda d: [])  # as if someone added Money meanwhile
    with pytest.raises(services.DuplicateTagError):
        services.import_codebook(discovery, parsed, "x.csv")
    db.session.commit()
    assert _names() == ["Money"]
