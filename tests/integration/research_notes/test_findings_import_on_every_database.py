"""Saving a spreadsheet of findings is all or nothing on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from discovery.extensions import db
from research_notes.findings import services as findings_services
from research_notes.findings_import import services
from research_notes.importers.spreadsheet import parse_spreadsheet
from research_notes.models import Finding, ResearchNote, Tag, Utterance
from tests.factories import DiscoveryFactory, ParticipantFactory, TagFactory

pytestmark = pytest.mark.usefixtures("any_db_app")

CSV = (
    "text,participant,tags,kind\n"
    "Taxis to the day centre cost £12 each way,P07,Barriers > Transport,Pain point\n"
    "My neighbour drives me,P08,Barriers,Positive\n"
) + "".join(f"Answer {n},P07,Barriers > Cost,\n" for n in range(500))


def _import(discovery, **choices):
    data = CSV.encode()
    sheet = parse_spreadsheet(data, "survey.csv", max_bytes=10 * 1024 * 1024)
    with force_locale("en"):
        return services.complete_import(
            discovery,
            sheet,
            services.ImportChoices(title="Survey", **choices),
            filename="survey.csv",
            actor=None,
            found=services.personal_data_in(sheet),
            digest=services.spreadsheet_digest(data),
        )


def _counts():
    db.session.expire_all()
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (ResearchNote, Utterance, Finding, Tag)
    )


@pytest.fixture
def discovery():
    discovery = DiscoveryFactory()
    ParticipantFactory(discovery=discovery, pseudonym="P07")
    ParticipantFactory(discovery=discovery, pseudonym="P08")
    barriers = TagFactory(discovery=discovery, name="Barriers")
    TagFactory(discovery=discovery, name="Cost", parent=barriers)
    db.session.commit()
    return discovery


def test_every_row_is_saved_with_its_turn_tags_and_participant(discovery):
    result = _import(discovery, create_tags=True)
    db.session.commit()

    assert (result.findings, result.tags_created) == (502, ["Barriers > Transport"])
    assert _counts() == (1, 502, 502, 3)
    note = db.session.get(ResearchNote, result.note.id)
    for utterance in note.utterances[:3]:
        assert note.body[utterance.char_start : utterance.char_end] == utterance.text
    first = db.session.scalar(sa.select(Finding).where(Finding.utterance_id == note.utterances[0].id))
    assert [t.name for t in first.tags] == ["Transport"] and first.participant.pseudonym == "P07"


def test_a_failure_half_way_leaves_the_transaction_as_it_was(discovery, monkeypatch):
    def fail(*_args, **_kwargs):
        raise findings_services.ConsentWithdrawnError("P07")

    monkeypatch.setattr(findings_services, "create_turn_findings", fail)

    with pytest.raises(services.RowProblemsError):
        _import(discovery, create_tags=True)
    db.session.commit()  # the savepoint was rolled back; the outer transaction is still usable

    assert _counts() == (0, 0, 0, 2)
