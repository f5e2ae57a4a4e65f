"""Withdrawn participants keep only a pseudonym: segment and preferred language may be empty

When consent is withdrawn everything about the participant except the pseudonym, the
withdrawal date and reason, and who recorded it is erased, so the two columns that were
NOT NULL become nullable and their CHECK constraints allow NULL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

SEGMENTS = "('resident', 'unpaid_carer', 'social_worker', 'provider', 'council_staff', 'third_sector')"
LANGUAGES = "('en', 'cy')"


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_participants_segment'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_participants_preferred_language'), type_='check')
        batch_op.alter_column('segment', existing_type=sa.String(length=20), nullable=True)
        batch_op.alter_column('preferred_language', existing_type=sa.String(length=2), nullable=True)
        batch_op.create_check_constraint(
            batch_op.f('ck_participants_segment'), f"segment IS NULL OR segment IN {SEGMENTS}"
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_participants_preferred_language'),
            f"preferred_language IS NULL OR preferred_language IN {LANGUAGES}",
        )


def downgrade():
    # Erased participants have no segment or language; give them the old defaults back.
    op.execute("UPDATE participants SET segment = 'resident' WHERE segment IS NULL")
    op.execute("UPDATE participants SET preferred_language = 'en' WHERE preferred_language IS NULL")
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_participants_segment'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_participants_preferred_language'), type_='check')
        batch_op.alter_column('segment', existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column('preferred_language', existing_type=sa.String(length=2), nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_participants_segment'), f"segment IN {SEGMENTS}")
        batch_op.create_check_constraint(
            batch_op.f('ck_participants_preferred_language'), f"preferred_language IN {LANGUAGES}"
        )
