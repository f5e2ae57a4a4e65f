"""factory_boy factories for the domain, sharing the app's scoped session."""

from __future__ import annotations

import types
from datetime import date

import factory
import sqlalchemy as sa
from factory.alchemy import SQLAlchemyModelFactory

from discovery.backlog.models import BacklogItem
from discovery.core.models import Authority, Discovery, User
from discovery.core.passwords import hash_password
from discovery.extensions import db
from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage
from research_notes.models import Finding, Participant, ResearchNote, Tag
from tests.support import PASSWORD

_PASSWORD_HASH = hash_password(PASSWORD)


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class AuthorityFactory(_Base):
    class Meta:
        model = Authority

    code = factory.Sequence(lambda n: f"A{n:02d}")
    name = factory.Sequence(lambda n: f"Test County Borough Council {n}")
    name_cy = factory.Sequence(lambda n: f"Cyngor Bwrdeistref Sirol Prawf {n}")
    kind = "council"


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@council.example.gov.wales")
    display_name = factory.Sequence(lambda n: f"Gwen Test {n}")
    role = "researcher"
    password_hash = _PASSWORD_HASH
    authorities = factory.LazyFunction(list)


class DiscoveryFactory(_Base):
    class Meta:
        model = Discovery

    title = factory.Sequence(lambda n: f"Getting help with home adaptations {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    service = "Home adaptations"
    problem_statement = "People do not know who to ask about grab rails and ramps."
    phase = "discovery"
    start_date = date(2026, 9, 1)
    end_date = date(2026, 12, 18)
    authorities = factory.LazyFunction(list)
    members = factory.LazyFunction(list)


class ParticipantFactory(_Base):
    class Meta:
        model = Participant

    discovery = factory.SubFactory(DiscoveryFactory)
    pseudonym = factory.Sequence(lambda n: f"P{n + 1:02d}")
    segment = "resident"
    preferred_language = "en"
    consent_date = date(2026, 9, 10)
    consent_scope = factory.LazyFunction(lambda: ["notes", "quotes"])


class NoteFactory(_Base):
    class Meta:
        model = ResearchNote

    discovery = factory.SubFactory(DiscoveryFactory)
    title = factory.Sequence(lambda n: f"Interview {n}")
    body = "I waited forty minutes on the phone and then the line went dead."
    method = "interview"
    language = "en"


class TagFactory(_Base):
    class Meta:
        model = Tag

    discovery = factory.SubFactory(DiscoveryFactory)
    name = factory.Sequence(lambda n: f"Phone queues {n}")
    colour = "blue"


class FindingFactory(_Base):
    class Meta:
        model = Finding

    note = factory.SubFactory(NoteFactory)
    discovery_id = factory.LazyAttribute(lambda o: o.note.discovery_id or o.note.discovery.id)
    start_offset = 0
    end_offset = factory.LazyAttribute(lambda o: len(o.note.body))
    text = factory.LazyAttribute(lambda o: o.note.body[o.start_offset : o.end_offset])
    kind = "pain_point"


class JourneyMapFactory(_Base):
    class Meta:
        model = JourneyMap

    discovery = factory.SubFactory(DiscoveryFactory)
    title = factory.Sequence(lambda n: f"Getting help at home {n}")
    scenario = "Unpaid carer seeking support for a parent"
    state = "as_is"


class JourneyStageFactory(_Base):
    class Meta:
        model = JourneyStage

    journey_map = factory.SubFactory(JourneyMapFactory)
    position = factory.LazyAttribute(lambda o: len(o.journey_map.stages))
    name = factory.Sequence(lambda n: f"Stage {n}")


class JourneyEntryFactory(_Base):
    class Meta:
        model = JourneyEntry

    stage = factory.SubFactory(JourneyStageFactory)
    lane = "pain_points"
    text = factory.Sequence(lambda n: f"Waited on hold for forty minutes ({n})")


def _next_number(item) -> int:
    discovery_id = item.discovery.id
    highest = db.session.scalar(
        sa.select(sa.func.max(BacklogItem.number)).where(BacklogItem.discovery_id == discovery_id)
    )
    return (highest or 0) + 1


class BacklogItemFactory(_Base):
    class Meta:
        model = BacklogItem

    discovery = factory.SubFactory(DiscoveryFactory)
    number = factory.LazyAttribute(_next_number)
    title = factory.Sequence(lambda n: f"Ring people back when we say we will ({n})")
    priority = "should"
    status = "todo"


# The factories by short name: the ``factories`` fixture, and tests on ``any_db_app``.
ALL_FACTORIES = types.SimpleNamespace(
    authority=AuthorityFactory,
    user=UserFactory,
    discovery=DiscoveryFactory,
    participant=ParticipantFactory,
    note=NoteFactory,
    tag=TagFactory,
    finding=FindingFactory,
    journey_map=JourneyMapFactory,
    journey_stage=JourneyStageFactory,
    journey_entry=JourneyEntryFactory,
    backlog_item=BacklogItemFactory,
)
