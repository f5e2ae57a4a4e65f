"""A fixture world for the cross-council isolation matrix (issue 14 item 2).

Two discoveries on one SQLite database:

- **A**, "joint": Torfaen, Neath Port Talbot and Caerphilly run it together. Each council has a
  researcher and a squad member in the squad and an authority lead (who belongs through their
  council); an admin is a member too.
- **B**, "separate": run by a partner consultancy with its own researcher, squad member, lead
  and admin member.

Outside both: an admin who is a member of nothing, a Neath Port Talbot researcher who is a
member of nothing, and the signed-out visitor: 17 identities.

Every object a council or discovery owns carries a distinct canary string
(``CANARY-A-TOR-NOTE_RAW-1a2b3c``) in its text: notes (title; a raw sentence outside any
finding; the quoted sentence a finding holds), participants (notes about them, access needs),
identities (real name, contact details), findings (comments), tags (name, description), themes,
user needs, journey maps (title, stage, entry), backlog items, research questions and
hypotheses, the summary narrative (and so its published version and export), and the uploads
waiting for review (a transcript, a spreadsheet). A canary is a needle: if it shows up in an
answer to someone who must not see its object, that is a leak, named by the canary itself.

The world is built once (``build_world``) and shared by the tests of a module.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from discovery import jobs
from discovery.core import services as core_services
from discovery.core.models import Discovery, Hypothesis, ResearchQuestion, User
from discovery.core.tasks import PingPayload
from discovery.extensions import db
from discovery.needs.models import UserNeed
from discovery.summaries import services as summary_services
from discovery.themes.models import ClusterRun, Theme, ThemeChange, ThemeMembership
from research_notes.models import ParticipantIdentity
from research_notes.notes import services as notes_services
from tests.factories import ALL_FACTORIES as F
from tests.support import PASSWORD, csrf_token, post_file, post_form

COUNCILS = {
    "TOR": ("Torfaen County Borough Council", "Cyngor Bwrdeistref Sirol Torfaen", "council"),
    "NPT": (
        "Neath Port Talbot County Borough Council",
        "Cyngor Bwrdeistref Sirol Castell-nedd Port Talbot",
        "council",
    ),
    "CAE": ("Caerphilly County Borough Council", "Cyngor Bwrdeistref Sirol Caerffili", "council"),
    "PCO": ("Partner consultancy", "Ymgynghoriaeth bartner", "partner"),
}
JOINT = ("TOR", "NPT", "CAE")  # discovery A
SEPARATE = ("PCO",)  # discovery B
OWNERS = {"A": JOINT, "B": SEPARATE}

# What each kind of canary is, for deciding who may see it. ------------------------------------
# raw_note: note text outside any finding's quote (restricted between councils by the agreement)
# identity: a participant's real name and contact details (their own council's researchers only)
# participant: what the squad wrote about a pseudonymous participant (notes, access needs)
# note_title: a note's title
# evidence: findings, themes, needs, maps, backlog, plan, summary: shared, pseudonymised
# codebook: tag names and descriptions (admins read any discovery's codebook)
# overview: the discovery's title, problem statement and plan (questions, hypotheses): what
#   its overview page shows, which admins see in every discovery
# pending: an upload waiting for its uploader's review
CLASSES = ("raw_note", "identity", "participant", "note_title", "evidence", "codebook", "overview", "pending")


@dataclass(frozen=True)
class Canary:
    text: str
    discovery: str  # "A" or "B"
    council: str  # "TOR", "NPT", "CAE", "PCO", or "ALL" for the discovery as a whole
    kind: str  # NOTE_RAW, REALNAME, THEME …
    cls: str  # one of CLASSES

    def __str__(self) -> str:
        return f"{self.text} ({self.cls}: {self.kind} of {self.council} in discovery {self.discovery})"


@dataclass(frozen=True)
class Identity:
    key: str
    role: str | None  # None when signed out
    council: str | None
    member_of: frozenset[str]  # discoveries they are a member of
    belongs_to: frozenset[str]  # member, or a lead whose council takes part

    @property
    def label(self) -> str:
        if self.role is None:
            return "signed out"
        where = f" of {self.council}" if self.council else ""
        return f"{self.key} ({self.role}{where})"


@dataclass
class ObjectSet:
    """One council's objects in one discovery: the URL arguments of every route, filled."""

    discovery: str
    council: str
    ids: dict[str, object]


@dataclass
class World:
    app: object
    canaries: list[Canary] = field(default_factory=list)
    identities: dict[str, Identity] = field(default_factory=dict)
    user_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    clients: dict[str, object] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # each client's own CSRF token
    discovery_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    sets: list[ObjectSet] = field(default_factory=list)
    owner: dict[str, str] = field(default_factory=dict)  # discovery -> identity key of its uploader

    def canary(self, discovery: str, council: str, kind: str) -> Canary:
        return next(
            c for c in self.canaries if (c.discovery, c.council, c.kind) == (discovery, council, kind)
        )

    def canaries_of(
        self, discovery: str, *, classes: Iterable[str] | None = None, councils: Iterable[str] | None = None
    ) -> list[Canary]:
        classes = set(classes or CLASSES)
        councils = set(councils) if councils is not None else None
        return [
            c
            for c in self.canaries
            if c.discovery == discovery and c.cls in classes and (councils is None or c.council in councils)
        ]

    def object_set(self, discovery: str, council: str) -> ObjectSet:
        return next(s for s in self.sets if (s.discovery, s.council) == (discovery, council))


def _identities() -> list[tuple[str, str | None, str | None, frozenset[str]]]:
    """(key, role, council, discoveries they are a member of)."""
    people = []
    for code in JOINT:
        low = code.lower()
        people += [
            (f"{low}_researcher", "researcher", code, frozenset("A")),
            (f"{low}_squad", "squad_member", code, frozenset("A")),
            (f"{low}_lead", "authority_lead", code, frozenset()),
        ]
    people += [
        ("admin_member_a", "admin", None, frozenset("A")),
        ("pco_researcher", "researcher", "PCO", frozenset("B")),
        ("pco_squad", "squad_member", "PCO", frozenset("B")),
        ("pco_lead", "authority_lead", "PCO", frozenset()),
        ("admin_member_b", "admin", None, frozenset("B")),
        ("admin_nonmember", "admin", None, frozenset()),
        ("npt_researcher_outside", "researcher", "NPT", frozenset()),
        ("signed_out", None, None, frozenset()),
    ]
    return people


def build_world(make_app, tmp_path) -> World:
    app = make_app(tmp_path)
    world = World(app=app)
    salt = secrets.token_hex(3)

    def plant(discovery: str, council: str, kind: str, cls: str) -> str:
        text = f"CANARY-{discovery}-{council}-{kind}-{salt}"
        world.canaries.append(Canary(text, discovery, council, kind, cls))
        return text

    with app.app_context():
        db.create_all()
        authorities = {
            code: core_services.upsert_authority(code, name, name_cy, kind)
            for code, (name, name_cy, kind) in COUNCILS.items()
        }
        users: dict[str, User] = {}
        for key, role, council, member_of in _identities():
            belongs = set(member_of)
            if role == "authority_lead":
                belongs |= {d for d, owners in OWNERS.items() if council in owners}
            world.identities[key] = Identity(key, role, council, member_of, frozenset(belongs))
            if role is None:
                continue
            users[key] = core_services.create_user(
                f"{key.replace('_', '.')}@example.gov.wales",
                f"Person {key.replace('_', ' ').title()}",
                role,
                PASSWORD,
                [authorities[council]] if council else [],
            )
            world.user_ids[key] = users[key].id
        discoveries = {}
        for name, owners in OWNERS.items():
            title = plant(name, "ALL", "TITLE", "overview")
            discoveries[name] = F.discovery(
                title=f"{title} {'Joint' if name == 'A' else 'Separate'} discovery",
                slug=f"discovery-{name.lower()}-{salt}",
                problem_statement=f"People wait too long. {plant(name, 'ALL', 'PROBLEM', 'overview')}",
                authorities=[authorities[c] for c in owners],
                members=[users[k] for k, ident in world.identities.items() if name in ident.member_of],
            )
            world.discovery_ids[name] = discoveries[name].id
        for name, owners in OWNERS.items():
            discovery = discoveries[name]
            researcher = users[f"{owners[0].lower()}_researcher"]
            run = ClusterRun(
                discovery_id=discovery.id,
                status="succeeded",
                started_by_id=researcher.id,
                started_at=datetime.now(UTC),
                finished_at=datetime.now(UTC),
                finding_count=len(owners),
                theme_count=len(owners),
            )
            db.session.add(run)
            db.session.flush()
            for position, council in enumerate(owners):
                world.sets.append(
                    _council_objects(
                        plant, discovery, authorities[council], name, council, users, run, position
                    )
                )
            run.changes = {
                "first_run": True,
                "new": len(owners),
                "grown": 0,
                "unchanged": 0,
                "replaced": 0,
                "themes": [
                    {"theme_id": str(s.ids["theme"]), "label": "Phone", "change": "new", "members": 1}
                    for s in world.sets
                    if s.discovery == name
                ],
            }
            for s in world.sets:
                if s.discovery == name:
                    s.ids["run"] = run.id
            draft = summary_services.draft_for(discovery)
            summary_services.save_narrative(
                discovery,
                {"key_messages": " ".join(plant(name, c, "NARRATIVE", "evidence") for c in owners)},
                researcher,
                expected_version=draft.version,
            )
            summary_services.publish(discovery, researcher)
        db.session.commit()

    for key, ident in world.identities.items():
        client = app.test_client()
        if ident.role is not None:
            response = post_form(
                client,
                "/sign-in",
                {"email": f"{key.replace('_', '.')}@example.gov.wales", "password": PASSWORD},
            )
            assert response.status_code == 302, f"{key} could not sign in"
            page = client.get("/discoveries", follow_redirects=True)
        else:
            page = client.get("/sign-in")
        world.clients[key] = client
        world.tokens[key] = csrf_token(page.get_data(as_text=True))

    for name, owners in OWNERS.items():
        _uploads(world, plant, name, f"{owners[0].lower()}_researcher")
    return world


def _council_objects(plant, discovery, authority, name, council, users, run, position) -> ObjectSet:
    """One council's participant, note, finding, tags, theme, need, map, backlog item and plan."""
    researcher = users[f"{council.lower()}_researcher"]
    p = lambda kind, cls="evidence": plant(name, council, kind, cls)  # noqa: E731
    participant = F.participant(
        discovery=discovery,
        pseudonym=f"P{position + 1:02d}",
        authority=authority,
        notes=f"Prefers mornings. {p('PARTICIPANT_NOTES', 'participant')}",
        access_needs=f"Uses a screen reader. {p('ACCESS_NEEDS', 'participant')}",
    )
    db.session.add(
        ParticipantIdentity(
            participant=participant,
            real_name=f"Gwen {p('REALNAME', 'identity')}",
            contact_details=f"01633 000000 {p('CONTACT', 'identity')}",
        )
    )
    quote = f"I waited forty minutes on the phone {p('QUOTE')}."
    raw = f"Then I told them about my husband's diagnosis {p('NOTE_RAW', 'raw_note')}."
    note = notes_services.create_note(  # as the page saves one: split into utterances, audited
        discovery,
        title=f"Interview {council} {p('NOTE_TITLE', 'note_title')}",
        body=f"{quote}\n{raw}",
        participants=[participant],
        researcher=researcher,
        created_by=researcher,
        held_on=date(2026, 9, 20 + position),
    )
    finding = F.finding(
        note=note,
        participant=participant,
        start_offset=0,
        end_offset=len(quote),
        comment=f"Long wait. {p('FINDING_COMMENT')}",
        created_by=researcher,
    )
    tag = F.tag(
        discovery=discovery,
        name=f"Waiting {p('TAG_NAME', 'codebook')}",
        description=f"Queues. {p('TAG_DESC', 'codebook')}",
    )
    other_tag = F.tag(discovery=discovery, name=f"Forms {council} {name}", description="Online forms")
    finding.tags.append(tag)
    label = f"Waiting on the phone {p('THEME')}"
    theme = Theme(
        discovery_id=discovery.id,
        cluster_run_id=run.id,
        label=label,
        label_key=label.lower(),
        description=f"People wait. {p('THEME_DESC')}",
        status="accepted",
        keywords=["phone", "wait"],
        key_phrases=["waited forty minutes"],
        created_by_id=researcher.id,
    )
    db.session.add(theme)
    db.session.flush()
    db.session.add(
        ThemeMembership(theme_id=theme.id, finding_id=finding.id, state="member", is_representative=True)
    )
    change = ThemeChange(
        discovery_id=discovery.id,
        action="rename",
        summary={"from": "Phone", "to": label},
        before={str(theme.id): {"label": "Phone"}},
        after={str(theme.id): {"label": label}},
        actor_id=researcher.id,
        themes=[theme],
    )
    db.session.add(change)
    need = UserNeed(
        discovery_id=discovery.id,
        who="an unpaid carer",
        need=f"to reach someone quickly {p('NEED')}",
        goal="I can arrange care",
        created_by_id=researcher.id,
        themes=[theme],
        findings=[finding],
    )
    db.session.add(need)
    journey = F.journey_map(discovery=discovery, title=f"Getting help {p('MAP')}", authority_id=authority.id)
    stage = F.journey_stage(
        journey_map=journey, position=0, name=f"Asking {p('STAGE')}", stage_key="assessment"
    )
    entry = F.journey_entry(
        stage=stage,
        lane="pain_points",
        text=f"Waited on hold {p('ENTRY')}",
        basis="evidenced",
        findings=[finding],
    )
    item = F.backlog_item(
        discovery=discovery,
        title=f"Ring people back {p('BACKLOG')}",
        user_story=f"As a carer … {p('STORY')}",
        findings=[finding],
        themes=[theme],
        needs=[need],
    )
    question = ResearchQuestion(
        discovery_id=discovery.id, position=position, text=f"How do people ask? {p('QUESTION', 'overview')}"
    )
    hypothesis = Hypothesis(
        discovery_id=discovery.id, position=position, text=f"People give up {p('HYPOTHESIS', 'overview')}"
    )
    db.session.add_all([question, hypothesis])
    db.session.flush()
    return ObjectSet(
        name,
        council,
        {
            "discovery": discovery.id,
            "note": note.id,
            "finding": finding.id,
            "participant": participant.id,
            "tag": tag.id,
            "other_tag": other_tag.id,
            "theme": theme.id,
            "change": change.id,
            "need": need.id,
            "journey_map": journey.id,
            "journey_stage": stage.id,
            "journey_entry": entry.id,
            "backlog_item": item.id,
            "research_question": question.id,
            "hypothesis": hypothesis.id,
            "researcher_member": researcher.id,
            "summary_version": 1,
        },
    )


def _new_id(response, what: str) -> uuid.UUID:
    assert response.status_code == 302, f"{what} gave {response.status_code}"
    return uuid.UUID(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _uploads(world: World, plant, name: str, owner: str) -> None:
    """What an upload leaves behind, made through the pages by the discovery's first researcher:
    a transcript and a spreadsheet waiting for review, a codebook and a backlog import, a
    finished job and an export of the published summary."""
    world.owner[name] = owner
    client = world.clients[owner]
    council = world.identities[owner].council
    base = f"/discoveries/{world.discovery_ids[name]}"
    ours = [s for s in world.sets if s.discovery == name]
    transcript = (
        f"Interviewer: How did you first contact the council?\n"
        f"P01: I rang the number on the letter {plant(name, council, 'PENDING_TRANSCRIPT', 'pending')}.\n"
    )
    transcript_import = _new_id(
        post_file(client, f"{base}/notes/import", transcript, "interview.txt"), "a transcript"
    )
    sheet = (
        f"text,participant\nI waited on the phone {plant(name, council, 'PENDING_SHEET', 'pending')}.,P01\n"
    )
    sheet_import = _new_id(
        post_file(client, f"{base}/findings/import", sheet, "findings.csv"), "a spreadsheet"
    )
    imported = plant(name, council, "TAG_IMPORTED", "codebook")
    codebook = f"name,parent,description,colour\nImported {name},,{imported},grey\n"
    codebook_import = _new_id(
        post_file(client, f"{base}/codebook/import", codebook, "codebook.csv"), "a codebook"
    )
    backlog_csv = f"id,status\n{ours[0].ids['backlog_item']},in progress\n"
    response = post_file(client, f"{base}/backlog/import", backlog_csv, "backlog.csv")
    backlog_import = _new_id(response, "a backlog import")
    client.get(response.headers["Location"])  # read its banner, as the person would
    with world.app.app_context():
        discovery = db.session.get(Discovery, world.discovery_ids[name])
        user = db.session.get(User, world.user_ids[owner])
        job = jobs.enqueue("ping", PingPayload(f"Isolation {name}"), discovery=discovery, user=user)
        db.session.commit()
        job_id = jobs.wait(job.id).id
    response = post_form(
        client, f"{base}/summary/export", {"source": "1", "authority": "", "file_format": "md", "lang": "en"}
    )
    export_job = _new_id(response, "exporting the summary")
    with world.app.app_context():
        finished = jobs.wait(export_job)
        assert finished.status == "succeeded", f"the summary export job {finished.status}: {finished.error}"
        export_id = uuid.UUID(finished.result_id)
    for s in ours:
        s.ids.update(
            transcript_import=transcript_import,
            spreadsheet_import=sheet_import,
            codebook_import=codebook_import,
            backlog_import=backlog_import,
            job=job_id,
            summary_export=export_id,
        )
