"""Full-text search over notes and findings (SQLite FTS5 or PostgreSQL GIN indexes)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 12:50:00

"""

from alembic import op

from research_notes import search_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    search_index.install(op.get_bind())


def downgrade():
    search_index.uninstall(op.get_bind())
