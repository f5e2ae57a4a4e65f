"""A discovery with interviews about four clear topics, a squad to review its themes, and helpers.

Every theme test runs on SQLite and on PostgreSQL: ``app`` here is the suite's ``any_db_app``.
Eight residents and carers in two councils each gave one interview touching all four topics
(phone waiting times, online forms, carers' respite, Welsh-language services), so the engine
has real structure to find: at the default granularity it suggests one theme per topic.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from discovery import jobs
from discovery.core.models import Discovery, Job, User
from discovery.extensions import db
from discovery.themes import engine, runs
from discovery.themes.forms import ThemeActionForm
from discovery.themes.models import LIVE_STATUSES, ClusterRun, Theme, ThemeMembership
from research_notes.models import Finding, Participant
from tests.support import form_data, post_form, soup
from tests.theme_interviews import TOPICS


@pytest.fixture
def app_on_every_database(any_db_app):
    """Theme tests run on SQLite (tests/conftest.py's ``app``). The modules whose queries and
    constraints differ between the databases (runs, review, consent) also run on PostgreSQL:
    they import this as their ``app``. Running every module on both doubled the suite's longest
    part for pages whose SQL is the same."""
    return any_db_app


@dataclass
class Squad:
    """The discovery, who works on it, and its findings by topic (in interview order)."""

    discovery: Discovery
    researcher: User
    squad_member: User
    lead: User
    participants: list[Participant]
    findings: dict[str, list[Finding]] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/discoveries/{self.discovery.id}/themes"

    def theme_url(self, theme: Theme, tail: str = "") -> str:
        return f"{self.base}/{theme.id}{tail}"

    def topic_ids(self, topic: str) -> set[uuid.UUID]:
        return {f.id for f in self.findings[topic]}


def interview(factories, discovery, participant, sentences, *, title=None) -> list[Finding]:
    """One interview note of the participant's, with each sentence highlighted as a finding."""
    body = "\n".join(sentences)
    note = factories.note(
        discovery=discovery,
        title=title or f"Interview with {participant.pseudonym}",
        body=body,
        participants=[participant],
    )
    found, start = [], 0
    for sentence in sentences:
        end = start + len(sentence)
        found.append(
            factories.finding(note=note, participant=participant, start_offset=start, end_offset=end)
        )
        start = end + 1
    return found


@pytest.fixture
def squad(factories) -> Squad:
    return build_squad(factories)


def build_squad(factories) -> Squad:
    """The discovery, its squad and its interviews, committed."""
    torfaen = factories.authority(name="Torfaen County Borough Council")
    blaenau = factories.authority(name="Blaenau Gwent County Borough Council")
    # Both councils' staff work on the discovery, so each reads both councils' notes under the
    # default data-sharing rule of a joint discovery.
    researcher = factories.user(role="researcher", display_name="Rhian Evans", authorities=[torfaen, blaenau])
    member = factories.user(role="squad_member", display_name="Owain Price", authorities=[torfaen, blaenau])
    lead = factories.user(role="authority_lead", display_name="Siân Morgan", authorities=[torfaen])
    discovery = factories.discovery(
        title="Getting help from the council",
        slug="getting-help-from-the-council",
        authorities=[torfaen, blaenau],
        members=[researcher, member],
    )
    people = [
        factories.participant(
            discovery=discovery,
            pseudonym=f"P{i + 1:02d}",
            segment="unpaid_carer" if i % 2 else "resident",
            authority=torfaen if i < 4 else blaenau,
        )
        for i in range(8)
    ]
    squad = Squad(discovery, researcher, member, lead, people, {topic: [] for topic in TOPICS})
    for i, person in enumerate(people):
        said = interview(factories, discovery, person, [TOPICS[topic][i] for topic in TOPICS])
        for topic, finding in zip(TOPICS, said, strict=True):
            squad.findings[topic].append(finding)
    db.session.commit()
    return squad


# Running and reading themes -------------------------------------------------------------------


def run_themes(discovery, user, **payload) -> ClusterRun:
    """Start a run as the button does, wait for its job, and return the saved run."""
    job = runs.start_run(discovery, user, runs.ClusterPayload(**payload))
    db.session.commit()
    finished = jobs.wait(job.id, timeout=120)
    assert finished.status == "succeeded", (finished.error, finished.error_detail)
    db.session.expire_all()
    return db.session.get(ClusterRun, uuid.UUID(finished.result_id))


def finished_job(job_id) -> Job:
    finished = jobs.wait(job_id, timeout=120)
    db.session.expire_all()
    return finished


def themes(discovery, *statuses: str) -> list[Theme]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Theme)
            .where(Theme.discovery_id == discovery.id, Theme.status.in_(statuses or LIVE_STATUSES))
            .order_by(Theme.label)
        )
    )


def members(theme: Theme, state: str = "member") -> set[uuid.UUID]:
    return set(
        db.session.scalars(
            sa.select(ThemeMembership.finding_id).where(
                ThemeMembership.theme_id == theme.id, ThemeMembership.state == state
            )
        )
    )


def fresh(theme: Theme) -> Theme | None:
    """The theme as the database now has it (None once deleted), whatever this session holds."""
    (theme_id,) = sa.inspect(theme).identity
    db.session.expire_all()
    return db.session.get(Theme, theme_id)


def theme_for(squad: Squad, topic: str, *statuses: str) -> Theme:
    """The live theme holding most of the topic's findings."""
    wanted = squad.topic_ids(topic)
    best = max(themes(squad.discovery, *statuses), key=lambda t: len(members(t) & wanted))
    assert len(members(best) & wanted) >= 4, f"no theme holds the {topic} findings"
    return best


# Acting as a reviewer, through the pages ------------------------------------------------------


def act(client, squad: Squad, theme: Theme, action: str, *, version=None, follow=True):
    """Press a one-button review action (accept, reject, reviewed) on the theme's page."""
    data = form_data(ThemeActionForm, version=str(theme.version if version is None else version))
    return post_form(
        client, squad.theme_url(theme, f"/{action}"), data, get_url=squad.theme_url(theme), follow=follow
    )


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} gave {response.status_code}"
    return soup(response)


@pytest.fixture
def held_run(monkeypatch):
    """Hold every theme run inside the engine until the test releases it."""
    entered, release = threading.Event(), threading.Event()
    real = engine.suggest

    def held(*args, **kwargs):
        entered.set()
        if not release.wait(60):
            raise RuntimeError("the test never released the theme run")
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "suggest", held)
    yield SimpleNamespace(entered=entered, release=release)
    release.set()
    for thread in threading.enumerate():  # let a run finish before its database goes
        if thread.name.startswith("job-") and thread.name != "job-sweeper":
            thread.join(60)
