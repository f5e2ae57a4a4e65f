"""PostgreSQL keeps each note's search vector in a stored column, so searching notes does not
compute every note's tsvector again (SQLite's FTS5 index needs nothing)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 02:45:00

"""

from alembic import op

from research_notes import search_index

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in search_index.POSTGRES_NOTES_VECTOR:
            op.execute(statement)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in search_index.POSTGRES_NOTES_VECTOR_DROP:
            op.execute(statement)
