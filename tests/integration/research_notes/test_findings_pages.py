"""Highlighting findings in a note, the findings list, editing, deleting and CSV export."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.findings.forms import HighlightForm
from research_notes.models import Finding
from research_notes.notes import services as notes
from tests.support import audit_events, count, error_summary, form_data, notification, post_form, soup

BODY = (
    "Researcher (00:00:05):\nHow did you first ask for help?\n\n"
    "P04 (00:00:12):\nI phoned and waited forty minutes. Then the line went dead.\n\n"
    "P04 (00:01:02):\nA digital ambassador at the library showed me the form.\n"
)


def _setup(factories, user, role_member=True):
    discovery = factories.discovery(members=[user] if role_member else [])
    participant = factories.participant(discovery=discovery, pseudonym="P04", segment="unpaid_carer")
    tag = factories.tag(discovery=discovery, name="Phone queues")
    note = notes.create_note(discovery, title="Interview with P04", body=BODY, participants=[participant])
    db.session.commit()
    return discovery, note, tag


def _url(discovery, note):
    return f"/discoveries/{discovery.id}/notes/{note.id}/highlight"


def test_a_text_selection_becomes_a_finding_quoting_exactly_those_words(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user)
    quote = "waited forty minutes"
    start = BODY.index(quote)
    response = post_form(
        client,
        _url(discovery, note),
        form_data(
            HighlightForm,
            start=str(start - 1),
            end=str(start + len(quote)),
            kind="pain_point",
            tags=[str(tag.id)],
            journey_stage="first_contact",
            comment="Classic queue story",
        ),
        follow=True,
    )
    assert "1 finding saved" in notification(response)
    finding = db.session.scalar(sa.select(Finding))
    assert finding.text == quote  # surrounding spaces trimmed
    assert finding.participant.pseudonym == "P04"
    assert finding.speaker == "P04"
    assert [t.name for t in finding.tags] == ["Phone queues"]
    page = soup(response)
    assert page.select_one("mark.app-highlight").get_text() == quote
    assert "waited forty minutes" in page.select_one(".app-note-findings").get_text()


def test_without_javascript_whole_turns_can_be_ticked(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _ = _setup(factories, user)
    chosen = [str(u.id) for u in note.utterances if u.speaker == "P04"]
    response = post_form(client, _url(discovery, note), {"utterances": chosen, "kind": "quote"}, follow=True)
    assert "2 findings saved" in notification(response)
    texts = sorted(f.text for f in db.session.scalars(sa.select(Finding)))
    assert texts == [
        "A digital ambassador at the library showed me the form.",
        "I phoned and waited forty minutes. Then the line went dead.",
    ]


def test_overlapping_highlights_are_allowed(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _ = _setup(factories, user)
    for quote in ("I phoned and waited forty minutes.", "waited forty minutes. Then the line went dead."):
        start = BODY.index(quote)
        post_form(
            client,
            _url(discovery, note),
            {"start": str(start), "end": str(start + len(quote)), "kind": "quote"},
        )
    page = soup(client.get(_url(discovery, note)))
    overlap = page.select("mark.app-highlight--depth-2")
    assert [m.get_text() for m in overlap] == ["waited forty minutes."]


def test_saving_with_nothing_selected_says_what_to_do(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _ = _setup(factories, user)
    response = post_form(client, _url(discovery, note), {"kind": "quote"})
    assert error_summary(response) == [("Select the words you want to save as a finding", "#utterances")]
    for start, end in (("5", "5"), ("-3", "10"), ("0", "999999"), ("abc", "def")):
        response = post_form(client, _url(discovery, note), {"start": start, "end": end, "kind": "quote"})
        assert error_summary(response) == [("Select the words you want to save as a finding", "#utterances")]
    assert count(Finding) == 0


def test_a_tag_from_another_discovery_is_refused(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _ = _setup(factories, user)
    foreign = factories.tag(name="Not ours")
    db.session.commit()
    response = post_form(
        client,
        _url(discovery, note),
        {"utterances": [str(note.utterances[1].id)], "kind": "quote", "tags": [str(foreign.id)]},
    )
    assert ("Select from the options shown", "#tags") in error_summary(response)


def test_findings_list_filters_and_shows_who_said_it(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user)
    post_form(
        client,
        _url(discovery, note),
        {"utterances": [str(note.utterances[1].id)], "kind": "pain_point", "tags": [str(tag.id)]},
    )
    post_form(client, _url(discovery, note), {"utterances": [str(note.utterances[2].id)], "kind": "positive"})
    page = soup(client.get(f"/discoveries/{discovery.id}/findings"))
    assert "Showing 1 to 2 of 2 findings" in page.get_text()
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?kind=positive"))
    quotes = [q.get_text(strip=True) for q in page.select(".app-finding__quote")]
    assert quotes == ["A digital ambassador at the library showed me the form."]
    assert "P04 (Unpaid carer" in page.select_one(".app-finding__source").get_text()
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?q=ambassador"))
    assert page.select_one(".app-finding mark").get_text() == "ambassador"
    assert "1 note mentions this" in page.get_text()


def test_unknown_filter_values_are_ignored_not_errors(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, _, _ = _setup(factories, user)
    response = client.get(
        f"/discoveries/{discovery.id}/findings?kind=nonsense&tag=not-a-uuid&page=abc&note=x"
    )
    assert response.status_code == 200


def test_the_list_pages_through_many_findings(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _ = _setup(factories, user)
    for _ in range(30):
        factories.finding(note=note, discovery_id=discovery.id, start_offset=0, end_offset=10)
    db.session.commit()
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?page=2"))
    assert "Showing 26 to 30 of 30 findings" in page.get_text()
    assert page.select_one(".govuk-pagination__link[aria-current='page']").get_text(strip=True) == "2"


def test_export_gives_the_filtered_findings_as_csv_and_is_audited(client, factories, signed_in):
    user = signed_in("squad_member")
    discovery, note, tag = _setup(factories, user)
    for utterance in note.utterances[1:]:
        factories.finding(
            note=note,
            discovery_id=discovery.id,
            start_offset=utterance.char_start,
            end_offset=utterance.char_end,
            kind="pain_point",
            tags=[tag] if "phoned" in utterance.text else [],
        )
    factories.finding(
        note=note, discovery_id=discovery.id, start_offset=0, end_offset=10, text="=HYPERLINK(1)"
    )
    db.session.commit()
    response = client.get(f"/discoveries/{discovery.id}/findings/export.csv?tag={tag.id}")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    content = response.get_data(as_text=True)
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    assert [r["quote"] for r in rows] == ["I phoned and waited forty minutes. Then the line went dead."]
    assert rows[0]["tags"] == "Phone queues"
    everything = client.get(f"/discoveries/{discovery.id}/findings/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in everything
    assert audit_events("findings_exported")


def test_a_finding_can_be_retagged_and_deleted(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user)
    finding = factories.finding(
        note=note,
        discovery_id=discovery.id,
        start_offset=BODY.index("A digital"),
        end_offset=len(BODY) - 1,
        kind="quote",
    )
    db.session.commit()
    finding_id = finding.id
    url = f"/discoveries/{discovery.id}/findings/{finding_id}"
    response = post_form(
        client,
        url,
        {
            "kind": "positive",
            "tags": [str(tag.id)],
            "journey_stage": "",
            "comment": "Trusted route in",
            "version": "1",
        },
        follow=True,
    )
    assert "Finding saved" in notification(response)
    db.session.expire_all()
    assert db.session.get(Finding, finding_id).kind == "positive"
    response = post_form(client, f"{url}/delete", {}, follow=True)
    assert "Finding deleted" in notification(response)
    db.session.expire_all()
    assert db.session.get(Finding, finding_id) is None


def test_squad_members_read_findings_but_cannot_highlight_and_leads_see_none(client, factories, signed_in):
    member = signed_in("squad_member")
    discovery, note, _ = _setup(factories, member)
    assert client.get(f"/discoveries/{discovery.id}/findings").status_code == 200
    assert client.get(_url(discovery, note)).status_code == 403
    finding = factories.finding(note=note, discovery_id=discovery.id)
    db.session.commit()
    page = soup(client.get(f"/discoveries/{discovery.id}/findings/{finding.id}"))
    assert page.select_one("form") is None or page.select_one("form input[name=kind]") is None

    lead_client = client.application.test_client()
    from tests.support import sign_in

    lead = factories.user(role="authority_lead", authorities=list(discovery.authorities))
    discovery.authorities.append(factories.authority())
    lead.authorities = list(discovery.authorities)
    db.session.commit()
    sign_in(lead_client, lead)
    assert lead_client.get(f"/discoveries/{discovery.id}/findings").status_code == 403


def test_a_note_from_another_discovery_is_not_found(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, _, _ = _setup(factories, user)
    other_note = factories.note()
    db.session.commit()
    assert client.get(f"/discoveries/{discovery.id}/notes/{other_note.id}/highlight").status_code == 404


def test_several_findings_can_be_tagged_at_once_from_the_list(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user)
    first = factories.finding(note=note, discovery_id=discovery.id, start_offset=0, end_offset=10)
    second = factories.finding(note=note, discovery_id=discovery.id, start_offset=20, end_offset=30)
    db.session.commit()
    list_url = f"/discoveries/{discovery.id}/findings"
    page = soup(client.get(list_url))
    assert len(page.select("input[name=finding]")) == 2

    response = post_form(
        client,
        f"{list_url}/bulk-tag",
        {
            "finding": [str(first.id), str(second.id)],
            "add_tag": [str(tag.id)],
            "next": list_url + "?kind=quote",
        },
        get_url=list_url,
    )
    assert response.location == list_url + "?kind=quote"
    assert "2 findings updated" in notification(client.get(response.location))
    db.session.expire_all()
    assert all(t.name == "Phone queues" for f in db.session.scalars(sa.select(Finding)) for t in f.tags)

    response = post_form(
        client, f"{list_url}/bulk-tag", {"add_tag": [str(tag.id)]}, get_url=list_url, follow=True
    )
    assert "Select the findings you want to tag" in notification(response)
    response = post_form(
        client, f"{list_url}/bulk-tag", {"finding": [str(first.id)]}, get_url=list_url, follow=True
    )
    assert "Select a tag to add or remove" in notification(response)
    foreign = factories.finding()
    db.session.commit()
    response = post_form(
        client,
        f"{list_url}/bulk-tag",
        {"finding": [str(foreign.id)], "add_tag": [str(tag.id)]},
        get_url=list_url,
        follow=True,
    )
    assert "Select from the options shown" in notification(response)


def test_the_note_page_shows_its_findings_as_highlights(client, factories, signed_in):
    user = signed_in("squad_member")
    discovery, note, _ = _setup(factories, user)
    start = BODY.index("the line went dead")
    factories.finding(note=note, discovery_id=discovery.id, start_offset=start, end_offset=start + 18)
    db.session.commit()
    page = soup(client.get(f"/discoveries/{discovery.id}/notes/{note.id}"))
    assert [m.get_text() for m in page.select(".app-note-body mark.app-highlight")] == ["the line went dead"]
    assert page.find("a", string="Highlight findings") is None  # squad members read, researchers highlight


def test_findings_can_be_narrowed_to_one_note_and_widened_again(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _ = _setup(factories, user)
    other = notes.create_note(discovery, title="Another interview", body="Nothing relevant here at all.")
    factories.finding(note=note, discovery_id=discovery.id, start_offset=0, end_offset=10)
    factories.finding(note=other, discovery_id=discovery.id, start_offset=0, end_offset=7)
    db.session.commit()
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?note={note.id}"))
    assert "Showing 1 to 1 of 1 findings" in page.get_text()
    assert "Findings from the note ‘Interview with P04’." in page.get_text()
    widen = page.find("a", string="Show findings from all notes")["href"]
    assert "Showing 1 to 2 of 2 findings" in soup(client.get(widen)).get_text()
