"""Personal data scoped to its controller (issue 14 item 1).

One world for the module: a discovery of Neath Port Talbot, Torfaen and Blaenau Gwent whose
agreement restricts raw notes and grants one direction only (Neath Port Talbot → Blaenau
Gwent). Each council's participant has a real name, a note and a finding, with canary words in
the name, the note's title and its text. The issue's case: a Torfaen researcher must never see
a Neath Port Talbot participant's real name, anywhere.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from discovery.core import data_scope
from discovery.core.agreements import AgreementForm
from discovery.core.models import AuditEvent, DataSharingAgreement, Discovery, User
from discovery.extensions import db
from research_notes.models import ParticipantIdentity, ResearchNote
from research_notes.notes import services as notes
from tests import assurance
from tests.conftest import make_app
from tests.factories import ALL_FACTORIES as F
from tests.integration import test_migrations
from tests.support import error_summary, form_data, post_form, sign_in, soup

NPT_NAME, NPT_CONTACT = "Bronwen Canaryname", "07700 900123"
TOR_NAME = "Tomos Canarytor"
ORG_NAME = "Olwen Canaryorg"
NPT_TITLE, NPT_BODY_WORD = "Interview NPTCANARYTITLE", "Nptcanarybody"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("scope"))
    with app.app_context():
        db.create_all()
        npt = F.authority(code="NPT", name="Neath Port Talbot Council")
        tor = F.authority(code="TOR", name="Torfaen County Borough Council")
        bg = F.authority(code="BG", name="Blaenau Gwent County Borough Council")
        outsider = F.authority(code="CDF", name="Cardiff Council")
        people = {
            "npt": F.user(role="researcher", authorities=[npt]),
            "tor": F.user(role="researcher", authorities=[tor]),
            "tor_squad": F.user(role="squad_member", authorities=[tor]),
            "bg": F.user(role="researcher", authorities=[bg]),
            "lead": F.user(role="authority_lead", authorities=[tor]),
        }
        discovery = F.discovery(
            authorities=[npt, tor, bg], members=[people[k] for k in ("npt", "tor", "tor_squad", "bg")]
        )
        p_npt = F.participant(discovery=discovery, pseudonym="P01", authority=npt)
        p_tor = F.participant(discovery=discovery, pseudonym="P02", authority=tor)
        p_bg = F.participant(discovery=discovery, pseudonym="P03", authority=bg)
        p_org = F.participant(
            discovery=discovery,
            pseudonym="P04",
            authority=None,
            organisation="Swansea Bay University Health Board",
            consent_recorded_by=people["npt"],
        )
        for p, name, contact in (
            (p_npt, NPT_NAME, NPT_CONTACT),
            (p_tor, TOR_NAME, ""),
            (p_org, ORG_NAME, ""),
        ):
            db.session.add(ParticipantIdentity(participant=p, real_name=name, contact_details=contact))
        turns = ("Before the quote.", f"{NPT_BODY_WORD} the phone line went dead.", "After the quote.")
        body = "\n\n".join(f"P01: {turn}" for turn in turns)
        n_npt = notes.create_note(
            discovery, title=NPT_TITLE, body=body, participants=[p_npt], held_on=date(2026, 3, 12)
        )
        n_tor = notes.create_note(
            discovery, title="Torfaen visit", body="P02: I use the library.", participants=[p_tor]
        )
        n_bg = notes.create_note(
            discovery, title="Blaenau Gwent visit", body="P03: Buses.", participants=[p_bg]
        )
        n_org = notes.create_note(
            discovery, title="Health board talk", body="P04: Discharge.", participants=[p_org]
        )
        middle = n_npt.utterances[1]
        finding = F.finding(
            note=n_npt,
            utterance=middle,
            participant=p_npt,
            start_offset=middle.char_start,
            end_offset=middle.char_end,
        )
        db.session.add(
            DataSharingAgreement(
                discovery_id=discovery.id,
                reference="DSA-2026-014",
                agreed_on=date(2026, 3, 1),
                raw_notes="agreement",
                grants=[agreements_grant(discovery, npt, bg)],
            )
        )
        form_discovery = F.discovery(authorities=[npt, tor], members=[people["npt"], people["tor_squad"]])
        db.session.commit()
        ids = {
            "discovery": discovery.id,
            "form_discovery": form_discovery.id,
            "npt": npt.id,
            "tor": tor.id,
            "bg": bg.id,
            "outsider": outsider.id,
            "p_npt": p_npt.id,
            "p_org": p_org.id,
            "n_npt": n_npt.id,
            "n_tor": n_tor.id,
            "n_bg": n_bg.id,
            "n_org": n_org.id,
            "finding": finding.id,
        }
        emails = {key: user.email for key, user in people.items()}
    clients = {}
    for key, email in emails.items():
        client = app.test_client()
        with app.app_context():
            sign_in(client, db.session.scalar(sa.select(User).where(User.email == email)))
        clients[key] = client
    yield app, ids, clients
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def agreements_grant(discovery, giver, taker):
    from discovery.core.models import RawNoteGrant

    return RawNoteGrant(discovery_id=discovery.id, from_authority_id=giver.id, to_authority_id=taker.id)


def _base(ids, key="discovery") -> str:
    return f"/discoveries/{ids[key]}"


def _text(response) -> str:
    return response.get_data(as_text=True)


# Real names ------------------------------------------------------------------------------------


def test_a_torfaen_researcher_never_sees_a_neath_port_talbot_participants_real_name(world):
    app, ids, clients = world
    tor, base = clients["tor"], _base(ids)
    participant = f"{base}/participants/{ids['p_npt']}"
    bodies = {
        "participant page": tor.get(participant),
        "participant list": tor.get(f"{base}/participants"),
        "notes list": tor.get(f"{base}/notes"),
        "findings search": tor.get(f"{base}/findings?q=Bronwen"),
        "findings": tor.get(f"{base}/findings"),
        "finding": tor.get(f"{base}/findings/{ids['finding']}"),
        "findings CSV": tor.get(f"{base}/findings/export.csv"),
    }
    for where, response in bodies.items():
        assert response.status_code == 200, where
        assert NPT_NAME not in _text(response) and NPT_CONTACT not in _text(response), where
    page = soup(bodies["participant page"])
    assert (
        "Only researchers from Neath Port Talbot Council can see this participant's name" in page.get_text()
    )
    assert not page.find("a", string=lambda s: s and "View real name" in s)

    refused = tor.get(f"{participant}/real-name")
    assert refused.status_code == 403 and NPT_NAME not in _text(refused)
    assert "Only researchers from Neath Port Talbot Council" in soup(refused).get_text()
    assert tor.get(f"{participant}/real-name/edit").status_code == 403
    qdpx = tor.get(f"{base}/project/export.qdpx")
    assert qdpx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(qdpx.data)) as archive:
        assert not any(NPT_NAME.encode() in archive.read(n) for n in archive.namelist())
    assurance.record("personal_data_scope", real_name_surfaces_checked=len(bodies) + 3, real_name_leaks=0)


def test_a_researcher_of_another_council_cannot_overwrite_a_real_name(world):
    app, ids, clients = world
    url = f"{_base(ids)}/participants/{ids['p_npt']}/real-name/edit"
    token_page = clients["tor"].get(f"{_base(ids)}/participants")
    from tests.support import csrf_token

    response = clients["tor"].post(
        url, data={"csrf_token": csrf_token(_text(token_page)), "real_name": "Changed", "contact_details": ""}
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(ParticipantIdentity, ids["p_npt"]).real_name == NPT_NAME


def test_the_collecting_council_sees_the_name_and_an_organisations_participant_belongs_to_its_recorder(world):
    app, ids, clients = world
    base = _base(ids)
    own = clients["npt"].get(f"{base}/participants/{ids['p_npt']}/real-name")
    assert own.status_code == 200 and NPT_NAME in _text(own)
    assert ORG_NAME in _text(clients["npt"].get(f"{base}/participants/{ids['p_org']}/real-name"))
    other = soup(clients["tor"].get(f"{base}/participants/{ids['p_org']}")).get_text()
    assert "Only researchers from Neath Port Talbot Council can see this participant's name" in other
    assert clients["tor"].get(f"{base}/participants/{ids['p_org']}/real-name").status_code == 403


def test_the_subject_access_record_withholds_the_name_from_another_councils_researcher(world):
    from research_notes.models import Participant
    from research_notes.participants.subject_access import subject_access_record

    app, ids, _ = world
    with app.app_context(), app.test_request_context():
        participant = db.session.get(Participant, ids["p_npt"])
        tor = db.session.scalar(
            sa.select(User).join(User.authorities).where(User.authorities.any(id=ids["tor"]))
        )
        npt = db.session.scalar(
            sa.select(User).where(User.authorities.any(id=ids["npt"]), User.role == "researcher")
        )
        withheld = subject_access_record(participant, tor)["identity"]
        assert NPT_NAME not in str(withheld) and "Neath Port Talbot" in withheld["withheld"]
        assert subject_access_record(participant, npt)["identity"]["real_name"] == NPT_NAME
        db.session.rollback()


def test_the_import_review_only_looks_for_names_the_uploader_may_see(world):
    app, ids, _ = world
    with app.app_context(), app.test_request_context():
        discovery = db.session.get(Discovery, ids["discovery"])
        tor = db.session.scalar(
            sa.select(User).where(User.authorities.any(id=ids["tor"]), User.role == "researcher")
        )
        npt = db.session.scalar(
            sa.select(User).where(User.authorities.any(id=ids["npt"]), User.role == "researcher")
        )
        assert set(notes.participant_names(discovery, tor)) == {TOR_NAME}
        assert set(notes.participant_names(discovery, npt)) == {NPT_NAME, ORG_NAME}


# Raw notes -------------------------------------------------------------------------------------


def test_a_restricted_note_is_refused_with_a_page_that_says_why(world):
    app, ids, clients = world
    base = _base(ids)
    for path in ("", "/edit", "/delete", "/highlight", "/highlight/panel"):
        response = clients["tor"].get(f"{base}/notes/{ids['n_npt']}{path}")
        assert response.status_code == 403, path
        assert NPT_BODY_WORD not in _text(response) and NPT_TITLE not in _text(response)
    page = soup(clients["tor_squad"].get(f"{base}/notes/{ids['n_npt']}"))
    assert "Raw notes from Neath Port Talbot Council are not shared with your council" in page.get_text()
    assert page.find("a", string=lambda s: s and "Go to the findings" in s)


def test_restricted_notes_are_absent_from_the_list_and_from_search_counts(world):
    app, ids, clients = world
    base = _base(ids)
    listing = soup(clients["tor"].get(f"{base}/notes"))
    titles = [a.get_text(strip=True) for a in listing.select(".app-notes-table a")]
    assert titles == ["Torfaen visit"]
    inset = listing.select_one(".app-notes-not-shared")
    assert [p.get_text() for p in inset.select("p")][0].startswith("3 more notes are not shown. ")
    search = clients["tor"].get(f"{base}/findings?q={NPT_BODY_WORD}")
    assert "mention this" not in _text(search)
    own = clients["npt"].get(f"{base}/findings?q={NPT_BODY_WORD}")
    assert "1 note mentions this" in soup(own).get_text(" ")


def test_a_finding_stays_shared_but_its_context_and_note_title_do_not(world):
    app, ids, clients = world
    response = clients["tor"].get(f"{_base(ids)}/findings/{ids['finding']}")
    page = soup(response)
    assert f"{NPT_BODY_WORD} the phone line went dead." in page.select_one("blockquote").get_text()
    text = page.get_text(" ")
    assert "Before the quote" not in text and "After the quote" not in text
    assert NPT_TITLE not in _text(response)
    assert "Note from Neath Port Talbot Council, 12 March 2026" in text
    own = soup(clients["npt"].get(f"{_base(ids)}/findings/{ids['finding']}")).get_text(" ")
    assert "Before the quote" in own and NPT_TITLE in own


def test_a_grant_opens_exactly_the_granted_direction(world):
    _, ids, clients = world
    base = _base(ids)
    assert clients["bg"].get(f"{base}/notes/{ids['n_npt']}").status_code == 200  # NPT shares with BG
    assert clients["npt"].get(f"{base}/notes/{ids['n_bg']}").status_code == 403  # not the other way
    assert clients["tor"].get(f"{base}/notes/{ids['n_bg']}").status_code == 403
    assert clients["npt"].get(f"{base}/notes/{ids['n_org']}").status_code == 200  # its recorder's council
    assert clients["bg"].get(f"{base}/notes/{ids['n_org']}").status_code == 200  # …which shares with BG


def test_the_project_export_leaves_out_notes_not_shared(world):
    _, ids, clients = world
    archive = zipfile.ZipFile(io.BytesIO(clients["tor"].get(f"{_base(ids)}/project/export.qdpx").data))
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"Torfaen visit" in everything
    assert NPT_TITLE.encode() not in everything and NPT_BODY_WORD.encode() not in everything


# Denials are audited ---------------------------------------------------------------------------


def test_a_denial_leaves_one_committed_audit_event_after_the_rolled_back_request(world):
    app, ids, clients = world

    def denials():
        with app.app_context():
            return list(
                db.session.scalars(
                    sa.select(AuditEvent).where(AuditEvent.action == "access_denied").order_by(AuditEvent.id)
                )
            )

    before = len(denials())
    assert clients["tor"].get(f"{_base(ids)}/notes/{ids['n_npt']}").status_code == 403
    events = denials()[before:]
    assert len(events) == 1
    assert (events[0].object_type, events[0].object_id) == ("ResearchNote", str(ids["n_npt"]))
    assert events[0].details["rule"] == "raw_note_agreement"
    assert events[0].discovery_id == ids["discovery"]
    # A refusal by a role (@requires) is logged the same way.
    assert clients["lead"].get(f"{_base(ids)}/notes").status_code == 403
    (lead_event,) = denials()[before + 1 :]
    assert lead_event.details["rule"] == "read_notes"
    assurance.record("personal_data_scope", denials_logged=len(events) + 1, denied_requests=2)


# The agreement page ----------------------------------------------------------------------------


def _agreement_post(client, url, **values):
    data = form_data(AgreementForm, **values)
    return post_form(client, url, data)


def test_the_agreement_form_explains_each_mistake(world):
    _, ids, clients = world
    url = f"{_base(ids, 'form_discovery')}/data-sharing-agreement"
    tomorrow = date.today() + timedelta(days=1)
    response = _agreement_post(
        clients["npt"],
        url,
        reference="D" * 41,
        **{"agreed_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]},
        raw_notes="agreement",
        grants=[f"{ids['npt']}:{ids['outsider']}"],
    )
    assert response.status_code == 200
    assert [text for text, _ in error_summary(response)] == [
        "Agreement reference must be 40 characters or fewer",
        "Date agreed must be today or in the past",
        "Raw notes can only be shared between authorities taking part in this discovery",
    ]
    invalid = _agreement_post(
        clients["npt"], url, reference="DSA-1", agreed_on=["31", "2", "2026"], raw_notes="agreement"
    )
    assert [href for _, href in error_summary(invalid)] == ["#agreed_on"]


def test_saving_the_agreement_is_audited_and_a_stale_edit_is_refused(world):
    app, ids, clients = world
    url = f"{_base(ids, 'form_discovery')}/data-sharing-agreement"
    assert clients["tor_squad"].get(url).status_code == 403  # squad members do not edit the discovery
    stale_page = clients["npt"].get(url)
    grant = f"{ids['tor']}:{ids['npt']}"
    saved = _agreement_post(
        clients["npt"],
        url,
        reference="DSA-2026-099",
        version="0",
        agreed_on=["1", "3", "2026"],
        raw_notes="agreement",
        grants=[grant],
    )
    assert saved.status_code == 302
    overview = soup(clients["npt"].get(_base(ids, "form_discovery"))).get_text(" ")
    assert "DSA-2026-099" in overview
    assert "Torfaen County Borough Council shares raw notes with Neath Port Talbot Council" in overview
    with app.app_context():
        (event,) = [
            e
            for e in db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "data_sharing_agreement_saved")
            )
            if e.discovery_id == ids["form_discovery"]
        ]
        assert event.details["after"]["reference"] == "DSA-2026-099"
    from tests.support import csrf_token

    stale = clients["npt"].post(
        url,
        data={
            "csrf_token": csrf_token(_text(stale_page)),
            "version": "0",
            "reference": "DSA-OLD",
            "raw_notes": "all_members",
        },
    )
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(DataSharingAgreement, ids["form_discovery"]).reference == "DSA-2026-099"


# The same rule in SQL, on every database -------------------------------------------------------


def test_the_sql_filter_keeps_exactly_the_notes_may_read_note_allows(any_db_app):
    factories = F
    npt, tor, bg = (factories.authority() for _ in range(3))
    users = [
        factories.user(role="researcher", authorities=[npt]),
        factories.user(role="squad_member", authorities=[tor]),
        factories.user(role="researcher", authorities=[bg]),
        factories.user(role="researcher", authorities=[]),
        factories.user(role="admin", authorities=[]),
    ]
    lone = users[3]
    discovery = factories.discovery(authorities=[npt, tor, bg], members=users)
    recorded_by = factories.participant(discovery=discovery, authority=None, consent_recorded_by=lone)
    people = [factories.participant(discovery=discovery, authority=a) for a in (npt, tor, bg)] + [recorded_by]
    made = [factories.note(discovery=discovery, participants=[p]) for p in people]
    made.append(factories.note(discovery=discovery, participants=[people[0], people[1]]))
    made.append(factories.note(discovery=discovery, researcher=users[2]))
    made.append(factories.note(discovery=discovery))
    agreement = DataSharingAgreement(discovery_id=discovery.id, raw_notes="agreement")
    agreement.grants.append(agreements_grant(discovery, tor, bg))
    db.session.add(agreement)
    db.session.commit()
    checked = 0
    for user in users:
        with any_db_app.test_request_context():
            expected = {n.id for n in made if data_scope.may_read_note(user, n)}
            query = sa.select(ResearchNote.id).where(
                ResearchNote.discovery_id == discovery.id, data_scope.readable_notes_filter(user, discovery)
            )
            assert set(db.session.scalars(query)) == expected, user.role
            checked += len(made)
    by_user = {}
    with any_db_app.test_request_context():
        for user in users:
            by_user[user.id] = {n.id for n in made if data_scope.may_read_note(user, n)}
    assert by_user[users[0].id] == {
        made[0].id,
        made[4].id,
        made[6].id,
    }  # NPT's own, the mixed one, the unowned
    assert by_user[users[2].id] == {
        made[1].id,
        made[2].id,
        made[4].id,
        made[5].id,
        made[6].id,
    }  # + TOR's by grant
    assert by_user[lone.id] == {made[3].id}  # no council: only what they recorded
    assert by_user[users[4].id] == {n.id for n in made}  # an admin member is not bound by the agreement
    assurance.record("personal_data_scope", sql_filter_checks=checked)


def test_every_member_reads_every_note_when_the_agreement_says_so(any_db_app):
    factories = F
    npt, tor = factories.authority(), factories.authority()
    reader = factories.user(role="researcher", authorities=[tor])
    discovery = factories.discovery(authorities=[npt, tor], members=[reader])
    note = factories.note(
        discovery=discovery, participants=[factories.participant(discovery=discovery, authority=npt)]
    )
    db.session.commit()
    with any_db_app.test_request_context():
        assert not data_scope.may_read_note(reader, note)  # two councils: restricted by default
    db.session.add(DataSharingAgreement(discovery_id=discovery.id, raw_notes="all_members"))
    db.session.commit()
    with any_db_app.test_request_context():
        assert data_scope.may_read_note(reader, note)
        query = sa.select(ResearchNote.id).where(data_scope.readable_notes_filter(reader, discovery))
        assert list(db.session.scalars(query)) == [note.id]


# The migration's defaults ----------------------------------------------------------------------

empty_database_app = test_migrations.empty_database_app  # an empty SQLite, then PostgreSQL, database


def test_the_migration_restricts_raw_notes_only_in_discoveries_of_several_councils(empty_database_app):
    from flask_migrate import upgrade

    upgrade(revision="0012")
    sqlite = db.engine.dialect.name == "sqlite"
    ids = {name: (uuid.uuid4().hex if sqlite else str(uuid.uuid4())) for name in ("j", "s", "A", "B")}
    add_authority = sa.text(
        "INSERT INTO authorities (id, code, name, name_cy, kind) VALUES (:i, :c, :c, '', 'council')"
    )
    add_discovery = sa.text(
        "INSERT INTO discoveries (id, slug, title, service, problem_statement, phase, created_at, "
        "updated_at, version, embedder) VALUES (:d, :s, :s, '', '', 'discovery', CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP, 1, 'tfidf')"
    )
    take_part = sa.text("INSERT INTO discovery_authorities (discovery_id, authority_id) VALUES (:d, :a)")
    with db.engine.begin() as conn:
        for code in ("A", "B"):
            conn.execute(add_authority, {"i": ids[code], "c": code})
        for slug, codes in (("j", "AB"), ("s", "A")):
            conn.execute(add_discovery, {"d": ids[slug], "s": slug})
            for code in codes:
                conn.execute(take_part, {"d": ids[slug], "a": ids[code]})
    upgrade()
    read = sa.text(
        "SELECT d.slug, a.raw_notes FROM data_sharing_agreements a "
        "JOIN discoveries d ON d.id = a.discovery_id"
    )
    with db.engine.connect() as conn:
        assert dict(conn.execute(read).all()) == {"j": "agreement", "s": "all_members"}
