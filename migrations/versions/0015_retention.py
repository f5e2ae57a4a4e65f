"""Retention: hand-chosen retention dates, and notices that a participant's data will be deleted

- participants.retain_until_chosen: true when a researcher set retain_until by hand, so a new
  discovery end date recomputes only the defaults.
- retention_notices: one row per participant and retention date, recorded the first time
  researchers were told the data will be deleted (a month before).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 02:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retain_until_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Until now the default was two years after consent: any other date was typed in by hand.
    participants = sa.table(
        "participants",
        sa.column("id", sa.Uuid()),
        sa.column("consent_date", sa.Date()),
        sa.column("retain_until", sa.Date()),
        sa.column("retain_until_chosen", sa.Boolean()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(participants.c.id, participants.c.consent_date, participants.c.retain_until).where(
            participants.c.retain_until.is_not(None)
        )
    ).all()
    for participant_id, consent_date, retain_until in rows:
        if consent_date is None or retain_until != _two_years_after(consent_date):
            bind.execute(
                sa.update(participants)
                .where(participants.c.id == participant_id)
                .values(retain_until_chosen=True)
            )
    op.create_table(
        "retention_notices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("discovery_id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["discovery_id"],
            ["discoveries.id"],
            name=op.f("fk_retention_notices_discovery_id_discoveries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_retention_notices_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_notices")),
        sa.UniqueConstraint(
            "participant_id", "retain_until", name=op.f("uq_retention_notices_participant_id_retain_until")
        ),
    )
    with op.batch_alter_table("retention_notices", schema=None) as batch_op:
        for column in ("discovery_id", "participant_id"):
            batch_op.create_index(batch_op.f(f"ix_retention_notices_{column}"), [column], unique=False)


def _two_years_after(day):
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


def downgrade():
    op.drop_table("retention_notices")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("retain_until_chosen")
