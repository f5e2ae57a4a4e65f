"""A discovery as a REFI-QDA project (.qdpx) and back: pages, commands, consent, bad files."""

# ruff: noqa: E501 - file contents and messages are clearer unbroken

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.exchange import qdpx, services
from research_notes.models import Finding, Participant, ParticipantIdentity, ResearchNote, Tag, Utterance
from tests.support import audit_events, error_summary, notification, post_file

BODY = (
    "P07: Ffoniais y cyngor 🙂 and waited forty minutes on the phone.\n\n"
    "Researcher: What happened next?\n\n"
    "P07: Nobody rang back, so my daughter filled in the form online for me."
)
QUOTE = "waited forty minutes on the phone"
WITHDRAWN_WORDS = "I would rather not say this on tape"


def _count_everything():
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (ResearchNote, Utterance, Finding, Tag, Participant)
    )


@pytest.fixture
def source(factories):
    """Discovery A: two tags deep, a note by P07 with two findings, a withdrawn participant."""
    researcher = factories.user(role="researcher", display_name="Rhian Evans")
    council = factories.authority(name="Torfaen County Borough Council")
    discovery = factories.discovery(
        title="Adult social care", slug="adult-social-care", members=[researcher], authorities=[council]
    )
    p07 = factories.participant(
        discovery=discovery,
        pseudonym="P07",
        segment="unpaid_carer",
        authority=council,
        age_band="65-74",
        digital_confidence="low",
        preferred_language="cy",
    )
    db.session.add(ParticipantIdentity(participant=p07, real_name="Gwenllian Morgan-Price"))
    p09 = factories.participant(discovery=discovery, pseudonym="P09")
    contact = factories.tag(
        discovery=discovery, name="Contact", colour="blue", description="Getting in touch"
    )
    phone = factories.tag(discovery=discovery, name="Phone queues", parent=contact, colour="red")
    digital = factories.tag(discovery=discovery, name="Help from family", colour="green")
    note = factories.note(
        discovery=discovery, title="Interview 3", body=BODY, participants=[p07], created_by=researcher
    )
    start = BODY.index(QUOTE)
    factories.finding(
        note=note,
        start_offset=start,
        end_offset=start + len(QUOTE),
        kind="pain_point",
        journey_stage="first_contact",
        comment="She rang three times",
        tags=[phone],
        created_by=researcher,
        participant=p07,
    )
    second = BODY.index("my daughter filled in the form online")
    factories.finding(
        note=note,
        start_offset=second,
        end_offset=second + len("my daughter filled in the form online"),
        kind="behaviour",
        tags=[digital, contact],
        created_by=researcher,
        participant=p07,
    )
    withdrawn_note = factories.note(
        discovery=discovery, title="Interview 9", body=WITHDRAWN_WORDS, participants=[p09]
    )
    factories.finding(note=withdrawn_note, participant=p09)
    p09.consent_withdrawn_at = datetime(2026, 10, 1, tzinfo=UTC)
    db.session.commit()
    return {"discovery": discovery, "researcher": researcher, "note": note, "p07": p07}


@pytest.fixture
def target(factories, source):
    discovery = factories.discovery(title="Empty discovery", slug="empty", members=[source["researcher"]])
    db.session.commit()
    return discovery


def _exported(source) -> bytes:
    data = services.export_project(source["discovery"]).data
    db.session.commit()
    return data


def _qde(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("project.qde")


def _snapshot(discovery):
    """What a round trip must keep: each note's text, each finding's span, text, kind, stage,
    comment and tag paths, and the codebook's paths."""
    db.session.expire_all()
    tags = list(db.session.scalars(sa.select(Tag).where(Tag.discovery_id == discovery.id)))
    by_id = {t.id: t for t in tags}

    def path(tag):
        names = []
        while tag is not None:
            names.append(tag.name)
            tag = by_id.get(tag.parent_id)
        return " > ".join(reversed(names))

    notes = {
        n.title: n.body
        for n in db.session.scalars(sa.select(ResearchNote).where(ResearchNote.discovery_id == discovery.id))
    }
    findings = sorted(
        (
            f.note.title,
            f.start_offset,
            f.end_offset,
            f.text,
            f.kind,
            f.journey_stage,
            f.comment,
            sorted(path(t) for t in f.tags),
        )
        for f in db.session.scalars(sa.select(Finding).where(Finding.discovery_id == discovery.id))
    )
    return notes, findings, sorted((path(t), t.description, t.colour) for t in tags)


def _zip(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()


def _project(sources: str = "", codes: str = "") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From QualCoder">
  {codes}
  <Sources>{sources}</Sources>
</Project>"""


GUID_SOURCE = "8e7fddfe-db36-48dc-b464-80c3a4decd90"
GUID_CODE = "2dfba8c9-59f5-4424-99d6-ea9bce18134b"


def _source_xml(selection: str = "", path: str = f"internal://{GUID_SOURCE}.txt") -> str:
    return (
        f'<TextSource guid="{GUID_SOURCE}" name="Interview 3" plainTextPath="{path}">{selection}</TextSource>'
    )


def _selection(start: int, end: int) -> str:
    return (
        f'<PlainTextSelection guid="08cbced0-d736-44c8-8fd6-eb4d29fe46c5" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="76414714-63c4-4a25-a47e-66fef80bd52e"><CodeRef targetGUID="{GUID_CODE}"/></Coding>'
        "</PlainTextSelection>"
    )


CODES = f'<CodeBook><Codes><Code guid="{GUID_CODE}" name="Contact" isCodable="true"/></Codes></CodeBook>'
TEXT = "Nobody rang back."


# Export ------------------------------------------------------------------------------------------


def test_an_export_is_valid_against_the_refi_qda_project_schema(source):
    qde = _qde(_exported(source))

    assert qdpx.schema_errors(qde) == []


def test_an_export_is_a_zip_of_project_qde_and_one_utf8_text_file_per_note(source):
    data = _exported(source)
    archive = zipfile.ZipFile(io.BytesIO(data))
    note = source["note"]

    assert sorted(archive.namelist()) == ["project.qde", f"sources/{note.id}.txt"]
    assert archive.read(f"sources/{note.id}.txt").decode("utf-8") == BODY
    qde = archive.read("project.qde").decode()
    assert f'plainTextPath="internal://{note.id}.txt"' in qde


def test_selection_offsets_count_code_points_so_the_emoji_is_one_position(source):
    project = qdpx.read_qdpx(_exported(source), max_bytes=10**7)
    text = project.sources[0].text

    spans = [text[s.start : s.end] for s in project.sources[0].selections]
    assert QUOTE in spans
    assert BODY.index(QUOTE) == text.index(QUOTE)
    assert len("🙂".encode()) == 4  # a UTF-8 byte count would have put every later offset out by 3


def test_a_withdrawn_participants_words_findings_and_case_are_not_exported(source):
    data = _exported(source)
    qde = _qde(data).decode()
    everything = qde + "".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n).decode()
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
    )

    assert WITHDRAWN_WORDS not in everything
    assert "Interview 9" not in qde
    assert 'name="P09"' not in qde
    assert 'name="P07"' in qde
    assert "Gwenllian" not in everything
    assert audit_events("project_exported")[-1].details["notes_left_out"] == 1


def test_a_case_carries_the_participants_attributes_as_variables(source):
    project = qdpx.read_qdpx(_exported(source), max_bytes=10**7)
    (case,) = project.cases

    assert case.name == "P07"
    assert qdpx.variables_named(project, case.variables) == {
        "segment": "Unpaid carer",
        "council": "Torfaen County Borough Council",
        "age band": "65 to 74",
        "digital confidence": "Low",
        "preferred language": "Welsh",
    }
    assert case.source_guids == [str(source["note"].id)]


def test_kind_stage_and_comment_travel_in_the_selections_description(source):
    project = qdpx.read_qdpx(_exported(source), max_bytes=10**7)
    described = {s.name: s.description for s in project.sources[0].selections}

    assert described[QUOTE] == "Kind: Pain point\nJourney stage: Making first contact\nShe rang three times"


# Round trip --------------------------------------------------------------------------------------


def test_export_then_import_into_an_empty_discovery_keeps_sources_findings_and_codes(source, target):
    data = _exported(source)

    summary, _ = services.import_project(
        target, data, filename="adult-social-care.qdpx", actor=None, max_bytes=10**7
    )
    db.session.commit()

    notes, findings, codes = _snapshot(target)
    expected_notes, expected_findings, expected_codes = _snapshot(source["discovery"])
    del expected_notes["Interview 9"]
    expected_findings = [f for f in expected_findings if f[0] != "Interview 9"]
    assert notes == expected_notes
    assert findings == expected_findings
    assert codes == expected_codes
    assert (summary.notes, summary.findings, summary.participants_created) == (1, 2, ["P07"])


def test_imported_participants_keep_their_attributes_but_have_no_consent_recorded(source, target):
    target.authorities.append(source["p07"].authority)
    db.session.commit()

    services.import_project(target, _exported(source), filename="a.qdpx", actor=None, max_bytes=10**7)
    db.session.commit()

    p07 = db.session.scalar(sa.select(Participant).where(Participant.discovery_id == target.id))
    assert (p07.pseudonym, p07.segment, p07.age_band, p07.digital_confidence, p07.preferred_language) == (
        "P07",
        "unpaid_carer",
        "65-74",
        "low",
        "cy",
    )
    assert p07.authority_id == source["p07"].authority_id
    assert p07.consent_date is None
    assert p07.identity is None
    note = db.session.scalar(sa.select(ResearchNote).where(ResearchNote.discovery_id == target.id))
    assert [p.pseudonym for p in note.participants] == ["P07"]


def test_an_existing_participant_and_tags_of_the_same_name_are_reused_not_copied(factories, source, target):
    existing = factories.participant(discovery=target, pseudonym="p07", segment="resident")
    factories.tag(discovery=target, name="contact")
    db.session.commit()

    summary, _ = services.import_project(
        target, _exported(source), filename="a.qdpx", actor=None, max_bytes=10**7
    )
    db.session.commit()

    assert summary.participants_linked == ["p07"]
    assert summary.participants_created == []
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Participant).where(Participant.discovery_id == target.id)
        )
        == 1
    )
    assert "Contact" in summary.tags_merged
    assert db.session.get(Participant, existing.id).segment == "resident"
    top = [
        t.name
        for t in db.session.scalars(
            sa.select(Tag).where(Tag.discovery_id == target.id, Tag.parent_id.is_(None))
        )
    ]
    assert sorted(top) == ["Help from family", "contact"]


def test_a_case_named_like_a_person_does_not_become_a_participant(target):
    project = qdpx.Project(
        name="NVivo",
        sources=[qdpx.Source(GUID_SOURCE, "Interview", TEXT)],
        cases=[qdpx.Case("4a463c0d-9263-494a-81d6-e9d5a229f227", "Anna Jones", {}, [GUID_SOURCE])],
    )

    summary, _ = services.import_project(
        target, qdpx.write_qdpx(project), filename="n.qdpx", actor=None, max_bytes=10**7
    )

    assert summary.cases_not_participants == 1
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Participant).where(Participant.discovery_id == target.id)
        )
        == 0
    )


def test_importing_a_case_that_is_a_withdrawn_participant_here_saves_nothing(factories, source, target):
    factories.participant(
        discovery=target, pseudonym="P07", consent_withdrawn_at=datetime(2026, 10, 1, tzinfo=UTC)
    )
    db.session.commit()
    data = _exported(source)
    before = _count_everything()

    with pytest.raises(qdpx.ProjectFileError, match="P07 has withdrawn consent in this discovery"):
        services.import_project(target, data, filename="a.qdpx", actor=None, max_bytes=10**7)
    db.session.commit()

    assert _count_everything() == before


# Bad files ---------------------------------------------------------------------------------------

BAD_FILES = {
    "xxe": (
        _zip(
            {
                "project.qde": '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                '<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>'
            }
        ),
        "The project file has a DOCTYPE or ENTITY declaration. REFI-QDA project files must not have one",
    ),
    "zip slip": (
        _zip({"project.qde": _project(), "../../etc/cron.d/evil": "x"}),
        "The project file has a file called ‘../../etc/cron.d/evil’. Names in a project file must not start with / or a drive letter, or contain .. or backslashes",
    ),
    "backslash": (
        _zip({"project.qde": _project(), "sources\\..\\evil.txt": "x"}),
        "The project file has a file called ‘sources\\..\\evil.txt’. Names in a project file must not start with / or a drive letter, or contain .. or backslashes",
    ),
    "missing source": (
        _zip({"project.qde": _project(_source_xml())}),
        f"The project file has no text for ‘Interview 3’: sources/{GUID_SOURCE}.txt is not in the file",
    ),
    "offsets past the end": (
        _zip(
            {
                "project.qde": _project(_source_xml(_selection(5, len(TEXT) + 1)), CODES),
                f"sources/{GUID_SOURCE}.txt": TEXT,
            }
        ),
        "The project file has a selection in ‘Interview 3’ that ends after the end of its text",
    ),
    "reversed offsets": (
        _zip(
            {
                "project.qde": _project(_source_xml(_selection(9, 4)), CODES),
                f"sources/{GUID_SOURCE}.txt": TEXT,
            }
        ),
        "The project file has a selection in ‘Interview 3’ that ends before it starts",
    ),
    "not utf-8": (
        _zip(
            {"project.qde": _project(_source_xml()), f"sources/{GUID_SOURCE}.txt": "Caf\xe9".encode("cp1252")}
        ),
        "The text of ‘Interview 3’ is not UTF-8. Export the project again with UTF-8 text",
    ),
    "not a zip": (
        b"name,parent\nContact,\n",
        "The selected file is not a REFI-QDA project. Export the project from your research tool as a .qdpx file",
    ),
    "no project.qde": (
        _zip({"sources/a.txt": TEXT}),
        "The selected file is not a REFI-QDA project: it has no project.qde. Export the project as a .qdpx file",
    ),
    "against the schema": (
        _zip(
            {
                "project.qde": '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0"><Sources/></Project>'
            }
        ),
        "The project.qde in the file does not follow the REFI-QDA project schema (line 1: Element '{urn:QDA-XML:project:1.0}Project': The attribute 'name' is required but missing.)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_gives_its_message_and_saves_nothing(source, target, case):
    data, message = BAD_FILES[case]
    before = _count_everything()

    with pytest.raises(qdpx.ProjectFileError) as raised:
        services.import_project(target, data, filename="bad.qdpx", actor=None, max_bytes=10**7)
    db.session.commit()

    assert raised.value.message == message
    assert _count_everything() == before


def test_a_file_over_the_upload_limit_is_refused_before_it_is_opened(target):
    with pytest.raises(qdpx.ProjectFileError, match="The selected file must be smaller than 1MB"):
        services.import_project(
            target, b"PK" + b"\0" * (1024 * 1024), filename="big.qdpx", actor=None, max_bytes=1024 * 1024
        )


def test_a_problem_found_after_some_notes_were_written_undoes_them_all(source, target):
    """The second source breaks; the first (already valid) must not be kept either."""
    other = "1b2c3d4e-0000-4000-8000-000000000001"
    qde = _project(
        _source_xml()
        + f'<TextSource guid="{other}" name="Interview 4" plainTextPath="internal://{other}.txt"/>',
    )
    data = _zip({"project.qde": qde, f"sources/{GUID_SOURCE}.txt": TEXT})
    before = _count_everything()

    with pytest.raises(qdpx.ProjectFileError, match="no text for ‘Interview 4’"):
        services.import_project(target, data, filename="bad.qdpx", actor=None, max_bytes=10**7)
    db.session.commit()

    assert _count_everything() == before


def test_qualcoders_byte_order_marks_and_capital_sources_folder_are_accepted(target):
    qde = _project(_source_xml(_selection(0, 6)), CODES).encode("utf-8-sig")
    data = _zip({"project.qde": qde, f"Sources/{GUID_SOURCE}.txt": "\ufeff" + TEXT})

    summary, _ = services.import_project(target, data, filename="qualcoder.qdpx", actor=None, max_bytes=10**7)

    finding = db.session.scalar(sa.select(Finding).where(Finding.discovery_id == target.id))
    assert (summary.notes, finding.text, [t.name for t in finding.tags]) == (1, "Nobody", ["Contact"])


# Pages and commands ------------------------------------------------------------------------------


def test_the_export_link_downloads_a_private_qdpx(client, source):
    from tests.support import sign_in

    sign_in(client, source["researcher"])
    page = client.get(f"/discoveries/{source['discovery'].id}/codebook")
    assert f"/discoveries/{source['discovery'].id}/project/export.qdpx" in page.get_data(as_text=True)

    response = client.get(f"/discoveries/{source['discovery'].id}/project/export.qdpx")

    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="adult-social-care.qdpx"'
    assert response.headers["Cache-Control"] == "no-store"
    assert qdpx.schema_errors(_qde(response.get_data())) == []


def test_an_authority_lead_cannot_export_the_project(client, factories, source):
    from tests.support import sign_in

    lead = factories.user(role="authority_lead")
    source["discovery"].members.append(lead)
    db.session.commit()
    sign_in(client, lead)

    assert client.get(f"/discoveries/{source['discovery'].id}/project/export.qdpx").status_code == 403


def test_importing_through_the_page_shows_what_was_imported(client, source, target):
    from tests.support import sign_in

    data = _exported(source)
    sign_in(client, source["researcher"])

    response = post_file(client, f"/discoveries/{target.id}/project/import", data, "adult.qdpx", follow=True)

    assert response.request.path == f"/discoveries/{target.id}/notes"
    banner = notification(response)
    assert "Project imported. Notes: 1. Findings: 2. Tags created: 3" in banner
    assert "Participants created: 1" in banner
    assert "No consent is recorded for P07" in response.get_data(as_text=True)
    assert audit_events("project_imported")[-1].details["findings"] == 2


def test_a_bad_file_on_the_page_is_shown_in_the_error_summary_and_saves_nothing(client, source, target):
    from tests.support import sign_in

    sign_in(client, source["researcher"])
    data, message = BAD_FILES["offsets past the end"]
    before = _count_everything()

    response = post_file(client, f"/discoveries/{target.id}/project/import", data, "bad.qdpx")

    assert response.status_code == 200
    assert error_summary(response) == [(message, "#file")]
    assert _count_everything() == before


def test_a_squad_member_cannot_import_a_project(client, factories, target):
    from tests.support import sign_in

    member = factories.user(role="squad_member")
    target.members.append(member)
    db.session.commit()
    sign_in(client, member)

    assert client.get(f"/discoveries/{target.id}/project/import").status_code == 403


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_export_project_and_import_project_commands_round_trip(runner, source, target, tmp_path):
    out = tmp_path / "adult.qdpx"

    exported = runner.invoke(args=["export-project", "--discovery", "adult-social-care", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert exported.output.strip() == (
        f"exported Adult social care to {out} (1 note, 2 findings, 3 tags, 1 participant; "
        "1 note left out because consent does not allow it)"
    )

    imported = runner.invoke(args=["import-project", str(out), "--discovery", "empty"])
    assert imported.exit_code == 0, imported.output
    assert imported.output.strip() == (
        "imported adult.qdpx into Empty discovery (1 note, 2 findings, 3 tags created, 1 participant created, 0 linked)"
    )
    assert _snapshot(target)[1] == [f for f in _snapshot(source["discovery"])[1] if f[0] != "Interview 9"]


def test_import_project_command_fails_clearly_and_saves_nothing(runner, target, tmp_path):
    path = tmp_path / "bad.qdpx"
    path.write_bytes(BAD_FILES["zip slip"][0])
    before = _count_everything()

    result = runner.invoke(args=["import-project", str(path), "--discovery", "empty"])

    assert result.exit_code == 1
    assert "bad.qdpx: The project file has a file called ‘../../etc/cron.d/evil’" in result.output
    assert "Nothing was imported" in result.output
    assert _count_everything() == before


def test_the_commands_refuse_an_unknown_discovery_and_a_missing_file(runner, target, tmp_path):
    unknown = runner.invoke(args=["export-project", "--discovery", "nope", "--out", str(tmp_path / "x.qdpx")])
    missing = runner.invoke(args=["import-project", str(tmp_path / "missing.qdpx"), "--discovery", "empty"])

    assert (unknown.exit_code, missing.exit_code) == (1, 1)
    assert "There is no discovery with the slug nope" in unknown.output
    assert "missing.qdpx: the file does not exist" in missing.output
