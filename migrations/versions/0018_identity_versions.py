"""Participant identities are versioned: two researchers editing one real name never overwrite each other

- participant_identities.version: the version_id_col of optimistic locking, as on participants,
  notes, tags and findings. The identity form carries it; a save against an older version (or
  after someone else added or removed the identity) is refused with the details as saved now.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 03:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant_identities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('participant_identities', schema=None) as batch_op:
        batch_op.drop_column('version')
