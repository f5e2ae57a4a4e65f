"""Finding vectors: each finding's meaning, computed once per embedder and kept

- finding_vectors: one row per finding and embedder, with the hash of the text it was computed
  from; removed with its finding (and so with a withdrawn participant's findings).
- discoveries.embedder: how the app reads a discovery's findings (existing ones: MiniLM).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 14:17:10.006239

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('finding_vectors',
    sa.Column('finding_id', sa.Uuid(), nullable=False),
    sa.Column('embedder', sa.String(length=40), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('dimensions', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_finding_vectors_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_finding_vectors_finding_id_findings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('finding_id', 'embedder', name=op.f('pk_finding_vectors'))
    )
    with op.batch_alter_table('finding_vectors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_vectors_discovery_id'), ['discovery_id'], unique=False)

    with op.batch_alter_table('discoveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('embedder', sa.String(length=40), server_default='minilm', nullable=False))



def downgrade():
    with op.batch_alter_table('discoveries', schema=None) as batch_op:
        batch_op.drop_column('embedder')

    with op.batch_alter_table('finding_vectors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_vectors_discovery_id'))

    op.drop_table('finding_vectors')
