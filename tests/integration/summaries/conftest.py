"""A discovery with three councils' participants, accepted themes, a need, a journey map, backlog
items, a research question, a sample target, and a squad and a lead to read it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from discovery.backlog import services as backlog
from discovery.core.models import Authority, Discovery, User
from discovery.extensions import db
from discovery.needs import services as needs
from discovery.plan import services as plan
from discovery.summaries import services as summaries
from discovery.themes.models import Theme
from discovery.themes.review import create_theme
from research_notes.models import Finding, Participant, ParticipantIdentity
from research_notes.notes import services as notes
from tests.support import sign_in

HOLD = "I was on hold for forty minutes and then it cut off."
RING_BACK = "They said they would ring back and they never did."
QUEUE = "The queue music plays for ages and nobody answers the phone."
CARER = "Nobody asked me how I was coping."
CARER_AGAIN = "I am a carer but nobody told me there was help for carers."
NAMED = "Siân Bevan from the council never rang me back about my mum."
PRIVATE = "I waited on the phone for an hour, which I do not want quoted."


@dataclass
class World:
    discovery: Discovery
    researcher: User
    squad_member: User
    lead: User
    npt: Authority
    torfaen: Authority
    blaenau: Authority
    resident: Participant
    carer: Participant
    private: Participant
    findings: dict[str, Finding] = field(default_factory=dict)
    phones: Theme | None = None
    carers: Theme | None = None

    def url(self, path: str = "") -> str:
        return f"/discoveries/{self.discovery.id}/summary{path}"

    def ids(self, *texts: str) -> list:
        return [self.findings[t].id for t in texts]


def _finding(factories, discovery, participant, text: str, **kwargs) -> Finding:
    note = notes.create_note(discovery, title=text[:30], body=text, participants=[participant])
    return factories.finding(
        note=note,
        discovery_id=discovery.id,
        participant=participant,
        end_offset=len(text),
        text=text,
        **kwargs,
    )


def theme(world: World, label: str, texts, status: str = "accepted") -> Theme:
    create_theme(
        world.discovery,
        label,
        f"{label}: what people told us.",
        world.ids(*texts),
        world.researcher,
        status=status,
    )
    db.session.commit()
    return db.session.scalar(
        sa.select(Theme).where(Theme.discovery_id == world.discovery.id, Theme.label == label)
    )


@pytest.fixture
def world(client, factories) -> World:
    """A resident in Torfaen (HOLD, RING_BACK, NAMED), an unpaid carer in Neath Port Talbot (QUEUE,
    CARER, CARER_AGAIN), and a Torfaen resident who did not agree to quotes (PRIVATE). Blaenau
    Gwent takes part but nobody from it has been interviewed yet. Themes "Phone queues" and
    "Carers are not asked"; the researcher is signed in."""
    npt = factories.authority(
        code="NPT", name="Neath Port Talbot Council", name_cy="Cyngor Castell-nedd Port Talbot"
    )
    torfaen = factories.authority(
        code="TOR", name="Torfaen County Borough Council", name_cy="Cyngor Bwrdeistref Sirol Torfaen"
    )
    blaenau = factories.authority(
        code="BG",
        name="Blaenau Gwent County Borough Council",
        name_cy="Cyngor Bwrdeistref Sirol Blaenau Gwent",
    )
    researcher = factories.user(role="researcher", display_name="Rhian Evans", authorities=[npt])
    squad_member = factories.user(role="squad_member", display_name="Dafydd Price", authorities=[npt])
    lead = factories.user(role="authority_lead", display_name="Catrin Hughes", authorities=[torfaen])
    discovery = factories.discovery(
        title="Adult social care", members=[researcher, squad_member], authorities=[npt, torfaen, blaenau]
    )
    resident = factories.participant(
        discovery=discovery, pseudonym="P01", segment="resident", authority=torfaen
    )
    db.session.add(ParticipantIdentity(participant=resident, real_name="Siân Bevan"))
    carer = factories.participant(discovery=discovery, pseudonym="P02", segment="unpaid_carer", authority=npt)
    private = factories.participant(
        discovery=discovery, pseudonym="P03", segment="resident", authority=torfaen, consent_scope=["notes"]
    )
    found = {t: _finding(factories, discovery, resident, t) for t in (HOLD, RING_BACK, NAMED)}
    found |= {t: _finding(factories, discovery, carer, t) for t in (QUEUE, CARER, CARER_AGAIN)}
    found[PRIVATE] = _finding(factories, discovery, private, PRIVATE)
    db.session.commit()
    world = World(
        discovery, researcher, squad_member, lead, npt, torfaen, blaenau, resident, carer, private, found
    )
    world.phones = theme(world, "Phone queues", [HOLD, RING_BACK, NAMED, QUEUE, PRIVATE])
    world.carers = theme(world, "Carers are not asked", [CARER, CARER_AGAIN])
    sign_in(client, researcher)
    return world


@pytest.fixture
def planned(world):
    """The research plan, a need, backlog items and answered questions on top of ``world``."""
    question = plan.add_question(
        world.discovery, "How do people first contact the council?", world.researcher
    )
    plan.add_question(world.discovery, "What do unpaid carers need?", world.researcher)
    plan.set_targets(world.discovery, {"resident": 2, "unpaid_carer": 4}, world.researcher)
    needs.create_need(
        world.discovery,
        needs.NeedData(who="a resident", need="to know when someone will ring back", status="validated"),
        world.researcher,
        finding_ids=world.ids(RING_BACK),
    )
    backlog.create_item(
        world.discovery,
        backlog.ItemData(title="Ring people back", priority="must"),
        world.researcher,
        finding_ids=world.ids(RING_BACK),
    )
    backlog.create_item(
        world.discovery,
        backlog.ItemData(title="Try a chatbot", priority="could"),
        world.researcher,
        finding_ids=[],
    )
    summaries.set_question_themes(world.discovery, question, [world.phones.id], world.researcher)
    db.session.commit()
    return world
