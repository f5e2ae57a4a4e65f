"""bulk_tag: the service the findings list calls to add and remove tags on many findings."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.tags.services import UnknownIdError, bulk_tag
from tests.factories import ALL_FACTORIES
from tests.support import audit_events, count, finding_tag_names


@pytest.fixture
def factories():
    """The factory classes on whichever app is current: any_db_app runs each test on SQLite
    and PostgreSQL (the shared ``factories`` fixture would bring its own SQLite app)."""
    return ALL_FACTORIES


def _setup(factories):
    discovery = factories.discovery()
    note = factories.note(discovery=discovery)
    queues = factories.tag(discovery=discovery, name="Phone queues")
    forms = factories.tag(discovery=discovery, name="Forms")
    findings = [factories.finding(note=note) for _ in range(3)]
    findings[0].tags = [queues]
    db.session.commit()
    return discovery, queues, forms, findings


def test_adds_tags_to_every_finding_once_and_counts_the_changed_ones(any_db_app, factories):
    discovery, queues, forms, findings = _setup(factories)
    user = factories.user()
    changed = bulk_tag(
        discovery, [str(f.id) for f in findings], add_tag_ids=[queues.id, str(forms.id)], actor=user
    )
    db.session.commit()
    assert changed == 3
    assert [finding_tag_names(f.id) for f in findings] == [["Forms", "Phone queues"]] * 3
    [event] = audit_events("findings_bulk_tagged")
    assert event.actor_id == user.id
    assert event.details == {"findings": 3, "changed": 3, "added": ["Forms", "Phone queues"], "removed": []}


def test_is_idempotent(any_db_app, factories):
    discovery, queues, _forms, findings = _setup(factories)
    ids = [f.id for f in findings]
    assert bulk_tag(discovery, ids, add_tag_ids=[queues.id]) == 2
    assert bulk_tag(discovery, ids, add_tag_ids=[queues.id]) == 0
    db.session.commit()
    # Nothing changed the second time, so nothing to audit.
    assert len(audit_events("findings_bulk_tagged")) == 1
    assert count(sa.table("finding_tags")) == 3


def test_removes_and_adds_in_one_call(any_db_app, factories):
    discovery, queues, forms, findings = _setup(factories)
    changed = bulk_tag(
        discovery, [findings[0].id, findings[1].id], add_tag_ids=[forms.id], remove_tag_ids=[queues.id]
    )
    db.session.commit()
    assert changed == 2
    assert finding_tag_names(findings[0].id) == ["Forms"]
    assert finding_tag_names(findings[1].id) == ["Forms"]
    assert finding_tag_names(findings[2].id) == []
    assert audit_events("findings_bulk_tagged")[0].details["removed"] == ["Phone queues"]


@pytest.mark.parametrize("bad", ["finding_elsewhere", "tag_elsewhere", "not_a_uuid", "unknown", "both"])
def test_refuses_ids_outside_the_discovery_and_changes_nothing(any_db_app, factories, bad):
    discovery, queues, forms, findings = _setup(factories)
    elsewhere_note = factories.note()
    other_finding = factories.finding(note=elsewhere_note)
    other_tag = factories.tag(name="Elsewhere")
    db.session.commit()
    finding_ids = [f.id for f in findings]
    add, remove = [forms.id], []
    if bad == "finding_elsewhere":
        finding_ids.append(other_finding.id)
    elif bad == "tag_elsewhere":
        add.append(other_tag.id)
    elif bad == "not_a_uuid":
        finding_ids.append("not-a-uuid")
    elif bad == "unknown":
        add.append(uuid.uuid4())
    else:
        remove.append(forms.id)
    with pytest.raises(UnknownIdError):
        bulk_tag(discovery, finding_ids, add_tag_ids=add, remove_tag_ids=remove)
    db.session.rollback()
    assert [finding_tag_names(f.id) for f in findings] == [["Phone queues"], [], []]
    assert audit_events("findings_bulk_tagged") == []


def test_no_findings_is_a_no_op(any_db_app, factories):
    discovery, queues, _forms, _findings = _setup(factories)
    assert bulk_tag(discovery, [], add_tag_ids=[queues.id]) == 0
