"""Importing findings from a spreadsheet in the browser: upload, review, import — all rows or none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.findings_import.forms import ReviewSpreadsheetForm
from research_notes.models import Finding, PendingImport, ResearchNote, Tag, Utterance
from tests.integration.research_notes.test_import_review import submitted_values
from tests.support import (
    assert_page_basics,
    audit_events,
    count,
    error_summary,
    form_data,
    link,
    notification,
    post_file,
    sign_in,
    soup,
    summary_rows,
)
from tests.unit.importers import workbooks

PHONE = "07700 900123"
SURVEY = (
    "Text,Participant,Tags,Kind,Journey stage,Source\n"
    f"The phone queue was forty minutes. Ring me on {PHONE},P07,Contact > Phone,Pain point,First contact,\n"
    '"I rang three times.\nNobody called back.",p08,Contact,need,,\n'
    "Loved the carers' café,,,Positive,,Workshop 2 wall A\n"
)


@pytest.fixture
def codebook(factories, team):
    contact = factories.tag(discovery=team["discovery"], name="Contact")
    factories.tag(discovery=team["discovery"], name="Phone", parent=contact)
    factories.tag(discovery=team["discovery"], name="Barriers")
    db.session.commit()
    return contact


def upload_url(team) -> str:
    return f"/discoveries/{team['discovery'].id}/findings/import"


def upload(client, team, content: bytes | str, filename: str = "survey-answers.csv"):
    return post_file(client, upload_url(team), content, filename)


def review_page(client, team, content: bytes | str, filename: str = "survey-answers.csv"):
    response = upload(client, team, content, filename)
    assert response.status_code == 302, error_summary(response)
    review_url = response.headers["Location"]
    return review_url, client.get(review_url)


def import_as_shown(client, review_url: str, page, **changes):
    """Press Import findings with what the page shows, changed by ``changes``."""
    values = submitted_values(page)
    values.update(changes)
    return client.post(review_url, data=values)


def problems_listed(page) -> list[str]:
    return [
        li.get_text(" ", strip=True)
        for li in page.select(".app-import-problems .govuk-error-summary__list li")
    ]


def findings_of(note) -> list[Finding]:
    return list(
        db.session.scalars(
            sa.select(Finding).where(Finding.note_id == note.id).order_by(Finding.start_offset)
        )
    )


# The whole journey ----------------------------------------------------------------------------


def test_the_findings_list_offers_the_import_to_people_who_highlight_findings(client, team, app, factories):
    findings_url = f"/discoveries/{team['discovery'].id}/findings"
    page = soup(client.get(findings_url))
    button = link(page, "Import findings from a spreadsheet")
    assert button is not None and button["href"] == upload_url(team)

    squad = factories.user(role="squad_member")
    team["discovery"].members.append(squad)
    db.session.commit()
    other = app.test_client()
    sign_in(other, squad)
    assert link(soup(other.get(findings_url)), "Import findings from a spreadsheet") is None
    assert other.get(upload_url(team)).status_code == 403


def test_a_survey_is_reviewed_then_imported_as_one_note_with_a_finding_for_each_row(client, team, codebook):
    review_url, response = review_page(client, team, SURVEY)
    page = soup(response)

    assert page.h1.get_text(strip=True) == "Check the findings before you import them"
    rows = summary_rows(page)
    assert rows["File"] == "survey-answers.csv"
    assert rows["How we read it"] == "A CSV file encoded as UTF-8, with columns separated by commas"
    assert rows["Findings"] == "3 rows"
    assert rows["Participants"] == "P07, P08"
    assert rows["Tags"] == "Contact; Contact > Phone"
    assert rows["Sources"] == "Workshop 2 wall A"
    preview = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select(".app-findings-import-preview tbody tr")
    ]
    assert preview[0][:4] == [
        "2",
        f"The phone queue was forty minutes. Ring me on {PHONE}",
        "P07",
        "Pain point",
    ]
    assert preview[1][2:4] == ["P08", "Need"]
    assert preview[2][2:4] == ["Workshop 2 wall A", "Positive"]
    hints = [h.get_text(" ", strip=True) for h in page.select(".govuk-checkboxes__hint")]
    assert any(h.startswith("Row 2 – Phone number:") and PHONE in h for h in hints)
    assert page.select_one("#title")["value"] == "Survey answers"
    assert page.select_one("input[name=method][checked]")["value"] == "survey"

    response = import_as_shown(client, review_url, page)

    assert response.status_code == 302
    note = db.session.scalar(sa.select(ResearchNote))
    assert response.headers["Location"] == f"/discoveries/{team['discovery'].id}/findings?note={note.id}"
    shown = client.get(response.headers["Location"])
    assert notification(shown) == (
        "Success 3 findings imported from the spreadsheet ‘Survey answers’. "
        "1 item of personal data was replaced"
    )
    assert "Findings from the note ‘Survey answers’." in soup(shown).get_text(" ", strip=True)
    assert (note.method, note.source_filename, note.source_format, note.source_encoding) == (
        "survey",
        "survey-answers.csv",
        "csv",
        "UTF-8",
    )
    assert [p.pseudonym for p in note.participants] == ["P07", "P08"]
    assert [u.speaker for u in note.utterances] == ["P07", "P08", "Workshop 2 wall A"]
    assert [u.participant_id for u in note.utterances] == [team["p07"].id, team["p08"].id, None]
    assert note.body == (
        "P07:\nThe phone queue was forty minutes. Ring me on [PHONE]\n\n"
        "P08:\nI rang three times.\nNobody called back.\n\n"
        "Workshop 2 wall A:\nLoved the carers' café"
    )
    findings = findings_of(note)
    assert [(f.kind, f.journey_stage) for f in findings] == [
        ("pain_point", "first_contact"),
        ("need", None),
        ("positive", None),
    ]
    assert [sorted(t.name for t in f.tags) for f in findings] == [["Phone"], ["Contact"], []]
    assert [f.participant_id for f in findings] == [team["p07"].id, team["p08"].id, None]
    assert [f.comment for f in findings] == [
        "Row 2 of survey-answers.csv",
        "Row 3 of survey-answers.csv",
        "Row 4 of survey-answers.csv",
    ]
    assert all(f.created_by_id == team["researcher"].id for f in findings)
    assert count(PendingImport) == 0
    [event] = audit_events("findings_imported")
    assert event.object_id == str(note.id) and event.actor_id == team["researcher"].id
    assert event.details["findings"] == 3 and event.details["personal_data_replaced"] == 1


def test_every_finding_traces_back_through_its_turn_to_the_note_and_the_row(client, team, codebook):
    review_url, response = review_page(client, team, SURVEY)
    import_as_shown(client, review_url, soup(response))

    note = db.session.scalar(sa.select(ResearchNote))
    for finding in findings_of(note):
        utterance = db.session.get(Utterance, finding.utterance_id)
        assert utterance.note_id == note.id == finding.note_id
        assert (finding.start_offset, finding.end_offset) == (utterance.char_start, utterance.char_end)
        assert note.body[finding.start_offset : finding.end_offset] == finding.text == utterance.text
        assert finding.speaker == utterance.speaker
    finding_page = client.get(f"/discoveries/{team['discovery'].id}/findings/{findings_of(note)[1].id}")
    assert "Row 3 of survey-answers.csv" in finding_page.get_data(as_text=True)


def test_a_workbook_is_imported_from_its_first_worksheet(client, team):
    data = workbooks.workbook(
        [
            ["Text", "Participant", "Kind"],
            ["Taxis to the day centre cost £12", "P07", "Pain point"],
            ["Fine", None, None],
        ]
    )
    review_url, response = review_page(client, team, data, "Workshop wall.xlsx")
    page = soup(response)
    assert summary_rows(page)["How we read it"] == "The worksheet ‘Findings’ of an Excel workbook"

    response = import_as_shown(client, review_url, page)

    assert response.status_code == 302
    note = db.session.scalar(sa.select(ResearchNote))
    assert (note.title, note.source_format, note.source_encoding) == ("Workshop wall", "xlsx", None)
    assert [f.text for f in findings_of(note)] == ["Taxis to the day centre cost £12", "Fine"]


def test_personal_data_left_unticked_is_kept_and_the_rest_replaced(client, team):
    content = f"text\nRing {PHONE} or write to gareth@example.com\n"
    review_url, response = review_page(client, team, content)
    page = soup(response)
    boxes = {b.find_next("label").get_text(strip=True): b["value"] for b in page.select("input[name=redact]")}
    assert sorted(boxes) == ["Replace with [EMAIL]", "Replace with [PHONE]"]

    import_as_shown(client, review_url, page, redact=[boxes["Replace with [EMAIL]"]])

    [finding] = db.session.scalars(sa.select(Finding)).all()
    assert finding.text == f"Ring {PHONE} or write to [EMAIL]"


# Nothing saved unless every row is right ------------------------------------------------------


def test_rows_with_problems_are_listed_by_row_number_and_nothing_can_be_imported(client, team, codebook):
    content = (
        "text,participant,kind,journey_stage,tags\n"
        "Fine,P07,,,\n"
        "Who said this?,P99,,,\n"
        "Odd kind,,complaint,,\n"
        "Odd stage,,,Moving house,\n"
        "Odd tag,,,,Barriers > \n"
    )
    review_url, response = review_page(client, team, content)
    page = soup(response)

    assert page.title.get_text().startswith("Error: ")
    assert problems_listed(page) == [
        "Row 3: there is no participant P99 in this discovery",
        "Row 4: ‘complaint’ is not a kind of finding. "
        "Use one of: Pain point, Need, Goal, Behaviour, Quote, Positive",
        "Row 5: ‘Moving house’ is not a journey stage. Use one of: Finding out about support, Making first "
        "contact, Assessment, Arranging care and support, Receiving care and support, Review and changes",
        "Row 6: the tag ‘Barriers >’ has an empty level",
    ]
    assert [href for _text, href in error_summary(response)] == ["#row-3", "#row-4", "#row-5", "#row-6"]
    to_correct = page.select_one("#row-3").get_text(" ", strip=True)
    assert to_correct.startswith("3 Who said this? Row 3: there is no participant P99")
    assert page.select_one("form.app-import-form") is None
    assert link(page, "Upload a corrected file")["href"] == upload_url(team)

    response = client.post(
        review_url, data={"csrf_token": _token(page), **form_data(ReviewSpreadsheetForm, title="x")}
    )

    assert response.status_code == 200
    assert (count(ResearchNote), count(Finding), count(PendingImport)) == (0, 0, 1)


def _token(page) -> str:
    return page.select_one("input[name=csrf_token]")["value"]


def test_a_participant_who_has_withdrawn_consent_is_refused_with_a_row_error(client, team):
    team["p08"].consent_withdrawn_at = datetime.now(UTC)
    db.session.commit()

    _url, response = review_page(client, team, SURVEY)

    assert (
        "Row 3: P08 has withdrawn consent, so findings from what they said cannot be imported"
        in problems_listed(soup(response))
    )


def test_consent_withdrawn_while_the_review_is_open_is_caught_when_importing(client, team, codebook):
    review_url, response = review_page(client, team, SURVEY)
    page = soup(response)
    team["p07"].consent_withdrawn_at = datetime.now(UTC)
    db.session.commit()

    response = import_as_shown(client, review_url, page)

    assert response.status_code == 200
    assert problems_listed(soup(response))[0].startswith("Row 2: P07 has withdrawn consent")
    assert (count(ResearchNote), count(Finding), count(Utterance), count(PendingImport)) == (0, 0, 0, 1)


def test_a_failure_half_way_through_saving_leaves_nothing_behind(client, team, codebook, monkeypatch):
    from research_notes.findings import services as findings_services

    content = "text,tags\nNew tag please,Transport > Taxis\n"
    review_url, response = review_page(client, team, content)
    page = soup(response)

    def withdrawn_at_the_last_moment(*_args, **_kwargs):
        raise findings_services.ConsentWithdrawnError("P07")

    monkeypatch.setattr(findings_services, "create_turn_findings", withdrawn_at_the_last_moment)
    response = import_as_shown(client, review_url, page, create_tags="y")

    assert problems_listed(soup(response)) == [
        "P07 has withdrawn consent, so no new findings can be saved from what they said"
    ]
    db.session.expire_all()
    assert (count(ResearchNote), count(Utterance), count(Finding), count(PendingImport)) == (0, 0, 0, 1)
    assert count(Tag) == 3  # the codebook as it was: Transport and Taxis were not kept


# Tags the codebook does not have -------------------------------------------------------------


def test_missing_tags_are_refused_until_the_researcher_chooses_to_create_them(client, team, codebook):
    content = "text,tags\nTaxis cost too much,Barriers > Transport; contact › phone\n"
    review_url, response = review_page(client, team, content)
    page = soup(response)
    assert [li.get_text(" ", strip=True) for li in page.select(".app-missing-tags li")] == [
        "Barriers > Transport (row 2)"
    ]

    refused = import_as_shown(client, review_url, page)

    assert error_summary(refused) == [
        (
            "Select ‘Create the missing tags in the codebook’, "
            "or correct the tags in the file and upload it again",
            "#create_tags",
        )
    ]
    assert count(Finding) == 0

    response = import_as_shown(client, review_url, page, create_tags="y")

    assert response.status_code == 302
    assert "1 tag was added to the codebook" in notification(client.get(response.headers["Location"]))
    [finding] = db.session.scalars(sa.select(Finding)).all()
    assert sorted((t.parent.name if t.parent else "", t.name) for t in finding.tags) == [
        ("Barriers", "Transport"),
        ("Contact", "Phone"),
    ]
    assert [e.details["name"] for e in audit_events("tag_created")] == ["Transport"]
    assert audit_events("findings_imported")[0].details["tags_created"] == ["Barriers > Transport"]


def test_someone_who_cannot_manage_the_codebook_is_told_which_tags_are_missing(
    client, team, codebook, monkeypatch
):
    from discovery.core import permissions

    monkeypatch.setitem(
        permissions.DISCOVERY_CAPABILITIES, permissions.C.MANAGE_CODEBOOK, frozenset({"admin"})
    )

    _url, response = review_page(client, team, "text,tags\nTaxis,Barriers > Transport\n")
    page = soup(response)

    assert problems_listed(page) == ["Row 2: there is no tag ‘Barriers > Transport’ in the codebook"]
    assert page.select_one("#create_tags") is None


# Files that cannot be read -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "empty.csv", "The selected file is empty"),
        (
            "Answer,Who\nYes,P07\n",
            "survey.csv",
            "The file must have a column called ‘text’ for the findings. The columns found were: Answer, Who",
        ),
        ("text,participant\n", "survey.csv", "The file has a header row but no findings"),
        (
            bytes(range(256)) * 8,
            "survey.csv",
            "The selected file is not a CSV file: it contains data that is not text",
        ),
        (b"text\nhello\n", "survey.xlsx", "The selected file is a text file, not an Excel workbook"),
        (
            b"%PDF-1.7",
            "survey.pdf",
            "The selected file must be a CSV file (.csv) or an Excel workbook (.xlsx)",
        ),
        (
            'text\n"never closed\n',
            "survey.csv",
            "Row 2 could not be read: check its quotation marks",
        ),
    ],
    ids=["empty", "no text column", "header only", "binary", "xlsx not a zip", "wrong type", "quotes"],
)
def test_a_file_that_cannot_be_read_gets_a_specific_error_and_nothing_is_saved(
    client, team, content, filename, message
):
    response = upload(client, team, content, filename)

    assert response.status_code == 200
    [(text, href)] = error_summary(response)
    assert text.startswith(message) and href == "#file"
    assert soup(response).title.get_text().startswith("Error: ")
    assert count(PendingImport) == 0


def test_a_file_over_the_upload_limit_is_refused(client, team, app):
    app.config["MAX_UPLOAD_MB"] = 1
    app.config["MAX_CONTENT_LENGTH"] = 4 * 1024 * 1024

    response = upload(client, team, "text\n" + "A finding about taxis\n" * 60_000)

    assert error_summary(response) == [("The selected file must be smaller than 1MB", "#file")]


def test_uploading_the_same_file_again_warns_that_it_was_imported_before(client, team, codebook):
    review_url, response = review_page(client, team, SURVEY)
    import_as_shown(client, review_url, soup(response))

    _url, again = review_page(client, team, SURVEY, "a copy.csv")

    warning = soup(again).select_one(".app-import-duplicate").get_text(" ", strip=True)
    assert "A file with exactly the same contents was imported on" in warning
    assert "as the note Survey answers" in warning
    assert "Importing it again will add the same findings a second time." in warning
    note = db.session.scalar(sa.select(ResearchNote))
    assert soup(again).select_one(".app-import-duplicate a")["href"].endswith(f"/findings?note={note.id}")


def test_a_thousand_rows_are_imported_in_one_go(client, team):
    content = "text,participant\n" + "".join(f"Answer number {n},P07\n" for n in range(1000))
    review_url, response = review_page(client, team, content)
    page = soup(response)
    assert "The first 10 of 1000 rows" in page.get_text(" ", strip=True)

    response = import_as_shown(client, review_url, page)

    assert response.status_code == 302
    assert (count(Utterance), count(Finding)) == (1000, 1000)


# The review belongs to its uploader, once -----------------------------------------------------


def test_cancelling_deletes_the_review_and_saves_nothing(client, team):
    review_url, response = review_page(client, team, SURVEY)

    response = client.post(
        f"{review_url}/cancel", data={"csrf_token": _token(soup(response))}, follow_redirects=True
    )

    assert "Import cancelled. Nothing was saved" in notification(response)
    assert (count(PendingImport), count(ResearchNote)) == (0, 0)


def test_importing_twice_from_the_same_review_saves_once(client, team, codebook):
    review_url, response = review_page(client, team, SURVEY)
    page = soup(response)
    first = import_as_shown(client, review_url, page)
    client.get(first.headers["Location"])

    again = client.post(review_url, data=submitted_values(page), follow_redirects=True)

    assert "This import has already been saved or cancelled" in notification(again)
    assert (count(ResearchNote), count(Finding)) == (1, 3)


def test_only_the_uploader_can_open_a_review(client, app, team, factories):
    review_url, _response = review_page(client, team, SURVEY)
    colleague = factories.user(role="researcher")
    team["discovery"].members.append(colleague)
    db.session.commit()
    other = app.test_client()
    sign_in(other, colleague)

    assert other.get(review_url).status_code == 403


def test_a_transcript_review_is_not_a_spreadsheet_review_and_the_other_way_round(client, team):
    spreadsheet_url, _ = review_page(client, team, SURVEY)
    transcript = post_file(client, f"/discoveries/{team['discovery'].id}/notes/import", "Notes.\n", "n.txt")
    transcript_id = transcript.headers["Location"].rsplit("/", 1)[1]
    spreadsheet_id = spreadsheet_url.rsplit("/", 1)[1]
    base = f"/discoveries/{team['discovery'].id}"

    as_spreadsheet = client.get(f"{base}/findings/import/{transcript_id}", follow_redirects=True)
    as_transcript = client.get(f"{base}/notes/import/{spreadsheet_id}", follow_redirects=True)

    assert "This import has already been saved or cancelled" in notification(as_spreadsheet)
    assert "This import has already been saved or cancelled" in notification(as_transcript)
    assert count(PendingImport) == 2


# Pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_upload_and_review_pages_have_a_title_one_heading_and_unique_ids(client, team, codebook, lang):
    review_url, _ = review_page(client, team, SURVEY)
    _problems_url, _ = review_page(client, team, "text,participant\nWho?,P99\n")

    for url in (upload_url(team), review_url, _problems_url):
        assert_page_basics(client.get(f"{url}?lang={lang}"), lang, url)


def test_row_problems_are_shown_in_welsh(client, team):
    client.get(f"{upload_url(team)}?lang=cy")
    _url, response = review_page(client, team, "text,participant\nPwy?,P99\n")

    [problem] = problems_listed(soup(response))
    assert problem.startswith("Rhes 2:") and "P99" in problem


def test_a_file_error_is_shown_in_welsh(client, team):
    client.get(f"{upload_url(team)}?lang=cy")

    response = upload(client, team, "Ateb\nIe\n")

    [(text, _href)] = error_summary(response)
    assert "text" in text and "Ateb" in text and not text.startswith("The file")


def test_the_pages_in_welsh_leave_no_english_words_of_ours(client, team, codebook):
    from tests import page_walk

    catalogue = page_walk.Catalogue.load()
    review_url, _ = review_page(client, team, SURVEY.replace("Contact > Phone", "Contact > Post"))
    problems_url, _ = review_page(client, team, "text,participant\nWho?,P99\n")

    for url in (upload_url(team), review_url, problems_url):
        html = client.get(f"{url}?lang=cy").get_data(as_text=True)
        english = [
            text
            for text in page_walk.visible_texts(html)
            if catalogue.english_text(text) and text not in page_walk.KNOWN_UNTRANSLATED
        ]
        assert english == [], url
        assert page_walk.page_problems(html, "cy") == [], url


def test_withdrawing_consent_deletes_a_waiting_review_that_names_the_participant(client, team):
    from research_notes.participants import erasure

    review_url, _ = review_page(client, team, "text,participant\nThe taxi never came,P07\n")
    review_page(client, team, "text,participant\nToo many forms,P08\n")

    erasure.withdraw_and_erase(team["p07"], "Phoned the team", team["researcher"])
    db.session.commit()

    assert count(PendingImport) == 1
    assert "This import has already been saved or cancelled" in notification(
        client.get(review_url, follow_redirects=True)
    )


def test_a_long_list_of_problems_shows_the_first_and_counts_the_rest(client, team, monkeypatch):
    from discovery.core import permissions
    from research_notes.findings_import import routes

    monkeypatch.setitem(
        permissions.DISCOVERY_CAPABILITIES, permissions.C.MANAGE_CODEBOOK, frozenset({"admin"})
    )
    monkeypatch.setattr(routes, "MAX_PROBLEMS", 3)
    content = "text,participant,tags\n" + "Who?,P99,Nowhere\n" * 4

    _url, response = review_page(client, team, content)

    assert problems_listed(soup(response)) == [
        "Row 2: there is no participant P99 in this discovery",
        "Row 2: there is no tag ‘Nowhere’ in the codebook",
        "Row 3: there is no participant P99 in this discovery",
        "and 5 more problems",
    ]


def test_a_thousand_row_import_reads_its_findings_in_the_background_and_shows_how_far_it_has_got(
    client, team, app, monkeypatch
):
    """The import itself returns at once; the findings page says how many have been read."""
    import threading

    from discovery import jobs
    from discovery.core.models import Job
    from research_notes.finding_vectors import store
    from research_notes.finding_vectors.models import FindingVector

    app.config["EMBED_FINDINGS_ON_SAVE"] = True
    second_chunk, release = threading.Event(), threading.Event()
    real, writes = store._write, []

    def held(discovery_id, embedder, items, vectors):
        writes.append(len(items))
        if len(writes) == 2:  # the first 400 are written and reported
            second_chunk.set()
            assert release.wait(60), "the test never released the reading"
        real(discovery_id, embedder, items, vectors)

    monkeypatch.setattr(store, "_write", held)
    monkeypatch.setattr(store, "CHUNK", 400)
    rows = "".join(f"Answer {i}: the form asked the same question twice,,,,,\n" for i in range(1000))
    review_url, page = review_page(client, team, "Text,Participant,Tags,Kind,Journey stage,Source\n" + rows)
    response = import_as_shown(client, review_url, soup(page))
    assert response.status_code == 302
    assert count(Finding) == 1000

    assert second_chunk.wait(60)
    listing = soup(client.get(response.headers["Location"]))
    reading = listing.select_one("[data-reading]").get_text(" ", strip=True)
    assert "The app is reading the meaning of new findings: 400 of 1,000 (40%) so far." in reading
    job = db.session.scalars(sa.select(Job).where(Job.kind == "embed_findings")).one()
    assert link(listing, "Follow the reading")["href"] == f"/discoveries/{team['discovery'].id}/jobs/{job.id}"

    release.set()
    assert jobs.wait(job.id, timeout=120).status == "succeeded"
    assert count(FindingVector) == 1000
    assert soup(client.get(response.headers["Location"])).select_one("[data-reading]") is None
