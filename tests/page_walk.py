"""Walk every GET page of the app over the demo discovery, as every role, in English and Welsh.

The walk reads the app's URL map, so a new page joins it by existing. It fails, naming the rule,
when it cannot walk a page, and that is how a new area is told what to add here:

- a URL argument it has never seen (``theme_id``): add one line to ``RESOLVERS`` naming the demo
  object that fills it (create the object in ``_extras`` when the demo has none), or to
  ``RESOLVERS_BY_PAGE`` when a name it knows means another object on one page;
- a capability it has never seen: add it to ``ALLOWED``, the table of who may do what, written
  from DESIGN.md and issue 8 §4 independently of ``discovery.core.permissions``;
- a file download (a rule ending in ``.csv``, ``.qdc``, ``.pdf`` …): add it to ``DOWNLOADS``,
  which get a lighter check (status, content type, Cache-Control) instead of the page checks.

For every page and role it checks the status (200, 403, or 302 to /sign-in when signed out; 404
for someone else's import summary), and for every HTML answer the GOV.UK page title ("<page> –
<service name>", with "Error: " only when the page shows an error summary), ``<html lang>``, one
h1, unique ids, no raw template syntax, and on Welsh pages no untranslated text. A case that the
app still gets wrong is listed in ``KNOWN_BUGS`` with the reason; the walk leaves it out and the
tests run it on its own as a strict xfail, so it fails loudly once fixed and its line can go.

The demo load takes about ten seconds, so a test module builds one ``Walk`` (``build_walk``) and
reuses it for every role and language.
"""

from __future__ import annotations

import enum
import functools
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Doctype

from discovery import jobs
from discovery.core import services as core_services
from discovery.core.models import Discovery, User
from discovery.core.tasks import PingPayload
from discovery.demo.loader import demo_password, load_demo
from discovery.demo.manifest import load_manifest
from discovery.extensions import db
from tests import assurance, content_language, security_checks
from tests.support import PASSWORD, SERVICE_NAME, post_file, post_form, soup

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "discovery" / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
LANGUAGES = ("en", "cy")
ERROR_PREFIX = {"en": "Error:", "cy": "Gwall:"}
# What each walk in this test run saw (by walk name), printed at the end of the run (tests/conftest.py).
STATS: dict[str, Counter] = {}

# Who signs in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    role: str | None  # the user's role; None when signed out
    member: bool  # a member of the demo discovery (for a lead: their council takes part)


ROLES: tuple[Role, ...] = (
    Role("admin_nonmember", "admin, not a member", "admin", False),
    Role("admin_member", "admin, a member", "admin", True),
    Role("researcher_member", "researcher, a member", "researcher", True),
    Role("researcher_nonmember", "researcher, not a member", "researcher", False),
    Role("squad_member", "squad member, a member", "squad_member", True),
    Role("lead_taking_part", "authority lead of a council taking part", "authority_lead", True),
    Role("lead_not_taking_part", "authority lead of a council not taking part", "authority_lead", False),
    Role("signed_out", "signed out", None, False),
)
ROLE = {r.key: r for r in ROLES}

# Who may do what (the target behaviour of issue 8 §4) -----------------------------------------

GLOBAL = {
    "list_discoveries": {"admin", "researcher", "squad_member", "authority_lead"},
    "create_discovery": {"admin", "researcher"},
    "manage_users": {"admin"},
}
# Within the demo discovery, by role key. Raw research data (participants, notes, findings and
# their exports) needs membership, for admins like anyone else. Without it an admin sees the
# overview, manages the members (so can join, which is audited) and reads the codebook: the
# squad's codes, not a word any participant said. Editing the discovery and reading its summary
# are for its team. Leads read summaries only; squad members read and review but do not edit.
_TEAM = {"view_discovery", "edit_discovery", "manage_members", "read_summary", "read_codebook"}
_READ_RAW = {"see_participants", "read_notes", "read_findings", "export_findings", "review_themes"}
_WRITE_RAW = {"manage_participants", "edit_notes", "highlight_findings", "manage_codebook"}
# Accepted themes and user needs, with their evidence strength but no quotes: what a lead reads.
_SYNTHESIS = {"read_themes"}
# The squad's working tools: journey maps and the backlog, written by those who review themes.
_SQUAD_TOOLS = {"edit_journeys", "manage_backlog"}
# The summary's draft and narrative are the squad's; researchers (and admin members) publish it.
_SUMMARY_DRAFT = {"edit_summary"}
_PUBLISH = {"publish_summary"}
ALLOWED: dict[str, set[str]] = {
    "admin_nonmember": {"view_discovery", "manage_members", "read_codebook"},
    "admin_member": _TEAM | _READ_RAW | _WRITE_RAW | _SYNTHESIS | _SQUAD_TOOLS | _SUMMARY_DRAFT | _PUBLISH,
    "researcher_member": (
        _TEAM
        | _READ_RAW
        | _WRITE_RAW
        | _SYNTHESIS
        | _SQUAD_TOOLS
        | _SUMMARY_DRAFT
        | _PUBLISH
        | {"see_real_names"}
    ),
    "researcher_nonmember": set(),
    "squad_member": (
        {"view_discovery", "read_summary", "read_codebook"}
        | _READ_RAW
        | _SYNTHESIS
        | _SQUAD_TOOLS
        | _SUMMARY_DRAFT
    ),
    "lead_taking_part": {"view_discovery", "read_summary"} | _SYNTHESIS,
    "lead_not_taking_part": set(),
    "signed_out": set(),
}
KNOWN_CAPABILITIES = (
    set(GLOBAL)
    | _TEAM
    | _READ_RAW
    | _WRITE_RAW
    | _SYNTHESIS
    | _SQUAD_TOOLS
    | _SUMMARY_DRAFT
    | _PUBLISH
    | {"see_real_names"}
)

# Pages that answer with a redirect when things are as they should be: endpoint -> path.
REDIRECTS = {"core.index": "/discoveries", "findings.move_in_note": "/highlight"}
# Pieces of a page that its script fetches and places (the coding panel): no title, lang or h1 of
# their own, so they get every other check (status, ids, untranslated text) but not those three.
FRAGMENTS = {"findings.highlight_panel"}
# Where a page sends one role elsewhere: (endpoint, user role) -> path. Leads land on summaries.
REDIRECTS_FOR_ROLE = {
    ("core.index", "authority_lead"): "/summaries",
    ("core.sign_in", "authority_lead"): "/summaries",
}
# Pages only the person who started the work may open: endpoint -> (the role key of that person,
# what anyone else who may use the area gets). A pending transcript is refused to other editors;
# a codebook import's summary is not found for them, so its address does not say it exists.
OWNER_ONLY = {
    "notes.review_import": ("researcher_member", 403),
    "findings_import.review_spreadsheet": ("researcher_member", 403),
    "tags.import_result": ("researcher_member", 404),
    "backlog.import_result": ("researcher_member", 404),
    "summaries.download_export": ("researcher_member", 404),
}
# Public pages that send a signed-in person on: endpoint -> path.
SIGNED_IN_REDIRECTS = {"core.sign_in": "/discoveries"}

# Files, not pages: endpoint -> (content types accepted, must it say Cache-Control: no-store).
# An answer in HTML (a 403 page, or a status page made readable) gets the page checks instead.
DOWNLOADS: dict[str, tuple[tuple[str, ...], bool]] = {
    "findings.export_findings": (("text/csv",), True),
    "themes.export_themes": (("text/csv",), True),
    "journeys.export_csv": (("text/csv",), True),
    "journeys.export_pdf": (("application/pdf",), True),
    "tags.export_csv": (("text/csv",), True),
    "backlog.export_jira": (("text/csv",), True),
    "backlog.export_csv": (("text/csv",), True),
    "backlog.export_json": (("application/json",), True),
    "tags.export_qdc": (("application/xml", "text/xml", "application/octet-stream"), True),
    "exchange.export_project": (("application/zip",), True),
    "jobs.job_status": (("application/json",), True),
    "summaries.download_export": (("text/markdown",), True),  # polled while a job runs: never a stale copy
    "health.healthz": (("application/json",), False),
    "favicon": (("image/x-icon", "image/vnd.microsoft.icon", "image/png", "image/svg+xml"), False),
    "core.favicon": (("image/x-icon", "image/vnd.microsoft.icon", "image/png", "image/svg+xml"), False),
}
FILE_RULE = re.compile(r"\.[a-z0-9]{2,4}$")
SKIPPED_ENDPOINTS = {"static"}

# Cases the app still gets wrong: (endpoint, role key, language or "*") -> reason. ---------------

KNOWN_BUGS: dict[tuple[str, str, str], str] = {}
# English text left on Welsh pages -> (a page where it shows, as whom, why). The walk ignores the
# text everywhere; one strict xfail per text proves it is still there. A govuk-frontend-jinja
# macro's English default (a footer, an aria-label) is the usual cause: pass it the Welsh.
KNOWN_UNTRANSLATED: dict[str, tuple[str, str, str]] = {}
KNOWN_UNTRANSLATED_PATTERNS: tuple[re.Pattern, ...] = ()  # texts that vary, as r"^Page \d+$"
# Axe violations the app still has: (endpoint, language) -> reason (the browser walk).
KNOWN_AXE_BUGS: dict[tuple[str, str], str] = {}
# Pages that still scroll sideways at 320 CSS px (WCAG 1.4.10): (endpoint, language) -> reason
# (the browser walk, tests/browser/test_page_walk.py). The 19 found on 7 December 2026 (wide
# tables, the journey map, a long email address) were fixed the same day.
KNOWN_REFLOW_BUGS: dict[tuple[str, str], str] = {}


def known_bug(endpoint: str, role: str, lang: str) -> str | None:
    return KNOWN_BUGS.get((endpoint, role, lang)) or KNOWN_BUGS.get((endpoint, role, "*"))


# Filling URL arguments from the demo ----------------------------------------------------------

# Argument name -> the demo object (its id) that fills it. Keys of ``Walk.ids`` are filled by
# ``_demo_ids`` and ``_extras`` below.
RESOLVERS: dict[str, Callable[[Walk], object]] = {
    "discovery_id": lambda w: w.ids["discovery"],
    "note_id": lambda w: w.ids["note"],
    "finding_id": lambda w: w.ids["finding"],
    "participant_id": lambda w: w.ids["participant"],
    "tag_id": lambda w: w.ids["tag"],
    "target_id": lambda w: w.ids["other_tag"],  # tags.confirm_merge: a tag to merge into
    "import_id": lambda w: w.ids["transcript_import"],
    "job_id": lambda w: w.ids["job"],
    "theme_id": lambda w: w.ids["theme"],  # an accepted theme, so a lead may open it too
    "run_id": lambda w: w.ids["run"],
    "need_id": lambda w: w.ids["need"],
    "map_id": lambda w: w.ids["journey_map"],
    "stage_id": lambda w: w.ids["journey_stage"],
    "entry_id": lambda w: w.ids["journey_entry"],
    "findings_import_id": lambda w: w.ids["spreadsheet_import"],
    "user_id": lambda w: w.ids["researcher_member"],
    "item_id": lambda w: w.ids["backlog_item"],
    "question_id": lambda w: w.ids["research_question"],
    "hypothesis_id": lambda w: w.ids["hypothesis"],
    "number": lambda w: w.ids["summary_version"],
    "export_id": lambda w: w.ids["summary_export"],
    "authority_id": lambda w: w.ids["authority"],
    "token": lambda w: w.ids["password_link"],  # a live link to choose a password (its secret)
}
# Where one argument name fills a different object on one page: (endpoint, argument) -> filler.
RESOLVERS_BY_PAGE: dict[tuple[str, str], Callable[[Walk], object]] = {
    ("tags.import_result", "import_id"): lambda w: w.ids["codebook_import"],
    ("backlog.import_result", "import_id"): lambda w: w.ids["backlog_import"],
}


def resolver(endpoint: str, argument: str) -> Callable[[Walk], object] | None:
    return RESOLVERS_BY_PAGE.get((endpoint, argument)) or RESOLVERS.get(argument)


class WalkError(AssertionError):
    """The walk cannot go on until this module is told about something new in the app."""


@dataclass(frozen=True)
class Page:
    rule: str
    endpoint: str
    url: str
    capability: str | None
    public: bool
    download: bool

    def __str__(self) -> str:
        return f"{self.url} ({self.endpoint})"


@dataclass
class Walk:
    app: object
    ids: dict[str, object] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    clients: dict[str, object] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    user_text: UserText | None = None
    content: content_language.ContentLanguages | None = None
    catalogue: Catalogue | None = None
    stats: Counter = field(default_factory=Counter)
    english: dict[tuple[str, str], str] = field(default_factory=dict)  # English HTML, for Welsh checks
    base_url: str = ""  # where the browser walk serves the app

    def page(self, endpoint: str) -> Page:
        return next(p for p in self.pages if p.endpoint == endpoint)


def capability_name(capability) -> str | None:
    """A capability as the string the tables above use, whether a str or an enum member."""
    if capability is None:
        return None
    if isinstance(capability, enum.Enum):
        return capability.value if isinstance(capability.value, str) else capability.name.lower()
    return str(capability)


def get_capability(view) -> str | None:
    """What the view needs for GET: ``required_capabilities`` (method -> capability), else
    ``required_capability``."""
    by_method = getattr(view, "required_capabilities", None)
    if by_method:
        by_method = {str(k).upper(): v for k, v in dict(by_method).items()}
        return capability_name(by_method.get("GET") or by_method.get("HEAD"))
    return capability_name(getattr(view, "required_capability", None))


def pages_of(walk: Walk) -> list[Page]:
    """Every GET rule of the URL map, its arguments filled from the demo. Raises WalkError."""
    app = walk.app
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        unknown = sorted(a for a in rule.arguments if resolver(rule.endpoint, a) is None)
        if unknown:
            raise WalkError(
                f"The page walk cannot fill {', '.join(unknown)} in {rule.rule} ({rule.endpoint}): "
                f"add a line to RESOLVERS in tests/page_walk.py naming the demo object that fills it"
            )
        with app.app_context():
            values = {name: resolver(rule.endpoint, name)(walk) for name in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        view = app.view_functions[rule.endpoint]
        capability = get_capability(view)
        public = bool(getattr(view, "is_public", False))
        if capability and capability not in KNOWN_CAPABILITIES:
            raise WalkError(
                f"{rule.rule} ({rule.endpoint}) needs capability {capability!r}, which the walk's "
                f"table of who may do what does not know: add it to ALLOWED in tests/page_walk.py"
            )
        download = rule.endpoint in DOWNLOADS
        if FILE_RULE.search(rule.rule) and not download:
            raise WalkError(
                f"{rule.rule} ({rule.endpoint}) looks like a file: add it to DOWNLOADS in "
                f"tests/page_walk.py with its content type"
            )
        pages.append(Page(rule.rule, rule.endpoint, url, capability, public, download))
    return pages


# What each role should get ---------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    status: int
    location: str | None = None  # the path a redirect must point to

    def __str__(self) -> str:
        return f"{self.status}" + (f" to {self.location}" if self.location else "")


def expected(page: Page, role: Role) -> Expected:
    if page.public:
        if (page.endpoint, role.role) in REDIRECTS_FOR_ROLE:
            return Expected(302, REDIRECTS_FOR_ROLE[(page.endpoint, role.role)])
        if role.role is not None and page.endpoint in SIGNED_IN_REDIRECTS:
            return Expected(302, SIGNED_IN_REDIRECTS[page.endpoint])
        return Expected(200)
    if role.role is None:
        return Expected(302, "/sign-in")
    capability = page.capability
    allowed = role.role in GLOBAL[capability] if capability in GLOBAL else capability in ALLOWED[role.key]
    if not allowed:
        return Expected(403)
    if page.endpoint in OWNER_ONLY:
        owner, others_get = OWNER_ONLY[page.endpoint]
        if role.key != owner:
            return Expected(others_get)
    if (page.endpoint, role.role) in REDIRECTS_FOR_ROLE:
        return Expected(302, REDIRECTS_FOR_ROLE[(page.endpoint, role.role)])
    if page.endpoint in REDIRECTS:
        return Expected(302, REDIRECTS[page.endpoint])
    return Expected(200)


# Building the walk: one app, the demo, a signed-in client per role ------------------------------


def build_walk(make_app, tmp_path, name: str = "integration", **config) -> Walk:
    """The demo discovery in a fresh app, every role signed in, every page resolved."""
    app = make_app(tmp_path, **config)
    walk = Walk(app=app, stats=STATS.setdefault(name, Counter()))
    with app.app_context():
        db.create_all()
        load_demo()
        walk.passwords["demo"] = demo_password()
        _people(walk)
        db.session.commit()
        _demo_ids(walk)
    for role in ROLES:
        client = app.test_client()
        if role.role is not None:
            password = PASSWORD if role.key in walk.passwords else walk.passwords["demo"]
            response = post_form(client, "/sign-in", {"email": walk.emails[role.key], "password": password})
            assert response.status_code == 302, f"{role.label} could not sign in"
        walk.clients[role.key] = client
    _extras(walk)
    with app.app_context():
        walk.user_text = UserText.from_database()
        walk.content = content_language.ContentLanguages.from_database()
    walk.catalogue = Catalogue.load()
    walk.pages = pages_of(walk)
    return walk


def _people(walk: Walk) -> None:
    """The demo's own people where it has them; the others made here, with the test password."""
    manifest = load_manifest()
    by_role = {u.role: u.email for u in reversed(manifest.users)}
    walk.emails["admin_nonmember"] = by_role["admin"]
    walk.emails["researcher_member"] = manifest.discovery.members[0]
    walk.emails["squad_member"] = by_role["squad_member"]
    walk.emails["lead_taking_part"] = by_role["authority_lead"]
    discovery = core_services.discovery_by_slug(manifest.discovery.slug)
    walk.ids["discovery"] = discovery.id
    outside = core_services.upsert_authority("MON", "Monmouthshire County Council", "Cyngor Sir Fynwy")
    walk.ids["authority"] = outside.id
    extra = {
        "admin_member": ("nia.admin@discovery.example", "Nia Evans", "admin", []),
        "researcher_nonmember": (
            "dylan.price@monmouthshire.example.gov.wales",
            "Dylan Price",
            "researcher",
            [outside],
        ),
        "lead_not_taking_part": (
            "elin.ward@monmouthshire.example.gov.wales",
            "Elin Ward",
            "authority_lead",
            [outside],
        ),
    }
    for key, (email, name, role, authorities) in extra.items():
        user = core_services.create_user(email, name, role, PASSWORD, authorities)
        walk.emails[key] = email
        walk.passwords[key] = PASSWORD
        if key == "admin_member":
            core_services.add_member(discovery, user)
    for key in ("researcher_member",):
        walk.ids[key] = core_services.user_by_email(walk.emails[key]).id


def _demo_ids(walk: Walk) -> None:
    """A note with findings, one of its findings, a participant in it, and two unrelated tags."""
    from research_notes.models import Finding, Participant, ResearchNote, Tag

    discovery_id = walk.ids["discovery"]
    note = db.session.scalar(
        sa.select(ResearchNote)
        .join(Finding, Finding.note_id == ResearchNote.id)
        .where(ResearchNote.discovery_id == discovery_id)
        .order_by(ResearchNote.held_on, ResearchNote.title)
        .limit(1)
    )
    walk.ids["note"] = note.id
    walk.ids["finding"] = db.session.scalar(
        sa.select(Finding.id).where(Finding.note_id == note.id).order_by(Finding.start_offset).limit(1)
    )
    walk.ids["participant"] = db.session.scalar(
        sa.select(Participant.id)
        .where(Participant.discovery_id == discovery_id)
        .order_by(Participant.pseudonym)
        .limit(1)
    )
    roots = db.session.scalars(
        sa.select(Tag.id).where(Tag.discovery_id == discovery_id, Tag.parent_id.is_(None)).order_by(Tag.name)
    ).all()
    walk.ids["tag"], walk.ids["other_tag"] = roots[0], roots[1]
    from discovery.themes.models import ClusterRun, Theme

    walk.ids["theme"] = db.session.scalar(
        sa.select(Theme.id)
        .where(Theme.discovery_id == discovery_id, Theme.status == "accepted")
        .order_by(Theme.label)
        .limit(1)
    )
    runs = sa.select(ClusterRun.id).where(ClusterRun.discovery_id == discovery_id)
    walk.ids["run"] = db.session.scalar(runs)
    from discovery.needs.models import UserNeed

    walk.ids["need"] = db.session.scalar(
        sa.select(UserNeed.id).where(UserNeed.discovery_id == discovery_id).order_by(UserNeed.who).limit(1)
    )
    from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage

    walk.ids["journey_map"] = db.session.scalar(
        sa.select(JourneyMap.id)
        .where(JourneyMap.discovery_id == discovery_id)
        .order_by(JourneyMap.title)
        .limit(1)
    )
    walk.ids["journey_stage"] = db.session.scalar(
        sa.select(JourneyStage.id)
        .where(JourneyStage.journey_map_id == walk.ids["journey_map"], JourneyStage.stage_key == "assessment")
        .limit(1)
    )
    walk.ids["journey_entry"] = db.session.scalar(
        sa.select(JourneyEntry.id)
        .where(JourneyEntry.stage_id == walk.ids["journey_stage"], JourneyEntry.lane == "thoughts")
        .order_by(JourneyEntry.position)
        .limit(1)
    )
    from discovery.backlog.models import BacklogItem

    walk.ids["backlog_item"] = db.session.scalar(
        sa.select(BacklogItem.id).where(BacklogItem.discovery_id == discovery_id, BacklogItem.number == 1)
    )
    from discovery.core.models import Hypothesis, ResearchQuestion

    walk.ids["research_question"] = db.session.scalar(
        sa.select(ResearchQuestion.id)
        .where(ResearchQuestion.discovery_id == discovery_id)
        .order_by(ResearchQuestion.position)
        .limit(1)
    )
    walk.ids["hypothesis"] = db.session.scalar(
        sa.select(Hypothesis.id)
        .where(Hypothesis.discovery_id == discovery_id)
        .order_by(Hypothesis.position)
        .limit(1)
    )
    walk.ids["summary_version"] = 1  # the demo publishes version 1


def _extras(walk: Walk) -> None:
    """What the demo has none of, made through the pages as a researcher would: a participant's
    real name, a codebook import (its result page), a transcript and a spreadsheet upload waiting
    for review, a backlog CSV import (its result page), and
    a finished background job (the core's ``ping``, as no page of the demo starts one yet), and a
    person invited by an admin (their link to choose a password)."""
    client = walk.clients["researcher_member"]
    base = f"/discoveries/{walk.ids['discovery']}"
    participant = f"{base}/participants/{walk.ids['participant']}"
    opened = soup(client.get(f"{participant}/real-name/edit")).select_one("input[name=version]")["value"]
    response = post_form(
        client,
        f"{participant}/real-name/edit",
        {"real_name": "Morwenna Gwyn", "contact_details": "01633 000000", "version": opened},
    )
    assert response.status_code == 302, f"saving a real name gave {response.status_code}"
    csv = "name,parent,description,colour\nWalk check,,Added by the page walk,grey\n"
    response = post_file(client, f"{base}/codebook/import", csv, "walk-codebook.csv")
    assert response.status_code == 302, f"importing a codebook gave {response.status_code}"
    walk.ids["codebook_import"] = uuid.UUID(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    transcript = (
        "Interviewer: How did you first contact the council?\nP01: I rang the number on the letter.\n"
    )
    response = post_file(client, f"{base}/notes/import", transcript, "walk-interview.txt")
    assert response.status_code == 302, f"uploading a transcript gave {response.status_code}"
    walk.ids["transcript_import"] = uuid.UUID(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    sheet = "text,participant\nI waited forty minutes on the phone.,P01\n"
    response = post_file(client, f"{base}/findings/import", sheet, "walk-findings.csv")
    assert response.status_code == 302, f"uploading a spreadsheet gave {response.status_code}"
    walk.ids["spreadsheet_import"] = uuid.UUID(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    backlog_csv = f"id,status\n{walk.ids['backlog_item']},in progress\n"
    response = post_file(client, f"{base}/backlog/import", backlog_csv, "walk-backlog.csv")
    assert response.status_code == 302, f"importing a backlog CSV gave {response.status_code}"
    walk.ids["backlog_import"] = uuid.UUID(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    client.get(response.headers["Location"])  # read its "imported" banner, as the person would
    with walk.app.app_context():
        discovery = db.session.get(Discovery, walk.ids["discovery"])
        researcher = db.session.get(User, walk.ids["researcher_member"])
        job = jobs.enqueue("ping", PingPayload("Page walk"), discovery=discovery, user=researcher)
        db.session.commit()
        walk.ids["job"] = jobs.wait(job.id).id
    invite = {
        "email": "walk.invitee@torfaen.example.gov.wales",
        "display_name": "Walk Invitee",
        "role": "admin",
    }
    response = post_form(walk.clients["admin_nonmember"], "/people/invite", invite)
    assert response.status_code == 200, f"inviting a person gave {response.status_code}"
    link = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("#link")["value"]
    walk.ids["password_link"] = link.rsplit("/", 1)[1]
    response = post_form(
        client, f"{base}/summary/export", {"source": "1", "authority": "", "file_format": "md", "lang": "en"}
    )
    assert response.status_code == 302, f"exporting the summary gave {response.status_code}"
    export_job = uuid.UUID(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    with walk.app.app_context():
        finished = jobs.wait(export_job)
        assert finished.status == "succeeded", f"the summary export job {finished.status}: {finished.error}"
        walk.ids["summary_export"] = uuid.UUID(finished.result_id)


# Checking one page ---------------------------------------------------------------------------


def fetch(walk: Walk, role: str, page: Page, lang: str):
    sep = "&" if "?" in page.url else "?"
    return walk.clients[role].get(f"{page.url}{sep}lang={lang}")


def check(walk: Walk, role_key: str, page: Page, lang: str, *, stats: Counter | None = None) -> list[str]:
    """Everything wrong with this page for this role in this language (empty when all is well)."""
    role = ROLE[role_key]
    want = expected(page, role)
    response = fetch(walk, role_key, page, lang)
    if stats is not None:
        stats["cases"] += 1
        stats[f"status {response.status_code}"] += 1
    where = f"{page} as {role.label} in {lang}"
    problems = []
    if response.status_code >= 500:
        return [f"{where}: server error {response.status_code}"]
    security = security_checks.response_problems(response, path=page.url)
    if stats is not None:
        stats["security checked"] += 1
        stats["security failing"] += bool(security)
    problems += [f"{where}: {p}" for p in security]
    if response.status_code != want.status:
        problems.append(f"{where}: got {response.status_code}, expected {want}")
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if want.location and not location.split("?")[0].endswith(want.location):
            problems.append(f"{where}: redirects to {location}, expected {want.location}")
        return problems
    if page.download and response.mimetype != "text/html":
        types, no_store = DOWNLOADS[page.endpoint]
        if response.mimetype not in types:
            problems.append(f"{where}: content type {response.mimetype}, expected one of {types}")
        if no_store and "no-store" not in response.headers.get("Cache-Control", ""):
            problems.append(f"{where}: research data without Cache-Control: no-store")
        return problems
    if response.mimetype != "text/html":
        return problems + [f"{where}: answered {response.mimetype}, not a page (add it to DOWNLOADS?)"]
    html = response.get_data(as_text=True)
    problems += [f"{where}: {p}" for p in page_problems(html, lang, fragment=page.endpoint in FRAGMENTS)]
    problems += [f"{where}: {p}" for p in content_language.problems(walk.content, html, lang)]
    if lang == "en":
        walk.english[(role_key, page.url)] = html
    else:
        english = walk.english.get((role_key, page.url))
        if english is None:
            english = fetch(walk, role_key, page, "en").get_data(as_text=True)
        problems += [f"{where}: {p}" for p in untranslated(walk, html, english)]
    return problems


def page_problems(html: str, lang: str, *, fragment: bool = False) -> list[str]:
    """The checks every page gets, whatever its status (a fragment skips title, lang and h1)."""
    problems = []
    page = BeautifulSoup(html, "html.parser")
    if fragment:
        ids = Counter(tag["id"] for tag in page.select("[id]"))
        repeated = sorted(i for i, n in ids.items() if n > 1)
        return [f"repeated ids {repeated}"] if repeated else []
    title = page.title.get_text().strip() if page.title else ""
    suffix = f" – {SERVICE_NAME[lang]}"
    has_errors = page.select_one(".govuk-error-summary") is not None
    if not title.endswith(suffix) or not title[: -len(suffix)].strip():
        problems.append(f"title {title!r} is not '<page> – {SERVICE_NAME[lang]}'")
    if title.startswith(ERROR_PREFIX[lang]) != has_errors:
        problems.append(
            f"title {title!r} " + ("lacks" if has_errors else "has") + f" the {ERROR_PREFIX[lang]!r} prefix"
        )
    if page.html is None or page.html.get("lang") != lang:
        problems.append(f"<html lang> is {page.html.get('lang') if page.html else None!r}, not {lang!r}")
    headings = page.select("h1")
    if len(headings) != 1 or not headings[0].get_text(strip=True):
        problems.append(f"{len(headings)} h1 headings, not one")
    ids = Counter(tag["id"] for tag in page.select("[id]"))
    if repeated := sorted(i for i, n in ids.items() if n > 1):
        problems.append(f"repeated ids {repeated}")
    for script in page(["script", "style"]):
        script.decompose()
    text = page.get_text(" ")
    for raw in ("{{", "{%", "%(", "%{"):
        if raw in text:
            at = text.index(raw)
            problems.append(f"raw template syntax {text[max(0, at - 30) : at + 30]!r}")
    return problems


# Welsh ---------------------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]{2,}")
SEPARATORS = re.compile(r"\s*[,;·|()\[\]:–—/“”‘’\"›>]\s*|\s+-\s+")
# Text that reads the same in both languages: names of things, not words to translate.
SAME_IN_BOTH = {"English", "GOV.UK", "CSV", "REFI-QDA", "QDC", "Jira", "OK", "Cymraeg"}
_HIDDEN = {"script", "style", "noscript", "template", "title", "head"}
_MACHINE = {"code", "pre", "kbd", "samp"}  # file formats and commands, the same in any language
_ATTRIBUTES = ("aria-label", "alt", "placeholder", "title")


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Catalogue:
    """The English msgids whose Welsh differs, and every Welsh msgstr."""

    english: set[str]
    patterns: list[re.Pattern]
    welsh: set[str]

    @classmethod
    def load(cls) -> Catalogue:
        english, patterns, welsh = set(), [], set()
        with CATALOGUE.open("rb") as handle:
            messages = [m for m in read_po(handle) if m.id]
        placeholder = re.compile(r"%\([a-z_]+\)[sd]|%\{count\}|%[sd]")
        for message in messages:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            welsh |= {_norm(s) for s in strings if s}
            for msgid in ids:
                msgid = _norm(msgid)
                if "<" in msgid or any(_norm(s) == msgid for s in strings):
                    continue
                if placeholder.search(msgid):
                    literal = placeholder.sub(" ", msgid)
                    if len(WORD.findall(literal)) >= 2:
                        parts = [re.escape(p) for p in placeholder.split(msgid)]
                        patterns.append(re.compile("^" + "(.+?)".join(parts) + "$"))
                else:
                    english.add(msgid)
        return cls(english, patterns, welsh)

    def english_text(self, text: str) -> bool:
        return text in self.english or any(p.match(text) for p in self.patterns)


class UserText:
    """Every string the database holds (demo notes, names, titles, tags …): content, not UI.

    A text node made only of such strings is user content and is never read as untranslated.
    """

    def __init__(self, values: set[str]) -> None:
        self.exact = values | {line for v in values for line in (_norm(x) for x in v.splitlines()) if line}
        self.blob = "\n".join(sorted(self.exact))

    @classmethod
    def from_database(cls) -> UserText:
        values: set[str] = set()

        def gather(value) -> None:
            if isinstance(value, str):
                if WORD.search(value):
                    values.add(_norm(value))
                    values.update(_norm(line) for line in value.splitlines() if line.strip())
            elif isinstance(value, dict):
                for item in value.values():
                    gather(item)
            elif isinstance(value, list | tuple):
                for item in value:
                    gather(item)

        for table in db.metadata.sorted_tables:
            columns = [
                c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON | sa.Enum)
            ]
            if not columns:
                continue
            for row in db.session.execute(sa.select(*columns)):
                for value in row:
                    gather(value)
        return cls(values)

    @functools.lru_cache(maxsize=20000)  # noqa: B019 - one instance per walk, kept for its life
    def holds(self, text: str) -> bool:
        if self._holds(text) or self._holds(text.strip(" :;,·–—|/")):  # ": P01's words" after a label
            return True
        parts = [p for p in SEPARATORS.split(text) if WORD.search(p)]
        return bool(parts) and parts != [text] and all(self._holds(p) for p in parts)

    def _holds(self, text: str) -> bool:
        """A stored value, or (for text long enough not to be a button label) part of one; a
        value cut short for a label ("Waited forty minutes on…") is still part of one."""
        text = text.removesuffix("...").removesuffix("…").rstrip()
        if text in self.exact:
            return True
        return len(WORD.findall(text)) >= 4 and text in self.blob


def visible_texts(html: str) -> Iterator[str]:
    """Text a person reads or hears: text nodes and labelling attributes, outside elements whose
    ``lang`` says they are in another language (user content in English, the language switch)
    or that say ``translate="no"`` (content shown in pieces, as a word-by-word comparison)."""
    page = BeautifulSoup(html, "html.parser")

    def foreign(element) -> bool:
        for parent in [element, *element.parents]:
            if getattr(parent, "attrs", None) and parent.attrs.get("translate") == "no":
                return True  # marked as content, never to be translated (the squad's own words)
            lang = getattr(parent, "attrs", {}).get("lang") if getattr(parent, "attrs", None) else None
            if lang is not None and parent.name != "html":
                return not lang.startswith("cy")
        return False

    for string in page.find_all(string=True):
        if isinstance(string, Comment | Doctype) or not isinstance(string, NavigableString):
            continue
        if any(parent.name in _HIDDEN or parent.name in _MACHINE for parent in string.parents):
            continue
        if string.parent.name == "tspan":  # one line of an SVG label: read with its label below
            continue
        text = _norm(string)
        if text and WORD.search(text) and not foreign(string.parent):
            yield text
    for label in page.find_all("text"):  # an SVG label wrapped over lines is one text
        text = _norm(label.get_text(" "))
        if label.find("tspan") and text and WORD.search(text) and not foreign(label):
            yield text
    for element in page.select(",".join(f"[{a}]" for a in _ATTRIBUTES)):
        if element.name in _HIDDEN or foreign(element):
            continue
        for attribute in _ATTRIBUTES:
            text = _norm(element.get(attribute, ""))
            if text and WORD.search(text):
                yield text


def untranslated(walk: Walk, welsh_html: str, english_html: str) -> list[str]:
    """English left on a Welsh page: text equal to an English msgid whose Welsh differs, or text
    the English page has too that is neither user content nor a Welsh msgstr (a string the code
    never passed through gettext)."""
    catalogue, user_text = walk.catalogue, walk.user_text
    english_page = set(visible_texts(english_html))
    found = []
    for text in dict.fromkeys(visible_texts(welsh_html)):
        if text in SAME_IN_BOTH or text in catalogue.welsh or user_text.holds(text):
            continue
        if text in KNOWN_UNTRANSLATED or any(p.match(text) for p in KNOWN_UNTRANSLATED_PATTERNS):
            continue
        if catalogue.english_text(text):
            found.append(f"untranslated {text!r} (in the catalogue, Welsh not used)")
        elif text in english_page and len(WORD.findall(text)) >= 1:
            found.append(f"untranslated {text!r} (the same on the English page; not in the catalogue)")
    return found


# The walk ------------------------------------------------------------------------------------


def walk_role(walk: Walk, role_key: str, lang: str) -> list[str]:
    """Every page for one role in one language, except the known bugs; all problems found."""
    problems = []
    checked, failing = walk.stats["security checked"], walk.stats["security failing"]
    for page in walk.pages:
        if known_bug(page.endpoint, role_key, lang):
            walk.stats["cases"] += 1
            walk.stats["known bugs (strict xfail)"] += 1
            continue
        problems += check(walk, role_key, page, lang, stats=walk.stats)
    # Every answer of the walk had its security headers and inline code checked (security_checks).
    assurance.record(
        "headers",
        pages_checked=walk.stats["security checked"] - checked,
        pages_failing=walk.stats["security failing"] - failing,
    )
    walk.stats["pages"] = max(walk.stats["pages"], len(walk.pages))
    walk.stats[f"walked {role_key} {lang}"] = 1
    return problems


def known_cases() -> list[tuple[str, str, str, str]]:
    """(endpoint, role, language, reason) of every known bug, each language spelled out."""
    cases = []
    for (endpoint, role, lang), reason in KNOWN_BUGS.items():
        for one in LANGUAGES if lang == "*" else (lang,):
            cases.append((endpoint, role, one, reason))
    return sorted(cases)


def summary(stats: Counter) -> str:
    """E.g. "38 pages × 8 roles × 2 languages = 608 cases; 200: 262, 302: 98, 403: 248; …"."""
    walked = [key.split()[1:] for key in stats if key.startswith("walked ")]
    roles, langs = {r for r, _ in walked}, {lang for _, lang in walked}
    statuses = ", ".join(f"{k.split()[1]}: {n}" for k, n in sorted(stats.items()) if k.startswith("status "))
    return (
        f"{stats['pages']} pages × {len(roles)} roles × {len(langs)} languages = {stats['cases']} cases; "
        f"statuses {statuses}; known bugs left to strict xfails: {stats['known bugs (strict xfail)']}"
        + (
            f"; security headers and inline code checked on {stats['security checked']} answers, "
            f"{stats['security failing']} failing"
            if stats["security checked"]
            else ""
        )
        + (
            f"; CSP refusals in the browser: {stats['CSP violations']} on "
            f"{stats['pages checked for CSP violations']} pages"
            if stats["pages checked for CSP violations"]
            else ""
        )
    )
