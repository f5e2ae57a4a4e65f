"""Plain records for the demo discovery, kept apart from the ORM so the content can be read and
checked (tests assert every finding quote occurs in its note) without an app."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DemoAuthority:
    code: str  # e.g. "NPT"
    name: str  # e.g. "Neath Port Talbot Council"
    name_cy: str  # e.g. "Cyngor Castell-nedd Port Talbot"
    kind: str  # "council" or "partner"


@dataclass(frozen=True)
class DemoUser:
    email: str
    display_name: str
    role: str  # "admin", "researcher", "squad_member", "authority_lead"
    authority_codes: tuple[str, ...]


@dataclass(frozen=True)
class DemoParticipant:
    pseudonym: str  # "P01"…
    segment: str  # one of discovery.core.vocab.SEGMENTS keys
    authority_code: str
    age_band: str | None  # one of AGE_BANDS keys or None
    digital_confidence: str | None  # "none", "low", "medium", "high" or None
    preferred_language: str  # "en" or "cy"
    access_needs: str  # free text, may be ""
    consent_date: date
    consent_scope: tuple[str, ...]  # subset of ("notes", "audio", "quotes")


@dataclass(frozen=True)
class DemoFinding:
    quote: str  # must occur verbatim in the note body
    kind: str  # "pain_point", "need", "goal", "behaviour", "quote", "positive"
    tags: tuple[str, ...]  # tag names from DEMO_CODEBOOK
    journey_stage: str | None = None  # one of JOURNEY_STAGES or None


@dataclass(frozen=True)
class DemoNote:
    key: str  # stable identifier used for idempotent loading, e.g. "npt-p01-interview"
    title: str
    held_on: date
    method: str  # "interview", "focus_group", "observation", "contextual_inquiry", "usability_test", "survey"
    channel: str  # "in_person", "phone", "video", "home_visit"
    language: str  # "en" or "cy"
    participants: tuple[str, ...]  # pseudonyms
    researcher_email: str
    body: str
    findings: tuple[DemoFinding, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DemoTag:
    name: str
    description: str
    colour: str  # a GOV.UK tag colour: one of discovery.core.vocab.TAG_COLOURS
    parent: str | None = None
