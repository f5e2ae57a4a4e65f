"""How long a participant's data is kept, the notice before it goes, and the purge when it has.

- Each participant has ``retain_until``: by default ``RETENTION_DAYS`` (730) after the
  discovery's end date, or after consent while the discovery has no end date. A date a
  researcher typed in (``retain_until_chosen``) is theirs: a new end date recomputes only
  the defaults.
- ``RETENTION_NOTICE_DAYS`` (30) before that date, the researchers who can act on the
  participant (those managing participants in the discovery, of the participant's own
  authority) see a notice. The first time a notice is raised for a participant and date it is
  recorded in ``retention_notices`` and audited once, however often the page is viewed.
- Once the date has passed, ``purge_expired`` erases the participant through exactly the code
  that erases on consent withdrawal (``erasure.withdraw_and_erase``), with the reason
  "retention period ended" and no person as the actor (the audit says "system"), so what is
  left afterwards is what withdrawal leaves: the pseudonym and the record of the erasure.

A participant whose plain notes are shared with others cannot be erased without a researcher
editing those notes first (see ``erasure``): the purge leaves them, reports them as blocked, and
tries again on its next run.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from discovery.core import audit
from discovery.core.models import Discovery, User
from discovery.core.permissions import Capability, can
from discovery.extensions import db
from research_notes.models import Participant, RetentionNotice
from research_notes.participants import erasure
from research_notes.participants.services import default_retain_until

PURGE_TASK, PENDING_IMPORTS_TASK = "retention-purge", "pending-imports-purge"

# Stored as the withdrawal's reason: a record, in the language the audit log is kept in.
RETENTION_REASON = "retention period ended"


def _today() -> date:
    return date.today()


def notice_days() -> int:
    return current_app.config["RETENTION_NOTICE_DAYS"]


def period_text() -> str:
    """RETENTION_DAYS for people: "2 years" for 730, "90 days" for 90."""
    days = current_app.config["RETENTION_DAYS"]
    if days and days % 365 == 0:
        return ngettext("%(num)d year", "%(num)d years", days // 365)
    return ngettext("%(num)d day", "%(num)d days", days)


# Defaults ----------------------------------------------------------------------------------


def recompute_defaults(discovery: Discovery) -> int:
    """Give every participant whose date is a default the new default; returns how many changed.

    Called in the transaction that changes the discovery's end date. Dates researchers chose
    and withdrawn (erased) participants are left alone.
    """
    changed = 0
    query = select(Participant).where(
        Participant.discovery_id == discovery.id,
        Participant.consent_withdrawn_at.is_(None),
        Participant.retain_until_chosen.is_(False),
    )
    for participant in db.session.scalars(query):
        new = default_retain_until(discovery, participant.consent_date)
        if new != participant.retain_until:
            participant.retain_until = new
            changed += 1
    if changed:
        db.session.flush()
        audit.record(
            "retention_dates_recomputed", discovery, end_date=discovery.end_date, participants=changed
        )
    return changed


# Who is due --------------------------------------------------------------------------------


def _held():
    return Participant.consent_withdrawn_at.is_(None)


def expired(today: date | None = None) -> list[Participant]:
    """Participants in every discovery whose retention date has passed (before ``today``)."""
    today = today or _today()
    query = (
        select(Participant)
        .where(_held(), Participant.retain_until.is_not(None), Participant.retain_until < today)
        .options(selectinload(Participant.discovery))
        .order_by(Participant.retain_until, Participant.discovery_id, Participant.pseudonym)
    )
    return list(db.session.scalars(query))


def upcoming(
    today: date | None = None, *, discovery: Discovery | None = None, days: int | None = None
) -> list[Participant]:
    """Participants whose data goes within the notice period: today ≤ retain_until ≤ today + days."""
    today = today or _today()
    days = notice_days() if days is None else days
    query = (
        select(Participant)
        .where(
            _held(),
            Participant.retain_until.is_not(None),
            Participant.retain_until >= today,
            Participant.retain_until <= today + timedelta(days=days),
        )
        .options(selectinload(Participant.discovery))
        .order_by(Participant.retain_until, Participant.pseudonym)
    )
    if discovery is not None:
        query = query.where(Participant.discovery_id == discovery.id)
    return list(db.session.scalars(query))


def due_soon_ids(discovery: Discovery, today: date | None = None) -> set[uuid.UUID]:
    """The participants list's "data deleted soon" filter: within the notice period or overdue."""
    today = today or _today()
    query = select(Participant.id).where(
        Participant.discovery_id == discovery.id,
        _held(),
        Participant.retain_until.is_not(None),
        Participant.retain_until <= today + timedelta(days=notice_days()),
    )
    return set(db.session.scalars(query))


# Notices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """Some participants' data will be deleted on one date."""

    retain_until: date
    count: int


def can_act_on(user: User, participant: Participant) -> bool:
    """Researchers who manage the discovery's participants and belong to the participant's authority.

    A participant recorded under another organisation (no authority) is everyone's to act on.
    """
    if not can(user, Capability.MANAGE_PARTICIPANTS, participant.discovery):
        return False
    return participant.authority_id is None or participant.authority_id in user.authority_ids


def notices_for(user: User, discovery: Discovery, today: date | None = None) -> list[Notice]:
    """What this person should be told about data in this discovery that will soon be deleted.

    Raises (records) the notice for each participant the first time it is shown for its date.
    """
    due = [p for p in upcoming(today, discovery=discovery) if can_act_on(user, p)]
    if not due:
        return []
    raise_notices(due)
    counts: dict[date, int] = {}
    for participant in due:
        counts[participant.retain_until] = counts.get(participant.retain_until, 0) + 1
    return [Notice(day, n) for day, n in sorted(counts.items())]


def raise_notices(participants: list[Participant]) -> int:
    """Record that each participant's notice was raised, once per retention date; audit new ones.

    ``INSERT … ON CONFLICT DO NOTHING`` makes two requests showing the same notice at the same
    moment record it once between them. Returns how many notices were new.
    """
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    new = 0
    for participant in participants:
        statement = (
            insert(RetentionNotice)
            .values(
                id=uuid.uuid4(),
                discovery_id=participant.discovery_id,
                participant_id=participant.id,
                retain_until=participant.retain_until,
                raised_at=datetime.now(UTC),
            )
            .on_conflict_do_nothing(index_elements=["participant_id", "retain_until"])
        )
        if db.session.execute(statement).rowcount:
            new += 1
            audit.record(
                "retention_notice_raised",
                participant,
                actor=None,
                pseudonym=participant.pseudonym,
                retain_until=participant.retain_until,
            )
    return new


def notice_count(participant: Participant) -> int:
    """How many notices were recorded for this participant (for tests and the audit)."""
    return db.session.scalar(
        select(func.count())
        .select_from(RetentionNotice)
        .where(RetentionNotice.participant_id == participant.id)
    )


# The purge ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One participant the purge erased, would erase, or could not."""

    pseudonym: str
    discovery: str
    retain_until: date
    participant_id: uuid.UUID


@dataclass
class PurgeReport:
    dry_run: bool
    purged: list[Due] = field(default_factory=list)
    blocked: list[Due] = field(default_factory=list)
    upcoming: list[Due] = field(default_factory=list)
    pending_imports: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "purged": len(self.purged),
            "blocked": len(self.blocked),
            "upcoming": len(self.upcoming),
            "pending_imports": self.pending_imports,
        }


def _due(participant: Participant) -> Due:
    return Due(participant.pseudonym, participant.discovery.title, participant.retain_until, participant.id)


def purge_expired(
    *,
    dry_run: bool = False,
    today: date | None = None,
    now: datetime | None = None,
    commit: Callable[[], None] | None = None,
) -> PurgeReport:
    """Erase every participant whose retention date has passed, and stale pending uploads.

    ``commit`` is called after each participant (the command and the scheduled job pass the
    session's commit), so one participant that cannot be erased does not hold back the rest
    and a run killed half-way has erased whole participants only; running again finishes the
    job and erases nothing twice. With ``dry_run`` nothing is changed and nothing committed.
    """
    from research_notes.notes.services import PENDING_IMPORT_LIFETIME, purge_stale_imports

    today = today or _today()
    report = PurgeReport(dry_run=dry_run)
    report.upcoming = [_due(p) for p in upcoming(today)]
    for participant in expired(today):
        due = _due(participant)
        if dry_run:
            plan = erasure.plan_erasure(participant)
            (report.blocked if plan.blocked else report.purged).append(due)
            continue
        try:
            erasure.withdraw_and_erase(participant, RETENTION_REASON, None)
        except erasure.SharedNotesNeedEditingError:
            report.blocked.append(due)
            continue
        report.purged.append(due)
        if commit:
            commit()
    if dry_run:
        cutoff = (now or datetime.now(UTC)) - PENDING_IMPORT_LIFETIME
        report.pending_imports = stale_import_count(cutoff)
    else:
        report.pending_imports = purge_stale_imports(now)
        if report.purged or report.pending_imports:
            audit.record("retention_purge_run", actor=None, by="system", **report.counts())
        if commit:
            commit()
    return report


def stale_import_count(cutoff: datetime) -> int:
    from research_notes.models import PendingImport

    return db.session.scalar(
        select(func.count()).select_from(PendingImport).where(PendingImport.created_at < cutoff)
    )


def purge_pending_imports(now: datetime | None = None) -> int:
    """Delete uploads waiting for review longer than their limit (24 hours)."""
    from research_notes.notes.services import purge_stale_imports

    return purge_stale_imports(now)


# On a schedule (RQ, when Redis is configured; cron otherwise) ---------------------------------


def scheduled_purge() -> dict[str, int]:
    """The daily run: the purge, committing after each participant."""
    return purge_expired(commit=db.session.commit).counts()


def scheduled_pending_imports_purge() -> dict[str, int]:
    """The hourly run: uploads left waiting for review longer than their limit (the scheduler
    commits when it returns)."""
    return {"pending_imports": purge_pending_imports()}


def register_schedule(app) -> None:
    from discovery.jobs.schedule import DAILY, HOURLY, ScheduledTask, register_scheduled

    register_scheduled(app, ScheduledTask(PURGE_TASK, DAILY, scheduled_purge, at=time(2, 15)))
    register_scheduled(
        app, ScheduledTask(PENDING_IMPORTS_TASK, HOURLY, scheduled_pending_imports_purge, at=time(0, 5))
    )
