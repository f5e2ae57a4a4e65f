"""A person's chosen language is saved with their account, not only in one browser's session

- users.preferred_language: 'en', 'cy', or NULL until the person uses the English/Cymraeg
  switch. Signing in makes it the session's language, on any device.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preferred_language', sa.String(length=2), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f('ck_users_preferred_language'),
            "preferred_language IS NULL OR preferred_language IN ('en', 'cy')",
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_preferred_language'), type_='check')
        batch_op.drop_column('preferred_language')
