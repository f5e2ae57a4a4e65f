"""The withdrawal page shows exactly what will be erased, then erases it everywhere it was shown."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from discovery.themes.models import Theme, theme_findings
from research_notes.findings import services as findings
from research_notes.findings.services import ConsentWithdrawnError
from research_notes.models import Participant
from research_notes.notes import services as notes
from research_notes.participants import services
from research_notes.participants.forms import WithdrawConsentForm
from tests.support import error_summary, form_data, notification, post_form, soup, summary_rows

GROUP_BODY = (
    "Researcher (00:00:05):\nHow did you hear about the carers' assessment?\n\n"
    "P07 (00:00:20):\nI rang the helpline twice before anyone called back.\n\n"
    "P08 (00:01:00):\nI found the assessment form on the council website.\n"
)


def _evidence(team):
    discovery, p07, p08 = team["discovery"], team["p07"], team["p08"]
    own = notes.create_note(
        discovery,
        title="Interview with P07",
        body="The respite booking form kept timing out.",
        participants=[p07],
    )
    group = notes.create_note(discovery, title="Carers' group", body=GROUP_BODY, participants=[p07, p08])
    (mine,) = findings.highlight(own, [(0, len(own.body))], kind="pain_point")
    turn = next(u for u in group.utterances if u.participant_id == p07.id)
    other = next(u for u in group.utterances if u.participant_id == p08.id)
    (on_turn,) = findings.highlight(group, [(turn.char_start, turn.char_end)], kind="quote")
    (kept,) = findings.highlight(group, [(other.char_start, other.char_end)], kind="behaviour")
    db.session.commit()
    return {"own": own, "group": group, "mine": mine, "on_turn": on_turn, "kept": kept}


def _url(team, participant="p07", tail="/withdraw-consent"):
    return f"/discoveries/{team['discovery'].id}/participants/{team[participant].id}{tail}"


def test_the_preview_lists_what_will_be_erased_and_names_only_what_exists(client, team):
    _evidence(team)
    page = soup(client.get(_url(team)))
    rows = summary_rows(page)
    assert rows["Notes that are only theirs"].startswith("1 note")
    assert "Interview with P07" in rows["Notes that are only theirs"]
    assert rows["Their turns in group notes"] == "1 turn in Carers' group (the turns of P08 are kept)"
    assert rows["Findings"] == "2 findings, including findings on their turns in group notes"
    assert rows["Tag links"] == "0 tag links"
    assert rows["Citations of their findings"] == "None: nothing cites their findings"
    assert rows["Search index entries"] == "4 entries"
    assert rows["Real name and contact details"] == "None recorded"
    assert rows["Stored exports"].startswith("None are stored")
    text = page.select_one("main").get_text(" ", strip=True).lower()
    assert "theme" not in text and "journey map" not in text and "summar" not in text


def test_the_preview_counts_citations_from_the_synthesis_tables(client, team):
    evidence = _evidence(team)
    theme = Theme(discovery_id=team["discovery"].id, label="Getting through on the phone", status="accepted")
    db.session.add(theme)
    db.session.flush()
    db.session.execute(sa.insert(theme_findings).values(theme_id=theme.id, finding_id=evidence["on_turn"].id))
    db.session.commit()
    rows = summary_rows(soup(client.get(_url(team))))
    assert rows["Citations of their findings"] == "1 theme membership"


def test_withdrawing_erases_their_findings_from_the_list_search_note_page_and_export(client, team):
    evidence = {k: v.id for k, v in _evidence(team).items()}
    base = f"/discoveries/{team['discovery'].id}"
    assert "rang the helpline" in client.get(f"{base}/findings").get_data(as_text=True)

    data = form_data(WithdrawConsentForm, reason="Asked by phone on 3 November", confirm="y")
    response = post_form(client, _url(team), data, follow=True)
    assert "Consent withdrawn for P07 and their data erased" in notification(response)

    listing = client.get(f"{base}/findings").get_data(as_text=True)
    assert "rang the helpline" not in listing and "timing out" not in listing
    assert "found the assessment form" in listing  # P08's finding stays
    assert "rang the helpline" not in client.get(f"{base}/findings?q=helpline").get_data(as_text=True)
    assert client.get(f"{base}/notes/{evidence['own']}").status_code == 404
    group_page = client.get(f"{base}/notes/{evidence['group']}").get_data(as_text=True)
    assert "rang the helpline" not in group_page and "found the assessment form" in group_page
    export = client.get(f"{base}/findings/export.csv").get_data(as_text=True)
    assert "rang the helpline" not in export and "P07" not in export

    participant = soup(client.get(_url(team, tail="")))
    assert summary_rows(participant)["Status"] == "Consent withdrawn"
    assert "Segment" not in summary_rows(participant)
    roster = soup(client.get(f"{base}/participants"))
    cells = [td.get_text(strip=True) for td in roster.select("tbody tr")[0].select("td")]
    assert cells[0] == "Erased"


def test_a_shared_plain_note_blocks_withdrawal_until_it_is_edited(client, team):
    discovery, p07, p08 = team["discovery"], team["p07"], team["p08"]
    shared = notes.create_note(
        discovery, title="Drop-in session", body="Both said the forms were too long.", participants=[p07, p08]
    )
    db.session.commit()
    page = soup(client.get(_url(team)))
    text = page.select_one("main").get_text(" ", strip=True)
    assert (
        "This note is shared with P08 and is not split into turns: edit it to remove what P07 said, "
        "and remove P07 from its participants." in text
    )
    link = page.find("a", string="Edit Drop-in session")
    assert link["href"] == f"/discoveries/{discovery.id}/notes/{shared.id}/edit"
    assert page.select_one("main form") is None
    refused = client.post(_url(team), data={"reason": "x", "confirm": "y"})
    assert refused.status_code in (200, 400)
    assert not db.session.get(Participant, p07.id).has_withdrawn


def test_withdrawal_without_a_reason_changes_nothing(client, team):
    _evidence(team)
    response = post_form(client, _url(team), form_data(WithdrawConsentForm, confirm="y"))
    assert error_summary(response) == [("Enter the reason for withdrawing consent", "#reason")]
    assert db.session.get(Participant, team["p07"].id).segment == "unpaid_carer"


def test_a_participant_withdrawn_before_erasure_existed_can_be_erased(client, team):
    evidence = _evidence(team)
    p07 = db.session.get(Participant, team["p07"].id)
    p07.consent_withdrawn_at = sa.func.now()
    db.session.commit()
    page = soup(client.get(_url(team, tail="")))
    assert page.find("a", string="Erase their data") is not None
    note = db.session.get(type(evidence["own"]), evidence["own"].id)
    try:
        findings.create_finding(note, 0, 5, kind="quote")
    except ConsentWithdrawnError as error:
        assert str(error) == "P07 has withdrawn consent, so no new findings can be saved from what they said"
    else:
        raise AssertionError("a finding was saved on a withdrawn participant's note")
    db.session.rollback()
    data = form_data(WithdrawConsentForm, reason="Withdrew in October", confirm="y")
    response = post_form(client, _url(team), data, follow=True)
    assert "their data erased" in notification(response)
    db.session.expire_all()
    assert services.needs_erasure(db.session.get(Participant, team["p07"].id)) is False


def test_delete_warnings_name_only_what_is_linked(client, team):
    evidence = _evidence(team)
    base = f"/discoveries/{team['discovery'].id}"
    note_page = soup(client.get(f"{base}/notes/{evidence['own'].id}/delete"))
    warning = note_page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "This note has 1 finding. Deleting the note deletes it too." in warning
    assert "theme" not in warning and "journey" not in warning
    finding_page = soup(client.get(f"{base}/findings/{evidence['kept'].id}/delete"))
    assert "Only the finding is deleted" in finding_page.select_one(".govuk-warning-text").get_text(
        " ", strip=True
    )

    theme = Theme(discovery_id=team["discovery"].id, label="Online forms", status="accepted")
    db.session.add(theme)
    db.session.flush()
    db.session.execute(sa.insert(theme_findings).values(theme_id=theme.id, finding_id=evidence["mine"].id))
    db.session.commit()
    warning = soup(client.get(f"{base}/notes/{evidence['own'].id}/delete")).select_one(".govuk-warning-text")
    assert "These links to them are removed as well: 1 theme membership." in warning.get_text(" ", strip=True)
    warning = soup(client.get(f"{base}/findings/{evidence['mine'].id}/delete")).select_one(
        ".govuk-warning-text"
    )
    assert "Deleting the finding also removes 1 theme membership." in warning.get_text(" ", strip=True)
