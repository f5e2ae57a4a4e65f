"""What the summary pages, exports and the command line read and write.

A draft is the live summary (built from the evidence on every read) plus the squad's narrative
(``SummaryDraft``). Publishing freezes both into a numbered ``SummaryVersion``. Leads read
published versions only; the squad reads the draft too (``EDIT_SUMMARY``).

Withdrawal (``amend_for_withdrawal``, called in the erasing transaction): drafts need nothing,
they are built from what consent allows; each published version whose counts used the
participant is marked amended with the date, and the participant's quotes are removed from it.
Export files are deleted, since they may hold those quotes.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import abort
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from discovery.core import audit
from discovery.core.columns import aware, utcnow
from discovery.core.models import Authority, Discovery, ResearchQuestion, User
from discovery.extensions import db
from discovery.summaries import builder
from discovery.summaries import content as c
from discovery.summaries.models import SummaryDraft, SummaryExport, SummaryVersion, question_themes
from discovery.themes.models import Theme
from research_notes.models import Finding, Participant

NARRATIVE_MAX = 6000
"""Characters in one narrative section: about two pages, more than a summary should need."""
EXPORT_KEPT = timedelta(days=1)


class SummaryError(ValueError):
    """A change that cannot be made; the message says why."""


class StaleNarrativeError(SummaryError):
    """Someone else saved the narrative since the form was opened."""


class NothingChangedError(SummaryError):
    """Publishing now would make a version identical to the latest one."""


class PublishClashError(SummaryError):
    """Someone else published a version at the same moment."""


# The draft ------------------------------------------------------------------------------------


def draft_for(discovery: Discovery) -> SummaryDraft:
    """The discovery's narrative draft; a new, unsaved one when nobody has written any yet."""
    draft = db.session.scalar(sa.select(SummaryDraft).where(SummaryDraft.discovery_id == discovery.id))
    if draft is None:
        draft = SummaryDraft(discovery_id=discovery.id, version=0)
    return draft


def narrative_of(draft: SummaryDraft) -> c.Narrative:
    return c.Narrative(
        **{
            section: {"en": getattr(draft, section) or "", "cy": getattr(draft, f"{section}_cy") or ""}
            for section in c.NARRATIVE_SECTIONS
        }
    )


def field_name(section: str, lang: str) -> str:
    return section if lang == "en" else f"{section}_{lang}"


def clean_section(text: str | None) -> str:
    """Line endings made one kind, trailing spaces and surrounding blank lines removed."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n").strip()


def save_narrative(
    discovery: Discovery, values: dict[str, str], actor: User | None, *, expected_version: int
) -> SummaryDraft:
    """Save the narrative sections (keys like ``key_messages`` and ``key_messages_cy``).

    Refused with ``StaleNarrativeError`` if someone saved since the form opened (version 0 is a
    draft nobody has saved), and ``SummaryError`` for a section over ``NARRATIVE_MAX``.
    """
    draft = draft_for(discovery)
    if draft.version != expected_version:
        raise StaleNarrativeError()
    changed = []
    for section in c.NARRATIVE_SECTIONS:
        for lang in c.LANGUAGES:
            name = field_name(section, lang)
            text = clean_section(values.get(name))
            if len(text) > NARRATIVE_MAX:
                raise SummaryError(f"{name} is longer than {NARRATIVE_MAX} characters")
            if text != (getattr(draft, name) or ""):
                setattr(draft, name, text)
                changed.append(name)
    if not changed:
        return draft
    if draft.version == 0:
        draft.version = None  # the mapper numbers a new row's version itself
        db.session.add(draft)
    draft.updated_by_id = actor.id if actor else None
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        raise StaleNarrativeError() from None
    audit.record("summary_narrative_changed", draft, actor=actor, sections=changed)
    return draft


# Reading ---------------------------------------------------------------------------------------


def _reported_or_404(ev: builder.Evidence, code: str | None) -> Authority | None:
    """The reported authority ``code`` names; None for no code; 404 for any other."""
    if not code:
        return None
    for authority in ev.authorities:
        if authority.code == code:
            return authority
    abort(404)


def live_document(discovery: Discovery, authority_code: str | None = None) -> c.Document:
    """The draft as it stands: built from the evidence now, with the saved narrative."""
    ev, plan = builder.live(discovery)
    authority = _reported_or_404(ev, authority_code)
    whole = builder.build_summary(ev, plan)
    summary = whole if authority is None else builder.build_summary(ev, plan, authority)
    return c.Document(
        summary=summary,
        narrative=narrative_of(draft_for(discovery)),
        comparison=builder.build_comparison(ev, plan, whole.themes),
        version=None,
        authorities=[builder.authority_ref(a) for a in ev.authorities],
    )


def reported_authorities(discovery: Discovery) -> list[Authority]:
    """The authorities a summary reports on (``builder.reported_authorities``)."""
    people = db.session.scalars(sa.select(Participant).where(Participant.discovery_id == discovery.id))
    return builder.reported_authorities(discovery, list(people))


def versions(discovery: Discovery) -> list[SummaryVersion]:
    """Published versions, newest first."""
    return list(
        db.session.scalars(
            sa.select(SummaryVersion)
            .where(SummaryVersion.discovery_id == discovery.id)
            .order_by(SummaryVersion.number.desc())
        )
    )


def latest_version(discovery: Discovery) -> SummaryVersion | None:
    return db.session.scalar(
        sa.select(SummaryVersion)
        .where(SummaryVersion.discovery_id == discovery.id)
        .order_by(SummaryVersion.number.desc())
        .limit(1)
    )


def version_or_404(discovery: Discovery, number: int) -> SummaryVersion:
    version = db.session.scalar(
        sa.select(SummaryVersion).where(
            SummaryVersion.discovery_id == discovery.id, SummaryVersion.number == number
        )
    )
    if version is None:
        abort(404)
    return version


def snapshot_of(version: SummaryVersion, authority_code: str | None = None) -> c.Snapshot:
    """The frozen version, read with only the one authority's summary a reader asked for: a large
    discovery's snapshot holds a summary per authority, and a page shows one."""
    content = dict(version.content)
    wanted = content.get("by_authority", {})
    content["by_authority"] = {authority_code: wanted[authority_code]} if authority_code in wanted else {}
    return c.from_dict(c.Snapshot, content)


def version_info(version: SummaryVersion) -> c.VersionInfo:
    return c.VersionInfo(
        number=version.number,
        published_at=version.published_at,
        published_by=version.published_by_name,
        amendments=[c.from_dict(c.Amendment, a) for a in version.amendments or []],
    )


def version_document(version: SummaryVersion, authority_code: str | None = None) -> c.Document:
    """A published version as one reader sees it; 404 for an authority it does not hold."""
    code = authority_code or None
    document = snapshot_of(version, code).document(code, version_info(version))
    if document is None:
        abort(404)
    return document


def document_for(
    discovery: Discovery, *, version_number: int | None, authority_code: str | None
) -> c.Document:
    """A published version (by number), or the live draft when ``version_number`` is None."""
    if version_number is None:
        return live_document(discovery, authority_code)
    return version_document(version_or_404(discovery, version_number), authority_code)


# Publishing -----------------------------------------------------------------------------------


def _comparable(content: dict) -> dict:
    """A snapshot without its build time, to tell whether anything a reader sees has changed."""
    found = dict(content)
    found["whole"] = {**found["whole"], "generated_at": None}
    found["by_authority"] = {k: {**v, "generated_at": None} for k, v in found.get("by_authority", {}).items()}
    return found


def publish(discovery: Discovery, actor: User | None) -> SummaryVersion:
    """Freeze the draft as the next numbered version.

    Raises ``NothingChangedError`` when it would repeat the latest version word for word, and
    ``PublishClashError`` when someone else published the same number at the same moment.
    """
    snapshot, participant_ids = builder.build_snapshot(discovery, narrative_of(draft_for(discovery)))
    content = c.to_dict(snapshot)
    latest = latest_version(discovery)
    if latest is not None and _comparable(latest.content) == _comparable(content):
        raise NothingChangedError(latest.number)
    version = SummaryVersion(
        discovery_id=discovery.id,
        number=(latest.number if latest else 0) + 1,
        published_at=utcnow(),
        published_by_id=actor.id if actor else None,
        published_by_name=(actor.display_name if actor else "") or "",
        content=content,
        participant_ids=sorted(str(i) for i in participant_ids),
        amendments=[],
    )
    db.session.add(version)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise PublishClashError() from None
    whole = snapshot.whole
    audit.record(
        "summary_published",
        version,
        actor=actor,
        number=version.number,
        themes=len(whole.themes),
        findings=whole.research.findings,
        participants=whole.research.participants,
        quotes=len(whole.quotes()),
    )
    return version


def evidence_counts(version: SummaryVersion) -> c.Research:
    """How the research stood when the version was published (the versions list's columns)."""
    return c.from_dict(c.Research, version.content["whole"]["research"])


# Withdrawal ------------------------------------------------------------------------------------


def _drop_quotes(summary: dict, finding_ids: set[str]) -> int:
    removed = 0
    for theme in summary.get("themes", []):
        kept = [q for q in theme.get("quotes", []) if q.get("finding_id") not in finding_ids]
        removed += len(theme.get("quotes", [])) - len(kept)
        theme["quotes"] = kept
    return removed


def amend_for_withdrawal(discovery_id: uuid.UUID, finding_ids: set[uuid.UUID]) -> None:
    """Remove a withdrawn participant's quotes from every published version and mark each
    version that used their evidence as amended; delete the discovery's export files."""
    people = {
        str(p)
        for p in db.session.scalars(
            sa.select(Finding.participant_id).where(Finding.id.in_(finding_ids)).distinct()
        )
        if p is not None
    }
    gone = {str(i) for i in finding_ids}
    today = utcnow().date()
    for version in db.session.scalars(
        sa.select(SummaryVersion).where(SummaryVersion.discovery_id == discovery_id)
    ):
        content = copy.deepcopy(version.content)  # a new value, so SQLAlchemy sees the JSON change
        removed = sum(
            _drop_quotes(summary, gone) for summary in [content["whole"], *content["by_authority"].values()]
        )
        used = people & set(version.participant_ids or [])
        if not removed and not used:
            continue
        version.content = content
        version.participant_ids = sorted(set(version.participant_ids or []) - people)
        version.amendments = [
            *(version.amendments or []),
            {"on": today.isoformat(), "quotes_removed": removed},
        ]
        audit.record("summary_version_amended", version, number=version.number, quotes_removed=removed)
    db.session.execute(sa.delete(SummaryExport).where(SummaryExport.discovery_id == discovery_id))


# Leads' home ----------------------------------------------------------------------------------


@dataclass
class LeadRow:
    """A discovery a lead's council takes part in, and its latest published summary if any."""

    discovery: Discovery
    version: SummaryVersion | None
    authorities: list[Authority]
    """The lead's own councils among those taking part."""


def lead_rows(user: User, discoveries: list[Discovery]) -> list[LeadRow]:
    rows = []
    for discovery in discoveries:
        own = [a for a in discovery.authorities if a.id in user.authority_ids]
        rows.append(LeadRow(discovery, latest_version(discovery), own))
    rows.sort(key=lambda r: (r.version is None, -(r.version.published_at.timestamp() if r.version else 0)))
    return rows


# Exports ---------------------------------------------------------------------------------------


def save_export(
    discovery: Discovery, file_format: str, filename: str, data: bytes, actor_id
) -> SummaryExport:
    """Keep a file for its maker to download; files older than ``EXPORT_KEPT`` go as it is saved."""
    forget_old_exports()
    export = SummaryExport(
        discovery_id=discovery.id, format=file_format, filename=filename, data=data, created_by_id=actor_id
    )
    db.session.add(export)
    db.session.flush()
    return export


def export_or_404(discovery: Discovery, export_id: uuid.UUID, user: User) -> SummaryExport:
    """An export file the person made themselves, while it is kept."""
    export = db.session.get(SummaryExport, export_id)
    if (
        export is None
        or export.discovery_id != discovery.id
        or export.created_by_id != user.id
        or aware(export.created_at) < utcnow() - EXPORT_KEPT
    ):
        abort(404)
    return export


def forget_old_exports() -> int:
    """Delete export files past their day: a download link is not an archive of quotes."""
    result = db.session.execute(
        sa.delete(SummaryExport).where(SummaryExport.created_at < utcnow() - EXPORT_KEPT)
    )
    return result.rowcount or 0


def record_export(
    discovery: Discovery,
    *,
    file_format: str,
    lang: str,
    version_number: int | None,
    authority_code: str | None,
    actor: User | None,
    via: str,
) -> None:
    audit.record(
        "summary_exported",
        discovery,
        actor=actor,
        format=file_format,
        language=lang,
        version=version_number if version_number is not None else "draft",
        authority=authority_code or "all",
        via=via,
    )


# Themes that answer a research question -----------------------------------------------------


def accepted_themes(discovery: Discovery) -> list[Theme]:
    return list(
        db.session.scalars(
            sa.select(Theme)
            .where(Theme.discovery_id == discovery.id, Theme.status == "accepted")
            .order_by(Theme.label)
        )
    )


def question_theme_ids(question: ResearchQuestion) -> set[uuid.UUID]:
    return set(
        db.session.scalars(
            sa.select(question_themes.c.theme_id).where(question_themes.c.question_id == question.id)
        )
    )


def set_question_themes(
    discovery: Discovery, question: ResearchQuestion, theme_ids: Iterable[uuid.UUID], actor: User | None
) -> None:
    """Link the question to these accepted themes (others posted are ignored: a theme may have
    been rejected since the form was drawn)."""
    accepted = {t.id: t for t in accepted_themes(discovery)}
    wanted = {i for i in theme_ids if i in accepted}
    before = question_theme_ids(question)
    # Links to themes no longer accepted are kept: they come back if the theme is accepted again.
    keep = {i for i in before if i not in accepted}
    db.session.execute(sa.delete(question_themes).where(question_themes.c.question_id == question.id))
    rows = [{"question_id": question.id, "theme_id": i} for i in sorted(wanted | keep)]
    if rows:
        db.session.execute(sa.insert(question_themes), rows)
    if wanted != before - keep:
        audit.record(
            "research_question_themes_changed",
            question,
            actor=actor,
            themes=sorted(accepted[i].label for i in wanted),
        )
