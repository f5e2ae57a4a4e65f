"""Two people editing one finding: the second save is refused and keeps what they chose."""

from __future__ import annotations

from discovery.extensions import db
from research_notes.findings import services
from research_notes.models import Finding
from tests.support import notification, post_form, soup

STALE = (
    "Someone else changed this finding since you opened it. Your changes have not been saved. The finding "
    "as it is now is shown, with your changes still in the form: check them, then save again"
)


def test_a_finding_saved_against_an_older_version_is_refused(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    note = factories.note(discovery=discovery, body="I rang the council three times.")
    finding = factories.finding(note=note, start_offset=0, end_offset=16, kind="quote")
    db.session.commit()
    url = f"/discoveries/{discovery.id}/findings/{finding.id}"
    assert soup(client.get(url)).select_one("input[name=version]")["value"] == "1"

    # Someone else retags it meanwhile (a change of tags alone moves the version too).
    tag = factories.tag(discovery=discovery, name="Phone")
    db.session.flush()
    services.update_finding(finding, kind="quote", tag_ids=[str(tag.id)])
    db.session.commit()
    assert finding.version == 2

    mine = {"kind": "pain_point", "tags": [], "journey_stage": "", "comment": "Gave up", "version": "1"}
    response = post_form(client, url, mine)
    assert response.status_code == 409
    assert STALE in notification(response)
    page = soup(response)
    assert page.select_one("#comment").get_text().strip() == "Gave up"
    assert page.select_one("input[name=version]")["value"] == "2"
    db.session.expire_all()
    saved = db.session.get(Finding, finding.id)
    assert (saved.kind, [t.name for t in saved.tags], saved.comment) == ("quote", ["Phone"], "")

    again = post_form(client, url, {**mine, "version": "2"}, follow=True)
    assert "Finding saved" in notification(again)
    db.session.expire_all()
    assert db.session.get(Finding, finding.id).kind == "pain_point"


def test_a_finding_posted_without_its_version_is_not_saved(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    note = factories.note(discovery=discovery, body="I rang the council three times.")
    finding = factories.finding(note=note, start_offset=0, end_offset=16, kind="quote")
    db.session.commit()
    url = f"/discoveries/{discovery.id}/findings/{finding.id}"
    response = post_form(client, url, {"kind": "pain_point", "tags": [], "journey_stage": "", "comment": ""})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Finding, finding.id).kind == "quote"
