"""Crash safety: tags versioned for concurrent edits, uploads recognised by content hash

- tags.version, findings.version: the version_id_col of optimistic locking, so two people
  editing one tag or finding cannot silently overwrite each other.
- research_notes.source_sha256, pending_imports.source_sha256: sha256 of an uploaded transcript,
  so uploading the same file again is recognised.
- imported_files: findings, codebook, backlog and .qdpx files imported, by sha256.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 02:11:26.131934

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('imported_files',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('imported_by_id', sa.Uuid(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_imported_files_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_imported_files_imported_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_files')),
    sa.UniqueConstraint('discovery_id', 'kind', 'sha256', name=op.f('uq_imported_files_discovery_id_kind_sha256'))
    )
    with op.batch_alter_table('imported_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_files_discovery_id'), ['discovery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_files_imported_by_id'), ['imported_by_id'], unique=False)

    with op.batch_alter_table('pending_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_sha256', sa.String(length=64), nullable=True))

    with op.batch_alter_table('research_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_sha256', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_research_notes_source_sha256'), ['source_sha256'], unique=False)

    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))



def downgrade():
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('research_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_research_notes_source_sha256'))
        batch_op.drop_column('source_sha256')

    with op.batch_alter_table('pending_imports', schema=None) as batch_op:
        batch_op.drop_column('source_sha256')

    with op.batch_alter_table('imported_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_files_imported_by_id'))
        batch_op.drop_index(batch_op.f('ix_imported_files_discovery_id'))

    op.drop_table('imported_files')
