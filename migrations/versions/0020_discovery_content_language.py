"""The language a squad writes a discovery's own words in

- discoveries.content_language: 'en' (the default, and every discovery so far) or 'cy'. Pages in
  the other language mark the discovery's description, themes, needs, journey maps and backlog
  with ``lang`` so screen readers read them in the right voice.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 06:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("discoveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content_language", sa.String(length=2), nullable=False, server_default="en")
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_discoveries_content_language"), "content_language IN ('en', 'cy')"
        )


def downgrade():
    with op.batch_alter_table("discoveries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_discoveries_content_language"), type_="check")
        batch_op.drop_column("content_language")
