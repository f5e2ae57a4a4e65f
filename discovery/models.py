"""Imports every area's models so SQLAlchemy's metadata (and Alembic) sees the whole schema."""

from discovery.accounts.models import AccountToken
from discovery.backlog.models import BacklogItem
from discovery.core.models import (
    AuditEvent,
    Authority,
    Discovery,
    Hypothesis,
    Job,
    ResearchQuestion,
    SampleTarget,
    User,
)
from discovery.core.sessions import UserSession
from discovery.core.throttle import SignInThrottle
from discovery.journeys.models import JourneyEntry, JourneyMap, JourneyStage
from discovery.needs.models import UserNeed
from discovery.summaries.models import SummaryDraft, SummaryExport, SummaryVersion, question_themes
from discovery.themes.models import ClusterRun, Theme, ThemeChange, ThemeMembership
from research_notes import search_index  # noqa: F401  (creates search indexes with the schema)
from research_notes.finding_vectors.models import FindingVector
from research_notes.models import (
    Finding,
    Participant,
    ParticipantIdentity,
    PendingImport,
    ResearchNote,
    Tag,
    Utterance,
)

__all__ = [
    "AccountToken",
    "Authority",
    "AuditEvent",
    "BacklogItem",
    "ClusterRun",
    "Discovery",
    "Finding",
    "FindingVector",
    "Hypothesis",
    "Job",
    "SummaryDraft",
    "SummaryExport",
    "SummaryVersion",
    "question_themes",
    "JourneyEntry",
    "JourneyMap",
    "JourneyStage",
    "Participant",
    "ParticipantIdentity",
    "PendingImport",
    "SignInThrottle",
    "ResearchNote",
    "ResearchQuestion",
    "SampleTarget",
    "Tag",
    "Theme",
    "ThemeChange",
    "ThemeMembership",
    "User",
    "UserNeed",
    "UserSession",
    "Utterance",
]
